//! `meetings/<id>.yaml`: board and committee meetings with attendance.
//!
//! Whether the people listed were eligible needs the people records, so that is checked in
//! [`crate::model`]; here only what the meeting record says about itself.

use super::{Extra, Located, check_id_list, check_repeats, non_empty};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::yaml::Origin;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The body of a meeting when none is given.
pub const BOARD: &str = "board";

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub date: Located<Date>,
    #[serde(default = "board")]
    pub body: Located<String>,
    #[serde(default)]
    pub session: Session,
    pub title: Option<Located<String>>,
    #[serde(default)]
    pub present: Vec<Located<String>>,
    #[serde(default)]
    pub apologies: Vec<Located<String>>,
    #[serde(default)]
    pub in_attendance: Vec<Located<String>>,
    pub quorate: Option<bool>,
    /// (v2) The agenda, in order.
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    /// (v2) What the meeting resolved.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// (v2) Interests declared for an item.
    #[serde(default)]
    pub declarations: Vec<Declaration>,
    /// (v2) The minutes: a paper under `content/files/`.
    pub minutes: Option<Located<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub extra: Extra,
}

fn board() -> Located<String> {
    Located {
        value: BOARD.to_string(),
        ..Located::default()
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// The agenda number as written (`4.1`, `"4.10"`): YAML would read `4.10` as a number,
    /// so it is taken as text either way.
    #[schemars(schema_with = "item_number")]
    pub item: Located<String>,
    pub title: Located<String>,
    pub purpose: Purpose,
    pub presenter: Option<Located<String>>,
    pub paper: Option<Located<String>>,
    #[serde(default)]
    pub initiatives: Vec<Located<String>>,
    #[serde(default)]
    pub measures: Vec<Located<String>>,
}

/// An agenda item's place on its meeting's page (`4.10` → `item-4-10`), unless an earlier
/// item has it ([`Meeting::anchor`]).
pub fn item_anchor(number: &str) -> String {
    format!("item-{}", crate::markdown::slug(number))
}

/// An agenda number, as YAML may read it: `4.1` unquoted is a number, `"4.10"` text.
pub(crate) fn item_number(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": ["string", "number"],
        "description": "The agenda item's number, as on the agenda; quote it when it ends in 0 (\"4.10\")",
        "examples": ["4.1", "4.10"]
    })
}

/// Why an item comes to the meeting.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    Approval,
    Assurance,
    Discussion,
    Information,
}

impl Purpose {
    pub fn words(self) -> &'static str {
        match self {
            Purpose::Approval => "For approval",
            Purpose::Assurance => "For assurance",
            Purpose::Discussion => "For discussion",
            Purpose::Information => "For information",
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    // `default` tells the schema the field may be left out, as `Option` tells serde.
    #[serde(default)]
    #[schemars(schema_with = "item_number")]
    pub item: Option<Located<String>>,
    pub text: Located<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub person: Located<String>,
    // `default` tells the schema the field may be left out, as `Option` tells serde.
    #[serde(default)]
    #[schemars(schema_with = "item_number")]
    pub item: Option<Located<String>>,
    pub interest: Located<String>,
    /// How it was managed at the meeting (`left the room`).
    pub action: Option<String>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Session {
    #[default]
    Public,
    Private,
}

impl Meeting {
    pub fn is_board(&self) -> bool {
        self.body.value == BOARD
    }

    /// The three attendance lists by name, in the order they are written.
    pub fn lists(&self) -> [(&'static str, &[Located<String>]); 3] {
        [
            ("present", &self.present),
            ("apologies", &self.apologies),
            ("in_attendance", &self.in_attendance),
        ]
    }

    pub fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        // `boardpack new meeting` leaves `present: []`: minuted quorate or deciding, the
        // meeting counted every member absent and no meeting inquorate, without a word.
        if self.present.is_empty() && (self.quorate == Some(true) || !self.decisions.is_empty()) {
            let minuted = if self.quorate == Some(true) {
                "minuted quorate"
            } else {
                "records decisions"
            };
            problems.push(
                origin
                    .warning_at(
                        &self.date.location,
                        format!("nobody is listed under `present`, but the meeting is {minuted}: every member counts as absent"),
                    )
                    .with_help("list the members who attended under `present: [...]`, by their ids"),
            );
        }
        // Left out, a meeting is called after its body; given, it heads the page.
        if let Some(title) = &self.title
            && crate::glyphs::blank(&title.value)
        {
            problems.push(
                origin
                    .error_at(&title.location, crate::glyphs::blank_message("title", &title.value))
                    .with_help("write the meeting's title, or leave the line out to call it after its committee (\"Board meeting\")"),
            );
        }
        check_id_list(
            std::slice::from_ref(&self.body),
            "body",
            "committee name",
            origin,
            &mut problems,
        );
        // A person may appear once across the three lists.
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (list, entries) in self.lists() {
            check_id_list(entries, list, "person id", origin, &mut problems);
            for entry in entries {
                match seen.get(entry.value.as_str()) {
                    Some(&first) if first == list => problems.push(origin.error_at(
                        &entry.location,
                        format!("`{}` is listed twice under `{list}`", entry.value),
                    )),
                    Some(&first) => problems.push(
                        origin
                            .error_at(
                                &entry.location,
                                format!("`{}` is under both `{first}` and `{list}`", entry.value),
                            )
                            .with_help(
                                "list each person once: present, apologies or in attendance",
                            ),
                    ),
                    None => {
                        seen.insert(&entry.value, list);
                    }
                }
            }
        }
        self.check_agenda(origin, &mut problems);
        problems
    }

    /// The title written, if any (left out, pages name the meeting after its committee).
    pub fn title_text(&self) -> Option<&str> {
        self.title.as_ref().map(|t| t.value.as_str())
    }

    /// The place on the meeting's page of its agenda item `number`: [`item_anchor`], and
    /// for an item whose place an earlier one has (`8A` after `8a`, `4-1` after `4.1`),
    /// `--` and its position in the agenda, which no number's anchor can hold.
    pub fn anchor(&self, number: &str) -> String {
        let base = item_anchor(number);
        let Some(at) = self.agenda.iter().position(|i| i.item.value == number) else {
            return base;
        };
        if self.agenda[..at]
            .iter()
            .any(|i| item_anchor(&i.item.value) == base)
        {
            format!("{base}--{}", at + 1)
        } else {
            base
        }
    }

    /// The agenda item numbered `number`.
    pub fn item(&self, number: &str) -> Option<&AgendaItem> {
        self.agenda.iter().find(|i| i.item.value == number)
    }

    /// Agenda numbers unique; decisions and declarations name an item of the agenda when
    /// there is one; ids well formed.
    fn check_agenda(&self, origin: Origin<'_>, problems: &mut Vec<Diagnostic>) {
        let mut numbers: BTreeMap<&str, &Located<String>> = BTreeMap::new();
        for item in &self.agenda {
            non_empty(&item.item, "agenda.item", origin, problems);
            let number = &item.item.value;
            // `"4.1 "` looked like 4.1 on the page but was not the item an action named,
            // and `"5"` and `" 5 "` were two items.
            if number.trim() != number && !number.trim().is_empty() {
                problems.push(
                    origin
                        .error_at(
                            &item.item.location,
                            format!("agenda item `{number}` has spaces before or after its number"),
                        )
                        .with_help(format!("write `item: \"{}\"`", number.trim())),
                );
            }
            non_empty(&item.title, "agenda.title", origin, problems);
            if let Some(first) = numbers.insert(&item.item.value, &item.item) {
                let (line, _) = origin.position(&first.location);
                problems.push(
                    origin
                        .error_at(
                            &item.item.location,
                            format!("agenda item `{}` is numbered twice", item.item.value),
                        )
                        .with_help(format!(
                            "each item of a meeting has its own number; the first is at line {line}"
                        )),
                );
            }
            if let Some(presenter) = &item.presenter {
                check_id_list(
                    std::slice::from_ref(presenter),
                    "agenda.presenter",
                    "person id",
                    origin,
                    problems,
                );
            }
            check_id_list(
                &item.initiatives,
                "agenda.initiatives",
                "initiative id",
                origin,
                problems,
            );
            check_repeats(&item.initiatives, "agenda.initiatives", origin, problems);
            check_id_list(
                &item.measures,
                "agenda.measures",
                "measure id",
                origin,
                problems,
            );
            check_repeats(&item.measures, "agenda.measures", origin, problems);
        }
        let refers = self
            .decisions
            .iter()
            .filter_map(|d| d.item.as_ref().map(|i| ("decisions", i)))
            .chain(
                self.declarations
                    .iter()
                    .filter_map(|d| d.item.as_ref().map(|i| ("declarations", i))),
            );
        for (list, item) in refers {
            if !self.agenda.is_empty() && !numbers.contains_key(item.value.as_str()) {
                // In the agenda's order, which is what its writer sees: 2 before 10.
                let known: Vec<&str> = self.agenda.iter().map(|i| i.item.value.as_str()).collect();
                problems.push(
                    origin
                        .error_at(
                            &item.location,
                            format!(
                                "`{list}`: there is no agenda item `{}` in this meeting",
                                item.value
                            ),
                        )
                        .with_help(
                            match crate::suggest::nearest(&item.value, known.iter().copied()) {
                                Some(near) => format!(
                                    "did you mean `{near}`? (the agenda has {})",
                                    crate::suggest::one_of(&known)
                                ),
                                None => {
                                    format!("the agenda has {}", crate::suggest::one_of(&known))
                                }
                            },
                        ),
                );
            }
        }
        for decision in &self.decisions {
            non_empty(&decision.text, "decisions.text", origin, problems);
        }
        for declaration in &self.declarations {
            check_id_list(
                std::slice::from_ref(&declaration.person),
                "declarations.person",
                "person id",
                origin,
                problems,
            );
            non_empty(
                &declaration.interest,
                "declarations.interest",
                origin,
                problems,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ORIGIN, messages, parse_yaml};
    use super::*;

    #[test]
    fn defaults() {
        let m = parse_yaml::<Meeting>("date: 2026-09-18\n").unwrap();
        assert!(m.is_board());
        assert_eq!(m.session, Session::Public);
        assert!(m.present.is_empty() && m.title.is_none() && m.quorate.is_none());
        assert!(m.check(ORIGIN).is_empty());
        let empty = parse_yaml::<Meeting>("date: 2026-09-18\nquorate: true\n").unwrap();
        assert_eq!(
            messages(&empty.check(ORIGIN)),
            [
                "1:7: nobody is listed under `present`, but the meeting is minuted quorate: every member counts as absent"
            ]
        );
    }

    #[test]
    fn all_fields() {
        let m = parse_yaml::<Meeting>(
            "date: 2026-09-18\nbody: quality\nsession: private\ntitle: Quality committee\npresent: [a, b]\napologies: [c]\nin_attendance: [d]\nquorate: true\n",
        )
        .unwrap();
        assert!(!m.is_board());
        assert_eq!(m.session, Session::Private);
        assert_eq!(m.present[1].value, "b");
        assert!(m.check(ORIGIN).is_empty());
    }

    /// An empty title gave the meeting's page an empty heading and the action log
    /// "Agreed at , 30 July 2026"; left out, the body names the meeting.
    #[test]
    fn a_title_given_is_not_empty() {
        for title in ["\"\"", "\"   \""] {
            let m = parse_yaml::<Meeting>(&format!("date: 2026-09-18\ntitle: {title}\n")).unwrap();
            assert_eq!(messages(&m.check(ORIGIN)), ["2:8: `title` is empty"]);
        }
        let m = parse_yaml::<Meeting>("date: 2026-09-18\ntitle:\n").unwrap();
        assert!(m.title.is_none() && m.check(ORIGIN).is_empty());
    }

    #[test]
    fn agenda_numbers_have_no_spaces_around_them() {
        let m = parse_yaml::<Meeting>(
            "date: 2026-09-18\nagenda:\n  - { item: \"4.1 \", title: A, purpose: information }\n  - { item: \" 5\", title: B, purpose: information }\n  - { item: \"5 a\", title: C, purpose: information }\n",
        )
        .unwrap();
        let problems = m.check(ORIGIN);
        assert_eq!(
            messages(&problems),
            [
                "3:13: agenda item `4.1 ` has spaces before or after its number",
                "4:13: agenda item ` 5` has spaces before or after its number",
            ]
        );
        assert_eq!(problems[0].help.as_deref(), Some("write `item: \"4.1\"`"));
    }

    #[test]
    fn present_and_apologies_overlap() {
        let m =
            parse_yaml::<Meeting>("date: 2026-09-18\npresent: [a, b]\napologies:\n  - c\n  - b\n")
                .unwrap();
        assert_eq!(
            messages(&m.check(ORIGIN)),
            ["5:5: `b` is under both `present` and `apologies`"]
        );
        let m = parse_yaml::<Meeting>("date: 2026-09-18\npresent: [a, a]\n").unwrap();
        assert_eq!(
            messages(&m.check(ORIGIN)),
            ["2:14: `a` is listed twice under `present`"]
        );
    }

    #[test]
    fn bad_names() {
        let m =
            parse_yaml::<Meeting>("date: 2026-09-18\nbody: Audit Committee\npresent: [Jo Bell]\n")
                .unwrap();
        assert_eq!(
            messages(&m.check(ORIGIN)),
            [
                "2:7: `body`: `Audit Committee` is not a valid committee name",
                "3:11: `present`: `Jo Bell` is not a valid person id"
            ]
        );
    }

    #[test]
    fn unknown_session() {
        let d = parse_yaml::<Meeting>("date: 2026-09-18\nsession: closed\n").unwrap_err();
        assert_eq!(d.message, "`session` has an unknown value `closed`");
        assert_eq!(d.help.as_deref(), Some("expected `public` or `private`"));
    }

    const AGENDA: &str = "date: 2026-09-18\npresent: [a, b]\nagenda:\n  - item: 4.1\n    title: Integrated performance report\n    purpose: assurance\n    presenter: a\n    paper: files/ipr.pdf\n    measures: [m]\n  - { item: \"4.10\", title: Compact, purpose: approval, initiatives: [i] }\ndecisions:\n  - { item: \"4.10\", text: Approved }\ndeclarations:\n  - { person: b, item: \"4.1\", interest: Director of a supplier, action: left the room }\nminutes: files/minutes.pdf\n";

    #[test]
    fn agenda_decisions_declarations() {
        let m = parse_yaml::<Meeting>(AGENDA).unwrap();
        assert!(
            m.check(ORIGIN).is_empty(),
            "{:?}",
            messages(&m.check(ORIGIN))
        );
        // An unquoted number keeps its text: 4.1, and "4.10" is not 4.1.
        assert_eq!(m.agenda[0].item.value, "4.1");
        assert_eq!(m.agenda[1].item.value, "4.10");
        assert_eq!(m.agenda[0].purpose, Purpose::Assurance);
        assert_eq!(m.item("4.10").unwrap().title.value, "Compact");
        assert_eq!(m.declarations[0].action.as_deref(), Some("left the room"));
        assert_eq!(m.minutes.as_ref().unwrap().value, "files/minutes.pdf");
    }

    /// `8a` and `8A`, or `4.1` and `4-1`, are distinct numbers, and each has a place of
    /// its own on the page: links to the second landed on the first.
    #[test]
    fn numbers_alike_get_places_of_their_own() {
        for (first, second) in [("8a", "8A"), ("4.1", "4-1"), ("4.1", "4.1."), ("§", "?")] {
            let text = format!(
                "date: 2026-09-18\nagenda:\n  - {{ item: \"{first}\", title: A, purpose: information }}\n  - {{ item: \"{second}\", title: B, purpose: information }}\n  - {{ item: \"9\", title: C, purpose: information }}\n"
            );
            let m = parse_yaml::<Meeting>(&text).unwrap();
            assert!(m.check(ORIGIN).is_empty());
            assert_eq!(m.anchor(first), item_anchor(first));
            assert_eq!(m.anchor(second), format!("{}--2", item_anchor(first)));
            assert_eq!(m.anchor("9"), "item-9");
        }
        assert_eq!(item_anchor("4.10"), "item-4-10");
        assert_ne!(item_anchor("4.1"), item_anchor("4.10"));
    }

    #[test]
    fn agenda_mistakes() {
        let text = AGENDA
            .replace("item: \"4.10\", title", "item: 4.1, title")
            .replace("item: \"4.1\", interest", "item: \"5.1\", interest");
        let m = parse_yaml::<Meeting>(&text).unwrap();
        let problems = m.check(ORIGIN);
        assert_eq!(
            messages(&problems),
            [
                "10:13: agenda item `4.1` is numbered twice",
                "12:13: `decisions`: there is no agenda item `4.10` in this meeting",
                "14:24: `declarations`: there is no agenda item `5.1` in this meeting",
            ]
        );
        assert_eq!(
            problems[0].help.as_deref(),
            Some("each item of a meeting has its own number; the first is at line 4")
        );
        assert_eq!(problems[2].help.as_deref(), Some("the agenda has `4.1`"));
        // The agenda's numbers in its own order, not as text sorts them ("10" before "9").
        let text = AGENDA
            .replace("item: 4.1\n", "item: 9\n")
            .replace("item: \"4.10\", title", "item: 10, title")
            .replace("item: \"4.10\", text", "item: 10, text")
            .replace("item: \"4.1\", interest", "item: 12, interest");
        let problems = parse_yaml::<Meeting>(&text).unwrap().check(ORIGIN);
        assert_eq!(
            problems[0].help.as_deref(),
            Some("the agenda has `9` or `10`"),
            "{:?}",
            messages(&problems)
        );
    }

    #[test]
    fn unknown_purpose_suggests() {
        let d = parse_yaml::<Meeting>(&AGENDA.replace("purpose: assurance", "purpose: assurence"))
            .unwrap_err();
        assert_eq!(
            d.message,
            "`agenda.purpose` has an unknown value `assurence`"
        );
        assert!(d.help.unwrap().starts_with("did you mean `assurance`?"));
    }
}
