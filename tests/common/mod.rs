//! Reading built PDFs back for the tests: page count, text in content order
//! (decoded through each font's ToUnicode map), fonts and link annotations.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

pub fn missouri() -> factsheet::profile::Profile {
    load("profiles/missouri.toml")
}

pub fn load(path: &str) -> factsheet::profile::Profile {
    match factsheet::profile::load(Path::new(path)) {
        Ok((profile, _warnings)) => profile,
        Err(errors) => panic!("{path} does not load: {errors:?}"),
    }
}

pub fn build(profile: &factsheet::profile::Profile) -> factsheet::Built {
    factsheet::build(profile, &Default::default()).expect("builds")
}

/// A PDF read back.
pub struct Pdf {
    pub doc: Document,
}

impl Pdf {
    pub fn parse(bytes: &[u8]) -> Self {
        Self {
            doc: Document::load_mem(bytes).expect("the PDF parses"),
        }
    }

    pub fn pages(&self) -> Vec<ObjectId> {
        self.doc.get_pages().values().copied().collect()
    }

    pub fn resolve<'a>(&'a self, object: &'a Object) -> &'a Object {
        match object {
            Object::Reference(id) => self.doc.get_object(*id).expect("reference resolves"),
            other => other,
        }
    }

    pub fn dict<'a>(&'a self, object: &'a Object) -> &'a lopdf::Dictionary {
        self.resolve(object).as_dict().expect("a dictionary")
    }

    /// Font resource name → font dictionary, for the first page.
    pub fn fonts(&self) -> BTreeMap<Vec<u8>, &lopdf::Dictionary> {
        let page = self
            .doc
            .get_object(self.pages()[0])
            .unwrap()
            .as_dict()
            .unwrap();
        let resources = self.dict(page.get(b"Resources").unwrap());
        let fonts = self.dict(resources.get(b"Font").unwrap());
        fonts
            .iter()
            .map(|(name, font)| (name.clone(), self.dict(font)))
            .collect()
    }

    /// Code → text from a font's ToUnicode CMap (bfchar and bfrange).
    fn to_unicode(&self, font: &lopdf::Dictionary) -> BTreeMap<u16, String> {
        let stream = self
            .resolve(font.get(b"ToUnicode").expect("font has ToUnicode"))
            .as_stream()
            .unwrap();
        let data = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let text = String::from_utf8_lossy(&data);
        let hex = |s: &str| -> Vec<u16> {
            let s = s.trim_matches(|c| c == '<' || c == '>');
            (0..s.len() / 4)
                .map(|i| u16::from_str_radix(&s[i * 4..i * 4 + 4], 16).unwrap())
                .collect()
        };
        let mut map = BTreeMap::new();
        let mut section = "";
        for line in text.lines() {
            let line = line.trim();
            if line.ends_with("beginbfchar") {
                section = "char";
            } else if line.ends_with("beginbfrange") {
                section = "range";
            } else if line.starts_with("end") {
                section = "";
            } else if !line.is_empty() {
                let parts: Vec<&str> = line.split_whitespace().collect();
                match section {
                    "char" if parts.len() >= 2 => {
                        map.insert(hex(parts[0])[0], String::from_utf16_lossy(&hex(parts[1])));
                    }
                    "range" if parts.len() >= 3 => {
                        let (lo, hi) = (hex(parts[0])[0], hex(parts[1])[0]);
                        let start = hex(parts[2]);
                        for (k, code) in (lo..=hi).enumerate() {
                            let mut units = start.clone();
                            *units.last_mut().unwrap() += k as u16;
                            map.insert(code, String::from_utf16_lossy(&units));
                        }
                    }
                    _ => {}
                }
            }
        }
        map
    }

    /// The page's text in content order: one string per text-showing operator.
    pub fn text_runs(&self) -> Vec<String> {
        let maps: BTreeMap<Vec<u8>, BTreeMap<u16, String>> = self
            .fonts()
            .into_iter()
            .map(|(name, font)| (name, self.to_unicode(font)))
            .collect();
        let content = self.doc.get_page_content(self.pages()[0]);
        let content = Content::decode(&content).unwrap();
        let mut font: Vec<u8> = Vec::new();
        let mut runs = Vec::new();
        let decode = |font: &Vec<u8>, bytes: &[u8]| -> String {
            let map = &maps[font];
            bytes
                .chunks(2)
                .map(|pair| {
                    let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                    map.get(&code)
                        .cloned()
                        .unwrap_or_else(|| "\u{FFFD}".to_string())
                })
                .collect()
        };
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
                "Tj" => {
                    if let Object::String(bytes, _) = &op.operands[0] {
                        runs.push(decode(&font, bytes));
                    }
                }
                "TJ" => {
                    let mut run = String::new();
                    for part in op.operands[0].as_array().unwrap() {
                        if let Object::String(bytes, _) = part {
                            run.push_str(&decode(&font, bytes));
                        }
                    }
                    runs.push(run);
                }
                _ => {}
            }
        }
        runs
    }

    /// All page text joined by spaces, whitespace folded.
    pub fn text(&self) -> String {
        fold(&self.text_runs().join(" "))
    }

    /// `(uri, rect)` of every link annotation on the first page.
    pub fn links(&self) -> Vec<(String, [f32; 4])> {
        let page = self
            .doc
            .get_object(self.pages()[0])
            .unwrap()
            .as_dict()
            .unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            return Vec::new();
        };
        self.resolve(annots)
            .as_array()
            .unwrap()
            .iter()
            .map(|annot| {
                let annot = self.dict(annot);
                let action = self.dict(annot.get(b"A").unwrap());
                let uri = match self.resolve(action.get(b"URI").unwrap()) {
                    Object::String(bytes, _) => String::from_utf8_lossy(bytes).to_string(),
                    other => panic!("URI is not a string: {other:?}"),
                };
                let rect: Vec<f32> = self
                    .resolve(annot.get(b"Rect").unwrap())
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| {
                        v.as_float()
                            .or_else(|_| v.as_i64().map(|i| i as f32))
                            .unwrap()
                    })
                    .collect();
                (uri, [rect[0], rect[1], rect[2], rect[3]])
            })
            .collect()
    }
}

/// Whitespace folded to single spaces.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
