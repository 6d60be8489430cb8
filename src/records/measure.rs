//! `measures/<id>.yaml`: time series shown as SPC charts.

use super::{Extra, Located, non_empty};
use crate::date::{Period, PeriodKind};
use crate::decimal::{DECIMALS, Decimal};
use crate::diagnostic::Diagnostic;
use crate::yaml::Origin;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub title: Located<String>,
    pub unit: Option<String>,
    pub improvement: Improvement,
    pub target: Option<Located<f64>>,
    pub description: Option<String>,
    pub points: Located<Vec<Point>>,
    /// The summary table's group.
    #[serde(default)]
    pub domain: Domain,
    /// Limits of each partition from its first this many points, then fixed.
    // Any whole number, so `-1` is refused as 0 and 1 are ("expected 2 or more").
    #[schemars(range(min = 2))]
    pub baseline: Option<Located<i64>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Improvement {
    Up,
    Down,
    Neither,
}

/// The groups of the measures summary table: the CQC's five questions, then workforce,
/// finance and other.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
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
pub enum Domain {
    Safe,
    Effective,
    Caring,
    Responsive,
    WellLed,
    Workforce,
    Finance,
    #[default]
    Other,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub period: Located<Period>,
    pub value: Located<f64>,
    pub note: Option<String>,
    /// Process limits are recomputed from this point on.
    #[serde(default)]
    pub rebase: bool,
    /// Shown, but left out of every calculation.
    #[serde(default)]
    pub ghost: bool,
    /// A new target from this point on (a trajectory).
    pub target: Option<Located<f64>>,
}

/// The largest value, either way, a measure may hold (FORMAT.md v2): far beyond any real
/// figure, and small enough that sums of values stay exact.
pub const MAX_VALUE: f64 = 1e12;

fn check_value(
    value: &Located<f64>,
    field: &str,
    origin: Origin<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let v = value.value;
    if !v.is_finite() {
        problems.push(origin.error_at(
            &value.location,
            format!("`{field}`: expected a number, found {v}"),
        ));
    } else if v.abs() > MAX_VALUE {
        problems.push(
            origin
                .error_at(
                    &value.location,
                    format!(
                        "`{field}`: {v:e} is out of range; values must lie between -1e12 and 1e12"
                    ),
                )
                .with_help("check the number: a misplaced exponent or extra digits?"),
        );
    }
}

/// The value the charts and figures use for `v`, when that is not `v` to four significant
/// digits: SPC works on values as written to nine decimal places (`Decimal`), so that a
/// mean or a limit is exact, and a value too small for them lost what lay beyond without a
/// word (0.00000000004 was 0). A spreadsheet's 73.33333333333333 is not one: its tenth
/// place changes nothing a reader sees.
fn used_as(v: f64) -> Option<String> {
    let used = Decimal::from_f64(v)?.to_f64();
    if (used - v).abs() <= v.abs() * 1e-4 {
        return None;
    }
    Some(used.to_string())
}

impl Measure {
    pub fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        non_empty(&self.title, "title", origin, &mut problems);
        if let Some(target) = &self.target {
            check_value(target, "target", origin, &mut problems);
        }
        if let Some(baseline) = &self.baseline
            && baseline.value < 2
        {
            problems.push(
                origin
                    .error_at(
                        &baseline.location,
                        format!(
                            "`baseline` is {}; expected 2 or more (limits need a moving range)",
                            baseline.value
                        ),
                    )
                    .with_help("Making Data Count fixes limits on at least 12 points, as in `baseline: 12`"),
            );
        }
        let points = &self.points.value;
        if points.is_empty() {
            problems.push(
                origin
                    .error_at(
                        &self.points.location,
                        "`points` is empty: a measure needs at least one point",
                    )
                    .with_help("add points such as `- { period: 2026-04, value: 76.0 }`"),
            );
        }
        for point in points {
            check_value(&point.value, "points.value", origin, &mut problems);
            if let Some(target) = &point.target {
                check_value(target, "points.target", origin, &mut problems);
            }
        }
        // Once for the measure, at its first such value: a series of tiny values is one
        // mistake of unit.
        let mut rounded = points
            .iter()
            .filter_map(|p| Some((&p.value, used_as(p.value.value)?)));
        if let Some((value, used)) = rounded.next() {
            let more = rounded.count();
            let others = if more > 0 {
                format!(" (and {})", crate::words::plural(more, "more value"))
            } else {
                String::new()
            };
            problems.push(
                origin
                    .warning_at(
                        &value.location,
                        format!(
                            "`points.value`: {} is too small for the {DECIMALS} decimal places the charts and figures work to; they use it as {used}{others}",
                            value.value
                        ),
                    )
                    .with_help("write the measure in a larger unit (per 1,000 rather than per 1)"),
            );
        }
        // Periods must share one form and strictly increase: SPC reads the points in order.
        let Some(first) = points.first() else {
            return problems;
        };
        let kind = first.period.value.kind;
        // Skipped periods, the first said and the others counted: once for the measure.
        // A step is judged against the series' own shortest, so quarterly figures written
        // as their last months (`2025-03`, `2025-06`) have no gaps between them.
        let step = |pair: &[Point]| {
            let (a, b) = (&pair[0].period.value, &pair[1].period.value);
            (a.kind == kind && b.kind == kind && kind != PeriodKind::Day)
                .then(|| b.month_index() - a.month_index())
                .filter(|&months| months > 0)
        };
        let cadence = points.windows(2).filter_map(step).min();
        let mut gaps = points
            .windows(2)
            .filter(|pair| pair[1].note.is_none() && !pair[1].rebase)
            .filter_map(|pair| {
                let cadence = cadence?;
                let missing = step(pair)? / cadence - 1;
                (missing > 0).then_some((pair, missing, cadence))
            });
        if let Some(([before, point], missing, cadence)) = gaps.next() {
            let more = match gaps.count() {
                0 => String::new(),
                n => format!(" (and {})", crate::words::plural(n, "more gap")),
            };
            let (after, until) = (&before.period.value, &point.period.value);
            let unit = match (kind, cadence) {
                (PeriodKind::Quarter, 3) => "quarter",
                (_, 1) => "month",
                _ => "point",
            };
            let missing_count = usize::try_from(missing).unwrap_or(0);
            let first = Period::name_at(kind, after.month_index() + cadence);
            let which = if missing > 1 {
                let last = Period::name_at(kind, until.month_index() - cadence);
                format!(
                    "points for `{first}` to `{last}` ({})",
                    crate::words::plural(missing_count, unit)
                )
            } else {
                format!("point for `{first}`")
            };
            problems.push(
                origin
                    .warning_at(
                        &point.period.location,
                        format!(
                            "`points`: no {which} between `{after}` and `{until}`{more}: the chart puts them side by side, and its limits take them for neighbours"
                        ),
                    )
                    .with_help("add the missing points; if no figure was collected, say so in a `note` on the point after the gap, which the chart shows (`note: not collected during the review`); after a long break, `rebase: true` there starts its limits afresh"),
            );
        }
        for pair in points.windows(2) {
            let (before, point) = (&pair[0].period, &pair[1].period);
            if point.value.kind != kind {
                problems.push(
                    origin
                        .error_at(
                            &point.location,
                            format!("period `{}` is not {}", point.value, kind.describe()),
                        )
                        .with_help(format!(
                            "the first point's period `{}` sets the form for the whole measure",
                            first.period.value
                        )),
                );
            } else if point.value.start == before.value.start {
                problems.push(origin.error_at(
                    &point.location,
                    format!("period `{}` is repeated", point.value),
                ));
            } else if point.value.start < before.value.start {
                problems.push(
                    origin
                        .error_at(
                            &point.location,
                            format!(
                                "period `{}` comes after `{}`: points must be in time order",
                                point.value, before.value
                            ),
                        )
                        .with_help("list the points from the earliest period to the latest"),
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

    fn measure(points: &str) -> Measure {
        parse_yaml::<Measure>(&format!(
            "title: Tension\nimprovement: down\npoints:\n{points}"
        ))
        .unwrap()
    }

    #[test]
    fn all_fields() {
        let m = parse_yaml::<Measure>(
            "title: T\nunit: '%'\nimprovement: up\ntarget: 50\ndescription: d\npoints:\n  - { period: 2024-04, value: 76.0 }\n  - { period: 2024-05, value: 74.5, note: new provider }\n  - { period: 2024-06, value: 71, rebase: true }\n  - { period: 2024-07, value: 99.0, ghost: true }\n",
        )
        .unwrap();
        assert!(m.check(ORIGIN).is_empty());
        assert_eq!(m.points.value.len(), 4);
        assert!(m.points.value[2].rebase && m.points.value[3].ghost);
        assert_eq!(m.points.value[1].note.as_deref(), Some("new provider"));
        assert_eq!(m.target.unwrap().value, 50.0);
    }

    #[test]
    fn v2_fields() {
        let m = parse_yaml::<Measure>(
            "title: T\nimprovement: up\ndomain: well-led\nbaseline: 12\npoints:\n  - { period: 2024-04, value: 1, target: 60 }\n",
        )
        .unwrap();
        assert!(m.check(ORIGIN).is_empty());
        assert_eq!(m.domain, Domain::WellLed);
        assert_eq!(m.baseline.unwrap().value, 12);
        assert_eq!(m.points.value[0].target.as_ref().unwrap().value, 60.0);
        assert_eq!(
            measure("  - { period: 2024-04, value: 1 }\n").domain,
            Domain::Other
        );
        let m = parse_yaml::<Measure>(
            "title: T\nimprovement: up\nbaseline: 1\ntarget: 1e13\npoints:\n  - { period: 2024-04, value: 1e308, target: -2e12 }\n",
        )
        .unwrap();
        assert_eq!(
            messages(&m.check(ORIGIN)),
            [
                "4:9: `target`: 1e13 is out of range; values must lie between -1e12 and 1e12",
                "3:11: `baseline` is 1; expected 2 or more (limits need a moving range)",
                "6:31: `points.value`: 1e308 is out of range; values must lie between -1e12 and 1e12",
                "6:46: `points.target`: -2e12 is out of range; values must lie between -1e12 and 1e12",
            ]
        );
        let m = parse_yaml::<Measure>(
            "title: T\nimprovement: up\nbaseline: -1\npoints:\n  - { period: 2024-04, value: 1 }\n",
        )
        .unwrap();
        assert_eq!(
            messages(&m.check(ORIGIN)),
            ["3:11: `baseline` is -1; expected 2 or more (limits need a moving range)"]
        );
    }

    /// The charts work to nine decimal places: a value with more is used rounded, and
    /// `check` says so rather than dropping the rest without a word.
    #[test]
    fn values_beyond_nine_decimal_places_are_a_warning() {
        let m = measure(
            "  - { period: 2024-04, value: 73.33333333333333 }\n  - { period: 2024-05, value: 0.00000000004 }\n  - { period: 2024-06, value: -1.0000000006 }\n  - { period: 2024-07, value: 0.0000000015 }\n",
        );
        let problems = m.check(ORIGIN);
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        assert_eq!(
            messages(&problems),
            [
                "5:31: `points.value`: 0.00000000004 is too small for the 9 decimal places the charts and figures work to; they use it as 0 (and 1 more value)"
            ]
        );
        assert_eq!(used_as(0.0000000015).as_deref(), Some("0.000000002"));
        assert_eq!(used_as(73.33333333333333), None);
        assert_eq!(used_as(0.0), None);
    }

    #[test]
    fn periods_out_of_order_repeated_or_mixed() {
        let m = measure(
            "  - { period: 2024-05, value: 1 }\n  - { period: 2024-04, value: 2 }\n  - { period: 2024-04, value: 3 }\n  - { period: 2024-Q3, value: 3 }\n",
        );
        assert_eq!(
            messages(&m.check(ORIGIN)),
            [
                "5:15: period `2024-04` comes after `2024-05`: points must be in time order",
                "6:15: period `2024-04` is repeated",
                "7:15: period `2024-Q3` is not monthly (YYYY-MM)",
            ]
        );
    }

    /// A month or quarter skipped is warned of once for the measure, at the point after
    /// the first gap; a note or a rebase there says the gap is known; dated points are
    /// not judged.
    #[test]
    fn skipped_periods_are_warned_of() {
        let m = measure(
            "  - { period: 2023-12, value: 1 }\n  - { period: 2024-01, value: 1 }\n  - { period: 2025-05, value: 2 }\n  - { period: 2025-06, value: 3 }\n  - { period: 2025-08, value: 3 }\n",
        );
        let found = m.check(ORIGIN);
        assert_eq!(
            messages(&found),
            [
                "6:15: `points`: no points for `2024-02` to `2025-04` (15 months) between `2024-01` and `2025-05` (and 1 more gap): the chart puts them side by side, and its limits take them for neighbours"
            ]
        );
        assert!(found[0].help.as_deref().unwrap().contains("`note`"));
        let m = measure(
            "  - { period: 2023-Q4, value: 1 }\n  - { period: 2024-Q1, value: 1 }\n  - { period: 2024-Q3, value: 2 }\n",
        );
        assert_eq!(
            messages(&m.check(ORIGIN)),
            [
                "6:15: `points`: no point for `2024-Q2` between `2024-Q1` and `2024-Q3`: the chart puts them side by side, and its limits take them for neighbours"
            ]
        );
        // Quarterly figures written as the quarters' last months: a gap is a quarter.
        let m = measure(
            "  - { period: 2025-03, value: 1 }\n  - { period: 2025-06, value: 1 }\n  - { period: 2025-12, value: 2 }\n  - { period: 2026-03, value: 2 }\n",
        );
        assert_eq!(
            messages(&m.check(ORIGIN)),
            [
                "6:15: `points`: no point for `2025-09` between `2025-06` and `2025-12`: the chart puts them side by side, and its limits take them for neighbours"
            ]
        );
        for known in [
            "  - { period: 2025-03, value: 1 }\n  - { period: 2025-06, value: 2 }\n  - { period: 2025-09, value: 2 }\n",
            "  - { period: 2022-Q4, value: 1 }\n  - { period: 2023-Q4, value: 2 }\n  - { period: 2024-Q4, value: 2 }\n",
            "  - { period: 2024-01, value: 1 }\n  - { period: 2024-02, value: 1 }\n  - { period: 2024-06, value: 2, note: survey paused }\n",
            "  - { period: 2024-01, value: 1 }\n  - { period: 2024-02, value: 1 }\n  - { period: 2026-01, value: 2, rebase: true }\n",
            "  - { period: 2024-01-01, value: 1 }\n  - { period: 2024-01-02, value: 1 }\n  - { period: 2024-03-01, value: 2 }\n",
        ] {
            assert_eq!(
                messages(&measure(known).check(ORIGIN)),
                Vec::<String>::new(),
                "{known}"
            );
        }
    }

    #[test]
    fn empty_points_and_bad_values() {
        let m = parse_yaml::<Measure>("title: T\nimprovement: down\npoints: []\n").unwrap();
        assert_eq!(
            messages(&m.check(ORIGIN)),
            ["3:9: `points` is empty: a measure needs at least one point"]
        );
        let m = measure("  - { period: 2024-05, value: .nan }\n");
        assert_eq!(
            messages(&m.check(ORIGIN)),
            ["4:31: `points.value`: expected a number, found NaN"]
        );
        let d = parse_yaml::<Measure>(
            "title: T\nimprovement: down\npoints:\n  - { period: April 2024, value: 1 }\n",
        )
        .unwrap_err();
        assert_eq!(
            messages(std::slice::from_ref(&d)),
            [
                "4:15: `points.period`: expected a period as YYYY-MM, YYYY-MM-DD or YYYY-Qn, found `April 2024`"
            ]
        );
        assert_eq!(
            d.help.as_deref(),
            Some("write a month as YYYY-MM: `2024-04`")
        );
        let d = parse_yaml::<Measure>("title: T\nimprovement: down\n").unwrap_err();
        assert_eq!(d.message, "missing required field `points`");
    }

    /// `yes`/`no` and `on`/`off` are true and false (format-notes: "Yes and no"); a number is not.
    #[test]
    fn yes_and_no_but_not_one_and_zero() {
        let m = measure("  - { period: 2024-04, value: 1, rebase: YES, ghost: off }\n");
        assert!(m.points.value[0].rebase);
        assert!(!m.points.value[0].ghost);
        let d = parse_yaml::<Measure>(
            "title: T\nimprovement: down\npoints:\n  - { period: 2024-04, value: 1, ghost: 1 }\n",
        )
        .unwrap_err();
        assert_eq!(
            messages(&[d]),
            ["4:41: `points.ghost`: expected `true` or `false`, found `1`"]
        );
    }
}
