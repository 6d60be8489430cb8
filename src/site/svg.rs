//! Charts as inline SVG, written here rather than in templates so every text inside them
//! is escaped in one place. Each chart has a title and description for screen readers;
//! pages also show the numbers in a table.

use crate::indicators::number;
use crate::markdown::escape;
use crate::spc::Chart;
use std::fmt::Write;

pub use super::icons::colour;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

struct Scale {
    min: f64,
    max: f64,
    count: usize,
}

impl Scale {
    fn y(&self, value: f64) -> f64 {
        let span = (self.max - self.min).max(f64::EPSILON);
        TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (value - self.min) / span)
    }

    fn x(&self, index: usize) -> f64 {
        let inner = WIDTH - LEFT - RIGHT;
        if self.count <= 1 {
            LEFT + inner / 2.0
        } else {
            LEFT + inner * index as f64 / (self.count - 1) as f64
        }
    }
}

fn open(out: &mut String, id: &str, title: &str, description: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
}

fn hline(out: &mut String, x1: f64, x2: f64, y: f64, class: &str) {
    let _ = write!(
        out,
        r#"<line class="{class}" x1="{x1:.1}" x2="{x2:.1}" y1="{y:.1}" y2="{y:.1}"/>"#
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, content: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
        escape(content)
    );
}

/// A measure's points as a small line, for the summary table: counted points only, the
/// latest marked in its colour. `label` says what it shows in words.
pub fn sparkline(chart: &Chart, label: &str) -> String {
    const W: f64 = 120.0;
    const H: f64 = 32.0;
    let counted: Vec<(usize, f64)> = chart
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.ghost)
        .map(|(i, p)| (i, p.value))
        .collect();
    let mut out = format!(
        r#"<svg class="sparkline" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        escape(label)
    );
    let (min, max) = counted
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    if let (Some(&(first, _)), Some(&(last, last_value))) = (counted.first(), counted.last()) {
        let span = (max - min).max(f64::EPSILON);
        let steps = (last - first).max(1) as f64;
        let x = |i: usize| 4.0 + (W - 8.0) * (i - first) as f64 / steps;
        let y = |v: f64| 4.0 + (H - 8.0) * (1.0 - (v - min) / span);
        let line: Vec<String> = counted
            .iter()
            .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>"#,
            line.join(" "),
            super::icons::DARK
        );
        let kind = chart.points[last].kind;
        let _ = write!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#,
            x(last),
            y(last_value),
            colour(kind)
        );
    }
    out.push_str("</svg>");
    out
}

/// The XmR chart of a measure: points joined by a line, each partition's mean and process
/// limits, the target, and points coloured by the special cause they take part in.
pub fn spc(id: &str, title: &str, chart: &Chart, periods: &[String]) -> String {
    let mut values: Vec<f64> = chart.points.iter().map(|p| p.value).collect();
    for limits in chart.partitions.iter().filter_map(|p| p.limits.as_ref()) {
        values.extend([limits.upper, limits.lower]);
    }
    values.extend(chart.points.iter().filter_map(|p| p.target));
    let (mut min, mut max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if !min.is_finite() {
        (min, max) = (0.0, 1.0);
    }
    let pad = ((max - min) * 0.08).max(0.5);
    let scale = Scale {
        min: min - pad,
        max: max + pad,
        count: chart.points.len(),
    };
    let description = if chart.run_chart {
        format!(
            "Run chart of {} points; too few for process limits. The table below lists every point.",
            chart.points.len()
        )
    } else {
        format!(
            "XmR chart of {} points with mean and process limits; special-cause points are coloured. The table below lists every point.",
            chart.points.len()
        )
    };
    let mut out = String::new();
    open(&mut out, id, title, &description);
    // Axis labels: the scale's ends and the first and last periods.
    hline(&mut out, LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, "axis");
    text(
        &mut out,
        LEFT - 6.0,
        scale.y(max) + 4.0,
        "end",
        &number(max),
    );
    text(
        &mut out,
        LEFT - 6.0,
        scale.y(min) + 4.0,
        "end",
        &number(min),
    );
    if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
        text(&mut out, scale.x(0), HEIGHT - BOTTOM + 18.0, "start", first);
        if periods.len() > 1 {
            text(
                &mut out,
                scale.x(periods.len() - 1),
                HEIGHT - BOTTOM + 18.0,
                "end",
                last,
            );
        }
    }
    // Limits per partition, drawn across the points of that partition.
    for (index, partition) in chart.partitions.iter().enumerate() {
        let Some(limits) = &partition.limits else {
            continue;
        };
        let members: Vec<usize> = chart
            .points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.partition == index)
            .map(|(i, _)| i)
            .collect();
        let (Some(&first), Some(&last)) = (members.first(), members.last()) else {
            continue;
        };
        let (x1, x2) = (scale.x(first), scale.x(last));
        hline(&mut out, x1, x2, scale.y(limits.mean), "mean");
        hline(&mut out, x1, x2, scale.y(limits.upper), "limit");
        hline(&mut out, x1, x2, scale.y(limits.lower), "limit");
    }
    // The target in force at each point: a trajectory steps at the point that sets it.
    let mut steps: Vec<(usize, usize, f64)> = Vec::new();
    for (i, point) in chart.points.iter().enumerate() {
        match (steps.last_mut(), point.target) {
            (Some(last), Some(target)) if last.2 == target => last.1 = i,
            (_, Some(target)) => steps.push((i, i, target)),
            (_, None) => {}
        }
    }
    // Each target runs over its points, changing half-way between the last point of one
    // and the first of the next; the first and the last run to the chart's edges.
    let between = |i: usize| (scale.x(i - 1) + scale.x(i)) / 2.0;
    for (k, (first, _, target)) in steps.iter().enumerate() {
        let x1 = if *first == 0 { LEFT } else { between(*first) };
        let x2 = steps
            .get(k + 1)
            .map_or(WIDTH - RIGHT, |(next, _, _)| between(*next));
        hline(&mut out, x1, x2, scale.y(*target), "target");
    }
    if let Some((_, _, target)) = steps.last() {
        text(
            &mut out,
            WIDTH - RIGHT,
            scale.y(*target) - 4.0,
            "end",
            &format!("target {}", number(*target)),
        );
    }
    let path: Vec<String> = chart
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.ghost)
        .map(|(i, p)| format!("{:.1},{:.1}", scale.x(i), scale.y(p.value)))
        .collect();
    if path.len() > 1 {
        let _ = write!(
            out,
            r#"<polyline class="series" points="{}"/>"#,
            path.join(" ")
        );
    }
    for (i, point) in chart.points.iter().enumerate() {
        let (fill, class) = if point.ghost {
            ("none", "ghost")
        } else {
            (colour(point.kind), "point")
        };
        let _ = write!(
            out,
            r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="4.5" fill="{fill}" stroke="{}"/>"#,
            scale.x(i),
            scale.y(point.value),
            colour(point.kind)
        );
    }
    out.push_str("</svg>");
    out
}

/// One bar per item, horizontal, labelled with its text and value.
pub fn bars(id: &str, title: &str, description: &str, items: &[(String, f64, String)]) -> String {
    let row = 28.0;
    let height = TOP + row * items.len() as f64 + 8.0;
    let label_width = 220.0;
    let max = items
        .iter()
        .map(|(_, v, _)| *v)
        .fold(0.0, f64::max)
        .max(f64::EPSILON);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart bars" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
    for (index, (label, value, shown)) in items.iter().enumerate() {
        let y = TOP + row * index as f64;
        let width = (WIDTH - label_width - 80.0) * value / max;
        text(&mut out, label_width - 8.0, y + 15.0, "end", label);
        let _ = write!(
            out,
            r#"<rect class="bar" x="{label_width}" y="{y:.1}" width="{width:.1}" height="20"/>"#
        );
        text(
            &mut out,
            label_width + width + 6.0,
            y + 15.0,
            "start",
            shown,
        );
    }
    out.push_str("</svg>");
    out
}

/// A line of shares (0..1) over labelled steps, such as the clinical share per quarter.
pub fn shares(
    id: &str,
    title: &str,
    description: &str,
    points: &[(String, Option<f64>)],
) -> String {
    let scale = Scale {
        min: 0.0,
        max: 1.0,
        count: points.len(),
    };
    let mut out = String::new();
    open(&mut out, id, title, description);
    hline(&mut out, LEFT, WIDTH - RIGHT, scale.y(0.0), "axis");
    for tick in [0.0, 0.5, 1.0] {
        hline(&mut out, LEFT, WIDTH - RIGHT, scale.y(tick), "grid");
        text(
            &mut out,
            LEFT - 6.0,
            scale.y(tick) + 4.0,
            "end",
            &format!("{}%", tick * 100.0),
        );
    }
    let coords: Vec<(f64, f64, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, share))| share.map(|s| (scale.x(i), scale.y(s), s)))
        .collect();
    if coords.len() > 1 {
        let line: Vec<String> = coords
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="series" points="{}"/>"#,
            line.join(" ")
        );
    }
    for (x, y, _) in &coords {
        let _ = write!(
            out,
            r##"<circle class="point" cx="{x:.1}" cy="{y:.1}" r="4" fill="#1d70b8"/>"##
        );
    }
    for (i, (label, _)) in points.iter().enumerate() {
        text(
            &mut out,
            scale.x(i),
            HEIGHT - BOTTOM + 18.0,
            "middle",
            label,
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::measure::Improvement;
    use crate::spc::exact::Decimal;
    use crate::spc::{self, Input, Rules};

    #[test]
    fn text_inside_charts_is_escaped() {
        let svg = bars(
            "b",
            "<script>",
            "a & b",
            &[("<img onerror=x>".into(), 1.0, "1".into())],
        );
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<img"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("a &amp; b"));
    }

    #[test]
    fn a_trajectory_is_drawn_step_by_step() {
        let mut inputs: Vec<Input> = (0..4)
            .map(|v| Input::of(Decimal::from_f64(f64::from(v)).unwrap()))
            .collect();
        for (i, target) in [(1, 10.0), (2, 20.0), (3, 30.0)] {
            inputs[i].target = Decimal::from_f64(target);
        }
        let chart = spc::chart(&inputs, Improvement::Up, None, Rules::default());
        let periods: Vec<String> = (1..=4).map(|i| format!("P{i}")).collect();
        let svg = spc("t", "T", &chart, &periods);
        let targets: Vec<&str> = svg.split(r#"<line class="target""#).skip(1).collect();
        assert_eq!(targets.len(), 3, "{svg}");
        for line in targets {
            let x = |name: &str| -> f64 {
                let at = line.find(&format!(r#"{name}=""#)).unwrap() + name.len() + 2;
                line[at..].split('"').next().unwrap().parse().unwrap()
            };
            assert!(x("x2") > x("x1"), "a step of no width: {line}");
        }
    }

    #[test]
    fn spc_points_take_their_colour() {
        let mut values = [10.0, 12.0].repeat(7);
        values.push(30.0);
        let inputs: Vec<Input> = values
            .iter()
            .map(|&value| Input::of(Decimal::from_f64(value).unwrap()))
            .collect();
        let target = Decimal::from_f64(50.0);
        let chart = spc::chart(&inputs, Improvement::Down, target, Rules::default());
        let periods: Vec<String> = (1..=15).map(|i| format!("P{i}")).collect();
        let svg = spc("m", "Waiting", &chart, &periods);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"<title id="m-title">Waiting</title>"#));
        // The last point is a concern (higher is worse): orange.
        assert!(svg.contains(&format!(r#"fill="{}""#, crate::site::icons::ORANGE)));
        assert_eq!(svg.matches("<circle").count(), 15);
        assert!(svg.contains("target 50"));
        assert!(svg.contains(r#"class="limit""#));
    }
}
