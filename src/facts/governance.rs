//! The action log and the register of interests as of the report date (FORMAT.md and
//! INDICATORS.md v2): what is open, overdue, done on time or late, and who is on the
//! register with what. The model has already left out what is dated after the report date
//! and counted actions done after it as open.

use crate::date::Date;
use crate::model::Model;
use crate::records::person::Interest;
use crate::records::{Action, Person, Record};

/// Where an action stands on the report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Open, and due on or after the report date.
    Open,
    /// Open, and this many days past its due date (at least 1).
    Overdue(i64),
    /// Done on or before its due date.
    OnTime,
    /// Done this many days after its due date.
    Late(i64),
}

impl Standing {
    pub fn of(action: &Action, as_of: Date) -> Standing {
        let due = action.due.value;
        match &action.done {
            Some(done) if done.value <= due => Standing::OnTime,
            Some(done) => Standing::Late(due.days_until(done.value)),
            None if due < as_of => Standing::Overdue(due.days_until(as_of)),
            None => Standing::Open,
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Standing::Open | Standing::Overdue(_))
    }
}

/// The actions in the order the log shows them: open ones first, most overdue first, then
/// by due date; then those done, latest first. Ties by id.
pub fn action_log(model: &Model) -> Vec<(&Record<Action>, Standing)> {
    let mut log: Vec<_> = model
        .records
        .actions
        .values()
        .map(|a| (a, Standing::of(&a.fields, model.as_of)))
        .collect();
    log.sort_by(|(a, sa), (b, sb)| {
        let key = |r: &Record<Action>, s: Standing| match s {
            Standing::Open | Standing::Overdue(_) => (0, Some(r.fields.due.value), None),
            Standing::OnTime | Standing::Late(_) => (
                1,
                None,
                r.fields.done.as_ref().map(|d| std::cmp::Reverse(d.value)),
            ),
        };
        key(a, *sa).cmp(&key(b, *sb)).then_with(|| a.id.cmp(&b.id))
    });
    log
}

/// One board member on the register.
pub struct Registered<'m> {
    pub person: &'m Record<Person>,
    /// The interests held on the report date, in the order written.
    pub held: Vec<&'m Interest>,
    /// The latest declaration or nil return on or before the report date.
    pub latest: Option<Date>,
}

impl Registered<'_> {
    /// No declaration or nil return within the 365 days before the report date: one made
    /// exactly 365 days before still counts.
    pub fn undeclared(&self, as_of: Date) -> bool {
        undeclared(self.latest, as_of)
    }

    /// Whether the latest declarations are nil returns alone ([`nil_return_latest`]).
    pub fn nil_return(&self) -> bool {
        nil_return_latest(&self.person.fields.interests, self.latest)
    }
}

/// Whether the declarations dated `latest` are nil returns alone: what the register
/// calls "Nothing to declare". An interest declared the same day (one that begins later)
/// is not nothing.
pub fn nil_return_latest(
    interests: &[crate::records::Located<Interest>],
    latest: Option<Date>,
) -> bool {
    let Some(latest) = latest else {
        return false;
    };
    let mut on_latest = interests
        .iter()
        .filter(|i| i.declared.as_ref().is_some_and(|d| d.value == latest))
        .peekable();
    on_latest.peek().is_some() && on_latest.all(|i| i.nil.value)
}

/// Whether a member whose latest declaration or nil return was `latest` has made none in
/// the 365 days before `as_of` (one exactly 365 days before counts).
pub fn undeclared(latest: Option<Date>, as_of: Date) -> bool {
    latest.is_none_or(|latest| latest.days_until(as_of) > 365)
}

/// The register of interests: every board member in post on the report date, by id.
pub fn register(model: &Model) -> Vec<Registered<'_>> {
    let as_of = model.as_of;
    model
        .records
        .people
        .values()
        .filter(|p| p.fields.board.as_ref().is_some_and(|b| b.in_post_on(as_of)))
        .map(|person| Registered {
            person,
            held: person
                .fields
                .interests
                .iter()
                .map(|i| &i.value)
                .filter(|i| i.held_on(as_of))
                .collect(),
            latest: person
                .fields
                .interests
                .iter()
                .filter_map(|i| i.declared.as_ref().map(|d| d.value))
                .filter(|d| *d <= as_of)
                .max(),
        })
        .collect()
}
