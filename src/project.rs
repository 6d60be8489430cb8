//! The library's entry point for a whole project: load, validate, and say what was found.

use crate::diagnostic::{self, Diagnostic, Sources};
use crate::load;
use crate::model::{self, BuildOptions, Model};
use crate::timings::Timings;
use std::path::Path;

/// The result of reading a project: the model when there was no error, every problem
/// (sorted by file and position), and the sources they quote.
#[derive(Debug)]
pub struct Outcome {
    pub model: Option<Model>,
    pub problems: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Outcome {
    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|d| d.is_error()).count()
    }

    /// Every problem as `check` prints it, with the count of errors.
    pub fn report(&self) -> String {
        diagnostic::report(&self.problems, &self.sources)
    }

    /// `ok: 86 records, report date 2026-10-31`, or `ok` when there is no model.
    pub fn summary(&self) -> String {
        let Some(model) = &self.model else {
            return "ok".into();
        };
        format!(
            "ok: {} records, report date {}",
            model.records.count(),
            model.as_of
        )
    }

    fn failed(problem: Diagnostic) -> Outcome {
        Outcome {
            model: None,
            problems: vec![problem],
            sources: Sources::default(),
        }
    }
}

/// Loads and validates the project in `project`, keeping the records `options` includes.
pub fn open(project: &Path, options: BuildOptions) -> Outcome {
    open_timed(project, options, &mut Timings::default())
}

/// [`open`], adding the time spent loading and validating to `timings`.
pub fn open_timed(project: &Path, options: BuildOptions, timings: &mut Timings) -> Outcome {
    open_cached(project, options, timings, None)
}

/// [`open_timed`], reusing the files `cache` holds that have not changed (see
/// [`load::ParseCache`]).
pub fn open_cached(
    project: &Path,
    options: BuildOptions,
    timings: &mut Timings,
    cache: Option<&mut load::ParseCache>,
) -> Outcome {
    if !project.is_dir() {
        return Outcome::failed(no_project(project));
    }
    let mut loaded = match timings.time("load", || load::load_cached(project, cache)) {
        Ok(loaded) => loaded,
        Err(problem) => return Outcome::failed(problem),
    };
    let sources = std::mem::take(&mut loaded.sources);
    let (model, mut problems) = timings.time("validate", || model::build(loaded, options));
    diagnostic::sort(&mut problems);
    Outcome {
        model,
        problems,
        sources,
    }
}

/// The problem of a project folder that is not there.
pub fn no_project(project: &Path) -> Diagnostic {
    Diagnostic::general(format!("there is no project folder {}", project.display()))
        .with_help("run boardpack in the project folder (the one holding boardpack.yaml and content/), or name it: `boardpack check PATH`")
}
