//! How the board governs (INDICATORS.md v2): the action log, declarations of interest and
//! quorum, from the facts of `facts::governance`.

use super::{Indicator, Status, area, count, count_share, percent, plural};
use crate::facts::governance::{Standing, action_log, register};
use crate::model::Model;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overdue<'a> {
    pub id: &'a str,
    /// None when the owner is not in this build (a confidential person leaves no id).
    pub owner: Option<&'a str>,
    pub due: crate::date::Date,
    pub days_overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Undeclared<'a> {
    pub id: &'a str,
    /// The latest declaration or nil return, if there was ever one.
    pub latest: Option<crate::date::Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inquorate<'a> {
    pub id: &'a str,
    pub date: crate::date::Date,
}

area! {
    /// The board's own governance: actions, interests, quorum.
    pub struct Governance<'m> {
        actions_open: usize = "governance.actions_open",
        actions_overdue: Vec<Overdue<'m>> = "governance.actions_overdue",
        actions_on_time_share: Option<f64> = "governance.actions_on_time_share",
        interests_undeclared: Vec<Undeclared<'m>> = "governance.interests_undeclared",
        meetings_inquorate: Vec<Inquorate<'m>> = "governance.meetings_inquorate",
    }
}

/// More than this many days overdue is a breach.
const OVERDUE_BREACH_DAYS: i64 = 90;

pub fn indicators(model: &Model) -> Governance<'_> {
    let as_of = model.as_of;
    let log = action_log(model);
    let open = log.iter().filter(|(_, s)| s.is_open()).count();
    let mut overdue: Vec<Overdue> = log
        .iter()
        .filter_map(|(action, standing)| match standing {
            Standing::Overdue(days) => Some(Overdue {
                id: &action.id,
                owner: model.person(&action.fields.owner.value).map(|p| &*p.id),
                due: action.fields.due.value,
                days_overdue: *days,
            }),
            _ => None,
        })
        .collect();
    // INDICATORS.md: a list is sorted by id (the action log's order, the longest overdue
    // first, is the pages' to choose).
    overdue.sort_unstable_by_key(|o| o.id);
    let done = log.iter().filter(|(_, s)| !s.is_open()).count();
    let on_time = log.iter().filter(|(_, s)| *s == Standing::OnTime).count();
    let on_time_share = count_share(on_time, done);
    let undeclared: Vec<Undeclared> = register(model)
        .into_iter()
        .filter(|r| r.undeclared(as_of))
        .map(|r| Undeclared {
            id: &r.person.id,
            latest: r.latest,
        })
        .collect();
    let inquorate: Vec<Inquorate> = model
        .records
        .meetings
        .values()
        .filter(|m| m.fields.quorate == Some(false))
        .map(|m| Inquorate {
            id: &m.id,
            date: m.fields.date.value,
        })
        .collect();
    let worst = overdue.iter().map(|o| o.days_overdue).max();
    Governance {
        actions_open: Indicator::new("Open actions", open, Status::Info, count(open)),
        actions_overdue: Indicator::new(
            "Overdue actions",
            overdue.clone(),
            match worst {
                Some(days) if days > OVERDUE_BREACH_DAYS => Status::Breach,
                Some(_) => Status::Warn,
                None => Status::Ok,
            },
            plural(overdue.len(), "action"),
        )
        .with_details(
            overdue
                .iter()
                .map(|o| {
                    format!(
                        "{} ({}): due {}, {} overdue",
                        o.id,
                        o.owner.unwrap_or("owner not shown"),
                        o.due,
                        plural(o.days_overdue as usize, "day")
                    )
                })
                .collect(),
        ),
        actions_on_time_share: Indicator::new(
            "Actions done by their due date",
            on_time_share,
            Status::Info,
            percent(on_time_share),
        ),
        interests_undeclared: Indicator::new(
            "Board members with no declaration of interests in the last year",
            undeclared.clone(),
            Status::if_any(!undeclared.is_empty(), Status::Warn),
            plural(undeclared.len(), "member"),
        )
        .with_details(
            undeclared
                .iter()
                .map(|u| match u.latest {
                    Some(date) => format!("{}: last declared {date}", u.id),
                    None => format!("{}: never declared", u.id),
                })
                .collect(),
        ),
        meetings_inquorate: Indicator::new(
            "Meetings minuted as not quorate",
            inquorate.clone(),
            Status::if_any(!inquorate.is_empty(), Status::Breach),
            plural(inquorate.len(), "meeting"),
        )
        .with_details(
            inquorate
                .iter()
                .map(|m| format!("{} ({})", m.id, m.date))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::Facts;
    use crate::indicators::{Figure, Status, compute};
    use crate::model::BuildOptions;
    use crate::model::testing::model;

    const SEAT: &str = "board: { role: non-executive-director, first_appointed: 2020-01-01 }";

    /// The edges INDICATORS.md v2 names, worked by hand with `as_of: 2026-09-30`.
    #[test]
    fn actions_interests_and_quorum_at_the_edges() {
        let person = |name: &str, rest: &str| format!("name: {name}\nprofession: lay\n{rest}\n");
        let a = person(
            "A",
            "board: { role: chair, first_appointed: 2020-01-01 }\ninterests:\n  # 365 days before the report date: still within the year.\n  - { description: Ends on the report date, declared: 2025-09-30, from: 2020-01-01, to: 2026-09-30 }\n  - { description: Ended the day before, declared: 2025-09-30, to: 2026-09-29 }",
        );
        let b = person(
            "B",
            &format!(
                "{SEAT}\ninterests:\n  # 366 days before: outside the year.\n  - {{ description: Old, declared: 2025-09-29 }}\n  # After the report date: left out.\n  - {{ description: Later, declared: 2026-10-01 }}"
            ),
        );
        let c = person(
            "C",
            &format!("{SEAT}\ninterests:\n  - {{ nil: true, declared: 2026-04-01 }}"),
        );
        let d = person("D", SEAT);
        let action = |meeting: &str, due: &str, done: &str| {
            let done = if done.is_empty() {
                String::new()
            } else {
                format!("done: {done}\n")
            };
            format!("title: Do it\nmeeting: {meeting}\nowner: a\ndue: {due}\n{done}")
        };
        let files = [
            ("people/a.yaml", a.as_str()),
            ("people/b.yaml", b.as_str()),
            ("people/c.yaml", c.as_str()),
            ("people/d.yaml", d.as_str()),
            (
                "meetings/m1.yaml",
                "date: 2026-06-01\npresent: [a, b, c, d]\nquorate: false\n",
            ),
            ("meetings/m2.yaml", "date: 2026-10-05\npresent: [a]\n"),
        ];
        let actions = [
            // Due on the report date and open: open, not overdue.
            ("actions/x1.yaml", action("m1", "2026-09-30", "")),
            // Done on its due date: on time.
            ("actions/x2.yaml", action("m1", "2026-09-30", "2026-09-30")),
            // Done after the report date: open, and 29 days overdue.
            ("actions/x3.yaml", action("m1", "2026-09-01", "2026-10-02")),
            // 107 days overdue: more than 90, a breach.
            ("actions/x4.yaml", action("m1", "2026-06-15", "")),
            // Done 10 days late.
            ("actions/x5.yaml", action("m1", "2026-07-01", "2026-07-11")),
            // Agreed at a meeting after the report date: left out.
            ("actions/x6.yaml", action("m2", "2026-11-01", "")),
        ];
        let mut all: Vec<(&str, &str)> = files.to_vec();
        all.extend(actions.iter().map(|(p, t)| (*p, t.as_str())));
        let model = model("as_of: 2026-09-30\n", &all, BuildOptions::default());
        let facts = Facts::of(&model);
        let g = compute(&facts).governance;

        assert_eq!(g.actions_open.value, 3);
        assert_eq!(g.actions_open.status, Status::Info);
        let overdue: Vec<(&str, i64)> = g
            .actions_overdue
            .value
            .iter()
            .map(|o| (o.id, o.days_overdue))
            .collect();
        assert_eq!(overdue, [("x3", 29), ("x4", 107)]);
        assert_eq!(g.actions_overdue.status, Status::Breach);
        // Done by the report date: x2 on time, x5 late.
        assert_eq!(g.actions_on_time_share.value, Some(0.5));
        let undeclared: Vec<(&str, Option<String>)> = g
            .interests_undeclared
            .value
            .iter()
            .map(|u| (u.id, u.latest.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            undeclared,
            [("b", Some("2025-09-29".to_string())), ("d", None)]
        );
        assert_eq!(g.interests_undeclared.status, Status::Warn);
        assert_eq!(g.meetings_inquorate.value.len(), 1);
        assert_eq!(g.meetings_inquorate.status, Status::Breach);

        // On 30 June 2026 nothing was done yet: all five of m1's actions were open, and
        // there was no share to give.
        assert_eq!(g.actions_open.previous, Some(Figure::Count(5.0)));
        assert_eq!(g.actions_on_time_share.previous, Some(Figure::Share(None)));

        // The register: an interest ending on the report date is held; one ended the day
        // before is not.
        let register = crate::facts::governance::register(&model);
        let held: Vec<&str> = register[0]
            .held
            .iter()
            .filter_map(|i| i.description.as_ref().map(|d| d.value.as_str()))
            .collect();
        assert_eq!(held, ["Ends on the report date"]);
        assert!(register[2].held.is_empty() && !register[2].undeclared(model.as_of));
    }

    #[test]
    fn overdue_by_ninety_days_is_a_warning() {
        let files = [
            (
                "people/a.yaml",
                "name: A\nprofession: lay\nboard: { role: chair, first_appointed: 2020-01-01 }\ninterests:\n  - { nil: true, declared: 2026-09-01 }\n",
            ),
            (
                "meetings/m1.yaml",
                "date: 2026-06-01\npresent: [a]\nquorate: true\n",
            ),
            // 2026-07-02 to 2026-09-30: exactly 90 days.
            (
                "actions/x.yaml",
                "title: T\nmeeting: m1\nowner: a\ndue: 2026-07-02\n",
            ),
        ];
        let model = model("as_of: 2026-09-30\n", &files, BuildOptions::default());
        let g = compute(&Facts::of(&model)).governance;
        assert_eq!(g.actions_overdue.value[0].days_overdue, 90);
        assert_eq!(g.actions_overdue.status, Status::Warn);
        assert_eq!(g.interests_undeclared.status, Status::Ok);
        assert_eq!(g.meetings_inquorate.status, Status::Ok);
        assert_eq!(g.actions_on_time_share.value, None);
    }

    /// Declared in advance of its start: the declaration counts now, the interest is on
    /// the register only from the day it begins.
    #[test]
    fn an_interest_declared_before_it_begins() {
        let files = [(
            "people/a.yaml",
            "name: A\nprofession: lay\nboard: { role: chair, first_appointed: 2020-01-01 }\ninterests:\n  - { description: Future post, declared: 2026-09-01, from: 2026-11-01 }\n",
        )];
        let model = model("as_of: 2026-09-30\n", &files, BuildOptions::default());
        let g = compute(&Facts::of(&model)).governance;
        assert_eq!(g.interests_undeclared.status, Status::Ok);
        let register = crate::facts::governance::register(&model);
        assert!(register[0].held.is_empty());
        assert_eq!(
            register[0].latest.map(|d| d.to_string()).as_deref(),
            Some("2026-09-01")
        );
    }
}
