//! Initiatives: the index (all, or one category or status), each initiative's page, and
//! the index row and link other pages show.

use super::PageOut;
use super::common::{PersonLink, label, labelled, person_link};
use crate::facts;
use crate::indicators::budget_percent;
use crate::records::initiative::{Category, Status as Stage};
use crate::records::{Extra, Initiative, Record, keyword};
use crate::site::icons;
use crate::site::reader::{Listed, Reader};
use crate::style::{When, pence};
use crate::urls;
use serde::Serialize;

/// An initiative's row in the indexes; its page shows the same and more.
#[derive(Serialize)]
pub(crate) struct Row<'m> {
    id: &'m str,
    title: &'m str,
    href: String,
    status: String,
    status_word: String,
    status_href: String,
    category: String,
    category_word: String,
    category_href: String,
    rag: Option<String>,
    rag_label: Option<String>,
    lead: Option<PersonLink<'m>>,
    due: Option<When>,
    overdue: bool,
    budget: String,
    spent: String,
    confidential: bool,
    draft: bool,
}

pub(crate) fn row_of<'m>(reader: &Reader<'_, 'm>, record: &'m Record<Initiative>) -> Row<'m> {
    let i = &record.fields;
    let style = reader.style();
    let money = |value: Option<f64>| value.map(|v| style.money(v)).unwrap_or_default();
    let status = keyword(&i.status.value);
    let category = keyword(&i.category);
    Row {
        id: &record.id,
        title: &i.title.value,
        href: urls::initiative(&record.id),
        status: labelled(&i.status.value),
        status_href: urls::status(&status),
        status_word: status,
        category: labelled(&i.category),
        category_href: urls::category(&category),
        category_word: category,
        rag: i.rag.map(|r| keyword(&r)),
        rag_label: i.rag.map(|r| labelled(&r)),
        lead: person_link(reader, &i.lead.value),
        due: i.due.as_ref().map(|d| style.when(d.value)),
        overdue: facts::initiative_overdue(i, reader.as_of()).is_some(),
        budget: money(i.budget.as_ref().map(|b| b.value)),
        spent: money(i.spent.as_ref().map(|s| s.value)),
        confidential: i.confidential,
        draft: i.draft,
    }
}

/// An initiative's index row in the templates' form: made once per build, and listed by
/// every index it belongs to.
pub fn row(reader: &Reader, id: &str) -> Option<tera::Value> {
    let record = reader.initiative(id)?;
    Some(tera::Value::from_serializable(&row_of(reader, record)))
}

#[derive(Serialize)]
struct Index {
    filtered: bool,
    all_href: &'static str,
    categories: Vec<Filter>,
    statuses: Vec<Filter>,
}

/// A link to the index of one category or status, with how many it lists.
#[derive(Serialize)]
struct Filter {
    title: String,
    count: usize,
    href: String,
}

/// The index of every initiative, or of those of one category or status.
pub fn index(reader: &Reader, category: Option<Category>, stage: Option<Stage>) -> PageOut {
    let (path, title) = match (category, stage) {
        (Some(category), _) => (
            urls::category(&keyword(&category)),
            format!("Initiatives: {}", labelled(&category)),
        ),
        (_, Some(stage)) => (
            urls::status(&keyword(&stage)),
            format!("Initiatives: {}", labelled(&stage)),
        ),
        (None, None) => (urls::INITIATIVES.to_string(), "Initiatives".to_string()),
    };
    let listed = match (category, stage) {
        (Some(category), _) => Listed::Category(category),
        (_, Some(stage)) => Listed::Status(stage),
        (None, None) => Listed::All,
    };
    let rows: Vec<usize> = reader.rows(listed).map(|(at, _)| at).collect();
    let filters = reader.filters();
    let view = Index {
        filtered: category.is_some() || stage.is_some(),
        all_href: urls::INITIATIVES,
        categories: filters
            .categories
            .iter()
            .map(|(word, count)| Filter {
                title: label(word),
                count: *count,
                href: urls::category(word),
            })
            .collect(),
        statuses: filters
            .statuses
            .iter()
            .map(|(word, count)| Filter {
                title: label(word),
                count: *count,
                href: urls::status(word),
            })
            .collect(),
    };
    let mut page = PageOut::new(path, "initiatives.html", title, urls::INITIATIVES, &view);
    page.rows = Some(rows);
    page
}

/// A link to an initiative as other pages list it.
#[derive(Serialize)]
pub struct InitiativeLink<'m> {
    id: &'m str,
    title: &'m str,
    href: String,
    status: String,
    confidential: bool,
}

pub fn initiative_link(record: &Record<Initiative>) -> InitiativeLink<'_> {
    let i = &record.fields;
    InitiativeLink {
        id: &record.id,
        title: &i.title.value,
        href: urls::initiative(&record.id),
        status: labelled(&i.status.value),
        confidential: i.confidential,
    }
}

#[derive(Serialize)]
struct Page<'m> {
    #[serde(flatten)]
    row: Row<'m>,
    sponsor: Option<PersonLink<'m>>,
    /// A sponsor is named but this build leaves them out: the page says so, as for a
    /// hidden lead, rather than read as if the initiative had no sponsor.
    sponsor_hidden: bool,
    start: Option<When>,
    participants: Option<Participants>,
    pairs: Option<u32>,
    milestones: Vec<Milestone<'m>>,
    measures: Vec<MeasureLink<'m>>,
    tags: &'m [String],
    narrative_html: String,
    budget_used: String,
    /// The agenda items that discussed it.
    discussed: Vec<super::governance::Discussed<'m>>,
    extra: &'m Extra,
}

#[derive(Serialize)]
struct Participants {
    clinicians: u32,
    managers: u32,
}

#[derive(Serialize)]
struct Milestone<'m> {
    title: &'m str,
    due: When,
    done: Option<When>,
    overdue: bool,
    days_overdue: i64,
}

#[derive(Serialize)]
struct MeasureLink<'m> {
    title: &'m str,
    href: String,
    variation: Option<IconFile>,
    assurance: Option<IconFile>,
    confidential: bool,
}

/// An icon shown from its file beside its short name: an initiative page is one of
/// thousands, and the measures it lists have their own pages with the icons in full.
#[derive(Serialize)]
struct IconFile {
    src: String,
    text: &'static str,
}

pub fn page(reader: &Reader, id: &str) -> Option<PageOut> {
    let record = reader.initiative(id)?;
    let i = &record.fields;
    let path = urls::initiative(&record.id);
    let style = reader.style();
    let milestones = i
        .milestones
        .iter()
        .map(|m| {
            let overdue = facts::milestone_overdue(m, reader.as_of());
            Milestone {
                title: &m.title.value,
                due: style.when(m.due),
                done: m.done.as_ref().map(|d| style.when(d.value)),
                overdue: overdue.is_some(),
                days_overdue: overdue.unwrap_or(0),
            }
        })
        .collect();
    let measures = i
        .measures
        .iter()
        .filter_map(|id| {
            let measure = reader.measure(&id.value)?;
            let chart = reader.chart(&id.value)?;
            Some(MeasureLink {
                title: &measure.fields.title.value,
                href: urls::measure(&id.value),
                variation: chart.variation.map(|v| IconFile {
                    src: icons::variation_file(v),
                    text: icons::variation_short(v),
                }),
                assurance: chart.assurance.map(|a| IconFile {
                    src: icons::assurance_file(a),
                    text: icons::assurance_short(a),
                }),
                confidential: measure.fields.confidential,
            })
        })
        .collect();
    let sponsor = i
        .sponsor
        .as_ref()
        .and_then(|s| person_link(reader, &s.value));
    let view = Page {
        row: row_of(reader, record),
        sponsor_hidden: i.sponsor.is_some() && sponsor.is_none(),
        sponsor,
        start: i.start.map(|d| style.when(d)),
        participants: i.participants.map(|p| Participants {
            clinicians: p.clinicians,
            managers: p.managers,
        }),
        pairs: i.pairs,
        milestones,
        measures,
        tags: &i.tags,
        narrative_html: reader.body_html(record, &path),
        // In pence, as the amounts are shown; none of a budget of nothing ("n/a of budget").
        budget_used: match (i.budget.as_ref(), i.spent.as_ref()) {
            (Some(b), Some(s)) if pence(b.value) != 0 => {
                budget_percent(pence(s.value) as f64 / pence(b.value) as f64)
            }
            _ => String::new(),
        },
        discussed: super::governance::discussions(
            reader,
            crate::records::Kind::Initiative,
            &record.id,
        ),
        extra: &i.extra,
    };
    Some(PageOut::new(
        path,
        "initiative.html",
        i.title.value.clone(),
        urls::INITIATIVES,
        &view,
    ))
}
