//! Line charts: one `LineSeries` per series over the categories (years) on
//! a [`CategoryPlot`], a marker shape per series so the series differ by
//! more than colour, and every point labelled where it collides with
//! nothing.

use plotters::coord::CoordTranslate;
use plotters::element::{Circle, EmptyElement, Polygon};
use plotters::prelude::{DrawingArea, LineSeries};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use plotters_backend::DrawingBackend;

use super::backend::units;
use super::canvas::{check, plot_color, stroke, text_box, Canvas};
use super::plot::CategoryPlot;
use super::{
    lift_clear_of, line_height, retry_for_headroom, undisclosed, ChartError, ChartSpec, Style,
};
use crate::frame::{Point, Rect, Rgb};

/// Radius of a point marker, in points.
const MARKER_R: f32 = 2.2;
pub(super) const LINE_WIDTH: f32 = 1.5;

/// Where an undisclosed count is plotted: inside the "fewer than 3" band,
/// the same for 1 and 2.
const UNDISCLOSED_AT: f64 = 1.5;

/// Point marker shapes, so line series differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
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

/// The corners of a marker's polygon around its point, in backend
/// units; `None` for the circle.
fn outline(shape: Shape) -> Option<Vec<(i32, i32)>> {
    let corner = |x: f32, y: f32| (units(x), units(y));
    let (s, d) = (MARKER_R * 0.9, MARKER_R * 1.25);
    match shape {
        Shape::Circle => None,
        Shape::Square => Some(vec![
            corner(-s, -s),
            corner(s, -s),
            corner(s, s),
            corner(-s, s),
        ]),
        Shape::Triangle => Some(vec![
            corner(0.0, -d),
            corner(d * 0.95, d * 0.7),
            corner(-d * 0.95, d * 0.7),
        ]),
        Shape::Diamond => Some(vec![
            corner(0.0, -d),
            corner(d, 0.0),
            corner(0.0, d),
            corner(-d, 0.0),
        ]),
    }
}

/// Point markers of `shape` at `points` of `area` (a chart's plotting area
/// or the whole canvas).
pub(crate) fn draw_markers<DB: DrawingBackend, CT: CoordTranslate>(
    area: &DrawingArea<DB, CT>,
    points: &[CT::From],
    shape: Shape,
    color: Rgb,
) -> Result<(), ChartError>
where
    CT::From: Clone,
{
    let fill = plot_color(color).filled();
    for p in points {
        let at = EmptyElement::at(p.clone());
        match outline(shape) {
            None => check(area.draw(&(at + Circle::new((0, 0), units(MARKER_R), fill))))?,
            Some(corners) => check(area.draw(&(at + Polygon::new(corners, fill))))?,
        }
    }
    Ok(())
}

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
    loop {
        attempt += 1;
        let plot = CategoryPlot::settle(body, spec, style, max_value, headroom)?;
        let points: Vec<Vec<Point>> = spec
            .series
            .iter()
            .map(|s| {
                s.values
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| Point::new(plot.x(i as f64 + 0.5), plot.y(plotted(v))))
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
        let bounds = Rect::new(body.x, body.y, body.width, plot.plot.bottom() - body.y);
        let mut labels: Vec<(String, Rect)> = Vec::new();
        for (s, pts) in spec.series.iter().zip(&points) {
            for (&v, &p) in s.values.iter().zip(pts) {
                let text = spec.labels.count(v);
                let rect = place_label(&text, p, style, bounds, &labels, &markers, &segments);
                labels.push((text, rect));
            }
        }
        if retry_for_headroom(&labels, body, attempt, &mut headroom)? {
            continue;
        }

        plot.draw(c, style, spec, |chart| {
            for (j, s) in spec.series.iter().enumerate() {
                let color = palette[j % palette.len()];
                let data: Vec<(f64, f64)> = s
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (i as f64 + 0.5, plotted(v)))
                    .collect();
                if data.len() > 1 {
                    check(chart.draw_series(LineSeries::new(
                        data.iter().copied(),
                        stroke(color, LINE_WIDTH),
                    )))?;
                }
                draw_markers(chart.plotting_area(), &data, Shape::for_series(j), color)?;
            }
            Ok(())
        })?;
        c.value_labels(&labels, size, style.color)?;
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
    let (face, size) = (style.fonts.regular, style.size);
    let candidates = [
        (p.x, p.y - r - 1.0, HPos::Center, VPos::Bottom),
        (p.x, p.y + r + 1.0, HPos::Center, VPos::Top),
        (p.x + r + 1.5, p.y - r, HPos::Left, VPos::Bottom),
        (p.x - r - 1.5, p.y - r, HPos::Right, VPos::Bottom),
        (p.x + r + 1.5, p.y + r, HPos::Left, VPos::Top),
        (p.x - r - 1.5, p.y + r, HPos::Right, VPos::Top),
    ]
    .map(|(x, y, h, v)| text_box(text, x, y, face, size, h, v));
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
    lift_clear_of(labels, candidates[0])
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
