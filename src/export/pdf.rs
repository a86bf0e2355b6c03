//! Frame → PDF bytes.
//!
//! printpdf writes the document around the page's content stream, which
//! `content.rs` writes straight from the Frame; the document printpdf hands
//! over (as lopdf) is then finished here: link annotations become objects of
//! their own, the structure tree, the XMP metadata (`xmp.rs`) and the sRGB
//! output intent (`output_intent.rs`) are added, the document info is set
//! and the trailer `/ID` is derived from the content. Every sheet is both
//! PDF/A-2a and PDF/UA-1. `file.rs` lays out the bytes. Fonts are subset
//! here too: printpdf only subsets behind its heavy `text_layout` feature,
//! so each face is cut down to the glyphs the page uses before printpdf
//! sees it.
//!
//! Output is deterministic: resource names come from the face and its glyph
//! set, dates only from `SOURCE_DATE_EPOCH`.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, FontId, HighlightingMode, LinkAnnotation, Op, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};

use crate::fnv::Fnv;
use crate::fonts::{self, Face};
use crate::frame::{Content, Frame, NodeId};

use super::content::{self, tag, FontResource, Marks};
use super::file::{self, Written};

/// The Info dictionary's /Creator and XMP's xmp:CreatorTool.
pub(super) const CREATOR: &str = "factsheet";
/// The Info dictionary's /Producer and XMP's pdf:Producer.
pub(super) const PRODUCER: &str = "factsheet (printpdf, lopdf)";

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
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("cannot embed {}: {reason}", .face.postscript_name())]
    Font { face: Face, reason: String },
}

/// Serialises `frame` as a one-page PDF.
pub fn write(frame: &Frame, metadata: &Metadata) -> Result<Vec<u8>, PdfError> {
    let fonts = subset_fonts(frame)?;
    let (content, marks) = content::write(frame, |face| &fonts[&face].resource);
    let mut doc = PdfDocument::new(&metadata.title);
    for font in fonts.values() {
        doc.resources.fonts.map.insert(
            FontId(font.resource.name.to_string()),
            printpdf::PdfFont::new(font.parsed.clone()),
        );
    }
    let page_box = printpdf::Rect::from_wh(Pt(frame.width), Pt(frame.height));
    doc.pages = vec![PdfPage {
        media_box: page_box.clone(),
        trim_box: page_box.clone(),
        crop_box: page_box,
        ops: document_ops(frame, &fonts),
    }];
    let mut warnings = Vec::new();
    let options = PdfSaveOptions {
        optimize: false,
        // The fonts handed over are subsets already.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    let id = document_id(&content, metadata, &fonts);
    set_page_content(&mut pdf, content);
    let elements = finish(&mut pdf, metadata, frame, &marks, id);
    Ok(file::write(&mut pdf, &elements))
}

/// What printpdf needs to write the document around the page's content:
/// the link annotations, and for each face one text operation showing
/// every character the page shows in it, from which printpdf learns the
/// glyphs whose widths and Unicode values the font's dictionaries list.
/// The content stream printpdf makes of these is replaced by
/// [`content::write`]'s.
fn document_ops(frame: &Frame, fonts: &Fonts) -> Vec<Op> {
    let mut ops = Vec::new();
    for font in fonts.values() {
        ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(FontId(font.resource.name.to_string())),
                size: Pt(10.0),
            },
            Op::ShowText {
                items: vec![TextItem::Text(font.resource.chars().collect())],
            },
            Op::EndTextSection,
        ]);
    }
    let height = frame.height;
    ops.extend(frame.links().map(|link| Op::LinkAnnotation {
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
    }));
    ops
}

/// Puts `content` in the page's content stream, in place of printpdf's.
fn set_page_content(pdf: &mut lopdf::Document, content: Vec<u8>) {
    let page_id = *pdf.get_pages().values().next().expect("one page");
    let contents = pdf
        .get_object(page_id)
        .and_then(Object::as_dict)
        .and_then(|page| page.get(b"Contents"))
        .and_then(Object::as_reference)
        .expect("printpdf gives the page one content stream");
    if let Ok(Object::Stream(stream)) = pdf.get_object_mut(contents) {
        stream.set_content(content);
    }
}

/// A face cut down to the glyphs the page uses.
struct Subset {
    resource: FontResource,
    parsed: ParsedFont,
}

type Fonts = BTreeMap<Face, Subset>;

/// Cuts each face down to the glyphs the page uses.
fn subset_fonts(frame: &Frame) -> Result<Fonts, PdfError> {
    let mut used: BTreeMap<Face, Shown> = BTreeMap::new();
    for run in frame.text_runs() {
        used.entry(run.face).or_default().add(&run.text);
    }
    let mut out = BTreeMap::new();
    for (face, characters) in used {
        let chars = characters.sorted();
        let mut glyphs = BTreeSet::new();
        let mut shown = Vec::with_capacity(chars.len());
        let mut missing = String::new();
        for &c in &chars {
            match fonts::glyph(face, c) {
                Some(glyph) => {
                    glyphs.insert(glyph);
                    shown.push((c, glyph));
                }
                None if c.is_control() => {}
                None => missing.push(c),
            }
        }
        if !missing.is_empty() {
            return Err(PdfError::Font {
                face,
                reason: format!("it has no glyph for {missing:?}"),
            });
        }
        // Our subsetter cuts TrueType outlines; CFF faces go to allsorts.
        let (bytes, outlines) = match super::truetype::subset(face.bytes(), &shown) {
            Some(bytes) => (bytes, Outlines::TrueType),
            None => {
                let bytes = fonts::subset(face, &glyphs)
                    .map_err(|reason| PdfError::Font { face, reason })?;
                (bytes, Outlines::Cff)
            }
        };
        let mut warnings = Vec::new();
        let mut parsed =
            ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or_else(|| PdfError::Font {
                face,
                reason: format!("the subset does not parse: {warnings:?}"),
            })?;
        let tag = subset_tag(face, &glyphs);
        // The tag marks the embedded program as a subset (BaseFont "TAG+Name").
        parsed.font_name = Some(format!("{tag}+{}", face.postscript_name()));
        // Identity-H codes are glyph ids, except in a CID-keyed CFF program,
        // where readers look each code up in its charset: there the code is
        // the glyph's CID, as printpdf's widths and ToUnicode map have it.
        let cids = match outlines {
            Outlines::Cff => printpdf::cff_charset_gid_to_cid_map(&bytes, 0),
            Outlines::TrueType => None,
        };
        let codes = chars
            .into_iter()
            .filter_map(|c| {
                let glyph = parsed.lookup_glyph_index(u32::from(c))?;
                let code = cids.as_ref().and_then(|m| m.get(&glyph).copied());
                Some((c, code.unwrap_or(glyph)))
            })
            .collect();
        let resource = FontResource::new(tag, codes);
        out.insert(face, Subset { resource, parsed });
    }
    Ok(out)
}

/// The characters a face shows on the page. A page shows some 10,000
/// characters and a face a few dozen distinct ones: a bit for each
/// character below [`content::DIRECT_CHARS`] finds them without sorting
/// the 10,000; the rest are listed and sorted.
#[derive(Default)]
struct Shown {
    low: Vec<u64>,
    high: Vec<char>,
}

impl Shown {
    fn add(&mut self, text: &str) {
        for c in text.chars() {
            let i = c as usize;
            if i < content::DIRECT_CHARS {
                if self.low.is_empty() {
                    self.low = vec![0; content::DIRECT_CHARS / 64];
                }
                self.low[i / 64] |= 1 << (i % 64);
            } else {
                self.high.push(c);
            }
        }
    }

    /// Each character once, in order.
    fn sorted(mut self) -> Vec<char> {
        let mut chars = Vec::new();
        for (word, &bits) in self.low.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                let bit = bits.trailing_zeros() as usize;
                chars.extend(char::from_u32((word * 64 + bit) as u32));
                bits &= bits - 1;
            }
        }
        self.high.sort_unstable();
        self.high.dedup();
        chars.append(&mut self.high);
        chars
    }
}

/// What a subset program's glyph outlines are.
enum Outlines {
    TrueType,
    Cff,
}

/// A six-capital-letter subset tag (ISO 32000-1, 9.6.4) derived from the face
/// and its glyphs, so equal content gives equal names.
fn subset_tag(face: Face, glyphs: &BTreeSet<u16>) -> String {
    let mut hash = Fnv::new();
    hash.write(face.postscript_name().as_bytes());
    // Two programs under one name (two versions of a font) get two tags.
    hash.write(&face.digest().to_be_bytes());
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

/// Finishes printpdf's document: annotations as objects, tags, metadata,
/// output intent, info and `/ID`. Returns the structure elements, written
/// already (see [`tag_structure`]).
fn finish(
    pdf: &mut lopdf::Document,
    metadata: &Metadata,
    frame: &Frame,
    marks: &Marks,
    id: Object,
) -> Vec<Written> {
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
    let mut annot_ids = Vec::new();
    for (index, annot) in annots.into_iter().enumerate() {
        if let Object::Dictionary(mut dict) = annot {
            dict.set("F", 4);
            dict.set("Border", vec![0.into(), 0.into(), 0.into()]);
            dict.remove(b"C");
            dict.set("P", page_id);
            // Parent-tree key 0 is the page's content; links follow.
            dict.set("StructParent", (index + 1) as i64);
            if let Some(link) = frame.links().nth(index) {
                dict.set("Contents", text_string(&link.description));
            }
            annot_ids.push(pdf.add_object(dict));
        }
    }
    if let Ok(Object::Dictionary(page)) = pdf.get_object_mut(page_id) {
        let refs: Vec<Object> = annot_ids.iter().map(|&id| Object::Reference(id)).collect();
        page.set("Annots", refs);
        page.set("Tabs", Object::Name(b"S".to_vec()));
        page.set("StructParents", 0);
    }
    let elements = tag_structure(pdf, frame, marks, page_id, &annot_ids, metadata);
    super::output_intent::add(pdf);

    // Document info, written whole: printpdf's carries empty PDF/X fields
    // and clock-free dates we do not want.
    let text = text_string;
    let mut info = Dictionary::new();
    info.set("Title", text(&metadata.title));
    info.set("Author", text(&metadata.author));
    info.set("Subject", text(&metadata.subject));
    info.set("Keywords", text(&metadata.keywords.join(", ")));
    info.set("Creator", text(CREATOR));
    info.set("Producer", text(PRODUCER));
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

    pdf.trailer.set("ID", vec![id.clone(), id]);
    elements
}

/// The trailer's `/ID`, from what the file is made of: the page's content,
/// the metadata and the embedded faces (each subset tag names a face and
/// the glyphs kept). Everything else in the file follows from these.
fn document_id(content: &[u8], metadata: &Metadata, fonts: &Fonts) -> Object {
    let mut hash = Fnv::new();
    hash.write_words(content);
    let Metadata {
        title,
        author,
        subject,
        keywords,
        lang,
        date,
    } = metadata;
    for text in [title, author, subject, lang].into_iter().chain(keywords) {
        hash.write(text.as_bytes());
        hash.write(&[0]);
    }
    hash.write(&date.unwrap_or(i64::MIN).to_be_bytes());
    for font in fonts.values() {
        hash.write(font.resource.name.as_bytes());
    }
    let first = hash.finish();
    hash.write(b"factsheet");
    let id = [first.to_be_bytes(), hash.finish().to_be_bytes()].concat();
    Object::String(id, StringFormat::Hexadecimal)
}

/// A PDF text string (UTF-16BE).
fn text_string(s: &str) -> Object {
    Object::String(utf16be(s), StringFormat::Hexadecimal)
}

/// Builds the logical structure (the tag tree) from the Frame's nodes: one
/// structure element per node, its marked content and link annotations as
/// kids in reading order, the parent tree that maps content back to them,
/// and the catalog and metadata entries PDF/UA asks for. The elements (one
/// a node, some 180 a sheet) are returned written as bytes: built as lopdf
/// dictionaries they took more time than everything else here.
fn tag_structure(
    pdf: &mut lopdf::Document,
    frame: &Frame,
    marks: &Marks,
    page_id: lopdf::ObjectId,
    annot_ids: &[lopdf::ObjectId],
    metadata: &Metadata,
) -> Vec<Written> {
    let elem_ids: Vec<lopdf::ObjectId> = frame.nodes.iter().map(|_| pdf.new_object_id()).collect();
    // Kids per node with a sort key: the position of the first content
    // they stand for, so kids follow the order the page is read in.
    let mut kids: Vec<Vec<(usize, Object)>> = vec![Vec::new(); frame.nodes.len()];
    let mut first: Vec<usize> = vec![usize::MAX; frame.nodes.len()];
    for (mcid, &node) in marks.mcids.iter().enumerate() {
        kids[node].push((mcid * 2, Object::Integer(mcid as i64)));
        first[node] = first[node].min(mcid * 2);
    }
    for (index, &node) in marks.links.iter().enumerate() {
        let mut objr = Dictionary::new();
        objr.set("Type", Object::Name(b"OBJR".to_vec()));
        objr.set("Obj", annot_ids[index]);
        objr.set("Pg", page_id);
        // Just after the link's own text.
        let key = if first[node] == usize::MAX {
            usize::MAX - 1
        } else {
            first[node] + 1
        };
        kids[node].push((key, Object::Dictionary(objr)));
    }
    // A parent's first content is its earliest descendant's.
    for node in (1..frame.nodes.len()).rev() {
        if let Some(parent) = frame.nodes[node].parent {
            first[parent] = first[parent].min(first[node]);
        }
    }
    for node in 1..frame.nodes.len() {
        if let Some(parent) = frame.nodes[node].parent {
            kids[parent].push((first[node], Object::Reference(elem_ids[node])));
        }
    }
    let root_id = pdf.new_object_id();
    let mut elements = Vec::with_capacity(frame.nodes.len());
    for (node, mut node_kids) in kids.into_iter().enumerate() {
        node_kids.sort_by_key(|(key, _)| *key);
        let mut body = Vec::with_capacity(64);
        body.extend_from_slice(b"<</Type /StructElem/S ");
        file::write_name(&mut body, tag(frame, node).as_bytes());
        body.extend_from_slice(b"/P ");
        let parent = frame.nodes[node].parent.map_or(root_id, |p| elem_ids[p]);
        file::write_object(&mut body, &Object::Reference(parent));
        body.extend_from_slice(b"/Pg ");
        file::write_object(&mut body, &Object::Reference(page_id));
        body.extend_from_slice(b"/K [");
        for (i, (_, kid)) in node_kids.iter().enumerate() {
            if i > 0 {
                body.push(b' ');
            }
            file::write_object(&mut body, kid);
        }
        body.push(b']');
        if let crate::frame::Role::Figure { alt, lang } = &frame.nodes[node].role {
            let mut entries = Dictionary::new();
            if let Some(lang) = lang {
                entries.set("Lang", Object::string_literal(lang.clone()));
            }
            entries.set("Alt", text_string(alt));
            // PDF/UA wants a figure's bounding box (ISO 32000-1, 14.8.5.4.3).
            if let Some(bbox) = layout_bbox(frame, node) {
                let mut attributes = Dictionary::new();
                attributes.set("O", Object::Name(b"Layout".to_vec()));
                attributes.set("BBox", bbox.map(Object::Real).to_vec());
                entries.set("A", attributes);
            }
            file::write_entries(&mut body, &entries);
        }
        body.extend_from_slice(b">>");
        elements.push(Written {
            id: elem_ids[node],
            body,
        });
    }
    let content_parents: Vec<Object> = marks
        .mcids
        .iter()
        .map(|&node| Object::Reference(elem_ids[node]))
        .collect();
    let mut nums = vec![Object::Integer(0), Object::Array(content_parents)];
    for (index, &node) in marks.links.iter().enumerate() {
        nums.push(Object::Integer((index + 1) as i64));
        nums.push(Object::Reference(elem_ids[node]));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", nums);
    let parent_tree_id = pdf.add_object(parent_tree);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set("K", elem_ids[Frame::ROOT]);
    root.set("ParentTree", parent_tree_id);
    root.set("ParentTreeNextKey", (marks.links.len() + 1) as i64);
    pdf.objects.insert(root_id, Object::Dictionary(root));

    let xmp = super::xmp::packet(metadata);
    let mut stream = lopdf::Stream::new(
        {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Metadata".to_vec()));
            d.set("Subtype", Object::Name(b"XML".to_vec()));
            d
        },
        xmp.into_bytes(),
    );
    // Metadata stays readable by tools that do not inflate streams.
    stream.allows_compression = false;
    let metadata_id = pdf.add_object(stream);
    if let Ok(catalog) = pdf.catalog_mut() {
        catalog.set("StructTreeRoot", root_id);
        let mut mark_info = Dictionary::new();
        mark_info.set("Marked", true);
        catalog.set("MarkInfo", mark_info);
        catalog.set("Metadata", metadata_id);
    }
    elements
}

/// The box around everything drawn for `node` (strokes included), in PDF
/// coordinates `[left bottom right top]`, rounded outwards to 0.01 pt.
fn layout_bbox(frame: &Frame, node: NodeId) -> Option<[f32; 4]> {
    let bounds = frame
        .items
        .iter()
        .filter(|item| item.node == Some(node))
        .filter_map(|item| match &item.content {
            Content::Link(_) => None,
            Content::Path(path) => {
                let half = path.stroke.map_or(0.0, |stroke| stroke.width / 2.0);
                let b = path.bounds();
                Some(crate::frame::Rect::new(
                    b.x - half,
                    b.y - half,
                    b.width + 2.0 * half,
                    b.height + 2.0 * half,
                ))
            }
            other => Some(Frame::bounds(other)),
        })
        .reduce(|a, b| a.union(&b))?;
    let down = |v: f32| (v * 100.0).floor() / 100.0;
    let up = |v: f32| (v * 100.0).ceil() / 100.0;
    Some([
        down(bounds.x.max(0.0)),
        down((frame.height - bounds.bottom()).max(0.0)),
        up(bounds.right().min(frame.width)),
        up((frame.height - bounds.y).min(frame.height)),
    ])
}

/// A PDF date string, UTC.
fn pdf_date(seconds: i64) -> String {
    let (year, month, day, hour, minute, second) = civil(seconds);
    format!("D:{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}Z")
}

/// Year, month, day, hour, minute, second (UTC) of a Unix time.
pub(super) fn civil(seconds: i64) -> (i64, i64, i64, i64, i64, i64) {
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
    (year, month, day, secs / 3600, secs % 3600 / 60, secs % 60)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_faces_characters_come_out_once_each_in_order() {
        let mut shown = Shown::default();
        shown.add("Ziña 中文 ");
        shown.add("azi\u{2FFF}\u{3000}中\u{1F600}a");
        let mut expected: Vec<char> = "Ziña 中文azi\u{2FFF}\u{3000}\u{1F600}".chars().collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(shown.sorted(), expected);
        assert!(Shown::default().sorted().is_empty());
    }

    #[test]
    fn dates_are_utc_pdf_dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
    }

    #[test]
    fn the_id_follows_the_content_and_the_metadata() {
        let metadata = Metadata {
            title: "Missouri".into(),
            ..Metadata::default()
        };
        let id = |content: &[u8], metadata: &Metadata| {
            document_id(content, metadata, &Fonts::new())
                .as_str()
                .unwrap()
                .to_vec()
        };
        let first = id(b"BT (a) Tj ET", &metadata);
        assert_eq!(first.len(), 16);
        assert_eq!(first, id(b"BT (a) Tj ET", &metadata));
        assert_ne!(first, id(b"BT (b) Tj ET", &metadata));
        let dated = Metadata {
            date: Some(0),
            ..metadata.clone()
        };
        assert_ne!(first, id(b"BT (a) Tj ET", &dated));
        // Fields are kept apart: moving text between them changes the id.
        let moved = Metadata {
            title: "Misso".into(),
            author: "uri".into(),
            ..metadata.clone()
        };
        assert_ne!(first, id(b"BT (a) Tj ET", &moved));
    }

    #[test]
    fn subset_tags_are_six_capitals_and_stable() {
        let fonts = fonts::FontSet::embedded();
        let glyphs = BTreeSet::from([3, 4, 5]);
        let tag = subset_tag(fonts.bold, &glyphs);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag(fonts.bold, &glyphs));
        assert_ne!(tag, subset_tag(fonts.regular, &glyphs));
    }
}
