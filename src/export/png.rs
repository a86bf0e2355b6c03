//! Frame → PNG: the page rasterised for previews and diff images.
//!
//! Paths and glyph outlines are filled and stroked with tiny-skia, anti-aliased,
//! the way a PDF viewer paints the same Frame: the same fonts and advance
//! widths, even-odd fills, PDF's default butt caps and miter joins. Links are
//! not drawn (they carry no ink on paper either).

use std::collections::hash_map::{Entry, HashMap};

use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Stroke as SkiaStroke, Transform};

use crate::fonts::{self, Face, Outlines};
use crate::frame::{Content, Frame, Path, Rgb, TextRun};

/// The resolution of `build --png` unless `--dpi` says otherwise.
pub const DEFAULT_DPI: u32 = 110;

/// The resolutions a preview may have: enough for a thumbnail up to print
/// quality; above it a Letter page would take over 200 MB of memory.
pub const DPI_RANGE: std::ops::RangeInclusive<u32> = 10..=1200;

/// Why a Frame could not be rasterised.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The resolution gives no pixels or more than memory allows.
    #[error(
        "cannot draw the page at {dpi} dpi; use {} to {} dpi",
        DPI_RANGE.start(),
        DPI_RANGE.end()
    )]
    Size { dpi: u32 },
    /// A face's outlines do not read.
    #[error("cannot draw the font {face:?}: {reason}")]
    Font { face: Face, reason: String },
    #[error("cannot write the PNG: {0}")]
    Encode(String),
}

/// The page's size in pixels at `dpi`: rounded up, as PDF rasterisers do, so
/// a preview and `pdftoppm -r DPI` of the sheet have the same size.
pub fn pixel_size(frame: &Frame, dpi: u32) -> (u32, u32) {
    let scale = dpi as f32 / 72.0;
    let side = |points: f32| (points * scale - 0.01).ceil().max(1.0) as u32;
    (side(frame.width), side(frame.height))
}

/// The page drawn on white at `dpi`.
pub fn render(frame: &Frame, dpi: u32) -> Result<Pixmap, PngError> {
    if !DPI_RANGE.contains(&dpi) {
        return Err(PngError::Size { dpi });
    }
    let (width, height) = pixel_size(frame, dpi);
    let mut pixmap = Pixmap::new(width, height).ok_or(PngError::Size { dpi })?;
    pixmap.fill(Color::WHITE);
    let mut painter = Painter {
        pixmap: &mut pixmap,
        scale: Transform::from_scale(dpi as f32 / 72.0, dpi as f32 / 72.0),
        glyphs: Glyphs::default(),
    };
    for item in &frame.items {
        match &item.content {
            Content::Text(run) => painter.text(run)?,
            Content::Path(path) => painter.path(path),
            Content::Link(_) => {}
        }
    }
    Ok(pixmap)
}

/// PNG bytes of a drawn page.
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, PngError> {
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

/// The page as PNG bytes at `dpi`.
pub fn write(frame: &Frame, dpi: u32) -> Result<Vec<u8>, PngError> {
    encode(&render(frame, dpi)?)
}

/// A solid paint of a Frame colour, anti-aliased.
pub fn paint(color: Rgb, alpha: u8) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(color.0, color.1, color.2, alpha);
    paint.anti_alias = true;
    paint
}

struct Painter<'a> {
    pixmap: &'a mut Pixmap,
    /// Points to pixels.
    scale: Transform,
    glyphs: Glyphs,
}

impl Painter<'_> {
    fn path(&mut self, path: &Path) {
        let mut builder = PathBuilder::new();
        for ring in path.rings.iter().filter(|ring| ring.len() > 1) {
            builder.move_to(ring[0].x, ring[0].y);
            for p in &ring[1..] {
                builder.line_to(p.x, p.y);
            }
            if path.closed {
                builder.close();
            }
        }
        let Some(shape) = builder.finish() else {
            return;
        };
        // Open paths are lines: the PDF strokes them and never fills.
        if let (Some(fill), true) = (path.fill, path.closed) {
            self.pixmap.fill_path(
                &shape,
                &paint(fill, 255),
                FillRule::EvenOdd,
                self.scale,
                None,
            );
        }
        if let Some(stroke) = path.stroke {
            let style = SkiaStroke {
                width: stroke.width,
                // PDF's default; tiny-skia's own is 4.
                miter_limit: 10.0,
                ..SkiaStroke::default()
            };
            self.pixmap
                .stroke_path(&shape, &paint(stroke.color, 255), &style, self.scale, None);
        }
    }

    fn text(&mut self, run: &TextRun) -> Result<(), PngError> {
        let paint = paint(run.color, 255);
        let glyphs = self.glyphs.of(run.face)?;
        let em = run.size / glyphs.outlines.units_per_em();
        let px = self.scale.sx;
        // Glyphs sit on whole-pixel baselines at quarter-pixel steps across,
        // as PDF viewers place them (poppler caches each glyph at four
        // horizontal offsets): horizontal strokes stay sharp, and a preview
        // matches the PDF as viewed, to a grey level or two on average.
        let baseline = (run.origin.y * px).floor();
        let mut pen = run.origin.x;
        for c in run.text.chars() {
            let Some(glyph) = fonts::glyph(run.face, c) else {
                continue;
            };
            if let Some(shape) = glyphs.shape(glyph) {
                // Font units, y up → pixels, y down.
                let x = (pen * px * 4.0).floor() / 4.0;
                let place = Transform::from_row(em * px, 0.0, 0.0, -em * px, x, baseline);
                self.pixmap
                    .fill_path(shape, &paint, FillRule::Winding, place, None);
            }
            pen += fonts::glyph_advance(run.face, glyph) * run.size;
        }
        Ok(())
    }
}

/// Glyph shapes in font units, built once per page and face.
#[derive(Default)]
struct Glyphs {
    faces: HashMap<Face, FaceGlyphs>,
}

struct FaceGlyphs {
    outlines: Outlines,
    shapes: HashMap<u16, Option<tiny_skia::Path>>,
}

impl Glyphs {
    fn of(&mut self, face: Face) -> Result<&mut FaceGlyphs, PngError> {
        match self.faces.entry(face) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(new) => {
                let outlines =
                    Outlines::of(face).map_err(|reason| PngError::Font { face, reason })?;
                Ok(new.insert(FaceGlyphs {
                    outlines,
                    shapes: HashMap::new(),
                }))
            }
        }
    }
}

impl FaceGlyphs {
    /// The glyph's outline; `None` for a glyph without ink (a space).
    fn shape(&mut self, glyph: u16) -> Option<&tiny_skia::Path> {
        let outlines = &self.outlines;
        self.shapes
            .entry(glyph)
            .or_insert_with(|| {
                let mut sink = Sink(PathBuilder::new());
                outlines
                    .draw(glyph, &mut sink)
                    .then(|| sink.0.finish())
                    .flatten()
            })
            .as_ref()
    }
}

/// Collects a glyph outline into a tiny-skia path.
struct Sink(PathBuilder);

impl ttf_parser::OutlineBuilder for Sink {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}
