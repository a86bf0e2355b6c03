//! Remembering what text costs to work out: a paragraph's measures
//! (`fonts::measure`) and its lines at a size and width (`fonts::lines`).
//! Each is kept under its pieces of text and their faces, found by a fast
//! hash and told apart by the whole key, within a bound on the bytes kept.

use std::collections::hash_map::Entry;
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
    /// The first value remembered under each hash.
    entries: FxHashMap<u64, (K, V)>,
    /// Values remembered under a hash an earlier key already had: rare, so
    /// a key of its own hash takes no list.
    collided: Vec<(u64, K, V)>,
    bytes: usize,
    limit: usize,
}

impl<K, V: Clone> Memo<K, V> {
    pub fn new(limit: usize) -> Self {
        Memo {
            entries: FxHashMap::default(),
            collided: Vec::new(),
            bytes: 0,
            limit,
        }
    }

    /// The value remembered under `hash` whose key `is_key` accepts.
    pub fn get(&self, hash: u64, is_key: impl Fn(&K) -> bool) -> Option<V> {
        let (key, value) = self.entries.get(&hash)?;
        if is_key(key) {
            return Some(value.clone());
        }
        self.collided
            .iter()
            .find(|(h, key, _)| *h == hash && is_key(key))
            .map(|(_, _, value)| value.clone())
    }

    /// Remembers `value` under `key` (of hash `hash`); the two take `bytes`.
    pub fn insert(&mut self, hash: u64, key: K, value: V, bytes: usize) {
        if self.bytes + bytes > self.limit {
            self.entries.clear();
            self.collided.clear();
            self.bytes = 0;
        }
        self.bytes += bytes;
        match self.entries.entry(hash) {
            Entry::Vacant(entry) => {
                entry.insert((key, value));
            }
            Entry::Occupied(_) => self.collided.push((hash, key, value)),
        }
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
        // A key of a hash another key has is told apart.
        memo.insert(hash_a, owned(b.iter().copied()), 3, 1);
        assert_eq!(memo.get(hash_a, |k| same(k, a.iter().copied())), Some(1));
        assert_eq!(memo.get(hash_a, |k| same(k, b.iter().copied())), Some(3));
        // Past the bound everything is forgotten.
        let hash_b = hash(b.iter().copied(), &[]);
        memo.insert(hash_b, owned(b.iter().copied()), 2, 60);
        assert_eq!(memo.get(hash_a, |k| same(k, a.iter().copied())), None);
        assert_eq!(memo.get(hash_b, |k| same(k, b.iter().copied())), Some(2));
    }
}
