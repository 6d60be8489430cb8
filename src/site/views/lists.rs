//! Lists a reader reaches from elsewhere: every indicator in breach or needing attention
//! (linked from the dashboard's count of them), and everyone recorded (linked from the
//! board).

use super::PageOut;
use super::common::{PersonLink, labelled, person_link, status_label};
use crate::indicators::{Entry, Status};
use crate::site::reader::Reader;
use crate::urls;
use serde::Serialize;

#[derive(Serialize)]
struct Attention {
    breaches: Vec<Flagged>,
    warnings: Vec<Flagged>,
}

#[derive(Serialize)]
pub(crate) struct Flagged {
    label: String,
    summary: String,
    status: Status,
    status_label: &'static str,
    /// Where the indicator is shown in full.
    href: String,
}

/// Every indicator whose status is breach or attention, each linked to where it is shown.
pub fn attention(reader: &Reader) -> PageOut {
    let (breaches, warnings) = flagged(reader);
    let view = Attention { breaches, warnings };
    PageOut::new(
        urls::ATTENTION,
        "attention.html",
        "Indicators needing attention",
        urls::DASHBOARD,
        &view,
    )
}

/// The indicators in breach, then those needing attention: the attention page's and the
/// board pack's executive summary.
pub(crate) fn flagged(reader: &Reader) -> (Vec<Flagged>, Vec<Flagged>) {
    let indicators = reader.indicators();
    let board = |anchor: &str| format!("{}#{anchor}", urls::BOARD);
    let mut all: Vec<(Entry, String)> = Vec::new();
    let mut area = |entries: Vec<Entry>, href: String| {
        all.extend(entries.into_iter().map(|e| (e, href.clone())));
    };
    area(indicators.board.entries(), board("flags"));
    area(indicators.attendance.entries(), board("attendance"));
    area(
        indicators.initiatives.entries(),
        urls::INITIATIVES.to_string(),
    );
    area(indicators.leaders.entries(), board("leaders"));
    area(indicators.survey.entries(), urls::SURVEYS.to_string());
    for m in &indicators.measures {
        // In words: the entry's summary is the terminal's, with the icons' codes.
        let mut entry = m.indicator.entry(m.id);
        entry.summary = super::measures::reading_in_words(reader, m);
        all.push((entry, urls::measure(m.id)));
    }
    all.extend(indicators.governance.entries().into_iter().map(|e| {
        let href = if e.id.contains("actions") {
            urls::ACTIONS
        } else if e.id.contains("interests") {
            urls::INTERESTS
        } else {
            urls::MEETINGS
        };
        (e, href.to_string())
    }));
    let of = |status: Status| -> Vec<Flagged> {
        all.iter()
            .filter(|(e, _)| e.status == status)
            .map(|(e, href)| Flagged {
                label: e.label.clone(),
                summary: e.summary.clone(),
                status: e.status,
                status_label: status_label(e.status),
                href: href.clone(),
            })
            .collect()
    };
    (of(Status::Breach), of(Status::Warn))
}

#[derive(Serialize)]
struct People<'m> {
    people: Vec<PersonRow<'m>>,
}

#[derive(Serialize)]
struct PersonRow<'m> {
    person: PersonLink<'m>,
    job_title: Option<&'m str>,
    /// Their board role, with "(former)" if they have left it or not yet taken it up.
    role: Option<String>,
    profession: String,
    clinical: bool,
}

/// Everyone recorded, board members and others, by name.
pub fn people(reader: &Reader) -> PageOut {
    let as_of = reader.as_of();
    let mut people: Vec<PersonRow> = reader
        .people()
        .filter_map(|record| {
            let p = &record.fields;
            Some(PersonRow {
                person: person_link(reader, &record.id)?,
                job_title: p.job_title.as_deref(),
                role: p.board.as_ref().map(|seat| {
                    let role = labelled(&seat.role.value);
                    if seat.in_post_on(as_of) {
                        role
                    } else {
                        format!("{role} (not in post)")
                    }
                }),
                profession: labelled(&p.profession),
                clinical: p.profession.is_clinical(),
            })
        })
        .collect();
    people.sort_by_cached_key(|p| p.person.sort_key());
    PageOut::new(
        urls::PEOPLE,
        "people.html",
        "People",
        urls::PEOPLE,
        &People { people },
    )
}
