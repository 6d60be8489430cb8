//! How text is split into the words search finds it by: shared by the load, which keeps
//! each body's words rather than its text, and the search index, which is made of them.

use std::borrow::Cow;

/// Words too common to find anything by; the page drops them from queries too (the index
/// carries the list, so both sides always agree).
pub const STOP: [&str; 26] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
];

/// Whether `word` is in [`STOP`], as a `match` the compiler turns into a switch on the
/// length and a comparison or two: it is asked of every word of every body.
fn is_stop(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "has"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "this"
            | "to"
            | "was"
            | "were"
            | "will"
            | "with"
    )
}

/// A query word or an indexed word: lower case letters and digits, without the words too
/// common to search by. The page splits words the same way (`static/search.js`): at
/// anything not a letter or digit, keeping words of two or more characters and single
/// digits.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    // Bodies are mostly ASCII: bytes are tested directly, and only a byte past ASCII
    // decodes its character.
    let bytes = text.as_bytes();
    let mut at = 0;
    let next_char = move |at: usize| text[at..].chars().next().unwrap_or(' ');
    // Words a folded word split into, last first (see below).
    let mut pending: Vec<String> = Vec::new();
    std::iter::from_fn(move || {
        loop {
            if let Some(word) = pending.pop() {
                return Some(Cow::Owned(word));
            }
            // Up to the next letter or digit.
            loop {
                match bytes.get(at) {
                    None => return None,
                    Some(b) if b.is_ascii_alphanumeric() => break,
                    Some(b) if b.is_ascii() => at += 1,
                    Some(_) => {
                        let c = next_char(at);
                        if c.is_alphanumeric() {
                            break;
                        }
                        at += c.len_utf8();
                    }
                }
            }
            let start = at;
            let (mut upper, mut ascii) = (false, true);
            while let Some(&b) = bytes.get(at) {
                if b.is_ascii_alphanumeric() {
                    upper |= b.is_ascii_uppercase();
                    at += 1;
                } else if b.is_ascii() {
                    break;
                } else {
                    let c = next_char(at);
                    // An accent typed as a mark of its own (`Re\u{301}sume\u{301}`) is part
                    // of its word, as it looks.
                    if !c.is_alphanumeric() && !is_accent(c) {
                        break;
                    }
                    ascii = false;
                    at += c.len_utf8();
                }
            }
            let word = &text[start..at];
            // Past ASCII, lower case as JavaScript's toLowerCase does (titlecase letters
            // too), and without accents.
            let word = match (ascii, upper) {
                (true, false) => Cow::Borrowed(word),
                (true, true) => Cow::Owned(word.to_ascii_lowercase()),
                (false, _) => Cow::Owned(fold(&word.to_lowercase())),
            };
            // A few letters come apart when their accents are taken off and are not put
            // together again (Gurmukhi's ਸ਼ is ਸ and a nukta, which is no letter): the page
            // folds before it splits, so the word is split again where it came apart.
            if !ascii && word.chars().any(|c| !c.is_alphanumeric()) {
                let mut parts: Vec<String> = word
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|part| kept(part))
                    .map(str::to_string)
                    .collect();
                parts.reverse();
                pending = parts;
                continue;
            }
            if !kept(&word) {
                continue;
            }
            return Some(word);
        }
    })
}

/// The words of `text` as [`words`] finds them, each once, in the order they first appear,
/// one per line: all a search index needs of a body. At 100,000 initiatives the bodies'
/// plain text was a sixth of the build's memory; their words are a fraction of it.
pub fn distinct(text: &str) -> String {
    use std::hash::BuildHasher;
    let hasher = rustc_hash::FxBuildHasher;
    // Each word kept is its place in `out`: a word is hashed once, looked up once, and a
    // new one copied once (a set of the words hashed a new one twice, and held its own
    // copies: about a third of the time this took).
    let mut seen: hashbrown::HashTable<(usize, usize)> = hashbrown::HashTable::with_capacity(64);
    let mut out = String::new();
    for word in words(text) {
        let hash = hasher.hash_one(&*word);
        if seen
            .find(hash, |&(start, end)| out[start..end] == *word)
            .is_some()
        {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let start = out.len();
        out.push_str(&word);
        seen.insert_unique(hash, (start, out.len()), |&(start, end)| {
            hasher.hash_one(&out[start..end])
        });
    }
    out
}

/// Whether a lower-case word is searched by: two characters or more, or a digit, and not
/// a common word.
fn kept(word: &str) -> bool {
    let single = word.chars().nth(1).is_none();
    !word.is_empty() && (!single || word.chars().any(char::is_numeric)) && !is_stop(word)
}

/// Latin, Greek and Cyrillic accents as marks of their own (Unicode's Combining
/// Diacritical Marks): what [`fold`] takes off. Other scripts' marks (an Indic vowel sign)
/// are part of their letters and stay.
fn is_accent(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// A lower-case word without its accents, so that "cafe" finds "café" however the accent
/// was typed (one character or a letter and a mark), and "İlker" (lower case: `i` and a
/// dot above) is "ilker". The page folds queries the same way (`static/search.js`).
fn fold(lower: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    lower.nfd().filter(|c| !is_accent(*c)).nfc().collect()
}

/// The words [`distinct`] kept.
pub fn lines(distinct: &str) -> impl Iterator<Item = &str> {
    distinct.split('\n').filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_list_and_its_match_agree() {
        assert!(STOP.iter().all(|w| is_stop(w)));
        let matched = [
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has",
        ];
        assert!(matched.iter().all(|w| STOP.contains(w)));
        assert!(!is_stop("then") && !is_stop("andy") && !is_stop(""));
        assert_eq!(STOP.len(), 26);
    }

    #[test]
    fn words_are_split_lowered_and_common_ones_dropped() {
        let found: Vec<Cow<str>> =
            words("The Trust's Paired-Learning programme, 2026: a Q3 review; x 7").collect();
        assert_eq!(
            found,
            [
                "trust",
                "paired",
                "learning",
                "programme",
                "2026",
                "q3",
                "review",
                "7"
            ]
        );
        assert_eq!(
            words("Ça été Über ÉCOLE naïve’s é x ٣ ǅungla").collect::<Vec<_>>(),
            ["ca", "ete", "uber", "ecole", "naive", "٣", "ǆungla"]
        );
        // However an accent is typed, and a Turkish dotted capital I.
        assert_eq!(
            words("Re\u{301}sume\u{301} résumé Dr İlker Işık Straße e\u{301}").collect::<Vec<_>>(),
            ["resume", "resume", "dr", "ilker", "isık", "straße"]
        );
    }

    #[test]
    fn distinct_words_are_each_once_in_first_order() {
        let text = "Learning, learning and LEARNING: the Ünit's ünit x 7 İstanbul";
        let kept = distinct(text);
        assert_eq!(
            lines(&kept).collect::<Vec<_>>(),
            ["learning", "unit", "7", "istanbul"]
        );
        // Every word of the text is among them, and no other.
        let all: rustc_hash::FxHashSet<Cow<str>> = words(text).collect();
        let back: rustc_hash::FxHashSet<&str> = lines(&kept).collect();
        assert_eq!(all.len(), back.len());
        assert!(all.iter().all(|w| back.contains(w.as_ref())));
        assert_eq!(lines(&distinct("")).count(), 0);
        assert_eq!(lines(&distinct("the and of")).count(), 0);
    }

    /// The words as the page's script defines them, written plainly: lowered as
    /// `str::to_lowercase` does, accents taken off, split at anything not a letter or
    /// digit, single letters dropped.
    fn by_definition(text: &str) -> Vec<String> {
        use unicode_normalization::UnicodeNormalization;
        let folded: String = text
            .to_lowercase()
            .nfd()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .nfc()
            .collect();
        folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().nth(1).is_some() || w.chars().any(char::is_numeric))
            .map(str::to_string)
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect()
    }

    #[test]
    fn the_scan_finds_the_words_the_definition_does() {
        let mut texts: Vec<String> = [
            "",
            "a",
            "7",
            "THE The tHe théâtre THÉÂTRE",
            "ΟΔΟΣ Σ σς ΣΑΣ",
            "x\u{0}y \u{7f}z ab\u{80}cd \u{a0}ef\u{2028}gh",
            "İstanbul ǅungla ǈ Ǉ ß ẞ ﬁne Ⅻ ½ ٣٤ ²",
            "Re\u{301}sume\u{301} e\u{301} \u{301}x \u{301}\u{301} Işık ÅNGSTRÖM \u{212b} हिन्दी",
            "ਸ਼ਰਮਾ ভাষায় क़िला ਸ਼ ਖ਼ਾ",
            "can't won’t co-op e.g. 3.14 £1,000 #tag @who",
            "Are AS at ITS It's wITH WERE will. From,HAS;or",
            "日本語のテキスト 中文 한국어 emoji 😀 smile",
        ]
        .map(String::from)
        .to_vec();
        // Every body of the example report too.
        let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
        for entry in walkdir::WalkDir::new(content) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "md") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        assert!(texts.len() > 20);
        for text in &texts {
            let expected = by_definition(text);
            let found: Vec<String> = words(text).map(Cow::into_owned).collect();
            assert_eq!(found, expected, "{text:?}");
            let mut once = Vec::new();
            for word in &expected {
                if !once.contains(&word.as_str()) {
                    once.push(word);
                }
            }
            assert_eq!(lines(&distinct(text)).collect::<Vec<_>>(), once, "{text:?}");
        }
    }
}
