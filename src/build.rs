//! A whole build: the validated model in, the site's files out, written in one swap.

use crate::diagnostic::Diagnostic;
use crate::export;
use crate::indicators::{self, Indicators};
use crate::model::Model;
use crate::theme::{self, Theme};
use crate::yaml::Origin;
use crate::{config, output, site};
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

/// Renders `model` and replaces `out` with the result; on any error `out` is left as it was.
/// Returns the number of files written.
pub fn write_site(model: &Model, project: &Path, out: &Path) -> Result<usize, Diagnostic> {
    output::check_target(out, project)?;
    let theme = theme_of(model, project)?;
    let indicators = indicators::compute(model);
    let files = files(model, &indicators, &theme)?;
    output::publish(out, &files)?;
    Ok(files.len())
}
