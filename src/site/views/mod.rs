//! What each page shows: a typed view per template, built through a [`Reader`] from the
//! records, the facts and the indicators, with names and links resolved, numbers rounded
//! for reading, Markdown already made safe HTML and charts drawn.

mod board;
pub mod common;
mod dashboard;
pub mod governance;
mod initiatives;
mod items;
mod lists;
mod measures;
pub mod pack;
mod people;
mod simple;
mod surveys;

use super::reader::Reader;
use crate::model::Model;
use crate::records::initiative::{Category, Status as Stage};
use crate::records::keyword;
use crate::urls;
use serde::Serialize;
use std::collections::BTreeSet;

pub use initiatives::row as initiative_row;

/// One page to render: where it goes, which template, its title and its own data.
pub struct PageOut {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    /// The navigation entry this page belongs under (`board.html`), marked current.
    pub section: &'static str,
    /// The view, in the templates' form.
    pub data: tera::Value,
    /// The initiatives' index rows the page lists, as indexes into the rows every index
    /// shares ([`super::reader::Inputs::all_rows`]): the renderer gives the page
    /// `page.rows_html` (their HTML, each rendered once for all the pages that list it,
    /// [`super::rows`]) and, when a template of the project's own could read them,
    /// `page.rows` (their values).
    pub rows: Option<Vec<usize>>,
}

impl PageOut {
    fn new(
        path: impl Into<String>,
        template: &'static str,
        title: impl Into<String>,
        section: &'static str,
        view: &impl Serialize,
    ) -> PageOut {
        PageOut {
            path: path.into(),
            template,
            title: title.into(),
            section,
            data: tera::Value::from_serializable(view),
            rows: None,
        }
    }
}

/// One page of the site, before its view is worked out. Views are built and rendered one
/// job at a time, in parallel, so the views of thousands of pages are never all in memory.
pub enum Job<'m> {
    Dashboard,
    Board,
    Initiatives,
    Measures,
    Surveys,
    NotFound,
    Search,
    Accessibility,
    Attention,
    People,
    Meetings,
    Actions,
    Interests,
    Meeting(&'m str),
    Person(&'m str),
    Initiative(&'m str),
    Category(Category),
    Stage(Stage),
    Measure(&'m str),
    Page(&'m str),
}

impl Job<'_> {
    /// Where the page goes, known before its view is built.
    pub fn path(&self) -> String {
        match self {
            Job::Dashboard => urls::DASHBOARD.into(),
            Job::Board => urls::BOARD.into(),
            Job::Initiatives => urls::INITIATIVES.into(),
            Job::Measures => urls::MEASURES.into(),
            Job::Surveys => urls::SURVEYS.into(),
            Job::NotFound => urls::NOT_FOUND.into(),
            Job::Search => urls::SEARCH.into(),
            Job::Accessibility => urls::ACCESSIBILITY.into(),
            Job::Attention => urls::ATTENTION.into(),
            Job::People => urls::PEOPLE.into(),
            Job::Meetings => urls::MEETINGS.into(),
            Job::Actions => urls::ACTIONS.into(),
            Job::Interests => urls::INTERESTS.into(),
            Job::Meeting(id) => urls::meeting(id),
            Job::Person(id) => urls::person(id),
            Job::Initiative(id) => urls::initiative(id),
            Job::Category(category) => urls::category(&keyword(category)),
            Job::Stage(stage) => urls::status(&keyword(stage)),
            Job::Measure(id) => urls::measure(id),
            Job::Page(id) => urls::page(id),
        }
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
        Job::Search,
        Job::Accessibility,
        Job::Attention,
        Job::People,
        Job::Meetings,
        Job::Actions,
        Job::Interests,
    ];
    // The pages that list many initiatives first: rendered last, at 100,000 initiatives
    // they left one core working alone for a tenth of the build.
    let initiatives = records.initiatives.values();
    let categories: BTreeSet<Category> = initiatives.clone().map(|i| i.fields.category).collect();
    jobs.extend(categories.into_iter().map(Job::Category));
    let stages: BTreeSet<Stage> = initiatives.map(|i| i.fields.status.value).collect();
    jobs.extend(stages.into_iter().map(Job::Stage));
    jobs.extend(records.measures.keys().map(|id| Job::Measure(id)));
    jobs.extend(records.meetings.keys().map(|id| Job::Meeting(id)));
    jobs.extend(records.people.keys().map(|id| Job::Person(id)));
    jobs.extend(records.initiatives.keys().map(|id| Job::Initiative(id)));
    jobs.extend(records.pages.keys().map(|id| Job::Page(id)));
    jobs
}

/// The view of one page; None if its record is not in the build (jobs come from the
/// build's records, so this does not happen).
pub fn view(job: &Job, reader: &Reader) -> Option<PageOut> {
    Some(match job {
        Job::Dashboard => dashboard::view(reader),
        Job::Board => board::view(reader),
        Job::Initiatives => initiatives::index(reader, None, None),
        Job::Category(category) => initiatives::index(reader, Some(*category), None),
        Job::Stage(stage) => initiatives::index(reader, None, Some(*stage)),
        Job::Initiative(id) => initiatives::page(reader, id)?,
        Job::Measures => measures::index(reader),
        Job::Measure(id) => measures::page(reader, id)?,
        Job::Surveys => surveys::view(reader),
        Job::Person(id) => people::page(reader, id)?,
        Job::Page(id) => simple::page(reader, id)?,
        Job::NotFound => simple::not_found(reader),
        Job::Search => simple::search(),
        Job::Accessibility => simple::accessibility(reader),
        Job::Attention => lists::attention(reader),
        Job::People => lists::people(reader),
        Job::Meetings => governance::index(reader),
        Job::Meeting(id) => governance::page(reader, id)?,
        Job::Actions => governance::log(reader),
        Job::Interests => governance::register(reader),
    })
}
