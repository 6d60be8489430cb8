//! Summary indicators (../shared/INDICATORS.md): pure functions of the validated model, its
//! rules and its report date. Nothing here reads files or the clock.
//!
//! Each area is a module returning its indicators in the order INDICATORS.md lists them.
//! Values are kept in full precision as JSON values (the shape `data/indicators.json` has);
//! `summary` and `details` are the rounded text people read.

pub mod attendance;
pub mod board;
pub mod initiatives;
pub mod leaders;
pub mod measures;
pub mod survey;

use crate::facts::Facts;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Breach,
    Info,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Breach => "breach",
            Status::Info => "info",
        }
    }

    /// The worse of two statuses: breach, then warn, then ok, then info.
    pub fn worst(self, other: Status) -> Status {
        let rank = |status: Status| match status {
            Status::Info => 0,
            Status::Ok => 1,
            Status::Warn => 2,
            Status::Breach => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }

    /// `flag` when `raised`, ok otherwise: the status of a "warn if any" indicator.
    pub fn if_any(raised: bool, flag: Status) -> Status {
        if raised { flag } else { Status::Ok }
    }
}

/// One indicator: its value, kept as its own type for the pages to read, with its label,
/// status and the rounded text people read. Its id is the field's in its area's struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator<T> {
    pub value: T,
    pub label: String,
    pub status: Status,
    /// The value as people read it: shares as whole percentages, `n/a` for null.
    pub summary: String,
    /// One line per item of a list value.
    pub details: Vec<String>,
}

impl<T: Serialize> Indicator<T> {
    pub fn new(
        label: impl Into<String>,
        value: T,
        status: Status,
        summary: impl Into<String>,
    ) -> Indicator<T> {
        Indicator {
            value,
            label: label.into(),
            status,
            summary: summary.into(),
            details: Vec::new(),
        }
    }

    pub fn with_details(mut self, details: Vec<String>) -> Indicator<T> {
        self.details = details;
        self
    }

    /// Writes everything this indicator shows into `w`, for a digest of it.
    fn feed(&self, w: &mut crate::digest::Digest) {
        use std::hash::Hash;
        // Writing to a digest cannot fail; a value that could not be written would only
        // make the digest change every time.
        let _ = serde_json::to_writer(&mut *w, &self.value);
        (&self.label, self.status.id(), &self.summary, &self.details).hash(w);
    }

    /// This indicator under `id`, as the exports and the terminal show it.
    pub fn entry(&self, id: impl Into<String>) -> Entry {
        Entry {
            id: id.into(),
            value: to_value(&self.value),
            label: self.label.clone(),
            status: self.status,
            summary: self.summary.clone(),
            details: self.details.clone(),
        }
    }
}

/// What a reader sees of an indicator, whatever its value: for tiles and flags.
pub trait Reading {
    fn label(&self) -> &str;
    fn summary(&self) -> &str;
    fn status(&self) -> Status;
}

impl<T> Reading for Indicator<T> {
    fn label(&self) -> &str {
        &self.label
    }
    fn summary(&self) -> &str {
        &self.summary
    }
    fn status(&self) -> Status {
        self.status
    }
}

impl Reading for Entry {
    fn label(&self) -> &str {
        &self.label
    }
    fn summary(&self) -> &str {
        &self.summary
    }
    fn status(&self) -> Status {
        self.status
    }
}

/// An indicator as the exports and the terminal show it: its id and its value as JSON
/// (the shape `data/indicators.json` has).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    #[serde(skip)]
    pub id: String,
    pub value: Value,
    pub label: String,
    pub status: Status,
    #[serde(skip)]
    pub summary: String,
    #[serde(skip)]
    pub details: Vec<String>,
}

/// Declares an area's indicators: a struct with a typed field for each, and its entries
/// under their ids in the order of INDICATORS.md. An id is written here once; the pages
/// reach an indicator by its field, so a renamed one does not compile rather than drop a
/// dashboard tile.
macro_rules! area {
    ($(#[$meta:meta])* pub struct $name:ident<$lt:lifetime> {
        $($field:ident: $type:ty = $id:literal,)+
    }) => {
        $(#[$meta])*
        pub struct $name<$lt> {
            $(pub $field: $crate::indicators::Indicator<$type>,)+
        }

        impl $name<'_> {
            /// Every indicator of the area with its id, in the order of INDICATORS.md.
            pub fn entries(&self) -> Vec<$crate::indicators::Entry> {
                vec![$(self.$field.entry($id),)+]
            }

            /// Writes everything the area's indicators show into `w`, for a digest.
            pub fn feed(&self, w: &mut $crate::digest::Digest) {
                $(self.$field.feed(w);)+
            }
        }
    };
}
pub(crate) use area;

/// Every indicator of a build, by area.
pub struct Indicators<'m> {
    pub board: board::Board<'m>,
    pub attendance: attendance::Attendance<'m>,
    pub initiatives: initiatives::Initiatives<'m>,
    pub leaders: leaders::Leaders<'m>,
    pub survey: survey::Survey<'m>,
    /// One per measure, in id order.
    pub measures: Vec<measures::MeasureIndicator<'m>>,
}

impl Indicators<'_> {
    /// Every indicator with its id, in the order of INDICATORS.md (measures by id).
    pub fn entries(&self) -> Vec<Entry> {
        let mut list = self.board.entries();
        list.extend(self.attendance.entries());
        list.extend(self.initiatives.entries());
        list.extend(self.leaders.entries());
        list.extend(self.survey.entries());
        list.extend(
            self.measures
                .iter()
                .map(|m| m.indicator.entry(format!("measures.{}", m.id))),
        );
        list
    }

    /// Writes everything every indicator shows into `w`: the digest of what a page showing
    /// indicators reads. Straight from the values, without making their JSON.
    pub fn feed(&self, w: &mut crate::digest::Digest) {
        self.board.feed(w);
        self.attendance.feed(w);
        self.initiatives.feed(w);
        self.leaders.feed(w);
        self.survey.feed(w);
        for m in &self.measures {
            std::hash::Hash::hash(m.id, w);
            m.indicator.feed(w);
        }
    }

    /// How many indicators have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.entries().iter().filter(|e| e.status == status).count()
    }

    /// The indicators as a secretary reads them in a terminal: one line each (id, status,
    /// label and rounded value), list items indented below, a heading per area.
    pub fn to_table(&self) -> String {
        table(&self.entries())
    }

    /// `{ "<id>": { "value", "label", "status" } }`, keys sorted, as `data/indicators.json`.
    pub fn to_json(&self) -> Value {
        json(&self.entries())
    }
}

fn table(entries: &[Entry]) -> String {
    let width = entries.iter().map(|i| i.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    let mut area = "";
    for indicator in entries {
        let this_area = indicator.id.split('.').next().unwrap_or("");
        if this_area != area {
            if !area.is_empty() {
                out.push('\n');
            }
            area = this_area;
            out.push_str(area_title(area));
            out.push('\n');
        }
        out.push_str(&format!(
            "  {:<width$}  {:<6}  {}: {}\n",
            indicator.id,
            indicator.status.id(),
            indicator.label,
            indicator.summary
        ));
        for detail in &indicator.details {
            out.push_str(&format!("  {:<width$}          - {detail}\n", ""));
        }
    }
    out
}

fn json(entries: &[Entry]) -> Value {
    let map = entries
        .iter()
        .map(|i| (i.id.clone(), to_value(i)))
        .collect::<serde_json::Map<_, _>>();
    Value::Object(map)
}

fn area_title(area: &str) -> &'static str {
    match area {
        "board" => "Board composition",
        "attendance" => "Attendance",
        "initiatives" => "Initiatives",
        "leaders" => "Clinical leaders' time",
        "survey" => "Relationship survey",
        "measures" => "Measures",
        _ => "Other",
    }
}

/// Computes every indicator for the records of `facts`.
pub fn compute<'m>(facts: &Facts<'m>) -> Indicators<'m> {
    let model = facts.model;
    Indicators {
        board: board::indicators(model),
        attendance: attendance::indicators(facts),
        initiatives: initiatives::indicators(model),
        leaders: leaders::indicators(model),
        survey: survey::indicators(model),
        measures: measures::indicators(facts),
    }
}

/// `part / whole`, or None when there is nothing to divide by (shown as "n/a", never NaN).
pub fn share(part: f64, whole: f64) -> Option<f64> {
    (whole != 0.0).then(|| part / whole)
}

/// Counts as a share, the common case.
pub fn count_share(part: usize, whole: usize) -> Option<f64> {
    share(part as f64, whole as f64)
}

/// A share as people read it: a whole percentage, or `n/a`.
pub fn percent(share: Option<f64>) -> String {
    match share {
        Some(share) => format!("{}%", (share * 100.0).round()),
        None => "n/a".into(),
    }
}

/// A number as people read it: at most two decimals, trailing zeros dropped.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

pub use crate::words::plural;

/// Serializes plain data (strings, numbers, dates, options, lists) to a JSON value. These
/// types cannot fail to serialize; a non-finite number would become null, never NaN.
pub fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The indicator `id` of `list`, for the tests of each area.
#[cfg(test)]
pub(crate) fn get<'a>(list: &'a [Entry], id: &str) -> &'a Entry {
    list.iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_with_nothing_to_divide_by_are_null() {
        assert_eq!(count_share(1, 4), Some(0.25));
        assert_eq!(count_share(0, 0), None);
        assert_eq!(percent(None), "n/a");
        assert_eq!(percent(Some(7.0 / 12.0)), "58%");
        assert_eq!(percent(Some(0.125)), "13%");
        assert_eq!(to_value(&count_share(0, 0)), Value::Null);
    }

    #[test]
    fn numbers_for_reading() {
        assert_eq!(number(71.0), "71");
        assert_eq!(number(71.25), "71.25");
        assert_eq!(number(2.0 / 3.0), "0.67");
        assert_eq!(number(-0.001), "0");
    }
}
