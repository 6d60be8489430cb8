//! Cross-record checks: references between records, duplicates and meeting eligibility.
//! All problems are collected; none stops the others from being found.

use super::Records;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::records::meeting::BOARD;
use crate::records::{Each, Fields, Kind, Located, Record};
use crate::suggest;
use crate::yaml::Origin;
use std::collections::{BTreeMap, BTreeSet};

/// Keeps the first record of each id (by path) and reports the others, naming both files.
/// The id goes into `unsure`: which of the files a reference to it means is unknown, so
/// references to it are not judged (judged against the wrong file, each would be one more
/// misleading error behind the one that matters).
pub struct Dedupe<'a> {
    pub unsure: Unsure,
    pub problems: &'a mut Vec<Diagnostic>,
}

impl Each for Dedupe<'_> {
    fn one<T: Fields>(&mut self, list: Vec<Record<T>>) -> BTreeMap<String, Record<T>> {
        dedupe(list, T::KIND, &mut self.unsure, self.problems)
    }
}

fn dedupe<T>(
    records: Vec<Record<T>>,
    kind: Kind,
    unsure: &mut Unsure,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Record<T>> {
    let mut by_id: BTreeMap<String, Record<T>> = BTreeMap::new();
    let mut sorted = records;
    sorted.sort_by(|a, b| a.file.cmp(&b.file));
    for record in sorted {
        if let Some(first) = by_id.get(&record.id) {
            unsure.insert((kind, record.id.clone()));
            problems.push(
                Diagnostic::file_error(&record.file, format!("duplicate {} id `{}`: `{}` has the same id", kind.noun(), record.id, first.file))
                    .with_help("a record's id is its file name, and sub-folders do not change it: rename one of the two files"),
            );
        } else {
            by_id.insert(record.id.clone(), record);
        }
    }
    by_id
}

/// Ids that references to cannot be judged, because their own error is already reported:
/// files that did not parse, and ids two files share.
pub type Unsure = BTreeSet<(Kind, String)>;

/// What the cross-record checks can rely on besides the records.
pub struct Known<'a> {
    /// Ids references to are not judged.
    pub unsure: &'a Unsure,
    /// The report date, if it can be relied on: unknown when `boardpack.yaml` did not
    /// parse, or when it is taken from the records and a meeting or measure did not.
    pub as_of: Option<Date>,
}

pub fn check_references(records: &Records, known: &Known<'_>, problems: &mut Vec<Diagnostic>) {
    let refs = Refs {
        records,
        unparsed: known.unsure,
    };
    let as_of = known.as_of;
    let committees: BTreeSet<&str> = records
        .people
        .values()
        .filter_map(|p| p.fields.board.as_ref())
        .flat_map(|seat| seat.committees.iter().map(|c| c.value.as_str()))
        .collect();
    // A committee exists when a member lists it, so while a person's file is in doubt
    // an unknown committee may be theirs: not judged.
    let people_unsure = known.unsure.iter().any(|(kind, _)| *kind == Kind::Person);
    for meeting in records.meetings.values() {
        check_meeting(&refs, meeting, &committees, people_unsure, problems);
    }
    for initiative in records.initiatives.values() {
        let origin = initiative.origin();
        let fields = &initiative.fields;
        refs.person(&fields.lead, "lead", origin, problems);
        if let Some(sponsor) = &fields.sponsor
            && refs.person(sponsor, "sponsor", origin, problems)
        {
            check_sponsor(records, sponsor, as_of, origin, problems);
        }
        for measure in &fields.measures {
            refs.measure(measure, origin, problems);
        }
    }
}

fn check_meeting(
    refs: &Refs<'_>,
    meeting: &Record<crate::records::Meeting>,
    committees: &BTreeSet<&str>,
    people_unsure: bool,
    problems: &mut Vec<Diagnostic>,
) {
    let records = refs.records;
    let origin = meeting.origin();
    let fields = &meeting.fields;
    let body = &fields.body.value;
    if body != BOARD && !committees.contains(body.as_str()) {
        if people_unsure {
            return;
        }
        let mut known: Vec<&str> = vec![BOARD];
        known.extend(committees.iter().copied());
        let help = match suggest::nearest(body, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "a committee exists when members list it under `board.committees`; known: {}",
                suggest::one_of(&known)
            ),
        };
        problems.push(
            origin
                .error_at(
                    &fields.body.location,
                    format!("`body`: no board member sits on a committee `{}`", body),
                )
                .with_help(help),
        );
        return; // eligibility would only repeat this problem for every name
    }
    for (list, entries) in fields.lists() {
        for entry in entries {
            if !refs.person(entry, list, origin, problems) {
                continue;
            }
            let person = &records.people[&entry.value];
            if list == "in_attendance" {
                // FORMAT.md counts a member who is neither present nor in apologies as
                // absent, so a member listed here would lower the attendance figures.
                if person.fields.is_member_of(fields) {
                    let (line, column) = origin.position(&entry.location);
                    problems.push(
                        Diagnostic::warning(
                            origin.file,
                            line,
                            column,
                            format!(
                                "`{}` is a member of this meeting, so listed under `in_attendance` they count as absent",
                                entry.value
                            ),
                        )
                        .with_help("members who attended belong under `present`; `in_attendance` is for others"),
                    );
                }
                continue;
            }
            let eligible = person.fields.is_member_of(fields);
            if !eligible {
                let why = match &person.fields.board {
                    None => "is not a board member".to_string(),
                    Some(seat) if !seat.in_post_on(fields.date.value) => {
                        format!("was not in post on {}", fields.date.value)
                    }
                    Some(_) => format!("does not sit on the `{body}` committee"),
                };
                problems.push(
                    origin
                        .error_at(
                            &entry.location,
                            format!(
                                "`{list}`: `{}` {why}, so is not a member of this meeting",
                                entry.value
                            ),
                        )
                        .with_help(
                            "list people who attended but are not members under `in_attendance`",
                        ),
                );
            }
        }
    }
}

fn check_sponsor(
    records: &Records,
    sponsor: &Located<String>,
    as_of: Option<Date>,
    origin: Origin<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(as_of) = as_of else { return };
    let seat = records.people[&sponsor.value].fields.board.as_ref();
    if !seat.is_some_and(|seat| seat.in_post_on(as_of)) {
        problems.push(
            origin
                .error_at(&sponsor.location, format!("`sponsor`: `{}` is not a board member in post on {as_of} (the report date)", sponsor.value))
                .with_help("an initiative's sponsor is a current board member; name another, or leave `sponsor` out"),
        );
    }
}

struct Refs<'a> {
    records: &'a Records,
    unparsed: &'a Unsure,
}

impl Refs<'_> {
    /// True when the person exists; reports an unknown id, unless its file failed to parse.
    fn person(
        &self,
        id: &Located<String>,
        field: &str,
        origin: Origin<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> bool {
        let help = "a person's id is their file name in content/people, such as `amara-okafor`";
        self.exists(
            Kind::Person,
            &self.records.people,
            id,
            field,
            help,
            origin,
            problems,
        )
    }

    fn measure(
        &self,
        id: &Located<String>,
        origin: Origin<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> bool {
        let help = "a measure's id is its file name in content/measures";
        self.exists(
            Kind::Measure,
            &self.records.measures,
            id,
            "measures",
            help,
            origin,
            problems,
        )
    }

    /// True when a record of `kind` has this id and references to it can be judged. An
    /// unknown id is reported with the nearest known one (files that failed to parse
    /// included), or `help`; an id whose file failed to parse, or that two files share, is
    /// not reported again, and false is returned so nothing more is judged of it.
    #[allow(clippy::too_many_arguments)]
    fn exists<T>(
        &self,
        kind: Kind,
        records: &BTreeMap<String, Record<T>>,
        id: &Located<String>,
        field: &str,
        help: &str,
        origin: Origin<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> bool {
        if self.unparsed.contains(&(kind, id.value.clone())) {
            return false;
        }
        if records.contains_key(&id.value) {
            return true;
        }
        let unparsed = self
            .unparsed
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id);
        let help = did_you_mean(&id.value, records.keys().chain(unparsed))
            .unwrap_or_else(|| help.to_string());
        let message = format!("`{field}`: there is no {} `{}`", kind.noun(), &id.value);
        problems.push(origin.error_at(&id.location, message).with_help(help));
        false
    }
}

fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a String>) -> Option<String> {
    suggest::nearest(word, candidates.map(String::as_str))
        .map(|near| format!("did you mean `{near}`?"))
}
