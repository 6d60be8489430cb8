//! Charts as inline SVG, written here rather than in templates so every text inside them
//! is escaped and kept inside the picture in one place ([`Canvas::text`]). Each chart has a
//! title and description for screen readers; pages also show the numbers in a table.

mod bars;
mod canvas;
pub mod scale;
mod shares;
mod sparkline;
mod spc;

pub use bars::bars;
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

#[cfg(test)]
pub(crate) mod check {
    //! Every `<text>` of a chart, read back from its SVG, for tests that it stays inside.

    pub struct Text {
        pub x: f64,
        pub y: f64,
        pub anchor: String,
        pub content: String,
    }

    fn attribute(tag: &str, name: &str) -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    }

    pub fn view_box(svg: &str) -> (f64, f64) {
        let tag = &svg[..svg.find('>').unwrap()];
        let values: Vec<f64> = attribute(tag, "viewBox")
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        (values[2], values[3])
    }

    pub fn texts(svg: &str) -> Vec<Text> {
        let mut out = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find("<text ") {
            let tag_end = rest[start..].find('>').unwrap() + start;
            let tag = &rest[start..tag_end];
            let close = rest[tag_end..].find("</text>").unwrap() + tag_end;
            let content = rest[tag_end + 1..close]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            out.push(Text {
                x: attribute(tag, "x").unwrap().parse().unwrap(),
                y: attribute(tag, "y").unwrap().parse().unwrap(),
                anchor: attribute(tag, "text-anchor").unwrap_or_else(|| "start".into()),
                content,
            });
            rest = &rest[close..];
        }
        out
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
}
