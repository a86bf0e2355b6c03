//! The embedded county and state boundaries and the state table.
//!
//! The geometry is us-atlas 3.0.1 `counties-10m.json` (Census 2017
//! cartographic boundaries, ISC licence, see `LICENSE-us-atlas.txt` beside this
//! file), re-encoded by the converter in `compact.rs` (a test module) into
//! `counties.bin`: the same
//! quantised, delta-encoded TopoJSON arcs and arc references, written as
//! LEB128 varints and restricted to the 50 states and DC. It is decoded once
//! per process.
//!
//! Format (all integers unsigned LEB128 varints, signed ones zigzag-encoded):
//! `b"CTY1"`, four little-endian f64 (scale x, scale y, translate x,
//! translate y), the arcs (count; per arc the point count and the zigzag
//! deltas, the first one absolute), the counties, then the states. A feature is
//! its FIPS code, its name (byte length + UTF-8) and its polygons (count; per
//! polygon the ring count; per ring the arc count and zigzag arc references,
//! where a negative reference `!i` means arc `i` reversed). Counties and
//! states are sorted by FIPS code.

use std::sync::OnceLock;

/// The compact geometry, generated from the TopoJSON by `compact.rs`.
pub(crate) static COMPACT: &[u8] = include_bytes!("counties.bin");

/// Magic bytes at the head of [`COMPACT`].
pub(crate) const MAGIC: &[u8; 4] = b"CTY1";

/// A county or state: FIPS code, name and polygons of arc references.
#[derive(Debug)]
pub(crate) struct Feature {
    pub fips: u32,
    pub name: String,
    /// Polygons, each a list of rings (outer first), each a list of arc refs.
    pub polygons: Vec<Vec<Vec<i32>>>,
}

/// All decoded boundaries.
#[derive(Debug)]
pub(crate) struct Atlas {
    /// The points of all arcs, as (longitude, latitude) in degrees.
    pub points: Vec<[f64; 2]>,
    /// Arc `i` is `points[arc_starts[i]..arc_starts[i + 1]]`.
    pub arc_starts: Vec<u32>,
    /// Counties sorted by FIPS code.
    pub counties: Vec<Feature>,
    /// States (and DC) sorted by FIPS code.
    pub states: Vec<Feature>,
}

impl Atlas {
    /// The counties whose FIPS code starts with the state's two digits.
    pub fn counties_of(&self, state_fips: u32) -> &[Feature] {
        let lo = state_fips * 1000;
        let hi = lo + 1000;
        let start = self.counties.partition_point(|c| c.fips < lo);
        let end = self.counties.partition_point(|c| c.fips < hi);
        &self.counties[start..end]
    }

    pub fn state(&self, state_fips: u32) -> Option<&Feature> {
        self.states
            .binary_search_by_key(&state_fips, |s| s.fips)
            .ok()
            .map(|i| &self.states[i])
    }

    pub fn county(&self, fips: u32) -> Option<&Feature> {
        self.counties
            .binary_search_by_key(&fips, |c| c.fips)
            .ok()
            .map(|i| &self.counties[i])
    }

    /// The points of one ring in (longitude, latitude), without the closing
    /// repeat of the first point.
    pub fn ring(&self, refs: &[i32]) -> Vec<[f64; 2]> {
        let mut out: Vec<[f64; 2]> = Vec::new();
        for &r in refs {
            let (i, reversed) = if r < 0 {
                (!r as usize, true)
            } else {
                (r as usize, false)
            };
            let arc = &self.points[self.arc_starts[i] as usize..self.arc_starts[i + 1] as usize];
            // Consecutive arcs share their joining point.
            let skip = usize::from(!out.is_empty());
            if reversed {
                out.extend(arc.iter().rev().skip(skip));
            } else {
                out.extend(arc.iter().skip(skip));
            }
        }
        if out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        out
    }
}

/// The atlas, decoded on first use.
pub(crate) fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    // The data is compiled in and checked by the tests, so a decoding failure
    // is a build defect, not a user error.
    ATLAS.get_or_init(|| decode(COMPACT).expect("embedded county geometry is corrupt"))
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
        (n <= self.bytes.len() - self.pos).then_some(n)
    }

    fn f64(&mut self) -> Option<f64> {
        let raw = self.bytes.get(self.pos..self.pos + 8)?;
        self.pos += 8;
        Some(f64::from_le_bytes(raw.try_into().ok()?))
    }

    fn feature(&mut self, arcs: usize) -> Option<Feature> {
        let fips = u32::try_from(self.varint()?).ok()?;
        let name_len = self.len()?;
        let name = std::str::from_utf8(self.bytes.get(self.pos..self.pos + name_len)?).ok()?;
        self.pos += name_len;
        let n_polygons = self.len()?;
        let mut polygons = Vec::with_capacity(n_polygons);
        for _ in 0..n_polygons {
            let rings = self.len()?;
            let mut polygon = Vec::with_capacity(rings);
            for _ in 0..rings {
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
                polygon.push(ring);
            }
            polygons.push(polygon);
        }
        Some(Feature {
            fips,
            name: name.to_owned(),
            polygons,
        })
    }
}

/// Decodes the compact format; `None` when it is malformed.
pub(crate) fn decode(bytes: &[u8]) -> Option<Atlas> {
    if bytes.get(..4)? != MAGIC {
        return None;
    }
    let mut r = Reader { bytes, pos: 4 };
    let (sx, sy, tx, ty) = (r.f64()?, r.f64()?, r.f64()?, r.f64()?);
    let n_arcs = r.len()?;
    let mut points = Vec::with_capacity(bytes.len() / 4);
    let mut arc_starts = Vec::with_capacity(n_arcs + 1);
    arc_starts.push(0);
    for _ in 0..n_arcs {
        let n = r.len()?;
        let (mut x, mut y) = (0i64, 0i64);
        for _ in 0..n {
            x += r.zigzag()?;
            y += r.zigzag()?;
            points.push([x as f64 * sx + tx, y as f64 * sy + ty]);
        }
        arc_starts.push(u32::try_from(points.len()).ok()?);
    }
    let features = |r: &mut Reader| -> Option<Vec<Feature>> {
        let n = r.len()?;
        (0..n).map(|_| r.feature(n_arcs)).collect()
    };
    let counties = features(&mut r)?;
    let states = features(&mut r)?;
    if r.pos != bytes.len() {
        return None;
    }
    Some(Atlas {
        points,
        arc_starts,
        counties,
        states,
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
