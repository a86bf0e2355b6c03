//! Typefaces: loading, metrics, text measuring and subsetting, breaking
//! text into lines (remembered for the length of a layout), and wrapping
//! one-face text (labels) into lines.
//!
//! Public Sans (SIL OFL 1.1, see `fonts/OFL.txt`) is compiled into the binary,
//! so a sheet never depends on a system font; a profile may name its own
//! TrueType or OpenType files instead (`[theme.fonts]`). A font is parsed once
//! per process, however many sheets use it, and lives until the process ends:
//! a [`Face`] is a plain reference to it, cheap to copy between threads.
//! Measuring uses the same advance widths the PDF is written with (printpdf
//! applies no kerning), so measured and printed text agree exactly.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::sync::{Mutex, Once, OnceLock};

use crate::fnv::Fnv;
use crate::linebreak;
use crate::memo::{self, Memo};

/// One typeface, loaded. Equal faces are the same font program.
#[derive(Clone, Copy)]
pub struct Face(&'static LoadedFace);

impl Face {
    /// The PostScript name the PDF carries for this face.
    pub fn postscript_name(self) -> &'static str {
        &self.0.postscript_name
    }

    /// The weight class (400 regular, 700 bold; 0 when the font does not say).
    pub fn weight(self) -> u16 {
        self.0.weight
    }

    /// A hash of the font program, the same on every run.
    pub fn digest(self) -> u64 {
        self.0.digest
    }

    /// The font program as loaded.
    pub fn bytes(self) -> &'static [u8] {
        &self.0.bytes
    }
}

impl PartialEq for Face {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Face {}

impl Hash for Face {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.digest.hash(state);
    }
}

/// By name and content, never by load order, so fonts come out of a map in
/// the same order on every run (the PDF's bytes depend on it).
impl Ord for Face {
    fn cmp(&self, other: &Self) -> Ordering {
        if self == other {
            return Ordering::Equal;
        }
        (self.postscript_name(), self.0.digest)
            .cmp(&(other.postscript_name(), other.0.digest))
            .then_with(|| self.bytes().cmp(other.bytes()))
    }
}

impl PartialOrd for Face {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.postscript_name())
    }
}

/// The faces a sheet is set in, one per kind of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FontSet {
    /// Body text, lists, chart labels.
    pub regular: Face,
    /// Captions, notes, the disclaimer.
    pub italic: Face,
    /// Link labels and the agency line.
    pub semibold: Face,
    /// Headings, citations, hotline names.
    pub bold: Face,
    /// The title, venue ranks and hotline numbers.
    pub extrabold: Face,
}

impl FontSet {
    /// Public Sans, as shipped in `fonts/`.
    pub fn embedded() -> FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        *SET.get_or_init(|| {
            // The fonts are part of the binary and checked by the test
            // suite, so a failure here is a build defect, not a user error.
            let face = |program: &Embedded| {
                register(Cow::Borrowed(program.bytes), program.digest, Trial::Skip)
                    .unwrap_or_else(|e| panic!("an embedded font: {e}"))
            };
            FontSet {
                regular: face(&REGULAR),
                italic: face(&ITALIC),
                semibold: face(&SEMIBOLD),
                bold: face(&BOLD),
                extrabold: face(&EXTRABOLD),
            }
        })
    }

    /// The five roles with their names, as `[theme.fonts]` spells them.
    pub fn roles(&self) -> [(&'static str, Face); 5] {
        [
            ("regular", self.regular),
            ("italic", self.italic),
            ("semibold", self.semibold),
            ("bold", self.bold),
            ("extrabold", self.extrabold),
        ]
    }
}

impl Default for FontSet {
    fn default() -> Self {
        Self::embedded()
    }
}

/// A font program compiled into the binary, with its digest worked out by
/// the compiler: hashing the five programs took a fresh process as long as
/// parsing them.
struct Embedded {
    bytes: &'static [u8],
    digest: u64,
}

impl Embedded {
    const fn new(bytes: &'static [u8]) -> Embedded {
        let mut digest = Fnv::new();
        digest.write(bytes);
        Embedded {
            bytes,
            digest: digest.finish(),
        }
    }
}

const REGULAR: Embedded = Embedded::new(include_bytes!("../fonts/PublicSans_400Regular.ttf"));
const ITALIC: Embedded = Embedded::new(include_bytes!("../fonts/PublicSans_400Regular_Italic.ttf"));
const SEMIBOLD: Embedded = Embedded::new(include_bytes!("../fonts/PublicSans_600SemiBold.ttf"));
const BOLD: Embedded = Embedded::new(include_bytes!("../fonts/PublicSans_700Bold.ttf"));
const EXTRABOLD: Embedded = Embedded::new(include_bytes!("../fonts/PublicSans_800ExtraBold.ttf"));

/// Font files larger than this are refused (the largest CJK families are
/// around 20 MB).
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

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
    /// The font program: borrowed from the binary for the embedded faces.
    bytes: Cow<'static, [u8]>,
    postscript_name: String,
    digest: u64,
    /// The OS/2 weight class (0 without an OS/2 table).
    weight: u16,
    metrics: Metrics,
    /// Advance widths of the font's glyphs in em, indexed by glyph id.
    advances: Vec<f32>,
    /// Glyph ids of the characters below [`DIRECT`], indexed by code point
    /// (0: none). Measuring is the layout's hottest loop; a table beats the
    /// font's cmap map there.
    direct: Vec<u16>,
    /// Glyph ids of the characters from [`DIRECT`] on.
    beyond_direct: BTreeMap<u32, u16>,
}

/// Characters below this (Latin, punctuation, dashes, quotes, §, •) are
/// looked up in a table; others go through the font's cmap.
const DIRECT: u32 = 0x2200;

/// Loads a TrueType or OpenType font program, or says why it cannot be used.
///
/// A program already loaded (by this or another sheet of the batch) is not
/// parsed again.
pub fn load(bytes: Vec<u8>) -> Result<Face, String> {
    let mut digest = Fnv::new();
    digest.write(&bytes);
    register(Cow::Owned(bytes), digest.finish(), Trial::Subset)
}

/// Whether loading cuts every glyph out of the program once, to find damage
/// before a sheet is written. The embedded faces skip it: they ship with the
/// binary and the test suite subsets them in every sheet it builds, and a
/// fresh process saves ~4 ms.
#[derive(Clone, Copy, PartialEq)]
enum Trial {
    Subset,
    Skip,
}

/// The face of the program `bytes`, whose [`Fnv`] digest is `digest`:
/// parsed now, or the one parsed before.
fn register(bytes: Cow<'static, [u8]>, digest: u64, trial: Trial) -> Result<Face, String> {
    static LOADED: Mutex<Vec<&'static LoadedFace>> = Mutex::new(Vec::new());
    // A panic while holding the lock elsewhere leaves the list intact.
    let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(face) = loaded
        .iter()
        .find(|f| f.digest == digest && *f.bytes == *bytes)
    {
        return Ok(Face(face));
    }
    let face = guarded(|| parse(bytes, digest, trial))?;
    let face: &'static LoadedFace = Box::leak(Box::new(face));
    loaded.push(face);
    Ok(Face(face))
}

fn parse(bytes: Cow<'static, [u8]>, digest: u64, trial: Trial) -> Result<LoadedFace, String> {
    match bytes.get(..4) {
        Some(b"ttcf") => {
            return Err("font collections (.ttc) are not supported".to_string());
        }
        Some(b"wOFF" | b"wOF2") => {
            return Err("WOFF web fonts are not supported".to_string());
        }
        _ => {}
    }
    if let Some(needed) = tables_end(&bytes).filter(|&end| end > bytes.len()) {
        return Err(format!(
            "the file is cut short: its tables need {needed} bytes, it has {}",
            bytes.len()
        ));
    }
    let tables = Tables::read(&bytes).ok_or("not a TrueType or OpenType font, or a damaged one")?;
    if let Some(reason) = tables.fs_type.and_then(embedding_forbidden) {
        return Err(reason);
    }
    if tables.variable {
        // Only the default instance would print, whatever weight the
        // profile meant the file for.
        return Err(
            "variable fonts are not supported; use a static instance of each weight".to_string(),
        );
    }
    let upm = tables.units_per_em;
    if !(16..=16384).contains(&upm) {
        return Err(format!("its units per em ({upm}) are out of range"));
    }
    let upm = f32::from(upm);
    if !tables.maps_characters {
        return Err("it maps no characters to glyphs (no Unicode cmap)".to_string());
    }
    let advances = tables
        .advances
        .iter()
        .map(|&w| f32::from(w) / upm)
        .collect();
    let metrics = Metrics {
        ascent: f32::from(tables.ascent) / upm,
        descent: -f32::from(tables.descent) / upm,
        cap_height: f32::from(tables.cap_height.unwrap_or(tables.ascent)) / upm,
    };
    if !(metrics.ascent > 0.0 && metrics.descent >= 0.0) {
        return Err("its ascent and descent are not usable".to_string());
    }
    // Every sheet subsets its fonts; a program whose glyphs cannot be cut
    // out is refused here, when the profile is checked, rather than when a
    // sheet is written.
    if trial == Trial::Subset {
        let reachable: BTreeSet<u16> = tables
            .direct
            .iter()
            .copied()
            .filter(|&g| g != 0)
            .chain(tables.beyond_direct.values().copied())
            .collect();
        subset_program(&bytes, &reachable)
            .map_err(|e| format!("it cannot be subset for embedding: {e}"))?;
    }
    Ok(LoadedFace {
        postscript_name: tables
            .postscript_name
            .unwrap_or_else(|| format!("Font{digest:016X}")),
        bytes,
        digest,
        weight: tables.weight,
        metrics,
        advances,
        direct: tables.direct,
        beyond_direct: tables.beyond_direct,
    })
}

thread_local! {
    /// True while this thread runs font code under [`guarded`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs font-library code on a program from outside, turning a panic
/// (the parsers index past the end of some damaged tables) into an error,
/// so a bad font file fails its sheet instead of the whole batch.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        // The panic is reported as an error; its message on stderr would
        // only confuse. Panics anywhere else are printed as before.
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                report(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.unwrap_or_else(|_| Err("it is damaged (its tables do not read)".to_string()))
}

/// Where the last table of an sfnt file ends, by its table directory (a
/// copied or downloaded file that stopped early ends before it).
fn tables_end(bytes: &[u8]) -> Option<usize> {
    let count = usize::from(u16::from_be_bytes(bytes.get(4..6)?.try_into().ok()?));
    let directory = bytes.get(12..12 + count * 16)?;
    directory
        .chunks(16)
        .map(|record| {
            let offset = u32::from_be_bytes(record[8..12].try_into().ok()?);
            let length = u32::from_be_bytes(record[12..16].try_into().ok()?);
            Some(offset as usize + length as usize)
        })
        .try_fold(0, |end, table| Some(end.max(table?)))
}

/// What sheets need of a face's tables, read as printpdf reads them for the
/// PDF, straight into the tables measuring looks characters up in.
struct Tables {
    units_per_em: u16,
    /// hhea ascender and descender, in font units.
    ascent: i16,
    descent: i16,
    /// Advance widths in font units, indexed by glyph id (none without `hmtx`).
    advances: Vec<u16>,
    /// Whether the Unicode cmap maps any character at all.
    maps_characters: bool,
    /// See [`LoadedFace::direct`] and [`LoadedFace::beyond_direct`].
    direct: Vec<u16>,
    beyond_direct: BTreeMap<u32, u16>,
    cap_height: Option<i16>,
    fs_type: Option<u16>,
    weight: u16,
    postscript_name: Option<String>,
    /// Has an `fvar` table: one file for a range of weights or widths.
    variable: bool,
}

impl Tables {
    /// `None` when the file is not an sfnt with the `head`, `maxp` and
    /// `hhea` tables every usable font has.
    fn read(bytes: &[u8]) -> Option<Tables> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::cmap::Cmap;
        use allsorts::tables::{
            os2::Os2, FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable, NameTable,
        };
        use allsorts::tag;
        let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
        let provider = font.table_provider(0).ok()?;
        let head = provider.read_table_data(tag::HEAD).ok()?;
        let head = ReadScope::new(&head).read::<HeadTable>().ok()?;
        let maxp = provider.read_table_data(tag::MAXP).ok()?;
        let maxp = ReadScope::new(&maxp).read::<MaxpTable>().ok()?;
        let hhea = provider.read_table_data(tag::HHEA).ok()?;
        let hhea = ReadScope::new(&hhea).read::<HheaTable>().ok()?;

        let mut maps_characters = false;
        let mut direct = vec![0; DIRECT as usize];
        let mut beyond_direct = BTreeMap::new();
        let cmap = provider.read_table_data(tag::CMAP).ok();
        if let Some((_, subtable)) = cmap
            .as_deref()
            .and_then(|data| ReadScope::new(data).read::<Cmap<'_>>().ok())
            .and_then(|cmap| allsorts::font::read_cmap_subtable(&cmap).ok().flatten())
        {
            // What a damaged subtable maps before the damage still counts,
            // as printpdf counts it.
            let _ = subtable.mappings_fn(|c, glyph| {
                maps_characters = true;
                match direct.get_mut(c as usize) {
                    Some(slot) => *slot = glyph,
                    None => {
                        beyond_direct.insert(c, glyph);
                    }
                }
            });
        }

        let hmtx = provider.read_table_data(tag::HMTX).ok();
        let hmtx = hmtx.as_deref().and_then(|data| {
            ReadScope::new(data)
                .read_dep::<HmtxTable<'_>>((
                    usize::from(maxp.num_glyphs),
                    usize::from(hhea.num_h_metrics),
                ))
                .ok()
        });
        let advances = hmtx.map_or_else(Vec::new, |hmtx| {
            (0..maxp.num_glyphs)
                .map(|glyph| hmtx.horizontal_advance(glyph).unwrap_or(0))
                .collect()
        });

        let os2 = provider.read_table_data(tag::OS_2).ok();
        let os2 = os2
            .as_deref()
            .and_then(|data| ReadScope::new(data).read_dep::<Os2>(data.len()).ok());
        let name = provider.read_table_data(tag::NAME).ok();
        let postscript_name = name
            .as_deref()
            .and_then(|data| ReadScope::new(data).read::<NameTable<'_>>().ok())
            .and_then(|table| table.string_for_id(NameTable::POSTSCRIPT_NAME))
            .map(|name| pdf_name(&name))
            .filter(|name| !name.is_empty());
        Some(Tables {
            units_per_em: head.units_per_em,
            ascent: hhea.ascender,
            descent: hhea.descender,
            advances,
            maps_characters,
            direct,
            beyond_direct,
            cap_height: os2
                .as_ref()
                .and_then(|os2| os2.version2to4.as_ref().map(|v| v.s_cap_height)),
            fs_type: os2.as_ref().map(|os2| os2.fs_type),
            weight: os2.map_or(0, |os2| os2.us_weight_class),
            postscript_name,
            variable: provider.has_table(tag::FVAR),
        })
    }
}

/// Why the font's licence bits (OS/2 `fsType`) forbid embedding it in a PDF
/// the way sheets do (a subset), if they do.
fn embedding_forbidden(fs_type: u16) -> Option<String> {
    let permissions = fs_type & 0x000F;
    if permissions == 0x0002 {
        return Some("its licence forbids embedding it (OS/2 fsType: restricted)".to_string());
    }
    if fs_type & 0x0100 != 0 {
        return Some(
            "its licence forbids embedding a subset (OS/2 fsType: no subsetting)".to_string(),
        );
    }
    if fs_type & 0x0200 != 0 {
        return Some(
            "its licence allows embedding bitmaps only (OS/2 fsType: bitmap only)".to_string(),
        );
    }
    None
}

/// A PostScript name as a PDF name may carry it: printable ASCII without
/// spaces or delimiters, at most 63 characters.
fn pdf_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .take(63)
        .collect()
}

/// Cuts a font program down to `glyphs` (and .notdef) for embedding.
pub fn subset(face: Face, glyphs: &BTreeSet<u16>) -> Result<Vec<u8>, String> {
    guarded(|| subset_program(face.bytes(), glyphs))
}

/// Cuts a font program down to `glyphs` (and .notdef) as a complete font
/// that browsers accept (they refuse programs without `OS/2`, which PDF
/// embedding leaves out), for SVG previews.
pub fn subset_for_web(face: Face, glyphs: &BTreeSet<u16>) -> Result<Vec<u8>, String> {
    guarded(|| {
        cut(
            face.bytes(),
            glyphs,
            allsorts::subset::SubsetProfile::Minimal,
        )
    })
}

fn subset_program(bytes: &[u8], glyphs: &BTreeSet<u16>) -> Result<Vec<u8>, String> {
    use allsorts::tag;
    // allsorts' PDF profile without the `name` table: PDF readers take a
    // font's name from its dictionaries, never from the program (ISO
    // 32000-1, 9.9), and `name` was 40 % of each embedded subset (3 KB of
    // copyright, licence and version strings a face).
    let tables = vec![
        tag::CMAP,
        tag::HEAD,
        tag::CVT,
        tag::FPGM,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::POST,
        tag::PREP,
    ];
    cut(
        bytes,
        glyphs,
        allsorts::subset::SubsetProfile::Custom(tables),
    )
}

fn cut(
    bytes: &[u8],
    glyphs: &BTreeSet<u16>,
    profile: allsorts::subset::SubsetProfile,
) -> Result<Vec<u8>, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget};
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    // .notdef must come first; the subset renumbers glyphs in this order and
    // keeps a Unicode cmap for them, which the PDF writer reads back.
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.iter().copied().filter(|&g| g != 0))
        .collect();
    subset(&provider, &ids, &profile, CmapTarget::Unicode).map_err(|e| e.to_string())
}

/// A face's glyph outlines, for drawing text as shapes (PNG previews).
pub struct Outlines {
    face: ttf_parser::Face<'static>,
}

impl Outlines {
    /// Reads the outline tables (`glyf` or `CFF`) of a loaded face.
    pub fn of(face: Face) -> Result<Outlines, String> {
        ttf_parser::Face::parse(face.bytes(), 0)
            .map(|face| Outlines { face })
            .map_err(|e| format!("its outlines do not read: {e}"))
    }

    /// Font units per em: outlines are in these units, y growing upwards.
    pub fn units_per_em(&self) -> f32 {
        f32::from(self.face.units_per_em())
    }

    /// Sends the outline of `glyph` to `sink`; false for a glyph without
    /// one (a space).
    pub fn draw(&self, glyph: u16, sink: &mut dyn ttf_parser::OutlineBuilder) -> bool {
        self.face
            .outline_glyph(ttf_parser::GlyphId(glyph), sink)
            .is_some()
    }
}

/// Advance width of a glyph in em, as measuring and the PDF use it.
pub fn glyph_advance(face: Face, glyph: u16) -> f32 {
    face.0
        .advances
        .get(usize::from(glyph))
        .copied()
        .unwrap_or(0.0)
}

/// Vertical metrics of a face.
pub fn metrics(face: Face) -> Metrics {
    face.0.metrics
}

/// The glyph for a character, if the face has one.
pub fn glyph(face: Face, c: char) -> Option<u16> {
    let f = face.0;
    match f.direct.get(c as usize) {
        Some(0) => None,
        Some(&gid) => Some(gid),
        None => f.beyond_direct.get(&(c as u32)).copied(),
    }
}

/// Advance width of `text` at `size` points.
pub fn width(face: Face, size: f32, text: &str) -> f32 {
    let em: f32 = text.chars().map(|c| em_advance(face, c)).sum();
    em * size
}

/// Advance width of one character at `size` points (none when the face
/// lacks it).
pub fn advance(face: Face, size: f32, c: char) -> f32 {
    em_advance(face, c) * size
}

fn em_advance(face: Face, c: char) -> f32 {
    glyph(face, c).map_or(0.0, |g| glyph_advance(face, g))
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

/// Breaks `text` into lines no wider than `max_width` at `size` points,
/// with the sheet's one line breaker ([`crate::linebreak`]).
pub fn wrap(face: Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
    lines(|| std::iter::once((text, face)), size, max_width)
        .iter()
        .map(linebreak::Line::text)
        .collect()
}

/// The lines of a paragraph of `(text, face)` pieces (as `pieces` lists
/// them, each time it is called) set at `size` no wider than `width`.
/// Inside [`remembering_lines`] equal paragraphs at an equal size and
/// width are broken once, and share their lines.
pub fn lines<'a, I>(pieces: impl Fn() -> I, size: f32, width: f32) -> Rc<[linebreak::Line]>
where
    I: ExactSizeIterator<Item = (&'a str, Face)>,
{
    let break_lines = || -> Rc<[linebreak::Line]> {
        let pieces: Vec<(&str, Face)> = pieces().collect();
        measure(&pieces).lines(size, width).into()
    };
    let (size_bits, width_bits) = (size.to_bits(), width.to_bits());
    let remembered = LINE_BREAKS.with(|memory| {
        let mut memory = memory.borrow_mut();
        let memory = memory.as_mut()?;
        let hash = memo::hash(pieces(), &[size_bits, width_bits]);
        let is_key = |(key, s, w): &LineKey| {
            (*s, *w) == (size_bits, width_bits) && memo::same(key, pieces())
        };
        if let Some(lines) = memory.get(hash, is_key) {
            return Some(lines);
        }
        let lines = break_lines();
        let bytes = lines
            .iter()
            .flat_map(|line| &line.runs)
            .map(|run| run.1.len() + std::mem::size_of_val(run))
            .sum();
        memory.insert(
            hash,
            (memo::owned(pieces()), size_bits, width_bits),
            Rc::clone(&lines),
            bytes,
        );
        Some(lines)
    });
    remembered.unwrap_or_else(break_lines)
}

/// What a paragraph's breaks depend on: its text and faces, the size and
/// the width as bits (colour, links and leading do not move a break).
type LineKey = (memo::Pieces, u32, u32);

/// The most a layout remembers of its line breaks, in bytes: far more than
/// a dense sheet makes, a bound for text no sheet could hold.
const LINE_BREAK_BYTES: usize = 16 << 20;

thread_local! {
    /// The line breaks of the layout running on this thread, if any.
    static LINE_BREAKS: RefCell<Option<Memo<LineKey, Rc<[linebreak::Line]>>>> =
        const { RefCell::new(None) };
}

/// Runs `f` (a layout) with line breaks remembered by (text, face, size,
/// width): paragraphs and labels alike. The fit drafts the page several
/// times over, and each band several arrangements; most paragraphs and
/// labels come out at the same size and width in many of them, so each is
/// broken once. The memory lasts for `f` only, so a long batch does not
/// accumulate it.
pub fn remembering_lines<T>(f: impl FnOnce() -> T) -> T {
    let outer = LINE_BREAKS.with(|memory| memory.replace(Some(Memo::new(LINE_BREAK_BYTES))));
    let result = f();
    LINE_BREAKS.with(|memory| memory.replace(outer));
    result
}

/// A paragraph of `(text, face)` pieces measured for the line breaker at
/// one point of size, so that it sets at any size and measure without
/// measuring again. A sheet's drafts set the same paragraphs and labels at
/// several sizes and widths, and the sheets of a batch share text from
/// their bases: each thread remembers what it measured.
pub fn measure(pieces: &[(&str, Face)]) -> Rc<linebreak::Measured> {
    let hash = memo::hash(pieces.iter().copied(), &[]);
    MEASURED.with(|memory| {
        let mut memory = memory.borrow_mut();
        if let Some(measured) = memory.get(hash, |key| memo::same(key, pieces.iter().copied())) {
            return measured;
        }
        let texts: Vec<&str> = pieces.iter().map(|(text, _)| *text).collect();
        let measured = Rc::new(linebreak::Measured::new(&texts, |piece, c| {
            em_advance(pieces[piece].1, c)
        }));
        let key = memo::owned(pieces.iter().copied());
        let bytes = measured.footprint();
        memory.insert(hash, key, Rc::clone(&measured), bytes);
        measured
    })
}

/// How much measured text a thread keeps before it starts afresh: some
/// eight sheets' worth of paragraphs with their widths at four sizes, so a
/// long batch does not accumulate them.
const MEASURED_BYTES: usize = 4 << 20;

thread_local! {
    static MEASURED: RefCell<Memo<memo::Pieces, Rc<linebreak::Measured>>> =
        RefCell::new(Memo::new(MEASURED_BYTES));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regular() -> Face {
        FontSet::embedded().regular
    }

    #[test]
    fn every_face_parses_with_latin_glyphs() {
        for (_, face) in FontSet::embedded().roles() {
            for c in "Aa09§–—“”’•·".chars() {
                assert!(glyph(face, c).is_some(), "{face:?} lacks {c:?}");
            }
        }
    }

    #[test]
    fn width_scales_with_size_and_bold_is_wider() {
        let w10 = width(regular(), 10.0, "Missouri");
        let w20 = width(regular(), 20.0, "Missouri");
        assert!((w20 - 2.0 * w10).abs() < 1e-3);
        assert!(width(FontSet::embedded().bold, 10.0, "Missouri") > w10);
        assert!(w10 > 30.0 && w10 < 50.0, "implausible width {w10}");
    }

    #[test]
    fn wrap_respects_width_and_keeps_every_word() {
        let text =
            "This state profile summarizes regionally specific data to help promote collaboration";
        let lines = wrap(regular(), 10.0, text, 120.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(width(regular(), 10.0, line) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn labels_wrap_alike_when_their_lines_are_remembered() {
        let text = "Labor trafficking in agriculture and animal husbandry";
        let (bold, cases) = (
            FontSet::embedded().bold,
            [(9.0, 80.0), (9.0, 60.0), (7.5, 80.0)],
        );
        let fresh: Vec<Vec<String>> = cases
            .iter()
            .map(|&(size, width)| wrap(regular(), size, text, width))
            .collect();
        assert_ne!(fresh[0], fresh[1]);
        assert_ne!(fresh[0], fresh[2]);
        remembering_lines(|| {
            for _ in 0..2 {
                for (&(size, width), lines) in cases.iter().zip(&fresh) {
                    assert_eq!(&wrap(regular(), size, text, width), lines);
                }
                // The face is part of what is remembered: at a width that
                // holds the regular text on one line, the bold one wraps.
                let one_line = width(regular(), 9.0, text) + 0.5;
                assert_eq!(wrap(regular(), 9.0, text, one_line), [text]);
                assert_eq!(wrap(bold, 9.0, text, one_line).len(), 2);
            }
        });
    }

    #[test]
    fn wrap_splits_words_longer_than_the_line() {
        let url = "https://humantraffickinghotline.org/training-resources/referral-directory";
        let lines = wrap(regular(), 10.0, url, 100.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(width(regular(), 10.0, line) <= 100.0, "{line}");
        }
        assert_eq!(lines.concat(), url);
    }

    #[test]
    fn missing_chars_names_each_once() {
        assert_eq!(missing_chars(regular(), "ok 漢字漢"), vec!['漢', '字']);
        assert!(missing_chars(regular(), "Résumé – §").is_empty());
    }

    #[test]
    fn embedded_faces_are_distinct_and_named_from_their_tables() {
        let set = FontSet::embedded();
        let names: Vec<&str> = set
            .roles()
            .iter()
            .map(|(_, f)| f.postscript_name())
            .collect();
        assert_eq!(
            names,
            [
                "PublicSans-Regular",
                "PublicSans-Italic",
                "PublicSans-SemiBold",
                "PublicSans-Bold",
                "PublicSans-ExtraBold"
            ]
        );
        assert_ne!(set.regular, set.bold);
    }

    #[test]
    fn loading_the_same_program_twice_gives_the_same_face() {
        let set = FontSet::embedded();
        let again = load(set.bold.bytes().to_vec()).unwrap();
        assert_eq!(again, set.bold);
        assert!(std::ptr::eq(again.0, set.bold.0));
    }

    #[test]
    fn unusable_programs_are_refused_with_a_reason() {
        let bytes = FontSet::embedded().regular.bytes();
        let cases: [(Vec<u8>, &str); 4] = [
            (
                b"not a font at all".to_vec(),
                "not a TrueType or OpenType font",
            ),
            (bytes[..bytes.len() / 3].to_vec(), "cut short"),
            ([b"wOFF".as_slice(), &bytes[4..]].concat(), "WOFF"),
            ([b"ttcf".as_slice(), &bytes[4..]].concat(), "collections"),
        ];
        for (program, expected) in cases {
            let error = load(program).expect_err("must be refused");
            assert!(error.contains(expected), "{error}");
        }
    }

    #[test]
    fn a_restricted_licence_is_refused() {
        assert!(embedding_forbidden(0x0002).unwrap().contains("restricted"));
        assert!(embedding_forbidden(0x0104).unwrap().contains("subset"));
        assert_eq!(embedding_forbidden(0x0000), None);
        assert_eq!(embedding_forbidden(0x0004), None);
        assert_eq!(embedding_forbidden(0x0008), None);
    }
}
