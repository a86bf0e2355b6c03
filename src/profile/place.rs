//! Where things are in a profile: key paths into its tables ([`Key`]) and
//! places in the files of its chain ([`Place`]). Loading, the schema check
//! and validation all speak in these terms, so they live apart from each.

use std::ops::Range;

/// One step of a path into the profile: a table key or an array index.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Name(&'static str),
    /// A key chosen by the author (a county name, say).
    Owned(String),
    Index(usize),
}

impl Key {
    /// The key's name; empty for an index.
    pub fn name(&self) -> &str {
        match self {
            Key::Name(name) => name,
            Key::Owned(name) => name,
            Key::Index(_) => "",
        }
    }
}

impl From<&'static str> for Key {
    fn from(name: &'static str) -> Self {
        Key::Name(name)
    }
}

impl From<usize> for Key {
    fn from(index: usize) -> Self {
        Key::Index(index)
    }
}

/// Where a value is written: which file of the profile's chain (0 is the
/// profile, then its bases) and the byte span in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub file: usize,
    pub span: Range<usize>,
}
