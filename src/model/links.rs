//! Links and images in Markdown bodies: an image with no alt text, and a link or image to
//! a file the site does not have, are warnings at their line (FORMAT.md v2). The page is
//! still built: pulldown-cmark gives an image without text `alt=""`, which is valid HTML.

use super::Records;
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Reference};
use crate::records::Record;
use crate::urls;
use std::collections::{BTreeMap, BTreeSet};

pub fn check(records: &Records, files: &BTreeSet<String>, problems: &mut Vec<Diagnostic>) {
    let paths = urls::site_paths(records, files);
    check_all(&records.people, urls::person, &paths, problems);
    check_all(&records.initiatives, urls::initiative, &paths, problems);
    check_all(&records.pages, urls::page, &paths, problems);
}

/// Checks the bodies of `records`, each shown on the page `page` gives for its id.
fn check_all<T>(
    records: &BTreeMap<String, Record<T>>,
    page: fn(&str) -> String,
    paths: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    for record in records.values() {
        if let Some(body) = &record.body {
            // `./` and `../` links start from the page's folder (`people/`).
            let page = page(&record.id);
            let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
            check_body(&record.file, dir, body, paths, problems);
        }
    }
}

fn check_body(
    file: &str,
    dir: &str,
    body: &crate::records::Body,
    paths: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let text = &body.markdown;
    for reference in markdown::references(text) {
        let (line, column) = place(text, &reference, body.first_line);
        let Reference {
            url, image, no_alt, ..
        } = &reference;
        if *no_alt {
            problems.push(
                Diagnostic::warning(file, line, column, "this image has no alt text")
                    .with_help("describe it between the brackets, as in `![Attendance at the September board](files/chart.png)`; a purely decorative image can stay as it is"),
            );
        }
        let Some(target) = markdown::site_target(url, dir) else {
            continue;
        };
        // The theme's files are not known before it is loaded.
        if target.starts_with(urls::STATIC) || paths.contains(&target) {
            continue;
        }
        let what = if *image { "image" } else { "link" };
        let help = if target.starts_with(urls::FILES) {
            format!(
                "put the file at content/{target}, or correct the path (paths start at the site's root, as in `files/ipr.pdf`)"
            )
        } else {
            "paths start at the site's root, as in `measures/waiting-times.html` or `files/ipr.pdf`"
                .to_string()
        };
        problems.push(
            Diagnostic::warning(
                file,
                line,
                column,
                format!("this {what} points to `{url}`, which is not a file of the site"),
            )
            .with_help(help),
        );
    }
}

/// The line and column in the file of a reference in a body starting on `first_line`.
fn place(text: &str, reference: &Reference, first_line: usize) -> (usize, usize) {
    let before = &text[..reference.offset.min(text.len())];
    let line = first_line + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
