//! A whole build: the validated model in, the site's files out, written in one swap.

use crate::diagnostic::{self, Diagnostic};
use crate::export;
use crate::indicators::{self, Indicators};
use crate::model::{BuildOptions, Model};
use crate::theme::{self, Theme};
use crate::timings::Timings;
use crate::yaml::Origin;
use crate::{config, project, site};
use std::path::Path;

/// Every file of the site for `model` rendered through `theme`, in path order.
pub fn files(
    model: &Model,
    indicators: &Indicators,
    theme: &Theme,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut files = site::render(model, indicators, theme)?;
    files.extend(
        export::exports(model, indicators)
            .map_err(|message| Diagnostic::file_error("data", message))?,
    );
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
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

/// A site built in memory, ready to be written or served.
#[derive(Debug)]
pub struct Rendered {
    /// Every file, in path order.
    pub files: Vec<(String, Vec<u8>)>,
    /// `ok: 86 records, report date 2026-10-31`.
    pub summary: String,
    /// The warnings, as `check` prints them (empty when there are none).
    pub warnings: String,
    pub warning_count: usize,
}

/// A build that stopped: every problem as `check` prints it, ending with the error count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub report: String,
    pub errors: usize,
}

/// Loads, validates and renders the project in `project`; nothing is written.
pub fn render(project: &Path, options: BuildOptions) -> Result<Rendered, Failed> {
    render_timed(project, options, &mut Timings::default())
}

/// [`render`], adding the time of each phase to `timings`.
pub fn render_timed(
    project: &Path,
    options: BuildOptions,
    timings: &mut Timings,
) -> Result<Rendered, Failed> {
    let outcome = project::open_timed(project, options, timings);
    let model = match &outcome.model {
        Some(model) if outcome.error_count() == 0 => model,
        _ => {
            return Err(Failed {
                report: outcome.report(),
                errors: outcome.error_count().max(1),
            });
        }
    };
    let files = theme_of(model, project).and_then(|theme| {
        let indicators = timings.time("indicators", || indicators::compute(model));
        timings.time("render", || files(model, &indicators, &theme))
    });
    match files {
        Ok(files) => Ok(Rendered {
            files,
            summary: outcome.summary(),
            warnings: outcome.report(),
            warning_count: outcome.problems.len(),
        }),
        Err(problem) => {
            let mut problems = outcome.problems;
            problems.push(problem);
            Err(Failed {
                report: diagnostic::report(&problems, &outcome.sources),
                errors: 1,
            })
        }
    }
}
