//! The embedded typefaces: their bytes, metrics, text measuring and line breaking.
//!
//! Public Sans (SIL OFL 1.1, see `fonts/OFL.txt`) is compiled into the binary,
//! so a sheet never depends on a system font. Each face is parsed once per
//! process; measuring uses the same advance widths the PDF is written with
//! (printpdf applies no kerning), so measured and printed text agree exactly.

use std::sync::OnceLock;

use printpdf::ParsedFont;

/// The faces a sheet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Italic,
    SemiBold,
    Bold,
    ExtraBold,
}

impl Face {
    pub const ALL: [Face; 5] = [
        Face::Regular,
        Face::Italic,
        Face::SemiBold,
        Face::Bold,
        Face::ExtraBold,
    ];

    /// The PostScript-style name the PDF carries for this face.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "PublicSans-Regular",
            Face::Italic => "PublicSans-Italic",
            Face::SemiBold => "PublicSans-SemiBold",
            Face::Bold => "PublicSans-Bold",
            Face::ExtraBold => "PublicSans-ExtraBold",
        }
    }

    /// The font program as shipped in `fonts/`.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../fonts/PublicSans_400Regular.ttf"),
            Face::Italic => include_bytes!("../fonts/PublicSans_400Regular_Italic.ttf"),
            Face::SemiBold => include_bytes!("../fonts/PublicSans_600SemiBold.ttf"),
            Face::Bold => include_bytes!("../fonts/PublicSans_700Bold.ttf"),
            Face::ExtraBold => include_bytes!("../fonts/PublicSans_800ExtraBold.ttf"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Vertical metrics of a face, as fractions of the font size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Height above the baseline.
    pub ascent: f32,
    /// Depth below the baseline (positive).
    pub descent: f32,
    /// Height of capital letters above the baseline.
    pub cap_height: f32,
}

struct LoadedFace {
    parsed: ParsedFont,
    metrics: Metrics,
    /// Advance widths of the font's glyphs in em, indexed by glyph id.
    advances: Vec<f32>,
    /// Glyph ids of the characters below [`DIRECT`], indexed by code point
    /// (0: none). Measuring is the layout's hottest loop; a table beats the
    /// font's cmap map there.
    direct: Vec<u16>,
}

/// Characters below this (Latin, punctuation, dashes, quotes, §, •) are
/// looked up in a table; others go through the font's cmap.
const DIRECT: u32 = 0x2200;

fn loaded(face: Face) -> &'static LoadedFace {
    static FACES: OnceLock<Vec<LoadedFace>> = OnceLock::new();
    &FACES.get_or_init(|| Face::ALL.iter().map(|&f| load(f)).collect())[face.index()]
}

fn load(face: Face) -> LoadedFace {
    let mut warnings = Vec::new();
    // The fonts are part of the binary and checked by the test suite, so a
    // parse failure here is a build defect, not a user error.
    let parsed = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)
        .unwrap_or_else(|| panic!("embedded font {face:?} does not parse: {warnings:?}"));
    let upm = f32::from(parsed.units_per_em);
    let glyphs = parsed
        .glyph_widths
        .keys()
        .max()
        .map_or(0, |&g| usize::from(g) + 1);
    let mut advances = vec![0.0; glyphs];
    for (&gid, &w) in &parsed.glyph_widths {
        advances[usize::from(gid)] = f32::from(w) / upm;
    }
    let metrics = Metrics {
        ascent: f32::from(parsed.font_metrics.ascent) / upm,
        descent: -f32::from(parsed.font_metrics.descent) / upm,
        cap_height: f32::from(cap_height(face.bytes()).unwrap_or(parsed.font_metrics.ascent)) / upm,
    };
    let direct = (0..DIRECT)
        .map(|c| parsed.lookup_glyph_index(c).unwrap_or(0))
        .collect();
    LoadedFace {
        parsed,
        metrics,
        advances,
        direct,
    }
}

/// `sCapHeight` from the OS/2 table (present from table version 2 on).
fn cap_height(bytes: &[u8]) -> Option<i16> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::{os2::Os2, FontTableProvider};
    let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = font.table_provider(0).ok()?;
    let data = provider.read_table_data(allsorts::tag::OS_2).ok()?;
    let os2 = ReadScope::new(&data).read_dep::<Os2>(data.len()).ok()?;
    os2.version2to4.map(|v| v.s_cap_height)
}

/// The parsed font, for embedding.
pub fn parsed(face: Face) -> &'static ParsedFont {
    &loaded(face).parsed
}

/// Vertical metrics of a face.
pub fn metrics(face: Face) -> Metrics {
    loaded(face).metrics
}

/// The glyph for a character, if the face has one.
pub fn glyph(face: Face, c: char) -> Option<u16> {
    let f = loaded(face);
    match f.direct.get(c as usize) {
        Some(0) => None,
        Some(&gid) => Some(gid),
        None => f.parsed.lookup_glyph_index(c as u32),
    }
}

/// Advance width of `text` at `size` points.
pub fn width(face: Face, size: f32, text: &str) -> f32 {
    let f = loaded(face);
    let em: f32 = text
        .chars()
        .map(|c| {
            glyph(face, c)
                .and_then(|g| f.advances.get(usize::from(g)).copied())
                .unwrap_or(0.0)
        })
        .sum();
    em * size
}

/// Characters of `text` the face cannot draw (each listed once, in order).
pub fn missing_chars(face: Face, text: &str) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if !c.is_control() && glyph(face, c).is_none() && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

/// Breaks `text` into lines no wider than `max_width` at `size` points.
///
/// Lines break at spaces; after a hyphen, slash or en dash when a word is
/// too long; a single word wider than the line is split between characters
/// as a last resort, so nothing ever runs past the margin.
pub fn wrap(face: Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
    let space = width(face, size, " ");
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in text.split_whitespace() {
        for piece in split_long_word(face, size, word, max_width) {
            let w = width(face, size, &piece);
            if !line.is_empty() && line_width + space + w <= max_width {
                line.push(' ');
                line.push_str(&piece);
                line_width += space + w;
            } else if line.is_empty() {
                line = piece;
                line_width = w;
            } else if line.ends_with(['-', '/', '–']) && line_width + w <= max_width {
                // A piece of a split word continues its line without a space.
                line.push_str(&piece);
                line_width += w;
            } else {
                lines.push(std::mem::take(&mut line));
                line = piece;
                line_width = w;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Splits a word wider than the line after hyphens, slashes or dashes, and
/// failing that between characters.
pub(crate) fn split_long_word(face: Face, size: f32, word: &str, max_width: f32) -> Vec<String> {
    if width(face, size, word) <= max_width {
        return vec![word.to_string()];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        let candidate_width = width(face, size, &piece) + width(face, size, &c.to_string());
        if !piece.is_empty() && candidate_width > max_width {
            pieces.push(std::mem::take(&mut piece));
        }
        piece.push(c);
        if matches!(c, '-' | '/' | '–') {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    // Re-join short pieces greedily so breaks happen only where needed.
    let mut joined: Vec<String> = Vec::new();
    for p in pieces {
        match joined.last_mut() {
            Some(last)
                if last.ends_with(['-', '/', '–'])
                    && width(face, size, last) + width(face, size, &p) <= max_width =>
            {
                last.push_str(&p)
            }
            _ => joined.push(p),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_with_latin_glyphs() {
        for face in Face::ALL {
            for c in "Aa09§–—“”’•·".chars() {
                assert!(glyph(face, c).is_some(), "{face:?} lacks {c:?}");
            }
        }
    }

    #[test]
    fn width_scales_with_size_and_bold_is_wider() {
        let w10 = width(Face::Regular, 10.0, "Missouri");
        let w20 = width(Face::Regular, 20.0, "Missouri");
        assert!((w20 - 2.0 * w10).abs() < 1e-3);
        assert!(width(Face::Bold, 10.0, "Missouri") > w10);
        assert!(w10 > 30.0 && w10 < 50.0, "implausible width {w10}");
    }

    #[test]
    fn wrap_respects_width_and_keeps_every_word() {
        let text =
            "This state profile summarizes regionally specific data to help promote collaboration";
        let lines = wrap(Face::Regular, 10.0, text, 120.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(width(Face::Regular, 10.0, line) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn wrap_splits_words_longer_than_the_line() {
        let url = "https://humantraffickinghotline.org/training-resources/referral-directory";
        let lines = wrap(Face::Regular, 10.0, url, 100.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(width(Face::Regular, 10.0, line) <= 100.0, "{line}");
        }
        assert_eq!(lines.concat(), url);
    }

    #[test]
    fn missing_chars_names_each_once() {
        assert_eq!(missing_chars(Face::Regular, "ok 漢字漢"), vec!['漢', '字']);
        assert!(missing_chars(Face::Regular, "Résumé – §").is_empty());
    }
}
