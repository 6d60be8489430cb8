//! The XmR chart of a measure, as Making Data Count draws it.

use super::canvas::{Anchor, Canvas, text_width};
use super::scale::{label_every, labelled, spread, ticks};
use super::{FONT, WIDTH, colour};
use crate::indicators::measures::{unit_after, with_unit};
use crate::spc::Chart;
use std::fmt::Write;

const HEIGHT: f64 = 380.0;
const PLOT_TOP: f64 = 40.0;
const PLOT_BOTTOM: f64 = HEIGHT - 44.0;
/// Room left between the plot's edge and the first and last points.
const INSET: f64 = 10.0;

/// What the chart of one measure shows.
pub struct Spc<'a> {
    /// Unique on the page: the chart's title and description ids start with it.
    pub id: &'a str,
    pub title: &'a str,
    pub chart: &'a Chart,
    /// Each point's period, short ("Sep 2026").
    pub periods: &'a [String],
    pub unit: Option<&'a str>,
    /// The number of each point's note, shown by it; the page lists the notes.
    pub notes: &'a [Option<usize>],
}

/// A unit short enough to follow every tick ("%", "£k"); longer ones, and words, are named
/// once above the axis instead.
fn on_ticks(unit: Option<&str>) -> Option<&str> {
    unit.map(str::trim)
        .filter(|u| !u.is_empty() && u.chars().count() <= 2)
        .filter(|u| !u.starts_with(|c: char| c.is_alphanumeric()))
}

/// The XmR chart: points joined by a line, each partition's mean and process limits, the
/// target, points coloured by the special cause they take part in, rebases and notes
/// marked; the latest mean, limits and target labelled at their right ends.
pub fn spc(input: &Spc) -> String {
    let Spc {
        id,
        title,
        chart,
        periods,
        unit,
        notes,
    } = *input;
    let count = chart.points.len();
    let mut values: Vec<f64> = chart.points.iter().map(|p| p.value).collect();
    for limits in chart.partitions.iter().filter_map(|p| p.limits.as_ref()) {
        values.extend([limits.upper, limits.lower]);
    }
    // The targets drawn: a trajectory step written on a ghost after the latest counted
    // point is in force for no counted point yet (see below), and is not drawn.
    let counted = chart.latest().map_or(count, |(i, _)| i + 1);
    values.extend(chart.points[..counted].iter().filter_map(|p| p.target));
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let ticks = ticks(min, max, 6);
    let tick_unit = on_ticks(unit);
    let tick_texts: Vec<String> = ticks
        .values
        .iter()
        .map(|&v| unit_after(ticks.text(v), tick_unit))
        .collect();
    let left = tick_texts
        .iter()
        .map(|t| text_width(t))
        .fold(0.0, f64::max)
        .max(24.0)
        + 16.0;

    // The lines labelled at their right ends: those of the latest partition, and the
    // target in force at the end.
    let latest = chart.latest().map(|(_, p)| p.partition);
    let mut ends: Vec<(f64, &str, &str)> = Vec::new();
    if let Some(partition) = latest.and_then(|k| chart.partitions.get(k)) {
        if let Some(limits) = &partition.limits {
            ends.push((limits.upper, "upper limit", "limit"));
            ends.push((limits.mean, "mean", "mean"));
            ends.push((limits.lower, "lower limit", "limit"));
        } else if let Some(mean) = partition.mean {
            ends.push((mean, "mean", "mean"));
        }
    }
    // The page's target (and the assurance's): a trajectory step written on a ghost after
    // the latest counted point is in force for no counted point yet.
    if let Some(target) = chart.target() {
        ends.push((target, "target", "target"));
    }
    let label = |(value, name, _): &(f64, &str, &str), unit: Option<&str>| {
        format!("{name} {}", with_unit(*value, unit))
    };
    let widest = |unit: Option<&str>| {
        ends.iter()
            .map(|e| text_width(&label(e, unit)))
            .fold(0.0, f64::max)
    };
    // Labels drop their unit rather than squeeze the plot below two thirds of the width.
    let end_unit = if widest(unit) + 14.0 <= WIDTH * 0.3 {
        unit
    } else {
        None
    };
    let right = (widest(end_unit) + 14.0).clamp(16.0, WIDTH * 0.3);
    let plot_right = WIDTH - right;

    let x = |i: usize| {
        let inner = plot_right - left - 2.0 * INSET;
        if count <= 1 {
            left + INSET + inner / 2.0
        } else {
            left + INSET + inner * i as f64 / (count - 1) as f64
        }
    };
    let y = |v: f64| {
        let span = (ticks.high() - ticks.low()).max(f64::EPSILON);
        PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * (v - ticks.low()) / span
    };

    let description = describe(chart, unit, notes);
    let mut canvas = Canvas::new("chart spc", id, title, &description, WIDTH, HEIGHT);

    // The value axis: a grid line and label at each tick; a long unit named above it.
    for (value, text) in ticks.values.iter().zip(&tick_texts) {
        canvas.hline(left, plot_right, y(*value), "grid");
        canvas.text(left - 8.0, y(*value) + FONT / 3.0, Anchor::End, text, "");
    }
    if let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty())
        && tick_unit.is_none()
    {
        canvas.text(4.0, 16.0, Anchor::Start, unit, "unit");
    }
    canvas.hline(left, plot_right, PLOT_BOTTOM, "axis");

    // Period labels, thinned to what fits, counted back from the latest.
    if count > 0 {
        let spacing = if count > 1 { x(1) - x(0) } else { WIDTH };
        let widest = periods.iter().map(|p| text_width(p)).fold(0.0, f64::max);
        for i in labelled(count, label_every(spacing, widest)) {
            canvas.vline(x(i), PLOT_BOTTOM, PLOT_BOTTOM + 5.0, "axis");
            if let Some(period) = periods.get(i) {
                canvas.text(x(i), PLOT_BOTTOM + 20.0, Anchor::Middle, period, "");
            }
        }
    }

    // Rebases: a line where each partition after the first starts.
    let between = |i: usize| {
        if i == 0 {
            x(0)
        } else {
            (x(i - 1) + x(i)) / 2.0
        }
    };
    for k in 1..chart.partitions.len() {
        if let Some(first) = chart.points.iter().position(|p| p.partition == k) {
            canvas.vline(between(first), PLOT_TOP - 8.0, PLOT_BOTTOM, "rebase");
            canvas.text(
                between(first) + 4.0,
                PLOT_TOP - 10.0,
                Anchor::Start,
                "rebased",
                "marker",
            );
        }
    }

    // Mean and limits per partition, across its points; the latest runs to the plot's edge.
    for (k, partition) in chart.partitions.iter().enumerate() {
        let members: Vec<usize> = (0..count)
            .filter(|&i| chart.points[i].partition == k)
            .collect();
        let (Some(&first), Some(&last)) = (members.first(), members.last()) else {
            continue;
        };
        let x1 = x(first);
        let x2 = if Some(k) == latest {
            plot_right
        } else {
            x(last)
        };
        if let Some(limits) = &partition.limits {
            canvas.hline(x1, x2, y(limits.upper), "limit");
            canvas.hline(x1, x2, y(limits.lower), "limit");
        }
        if let Some(mean) = partition.mean {
            canvas.hline(x1, x2, y(mean), "mean");
        }
    }

    // The target in force at each point: a trajectory steps half-way between the point
    // before and the point that sets it.
    let mut steps: Vec<(usize, f64)> = Vec::new();
    for (i, point) in chart.points.iter().enumerate().take(counted) {
        match (steps.last(), point.target) {
            (Some(last), Some(target)) if last.1 == target => {}
            (_, Some(target)) => steps.push((i, target)),
            (_, None) => {}
        }
    }
    for (k, (first, target)) in steps.iter().enumerate() {
        let x1 = if *first == 0 { left } else { between(*first) };
        let x2 = steps
            .get(k + 1)
            .map_or(plot_right, |(next, _)| between(*next));
        canvas.hline(x1, x2, y(*target), "target");
    }

    // The line labels, moved apart where they would overlap.
    let wanted: Vec<f64> = ends.iter().map(|(v, _, _)| y(*v) + FONT / 3.0).collect();
    let placed = spread(&wanted, FONT + 2.0, PLOT_TOP, PLOT_BOTTOM + FONT / 3.0);
    for (end, at) in ends.iter().zip(placed) {
        canvas.text(
            plot_right + 6.0,
            at,
            Anchor::Start,
            &label(end, end_unit),
            end.2,
        );
    }

    // The series, then its points over it.
    let path: Vec<String> = chart
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.ghost)
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.value)))
        .collect();
    if path.len() > 1 {
        canvas.raw(&format!(
            r#"<polyline class="series" points="{}"/>"#,
            path.join(" ")
        ));
    }
    let mut shapes = String::new();
    for (i, point) in chart.points.iter().enumerate() {
        let (fill, class) = if point.ghost {
            ("none", "ghost")
        } else {
            (colour(point.kind), "point")
        };
        let _ = write!(
            shapes,
            r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="4.5" fill="{fill}" stroke="{}"/>"#,
            x(i),
            y(point.value),
            colour(point.kind)
        );
    }
    canvas.raw(&shapes);

    // Each note's number by its point: above it, or below when the top is near.
    for (i, number) in notes.iter().enumerate().take(count) {
        let Some(number) = number else { continue };
        let (px, py) = (x(i), y(chart.points[i].value));
        let above = py - 12.0;
        let at = if above - FONT < PLOT_TOP - 12.0 {
            py + 12.0 + FONT
        } else {
            above
        };
        canvas.raw(&format!(
            r#"<circle class="note-ring" cx="{px:.1}" cy="{py:.1}" r="8"/>"#
        ));
        canvas.text(px, at, Anchor::Middle, &number.to_string(), "note-mark");
    }
    canvas.finish()
}

fn describe(chart: &Chart, unit: Option<&str>, notes: &[Option<usize>]) -> String {
    let count = chart.points.len();
    if count == 0 {
        // Every point after the report date: the axes alone, which say nothing, and an
        // empty table.
        return "No points up to the report date.".to_string();
    }
    let points = crate::words::plural(count, "point");
    let mut text = if let Some((_, counted)) = chart.run_since_rebase() {
        format!(
            "XmR chart of {points}; the {} since the latest rebase {} too few for process limits, so they are a run chart.",
            crate::words::plural(counted, "counted point"),
            if counted == 1 { "is" } else { "are" }
        )
    } else if chart.run_chart {
        format!("Run chart of {points}; too few for process limits.")
    } else {
        format!(
            "XmR chart of {points} with mean and process limits; special-cause points are coloured."
        )
    };
    if let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty()) {
        let _ = write!(text, " Values in {unit}.");
    }
    let rebases = chart.partitions.len().saturating_sub(1);
    if rebases > 0 {
        let _ = write!(
            text,
            " Limits are recalculated at {} marked rebase{}.",
            rebases,
            if rebases == 1 { "" } else { "s" }
        );
    }
    if notes.iter().any(Option::is_some) {
        text.push_str(" Numbered points have notes, listed below the chart.");
    }
    text.push_str(" The table below lists every point.");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::measure::Improvement;
    use crate::site::charts::check;
    use crate::spc::exact::Decimal;
    use crate::spc::{self, Input, Rules};

    fn inputs(values: &[f64]) -> Vec<Input> {
        values
            .iter()
            .map(|&v| Input::of(Decimal::from_f64(v).unwrap()))
            .collect()
    }

    fn draw(
        chart: &Chart,
        unit: Option<&str>,
        periods: &[String],
        notes: &[Option<usize>],
    ) -> String {
        spc(&Spc {
            id: "m",
            title: "Waiting",
            chart,
            periods,
            unit,
            notes,
        })
    }

    fn months(count: usize) -> Vec<String> {
        (0..count).map(|i| format!("Sep {}", 2000 + i)).collect()
    }

    #[test]
    fn points_take_their_colour_and_lines_are_labelled() {
        let mut values = [10.0, 12.0].repeat(7);
        values.push(30.0);
        let target = Decimal::from_f64(50.0);
        let chart = spc::chart(
            &inputs(&values),
            Improvement::Down,
            target,
            Rules::default(),
        );
        let svg = draw(&chart, Some("%"), &months(15), &[]);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"<title id="m-title">Waiting</title>"#));
        // Named by its title and described by its description, each read once.
        assert!(svg.contains(r#"aria-labelledby="m-title" aria-describedby="m-desc""#));
        // The last point is a concern (higher is worse).
        assert!(svg.contains(&format!(r#"fill="{}""#, crate::site::icons::ORANGE)));
        assert_eq!(svg.matches(r#"<circle class="point""#).count(), 15);
        assert!(svg.contains(">target 50%</text>"), "{svg}");
        assert!(
            svg.contains(">mean 12.4%</text>") || svg.contains(">mean "),
            "{svg}"
        );
        assert!(svg.contains(">upper limit "));
        assert!(svg.contains(">lower limit "));
        // Round ticks with the unit.
        assert!(svg.contains(">50%</text>"), "{svg}");
        check::inside(&svg);
    }

    /// "Run chart of 1 points" and "Run chart of 0 points" over empty axes.
    #[test]
    fn the_description_counts_its_points() {
        for (values, words) in [
            (vec![], "No points up to the report date.</desc>"),
            (vec![4.0], "Run chart of 1 point; too few"),
            (vec![4.0, 5.0], "Run chart of 2 points; too few"),
        ] {
            let chart = spc::chart(&inputs(&values), Improvement::Up, None, Rules::default());
            let svg = draw(&chart, None, &months(values.len()), &[]);
            assert!(
                svg.contains(&format!(r#"<desc id="m-desc">{words}"#)),
                "{svg}"
            );
        }
    }

    #[test]
    fn a_trajectory_is_drawn_step_by_step() {
        let mut inputs = inputs(&[0.0, 1.0, 2.0, 3.0]);
        for (i, target) in [(1, 10.0), (2, 20.0), (3, 30.0)] {
            inputs[i].target = Decimal::from_f64(target);
        }
        let chart = spc::chart(&inputs, Improvement::Up, None, Rules::default());
        let svg = draw(&chart, None, &months(4), &[]);
        assert_eq!(
            svg.matches(r#"class="target""#).count(),
            4,
            "three lines and a label"
        );
        assert!(svg.contains(">target 30</text>"));
        for line in svg.split(r#"<line class="target""#).skip(1) {
            let at = |name: &str| -> f64 {
                let start = line.find(&format!(r#"{name}=""#)).unwrap() + name.len() + 2;
                line[start..].split('"').next().unwrap().parse().unwrap()
            };
            assert!(at("x2") > at("x1"), "a step of no width: {line}");
        }
        check::inside(&svg);
    }

    /// A trajectory step written on a ghost after the latest counted point is in force
    /// for no counted point: the chart keeps the page's target (found by a second SPC
    /// implementation, which saw "Target 10%" above a chart labelled "target 40%").
    #[test]
    fn a_target_on_a_last_ghost_is_not_yet_in_force() {
        let mut inputs = inputs(&[12.0, 15.0, 11.0, 14.0]);
        inputs[3].ghost = true;
        inputs[3].target = Decimal::from_f64(40.0);
        let chart = spc::chart(
            &inputs,
            Improvement::Up,
            Decimal::from_f64(10.0),
            Rules::default(),
        );
        let svg = draw(&chart, Some("%"), &months(4), &[]);
        assert_eq!(chart.target(), Some(10.0));
        assert!(svg.contains(">target 10%</text>"), "{svg}");
        assert!(!svg.contains(">target 40%</text>"), "{svg}");
        assert_eq!(svg.matches(r#"<line class="target""#).count(), 1, "{svg}");
        // Nor does the scale reach up to it: the values and the target of 10 fill it.
        assert!(!svg.contains(">40%</text>"), "{svg}");
    }

    #[test]
    fn rebases_and_notes_are_marked() {
        let mut inputs = inputs(&[5.0, 6.0, 5.0, 6.0, 9.0, 10.0, 9.0, 10.0]);
        inputs[4].rebase = true;
        let chart = spc::chart(&inputs, Improvement::Up, None, Rules::default());
        let notes = [None, Some(1), None, None, None, None, None, Some(2)];
        let svg = draw(&chart, Some("hours"), &months(8), &notes);
        assert!(svg.contains(">rebased</text>"));
        assert_eq!(svg.matches(r#"class="rebase""#).count(), 1);
        assert!(svg.contains(r#"class="note-mark""#));
        assert!(svg.contains(">2</text>"));
        assert!(svg.contains(r#"class="unit""#) && svg.contains(">hours</text>"));
        assert!(svg.contains("Limits are recalculated at 1 marked rebase."));
        check::inside(&svg);
    }

    #[test]
    fn period_labels_are_thinned_and_the_latest_kept() {
        let values: Vec<f64> = (0..120).map(|i| f64::from(i % 7)).collect();
        let chart = spc::chart(&inputs(&values), Improvement::Up, None, Rules::default());
        let periods: Vec<String> = (0..120).map(|i| format!("P{i:03} 2026")).collect();
        let svg = draw(&chart, None, &periods, &[]);
        let shown = check::texts(&svg)
            .into_iter()
            .filter(|t| t.content.starts_with('P'))
            .count();
        assert!((5..=20).contains(&shown), "{shown} labels");
        assert!(svg.contains(">P119 2026</text>"));
        check::inside(&svg);
    }

    #[test]
    fn nothing_leaves_the_chart_however_odd_the_measure() {
        let long_unit = "patients seen within eighteen weeks of referral per thousand";
        let cases: Vec<(Vec<f64>, Option<&str>)> = vec![
            (
                vec![
                    1e12, -1e12, 5e11, 0.0, 3.0, 7.0, 1e12, -1e12, 1.0, 2.0, 3.0, 4.0,
                ],
                Some("£"),
            ),
            (
                vec![0.001, 0.002, 0.0015, 0.001, 0.003, 0.002, 0.001, 0.0025],
                Some(long_unit),
            ),
            (vec![42.0], Some("%")),
            (vec![7.0; 30], Some("ward moves")),
            (vec![], None),
        ];
        for (values, unit) in cases {
            let target = Decimal::from_f64(999_999_999.5);
            let chart = spc::chart(&inputs(&values), Improvement::Up, target, Rules::default());
            let periods: Vec<String> = (0..values.len())
                .map(|i| format!("Week ending {i} September 2026"))
                .collect();
            let notes: Vec<Option<usize>> = (0..values.len()).map(Some).collect();
            let svg = draw(&chart, unit, &periods, &notes);
            check::inside(&svg);
        }
    }
}
