//! Line charts: one or more series over the categories (years), a value
//! axis with nice ticks, a marker shape per series and every point labelled.

use plotters::style::text_anchor::{HPos, VPos};

use super::bars::CategoryPlot;
use super::{
    format_count, line_height, retry_for_headroom, text_box, undisclosed, Canvas, ChartError,
    ChartSpec, Shape, Style,
};
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
    let mut axis_w = CategoryPlot::first_axis_width(body, max_value, style);
    loop {
        attempt += 1;
        let plot = CategoryPlot::settle(body, spec, style, max_value, headroom, &mut axis_w)?;
        let (axis, plot_bottom) = (&plot.axis, plot.axis.y0);
        let x_of = |i: usize| plot.center(i);
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

        plot.draw_axis(c, body, style)?;
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
        plot.draw_categories(c, style)?;
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
