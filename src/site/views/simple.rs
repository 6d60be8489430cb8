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
struct NotFound<'m> {
    base_url: &'m str,
}

/// A server shows this page at any depth, so its links start at `base_url`.
pub fn not_found(reader: &Reader) -> PageOut {
    let view = NotFound {
        base_url: &reader.config().base_url.value,
    };
    PageOut::new(urls::NOT_FOUND, "404.html", "Page not found", "", &view)
}
