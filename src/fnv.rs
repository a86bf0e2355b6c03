//! FNV-1a, a small hash that gives the same value on every run and machine.
//!
//! Subset tags, font identities and the PDF's /ID come from it, so equal
//! input always gives equal bytes (std's hasher makes no such promise
//! across Rust releases).

pub(crate) struct Fnv(u64);

/// FNV's 64-bit prime.
const PRIME: u64 = 0x0100_0000_01b3;

impl Fnv {
    pub(crate) const fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// A `const fn`, so that digests of compiled-in data cost nothing at
    /// run time.
    pub(crate) const fn write(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            self.0 ^= bytes[i] as u64;
            self.0 = self.0.wrapping_mul(PRIME);
            i += 1;
        }
    }

    /// Like [`Fnv::write`] but eight bytes a step, for long data (a page's
    /// content stream): as stable across runs and machines, at an eighth of
    /// the work (a different hash of the same bytes, not FNV-1a).
    pub(crate) fn write_words(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            self.0 ^= word;
            self.0 = self.0.wrapping_mul(PRIME);
        }
        self.write(words.remainder());
    }

    pub(crate) const fn finish(&self) -> u64 {
        self.0
    }
}
