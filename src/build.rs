//! A whole build: the validated model in, the site's files out, written in one swap.

use crate::diagnostic::Diagnostic;
use crate::export;
use crate::indicators::{self, Indicators};
use crate::model::Model;
use crate::output;
use std::path::Path;

/// Every file of the site for `model`, in path order.
pub fn files(model: &Model, indicators: &Indicators) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut files = export::exports(model, indicators)
        .map_err(|message| Diagnostic::file_error("data", message))?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Renders `model` and replaces `out` with the result; on any error `out` is left as it was.
/// Returns the number of files written.
pub fn write_site(model: &Model, project: &Path, out: &Path) -> Result<usize, Diagnostic> {
    output::check_target(out, project)?;
    let indicators = indicators::compute(model);
    let files = files(model, &indicators)?;
    output::publish(out, &files)?;
    Ok(files.len())
}
