//! The converter from us-atlas TopoJSON to the embedded `counties.bin`.
//!
//! Regenerate after changing the source or the format with
//! `cargo test --lib atlas::compact -- --ignored`; it reads
//! `$COUNTIES_TOPOJSON`, or else `../shared/maps/counties-10m.json` next to the
//! repository. `compact_data_is_up_to_date` checks the embedded file against
//! the source whenever the source is present.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use super::data::{MAGIC, STATES};

fn source_path() -> PathBuf {
    std::env::var_os("COUNTIES_TOPOJSON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/maps/counties-10m.json"),
        PathBuf::from,
    )
}

fn target_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/atlas/counties.bin")
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn zigzag(out: &mut Vec<u8>, v: i64) {
    varint(out, ((v << 1) ^ (v >> 63)) as u64);
}

/// A feature as read from the TopoJSON: id, name, polygons of arc references.
type RawFeature = (u32, String, Vec<Vec<Vec<i64>>>);

/// The polygons of a Polygon or MultiPolygon geometry as arc references.
fn polygons(geometry: &Value) -> Vec<Vec<Vec<i64>>> {
    let rings = |v: &Value| -> Vec<Vec<i64>> {
        v.as_array()
            .expect("rings")
            .iter()
            .map(|ring| {
                ring.as_array()
                    .expect("ring")
                    .iter()
                    .map(|r| r.as_i64().expect("arc ref"))
                    .collect()
            })
            .collect()
    };
    match geometry["type"].as_str() {
        Some("Polygon") => vec![rings(&geometry["arcs"])],
        Some("MultiPolygon") => geometry["arcs"]
            .as_array()
            .expect("polygons")
            .iter()
            .map(rings)
            .collect(),
        other => panic!("unexpected geometry type {other:?}"),
    }
}

/// Encodes the TopoJSON text into the compact format.
pub(crate) fn encode(json: &str) -> Vec<u8> {
    let topo: Value = serde_json::from_str(json).expect("TopoJSON parses");
    let kept = |id: &str| STATES.iter().any(|s| id.starts_with(s.1));
    let collect = |object: &str, id_len: usize| -> Vec<RawFeature> {
        let mut out: Vec<_> = topo["objects"][object]["geometries"]
            .as_array()
            .expect("geometries")
            .iter()
            .filter_map(|g| {
                let id = g["id"].as_str().expect("id");
                assert_eq!(id.len(), id_len, "{object} id {id}");
                kept(id).then(|| {
                    (
                        id.parse::<u32>().expect("numeric id"),
                        g["properties"]["name"].as_str().expect("name").to_owned(),
                        polygons(g),
                    )
                })
            })
            .collect();
        out.sort_by_key(|f| f.0);
        out
    };
    let counties = collect("counties", 5);
    let states = collect("states", 2);

    // Keep only the arcs the kept features use, renumbered in first-use order.
    let mut renumber: BTreeMap<i64, i64> = BTreeMap::new();
    let mut order = Vec::new();
    for (_, _, polys) in counties.iter().chain(&states) {
        for &r in polys.iter().flatten().flatten() {
            let arc = if r < 0 { !r } else { r };
            renumber.entry(arc).or_insert_with(|| {
                order.push(arc);
                order.len() as i64 - 1
            });
        }
    }

    // The arcs and features first, to know where each starts.
    let arcs = topo["arcs"].as_array().expect("arcs");
    let mut body = Vec::new();
    let mut arc_starts = Vec::new();
    for &arc in &order {
        arc_starts.push(body.len());
        let points = arcs[arc as usize].as_array().expect("arc");
        varint(&mut body, points.len() as u64);
        for p in points {
            zigzag(&mut body, p[0].as_i64().expect("quantised x"));
            zigzag(&mut body, p[1].as_i64().expect("quantised y"));
        }
    }
    let mut feature_starts = Vec::new();
    for features in [&counties, &states] {
        let mut starts = Vec::new();
        for (fips, name, polys) in features.iter() {
            starts.push((*fips, body.len()));
            varint(&mut body, u64::from(*fips));
            varint(&mut body, name.len() as u64);
            body.extend_from_slice(name.as_bytes());
            varint(&mut body, polys.len() as u64);
            for poly in polys {
                varint(&mut body, poly.len() as u64);
                for ring in poly {
                    varint(&mut body, ring.len() as u64);
                    for &r in ring {
                        let new = if r < 0 { !renumber[&!r] } else { renumber[&r] };
                        zigzag(&mut body, new);
                    }
                }
            }
        }
        feature_starts.push(starts);
    }

    let mut out = MAGIC.to_vec();
    for v in [
        &topo["transform"]["scale"][0],
        &topo["transform"]["scale"][1],
        &topo["transform"]["translate"][0],
        &topo["transform"]["translate"][1],
    ] {
        out.extend_from_slice(&v.as_f64().expect("transform").to_le_bytes());
    }
    let u32_le = |n: usize| u32::try_from(n).expect("fits in u32").to_le_bytes();
    for count in [arc_starts.len(), counties.len(), states.len()] {
        out.extend_from_slice(&u32_le(count));
    }
    let body_at = out.len() + 4 * arc_starts.len() + 8 * (counties.len() + states.len());
    for start in arc_starts {
        out.extend_from_slice(&u32_le(body_at + start));
    }
    for (fips, start) in feature_starts.into_iter().flatten() {
        out.extend_from_slice(&fips.to_le_bytes());
        out.extend_from_slice(&u32_le(body_at + start));
    }
    out.extend_from_slice(&body);
    out
}

#[test]
#[ignore = "writes src/atlas/counties.bin from the us-atlas TopoJSON"]
fn regenerate_compact_data() {
    let path = source_path();
    let json = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    std::fs::write(target_path(), encode(&json)).expect("write counties.bin");
}

#[test]
fn compact_data_is_up_to_date() {
    let Ok(json) = std::fs::read_to_string(source_path()) else {
        eprintln!("TopoJSON source not found; skipping the freshness check");
        return;
    };
    assert!(
        encode(&json) == super::data::COMPACT,
        "src/atlas/counties.bin is stale: run `cargo test --lib atlas::compact -- --ignored`"
    );
}
