//! The clinician-manager relationship survey: the latest one, and the change since the one
//! before it, beside the national IHM reference.

use super::{Indicator, Status, area, percent, share};
use crate::model::Model;
use crate::records::{self, Record};
use serde::Serialize;

/// The IHM survey of managers (FORMAT.md): the national reference for each share.
pub const IHM_TENSION: f64 = 0.74;
pub const IHM_UNRESOLVED: f64 = 0.14;
pub const IHM_PESSIMISM: f64 = 0.73;

/// The three shares of one survey; None where there is nothing to divide by.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shares {
    pub tension_share: Option<f64>,
    pub unresolved_share: Option<f64>,
    pub pessimism_share: Option<f64>,
}

impl Shares {
    pub fn of(survey: &records::Survey) -> Shares {
        let answers = survey.relationship.value;
        let respondents = f64::from(survey.respondents.value);
        let tensions = f64::from(answers.partnership_with_tensions)
            + f64::from(answers.tolerance_with_frequent_tensions);
        let pessimism = survey.outlook.as_ref().and_then(|o| {
            let o = o.value;
            share(f64::from(o.same) + f64::from(o.worse), o.total() as f64)
        });
        Shares {
            tension_share: share(tensions, respondents),
            unresolved_share: share(
                f64::from(answers.persistent_unresolved_tensions),
                respondents,
            ),
            pessimism_share: pessimism,
        }
    }
}

/// Surveys in date order (id breaks a tie), so the last is the latest.
pub fn by_date(model: &Model) -> Vec<&Record<records::Survey>> {
    in_date_order(model.records.surveys.values())
}

/// `surveys` in date order (id breaks a tie), so the last is the latest.
pub fn in_date_order<'m>(
    surveys: impl Iterator<Item = &'m Record<records::Survey>>,
) -> Vec<&'m Record<records::Survey>> {
    let mut surveys: Vec<_> = surveys.collect();
    surveys.sort_by(|a, b| (a.fields.date.value, &a.id).cmp(&(b.fields.date.value, &b.id)));
    surveys
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<'a> {
    /// The survey compared against.
    pub previous: &'a str,
    /// Percentage points, latest minus previous.
    pub tension_share: Option<f64>,
    pub unresolved_share: Option<f64>,
    pub pessimism_share: Option<f64>,
}

impl super::NotAShare for Change<'_> {}

area! {
    /// The clinician-manager relationship survey: the latest one, and the change since the
    /// one before it.
    pub struct Survey<'m> {
        tension_share: Option<f64> = "survey.tension_share",
        unresolved_share: Option<f64> = "survey.unresolved_share",
        pessimism_share: Option<f64> = "survey.pessimism_share",
        change: Option<Change<'m>> = "survey.change",
    }
}

fn points(latest: Option<f64>, previous: Option<f64>) -> Option<f64> {
    Some((latest? - previous?) * 100.0)
}

/// "up 13 points", "down 3 points", "no change", in words a board reads: the change
/// between the whole percentages the two surveys' pages show, so "50%" beside "50%" is
/// never "down 1 point".
fn moved(name: &str, latest: Option<f64>, previous: Option<f64>) -> String {
    let points = latest
        .zip(previous)
        .map(|(latest, previous)| super::whole_percent(latest) - super::whole_percent(previous));
    match points {
        Some(p) if p > 0.0 => format!("{name} up {}", super::plural(p as usize, "point")),
        Some(p) if p < 0.0 => format!("{name} down {}", super::plural((-p) as usize, "point")),
        Some(_) => format!("{name} no change"),
        None => format!("{name} n/a"),
    }
}

pub fn indicators(model: &Model) -> Survey<'_> {
    let surveys = by_date(model);
    let latest = surveys.last().map(|s| (s, Shares::of(&s.fields)));
    let previous = surveys
        .len()
        .checked_sub(2)
        .map(|i| (surveys[i], Shares::of(&surveys[i].fields)));
    let shares = latest.map(|(_, s)| s);
    let of_latest = |pick: fn(&Shares) -> Option<f64>| shares.as_ref().and_then(pick);
    let which = latest.map_or(String::new(), |(s, _)| {
        format!(
            " ({}, {})",
            s.fields.title.value,
            model.style().date(s.fields.date.value)
        )
    });
    let change = match (latest, previous) {
        (Some((_, now)), Some((before, then))) => Some(Change {
            previous: &before.id,
            tension_share: points(now.tension_share, then.tension_share),
            unresolved_share: points(now.unresolved_share, then.unresolved_share),
            pessimism_share: points(now.pessimism_share, then.pessimism_share),
        }),
        _ => None,
    };
    let share_indicator = |label: &str, pick: fn(&Shares) -> Option<f64>, reference: f64| {
        let value = of_latest(pick);
        Indicator::new(
            format!("{label} (IHM national: {})", percent(Some(reference))),
            value,
            Status::Info,
            format!("{}{which}", percent(value)),
        )
    };
    let summary = match (&latest, previous) {
        (Some((_, now)), Some((before, then))) => format!(
            "{}, {}, {} since {} ({})",
            moved("with tensions", now.tension_share, then.tension_share),
            moved("unresolved", now.unresolved_share, then.unresolved_share),
            moved(
                "expecting the same or worse",
                now.pessimism_share,
                then.pessimism_share
            ),
            before.fields.title.value,
            model.style().date(before.fields.date.value)
        ),
        _ => "n/a (no previous survey)".into(),
    };
    Survey {
        tension_share: share_indicator(
            "Relationship with tensions",
            |s| s.tension_share,
            IHM_TENSION,
        ),
        unresolved_share: share_indicator(
            "Persistent unresolved tensions",
            |s| s.unresolved_share,
            IHM_UNRESOLVED,
        ),
        pessimism_share: share_indicator(
            "Expecting the relationship to stay the same or get worse",
            |s| s.pessimism_share,
            IHM_PESSIMISM,
        ),
        change: Indicator::new(
            "Change since the previous survey, in percentage points",
            change,
            Status::Info,
            summary,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Entry;
    use crate::indicators::get;
    use crate::model::BuildOptions;
    use crate::model::testing::model;
    use serde_json::{Value, json};

    const EARLIER: (&str, &str) = (
        "surveys/s2025.yaml",
        "title: Survey 2025\ndate: 2025-06-30\nrespondents: 100\nrelationship: { partnership: 30, partnership-with-tensions: 40, tolerance-with-frequent-tensions: 20, persistent-unresolved-tensions: 10 }\noutlook: { better: 50, same: 30, worse: 20 }\n",
    );
    const LATEST: (&str, &str) = (
        "surveys/s2026.yaml",
        "title: Survey 2026\ndate: 2026-06-30\nrespondents: 143\nrelationship: { partnership: 20, partnership-with-tensions: 60, tolerance-with-frequent-tensions: 45, persistent-unresolved-tensions: 18 }\noutlook: { better: 30, same: 70, worse: 43 }\n",
    );

    fn compute(files: &[(&str, &str)]) -> Vec<Entry> {
        indicators(&model(
            "as_of: 2026-09-30\n",
            files,
            BuildOptions::default(),
        ))
        .entries()
    }

    #[test]
    fn latest_survey_and_change_against_the_previous() {
        // Listed latest first: the order of files must not matter, only dates.
        let list = compute(&[LATEST, EARLIER]);
        let tension = get(&list, "survey.tension_share");
        assert_eq!(tension.value, json!(105.0 / 143.0));
        assert_eq!(tension.summary, "73% (Survey 2026, 30 June 2026)");
        assert!(
            tension.label.contains("IHM national: 74%"),
            "{}",
            tension.label
        );
        assert_eq!(
            get(&list, "survey.unresolved_share").value,
            json!(18.0 / 143.0)
        );
        assert_eq!(
            get(&list, "survey.pessimism_share").value,
            json!(113.0 / 143.0)
        );
        let change = get(&list, "survey.change");
        assert_eq!(
            change.value,
            json!({
                "previous": "s2025",
                "tension_share": (105.0 / 143.0 - 0.6) * 100.0,
                "unresolved_share": (18.0 / 143.0 - 0.1) * 100.0,
                "pessimism_share": (113.0 / 143.0 - 0.5) * 100.0,
            })
        );
        // 73.4 - 60 = +13.4; 12.6 - 10 = +2.6; 79.0 - 50 = +29.0.
        assert_eq!(
            change.summary,
            "with tensions up 13 points, unresolved up 3 points, expecting the same or worse up 29 points since Survey 2025 (30 June 2025)"
        );
    }

    /// The words compare the percentages the pages show, not the fractions behind them.
    #[test]
    fn the_change_in_words_is_between_the_shown_percentages() {
        let survey = |file: &'static str, date: &str, tensions: u32, unresolved: u32| {
            let text = format!(
                "title: {file}\ndate: {date}\nrespondents: 250\nrelationship: {{ partnership: {}, partnership-with-tensions: {tensions}, tolerance-with-frequent-tensions: 0, persistent-unresolved-tensions: {unresolved} }}\noutlook: {{ better: 50, same: 50, worse: 0 }}\n",
                250 - tensions - unresolved
            );
            (format!("surveys/{file}.yaml"), text)
        };
        // 50.4% then 49.6%: both "50%". 14.4% ("14%") then 14.8% ("15%").
        let before = survey("before", "2025-06-30", 126, 36);
        let after = survey("after", "2026-06-30", 124, 37);
        let list = compute(&[
            (before.0.as_str(), before.1.as_str()),
            (after.0.as_str(), after.1.as_str()),
        ]);
        let tension = get(&list, "survey.tension_share");
        assert_eq!(tension.summary, "50% (after, 30 June 2026)");
        assert_eq!(
            get(&list, "survey.change").summary,
            "with tensions no change, unresolved up 1 point, expecting the same or worse no change since before (30 June 2025)"
        );
    }

    #[test]
    fn a_survey_with_no_previous_one() {
        let list = compute(&[LATEST]);
        assert_eq!(
            get(&list, "survey.tension_share").value,
            json!(105.0 / 143.0)
        );
        let change = get(&list, "survey.change");
        assert_eq!(change.value, Value::Null);
        assert_eq!(change.summary, "n/a (no previous survey)");
    }

    #[test]
    fn no_outlook_and_no_respondents_give_nulls() {
        let empty = (
            "surveys/empty.yaml",
            "title: Empty\ndate: 2026-08-01\nrespondents: 0\nrelationship: { partnership: 0, partnership-with-tensions: 0, tolerance-with-frequent-tensions: 0, persistent-unresolved-tensions: 0 }\n",
        );
        let list = compute(&[LATEST, empty]);
        for id in [
            "survey.tension_share",
            "survey.unresolved_share",
            "survey.pessimism_share",
        ] {
            assert_eq!(get(&list, id).value, Value::Null, "{id}");
        }
        assert_eq!(
            get(&list, "survey.change").value,
            json!({ "previous": "s2026", "tension_share": null, "unresolved_share": null, "pessimism_share": null })
        );
    }

    #[test]
    fn surveys_on_one_date_are_ordered_by_id() {
        let twin = (
            "surveys/s2026-b.yaml",
            "title: Twin\ndate: 2026-06-30\nrespondents: 1\nrelationship: { partnership: 1, partnership-with-tensions: 0, tolerance-with-frequent-tensions: 0, persistent-unresolved-tensions: 0 }\n",
        );
        let list = compute(&[twin, LATEST]);
        // s2026-b sorts after s2026: it is the latest, s2026 the previous.
        assert_eq!(get(&list, "survey.tension_share").value, json!(0.0));
        assert_eq!(
            get(&list, "survey.change").value["previous"],
            json!("s2026")
        );
    }

    #[test]
    fn no_survey_at_all() {
        let list = compute(&[("people/p.yaml", "name: P\nprofession: lay\n")]);
        assert_eq!(get(&list, "survey.tension_share").value, Value::Null);
        assert_eq!(get(&list, "survey.tension_share").summary, "n/a");
        assert_eq!(get(&list, "survey.change").value, Value::Null);
    }
}
