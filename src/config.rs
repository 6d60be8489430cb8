//! `boardpack.yaml`: the project's settings and rules, with the defaults of FORMAT.md.
//! Knows nothing of records; `as_of` left unset here is derived later from the records.

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::records::{Extra, Located};
use crate::yaml::{self, Origin};
use serde::Deserialize;

pub const FILE: &str = "boardpack.yaml";

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_title")]
    pub title: Located<String>,
    pub organisation: Option<String>,
    pub as_of: Option<Date>,
    #[serde(default = "default_base_url")]
    pub base_url: Located<String>,
    #[serde(default = "default_theme")]
    pub theme: Located<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub rules: Rules,
    /// ISO 4217 code of the organisation's currency (FORMAT.md v2).
    #[serde(default = "default_currency")]
    pub currency: Located<String>,
    /// The site's accessibility statement (FORMAT.md v2); defaults when absent.
    #[serde(default)]
    pub accessibility: Accessibility,
    #[serde(default)]
    pub extra: Extra,
}

/// `accessibility:` in `boardpack.yaml`: who to contact and when the site was last tested.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    pub contact: Option<Located<String>>,
    pub tested: Option<Date>,
}

/// ISO 4217's codes in use (and the funds and units it lists beside them): any other three
/// letters, a typo such as `GPB`, would be shown after every amount (`40,000 GPB`).
const CURRENCIES: [&str; 171] = [
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XDR", "XOF", "XPF", "XSU", "XUA", "YER", "ZAR",
    "ZMW", "ZWG",
];

/// What to write instead of a currency that is no code: the code in capitals, or codes
/// one letter away or of the same letters (`GPB`: `GBP`), the common ones first.
fn currency_help(currency: &str) -> String {
    let upper = currency.trim().to_ascii_uppercase();
    if upper != currency && CURRENCIES.contains(&upper.as_str()) {
        return format!("write it in capitals: `{upper}`");
    }
    let letters = |code: &str| {
        let mut l: Vec<u8> = code.bytes().collect();
        l.sort_unstable();
        l
    };
    let near: Vec<&str> = ["GBP", "EUR", "USD"]
        .into_iter()
        .chain(CURRENCIES)
        .filter(|code| {
            upper.len() == 3
                && (letters(code) == letters(&upper)
                    || code
                        .bytes()
                        .zip(upper.bytes())
                        .filter(|(a, b)| a != b)
                        .count()
                        == 1)
        })
        .fold(Vec::new(), |mut near, code| {
            if !near.contains(&code) && near.len() < 3 {
                near.push(code);
            }
            near
        });
    if near.is_empty() {
        "write a currency's three-letter code, such as `GBP`, `EUR` or `USD`".into()
    } else {
        format!("did you mean {}?", crate::suggest::one_of(&near))
    }
}

fn default_currency() -> Located<String> {
    Located {
        value: "GBP".into(),
        ..Located::default()
    }
}

fn default_title() -> Located<String> {
    Located {
        value: "Board report".into(),
        ..Located::default()
    }
}

fn default_base_url() -> Located<String> {
    Located {
        value: "/".into(),
        ..Located::default()
    }
}

/// Whether `url` is what FORMAT.md allows for `base_url`: `/`, a path starting with `/`, or
/// an `http://` or `https://` address with a host. It is written into the sitemap and the
/// 404 page, so nothing that could end an attribute or start a script passes: no white
/// space, no control characters, no quotes or angle brackets; and, since page names are
/// added to it, no query or fragment.
pub fn is_base_url(url: &str) -> bool {
    let clean = !url.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`' | '?' | '#')
    });
    // The scheme in any case, as browsers read it (`HTTPS://`).
    let host = ["https://", "http://"].iter().find_map(|scheme| {
        let head = url.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme).then(|| {
            url[scheme.len()..]
                .split(['/', '?', '#'])
                .next()
                .unwrap_or("")
        })
    });
    let shape = match host {
        Some(authority) => is_host_and_port(authority),
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    clean && shape
}

/// A host (a name, an IPv4 address or an IPv6 one in brackets) and an optional port. Not
/// a user name or password (`https://user:pw@host/`): the sitemap and the 404 page would
/// publish them.
fn is_host_and_port(authority: &str) -> bool {
    let is_port = |port: &str| {
        (1..=5).contains(&port.len())
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u16>().is_ok_and(|p| p > 0)
    };
    if let Some(v6) = authority.strip_prefix('[') {
        let Some((inside, rest)) = v6.split_once(']') else {
            return false;
        };
        let address = !inside.is_empty()
            && inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'));
        return address && (rest.is_empty() || rest.strip_prefix(':').is_some_and(is_port));
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host
            .chars()
            // Internal names may hold `_`, and international ones their own letters.
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && port.is_none_or(is_port)
}

fn default_theme() -> Located<String> {
    Located {
        value: "default".into(),
        ..Located::default()
    }
}

fn default_language() -> String {
    "en-GB".into()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: default_title(),
            organisation: None,
            as_of: None,
            base_url: default_base_url(),
            theme: default_theme(),
            language: default_language(),
            rules: Rules::default(),
            currency: default_currency(),
            accessibility: Accessibility::default(),
            extra: Extra::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    pub attendance_min: Located<f64>,
    pub term_warning_days: Located<u32>,
    pub tenure_review_years: Located<f64>,
    pub tenure_limit_years: Located<f64>,
    pub independence_min: Located<f64>,
    pub spc: SpcRules,
}

impl Default for Rules {
    fn default() -> Self {
        let at = |value| Located {
            value,
            ..Located::default()
        };
        Rules {
            attendance_min: at(0.75),
            term_warning_days: Located {
                value: 180,
                ..Located::default()
            },
            tenure_review_years: at(6.0),
            tenure_limit_years: at(9.0),
            independence_min: at(0.5),
            spc: SpcRules::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SpcRules {
    // Whole numbers of any sign, so a negative one is refused with the same "expected 6, 7 or
    // 8" as 5 is, not a type's "0 or more" that the next check contradicts.
    #[schemars(range(min = 6, max = 8))]
    pub shift_points: Located<i64>,
    #[schemars(range(min = 6, max = 8))]
    pub trend_points: Located<i64>,
    #[schemars(range(min = 2))]
    pub min_points: Located<i64>,
    pub conflict: Conflict,
    pub screen_outliers: bool,
}

/// The side a point flagged both ways takes (Making Data Count's "metric conflict rule").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Conflict {
    #[default]
    Improvement,
    Concern,
}

impl Default for SpcRules {
    fn default() -> Self {
        let at = |value| Located {
            value,
            ..Located::default()
        };
        SpcRules {
            shift_points: at(6),
            trend_points: at(6),
            min_points: at(13),
            conflict: Conflict::Improvement,
            screen_outliers: false,
        }
    }
}

/// Parses the project file's text (BOM removed) and checks its values.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let origin = Origin {
        file: FILE,
        line_offset: 0,
    };
    let config: Config = yaml::parse_all(text, origin, "the project settings")?;
    let mut config = config;
    let problems = config.check(origin);
    if !problems.is_empty() {
        return Err(problems);
    }
    // Page names are added to it: `/board` means the folder `/board/`.
    if !config.base_url.value.ends_with('/') {
        config.base_url.value.push('/');
    }
    Ok(config)
}

/// Settings that work but would mislead a reader: a `language` that is not a language tag
/// (BCP 47, `en-GB`) reaches every page's `<html lang>`, where screen readers and browsers
/// cannot use it (WCAG 3.1.1). A warning, not an error: a v1 project built with one.
pub fn warnings(config: &Config, text: &str) -> Vec<Diagnostic> {
    // The title and organisation are on the pack's cover.
    let mut warnings: Vec<Diagnostic> =
        crate::glyphs::unshown(text, crate::glyphs::Text::Yaml, FILE, 1)
            .into_iter()
            .collect();
    warnings.extend(language_warning(config, text));
    warnings.extend(english_theme_warning(config, text));
    if text.trim().is_empty() {
        warnings.push(empty_warning());
    }
    warnings
}

/// An empty settings file builds with the defaults, as no settings may; but a save caught
/// half-way (truncated, then written) or a sync tool leaves one empty, and the report then
/// changed its title, report date and rules without a word. A file of comments alone is
/// taken as meant.
fn empty_warning() -> Diagnostic {
    Diagnostic::warning(
        FILE,
        1,
        1,
        "this file is empty: the report is built with the default settings (its title, report date and rules)",
    )
    .with_help("if it had settings, put them back (an editor or a sync tool may have emptied it); to keep the defaults on purpose, write a comment in it, as in `# the default settings`")
}

/// Where `language`'s value is in `text`: its line and column, from 1.
fn language_place(text: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| {
            let rest = l.strip_prefix("language")?.trim_start().strip_prefix(':')?;
            let value_at = l.len() - rest.trim_start().len();
            Some((i + 1, l[..value_at].chars().count() + 1))
        })
        .unwrap_or((1, 1))
}

/// A warning for a language other than English: boardpack's own words are English (the
/// built-in theme's headings and labels, and what it writes itself: dates, the charts'
/// descriptions, the board pack), and `<html lang="cy">` has a screen reader read them in
/// a Welsh voice (WCAG 3.1.2). A theme of the project's own may translate its templates'
/// words, not the rest, so it is said whatever the theme.
fn english_theme_warning(config: &Config, text: &str) -> Option<Diagnostic> {
    let tag = config.language.as_str();
    let primary = tag.split('-').next().unwrap_or("");
    let tag_like =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let english = primary.eq_ignore_ascii_case("en") || primary.eq_ignore_ascii_case("eng");
    if !tag_like || english {
        return None;
    }
    let (line, column) = language_place(text);
    Some(
        Diagnostic::warning(
            FILE,
            line,
            column,
            format!("`language`: `{tag}` marks every page and the board pack as written in that language, but boardpack's own words on them are English: the theme's headings and labels, dates, the charts' descriptions and the pack's"),
        )
        .with_help(format!(
            "screen readers read those English words with `{tag}` pronunciation: keep `language: en-GB` if the records are in English; a theme of the project's own (themes/<name>/) can translate its templates' words, not the rest"
        )),
    )
}

/// A warning for a `language` that is not a language tag.
fn language_warning(config: &Config, text: &str) -> Option<Diagnostic> {
    let tag = config.language.as_str();
    let mut parts = tag.split('-');
    let well_formed = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()))
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if well_formed {
        return None;
    }
    let (line, column) = language_place(text);
    let suggestion = match tag.replace('_', "-").to_ascii_lowercase().as_str() {
        "english" | "british" => Some("en-GB".to_string()),
        "welsh" | "cymraeg" => Some("cy".to_string()),
        "irish" | "gaeilge" => Some("ga".to_string()),
        _ if tag.contains('_') => Some(tag.replace('_', "-")),
        _ => None,
    };
    let help = match suggestion {
        Some(s) => format!("write `language: {s}`"),
        None => "write a language tag such as `en-GB` (English), `cy` (Welsh) or `ga` (Irish)"
            .to_string(),
    };
    Some(
        Diagnostic::warning(
            FILE,
            line,
            column,
            format!("`language`: `{tag}` is not a language tag, so browsers and screen readers cannot use it"),
        )
        .with_help(help),
    )
}

impl Config {
    fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let rules = &self.rules;
        for (field, share) in [
            ("rules.attendance_min", &rules.attendance_min),
            ("rules.independence_min", &rules.independence_min),
        ] {
            if !(0.0..=1.0).contains(&share.value) {
                problems.push(
                    origin
                        .error_at(
                            &share.location,
                            format!("`{field}` is {}; expected a share from 0 to 1", share.value),
                        )
                        .with_help("write 75% as 0.75"),
                );
            }
        }
        for (field, years) in [
            ("rules.tenure_review_years", &rules.tenure_review_years),
            ("rules.tenure_limit_years", &rules.tenure_limit_years),
        ] {
            if !(years.value.is_finite() && years.value > 0.0) {
                problems.push(origin.error_at(
                    &years.location,
                    format!(
                        "`{field}` is {}; expected a number of years above 0",
                        years.value
                    ),
                ));
            }
        }
        if rules.tenure_review_years.value > rules.tenure_limit_years.value {
            problems.push(origin.error_at(
                &rules.tenure_review_years.location,
                format!(
                    "`rules.tenure_review_years` ({}) is above `rules.tenure_limit_years` ({}): review must come before the limit",
                    rules.tenure_review_years.value, rules.tenure_limit_years.value
                ),
            ));
        }
        // Making Data Count uses runs of 6 to 8 points; shorter runs flag chance as signal.
        for (field, points) in [
            ("rules.spc.shift_points", &rules.spc.shift_points),
            ("rules.spc.trend_points", &rules.spc.trend_points),
        ] {
            if !(6..=8).contains(&points.value) {
                problems.push(origin.error_at(
                    &points.location,
                    format!("`{field}` is {}; expected 6, 7 or 8", points.value),
                ));
            }
        }
        if rules.spc.min_points.value < 2 {
            problems.push(origin.error_at(
                &rules.spc.min_points.location,
                format!(
                    "`rules.spc.min_points` is {}; expected 2 or more (limits need a moving range)",
                    rules.spc.min_points.value
                ),
            ));
        }
        if !is_base_url(&self.base_url.value) {
            problems.push(
                origin
                    .error_at(
                        &self.base_url.location,
                        format!(
                            "`base_url`: `{}` is not a web address for the site",
                            self.base_url.value
                        ),
                    )
                    .with_help("write `/`, a path such as `/reports/2026/`, or an address such as `https://www.example.nhs.uk/board/`"),
            );
        }
        let currency = &self.currency.value;
        if !CURRENCIES.contains(&currency.as_str()) {
            problems.push(
                origin
                    .error_at(
                        &self.currency.location,
                        format!("`currency`: `{currency}` is not an ISO 4217 currency code"),
                    )
                    .with_help(currency_help(currency)),
            );
        }
        // Every page's title ends with the report's: an empty one left " · " there.
        if crate::glyphs::blank(&self.title.value) {
            problems.push(
                origin
                    .error_at(
                        &self.title.location,
                        crate::glyphs::blank_message("title", &self.title.value),
                    )
                    .with_help(
                        "give the report a title, or leave `title` out for \"Board report\"",
                    ),
            );
        }
        if let Some(contact) = &self.accessibility.contact
            && crate::glyphs::blank(&contact.value)
        {
            problems.push(origin.error_at(
                &contact.location,
                crate::glyphs::blank_message("accessibility.contact", &contact.value),
            ));
        }
        if !crate::records::is_valid_id(&self.theme.value) {
            // `themes/mine` names the folder by its path: its name is the last part.
            let name = self.theme.value.trim_end_matches(['/', '\\']);
            let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
            let suggested = crate::records::suggest_id(name);
            let example = if crate::records::is_valid_id(&suggested) {
                suggested
            } else {
                "default".to_string()
            };
            problems.push(
                origin
                    .error_at(
                        &self.theme.location,
                        format!("`theme`: `{}` is not a valid theme name", self.theme.value),
                    )
                    .with_help(format!(
                        "a theme is named by its folder under themes/, in lowercase letters, digits and hyphens, as in `theme: {example}`; the built-in theme is `default`"
                    )),
            );
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(problems: Vec<Diagnostic>) -> Vec<String> {
        problems
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    /// An empty settings file is a warning: a save caught half-way leaves one, and the
    /// report changed its title and date without a word. Comments alone are meant.
    #[test]
    fn an_empty_settings_file_is_warned_of() {
        let warned = |text: &str| -> Vec<String> { lines(warnings(&parse(text).unwrap(), text)) };
        let empty = "1:1: this file is empty: the report is built with the default settings (its title, report date and rules)";
        assert_eq!(warned(""), [empty]);
        assert_eq!(warned("\n  \n"), [empty]);
        assert!(warned("# the default settings\n").is_empty());
        assert!(warned("title: T\n").is_empty());
    }

    #[test]
    fn a_language_that_is_no_tag_is_a_warning_at_its_line() {
        let warned = |text: &str| -> Vec<String> {
            warnings(&parse(text).unwrap(), text)
                .iter()
                .map(|d| {
                    format!(
                        "{}:{}: {} / {}",
                        d.line,
                        d.column,
                        d.message,
                        d.help.clone().unwrap_or_default()
                    )
                })
                .collect()
        };
        for fine in [
            "# no language\n",
            "language: en-GB\n",
            "language: EN-us\n",
            "language: eng\n",
        ] {
            assert!(warned(fine).is_empty(), "{fine}");
        }
        // boardpack's own words are English, whatever the theme.
        for (text, tag) in [
            ("language: cy\n", "cy"),
            ("title: T\nlanguage: fr-CA\n", "fr-CA"),
            ("language: zh-Hant-TW\ntheme: ours\n", "zh-Hant-TW"),
        ] {
            let said = warned(text);
            assert_eq!(said.len(), 1, "{said:?}");
            assert!(
                said[0].contains(&format!("`language`: `{tag}` marks every page and the board pack as written in that language, but boardpack's own words on them are English")),
                "{said:?}"
            );
            assert!(
                said[0].starts_with(&format!(
                    "{}:11:",
                    text.lines()
                        .position(|l| l.starts_with("language"))
                        .unwrap()
                        + 1
                )),
                "{said:?}"
            );
        }
        assert_eq!(
            warned("title: T\nlanguage:  english # ours\n"),
            [
                "2:12: `language`: `english` is not a language tag, so browsers and screen readers cannot use it / write `language: en-GB`"
            ]
        );
        assert_eq!(
            warned("language: en_GB\n")[0].split(" / ").nth(1),
            Some("write `language: en-GB`")
        );
        assert!(warned("language: Klingon!\n")[0].ends_with("`ga` (Irish)"));
    }

    #[test]
    fn every_wrong_setting_is_reported_at_once() {
        let problems =
            parse("title: T\nas_of: 2026-13-01\nrules:\n  attendence_min: 0.8\ntheme: [a]\n")
                .unwrap_err();
        assert_eq!(
            lines(problems),
            [
                "2:8: `as_of`: `2026-13-01` is not a date in the calendar",
                "4:3: unknown field `attendence_min` in `rules`",
                "5:8: `theme`: expected text, found `[a]`",
            ]
        );
    }

    #[test]
    fn empty_file_means_defaults() {
        for text in ["", "# settings to come\n"] {
            let c = parse(text).unwrap();
            assert_eq!(
                (
                    c.title.value.as_str(),
                    c.base_url.value.as_str(),
                    c.theme.value.as_str(),
                    c.language.as_str()
                ),
                ("Board report", "/", "default", "en-GB")
            );
            assert_eq!(c.rules.attendance_min.value, 0.75);
            assert_eq!(c.rules.term_warning_days.value, 180);
            assert_eq!(
                (
                    c.rules.tenure_review_years.value,
                    c.rules.tenure_limit_years.value
                ),
                (6.0, 9.0)
            );
            assert_eq!(c.rules.independence_min.value, 0.5);
            assert_eq!(
                (
                    c.rules.spc.shift_points.value,
                    c.rules.spc.trend_points.value,
                    c.rules.spc.min_points.value
                ),
                (6, 6, 13)
            );
            assert!(c.as_of.is_none());
        }
    }

    #[test]
    fn all_fields() {
        let c = parse("title: T\norganisation: O\nas_of: 2026-09-30\nbase_url: /report/\ntheme: plain\nlanguage: en-GB\nrules:\n  attendance_min: 0.8\n  spc: { shift_points: 7 }\nextra: { logo: x.png }\n").unwrap();
        assert_eq!(c.as_of.unwrap().to_string(), "2026-09-30");
        assert_eq!(c.rules.attendance_min.value, 0.8);
        assert_eq!(c.rules.spc.shift_points.value, 7);
        assert_eq!(c.rules.spc.trend_points.value, 6);
        assert_eq!(c.rules.tenure_limit_years.value, 9.0);
        assert_eq!(c.rules.spc.conflict, Conflict::Improvement);
        assert!(!c.rules.spc.screen_outliers);
        let c = parse("rules:\n  spc: { conflict: concern, screen_outliers: true }\n").unwrap();
        assert_eq!(c.rules.spc.conflict, Conflict::Concern);
        assert!(c.rules.spc.screen_outliers);
        let problems = parse("rules:\n  spc: { conflict: concerns }\n").unwrap_err();
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `concern`? (expected `improvement` or `concern`)")
        );
    }

    /// Three capital letters are not enough: `GPB` showed as "40,000 GPB" on every page.
    #[test]
    fn currencies_are_iso_4217_codes() {
        for good in ["GBP", "EUR", "USD", "CHF", "JPY", "XCG"] {
            assert!(parse(&format!("currency: {good}\n")).is_ok(), "{good}");
        }
        let help = |currency: &str| {
            parse(&format!("currency: {currency}\n")).unwrap_err()[0]
                .help
                .clone()
                .unwrap()
        };
        assert_eq!(help("GPB"), "did you mean `GBP`?");
        assert_eq!(help("EUD"), "did you mean `EUR` or `AUD`?");
        assert_eq!(help("gbp"), "write it in capitals: `GBP`");
        assert_eq!(
            help("pounds"),
            "write a currency's three-letter code, such as `GBP`, `EUR` or `USD`"
        );
        assert_eq!(
            lines(parse("currency: GPB\n").unwrap_err()),
            ["1:11: `currency`: `GPB` is not an ISO 4217 currency code"]
        );
    }

    #[test]
    fn bad_rules() {
        let problems = parse("rules:\n  attendance_min: 75\n  tenure_review_years: 10\n  spc: { shift_points: 5, trend_points: 9, min_points: 1 }\ntheme: My Theme\n").unwrap_err();
        assert_eq!(
            lines(problems),
            [
                "2:19: `rules.attendance_min` is 75; expected a share from 0 to 1",
                "3:24: `rules.tenure_review_years` (10) is above `rules.tenure_limit_years` (9): review must come before the limit",
                "4:24: `rules.spc.shift_points` is 5; expected 6, 7 or 8",
                "4:41: `rules.spc.trend_points` is 9; expected 6, 7 or 8",
                "4:56: `rules.spc.min_points` is 1; expected 2 or more (limits need a moving range)",
                "5:8: `theme`: `My Theme` is not a valid theme name",
            ]
        );
        // The help gives the name as it would be written.
        for (written, suggested) in [
            ("Default", "default"),
            ("My Theme", "my-theme"),
            ("'!!'", "default"),
            ("themes/mine/", "mine"),
        ] {
            let problems = parse(&format!("theme: {written}\n")).unwrap_err();
            let help = problems[0].help.as_deref().unwrap_or("");
            assert!(
                help.contains(&format!("as in `theme: {suggested}`")),
                "{help}"
            );
        }
        // A negative count is refused by the same rule as a small one, not by a
        // "0 or more" that the rule then contradicts; a huge one is "too large".
        let problems = parse("rules:\n  spc: { shift_points: -6, min_points: -1, trend_points: 99999999999999999999 }\n").unwrap_err();
        assert_eq!(
            lines(problems),
            [
                "2:58: `rules.spc.trend_points`: expected a whole number, found `99999999999999999999`, which is too large"
            ]
        );
        let problems = parse("rules:\n  spc: { shift_points: -6, min_points: -1 }\n").unwrap_err();
        assert_eq!(
            lines(problems),
            [
                "2:24: `rules.spc.shift_points` is -6; expected 6, 7 or 8",
                "2:40: `rules.spc.min_points` is -1; expected 2 or more (limits need a moving range)",
            ]
        );
    }

    #[test]
    fn base_urls() {
        for good in [
            "/",
            "/reports/2026/",
            "/board",
            "https://www.example.nhs.uk/board/",
            "http://localhost:4000",
            "HTTPS://WWW.EXAMPLE.NHS.UK/board/",
            "http://127.0.0.1:8080/",
            "http://[::1]:4000/",
            "https://[2001:db8::1]/",
            "http://board_server:8080/",
            "https://bwrdd.gymraeg.cymru/",
            "https://café.example/",
        ] {
            assert!(is_base_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)//",
            "",
            "reports/",
            "//evil.example/",
            "https://",
            "https:///x",
            "ftp://example.org/",
            "/a b/",
            "/a\"><script>",
            "/a\u{7}",
            "data:text/html,x",
            "https://example.org/a?b=c",
            "/reports#top",
            // The sitemap and the 404 page would publish a user name and password.
            "https://user:pw@example.org/",
            "https://ex]ample.org/",
            "https://example.org:99999/",
            "https://example.org:/",
            "https://example.org:0/",
            "https://example.org:+80/",
            "https://:80/",
            "https://.example.org/",
            "http://[::1/",
            "http://[zz]/",
            "http://[::1]x/",
        ] {
            assert!(!is_base_url(bad), "{bad}");
        }
        assert_eq!(
            parse("base_url: /board\n").unwrap().base_url.value,
            "/board/"
        );
        assert_eq!(
            parse("base_url: https://example.org\n")
                .unwrap()
                .base_url
                .value,
            "https://example.org/"
        );
        assert_eq!(
            lines(parse("title: T\nbase_url: \"javascript:alert(1)//\"\n").unwrap_err()),
            ["2:11: `base_url`: `javascript:alert(1)//` is not a web address for the site"]
        );
    }

    #[test]
    fn an_empty_title_is_refused_at_its_line() {
        for text in [
            "as_of: 2026-09-30\ntitle: \"\"\n",
            "as_of: 2026-09-30\ntitle: \"  \"\n",
        ] {
            let problems = parse(text).unwrap_err();
            assert_eq!(lines(problems.clone()), ["2:8: `title` is empty"], "{text}");
            assert!(
                problems[0]
                    .help
                    .as_deref()
                    .unwrap()
                    .contains("Board report")
            );
        }
        assert_eq!(
            parse("as_of: 2026-09-30\n").unwrap().title.value,
            "Board report"
        );
    }

    #[test]
    fn typos_are_caught() {
        let problems = parse("rules:\n  attendence_min: 0.8\n").unwrap_err();
        assert_eq!(
            lines(problems.clone()),
            ["2:3: unknown field `attendence_min` in `rules`"]
        );
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `attendance_min`?")
        );
        assert_eq!(
            lines(parse("as_of: 30/09/2026\n").unwrap_err()),
            ["1:8: `as_of`: expected a date as YYYY-MM-DD, found `30/09/2026`"]
        );
    }
}
