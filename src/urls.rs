//! The site's addresses, in one place: where each page of a record, each index and each
//! export lives. Views link with these, the sitemap lists what they make, and the checks
//! of Markdown links ask them whether a link names a page the site has.

pub const DASHBOARD: &str = "index.html";
pub const BOARD: &str = "board.html";
pub const INITIATIVES: &str = "initiatives.html";
pub const MEASURES: &str = "measures.html";
pub const SURVEYS: &str = "surveys.html";
pub const NOT_FOUND: &str = "404.html";
pub const ACCESSIBILITY: &str = "accessibility.html";
pub const ATTENTION: &str = "attention.html";
pub const PEOPLE: &str = "people.html";
pub const SITEMAP: &str = "sitemap.xml";
pub const SEARCH: &str = "search.html";
pub const MEETINGS: &str = "meetings.html";
/// The board pack: the report as one PDF.
pub const BOARD_PACK: &str = "board-pack.pdf";
/// The action log.
pub const ACTIONS: &str = "actions.html";
/// The register of interests.
pub const INTERESTS: &str = "interests.html";
/// The search index, a script the search page loads (see `site::search`).
pub const SEARCH_INDEX: &str = "search-index.js";

/// The pages that do not depend on any record, and the sitemap and search index.
pub const FIXED: [&str; 15] = [
    DASHBOARD,
    BOARD,
    INITIATIVES,
    MEASURES,
    SURVEYS,
    NOT_FOUND,
    SITEMAP,
    ACCESSIBILITY,
    ATTENTION,
    PEOPLE,
    SEARCH,
    SEARCH_INDEX,
    MEETINGS,
    ACTIONS,
    INTERESTS,
];

pub const ACTIONS_CSV: &str = "data/actions.csv";
pub const ATTENDANCE_CSV: &str = "data/attendance.csv";
pub const INDICATORS_CSV: &str = "data/indicators.csv";
pub const INDICATORS_JSON: &str = "data/indicators.json";
pub const INITIATIVES_CSV: &str = "data/initiatives.csv";
pub const INTERESTS_CSV: &str = "data/interests.csv";
pub const MEASURES_CSV: &str = "data/measures.csv";

/// The data exports, in path order.
pub const EXPORTS: [&str; 7] = [
    ACTIONS_CSV,
    ATTENDANCE_CSV,
    INDICATORS_CSV,
    INDICATORS_JSON,
    INITIATIVES_CSV,
    INTERESTS_CSV,
    MEASURES_CSV,
];

/// Where papers from `content/files/` are copied (FORMAT.md v2).
pub const FILES: &str = "files/";

/// A paper's path in the site (`files/Board paper #3.pdf`) as a link's address: every byte
/// but letters, digits, `/` and `-._~` percent-encoded, so that a space, `#`, `?` or `%`
/// in a file's name names the file rather than ending the path or starting a query.
pub fn paper_href(path: &str) -> std::borrow::Cow<'_, str> {
    const KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(path, KEPT).into()
}

/// `base_url` as a sitemap must give it, in ASCII: the letters of its path that are not
/// (`/rapport-été/`) percent-encoded as UTF-8, as a browser sends them. The host is left as
/// written: an international one is the site owner's to give in its `xn--` form.
pub fn ascii_base(base: &str) -> std::borrow::Cow<'_, str> {
    if base.is_ascii() {
        return base.into();
    }
    let path_from = ["https://", "http://"]
        .iter()
        .find(|scheme| {
            base.get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
        })
        .map_or(0, |scheme| {
            scheme.len()
                + base[scheme.len()..]
                    .find('/')
                    .unwrap_or(base.len() - scheme.len())
        });
    let (host, path) = base.split_at(path_from);
    format!(
        "{host}{}",
        percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS)
    )
    .into()
}

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

pub fn meeting(id: &str) -> String {
    format!("meetings/{id}.html")
}

/// An action's row in the action log: actions have no page of their own.
pub fn action(id: &str) -> String {
    format!("{ACTIONS}#action-{id}")
}

/// A survey's section of the survey page.
pub fn survey(id: &str) -> String {
    format!("{SURVEYS}#survey-{id}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paper_link_names_its_file_whatever_the_name() {
        assert_eq!(
            paper_href("files/2026-09/ipr_v2.pdf"),
            "files/2026-09/ipr_v2.pdf"
        );
        assert_eq!(
            paper_href("files/Board paper #3 (Q&A?) 50%.pdf"),
            "files/Board%20paper%20%233%20%28Q%26A%3F%29%2050%25.pdf"
        );
        assert_eq!(
            paper_href("files/Zoë's notes.pdf"),
            "files/Zo%C3%AB%27s%20notes.pdf"
        );
        // Read back as a browser does, each gives the path it was made from.
        for path in ["files/a b#c?d%e.pdf", "files/Zoë/ü.pdf"] {
            let back = percent_encoding::percent_decode_str(&paper_href(path))
                .decode_utf8()
                .unwrap()
                .into_owned();
            assert_eq!(back, path);
        }
    }

    #[test]
    fn a_base_url_in_the_sitemap_is_ascii() {
        assert_eq!(
            ascii_base("https://example.org/r/"),
            "https://example.org/r/"
        );
        assert_eq!(
            ascii_base("HTTPS://example.org/rapport-été/"),
            "HTTPS://example.org/rapport-%C3%A9t%C3%A9/"
        );
        assert_eq!(ascii_base("/été/"), "/%C3%A9t%C3%A9/");
        // Encoded already: left as it is.
        assert_eq!(ascii_base("/%C3%A9/"), "/%C3%A9/");
        // The host is the owner's to give in its ASCII form.
        assert_eq!(
            ascii_base("https://bücher.example/"),
            "https://bücher.example/"
        );
        assert_eq!(
            ascii_base("https://bücher.example"),
            "https://bücher.example"
        );
    }
}
