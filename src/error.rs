//! What can go wrong, as the library hands it back. The binary says it and chooses the
//! exit code; the library prints nothing of a failure itself (but for `watch` and
//! `serve`, whose every build's line is their output).

use crate::diagnostic::{Diagnostic, Report};

#[derive(Debug, Clone)]
pub enum Error {
    /// Problems in the project's files (records, settings, templates), with the text of the
    /// files they point into.
    Project(Report),
    /// A mistake in the command: an output folder that would replace the project.
    Usage(Diagnostic),
    /// A failure the project's files cannot mend: a folder that cannot be written or
    /// watched, a port in use, the preview server stopping.
    Environment(Diagnostic),
    /// A failure while the site was being put in place file by file, after some of its
    /// files were: the output folder holds part of each site.
    PartlyWritten(Diagnostic),
}

impl Error {
    /// The problems, as a report to print.
    pub fn report(&self) -> Report {
        match self {
            Error::Project(report) => report.clone(),
            Error::Usage(problem) | Error::Environment(problem) | Error::PartlyWritten(problem) => {
                Report::of(problem.clone())
            }
        }
    }
}
