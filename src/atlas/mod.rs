//! The embedded atlas of the 50 states and DC: the state table (postal
//! code, FIPS code, name), the county boundaries and names, and resolving
//! the county keys a heat map is given to counties.
//!
//! County keys are names (matched per state, case-insensitively, tolerant
//! of "St."/"Saint" and a trailing "County") or 5-digit FIPS codes;
//! [`resolve`] reports every bad key at once, with suggestions.
//!
//! A leaf module: validation checks a profile's state code and county keys
//! here, and the map draws the same counties from here, so neither the
//! profile nor the map imports the other. The boundaries are embedded (see
//! `data.rs` and `LICENSE-us-atlas.txt` beside this file) and decoded once
//! per process.

mod data;
mod names;

#[cfg(test)]
mod compact;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::words::join_list;

pub use data::{state_fips, state_name};

#[cfg(test)]
pub(crate) use data::STATES;
pub(crate) use data::{atlas, Feature};
pub(crate) use names::{display_name, kind, Kind};

use names::{Index, Lookup};

/// One county's value: `key` is the county's name or its 5-digit FIPS code.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyValue {
    pub key: String,
    pub value: f64,
}

/// A problem with the state code or the county values of a heat map.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MapError {
    /// The state code is not one of the 50 states or DC.
    #[error(
        "Unknown state code \"{0}\": use the two-letter postal code of one of the 50 \
         states or DC, such as \"MO\"."
    )]
    UnknownState(String),
    /// No county of the state has this name or FIPS code.
    #[error("Unknown county \"{key}\": {}", unknown_county_fix(.suggestions))]
    UnknownCounty {
        key: String,
        suggestions: Vec<String>,
    },
    /// The name fits several counties, e.g. "St. Louis" in Missouri.
    #[error(
        "County name \"{key}\" is ambiguous: it may mean {}; write the full name or the \
         FIPS code in parentheses.",
        join_list(.candidates, "or")
    )]
    AmbiguousCounty {
        key: String,
        /// "St. Louis city (29510)" style.
        candidates: Vec<String>,
    },
    /// A FIPS code of a county of another state; `state` is the map's state.
    #[error("County FIPS code \"{key}\" {}", not_of_state(.key, .state))]
    WrongState { key: String, state: String },
    /// A value that is negative, infinite or not a number.
    #[error("County \"{key}\" has the value {value}: values must be zero or positive numbers.")]
    InvalidValue { key: String, value: f64 },
    /// Two keys name the same county; `first` is the earlier key.
    #[error("County \"{key}\" is the same county as \"{first}\": give each county only once.")]
    DuplicateCounty { key: String, first: String },
}

/// How to fix an unknown county key: the nearest names first, when there
/// are any.
fn unknown_county_fix(suggestions: &[String]) -> String {
    const HOW: &str = "the county's name as the Census spells it or its 5-digit FIPS code.";
    if suggestions.is_empty() {
        return format!("write {HOW}");
    }
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
    format!("did you mean {}? Write {HOW}", join_list(&quoted, "or"))
}

/// Why a FIPS code is not one of `state`'s counties, and what to write
/// instead: the state it belongs to, when it names one.
fn not_of_state(key: &str, state: &str) -> String {
    match names::state_of_key(key) {
        Some(other) => {
            format!("belongs to {other}, not {state}: use a {state} county or remove the entry.")
        }
        None => format!(
            "is not a county of {state}: use a {state} county's 5-digit FIPS code or its name."
        ),
    }
}

/// The county names of a state, indexed on first use: validation and the
/// map resolve the same keys, and the sheets of a batch the same states.
/// The codes come from [`STATES`], which has no code over two digits.
fn county_index(state_fips: u32) -> &'static Index<'static> {
    static INDEXES: [OnceLock<Index<'static>>; 100] = [const { OnceLock::new() }; 100];
    INDEXES[state_fips as usize]
        .get_or_init(|| Index::new(state_fips, atlas().counties_of(state_fips)))
}

/// Resolves every county key of the state with postal code `state_code` to
/// its FIPS code, paired with its value; reports every problem at once.
pub fn resolve(state_code: &str, values: &[CountyValue]) -> Result<Vec<(u32, f64)>, Vec<MapError>> {
    let Some(state_fips) = data::state_fips(state_code) else {
        return Err(vec![MapError::UnknownState(state_code.to_owned())]);
    };
    let state_fips: u32 = state_fips.parse().unwrap_or(0);
    let state = data::state_name(state_code).unwrap_or_default();
    let index = county_index(state_fips);
    let mut errors = Vec::new();
    let mut resolved: Vec<(u32, f64)> = Vec::new();
    let mut seen: HashMap<u32, &str> = HashMap::new();
    for cv in values {
        let key = cv.key.clone();
        match index.lookup(&cv.key) {
            Lookup::Found(fips) => {
                if !(cv.value.is_finite() && cv.value >= 0.0) {
                    errors.push(MapError::InvalidValue {
                        key,
                        value: cv.value,
                    });
                } else if let Some(first) = seen.get(&fips) {
                    errors.push(MapError::DuplicateCounty {
                        key,
                        first: (*first).to_owned(),
                    });
                } else {
                    seen.insert(fips, &cv.key);
                    resolved.push((fips, cv.value));
                }
            }
            Lookup::Unknown(suggestions) => {
                errors.push(MapError::UnknownCounty { key, suggestions })
            }
            Lookup::Ambiguous(candidates) => {
                errors.push(MapError::AmbiguousCounty { key, candidates })
            }
            Lookup::WrongState => errors.push(MapError::WrongState {
                key,
                state: state.to_owned(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(resolved)
    } else {
        Err(errors)
    }
}
