//! How long each phase of a build took, for `build --timings`.

use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct Timings {
    phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs `work`, adding its time to `phase`.
    pub fn time<T>(&mut self, phase: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        let took = started.elapsed();
        match self.phases.iter_mut().find(|(name, _)| *name == phase) {
            Some((_, total)) => *total += took,
            None => self.phases.push((phase, took)),
        }
        result
    }

    /// One line a phase, then the total: `render      812.4 ms`.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let mut total = Duration::ZERO;
        for (phase, took) in &self.phases {
            out.push_str(&format!("{phase:<11}{:>9.1} ms\n", ms(*took)));
            total += *took;
        }
        out.push_str(&format!("{:<11}{:>9.1} ms\n", "total", ms(total)));
        out
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_add_up_in_order() {
        let mut timings = Timings::default();
        assert_eq!(timings.time("load", || 1), 1);
        timings.time("render", || ());
        timings.time("load", || ());
        let report = timings.report();
        let names: Vec<&str> = report
            .lines()
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(names, ["load", "render", "total"]);
        assert!(report.lines().all(|l| l.ends_with(" ms")));
    }
}
