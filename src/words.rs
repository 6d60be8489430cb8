//! Small helpers for the words people read in messages and on pages.

/// `word` with its indefinite article: "a person", "an action".
pub fn a(word: &str) -> String {
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}

/// "1 member", "2 members", "1,200 respondents".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", count(n))
    }
}

/// How far ahead a date is: "today", "in 1 day", "in 12 days" ("in 0 days" read oddly
/// for a term ending on the report date).
pub fn in_days(days: usize) -> String {
    match days {
        0 => "today".into(),
        n => format!("in {}", plural(n, "day")),
    }
}

/// A count as a reader reads it, its thousands grouped: "5,373", "12". Counts on pages,
/// in the pack and in the exports' summaries are written so (GOV.UK's style: a comma in
/// numbers over 999), as money and measures' values already were.
pub fn count(n: usize) -> String {
    grouped_whole(n as i128)
}

/// `value` with `decimals` places and its thousands grouped: "12,500", "-0.25". A value
/// that rounds to zero has no sign.
pub fn grouped(value: f64, decimals: usize) -> String {
    // A whole number, the usual amount of money, is written as an integer: exact, and
    // without the cost of formatting a float.
    let text = if value.fract() == 0.0 && value.abs() < 1e15 {
        let whole = (value.abs() as u64).to_string();
        if decimals == 0 {
            whole
        } else {
            format!("{whole}.{}", "0".repeat(decimals))
        }
    } else {
        rounded(value.abs(), decimals)
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    push_grouped(&mut out, whole);
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// `value` (not negative) with `decimals` places, rounded half away from zero from the
/// decimal it was written as: its shortest form, which reads back as the same float.
/// Rounding the float itself showed a written 2.675 (2.67499999… in binary) as 2.67, and
/// 1.005 as 1, where a spreadsheet shows 2.68 and 1.01 (found by a second SPC
/// implementation).
pub fn rounded(value: f64, decimals: usize) -> String {
    // `{}` writes a float's shortest form in full, never with an exponent.
    let shortest = value.to_string();
    let (whole, fraction) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let mut digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes().take(decimals))
        .collect();
    digits.resize(whole.len() + decimals, b'0');
    if fraction
        .as_bytes()
        .get(decimals)
        .is_some_and(|&next| next >= b'5')
    {
        match digits.iter().rposition(|&d| d != b'9') {
            Some(at) => {
                digits[at] += 1;
                digits[at + 1..].fill(b'0');
            }
            None => {
                digits.fill(b'0');
                digits.insert(0, b'1');
            }
        }
    }
    let point = digits.len() - decimals;
    let mut text: String = digits.iter().map(|&d| char::from(d)).collect();
    if decimals > 0 {
        text.insert(point, '.');
    }
    text
}

/// A whole number of any size with its thousands grouped, exactly: "-4,294,967,295".
pub fn grouped_whole(n: i128) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &n.unsigned_abs().to_string());
    out
}

/// `digits` onto `out`, a comma before each group of three from the right.
fn push_grouped(out: &mut String, digits: &str) {
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
}

/// Titles a name may begin with, in lower case and without a full stop.
const TITLES: [&str; 12] = [
    "dr",
    "prof",
    "professor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "sir",
    "dame",
    "rev",
    "lady",
];

/// Titles a name may begin with that are left out of its sort order but kept in the ids
/// `new` makes (which have always kept them).
const MORE_TITLES: [&str; 8] = [
    "cllr", "revd", "rt", "hon", "lord", "baroness", "canon", "rabbi",
];

/// What a person's name sorts by: without the titles it begins with, case and accents
/// ignored, so that "Dr Zoë Adams" is among the Zs and "émile" beside "Emma". A hyphen
/// parts words ("Mary-Jane" as "Mary Jane", so before "Mary Jones" and "Maryam"); an
/// apostrophe does not ("O'Neill" as "oneill"). Letters of other scripts are kept, in
/// lower case.
pub fn name_key(name: &str) -> String {
    let is_title = |word: &str| {
        let word = word.trim_end_matches('.').to_lowercase();
        TITLES.contains(&word.as_str()) || MORE_TITLES.contains(&word.as_str())
    };
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–'))
        .filter(|word| !word.is_empty())
        .collect();
    // A name of titles alone ("Dr") sorts by them.
    let first = words.iter().position(|word| !is_title(word)).unwrap_or(0);
    let mut key = String::new();
    for word in &words[first..] {
        if !key.is_empty() {
            key.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            if !push_plain(c, &mut key) && c.is_alphanumeric() {
                key.push(c);
            }
        }
    }
    key
}

/// An id made from a name or title: titles such as "Dr" left out, apostrophes dropped,
/// accents taken off, lowercase words joined by hyphens (`Dr Jo O'Neill` → `jo-oneill`).
pub fn id_from(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for word in name.split_whitespace() {
        let mut clean = String::new();
        for c in word.chars().flat_map(char::to_lowercase) {
            match c {
                c if is_apostrophe(c) || c == '.' => {}
                c => {
                    if !push_plain(c, &mut clean) {
                        clean.push('-');
                    }
                }
            }
        }
        let clean = clean.trim_matches('-').to_string();
        if clean.is_empty() || (words.is_empty() && TITLES.contains(&clean.as_str())) {
            continue;
        }
        words.push(clean);
    }
    let mut id = words.join("-");
    while id.contains("--") {
        id = id.replace("--", "-");
    }
    id
}

/// An apostrophe, straight or curly: left out of ids (`O'Neill` → `oneill`).
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘')
}

/// Pushes onto `out` the plain ASCII letters of a lowercase letter or digit, and says
/// whether `c` is part of a word: accents taken off by Unicode's compatibility
/// decomposition (`é` → `e`, `ễ` → `e`, `Ｗ` → `w`, `ﬁ` → `fi`), an accent written apart left out (`İ` lowercases to `i` and a combining
/// dot), and the letters that are no accented letter written as English writes them (`æ` →
/// `ae`, `ø` → `o`, `ß` → `ss`, `þ` → `th`, `đ` → `d`). A letter of another script (`王`,
/// `أ`), like a space or a comma, is not.
pub(crate) fn push_plain(c: char, out: &mut String) -> bool {
    if c.is_ascii_alphanumeric() {
        out.push(c);
        return true;
    }
    if unicode_normalization::char::is_combining_mark(c) {
        return true;
    }
    let spelled = match c {
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ß' => "ss",
        'þ' => "th",
        'ð' | 'đ' => "d",
        'ł' => "l",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŋ' => "n",
        _ => "",
    };
    if !spelled.is_empty() {
        out.push_str(spelled);
        return true;
    }
    // Compatibility decomposition also gives the plain letters of the full-width Latin of
    // East Asian keyboards (`Ｗａｎｇ`) and of ligatures (`ﬃ` → `ffi`).
    let before = out.len();
    unicode_normalization::char::decompose_compatible(c, |part| {
        if part.is_ascii_alphanumeric() {
            out.push(part);
        }
    });
    out.len() > before
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_sort_without_their_titles_case_or_accents() {
        use super::name_key;
        assert_eq!(name_key("Dr Zoë Adams"), "zoe adams");
        assert_eq!(name_key("Prof. Dr Jo O'Neill"), "jo oneill");
        assert_eq!(name_key("émile Brun"), "emile brun");
        assert_eq!(name_key("Dr"), "dr");
        assert_eq!(name_key("王 Wei"), "王 wei");
        // Only a leading title: "Sir" inside a name is part of it.
        assert_eq!(name_key("Ann Sir"), "ann sir");
        assert_eq!(name_key("Cllr Bob Young"), "bob young");
        assert_eq!(name_key("Rt Hon. Revd Al Zed"), "al zed");
        assert_eq!(name_key("Al Hon"), "al hon");
        let mut names = ["Maryam Ali", "Mary Jones", "Mary-Jane Smith"];
        names.sort_by_cached_key(|n| name_key(n));
        assert_eq!(names, ["Mary-Jane Smith", "Mary Jones", "Maryam Ali"]);
        let mut names = [
            "Dr Zoë Adams",
            "Amara Okafor",
            "émile Brun",
            "Professor Ian Cole",
        ];
        names.sort_by_cached_key(|n| name_key(n));
        assert_eq!(
            names,
            [
                "Amara Okafor",
                "émile Brun",
                "Professor Ian Cole",
                "Dr Zoë Adams"
            ]
        );
    }

    #[test]
    fn numbers_grouped_by_thousands() {
        assert_eq!(super::in_days(0), "today");
        assert_eq!(super::in_days(1), "in 1 day");
        assert_eq!(super::in_days(1200), "in 1,200 days");
        assert_eq!(super::grouped(1e12, 0), "1,000,000,000,000");
        assert_eq!(super::grouped(-1234.5, 2), "-1,234.50");
        assert_eq!(super::grouped(999.0, 0), "999");
        assert_eq!(super::grouped(-0.001, 2), "0.00");
        assert_eq!(super::grouped(25.0, 2), "25.00");
        assert_eq!(super::grouped(-3.0, 0), "-3");
        assert_eq!(super::grouped(-0.0, 0), "0");
        // Half away from zero, from the decimal as written.
        assert_eq!(super::grouped(2.5, 0), "3");
        assert_eq!(super::grouped(2.675, 2), "2.68");
        assert_eq!(super::grouped(-2.675, 2), "-2.68");
        assert_eq!(super::grouped(1.005, 2), "1.01");
        assert_eq!(super::grouped(0.125, 2), "0.13");
        assert_eq!(super::grouped(8.345, 2), "8.35");
        assert_eq!(super::grouped(9.995, 2), "10.00");
        assert_eq!(super::grouped(999.999, 2), "1,000.00");
        assert_eq!(super::grouped(0.994, 2), "0.99");
        assert_eq!(super::grouped(2.0 / 3.0, 2), "0.67");
        assert_eq!(super::grouped(0.1 + 0.2, 2), "0.30");
        assert_eq!(super::grouped(1e-7, 2), "0.00");
        assert_eq!(super::grouped(123.4, 3), "123.400");
        assert_eq!(super::rounded(0.0125, 3), "0.013");
        assert_eq!(super::rounded(1e300, 1).len(), 303);
        assert_eq!(super::grouped(1e16, 0), "10,000,000,000,000,000");
        assert_eq!(
            super::grouped_whole(18_446_744_073_709_551_615),
            "18,446,744,073,709,551,615"
        );
        assert_eq!(
            super::grouped_whole(-9_223_372_036_854_775_808),
            "-9,223,372,036,854,775,808"
        );
        assert_eq!(super::grouped_whole(0), "0");
        assert_eq!(super::grouped_whole(-999), "-999");
    }

    #[test]
    fn plurals() {
        assert_eq!(super::plural(0, "error"), "0 errors");
        assert_eq!(super::plural(1, "error"), "1 error");
        assert_eq!(super::plural(2, "file"), "2 files");
        assert_eq!(super::plural(5373, "place"), "5,373 places");
        assert_eq!(super::count(999), "999");
        assert_eq!(super::count(1000), "1,000");
    }
}

#[cfg(test)]
mod id_tests {
    use super::id_from;

    #[test]
    fn ids_from_names() {
        assert_eq!(id_from("Dr Jo O'Neill"), "jo-oneill");
        assert_eq!(
            id_from("Professor Siân Ó Súilleabháin"),
            "sian-o-suilleabhain"
        );
        assert_eq!(
            id_from("Gwenllïan ap Dafydd-Ŵyn"),
            "gwenllian-ap-dafydd-wyn"
        );
        assert_eq!(
            id_from("Board meeting, 24 September 2026"),
            "board-meeting-24-september-2026"
        );
        assert_eq!(id_from("Mr."), "");
        // Every Latin script's letters lose their accents, not the letter.
        for (name, id) in [
            ("Nguyễn Thị Hương", "nguyen-thi-huong"),
            ("Đặng Văn Đức", "dang-van-duc"),
            ("Ægir Øberg", "aegir-oberg"),
            ("Søren Ærø", "soren-aero"),
            ("Þór Ðórsson", "thor-dorsson"),
            ("İlker Işık", "ilker-isik"),
            (
                "Grzegorz Brzęczyszczykiewicz",
                "grzegorz-brzeczyszczykiewicz",
            ),
            ("Weiß", "weiss"),
            ("Zoë O\u{301}Brien", "zoe-obrien"),
            ("Ｗａｎｇ Ｘｉａｏｍｉｎｇ", "wang-xiaoming"),
            ("Oﬃce of the Chair", "office-of-the-chair"),
        ] {
            assert_eq!(id_from(name), id, "{name}");
        }
        // Another script has no letters an id can hold.
        assert_eq!(id_from("王小明"), "");
        assert_eq!(id_from("د. أمينة"), "");
    }
}
