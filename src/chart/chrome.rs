//! What surrounds a chart's body: the title at the top, the legend under
//! it, and the source line at the bottom, set in balanced lines.

use plotters::style::text_anchor::HPos;

use super::canvas::{check, Canvas};
use super::line::{draw_markers, Shape};
use super::{line_height, text_width, ChartError, ChartSpec, Style};
use crate::fonts;
use crate::frame::{Point, Rect, Rgb};

/// How a legend entry marks its series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Marker {
    /// A filled square (bars).
    Swatch,
    /// A line with a point marker of this shape (line charts).
    Line(Shape),
}

pub(crate) struct LegendEntry {
    pub name: String,
    pub color: Rgb,
    pub marker: Marker,
}

/// Gap between the chrome and the body.
const GAP: f32 = 3.0;

/// Title at the top, legend under it, source line at the bottom; returns
/// the rectangle left for the chart body.
pub(crate) fn draw(
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
        top = c.lines(&lines, area.x, top, face, size, style.color, HPos::Left)? + GAP;
    }
    if !legend.is_empty() {
        top = draw_legend(c, area, top, style, legend)? + GAP;
    }
    if let Some(source) = spec.source.map(str::trim).filter(|s| !s.is_empty()) {
        let (face, size) = (style.fonts.regular, style.small_size);
        // The one line breaker balances the lines: no word alone at the end.
        let lines = fonts::wrap(face, size, source, area.width);
        bottom -= line_height(face, size) * lines.len() as f32;
        c.lines(&lines, area.x, bottom, face, size, style.color, HPos::Left)?;
        bottom -= GAP;
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
    let (face, size) = (style.fonts.regular, style.size);
    let lh = line_height(face, size);
    let (mut x, mut y) = (area.x, top);
    for entry in legend {
        let key_w = match entry.marker {
            Marker::Swatch => size * 0.9,
            Marker::Line(_) => size * 1.8,
        };
        let w = key_w + 2.5 + text_width(face, size, &entry.name);
        if x > area.x && x + w > area.right() {
            x = area.x;
            y += lh + 1.0;
        }
        let lines = fonts::wrap(face, size, &entry.name, area.right() - x - key_w - 2.5);
        let mid = y + lh / 2.0;
        match entry.marker {
            Marker::Swatch => {
                let s = size * 0.9;
                let r = Rect::new(x, mid - s / 2.0, s, s);
                let corners = [
                    c.at(Point::new(r.x, r.y)),
                    c.at(Point::new(r.right(), r.bottom())),
                ];
                check(c.area().draw(&plotters::prelude::Rectangle::new(
                    corners,
                    plotters::style::Color::filled(&super::canvas::plot_color(entry.color)),
                )))?;
            }
            Marker::Line(shape) => {
                let (from, to) = (c.at(Point::new(x, mid)), c.at(Point::new(x + key_w, mid)));
                check(c.area().draw(&plotters::prelude::PathElement::new(
                    vec![from, to],
                    super::canvas::stroke(entry.color, super::line::LINE_WIDTH),
                )))?;
                let at = c.at(Point::new(x + key_w / 2.0, mid));
                draw_markers(c.area(), &[at], shape, entry.color)?;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    #[test]
    fn source_lines_are_balanced() {
        let face = FontSet::embedded().regular;
        let text = "Source: National Human Trafficking Hotline, Missouri, 2012–2016.";
        let width = text_width(face, 6.75, text) * 0.9;
        // Filled greedily, the last line would be "2012–2016." alone.
        let balanced = fonts::wrap(face, 6.75, text, width);
        assert_eq!(balanced.len(), 2);
        assert!(balanced.last().unwrap().contains(' '), "{balanced:?}");
        for line in &balanced {
            assert!(text_width(face, 6.75, line) <= width);
        }
    }
}
