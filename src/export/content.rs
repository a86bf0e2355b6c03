//! The page's content stream, written as bytes straight from the Frame.
//!
//! printpdf would turn each drawing step into a heap-allocated operation,
//! then into a lopdf operation, and lopdf would format every number to nine
//! digits: most of the time a sheet spent in PDF writing, for a stream that
//! comes out larger. Here each item is written once, with numbers as short
//! as their precision allows. printpdf still writes the document around it
//! (fonts, resources, annotations); `pdf.rs` puts this stream in its page.
//!
//! Each run of items with the same structure node is one marked-content
//! sequence; decoration is marked as an artifact. Graphics state persists
//! through text objects and marked content, so a colour, line width or
//! font is set only when it changes.

use std::collections::BTreeMap;

use crate::fonts::Face;
use crate::frame::{Content, Frame, NodeId, Path, Point, Rgb, TextRun};

/// What the content stream needs to know of an embedded face.
pub struct FontResource {
    /// The name of the font in the page's resources.
    pub name: String,
    /// The Identity-H code of each character the page shows in this face:
    /// its glyph in the embedded (subset) program, or that glyph's CID in
    /// a CID-keyed CFF program.
    codes: BTreeMap<char, u16>,
    /// The same codes indexed by character, for the characters below
    /// [`DIRECT_CHARS`] (0 for those not shown): every character shown is
    /// looked up, some 4,000 a page.
    direct: Vec<u16>,
}

/// Characters below this (the scripts sheets are written in) are looked up
/// by value, here and when the characters each face shows are collected.
pub(super) const DIRECT_CHARS: usize = 0x3000;

impl FontResource {
    pub fn new(name: String, codes: BTreeMap<char, u16>) -> Self {
        let mut direct = Vec::new();
        for (&c, &code) in codes
            .iter()
            .take_while(|(&c, _)| (c as usize) < DIRECT_CHARS)
        {
            direct.resize(c as usize + 1, 0);
            direct[c as usize] = code;
        }
        FontResource {
            name,
            codes,
            direct,
        }
    }

    /// The code of `c`; 0 (.notdef) for a character the face lacks.
    pub fn code(&self, c: char) -> u16 {
        match self.direct.get(c as usize) {
            Some(&code) => code,
            None => self.codes.get(&c).copied().unwrap_or(0),
        }
    }

    /// The characters the page shows in this face, in order.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.codes.keys().copied()
    }
}

/// Where each marked-content sequence and link annotation belongs in the
/// structure tree; the accessibility pass builds the tree from it.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// `mcids[i]` is the structure node of marked-content id `i`.
    pub mcids: Vec<NodeId>,
    /// The structure node of each link annotation, in page order.
    pub links: Vec<NodeId>,
}

/// The content stream of `frame`'s page and the structure marks in it.
/// Links are not content: they only add their nodes to the marks.
pub fn write<'a>(frame: &Frame, font: impl Fn(Face) -> &'a FontResource) -> (Vec<u8>, Marks) {
    let mut w = Writer {
        out: Vec::with_capacity(64 * 1024),
        height: frame.height,
        fill: None,
        stroke: None,
        stroke_width: None,
        font: None,
    };
    let mut marks = Marks::default();
    let mut open: Option<Option<NodeId>> = None;
    for item in &frame.items {
        if let Content::Link(_) = &item.content {
            marks.links.push(item.node.unwrap_or(Frame::ROOT));
            continue;
        }
        if open != Some(item.node) {
            if open.is_some() {
                w.op("EMC");
            }
            match item.node {
                Some(node) => {
                    let mcid = marks.mcids.len();
                    marks.mcids.push(node);
                    w.out.push(b'/');
                    w.out.extend_from_slice(tag(frame, node).as_bytes());
                    w.out.extend_from_slice(b" <</MCID ");
                    w.integer(mcid);
                    w.out.extend_from_slice(b">> BDC\n");
                }
                None => w.op("/Artifact BMC"),
            }
            open = Some(item.node);
        }
        match &item.content {
            Content::Text(run) => w.text(run, font(run.face)),
            Content::Path(path) => w.path(path),
            Content::Link(_) => unreachable!("links are handled above"),
        }
    }
    if open.is_some() {
        w.op("EMC");
    }
    (w.out, marks)
}

/// The structure tag a node's marked content carries.
pub fn tag(frame: &Frame, node: NodeId) -> &'static str {
    use crate::frame::Role::*;
    match frame.nodes[node].role {
        Document => "Document",
        Sect => "Sect",
        H1 => "H1",
        H2 => "H2",
        H3 => "H3",
        P => "P",
        L => "L",
        LI => "LI",
        Lbl => "Lbl",
        LBody => "LBody",
        Link => "Link",
        Figure { .. } => "Figure",
        Table => "Table",
        TR => "TR",
        TH => "TH",
        TD => "TD",
    }
}

/// The stream being written and the graphics state it has set.
struct Writer {
    out: Vec<u8>,
    /// Page height: the Frame's y runs down, PDF's up.
    height: f32,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    stroke_width: Option<f32>,
    font: Option<(Face, f32)>,
}

impl Writer {
    fn op(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    fn text(&mut self, run: &TextRun, font: &FontResource) {
        self.op("BT");
        if self.font != Some((run.face, run.size)) {
            self.font = Some((run.face, run.size));
            self.out.push(b'/');
            self.out.extend_from_slice(font.name.as_bytes());
            self.out.push(b' ');
            self.number::<10_000>(run.size);
            self.op(" Tf");
        }
        if self.fill != Some(run.color) {
            self.fill = Some(run.color);
            self.color(run.color, "rg");
        }
        // A text object starts at the identity: a move places the run.
        self.point(run.origin);
        self.out.extend_from_slice(b" Td\n(");
        for c in run.text.chars() {
            // A character the face lacks was refused when it was subset,
            // but for control characters, which show as nothing (.notdef).
            let code = font.code(c);
            // Two bytes a glyph (Identity-H), as a literal string: half the
            // bytes of hex to write and to deflate. Parentheses and
            // backslashes are escaped, and so is a carriage return, which a
            // reader would take for an end of line.
            for byte in code.to_be_bytes() {
                match byte {
                    b'(' | b')' | b'\\' => self.out.extend_from_slice(&[b'\\', byte]),
                    b'\r' => self.out.extend_from_slice(b"\\r"),
                    _ => self.out.push(byte),
                }
            }
        }
        self.out.extend_from_slice(b") Tj\nET\n");
    }

    fn path(&mut self, path: &Path) {
        if path.rings.iter().all(Vec::is_empty) {
            return;
        }
        if let Some(fill) = path.fill.filter(|&f| self.fill != Some(f)) {
            self.fill = Some(fill);
            self.color(fill, "rg");
        }
        if let Some(stroke) = path.stroke {
            if self.stroke != Some(stroke.color) {
                self.stroke = Some(stroke.color);
                self.color(stroke.color, "RG");
            }
            if self.stroke_width != Some(stroke.width) {
                self.stroke_width = Some(stroke.width);
                self.number::<100>(stroke.width);
                self.op(" w");
            }
        }
        for ring in path.rings.iter().filter(|ring| !ring.is_empty()) {
            for (i, &p) in ring.iter().enumerate() {
                self.point(p);
                self.op(if i == 0 { " m" } else { " l" });
            }
            // A closed ring is closed; an open line is stroked on its own.
            self.op(if path.closed { "h" } else { "S" });
        }
        if path.closed {
            // Even-odd, so a county's holes stay holes.
            self.op(match (path.fill.is_some(), path.stroke.is_some()) {
                (true, true) => "b*",
                (false, true) => "S",
                _ => "f*",
            });
        }
    }

    /// A Frame point in PDF coordinates, to a hundredth of a point: far
    /// below what print or screen shows.
    fn point(&mut self, p: Point) {
        self.number::<100>(p.x);
        self.out.push(b' ');
        self.number::<100>(self.height - p.y);
    }

    /// An 8-bit colour in thousandths, which read back to the same byte.
    fn color(&mut self, rgb: Rgb, op: &str) {
        for (i, channel) in [rgb.0, rgb.1, rgb.2].into_iter().enumerate() {
            if i > 0 {
                self.out.push(b' ');
            }
            self.number::<1000>(f32::from(channel) / 255.0);
        }
        self.out.push(b' ');
        self.op(op);
    }

    /// `value` rounded to 1/`SCALE` (a power of ten), without trailing
    /// zeros. The scale is a constant so that its divisions compile to
    /// multiplications: a page writes some 4,000 numbers.
    fn number<const SCALE: u64>(&mut self, value: f32) {
        // In f32, as the Frame holds it: the same rounding as the layout sees.
        let scaled = (value * SCALE as f32).round() as i64;
        if scaled < 0 {
            self.out.push(b'-');
        }
        let scaled = scaled.unsigned_abs();
        self.integer(scaled / SCALE);
        let mut fraction = scaled % SCALE;
        if fraction == 0 {
            return;
        }
        self.out.push(b'.');
        let mut digit = SCALE / 10;
        while fraction > 0 {
            self.out.push(b'0' + (fraction / digit) as u8);
            fraction %= digit;
            digit /= 10;
        }
    }

    fn integer(&mut self, value: impl itoa::Integer) {
        super::file::integer(&mut self.out, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(value: f32, scale: u32) -> String {
        let mut w = Writer {
            out: Vec::new(),
            height: 0.0,
            fill: None,
            stroke: None,
            stroke_width: None,
            font: None,
        };
        match scale {
            1 => w.number::<1>(value),
            100 => w.number::<100>(value),
            1000 => w.number::<1000>(value),
            10_000 => w.number::<10_000>(value),
            _ => unreachable!("the scales the page is written at"),
        }
        String::from_utf8(w.out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_their_precision() {
        assert_eq!(number(0.0, 100), "0");
        assert_eq!(number(-0.001, 100), "0");
        assert_eq!(number(612.0, 100), "612");
        assert_eq!(number(123.456, 100), "123.46");
        assert_eq!(number(710.04, 100), "710.04");
        assert_eq!(number(0.5, 100), "0.5");
        assert_eq!(number(-12.3, 100), "-12.3");
        assert_eq!(number(10.6375, 10_000), "10.6375");
        assert_eq!(number(i32::MAX as f32, 1), "2147483648");
    }

    /// Glyph ids whose bytes are string delimiters, a backslash or a
    /// carriage return read back as the same two bytes a glyph.
    #[test]
    fn glyph_strings_read_back_whole() {
        use crate::fonts::FontSet;
        use crate::frame::{Point, TextRun};
        let face = FontSet::embedded().regular;
        let glyphs = [('a', 0x0028), ('b', 0x5C0D), ('c', 0x2900), ('d', 0x0A0A)];
        let font = FontResource::new("F".to_string(), glyphs.into_iter().collect());
        let mut frame = Frame::new(612.0, 792.0);
        frame.text(
            TextRun {
                origin: Point::new(36.0, 100.0),
                face,
                size: 8.0,
                color: Rgb(0x22, 0x22, 0x22),
                text: "abcd".to_string(),
                width: 20.0,
            },
            Some(Frame::ROOT),
        );
        let (stream, marks) = write(&frame, |_| &font);
        assert_eq!(marks.mcids, [Frame::ROOT]);
        let content = lopdf::content::Content::decode(&stream).unwrap();
        let shown: Vec<&lopdf::Object> = content
            .operations
            .iter()
            .filter(|op| op.operator == "Tj")
            .map(|op| &op.operands[0])
            .collect();
        let expected: Vec<u8> = glyphs
            .iter()
            .flat_map(|(_, g)| u16::to_be_bytes(*g))
            .collect();
        assert_eq!(shown, [&lopdf::Object::string_literal(expected)]);
        let moves: Vec<&lopdf::content::Operation> = content
            .operations
            .iter()
            .filter(|op| op.operator == "Td")
            .collect();
        assert_eq!(moves[0].operands, [36.into(), 692.into()]);
    }

    /// A path of no points paints nothing (a lone `f*` would be an error
    /// in the stream); a path of two rings closes each and fills once.
    #[test]
    fn paths_close_each_ring_and_skip_empty_ones() {
        use crate::frame::{Path, Point};
        let ring = |x: f32| {
            vec![
                Point::new(x, 10.0),
                Point::new(x + 5.0, 10.0),
                Point::new(x, 15.0),
            ]
        };
        let fill = Some(Rgb(0x1B, 0x3A, 0x5C));
        let mut frame = Frame::new(612.0, 792.0);
        for rings in [vec![], vec![vec![]], vec![ring(10.0), ring(20.0)]] {
            let path = Path {
                rings,
                fill,
                stroke: None,
                closed: true,
            };
            frame.path(path, None);
        }
        let font = FontResource::new("F".to_string(), BTreeMap::new());
        let (stream, _) = write(&frame, |_| &font);
        let ops: Vec<String> = lopdf::content::Content::decode(&stream)
            .unwrap()
            .operations
            .into_iter()
            .map(|op| op.operator)
            .collect();
        let painting: Vec<&str> = ops
            .iter()
            .map(String::as_str)
            .filter(|op| ["m", "h", "f*"].contains(op))
            .collect();
        assert_eq!(painting, ["m", "h", "m", "h", "f*"]);
    }

    #[test]
    fn colours_read_back_to_their_bytes() {
        for byte in 0..=255u8 {
            let written: f32 = number(f32::from(byte) / 255.0, 1000).parse().unwrap();
            assert_eq!((written * 255.0).round() as u8, byte);
        }
    }
}
