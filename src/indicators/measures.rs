//! Measures: each one's Making Data Count chart ([`crate::spc`]) summed up as an indicator.

use super::{Indicator, Status, number};
use crate::date::Period;
use crate::facts::Facts;
use crate::records::Measure;
use crate::spc::{self, Assurance, Chart, Variation};
use serde::Serialize;

/// A measure's status (INDICATORS.md v2), from both icons, the worse winning: a special
/// cause of concern, or a target consistently missed while not improving, is a breach; a
/// target hit and missed, or missed while improving, needs attention; improvement or a
/// target consistently met is ok; anything else is for information.
pub fn status(chart: &Chart) -> Status {
    let improving = chart.variation.is_some_and(Variation::is_improvement);
    let by_variation = match chart.variation {
        Some(v) if v.is_concern() => Status::Breach,
        Some(v) if v.is_improvement() => Status::Ok,
        _ => Status::Info,
    };
    let by_assurance = match chart.assurance {
        Some(Assurance::Fail) if improving => Status::Warn,
        Some(Assurance::Fail) => Status::Breach,
        Some(Assurance::HitOrMiss) => Status::Warn,
        Some(Assurance::Pass) => Status::Ok,
        None => Status::Info,
    };
    by_variation.worst(by_assurance)
}

/// `measures.<id>`: the latest point and the chart's lines and icons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The latest point that is not a ghost.
    pub latest: Option<f64>,
    pub period: Option<Period>,
    /// Mean of the latest point's partition (also on a run chart).
    pub mean: Option<f64>,
    pub upper: Option<f64>,
    pub lower: Option<f64>,
    pub variation: Option<&'static str>,
    pub assurance: Option<&'static str>,
    /// The target in force at the latest point.
    pub target: Option<f64>,
}

/// One measure's indicator, under `measures.<id>`.
pub struct MeasureIndicator<'m> {
    pub id: &'m str,
    pub indicator: Indicator<Summary>,
    /// The latest value and its period as of the last quarter end before the report date.
    pub previous: Option<(f64, Period)>,
}

impl super::IndicatorValue for Summary {}

fn summarise(measure: &Measure, chart: &Chart) -> Summary {
    let latest = chart.latest();
    let limits = chart.latest_limits();
    let mean = chart.latest_mean();
    Summary {
        latest: latest.map(|(_, p)| p.value),
        period: latest
            .and_then(|(i, _)| measure.points.value.get(i))
            .map(|p| p.period.value),
        mean,
        upper: limits.map(|l| l.upper),
        lower: limits.map(|l| l.lower),
        variation: chart.variation.map(Variation::id),
        assurance: chart.assurance.map(spc::Assurance::id),
        target: chart.target(),
    }
}

/// A value and its unit as people read them, the unit after the value (FORMAT.md): `54%`,
/// `24 hours`.
pub fn with_unit(value: f64, unit: Option<&str>) -> String {
    unit_after(number(value), unit)
}

/// A number's text followed by its unit: symbols sit against the number ("54%"), words
/// are spaced ("24 hours").
pub fn unit_after(value: String, unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        None | Some("") => value,
        Some(unit) if unit.starts_with(|c: char| c.is_alphanumeric()) => format!("{value} {unit}"),
        Some(unit) => format!("{value}{unit}"),
    }
}

pub fn indicators<'m>(facts: &Facts<'m>) -> Vec<MeasureIndicator<'m>> {
    facts
        .model
        .records
        .measures
        .values()
        .filter_map(|record| {
            let measure = &record.fields;
            let chart = facts.chart(&record.id)?;
            let summary = summarise(measure, chart);
            let mut text = match (summary.latest, summary.period) {
                (Some(value), Some(period)) => {
                    format!("{} ({period})", with_unit(value, measure.unit.as_deref()))
                }
                _ => "no counted point".into(),
            };
            if chart.run_chart {
                text.push_str(", run chart");
            }
            for icon in [summary.variation, summary.assurance].into_iter().flatten() {
                text.push_str(", ");
                text.push_str(icon);
            }
            Some(MeasureIndicator {
                previous: None,
                id: &record.id,
                indicator: Indicator::new(
                    measure.title.value.clone(),
                    summary,
                    status(chart),
                    text,
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Entry;
    use crate::model::BuildOptions;
    use crate::model::testing::model;
    use serde_json::Value;

    fn points(values: &[f64]) -> String {
        let mut text = String::from("points:\n");
        for (i, value) in values.iter().enumerate() {
            text.push_str(&format!(
                "  - {{ period: {}-{:02}, value: {value} }}\n",
                2025 + i / 12,
                i % 12 + 1
            ));
        }
        text
    }

    fn compute(files: &[(&str, &str)]) -> Vec<Entry> {
        let model = model("as_of: 2026-09-30\n", files, BuildOptions::default());
        indicators(&Facts::of(&model))
            .iter()
            .map(|m| m.indicator.entry(format!("measures.{}", m.id)))
            .collect::<Vec<_>>()
    }

    fn close(value: &Value, expected: f64) {
        let found = value.as_f64().unwrap_or(f64::NAN);
        assert!((found - expected).abs() < 1e-9, "{found} != {expected}");
    }

    #[test]
    fn a_special_cause_of_concern_is_a_breach() {
        // Seven pairs of 10, 12, then 30. Mean 184/15; moving ranges: thirteen of 2 and one
        // of 18, so 44/14 = 22/7. Upper limit 184/15 + 2.66 * 22/7 = 20.63: 30 is beyond it.
        let mut values: Vec<f64> = [10.0, 12.0].repeat(7);
        values.push(30.0);
        let text = format!(
            "title: Waiting\nunit: days\nimprovement: down\ntarget: 50\n{}",
            points(&values)
        );
        let list = compute(&[("measures/wait.yaml", &text)]);
        let indicator = &list[0];
        assert_eq!(indicator.id, "measures.wait");
        assert_eq!(indicator.label, "Waiting");
        let v = &indicator.value;
        close(&v["latest"], 30.0);
        assert_eq!(v["period"], "2026-03");
        close(&v["mean"], 184.0 / 15.0);
        close(&v["upper"], 184.0 / 15.0 + 2.66 * 22.0 / 7.0);
        close(&v["lower"], 184.0 / 15.0 - 2.66 * 22.0 / 7.0);
        assert_eq!(v["variation"], "concern-high");
        // Lower is better and the whole band (up to 20.63) is under the target of 50.
        assert_eq!(v["assurance"], "pass");
        assert_eq!(indicator.status, Status::Breach);
        assert_eq!(indicator.summary, "30 days (2026-03), concern-high, pass");
    }

    #[test]
    fn improvement_is_ok_and_common_cause_is_info() {
        let mut values: Vec<f64> = [10.0, 12.0].repeat(7);
        values.push(30.0);
        let up = format!("title: Up\nimprovement: up\n{}", points(&values));
        let steady = format!(
            "title: Steady\nimprovement: up\n{}",
            points(&[10.0, 12.0].repeat(8))
        );
        let list = compute(&[("measures/up.yaml", &up), ("measures/steady.yaml", &steady)]);
        // Measures come in id order.
        assert_eq!(list[0].id, "measures.steady");
        assert_eq!(list[0].value["variation"], "common-cause");
        assert_eq!(list[0].value["assurance"], Value::Null);
        assert_eq!(list[0].status, Status::Info);
        assert_eq!(list[1].value["variation"], "improvement-high");
        assert_eq!(list[1].status, Status::Ok);
    }

    #[test]
    fn a_short_series_is_a_run_chart_with_a_mean_and_no_limits() {
        // Five counted points (mean 3) and a ghost, which is neither latest nor counted.
        let text = "title: Short\nimprovement: up\ntarget: 2\npoints:\n  - { period: 2025-Q2, value: 1 }\n  - { period: 2025-Q3, value: 2 }\n  - { period: 2025-Q4, value: 3 }\n  - { period: 2026-Q1, value: 4 }\n  - { period: 2026-Q2, value: 5 }\n  - { period: 2026-Q3, value: 100, ghost: true }\n";
        let list = compute(&[("measures/short.yaml", text)]);
        let v = &list[0].value;
        close(&v["latest"], 5.0);
        assert_eq!(v["period"], "2026-Q2");
        close(&v["mean"], 3.0);
        for key in ["upper", "lower", "variation", "assurance"] {
            assert_eq!(v[key], Value::Null, "{key}");
        }
        assert_eq!(list[0].status, Status::Info);
        assert_eq!(list[0].summary, "5 (2026-Q2), run chart");
    }

    #[test]
    fn units_follow_the_value() {
        assert_eq!(with_unit(54.0, Some("%")), "54%");
        assert_eq!(with_unit(24.0, Some("hours")), "24 hours");
        assert_eq!(with_unit(24.0, Some(" hours ")), "24 hours");
        assert_eq!(with_unit(7.5, Some("‰")), "7.5‰");
        assert_eq!(with_unit(3.0, None), "3");
        assert_eq!(with_unit(3.0, Some("")), "3");
    }

    #[test]
    fn min_points_comes_from_the_project_rules() {
        let text = format!(
            "title: T\nimprovement: up\n{}",
            points(&[1.0, 3.0, 1.0, 3.0])
        );
        let config = "as_of: 2026-09-30\nrules: { spc: { min_points: 4 } }\n";
        let model = model(
            config,
            &[("measures/t.yaml", &text)],
            BuildOptions::default(),
        );
        let list = indicators(&Facts::of(&model))
            .iter()
            .map(|m| m.indicator.entry(format!("measures.{}", m.id)))
            .collect::<Vec<_>>();
        // Mean 2, moving ranges all 2: limits 2 ± 5.32.
        close(&list[0].value["upper"], 2.0 + 2.66 * 2.0);
        assert_eq!(list[0].value["variation"], "common-cause");
    }
}
