//! The board: members in post with their roles and tenure, composition, flags, the
//! attendance matrix, the clinical share over time and the clinical leaders' time.

use super::PageOut;
use super::common::{PersonLink, Tile, label, labelled, person_link, tile, tile_with};
use super::items;
use crate::facts::attendance::Mark;
use crate::indicators::{Reading, Status, count_share, number, percent, percent_against, share};
use crate::records::person::BoardRole;
use crate::records::{Meeting, Record};
use crate::site::charts;
use crate::site::reader::Reader;
use crate::style::{When, tenure};
use crate::urls;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Board<'m> {
    people_href: &'static str,
    members: Vec<MemberRow<'m>>,
    composition_svg: String,
    professions: Vec<ProfessionCount>,
    summary: Summary<'m>,
    flags: Vec<Tile>,
    meetings: Vec<MeetingColumn<'m>>,
    matrix: Vec<MatrixRow<'m>>,
    history_svg: String,
    history: Vec<QuarterRow>,
    leaders: Vec<LeaderRow<'m>>,
}

#[derive(Serialize)]
struct MemberRow<'m> {
    #[serde(skip)]
    order: BoardRole,
    person: PersonLink<'m>,
    role: String,
    profession: String,
    clinical: bool,
    voting: bool,
    independent: bool,
    non_executive: bool,
    first_appointed: When,
    tenure: String,
    term_ends: Option<When>,
    /// The term ended before the report date, and they are in post with no `left`.
    term_ended: bool,
}

#[derive(Serialize)]
struct ProfessionCount {
    profession: String,
    count: usize,
}

/// The board's figures as read.
#[derive(Serialize)]
struct Summary<'m> {
    members: &'m str,
    voting: &'m str,
    clinical_share: &'m str,
    voting_clinical_share: &'m str,
    doctors: &'m str,
    independence: &'m str,
    attendance: &'m str,
    management_share: &'m str,
}

#[derive(Serialize)]
struct MeetingColumn<'m> {
    id: String,
    date: When,
    body: String,
    title: String,
    /// As minuted, if it was.
    quorate: Option<bool>,
    confidential: bool,
    extra: &'m crate::records::Extra,
}

#[derive(Serialize)]
struct MatrixRow<'m> {
    person: PersonLink<'m>,
    cells: Vec<Cell>,
    rate: String,
    /// Below `attendance_min`, as `attendance.by_member` flags it: the rate alone (43%)
    /// did not say it was one of the flags above.
    below: bool,
}

#[derive(Serialize)]
pub struct Cell {
    mark: &'static str,
    label: &'static str,
}

/// How an attendance mark is shown (None: not a member of that meeting).
pub fn mark_cell(mark: Option<Mark>) -> Cell {
    let (mark, label) = match mark {
        Some(Mark::Present) => ("present", "Present"),
        Some(Mark::Apologies) => ("apologies", "Apologies"),
        Some(Mark::Absent) => ("absent", "Absent"),
        None => ("none", "Not a member"),
    };
    Cell { mark, label }
}

#[derive(Serialize)]
struct QuarterRow {
    quarter: String,
    date: When,
    members: usize,
    clinical: usize,
    share: String,
}

#[derive(Serialize)]
struct LeaderRow<'m> {
    person: PersonLink<'m>,
    clinical: String,
    supporting: String,
    management: String,
    actual: Option<String>,
    overrun: bool,
    share: String,
}

/// Every board indicator with a status of its own, with whom it is about: the board page's
/// flags, and on a person's page those that name them.
pub fn flags(reader: &Reader) -> Vec<Tile> {
    let style = reader.style();
    let flags_href = format!("{}#flags", urls::BOARD);
    let b = &reader.indicators().board;
    let with = |indicator: &dyn Reading, items| tile_with(indicator, &flags_href, items);
    let flags: Vec<Tile> = [
        tile(&b.independence, &flags_href),
        items::roles_missing_tile(&b.mandatory_roles_missing, &flags_href),
        with(
            &b.terms_ending,
            items::terms_ending(style, &b.terms_ending.value),
        ),
        with(
            &b.tenure_review,
            items::tenures(reader, &b.tenure_review.value),
        ),
        with(
            &b.tenure_breach,
            items::tenures(reader, &b.tenure_breach.value),
        ),
        with(
            &b.fit_and_proper_overdue,
            items::fit_and_proper(style, &b.fit_and_proper_overdue.value),
        ),
    ]
    .into_iter()
    .filter(|t| t.status != Status::Info)
    .collect();
    let mut flags = flags;
    super::common::mark_confidential(reader, &mut flags);
    flags
}

pub fn view(reader: &Reader) -> PageOut {
    let as_of = reader.as_of();
    let style = reader.style();
    let indicators = reader.indicators();
    let people: Vec<_> = reader.people().collect();
    let mut members: Vec<MemberRow> = people
        .iter()
        .filter_map(|record| {
            let seat = record.fields.board.as_ref()?;
            if !seat.in_post_on(as_of) {
                return None;
            }
            Some(MemberRow {
                order: seat.role.value,
                person: person_link(reader, &record.id)?,
                role: labelled(&seat.role.value),
                profession: labelled(&record.fields.profession),
                clinical: record.fields.profession.is_clinical(),
                voting: seat.voting(),
                independent: seat.independent(),
                non_executive: seat.role.value.is_non_executive(),
                first_appointed: style.when(seat.first_appointed.value),
                tenure: tenure(seat.first_appointed.value, as_of),
                term_ends: seat.term_ends.as_ref().map(|t| style.when(t.value)),
                term_ended: seat.term_run_out(as_of),
            })
        })
        .collect();
    // The order of roles in FORMAT.md (chair, chief executive, directors, non-executives),
    // then by name.
    members.sort_by_cached_key(|m| (m.order, m.person.sort_key()));

    let mut professions: BTreeMap<String, usize> = BTreeMap::new();
    for m in &members {
        *professions.entry(m.profession.clone()).or_default() += 1;
    }
    let bars: Vec<(String, f64, String)> = professions
        .iter()
        .map(|(p, n)| (p.clone(), *n as f64, n.to_string()))
        .collect();
    let composition_svg = charts::bars(
        "composition",
        "Board members in post by profession",
        &format!(
            "{} members; the table above gives each one.",
            crate::words::count(members.len())
        ),
        &bars,
    );

    let b = &indicators.board;
    let flags = flags(reader);

    // Attendance matrix: members (anyone eligible for a counted meeting) by meetings, in
    // the order they were held (records are kept by id: `arc-…` came before `board-…`).
    let mut held: Vec<&Record<Meeting>> = reader.meetings().collect();
    held.sort_by(|a, b| (a.fields.date.value, &a.id).cmp(&(b.fields.date.value, &b.id)));
    let meetings: Vec<MeetingColumn> = held
        .into_iter()
        .map(|m| MeetingColumn {
            id: m.id.to_string(),
            date: style.when(m.fields.date.value),
            body: label(&m.fields.body.value),
            title: m
                .fields
                .title_text()
                .map_or_else(|| label(&m.fields.body.value), str::to_string),
            quorate: m.fields.quorate,
            confidential: m.fields.confidential,
            extra: &m.fields.extra,
        })
        .collect();
    let column: rustc_hash::FxHashMap<&str, usize> = meetings
        .iter()
        .enumerate()
        .map(|(at, m)| (m.id.as_str(), at))
        .collect();
    let below: rustc_hash::FxHashSet<&str> = indicators
        .attendance
        .by_member
        .value
        .iter()
        .filter(|m| m.status == Status::Warn)
        .map(|m| m.id)
        .collect();
    let matrix: Vec<MatrixRow> = reader
        .attendance()
        .iter()
        .filter_map(|(id, entries)| {
            // One entry at most per meeting.
            let mut marks: Vec<Option<Mark>> = vec![None; meetings.len()];
            for entry in entries {
                if let Some(&at) = column.get(&*entry.meeting.id) {
                    marks[at] = Some(entry.mark);
                }
            }
            let present = marks.iter().filter(|m| **m == Some(Mark::Present)).count();
            let eligible = marks.iter().filter(|m| m.is_some()).count();
            Some(MatrixRow {
                person: person_link(reader, id)?,
                cells: marks.into_iter().map(mark_cell).collect(),
                rate: format!(
                    "{} ({} of {})",
                    percent_against(
                        count_share(present, eligible),
                        reader.config().rules.attendance_min.value
                    ),
                    crate::words::count(present),
                    crate::words::count(eligible)
                ),
                below: below.contains(&**id),
            })
        })
        .collect();

    let history = &indicators.board.clinical_share_history.value;
    let points: Vec<(String, Option<f64>)> = history
        .iter()
        .map(|q| (style.quarter(q.date), q.share))
        .collect();
    let history_svg = charts::shares(
        "history",
        "Clinical share of the board, last 8 quarter ends",
        "A line of the share of board members from a clinical profession at each quarter end; the table below gives the figures.",
        &points,
    );
    let history = history
        .iter()
        .map(|q| QuarterRow {
            quarter: style.quarter(q.date),
            date: style.when(q.date),
            members: q.members,
            clinical: q.clinical,
            share: percent(q.share),
        })
        .collect();

    let leaders = people
        .iter()
        .filter_map(|p| {
            let plan = p.fields.job_plan.as_ref()?;
            let total = plan.clinical.value + plan.supporting.value + plan.management.value;
            let actual = plan.management_actual.as_ref().map(|a| a.value);
            Some(LeaderRow {
                person: person_link(reader, &p.id)?,
                clinical: number(plan.clinical.value),
                supporting: number(plan.supporting.value),
                management: number(plan.management.value),
                actual: actual.map(number),
                overrun: actual.is_some_and(|a| a > plan.management.value),
                share: percent(share(plan.management.value, total)),
            })
        })
        .collect();

    let (a, l) = (&indicators.attendance, &indicators.leaders);
    let view = Board {
        people_href: urls::PEOPLE,
        composition_svg,
        professions: professions
            .into_iter()
            .map(|(profession, count)| ProfessionCount { profession, count })
            .collect(),
        members,
        summary: Summary {
            members: &b.members.summary,
            voting: &b.voting.summary,
            clinical_share: &b.clinical_share.summary,
            voting_clinical_share: &b.voting_clinical_share.summary,
            doctors: &b.doctors.summary,
            independence: &b.independence.summary,
            attendance: &a.rate.summary,
            management_share: &l.management_share.summary,
        },
        flags,
        meetings,
        matrix,
        history_svg,
        history,
        leaders,
    };
    PageOut::new(urls::BOARD, "board.html", "Board", urls::BOARD, &view)
}
