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
    surely_shown(c)
        || FONTS
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

/// A warning at the first character of `text` (a record file's whole text) that the pack
/// cannot show, naming each such character (up to five), or `None` if it can show them all.
pub fn unshown(text: &str, file: &str) -> Option<Diagnostic> {
    if text.is_ascii() {
        return None;
    }
    let mut first = None;
    let mut lacking: Vec<char> = Vec::new();
    let mut extra = 0;
    for (at, c) in text.char_indices() {
        if c.is_ascii() || shown(c) || c.is_whitespace() || modifies(c) {
            continue;
        }
        first.get_or_insert(at);
        if !lacking.contains(&c) {
            if lacking.len() < 5 {
                lacking.push(c);
            } else {
                extra += 1;
            }
        }
    }
    let at = first?;
    let before = &text[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    let mut named: Vec<String> = lacking.iter().map(|c| c.to_string()).collect();
    if extra > 0 {
        named.push(format!("{} more", crate::words::count(extra)));
    }
    Some(
        Diagnostic::warning(
            file,
            line,
            column,
            format!(
                "the board pack's fonts cannot show {}: the pack shows {STAND_IN} in their place",
                named.join(", ")
            ),
        )
        .with_help(
            "the site shows them as written; the pack's fonts cover Latin, Greek, Cyrillic, Hebrew and Arabic letters and common symbols, not emoji or Chinese, Japanese and Korean characters",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_characters_taken_as_shown_are_in_the_fonts() {
        let fonts = &FONTS.1;
        let in_fonts = |c: char| {
            fonts
                .iter()
                .any(|font| font.info().coverage.contains(u32::from(c)))
        };
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

    #[test]
    fn a_file_with_characters_the_pack_lacks_is_warned_of_at_the_first() {
        assert!(unshown("name: Siân\nprofession: nurse\n", "a.yaml").is_none());
        let warning = unshown("name: Wang\njob_title: 主任 ✅\nnote: 主\n", "a.yaml").unwrap();
        assert!(!warning.is_error());
        assert_eq!((warning.line, warning.column), (2, 12));
        assert_eq!(
            warning.message,
            "the board pack's fonts cannot show 主, 任, ✅: the pack shows □ in their place"
        );
        let many = unshown("一二三四五六七", "a.md").unwrap();
        assert!(
            many.message.contains("一, 二, 三, 四, 五, 2 more:"),
            "{}",
            many.message
        );
    }
}
