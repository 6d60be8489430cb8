//! Who was expected at each meeting held by the report date, and how they are recorded.

use crate::model::Model;
use crate::records::{Meeting, Record};
use serde::Serialize;

/// How an eligible member is recorded at a meeting (FORMAT.md: neither present nor in
/// apologies is absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    Present,
    Apologies,
    Absent,
}

/// One eligible member at one meeting.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub meeting: &'a Record<Meeting>,
    pub person: &'a str,
    pub mark: Mark,
}

/// The meetings that count, in id order: all of the model's, which holds none after the
/// report date (`model::bound`).
pub fn counted_meetings(model: &Model) -> impl Iterator<Item = &Record<Meeting>> {
    model.records.meetings.values()
}

/// Every eligible member of every counted meeting and how they are recorded, by meeting id
/// then person id.
pub fn entries(model: &Model) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    let seated = model.seated();
    for meeting in counted_meetings(model) {
        let fields = &meeting.fields;
        let listed = |list: &[crate::records::Located<String>], id: &str| {
            list.iter().any(|entry| entry.value == id)
        };
        // Board members of the meeting on its date: in post, and on the committee if it is one.
        for person in seated.iter().filter(|p| p.fields.is_member_of(fields)) {
            let mark = if listed(&fields.present, &person.id) {
                Mark::Present
            } else if listed(&fields.apologies, &person.id) {
                Mark::Apologies
            } else {
                Mark::Absent
            };
            entries.push(Entry {
                meeting,
                person: &person.id,
                mark,
            });
        }
    }
    entries
}
