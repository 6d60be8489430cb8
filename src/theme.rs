//! Themes: the default theme is compiled into the binary; a project's own
//! `themes/<name>/` is read from disk and may replace any of its files by name.

use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::path::Path;

/// The default theme, file by file (path under `themes/default/`, contents). A unit test
/// checks this list against the folder, so a new file cannot be forgotten.
pub const DEFAULT: &[(&str, &str)] = &[
    ("theme.yaml", include_str!("../themes/default/theme.yaml")),
    (
        "templates/accessibility.html",
        include_str!("../themes/default/templates/accessibility.html"),
    ),
    (
        "templates/attention.html",
        include_str!("../themes/default/templates/attention.html"),
    ),
    (
        "templates/base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "templates/components.html",
        include_str!("../themes/default/templates/components.html"),
    ),
    (
        "templates/index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "templates/board.html",
        include_str!("../themes/default/templates/board.html"),
    ),
    (
        "templates/people.html",
        include_str!("../themes/default/templates/people.html"),
    ),
    (
        "templates/person.html",
        include_str!("../themes/default/templates/person.html"),
    ),
    (
        "templates/initiatives.html",
        include_str!("../themes/default/templates/initiatives.html"),
    ),
    (
        "templates/initiative-row.html",
        include_str!("../themes/default/templates/initiative-row.html"),
    ),
    (
        "templates/initiative.html",
        include_str!("../themes/default/templates/initiative.html"),
    ),
    (
        "templates/measures.html",
        include_str!("../themes/default/templates/measures.html"),
    ),
    (
        "templates/measure.html",
        include_str!("../themes/default/templates/measure.html"),
    ),
    (
        "templates/surveys.html",
        include_str!("../themes/default/templates/surveys.html"),
    ),
    (
        "templates/search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "pdf/board-pack.typ",
        include_str!("../themes/default/pdf/board-pack.typ"),
    ),
    (
        "templates/meetings.html",
        include_str!("../themes/default/templates/meetings.html"),
    ),
    (
        "templates/meeting.html",
        include_str!("../themes/default/templates/meeting.html"),
    ),
    (
        "templates/actions.html",
        include_str!("../themes/default/templates/actions.html"),
    ),
    (
        "templates/interests.html",
        include_str!("../themes/default/templates/interests.html"),
    ),
    (
        "templates/page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "templates/sitemap.xml",
        include_str!("../themes/default/templates/sitemap.xml"),
    ),
    (
        "static/style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "static/search.js",
        include_str!("../themes/default/static/search.js"),
    ),
];

/// A theme's files: templates by name (`board.html`) and static files by path under
/// `static/`, the project's own replacing the default's.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub statics: BTreeMap<String, Vec<u8>>,
    /// The board pack's layout: the `pdf/` files (`board-pack.typ`) by name.
    pub pdf: BTreeMap<String, String>,
    /// Where each template came from, for error messages.
    pub origins: BTreeMap<String, String>,
    /// The templates the project's own theme replaced.
    pub own: std::collections::BTreeSet<String>,
}

impl Theme {
    pub fn default_theme() -> Theme {
        let mut theme = Theme::default();
        for (path, text) in DEFAULT {
            theme.add(
                path,
                text.as_bytes().to_vec(),
                format!("themes/default/{path} (built in)"),
            );
        }
        theme
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>, origin: String) {
        if let Some(name) = path.strip_prefix("templates/") {
            self.templates.insert(
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
            self.origins.insert(name.to_string(), origin);
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        } else if let Some(name) = path.strip_prefix("pdf/") {
            self.pdf.insert(
                name.to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
            self.origins.insert(format!("pdf/{name}"), origin);
        }
    }
}

/// The theme `name` for the project in `project`: the built-in default, with the files of
/// `themes/<name>/` (if the project has that folder) laid over it.
pub fn load(project: &Path, name: &str, at: (usize, usize)) -> Result<Theme, Diagnostic> {
    let mut theme = Theme::default_theme();
    let folder = project.join("themes").join(name);
    if !folder.is_dir() {
        if name == "default" {
            return Ok(theme);
        }
        return Err(Diagnostic::error(
            crate::config::FILE,
            at.0,
            at.1,
            format!("`theme`: there is no theme `{name}`"),
        )
        .with_help(format!(
            "put the theme in themes/{name}/ (templates/ and static/), or use `theme: default`"
        )));
    }
    for entry in walkdir::WalkDir::new(&folder)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            Diagnostic::file_error(
                format!("themes/{name}"),
                format!("could not read the theme: {e}"),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = crate::load::relative(&folder, entry.path());
        let file_name = entry.file_name().to_string_lossy();
        if crate::load::is_ignored_name(&file_name) {
            continue;
        }
        let shown = format!("themes/{name}/{relative}");
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if size > crate::load::MAX_FILE_BYTES {
            return Err(Diagnostic::file_error(
                shown,
                "this theme file is larger than 8 MiB",
            ));
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::file_error(shown.clone(), format!("could not read it: {e}"))
        })?;
        if (relative.starts_with("templates/") || relative.starts_with("pdf/"))
            && std::str::from_utf8(&bytes).is_err()
        {
            return Err(Diagnostic::file_error(
                shown,
                "a template must be UTF-8 text",
            ));
        }
        if let Some(name) = relative.strip_prefix("templates/") {
            theme.own.insert(name.to_string());
        }
        theme.add(&relative, bytes, shown);
    }
    Ok(theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_built_in() {
        let on_disk = crate::load::files_in_repository("themes/default");
        let mut built_in: Vec<String> = DEFAULT.iter().map(|(p, _)| p.to_string()).collect();
        built_in.sort();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(
            built_in, on_disk,
            "update theme::DEFAULT to match themes/default/"
        );
    }

    #[test]
    fn a_project_theme_replaces_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("themes/plain/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("page.html"), "custom").unwrap();
        std::fs::write(templates.join("page.html~"), "editor backup").unwrap();
        let theme = load(dir.path(), "plain", (1, 1)).unwrap();
        assert_eq!(theme.templates["page.html"], "custom");
        assert_eq!(
            theme.origins["page.html"],
            "themes/plain/templates/page.html"
        );
        assert_eq!(Vec::from_iter(&theme.own), ["page.html"]);
        // The rest falls back to the default.
        assert!(theme.templates["board.html"].contains("{% extends"));
        let missing = load(dir.path(), "nope", (6, 8)).unwrap_err();
        assert_eq!((missing.line, missing.column), (6, 8));
        assert!(missing.message.contains("there is no theme `nope`"));
    }
}
