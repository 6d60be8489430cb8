//! Links and images in Markdown bodies: an image with no alt text, and a link or image to
//! a file the site does not have, are warnings at their line (FORMAT.md v2). The page is
//! still built: pulldown-cmark gives an image without text `alt=""`, which is valid HTML.
//!
//! A link to a record, `@/kind/id`, must name one: an unknown kind or id is an error; a
//! record this build leaves out (a draft or confidential one) a warning, and the link is
//! shown as plain text.

use super::Records;
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Reference};
use crate::records::{Fields, Kind, Record, Visit, keyword};
use crate::urls;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// What the build's checks know of the records before drafts and confidential records are
/// left out: which exist at all, and the papers they name.
pub struct Everything {
    ids: HashSet<(Kind, String)>,
    /// The records the build includes, before the report date's bound.
    included: HashSet<(Kind, String)>,
    pub papers: BTreeSet<String>,
}

impl Everything {
    pub fn of(records: &Records) -> Everything {
        let mut ids = Ids::default();
        records.visit(&mut ids);
        Everything {
            ids: ids.0,
            included: HashSet::new(),
            papers: super::hidden::papers(records),
        }
    }

    /// Notes which records the build includes (drafts and confidential ones left out, the
    /// report date not yet applied), so a link can say why its record is not shown.
    pub fn included(&mut self, records: &Records) {
        let mut ids = Ids::default();
        records.visit(&mut ids);
        self.included = ids.0;
    }
}

#[derive(Default)]
struct Ids(HashSet<(Kind, String)>);

impl Visit for Ids {
    fn kind<T: Fields>(&mut self, records: &BTreeMap<String, Record<T>>) {
        self.0
            .extend(records.keys().map(|id| (T::KIND, id.clone())));
    }
}

pub fn check(
    records: &Records,
    everything: &Everything,
    files: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut paths = Paths::default();
    records.visit(&mut paths);
    let mut site = paths.0;
    site.extend(
        urls::FIXED
            .iter()
            .chain(&urls::EXPORTS)
            .map(|p| p.to_string()),
    );
    // Few categories and stages, many initiatives: each page's path is made once.
    let mut categories = BTreeSet::new();
    let mut stages = BTreeSet::new();
    for record in records.initiatives.values() {
        categories.insert(&record.fields.category);
        stages.insert(&record.fields.status.value);
    }
    site.extend(categories.into_iter().map(|c| urls::category(&keyword(c))));
    site.extend(stages.into_iter().map(|s| urls::status(&keyword(s))));
    site.extend(files.iter().map(|file| format!("{}{file}", urls::FILES)));
    records.visit(&mut Bodies {
        site: &site,
        records,
        everything,
        problems,
    });
}

/// The pages of every record that gets one.
#[derive(Default)]
struct Paths(HashSet<String>);

impl Visit for Paths {
    fn kind<T: Fields>(&mut self, records: &BTreeMap<String, Record<T>>) {
        if let Some(page) = T::KIND.page() {
            self.0.extend(records.keys().map(|id| page(id)));
        }
    }
}

/// Checks the bodies of every record shown on a page of its own.
struct Bodies<'a> {
    site: &'a HashSet<String>,
    records: &'a Records,
    everything: &'a Everything,
    problems: &'a mut Vec<Diagnostic>,
}

impl Visit for Bodies<'_> {
    fn kind<T: Fields>(&mut self, records: &BTreeMap<String, Record<T>>) {
        // `./` and `../` links start from the page's folder (`people/`).
        let Some(dir) = T::KIND.page_folder() else {
            return;
        };
        let dir = dir.as_str();
        for record in records.values() {
            if let Some(body) = &record.body {
                check_body(&record.file, dir, body, self.site, self.problems);
                check_record_links(
                    &record.file,
                    body,
                    self.records,
                    self.everything,
                    self.problems,
                );
            }
        }
    }
}

fn check_body(
    file: &str,
    dir: &str,
    body: &crate::records::Body,
    paths: &HashSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let text = &body.markdown;
    // Where a reference is, only for one with a problem: counting lines is most of the work.
    let place = |reference: &Reference| place(text, reference, body.first_line);
    for reference in body.references.iter() {
        let Reference {
            url, image, no_alt, ..
        } = &reference;
        if *no_alt {
            let (line, column) = place(reference);
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
        let (line, column) = place(reference);
        let what = if *image { "image" } else { "link" };
        let help = if target.starts_with(urls::FILES) {
            format!(
                "put the file at content/{target}, or correct the path (a paper's starts at the site's root, as in `files/ipr.pdf`)"
            )
        } else {
            "a link to another page is relative to this one, as in `../measures/waiting-times.html`; a paper's starts at the site's root, as in `files/ipr.pdf`".to_string()
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

/// Each `@/kind/id` link names a record, and one this build shows.
fn check_record_links(
    file: &str,
    body: &crate::records::Body,
    records: &Records,
    everything: &Everything,
    problems: &mut Vec<Diagnostic>,
) {
    for reference in body.references.iter() {
        if !markdown::is_record_link(&reference.url) {
            continue;
        }
        let url = &reference.url;
        // Most links name a record of the build: nothing to say, nor to place.
        if let Some((folder, id, _)) = markdown::record_link(url)
            && let Some(kind) = Kind::of_folder(folder)
            && records.digest_of(kind, id).is_some()
        {
            continue;
        }
        let (line, column) = place(&body.markdown, reference, body.first_line);
        let folders: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();
        let Some((folder, id, _)) = markdown::record_link(url) else {
            problems.push(
                Diagnostic::error(file, line, column, format!("`{url}` does not name a record"))
                    .with_help(format!(
                        "a link to a record is `@/` then its kind's folder and its id, as in `@/people/{}`",
                        records.people.keys().next().map_or("their-id", String::as_str)
                    )),
            );
            continue;
        };
        let Some(kind) = Kind::of_folder(folder) else {
            let help = match crate::suggest::nearest(folder, folders.iter().copied()) {
                Some(near) => format!("did you mean `@/{near}/{id}`?"),
                None => format!("the kinds are {}", crate::suggest::one_of(&folders)),
            };
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    column,
                    format!("`{url}`: there is no kind of record `{folder}`"),
                )
                .with_help(help),
            );
            continue;
        };
        // A link to a record of the build was passed over above.
        let key = (kind, id.to_string());
        if everything.included.contains(&key) {
            problems.push(
                Diagnostic::warning(file, line, column, format!("`{url}` links to {} dated after the report date, which the report leaves out", crate::words::a(kind.noun())))
                    .with_help("the link is shown as plain text; move `as_of` on to include that record"),
            );
            continue;
        }
        if everything.ids.contains(&key) {
            problems.push(
                Diagnostic::warning(file, line, column, format!("`{url}` links to a draft or confidential {}, which this build leaves out", kind.noun()))
                    .with_help("the link is shown as plain text; it becomes a link in a build that includes that record"),
            );
            continue;
        }
        // In order, so the nearest of equally near ids is always the same one.
        let mut ids: Vec<&str> = everything
            .ids
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id.as_str())
            .collect();
        ids.sort_unstable();
        let help = match crate::suggest::nearest(id, ids) {
            Some(near) => format!("did you mean `@/{folder}/{near}`?"),
            None => format!(
                "a {}'s id is its file name in content/{folder}",
                kind.noun()
            ),
        };
        problems.push(
            Diagnostic::error(
                file,
                line,
                column,
                format!("`{url}`: there is no {} `{id}`", kind.noun()),
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
