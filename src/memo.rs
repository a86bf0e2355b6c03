//! Remembering what text costs to work out: a paragraph's measures
//! (`fonts::measure`) and its lines at a size and width (`layout::text`).
//! Each is kept under its pieces of text and their faces, found by a fast
//! hash and told apart by the whole key, within a bound on the bytes kept.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use crate::fonts::Face;

/// Pieces of text in their faces, as a remembered value's key holds them.
pub type Pieces = Vec<(String, Face)>;

/// The hash of `pieces` and of `extra` (a size and width, say).
pub fn hash<'a>(pieces: impl Iterator<Item = (&'a str, Face)>, extra: &[u32]) -> u64 {
    let mut hasher = FxHasher::default();
    for (text, face) in pieces {
        text.hash(&mut hasher);
        face.hash(&mut hasher);
    }
    extra.hash(&mut hasher);
    hasher.finish()
}

/// Whether `key` holds the same texts in the same faces as `pieces`.
pub fn same<'a>(key: &Pieces, pieces: impl ExactSizeIterator<Item = (&'a str, Face)>) -> bool {
    key.len() == pieces.len()
        && key
            .iter()
            .zip(pieces)
            .all(|((t, f), (u, g))| t == u && *f == g)
}

/// The pieces, owned, for a key.
pub fn owned<'a>(pieces: impl Iterator<Item = (&'a str, Face)>) -> Pieces {
    pieces
        .map(|(text, face)| (text.to_string(), face))
        .collect()
}

/// Values by key, found by the key's hash. Past `limit` bytes (as the
/// caller counts them) it forgets everything and starts afresh, so a long
/// batch does not accumulate what its sheets no longer share.
pub struct Memo<K, V> {
    entries: FxHashMap<u64, Vec<(K, V)>>,
    bytes: usize,
    limit: usize,
}

impl<K, V: Clone> Memo<K, V> {
    pub fn new(limit: usize) -> Self {
        Memo {
            entries: FxHashMap::default(),
            bytes: 0,
            limit,
        }
    }

    /// The value remembered under `hash` whose key `is_key` accepts.
    pub fn get(&self, hash: u64, is_key: impl Fn(&K) -> bool) -> Option<V> {
        self.entries
            .get(&hash)?
            .iter()
            .find(|(key, _)| is_key(key))
            .map(|(_, value)| value.clone())
    }

    /// Remembers `value` under `key` (of hash `hash`); the two take `bytes`.
    pub fn insert(&mut self, hash: u64, key: K, value: V, bytes: usize) {
        if self.bytes + bytes > self.limit {
            self.entries.clear();
            self.bytes = 0;
        }
        self.bytes += bytes;
        self.entries.entry(hash).or_default().push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    #[test]
    fn keys_are_told_apart_whole_and_the_bound_holds() {
        let fonts = FontSet::embedded();
        let (regular, bold) = (fonts.regular, fonts.bold);
        let a = [("Call the hotline", regular)];
        let b = [("Call the hotline", bold)];
        let mut memo: Memo<Pieces, u32> = Memo::new(100);
        let hash_a = hash(a.iter().copied(), &[]);
        assert_ne!(hash_a, hash(b.iter().copied(), &[]));
        assert_ne!(hash_a, hash(a.iter().copied(), &[8]));
        memo.insert(hash_a, owned(a.iter().copied()), 1, 60);
        // A key with the same hash but other pieces is not taken for it.
        assert_eq!(memo.get(hash_a, |k| same(k, b.iter().copied())), None);
        assert_eq!(memo.get(hash_a, |k| same(k, a.iter().copied())), Some(1));
        // Past the bound everything is forgotten.
        let hash_b = hash(b.iter().copied(), &[]);
        memo.insert(hash_b, owned(b.iter().copied()), 2, 60);
        assert_eq!(memo.get(hash_a, |k| same(k, a.iter().copied())), None);
        assert_eq!(memo.get(hash_b, |k| same(k, b.iter().copied())), Some(2));
    }
}
