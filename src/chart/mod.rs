//! Charts drawn through plotters' chart API into the Frame.
//!
//! [`draw`] lays one chart out inside a rectangle of the page, filling it,
//! and [`demographics::draw`] draws every demographic group of a sheet as
//! one block on one scale. Both go through `ChartBuilder` and cartesian
//! coordinates (or plotters' `Pie`) onto [`FrameBackend`], which turns
//! what plotters hands it into vector paths and text runs in the embedded
//! faces.
//!
//! Around plotters, this module keeps what a chart library does not know:
//! - every value is labelled directly (bar ends, points, slices), and a
//!   legend names the series when there is more than one, so colour never
//!   carries information alone;
//! - the default palette steps in luminance between neighbours, so series
//!   stay apart in grayscale, and every colour has 3:1 contrast on white;
//! - labels sit on white, in the text colour (4.5:1 or better);
//! - no text is smaller than [`MIN_TEXT_SIZE`];
//! - hotline counts of 1 or 2 are never printed ([`undisclosed`]);
//! - content is tagged with the figure's node, decoration is not, and
//!   [`alt`] says in the sheet's language what the chart shows.
//!
//! Files: `scale` (axes and ticks), `plot` (the category plot of column
//! and line charts), `bars`, `line`, `pie`, `demographics`, `chrome`
//! (title, legend, source line), `canvas` (text and shapes in page
//! points), `alt`, `backend`. Numbers and phrases in the sheet's language
//! come from [`crate::words`].

pub mod alt;
pub mod backend;
mod bars;
mod canvas;
mod chrome;
pub mod demographics;
mod line;
mod pie;
mod plot;
pub mod scale;
#[cfg(test)]
mod tests;

pub use crate::words::NumberFormat;
pub use backend::{FrameBackend, NodeSwitch};

use crate::fonts::{self, Face, FontSet};
use crate::frame::{Frame, NodeId, Rect, Rgb};
use canvas::Canvas;
use chrome::{LegendEntry, Marker};

/// No chart text is set smaller than this, in points.
pub const MIN_TEXT_SIZE: f32 = 7.0;

pub use crate::rules::{undisclosed, MIN_LUMINANCE_STEP, UNDISCLOSED_LABEL};

/// Gridlines (decoration).
const GRID: Rgb = Rgb(0xD9, 0xD9, 0xD9);
/// The zero line of a value axis, leader lines and zero hairlines.
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

/// The fixed wording a chart prints and says, so a sheet in another
/// language is a profile, not a code change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartLabels<'a> {
    /// Printed instead of a count of 1 or 2.
    pub undisclosed: &'a str,
    /// Introduces the zero-valued categories a pie or donut leaves out.
    pub not_shown: &'a str,
    /// Joins the last two names of a list in alt text ("and").
    pub and: &'a str,
    /// How numbers are written.
    pub numbers: NumberFormat<'a>,
}

impl Default for ChartLabels<'_> {
    fn default() -> Self {
        Self {
            undisclosed: UNDISCLOSED_LABEL,
            not_shown: "Not shown",
            and: "and",
            numbers: NumberFormat::ENGLISH,
        }
    }
}

impl ChartLabels<'_> {
    /// A count as labelled: undisclosed counts read [`Self::undisclosed`].
    pub fn count(&self, value: f64) -> String {
        if undisclosed(value) {
            self.undisclosed.to_string()
        } else {
            self.numbers.format(value)
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
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// No categories, no series, or an empty series.
    #[error("The chart has no data: {0}. Give at least one category and one value per category.")]
    Empty(String),
    /// A value below zero (or not a number).
    #[error(
        "Series \"{series}\" has {value} for \"{category}\"; chart values must be counts of zero or more, so correct that value."
    )]
    Negative {
        series: String,
        category: String,
        value: f64,
    },
    /// A pie or donut whose values are all zero.
    #[error(
        "Every value of series \"{series}\" is zero, so there is nothing to divide into slices; use a bar chart or leave the chart out."
    )]
    AllZero { series: String },
    /// A series with a different number of values than there are categories.
    #[error(
        "Series \"{series}\" has {values} values but there are {categories} categories; give exactly one value per category."
    )]
    Mismatch {
        series: String,
        values: usize,
        categories: usize,
    },
    /// More than one series for a kind that shows one.
    #[error(
        "A {} shows one series but {series} were given; use a grouped bar or line chart for several series.",
        .kind.name()
    )]
    TooManySeries { kind: ChartKind, series: usize },
    /// The area is not tall enough for the chart's text and shapes.
    #[error(
        "The chart area is too small for its labels; make it at least {needed_height:.1} pt tall (or shorten the labels)."
    )]
    TooSmall { needed_height: f32 },
    /// plotters reported a drawing failure (a defect, not a data problem).
    #[error("Drawing the chart failed: {0}.")]
    Drawing(String),
}

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

/// The least space between two value labels, in points: more than the
/// backend's rounding of either one (1/[`backend::UNITS_PER_PT`]).
const LABEL_CLEARANCE: f32 = 0.2;

/// `rect` lifted above each of `labels` it would touch, until it touches none.
pub(crate) fn lift_clear_of(labels: &[(String, Rect)], mut rect: Rect) -> Rect {
    let c = LABEL_CLEARANCE;
    let near = |r: &Rect| Rect::new(r.x - c, r.y - c, r.width + 2.0 * c, r.height + 2.0 * c);
    while let Some((_, hit)) = labels.iter().find(|(_, r)| near(r).overlaps(&rect)) {
        rect.y = hit.y - rect.height - c;
    }
    rect
}

/// Extra headroom added on each retry, in points.
const HEADROOM_MARGIN: f32 = 0.5;

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
        // Lowering the plot also shortens it, so a label climbs back up
        // by part of what it was lowered; the margin settles it at once
        // instead of over ever smaller steps.
        *headroom += body.y - highest + HEADROOM_MARGIN;
        return Ok(true);
    }
    Err(ChartError::TooSmall {
        needed_height: body.height + (body.y - highest),
    })
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

/// How many times [`draw_growing`] grows a chart to the height it asks for.
const GROW_TRIES: usize = 4;

/// Draws `spec` at `area`'s width and at least its height: when the labels
/// need more, the chart grows to the height it asks for. A taller plot can
/// take other ticks, whose labels may ask again, so this repeats a few times.
pub fn draw_growing(
    frame: &mut Frame,
    mut area: Rect,
    spec: &ChartSpec,
    node: Option<NodeId>,
) -> Result<ChartOutput, ChartError> {
    for _ in 0..GROW_TRIES {
        match draw(frame, area, spec, node) {
            Err(ChartError::TooSmall { needed_height }) if needed_height > area.height => {
                area.height = needed_height.ceil();
            }
            other => return other,
        }
    }
    draw(frame, area, spec, node)
}

/// Draws `spec` filling `area` of `frame`: the plot (or pie) grows to the
/// height it is given. Chart content is tagged with `node`; gridlines,
/// rules and leader lines are decoration. When the labels cannot fit, the
/// error names the height that would do, and nothing is left in the Frame.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    spec: &ChartSpec,
    node: Option<NodeId>,
) -> Result<ChartOutput, ChartError> {
    validate(spec)?;
    // The bounds are read from what was drawn: a measuring page keeps none.
    debug_assert!(frame.keeps_content(), "a chart is measured by drawing it");
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
                alt: alt::chart(spec),
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
    let canvas = Canvas::new(frame, area, node, spec.fonts);
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
                    Marker::Line(line::Shape::for_series(i))
                } else {
                    Marker::Swatch
                },
            })
            .collect(),
        _ => Vec::new(),
    };
    let body = chrome::draw(&canvas, area, spec, &style, &legend)?;
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
        validate_values(&s.name, spec.categories, &s.values)?;
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

/// One value of zero or more per category, and at least one category.
fn validate_values(series: &str, categories: &[String], values: &[f64]) -> Result<(), ChartError> {
    if categories.is_empty() {
        return Err(ChartError::Empty("there are no categories".into()));
    }
    if values.is_empty() {
        return Err(ChartError::Empty(format!(
            "series \"{series}\" has no values"
        )));
    }
    if values.len() != categories.len() {
        return Err(ChartError::Mismatch {
            series: series.to_string(),
            values: values.len(),
            categories: categories.len(),
        });
    }
    for (v, c) in values.iter().zip(categories) {
        if !v.is_finite() || *v < 0.0 {
            return Err(ChartError::Negative {
                series: series.to_string(),
                category: c.clone(),
                value: *v,
            });
        }
    }
    Ok(())
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
        Self {
            fonts: spec.fonts,
            size,
            title_size: (size * 1.15).max(MIN_TEXT_SIZE),
            small_size: (size * 0.9).max(MIN_TEXT_SIZE),
            color: legible(spec.text_color),
        }
    }
}

/// `color` when it reads on white (4.5:1), a near-black otherwise.
pub(crate) fn legible(color: Rgb) -> Rgb {
    if color.contrast(Rgb::WHITE) >= 4.5 {
        color
    } else {
        FALLBACK_TEXT
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
