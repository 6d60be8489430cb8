//! Making Data Count's variation and assurance icons, drawn here as SVG in their published
//! shapes: a ring in the icon's colour; for variation, a short run of points whose last two
//! rise (H) or fall (L), or for "neither" an arrow; for assurance a letter (P, F or ?) over
//! a squiggle and the target as a dashed line below, above or through it. The colours are
//! Making Data Count's, darkened where needed for WCAG 2.2 AA contrast on white (3:1 for
//! graphics). Each icon is `role="img"` with its name in plain words, so a screen reader
//! says what a sighted reader sees; the letters and shapes carry the meaning for readers
//! who cannot tell the colours apart.

use crate::markdown::escape;
use crate::spc::{Assurance, PointType, Variation};
use std::fmt::Write;

/// Improvement (and consistently passing): Making Data Count's blue.
pub const BLUE: &str = "#0072c6";
/// Concern (and consistently failing): its orange, darkened to 4.6:1 on white.
pub const ORANGE: &str = "#c65000";
/// Special cause with no direction of improvement: its purple.
pub const PURPLE: &str = "#8000c0";
/// Common cause, and hit or miss: its grey, darkened to 3.7:1.
pub const GREY: &str = "#858585";
/// Points that are not special, letters and squiggles: a darker grey, 5.1:1.
pub const DARK: &str = "#6e6e6e";

/// Every variation and every assurance, for the icon files.
const VARIATIONS: [Variation; 7] = [
    Variation::CommonCause,
    Variation::ImprovementHigh,
    Variation::ImprovementLow,
    Variation::ConcernHigh,
    Variation::ConcernLow,
    Variation::NeitherHigh,
    Variation::NeitherLow,
];
const ASSURANCES: [Assurance; 3] = [Assurance::Pass, Assurance::Fail, Assurance::HitOrMiss];

/// Where the variation icon is kept as a file, for pages that show many icons: one file
/// the browser caches rather than the same SVG in each of thousands of pages.
pub fn variation_file(variation: Variation) -> String {
    format!(
        "{}icons/variation-{}.svg",
        crate::urls::STATIC,
        variation.id()
    )
}

pub fn assurance_file(assurance: Assurance) -> String {
    format!(
        "{}icons/assurance-{}.svg",
        crate::urls::STATIC,
        assurance.id()
    )
}

/// Every icon as a file of the site: (path, SVG).
pub fn files() -> Vec<(String, String)> {
    let variations = VARIATIONS.map(|v| (variation_file(v), variation(v)));
    let assurances = ASSURANCES.map(|a| (assurance_file(a), assurance(a)));
    variations.into_iter().chain(assurances).collect()
}

/// The colour of a chart point of `kind`, the same as its icon's.
pub fn colour(kind: PointType) -> &'static str {
    match kind {
        PointType::Improvement => BLUE,
        PointType::Concern => ORANGE,
        PointType::Neither => PURPLE,
        PointType::CommonCause => DARK,
    }
}

/// What a variation icon says, in plain words.
pub fn variation_name(variation: Variation) -> &'static str {
    match variation {
        Variation::CommonCause => "Common cause variation: no significant change",
        Variation::ImprovementHigh => {
            "Special cause variation of an improving nature: higher values"
        }
        Variation::ImprovementLow => "Special cause variation of an improving nature: lower values",
        Variation::ConcernHigh => "Special cause variation of a concerning nature: higher values",
        Variation::ConcernLow => "Special cause variation of a concerning nature: lower values",
        Variation::NeitherHigh => {
            "Special cause variation, neither improvement nor concern: higher values"
        }
        Variation::NeitherLow => {
            "Special cause variation, neither improvement nor concern: lower values"
        }
    }
}

/// A variation icon's short name, Making Data Count's own, for a table.
pub fn variation_short(variation: Variation) -> &'static str {
    match variation {
        Variation::CommonCause => "Common cause",
        Variation::ImprovementHigh => "Improvement (high)",
        Variation::ImprovementLow => "Improvement (low)",
        Variation::ConcernHigh => "Concern (high)",
        Variation::ConcernLow => "Concern (low)",
        Variation::NeitherHigh => "Neither improvement nor concern (high)",
        Variation::NeitherLow => "Neither improvement nor concern (low)",
    }
}

/// An assurance icon's short name, for a table.
pub fn assurance_short(assurance: Assurance) -> &'static str {
    match assurance {
        Assurance::Pass => "Consistently passes",
        Assurance::Fail => "Consistently fails",
        Assurance::HitOrMiss => "Hit or miss",
    }
}

/// What an assurance icon says, in plain words.
pub fn assurance_name(assurance: Assurance) -> &'static str {
    match assurance {
        Assurance::Pass => "The process will consistently meet the target",
        Assurance::Fail => "The process will consistently fail to meet the target",
        Assurance::HitOrMiss => "The process will hit and miss the target",
    }
}

/// Opens an icon: the `<svg>` with its name, and the ring.
fn open(out: &mut String, class: &str, name: &str, ring: &str) {
    let name = escape(name);
    let _ = write!(
        out,
        r#"<svg class="mdc-icon {class}" viewBox="0 0 100 100" width="40" height="40" role="img" xmlns="http://www.w3.org/2000/svg"><title>{name}</title><circle cx="50" cy="50" r="40" fill="white" stroke="{ring}" stroke-width="5.5"/>"#
    );
}

fn letter(out: &mut String, x: f64, y: f64, colour: &str, text: &str) {
    let _ = write!(
        out,
        r#"<text x="{x}" y="{y}" fill="{colour}" font-family="Arial, Helvetica, sans-serif" font-weight="700" font-size="30" text-anchor="middle">{text}</text>"#
    );
}

/// Five points joined by a line, each `(y, colour)`, across the middle of the icon.
fn points(out: &mut String, ys: [(f64, &str); 5]) {
    let xs = [26.0, 38.0, 50.0, 62.0, 74.0];
    let line: Vec<String> = xs
        .iter()
        .zip(ys)
        .map(|(x, (y, _))| format!("{x},{y}"))
        .collect();
    let _ = write!(
        out,
        r#"<polyline points="{}" fill="none" stroke="{DARK}" stroke-width="2.5"/>"#,
        line.join(" ")
    );
    for (x, (y, colour)) in xs.iter().zip(ys) {
        let _ = write!(
            out,
            r#"<circle cx="{x}" cy="{y}" r="5.5" fill="{colour}"/>"#
        );
    }
}

/// The variation icon of the latest point.
pub fn variation(variation: Variation) -> String {
    let (ring, class) = match variation {
        Variation::CommonCause => (GREY, "common-cause"),
        Variation::ImprovementHigh | Variation::ImprovementLow => (BLUE, "improvement"),
        Variation::ConcernHigh | Variation::ConcernLow => (ORANGE, "concern"),
        Variation::NeitherHigh | Variation::NeitherLow => (PURPLE, "neither"),
    };
    let mut out = String::with_capacity(900);
    open(&mut out, class, variation_name(variation), ring);
    let high = matches!(
        variation,
        Variation::ImprovementHigh | Variation::ConcernHigh | Variation::NeitherHigh
    );
    match variation {
        Variation::CommonCause => points(
            &mut out,
            [
                (52.0, GREY),
                (61.0, GREY),
                (41.0, GREY),
                (58.0, GREY),
                (54.0, GREY),
            ],
        ),
        Variation::NeitherHigh | Variation::NeitherLow => {
            // An arrow at 45 degrees, rising or falling to the right.
            let arrow = "27,64 48,43 40,36 68,31 64,59 56,52 36,73";
            let transform = if high {
                ""
            } else {
                r#" transform="translate(0 100) scale(1 -1)""#
            };
            let _ = write!(
                out,
                r#"<polygon points="{arrow}" fill="{PURPLE}"{transform}/>"#
            );
        }
        _ if high => {
            points(
                &mut out,
                [
                    (62.0, DARK),
                    (66.0, DARK),
                    (62.0, DARK),
                    (50.0, ring),
                    (45.0, ring),
                ],
            );
            letter(&mut out, 30.0, 44.0, ring, "H");
        }
        _ => {
            points(
                &mut out,
                [
                    (38.0, DARK),
                    (34.0, DARK),
                    (38.0, DARK),
                    (50.0, ring),
                    (55.0, ring),
                ],
            );
            letter(&mut out, 32.0, 76.0, ring, "L");
        }
    }
    out.push_str("</svg>");
    out
}

/// The assurance icon: whether the process can be relied on to meet the target.
pub fn assurance(assurance: Assurance) -> String {
    let (ring, mark, text, line_y, class) = match assurance {
        Assurance::Pass => (BLUE, BLUE, "P", 70.0, "pass"),
        Assurance::Fail => (ORANGE, ORANGE, "F", 48.0, "fail"),
        Assurance::HitOrMiss => (GREY, DARK, "?", 59.0, "hit-or-miss"),
    };
    let mut out = String::with_capacity(900);
    open(&mut out, class, assurance_name(assurance), ring);
    letter(&mut out, 50.0, 40.0, mark, text);
    // The process: a squiggle across the lower half.
    let _ = write!(
        out,
        r#"<path d="M22 60 Q28 50 34 58 T46 58 T58 60 T70 57 T80 59" fill="none" stroke="{DARK}" stroke-width="3"/>"#
    );
    // The target, dashed: under the process (pass), over it (fail) or through it.
    let _ = write!(
        out,
        r#"<line x1="16" x2="84" y1="{line_y}" y2="{line_y}" stroke="{ring}" stroke-width="3" stroke-dasharray="6 3"/>"#
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const VARIATIONS: [Variation; 7] = [
        Variation::CommonCause,
        Variation::ImprovementHigh,
        Variation::ImprovementLow,
        Variation::ConcernHigh,
        Variation::ConcernLow,
        Variation::NeitherHigh,
        Variation::NeitherLow,
    ];

    #[test]
    fn every_icon_is_an_image_with_its_name_in_words() {
        let assurances = [Assurance::Pass, Assurance::Fail, Assurance::HitOrMiss];
        let icons: Vec<(String, &str)> = VARIATIONS
            .iter()
            .map(|&v| (variation(v), variation_name(v)))
            .chain(
                assurances
                    .iter()
                    .map(|&a| (assurance(a), assurance_name(a))),
            )
            .collect();
        for (svg, name) in &icons {
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
            assert!(svg.contains(r#"role="img""#), "{svg}");
            // Named once, by its title: an `aria-label` as well made the title its
            // description, and a screen reader read the name twice.
            assert!(!svg.contains("aria-label"), "{svg}");
            assert!(svg.contains(&format!("<title>{name}</title>")), "{svg}");
            // Raw codes never reach a reader.
            assert!(!name.contains('-'), "{name}");
        }
        // Every name differs, so no two icons read the same.
        let mut names: Vec<&str> = icons.iter().map(|(_, n)| *n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 10);
    }

    #[test]
    fn shapes_tell_the_icons_apart_without_colour() {
        assert!(variation(Variation::ImprovementHigh).contains(">H</text>"));
        assert!(variation(Variation::ConcernHigh).contains(">H</text>"));
        assert!(variation(Variation::ImprovementLow).contains(">L</text>"));
        assert!(variation(Variation::NeitherHigh).contains("<polygon"));
        assert!(!variation(Variation::CommonCause).contains("<text"));
        assert!(assurance(Assurance::Pass).contains(">P</text>"));
        assert!(assurance(Assurance::Fail).contains(">F</text>"));
        assert!(assurance(Assurance::HitOrMiss).contains(">?</text>"));
        // Improvement and concern share a shape, not a colour.
        assert!(variation(Variation::ImprovementHigh).contains(BLUE));
        assert!(variation(Variation::ConcernHigh).contains(ORANGE));
    }

    /// WCAG 2.2 AA: graphics at least 3:1 against white.
    #[test]
    fn colours_contrast_with_white() {
        fn luminance(hex: &str) -> f64 {
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        }
        for colour in [BLUE, ORANGE, PURPLE, GREY, DARK] {
            let ratio = 1.05 / (luminance(colour) + 0.05);
            assert!(ratio >= 3.0, "{colour}: {ratio:.2}");
        }
    }
}
