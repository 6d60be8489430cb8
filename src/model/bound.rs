//! The report date bounds everything (FORMAT.md v2): nothing dated after `as_of` counts or
//! shows. Applied once, to the model, so every indicator, page and export sees the same
//! records: measure points whose period ends after the date, surveys and meetings dated
//! after it are left out, and so are actions agreed at later meetings and interests declared
//! later; milestones and actions done after it count as not done.
//!
//! Each file that loses something says so once, as a warning at the first thing it lost.

use super::Records;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::records::person::Interest;
use crate::records::{Action, Id, Located, Record};
use crate::words::plural;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Moves the records dated after `as_of` into `later`.
pub fn to_report_date(
    records: &mut Records,
    as_of: Date,
    problems: &mut Vec<Diagnostic>,
    later: &mut Records,
) {
    for record in records.measures.values_mut() {
        let points = &record.fields.points.value;
        let kept = points
            .iter()
            .take_while(|p| p.period.value.end <= as_of)
            .count();
        if kept == points.len() {
            continue;
        }
        let left_out = points.len() - kept;
        let first = &points[kept].period;
        problems.push(warning(
            record,
            first,
            format!(
                "{} after the report date ({as_of}) {} left out",
                plural(left_out, "point"),
                if left_out == 1 { "is" } else { "are" },
            ),
        ));
        let mut fields = (*record.fields).clone();
        fields.points.value.truncate(kept);
        record.fields = Arc::new(fields);
    }
    for record in records.initiatives.values_mut() {
        let late: Vec<&Located<Date>> = record
            .fields
            .milestones
            .iter()
            .filter_map(|m| m.done.as_ref())
            .filter(|done| done.value > as_of)
            .collect();
        let Some(first) = late.first() else {
            continue;
        };
        problems.push(warning(
            record,
            first,
            format!(
                "{} done after the report date ({as_of}) {} as not done",
                plural(late.len(), "milestone"),
                if late.len() == 1 { "counts" } else { "count" },
            ),
        ));
        let mut fields = (*record.fields).clone();
        for milestone in &mut fields.milestones {
            if milestone.done.as_ref().is_some_and(|d| d.value > as_of) {
                milestone.done = None;
            }
        }
        record.fields = Arc::new(fields);
    }
    actions(records, as_of, problems, &mut later.actions);
    interests(records, as_of, problems);
    fit_and_proper(records, as_of, problems);
    leave_out_later(
        &mut records.surveys,
        "survey",
        as_of,
        problems,
        |s| &s.date,
        &mut later.surveys,
    );
    leave_out_later(
        &mut records.meetings,
        "meeting",
        as_of,
        problems,
        |m| &m.date,
        &mut later.meetings,
    );
}

/// Actions agreed at meetings after `as_of` are left out; those done after it are open.
fn actions(
    records: &mut Records,
    as_of: Date,
    problems: &mut Vec<Diagnostic>,
    later: &mut BTreeMap<Id, Record<Action>>,
) {
    let meetings = &records.meetings;
    let agreed_later = records.actions.extract_if(.., |_, action| {
        let meeting = &action.fields.meeting;
        let Some(held) = meetings.get(meeting.value.as_str()).map(|m| m.fields.date.value) else {
            return false;
        };
        if held <= as_of {
            return false;
        }
        problems.push(warning(
            action,
            meeting,
            format!("this action was agreed at a meeting after the report date ({as_of}) and is left out of the report"),
        ));
        true
    });
    later.extend(agreed_later);
    for action in records.actions.values_mut() {
        let Some(done) = action.fields.done.as_ref().filter(|d| d.value > as_of) else {
            continue;
        };
        problems.push(warning(
            action,
            done,
            format!("this action was done after the report date ({as_of}), so it counts as open"),
        ));
        let mut fields = (*action.fields).clone();
        fields.done = None;
        action.fields = Arc::new(fields);
    }
}

/// Declarations and nil returns made after `as_of` are left out: the register is as it
/// stood on the report date. An interest declared in advance of its start stays, declared;
/// it is on the register from the day it begins (`Interest::held_on`).
fn interests(records: &mut Records, as_of: Date, problems: &mut Vec<Diagnostic>) {
    let later = |i: &Interest| i.declared.as_ref().is_some_and(|d| d.value > as_of);
    for person in records.people.values_mut() {
        let left_out: Vec<&Located<Interest>> = person
            .fields
            .interests
            .iter()
            .filter(|i| later(i))
            .collect();
        let Some(declared) = left_out.first().and_then(|first| first.declared.as_ref()) else {
            continue;
        };
        problems.push(warning(
            person,
            declared,
            format!(
                "{} made after the report date ({as_of}) {} left out",
                plural(left_out.len(), "declaration"),
                if left_out.len() == 1 { "is" } else { "are" },
            ),
        ));
        let mut fields = (*person.fields).clone();
        fields.interests.retain(|i| !later(i));
        person.fields = Arc::new(fields);
    }
}

/// A fit and proper assessment dated after `as_of` had not happened on the report date: a
/// pack made again for an earlier quarter, from records updated since, showed a lapsed
/// check as done. The member has no assessment on record as of then (the records keep
/// only the latest).
fn fit_and_proper(records: &mut Records, as_of: Date, problems: &mut Vec<Diagnostic>) {
    for person in records.people.values_mut() {
        let Some(date) = person
            .fields
            .fit_and_proper
            .as_ref()
            .filter(|d| d.value > as_of)
        else {
            continue;
        };
        problems.push(warning(
            person,
            date,
            format!(
                "this fit and proper assessment is dated after the report date ({as_of}), so the report counts none for this member"
            ),
        ));
        let mut fields = (*person.fields).clone();
        fields.fit_and_proper = None;
        person.fields = Arc::new(fields);
    }
}

/// Removes the records dated after `as_of`, each with its warning.
fn leave_out_later<T>(
    records: &mut BTreeMap<Id, Record<T>>,
    noun: &str,
    as_of: Date,
    problems: &mut Vec<Diagnostic>,
    date: fn(&T) -> &Located<Date>,
    later: &mut BTreeMap<Id, Record<T>>,
) {
    let dated_later = records.extract_if(.., |_, record| {
        let dated = date(&record.fields);
        if dated.value <= as_of {
            return false;
        }
        problems.push(warning(
            record,
            dated,
            format!(
                "this {noun} is dated after the report date ({as_of}) and is left out of the report"
            ),
        ));
        true
    });
    later.extend(dated_later);
}

fn warning<T, V>(record: &Record<T>, at: &Located<V>, message: String) -> Diagnostic {
    let (line, column) = record.origin().position(&at.location);
    Diagnostic::warning(&*record.file, line, column, message).with_help(
        "the report shows what is dated up to `as_of` in boardpack.yaml: if this date is right, move `as_of` on to include it; if not, correct this date",
    )
}
