//! The initiatives' index rows as HTML: each row rendered once through the theme's
//! `initiative-row.html` for each folder depth of the pages that list it, and kept by
//! `watch` with the key of what it was rendered from.
//!
//! `initiatives.html` lists every initiative, and each initiative is listed again on its
//! category's and its status's page. Rendered row by row inside those pages, a save that
//! changed one initiative's title rendered 14,000 rows through Tera at N = 10,000; now it
//! renders that one row twice and joins the rest as they were.

use super::reader::Inputs;
use crate::diagnostic::Diagnostic;
use crate::digest::Key;
use crate::urls;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};

/// The theme's template for one row. It gets `r` (the row) and `root`.
pub const TEMPLATE: &str = "initiative-row.html";

/// A row's HTML, one per root of [`roots`], in that order.
type RowHtml = Arc<[Arc<str>]>;

/// Rows' HTML by initiative id, kept between builds.
pub type Cache = FxHashMap<String, Kept>;

pub struct Kept {
    key: RowKey,
    html: RowHtml,
}

/// What a row's HTML is rendered from: the templates, the site-wide settings and the key
/// of what the row was made from. Compared as it is: digesting it for each of 10,000 rows
/// on every save cost a millisecond.
type RowKey = (Key, Key, Key);

/// The `root` (`../` per folder) of every page that lists rows, without repeats.
fn roots() -> Vec<String> {
    // A category's or a status's word is one file name: every such page is as deep.
    let mut roots: Vec<String> = [
        urls::INITIATIVES.to_string(),
        urls::category("any"),
        urls::status("any"),
    ]
    .iter()
    .map(|path| super::root_of(path))
    .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// This build's rows as HTML, in the order of [`Inputs::all_rows`].
pub struct Html {
    roots: Vec<String>,
    /// Each row's HTML with the key it is kept by.
    rows: Vec<(RowKey, RowHtml)>,
}

impl Html {
    /// The rows at `listed` (indexes into [`Inputs::all_rows`]) as the page at `path`
    /// shows them, each after a line break (as a template's `for` loop over rows wrote them).
    pub fn listing(&self, listed: &[usize], path: &str) -> Result<String, Diagnostic> {
        let root = super::root_of(path);
        let Some(at) = self.roots.iter().position(|r| *r == root) else {
            return Err(Diagnostic::general(format!(
                "{path} lists initiatives but is not where an index page is (a bug in boardpack)"
            )));
        };
        let rows = || listed.iter().map(|&i| &*self.rows[i].1[at]);
        let mut html = String::with_capacity(rows().map(|r| r.len() + 1).sum());
        for row in rows() {
            html.push('\n');
            html.push_str(row);
        }
        Ok(html)
    }
}

/// Renders a row through the theme's template, once for each root of [`roots`].
pub struct Renderer<'a> {
    tera: &'a tera::Tera,
    roots: Vec<String>,
    /// A template error as the build reports it.
    error: &'a (dyn Fn(&tera::Error) -> Diagnostic + Sync),
}

impl<'a> Renderer<'a> {
    pub fn new(
        tera: &'a tera::Tera,
        error: &'a (dyn Fn(&tera::Error) -> Diagnostic + Sync),
    ) -> Renderer<'a> {
        Renderer {
            tera,
            roots: roots(),
            error,
        }
    }

    fn row(&self, value: &tera::Value) -> Result<RowHtml, Diagnostic> {
        self.roots
            .iter()
            .map(|root| {
                let mut context = tera::Context::new();
                context.insert_value("r", value.clone());
                context.insert("root", root);
                self.tera
                    .render(TEMPLATE, &context)
                    .map(Arc::from)
                    .map_err(|e| (self.error)(&e))
            })
            .collect()
    }
}

/// Rows rendered as they are made, for a build that keeps nothing for the next and gives
/// no template `page.rows`: each row's value is let go of as soon as its HTML is made.
/// At N = 100,000 the values are a third of a gigabyte (about 3.4 KB a row as Tera
/// values), and held all at once they made the build's peak.
pub struct Early<'a> {
    renderer: &'a Renderer<'a>,
    made: Mutex<FxHashMap<String, Result<RowHtml, Diagnostic>>>,
}

impl<'a> Early<'a> {
    pub fn new(renderer: &'a Renderer<'a>) -> Early<'a> {
        Early {
            renderer,
            made: Mutex::default(),
        }
    }

    /// Renders the row of initiative `id` and keeps its HTML; what is left of the row's
    /// value is nothing.
    pub fn take(&self, id: &str, value: tera::Value) -> tera::Value {
        let html = self.renderer.row(&value);
        drop(value);
        // A poisoned lock is a panic on another thread, which ends the build anyway.
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.insert(id.to_string(), html);
        tera::Value::none()
    }
}

/// Renders every row whose HTML `kept` does not hold for this build (all of them without
/// a cache), in parallel, or takes it from `early`. In check mode (`verify`) a kept row is
/// rendered again and a difference is an error.
pub fn render(
    inputs: &Inputs,
    renderer: &Renderer,
    templates: Key,
    kept: Option<&Cache>,
    verify: bool,
    early: Option<Early>,
) -> Result<Html, Diagnostic> {
    let early = early.map(|early| early.made.into_inner().unwrap_or_else(|e| e.into_inner()));
    let settings = inputs.settings();
    let made: Vec<Result<(RowKey, RowHtml), Diagnostic>> = inputs
        .all_rows()
        .par_iter()
        .map(|row| {
            let key = (templates, settings, row.key());
            if let Some(early) = &early {
                return match early.get(&*row.record.id) {
                    Some(html) => Ok((key, html.clone()?)),
                    None => Err(Diagnostic::general(format!(
                        "the index row of {} was not rendered (a bug in boardpack)",
                        row.record.id
                    ))),
                };
            }
            match kept.and_then(|kept| kept.get(&*row.record.id)) {
                Some(kept) if kept.key == key => {
                    if verify && renderer.row(&row.value)? != kept.html {
                        return Err(Diagnostic::general(format!(
                            "the index row of {} was about to be reused from the last build, but it renders differently now (a bug in boardpack)",
                            row.record.id
                        )));
                    }
                    Ok((key, kept.html.clone()))
                }
                _ => Ok((key, renderer.row(&row.value)?)),
            }
        })
        .collect();
    // The first problem in row order, so that a parallel build says what a serial one would.
    let rows = made.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(Html {
        roots: renderer.roots.clone(),
        rows,
    })
}

/// Leaves this build's rows in `cache` for the next, in place (after a save almost every
/// row is as it was), and drops those of initiatives gone.
pub fn keep(inputs: &Inputs, html: &Html, cache: &mut Cache) {
    for (row, (key, html)) in inputs.all_rows().iter().zip(&html.rows) {
        let key = *key;
        match cache.get(&*row.record.id) {
            Some(kept) if kept.key == key => {}
            _ => {
                let kept = Kept {
                    key,
                    html: html.clone(),
                };
                cache.insert(row.record.id.to_string(), kept);
            }
        }
    }
    if cache.len() > html.rows.len() {
        let now: rustc_hash::FxHashSet<&str> = inputs
            .all_rows()
            .iter()
            .map(|row| &*row.record.id)
            .collect();
        cache.retain(|id, _| now.contains(id.as_str()));
    }
}
