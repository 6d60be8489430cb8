//! Making Data Count XmR charts: mean, process limits, special-cause rules and the
//! variation and assurance icons, after NHS England's SPC tool (v2.6) and NHSRplotthedots.
//!
//! Pure: a series of points and the rules in, a chart out. Choices where the method leaves
//! room are written in docs/format-notes.md ("SPC").

use crate::records::measure::Improvement;

/// What the calculation needs of a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input {
    pub value: f64,
    /// Starts a new partition: mean and limits are recomputed from here.
    pub rebase: bool,
    /// Shown, but left out of every calculation and never flagged.
    pub ghost: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub shift_points: usize,
    pub trend_points: usize,
    pub min_points: usize,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            shift_points: 6,
            trend_points: 6,
            min_points: 13,
        }
    }
}

/// Mean and limits of one partition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub mean: f64,
    /// Mean of the moving ranges between consecutive non-ghost points.
    pub moving_range: f64,
    pub upper: f64,
    pub lower: f64,
    pub upper_two_sigma: f64,
    pub lower_two_sigma: f64,
    pub upper_one_sigma: f64,
    pub lower_one_sigma: f64,
}

impl Limits {
    fn of(values: &[f64]) -> Option<Limits> {
        if values.is_empty() {
            return None;
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let ranges: Vec<f64> = values.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        let moving_range = if ranges.is_empty() {
            0.0
        } else {
            ranges.iter().sum::<f64>() / ranges.len() as f64
        };
        // 2.66 = 3 / d2 with d2 = 1.128 for ranges of two points: three sigma.
        let sigma = 2.66 * moving_range / 3.0;
        Some(Limits {
            mean,
            moving_range,
            upper: mean + 3.0 * sigma,
            lower: mean - 3.0 * sigma,
            upper_two_sigma: mean + 2.0 * sigma,
            lower_two_sigma: mean - 2.0 * sigma,
            upper_one_sigma: mean + sigma,
            lower_one_sigma: mean - sigma,
        })
    }
}

/// Which side a special cause points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    High,
    Low,
}

/// The special-cause rules a point is part of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub beyond_limit: bool,
    pub shift: bool,
    pub trend: bool,
    pub two_of_three: bool,
}

impl Flags {
    pub fn any(&self) -> bool {
        self.beyond_limit || self.shift || self.trend || self.two_of_three
    }
}

/// How a point is coloured: Making Data Count's blue, orange, purple and grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointType {
    CommonCause,
    Improvement,
    Concern,
    Neither,
}

impl PointType {
    /// The word used for the type in the exports and the theme's CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            PointType::CommonCause => "common-cause",
            PointType::Improvement => "improvement",
            PointType::Concern => "concern",
            PointType::Neither => "neither",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub value: f64,
    pub ghost: bool,
    /// Index of the point's partition (0 for the first).
    pub partition: usize,
    pub flags: Flags,
    /// The side of a special cause; None for common cause and ghosts.
    pub side: Option<Side>,
    pub kind: PointType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variation {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    NeitherHigh,
    NeitherLow,
}

impl Variation {
    pub fn id(self) -> &'static str {
        match self {
            Variation::CommonCause => "common-cause",
            Variation::ImprovementHigh => "improvement-high",
            Variation::ImprovementLow => "improvement-low",
            Variation::ConcernHigh => "concern-high",
            Variation::ConcernLow => "concern-low",
            Variation::NeitherHigh => "neither-high",
            Variation::NeitherLow => "neither-low",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assurance {
    Pass,
    Fail,
    HitOrMiss,
}

impl Assurance {
    pub fn id(self) -> &'static str {
        match self {
            Assurance::Pass => "pass",
            Assurance::Fail => "fail",
            Assurance::HitOrMiss => "hit-or-miss",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub points: Vec<ChartPoint>,
    /// Limits per partition, in order; empty for a run chart.
    pub partitions: Vec<Limits>,
    /// True when there are fewer than `min_points` non-ghost points: no limits, no icons.
    pub run_chart: bool,
    /// Icons for the latest non-ghost point (None on a run chart).
    pub variation: Option<Variation>,
    pub assurance: Option<Assurance>,
}

impl Chart {
    /// The limits of the partition that holds the latest non-ghost point.
    pub fn latest_limits(&self) -> Option<&Limits> {
        let latest = self.points.iter().rev().find(|p| !p.ghost)?;
        self.partitions.get(latest.partition)
    }
}

/// Computes the chart for `points` (in time order).
pub fn chart(
    points: &[Input],
    improvement: Improvement,
    target: Option<f64>,
    rules: Rules,
) -> Chart {
    // Partitions hold the indexes of their counted (non-ghost) points. A rebase written on a
    // ghost takes effect at the next counted point, so no partition is ever empty.
    let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
    let mut pending_rebase = false;
    let mut assigned: Vec<ChartPoint> = Vec::with_capacity(points.len());
    for (index, point) in points.iter().enumerate() {
        pending_rebase |= point.rebase;
        if !point.ghost {
            if pending_rebase && !groups.last().is_some_and(Vec::is_empty) {
                groups.push(Vec::new());
            }
            pending_rebase = false;
            if let Some(group) = groups.last_mut() {
                group.push(index);
            }
        }
        assigned.push(ChartPoint {
            value: point.value,
            ghost: point.ghost,
            partition: groups.len() - 1,
            flags: Flags::default(),
            side: None,
            kind: PointType::CommonCause,
        });
    }
    let counted = groups.iter().map(Vec::len).sum::<usize>();
    if counted < rules.min_points.max(1) {
        return Chart {
            points: assigned,
            partitions: Vec::new(),
            run_chart: true,
            variation: None,
            assurance: None,
        };
    }

    let mut partitions = Vec::with_capacity(groups.len());
    for members in &groups {
        let values: Vec<f64> = members.iter().map(|&i| assigned[i].value).collect();
        let Some(limits) = Limits::of(&values) else {
            continue;
        };
        let marks = apply_rules(&values, &limits, rules);
        for (mark, &i) in marks.into_iter().zip(members) {
            let point = &mut assigned[i];
            point.flags = mark.flags;
            point.side = match (mark.high, mark.low) {
                (false, false) => None,
                (true, false) => Some(Side::High),
                (false, true) => Some(Side::Low),
                // A rising trend below the mean (or the reverse): the side of the mean decides.
                (true, true) => Some(if point.value >= limits.mean {
                    Side::High
                } else {
                    Side::Low
                }),
            };
            point.kind = classify(point.side, improvement);
        }
        partitions.push(limits);
    }

    let latest = assigned.iter().rev().find(|p| !p.ghost);
    let variation = latest.map(|p| variation_of(p.side, improvement));
    let assurance = match (target, latest) {
        (Some(target), Some(latest)) => {
            assurance_of(&partitions[latest.partition], target, improvement)
        }
        _ => None,
    };
    Chart {
        points: assigned,
        partitions,
        run_chart: false,
        variation,
        assurance,
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Mark {
    flags: Flags,
    high: bool,
    low: bool,
}

impl Mark {
    fn side(&mut self, sign: i8) {
        if sign > 0 {
            self.high = true;
        } else {
            self.low = true;
        }
    }
}

/// Marks each point of one partition with the rules it takes part in and their side.
fn apply_rules(values: &[f64], limits: &Limits, rules: Rules) -> Vec<Mark> {
    let n = values.len();
    let mut marks = vec![Mark::default(); n];
    let side_of = |v: f64| -> i8 {
        if v > limits.mean {
            1
        } else if v < limits.mean {
            -1
        } else {
            0
        }
    };
    for (mark, &value) in marks.iter_mut().zip(values) {
        if value > limits.upper || value < limits.lower {
            mark.flags.beyond_limit = true;
            mark.side(side_of(value));
        }
    }
    // Shift: a run of points on one side of the mean; a point on the mean breaks it.
    let mut start = 0;
    for i in 1..=n {
        if i < n && side_of(values[i]) == side_of(values[start]) {
            continue;
        }
        let side = side_of(values[start]);
        if side != 0 && i - start >= rules.shift_points {
            for mark in &mut marks[start..i] {
                mark.flags.shift = true;
                mark.side(side);
            }
        }
        start = i;
    }
    // Trend: points strictly rising (or falling), both ends counted: 6 points are 5 steps.
    for direction in [1i8, -1] {
        let mut start = 0;
        for i in 1..=n {
            if i < n && (values[i] - values[i - 1]) * f64::from(direction) > 0.0 {
                continue;
            }
            if i - start >= rules.trend_points {
                for mark in &mut marks[start..i] {
                    mark.flags.trend = true;
                    mark.side(direction);
                }
            }
            start = i;
        }
    }
    // Two of three consecutive points beyond two sigma, all three on the same side of the mean.
    for first in 0..n.saturating_sub(2) {
        let window = first..first + 3;
        for (sign, beyond) in [(1i8, limits.upper_two_sigma), (-1, limits.lower_two_sigma)] {
            let outside = |i: &usize| {
                if sign > 0 {
                    values[*i] > beyond
                } else {
                    values[*i] < beyond
                }
            };
            let same_side = window.clone().all(|i| side_of(values[i]) == sign);
            if same_side && window.clone().filter(outside).count() >= 2 {
                for i in window.clone().filter(outside) {
                    marks[i].flags.two_of_three = true;
                    marks[i].side(sign);
                }
            }
        }
    }
    marks
}

fn classify(side: Option<Side>, improvement: Improvement) -> PointType {
    match (side, improvement) {
        (None, _) => PointType::CommonCause,
        (Some(_), Improvement::Neither) => PointType::Neither,
        (Some(Side::High), Improvement::Up) | (Some(Side::Low), Improvement::Down) => {
            PointType::Improvement
        }
        (Some(_), _) => PointType::Concern,
    }
}

fn variation_of(side: Option<Side>, improvement: Improvement) -> Variation {
    match (classify(side, improvement), side) {
        (PointType::CommonCause, _) | (_, None) => Variation::CommonCause,
        (PointType::Improvement, Some(Side::High)) => Variation::ImprovementHigh,
        (PointType::Improvement, Some(Side::Low)) => Variation::ImprovementLow,
        (PointType::Concern, Some(Side::High)) => Variation::ConcernHigh,
        (PointType::Concern, Some(Side::Low)) => Variation::ConcernLow,
        (PointType::Neither, Some(Side::High)) => Variation::NeitherHigh,
        (PointType::Neither, Some(Side::Low)) => Variation::NeitherLow,
    }
}

/// Whether the process can be relied on to meet the target: the limits on the right side of
/// it (pass), on the wrong side (fail), or straddling it (hit or miss). No direction, no
/// "right side": assurance needs `up` or `down`.
fn assurance_of(limits: &Limits, target: f64, improvement: Improvement) -> Option<Assurance> {
    let (good_beyond, bad_beyond) = match improvement {
        Improvement::Up => (limits.lower > target, limits.upper < target),
        Improvement::Down => (limits.upper < target, limits.lower > target),
        Improvement::Neither => return None,
    };
    Some(if good_beyond {
        Assurance::Pass
    } else if bad_beyond {
        Assurance::Fail
    } else {
        Assurance::HitOrMiss
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    fn inputs(values: &[f64]) -> Vec<Input> {
        values
            .iter()
            .map(|&value| Input {
                value,
                rebase: false,
                ghost: false,
            })
            .collect()
    }

    /// Mean 0 and sigma 1: limits ±3, two sigma ±2.
    fn unit_limits() -> Limits {
        Limits {
            mean: 0.0,
            moving_range: 3.0 / 2.66,
            upper: 3.0,
            lower: -3.0,
            upper_two_sigma: 2.0,
            lower_two_sigma: -2.0,
            upper_one_sigma: 1.0,
            lower_one_sigma: -1.0,
        }
    }

    fn marks(values: &[f64], rules: Rules) -> Vec<(Flags, bool, bool)> {
        apply_rules(values, &unit_limits(), rules)
            .into_iter()
            .map(|m| (m.flags, m.high, m.low))
            .collect()
    }

    fn flagged(values: &[f64], rule: fn(&Flags) -> bool) -> Vec<bool> {
        marks(values, Rules::default())
            .iter()
            .map(|(flags, _, _)| rule(flags))
            .collect()
    }

    #[test]
    fn beyond_a_limit_is_strict() {
        assert_eq!(
            flagged(&[3.5, 3.0, -3.0, -3.1], |f| f.beyond_limit),
            [true, false, false, true]
        );
        let m = marks(&[3.5, -3.1], Rules::default());
        assert!(m[0].1 && !m[0].2 && m[1].2 && !m[1].1);
    }

    #[test]
    fn shift_needs_six_on_one_side_and_the_mean_breaks_it() {
        assert_eq!(flagged(&[1.0; 6], |f| f.shift), [true; 6]);
        assert_eq!(flagged(&[-1.0; 6], |f| f.shift), [true; 6]);
        assert_eq!(flagged(&[1.0; 5], |f| f.shift), [false; 5]);
        assert_eq!(
            flagged(&[1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0], |f| f.shift),
            [false; 7]
        );
        assert_eq!(
            flagged(&[-1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], |f| f.shift),
            [false, true, true, true, true, true, true]
        );
        let seven = Rules {
            shift_points: 7,
            ..Rules::default()
        };
        assert!(marks(&[1.0; 6], seven).iter().all(|(f, _, _)| !f.shift));
        assert!(marks(&[1.0; 7], seven).iter().all(|(f, _, _)| f.shift));
    }

    #[test]
    fn trend_needs_six_strictly_rising_or_falling_points() {
        let rising = [-0.5, -0.4, -0.3, -0.2, -0.1, 0.0];
        assert_eq!(flagged(&rising, |f| f.trend), [true; 6]);
        assert!(
            marks(&rising, Rules::default())
                .iter()
                .all(|(_, high, low)| *high && !*low)
        );
        let falling = [0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
        assert!(
            marks(&falling, Rules::default())
                .iter()
                .all(|(f, high, low)| f.trend && *low && !*high)
        );
        assert_eq!(flagged(&rising[..5], |f| f.trend), [false; 5]);
        // A repeated value is not strictly rising.
        assert_eq!(
            flagged(&[-0.5, -0.4, -0.4, -0.3, -0.2, -0.1], |f| f.trend),
            [false; 6]
        );
        // The peak ends the rise and starts the fall.
        let peak = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
        assert_eq!(flagged(&peak, |f| f.trend), [true; 11]);
    }

    #[test]
    fn two_of_three_beyond_two_sigma_on_one_side() {
        assert_eq!(
            flagged(&[2.5, 0.5, 2.5], |f| f.two_of_three),
            [true, false, true]
        );
        assert_eq!(
            flagged(&[-2.5, -2.1, -0.5], |f| f.two_of_three),
            [true, true, false]
        );
        // The middle point is on the other side of the mean.
        assert_eq!(flagged(&[2.5, -0.5, 2.5], |f| f.two_of_three), [false; 3]);
        // Only one beyond two sigma; exactly two sigma is not beyond.
        assert_eq!(flagged(&[2.5, 2.0, 1.0], |f| f.two_of_three), [false; 3]);
    }

    // Series A: 10, 12, 11, 13 three times, then 10. By hand: sum 148, mean 148/13 =
    // 11.384615; moving ranges 2,1,2,3 x3 = 24 over 12, mean 2.0; limits 11.384615 ± 5.32.
    const A: [f64; 13] = [
        10.0, 12.0, 11.0, 13.0, 10.0, 12.0, 11.0, 13.0, 10.0, 12.0, 11.0, 13.0, 10.0,
    ];

    /// The variation icon of a plain series under each direction.
    fn variation_for(values: &[f64], improvement: Improvement) -> Option<Variation> {
        chart(&inputs(values), improvement, None, Rules::default()).variation
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn limits_by_hand() {
        let chart = chart(&inputs(&A), Improvement::Up, None, Rules::default());
        assert!(!chart.run_chart);
        let l = chart.latest_limits().unwrap();
        assert!(
            close(l.mean, 11.384615) && close(l.moving_range, 2.0),
            "{l:?}"
        );
        assert!(
            close(l.upper, 16.704615) && close(l.lower, 6.064615),
            "{l:?}"
        );
        assert!(
            close(l.upper_two_sigma, 14.931282) && close(l.lower_one_sigma, 9.611282),
            "{l:?}"
        );
        assert!(
            chart
                .points
                .iter()
                .all(|p| p.kind == PointType::CommonCause)
        );
        assert_eq!(chart.variation, Some(Variation::CommonCause));
    }

    #[test]
    fn latest_point_beyond_the_limit_sets_the_icon_by_direction() {
        // Last point 30: sum 168, mean 12.923077; moving ranges 21 + 17 = 38 / 12 = 3.166667;
        // upper limit 12.923077 + 8.423333 = 21.346410, and 30 is above it.
        let mut values = A;
        values[12] = 30.0;
        let up = chart(&inputs(&values), Improvement::Up, None, Rules::default());
        assert!(close(up.latest_limits().unwrap().upper, 21.346410));
        assert!(up.points[12].flags.beyond_limit);
        assert_eq!(up.points[12].kind, PointType::Improvement);
        assert_eq!(up.variation, Some(Variation::ImprovementHigh));
        assert_eq!(
            variation_for(&values, Improvement::Down),
            Some(Variation::ConcernHigh)
        );
        assert_eq!(
            variation_for(&values, Improvement::Neither),
            Some(Variation::NeitherHigh)
        );
        // Last point 17: mean 11.923077, moving ranges 25 / 12; upper limit 17.464744: inside.
        values[12] = 17.0;
        let just_inside = chart(&inputs(&values), Improvement::Up, None, Rules::default());
        assert!(close(just_inside.latest_limits().unwrap().upper, 17.464744));
        assert_eq!(just_inside.variation, Some(Variation::CommonCause));
    }

    #[test]
    fn low_side_icons() {
        let mut values = A;
        values[12] = -10.0;
        assert_eq!(
            variation_for(&values, Improvement::Down),
            Some(Variation::ImprovementLow)
        );
        assert_eq!(
            variation_for(&values, Improvement::Up),
            Some(Variation::ConcernLow)
        );
        assert_eq!(
            variation_for(&values, Improvement::Neither),
            Some(Variation::NeitherLow)
        );
    }

    #[test]
    fn assurance_against_a_target() {
        // Series A limits: 6.064615 to 16.704615.
        let assurance = |improvement, target| {
            chart(&inputs(&A), improvement, Some(target), Rules::default()).assurance
        };
        assert_eq!(assurance(Improvement::Up, 5.0), Some(Assurance::Pass));
        assert_eq!(assurance(Improvement::Up, 20.0), Some(Assurance::Fail));
        assert_eq!(assurance(Improvement::Up, 12.0), Some(Assurance::HitOrMiss));
        assert_eq!(assurance(Improvement::Down, 20.0), Some(Assurance::Pass));
        assert_eq!(assurance(Improvement::Down, 5.0), Some(Assurance::Fail));
        assert_eq!(
            assurance(Improvement::Down, 12.0),
            Some(Assurance::HitOrMiss)
        );
        assert_eq!(assurance(Improvement::Neither, 12.0), None);
        assert_eq!(
            chart(&inputs(&A), Improvement::Up, None, Rules::default()).assurance,
            None
        );
    }

    #[test]
    fn ghosts_are_shown_but_not_counted() {
        let mut points = inputs(&A);
        points.insert(
            6,
            Input {
                value: 100.0,
                rebase: false,
                ghost: true,
            },
        );
        points.push(Input {
            value: -50.0,
            rebase: false,
            ghost: true,
        });
        let chart = chart(&points, Improvement::Up, None, Rules::default());
        let l = chart.latest_limits().unwrap();
        assert!(
            close(l.mean, 11.384615) && close(l.moving_range, 2.0),
            "{l:?}"
        );
        assert_eq!(chart.points.len(), 15);
        assert!(
            chart.points[6].ghost
                && !chart.points[6].flags.any()
                && chart.points[6].kind == PointType::CommonCause
        );
        assert_eq!(chart.variation, Some(Variation::CommonCause));
        // Twelve counted points and a ghost: still a run chart.
        let mut short = inputs(&A[..12]);
        short.push(Input {
            value: 11.0,
            rebase: false,
            ghost: true,
        });
        assert!(super::chart(&short, Improvement::Up, None, Rules::default()).run_chart);
    }

    #[test]
    fn rebase_starts_a_new_partition() {
        let mut points = inputs(&A);
        let later: Vec<f64> = A.iter().map(|v| v + 10.0).collect();
        let mut second = inputs(&later);
        second[0].rebase = true;
        points.extend(second);
        let chart = chart(&points, Improvement::Up, None, Rules::default());
        assert_eq!(chart.partitions.len(), 2);
        assert!(close(chart.partitions[0].mean, 11.384615));
        let latest = chart.latest_limits().unwrap();
        assert!(
            close(latest.mean, 21.384615) && close(latest.moving_range, 2.0),
            "{latest:?}"
        );
        assert_eq!(
            (chart.points[12].partition, chart.points[13].partition),
            (0, 1)
        );
        // The jump of 10 would be special cause in one partition; across a rebase it is not.
        assert_eq!(chart.variation, Some(Variation::CommonCause));
        // A rebase written on a ghost takes effect at the next counted point.
        let mut points = inputs(&A);
        points.push(Input {
            value: 0.0,
            rebase: true,
            ghost: true,
        });
        points.extend(inputs(&later));
        let chart = super::chart(&points, Improvement::Up, None, Rules::default());
        assert_eq!(chart.partitions.len(), 2);
        assert_eq!(
            (chart.points[13].partition, chart.points[14].partition),
            (0, 1)
        );
    }

    #[test]
    fn fewer_than_min_points_is_a_run_chart() {
        let chart = chart(
            &inputs(&A[..12]),
            Improvement::Up,
            Some(5.0),
            Rules::default(),
        );
        assert!(chart.run_chart && chart.partitions.is_empty());
        assert_eq!(
            (chart.variation, chart.assurance, chart.latest_limits()),
            (None, None, None)
        );
        assert!(
            chart
                .points
                .iter()
                .all(|p| p.kind == PointType::CommonCause)
        );
        let lower = Rules {
            min_points: 12,
            ..Rules::default()
        };
        assert!(!super::chart(&inputs(&A[..12]), Improvement::Up, None, lower).run_chart);
        assert!(super::chart(&[], Improvement::Up, None, Rules::default()).run_chart);
    }

    /// Property: over many random series, limits are symmetric about the mean and no icon or
    /// point colour contradicts the improvement direction.
    #[test]
    fn limits_are_symmetric_and_icons_follow_the_direction() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let len = 13 + (next() % 30) as usize;
            let points: Vec<Input> = (0..len)
                .map(|_| Input {
                    value: (next() % 1_000) as f64 / 10.0,
                    rebase: next() % 17 == 0,
                    ghost: next() % 23 == 0,
                })
                .collect();
            for improvement in [Improvement::Up, Improvement::Down, Improvement::Neither] {
                let chart = chart(&points, improvement, Some(50.0), Rules::default());
                for l in &chart.partitions {
                    assert!((l.upper - l.mean - (l.mean - l.lower)).abs() < EPS);
                    assert!(
                        (l.upper_two_sigma - l.mean - (l.mean - l.lower_two_sigma)).abs() < EPS
                    );
                    assert!(
                        l.lower <= l.lower_two_sigma
                            && l.lower_two_sigma <= l.mean
                            && l.mean <= l.upper_two_sigma
                            && l.upper_two_sigma <= l.upper
                    );
                }
                let allowed: &[Variation] = match improvement {
                    Improvement::Up => &[
                        Variation::CommonCause,
                        Variation::ImprovementHigh,
                        Variation::ConcernLow,
                    ],
                    Improvement::Down => &[
                        Variation::CommonCause,
                        Variation::ImprovementLow,
                        Variation::ConcernHigh,
                    ],
                    Improvement::Neither => &[
                        Variation::CommonCause,
                        Variation::NeitherHigh,
                        Variation::NeitherLow,
                    ],
                };
                if let Some(variation) = chart.variation {
                    assert!(
                        allowed.contains(&variation),
                        "{improvement:?} gave {variation:?}"
                    );
                }
                for p in &chart.points {
                    let expected = match (p.side, improvement) {
                        (None, _) => PointType::CommonCause,
                        (Some(_), Improvement::Neither) => PointType::Neither,
                        (Some(Side::High), Improvement::Up)
                        | (Some(Side::Low), Improvement::Down) => PointType::Improvement,
                        (Some(_), _) => PointType::Concern,
                    };
                    assert_eq!(p.kind, expected);
                    assert_eq!(p.side.is_some(), p.flags.any());
                }
                assert_eq!(
                    chart.assurance.is_some(),
                    !chart.run_chart && improvement != Improvement::Neither
                );
            }
        }
    }
}
