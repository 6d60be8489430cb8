//! Records' Markdown bodies as HTML, each rendered once: `watch` keeps them between builds
//! by the digest of their Markdown.

use crate::digest::{Key, digest};
use crate::markdown;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Arc, Mutex};

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
    /// if the last build did not. `links` is where its links to records go; `linked`, a
    /// digest of its answers for this body's links, is part of the key.
    pub fn html(
        &self,
        markdown: &str,
        root: &str,
        links: &dyn Fn(&str) -> Option<markdown::Target>,
        page_ids: markdown::PageIds,
        linked: Key,
    ) -> Arc<str> {
        let key = digest(|w| {
            w.write(root.as_bytes());
            w.write(&[0]);
            w.write(markdown.as_bytes());
            std::hash::Hash::hash(&linked, w);
            // The same Markdown on another kind's page may get other heading ids.
            std::hash::Hash::hash(page_ids.exact, w);
            std::hash::Hash::hash(page_ids.starts, w);
            w.write(&[page_ids.top_heading]);
        });
        let html = match self.previous.get(&key) {
            Some(html) => Arc::clone(html),
            None => Arc::from(markdown::to_html(markdown, root, links, page_ids)),
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

    /// Last build's bodies and this build's, for a build that stopped before it used
    /// them all.
    pub(super) fn into_all(self) -> HashMap<Key, Arc<str>> {
        let Bodies { mut previous, used } = self;
        previous.extend(used.into_inner().unwrap_or_else(|e| e.into_inner()));
        previous
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_rendered_once_and_forgotten_when_unused() {
        let first = Bodies::new(HashMap::new());
        let none = |_: &str| None;
        let ids = markdown::PageIds::default();
        let html = first.html("*a*", "../", &none, ids, Key::default());
        assert_eq!(&*html, markdown::to_html("*a*", "../", &none, ids));
        let kept = first.into_used();
        assert_eq!(kept.len(), 1);

        let second = Bodies::new(kept);
        assert!(
            Arc::ptr_eq(
                &second.html("*a*", "../", &none, ids, Key::default()),
                &html
            ),
            "rendered again"
        );
        let _ = second.html("*b*", "../", &none, ids, Key::default());
        let third = Bodies::new(second.into_used());
        assert!(Arc::ptr_eq(
            &third.html("*a*", "../", &none, ids, Key::default()),
            &html
        ));
        let to = |_: &str| {
            Some(markdown::Target {
                path: "x.html".to_string(),
                name: "X".to_string(),
            })
        };
        let linked: Key = 1;
        assert!(
            !Arc::ptr_eq(&third.html("*a*", "../", &to, ids, linked), &html),
            "links changed"
        );
        // On a page that has the heading's id, the body is another.
        let page = markdown::PageIds {
            exact: &["a"],
            starts: &[],
            top_heading: 0,
        };
        assert!(!Arc::ptr_eq(
            &third.html("# A", "../", &none, ids, Key::default()),
            &third.html("# A", "../", &none, page, Key::default())
        ));
    }
}
