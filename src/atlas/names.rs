//! Matching county keys (names or FIPS codes) against a state's counties.

use rustc_hash::FxHashMap;

use super::data::{self, Feature};

/// The kind of a county-level unit, for display names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    County,
    /// An independent city (Virginia's, Baltimore, St. Louis, Carson City).
    City,
    Parish,
    /// Alaska's boroughs and census areas.
    Borough,
    /// The District of Columbia.
    District,
}

pub(crate) fn kind(fips: u32) -> Kind {
    let (state, county) = (fips / 1000, fips % 1000);
    match state {
        11 => Kind::District,
        22 => Kind::Parish,
        2 => Kind::Borough,
        51 if county >= 500 => Kind::City,
        24 | 29 | 32 if county == 510 => Kind::City,
        _ => Kind::County,
    }
}

/// The unambiguous display name: "Adair County", "St. Louis city", "Orleans Parish".
pub(crate) fn display_name(county: &Feature) -> String {
    let name = &county.name;
    match kind(county.fips) {
        Kind::County => format!("{name} County"),
        Kind::City if name.ends_with(" City") => name.clone(),
        Kind::City => format!("{name} city"),
        Kind::Parish => format!("{name} Parish"),
        Kind::Borough | Kind::District => name.clone(),
    }
}

/// Lower case, accents folded, punctuation dropped, "St."/"Ste." spelled
/// out, whitespace collapsed: "St. Mary's" → "saint marys".
pub(crate) fn normalize(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            '\'' | '’' | '.' => continue,
            '-' | ',' => ' ',
            c => c,
        };
        folded.push(c);
    }
    let mut words = String::with_capacity(folded.len() + 8);
    for word in folded.split_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(match word {
            "st" => "saint",
            "ste" => "sainte",
            word => word,
        });
    }
    words
}

/// Suffixes a key may carry after a county's name, by kind.
fn suffixes(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::County => &["county"],
        Kind::City => &["city"],
        Kind::Parish => &["parish"],
        Kind::Borough => &["borough", "census area", "municipality", "city and borough"],
        Kind::District => &[],
    }
}

/// How a key resolved.
#[derive(Debug, PartialEq)]
pub(crate) enum Lookup {
    Found(u32),
    Unknown(Vec<String>),
    Ambiguous(Vec<String>),
    /// A FIPS code of another state (or of no county at all).
    WrongState,
}

/// The names of one state's counties, ready for matching.
pub(crate) struct Index<'a> {
    state_fips: u32,
    counties: &'a [Feature],
    /// Normalised alias → indexes into `counties`.
    aliases: FxHashMap<String, Vec<usize>>,
}

impl<'a> Index<'a> {
    pub fn new(state_fips: u32, counties: &'a [Feature]) -> Self {
        // Built once per state a process draws: a fast hash, sized for the
        // two or three forms of each name at once.
        let mut aliases: FxHashMap<String, Vec<usize>> =
            FxHashMap::with_capacity_and_hasher(3 * counties.len(), Default::default());
        for (i, county) in counties.iter().enumerate() {
            let plain = normalize(&county.name);
            // The display name normalises to one of these forms: the plain
            // name, or the plain name and its kind's first suffix.
            let mut forms = vec![plain.clone()];
            for suffix in suffixes(kind(county.fips)) {
                forms.push(format!("{plain} {suffix}"));
            }
            if kind(county.fips) == Kind::City {
                forms.push(format!("city of {plain}"));
            }
            forms.sort();
            forms.dedup();
            for form in forms {
                aliases.entry(form).or_default().push(i);
            }
        }
        Self {
            state_fips,
            counties,
            aliases,
        }
    }

    /// The name a reader should type for this county: the plain name when
    /// it is unique in the state, else the distinct display name.
    fn suggestion(&self, i: usize) -> String {
        let county = &self.counties[i];
        if self.aliases[&normalize(&county.name)].len() == 1 {
            county.name.clone()
        } else {
            display_name(county)
        }
    }

    pub fn lookup(&self, key: &str) -> Lookup {
        let key = key.trim();
        if key.len() == 5 && key.bytes().all(|b| b.is_ascii_digit()) {
            let fips: u32 = key.parse().unwrap_or(0);
            if fips / 1000 != self.state_fips {
                return Lookup::WrongState;
            }
            return match self.counties.iter().position(|c| c.fips == fips) {
                Some(i) => Lookup::Found(self.counties[i].fips),
                None => Lookup::Unknown(Vec::new()),
            };
        }
        let norm = normalize(key);
        if let Some(hits) = self.aliases.get(&norm) {
            return match hits.as_slice() {
                [i] => Lookup::Found(self.counties[*i].fips),
                many => Lookup::Ambiguous(
                    many.iter()
                        .map(|&i| {
                            let c = &self.counties[i];
                            format!("{} ({:05})", display_name(c), c.fips)
                        })
                        .collect(),
                ),
            };
        }
        Lookup::Unknown(self.suggestions(&norm))
    }

    /// Up to three county names closest to a normalised key by edit distance.
    fn suggestions(&self, norm: &str) -> Vec<String> {
        let mut best: Vec<(usize, usize)> = vec![usize::MAX; self.counties.len()]
            .into_iter()
            .enumerate()
            .collect();
        for (alias, hits) in &self.aliases {
            let d = levenshtein(norm, alias);
            for &i in hits {
                best[i].1 = best[i].1.min(d);
            }
        }
        best.sort_by_key(|&(i, d)| (d, i));
        let limit = (norm.chars().count() / 3).max(2);
        let close: Vec<String> = best
            .iter()
            .filter(|&&(_, d)| d <= limit)
            .take(3)
            .map(|&(i, _)| self.suggestion(i))
            .collect();
        if close.is_empty() {
            // Nothing close: still point at the nearest names.
            best.iter()
                .take(3)
                .map(|&(i, _)| self.suggestion(i))
                .collect()
        } else {
            close
        }
    }
}

/// Character edit distance (insertions, deletions, substitutions).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(row[j] + 1).min(up + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// The state name of a FIPS-looking key's first two digits, if any.
pub(crate) fn state_of_key(key: &str) -> Option<&'static str> {
    data::state_name_by_fips(key.trim().get(..2)?)
}
