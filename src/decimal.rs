//! Measures' values as the decimals they were written as, to nine places: a whole number
//! of billionths. SPC works on them so that a mean or a limit is exact (`spc::exact`), and a
//! measure's check warns of a value they cannot hold (`records::measure`).

/// The decimal places a measure's values are held to.
pub const DECIMALS: usize = 9;

/// Billionths in one unit.
pub const SCALE: i128 = 10i128.pow(DECIMALS as u32);

/// A value as written in a record, exactly: a whole number of billionths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(pub(crate) i128);

impl Decimal {
    pub const ZERO: Decimal = Decimal(0);

    /// The decimal a number was written as. YAML gives the nearest binary number; its
    /// shortest decimal form (Rust's `Display`, never in exponent form) is the text that
    /// was written whenever that had at most 15 significant digits. Digits past the ninth
    /// decimal place are rounded half away from zero. None for values that are not finite
    /// or too large to hold (FORMAT.md allows at most 1e12 either way).
    pub fn from_f64(value: f64) -> Option<Decimal> {
        if !value.is_finite() {
            return None;
        }
        let text = value.to_string();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.len() > 20 {
            return None;
        }
        let mut units: i128 = whole.parse::<i128>().ok()?.checked_mul(SCALE)?;
        let mut place = SCALE / 10;
        for (i, digit) in fraction.bytes().enumerate() {
            let digit = i128::from(digit.checked_sub(b'0')?);
            if i < DECIMALS {
                units += digit * place;
                place /= 10;
            } else {
                if digit >= 5 {
                    units += 1;
                }
                break;
            }
        }
        Some(Decimal(if negative { -units } else { units }))
    }

    /// The number nearest the decimal: exactly the number it was read from, whenever it
    /// was read from a decimal of at most 9 places.
    pub fn to_f64(self) -> f64 {
        // Reading the decimal's own text rounds once; arithmetic on its parts could round
        // twice and land a step away (1.578 as 1.5779999999999998).
        let sign = if self.0 < 0 { "-" } else { "" };
        let units = self.0.unsigned_abs();
        let scale = SCALE.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            units / scale,
            units % scale,
            width = DECIMALS
        )
        .parse()
        .unwrap_or(f64::NAN)
    }

    pub(crate) fn units(self) -> i128 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(value: f64) -> Decimal {
        Decimal::from_f64(value).unwrap()
    }

    #[test]
    fn decimals_are_read_as_written() {
        assert_eq!(d(88.2), Decimal(88_200_000_000));
        assert_eq!(d(-0.1), Decimal(-100_000_000));
        assert_eq!(d(0.000_000_001), Decimal(1));
        // The tenth decimal rounds half away from zero.
        assert_eq!(d(0.000_000_000_5), Decimal(1));
        assert_eq!(d(-0.000_000_000_5), Decimal(-1));
        assert_eq!(d(0.000_000_000_4), Decimal(0));
        assert_eq!(d(1e12), Decimal(1_000_000_000_000 * SCALE));
        assert_eq!(Decimal::from_f64(f64::NAN), None);
        assert_eq!(Decimal::from_f64(f64::INFINITY), None);
        assert_eq!(Decimal::from_f64(1e308), None);
        assert_eq!(d(88.2).to_f64(), 88.2);
        assert_eq!(d(-1234.5678).to_f64(), -1234.5678);
    }

    /// Every decimal of up to 9 places reads back as the number it came from (a review
    /// found 1.578 printed as 1.5779999999999998 when the parts were added).
    #[test]
    fn decimals_read_back_as_the_same_number() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..100_000 {
            let places = (next() % 10) as i32;
            let whole = (next() % 2_000_000_000) as f64 - 1e9;
            let text = format!("{:.*}", places as usize, whole / 10f64.powi(places));
            let value: f64 = text.parse().unwrap();
            assert_eq!(d(value).to_f64(), value, "{text}");
        }
        assert_eq!(d(1.578).to_f64(), 1.578);
    }
}
