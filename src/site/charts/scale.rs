//! The arithmetic of chart axes, kept apart from drawing so it can be tested on numbers:
//! round ticks, how many period labels fit, and labels pushed apart so none overlaps.

/// Round values for a value axis, lowest first, covering the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    pub values: Vec<f64>,
    /// Decimal places that show every tick exactly.
    pub decimals: usize,
}

impl Ticks {
    pub fn low(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    pub fn high(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }

    /// A tick's text: its decimals, thousands grouped ("12,500", "0.25").
    pub fn text(&self, value: f64) -> String {
        grouped(value, self.decimals)
    }
}

/// Ticks 1, 2, 2.5 or 5 times a power of ten apart, about `wanted` of them, from at or
/// below `min` to at or above `max`. A flat series gets a band around its value.
pub fn ticks(min: f64, max: f64, wanted: usize) -> Ticks {
    let (mut min, mut max) = if min.is_finite() && max.is_finite() && min <= max {
        (min, max)
    } else {
        (0.0, 1.0)
    };
    // Flat, or nearly: a spread of a few units at 100 billion is drawn (it was a band of
    // ±10 %, every point on one line), one below a trillionth of the values is not, where
    // ticks would be a few steps of the floats' own precision.
    if max - min < max.abs().max(min.abs()) * 1e-12 || max == min {
        let half = if min == 0.0 { 1.0 } else { min.abs() * 0.1 };
        (min, max) = (min - half, max + half);
    }
    let wanted = wanted.max(2);
    let raw = (max - min) / (wanted - 1) as f64;
    let power = raw.log10().floor();
    let magnitude = 10f64.powf(power);
    // Steps as (mantissa in tenths, so 2.5 is exact), tried smallest first.
    for tenths in [10u32, 20, 25, 50, 100, 200] {
        let step = magnitude * f64::from(tenths) / 10.0;
        let first = (min / step).floor();
        let last = (max / step).ceil();
        if last - first > (wanted + 1) as f64 {
            continue;
        }
        let mut decimals = (-power).max(0.0) as usize;
        if tenths == 25 {
            decimals += 1;
        }
        if tenths >= 100 {
            decimals = decimals.saturating_sub(1);
        }
        // Rounded to the places shown, so 0.6 is not 0.6000000000000001.
        let exact = 10f64.powi(decimals as i32);
        let values: Vec<f64> = (0..=(last - first) as i64)
            .map(|k| {
                let v = ((first + k as f64) * step * exact).round() / exact;
                if v == 0.0 { 0.0 } else { v }
            })
            .collect();
        return Ticks { values, decimals };
    }
    // Not reached for finite input: a step of twenty times the magnitude always fits.
    Ticks {
        values: vec![min, max],
        decimals: 2,
    }
}

pub use crate::words::grouped;

/// Every how many points a period label fits, for `count` points `spacing` apart whose
/// widest label is `widest`: 1, 2, 3, 4, 6, 12, then doubling (quarters and months read
/// well at those).
pub fn label_every(spacing: f64, widest: f64) -> usize {
    let needed = widest + 12.0;
    let mut every = 1usize;
    for candidate in [1usize, 2, 3, 4, 6, 12] {
        every = candidate;
        if candidate as f64 * spacing >= needed {
            return candidate;
        }
    }
    while (every as f64) * spacing < needed && every < usize::MAX / 2 {
        every *= 2;
    }
    every
}

/// Which of `count` points get a label when every `every`-th does: counted back from the
/// latest, which a board reads first, so it is always labelled.
pub fn labelled(count: usize, every: usize) -> impl Iterator<Item = usize> {
    let every = every.max(1);
    (0..count).filter(move |i| (count - 1 - i).is_multiple_of(every))
}

/// Moves labels wanted at `ys` apart so each is at least `gap` from the next, staying within
/// `top..=bottom`, changing the order never; returns the positions in the order given.
pub fn spread(ys: &[f64], gap: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
    let mut placed: Vec<f64> = order.iter().map(|&i| ys[i].clamp(top, bottom)).collect();
    for k in 1..placed.len() {
        placed[k] = placed[k].max(placed[k - 1] + gap);
    }
    if let Some(last) = placed.last_mut() {
        *last = last.min(bottom);
    }
    for k in (0..placed.len().saturating_sub(1)).rev() {
        placed[k] = placed[k].min(placed[k + 1] - gap);
    }
    // With more labels than fit, the top ones may now sit above `top`: the caller's margin
    // takes them, as the drawing clamps every text into the chart.
    let mut out = vec![0.0; ys.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        let t = ticks(58.95, 76.0, 6);
        assert_eq!(t.values, vec![55.0, 60.0, 65.0, 70.0, 75.0, 80.0]);
        assert_eq!(t.text(60.0), "60");
        let t = ticks(0.0, 1.0, 5);
        assert_eq!(t.values, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(t.text(0.4), "0.4");
        let t = ticks(0.0, 1.0, 3);
        assert_eq!(t.values, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(t.text(0.5), "0.50");
        let t = ticks(10_020.0, 34_850.0, 6);
        assert_eq!(t.low(), 10_000.0);
        assert!(t.high() >= 34_850.0);
        assert_eq!(t.text(20_000.0), "20,000");
        let t = ticks(-3.2, 2.1, 6);
        assert!(t.low() <= -3.2 && t.high() >= 2.1);
        assert!(t.values.contains(&0.0));
        assert_eq!(t.text(-2.0), "-2");
    }

    #[test]
    fn a_flat_or_odd_series_still_has_an_axis() {
        let t = ticks(5.0, 5.0, 6);
        assert!(t.low() < 5.0 && t.high() > 5.0, "{t:?}");
        let t = ticks(0.0, 0.0, 6);
        assert!(t.low() < 0.0 && t.high() > 0.0);
        let t = ticks(f64::NAN, 1.0, 6);
        assert_eq!((t.low(), t.high()), (0.0, 1.0));
        let t = ticks(-1e12, 1e12, 6);
        assert!(t.values.len() <= 8);
        assert_eq!(t.text(1e12), "1,000,000,000,000");
        let t = ticks(1e12 - 0.01, 1e12, 6);
        assert!(t.values.len() >= 2 && t.values.len() <= 8, "{t:?}");
        // A small spread on a large value keeps its own scale.
        let t = ticks(1e11, 1e11 + 3.0, 6);
        assert!(t.low() <= 1e11 && t.high() >= 1e11 + 3.0, "{t:?}");
        assert!(t.high() - t.low() < 10.0, "{t:?}");
        assert!(t.values.windows(2).all(|w| w[0] < w[1]), "{t:?}");
    }

    #[test]
    fn tick_counts_stay_near_what_was_wanted() {
        for (min, max) in [
            (0.0, 7.0),
            (0.1, 0.13),
            (3.0, 9999.0),
            (-50.0, -49.0),
            (12.5, 13.0),
        ] {
            let t = ticks(min, max, 6);
            assert!((3..=8).contains(&t.values.len()), "{min}..{max}: {t:?}");
            assert!(t.low() <= min && t.high() >= max);
            let texts: Vec<String> = t.values.iter().map(|v| t.text(*v)).collect();
            let mut unique = texts.clone();
            unique.dedup();
            assert_eq!(unique, texts, "each tick reads differently");
        }
    }

    #[test]
    fn period_labels_are_thinned_from_the_latest() {
        assert_eq!(label_every(60.0, 40.0), 1);
        assert_eq!(label_every(20.0, 40.0), 3);
        assert_eq!(label_every(1.0, 60.0), 96);
        let shown: Vec<usize> = labelled(8, 3).collect();
        assert_eq!(shown, vec![1, 4, 7]);
    }

    #[test]
    fn labels_are_spread_apart_within_bounds() {
        let ys = spread(&[100.0, 102.0, 50.0], 14.0, 20.0, 200.0);
        assert_eq!(ys[2], 50.0);
        assert!(ys[1] - ys[0] >= 14.0);
        let ys = spread(&[199.0, 200.0], 14.0, 20.0, 200.0);
        assert_eq!(ys, vec![186.0, 200.0]);
    }
}
