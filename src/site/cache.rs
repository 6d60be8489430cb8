//! What `watch` and `serve` keep from one build of the site to the next, so that a save
//! which changes one record of thousands renders only the pages it changes.
//!
//! Each page is kept with what its view read ([`super::reader`]): while every read still
//! has its key, and the templates, the site-wide inputs, the header and the navigation are
//! unchanged, the page is reused without building its view. Initiatives' index rows are
//! kept the same way, and bodies' HTML by the digest of their Markdown.

use super::reader::{Reads, RowCache};
use crate::digest::{Key, digest};
use crate::markdown;
use crate::output::Bytes;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Arc, Mutex};

/// Kept by the caller between builds; starts empty.
#[derive(Default)]
pub struct RenderCache {
    pub(super) bodies: HashMap<Key, Arc<str>>,
    /// Each page by path.
    pub(super) pages: HashMap<String, Kept>,
    pub(super) rows: RowCache,
    /// How many pages the last build rendered rather than reused.
    pub(super) rendered: usize,
    /// Check mode: every page about to be reused is rendered again and compared.
    pub(super) verify: bool,
}

/// A page as the last build made it.
pub struct Kept {
    /// The digest of what every page is rendered from besides its reads.
    pub global: Key,
    pub reads: Reads,
    pub bytes: Bytes,
}

impl RenderCache {
    /// A cache in check mode: each page it would reuse is also rendered again, and a
    /// difference is an error naming the page. For the tests, and for `watch` and `serve`
    /// run with `BOARDPACK_VERIFY_CACHE=1`.
    pub fn verifying() -> RenderCache {
        RenderCache {
            verify: true,
            ..RenderCache::default()
        }
    }

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

    /// The HTML of `markdown` for a page `root` below the site's root, rendered now only
    /// if the last build did not.
    pub fn html(&self, markdown: &str, root: &str) -> Arc<str> {
        let key = digest(|w| {
            w.write(root.as_bytes());
            w.write(&[0]);
            w.write(markdown.as_bytes());
        });
        let html = match self.previous.get(&key) {
            Some(html) => Arc::clone(html),
            None => Arc::from(markdown::to_html(markdown, root)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_rendered_once_and_forgotten_when_unused() {
        let first = Bodies::new(HashMap::new());
        let html = first.html("*a*", "../");
        assert_eq!(&*html, markdown::to_html("*a*", "../"));
        let kept = first.into_used();
        assert_eq!(kept.len(), 1);

        let second = Bodies::new(kept);
        assert!(
            Arc::ptr_eq(&second.html("*a*", "../"), &html),
            "rendered again"
        );
        let _ = second.html("*b*", "../");
        let third = Bodies::new(second.into_used());
        assert!(Arc::ptr_eq(&third.html("*a*", "../"), &html));
    }
}
