//! `pages/<slug>.md`: free narrative pages (foreword, methodology, ...).

use super::{Extra, Located, non_empty};
use crate::diagnostic::Diagnostic;
use crate::yaml::Origin;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub title: Located<String>,
    /// Order in navigation: lower first, then by title.
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub extra: Extra,
}

impl Page {
    pub fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        non_empty(&self.title, "title", origin, &mut problems);
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ORIGIN, parse_yaml};
    use super::*;

    #[test]
    fn fields() {
        let p = parse_yaml::<Page>("title: Foreword\nweight: -1\ndraft: true\nconfidential: true\nextra: { author: chair }\n").unwrap();
        assert_eq!((p.weight, p.draft, p.confidential), (Some(-1), true, true));
        assert!(p.check(ORIGIN).is_empty());
        let d = parse_yaml::<Page>("title: Foreword\nweight: first\n").unwrap_err();
        assert_eq!(
            d.message,
            "`weight`: expected a whole number, found `first`"
        );
    }
}
