//! The county heat map of a state, drawn into the Frame.
//!
//! [`draw`] projects the state's counties with an Albers equal-area conic
//! centred on the state, fits them into the given box next to a legend, shades
//! them from the values of a [`MapSpec`] and returns the figure's alt text.
//! The counties, their boundaries and the resolving of county keys come from
//! [`crate::atlas`].

mod project;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::atlas::{self, atlas, display_name, kind, Feature, Kind};
use crate::fonts::{self, Face};
use crate::frame::{Frame, NodeId, Path, Point, Rect, Rgb, Stroke, TextRun};
use crate::words::{fill, in_sentence, join_list, NumberFormat};

pub use crate::atlas::{CountyValue, MapError};

use project::Albers;

/// What to map.
#[derive(Debug, Clone, Copy)]
pub struct MapSpec<'a> {
    /// Postal code of the state or DC, e.g. `"MO"`.
    pub state_code: &'a str,
    pub values: &'a [CountyValue],
    /// True when values are counts (the legend shows class ranges); false for
    /// relative intensities (the legend reads "Fewer → More").
    pub counts: bool,
    /// Legend wording for the light end, e.g. "Fewer cases".
    pub legend_low: &'a str,
    /// Legend wording for the dark end, e.g. "More cases".
    pub legend_high: &'a str,
    /// The face the legend is set in.
    pub face: Face,
    /// The rest of the legend's and the alt text's wording.
    pub wording: MapWording<'a>,
}

/// The words the map prints and says besides the legend's two ends, so the
/// figure reads in the sheet's language. Templates name their parts in
/// braces: `{state}`, `{units}`, `{fewer}`, `{more}`, `{shaded}`,
/// `{total}`, `{lightest}`, `{darkest}`, `{classes}`, `{regions}`,
/// `{counties}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapWording<'a> {
    /// The legend's swatch for counties without data.
    pub no_data: &'a str,
    /// Joins the last two names of a list.
    pub and: &'a str,
    pub numbers: NumberFormat<'a>,
    /// The alt text's opening when values are relative intensities.
    pub alt: &'a str,
    /// The alt text's opening when values are counts.
    pub alt_counts: &'a str,
    /// Where shading is heaviest, appended to the opening.
    pub alt_heaviest: &'a str,
    /// The alt text of a map without data.
    pub alt_empty: &'a str,
    /// The state's county-level units in the plural; `None` for the
    /// English word the state uses ("counties", "parishes", …).
    pub units: Option<&'a str>,
    /// The nine parts of a state, north to south and west to east.
    pub regions: [&'a str; 9],
    /// Stands for the parts when shading is heaviest in more than three.
    pub several_regions: &'a str,
}

/// What [`draw`] made.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOutput {
    /// One or two sentences describing the map, for the figure's alt text.
    pub alt: String,
    /// Everything drawn, legend included.
    pub bounds: Rect,
}

/// The sequential palette, light to dark: reds at CIE lightness 80, 66,
/// 52, 39 and 26, so that printed in gray each class stays at least 13
/// steps of lightness from the next and from the no-data grey (94).
pub(crate) const PALETTE: [Rgb; 5] = [
    Rgb(0xf5, 0xb8, 0xaa),
    Rgb(0xec, 0x84, 0x70),
    Rgb(0xd9, 0x4b, 0x3e),
    Rgb(0xb4, 0x1c, 0x21),
    Rgb(0x7d, 0x0e, 0x16),
];
/// Counties without a value.
pub(crate) const NO_DATA: Rgb = Rgb(0xee, 0xee, 0xee);
/// The edge of the no-data swatch, which would vanish on white without it.
const SWATCH_EDGE: Stroke = Stroke {
    color: Rgb(0x8c, 0x8c, 0x8c),
    width: 0.4,
};
/// Legend text: 12.6:1 on white.
pub(crate) const TEXT: Rgb = Rgb(0x33, 0x33, 0x33);
const BORDER: Stroke = Stroke {
    color: Rgb::WHITE,
    width: 0.3,
};
const OUTLINE: Stroke = Stroke {
    color: Rgb(0x4d, 0x4d, 0x4d),
    width: 0.6,
};
const LEGEND_SIZE: f32 = 7.0;
/// Gap between the map and the legend.
const GAP: f32 = 6.0;

/// The shading classes of a set of values.
#[derive(Debug, Clone)]
struct Classes {
    /// Fill of each class, light to dark.
    colors: Vec<Rgb>,
    /// For counts: each class's range label ("1–3").
    labels: Vec<String>,
    /// Each class's value range (inclusive), for counts.
    ranges: Vec<(f64, f64)>,
    counts: bool,
    max: f64,
}

impl Classes {
    fn new(values: &[f64], counts: bool, numbers: &NumberFormat) -> Self {
        let max = values.iter().copied().fold(0.0, f64::max);
        if !counts {
            return Self {
                colors: PALETTE.to_vec(),
                labels: Vec::new(),
                ranges: Vec::new(),
                counts,
                max,
            };
        }
        let mut distinct: Vec<f64> = values.to_vec();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        let n = distinct.len();
        let k = n.min(PALETTE.len());
        let mut ranges = Vec::with_capacity(k);
        for i in 0..k {
            let (start, end) = (i * n / k, (i + 1) * n / k);
            ranges.push((distinct[start], distinct[end - 1]));
        }
        let colors = (0..k)
            .map(|i| {
                if k == 1 {
                    PALETTE[2]
                } else {
                    PALETTE[(i * (PALETTE.len() - 1) + (k - 1) / 2) / (k - 1)]
                }
            })
            .collect();
        let labels = ranges
            .iter()
            .map(|&(lo, hi)| {
                if lo == hi {
                    numbers.format(lo)
                } else {
                    format!("{}–{}", numbers.format(lo), numbers.format(hi))
                }
            })
            .collect();
        Self {
            colors,
            labels,
            ranges,
            counts,
            max,
        }
    }

    /// The class of a value: for intensities, its share of the largest value
    /// in fifths; for counts, the range it falls in.
    fn class(&self, value: f64) -> usize {
        if self.counts {
            self.ranges
                .iter()
                .position(|&(_, hi)| value <= hi)
                .unwrap_or(self.ranges.len().saturating_sub(1))
        } else if self.max <= 0.0 {
            0
        } else {
            let k = self.colors.len() as f64;
            ((value / self.max * k).ceil() as usize).clamp(1, self.colors.len()) - 1
        }
    }

    fn top(&self) -> usize {
        self.colors.len() - 1
    }
}

/// A county (or the state outline) projected to unit-sphere coordinates with
/// y pointing down.
struct Shape {
    fips: u32,
    rings: Vec<Vec<[f64; 2]>>,
}

fn project_feature(feature: &Feature, albers: &Albers) -> Shape {
    let rings = feature
        .rings
        .iter()
        .map(|ring| {
            ring.iter()
                .map(|&[lon, lat]| {
                    let (x, y) = albers.project(lon, lat);
                    [x, -y]
                })
                .collect()
        })
        .collect();
    Shape {
        fips: feature.fips,
        rings,
    }
}

/// The projected state: its counties, its outline and their extent.
struct Projected {
    counties: Vec<Shape>,
    outline: Option<Shape>,
    /// min x, min y, max x, max y.
    extent: [f64; 4],
}

fn project_state(state_fips: u32) -> Projected {
    let atlas = atlas();
    let counties = atlas.counties_of(state_fips);
    let wrap = state_fips == 2;
    let (mut lon0, mut lon1, mut lat0, mut lat1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &[lon, lat] in counties.iter().flat_map(|c| c.rings.iter().flatten()) {
        let lon = Albers::lon(wrap, lon);
        lon0 = lon0.min(lon);
        lon1 = lon1.max(lon);
        lat0 = lat0.min(lat);
        lat1 = lat1.max(lat);
    }
    let albers = Albers::for_extent((lon0, lon1), (lat0, lat1), wrap);
    let counties: Vec<Shape> = counties
        .iter()
        .map(|c| project_feature(c, &albers))
        .collect();
    let outline = atlas.state(state_fips).map(|s| project_feature(s, &albers));
    let mut extent = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for p in counties.iter().flat_map(|c| c.rings.iter().flatten()) {
        extent[0] = extent[0].min(p[0]);
        extent[1] = extent[1].min(p[1]);
        extent[2] = extent[2].max(p[0]);
        extent[3] = extent[3].max(p[1]);
    }
    Projected {
        counties,
        outline,
        extent,
    }
}

/// Maps projected coordinates onto the page.
#[derive(Debug, Clone, Copy)]
struct Fit {
    scale: f64,
    dx: f64,
    dy: f64,
}

impl Fit {
    fn point(&self, p: [f64; 2]) -> Point {
        Point::new(
            (p[0] * self.scale + self.dx) as f32,
            (p[1] * self.scale + self.dy) as f32,
        )
    }

    /// Page rings of a shape, dropping points closer than 0.05 pt to the last
    /// kept one (the PDF gains nothing from them).
    fn rings(&self, shape: &Shape) -> Vec<Vec<Point>> {
        let mut out = Vec::with_capacity(shape.rings.len());
        for ring in &shape.rings {
            let mut pts: Vec<Point> = Vec::with_capacity(ring.len());
            for &p in ring {
                let q = self.point(p);
                if let Some(last) = pts.last() {
                    if (q.x - last.x).abs() < 0.05 && (q.y - last.y).abs() < 0.05 {
                        continue;
                    }
                }
                pts.push(q);
            }
            if pts.len() >= 3 {
                out.push(pts);
            }
        }
        if out.is_empty() {
            // A county smaller than the threshold: keep it, unsimplified.
            out = shape
                .rings
                .iter()
                .map(|r| r.iter().map(|&p| self.point(p)).collect())
                .collect();
        }
        out
    }
}

/// A legend: either a ramp between two words, or labelled class swatches.
struct Legend {
    colors: Vec<Rgb>,
    /// Class labels (counts) — empty for a ramp.
    labels: Vec<String>,
    low: String,
    high: String,
    /// The no-data swatch's label, when some county has no data.
    no_data: Option<String>,
    face: Face,
}

const SWATCH_W: f32 = 14.0;
const SWATCH_H: f32 = 8.0;
const KEY_SWATCH: f32 = 8.0;
const ROW: f32 = 10.0;

/// A legend element to draw, relative to the legend's top-left corner.
enum Mark {
    Swatch(Rect, Rgb),
    /// Text with its top-left corner of the line box and width.
    Text(f32, f32, String),
}

impl Legend {
    fn text_width(&self, text: &str) -> f32 {
        fonts::width(self.face, LEGEND_SIZE, text)
    }

    fn line_height(&self) -> f32 {
        let m = fonts::metrics(self.face);
        (m.ascent + m.descent) * LEGEND_SIZE
    }

    /// Lays out the legend in a row (below the map, at most `max_width`
    /// wide) or a column (beside it), the no-data swatch last. Returns the
    /// marks and the size.
    fn layout(&self, beside: bool, max_width: f32) -> (Vec<Mark>, f32, f32) {
        let (mut marks, mut width, mut height) = self.layout_classes(beside, max_width);
        let Some(label) = &self.no_data else {
            return (marks, width, height);
        };
        let lh = self.line_height();
        let row_h = ROW.max(lh);
        let item_w = KEY_SWATCH + 3.0 + self.text_width(label);
        // Beside the classes when the row has room, else on a row of its own.
        let (x, y) = if !beside && width + 10.0 + item_w <= max_width {
            (width + 10.0, ((height - row_h) / 2.0).max(0.0))
        } else {
            (0.0, height + 3.0)
        };
        let sy = y + (row_h - KEY_SWATCH) / 2.0;
        marks.push(Mark::Swatch(
            Rect::new(x, sy, KEY_SWATCH, KEY_SWATCH),
            NO_DATA,
        ));
        marks.push(Mark::Text(
            x + KEY_SWATCH + 3.0,
            y + (row_h - lh) / 2.0,
            label.clone(),
        ));
        width = width.max(x + item_w);
        height = height.max(y + row_h);
        (marks, width, height)
    }

    /// The classes alone: a ramp between two words, or labelled swatches.
    fn layout_classes(&self, beside: bool, max_width: f32) -> (Vec<Mark>, f32, f32) {
        let lh = self.line_height();
        let mut marks = Vec::new();
        if self.labels.is_empty() {
            let (lw, hw) = (self.text_width(&self.low), self.text_width(&self.high));
            let n = self.colors.len() as f32;
            if beside {
                // "More" on top, the ramp dark to light, "Fewer" below.
                let ramp_h = SWATCH_H * n;
                let width = lw.max(hw).max(SWATCH_W);
                marks.push(Mark::Text(0.0, 0.0, self.high.clone()));
                for (i, &c) in self.colors.iter().rev().enumerate() {
                    let y = lh + 2.0 + SWATCH_H * i as f32;
                    marks.push(Mark::Swatch(Rect::new(0.0, y, SWATCH_W, SWATCH_H), c));
                }
                marks.push(Mark::Text(0.0, lh + 4.0 + ramp_h, self.low.clone()));
                return (marks, width, 2.0 * lh + 4.0 + ramp_h);
            }
            let one_row = lw + 4.0 + SWATCH_W * n + 4.0 + hw;
            if one_row <= max_width {
                let h = lh.max(SWATCH_H);
                marks.push(Mark::Text(0.0, (h - lh) / 2.0, self.low.clone()));
                for (i, &c) in self.colors.iter().enumerate() {
                    let x = lw + 4.0 + SWATCH_W * i as f32;
                    let r = Rect::new(x, (h - SWATCH_H) / 2.0, SWATCH_W, SWATCH_H);
                    marks.push(Mark::Swatch(r, c));
                }
                let hx = lw + 8.0 + SWATCH_W * n;
                marks.push(Mark::Text(hx, (h - lh) / 2.0, self.high.clone()));
                return (marks, one_row, h);
            }
            // Too narrow: the ramp, with the words under its two ends.
            let ramp_w = (SWATCH_W * n).min(max_width);
            let sw = ramp_w / n;
            for (i, &c) in self.colors.iter().enumerate() {
                let r = Rect::new(sw * i as f32, 0.0, sw, SWATCH_H);
                marks.push(Mark::Swatch(r, c));
            }
            let width = ramp_w.max(lw + 4.0 + hw);
            marks.push(Mark::Text(0.0, SWATCH_H + 2.0, self.low.clone()));
            marks.push(Mark::Text(width - hw, SWATCH_H + 2.0, self.high.clone()));
            return (marks, width, SWATCH_H + 2.0 + lh);
        }
        // Counts: swatch + range label per class, light to dark.
        let row_h = ROW.max(lh);
        let items: Vec<(Rgb, &String, f32)> = self
            .colors
            .iter()
            .zip(&self.labels)
            .map(|(&c, l)| (c, l, KEY_SWATCH + 3.0 + self.text_width(l)))
            .collect();
        if beside {
            let mut width: f32 = 0.0;
            for (i, (c, label, w)) in items.iter().enumerate() {
                let y = row_h * i as f32;
                let sy = y + (row_h - KEY_SWATCH) / 2.0;
                marks.push(Mark::Swatch(Rect::new(0.0, sy, KEY_SWATCH, KEY_SWATCH), *c));
                marks.push(Mark::Text(
                    KEY_SWATCH + 3.0,
                    y + (row_h - lh) / 2.0,
                    (*label).clone(),
                ));
                width = width.max(*w);
            }
            return (marks, width, row_h * items.len() as f32);
        }
        // Rows of items, flowing onto a new row when one is full.
        let (mut x, mut y, mut width) = (0.0f32, 0.0f32, 0.0f32);
        for (c, label, w) in &items {
            if x > 0.0 && x + w > max_width {
                x = 0.0;
                y += row_h;
            }
            let sy = y + (row_h - KEY_SWATCH) / 2.0;
            marks.push(Mark::Swatch(Rect::new(x, sy, KEY_SWATCH, KEY_SWATCH), *c));
            marks.push(Mark::Text(
                x + KEY_SWATCH + 3.0,
                y + (row_h - lh) / 2.0,
                (*label).clone(),
            ));
            width = width.max(x + w);
            x += w + 8.0;
        }
        (marks, width, y + row_h)
    }
}

/// Where the map and the legend go inside the area.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    /// The box the map is fitted into (the area less the legend strip).
    #[cfg_attr(not(test), allow(dead_code))]
    pub map_box: Rect,
    /// The fitted map.
    pub map: Rect,
    /// Top-left corner of the legend, and whether it sits beside the map.
    legend_at: Point,
    beside: bool,
}

/// Fits a `w`×`h` extent into `bx`, keeping the aspect ratio; the scale.
fn fit_scale(w: f64, h: f64, bx: Rect) -> f64 {
    let sx = f64::from(bx.width) / w.max(1e-12);
    let sy = f64::from(bx.height) / h.max(1e-12);
    sx.min(sy).max(0.0)
}

fn place(area: Rect, extent: [f64; 4], legend: Option<&Legend>) -> (Placement, f64) {
    let (w, h) = (extent[2] - extent[0], extent[3] - extent[1]);
    // The outline's stroke must stay inside the area too.
    let inset = OUTLINE.width / 2.0;
    let inner = Rect::new(
        area.x + inset,
        area.y + inset,
        (area.width - 2.0 * inset).max(0.0),
        (area.height - 2.0 * inset).max(0.0),
    );
    let Some(legend) = legend else {
        let s = fit_scale(w, h, inner);
        let (mw, mh) = ((w * s) as f32, (h * s) as f32);
        let map = Rect::new(
            inner.x + (inner.width - mw) / 2.0,
            inner.y + (inner.height - mh) / 2.0,
            mw,
            mh,
        );
        let placement = Placement {
            map_box: inner,
            map,
            legend_at: Point::new(0.0, 0.0),
            beside: false,
        };
        return (placement, s);
    };
    let mut best: Option<(Placement, f64)> = None;
    for beside in [false, true] {
        let (_, lw, lh) = legend.layout(beside, area.width);
        let map_box = if beside {
            Rect::new(
                inner.x,
                inner.y,
                (inner.width - lw - GAP).max(0.0),
                inner.height,
            )
        } else {
            Rect::new(
                inner.x,
                inner.y,
                inner.width,
                (inner.height - lh - GAP).max(0.0),
            )
        };
        let s = fit_scale(w, h, map_box);
        let (mw, mh) = ((w * s) as f32, (h * s) as f32);
        let (map, legend_at) = if beside {
            let left = inner.x + (inner.width - (mw + GAP + lw)) / 2.0;
            let map = Rect::new(left, inner.y + (inner.height - mh) / 2.0, mw, mh);
            let at = Point::new(left + mw + GAP, inner.y + (inner.height - lh) / 2.0);
            (map, at)
        } else {
            let top = inner.y + (inner.height - (mh + GAP + lh)) / 2.0;
            let map = Rect::new(inner.x + (inner.width - mw) / 2.0, top, mw, mh);
            let at = Point::new(inner.x + (inner.width - lw) / 2.0, top + mh + GAP);
            (map, at)
        };
        let placement = Placement {
            map_box,
            map,
            legend_at,
            beside,
        };
        // Prefer the legend below unless beside gives a clearly larger map.
        if best.as_ref().is_none_or(|(_, bs)| s > bs * 1.05) {
            best = Some((placement, s));
        }
    }
    best.expect("two candidates")
}

/// What a county's name looks like in a list: "Adair", "St. Louis city",
/// with its value when values are counts: "Adair (40)".
fn list_name(c: &Feature, value: Option<f64>, numbers: &NumberFormat) -> String {
    let name = match kind(c.fips) {
        Kind::County | Kind::Parish => c.name.clone(),
        _ => display_name(c),
    };
    match value {
        Some(v) => format!("{name} ({})", numbers.format(v)),
        None => name,
    }
}

/// The English plural noun for a state's county-level units.
fn units(state_fips: u32) -> &'static str {
    match state_fips {
        2 => "boroughs and census areas",
        11 => "district",
        22 => "parishes",
        51 => "counties and independent cities",
        _ => "counties",
    }
}

/// The centroid of a shape's largest ring.
fn centroid(shape: &Shape) -> [f64; 2] {
    let mut best = (0.0, [0.0, 0.0]);
    for ring in &shape.rings {
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for i in 0..ring.len() {
            let (p, q) = (ring[i], ring[(i + 1) % ring.len()]);
            let cross = p[0] * q[1] - q[0] * p[1];
            a += cross;
            cx += (p[0] + q[0]) * cross;
            cy += (p[1] + q[1]) * cross;
        }
        if a.abs() > best.0 {
            best = (a.abs(), [cx / (3.0 * a), cy / (3.0 * a)]);
        }
    }
    if best.0 == 0.0 {
        if let Some(p) = shape.rings.first().and_then(|r| r.first()) {
            return *p;
        }
    }
    best.1
}

/// Where a horizontal line at `y` enters and leaves the state: the west and
/// east ends of the state at that latitude.
fn width_at(projected: &Projected, y: f64) -> Option<(f64, f64)> {
    let shapes: &[Shape] = match &projected.outline {
        Some(outline) => std::slice::from_ref(outline),
        None => &projected.counties,
    };
    let mut span: Option<(f64, f64)> = None;
    for ring in shapes.iter().flat_map(|s| &s.rings) {
        for i in 0..ring.len() {
            let (p, q) = (ring[i], ring[(i + 1) % ring.len()]);
            if (p[1] <= y) != (q[1] <= y) {
                let x = p[0] + (y - p[1]) / (q[1] - p[1]) * (q[0] - p[0]);
                span = Some(span.map_or((x, x), |(a, b)| (a.min(x), b.max(x))));
            }
        }
    }
    span.filter(|(a, b)| b > a)
}

/// The alt text, from the wording's templates. A shaded county's region
/// is its third of the state from north to south (of the whole state's
/// extent) and from west to east (of the state's width at the county's
/// latitude, so that a notch such as Missouri's Bootheel does not push the
/// northeast into "north-central").
fn alt_text(
    spec: &MapSpec,
    state_fips: u32,
    projected: &Projected,
    values: &HashMap<u32, f64>,
    classes: Option<&Classes>,
) -> String {
    let atlas = atlas();
    let words = &spec.wording;
    let numbers = &words.numbers;
    let state = atlas::state_name(spec.state_code).unwrap_or_default();
    let total = projected.counties.len().to_string();
    let units = words.units.unwrap_or(units(state_fips));
    let (Some(classes), false) = (classes, values.is_empty()) else {
        return fill(
            words.alt_empty,
            &[("state", state), ("units", units), ("total", &total)],
        );
    };
    let shaded = values.len().to_string();
    let (fewer, more) = (in_sentence(spec.legend_low), in_sentence(spec.legend_high));
    let mut alt = if spec.counts {
        fill(
            words.alt_counts,
            &[
                ("state", state),
                ("units", units),
                ("classes", &classes.colors.len().to_string()),
                ("lightest", &classes.labels[0]),
                ("darkest", &classes.labels[classes.top()]),
                ("fewer", &fewer),
                ("more", &more),
                ("shaded", &shaded),
                ("total", &total),
            ],
        )
    } else {
        fill(
            words.alt,
            &[
                ("state", state),
                ("units", units),
                ("fewer", &fewer),
                ("more", &more),
                ("shaded", &shaded),
                ("total", &total),
            ],
        )
    };
    if projected.counties.len() < 2 {
        // A single area (DC): there is no "where" to tell.
        alt.push('.');
        return alt;
    }
    // The darkest class actually used.
    let top = values
        .values()
        .map(|&v| classes.class(v))
        .max()
        .unwrap_or(0);
    let [x0, y0, x1, y1] = projected.extent;
    let mut region_counts = [[0usize; 3]; 3];
    let mut entries: Vec<(&Feature, f64)> = Vec::new();
    for shape in &projected.counties {
        let Some(&v) = values.get(&shape.fips) else {
            continue;
        };
        if classes.class(v) != top {
            continue;
        }
        let [cx, cy] = centroid(shape);
        let (left, right) = width_at(projected, cy).unwrap_or((x0, x1));
        let col = (((cx - left) / (right - left).max(1e-12) * 3.0).max(0.0) as usize).min(2);
        let row = (((cy - y0) / (y1 - y0).max(1e-12) * 3.0) as usize).min(2);
        region_counts[row][col] += 1;
        if let Some(c) = atlas.county(shape.fips) {
            entries.push((c, v));
        }
    }
    let mut regions: Vec<(usize, usize, usize)> = Vec::new();
    for (r, row) in region_counts.iter().enumerate() {
        for (c, &n) in row.iter().enumerate() {
            if n > 0 {
                regions.push((n, r, c));
            }
        }
    }
    regions.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let regions = if regions.len() <= 3 {
        let names: Vec<&str> = regions
            .iter()
            .map(|&(_, r, c)| words.regions[r * 3 + c])
            .collect();
        join_list(&names, words.and)
    } else {
        words.several_regions.to_owned()
    };
    entries.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.fips.cmp(&b.0.fips)));
    const MAX_LISTED: usize = 12;
    let mut listed: Vec<String> = entries
        .iter()
        .take(MAX_LISTED)
        .map(|(c, v)| list_name(c, spec.counts.then_some(*v), numbers))
        .collect();
    if entries.len() > MAX_LISTED {
        listed.push(format!(
            "+{}",
            numbers.format((entries.len() - MAX_LISTED) as f64)
        ));
    }
    alt.push_str(&fill(
        words.alt_heaviest,
        &[
            ("regions", &regions),
            ("state", state),
            ("counties", &join_list(&listed, words.and)),
        ],
    ));
    alt
}

/// The state's projected counties, their values and classes, and the
/// legend: what [`draw`] needs besides the area, and what tells layout how
/// tall the map is at a given width.
pub struct StateMap {
    state_fips: u32,
    values: HashMap<u32, f64>,
    projected: Projected,
    classes: Option<Classes>,
    legend: Option<Legend>,
}

/// Resolves and projects the spec's state, ready to draw.
pub fn shape(spec: &MapSpec) -> Result<StateMap, MapError> {
    let resolved =
        atlas::resolve(spec.state_code, spec.values).map_err(|mut errors| errors.remove(0))?;
    let state_fips: u32 = atlas::state_fips(spec.state_code)
        .and_then(|f| f.parse().ok())
        .unwrap_or(0);
    let values: HashMap<u32, f64> = resolved.into_iter().collect();
    let projected = project_state(state_fips);
    let classes = (!values.is_empty()).then(|| {
        let mut v: Vec<f64> = values.values().copied().collect();
        v.sort_by(f64::total_cmp);
        Classes::new(&v, spec.counts, &spec.wording.numbers)
    });
    let legend = classes.as_ref().map(|c| Legend {
        colors: c.colors.clone(),
        labels: c.labels.clone(),
        low: spec.legend_low.to_owned(),
        high: spec.legend_high.to_owned(),
        no_data: (values.len() < projected.counties.len()).then(|| spec.wording.no_data.to_owned()),
        face: spec.face,
    });
    Ok(StateMap {
        state_fips,
        values,
        projected,
        classes,
        legend,
    })
}

impl StateMap {
    /// The height at which the map, drawn `width` wide with its legend
    /// under it, fills the width: the tallest useful map box.
    pub fn height_for_width(&self, width: f32) -> f32 {
        let e = self.projected.extent;
        let (w, h) = (e[2] - e[0], e[3] - e[1]);
        let inset = OUTLINE.width;
        let map = ((f64::from(width - inset)) * h / w.max(1e-12)) as f32 + inset;
        match &self.legend {
            Some(legend) => map + GAP + legend.layout(false, width).2,
            None => map,
        }
    }

    /// Width over height of the projected state (what the tests check the
    /// projection by; layout asks for [`StateMap::height_for_width`]).
    #[cfg(test)]
    pub(crate) fn aspect(&self) -> f32 {
        let e = self.projected.extent;
        ((e[2] - e[0]) / (e[3] - e[1]).max(1e-12)) as f32
    }
}

/// Draws the state's county map and its legend into `area` and returns the
/// alt text and the bounds of everything drawn. Items carry `node`.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    spec: &MapSpec,
    node: Option<NodeId>,
) -> Result<MapOutput, MapError> {
    Ok(draw_shape(frame, area, spec, &shape(spec)?, node))
}

/// [`draw`] with the spec's shape already made by [`shape`], for callers
/// that measure the map before they draw it.
pub fn draw_shape(
    frame: &mut Frame,
    area: Rect,
    spec: &MapSpec,
    shape: &StateMap,
    node: Option<NodeId>,
) -> MapOutput {
    let StateMap {
        state_fips,
        values,
        projected,
        classes,
        legend,
    } = shape;
    let (placement, scale) = place(area, projected.extent, legend.as_ref());
    let fit = Fit {
        scale,
        dx: f64::from(placement.map.x) - projected.extent[0] * scale,
        dy: f64::from(placement.map.y) - projected.extent[1] * scale,
    };

    let mut bounds: Option<Rect> = None;
    let mut grow = |r: Rect| {
        bounds = Some(bounds.map_or(r, |b| b.union(&r)));
    };
    for shape in &projected.counties {
        let fill = match (values.get(&shape.fips), &classes) {
            (Some(&v), Some(c)) => c.colors[c.class(v)],
            _ => NO_DATA,
        };
        let path = Path {
            rings: fit.rings(shape),
            fill: Some(fill),
            stroke: Some(BORDER),
            closed: true,
        };
        grow(path.bounds());
        frame.path(path, node);
    }
    if let Some(outline) = &projected.outline {
        let path = Path {
            rings: fit.rings(outline),
            fill: None,
            stroke: Some(OUTLINE),
            closed: true,
        };
        grow(path.bounds());
        frame.path(path, node);
    }
    if let Some(legend) = legend {
        let (marks, _, _) = legend.layout(placement.beside, area.width);
        let ascent = fonts::metrics(legend.face).ascent * LEGEND_SIZE;
        let at = placement.legend_at;
        for mark in marks {
            match mark {
                Mark::Swatch(r, color) => {
                    let r = Rect::new(at.x + r.x, at.y + r.y, r.width, r.height);
                    let mut path = Path::rect(r, color);
                    if color == NO_DATA {
                        path.stroke = Some(SWATCH_EDGE);
                    }
                    grow(path.bounds());
                    frame.path(path, node);
                }
                Mark::Text(x, y, text) => {
                    let run = TextRun {
                        origin: Point::new(at.x + x, at.y + y + ascent),
                        face: legend.face,
                        size: LEGEND_SIZE,
                        color: TEXT,
                        width: legend.text_width(&text),
                        text,
                    };
                    grow(run.bounds());
                    frame.text(run, node);
                }
            }
        }
    }
    let alt = alt_text(spec, *state_fips, projected, values, classes.as_ref());
    MapOutput {
        alt,
        bounds: bounds.unwrap_or(Rect::new(area.x, area.y, 0.0, 0.0)),
    }
}
