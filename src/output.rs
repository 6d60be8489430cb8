//! Writing a built site: every file goes to a staging folder next to the target, and the
//! target is replaced only once all of them are written, so a failed build leaves the
//! previous site as it was. A folder holding its owner's own files (a `CNAME`) is not
//! replaced: the new site goes in around them file by file (`merge`), and a failure there
//! is `Error::PartlyWritten`. boardpack only deletes folders that hold its marker file.

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file's bytes, shared: a page `watch` reuses is the same allocation in the render
/// cache, the site handed to the sink and [`Written`], never a copy.
pub type Bytes = std::sync::Arc<[u8]>;

/// A file of a site: its `/`-separated path relative to the site, and its bytes.
pub type File = (String, Bytes);

/// A paper from `content/files/`, copied to the site as it is: streamed from the project
/// when the site is written, never read whole into memory (a board pack's papers can run
/// to hundreds of megabytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    /// Its `/`-separated path in the site (`files/2026-09/ipr.pdf`).
    pub path: String,
    /// Where it is in the project.
    pub source: PathBuf,
    /// Its size, when its content was last changed, and when its file was (its status
    /// change time, on Unix; 0 elsewhere), when the build listed it: an update copies it
    /// again only when these change. A paper put back from a backup with its old time and
    /// size (`cp -p`) changed only the last, and `watch` kept the old paper.
    pub stamp: (u64, Option<std::time::SystemTime>, i128),
}

/// Marks a folder as written by boardpack, and so safe for it to replace.
pub const MARKER: &str = ".boardpack-site";

const MARKER_TEXT: &str = "This folder is written by boardpack. `boardpack build` replaces what it wrote here on every build; files and folders of your own (not listed below) are kept.\n";

/// The end of the name `watch` writes a file under before renaming it into place (and the
/// marker's): one left by an update that stopped part way is boardpack's, never the
/// owner's, and goes at the next build.
const TEMPORARY: &str = ".boardpack-new";

/// The line after which the marker lists every file the build wrote, one path a line.
const LIST_START: &str = "Files boardpack wrote:\n";

/// The marker of a site made of `paths`, each once, in order (so a build's marker is the
/// same whatever order its pages were written in). A line break or a backslash in a path
/// (a paper's file name may hold either) is written as `\n` or `\\`, so each path is one
/// line.
fn marker_listing<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let mut paths: Vec<&str> = paths.collect();
    paths.sort_unstable();
    paths.dedup();
    let mut text = format!("{MARKER_TEXT}{LIST_START}");
    for path in paths {
        for c in path.chars() {
            match c {
                '\\' => text.push_str("\\\\"),
                '\n' => text.push_str("\\n"),
                '\r' => text.push_str("\\r"),
                c => text.push(c),
            }
        }
        text.push('\n');
    }
    text
}

/// The files the marker in `out` lists, or `None` for a marker with no list (written by a
/// boardpack before it kept one: everything in such a folder is taken to be boardpack's).
fn listed(out: &Path) -> io::Result<Option<rustc_hash::FxHashSet<String>>> {
    let text = fs::read_to_string(out.join(MARKER))?;
    let Some((_, list)) = text.split_once(LIST_START) else {
        return Ok(None);
    };
    Ok(Some(
        list.lines()
            .map(|line| {
                let mut path = String::with_capacity(line.len());
                let mut chars = line.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => match chars.next() {
                            Some('n') => path.push('\n'),
                            Some('r') => path.push('\r'),
                            Some(other) => path.push(other),
                            None => {}
                        },
                        c => path.push(c),
                    }
                }
                path
            })
            .collect(),
    ))
}

/// What in `out` the build that wrote it did not write: a `CNAME`, a `.git` folder, notes
/// left there. Each is a path relative to `out`; a folder holding nothing listed is given
/// whole. Empty when the marker has no list.
fn own_entries(out: &Path) -> io::Result<Vec<PathBuf>> {
    let Some(listed) = listed(out)? else {
        return Ok(Vec::new());
    };
    let mut folders: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for path in &listed {
        let mut rest = path.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            if !folders.insert(parent) {
                break;
            }
            rest = parent;
        }
    }
    let mut own = Vec::new();
    let mut walk = walkdir::WalkDir::new(out)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(io::Error::from)?;
        let relative = entry.path().strip_prefix(out).unwrap_or(entry.path());
        // A name that is not UTF-8 is never one boardpack wrote.
        let name = relative
            .to_str()
            .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"));
        if name.as_deref() == Some(MARKER) {
            continue;
        }
        if !entry.file_type().is_dir() && entry.file_name().to_string_lossy().ends_with(TEMPORARY) {
            let _ = fs::remove_file(entry.path());
            continue;
        }
        let ours = match &name {
            // boardpack writes no links: one is the owner's, even where a page was.
            Some(_) if entry.file_type().is_symlink() => false,
            Some(name) if entry.file_type().is_dir() => folders.contains(name.as_str()),
            Some(name) => listed.contains(name),
            None => false,
        };
        // An empty folder holds nothing of anyone's (one a `watch` of an earlier
        // boardpack emptied and left): it goes with the previous site.
        let empty = entry.file_type().is_dir()
            && fs::read_dir(entry.path()).is_ok_and(|mut d| d.next().is_none());
        if !ours && !empty {
            own.push(relative.to_path_buf());
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
        }
    }
    Ok(own)
}

/// Refuses output folders whose replacement would destroy the project or more: the project
/// itself, its `content/` or `themes/` (or anything inside them), a folder holding any of
/// these, and the filesystem root.
pub fn check_target(out: &Path, project: &Path) -> Result<(), Error> {
    let out_abs = resolve(out);
    let project_abs = resolve(project);
    let refuse = |why: &str| {
        Err(Error::Usage(
            Diagnostic::general(format!(
                "refusing to write the site to {}: {why}",
                out.display()
            ))
            .with_help("choose an output folder of its own, such as `--out site`"),
        ))
    };
    if out_abs.parent().is_none() {
        return refuse("this is the filesystem root");
    }
    if project_abs.starts_with(&out_abs) {
        return refuse("this folder holds the project, which would be replaced");
    }
    for protected in ["content", "themes"] {
        if out_abs.starts_with(project_abs.join(protected)) {
            return refuse(&format!(
                "this is inside the project's `{protected}` folder"
            ));
        }
    }
    if out_abs.starts_with(project_abs.join(crate::config::FILE)) {
        return refuse("this is the project's settings file");
    }
    Ok(())
}

/// Writes `files` (`/`-separated paths relative to the site, and their bytes) as the whole
/// contents of `out`, replacing what is there only if boardpack made it.
/// The same staging folder, written all at once, as a [`Staging`] that took no pages.
pub fn publish(out: &Path, files: &[File], papers: &[Paper]) -> Result<Leftover, Error> {
    // Waits for another build writing beside `out` to be done: then this one replaces
    // its site whole, rather than the two mixing in one staging folder.
    Staging::start(out, Turn::wait(out))
        .map_err(Error::Environment)?
        .finish(files, papers)
}

fn fail(what: &str, path: &Path, error: io::Error) -> Diagnostic {
    let problem = Diagnostic::general(format!("could not {what} {}: {error}", path.display()));
    // The path named may be a staging or temporary one; what the writer can do is the same.
    if error.kind() == io::ErrorKind::StorageFull {
        problem.with_help(
            "the disk is full: free some space on it, then build again (in `watch` or `serve`, save a file again)",
        )
    } else {
        problem
    }
}

/// A build's turn to use the staging and old folders beside an output: a lock on the
/// folder that holds them (`out`'s parent), held from making the staging folder to
/// removing the previous site. Without it, a second build of the same output would clear
/// the first's staging folder as a leftover, and the first would go on writing into and
/// swap in the second's. No file is added to the project for it; where a folder cannot be
/// opened or locked (a file system without locks, Windows) builds go on without one, as
/// they did before.
#[derive(Debug)]
struct Turn {
    _folder: Option<fs::File>,
}

impl Turn {
    fn folder(out: &Path) -> Option<fs::File> {
        fs::File::open(parent_of(out)).ok()
    }

    /// Waits for the turn.
    fn wait(out: &Path) -> Turn {
        Turn {
            _folder: Self::folder(out).filter(|folder| folder.lock().is_ok()),
        }
    }

    /// The turn if no other build has it; `None` if one has.
    fn take(out: &Path) -> Option<Turn> {
        match Self::folder(out) {
            None => Some(Turn { _folder: None }),
            Some(folder) => match folder.try_lock() {
                Ok(()) => Some(Turn {
                    _folder: Some(folder),
                }),
                Err(fs::TryLockError::WouldBlock) => None,
                Err(fs::TryLockError::Error(_)) => Some(Turn { _folder: None }),
            },
        }
    }
}

/// The folder `out` is in, where its staging and old folders go (`.` for a bare name).
fn parent_of(out: &Path) -> &Path {
    match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Whether a site may be written to `out`: it is missing, empty or boardpack's own (a
/// folder of something else, or a file, is left alone).
pub fn check_replaceable(out: &Path) -> Result<(), Diagnostic> {
    match inspect(out).map_err(|e| fail("read", out, e))? {
        Existing::Foreign => Err(foreign(out)),
        Existing::File => Err(a_file(out)),
        _ => Ok(()),
    }
}

fn foreign(out: &Path) -> Diagnostic {
    Diagnostic::general(format!(
        "{} exists, is not empty and was not written by boardpack; it is left alone",
        out.display()
    ))
    .with_help(format!(
        "move it away or choose another `--out`; boardpack only replaces folders holding its `{MARKER}` file"
    ))
}

fn a_file(out: &Path) -> Diagnostic {
    Diagnostic::general(format!(
        "{} is a file, not a folder; it is left alone",
        out.display()
    ))
    .with_help("choose another `--out`")
}

/// Checks that `out` may be replaced and makes an empty staging folder beside it, holding
/// the marker; returns what `out` is now and the staging folder. Called in the build's
/// [`Turn`].
fn prepare(out: &Path) -> Result<(Existing, PathBuf), Diagnostic> {
    let old = sibling(out, "old");
    let mut existing = inspect(out).map_err(|e| fail("read", out, e))?;
    // A build that stopped between its two renames left the previous site in the old
    // folder alone: it goes back first, so no failure of this build can lose it.
    if existing == Existing::Missing && inspect(&old).is_ok_and(|e| e == Existing::Ours) {
        fs::rename(&old, out).map_err(|e| fail("put back the previous site from", &old, e))?;
        existing = Existing::Ours;
    }
    let existing = match existing {
        Existing::Foreign => return Err(foreign(out)),
        Existing::File => return Err(a_file(out)),
        replaceable => replaceable,
    };
    let staging = sibling(out, "staging");
    for leftover in [&staging, &old] {
        clear_leftover(leftover).map_err(|e| {
            fail("remove the leftover", leftover, e)
                .with_help("an earlier build left it (it stopped before it could tidy up, or could not remove it): remove that folder by hand, then build again")
        })?;
    }
    fs::create_dir_all(&staging).map_err(|e| fail("create", &staging, e))?;
    // From the start: a `--confidential` build's pages sat in a folder every user could
    // read for as long as the build took.
    // Writable by its owner while it is written (a site folder made read-only stays so
    // once swapped in: `same_access` again, then).
    if matches!(existing, Existing::Ours | Existing::Empty) {
        same_access(out, &staging, true);
    }
    let marker = staging.join(MARKER);
    if let Err(error) = fs::write(&marker, MARKER_TEXT) {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail("write", &marker, error));
    }
    Ok((existing, staging))
}

/// A warning a site written whole may leave: the previous site, moved aside, could not be
/// removed ([`left_beside`]).
pub type Leftover = Option<Diagnostic>;

/// Puts the fully written `staging` folder in the place of `out`, which must still be
/// what it was when the build began (`existing`): a long build gives time for it to be
/// replaced, and a folder boardpack did not make is never moved or removed. On an error
/// the caller's [`Staging`] removes the staging folder.
fn swap(
    out: &Path,
    staging: &Path,
    existing: Existing,
    paths: &[String],
) -> Result<Leftover, Error> {
    swap_in(out, staging, existing, paths).map_err(|failure| match failure {
        Failure::Untouched(problem) => Error::Environment(problem),
        Failure::Partly(problem) => Error::PartlyWritten(problem),
    })
}

/// Why a site was not put in place: before anything in `out` changed, or after some of
/// its files had.
enum Failure {
    Untouched(Diagnostic),
    Partly(Diagnostic),
}

impl From<Diagnostic> for Failure {
    fn from(problem: Diagnostic) -> Failure {
        Failure::Untouched(problem)
    }
}

fn swap_in(
    out: &Path,
    staging: &Path,
    existing: Existing,
    paths: &[String],
) -> Result<Leftover, Failure> {
    let now = inspect(out).map_err(|e| fail("read", out, e))?;
    if now != existing {
        return Err(Diagnostic::general(format!(
            "{} changed while the site was being built; it is left as it is now",
            out.display()
        ))
        .with_help("build again")
        .into());
    }
    let old = sibling(out, "old");
    match existing {
        Existing::Ours => {
            let own = own_entries(out).map_err(|e| fail("read", out, e))?;
            if !own.is_empty() {
                return merge(out, staging, &own, paths).map(|()| None);
            }
            same_access(out, staging, false);
            fs::rename(out, &old).map_err(|e| fail("move aside", out, e))?;
            if let Err(error) = fs::rename(staging, out) {
                // Put the previous site back before reporting.
                return Err(match fs::rename(&old, out) {
                    Ok(()) => fail("replace", out, error).into(),
                    Err(_) => Failure::Partly(fail("replace", out, error).with_help(format!(
                        "the previous site is in {}: move it back to {} by hand",
                        old.display(),
                        out.display()
                    ))),
                });
            }
            // The new site is in place: a previous one that cannot be removed now is
            // removed by the next build, which says why if it cannot either. Said now too:
            // it may be a confidential build's, beside a folder a web server publishes.
            if let Err(error) = remove_ours(&old) {
                return Ok(Some(left_beside(&old, &error)));
            }
        }
        Existing::Empty => {
            same_access(out, staging, false);
            // A link to an empty folder is replaced as a link to a site is: the link goes,
            // the folder it leads to stays.
            if out.is_symlink() {
                fs::remove_file(out)
            } else {
                fs::remove_dir(out)
            }
            .map_err(|e| fail("replace the empty folder", out, e))?;
            fs::rename(staging, out).map_err(|e| Failure::Partly(fail("create", out, e)))?;
        }
        Existing::Missing => {
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(|e| fail("create", parent, e))?;
            }
            fs::rename(staging, out).map_err(|e| fail("create", out, e))?;
        }
        // Refused above, before anything was written.
        Existing::Foreign | Existing::File => {}
    }
    Ok(None)
}

/// The warning of a previous site left in `old` after the new one was put in place.
fn left_beside(old: &Path, error: &io::Error) -> Diagnostic {
    Diagnostic {
        severity: crate::diagnostic::Severity::Warning,
        ..Diagnostic::general(format!(
            "the site was written, but the previous one could not be removed, and is left in {}: {error}",
            old.display()
        ))
    }
    .with_help("remove that folder by hand: the next build stops until it is gone, and where a web server publishes the folder it is in, the previous site's pages can still be read there")
}

/// Gives the new site's folder the mode, owner and group of the one it replaces: a folder
/// kept private (`chmod 700`) for a confidential build, or a web folder's group, stays so.
/// Best effort: only the owner's own mode is certain to be settable.
fn same_access(out: &Path, staging: &Path, writable: bool) {
    let Ok(meta) = fs::metadata(out) else { return };
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if std::os::unix::fs::chown(staging, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = std::os::unix::fs::chown(staging, None, Some(meta.gid()));
        }
        let mode = meta.permissions().mode() | if writable { 0o700 } else { 0 };
        let _ = fs::set_permissions(staging, fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (writable, fs::set_permissions(staging, meta.permissions()));
}

/// Whether every folder from `out` down to `path`'s own is a folder of the site's, not a
/// link: a link the owner put in place of one of them leads out of the site, and a page
/// removed or written through it was removed or written there.
fn within(out: &Path, path: &Path) -> bool {
    let Ok(inside) = path.strip_prefix(out) else {
        return false;
    };
    let mut at = out.to_path_buf();
    let mut parts = inside.components().peekable();
    while let Some(part) = parts.next() {
        at.push(part);
        if parts.peek().is_none() {
            return true;
        }
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => {}
            // Not there yet: made as a folder of the site's when written.
            Err(_) => return true,
            Ok(_) => return false,
        }
    }
    true
}

/// Puts the new site into `out` file by file, around `own`, what the previous build did
/// not write there (a `CNAME`, a `.git` folder), which is left as it is. A page of the new
/// site where one of those is, or inside a file or link of theirs, refuses the build
/// before anything changes. Then the marker lists the old files and the new (so that if
/// anything fails from here on, the next build still knows every one of them as
/// boardpack's, never as the owner's), the previous build's files that this one does not
/// write are removed (first: on a file system that ignores case, `IPR.pdf` gone and
/// `ipr.pdf` new are one file), each new file is renamed into place, and the marker is
/// replaced by the new site's, last. Folders made read-only are made writable by their
/// owner for the while, and put back.
fn merge(out: &Path, staging: &Path, own: &[PathBuf], paths: &[String]) -> Result<(), Failure> {
    // Each entry of the owner's, by its `/`-separated path, and whether it is a folder
    // (not a link to one) new pages may go into, beside what it holds.
    let own: rustc_hash::FxHashMap<String, bool> = own
        .iter()
        .map(|mine| {
            let name = mine
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/");
            let real_folder = fs::symlink_metadata(out.join(mine)).is_ok_and(|m| m.is_dir());
            (name, real_folder)
        })
        .collect();
    for path in paths {
        // A page where a folder holds files of the owner's.
        let inside = format!("{path}/");
        if let Some(mine) = own.keys().find(|mine| mine.starts_with(&inside)) {
            return Err(clash(&out.join(mine), path, "where its folder is").into());
        }
        let mut prefix = String::new();
        for (i, part) in path.split('/').enumerate() {
            if i > 0 {
                prefix.push('/');
            }
            prefix.push_str(part);
            let taken = match own.get(&prefix) {
                Some(_) if prefix.len() == path.len() => true,
                Some(false) => true,
                // A folder of the owner's: a page may go in it beside their files.
                Some(true) => fs::symlink_metadata(out.join(path)).is_ok(),
                None => false,
            };
            if taken {
                return Err(clash(&out.join(&prefix), path, "there").into());
            }
        }
    }
    let previous = listed(out)
        .map_err(|e| fail("read", &out.join(MARKER), e))?
        .unwrap_or_default();
    let now: rustc_hash::FxHashSet<&str> = paths.iter().map(String::as_str).collect();
    let both = previous
        .iter()
        .map(String::as_str)
        .chain(now.iter().copied());
    let writable = Writable::make(out);
    replace_marker(out, &marker_listing(both))?;
    let partly = |problem: Diagnostic| {
        Failure::Partly(problem.with_help(
            "the site's folder now holds some of the new site's files and some of the old; build again",
        ))
    };
    for gone in previous.iter().filter(|p| !now.contains(p.as_str())) {
        let Some(relative) = safe_relative(gone) else {
            continue;
        };
        let path = out.join(relative);
        if !within(out, &path) {
            continue;
        }
        match fs::symlink_metadata(&path) {
            // Made a folder or a link since (by the owner): theirs now, left alone.
            Ok(meta) if !meta.is_file() => continue,
            Ok(_) => fs::remove_file(&path).map_err(|e| partly(fail("remove", &path, e)))?,
            Err(_) => {}
        }
        // Its folder goes with it once empty (and not one of the new site's).
        remove_emptied(out, &path);
    }
    for path in paths {
        let Some(relative) = safe_relative(path) else {
            continue;
        };
        let (from, to) = (staging.join(&relative), out.join(&relative));
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| partly(fail("create", parent, e)))?;
        }
        fs::rename(&from, &to).map_err(|e| partly(fail("replace", &to, e)))?;
    }
    let marker = out.join(MARKER);
    fs::rename(staging.join(MARKER), &marker).map_err(|e| partly(fail("replace", &marker, e)))?;
    drop(writable);
    let _ = remove_ours(staging);
    Ok(())
}

/// The problem of a page this build would write `place` (`there`, or where a folder is)
/// at `mine`, a file or folder of the owner's.
fn clash(mine: &Path, path: &str, place: &str) -> Diagnostic {
    Diagnostic::general(format!(
        "{} was not written by boardpack, and this build writes `{path}` {place}; both are left as they were",
        mine.display()
    ))
    .with_help("move your file out of the site's folder (or rename the page), then build again")
}

/// Removes the folders above `path`, up to `out`, that are now empty.
fn remove_emptied(out: &Path, path: &Path) {
    let mut up = path.parent();
    while let Some(folder) = up.filter(|f| *f != out && f.starts_with(out)) {
        if fs::remove_dir(folder).is_err() {
            break;
        }
        up = folder.parent();
    }
}

/// Replaces the marker in `out` with `text`, by a rename, so it is never half written.
fn replace_marker(out: &Path, text: &str) -> Result<(), Diagnostic> {
    let marker = out.join(MARKER);
    let temporary = out.join(format!("{MARKER}{TEMPORARY}"));
    if let Err(e) = fs::write(&temporary, text) {
        let _ = fs::remove_file(&temporary);
        return Err(fail("write", &temporary, e));
    }
    fs::rename(&temporary, &marker).map_err(|e| fail("replace", &marker, e))
}

/// The folders of a site made writable by their owner (a `chmod a-w site`), with their
/// modes, which are put back when this is dropped.
struct Writable(Vec<(PathBuf, fs::Permissions)>);

impl Writable {
    fn make(root: &Path) -> Writable {
        let mut changed = Vec::new();
        for entry in walkdir::WalkDir::new(root)
            .follow_links(false)
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_dir() {
                continue;
            }
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            let before = meta.permissions();
            #[cfg(unix)]
            let open = {
                use std::os::unix::fs::PermissionsExt;
                (before.mode() & 0o700 != 0o700)
                    .then(|| fs::Permissions::from_mode(before.mode() | 0o700))
            };
            #[cfg(not(unix))]
            let open = before.readonly().then(|| {
                let mut open = before.clone();
                open.set_readonly(false);
                open
            });
            if let Some(open) = open
                && fs::set_permissions(entry.path(), open).is_ok()
            {
                changed.push((entry.into_path(), before));
            }
        }
        Writable(changed)
    }
}

impl Drop for Writable {
    fn drop(&mut self) {
        for (folder, mode) in self.0.drain(..).rev() {
            let _ = fs::set_permissions(folder, mode);
        }
    }
}

/// Removes a folder boardpack wrote. One made read-only (`chmod a-w site`) is made
/// writable by its owner first ([`Writable`]), as boardpack is.
fn remove_ours(root: &Path) -> io::Result<()> {
    #[cfg(test)]
    if tests::CANNOT_REMOVE.with(|path| path.borrow().as_deref() == Some(root)) {
        return Err(io::Error::new(io::ErrorKind::ResourceBusy, "held open"));
    }
    match remove_tree(root) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            let _open = Writable::make(root);
            remove_tree(root)
        }
        removed => removed,
    }
}

/// A site written while it is built, for a one-shot build: each page goes into the staging
/// folder as soon as it is rendered, so the build need not hold every page until the end
/// (at 100,000 initiatives they come to about 900 MB), and the writing overlaps the
/// rendering. [`Staging::finish`] writes the other files and swaps the folder in, as
/// [`publish`] does. Dropped unfinished (a failed build), it removes its folder, so the
/// previous site is left as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    root: PathBuf,
    existing: Existing,
    written: AtomicUsize,
    /// The paths written so far, for the marker's list.
    paths: Mutex<Vec<String>>,
    /// The write that failed first by path (not in time: pages are written on every
    /// core, and the error reported should not depend on which finished first).
    failed: Mutex<Option<(PathBuf, io::Error)>>,
    finished: bool,
    /// Held until the build ends (after `Drop` has removed an unfinished folder).
    _turn: Turn,
}

impl Staging {
    /// Starts a site for `out`, or `None` when `out` cannot take one now (a folder or file
    /// boardpack did not make, a leftover it may not remove, another build's [`Turn`]).
    /// The build then keeps its files in memory and [`publish`] says why, or waits its
    /// turn, once it is done, so that a problem in the records is still the one reported
    /// first. Also `None` when `out`'s parent folder is not there yet: a failed build
    /// would leave it made.
    pub fn begin(out: &Path) -> Option<Staging> {
        if !parent_of(out).is_dir() {
            return None;
        }
        Staging::start(out, Turn::take(out)?).ok()
    }

    /// A staging folder for `out`, made in `turn`.
    fn start(out: &Path, turn: Turn) -> Result<Staging, Diagnostic> {
        let (existing, root) = prepare(out)?;
        Ok(Staging {
            out: out.to_path_buf(),
            root,
            existing,
            written: AtomicUsize::new(0),
            paths: Mutex::new(Vec::new()),
            failed: Mutex::new(None),
            finished: false,
            _turn: turn,
        })
    }

    /// The folder this site will replace.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Writes one file of the site now. A failure is kept for [`Staging::finish`] to
    /// report: the build goes on, so a problem in a record is still reported before it.
    pub fn write(&self, relative: &str, bytes: &[u8]) {
        let written = match safe_relative(relative) {
            Some(path) => write_creating(&self.root, &path, bytes),
            None => Err((
                self.root.join(relative),
                io::Error::new(io::ErrorKind::InvalidInput, "not a path inside the site"),
            )),
        };
        match written {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::Relaxed);
                self.paths
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(relative.to_string());
            }
            Err(failure) => {
                let mut first = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                if first.as_ref().is_none_or(|(path, _)| failure.0 < *path) {
                    *first = Some(failure);
                }
            }
        }
    }

    /// How many files [`Staging::write`] has written.
    pub fn count(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Writes `files` and `papers` beside what is already written and puts the site in
    /// the place of `out`.
    pub fn finish(mut self, files: &[File], papers: &[Paper]) -> Result<Leftover, Error> {
        let failed = self
            .failed
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some((path, error)) = failed {
            return Err(Error::Environment(fail("write", &path, error)));
        }
        write_all(&self.root, files, papers)
            .map_err(|(path, error)| Error::Environment(fail("write", &path, error)))?;
        // The folder lived for the whole build and could be removed by hand meanwhile: the
        // files written at the end would then make a folder that is no site.
        let marker = self.root.join(MARKER);
        if !marker.is_file() {
            return Err(Error::Environment(
                Diagnostic::general(format!(
                    "{} was removed while the site was being written; {} is left as it was",
                    self.root.display(),
                    self.out.display()
                ))
                .with_help("build again"),
            ));
        }
        let mut paths = std::mem::take(self.paths.get_mut().unwrap_or_else(|e| e.into_inner()));
        paths.extend(files.iter().map(|(path, _)| path.clone()));
        paths.extend(papers.iter().map(|paper| paper.path.clone()));
        // Each once: a merge renames each path in, and a path listed twice (a theme's file
        // over a built-in one) would be gone the second time.
        paths.sort_unstable();
        paths.dedup();
        fs::write(&marker, marker_listing(paths.iter().map(String::as_str)))
            .map_err(|e| Error::Environment(fail("write", &marker, e)))?;
        let existing = std::mem::replace(&mut self.existing, Existing::Missing);
        let leftover = swap(&self.out, &self.root, existing, &paths)?;
        self.finished = true;
        Ok(leftover)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            // Best effort: in this build's turn the staging folder is its own and holds
            // nothing of value.
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

/// Writes `relative` in `root`, making its folder first if it is not there yet (but never
/// `root` itself: if that is gone, the write fails).
fn write_creating(root: &Path, relative: &Path, bytes: &[u8]) -> Result<(), (PathBuf, io::Error)> {
    let path = root.join(relative);
    match fs::write(&path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound && root.is_dir() => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| (parent.to_path_buf(), e))?;
            }
            fs::write(&path, bytes).map_err(|e| (path, e))
        }
        written => written.map_err(|e| (path, e)),
    }
}

/// Removes a folder boardpack wrote, its files on every core: at thousands of pages,
/// removing the previous site one file at a time was half of the write phase.
fn remove_tree(root: &Path) -> io::Result<()> {
    // `out` may be a link to the site's folder; moved aside, the link is removed, as
    // `remove_dir_all` does, and what it points to is left alone.
    if fs::symlink_metadata(root)?.file_type().is_symlink() {
        return fs::remove_file(root);
    }
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .follow_root_links(false)
        .contents_first(true)
    {
        let entry = entry.map_err(io::Error::from)?;
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    // The marker last: a folder that could not be removed whole is still known as ours,
    // and the next build may remove it (it was then "not written by boardpack").
    let marker = root.join(MARKER);
    files.retain(|file| *file != marker);
    files.par_iter().try_for_each(fs::remove_file)?;
    match fs::remove_file(&marker) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    // Contents first: each folder comes after everything in it.
    folders.iter().try_for_each(fs::remove_dir)
}

/// Whether `root` holds folders alone, however deep, and no file or link.
fn only_folders(root: &Path) -> bool {
    walkdir::WalkDir::new(root)
        .follow_root_links(false)
        .into_iter()
        .all(|entry| entry.is_ok_and(|entry| entry.file_type().is_dir()))
}

#[derive(Debug, PartialEq, Eq)]
enum Existing {
    Missing,
    Empty,
    Ours,
    Foreign,
    File,
}

fn inspect(out: &Path) -> io::Result<Existing> {
    match fs::metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Existing::Missing),
        Err(e) => Err(e),
        Ok(meta) if !meta.is_dir() => Ok(Existing::File),
        Ok(_) if out.join(MARKER).is_file() => Ok(Existing::Ours),
        Ok(_) if fs::read_dir(out)?.next().is_none() => Ok(Existing::Empty),
        Ok(_) => Ok(Existing::Foreign),
    }
}

/// `.name.boardpack-<what>` beside `out`, on the same filesystem so renames are atomic.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.boardpack-{what}"))
}

/// A staging or old folder left by an interrupted build is removed, but only if it is ours.
/// One holding only empty folders is: a build stopped (Ctrl-C) while removing the old site
/// after its marker left that, and every later build refused it until it was removed by
/// hand. Nothing is lost with it.
fn clear_leftover(path: &Path) -> io::Result<()> {
    match inspect(path)? {
        Existing::Missing => Ok(()),
        Existing::Ours | Existing::Empty => remove_ours(path),
        Existing::Foreign if only_folders(path) => remove_ours(path),
        Existing::Foreign | Existing::File => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "it exists and was not written by boardpack",
        )),
    }
}

/// Writes `files` and `papers` into `root`, which exists.
fn write_all(root: &Path, files: &[File], papers: &[Paper]) -> Result<(), (PathBuf, io::Error)> {
    let mut paths = Vec::with_capacity(files.len());
    let mut folders = BTreeSet::new();
    for relative in files
        .iter()
        .map(|(p, _)| p)
        .chain(papers.iter().map(|p| &p.path))
    {
        let path = root.join(safe_relative(relative).ok_or_else(|| {
            (
                root.join(relative),
                io::Error::new(io::ErrorKind::InvalidInput, "not a path inside the site"),
            )
        })?);
        if let Some(parent) = path.parent() {
            folders.insert(parent.to_path_buf());
        }
        paths.push(path);
    }
    for folder in folders {
        fs::create_dir_all(&folder).map_err(|e| (folder, e))?;
    }
    // Thousands of small files: writing them on every core roughly halves the time. The
    // error reported is the first by path, as a serial write would report.
    let (made, copied) = paths.split_at(files.len());
    let mut failures: Vec<(PathBuf, io::Error)> = made
        .par_iter()
        .zip(files)
        .filter_map(|(path, (_, bytes))| fs::write(path, &**bytes).err().map(|e| (path.clone(), e)))
        .collect();
    failures.extend(
        copied
            .par_iter()
            .zip(papers)
            .filter_map(|(path, paper)| copy(paper, path).err())
            .collect::<Vec<_>>(),
    );
    match failures.into_iter().min_by(|a, b| a.0.cmp(&b.0)) {
        Some(failure) => Err(failure),
        None => Ok(()),
    }
}

/// Copies a paper in chunks (`fs::copy`), naming the paper's source if it cannot be read.
fn copy(paper: &Paper, to: &Path) -> Result<(), (PathBuf, io::Error)> {
    if !paper.source.is_file() {
        let error = io::Error::new(io::ErrorKind::NotFound, "the paper is gone");
        return Err((paper.source.clone(), error));
    }
    fs::copy(&paper.source, to)
        .map(drop)
        .map_err(|e| (to.to_path_buf(), e))
}

/// Each file of a site as written, by path: what [`update`] compares a new build with. The
/// bytes are shared with the build (and with `watch`'s render cache), not copied, so
/// keeping them costs no second copy of the site, and a page the next build reuses is
/// known unchanged by its address alone. Papers are known by their source and stamp.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Written {
    /// In order of their paths, as a build lists them, so a save's files are compared
    /// with these in one pass, without a map of 11,000 paths made and hashed each time.
    files: Vec<File>,
    papers: rustc_hash::FxHashMap<String, Paper>,
    /// The folder and its marker as this writer left them (see [`Stamp`]).
    stamp: Option<Stamp>,
}

/// Which folder the site is in, and which marker lists it: a build into the same folder
/// from another command (`build --confidential` while `watch` ran) swapped in a folder of
/// its own, or rewrote the marker, and an update comparing with this writer's last site
/// alone left that build's confidential pages in place, every save saying "rebuilt".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    folder: (u64, u64),
    marker: (u64, u64, Option<std::time::SystemTime>),
}

impl Stamp {
    fn of(out: &Path) -> Option<Stamp> {
        let folder = fs::metadata(out).ok()?;
        let marker = fs::metadata(out.join(MARKER)).ok()?;
        #[cfg(unix)]
        let id = |meta: &fs::Metadata| {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let id = |_: &fs::Metadata| (0, 0);
        Some(Stamp {
            folder: id(&folder),
            marker: (id(&marker).1, marker.len(), marker.modified().ok()),
        })
    }
}

impl Written {
    /// What [`update`] needs to know of `files` and `papers` once they are written: they
    /// are kept as they are, not copied (at 10,000 pages a copy of every path took a
    /// tenth of a save's writing).
    pub fn of(mut files: Vec<File>, papers: Vec<Paper>) -> Written {
        in_path_order(&mut files);
        Written {
            files,
            papers: papers.into_iter().map(|p| (p.path.clone(), p)).collect(),
            stamp: None,
        }
    }

    /// `files` and `papers` as just written into `out`: an update compares the folder
    /// with it before changing anything.
    pub fn written_to(out: &Path, files: Vec<File>, papers: Vec<Paper>) -> Written {
        Written {
            stamp: Stamp::of(out),
            ..Written::of(files, papers)
        }
    }
}

/// Sorts files by path, unless they are already in order, as a build's are.
fn in_path_order<F: std::borrow::Borrow<File>>(files: &mut [F]) {
    fn path<F: std::borrow::Borrow<File>>(file: &F) -> &str {
        &file.borrow().0
    }
    if !files.is_sorted_by(|a, b| path(a) <= path(b)) {
        files.sort_by(|a, b| path(a).cmp(path(b)));
    }
}

/// [`Written::of`] copies of `files` and `papers`.
#[cfg(test)]
fn written(files: &[File], papers: &[Paper]) -> Written {
    Written::of(files.to_vec(), papers.to_vec())
}

/// Brings `out`, which holds the site `previous` as [`publish`] or this function wrote it,
/// up to `files` by writing only the files that differ and removing those that are gone;
/// what `out` then holds is [`Written::of`] `files` and `papers`. Each file is replaced by
/// a rename, so a reader sees the old page or the new one, never half of one; across
/// files, a reader may for a moment see some pages of the new build and some of the old.
/// `watch` uses this after its first build: at thousands of pages, writing them all on
/// every save was most of the rebuild time. On an error `out` holds a mix of both sites;
/// the caller should [`publish`] the next build whole.
pub fn update(
    out: &Path,
    previous: &Written,
    files: &[File],
    papers: &[Paper],
) -> Result<(), Error> {
    update_in(out, previous, files, papers).map_err(|failure| match failure {
        Failure::Untouched(problem) => Error::Environment(problem),
        Failure::Partly(problem) => Error::PartlyWritten(problem),
    })
}

fn update_in(
    out: &Path,
    previous: &Written,
    files: &[File],
    papers: &[Paper],
) -> Result<(), Failure> {
    put_in_place(out, previous, files, papers)
        .map_err(Failure::Untouched)?
        .map_err(Failure::Partly)
}

/// Checks and writes an update up to the point where the last site starts to change (the
/// outer error); then removes what went and renames what was written (the inner one).
fn put_in_place(
    out: &Path,
    previous: &Written,
    files: &[File],
    papers: &[Paper],
) -> Result<Result<(), Diagnostic>, Diagnostic> {
    if !matches!(inspect(out), Ok(Existing::Ours))
        || previous
            .stamp
            .is_some_and(|stamp| Stamp::of(out) != Some(stamp))
    {
        return Err(Diagnostic::general(format!(
            "{} no longer holds the site boardpack wrote",
            out.display()
        )));
    }
    let mut sorted: Vec<&File> = files.iter().collect();
    in_path_order(&mut sorted);
    let was_there = |relative: &str| {
        previous.papers.contains_key(relative)
            || previous
                .files
                .binary_search_by(|(path, _)| path.as_str().cmp(relative))
                .is_ok()
    };
    // Both lists are in order of their paths: one pass finds what changed and what went.
    let mut old = previous.files.iter().peekable();
    let mut changed_files = Vec::new();
    let mut gone: Vec<&str> = Vec::new();
    // Paths the last site did not have, as a page or a paper.
    let mut added: Vec<&str> = Vec::new();
    for (relative, bytes) in sorted.iter().copied() {
        while let Some((before, _)) = old.next_if(|(before, _)| before < relative) {
            gone.push(before);
        }
        match old.next_if(|(before, _)| before == relative) {
            Some((_, kept)) if std::sync::Arc::ptr_eq(kept, bytes) || **kept == **bytes => {}
            Some(_) => changed_files.push((relative, bytes)),
            None => {
                changed_files.push((relative, bytes));
                if !previous.papers.contains_key(relative) {
                    added.push(relative);
                }
            }
        }
        // A path the last site listed twice (a theme's file over a built-in one) is not
        // gone while this one has it.
        while old.next_if(|(before, _)| before == relative).is_some() {}
    }
    gone.extend(old.map(|(before, _)| before.as_str()));
    added.extend(
        papers
            .iter()
            .map(|paper| paper.path.as_str())
            .filter(|path| !was_there(path)),
    );
    // A new page where the owner has put a file of their own (or through one): refused
    // before anything is written, as a full build refuses it. Renamed over, it was lost.
    for path in &added {
        let mut at = out.to_path_buf();
        let mut shown = String::new();
        for part in path.split('/') {
            at.push(part);
            if !shown.is_empty() {
                shown.push('/');
            }
            shown.push_str(part);
            let Ok(meta) = fs::symlink_metadata(&at) else {
                break;
            };
            let last = shown.len() == path.len();
            if (last || !meta.is_dir()) && !was_there(&shown) {
                return Err(Diagnostic::general(format!(
                    "{} was not written by boardpack, and this build writes `{path}` there; it is left as it was",
                    at.display()
                ))
                .with_help("move your file out of the site's folder (or rename the page); the preview shows the last site until then"));
            }
        }
    }
    // Before anything changes, the marker lists the new paths beside the old, so that if
    // this update stops part way, the next build still knows each of them as boardpack's.
    if !added.is_empty() {
        let both = previous
            .files
            .iter()
            .map(|(path, _)| path.as_str())
            .chain(previous.papers.keys().map(String::as_str))
            .chain(added.iter().copied());
        replace_marker(out, &marker_listing(both))?;
    }
    // A path of the previous site is gone unless this one has it, as a file or a paper.
    let is_file_now = |relative: &str| {
        sorted
            .binary_search_by(|(path, _)| path.as_str().cmp(relative))
            .is_ok()
    };
    let now_papers: rustc_hash::FxHashSet<&str> = papers.iter().map(|p| p.path.as_str()).collect();
    let gone: Vec<&str> = gone
        .into_iter()
        .filter(|relative| !now_papers.contains(relative))
        .chain(
            previous
                .papers
                .keys()
                .map(String::as_str)
                .filter(|relative| !now_papers.contains(relative) && !is_file_now(relative)),
        )
        .collect();
    let changed_papers = papers
        .iter()
        .filter(|paper| previous.papers.get(&paper.path) != Some(*paper));
    let changes = changed_files
        .into_iter()
        .map(|(relative, bytes)| (relative, Some(bytes), None))
        .chain(changed_papers.map(|paper| (&paper.path, None, Some(paper))));
    let changes: Vec<_> = changes.collect();
    // Nothing is written through a link the owner put in place of a folder of the site.
    for (relative, ..) in &changes {
        let path = out.join(relative);
        if !within(out, &path) {
            return Err(Diagnostic::general(format!(
                "a folder above {} is a link that was not written by boardpack; nothing is written through it",
                path.display()
            ))
            .with_help("put the folder back, or move the link out of the site's folder"));
        }
    }
    // Every changed file is written under a name of its own before any is put in place:
    // a disk that fills part way (the pack is the largest file) then leaves the last
    // site whole, as the message says, with no temporary file in it.
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(changes.len());
    // Whether a file of the last site was removed to make way for a folder.
    let mut made_way = false;
    for (relative, bytes, paper) in changes {
        let staged = stage(
            out,
            relative,
            bytes,
            paper,
            &gone,
            &mut written,
            &mut made_way,
        );
        if let Err(problem) = staged {
            for (temporary, path) in &written {
                let _ = fs::remove_file(temporary);
                remove_emptied(out, path);
            }
            return if made_way {
                Ok(Err(problem))
            } else {
                Err(problem)
            };
        }
    }
    // Removed before the renames: on a file system that ignores case `IPR.pdf` gone and
    // `ipr.pdf` new are one file.
    Ok(replace(out, &gone, written).and_then(|()| {
        // The marker lists what the site holds, so that a later build knows which files
        // are someone's own: a page added by a save is boardpack's, one removed is no
        // longer.
        if !gone.is_empty() || !added.is_empty() {
            let paths = sorted
                .iter()
                .map(|(path, _)| path.as_str())
                .chain(papers.iter().map(|paper| paper.path.as_str()));
            replace_marker(out, &marker_listing(paths))?;
        }
        Ok(())
    }))
}

/// The last site's files this update does not keep removed, and its written files put
/// in their places.
fn replace(out: &Path, gone: &[&str], written: Vec<(PathBuf, PathBuf)>) -> Result<(), Diagnostic> {
    for relative in gone {
        remove_gone(out, relative)?;
    }
    for (temporary, path) in written {
        fs::rename(&temporary, &path).map_err(|e| fail("replace", &path, e))?;
    }
    Ok(())
}

/// Writes one changed file of an update under its temporary name, and notes it in
/// `written` (the temporary and the final path) as soon as anything of it is on disk.
fn stage(
    out: &Path,
    relative: &str,
    bytes: Option<&Bytes>,
    paper: Option<&Paper>,
    gone: &[&str],
    written: &mut Vec<(PathBuf, PathBuf)>,
    made_way: &mut bool,
) -> Result<(), Diagnostic> {
    let path = out.join(safe_relative(relative).ok_or_else(|| {
        fail(
            "write",
            &out.join(relative),
            io::Error::new(io::ErrorKind::InvalidInput, "not a path inside the site"),
        )
    })?);
    if let Some(parent) = path.parent()
        && fs::create_dir_all(parent).is_err()
    {
        // A paper's path that turns into a folder (`files/a` to `files/a/b.pdf`) needs
        // the place of a file that goes.
        for above in gone
            .iter()
            .filter(|g| relative.starts_with(&format!("{g}/")))
        {
            *made_way = true;
            remove_gone(out, above)?;
        }
        fs::create_dir_all(parent).map_err(|e| fail("create", parent, e))?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!(".{}{TEMPORARY}", name.unwrap_or_default()));
    let result = match (bytes, paper) {
        (Some(bytes), _) => {
            fs::write(&temporary, &**bytes).map_err(|e| fail("write", &temporary, e))
        }
        (None, Some(paper)) => copy(paper, &temporary).map_err(|(p, e)| fail("copy", &p, e)),
        (None, None) => return Ok(()),
    };
    written.push((temporary, path));
    result
}

/// Removes a file of the previous site that this one does not have, and its folders once
/// they are empty.
fn remove_gone(out: &Path, relative: &str) -> Result<(), Diagnostic> {
    if let Some(path) = safe_relative(relative).map(|p| out.join(p))
        && within(out, &path)
    {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => {
                fs::remove_file(&path).map_err(|e| fail("remove", &path, e))?
            }
            _ => {}
        }
        // Its folder goes with it once empty, as from a fresh build: a meeting made
        // confidential left `files/2026-03/` behind, naming it, in the public site.
        remove_emptied(out, &path);
    }
    Ok(())
}

/// A site path made only of plain names: no root, no `..`, nothing that leaves the folder.
fn safe_relative(relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    (plain && !relative.is_empty()).then(|| path.to_path_buf())
}

/// An absolute path with symlinks resolved as far as the path exists, and `.`/`..` removed
/// from the rest, so two spellings of one folder compare equal.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut resolved = real;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::CurDir => {}
                    other => resolved.push(other),
                }
            }
            return resolved;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    std::thread_local! {
        /// A folder [`remove_ours`] fails to remove on this thread, as a file held open or
        /// a folder the user cannot change would make it (the tests may run as root,
        /// whom permissions do not stop).
        pub(super) static CANNOT_REMOVE: std::cell::RefCell<Option<PathBuf>> =
            const { std::cell::RefCell::new(None) };
    }

    /// `a.html=1\nb/c.html=2` as a site's files.
    fn named(spec: &str) -> Vec<File> {
        spec.lines()
            .map(|line| {
                let (path, text) = line.split_once('=').unwrap();
                (path.to_string(), Bytes::from(text.as_bytes()))
            })
            .collect()
    }

    fn files(text: &str) -> Vec<File> {
        vec![
            ("index.html".into(), Bytes::from(text.as_bytes())),
            ("data/indicators.json".into(), Bytes::from(&b"{}"[..])),
        ]
    }

    #[test]
    fn writes_then_replaces_its_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let mut first = files("one");
        first.push(("stale.html".into(), Bytes::from(&b"old page"[..])));
        publish(&out, &first, &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(out.join(MARKER).is_file());
        publish(&out, &files("two"), &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(
            !out.join("stale.html").exists(),
            "the old site is replaced whole"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"], "no staging or old folder is left behind");
    }

    /// Files someone put in the site's folder (a `CNAME`, a `.git` checkout, notes) are
    /// theirs: a rebuild keeps them, and removes only what the previous build wrote and
    /// this one does not. Before, every rebuild deleted them without a word.
    #[test]
    fn keeps_files_of_its_owner_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let mut first = named("index.html=one\ndata/a.csv=a\nold/gone.html=g\nold/kept.html=k");
        first.push(("files/a\nb\\c.pdf".into(), Bytes::from(&b"odd name"[..])));
        publish(&out, &first, &[]).unwrap();
        fs::write(out.join("CNAME"), "board.example.org").unwrap();
        fs::create_dir_all(out.join(".git/refs")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref").unwrap();
        fs::write(out.join("data/notes.txt"), "mine").unwrap();
        publish(
            &out,
            &named("index.html=two\ndata/b.csv=b\nold/kept.html=k2"),
            &[],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "board.example.org"
        );
        assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref");
        assert!(out.join(".git/refs").is_dir());
        assert_eq!(
            fs::read_to_string(out.join("data/notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(fs::read_to_string(out.join("old/kept.html")).unwrap(), "k2");
        for gone in ["data/a.csv", "old/gone.html", "files/a\nb\\c.pdf", "files"] {
            assert!(!out.join(gone).exists(), "{gone} was the previous build's");
        }
        // The marker lists the new site, so the next build knows the same files as theirs.
        publish(&out, &named("index.html=three"), &[]).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "board.example.org"
        );
        assert!(!out.join("data/b.csv").exists() && !out.join("old").exists());
        assert_eq!(
            fs::read_to_string(out.join("data/notes.txt")).unwrap(),
            "mine"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"], "no staging or old folder is left behind");
        // A page now written where their file is: refused, and both left as they were.
        let problem = publish(&out, &named("index.html=four\nCNAME=page"), &[])
            .unwrap_err()
            .report()
            .render();
        assert!(
            problem.contains("was not written by boardpack, and this build writes `CNAME` there"),
            "{problem}"
        );
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "board.example.org"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "three");
    }

    /// A new page may go into a folder of the owner's beside their files; a link of theirs
    /// where a page was is theirs, and a page written there is refused, not written
    /// through it.
    #[cfg(unix)]
    #[test]
    fn around_folders_and_links_of_the_owner() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &named("index.html=one\npage.html=p"), &[]).unwrap();
        fs::create_dir(out.join("extra")).unwrap();
        fs::write(out.join("extra/mine.txt"), "mine").unwrap();
        publish(&out, &named("index.html=two\nextra/page.html=new"), &[]).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("extra/mine.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(out.join("extra/page.html")).unwrap(),
            "new"
        );
        // The page the last build wrote is now a link of the owner's, to a folder outside.
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        publish(&out, &named("index.html=three\nlinked=x"), &[]).unwrap();
        fs::remove_file(out.join("linked")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
        let problem = publish(&out, &named("index.html=four\nlinked/page.html=x"), &[])
            .unwrap_err()
            .report()
            .render();
        assert!(
            problem.contains("was not written by boardpack"),
            "{problem}"
        );
        assert!(
            fs::read_dir(&elsewhere).unwrap().next().is_none(),
            "nothing written through the link"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "three");
    }

    /// A folder of the site the owner replaced by a link leads out of it: nothing is
    /// removed or written through it. A paper dropped from the records was deleted from
    /// the folder the link led to.
    #[cfg(unix)]
    #[test]
    fn nothing_is_removed_or_written_through_a_link_of_the_owner() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let before = named("index.html=one\nfiles/2026-09/ipr.pdf=paper");
        publish(&out, &before, &[]).unwrap();
        let archive = dir.path().join("archive");
        fs::create_dir(&archive).unwrap();
        fs::write(archive.join("ipr.pdf"), "the archive's").unwrap();
        fs::remove_dir_all(out.join("files/2026-09")).unwrap();
        std::os::unix::fs::symlink(&archive, out.join("files/2026-09")).unwrap();
        // watch's update: a changed paper under the link is refused; one gone is not removed.
        let changed = named("index.html=one\nfiles/2026-09/ipr.pdf=new");
        assert!(update(&out, &written(&before, &[]), &changed, &[]).is_err());
        assert_eq!(
            fs::read_to_string(archive.join("ipr.pdf")).unwrap(),
            "the archive's"
        );
        update(&out, &written(&before, &[]), &named("index.html=two"), &[]).unwrap();
        assert_eq!(
            fs::read_to_string(archive.join("ipr.pdf")).unwrap(),
            "the archive's"
        );
        // A build: the link is the owner's, kept; the paper the link leads to stays.
        publish(&out, &named("index.html=three"), &[]).unwrap();
        assert_eq!(
            fs::read_to_string(archive.join("ipr.pdf")).unwrap(),
            "the archive's"
        );
        assert!(out.join("files/2026-09").is_symlink());
    }

    /// `watch`'s update refuses a new page where the owner has put a file, as a full
    /// build does; it renamed over it, and the file was lost.
    #[test]
    fn an_update_keeps_a_file_of_the_owner_where_a_page_would_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let before = named("index.html=one");
        publish(&out, &before, &[]).unwrap();
        fs::create_dir_all(out.join("pages")).unwrap();
        fs::write(out.join("pages/notes.html"), "mine").unwrap();
        let after = named("index.html=one\npages/notes.html=page");
        let problem = update(&out, &written(&before, &[]), &after, &[])
            .unwrap_err()
            .report()
            .render();
        assert!(
            problem.contains("was not written by boardpack"),
            "{problem}"
        );
        assert_eq!(
            fs::read_to_string(out.join("pages/notes.html")).unwrap(),
            "mine"
        );
    }

    /// The staging folder takes the site folder's mode from the start: a confidential
    /// build's pages are written into it for as long as the build takes.
    #[cfg(unix)]
    #[test]
    fn the_staging_folder_is_as_private_as_the_site() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("private");
        fs::create_dir(&out).unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o700)).unwrap();
        let staging = Staging::begin(&out).unwrap();
        let mode = fs::metadata(&staging.root).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }

    /// A site written by a boardpack whose marker lists nothing is replaced whole, as then.
    #[test]
    fn a_marker_without_a_list_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(MARKER), "This folder is written by boardpack.\n").unwrap();
        fs::write(out.join("stale.html"), "old").unwrap();
        publish(&out, &files("x"), &[]).unwrap();
        assert!(!out.join("stale.html").exists());
        assert!(out.join("index.html").is_file());
    }

    /// A folder kept private (`chmod 700`, for a confidential build) stays private: the
    /// new site was a new folder with the default mode, readable by every user.
    #[cfg(unix)]
    #[test]
    fn the_folder_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("private");
        fs::create_dir(&out).unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o700)).unwrap();
        for text in ["one", "two"] {
            publish(&out, &files(text), &[]).unwrap();
            let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "after building {text}");
        }
        // Likewise around files of the owner's own.
        fs::write(out.join("CNAME"), "x").unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o750)).unwrap();
        publish(&out, &files("three"), &[]).unwrap();
        assert_eq!(
            fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o750
        );
    }

    /// An output that links to an empty folder is replaced by the site, as one linking to
    /// a site is; the folder it led to is left as it was. It failed: "Not a directory".
    #[cfg(unix)]
    #[test]
    fn a_link_to_an_empty_folder_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let www = dir.path().join("www");
        fs::create_dir(&www).unwrap();
        let out = dir.path().join("site");
        std::os::unix::fs::symlink(&www, &out).unwrap();
        publish(&out, &files("x"), &[]).unwrap();
        assert!(!out.is_symlink() && out.join("index.html").is_file());
        assert!(www.is_dir() && fs::read_dir(&www).unwrap().next().is_none());
    }

    #[test]
    fn leaves_a_folder_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let problem = publish(&out, &files("x"), &[])
            .unwrap_err()
            .report()
            .render();
        assert!(
            problem.contains("was not written by boardpack"),
            "{problem}"
        );
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert!(!out.join("index.html").exists());
    }

    #[test]
    fn an_empty_folder_or_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        publish(&empty, &files("x"), &[]).unwrap();
        assert!(empty.join("index.html").is_file());
        let file = dir.path().join("file");
        fs::write(&file, "text").unwrap();
        assert!(
            publish(&file, &files("x"), &[])
                .unwrap_err()
                .report()
                .render()
                .contains("is a file")
        );
        assert_eq!(fs::read_to_string(&file).unwrap(), "text");
    }

    #[test]
    fn a_failed_write_keeps_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("good"), &[]).unwrap();
        let bad = vec![("../escape.html".to_string(), Bytes::from(&b"x"[..]))];
        assert!(publish(&out, &bad, &[]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "good");
        assert!(!dir.path().join("escape.html").exists());
        assert!(!dir.path().join(".site.boardpack-staging").exists());
    }

    #[test]
    fn refuses_targets_that_would_replace_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("report");
        fs::create_dir_all(project.join("content/people")).unwrap();
        for bad in [
            project.clone(),
            project.join("content"),
            project.join("content/people/site"),
            project.join("themes/default"),
            dir.path().to_path_buf(),
            project.join("content/../.."),
            PathBuf::from("/"),
        ] {
            assert!(
                check_target(&bad, &project).is_err(),
                "{} should be refused",
                bad.display()
            );
        }
        for good in [
            project.join("site"),
            dir.path().join("elsewhere"),
            project.join("content/../site"),
        ] {
            assert!(check_target(&good, &project).is_ok(), "{}", good.display());
        }
    }

    #[test]
    fn an_update_writes_only_what_changed_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let before =
            named("same.html=one\nchanged.html=two\ngone.html=three\nfiles/2026-03/p.pdf=p");
        publish(&out, &before, &[]).unwrap();
        // A file the update must not touch, since the build did not change it.
        fs::write(out.join("same.html"), "edited by hand").unwrap();
        let after = named("same.html=one\nchanged.html=TWO\nnew/page.html=four");
        update(&out, &written(&before, &[]), &after, &[]).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("same.html")).unwrap(),
            "edited by hand"
        );
        assert_eq!(fs::read_to_string(out.join("changed.html")).unwrap(), "TWO");
        assert_eq!(
            fs::read_to_string(out.join("new/page.html")).unwrap(),
            "four"
        );
        assert!(!out.join("gone.html").exists());
        // A folder emptied goes too, as from a fresh build (it named a hidden meeting's
        // papers, and the next build took it for the owner's).
        assert!(!out.join("files").exists());
        assert!(out.join(MARKER).is_file());
        // The marker lists the updated site: the next build removes the page the update
        // added, and keeps a file of the owner's own.
        fs::write(out.join("CNAME"), "mine").unwrap();
        publish(&out, &named("same.html=one"), &[]).unwrap();
        assert!(!out.join("new").exists() && !out.join("changed.html").exists());
        assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "mine");
        let leftovers: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".boardpack-new"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_full_disk_is_named_with_what_to_do() {
        let full = fail(
            "write",
            Path::new("site/a.html"),
            io::Error::from(io::ErrorKind::StorageFull),
        );
        assert!(
            full.help
                .as_deref()
                .is_some_and(|help| help.starts_with("the disk is full: free some space"))
        );
        let denied = fail(
            "write",
            Path::new("site/a.html"),
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        assert_eq!(denied.help, None);
    }

    /// A write that fails part way (a full disk, here a folder where the last file's
    /// temporary goes) leaves the last site as it was, with no temporary file in it.
    #[test]
    fn an_update_that_cannot_write_leaves_the_last_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let before = named("a.html=one\ngone.html=two\nz.pdf=old pack");
        publish(&out, &before, &[]).unwrap();
        let previous = written(&before, &[]);
        fs::create_dir(out.join(".z.pdf.boardpack-new")).unwrap();
        let after = named("a.html=ONE\nnew/b.html=three\nz.pdf=new pack");
        let problem = update(&out, &previous, &after, &[])
            .unwrap_err()
            .report()
            .render();
        assert!(
            problem.contains("could not write") && problem.contains(".z.pdf.boardpack-new"),
            "{problem}"
        );
        assert!(!problem.contains("disk is full"), "{problem}");
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "one");
        assert_eq!(fs::read_to_string(out.join("gone.html")).unwrap(), "two");
        assert_eq!(fs::read_to_string(out.join("z.pdf")).unwrap(), "old pack");
        assert!(!out.join(".a.html.boardpack-new").exists());
        assert!(
            !out.join("new").exists(),
            "the folder made for a new page is removed"
        );
        // Once the disk has room, the same update goes through.
        fs::remove_dir(out.join(".z.pdf.boardpack-new")).unwrap();
        update(&out, &previous, &after, &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("z.pdf")).unwrap(), "new pack");
        assert_eq!(fs::read_to_string(out.join("new/b.html")).unwrap(), "three");
        assert!(!out.join("gone.html").exists());
    }

    /// Whatever the order of the files given and kept, and whether a path turns from a
    /// page into a paper or back, an update leaves what a fresh publish would.
    #[test]
    fn an_update_leaves_what_a_fresh_publish_would() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("paper.pdf");
        fs::write(&source, b"%PDF").unwrap();
        let paper = |path: &str| Paper {
            path: path.into(),
            source: source.clone(),
            stamp: (1, None, 0),
        };
        // The files only: an update leaves a folder it emptied, a fresh publish has none.
        let files_in = |folder: &Path| -> Vec<(String, Option<Vec<u8>>)> {
            contents(folder)
                .into_iter()
                .filter(|(_, bytes)| bytes.is_some())
                .collect()
        };
        let steps: [(&str, &[&str]); 4] = [
            ("z.html=1\na.html=1\nm/b.html=1\nfiles/x.pdf=page", &[]),
            ("a.html=2\nz.html=1\nm/c.html=1", &["files/x.pdf"]),
            (
                "files/x.pdf=page again\nm/c.html=1\nb.html=1",
                &["files/y.pdf"],
            ),
            ("", &[]),
        ];
        let out = dir.path().join("site");
        let (first, first_papers) = steps[0];
        let mut kept = written(
            &named(first),
            &first_papers.iter().map(|p| paper(p)).collect::<Vec<_>>(),
        );
        publish(&out, &named(first), &[]).unwrap();
        for (n, (files, papers)) in steps.iter().enumerate().skip(1) {
            let files = if files.is_empty() {
                Vec::new()
            } else {
                named(files)
            };
            let papers: Vec<Paper> = papers.iter().map(|p| paper(p)).collect();
            update(&out, &kept, &files, &papers).unwrap();
            let fresh = dir.path().join(format!("fresh{n}"));
            publish(&fresh, &files, &papers).unwrap();
            assert_eq!(files_in(&out), files_in(&fresh), "step {n}");
            kept = written(&files, &papers);
        }
    }

    /// A path listed twice by the last site (a theme's file over a built-in one of the same
    /// name) is not removed when this site lists it once.
    #[test]
    fn a_path_listed_twice_before_is_not_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let before = named("icon.svg=built in\nicon.svg=theme\nz.html=1");
        publish(&out, &before, &[]).unwrap();
        let after = named("icon.svg=built in\nz.html=1");
        update(&out, &written(&before, &[]), &after, &[]).unwrap();
        assert!(out.join("icon.svg").exists());
        let last = named("icon.svg=built in");
        update(&out, &written(&before, &[]), &last, &[]).unwrap();
        assert!(out.join("icon.svg").exists());
        assert!(!out.join("z.html").exists());
    }

    /// Papers are copied from their source when the site is written, and again by an
    /// update only when their size or time changed; a paper gone from the build goes.
    #[test]
    fn papers_are_copied_and_updated_by_their_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("ipr.pdf");
        fs::write(&source, b"%PDF one").unwrap();
        let paper = |stamp: u64| Paper {
            path: "files/2026-09/ipr.pdf".into(),
            source: source.clone(),
            stamp: (stamp, None, 0),
        };
        let out = dir.path().join("site");
        let pages = named("index.html=home");
        publish(&out, &pages, &[paper(1)]).unwrap();
        let copied = out.join("files/2026-09/ipr.pdf");
        assert_eq!(fs::read(&copied).unwrap(), b"%PDF one");
        fs::write(&source, b"%PDF two").unwrap();
        // Same stamp: not copied again.
        let was = written(&pages, &[paper(1)]);
        update(&out, &was, &pages, &[paper(1)]).unwrap();
        assert_eq!(fs::read(&copied).unwrap(), b"%PDF one");
        update(&out, &was, &pages, &[paper(2)]).unwrap();
        assert_eq!(fs::read(&copied).unwrap(), b"%PDF two");
        update(&out, &written(&pages, &[paper(2)]), &pages, &[]).unwrap();
        assert!(!copied.exists());
        // A paper whose source went between listing and writing fails the write, naming it.
        fs::remove_file(&source).unwrap();
        let problem = publish(&out, &pages, &[paper(3)])
            .unwrap_err()
            .report()
            .render();
        assert!(
            problem.contains("ipr.pdf") && problem.contains("the paper is gone"),
            "{problem}"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
    }

    /// Another command's build into the folder (`build --confidential` while `watch`
    /// ran) swaps in a folder of its own or rewrites the marker: the next update must not
    /// compare with what this writer left, or that build's pages stayed.
    #[test]
    fn an_update_refuses_a_folder_another_build_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let public = named("index.html=public");
        publish(&out, &public, &[]).unwrap();
        let kept = Written::written_to(&out, public.clone(), Vec::new());
        update(&out, &kept, &public, &[]).unwrap();
        let confidential = named("index.html=public\nsecret.html=secret");
        publish(&out, &confidential, &[]).unwrap();
        assert!(update(&out, &kept, &public, &[]).is_err(), "swapped in");
        // A writer into the same folder, which rewrote the marker.
        publish(&out, &public, &[]).unwrap();
        let kept = Written::written_to(&out, public.clone(), Vec::new());
        let other = Written::written_to(&out, public.clone(), Vec::new());
        update(&out, &other, &confidential, &[]).unwrap();
        assert!(
            update(&out, &kept, &public, &[]).is_err(),
            "marker rewritten"
        );
    }

    #[test]
    fn an_update_refuses_a_folder_that_is_not_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = named("a.html=1");
        assert!(
            update(&out, &written(&site, &[]), &site, &[]).is_err(),
            "missing"
        );
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(
            update(&out, &written(&site, &[]), &named("a.html=2"), &[]).is_err(),
            "foreign"
        );
        assert!(!out.join("a.html").exists());
    }

    /// What a folder holds, by path: the files' bytes and the folders (as `None`).
    fn contents(root: &Path) -> Vec<(String, Option<Vec<u8>>)> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let name = e.path().strip_prefix(root).unwrap().display().to_string();
                let bytes = e.file_type().is_file().then(|| fs::read(e.path()).unwrap());
                (name, bytes)
            })
            .collect()
    }

    /// Pages written while the build runs and files written at its end make the same
    /// folder as [`publish`] writing them all at once, with the previous site replaced.
    #[test]
    fn a_staged_site_is_the_site_publish_writes() {
        let dir = tempfile::tempdir().unwrap();
        let whole =
            named("index.html=home\ninitiatives/a.html=A\ninitiatives/b.html=B\nstatic/s.css=x");
        let (out, at_once) = (dir.path().join("site"), dir.path().join("at-once"));
        publish(&out, &named("old.html=old\nold/deep.html=old"), &[]).unwrap();
        publish(&at_once, &whole, &[]).unwrap();

        let staging = Staging::begin(&out).unwrap();
        staging.write("initiatives/a.html", b"A");
        staging.write("initiatives/b.html", b"B");
        assert_eq!(staging.count(), 2);
        assert_eq!(
            fs::read_to_string(out.join("old.html")).unwrap(),
            "old",
            "the previous site stays until the swap"
        );
        staging
            .finish(&named("index.html=home\nstatic/s.css=x"), &[])
            .unwrap();
        assert_eq!(contents(&out), contents(&at_once));
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(
            names,
            ["at-once", "site"],
            "no staging or old folder is left"
        );
    }

    /// A build that fails after writing some pages drops its staging folder: the previous
    /// site is as it was and nothing is left beside it.
    #[test]
    fn an_unfinished_staged_site_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("good"), &[]).unwrap();
        let before = contents(&out);
        let staging = Staging::begin(&out).unwrap();
        staging.write("index.html", b"half a site");
        staging.write("initiatives/a.html", b"A");
        drop(staging);
        assert_eq!(contents(&out), before);
        assert!(!dir.path().join(".site.boardpack-staging").exists());
    }

    /// A page that cannot be written is reported by `finish`, the first by path, and
    /// nothing is swapped in.
    #[test]
    fn a_staged_write_that_fails_is_reported_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("good"), &[]).unwrap();
        let before = contents(&out);
        let staging = Staging::begin(&out).unwrap();
        staging.write("b", b"a file where a folder is needed");
        staging.write("b/page.html", b"cannot be written");
        staging.write("a/../../escape.html", b"outside");
        staging.write("c.html", b"written after a failure");
        assert_eq!(staging.count(), 2);
        let problem = staging
            .finish(&files("new"), &[])
            .unwrap_err()
            .report()
            .render();
        assert!(
            problem.contains("could not write") && problem.contains("escape.html"),
            "{problem}"
        );
        assert_eq!(contents(&out), before);
        assert!(!dir.path().join(".site.boardpack-staging").exists());
        assert!(!dir.path().join("escape.html").exists());
    }

    /// A staging folder removed during the build (by hand: another build finds it claimed)
    /// is not swapped in: the previous site stays, and the problem says what happened.
    #[test]
    fn a_staging_folder_removed_meanwhile_is_not_swapped_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("good"), &[]).unwrap();
        let before = contents(&out);
        let staging_folder = dir.path().join(".site.boardpack-staging");
        // Removed between two pages: the next page is not written into a new folder.
        let staging = Staging::begin(&out).unwrap();
        staging.write("initiatives/a.html", b"A");
        fs::remove_dir_all(&staging_folder).unwrap();
        staging.write("initiatives/b.html", b"B");
        let problem = staging.finish(&files("new"), &[]).unwrap_err();
        let problem = problem.report().render();
        assert!(problem.contains("could not write"), "{problem}");
        assert!(!staging_folder.exists());
        // Removed after the last page: the files written at the end make a folder again,
        // but without the marker it is not a site boardpack swaps in.
        let staging = Staging::begin(&out).unwrap();
        staging.write("initiatives/a.html", b"A");
        fs::remove_dir_all(&staging_folder).unwrap();
        let problem = staging.finish(&files("new"), &[]).unwrap_err();
        let problem = problem.report().render();
        assert!(problem.contains("was removed while"), "{problem}");
        assert_eq!(contents(&out), before);
        assert!(!staging_folder.exists());
    }

    /// A folder boardpack did not make, or a file, takes no staging folder: the build
    /// keeps its pages and `publish` refuses the target after it, as before.
    #[test]
    fn no_staging_beside_a_target_that_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let file = dir.path().join("file");
        fs::write(&file, "text").unwrap();
        assert!(Staging::begin(&foreign).is_none());
        assert!(Staging::begin(&file).is_none());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
        // A failed build must not leave a folder it made: without a staging folder the
        // build writes nothing until its pages are all made.
        assert!(Staging::begin(&dir.path().join("new/site")).is_none());
        assert!(!dir.path().join("new").exists());
        let fresh = dir.path().join("site");
        let staging = Staging::begin(&fresh).expect("a folder not there yet");
        drop(staging);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    /// A previous site that cannot be removed once the new one is in place is said, with
    /// where it is: it may be a confidential build's, beside a folder a web server
    /// publishes. The next build removes it.
    #[test]
    fn a_previous_site_that_cannot_be_removed_is_said() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        assert!(publish(&out, &files("first"), &[]).unwrap().is_none());
        let old = dir.path().join(".site.boardpack-old");
        CANNOT_REMOVE.with(|path| *path.borrow_mut() = Some(old.clone()));
        let leftover = publish(&out, &files("second"), &[])
            .unwrap()
            .expect("a warning");
        CANNOT_REMOVE.with(|path| *path.borrow_mut() = None);
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "second"
        );
        assert_eq!(fs::read_to_string(old.join("index.html")).unwrap(), "first");
        assert!(!leftover.is_error());
        assert_eq!(
            leftover.message,
            format!(
                "the site was written, but the previous one could not be removed, and is left in {}: held open",
                old.display()
            )
        );
        assert!(publish(&out, &files("third"), &[]).unwrap().is_none());
        assert!(!old.exists());
    }

    /// After a build that stopped between its two renames, the previous site is only in
    /// the `old` folder: the next build puts it back before anything else, so a failure
    /// of that build cannot lose it.
    #[test]
    fn a_previous_site_left_in_the_old_folder_comes_back_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("good"), &[]).unwrap();
        fs::rename(&out, dir.path().join(".site.boardpack-old")).unwrap();
        let staging = Staging::begin(&out).unwrap();
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "good");
        fs::rename(&out, dir.path().join(".site.boardpack-old")).unwrap();
        let bad = vec![("../escape.html".to_string(), Bytes::from(&b"x"[..]))];
        assert!(publish(&out, &bad, &[]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "good");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// While one build writes beside a folder, another does not start its staging folder
    /// there: it keeps its pages, and its `publish` waits for the first to be done and
    /// then replaces that site whole. A staging folder no build is writing is a leftover.
    #[test]
    fn a_second_build_of_the_same_folder_waits_its_turn() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("good"), &[]).unwrap();
        let first = Staging::begin(&out).unwrap();
        first.write("initiatives/a.html", b"A");
        assert!(Staging::begin(&out).is_none());
        let (done, said) = std::sync::mpsc::channel();
        let second = {
            let out = out.clone();
            std::thread::spawn(move || {
                let published = publish(&out, &files("second"), &[]);
                done.send(()).unwrap();
                published
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(said.try_recv().is_err(), "the second waits for the first");
        first.finish(&files("first"), &[]).unwrap();
        second.join().unwrap().unwrap();
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "second"
        );
        assert!(
            !out.join("initiatives/a.html").exists(),
            "no mix of the two"
        );
        let leftover = dir.path().join(".site.boardpack-staging");
        fs::create_dir(&leftover).unwrap();
        fs::write(leftover.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(leftover.join("half.html"), "x").unwrap();
        Staging::begin(&out)
            .unwrap()
            .finish(&files("third"), &[])
            .unwrap();
        assert!(!out.join("half.html").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// A build stopped while removing the old site left its folders, empty, after the
    /// marker: every later build refused that leftover as "not written by boardpack". One
    /// holding a file is still refused.
    #[test]
    fn a_leftover_of_empty_folders_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("first"), &[]).unwrap();
        let old = dir.path().join(".site.boardpack-old");
        fs::create_dir_all(old.join("initiatives/deeper")).unwrap();
        fs::create_dir_all(old.join("people")).unwrap();
        publish(&out, &files("second"), &[]).unwrap();
        assert!(!old.exists());
        fs::create_dir_all(old.join("people")).unwrap();
        fs::write(old.join("people/minutes.docx"), "precious").unwrap();
        assert!(publish(&out, &files("third"), &[]).is_err());
        assert_eq!(
            fs::read_to_string(old.join("people/minutes.docx")).unwrap(),
            "precious"
        );
    }

    /// A folder put where the output goes during the build is not moved or removed, nor
    /// one put in place of the site the build began to replace.
    #[test]
    fn an_output_replaced_during_the_build_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let precious = |out: &Path| {
            fs::create_dir(out).unwrap();
            fs::write(out.join("minutes.docx"), "precious").unwrap();
        };
        let out = dir.path().join("site");
        let staging = Staging::begin(&out).unwrap();
        precious(&out);
        let problem = staging.finish(&files("new"), &[]).unwrap_err();
        let problem = problem.report().render();
        assert!(
            problem.contains("changed while the site was being built"),
            "{problem}"
        );
        assert_eq!(
            fs::read_to_string(out.join("minutes.docx")).unwrap(),
            "precious"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        let out = dir.path().join("ours");
        publish(&out, &files("old"), &[]).unwrap();
        let staging = Staging::begin(&out).unwrap();
        fs::rename(&out, dir.path().join("moved")).unwrap();
        precious(&out);
        assert!(staging.finish(&files("new"), &[]).is_err());
        assert_eq!(
            fs::read_to_string(out.join("minutes.docx")).unwrap(),
            "precious"
        );
        assert!(!dir.path().join(".ours.boardpack-staging").exists());
    }

    #[cfg(unix)]
    #[test]
    fn removing_a_tree_removes_every_level() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("old");
        publish(&root, &named("a.html=1\nb/c.html=2\nb/d/e/f.html=3"), &[]).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("b/link")).unwrap();
        remove_tree(&root).unwrap();
        assert!(!root.exists());
        assert!(dir.path().is_dir(), "a link is removed, not followed");
    }

    /// `--out` may be a link to the site's folder: the link is replaced by the new site,
    /// as before, and the folder it pointed to keeps the previous site, never emptied.
    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_link_keeps_what_it_pointed_to() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        publish(&real, &files("old"), &[]).unwrap();
        let out = dir.path().join("site");
        std::os::unix::fs::symlink(&real, &out).unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.write("initiatives/a.html", b"A");
        staging.finish(&files("new"), &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(real.join("index.html")).unwrap(), "old");
        publish(&out, &files("newer"), &[]).unwrap();
        assert_eq!(fs::read_to_string(real.join("index.html")).unwrap(), "old");
    }

    #[test]
    fn site_paths_stay_inside() {
        assert!(safe_relative("a/b.html").is_some());
        for bad in ["../x", "/etc/passwd", "", "a/../../x"] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }
}
