//! What each page shows, as plain data for the templates: names and links resolved, numbers
//! rounded for reading, Markdown already turned into safe HTML, charts drawn.

use super::{PageOut, SharedRows, svg};
use crate::date::Date;
use crate::digest::{Key, digest};
use crate::facts::Facts;
use crate::facts::attendance::{self, Mark};
use crate::indicators::measures::with_unit;
use crate::indicators::survey::{self, IHM_PESSIMISM, IHM_TENSION, IHM_UNRESOLVED, Shares};
use crate::indicators::{
    Indicators, Reading, Status, amount, count_share, number, percent, to_value,
};
use crate::markdown;
use crate::model::Model;
use crate::records::initiative::{Category, Status as Stage};
use crate::records::{Initiative, Person, Record, keyword};
use crate::spc::{Assurance, Chart, PointType, Variation};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// A record's word as a reader's label: `paired-learning` → `Paired learning`.
pub fn label(word: &str) -> String {
    let special = match word {
        "ahp" => Some("Allied health professional"),
        "non-executive-director" => Some("Non-executive director"),
        "associate-non-executive-director" => Some("Associate non-executive director"),
        _ => None,
    };
    if let Some(special) = special {
        return special.into();
    }
    let spaced = word.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn labelled<T: Serialize>(value: &T) -> String {
    label(&keyword(value))
}

use crate::urls::{
    self, initiative as initiative_href, measure as measure_href, person as person_href,
};

/// A reference to a person as shown: a name and a link, or nothing at all when the person
/// is outside this build (a confidential record leaves no name behind).
#[derive(Serialize, Clone)]
struct PersonRef {
    id: String,
    name: String,
    href: String,
    confidential: bool,
}

/// What [`person_ref`] shows of a person besides the id the caller already has (whether
/// they are in this build, their name, whether they are confidential), for the keys of the
/// pages that show one (`dependencies`).
fn person_ref_shows<'m>(model: &'m Model, id: &str) -> Option<(&'m str, bool)> {
    let person = model.person(id)?;
    Some((&person.fields.name.value, person.fields.confidential))
}

fn person_ref(model: &Model, id: &str) -> Option<PersonRef> {
    let person = model.person(id)?;
    Some(PersonRef {
        id: id.to_string(),
        name: person.fields.name.value.clone(),
        href: person_href(id),
        confidential: person.fields.confidential,
    })
}

#[derive(Serialize)]
struct Tile {
    label: String,
    summary: String,
    status: Status,
    status_label: &'static str,
    href: String,
    details: Vec<String>,
    /// The national IHM figure shown beside survey shares.
    reference: Option<String>,
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Ok => "OK",
        Status::Warn => "Attention",
        Status::Breach => "Breach",
        Status::Info => "For information",
    }
}

fn tile(indicator: &impl Reading, href: &str) -> Tile {
    Tile {
        label: indicator.label().to_string(),
        summary: indicator.summary().to_string(),
        status: indicator.status(),
        status_label: status_label(indicator.status()),
        href: href.to_string(),
        details: indicator.details().to_vec(),
        reference: None,
    }
}

/// Every page of the site, in path order.
/// One page of the site, before its view is worked out. Views are built and rendered one
/// job at a time, in parallel, so the views of thousands of pages are never all in memory.
pub enum Job<'m> {
    Dashboard,
    Board,
    Initiatives,
    Measures,
    Surveys,
    NotFound,
    Person(&'m Record<Person>),
    Initiative(&'m Record<Initiative>),
    Category(Category),
    Stage(Stage),
    Measure(&'m Record<crate::records::Measure>),
    Page(&'m Record<crate::records::Page>),
}

/// What every view may read: the model and the indicators, plus what several pages share,
/// worked out once. With thousands of initiatives, looking each person's initiatives up by
/// a scan, or building each index row once per index page, was most of the render time.
pub struct Inputs<'m> {
    pub model: &'m Model,
    pub facts: &'m Facts<'m>,
    pub indicators: &'m Indicators<'m>,
    /// Attendance by person: the board page and every person's page read it.
    by_person: BTreeMap<&'m str, Vec<attendance::Entry<'m>>>,
    /// Initiatives by the id of their lead, and of their sponsor, in id order.
    led: BTreeMap<&'m str, Vec<&'m Record<Initiative>>>,
    sponsored: BTreeMap<&'m str, Vec<&'m Record<Initiative>>>,
    /// Each initiative's index row, in id order: three index pages list each one. Rows are
    /// already in the templates' form, whose lists and maps are shared, not copied.
    rows: Vec<Row<'m>>,
    /// Links to the index of each category and each status, with counts: every index page
    /// shows them.
    filters: (Vec<Value>, Vec<Value>),
    /// Bodies' HTML from the last build, for `watch` and `serve`.
    pub bodies: Option<&'m super::cache::Bodies>,
    /// [`data_key`] of the model, when a cache is kept: part of every cached page's key.
    pub data: Option<Key>,
}

/// An initiative's index row.
struct Row<'m> {
    record: &'m Record<Initiative>,
    value: tera::Value,
    /// The digest of the row's content, for the keys of the pages listing it.
    key: Key,
    /// The digest of what the row is made from, under which `watch` keeps it.
    made_from: Key,
}

/// Index rows by the digest of what they were made from, kept by `watch` between builds:
/// the value and the digest of its content.
pub type RowCache = HashMap<Key, (tera::Value, Key)>;

/// What every view of a record reads besides records: the configuration (all of it, so
/// nothing is missed; a change to it is rare and renders everything), the report date and
/// the build's options.
pub fn data_key(model: &Model) -> Key {
    digest(|w| format!("{:?}", (&model.config, model.as_of, model.options)).hash(w))
}

impl<'m> Inputs<'m> {
    /// `rows`: last build's index rows, taken again where their record, its lead and
    /// [`data_key`] are unchanged.
    pub fn new(
        facts: &'m Facts<'m>,
        indicators: &'m Indicators<'m>,
        rows: Option<&RowCache>,
    ) -> Inputs<'m> {
        let model = facts.model;
        let mut by_person: BTreeMap<&str, Vec<attendance::Entry>> = BTreeMap::new();
        for entry in &facts.attendance {
            by_person
                .entry(entry.person)
                .or_default()
                .push(entry.clone());
        }
        let initiatives: Vec<&Record<Initiative>> = model.records.initiatives.values().collect();
        let mut led: BTreeMap<&str, Vec<&Record<Initiative>>> = BTreeMap::new();
        let mut sponsored: BTreeMap<&str, Vec<&Record<Initiative>>> = BTreeMap::new();
        for record in &initiatives {
            led.entry(record.fields.lead.value.as_str())
                .or_default()
                .push(record);
            if let Some(sponsor) = &record.fields.sponsor {
                sponsored
                    .entry(sponsor.value.as_str())
                    .or_default()
                    .push(record);
            }
        }
        let data = rows.map(|_| data_key(model));
        let rows = initiatives
            .par_iter()
            .map(|record| {
                // What `initiative_row` reads: the record, its lead, the report date.
                let made_from = data.map_or(0, |data| {
                    digest(|w| {
                        (data, record.digest).hash(w);
                        person_ref_shows(model, &record.fields.lead.value).hash(w);
                    })
                });
                if let Some((value, key)) = rows.and_then(|rows| rows.get(&made_from)) {
                    return Row {
                        record,
                        value: value.clone(),
                        key: *key,
                        made_from,
                    };
                }
                let row = initiative_row(model, record);
                // Tera's maps iterate in a different order in each process, so a page's
                // cache key takes the row's digest from its JSON form, whose order is fixed.
                let key = digest(|w| row.hash(w));
                Row {
                    record,
                    value: tera::Value::from_serializable(&row),
                    key,
                    made_from,
                }
            })
            .collect();
        Inputs {
            model,
            facts,
            indicators,
            by_person,
            led,
            sponsored,
            rows,
            filters: filters(model),
            bodies: None,
            data,
        }
    }

    fn chart(&self, id: &str) -> Option<&Chart> {
        self.facts.chart(id)
    }

    /// This build's index rows, for the next build.
    pub fn row_cache(&self) -> RowCache {
        self.rows
            .iter()
            .map(|row| (row.made_from, (row.value.clone(), row.key)))
            .collect()
    }
}

/// For a page about one record: its path, and a key of everything its view reads. That is
/// the record, each record it shows something of (a lead's name, a meeting's date, a
/// measure's chart), and `global`: [`data_key`], the site's header, the navigation and
/// the templates. `watch` reuses the page while the key is unchanged, without building
/// its view, which at 10,000 initiatives was most of a rebuild. The other pages (the
/// dashboard, the board, the indexes) read across all records; their views are built and
/// compared whole. A view that starts reading another record must add it here: a test
/// (tests/site.rs) edits through each link and compares the cached build with a fresh one.
pub fn dependencies(job: &Job, inputs: &Inputs, global: Key) -> Option<(String, Key)> {
    let model = inputs.model;
    let initiatives = |w: &mut crate::digest::Digest, list: Option<&Vec<&Record<Initiative>>>| {
        let list = list.map_or(&[][..], Vec::as_slice);
        list.len().hash(w);
        list.iter().for_each(|i| initiative_link_shows(i).hash(w));
    };
    match job {
        Job::Person(person) => {
            let id = person.id.as_str();
            let key = digest(|w| {
                (global, person.digest).hash(w);
                let entries = inputs.by_person.get(id).map_or(&[][..], Vec::as_slice);
                entries.len().hash(w);
                for entry in entries {
                    (entry.meeting.digest, entry.mark).hash(w);
                }
                initiatives(w, inputs.led.get(id));
                initiatives(w, inputs.sponsored.get(id));
            });
            Some((person_href(id), key))
        }
        Job::Initiative(initiative) => {
            let i = &initiative.fields;
            let key = digest(|w| {
                (global, initiative.digest).hash(w);
                person_ref_shows(model, &i.lead.value).hash(w);
                i.sponsor
                    .as_ref()
                    .map(|s| person_ref_shows(model, &s.value))
                    .hash(w);
                for id in &i.measures {
                    model
                        .records
                        .measures
                        .get(&id.value)
                        .map(|m| m.digest)
                        .hash(w);
                }
            });
            Some((initiative_href(&initiative.id), key))
        }
        Job::Measure(measure) => Some((
            measure_href(&measure.id),
            digest(|w| (global, measure.digest).hash(w)),
        )),
        Job::Page(page) => Some((
            crate::urls::page(&page.id),
            digest(|w| (global, page.digest).hash(w)),
        )),
        _ => None,
    }
}

/// Every page of the site, in no particular order (the files are sorted by path later).
pub fn jobs(model: &Model) -> Vec<Job<'_>> {
    let records = &model.records;
    let mut jobs = vec![
        Job::Dashboard,
        Job::Board,
        Job::Initiatives,
        Job::Measures,
        Job::Surveys,
        Job::NotFound,
    ];
    jobs.extend(records.people.values().map(Job::Person));
    jobs.extend(records.initiatives.values().map(Job::Initiative));
    let categories: std::collections::BTreeSet<Category> = records
        .initiatives
        .values()
        .map(|i| i.fields.category)
        .collect();
    jobs.extend(categories.into_iter().map(Job::Category));
    let stages: std::collections::BTreeSet<Stage> = records
        .initiatives
        .values()
        .map(|i| i.fields.status.value)
        .collect();
    jobs.extend(stages.into_iter().map(Job::Stage));
    jobs.extend(records.measures.values().map(Job::Measure));
    jobs.extend(records.pages.values().map(Job::Page));
    jobs
}

/// The view of one page.
pub fn view(job: &Job, inputs: &Inputs) -> PageOut {
    let (model, indicators) = (inputs.model, inputs.indicators);
    match job {
        Job::Dashboard => dashboard(indicators),
        Job::Board => board(model, indicators, &inputs.by_person),
        Job::Initiatives => {
            initiatives_index(inputs, "initiatives.html", "Initiatives", None, None)
        }
        Job::Measures => measures_index(inputs),
        Job::Surveys => surveys(model, indicators),
        Job::NotFound => PageOut {
            path: "404.html".into(),
            template: "404.html",
            title: "Page not found".into(),
            section: "",
            rows: None,
            data: serde_json::json!({ "base_url": model.config.base_url.value }),
        },
        Job::Person(person) => {
            let entries = inputs
                .by_person
                .get(person.id.as_str())
                .map_or(&[][..], Vec::as_slice);
            person_page(inputs, person, entries)
        }
        Job::Initiative(initiative) => initiative_page(inputs, initiative),
        Job::Category(category) => {
            let word = keyword(category);
            initiatives_index(
                inputs,
                &crate::urls::category(&word),
                &format!("Initiatives: {}", label(&word)),
                Some(*category),
                None,
            )
        }
        Job::Stage(stage) => {
            let word = keyword(stage);
            initiatives_index(
                inputs,
                &crate::urls::status(&word),
                &format!("Initiatives: {}", label(&word)),
                None,
                Some(*stage),
            )
        }
        Job::Measure(measure) => measure_page(inputs, measure),
        Job::Page(page) => PageOut {
            path: crate::urls::page(&page.id),
            template: "page.html",
            title: page.fields.title.value.clone(),
            section: "",
            rows: None,
            data: serde_json::json!({
                "html": body_html(inputs, page.body.as_ref(), &crate::urls::page(&page.id)),
                "confidential": page.fields.confidential,
                "draft": page.fields.draft,
                "extra": page.fields.extra,
            }),
        },
    }
}

/// A record's body as HTML for its page at `path`.
fn body_html(inputs: &Inputs, body: Option<&crate::records::Body>, path: &str) -> String {
    let Some(body) = body else {
        return String::new();
    };
    let root = super::root_of(path);
    match inputs.bodies {
        Some(bodies) => bodies.html(&body.markdown, &root).to_string(),
        None => markdown::to_html(&body.markdown, &root),
    }
}

fn dashboard(indicators: &Indicators) -> PageOut {
    let (b, a, i, l) = (
        &indicators.board,
        &indicators.attendance,
        &indicators.initiatives,
        &indicators.leaders,
    );
    let flags = "board.html#flags";
    let tiles = vec![
        tile(&b.members, urls::BOARD),
        tile(&b.clinical_share, urls::BOARD),
        tile(&b.independence, urls::BOARD),
        tile(&b.mandatory_roles_missing, urls::BOARD),
        tile(&b.terms_ending, flags),
        tile(&b.tenure_breach, flags),
        tile(&b.fit_and_proper_overdue, flags),
        tile(&a.rate, "board.html#attendance"),
        tile(&i.count, urls::INITIATIVES),
        tile(&i.on_track_share, urls::INITIATIVES),
        tile(&i.by_rag, urls::INITIATIVES),
        tile(&i.overdue, urls::INITIATIVES),
        tile(&i.overdue_milestones, urls::INITIATIVES),
        tile(&i.budget, urls::INITIATIVES),
        tile(&l.management_share, "board.html#leaders"),
        tile(&l.management_overrun, "board.html#leaders"),
    ];
    let survey_tiles = survey_tiles(indicators);
    let measure_tiles: Vec<Tile> = indicators
        .measures
        .iter()
        .map(|m| tile(&m.indicator, &measure_href(m.id)))
        .collect();
    let counts = |status: Status| indicators.count(status);
    PageOut {
        path: "index.html".into(),
        template: "index.html",
        title: "Dashboard".into(),
        section: "index.html",
        rows: None,
        data: serde_json::json!({
            "tiles": to_value(&tiles),
            "survey_tiles": to_value(&survey_tiles),
            "measure_tiles": to_value(&measure_tiles),
            "breaches": counts(Status::Breach),
            "warnings": counts(Status::Warn),
            "data_links": [
                { "title": "All indicators (JSON)", "href": "data/indicators.json" },
                { "title": "All indicators (CSV)", "href": "data/indicators.csv" },
                { "title": "Initiatives (CSV)", "href": "data/initiatives.csv" },
                { "title": "Attendance (CSV)", "href": "data/attendance.csv" },
                { "title": "Measure points (CSV)", "href": "data/measures.csv" },
            ],
        }),
    }
}

#[derive(Serialize)]
struct MemberRow {
    #[serde(skip)]
    order: crate::records::person::BoardRole,
    person: PersonRef,
    role: String,
    profession: String,
    clinical: bool,
    voting: bool,
    independent: bool,
    non_executive: bool,
    first_appointed: Date,
    tenure: String,
    term_ends: Option<Date>,
}

#[derive(Serialize)]
struct MatrixRow {
    person: PersonRef,
    cells: Vec<Cell>,
    rate: String,
}

#[derive(Serialize)]
struct Cell {
    mark: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct MeetingColumn {
    id: String,
    date: Date,
    body: String,
    title: String,
    confidential: bool,
}

fn mark_cell(mark: Option<Mark>) -> Cell {
    match mark {
        Some(Mark::Present) => Cell {
            mark: "present",
            label: "Present",
        },
        Some(Mark::Apologies) => Cell {
            mark: "apologies",
            label: "Apologies",
        },
        Some(Mark::Absent) => Cell {
            mark: "absent",
            label: "Absent",
        },
        None => Cell {
            mark: "none",
            label: "Not a member",
        },
    }
}

fn board(
    model: &Model,
    indicators: &Indicators,
    by_person: &BTreeMap<&str, Vec<attendance::Entry>>,
) -> PageOut {
    let as_of = model.as_of;
    let mut members: Vec<MemberRow> = model
        .records
        .people
        .values()
        .filter_map(|record| {
            let seat = record.fields.board.as_ref()?;
            if !seat.in_post_on(as_of) {
                return None;
            }
            Some(MemberRow {
                order: seat.role,
                person: person_ref(model, &record.id)?,
                role: labelled(&seat.role),
                profession: labelled(&record.fields.profession),
                clinical: record.fields.profession.is_clinical(),
                voting: seat.voting(),
                independent: seat.independent(),
                non_executive: seat.role.is_non_executive(),
                first_appointed: seat.first_appointed.value,
                tenure: format!(
                    "{} years",
                    number(as_of.years_since(seat.first_appointed.value))
                ),
                term_ends: seat.term_ends.as_ref().map(|t| t.value),
            })
        })
        .collect();
    // The order of roles in FORMAT.md (chair, chief executive, directors, non-executives),
    // then by name.
    members.sort_by(|a, b| (a.order, &a.person.name).cmp(&(b.order, &b.person.name)));

    let mut professions: BTreeMap<String, usize> = BTreeMap::new();
    for m in &members {
        *professions.entry(m.profession.clone()).or_default() += 1;
    }
    let bars: Vec<(String, f64, String)> = professions
        .iter()
        .map(|(p, n)| (p.clone(), *n as f64, n.to_string()))
        .collect();
    let composition_svg = svg::bars(
        "composition",
        "Board members in post by profession",
        &format!("{} members; the table below gives each one.", members.len()),
        &bars,
    );

    let flags: Vec<Tile> = indicators
        .board
        .entries()
        .iter()
        .filter(|i| i.status != Status::Info)
        .map(|i| tile(i, "board.html#flags"))
        .collect();

    // Attendance matrix: members (anyone eligible for a counted meeting) by meetings.
    let meetings: Vec<MeetingColumn> = attendance::counted_meetings(model)
        .map(|m| MeetingColumn {
            id: m.id.clone(),
            date: m.fields.date.value,
            body: label(&m.fields.body.value),
            title: m
                .fields
                .title
                .clone()
                .unwrap_or_else(|| label(&m.fields.body.value)),
            confidential: m.fields.confidential,
        })
        .collect();
    let matrix: Vec<MatrixRow> = by_person
        .iter()
        .filter_map(|(id, entries)| {
            // A person's entries follow the meetings' order, one at most per meeting.
            let mut entries = entries.iter().peekable();
            let marks: Vec<Option<Mark>> = meetings
                .iter()
                .map(|m| entries.next_if(|e| e.meeting.id == m.id).map(|e| e.mark))
                .collect();
            let present = marks.iter().filter(|m| **m == Some(Mark::Present)).count();
            let eligible = marks.iter().filter(|m| m.is_some()).count();
            Some(MatrixRow {
                person: person_ref(model, id)?,
                cells: marks.into_iter().map(mark_cell).collect(),
                rate: format!(
                    "{} ({present} of {eligible})",
                    percent(count_share(present, eligible))
                ),
            })
        })
        .collect();

    let history = &indicators.board.clinical_share_history.value;
    let points: Vec<(String, Option<f64>)> = history
        .iter()
        .map(|q| (q.quarter.clone(), q.share))
        .collect();
    let history_svg = svg::shares(
        "history",
        "Clinical share of the board, last 8 quarter ends",
        "A line of the share of board members from a clinical profession at each quarter end; the table below gives the figures.",
        &points,
    );
    let history_rows: Vec<Value> = history
        .iter()
        .map(|q| {
            serde_json::json!({
                "quarter": q.quarter,
                "date": q.date,
                "members": q.members,
                "clinical": q.clinical,
                "share": percent(q.share),
            })
        })
        .collect();

    let leaders: Vec<Value> = model
        .records
        .people
        .values()
        .filter_map(|p| {
            let plan = p.fields.job_plan.as_ref()?;
            let total = plan.clinical.value + plan.supporting.value + plan.management.value;
            Some(serde_json::json!({
                "person": to_value(&person_ref(model, &p.id)?),
                "clinical": number(plan.clinical.value),
                "supporting": number(plan.supporting.value),
                "management": number(plan.management.value),
                "actual": plan.management_actual.as_ref().map(|a| number(a.value)),
                "overrun": plan.management_actual.as_ref().is_some_and(|a| a.value > plan.management.value),
                "share": percent(crate::indicators::share(plan.management.value, total)),
            }))
        })
        .collect();

    let (b, a, l) = (
        &indicators.board,
        &indicators.attendance,
        &indicators.leaders,
    );
    PageOut {
        path: "board.html".into(),
        template: "board.html",
        title: "Board".into(),
        section: "board.html",
        rows: None,
        data: serde_json::json!({
            "members": to_value(&members),
            "composition_svg": composition_svg,
            "professions": professions.iter().map(|(p, n)| serde_json::json!({"profession": p, "count": n})).collect::<Vec<_>>(),
            "summary": {
                "members": b.members.summary,
                "voting": b.voting.summary,
                "clinical_share": b.clinical_share.summary,
                "voting_clinical_share": b.voting_clinical_share.summary,
                "doctors": b.doctors.summary,
                "independence": b.independence.summary,
                "attendance": a.rate.summary,
                "management_share": l.management_share.summary,
            },
            "flags": to_value(&flags),
            "meetings": to_value(&meetings),
            "matrix": to_value(&matrix),
            "history_svg": history_svg,
            "history": history_rows,
            "leaders": leaders,
        }),
    }
}

/// `entries`: this person's attendance, meeting by meeting.
fn person_page(inputs: &Inputs, record: &Record<Person>, entries: &[attendance::Entry]) -> PageOut {
    let model = inputs.model;
    let person = &record.fields;
    let seat = person.board.as_ref();
    let attendance: Vec<Value> = entries
        .iter()
        .map(|e| {
            let m = &e.meeting.fields;
            serde_json::json!({
                "date": m.date.value,
                "title": m.title.clone().unwrap_or_else(|| label(&m.body.value)),
                "body": label(&m.body.value),
                "mark": to_value(&mark_cell(Some(e.mark))),
            })
        })
        .collect();
    let present = entries.iter().filter(|e| e.mark == Mark::Present).count();
    let links = |by: &BTreeMap<&str, Vec<&Record<Initiative>>>| -> Vec<Value> {
        by.get(record.id.as_str())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|i| initiative_link(i))
            .collect()
    };
    PageOut {
        path: person_href(&record.id),
        template: "person.html",
        title: person.name.value.clone(),
        section: "board.html",
        rows: None,
        data: serde_json::json!({
            "id": record.id,
            "name": person.name.value,
            "job_title": person.job_title,
            "profession": labelled(&person.profession),
            "clinical": person.profession.is_clinical(),
            "confidential": person.confidential,
            "draft": person.draft,
            "board": seat.map(|s| serde_json::json!({
                "role": labelled(&s.role),
                "voting": s.voting(),
                "independent": s.independent(),
                "non_executive": s.role.is_non_executive(),
                "first_appointed": s.first_appointed.value,
                "term_ends": s.term_ends.as_ref().map(|t| t.value),
                "left": s.left.as_ref().map(|l| l.value),
                "in_post": s.in_post_on(model.as_of),
                "committees": s.committees.iter().map(|c| label(&c.value)).collect::<Vec<_>>(),
            })),
            "fit_and_proper": person.fit_and_proper,
            "job_plan": person.job_plan.as_ref().map(|p| serde_json::json!({
                "clinical": number(p.clinical.value),
                "supporting": number(p.supporting.value),
                "management": number(p.management.value),
                "actual": p.management_actual.as_ref().map(|a| number(a.value)),
            })),
            "attendance": attendance,
            "attendance_rate": if attendance.is_empty() { String::new() } else {
                format!("{} ({present} of {})", percent(count_share(present, attendance.len())), attendance.len())
            },
            "leads": links(&inputs.led),
            "sponsors": links(&inputs.sponsored),
            "bio_html": body_html(inputs, record.body.as_ref(), &person_href(&record.id)),
            "interests": person.interests.iter().map(|i| serde_json::json!({
                "description": i.description.value,
                "declared": i.declared,
            })).collect::<Vec<_>>(),
            "extra": person.extra,
        }),
    }
}

/// What [`initiative_link`] reads of the initiative, for the keys of pages listing one.
fn initiative_link_shows(record: &Record<Initiative>) -> impl Hash + '_ {
    let i = &record.fields;
    (&record.id, &i.title.value, i.status.value, i.confidential)
}

fn initiative_link(record: &Record<Initiative>) -> Value {
    let i = &record.fields;
    serde_json::json!({
        "id": record.id,
        "title": i.title.value,
        "href": initiative_href(&record.id),
        "status": labelled(&i.status.value),
        "confidential": i.confidential,
    })
}

fn money(value: Option<f64>) -> String {
    value.map(amount).unwrap_or_default()
}

fn initiative_row(model: &Model, record: &Record<Initiative>) -> Value {
    let i = &record.fields;
    let due = i.due.as_ref().map(|d| d.value);
    serde_json::json!({
        "id": record.id,
        "title": i.title.value,
        "href": initiative_href(&record.id),
        "status": labelled(&i.status.value),
        "status_word": keyword(&i.status.value),
        "category": labelled(&i.category),
        "category_word": keyword(&i.category),
        "rag": i.rag.map(|r| keyword(&r)),
        "rag_label": i.rag.map(|r| labelled(&r)),
        "lead": to_value(&person_ref(model, &i.lead.value)),
        "due": due,
        "overdue": crate::facts::initiative_overdue(i, model.as_of).is_some(),
        "budget": money(i.budget.as_ref().map(|b| b.value)),
        "spent": money(i.spent.as_ref().map(|s| s.value)),
        "confidential": i.confidential,
        "draft": i.draft,
    })
}

/// The links to the index of each category (by their word) and status, with counts.
fn filters(model: &Model) -> (Vec<Value>, Vec<Value>) {
    let mut categories: BTreeMap<Category, usize> = BTreeMap::new();
    let mut stages: BTreeMap<Stage, usize> = BTreeMap::new();
    for record in model.records.initiatives.values() {
        *categories.entry(record.fields.category).or_default() += 1;
        *stages.entry(record.fields.status.value).or_default() += 1;
    }
    let categories: BTreeMap<String, usize> = categories
        .into_iter()
        .map(|(category, n)| (keyword(&category), n))
        .collect();
    let category_links = categories
        .iter()
        .map(|(word, n)| {
            serde_json::json!({
                "title": label(word), "count": n, "href": crate::urls::category(word),
            })
        })
        .collect();
    let status_links = stages
        .iter()
        .map(|(stage, n)| {
            serde_json::json!({
                "title": labelled(stage), "count": n, "href": crate::urls::status(&keyword(stage)),
            })
        })
        .collect();
    (category_links, status_links)
}

fn initiatives_index(
    inputs: &Inputs,
    path: &str,
    title: &str,
    category: Option<Category>,
    stage: Option<Stage>,
) -> PageOut {
    let listed: Vec<&Row> = inputs
        .rows
        .iter()
        .filter(|row| category.is_none_or(|c| row.record.fields.category == c))
        .filter(|row| stage.is_none_or(|s| row.record.fields.status.value == s))
        .collect();
    let rows = SharedRows {
        value: tera::Value::from(
            listed
                .iter()
                .map(|row| row.value.clone())
                .collect::<Vec<_>>(),
        ),
        key: digest(|w| listed.iter().for_each(|row| row.key.hash(w))),
    };
    let (category_links, status_links) = &inputs.filters;
    PageOut {
        path: path.into(),
        template: "initiatives.html",
        title: title.into(),
        section: "initiatives.html",
        rows: Some(rows),
        data: serde_json::json!({
            "filtered": category.is_some() || stage.is_some(),
            "categories": category_links,
            "statuses": status_links,
        }),
    }
}

fn initiative_page(inputs: &Inputs, record: &Record<Initiative>) -> PageOut {
    let model = inputs.model;
    let i = &record.fields;
    let milestones: Vec<Value> = i
        .milestones
        .iter()
        .map(|m| {
            let overdue = crate::facts::milestone_overdue(m, model.as_of);
            serde_json::json!({
                "title": m.title.value,
                "due": m.due,
                "done": m.done.as_ref().map(|d| d.value),
                "overdue": overdue.is_some(),
                "days_overdue": overdue.unwrap_or(0),
            })
        })
        .collect();
    let measures: Vec<Value> = i
        .measures
        .iter()
        .filter_map(|id| {
            let measure = model.records.measures.get(&id.value)?;
            let chart = inputs.chart(&id.value)?;
            Some(serde_json::json!({
                "title": measure.fields.title.value,
                "href": measure_href(&id.value),
                "variation": chart.variation.map(variation_label),
                "assurance": chart.assurance.map(assurance_label),
                "confidential": measure.fields.confidential,
            }))
        })
        .collect();
    let mut row = initiative_row(model, record);
    if let Value::Object(map) = &mut row {
        let extra = serde_json::json!({
            "sponsor": to_value(&i.sponsor.as_ref().and_then(|s| person_ref(model, &s.value))),
            "start": i.start,
            "participants": i.participants.map(|p| serde_json::json!({"clinicians": p.clinicians, "managers": p.managers})),
            "pairs": i.pairs,
            "milestones": milestones,
            "measures": measures,
            "tags": i.tags,
            "narrative_html": body_html(inputs, record.body.as_ref(), &initiative_href(&record.id)),
            "budget_used": match (i.budget.as_ref(), i.spent.as_ref()) {
                (Some(b), Some(s)) => percent(crate::indicators::share(s.value, b.value)),
                _ => String::new(),
            },
            "extra": i.extra,
        });
        if let Value::Object(more) = extra {
            map.extend(more);
        }
    }
    PageOut {
        path: initiative_href(&record.id),
        template: "initiative.html",
        title: i.title.value.clone(),
        section: "initiatives.html",
        rows: None,
        data: row,
    }
}

pub fn variation_label(variation: Variation) -> Value {
    let (text, kind) = match variation {
        Variation::CommonCause => ("Common cause variation", "common-cause"),
        Variation::ImprovementHigh => ("Special cause improvement (high)", "improvement"),
        Variation::ImprovementLow => ("Special cause improvement (low)", "improvement"),
        Variation::ConcernHigh => ("Special cause concern (high)", "concern"),
        Variation::ConcernLow => ("Special cause concern (low)", "concern"),
        Variation::NeitherHigh => ("Special cause variation (high)", "neither"),
        Variation::NeitherLow => ("Special cause variation (low)", "neither"),
    };
    serde_json::json!({ "id": variation.id(), "text": text, "kind": kind })
}

pub fn assurance_label(assurance: Assurance) -> Value {
    let text = match assurance {
        Assurance::Pass => "Consistently meets the target",
        Assurance::Fail => "Consistently misses the target",
        Assurance::HitOrMiss => "Will hit and miss the target",
    };
    serde_json::json!({ "id": assurance.id(), "text": text })
}

/// A measure's status as the dashboard shows it (`indicators::measures::status`).
fn status_of(chart: &Chart) -> Value {
    let status = crate::indicators::measures::status(chart);
    serde_json::json!({ "id": status.id(), "label": status_label(status) })
}

fn measures_index(inputs: &Inputs) -> PageOut {
    let model = inputs.model;
    let rows: Vec<Value> = model
        .records
        .measures
        .values()
        .filter_map(|record| {
            let m = &record.fields;
            let chart = inputs.chart(&record.id)?;
            let latest = m
                .points
                .value
                .iter()
                .zip(&chart.points)
                .rev()
                .find(|(_, c)| !c.ghost);
            Some(serde_json::json!({
                "title": m.title.value,
                "href": measure_href(&record.id),
                "latest": latest.map(|(p, _)| with_unit(p.value.value, m.unit.as_deref())),
                "period": latest.map(|(p, _)| p.period.value.to_string()),
                "improvement": labelled(&m.improvement),
                "target": chart.target().map(|t| with_unit(t, m.unit.as_deref())),
                "status": status_of(chart),
                "variation": chart.variation.map(variation_label),
                "assurance": chart.assurance.map(assurance_label),
                "run_chart": chart.run_chart,
                "confidential": m.confidential,
            }))
        })
        .collect();
    PageOut {
        path: "measures.html".into(),
        template: "measures.html",
        title: "Measures".into(),
        section: "measures.html",
        rows: None,
        data: serde_json::json!({ "rows": rows, "min_points": model.config.rules.spc.min_points.value }),
    }
}

fn kind_label(kind: PointType) -> &'static str {
    match kind {
        PointType::CommonCause => "Common cause",
        PointType::Improvement => "Improvement",
        PointType::Concern => "Concern",
        PointType::Neither => "Special cause",
    }
}

/// The chart of a measure with no points; `Facts` has a chart for every measure.
static NO_CHART: std::sync::LazyLock<Chart> = std::sync::LazyLock::new(|| {
    crate::spc::chart(
        &[],
        crate::records::measure::Improvement::Neither,
        None,
        crate::spc::Rules::default(),
    )
});

fn measure_page(inputs: &Inputs, record: &Record<crate::records::Measure>) -> PageOut {
    let model = inputs.model;
    let m = &record.fields;
    let chart = inputs.chart(&record.id).unwrap_or(&NO_CHART);
    let unit = m.unit.as_deref();
    let periods: Vec<String> = m
        .points
        .value
        .iter()
        .map(|p| p.period.value.to_string())
        .collect();
    let svg = svg::spc(
        &format!("spc-{}", record.id),
        &m.title.value,
        chart,
        &periods,
    );
    let points: Vec<Value> = m
        .points
        .value
        .iter()
        .zip(&chart.points)
        .map(|(p, c)| {
            let mut rules = Vec::new();
            for (on, name) in [
                (c.flags.beyond_limit, "beyond a process limit"),
                (c.flags.shift, "shift"),
                (c.flags.trend, "trend"),
                (c.flags.two_of_three, "two of three beyond two sigma"),
            ] {
                if on {
                    rules.push(name);
                }
            }
            // A point of a partition too short for limits was not judged.
            let judged = chart.limits_of(c).is_some();
            let kind = if c.ghost {
                "Ghost (not counted)"
            } else if !judged {
                ""
            } else {
                kind_label(c.kind)
            };
            serde_json::json!({
                "period": p.period.value.to_string(),
                "value": with_unit(p.value.value, unit),
                "note": p.note,
                "rebase": p.rebase,
                "ghost": c.ghost,
                "kind": kind,
                "kind_class": if c.ghost || !judged { "ghost".to_string() } else { c.kind.id().to_string() },
                "rules": rules.join(", "),
            })
        })
        .collect();
    let limits = chart.latest_limits().map(|l| {
        serde_json::json!({
            "mean": with_unit(l.mean, unit),
            "upper": with_unit(l.upper, unit),
            "lower": with_unit(l.lower, unit),
        })
    });
    PageOut {
        path: measure_href(&record.id),
        template: "measure.html",
        title: m.title.value.clone(),
        section: "measures.html",
        rows: None,
        data: serde_json::json!({
            "id": record.id,
            "title": m.title.value,
            "description": m.description,
            "unit": m.unit,
            "improvement": labelled(&m.improvement),
            "target": chart.target().map(|t| with_unit(t, unit)),
            "status": status_of(chart),
            "svg": svg,
            "run_chart": chart.run_chart,
            "variation": chart.variation.map(variation_label),
            "assurance": chart.assurance.map(assurance_label),
            "limits": limits,
            "points": points,
            "partitions": chart.partitions.len(),
            "min_points": model.config.rules.spc.min_points.value,
            "confidential": m.confidential,
            "extra": m.extra,
        }),
    }
}

/// The survey's indicators as tiles, for the dashboard and the survey page.
fn survey_tiles(indicators: &Indicators) -> Vec<Tile> {
    let s = &indicators.survey;
    let beside = |indicator, reference| Tile {
        reference: Some(percent(Some(reference))),
        ..tile(indicator, urls::SURVEYS)
    };
    vec![
        beside(&s.tension_share, IHM_TENSION),
        beside(&s.unresolved_share, IHM_UNRESOLVED),
        beside(&s.pessimism_share, IHM_PESSIMISM),
        tile(&s.change, urls::SURVEYS),
    ]
}

fn surveys(model: &Model, indicators: &Indicators) -> PageOut {
    let ordered = survey::by_date(model);
    let list: Vec<Value> = ordered
        .iter()
        .rev()
        .map(|record| {
            let s = &record.fields;
            let r = s.relationship.value;
            let total = s.respondents.value as usize;
            let answers = [
                ("Partnership", r.partnership),
                ("Partnership with areas of tension", r.partnership_with_tensions),
                ("Tolerance with frequent tensions", r.tolerance_with_frequent_tensions),
                ("Persistent and unresolved tensions", r.persistent_unresolved_tensions),
            ];
            let rows: Vec<Value> = answers
                .iter()
                .map(|(name, n)| serde_json::json!({
                    "answer": name, "count": n, "share": percent(count_share(*n as usize, total)),
                }))
                .collect();
            let bars: Vec<(String, f64, String)> = answers
                .iter()
                .map(|(name, n)| (name.to_string(), f64::from(*n), format!("{n} ({})", percent(count_share(*n as usize, total)))))
                .collect();
            let shares = Shares::of(s);
            serde_json::json!({
                "id": record.id,
                "title": s.title.value,
                "date": s.date.value,
                "respondents": total,
                "rows": rows,
                "svg": svg::bars(
                    &format!("survey-{}", record.id),
                    &format!("{}: answers", s.title.value),
                    "How respondents describe the clinician-manager relationship; the table gives the counts.",
                    &bars,
                ),
                "outlook": s.outlook.map(|o| {
                    let t = (o.better + o.same + o.worse) as usize;
                    serde_json::json!({
                        "better": o.better, "same": o.same, "worse": o.worse,
                        "better_share": percent(count_share(o.better as usize, t)),
                        "same_share": percent(count_share(o.same as usize, t)),
                        "worse_share": percent(count_share(o.worse as usize, t)),
                    })
                }),
                "tension": percent(shares.tension_share),
                "unresolved": percent(shares.unresolved_share),
                "pessimism": percent(shares.pessimism_share),
                "confidential": s.confidential,
            })
        })
        .collect();
    let tiles = survey_tiles(indicators);
    PageOut {
        path: "surveys.html".into(),
        template: "surveys.html",
        title: "Relationship survey".into(),
        section: "surveys.html",
        rows: None,
        data: serde_json::json!({
            "surveys": list,
            "tiles": to_value(&tiles),
            "ihm": {
                "tension": percent(Some(IHM_TENSION)),
                "unresolved": percent(Some(IHM_UNRESOLVED)),
                "pessimism": percent(Some(IHM_PESSIMISM)),
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_for_readers() {
        assert_eq!(label("paired-learning"), "Paired learning");
        assert_eq!(label("ahp"), "Allied health professional");
        assert_eq!(label("non-executive-director"), "Non-executive director");
        assert_eq!(label("chief-executive"), "Chief executive");
        assert_eq!(label(""), "");
    }
}
