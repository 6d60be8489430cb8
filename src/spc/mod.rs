//! Making Data Count XmR charts: mean, process limits, special-cause rules and the
//! variation and assurance icons, after NHS England's SPC tool and NHSRplotthedots.
//!
//! Pure: a series of points and the rules in, a chart out. Every comparison of a value with
//! the mean, a limit or a target is exact ([`exact`]). Choices where the method leaves room
//! are written in docs/format-notes.md ("SPC").

pub mod exact;

pub use crate::config::Conflict;
use crate::records::measure::Improvement;
use exact::{Basis, Decimal};
use std::cmp::Ordering;

/// What the calculation needs of a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input {
    pub value: Decimal,
    /// Starts a new partition: mean and limits are recomputed from here.
    pub rebase: bool,
    /// Shown, but left out of every calculation and never flagged.
    pub ghost: bool,
    /// A new target from this point on (a trajectory).
    pub target: Option<Decimal>,
}

#[cfg(test)]
impl Input {
    /// A plain point: counted, no rebase, no new target.
    pub fn of(value: Decimal) -> Input {
        Input {
            value,
            rebase: false,
            ghost: false,
            target: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub shift_points: usize,
    pub trend_points: usize,
    /// Points a partition needs for limits; the latest partition with fewer is a run chart.
    pub min_points: usize,
    pub conflict: Conflict,
    /// Leave moving ranges above 3.267 times their mean out of the limits.
    pub screen_outliers: bool,
    /// Limits of each partition from its first this many points only, then fixed.
    pub baseline: Option<usize>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            shift_points: 6,
            trend_points: 6,
            min_points: 13,
            conflict: Conflict::Improvement,
            screen_outliers: false,
            baseline: None,
        }
    }
}

/// Mean and limits of one partition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub mean: f64,
    /// Mean of the moving ranges between consecutive counted points (those screening kept).
    pub moving_range: f64,
    pub upper: f64,
    pub lower: f64,
    pub upper_two_sigma: f64,
    pub lower_two_sigma: f64,
    pub upper_one_sigma: f64,
    pub lower_one_sigma: f64,
    /// How many points the limits were worked out from (the baseline, or all).
    pub from_points: usize,
    basis: Basis,
}

impl Limits {
    fn of(basis: Basis) -> Limits {
        Limits {
            mean: basis.value(0),
            moving_range: basis.moving_range(),
            upper: basis.value(3),
            lower: basis.value(-3),
            upper_two_sigma: basis.value(2),
            lower_two_sigma: basis.value(-2),
            upper_one_sigma: basis.value(1),
            lower_one_sigma: basis.value(-1),
            from_points: basis.count(),
            basis,
        }
    }

    /// How `value` compares with the line `sigmas` sigmas from the mean, exactly.
    fn compare(&self, value: Decimal, sigmas: i128) -> Ordering {
        self.basis.compare(value, sigmas)
    }
}

/// A run of points between rebases.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Partition {
    /// None when the partition has fewer than `min_points` counted points.
    pub limits: Option<Limits>,
    /// The centre line: the limits' mean, or on a run chart the mean of every counted point.
    pub mean: Option<f64>,
    /// Its points that are not ghosts.
    pub counted: usize,
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

#[cfg(test)]
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
    pub exact: Decimal,
    pub ghost: bool,
    /// Index of the point's partition (0 for the first).
    pub partition: usize,
    pub flags: Flags,
    /// The side of a special cause; None for common cause and ghosts.
    pub side: Option<Side>,
    pub kind: PointType,
    /// The target in force at this point, if any.
    pub target: Option<f64>,
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

    pub fn is_improvement(self) -> bool {
        matches!(self, Variation::ImprovementHigh | Variation::ImprovementLow)
    }

    pub fn is_concern(self) -> bool {
        matches!(self, Variation::ConcernHigh | Variation::ConcernLow)
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
    /// Every partition, in order; a partition with too few points has no limits.
    pub partitions: Vec<Partition>,
    /// True when the latest partition has fewer than `min_points` counted points (or there
    /// is no counted point at all): no limits there, no icons.
    pub run_chart: bool,
    /// Icons for the latest non-ghost point (None on a run chart).
    pub variation: Option<Variation>,
    pub assurance: Option<Assurance>,
    /// The target in force after every point: with no counted point, the measure's own (a
    /// measure whose points all come after the report date still has its target).
    pub last_target: Option<f64>,
}

impl Chart {
    /// The latest point that is not a ghost, with its index.
    pub fn latest(&self) -> Option<(usize, &ChartPoint)> {
        self.points.iter().enumerate().rev().find(|(_, p)| !p.ghost)
    }

    /// The limits of the partition that holds the latest non-ghost point.
    pub fn latest_limits(&self) -> Option<&Limits> {
        let (_, latest) = self.latest()?;
        self.partitions.get(latest.partition)?.limits.as_ref()
    }

    /// The limits of a point's partition, if it has them.
    pub fn limits_of(&self, point: &ChartPoint) -> Option<&Limits> {
        self.partitions.get(point.partition)?.limits.as_ref()
    }

    /// The centre line of the latest point's partition (also on a run chart).
    pub fn latest_mean(&self) -> Option<f64> {
        let (_, latest) = self.latest()?;
        self.partitions.get(latest.partition)?.mean
    }

    /// On a run chart whose latest partition follows a rebase, with limits before it
    /// (which the chart draws): the index of that partition's first point and its counted
    /// points. None for a run chart throughout: no point of it ever had limits.
    pub fn run_since_rebase(&self) -> Option<(usize, usize)> {
        let (_, latest) = self.latest().filter(|_| self.run_chart)?;
        if latest.partition == 0 || !self.earlier_limits() {
            return None;
        }
        let start = self
            .points
            .iter()
            .position(|p| p.partition == latest.partition)?;
        Some((start, self.partitions.get(latest.partition)?.counted))
    }

    /// Whether a partition before the latest one has limits (which the chart draws).
    pub fn earlier_limits(&self) -> bool {
        let latest = self.latest().map_or(0, |(_, p)| p.partition);
        self.partitions[..latest.min(self.partitions.len())]
            .iter()
            .any(|p| p.limits.is_some())
    }

    /// The target in force at the latest counted point; with none, after every point.
    pub fn target(&self) -> Option<f64> {
        match self.latest() {
            Some((_, p)) => p.target,
            None => self.last_target,
        }
    }
}

/// Computes the chart for `points` (in time order). `target` is the measure's target before
/// any point sets one.
pub fn chart(
    points: &[Input],
    improvement: Improvement,
    target: Option<Decimal>,
    rules: Rules,
) -> Chart {
    // Partitions hold the indexes of their counted (non-ghost) points. A rebase written on a
    // ghost takes effect at the next counted point, so no partition is ever empty.
    let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
    let mut pending_rebase = false;
    let mut in_force = target;
    let mut targets: Vec<Option<Decimal>> = Vec::with_capacity(points.len());
    let mut assigned: Vec<ChartPoint> = Vec::with_capacity(points.len());
    for (index, point) in points.iter().enumerate() {
        pending_rebase |= point.rebase;
        in_force = point.target.or(in_force);
        targets.push(in_force);
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
            value: point.value.to_f64(),
            exact: point.value,
            ghost: point.ghost,
            partition: groups.len() - 1,
            flags: Flags::default(),
            side: None,
            kind: PointType::CommonCause,
            target: in_force.map(Decimal::to_f64),
        });
    }

    let mut partitions = Vec::with_capacity(groups.len());
    for members in &groups {
        let values: Vec<Decimal> = members.iter().map(|&i| points[i].value).collect();
        let limits = (values.len() >= rules.min_points.max(1))
            .then(|| {
                let baseline = rules
                    .baseline
                    .map_or(values.len(), |b| b.clamp(1, values.len()));
                Basis::of(&values[..baseline], rules.screen_outliers)
            })
            .flatten()
            .map(Limits::of);
        if let Some(limits) = &limits {
            let marks = apply_rules(&values, limits, rules);
            for (mark, &i) in marks.into_iter().zip(members) {
                let point = &mut assigned[i];
                point.flags = mark.flags;
                point.side = mark.side(improvement, rules.conflict);
                point.kind = classify(point.side, improvement);
            }
        }
        let mean = match &limits {
            Some(limits) => Some(limits.mean),
            None => Basis::of(&values, false).map(|b| b.value(0)),
        };
        partitions.push(Partition {
            limits,
            mean,
            counted: values.len(),
        });
    }

    let latest = assigned.iter().enumerate().rev().find(|(_, p)| !p.ghost);
    let latest_limits = latest.and_then(|(_, p)| partitions[p.partition].limits.as_ref());
    let run_chart = latest_limits.is_none();
    let (variation, assurance) = match (latest, latest_limits) {
        (Some((index, point)), Some(limits)) => (
            Some(variation_of(point.side, improvement)),
            targets[index].and_then(|t| assurance_of(limits, t, improvement)),
        ),
        _ => (None, None),
    };
    Chart {
        points: assigned,
        partitions,
        run_chart,
        variation,
        assurance,
        last_target: in_force.map(Decimal::to_f64),
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Mark {
    flags: Flags,
    high: bool,
    low: bool,
}

impl Mark {
    fn flag(&mut self, side: Side) {
        match side {
            Side::High => self.high = true,
            Side::Low => self.low = true,
        }
    }

    /// The side the point takes: the one its rules point to, or, flagged both ways, the
    /// one the conflict rule gives. With no direction of improvement there is no conflict
    /// to settle, and the point is high, as Making Data Count's SQL tool checks high first.
    fn side(&self, improvement: Improvement, conflict: Conflict) -> Option<Side> {
        match (self.high, self.low) {
            (false, false) => None,
            (true, false) => Some(Side::High),
            (false, true) => Some(Side::Low),
            (true, true) => Some(match (improvement, conflict) {
                (Improvement::Down, Conflict::Improvement)
                | (Improvement::Up, Conflict::Concern) => Side::Low,
                _ => Side::High,
            }),
        }
    }
}

/// The side of the mean a value is on; None exactly on it.
fn side_of(value: Decimal, limits: &Limits) -> Option<Side> {
    match limits.compare(value, 0) {
        Ordering::Greater => Some(Side::High),
        Ordering::Less => Some(Side::Low),
        Ordering::Equal => None,
    }
}

/// Whether `value` is beyond the line `sigmas` sigmas from the mean on `side` (strictly: a
/// value on the line is not beyond it).
fn beyond(value: Decimal, limits: &Limits, side: Side, sigmas: i128) -> bool {
    match side {
        Side::High => limits.compare(value, sigmas) == Ordering::Greater,
        Side::Low => limits.compare(value, -sigmas) == Ordering::Less,
    }
}

/// Marks each point of one partition with the rules it takes part in and their side.
fn apply_rules(values: &[Decimal], limits: &Limits, rules: Rules) -> Vec<Mark> {
    let n = values.len();
    let mut marks = vec![Mark::default(); n];
    for (mark, &value) in marks.iter_mut().zip(values) {
        for side in [Side::High, Side::Low] {
            if beyond(value, limits, side, 3) {
                mark.flags.beyond_limit = true;
                mark.flag(side);
            }
        }
    }
    // Shift: a run of points on one side of the mean; a point on the mean breaks it.
    let sides: Vec<Option<Side>> = values.iter().map(|&v| side_of(v, limits)).collect();
    let mut start = 0;
    for i in 1..=n {
        if i < n && sides[i] == sides[start] {
            continue;
        }
        if let Some(side) = sides[start]
            && i - start >= rules.shift_points
        {
            for mark in &mut marks[start..i] {
                mark.flags.shift = true;
                mark.flag(side);
            }
        }
        start = i;
    }
    // Trend: points strictly rising (or falling), both ends counted: 6 points are 5 steps.
    for (side, rising) in [(Side::High, Ordering::Greater), (Side::Low, Ordering::Less)] {
        let mut start = 0;
        for i in 1..=n {
            if i < n && values[i].cmp(&values[i - 1]) == rising {
                continue;
            }
            if i - start >= rules.trend_points {
                for mark in &mut marks[start..i] {
                    mark.flags.trend = true;
                    mark.flag(side);
                }
            }
            start = i;
        }
    }
    // Two of three consecutive points beyond two sigma, all three on the same side of the mean.
    for first in 0..n.saturating_sub(2) {
        let window = first..first + 3;
        for side in [Side::High, Side::Low] {
            let outside = |i: &usize| beyond(values[*i], limits, side, 2);
            let same_side = window.clone().all(|i| sides[i] == Some(side));
            if same_side && window.clone().filter(outside).count() >= 2 {
                for i in window.clone().filter(outside) {
                    marks[i].flags.two_of_three = true;
                    marks[i].flag(side);
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
/// it (pass), on the wrong side (fail), or straddling it (hit or miss). A target equal to a
/// limit counts as that limit's side: equal to the lower limit with improvement up, every
/// value the process gives meets it (pass); equal to the upper one, none exceeds it (fail).
/// No direction, no "right side": assurance needs `up` or `down`.
fn assurance_of(limits: &Limits, target: Decimal, improvement: Improvement) -> Option<Assurance> {
    // How the target compares with the lower and the upper process limit.
    let lower = limits.compare(target, -3);
    let upper = limits.compare(target, 3);
    let (pass, fail) = match improvement {
        Improvement::Up => (lower != Ordering::Greater, upper != Ordering::Less),
        Improvement::Down => (upper != Ordering::Less, lower != Ordering::Greater),
        Improvement::Neither => return None,
    };
    Some(if pass {
        Assurance::Pass
    } else if fail {
        Assurance::Fail
    } else {
        Assurance::HitOrMiss
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    fn d(value: f64) -> Decimal {
        Decimal::from_f64(value).unwrap()
    }

    fn inputs(values: &[f64]) -> Vec<Input> {
        values.iter().map(|&v| Input::of(d(v))).collect()
    }

    /// Mean 0 and sigma 1: limits ±3, two sigma ±2.
    fn unit_limits() -> Limits {
        Limits::of(Basis::unit())
    }

    fn marks(values: &[f64], rules: Rules) -> Vec<(Flags, bool, bool)> {
        let values: Vec<Decimal> = values.iter().map(|&v| d(v)).collect();
        apply_rules(&values, &unit_limits(), rules)
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

    fn plain(values: &[f64], improvement: Improvement, rules: Rules) -> Chart {
        chart(&inputs(values), improvement, None, rules)
    }

    fn rules(min_points: usize) -> Rules {
        Rules {
            min_points,
            ..Rules::default()
        }
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
        // Points beyond the process limits count too.
        assert_eq!(
            flagged(&[3.5, 1.0, 2.5], |f| f.two_of_three),
            [true, false, true]
        );
    }

    // Series A: 10, 12, 11, 13 three times, then 10. By hand: sum 148, mean 148/13 =
    // 11.384615; moving ranges 2,1,2,3 x3 = 24 over 12, mean 2.0; limits 11.384615 ± 5.32.
    const A: [f64; 13] = [
        10.0, 12.0, 11.0, 13.0, 10.0, 12.0, 11.0, 13.0, 10.0, 12.0, 11.0, 13.0, 10.0,
    ];

    /// The variation icon of a plain series under each direction.
    fn variation_for(values: &[f64], improvement: Improvement) -> Option<Variation> {
        plain(values, improvement, Rules::default()).variation
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn limits_by_hand() {
        let chart = plain(&A, Improvement::Up, Rules::default());
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
        assert_eq!(l.from_points, 13);
        assert!(
            chart
                .points
                .iter()
                .all(|p| p.kind == PointType::CommonCause)
        );
        assert_eq!(chart.variation, Some(Variation::CommonCause));
    }

    /// Issue 14: fifteen points of 88.2 had a floating-point mean of 88.20000000000002,
    /// every point below it and beyond a limit, and a `concern-low` icon.
    #[test]
    fn a_constant_series_has_no_special_cause() {
        let chart = plain(&[88.2; 15], Improvement::Up, Rules::default());
        let l = chart.latest_limits().unwrap();
        assert_eq!((l.mean, l.upper, l.lower), (88.2, 88.2, 88.2));
        assert!(
            chart
                .points
                .iter()
                .all(|p| !p.flags.any() && p.side.is_none())
        );
        assert_eq!(chart.variation, Some(Variation::CommonCause));
        // A target equal to the value: the process meets it every time.
        let on_target = chart_with_target(&[88.2; 15], Improvement::Up, 88.2);
        assert_eq!(on_target.assurance, Some(Assurance::Pass));
        let on_target = chart_with_target(&[88.2; 15], Improvement::Down, 88.2);
        assert_eq!(on_target.assurance, Some(Assurance::Pass));
    }

    /// Issue 14: the exact mean of this series is 1.0, its floating-point mean
    /// 0.9999999999999999, which put the seven points of 1.0 above it: a false shift.
    #[test]
    fn values_on_the_mean_are_on_neither_side() {
        let values = [
            0.9, 1.0, 1.0, 1.4, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.0,
        ];
        let float_mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!(float_mean < 1.0, "the series still shows the problem");
        let chart = plain(&values, Improvement::Up, Rules::default());
        assert_eq!(chart.latest_limits().unwrap().mean, 1.0);
        assert!(chart.points.iter().all(|p| !p.flags.shift));
        assert_eq!(chart.variation, Some(Variation::CommonCause));
    }

    /// With no counted point, the target in force is the measure's, or the last a point set.
    #[test]
    fn a_chart_with_no_counted_point_keeps_its_target() {
        let target = Decimal::from_f64(50.0);
        let empty = chart(&[], Improvement::Up, target, Rules::default());
        assert_eq!(empty.target(), Some(50.0));
        let mut ghost = Input::of(Decimal::from_f64(4.0).unwrap());
        ghost.ghost = true;
        ghost.target = Decimal::from_f64(60.0);
        let ghosts = chart(&[ghost], Improvement::Up, target, Rules::default());
        assert_eq!(ghosts.target(), Some(60.0));
        assert!(ghosts.run_chart && ghosts.assurance.is_none());
    }

    fn chart_with_target(values: &[f64], improvement: Improvement, target: f64) -> Chart {
        chart(
            &inputs(values),
            improvement,
            Some(d(target)),
            rules(values.len().min(13)),
        )
    }

    /// 9, 11, 9, 11: mean 10, moving range 2, limits 10 ± 5.32 = 4.68 and 15.32.
    const B: [f64; 4] = [9.0, 11.0, 9.0, 11.0];

    #[test]
    fn a_value_on_a_limit_is_not_beyond_it() {
        let fixed = Rules {
            min_points: 4,
            baseline: Some(4),
            ..Rules::default()
        };
        let mut values = B.to_vec();
        values.extend([15.32, 15.33, 4.68, 4.67]);
        let chart = plain(&values, Improvement::Up, fixed);
        let l = chart.latest_limits().unwrap();
        assert_eq!((l.mean, l.upper, l.lower), (10.0, 15.32, 4.68));
        let beyond: Vec<bool> = chart.points.iter().map(|p| p.flags.beyond_limit).collect();
        assert_eq!(
            beyond,
            [false, false, false, false, false, true, false, true]
        );
    }

    #[test]
    fn a_target_on_a_limit_takes_that_limit_side() {
        let assurance = |improvement, target| chart_with_target(&B, improvement, target).assurance;
        // Improvement up: on the lower limit every value meets it; on the upper, none beats it.
        assert_eq!(assurance(Improvement::Up, 4.68), Some(Assurance::Pass));
        assert_eq!(assurance(Improvement::Up, 4.69), Some(Assurance::HitOrMiss));
        assert_eq!(assurance(Improvement::Up, 15.32), Some(Assurance::Fail));
        assert_eq!(
            assurance(Improvement::Up, 15.31),
            Some(Assurance::HitOrMiss)
        );
        assert_eq!(assurance(Improvement::Down, 15.32), Some(Assurance::Pass));
        assert_eq!(assurance(Improvement::Down, 4.68), Some(Assurance::Fail));
        assert_eq!(assurance(Improvement::Neither, 10.0), None);
    }

    #[test]
    fn baseline_fixes_the_limits_from_the_first_points() {
        // Baseline 4 of B: limits 4.68 to 15.32, kept for the rest; 20 is beyond them.
        let mut values = B.to_vec();
        values.extend([20.0, 10.0, 20.0]);
        let fixed = Rules {
            min_points: 4,
            baseline: Some(4),
            ..Rules::default()
        };
        let chart = plain(&values, Improvement::Up, fixed);
        let l = chart.latest_limits().unwrap();
        assert_eq!((l.mean, l.upper, l.from_points), (10.0, 15.32, 4));
        assert_eq!(chart.variation, Some(Variation::ImprovementHigh));
        assert!(chart.points[4].flags.beyond_limit && chart.points[6].flags.beyond_limit);
        // From all seven points: sum 90, mean 90/7 = 12.857143; ranges 2,2,2,9,10,10 = 35/6;
        // upper 12.857143 + 2.66 × 35/6 = 28.374; 20 is inside.
        let all = plain(&values, Improvement::Up, rules(4));
        let l = all.latest_limits().unwrap();
        assert!(close(l.mean, 90.0 / 7.0) && close(l.upper, 90.0 / 7.0 + 2.66 * 35.0 / 6.0));
        assert_eq!(all.variation, Some(Variation::CommonCause));
        // A baseline longer than the partition takes all its points.
        let long = Rules {
            min_points: 4,
            baseline: Some(40),
            ..Rules::default()
        };
        assert_eq!(
            plain(&values, Improvement::Up, long).latest_limits(),
            Some(l)
        );
    }

    #[test]
    fn baseline_applies_in_each_partition() {
        let mut points = inputs(&[9.0, 11.0, 9.0, 11.0, 30.0]);
        let mut second = inputs(&[19.0, 21.0, 19.0, 21.0, 30.0]);
        second[0].rebase = true;
        points.extend(second);
        let fixed = Rules {
            min_points: 4,
            baseline: Some(4),
            ..Rules::default()
        };
        let chart = chart(&points, Improvement::Up, None, fixed);
        let means: Vec<f64> = chart
            .partitions
            .iter()
            .map(|p| p.limits.unwrap().mean)
            .collect();
        assert_eq!(means, [10.0, 20.0]);
        // 30 is beyond 15.32 in the first and beyond 25.32 in the second.
        assert!(chart.points[4].flags.beyond_limit && chart.points[9].flags.beyond_limit);
    }

    #[test]
    fn screening_outliers_narrows_the_limits() {
        // 10, 11 six times, then 30: mean 156/13 = 12. Moving ranges: eleven of 1 and one
        // of 19, mean 30/12 = 2.5; 3.267 × 2.5 = 8.17, so screening leaves the 19 out and
        // the mean range is 1. Two sigma below the mean: 12 - 2 × 2.66/3 × 2.5 = 7.567
        // unscreened, 12 - 2 × 2.66/3 = 10.227 screened: the 10s are beyond it only then.
        let mut values = [10.0, 11.0].repeat(6);
        values.push(30.0);
        let unscreened = plain(&values, Improvement::Up, Rules::default());
        let l = unscreened.latest_limits().unwrap();
        assert!(close(l.moving_range, 2.5) && close(l.upper, 18.65), "{l:?}");
        assert!(!unscreened.points[0].flags.two_of_three);
        let screened = Rules {
            screen_outliers: true,
            ..Rules::default()
        };
        let screened = plain(&values, Improvement::Up, screened);
        let l = screened.latest_limits().unwrap();
        assert_eq!((l.mean, l.moving_range), (12.0, 1.0));
        assert!(close(l.upper, 14.66) && close(l.lower, 9.34), "{l:?}");
        assert!(screened.points[0].flags.two_of_three);
        assert!(screened.points[12].flags.beyond_limit);
    }

    #[test]
    fn the_conflict_rule_picks_the_side_of_a_point_flagged_both_ways() {
        // Six points rising (a trend up) all below the mean (a shift down).
        let values = [-0.6, -0.5, -0.4, -0.3, -0.2, -0.1];
        let limits = unit_limits();
        let exact: Vec<Decimal> = values.iter().map(|&v| d(v)).collect();
        let marks = apply_rules(&exact, &limits, Rules::default());
        assert!(marks.iter().all(|m| m.high && m.low));
        let side = |improvement, conflict| marks[5].side(improvement, conflict);
        assert_eq!(
            side(Improvement::Up, Conflict::Improvement),
            Some(Side::High)
        );
        assert_eq!(side(Improvement::Up, Conflict::Concern), Some(Side::Low));
        assert_eq!(
            side(Improvement::Down, Conflict::Improvement),
            Some(Side::Low)
        );
        assert_eq!(side(Improvement::Down, Conflict::Concern), Some(Side::High));
        // No direction: high, whatever the rule.
        assert_eq!(
            side(Improvement::Neither, Conflict::Improvement),
            Some(Side::High)
        );
        assert_eq!(
            side(Improvement::Neither, Conflict::Concern),
            Some(Side::High)
        );
    }

    #[test]
    fn a_trajectory_sets_the_target_from_its_point_on() {
        // B's limits are 4.68 to 15.32. Target 20 (improvement up) fails; a trajectory
        // bringing it down to 4 at the third point passes, from then on.
        let mut points = inputs(&B);
        points[2].target = Some(d(4.0));
        let chart = chart(&points, Improvement::Up, Some(d(20.0)), rules(4));
        let targets: Vec<Option<f64>> = chart.points.iter().map(|p| p.target).collect();
        assert_eq!(targets, [Some(20.0), Some(20.0), Some(4.0), Some(4.0)]);
        assert_eq!(chart.target(), Some(4.0));
        assert_eq!(chart.assurance, Some(Assurance::Pass));
        // Set only at the latest point, it is the one in force there.
        let mut points = inputs(&B);
        points[3].target = Some(d(12.0));
        let chart = super::chart(&points, Improvement::Up, Some(d(4.0)), rules(4));
        assert_eq!(chart.assurance, Some(Assurance::HitOrMiss));
        // A trajectory without a measure target: none before it.
        let mut points = inputs(&B);
        points[1].target = Some(d(20.0));
        let chart = super::chart(&points, Improvement::Up, None, rules(4));
        assert_eq!(chart.points[0].target, None);
        assert_eq!(chart.assurance, Some(Assurance::Fail));
    }

    #[test]
    fn min_points_counts_each_partition() {
        // Thirteen points, a rebase, then five: the latest partition is a run chart, the
        // first keeps its limits.
        let mut points = inputs(&A);
        let mut second = inputs(&[20.0, 21.0, 22.0, 23.0, 24.0]);
        second[0].rebase = true;
        points.extend(second);
        let chart = chart(&points, Improvement::Up, Some(d(5.0)), Rules::default());
        assert!(chart.run_chart);
        assert!(chart.partitions[0].limits.is_some() && chart.partitions[1].limits.is_none());
        assert_eq!(
            (chart.partitions[0].counted, chart.partitions[1].counted),
            (13, 5)
        );
        assert_eq!((chart.variation, chart.assurance), (None, None));
        assert!(chart.points[13..].iter().all(|p| !p.flags.any()));
        // Pages say the run chart is the five since the rebase, not the whole series.
        assert_eq!(chart.run_since_rebase(), Some((13, 5)));
        assert!(chart.earlier_limits());
        // A ghost at the end is not the latest point; its partition's count leaves it out.
        let mut ghosted = points.clone();
        let mut ghost = inputs(&[99.0]);
        ghost[0].ghost = true;
        ghosted.extend(ghost);
        let chart = super::chart(&ghosted, Improvement::Up, None, Rules::default());
        assert_eq!(chart.run_since_rebase(), Some((13, 5)));
        // Five, a rebase, then thirteen: limits and icons from the second.
        let mut points = inputs(&[20.0, 21.0, 22.0, 23.0, 24.0]);
        let mut second = inputs(&A);
        second[0].rebase = true;
        points.extend(second);
        let chart = super::chart(&points, Improvement::Up, None, Rules::default());
        assert!(!chart.run_chart);
        assert!(chart.partitions[0].limits.is_none());
        assert!(close(chart.latest_limits().unwrap().mean, 11.384615));
        assert_eq!(chart.variation, Some(Variation::CommonCause));
        assert_eq!(chart.run_since_rebase(), None);
        // Five, a rebase, then five: a run chart throughout, with no limits before.
        let mut points = inputs(&[20.0, 21.0, 22.0, 23.0, 24.0]);
        let mut second = inputs(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        second[0].rebase = true;
        points.extend(second);
        let chart = super::chart(&points, Improvement::Up, None, Rules::default());
        assert!(!chart.earlier_limits());
        assert_eq!(chart.run_since_rebase(), None);
        // No rebase: a run chart of the whole series.
        let chart = plain(&[1.0, 2.0], Improvement::Up, Rules::default());
        assert!(chart.run_chart && chart.run_since_rebase().is_none());
    }

    #[test]
    fn latest_point_beyond_the_limit_sets_the_icon_by_direction() {
        // Last point 30: sum 168, mean 12.923077; moving ranges 21 + 17 = 38 / 12 = 3.166667;
        // upper limit 12.923077 + 8.423333 = 21.346410, and 30 is above it.
        let mut values = A;
        values[12] = 30.0;
        let up = plain(&values, Improvement::Up, Rules::default());
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
        let just_inside = plain(&values, Improvement::Up, Rules::default());
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
        let assurance = |improvement, target| chart_with_target(&A, improvement, target).assurance;
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
        assert_eq!(plain(&A, Improvement::Up, Rules::default()).assurance, None);
    }

    #[test]
    fn ghosts_are_shown_but_not_counted() {
        let mut points = inputs(&A);
        let ghost = |value| Input {
            ghost: true,
            ..Input::of(d(value))
        };
        points.insert(6, ghost(100.0));
        points.push(ghost(-50.0));
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
        short.push(ghost(11.0));
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
        assert!(close(chart.partitions[0].limits.unwrap().mean, 11.384615));
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
            rebase: true,
            ghost: true,
            ..Input::of(d(0.0))
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
            Some(d(5.0)),
            Rules::default(),
        );
        assert!(chart.run_chart && chart.partitions[0].limits.is_none());
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
        assert!(!plain(&A[..12], Improvement::Up, rules(12)).run_chart);
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
                    value: d((next() % 1_000) as f64 / 10.0),
                    rebase: next() % 17 == 0,
                    ghost: next() % 23 == 0,
                    target: (next() % 19 == 0).then(|| d((next() % 1_000) as f64 / 10.0)),
                })
                .collect();
            let rules = Rules {
                screen_outliers: next() % 2 == 0,
                baseline: (next() % 3 == 0).then(|| 2 + (next() % 20) as usize),
                conflict: if next() % 2 == 0 {
                    Conflict::Improvement
                } else {
                    Conflict::Concern
                },
                min_points: 2 + (next() % 14) as usize,
                ..Rules::default()
            };
            for improvement in [Improvement::Up, Improvement::Down, Improvement::Neither] {
                let chart = chart(&points, improvement, Some(d(50.0)), rules);
                for l in chart.partitions.iter().filter_map(|p| p.limits.as_ref()) {
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
                    if chart.limits_of(p).is_none() {
                        assert!(!p.flags.any());
                    }
                }
                assert_eq!(
                    chart.assurance.is_some(),
                    !chart.run_chart && improvement != Improvement::Neither
                );
                assert_eq!(chart.variation.is_some(), !chart.run_chart);
            }
        }
    }
}
