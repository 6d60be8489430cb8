//! The loop behind `watch` and `serve`: build, say in one line what happened, wait for the
//! next change, build again. A failed build never ends the loop and never replaces the last
//! good site; where the site goes is the [`Sink`]'s business.

use crate::build::{self, PACK, Site};
use crate::error::Error;
use crate::model::BuildOptions;
use crate::output;
use crate::watch::Watcher;
use crate::words::plural;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where each build goes.
pub trait Sink {
    /// Takes a good build and returns how many files it holds, and what writing it left to
    /// say. An error (the site could not be written) counts the build as failed.
    fn publish(&mut self, site: Site) -> Result<(usize, output::Leftover), Error>;
    /// Takes a failed build; the last good site stays.
    fn fail(&mut self, failed: &Error);
}

/// Writes each good build to an output folder: the first in one swap, the next ones by
/// changing only the files that differ (see [`output::update`]).
pub struct Folder {
    out: PathBuf,
    /// Held while a site is written, so a stop request waits for it to finish.
    pub writing: Arc<Mutex<()>>,
    /// What is in `out`, as this sink last wrote it; None until a build has been written
    /// whole, and again after a failed write.
    written: Option<output::Written>,
}

impl Folder {
    /// A sink writing to `out`, once `out` is known to be a safe place for the site of
    /// `project` (checked here once, not on every rebuild).
    pub fn new(project: &Path, out: &Path) -> Result<Folder, Error> {
        output::check_target(out, project)?;
        // `build` reports a record's problem before this one; `watch` would have gone on
        // watching, every save failing on the same folder.
        output::check_replaceable(out).map_err(Error::Usage)?;
        Ok(Folder {
            out: out.to_path_buf(),
            writing: Arc::default(),
            written: None,
        })
    }
}

impl Folder {
    /// Writes a build: the first whole, in one swap; each later one by changing only the
    /// files that differ. Returns how many files the site holds, and what writing it left
    /// to say.
    pub fn write(&mut self, site: Site) -> Result<(usize, output::Leftover), Error> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        // If the folder is not as this sink left it (removed, say) or a write fails, the
        // whole site is written again in one swap, which also mends a half-updated folder.
        let updated = self.written.take().is_some_and(|previous| {
            let updated = output::update(&self.out, &previous, &site.files, &site.papers);
            // Freeing the last site's 11,000 paths took a few milliseconds of a save.
            crate::aside::drop_aside(previous);
            updated.is_ok()
        });
        let leftover = if updated {
            None
        } else {
            output::publish(&self.out, &site.files, &site.papers)?
        };
        let count = site.files.len() + site.papers.len();
        self.written = Some(output::Written::written_to(
            &self.out,
            site.files,
            site.papers,
        ));
        Ok((count, leftover))
    }
}

impl Sink for Folder {
    fn publish(&mut self, site: Site) -> Result<(usize, output::Leftover), Error> {
        self.write(site)
    }

    // The terminal has the report; the folder keeps the last good site as it is.
    fn fail(&mut self, _failed: &Error) {}
}

/// What one build printed: diagnostics (possibly none), then one line.
#[derive(Debug)]
pub struct Report {
    pub diagnostics: String,
    pub line: String,
}

/// The warning of a session whose `boardpack.yaml` was removed or moved away.
fn settings_gone() -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic {
        severity: crate::diagnostic::Severity::Warning,
        ..crate::diagnostic::Diagnostic::general(
            "boardpack.yaml is gone: the report is built with the default settings (its title, report date and rules)",
        )
    }
    .with_help("put boardpack.yaml back (an editor or a sync tool may have moved it); without it the report is \"Board report\", dated by its latest meeting or point")
}

/// Builds one project again and again into one sink.
pub struct Rebuilder<S> {
    project: PathBuf,
    options: BuildOptions,
    pub sink: S,
    /// Warnings are printed when they differ from the last build's, not on every save.
    warnings_shown: String,
    built_once: bool,
    /// Whether the last build succeeded.
    last_ok: bool,
    /// A build that caught up after a save failed (the board pack's, or the search
    /// index's and exports'): everything is made within each save's build until one
    /// succeeds again, so a save gives one result, not a good one and then a bad one.
    pack_failing: bool,
    /// Set while a written site's board pack, search index or exports are out of date and
    /// about to be made again, or a save waits to be built: `watch` lets that build finish
    /// before it stops, so the folder is never left with pages newer than them, or older
    /// than the records.
    pub due: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Set by `watch` when it is asked to stop: the saves waiting then are built (with the
    /// pack, index and exports they make out of date), and no later one, so a stop ends
    /// even while saves keep coming (an editor saving every second, a sync tool).
    pub stopping: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Parsed files and rendered pages from earlier builds: a save re-does only what it
    /// changed (BENCHMARKS.md, issue 6).
    cache: build::Cache,
    /// `boardpack.yaml` was there when the session began. Without it a project is built
    /// with the defaults, as FORMAT.md allows; gone during a session it is almost always
    /// a mistake, which every build then warns of.
    had_settings: bool,
}

impl<S: Sink> Rebuilder<S> {
    pub fn new(project: &Path, options: BuildOptions, sink: S) -> Rebuilder<S> {
        Rebuilder {
            project: project.to_path_buf(),
            options,
            sink,
            warnings_shown: String::new(),
            built_once: false,
            last_ok: false,
            pack_failing: false,
            due: Default::default(),
            stopping: Default::default(),
            cache: build::Cache::for_preview(),
            had_settings: project.join(crate::config::FILE).is_file(),
        }
    }

    /// Builds the project, hands the result to the sink, and says what happened; `cause`
    /// starts the line (`content/people/jo.yaml changed`).
    pub fn rebuild(&mut self, cause: &str) -> Report {
        let started = Instant::now();
        let result = build::render(
            &self.project,
            self.options,
            &mut crate::timings::Timings::default(),
            Some(&mut self.cache),
        )
        .and_then(|mut site| {
            // Before the site is written, so a stop that waits for the writing also sees it.
            if self.cache.behind().is_some() {
                self.due.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            if self.had_settings && !self.project.join(crate::config::FILE).exists() {
                site.warnings.problems.insert(0, settings_gone());
            }
            // Left in the site as well: `serve` shows them on its pages.
            let warnings = (site.warnings.render(), site.warnings.problems.len());
            self.sink.publish(site).map(|files| (files, warnings))
        });
        let took = duration(started.elapsed());
        self.last_ok = result.is_ok();
        match result {
            Ok(((files, leftover), (warnings, warning_count))) => {
                self.built_once = true;
                let mut diagnostics = if warnings == self.warnings_shown {
                    String::new()
                } else {
                    warnings.clone()
                };
                // Each time: it is about this write, not the records.
                if let Some(leftover) = leftover {
                    diagnostics.push_str(&crate::diagnostic::Report::of(leftover).render());
                }
                self.warnings_shown = warnings;
                let mut line = format!("{cause}: rebuilt in {took}, {files} files");
                if warning_count > 0 {
                    line.push_str(&format!(", {}", plural(warning_count, "warning")));
                }
                Report { diagnostics, line }
            }
            Err(failed) => {
                self.sink.fail(&failed);
                // The warnings are in this report; print them again once the build is fixed.
                self.warnings_shown.clear();
                let kept = if matches!(failed, Error::PartlyWritten(_)) {
                    // Rare (a whole site's swap stopped part way): said as it is.
                    "the site holds part of this build; the next good build writes it whole"
                } else if self.built_once {
                    "the last good site is kept"
                } else {
                    "there is no site yet"
                };
                let report = failed.report();
                Report {
                    line: format!(
                        "{cause}: build failed after {took} with {} (above); {kept}",
                        plural(report.error_count().max(1), "error")
                    ),
                    diagnostics: report.render(),
                }
            }
        }
    }

    /// Rebuilds on every change `watcher` reports, printing each report, until the watch ends.
    ///
    /// A save shows at once: the pages are written with the board pack, the search index
    /// and the exports as they were, and those, which read every record (the pack takes
    /// about a second to typeset at 10,000 initiatives, the index and the exports about a
    /// tenth), are brought up to date by builds of their own straight after, with every
    /// page reused ([`Rebuilder::catch_up`]).
    ///
    /// A save made while those builds run waits for them: they are never skipped, so they
    /// cannot be left behind.
    pub fn run(&mut self, watcher: &mut Watcher) {
        // However this loop ends, a stop is not left waiting for a pack no one will make.
        struct Clear(std::sync::Arc<std::sync::atomic::AtomicBool>);
        impl Drop for Clear {
            fn drop(&mut self) {
                self.0.store(false, std::sync::atomic::Ordering::SeqCst);
            }
        }
        let _clear = Clear(self.due.clone());
        self.cache.set_later(true);
        while let Some(change) = watcher.next_change() {
            // Asked to stop before this save's build began: it holds the saves made before
            // the stop, and is the last.
            let last = self.stopping.load(std::sync::atomic::Ordering::SeqCst);
            // A stop waits for this save's build, whatever it leaves behind.
            self.due.store(true, std::sync::atomic::Ordering::SeqCst);
            self.cache.touched(change.touched.clone());
            print(&self.rebuild(&change.describe()));
            if self.pack_failing && self.last_ok {
                // The save's build made the pack: it typesets again.
                self.pack_failing = false;
                self.cache.set_later(true);
            }
            for report in self.catch_up() {
                print(&report);
            }
            if last {
                return;
            }
            // A save made while this one was built is built before a stop ends the
            // process: stopped straight after marking a record confidential, `watch` left
            // its page in the folder, with nothing said. Set in one store, so a stop never
            // sees it clear between the catch-up and the next save.
            self.due
                .store(watcher.has_waiting(), std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// Makes the search index and the exports, then the board pack, again when the last
    /// build kept them although what they show changed; nothing when they are up to date
    /// or the last build failed.
    ///
    /// The index and the exports come first, in a build of their own that leaves the pack
    /// as it was: they take a tenth of the pack's time at 10,000 initiatives, and a pack
    /// whose layout fails cannot hold them back, so the folder never keeps an index older
    /// than its pages. The pack's build is then the last word, error and all.
    pub fn catch_up(&mut self) -> Vec<Report> {
        let mut reports = Vec::new();
        if self.last_ok && self.cache.whole_behind() {
            self.cache.set_only_pack_later();
            reports.push(self.rebuild("the search index and exports"));
            if self.last_ok {
                self.cache.set_later(true);
            } else {
                // As for the pack below: each save then makes everything in its own build.
                self.cache.set_later(false);
                self.pack_failing = true;
            }
        }
        if self.last_ok && self.cache.pack_behind() {
            self.cache.set_later(false);
            reports.push(self.rebuild(PACK));
            if self.last_ok {
                self.cache.set_later(true);
            } else {
                // Until a build succeeds, each save makes everything in its own build, so
                // it gives one result.
                self.pack_failing = true;
            }
        }
        reports
    }
}

/// Prints a report to the terminal (standard error, like every other message).
pub fn print(report: &Report) {
    crate::terminal::say(&report.diagnostics);
    crate::terminal::say_line(&report.line);
}

/// `18 ms`, `1.4 s`.
fn duration(took: Duration) -> String {
    let ms = took.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the build a report tells of succeeded.
    fn built(report: &Report) -> bool {
        report.line.contains(": rebuilt in ")
    }
    use std::fs;

    /// Keeps what it is given, as `serve` does.
    #[derive(Default)]
    struct Memory {
        files: Option<usize>,
        failures: usize,
    }

    impl Sink for Memory {
        fn publish(&mut self, site: Site) -> Result<(usize, output::Leftover), Error> {
            self.files = Some(site.files.len());
            Ok((site.files.len(), None))
        }
        fn fail(&mut self, _failed: &Error) {
            self.failures += 1;
        }
    }

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("boardpack.yaml"),
            "title: Test board\nas_of: 2026-10-31\n",
        )
        .unwrap();
        fs::create_dir_all(dir.path().join("content/people")).unwrap();
        fs::write(
            dir.path().join("content/people/jo-bloggs.yaml"),
            "name: Jo Bloggs\nprofession: nurse\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_failure_keeps_the_site_and_the_next_good_build_replaces_it() {
        let dir = project();
        let mut rebuilder = Rebuilder::new(dir.path(), BuildOptions::default(), Memory::default());
        let first = rebuilder.rebuild("first build");
        assert!(built(&first), "{}{}", first.diagnostics, first.line);
        assert!(
            first.line.starts_with("first build: rebuilt in "),
            "{}",
            first.line
        );
        let files = rebuilder.sink.files.expect("published");
        assert!(
            first.line.ends_with(&format!(", {files} files")),
            "{}",
            first.line
        );

        let record = dir.path().join("content/people/jo-bloggs.yaml");
        fs::write(&record, "name: Jo Bloggs\nprofession: astronaut\n").unwrap();
        let broken = rebuilder.rebuild("content/people/jo-bloggs.yaml changed");
        assert!(!built(&broken));
        assert!(
            broken
                .diagnostics
                .contains("content/people/jo-bloggs.yaml:2:"),
            "{}",
            broken.diagnostics
        );
        assert!(
            broken
                .line
                .starts_with("content/people/jo-bloggs.yaml changed: build failed after "),
            "{}",
            broken.line
        );
        assert!(
            broken
                .line
                .ends_with("with 1 error (above); the last good site is kept")
        );
        assert_eq!(rebuilder.sink.failures, 1);
        assert_eq!(rebuilder.sink.files, Some(files));

        fs::write(&record, "name: Jo Bloggs\nprofession: doctor\n").unwrap();
        assert!(built(&rebuilder.rebuild("fixed")));
    }

    #[test]
    fn a_failed_first_build_says_there_is_no_site() {
        let dir = project();
        fs::write(dir.path().join("content/people/jo-bloggs.yaml"), "name: [").unwrap();
        let mut rebuilder = Rebuilder::new(dir.path(), BuildOptions::default(), Memory::default());
        let report = rebuilder.rebuild("first build");
        assert!(!built(&report));
        assert!(
            report.line.ends_with("there is no site yet"),
            "{}",
            report.line
        );
        assert_eq!(rebuilder.sink.files, None);
    }

    #[test]
    fn warnings_are_printed_when_they_change() {
        let dir = project();
        // A folder in content/ that is not a kind's is not read, with a warning.
        fs::create_dir(dir.path().join("content/al")).unwrap();
        let mut rebuilder = Rebuilder::new(dir.path(), BuildOptions::default(), Memory::default());
        let first = rebuilder.rebuild("first build");
        assert!(
            first.diagnostics.contains("content/al"),
            "{}",
            first.diagnostics
        );
        assert!(first.line.ends_with(", 1 warning"), "{}", first.line);
        let again = rebuilder.rebuild("again");
        assert_eq!(again.diagnostics, "");
        assert!(again.line.ends_with(", 1 warning"), "{}", again.line);
    }

    /// A project, a temp folder, and a rebuilder writing to `site` in that folder.
    fn folder_rebuilder() -> (tempfile::TempDir, tempfile::TempDir, Rebuilder<Folder>) {
        let dir = project();
        let out = tempfile::tempdir().unwrap();
        let sink = Folder::new(dir.path(), &out.path().join("site")).unwrap();
        let rebuilder = Rebuilder::new(dir.path(), BuildOptions::default(), sink);
        (dir, out, rebuilder)
    }

    #[test]
    fn a_folder_sink_writes_the_site_and_keeps_it_on_failure() {
        let (dir, out, mut rebuilder) = folder_rebuilder();
        let site = out.path().join("site");
        assert!(built(&rebuilder.rebuild("first build")));
        let index = fs::read_to_string(site.join("index.html")).unwrap();
        fs::write(dir.path().join("content/people/jo-bloggs.yaml"), "name: [").unwrap();
        assert!(!built(&rebuilder.rebuild("broken")));
        assert_eq!(fs::read_to_string(site.join("index.html")).unwrap(), index);
    }

    #[test]
    fn a_folder_sink_changes_only_what_changed_and_rewrites_a_folder_that_went() {
        let (dir, out, mut rebuilder) = folder_rebuilder();
        let site = out.path().join("site");
        assert!(built(&rebuilder.rebuild("first build")));
        // The style sheet does not change with a record, so it is not written again.
        fs::write(site.join("static/style.css"), "kept").unwrap();
        fs::write(
            dir.path().join("content/people/al-smith.yaml"),
            "name: Al Smith\nprofession: doctor\n",
        )
        .unwrap();
        fs::remove_file(dir.path().join("content/people/jo-bloggs.yaml")).unwrap();
        assert!(built(&rebuilder.rebuild("people changed")));
        assert!(site.join("people/al-smith.html").is_file());
        assert!(!site.join("people/jo-bloggs.html").exists());
        assert_eq!(
            fs::read_to_string(site.join("static/style.css")).unwrap(),
            "kept"
        );

        // Removed while watching: the next build writes the whole site again.
        fs::remove_dir_all(&site).unwrap();
        assert!(built(&rebuilder.rebuild("again")));
        assert!(site.join("people/al-smith.html").is_file());
        assert!(site.join("static/style.css").is_file());
        assert_ne!(
            fs::read_to_string(site.join("static/style.css")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Duration::from_micros(18_400)), "18 ms");
        assert_eq!(duration(Duration::from_millis(1_420)), "1.4 s");
    }
}
