//! Clinical leaders' time: people with a job plan, and management time against plan.

use super::{Indicator, Status, area, count, number, percent, plural, share};
use crate::model::Model;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overrun<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub planned: f64,
    pub actual: f64,
    pub excess: f64,
}

area! {
    /// Clinical leaders' time: people with a job plan.
    pub struct Leaders<'m> {
        count: usize = "leaders.count",
        management_share: Option<f64> = "leaders.management_share",
        management_overrun: Vec<Overrun<'m>> = "leaders.management_overrun",
    }
}

pub fn indicators(model: &Model) -> Leaders<'_> {
    let leaders: Vec<_> = model
        .records
        .people
        .values()
        .filter_map(|p| Some((p, p.fields.job_plan.as_ref()?)))
        .collect();
    // Validation guarantees each plan's total is above 0; `share` still refuses a zero.
    let shares: Vec<f64> = leaders
        .iter()
        .filter_map(|(_, plan)| {
            let total = plan.clinical.value + plan.supporting.value + plan.management.value;
            share(plan.management.value, total)
        })
        .collect();
    let mean = share(shares.iter().sum(), shares.len() as f64);
    let overruns: Vec<Overrun> = leaders
        .iter()
        .filter_map(|(person, plan)| {
            let planned = plan.management.value;
            let actual = plan.management_actual.as_ref()?.value;
            (actual > planned).then(|| Overrun {
                id: &person.id,
                name: &person.fields.name.value,
                planned,
                actual,
                excess: actual - planned,
            })
        })
        .collect();
    Leaders {
        count: Indicator::new(
            "Clinical leaders with a job plan",
            leaders.len(),
            Status::Info,
            count(leaders.len()),
        )
        .undated(),
        // Job plans are today's: the records keep no earlier one.
        management_share: Indicator::new(
            "Mean share of job plans given to management",
            mean,
            Status::Info,
            percent(mean),
        )
        .undated(),
        management_overrun: Indicator::new(
            "Leaders spending more management time than planned",
            overruns.clone(),
            Status::if_any(!overruns.is_empty(), Status::Warn),
            plural(overruns.len(), "leader"),
        )
        .with_details(
            overruns
                .iter()
                .map(|o| {
                    format!(
                        "{}: {} PAs planned, {} actual ({} over)",
                        o.id,
                        number(o.planned),
                        number(o.actual),
                        number(o.excess)
                    )
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::get;
    use crate::model::BuildOptions;
    use crate::model::testing::model;
    use serde_json::{Value, json};

    #[test]
    fn management_share_and_overruns() {
        let files = [
            // 2.5 of 10 PAs; 1 PA over plan.
            (
                "people/l1.yaml",
                "name: L1\nprofession: doctor\njob_plan: { clinical: 6, supporting: 1.5, management: 2.5, management_actual: 3.5 }\n",
            ),
            // 2 of 10; no actual recorded.
            (
                "people/l2.yaml",
                "name: L2\nprofession: nurse\njob_plan: { clinical: 8, management: 2 }\n",
            ),
            // 5 of 10; actual equal to plan is not an overrun.
            (
                "people/l3.md",
                "---\nname: L3\nprofession: ahp\njob_plan: { clinical: 4, supporting: 1, management: 5, management_actual: 5 }\n---\nBio.\n",
            ),
            ("people/other.yaml", "name: O\nprofession: manager\n"),
        ];
        let list = indicators(&model(
            "as_of: 2026-09-30\n",
            &files,
            BuildOptions::default(),
        ))
        .entries();
        assert_eq!(get(&list, "leaders.count").value, json!(3));
        let share = get(&list, "leaders.management_share");
        assert_eq!(share.value, json!((0.25 + 0.2 + 0.5) / 3.0));
        assert_eq!(share.summary, "32%");
        let overrun = get(&list, "leaders.management_overrun");
        assert_eq!(
            overrun.value,
            json!([{ "id": "l1", "name": "L1", "planned": 2.5, "actual": 3.5, "excess": 1.0 }])
        );
        assert_eq!(overrun.status, Status::Warn);
        assert_eq!(
            overrun.details,
            ["l1: 2.5 PAs planned, 3.5 actual (1 over)"]
        );
    }

    #[test]
    fn no_leaders() {
        let files = [("people/other.yaml", "name: O\nprofession: manager\n")];
        let list = indicators(&model(
            "as_of: 2026-09-30\n",
            &files,
            BuildOptions::default(),
        ))
        .entries();
        assert_eq!(get(&list, "leaders.count").value, json!(0));
        assert_eq!(get(&list, "leaders.management_share").value, Value::Null);
        assert_eq!(get(&list, "leaders.management_share").summary, "n/a");
        assert_eq!(get(&list, "leaders.management_overrun").status, Status::Ok);
    }
}
