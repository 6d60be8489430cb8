//! A line of shares over time, such as the clinical share of the board per quarter end.

use super::canvas::{Anchor, Canvas, text_width};
use super::scale::{label_every, labelled};
use super::{FONT, WIDTH};

const HEIGHT: f64 = 300.0;
const PLOT_TOP: f64 = 16.0;
const PLOT_BOTTOM: f64 = HEIGHT - 40.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const INSET: f64 = 10.0;

/// A line of shares (0..1) over labelled steps; a step without a share leaves a gap in the
/// points (the line joins those around it).
pub fn shares(
    id: &str,
    title: &str,
    description: &str,
    points: &[(String, Option<f64>)],
) -> String {
    let count = points.len();
    let plot_right = WIDTH - RIGHT;
    let x = |i: usize| {
        let inner = plot_right - LEFT - 2.0 * INSET;
        if count <= 1 {
            LEFT + INSET + inner / 2.0
        } else {
            LEFT + INSET + inner * i as f64 / (count - 1) as f64
        }
    };
    let y = |share: f64| PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * share.clamp(0.0, 1.0);
    let mut canvas = Canvas::new("chart shares", id, title, description, WIDTH, HEIGHT);
    for tick in [0u32, 25, 50, 75, 100] {
        let at = y(f64::from(tick) / 100.0);
        canvas.hline(LEFT, plot_right, at, "grid");
        canvas.text(
            LEFT - 8.0,
            at + FONT / 3.0,
            Anchor::End,
            &format!("{tick}%"),
            "",
        );
    }
    canvas.hline(LEFT, plot_right, PLOT_BOTTOM, "axis");

    let coords: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, share))| share.filter(|s| s.is_finite()).map(|s| (x(i), y(s))))
        .collect();
    if coords.len() > 1 {
        let line: Vec<String> = coords
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        canvas.raw(&format!(
            r#"<polyline class="series" points="{}"/>"#,
            line.join(" ")
        ));
    }
    for (cx, cy) in &coords {
        canvas.raw(&format!(
            r#"<circle class="point" cx="{cx:.1}" cy="{cy:.1}" r="4" fill="{}"/>"#,
            super::super::icons::BLUE
        ));
    }
    if count > 0 {
        let spacing = if count > 1 { x(1) - x(0) } else { WIDTH };
        let widest = points
            .iter()
            .map(|(label, _)| text_width(label))
            .fold(0.0, f64::max);
        for i in labelled(count, label_every(spacing, widest)) {
            canvas.vline(x(i), PLOT_BOTTOM, PLOT_BOTTOM + 5.0, "axis");
            canvas.text(x(i), PLOT_BOTTOM + 20.0, Anchor::Middle, &points[i].0, "");
        }
    }
    canvas.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::charts::check;

    #[test]
    fn every_label_stays_inside_and_the_latest_is_whole() {
        let points: Vec<(String, Option<f64>)> = (0..8)
            .map(|i| {
                (
                    format!(
                        "{} {}",
                        ["Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"][i as usize % 4],
                        2025 + i / 4
                    ),
                    Some(0.1 * f64::from(i)),
                )
            })
            .collect();
        let svg = shares("h", "History", "d", &points);
        assert!(svg.contains(">Oct–Dec 2026</text>"), "{svg}");
        assert_eq!(svg.matches(r#"<circle class="point""#).count(), 8);
        check::inside(&svg);
        let many: Vec<(String, Option<f64>)> = (0..60)
            .map(|i| (format!("Quarter ending 30 September {}", 1970 + i), None))
            .collect();
        let svg = shares("h", "History", "d", &many);
        check::inside(&svg);
        assert!(svg.contains(">Quarter ending 30 September 2029</text>"));
    }
}
