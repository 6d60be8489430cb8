//! Exact arithmetic for SPC: values as the decimals they were written as, and every line of
//! a chart (mean, limits, sigma lines) as an exact fraction of them.
//!
//! In binary floating point, fifteen points of 88.2 have a mean of 88.20000000000002, every
//! point then sits "below the mean" and a constant series shows a special cause. Here a
//! value is held as a whole number of billionths (the decimal as written, to 9 places), the
//! sums are exact integers, and a point is compared with a line by cross-multiplying, so a
//! value exactly on the mean is on neither side and one exactly on a limit is not beyond it.
//! Floating point is used only to draw and print the lines.

pub use crate::decimal::Decimal;
use crate::decimal::SCALE;
use std::cmp::Ordering;

/// `numerator / denominator` billionths as a number. When the division is exact, the line
/// lies on a decimal of at most 9 places and is printed as that decimal (a constant series
/// of 1.578 has its mean printed 1.578).
fn ratio(numerator: i128, denominator: i128) -> f64 {
    if denominator != 0 && numerator % denominator == 0 {
        Decimal(numerator / denominator).to_f64()
    } else {
        numerator as f64 / denominator as f64 / SCALE as f64
    }
}

/// What a partition's lines are worked out from: the sum and count of its baseline values
/// and the sum and count of the moving ranges kept (after outlier screening).
///
/// The line `k` sigmas from the mean is `sum/count + k × (2.66/3) × ranges/range_count`:
/// 2.66 is 3/d2 for ranges of two points (d2 = 1.128), so three sigmas make the process
/// limit. Kept as integers, every comparison with a value is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Basis {
    sum: i128,
    count: i128,
    ranges: i128,
    range_count: i128,
}

impl Basis {
    /// The basis of `values` (in order), leaving out moving ranges above 3.267 times their
    /// mean when `screen` is set. None for no values.
    pub fn of(values: &[Decimal], screen: bool) -> Option<Basis> {
        if values.is_empty() {
            return None;
        }
        let sum = values.iter().map(|v| v.units()).sum();
        let ranges: Vec<i128> = values
            .windows(2)
            .map(|w| (w[1].units() - w[0].units()).abs())
            .collect();
        let mut total: i128 = ranges.iter().sum();
        let mut range_count = ranges.len() as i128;
        if screen && range_count > 0 {
            // r > 3.267 × total / range_count, multiplied out: 1000 × count × r > 3267 × total.
            let limit = 3267 * total;
            let kept: Vec<i128> = ranges
                .iter()
                .copied()
                .filter(|&r| 1000 * range_count * r <= limit)
                .collect();
            total = kept.iter().sum();
            range_count = kept.len() as i128;
        }
        Some(Basis {
            sum,
            count: values.len() as i128,
            ranges: total,
            range_count,
        })
    }

    /// Mean 0 and sigma exactly 1: lines at whole numbers, for the tests of the rules.
    #[cfg(test)]
    pub fn unit() -> Basis {
        // Sigma is 266 × ranges / (300 × range_count) = 1 unit.
        Basis {
            sum: 0,
            count: 1,
            ranges: 300 * SCALE,
            range_count: 266,
        }
    }

    /// The count of values the basis was worked out from.
    pub fn count(&self) -> usize {
        usize::try_from(self.count).unwrap_or(0)
    }

    /// The mean moving range as a number.
    pub fn moving_range(&self) -> f64 {
        if self.range_count == 0 {
            0.0
        } else {
            ratio(self.ranges, self.range_count)
        }
    }

    /// The line `sigmas` sigmas from the mean as a fraction: numerator and denominator in
    /// billionths. Sigma is 2.66/3 of the mean moving range.
    fn line(&self, sigmas: i128) -> Option<(i128, i128)> {
        if self.range_count == 0 {
            return Some((self.sum, self.count));
        }
        // sum/count + sigmas × 266 × ranges / (300 × range_count)
        let denominator = 300i128
            .checked_mul(self.count)?
            .checked_mul(self.range_count)?;
        let numerator = 300i128
            .checked_mul(self.range_count)?
            .checked_mul(self.sum)?
            .checked_add(
                sigmas
                    .checked_mul(266)?
                    .checked_mul(self.count)?
                    .checked_mul(self.ranges)?,
            )?;
        Some((numerator, denominator))
    }

    /// The line `sigmas` sigmas from the mean (0 for the mean, ±3 for the process limits),
    /// as a number to draw and print.
    pub fn value(&self, sigmas: i128) -> f64 {
        match self.line(sigmas) {
            Some((numerator, denominator)) => ratio(numerator, denominator),
            None => self.approximate(sigmas),
        }
    }

    fn approximate(&self, sigmas: i128) -> f64 {
        let mean = self.sum as f64 / self.count as f64 / SCALE as f64;
        mean + sigmas as f64 * 2.66 / 3.0 * self.moving_range()
    }

    /// How `value` compares with the line `sigmas` sigmas from the mean, exactly.
    pub fn compare(&self, value: Decimal, sigmas: i128) -> Ordering {
        let exact = self.line(sigmas).and_then(|(numerator, denominator)| {
            Some(value.units().checked_mul(denominator)?.cmp(&numerator))
        });
        // Values FORMAT.md allows (at most 1e12, any number of points a file can hold) stay
        // far inside i128; this is only a guard against a panic.
        exact.unwrap_or_else(|| {
            value
                .to_f64()
                .partial_cmp(&self.approximate(sigmas))
                .unwrap_or(Ordering::Equal)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(value: f64) -> Decimal {
        Decimal::from_f64(value).unwrap()
    }

    /// A line that falls on a decimal is printed as that decimal (a review found 1.578
    /// printed as 1.5779999999999998).
    #[test]
    fn a_line_on_a_decimal_reads_as_it() {
        let basis = Basis::of(&[d(1.578); 15], false).unwrap();
        assert_eq!((basis.value(0), basis.value(3)), (1.578, 1.578));
    }

    #[test]
    fn a_constant_series_has_its_value_as_mean_and_limits() {
        let values = vec![d(88.2); 15];
        let basis = Basis::of(&values, false).unwrap();
        for sigmas in -3..=3 {
            assert_eq!(basis.value(sigmas), 88.2);
            assert_eq!(basis.compare(d(88.2), sigmas), Ordering::Equal);
        }
        // In floating point the same mean is 88.20000000000002.
        assert_ne!(values.iter().map(|v| v.to_f64()).sum::<f64>() / 15.0, 88.2);
    }

    #[test]
    fn lines_by_hand() {
        // 1.1, 0.9, 1.0: sum 3.0, mean 1.0; ranges 0.2 and 0.1, mean 0.15; sigma 0.133;
        // limits 1.0 ± 0.399.
        let basis = Basis::of(&[d(1.1), d(0.9), d(1.0)], false).unwrap();
        assert_eq!(basis.value(0), 1.0);
        assert_eq!(basis.compare(d(1.0), 0), Ordering::Equal);
        assert!((basis.moving_range() - 0.15).abs() < 1e-12);
        assert!((basis.value(3) - 1.399).abs() < 1e-12);
        assert!((basis.value(-3) - 0.601).abs() < 1e-12);
        assert_eq!(basis.compare(d(1.399), 3), Ordering::Equal);
        assert_eq!(basis.compare(d(1.3990001), 3), Ordering::Greater);
        assert_eq!(basis.compare(d(0.601), -3), Ordering::Equal);
        // Two sigma: 1.0 + 0.266 = 1.266.
        assert_eq!(basis.compare(d(1.266), 2), Ordering::Equal);
    }

    #[test]
    fn screening_leaves_out_large_moving_ranges() {
        // Nine ranges of 1, then one of 20: mean 2.9, and 3.267 × 2.9 = 9.47, so 20 goes.
        let mut values: Vec<Decimal> = (0..10).map(|i| d(f64::from(i % 2))).collect();
        values.push(d(21.0));
        let plain = Basis::of(&values, false).unwrap();
        assert!((plain.moving_range() - 2.9).abs() < 1e-12);
        let screened = Basis::of(&values, true).unwrap();
        assert_eq!(screened.moving_range(), 1.0);
        // The mean is unchanged: screening touches only the moving ranges.
        assert_eq!(plain.value(0), screened.value(0));
        // Nine ranges of 6733 and one of 29403: the mean range is 90000 / 10 = 9000, and
        // 3.267 × 9000 = 29403 exactly. A range on the threshold is not above it: kept.
        let mut values: Vec<Decimal> = (0..10).map(|i| d(f64::from(i % 2 * 6733))).collect();
        values.push(d(6733.0 + 29403.0));
        let on_threshold = Basis::of(&values, true).unwrap();
        assert_eq!(on_threshold.moving_range(), 9000.0);
        // One more unit and it goes.
        values[10] = d(6733.0 + 29404.0);
        assert_eq!(Basis::of(&values, true).unwrap().moving_range(), 6733.0);
    }

    #[test]
    fn one_value_has_no_moving_range() {
        let basis = Basis::of(&[d(5.0)], false).unwrap();
        assert_eq!((basis.value(3), basis.value(-3)), (5.0, 5.0));
        assert_eq!(basis.compare(d(5.0), 3), Ordering::Equal);
        assert!(Basis::of(&[], false).is_none());
    }
}
