//! The project's own pages, and the page for addresses the site does not have.

use super::PageOut;
use crate::records::Extra;
use crate::site::reader::Reader;
use crate::urls;
use serde::Serialize;

#[derive(Serialize)]
struct Page<'m> {
    html: String,
    confidential: bool,
    draft: bool,
    extra: &'m Extra,
}

pub fn page(reader: &Reader, id: &str) -> Option<PageOut> {
    let record = reader.page(id)?;
    let path = urls::page(&record.id);
    let view = Page {
        html: reader.body_html(record, &path),
        confidential: record.fields.confidential,
        draft: record.fields.draft,
        extra: &record.fields.extra,
    };
    Some(PageOut::new(
        path,
        "page.html",
        record.fields.title.value.clone(),
        "",
        &view,
    ))
}

#[derive(Serialize)]
struct Accessibility<'m> {
    /// Who to tell about a problem; None for the default wording.
    contact: Option<&'m str>,
    /// Whether the contact is an email address (else a sentence, a telephone number...).
    contact_is_email: bool,
    tested: Option<crate::style::When>,
    organisation: &'m str,
}

/// The accessibility statement UK public bodies must publish, from `accessibility:` in
/// `boardpack.yaml` (FORMAT.md v2), with defaults when it is absent.
pub fn accessibility(reader: &Reader) -> PageOut {
    let config = reader.config();
    let contact = config
        .accessibility
        .contact
        .as_ref()
        .map(|c| c.value.trim());
    let view = Accessibility {
        contact,
        contact_is_email: contact.is_some_and(|c| c.contains('@') && !c.contains(' ')),
        tested: config.accessibility.tested.map(|d| reader.style().when(d)),
        organisation: config
            .organisation
            .as_deref()
            .unwrap_or(&config.title.value),
    };
    PageOut::new(
        urls::ACCESSIBILITY,
        "accessibility.html",
        "Accessibility statement",
        "",
        &view,
    )
}

#[derive(Serialize)]
struct NotFound<'m> {
    base_url: &'m str,
}

/// A server shows this page at any depth, so its links start at `base_url`; at `/` when
/// `serve` shows it, from the root of its own address.
pub fn not_found(reader: &Reader) -> PageOut {
    let view = NotFound {
        base_url: if reader.options().served {
            "/"
        } else {
            &reader.config().base_url.value
        },
    };
    PageOut::new(urls::NOT_FOUND, "404.html", "Page not found", "", &view)
}

#[derive(Serialize)]
struct Search {
    index: &'static str,
}

/// The search page: its results come from `search-index.js` (see `site::search`); without
/// scripts it points to the lists that hold everything.
pub fn search() -> PageOut {
    let view = Search {
        index: urls::SEARCH_INDEX,
    };
    PageOut::new(urls::SEARCH, "search.html", "Search", "", &view)
}
