//! A measure's trend in a table cell.

use super::colour;
use crate::markdown::escape;
use crate::spc::Chart;
use std::fmt::Write;

/// A measure's points as a small line for the summary table: counted points only, the
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
    // Nothing to draw: the words alone, where an empty box said nothing to a sighted reader.
    if counted.is_empty() {
        return format!(r#"<span class="sparkline-none">{}</span>"#, escape(label));
    }
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
        // A flat series sits in the middle rather than along the top.
        let y = |v: f64| {
            if max <= min {
                H / 2.0
            } else {
                4.0 + (H - 8.0) * (1.0 - (v - min) / span)
            }
        };
        let line: Vec<String> = counted
            .iter()
            .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>"#,
            line.join(" "),
            super::super::icons::DARK
        );
        let _ = write!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#,
            x(last),
            y(last_value),
            colour(chart.points[last].kind)
        );
    }
    out.push_str("</svg>");
    out
}
