//! `surveys/<id>.yaml`: clinician-manager relationship surveys (the IHM survey's answers).

use super::{Extra, Located, non_empty};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::yaml::Origin;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    pub title: Located<String>,
    pub date: Located<Date>,
    pub respondents: Located<u32>,
    pub relationship: Located<Relationship>,
    pub outlook: Option<Located<Outlook>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub extra: Extra,
}

/// Counts for the four answers; every one is required so a missing answer is not a silent 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Relationship {
    pub partnership: u32,
    pub partnership_with_tensions: u32,
    pub tolerance_with_frequent_tensions: u32,
    pub persistent_unresolved_tensions: u32,
}

impl Relationship {
    pub fn total(&self) -> u64 {
        [
            self.partnership,
            self.partnership_with_tensions,
            self.tolerance_with_frequent_tensions,
            self.persistent_unresolved_tensions,
        ]
        .iter()
        .map(|&n| u64::from(n))
        .sum()
    }
}

/// Expectations for the relationship over the next five years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outlook {
    pub better: u32,
    pub same: u32,
    pub worse: u32,
}

impl Outlook {
    pub fn total(&self) -> u64 {
        u64::from(self.better) + u64::from(self.same) + u64::from(self.worse)
    }
}

impl Survey {
    pub fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        non_empty(&self.title, "title", origin, &mut problems);
        let counted = self.relationship.value.total();
        let respondents = self.respondents.value;
        if counted != u64::from(respondents) {
            problems.push(
                origin
                    .error_at(
                        &self.respondents.location,
                        format!("`respondents` is {respondents} but the `relationship` answers add up to {counted}"),
                    )
                    .with_help("`respondents` must equal partnership + partnership-with-tensions + tolerance-with-frequent-tensions + persistent-unresolved-tensions"),
            );
        }
        // A respondent gives one answer on the outlook or none: more answers than
        // respondents is a typing mistake, and the shares would be of the wrong whole.
        if let Some(outlook) = &self.outlook
            && outlook.value.total() > u64::from(respondents)
        {
            problems.push(
                origin
                    .error_at(
                        &outlook.location,
                        format!(
                            "the `outlook` answers add up to {}, more than the {respondents} respondents",
                            crate::words::grouped_whole(outlook.value.total().into()),
                        ),
                    )
                    .with_help("better + same + worse is at most `respondents` (those who did not answer are left out)"),
            );
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ORIGIN, messages, parse_yaml};
    use super::*;

    const REL: &str = "relationship:\n  partnership: 20\n  partnership-with-tensions: 60\n  tolerance-with-frequent-tensions: 45\n  persistent-unresolved-tensions: 18\n";

    #[test]
    fn all_fields() {
        let s = parse_yaml::<Survey>(&format!(
            "title: S\ndate: 2026-06-30\nrespondents: 143\n{REL}outlook: {{ better: 30, same: 70, worse: 43 }}\n"
        ))
        .unwrap();
        assert!(s.check(ORIGIN).is_empty());
        assert_eq!(s.relationship.value.total(), 143);
        assert_eq!(s.outlook.unwrap().value.worse, 43);
    }

    #[test]
    fn counts_must_add_up() {
        let s = parse_yaml::<Survey>(&format!(
            "title: S\ndate: 2026-06-30\nrespondents: 150\n{REL}"
        ))
        .unwrap();
        assert_eq!(
            messages(&s.check(ORIGIN)),
            ["3:14: `respondents` is 150 but the `relationship` answers add up to 143"]
        );
    }

    #[test]
    fn the_outlook_answers_are_at_most_the_respondents() {
        let survey = |outlook: &str| {
            parse_yaml::<Survey>(&format!(
                "title: S\ndate: 2026-06-30\nrespondents: 143\n{REL}outlook: {outlook}\n"
            ))
            .unwrap()
        };
        // Fewer, as when some did not answer, or as many.
        for fine in [
            "{ better: 30, same: 70, worse: 43 }",
            "{ better: 1, same: 0, worse: 0 }",
        ] {
            assert!(survey(fine).check(ORIGIN).is_empty(), "{fine}");
        }
        let line = 4 + REL.lines().count();
        assert_eq!(
            messages(&survey("{ better: 4294967295, same: 4294967295, worse: 1 }").check(ORIGIN)),
            [format!(
                "{line}:10: the `outlook` answers add up to 8,589,934,591, more than the 143 respondents"
            )]
        );
    }

    #[test]
    fn answers_are_all_required_and_whole() {
        let d = parse_yaml::<Survey>(
            "title: S\ndate: 2026-06-30\nrespondents: 1\nrelationship: { partnership: 1 }\n",
        )
        .unwrap_err();
        assert_eq!(
            d.message,
            "missing required field `partnership-with-tensions` in `relationship`"
        );
        let d = parse_yaml::<Survey>(&format!(
            "title: S\ndate: 2026-06-30\nrespondents: 143\n{REL}outlook: {{ better: 1, same: 2 }}\n"
        ))
        .unwrap_err();
        assert_eq!(d.message, "missing required field `worse` in `outlook`");
        let d = parse_yaml::<Survey>("title: S\ndate: 2026-06-30\nrespondents: 4294967296\n")
            .unwrap_err();
        assert_eq!(
            messages(&[d]),
            [
                "3:14: `respondents`: expected a whole number from 0 to 4,294,967,295, found `4294967296`"
            ]
        );
        let d = parse_yaml::<Survey>(&format!(
            "title: S\ndate: 2026-06-30\nrespondents: 1{}\n",
            "0".repeat(40)
        ))
        .unwrap_err();
        assert!(
            d.message.contains("from 0 to 4,294,967,295"),
            "{}",
            d.message
        );
        let d = parse_yaml::<Survey>("title: S\ndate: 2026-06-30\nrespondents: -3\n").unwrap_err();
        assert_eq!(
            messages(&[d]),
            ["3:14: `respondents`: expected a whole number, 0 or more, found `-3`"]
        );
        let d = parse_yaml::<Survey>(&format!(
            "title: S\ndate: 2026-06-30\nrespondents: 143\n{REL}  partnership_with_tension: 1\n"
        ))
        .unwrap_err();
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `partnership-with-tensions`?")
        );
    }
}
