//! What `watch` and `serve` keep from one build of the site to the next, so that a save
//! which changes one record of thousands renders only the pages it changes.
//!
//! A page about one record (a person, an initiative, a measure, a page) is reused while
//! its record and the records it shows something of have the digests they had, with the
//! configuration, navigation and templates (`views::dependencies`); its view is not even
//! built. Any other page's view is built and reused when everything it is rendered from
//! (its view, the site's header, the navigation and the templates) hashes as it did last
//! time. Initiatives' index rows are kept by what they are made from, and bodies' HTML by
//! the digest of their Markdown.

use crate::digest::{Key, digest};
use crate::markdown;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Arc, Mutex};

/// Kept by the caller between builds; starts empty.
#[derive(Default)]
pub struct RenderCache {
    pub(super) bodies: HashMap<Key, Arc<str>>,
    /// Each page's key and bytes, by path.
    pub(super) pages: HashMap<String, (Key, crate::output::Bytes)>,
    pub(super) rows: super::views::RowCache,
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
        assert_eq!(
            third.into_used().len(),
            1,
            "*b* was not used by the third build"
        );
    }
}
