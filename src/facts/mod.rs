//! Facts derived from the validated model once per build, and read alike by the
//! indicators, the exports, the pages and the board pack: each measure's SPC chart, and
//! who was expected at which meeting and how they are recorded. What is overdue is defined
//! here once (`initiative_overdue`, `milestone_overdue`) and each reader calls it.

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
use std::sync::{Arc, Mutex};

pub struct Facts<'m> {
    pub model: &'m Model,
    /// Every measure's chart, by measure id.
    charts: BTreeMap<&'m str, Arc<Chart>>,
    /// The charts of earlier builds, for the previous quarter's facts too.
    kept: Option<&'m Charts>,
    /// Every eligible member of every meeting held by the report date, by meeting id then
    /// person id.
    pub attendance: Vec<Entry<'m>>,
}

impl<'m> Facts<'m> {
    pub fn of(model: &'m Model) -> Facts<'m> {
        Facts::kept(model, None)
    }

    /// The facts of `model`, taking each measure's chart from `kept` while what it is
    /// made from is unchanged.
    pub fn kept(model: &'m Model, kept: Option<&'m Charts>) -> Facts<'m> {
        // Only a build that keeps charts needs the rules' digest.
        let rules = kept.map(|_| {
            crate::digest::digest(|w| {
                use std::hash::Hash;
                format!("{:?}", model.config.rules).hash(w);
            })
        });
        let measures: Vec<_> = model.records.measures.iter().collect();
        let charts = measures
            .par_iter()
            .map(|(id, m)| {
                let make = || charts::chart_of(&m.fields, &model.config.rules);
                let chart = match (kept, rules) {
                    // What a chart is made from: the measure's fields as written, the
                    // points the report date leaves it, and the rules.
                    (Some(kept), Some(rules)) => {
                        kept.chart((m.digest, m.fields.points.value.len(), rules), make)
                    }
                    _ => Arc::new(make()),
                };
                (&***id, chart)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        Facts {
            model,
            charts,
            kept,
            attendance: attendance::entries(model),
        }
    }

    /// The facts of `earlier`, a model of the same records at an earlier date, taking
    /// charts from the same place as these.
    pub fn earlier<'e>(&self, earlier: &'e Model) -> Facts<'e>
    where
        'm: 'e,
    {
        Facts::kept(earlier, self.kept)
    }

    /// The chart of the measure `id`.
    pub fn chart(&self, id: &str) -> Option<&Chart> {
        self.charts.get(id).map(|chart| &**chart)
    }
}

/// Measures' charts kept between the builds of `watch` and `serve`: after a save, every
/// measure's chart, this quarter's and the previous one's, was worked out again from its
/// points in exact arithmetic. Kept by what each is made from.
#[derive(Default)]
pub struct Charts {
    /// The charts of the last build.
    last: rustc_hash::FxHashMap<ChartKey, Arc<Chart>>,
    /// The charts this build has used so far.
    used: Mutex<rustc_hash::FxHashMap<ChartKey, Arc<Chart>>>,
    /// Check mode: a kept chart is made again, and a difference is noted.
    verify: bool,
    differs: std::sync::atomic::AtomicBool,
}

/// A measure's digest, how many of its points the report date leaves, the rules' digest.
type ChartKey = (crate::digest::Key, usize, crate::digest::Key);

impl Charts {
    /// In check mode (see [`Charts::differed`]).
    pub fn verifying() -> Charts {
        Charts {
            verify: true,
            ..Charts::default()
        }
    }

    fn chart(&self, key: ChartKey, make: impl Fn() -> Chart) -> Arc<Chart> {
        let chart = match self.last.get(&key) {
            Some(kept) => {
                if self.verify && **kept != make() {
                    self.differs
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
                kept.clone()
            }
            None => Arc::new(make()),
        };
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        used.insert(key, chart.clone());
        chart
    }

    /// Begins a build: the charts the last one used are those kept.
    pub fn begin(&mut self) {
        let used = std::mem::take(self.used.get_mut().unwrap_or_else(|e| e.into_inner()));
        if !used.is_empty() {
            self.last = used;
        }
        *self.differs.get_mut() = false;
    }

    /// In check mode, whether a kept chart differed from one made afresh in this build (a
    /// bug in boardpack).
    pub fn differed(&self) -> bool {
        self.differs.load(std::sync::atomic::Ordering::Relaxed)
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
