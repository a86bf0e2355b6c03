//! The PDF file's bytes: deflated streams, object streams and a
//! cross-reference stream, written from the finished lopdf document.
//!
//! lopdf's own writer ends every stream's data with a single LF before
//! `endstream`. Deflated data ends in a checksum byte that is a CR one time
//! in 256, and then the CR and that LF read as one CRLF end-of-line marker:
//! the data looks a byte shorter than its `/Length`, and PDF/A validators
//! fail the file (ISO 19005-2, 6.1.7.1). So the file is laid out here, with
//! a CRLF after every stream's data, which no reader can take for data
//! whatever the data's last byte is. The small objects (structure elements
//! above all) are packed into deflated object streams, as lopdf's
//! `save_modern` did.

use std::io::Write;

use libdeflater::{CompressionLvl, Compressor};
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// The end-of-line marker after a stream's data, not counted in `/Length`
/// (ISO 32000-1, 7.3.8.1).
const STREAM_DATA_END: &[u8] = b"\r\nendstream";

/// How many objects one object stream holds: enough to deflate well, few
/// enough that a reader unpacking one object does not inflate them all.
const OBJECTS_PER_STREAM: usize = 100;

/// An object written already, for an object stream.
pub struct Written {
    pub id: ObjectId,
    /// The object, as [`write_object`] writes it.
    pub body: Vec<u8>,
}

/// Deflates every stream that allows it, then serialises the document with
/// the objects `written` already.
pub fn write(pdf: &mut Document, written: &[Written]) -> Vec<u8> {
    let mut deflate = Deflate::new();
    for object in pdf.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.allows_compression && !stream.dict.has(b"Filter") {
                if let Some(deflated) = deflate.smaller(&stream.content) {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(deflated);
                }
            }
        }
    }
    serialise(pdf, written, &mut deflate)
}

/// libdeflate's fastest level. On Missouri's streams it takes 10 % of the
/// sheet's instructions less than level 6 for 3.2 KB more (47.9 KB; the
/// font programs, which no longer carry a `name` table, paid for that
/// twice over), and level 2 to 5 cost nearly as much as 6.
const LEVEL: i32 = 1;

/// One compressor for every stream of a document (it holds its match
/// finder's tables, which are large to set up), and one buffer it writes
/// into: each stream keeps only its deflated bytes, not a buffer of the
/// size the input could grow to (memory a fresh process pays a page fault
/// for each 4 KB of).
struct Deflate {
    compressor: Compressor,
    scratch: Vec<u8>,
}

impl Deflate {
    fn new() -> Self {
        let level = CompressionLvl::new(LEVEL).expect("a level libdeflate has");
        Deflate {
            compressor: Compressor::new(level),
            scratch: Vec::new(),
        }
    }

    /// `data` deflated, when that saves more than the `/Filter` entry costs.
    fn smaller(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        let bound = self.compressor.zlib_compress_bound(data.len());
        if self.scratch.len() < bound {
            self.scratch = vec![0; bound];
        }
        let written = self
            .compressor
            .zlib_compress(data, &mut self.scratch)
            .ok()?;
        (written + 19 < data.len()).then(|| self.scratch[..written].to_vec())
    }
}

/// Where an object is found, for the cross-reference stream.
#[derive(Clone, Copy)]
enum Entry {
    /// At a byte offset of the file.
    Offset(usize),
    /// The `index`th object of object stream `container`.
    Packed { container: u32, index: usize },
}

/// An object for an object stream.
enum Packable<'a> {
    Object(&'a Object),
    Written(&'a [u8]),
}

fn serialise(pdf: &Document, written: &[Written], deflate: &mut Deflate) -> Vec<u8> {
    let mut out = Vec::new();
    // A comment of bytes above 127 marks the file as binary (ISO 32000-1,
    // 7.5.2; PDF/A requires it).
    out.extend_from_slice(format!("%PDF-{}\n", pdf.version).as_bytes());
    out.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
    let mut entries: Vec<(u32, Entry)> = Vec::with_capacity(pdf.objects.len() + 8);
    let mut packable: Vec<(ObjectId, Packable)> = Vec::new();
    for (&id, object) in &pdf.objects {
        // Streams cannot go into object streams, nor can objects of a
        // later generation.
        if matches!(object, Object::Stream(_)) || id.1 != 0 {
            entries.push((id.0, Entry::Offset(out.len())));
            write_indirect(&mut out, id, object);
        } else {
            packable.push((id, Packable::Object(object)));
        }
    }
    packable.extend(
        written
            .iter()
            .map(|object| (object.id, Packable::Written(&object.body))),
    );
    packable.sort_by_key(|(id, _)| *id);
    let last_id = packable.last().map_or(0, |(id, _)| id.0);
    let mut next_id = pdf
        .objects
        .keys()
        .map(|id| id.0)
        .max()
        .unwrap_or(0)
        .max(last_id)
        + 1;
    for group in packable.chunks(OBJECTS_PER_STREAM) {
        let container = next_id;
        next_id += 1;
        let mut offsets = Vec::new();
        let mut bodies = Vec::new();
        for (index, (id, object)) in group.iter().enumerate() {
            entries.push((id.0, Entry::Packed { container, index }));
            integer(&mut offsets, id.0);
            offsets.push(b' ');
            integer(&mut offsets, bodies.len());
            offsets.push(b' ');
            match object {
                Packable::Object(object) => write_object(&mut bodies, object),
                Packable::Written(body) => bodies.extend_from_slice(body),
            }
            bodies.push(b'\n');
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", group.len() as i64);
        dict.set("First", offsets.len() as i64);
        let mut content = offsets;
        content.extend_from_slice(&bodies);
        let stream = deflated_stream(dict, content, deflate);
        entries.push((container, Entry::Offset(out.len())));
        write_indirect(&mut out, (container, 0), &stream);
    }

    // The cross-reference stream lists itself too.
    let xref_id = next_id;
    let xref_offset = out.len();
    entries.push((xref_id, Entry::Offset(xref_offset)));
    entries.sort_by_key(|(id, _)| *id);
    let mut table = vec![0u8, 0, 0, 0, 0, 0xFF, 0xFF]; // object 0: head of the free list
    let mut index = vec![Object::Integer(0), Object::Integer(1)];
    let mut section_end = 1;
    for &(id, entry) in &entries {
        // Ids left unused (an object removed while finishing) start a new
        // subsection rather than appearing as free entries.
        if id != section_end {
            index.extend([Object::Integer(i64::from(id)), Object::Integer(0)]);
        }
        if let Some(Object::Integer(count)) = index.last_mut() {
            *count += 1;
        }
        section_end = id + 1;
        let (kind, field2, field3) = match entry {
            Entry::Offset(offset) => (1u8, offset as u32, 0u16),
            Entry::Packed { container, index } => (2, container, index as u16),
        };
        table.push(kind);
        table.extend_from_slice(&field2.to_be_bytes());
        table.extend_from_slice(&field3.to_be_bytes());
    }
    let mut dict = pdf.trailer.clone();
    for key in [
        &b"Prev"[..],
        b"XRefStm",
        b"Filter",
        b"DecodeParms",
        b"Length",
    ] {
        dict.remove(key);
    }
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", i64::from(xref_id + 1));
    dict.set("W", vec![1.into(), 4.into(), 2.into()]);
    dict.set("Index", index);
    let stream = deflated_stream(dict, table, deflate);
    write_indirect(&mut out, (xref_id, 0), &stream);
    out.extend_from_slice(format!("startxref\n{xref_offset}\n%%EOF\n").as_bytes());
    out
}

fn deflated_stream(mut dict: Dictionary, content: Vec<u8>, deflate: &mut Deflate) -> Object {
    let content = match deflate.smaller(&content) {
        Some(deflated) => {
            dict.set("Filter", "FlateDecode");
            deflated
        }
        None => content,
    };
    Object::Stream(lopdf::Stream::new(dict, content))
}

/// `N G obj`, the object, `endobj`, each keyword on a line of its own
/// (ISO 19005-2, 6.1.9).
fn write_indirect(out: &mut Vec<u8>, id: ObjectId, object: &Object) {
    integer(out, id.0);
    out.push(b' ');
    integer(out, id.1);
    out.extend_from_slice(b" obj\n");
    write_object(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

pub(super) fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Object::Integer(value) => integer(out, *value),
        // Display never uses an exponent, which PDF does not allow.
        Object::Real(value) => {
            let _ = write!(out, "{value}");
        }
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &byte in bytes {
                match byte {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                    // A bare CR would be read as a LF (ISO 32000-1, 7.3.4.2).
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(byte),
                }
            }
            out.push(b')');
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for &byte in bytes {
                hex(out, byte);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", stream.content.len() as i64);
            write_dictionary(out, &dict);
            out.extend_from_slice(b"\nstream\r\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(STREAM_DATA_END);
        }
        Object::Reference(id) => {
            integer(out, id.0);
            out.push(b' ');
            integer(out, id.1);
            out.extend_from_slice(b" R");
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    write_entries(out, dict);
    out.extend_from_slice(b">>");
}

/// A dictionary's entries, without the brackets around them.
pub(super) fn write_entries(out: &mut Vec<u8>, dict: &Dictionary) {
    for (key, value) in dict {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
}

pub(super) fn integer(out: &mut Vec<u8>, value: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// Two upper-case hex digits.
fn hex(out: &mut Vec<u8>, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        DIGITS[usize::from(byte >> 4)],
        DIGITS[usize::from(byte & 15)],
    ]);
}

/// A name, with delimiters, white space and bytes outside `!`..`~` written
/// as `#xx` (ISO 32000-1, 7.3.5).
pub(super) fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b"()<>[]{}/%#".contains(&byte) || !(b'!'..=b'~').contains(&byte) {
            out.push(b'#');
            hex(out, byte);
        } else {
            out.push(byte);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `bytes` back with lopdf and returns the stream of object `id`.
    fn stream_of(bytes: &[u8], id: u32) -> lopdf::Stream {
        let doc = Document::load_mem(bytes).expect("the file parses");
        doc.get_object((id, 0))
            .unwrap()
            .as_stream()
            .unwrap()
            .clone()
    }

    fn document_with_stream(content: Vec<u8>, allows_compression: bool) -> Document {
        let mut doc = Document::with_version("1.7");
        let mut stream = lopdf::Stream::new(Dictionary::new(), content);
        stream.allows_compression = allows_compression;
        let stream_id = doc.add_object(stream);
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Data", stream_id);
        catalog.set("Name", Object::Name(b"a b#(c)".to_vec()));
        catalog.set("Text", Object::string_literal(b"x(\\)\ry".to_vec()));
        let catalog_id = doc.add_object(catalog);
        doc.trailer.set("Root", catalog_id);
        doc
    }

    #[test]
    fn data_ending_in_cr_keeps_its_length_and_bytes() {
        let data = b"abc\r".to_vec();
        let bytes = write(&mut document_with_stream(data.clone(), false), &[]);
        let at = bytes
            .windows(STREAM_DATA_END.len())
            .position(|w| w == STREAM_DATA_END)
            .unwrap();
        assert_eq!(&bytes[at - 4..at], b"abc\r");
        assert_eq!(stream_of(&bytes, 1).content, data);
    }

    /// The PDF/A stream-length and stream-EOL rules (ISO 19005-2,
    /// 6.1.7.1) that `bytes` fails.
    fn stream_rule_failures(bytes: &[u8]) -> Vec<String> {
        use page_validation::{validate_pdf_bytes, ValidationOptions, ValidationProfile};
        let options = ValidationOptions::default().profile(ValidationProfile::PdfA2a);
        let report = validate_pdf_bytes(bytes, &options).expect("the validator reads the file");
        report
            .failures
            .iter()
            .filter(|failure| failure.rule_id.contains(":6.1.7.1:"))
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn validators_read_the_length_of_data_ending_in_cr_right() {
        let data = b"q Q\r".to_vec();
        // lopdf's layout, a single LF before `endstream`, is misread.
        let mut lopdf_bytes = Vec::new();
        document_with_stream(data.clone(), false)
            .save_to(&mut lopdf_bytes)
            .unwrap();
        assert!(!stream_rule_failures(&lopdf_bytes).is_empty());
        let ours = write(&mut document_with_stream(data, false), &[]);
        assert_eq!(stream_rule_failures(&ours), Vec::<String>::new());
    }

    #[test]
    fn objects_round_trip_through_object_streams() {
        let data: Vec<u8> = (0..2000u32).flat_map(|i| (i % 7).to_be_bytes()).collect();
        // An object written already, numbered past the document's own.
        let written = Written {
            id: (7, 0),
            body: b"<</Kind /Written/N 3>>".to_vec(),
        };
        let bytes = write(&mut document_with_stream(data.clone(), true), &[written]);
        let doc = Document::load_mem(&bytes).unwrap();
        let read = doc.get_dictionary((7, 0)).unwrap();
        assert_eq!(read.get(b"Kind").unwrap().as_name().unwrap(), b"Written");
        assert_eq!(read.get(b"N").unwrap().as_i64().unwrap(), 3);
        let catalog = doc.catalog().unwrap();
        assert_eq!(catalog.get(b"Name").unwrap().as_name().unwrap(), b"a b#(c)");
        assert_eq!(catalog.get(b"Text").unwrap().as_str().unwrap(), b"x(\\)\ry");
        let stream = stream_of(&bytes, 1);
        assert_eq!(
            stream.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"FlateDecode"
        );
        assert_eq!(stream.decompressed_content().unwrap(), data);
        assert!(bytes.starts_with(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"));
        assert!(bytes.ends_with(b"%%EOF\n"));
    }
}
