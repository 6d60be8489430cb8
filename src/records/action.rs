//! `actions/<id>.yaml` (v2): the board's action log, each action agreed at a meeting.
//!
//! That the meeting, its item, the owner and the initiative exist, and that the action is
//! due on or after the meeting, need other records: checked in [`crate::model`].

use super::{Extra, Located, check_id_list, non_empty};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::yaml::Origin;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub title: Located<String>,
    /// The meeting that agreed it.
    pub meeting: Located<String>,
    /// Its agenda item at that meeting, as written (`6.2`).
    // `default` tells the schema the field may be left out, as `Option` tells serde.
    #[serde(default)]
    #[schemars(schema_with = "super::meeting::item_number")]
    pub item: Option<Located<String>>,
    pub owner: Located<String>,
    pub due: Located<Date>,
    /// Absent: still open.
    pub done: Option<Located<Date>>,
    /// The latest update, shown in the log.
    pub progress: Option<String>,
    pub initiative: Option<Located<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub extra: Extra,
}

impl Action {
    pub fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        non_empty(&self.title, "title", origin, &mut problems);
        let ids = [
            (Some(&self.meeting), "meeting", "meeting id"),
            (Some(&self.owner), "owner", "person id"),
            (self.initiative.as_ref(), "initiative", "initiative id"),
        ];
        for (value, field, what) in ids {
            if let Some(value) = value {
                check_id_list(
                    std::slice::from_ref(value),
                    field,
                    what,
                    origin,
                    &mut problems,
                );
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
    fn fields() {
        let a = parse_yaml::<Action>(
            "title: Bring the job-planning review to the board\nmeeting: board-2026-07\nitem: 6.2\nowner: amara-okafor\ndue: 2026-11-30\ndone: 2026-10-12\nprogress: Paper scheduled\ninitiative: job-planning\n",
        )
        .unwrap();
        assert_eq!(a.item.as_ref().unwrap().value, "6.2");
        assert_eq!(a.done.as_ref().unwrap().value.to_string(), "2026-10-12");
        assert!(a.check(ORIGIN).is_empty());
    }

    #[test]
    fn required_and_ids() {
        let d = parse_yaml::<Action>("title: A\nmeeting: m\nowner: o\n").unwrap_err();
        assert_eq!(d.message, "missing required field `due`");
        let a = parse_yaml::<Action>("title: A\nmeeting: Board July\nowner: o\ndue: 2026-01-01\n")
            .unwrap();
        assert_eq!(
            messages(&a.check(ORIGIN)),
            ["2:10: `meeting`: `Board July` is not a valid meeting id"]
        );
    }
}
