//! FNV-1a, a small hash that gives the same value on every run and machine.
//!
//! Subset tags, font identities and the PDF's /ID come from it, so equal
//! input always gives equal bytes (std's hasher makes no such promise
//! across Rust releases).

pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Like [`Fnv::write`] but eight bytes a step, for long data (a page's
    /// content stream): as stable, and as sure to change with the data, at
    /// an eighth of the work.
    pub(crate) fn write_words(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            self.0 ^= word;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self.write(words.remainder());
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}
