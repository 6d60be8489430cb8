//! Calendar dates (`YYYY-MM-DD`) and measure periods (`YYYY-MM`, `YYYY-MM-DD`, `YYYY-Qn`).
//!
//! Parsing is strict on purpose: `2026-9-1` or `01/09/2026` are refused rather than guessed,
//! because a misread date silently changes attendance, tenure and overdue figures.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;

/// A civil date with no time zone. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Parses exactly `YYYY-MM-DD`; the message says what was wrong.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(format!("expected a date as YYYY-MM-DD, found `{text}`"));
        }
        let (year, month, day) = (
            number(&text[0..4]),
            number(&text[5..7]),
            number(&text[8..10]),
        );
        Date::new(year as i16, month as i8, day as i8)
            .filter(|_| year >= 1)
            .ok_or_else(|| format!("`{text}` is not a date in the calendar"))
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    pub fn month(self) -> i8 {
        self.0.month()
    }

    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        i64::from((later.0 - self.0).get_days())
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        self.0
            .checked_add(jiff::Span::new().try_days(days).ok()?)
            .ok()
            .map(Date)
    }

    /// The last day of this date's month.
    pub fn end_of_month(self) -> Date {
        Date(self.0.last_of_month())
    }

    /// This date moved by whole calendar years; 29 February becomes 28 February in a
    /// common year.
    pub fn add_years(self, years: i16) -> Option<Date> {
        self.0
            .checked_add(jiff::Span::new().try_years(years).ok()?)
            .ok()
            .map(Date)
    }

    /// Calendar years from `earlier` to `self`, with the part-year as the fraction of the year
    /// begun: 2020-09-30 to 2026-09-30 is exactly 6.0, whatever the leap days in between.
    /// Negative spans count as 0.
    pub fn years_since(self, earlier: Date) -> f64 {
        if self <= earlier {
            return 0.0;
        }
        let mut whole = self.year() - earlier.year();
        while whole > 0 && earlier.add_years(whole).is_none_or(|a| a > self) {
            whole -= 1;
        }
        let (Some(from), Some(to)) = (earlier.add_years(whole), earlier.add_years(whole + 1))
        else {
            return f64::from(whole);
        };
        f64::from(whole) + from.days_until(self) as f64 / from.days_until(to) as f64
    }

    /// The last day of the quarter (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec) this date is in.
    pub fn end_of_quarter(self) -> Date {
        let last_month = (self.month() - 1) / 3 * 3 + 3;
        Date::new(self.year(), last_month, 1)
            .map(Date::end_of_month)
            .unwrap_or(self)
    }

    /// The last quarter end (31 March, 30 June, 30 September or 31 December) strictly
    /// before this date: the day before its quarter began.
    pub fn previous_quarter_end(self) -> Date {
        let start_month = (self.month() - 1) / 3 * 3 + 1;
        Date::new(self.year(), start_month, 1)
            .and_then(|start| start.add_days(-1))
            .unwrap_or(self)
    }

    /// The quarter as `YYYY-Qn`, the form measure periods use.
    pub fn quarter(self) -> String {
        format!("{:04}-Q{}", self.year(), (self.month() - 1) / 3 + 1)
    }
}

fn number(digits: &str) -> u32 {
    digits.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

/// Written as `YYYY-MM-DD`, the form it is read in.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written digit by digit: every page and export writes dates, tens of thousands
        // of them, and this is several times faster than padded `write!` arguments.
        let (year, month, day) = (self.year(), self.month(), self.day());
        if !(0..=9999).contains(&year) {
            return write!(f, "{year:04}-{month:02}-{day:02}");
        }
        let digit = |n: i16| b'0' + (n % 10) as u8;
        let (month, day) = (i16::from(month), i16::from(day));
        let bytes = [
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ];
        // Only ASCII digits and dashes.
        f.write_str(std::str::from_utf8(&bytes).unwrap_or("0000-00-00"))
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A date written YYYY-MM-DD",
            "examples": ["2026-09-30"]
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date as YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

/// How a measure's period is written; one measure uses one form throughout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    Month,
    Day,
    Quarter,
}

impl PeriodKind {
    pub fn describe(self) -> &'static str {
        match self {
            PeriodKind::Month => "monthly (YYYY-MM)",
            PeriodKind::Day => "dated (YYYY-MM-DD)",
            PeriodKind::Quarter => "quarterly (YYYY-Qn)",
        }
    }
}

/// A measure's period. `start` orders periods; `end` is the last day the value covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: Date,
    pub end: Date,
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, String> {
        let expected =
            || format!("expected a period as YYYY-MM, YYYY-MM-DD or YYYY-Qn, found `{text}`");
        let bytes = text.as_bytes();
        let year_ok =
            bytes.len() >= 7 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-';
        if !year_ok {
            return Err(expected());
        }
        let year = number(&text[..4]);
        if bytes.len() == 7 && bytes[5] == b'Q' && (b'1'..=b'4').contains(&bytes[6]) {
            let quarter = i8::try_from(bytes[6] - b'0').unwrap_or(1);
            let start = Date::new(year as i16, (quarter - 1) * 3 + 1, 1)
                .filter(|_| year >= 1)
                .ok_or_else(expected)?;
            let end = Date::new(year as i16, quarter * 3, 1)
                .ok_or_else(expected)?
                .end_of_month();
            return Ok(Period {
                kind: PeriodKind::Quarter,
                start,
                end,
            });
        }
        if bytes.len() == 7 && bytes[5..].iter().all(u8::is_ascii_digit) {
            let month = number(&text[5..7]);
            let start = Date::new(year as i16, month as i8, 1)
                .filter(|_| year >= 1)
                .ok_or_else(|| format!("`{text}` is not a month in the calendar"))?;
            return Ok(Period {
                kind: PeriodKind::Month,
                start,
                end: start.end_of_month(),
            });
        }
        if bytes.len() == 10 {
            let day = Date::parse(text).map_err(|e| {
                if e.starts_with("expected") {
                    expected()
                } else {
                    e
                }
            })?;
            return Ok(Period {
                kind: PeriodKind::Day,
                start: day,
                end: day,
            });
        }
        Err(expected())
    }
}

/// Written as it was read: `YYYY-MM`, `YYYY-MM-DD` or `YYYY-Qn`.
impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Period {
    /// The months from the start of year 0 to the period's start: months one after
    /// another differ by 1, quarters by 3.
    pub fn month_index(&self) -> i32 {
        i32::from(self.start.year()) * 12 + i32::from(self.start.month()) - 1
    }

    /// The name (`2026-03`, `2026-Q1`) of the month or quarter of `kind` that holds the
    /// month `index` ([`Period::month_index`]).
    pub fn name_at(kind: PeriodKind, index: i32) -> String {
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
        match kind {
            PeriodKind::Quarter => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
            _ => format!("{year:04}-{month:02}"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Day => write!(f, "{}", self.start),
            kind => f.write_str(&Period::name_at(kind, self.month_index())),
        }
    }
}

impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-([0-9]{2}|[0-9]{2}-[0-9]{2}|Q[1-4])$",
            "description": "A period: a month (YYYY-MM), a day (YYYY-MM-DD) or a quarter (YYYY-Qn)",
            "examples": ["2026-09", "2026-Q3"]
        })
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PeriodVisitor;
        impl Visitor<'_> for PeriodVisitor {
            type Value = Period;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a period as YYYY-MM, YYYY-MM-DD or YYYY-Qn")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
                Period::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(PeriodVisitor)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_written_as_iso() {
        assert_eq!(Date::new(2026, 9, 30).unwrap().to_string(), "2026-09-30");
        assert_eq!(Date::new(5, 1, 2).unwrap().to_string(), "0005-01-02");
        assert_eq!(Date::new(9999, 12, 31).unwrap().to_string(), "9999-12-31");
        assert_eq!(Date::new(-5, 1, 2).unwrap().to_string(), "-005-01-02");
    }

    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn the_quarter_end_before_a_date() {
        let end = |text: &str| {
            Date::parse(text)
                .unwrap()
                .previous_quarter_end()
                .to_string()
        };
        assert_eq!(end("2026-09-30"), "2026-06-30");
        assert_eq!(end("2026-10-15"), "2026-09-30");
        assert_eq!(end("2026-07-01"), "2026-06-30");
        assert_eq!(end("2026-01-01"), "2025-12-31");
        assert_eq!(end("2026-03-31"), "2025-12-31");
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(d("2026-09-30").to_string(), "2026-09-30");
        assert_eq!(
            Date::parse("2026-9-30").unwrap_err(),
            "expected a date as YYYY-MM-DD, found `2026-9-30`"
        );
        assert_eq!(
            Date::parse("30/09/2026").unwrap_err(),
            "expected a date as YYYY-MM-DD, found `30/09/2026`"
        );
        assert_eq!(
            Date::parse("2026-02-30").unwrap_err(),
            "`2026-02-30` is not a date in the calendar"
        );
        assert_eq!(
            Date::parse("2026-13-01").unwrap_err(),
            "`2026-13-01` is not a date in the calendar"
        );
        assert!(Date::parse("0000-01-01").is_err());
        assert!(Date::parse("２０２６-01-01").is_err());
        assert_eq!(d("2024-02-29").day(), 29);
    }

    #[test]
    fn date_arithmetic() {
        assert_eq!(d("2026-01-01").days_until(d("2026-12-31")), 364);
        assert_eq!(d("2026-03-01").days_until(d("2026-02-28")), -1);
        assert_eq!(d("2026-09-30").add_days(180), Some(d("2027-03-29")));
        assert_eq!(d("2024-02-10").end_of_month(), d("2024-02-29"));
        assert_eq!(d("2024-02-29").add_years(1), Some(d("2025-02-28")));
        assert_eq!(d("2026-08-15").end_of_quarter(), d("2026-09-30"));
        assert_eq!(d("2026-12-31").end_of_quarter(), d("2026-12-31"));
        assert_eq!(d("2026-01-01").end_of_quarter(), d("2026-03-31"));
        assert_eq!(d("2026-05-31").quarter(), "2026-Q2");
    }

    #[test]
    fn years_between_dates_follow_the_calendar() {
        // Two leap days (2020-02-29, 2024-02-29) inside six years: still exactly 6.
        assert_eq!(d("2025-03-01").years_since(d("2019-03-01")), 6.0);
        assert_eq!(d("2026-09-30").years_since(d("2020-09-30")), 6.0);
        // One day past the anniversary: above 6 by one day in 365.
        assert_eq!(
            d("2026-10-01").years_since(d("2020-09-30")),
            6.0 + 1.0 / 365.0
        );
        // The day before the anniversary: not yet 6.
        assert!(d("2026-09-29").years_since(d("2020-09-30")) < 6.0);
        // 2025-01-01 to 2025-03-15 is 73 of that year's 365 days.
        assert_eq!(d("2025-03-15").years_since(d("2025-01-01")), 73.0 / 365.0);
        // Appointed on 29 February: the anniversary in a common year is 28 February.
        assert_eq!(d("2025-02-28").years_since(d("2024-02-29")), 1.0);
        assert_eq!(d("2020-01-01").years_since(d("2026-01-01")), 0.0);
    }

    #[test]
    fn periods_in_three_forms() {
        let m = Period::parse("2024-04").unwrap();
        assert_eq!(
            (m.kind, m.start, m.end),
            (PeriodKind::Month, d("2024-04-01"), d("2024-04-30"))
        );
        let q = Period::parse("2024-Q4").unwrap();
        assert_eq!(
            (q.kind, q.start, q.end),
            (PeriodKind::Quarter, d("2024-10-01"), d("2024-12-31"))
        );
        let day = Period::parse("2024-04-15").unwrap();
        assert_eq!(
            (day.kind, day.start, day.end),
            (PeriodKind::Day, d("2024-04-15"), d("2024-04-15"))
        );
        for text in ["2024-04", "2024-Q1", "2024-04-15"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn bad_periods_say_what_is_expected() {
        for bad in [
            "2024",
            "2024-Q5",
            "2024-Q0",
            "24-04",
            "2024/04",
            "2024-4",
            "April 2024",
            "",
        ] {
            let err = Period::parse(bad).unwrap_err();
            assert!(
                err.starts_with("expected a period as YYYY-MM, YYYY-MM-DD or YYYY-Qn"),
                "{bad}: {err}"
            );
        }
        assert_eq!(
            Period::parse("2024-13").unwrap_err(),
            "`2024-13` is not a month in the calendar"
        );
        assert_eq!(
            Period::parse("2024-02-30").unwrap_err(),
            "`2024-02-30` is not a date in the calendar"
        );
    }
}
