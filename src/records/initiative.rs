//! `initiatives/<id>.md|yaml`: clinical-leadership initiatives.

use super::{Extra, Located, check_id_list, check_repeats, non_empty};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::yaml::Origin;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    pub title: Located<String>,
    pub category: Category,
    pub status: Located<Status>,
    pub rag: Option<Rag>,
    pub lead: Located<String>,
    pub sponsor: Option<Located<String>>,
    pub start: Option<Date>,
    pub due: Option<Located<Date>>,
    pub budget: Option<Located<f64>>,
    pub spent: Option<Located<f64>>,
    pub participants: Option<Participants>,
    pub pairs: Option<u32>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub measures: Vec<Located<String>>,
    /// Free text: tags are labels for readers, not ids.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    PairedLearning,
    Shadowing,
    CliniciansInManagement,
    InformalInteraction,
    JointTraining,
    TimeManagement,
    Delegation,
    Feedback,
    QualityImprovement,
    Other,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Proposed,
    Active,
    Completed,
    Paused,
    Cancelled,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Participants {
    #[serde(default)]
    pub clinicians: u32,
    #[serde(default)]
    pub managers: u32,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub title: Located<String>,
    pub due: Date,
    pub done: Option<Located<Date>>,
}

impl Initiative {
    pub fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        non_empty(&self.title, "title", origin, &mut problems);
        if self.status.value == Status::Active && self.rag.is_none() {
            problems.push(
                origin
                    .error_at(
                        &self.status.location,
                        "an active initiative needs a `rag` rating",
                    )
                    .with_help("add `rag: green`, `rag: amber` or `rag: red`"),
            );
        }
        if let (Some(start), Some(due)) = (self.start, &self.due)
            && due.value < start
        {
            problems.push(origin.error_at(
                &due.location,
                format!("`due` ({}) is before `start` ({start})", due.value),
            ));
        }
        for (field, amount) in [("budget", &self.budget), ("spent", &self.spent)] {
            if let Some(amount) = amount
                && !(amount.value.is_finite()
                    && (0.0..=super::measure::MAX_VALUE).contains(&amount.value))
            {
                problems.push(origin.error_at(
                    &amount.location,
                    format!(
                        "`{field}`: expected an amount from 0 to 1e12, found {}",
                        amount.value
                    ),
                ));
            }
        }
        for milestone in &self.milestones {
            non_empty(&milestone.title, "milestones.title", origin, &mut problems);
        }
        check_id_list(
            std::slice::from_ref(&self.lead),
            "lead",
            "person id",
            origin,
            &mut problems,
        );
        check_id_list(
            self.sponsor.as_slice(),
            "sponsor",
            "person id",
            origin,
            &mut problems,
        );
        check_id_list(
            &self.measures,
            "measures",
            "measure id",
            origin,
            &mut problems,
        );
        check_repeats(&self.measures, "measures", origin, &mut problems);
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ORIGIN, messages, parse_yaml};
    use super::*;

    const BASE: &str = "title: Paired learning\ncategory: paired-learning\nlead: amara-okafor\n";

    fn initiative(rest: &str) -> Initiative {
        parse_yaml::<Initiative>(&format!("{BASE}{rest}")).unwrap()
    }

    #[test]
    fn all_fields() {
        let i = initiative(
            "status: active\nrag: amber\nsponsor: jo-bell\nstart: 2026-01-10\ndue: 2026-12-31\nbudget: 25000\nspent: 12000.5\nparticipants: { clinicians: 12, managers: 12 }\npairs: 6\nmilestones:\n  - { title: Cohort 1 recruited, due: 2026-03-01, done: 2026-02-20 }\n  - { title: Mid-point review, due: 2026-07-01 }\nmeasures: [relationship-tension]\ntags: [workforce, Patient safety]\n",
        );
        assert!(i.check(ORIGIN).is_empty());
        assert_eq!(
            (i.category, i.status.value, i.rag),
            (Category::PairedLearning, Status::Active, Some(Rag::Amber))
        );
        assert_eq!(i.participants.unwrap().managers, 12);
        assert_eq!(i.milestones[1].done, None);
        assert_eq!(i.spent.unwrap().value, 12000.5);
    }

    #[test]
    fn optional_parts_default() {
        let i = initiative("status: completed\nrag: green\nparticipants: { clinicians: 4 }\n");
        assert!(i.check(ORIGIN).is_empty());
        let participants = i.participants.unwrap();
        assert_eq!((participants.clinicians, participants.managers), (4, 0));
        assert!(i.milestones.is_empty() && i.measures.is_empty() && i.tags.is_empty());
    }

    /// A measure listed twice is a warning at the repeat: it was shown and exported twice.
    #[test]
    fn a_measure_listed_twice() {
        let i = initiative("status: proposed\nmeasures: [a, b, a, a]\n");
        let found = i.check(ORIGIN);
        assert!(found.iter().all(|p| !p.is_error()), "{found:?}");
        assert_eq!(
            messages(&found),
            [
                "5:18: `measures`: `a` is listed twice",
                "5:21: `measures`: `a` is listed twice"
            ]
        );
    }

    #[test]
    fn active_needs_rag() {
        let i = initiative("status: active\n");
        assert_eq!(
            messages(&i.check(ORIGIN)),
            ["4:9: an active initiative needs a `rag` rating"]
        );
        assert!(initiative("status: proposed\n").check(ORIGIN).is_empty());
    }

    #[test]
    fn dates_amounts_and_ids() {
        let i = initiative(
            "status: paused\nstart: 2026-05-01\ndue: 2026-04-01\nbudget: -5\nsponsor: Jo Bell\nmeasures: [ok, Not OK]\nmilestones:\n  - { title: '', due: 2026-03-01 }\n",
        );
        assert_eq!(
            messages(&i.check(ORIGIN)),
            [
                "6:6: `due` (2026-04-01) is before `start` (2026-05-01)",
                "7:9: `budget`: expected an amount from 0 to 1e12, found -5",
                "11:14: `milestones.title` is empty",
                "8:10: `sponsor`: `Jo Bell` is not a valid person id",
                "9:16: `measures`: `Not OK` is not a valid measure id",
            ]
        );
    }

    #[test]
    fn enums_list_allowed_values() {
        let d =
            parse_yaml::<Initiative>("title: x\ncategory: shadowing\nstatus: on-hold\nlead: a\n")
                .unwrap_err();
        assert_eq!(d.message, "`status` has an unknown value `on-hold`");
        assert_eq!(
            d.help.as_deref(),
            Some("expected `proposed`, `active`, `completed`, `paused` or `cancelled`")
        );
        let d =
            parse_yaml::<Initiative>("title: x\ncategory: mentoring\nstatus: active\nlead: a\n")
                .unwrap_err();
        assert!(
            d.help
                .unwrap()
                .contains("`paired-learning`, `shadowing`, `clinicians-in-management`")
        );
        let d = parse_yaml::<Initiative>(
            "title: x\ncategory: shadowing\nstatus: active\nrag: Green\nlead: a\n",
        )
        .unwrap_err();
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `green`? (expected `green`, `amber` or `red`)")
        );
        let d = parse_yaml::<Initiative>("title: x\ncategory: shadowing\nstatus: active\nlead: a\nmilestones:\n  - { title: m }\n").unwrap_err();
        assert_eq!(
            messages(&[d]),
            ["6:7: missing required field `due` in `milestones`"]
        );
    }
}
