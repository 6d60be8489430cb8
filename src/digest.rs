//! Content digests: 128-bit XXH3, the keys of what `watch` and `serve` keep between builds.
//!
//! At 128 bits a stale page by collision is not a real risk. (SipHash, the standard
//! library's, was a tenth of a rebuild's time at 10,000 pages; XXH3 is many times faster,
//! and nothing here needs a keyed hash, since the inputs are the author's own.)

use std::hash::Hasher;
use xxhash_rust::xxh3::Xxh3Default;

/// A 128-bit digest.
pub type Key = u128;

/// A running digest: a [`Hasher`], so values that derive `Hash` can feed it directly, and
/// `std::io::Write`, so serde_json can stream anything serialisable into it.
pub struct Digest(Xxh3Default);

impl Hasher for Digest {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Only the 128-bit [`digest`] is used as a key.
    fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl std::io::Write for Digest {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The key of whatever `feed` writes.
pub fn digest(feed: impl FnOnce(&mut Digest)) -> Key {
    let mut digest = Digest(Xxh3Default::new());
    feed(&mut digest);
    digest.0.digest128()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_content() {
        let a = digest(|w| w.write(b"one"));
        assert_eq!(a, digest(|w| w.write(b"one")));
        assert_ne!(a, digest(|w| w.write(b"two")));
        assert_ne!(a >> 64, a & u128::from(u64::MAX), "both halves are used");
    }
}
