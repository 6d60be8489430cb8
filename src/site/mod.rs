//! The browsable report: view structs built from the model and indicators, rendered through
//! the theme's Tera templates into files. Every link is relative to the page it is on, so
//! the site works from a web server under any path and opened straight from disk.

pub mod cache;
pub mod svg;
mod views;

use crate::diagnostic::Diagnostic;
use crate::digest::{Key, digest};
use crate::facts::Facts;
use crate::indicators::Indicators;
use crate::model::Model;
use crate::theme::Theme;
use rayon::prelude::*;
use serde::Serialize;
use std::hash::Hash;

use crate::output::{Bytes, File};
/// A rendered page, with its key when a cache is kept, and whether it is last build's.
type Page = (File, Option<Key>, bool);

/// One page to render: where it goes, which template, its title and its own data.
pub struct PageOut {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    /// The navigation entry this page belongs under (`board.html`), marked current.
    pub section: &'static str,
    pub data: serde_json::Value,
    /// `page.rows`, when they are shared with other pages: already in the templates' form,
    /// so a page takes them without a copy. (An index of 10,000 initiatives is listed on
    /// three pages; copying the rows for each cost time and, at peak, memory.)
    pub rows: Option<SharedRows>,
}

/// Rows listed on several pages, in Tera's form, with a digest of their content for the
/// page cache (Tera's own maps cannot give one: their order differs from run to run).
pub struct SharedRows {
    pub value: tera::Value,
    pub key: Key,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    organisation: &'a str,
    as_of: String,
    language: &'a str,
    /// A build with confidential records in it: every page says so.
    confidential: bool,
    drafts: bool,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    href: String,
    current: bool,
}

/// The sections in the navigation, then the project's own pages by weight.
fn navigation(model: &Model) -> Vec<(String, String)> {
    let mut nav: Vec<(String, String)> = [
        ("Dashboard", "index.html"),
        ("Board", "board.html"),
        ("Initiatives", "initiatives.html"),
        ("Measures", "measures.html"),
        ("Survey", "surveys.html"),
    ]
    .iter()
    .map(|(t, h)| (t.to_string(), h.to_string()))
    .collect();
    let mut pages: Vec<_> = model.records.pages.values().collect();
    // FORMAT.md's order: lower weight first, then by title (no weight counts as 0).
    pages.sort_by(|a, b| {
        (a.fields.weight.unwrap_or(0), &a.fields.title.value, &a.id).cmp(&(
            b.fields.weight.unwrap_or(0),
            &b.fields.title.value,
            &b.id,
        ))
    });
    nav.extend(
        pages
            .into_iter()
            .map(|p| (p.fields.title.value.clone(), crate::urls::page(&p.id))),
    );
    nav
}

/// `../` once per folder between `path` and the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders every page, the sitemap and the theme's static files, reusing from `cache` each page whose inputs are unchanged since the build
/// that filled it, and leaving this build in it. The files are the same either way.
pub fn render_cached(
    facts: &Facts,
    indicators: &Indicators,
    theme: &Theme,
    mut cache: Option<&mut cache::RenderCache>,
) -> Result<Vec<File>, Diagnostic> {
    let model = facts.model;
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    )
    .map_err(|e| template_error(theme, None, &e))?;

    let config = &model.config;
    let site = SiteView {
        title: &config.title,
        organisation: config.organisation.as_deref().unwrap_or(""),
        as_of: model.as_of.to_string(),
        language: &config.language,
        confidential: model.options.confidential,
        drafts: model.options.drafts,
    };
    let nav = navigation(model);
    let bodies = cache
        .as_deref_mut()
        .map(|c| cache::Bodies::new(std::mem::take(&mut c.bodies)));
    let mut previous = cache.as_deref_mut().map(|c| std::mem::take(&mut c.pages));
    // Templates change every page; their digest goes into each page's key.
    let stamp = cache.is_some().then(|| digest(|w| theme.templates.hash(w)));
    let rows = cache.as_deref_mut().map(|c| std::mem::take(&mut c.rows));
    let mut inputs = views::Inputs::new(facts, indicators, rows.as_ref());
    drop(rows);
    inputs.bodies = bodies.as_ref();
    if let Some(cache) = cache.as_deref_mut() {
        cache.rows = inputs.row_cache();
    }
    // What every page is rendered from besides its own view; the key of a page about one
    // record is this and the digests of the records it reads (`views::dependencies`).
    // Without it (the header could not be written out), every view is built and compared.
    let global = stamp.zip(inputs.data).and_then(|stamp_and_data| {
        let mut written = Ok(());
        let key = digest(|w| {
            stamp_and_data.hash(w);
            written = serde_json::to_writer(&mut *w, &(&site, &nav));
        });
        written.ok().map(|()| key)
    });
    let jobs = views::jobs(model);
    let rendered_now = std::sync::atomic::AtomicUsize::new(0);
    // Each page is independent: its view is built, rendered and dropped on one thread. The
    // error reported is the one of the first page by path, so a parallel build says and
    // writes exactly what a serial one would.
    let rendered: Vec<Result<Page, (String, Diagnostic)>> = jobs
        .par_iter()
        .map(|job| {
            let known = global.and_then(|global| views::dependencies(job, &inputs, global));
            if let Some((path, key)) = &known
                && let Some((old_key, bytes)) = previous.as_ref().and_then(|p| p.get(path))
                && key == old_key
            {
                return Ok(((path.clone(), bytes.clone()), Some(*key), true));
            }
            let page = views::view(job, &inputs);
            let items: Vec<NavItem> = nav
                .iter()
                .map(|(title, href)| NavItem {
                    title: title.clone(),
                    href: href.clone(),
                    current: *href == page.section || *href == page.path,
                })
                .collect();
            let key = match known {
                Some((path, key)) => {
                    debug_assert_eq!(path, page.path, "dependencies gives the view's path");
                    Some(key)
                }
                None => stamp.and_then(|stamp| page_key(stamp, &site, &items, &page)),
            };
            if let Some((old_key, bytes)) = previous.as_ref().and_then(|p| p.get(&page.path))
                && key == Some(*old_key)
            {
                return Ok(((page.path, bytes.clone()), key, true));
            }
            rendered_now.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut context = tera::Context::new();
            context.insert("site", &site);
            context.insert("root", &root_of(&page.path));
            context.insert("title", &page.title);
            context.insert("path", &page.path);
            context.insert("nav", &items);
            match page.rows {
                Some(rows) => {
                    let data = tera::Value::from_serializable(&page.data);
                    let mut data = data.into_map().unwrap_or_default();
                    data.insert("rows".into(), rows.value);
                    context.insert_value("page", tera::Value::from(data));
                }
                None => context.insert("page", &page.data),
            }
            match tera.render(page.template, &context) {
                Ok(html) => Ok(((page.path, Bytes::from(html.into_bytes())), key, false)),
                Err(e) => Err((
                    page.path.clone(),
                    template_error(theme, Some(&page.path), &e),
                )),
            }
        })
        .collect();
    let mut files = Vec::with_capacity(rendered.len() + theme.statics.len() + 1);
    let mut first_error: Option<(String, Diagnostic)> = None;
    let mut pages = std::collections::HashMap::new();
    for page in rendered {
        match page {
            Ok((file, key, reused)) => {
                // A reused page moves its cache entry on; only a new one is copied.
                let kept = match (&mut previous, key) {
                    (Some(previous), Some(_)) if reused => previous.remove(&file.0),
                    (_, Some(key)) => Some((key, file.1.clone())),
                    (_, None) => None,
                };
                if let Some(kept) = kept {
                    pages.insert(file.0.clone(), kept);
                }
                files.push(file);
            }
            Err(error) => {
                if first_error.as_ref().is_none_or(|(path, _)| error.0 < *path) {
                    first_error = Some(error);
                }
            }
        }
    }
    if let Some((_, problem)) = first_error {
        // The cache keeps the last good build's pages: those moved into `pages` above go
        // back, and no page of the failed build replaces one of the last good build's.
        if let (Some(cache), Some(mut previous)) = (cache, previous) {
            for (path, entry) in pages {
                previous.entry(path).or_insert(entry);
            }
            cache.pages = previous;
            cache.bodies = bodies.map(cache::Bodies::into_used).unwrap_or_default();
        }
        return Err(problem);
    }
    if let Some(cache) = cache {
        cache.rendered = rendered_now.load(std::sync::atomic::Ordering::Relaxed);
        cache.pages = pages;
        cache.bodies = bodies.map(cache::Bodies::into_used).unwrap_or_default();
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let mut context = tera::Context::new();
    // `config` ends it with `/`.
    let base = &config.base_url.value;
    let urls: Vec<String> = files
        .iter()
        .filter(|(path, _)| path != "404.html")
        .map(|(path, _)| format!("{base}{path}"))
        .collect();
    context.insert("urls", &urls);
    let sitemap = tera
        .render("sitemap.xml", &context)
        .map_err(|e| template_error(theme, Some("sitemap.xml"), &e))?;
    files.push(("sitemap.xml".into(), Bytes::from(sitemap.into_bytes())));
    for (name, bytes) in &theme.statics {
        files.push((format!("static/{name}"), Bytes::from(bytes.as_slice())));
    }
    Ok(files)
}

/// Everything a page is rendered from but the templates (whose digest is `stamp`).
fn page_key(stamp: Key, site: &SiteView, nav: &[NavItem], page: &PageOut) -> Option<Key> {
    let mut written = Ok(());
    let key = digest(|w| {
        stamp.hash(w);
        (&page.path, page.template, &page.title, page.section).hash(w);
        // The view's data derives Hash, which is faster than writing it out as JSON.
        page.data.hash(w);
        page.rows.as_ref().map(|rows| rows.key).hash(w);
        written = serde_json::to_writer(&mut *w, &(site, nav));
    });
    // A view that cannot be written out in full has no key, and is always rendered.
    written.ok().map(|()| key)
}

/// A template problem names the template file (the project's, or the built-in one) at the
/// line Tera points to, with Tera's own first line of explanation.
fn template_error(theme: &Theme, page: Option<&str>, error: &tera::Error) -> Diagnostic {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push('\n');
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    // Tera writes `error: <what>` then ` --> <template>:<line>:<column>` and the source line.
    let message = text
        .lines()
        .map(|l| l.trim().trim_start_matches("error:").trim())
        .find(|l| !l.is_empty())
        .unwrap_or("the template could not be rendered")
        .to_string();
    let place = text.lines().find_map(|line| {
        let at = line.trim().strip_prefix("-->")?.trim();
        let mut parts = at.rsplitn(3, ':');
        let column = parts.next()?.parse::<usize>().ok()?;
        let line = parts.next()?.parse::<usize>().ok()?;
        Some((parts.next()?.to_string(), line, column))
    });
    let help = match page {
        Some(page) => {
            format!("this stopped the rendering of {page}; the previous site is left as it was")
        }
        None => {
            "the theme's templates could not be read; the previous site is left as it was".into()
        }
    };
    let (file, line, column) = match place {
        Some((name, line, column)) => (
            theme.origins.get(&name).cloned().unwrap_or(name),
            line,
            column,
        ),
        None => ("themes".to_string(), 1, 1),
    };
    Diagnostic::error(file, line, column, format!("template error: {message}")).with_help(help)
}
