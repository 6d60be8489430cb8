//! Markdown bodies to safe HTML: pulldown-cmark with the extensions FORMAT.md names, then
//! ammonia, so scripts, event handlers and `javascript:` links never reach a page however
//! the Markdown (or raw HTML inside it) is written.
//!
//! Ammonia parses and re-serialises every body, which was a quarter of the render time on a
//! large report. Most bodies hold no HTML at all, and for those pulldown-cmark's own writer
//! is already safe: it escapes every text and attribute value it writes. What it does not
//! check is a link's scheme, and a heading's `{key=value}` attributes (which may name an
//! event handler). So a body skips ammonia only when it has no raw HTML, no heading classes
//! or attributes, and only links that are relative or http(s), mailto or tel. Anything
//! else goes through ammonia whole.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// Renders `markdown` to sanitised HTML for a page whose way back to the site's root is
/// `root` (`../` for `people/x.html`). Headings get ids (their own `{#id}` or one made from
/// their text, kept out of `page_ids`, the ids the page already has) so they can be linked
/// to. Links and images to a paper (`files/ipr.pdf`,
/// FORMAT.md v2) are made relative to the page.
///
/// A link to a record, `@/kind/id` (FORMAT.md v2), goes where `records` says, from the
/// site's root; where it says `None` (a record this build leaves out) the link's text
/// stays and the link goes.
///
/// A link written with no words (`[](@/people/a)`) shows the record's name, or its address
/// ([`with_link_names`]).
pub fn to_html(
    markdown: &str,
    root: &str,
    records: &dyn Fn(&str) -> Option<Target>,
    page_ids: PageIds,
) -> String {
    let mut unlinked = false;
    let mut unimaged = false;
    // What each link kept shows if it is written with no words, in order: a record's name,
    // or the address as written (made words only for a link that has none: most have).
    let mut names: Vec<Name<'_>> = Vec::new();
    let events: Vec<Event<'_>> = events_of(markdown, page_ids)
        .into_iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_record_link(&dest_url) => match records(&dest_url) {
                Some(target) => {
                    names.push(Name::Record(target.name));
                    Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(format!("{root}{}", target.path)),
                        title,
                        id,
                    }))
                }
                None => {
                    unlinked = true;
                    None
                }
            },
            // An image of a record's page (`![x](@/people/a)`) is treated alike: its
            // address made relative, or, for a record left out, its alt text shown instead.
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_record_link(&dest_url) => match records(&dest_url) {
                Some(target) => Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(format!("{root}{}", target.path)),
                    title,
                    id,
                })),
                None => {
                    unimaged = true;
                    None
                }
            },
            // A link to a place a browser cannot open from a web page, or should not
            // (`file:`, `javascript:`, a Teams or Word link): its text stays, as for a record
            // left out; `check` warns of it.
            Event::Start(Tag::Link { dest_url, .. }) if !is_kept_address(&dest_url) => {
                unlinked = true;
                None
            }
            Event::Start(Tag::Image { dest_url, .. }) if !is_kept_address(&dest_url) => {
                unimaged = true;
                None
            }
            // Links do not nest, so the next end of a link is the one left out.
            Event::End(TagEnd::Link) if unlinked => {
                unlinked = false;
                None
            }
            Event::End(TagEnd::Image) if unimaged => {
                unimaged = false;
                None
            }
            event => {
                if let Event::Start(Tag::Link { dest_url, .. }) = &event {
                    names.push(Name::Address(dest_url.clone()));
                }
                Some(from_root(event, root))
            }
        })
        .collect();
    let events = with_link_names(events, names);
    let trusted = !needs_sanitizer(&events);
    let html = written(markdown, events, page_ids);
    if trusted {
        with_link_rel(html)
    } else {
        RAW_HTML_PAGE.with(|page| page.set(page_ids));
        let clean = sanitize(&html);
        RAW_HTML_PAGE.with(|page| page.set(PageIds::default()));
        clean
    }
}

/// Where a link to a record goes, from the site's root (with the place on the page it
/// names), and what the record is called: the words of a link written with none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    pub path: String,
    pub name: String,
}

/// The words a link written with none shows for its address: the address as written, as
/// an autolink shows it, without the `mailto:` or `tel:` a reader need not hear. Empty
/// for an address of nothing (`[]()`, `[](mailto:)`).
pub(crate) fn address_words(address: &str) -> String {
    let after = |scheme: &str| {
        address
            .get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &address[scheme.len()..])
    };
    after("mailto:")
        .or_else(|| after("tel:"))
        .unwrap_or(address)
        .to_string()
}

/// Whether a link to `address` with no words of its own is named on the page (and in the
/// pack): a link to a record shows its name, any other its address, if it has one. (A
/// link the page leaves out, to a record it does not show, shows nothing; `check` has
/// another warning for it.)
pub(crate) fn names_itself(address: &str) -> bool {
    is_record_link(address) || !crate::glyphs::blank(&address_words(address))
}

/// Whether `events` (a link's or a heading's insides) show a reader something to call it
/// by: words, an image (by its alt text, or as a picture), raw HTML other than a comment,
/// which may name it and is left as written, or a note's number. `links` counts a link
/// that names itself ([`names_itself`]), as a heading holding only `[](@/people/a)` shows
/// the person's name.
fn is_named(events: &[Event<'_>], links: bool) -> bool {
    events.iter().any(|event| match event {
        Event::Text(text) | Event::Code(text) => !crate::glyphs::blank(text),
        Event::Html(html) | Event::InlineHtml(html) => !html.trim_start().starts_with("<!--"),
        Event::FootnoteReference(_) | Event::Start(Tag::Image { .. }) => true,
        Event::Start(Tag::Link { dest_url, .. }) => links && names_itself(dest_url),
        _ => false,
    })
}

/// What a link with no words shows: a record's name, or words of its address.
enum Name<'a> {
    Record(String),
    Address(CowStr<'a>),
}

/// Gives each link written with no words the words in `names` (one for each link, in
/// order): a screen reader announces a link with none only as "link" (WCAG 2.4.4), and a
/// sighted reader sees nothing to click. A linked image with no alt text gets them as its
/// alt text, which is what a linked image's alt text should say: where it leads. `check`
/// warns of such a link.
fn with_link_names<'a>(events: Vec<Event<'a>>, names: Vec<Name<'_>>) -> Vec<Event<'a>> {
    let mut names = names.into_iter();
    let mut start = None;
    // Where each name goes, in order.
    let mut wanted: Vec<(usize, String)> = Vec::new();
    for (at, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Link { .. }) => start = Some(at),
            Event::End(TagEnd::Link) => {
                let name = names.next();
                if let (Some(from), Some(name)) = (start.take(), name) {
                    let inside = &events[from + 1..at];
                    let image_end = inside
                        .iter()
                        .position(|e| matches!(e, Event::End(TagEnd::Image)));
                    // An image with alt text names the link; one without gets the name.
                    let named = inside.iter().any(|event| match event {
                        Event::Start(Tag::Image { .. }) => false,
                        _ => is_named(std::slice::from_ref(event), false),
                    });
                    if !named {
                        let name = match name {
                            Name::Record(name) => name,
                            Name::Address(address) => address_words(&address),
                        };
                        if !crate::glyphs::blank(&name) {
                            wanted.push((image_end.map_or(at, |p| from + 1 + p), name));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if wanted.is_empty() {
        return events;
    }
    // One pass that copies: inserting at each place moved the rest of the body once per
    // link, and a body of 40,000 such links took seconds.
    let mut out = Vec::with_capacity(events.len() + wanted.len());
    let mut wanted = wanted.into_iter().peekable();
    for (at, event) in events.into_iter().enumerate() {
        while let Some((_, name)) = wanted.next_if(|(place, _)| *place == at) {
            out.push(Event::Text(CowStr::from(name)));
        }
        out.push(event);
    }
    out
}

/// Leaves out headings that show nothing (`## ` alone, or a zero-width space): a screen
/// reader announces an empty heading with no name, and the pack leaves them out too
/// (`pdf::text`). `check` warns of each ([`Scanned::blank_headings`]).
fn without_blank_headings(events: &mut Vec<Event<'_>>) {
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (at, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { .. }) => start = Some(at),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(from) = start.take()
                    && !is_named(&events[from + 1..at], true)
                {
                    blank.push((from, at));
                }
            }
            _ => {}
        }
    }
    if blank.is_empty() {
        return;
    }
    // One pass, as for link names: draining each moved the rest of the body.
    let mut blank = blank.into_iter().peekable();
    let mut at = 0;
    events.retain(|_| {
        let here = at;
        at += 1;
        while blank.next_if(|&(_, to)| to < here).is_some() {}
        blank.peek().is_none_or(|&(from, _)| from > here)
    });
}

/// The extensions FORMAT.md names.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn events_of(markdown: &str, page_ids: PageIds) -> Vec<Event<'_>> {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options())
        .map(without_code_language)
        .collect();
    without_blank_headings(&mut events);
    if page_ids.top_heading > 0 {
        rank_headings(&mut events, page_ids.top_heading);
    }
    with_footnote_ids(with_heading_ids(events, page_ids), page_ids)
}

/// Fits a body's headings into its page's outline: a second `<h1>`, or a `## Progress`
/// beside the page's own `<h2>Narrative</h2>` rather than under it, or a skipped level,
/// misleads a reader who moves by headings (WCAG 1.3.1). The levels the body uses are
/// ranked from `top` down, and none is more than one below the heading before it, as the
/// pack already does (`pdf::text`). Nothing goes below `<h6>`.
fn rank_headings(events: &mut [Event<'_>], top: u8) {
    use pulldown_cmark::HeadingLevel;
    let mut levels: Vec<HeadingLevel> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .collect();
    if levels.is_empty() {
        return;
    }
    levels.sort_unstable();
    levels.dedup();
    let mut previous = top - 1;
    let mut open: Option<HeadingLevel> = None;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let rank = levels.iter().position(|l| l == level).unwrap_or(0) as u8;
                let wanted = (top + rank).min(previous + 1).min(6);
                previous = wanted;
                let new = HeadingLevel::try_from(usize::from(wanted)).unwrap_or(HeadingLevel::H6);
                *level = new;
                open = Some(new);
            }
            // Headings do not nest: this end is the one just opened.
            Event::End(TagEnd::Heading(level)) => {
                if let Some(new) = open.take() {
                    *level = new;
                }
            }
            _ => {}
        }
    }
}

/// pulldown-cmark's HTML, before any sanitising, with two changes for reviewers:
/// - a table sits in a wrapper that scrolls sideways on a phone, and that a keyboard can
///   reach and scroll (WCAG 2.1.1; axe's `scrollable-region-focusable`);
/// - a task's checkbox says what it means (an unlabelled form control fails WCAG 4.1.2).
fn written(markdown: &str, events: Vec<Event<'_>>, page_ids: PageIds) -> String {
    let events = with_footnote_links(events, page_ids);
    let mut labels = table_labels(&events).into_iter();
    let events = events.into_iter().flat_map(|event| {
        let (before, after) = match &event {
            Event::Start(Tag::Table(_)) => (
                Some(CowStr::from(table_wrap(&labels.next().unwrap_or_default()))),
                None,
            ),
            Event::End(TagEnd::Table) => (None, Some(CowStr::from("</div>\n"))),
            Event::TaskListMarker(done) => {
                let input = if *done {
                    r#"<input type="checkbox" disabled="" checked="" aria-label="Done">"#
                } else {
                    r#"<input type="checkbox" disabled="" aria-label="Not done">"#
                };
                return vec![
                    Event::InlineHtml(CowStr::from(input)),
                    Event::Text(" ".into()),
                ];
            }
            _ => (None, None),
        };
        let mut out = Vec::with_capacity(3);
        out.extend(before.map(Event::Html));
        out.push(event);
        out.extend(after.map(Event::Html));
        out
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, events);
    html
}

/// The wrapper of a table whose header row reads `heads`: a region named by them
/// ("Table: Quarter, Clinicians, Managers"), since a screen reader's list of regions that
/// read "Table" each time told them apart by nothing.
fn table_wrap(heads: &str) -> String {
    let name = if heads.is_empty() {
        "Table".to_string()
    } else {
        format!("Table: {}", escape(heads))
    };
    format!(r#"<div class="table-wrap" tabindex="0" role="region" aria-label="{name}">"#)
}

/// How many of a header row's cells name a table: the name is read at every Tab stop.
const TABLE_NAME_HEADS: usize = 4;

/// The words of each table's header row, table by table: its first cells' texts joined by
/// ", " ("Quarter, Clinicians, Managers", or "A, B, C, D and 10 more").
fn table_labels(events: &[Event<'_>]) -> Vec<String> {
    let mut labels = Vec::new();
    let mut head: Option<(Vec<String>, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::TableHead) => head = Some(Default::default()),
            Event::End(TagEnd::TableHead) => {
                let cells = head.take().map(|(cells, _)| cells).unwrap_or_default();
                let mut label = cells
                    .iter()
                    .take(TABLE_NAME_HEADS)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                if cells.len() > TABLE_NAME_HEADS {
                    label.push_str(&format!(" and {} more", cells.len() - TABLE_NAME_HEADS));
                }
                labels.push(label);
            }
            Event::End(TagEnd::TableCell) => {
                if let Some((cells, cell)) = head.as_mut() {
                    let text = std::mem::take(cell);
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        cells.push(text);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, cell)) = head.as_mut() {
                    cell.push_str(text);
                }
            }
            // `Line<br>break` is two words.
            Event::SoftBreak | Event::HardBreak | Event::Html(_) | Event::InlineHtml(_) => {
                if let Some((_, cell)) = head.as_mut() {
                    cell.push(' ');
                }
            }
            _ => {}
        }
    }
    labels
}

/// Whether anything in `events` could carry markup the writer passes through unchecked.
fn needs_sanitizer(events: &[Event<'_>]) -> bool {
    events.iter().any(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Heading { classes, attrs, .. }) => {
            !classes.is_empty() || !attrs.is_empty()
        }
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            !plainly_safe_url(dest_url)
        }
        _ => false,
    })
}

/// An address the page keeps ([`is_kept_address`]) made only of visible characters
/// (browsers drop tabs and newlines inside a scheme, so `java\tscript:` would count as
/// `javascript:`).
fn plainly_safe_url(url: &str) -> bool {
    !url.chars().any(|c| c.is_whitespace() || c.is_control()) && is_kept_address(url)
}

/// The schemes a page keeps in a link or an image's address; any other address (`file:`,
/// `javascript:`, `msteams:`) is left out, its text kept. A relative address has none.
pub const KEPT_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of an address (`https`, `file`), lowercased, or None for a relative one.
pub fn scheme(url: &str) -> Option<String> {
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    head.split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase())
}

/// Whether a page keeps this address (see [`KEPT_SCHEMES`]).
pub fn is_kept_address(url: &str) -> bool {
    // A backslash is a Windows path (`\\fs01\Board\p.pdf`, `C:\…`), never a web address.
    !url.contains('\\') && scheme(url).is_none_or(|scheme| KEPT_SCHEMES.contains(&scheme.as_str()))
}

/// The `rel` ammonia would give links. Without raw HTML every `<a href="` in the output is
/// one the writer made: text and attribute values have their `<` and `"` escaped.
/// A body without links, most of them, is given back as it is, not copied.
fn with_link_rel(html: String) -> String {
    const PLAIN: &str = "<a href=\"";
    if !html.contains(PLAIN) {
        return html;
    }
    html.replace(PLAIN, "<a rel=\"noopener noreferrer\" href=\"")
}

/// Whether a link's address is a paper's, written from the site's root (`files/ipr.pdf`,
/// FORMAT.md v2). Every other relative address is the page's own, as a browser reads it,
/// so v1 bodies keep their links.
fn is_from_root(url: &str) -> bool {
    url.starts_with(crate::urls::FILES)
}

/// A link to a record by kind and id (`@/people/amara-okafor`, FORMAT.md v2).
pub fn is_record_link(url: &str) -> bool {
    url.starts_with("@/")
}

/// The kind's folder, the id and the place in the page (`#…`, or empty) of a record link.
pub fn record_link(url: &str) -> Option<(&str, &str, &str)> {
    let rest = url.strip_prefix("@/")?;
    let (path, fragment) = match rest.find('#') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (folder, id) = path.split_once('/')?;
    Some((folder, id.trim_end_matches('/'), fragment))
}

/// Whether a link is written as an address: an email or `<https://...>` autolink is not.
fn is_address(link_type: LinkType) -> bool {
    !matches!(link_type, LinkType::Email | LinkType::Autolink)
}

fn from_root<'a>(event: Event<'a>, root: &str) -> Event<'a> {
    let moved = |url: CowStr<'a>| -> CowStr<'a> {
        if is_from_root(&url) {
            CowStr::from(format!("{root}{url}"))
        } else {
            url
        }
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if is_address(link_type) => Event::Start(Tag::Link {
            link_type,
            dest_url: moved(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: moved(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

/// A link or an image in a body, for the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub url: String,
    /// Where it starts in the Markdown, in bytes.
    pub offset: usize,
    pub image: bool,
    /// An image with no alt text.
    pub no_alt: bool,
    /// A link with nothing between its brackets a reader could see: no words, no image
    /// (whose own alt text names it), no raw HTML but a comment.
    pub no_text: bool,
    /// An image inside a link: its alt text is the link's name.
    pub linked: bool,
}

/// Every link and image of `markdown`, in order.
/// What a body holds besides its HTML: its links and images, and its words as plain text
/// (for search), gathered in one pass when the file is parsed.
pub struct Scanned {
    pub references: Vec<Reference>,
    pub text: String,
    /// Footnote references with no note of that name (`[^2]` and no `[^2]: ...`): each
    /// label and where it starts, in bytes. The page shows them as written.
    pub missing_notes: Vec<(String, usize)>,
    /// Tables with a row of more cells than their header: pulldown-cmark leaves the extra
    /// ones out of the page (GFM's rule), and so does the pack. The first such row's text
    /// left out, where it starts in bytes, and how many of the table's rows lose cells.
    pub extra_cells: Vec<ExtraCells>,
    /// Where the body first nests deeper than [`MAX_DEPTH`], in bytes: it is an error, and
    /// its raw HTML is not read for its words.
    pub too_deep: Option<usize>,
    /// Headings that show nothing (`## ` alone), where each starts in bytes: the page and
    /// the pack leave them out.
    pub blank_headings: Vec<usize>,
}

/// How deep a body's blocks (quotes, lists) and raw HTML elements may nest, one inside
/// another. The HTML cleaner's parser (html5ever) looks through the elements still open at
/// each tag, so its time grows with the square of the depth: 20,000 quotes or `<div>`s
/// took a second and 100,000 half a minute, and an 8 MB body would have taken hours. A
/// thousand cost a tenth of a second, and leave room for HTML pasted with elements never
/// closed (`<a id="s1">` before each of hundreds of sections), which count as open.
pub const MAX_DEPTH: usize = 1000;

/// A table whose rows hold more cells than its header (see [`Scanned::extra_cells`]).
#[derive(Debug, PartialEq)]
pub struct ExtraCells {
    pub left_out: String,
    pub offset: usize,
    pub rows: usize,
}

pub fn scan(markdown: &str) -> Scanned {
    let mut found: Vec<Reference> = Vec::new();
    let mut missing_notes = Vec::new();
    let mut extra_cells: Vec<ExtraCells> = Vec::new();
    // The body row being read: where its source ends, and where its last cell read ends.
    let mut row: Option<(usize, usize)> = None;
    // Whether the table being read has had a row with cells left out.
    let mut table_lost = false;
    // Notes by their labels in lower case, as pulldown-cmark matches them.
    let mut notes: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut text = String::new();
    let mut in_image: Option<usize> = None;
    let mut in_link: Option<usize> = None;
    // A heading being read: where it starts, and whether it shows anything yet.
    let mut heading: Option<(usize, bool)> = None;
    let mut blank_headings = Vec::new();
    // Raw HTML: a block's text gathered to its end, and whether an inline `<script>` is open.
    let mut html_block: Option<String> = None;
    let mut hidden = false;
    // Blocks and inline elements open, and raw HTML elements open, counted apart: an
    // HTML element may close in a later block than the one it opened in.
    let mut blocks = 0usize;
    let mut elements = Nesting::default();
    let mut too_deep = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let deepest = match &event {
            Event::Start(_) => {
                blocks += 1;
                elements.open
            }
            Event::End(_) => {
                blocks = blocks.saturating_sub(1);
                elements.open
            }
            Event::Html(html) | Event::InlineHtml(html) => elements.read(html),
            _ => elements.open,
        };
        if too_deep.is_none() && blocks + deepest > MAX_DEPTH {
            too_deep = Some(range.start);
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if is_address(link_type) => {
                // As the page has it: a heading holding only `[](@/people/a)` shows the name.
                if let Some((_, shown)) = &mut heading
                    && names_itself(&dest_url)
                {
                    *shown = true;
                }
                in_link = Some(found.len());
                found.push(Reference {
                    url: dest_url.to_string(),
                    offset: range.start,
                    image: false,
                    no_alt: false,
                    no_text: true,
                    linked: false,
                });
            }
            Event::End(TagEnd::Link) => in_link = None,
            Event::Start(Tag::Heading { .. }) => heading = Some((range.start, false)),
            Event::Start(Tag::Image { dest_url, .. }) => {
                text.push(' ');
                // The image's own warning speaks for a link it is the whole of.
                if let Some(i) = in_link {
                    found[i].no_text = false;
                }
                if let Some((_, shown)) = &mut heading {
                    *shown = true;
                }
                in_image = Some(found.len());
                found.push(Reference {
                    url: dest_url.to_string(),
                    offset: range.start,
                    image: true,
                    no_alt: true,
                    no_text: false,
                    linked: in_link.is_some(),
                });
            }
            Event::Text(words) | Event::Code(words) => {
                // A reference to no note comes as text, `[` first on its own (`![` after a
                // `!`; an escaped `\[^1]` comes whole).
                let bracket = match &*words {
                    "[" => Some(range.start),
                    "![" => Some(range.start + 1),
                    _ => None,
                };
                if let Some(at) = bracket
                    && let Some(label) = footnote_label(&markdown[at..])
                {
                    missing_notes.push((label.to_string(), at));
                }
                if !crate::glyphs::blank(&words) {
                    if let Some(i) = in_image {
                        found[i].no_alt = false;
                    }
                    if let Some(i) = in_link {
                        found[i].no_text = false;
                    }
                    if let Some((_, shown)) = &mut heading {
                        *shown = true;
                    }
                }
                // Text runs on across entities and emphasis (`Caf&eacute;`,
                // `**Pair**ing`) as the page shows it: one word, not two.
                if !hidden {
                    text.push_str(&words);
                }
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // An image's alt text stands for it: a word of its own.
            Event::End(TagEnd::Image) => {
                in_image = None;
                text.push(' ');
            }
            Event::Start(Tag::Table(_)) => table_lost = false,
            Event::Start(Tag::TableRow) => row = Some((range.end, range.start)),
            Event::Start(Tag::TableCell) => {
                if let Some((_, last)) = &mut row {
                    *last = (*last).max(range.end);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((end, last)) = row.take()
                    && let Some((at, left_out)) = left_out_of_row(markdown, last, end)
                {
                    match extra_cells.last_mut() {
                        Some(table) if table_lost => table.rows += 1,
                        _ => extra_cells.push(ExtraCells {
                            left_out: left_out.to_string(),
                            offset: at,
                            rows: 1,
                        }),
                    }
                    table_lost = true;
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                notes.insert(label.to_lowercase());
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::Html(html) => {
                if !html.trim_start().starts_with("<!--") {
                    named_by_html(&mut found, in_link, &mut heading);
                }
                if let Some(block) = &mut html_block {
                    block.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = html_block.take()
                    && too_deep.is_none()
                {
                    text.extend(html_text(&block).chars().map(|c| match c {
                        HTML_BLOCK | HTML_BREAK => ' ',
                        c => c,
                    }));
                    text.push(' ');
                }
            }
            Event::InlineHtml(tag) => {
                if !tag.trim_start().starts_with("<!--") {
                    named_by_html(&mut found, in_link, &mut heading);
                }
                match tag_effect(&tag) {
                    TagEffect::Block | TagEffect::Break => text.push(' '),
                    TagEffect::HiddenStart => hidden = true,
                    TagEffect::HiddenEnd => hidden = false,
                    TagEffect::None => {}
                }
            }
            Event::FootnoteReference(_) => {
                named_by_html(&mut found, in_link, &mut heading);
                text.push(' ');
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, false)) = heading.take() {
                    blank_headings.push(at);
                }
                text.push(' ');
            }
            // The end of a block or a cell ends its last word.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            )
            | Event::Rule => text.push(' '),
            _ => {}
        }
    }
    // A note that is there, referred to where pulldown-cmark reads something else (`[^a][b]`
    // is a link's text and label): the text is as the author wrote it, and the note is not
    // missing.
    missing_notes.retain(|(label, _)| !notes.contains(&label.to_lowercase()));
    Scanned {
        references: found,
        text,
        missing_notes,
        extra_cells,
        too_deep,
        blank_headings,
    }
}

/// Raw HTML but a comment, or a note's number, inside a link or a heading counts as
/// something shown (as [`is_named`] has it for the page).
fn named_by_html(
    found: &mut [Reference],
    in_link: Option<usize>,
    heading: &mut Option<(usize, bool)>,
) {
    if let Some(i) = in_link {
        found[i].no_text = false;
    }
    if let Some((_, shown)) = heading {
        *shown = true;
    }
}

/// The raw HTML elements open, read on from one piece of raw HTML to the next (an
/// element, or a comment, may end in a later block than the one it began in).
#[derive(Default)]
struct Nesting {
    open: usize,
    in_comment: bool,
    /// Inside `<script>` or `<style>`, whose text has no tags.
    in_raw: Option<&'static str>,
    /// Inside a tag whose attributes go on past the piece that began it (`<div` on one
    /// line, `class="x">` on the next).
    in_tag: bool,
}

impl Nesting {
    /// Counts the elements `html` opens and closes, and gives the most open at once (a
    /// line may open and close a hundred). Void elements (`<br>`, `<img>`) and those whose
    /// end tag may be left out (`<p>`, `<li>`, `<td>`) are not counted: a parser closes
    /// them at the next of their kind rather than nest them, and a table written without
    /// `</td>` would otherwise count a level for each cell. Comments, the insides of
    /// `<script>` and `<style>`, and quoted attribute values (`title="a<b"`) are not read
    /// for tags.
    fn read(&mut self, html: &str) -> usize {
        const NOT_NESTED: &[&str] = &[
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "thead", "tbody", "tfoot",
            "option", "optgroup", "colgroup", "rt", "rp",
        ];
        let mut rest = html;
        let mut deepest = self.open;
        loop {
            if self.in_comment {
                let Some(end) = rest.find("-->") else {
                    return deepest;
                };
                rest = &rest[end + 3..];
                self.in_comment = false;
            }
            if self.in_tag {
                let Some(end) = tag_end(rest) else {
                    return deepest;
                };
                // Past its `>`; at a `<` it never closed, that `<` begins the next tag.
                let past = usize::from(rest.as_bytes()[end] == b'>');
                rest = &rest[end + past..];
                self.in_tag = false;
            }
            if let Some(raw) = self.in_raw {
                // To the `</script` or `</style` that ends it, in any case.
                let Some(end) = rest.match_indices("</").map(|(at, _)| at).find(|&at| {
                    rest[at + 2..]
                        .get(..raw.len())
                        .is_some_and(|name| name.eq_ignore_ascii_case(raw))
                }) else {
                    return deepest;
                };
                rest = &rest[end + 2 + raw.len()..];
                self.in_raw = None;
            }
            let Some(at) = rest.find('<') else {
                return deepest;
            };
            rest = &rest[at + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                rest = comment;
                self.in_comment = true;
                continue;
            }
            let (closing, tag) = match rest.strip_prefix('/') {
                Some(tag) => (true, tag),
                None => (false, rest),
            };
            let length = tag.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let name = &tag[..length];
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            // The tag's `>`, outside quotes; a `<` outside quotes first means it never
            // closed (so a long run of `<a<a<a` is read once, not to its end at each `<`).
            let attributes = &tag[length..];
            let self_closing = match tag_end(attributes) {
                Some(i) if attributes.as_bytes()[i] == b'>' => {
                    rest = &attributes[i + 1..];
                    attributes[..i].ends_with('/')
                }
                Some(i) => {
                    rest = &attributes[i..];
                    false
                }
                // The tag goes on into the next piece of HTML: counted as open (`<div`
                // then `>` on each line nested as deep as `<div>`), and its attributes
                // are not read there as text with tags in it.
                None => {
                    rest = "";
                    self.in_tag = true;
                    false
                }
            };
            if NOT_NESTED.iter().any(|n| n.eq_ignore_ascii_case(name)) || self_closing {
                continue;
            }
            if ["script", "style"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name))
            {
                if !closing {
                    self.in_raw = Some(if name.eq_ignore_ascii_case("script") {
                        "script"
                    } else {
                        "style"
                    });
                }
                continue;
            }
            if closing {
                self.open = self.open.saturating_sub(1);
            } else {
                self.open += 1;
                deepest = deepest.max(self.open);
            }
        }
    }
}

/// Where the tag whose attributes `text` starts with ends: at its `>`, or at a `<` (it never
/// closed), outside quotes. None if neither comes.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in text.bytes().enumerate() {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>' | b'<') => return Some(i),
            _ => {}
        }
    }
    None
}

/// What a table row's source holds after its last cell read (`last`, up to the row's end,
/// `end`): nothing but empty cells and the pipe that closes the row, or cells
/// pulldown-cmark left out, as written from the first that shows something to the last,
/// and where that starts.
fn left_out_of_row(markdown: &str, last: usize, end: usize) -> Option<(usize, &str)> {
    let rest = markdown.get(last..end)?;
    let rest = rest.split(['\n', '\r']).next().unwrap_or("");
    // The pipe after the last cell read, then what follows it.
    let after = rest.strip_prefix('|')?;
    let (mut from, mut to) = (None, 0);
    let mut at = 0;
    for cell in after.split('|') {
        if !shows_nothing(cell) {
            from.get_or_insert(at + (cell.len() - cell.trim_start().len()));
            to = at + cell.trim_end().len();
        }
        at += cell.len() + 1;
    }
    let from = from?;
    Some((last + 1 + from, &after[from..to]))
}

/// Whether a cell left out of a row loses nothing a reader sees: it holds only spaces,
/// characters that take no room (a zero-width space pasted from a web page), non-breaking
/// spaces written as entities (`&nbsp;`), line breaks (`<br>`) and HTML comments.
fn shows_nothing(cell: &str) -> bool {
    let mut rest = cell;
    loop {
        rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
        });
        if rest.is_empty() {
            return true;
        }
        let lower = rest
            .get(..rest.len().min(8))
            .unwrap_or(rest)
            .to_ascii_lowercase();
        // A named entity is case-sensitive (`&NBSP;` shows as written); a number's `x` not.
        if rest.starts_with("&nbsp;") || lower.starts_with("&#160;") || lower.starts_with("&#xa0;")
        {
            rest = &rest[6..];
        } else if lower.starts_with("<br") {
            let tag = rest[3..].trim_start_matches(' ');
            let tag = tag.strip_prefix('/').unwrap_or(tag);
            match tag.strip_prefix('>') {
                Some(after) => rest = after,
                None => return false,
            }
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            match comment.find("-->") {
                Some(end) => rest = &comment[end + 3..],
                None => return false,
            }
        } else {
            return false;
        }
    }
}

/// The label of the footnote reference `markdown` starts with (`[^label]`). A label may
/// hold spaces (`[^my note]`), not a line break or another bracket, and is at most
/// [`LONGEST_LABEL`] bytes, as pulldown-cmark's: the look stops there, so a body of
/// thousands of `[^` is not searched to its end from each.
fn footnote_label(markdown: &str) -> Option<&str> {
    let rest = markdown.strip_prefix("[^")?;
    let end = rest
        .bytes()
        .take(LONGEST_LABEL + 1)
        .position(|b| matches!(b, b']' | b'[' | b'\n' | b'\r'))?;
    let label = &rest[..end];
    (rest.as_bytes()[end] == b']' && !label.trim().is_empty()).then_some(label)
}

/// The longest label pulldown-cmark reads as one, in bytes.
const LONGEST_LABEL: usize = 999;

/// Where raw HTML, read as text by [`html_text`], separates blocks (a `<div>`, a `<p>`, a
/// table's cell) and where it breaks a line (`<br>`). Records cannot hold control
/// characters (they are refused on reading), so neither can be mistaken for a record's own.
pub const HTML_BLOCK: char = '\u{1}';
pub const HTML_BREAK: char = '\u{2}';

/// Elements that sit inside a line of text without separating its words: `Pair<b>ing</b>`
/// reads as one word. Any other element separates what is either side of it.
const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var",
];

/// What a tag in raw HTML (`<br>`, `</div>`, `<b class=x>`) does to the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagEffect {
    /// An inline element, a comment or anything not a tag: nothing.
    None,
    Block,
    Break,
    /// The start or end of an element whose contents a page never shows (`<script>`,
    /// `<style>`: ammonia removes them with what they hold).
    HiddenStart,
    HiddenEnd,
}

pub fn tag_effect(tag: &str) -> TagEffect {
    let Some(rest) = tag.strip_prefix('<') else {
        return TagEffect::None;
    };
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return TagEffect::None;
    }
    match name.as_str() {
        "br" => TagEffect::Break,
        "script" | "style" if closing => TagEffect::HiddenEnd,
        "script" | "style" => TagEffect::HiddenStart,
        "wbr" => TagEffect::None,
        n if INLINE_ELEMENTS.contains(&n) => TagEffect::None,
        _ => TagEffect::Block,
    }
}

/// The text a reader sees of a piece of raw HTML: its tags gone, with [`HTML_BLOCK`] where
/// a block starts or ends and [`HTML_BREAK`] for a `<br>`; what the page never shows gone
/// too (scripts, styles, comments); its entities (`&pound;`) read. The site shows such text
/// (after ammonia), so the pack and search must have it as well.
pub fn html_text(fragment: &str) -> String {
    static TEXT_ONLY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(ammonia::Builder::empty);
    let mut marked = String::with_capacity(fragment.len() + 16);
    let mut rest = fragment;
    while let Some(at) = rest.find('<') {
        marked.push_str(&rest[..at]);
        match tag_effect(&rest[at..]) {
            TagEffect::Block => marked.push(HTML_BLOCK),
            TagEffect::Break => marked.push(HTML_BREAK),
            _ => {}
        }
        marked.push('<');
        rest = &rest[at + 1..];
    }
    marked.push_str(rest);
    // Ammonia writes text with `&`, `<`, `>` and no-break spaces escaped, and nothing else.
    TEXT_ONLY
        .clean(&marked)
        .to_string()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The path of the site a link names from a page in the folder `dir` (`people/`), or None
/// when it names no file of the site: another site, an address from the server's root, or
/// only a place in the page. A paper's (`files/ipr.pdf`) is from the site's root (FORMAT.md
/// v2), any other from the page's folder, as a browser reads it. A path that climbs out of
/// the site keeps its `../`, so it names no file.
pub fn site_target(url: &str, dir: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let head = path.split('/').next().unwrap_or("");
    if path.is_empty() || head.contains(':') || path.starts_with('/') || is_record_link(path) {
        return None;
    }
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let joined = if is_from_root(&path) {
        path.into_owned()
    } else {
        format!("{dir}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    let mut above = 0;
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    above += 1;
                }
            }
            part => parts.push(part),
        }
    }
    let mut target = "../".repeat(above);
    target.push_str(&parts.join("/"));
    if joined.ends_with('/') {
        target.push('/');
    }
    Some(target)
}

/// A fence's language would become a `class` that ammonia strips; drop it on both paths so
/// a body renders the same whichever path it takes.
fn without_code_language(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::from(""))))
        }
        other => other,
    }
}

/// Plain text, HTML-escaped: for single-line fields that must never carry markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    // Heading and footnote anchors need ids; task lists need disabled, labelled checkboxes;
    // table wrappers need their tabindex, role and label (see `written`). Links
    // keep only the schemes a Markdown link may have (`KEPT_SCHEMES`).
    builder
        .add_generic_attributes(["id"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
        .add_tag_attributes("div", ["tabindex", "role", "aria-label"])
        .add_allowed_classes("div", ["footnote-definition", "table-wrap"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_tag_attributes("a", ["aria-label"])
        .add_allowed_classes("a", ["footnote-backref"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .url_schemes(KEPT_SCHEMES.into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|_, attribute, value| {
            // Headings' and footnotes' ids are moved out of the page's way before this, so
            // one of the page's ids here was written in raw HTML (`<div id="main">`, which
            // took the skip link's target).
            if attribute == "id" && RAW_HTML_PAGE.with(|page| page.get().has(value)) {
                Some(format!("html-{value}").into())
            } else {
                Some(value.into())
            }
        });
    builder
});

std::thread_local! {
    /// The ids of the page the body being cleaned goes on: [`CLEANER`] is shared, and
    /// ammonia's filter of attributes takes no argument of the call's.
    static RAW_HTML_PAGE: std::cell::Cell<PageIds> = const {
        std::cell::Cell::new(PageIds { exact: &[], starts: &[], top_heading: 0 })
    };
}

fn sanitize(html: &str) -> String {
    // A raw `<a>` whose address ammonia removed keeps only the `rel` it adds, which is
    // invalid on a link with no `href`: it is left a plain `<a>`, text in place.
    CLEANER
        .clean(html)
        .to_string()
        .replace("<a rel=\"noopener noreferrer\">", "<a>")
}

/// The ids the page a body is shown on already gives its own parts (`main`, the skip
/// link's target; `attendance` on a person's page), and the families of ids it makes
/// (`action-…` for each action it lists). A heading made one of them gave the page one id
/// twice, and a link or the skip link went to the wrong place.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageIds {
    pub exact: &'static [&'static str],
    pub starts: &'static [&'static str],
    /// The level a body's top headings take on the page: 3 under a section's `<h2>`
    /// ("Narrative"), 2 on a page of its own below its `<h1>`; 0 leaves them as written.
    pub top_heading: u8,
}

impl PageIds {
    fn has(&self, id: &str) -> bool {
        self.exact.contains(&id) || self.starts.iter().any(|start| id.starts_with(start))
    }
}

fn with_heading_ids(events: Vec<Event<'_>>, page_ids: PageIds) -> Vec<Event<'_>> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut next = HashMap::new();
    // Ids written by the author are theirs; made ones avoid them.
    for event in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string());
        }
    }
    let mut out = Vec::with_capacity(events.len());
    // Own ids met so far: one given twice (a section copied with its `{#risks}`) is kept
    // the first time and numbered after, as a made one is; a page may not hold an id twice.
    let mut own_seen: BTreeSet<&str> = BTreeSet::new();
    for (i, event) in events.iter().enumerate() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            out.push(event.clone());
            continue;
        };
        let wanted = match id {
            // An author's own id is kept, unless the page has it (`{#main}`, the skip link's
            // target): then it is moved out of the way as a made one is.
            Some(own) if !page_ids.has(own) && own_seen.insert(own) => {
                out.push(event.clone());
                continue;
            }
            Some(own) if !page_ids.has(own) => own.to_string(),
            Some(own) => format!("section-{own}"),
            None => {
                // Out of the page's way: `## Attendance` on a person's page is
                // `section-attendance`, not a second `attendance`. Elsewhere it keeps its
                // id, and links written to it before.
                let made = slug(&heading_text(&events[i + 1..]));
                if page_ids.has(&made) {
                    format!("section-{made}")
                } else {
                    made
                }
            }
        };
        let id = unique(wanted, &mut used, &mut next, page_ids);
        out.push(Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(id)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        }));
    }
    out
}

/// A footnote's id is its label (pulldown-cmark writes `[^main]` as `id="main"` and links
/// to `#main`): a label that is one of the page's ids, or a heading's, or that holds white
/// space (no id may), gave the page one id twice or a link to nowhere. Such a label is
/// written as `fn-` and its slug, the same for its references and its note, so they still
/// link and number as before; any other label is kept, and links written to it.
fn with_footnote_ids<'a>(events: Vec<Event<'a>>, page_ids: PageIds) -> Vec<Event<'a>> {
    let label_of = |event: &Event<'a>| match event {
        Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
            Some(label.clone())
        }
        _ => None,
    };
    if !events.iter().any(|event| label_of(event).is_some()) {
        return events;
    }
    let mut used: BTreeSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    // Labels match whatever their case (`[^Note]` is the note `[^note]`): each label is
    // given its id once, as first written, so a reference and its note share it.
    let mut labels: Vec<(String, CowStr<'a>)> = Vec::new();
    let mut keys = HashSet::new();
    for label in events.iter().filter_map(label_of) {
        let key = label.to_lowercase();
        if keys.insert(key.clone()) {
            labels.push((key, label));
        }
    }
    // The labels kept first, so that a renamed one keeps out of their way too (`[^main]`
    // made `fn-main` where the body also has `[^fn-main]`).
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (key, label) in &labels {
        let keep = !label.is_empty()
            && !label.chars().any(char::is_whitespace)
            && !page_ids.has(label)
            && !used.contains(&**label);
        if keep {
            used.insert(label.to_string());
            ids.insert(key.clone(), label.to_string());
        }
    }
    let mut next = HashMap::new();
    for (key, label) in &labels {
        if !ids.contains_key(key) {
            let id = unique(
                format!("fn-{}", slug(label)),
                &mut used,
                &mut next,
                page_ids,
            );
            ids.insert(key.clone(), id);
        }
    }
    events
        .into_iter()
        .map(|event| {
            let Some(label) = label_of(&event) else {
                return event;
            };
            let id = ids
                .get(&label.to_lowercase())
                .cloned()
                .unwrap_or_else(|| label.to_string());
            match event {
                Event::FootnoteReference(_) => Event::FootnoteReference(CowStr::from(id)),
                _ => Event::Start(Tag::FootnoteDefinition(CowStr::from(id))),
            }
        })
        .collect()
}

/// References and notes written as HTML ([`with_footnote_ids`] has made their labels
/// ids): each reference gets an id of its own and its note a link back to the first, since
/// a reader who followed a note's number had no way back to the sentence (pulldown-cmark
/// gives a reference no id). Numbered as pulldown-cmark numbers them, in the order first
/// met, reference or note. Made after the body is judged for the cleaner, as the tables'
/// wrappers are: the HTML is boardpack's own.
fn with_footnote_links<'a>(events: Vec<Event<'a>>, page_ids: PageIds) -> Vec<Event<'a>> {
    if !events.iter().any(|event| {
        matches!(
            event,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    }) {
        return events;
    }
    let mut used: BTreeSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            Event::Start(Tag::FootnoteDefinition(id)) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut next = HashMap::new();
    let mut back: Vec<String> = Vec::new();
    let mut first_back: HashMap<String, String> = HashMap::new();
    for event in &events {
        if let Event::FootnoteReference(label) = event {
            let id = label.to_string();
            let made = unique(format!("fnref-{id}"), &mut used, &mut next, page_ids);
            first_back.entry(id).or_insert_with(|| made.clone());
            back.push(made);
        }
    }
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut number_of = |id: &str| {
        let next = numbers.len() + 1;
        *numbers.entry(id.to_string()).or_insert(next)
    };
    let mut back = back.into_iter();
    let mut open: Option<(String, usize)> = None;
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len() + 2);
    for event in events {
        match event {
            Event::FootnoteReference(label) => {
                let id = label.to_string();
                let number = number_of(&id);
                let own = back.next().unwrap_or_default();
                out.push(Event::InlineHtml(CowStr::from(format!(
                    r##"<sup class="footnote-reference" id="{}"><a href="#{}">{number}</a></sup>"##,
                    escape(&own),
                    escape(&id)
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = label.to_string();
                let number = number_of(&id);
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{number}</sup>\n",
                    escape(&id)
                ))));
                open = Some((id, number));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((id, number)) = open.take()
                    && let Some(first) = first_back.get(&id)
                {
                    let link = Event::InlineHtml(CowStr::from(format!(
                        r##" <a href="#{}" class="footnote-backref" aria-label="Back to the text of note {number}">↩&#xFE0E;</a>"##,
                        escape(first)
                    )));
                    // At the end of the note's last paragraph, where its text ends.
                    match out.last() {
                        Some(Event::End(TagEnd::Paragraph)) => {
                            out.insert(out.len() - 1, link);
                        }
                        _ => out.push(link),
                    }
                }
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            event => out.push(event),
        }
    }
    out
}

fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Lowercase letters and digits, words joined by hyphens: `Why pairs?` → `why-pairs`.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".into()
    } else {
        slug.into()
    }
}

/// `base`, or the first of `base-2`, `base-3`, … not yet used. `next` keeps, for each base,
/// the number to try next: trying from 2 every time made 20,000 headings of one name take
/// 19 s (found by a review of hostile bodies).
fn unique(
    base: String,
    used: &mut BTreeSet<String>,
    next: &mut HashMap<String, usize>,
    page_ids: PageIds,
) -> String {
    let n = next.entry(base.clone()).or_insert(1);
    let mut candidate = if *n == 1 {
        base.clone()
    } else {
        format!("{base}-{n}")
    };
    // A repeat's number must not make a page's id either (`action` twice is `action-2`,
    // an action's id on a page that lists actions).
    while used.contains(&candidate) || page_ids.has(&candidate) {
        *n += 1;
        candidate = format!("{base}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_records(_: &str) -> Option<Target> {
        None
    }

    /// A row of more cells than the table's first row loses the extra ones on the page
    /// (GFM's rule): each table with such rows is found once, at its first, with what it
    /// loses as written. A row of fewer cells, an empty extra cell, a closing pipe, an
    /// escaped pipe and tables inside a quote or a list are not mistaken for one.
    #[test]
    fn table_rows_with_cells_left_out_are_found() {
        let found = |markdown: &str| scan(markdown).extra_cells;
        let cells = |left_out: &str, offset: usize, rows: usize| ExtraCells {
            left_out: left_out.into(),
            offset,
            rows,
        };
        assert_eq!(
            found("| a | b |\n| - | - |\n| 1 | 2 | 3 |\n| 4 | 5 | 6 | 7 |\n"),
            [cells("3", 30, 2)]
        );
        assert_eq!(
            found("a | b\n- | -\n1 | `x|y` | 3\n"),
            [cells("y` | 3", 19, 1)]
        );
        assert_eq!(
            found("> | a | b |\n> | - | - |\n> | 1 | 2 | lost |\n"),
            [cells("lost", 36, 1)]
        );
        assert_eq!(
            found("- item\n\n  | a |\n  | - |\n  | 1 | 2\n\n| c |\n| - |\n| 3 | 4 |\n"),
            [cells("2", 32, 1), cells("4", 53, 1)]
        );
        // From the first left-out cell that shows something to the last: not the pipes of
        // empty cells around them.
        assert_eq!(
            found("| a | b |\n| - | - |\n| 1 | 2 |  | x | \u{200b} |  |\n"),
            [cells("x", 33, 1)]
        );
        assert_eq!(
            found("| a | b |\n| - | - |\n| 1 | 2 | x\t|\ty |\n"),
            [cells("x\t|\ty", 30, 1)]
        );
        // Cells that show nothing on a page: entities for spaces, line breaks, comments.
        assert_eq!(
            found("| a | b |\n| - | - |\n| 1 | 2 | &nbsp; | <br> <BR/> | <!-- x --> | <brick> |\n"),
            [cells("<brick>", 65, 1)]
        );
        assert_eq!(
            found("| a | b |\n| - | - |\n| 1 | 2 | <!-- not closed |\n"),
            [cells("<!-- not closed", 30, 1)]
        );
        assert_eq!(
            found("| a | b |\n| - | - |\n| 1 | 2 | &NBSP; |\n"),
            [cells("&NBSP;", 30, 1)]
        );
        for whole in [
            "| a | b |\n| - | - |\n| 1 | 2 | &nbsp; &#160;&#xA0; | <br /> | <!-- note -->&nbsp; |\n",
            "| a | b |\n| - | - |\n| 1 | 2 | \u{200b} | \u{a0} |\n",
            "| a | b |\n| - | - |\n| 1 |\n",
            "| a | b |\n| - | - |\n| 1 | 2 |   |\n",
            "| a | b |\n| - | - |\n| 1 | 2 |\n",
            "a | b\n- | -\n1 | 2\n",
            "| a |\n| - |\n| x \\| y |\n",
            "Not | a table\n",
        ] {
            assert_eq!(found(whole), [], "{whole:?}");
        }
    }

    #[test]
    fn record_links_go_to_the_page_or_become_text() {
        let records = |url: &str| match record_link(url) {
            Some(("people", "amara-okafor", fragment)) => Some(Target {
                path: format!("people/amara-okafor.html{fragment}"),
                name: "Dr Amara Okafor".into(),
            }),
            _ => None,
        };
        let html = to_html(
            "[Dr Okafor](@/people/amara-okafor) and [her work](@/people/amara-okafor#interests), [hidden](@/people/secret) *still* ![a face](@/people/secret)\n",
            "../",
            &records,
            PageIds::default(),
        );
        assert!(
            html.contains(r#"href="../people/amara-okafor.html">Dr Okafor</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="../people/amara-okafor.html#interests">her work</a>"#),
            "{html}"
        );
        assert!(html.contains(", hidden <em>still</em> a face"), "{html}");
        assert!(!html.contains("secret"), "{html}");
        assert_eq!(
            record_link("@/meetings/board-2026-07"),
            Some(("meetings", "board-2026-07", ""))
        );
        assert_eq!(record_link("@/meetings"), None);
        assert_eq!(site_target("@/people/x", ""), None);
    }

    #[test]
    fn links_with_no_words_get_a_name_and_blank_headings_go() {
        let records = |url: &str| {
            record_link(url).map(|(_, id, fragment)| Target {
                path: format!("people/{id}.html{fragment}"),
                name: format!("Name of {id}"),
            })
        };
        let body = "[](@/people/a#x) [ \u{200b} ](https://example.org/b) [](MAILTO:c@example.org) [](tel:+441) [![](p.png)](@/people/d) [![ ](q.png) **\u{2060}**](./e.html) [named](@/people/f) [](@/people/gone) [](file:///x)\n\n## \u{200d}\n\n#\n\n## Kept {#k}\n\n### ![logo](l.png)\n";
        let none_for_gone = |url: &str| records(url).filter(|t| !t.path.contains("gone"));
        let html = to_html(body, "../", &none_for_gone, PageIds::default());
        for expected in [
            r#"href="../people/a.html#x">Name of a</a>"#,
            "\u{200b} https://example.org/b</a>",
            r#"href="MAILTO:c@example.org">c@example.org</a>"#,
            r#"href="tel:+441">+441</a>"#,
            r#"<img src="p.png" alt="Name of d" /></a>"#,
            r#"<img src="q.png" alt=" ./e.html" /> <strong>"#,
            r#"href="../people/f.html">named</a>"#,
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        // Raw HTML may name the link itself (and sends the body through the cleaner,
        // which writes attributes in another order); a link left out has no words to show.
        let raw = to_html(
            "[<i></i>](https://example.org/g)",
            "",
            &no_records,
            PageIds::default(),
        );
        assert!(raw.contains("<i></i></a>"), "{raw}");
        assert!(!html.contains("gone") && !html.contains("file:"), "{html}");
        assert!(
            !html.contains("<h1") && !html.contains("\u{200d}"),
            "{html}"
        );
        assert!(html.contains(r#"<h2 id="k">Kept</h2>"#), "{html}");
        assert!(
            html.contains(r#"alt="logo""#) && html.contains("<h3"),
            "{html}"
        );

        let scanned = scan(&format!("{body}\n[<i></i>](https://example.org/g)\n"));
        let no_text: Vec<(&str, bool)> = scanned
            .references
            .iter()
            .filter(|r| !r.image)
            .map(|r| (r.url.as_str(), r.no_text))
            .collect();
        assert_eq!(
            no_text,
            [
                ("@/people/a#x", true),
                ("https://example.org/b", true),
                ("MAILTO:c@example.org", true),
                ("tel:+441", true),
                // A linked image's own warning speaks for the link.
                ("@/people/d", false),
                ("./e.html", false),
                ("@/people/f", false),
                ("@/people/gone", true),
                ("file:///x", true),
                ("https://example.org/g", false),
            ]
        );
        let headings: Vec<&str> = scanned
            .blank_headings
            .iter()
            .map(|&at| body[at..].lines().next().unwrap())
            .collect();
        assert_eq!(headings, ["## \u{200d}", "#"]);
        let linked: Vec<bool> = scanned
            .references
            .iter()
            .filter(|r| r.image)
            .map(|r| r.linked)
            .collect();
        assert_eq!(linked, [true, true, false]);

        // A heading of a link that names itself, or of an image, shows something; one of a
        // comment, or a link to nothing, does not. The page and `check` agree.
        let body = "## [](https://example.org/h)\n\n## [](@/people/a)\n\n## ![](logo.png)\n\n## <!-- todo -->\n\n## []()\n\n[<!-- x -->](https://example.org/c) [](tel:12)\n";
        let html = to_html(body, "", &records, PageIds::default());
        assert!(html.contains(">https://example.org/h</a></h2>"), "{html}");
        assert!(html.contains(">Name of a</a></h2>"), "{html}");
        // (The comment sends the body through the cleaner, which writes `<img ...>`.)
        assert!(
            html.contains(r#"<img src="logo.png" alt=""></h2>"#),
            "{html}"
        );
        assert_eq!(html.matches("<h2").count(), 3, "{html}");
        assert!(html.contains(">https://example.org/c</a>"), "{html}");
        assert!(
            html.contains(r#"href="tel:12" rel="noopener noreferrer">12</a>"#),
            "{html}"
        );
        let scanned = scan(body);
        let headings: Vec<&str> = scanned
            .blank_headings
            .iter()
            .map(|&at| body[at..].lines().next().unwrap())
            .collect();
        assert_eq!(headings, ["## <!-- todo -->", "## []()"]);
        let comment = scanned
            .references
            .iter()
            .find(|r| r.url.ends_with("/c"))
            .unwrap();
        assert!(comment.no_text);
    }

    /// Many links with no words and blank headings in one body, each named or left out
    /// in its place (they are now placed in one pass: inserting or removing each moved the
    /// rest of the body, and 80,000 blank headings took 13 s; BENCHMARKS.md).
    #[test]
    fn many_links_with_no_words_and_blank_headings_each_come_out_right() {
        let body = "#\nx\n".repeat(2_000) + &"[](https://e.org/x) ".repeat(2_000);
        let html = to_html(&body, "", &no_records, PageIds::default());
        assert_eq!(html.matches("<h1").count(), 0);
        assert_eq!(html.matches(">https://e.org/x</a>").count(), 2_000);
    }

    #[test]
    fn links_from_the_site_root_are_made_relative_to_the_page() {
        let html = to_html(
            "[paper](files/ipr.pdf) ![chart](files/c.png) [here](./x.html) [up](../board.html) [near](about.html) [web](https://example.org/a) [top](#top) [abs](/x) <jo@example.org> <https://example.org/b>\n",
            "../",
            &no_records,
            PageIds::default(),
        );
        for expected in [
            r#"href="../files/ipr.pdf""#,
            r#"src="../files/c.png""#,
            r#"href="./x.html""#,
            r#"href="../board.html""#,
            r#"href="about.html""#,
            r#"href="mailto:jo@example.org""#,
            r#"href="https://example.org/b""#,
            r#"href="https://example.org/a""#,
            r##"href="#top""##,
            r#"href="/x""#,
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
    }

    #[test]
    fn footnote_references_with_no_note_are_found() {
        let body = "One[^a], two[^b] and [^c][^c].\n\n[^b]: Note.\n\n`[^d]` \\[^e] [x] [^] Done![^f] [^B][x]\n";
        let missing = scan(body).missing_notes;
        assert_eq!(
            missing,
            [
                ("a".to_string(), 3),
                ("c".to_string(), 21),
                ("c".to_string(), 25),
                ("f".to_string(), 71)
            ]
        );
        assert_eq!(&body[71..75], "[^f]");
        assert_eq!(&body[3..7], "[^a]");
        assert_eq!(footnote_label("[^long-name] after"), Some("long-name"));
        assert_eq!(footnote_label("[^] x"), None);
        assert_eq!(footnote_label("[^my note]"), Some("my note"));
        assert_eq!(footnote_label("[^a\nb]"), None);
        assert_eq!(footnote_label("[^a[^b]"), None);
        let long = format!("[^{}]", "x".repeat(LONGEST_LABEL + 1));
        assert_eq!(footnote_label(&long), None);
        // Thousands of `[^` with no `]`: each is looked at a label's length, not to the end.
        assert!(scan(&"[^".repeat(200_000)).missing_notes.is_empty());
    }

    /// Search reads a body as the page shows it: text in raw HTML is there (a decision in a
    /// `<div>` was missing), what the page never shows is not, and a word broken only by an
    /// entity or emphasis is one word.
    #[test]
    fn scanned_text_is_what_the_page_shows() {
        let scanned = scan(
            "Caf&eacute; and **Pair**ing, line one<br>line two\n\n<div class=\"callout\">\nBoard approved <b>Zebra</b>corn funding of &pound;40,000.\n</div>\n\n<details><summary>Quokka summary</summary>\n\n<p align=\"center\">Axolotl&nbsp;centred</p><script>alert(1)</script><!-- a note -->\n\nAfter <script>hidden()</script>shown\n",
        );
        assert_eq!(
            scanned.text.split_whitespace().collect::<Vec<_>>(),
            [
                "Café",
                "and",
                "Pairing,",
                "line",
                "one",
                "line",
                "two",
                "Board",
                "approved",
                "Zebracorn",
                "funding",
                "of",
                "£40,000.",
                "Quokka",
                "summary",
                "Axolotl",
                "centred",
                "After",
                "shown",
            ]
        );
    }

    /// A body's headings fit under the page's: no second `<h1>`, no skipped level, a body's
    /// `##` under a section's `<h2>` is an `<h3>`.
    #[test]
    fn headings_fit_the_page_outline() {
        let none = |_: &str| None;
        let levels = |markdown: &str, top: u8| -> Vec<String> {
            let page = PageIds {
                top_heading: top,
                ..PageIds::default()
            };
            let html = to_html(markdown, "", &none, page);
            html.match_indices("<h")
                .map(|(at, _)| html[at + 1..at + 3].to_string())
                .filter(|tag| tag.as_bytes()[1].is_ascii_digit())
                .collect()
        };
        let body = "# A\n\n#### B\n\n## C\n\n###### D\n\n## E\n";
        assert_eq!(levels(body, 2), ["h2", "h3", "h3", "h4", "h3"]);
        assert_eq!(levels(body, 3), ["h3", "h4", "h4", "h5", "h4"]);
        assert_eq!(levels("## Progress\n\n### Risks\n", 3), ["h3", "h4"]);
        assert_eq!(levels("##### Deep\n\n###### Deeper\n", 6), ["h6", "h6"]);
        // As written where the page does not say.
        assert_eq!(levels(body, 0), ["h1", "h4", "h2", "h6", "h2"]);
        let html = to_html(
            "## Progress {#p}\n",
            "",
            &none,
            PageIds {
                top_heading: 3,
                ..PageIds::default()
            },
        );
        assert_eq!(html, "<h3 id=\"p\">Progress</h3>\n");
        // An id given twice is the first heading's; the second is numbered.
        let html = to_html(
            "## Risks {#risks}\n\n## Mitigations {#risks}\n\n## Risks\n",
            "",
            &none,
            PageIds::default(),
        );
        assert_eq!(
            html,
            "<h2 id=\"risks\">Risks</h2>\n<h2 id=\"risks-2\">Mitigations</h2>\n<h2 id=\"risks-3\">Risks</h2>\n"
        );
    }

    #[test]
    fn html_text_marks_blocks_and_breaks() {
        assert_eq!(
            html_text("<div>a<br/>b</div><p>c &amp; <i>d</i>e &lt;f&gt;</p><style>x{}</style>"),
            "\u{1}a\u{2}b\u{1}\u{1}c & de <f>\u{1}"
        );
        assert_eq!(tag_effect("<BR>"), TagEffect::Break);
        assert_eq!(tag_effect("</Script >"), TagEffect::HiddenEnd);
        assert_eq!(tag_effect("<!-- x -->"), TagEffect::None);
        assert_eq!(tag_effect("<3"), TagEffect::None);
    }

    #[test]
    fn references_and_alt_text() {
        let scanned = scan(
            "Text [a](x.html)\n\n![](files/a.png) ![A chart](b.png) ![ ](c.png) <jo@example.org>\n",
        );
        assert_eq!(
            scanned.text.split_whitespace().collect::<Vec<_>>(),
            ["Text", "a", "A", "chart", "jo@example.org"],
            "words without link addresses"
        );
        let found = scanned.references;
        let summary: Vec<(&str, usize, bool, bool)> = found
            .iter()
            .map(|r| (r.url.as_str(), r.offset, r.image, r.no_alt))
            .collect();
        assert_eq!(
            summary,
            [
                ("x.html", 5, false, false),
                ("files/a.png", 18, true, true),
                ("b.png", 35, true, false),
                ("c.png", 53, true, true),
            ]
        );
    }

    #[test]
    fn site_targets() {
        assert_eq!(
            site_target("files/a.pdf", "people/"),
            Some("files/a.pdf".into())
        );
        assert_eq!(
            site_target("about.html", "pages/"),
            Some("pages/about.html".into())
        );
        assert_eq!(
            site_target("../measures/", "pages/"),
            Some("measures/".into())
        );
        assert_eq!(
            site_target("files/a%20b.pdf#p2", "people/"),
            Some("files/a b.pdf".into())
        );
        assert_eq!(
            site_target("./x.html", "people/"),
            Some("people/x.html".into())
        );
        assert_eq!(
            site_target("../board.html?x", "people/"),
            Some("board.html".into())
        );
        assert_eq!(
            site_target("../../x.html", "people/"),
            Some("../x.html".into())
        );
        assert_eq!(site_target("measures/", ""), Some("measures/".into()));
        assert_eq!(
            site_target("../measures/", "pages/"),
            Some("measures/".into())
        );
        for outside in [
            "https://example.org/",
            "mailto:a@b",
            "/x.html",
            "#top",
            "",
            "?q",
        ] {
            assert_eq!(site_target(outside, "people/"), None, "{outside}");
        }
    }

    #[test]
    fn extensions_render() {
        let html = to_html(
            "# Why pairs\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n- [x] done\n- [ ] to do\n\n## Why pairs\n\n### Own {#mine}\n\n[^1]: A note.\n",
            "",
            &no_records,
            PageIds::default(),
        );
        assert!(
            html.contains(r#"<h1 id="why-pairs">Why pairs</h1>"#),
            "{html}"
        );
        assert!(html.contains(r#"<h2 id="why-pairs-2">"#), "{html}");
        assert!(html.contains(r#"<h3 id="mine">"#), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains(r#"<td style="text-align: right">2</td>"#),
            "{html}"
        );
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(
            html.contains(
                r#"<input type="checkbox" disabled="" checked="" aria-label="Done"> done"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"aria-label="Not done"> to do"#), "{html}");
        assert!(
            html.contains(
                r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table: "#
            ),
            "{html}"
        );
        assert!(html.contains("</table>\n</div>"), "{html}");
        assert!(
            html.contains(r#"<div class="footnote-definition" id="1">"#),
            "{html}"
        );
        assert!(html.contains(r##"href="#1""##), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[click](javascript:alert(3))\n\n<a href=\"JaVaScRiPt:alert(4)\">x</a>\n\n<iframe src=\"https://evil\"></iframe>\n\n<p style=\"background:url(x)\" onclick=\"alert(5)\">p</p>\n\n[ok](https://example.org) [rel](other.html)\n",
            "",
            &no_records,
            PageIds::default(),
        );
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "alert(",
            "<iframe",
            "onclick",
            "background",
        ] {
            assert!(!lower.contains(bad), "{bad} survived: {html}");
        }
        assert!(
            html.contains(r#"<a href="https://example.org" rel="noopener noreferrer">ok</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"href="other.html""#), "{html}");
    }

    /// Bodies that skip ammonia come out as ammonia would have made them: the same document
    /// once both are normalised by it.
    #[test]
    fn bodies_without_html_skip_ammonia_and_match_it() {
        for markdown in [
            "# Why pairs\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~old~~ *em* **strong** `code` \"q\" & 'a' < b[^1]\n\n- [x] done\n- [ ] to do\n\n3. three\n4. four\n\n> quoted\n\n```rust\nfn main() {}\n```\n\n---\n\n### Own {#mine}\n\n[^1]: A note.\n",
            "[site](https://example.org \"Title\") [page](other.html#part) [up](../x?y=1:2) [mail](mailto:a@example.org) [phone](tel:+441234) <https://example.org/a?b=c&d> <someone@example.org> ![chart](img/c.png \"t\") [proto](//example.org/x)",
        ] {
            let events = events_of(markdown, PageIds::default());
            assert!(!needs_sanitizer(&events), "{markdown}");
            let raw = written(markdown, events, PageIds::default());
            let html = to_html(markdown, "", &no_records, PageIds::default());
            assert_eq!(html, with_link_rel(raw.clone()));
            assert_eq!(sanitize(&html), sanitize(&raw), "{markdown}");
        }
        let html = to_html(
            "[a](https://example.org)\n\n```rust\nx\n```\n\nn[^n]\n\n[^n]: note\n",
            "",
            &no_records,
            PageIds::default(),
        );
        assert!(
            html.contains(r#"<a rel="noopener noreferrer" href="https://example.org">a</a>"#),
            "{html}"
        );
        assert!(html.contains("<pre><code>x"), "{html}");
        // The reference has an id, and its note a link back to it at the end of its text.
        assert!(
            html.contains(r##"n<sup class="footnote-reference" id="fnref-n"><a rel="noopener noreferrer" href="#n">1</a></sup>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<p>note <a rel="noopener noreferrer" href="#fnref-n" class="footnote-backref" aria-label="Back to the text of note 1">↩&#xFE0E;</a></p>"##),
            "{html}"
        );
    }

    /// Each reference has an id of its own, and a note links back to its first reference;
    /// a note no reference names has no link back. Through the cleaner too.
    #[test]
    fn notes_link_back_to_their_first_reference() {
        for raw in ["", "<span>raw</span>\n\n"] {
            let body = format!(
                "{raw}## Fnref a\n\nOne[^a], two[^b] and one again[^a].\n\n[^a]: First.\n[^b]: Second.\n[^c]: Unreferenced.\n"
            );
            let html = to_html(&body, "", &no_records, PageIds::default());
            // The heading has `fnref-a`: the references keep out of its way.
            for id in ["fnref-a", "fnref-a-2", "fnref-a-3", "fnref-b"] {
                assert_eq!(
                    html.matches(&format!("id=\"{id}\"")).count(),
                    1,
                    "{id}: {html}"
                );
            }
            assert_eq!(html.matches("href=\"#a\"").count(), 2, "{html}");
            assert_eq!(html.matches("\">1</a></sup>").count(), 2, "{html}");
            assert!(html.contains("\">2</a></sup>"), "{html}");
            assert_eq!(
                html.matches("class=\"footnote-backref\"").count(),
                2,
                "{html}"
            );
            assert!(html.contains("href=\"#fnref-a-2\" class=\"footnote-backref\" aria-label=\"Back to the text of note 1\""), "{html}");
            assert!(html.contains("href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"Back to the text of note 2\""), "{html}");
            assert!(!html.contains("#fnref-c"), "{html}");
        }
    }

    /// A table's region is named by its header row, markup left out and text escaped.
    #[test]
    fn a_table_is_named_by_its_header_row() {
        let html = to_html(
            "| **Quarter** | `a<b` | |\n|---|---|---|\n| 1 | 2 | 3 |\n\n| |\n|---|\n| x |\n",
            "",
            &no_records,
            PageIds::default(),
        );
        assert!(
            html.contains(r#"role="region" aria-label="Table: Quarter, a&lt;b"><table>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"role="region" aria-label="Table"><table>"#),
            "{html}"
        );
        // A break between words is a space; a wide table is named by its first four.
        let html = to_html(
            "| Line<br>break | b | c | d | e | f |\n|---|---|---|---|---|---|\n| 1 | 2 | 3 | 4 | 5 | 6 |\n",
            "",
            &no_records,
            PageIds::default(),
        );
        assert!(
            html.contains(r#"aria-label="Table: Line break, b, c, d and 2 more">"#),
            "{html}"
        );
    }

    /// The table wrapper and the labelled checkboxes survive ammonia, for bodies that take it.
    #[test]
    fn table_wrappers_and_task_labels_survive_ammonia() {
        let html = to_html(
            "<b>raw</b>\n\n| a |\n|---|\n| 1 |\n\n- [x] done\n- [ ] to do\n",
            "",
            &no_records,
            PageIds::default(),
        );
        assert!(
            html.contains(
                r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table: a">"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<input type="checkbox" disabled="" checked="" aria-label="Done">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<input type="checkbox" disabled="" aria-label="Not done">"#),
            "{html}"
        );
    }

    #[test]
    fn anything_the_writer_does_not_check_goes_through_ammonia() {
        for markdown in [
            "<b>bold</b>",
            "inline <span onclick=\"alert(1)\">x</span>",
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "![x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "<javascript:alert(1)>",
            "# Title {onclick=alert(1)}",
            "# Title {.shout}",
        ] {
            assert!(
                needs_sanitizer(&events_of(markdown, PageIds::default())),
                "{markdown}"
            );
            let html = to_html(markdown, "", &no_records, PageIds::default()).to_lowercase();
            for bad in [
                "=\"javascript:",
                "=\"vbscript:",
                "=\"data:",
                "onclick=",
                "\"shout\"",
            ] {
                assert!(!html.contains(bad), "{bad} survived {markdown}: {html}");
            }
        }
    }

    /// Repeated headings are numbered in order, past ids the author wrote, and thousands
    /// of them are numbered without trying every number again for each (a hostile body
    /// of 20,000 `## h` took 19 s).
    #[test]
    fn repeated_headings_are_numbered_in_order() {
        let body = "## Risk\n\n## Risk\n\n## Own {#risk-3}\n\n## Risk\n\n## Risk\n";
        let html = to_html(body, "", &no_records, PageIds::default());
        let ids: Vec<&str> = html
            .split("id=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .collect();
        assert_eq!(
            ids,
            ["risk", "risk-2", "risk-3", "risk-4", "risk-5"],
            "{html}"
        );
        let many = "## h\n\n".repeat(20_000);
        let html = to_html(&many, "", &no_records, PageIds::default());
        assert!(html.contains("id=\"h-20000\""));
        assert_eq!(html.matches("<h2").count(), 20_000);
    }

    /// A body's heading named like a part of its page (`## Attendance` on a person's
    /// page, `## Main`, `## Action`s on a page listing actions) gets an id of its own;
    /// elsewhere, and where the author wrote one, the id is as before.
    #[test]
    fn raw_html_ids_keep_out_of_the_page_s_way() {
        let page = PageIds {
            exact: &["main", "attendance"],
            starts: &["action-"],
            top_heading: 0,
        };
        let body = "<div id=\"main\">Pasted</div>\n\n<p id=\"action-3\">x</p>\n\n<span id=\"notes\">y</span>\n\n## Main\n";
        let html = to_html(body, "", &no_records, page);
        for id in ["html-main", "html-action-3", "notes", "section-main"] {
            assert_eq!(
                html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{id}: {html}"
            );
        }
        assert!(!html.contains("id=\"main\""), "{html}");
        assert!(!html.contains("id=\"action-3\""), "{html}");
        // The next body, on a page without those ids, keeps them: the page's are not left
        // behind for it.
        let plain = to_html(body, "", &no_records, PageIds::default());
        assert!(plain.contains("id=\"main\""), "{plain}");
    }

    #[test]
    fn heading_ids_keep_out_of_the_page_s_way() {
        let page = PageIds {
            exact: &["main", "attendance", "action"],
            starts: &["action-"],
            top_heading: 0,
        };
        let body = "## Attendance\n\n## Main\n\n## Action plan\n\n## Action\n\n## Action\n\n## Section main\n\n## Why\n\n## Own {#main}\n";
        let html = to_html(body, "", &no_records, page);
        for id in [
            "section-attendance",
            "section-main",
            "section-action-plan",
            "section-action",
            // A repeat's number would make `action-2`, an action's id.
            "section-action-2",
            // The made id already taken, as any repeat is.
            "section-main-2",
            "why",
            // The author's own `{#main}`: the skip link's target stays the page's.
            "section-main-3",
        ] {
            assert_eq!(
                html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{id}: {html}"
            );
        }
        assert!(!html.contains("id=\"attendance\""), "{html}");
        assert!(!html.contains("id=\"main\""), "{html}");
        // On a page without those parts, the headings keep the ids they always had.
        let plain = to_html(body, "", &no_records, PageIds::default());
        for id in ["attendance", "main-2", "action-plan", "action", "action-2"] {
            assert!(plain.contains(&format!("id=\"{id}\"")), "{id}: {plain}");
        }
    }

    /// A footnote's label is its id: one that is the page's, a heading's, or not an id at
    /// all is renamed, the same at its references and its note.
    #[test]
    fn footnote_ids_keep_out_of_the_page_s_way() {
        let page = PageIds {
            exact: &["main"],
            starts: &[],
            top_heading: 0,
        };
        let body = "## Notes\n\nA[^main], b[^notes], c[^my note], d[^1] and e[^Main].\n\n[^main]: M.\n[^notes]: N.\n[^my note]: S.\n[^1]: One.\n";
        let html = to_html(body, "", &no_records, page);
        for (id, number) in [("fn-main", 1), ("fn-notes", 2), ("fn-my-note", 3), ("1", 4)] {
            assert!(
                html.contains(&format!("href=\"#{id}\">{number}</a>")),
                "{id}: {html}"
            );
            assert_eq!(
                html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{id}: {html}"
            );
        }
        // `[^Main]` is the note `[^main]`: the same id and number.
        assert_eq!(html.matches("href=\"#fn-main\">1</a>").count(), 2, "{html}");
        assert_eq!(html.matches("id=\"main\"").count(), 0, "{html}");
        assert_eq!(html.matches("id=\"notes\"").count(), 1, "{html}");
        // A label renamed keeps out of the way of one kept: `[^main]` is not `fn-main`
        // where the body has its own `[^fn-main]`.
        let both = to_html(
            "A[^main] and b[^fn-main].\n\n[^main]: M.\n[^fn-main]: F.\n",
            "",
            &no_records,
            page,
        );
        assert!(both.contains("href=\"#fn-main-2\">1</a>"), "{both}");
        assert!(both.contains("href=\"#fn-main\">2</a>"), "{both}");
        assert_eq!(both.matches("id=\"fn-main\"").count(), 1, "{both}");
        // Elsewhere a label that is an id keeps it, and links written to it.
        let plain = to_html(body, "", &no_records, PageIds::default());
        assert!(plain.contains("id=\"main\""), "{plain}");
        assert!(plain.contains("href=\"#main\">1</a>"), "{plain}");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Why pairs?"), "why-pairs");
        assert_eq!(slug("  Ünïcode — too "), "ünïcode-too");
        assert_eq!(slug("???"), "section");
        assert_eq!(
            escape("<b a=\"1\">&'"),
            "&lt;b a=&quot;1&quot;&gt;&amp;&#39;"
        );
    }

    /// Nesting past [`MAX_DEPTH`] is found where it starts, in quotes, lists and raw HTML
    /// alike; elements closed, void or closed by the next of their kind do not count, nor
    /// what looks like a tag in a comment, a script or a quoted attribute value.
    #[test]
    fn nesting_too_deep_is_found() {
        let most = MAX_DEPTH;
        let quotes = |n: usize| format!("{} q\n", "> ".repeat(n));
        // A quote holds a paragraph: MAX_DEPTH - 1 quotes and it are MAX_DEPTH levels.
        assert_eq!(scan(&quotes(most - 1)).too_deep, None);
        assert_eq!(scan(&quotes(most + 1)).too_deep, Some(2 * most));
        // A list and its item are a level each.
        assert!(
            scan(&format!("{}q\n", "- ".repeat(most / 2 + 1)))
                .too_deep
                .is_some()
        );
        assert_eq!(
            scan(&format!("{}q\n", "- ".repeat(most / 2 - 1))).too_deep,
            None
        );
        let divs = |n: usize| format!("{}x{}\n", "<div>".repeat(n), "</div>".repeat(n));
        // An HTML block is a level of its own.
        assert_eq!(scan(&divs(most - 1)).too_deep, None);
        assert_eq!(scan(&divs(most + 1)).too_deep, Some(0));
        assert!(
            scan(&format!("x {}y\n", "<b>".repeat(most + 1)))
                .too_deep
                .is_some()
        );
        // Opened in one block and closed in a later one: still open in between.
        let half = most / 2 + 1;
        let split = format!(
            "{}\n\n{}\n\n{}\n",
            "<div>".repeat(half),
            "> ".repeat(half),
            "</div>".repeat(half)
        );
        assert!(scan(&split).too_deep.is_some());
        // A tag whose `>` is on the next line is as open as one whose `>` is not.
        let broken = format!("<div>\n{}x\n", "<div\nclass=\"a\">\n".repeat(most + 1));
        assert!(scan(&broken).too_deep.is_some());
        let many = most + 100;
        for shallow in [
            "<div>x</div>\n".repeat(many),
            format!("<table>\n{}</table>\n", "<tr><td>a<td>b\n".repeat(many)),
            format!(
                "<p>{}</p>\n",
                "a<br>b<img src=x.png alt=x><hr/><x-icon />".repeat(many)
            ),
            format!("<ul>{}</ul>\n", "<li>item".repeat(many)),
            "<!-- <div> -->\n".repeat(many),
            format!("<!--\n{}-->\n", "<div>\n".repeat(many)),
            format!(
                "{}\n",
                "<abbr title=\"if a<b then c\">x</abbr> ".repeat(many)
            ),
            format!(
                "<script>\n{}</script>\n",
                "if (a<b) { x(); }\n".repeat(many)
            ),
            format!("<STYLE>{}</Style>\n", "a<b ".repeat(many)),
            format!(
                "<div>\n{}</div>\n",
                "<abbr\ntitle=\"a<b\">x</abbr>\n".repeat(many)
            ),
        ] {
            assert_eq!(scan(&shallow).too_deep, None, "{shallow}");
        }
    }
}
