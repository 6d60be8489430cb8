//! Checking a project: its files loaded and validated into the model, with every problem
//! found. What `check` prints, and the first stage of every build.

use crate::diagnostic::{self, Diagnostic, Report};
use crate::load;
use crate::model::{self, BuildOptions, Model};
use crate::timings::Timings;
use std::path::Path;

/// What checking a project found: the model when there was no error, and every problem
/// (sorted by file and position) with the sources they quote.
#[derive(Debug)]
pub struct Checked {
    pub(crate) model: Option<Model>,
    pub report: Report,
}

impl Checked {
    pub fn error_count(&self) -> usize {
        self.report.error_count()
    }

    /// `ok: 86 records, report date 2026-10-31`, or `ok` when there is no model. What the
    /// build left out is counted after it, so that a build's count and `check`'s (which
    /// reads drafts and confidential records too) add up for the secretary comparing them.
    pub fn summary(&self) -> String {
        let Some(model) = &self.model else {
            return "ok".into();
        };
        let omitted = model.omitted;
        // What this build hides: `--drafts` shows the drafts, `--confidential` the rest.
        let hidden = match (model.options.drafts, model.options.confidential) {
            (true, _) => "confidential",
            (_, true) => "drafts",
            _ => "drafts or confidential",
        };
        let why = match (omitted.hidden, omitted.later) {
            (0, 0) => None,
            (_, 0) => Some(hidden.to_string()),
            (0, _) => Some("dated after the report date".to_string()),
            (count, later) => Some(format!(
                "{} {hidden}, {} dated after the report date",
                crate::words::count(count),
                crate::words::count(later)
            )),
        };
        let more = why.map_or(String::new(), |why| {
            format!(
                "; {} more left out ({why})",
                crate::words::count(omitted.hidden + omitted.later)
            )
        });
        format!(
            "ok: {} records, report date {}{more}",
            model.records.count(),
            model.as_of
        )
    }

    fn failed(problem: Diagnostic) -> Checked {
        Checked {
            model: None,
            report: Report::of(problem),
        }
    }
}

/// Loads and validates the project in `project`, keeping the records `options` includes,
/// adding the time spent loading and validating to `timings`, and reusing the files `cache`
/// holds that have not changed (see [`load::ParseCache`]).
pub(crate) fn open(
    project: &Path,
    options: BuildOptions,
    timings: &mut Timings,
    cache: Option<&mut load::ParseCache>,
) -> Checked {
    if !project.is_dir() {
        return Checked::failed(no_project(project));
    }
    // `check` makes no site: its load leaves out what only the site needs.
    let load = || match cache {
        None if options.checking => load::load_for_check(project),
        cache => load::load_cached(project, cache),
    };
    let mut loaded = match timings.time("load", load) {
        Ok(loaded) => loaded,
        Err(problem) => return Checked::failed(problem),
    };
    let mut sources = std::mem::take(&mut loaded.sources);
    let (model, mut problems) = timings.time("validate", || model::build(loaded, options));
    diagnostic::sort(&mut problems);
    // `boardpack.yaml` as well: the theme it names is looked for after the checks, and a
    // missing one is reported at its line.
    let files = problems.iter().map(|p| p.file.as_str());
    let quoted = sources.take(files.chain([crate::config::FILE]));
    crate::aside::drop_aside(sources);
    Checked {
        model,
        report: Report {
            problems,
            sources: quoted,
        },
    }
}

/// The problem of a project folder that is not there.
pub(crate) fn no_project(project: &Path) -> Diagnostic {
    if project.is_file() {
        return Diagnostic::general(format!(
            "{} is a file, not a project folder",
            project.display()
        ))
        .with_help("give the project folder (the one holding boardpack.yaml and content/), as in `boardpack build PATH`; only `check` takes a record's file");
    }
    if !project.exists()
        && let Some(missing) = no_record(project)
    {
        return missing;
    }
    Diagnostic::general(format!("there is no project folder {}", project.display()))
        .with_help("run boardpack in the project folder (the one holding boardpack.yaml and content/), or give its path after the command, as in `boardpack build PATH`")
}

/// A record's path that names no file (`check content/people/nobody.yaml`): "there is no
/// project folder" there sent the secretary looking for the wrong thing. The nearest name
/// in its folder is offered, or the folder's files.
fn no_record(path: &Path) -> Option<Diagnostic> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    if !matches!(extension.as_str(), "yaml" | "yml" | "md") {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let folder = path
        .parent()
        .filter(|f| !f.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let whole = "with no path, boardpack works on the project in the current folder";
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Some(
            Diagnostic::general(format!(
                "there is no file {}: there is no folder {}",
                path.display(),
                folder.display()
            ))
            .with_help(format!("check the path; {whole}")),
        );
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let help = match crate::suggest::nearest(name, names.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{}`?", folder.join(near).display()),
        None if names.is_empty() => format!("{} is empty; {whole}", folder.display()),
        None => format!(
            "check the name: {} holds {}; {whole}",
            folder.display(),
            crate::suggest::some_of(names.iter().map(String::as_str), 8)
        ),
    };
    Some(Diagnostic::general(format!("there is no file {}", path.display())).with_help(help))
}
