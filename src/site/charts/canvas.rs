//! The SVG being written: its frame and the one place text is placed, so no label can be
//! drawn outside the picture however long or odd the words are.

use super::FONT;
use crate::markdown::escape;
use std::fmt::Write;

/// How wide `text` is drawn at the chart's font size, erring wide: each character counts
/// as wide as the broad faces of the usual sans-serif fonts draw it.
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.36,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.45,
            'm' | 'w' | 'M' | 'W' | '@' | '%' | '…' => 1.0,
            c if c.is_ascii_uppercase() => 0.78,
            c if c.is_ascii() => 0.66,
            // Letters outside ASCII, and wide scripts, at a full em.
            _ => 1.05,
        })
        .sum::<f64>()
        * FONT
}

/// `text`, shortened with an ellipsis to fit `width`.
pub fn fit(text: &str, width: f64) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let next = format!("{out}{c}…");
        if text_width(&next) > width {
            break;
        }
        out.push(c);
    }
    let out = out.trim_end();
    if out.is_empty() {
        String::new()
    } else {
        format!("{out}…")
    }
}

#[derive(Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

pub struct Canvas {
    out: String,
    pub width: f64,
    pub height: f64,
}

impl Canvas {
    /// An SVG `width` × `height` named by its title and described by its description:
    /// named by both, a screen reader read the description as part of the name and then
    /// again as the description.
    pub fn new(
        class: &str,
        id: &str,
        title: &str,
        description: &str,
        width: f64,
        height: f64,
    ) -> Canvas {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="{class}" viewBox="0 0 {width} {height}" font-size="{FONT}" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(title),
            escape(description)
        );
        Canvas { out, width, height }
    }

    /// Text with its baseline at `y`, moved in and shortened as needed to lie wholly inside
    /// the canvas.
    pub fn text(&mut self, x: f64, y: f64, anchor: Anchor, content: &str, class: &str) {
        let shown = fit(content, self.width - 2.0);
        if shown.is_empty() {
            return;
        }
        let w = text_width(&shown);
        let (low, high) = match anchor {
            Anchor::Start => (1.0, self.width - 1.0 - w),
            Anchor::Middle => (1.0 + w / 2.0, self.width - 1.0 - w / 2.0),
            Anchor::End => (1.0 + w, self.width - 1.0),
        };
        let x = x.clamp(low, high.max(low));
        let y = y.clamp(FONT + 1.0, self.height - 5.0);
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let class = if class.is_empty() {
            String::new()
        } else {
            format!(r#" class="{class}""#)
        };
        let _ = write!(
            self.out,
            r#"<text{class} x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
            escape(&shown)
        );
    }

    pub fn hline(&mut self, x1: f64, x2: f64, y: f64, class: &str) {
        let _ = write!(
            self.out,
            r#"<line class="{class}" x1="{x1:.1}" x2="{x2:.1}" y1="{y:.1}" y2="{y:.1}"/>"#
        );
    }

    pub fn vline(&mut self, x: f64, y1: f64, y2: f64, class: &str) {
        let _ = write!(
            self.out,
            r#"<line class="{class}" x1="{x:.1}" x2="{x:.1}" y1="{y1:.1}" y2="{y2:.1}"/>"#
        );
    }

    /// Raw shapes, whose numbers the caller has formatted.
    pub fn raw(&mut self, svg: &str) {
        self.out.push_str(svg);
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_shortened_and_kept_inside() {
        let mut canvas = Canvas::new("chart", "c", "t", "d", 200.0, 100.0);
        canvas.text(
            190.0,
            50.0,
            Anchor::Start,
            "a label far too long to fit in this small chart",
            "",
        );
        canvas.text(-20.0, 500.0, Anchor::End, "left", "");
        canvas.text(100.0, 0.0, Anchor::Middle, "<b>", "");
        let svg = canvas.finish();
        assert!(svg.contains('…'));
        assert!(svg.contains("&lt;b&gt;"));
        super::super::check::inside(&svg);
    }

    #[test]
    fn fitting_keeps_what_fits() {
        assert_eq!(fit("short", 500.0), "short");
        let cut = fit("Consultants with management time", 100.0);
        assert!(cut.ends_with('…') && text_width(&cut) <= 100.0, "{cut}");
        assert_eq!(fit("anything", 1.0), "");
    }
}
