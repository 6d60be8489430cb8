//! Measures: the index with each one's latest value, icons and status, and each measure's
//! page with its chart and every point.

use super::PageOut;
use super::common::{
    AssuranceLabel, StatusBadge, VariationLabel, assurance_label, labelled, status_of,
    variation_label,
};
use crate::indicators::measures::with_unit;
use crate::records::Extra;
use crate::site::reader::Reader;
use crate::site::svg;
use crate::spc::PointType;
use crate::urls;
use serde::Serialize;

#[derive(Serialize)]
struct Index<'m> {
    rows: Vec<IndexRow<'m>>,
    min_points: u32,
}

#[derive(Serialize)]
struct IndexRow<'m> {
    title: &'m str,
    href: String,
    latest: Option<String>,
    period: Option<String>,
    improvement: String,
    target: Option<String>,
    status: StatusBadge,
    variation: Option<VariationLabel>,
    assurance: Option<AssuranceLabel>,
    run_chart: bool,
    confidential: bool,
    /// The summary table's group.
    domain: String,
}

pub fn index(reader: &Reader) -> PageOut {
    let rows = reader
        .measures()
        .filter_map(|record| {
            let m = &record.fields;
            let chart = reader.chart(&record.id)?;
            let unit = m.unit.as_deref();
            let latest = chart
                .latest()
                .and_then(|(i, c)| Some((m.points.value.get(i)?, c)));
            Some(IndexRow {
                title: &m.title.value,
                href: urls::measure(&record.id),
                latest: latest.map(|(p, _)| with_unit(p.value.value, unit)),
                period: latest.map(|(p, _)| p.period.value.to_string()),
                improvement: labelled(&m.improvement),
                target: chart.target().map(|t| with_unit(t, unit)),
                status: status_of(chart),
                variation: chart.variation.map(variation_label),
                assurance: chart.assurance.map(assurance_label),
                run_chart: chart.run_chart,
                confidential: m.confidential,
                domain: labelled(&m.domain),
            })
        })
        .collect();
    let view = Index {
        rows,
        min_points: reader.config().rules.spc.min_points.value,
    };
    PageOut::new(
        urls::MEASURES,
        "measures.html",
        "Measures",
        urls::MEASURES,
        &view,
    )
}

#[derive(Serialize)]
struct Page<'m> {
    id: &'m str,
    title: &'m str,
    description: Option<&'m str>,
    unit: Option<&'m str>,
    improvement: String,
    target: Option<String>,
    status: StatusBadge,
    svg: String,
    run_chart: bool,
    variation: Option<VariationLabel>,
    assurance: Option<AssuranceLabel>,
    limits: Option<Limits>,
    points: Vec<Point<'m>>,
    partitions: usize,
    min_points: u32,
    confidential: bool,
    extra: &'m Extra,
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
    let periods: Vec<String> = m
        .points
        .value
        .iter()
        .map(|p| p.period.value.to_string())
        .collect();
    let svg = svg::spc(
        &format!("spc-{}", record.id),
        &m.title.value,
        chart,
        &periods,
    );
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
                period: p.period.value.to_string(),
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
        target: chart.target().map(|t| with_unit(t, unit)),
        status: status_of(chart),
        svg,
        run_chart: chart.run_chart,
        variation: chart.variation.map(variation_label),
        assurance: chart.assurance.map(assurance_label),
        limits: chart.latest_limits().map(|l| Limits {
            mean: with_unit(l.mean, unit),
            upper: with_unit(l.upper, unit),
            lower: with_unit(l.lower, unit),
        }),
        points,
        partitions: chart.partitions.len(),
        min_points: reader.config().rules.spc.min_points.value,
        confidential: m.confidential,
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
