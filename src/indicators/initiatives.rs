//! Clinical-leadership initiatives: status, RAG, milestones, budget and participants.

use super::{Indicator, Status, area, budget_percent, count, count_share, percent, plural, share};
use crate::date::Date;
use crate::facts;
use crate::model::Model;
use crate::records::initiative::{Category, Rag, Status as Stage};
use crate::records::keyword;
use crate::style::pence;
use serde::Serialize;
use std::collections::BTreeMap;

const STAGES: [Stage; 5] = [
    Stage::Proposed,
    Stage::Active,
    Stage::Completed,
    Stage::Paused,
    Stage::Cancelled,
];

const RAGS: [Rag; 3] = [Rag::Green, Rag::Amber, Rag::Red];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overdue<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub due: Date,
    pub days_overdue: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Budget {
    pub budget: f64,
    pub spent: f64,
    /// (spent - budget) / budget; null with no budget.
    pub variance: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Participants {
    pub clinicians: u64,
    pub managers: u64,
    pub pairs: u64,
}

impl super::IndicatorValue for Budget {}
impl super::IndicatorValue for Participants {}

/// Counts by the record's word for each value (`active`), sorted by the word.
pub type Counts = BTreeMap<String, usize>;

area! {
    /// Clinical-leadership initiatives.
    pub struct Initiatives<'m> {
        count: usize = "initiatives.count",
        by_status: Counts = "initiatives.by_status",
        by_category: Counts = "initiatives.by_category",
        by_rag: Counts = "initiatives.by_rag",
        on_track_share: Option<f64> = "initiatives.on_track_share",
        overdue_milestones: Vec<Overdue<'m>> = "initiatives.overdue_milestones",
        overdue: Vec<Overdue<'m>> = "initiatives.overdue",
        budget: Budget = "initiatives.budget",
        participants: Participants = "initiatives.participants",
    }
}

/// Counts keyed by the record's word for each value, in the order given (the JSON object
/// sorts its keys; the summary keeps this order).
fn counts<T: Serialize>(entries: impl IntoIterator<Item = (T, usize)>) -> Vec<(String, usize)> {
    entries
        .into_iter()
        .map(|(key, n)| (keyword(&key), n))
        .collect()
}

fn object(counts: &[(String, usize)]) -> Counts {
    counts.iter().cloned().collect()
}

fn describe(counts: &[(String, usize)]) -> String {
    counts
        .iter()
        .map(|(key, n)| format!("{key} {}", count(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn indicators(model: &Model) -> Initiatives<'_> {
    let as_of = model.as_of;
    let style = model.style();
    let all: Vec<(&str, &crate::records::Initiative)> = model
        .records
        .initiatives
        .values()
        .map(|r| (&*r.id, &*r.fields))
        .collect();
    let active: Vec<_> = all
        .iter()
        .filter(|(_, i)| i.status.value == Stage::Active)
        .collect();

    let by_status = counts(STAGES.iter().map(|&stage| {
        (
            stage,
            all.iter().filter(|(_, i)| i.status.value == stage).count(),
        )
    }));
    let mut categories: BTreeMap<Category, usize> = BTreeMap::new();
    for (_, initiative) in &all {
        *categories.entry(initiative.category).or_default() += 1;
    }
    // Sorted by their word, as every list in the data is.
    let mut by_category = counts(categories);
    by_category.sort();
    let rag_count = |rag: Rag| active.iter().filter(|(_, i)| i.rag == Some(rag)).count();
    let by_rag = counts(RAGS.iter().map(|&rag| (rag, rag_count(rag))));
    let reds = rag_count(Rag::Red);
    let green = rag_count(Rag::Green);
    let on_track = count_share(green, active.len());

    let mut milestones: Vec<Overdue> = all
        .iter()
        .flat_map(|(id, initiative)| {
            initiative.milestones.iter().filter_map(|m| {
                Some(Overdue {
                    id,
                    title: &m.title.value,
                    due: m.due,
                    days_overdue: facts::milestone_overdue(m, as_of)?,
                })
            })
        })
        .collect();
    milestones.sort_by(|a, b| (a.id, a.due, a.title).cmp(&(b.id, b.due, b.title)));
    let overdue: Vec<Overdue> = active
        .iter()
        .filter_map(|(id, initiative)| {
            Some(Overdue {
                id,
                title: &initiative.title.value,
                due: initiative.due.as_ref()?.value,
                days_overdue: facts::initiative_overdue(initiative, as_of)?,
            })
        })
        .collect();

    // Summed in pence, exactly: sums of 150.15 and 100.10 are not exact in floating point.
    let sum = |amount: fn(&crate::records::Initiative) -> Option<f64>| -> i64 {
        all.iter()
            .filter_map(|(_, i)| amount(i))
            .map(pence)
            .fold(0, i64::saturating_add)
    };
    let budgeted = sum(|i| i.budget.as_ref().map(|b| b.value));
    let spent = sum(|i| i.spent.as_ref().map(|s| s.value));
    let budget = Budget {
        budget: budgeted as f64 / 100.0,
        spent: spent as f64 / 100.0,
        variance: share((spent - budgeted) as f64, budgeted as f64),
    };

    let participants = Participants {
        clinicians: all
            .iter()
            .filter_map(|(_, i)| i.participants)
            .map(|p| u64::from(p.clinicians))
            .sum(),
        managers: all
            .iter()
            .filter_map(|(_, i)| i.participants)
            .map(|p| u64::from(p.managers))
            .sum(),
        pairs: all.iter().filter_map(|(_, i)| i.pairs).map(u64::from).sum(),
    };

    let overdue_line = |o: &Overdue| {
        format!(
            "{}: {} due {} ({} overdue)",
            o.id,
            o.title,
            o.due,
            plural(o.days_overdue as usize, "day")
        )
    };
    Initiatives {
        // What an initiative is today (its status, its RAG rating) is not dated, and one
        // added since the last quarter end need not have a start date.
        count: Indicator::new("Initiatives", all.len(), Status::Info, count(all.len())).undated(),
        by_status: Indicator::new(
            "Initiatives by status",
            object(&by_status),
            Status::Info,
            describe(&by_status),
        ),
        by_category: Indicator::new(
            "Initiatives by category",
            object(&by_category),
            Status::Info,
            describe(&by_category),
        ),
        by_rag: Indicator::new(
            "Active initiatives by RAG rating",
            object(&by_rag),
            Status::if_any(reds > 0, Status::Warn),
            describe(&by_rag),
        ),
        on_track_share: Indicator::new(
            "Active initiatives rated green",
            on_track,
            Status::Info,
            format!(
                "{} ({} of {})",
                percent(on_track),
                count(green),
                count(active.len())
            ),
        )
        .undated(),
        overdue_milestones: Indicator::new(
            "Milestones past their due date and not done",
            milestones.clone(),
            Status::if_any(!milestones.is_empty(), Status::Warn),
            plural(milestones.len(), "milestone"),
        )
        .with_details(milestones.iter().map(overdue_line).collect()),
        overdue: Indicator::new(
            "Active initiatives past their due date",
            overdue.clone(),
            Status::if_any(!overdue.is_empty(), Status::Warn),
            plural(overdue.len(), "initiative"),
        )
        .with_details(overdue.iter().map(overdue_line).collect()),
        budget: Indicator::new(
            "Budget and spend",
            budget,
            Status::if_any(spent > budgeted, Status::Warn),
            format!(
                "spent {} of {} ({})",
                style.money(budget.spent),
                style.money(budget.budget),
                match budget.variance {
                    Some(v) if v > 0.0 => format!("{} over", budget_percent(v)),
                    // Spent to the penny: "-0% under" before.
                    Some(0.0) => "on budget".into(),
                    Some(v) => format!("{} under", budget_percent(-v)),
                    None => "no budget".into(),
                }
            ),
        ),
        participants: Indicator::new("Initiative participants", participants, Status::Info, {
            // "1 pair", not "1 pairs".
            let many = |n: u64, word| plural(usize::try_from(n).unwrap_or(usize::MAX), word);
            format!(
                "{}, {}, {}",
                many(participants.clinicians, "clinician"),
                many(participants.managers, "manager"),
                many(participants.pairs, "pair")
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Entry;
    use crate::indicators::get;
    use crate::model::BuildOptions;
    use crate::model::testing::model;
    use serde_json::json;

    const FILES: [(&str, &str); 7] = [
        ("people/lead.yaml", "name: Lead\nprofession: doctor\n"),
        (
            "initiatives/i-a.md",
            "---\ntitle: Paired learning\ncategory: paired-learning\nstatus: active\nrag: green\nlead: lead\ndue: 2026-12-31\nbudget: 25000\nspent: 12000\nparticipants: { clinicians: 12, managers: 12 }\npairs: 6\nmilestones:\n  - { title: Cohort 1, due: 2026-03-01, done: 2026-02-20 }\n  - { title: Mid-point review, due: 2026-07-01 }\n---\nText.\n",
        ),
        // Due the day before the report date; over budget on its own; a milestone due on the
        // report date is not yet overdue.
        (
            "initiatives/i-b.yaml",
            "title: Shadowing\ncategory: shadowing\nstatus: active\nrag: red\nlead: lead\ndue: 2026-09-29\nbudget: 10000\nspent: 11000\nparticipants: { clinicians: 5 }\nmilestones:\n  - { title: Report, due: 2026-09-30 }\n",
        ),
        // Due on the report date: not overdue. Spending with no budget.
        (
            "initiatives/i-c.yaml",
            "title: Second cohort\ncategory: paired-learning\nstatus: active\nrag: amber\nlead: lead\ndue: 2026-09-30\nspent: 500\npairs: 2\n",
        ),
        // Completed: past due is not overdue, but an undone milestone still is.
        (
            "initiatives/i-d.yaml",
            "title: Joint training\ncategory: joint-training\nstatus: completed\nrag: green\nlead: lead\ndue: 2026-01-01\nbudget: 5000\nspent: 4000\nmilestones:\n  - { title: Evaluation, due: 2025-12-01 }\n",
        ),
        (
            "initiatives/i-e.yaml",
            "title: Idea\ncategory: other\nstatus: proposed\nlead: lead\n",
        ),
        (
            "initiatives/secret.yaml",
            "title: Secret\ncategory: other\nstatus: active\nrag: red\nlead: lead\nbudget: 1000000\nconfidential: true\n",
        ),
    ];

    fn compute(options: BuildOptions) -> Vec<Entry> {
        indicators(&model("as_of: 2026-09-30\n", &FILES, options)).entries()
    }

    /// The indicators of a project of `files`, built with the default options.
    fn entries_of(files: &[(&str, &str)]) -> Vec<Entry> {
        indicators(&model(
            "as_of: 2026-09-30\n",
            files,
            BuildOptions::default(),
        ))
        .entries()
    }

    /// Spending to the penny is "on budget", whatever floating point makes of the sums
    /// (150.15 + 150.15 against 100.10 + 200.20 came out a hair over: a warning).
    #[test]
    fn spending_to_the_penny_is_on_budget() {
        let files = [
            ("people/lead.yaml", "name: Lead\nprofession: doctor\n"),
            (
                "initiatives/a.yaml",
                "title: A\ncategory: other\nstatus: active\nrag: green\nlead: lead\nbudget: 150.15\nspent: 100.10\n",
            ),
            (
                "initiatives/b.yaml",
                "title: B\ncategory: other\nstatus: active\nrag: green\nlead: lead\nbudget: 150.15\nspent: 200.20\n",
            ),
        ];
        let list = entries_of(&files);
        let budget = get(&list, "initiatives.budget");
        assert_eq!(budget.status, Status::Ok);
        assert!(
            budget.summary.ends_with("(on budget)"),
            "{}",
            budget.summary
        );
        assert_eq!(budget.value["variance"], json!(0.0));
        assert_eq!(budget.value["budget"], json!(300.3));
    }

    /// An overspend of pence is shown in pence and never as "0% over".
    #[test]
    fn an_overspend_of_pence_is_shown_as_one() {
        let files = [
            ("people/lead.yaml", "name: Lead\nprofession: doctor\n"),
            (
                "initiatives/a.yaml",
                "title: A\ncategory: other\nstatus: active\nrag: green\nlead: lead\nbudget: 100.40\nspent: 100.45\n",
            ),
        ];
        let list = entries_of(&files);
        let budget = get(&list, "initiatives.budget");
        assert_eq!(budget.status, Status::Warn);
        assert_eq!(
            budget.summary,
            "spent £100.45 of £100.40 (less than 1% over)"
        );
    }

    #[test]
    fn counts_by_status_category_and_rag() {
        let list = compute(BuildOptions::default());
        assert_eq!(get(&list, "initiatives.count").value, json!(5));
        assert_eq!(
            get(&list, "initiatives.by_status").value,
            json!({ "proposed": 1, "active": 3, "completed": 1, "paused": 0, "cancelled": 0 })
        );
        assert_eq!(
            get(&list, "initiatives.by_category").value,
            json!({ "joint-training": 1, "other": 1, "paired-learning": 2, "shadowing": 1 })
        );
        let rag = get(&list, "initiatives.by_rag");
        // Active only: the completed green one is not counted.
        assert_eq!(rag.value, json!({ "green": 1, "amber": 1, "red": 1 }));
        assert_eq!(rag.status, Status::Warn);
        assert_eq!(
            get(&list, "initiatives.on_track_share").value,
            json!(1.0 / 3.0)
        );
    }

    #[test]
    fn overdue_milestones_and_initiatives() {
        let list = compute(BuildOptions::default());
        let milestones = get(&list, "initiatives.overdue_milestones");
        assert_eq!(
            milestones.value,
            json!([
                { "id": "i-a", "title": "Mid-point review", "due": "2026-07-01", "days_overdue": 91 },
                { "id": "i-d", "title": "Evaluation", "due": "2025-12-01", "days_overdue": 303 },
            ])
        );
        assert_eq!(milestones.status, Status::Warn);
        let overdue = get(&list, "initiatives.overdue");
        assert_eq!(
            overdue.value,
            json!([{ "id": "i-b", "title": "Shadowing", "due": "2026-09-29", "days_overdue": 1 }])
        );
        assert_eq!(
            overdue.details,
            ["i-b: Shadowing due 2026-09-29 (1 day overdue)"]
        );
    }

    #[test]
    fn budget_and_participants() {
        let list = compute(BuildOptions::default());
        let budget = get(&list, "initiatives.budget");
        // 25,000 + 10,000 + 5,000 budgeted; 12,000 + 11,000 + 500 + 4,000 spent.
        assert_eq!(
            budget.value,
            json!({ "budget": 40000.0, "spent": 27500.0, "variance": -0.3125 })
        );
        assert_eq!(budget.status, Status::Ok);
        assert_eq!(budget.summary, "spent £27,500 of £40,000 (31% under)");
        assert_eq!(
            get(&list, "initiatives.participants").value,
            json!({ "clinicians": 17, "managers": 12, "pairs": 8 })
        );
        // With no budget anywhere the sums are 0, not -0 (which the exports wrote as `-0.0`).
        let none = indicators(&model(
            "as_of: 2026-09-30\n",
            &[
                FILES[0],
                (
                    "initiatives/x.md",
                    "---\ntitle: X\ncategory: other\nstatus: proposed\nlead: lead\n---\nText.\n",
                ),
            ],
            BuildOptions::default(),
        ))
        .entries();
        let none = get(&none, "initiatives.budget");
        assert_eq!(
            none.value.to_string(),
            r#"{"budget":0.0,"spent":0.0,"variance":null}"#
        );
    }

    #[test]
    fn confidential_initiatives_count_only_when_included() {
        let list = compute(BuildOptions {
            confidential: true,
            ..BuildOptions::default()
        });
        assert_eq!(get(&list, "initiatives.count").value, json!(6));
        assert_eq!(
            get(&list, "initiatives.by_rag").value,
            json!({ "green": 1, "amber": 1, "red": 2 })
        );
        assert_eq!(
            get(&list, "initiatives.budget").value["budget"],
            json!(1040000.0)
        );
    }

    #[test]
    fn no_budget_and_no_active_initiatives() {
        let files = [
            FILES[0],
            (
                "initiatives/x.yaml",
                "title: X\ncategory: other\nstatus: paused\nlead: lead\nspent: 100\n",
            ),
        ];
        let list = entries_of(&files);
        let budget = get(&list, "initiatives.budget");
        assert_eq!(
            budget.value,
            json!({ "budget": 0.0, "spent": 100.0, "variance": null })
        );
        assert_eq!(budget.status, Status::Warn);
        assert_eq!(
            get(&list, "initiatives.on_track_share").value,
            serde_json::Value::Null
        );
        assert_eq!(
            get(&list, "initiatives.on_track_share").summary,
            "n/a (0 of 0)"
        );
        assert_eq!(
            get(&list, "initiatives.by_rag").value,
            json!({ "green": 0, "amber": 0, "red": 0 })
        );
        assert_eq!(get(&list, "initiatives.by_rag").status, Status::Ok);
    }
}
