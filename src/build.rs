//! A whole build: the validated model in, the site's files out, written in one swap.

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::export;
use crate::facts::Facts;
use crate::indicators::{self, Indicators};
use crate::load::{ParseCache, Touched};
use crate::model::{BuildOptions, Model};
use crate::output::{Bytes, File, Paper, Staging};
use crate::site::cache::{RenderCache, WholeCache};
use crate::theme::{self, Theme};
use crate::timings::Timings;
use crate::yaml::Origin;
use crate::{check, config, site};
use std::path::Path;

/// The build's files, in path order.
fn files_cached(
    facts: &Facts,
    indicators: &Indicators,
    theme: &Theme,
    mut cache: Option<&mut RenderCache>,
    sink: Option<&Staging>,
) -> Result<Vec<File>, Diagnostic> {
    let (later, verify) = cache
        .as_deref()
        .map_or((false, false), |c| (c.whole_later(), c.verify()));
    let mut whole = cache.as_deref_mut().map(|c| std::mem::take(&mut c.whole));
    let pages = |cache: Option<&mut RenderCache>| {
        site::render_cached(
            facts,
            indicators,
            theme,
            !facts.model.options.no_pdf,
            cache,
            sink,
        )
    };
    let (files, made) = if cache.is_some() {
        // After a save most pages are reused, and rendering leaves a core idle: the
        // exports and the search index are made beside the pages.
        rayon::join(
            || pages(cache.as_deref_mut()),
            || whole_files(facts, indicators, whole.as_mut(), later, verify),
        )
    } else {
        // A build that renders every page keeps every core busy with the pages alone, and
        // made beside them the index and exports held their peaks at the same time: at
        // 100,000 initiatives without the pack, about 0.1 GB more.
        let files = pages(None);
        let made = match files {
            Ok(_) => whole_files(facts, indicators, None, later, verify),
            // The pages' problem is the one reported.
            Err(_) => Ok(Vec::new()),
        };
        (files, made)
    };
    if let (Some(cache), Some(whole)) = (cache, whole) {
        cache.whole = whole;
    }
    let mut files = files?;
    files.extend(made?);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The files made from every record at once: the search index and the data exports.
/// With a cache they are kept with the key of the model they were made from, and reused
/// while it is unchanged; when `later`, a changed model keeps them too, marked stale, for
/// a build of its own to make after the pages are out (as the board pack is).
fn whole_files(
    facts: &Facts,
    indicators: &Indicators,
    cache: Option<&mut WholeCache>,
    later: bool,
    verify: bool,
) -> Result<Vec<File>, Diagnostic> {
    let Some(cache) = cache else {
        return make_whole(facts, indicators, None, false);
    };
    let key = facts.model.key();
    if let Some((made, files)) = &cache.made {
        if *made == key {
            // Check mode: what is reused must be what would be made.
            if verify && make_whole(facts, indicators, None, false)? != *files {
                return Err(Diagnostic::general(
                    "the search index or an export kept from the last build differs from one made afresh (a bug in boardpack)",
                ));
            }
            cache.stale = false;
            return Ok(files.clone());
        }
        if later {
            cache.stale = true;
            return Ok(files.clone());
        }
    }
    let files = make_whole(facts, indicators, Some(&mut cache.search), verify)?;
    cache.made = Some((key, files.clone()));
    cache.stale = false;
    Ok(files)
}

/// The search index and the exports, made now; the index from `kept` postings if given.
fn make_whole(
    facts: &Facts,
    indicators: &Indicators,
    kept: Option<&mut Option<site::SearchKept>>,
    verify: bool,
) -> Result<Vec<File>, Diagnostic> {
    let (exports, index) = rayon::join(
        || export::exports(facts, indicators),
        || site::search_index(facts.model, kept, verify),
    );
    let mut files = vec![index?];
    let exports =
        exports.map_err(|message| Diagnostic::general(format!("data exports: {message}")))?;
    files.extend(
        exports
            .into_iter()
            .map(|(path, bytes)| (path, Bytes::from(bytes))),
    );
    Ok(files)
}

/// The papers under `content/files/` the build copies to `files/` in the site, as they are.
/// Only their size and time are read here; their bytes are streamed when the site is
/// written (or served).
fn papers(project: &Path, model: &Model) -> Result<Vec<Paper>, Diagnostic> {
    let folder = project.join("content").join(crate::load::FILES);
    model
        .files
        .iter()
        .map(|path| {
            let source = folder.join(path);
            let meta = std::fs::metadata(&source).map_err(|error| {
                Diagnostic::file_error(
                    format!("content/{}{path}", crate::urls::FILES),
                    format!("cannot read this paper: {error}"),
                )
            })?;
            Ok(Paper {
                path: format!("{}{path}", crate::urls::FILES),
                source,
                stamp: (meta.len(), meta.modified().ok(), changed(&meta)),
            })
        })
        .collect()
}

/// When a file's status last changed, in nanoseconds (see [`Paper::stamp`]).
fn changed(meta: &std::fs::Metadata) -> i128 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// The theme `boardpack.yaml` names, for the project in `project`.
pub fn theme_of(model: &Model, project: &Path) -> Result<Theme, Diagnostic> {
    let name = &model.config.theme;
    let origin = Origin {
        file: config::FILE,
        line_offset: 0,
    };
    theme::load(project, &name.value, origin.position(&name.location))
}

/// A site built in memory, ready to be written or served; or, from [`render_to`], partly
/// written already.
#[derive(Debug)]
pub struct Site {
    /// Every file the build made, in path order; from [`render_to`], those not yet written.
    pub files: Vec<File>,
    /// The papers copied from `content/files/`, in path order.
    pub papers: Vec<Paper>,
    /// `ok: 86 records, report date 2026-10-31`.
    pub summary: String,
    /// The warnings (no report when there are none).
    pub warnings: Report,
    /// The files of the records the build left out as drafts or confidential
    /// ([`crate::model::Model::left_out_files`]).
    pub left_out_files: std::collections::BTreeSet<String>,
    /// Whether [`render_to`] wrote pages beside the output as it made them.
    staged: Staged,
}

/// Where a site's pages are besides its `files`.
#[derive(Debug)]
enum Staged {
    /// Nowhere: `files` is the whole site.
    No,
    /// In this staging folder, written as they were rendered.
    Writing(Staging),
    /// The site was built for this folder and has been written (or its staging folder
    /// dropped): `files` alone is not the whole site, so it is not written again.
    Done(std::path::PathBuf),
}

impl Site {
    /// Writes the site as the whole of `out`, through a staging folder swapped in only
    /// when every file is written; a folder boardpack did not make is left alone.
    /// A site from [`render_to`] is written once, to the folder it was built for.
    pub fn write(&mut self, out: &Path) -> Result<crate::output::Leftover, Error> {
        let built_for = match std::mem::replace(&mut self.staged, Staged::No) {
            Staged::No => return crate::output::publish(out, &self.files, &self.papers),
            Staged::Writing(staging) if staging.out() == out => {
                self.staged = Staged::Done(out.to_path_buf());
                return staging.finish(&self.files, &self.papers);
            }
            // Dropped here, a staging folder is removed: the target is left as it was.
            Staged::Writing(staging) => staging.out().to_path_buf(),
            Staged::Done(folder) => folder,
        };
        let problem = Diagnostic::general(format!(
            "this site was built to be written once, to {}, and some of its pages are only there (a bug in the caller)",
            built_for.display()
        ));
        self.staged = Staged::Done(built_for);
        Err(Error::Environment(problem))
    }

    /// How many files the site has: those made, those already written and the papers.
    pub fn count(&self) -> usize {
        let written = match &self.staged {
            Staged::Writing(staging) => staging.count(),
            Staged::No | Staged::Done(_) => 0,
        };
        self.files.len() + written + self.papers.len()
    }
}

/// What [`Cache::behind`] says when only the board pack is behind.
pub const PACK: &str = "the board pack";

/// What `watch` and `serve` keep between builds of one project: parsed record files, and
/// rendered bodies and pages. A build with it makes the same files as one without; it only
/// skips the work whose inputs have not changed.
#[derive(Default)]
pub struct Cache {
    parsed: ParseCache,
    rendered: RenderCache,
    charts: crate::facts::Charts,
}

impl Cache {
    /// A cache in check mode: every page it would reuse is also rendered again, and any
    /// difference fails the build, naming the page (see `site::reader`); a load that
    /// trusted a watcher's changed paths is compared with a look at every file.
    pub fn verifying() -> Cache {
        Cache {
            parsed: ParseCache::verifying(),
            rendered: RenderCache::verifying(),
            charts: crate::facts::Charts::verifying(),
        }
    }

    /// The cache `watch` and `serve` keep: in check mode when `BOARDPACK_VERIFY_CACHE=1`,
    /// a switch for debugging a stale preview.
    pub fn for_preview() -> Cache {
        match std::env::var("BOARDPACK_VERIFY_CACHE").as_deref() {
            Ok("1") => Cache::verifying(),
            _ => Cache::default(),
        }
    }

    /// How many pages the last good build rendered rather than reused.
    pub fn pages_rendered(&self) -> usize {
        self.rendered.rendered()
    }

    /// Whether builds with this cache leave what is made from every record (the board
    /// pack, the search index, the exports) as the last build made it when what it reads
    /// changed, for [`Cache::behind`] to tell and a build of its own to bring up to date.
    /// The first build, with nothing to keep, always makes them.
    pub fn set_later(&mut self, later: bool) {
        self.rendered.set_later(later, later);
    }

    /// [`Cache::set_later`] for the board pack alone: the search index and the exports
    /// are made in the build, the pack left as it was.
    pub fn set_only_pack_later(&mut self) {
        self.rendered.set_later(true, false);
    }

    /// Whether the last build left the search index and the exports as they were although
    /// the records changed.
    pub fn whole_behind(&self) -> bool {
        self.rendered.whole.stale
    }

    /// Whether the last build left the board pack as it was although what it reads
    /// changed.
    pub fn pack_behind(&self) -> bool {
        self.rendered.pack_stale()
    }

    /// What the last build left as it was although the records changed (`the board
    /// pack`, `the search index and exports`, or both); `None` when nothing. Meaningful
    /// after a build that succeeded: a failed one wrote nothing.
    pub fn behind(&self) -> Option<&'static str> {
        match (self.rendered.whole.stale, self.rendered.pack_stale()) {
            (false, false) => None,
            (true, false) => Some("the search index and exports"),
            (false, true) => Some(PACK),
            (true, true) => Some("the search index, exports and board pack"),
        }
    }

    /// How many record files the last build read; the others it knew unchanged.
    pub fn files_read(&self) -> usize {
        self.parsed.files_read()
    }

    /// How many record files the last build looked at; it took the others as they were,
    /// since its watcher did not name them (see [`Cache::touched`]).
    pub fn files_looked_at(&self) -> usize {
        self.parsed.files_looked_at()
    }

    /// Tells the next build what changed on disk since the last one began, as a file
    /// watcher saw it: with [`Touched::Paths`] it looks at those record files alone and
    /// takes the others as the last build left them (see `load::ParseCache`). A build
    /// not told looks at every file.
    pub fn touched(&mut self, touched: Touched) {
        self.parsed.touched(touched);
    }
}

/// Loads, validates and renders the project in `project`, adding the time of each phase
/// to `timings` and reusing `cache` (see [`Cache`]); nothing is written.
pub(crate) fn render(
    project: &Path,
    options: BuildOptions,
    timings: &mut Timings,
    cache: Option<&mut Cache>,
) -> Result<Site, Error> {
    render_with(project, options, timings, cache, None)
}

/// [`render`] for a build written to `out` straight after ([`Site::write`]): each page is
/// written to a staging folder beside `out` as soon as it is rendered, rather than held
/// until the end. If the build fails, the staging folder goes and `out` is untouched.
pub(crate) fn render_to(
    project: &Path,
    options: BuildOptions,
    timings: &mut Timings,
    out: &Path,
) -> Result<Site, Error> {
    render_with(project, options, timings, None, Some(out))
}

fn render_with(
    project: &Path,
    options: BuildOptions,
    timings: &mut Timings,
    mut cache: Option<&mut Cache>,
    out: Option<&Path>,
) -> Result<Site, Error> {
    let parsed = cache.as_deref_mut().map(|c| &mut c.parsed);
    let outcome = check::open(project, options, timings, parsed);
    let model = match &outcome.model {
        Some(model) if outcome.error_count() == 0 => model,
        _ => return Err(Error::Project(outcome.report)),
    };
    let staging = out.and_then(Staging::begin);
    let (mut charts, rendered) = match cache {
        Some(cache) => (Some(&mut cache.charts), Some(&mut cache.rendered)),
        None => (None, None),
    };
    if let Some(charts) = charts.as_deref_mut() {
        charts.begin();
    }
    let charts = charts.map(|c| &*c);
    let files = theme_of(model, project).and_then(|theme| {
        let (facts, indicators) = timings.time("indicators", || {
            let facts = Facts::kept(model, charts);
            let indicators = indicators::compute(&facts);
            (facts, indicators)
        });
        if charts.is_some_and(crate::facts::Charts::differed) {
            return Err(Diagnostic::general(
                "a measure's chart kept from an earlier build differs from one made afresh (a bug in boardpack)",
            ));
        }
        // In path order (`files_cached`).
        let files = timings.time("render", || {
            files_cached(&facts, &indicators, &theme, rendered, staging.as_ref())
        })?;
        Ok((files, papers(project, model)?, theme.warnings))
    });
    let summary = outcome.summary();
    let left_out_files = model.left_out_files.clone();
    // Freeing every record's strings took a few milliseconds of each save at 10,000
    // initiatives, on the thread the author waits on; the model is not needed any more.
    crate::aside::drop_aside(outcome.model);
    let mut report = outcome.report;
    match files {
        Ok((files, papers, theme_warnings)) => {
            if !theme_warnings.is_empty() {
                report.problems.extend(theme_warnings);
                crate::diagnostic::sort(&mut report.problems);
            }
            Ok(Site {
                files,
                papers,
                summary,
                warnings: report,
                left_out_files,
                staged: staging.map_or(Staged::No, Staged::Writing),
            })
        }
        Err(problem) => {
            report.problems.push(problem);
            Err(Error::Project(report))
        }
    }
}
