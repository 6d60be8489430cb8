//! The dashboard: every headline indicator as a tile, the survey beside the national
//! figures, a tile per measure, and the data exports.

use super::PageOut;
use super::common::{Link, Tile, tile_since, tile_with};
use super::items;
use super::surveys::survey_tiles;
use crate::indicators::Status;
use crate::site::reader::Reader;
use crate::urls;
use serde::Serialize;

#[derive(Serialize)]
struct Dashboard {
    tiles: Vec<Tile>,
    survey_tiles: Vec<Tile>,
    measure_tiles: Vec<Tile>,
    governance_tiles: Vec<Tile>,
    breaches: usize,
    warnings: usize,
    /// The list of them.
    attention_href: &'static str,
    data_links: Vec<Link>,
}

pub fn view(reader: &Reader) -> PageOut {
    let indicators = reader.indicators();
    let (b, a, i, l) = (
        &indicators.board,
        &indicators.attendance,
        &indicators.initiatives,
        &indicators.leaders,
    );
    let flags = format!("{}#flags", urls::BOARD);
    let attendance = format!("{}#attendance", urls::BOARD);
    let leaders = format!("{}#leaders", urls::BOARD);
    let style = reader.style();
    // Counts and shares say what moved since the last quarter end.
    let since = Some(style.when(indicators.previous_date));
    let tile = |indicator: &dyn crate::indicators::Reading, href: &str| {
        tile_since(indicator, href, since.clone())
    };
    let tiles = vec![
        tile(&b.members, urls::BOARD),
        tile(&b.clinical_share, urls::BOARD),
        tile(&b.independence, urls::BOARD),
        items::roles_missing_tile(&b.mandatory_roles_missing, urls::BOARD),
        tile_with(
            &b.terms_ending,
            &flags,
            items::terms_ending(style, &b.terms_ending.value),
        ),
        tile_with(
            &b.tenure_breach,
            &flags,
            items::tenures(reader, &b.tenure_breach.value),
        ),
        tile_with(
            &b.fit_and_proper_overdue,
            &flags,
            items::fit_and_proper(style, &b.fit_and_proper_overdue.value),
        ),
        tile(&a.rate, &attendance),
        tile(&i.count, urls::INITIATIVES),
        tile(&i.on_track_share, urls::INITIATIVES),
        tile(&i.by_rag, urls::INITIATIVES),
        tile_with(
            &i.overdue,
            urls::INITIATIVES,
            items::overdue_initiatives(style, &i.overdue.value),
        ),
        tile_with(
            &i.overdue_milestones,
            urls::INITIATIVES,
            items::overdue_milestones(reader, &i.overdue_milestones.value),
        ),
        tile(&i.budget, urls::INITIATIVES),
        // INDICATORS.md: the site shows every indicator; these two were only in the data.
        tile(&i.participants, urls::INITIATIVES),
        tile(&l.count, &leaders),
        tile(&l.management_share, &leaders),
        tile_with(
            &l.management_overrun,
            &leaders,
            items::overruns(&l.management_overrun.value),
        ),
    ];
    // A measure says where it stood at the last quarter end, not how much it moved: Making
    // Data Count reads change in the chart, not between two points.
    let measure_tiles = indicators
        .measures
        .iter()
        .map(|m| {
            let unit = reader
                .measure(m.id)
                .and_then(|record| record.fields.unit.as_deref());
            let was = m.previous.as_ref().map(|(value, _)| {
                format!(
                    "was {} on {}",
                    crate::indicators::measures::with_unit(*value, unit),
                    style.date(indicators.previous_date)
                )
            });
            let chart = reader.chart(m.id);
            // Each icon with Making Data Count's short name for it.
            let (icons, words): (Vec<String>, Vec<&str>) = chart
                .into_iter()
                .flat_map(|c| {
                    use crate::site::icons;
                    let variation = c
                        .variation
                        .map(|v| (icons::variation(v), icons::variation_short(v)));
                    let assurance = c
                        .assurance
                        .map(|a| (icons::assurance(a), icons::assurance_short(a)));
                    variation.into_iter().chain(assurance)
                })
                .unzip();
            // The indicator's own summary names the icons by code, for the terminal; the
            // tile shows the icons instead, and their short names beside them.
            Tile {
                summary: super::measures::reading(reader, m),
                change: was,
                icons,
                icon_words: (!words.is_empty()).then(|| words.join(" · ")),
                ..tile_since(&m.indicator, &urls::measure(m.id), None)
            }
        })
        .collect();
    let governance_tiles = governance(reader, &tile);
    let exports = [
        ("All indicators (JSON)", urls::INDICATORS_JSON),
        ("All indicators (CSV)", urls::INDICATORS_CSV),
        ("Initiatives (CSV)", urls::INITIATIVES_CSV),
        ("Attendance (CSV)", urls::ATTENDANCE_CSV),
        ("Measure points (CSV)", urls::MEASURES_CSV),
        ("Action log (CSV)", urls::ACTIONS_CSV),
        ("Register of interests (CSV)", urls::INTERESTS_CSV),
    ];
    let (mut tiles, mut governance_tiles) = (tiles, governance_tiles);
    super::common::mark_confidential(reader, &mut tiles);
    super::common::mark_confidential(reader, &mut governance_tiles);
    let view = Dashboard {
        tiles,
        survey_tiles: survey_tiles(indicators),
        measure_tiles,
        governance_tiles,
        breaches: indicators.count(Status::Breach),
        warnings: indicators.count(Status::Warn),
        attention_href: urls::ATTENTION,
        data_links: exports
            .iter()
            .map(|(title, href)| Link {
                title: title.to_string(),
                href: href.to_string(),
            })
            .collect(),
    };
    PageOut::new(
        urls::DASHBOARD,
        "index.html",
        "Dashboard",
        urls::DASHBOARD,
        &view,
    )
}

/// The board's own governance: actions, declarations, quorum, each item named and linked.
fn governance(
    reader: &Reader,
    tile: &dyn Fn(&dyn crate::indicators::Reading, &str) -> Tile,
) -> Vec<Tile> {
    use super::common::Item;
    let g = &reader.indicators().governance;
    let style = reader.style();
    let titles: std::collections::BTreeMap<&str, &str> = reader
        .actions()
        .map(|a| (&*a.id, a.fields.title.value.as_str()))
        .collect();
    // The longest overdue first (the indicator lists them by id).
    let mut longest: Vec<_> = g.actions_overdue.value.iter().collect();
    longest.sort_by_key(|o| std::cmp::Reverse(o.days_overdue));
    let overdue = longest
        .into_iter()
        .map(|o| {
            let owner = o
                .owner
                .and_then(|id| reader.person_ref(id))
                .map_or("owner not shown", |p| p.name);
            Item {
                name: titles.get(o.id).copied().unwrap_or(o.id).to_string(),
                href: Some(urls::action(o.id)),
                text: format!(
                    "{owner}, {} overdue",
                    crate::words::plural(o.days_overdue as usize, "day")
                ),
                confidential: false,
            }
        })
        .collect();
    let undeclared = g
        .interests_undeclared
        .value
        .iter()
        .filter_map(|u| {
            let person = reader.person_ref(u.id)?;
            let text = match u.latest {
                Some(date) => format!("last declared {}", style.date(date)),
                None => "no declaration recorded".to_string(),
            };
            Some(Item::person(person.id, person.name, text))
        })
        .collect();
    let inquorate = g
        .meetings_inquorate
        .value
        .iter()
        .filter_map(|m| {
            let meeting = reader.meeting(m.id)?;
            Some(Item {
                name: super::governance::meeting_title(&meeting.fields),
                href: Some(urls::meeting(m.id)),
                text: style.date(m.date),
                confidential: false,
            })
        })
        .collect();
    vec![
        tile(&g.actions_open, urls::ACTIONS),
        tile_with(&g.actions_overdue, urls::ACTIONS, overdue),
        tile(&g.actions_on_time_share, urls::ACTIONS),
        tile_with(&g.interests_undeclared, urls::INTERESTS, undeclared),
        tile_with(&g.meetings_inquorate, urls::MEETINGS, inquorate),
    ]
}
