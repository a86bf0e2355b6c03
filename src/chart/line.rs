//! Line charts: one or more series over the categories (years), a value
//! axis with nice ticks, a marker shape per series and every point labelled.

use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{axis_label_width, draw_axis, pick_ticks, Axis};
use super::{
    format_count, line_height, retry_for_headroom, text_box, undisclosed, Canvas, ChartError,
    ChartSpec, Shape, Style,
};
use crate::fonts;
use crate::frame::{Point, Rect, Rgb};

const MARKER_R: f32 = 2.2;
const LINE_WIDTH: f32 = 1.5;

/// Where an undisclosed count is plotted: inside the "fewer than 3" band,
/// the same for 1 and 2.
const UNDISCLOSED_AT: f64 = 1.5;

pub(super) fn draw(
    c: &Canvas,
    body: Rect,
    spec: &ChartSpec,
    style: &Style,
    palette: &[Rgb],
) -> Result<(), ChartError> {
    let n = spec.categories.len();
    let size = style.size;
    let lh = line_height(style.fonts.regular, size);
    let plotted = |v: f64| if undisclosed(v) { UNDISCLOSED_AT } else { v };
    let max_value = spec
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .map(plotted)
        .fold(0.0, f64::max);

    let mut headroom = lh + MARKER_R + 1.0;
    let mut attempt = 0;
    let (step0, top0) = pick_ticks(max_value, body.height * 0.6, style);
    let mut axis_w = axis_label_width(step0, top0, style);
    loop {
        attempt += 1;
        let plot_x = body.x + axis_w;
        let slot = (body.right() - plot_x) / n as f32;
        let cat_lines: Vec<Vec<String>> = spec
            .categories
            .iter()
            .map(|cat| fonts::wrap(style.fonts.regular, size, cat, slot - 1.0))
            .collect();
        let cat_h = cat_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh;
        let plot_bottom = body.bottom() - cat_h - 2.0;
        let plot_top = body.y + headroom;
        let plot_h = plot_bottom - plot_top;
        if plot_h < 30.0 {
            return Err(ChartError::TooSmall {
                needed_height: body.height + (30.0 - plot_h),
            });
        }
        let (step, top) = pick_ticks(max_value, plot_h, style);
        // The tick column may have grown with the final ticks.
        let needed_w = axis_label_width(step, top, style);
        if needed_w > axis_w + 0.01 {
            axis_w = needed_w;
            continue;
        }
        let axis = Axis {
            step,
            top,
            y0: plot_bottom,
            y1: plot_top,
        };
        let x_of = |i: usize| plot_x + slot * (i as f32 + 0.5);
        let points: Vec<Vec<Point>> = spec
            .series
            .iter()
            .map(|s| {
                s.values
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| Point::new(x_of(i), axis.y(plotted(v))))
                    .collect()
            })
            .collect();

        // Obstacles: markers and line segments; labels are added as placed.
        let markers: Vec<Rect> = points
            .iter()
            .flatten()
            .map(|p| {
                Rect::new(
                    p.x - MARKER_R,
                    p.y - MARKER_R,
                    2.0 * MARKER_R,
                    2.0 * MARKER_R,
                )
            })
            .collect();
        let segments: Vec<(Point, Point)> = points
            .iter()
            .flat_map(|pts| pts.windows(2).map(|w| (w[0], w[1])))
            .collect();
        let bounds = Rect::new(body.x, body.y, body.width, plot_bottom - body.y);
        let mut labels: Vec<(String, Rect)> = Vec::new();
        for (s, pts) in spec.series.iter().zip(&points) {
            for (&v, &p) in s.values.iter().zip(pts) {
                let text = format_count(v, spec.labels.undisclosed);
                let rect = place_label(&text, p, style, bounds, &labels, &markers, &segments);
                labels.push((text, rect));
            }
        }
        if retry_for_headroom(&labels, body, attempt, &mut headroom)? {
            continue;
        }

        draw_axis(c, &axis, plot_x, body.right(), plot_x - 3.0, style)?;
        for (j, pts) in points.iter().enumerate() {
            let color = palette[j % palette.len()];
            if pts.len() > 1 {
                c.polyline(pts, color, LINE_WIDTH, false)?;
            }
            for &p in pts {
                c.marker(p, Shape::for_series(j), MARKER_R, color)?;
            }
        }
        c.value_labels(&labels, size, style.color)?;
        for (i, lines) in cat_lines.iter().enumerate() {
            let face = style.fonts.regular;
            c.lines(
                lines,
                x_of(i),
                plot_bottom + 2.0,
                face,
                size,
                style.color,
                HPos::Center,
            )?;
        }
        return Ok(());
    }
}

/// The first free spot for a point's label: above, below, upper right,
/// upper left; failing that the first clear of other labels, stacking
/// upwards as a last resort.
fn place_label(
    text: &str,
    p: Point,
    style: &Style,
    bounds: Rect,
    labels: &[(String, Rect)],
    markers: &[Rect],
    segments: &[(Point, Point)],
) -> Rect {
    let r = MARKER_R;
    let candidates = [
        text_box(
            text,
            p.x,
            p.y - r - 1.0,
            style.fonts.regular,
            style.size,
            HPos::Center,
            VPos::Bottom,
        ),
        text_box(
            text,
            p.x,
            p.y + r + 1.0,
            style.fonts.regular,
            style.size,
            HPos::Center,
            VPos::Top,
        ),
        text_box(
            text,
            p.x + r + 1.5,
            p.y - r,
            style.fonts.regular,
            style.size,
            HPos::Left,
            VPos::Bottom,
        ),
        text_box(
            text,
            p.x - r - 1.5,
            p.y - r,
            style.fonts.regular,
            style.size,
            HPos::Right,
            VPos::Bottom,
        ),
        text_box(
            text,
            p.x + r + 1.5,
            p.y + r,
            style.fonts.regular,
            style.size,
            HPos::Left,
            VPos::Top,
        ),
        text_box(
            text,
            p.x - r - 1.5,
            p.y + r,
            style.fonts.regular,
            style.size,
            HPos::Right,
            VPos::Top,
        ),
    ];
    let inside = |rect: &Rect| {
        rect.x >= bounds.x - 0.01
            && rect.right() <= bounds.right() + 0.01
            && rect.bottom() <= bounds.bottom() + 0.01
    };
    let clear_of_text = |rect: &Rect| {
        !labels.iter().any(|(_, l)| l.overlaps(rect)) && !markers.iter().any(|m| m.overlaps(rect))
    };
    let clear_of_lines = |rect: &Rect| !segments.iter().any(|&(a, b)| segment_hits(a, b, rect));
    if let Some(rect) = candidates
        .iter()
        .find(|r| inside(r) && r.y >= bounds.y && clear_of_text(r) && clear_of_lines(r))
    {
        return *rect;
    }
    if let Some(rect) = candidates.iter().find(|r| inside(r) && clear_of_text(r)) {
        return *rect;
    }
    let mut rect = candidates[0];
    while let Some(hit) = labels.iter().find(|(_, l)| l.overlaps(&rect)) {
        rect.y = hit.1.y - rect.height - 0.2;
    }
    rect
}

/// Whether the segment a–b passes through the interior of `rect`
/// (Liang–Barsky clipping).
fn segment_hits(a: Point, b: Point, rect: &Rect) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let mut t0: f32 = 0.0;
    let mut t1: f32 = 1.0;
    for (p, q) in [
        (-dx, a.x - rect.x),
        (dx, rect.right() - a.x),
        (-dy, a.y - rect.y),
        (dy, rect.bottom() - a.y),
    ] {
        if p.abs() < 1e-9 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1 - 1e-4
}
