//! Facts derived from the validated model once per build, and read alike by the
//! indicators, the exports, the pages and the board pack: each measure's SPC chart, who was
//! expected at which meeting and how they are recorded, and what is overdue.

pub mod attendance;
pub mod charts;
pub mod governance;

use crate::date::Date;
use crate::model::Model;
use crate::records::initiative::{Initiative, Milestone, Status as Stage};
use crate::spc::Chart;
use attendance::Entry;
use rayon::prelude::*;
use std::collections::BTreeMap;

pub struct Facts<'m> {
    pub model: &'m Model,
    /// Every measure's chart, by measure id.
    charts: BTreeMap<&'m str, Chart>,
    /// Every eligible member of every meeting held by the report date, by meeting id then
    /// person id.
    pub attendance: Vec<Entry<'m>>,
}

impl<'m> Facts<'m> {
    pub fn of(model: &'m Model) -> Facts<'m> {
        let measures: Vec<_> = model.records.measures.iter().collect();
        let charts = measures
            .par_iter()
            .map(|(id, m)| (&***id, charts::chart_of(&m.fields, &model.config.rules)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        Facts {
            model,
            charts,
            attendance: attendance::entries(model),
        }
    }

    /// The chart of the measure `id`.
    pub fn chart(&self, id: &str) -> Option<&Chart> {
        self.charts.get(id)
    }
}

/// Days an active initiative is past its `due` date on `as_of`, if it is.
pub fn initiative_overdue(initiative: &Initiative, as_of: Date) -> Option<i64> {
    let due = initiative.due.as_ref()?.value;
    (initiative.status.value == Stage::Active && due < as_of).then(|| due.days_until(as_of))
}

/// Days a milestone not done is past its due date on `as_of`, if it is.
pub fn milestone_overdue(milestone: &Milestone, as_of: Date) -> Option<i64> {
    (milestone.done.is_none() && milestone.due < as_of).then(|| milestone.due.days_until(as_of))
}
