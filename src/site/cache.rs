//! What `watch` and `serve` keep from one build of the site to the next, so that a save
//! which changes one record of thousands renders only the pages it changes.
//!
//! Each page is kept with what its view read ([`super::reader`]): while every read still
//! has its key, and the templates, the site-wide inputs, the header and the navigation are
//! unchanged, the page is reused without building its view. Initiatives' index rows are
//! kept the same way, both their values and their HTML ([`super::rows`]), and bodies' HTML
//! by the digest of their Markdown.

use super::reader::{Reads, RowCache};
use crate::digest::Key;
use crate::output::Bytes;
use std::collections::HashMap;
use std::sync::Arc;

/// Kept by the caller between builds; starts empty.
#[derive(Default)]
pub struct RenderCache {
    /// Bodies' HTML by the digest of their Markdown (see [`super::bodies`]).
    pub(super) bodies: HashMap<Key, Arc<str>>,
    /// Each page by path (a cheaper hash than the standard one: every page is looked up
    /// on each save).
    pub(super) pages: rustc_hash::FxHashMap<String, Kept>,
    pub(super) rows: RowCache,
    /// The same rows as HTML (see [`super::rows`]).
    pub(super) rows_html: super::rows::Cache,
    /// How many pages the last build rendered rather than reused.
    pub(super) rendered: usize,
    /// Check mode: every page about to be reused is rendered again and compared.
    pub(super) verify: bool,
    /// Leave the board pack as the last build made it when what it reads changed, for a
    /// build of its own after the pages are out (`watch` and `serve`: a save shows at
    /// once, and the pack follows).
    pub(super) pack_later: bool,
    /// The same for the search index and the exports.
    pub(super) whole_later: bool,
    /// Whether the last build left the pack as it was although it has changed.
    pub(super) pack_stale: bool,
    /// The search index and the exports, made beside the pages.
    pub whole: WholeCache,
    /// The theme's templates as Tera compiled them, by the digest of their text:
    /// compiling them again took a few milliseconds of every save.
    pub(super) tera: Option<(Key, Arc<tera::Tera>)>,
    /// The sitemap, by the digest of its templates, the site's address and every path
    /// listed: it changes only when a page comes or goes.
    pub(super) sitemap: Option<(Key, Bytes)>,
}

/// What is kept of the files made from every record at once, the search index and the
/// exports: apart from the pages, so that they can be made while the pages render.
#[derive(Default)]
pub struct WholeCache {
    /// The search index's postings, brought up to date from the documents that changed.
    pub search: Option<super::search::Kept>,
    /// The files as last made, with the key of the model they were made from
    /// ([`crate::model::Model::key`]).
    pub made: Option<(Key, Vec<crate::output::File>)>,
    /// Whether the last build left them as they were although the model changed.
    pub stale: bool,
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

    /// Whether this is a cache in check mode.
    pub fn verify(&self) -> bool {
        self.verify
    }

    pub fn set_later(&mut self, pack: bool, whole: bool) {
        self.pack_later = pack;
        self.whole_later = whole;
    }

    /// Whether the search index and the exports are left for later.
    pub fn whole_later(&self) -> bool {
        self.whole_later
    }

    pub fn pack_stale(&self) -> bool {
        self.pack_stale
    }
}
