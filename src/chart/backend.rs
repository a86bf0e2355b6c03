//! [`FrameBackend`]: a plotters [`DrawingBackend`] that writes vector paths and
//! text runs into a [`Frame`], inside a given area of the page.
//!
//! plotters works in integer "pixels"; here one pixel is 1/[`UNITS_PER_PT`] of
//! a point, so rounding stays far below what the eye (or the tests) can see.
//! Text is never rasterised: `draw_text` emits a [`TextRun`] in one of the
//! embedded faces and `estimate_text_size` measures with the same metrics.

use std::cell::Cell;
use std::rc::Rc;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

use crate::fonts::{self, Face, FontSet};
use crate::frame::{Frame, NodeId, Path, Point, Rect, Rgb, Stroke, TextRun};

/// Backend units per point: plotters coordinates are hundredths of a point.
pub const UNITS_PER_PT: f32 = 100.0;

/// Points closer than this (in points) to the chord of their neighbours are
/// dropped from polygons and polylines (plotters' pie wedges come with a
/// vertex every few hundredths of a degree).
const SIMPLIFY_TOLERANCE: f32 = 0.02;

/// Converts a length in points to backend units.
pub fn units(pt: f32) -> i32 {
    (pt * UNITS_PER_PT).round() as i32
}

/// What the backend refuses to draw.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BackendError(pub String);

/// Switches the structure node that subsequent items are tagged with
/// (`None` marks decoration such as gridlines). Obtained from
/// [`FrameBackend::node_switch`] before the backend moves into a drawing area.
#[derive(Debug, Clone)]
pub struct NodeSwitch(Rc<Cell<Option<NodeId>>>);

impl NodeSwitch {
    pub fn set(&self, node: Option<NodeId>) {
        self.0.set(node);
    }

    pub fn get(&self) -> Option<NodeId> {
        self.0.get()
    }
}

/// A plotters backend drawing into `area` of a [`Frame`].
pub struct FrameBackend<'f> {
    frame: &'f mut Frame,
    area: Rect,
    node: Rc<Cell<Option<NodeId>>>,
    fonts: FontSet,
}

impl<'f> FrameBackend<'f> {
    /// Items are tagged with `node` until a [`NodeSwitch`] changes it.
    pub fn new(frame: &'f mut Frame, area: Rect, node: Option<NodeId>, fonts: FontSet) -> Self {
        Self {
            frame,
            area,
            node: Rc::new(Cell::new(node)),
            fonts,
        }
    }

    pub fn node_switch(&self) -> NodeSwitch {
        NodeSwitch(Rc::clone(&self.node))
    }

    /// A backend coordinate as a page point.
    fn point(&self, (x, y): BackendCoord) -> Point {
        Point::new(
            self.area.x + x as f32 / UNITS_PER_PT,
            self.area.y + y as f32 / UNITS_PER_PT,
        )
    }

    fn emit(&mut self, path: Path) {
        let node = self.node.get();
        self.frame.path(path, node);
    }

    fn polygon(
        &mut self,
        points: Vec<BackendCoord>,
        color: BackendColor,
        closed: bool,
        width: u32,
    ) {
        if color.alpha == 0.0 || points.len() < 2 {
            return;
        }
        let pts: Vec<Point> = points.into_iter().map(|c| self.point(c)).collect();
        let pts = simplify(&pts, SIMPLIFY_TOLERANCE);
        let rgb = to_rgb(color);
        let path = if closed {
            Path {
                rings: vec![pts],
                fill: Some(rgb),
                stroke: None,
                closed: true,
            }
        } else {
            Path {
                rings: vec![pts],
                fill: None,
                stroke: Some(Stroke {
                    color: rgb,
                    width: width.max(1) as f32 / UNITS_PER_PT,
                }),
                closed: false,
            }
        };
        self.emit(path);
    }
}

fn to_rgb(color: BackendColor) -> Rgb {
    Rgb(color.rgb.0, color.rgb.1, color.rgb.2)
}

/// The sheet's face for a plotters font style: charts set labels in the
/// regular face, titles in bold and notes in italic, so the style alone
/// says which face is meant.
pub fn face_for(fonts: &FontSet, style: FontStyle) -> Face {
    match style {
        FontStyle::Bold => fonts.bold,
        FontStyle::Italic | FontStyle::Oblique => fonts.italic,
        FontStyle::Normal => fonts.regular,
    }
}

/// Ramer–Douglas–Peucker on an open run of points; the ends are kept.
fn simplify(points: &[Point], tolerance: f32) -> Vec<Point> {
    let mut pts: Vec<Point> = Vec::with_capacity(points.len());
    for &p in points {
        if pts
            .last()
            .is_none_or(|q: &Point| (q.x - p.x).abs() > 1e-4 || (q.y - p.y).abs() > 1e-4)
        {
            pts.push(p);
        }
    }
    if pts.len() <= 2 {
        return pts;
    }
    let mut keep = vec![false; pts.len()];
    keep[0] = true;
    keep[pts.len() - 1] = true;
    let mut stack = vec![(0, pts.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (pts[a], pts[b]);
        let (dx, dy) = (pb.x - pa.x, pb.y - pa.y);
        let len = (dx * dx + dy * dy).sqrt();
        let mut worst = (0.0f32, a);
        for (i, p) in pts.iter().enumerate().take(b).skip(a + 1) {
            let d = if len < 1e-6 {
                ((p.x - pa.x).powi(2) + (p.y - pa.y).powi(2)).sqrt()
            } else {
                ((p.x - pa.x) * dy - (p.y - pa.y) * dx).abs() / len
            };
            if d > worst.0 {
                worst = (d, i);
            }
        }
        if worst.0 > tolerance {
            keep[worst.1] = true;
            stack.push((a, worst.1));
            stack.push((worst.1, b));
        }
    }
    pts.into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

impl DrawingBackend for FrameBackend<'_> {
    type ErrorType = BackendError;

    fn get_size(&self) -> (u32, u32) {
        (
            units(self.area.width).max(0) as u32,
            units(self.area.height).max(0) as u32,
        )
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        Ok(())
    }

    /// A one-unit square; the chart code never draws single pixels.
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        if color.alpha > 0.0 {
            let p = self.point(point);
            let u = 1.0 / UNITS_PER_PT;
            self.emit(Path::rect(Rect::new(p.x, p.y, u, u), to_rgb(color)));
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        self.polygon(vec![from, to], style.color(), false, style.stroke_width());
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (a, b) = (self.point(upper_left), self.point(bottom_right));
        let rect = Rect::new(a.x, a.y, b.x - a.x, b.y - a.y);
        let mut path = Path::rect(rect, to_rgb(color));
        if !fill {
            path.fill = None;
            path.stroke = Some(Stroke {
                color: to_rgb(color),
                width: style.stroke_width().max(1) as f32 / UNITS_PER_PT,
            });
        }
        self.emit(path);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        self.polygon(
            path.into_iter().collect(),
            style.color(),
            false,
            style.stroke_width(),
        );
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        let color = style.color();
        if color.alpha == 0.0 || radius == 0 {
            return Ok(());
        }
        let r = radius as f32 / UNITS_PER_PT;
        let c = self.point(center);
        // Enough segments that the chord sits within the simplify tolerance.
        let segments = ((std::f32::consts::PI / (2.0 * SIMPLIFY_TOLERANCE / r).sqrt().min(1.0))
            .ceil() as usize)
            .clamp(12, 256);
        let ring: Vec<Point> = (0..segments)
            .map(|i| {
                let t = i as f32 / segments as f32 * std::f32::consts::TAU;
                Point::new(c.x + r * t.cos(), c.y + r * t.sin())
            })
            .collect();
        let rgb = to_rgb(color);
        self.emit(Path {
            rings: vec![ring],
            fill: fill.then_some(rgb),
            stroke: (!fill).then_some(Stroke {
                color: rgb,
                width: style.stroke_width().max(1) as f32 / UNITS_PER_PT,
            }),
            closed: true,
        });
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        self.polygon(vert.into_iter().collect(), style.color(), true, 0);
        Ok(())
    }

    /// Emits a [`TextRun`] per line (`\n` separates lines, so wrapped
    /// axis labels come through the mesh whole). The anchor is read against
    /// the block of lines (ascender of the first to descender of the last,
    /// as wide as the widest): `VPos::Top` is its top, `Center` its middle,
    /// `Bottom` its bottom; each line is aligned by the anchor's `HPos`.
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        let color = style.color();
        if text.is_empty() || color.alpha == 0.0 {
            return Ok(());
        }
        if !matches!(style.transform(), FontTransform::None) {
            return Err(DrawingErrorKind::DrawingError(BackendError(
                "rotated text is not supported; charts keep all text horizontal".into(),
            )));
        }
        let face = face_for(&self.fonts, style.style());
        let size = style.size() as f32 / UNITS_PER_PT;
        let m = fonts::metrics(face);
        let line_height = (m.ascent + m.descent) * size;
        let lines: Vec<&str> = text.split('\n').collect();
        let block = line_height * lines.len() as f32;
        let anchor = self.point(pos);
        let anchor_pos = style.anchor();
        let top = match anchor_pos.v_pos {
            VPos::Top => anchor.y,
            VPos::Bottom => anchor.y - block,
            VPos::Center => anchor.y - block / 2.0,
        };
        let node = self.node.get();
        for (i, line) in lines.into_iter().enumerate() {
            let width = fonts::width(face, size, line);
            let x = match anchor_pos.h_pos {
                HPos::Left => anchor.x,
                HPos::Right => anchor.x - width,
                HPos::Center => anchor.x - width / 2.0,
            };
            let baseline = top + line_height * i as f32 + m.ascent * size;
            self.frame.text(
                TextRun {
                    origin: Point::new(x, baseline),
                    face,
                    size,
                    color: to_rgb(color),
                    text: line.to_string(),
                    width,
                },
                node,
            );
        }
        Ok(())
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<BackendError>> {
        let face = face_for(&self.fonts, style.style());
        let size = style.size() as f32 / UNITS_PER_PT;
        let m = fonts::metrics(face);
        let widest = text
            .split('\n')
            .map(|line| fonts::width(face, size, line))
            .fold(0.0, f32::max);
        let lines = text.split('\n').count() as f32;
        Ok((
            (widest * UNITS_PER_PT).ceil() as u32,
            ((m.ascent + m.descent) * size * lines * UNITS_PER_PT).ceil() as u32,
        ))
    }
}
