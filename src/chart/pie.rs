//! Pie and donut charts: wedges through plotters' `Pie` element, every slice
//! labelled outside (name, count, percentage) in a column on its side, in
//! slice order, with a leader line that never crosses a slice. Labels are
//! pushed apart so none collide. Zero categories have no wedge and are
//! listed under the chart.

use plotters::style::text_anchor::HPos;

use super::canvas::Canvas;
use super::{
    line_height, percentages, text_width, undisclosed, ChartError, ChartKind, ChartSpec, Style,
    AXIS, MIN_LUMINANCE_STEP,
};
use crate::fonts;
use crate::frame::{Point, Rect, Rgb};

/// Donut hole radius as a fraction of the outer radius.
pub(super) const HOLE: f32 = 0.55;
/// From the circle to the label column.
const LEAD: f32 = 8.0;
/// Between stacked labels.
const LABEL_GAP: f32 = 2.0;
const MIN_DIAMETER: f32 = 30.0;
const MIN_COLUMN: f32 = 36.0;

/// Colours for `n` slices arranged in a circle: palette order, except that
/// a colour too close in luminance to a neighbour (the last slice touches
/// the first) is swapped for the next palette colour that is not.
pub(super) fn slice_colors(palette: &[Rgb], n: usize) -> Vec<Rgb> {
    let mut out: Vec<Rgb> = Vec::with_capacity(n);
    for i in 0..n {
        let prev = out.last().copied();
        let first = if i + 1 == n && n > 1 {
            out.first().copied()
        } else {
            None
        };
        let fits = |c: &Rgb| {
            [prev, first]
                .iter()
                .flatten()
                .all(|o: &Rgb| (o.luminance() - c.luminance()).abs() >= MIN_LUMINANCE_STEP)
        };
        let choice = (0..palette.len())
            .map(|k| palette[(i + k) % palette.len()])
            .find(fits)
            .unwrap_or(palette[i % palette.len()]);
        out.push(choice);
    }
    out
}

struct Label {
    lines: Vec<String>,
    /// Mid angle of the slice, radians, clockwise from three o'clock (y down).
    angle: f32,
    /// The same angle as a fraction of a turn clockwise from twelve o'clock.
    turn: f32,
    right: bool,
    top: f32,
    height: f32,
}

impl Label {
    /// Where the label goes in its column, top to bottom: slices run
    /// clockwise, so down the right column and up the left one; a label
    /// handed across at twelve or six o'clock keeps its place in that round.
    fn order(&self) -> f32 {
        if self.right {
            if self.turn >= 0.75 {
                self.turn - 1.0
            } else {
                self.turn
            }
        } else if self.turn < 0.25 {
            -(self.turn + 1.0)
        } else {
            -self.turn
        }
    }
}

/// A leader from the slice's edge to its label's first line. It leaves the
/// slice radially; when the straight way on to the label would pass over
/// the circle, it first runs level to outside the circle's side, so it
/// never crosses another slice.
fn leader(center: Point, r: f32, label: &Label, lh: f32) -> Vec<Point> {
    let (cos, sin) = (label.angle.cos(), label.angle.sin());
    let dir = if label.right { 1.0 } else { -1.0 };
    let edge = Point::new(center.x + (r + 0.75) * cos, center.y + (r + 0.75) * sin);
    let out = Point::new(center.x + (r + 2.5) * cos, center.y + (r + 2.5) * sin);
    let end = Point::new(center.x + dir * (r + LEAD - 1.5), label.top + lh / 2.0);
    if segment_clear_of_disc(out, end, center, r + 0.5) {
        vec![edge, out, end]
    } else {
        let side = Point::new(center.x + dir * (r + 2.5), out.y);
        if segment_clear_of_disc(out, side, center, r + 0.5) {
            vec![edge, out, side, end]
        } else {
            // A label handed across at twelve or six o'clock: clear the
            // circle's top or bottom first.
            let y = center.y + (r + 2.5) * sin.signum();
            let (over, corner) = (Point::new(out.x, y), Point::new(side.x, y));
            vec![edge, out, over, corner, end]
        }
    }
}

/// Whether the segment a–b keeps out of the disc of radius `r` at `c`.
fn segment_clear_of_disc(a: Point, b: Point, c: Point, r: f32) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((c.x - a.x) * dx + (c.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (a.x + t * dx - c.x, a.y + t * dy - c.y);
    px * px + py * py >= r * r
}

pub(super) fn draw(
    c: &Canvas,
    body: Rect,
    spec: &ChartSpec,
    style: &Style,
    palette: &[Rgb],
) -> Result<(), ChartError> {
    let values = &spec.series[0].values;
    let size = style.size;
    let lh = line_height(style.fonts.regular, size);
    let pct = percentages(values);
    let total: f64 = values.iter().sum();

    // Zero categories: a note under the chart instead of an empty wedge.
    let zeros: Vec<&str> = spec
        .categories
        .iter()
        .zip(values)
        .filter(|(_, &v)| v == 0.0)
        .map(|(c, _)| c.as_str())
        .collect();
    let note_lines = if zeros.is_empty() {
        Vec::new()
    } else {
        let text = zeros
            .iter()
            .map(|z| format!("{z} 0 (0%)"))
            .collect::<Vec<_>>()
            .join(", ");
        fonts::wrap(
            style.fonts.regular,
            size,
            &format!("{}: {text}", spec.labels.not_shown),
            body.width,
        )
    };
    let note_h = note_lines.len() as f32 * lh;
    let region = Rect::new(
        body.x,
        body.y,
        body.width,
        body.height - if note_h > 0.0 { note_h + 2.0 } else { 0.0 },
    );

    let shown: Vec<usize> = (0..values.len()).filter(|&i| values[i] > 0.0).collect();
    let texts: Vec<(String, String)> = shown
        .iter()
        .map(|&i| {
            let v = values[i];
            let count = if undisclosed(v) {
                spec.labels.undisclosed.to_string()
            } else {
                format!("{} ({}%)", spec.labels.numbers.format(v), pct[i])
            };
            (spec.categories[i].clone(), count)
        })
        .collect();
    let natural = texts
        .iter()
        .map(|(a, b)| {
            text_width(style.fonts.regular, size, a).max(text_width(style.fonts.regular, size, b))
        })
        .fold(0.0, f32::max);
    let column = natural.min(region.width * 0.3).max(MIN_COLUMN.min(natural));
    let diameter = (region.height - 4.0).min(region.width - 2.0 * (column + LEAD));
    if diameter < MIN_DIAMETER {
        return Err(ChartError::TooSmall {
            needed_height: body.height + (MIN_DIAMETER - diameter).max(1.0),
        });
    }
    let r = diameter / 2.0;
    let center = Point::new(
        region.x + region.width / 2.0,
        region.y + region.height / 2.0,
    );

    // Label blocks at the height of their slice's middle, then pushed apart.
    let mut cum = 0.0;
    let mut labels: Vec<Label> = Vec::new();
    for (k, &i) in shown.iter().enumerate() {
        let v = values[i];
        let mid = (cum + v / 2.0) / total;
        cum += v;
        let angle = (mid as f32) * std::f32::consts::TAU - std::f32::consts::FRAC_PI_2;
        let right = angle.cos() >= -1e-4;
        let (name, count) = &texts[k];
        // A hair of slack: the widest label must not wrap on rounding.
        let mut lines = fonts::wrap(style.fonts.regular, size, name, column + 0.01);
        lines.extend(fonts::wrap(style.fonts.regular, size, count, column + 0.01));
        let height = lines.len() as f32 * lh;
        let want = center.y + (r + 4.0) * angle.sin();
        labels.push(Label {
            lines,
            angle,
            turn: mid as f32,
            right,
            top: want - height / 2.0,
            height,
        });
    }
    // A side whose labels cannot stack within the height hands its labels
    // nearest twelve or six o'clock to the other side while that has room.
    let stack = |labels: &[Label], side: bool| -> f32 {
        labels
            .iter()
            .filter(|l| l.right == side)
            .map(|l| l.height + LABEL_GAP)
            .sum()
    };
    for _ in 0..labels.len() {
        let (full, other) = if stack(&labels, true) > region.height {
            (true, false)
        } else if stack(&labels, false) > region.height {
            (false, true)
        } else {
            break;
        };
        let Some(k) = (0..labels.len())
            .filter(|&k| labels[k].right == full)
            .min_by(|&a, &b| {
                labels[a]
                    .angle
                    .cos()
                    .abs()
                    .total_cmp(&labels[b].angle.cos().abs())
            })
        else {
            break;
        };
        if stack(&labels, other) + labels[k].height + LABEL_GAP > region.height {
            break;
        }
        labels[k].right = other;
    }
    for side in [true, false] {
        let mut idx: Vec<usize> = (0..labels.len())
            .filter(|&i| labels[i].right == side)
            .collect();
        idx.sort_by(|&a, &b| labels[a].order().total_cmp(&labels[b].order()));
        let mut floor = region.y;
        for &i in &idx {
            labels[i].top = labels[i].top.max(floor);
            floor = labels[i].top + labels[i].height + LABEL_GAP;
        }
        let mut ceiling = region.bottom();
        for &i in idx.iter().rev() {
            labels[i].top = labels[i].top.min(ceiling - labels[i].height);
            ceiling = labels[i].top - LABEL_GAP;
        }
        if let Some(&first) = idx.first() {
            if labels[first].top < region.y - 0.01 {
                return Err(ChartError::TooSmall {
                    needed_height: body.height + (region.y - labels[first].top),
                });
            }
        }
    }

    let colors = slice_colors(palette, shown.len());
    let shown_values: Vec<f64> = shown.iter().map(|&i| values[i]).collect();
    let hole = if spec.kind == ChartKind::Donut {
        r * HOLE
    } else {
        0.0
    };
    c.pie(center, r, hole, &shown_values, &colors)?;

    for label in &labels {
        let leader = leader(center, r, label, lh);
        c.rule(&leader, AXIS, 0.5)?;
        let dir = if label.right { 1.0 } else { -1.0 };
        let text_x = center.x + dir * (r + LEAD);
        let h = if label.right { HPos::Left } else { HPos::Right };
        let face = style.fonts.regular;
        c.lines(&label.lines, text_x, label.top, face, size, style.color, h)?;
    }
    let note_top = body.bottom() - note_h;
    let face = style.fonts.regular;
    c.lines(
        &note_lines,
        body.x,
        note_top,
        face,
        size,
        style.color,
        HPos::Left,
    )?;
    Ok(())
}
