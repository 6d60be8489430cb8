//! Cross-record checks: references between records, duplicates and meeting eligibility.
//! All problems are collected; none stops the others from being found.

use super::Records;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::records::meeting::BOARD;
use crate::records::{Each, Fields, Id, Kind, Located, Record};
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
    fn one<T: Fields>(&mut self, list: Vec<Record<T>>) -> BTreeMap<Id, Record<T>> {
        dedupe(list, T::KIND, &mut self.unsure, self.problems)
    }
}

fn dedupe<T>(
    records: Vec<Record<T>>,
    kind: Kind,
    unsure: &mut Unsure,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<Id, Record<T>> {
    // By id, and files of one id in path order, so the first file keeps the id. A map
    // built from sorted, distinct keys is built in one pass, not key by key.
    let mut sorted = records;
    sorted.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.file.cmp(&b.file)));
    let mut by_id: Vec<(Id, Record<T>)> = Vec::with_capacity(sorted.len());
    for record in sorted {
        if let Some((id, first)) = by_id.last()
            && *id == record.id
        {
            unsure.insert((kind, record.id.to_string()));
            problems.push(
                Diagnostic::file_error(&*record.file, format!("duplicate {} id `{}`: `{}` has the same id", kind.noun(), record.id, first.file))
                    .with_help("a record's id is its file name, and sub-folders do not change it: rename one of the two files"),
            );
        } else {
            by_id.push((record.id.clone(), record));
        }
    }
    by_id.into_iter().collect()
}

/// Ids that references to cannot be judged, because their own error is already reported:
/// files that did not parse, and ids two files share. An empty id stands for every id of
/// its kind: a folder of that kind could not be read, so any of its records may be there.
pub type Unsure = BTreeSet<(Kind, String)>;

/// What the cross-record checks can rely on besides the records.
pub struct Known<'a> {
    /// Ids references to are not judged.
    pub unsure: &'a Unsure,
    /// The report date, if it can be relied on: unknown when `boardpack.yaml` did not
    /// parse, or when it is taken from the records and a meeting or measure did not.
    pub as_of: Option<Date>,
    /// The papers under `content/files/`, by path inside it.
    pub files: &'a BTreeSet<String>,
}

pub fn check_references(records: &Records, known: &Known<'_>, problems: &mut Vec<Diagnostic>) {
    let refs = Refs {
        records,
        ids: records
            .each_digest()
            .map(|(kind, id, _, _)| (kind, id))
            .collect(),
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
        check_agenda(&refs, meeting, known.files, problems);
    }
    check_copied_meetings(records, problems);
    for action in records.actions.values() {
        check_action(&refs, action, as_of, problems);
    }
    if let Some(as_of) = as_of {
        for person in records.people.values() {
            check_term_run_out(person, as_of, problems);
        }
        check_one_holder(records, as_of, problems);
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
            refs.exists(Kind::Measure, measure, "measures", origin, problems);
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
    // Every board member listed out of post on the date: the date is wrong (2016 for
    // 2026), not each name. One error at the date, where nine at the names each said to
    // move that member to `in_attendance`, which would have filed the board as guests.
    let date = fields.date.value;
    let seats: Vec<_> = fields
        .present
        .iter()
        .chain(&fields.apologies)
        .filter_map(|p| records.people.get(p.value.as_str())?.fields.board.as_ref())
        .collect();
    // A `left` on the meeting's day has its own help (the first day out of post).
    let date_doubtful = seats.len() >= 2
        && seats.iter().all(|seat| {
            !seat.in_post_on(date) && seat.left.as_ref().is_none_or(|left| left.value != date)
        });
    if date_doubtful {
        problems.push(
            origin
                .error_at(
                    &fields.date.location,
                    format!(
                        "`date`: none of the {} board members listed under `present` and `apologies` was in post on {date}",
                        seats.len()
                    ),
                )
                .with_help("check the date's year and month; if the date is right, their `board.first_appointed` and `left` dates in their records are not"),
        );
    }
    for (list, entries) in fields.lists() {
        for entry in entries {
            if !refs.person(entry, list, origin, problems) {
                continue;
            }
            let person = &records.people[entry.value.as_str()];
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
            if date_doubtful
                && person
                    .fields
                    .board
                    .as_ref()
                    .is_some_and(|seat| !seat.in_post_on(date))
            {
                continue;
            }
            let eligible = person.fields.is_member_of(fields);
            if !eligible {
                // Only members send apologies: one who is not is taken off the list, not
                // moved to those who attended.
                let mut help = if list == "apologies" {
                    "only members of the meeting send apologies: take them off `apologies`"
                        .to_string()
                } else {
                    "list people who attended but are not members under `in_attendance`".to_string()
                };
                let why = match &person.fields.board {
                    None => "is not a board member".to_string(),
                    Some(seat) if !seat.in_post_on(fields.date.value) => {
                        // `left` is the first day out of post (FORMAT.md: a member is in
                        // post while `left` > the date): one written as the last day
                        // took a leaver off their last meeting, and the help sent
                        // their attendance to `in_attendance`, where it is not counted.
                        if let Some(left) = &seat.left
                            && left.value == fields.date.value
                            && let Some(after) = left.value.add_days(1)
                        {
                            help = if list == "apologies" {
                                format!(
                                    "`left` is the first day out of post: if {} was still a member that day, write the day after it, `left: {after}`, in their record ({}); otherwise take them off `apologies`",
                                    entry.value, person.file
                                )
                            } else {
                                format!(
                                    "`left` is the first day out of post: if {} sat at this meeting as a member, write the day after it, `left: {after}`, in their record ({}); otherwise {help}",
                                    entry.value, person.file
                                )
                            };
                        }
                        format!("was not in post on {}", fields.date.value)
                    }
                    Some(seat) => {
                        // The mistake may be in the person's record, not the meeting's: a
                        // committee misspelt there leaves them off every meeting of it.
                        let named = seat.committees.iter().map(|c| c.value.as_str());
                        if let Some(near) = crate::suggest::nearest(body, named) {
                            help = format!(
                                "{}'s record ({}) lists the committee `{near}`: if that means `{body}`, correct it there; otherwise {help}",
                                entry.value, person.file
                            );
                        }
                        format!("does not sit on the `{body}` committee")
                    }
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
                        .with_help(help),
                );
            }
        }
    }
}

/// The records and papers an agenda names, and who declared an interest.
fn check_agenda(
    refs: &Refs<'_>,
    meeting: &Record<crate::records::Meeting>,
    files: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let origin = meeting.origin();
    let fields = &meeting.fields;
    // A name misspelt in `present` is an error already: the presenter it was meant to be
    // is not also warned of at every item they present (one mistake, one error).
    let lists_known = fields
        .present
        .iter()
        .chain(&fields.in_attendance)
        .all(|p| refs.ids.contains(&(Kind::Person, p.value.as_str())));
    // A meeting with no one recorded as there is being planned (its agenda and presenters
    // set ahead, often after the report date): its presenters are not absent yet.
    let minuted = !(fields.present.is_empty() && fields.in_attendance.is_empty());
    // The folders this meeting's papers are found in: a paper missing from its folder is
    // most likely one of them.
    let beside: BTreeSet<&str> = fields
        .agenda
        .iter()
        .filter_map(|item| item.paper.as_ref())
        .chain(&fields.minutes)
        .filter_map(|paper| paper.value.strip_prefix(crate::urls::FILES))
        .filter(|inside| files.contains(*inside))
        .filter_map(|inside| inside.rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    for item in &fields.agenda {
        if let Some(presenter) = &item.presenter
            && refs.person(presenter, "agenda.presenter", origin, problems)
            && lists_known
            && minuted
            && !attended(fields, &presenter.value)
        {
            let (line, column) = origin.position(&presenter.location);
            problems.push(
                Diagnostic::warning(
                    origin.file,
                    line,
                    column,
                    format!("`agenda.presenter`: `{}` is not listed as present or in attendance", presenter.value),
                )
                .with_help("add the presenter to `present` (members) or `in_attendance` (others), or check the name"),
            );
        }
        for initiative in &item.initiatives {
            refs.exists(
                Kind::Initiative,
                initiative,
                "agenda.initiatives",
                origin,
                problems,
            );
        }
        for measure in &item.measures {
            refs.exists(Kind::Measure, measure, "agenda.measures", origin, problems);
        }
        if let Some(paper) = &item.paper {
            check_paper(paper, "agenda.paper", files, &beside, origin, problems);
        }
    }
    if let Some(minutes) = &fields.minutes {
        check_paper(minutes, "minutes", files, &beside, origin, problems);
    }
    for declaration in &fields.declarations {
        let person = &declaration.person;
        if !refs.person(person, "declarations.person", origin, problems) {
            continue;
        }
        if !attended(fields, &person.value) {
            // Sent apologies: adding them to `present` would misstate the attendance, and
            // then be refused for listing them twice.
            let help = if fields.apologies.iter().any(|a| a.value == person.value) {
                format!(
                    "`{}` is listed under `apologies`: the declaration is most likely someone else's, so check the name",
                    person.value
                )
            } else {
                "only someone present or in attendance can declare an interest at a meeting: add them to `present` or `in_attendance`, or check the name".to_string()
            };
            problems.push(
                origin
                    .error_at(
                        &person.location,
                        format!(
                            "`declarations.person`: `{}` did not attend this meeting",
                            person.value
                        ),
                    )
                    .with_help(help),
            );
        }
    }
}

/// Whether `person` is under the meeting's `present` or `in_attendance`.
fn attended(meeting: &crate::records::Meeting, person: &str) -> bool {
    meeting
        .present
        .iter()
        .chain(&meeting.in_attendance)
        .any(|p| p.value == person)
}

/// A `paper:` or `minutes:` names a file under `content/files/` by its path in the site.
fn check_paper(
    paper: &Located<String>,
    field: &str,
    files: &BTreeSet<String>,
    beside: &BTreeSet<&str>,
    origin: Origin<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let path = paper.value.as_str();
    let inside = path
        .strip_prefix("content/")
        .unwrap_or(path)
        .strip_prefix(crate::urls::FILES);
    let problem = match inside {
        Some(inside) if files.contains(inside) => path.strip_prefix("content/").map(|site| {
            (
                format!(
                    "`{field}`: write the paper's path as it is in the site, without `content/`"
                ),
                format!("write `{site}`"),
            )
        }),
        Some(inside) => Some((
            format!("`{field}`: there is no paper `{path}`"),
            paper_help(inside, files, beside),
        )),
        None => Some((
            format!("`{field}`: `{path}` is not a paper's path"),
            unwritten_path_help(path, files, beside),
        )),
    };
    if let Some((message, help)) = problem {
        problems.push(origin.error_at(&paper.location, message).with_help(help));
    }
}

/// What to write for a path that does not start at `files/`: `/files/…`, `files\2026\…`,
/// `./files/…`, or a bare `minutes.pdf`. The example path the help gave was a real paper
/// of many projects, another meeting's, and a secretary could paste it.
fn unwritten_path_help(path: &str, files: &BTreeSet<String>, beside: &BTreeSet<&str>) -> String {
    let files_folder = crate::urls::FILES;
    let tidy = path.replace('\\', "/");
    let tidy = tidy.trim_start_matches("./").trim_start_matches('/');
    let tidy = tidy.strip_prefix("content/").unwrap_or(tidy);
    // A path on the secretary's computer (`/home/sec/board/content/files/2026-09/x.pdf`,
    // `C:\Board\files\x.pdf`): from its last `files/` folder.
    let inside = match tidy.rfind(&format!("/{files_folder}")) {
        Some(at) => &tidy[at + 1 + files_folder.len()..],
        None => tidy.strip_prefix(files_folder).unwrap_or(tidy),
    };
    if files.contains(inside) {
        return format!(
            "write `{files_folder}{inside}`: papers are named by their path in the site, from `{files_folder}`, with `/` between folders"
        );
    }
    let help = paper_help(inside, files, beside);
    if help.starts_with("did you mean") {
        return help;
    }
    format!(
        "papers are the files under content/files/, named by their path in the site from `{files_folder}`, as in `{files_folder}2026-09/minutes.pdf` for content/files/2026-09/minutes.pdf"
    )
}

/// What to write for a paper that is not there. Papers of one meeting share a folder, and
/// the nearest name in the whole of `files/` was another meeting's paper (September's
/// `ipr-2026-09.pdf` was offered January's `ipr-2026-01.pdf`): so one of the very name in
/// another folder, else the nearest in the same folder, else the folder's papers.
fn paper_help(inside: &str, files: &BTreeSet<String>, beside: &BTreeSet<&str>) -> String {
    let split = |file: &'_ str| -> (String, String) {
        match file.rsplit_once('/') {
            Some((folder, name)) => (format!("{folder}/"), name.to_string()),
            None => (String::new(), file.to_string()),
        }
    };
    let (folder, name) = split(inside);
    let siblings: Vec<String> = files
        .iter()
        .map(|file| split(file))
        .filter(|(at, _)| *at == folder)
        .map(|(_, name)| name)
        .collect();
    let files_folder = crate::urls::FILES;
    // The very name in another folder first: `2026-05/ipr-2026-07.pdf` means July's, not
    // May's `ipr-2026-05.pdf`, the nearest name in its folder.
    // Of those, one beside the meeting's other papers first: not another meeting's
    // `minutes.pdf`, though its folder sorts before.
    let same_name = |file: &&String| split(file).1 == name;
    let near_the_others = files.iter().filter(same_name).find(|file| {
        file.rsplit_once('/')
            .is_some_and(|(folder, _)| beside.contains(folder))
    });
    if let Some(elsewhere) = near_the_others.or_else(|| files.iter().find(same_name)) {
        return format!(
            "did you mean `{files_folder}{elsewhere}`, in another folder? Papers are the files under content/files/"
        );
    }
    if let Some(near) = mistyped(&name, &siblings) {
        return format!(
            "did you mean `{files_folder}{folder}{near}`? Papers are the files under content/files/"
        );
    }
    let put = format!("put the paper at content/{files_folder}{inside}, or correct the name");
    match siblings.len() {
        0 => format!("{put} (papers are the files under content/files/)"),
        _ => format!(
            "{put}: `{files_folder}{folder}` has {}",
            suggest::some_of(siblings.iter().map(String::as_str), 5)
        ),
    }
}

/// The name of a paper in the same folder that `name` is a slip of the keyboard from: a
/// letter or two wrong, left out, added or swapped (`ipr.pfd`, `minuts.pdf`). Not a name
/// that only shares its ending: `finance-report.pdf` was offered `cgc-report.pdf`, a
/// plausible paper to link in a public record, and quite another.
fn mistyped<'a>(name: &str, siblings: &'a [String]) -> Option<&'a str> {
    let name = name.to_lowercase();
    let allowed = (name.chars().count() / 8).clamp(1, 2);
    siblings
        .iter()
        .map(|sibling| {
            (
                strsim::damerau_levenshtein(&name, &sibling.to_lowercase()),
                sibling,
            )
        })
        .filter(|(distance, _)| *distance <= allowed)
        // The nearest; of two as near, the first in name order.
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, sibling)| sibling.as_str())
}

/// An action names its meeting, an item of that meeting's agenda, its owner and initiative,
/// and falls due on or after the meeting that agreed it.
fn check_action(
    refs: &Refs<'_>,
    action: &Record<crate::records::Action>,
    as_of: Option<Date>,
    problems: &mut Vec<Diagnostic>,
) {
    let origin = action.origin();
    let fields = &action.fields;
    let owner_known = refs.person(&fields.owner, "owner", origin, problems);
    if let Some(initiative) = &fields.initiative {
        refs.exists(Kind::Initiative, initiative, "initiative", origin, problems);
    }
    if !refs.exists(Kind::Meeting, &fields.meeting, "meeting", origin, problems) {
        return;
    }
    let meeting = &refs.records.meetings[fields.meeting.value.as_str()].fields;
    if let Some(item) = &fields.item
        && !meeting.agenda.is_empty()
        && meeting.item(&item.value).is_none()
    {
        let numbers: Vec<&str> = meeting
            .agenda
            .iter()
            .map(|i| i.item.value.as_str())
            .collect();
        let help = match suggest::nearest(&item.value, numbers.iter().copied()) {
            Some(near) => format!(
                "did you mean `{near}`? (the agenda has {})",
                suggest::one_of(&numbers)
            ),
            None => format!(
                "the agenda of `{}` has {}",
                fields.meeting.value,
                suggest::one_of(&numbers)
            ),
        };
        problems.push(
            origin
                .error_at(
                    &item.location,
                    format!(
                        "`item`: meeting `{}` has no agenda item `{}`",
                        fields.meeting.value, item.value
                    ),
                )
                .with_help(help),
        );
    }
    let held = meeting.date.value;
    if owner_known && let Some(as_of) = as_of {
        check_owner_left(refs.records, action, held, as_of, problems);
    }
    if fields.due.value < held {
        problems.push(
            origin
                .error_at(
                    &fields.due.location,
                    format!("`due` ({}) is before the meeting that agreed the action (`{}`, {held})", fields.due.value, fields.meeting.value),
                )
                .with_help("an action falls due on or after the meeting that agreed it; check the date and the meeting"),
        );
    }
    // Shown as done on time, though it is most likely a slip of the year; not an error,
    // since work can be finished between the papers and the meeting.
    if let Some(done) = &fields.done
        && done.value < held
    {
        problems.push(
            origin
                .warning_at(
                    &done.location,
                    format!(
                        "`done` ({}) is before the meeting that agreed the action (`{}`, {held})",
                        done.value, fields.meeting.value
                    ),
                )
                .with_help(
                    "check the date: an action is usually done after the meeting that agreed it",
                ),
        );
    }
}

/// A meeting with the same body, date, session and attendance as another: most likely
/// last meeting's file copied for the next and its date left, which counted the same
/// attendance twice without a word. Two sessions of one day differ in `session`.
fn check_copied_meetings(records: &Records, problems: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(&str, Date, bool, Vec<&str>), &Id> = BTreeMap::new();
    for (id, meeting) in &records.meetings {
        let fields = &meeting.fields;
        if fields.present.is_empty() {
            continue;
        }
        let mut present: Vec<&str> = fields.present.iter().map(|p| p.value.as_str()).collect();
        present.sort_unstable();
        let key = (
            fields.body.value.as_str(),
            fields.date.value,
            fields.session == crate::records::meeting::Session::Private,
            present,
        );
        match seen.get(&key) {
            Some(first) => problems.push(
                meeting
                    .origin()
                    .warning_at(
                        &fields.date.location,
                        format!(
                            "meeting `{first}` has the same date ({}), committee, session and people present: was this file copied from it?",
                            fields.date.value
                        ),
                    )
                    .with_help("if it was, give this meeting its own date and attendance; if both took place, tell them apart by `session`"),
            ),
            None => {
                seen.insert(key, id);
            }
        }
    }
}

/// An action still open on the report date whose owner has left the board: nobody on the
/// board answers for it any more, and the log would go on naming them as if they did.
/// A warning, since they may still work for the trust in another role.
fn check_owner_left(
    records: &Records,
    action: &Record<crate::records::Action>,
    held: Date,
    as_of: Date,
    problems: &mut Vec<Diagnostic>,
) {
    let fields = &action.fields;
    // An action agreed after the report date is not in this report, and one done by it
    // needs no owner.
    let open = held <= as_of && fields.done.as_ref().is_none_or(|done| done.value > as_of);
    let left = records.people[fields.owner.value.as_str()]
        .fields
        .board
        .as_ref()
        .and_then(|seat| seat.left.as_ref())
        .map(|left| left.value)
        .filter(|left| *left <= as_of);
    let (true, Some(left)) = (open, left) else {
        return;
    };
    problems.push(
        action
            .origin()
            .warning_at(
                &fields.owner.location,
                format!(
                    "`owner`: `{}` left the board on {left}, and this action is still open on the report date ({as_of})",
                    fields.owner.value
                ),
            )
            .with_help(if fields.done.is_some() {
                "give the action to someone in post (change `owner`); its `done` is after the report date, so it counts as open"
            } else {
                "give the action to someone in post (change `owner`), or add `done:` with the date it was finished"
            }),
    );
}

/// A member in post whose term ended before the report date, with no `left`: the report
/// counts them in post, and the terms-ending list (terms ending *after* the report date,
/// INDICATORS.md) no longer names them, so nothing else would say the term ran out.
fn check_term_run_out(
    person: &crate::records::Record<crate::records::Person>,
    as_of: Date,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(seat) = &person.fields.board else {
        return;
    };
    let Some(term) = seat.term_ends.as_ref().filter(|_| seat.term_run_out(as_of)) else {
        return;
    };
    problems.push(
        person
            .origin()
            .warning_at(
                &term.location,
                format!(
                    "`board.term_ends` ({}) is before the report date ({as_of}) and no `left` date is given: the report shows them in post with their term run out",
                    term.value
                ),
            )
            .with_help(format!(
                "if they were reappointed, write the new term's end in `term_ends`; if they have left the board, add `left: {}` under `board:` (the day after the term ended)",
                term.value.add_days(1).unwrap_or(term.value)
            )),
    );
}

/// Two members in post with a role one person holds (two chairs): a person's file copied
/// from the chair's to start a new member's, its `role` left as it was, passed silently,
/// and the board page listed two chairs. A warning at each, naming the other: some
/// trusts do have joint medical directors.
fn check_one_holder(records: &Records, as_of: Date, problems: &mut Vec<Diagnostic>) {
    use crate::records::person::BoardRole;
    let single = [
        BoardRole::Chair,
        BoardRole::ChiefExecutive,
        BoardRole::MedicalDirector,
        BoardRole::NursingDirector,
        BoardRole::FinanceDirector,
    ];
    for role in single {
        let holders: Vec<(&Record<crate::records::Person>, &Located<BoardRole>)> = records
            .people
            .values()
            .filter_map(|person| {
                let seat = person.fields.board.as_ref()?;
                (seat.role.value == role && seat.in_post_on(as_of)).then_some((person, &seat.role))
            })
            .collect();
        if holders.len() < 2 {
            continue;
        }
        let word = crate::records::keyword(&role);
        for (person, located) in &holders {
            let others: Vec<String> = holders
                .iter()
                .filter(|(other, _)| other.id != person.id)
                .map(|(other, _)| format!("{} ({})", other.fields.name.value, other.file))
                .collect();
            problems.push(
                person
                    .origin()
                    .warning_at(
                        &located.location,
                        format!(
                            "`board.role`: {} {} `{word}` as well, in post on {as_of}: the board page lists {}",
                            others.join(" and "),
                            if others.len() == 1 { "is" } else { "are" },
                            crate::words::count(holders.len())
                        ),
                    )
                    .with_help(
                        "if this file was copied from theirs, write this person's own role; if one of them has left, add `left:` under their `board:`; joint holders may stay as they are",
                    ),
            );
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
    let seat = records.people[sponsor.value.as_str()].fields.board.as_ref();
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
    /// Every record's kind and id: a project has several references per record, each
    /// looked up by hash here rather than by string comparisons down the records'
    /// ordered maps.
    ids: rustc_hash::FxHashSet<(Kind, &'a str)>,
    unparsed: &'a Unsure,
}

impl<'a> Refs<'a> {
    /// True when a record of `kind` has this id and references to it can be judged. An
    /// unknown id is reported under `field` with the nearest known one (files that failed
    /// to parse included), or with where such ids come from; an id whose file failed to
    /// parse, or that two files share, is not reported again, and false is returned so
    /// nothing more is judged of it.
    fn exists(
        &self,
        kind: Kind,
        id: &Located<String>,
        field: &str,
        origin: Origin<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> bool {
        // Almost always empty: then no key is made (a copy of the id per reference).
        if !self.unparsed.is_empty()
            && (self.unparsed.contains(&(kind, id.value.clone()))
                || self.unparsed.contains(&(kind, String::new())))
        {
            return false;
        }
        if self.ids.contains(&(kind, id.value.as_str())) {
            return true;
        }
        // Not an id at all (`Jo Bell`): the record's own check said so. That error gains
        // the id of the record with that name, if the project has one, rather than a second
        // error about the same words.
        if !crate::records::is_valid_id(&id.value) {
            let (line, column) = origin.position(&id.location);
            let earlier = problems.iter_mut().rev().find(|p| {
                p.file == origin.file
                    && p.line == line
                    && p.column == column
                    && p.message.contains("is not a valid")
            });
            let spaced =
                id.value.trim() != id.value && crate::records::is_valid_id(id.value.trim());
            match (earlier, self.named(kind, &id.value)) {
                // A space around an id cannot be seen: "is a name" baffled its writer.
                (Some(earlier), _) if spaced => {
                    earlier.help = Some(format!(
                        "it has a space {}: write `{}`",
                        if id.value.starts_with(' ') {
                            "before it"
                        } else {
                            "at its end"
                        },
                        id.value.trim()
                    ));
                }
                (Some(earlier), Some((named, file))) => {
                    earlier.help = Some(format!(
                        "`{}` is a name; write the {}'s id, `{named}` (the name of its file, {file})",
                        id.value,
                        kind.noun(),
                    ));
                }
                _ => {}
            }
            return false;
        }
        let unparsed = self
            .unparsed
            .iter()
            .filter(|(k, id)| *k == kind && !id.is_empty())
            .map(|(_, id)| id.as_str());
        let help = did_you_mean(&id.value, self.records.ids_of(kind).chain(unparsed))
            .unwrap_or_else(|| where_ids_come_from(kind, self.records.ids_of(kind).min()));
        let message = format!("`{field}`: there is no {} `{}`", kind.noun(), &id.value);
        problems.push(origin.error_at(&id.location, message).with_help(help));
        false
    }

    /// The id of the record of `kind` whose name or title is `words` (in any case, titles
    /// such as "Dr" and punctuation aside).
    fn named(&self, kind: Kind, words: &str) -> Option<(&'a str, &'a str)> {
        let wanted = crate::words::id_from(words);
        let first = |mut all: Box<dyn Iterator<Item = (&'a str, &'a str, &'a str)> + 'a>| {
            all.find(|(name, _, _)| crate::words::id_from(name) == wanted)
                .map(|(_, id, file)| (id, file))
        };
        let records = self.records;
        let found = match kind {
            Kind::Person => first(Box::new(
                records
                    .people
                    .values()
                    .map(|r| (r.fields.name.value.as_str(), &*r.id, &*r.file)),
            )),
            Kind::Initiative => first(Box::new(
                records
                    .initiatives
                    .values()
                    .map(|r| (r.fields.title.value.as_str(), &*r.id, &*r.file)),
            )),
            Kind::Measure => first(Box::new(
                records
                    .measures
                    .values()
                    .map(|r| (r.fields.title.value.as_str(), &*r.id, &*r.file)),
            )),
            _ => None,
        };
        found.filter(|_| !wanted.is_empty())
    }

    fn person(
        &self,
        id: &Located<String>,
        field: &str,
        origin: Origin<'_>,
        problems: &mut Vec<Diagnostic>,
    ) -> bool {
        self.exists(Kind::Person, id, field, origin, problems)
    }
}

/// The help for an unknown id with no near one: the folder its file would be in, and one of
/// the project's own ids to show what one looks like (never one from the example report).
fn where_ids_come_from(kind: Kind, one_of_them: Option<&str>) -> String {
    let example = one_of_them.map_or_else(String::new, |id| format!(", such as `{id}`"));
    let their = if kind == Kind::Person { "their" } else { "its" };
    format!(
        "{}'s id is {their} file name in content/{}{example}",
        crate::words::a(kind.noun()),
        kind.folder()
    )
}

fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    suggest::nearest(word, candidates).map(|near| format!("did you mean `{near}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path not written from `files/` is given the paper it names, when there is one:
    /// the help's example was a real paper of many projects, another meeting's.
    #[test]
    fn a_path_not_from_files_is_given_the_paper_it_names() {
        let files: BTreeSet<String> = ["2026-04/minutes.pdf", "2026-09/ipr.pdf"]
            .into_iter()
            .map(String::from)
            .collect();
        let none = BTreeSet::new();
        let write = "write `files/2026-04/minutes.pdf`: papers are named by their path in the site, from `files/`, with `/` between folders";
        for written in [
            "/files/2026-04/minutes.pdf",
            "files\\2026-04\\minutes.pdf",
            "./files/2026-04/minutes.pdf",
            "2026-04/minutes.pdf",
            "/home/sec/board/content/files/2026-04/minutes.pdf",
            "C:\\Board\\files\\2026-04\\minutes.pdf",
        ] {
            assert_eq!(
                unwritten_path_help(written, &files, &none),
                write,
                "{written}"
            );
        }
        assert_eq!(
            unwritten_path_help("minutes.pdf", &files, &none),
            "did you mean `files/2026-04/minutes.pdf`, in another folder? Papers are the files under content/files/"
        );
        let general = unwritten_path_help("quality-minutes.pdf", &files, &none);
        assert!(!general.contains("ipr.pdf"), "{general}");
        assert!(
            general.starts_with("papers are the files under content/files/"),
            "{general}"
        );
    }

    /// A paper not there is offered the nearest of its own meeting's folder, or one of the
    /// same name elsewhere, or the folder's papers: never another meeting's nearest name.
    #[test]
    fn a_missing_papers_help_stays_in_its_folder() {
        let files: BTreeSet<String> = [
            "2026-01/ipr-2026-01.pdf",
            "2026-01/minutes.pdf",
            "2026-09/ipr.pdf",
            "2026-09/audit.pdf",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let none = BTreeSet::new();
        assert_eq!(
            paper_help("2026-09/ipr-2026-09.pdf", &files, &none),
            "put the paper at content/files/2026-09/ipr-2026-09.pdf, or correct the name: `files/2026-09/` has `audit.pdf`, `ipr.pdf`"
        );
        // A name that only shares an ending with another paper is not offered it.
        let reports: BTreeSet<String> =
            ["cgc-report.pdf".to_string(), "minutes-june.pdf".to_string()].into();
        assert_eq!(
            paper_help("finance-report.pdf", &reports, &none),
            "put the paper at content/files/finance-report.pdf, or correct the name: `files/` has `cgc-report.pdf`, `minutes-june.pdf`"
        );
        assert_eq!(
            paper_help("minutes-jnue.pdf", &reports, &none),
            "did you mean `files/minutes-june.pdf`? Papers are the files under content/files/"
        );
        assert_eq!(
            paper_help("CGC-Report.pdf", &reports, &none),
            "did you mean `files/cgc-report.pdf`? Papers are the files under content/files/"
        );
        assert_eq!(
            paper_help("2026-09/ipr.pfd", &files, &none),
            "did you mean `files/2026-09/ipr.pdf`? Papers are the files under content/files/"
        );
        assert_eq!(
            paper_help("2026-08/minutes.pdf", &files, &none),
            "did you mean `files/2026-01/minutes.pdf`, in another folder? Papers are the files under content/files/"
        );
        // Beside the meeting's other papers, when there is one there too.
        let mut files = files;
        files.insert("2026-09/minutes.pdf".to_string());
        assert_eq!(
            paper_help("2026-08/minutes.pdf", &files, &["2026-09"].into()),
            "did you mean `files/2026-09/minutes.pdf`, in another folder? Papers are the files under content/files/"
        );
        assert_eq!(
            paper_help("2026-08/minutes.pdf", &files, &none),
            "did you mean `files/2026-01/minutes.pdf`, in another folder? Papers are the files under content/files/"
        );
        assert_eq!(
            paper_help("2026-10/x.pdf", &files, &none),
            "put the paper at content/files/2026-10/x.pdf, or correct the name (papers are the files under content/files/)"
        );
        // The right name in the wrong folder is not the folder's nearest name.
        assert_eq!(
            paper_help("2026-09/ipr-2026-01.pdf", &files, &none),
            "did you mean `files/2026-01/ipr-2026-01.pdf`, in another folder? Papers are the files under content/files/"
        );
    }
}
