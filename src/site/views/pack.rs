//! The board pack's view: what the PDF shows, from the same views as the site's pages
//! (the attention list, the register, the action log, the measures summary, the initiatives'
//! rows, the survey tiles), read through the same [`Reader`], so `watch` makes the pack
//! again only when something it shows changed. The layout (`themes/*/pdf/`) gets it as
//! JSON, and the charts as SVG files.

use super::common::{PersonLink, Tile, labelled, person_link};
use super::governance::{Log, Register};
use super::initiatives::Row;
use super::lists::Flagged;
use super::measures::{Group, Note};
use crate::facts::attendance::Mark;
use crate::pdf::Block;
use crate::records::initiative::Rag;
use crate::site::reader::Reader;
use crate::style::When;
use serde::Serialize;

#[derive(Serialize)]
pub struct Pack<'m> {
    title: &'m str,
    organisation: &'m str,
    /// The PDF's title and author, as the records have them: unlike the text drawn, they
    /// need no font, so a character the fonts lack is kept there (glyphs::for_pack_data).
    document: Document,
    report_date: When,
    /// "en", "cy"...; and the region, "GB".
    lang: String,
    region: Option<String>,
    confidential: bool,
    drafts: bool,
    breaches: Vec<Flagged>,
    warnings: Vec<Flagged>,
    board: Vec<Member<'m>>,
    board_tiles: Vec<Tile>,
    register: Register<'m>,
    actions: Log<'m>,
    measures: Vec<Group<'m>>,
    /// What the summary of a report of very many measures leaves to the site, in a sentence.
    measures_left_out: Option<String>,
    charts: Vec<Chart<'m>>,
    /// What a pack of a report of very many measures leaves to the site, in a sentence.
    charts_left_out: Option<String>,
    /// The most serious initiatives in exception, in full.
    exceptions: Vec<Exception<'m>>,
    /// Those beyond [`IN_FULL`], a row each.
    more_exceptions: Vec<Listed<'m>>,
    /// Those not in exception, a row each.
    others: Vec<Row<'m>>,
    /// What a pack of a very large report leaves to the site, in a sentence.
    left_out: Option<String>,
    survey: Vec<Tile>,
    pages: Vec<Narrative<'m>>,
}

#[derive(Serialize)]
struct Member<'m> {
    person: PersonLink<'m>,
    role: String,
    /// "Non-voting", and for the chair and non-executives whether they are independent:
    /// what the board page's columns say, in the role's cell, where the pack's page has
    /// no room for two more columns.
    standing: Option<String>,
    profession: String,
    clinical: bool,
    appointed: When,
    term_ends: Option<When>,
    /// The term ended before the report date, and they are in post with no `left`.
    term_ended: bool,
    /// "9 of 10", and the share as a whole percentage.
    attended: String,
}

#[derive(Serialize)]
struct Chart<'m> {
    title: &'m str,
    /// The chart's file in the layout's world, words and all.
    file: String,
    /// The same chart without its words (`/charts/drawings/<id>.svg`), and its words apart,
    /// placed in the drawing's units (it is `width` × `height` of them): a layout that
    /// sets the words itself spares the SVG renderer reading the font for every letter.
    /// `None` for a chart that could not be taken apart: the layout shows `file`.
    drawing: Option<String>,
    width: f64,
    height: f64,
    labels: Vec<crate::site::charts::Label>,
    /// What it shows, in words: its alternative text.
    alt: String,
    notes: Vec<Note<'m>>,
    /// How many notes past the first [`NOTES_SHOWN`] are left out, in words, if any.
    notes_more: Option<String>,
}

/// A chart's notes the pack lists: one measure of 100,000 noted daily points made a pack
/// of 2,877 pages. The chart numbers every note; the measure's page lists them all.
const NOTES_SHOWN: usize = 30;

#[derive(Serialize)]
struct Exception<'m> {
    row: Row<'m>,
    /// Why it is in exception: "red", "overdue", "over budget".
    reasons: Vec<&'static str>,
    milestones_overdue: Vec<String>,
    body: Vec<Block>,
}

#[derive(Serialize)]
struct Listed<'m> {
    row: Row<'m>,
    reasons: Vec<&'static str>,
}

#[derive(Serialize)]
struct Narrative<'m> {
    title: &'m str,
    body: Vec<Block>,
}

/// How many initiatives in exception a pack shows in full, the most serious first. A pack
/// is read at a board meeting: a trust's whole portfolio fits (the example has 6), and
/// a report of thousands of initiatives gets the worst in full and not thousands of pages,
/// which no one reads and which take Typst most of a minute and gigabytes to set.
const IN_FULL: usize = 25;
/// How many more initiatives, in exception and not, a pack lists a row each.
const LISTED: usize = 100;

/// How many measures' charts a pack shows. A trust's integrated performance report has a
/// few dozen measures and its pack shows every chart; a report of thousands gets the
/// charts of those in breach or needing attention first, as Making Data Count's exception
/// reports do, and not a chart page for each (2,000 at 100,000 initiatives in the synthetic
/// report: a fifth of its build's time and 0.8 GB of its memory went to them).
const CHARTS: usize = 100;

/// How many measures a pack's summary table lists: twice [`CHARTS`], chosen the same way,
/// so every chart shown has its row, and a trust's whole report fits. The table of the
/// synthetic report's 2,000 measures ran to about 110 pages: Typst's compile took 2.0 s
/// with it and 0.5 s without it, and the build's peak was about 210 MiB higher.
const SUMMARY: usize = 2 * CHARTS;

/// Which of the measures with a chart a pack shows, of their `statuses`, in their order:
/// all of them, or `most` chosen from those in breach first, then those needing attention,
/// then the rest, and given in their order.
fn chosen(statuses: &[crate::indicators::Status], most: usize) -> Vec<usize> {
    use crate::indicators::Status;
    let mut chosen: Vec<usize> = (0..statuses.len()).collect();
    if statuses.len() > most {
        chosen.sort_by_key(|&i| {
            let rank = match statuses[i] {
                Status::Breach => 0,
                Status::Warn => 1,
                Status::Ok | Status::Info => 2,
            };
            (rank, i)
        });
        chosen.truncate(most);
        chosen.sort_unstable();
    }
    chosen
}

/// A member's standing on the board where it is worth a word: "Non-voting", and for the
/// chair and non-executives (`independent` is `Some`) whether they are independent.
fn standing(voting: bool, independent: Option<bool>) -> Option<String> {
    let words: Vec<&str> = [
        (!voting).then_some("non-voting"),
        independent.map(|i| if i { "independent" } else { "not independent" }),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!words.is_empty()).then(|| super::common::capitalised(&words.join(", ")))
}

/// The sentence that says what a pack leaves to the site, if it leaves anything.
fn left_out(exceptions: usize, others: usize) -> Option<String> {
    use crate::words::plural;
    let parts: Vec<String> = [
        (exceptions > 0).then(|| format!("{} in exception", plural(exceptions, "more initiative"))),
        (others > 0).then(|| format!("{} not in exception", plural(others, "more initiative"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "This pack leaves out {}: the report's Initiatives page and data/initiatives.csv list them all.",
            parts.join(" and ")
        )
    })
}

/// The sentence that says the pack `does` `shown` of `all` measures and the site `has`
/// the rest, if it leaves any out.
fn measures_sentence(
    does: &str,
    shown: usize,
    all: usize,
    which: &str,
    has: &str,
) -> Option<String> {
    use crate::words::count;
    (shown < all).then(|| {
        format!(
            "This pack {does} {} of the {} {which}, those in breach or needing attention first: the report's Measures page {has}.",
            count(shown),
            count(all)
        )
    })
}

#[derive(Serialize)]
struct Document {
    title: String,
    author: String,
}

/// The pack's view, and its charts as files (`/charts/<id>.svg`, and without their words
/// `/charts/drawings/<id>.svg`).
pub fn view<'m>(reader: &Reader<'_, 'm>) -> (Pack<'m>, Vec<(String, Vec<u8>)>) {
    let config = reader.config();
    let style = reader.style();
    let as_of = reader.as_of();
    let indicators = reader.indicators();
    let (breaches, warnings) = super::lists::flagged(reader);
    let mut board: Vec<Member> = reader
        .people()
        .filter_map(|p| {
            let seat = p.fields.board.as_ref().filter(|s| s.in_post_on(as_of))?;
            let entries = reader.attendance_of(&p.id);
            let present = entries.iter().filter(|e| e.mark == Mark::Present).count();
            Some(Member {
                person: person_link(reader, &p.id)?,
                role: labelled(&seat.role.value),
                standing: standing(
                    seat.voting(),
                    seat.role
                        .value
                        .is_non_executive()
                        .then(|| seat.independent()),
                ),
                profession: labelled(&p.fields.profession),
                clinical: p.fields.profession.is_clinical(),
                appointed: style.when(seat.first_appointed.value),
                term_ends: seat.term_ends.as_ref().map(|t| style.when(t.value)),
                term_ended: seat.term_run_out(as_of),
                attended: match entries.len() {
                    0 => "no meetings".to_string(),
                    n => format!(
                        "{} of {} ({})",
                        crate::words::count(present),
                        crate::words::count(n),
                        crate::indicators::percent_against(
                            crate::indicators::count_share(present, n),
                            config.rules.attendance_min.value
                        )
                    ),
                },
            })
        })
        .collect();
    board.sort_by_cached_key(|m| m.person.sort_key());
    let b = &indicators.board;
    let tile = |i: &dyn crate::indicators::Reading| super::common::tile(i, "");
    let board_tiles = vec![
        tile(&b.members),
        tile(&b.clinical_share),
        tile(&b.independence),
        tile(&indicators.attendance.rate),
    ];
    let mut board_tiles = board_tiles;
    super::common::mark_confidential(reader, &mut board_tiles);

    let mut files = Vec::new();
    let mut charts = Vec::new();
    let measured: Vec<_> = reader
        .measures()
        .filter_map(|record| Some((record, reader.chart(&record.id)?)))
        .collect();
    let statuses: Vec<_> = measured
        .iter()
        .map(|(_, chart)| crate::indicators::measures::status(chart))
        .collect();
    let listed = chosen(&statuses, SUMMARY);
    let measures_left_out = measures_sentence(
        "lists",
        listed.len(),
        measured.len(),
        "measures",
        "lists them all",
    );
    let listed: rustc_hash::FxHashSet<&str> =
        listed.into_iter().map(|i| &*measured[i].0.id).collect();
    // A measure with no point up to the report date has nothing to draw: the summary table
    // says "no point", and a page of empty axes said nothing more.
    let drawn: Vec<usize> = (0..measured.len())
        .filter(|&i| !measured[i].1.points.is_empty())
        .collect();
    let drawn_statuses: Vec<_> = drawn.iter().map(|&i| statuses[i]).collect();
    let mut charted: Vec<usize> = chosen(&drawn_statuses, CHARTS)
        .into_iter()
        .map(|j| drawn[j])
        .collect();
    // In the summary table's order, by domain, so a reader finds a row's chart in the same
    // place: by id alone, a well-led chart came between two safe ones.
    charted.sort_by_key(|&i| (measured[i].0.fields.domain, i));
    // Of the measures a chart could be drawn for, saying so when some have none.
    let charts_left_out = measures_sentence(
        "shows the charts of",
        charted.len(),
        drawn.len(),
        if drawn.len() < measured.len() {
            "measures with points"
        } else {
            "measures"
        },
        "shows every chart",
    );
    for (record, chart) in charted.into_iter().map(|i| measured[i]) {
        let (svg, mut notes) = super::measures::chart_with_notes(reader, record, chart);
        let notes_more = match notes.len() {
            n if n <= NOTES_SHOWN => None,
            n if n == NOTES_SHOWN + 1 => Some(format!(
                "Note {n} is on the measure's page of the report's site."
            )),
            n => Some(format!(
                "Notes {} to {} are on the measure's page of the report's site.",
                NOTES_SHOWN + 1,
                crate::words::count(n)
            )),
        };
        notes.truncate(NOTES_SHOWN);
        let file = format!("/charts/{}.svg", record.id);
        files.push((
            file.clone(),
            crate::site::charts::standalone(&svg).into_bytes(),
        ));
        let apart = crate::site::charts::standalone_apart(&svg);
        let (mut width, mut height, mut labels) = (0.0, 0.0, Vec::new());
        let drawing = apart.map(|apart| {
            let drawing = format!("/charts/drawings/{}.svg", record.id);
            files.push((drawing.clone(), apart.drawing.into_bytes()));
            (width, height, labels) = (apart.width, apart.height, apart.labels);
            drawing
        });
        charts.push(Chart {
            title: &record.fields.title.value,
            file,
            drawing,
            width,
            height,
            labels,
            alt: chart_words(reader, record, chart),
            notes,
            notes_more,
        });
    }

    // The most serious first: red, then amber, then the rest; the longest overdue first.
    let mut in_exception = Vec::new();
    let mut others = Vec::new();
    for record in reader.initiatives() {
        let i = &record.fields;
        let mut reasons = Vec::new();
        let rank = match i.rag {
            Some(Rag::Red) => {
                reasons.push("red");
                0
            }
            Some(Rag::Amber) => {
                reasons.push("amber");
                1
            }
            _ => 2,
        };
        let overdue = crate::facts::initiative_overdue(i, as_of);
        if overdue.is_some() {
            reasons.push("overdue");
        }
        if let (Some(budget), Some(spent)) = (&i.budget, &i.spent)
            && crate::style::pence(spent.value) > crate::style::pence(budget.value)
        {
            reasons.push("over budget");
        }
        if reasons.is_empty() {
            others.push(record);
        } else {
            in_exception.push((
                (rank, std::cmp::Reverse(overdue.unwrap_or(0))),
                record,
                reasons,
            ));
        }
    }
    in_exception.sort_by(|a, b| {
        (a.0, &a.1.fields.title.value, &a.1.id).cmp(&(b.0, &b.1.fields.title.value, &b.1.id))
    });
    let exceptions_count = in_exception.len();
    let others_count = others.len();
    let mut in_exception = in_exception.into_iter();
    let exceptions: Vec<Exception> = in_exception
        .by_ref()
        .take(IN_FULL)
        .map(|(_, record, reasons)| Exception {
            row: super::initiatives::row_of(reader, record),
            reasons,
            milestones_overdue: record
                .fields
                .milestones
                .iter()
                .filter_map(|m| {
                    let days = crate::facts::milestone_overdue(m, as_of)?;
                    Some(format!(
                        "{}: due {}, {} overdue",
                        m.title.value,
                        style.date(m.due),
                        crate::words::plural(days as usize, "day")
                    ))
                })
                .collect(),
            body: reader.body_blocks(record),
        })
        .collect();
    let more_exceptions: Vec<Listed> = in_exception
        .take(LISTED)
        .map(|(_, record, reasons)| Listed {
            row: super::initiatives::row_of(reader, record),
            reasons,
        })
        .collect();
    let others: Vec<Row> = others
        .into_iter()
        .take(LISTED)
        .map(|record| super::initiatives::row_of(reader, record))
        .collect();
    let left_out = left_out(
        exceptions_count - exceptions.len() - more_exceptions.len(),
        others_count - others.len(),
    );
    let mut pages: Vec<_> = reader.pages().collect();
    pages.sort_by(|a, b| {
        (a.fields.weight.unwrap_or(0), &a.fields.title.value, &a.id).cmp(&(
            b.fields.weight.unwrap_or(0),
            &b.fields.title.value,
            &b.id,
        ))
    });
    let (lang, region) = language_and_region(&config.language);
    let organisation = config.organisation.as_deref().unwrap_or("");
    let pack = Pack {
        title: &config.title.value,
        organisation,
        document: Document {
            title: format!("{}, {}", config.title.value, style.when(as_of).text),
            author: if organisation.is_empty() {
                config.title.value.clone()
            } else {
                organisation.to_string()
            },
        },
        report_date: style.when(as_of),
        lang,
        region,
        confidential: reader.options().confidential,
        drafts: reader.options().drafts,
        breaches,
        warnings,
        board,
        board_tiles,
        register: super::governance::register_view(reader),
        actions: super::governance::log_view(reader),
        measures: super::measures::groups_of(reader, |id| listed.contains(id)),
        measures_left_out,
        charts,
        charts_left_out,
        exceptions,
        more_exceptions,
        others,
        left_out,
        survey: super::surveys::survey_tiles(indicators),
        pages: pages
            .into_iter()
            .map(|p| Narrative {
                title: &p.fields.title.value,
                body: reader.body_blocks(p),
            })
            .collect(),
    };
    (pack, files)
}

/// A chart's alternative text: what it plots, its latest point, and what Making Data
/// Count's icons say of it.
fn chart_words(
    reader: &Reader,
    record: &crate::records::Record<crate::records::Measure>,
    chart: &crate::spc::Chart,
) -> String {
    let m = &record.fields;
    let unit = m.unit.as_deref();
    let style = reader.style();
    let mut words = format!(
        "Statistical process control chart of {}, {}",
        m.title.value,
        crate::words::plural(m.points.value.len(), "point")
    );
    if let (Some(first), Some(last)) = (m.points.value.first(), m.points.value.last()) {
        words.push_str(&format!(
            " from {}, latest {}",
            style.periods_between(first.period.value, last.period.value),
            crate::indicators::measures::with_unit(last.value.value, unit)
        ));
    }
    if let Some(v) = chart.variation {
        words.push_str(&format!(". {}", crate::site::icons::variation_name(v)));
    }
    if let Some(a) = chart.assurance {
        words.push_str(&format!(". {}", crate::site::icons::assurance_name(a)));
    }
    words.push('.');
    words
}

/// The ISO 639 language and ISO 3166 region of a `language` tag, as a tagged PDF records
/// them: `en-GB` → ("en", "GB"), `zh-Hant-TW` → ("zh", "TW"). Typst refuses anything else,
/// and a tag `check` lets through (`english`, `en_GB`) must not fail the build: an unreadable
/// language is English, an unreadable region none.
fn language_and_region(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let lang = parts
        .next()
        .filter(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()))
        .map_or_else(|| "en".to_string(), str::to_ascii_lowercase);
    let region = parts
        .find(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    (lang, region)
}

#[cfg(test)]
mod tests {
    use super::{
        CHARTS, SUMMARY, chosen, language_and_region, left_out, measures_sentence, standing,
    };
    use crate::indicators::Status;

    #[test]
    fn a_members_standing_is_said_where_it_is_worth_a_word() {
        assert_eq!(standing(true, None), None);
        assert_eq!(standing(false, None).as_deref(), Some("Non-voting"));
        assert_eq!(standing(true, Some(true)).as_deref(), Some("Independent"));
        assert_eq!(
            standing(false, Some(false)).as_deref(),
            Some("Non-voting, not independent")
        );
    }

    #[test]
    fn a_report_of_many_measures_gets_the_charts_needing_attention_first() {
        let charted = |statuses: &[Status]| chosen(statuses, CHARTS);
        let few = vec![Status::Ok; CHARTS];
        assert_eq!(charted(&few), (0..CHARTS).collect::<Vec<_>>());
        // The ones in breach and needing attention come last: they are chosen all the same,
        // then the first of the others, and all are kept in the report's order.
        let mut many = vec![Status::Info; CHARTS + 10];
        many.extend([Status::Warn, Status::Breach, Status::Ok, Status::Breach]);
        let picked = charted(&many);
        assert_eq!(picked.len(), CHARTS);
        let expected: Vec<usize> = (0..CHARTS - 3)
            .chain([CHARTS + 10, CHARTS + 11, CHARTS + 13])
            .collect();
        assert_eq!(picked, expected);
    }

    #[test]
    fn the_summary_lists_every_charted_measure_and_more() {
        // 150 in breach among 500: the summary lists all of them and 50 more, the first of
        // the others; the charts are the first 100 of those in breach.
        let statuses: Vec<Status> = (0..500)
            .map(|i| {
                if i % 3 == 2 && i < 450 {
                    Status::Breach
                } else {
                    Status::Ok
                }
            })
            .collect();
        let listed = chosen(&statuses, SUMMARY);
        let charted = chosen(&statuses, CHARTS);
        let breaches: Vec<usize> = (2..450).step_by(3).collect();
        assert_eq!(breaches.len(), 150);
        // The charts: the first 100 of those in breach.
        assert_eq!(charted, breaches[..CHARTS]);
        // The summary: every one in breach and the first 50 of the others, in order.
        let others: Vec<usize> = (0..500)
            .filter(|i| !breaches.contains(i))
            .take(50)
            .collect();
        let mut expected: Vec<usize> = breaches.iter().copied().chain(others).collect();
        expected.sort_unstable();
        assert_eq!(listed, expected);
        assert!(charted.iter().all(|i| listed.contains(i)));
        // A report of no more than the summary's rows is listed whole.
        assert_eq!(
            chosen(&statuses[..SUMMARY], SUMMARY),
            (0..SUMMARY).collect::<Vec<_>>()
        );
    }

    /// What the pack leaves to the site is said with counts as the site writes them.
    #[test]
    fn left_out_sentences_group_their_counts() {
        assert_eq!(
            measures_sentence("lists", 200, 2000, "measures", "lists them all").as_deref(),
            Some(
                "This pack lists 200 of the 2,000 measures, those in breach or needing attention first: the report's Measures page lists them all."
            )
        );
        assert_eq!(
            measures_sentence("lists", 12, 12, "measures", "lists them all"),
            None
        );
        // Charts are of the measures with points, when some have none.
        assert_eq!(
            measures_sentence(
                "shows the charts of",
                100,
                1990,
                "measures with points",
                "shows every chart"
            )
            .as_deref(),
            Some(
                "This pack shows the charts of 100 of the 1,990 measures with points, those in breach or needing attention first: the report's Measures page shows every chart."
            )
        );
        assert_eq!(
            left_out(9875, 1).as_deref(),
            Some(
                "This pack leaves out 9,875 more initiatives in exception and 1 more initiative not in exception: the report's Initiatives page and data/initiatives.csv list them all."
            )
        );
        assert_eq!(left_out(0, 0), None);
    }

    #[test]
    fn odd_language_tags_still_make_a_pack() {
        let got = |t: &str| language_and_region(t);
        assert_eq!(got("en-GB"), ("en".into(), Some("GB".into())));
        assert_eq!(got("cy"), ("cy".into(), None));
        assert_eq!(got("zh-Hant-TW"), ("zh".into(), Some("TW".into())));
        assert_eq!(got("en_gb"), ("en".into(), Some("GB".into())));
        assert_eq!(got("english"), ("en".into(), None));
        assert_eq!(got(""), ("en".into(), None));
        assert_eq!(got("es-419"), ("es".into(), None));
    }
}
