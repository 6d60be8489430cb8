//! How the board governs (FORMAT.md v2): the meetings with their agendas, papers,
//! decisions and declarations; the action log; the register of interests.

use super::PageOut;
use super::common::{PersonLink, label, person_link};
use crate::facts::governance::Standing;
use crate::records::meeting::Session;
use crate::records::{Action, Meeting, Record};
use crate::site::reader::Reader;
use crate::style::When;
use crate::urls;
use serde::Serialize;

/// Who met: "Board", or "Audit committee".
fn body_name(body: &str) -> String {
    if body == crate::records::meeting::BOARD {
        "Board".to_string()
    } else {
        format!("{} committee", label(body))
    }
}

/// A meeting as it is named in lists and headings.
pub fn meeting_title(meeting: &Meeting) -> String {
    meeting.title_text().map_or_else(
        || format!("{} meeting", label(&meeting.body.value)),
        str::to_string,
    )
}

#[derive(Serialize)]
pub struct MeetingLink {
    pub title: String,
    pub date: When,
    pub href: String,
    pub confidential: bool,
}

pub fn meeting_link(reader: &Reader, meeting: &Record<Meeting>) -> MeetingLink {
    MeetingLink {
        title: meeting_title(&meeting.fields),
        date: reader.style().when(meeting.fields.date.value),
        href: urls::meeting(&meeting.id),
        confidential: meeting.fields.confidential,
    }
}

#[derive(Serialize)]
struct Meetings {
    meetings: Vec<MeetingRow>,
}

#[derive(Serialize)]
struct MeetingRow {
    meeting: MeetingLink,
    body: String,
    private: bool,
    present: usize,
    expected: usize,
    quorate: Option<bool>,
    items: usize,
    decisions: usize,
}

/// Every meeting up to the report date, newest first.
pub fn index(reader: &Reader) -> PageOut {
    let people: rustc_hash::FxHashSet<&str> = reader.people().map(|p| &*p.id).collect();
    let seated = reader.seated();
    let mut meetings: Vec<&Record<Meeting>> = reader.meetings().collect();
    meetings.sort_by(|a, b| (b.fields.date.value, &b.id).cmp(&(a.fields.date.value, &a.id)));
    let meetings = meetings
        .into_iter()
        .map(|m| {
            let f = &m.fields;
            MeetingRow {
                meeting: meeting_link(reader, m),
                body: body_name(&f.body.value),
                // "Board (private session) (private session)" read as a slip: a title that
                // says so already needs no mark after it.
                private: f.session == Session::Private
                    && !meeting_title(f)
                        .to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|word| word == "private"),
                // Those this build leaves out are not counted, as they are not expected.
                present: f
                    .present
                    .iter()
                    .filter(|p| people.contains(p.value.as_str()))
                    .count(),
                expected: seated.iter().filter(|p| p.fields.is_member_of(f)).count(),
                quorate: f.quorate,
                items: f.agenda.len(),
                decisions: f.decisions.len(),
            }
        })
        .collect();
    PageOut::new(
        urls::MEETINGS,
        "meetings.html",
        "Meetings",
        urls::MEETINGS,
        &Meetings { meetings },
    )
}

#[derive(Serialize)]
struct MeetingPage<'m> {
    title: String,
    date: When,
    body: String,
    private: bool,
    confidential: bool,
    draft: bool,
    quorate: Option<bool>,
    present: Vec<PersonLink<'m>>,
    apologies: Vec<PersonLink<'m>>,
    absent: Vec<PersonLink<'m>>,
    in_attendance: Vec<PersonLink<'m>>,
    agenda: Vec<Item<'m>>,
    decisions: Vec<Decision<'m>>,
    declarations: Vec<Declaration<'m>>,
    /// The minutes' path as a link's address ([`urls::paper_href`]).
    minutes: Option<std::borrow::Cow<'m, str>>,
    actions: Vec<ActionRow<'m>>,
}

#[derive(Serialize)]
struct Item<'m> {
    number: &'m str,
    /// The id of its row, for links from decisions, declarations and other pages.
    anchor: String,
    title: &'m str,
    purpose: &'static str,
    presenter: Option<PersonLink<'m>>,
    /// A presenter is named but this build leaves them out: the cell says so, as a
    /// hidden lead or owner's does, rather than read as if nobody presented.
    presenter_hidden: bool,
    /// The paper's path as a link's address ([`urls::paper_href`]).
    paper: Option<std::borrow::Cow<'m, str>>,
    about: Vec<super::common::Link>,
}

#[derive(Serialize)]
struct Decision<'m> {
    item: Option<&'m str>,
    anchor: Option<String>,
    text: &'m str,
}

#[derive(Serialize)]
struct Declaration<'m> {
    person: Option<PersonLink<'m>>,
    item: Option<&'m str>,
    anchor: Option<String>,
    interest: &'m str,
    action: Option<&'m str>,
}

pub fn page(reader: &Reader, id: &str) -> Option<PageOut> {
    let record = reader.meeting(id)?;
    let f = &record.fields;
    let links = |list: &[crate::records::Located<String>]| -> Vec<PersonLink> {
        list.iter()
            .filter_map(|p| person_link(reader, &p.value))
            .collect()
    };
    let absent: Vec<PersonLink> = reader
        .seated()
        .iter()
        .copied()
        .filter(|p| p.fields.is_member_of(f))
        .filter(|p| {
            !f.present
                .iter()
                .chain(&f.apologies)
                .any(|listed| *listed.value == *p.id)
        })
        .filter_map(|p| person_link(reader, &p.id))
        .collect();
    let agenda = f
        .agenda
        .iter()
        .map(|item| {
            let mut about = Vec::new();
            for i in &item.initiatives {
                if let Some(initiative) = reader.initiative(&i.value) {
                    about.push(super::common::Link {
                        title: initiative.fields.title.value.clone(),
                        href: urls::initiative(&initiative.id),
                    });
                }
            }
            for m in &item.measures {
                if let Some(measure) = reader.measure(&m.value) {
                    about.push(super::common::Link {
                        title: measure.fields.title.value.clone(),
                        href: urls::measure(&measure.id),
                    });
                }
            }
            let presenter = item
                .presenter
                .as_ref()
                .and_then(|p| person_link(reader, &p.value));
            Item {
                number: &item.item.value,
                anchor: f.anchor(&item.item.value),
                title: &item.title.value,
                purpose: item.purpose.words(),
                presenter_hidden: item.presenter.is_some() && presenter.is_none(),
                presenter,
                paper: item.paper.as_ref().map(|p| urls::paper_href(&p.value)),
                about,
            }
        })
        .collect();
    let anchor = |item: Option<&'_ crate::records::Located<String>>| {
        item.filter(|i| f.item(&i.value).is_some())
            .map(|i| f.anchor(&i.value))
    };
    let view = MeetingPage {
        title: meeting_title(f),
        date: reader.style().when(f.date.value),
        body: body_name(&f.body.value),
        private: f.session == Session::Private,
        confidential: f.confidential,
        draft: f.draft,
        quorate: f.quorate,
        present: links(&f.present),
        apologies: links(&f.apologies),
        absent,
        in_attendance: links(&f.in_attendance),
        agenda,
        decisions: f
            .decisions
            .iter()
            .map(|d| Decision {
                item: d.item.as_ref().map(|i| i.value.as_str()),
                anchor: anchor(d.item.as_ref()),
                text: &d.text.value,
            })
            .collect(),
        // A declaration by someone this build leaves out would tell of them: it goes too.
        declarations: f
            .declarations
            .iter()
            .filter_map(|d| {
                Some(Declaration {
                    person: Some(person_link(reader, &d.person.value)?),
                    item: d.item.as_ref().map(|i| i.value.as_str()),
                    anchor: anchor(d.item.as_ref()),
                    interest: &d.interest.value,
                    action: d.action.as_deref(),
                })
            })
            .collect(),
        minutes: f.minutes.as_ref().map(|m| urls::paper_href(&m.value)),
        actions: action_rows(reader, reader.agreed_at(id)),
    };
    let title = format!("{}, {}", view.title, view.date.text);
    Some(PageOut::new(
        urls::meeting(id),
        "meeting.html",
        title,
        urls::MEETINGS,
        &view,
    ))
}

#[derive(Serialize)]
pub struct ActionRow<'m> {
    id: &'m str,
    anchor: String,
    title: &'m str,
    owner: Option<PersonLink<'m>>,
    due: When,
    done: Option<When>,
    open: bool,
    days_overdue: Option<i64>,
    days_late: Option<i64>,
    progress: Option<&'m str>,
    meeting: Option<MeetingLink>,
    item: Option<&'m str>,
    item_href: Option<String>,
    initiative: Option<super::common::Link>,
    confidential: bool,
    extra: &'m crate::records::Extra,
}

/// Actions as the log shows them: open first (by due date, so the most overdue first),
/// then done (latest first).
pub fn action_rows<'m>(
    reader: &Reader<'_, 'm>,
    actions: Vec<(&'m Record<Action>, Option<&'m Record<Meeting>>)>,
) -> Vec<ActionRow<'m>> {
    let as_of = reader.as_of();
    let mut rows: Vec<(Standing, ActionRow)> = actions
        .into_iter()
        .map(|(action, meeting)| {
            let a = &action.fields;
            let standing = Standing::of(a, as_of);
            let item = a.item.as_ref().map(|i| i.value.as_str());
            let row = ActionRow {
                id: &action.id,
                anchor: format!("action-{}", action.id),
                title: &a.title.value,
                owner: person_link(reader, &a.owner.value),
                due: reader.style().when(a.due.value),
                done: a.done.as_ref().map(|d| reader.style().when(d.value)),
                open: standing.is_open(),
                days_overdue: match standing {
                    Standing::Overdue(days) => Some(days),
                    _ => None,
                },
                days_late: match standing {
                    Standing::Late(days) => Some(days),
                    _ => None,
                },
                progress: a.progress.as_deref(),
                item_href: meeting.zip(item).and_then(|(m, number)| {
                    m.fields
                        .item(number)
                        .map(|_| format!("{}#{}", urls::meeting(&m.id), m.fields.anchor(number)))
                }),
                meeting: meeting.map(|m| meeting_link(reader, m)),
                item,
                initiative: a.initiative.as_ref().and_then(|i| {
                    let initiative = reader.initiative(&i.value)?;
                    Some(super::common::Link {
                        title: initiative.fields.title.value.clone(),
                        href: urls::initiative(&initiative.id),
                    })
                }),
                confidential: a.confidential,
                extra: &a.extra,
            };
            (standing, row)
        })
        .collect();
    rows.sort_by(|(sa, a), (sb, b)| {
        let key = |s: &Standing, r: &ActionRow| {
            if s.is_open() {
                (0, r.due.iso.clone(), String::new())
            } else {
                // Latest done first: ISO dates sort as text; reversed by the caller below.
                (
                    1,
                    String::new(),
                    r.done.as_ref().map_or(String::new(), |d| d.iso.clone()),
                )
            }
        };
        let (ka, kb) = (key(sa, a), key(sb, b));
        ka.0.cmp(&kb.0)
            .then_with(|| ka.1.cmp(&kb.1))
            .then_with(|| kb.2.cmp(&ka.2))
            .then_with(|| a.id.cmp(b.id))
    });
    rows.into_iter().map(|(_, row)| row).collect()
}

#[derive(Serialize)]
pub(crate) struct Log<'m> {
    open: Vec<ActionRow<'m>>,
    done: Vec<ActionRow<'m>>,
    overdue: usize,
}

/// The action log: open actions first with days overdue, then those done.
pub fn log(reader: &Reader) -> PageOut {
    PageOut::new(
        urls::ACTIONS,
        "actions.html",
        "Action log",
        urls::MEETINGS,
        &log_view(reader),
    )
}

/// The action log's view: the log page's and the board pack's.
pub(crate) fn log_view<'m>(reader: &Reader<'_, 'm>) -> Log<'m> {
    let meetings: std::collections::BTreeMap<&str, &Record<Meeting>> =
        reader.meetings().map(|m| (&*m.id, m)).collect();
    let all = reader
        .actions()
        .map(|a| (a, meetings.get(a.fields.meeting.value.as_str()).copied()))
        .collect();
    let (open, done): (Vec<ActionRow>, Vec<ActionRow>) =
        action_rows(reader, all).into_iter().partition(|r| r.open);
    let overdue = open.iter().filter(|r| r.days_overdue.is_some()).count();
    Log {
        open,
        done,
        overdue,
    }
}

#[derive(Serialize)]
pub(crate) struct Register<'m> {
    members: Vec<Member<'m>>,
    declared_at_meetings: Vec<Declared<'m>>,
}

#[derive(Serialize)]
struct Member<'m> {
    person: PersonLink<'m>,
    role: String,
    interests: Vec<Held<'m>>,
    latest: Option<When>,
    /// Whether the latest declarations are nil returns alone: "Nothing to declare" is
    /// their words, not those of a member whose interests have all ended.
    nil_return: bool,
    /// No declaration or nil return in the year before the report date.
    undeclared: bool,
}

#[derive(Serialize)]
struct Held<'m> {
    kind: &'static str,
    description: &'m str,
    from: Option<When>,
    /// When a time-limited interest ends: held on the report date, so that day or later.
    to: Option<When>,
    action: Option<&'m str>,
}

#[derive(Serialize)]
struct Declared<'m> {
    person: PersonLink<'m>,
    meeting: MeetingLink,
    item: Option<&'m str>,
    item_href: Option<String>,
    interest: &'m str,
    action: Option<&'m str>,
}

/// The register of interests: each board member in post on the report date with the
/// interests they held that day, then the declarations made at meetings.
pub fn register(reader: &Reader) -> PageOut {
    PageOut::new(
        urls::INTERESTS,
        "interests.html",
        "Register of interests",
        urls::BOARD,
        &register_view(reader),
    )
}

/// The register's view: the register page's and the board pack's.
pub(crate) fn register_view<'m>(reader: &Reader<'_, 'm>) -> Register<'m> {
    let as_of = reader.as_of();
    let style = reader.style();
    let mut members: Vec<Member> = reader
        .people()
        .filter(|p| p.fields.board.as_ref().is_some_and(|b| b.in_post_on(as_of)))
        .filter_map(|p| {
            let latest = p
                .fields
                .interests
                .iter()
                .filter_map(|i| i.declared.as_ref().map(|d| d.value))
                .max();
            Some(Member {
                person: person_link(reader, &p.id)?,
                role: p
                    .fields
                    .board
                    .as_ref()
                    .map(|b| super::common::labelled(&b.role.value))
                    .unwrap_or_default(),
                interests: p
                    .fields
                    .interests
                    .iter()
                    .filter(|i| i.held_on(as_of))
                    .map(|i| Held {
                        kind: i.kind.words(),
                        description: i.description.as_ref().map_or("", |d| d.value.as_str()),
                        from: i.from.as_ref().map(|d| style.when(d.value)),
                        to: i.to.as_ref().map(|d| style.when(d.value)),
                        action: i.action.as_deref(),
                    })
                    .collect(),
                latest: latest.map(|d| style.when(d)),
                nil_return: crate::facts::governance::nil_return_latest(
                    &p.fields.interests,
                    latest,
                ),
                undeclared: crate::facts::governance::undeclared(latest, as_of),
            })
        })
        .collect();
    members.sort_by_cached_key(|m| m.person.sort_key());
    let mut meetings: Vec<&Record<Meeting>> = reader.meetings().collect();
    meetings.sort_by(|a, b| (b.fields.date.value, &b.id).cmp(&(a.fields.date.value, &a.id)));
    let declared_at_meetings = meetings
        .into_iter()
        .flat_map(|m| {
            m.fields.declarations.iter().filter_map(move |d| {
                let item = d.item.as_ref().map(|i| i.value.as_str());
                Some(Declared {
                    person: person_link(reader, &d.person.value)?,
                    meeting: meeting_link(reader, m),
                    item_href: item
                        .filter(|n| m.fields.item(n).is_some())
                        .map(|n| format!("{}#{}", urls::meeting(&m.id), m.fields.anchor(n))),
                    item,
                    interest: &d.interest.value,
                    action: d.action.as_deref(),
                })
            })
        })
        .collect();
    Register {
        members,
        declared_at_meetings,
    }
}

#[derive(Serialize)]
pub struct Discussed<'m> {
    meeting: MeetingLink,
    number: &'m str,
    title: &'m str,
    purpose: &'static str,
    /// The item on its meeting's page.
    href: String,
}

/// The agenda items that discussed the initiative or measure `id`, newest first.
pub fn discussions<'m>(
    reader: &Reader<'_, 'm>,
    kind: crate::records::Kind,
    id: &'m str,
) -> Vec<Discussed<'m>> {
    reader
        .discussed(kind, id)
        .iter()
        .rev()
        .map(|d| Discussed {
            meeting: meeting_link(reader, d.meeting),
            number: &d.item.item.value,
            title: &d.item.title.value,
            purpose: d.item.purpose.words(),
            href: format!(
                "{}#{}",
                urls::meeting(&d.meeting.id),
                d.meeting.fields.anchor(&d.item.item.value)
            ),
        })
        .collect()
}
