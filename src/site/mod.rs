//! The browsable report: view structs built from the model and indicators, rendered through
//! the theme's Tera templates into files. Every link is relative to the page it is on, so
//! the site works from a web server under any path and opened straight from disk.

mod bodies;
pub mod cache;
mod charts;
pub mod icons;
pub mod reader;
mod rows;
mod search;
mod views;

pub use search::Kept as SearchKept;

use crate::diagnostic::Diagnostic;
use crate::digest::digest;
use crate::facts::Facts;
use crate::indicators::Indicators;
use crate::model::Model;
use crate::output::{Bytes, File};
use crate::theme::Theme;
use crate::urls;
use cache::Kept;
use rayon::prelude::*;
use reader::{Inputs, Reader};
use serde::Serialize;
use std::hash::Hash;
use views::{Job, PageOut};

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    /// The dashboard, from the site's root.
    home: &'static str,
    /// The accessibility statement, linked from every page.
    accessibility: &'static str,
    search: &'static str,
    /// The board pack, when the build makes one.
    pack: Option<&'static str>,
    /// The report date in words, for `<time>`.
    report_date: crate::style::When,
    organisation: &'a str,
    as_of: String,
    language: &'a str,
    /// A build with confidential records in it: every page says so.
    confidential: bool,
    drafts: bool,
    /// `extra:` of `boardpack.yaml`, for a theme's own use.
    extra: &'a crate::records::Extra,
    /// Where the site is published, when `base_url` is a whole address (`https://…/`):
    /// each page names its own address there (`<link rel="canonical">`, FORMAT.md). A
    /// path alone (`/`, the default) says nothing of where a copy was found, and a
    /// report opened from disk or published under a path would have named a wrong one.
    address: Option<&'a str>,
    /// What a printed page says at its foot ("Clinical leadership report, as of 30
    /// September 2026"), as a CSS string: a printed page has no masthead but the first.
    print_running: String,
}

/// `text` as a CSS string literal, every character but letters, digits and spaces written
/// as an escape: it goes in a `<style>` element, where nothing of it may close the element
/// or the string.
fn css_string(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() + 2);
    literal.push('"');
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            literal.push(c);
        } else {
            literal.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    literal.push('"');
    literal
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
        ("Dashboard", urls::DASHBOARD),
        ("Board", urls::BOARD),
        ("People", urls::PEOPLE),
        ("Meetings", urls::MEETINGS),
        ("Initiatives", urls::INITIATIVES),
        ("Measures", urls::MEASURES),
        ("Survey", urls::SURVEYS),
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
            .map(|p| (p.fields.title.value.clone(), urls::page(&p.id))),
    );
    nav
}

/// `../` once per folder between `path` and the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A rendered page: its file, what its view read (when a cache is kept), and whether it is
/// last build's.
type Page = (File, Option<reader::Reads>, bool);

/// What became of a page: kept to be written with the rest, or already written (by path).
enum Made {
    Kept(Page),
    Written(String),
}

/// The theme's templates, parsed; a template that does not parse is reported at its file.
pub fn templates_of(theme: &Theme) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.register_filter("grouped", grouped);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str())),
    )
    .map_err(|e| template_error(theme, None, &e))?;
    Ok(tera)
}

/// Renders every page, the sitemap and the theme's static files, reusing from `cache` each
/// page whose reads are unchanged since the build that filled it, and leaving this build
/// in it. The files are the same either way. Without a cache, `sink` takes each page as it
/// is rendered, and the files returned are the others.
pub fn render_cached(
    facts: &Facts,
    indicators: &Indicators,
    theme: &Theme,
    pdf: bool,
    mut cache: Option<&mut cache::RenderCache>,
    sink: Option<&crate::output::Staging>,
) -> Result<Vec<File>, Diagnostic> {
    // A cache keeps every page for the next build: those pages stay in memory anyway.
    let sink = sink.filter(|_| cache.is_none());
    let model = facts.model;
    let templates = digest(|w| theme.templates.hash(w));
    let kept = cache
        .as_deref_mut()
        .and_then(|c| c.tera.take())
        .filter(|(key, _)| *key == templates);
    let tera = match kept {
        Some((_, tera)) => tera,
        None => std::sync::Arc::new(templates_of(theme)?),
    };
    if let Some(cache) = cache.as_deref_mut() {
        cache.tera = Some((templates, tera.clone()));
    }

    let config = &model.config;
    let report_date =
        crate::style::Style::of(&config.language, &config.currency.value).when(model.as_of);
    let site = SiteView {
        print_running: css_string(&format!(
            "{}, as of {}",
            config.title.value, report_date.text
        )),
        title: &config.title.value,
        home: urls::DASHBOARD,
        accessibility: urls::ACCESSIBILITY,
        search: urls::SEARCH,
        pack: pdf.then_some(urls::BOARD_PACK),
        report_date,
        organisation: config.organisation.as_deref().unwrap_or(""),
        as_of: model.as_of.to_string(),
        language: &config.language,
        confidential: model.options.confidential,
        drafts: model.options.drafts,
        extra: &config.extra,
        // Not for a build with drafts or confidential records: their pages have no
        // published address.
        address: Some(config.base_url.value.as_str())
            .filter(|base| base.starts_with("https://") || base.starts_with("http://"))
            .filter(|_| !model.options.drafts && !model.options.confidential),
    };
    let nav = navigation(model);
    let verify = cache.as_deref().is_some_and(|c| c.verify);
    let pack_later = cache.as_deref().is_some_and(|c| c.pack_later);
    let bodies = cache
        .as_deref_mut()
        .map(|c| bodies::Bodies::new(std::mem::take(&mut c.bodies)));
    let rows = cache.as_deref_mut().map(|c| std::mem::take(&mut c.rows));
    // The built-in templates show the index rows' HTML, not their fields: `page.rows` is
    // for a project theme's own index (or a template it extends or includes).
    let row_values = theme
        .own
        .iter()
        .any(|name| name != rows::TEMPLATE && name != urls::SITEMAP);
    let row_error = |e: &tera::Error| template_error(theme, Some(urls::INITIATIVES), e);
    let renderer = rows::Renderer::new(&tera, &row_error);
    let early = (!row_values && cache.is_none()).then(|| rows::Early::new(&renderer));
    let make_row = |reader: &Reader, id: &str| {
        let value = views::initiative_row(reader, id)?;
        Some(match &early {
            Some(early) => early.take(id, value),
            None => value,
        })
    };
    let inputs = Inputs::new(
        facts,
        indicators,
        bodies.as_ref(),
        rows.as_ref(),
        cache.is_some(),
        make_row,
    );
    if let (Some(cache), Some(mut rows)) = (cache.as_deref_mut(), rows) {
        inputs.update_row_cache(&mut rows);
        cache.rows = rows;
    }
    let rows_html = match rows::render(
        &inputs,
        &renderer,
        templates,
        cache.as_deref().map(|c| &c.rows_html),
        verify,
        early,
    ) {
        Ok(html) => html,
        Err(problem) => {
            // A broken row template stops the build before any page: the cache keeps the
            // last good build's bodies, so the save that mends it renders only what changed.
            drop(inputs);
            if let (Some(cache), Some(bodies)) = (cache.as_deref_mut(), bodies) {
                cache.bodies = bodies.into_all();
            }
            return Err(problem);
        }
    };
    let mut previous = cache.as_deref_mut().map(|c| std::mem::take(&mut c.pages));
    if let Some(cache) = cache.as_deref_mut() {
        rows::keep(&inputs, &rows_html, &mut cache.rows_html);
    }
    // What every page is rendered from besides what its view reads: the templates, the
    // site-wide inputs, the site's header and the navigation.
    let global = cache.is_some().then(|| {
        digest(|w| {
            templates.hash(w);
            theme.pdf.hash(w);
            // The site-wide inputs of every page.
            inputs.settings().hash(w);
            // Writing to a digest cannot fail.
            let _ = serde_json::to_writer(&mut *w, &(&site, &nav));
        })
    });
    let jobs = views::jobs(model);
    let rendered_now = std::sync::atomic::AtomicUsize::new(0);
    // Every page's context holds the same site and the same navigation items, but for
    // which is current: each is made a template value once, not once for each page (at
    // 100,000 initiatives, inserting them was 1.3 % of a build's profile).
    let site_value = tera::Value::from_serializable(&site);
    let nav_values: Vec<[tera::Value; 2]> = nav
        .iter()
        .map(|(title, href)| {
            [false, true].map(|current| {
                tera::Value::from_serializable(&NavItem {
                    title: title.clone(),
                    href: href.clone(),
                    current,
                })
            })
        })
        .collect();
    let render = |page: PageOut| -> Result<Vec<u8>, (String, Diagnostic)> {
        let mut context = tera::Context::new();
        context.insert_value("site", site_value.clone());
        context.insert("root", &root_of(&page.path));
        context.insert("title", &page.title);
        context.insert("path", &page.path);
        let items: Vec<tera::Value> = nav
            .iter()
            .zip(&nav_values)
            .map(|((_, href), item)| {
                let current = href == page.section || *href == page.path;
                item[usize::from(current)].clone()
            })
            .collect();
        context.insert_value("nav", tera::Value::from(items));
        // A page's HTML is a few kilobytes besides the rows it lists, which are joined
        // already: the buffer is made that large at once rather than grown by copying.
        let mut listing = 0;
        let data = match page.rows {
            Some(listed) => {
                let html = rows_html
                    .listing(&listed, &page.path)
                    .map_err(|e| (page.path.clone(), e))?;
                listing = html.len();
                let mut data = page.data.into_map().unwrap_or_default();
                if row_values {
                    let all = inputs.all_rows();
                    let values: Vec<tera::Value> =
                        listed.iter().map(|&at| (*all[at].value).clone()).collect();
                    data.insert("rows".into(), tera::Value::from(values));
                }
                data.insert("rows_html".into(), tera::Value::safe_string(&html));
                tera::Value::from(data)
            }
            None => page.data,
        };
        context.insert_value("page", data);
        let mut html = Vec::with_capacity(listing + 64 * 1024);
        match tera.render_to(page.template, &context, &mut html) {
            Ok(()) => Ok(html),
            Err(e) => Err((
                page.path.clone(),
                template_error(theme, Some(&page.path), &e),
            )),
        }
    };
    // Each page is independent: its view is built, rendered and dropped on one thread. The
    // error reported is the one of the first page by path, so a parallel build says and
    // writes exactly what a serial one would.
    // The board pack takes longer than any page: it is made on its own beside them.
    let kept_pack = previous.as_mut().and_then(|p| p.remove(urls::BOARD_PACK));
    let pages = || -> Vec<Option<Result<Made, (String, Diagnostic)>>> {
        jobs.par_iter()
            .map(|job| {
                let path = job.path();
                if let (Some(global), Some(kept)) =
                    (global, previous.as_ref().and_then(|p| p.get(&path)))
                    && kept.global == global
                    && inputs.unchanged(&kept.reads)
                {
                    if verify && let Err(error) = verify_reuse(job, &inputs, &render, kept) {
                        return Some(Err(error));
                    }
                    return Some(Ok(Made::Kept(((path, kept.bytes.clone()), None, true))));
                }
                let reader = Reader::new(&inputs);
                let page = views::view(job, &reader)?;
                rendered_now.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let path = page.path.clone();
                Some(render(page).map(|html| match sink {
                    Some(sink) => {
                        sink.write(&path, &html);
                        Made::Written(path)
                    }
                    None => {
                        let bytes = Bytes::from(html);
                        Made::Kept(((path, bytes), Some(reader.into_reads()), false))
                    }
                }))
            })
            .collect()
    };
    let (built, pack) = rayon::join(pages, || {
        pdf.then(|| {
            board_pack(
                &inputs,
                theme,
                global,
                kept_pack.as_ref(),
                verify,
                pack_later,
            )
        })
    });
    let pack_stale = matches!(pack, Some(Ok((_, true))));
    let pack = pack.map(|made| made.map(|(page, _)| Made::Kept(page)));
    // A reused pack's entry goes back, so the loop below moves it on like a page's.
    if let (Some(previous), Some(kept)) = (previous.as_mut(), kept_pack) {
        previous.insert(urls::BOARD_PACK.to_string(), kept);
    }
    if let Some(Ok(Made::Kept((_, _, false)))) = &pack {
        rendered_now.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    let built: Vec<_> = built.into_iter().chain(pack.map(Some)).collect();
    let mut files = Vec::with_capacity(built.len() + theme.statics.len() + 1);
    let mut first_error: Option<(String, Diagnostic)> = None;
    // The cache's entries of the pages rendered now. A reused page's entry stays where it
    // is, in last build's map, which becomes this build's: after a save almost every page
    // is reused, and moving each entry into a new map was most of this loop's time.
    let mut fresh = Vec::new();
    // How many of this build's pages have an entry in last build's map.
    let mut entries = 0;
    // The paths of the pages the sink wrote, for the sitemap.
    let mut written = Vec::new();
    for page in built.into_iter().flatten() {
        match page {
            Ok(Made::Written(path)) => written.push(path),
            Ok(Made::Kept((file, reads, reused))) => {
                match (global, reads) {
                    (Some(_), _) if reused => entries += 1,
                    (Some(global), Some(reads)) => {
                        let kept = Kept {
                            global,
                            reads,
                            bytes: file.1.clone(),
                        };
                        fresh.push((file.0.clone(), kept));
                    }
                    _ => {}
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
        // The cache keeps the last good build's pages and bodies: no page of the failed
        // build replaces one of them, and the bodies it did not reach stay, as when a
        // broken row template stopped it earlier.
        if let (Some(cache), Some(mut previous)) = (cache, previous) {
            for (path, entry) in fresh {
                previous.entry(path).or_insert(entry);
            }
            cache.pages = previous;
            cache.bodies = bodies.map(bodies::Bodies::into_all).unwrap_or_default();
        }
        return Err(problem);
    }
    let mut pages = previous.unwrap_or_default();
    entries += fresh.len();
    pages.extend(fresh);
    // Entries of pages this build no longer has (a record removed or left out) go.
    if pages.len() > entries {
        let now: rustc_hash::FxHashSet<&str> =
            files.iter().map(|(path, _)| path.as_str()).collect();
        pages.retain(|path, _| now.contains(path.as_str()));
    }
    // Check mode: the cache holds an entry for each page of this build, and no other.
    if verify
        && (pages.len() != files.len() || files.iter().any(|(path, _)| !pages.contains_key(path)))
    {
        return Err(Diagnostic::general(
            "the kept pages are not this build's pages (a bug in boardpack)",
        ));
    }
    let kept_sitemap = cache.as_deref_mut().and_then(|c| c.sitemap.take());
    if let Some(cache) = cache.as_deref_mut() {
        cache.pack_stale = pack_stale;
        cache.rendered = rendered_now.load(std::sync::atomic::Ordering::Relaxed);
        cache.pages = pages;
        cache.bodies = bodies.map(bodies::Bodies::into_used).unwrap_or_default();
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));

    // `config` ends it with `/`.
    let base = &config.base_url.value;
    let mut paths: Vec<&String> = files.iter().map(|(path, _)| path).chain(&written).collect();
    paths.sort();
    paths.retain(|path| *path != urls::NOT_FOUND);
    let sitemap_key = digest(|w| (templates, base, &paths).hash(w));
    let fresh = || -> Result<Bytes, Diagnostic> {
        let base = urls::ascii_base(base);
        let urls: Vec<String> = paths.iter().map(|path| format!("{base}{path}")).collect();
        let mut context = tera::Context::new();
        context.insert("urls", &urls);
        let sitemap = tera
            .render(urls::SITEMAP, &context)
            .map_err(|e| template_error(theme, Some(urls::SITEMAP), &e))?;
        Ok(Bytes::from(sitemap.into_bytes()))
    };
    let sitemap = match kept_sitemap.filter(|(key, _)| *key == sitemap_key) {
        Some((_, kept)) => {
            if verify && fresh()? != kept {
                return Err(Diagnostic::general(format!(
                    "{} was about to be reused from the last build, but it renders differently now (a bug in boardpack)",
                    urls::SITEMAP
                )));
            }
            kept
        }
        None => fresh()?,
    };
    if let Some(cache) = cache {
        cache.sitemap = Some((sitemap_key, sitemap.clone()));
    }
    files.push((urls::SITEMAP.into(), sitemap));
    // A theme's own file of an icon's name is the icon: one file per path, whichever
    // thread writes last.
    for (path, svg) in icons::files() {
        let themed = path
            .strip_prefix(urls::STATIC)
            .is_some_and(|name| theme.statics.contains_key(name));
        if !themed {
            files.push((path, Bytes::from(svg.into_bytes())));
        }
    }
    for (name, bytes) in &theme.statics {
        files.push((
            format!("{}{name}", urls::STATIC),
            Bytes::from(bytes.as_slice()),
        ));
    }
    Ok(files)
}

/// The board pack (`board-pack.pdf`), and whether it is last build's although its inputs
/// changed (only when `later` asks for that and there is one to keep): its view read
/// through a reader like a page's, so it is
/// reused while what it read is unchanged, and typeset by Typst from the theme's layout.
fn board_pack(
    inputs: &Inputs,
    theme: &Theme,
    global: Option<crate::digest::Key>,
    kept: Option<&Kept>,
    verify: bool,
    later: bool,
) -> Result<(Page, bool), (String, Diagnostic)> {
    let path = urls::BOARD_PACK.to_string();
    // A build that keeps its pages for the next (`global`) is one of a series.
    let series = global.is_some();
    let current = |kept: &Kept| global == Some(kept.global) && inputs.unchanged(&kept.reads);
    if later
        && let Some(kept) = kept
        && !current(kept)
    {
        // Kept with the reads it was made from, so the next build sees it out of date.
        return Ok((((path, kept.bytes.clone()), None, true), true));
    }
    if let Some(kept) = kept
        && current(kept)
    {
        if verify {
            let (fresh, _) = typeset_pack(inputs, theme, series).map_err(|e| (path.clone(), e))?;
            if fresh != kept.bytes {
                let problem = Diagnostic::general(format!(
                    "{path} was about to be reused from the last build, but it typesets differently now: it reads something the reader does not record (a bug in boardpack)"
                ));
                return Err((path, problem));
            }
        }
        return Ok((((path, kept.bytes.clone()), None, true), false));
    }
    let (bytes, reads) = typeset_pack(inputs, theme, series).map_err(|e| (path.clone(), e))?;
    Ok((((path, bytes), Some(reads), false), false))
}

fn typeset_pack(
    inputs: &Inputs,
    theme: &Theme,
    series: bool,
) -> Result<(Bytes, reader::Reads), Diagnostic> {
    let reader = Reader::new(inputs);
    let (view, mut files) = views::pack::view(&reader);
    let problem = |e: serde_json::Error| Diagnostic::general(format!("the board pack's data: {e}"));
    let mut data = serde_json::to_string(&view).map_err(problem)?;
    // Its fonts cannot show every character a record may hold (emoji, Chinese): a stand-in
    // for each drawn, where Typst would refuse the whole pack. Most packs have none, and are
    // not made again as a tree to find them.
    // Nor can it set text of any size (`pdf::fit`): a field too long for paper is shortened.
    let unshown = matches!(crate::glyphs::for_pack(&data), std::borrow::Cow::Owned(_));
    let too_long = crate::pdf::fit::needed(&data);
    if unshown || too_long {
        let mut tree = serde_json::to_value(&view).map_err(problem)?;
        if too_long {
            crate::pdf::fit::data(&mut tree);
        }
        if unshown {
            crate::glyphs::for_pack_data(&mut tree);
        }
        data = serde_json::to_string(&tree).map_err(problem)?;
    }
    if crate::pdf::fit::long_words(&data)
        && let Some(rest) = data.strip_prefix('{')
    {
        data = format!("{{\"long_words\":true,{rest}");
    }
    files.push(("/data.json".to_string(), data.into_bytes()));
    files.extend(
        icons::files()
            .into_iter()
            .map(|(path, svg)| (format!("/{path}"), svg.into_bytes())),
    );
    let layout: Vec<(String, String, String)> = theme
        .pdf
        .iter()
        .map(|(name, text)| {
            let origin = theme.origins.get(&format!("pdf/{name}")).cloned();
            (
                name.clone(),
                text.clone(),
                origin.unwrap_or_else(|| format!("pdf/{name}")),
            )
        })
        .collect();
    let pdf = crate::pdf::typeset(crate::pdf::Input {
        layout: &layout,
        files,
        as_of: reader.as_of(),
        series,
    })?;
    Ok((Bytes::from(pdf), reader.into_reads()))
}

/// The search index of the build's records (`search-index.js`): made alongside the pages.
/// With `kept`, its postings are brought up to date from last build's (and, when `verify`,
/// compared with an index made afresh).
pub fn search_index(
    model: &Model,
    kept: Option<&mut Option<search::Kept>>,
    verify: bool,
) -> Result<File, Diagnostic> {
    let documents = search::documents(model, model.style());
    let index = match kept {
        Some(kept) => search::script_kept(&documents, kept, verify).map_err(Diagnostic::general)?,
        None => search::script(&documents),
    };
    Ok((urls::SEARCH_INDEX.into(), Bytes::from(index.into_bytes())))
}

/// The cache's check mode: a page about to be reused is built and rendered again, and
/// must come out the same. A difference means its view read something without the reader
/// recording it, and would have shown a stale page.
fn verify_reuse(
    job: &Job,
    inputs: &Inputs,
    render: &(dyn Fn(PageOut) -> Result<Vec<u8>, (String, Diagnostic)> + Sync),
    kept: &Kept,
) -> Result<(), (String, Diagnostic)> {
    let reader = Reader::new(inputs);
    let path = job.path();
    let Some(page) = views::view(job, &reader) else {
        return Ok(());
    };
    let fresh = render(page)?;
    if *fresh == *kept.bytes {
        return Ok(());
    }
    let problem = Diagnostic::general(format!(
        "{path} was about to be reused from the last build, but its view renders differently now: it reads something the reader does not record (a bug in boardpack)"
    ));
    Err((path, problem))
}

/// The templates' `grouped` filter: a count as a reader reads it, "5,373"
/// (`words::count`), a number with decimals as the pages write numbers ("1,234.5"). Anything
/// else (text, nothing) is passed through as it is, so a theme's mistake shows on its page
/// rather than stopping the build.
fn grouped(value: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    match value.as_number() {
        Some(tera::Number::Integer(n)) => crate::words::grouped_whole(n).into(),
        Some(tera::Number::Float(x)) if x.is_finite() => crate::indicators::number(x).into(),
        _ => value,
    }
}

/// Where an error Tera gives without a place happened, from the templates its message
/// names: "Template 'board.html' is inheriting from 'nothere.html', which doesn't exist"
/// is at the line of `board.html` that names `nothere.html` in a tag (`{% extends
/// "nothere.html" %}`), not in a comment before it (or at its first line).
fn named_place(theme: &Theme, message: &str) -> Option<(String, usize, usize)> {
    let mut names = message.split('\'').skip(1).step_by(2);
    let name = names.find(|name| theme.templates.contains_key(*name))?;
    let text = &theme.templates[name];
    let place = names.next().and_then(|other| {
        text.lines().enumerate().find_map(|(i, line)| {
            let at = ["\"", "'"]
                .iter()
                .find_map(|q| line.find(&format!("{q}{other}{q}")))?;
            let tag = line[..at].rfind("{%")?;
            line[tag..at].contains("extends").then_some(())?;
            // At the name, inside its quotes.
            Some((i + 1, line[..at].chars().count() + 2))
        })
    });
    let (line, column) = place.unwrap_or((1, 1));
    Some((name.to_string(), line, column))
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
            "the theme's templates could not be loaded; the previous site is left as it was".into()
        }
    };
    let place = place.or_else(|| named_place(theme, &message));
    // Tera's "Unknown tag" names neither the tag nor the fix.
    let (message, help) = match &place {
        Some((name, line, column)) if message == "Unknown tag" => theme
            .templates
            .get(name)
            .and_then(|text| unknown_tag(text, *line, *column))
            .map_or_else(
                || (message.clone(), help.clone()),
                |(what, fix)| (what, format!("{fix}; {help}")),
            ),
        _ => (message, help),
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

/// The word of the tag `text` starts with, or is inside of after its `{%`: `endfor` of
/// `{%- endfor %}`.
fn tag_word(text: &str) -> &str {
    let text = text.trim_start_matches(|c: char| matches!(c, '{' | '%' | '-') || c.is_whitespace());
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The tags of Tera 2's templates.
const TAGS: &[&str] = &[
    "block",
    "break",
    "component",
    "continue",
    "elif",
    "else",
    "endblock",
    "endcomponent",
    "endfilter",
    "endfor",
    "endif",
    "endraw",
    "extends",
    "filter",
    "for",
    "if",
    "include",
    "raw",
    "set",
    "set_global",
];

/// What Tera's "Unknown tag" at `line` and `column` of a template means, and the fix: a
/// misspelt tag (`{% endfro %}`), or an end or `else` with nothing open for it (`{% endfor
/// %}` after the loop was closed). None when the place shows no tag's word.
fn unknown_tag(text: &str, line: usize, column: usize) -> Option<(String, String)> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let this_line = text.get(line_start..)?.lines().next()?;
    let start = line_start
        + this_line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(this_line.len(), |(at, _)| at);
    let word = tag_word(&text[start..]);
    if word.is_empty() {
        return None;
    }
    if TAGS.contains(&word) {
        // The blocks open where the tag is: an end tag for one further out means an inner
        // one is not closed (`{% for %}{% if %}...{% endfor %}`).
        let mut open: Vec<&str> = Vec::new();
        let mut rest = &text[..start];
        while let Some(at) = rest.find("{%") {
            rest = &rest[at + 2..];
            let tag = tag_word(rest);
            if let Some(opened) = tag.strip_prefix("end") {
                if let Some(at) = open.iter().rposition(|o| *o == opened) {
                    open.truncate(at);
                }
            } else if matches!(tag, "for" | "if" | "block" | "filter" | "raw" | "component") {
                open.push(tag);
            }
        }
        let inner = open.last().copied();
        if let Some(closes) = word.strip_prefix("end")
            && let Some(inner) = inner.filter(|inner| *inner != closes && open.contains(&closes))
        {
            return Some((
                format!("`{{% {word} %}}` comes before the `{{% {inner} %}}` inside it is closed"),
                format!(
                    "close the inner one first: add `{{% end{inner} %}}` before this `{{% {word} %}}`"
                ),
            ));
        }
        if matches!(word, "else" | "elif") && matches!(inner, Some("if" | "for")) {
            return Some((
                format!("`{{% {word} %}}` is not allowed here"),
                "an `{% if %}` takes its `{% elif %}`s, then one `{% else %}`; a `{% for %}` one `{% else %}`: remove this one, or close the block before it".to_string(),
            ));
        }
        let opener = match word {
            "else" => "if %}` or `{% for",
            "elif" => "if",
            word => word.strip_prefix("end").unwrap_or(word),
        };
        return Some((
            format!("`{{% {word} %}}` has no `{{% {opener} %}}` open for it here"),
            format!("remove it, or add the `{{% {opener} ... %}}` it belongs to"),
        ));
    }
    let fix = match crate::suggest::nearest(word, TAGS.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the tags are {}", crate::suggest::one_of(TAGS)),
    };
    Some((format!("`{word}` is not a tag"), fix))
}

#[cfg(test)]
mod tests {
    /// The templates' `grouped` filter groups whole numbers and numbers with decimals, and
    /// lets anything else through rather than stop a build.
    #[test]
    fn a_css_string_cannot_close_its_string_or_element() {
        assert_eq!(super::css_string("Report 2026"), "\"Report 2026\"");
        assert_eq!(
            super::css_string("A \"b\" </style>, é"),
            "\"A \\22 b\\22  \\3c \\2f style\\3e \\2c  \\e9 \""
        );
    }

    #[test]
    fn the_grouped_filter_takes_any_value() {
        let mut tera = tera::Tera::new();
        tera.register_filter("grouped", super::grouped);
        tera.add_raw_template(
            "t",
            "{{ a | grouped }} {{ b | grouped }} {{ c | grouped }} {{ d | grouped }} {{ e | grouped }} {{ f | grouped }}",
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("a", &5373);
        context.insert("b", &1234.5);
        context.insert("c", &"1234");
        context.insert("d", &Option::<u32>::None);
        context.insert("e", &-1_000_000_i64);
        context.insert("f", &true);
        assert_eq!(
            tera.render("t", &context).unwrap(),
            "5,373 1,234.5 1234  -1,000,000 true"
        );
    }

    /// Tera's "Unknown tag" is told which tag, and what to do, wherever its place points
    /// in the tag (at `{%` or at the word).
    #[test]
    fn an_unknown_tag_is_named_with_its_fix() {
        // Each template, where Tera's place may be, and what is said.
        let cases: &[(&str, usize, &str, &str)] = &[
            (
                "<h1>x</h1>\n{% endfor %}\n",
                1,
                "`{% endfor %}` has no `{% for %}` open for it here",
                "remove it, or add the `{% for ... %}` it belongs to",
            ),
            (
                "<h1>x</h1>\n{%- endblock -%}\n",
                5,
                "`{% endblock %}` has no `{% block %}` open for it here",
                "add the `{% block ... %}`",
            ),
            (
                "<p>\n  {% for a in b %}{% endfro %}\n",
                19,
                "`endfro` is not a tag",
                "did you mean `endfor`?",
            ),
        ];
        for (text, column, message, help) in cases {
            let (said, fix) = super::unknown_tag(text, 2, *column).unwrap();
            assert_eq!(&said, message, "{text}");
            assert!(fix.contains(help), "{fix}");
        }
        // Crossed: the inner block is not closed; a second `else`.
        let (said, fix) =
            super::unknown_tag("{% for a in b %}{% if a %}x{% endfor %}{% endif %}", 1, 30)
                .unwrap();
        assert_eq!(
            said,
            "`{% endfor %}` comes before the `{% if %}` inside it is closed"
        );
        assert_eq!(
            fix,
            "close the inner one first: add `{% endif %}` before this `{% endfor %}`"
        );
        let (said, _) =
            super::unknown_tag("{% if a %}x{% else %}y{% else %}z{% endif %}", 1, 23).unwrap();
        assert_eq!(said, "`{% else %}` is not allowed here");
        let (said, fix) = super::unknown_tag("{% frobnicate %}", 1, 1).unwrap();
        assert_eq!(said, "`frobnicate` is not a tag");
        assert!(fix.starts_with("the tags are "), "{fix}");
        // A place with no word at it: Tera's own words stay.
        assert_eq!(super::unknown_tag("{% %}", 1, 1), None);
        assert_eq!(super::unknown_tag("x", 5, 1), None);
    }
}
