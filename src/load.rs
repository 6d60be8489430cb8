//! Reading a project from disk: the only module of the loading stage that touches files.
//!
//! It finds record files, reads them defensively (size cap, binary and encoding checks), and
//! hands the text to the pure parsers in [`crate::records`] and [`crate::config`]. Every
//! problem carries the file's path relative to the project.

use crate::config::{self, Config};
use crate::diagnostic::{Diagnostic, Sources};
use crate::records::{self, AnyRecord, Format, Kind, RecordSet};
use crate::suggest;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// No real record comes near this; a larger file is a mistake or an attack, and reading it
/// would only slow every rebuild.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// `content/files/`: papers and images for the site (FORMAT.md v2), not records.
pub const FILES: &str = "files";

/// What loading produced: the config and records that parsed, the problems found, and the
/// text of every file read (so diagnostics can quote lines).
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// `boardpack.yaml` is there but did not parse: `config` holds the defaults, and what
    /// depends on its settings (the report date) is not judged.
    pub config_unreadable: bool,
    pub records: RecordSet,
    /// The papers under `content/files/`, by path inside it (`2026-09/ipr.pdf`); listed,
    /// not read.
    pub files: BTreeSet<String>,
    pub problems: Vec<Diagnostic>,
    pub sources: Sources,
}

/// Record files as last parsed, kept between builds by `watch` and `serve`: a file whose
/// text has not changed is not parsed again, and one whose metadata has not changed (see
/// [`Stamp`]) is not even read. Reading and parsing were most of the load time, and a save
/// changes one file of thousands.
///
/// When the watcher says which paths changed ([`ParseCache::touched`]), the next load looks
/// only at those: the folders are not walked again and the other files not even looked at
/// (walking and looking at 10,000 files was most of a save's load). It looks at everything
/// whenever that could miss a change (see [`Listing`]).
#[derive(Default)]
pub struct ParseCache {
    files: HashMap<String, ParsedFile>,
    read: usize,
    /// How many record files the last load looked at (their metadata, at least).
    looked: usize,
    /// Counts loads: each file kept is marked with the last load that saw it.
    generation: u64,
    /// The record files the last load found, if the next may trust it (see [`Listing`]).
    listing: Option<Listing>,
    /// What changed on disk since the last load, if the next one was told; each load
    /// takes it, so a load nobody told of the changes looks at everything.
    touched: Option<Touched>,
    /// Check mode (the build cache's): a load that trusted the watcher's paths is compared
    /// with a fresh look at every file, and a difference fails the build.
    verify: bool,
}

impl ParseCache {
    /// A cache in check mode (see [`ParseCache::verify`]).
    pub fn verifying() -> ParseCache {
        ParseCache {
            verify: true,
            ..ParseCache::default()
        }
    }

    /// How many record files the last load read; the others it knew unchanged.
    pub fn files_read(&self) -> usize {
        self.read
    }

    /// How many record files the last load looked at; the others it took as they were
    /// because the watcher did not name them.
    pub fn files_looked_at(&self) -> usize {
        self.looked
    }

    /// Tells the next load what changed on disk since the last one began, as a file
    /// watcher saw it; added to what it was told before, if no load has taken that yet
    /// (one that fails before it looks at the folders does not).
    pub fn touched(&mut self, touched: Touched) {
        self.touched = Some(match (self.touched.take(), touched) {
            (None, touched) => touched,
            (Some(Touched::Paths(mut before)), Touched::Paths(now)) => {
                before.extend(now);
                Touched::Paths(before)
            }
            _ => Touched::Unknown,
        });
    }
}

/// What changed on disk since the last load, as a file watcher reported it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Touched {
    /// Anything may have changed: every file is looked at.
    #[default]
    Unknown,
    /// Only these paths, relative to the project, were written, made, removed or renamed.
    Paths(BTreeSet<PathBuf>),
}

/// The record files of each kind's folder as a walk found them, with their paths in order.
/// A load told which paths changed brings it up to date instead of walking again. It is
/// not kept after a walk met a link (a change to its target outside `content/` makes no
/// event under it) or could not read a folder. Writes a watcher cannot see at all (through
/// a hard link from outside, by another computer on a network drive) wait for a load that
/// looks at everything (docs/format-notes.md).
#[derive(Default)]
struct Listing {
    kinds: Vec<(Kind, Vec<Listed>)>,
}

/// A file in a kind's folder that is a record file by its name, or meant as one.
#[derive(Clone)]
struct Listed {
    path: PathBuf,
    /// Shared with the report's texts, which hold every file's.
    rel: std::sync::Arc<str>,
    /// Its id and format, or why it is not read (a record in the other format, a name
    /// that is not an id).
    found: Result<(String, Format), Diagnostic>,
}

/// Reads `project`'s `boardpack.yaml` and `content/`, taking unchanged files from `cache`
/// and leaving this build's files in it. Problems in files are collected in
/// [`Loaded::problems`] so one run reports all of them; only a project with no `content`
/// folder fails as a whole, since nothing else is worth checking then.
/// Every file is looked at, and read again unless its metadata shows it unchanged (see
/// [`Stamp`]), so what is loaded is what a load without a cache would load; unless the
/// cache was told which paths changed ([`ParseCache::touched`]), when only those are.
pub fn load_cached(project: &Path, cache: Option<&mut ParseCache>) -> Result<Loaded, Diagnostic> {
    load_at(project, cache, std::time::SystemTime::now())
}

/// [`load_cached`] for `check`, which makes no site: without the bodies' words for search
/// ([`crate::records::Body::words`] left empty), a seventh of `check`'s CPU at 100,000
/// initiatives. Nothing is kept for a later build.
pub fn load_for_check(project: &Path) -> Result<Loaded, Diagnostic> {
    load_with(project, None, std::time::SystemTime::now(), Words::Skipped)
}

/// Whether the bodies' words for search are worked out as they are parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Words {
    Made,
    Skipped,
}

/// [`load_cached`] at the time `now` (tests move it on to see files' stamps trusted).
fn load_at(
    project: &Path,
    cache: Option<&mut ParseCache>,
    now: std::time::SystemTime,
) -> Result<Loaded, Diagnostic> {
    load_with(project, cache, now, Words::Made)
}

fn load_with(
    project: &Path,
    cache: Option<&mut ParseCache>,
    now: std::time::SystemTime,
    words: Words,
) -> Result<Loaded, Diagnostic> {
    let mut loaded = Loaded::default();
    let config_path = project.join(config::FILE);
    // A link to a settings file that has moved is the settings file, unreadable: built
    // with the defaults instead, the report would show another title and report date.
    if config_path.exists() || config_path.is_symlink() {
        match read_text(&config_path, config::FILE, &mut loaded) {
            Some(text) => {
                match config::parse(&text) {
                    Ok(config) => {
                        loaded.problems.extend(config::warnings(&config, &text));
                        loaded.config = config;
                    }
                    Err(problems) => {
                        loaded.problems.extend(problems);
                        loaded.config_unreadable = true;
                    }
                }
                loaded.sources.insert(config::FILE, text);
            }
            None => loaded.config_unreadable = true,
        }
    } else if let Some(near) = misnamed_settings(project) {
        // Built with the defaults, the report would show another title and report date,
        // and so other figures, with nothing to say why.
        loaded.problems.push(
            Diagnostic::file_error(
                near.clone(),
                format!(
                    "boardpack reads its settings from `{}`, and there is none: this file is not read",
                    config::FILE
                ),
            )
            .with_help(format!("rename `{near}` to `{}`", config::FILE)),
        );
        loaded.config_unreadable = true;
    }

    let content = project.join("content");
    if !content.is_dir() {
        return Err(Diagnostic::general(format!("there is no `content` folder in {}", project.display()))
            .with_help("records go in content/people, content/meetings, content/actions, content/initiatives, content/measures, content/surveys and content/pages, and papers in content/files; run boardpack in the project folder, or give its path after the command, as in `boardpack build PATH`"));
    }
    check_content_root(&content, &mut loaded);
    let links = Links::new(&content);
    let mut carry = cache.map(|cache| {
        cache.generation += 1;
        cache.read = 0;
        cache.looked = 0;
        Carry { cache, now }
    });
    // The files to look at: those the watcher named, when the last listing can be brought
    // up to date from them; otherwise every file, found by a walk.
    let kept = carry.as_mut().map(|c| {
        (
            c.cache.touched.take().unwrap_or_default(),
            c.cache.listing.take(),
        )
    });
    let relisted = match kept {
        Some((Touched::Paths(paths), Some(mut listing))) => {
            relist(project, &mut listing, &paths).map(|look| (listing, look))
        }
        _ => None,
    };
    let (listing, trusted, look) = match relisted {
        Some((listing, look)) => (listing, true, Some(look)),
        None => {
            let (listing, trusted) = walk(project, &content, &links, &mut loaded);
            (listing, trusted, None)
        }
    };
    for (kind, listed) in &listing.kinds {
        load_kind(
            *kind,
            listed,
            look.as_ref(),
            &mut loaded,
            carry.as_mut(),
            words,
        );
    }
    list_files(
        project,
        &content.join(FILES),
        &links,
        &mut loaded,
        carry.is_none(),
    );
    if let Some(carry) = carry {
        // Files that are gone: not seen by this load.
        let generation = carry.cache.generation;
        carry
            .cache
            .files
            .retain(|_, file| file.generation == generation);
        if carry.cache.verify && look.is_some() {
            compare_with_fresh(project, &loaded)?;
        }
        carry.cache.listing = trusted.then_some(listing);
    }
    Ok(loaded)
}

/// A file beside where the settings belong that was surely meant to be them
/// (`boardpack.yml`, `Boardpack.yaml`): on a file system that tells cases apart, it would
/// otherwise be passed over without a word.
fn misnamed_settings(project: &Path) -> Option<String> {
    let mut near: Vec<String> = std::fs::read_dir(project)
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| {
            let lower = name.to_lowercase();
            (lower == config::FILE || lower == "boardpack.yml") && name != config::FILE
        })
        .collect();
    near.sort();
    near.into_iter().next()
}

/// Lists the papers under `folder` (hidden and temporary files aside) into `loaded.files`.
/// `check` and a one-shot build also open each paper, so one that cannot be read is
/// reported at it; `watch` and `serve` do not on every save (a round trip per paper on a
/// network drive), and a paper made unreadable meanwhile fails the save's build instead.
fn list_files(project: &Path, folder: &Path, links: &Links, loaded: &mut Loaded, open_each: bool) {
    if !folder.is_dir() {
        return;
    }
    // Unsorted (see `load_kind`): the set keeps the papers in order.
    let mut walker = WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    while let Some(entry) = walker.next() {
        match entry {
            Ok(entry) if let Some(problem) = links.refused(project, &entry) => {
                loaded.problems.push(problem);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
            }
            Ok(entry) if is_site(&entry) => {
                loaded.problems.push(site_in_content(project, &entry));
                walker.skip_current_dir();
            }
            Ok(entry) if entry.file_type().is_file() => {
                let Ok(inside) = entry.path().strip_prefix(folder) else {
                    continue;
                };
                // A paper the build could not copy is found now, at the paper, rather
                // than by the build's write, which named its staging folder.
                let shown = relative(project, entry.path());
                if inside.to_str().is_none() {
                    loaded.problems.push(
                        Diagnostic::file_error(
                            shown,
                            "this paper's name (or its folder's) is not UTF-8 text, so the site cannot link to it",
                        )
                        .with_help("rename it with letters, digits and dashes"),
                    );
                    continue;
                }
                if open_each && let Err(error) = std::fs::File::open(entry.path()) {
                    // Still listed: it is there, and the meetings naming it are right.
                    loaded.problems.push(Diagnostic::file_error(
                        shown,
                        format!("cannot read this paper: {}", io_reason(&error)),
                    ));
                }
                loaded.files.insert(relative(Path::new(""), inside));
            }
            Ok(_) => {}
            Err(error) if is_ignored_error(&error) => {}
            Err(error) => loaded.problems.push(walk_problem(project, &error)),
        }
    }
}

/// One build's side of the [`ParseCache`]: its files, brought up to date where they stand
/// (an unchanged file's entry is only marked as seen by this load's `generation`; those
/// not seen are gone, and dropped at the end).
struct Carry<'c> {
    cache: &'c mut ParseCache,
    /// When this load started, against which files' stamps are trusted or not.
    now: std::time::SystemTime,
}

/// Files and folders directly in `content/` that are not record folders are not read; say so,
/// since a misnamed folder would otherwise silently drop its records.
fn check_content_root(content: &Path, loaded: &mut Loaded) {
    let Ok(entries) = std::fs::read_dir(content) else {
        loaded.problems.push(Diagnostic::file_error(
            "content",
            "the `content` folder cannot be read",
        ));
        return;
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.path().is_dir(),
            )
        })
        .filter(|(name, _)| !is_ignored_name(name))
        .collect();
    names.sort();
    let folders: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();
    let mut known = folders.clone();
    known.push(FILES);
    for (name, is_dir) in names {
        if is_dir && known.contains(&name.as_str()) {
            continue;
        }
        // On a file system that ignores case (macOS, Windows), `Meetings` is the
        // `meetings` folder, and its records are read.
        let lower = name.to_lowercase();
        if is_dir
            && known.contains(&lower.as_str())
            && same_folder(&content.join(&name), &content.join(&lower))
        {
            continue;
        }
        let file = format!("content/{name}");
        let what = if is_dir { "folder" } else { "file" };
        // `Meetings` is `meetings` in the wrong case; otherwise the nearest by spelling.
        let near = known
            .iter()
            .find(|f| f.eq_ignore_ascii_case(&name))
            .copied()
            // `person` or `Meeting`: a kind's name for one record, not its folder's.
            .or_else(|| Kind::of_noun(&name).map(Kind::folder))
            .or_else(|| suggest::nearest(&lower, known.iter().copied()));
        // A folder of papers (`content/papers/`) was offered the name `pages`; papers
        // have one place, and their links name it.
        // A misspelt `files` (`Files`, `file`) is renamed, not moved into itself.
        let papers = is_dir
            && near != Some(FILES)
            && !holds_record_files(&content.join(&name))
            && holds_papers(&content.join(&name));
        let help = match near {
            _ if papers => format!(
                "papers go under `content/files/`: move this folder there, as `content/files/{name}/`, and name its papers `files/{name}/…`"
            ),
            Some(near) if is_dir => format!("rename it to `content/{near}/`"),
            _ => format!(
                "records go in one of the folders {}, and papers in `files`",
                suggest::one_of(&folders)
            ),
        };
        // A misnamed folder of records would drop them all from the report unseen.
        let problem = if is_dir && holds_record_files(&content.join(&name)) {
            // Its records may be those other records name: references to their kind are
            // not judged, or a renamed `people` folder gave an error for every name of a
            // person before this one (177 in the example report).
            let meant: Vec<Kind> = match Kind::ALL.iter().find(|k| Some(k.folder()) == near) {
                Some(&kind) => vec![kind],
                None => Kind::ALL
                    .iter()
                    .copied()
                    .filter(|k| !content.join(k.folder()).is_dir())
                    .collect(),
            };
            for kind in meant {
                loaded.records.unparsed.insert((kind, String::new()));
            }
            Diagnostic::file_error(
                file,
                format!(
                    "this folder holds records, but `{name}` is not a record folder, so none of them is read"
                ),
            )
        } else {
            Diagnostic::warning(
                file,
                1,
                1,
                format!("this {what} is not read: it is not a record folder"),
            )
        };
        loaded.problems.push(problem.with_help(help));
    }
}

/// Walks every kind's folder for record files. Also says whether the listing may be
/// trusted by a later load told only which paths changed (see [`Listing`]).
fn walk(project: &Path, content: &Path, links: &Links, loaded: &mut Loaded) -> (Listing, bool) {
    let mut listing = Listing::default();
    let mut trusted = true;
    for &kind in Kind::ALL {
        let folder = content.join(kind.folder());
        if folder.is_dir() {
            let (listed, clean) = walk_kind(project, &folder, kind, links, loaded);
            trusted &= clean;
            listing.kinds.push((kind, listed));
        }
    }
    (listing, trusted)
}

/// The record files in one kind's folder, in order of their paths; false when the walk met
/// a link or could not read something.
fn walk_kind(
    project: &Path,
    folder: &Path,
    kind: Kind,
    links: &Links,
    loaded: &mut Loaded,
) -> (Vec<Listed>, bool) {
    let mut listed = Vec::new();
    let mut clean = !folder.is_symlink();
    // Unsorted: walkdir sorts a folder's entries by comparing their paths' last parts,
    // which parses each path again on every comparison (a tenth of a save's time at
    // 10,000 records). They are sorted below by their paths' text instead.
    let mut walker = WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    while let Some(entry) = walker.next() {
        match entry {
            Ok(entry) => {
                clean &= !entry.path_is_symlink();
                if let Some(problem) = links.refused(project, &entry) {
                    loaded.problems.push(problem);
                    loaded.records.unparsed.insert((kind, String::new()));
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
                if is_site(&entry) {
                    loaded.problems.push(site_in_content(project, &entry));
                    walker.skip_current_dir();
                    continue;
                }
                // A pipe or a device named as a record is listed, so that reading it is
                // refused with its name: passed over, it left only "there is no person" at
                // each reference to it.
                if !entry.file_type().is_dir() {
                    let found = record_file(project, entry.path(), kind);
                    if let Some(file) = Listed::of(project, entry.into_path(), found) {
                        listed.push(file);
                    }
                }
            }
            Err(error) if is_ignored_error(&error) => {}
            Err(error) => {
                clean = false;
                loaded.problems.push(walk_problem(project, &error));
                // Records of this kind may be missing: references to its ids are not
                // judged, so the folder's error is the only one, not the last of many.
                loaded.records.unparsed.insert((kind, String::new()));
            }
        }
    }
    // Nothing that follows depends on the order (records are then ordered by id and
    // path, problems by file and place), but a build should not depend on the order a
    // file system lists a folder in.
    listed.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    (listed, clean)
}

impl Listed {
    /// What [`record_file`] found at `path`, if it is to be listed at all.
    fn of(
        project: &Path,
        path: PathBuf,
        found: Result<Option<(String, String, Format)>, Diagnostic>,
    ) -> Option<Listed> {
        match found {
            Ok(Some((rel, id, format))) => Some(Listed {
                path,
                rel: rel.into(),
                found: Ok((id, format)),
            }),
            Ok(None) => None,
            Err(problem) => Some(Listed {
                rel: relative(project, &path).into(),
                path,
                found: Err(problem),
            }),
        }
    }
}

/// Brings the last load's `listing` up to date with the `paths` a watcher saw change, and
/// returns the record files among them to look at again. None when that cannot be done
/// safely, and every folder must be walked again: a folder made, removed or renamed, a
/// link, a path that is not plainly inside the project, or a change to `content/` itself.
fn relist(
    project: &Path,
    listing: &mut Listing,
    paths: &BTreeSet<PathBuf>,
) -> Option<FxHashSet<String>> {
    // Where names ignore case (macOS, Windows), `Jo.yaml` renamed `jo.yaml` is both
    // there under either name: which one the folder holds cannot be told by looking.
    let mut folded = FxHashSet::default();
    if !paths
        .iter()
        .all(|path| folded.insert(path.to_string_lossy().to_lowercase()))
    {
        return None;
    }
    let mut look = FxHashSet::default();
    for path in paths {
        let parts: Vec<&std::ffi::OsStr> = path
            .components()
            .map(|part| match part {
                std::path::Component::Normal(name) => Some(name),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let [first, rest @ ..] = parts.as_slice() else {
            return None;
        };
        if *first != "content" {
            // `boardpack.yaml` is read on every load, and the theme is not a record.
            continue;
        }
        let [folder, inside @ ..] = rest else {
            return None;
        };
        if *folder == FILES {
            // Papers are listed on every load.
            continue;
        }
        if is_ignored_name(&folder.to_string_lossy()) {
            // `content/.git`: never read.
            continue;
        }
        if inside.is_empty() {
            // A kind's folder, or anything else directly in `content/` (checked on
            // every load): made, removed or renamed.
            return None;
        }
        // A folder spelled otherwise than its kind (`Meetings`, where case is ignored)
        // cannot be matched to the listing.
        let kind = Kind::of_folder(folder.to_str()?)?;
        if inside
            .iter()
            .any(|name| is_ignored_name(&name.to_string_lossy()))
        {
            // Skipped by the walk, with everything in it.
            continue;
        }
        let full = project.join(path);
        let rel = relative(project, &full);
        let at = listing.kinds.iter().position(|(k, _)| *k == kind)?;
        let listed = &mut listing.kinds[at].1;
        let place = listed.binary_search_by(|file| (*file.rel).cmp(&rel));
        // Whether the path was a folder the listing has files in. They are together in
        // its order, though not straight after the path's own place: `2025-12.yaml`
        // comes between `2025` and `2025/x.yaml`, since `-` and `.` sort before `/`.
        let inside = format!("{rel}/");
        let first_inside = listed.partition_point(|file| *file.rel < *inside);
        if listed
            .get(first_inside)
            .is_some_and(|file| file.rel.starts_with(&inside))
        {
            // A folder moved away (or replaced by a file) takes its files without an
            // event for each.
            return None;
        }
        match std::fs::symlink_metadata(&full) {
            Ok(meta) if meta.is_file() => {
                // Where case is ignored, a name the listing holds in another case is the
                // same file under the name the watcher gave.
                if place.is_err() {
                    let folded = rel.to_lowercase();
                    if listed.iter().any(|file| file.rel.to_lowercase() == folded) {
                        return None;
                    }
                }
                let found = Listed::of(project, full.clone(), record_file(project, &full, kind));
                match (found, place) {
                    (Some(file), Ok(i)) => listed[i] = file,
                    (Some(file), Err(i)) => listed.insert(i, file),
                    (None, Ok(i)) => {
                        listed.remove(i);
                    }
                    (None, Err(_)) => {}
                }
                look.insert(rel);
            }
            // A folder (its files may have come before the watcher watched it) or a link.
            Ok(_) => return None,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                if let Ok(i) = place {
                    listed.remove(i);
                }
            }
            Err(_) => return None,
        }
    }
    Some(look)
}

/// Reads and parses the `listed` files of one kind into `loaded`. With `look`, only the
/// files it names (and any the cache does not hold) are looked at; the others are taken
/// from the cache as they were.
fn load_kind(
    kind: Kind,
    listed: &[Listed],
    look: Option<&FxHashSet<String>>,
    loaded: &mut Loaded,
    carry: Option<&mut Carry<'_>>,
    words: Words,
) {
    // Reading and parsing are independent per file, so they run on every core; the results
    // are taken in the order above, so the records and problems do not depend on the threads.
    // Each result says whether it is last build's, unchanged.
    let previous = carry.as_deref().map(|c| &c.cache.files);
    // Without a cache no stamp is compared, so the time does not matter.
    let now = carry
        .as_deref()
        .map_or_else(std::time::SystemTime::now, |c| c.now);
    let read = std::sync::atomic::AtomicUsize::new(0);
    let looked = std::sync::atomic::AtomicUsize::new(0);
    let files: Vec<(&Listed, &str, Format)> = listed
        .iter()
        .filter_map(|file| match &file.found {
            Ok((id, format)) => Some((file, id.as_str(), *format)),
            Err(problem) => {
                // A file whose name is not an id (`Sarah Whitfield.yaml`): the references to
                // the id it is meant to have are not judged, so its own error is the one
                // reported, not the last of one at every meeting the person attended.
                if problem.is_error()
                    && let Some(stem) = file.path.file_stem()
                {
                    let meant = records::suggest_id(&stem.to_string_lossy());
                    if !meant.is_empty() {
                        loaded.records.unparsed.insert((kind, meant));
                    }
                }
                loaded.problems.push(problem.clone());
                None
            }
        })
        .collect();
    // Reading waits on the disk, parsing on the cores, so the two run on different pools:
    // the files' metadata and bytes on the wide pool of `on_reading_pool`, the rest on the
    // shared one. Every buffer is allocated and freed on the shared pool's side: memory freed
    // on a thread other than the one that allocated it was not used again while the build
    // lasted (the allocator keeps it for the thread that allocated it), which took a build
    // at 10,000 records 15 MB more.
    let mut looks: Vec<Looked<'_>> = Vec::with_capacity(files.len());
    on_reading_pool(|| {
        files
            .par_iter()
            .map(|&(file, _, _)| {
                let rel = &*file.rel;
                let last = previous.and_then(|p| p.get(rel));
                if let Some(last) = last
                    && look.is_some_and(|look| !look.contains(rel))
                {
                    return Looked::Kept(last);
                }
                looked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let meta = match stat_checked(&file.path) {
                    Ok(meta) => meta,
                    Err(problem) => return Looked::Failed(problem),
                };
                let stamp = Stamp::trusted(&meta, now);
                match last {
                    // A file whose stamp is unchanged is not even read: at thousands of
                    // records, reading them all was most of a rebuild's loading.
                    Some(last) if stamp.is_some() && last.stamp == stamp => {
                        Looked::Unchanged(last, stamp)
                    }
                    _ => {
                        read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        Looked::Read {
                            bytes: Vec::new(),
                            len: meta.len(),
                            stamp,
                        }
                    }
                }
            })
            .collect_into_vec(&mut looks)
    });
    // On the shared pool, whose threads parse (and free) them.
    looks.par_iter_mut().for_each(|looked| {
        if let Looked::Read { bytes, len, .. } = looked {
            // One byte more than the file, so that its end is found without a second buffer.
            bytes.reserve_exact(usize::try_from(*len).unwrap_or(0).saturating_add(1));
        }
    });
    on_reading_pool(|| {
        looks
            .par_iter_mut()
            .zip(&files)
            .for_each(|(looked, (file, _, _))| {
                if let Looked::Read { bytes, .. } = looked
                    && let Err(problem) = read_into(&file.path, bytes, MAX_FILE_BYTES)
                {
                    *looked = Looked::Failed(problem);
                }
            })
    });
    let parsed: Vec<(ParsedFile, bool)> = files
        .par_iter()
        .zip(looks)
        .map(|(&(file, id, format), looked)| {
            let rel = &*file.rel;
            let unparsed = |(line, column, message, help): ReadProblem| {
                let problem =
                    Diagnostic::error(rel, line, column, message).with_optional_help(help);
                let file = ParsedFile {
                    text: None,
                    stamp: None,
                    record: None,
                    problems: vec![problem],
                    generation: 0,
                };
                (file, false)
            };
            let kept = |last: &ParsedFile, stamp| {
                let mut same = last.clone();
                same.stamp = stamp;
                (same, true)
            };
            let (text, stamp) = match looked {
                Looked::Kept(last) => return (last.clone(), true),
                Looked::Unchanged(last, stamp) => return kept(last, stamp),
                Looked::Failed(problem) => return unparsed(problem),
                Looked::Read { bytes, stamp, .. } => match decode(&bytes) {
                    Ok(text) => (std::sync::Arc::<str>::from(&*text), stamp),
                    Err(problem) => return unparsed(problem),
                },
            };
            // A file saved again unchanged.
            if let Some(last) = previous
                .and_then(|p| p.get(rel))
                .filter(|last| last.text.as_deref() == Some(&*text))
            {
                return kept(last, stamp);
            }
            let (record, problems) =
                AnyRecord::parse_with(kind, id, rel, format, &text, words == Words::Made);
            let file = ParsedFile {
                text: Some(text),
                stamp,
                record,
                problems,
                generation: 0,
            };
            (file, false)
        })
        .collect();
    if let Some(carry) = carry {
        carry.cache.read += read.into_inner();
        carry.cache.looked += looked.into_inner();
        let generation = carry.cache.generation;
        for ((file, _, _), (parsed, unchanged)) in files.iter().zip(&parsed) {
            if *unchanged {
                if let Some(kept) = carry.cache.files.get_mut(&*file.rel) {
                    kept.stamp = parsed.stamp;
                    kept.generation = generation;
                }
            } else if parsed.text.is_some() {
                let mut kept = parsed.clone();
                kept.generation = generation;
                carry.cache.files.insert(file.rel.to_string(), kept);
            }
        }
    }
    for ((file, id, _), (parsed, _)) in files.into_iter().zip(parsed) {
        loaded.problems.extend(parsed.problems);
        match parsed.record {
            Some(record) => loaded.records.push(record),
            None => {
                loaded.records.unparsed.insert((kind, id.to_string()));
            }
        }
        if let Some(text) = parsed.text {
            loaded.sources.add(file.rel.clone(), text);
        }
    }
}

/// Check mode: a load that trusted the watcher's paths must equal a fresh look at every
/// file, or the preview would show records as they no longer are.
fn compare_with_fresh(project: &Path, loaded: &Loaded) -> Result<(), Diagnostic> {
    let fresh = load_at(project, None, std::time::SystemTime::now())?;
    let problems = |loaded: &Loaded| {
        let mut all: Vec<String> = loaded.problems.iter().map(|p| format!("{p:?}")).collect();
        all.sort();
        all
    };
    if format!("{:?}", loaded.records) != format!("{:?}", fresh.records)
        || problems(loaded) != problems(&fresh)
    {
        return Err(Diagnostic::general(
            "check mode: the records loaded from the watcher's changes differ from the files on disk",
        ));
    }
    Ok(())
}

/// What the file at `path` in a `kind` folder is: a record file (its path from the
/// project, its id and format), a file the loader skips without a word (`None`: an
/// extension no record has), or a problem (a record in the other format, a name that is
/// not an id).
fn record_file(
    project: &Path,
    path: &Path,
    kind: Kind,
) -> Result<Option<(String, String, Format)>, Diagnostic> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The extension this kind's records end in, and a warning for a file passed over.
    let expected = if kind.accepts(Format::Yaml) {
        "yaml"
    } else {
        "md"
    };
    let not_read = |message: String, help: String| {
        Err(Diagnostic::warning(relative(project, path), 1, 1, message).with_help(help))
    };
    let format = match Format::from_extension(&extension) {
        Some(format) if kind.accepts(format) => format,
        Some(_) => {
            return not_read(
                format!(
                    "this file is not read: {} records are .{expected} files",
                    kind.noun()
                ),
                format!("rename it to end in .{expected}"),
            );
        }
        // Notepad saves as `.txt` unless told otherwise, and a file manager hiding
        // extensions shows `epr-contract.yaml.txt` as `epr-contract.yaml`: the record
        // went missing from every count without a word.
        // A `notes.txt` beside the records is the secretary's own, and passed over.
        None if let Some((base, _)) = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .and_then(|stem| stem.rsplit_once('.'))
            .filter(|(_, inner)| Format::from_extension(inner).is_some())
            && matches!(
                extension.to_ascii_lowercase().as_str(),
                "txt" | "text" | "rtf"
            ) =>
        {
            return not_read(
                format!(
                    "this file is not read: it looks like a record saved as `.{extension}`, and {} records are .{expected} files",
                    kind.noun()
                ),
                format!(
                    "rename it to `{base}.{expected}` (your editor may have added `.{extension}`)"
                ),
            );
        }
        None => return Ok(None),
    };
    let rel = relative(project, path);
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !records::is_valid_id(&id) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let suggestion = records::suggest_id(&id);
        let problem = Diagnostic::file_error(
            &rel,
            format!("`{name}`: a record's file name is its id, and `{id}` is not a valid id"),
        );
        // A file of the suggested name already beside it (`Foreword.md` by `foreword.md`):
        // renamed as told, it would replace that record. Listed rather than looked up, so
        // a file system that ignores case does not find this file under the new name.
        let taken = |name: &str| {
            path.parent()
                .and_then(|folder| std::fs::read_dir(folder).ok())
                .is_some_and(|mut entries| {
                    entries.any(|e| e.is_ok_and(|e| e.file_name() == std::ffi::OsStr::new(name)))
                })
        };
        let beside = (!suggestion.is_empty())
            .then(|| {
                ["yaml", "yml", "md"]
                    .into_iter()
                    .map(|ext| format!("{suggestion}.{ext}"))
                    .find(|name| taken(name))
            })
            .flatten();
        let rename = if suggestion.is_empty() {
            "use lowercase letters, digits and hyphens".to_string()
        } else if let Some(beside) = beside {
            format!(
                "`{beside}` is already beside it: if this is the same record, delete one of the two; if not, give this one another name of lowercase letters, digits and hyphens"
            )
        } else {
            format!(
                "use lowercase letters, digits and hyphens: rename it to `{suggestion}.{extension}`"
            )
        };
        // A copy made by a file manager (`jo-bell (1).yaml`, `jo-bell - Copy.yaml`) renamed
        // as told became a second record of the same person, and passed.
        let original = copied_from(&id).and_then(|original| {
            ["yaml", "yml", "md"].into_iter().find_map(|ext| {
                let name = format!("{original}.{ext}");
                path.with_file_name(&name).is_file().then_some(name)
            })
        });
        return Err(problem.with_help(match original {
            Some(original) => format!(
                "this looks like a copy of `{original}`, beside it: delete it if it is; if it is another record, {rename}"
            ),
            None => rename,
        }));
    }
    if id.len() > records::MAX_ID {
        return Err(Diagnostic::file_error(
            &rel,
            format!(
                "a record's file name is its id, and this one is {} characters long; an id may be at most {}",
                id.len(),
                records::MAX_ID
            ),
        )
        .with_help("shorten the file name: its page's file is named after it, and most file systems refuse names much longer"));
    }
    Ok(Some((rel, id, format)))
}

/// One record file read and parsed, off the main thread.
#[derive(Clone)]
struct ParsedFile {
    text: Option<std::sync::Arc<str>>,
    /// The file's metadata when it was read, if it can be trusted to show a later write.
    stamp: Option<Stamp>,
    record: Option<AnyRecord>,
    problems: Vec<Diagnostic>,
    /// The last load that saw the file (kept in the [`ParseCache`]).
    generation: u64,
}

/// Whether a walk's error is at a name the loader passes over: Emacs keeps `.#name` as a
/// link to nowhere while a file has unsaved changes, and a walk that follows links meets
/// it as an error before it can be passed over by its name. It failed every build.
pub fn is_ignored_error(error: &walkdir::Error) -> bool {
    error.depth() > 0
        && error
            .path()
            .and_then(Path::file_name)
            .is_some_and(|name| is_ignored_name(&name.to_string_lossy()))
}

/// Hidden files, editor swap and backup files: never records, never reported.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// False for a file name the loader skips without a word because of its extension (such as
/// `notes.txt`); true for record files and for names without an extension, which may be
/// folders.
pub fn may_hold_records(name: &str) -> bool {
    match Path::new(name).extension() {
        None => true,
        Some(extension) => Format::from_extension(&extension.to_string_lossy()).is_some(),
    }
}

/// Whether two paths name the same folder (as two spellings do where case is ignored).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether a record file is anywhere under `folder`.
fn holds_record_files(folder: &Path) -> bool {
    record_files_under(folder).next().is_some()
}

/// Whether `folder` holds a paper, at its top or in a folder or two below (papers are
/// kept by month, `papers/2026-09/ipr.pdf`): a PDF, an office document, a picture.
fn holds_papers(folder: &Path) -> bool {
    const PAPERS: [&str; 13] = [
        "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "png",
        "jpg",
    ];
    WalkDir::new(folder)
        .max_depth(3)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .any(|entry| {
            entry.file_type().is_file()
                && entry.path().extension().is_some_and(|e| {
                    PAPERS
                        .iter()
                        .any(|paper| e.to_string_lossy().eq_ignore_ascii_case(paper))
                })
        })
}

/// The links to folders under `folder` (of `content`, or `themes`) that a load follows, the
/// links within them too: what `watch` asks the system to watch besides `folder`, since
/// its watcher does not follow links itself (one to `/proc/self` had it watch every
/// folder of the system until it was refused permission).
pub fn linked_folders(content: &Path, folder: &Path) -> Vec<PathBuf> {
    let links = Links::new(content);
    WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        // The folder itself is the caller's: `content/` may be a link.
        .filter_entry(|entry| {
            entry.depth() == 0
                || (!is_ignored_name(&entry.file_name().to_string_lossy()) && links.follows(entry))
        })
        .filter_map(Result::ok)
        .filter(|entry| entry.depth() > 0 && entry.path_is_symlink() && entry.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// The record files (by their extension, hidden and temporary files aside) anywhere under
/// `folder`, links followed; what cannot be read is passed over.
pub fn record_files_under(folder: &Path) -> impl Iterator<Item = walkdir::DirEntry> {
    // Its callers look in a folder of `content/`.
    let links = Links::new(folder.parent().unwrap_or(folder));
    WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_entry(move |entry| {
            (entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy()))
                && links.follows(entry)
        })
        .filter_map(Result::ok)
        .filter(|entry| {
            entry.file_type().is_file()
                && entry
                    .path()
                    .extension()
                    .is_some_and(|e| Format::from_extension(&e.to_string_lossy()).is_some())
        })
}

/// Reads a text file defensively. On a problem, records it and returns None. The caller
/// parses the text, then moves it into [`Loaded::sources`] so it is held once.
fn read_text(path: &Path, rel: &str, loaded: &mut Loaded) -> Option<String> {
    match read_checked(path) {
        Ok(text) => Some(text),
        Err((line, column, message, help)) => {
            loaded
                .problems
                .push(Diagnostic::error(rel, line, column, message).with_optional_help(help));
            None
        }
    }
}

type ReadProblem = (usize, usize, String, Option<String>);

/// A file as a load finds it before parsing.
enum Looked<'a> {
    /// Not looked at: the cache's, as it was.
    Kept(&'a ParsedFile),
    /// Its stamp is the cached file's: not read.
    Unchanged(&'a ParsedFile, Option<Stamp>),
    /// To be read (`len` bytes, as its metadata said), then read.
    Read {
        bytes: Vec<u8>,
        len: u64,
        stamp: Option<Stamp>,
    },
    Failed(ReadProblem),
}

fn read_checked(path: &Path) -> Result<String, ReadProblem> {
    stat_checked(path)?;
    read_known(path)
}

/// What a file's metadata says of its content, for telling whether it was written since it
/// was last read: its size, its modification and (on Unix) change times and inode. The
/// change time cannot be set back by a program, and a file replaced by a save gets a new
/// inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: std::time::SystemTime,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    /// How close to a file's last write a read must not be for its stamp to be trusted:
    /// some file systems keep times to the second or two, so a file written twice within
    /// that spell could show the same times (the "racy" case git's index guards against).
    const RACY: std::time::Duration = std::time::Duration::from_secs(3);

    /// The stamp of a file read at `now`, or None when it cannot be trusted: the file
    /// was written too recently, or its times are unknown or in the future. Such a file
    /// is read again next time.
    fn trusted(meta: &std::fs::Metadata, now: std::time::SystemTime) -> Option<Stamp> {
        let modified = meta.modified().ok()?;
        let settled = |time: std::time::SystemTime| time + Stamp::RACY <= now;
        if !settled(modified) {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let changed = std::time::UNIX_EPOCH
                + std::time::Duration::new(
                    u64::try_from(meta.ctime()).ok()?,
                    u32::try_from(meta.ctime_nsec()).ok()?,
                );
            if !settled(changed) {
                return None;
            }
            Some(Stamp {
                len: meta.len(),
                modified,
                changed: (meta.ctime(), meta.ctime_nsec()),
                inode: (meta.dev(), meta.ino()),
            })
        }
        #[cfg(not(unix))]
        Some(Stamp {
            len: meta.len(),
            modified,
        })
    }
}

/// A file's metadata, refusing one too large to be a record.
fn stat_checked(path: &Path) -> Result<std::fs::Metadata, ReadProblem> {
    let whole = |message: String| (1, 1, message, None);
    let meta = std::fs::metadata(path)
        .map_err(|e| whole(format!("cannot read this file: {}", io_reason(&e))))?;
    // A device or a pipe has no size to check: `/dev/zero` would be read until memory ran
    // out, and a pipe with no writer would never end.
    if !meta.is_file() {
        return Err((
            1,
            1,
            if meta.is_dir() {
                "this is a folder, not a file".into()
            } else {
                "this is not a plain file (a device or a pipe, say), so it is not read".into()
            },
            Some("put the text itself here, in a file saved as UTF-8".into()),
        ));
    }
    let size = meta.len();
    if size > MAX_FILE_BYTES {
        return Err((
            1,
            1,
            format!(
                "this file is {:.1} MB; a record may be at most {} MB",
                size as f64 / 1e6,
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Some(
                "split it into smaller records, or check it is the file you meant to put here"
                    .into(),
            ),
        ));
    }
    Ok(meta)
}

/// The threads records are read on: more than the cores. A record not in the page cache
/// (the first build after a restart, or in a fresh clone) waits on the disk, and with one
/// read in flight per core the cores mostly waited: `check` of 100,000 records took 5.7 s
/// with the cache emptied against 1.6 s with it full, on 2 cores, and 3.4 s reading on 8
/// threads. If the threads cannot be started, the shared pool reads.
fn on_reading_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        rayon::ThreadPoolBuilder::new()
            .num_threads(cores.max(READS_IN_FLIGHT))
            .thread_name(|i| format!("boardpack-read-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// How many records at least are read at once: enough to keep a disk's queue busy, few
/// enough to cost nothing when the files are already in memory (16 measured as 8).
const READS_IN_FLIGHT: usize = 8;

/// The text of a file [`stat_checked`] accepted.
fn read_known(path: &Path) -> Result<String, ReadProblem> {
    let bytes = std::fs::read(path).map_err(|e| {
        let message = format!("cannot read this file: {}", io_reason(&e));
        (1, 1, message, None)
    })?;
    decode(&bytes).map(Cow::into_owned)
}

/// The bytes of a file [`stat_checked`] accepted, read into `bytes` (reserved one byte
/// longer than its metadata said, so that its end is seen without a second buffer). A file
/// that grew since its metadata was read is read on, but not past `limit` bytes: a record
/// written to while the build reads it cannot take the memory its size check kept it from.
/// (This also spares three of the seven system calls `std::fs::read` makes per file; at
/// 100,000 records the build was no faster for it.)
fn read_into(path: &Path, bytes: &mut Vec<u8>, limit: u64) -> Result<(), ReadProblem> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        let message = format!("cannot read this file: {}", io_reason(&e));
        (1, 1, message, None)
    };
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    bytes.resize(bytes.capacity(), 0);
    let said = bytes.len().saturating_sub(1);
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            // All its metadata said, and not the byte more: no read more to find its end.
            Ok(n) if filled + n == said => {
                filled = said;
                break;
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(cannot(e)),
        }
    }
    let grew = filled == bytes.len();
    bytes.truncate(filled);
    if grew {
        let left = limit.saturating_add(1).saturating_sub(filled as u64);
        (&mut file).take(left).read_to_end(bytes).map_err(cannot)?;
        if bytes.len() as u64 > limit {
            bytes.clear();
            return Err((
                1,
                1,
                format!(
                    "this file grew to more than {} MB while it was read; a record may be at most {} MB",
                    limit / (1024 * 1024),
                    limit / (1024 * 1024)
                ),
                Some(
                    "split it into smaller records, or check it is the file you meant to put here"
                        .into(),
                ),
            ));
        }
    }
    Ok(())
}

/// Bytes to text: refuses binary data and invalid UTF-8 (pointing at the first bad byte) and
/// drops a byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ReadProblem> {
    if is_utf16(bytes) {
        return Err((
            1,
            1,
            "this file is saved as UTF-16 text; records are UTF-8".into(),
            Some("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)".into()),
        ));
    }
    if bytes.contains(&0) {
        return Err((
            1,
            1,
            "this file is binary, not text".into(),
            Some("records are plain text files saved as UTF-8".into()),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(lone_returns_as_newlines(text)),
        Err(error) => {
            let good = &bytes[..error.valid_up_to()];
            // A line ends at a line feed or at a carriage return alone (old Mac files).
            let ends = |at: usize| {
                good[at] == b'\n' || (good[at] == b'\r' && good.get(at + 1) != Some(&b'\n'))
            };
            let line = (0..good.len()).filter(|&at| ends(at)).count() + 1;
            let line_start = (0..good.len()).rposition(ends).map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            // Its line as Windows-1252 would read it (Notepad's "ANSI", which Word's text
            // often arrives in): the terminal has no text to show for the line, and a
            // secretary then sees which character it is.
            let rest = &bytes[line_start..];
            let line_end = rest
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .unwrap_or(rest.len());
            let message = match windows_1252(&rest[..line_end]) {
                Some(text) if text.chars().count() <= 120 => format!(
                    "this file is not valid UTF-8 text: it looks saved as Windows-1252 (\"ANSI\"), in which this line reads `{}`",
                    text.trim()
                ),
                _ => "this file is not valid UTF-8 text".into(),
            };
            Err((
                line,
                column,
                message,
                Some("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)".into()),
            ))
        }
    }
}

/// `bytes` read as Windows-1252, if each is a character there (five bytes are not), and
/// none is a control character.
fn windows_1252(bytes: &[u8]) -> Option<String> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => Some(HIGH[usize::from(b - 0x80)]).filter(|&c| c != '\0'),
            b'\t' | 0x20..=0x7E | 0xA0..=0xFF => Some(char::from(b)),
            _ => None,
        })
        .collect()
}

/// Whether `bytes` look like UTF-16: its byte-order mark (what Windows' Notepad writes for
/// "Unicode"), or, without one, a start in which every other byte is zero, as Latin text
/// is in UTF-16. Without this such a file was called binary, which its author, who saved
/// it as text, could not make sense of.
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let start = &bytes[..bytes.len().min(64) & !1];
    let zero_at = |parity: usize| {
        start.len() >= 4
            && start
                .iter()
                .enumerate()
                .all(|(at, &b)| (b == 0) == (at % 2 == parity))
    };
    zero_at(0) || zero_at(1)
}

/// `text` with each carriage return not followed by a line feed (old Mac line endings, or
/// one stray in a line) made a line feed. YAML and Markdown both end a line there, and
/// every line and column boardpack reports counts line feeds: a file saved that way was
/// one line to boardpack and many to its parsers, and its mistakes were reported at the
/// wrong place or as a missing front matter. Windows' CRLF is left as it is.
fn lone_returns_as_newlines(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |at: usize| bytes.get(at + 1) != Some(&b'\n');
    // Most files have no carriage return at all: `contains` finds that with memchr.
    if !bytes.contains(&b'\r')
        || !bytes
            .iter()
            .enumerate()
            .any(|(at, &b)| b == b'\r' && lone(at))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        out.push(if c == '\r' && lone(at) { '\n' } else { c });
    }
    Cow::Owned(out)
}

/// Where a link in `content/` (or `themes/`) may not lead (docs/format-notes.md): to a
/// folder that is or holds `content/` or the project, which the report would take in
/// again (a link to `/` walked the whole disk), or into the system's own folders
/// (`/proc`, `/sys`, `/dev`), whose files are not documents and never end (a link to
/// `/proc/self` reached every folder of every process). A link to anywhere else, a shared
/// drive of papers say, is followed. A walk does not go into a site boardpack wrote
/// either (a folder holding its marker): reached through a link to a folder that holds
/// the output, the report took in its own last site, and grew with every build.
pub(crate) struct Links {
    /// `content/` and the project as the system names them, links resolved, with what
    /// each is called in a message; those it cannot name are left out.
    held: Vec<(PathBuf, &'static str)>,
}

impl Links {
    const SYSTEM: [&str; 3] = ["/proc", "/sys", "/dev"];
    /// Memory the system lends its users as a folder: a project may be kept there.
    const USERS: &str = "/dev/shm";

    pub(crate) fn new(content: &Path) -> Links {
        let project = content.parent().unwrap_or(Path::new("."));
        let held = [
            (content, "this report's `content` folder"),
            (project, "this report's project folder"),
        ]
        .into_iter()
        .filter_map(|(folder, name)| Some((std::fs::canonicalize(folder).ok()?, name)))
        .collect();
        Links { held }
    }

    /// Whether a walk goes on through `entry`.
    pub(crate) fn follows(&self, entry: &walkdir::DirEntry) -> bool {
        self.refusal(entry).is_none() && !is_site(entry)
    }

    /// Where `entry` leads and why it may not be followed, if it is such a link: what it
    /// is or holds of the report's, or the system folder it is in.
    fn refusal(&self, entry: &walkdir::DirEntry) -> Option<(PathBuf, Refusal)> {
        if !entry.path_is_symlink() {
            return None;
        }
        // A link that leads nowhere is the walk's to report, as a broken link.
        let target = std::fs::canonicalize(entry.path()).ok()?;
        let why =
            if let Some((_, name)) = self
                .held
                .iter()
                .find(|(folder, _)| folder.starts_with(&target))
            {
                Refusal::Holds(name)
            } else {
                Refusal::System(Self::SYSTEM.iter().find(|system| {
                    target.starts_with(system) && !target.starts_with(Self::USERS)
                })?)
            };
        Some((target, why))
    }

    /// The error at `entry` if it is a link that may not be followed.
    pub(crate) fn refused(&self, project: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
        let (target, why) = self.refusal(entry)?;
        // As the link was written, when that names the place (`/proc/self`, not the
        // number of the process that read it); `..` says less than where it leads.
        let shown = match std::fs::read_link(entry.path()) {
            Ok(written) if written.is_absolute() => written,
            _ => target,
        };
        let shown = shown.display();
        let (message, help) = match why {
            Refusal::Holds(name) => (
                format!(
                    "this link leads to `{shown}`, which is or holds {name}, so the report would take in itself"
                ),
                "remove the link, or point it at the folder of papers or records itself",
            ),
            Refusal::System(system) => (
                format!(
                    "this link leads to `{shown}`, in the system's own `{system}` folder, whose files are not documents"
                ),
                "remove the link",
            ),
        };
        Some(Diagnostic::file_error(relative(project, entry.path()), message).with_help(help))
    }
}

/// Why [`Links`] does not follow a link.
enum Refusal {
    /// It leads to a folder that is or holds this one of the report's.
    Holds(&'static str),
    /// It leads into this folder of the system's.
    System(&'static str),
}

/// Whether `entry` is a folder (not the walk's own) that holds the marker of a site
/// boardpack wrote.
fn is_site(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0
        && entry.file_type().is_dir()
        && entry.path().join(crate::output::MARKER).exists()
}

/// The warning at a site boardpack wrote, met in `content/`, which is not read.
fn site_in_content(project: &Path, entry: &walkdir::DirEntry) -> Diagnostic {
    Diagnostic {
        severity: crate::diagnostic::Severity::Warning,
        ..Diagnostic::file_error(
            relative(project, entry.path()),
            format!(
                "this folder is a site boardpack wrote (it holds `{}`), so nothing in it is read",
                crate::output::MARKER
            ),
        )
    }
    .with_help("if it is an old site copied here, move it out of content/; if a link leads to the folder the site is written to, or to one that holds it, write the site elsewhere (`--out`) or point the link at the papers themselves")
}

fn walk_problem(project: &Path, error: &walkdir::Error) -> Diagnostic {
    let rel = error
        .path()
        .map_or_else(|| "content".to_string(), |p| relative(project, p));
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::file_error(
            rel,
            format!(
                "this link leads back to `{}`, making a loop",
                relative(project, ancestor)
            ),
        )
        .with_help("remove the link, or point it at a folder outside content/");
    }
    let reason = error
        .io_error()
        .map_or_else(|| error.to_string(), io_reason);
    Diagnostic::file_error(rel, format!("cannot read this: {reason}"))
}

pub(crate) fn io_reason(error: &std::io::Error) -> String {
    if LINK_LOOP.is_some() && error.raw_os_error() == LINK_LOOP {
        return "it is a link that leads back to itself, or through too many other links \
                (remove the link, or point it at the file itself)"
            .into();
    }
    match error.kind() {
        std::io::ErrorKind::NotFound => "it does not exist (a broken link?)".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// The system's error for a link that cannot be followed to a file (ELOOP; Windows' "the
/// name of the file cannot be resolved by the system"). `ErrorKind::FilesystemLoop` would
/// say it on every system, but is not stable Rust.
#[cfg(any(target_os = "linux", target_os = "android"))]
const LINK_LOOP: Option<i32> = Some(40);
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
))]
const LINK_LOOP: Option<i32> = Some(62);
#[cfg(windows)]
const LINK_LOOP: Option<i32> = Some(1921);
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly",
    windows
)))]
const LINK_LOOP: Option<i32> = None;

/// `path` relative to the project, with `/` separators on every platform.
pub fn relative(project: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(project).unwrap_or(path);
    // A path's own text already has `/` between its parts on Unix, and the loader's paths
    // are joined from names, so they hold no `.` or doubled separators to clean up: the
    // parts are joined again only elsewhere (a loader of thousands of files names each).
    if cfg!(unix) && !rel.as_os_str().is_empty() {
        let text = rel.to_string_lossy();
        let untidy = text.contains("//")
            || text.starts_with("./")
            || text.contains("/./")
            || text.ends_with("/.")
            || text == ".";
        if !untidy {
            return text.into_owned();
        }
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `folder` of the repository, by path inside it, in name order: for the
/// tests that keep what the binary embeds equal to what is on disk.
#[cfg(test)]
pub(crate) fn files_in_repository(folder: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| relative(&root, e.path()))
        .collect()
}

/// The file name a file manager's copy was made from: `jo-bell` for `jo-bell (1)`,
/// `jo-bell - Copy`, `jo-bell - Copy (2)`, `jo-bell copy` and `Copy of jo-bell`.
fn copied_from(stem: &str) -> Option<&str> {
    let mut base = stem.trim();
    if let Some(rest) = base.strip_prefix("Copy of ") {
        base = rest.trim();
    }
    if let Some(open) = base.rfind(" (")
        && base.ends_with(')')
        && base[open + 2..base.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        base = base[..open].trim_end();
    }
    for suffix in [" - Copy", " - copy", " copy", " Copy"] {
        if let Some(rest) = base.strip_suffix(suffix) {
            base = rest.trim_end();
            break;
        }
    }
    (base != stem && records::is_valid_id(base)).then_some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_managers_copy_is_known_by_its_name() {
        for copy in [
            "jo-bell (1)",
            "jo-bell - Copy",
            "jo-bell - Copy (2)",
            "jo-bell copy",
            "Copy of jo-bell",
        ] {
            assert_eq!(copied_from(copy), Some("jo-bell"), "{copy}");
        }
        for other in ["jo-bell", "Jo Bell", "jo-bell (a)", "notes (1) draft"] {
            assert_eq!(copied_from(other), None, "{other}");
        }
    }

    /// `check` makes no search index: its load leaves a body's words out.
    #[test]
    fn check_s_load_leaves_out_the_words_for_search() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/pages")).unwrap();
        std::fs::write(
            root.join("content/pages/about.md"),
            "---\ntitle: About\n---\nWards and [a link](missing.pdf).\n",
        )
        .unwrap();
        let words = |loaded: &Loaded| {
            let page = &loaded.records.pages[0];
            page.body.as_ref().unwrap().words.to_string()
        };
        let build = load_cached(root, None).unwrap();
        let check = load_for_check(root).unwrap();
        assert_eq!(words(&build), "wards\nlink");
        assert_eq!(words(&check), "");
    }

    #[test]
    fn unchanged_files_are_not_read_again_and_edits_are_always_seen() {
        use std::time::{Duration, SystemTime};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/people")).unwrap();
        let jo = root.join("content/people/jo.yaml");
        std::fs::write(&jo, "name: Jo One\nprofession: doctor\n").unwrap();
        std::fs::write(
            root.join("content/people/ann.yaml"),
            "name: Ann\nprofession: nurse\n",
        )
        .unwrap();
        let jo_name = |loaded: &Loaded| {
            let jo = loaded.records.people.iter().find(|p| &*p.id == "jo");
            jo.unwrap().fields.name.value.clone()
        };
        let mut cache = ParseCache::default();

        // Just written: too recent for their stamps to be trusted, so both are read again.
        load_at(root, Some(&mut cache), SystemTime::now()).unwrap();
        load_at(root, Some(&mut cache), SystemTime::now()).unwrap();
        assert_eq!(cache.files_read(), 2);

        // Seconds later their stamps are trusted, and neither is read.
        let later = SystemTime::now() + Duration::from_secs(3600);
        load_at(root, Some(&mut cache), later).unwrap();
        let loaded = load_at(root, Some(&mut cache), later).unwrap();
        assert_eq!(cache.files_read(), 0);
        assert_eq!(jo_name(&loaded), "Jo One");
        let quoted = loaded.sources.line("content/people/jo.yaml", 1);
        assert_eq!(
            quoted,
            Some("name: Jo One"),
            "a file not read is still quoted"
        );

        // An edit that keeps the size and puts the modification time back is still seen.
        let modified = std::fs::metadata(&jo).unwrap().modified().unwrap();
        std::fs::write(&jo, "name: Jo Two\nprofession: doctor\n").unwrap();
        let file = std::fs::File::options().write(true).open(&jo).unwrap();
        file.set_modified(modified).unwrap();
        let loaded = load_at(root, Some(&mut cache), later).unwrap();
        assert_eq!(cache.files_read(), 1);
        assert_eq!(jo_name(&loaded), "Jo Two");

        // A file that is gone leaves the cache, and one put back is read again.
        let ann = root.join("content/people/ann.yaml");
        std::fs::remove_file(&ann).unwrap();
        let loaded = load_at(root, Some(&mut cache), later).unwrap();
        assert_eq!(loaded.records.people.len(), 1);
        assert_eq!(cache.files.len(), 1);
        assert!(!cache.files.contains_key("content/people/ann.yaml"));
        std::fs::write(&ann, "name: Ann\nprofession: nurse\n").unwrap();
        let loaded = load_at(root, Some(&mut cache), later).unwrap();
        assert_eq!(cache.files_read(), 1);
        assert_eq!(loaded.records.people.len(), 2);
        assert_eq!(cache.files.len(), 2);
    }

    /// A load told what a watcher saw change, compared with a fresh look at every file
    /// after each change (check mode does the same in `watch`).
    #[test]
    fn a_load_told_what_changed_looks_only_there_and_misses_nothing() {
        use std::time::{Duration, SystemTime};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "content/people/jo.yaml",
            "name: Jo One\nprofession: doctor\n",
        );
        write("content/people/ann.yaml", "name: Ann\nprofession: nurse\n");
        // Stamps are trusted an hour on, so a file is read only when it is looked at.
        let later = SystemTime::now() + Duration::from_secs(3600);
        let mut cache = ParseCache::verifying();
        let names = |loaded: &Loaded| -> Vec<String> {
            let mut names: Vec<String> = loaded
                .records
                .people
                .iter()
                .map(|p| p.fields.name.value.clone())
                .collect();
            names.sort();
            names
        };
        let told = |cache: &mut ParseCache, paths: &[&str]| {
            cache.touched(Touched::Paths(paths.iter().map(PathBuf::from).collect()));
            let loaded = load_at(root, Some(cache), later).expect("check mode agrees");
            (names(&loaded), loaded)
        };
        load_at(root, Some(&mut cache), later).unwrap();
        assert!(cache.listing.is_some());

        // An edit: only that file is looked at.
        write(
            "content/people/jo.yaml",
            "name: Jo Two\nprofession: doctor\n",
        );
        let (names_now, _) = told(&mut cache, &["content/people/jo.yaml"]);
        assert_eq!(names_now, ["Ann", "Jo Two"]);
        assert_eq!((cache.files_looked_at(), cache.files_read()), (1, 1));

        // A file the watcher did not name is not looked at (that is the point), until a
        // load is not told what changed.
        write(
            "content/people/ann.yaml",
            "name: Ann Two\nprofession: nurse\n",
        );
        cache.verify = false;
        let (names_now, _) = told(&mut cache, &["content/people/jo.yaml"]);
        assert_eq!(names_now, ["Ann", "Jo Two"]);
        cache.verify = true;
        let loaded = load_at(root, Some(&mut cache), later).unwrap();
        assert_eq!(names(&loaded), ["Ann Two", "Jo Two"]);

        // Made, removed, renamed to a name no record has, and an editor's files.
        write("content/people/sam.yaml", "name: Sam\nprofession: nurse\n");
        let (names_now, _) = told(&mut cache, &["content/people/sam.yaml"]);
        assert_eq!(names_now, ["Ann Two", "Jo Two", "Sam"]);
        std::fs::remove_file(root.join("content/people/sam.yaml")).unwrap();
        let (names_now, _) = told(&mut cache, &["content/people/sam.yaml"]);
        assert_eq!(names_now, ["Ann Two", "Jo Two"]);
        std::fs::rename(
            root.join("content/people/ann.yaml"),
            root.join("content/people/ann.bak"),
        )
        .unwrap();
        write("content/people/.ann.yaml.swp", "x");
        let (names_now, _) = told(
            &mut cache,
            &[
                "content/people/ann.yaml",
                "content/people/ann.bak",
                "content/people/.ann.yaml.swp",
                "content/.git/index",
            ],
        );
        assert_eq!(names_now, ["Jo Two"]);
        assert!(cache.listing.is_some());

        // A name that is not an id is reported while it is there.
        write(
            "content/people/Bad Name.yaml",
            "name: Bad\nprofession: nurse\n",
        );
        let (_, loaded) = told(&mut cache, &["content/people/Bad Name.yaml"]);
        assert!(
            loaded
                .problems
                .iter()
                .any(|p| p.message.contains("is not a valid id"))
        );
        std::fs::remove_file(root.join("content/people/Bad Name.yaml")).unwrap();
        let (_, loaded) = told(&mut cache, &["content/people/Bad Name.yaml"]);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);

        // A folder made with records in it: the folders are walked again.
        write(
            "content/people/board-chair.yaml",
            "name: Chair\nprofession: doctor\n",
        );
        told(&mut cache, &["content/people/board-chair.yaml"]);
        write(
            "content/people/board/kit.yaml",
            "name: Kit\nprofession: doctor\n",
        );
        let (names_now, _) = told(&mut cache, &["content/people/board"]);
        assert_eq!(names_now, ["Chair", "Jo Two", "Kit"]);
        assert_eq!(cache.files_looked_at(), 3);
        // Moved away whole: one event for the folder, none for its files, which come
        // after `board-chair.yaml` in the listing's order.
        std::fs::rename(root.join("content/people/board"), root.join("board.moved")).unwrap();
        let (names_now, _) = told(&mut cache, &["content/people/board", "board.moved"]);
        assert_eq!(names_now, ["Chair", "Jo Two"]);
        assert_eq!(cache.files_looked_at(), 2);

        // Renamed in case only: where names ignore case both names are there, so the
        // folders are walked again.
        let chair = root.join("content/people/board-chair.yaml");
        let wrong_case = root.join("content/people/Board-chair.yaml");
        std::fs::rename(&chair, &wrong_case).unwrap();
        let both = [
            "content/people/board-chair.yaml",
            "content/people/Board-chair.yaml",
        ];
        let (_, loaded) = told(&mut cache, &both);
        assert_eq!(
            cache.files_looked_at(),
            1,
            "a name that is not an id is not read"
        );
        assert!(
            loaded
                .problems
                .iter()
                .any(|p| p.message.contains("is not a valid id"))
        );
        std::fs::rename(&wrong_case, &chair).unwrap();
        told(&mut cache, &both);
        assert_eq!(cache.files_looked_at(), 2, "walked again");
        // Told only of a name the listing holds in another case (the rename's other event
        // came in an earlier batch): walked again too.
        write(
            "content/people/Jo.yaml",
            "name: Jo Three\nprofession: doctor\n",
        );
        told(&mut cache, &["content/people/Jo.yaml"]);
        assert_eq!(cache.files_looked_at(), 2, "walked again");
        std::fs::remove_file(root.join("content/people/Jo.yaml")).unwrap();
        told(&mut cache, &["content/people/Jo.yaml"]);

        // A kind's folder made: walked again.
        write("content/pages/about.md", "---\ntitle: About\n---\nText.\n");
        let (_, loaded) = told(&mut cache, &["content/pages"]);
        assert_eq!(loaded.records.pages.len(), 1);

        // A link: the listing is not kept, and every load walks and looks again.
        #[cfg(unix)]
        {
            write("elsewhere/lee.yaml", "name: Lee\nprofession: nurse\n");
            std::os::unix::fs::symlink(
                root.join("elsewhere/lee.yaml"),
                root.join("content/people/lee.yaml"),
            )
            .unwrap();
            let (names_now, _) = told(&mut cache, &["content/people/lee.yaml"]);
            assert_eq!(names_now, ["Chair", "Jo Two", "Lee"]);
            assert!(cache.listing.is_none());
            // The link's target changes outside content/: no event names the link.
            write("elsewhere/lee.yaml", "name: Lee Two\nprofession: nurse\n");
            let file = std::fs::File::options()
                .write(true)
                .open(root.join("elsewhere/lee.yaml"))
                .unwrap();
            file.set_modified(SystemTime::now() + Duration::from_secs(60))
                .unwrap();
            let (names_now, _) = told(&mut cache, &[]);
            assert_eq!(names_now, ["Chair", "Jo Two", "Lee Two"]);
        }
    }

    /// What a load is told adds up until a load takes it; one that stops before it looks
    /// at the folders (no `content` folder) leaves it for the next.
    #[test]
    fn what_a_load_is_told_adds_up_until_a_load_takes_it() {
        let paths = |names: &[&str]| Touched::Paths(names.iter().map(PathBuf::from).collect());
        let mut cache = ParseCache::default();
        cache.touched(paths(&["content/people/a.yaml"]));
        cache.touched(paths(&["content/people/b.yaml"]));
        assert_eq!(
            cache.touched,
            Some(paths(&["content/people/a.yaml", "content/people/b.yaml"]))
        );
        cache.touched(Touched::Unknown);
        cache.touched(paths(&["content/people/c.yaml"]));
        assert_eq!(cache.touched, Some(Touched::Unknown));

        let dir = tempfile::tempdir().unwrap();
        let mut cache = ParseCache::default();
        cache.touched(paths(&["content"]));
        assert!(load_at(dir.path(), Some(&mut cache), std::time::SystemTime::now()).is_err());
        assert_eq!(cache.touched, Some(paths(&["content"])));
        std::fs::create_dir_all(dir.path().join("content/people")).unwrap();
        load_at(dir.path(), Some(&mut cache), std::time::SystemTime::now()).unwrap();
        assert_eq!(cache.touched, None);
    }

    #[test]
    fn ignored_names() {
        for name in [
            ".hidden.yaml",
            ".jo.yaml.swp",
            "jo.yaml~",
            "#jo.yaml#",
            "jo.yaml.swp",
            ".git",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["jo.yaml", "jo.md", "notes.txt"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn names_that_may_hold_records() {
        for name in ["jo.yaml", "jo.md", "jo.yml", "2026", "people"] {
            assert!(may_hold_records(name), "{name}");
        }
        for name in ["notes.txt", "jo.yaml.tmp", "photo.jpg"] {
            assert!(!may_hold_records(name), "{name}");
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        // Bad bytes in such a file are at the line an editor shows.
        let (line, column, ..) = decode(b"a: 1\rb: \xff").unwrap_err();
        assert_eq!((line, column), (2, 4));
        let (line, column, ..) = decode(b"a: 1\r\nb: \xff").unwrap_err();
        assert_eq!((line, column), (2, 4));
        assert_eq!(decode(b"a: 1\rb: 2\r").unwrap(), "a: 1\nb: 2\n");
        assert_eq!(decode(b"a: 1\r\nb: 2\r\n").unwrap(), "a: 1\r\nb: 2\r\n");
        assert_eq!(decode(b"a\r\r\nb\rc").unwrap(), "a\n\r\nb\nc");
        assert_eq!(
            decode("\u{e9}\r\u{e9}".as_bytes()).unwrap(),
            "\u{e9}\n\u{e9}"
        );
    }

    #[test]
    fn a_file_is_read_whole_whatever_its_metadata_said_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        let text = b"name: Ann\nprofession: nurse\n";
        std::fs::write(&path, text).unwrap();
        // As the load calls it: one byte more than the file.
        for len in [text.len(), text.len() + 40, 0, 5] {
            let mut bytes = vec![0; len + 1];
            read_into(&path, &mut bytes, MAX_FILE_BYTES).unwrap();
            assert_eq!(bytes, text, "a buffer of {} bytes", len + 1);
        }
        // Grown since its metadata was read: read on to the limit, and refused past it.
        let mut bytes = vec![0; 4];
        read_into(&path, &mut bytes, text.len() as u64).unwrap();
        assert_eq!(bytes, text);
        let mut bytes = vec![0; 4];
        let (line, column, message, help) =
            read_into(&path, &mut bytes, text.len() as u64 - 1).unwrap_err();
        assert_eq!((line, column), (1, 1));
        assert!(
            message.contains("grew") && message.contains("at most"),
            "{message}"
        );
        assert!(help.is_some() && bytes.is_empty());
        // Gone since its metadata was read.
        std::fs::remove_file(&path).unwrap();
        let (_, _, message, _) = read_into(&path, &mut vec![0; 8], MAX_FILE_BYTES).unwrap_err();
        assert!(message.starts_with("cannot read this file"), "{message}");
    }

    #[test]
    fn decode_handles_bom_binary_and_bad_utf8() {
        assert_eq!(decode(b"\xEF\xBB\xBFname: A\n").unwrap(), "name: A\n");
        assert_eq!(
            decode(b"a\0b").unwrap_err().2,
            "this file is binary, not text"
        );
        let utf16 = "this file is saved as UTF-16 text; records are UTF-8";
        let le: Vec<u8> = "name: A\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "name: A\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        for bytes in [
            le.clone(),
            be.clone(),
            [b"\xFF\xFE".as_slice(), &le].concat(),
        ] {
            assert_eq!(decode(&bytes).unwrap_err().2, utf16);
        }
        assert_eq!(decode(b"\xFE\xFF").unwrap_err().2, utf16);
        // Binary with zeros here and there, or a short file, is not taken for UTF-16.
        assert_eq!(
            decode(b"a\0b\0c\0\0\0").unwrap_err().2,
            "this file is binary, not text"
        );
        assert_eq!(
            decode(b"a\0").unwrap_err().2,
            "this file is binary, not text"
        );
        let (line, column, message, _) = decode(b"name: A\nprofession: caf\xE9\n").unwrap_err();
        assert_eq!(
            (line, column, message.as_str()),
            (
                2,
                16,
                "this file is not valid UTF-8 text: it looks saved as Windows-1252 (\"ANSI\"), in which this line reads `profession: café`"
            )
        );
        // Word's curly quotes and dash, saved by Notepad as ANSI.
        let (_, _, message, _) = decode(b"title: \x93Pairs\x94 \x96 year one\r\n").unwrap_err();
        assert!(
            message.ends_with("reads `title: “Pairs” – year one`"),
            "{message}"
        );
        // Bytes Windows-1252 does not have: only the plain message.
        let (_, _, message, _) = decode(b"title: a\x81b\n").unwrap_err();
        assert_eq!(message, "this file is not valid UTF-8 text");
    }

    #[test]
    fn relative_paths_use_slashes() {
        assert_eq!(
            relative(Path::new("/p"), Path::new("/p/content/people/a.yaml")),
            "content/people/a.yaml"
        );
        for (project, path) in [
            ("p", "p/content//people/./a.yaml"),
            ("./p/", "./p/./content/people/a.yaml"),
            ("/p", "/p/content/people/a.yaml/"),
            ("/p", "/p/content/people/a.yaml/."),
        ] {
            assert_eq!(
                relative(Path::new(project), Path::new(path)),
                "content/people/a.yaml",
                "{path}"
            );
        }
    }
}
