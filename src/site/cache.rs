//! What `watch` and `serve` keep from one build of the site to the next, so that a save
//! which changes one record of thousands renders only the pages it changes.
//!
//! A page's bytes are reused when everything it is rendered from (its view, the site's
//! header, the navigation and the theme's templates) hashes as it did last time, and a
//! body's HTML when its Markdown does. Views are still built for every page, so nothing
//! depends on knowing which pages a record reaches: the comparison finds out. Keys are
//! 128-bit XXH3 digests, so a stale page by collision is not a real risk. (SipHash, the
//! standard library's, was a tenth of a rebuild's time at 10,000 pages; XXH3 is many times
//! faster, and nothing here needs a keyed hash, since the inputs are the author's own.)

use crate::markdown;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::Xxh3Default;

/// A 128-bit digest.
pub type Key = u128;

/// Kept by the caller between builds; starts empty.
#[derive(Default)]
pub struct RenderCache {
    pub(super) bodies: HashMap<Key, Arc<str>>,
    /// Each page's key and bytes, by path.
    pub(super) pages: HashMap<String, (Key, Vec<u8>)>,
    /// How many pages the last build rendered rather than reused.
    pub(super) rendered: usize,
}

impl RenderCache {
    /// How many pages the last good build rendered rather than reused.
    pub fn rendered(&self) -> usize {
        self.rendered
    }
}

/// Bodies' HTML for one build: last build's, and what this build used (which becomes the
/// next build's, so bodies that are gone drop out).
pub struct Bodies {
    previous: HashMap<Key, Arc<str>>,
    used: Mutex<HashMap<Key, Arc<str>>>,
}

impl Bodies {
    pub(super) fn new(previous: HashMap<Key, Arc<str>>) -> Bodies {
        Bodies {
            previous,
            used: Mutex::default(),
        }
    }

    /// The HTML of `markdown`, rendered now only if the last build did not.
    pub fn html(&self, markdown: &str) -> Arc<str> {
        let key = digest(|w| w.write(markdown.as_bytes()));
        let html = match self.previous.get(&key) {
            Some(html) => Arc::clone(html),
            None => Arc::from(markdown::to_html(markdown)),
        };
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::clone(&html));
        html
    }

    pub(super) fn into_used(self) -> HashMap<Key, Arc<str>> {
        self.used.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

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

    #[test]
    fn bodies_are_rendered_once_and_forgotten_when_unused() {
        let first = Bodies::new(HashMap::new());
        let html = first.html("*a*");
        assert_eq!(&*html, markdown::to_html("*a*"));
        let kept = first.into_used();
        assert_eq!(kept.len(), 1);

        let second = Bodies::new(kept);
        assert!(Arc::ptr_eq(&second.html("*a*"), &html), "rendered again");
        let _ = second.html("*b*");
        let third = Bodies::new(second.into_used());
        assert!(Arc::ptr_eq(&third.html("*a*"), &html));
        assert_eq!(
            third.into_used().len(),
            1,
            "*b* was not used by the third build"
        );
    }
}
