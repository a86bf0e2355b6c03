//! [`Canvas`]: a plotters drawing area over a chart's rectangle, addressed
//! in page points, with the structure node its items are tagged with. The
//! chart kinds place text, rules and wedges through it, and hand its
//! [`Canvas::area`] to `ChartBuilder` for their plots.

use std::fmt;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, FontDesc, IntoDrawingArea, PathElement, Pie, RGBColor, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontFamily, FontStyle, ShapeStyle, TextStyle};

use super::backend::{self, FrameBackend, NodeSwitch};
use super::{line_height, text_width, ChartError};
use crate::fonts::{Face, FontSet};
use crate::frame::{Frame, NodeId, Point, Rect, Rgb};

pub(crate) struct Canvas<'f> {
    da: DrawingArea<FrameBackend<'f>, Shift>,
    switch: NodeSwitch,
    content: Option<NodeId>,
    origin: Point,
    fonts: FontSet,
}

pub(crate) fn plot_color(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// A stroke of `width` points for plotters.
pub(crate) fn stroke(color: Rgb, width: f32) -> ShapeStyle {
    ShapeStyle {
        color: plot_color(color).to_rgba(),
        filled: false,
        stroke_width: backend::units(width).max(1) as u32,
    }
}

/// Checks a plotters result; a failure is a defect, not a data problem.
pub(crate) fn check<T, E: fmt::Debug>(result: Result<T, E>) -> Result<T, ChartError> {
    result.map_err(|e| ChartError::Drawing(format!("{e:?}")))
}

impl<'f> Canvas<'f> {
    /// A canvas over `area` of `frame`; items are tagged with `node`.
    pub fn new(frame: &'f mut Frame, area: Rect, node: Option<NodeId>, fonts: FontSet) -> Self {
        let backend = FrameBackend::new(frame, area, node, fonts);
        let switch = backend.node_switch();
        Self {
            da: backend.into_drawing_area(),
            switch,
            content: node,
            origin: Point::new(area.x, area.y),
            fonts,
        }
    }

    /// The whole drawing area, for elements in backend units.
    pub fn area(&self) -> &DrawingArea<FrameBackend<'f>, Shift> {
        &self.da
    }

    /// The part of the drawing area over `r` (page points), for a
    /// `ChartBuilder`.
    pub fn sub(&self, r: Rect) -> DrawingArea<FrameBackend<'f>, Shift> {
        let (x, y) = self.at(Point::new(r.x, r.y));
        self.da.clone().shrink(
            (x, y),
            (
                backend::units(r.width).max(1) as u32,
                backend::units(r.height).max(1) as u32,
            ),
        )
    }

    /// A page point in backend units.
    pub fn at(&self, p: Point) -> (i32, i32) {
        (
            backend::units(p.x - self.origin.x),
            backend::units(p.y - self.origin.y),
        )
    }

    /// The plotters text style for `face` at `size`: the style alone says
    /// which of the sheet's faces it is ([`backend::face_for`]).
    pub fn font(&self, face: Face, size: f32, color: Rgb) -> TextStyle<'static> {
        let style = if face == self.fonts.bold && face != self.fonts.regular {
            FontStyle::Bold
        } else if face == self.fonts.italic && face != self.fonts.regular {
            FontStyle::Italic
        } else {
            FontStyle::Normal
        };
        FontDesc::new(
            FontFamily::SansSerif,
            f64::from(size * backend::UNITS_PER_PT),
            style,
        )
        .color(&plot_color(color))
    }

    /// Runs `f` with items tagged as decoration.
    pub fn decoration<T>(
        &self,
        f: impl FnOnce() -> Result<T, ChartError>,
    ) -> Result<T, ChartError> {
        self.switch.set(None);
        let r = f();
        self.switch.set(self.content);
        r
    }

    /// A decorative line through `points`.
    pub fn rule(&self, points: &[Point], color: Rgb, width: f32) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points.iter().map(|&p| self.at(p)).collect();
        self.decoration(|| check(self.da.draw(&PathElement::new(pts, stroke(color, width)))))
    }

    /// A pie or donut through plotters' `Pie` element; slices run clockwise
    /// from twelve o'clock. Labels are placed by the chart, not by `Pie`.
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
        check(self.da.draw(&pie))
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
        let style = self.font(face, size, color).pos(Pos::new(h, v));
        check(
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
