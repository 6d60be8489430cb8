//! Each measure's Making Data Count chart under the project's rules.

use crate::config;
use crate::records::Measure;
use crate::spc::exact::Decimal;
use crate::spc::{self, Chart};

pub fn spc_rules(rules: &config::Rules) -> spc::Rules {
    // Validated: 2 or more. Beyond what a machine can count means "never reached".
    let size = |n: i64| usize::try_from(n.max(0)).unwrap_or(usize::MAX);
    let spc = &rules.spc;
    spc::Rules {
        shift_points: size(spc.shift_points.value),
        trend_points: size(spc.trend_points.value),
        min_points: size(spc.min_points.value),
        conflict: spc.conflict,
        screen_outliers: spc.screen_outliers,
        baseline: None,
    }
}

/// A value of a measure as the SPC calculation takes it. The record's checks refuse values
/// that are not finite or beyond ±1e12, so every value of a valid measure converts.
fn exact(value: f64) -> Decimal {
    Decimal::from_f64(value).unwrap_or(Decimal::ZERO)
}

/// The XmR chart of one measure under the project's rules.
pub fn chart_of(measure: &Measure, rules: &config::Rules) -> Chart {
    let inputs: Vec<spc::Input> = measure
        .points
        .value
        .iter()
        .map(|p| spc::Input {
            value: exact(p.value.value),
            rebase: p.rebase,
            ghost: p.ghost,
            target: p.target.as_ref().map(|t| exact(t.value)),
        })
        .collect();
    let target = measure.target.as_ref().map(|t| exact(t.value));
    let rules = spc::Rules {
        baseline: measure
            .baseline
            .as_ref()
            .map(|b| usize::try_from(b.value.max(0)).unwrap_or(usize::MAX)),
        ..spc_rules(rules)
    };
    spc::chart(&inputs, measure.improvement, target, rules)
}
