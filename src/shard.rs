//! `--shard K/N`: one of N deterministic parts of a run's profiles, so a CI
//! matrix of N jobs builds every sheet exactly once.
//!
//! Profiles are split by sorted file stem into N consecutive parts whose
//! sizes differ by at most one stem. Profiles sharing a stem (which `build`
//! refuses, naming each other) always fall in the same part, so each job
//! still sees and reports the clash.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// The K-th (1-based) of N parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Shard {
    /// This part of `profiles`, in their given order.
    pub fn select(self, profiles: Vec<PathBuf>) -> Vec<PathBuf> {
        let stem = |p: &PathBuf| p.file_stem().unwrap_or_default().to_os_string();
        let mut stems: Vec<_> = profiles.iter().map(stem).collect();
        stems.sort();
        stems.dedup();
        let part = |k: usize| k * stems.len() / self.count;
        let mine = &stems[part(self.index - 1)..part(self.index)];
        profiles
            .into_iter()
            .filter(|p| mine.binary_search(&stem(p)).is_ok())
            .collect()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let usage = "give the part and the number of parts as K/N, e.g. 1/4";
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not K/N; {usage}"))?;
        let number = |v: &str| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{v}` in `{s}` is not a whole number; {usage}"))
        };
        let (index, count) = (number(k)?, number(n)?);
        if count == 0 || !(1..=count).contains(&index) {
            return Err(format!(
                "`{s}`: the part must be from 1 to the number of parts (at least 1); {usage}"
            ));
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn parts_are_disjoint_complete_and_balanced() {
        let all = paths(&["p/e.toml", "p/a.toml", "q/c.toml", "p/d.toml", "p/b.toml"]);
        for n in 1..=7 {
            let parts: Vec<Vec<PathBuf>> = (1..=n)
                .map(|k| {
                    format!("{k}/{n}")
                        .parse::<Shard>()
                        .unwrap()
                        .select(all.clone())
                })
                .collect();
            let mut joined: Vec<PathBuf> = parts.concat();
            joined.sort();
            let mut expected = all.clone();
            expected.sort();
            assert_eq!(joined, expected, "{n} parts");
            let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(max - min <= 1, "{n} parts: {sizes:?}");
        }
    }

    #[test]
    fn split_by_stem_not_by_folder() {
        let all = paths(&["z/a.toml", "a/b.toml", "m/c.toml", "b/d.toml"]);
        let first = "1/2".parse::<Shard>().unwrap().select(all.clone());
        assert_eq!(first, paths(&["z/a.toml", "a/b.toml"]));
    }

    #[test]
    fn one_stem_stays_in_one_part() {
        let all = paths(&["a/mo.toml", "b/mo.toml", "ks.toml"]);
        let parts: Vec<Vec<PathBuf>> = ["1/2", "2/2"]
            .iter()
            .map(|s| s.parse::<Shard>().unwrap().select(all.clone()))
            .collect();
        assert_eq!(parts[0], paths(&["ks.toml"]));
        assert_eq!(parts[1], paths(&["a/mo.toml", "b/mo.toml"]));
    }

    #[test]
    fn bad_shards_are_refused_with_the_form() {
        for bad in ["3", "0/2", "3/2", "1/0", "a/2", "1/2/3"] {
            let error = bad.parse::<Shard>().unwrap_err();
            assert!(error.contains("K/N"), "{bad}: {error}");
        }
        assert_eq!("2/3".parse::<Shard>().unwrap().to_string(), "2/3");
    }
}
