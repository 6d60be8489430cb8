//! The library's entry point for a whole project: check it, work out its figures, build
//! its site.

use crate::build::{self, Cache, Site};
use crate::check::{Checked, open};
use crate::diagnostic::Report;
use crate::error::Error;
use crate::facts::Facts;
use crate::indicators;
use crate::model::BuildOptions;
use crate::timings::Timings;
use std::path::{Path, PathBuf};

/// A project folder: `boardpack.yaml` (optional) and `content/`.
#[derive(Debug, Clone)]
pub struct Project {
    path: PathBuf,
}

impl Project {
    pub fn new(path: impl Into<PathBuf>) -> Project {
        Project { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Validates every record, drafts and confidential ones included.
    pub fn check(&self) -> Checked {
        let mut checked = open(&self.path, BuildOptions::ALL, &mut Timings::default(), None);
        // The theme as the build loads it: a theme that is not there, a file of it that
        // cannot be read or a template of the project's own that does not parse failed
        // the build after `check` had said ok. The built-in templates are known to parse.
        if let Some(model) = &checked.model {
            let theme = build::theme_of(model, &self.path).and_then(|theme| {
                if !theme.own.is_empty() {
                    crate::site::templates_of(&theme)?;
                }
                Ok(theme.warnings)
            });
            match theme {
                Ok(warnings) => checked.report.problems.extend(warnings),
                Err(mut problem) => {
                    // The build's help speaks of the previous site, which `check` never
                    // touches.
                    problem.help = None;
                    checked.report.problems.push(problem);
                }
            }
            crate::diagnostic::sort(&mut checked.report.problems);
        }
        checked
    }

    /// The summary indicators of the records `options` includes.
    pub fn indicators(&self, options: BuildOptions) -> Result<Figures, Error> {
        let checked = open(&self.path, options, &mut Timings::default(), None);
        let model = match checked.model {
            Some(model) if checked.report.error_count() == 0 => model,
            _ => return Err(Error::Project(checked.report)),
        };
        let indicators = indicators::compute(&Facts::of(&model));
        let who = model
            .config
            .organisation
            .as_deref()
            .unwrap_or(&model.config.title.value);
        Ok(Figures {
            heading: format!("{who}: indicators as of {}", model.as_of),
            table: indicators.to_table(),
            json: indicators.to_json(),
            warnings: checked.report,
        })
    }

    /// Whether `out` may take the site: a folder of its own, not the project, its
    /// `content/` or `themes/`, a folder holding them, or the file system's root.
    pub fn check_output(&self, out: &Path) -> Result<(), Error> {
        crate::output::check_target(out, &self.path)
    }

    /// Builds the site of the records `options` includes, in memory, adding the time of
    /// each phase to `timings`.
    pub fn build(&self, options: BuildOptions, timings: &mut Timings) -> Result<Site, Error> {
        build::render(&self.path, options, timings, None)
    }

    /// [`Project::build`] for a build written to `out` straight after, with
    /// [`Site::write`]: its pages are written to a staging folder beside `out` as they are
    /// rendered, so they are never all in memory at once. `out` is replaced only by
    /// `write`, and a failed build leaves it as it was.
    pub fn build_to(
        &self,
        options: BuildOptions,
        out: &Path,
        timings: &mut Timings,
    ) -> Result<Site, Error> {
        build::render_to(&self.path, options, timings, out)
    }

    /// [`Project::build`] for a build that follows others of the same project, reusing
    /// what `cache` kept of them (as `watch` and `serve` do). The files are the same.
    pub fn build_again(
        &self,
        options: BuildOptions,
        cache: &mut Cache,
        timings: &mut Timings,
    ) -> Result<Site, Error> {
        build::render(&self.path, options, timings, Some(cache))
    }
}

/// The summary indicators, as the terminal shows them and as `data/indicators.json`.
#[derive(Debug)]
pub struct Figures {
    /// `Northshire Hospitals NHS Foundation Trust: indicators as of 2026-09-30`.
    pub heading: String,
    pub table: String,
    pub json: serde_json::Value,
    /// The project's warnings.
    pub warnings: Report,
}
