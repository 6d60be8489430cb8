//! Markdown bodies to safe HTML: pulldown-cmark with the extensions FORMAT.md names, then
//! ammonia, so scripts, event handlers and `javascript:` links never reach a page however
//! the Markdown (or raw HTML inside it) is written.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Renders `markdown` to sanitised HTML. Headings get ids (their own `{#id}` or one made
/// from their text) so they can be linked to.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let events = with_heading_ids(events);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    sanitize(&unsafe_html)
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
    // Heading and footnote anchors need ids; task lists need disabled checkboxes. Links
    // keep ammonia's scheme list (http, https, mailto, ...), which has no `javascript:`.
    builder
        .add_generic_attributes(["id"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    builder
});

fn sanitize(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

fn with_heading_ids(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    // Ids written by the author are theirs; made ones avoid them.
    for event in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string());
        }
    }
    let mut out = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading {
            level,
            id: None,
            classes,
            attrs,
        }) = event
        {
            let text = heading_text(&events[i + 1..]);
            let id = unique(slug(&text), &mut used);
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(id)),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
        } else {
            out.push(event.clone());
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

fn unique(base: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 1;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_render() {
        let html = to_html(
            "# Why pairs\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n- [x] done\n- [ ] to do\n\n## Why pairs\n\n### Own {#mine}\n\n[^1]: A note.\n",
        );
        assert!(
            html.contains(r#"<h1 id="why-pairs">Why pairs</h1>"#),
            "{html}"
        );
        assert!(html.contains(r#"<h2 id="why-pairs-2">"#), "{html}");
        assert!(html.contains(r#"<h3 id="mine">"#), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains(r#"<td style="text-align:right">2</td>"#),
            "{html}"
        );
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(
            html.contains(r#"<input disabled="" type="checkbox" checked="">"#),
            "{html}"
        );
        assert!(html.contains(r#"<div id="1">"#), "{html}");
        assert!(html.contains(r##"href="#1""##), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[click](javascript:alert(3))\n\n<a href=\"JaVaScRiPt:alert(4)\">x</a>\n\n<iframe src=\"https://evil\"></iframe>\n\n<p style=\"background:url(x)\" onclick=\"alert(5)\">p</p>\n\n[ok](https://example.org) [rel](other.html)\n",
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
}
