//! The site's addresses, in one place: where each page of a record, each index and each
//! export lives. Views link with these, the sitemap lists what they make, and the checks
//! of Markdown links ask them whether a link names a page the site has.

use crate::model::Records;
use crate::records::keyword;
use std::collections::BTreeSet;

pub const DASHBOARD: &str = "index.html";
pub const BOARD: &str = "board.html";
pub const INITIATIVES: &str = "initiatives.html";
pub const MEASURES: &str = "measures.html";
pub const SURVEYS: &str = "surveys.html";
pub const NOT_FOUND: &str = "404.html";
pub const SITEMAP: &str = "sitemap.xml";

/// The data exports, in path order.
pub const EXPORTS: [&str; 5] = [
    "data/attendance.csv",
    "data/indicators.csv",
    "data/indicators.json",
    "data/initiatives.csv",
    "data/measures.csv",
];

/// Where papers from `content/files/` are copied (FORMAT.md v2).
pub const FILES: &str = "files/";

/// Where the theme's static files are copied.
pub const STATIC: &str = "static/";

pub fn person(id: &str) -> String {
    format!("people/{id}.html")
}

pub fn initiative(id: &str) -> String {
    format!("initiatives/{id}.html")
}

pub fn measure(id: &str) -> String {
    format!("measures/{id}.html")
}

pub fn page(id: &str) -> String {
    format!("pages/{id}.html")
}

/// The index of one category or status of initiative, by its word (`paired-learning`).
pub fn category(word: &str) -> String {
    format!("initiatives/category/{word}.html")
}

pub fn status(word: &str) -> String {
    format!("initiatives/status/{word}.html")
}

/// Every page and export the site makes from `records`, and the papers in `files` (paths
/// under `content/files/`). The theme's static files are not known before it is loaded.
pub fn site_paths(records: &Records, files: &BTreeSet<String>) -> BTreeSet<String> {
    let mut paths: BTreeSet<String> = [
        DASHBOARD,
        BOARD,
        INITIATIVES,
        MEASURES,
        SURVEYS,
        NOT_FOUND,
        SITEMAP,
    ]
    .into_iter()
    .chain(EXPORTS)
    .map(str::to_string)
    .collect();
    paths.extend(records.people.keys().map(|id| person(id)));
    paths.extend(records.initiatives.keys().map(|id| initiative(id)));
    paths.extend(records.measures.keys().map(|id| measure(id)));
    paths.extend(records.pages.keys().map(|id| page(id)));
    for record in records.initiatives.values() {
        paths.insert(category(&keyword(&record.fields.category)));
        paths.insert(status(&keyword(&record.fields.status.value)));
    }
    paths.extend(files.iter().map(|file| format!("{FILES}{file}")));
    paths
}
