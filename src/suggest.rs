//! "Did you mean ...?" for misspelt field names, enum values and record ids.

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase().replace('_', "-");
    candidates
        .into_iter()
        .map(|candidate| {
            let score =
                strsim::jaro_winkler(&word_lower, &candidate.to_lowercase().replace('_', "-"));
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.8)
        // On a tie the earlier candidate wins, so suggestions are stable.
        .fold(
            None,
            |best: Option<(f64, &str)>, (score, candidate)| match best {
                Some((best_score, _)) if best_score >= score => best,
                _ => Some((score, candidate)),
            },
        )
        .map(|(_, candidate)| candidate)
}

/// The first `shown` of `names` for a help text, and how many more: "`a.pdf`, `b.pdf` and
/// 3 more".
pub fn some_of<'a>(names: impl IntoIterator<Item = &'a str>, shown: usize) -> String {
    let mut names = names.into_iter();
    let listed: Vec<String> = names
        .by_ref()
        .take(shown)
        .map(|n| format!("`{n}`"))
        .collect();
    let more = names.count();
    let mut text = listed.join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// `a, b or c` for help texts.
pub fn one_of(candidates: &[&str]) -> String {
    // A list may hold a name twice (an agenda numbering two items alike, which is an error
    // of its own): each is offered once, where it first comes.
    let mut seen = std::collections::HashSet::new();
    let candidates: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|c| seen.insert(*c))
        .collect();
    match candidates.as_slice() {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|c| format!("`{c}`")).collect();
            format!("{} or `{last}`", init.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let fields = [
            "name",
            "job_title",
            "profession",
            "board",
            "first_appointed",
        ];
        assert_eq!(nearest("first_apointed", fields), Some("first_appointed"));
        assert_eq!(nearest("proffesion", fields), Some("profession"));
        assert_eq!(nearest("Name", fields), Some("name"));
        assert_eq!(nearest("first-appointed", fields), Some("first_appointed"));
        assert_eq!(nearest("salary", fields), None);
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(one_of(&["4", "5", "4", "6"]), "`4`, `5` or `6`");
    }
}
