//! `people/<id>.yaml|md`: board members, clinical leaders and initiative leads.

use super::Meeting;
use super::{Extra, Located, check_id_list, check_repeats, non_empty};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::yaml::Origin;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: Located<String>,
    pub job_title: Option<String>,
    pub profession: Profession,
    pub board: Option<BoardSeat>,
    pub job_plan: Option<JobPlan>,
    pub fit_and_proper: Option<Located<Date>>,
    #[serde(default)]
    pub interests: Vec<Located<Interest>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Profession {
    Doctor,
    Nurse,
    Midwife,
    Ahp,
    Pharmacist,
    Dentist,
    HealthcareScientist,
    Psychologist,
    Manager,
    Finance,
    Lay,
    Other,
}

impl Profession {
    /// The clinical professions of FORMAT.md.
    pub fn is_clinical(self) -> bool {
        use Profession::*;
        matches!(
            self,
            Doctor
                | Nurse
                | Midwife
                | Ahp
                | Pharmacist
                | Dentist
                | HealthcareScientist
                | Psychologist
        )
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum BoardRole {
    Chair,
    ChiefExecutive,
    MedicalDirector,
    NursingDirector,
    FinanceDirector,
    ExecutiveDirector,
    NonExecutiveDirector,
    AssociateNonExecutiveDirector,
}

impl BoardRole {
    /// The chair and non-executive roles, for whom independence and tenure limits apply.
    pub fn is_non_executive(self) -> bool {
        matches!(
            self,
            BoardRole::Chair
                | BoardRole::NonExecutiveDirector
                | BoardRole::AssociateNonExecutiveDirector
        )
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BoardSeat {
    pub role: Located<BoardRole>,
    pub voting: Option<bool>,
    pub independent: Option<Located<bool>>,
    pub first_appointed: Located<Date>,
    pub term_ends: Option<Located<Date>>,
    pub left: Option<Located<Date>>,
    #[serde(default)]
    pub committees: Vec<Located<String>>,
}

impl BoardSeat {
    /// Voting defaults to true, except for associate non-executive directors.
    pub fn voting(&self) -> bool {
        self.voting
            .unwrap_or(self.role.value != BoardRole::AssociateNonExecutiveDirector)
    }

    /// Independence is meaningful for the chair and non-executives (default true there);
    /// executives are never independent.
    pub fn independent(&self) -> bool {
        self.role.value.is_non_executive() && self.independent.as_ref().is_none_or(|i| i.value)
    }

    /// In post on `date`: appointed on or before it and not yet left (leaving day excluded).
    pub fn in_post_on(&self, date: Date) -> bool {
        self.first_appointed.value <= date
            && self.left.as_ref().is_none_or(|left| left.value > date)
    }

    /// In post on `date` with no `left`, though their term ended before it: reappointed
    /// without the new term written, or gone without `left`.
    pub fn term_run_out(&self, date: Date) -> bool {
        self.left.is_none()
            && self.in_post_on(date)
            && self
                .term_ends
                .as_ref()
                .is_some_and(|term| term.value < date)
    }

    pub fn sits_on(&self, committee: &str) -> bool {
        self.committees.iter().any(|c| c.value == committee)
    }
}

impl Person {
    /// An eligible member of `meeting` (FORMAT.md): a board member in post on its date and,
    /// for a committee, one whose `committees` list that body.
    pub fn is_member_of(&self, meeting: &Meeting) -> bool {
        self.board.as_ref().is_some_and(|seat| {
            seat.in_post_on(meeting.date.value)
                && (meeting.is_board() || seat.sits_on(&meeting.body.value))
        })
    }
}

/// Programmed activities (PAs) per week.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JobPlan {
    pub clinical: Located<f64>,
    #[serde(default)]
    pub supporting: Located<f64>,
    pub management: Located<f64>,
    pub management_actual: Option<Located<f64>>,
}

/// A declared interest, or (v2) a nil return: a declaration that there is nothing to declare.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interest {
    /// Required unless `nil`.
    pub description: Option<Located<String>>,
    /// Required by FORMAT.md; v1 records may leave it out, and then count as undeclared.
    pub declared: Option<Located<Date>>,
    /// (v2) A nil return.
    #[serde(default)]
    pub nil: Located<bool>,
    /// (v2)
    #[serde(rename = "type", default)]
    pub kind: InterestType,
    /// (v2) When it began.
    pub from: Option<Located<Date>>,
    /// (v2) When it ended; absent, still held.
    pub to: Option<Located<Date>>,
    /// (v2) How it is managed.
    pub action: Option<String>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum InterestType {
    #[default]
    Financial,
    NonFinancialProfessional,
    NonFinancialPersonal,
    Indirect,
}

impl InterestType {
    pub fn words(self) -> &'static str {
        match self {
            InterestType::Financial => "Financial",
            InterestType::NonFinancialProfessional => "Non-financial professional",
            InterestType::NonFinancialPersonal => "Non-financial personal",
            InterestType::Indirect => "Indirect",
        }
    }
}

impl Interest {
    /// Whether the interest was held on `date`: begun by then (or no start given) and not
    /// ended before it. One ending on `date` was still held that day.
    pub fn held_on(&self, date: Date) -> bool {
        !self.nil.value
            && self.from.as_ref().is_none_or(|f| f.value <= date)
            && self.to.as_ref().is_none_or(|t| t.value >= date)
    }
}

/// A nil return says nothing else; an interest says what it is; it ends after it began.
fn check_interest(
    interest: &Located<Interest>,
    origin: Origin<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    if interest.nil.value {
        let extra = [
            ("type", interest.kind != InterestType::default()),
            ("from", interest.from.is_some()),
            ("to", interest.to.is_some()),
            ("action", interest.action.is_some()),
        ];
        if let Some((field, _)) = extra.iter().find(|(_, given)| *given) {
            problems.push(
                origin
                    .error_at(&interest.location, format!("a nil return (`nil: true`) has no `{field}`"))
                    .with_help("a nil return declares that there is nothing to declare: it takes only `nil: true` and `declared`"),
            );
        }
        if let Some(description) = &interest.description {
            problems.push(
                origin
                    .error_at(&description.location, "a nil return (`nil: true`) has no `description`")
                    .with_help("a nil return declares that there is nothing to declare: remove `nil: true` to declare this interest, or the description"),
            );
        }
        if interest.declared.is_none() {
            problems.push(
                origin
                    .error_at(
                        &interest.nil.location,
                        "a nil return needs the date it was made: `declared`",
                    )
                    .with_help("write it as `{ nil: true, declared: 2026-04-01 }`"),
            );
        }
        return;
    }
    match &interest.description {
        Some(description) => non_empty(description, "interests.description", origin, problems),
        None => problems.push(
            origin
                .error_at(
                    interest
                        .declared
                        .as_ref()
                        .map_or(&interest.nil.location, |d| &d.location),
                    "an interest needs a `description`",
                )
                .with_help("say what the interest is, or write `nil: true` for a nil return"),
        ),
    }
    // FORMAT.md requires it; a v1 record without it still builds, but the register would
    // quietly count the member as never having declared the interest.
    if interest.declared.is_none() {
        let at = interest
            .description
            .as_ref()
            .map_or(&interest.location, |d| &d.location);
        problems.push(
            origin
                .warning_at(
                    at,
                    "this interest has no `declared` date, so the register counts it as never declared",
                )
                .with_help("add the date the declaration was made, for example `declared: 2026-04-01`"),
        );
    }
    if let (Some(from), Some(to)) = (&interest.from, &interest.to)
        && to.value < from.value
    {
        problems.push(
            origin
                .error_at(
                    &to.location,
                    format!(
                        "`interests.to` ({}) is before `interests.from` ({})",
                        to.value, from.value
                    ),
                )
                .with_help("an interest ends on or after the day it began; check both dates"),
        );
    }
}

/// A nil return made while an interest declared before it was still held: the records
/// say both that there was nothing to declare and that there was, and the register would
/// show the interest beside a nil return as the latest declaration. Most likely the
/// interest had ended and its `to` is missing, or the return should have declared it
/// again. A warning at the nil return, naming the first such interest.
fn nil_returns_while_held(interests: &[Located<Interest>], origin: Origin<'_>) -> Vec<Diagnostic> {
    interests
        .iter()
        .filter(|entry| entry.nil.value)
        .filter_map(|nil| {
            let made = nil.declared.as_ref()?;
            // One without a description is an error of its own.
            let (what, declared, from) = interests.iter().find_map(|interest| {
                let declared = interest.declared.as_ref()?.value;
                let what = &interest.description.as_ref()?.value;
                let from = interest.from.as_ref().map(|f| f.value);
                (interest.held_on(made.value) && declared <= made.value)
                    .then_some((what, declared, from))
            })?;
            // An interest begun on the day of the return cannot have ended before it.
            let ended = if from == Some(made.value) {
                "if it began later, correct its `from`".to_string()
            } else {
                format!(
                    "if the interest had ended, give it the day it ended (`to: {}` or earlier)",
                    made.value.add_days(-1).unwrap_or(made.value)
                )
            };
            Some(
                origin
                    .warning_at(
                        &made.location,
                        format!(
                            "a nil return on {} says there was nothing to declare, but the interest \"{what}\" (declared {declared}) was held then",
                            made.value
                        ),
                    )
                    .with_help(format!(
                        "{ended}; if it was still held, declare it again on {} rather than making a nil return",
                        made.value
                    )),
            )
        })
        .collect()
}

impl Person {
    /// Checks that need only this record.
    pub fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        non_empty(&self.name, "name", origin, &mut problems);
        for interest in &self.interests {
            check_interest(interest, origin, &mut problems);
        }
        problems.extend(nil_returns_while_held(&self.interests, origin));
        if let Some(seat) = &self.board {
            let first = seat.first_appointed.value;
            if let Some(left) = &seat.left
                && left.value <= first
            {
                problems.push(
                    origin
                        .error_at(
                            &left.location,
                            format!(
                                "`board.left` ({}) is not after `board.first_appointed` ({first})",
                                left.value
                            ),
                        )
                        .with_help("a member leaves after they are appointed; check both dates"),
                );
            }
            if let Some(term) = &seat.term_ends
                && term.value <= first
            {
                problems.push(origin.error_at(
                    &term.location,
                    format!(
                        "`board.term_ends` ({}) is not after `board.first_appointed` ({first})",
                        term.value
                    ),
                ));
            }
            if let Some(independent) = &seat.independent
                && independent.value
                && !seat.role.value.is_non_executive()
            {
                problems.push(
                    origin
                        .error_at(&independent.location, "`board.independent` applies only to the chair and non-executive directors")
                        .with_help("remove `independent` from an executive member's record"),
                );
            }
            check_id_list(
                &seat.committees,
                "board.committees",
                "committee name",
                origin,
                &mut problems,
            );
            check_repeats(&seat.committees, "board.committees", origin, &mut problems);
        }
        if let Some(plan) = &self.job_plan {
            let parts = [
                ("clinical", Some(&plan.clinical)),
                ("supporting", Some(&plan.supporting)),
                ("management", Some(&plan.management)),
                ("management_actual", plan.management_actual.as_ref()),
            ];
            let mut out_of_range = false;
            for (field, value) in parts {
                if let Some(value) = value
                    && !(value.value.is_finite()
                        && (0.0..=super::measure::MAX_VALUE).contains(&value.value))
                {
                    out_of_range = true;
                    problems.push(origin.error_at(
                        &value.location,
                        format!(
                            "`job_plan.{field}`: expected a number of PAs from 0 to 1e12, found {}",
                            value.value
                        ),
                    ));
                }
            }
            // A negative part made the sum 0 or less: that one error, not a second.
            let total = plan.clinical.value + plan.supporting.value + plan.management.value;
            if !out_of_range && total.is_finite() && total <= 0.0 {
                problems.push(
                    origin
                        .error_at(
                            &plan.clinical.location,
                            "`job_plan` has no programmed activities: its PAs add up to 0",
                        )
                        .with_help(
                            "give the weekly PAs for clinical, supporting and management time",
                        ),
                );
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ORIGIN, messages, parse_yaml};
    use super::*;

    const BASE: &str = "name: Dr Amara Okafor\nprofession: doctor\n";

    fn person(extra: &str) -> Person {
        parse_yaml::<Person>(&format!("{BASE}{extra}")).unwrap()
    }

    #[test]
    fn defaults_and_derived_values() {
        let p = person("board:\n  role: non-executive-director\n  first_appointed: 2020-01-01\n");
        let seat = p.board.as_ref().unwrap();
        assert!(seat.voting() && seat.independent() && p.profession.is_clinical());
        let p = person(
            "board:\n  role: associate-non-executive-director\n  first_appointed: 2020-01-01\n",
        );
        assert!(!p.board.unwrap().voting());
        let p = person("board:\n  role: medical-director\n  first_appointed: 2020-01-01\n");
        let seat = p.board.unwrap();
        assert!(seat.voting() && !seat.independent());
        let p =
            person("board:\n  role: chair\n  independent: false\n  first_appointed: 2020-01-01\n");
        assert!(!p.board.unwrap().independent());
        assert!(
            !parse_yaml::<Person>("name: A\nprofession: lay\n")
                .unwrap()
                .profession
                .is_clinical()
        );
    }

    #[test]
    fn in_post_includes_first_day_excludes_leaving_day() {
        let p =
            person("board:\n  role: chair\n  first_appointed: 2020-01-01\n  left: 2026-06-30\n");
        let seat = p.board.unwrap();
        let d = |s| Date::parse(s).unwrap();
        assert!(!seat.in_post_on(d("2019-12-31")));
        assert!(seat.in_post_on(d("2020-01-01")));
        assert!(seat.in_post_on(d("2026-06-29")));
        assert!(!seat.in_post_on(d("2026-06-30")));
    }

    #[test]
    fn meeting_membership() {
        let meeting = |text: &str| parse_yaml::<Meeting>(text).unwrap();
        let board = meeting("date: 2026-09-18\n");
        let audit = meeting("date: 2026-09-18\nbody: audit\n");
        let before = meeting("date: 2019-12-31\n");
        let p = person(
            "board:\n  role: non-executive-director\n  first_appointed: 2020-01-01\n  committees: [audit]\n",
        );
        assert!(p.is_member_of(&board) && p.is_member_of(&audit) && !p.is_member_of(&before));
        let q = person("board:\n  role: medical-director\n  first_appointed: 2020-01-01\n");
        assert!(q.is_member_of(&board) && !q.is_member_of(&audit));
        assert!(
            !parse_yaml::<Person>("name: A\nprofession: manager\n")
                .unwrap()
                .is_member_of(&board)
        );
    }

    #[test]
    fn all_fields_parse() {
        let p = person(
            "job_title: Medical Director\nboard:\n  role: medical-director\n  voting: true\n  first_appointed: 2019-04-01\n  term_ends: 2027-03-31\n  committees: [quality, audit]\njob_plan: { clinical: 6, supporting: 1.5, management: 2.5, management_actual: 3.5 }\nfit_and_proper: 2026-05-01\ninterests:\n  - { description: Trustee of a hospice, declared: 2026-04-01 }\ndraft: false\nconfidential: false\nextra: { pronouns: she/her }\n",
        );
        assert_eq!(p.job_plan.unwrap().management_actual.unwrap().value, 3.5);
        assert_eq!(p.board.unwrap().committees.len(), 2);
        assert_eq!(
            p.interests[0].declared.as_ref().unwrap().value.to_string(),
            "2026-04-01"
        );
        assert_eq!(p.extra["pronouns"], "she/her");
    }

    #[test]
    fn left_before_first_appointed() {
        let p =
            person("board:\n  role: chair\n  first_appointed: 2020-01-01\n  left: 2019-06-30\n");
        assert_eq!(
            messages(&p.check(super::super::tests::ORIGIN)),
            ["6:9: `board.left` (2019-06-30) is not after `board.first_appointed` (2020-01-01)"]
        );
    }

    #[test]
    fn leaving_on_the_day_of_appointment_and_independent_false_on_executives() {
        let p =
            person("board:\n  role: chair\n  first_appointed: 2020-01-01\n  left: 2020-01-01\n");
        assert_eq!(messages(&p.check(super::super::tests::ORIGIN)).len(), 1);
        let p = person(
            "board:\n  role: finance-director\n  independent: false\n  first_appointed: 2020-01-01\n",
        );
        assert!(p.check(super::super::tests::ORIGIN).is_empty());
        assert!(!p.board.unwrap().independent());
    }

    #[test]
    fn single_record_rules() {
        let p = person(
            "board:\n  role: finance-director\n  independent: true\n  first_appointed: 2020-01-01\n  term_ends: 2020-01-01\n  committees: [Audit Committee]\njob_plan: { clinical: 0, management: -1 }\n",
        );
        assert_eq!(
            messages(&p.check(super::super::tests::ORIGIN)),
            [
                "7:14: `board.term_ends` (2020-01-01) is not after `board.first_appointed` (2020-01-01)",
                "5:16: `board.independent` applies only to the chair and non-executive directors",
                "8:16: `board.committees`: `Audit Committee` is not a valid committee name",
                "9:38: `job_plan.management`: expected a number of PAs from 0 to 1e12, found -1",
            ]
        );
        // Its sum is not a second error; a plan of nothing is one.
        let p = person("job_plan: { clinical: 0, management: 0 }\n");
        assert_eq!(
            messages(&p.check(super::super::tests::ORIGIN)),
            ["3:23: `job_plan` has no programmed activities: its PAs add up to 0"]
        );
        let p = person("name2: x\n".trim_start_matches("name2: x\n"));
        assert!(p.check(super::super::tests::ORIGIN).is_empty());
        let blank = parse_yaml::<Person>("name: '  '\nprofession: lay\n").unwrap();
        assert_eq!(
            messages(&blank.check(super::super::tests::ORIGIN)),
            ["1:7: `name` is empty"]
        );
        // Characters that show nothing are no name either: the page and the pack would
        // head with nothing (PDF/UA refuses an empty heading, and the build stopped).
        let invisible =
            parse_yaml::<Person>("name: \"\\uFE0F \\u200B\"\nprofession: lay\n").unwrap();
        assert_eq!(
            messages(&invisible.check(super::super::tests::ORIGIN)),
            ["1:7: `name` is empty: it holds only characters that show nothing (U+FE0F, U+200B)"]
        );
        let skin_tone = parse_yaml::<Person>("name: \"\\U0001F3FB\"\nprofession: lay\n").unwrap();
        assert_eq!(
            messages(&skin_tone.check(super::super::tests::ORIGIN)),
            ["1:7: `name` is empty: it holds only characters that show nothing (U+1F3FB)"]
        );
    }

    #[test]
    fn a_nil_return_while_an_interest_was_held_is_warned_of() {
        let person = |interests: &str| {
            let text = format!("name: A\nprofession: lay\ninterests:\n{interests}");
            messages(&parse_yaml::<Person>(&text).unwrap().check(ORIGIN))
        };
        let held = "  - { description: Trustee, declared: 2025-04-01, from: 2019-01-01 }\n";
        assert_eq!(
            person(&format!(
                "{held}  - {{ nil: true, declared: 2026-04-01 }}\n"
            )),
            [
                "5:28: a nil return on 2026-04-01 says there was nothing to declare, but the interest \"Trustee\" (declared 2025-04-01) was held then"
            ]
        );
        // Ended before the return, begun after it, or declared only after it: no warning.
        for interests in [
            "  - { description: Trustee, declared: 2025-04-01, to: 2026-03-31 }\n",
            "  - { description: Trustee, declared: 2025-04-01, from: 2026-04-02 }\n",
            "  - { description: Trustee, declared: 2026-05-01, from: 2019-01-01 }\n",
            "  - { description: Trustee, from: 2019-01-01 }\n",
        ] {
            let found = person(&format!(
                "{interests}  - {{ nil: true, declared: 2026-04-01 }}\n"
            ));
            // The one without `declared` is warned of that alone.
            let undeclared: &[&str] = if interests.contains("declared") {
                &[]
            } else {
                &[
                    "4:20: this interest has no `declared` date, so the register counts it as never declared",
                ]
            };
            assert_eq!(found, undeclared, "{interests}");
        }
        // The help offers an end date only where one could be before the return.
        let help = |interests: &str| {
            let text = format!(
                "name: A\nprofession: lay\ninterests:\n{interests}  - {{ nil: true, declared: 2026-04-01 }}\n"
            );
            let problems = parse_yaml::<Person>(&text).unwrap().check(ORIGIN);
            problems[0].help.clone().unwrap()
        };
        assert!(help(held).starts_with(
            "if the interest had ended, give it the day it ended (`to: 2026-03-31` or earlier)"
        ));
        assert!(
            help("  - { description: Trustee, declared: 2026-04-01, from: 2026-04-01 }\n")
                .starts_with("if it began later, correct its `from`")
        );
        // Ending on the day of the return, it was held that day.
        let found = person(
            "  - { description: Trustee, declared: 2025-04-01, to: 2026-04-01 }\n  - { nil: true, declared: 2026-04-01 }\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn nil_returns_and_interests_are_checked_at_their_entry() {
        let text = "name: A\nprofession: lay\ninterests:\n  - { nil: true, declared: 2026-04-01, type: indirect }\n  - { declared: 2026-04-01 }\n  - { nil: true }\n  - { description: Trustee, from: 2019-01-01 }\n";
        let p = parse_yaml::<Person>(text).unwrap();
        assert_eq!(
            messages(&p.check(ORIGIN)),
            [
                "4:5: a nil return (`nil: true`) has no `type`",
                "5:17: an interest needs a `description`",
                "6:12: a nil return needs the date it was made: `declared`",
                "7:20: this interest has no `declared` date, so the register counts it as never declared",
            ]
        );
        let warned = p.check(ORIGIN);
        assert!(!warned[3].is_error(), "{warned:?}");
    }
}
