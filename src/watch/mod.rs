//! Watching a project's files: notify's events, gathered into batches, classified into the
//! changes that need a rebuild.
//!
//! Watched: the project folder itself without its subfolders (for `boardpack.yaml` and for
//! `content/` or `themes/` appearing), and `content/` and `themes/` with everything in them.
//! Whole folders are watched, not files, because editors often save by replacing a file,
//! which ends a watch on the file itself. The output folder is never watched, so a build
//! cannot set off another.

pub mod batch;
pub mod changes;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::Touched;
use changes::Change;
use notify::{Event, RecursiveMode};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// How often `--poll` looks at every file. Polling costs a walk of the watched folders each
/// time; a quarter second keeps the preview prompt without keeping a core busy.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// A running watch on one project.
pub struct Watcher {
    root: PathBuf,
    inner: Box<dyn notify::Watcher + Send>,
    /// With `--poll`: the papers (`content/files/`) are looked at by [`poll_papers`].
    polling: bool,
    events: Receiver<notify::Result<Event>>,
    /// Events taken from `events` by [`Watcher::has_waiting`], for the next batch.
    waiting: Vec<notify::Result<Event>>,
    /// Every path changed since the last change returned (see [`Change::touched`]).
    touched: Touched,
    /// The linked folders watched, as (where the link leads, the link): see [`Linked`].
    linked: Linked,
}

/// The folders links in `content/` and `themes/` lead to, each watched where it is, and
/// its events' paths given back under the link, as the load names the files. notify is
/// told not to follow links, which it did everywhere (one to `/proc/self` had it watch
/// every folder of the system); and a link it is told to watch is not watched itself,
/// only the folders in it.
type Linked = Arc<Mutex<Vec<(PathBuf, PathBuf)>>>;

/// Keeps `held` as the linked folders events are named by: the deepest first, so that a
/// link inside a linked folder names its files.
fn keep_linked(linked: &Linked, mut held: Vec<(PathBuf, PathBuf)>) {
    held.sort_by_key(|(real, _)| std::cmp::Reverse(real.components().count()));
    *linked.lock().unwrap_or_else(PoisonError::into_inner) = held;
}

/// `event` with its paths under a linked folder named under the link.
fn under_links(linked: &Linked, mut event: Event) -> Event {
    let linked = linked.lock().unwrap_or_else(PoisonError::into_inner);
    if !linked.is_empty() {
        for path in &mut event.paths {
            if let Some((real, link)) = linked.iter().find(|(real, _)| path.starts_with(real))
                && let Ok(inside) = path.strip_prefix(real)
            {
                *path = link.join(inside);
            }
        }
    }
    event
}

/// More changed paths than this at once (a `git checkout`, say) are not listed: the next
/// build looks at every file, which is then quicker than looking them up one by one.
const MOST_PATHS: usize = 1_000;

impl Watcher {
    /// Starts watching `project`; `poll` looks at the files on a timer instead of asking
    /// the system for events, which network drives, containers and WSL do not deliver.
    pub fn start(project: &Path, poll: bool) -> Result<Watcher, Error> {
        Watcher::start_on(project, poll).map_err(Error::Environment)
    }

    fn start_on(project: &Path, poll: bool) -> Result<Watcher, Diagnostic> {
        let root = project.canonicalize().map_err(|error| {
            Diagnostic::general(format!("cannot watch {}: {error}", project.display()))
        })?;
        let (sender, events) = mpsc::channel();
        let linked = Linked::default();
        let handler = {
            let (linked, sender) = (linked.clone(), sender.clone());
            move |event: notify::Result<Event>| {
                let _ = sender.send(event.map(|event| under_links(&linked, event)));
            }
        };
        let inner: Box<dyn notify::Watcher + Send> = if poll {
            // notify's poller compares modification times in whole seconds, so without
            // comparing contents a save within a second of the last would be missed.
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true)
                .with_follow_symlinks(false);
            poll_papers(root.join("content"), sender.clone());
            Box::new(notify::PollWatcher::new(handler, config).map_err(cannot_watch)?)
        } else {
            let config = notify::Config::default().with_follow_symlinks(false);
            Box::new(
                <notify::RecommendedWatcher as notify::Watcher>::new(handler, config)
                    .map_err(cannot_watch)?,
            )
        };
        let mut watcher = Watcher {
            root,
            inner,
            polling: poll,
            events,
            waiting: Vec::new(),
            touched: Touched::Paths(Default::default()),
            linked,
        };
        watcher
            .inner
            .watch(&watcher.root, RecursiveMode::NonRecursive)
            .map_err(cannot_watch)?;
        watcher.watch_folders()?;
        Ok(watcher)
    }

    /// Blocks until the files change in a way that needs a rebuild. None when the watch
    /// has ended.
    pub fn next_change(&mut self) -> Option<Change> {
        loop {
            let batch = batch::collect_after(
                std::mem::take(&mut self.waiting),
                &self.events,
                batch::QUIET,
                batch::LONGEST,
            )?;
            let mut paths = Vec::new();
            let mut rescan = false;
            for event in batch {
                match event {
                    Ok(event) => {
                        rescan |= event.need_rescan();
                        if changes::is_a_change(&event.kind) {
                            note(&self.root, &mut self.touched, &event.paths);
                            paths.extend(event.paths);
                        }
                    }
                    // The watcher could not follow something; rebuild rather than miss it.
                    Err(error) => {
                        crate::terminal::say_line(&format!(
                            "warning: the file watcher reported: {error}"
                        ));
                        rescan = true;
                    }
                }
            }
            if rescan {
                self.touched = Touched::Unknown;
            }
            let change = if rescan {
                Some(Change::everything())
            } else {
                changes::classify(
                    &self.root,
                    paths.iter().map(PathBuf::as_path),
                    changes::Now::at,
                )
            };
            // Polled, `content/` is watched folder by folder: one made or moved into it
            // since needs a watch of its own.
            let content = self.root.join("content");
            let new_folder = self.polling
                && paths
                    .iter()
                    .any(|p| p.parent() == Some(content.as_path()) && p.is_dir());
            if new_folder
                && change.is_none()
                && let Err(problem) = self.watch_folders()
            {
                crate::terminal::say_line(&format!("warning: {}", problem.message));
            }
            if let Some(mut change) = change {
                change.touched =
                    std::mem::replace(&mut self.touched, Touched::Paths(Default::default()));
                if change.rescan || change.moves_a_watched_folder() || new_folder {
                    // While the folders are watched afresh, a change in them makes no
                    // event: the next build looks at everything.
                    change.touched = Touched::Unknown;
                    if let Err(problem) = self.watch_folders() {
                        crate::terminal::say_line(&format!("warning: {}", problem.message));
                    }
                }
                return Some(change);
            }
        }
    }

    /// (Re)starts the recursive watch on `content/` and `themes/`, whichever exist now.
    /// Whether an event has come that [`Watcher::next_change`] has not yet taken: a save
    /// made while the last one was being built.
    pub fn has_waiting(&mut self) -> bool {
        while let Ok(event) = self.events.try_recv() {
            self.waiting.push(event);
        }
        // Reading the records makes events too (an access, on Linux): only a change that
        // needs a build counts, as for `next_change`.
        let mut paths = Vec::new();
        for event in &self.waiting {
            match event {
                Ok(event) if event.need_rescan() => return true,
                Ok(event) if changes::is_a_change(&event.kind) => {
                    paths.extend(event.paths.iter().map(PathBuf::as_path))
                }
                Ok(_) => {}
                Err(_) => return true,
            }
        }
        changes::classify(&self.root, paths, changes::Now::at).is_some()
    }

    fn watch_folders(&mut self) -> Result<(), Diagnostic> {
        let content = self.root.join("content");
        let papers = content.join(crate::load::FILES);
        let mut linked = Vec::new();
        let watched: Vec<PathBuf> = ["content", "themes"]
            .iter()
            .filter_map(|name| self.root.join(name).canonicalize().ok())
            .collect();
        for name in ["content", "themes"] {
            let named = self.root.join(name);
            let links = if named.is_symlink() {
                vec![named.clone()]
            } else {
                Vec::new()
            };
            // A folder that was removed and made again needs a new watch; the old one may
            // still be registered under the same path.
            let _ = self.inner.unwatch(&named);
            if !named.is_dir() {
                continue;
            }
            let links = links
                .into_iter()
                .chain(crate::load::linked_folders(&content, &named))
                // With `--poll` the papers' own poller looks at them.
                .filter(|link| !(self.polling && link.starts_with(&papers)));
            for link in links {
                // One that leads into the watched folders is watched there already.
                if let Ok(real) = link.canonicalize()
                    && (link == named || !watched.iter().any(|folder| real.starts_with(folder)))
                {
                    linked.push((real, link));
                }
            }
            let folder = match linked.iter().find(|(_, link)| link == &named) {
                Some((real, _)) => real.clone(),
                None => named.clone(),
            };
            if self.polling && name == "content" {
                // `content/` itself and each of its folders but the papers', which
                // `poll_papers` looks at.
                self.inner
                    .watch(&folder, RecursiveMode::NonRecursive)
                    .map_err(cannot_watch)?;
                for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                    let path = entry.path();
                    let link = entry.file_type().is_ok_and(|t| t.is_symlink());
                    if path.is_dir() && !link && entry.file_name() != crate::load::FILES {
                        let _ = self.inner.unwatch(&path);
                        self.inner
                            .watch(&path, RecursiveMode::Recursive)
                            .map_err(cannot_watch)?;
                    }
                }
            } else {
                self.inner
                    .watch(&folder, RecursiveMode::Recursive)
                    .map_err(cannot_watch)?;
            }
        }
        for (real, link) in &linked {
            if link == &content || link == &self.root.join("themes") {
                continue;
            }
            let _ = self.inner.unwatch(real);
            self.inner
                .watch(real, RecursiveMode::Recursive)
                .map_err(cannot_watch)?;
        }
        keep_linked(&self.linked, linked);
        Ok(())
    }
}

/// With `--poll`, the papers' own poller: four times a second, the size, modification
/// time (to the nanosecond, where notify's poller keeps whole seconds and reports only a
/// newer one) and file of each paper under `content/files/`, links followed as a load
/// follows them, against the last look; what differs
/// is sent as one event. Hashing every paper each time, as the records' poller does, kept
/// half a core busy with one 300 MB paper, re-read from a network drive each time; and a
/// paper put back with an older time (`cp -p`, a restore) was never seen. Ends when the
/// watch does.
fn poll_papers(content: PathBuf, sender: mpsc::Sender<notify::Result<Event>>) {
    type Seen = (u64, Option<std::time::SystemTime>, u64);
    let folder = content.join(crate::load::FILES);
    fn look(content: &Path, folder: &Path) -> std::collections::HashMap<PathBuf, Seen> {
        let links = crate::load::Links::new(content);
        let mut seen = std::collections::HashMap::new();
        let mut walk = walkdir::WalkDir::new(folder).follow_links(true).into_iter();
        while let Some(entry) = walk.next() {
            let Ok(entry) = entry else { continue };
            if !links.follows(&entry) {
                // Not followed, but its going is a change: until then it is the build's
                // error.
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                seen.insert(entry.into_path(), (0, None, 0));
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            #[cfg(unix)]
            let file = std::os::unix::fs::MetadataExt::ino(&meta);
            #[cfg(not(unix))]
            let file = 0;
            seen.insert(entry.into_path(), (meta.len(), meta.modified().ok(), file));
        }
        seen
    }
    std::thread::spawn(move || {
        let mut last = look(&content, &folder);
        loop {
            std::thread::sleep(POLL_INTERVAL);
            let now = look(&content, &folder);
            let changed: Vec<PathBuf> = now
                .iter()
                .filter(|(path, seen)| last.get(*path) != Some(*seen))
                .map(|(path, _)| path.clone())
                .chain(last.keys().filter(|path| !now.contains_key(*path)).cloned())
                .collect();
            if !changed.is_empty() {
                let mut event = Event::new(notify::EventKind::Any);
                event.paths = changed;
                if sender.send(Ok(event)).is_err() {
                    return;
                }
            }
            last = now;
        }
    });
}

/// Adds changed paths to those the next build is told of, relative to the project `root`.
/// Every path counts, even one that needs no rebuild of its own: a folder whose name looks
/// like a file's, moved away, is no change by its name, but its records went with it.
fn note(root: &Path, touched: &mut Touched, paths: &[PathBuf]) {
    // Windows' watcher (ReadDirectoryChangesW, through notify) can lose events when its
    // buffer overflows without saying so: there every build looks at every file.
    if cfg!(windows) {
        *touched = Touched::Unknown;
    }
    let Touched::Paths(named) = touched else {
        return;
    };
    for path in paths {
        match path.strip_prefix(root) {
            Ok(rel) if named.len() < MOST_PATHS => {
                named.insert(rel.to_path_buf());
            }
            _ => {
                *touched = Touched::Unknown;
                return;
            }
        }
    }
}

fn cannot_watch(error: notify::Error) -> Diagnostic {
    let file = error
        .paths
        .first()
        .map_or_else(|| ".".to_string(), |p| p.display().to_string());
    let help = match &error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit on watched files is reached: raise fs.inotify.max_user_watches, or use --poll"
        }
        _ => "on network drives, containers and WSL, try --poll",
    };
    Diagnostic::general(format!(
        "cannot watch the project's files ({file}): {error}"
    ))
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event in a linked folder is named under the link, by the deepest linked folder
    /// that holds it; one elsewhere is left as it was.
    #[test]
    fn events_in_linked_folders_are_named_under_their_links() {
        let linked = Linked::default();
        let held = vec![
            (
                PathBuf::from("/shared"),
                PathBuf::from("/p/content/files/shared"),
            ),
            (
                PathBuf::from("/shared/board/minutes"),
                PathBuf::from("/p/content/files/minutes"),
            ),
        ];
        keep_linked(&linked, held);
        let mut event = Event::new(notify::EventKind::Any);
        event.paths = [
            "/shared/board/agenda.pdf",
            "/shared/board/minutes/2026-09.pdf",
            "/shared",
            "/sharedx/a.pdf",
            "/p/content/people/jo.yaml",
        ]
        .map(PathBuf::from)
        .to_vec();
        let named: Vec<PathBuf> = under_links(&linked, event).paths;
        assert_eq!(
            named,
            [
                "/p/content/files/shared/board/agenda.pdf",
                "/p/content/files/minutes/2026-09.pdf",
                "/p/content/files/shared",
                "/sharedx/a.pdf",
                "/p/content/people/jo.yaml",
            ]
            .map(PathBuf::from)
        );
    }

    #[test]
    #[cfg(not(windows))]
    fn changed_paths_are_kept_relative_until_there_are_too_many_or_one_is_elsewhere() {
        let root = Path::new("/p");
        let mut touched = Touched::Paths(Default::default());
        note(
            root,
            &mut touched,
            &[
                root.join("content/people/jo.yaml"),
                root.join("board.moved"),
            ],
        );
        note(root, &mut touched, &[root.join("content/people/jo.yaml")]);
        let expected = ["board.moved", "content/people/jo.yaml"].map(PathBuf::from);
        assert_eq!(touched, Touched::Paths(expected.into()));

        note(root, &mut touched, &[PathBuf::from("/elsewhere/jo.yaml")]);
        assert_eq!(touched, Touched::Unknown);
        note(root, &mut touched, &[root.join("content/people/jo.yaml")]);
        assert_eq!(touched, Touched::Unknown, "stays unknown until handed over");

        let mut touched = Touched::Paths(Default::default());
        let many: Vec<PathBuf> = (0..=MOST_PATHS)
            .map(|n| root.join(format!("content/people/p{n}.yaml")))
            .collect();
        note(root, &mut touched, &many);
        assert_eq!(touched, Touched::Unknown);
    }
}
