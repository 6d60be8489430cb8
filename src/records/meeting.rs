//! `meetings/<id>.yaml`: board and committee meetings with attendance.
//!
//! Whether the people listed were eligible needs the people records, so that is checked in
//! [`crate::model`]; here only what the meeting record says about itself.

use super::{Extra, Located, check_id_list};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::yaml::Origin;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The body of a meeting when none is given.
pub const BOARD: &str = "board";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub date: Located<Date>,
    #[serde(default = "board")]
    pub body: Located<String>,
    #[serde(default)]
    pub session: Session,
    pub title: Option<String>,
    #[serde(default)]
    pub present: Vec<Located<String>>,
    #[serde(default)]
    pub apologies: Vec<Located<String>>,
    #[serde(default)]
    pub in_attendance: Vec<Located<String>>,
    pub quorate: Option<bool>,
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
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
        problems
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
}
