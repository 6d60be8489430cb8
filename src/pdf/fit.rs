//! Text shortened where it would be too big for paper. `check` accepts a record of any
//! size, and the site shows it whole; the pack is typeset in one go, and a hostile or
//! mistaken text (a 100,000-character word, a cell of 20,000 words) made Typst take
//! gigabytes and minutes, or stopped it (a run of text past 64 KiB panicked in the PDF
//! writer). No real paper's word, cell or field comes near these limits.

use std::borrow::Cow;

/// A word longer than this many characters shows this many and "…": a pasted address is
/// rarely a tenth of it.
pub const LONGEST_WORD: usize = 1_000;

/// A field, paragraph or table cell longer than this many characters shows this many and
/// "…": a page of the pack holds about 4,000.
pub const LONGEST_TEXT: usize = 8_000;

/// What ends a shortened text.
pub const MORE: &str = "…";

/// `text` with each word longer than [`LONGEST_WORD`] shortened, and the whole kept to
/// [`LONGEST_TEXT`] characters. Text within them, almost all, is returned as it is.
pub fn text(text: &str) -> Cow<'_, str> {
    // Bytes bound characters from above: a text this short needs no counting.
    if text.len() <= LONGEST_WORD {
        return Cow::Borrowed(text);
    }
    let long_word = text
        .split_whitespace()
        .any(|word| word.len() > LONGEST_WORD && word.chars().nth(LONGEST_WORD).is_some());
    let long_text = text.len() > LONGEST_TEXT && text.chars().nth(LONGEST_TEXT).is_some();
    if !long_word && !long_text {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(LONGEST_TEXT * 4));
    let mut count = 0;
    let mut rest = text;
    while !rest.is_empty() && count < LONGEST_TEXT {
        let space = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        let (white, after) = rest.split_at(space);
        let end = after.find(char::is_whitespace).unwrap_or(after.len());
        let (word, after) = after.split_at(end);
        rest = after;
        for (piece, is_word) in [(white, false), (word, true)] {
            let room = LONGEST_TEXT - count;
            let cut = if is_word {
                room.min(LONGEST_WORD)
            } else {
                room
            };
            match piece.char_indices().nth(cut) {
                None => {
                    out.push_str(piece);
                    count += piece.chars().count();
                }
                Some((at, _)) => {
                    out.push_str(&piece[..at]);
                    out.push_str(MORE);
                    count += cut;
                    if cut == room {
                        return Cow::Owned(out);
                    }
                }
            }
        }
    }
    if !rest.is_empty() && !out.ends_with(MORE) {
        out.push_str(MORE);
    }
    Cow::Owned(out)
}

/// Whether the pack's data (its view as JSON) holds a string [`text`] would shorten: a
/// scan of its bytes, so that the data is made again as a tree only when it must be.
pub fn needed(json: &str) -> bool {
    let bytes = json.as_bytes();
    let (mut inside, mut escaped) = (false, false);
    let (mut length, mut word) = (0usize, 0usize);
    for &b in bytes {
        if !inside {
            if b == b'"' {
                (inside, length, word) = (true, 0, 0);
            }
            continue;
        }
        let after_escape = escaped;
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            inside = false;
            continue;
        }
        // Bytes over-count characters: a string this may flag is checked in full.
        length += 1;
        let space = b == b' ' || (after_escape && matches!(b, b'n' | b't' | b'r'));
        word = if space { 0 } else { word + 1 };
        if word > LONGEST_WORD || length > LONGEST_TEXT {
            return true;
        }
    }
    false
}

/// Letters or digits in a row, more than this many, that the pack's tables break
/// ([`long_words`]).
pub const UNBROKEN: usize = 20;

/// Whether the pack's data (its view as JSON) holds a run of more than [`UNBROKEN`]
/// letters or digits of a script written with spaces (Latin, Greek, Cyrillic): a long
/// surname or words pasted without spaces, which Typst cannot break and which ran over the
/// next column of a table. The layout then breaks them (`long_words` in its data); looking
/// for them in every table costs a tenth of a large pack's build. Counted in characters:
/// ASCII letters and digits, and two-byte UTF-8 characters (which hold those scripts'
/// letters); any other character ends a run. An id or a path may be counted too: that only
/// has the layout look.
pub fn long_words(json: &str) -> bool {
    let (mut inside, mut escaped, mut run) = (false, false, 0usize);
    for &b in json.as_bytes() {
        if !inside {
            if b == b'"' {
                (inside, run) = (true, 0);
            }
            continue;
        }
        if escaped {
            (escaped, run) = (false, 0);
            continue;
        }
        match b {
            b'\\' => escaped = true,
            b'"' => inside = false,
            // A two-byte character's lead, then its continuation, which is not counted.
            b if b.is_ascii_alphanumeric() || (0xC2..=0xDF).contains(&b) => run += 1,
            0x80..=0xBF => {}
            _ => run = 0,
        }
        if run > UNBROKEN {
            return true;
        }
    }
    false
}

/// The pack's data with [`text`] applied to every string it draws. Addresses, alternative
/// text and the PDF's title and author are not drawn, as in [`crate::glyphs::for_pack_data`].
pub fn data(data: &mut serde_json::Value) {
    use serde_json::Value;
    match data {
        Value::String(shown) => {
            if let Cow::Owned(short) = text(shown) {
                *shown = short;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(self::data),
        Value::Object(fields) => {
            for (key, value) in fields.iter_mut() {
                if !matches!(key.as_str(), "href" | "alt" | "document") {
                    self::data(value);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_within_the_limits_is_kept_as_it_is() {
        let prose =
            "A paper on the job-planning review, with https://example.org/a/long/path?q=1. "
                .repeat(50);
        assert!(matches!(text(&prose), Cow::Borrowed(_)));
        assert!(matches!(text(""), Cow::Borrowed(_)));
        let word = "é".repeat(LONGEST_WORD);
        assert!(matches!(text(&word), Cow::Borrowed(_)));
    }

    #[test]
    fn long_words_and_long_texts_are_shortened() {
        let word = "é".repeat(32_768);
        let short = text(&word);
        assert_eq!(short.chars().count(), LONGEST_WORD + 1);
        assert!(short.ends_with('…'));
        let mixed = format!("Before {} after", "B".repeat(100_000));
        let short = text(&mixed);
        assert!(short.starts_with("Before BBB"));
        assert!(short.ends_with("B… after"), "{short}");
        let many = "word ".repeat(20_000);
        let short = text(&many);
        assert!(short.chars().count() <= LONGEST_TEXT + 1);
        assert!(short.ends_with('…'));
        assert!(short.starts_with("word word "));
    }

    #[test]
    fn long_words_are_found_in_strings_only() {
        let json = |s: &str| {
            serde_json::json!({ "name": s, "n": 123_456_789_012_345_678_u64 }).to_string()
        };
        assert!(!long_words(&json(
            "Dr Anastasia Featherstonehaugh-Cholmondeley"
        )));
        assert!(!long_words(&json(&"a".repeat(UNBROKEN))));
        assert!(long_words(&json(&"a".repeat(UNBROKEN + 1))));
        assert!(long_words(&json(&format!(
            "Jo {}",
            "é".repeat(UNBROKEN + 1)
        ))));
        // Scripts written without spaces break anywhere already; an escape ends a run.
        assert!(!long_words(&json(&"中".repeat(50))));
        assert!(!long_words(&json(&format!(
            "{0}\n{0}",
            "a".repeat(UNBROKEN)
        ))));
        // A figure outside a string is not a word.
        assert!(!long_words(r#"{"n":1234567890123456789012345}"#));
    }

    #[test]
    fn the_scan_finds_what_the_walk_would_shorten() {
        let json = |s: &str| serde_json::json!({ "title": s, "href": "x" }).to_string();
        assert!(!needed(&json("A board report")));
        assert!(!needed(&json(&"word ".repeat(1_000))));
        assert!(needed(&json(&"é".repeat(LONGEST_WORD + 1))));
        assert!(!needed(&json(&"e".repeat(LONGEST_WORD))));
        assert!(needed(&json(&"word ".repeat(2_000))));
        // An escaped quote or line break inside a string does not end it or a word.
        assert!(needed(&json(&format!(
            "\"{}\"",
            "x".repeat(LONGEST_WORD + 1)
        ))));
        assert!(!needed(&json(&"line\n".repeat(100))));
        let mut value: serde_json::Value = serde_json::json!({
            "title": "é".repeat(LONGEST_WORD * 2),
            "href": "h".repeat(LONGEST_WORD * 2),
            "rows": [{ "text": "ok" }],
        });
        data(&mut value);
        assert_eq!(
            value["title"].as_str().unwrap().chars().count(),
            LONGEST_WORD + 1
        );
        assert_eq!(value["href"].as_str().unwrap().len(), LONGEST_WORD * 2);
    }
}
