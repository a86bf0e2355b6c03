//! The embedded county and state boundaries and the state table.
//!
//! The geometry is us-atlas 3.0.1 `counties-10m.json` (Census 2017
//! cartographic boundaries, ISC licence, see `LICENSE-us-atlas.txt` beside this
//! file), re-encoded by the converter in `compact.rs` (a test module) into
//! `counties.bin`: the same quantised, delta-encoded TopoJSON arcs and arc
//! references, written as LEB128 varints and restricted to the 50 states and
//! DC, behind a table of where each arc and feature starts. A sheet draws
//! one state, so only that state's counties and the arcs they use are read,
//! when a sheet first asks for them; nothing of the other states is touched.
//!
//! Format: `b"CTY2"`; four little-endian f64 (scale x, scale y, translate
//! x, translate y); three little-endian u32 counts (arcs, counties,
//! states); where each arc starts (a u32 byte offset each); the counties
//! and then the states as pairs of u32 (FIPS code, byte offset), sorted by
//! FIPS code; then the arcs and features those offsets point at, in
//! unsigned LEB128 varints (signed ones zigzag-encoded). An arc is its
//! point count and the zigzag deltas, the first one absolute. A feature is
//! its FIPS code, its name (byte length + UTF-8) and its polygons (count;
//! per polygon the ring count; per ring the arc count and zigzag arc
//! references, where a negative reference `!i` means arc `i` reversed).

use std::sync::OnceLock;

/// The compact geometry, generated from the TopoJSON by `compact.rs`.
pub(crate) static COMPACT: &[u8] = include_bytes!("counties.bin");

/// Magic bytes at the head of [`COMPACT`].
pub(crate) const MAGIC: &[u8; 4] = b"CTY2";

/// A county or state: FIPS code, name and outline.
#[derive(Debug)]
pub(crate) struct Feature {
    pub fips: u32,
    pub name: String,
    /// The rings of all its polygons (each polygon's outer ring first), in
    /// (longitude, latitude), without the closing repeat of the first point.
    pub rings: Vec<Vec<[f64; 2]>>,
}

/// The boundaries, with the index the compact data starts with.
#[derive(Debug)]
pub(crate) struct Atlas {
    bytes: &'static [u8],
    /// Scale x, scale y, translate x, translate y of the quantised points.
    transform: [f64; 4],
    /// Where each arc (its point count) starts in `bytes`, little-endian.
    arcs: &'static [[u8; 4]],
    /// Where each county starts in `bytes`.
    county_index: FeatureIndex,
    /// Where each state (and DC) starts in `bytes`.
    state_index: FeatureIndex,
    /// Each state's counties, by state FIPS code, decoded on first use.
    counties: Vec<OnceLock<Vec<Feature>>>,
    /// Each state's own outline, by state FIPS code, decoded on first use.
    states: Vec<OnceLock<Option<Feature>>>,
}

/// (FIPS code, where the feature starts in the data) pairs of little-endian
/// u32s, sorted by code.
#[derive(Debug, Clone, Copy)]
struct FeatureIndex(&'static [[u8; 8]]);

impl FeatureIndex {
    fn fips(entry: &[u8; 8]) -> u32 {
        u32::from_le_bytes(*entry.first_chunk().unwrap_or(&[0; 4]))
    }

    fn start(entry: &[u8; 8]) -> u32 {
        u32::from_le_bytes(*entry.last_chunk().unwrap_or(&[0; 4]))
    }

    /// Where the features with codes in `codes` start, in code order.
    fn starts(self, codes: std::ops::Range<u32>) -> impl Iterator<Item = u32> {
        let lo = self.0.partition_point(|e| Self::fips(e) < codes.start);
        let hi = self.0.partition_point(|e| Self::fips(e) < codes.end);
        self.0[lo..hi].iter().map(Self::start)
    }
}

/// State FIPS codes run below this.
const STATE_CODES: usize = 100;

impl Atlas {
    /// The counties whose FIPS code starts with the state's two digits.
    pub fn counties_of(&self, state_fips: u32) -> &[Feature] {
        let Some(slot) = self.counties.get(state_fips as usize) else {
            return &[];
        };
        slot.get_or_init(|| {
            let lo = state_fips * 1000;
            self.county_index
                .starts(lo..lo + 1000)
                .map(|at| self.feature(at))
                .collect()
        })
    }

    pub fn state(&self, state_fips: u32) -> Option<&Feature> {
        let slot = self.states.get(state_fips as usize)?;
        slot.get_or_init(|| {
            let at = self.state_index.starts(state_fips..state_fips + 1).next()?;
            Some(self.feature(at))
        })
        .as_ref()
    }

    pub fn county(&self, fips: u32) -> Option<&Feature> {
        let counties = self.counties_of(fips / 1000);
        counties
            .binary_search_by_key(&fips, |c| c.fips)
            .ok()
            .map(|i| &counties[i])
    }

    /// The feature starting at byte `at`, its arc references checked (the
    /// data is compiled in and tested, so a bad one is a build defect).
    fn feature(&self, at: u32) -> Feature {
        let mut r = Reader {
            bytes: self.bytes,
            pos: at as usize,
        };
        let (fips, name, rings) = r
            .feature(self.arcs.len())
            .expect("embedded county geometry is corrupt");
        Feature {
            fips,
            name,
            rings: rings.iter().map(|refs| self.ring(refs)).collect(),
        }
    }

    /// Appends the points of arc `i` in (longitude, latitude) to `out`,
    /// backwards with `reversed`, without its first point (as it runs)
    /// with `skip_first`.
    fn push_arc(&self, i: usize, reversed: bool, skip_first: bool, out: &mut Vec<[f64; 2]>) {
        let mut r = Reader {
            bytes: self.bytes,
            pos: u32::from_le_bytes(self.arcs[i]) as usize,
        };
        let [sx, sy, tx, ty] = self.transform;
        let corrupt = "embedded county geometry is corrupt";
        let n = r.len().expect(corrupt);
        let start = out.len();
        out.reserve(n);
        let (mut x, mut y) = (0i64, 0i64);
        for _ in 0..n {
            x += r.zigzag().expect(corrupt);
            y += r.zigzag().expect(corrupt);
            out.push([x as f64 * sx + tx, y as f64 * sy + ty]);
        }
        if reversed {
            out[start..].reverse();
        }
        if skip_first && out.len() > start {
            out.remove(start);
        }
    }

    /// The points of the ring of arc references `refs` in (longitude,
    /// latitude), without the closing repeat of the first point.
    fn ring(&self, refs: &[i32]) -> Vec<[f64; 2]> {
        let mut out: Vec<[f64; 2]> = Vec::new();
        for &r in refs {
            let (i, reversed) = if r < 0 {
                (!r as usize, true)
            } else {
                (r as usize, false)
            };
            // Consecutive arcs share their joining point.
            let skip_first = !out.is_empty();
            self.push_arc(i, reversed, skip_first, &mut out);
        }
        if out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        out
    }
}

/// The atlas, indexed on first use.
pub(crate) fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    // The data is compiled in and checked by the tests, so a decoding failure
    // is a build defect, not a user error.
    ATLAS.get_or_init(|| index(COMPACT).expect("embedded county geometry is corrupt"))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let byte = *self.bytes.get(self.pos)?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
            if shift > 63 {
                return None;
            }
        }
    }

    fn zigzag(&mut self) -> Option<i64> {
        let v = self.varint()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        // Every counted element takes at least one byte.
        (n <= self.bytes.len().saturating_sub(self.pos)).then_some(n)
    }

    fn u32(&mut self) -> Option<u32> {
        let raw = self.bytes.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        Some(u32::from_le_bytes(raw.try_into().ok()?))
    }

    fn f64(&mut self) -> Option<f64> {
        let raw = self.bytes.get(self.pos..self.pos + 8)?;
        self.pos += 8;
        Some(f64::from_le_bytes(raw.try_into().ok()?))
    }

    fn name(&mut self) -> Option<&str> {
        let len = self.len()?;
        let name = std::str::from_utf8(self.bytes.get(self.pos..self.pos + len)?).ok()?;
        self.pos += len;
        Some(name)
    }

    /// A feature's FIPS code, name and rings of arc references (of all its
    /// polygons in turn), each reference checked against the `arcs` there are.
    fn feature(&mut self, arcs: usize) -> Option<(u32, String, Vec<Vec<i32>>)> {
        let fips = u32::try_from(self.varint()?).ok()?;
        let name = self.name()?.to_owned();
        let mut rings = Vec::new();
        for _ in 0..self.len()? {
            for _ in 0..self.len()? {
                let refs = self.len()?;
                let mut ring = Vec::with_capacity(refs);
                for _ in 0..refs {
                    let r = i32::try_from(self.zigzag()?).ok()?;
                    let index = if r < 0 { !r } else { r };
                    if index as usize >= arcs {
                        return None;
                    }
                    ring.push(r);
                }
                rings.push(ring);
            }
        }
        Some((fips, name, rings))
    }
}

/// The atlas of the compact format: its header read and its tables
/// located, nothing decoded; `None` when they do not fit in `bytes`.
pub(crate) fn index(bytes: &'static [u8]) -> Option<Atlas> {
    if bytes.get(..4)? != MAGIC {
        return None;
    }
    let mut r = Reader { bytes, pos: 4 };
    let transform = [r.f64()?, r.f64()?, r.f64()?, r.f64()?];
    let [arcs, counties, states] = [r.u32()?, r.u32()?, r.u32()?].map(|n| n as usize);
    let tables = bytes.get(r.pos..)?;
    let (arcs, tables) = tables.split_at_checked(arcs.checked_mul(4)?)?;
    let (counties, tables) = tables.split_at_checked(counties.checked_mul(8)?)?;
    let (states, _) = tables.split_at_checked(states.checked_mul(8)?)?;
    Some(Atlas {
        bytes,
        transform,
        arcs: arcs.as_chunks().0,
        county_index: FeatureIndex(counties.as_chunks().0),
        state_index: FeatureIndex(states.as_chunks().0),
        counties: (0..STATE_CODES).map(|_| OnceLock::new()).collect(),
        states: (0..STATE_CODES).map(|_| OnceLock::new()).collect(),
    })
}

/// Postal code, FIPS code and name of the 50 states and DC.
pub(crate) const STATES: [(&str, &str, &str); 51] = [
    ("AL", "01", "Alabama"),
    ("AK", "02", "Alaska"),
    ("AZ", "04", "Arizona"),
    ("AR", "05", "Arkansas"),
    ("CA", "06", "California"),
    ("CO", "08", "Colorado"),
    ("CT", "09", "Connecticut"),
    ("DE", "10", "Delaware"),
    ("DC", "11", "District of Columbia"),
    ("FL", "12", "Florida"),
    ("GA", "13", "Georgia"),
    ("HI", "15", "Hawaii"),
    ("ID", "16", "Idaho"),
    ("IL", "17", "Illinois"),
    ("IN", "18", "Indiana"),
    ("IA", "19", "Iowa"),
    ("KS", "20", "Kansas"),
    ("KY", "21", "Kentucky"),
    ("LA", "22", "Louisiana"),
    ("ME", "23", "Maine"),
    ("MD", "24", "Maryland"),
    ("MA", "25", "Massachusetts"),
    ("MI", "26", "Michigan"),
    ("MN", "27", "Minnesota"),
    ("MS", "28", "Mississippi"),
    ("MO", "29", "Missouri"),
    ("MT", "30", "Montana"),
    ("NE", "31", "Nebraska"),
    ("NV", "32", "Nevada"),
    ("NH", "33", "New Hampshire"),
    ("NJ", "34", "New Jersey"),
    ("NM", "35", "New Mexico"),
    ("NY", "36", "New York"),
    ("NC", "37", "North Carolina"),
    ("ND", "38", "North Dakota"),
    ("OH", "39", "Ohio"),
    ("OK", "40", "Oklahoma"),
    ("OR", "41", "Oregon"),
    ("PA", "42", "Pennsylvania"),
    ("RI", "44", "Rhode Island"),
    ("SC", "45", "South Carolina"),
    ("SD", "46", "South Dakota"),
    ("TN", "47", "Tennessee"),
    ("TX", "48", "Texas"),
    ("UT", "49", "Utah"),
    ("VT", "50", "Vermont"),
    ("VA", "51", "Virginia"),
    ("WA", "53", "Washington"),
    ("WV", "54", "West Virginia"),
    ("WI", "55", "Wisconsin"),
    ("WY", "56", "Wyoming"),
];

fn entry(code: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    STATES
        .iter()
        .find(|(postal, _, _)| postal.eq_ignore_ascii_case(code.trim()))
}

/// The two-digit FIPS code of a state (or DC) from its postal code, e.g. `"MO"` → `"29"`.
pub fn state_fips(code: &str) -> Option<&'static str> {
    entry(code).map(|e| e.1)
}

/// The name of a state (or DC) from its postal code, e.g. `"MO"` → `"Missouri"`.
pub fn state_name(code: &str) -> Option<&'static str> {
    entry(code).map(|e| e.2)
}

/// The name of a state (or DC) from its two-digit FIPS code.
pub fn state_name_by_fips(fips: &str) -> Option<&'static str> {
    STATES.iter().find(|e| e.1 == fips).map(|e| e.2)
}
