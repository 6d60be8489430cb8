//! What the board pack's fonts can show. The pack is typeset with the fonts compiled into
//! the binary (`typst-assets`: Libertinus Serif, New Computer Modern, DejaVu Sans Mono),
//! which cover Latin, Greek, Cyrillic, Hebrew and Arabic letters and common symbols, but not
//! emoji or Chinese, Japanese and Korean characters. A tagged PDF (PDF/UA) may not hold a
//! character no font shows, so Typst refused the whole pack over one `✅` in a body, and the
//! site was not written either.
//!
//! Records keep what they hold, and the site shows it as written. The pack's data has each
//! such character replaced ([`for_pack`]), and `check` warns at the first one of each file
//! ([`unshown`]), so the author learns of it before reading the pack.

use crate::diagnostic::Diagnostic;
use std::borrow::Cow;
use std::sync::LazyLock;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The pack's fonts, parsed once per process.
pub static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// What the pack shows in place of a character its fonts lack.
const STAND_IN: char = '\u{25A1}';

/// The characters records use most, which the fonts show without being read: printable
/// ASCII, Latin-1 and Latin Extended-A (names, `£`), and the dashes, quotes and bullets of
/// general punctuation. A unit test checks each against the fonts.
fn surely_shown(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{17F}' | '\u{2010}'..='\u{2022}' | '\u{2026}' | '\u{20AC}')
}

/// Whether one of the pack's fonts has `c`.
pub fn shown(c: char) -> bool {
    surely_shown(c) || in_fonts(c)
}

/// Whether one of the pack's fonts has `c`, read from the fonts.
fn in_fonts(c: char) -> bool {
    FONTS
        .1
        .iter()
        .any(|font| font.info().coverage.contains(u32::from(c)))
}

/// Characters that only change the one before them (a zero-width joiner in `👩‍⚕️`, a
/// variation selector, a skin tone): where the fonts lack them they are left out, not
/// shown as a stand-in of their own.
fn modifies(c: char) -> bool {
    typst::text::is_default_ignorable(c) || matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

/// Whether `text` shows nothing: white space and characters drawn as nothing (a variation
/// selector, a zero-width space, U+180E, a skin tone alone), or nothing at all. A title of only such
/// characters passed as written, then headed its page with nothing and stopped the pack
/// (PDF/UA refuses an empty heading).
pub fn blank(text: &str) -> bool {
    // What the pack leaves out where its fonts lack it (a skin tone alone too).
    text.chars().all(|c| c.is_whitespace() || modifies(c))
}

/// The message for a field that is [`blank`]: "is empty", and when it holds characters,
/// which (up to three, as `U+FE0F`).
pub fn blank_message(field: &str, text: &str) -> String {
    let held: Vec<String> = text
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .take(3)
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    if held.is_empty() {
        format!("`{field}` is empty")
    } else {
        format!(
            "`{field}` is empty: it holds only characters that show nothing ({})",
            held.join(", ")
        )
    }
}

/// `text` as the pack can show it: each character its fonts lack is `□`, a modifying one
/// left out, a space a plain space. Text they can show is returned as it is.
pub fn for_pack(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| {
                if shown(c) {
                    Some(c)
                } else if c.is_whitespace() {
                    Some(' ')
                } else if modifies(c) {
                    None
                } else {
                    Some(STAND_IN)
                }
            })
            .collect(),
    )
}

/// The pack's data (its view as JSON) with [`for_pack`] applied to every text it draws.
/// Addresses (`href`), alternative text (`alt`) and the PDF's title and author
/// (`document`) are not drawn and need no font: they keep what the records hold, so a
/// link still leads where it was written and a screen reader reads the name, not "white
/// square".
pub fn for_pack_data(data: &mut serde_json::Value) {
    use serde_json::Value;
    match data {
        Value::String(text) => {
            if let Cow::Owned(shown) = for_pack(text) {
                *text = shown;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(for_pack_data),
        Value::Object(fields) => {
            for (key, value) in fields.iter_mut() {
                if !matches!(key.as_str(), "href" | "alt" | "document") {
                    for_pack_data(value);
                }
            }
        }
        _ => {}
    }
}

/// Which text of a file [`unshown`] reads: YAML, whose comments nothing shows, or a
/// Markdown body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Yaml,
    Markdown,
}

/// A warning at the first character of `text` that the pack cannot show, naming each such
/// character (up to five), or `None` if it can show them all. `text` is from the line
/// `first_line` of `file`.
pub fn unshown(text: &str, kind: Text, file: &str, first_line: usize) -> Option<Diagnostic> {
    if text.is_ascii() {
        return None;
    }
    let mut first = None;
    let mut lacking: Vec<char> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let read = match kind {
            Text::Yaml => without_comment(line),
            Text::Markdown => line,
        };
        for (at, c) in read.char_indices() {
            if c.is_ascii() || shown(c) || c.is_whitespace() || modifies(c) {
                continue;
            }
            first.get_or_insert(offset + at);
            if !lacking.contains(&c) {
                lacking.push(c);
            }
        }
        offset += line.len();
    }
    let (line, column) = crate::diagnostic::line_and_column(text, first?, first_line);
    let mut named: Vec<String> = lacking.iter().take(5).map(|c| c.to_string()).collect();
    if lacking.len() > 5 {
        named.push(format!("{} more", crate::words::count(lacking.len() - 5)));
    }
    Some(
        Diagnostic::warning(
            file,
            line,
            column,
            format!(
                "the board pack's fonts cannot show {}: where the pack shows this text, it has {STAND_IN} in their place",
                named.join(", ")
            ),
        )
        .with_help(
            "the site shows them as written; the pack's fonts cover Latin, Greek, Cyrillic, Hebrew and Arabic letters and common symbols, not emoji or Chinese, Japanese and Korean characters",
        ),
    )
}

/// `line` up to a YAML comment: a `#` at its start or after a space, outside quotes (an
/// apostrophe in a plain value can hide a comment after it, which is then read: a warning
/// too many, never one too few).
fn without_comment(line: &str) -> &str {
    let (mut single, mut double) = (false, false);
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && previous.is_whitespace() => return &line[..at],
            _ => {}
        }
        previous = c;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_characters_taken_as_shown_are_in_the_fonts() {
        let missing: Vec<char> = (0..=0x2FFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| surely_shown(c) && !in_fonts(c))
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
        assert!(in_fonts(STAND_IN));
    }

    #[test]
    fn what_the_fonts_lack_is_stood_in_for_or_left_out() {
        assert!(matches!(
            for_pack("Siân Ó Súilleabháin, £18,000 – “ok”"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            for_pack("שלום, مرحبا, Ελλάδα, Москва"),
            Cow::Borrowed(_)
        ));
        assert_eq!(for_pack("王小明"), "□□□");
        // The woman, the thumb and the tick are stood in for; the skin tone and the
        // variation selector are left out; the joiner and the staff (in DejaVu) are kept.
        let emoji = for_pack("Done ✅ by Jo 👩\u{200D}⚕\u{FE0F} 👍🏽");
        assert_eq!(emoji, "Done □ by Jo □\u{200D}⚕ □");
        assert!(emoji.chars().all(shown));
        // An ideographic space is a space, whether or not the fonts have it.
        assert!(["a b", "a\u{3000}b"].contains(&&*for_pack("a\u{3000}b")));
    }

    /// What is drawn gets stand-ins; an address, an alternative text and the PDF's title
    /// and author keep the records' text.
    #[test]
    fn only_drawn_text_is_stood_in_for() {
        let mut data = serde_json::json!({
            "title": "王",
            "document": { "title": "王, 30 September 2026", "author": "王" },
            "pages": [{ "kind": "link", "href": "https://例え.jp/", "text": [{ "text": "例" }] }],
            "charts": [{ "alt": "王's chart", "labels": ["王"] }],
            "count": 3,
        });
        for_pack_data(&mut data);
        assert_eq!(
            data,
            serde_json::json!({
                "title": "□",
                "document": { "title": "王, 30 September 2026", "author": "王" },
                "pages": [{ "kind": "link", "href": "https://例え.jp/", "text": [{ "text": "□" }] }],
                "charts": [{ "alt": "王's chart", "labels": ["□"] }],
                "count": 3,
            })
        );
    }

    #[test]
    fn a_file_with_characters_the_pack_lacks_is_warned_of_at_the_first() {
        let yaml = |text: &str| unshown(text, Text::Yaml, "a.yaml", 1);
        assert!(yaml("name: Siân\nprofession: nurse\n").is_none());
        let warning = yaml("name: Wang\njob_title: 主任 ✅\nnote: 主\n").unwrap();
        assert!(!warning.is_error());
        assert_eq!((warning.line, warning.column), (2, 12));
        assert_eq!(
            warning.message,
            "the board pack's fonts cannot show 主, 任, ✅: where the pack shows this text, it has □ in their place"
        );
        // Five are named, then how many other characters: repeats are not counted.
        let many = unshown("一二三四五六六六七", Text::Markdown, "a.md", 4).unwrap();
        assert!(
            many.message.contains("一, 二, 三, 四, 五, 2 more:"),
            "{}",
            many.message
        );
        assert_eq!((many.line, many.column), (4, 1));
        // Nothing shows a YAML comment; a heading in a body is shown.
        assert_eq!(
            yaml("name: Wang # 王 ✅\n# 王\ntitle: \"# ✅\"\n")
                .unwrap()
                .line,
            3
        );
        assert!(yaml("name: Wang # 王 ✅\n# 王\n").is_none());
        assert!(unshown("# 王\n", Text::Markdown, "a.md", 5).is_some());
    }
}
