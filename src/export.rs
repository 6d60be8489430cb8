//! The data exports of a build (`data/*.json|csv`): pure functions of the model and its
//! indicators, returning file contents. Numbers keep full precision; rounding is for pages.

use crate::facts::Facts;
use crate::facts::attendance;
use crate::indicators::Indicators;

use crate::model::Model;
use crate::records::keyword;
use crate::spc::Side;
use crate::urls;
use rayon::prelude::*;
use serde_json::Value;

/// Every export as (path under the output folder, contents), in path order.
pub fn exports(facts: &Facts, indicators: &Indicators) -> Result<Vec<(String, Vec<u8>)>, String> {
    let model = facts.model;
    let json = || {
        let mut json = serde_json::to_string_pretty(&indicators.to_json())
            .map_err(|e| format!("could not write the indicators as JSON: {e}"))?;
        json.push('\n');
        Ok(json.into_bytes())
    };
    type Export<'a> = (&'a str, &'a (dyn Fn() -> Result<Vec<u8>, String> + Sync));
    let exports: [Export; 7] = [
        (urls::ACTIONS_CSV, &|| actions_csv(model)),
        (urls::ATTENDANCE_CSV, &|| attendance_csv(facts)),
        (urls::INDICATORS_CSV, &|| indicators_csv(indicators)),
        (urls::INDICATORS_JSON, &json),
        (urls::INITIATIVES_CSV, &|| initiatives_csv(model)),
        (urls::INTERESTS_CSV, &|| interests_csv(model)),
        (urls::MEASURES_CSV, &|| measures_csv(facts)),
    ];
    // Independent of each other; at 10,000 initiatives they were a fifth of a rebuild.
    let made: Vec<Result<(String, Vec<u8>), String>> = exports
        .par_iter()
        .map(|(path, make)| Ok((path.to_string(), make()?)))
        .collect();
    made.into_iter().collect()
}

/// A CSV table written to memory. Writing to a `Vec` cannot fail for lack of space; an error
/// here would be a row of the wrong length, a bug reported rather than a panic.
struct Table(csv::Writer<Vec<u8>>);

impl Table {
    fn new(header: &[&str]) -> Result<Table, String> {
        let mut table = Table(csv::Writer::from_writer(Vec::new()));
        table.row(header.iter().map(|h| h.to_string()))?;
        Ok(table)
    }

    fn row(&mut self, cells: impl IntoIterator<Item = String>) -> Result<(), String> {
        self.0
            .write_record(cells.into_iter().collect::<Vec<_>>())
            .map_err(|e| format!("could not write a CSV row: {e}"))
    }

    fn finish(self) -> Result<Vec<u8>, String> {
        self.0
            .into_inner()
            .map_err(|e| format!("could not finish a CSV file: {e}"))
    }
}

/// Free text from the records, made safe for spreadsheets: a cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is read as a formula by Excel and LibreOffice, so a
/// title could run one. A leading apostrophe keeps it text.
///
/// A spreadsheet set to split on `;` reads each part as a cell of its own, so each part
/// that starts like a formula gets its apostrophe too.
fn text(value: &str) -> String {
    let formula = |part: &str| part.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !value.split(';').any(formula) {
        return value.to_string();
    }
    value
        .split(';')
        .map(|part| {
            if formula(part) {
                format!("'{part}")
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One row per indicator, per key of an object value, or per field of each item of a list,
/// so a spreadsheet can filter on any of them. An empty list still gets one row.
fn indicators_csv(indicators: &Indicators) -> Result<Vec<u8>, String> {
    let mut table = Table::new(&["indicator", "item", "field", "value", "status", "label"])?;
    for indicator in &indicators.entries() {
        let status = indicator.status.id().to_string();
        let label = text(&indicator.label);
        let mut row = |item: &str, field: &str, value: &Value| {
            table.row([
                indicator.id.clone(),
                text(item),
                field.to_string(),
                cell(value),
                status.clone(),
                label.clone(),
            ])
        };
        match &indicator.value {
            // So that every indicator has a row: `by_category` with no initiative.
            Value::Object(map) if map.is_empty() => row("", "", &Value::Null)?,
            Value::Object(map) => {
                for (field, value) in map {
                    row("", field, value)?;
                }
            }
            Value::Array(items) if items.is_empty() => row("", "", &Value::Null)?,
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::Object(map) => {
                            let key = ["id", "quarter"]
                                .iter()
                                .find_map(|k| map.get(*k).and_then(Value::as_str))
                                .unwrap_or("");
                            for (field, value) in map {
                                if value.as_str() != Some(key) {
                                    row(key, field, value)?;
                                }
                            }
                        }
                        scalar => row(&cell(scalar), "", scalar)?,
                    }
                }
            }
            scalar => row("", "", scalar)?,
        }
    }
    table.finish()
}

/// A JSON scalar as a cell: numbers as serde_json writes them (shortest text that reads
/// back to the same number), null as empty.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => text(s),
        other => other.to_string(),
    }
}

/// `id` if the build has that person: a confidential one leaves an empty cell.
fn visible(model: &Model, id: &str) -> String {
    model
        .person(id)
        .map(|p| p.id.to_string())
        .unwrap_or_default()
}

fn initiatives_csv(model: &Model) -> Result<Vec<u8>, String> {
    let mut table = Table::new(&[
        "id",
        "title",
        "category",
        "status",
        "rag",
        "lead",
        "sponsor",
        "start",
        "due",
        "overdue",
        "budget",
        "spent",
        "clinicians",
        "managers",
        "pairs",
        "milestones",
        "milestones_done",
        "milestones_overdue",
        "measures",
        "tags",
        "draft",
        "confidential",
    ])?;
    let as_of = model.as_of;
    for record in model.records.initiatives.values() {
        let i = &record.fields;
        let due = i.due.as_ref().map(|d| d.value);
        let join = |items: Vec<String>| items.join("; ");
        table.row([
            record.id.to_string(),
            text(&i.title.value),
            keyword(&i.category),
            keyword(&i.status.value),
            i.rag.map(|r| keyword(&r)).unwrap_or_default(),
            // A confidential lead, sponsor or measure leaves no id, as on the pages.
            visible(model, &i.lead.value),
            i.sponsor
                .as_ref()
                .map(|s| visible(model, &s.value))
                .unwrap_or_default(),
            opt(i.start),
            opt(due),
            crate::facts::initiative_overdue(i, as_of)
                .is_some()
                .to_string(),
            opt(i.budget.as_ref().map(|b| b.value)),
            opt(i.spent.as_ref().map(|s| s.value)),
            opt(i.participants.map(|p| p.clinicians)),
            opt(i.participants.map(|p| p.managers)),
            opt(i.pairs),
            i.milestones.len().to_string(),
            i.milestones
                .iter()
                .filter(|m| m.done.is_some())
                .count()
                .to_string(),
            i.milestones
                .iter()
                .filter(|m| crate::facts::milestone_overdue(m, as_of).is_some())
                .count()
                .to_string(),
            join(
                i.measures
                    .iter()
                    .filter(|m| model.records.measures.contains_key(&*m.value))
                    .map(|m| m.value.clone())
                    .collect(),
            ),
            text(&join(i.tags.clone())),
            i.draft.to_string(),
            i.confidential.to_string(),
        ])?;
    }
    table.finish()
}

/// One row per person and meeting held on or before the report date: every eligible member
/// (present, apologies or absent), then the others recorded as in attendance.
/// The action log as of the report date, in the log's order: a row per action.
fn actions_csv(model: &Model) -> Result<Vec<u8>, String> {
    use crate::facts::governance::{Standing, action_log};
    let mut table = Table::new(&[
        "action",
        "title",
        "meeting",
        "item",
        "owner",
        "owner_name",
        "due",
        "done",
        "status",
        "days_overdue",
        "days_late",
        "progress",
        "initiative",
    ])?;
    for (action, standing) in action_log(model) {
        let a = &action.fields;
        let (status, overdue, late) = match standing {
            Standing::Open => ("open", None, None),
            Standing::Overdue(days) => ("overdue", Some(days), None),
            Standing::OnTime => ("done-on-time", None, None),
            Standing::Late(days) => ("done-late", None, Some(days)),
        };
        // A confidential owner leaves no name and no id.
        let owner = model.person(&a.owner.value);
        table.row([
            action.id.to_string(),
            text(&a.title.value),
            a.meeting.value.clone(),
            text(a.item.as_ref().map_or("", |i| i.value.as_str())),
            owner.map(|p| p.id.to_string()).unwrap_or_default(),
            owner
                .map(|p| text(&p.fields.name.value))
                .unwrap_or_default(),
            a.due.value.to_string(),
            opt(a.done.as_ref().map(|d| d.value)),
            status.to_string(),
            opt(overdue),
            opt(late),
            text(a.progress.as_deref().unwrap_or("")),
            a.initiative
                .as_ref()
                .filter(|i| model.records.initiatives.contains_key(i.value.as_str()))
                .map(|i| i.value.clone())
                .unwrap_or_default(),
        ])?;
    }
    table.finish()
}

/// The register of interests on the report date: a row per interest held by each board
/// member in post, or one row saying there is none, with their latest declaration.
fn interests_csv(model: &Model) -> Result<Vec<u8>, String> {
    use crate::facts::governance::register;
    let mut table = Table::new(&[
        "person",
        "name",
        "type",
        "description",
        "from",
        "to",
        "action",
        "latest_declaration",
        "undeclared",
    ])?;
    for member in register(model) {
        let person = member.person;
        let latest = opt(member.latest);
        let undeclared = member.undeclared(model.as_of).to_string();
        let base = |kind: String, description: String, dates: [String; 2], action: String| {
            let [from, to] = dates;
            [
                person.id.to_string(),
                text(&person.fields.name.value),
                kind,
                description,
                from,
                to,
                action,
                latest.clone(),
                undeclared.clone(),
            ]
        };
        if member.held.is_empty() {
            // As the register words it: a nil return, or none held (never declared when
            // there is no latest declaration).
            let kind = if member.nil_return() {
                "nil-return"
            } else {
                "none"
            };
            table.row(base(
                kind.into(),
                String::new(),
                [String::new(), String::new()],
                String::new(),
            ))?;
        }
        for interest in &member.held {
            table.row(base(
                keyword(&interest.kind),
                text(
                    interest
                        .description
                        .as_ref()
                        .map_or("", |d| d.value.as_str()),
                ),
                [
                    opt(interest.from.as_ref().map(|d| d.value)),
                    opt(interest.to.as_ref().map(|d| d.value)),
                ],
                text(interest.action.as_deref().unwrap_or("")),
            ))?;
        }
    }
    table.finish()
}

fn attendance_csv(facts: &Facts) -> Result<Vec<u8>, String> {
    let model = facts.model;
    let mut table = Table::new(&[
        "meeting",
        "date",
        "body",
        "session",
        "title",
        "person",
        "name",
        "attendance",
        "counted",
    ])?;
    let entries = &facts.attendance;
    // Entries come meeting by meeting, in the order of `counted_meetings`.
    let mut by_meeting = entries
        .chunk_by(|a, b| a.meeting.id == b.meeting.id)
        .peekable();
    let name = |id: &str| {
        model
            .person(id)
            .map(|p| text(&p.fields.name.value))
            .unwrap_or_default()
    };
    for meeting in attendance::counted_meetings(model) {
        let m = &meeting.fields;
        let listed = by_meeting
            .next_if(|chunk| chunk[0].meeting.id == meeting.id)
            .unwrap_or_default();
        let mut rows: Vec<(&str, String, bool)> = listed
            .iter()
            .map(|e| (e.person, keyword(&e.mark), true))
            .collect();
        // People outside the build (a confidential guest) leave no row.
        rows.extend(
            m.in_attendance
                .iter()
                .filter(|p| model.person(&p.value).is_some())
                .map(|p| (p.value.as_str(), "in-attendance".to_string(), false)),
        );
        for (person, mark, counted) in rows {
            table.row([
                meeting.id.to_string(),
                m.date.value.to_string(),
                m.body.value.clone(),
                keyword(&m.session),
                text(m.title_text().unwrap_or("")),
                person.to_string(),
                name(person),
                mark,
                counted.to_string(),
            ])?;
        }
    }
    table.finish()
}

/// One row per point of every measure, with its partition's limits and the rules it meets.
fn measures_csv(facts: &Facts) -> Result<Vec<u8>, String> {
    let model = facts.model;
    let mut table = Table::new(&[
        "measure",
        "period",
        "start",
        "end",
        "value",
        "ghost",
        "rebase",
        "note",
        "partition",
        "mean",
        "upper",
        "lower",
        "upper_two_sigma",
        "lower_two_sigma",
        "upper_one_sigma",
        "lower_one_sigma",
        "type",
        "side",
        "beyond_limit",
        "shift",
        "trend",
        "two_of_three",
    ])?;
    for record in model.records.measures.values() {
        let measure = &record.fields;
        let Some(chart) = facts.chart(&record.id) else {
            continue;
        };
        for (point, input) in chart.points.iter().zip(&measure.points.value) {
            let limits = chart.limits_of(point).filter(|_| !point.ghost);
            let limit = |pick: fn(&crate::spc::Limits) -> f64| opt(limits.map(pick));
            // A ghost, or a point of a partition too short for limits, has no type: nothing
            // was worked out for it.
            let kind = if point.ghost || limits.is_none() {
                String::new()
            } else {
                point.kind.id().to_string()
            };
            let period = input.period.value;
            table.row([
                record.id.to_string(),
                period.to_string(),
                period.start.to_string(),
                period.end.to_string(),
                point.value.to_string(),
                point.ghost.to_string(),
                input.rebase.to_string(),
                text(input.note.as_deref().unwrap_or("")),
                (point.partition + 1).to_string(),
                // The centre line, drawn on a run chart too (the mean of its counted points):
                // the chart and indicators.json gave it, and this file had left it empty.
                opt(chart
                    .partitions
                    .get(point.partition)
                    .and_then(|p| p.mean)
                    .filter(|_| !point.ghost)),
                limit(|l| l.upper),
                limit(|l| l.lower),
                limit(|l| l.upper_two_sigma),
                limit(|l| l.lower_two_sigma),
                limit(|l| l.upper_one_sigma),
                limit(|l| l.lower_one_sigma),
                kind,
                match point.side {
                    Some(Side::High) => "high".into(),
                    Some(Side::Low) => "low".into(),
                    None => String::new(),
                },
                point.flags.beyond_limit.to_string(),
                point.flags.shift.to_string(),
                point.flags.trend.to_string(),
                point.flags.two_of_three.to_string(),
            ])?;
        }
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators;
    use crate::model::testing::model;
    use crate::model::{BuildOptions, Model};

    const FILES: [(&str, &str); 8] = [
        (
            "people/amy.yaml",
            "name: \"=HYPERLINK(\\\"http://x\\\")\"\nprofession: doctor\nboard: { role: medical-director, first_appointed: 2020-01-01 }\n",
        ),
        (
            "people/bob.yaml",
            "name: Bob, Jr\nprofession: lay\nboard: { role: non-executive-director, first_appointed: 2020-01-01 }\n",
        ),
        ("people/guest.yaml", "name: Guest\nprofession: manager\n"),
        (
            "people/hidden.yaml",
            "name: Hidden Person\nprofession: manager\nconfidential: true\n",
        ),
        (
            "meetings/m1.yaml",
            "date: 2026-03-01\ntitle: Board\npresent: [amy]\nin_attendance: [guest, hidden]\n",
        ),
        (
            "meetings/m2.yaml",
            "date: 2026-10-01\npresent: [amy, bob]\n",
        ),
        (
            "initiatives/pairs.yaml",
            "title: \"+Pairs\"\ncategory: paired-learning\nstatus: active\nrag: amber\nlead: amy\ndue: 2026-06-30\nbudget: 1000\nspent: 333.3333\ntags: [a, b]\nmilestones:\n  - { title: One, due: 2026-01-01, done: 2026-01-02 }\n  - { title: Two, due: 2026-02-01 }\n",
        ),
        (
            "measures/short.yaml",
            "title: Short\nimprovement: up\npoints:\n  - { period: 2026-Q1, value: 0.1 }\n  - { period: 2026-Q2, value: 0.2, note: \"-note\" }\n  - { period: 2026-Q3, value: 9, ghost: true }\n",
        ),
    ];

    fn build() -> Model {
        model("as_of: 2026-09-30\n", &FILES, BuildOptions::default())
    }

    /// Every export of `model`.
    fn all(model: &Model) -> Vec<(String, Vec<u8>)> {
        let facts = Facts::of(model);
        let indicators = indicators::compute(&facts);
        exports(&facts, &indicators).unwrap()
    }

    fn file(name: &str) -> String {
        let files = all(&build());
        let (_, bytes) = files
            .into_iter()
            .find(|(path, _)| path == name)
            .expect(name);
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn attendance_has_a_row_per_person_and_meeting_up_to_the_report_date() {
        assert_eq!(
            file("data/attendance.csv"),
            "meeting,date,body,session,title,person,name,attendance,counted\n\
             m1,2026-03-01,board,public,Board,amy,\"'=HYPERLINK(\"\"http://x\"\")\",present,true\n\
             m1,2026-03-01,board,public,Board,bob,\"Bob, Jr\",absent,true\n\
             m1,2026-03-01,board,public,Board,guest,Guest,in-attendance,false\n"
        );
    }

    #[test]
    fn formulas_are_neutralised_in_every_semicolon_part() {
        assert_eq!(text("Plain; text"), "Plain; text");
        assert_eq!(text("=1+1"), "'=1+1");
        assert_eq!(text("a;=cmd|' /C calc'!A0"), "a;'=cmd|' /C calc'!A0");
        assert_eq!(text("-2;+3;@x; =y"), "'-2;'+3;'@x; =y");
        assert_eq!(text("tags; -"), "tags; -");
        assert_eq!(text("x;-"), "x;'-");
    }

    #[test]
    fn initiatives_keep_full_precision_and_neutralise_formulas() {
        assert_eq!(
            file("data/initiatives.csv"),
            "id,title,category,status,rag,lead,sponsor,start,due,overdue,budget,spent,clinicians,managers,pairs,milestones,milestones_done,milestones_overdue,measures,tags,draft,confidential\n\
             pairs,'+Pairs,paired-learning,active,amber,amy,,,2026-06-30,true,1000,333.3333,,,,2,1,1,,a; b,false,false\n"
        );
    }

    #[test]
    fn measures_have_a_row_per_point() {
        // Two counted points: a run chart, so no limits and no type, but the mean its
        // chart draws (exactly 0.15); the ghost has none.
        assert_eq!(
            file("data/measures.csv"),
            "measure,period,start,end,value,ghost,rebase,note,partition,mean,upper,lower,upper_two_sigma,lower_two_sigma,upper_one_sigma,lower_one_sigma,type,side,beyond_limit,shift,trend,two_of_three\n\
             short,2026-Q1,2026-01-01,2026-03-31,0.1,false,false,,1,0.15,,,,,,,,,false,false,false,false\n\
             short,2026-Q2,2026-04-01,2026-06-30,0.2,false,false,'-note,1,0.15,,,,,,,,,false,false,false,false\n\
             short,2026-Q3,2026-07-01,2026-09-30,9,true,false,,1,,,,,,,,,,false,false,false,false\n"
        );
    }

    #[test]
    fn indicators_json_has_every_indicator_with_value_label_and_status() {
        let json: Value = serde_json::from_str(&file("data/indicators.json")).unwrap();
        let map = json.as_object().unwrap();
        let model = build();
        let indicators = indicators::compute(&Facts::of(&model));
        assert_eq!(map.len(), indicators.entries().len());
        for (id, entry) in map {
            let keys: Vec<&str> = entry
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            // A count or a share has its figure of the previous quarter too (INDICATORS v2).
            let numeric = entry["value"].is_number()
                || id.ends_with("_share")
                || ["attendance.rate", "board.independence"].contains(&id.as_str());
            if numeric {
                assert_eq!(keys, ["label", "previous", "status", "value"], "{id}");
            } else {
                assert_eq!(keys, ["label", "status", "value"], "{id}");
            }
        }
        assert_eq!(json["attendance.rate"]["value"], 0.5);
        // Exact arithmetic: the mean of 0.1 and 0.2 is 0.15, not 0.15000000000000002.
        assert_eq!(json["measures.short"]["value"]["mean"], 0.15);
    }

    #[test]
    fn indicators_csv_flattens_objects_and_lists() {
        let csv = file("data/indicators.csv");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "indicator,item,field,value,status,label");
        assert!(
            lines.contains(&"board.members,,,2,info,Board members in post"),
            "{csv}"
        );
        assert!(
            lines.contains(&"initiatives.by_status,,active,1,info,Initiatives by status"),
            "{csv}"
        );
        assert!(lines.contains(&"initiatives.overdue,pairs,days_overdue,92,warn,Active initiatives past their due date"), "{csv}");
        // An empty list still has its row.
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("board.terms_ending,,,,ok,")),
            "{csv}"
        );
        // Quarters are their own items.
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("board.clinical_share_history,2026-Q3,share,0.5,")),
            "{csv}"
        );
    }

    /// Every indicator has a row, an empty object's too: with no initiative,
    /// `initiatives.by_category` had none.
    #[test]
    fn an_indicator_with_nothing_to_list_still_has_its_row() {
        let files: Vec<(&str, &str)> = FILES
            .iter()
            .copied()
            .filter(|(path, _)| !path.starts_with("initiatives/"))
            .collect();
        let model = model("as_of: 2026-09-30\n", &files, BuildOptions::default());
        let (_, bytes) = all(&model)
            .into_iter()
            .find(|(path, _)| path == "data/indicators.csv")
            .unwrap();
        let csv = String::from_utf8(bytes).unwrap();
        assert!(
            csv.lines()
                .any(|l| l.starts_with("initiatives.by_category,,,,info,")),
            "{csv}"
        );
    }

    #[test]
    fn confidential_records_leave_no_row() {
        for (path, bytes) in all(&build()) {
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains("hidden"), "{path}");
            assert!(!text.contains("Hidden Person"), "{path}");
        }
    }
}
