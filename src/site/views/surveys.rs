//! The relationship survey: each survey's answers beside the national IHM figures.

use super::PageOut;
use super::common::{Tile, tile};
use crate::indicators::survey::{
    IHM_PESSIMISM, IHM_TENSION, IHM_UNRESOLVED, Shares, in_date_order,
};
use crate::indicators::{Indicators, count_share, percent};
use crate::site::charts;
use crate::site::reader::Reader;
use crate::style::When;
use crate::urls;
use serde::Serialize;

/// The survey's indicators as tiles, for the dashboard and the survey page.
///
/// A share's tile says nothing of the last quarter end: a survey is taken once a year or
/// so, and "no change since 30 June" beside "down 3 points since Survey 2025" reads as a
/// contradiction. The fourth tile says what moved since the survey before.
pub fn survey_tiles(indicators: &Indicators) -> Vec<Tile> {
    let s = &indicators.survey;
    let beside = |indicator, reference| Tile {
        reference: Some(percent(Some(reference))),
        ..tile(indicator, urls::SURVEYS)
    };
    vec![
        beside(&s.tension_share, IHM_TENSION),
        beside(&s.unresolved_share, IHM_UNRESOLVED),
        beside(&s.pessimism_share, IHM_PESSIMISM),
        tile(&s.change, urls::SURVEYS),
    ]
}

#[derive(Serialize)]
struct Surveys<'m> {
    surveys: Vec<SurveyView<'m>>,
    tiles: Vec<Tile>,
    ihm: Ihm,
}

#[derive(Serialize)]
struct Ihm {
    tension: String,
    unresolved: String,
    pessimism: String,
}

#[derive(Serialize)]
struct SurveyView<'m> {
    id: &'m str,
    title: &'m str,
    date: When,
    respondents: usize,
    rows: Vec<Answer>,
    svg: String,
    outlook: Option<Outlook>,
    tension: String,
    unresolved: String,
    pessimism: String,
    confidential: bool,
    extra: &'m crate::records::Extra,
}

#[derive(Serialize)]
struct Answer {
    answer: &'static str,
    count: u32,
    share: String,
}

#[derive(Serialize)]
struct Outlook {
    /// How many answered the question, when fewer than the respondents: its shares, and
    /// the "same or worse" figure, are of them, and the page says so.
    answered: Option<u64>,
    better: u32,
    same: u32,
    worse: u32,
    better_share: String,
    same_share: String,
    worse_share: String,
}

pub fn view(reader: &Reader) -> PageOut {
    // Every survey's bars on one scale, as shares of its respondents: each had been drawn
    // to its own largest count, so a year with fewer respondents looked no different.
    let share = |n: u32, total: u32| f64::from(n) / f64::from(total.max(1)) * 100.0;
    let widest = reader
        .surveys()
        .flat_map(|record| {
            let s = &record.fields;
            let r = s.relationship.value;
            let total = s.respondents.value;
            [
                r.partnership,
                r.partnership_with_tensions,
                r.tolerance_with_frequent_tensions,
                r.persistent_unresolved_tensions,
            ]
            .map(|n| share(n, total))
        })
        .fold(0.0, f64::max);
    let surveys = in_date_order(reader.surveys())
        .into_iter()
        .rev()
        .map(|record| {
            let s = &record.fields;
            let r = s.relationship.value;
            let total = s.respondents.value as usize;
            let answers = [
                ("Partnership", r.partnership),
                ("Partnership with areas of tension", r.partnership_with_tensions),
                ("Tolerance with frequent tensions", r.tolerance_with_frequent_tensions),
                ("Persistent and unresolved tensions", r.persistent_unresolved_tensions),
            ];
            let share_of = |n: u32| percent(count_share(n as usize, total));
            let bars: Vec<(String, f64, String)> = answers
                .iter()
                .map(|(name, n)| (name.to_string(), share(*n, s.respondents.value), format!("{} ({})", crate::words::count(*n as usize), share_of(*n))))
                .collect();
            let shares = Shares::of(s);
            SurveyView {
                id: &record.id,
                title: &s.title.value,
                date: reader.style().when(s.date.value),
                respondents: total,
                rows: answers
                    .iter()
                    .map(|(answer, count)| Answer {
                        answer,
                        count: *count,
                        share: share_of(*count),
                    })
                    .collect(),
                svg: charts::bars_up_to(
                    &format!("survey-{}", record.id),
                    &format!("{}: answers", s.title.value),
                    "How respondents describe the clinician-manager relationship, as shares of all respondents, on one scale for every survey; the table gives the counts.",
                    &bars,
                    Some(widest),
                ),
                outlook: s.outlook.as_ref().map(|o| {
                    let o = o.value;
                    let t = o.total() as usize;
                    let of = |n: u32| percent(count_share(n as usize, t));
                    Outlook {
                        answered: (t < total).then_some(o.total()),
                        better: o.better,
                        same: o.same,
                        worse: o.worse,
                        better_share: of(o.better),
                        same_share: of(o.same),
                        worse_share: of(o.worse),
                    }
                }),
                tension: percent(shares.tension_share),
                unresolved: percent(shares.unresolved_share),
                pessimism: percent(shares.pessimism_share),
                confidential: s.confidential,
                extra: &s.extra,
            }
        })
        .collect();
    let view = Surveys {
        surveys,
        tiles: survey_tiles(reader.indicators()),
        ihm: Ihm {
            tension: percent(Some(IHM_TENSION)),
            unresolved: percent(Some(IHM_UNRESOLVED)),
            pessimism: percent(Some(IHM_PESSIMISM)),
        },
    };
    PageOut::new(
        urls::SURVEYS,
        "surveys.html",
        "Relationship survey",
        urls::SURVEYS,
        &view,
    )
}
