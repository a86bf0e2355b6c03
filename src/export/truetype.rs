//! TrueType (`glyf`) programs cut down to the glyphs a page shows, for
//! embedding.
//!
//! allsorts, which subsets every other kind of program, reads each of a
//! face's glyphs and walks its whole `cmap` for every subset it makes; on a
//! sheet of five faces that was a sixth of writing the PDF. This reads only
//! the glyphs kept (and the components of composite ones) and builds the
//! `cmap` from the characters the page shows. The program keeps what PDF
//! embedding needs (ISO 32000-1, 9.9): `glyf`, `loca`, `head`, `hhea`,
//! `hmtx`, `maxp`, the hinting tables, a version 3 `post`, and a Unicode
//! `cmap`, which the PDF writer reads back.

use std::collections::BTreeMap;

use crate::fonts::{u16_at, u32_at};

/// A table's tag and its bytes in the program.
type Table<'a> = ([u8; 4], &'a [u8]);

/// `program` cut down to .notdef and the glyphs of `chars` (each
/// character with its glyph in `program`), with a `cmap` mapping each
/// character to its glyph's new id. `None` when `program` is not a
/// TrueType program this reads (a CFF one, a collection, a damaged one):
/// the caller subsets those with allsorts.
pub fn subset(program: &[u8], chars: &[(char, u16)]) -> Option<Vec<u8>> {
    let tables = directory(program)?;
    let find = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|&(_, data)| data);
    let (head, hhea, maxp, hmtx) = (
        find(b"head")?,
        find(b"hhea")?,
        find(b"maxp")?,
        find(b"hmtx")?,
    );
    let (loca, glyf) = (find(b"loca")?, find(b"glyf")?);
    let long_offsets = match u16_at(head, 50)? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let glyph_count = usize::from(u16_at(maxp, 4)?);
    let glyph = |id: u16| -> Option<&[u8]> {
        let id = usize::from(id);
        if id >= glyph_count {
            return None;
        }
        let offset = |i: usize| -> Option<usize> {
            Some(if long_offsets {
                u32_at(loca, i * 4)? as usize
            } else {
                usize::from(u16_at(loca, i * 2)?) * 2
            })
        };
        glyf.get(offset(id)?..offset(id + 1)?)
    };

    // Old id → new id: .notdef first, then the glyphs shown in id order,
    // then the components composite glyphs draw on.
    let mut kept: Vec<u16> = std::iter::once(0)
        .chain(chars.iter().map(|&(_, g)| g))
        .collect();
    kept.sort_unstable();
    kept.dedup();
    let mut next = 0;
    while next < kept.len() {
        for component in components(glyph(kept[next])?)? {
            if !kept.contains(&component) {
                kept.push(component);
            }
        }
        next += 1;
    }
    let new_id: BTreeMap<u16, u16> = kept
        .iter()
        .enumerate()
        .map(|(new, &old)| Some((old, u16::try_from(new).ok()?)))
        .collect::<Option<_>>()?;

    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(kept.len() + 1);
    let mut new_hmtx = Vec::with_capacity(kept.len() * 4);
    let metrics = usize::from(u16_at(hhea, 34)?);
    for &old in &kept {
        offsets.push(new_glyf.len());
        let data = glyph(old)?;
        let start = new_glyf.len();
        new_glyf.extend_from_slice(data);
        renumber_components(&mut new_glyf[start..], &new_id)?;
        // Even offsets, which the short `loca` format needs.
        new_glyf.resize(new_glyf.len().next_multiple_of(2), 0);
        let old = usize::from(old);
        let last = metrics.checked_sub(1)?;
        let advance = u16_at(hmtx, old.min(last) * 4)?;
        let bearing = if old < metrics {
            u16_at(hmtx, old * 4 + 2)?
        } else {
            u16_at(hmtx, metrics * 4 + (old - metrics) * 2)?
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&bearing.to_be_bytes());
    }
    offsets.push(new_glyf.len());
    let short_offsets = new_glyf.len() / 2 <= usize::from(u16::MAX);
    let mut new_loca = Vec::with_capacity(offsets.len() * 4);
    for offset in offsets {
        if short_offsets {
            new_loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
        } else {
            new_loca.extend_from_slice(&(offset as u32).to_be_bytes());
        }
    }
    let count = u16::try_from(kept.len()).ok()?;

    let mut new_head = head.get(..54)?.to_vec();
    new_head[8..12].fill(0); // checksumAdjustment, set once the file is whole
    new_head[50..52].copy_from_slice(&u16::from(!short_offsets).to_be_bytes());
    let mut new_hhea = hhea.get(..36)?.to_vec();
    new_hhea[34..36].copy_from_slice(&count.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp[4..6].copy_from_slice(&count.to_be_bytes());
    // Version 3: no glyph names.
    let mut new_post = find(b"post")?.get(..32)?.to_vec();
    new_post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());

    let mut cmap_chars: Vec<(char, u16)> = chars
        .iter()
        .filter_map(|&(c, old)| Some((c, *new_id.get(&old)?)))
        .collect();
    cmap_chars.sort_unstable();
    cmap_chars.dedup_by_key(|(c, _)| *c);
    let new_cmap = cmap(&cmap_chars)?;

    let mut out_tables: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"cmap", new_cmap),
        (b"glyf", new_glyf),
        (b"head", new_head),
        (b"hhea", new_hhea),
        (b"hmtx", new_hmtx),
        (b"loca", new_loca),
        (b"maxp", new_maxp),
        (b"post", new_post),
    ];
    for tag in [b"cvt ", b"fpgm", b"prep"] {
        if let Some(data) = find(tag) {
            out_tables.push((tag, data.to_vec()));
        }
    }
    out_tables.sort_by_key(|(tag, _)| **tag);
    Some(assemble(&out_tables))
}

/// The tables of a TrueType program (version 1.0 or `true`).
fn directory(program: &[u8]) -> Option<Vec<Table<'_>>> {
    let version = u32_at(program, 0)?;
    if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
        return None;
    }
    let count = usize::from(u16_at(program, 4)?);
    (0..count)
        .map(|i| {
            let entry = program.get(12 + i * 16..28 + i * 16)?;
            let tag: [u8; 4] = entry[..4].try_into().ok()?;
            let offset = u32_at(entry, 8)? as usize;
            let length = u32_at(entry, 12)? as usize;
            Some((tag, program.get(offset..offset.checked_add(length)?)?))
        })
        .collect()
}

/// Composite glyph flags (OpenType `glyf`).
const ARGS_ARE_WORDS: u16 = 0x0001;
const HAS_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAS_X_Y_SCALE: u16 = 0x0040;
const HAS_TWO_BY_TWO: u16 = 0x0080;

/// Where each component's glyph id sits in a composite glyph (none in a
/// simple or empty one).
fn component_offsets(glyph: &[u8]) -> Option<Vec<usize>> {
    if glyph.is_empty() || i16::from_be_bytes([*glyph.first()?, *glyph.get(1)?]) >= 0 {
        return Some(Vec::new());
    }
    let mut offsets = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        offsets.push(at + 2);
        at += 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAS_SCALE != 0 {
            2
        } else if flags & HAS_X_Y_SCALE != 0 {
            4
        } else if flags & HAS_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Some(offsets);
        }
    }
}

/// The glyphs a composite glyph draws on.
fn components(glyph: &[u8]) -> Option<Vec<u16>> {
    component_offsets(glyph)?
        .into_iter()
        .map(|at| u16_at(glyph, at))
        .collect()
}

/// Points a composite glyph's components at their new ids.
fn renumber_components(glyph: &mut [u8], new_id: &BTreeMap<u16, u16>) -> Option<()> {
    for at in component_offsets(glyph)? {
        let new = new_id.get(&u16_at(glyph, at)?)?;
        glyph[at..at + 2].copy_from_slice(&new.to_be_bytes());
    }
    Some(())
}

/// A `cmap` with one Windows Unicode subtable: format 4 when every
/// character is in the Basic Multilingual Plane, else format 12.
fn cmap(chars: &[(char, u16)]) -> Option<Vec<u8>> {
    let bmp = chars.iter().all(|&(c, _)| u32::from(c) <= 0xFFFF);
    let (encoding, subtable) = if bmp {
        (1u16, format4(chars)?)
    } else {
        (10, format12(chars))
    };
    let mut out = Vec::with_capacity(12 + subtable.len());
    for value in [0u16, 1, 3, encoding] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    out.extend_from_slice(&12u32.to_be_bytes());
    out.extend_from_slice(&subtable);
    Some(out)
}

/// Segments of consecutive characters with consecutive glyphs, each mapped
/// by a delta, and the closing 0xFFFF segment.
fn format4(chars: &[(char, u16)]) -> Option<Vec<u8>> {
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // start, end, delta
    for &(c, glyph) in chars {
        let c = u16::try_from(u32::from(c)).ok()?;
        let delta = glyph.wrapping_sub(c);
        match segments.last_mut() {
            Some((_, end, d)) if *end + 1 == c && *d == delta => *end = c,
            _ => segments.push((c, c, delta)),
        }
    }
    if segments.last().is_none_or(|&(_, end, _)| end != 0xFFFF) {
        segments.push((0xFFFF, 0xFFFF, 1));
    }
    let count = u16::try_from(segments.len()).ok()?;
    let length = u16::try_from(16 + segments.len() * 8).ok()?;
    let search_range = 2 * (1u16 << (15 - count.leading_zeros()));
    let entry_selector = 15 - count.leading_zeros() as u16;
    let mut out = Vec::with_capacity(usize::from(length));
    for value in [
        4,
        length,
        0,
        count * 2,
        search_range,
        entry_selector,
        count * 2 - search_range,
    ] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let column = |out: &mut Vec<u8>, pick: fn(&(u16, u16, u16)) -> u16| {
        for segment in &segments {
            out.extend_from_slice(&pick(segment).to_be_bytes());
        }
    };
    column(&mut out, |s| s.1);
    out.extend_from_slice(&0u16.to_be_bytes()); // reservedPad
    column(&mut out, |s| s.0);
    column(&mut out, |s| s.2);
    column(&mut out, |_| 0); // idRangeOffset: deltas only
    Some(out)
}

/// One group per character: pages show few characters outside the BMP.
fn format12(chars: &[(char, u16)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + chars.len() * 12);
    out.extend_from_slice(&12u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    for value in [16 + chars.len() as u32 * 12, 0, chars.len() as u32] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    for &(c, glyph) in chars {
        for value in [u32::from(c), u32::from(c), u32::from(glyph)] {
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
    out
}

/// The program: offset table, table directory, tables on four-byte
/// boundaries, and `head`'s checksum adjustment.
fn assemble(tables: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let entry_selector = 15 - count.leading_zeros() as u16;
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for value in [
        count,
        search_range,
        entry_selector,
        count * 16 - search_range,
    ] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = 12 + tables.len() * 16;
    for (tag, data) in tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if *tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The sum of a table's big-endian words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, word| {
        let mut bytes = [0; 4];
        bytes[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{self, FontSet};

    /// Each character's outline and advance, as ttf-parser reads them.
    fn drawn(program: &[u8], c: char) -> (Option<ttf_parser::Rect>, Option<u16>, String) {
        struct Path(String);
        impl ttf_parser::OutlineBuilder for Path {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x} {y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x} {y}");
            }
            fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
                self.0 += &format!("Q{x1} {y1} {x} {y}");
            }
            fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
                self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let face = ttf_parser::Face::parse(program, 0).expect("the program parses");
        let glyph = face.glyph_index(c).expect("the character is mapped");
        let mut path = Path(String::new());
        let bbox = face.outline_glyph(glyph, &mut path);
        (bbox, face.glyph_hor_advance(glyph), path.0)
    }

    #[test]
    fn kept_characters_draw_as_in_the_face() {
        let face = FontSet::embedded().regular;
        // 'é' and 'ñ' are composites: their components come along.
        let text = "Missouri é ñ 2017 §–•";
        let mut shown: Vec<(char, u16)> = text
            .chars()
            .map(|c| (c, fonts::glyph(face, c).expect("the face has it")))
            .collect();
        shown.sort_unstable();
        shown.dedup();
        let program = subset(face.bytes(), &shown).expect("a TrueType face subsets");
        assert!(program.len() < face.bytes().len() / 4, "{}", program.len());
        for c in text.chars() {
            assert_eq!(drawn(&program, c), drawn(face.bytes(), c), "{c:?}");
        }
        // Characters not shown are not kept.
        let kept = ttf_parser::Face::parse(&program, 0).unwrap();
        assert_eq!(kept.glyph_index('Z'), None);
        assert!(
            usize::from(kept.number_of_glyphs()) > shown.len() + 1,
            "the accents and base letters of the composites are kept"
        );
        // The whole file sums to the magic number `head` is adjusted for.
        assert_eq!(checksum(&program), 0xB1B0_AFBA);
    }

    #[test]
    fn programs_it_does_not_read_are_left_to_allsorts() {
        assert_eq!(subset(b"OTTO and the rest", &[]), None);
        assert_eq!(subset(b"", &[]), None);
        let face = FontSet::embedded().regular;
        let truncated = &face.bytes()[..face.bytes().len() / 2];
        assert_eq!(subset(truncated, &[('a', 1)]), None);
    }
}
