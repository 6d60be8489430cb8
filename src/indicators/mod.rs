//! Summary indicators (../shared/INDICATORS.md): pure functions of the validated model, its
//! rules and its report date. Nothing here reads files or the clock.
//!
//! Each area is a module returning its indicators in the order INDICATORS.md lists them.
//! Values are kept in full precision as JSON values (the shape `data/indicators.json` has);
//! `summary` and `details` are the rounded text people read.

pub mod attendance;
pub mod board;
pub mod governance;
pub mod initiatives;
pub mod leaders;
pub mod measures;
pub mod survey;

use crate::facts::Facts;
use serde::Serialize;
use serde_json::Value as Json;

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
    /// The figure as of the last quarter end before the report date, for a count or a
    /// share (see [`Indicators::previous_date`]).
    pub previous: Option<Figure>,
    pub label: String,
    pub status: Status,
    /// The value as people read it: shares as whole percentages, `n/a` for null.
    pub summary: String,
    /// One line per item of a list value.
    pub details: Vec<String>,
    /// Whether the records date what the figure rests on. A RAG rating, a status or a job
    /// plan is today's, with no date: its figure "as of" the last quarter end is today's
    /// again, and a tile saying "no change since 30 June" would claim a stability nobody
    /// recorded. Such a figure keeps `previous` in the data, worked out as for every
    /// other, but no tile says what moved.
    pub dated: bool,
}

/// What an indicator's value is, for the change since the previous quarter (INDICATORS.md
/// v2: every indicator whose value is a number or a share has one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Count(f64),
    Share(Option<f64>),
}

impl Figure {
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Count(n) => Some(n),
            Figure::Share(share) => share,
        }
    }

    /// As `indicators.json` writes the indicator's value: a count as a whole number.
    fn to_json(self) -> Json {
        match self {
            Figure::Count(n) if n >= 0.0 && n.fract() == 0.0 && n < 9e15 => Json::from(n as u64),
            Figure::Count(n) => Json::from(n),
            Figure::Share(share) => to_value(&share),
        }
    }
}

/// The value types of indicators: a count or a share has a figure, anything else none.
pub trait IndicatorValue: Serialize {
    fn figure(&self) -> Option<Figure> {
        None
    }
}

impl IndicatorValue for usize {
    fn figure(&self) -> Option<Figure> {
        Some(Figure::Count(*self as f64))
    }
}

impl IndicatorValue for Option<f64> {
    fn figure(&self) -> Option<Figure> {
        Some(Figure::Share(*self))
    }
}

impl<T: Serialize> IndicatorValue for Vec<T> {}
impl<T: Serialize> IndicatorValue for Option<T> where T: NotAShare {}
impl IndicatorValue for std::collections::BTreeMap<String, usize> {}

/// Value types that are objects, never a share: `Option<T>` of them has no figure.
pub trait NotAShare {}

impl<T: IndicatorValue> Indicator<T> {
    /// The indicator's figure, if its value is a count or a share.
    pub fn figure(&self) -> Option<Figure> {
        self.value.figure()
    }
}

impl<T: IndicatorValue> Indicator<T> {
    pub fn new(
        label: impl Into<String>,
        value: T,
        status: Status,
        summary: impl Into<String>,
    ) -> Indicator<T> {
        Indicator {
            value,
            previous: None,
            label: label.into(),
            status,
            summary: summary.into(),
            details: Vec::new(),
            dated: true,
        }
    }

    /// The indicator rests on what the records do not date (see [`Indicator::dated`]).
    pub fn undated(mut self) -> Indicator<T> {
        self.dated = false;
        self
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
            previous: self
                .figure()
                .map(|_| self.previous.map_or(Json::Null, Figure::to_json)),
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
    /// The figure now and at the last quarter end before the report date, for a count or
    /// a share whose records date what it rests on.
    fn change(&self) -> Option<(Figure, Option<Figure>)>;
}

impl<T: IndicatorValue> Reading for Indicator<T> {
    fn label(&self) -> &str {
        &self.label
    }
    fn summary(&self) -> &str {
        &self.summary
    }
    fn status(&self) -> Status {
        self.status
    }
    fn change(&self) -> Option<(Figure, Option<Figure>)> {
        if !self.dated {
            return None;
        }
        Some((self.figure()?, self.previous))
    }
}

/// An indicator as the exports and the terminal show it: its id and its value as JSON
/// (the shape `data/indicators.json` has).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    #[serde(skip)]
    pub id: String,
    pub value: Json,
    /// For a count or a share, its figure at the last quarter end before the report date
    /// (null where it cannot be worked out then); absent for other indicators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Json>,
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

            /// Takes each indicator's figure as of the previous quarter from `earlier`.
            pub fn set_previous(&mut self, earlier: &$name<'_>) {
                $(self.$field.previous = earlier.$field.figure();)+
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
    pub governance: governance::Governance<'m>,
    /// One per measure, in id order.
    pub measures: Vec<measures::MeasureIndicator<'m>>,
    /// The last quarter end before the report date, which `previous` figures are as of.
    pub previous_date: crate::date::Date,
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
        list.extend(self.governance.entries());
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
        self.governance.feed(w);
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

    /// `{ "<id>": { "value", "previous", "label", "status" } }`, keys sorted, as
    /// `data/indicators.json` (`previous` for counts and shares only).
    pub fn to_json(&self) -> Json {
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

fn json(entries: &[Entry]) -> Json {
    let map = entries
        .iter()
        .map(|i| (i.id.clone(), to_value(i)))
        .collect::<serde_json::Map<_, _>>();
    Json::Object(map)
}

fn area_title(area: &str) -> &'static str {
    match area {
        "board" => "Board composition",
        "attendance" => "Attendance",
        "initiatives" => "Initiatives",
        "leaders" => "Clinical leaders' time",
        "survey" => "Relationship survey",
        "governance" => "Governance",
        "measures" => "Measures",
        _ => "Other",
    }
}

/// Computes every indicator for the records of `facts`, with the figures of counts and
/// shares as of the last quarter end before the report date (INDICATORS.md v2).
pub fn compute<'m>(facts: &Facts<'m>) -> Indicators<'m> {
    // The previous quarter's figures come from a model as it stood then, a copy of this
    // one: made while this quarter's figures are worked out.
    let previous_date = facts.model.as_of.previous_quarter_end();
    let (mut now, earlier) = rayon::join(|| compute_on(facts), || facts.model.at(previous_date));
    let then = compute_on(&facts.earlier(&earlier));
    now.board.set_previous(&then.board);
    now.attendance.set_previous(&then.attendance);
    now.initiatives.set_previous(&then.initiatives);
    now.leaders.set_previous(&then.leaders);
    now.survey.set_previous(&then.survey);
    now.governance.set_previous(&then.governance);
    // By id: a search of the list for each measure grew with the square of their number.
    let then_by_id: rustc_hash::FxHashMap<&str, _> =
        then.measures.iter().map(|m| (m.id, m)).collect();
    for measure in &mut now.measures {
        measure.previous = then_by_id
            .get(measure.id)
            .and_then(|m| Some((m.indicator.value.latest?, m.indicator.value.period?)));
    }
    drop(then_by_id);
    drop(then);
    crate::aside::drop_aside(earlier);
    now
}

/// The indicators of `facts` alone, with no figures of the previous quarter.
fn compute_on<'m>(facts: &Facts<'m>) -> Indicators<'m> {
    let model = facts.model;
    Indicators {
        board: board::indicators(model),
        attendance: attendance::indicators(facts),
        initiatives: initiatives::indicators(model),
        leaders: leaders::indicators(model),
        survey: survey::indicators(model),
        governance: governance::indicators(model),
        measures: measures::indicators(facts),
        previous_date: model.as_of.previous_quarter_end(),
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
        // `+ 0.0` makes a negative zero (a share of -0.001) plain 0: "-0%" read as a loss.
        Some(share) => format!("{}%", whole_percent(share) + 0.0),
        None => "n/a".into(),
    }
}

/// A share as a whole percentage, rounded half away from zero as the fraction it is: 29 of
/// 200 is 14.5%, which is 14.4999… in floating point and read "14%". The float's noise,
/// far below a billionth of a percent, is taken off first.
pub fn whole_percent(share: f64) -> f64 {
    ((share * 100.0 * 1e9).round() / 1e9).round()
}

/// A share judged against a minimum, as a whole percentage unless rounding would put it on
/// the other side of the minimum: 70 of 88 places (79.5%) read "80%" under "minimum 80%"
/// beside the flag for being below it. It then takes a decimal, rounded away from the
/// minimum.
pub fn percent_against(share: Option<f64>, minimum: f64) -> String {
    let Some(share) = share else {
        return percent(None);
    };
    let whole = whole_percent(share);
    if (share < minimum) == (whole / 100.0 < minimum) {
        percent(Some(share))
    } else if share < minimum {
        format!("{:.1}%", (share * 1000.0).floor() / 10.0)
    } else {
        format!("{:.1}%", (share * 1000.0).ceil() / 10.0)
    }
}

/// A minimum as a percentage, with the decimals it has: "75%", "75.5%".
pub fn minimum_percent(minimum: f64) -> String {
    let exact = minimum * 100.0;
    if (exact - exact.round()).abs() < 1e-9 {
        percent(Some(minimum))
    } else {
        format!("{}%", (exact * 100.0).round() / 100.0)
    }
}

/// A share of a budget, spent or over or under it: a whole percentage, except where that
/// would read as exactly 0% or 100% of a share that is not, since "over budget (0% over)"
/// or "spent 100% of budget" beside an overspend read as a mistake in the figures. Near
/// 100% it takes a decimal, rounded away from 100 ("100.1%", "99.9%"); near 0, "less
/// than 1%".
pub fn budget_percent(share: f64) -> String {
    let exact = share * 100.0;
    let whole = exact.round() + 0.0;
    if whole == 0.0 && exact != 0.0 {
        "less than 1%".into()
    } else if whole == 100.0 && exact > 100.0 {
        format!("{:.1}%", (exact * 10.0).ceil() / 10.0)
    } else if whole == 100.0 && exact < 100.0 {
        format!("{:.1}%", (exact * 10.0).floor() / 10.0)
    } else {
        format!("{whole}%")
    }
}

/// A number as people read it: two decimals, or below 0.1 as many as show its first two
/// significant digits (0.0123 → `0.012`, 0.005 → `0.005`), trailing zeros dropped,
/// thousands grouped. Two decimals alone showed an infection rate of 0.004 per 1,000 bed
/// days as `0`, and its target of 0.005 as `0.01`. No more decimals than the nine the
/// charts work to (`decimal::DECIMALS`): beyond them a value is 0 to SPC, and arithmetic's
/// noise around zero is shown as 0.
pub fn number(value: f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude > 0.0 && magnitude < 0.1 {
        let first = -magnitude.log10().floor() as usize;
        (first + 1).clamp(2, crate::decimal::DECIMALS)
    } else {
        2
    };
    let text = crate::words::grouped(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

pub use crate::words::{count, plural};

/// Serializes plain data (strings, numbers, dates, options, lists) to a JSON value. These
/// types cannot fail to serialize; a non-finite number would become null, never NaN.
pub fn to_value<T: Serialize>(value: &T) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
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

    /// INDICATORS v2 `previous`: each count and share worked out again as of the last
    /// quarter end before the report date, with what is dated after it left out.
    #[test]
    fn previous_figures_are_as_of_the_last_quarter_end() {
        use crate::model::BuildOptions;
        use crate::model::testing::model;
        let files = [
            (
                "people/a.yaml",
                "name: A\nprofession: doctor\nboard: { role: chair, first_appointed: 2020-01-01 }\n",
            ),
            // Appointed the day after the quarter end: a member now, not then.
            (
                "people/b.yaml",
                "name: B\nprofession: lay\nboard: { role: non-executive-director, first_appointed: 2026-07-01 }\n",
            ),
            // On the quarter end itself: counted then.
            ("meetings/m1.yaml", "date: 2026-06-30\npresent: [a]\n"),
            // After it: counted now only. B sends apologies.
            (
                "meetings/m2.yaml",
                "date: 2026-08-01\npresent: [a]\napologies: [b]\n",
            ),
        ];
        let model = model("as_of: 2026-09-30\n", &files, BuildOptions::default());
        let indicators = compute(&Facts::of(&model));
        assert_eq!(indicators.previous_date.to_string(), "2026-06-30");
        let entries = indicators.entries();
        let entry = |id: &str| get(&entries, id).clone();
        assert_eq!(entry("board.members").value, Json::from(2));
        assert_eq!(entry("board.members").previous, Some(Json::from(1)));
        // Clinical share: 1 of 2 now, 1 of 1 then.
        assert_eq!(entry("board.clinical_share").value, Json::from(0.5));
        assert_eq!(
            entry("board.clinical_share").previous,
            Some(Json::from(1.0))
        );
        // Attendance: 2 of 3 places now (A twice, B absent once), 1 of 1 then.
        assert_eq!(entry("attendance.rate").previous, Some(Json::from(1.0)));
        // No survey then or now: a share with nothing to divide by is null.
        assert_eq!(entry("survey.tension_share").previous, Some(Json::Null));
        // Lists have no figure to compare.
        assert_eq!(entry("board.terms_ending").previous, None);
        let typed = &indicators.board.members;
        assert_eq!(typed.previous, Some(Figure::Count(1.0)));
        assert!(typed.change().is_some());
        // What the records do not date (a RAG rating, a status, a job plan) keeps its
        // figure in the data, but says nothing of a change a tile would show.
        for undated in [
            indicators.initiatives.count.change(),
            indicators.initiatives.on_track_share.change(),
            indicators.leaders.count.change(),
            indicators.leaders.management_share.change(),
        ] {
            assert_eq!(undated, None);
        }
        assert_eq!(entry("initiatives.count").previous, Some(Json::from(0)));
        assert_eq!(entry("leaders.management_share").previous, Some(Json::Null));
    }

    #[test]
    fn shares_with_nothing_to_divide_by_are_null() {
        assert_eq!(count_share(1, 4), Some(0.25));
        assert_eq!(count_share(0, 0), None);
        assert_eq!(percent(None), "n/a");
        assert_eq!(percent(Some(7.0 / 12.0)), "58%");
        assert_eq!(percent(Some(0.125)), "13%");
        // Half away from zero as the fraction it is, not as its float (14.4999…).
        assert_eq!(percent(Some(29.0 / 200.0)), "15%");
        assert_eq!(percent(Some(57.0 / 200.0)), "29%");
        assert_eq!(percent(Some(1.0 / 3.0)), "33%");
        assert_eq!(percent_against(Some(29.0 / 200.0), 0.15), "14.5%");
        // Never "-0%": spent to the penny, or a hair under.
        assert_eq!(percent(Some(-0.0)), "0%");
        assert_eq!(percent(Some(-0.004)), "0%");
        assert_eq!(to_value(&count_share(0, 0)), Json::Null);
    }

    #[test]
    fn a_share_never_reads_as_on_the_other_side_of_its_minimum() {
        assert_eq!(percent_against(Some(70.0 / 88.0), 0.8), "79.5%");
        assert_eq!(percent_against(Some(0.8), 0.8), "80%");
        assert_eq!(percent_against(Some(0.7), 0.8), "70%");
        assert_eq!(percent_against(Some(0.7535), 0.753), "75.4%");
        assert_eq!(percent_against(Some(0.7999), 0.8), "79.9%");
        assert_eq!(percent_against(None, 0.8), "n/a");
        assert_eq!(minimum_percent(0.75), "75%");
        assert_eq!(minimum_percent(0.753), "75.3%");
        assert_eq!(minimum_percent(0.7), "70%");
        assert_eq!(minimum_percent(0.1234), "12.34%");
    }

    #[test]
    fn a_share_of_budget_never_reads_as_the_edge_it_is_not_on() {
        assert_eq!(budget_percent(0.25), "25%");
        assert_eq!(budget_percent(1.0), "100%");
        assert_eq!(budget_percent(0.0), "0%");
        assert_eq!(budget_percent(1.0035), "100.4%");
        assert_eq!(budget_percent(1.0001), "100.1%");
        assert_eq!(budget_percent(0.9996), "99.9%");
        assert_eq!(budget_percent(0.995), "99.5%");
        assert_eq!(budget_percent(0.004), "less than 1%");
        assert_eq!(budget_percent(0.005), "1%");
        assert_eq!(budget_percent(1.006), "101%");
    }

    #[test]
    fn numbers_for_reading() {
        assert_eq!(number(71.0), "71");
        assert_eq!(number(71.25), "71.25");
        assert_eq!(number(2.0 / 3.0), "0.67");
        assert_eq!(number(-0.001), "-0.001");
        assert_eq!(number(0.004), "0.004");
        assert_eq!(number(0.005), "0.005");
        assert_eq!(number(0.0123), "0.012");
        assert_eq!(number(0.0066666), "0.0067");
        assert_eq!(number(0.123), "0.12");
        assert_eq!(number(0.099), "0.099");
        assert_eq!(number(1e-9), "0.000000001");
        assert_eq!(number(-1.4e-17), "0");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(25_000.5), "25,000.5");
        assert_eq!(number(-1e12), "-1,000,000,000,000");
    }
}
