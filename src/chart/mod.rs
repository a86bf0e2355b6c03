//! Charts: a plotters backend that draws into the Frame, and the chart kinds.
//!
//! [`draw`] lays a chart out inside a rectangle of the page and draws it
//! through plotters (drawing-area elements: `Rectangle`, `PathElement`,
//! `Pie`, `Circle`, `Polygon`, `Text`) onto [`FrameBackend`], which turns
//! every element into vector paths and text runs in the embedded faces.
//!
//! Design rules the layouts follow:
//! - every value is labelled directly (bar ends, points, slices), and a
//!   legend names the series when there is more than one, so colour never
//!   carries information alone;
//! - the default palette steps in luminance between neighbours, so series
//!   stay apart in grayscale, and every colour has 3:1 contrast on white;
//! - labels sit on white, in the text colour (4.5:1 or better);
//! - no text is smaller than [`MIN_TEXT_SIZE`];
//! - hotline counts of 1 or 2 are never printed ([`undisclosed`]).

pub mod backend;
mod bars;
mod line;
mod pie;
#[cfg(test)]
mod tests;

use std::fmt;

use plotters::coord::Shift;
use plotters::prelude::{
    Circle, DrawingArea, FontDesc, IntoDrawingArea, PathElement, Pie, Polygon, RGBColor, Rectangle,
    ShapeStyle, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontFamily, FontStyle};

pub use backend::{FrameBackend, NodeSwitch};

use crate::fonts::{self, Face, FontSet};
use crate::frame::{Frame, NodeId, Point, Rect, Rgb};

/// No chart text is set smaller than this, in points.
pub const MIN_TEXT_SIZE: f32 = 7.0;

pub use crate::rules::{undisclosed, MIN_LUMINANCE_STEP, UNDISCLOSED_LABEL};

/// Gridlines (decoration).
const GRID: Rgb = Rgb(0xD9, 0xD9, 0xD9);
/// The zero line of a value axis (decoration).
const AXIS: Rgb = Rgb(0x59, 0x59, 0x59);
/// Text colour used when the requested one is too light to read on white.
const FALLBACK_TEXT: Rgb = Rgb(0x1A, 0x1A, 0x1A);

/// The chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    HorizontalBar,
    VerticalBar,
    GroupedBar,
    Donut,
    Pie,
    Line,
}

impl ChartKind {
    fn name(self) -> &'static str {
        match self {
            ChartKind::HorizontalBar => "horizontal bar chart",
            ChartKind::VerticalBar => "vertical bar chart",
            ChartKind::GroupedBar => "grouped bar chart",
            ChartKind::Donut => "donut chart",
            ChartKind::Pie => "pie chart",
            ChartKind::Line => "line chart",
        }
    }

    fn single_series(self) -> bool {
        !matches!(self, ChartKind::GroupedBar | ChartKind::Line)
    }
}

/// One data series: a value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// What to draw.
#[derive(Debug, Clone)]
pub struct ChartSpec<'a> {
    pub kind: ChartKind,
    /// Drawn at the top of the area (bold) when `Some`; `None` when the
    /// layout draws the heading itself.
    pub title: Option<&'a str>,
    /// Bar labels, slice labels or x values (years).
    pub categories: &'a [String],
    /// One series for simple bars, pie and donut; one or more for grouped
    /// bars and lines.
    pub series: &'a [Series],
    /// A small source line at the bottom.
    pub source: Option<&'a str>,
    /// Empty → [`default_palette`].
    pub palette: &'a [Rgb],
    /// Base label size in points (raised to [`MIN_TEXT_SIZE`]).
    pub text_size: f32,
    pub text_color: Rgb,
    /// The faces text is set in.
    pub fonts: FontSet,
    /// The fixed wording the chart prints.
    pub labels: ChartLabels<'a>,
}

/// The fixed wording a chart prints, so a sheet in another language is a
/// profile, not a code change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartLabels<'a> {
    /// Printed instead of a count of 1 or 2.
    pub undisclosed: &'a str,
    /// Introduces the zero-valued categories a pie or donut leaves out.
    pub not_shown: &'a str,
}

impl Default for ChartLabels<'_> {
    fn default() -> Self {
        Self {
            undisclosed: UNDISCLOSED_LABEL,
            not_shown: "Not shown",
        }
    }
}

/// What [`draw`] reports back.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOutput {
    /// A sentence stating what the chart shows, numbers included.
    pub alt: String,
    /// The box around everything drawn.
    pub bounds: Rect,
}

/// Why a chart could not be drawn. Nothing is left in the Frame on error.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartError {
    /// No categories, no series, or an empty series.
    Empty(String),
    /// A value below zero (or not a number).
    Negative {
        series: String,
        category: String,
        value: f64,
    },
    /// A pie or donut whose values are all zero.
    AllZero { series: String },
    /// A series with a different number of values than there are categories.
    Mismatch {
        series: String,
        values: usize,
        categories: usize,
    },
    /// More than one series for a kind that shows one.
    TooManySeries { kind: ChartKind, series: usize },
    /// The area is not tall enough for the chart's text and shapes.
    TooSmall { needed_height: f32 },
    /// plotters reported a drawing failure (a defect, not a data problem).
    Drawing(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Empty(what) => write!(
                f,
                "The chart has no data: {what}. Give at least one category and one value per category."
            ),
            ChartError::Negative {
                series,
                category,
                value,
            } => write!(
                f,
                "Series \"{series}\" has {value} for \"{category}\"; chart values must be counts of zero or more, so correct that value."
            ),
            ChartError::AllZero { series } => write!(
                f,
                "Every value of series \"{series}\" is zero, so there is nothing to divide into slices; use a bar chart or leave the chart out."
            ),
            ChartError::Mismatch {
                series,
                values,
                categories,
            } => write!(
                f,
                "Series \"{series}\" has {values} values but there are {categories} categories; give exactly one value per category."
            ),
            ChartError::TooManySeries { kind, series } => write!(
                f,
                "A {} shows one series but {series} were given; use a grouped bar or line chart for several series.",
                kind.name()
            ),
            ChartError::TooSmall { needed_height } => write!(
                f,
                "The chart area is too small for its labels; make it at least {needed_height:.1} pt tall (or shorten the labels)."
            ),
            ChartError::Drawing(msg) => write!(f, "Drawing the chart failed: {msg}."),
        }
    }
}

impl std::error::Error for ChartError {}

/// The default series colours: navy, orange, teal, plum, sky blue, red.
///
/// They cycle dark / light / middle in luminance, so each colour differs
/// from both neighbours (the last wrapping round to the first, as pie slices
/// do) by at least [`MIN_LUMINANCE_STEP`], and each has at least 3:1
/// contrast against white.
pub fn default_palette() -> &'static [Rgb] {
    const PALETTE: [Rgb; 6] = [
        Rgb(0x17, 0x32, 0x50), // navy, L 0.030
        Rgb(0xDD, 0x78, 0x20), // orange, L 0.289
        Rgb(0x29, 0x7B, 0x79), // teal, L 0.160
        Rgb(0x51, 0x1F, 0x40), // plum, L 0.031
        Rgb(0x4B, 0x99, 0xD2), // sky blue, L 0.289
        Rgb(0xCD, 0x38, 0x38), // red, L 0.161
    ];
    &PALETTE
}

/// Value labels must not rise above the plot: the first few times they do,
/// adds the headroom they need and says to draw again (`true`); after that,
/// reports the height the chart needs.
pub(crate) fn retry_for_headroom(
    labels: &[(String, Rect)],
    body: Rect,
    attempt: usize,
    headroom: &mut f32,
) -> Result<bool, ChartError> {
    let highest = labels
        .iter()
        .map(|(_, r)| r.y)
        .fold(f32::INFINITY, f32::min);
    if highest >= body.y - 0.01 {
        return Ok(false);
    }
    if attempt < 4 {
        *headroom += body.y - highest;
        return Ok(true);
    }
    Err(ChartError::TooSmall {
        needed_height: body.height + (body.y - highest),
    })
}

/// A number with thousands separators: 26727 → "26,727", 3.25 → "3.3".
pub fn format_number(value: f64) -> String {
    let rounded = value.round();
    let (int, frac) = if (value - rounded).abs() < 1e-9 {
        (rounded.abs() as u64, None)
    } else {
        let tenths = (value.abs() * 10.0).round() as u64;
        (tenths / 10, Some(tenths % 10))
    };
    let digits = int.to_string();
    let mut out = String::new();
    if value < 0.0 && (int > 0 || frac.is_some_and(|f| f > 0)) {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f.to_string());
    }
    out
}

/// A count as labelled: undisclosed counts read `undisclosed_label`
/// ([`UNDISCLOSED_LABEL`] by default).
pub fn format_count(value: f64, undisclosed_label: &str) -> String {
    if undisclosed(value) {
        undisclosed_label.to_string()
    } else {
        format_number(value)
    }
}

/// Whole percentages of the total that add up to exactly 100
/// (largest-remainder rounding; ties go to the larger value, then the
/// earlier one). All zeros give all zeros.
pub fn percentages(values: &[f64]) -> Vec<u32> {
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return vec![0; values.len()];
    }
    let exact: Vec<f64> = values.iter().map(|v| v / total * 100.0).collect();
    let mut out: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let short = 100u32.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra)
            .then(values[b].total_cmp(&values[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take(short as usize) {
        out[i] += 1;
    }
    out
}

/// Draws `spec` inside `area` of `frame`. Chart content is tagged with
/// `node`, gridlines and axis rules are decoration (`None`).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    spec: &ChartSpec,
    node: Option<NodeId>,
) -> Result<ChartOutput, ChartError> {
    validate(spec)?;
    let start = frame.items.len();
    let result = draw_unchecked(frame, area, spec, node);
    match result {
        Ok(()) => {
            let bounds = frame.items[start..]
                .iter()
                .map(|item| Frame::bounds(&item.content))
                .reduce(|a, b| a.union(&b))
                .unwrap_or(Rect::new(area.x, area.y, 0.0, 0.0));
            Ok(ChartOutput {
                alt: alt_text(spec),
                bounds,
            })
        }
        Err(e) => {
            frame.items.truncate(start);
            Err(e)
        }
    }
}

fn draw_unchecked(
    frame: &mut Frame,
    area: Rect,
    spec: &ChartSpec,
    node: Option<NodeId>,
) -> Result<(), ChartError> {
    let backend = FrameBackend::new(frame, area, node, spec.fonts);
    let switch = backend.node_switch();
    let canvas = Canvas {
        da: backend.into_drawing_area(),
        switch,
        content: node,
        origin: Point::new(area.x, area.y),
        fonts: spec.fonts,
    };
    let style = Style::new(spec);
    let palette = if spec.palette.is_empty() {
        default_palette()
    } else {
        spec.palette
    };
    let legend: Vec<LegendEntry> = match spec.kind {
        ChartKind::GroupedBar | ChartKind::Line if spec.series.len() > 1 => spec
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| LegendEntry {
                name: s.name.clone(),
                color: palette[i % palette.len()],
                marker: if spec.kind == ChartKind::Line {
                    Marker::line(i)
                } else {
                    Marker::Swatch
                },
            })
            .collect(),
        _ => Vec::new(),
    };
    let body = chrome(&canvas, area, spec, &style, &legend)?;
    let result = match spec.kind {
        ChartKind::HorizontalBar => bars::horizontal(&canvas, body, spec, &style, palette[0]),
        ChartKind::VerticalBar | ChartKind::GroupedBar => {
            bars::columns(&canvas, body, spec, &style, palette)
        }
        ChartKind::Line => line::draw(&canvas, body, spec, &style, palette),
        ChartKind::Donut | ChartKind::Pie => pie::draw(&canvas, body, spec, &style, palette),
    };
    result.map_err(|e| match e {
        ChartError::TooSmall { needed_height } => ChartError::TooSmall {
            needed_height: area.height - body.height + needed_height,
        },
        other => other,
    })
}

fn validate(spec: &ChartSpec) -> Result<(), ChartError> {
    if spec.categories.is_empty() {
        return Err(ChartError::Empty("there are no categories".into()));
    }
    if spec.series.is_empty() {
        return Err(ChartError::Empty("there are no series".into()));
    }
    if spec.kind.single_series() && spec.series.len() > 1 {
        return Err(ChartError::TooManySeries {
            kind: spec.kind,
            series: spec.series.len(),
        });
    }
    for s in spec.series {
        if s.values.is_empty() {
            return Err(ChartError::Empty(format!(
                "series \"{}\" has no values",
                s.name
            )));
        }
        if s.values.len() != spec.categories.len() {
            return Err(ChartError::Mismatch {
                series: s.name.clone(),
                values: s.values.len(),
                categories: spec.categories.len(),
            });
        }
        for (v, c) in s.values.iter().zip(spec.categories) {
            if !v.is_finite() || *v < 0.0 {
                return Err(ChartError::Negative {
                    series: s.name.clone(),
                    category: c.clone(),
                    value: *v,
                });
            }
        }
        if matches!(spec.kind, ChartKind::Pie | ChartKind::Donut)
            && s.values.iter().all(|v| *v == 0.0)
        {
            return Err(ChartError::AllZero {
                series: s.name.clone(),
            });
        }
    }
    Ok(())
}

/// A series name inside a sentence: "Signals" → "signals", "NGO" stays.
fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

/// The sentence a screen reader gets instead of the picture.
pub fn alt_text(spec: &ChartSpec) -> String {
    let lead = match spec.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            let names: Vec<&str> = spec
                .series
                .iter()
                .map(|s| s.name.trim())
                .filter(|n| !n.is_empty())
                .collect();
            if names.is_empty() {
                "Chart".to_string()
            } else {
                names.join(" and ")
            }
        }
    };
    let lead = lead.trim_end_matches(['.', ':']).to_string();
    let body = match spec.kind {
        ChartKind::GroupedBar | ChartKind::Line if spec.series.len() > 1 => spec
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let parts: Vec<String> = spec
                    .series
                    .iter()
                    .map(|s| {
                        format!(
                            "{} {}",
                            in_sentence(&s.name),
                            format_count(s.values[i], spec.labels.undisclosed)
                        )
                    })
                    .collect();
                format!("{c} {}", parts.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; "),
        ChartKind::Pie | ChartKind::Donut => {
            let values = &spec.series[0].values;
            let pct = percentages(values);
            spec.categories
                .iter()
                .zip(values)
                .zip(pct)
                .map(|((c, &v), p)| {
                    if undisclosed(v) {
                        format!("{c} {}", spec.labels.undisclosed)
                    } else {
                        format!("{c} {} ({p}%)", format_number(v))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
        _ => spec
            .categories
            .iter()
            .zip(&spec.series[0].values)
            .map(|(c, &v)| format!("{c} {}", format_count(v, spec.labels.undisclosed)))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let mut alt = format!("{lead}: {body}.");
    if let Some(source) = spec.source.map(str::trim).filter(|s| !s.is_empty()) {
        alt.push(' ');
        alt.push_str(source);
        if !source.ends_with('.') {
            alt.push('.');
        }
    }
    alt
}

/// Faces, text sizes and colour derived from the spec.
pub(crate) struct Style {
    pub fonts: FontSet,
    /// Labels.
    pub size: f32,
    /// Title.
    pub title_size: f32,
    /// Source line, axis ticks.
    pub small_size: f32,
    pub color: Rgb,
}

impl Style {
    fn new(spec: &ChartSpec) -> Self {
        let size = if spec.text_size.is_finite() {
            spec.text_size.max(MIN_TEXT_SIZE)
        } else {
            7.5
        };
        let color = if spec.text_color.contrast(Rgb::WHITE) >= 4.5 {
            spec.text_color
        } else {
            FALLBACK_TEXT
        };
        Self {
            fonts: spec.fonts,
            size,
            title_size: (size * 1.15).max(MIN_TEXT_SIZE),
            small_size: (size * 0.9).max(MIN_TEXT_SIZE),
            color,
        }
    }
}

/// Height of a text box (ascender to descender) at `size`.
pub(crate) fn line_height(face: Face, size: f32) -> f32 {
    let m = fonts::metrics(face);
    (m.ascent + m.descent) * size
}

pub(crate) fn text_width(face: Face, size: f32, text: &str) -> f32 {
    fonts::width(face, size, text)
}

/// How a legend entry marks its series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Marker {
    /// A filled square (bars).
    Swatch,
    /// A line with a point marker of this shape (line charts).
    Line(Shape),
}

/// Point marker shapes, so line series differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Marker {
    fn line(i: usize) -> Marker {
        Marker::Line(Shape::for_series(i))
    }
}

impl Shape {
    pub fn for_series(i: usize) -> Shape {
        [
            Shape::Circle,
            Shape::Square,
            Shape::Triangle,
            Shape::Diamond,
        ][i % 4]
    }
}

pub(crate) struct LegendEntry {
    pub name: String,
    pub color: Rgb,
    pub marker: Marker,
}

/// Title at the top, legend under it, source line at the bottom; returns
/// the rectangle left for the chart body.
fn chrome(
    c: &Canvas,
    area: Rect,
    spec: &ChartSpec,
    style: &Style,
    legend: &[LegendEntry],
) -> Result<Rect, ChartError> {
    let mut top = area.y;
    let mut bottom = area.bottom();
    if let Some(title) = spec.title.map(str::trim).filter(|t| !t.is_empty()) {
        let (face, size) = (style.fonts.bold, style.title_size);
        let lines = fonts::wrap(face, size, title, area.width);
        top = c.lines(&lines, area.x, top, face, size, style.color, HPos::Left)? + 3.0;
    }
    if !legend.is_empty() {
        top = draw_legend(c, area, top, style, legend)? + 3.0;
    }
    if let Some(source) = spec.source.map(str::trim).filter(|s| !s.is_empty()) {
        let (face, size) = (style.fonts.regular, style.small_size);
        let lines = fonts::wrap(face, size, source, area.width);
        bottom -= line_height(face, size) * lines.len() as f32;
        c.lines(&lines, area.x, bottom, face, size, style.color, HPos::Left)?;
        bottom -= 3.0;
    }
    if bottom - top < 10.0 {
        return Err(ChartError::TooSmall {
            needed_height: area.height + 10.0 - (bottom - top),
        });
    }
    Ok(Rect::new(area.x, top, area.width, bottom - top))
}

/// Lays legend entries out in rows; returns the bottom of the last row.
fn draw_legend(
    c: &Canvas,
    area: Rect,
    top: f32,
    style: &Style,
    legend: &[LegendEntry],
) -> Result<f32, ChartError> {
    let size = style.size;
    let lh = line_height(style.fonts.regular, size);
    let (mut x, mut y) = (area.x, top);
    for entry in legend {
        let key_w = match entry.marker {
            Marker::Swatch => size * 0.9,
            Marker::Line(_) => size * 1.8,
        };
        let text_w = text_width(style.fonts.regular, size, &entry.name);
        let w = key_w + 2.5 + text_w;
        if x > area.x && x + w > area.right() {
            x = area.x;
            y += lh + 1.0;
        }
        let lines = fonts::wrap(
            style.fonts.regular,
            size,
            &entry.name,
            area.right() - x - key_w - 2.5,
        );
        let mid = y + lh / 2.0;
        match entry.marker {
            Marker::Swatch => {
                let s = size * 0.9;
                c.rect(Rect::new(x, mid - s / 2.0, s, s), entry.color)?;
            }
            Marker::Line(shape) => {
                c.polyline(
                    &[Point::new(x, mid), Point::new(x + key_w, mid)],
                    entry.color,
                    1.5,
                    false,
                )?;
                c.marker(
                    Point::new(x + key_w / 2.0, mid),
                    shape,
                    size * 0.3,
                    entry.color,
                )?;
            }
        }
        let face = style.fonts.regular;
        let ty = c.lines(
            &lines,
            x + key_w + 2.5,
            y,
            face,
            size,
            style.color,
            HPos::Left,
        )?;
        let widest = lines
            .iter()
            .map(|line| text_width(face, size, line))
            .fold(0.0, f32::max);
        if lines.len() > 1 {
            // A wrapped entry takes its rows to itself.
            y = ty - lh;
            x = area.right();
        } else {
            x += key_w + 2.5 + widest + 8.0;
        }
    }
    Ok(y + lh)
}

/// A drawing area over the chart's rectangle, addressed in page points.
pub(crate) struct Canvas<'f> {
    da: DrawingArea<FrameBackend<'f>, Shift>,
    switch: NodeSwitch,
    content: Option<NodeId>,
    origin: Point,
    fonts: FontSet,
}

fn plot_color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// The plotters font that [`backend::face_for`] turns back into `face`.
fn font(fonts: &FontSet, face: Face, size: f32) -> FontDesc<'static> {
    let (family, style) = if face == fonts.regular {
        (FontFamily::SansSerif, FontStyle::Normal)
    } else if face == fonts.italic {
        (FontFamily::SansSerif, FontStyle::Italic)
    } else if face == fonts.semibold {
        (FontFamily::Name("semibold"), FontStyle::Normal)
    } else if face == fonts.extrabold && face != fonts.bold {
        (FontFamily::Name("extrabold"), FontStyle::Normal)
    } else {
        (FontFamily::SansSerif, FontStyle::Bold)
    };
    FontDesc::new(family, f64::from(size * backend::UNITS_PER_PT), style)
}

impl Canvas<'_> {
    fn at(&self, p: Point) -> (i32, i32) {
        (
            backend::units(p.x - self.origin.x),
            backend::units(p.y - self.origin.y),
        )
    }

    fn check<T, E: fmt::Debug>(result: Result<T, E>) -> Result<T, ChartError> {
        result.map_err(|e| ChartError::Drawing(format!("{e:?}")))
    }

    /// Runs `f` with items tagged as decoration.
    fn decoration<T>(&self, f: impl FnOnce() -> Result<T, ChartError>) -> Result<T, ChartError> {
        self.switch.set(None);
        let r = f();
        self.switch.set(self.content);
        r
    }

    pub fn rect(&self, r: Rect, color: Rgb) -> Result<(), ChartError> {
        let corners = [
            self.at(Point::new(r.x, r.y)),
            self.at(Point::new(r.right(), r.bottom())),
        ];
        Self::check(
            self.da
                .draw(&Rectangle::new(corners, plot_color(color).filled())),
        )
    }

    pub fn polyline(
        &self,
        points: &[Point],
        color: Rgb,
        width: f32,
        decoration: bool,
    ) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points.iter().map(|&p| self.at(p)).collect();
        let style = ShapeStyle {
            color: plot_color(color).to_rgba(),
            filled: false,
            stroke_width: backend::units(width).max(1) as u32,
        };
        let draw = || Self::check(self.da.draw(&PathElement::new(pts, style)));
        if decoration {
            self.decoration(draw)
        } else {
            draw()
        }
    }

    pub fn polygon(&self, points: &[Point], color: Rgb) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points.iter().map(|&p| self.at(p)).collect();
        Self::check(self.da.draw(&Polygon::new(pts, plot_color(color).filled())))
    }

    /// A point marker of radius about `r`.
    pub fn marker(&self, at: Point, shape: Shape, r: f32, color: Rgb) -> Result<(), ChartError> {
        match shape {
            Shape::Circle => Self::check(self.da.draw(&Circle::new(
                self.at(at),
                backend::units(r),
                plot_color(color).filled(),
            ))),
            Shape::Square => {
                let s = r * 0.9;
                self.rect(Rect::new(at.x - s, at.y - s, 2.0 * s, 2.0 * s), color)
            }
            Shape::Triangle => {
                let s = r * 1.25;
                self.polygon(
                    &[
                        Point::new(at.x, at.y - s),
                        Point::new(at.x + s * 0.95, at.y + s * 0.7),
                        Point::new(at.x - s * 0.95, at.y + s * 0.7),
                    ],
                    color,
                )
            }
            Shape::Diamond => {
                let s = r * 1.25;
                self.polygon(
                    &[
                        Point::new(at.x, at.y - s),
                        Point::new(at.x + s, at.y),
                        Point::new(at.x, at.y + s),
                        Point::new(at.x - s, at.y),
                    ],
                    color,
                )
            }
        }
    }

    /// A pie or donut through plotters' `Pie` element; slices run clockwise
    /// from twelve o'clock. Labels are drawn separately.
    pub fn pie(
        &self,
        center: Point,
        radius: f32,
        hole: f32,
        values: &[f64],
        colors: &[Rgb],
    ) -> Result<(), ChartError> {
        let c = self.at(center);
        let r = f64::from(radius * backend::UNITS_PER_PT);
        let colors: Vec<RGBColor> = colors.iter().map(|&c| plot_color(c)).collect();
        let labels = vec![""; values.len()];
        let mut pie = Pie::new(&c, &r, values, &colors, &labels);
        pie.start_angle(-90.0);
        if hole > 0.0 {
            pie.donut_hole(f64::from(hole * backend::UNITS_PER_PT));
        }
        Self::check(self.da.draw(&pie))
    }

    /// One line of text anchored at (`x`, `y`) by `h` and `v` against its
    /// box; returns the box.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &self,
        text: &str,
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        h: HPos,
        v: VPos,
    ) -> Result<Rect, ChartError> {
        let rgb = plot_color(color);
        let style = font(&self.fonts, face, size)
            .color(&rgb)
            .pos(Pos::new(h, v));
        Self::check(
            self.da
                .draw(&Text::new(text, self.at(Point::new(x, y)), style)),
        )?;
        Ok(text_box(text, x, y, face, size, h, v))
    }

    /// Lines of text stacked down from `top`, each anchored at `x` by `h`;
    /// returns the bottom of the last line.
    #[allow(clippy::too_many_arguments)]
    pub fn lines<S: AsRef<str>>(
        &self,
        lines: &[S],
        x: f32,
        top: f32,
        face: Face,
        size: f32,
        color: Rgb,
        h: HPos,
    ) -> Result<f32, ChartError> {
        let lh = line_height(face, size);
        let mut y = top;
        for line in lines {
            self.text(line.as_ref(), x, y, face, size, color, h, VPos::Top)?;
            y += lh;
        }
        Ok(y)
    }

    /// Value labels placed by the chart, each drawn from its box's top-left.
    pub fn value_labels(
        &self,
        labels: &[(String, Rect)],
        size: f32,
        color: Rgb,
    ) -> Result<(), ChartError> {
        for (text, rect) in labels {
            self.text(
                text,
                rect.x,
                rect.y,
                self.fonts.regular,
                size,
                color,
                HPos::Left,
                VPos::Top,
            )?;
        }
        Ok(())
    }
}

/// The box a [`Canvas::text`] call would occupy.
pub(crate) fn text_box(
    text: &str,
    x: f32,
    y: f32,
    face: Face,
    size: f32,
    h: HPos,
    v: VPos,
) -> Rect {
    let w = text_width(face, size, text);
    let lh = line_height(face, size);
    let left = match h {
        HPos::Left => x,
        HPos::Right => x - w,
        HPos::Center => x - w / 2.0,
    };
    let top = match v {
        VPos::Top => y,
        VPos::Bottom => y - lh,
        VPos::Center => y - lh / 2.0,
    };
    Rect::new(left, top, w, lh)
}

/// "Nice" axis ticks from zero: a 1-2-5 step so that at most `max_ticks`
/// intervals cover `max`. Returns (step, top).
pub(crate) fn nice_ticks(max: f64, max_ticks: usize) -> (f64, f64) {
    let max = if max > 0.0 { max } else { 1.0 };
    let max_ticks = max_ticks.max(1) as f64;
    let raw = max / max_ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| (max / s).ceil() <= max_ticks + 1e-9)
        .unwrap_or(10.0 * mag);
    let step = if max >= 1.0 { step.max(1.0) } else { step };
    (step, (max / step).ceil() * step)
}
