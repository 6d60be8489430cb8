//! Horizontal bars, one per item, for counts by category.

use super::canvas::{Anchor, Canvas, fit, text_width};
use super::{FONT, WIDTH};

const TOP: f64 = 8.0;
const BAR: f64 = 20.0;
const GAP: f64 = 8.0;

/// Words of `label` split into at most two lines of `width`, the second shortened if need be.
fn lines(label: &str, width: f64) -> Vec<String> {
    if text_width(label) <= width {
        return vec![label.to_string()];
    }
    let mut first = String::new();
    let mut words = label.split_whitespace().peekable();
    while let Some(word) = words.peek() {
        let next = if first.is_empty() {
            (*word).to_string()
        } else {
            format!("{first} {word}")
        };
        if text_width(&next) > width {
            break;
        }
        first = next;
        words.next();
    }
    if first.is_empty() {
        return vec![fit(label, width)];
    }
    let rest: Vec<&str> = words.collect();
    vec![first, fit(&rest.join(" "), width)]
}

/// One bar per item, labelled with its text (wrapped onto two lines when long) and value
/// shown as given.
pub fn bars(id: &str, title: &str, description: &str, items: &[(String, f64, String)]) -> String {
    bars_up_to(id, title, description, items, None)
}

/// [`bars`] on a scale shared with other charts: `max` is the value a full bar stands for
/// (at least the largest here), so that charts side by side (one survey's answers and the
/// year before's) compare by the length of their bars.
pub fn bars_up_to(
    id: &str,
    title: &str,
    description: &str,
    items: &[(String, f64, String)],
    max: Option<f64>,
) -> String {
    let label_width = items
        .iter()
        .map(|(label, _, _)| text_width(label))
        .fold(0.0, f64::max)
        .min(WIDTH * 0.35);
    let value_width = items
        .iter()
        .map(|(_, _, shown)| text_width(shown))
        .fold(0.0, f64::max)
        .min(WIDTH * 0.2);
    let bar_left = label_width + 16.0;
    let room = (WIDTH - bar_left - value_width - 12.0).max(1.0);
    let max = items
        .iter()
        .map(|(_, v, _)| *v)
        .filter(|v| v.is_finite())
        .fold(max.filter(|m| m.is_finite()).unwrap_or(0.0), f64::max)
        .max(f64::EPSILON);

    let wrapped: Vec<Vec<String>> = items
        .iter()
        .map(|(label, _, _)| lines(label, label_width))
        .collect();
    let rows: Vec<f64> = wrapped
        .iter()
        .map(|l| {
            if l.len() > 1 {
                BAR + FONT + GAP
            } else {
                BAR + GAP
            }
        })
        .collect();
    let height = TOP + rows.iter().sum::<f64>() + GAP;
    let mut canvas = Canvas::new("chart bars", id, title, description, WIDTH, height);
    let mut top = TOP;
    for (((_, value, shown), label), row) in items.iter().zip(&wrapped).zip(&rows) {
        let middle = top + row / 2.0 - GAP / 2.0;
        let first_baseline = middle + FONT / 3.0 - (label.len() as f64 - 1.0) * FONT / 2.0;
        for (k, line) in label.iter().enumerate() {
            canvas.text(
                label_width + 8.0,
                first_baseline + k as f64 * FONT,
                Anchor::End,
                line,
                "",
            );
        }
        let width = if value.is_finite() && *value > 0.0 {
            room * value / max
        } else {
            0.0
        };
        canvas.raw(&format!(
            r#"<rect class="bar" x="{bar_left:.1}" y="{:.1}" width="{width:.1}" height="{BAR}"/>"#,
            middle - BAR / 2.0
        ));
        canvas.text(
            bar_left + width + 6.0,
            middle + FONT / 3.0,
            Anchor::Start,
            shown,
            "",
        );
        top += row;
    }
    canvas.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::charts::check;

    /// Charts on a shared scale: a bar is as long in each for the same value, and the
    /// largest of one chart is not a full bar when another's is larger.
    #[test]
    fn bars_on_a_shared_scale_compare_by_length() {
        let widths = |items: &[(String, f64, String)], max| {
            let svg = bars_up_to("b", "t", "d", items, max);
            check::inside(&svg);
            svg.split(r#"<rect class="bar""#)
                .skip(1)
                .map(|rect| {
                    let width = rect.split("width=\"").nth(1).unwrap();
                    width[..width.find('"').unwrap()].parse::<f64>().unwrap()
                })
                .collect::<Vec<f64>>()
        };
        let item = |v: f64| ("Partnership".to_string(), v, format!("{v}%"));
        let alone = widths(&[item(30.0), item(60.0)], None);
        let shared = widths(&[item(30.0), item(60.0)], Some(80.0));
        assert!((alone[1] - 2.0 * alone[0]).abs() < 0.2, "{alone:?}");
        assert!((shared[1] - 2.0 * shared[0]).abs() < 0.2, "{shared:?}");
        assert!(
            (shared[1] / alone[1] - 0.75).abs() < 0.01,
            "{shared:?} {alone:?}"
        );
        // A shared maximum below the chart's own is no cap: nothing runs past the room.
        assert_eq!(widths(&[item(30.0), item(60.0)], Some(10.0)), alone);
    }

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
        check::inside(&svg);
    }

    #[test]
    fn long_labels_wrap_and_nothing_leaves_the_chart() {
        let long = "Allied health professional with a very long job title indeed, more than fits on two lines of the label column of this chart";
        let svg = bars(
            "b",
            "t",
            "d",
            &[
                (long.into(), 3.0, "3 (75%)".into()),
                ("Nurse".into(), 1.0, "1 (25%)".into()),
                (
                    "Supercalifragilisticexpialidociouslylongwordwithoutspaces".into(),
                    0.0,
                    "0".into(),
                ),
                ("Odd".into(), f64::NAN, "not a number".into()),
            ],
        );
        let texts = check::texts(&svg);
        assert!(texts.iter().any(|t| t.content.starts_with("Allied health")));
        assert!(texts.iter().any(|t| t.content.ends_with('…')));
        assert!(!svg.contains("NaN"));
        check::inside(&svg);
    }
}
