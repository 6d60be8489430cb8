//! A person's page: their role, job plan, attendance, the initiatives they lead or sponsor,
//! their biography and declared interests.

use super::PageOut;
use super::board::{Cell, mark_cell};
use super::common::{label, labelled};
use super::initiatives::{InitiativeLink, initiative_link};
use crate::facts::attendance::Mark;
use crate::indicators::{count_share, number, percent_against};
use crate::records::{Extra, Initiative, Record};
use crate::site::reader::Reader;
use crate::style::When;
use crate::urls;
use serde::Serialize;

#[derive(Serialize)]
struct PersonView<'m> {
    id: &'m str,
    name: &'m str,
    job_title: Option<&'m str>,
    profession: String,
    clinical: bool,
    confidential: bool,
    draft: bool,
    board: Option<Seat>,
    fit_and_proper: Option<When>,
    job_plan: Option<JobPlan>,
    attendance: Vec<Attended>,
    attendance_rate: String,
    /// Below `attendance_min`, as the board's attendance grid marks it.
    attendance_below: bool,
    leads: Vec<InitiativeLink<'m>>,
    sponsors: Vec<InitiativeLink<'m>>,
    bio_html: String,
    interests: Vec<Interest<'m>>,
    /// The board's flags that name them ("Terms ending within 180 days: term ends 31
    /// January 2027"): the board page listed them, and their own page said nothing.
    flags: Vec<PersonFlag>,
    /// The actions they own, open first.
    actions: Vec<super::governance::ActionRow<'m>>,
    extra: &'m Extra,
}

#[derive(Serialize)]
struct PersonFlag {
    label: String,
    status: crate::indicators::Status,
    status_label: &'static str,
    /// What of them ("term ends 31 January 2027 (in 123 days)").
    text: String,
    /// The flag on the board page.
    href: String,
}

#[derive(Serialize)]
struct Seat {
    role: String,
    voting: bool,
    independent: bool,
    non_executive: bool,
    first_appointed: When,
    term_ends: Option<When>,
    /// The term ended before the report date, and they are in post with no `left`.
    term_ended: bool,
    left: Option<When>,
    /// Whether `left` is after the report date: they leave then, and were in post on it.
    leaving: bool,
    /// Years and months in post, up to the report date or their leaving; "not yet in post"
    /// when appointed after the report date ("less than a month" read as in post).
    tenure: String,
    in_post: bool,
    committees: Vec<String>,
}

#[derive(Serialize)]
struct JobPlan {
    clinical: String,
    supporting: String,
    management: String,
    actual: Option<String>,
}

#[derive(Serialize)]
struct Attended {
    date: When,
    title: String,
    body: String,
    mark: Cell,
}

#[derive(Serialize)]
struct Interest<'m> {
    /// Empty for a nil return.
    description: &'m str,
    nil: bool,
    kind: &'static str,
    from: Option<When>,
    to: Option<When>,
    /// Ended before the report date: no longer on the register.
    ended: bool,
    action: Option<&'m str>,
    declared: Option<When>,
}

fn links<'m>(list: &[&'m Record<Initiative>]) -> Vec<InitiativeLink<'m>> {
    list.iter().map(|i| initiative_link(i)).collect()
}

pub fn page(reader: &Reader, id: &str) -> Option<PageOut> {
    let record = reader.person(id)?;
    let person = &record.fields;
    let style = reader.style();
    let path = urls::person(&record.id);
    let entries = reader.attendance_of(id);
    // By date, whatever the meeting: the board's and committees' meetings interleaved, as
    // the person attended them (by id, the board's came first and then each committee's).
    let mut by_date: Vec<_> = entries.iter().collect();
    by_date.sort_by_key(|e| (e.meeting.fields.date.value, &e.meeting.id));
    let attendance: Vec<Attended> = by_date
        .into_iter()
        .map(|e| {
            let m = &e.meeting.fields;
            Attended {
                date: style.when(m.date.value),
                title: m
                    .title_text()
                    .map_or_else(|| label(&m.body.value), str::to_string),
                body: label(&m.body.value),
                mark: mark_cell(Some(e.mark)),
            }
        })
        .collect();
    let present = entries.iter().filter(|e| e.mark == Mark::Present).count();
    let view = PersonView {
        id: &record.id,
        name: &person.name.value,
        job_title: person.job_title.as_deref(),
        profession: labelled(&person.profession),
        clinical: person.profession.is_clinical(),
        confidential: person.confidential,
        draft: person.draft,
        board: person.board.as_ref().map(|s| Seat {
            role: labelled(&s.role.value),
            voting: s.voting(),
            independent: s.independent(),
            non_executive: s.role.value.is_non_executive(),
            first_appointed: style.when(s.first_appointed.value),
            term_ends: s.term_ends.as_ref().map(|t| style.when(t.value)),
            term_ended: s.term_run_out(reader.as_of()),
            left: s.left.as_ref().map(|l| style.when(l.value)),
            leaving: s.left.as_ref().is_some_and(|l| l.value > reader.as_of()),
            tenure: if s.first_appointed.value > reader.as_of() {
                "not yet in post".into()
            } else {
                crate::style::tenure(
                    s.first_appointed.value,
                    s.left
                        .as_ref()
                        .map_or(reader.as_of(), |l| l.value.min(reader.as_of())),
                )
            },
            in_post: s.in_post_on(reader.as_of()),
            committees: s.committees.iter().map(|c| label(&c.value)).collect(),
        }),
        fit_and_proper: person.fit_and_proper.as_ref().map(|d| style.when(d.value)),
        job_plan: person.job_plan.as_ref().map(|p| JobPlan {
            clinical: number(p.clinical.value),
            supporting: number(p.supporting.value),
            management: number(p.management.value),
            actual: p.management_actual.as_ref().map(|a| number(a.value)),
        }),
        attendance_rate: if attendance.is_empty() {
            String::new()
        } else {
            format!(
                "{} ({} of {})",
                percent_against(
                    count_share(present, attendance.len()),
                    reader.config().rules.attendance_min.value
                ),
                crate::words::count(present),
                crate::words::count(attendance.len())
            )
        },
        attendance_below: reader
            .indicators()
            .attendance
            .by_member
            .value
            .iter()
            .any(|m| m.id == id && m.status == crate::indicators::Status::Warn),
        attendance,
        leads: links(reader.led_by(id)),
        sponsors: links(reader.sponsored_by(id)),
        bio_html: reader.body_html(record, &path),
        interests: person
            .interests
            .iter()
            .map(|i| Interest {
                description: i.description.as_ref().map_or("", |d| d.value.as_str()),
                nil: i.nil.value,
                kind: i.kind.words(),
                from: i.from.as_ref().map(|d| style.when(d.value)),
                to: i.to.as_ref().map(|d| style.when(d.value)),
                ended: i.to.as_ref().is_some_and(|t| t.value < reader.as_of()),
                action: i.action.as_deref(),
                declared: i.declared.as_ref().map(|d| style.when(d.value)),
            })
            .collect(),
        flags: super::board::flags(reader)
            .into_iter()
            .flat_map(|tile| {
                let (label, href) = (tile.label, tile.href);
                let (status, status_label) = (tile.status, tile.status_label);
                tile.items
                    .into_iter()
                    .filter(|item| item.href.as_deref() == Some(path.as_str()))
                    .map(move |item| PersonFlag {
                        label: label.clone(),
                        status,
                        status_label,
                        text: item.text,
                        href: href.clone(),
                    })
            })
            .collect(),
        actions: super::governance::action_rows(reader, reader.owned_by(id)),
        extra: &person.extra,
    };
    Some(PageOut::new(
        path,
        "person.html",
        person.name.value.clone(),
        urls::BOARD,
        &view,
    ))
}
