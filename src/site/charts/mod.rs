//! Charts as inline SVG, written here rather than in templates so every text inside them
//! is escaped and kept inside the picture in one place ([`Canvas::text`]). Each chart has a
//! title and description for screen readers; pages also show the numbers in a table.

mod bars;
mod canvas;
pub mod scale;
mod shares;
mod sparkline;
mod spc;

pub use bars::{bars, bars_up_to};
pub use shares::shares;
pub use sparkline::sparkline;
pub use spc::{Spc, spc};

pub use super::icons::colour;

/// The width every chart is drawn at, in SVG units: pages scale it to the content width.
const WIDTH: f64 = 960.0;
/// Text size in SVG units (12 px when the chart is drawn 960 px wide).
const FONT: f64 = 12.0;

/// The rules of the site's stylesheet that draw a chart, with its colours written out: a
/// chart shown outside a page (in the board pack) carries them itself.
const STANDALONE_STYLE: &str = "text{fill:#1b1b1b;font-family:'Libertinus Serif',serif}\
.unit,.marker{fill:#505a5f;font-style:italic}\
.axis{stroke:#1b1b1b;stroke-width:1}\
.grid{stroke:#b1b4b6;stroke-width:1}\
.mean{stroke:#1b1b1b;stroke-width:1.5}\
.limit{stroke:#505a5f;stroke-width:1.5;stroke-dasharray:6 4}\
.target{stroke:#b10e1e;stroke-width:1.5;stroke-dasharray:2 3}\
text.mean,text.limit{stroke:none;fill:#1b1b1b}\
text.target{stroke:none;fill:#b10e1e}\
.rebase{stroke:#1b1b1b;stroke-width:1;stroke-dasharray:1 3}\
.series{fill:none;stroke:#505a5f;stroke-width:1.5}\
.point,.ghost{stroke-width:2}\
.note-ring{fill:none;stroke:#1b1b1b;stroke-width:1.5}\
.note-mark{font-weight:700}\
.bar{fill:#005eb8}";

/// `svg`, one of the site's charts, as a file of its own: the same drawing with the
/// stylesheet rules it needs inside it.
pub fn standalone(svg: &str) -> String {
    match svg.find('>') {
        Some(end) => format!(
            "{}<style>{STANDALONE_STYLE}</style>{}",
            &svg[..=end],
            &svg[end + 1..]
        ),
        None => svg.to_string(),
    }
}

/// One of a chart's words, taken out of its SVG for a layout that sets it itself.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Label {
    /// Where its baseline starts, is centred or ends (as `anchor` says), in the SVG's units.
    pub x: f64,
    pub y: f64,
    /// `start`, `middle` or `end`, as SVG's `text-anchor`.
    pub anchor: String,
    pub text: String,
    /// Its colour (`#rrggbb`) and face: what [`STANDALONE_STYLE`] gives its class.
    pub fill: &'static str,
    pub italic: bool,
    pub bold: bool,
}

/// A chart made [`standalone`], with its words apart: the drawing has no `<text>`, and
/// each of its words is a [`Label`].
#[derive(Debug)]
pub struct Apart {
    pub drawing: String,
    /// The drawing's size (its `viewBox`), in the labels' units.
    pub width: f64,
    pub height: f64,
    pub labels: Vec<Label>,
}

/// `svg` as [`standalone`] makes it, with its words taken out as [`Label`]s. The board
/// pack's layout sets them in its own text: drawn by the SVG renderer, each letter had the
/// font read again (about a third of the pack's time at 200 charts). A `<text>` this
/// cannot read stays in the drawing; `None` for an SVG without a size to place words by.
pub fn standalone_apart(svg: &str) -> Option<Apart> {
    let (width, height) = view_box(svg)?;
    let (drawing, labels) = split_labels(svg);
    Some(Apart {
        drawing: standalone(&drawing),
        width,
        height,
        labels,
    })
}

/// The rules of [`STANDALONE_STYLE`] for a text of `class`: colour, italic, bold.
fn label_style(class: &str) -> (&'static str, bool, bool) {
    let has = |name: &str| class.split_whitespace().any(|c| c == name);
    if has("unit") || has("marker") {
        ("#505a5f", true, false)
    } else if has("target") {
        ("#b10e1e", false, false)
    } else {
        ("#1b1b1b", false, has("note-mark"))
    }
}

fn attribute<'s>(tag: &'s str, name: &str) -> Option<&'s str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The width and height of `svg`'s `viewBox`.
fn view_box(svg: &str) -> Option<(f64, f64)> {
    let tag = &svg[..svg.find('>')?];
    let values: Vec<f64> = attribute(tag, "viewBox")?
        .split(' ')
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    match values[..] {
        [_, _, width, height] => Some((width, height)),
        _ => None,
    }
}

/// `svg` without the `<text>` elements [`canvas::Canvas::text`] writes, and those as labels.
fn split_labels(svg: &str) -> (String, Vec<Label>) {
    let mut drawing = String::with_capacity(svg.len());
    let mut labels = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        drawing.push_str(&rest[..start]);
        rest = &rest[start..];
        let read = rest.find('>').and_then(|tag_end| {
            let close = rest[tag_end..].find("</text>")? + tag_end;
            let tag = &rest[..tag_end];
            let raw = &rest[tag_end + 1..close];
            // A text with markup inside is not one Canvas wrote: left to the renderer.
            if raw.contains('<') {
                return None;
            }
            let (fill, italic, bold) = label_style(attribute(tag, "class").unwrap_or(""));
            let label = Label {
                x: attribute(tag, "x")?.parse().ok()?,
                y: attribute(tag, "y")?.parse().ok()?,
                anchor: attribute(tag, "text-anchor").unwrap_or("start").to_string(),
                text: collapse(&unescape(raw)),
                fill,
                italic,
                bold,
            };
            Some((label, close + "</text>".len()))
        });
        match read {
            Some((label, end)) => {
                labels.push(label);
                rest = &rest[end..];
            }
            None => {
                drawing.push_str("<text");
                rest = &rest["<text".len()..];
            }
        }
    }
    drawing.push_str(rest);
    (drawing, labels)
}

/// `text` with its white space as SVG shows it: runs of spaces, tabs and line ends as one
/// space, none at either end (Typst would keep them, and break the line at a line end).
fn collapse(text: &str) -> String {
    text.split([' ', '\t', '\n', '\r'])
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text escaped by [`crate::markdown::escape`], as it was.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
pub(crate) mod check {
    //! Every `<text>` of a chart, read back from its SVG, for tests that it stays inside.

    pub struct Text {
        pub x: f64,
        pub y: f64,
        pub anchor: String,
        pub content: String,
    }

    pub fn view_box(svg: &str) -> (f64, f64) {
        super::view_box(svg).unwrap()
    }

    pub fn texts(svg: &str) -> Vec<Text> {
        let (drawing, labels) = super::split_labels(svg);
        assert!(
            !drawing.contains("<text"),
            "a text not read back: {drawing}"
        );
        labels
            .into_iter()
            .map(|label| Text {
                x: label.x,
                y: label.y,
                anchor: label.anchor,
                content: label.text,
            })
            .collect()
    }

    /// Panics naming each text whose estimated box leaves the viewBox.
    pub fn inside(svg: &str) {
        let (width, height) = view_box(svg);
        for t in texts(svg) {
            let w = super::canvas::text_width(&t.content);
            let left = match t.anchor.as_str() {
                "end" => t.x - w,
                "middle" => t.x - w / 2.0,
                _ => t.x,
            };
            assert!(
                left >= -0.01 && left + w <= width + 0.01,
                "{:?} runs from x {left:.1} to {:.1}, outside 0..{width}",
                t.content,
                left + w
            );
            assert!(
                t.y - super::FONT >= -0.01 && t.y + 4.0 <= height + 0.01,
                "{:?} at y {} is outside 0..{height}",
                t.content,
                t.y
            );
        }
    }
}

#[cfg(test)]
mod standalone_tests {
    #[test]
    fn a_standalone_chart_carries_its_style_inside_it() {
        let svg = r#"<svg class="chart" viewBox="0 0 10 10"><line class="mean"/></svg>"#;
        let out = super::standalone(svg);
        assert!(
            out.starts_with(r#"<svg class="chart" viewBox="0 0 10 10"><style>"#),
            "{out}"
        );
        assert!(
            out.contains(".mean{stroke:#1b1b1b") && out.ends_with(r#"<line class="mean"/></svg>"#)
        );
        // No CSS variable: an SVG renderer outside a page has no stylesheet to take them from.
        assert!(!out.contains("var("));
    }

    #[test]
    fn a_chart_apart_has_every_word_as_a_label_and_none_in_its_drawing() {
        use super::canvas::{Anchor, Canvas};
        let mut canvas = Canvas::new("chart spc", "c", "a title", "a description", 400.0, 200.0);
        canvas.hline(10.0, 390.0, 100.0, "mean");
        canvas.text(20.0, 30.0, Anchor::Start, "hours", "unit");
        canvas.text(200.0, 190.0, Anchor::Middle, "Sep 2026 <b> & 'x'", "");
        canvas.text(380.0, 60.0, Anchor::End, "target 50%", "target");
        canvas.text(100.0, 80.0, Anchor::Middle, "1", "note-mark");
        canvas.text(300.0, 100.0, Anchor::Start, "mean 3", "mean");
        // A unit as a record may write it: white space as SVG would show it.
        canvas.text(10.0, 120.0, Anchor::Start, "  per\n 1,000\u{a0}beds ", "");
        let svg = canvas.finish();
        let apart = super::standalone_apart(&svg).unwrap();
        assert!(!apart.drawing.contains("<text"), "{}", apart.drawing);
        assert!(apart.drawing.contains(r#"<line class="mean""#));
        assert!(apart.drawing.contains("<style>") && apart.drawing.contains("<title"));
        assert_eq!((apart.width, apart.height), (400.0, 200.0));
        let shown: Vec<_> = apart
            .labels
            .iter()
            .map(|l| {
                (
                    l.x,
                    l.y,
                    l.anchor.as_str(),
                    l.text.as_str(),
                    l.fill,
                    l.italic,
                    l.bold,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (20.0, 30.0, "start", "hours", "#505a5f", true, false),
                (
                    200.0,
                    190.0,
                    "middle",
                    "Sep 2026 <b> & 'x'",
                    "#1b1b1b",
                    false,
                    false
                ),
                (380.0, 60.0, "end", "target 50%", "#b10e1e", false, false),
                (100.0, 80.0, "middle", "1", "#1b1b1b", false, true),
                (300.0, 100.0, "start", "mean 3", "#1b1b1b", false, false),
                (
                    10.0,
                    120.0,
                    "start",
                    "per 1,000\u{a0}beds",
                    "#1b1b1b",
                    false,
                    false
                ),
            ]
        );
        // The rules of the standalone stylesheet that `label_style` follows.
        for rule in [
            "text{fill:#1b1b1b;",
            ".unit,.marker{fill:#505a5f;font-style:italic}",
            "text.mean,text.limit{stroke:none;fill:#1b1b1b}",
            "text.target{stroke:none;fill:#b10e1e}",
            ".note-mark{font-weight:700}",
        ] {
            assert!(super::STANDALONE_STYLE.contains(rule), "{rule}");
        }
    }

    #[test]
    fn a_chart_without_a_size_is_not_taken_apart() {
        assert!(super::standalone_apart(r#"<svg><text x="1" y="2">a</text></svg>"#).is_none());
    }

    #[test]
    fn a_text_that_cannot_be_read_stays_in_the_drawing() {
        let svg = r#"<svg viewBox="0 0 10 10"><text x="oops" y="1">a</text><text x="1" y="2"><tspan>b</tspan></text><text x="1" y="3">c"#;
        let apart = super::standalone_apart(svg).unwrap();
        assert!(apart.labels.is_empty(), "{:?}", apart.labels);
        assert!(apart.drawing.ends_with(r#"<text x="oops" y="1">a</text><text x="1" y="2"><tspan>b</tspan></text><text x="1" y="3">c"#), "{}", apart.drawing);
    }
}
