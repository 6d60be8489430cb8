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
    (
        "static/site.js",
        include_str!("../themes/default/static/site.js"),
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
    /// Files of the project's theme boardpack does not read, where they look meant to be
    /// read (a `template/` folder, a template beside `templates/`).
    pub warnings: Vec<Diagnostic>,
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
    // Each place of the theme boardpack does not read, with the first file found there.
    let mut strays: Vec<(String, String)> = Vec::new();
    let mut misnamed: Vec<Diagnostic> = Vec::new();
    let links = crate::load::Links::new(&project.join("content"));
    for entry in walkdir::WalkDir::new(&folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // A theme kept as a clone of its repository has a `.git` folder of thousands of
        // files, some larger than a theme file may be.
        // (A hidden folder deeper down, `static/.well-known/`, is the theme's.)
        .filter_entry(|entry| {
            entry.depth() != 1 || !entry.file_name().to_string_lossy().starts_with('.')
        })
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if crate::load::is_ignored_error(&error) => continue,
            Err(error) => {
                let relative = error
                    .path()
                    .map(|path| crate::load::relative(&folder, path))
                    .unwrap_or_default();
                // A link to nothing beside what is read (a theme's old screenshot) does not
                // stop the build; in what is read, it is the file the build would miss.
                if !relative.is_empty() && !is_read(&relative) {
                    continue;
                }
                let reason = match error.io_error() {
                    Some(io) => crate::load::io_reason(io),
                    None => "it is a link that leads back to its own folder".to_string(),
                };
                let place = if relative.is_empty() {
                    format!("themes/{name}")
                } else {
                    format!("themes/{name}/{relative}")
                };
                return Err(Diagnostic::file_error(
                    place,
                    format!("cannot read this theme file: {reason}"),
                ));
            }
        };
        // Followed, a link to `/proc/self` or to the project never ended.
        if let Some(problem) = links.refused(project, &entry) {
            return Err(problem);
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = crate::load::relative(&folder, entry.path());
        let file_name = entry.file_name().to_string_lossy();
        if crate::load::is_ignored_name(&file_name) {
            continue;
        }
        let shown = format!("themes/{name}/{relative}");
        if let Some(place) = unread_place(&relative) {
            if !strays.iter().any(|(seen, _)| *seen == place) {
                strays.push((place, relative.clone()));
            }
            continue;
        }
        // Not the theme's (`theme.yaml`, a README, screenshots): not read, whatever its size.
        if !is_read(&relative) {
            continue;
        }
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
        if let Some(template) = relative.strip_prefix("templates/") {
            theme.own.insert(template.to_string());
            if let Some(meant) = meant_template(template) {
                misnamed.push(
                    Diagnostic::warning(
                        shown.clone(),
                        1,
                        1,
                        format!("this template does not replace the built-in `{meant}`: a template replaces the one of exactly its name"),
                    )
                    .with_help(format!("to replace `{meant}`, name it themes/{name}/templates/{meant}")),
                );
            }
        }
        theme.add(&relative, bytes, shown);
    }
    theme.warnings = strays
        .into_iter()
        .map(|(place, first)| stray_warning(name, &place, &first))
        .chain(misnamed)
        .collect();
    Ok(theme)
}

/// The built-in template a theme's template (its name under `templates/`) looks meant to
/// replace and does not: one of another case (`measure.HTML`) or in a folder
/// (`pages/measure.html`). A template of a name of its own (a part other templates
/// include) is not one.
fn meant_template(template: &str) -> Option<&'static str> {
    let last = template
        .rsplit('/')
        .next()
        .unwrap_or(template)
        .to_lowercase();
    DEFAULT
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("templates/"))
        .find(|built_in| *built_in == last && *built_in != template)
}

/// The folders a theme's files are read from.
const READ: [&str; 3] = ["templates", "static", "pdf"];

/// Whether a path in a theme's folder is in one of the folders boardpack reads (or is one).
fn is_read(relative: &str) -> bool {
    READ.contains(&relative.split('/').next().unwrap_or(relative))
}

/// The folder a theme's file (its path in the theme) belongs in if it is a template, a
/// layout, a style sheet or a script: a file boardpack would read there.
fn belongs_in(relative: &str) -> Option<&'static str> {
    let file_name = relative.rsplit('/').next().unwrap_or(relative);
    let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "html" | "xml" => Some("templates"),
        "typ" => Some("pdf"),
        "css" | "js" => Some("static"),
        _ => None,
    }
}

/// Where a file of a theme (its path in the theme's folder) lies unread, if it looks meant
/// to be read ([`belongs_in`]): the folder beside `templates/`, `static/` and `pdf/` it is
/// in (`template`, `layouts`), or the file itself at the top (`board.html`). Anything else
/// (`theme.yaml`, a README, screenshots) is the theme's own business, and hidden folders
/// (`.git`) are not walked.
fn unread_place(relative: &str) -> Option<String> {
    belongs_in(relative)?;
    (!is_read(relative)).then(|| relative.split('/').next().unwrap_or(relative).to_string())
}

/// The warning for a place of theme `name` boardpack does not read, saying where its
/// first file (`first`, its path in the theme) belongs.
fn stray_warning(name: &str, place: &str, first: &str) -> Diagnostic {
    // Only a file `belongs_in` places is a stray.
    let belongs = belongs_in(first).unwrap_or("static");
    let folder = place != first;
    let what = format!(
        "this {} is not read: a theme's files go in `templates/`, `static/` and `pdf/`",
        if folder { "folder" } else { "file" }
    );
    let rest = first.split_once('/').map_or(first, |(_, rest)| rest);
    // `src/templates/page.html` belongs in `templates/page.html`, not in
    // `templates/templates/`.
    let rest = READ
        .iter()
        .find_map(|read| rest.strip_prefix(read)?.strip_prefix('/'))
        .unwrap_or(rest);
    Diagnostic::warning(format!("themes/{name}/{place}"), 1, 1, what).with_help(format!(
        "to use `{first}`, move it to themes/{name}/{belongs}/{rest}"
    ))
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

    /// Writes each `(path, text)` under `root`, making its folders.
    fn write_all(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn theme_files_where_they_are_not_read_are_warned_of_once_a_place() {
        let dir = tempfile::tempdir().unwrap();
        let theme = dir.path().join("themes/plain");
        write_all(
            &theme,
            &[
                ("template/board.html", "x"),
                ("template/person.html", "x"),
                ("board-pack.typ", "x"),
                ("layouts/css/site.css", "x"),
                ("theme.yaml", "name: plain"),
                ("README.md", "notes"),
                ("screenshots/home.png", "png"),
                (".git/hooks/x.js", "x"),
                (".git/objects/pack/big.pack", ""),
                ("static/style.css", "x"),
            ],
        );
        // Larger than a theme file may be, but not the theme's: neither stops the build.
        let big = vec![b'x'; usize::try_from(crate::load::MAX_FILE_BYTES).unwrap() + 1];
        std::fs::write(theme.join(".git/objects/pack/big.pack"), &big).unwrap();
        std::fs::write(theme.join("screenshots/demo.mov"), &big).unwrap();
        let theme = load(dir.path(), "plain", (1, 1)).unwrap();
        let said: Vec<String> = theme
            .warnings
            .iter()
            .map(|w| {
                format!(
                    "{}: {} ({})",
                    w.file,
                    w.message,
                    w.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                "themes/plain/board-pack.typ: this file is not read: a theme's files go in `templates/`, `static/` and `pdf/` (to use `board-pack.typ`, move it to themes/plain/pdf/board-pack.typ)",
                "themes/plain/layouts: this folder is not read: a theme's files go in `templates/`, `static/` and `pdf/` (to use `layouts/css/site.css`, move it to themes/plain/static/css/site.css)",
                "themes/plain/template: this folder is not read: a theme's files go in `templates/`, `static/` and `pdf/` (to use `template/board.html`, move it to themes/plain/templates/board.html)",
            ]
        );
        assert_eq!(theme.statics["style.css"], b"x");
    }

    /// The help of a folder's warning names a place that is read, and templates that look
    /// meant to replace a built-in one and do not (another case, a folder) are warned of.
    #[test]
    fn near_misses_are_named_and_their_help_works() {
        let dir = tempfile::tempdir().unwrap();
        let theme = dir.path().join("themes/plain");
        write_all(
            &theme,
            &[
                ("src/templates/page.html", "x"),
                ("templates/measure.HTML", "x"),
                ("templates/pages/board.html", "x"),
                ("templates/my-part.html", "x"),
                ("templates/person.html", "x"),
            ],
        );
        #[cfg(unix)]
        std::os::unix::fs::symlink("/nowhere", theme.join("old-screenshot.png")).unwrap();
        let loaded = load(dir.path(), "plain", (1, 1)).unwrap();
        let said: Vec<String> = loaded
            .warnings
            .iter()
            .map(|w| format!("{}: {}", w.file, w.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            said,
            [
                "themes/plain/src: to use `src/templates/page.html`, move it to themes/plain/templates/page.html",
                "themes/plain/templates/measure.HTML: to replace `measure.html`, name it themes/plain/templates/measure.html",
                "themes/plain/templates/pages/board.html: to replace `board.html`, name it themes/plain/templates/board.html",
            ]
        );
        // A link to nothing among the templates is the file the build would miss.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/nowhere", theme.join("templates/index.html")).unwrap();
            let error = load(dir.path(), "plain", (1, 1)).unwrap_err();
            assert_eq!(error.file, "themes/plain/templates/index.html");
            assert!(
                error.message.starts_with("cannot read this theme file: "),
                "{}",
                error.message
            );
        }
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
        assert!(theme.warnings.is_empty());
        let missing = load(dir.path(), "nope", (6, 8)).unwrap_err();
        assert_eq!((missing.line, missing.column), (6, 8));
        assert!(missing.message.contains("there is no theme `nope`"));
    }
}
