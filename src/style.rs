//! Figures and dates as a board reads them, in the style of the project's `language`
//! (FORMAT.md v2): British by default, "30 September 2026", "£25,000", "9 years 6 months".
//! Exports keep ISO dates and plain numbers; only pages and the board pack use this.

use crate::date::Date;
use serde::Serialize;

/// How figures and dates are written on the pages of one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// "September 30, 2026" (en-US) rather than "30 September 2026".
    month_first: bool,
    /// The currency's symbol, written before the amount (`£`), or its code after it.
    currency: Currency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Currency {
    Symbol(&'static str),
    Code([u8; 3]),
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of month `month` (1 to 12; any other wraps round, never panics).
fn month_name(month: i8) -> &'static str {
    MONTHS[usize::try_from(month - 1).unwrap_or(0) % 12]
}

impl Style {
    /// The style of `language` (a BCP 47 tag such as `en-GB`) and `currency` (ISO 4217).
    /// Dates are British unless the language is `en-US`.
    pub fn of(language: &str, currency: &str) -> Style {
        let currency = match currency {
            "GBP" => Currency::Symbol("£"),
            "EUR" => Currency::Symbol("€"),
            "USD" => Currency::Symbol("$"),
            other => {
                let mut code = *b"XXX";
                for (slot, byte) in code.iter_mut().zip(other.bytes()) {
                    *slot = byte;
                }
                Currency::Code(code)
            }
        };
        Style {
            month_first: language.eq_ignore_ascii_case("en-US"),
            currency,
        }
    }

    /// "30 September 2026".
    pub fn date(&self, date: Date) -> String {
        // Built by hand rather than with `format!`: pages show tens of thousands of dates.
        let month = month_name(date.month());
        let mut out = String::with_capacity(20);
        let day = |out: &mut String| {
            let day = date.day().unsigned_abs();
            if day >= 10 {
                out.push(char::from(b'0' + day / 10));
            }
            out.push(char::from(b'0' + day % 10));
        };
        if self.month_first {
            out.push_str(month);
            out.push(' ');
            day(&mut out);
            out.push_str(", ");
        } else {
            day(&mut out);
            out.push(' ');
            out.push_str(month);
            out.push(' ');
        }
        out.push_str(&date.year().to_string());
        out
    }

    /// A measure's period in words: "September 2026", "July to September 2026", "30
    /// September 2026".
    pub fn period(&self, period: crate::date::Period) -> String {
        use crate::date::PeriodKind;
        let start = period.start;
        match period.kind {
            PeriodKind::Day => self.date(start),
            PeriodKind::Month => format!("{} {}", month_name(start.month()), start.year()),
            PeriodKind::Quarter => format!(
                "{} to {} {}",
                month_name(start.month()),
                month_name(start.month() + 2),
                start.year()
            ),
        }
    }

    /// The span from `first` to `last` in words: "May 2026 to September 2026"; quarters
    /// by the months they begin and end ("October 2024 to September 2026"), since two
    /// quarters in words ("October to December 2024 to July to September 2026") read as
    /// four dates.
    pub fn periods_between(&self, first: crate::date::Period, last: crate::date::Period) -> String {
        use crate::date::PeriodKind;
        let month = |date: Date| format!("{} {}", month_name(date.month()), date.year());
        match (first.kind, last.kind) {
            (PeriodKind::Quarter, PeriodKind::Quarter) => {
                format!("{} to {}", month(first.start), month(last.end))
            }
            _ => format!("{} to {}", self.period(first), self.period(last)),
        }
    }

    /// A period as a chart's axis labels it: "Sep 2026", "Jul–Sep 2026", "30 Sep 2026".
    pub fn short_period(&self, period: crate::date::Period) -> String {
        use crate::date::PeriodKind;
        let start = period.start;
        let month = |date: Date| &month_name(date.month())[..3];
        match period.kind {
            PeriodKind::Day if self.month_first => {
                format!("{} {}, {}", month(start), start.day(), start.year())
            }
            PeriodKind::Day => format!("{} {} {}", start.day(), month(start), start.year()),
            PeriodKind::Month => format!("{} {}", month(start), start.year()),
            PeriodKind::Quarter => self.quarter(start),
        }
    }

    /// The calendar quarter holding `date`, by its months: "Jul–Sep 2026". Not "Q3 2026":
    /// NHS staff count quarters from April (the financial year), and read that as
    /// October to December.
    pub fn quarter(&self, date: Date) -> String {
        let first = (date.month() - 1) / 3 * 3 + 1;
        format!(
            "{}–{} {}",
            &month_name(first)[..3],
            &month_name(first + 2)[..3],
            date.year()
        )
    }

    /// A date for a page: its words, and the ISO date for `<time datetime>`.
    pub fn when(&self, date: Date) -> When {
        When {
            iso: date.to_string(),
            text: self.date(date),
        }
    }

    /// An amount with thousands separated, to the penny: whole units where it has no
    /// pence ("£25,000", "-£4,000", "1,200 CHF"), else two decimals ("£100.25"). Rounding
    /// every amount to whole units showed a budget of 100.40 and spending of 100.45 as
    /// "£100" and "£100" beside "over budget".
    pub fn money(&self, amount: f64) -> String {
        let pence = pence(amount);
        let whole = crate::words::grouped_whole(i128::from(pence.unsigned_abs() / 100));
        let digits = match pence.unsigned_abs() % 100 {
            0 => whole,
            cents => format!("{whole}.{cents:02}"),
        };
        let sign = if pence < 0 { "-" } else { "" };
        match self.currency {
            Currency::Symbol(symbol) => format!("{sign}{symbol}{digits}"),
            Currency::Code(code) => {
                format!("{sign}{digits} {}", String::from_utf8_lossy(&code))
            }
        }
    }
}

/// An amount of money in hundredths of its unit (pence, cents), the precision money is
/// shown and compared to: sums of 150.15 and 100.10 are not exact in floating point, and
/// spending to the penny read as a hair over budget (a warning) or under. Records hold
/// amounts within ±1e12 (FORMAT.md's numbers), so every sum of them fits.
pub fn pence(amount: f64) -> i64 {
    // Whole amounts, the usual ones, are exact as they are.
    if amount.fract() == 0.0 {
        // `as` saturates, and amounts are checked to be finite on load.
        return (amount * 100.0) as i64;
    }
    // Rounded from the decimal as written: 1.005 × 100 is 100.4999… in floating point,
    // and a written £1.005 would have been £1.00 where a spreadsheet shows £1.01.
    let digits: String = crate::words::rounded(amount.abs(), 2)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let pence = digits.parse::<i64>().unwrap_or(i64::MAX);
    if amount < 0.0 { -pence } else { pence }
}

impl Default for Style {
    fn default() -> Self {
        Style::of("en-GB", "GBP")
    }
}

/// A date on a page: `<time datetime="{{ iso }}">{{ text }}</time>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct When {
    pub iso: String,
    pub text: String,
}

/// Whole calendar months from `from` to `to` (0 when `to` is earlier).
pub fn months_between(from: Date, to: Date) -> i64 {
    let months = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month());
    // A month is complete on the same day of the next month, or on the last day of a
    // shorter one (31 January to 28 February).
    let short = to.day() < from.day() && to != to.end_of_month();
    (months - i64::from(short)).max(0)
}

/// A length of service in years and months: "9 years 6 months", "1 year", "5 months",
/// "less than a month".
pub fn tenure(from: Date, to: Date) -> String {
    let months = months_between(from, to);
    let (years, months) = (months / 12, months % 12);
    let unit = |n: i64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    match (years, months) {
        (0, 0) => "less than a month".into(),
        (0, m) => unit(m, "month"),
        (y, 0) => unit(y, "year"),
        (y, m) => format!("{} {}", unit(y, "year"), unit(m, "month")),
    }
}

/// [`tenure`] for a list of those in post more than a number of years, where the days past
/// an anniversary count: "9 years" under "more than 9 years" read as a false alarm for
/// someone in post 9 years and a day.
pub fn tenure_beyond(from: Date, to: Date) -> String {
    let months = months_between(from, to);
    let (years, rest) = (months / 12, months % 12);
    let days = i16::try_from(years)
        .ok()
        .and_then(|years| from.add_years(years))
        .map_or(0, |anniversary| anniversary.days_until(to));
    match (years, rest, days) {
        (1.., 0, 1..) => format!(
            "{} and {}",
            tenure(from, to),
            if days == 1 {
                "1 day".to_string()
            } else {
                format!("{days} days")
            }
        ),
        _ => tenure(from, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn dates_in_words() {
        let gb = Style::default();
        assert_eq!(gb.date(d("2026-09-30")), "30 September 2026");
        assert_eq!(gb.date(d("2026-01-01")), "1 January 2026");
        assert_eq!(
            Style::of("en-US", "USD").date(d("2026-09-30")),
            "September 30, 2026"
        );
        assert_eq!(
            gb.when(d("2026-06-30")),
            When {
                iso: "2026-06-30".into(),
                text: "30 June 2026".into()
            }
        );
    }

    #[test]
    fn periods_in_words() {
        let period =
            |text: &str| Style::default().period(crate::date::Period::parse(text).unwrap());
        assert_eq!(period("2026-09"), "September 2026");
        assert_eq!(period("2026-Q3"), "July to September 2026");
        assert_eq!(period("2026-Q4"), "October to December 2026");
        assert_eq!(period("2026-09-30"), "30 September 2026");
        let between = |a: &str, b: &str| {
            Style::default().periods_between(
                crate::date::Period::parse(a).unwrap(),
                crate::date::Period::parse(b).unwrap(),
            )
        };
        assert_eq!(
            between("2024-Q4", "2026-Q3"),
            "October 2024 to September 2026"
        );
        assert_eq!(between("2026-05", "2026-09"), "May 2026 to September 2026");
        let short =
            |text: &str| Style::default().short_period(crate::date::Period::parse(text).unwrap());
        assert_eq!(short("2026-09"), "Sep 2026");
        assert_eq!(short("2026-Q3"), "Jul–Sep 2026");
        assert_eq!(short("2026-Q1"), "Jan–Mar 2026");
        assert_eq!(
            Style::default().quarter(crate::date::Date::parse("2026-12-31").unwrap()),
            "Oct–Dec 2026"
        );
        assert_eq!(short("2026-09-30"), "30 Sep 2026");
        let us = Style::of("en-US", "USD");
        assert_eq!(
            us.short_period(crate::date::Period::parse("2026-09-30").unwrap()),
            "Sep 30, 2026"
        );
    }

    #[test]
    fn money_with_the_currency() {
        assert_eq!(Style::default().money(25_000.0), "£25,000");
        assert_eq!(Style::default().money(-4_000.0), "-£4,000");
        // To the penny, with pence only where there are any.
        assert_eq!(Style::default().money(0.2), "£0.20");
        assert_eq!(Style::default().money(100.45), "£100.45");
        assert_eq!(Style::default().money(100.004), "£100");
        assert_eq!(Style::default().money(1.005), "£1.01");
        assert_eq!(Style::default().money(-1.005), "-£1.01");
        assert_eq!(pence(150.15) + pence(100.10), 25_025);
        assert_eq!(Style::default().money(-0.004), "£0");
        assert_eq!(Style::default().money(-1_234.5), "-£1,234.50");
        assert_eq!(Style::of("en-GB", "CHF").money(0.05), "0.05 CHF");
        assert_eq!(Style::default().money(1e12), "£1,000,000,000,000");
        assert_eq!(Style::of("en-GB", "EUR").money(1_234_567.0), "€1,234,567");
        assert_eq!(Style::of("en-US", "USD").money(999.0), "$999");
        assert_eq!(Style::of("en-GB", "CHF").money(1_200.0), "1,200 CHF");
    }

    #[test]
    fn tenure_in_years_and_months() {
        assert_eq!(tenure(d("2017-03-15"), d("2026-09-30")), "9 years 6 months");
        assert_eq!(tenure(d("2020-09-30"), d("2026-09-30")), "6 years");
        assert_eq!(tenure(d("2025-09-30"), d("2026-09-29")), "11 months");
        assert_eq!(tenure(d("2025-09-30"), d("2026-09-30")), "1 year");
        // Past an anniversary by days, where it matters: not "9 years" beside a limit of 9.
        assert_eq!(
            tenure_beyond(d("2017-09-29"), d("2026-09-30")),
            "9 years and 1 day"
        );
        assert_eq!(
            tenure_beyond(d("2017-09-01"), d("2026-09-30")),
            "9 years and 29 days"
        );
        assert_eq!(
            tenure_beyond(d("2016-02-29"), d("2026-03-01")),
            "10 years and 1 day"
        );
        assert_eq!(
            tenure_beyond(d("2017-03-15"), d("2026-09-30")),
            "9 years 6 months"
        );
        assert_eq!(tenure_beyond(d("2020-09-30"), d("2026-09-30")), "6 years");
        assert_eq!(tenure(d("2017-09-29"), d("2026-09-30")), "9 years");
        assert_eq!(
            tenure(d("2026-09-01"), d("2026-09-30")),
            "less than a month"
        );
        assert_eq!(tenure(d("2026-01-31"), d("2026-02-28")), "1 month");
        assert_eq!(
            tenure(d("2026-01-31"), d("2026-02-27")),
            "less than a month"
        );
        assert_eq!(
            tenure(d("2026-10-01"), d("2026-09-30")),
            "less than a month"
        );
    }
}
