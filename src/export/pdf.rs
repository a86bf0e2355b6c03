//! Frame → PDF bytes.
//!
//! printpdf turns the Frame's items into page content; the document it hands
//! over (as lopdf) is then finished here: link annotations become objects of
//! their own, the document info is set, the trailer `/ID` is derived from the
//! content, and the streams are compressed. Fonts are subset here too: printpdf
//! only subsets behind its heavy `text_layout` feature, so each face is cut
//! down to the glyphs the page uses before printpdf sees it.
//!
//! Output is deterministic: resource names come from the face and its glyph
//! set, dates only from `SOURCE_DATE_EPOCH`.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, DictItem, FontId, HighlightingMode, LinePoint,
    LinkAnnotation, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    PolygonRing, Pt, TextItem, TextMatrix,
};

use crate::fonts::{self, Face};
use crate::frame::{Content, Frame, NodeId, Rgb};

/// What the PDF says about itself.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 language tag.
    pub lang: String,
    /// Seconds since the Unix epoch; dates are omitted when `None`.
    pub date: Option<i64>,
}

/// Why a PDF could not be written.
#[derive(Debug)]
pub enum PdfError {
    Font { face: Face, reason: String },
    Write(std::io::Error),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Font { face, reason } => {
                write!(f, "cannot embed {}: {reason}", face.postscript_name())
            }
            PdfError::Write(e) => write!(f, "cannot serialise the PDF: {e}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Where each marked-content sequence and link annotation belongs in the
/// structure tree; the accessibility pass builds the tree from it.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// `mcids[i]` is the structure node of marked-content id `i`.
    pub mcids: Vec<NodeId>,
    /// The structure node of each link annotation, in page order.
    pub links: Vec<NodeId>,
}

/// Serialises `frame` as a one-page PDF.
pub fn write(frame: &Frame, metadata: &Metadata) -> Result<Vec<u8>, PdfError> {
    let fonts = subset_fonts(frame)?;
    let (ops, _marks) = page_ops(frame, &fonts);
    let mut doc = PdfDocument::new(&metadata.title);
    for (id, parsed) in fonts.values() {
        doc.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(parsed.clone()));
    }
    doc.pages = vec![PdfPage::new(
        printpdf::Mm::from(Pt(frame.width)),
        printpdf::Mm::from(Pt(frame.height)),
        ops,
    )];
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        optimize: false,
        // The fonts handed over are subsets already.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    finish(&mut pdf, metadata, &fonts);
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).map_err(PdfError::Write)?;
    Ok(bytes)
}

type Fonts = BTreeMap<Face, (FontId, ParsedFont)>;

/// Cuts each face down to the glyphs the page uses.
fn subset_fonts(frame: &Frame) -> Result<Fonts, PdfError> {
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for run in frame.text_runs() {
        used.entry(run.face).or_default().extend(run.text.chars());
    }
    let mut out = BTreeMap::new();
    for (face, chars) in used {
        let glyphs: BTreeSet<u16> = chars
            .iter()
            .filter_map(|&c| fonts::glyph(face, c))
            .collect();
        let bytes = subset(face, &glyphs).map_err(|reason| PdfError::Font { face, reason })?;
        let mut warnings = Vec::new();
        let mut parsed =
            ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or_else(|| PdfError::Font {
                face,
                reason: format!("the subset does not parse: {warnings:?}"),
            })?;
        let tag = subset_tag(face, &glyphs);
        // The tag marks the embedded program as a subset (BaseFont "TAG+Name").
        parsed.font_name = Some(format!("{tag}+{}", face.postscript_name()));
        out.insert(face, (FontId(tag), parsed));
    }
    Ok(out)
}

fn subset(face: Face, glyphs: &BTreeSet<u16>) -> Result<Vec<u8>, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let data = ReadScope::new(face.bytes())
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    // .notdef must come first; the subset renumbers glyphs in this order and
    // keeps a Unicode cmap for them, which the re-parse below reads back.
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.iter().copied().filter(|&g| g != 0))
        .collect();
    subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())
}

/// A six-capital-letter subset tag (ISO 32000-1, 9.6.4) derived from the face
/// and its glyphs, so equal content gives equal names.
fn subset_tag(face: Face, glyphs: &BTreeSet<u16>) -> String {
    let mut hash = Fnv::new();
    hash.write(face.postscript_name().as_bytes());
    for g in glyphs {
        hash.write(&g.to_be_bytes());
    }
    let mut n = hash.finish();
    (0..6)
        .map(|_| {
            let c = (b'A' + (n % 26) as u8) as char;
            n /= 26;
            c
        })
        .collect()
}

fn color(rgb: Rgb) -> printpdf::Color {
    printpdf::Color::Rgb(printpdf::Rgb {
        r: f32::from(rgb.0) / 255.0,
        g: f32::from(rgb.1) / 255.0,
        b: f32::from(rgb.2) / 255.0,
        icc_profile: None,
    })
}

/// The structure tag a node's marked content carries.
fn tag(frame: &Frame, node: NodeId) -> &'static str {
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

/// The page's content: each run of items with the same structure node is
/// one marked-content sequence; decoration is marked as an artifact.
fn page_ops(frame: &Frame, fonts: &Fonts) -> (Vec<Op>, Marks) {
    let height = frame.height;
    let mut ops = Vec::new();
    let mut marks = Marks::default();
    let mut open: Option<Option<NodeId>> = None;
    for item in &frame.items {
        if let Content::Link(link) = &item.content {
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    printpdf::Rect {
                        x: Pt(link.rect.x),
                        y: Pt(height - link.rect.bottom()),
                        width: Pt(link.rect.width),
                        height: Pt(link.rect.height),
                        mode: None,
                        winding_order: None,
                    },
                    Actions::Uri(link.uri.clone()),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    Some(HighlightingMode::Invert),
                ),
            });
            marks.links.push(item.node.unwrap_or(Frame::ROOT));
            continue;
        }
        if open != Some(item.node) {
            if open.is_some() {
                ops.push(Op::EndMarkedContent);
            }
            match item.node {
                Some(node) => {
                    let mcid = marks.mcids.len() as i64;
                    marks.mcids.push(node);
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: tag(frame, node).to_string(),
                        properties: DictItem::Dict {
                            map: BTreeMap::from([("MCID".to_string(), DictItem::Int(mcid))]),
                        },
                    });
                }
                None => ops.push(Op::BeginMarkedContent {
                    tag: "Artifact".to_string(),
                }),
            }
            open = Some(item.node);
        }
        match &item.content {
            Content::Text(run) => {
                let (id, _) = &fonts[&run.face];
                ops.extend([
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(run.size),
                    },
                    Op::SetFillColor {
                        col: color(run.color),
                    },
                    Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(run.origin.x), Pt(height - run.origin.y)),
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(run.text.clone())],
                    },
                    Op::EndTextSection,
                ]);
            }
            Content::Path(path) => {
                if let Some(fill) = path.fill {
                    ops.push(Op::SetFillColor { col: color(fill) });
                }
                if let Some(stroke) = path.stroke {
                    ops.push(Op::SetOutlineColor {
                        col: color(stroke.color),
                    });
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(stroke.width),
                    });
                }
                let points = |ring: &Vec<crate::frame::Point>| -> Vec<LinePoint> {
                    ring.iter()
                        .map(|p| LinePoint {
                            p: printpdf::Point {
                                x: Pt(p.x),
                                y: Pt(height - p.y),
                            },
                            bezier: false,
                        })
                        .collect()
                };
                if path.closed {
                    let mode = match (path.fill.is_some(), path.stroke.is_some()) {
                        (true, true) => printpdf::PaintMode::FillStroke,
                        (false, true) => printpdf::PaintMode::Stroke,
                        _ => printpdf::PaintMode::Fill,
                    };
                    ops.push(Op::DrawPolygon {
                        polygon: printpdf::Polygon {
                            rings: path
                                .rings
                                .iter()
                                .map(|ring| PolygonRing {
                                    points: points(ring),
                                })
                                .collect(),
                            mode,
                            winding_order: printpdf::WindingOrder::EvenOdd,
                        },
                    });
                } else {
                    for ring in &path.rings {
                        ops.push(Op::DrawLine {
                            line: printpdf::Line {
                                points: points(ring),
                                is_closed: false,
                            },
                        });
                    }
                }
            }
            Content::Link(_) => unreachable!("links are handled above"),
        }
    }
    if open.is_some() {
        ops.push(Op::EndMarkedContent);
    }
    (ops, marks)
}

/// Finishes printpdf's document: annotations as objects, info, `/ID`, compression.
fn finish(pdf: &mut lopdf::Document, metadata: &Metadata, fonts: &Fonts) {
    pdf.version = "1.7".to_string();
    let page_id = *pdf.get_pages().values().next().expect("one page");

    // Link annotations: give each its own object, a description, the print
    // flag, and no visible border.
    let annots = pdf
        .get_object(page_id)
        .and_then(Object::as_dict)
        .ok()
        .and_then(|page| page.get(b"Annots").ok())
        .and_then(|a| a.as_array().ok())
        .cloned()
        .unwrap_or_default();
    let mut annot_refs = Vec::new();
    for annot in annots {
        if let Object::Dictionary(mut dict) = annot {
            dict.set("F", 4);
            dict.set("Border", vec![0.into(), 0.into(), 0.into()]);
            dict.remove(b"C");
            dict.set("P", page_id);
            annot_refs.push(Object::Reference(pdf.add_object(dict)));
        }
    }
    if let Ok(Object::Dictionary(page)) = pdf.get_object_mut(page_id) {
        page.set("Annots", annot_refs);
    }

    // Document info, written whole: printpdf's carries empty PDF/X fields
    // and clock-free dates we do not want.
    let text = |s: &str| Object::String(utf16be(s), StringFormat::Hexadecimal);
    let mut info = Dictionary::new();
    info.set("Title", text(&metadata.title));
    info.set("Author", text(&metadata.author));
    info.set("Subject", text(&metadata.subject));
    info.set("Keywords", text(&metadata.keywords.join(", ")));
    info.set("Creator", text("factsheet"));
    info.set("Producer", text("factsheet (printpdf, lopdf)"));
    if let Some(seconds) = metadata.date {
        let date = pdf_date(seconds);
        info.set("CreationDate", Object::string_literal(date.clone()));
        info.set("ModDate", Object::string_literal(date));
    }
    let info_id = pdf.add_object(info);
    if let Ok(Object::Reference(old)) = pdf.trailer.get(b"Info") {
        let old = *old;
        pdf.objects.remove(&old);
    }
    pdf.trailer.set("Info", info_id);

    // Catalog: language and a title bar that shows the title.
    if let Ok(catalog) = pdf.catalog_mut() {
        catalog.set("Lang", Object::string_literal(metadata.lang.clone()));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", true);
        catalog.set("ViewerPreferences", prefs);
    }

    // The trailer /ID from the content: the page stream, the fonts and info.
    let mut hash = Fnv::new();
    for (id, object) in &pdf.objects {
        hash.write(&id.0.to_be_bytes());
        if let Object::Stream(stream) = object {
            hash.write(&stream.content);
        }
    }
    hash.write(metadata.title.as_bytes());
    for (id, _) in fonts.values() {
        hash.write(id.0.as_bytes());
    }
    let first = hash.finish();
    hash.write(b"factsheet");
    let id = [first.to_be_bytes(), hash.finish().to_be_bytes()].concat();
    let id = Object::String(id, StringFormat::Hexadecimal);
    pdf.trailer.set("ID", vec![id.clone(), id]);

    pdf.compress();
}

/// A PDF date string, UTC.
fn pdf_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Text strings in UTF-16BE with a byte-order mark, as PDF wants for
/// anything beyond ASCII.
fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// 64-bit FNV-1a: a small, stable hash for names and `/ID` (not security).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_pdf_dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
    }

    #[test]
    fn subset_tags_are_six_capitals_and_stable() {
        let glyphs = BTreeSet::from([3, 4, 5]);
        let tag = subset_tag(Face::Bold, &glyphs);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag(Face::Bold, &glyphs));
        assert_ne!(tag, subset_tag(Face::Regular, &glyphs));
    }
}
