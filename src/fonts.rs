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
    let count = usize::from(u16_at(bytes, 4)?);
    let directory = bytes.get(12..12 + count * 16)?;
    directory
        .chunks(16)
        .map(|record| Some(u32_at(record, 8)? as usize + u32_at(record, 12)? as usize))
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
        use allsorts::tables::{
            os2::Os2, FontTableProvider, HeadTable, HheaTable, MaxpTable, NameTable,
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
        // Filed into the map once the cmap is read: inserting there from
        // the mapping loop kept the compiler from inlining it.
        let mut beyond = Vec::new();
        if let Ok(cmap) = provider.read_table_data(tag::CMAP) {
            cmap_mappings(&cmap, &mut |c, glyph| {
                maps_characters = true;
                match direct.get_mut(c as usize) {
                    Some(slot) => *slot = glyph,
                    None => beyond.push((c, glyph)),
                }
            });
        }
        let mut beyond_direct = BTreeMap::new();
        for (c, glyph) in beyond {
            // A later mapping of a character replaces an earlier one.
            beyond_direct.insert(c, glyph);
        }
        let advances = provider.read_table_data(tag::HMTX).map_or_else(
            |_| Vec::new(),
            |hmtx| advance_widths(&hmtx, maxp.num_glyphs, hhea.num_h_metrics),
        );

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

/// The cmap subtables printpdf may read characters through, best first,
/// as (platform, encoding; `None`: any encoding). allsorts picks
/// the first record of the first pair present (`read_cmap_subtable`), and
/// measuring must map characters to the glyphs the PDF then shows.
const CMAP_PREFERENCE: [(u16, Option<u16>); 7] = [
    (3, Some(10)), // Windows, Unicode full repertoire
    (3, Some(1)),  // Windows, Unicode BMP
    (0, Some(4)),  // Unicode, full repertoire
    (0, None),     // Unicode, any
    (3, Some(0)),  // Windows, symbol
    (1, Some(0)),  // Macintosh, Roman
    (3, Some(4)),  // Windows, Big5
];

/// Calls `map` with each character and glyph of the cmap subtable printpdf
/// reads characters through, in the subtable's order (a later mapping of a
/// character replaces an earlier one). A subtable damaged part way maps
/// what comes before the damage, as in printpdf.
///
/// Formats 4 and 12, which Unicode fonts carry, are read here straight
/// from the bytes: through allsorts, the five embedded faces' cmaps and
/// advances took 1.5 % of a fresh process's instructions for one sheet.
/// The rarer formats go through allsorts.
fn cmap_mappings(cmap: &[u8], map: &mut impl FnMut(u32, u16)) {
    let Some(subtable) = preferred_subtable(cmap) else {
        return;
    };
    match u16_at(subtable, 0) {
        Some(4) => _ = format4_mappings(subtable, map),
        Some(12) => _ = format12_mappings(subtable, map),
        _ => allsorts_cmap_mappings(cmap, map),
    }
}

/// The bytes from the start of the preferred subtable (see
/// [`CMAP_PREFERENCE`]) to the end of the `cmap` table.
fn preferred_subtable(cmap: &[u8]) -> Option<&[u8]> {
    if u16_at(cmap, 0)? != 0 {
        return None;
    }
    let count = usize::from(u16_at(cmap, 2)?);
    let records = cmap.get(4..4 + count * 8)?;
    let offset = CMAP_PREFERENCE.iter().find_map(|&(platform, encoding)| {
        records
            .chunks_exact(8)
            .find(|record| {
                u16_at(record, 0) == Some(platform)
                    && encoding.is_none_or(|encoding| u16_at(record, 2) == Some(encoding))
            })
            .and_then(|record| u32_at(record, 4))
    })?;
    Some(cmap.get(offset as usize..).unwrap_or_default())
}

/// Format 4, segment mapping to delta values. Unreadable columns or a
/// `length` short of them map nothing; a glyph index outside the glyph id
/// array (or inside the idRangeOffset column, or odd) ends the mapping
/// there.
fn format4_mappings(subtable: &[u8], map: &mut impl FnMut(u32, u16)) -> Option<()> {
    let length = usize::from(u16_at(subtable, 2)?);
    let column_bytes = usize::from(u16_at(subtable, 6)?);
    if column_bytes % 2 != 0 {
        return None;
    }
    // Four columns of one u16 a segment, the end codes apart from the
    // others by a reserved u16, then the glyph id array to `length`.
    let glyph_ids_at = 16 + 4 * column_bytes;
    let columns = subtable.get(14..glyph_ids_at)?;
    let glyph_ids_bytes = length.checked_sub(glyph_ids_at)? / 2 * 2;
    let glyph_ids = subtable.get(glyph_ids_at..glyph_ids_at + glyph_ids_bytes)?;
    let ends = &columns[..column_bytes];
    let starts = &columns[column_bytes + 2..][..column_bytes];
    let deltas = &columns[2 * column_bytes + 2..][..column_bytes];
    let range_offsets = &columns[3 * column_bytes + 2..];
    for segment in 0..column_bytes / 2 {
        let at = segment * 2;
        let (start, end) = (u16_at(starts, at)?, u16_at(ends, at)?);
        let delta = u16_at(deltas, at)?;
        // 0xFFFF as 0: a Fontographer bug allsorts works around.
        let range_offset = match u16_at(range_offsets, at)? {
            0xFFFF => 0,
            offset => usize::from(offset),
        };
        if start > end {
            continue;
        }
        let chars = u32::from(start)..u32::from(end) + 1;
        if range_offset == 0 {
            for c in chars {
                map(c, (c as u16).wrapping_add(delta));
            }
            continue;
        }
        // The offset counts bytes from its own place in its column to the
        // segment's first glyph id, which must lie past the column.
        let first = range_offset + at;
        if first % 2 != 0 {
            return None;
        }
        let ids = glyph_ids
            .get(first.checked_sub(column_bytes)?..)
            .unwrap_or_default();
        let count = chars.len();
        for (c, id) in chars.zip(ids.chunks_exact(2)) {
            let glyph = match u16::from_be_bytes([id[0], id[1]]) {
                0 => 0,
                glyph => glyph.wrapping_add(delta),
            };
            map(c, glyph);
        }
        if ids.len() / 2 < count {
            return None;
        }
    }
    Some(())
}

/// Format 12, segmented coverage. Unreadable groups map nothing; a group
/// whose glyph ids leave 16 bits ends the mapping there.
fn format12_mappings(subtable: &[u8], map: &mut impl FnMut(u32, u16)) -> Option<()> {
    if u16_at(subtable, 2)? != 0 {
        return None;
    }
    let count = usize::try_from(u32_at(subtable, 12)?).ok()?;
    let groups = subtable.get(16..16 + count.checked_mul(12)?)?;
    for group in groups.chunks_exact(12) {
        let (first, last, glyph) = (u32_at(group, 0)?, u32_at(group, 4)?, u32_at(group, 8)?);
        for (step, c) in (first..=last).enumerate() {
            let glyph = u16::try_from(glyph).ok()?;
            // Wrapping, as allsorts adds in a build without overflow checks.
            map(c, glyph.wrapping_add(u16::try_from(step).ok()?));
        }
    }
    Some(())
}

/// [`cmap_mappings`] through allsorts, for the subtable formats this does
/// not read itself.
fn allsorts_cmap_mappings(cmap: &[u8], map: &mut impl FnMut(u32, u16)) {
    use allsorts::binary::read::ReadScope;
    use allsorts::tables::cmap::Cmap;
    if let Some((_, subtable)) = ReadScope::new(cmap)
        .read::<Cmap<'_>>()
        .ok()
        .and_then(|cmap| allsorts::font::read_cmap_subtable(&cmap).ok().flatten())
    {
        let _ = subtable.mappings_fn(map);
    }
}

/// Advance widths in font units by glyph id, for `glyphs` glyphs of which
/// `long_metrics` have their own (`hhea`'s numberOfHMetrics): the others
/// take the last one, and all take 0 when there is none. Empty when the
/// table is shorter than the two counts say (allsorts does not read it).
fn advance_widths(hmtx: &[u8], glyphs: u16, long_metrics: u16) -> Vec<u16> {
    let (glyphs, long_metrics) = (usize::from(glyphs), usize::from(long_metrics));
    let Some(metrics) = hmtx
        .get(..long_metrics * 4 + glyphs.saturating_sub(long_metrics) * 2)
        .map(|table| &table[..long_metrics * 4])
    else {
        return Vec::new();
    };
    let mut widths = Vec::with_capacity(glyphs);
    widths.extend(
        metrics
            .chunks_exact(4)
            .take(glyphs)
            .map(|metric| u16::from_be_bytes([metric[0], metric[1]])),
    );
    widths.resize(glyphs, widths.last().copied().unwrap_or(0));
    widths
}

/// The big-endian `u16` at byte `at` of a font table, if the table holds
/// it. The TrueType subsetter ([`crate::export`]) reads with these too.
pub(crate) fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

/// The big-endian `u32` at byte `at` of a font table, if the table holds
/// it.
pub(crate) fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
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
        let bytes = linebreak::bytes(&lines);
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

    /// Every font program the repository has: the shipped faces and the
    /// test fixtures (TrueType and CFF), with their file names.
    fn every_font_program() -> Vec<(String, Vec<u8>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut programs = Vec::new();
        for dir in ["fonts", "tests/fixtures/fonts"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("ttf" | "otf")
                ) {
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    programs.push((name, std::fs::read(&path).unwrap()));
                }
            }
        }
        programs.sort();
        assert!(programs.len() >= 7, "the fonts are missing: {programs:?}");
        programs
    }

    /// A table of a font program, as allsorts hands it out.
    fn table(program: &[u8], tag: u32) -> Option<Vec<u8>> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::FontTableProvider;
        let font = ReadScope::new(program).read::<FontData<'_>>().unwrap();
        let provider = font.table_provider(0).unwrap();
        let data = provider.read_table_data(tag).ok()?;
        Some(data.into_owned())
    }

    /// The glyph and long metric counts of `maxp` and `hhea`.
    fn glyph_counts(program: &[u8]) -> (u16, u16) {
        use allsorts::binary::read::ReadScope;
        use allsorts::tables::{HheaTable, MaxpTable};
        use allsorts::tag;
        let maxp = table(program, tag::MAXP).unwrap();
        let hhea = table(program, tag::HHEA).unwrap();
        let maxp = ReadScope::new(&maxp).read::<MaxpTable>().unwrap();
        let hhea = ReadScope::new(&hhea).read::<HheaTable>().unwrap();
        (maxp.num_glyphs, hhea.num_h_metrics)
    }

    /// What [`cmap_mappings`] maps, in order.
    fn mappings_read_here(cmap: &[u8]) -> Vec<(u32, u16)> {
        let mut mappings = Vec::new();
        cmap_mappings(cmap, &mut |c, glyph| mappings.push((c, glyph)));
        mappings
    }

    /// What allsorts maps, or `None` where it panics (its format 12
    /// reading overflows on some damage in a build with overflow checks).
    fn allsorts_mappings(cmap: &[u8]) -> Option<Vec<(u32, u16)>> {
        let mut mappings = Vec::new();
        guarded(|| {
            allsorts_cmap_mappings(cmap, &mut |c, glyph| mappings.push((c, glyph)));
            Ok(())
        })
        .ok()?;
        Some(mappings)
    }

    /// Advance widths as allsorts reads them.
    fn allsorts_advances(hmtx: &[u8], glyphs: u16, long_metrics: u16) -> Vec<u16> {
        use allsorts::binary::read::ReadScope;
        use allsorts::tables::HmtxTable;
        ReadScope::new(hmtx)
            .read_dep::<HmtxTable<'_>>((usize::from(glyphs), usize::from(long_metrics)))
            .map_or_else(
                |_| Vec::new(),
                |hmtx| {
                    (0..glyphs)
                        .map(|glyph| hmtx.horizontal_advance(glyph).unwrap_or(0))
                        .collect()
                },
            )
    }

    /// The first index where two lists differ, for a readable failure.
    fn first_difference<T: PartialEq + fmt::Debug>(ours: &[T], theirs: &[T]) -> Option<String> {
        if ours == theirs {
            return None;
        }
        let at = (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i))?;
        Some(format!(
            "entry {at}: {:?} here, {:?} through allsorts (lengths {} and {})",
            ours.get(at),
            theirs.get(at),
            ours.len(),
            theirs.len()
        ))
    }

    /// Checks that `cmap` maps here as through allsorts, mapping by
    /// mapping, and returns the mappings (`None` where allsorts panics).
    fn assert_maps_as_allsorts(name: &str, cmap: &[u8]) -> Option<Vec<(u32, u16)>> {
        let theirs = allsorts_mappings(cmap)?;
        if let Some(difference) = first_difference(&mappings_read_here(cmap), &theirs) {
            panic!("{name}, cmap {difference}");
        }
        Some(theirs)
    }

    /// Checks what [`Tables::read`] makes of `program` entry by entry
    /// against the reading through allsorts it replaces, and returns how
    /// many mappings allsorts reads (`None` where allsorts panics).
    fn assert_reads_as_allsorts(name: &str, program: &[u8]) -> Option<usize> {
        use allsorts::tag;
        let tables = guarded(|| Tables::read(program).ok_or_else(String::new)).ok()?;
        let theirs = assert_maps_as_allsorts(name, &table(program, tag::CMAP).unwrap())?;
        // A later mapping of a character replaces an earlier one.
        let by_char: BTreeMap<u32, u16> = theirs.iter().copied().collect();
        let mut direct = vec![0; DIRECT as usize];
        for (&c, &glyph) in by_char.range(..DIRECT) {
            direct[c as usize] = glyph;
        }
        if let Some(difference) = first_difference(&tables.direct, &direct) {
            panic!("{name}, direct {difference}");
        }
        let beyond: Vec<(u32, u16)> = by_char.range(DIRECT..).map(|(&c, &g)| (c, g)).collect();
        let beyond_direct: Vec<(u32, u16)> =
            tables.beyond_direct.iter().map(|(&c, &g)| (c, g)).collect();
        if let Some(difference) = first_difference(&beyond_direct, &beyond) {
            panic!("{name}, beyond direct {difference}");
        }
        assert_eq!(tables.maps_characters, !theirs.is_empty(), "{name}");

        let (glyphs, long_metrics) = glyph_counts(program);
        let hmtx = table(program, tag::HMTX).unwrap();
        let advances = allsorts_advances(&hmtx, glyphs, long_metrics);
        if let Some(difference) = first_difference(&tables.advances, &advances) {
            panic!("{name}, advances {difference}");
        }
        Some(theirs.len())
    }

    #[test]
    fn every_font_reads_as_allsorts_reads_it() {
        use allsorts::tag;
        let mut formats = BTreeSet::new();
        for (name, program) in every_font_program() {
            let mapped = assert_reads_as_allsorts(&name, &program).unwrap();
            assert!(mapped > 10, "{name}: {mapped} mappings");
            let (glyphs, _) = glyph_counts(&program);
            let tables = Tables::read(&program).unwrap();
            assert_eq!(tables.advances.len(), usize::from(glyphs), "{name}");
            let cmap = table(&program, tag::CMAP).unwrap();
            formats.insert(u16_at(preferred_subtable(&cmap).unwrap(), 0).unwrap());
        }
        // Source Sans 3 prefers its format 12 subtable, the others format 4.
        assert_eq!(formats, BTreeSet::from([4, 12]));
    }

    #[test]
    fn damaged_cmaps_map_what_allsorts_maps_before_the_damage() {
        use allsorts::tag;
        let (mut compared, mut cut_short, mut tables_compared) = (0, 0, 0);
        for (name, program) in every_font_program() {
            let cmap = table(&program, tag::CMAP).unwrap();
            let whole = mappings_read_here(&cmap).len();
            let mut count = |mapped: usize| {
                compared += 1;
                cut_short += usize::from(mapped > 0 && mapped < whole);
            };
            // Cut short anywhere, and at each byte of the headers.
            let subtable_at = cmap.len() - preferred_subtable(&cmap).unwrap().len();
            let lengths = (0..cmap.len())
                .step_by(cmap.len() / 300 + 1)
                .chain(0..subtable_at + 64);
            for length in lengths.filter(|&length| length <= cmap.len()) {
                let what = format!("{name} cut to {length} bytes");
                if let Some(theirs) = assert_maps_as_allsorts(&what, &cmap[..length]) {
                    count(theirs.len());
                }
            }
            // Each word of the record list and of the subtable's header,
            // segment columns or groups set to values that mean something
            // else; and in the program, where that maps a few characters
            // (reading whole planes into the tables takes a while).
            let cmap_at = (0..usize::from(u16_at(&program, 4).unwrap()))
                .map(|record| 12 + record * 16)
                .find(|&record| program[record..record + 4] == *b"cmap")
                .map(|record| u32_at(&program, record + 8).unwrap() as usize)
                .unwrap();
            let mut damaged = program.clone();
            let words = (4..subtable_at + 1600).step_by(2);
            for at in words
                .filter(|&at| at + 2 <= cmap.len())
                .map(|at| cmap_at + at)
            {
                let word = u16_at(&program, at).unwrap();
                // Platform, encoding and format ids in the headers.
                let ids: &[u16] = if at < cmap_at + subtable_at + 16 {
                    &[3, 4, 10, 12]
                } else {
                    &[]
                };
                let values = [0, 1, 0x00FF, 0x7FFF, 0xFFFF, word ^ 1, word.wrapping_add(2)];
                for value in values.into_iter().chain(ids.iter().copied()) {
                    damaged[at..at + 2].copy_from_slice(&value.to_be_bytes());
                    let what = format!("{name} with {value:#06X} at byte {at}");
                    let damaged_cmap = &damaged[cmap_at..cmap_at + cmap.len()];
                    let Some(theirs) = assert_maps_as_allsorts(&what, damaged_cmap) else {
                        continue;
                    };
                    count(theirs.len());
                    if theirs.len() <= 2 * whole {
                        tables_compared +=
                            usize::from(assert_reads_as_allsorts(&what, &damaged).is_some());
                    }
                }
                damaged[at..at + 2].copy_from_slice(&word.to_be_bytes());
            }
        }
        assert!(tables_compared > 20_000, "{tables_compared}");
        assert!(compared > 20_000, "{compared}");
        assert!(cut_short > 1000, "damage part way is covered: {cut_short}");
    }

    #[test]
    fn the_subtable_is_chosen_as_allsorts_chooses_it() {
        use allsorts::tag;
        let (_, program) = every_font_program()
            .into_iter()
            .find(|(name, _)| name.starts_with("SourceSans3"))
            .unwrap();
        // Five subtables: (0, 3) and (3, 1) format 4, (0, 4) and (3, 10)
        // format 12, (1, 0) format 6.
        let cmap = table(&program, tag::CMAP).unwrap();
        let records = usize::from(u16_at(&cmap, 2).unwrap());
        assert_eq!(records, 5);
        let ids = [
            (0, 3),
            (0, 4),
            (0, 5),
            (1, 0),
            (2, 2),
            (3, 0),
            (3, 1),
            (3, 4),
            (3, 10),
        ];
        let mut formats = BTreeSet::new();
        for record in 0..records {
            for other in 0..records {
                for &(platform, encoding) in &ids {
                    for &(second_platform, second_encoding) in &ids {
                        let mut relabelled = cmap.clone();
                        for (at, platform, encoding) in [
                            (4 + record * 8, platform, encoding),
                            (4 + other * 8, second_platform, second_encoding),
                        ] {
                            relabelled[at..at + 2].copy_from_slice(&u16::to_be_bytes(platform));
                            relabelled[at + 2..at + 4].copy_from_slice(&u16::to_be_bytes(encoding));
                        }
                        if let Some(subtable) = preferred_subtable(&relabelled) {
                            formats.insert(u16_at(subtable, 0).unwrap());
                        }
                        let theirs = allsorts_mappings(&relabelled).unwrap();
                        assert_eq!(
                            first_difference(&mappings_read_here(&relabelled), &theirs),
                            None,
                            "record {record} as ({platform}, {encoding}), \
                             record {other} as ({second_platform}, {second_encoding})"
                        );
                    }
                }
            }
        }
        assert_eq!(formats, BTreeSet::from([4, 6, 12]));
    }

    /// Checks that the `cmap` table of big-endian `words` maps `expected`,
    /// here and through allsorts.
    fn assert_cmap_maps(words: &[u16], expected: &[(u32, u16)]) {
        let cmap: Vec<u8> = words.iter().flat_map(|word| word.to_be_bytes()).collect();
        assert_eq!(mappings_read_here(&cmap), expected);
        assert_eq!(allsorts_mappings(&cmap).as_deref(), Some(expected));
    }

    /// A `cmap` header with one Windows Unicode BMP record, its subtable
    /// right after it.
    const ONE_RECORD: [u16; 6] = [0, 1, 3, 1, 0, 12];

    #[test]
    fn rarer_cmap_formats_are_read_through_allsorts() {
        // Format 6 (trimmed table mapping): 'A', 'B', 'C' to glyphs 5, 6, 7.
        let subtable = [6, 16, 0, 0x41, 3, 5, 6, 7];
        assert_cmap_maps(
            &[&ONE_RECORD[..], &subtable].concat(),
            &[(0x41, 5), (0x42, 6), (0x43, 7)],
        );
    }

    #[test]
    fn an_empty_segment_does_not_end_the_mapping() {
        // Format 4: an empty segment (start after end) with an idRangeOffset
        // that could not be followed, 'A' and 'B' to glyphs 3 and 4, and
        // the closing segment, 0xFFFF to glyph 0. The header: format,
        // length, language, segCountX2, searchRange, entrySelector and
        // rangeShift.
        let header = [4, 40, 0, 6, 4, 1, 2];
        let (ends, reserved, starts) = ([0x40, 0x42, 0xFFFF], [0], [0x50, 0x41, 0xFFFF]);
        let deltas = [0, 3u16.wrapping_sub(0x41), 1];
        let range_offsets = [1, 0, 0];
        let subtable = [
            &header[..],
            &ends,
            &reserved,
            &starts,
            &deltas,
            &range_offsets,
        ]
        .concat();
        assert_cmap_maps(
            &[&ONE_RECORD[..], &subtable].concat(),
            &[(0x41, 3), (0x42, 4), (0xFFFF, 0)],
        );
    }

    #[test]
    fn advances_of_short_or_odd_hmtx_tables_are_as_allsorts_reads_them() {
        use allsorts::tag;
        let mut compared = 0;
        for (name, program) in every_font_program() {
            let hmtx = table(&program, tag::HMTX).unwrap();
            let (glyphs, long_metrics) = glyph_counts(&program);
            let counts = [
                0,
                1,
                2,
                long_metrics.saturating_sub(1),
                long_metrics,
                glyphs,
                glyphs + 3,
            ];
            for glyphs in counts {
                for long_metrics in counts {
                    let lengths = [0, 2, 3, 4, 7, hmtx.len() / 2, hmtx.len() - 1, hmtx.len()];
                    for length in lengths {
                        let hmtx = &hmtx[..length];
                        let ours = advance_widths(hmtx, glyphs, long_metrics);
                        let theirs = allsorts_advances(hmtx, glyphs, long_metrics);
                        assert_eq!(
                            first_difference(&ours, &theirs),
                            None,
                            "{name}: {glyphs} glyphs, {long_metrics} metrics, {length} bytes"
                        );
                        compared += usize::from(!theirs.is_empty());
                    }
                }
            }
        }
        assert!(compared > 100, "{compared}");
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
