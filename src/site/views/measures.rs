//! Measures: the index with each one's latest value, icons and status, and each measure's
//! page with its chart and every point.

use super::PageOut;
use super::common::{
    AssuranceLabel, StatusBadge, VariationLabel, assurance_label, labelled, status_of,
    variation_label,
};
use crate::indicators::measures::with_unit;
use crate::records::measure::{Domain, Improvement};
use crate::records::{Extra, keyword};
use crate::site::charts;
use crate::site::reader::Reader;
use crate::spc::PointType;
use crate::style::When;
use crate::urls;
use crate::words::plural;
use serde::Serialize;
use std::collections::BTreeMap;

/// The measures summary table, as an integrated performance report shows it: a table per
/// domain, a row per measure with its latest value, target, mean and process limits, a
/// sparkline and both icons.
#[derive(Serialize)]
struct Index<'m> {
    groups: Vec<Group<'m>>,
    min_points: i64,
    /// The last quarter end before the report date, for "was ... on".
    since: When,
}

#[derive(Serialize)]
pub(crate) struct Group<'m> {
    domain: String,
    /// For the group's heading's id.
    word: String,
    rows: Vec<IndexRow<'m>>,
}

#[derive(Serialize)]
pub(crate) struct IndexRow<'m> {
    title: &'m str,
    href: String,
    latest: Option<String>,
    period: Option<String>,
    /// The latest value as of the last quarter end before the report date.
    previous: Option<String>,
    improvement: String,
    /// The improvement as a reader says it: "Higher is better".
    direction: &'static str,
    target: Option<String>,
    mean: Option<String>,
    lower: Option<String>,
    upper: Option<String>,
    sparkline: String,
    status: StatusBadge,
    variation: Option<VariationLabel>,
    assurance: Option<AssuranceLabel>,
    /// Why there is no assurance icon, when there is none: "no target", "no better
    /// direction" (`improvement: neither`) or "too few points".
    no_assurance: Option<&'static str>,
    run_chart: bool,
    confidential: bool,
}

/// A measure's latest value as a reader reads it, "54% (September 2026)", for its tile.
/// The indicator's own summary is for the terminal: periods as `2026-09`, icons by code.
pub(crate) fn reading(
    reader: &Reader,
    m: &crate::indicators::measures::MeasureIndicator,
) -> String {
    let unit = reader
        .measure(m.id)
        .and_then(|record| record.fields.unit.as_deref());
    match (m.indicator.value.latest, m.indicator.value.period) {
        (Some(value), Some(period)) => format!(
            "{} ({})",
            with_unit(value, unit),
            reader.style().period(period)
        ),
        _ => "no point up to the report date".to_string(),
    }
}

/// [`reading`], then what the chart's icons say in words: where the icons are not shown
/// (the list of indicators needing attention, the pack's executive summary).
pub(crate) fn reading_in_words(
    reader: &Reader,
    m: &crate::indicators::measures::MeasureIndicator,
) -> String {
    let mut text = reading(reader, m);
    if let Some(chart) = reader.chart(m.id) {
        if let Some((start, _)) = chart.run_since_rebase() {
            let period = reader
                .measure(m.id)
                .and_then(|record| record.fields.points.value.get(start))
                .map_or(String::new(), |p| {
                    format!(" at {}", reader.style().period(p.period.value))
                });
            text.push_str(&format!(
                ". A run chart since the limits were recalculated{period}: too few points for process limits"
            ));
        } else if chart.run_chart {
            text.push_str(". A run chart: too few points for process limits");
        }
        let variation = chart.variation.map(crate::site::icons::variation_name);
        let assurance = chart.assurance.map(crate::site::icons::assurance_name);
        for words in variation.into_iter().chain(assurance) {
            text.push_str(". ");
            text.push_str(words);
        }
    }
    text
}

pub fn index(reader: &Reader) -> PageOut {
    let style = reader.style();
    let indicators = reader.indicators();
    let view = Index {
        groups: groups(reader),
        min_points: reader.config().rules.spc.min_points.value,
        since: style.when(indicators.previous_date),
    };
    PageOut::new(
        urls::MEASURES,
        "measures.html",
        "Measures",
        urls::MEASURES,
        &view,
    )
}

/// The summary table's rows, grouped by domain: the measures page's and the board pack's.
pub(crate) fn groups<'m>(reader: &Reader<'_, 'm>) -> Vec<Group<'m>> {
    groups_of(reader, |_| true)
}

/// The measures summary's groups, of the measures with a chart that `shown` keeps.
pub(crate) fn groups_of<'m>(
    reader: &Reader<'_, 'm>,
    shown: impl Fn(&str) -> bool,
) -> Vec<Group<'m>> {
    let style = reader.style();
    let indicators = reader.indicators();
    // By id: looked up for each measure, a search of the list grew with the square of
    // their number (2,000 at 100,000 initiatives).
    let previous_of: rustc_hash::FxHashMap<&str, (f64, crate::date::Period)> = indicators
        .measures
        .iter()
        .filter_map(|i| Some((i.id, i.previous?)))
        .collect();
    let mut groups: BTreeMap<Domain, Vec<IndexRow>> = BTreeMap::new();
    for record in reader.measures() {
        let m = &record.fields;
        if !shown(&record.id) {
            continue;
        }
        let Some(chart) = reader.chart(&record.id) else {
            continue;
        };
        let unit = m.unit.as_deref();
        let latest = chart
            .latest()
            .and_then(|(i, c)| Some((m.points.value.get(i)?, c)));
        let previous = previous_of.get(&*record.id).copied();
        let limits = chart.latest_limits();
        let counted = chart.points.iter().filter(|p| !p.ghost).count();
        let spark = match latest {
            Some((p, _)) => format!(
                "Trend of {} from {}, latest {}",
                plural(counted, "point"),
                m.points.value.first().map_or_else(String::new, |f| style
                    .periods_between(f.period.value, p.period.value)),
                with_unit(p.value.value, unit)
            ),
            None => "No points".into(),
        };
        groups.entry(m.domain).or_default().push(IndexRow {
            title: &m.title.value,
            href: urls::measure(&record.id),
            latest: latest.map(|(p, _)| with_unit(p.value.value, unit)),
            period: latest.map(|(p, _)| style.period(p.period.value)),
            previous: previous.map(|(value, _)| with_unit(value, unit)),
            improvement: labelled(&m.improvement),
            direction: direction(m.improvement),
            target: chart.target().map(|t| with_unit(t, unit)),
            mean: chart.latest_mean().map(|v| with_unit(v, unit)),
            lower: limits.map(|l| with_unit(l.lower, unit)),
            upper: limits.map(|l| with_unit(l.upper, unit)),
            sparkline: charts::sparkline(chart, &spark),
            status: status_of(chart),
            variation: chart.variation.map(variation_label),
            assurance: chart.assurance.map(assurance_label),
            no_assurance: match (chart.assurance, chart.target(), m.improvement) {
                (Some(_), ..) => None,
                (None, None, _) => Some("no target"),
                (None, Some(_), Improvement::Neither) => Some("no better direction"),
                (None, Some(_), _) => Some("too few points"),
            },
            run_chart: chart.run_chart,
            confidential: m.confidential,
        });
    }
    groups
        .into_iter()
        .map(|(domain, rows)| Group {
            domain: labelled(&domain),
            word: keyword(&domain),
            rows,
        })
        .collect()
}

#[derive(Serialize)]
struct Page<'m> {
    id: &'m str,
    title: &'m str,
    description: Option<&'m str>,
    unit: Option<&'m str>,
    improvement: String,
    direction: &'static str,
    target: Option<String>,
    status: StatusBadge,
    svg: String,
    run_chart: bool,
    /// On a run chart after a rebase, the points since it: the chart still draws the
    /// earlier limits, so "fewer than 13 points" of the whole series would mislead.
    run_since: Option<RunSince>,
    variation: Option<VariationLabel>,
    assurance: Option<AssuranceLabel>,
    limits: Option<Limits>,
    /// How the limits shown were worked out, when they were: from which points, and
    /// whether outlying moving ranges were left out (`baseline`, `screen_outliers`).
    limits_from: Option<String>,
    points: Vec<Point<'m>>,
    notes: Vec<Note<'m>>,
    partitions: usize,
    min_points: i64,
    confidential: bool,
    /// The agenda items that discussed it.
    discussed: Vec<super::governance::Discussed<'m>>,
    extra: &'m Extra,
}

/// The latest partition of a run chart after a rebase with limits before it: how many
/// points it counts ("2 points") and the period it starts at.
#[derive(Serialize)]
struct RunSince {
    counted: String,
    period: String,
}

/// A point's note, numbered as on the chart.
#[derive(Serialize)]
pub(crate) struct Note<'m> {
    number: usize,
    period: String,
    text: &'m str,
}

#[derive(Serialize)]
struct Limits {
    mean: String,
    upper: String,
    lower: String,
}

#[derive(Serialize)]
struct Point<'m> {
    period: String,
    value: String,
    note: Option<&'m str>,
    rebase: bool,
    ghost: bool,
    kind: &'static str,
    kind_class: &'static str,
    rules: String,
}

/// Which way a measure improves, as a reader says it. "Better when up" read as a
/// machine's word, and "Better when neither" as no English.
fn direction(improvement: Improvement) -> &'static str {
    match improvement {
        Improvement::Up => "Higher is better",
        Improvement::Down => "Lower is better",
        Improvement::Neither => "Neither higher nor lower is better",
    }
}

fn kind_label(kind: PointType) -> &'static str {
    match kind {
        PointType::CommonCause => "Common cause",
        PointType::Improvement => "Improvement",
        PointType::Concern => "Concern",
        PointType::Neither => "Special cause",
    }
}

pub fn page(reader: &Reader, id: &str) -> Option<PageOut> {
    let record = reader.measure(id)?;
    let chart = reader.chart(id)?;
    let m = &record.fields;
    let unit = m.unit.as_deref();
    let style = reader.style();
    let (svg, notes) = chart_with_notes(reader, record, chart);
    let points = m
        .points
        .value
        .iter()
        .zip(&chart.points)
        .map(|(p, c)| {
            let rules: Vec<&str> = [
                (c.flags.beyond_limit, "beyond a process limit"),
                (c.flags.shift, "shift"),
                (c.flags.trend, "trend"),
                (c.flags.two_of_three, "two of three beyond two sigma"),
            ]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
            // A point of a partition too short for limits was not judged.
            let judged = !c.ghost && chart.limits_of(c).is_some();
            Point {
                period: style.period(p.period.value),
                value: with_unit(p.value.value, unit),
                note: p.note.as_deref(),
                rebase: p.rebase,
                ghost: c.ghost,
                kind: match (c.ghost, judged) {
                    (true, _) => "Ghost (not counted)",
                    (false, false) => "",
                    (false, true) => kind_label(c.kind),
                },
                kind_class: if judged { c.kind.id() } else { "ghost" },
                rules: rules.join(", "),
            }
        })
        .collect();
    let view = Page {
        id: &record.id,
        title: &m.title.value,
        description: m.description.as_deref(),
        unit,
        improvement: labelled(&m.improvement),
        direction: direction(m.improvement),
        target: chart.target().map(|t| with_unit(t, unit)),
        status: status_of(chart),
        svg,
        run_chart: chart.run_chart,
        run_since: chart.run_since_rebase().map(|(start, counted)| RunSince {
            counted: crate::words::plural(counted, "point"),
            period: m
                .points
                .value
                .get(start)
                .map_or(String::new(), |p| style.period(p.period.value)),
        }),
        variation: chart.variation.map(variation_label),
        assurance: chart.assurance.map(assurance_label),
        limits: chart.latest_limits().map(|l| Limits {
            mean: with_unit(l.mean, unit),
            upper: with_unit(l.upper, unit),
            lower: with_unit(l.lower, unit),
        }),
        limits_from: chart
            .latest()
            .and_then(|(_, point)| chart.partitions.get(point.partition))
            .and_then(|partition| Some((partition.limits.as_ref()?, partition.counted)))
            .map(|(limits, counted)| {
                limits_from(
                    limits.from_points,
                    counted,
                    chart.partitions.len() > 1,
                    reader.config().rules.spc.screen_outliers,
                )
            }),
        points,
        notes,
        partitions: chart.partitions.len(),
        min_points: reader.config().rules.spc.min_points.value,
        confidential: m.confidential,
        discussed: super::governance::discussions(reader, crate::records::Kind::Measure, id),
        extra: &m.extra,
    };
    Some(PageOut::new(
        urls::measure(&record.id),
        "measure.html",
        m.title.value.clone(),
        urls::MEASURES,
        &view,
    ))
}

/// A measure's SPC chart, its notes numbered as on it: the page's and the board pack's.
pub(crate) fn chart_with_notes<'m>(
    reader: &Reader<'_, 'm>,
    record: &'m crate::records::Record<crate::records::Measure>,
    chart: &crate::spc::Chart,
) -> (String, Vec<Note<'m>>) {
    let m = &record.fields;
    let unit = m.unit.as_deref();
    let style = reader.style();
    let periods: Vec<String> = m
        .points
        .value
        .iter()
        .map(|p| style.short_period(p.period.value))
        .collect();
    // Notes are numbered in time order, by their points on the chart and in the list below.
    let mut numbered = 0;
    let note_numbers: Vec<Option<usize>> = m
        .points
        .value
        .iter()
        .map(|p| {
            p.note.as_ref().map(|_| {
                numbered += 1;
                numbered
            })
        })
        .collect();
    let notes: Vec<Note> = m
        .points
        .value
        .iter()
        .zip(&note_numbers)
        .filter_map(|(p, number)| {
            Some(Note {
                number: (*number)?,
                period: style.period(p.period.value),
                text: p.note.as_deref()?,
            })
        })
        .collect();
    let svg = charts::spc(&charts::Spc {
        id: &format!("spc-{}", record.id),
        title: &m.title.value,
        chart,
        periods: &periods,
        unit,
        notes: &note_numbers,
    });
    (svg, notes)
}

/// In words, which points a measure's limits come from: `from` of the `counted` points
/// of its latest partition (fewer with a `baseline`). A reader saw fixed limits, or a mean
/// pulled by one outlier, with nothing on the page to say why.
fn limits_from(from: usize, counted: usize, rebased: bool, screened: bool) -> String {
    let since = if rebased {
        " since the latest rebase"
    } else {
        ""
    };
    let mut words = if from < counted {
        let later = counted - from;
        format!(
            "the first {from} points{since}, and fixed for the {} after them",
            crate::words::plural(later, "point")
        )
    } else {
        format!("every point{since}")
    };
    words.push_str(" (hollow points aside)");
    if screened {
        words.push_str(
            "; moving ranges more than 3.267 times their average are left out as outliers",
        );
    }
    words
}

#[cfg(test)]
mod tests {
    use super::limits_from;

    #[test]
    fn the_limits_basis_in_words() {
        assert_eq!(
            limits_from(21, 21, false, false),
            "every point (hollow points aside)"
        );
        // A baseline of more points than there are: every point, not "the first 40".
        assert_eq!(
            limits_from(21, 21, true, false),
            "every point since the latest rebase (hollow points aside)"
        );
        assert_eq!(
            limits_from(12, 13, true, false),
            "the first 12 points since the latest rebase, and fixed for the 1 point after them (hollow points aside)"
        );
        assert_eq!(
            limits_from(20, 20, false, true),
            "every point (hollow points aside); moving ranges more than 3.267 times their average are left out as outliers"
        );
    }
}
