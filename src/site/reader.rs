//! What a view may read, and a record of what it read.
//!
//! A view reaches the records, the derived facts and the indicators only through a
//! [`Reader`]. Each of its answers is a [`Query`] with a [`Key`], the digest of what was
//! answered, and the reader keeps them. `watch` keeps each page with the queries its view
//! asked; in the next build, if every one of them still has its key (and the site-wide
//! inputs are unchanged), the page is reused without building its view. The keys are
//! worked out by the same functions that answer ([`Inputs::key`]), so what a page is kept
//! by cannot drift from what it shows. A view that read something some other way would be
//! reused stale: the cache's check mode ([`super::cache::RenderCache::verifying`]) renders
//! every reused page again and fails on any difference, so such a read fails the tests.

use super::bodies::Bodies;
use crate::config::Config;
use crate::date::Date;
use crate::digest::{Key, digest};
use crate::facts::Facts;
use crate::facts::attendance::Entry;
use crate::indicators::Indicators;
use crate::model::Model;
use crate::records::initiative::{Category, Status as Stage};
use crate::records::meeting::AgendaItem;
use crate::records::{
    Action, Fields, Id, Initiative, Kind, Measure, Meeting, Page, Person, Record, Survey, Visit,
};
use crate::spc::Chart;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::OnceLock;

/// One thing a view asked for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Query {
    /// A record's fields.
    Record(Kind, String),
    /// A record's body.
    Body(Kind, String),
    /// What a link to a person shows: whether they are in the build, their name, whether
    /// they are confidential.
    PersonRef(String),
    /// A person's attendance, meeting by meeting.
    Attendance(String),
    /// The initiatives a person leads, or sponsors.
    LedBy(String),
    SponsoredBy(String),
    /// Every record of a kind.
    All(Kind),
    /// The agenda items that discussed a record (an initiative or a measure).
    Discussed(Kind, String),
    /// The actions a person owns, and those a meeting agreed.
    OwnedBy(String),
    AgreedAt(String),
    /// The initiatives' index rows an index lists.
    Rows(Listed),
    /// The initiatives' categories and statuses, with counts.
    Filters,
    /// Every indicator.
    Indicators,
}

/// Which initiatives an index lists: every one, or those of one category or status. An
/// index page is kept by the rows it lists alone, so a save that changes one initiative's
/// row renders only the indexes it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Listed {
    All,
    Category(Category),
    Status(Stage),
}

impl Listed {
    /// The three index pages that list `initiative`.
    fn of(initiative: &Initiative) -> [Listed; 3] {
        [
            Listed::All,
            Listed::Category(initiative.category),
            Listed::Status(initiative.status.value),
        ]
    }

    fn lists(self, initiative: &Initiative) -> bool {
        Listed::of(initiative).contains(&self)
    }
}

/// What a link to a person shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PersonRef<'m> {
    pub id: &'m str,
    pub name: &'m str,
    pub confidential: bool,
}

/// What a view read: each query with the key its answer had. Shared: a row kept from one
/// build to the next is not copied.
pub type Reads = std::sync::Arc<[(Query, Key)]>;

/// One initiative's index row, in the templates' form, made once per build and listed by
/// several index pages.
pub struct Row<'m> {
    pub record: &'m Record<Initiative>,
    /// Shared with the kept row, so a kept row's value is not copied on every save. Empty
    /// in a build that rendered the row's HTML as it made it ([`super::rows::Early`]).
    pub value: std::sync::Arc<tera::Value>,
    /// What the row was made from, and the digest of that.
    reads: Reads,
    reads_key: Key,
    /// Taken from the last build's rows.
    kept: bool,
}

impl Row<'_> {
    /// The digest of what the row was made from: two rows with the same key (and the same
    /// site-wide settings) are the same.
    pub fn key(&self) -> Key {
        self.reads_key
    }
}

/// Index rows by initiative id, with what they were made from, kept by `watch` between
/// builds.
pub type RowCache = FxHashMap<String, KeptRow>;

/// An index row kept between builds.
pub struct KeptRow {
    reads: Reads,
    /// The digest of `reads`: the key of [`Query::Rows`] is made from every listed row's, and
    /// digesting every row's reads again on each save took a tenth of the reuse checks.
    reads_key: Key,
    /// The site-wide settings it was made with ([`Model::settings_key`]): a row shows
    /// money in the organisation's currency and what is overdue on the report date, which
    /// a reader does not record, as no view does (they are part of every page's key).
    settings: Key,
    value: std::sync::Arc<tera::Value>,
}

/// What views read, worked out once per build: the model, the facts and the indicators,
/// and what several pages share. With thousands of initiatives, looking each person's
/// initiatives up by a scan, or building each index row once per index page, was most of
/// the render time.
pub struct Inputs<'m> {
    model: &'m Model,
    facts: &'m Facts<'m>,
    indicators: &'m Indicators<'m>,
    /// Attendance by person.
    by_person: BTreeMap<&'m str, Vec<Entry<'m>>>,
    /// Initiatives by the id of their lead, and of their sponsor, in id order.
    led: FxHashMap<&'m str, Vec<&'m Record<Initiative>>>,
    sponsored: FxHashMap<&'m str, Vec<&'m Record<Initiative>>>,
    rows: Vec<Row<'m>>,
    /// Agenda items by the kind and id of each record they concern, in meeting order.
    discussed: FxHashMap<(Kind, &'m str), Vec<Discussion<'m>>>,
    /// Actions by owner and by meeting, in id order.
    owned: FxHashMap<&'m str, Vec<&'m Record<Action>>>,
    agreed: FxHashMap<&'m str, Vec<&'m Record<Action>>>,
    /// Each category and status of initiative (by word) with its count.
    filters: Filters,
    /// Bodies' HTML from the last build, for `watch` and `serve`.
    bodies: Option<&'m Bodies>,
    /// How figures and dates are written, from the configuration.
    style: crate::style::Style,
    /// Each record's keys, by kind and id, worked out once: a save checks the reads of
    /// every kept page against them, and looking each up in the records' ordered maps,
    /// then digesting it, was a large part of the reuse checks' time.
    keys: FxHashMap<(Kind, &'m str), RecordKeys>,
    /// The keys of [`Query::PersonRef`] of every person, and of [`Query::Discussed`] of
    /// every record discussed, worked out once: tens of thousands of kept pages and rows
    /// ask them after a save, and digesting each answer again was a fifth of the checks.
    person_refs: FxHashMap<&'m str, Key>,
    discussed_keys: FxHashMap<(Kind, &'m str), Key>,
    /// The key of [`Query::Discussed`] of a record no agenda item is about: most of them.
    undiscussed: Key,
    /// [`Model::settings_key`], worked out once.
    settings: Key,
    /// Keys worked out once, on first asking.
    all: HashMap<Kind, OnceLock<Key>>,
    /// The key of [`Query::Rows`] of every index that lists a row, worked out at once.
    rows_keys: OnceLock<FxHashMap<Listed, Key>>,
    filters_key: OnceLock<Key>,
    indicators_key: OnceLock<Key>,
    /// [`Model::seated`], worked out once: every meeting's page and row asks who could
    /// attend it (10,000 people × 5,000 meetings at 100,000 initiatives).
    seated: Vec<&'m Record<Person>>,
    /// Whether readers record what views read, for a cache to keep each page by. A build
    /// without one (`boardpack build`) has nothing to keep, so it works out no keys: their
    /// maps were 20–45 MB at 100,000 initiatives.
    recording: bool,
}

/// The keys of a record's queries in this build.
struct RecordKeys {
    /// Of [`Query::Record`].
    record: Key,
    /// Of [`Query::Body`].
    body: Key,
    /// Where the links to records in its body go (see [`Inputs::links_key`]).
    links: Key,
}

/// An agenda item, with the meeting it was on.
#[derive(Clone, Copy)]
pub struct Discussion<'m> {
    pub meeting: &'m Record<Meeting>,
    pub item: &'m AgendaItem,
}

/// Each category and status of initiative, by its word, with how many have it.
#[derive(Debug, Default, Hash)]
pub struct Filters {
    pub categories: Vec<(String, usize)>,
    pub statuses: Vec<(String, usize)>,
}

impl<'m> Inputs<'m> {
    /// `rows`: last build's index rows, taken again while what they read is unchanged;
    /// `make_row` makes one through the reader it is given.
    pub fn new(
        facts: &'m Facts<'m>,
        indicators: &'m Indicators<'m>,
        bodies: Option<&'m Bodies>,
        rows: Option<&RowCache>,
        recording: bool,
        make_row: impl Fn(&Reader<'_, 'm>, &str) -> Option<tera::Value> + Sync,
    ) -> Inputs<'m> {
        use rayon::prelude::*;
        let model = facts.model;
        // Who attended, leads, sponsors, discussed, owns and agreed what are made on one
        // core while every record's keys are worked out on the others: made one after the
        // other, the maps left a core idle for 5 to 10 ms of a save at 10,000 initiatives.
        let maps = || {
            let mut by_person: BTreeMap<&str, Vec<Entry>> = BTreeMap::new();
            for entry in &facts.attendance {
                by_person
                    .entry(entry.person)
                    .or_default()
                    .push(entry.clone());
            }
            // Only ever looked up, by person: by hash, a tenth of a save's inputs by tree, and
            // by a cheaper hash than the standard library's.
            let mut led: FxHashMap<&str, Vec<&Record<Initiative>>> = FxHashMap::default();
            let mut sponsored: FxHashMap<&str, Vec<&Record<Initiative>>> = FxHashMap::default();
            for record in model.records.initiatives.values() {
                led.entry(&record.fields.lead.value)
                    .or_default()
                    .push(record);
                if let Some(sponsor) = &record.fields.sponsor {
                    sponsored.entry(&sponsor.value).or_default().push(record);
                }
            }
            let mut discussed: FxHashMap<(Kind, &str), Vec<Discussion>> = FxHashMap::default();
            let mut meetings: Vec<&Record<Meeting>> = model.records.meetings.values().collect();
            meetings.sort_by_key(|m| (m.fields.date.value, &m.id));
            for meeting in meetings {
                for item in &meeting.fields.agenda {
                    let about = item
                        .initiatives
                        .iter()
                        .map(|i| (Kind::Initiative, i.value.as_str()))
                        .chain(
                            item.measures
                                .iter()
                                .map(|m| (Kind::Measure, m.value.as_str())),
                        );
                    for key in about {
                        discussed
                            .entry(key)
                            .or_default()
                            .push(Discussion { meeting, item });
                    }
                }
            }
            let mut owned: FxHashMap<&str, Vec<&Record<Action>>> = FxHashMap::default();
            let mut agreed: FxHashMap<&str, Vec<&Record<Action>>> = FxHashMap::default();
            for action in model.records.actions.values() {
                owned
                    .entry(&action.fields.owner.value)
                    .or_default()
                    .push(action);
                agreed
                    .entry(&action.fields.meeting.value)
                    .or_default()
                    .push(action);
            }
            let discussed_keys = if recording {
                discussed
                    .iter()
                    .map(|(&about, list)| (about, discussed_key(list)))
                    .collect()
            } else {
                FxHashMap::default()
            };
            (
                by_person,
                led,
                sponsored,
                discussed,
                discussed_keys,
                owned,
                agreed,
            )
        };
        let keys = || {
            if !recording {
                return (FxHashMap::default(), FxHashMap::default());
            }
            let records: Vec<_> = model.records.each_digest().collect();
            let keys = records
                .into_par_iter()
                .map(|(kind, id, record, body)| {
                    let links = links_key_of(model, body);
                    let keys = RecordKeys {
                        record: record_key_of(Some(record)),
                        body: body_key_of(body.map(|b| b.digest), links),
                        links,
                    };
                    ((kind, id), keys)
                })
                .collect();
            let person_refs = model
                .records
                .people
                .values()
                .map(|person| (&*person.id, person_ref_key(Some(person_ref_of(person)))))
                .collect();
            (keys, person_refs)
        };
        let (
            (by_person, led, sponsored, discussed, discussed_keys, owned, agreed),
            (keys, person_refs),
        ) = rayon::join(maps, keys);
        let mut inputs = Inputs {
            model,
            keys,
            person_refs,
            discussed_keys,
            undiscussed: discussed_key(&[]),
            settings: model.settings_key(),
            facts,
            indicators,
            by_person,
            led,
            sponsored,
            rows: Vec::new(),
            discussed,
            owned,
            agreed,
            filters: filters(model),
            bodies,
            style: crate::style::Style::of(&model.config.language, &model.config.currency.value),
            all: Kind::ALL.iter().map(|&k| (k, OnceLock::new())).collect(),
            rows_keys: OnceLock::new(),
            filters_key: OnceLock::new(),
            indicators_key: OnceLock::new(),
            seated: model.seated(),
            recording,
        };
        let initiatives: Vec<&Record<Initiative>> = model.records.initiatives.values().collect();
        let made: Vec<Row> = initiatives
            .par_iter()
            .filter_map(|record| {
                if let Some(kept) = rows.and_then(|rows| rows.get(&*record.id))
                    && kept.settings == inputs.settings
                    && inputs.unchanged(&kept.reads)
                {
                    return Some(Row {
                        record,
                        value: kept.value.clone(),
                        reads: kept.reads.clone(),
                        reads_key: kept.reads_key,
                        kept: true,
                    });
                }
                // A row is made through a reader of its own: what it read is what it is
                // kept by.
                let reader = Reader::new(&inputs);
                let value = std::sync::Arc::new(make_row(&reader, &record.id)?);
                let reads = reader.into_reads();
                Some(Row {
                    record,
                    value,
                    reads_key: digest(|w| reads.hash(w)),
                    reads,
                    kept: false,
                })
            })
            .collect();
        inputs.rows = made;
        inputs
    }

    /// Every initiative's index row, in id order: for the renderer, which lists them as the
    /// index views chose (a view reads them through [`Reader::rows`]).
    pub fn all_rows(&self) -> &[Row<'m>] {
        &self.rows
    }

    /// [`Model::settings_key`], as worked out for this build.
    pub fn settings(&self) -> Key {
        self.settings
    }

    /// Whether every query of `reads` still has its key.
    pub fn unchanged(&self, reads: &[(Query, Key)]) -> bool {
        reads.iter().all(|(query, key)| self.key(query) == *key)
    }

    /// Brings `rows`, the last build's rows that this one was made with, up to this
    /// build's, for the next. In place: after a save almost every row is kept, and
    /// making the map afresh copied every initiative's id.
    pub fn update_row_cache(&self, rows: &mut RowCache) {
        for row in self.rows.iter().filter(|row| !row.kept) {
            let kept = KeptRow {
                reads: row.reads.clone(),
                reads_key: row.reads_key,
                settings: self.settings,
                value: row.value.clone(),
            };
            rows.insert(row.record.id.to_string(), kept);
        }
        // Every row of this build is now in `rows`: any more are of initiatives gone.
        if rows.len() > self.rows.len() {
            let now: rustc_hash::FxHashSet<&str> =
                self.rows.iter().map(|row| &*row.record.id).collect();
            rows.retain(|id, _| now.contains(id.as_str()));
        }
    }

    /// Where the links to records in a record's body go in this build: a body's HTML
    /// changes when a record it links to is hidden or shown.
    pub fn links_key(&self, kind: Kind, id: &str) -> Key {
        self.keys
            .get(&(kind, id))
            .map_or_else(|| links_key_of(self.model, None), |keys| keys.links)
    }

    /// The key `query` has in this build: the digest of what a [`Reader`] answers to it.
    pub fn key(&self, query: &Query) -> Key {
        debug_assert!(self.recording, "keys are worked out only for a cache");
        match query {
            Query::Record(kind, id) => self
                .keys
                .get(&(*kind, id.as_str()))
                .map_or_else(|| record_key_of(None), |keys| keys.record),
            Query::Body(kind, id) => self.keys.get(&(*kind, id.as_str())).map_or_else(
                || body_key_of(None, links_key_of(self.model, None)),
                |keys| keys.body,
            ),
            Query::PersonRef(id) => match self.person_refs.get(id.as_str()) {
                Some(key) => *key,
                None => person_ref_key(self.person_ref(id)),
            },
            Query::Attendance(id) => digest(|w| {
                for entry in self.attendance_of(id) {
                    (entry.meeting.digest, entry.mark).hash(w);
                }
            }),
            Query::LedBy(id) => list_key(self.led.get(id.as_str())),
            Query::Discussed(kind, id) => match self.discussed_keys.get(&(*kind, id.as_str())) {
                Some(key) => *key,
                None => self.undiscussed,
            },
            // An action is shown with its meeting's title and date.
            Query::OwnedBy(id) => actions_key(self.model, self.owned.get(id.as_str())),
            Query::AgreedAt(id) => actions_key(self.model, self.agreed.get(id.as_str())),
            Query::SponsoredBy(id) => list_key(self.sponsored.get(id.as_str())),
            Query::All(kind) => *self.all[kind].get_or_init(|| {
                let mut all = AllDigests::default();
                self.model.records.visit(&mut all);
                all.keys.get(kind).copied().unwrap_or_default()
            }),
            Query::Rows(listed) => {
                let keys = self.rows_keys.get_or_init(|| {
                    let mut lists: FxHashMap<Listed, Vec<&Row>> = FxHashMap::default();
                    for row in &self.rows {
                        for listed in Listed::of(&row.record.fields) {
                            lists.entry(listed).or_default().push(row);
                        }
                    }
                    lists
                        .into_iter()
                        .map(|(listed, rows)| (listed, rows_key(&rows)))
                        .collect()
                });
                keys.get(listed).copied().unwrap_or_else(|| rows_key(&[]))
            }
            Query::Filters => *self
                .filters_key
                .get_or_init(|| digest(|w| self.filters.hash(w))),
            Query::Indicators => *self
                .indicators_key
                .get_or_init(|| digest(|w| self.indicators.feed(w))),
        }
    }

    fn person_ref(&self, id: &str) -> Option<PersonRef<'m>> {
        self.model.person(id).map(person_ref_of)
    }

    fn attendance_of(&self, id: &str) -> &[Entry<'m>] {
        self.by_person.get(id).map_or(&[], Vec::as_slice)
    }
}

fn person_ref_of(person: &Record<Person>) -> PersonRef<'_> {
    PersonRef {
        id: &person.id,
        name: &person.fields.name.value,
        confidential: person.fields.confidential,
    }
}

/// The key of [`Query::PersonRef`] for what a link to a person shows, or for no person.
fn person_ref_key(person: Option<PersonRef>) -> Key {
    digest(|w| person.hash(w))
}

/// The key of [`Query::Discussed`] for these agenda items.
fn discussed_key(list: &[Discussion]) -> Key {
    digest(|w| {
        for d in list {
            d.meeting.digest.hash(w);
        }
    })
}

/// The key of [`Query::Record`] for a record with this digest, or for none.
fn record_key_of(record: Option<Key>) -> Key {
    digest(|w| record.hash(w))
}

/// The key of [`Query::Body`] for a body with this digest, or for none, whose links to
/// records have the key `links`.
fn body_key_of(body: Option<Key>, links: Key) -> Key {
    digest(|w| {
        body.hash(w);
        links.hash(w);
    })
}

/// Where the links to records in `body` go in `model`: a body's HTML changes when a record
/// it links to is hidden or shown.
fn links_key_of(model: &Model, body: Option<&crate::records::Body>) -> Key {
    digest(|w| {
        for reference in body.iter().flat_map(|b| b.references.iter()) {
            if crate::markdown::is_record_link(&reference.url) {
                // The record's name shows only in a link written with no words.
                match reference.no_text {
                    true => record_target(model, &reference.url).hash(w),
                    false => model.record_link(&reference.url).hash(w),
                }
            }
        }
    })
}

/// Where a link to a record goes, and the record's name as its pages head it (a
/// meeting's with its date), for a link written with no words.
pub fn record_target(model: &Model, url: &str) -> Option<crate::markdown::Target> {
    let path = model.record_link(url)?;
    let (folder, id, _) = crate::markdown::record_link(url)?;
    let records = &model.records;
    let name = match Kind::of_folder(folder)? {
        Kind::Person => records.people.get(id)?.fields.name.value.clone(),
        Kind::Meeting => {
            let meeting = &records.meetings.get(id)?.fields;
            format!(
                "{}, {}",
                super::views::governance::meeting_title(meeting),
                model.style().date(meeting.date.value)
            )
        }
        Kind::Initiative => records.initiatives.get(id)?.fields.title.value.clone(),
        Kind::Measure => records.measures.get(id)?.fields.title.value.clone(),
        Kind::Survey => records.surveys.get(id)?.fields.title.value.clone(),
        Kind::Action => records.actions.get(id)?.fields.title.value.clone(),
        Kind::Page => records.pages.get(id)?.fields.title.value.clone(),
    };
    Some(crate::markdown::Target { path, name })
}

/// The key of an index's rows: which they are and what each was made from.
fn rows_key(rows: &[&Row]) -> Key {
    digest(|w| {
        for row in rows {
            (&row.record.id, row.reads_key).hash(w);
        }
    })
}

/// The key of a list of records: their digests in order.
fn list_key<T>(list: Option<&Vec<&Record<T>>>) -> Key {
    digest(|w| {
        for record in list.map_or(&[][..], Vec::as_slice) {
            record.digest.hash(w);
        }
    })
}

fn actions_key(model: &Model, list: Option<&Vec<&Record<Action>>>) -> Key {
    digest(|w| {
        for action in list.into_iter().flatten() {
            action.digest.hash(w);
            model
                .records
                .digest_of(Kind::Meeting, &action.fields.meeting.value)
                .hash(w);
        }
    })
}

/// The digest of every record of each kind.
#[derive(Default)]
struct AllDigests {
    keys: HashMap<Kind, Key>,
}

impl Visit for AllDigests {
    fn kind<T: Fields>(&mut self, records: &BTreeMap<Id, Record<T>>) {
        let key = digest(|w| {
            for record in records.values() {
                record.digest.hash(w);
            }
        });
        self.keys.insert(T::KIND, key);
    }
}

fn filters(model: &Model) -> Filters {
    use crate::records::keyword;
    let mut categories: BTreeMap<crate::records::initiative::Category, usize> = BTreeMap::new();
    let mut statuses: BTreeMap<crate::records::initiative::Status, usize> = BTreeMap::new();
    for record in model.records.initiatives.values() {
        *categories.entry(record.fields.category).or_default() += 1;
        *statuses.entry(record.fields.status.value).or_default() += 1;
    }
    // In the order of their words, as the filters are listed.
    let categories: BTreeMap<String, usize> = categories
        .into_iter()
        .map(|(category, n)| (keyword(&category), n))
        .collect();
    Filters {
        categories: categories.into_iter().collect(),
        statuses: statuses
            .into_iter()
            .map(|(status, n)| (keyword(&status), n))
            .collect(),
    }
}

/// A view's way to the inputs, recording what it asks.
pub struct Reader<'a, 'm> {
    inputs: &'a Inputs<'m>,
    reads: RefCell<Vec<(Query, Key)>>,
}

impl<'a, 'm> Reader<'a, 'm> {
    pub fn new(inputs: &'a Inputs<'m>) -> Reader<'a, 'm> {
        Reader {
            inputs,
            reads: RefCell::default(),
        }
    }

    /// Records a query and its key, when the inputs are recording: `query` is made only
    /// then, since most of them copy an id.
    fn note(&self, query: impl FnOnce() -> Query) {
        if !self.inputs.recording {
            return;
        }
        let query = query();
        let key = self.inputs.key(&query);
        self.reads.borrow_mut().push((query, key));
    }

    /// What the view read, each query once.
    pub fn into_reads(self) -> Reads {
        let mut reads = self.reads.into_inner();
        reads.sort_unstable();
        reads.dedup();
        reads.into()
    }

    // Site-wide inputs: part of every page's key (`Model::settings_key`), so not recorded.

    pub fn config(&self) -> &'m Config {
        &self.inputs.model.config
    }

    pub fn as_of(&self) -> Date {
        self.inputs.model.as_of
    }

    /// Whether the build includes drafts and confidential records (a site-wide input).
    pub fn options(&self) -> crate::model::BuildOptions {
        self.inputs.model.options
    }

    /// How figures and dates are written (from `language` and `currency`).
    pub fn style(&self) -> crate::style::Style {
        self.inputs.style
    }

    // One record, whole.

    pub fn person(&self, id: &str) -> Option<&'m Record<Person>> {
        self.note(|| Query::Record(Kind::Person, id.to_string()));
        self.inputs.model.records.people.get(id)
    }

    pub fn initiative(&self, id: &str) -> Option<&'m Record<Initiative>> {
        self.note(|| Query::Record(Kind::Initiative, id.to_string()));
        self.inputs.model.records.initiatives.get(id)
    }

    pub fn measure(&self, id: &str) -> Option<&'m Record<Measure>> {
        self.note(|| Query::Record(Kind::Measure, id.to_string()));
        self.inputs.model.records.measures.get(id)
    }

    pub fn meeting(&self, id: &str) -> Option<&'m Record<Meeting>> {
        self.note(|| Query::Record(Kind::Meeting, id.to_string()));
        self.inputs.model.records.meetings.get(id)
    }

    pub fn page(&self, id: &str) -> Option<&'m Record<Page>> {
        self.note(|| Query::Record(Kind::Page, id.to_string()));
        self.inputs.model.records.pages.get(id)
    }

    /// A measure's chart, which is made from the measure and the rules alone.
    pub fn chart(&self, id: &str) -> Option<&'m Chart> {
        self.note(|| Query::Record(Kind::Measure, id.to_string()));
        self.inputs.facts.chart(id)
    }

    // Every record of a kind.

    /// Where links to this build's confidential records go (`people/x.html`): none but in
    /// a `--confidential` build, where every kind is looked through.
    pub fn confidential_links(&self) -> std::collections::HashSet<String> {
        if !self.options().confidential {
            return Default::default();
        }
        let records = &self.inputs.model.records;
        Kind::ALL
            .iter()
            .flat_map(|&kind| {
                self.note(|| Query::All(kind));
                records
                    .ids_of(kind)
                    .filter(move |id| records.marks_of(kind, id).is_some_and(|(_, hidden)| hidden))
                    .map(move |id| kind.link(id))
            })
            .collect()
    }

    pub fn people(&self) -> impl Iterator<Item = &'m Record<Person>> + use<'m> {
        self.note(|| Query::All(Kind::Person));
        self.inputs.model.records.people.values()
    }

    /// The people with a board seat (in post or not), in id order: those who could be
    /// members of a meeting. Read as every person is, since a seat comes and goes with any.
    pub fn seated(&self) -> &[&'m Record<Person>] {
        self.note(|| Query::All(Kind::Person));
        &self.inputs.seated
    }

    pub fn meetings(&self) -> impl Iterator<Item = &'m Record<Meeting>> + use<'m> {
        self.note(|| Query::All(Kind::Meeting));
        self.inputs.model.records.meetings.values()
    }

    pub fn measures(&self) -> impl Iterator<Item = &'m Record<Measure>> + use<'m> {
        self.note(|| Query::All(Kind::Measure));
        self.inputs.model.records.measures.values()
    }

    pub fn actions(&self) -> impl Iterator<Item = &'m Record<Action>> + use<'m> {
        self.note(|| Query::All(Kind::Action));
        self.inputs.model.records.actions.values()
    }

    pub fn surveys(&self) -> impl Iterator<Item = &'m Record<Survey>> + use<'m> {
        self.note(|| Query::All(Kind::Survey));
        self.inputs.model.records.surveys.values()
    }

    // Parts of records, and what is derived from them.

    /// What a link to a person shows, or None when they are not in this build (a
    /// confidential record leaves no name behind).
    pub fn person_ref(&self, id: &str) -> Option<PersonRef<'m>> {
        self.note(|| Query::PersonRef(id.to_string()));
        self.inputs.person_ref(id)
    }

    /// A person's attendance, meeting by meeting.
    pub fn attendance_of(&self, id: &str) -> &'a [Entry<'m>] {
        self.note(|| Query::Attendance(id.to_string()));
        self.inputs.attendance_of(id)
    }

    /// Everyone's attendance, by person id; made from every meeting and every person.
    pub fn attendance(&self) -> &'a BTreeMap<&'m str, Vec<Entry<'m>>> {
        self.note(|| Query::All(Kind::Meeting));
        self.note(|| Query::All(Kind::Person));
        &self.inputs.by_person
    }

    /// The agenda items that discussed the initiative or measure `id`, oldest first.
    pub fn discussed(&self, kind: Kind, id: &'m str) -> &'a [Discussion<'m>] {
        self.note(|| Query::Discussed(kind, id.to_string()));
        self.inputs
            .discussed
            .get(&(kind, id))
            .map_or(&[], Vec::as_slice)
    }

    /// The actions `id` owns, with their meetings.
    pub fn owned_by(&self, id: &str) -> Vec<(&'m Record<Action>, Option<&'m Record<Meeting>>)> {
        self.note(|| Query::OwnedBy(id.to_string()));
        self.with_meetings(self.inputs.owned.get(id))
    }

    /// The actions the meeting `id` agreed.
    pub fn agreed_at(&self, id: &str) -> Vec<(&'m Record<Action>, Option<&'m Record<Meeting>>)> {
        self.note(|| Query::AgreedAt(id.to_string()));
        self.with_meetings(self.inputs.agreed.get(id))
    }

    fn with_meetings(
        &self,
        list: Option<&Vec<&'m Record<Action>>>,
    ) -> Vec<(&'m Record<Action>, Option<&'m Record<Meeting>>)> {
        let meetings = &self.inputs.model.records.meetings;
        list.into_iter()
            .flatten()
            .map(|a| (*a, meetings.get(a.fields.meeting.value.as_str())))
            .collect()
    }

    pub fn led_by(&self, id: &str) -> &'a [&'m Record<Initiative>] {
        self.note(|| Query::LedBy(id.to_string()));
        self.inputs.led.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn sponsored_by(&self, id: &str) -> &'a [&'m Record<Initiative>] {
        self.note(|| Query::SponsoredBy(id.to_string()));
        self.inputs.sponsored.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn indicators(&self) -> &'m Indicators<'m> {
        self.note(|| Query::Indicators);
        self.inputs.indicators
    }

    /// The index rows `listed` takes, with where each is in [`Inputs::all_rows`].
    pub fn rows(&self, listed: Listed) -> impl Iterator<Item = (usize, &'a Row<'m>)> + use<'a, 'm> {
        self.note(|| Query::Rows(listed));
        self.inputs
            .rows
            .iter()
            .enumerate()
            .filter(move |(_, row)| listed.lists(&row.record.fields))
    }

    pub fn filters(&self) -> &'a Filters {
        self.note(|| Query::Filters);
        &self.inputs.filters
    }

    /// A record's body as blocks of text, for the board pack.
    pub fn body_blocks<T: Fields>(&self, record: &Record<T>) -> Vec<crate::pdf::Block> {
        self.note(|| Query::Body(T::KIND, record.id.to_string()));
        record
            .body
            .as_ref()
            .map(|body| {
                crate::pdf::blocks_named(&body.markdown, &|url| {
                    record_target(self.inputs.model, url).map(|target| target.name)
                })
            })
            .unwrap_or_default()
    }

    /// Every project page, for the board pack.
    pub fn pages(&self) -> impl Iterator<Item = &'m Record<Page>> + use<'m> {
        self.note(|| Query::All(Kind::Page));
        self.inputs.model.records.pages.values()
    }

    /// Every initiative, for the board pack.
    pub fn initiatives(&self) -> impl Iterator<Item = &'m Record<Initiative>> + use<'m> {
        self.note(|| Query::All(Kind::Initiative));
        self.inputs.model.records.initiatives.values()
    }

    /// A record's body as HTML for the page at `path`.
    pub fn body_html<T: Fields>(&self, record: &Record<T>, path: &str) -> String {
        self.note(|| Query::Body(T::KIND, record.id.to_string()));
        let Some(body) = &record.body else {
            return String::new();
        };
        let root = super::root_of(path);
        let links = |url: &str| record_target(self.inputs.model, url);
        let ids = page_ids(T::KIND);
        match self.inputs.bodies {
            Some(bodies) => bodies
                .html(
                    &body.markdown,
                    &root,
                    &links,
                    ids,
                    self.inputs.links_key(T::KIND, &record.id),
                )
                .to_string(),
            None => crate::markdown::to_html(&body.markdown, &root, &links, ids),
        }
    }
}

/// The ids the built-in theme's page of a record of `kind` gives its own parts, which the
/// record's body's headings keep out of. A unit test reads them from the templates.
pub fn page_ids(kind: Kind) -> crate::markdown::PageIds {
    use crate::markdown::PageIds;
    match kind {
        Kind::Person => PageIds {
            exact: &[
                "main",
                "site-search-query",
                "flags",
                "biography",
                "job-plan",
                "attendance",
                "initiatives",
                "interests",
                "actions",
            ],
            // Each action the page lists.
            starts: &["action-"],
            // Under "Biography".
            top_heading: 3,
        },
        Kind::Initiative => PageIds {
            exact: &[
                "main",
                "site-search-query",
                "narrative",
                "milestones",
                "measures",
                "discussed",
            ],
            starts: &[],
            // Under "Narrative".
            top_heading: 3,
        },
        // A page of its own: below its title.
        _ => PageIds {
            exact: &["main", "site-search-query"],
            starts: &[],
            top_heading: 2,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every id the built-in template of a kind's page writes as it is (or that its base
    /// layout does) is in [`page_ids`] for that kind, and a page listing actions reserves
    /// their ids: a template given a new id without the list would let a heading take it.
    #[test]
    fn page_ids_are_the_templates_ids() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap();
        let ids = |text: &str| -> Vec<String> {
            text.split("id=\"")
                .skip(1)
                .map(|part| part.split('"').next().unwrap().to_string())
                .collect()
        };
        let base = read("base.html");
        assert!(ids(&base).contains(&"main".to_string()));
        for (kind, template) in [
            (Kind::Person, "person.html"),
            (Kind::Initiative, "initiative.html"),
            (Kind::Page, "page.html"),
        ] {
            let text = read(template);
            let reserved = page_ids(kind);
            for id in ids(&base).iter().chain(&ids(&text)) {
                assert!(
                    reserved.exact.contains(&id.as_str()),
                    "{template}: `{id}` is not in page_ids({kind:?})"
                );
            }
            assert_eq!(
                text.contains("<actions "),
                reserved.starts.contains(&"action-"),
                "{template}"
            );
        }
    }
}
