//! How long a rebuild takes after a one-file edit of the example project (`cargo bench
//! --bench rebuild`). Figures go in BENCHMARKS.md; nothing here asserts a time.
//!
//! Two measures:
//! - build: reading every record, validating, computing, rendering and writing the site,
//!   as `watch` does after each change (the time its line prints): reusing what the last
//!   build parsed and rendered where nothing changed, writing only changed files, and
//!   leaving the board pack, the search index and the exports for a build of their own
//!   (not timed in this measure);
//! - save to site: from writing a record to the new page being on disk, through a running
//!   `boardpack watch`, so including the file event and the quiet spell that gathers a save;
//!   and the build of their own that then brings the pack, index and exports up to date.
//!
//! Another project can be measured the same way (a synthetic one from `examples/synth.rs`):
//! `BENCH_PROJECT=DIR BENCH_RECORD=content/initiatives/initiative-00000.md
//! BENCH_PAGE=initiatives/initiative-00000.html BENCH_RUNS=10 cargo bench --bench rebuild`.
//! `BENCH_EDIT=title` (or another top-level field) edits that field instead of the body:
//! the record's index rows show it, so the pages that list it are rendered again.

#[path = "../tests/suite/common.rs"]
#[allow(dead_code)] // The bench copies a project; the rest of the harness is for the tests.
mod common;

// The in-process builds use the allocator the binary does (src/main.rs), so that they
// measure what `watch` spends.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use boardpack::{BuildOptions, Cache, Project, SiteFolder, Timings, Touched};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let setting = |name: &str, default: &str| std::env::var(name).unwrap_or(default.into());
    let source = std::env::var_os("BENCH_PROJECT")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let runs: usize = setting("BENCH_RUNS", "30")
        .parse()
        .expect("BENCH_RUNS is a number");
    let page = setting("BENCH_PAGE", "people/amara-okafor.html");
    let project = common::project_copy(&source);
    let out = project.path().join("site");
    let record_path = setting("BENCH_RECORD", "content/people/amara-okafor.md");
    let record = project.path().join(&record_path);
    let original = fs::read_to_string(&record).expect("the example has this record");
    // A project is edited long after most of its files were written, and the loader trusts
    // a file's metadata to show a change only seconds after its last write (`load::Stamp`):
    // let the copy settle, or every file would be read on every rebuild.
    std::thread::sleep(Duration::from_secs(4));

    let mut builds = Vec::new();
    // As `watch` does: the first build fills the cache and is written whole; after each
    // edit the cache is reused and only the files that changed are written.
    let mut cache = Cache::default();
    let built = Project::new(project.path());
    let options = BuildOptions::default();
    let first = built
        .build_again(options, &mut cache, &mut Timings::default())
        .expect("it builds");
    let mut folder = SiteFolder::new(project.path(), &out).expect("a folder of its own");
    folder.write(first).expect("it writes");
    let (mut rendered, mut read, mut looked) = (Vec::new(), Vec::new(), Vec::new());
    let mut timings = Timings::default();
    for run in 0..runs {
        fs::write(&record, edited(&original, run)).unwrap();
        // As `watch` does: the pages first, with the board pack, the search index and the
        // exports as they were; then, untimed here (the watch measure below times it), they
        // are brought up to date (here in one build; `watch` gives the index and exports a
        // build of their own before the pack's).
        cache.set_later(true);
        // As `watch` does: the build is told which file its watcher saw change.
        cache.touched(Touched::Paths([PathBuf::from(&record_path)].into()));
        let started = Instant::now();
        let site = built
            .build_again(options, &mut cache, &mut timings)
            .expect("it builds");
        timings.time("write", || folder.write(site).expect("it writes"));
        builds.push(started.elapsed());
        rendered.push(cache.pages_rendered());
        read.push(cache.files_read());
        looked.push(cache.files_looked_at());
        if cache.behind().is_some() {
            cache.set_later(false);
            let site = built
                .build_again(options, &mut cache, &mut Timings::default())
                .expect("it builds");
            folder.write(site).expect("it writes");
        }
    }
    report("build after a one-file edit", &mut builds);
    println!(
        "pages rendered after each edit (the rest reused): median {}; record files looked at: median {}, read: median {}",
        median(&mut rendered),
        median(&mut looked),
        median(&mut read)
    );
    println!(
        "phases, summed over the {runs} builds:\n{}",
        timings.report()
    );

    let (mut saves, mut lines, mut packs) = (Vec::new(), Vec::new(), Vec::new());
    let mut watch = Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(["watch", path(project.path()), "--out", path(&out)])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // watch's lines, as they come: after a save, its own line, then (when the save changed
    // what they show) the line of the build that brings the board pack, the search index
    // and the exports up to date after the pages are written.
    let (said, hear) = std::sync::mpsc::channel();
    let stderr = BufReader::new(watch.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if said.send(line).is_err() {
                break;
            }
        }
    });
    while !hear.recv().unwrap().starts_with("watching") {}
    let took = |line: &str| {
        line.split_once("rebuilt in ")
            .and_then(|(_, rest)| rest.split_once(' '))
            .and_then(|(amount, rest)| {
                let amount: f64 = amount.parse().ok()?;
                Some(Duration::from_secs_f64(if rest.starts_with("ms") {
                    amount / 1000.0
                } else {
                    amount
                }))
            })
    };
    let page = out.join(page);
    for run in 0..runs {
        let marker = format!("Edit {run} of the benchmark");
        fs::write(&record, edited(&original, run)).unwrap();
        let started = Instant::now();
        while !fs::read_to_string(&page).is_ok_and(|text| text.contains(&marker)) {
            assert!(started.elapsed() < Duration::from_secs(60), "no rebuild");
            std::thread::sleep(Duration::from_micros(200));
        }
        saves.push(started.elapsed());
        // `…: rebuilt in 212 ms, 11234 files`, then perhaps the catching up's lines (`the
        // search index and exports: rebuilt in 0.2 s`, `the board pack: rebuilt in 1.1 s`);
        // the next save waits for them, so each is measured alone.
        let line = hear.recv().unwrap();
        if let Some(ms) = took(&line) {
            lines.push(ms);
        }
        // Then the index's and exports' line, and the pack's, if they were behind (an edit
        // to an initiative always reaches the pack; one that did not would wait out the
        // timeout here).
        while let Ok(line) = hear.recv_timeout(Duration::from_secs(5)) {
            if line.starts_with("the search index") {
                continue;
            }
            if line.starts_with("the board pack")
                && let Some(pack) = took(&line)
            {
                packs.push(pack);
            }
            break;
        }
    }
    let _ = watch.kill();
    let _ = watch.wait();
    report("save to site through `watch`", &mut saves);
    if lines.len() == runs {
        report("`watch`'s own \"rebuilt in\"", &mut lines);
    }
    if !packs.is_empty() {
        report(
            "the board pack brought up to date after the save (after the index and exports)",
            &mut packs,
        );
    }
}

fn median(values: &mut [usize]) -> usize {
    values.sort();
    values[values.len() / 2]
}

/// The record with a line added to its body, different on each run; or, with
/// `BENCH_EDIT=FIELD` (`title`, `name`), that front-matter field's value changed instead:
/// an edit the record's index rows show, which renders the pages listing it again.
fn edited(original: &str, run: usize) -> String {
    let marker = format!("Edit {run} of the benchmark");
    let Ok(field) = std::env::var("BENCH_EDIT") else {
        return format!("{original}\n{marker}.\n");
    };
    let prefix = format!("{field}: ");
    let mut found = false;
    let lines: Vec<String> = original
        .lines()
        .map(|line| match line.strip_prefix(&prefix) {
            Some(_) if !found => {
                found = true;
                format!("{prefix}{marker}")
            }
            _ => line.to_string(),
        })
        .collect();
    assert!(found, "BENCH_EDIT: the record has no `{field}:` line");
    lines.join("\n") + "\n"
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.1} ms, fastest {:.1} ms, slowest {:.1} ms ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}
