//! Board composition: the members in post on the report date.

use super::{
    Indicator, Status, area, count, count_share, minimum_percent, percent, percent_against, plural,
};
use crate::date::Date;
use crate::model::Model;
use crate::records::person::{BoardRole, BoardSeat, Profession};
use crate::records::{Person, Record};
use serde::Serialize;

/// The roles a board must hold with a voting member, in id order.
const MANDATORY: [(BoardRole, &str); 4] = [
    (BoardRole::ChiefExecutive, "chief-executive"),
    (BoardRole::FinanceDirector, "finance-director"),
    (BoardRole::MedicalDirector, "medical-director"),
    (BoardRole::NursingDirector, "nursing-director"),
];

/// A fit and proper assessment is annual.
const FIT_AND_PROPER_DAYS: i64 = 365;

/// Quarters shown in the clinical share history.
const HISTORY_QUARTERS: usize = 8;

struct Member<'a> {
    id: &'a str,
    person: &'a Person,
    seat: &'a BoardSeat,
}

fn members_on(model: &Model, date: Date) -> Vec<Member<'_>> {
    model
        .records
        .people
        .values()
        .filter_map(|record: &Record<Person>| {
            let seat = record.fields.board.as_ref()?;
            seat.in_post_on(date).then_some(Member {
                id: &record.id,
                person: &record.fields,
                seat,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermEnding<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub term_ends: Date,
    pub days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tenure<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: BoardRole,
    pub first_appointed: Date,
    pub years: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitAndProper<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub fit_and_proper: Option<Date>,
    pub days_since: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterShare {
    pub quarter: String,
    pub date: Date,
    pub members: usize,
    pub clinical: usize,
    pub share: Option<f64>,
}

area! {
    /// Board composition: the members in post on the report date.
    pub struct Board<'m> {
        members: usize = "board.members",
        voting: usize = "board.voting",
        clinical_share: Option<f64> = "board.clinical_share",
        voting_clinical_share: Option<f64> = "board.voting_clinical_share",
        doctors: usize = "board.doctors",
        independence: Option<f64> = "board.independence",
        mandatory_roles_missing: Vec<&'static str> = "board.mandatory_roles_missing",
        terms_ending: Vec<TermEnding<'m>> = "board.terms_ending",
        tenure_review: Vec<Tenure<'m>> = "board.tenure_review",
        tenure_breach: Vec<Tenure<'m>> = "board.tenure_breach",
        fit_and_proper_overdue: Vec<FitAndProper<'m>> = "board.fit_and_proper_overdue",
        clinical_share_history: Vec<QuarterShare> = "board.clinical_share_history",
    }
}

pub fn indicators(model: &Model) -> Board<'_> {
    let as_of = model.as_of;
    let rules = &model.config.rules;
    let members = members_on(model, as_of);
    let voting: Vec<&Member> = members.iter().filter(|m| m.seat.voting()).collect();
    let clinical = members
        .iter()
        .filter(|m| m.person.profession.is_clinical())
        .count();
    let voting_clinical = voting
        .iter()
        .filter(|m| m.person.profession.is_clinical())
        .count();
    let doctors = members
        .iter()
        .filter(|m| m.person.profession == Profession::Doctor)
        .count();

    // The chair leads the board rather than holding it to account: counted in neither part.
    let voting_chairs = voting
        .iter()
        .filter(|m| m.seat.role.value == BoardRole::Chair)
        .count();
    let independent = voting
        .iter()
        .filter(|m| m.seat.role.value != BoardRole::Chair && m.seat.independent())
        .count();
    let independence = count_share(independent, voting.len() - voting_chairs);
    let independence_min = rules.independence_min.value;
    let independence_status = match independence {
        Some(share) if share < independence_min => Status::Breach,
        Some(_) => Status::Ok,
        None => Status::Info,
    };

    let missing: Vec<&str> = MANDATORY
        .iter()
        .filter(|(role, _)| !voting.iter().any(|m| m.seat.role.value == *role))
        .map(|(_, id)| *id)
        .collect();

    let warning_days = i64::from(rules.term_warning_days.value);
    let terms: Vec<TermEnding> = members
        .iter()
        .filter_map(|m| {
            let term_ends = m.seat.term_ends.as_ref()?.value;
            let days = as_of.days_until(term_ends);
            (0..=warning_days).contains(&days).then_some(TermEnding {
                id: m.id,
                name: &m.person.name.value,
                term_ends,
                days,
            })
        })
        .collect();

    let tenures = |above: f64| -> Vec<Tenure> {
        members
            .iter()
            .filter(|m| m.seat.role.value.is_non_executive())
            .filter_map(|m| {
                let first_appointed = m.seat.first_appointed.value;
                let years = as_of.years_since(first_appointed);
                (years > above).then_some(Tenure {
                    id: m.id,
                    name: &m.person.name.value,
                    role: m.seat.role.value,
                    first_appointed,
                    years,
                })
            })
            .collect()
    };
    let review_years = rules.tenure_review_years.value;
    let limit_years = rules.tenure_limit_years.value;
    let review = tenures(review_years);
    let breach = tenures(limit_years);

    let fit_and_proper: Vec<FitAndProper> = members
        .iter()
        .filter_map(|m| {
            let last = m.person.fit_and_proper.as_ref().map(|d| d.value);
            let days_since = last.map(|date| date.days_until(as_of));
            days_since
                .is_none_or(|days| days > FIT_AND_PROPER_DAYS)
                .then_some(FitAndProper {
                    id: m.id,
                    name: &m.person.name.value,
                    fit_and_proper: last,
                    days_since,
                })
        })
        .collect();

    let history = clinical_history(model);

    let members_count = members.len();
    Board {
        members: Indicator::new(
            "Board members in post",
            members_count,
            Status::Info,
            count(members_count),
        ),
        voting: Indicator::new(
            "Voting board members",
            voting.len(),
            Status::Info,
            count(voting.len()),
        ),
        clinical_share: Indicator::new(
            "Board members from a clinical profession",
            count_share(clinical, members_count),
            Status::Info,
            format!(
                "{} ({} of {})",
                percent(count_share(clinical, members_count)),
                count(clinical),
                count(members_count)
            ),
        ),
        voting_clinical_share: Indicator::new(
            "Voting members from a clinical profession",
            count_share(voting_clinical, voting.len()),
            Status::Info,
            format!(
                "{} ({} of {})",
                percent(count_share(voting_clinical, voting.len())),
                count(voting_clinical),
                count(voting.len())
            ),
        ),
        doctors: Indicator::new(
            "Doctors on the board",
            doctors,
            Status::Info,
            count(doctors),
        ),
        independence: Indicator::new(
            format!(
                "Independent non-executive directors among voting members other than the chair (minimum {})",
                minimum_percent(independence_min)
            ),
            independence,
            independence_status,
            format!(
                "{} ({} of {})",
                percent_against(independence, independence_min),
                count(independent),
                count(voting.len() - voting_chairs)
            ),
        ),
        mandatory_roles_missing: Indicator::new(
            "Mandatory roles with no voting member in post",
            missing.clone(),
            Status::if_any(!missing.is_empty(), Status::Breach),
            // In words, for the terminal and the pack (the codes are for the data); the
            // site's tiles give the count and list the roles under it.
            if missing.is_empty() {
                "none".to_string()
            } else {
                format!(
                    "{}: {}",
                    plural(missing.len(), "role"),
                    missing
                        .iter()
                        .map(|role| role.replace('-', " "))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        ),
        terms_ending: Indicator::new(
            format!("Terms ending within {warning_days} days"),
            terms.clone(),
            Status::if_any(!terms.is_empty(), Status::Warn),
            plural(terms.len(), "member"),
        )
        .with_details(
            terms
                .iter()
                .map(|t| {
                    format!(
                        "{}: term ends {} ({})",
                        t.id,
                        t.term_ends,
                        crate::words::in_days(t.days as usize)
                    )
                })
                .collect(),
        ),
        tenure_review: tenure_indicator(
            format!(
                "Chair and non-executives in post more than {} years (review)",
                super::number(review_years)
            ),
            review,
            Status::Warn,
            as_of,
        ),
        tenure_breach: tenure_indicator(
            format!(
                "Chair and non-executives in post more than {} years",
                super::number(limit_years)
            ),
            breach,
            Status::Breach,
            as_of,
        ),
        fit_and_proper_overdue: Indicator::new(
            "Members with no fit and proper assessment in the last 365 days",
            fit_and_proper.clone(),
            Status::if_any(!fit_and_proper.is_empty(), Status::Warn),
            plural(fit_and_proper.len(), "member"),
        )
        .with_details(
            fit_and_proper
                .iter()
                .map(|f| match f.fit_and_proper {
                    Some(date) => format!(
                        "{}: last assessed {date} ({} days before)",
                        f.id,
                        f.days_since.unwrap_or_default()
                    ),
                    None => format!("{}: no assessment recorded", f.id),
                })
                .collect(),
        ),
        clinical_share_history: Indicator::new(
            "Clinical share of the board at the end of each of the last 8 quarters",
            history.clone(),
            Status::Info,
            history
                .iter()
                .map(|q| percent(q.share))
                .collect::<Vec<_>>()
                .join(" "),
        )
        .with_details(
            history
                .iter()
                .map(|q| {
                    format!(
                        "{} ({}): {} ({} of {})",
                        q.quarter,
                        q.date,
                        percent(q.share),
                        count(q.clinical),
                        count(q.members)
                    )
                })
                .collect(),
        ),
    }
}

fn tenure_indicator(
    label: String,
    list: Vec<Tenure>,
    flag: Status,
    as_of: Date,
) -> Indicator<Vec<Tenure>> {
    // In years, months and days: "9 years" under "more than 9 years" read as a false
    // alarm for someone in post 9 years and a day.
    let details = list
        .iter()
        .map(|t| {
            format!(
                "{}: {} since {}",
                t.id,
                crate::style::tenure_beyond(t.first_appointed, as_of),
                t.first_appointed
            )
        })
        .collect();
    let status = Status::if_any(!list.is_empty(), flag);
    let summary = plural(list.len(), "member");
    Indicator::new(label, list, status, summary).with_details(details)
}

/// The clinical share at each of the last 8 quarter ends on or before the report date, oldest
/// first. A quarter still running on the report date is not yet counted.
fn clinical_history(model: &Model) -> Vec<QuarterShare> {
    let mut end = model.as_of.end_of_quarter();
    if end > model.as_of {
        end = end.previous_quarter_end();
    }
    let mut ends = Vec::with_capacity(HISTORY_QUARTERS);
    for _ in 0..HISTORY_QUARTERS {
        ends.push(end);
        end = end.previous_quarter_end();
    }
    ends.reverse();
    ends.into_iter()
        .map(|date| {
            let members = members_on(model, date);
            let clinical = members
                .iter()
                .filter(|m| m.person.profession.is_clinical())
                .count();
            QuarterShare {
                quarter: date.quarter(),
                date,
                members: members.len(),
                clinical,
                share: count_share(clinical, members.len()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Entry;
    use crate::indicators::get;
    use crate::model::BuildOptions;
    use crate::model::testing::model;
    use serde_json::{Value, json};

    const CONFIG: &str = "as_of: 2026-09-30\n";

    fn person(id: &str, yaml: &str) -> (String, String) {
        (format!("people/{id}.yaml"), format!("name: {id}\n{yaml}"))
    }

    /// The board of the tests, as of 2026-09-30 (figures worked out in the comments).
    fn board() -> Vec<(String, String)> {
        vec![
            // Tenure 9 years and a day: above both 6 and 9. Term ends in 123 days. Assessed
            // exactly 365 days ago: not overdue.
            person(
                "cara",
                "profession: lay\nboard: { role: chair, first_appointed: 2017-09-29, term_ends: 2027-01-31 }\nfit_and_proper: 2025-09-30\n",
            ),
            // Exactly 6 years: not above 6. Assessed 366 days ago: overdue.
            person(
                "ned-one",
                "profession: doctor\nboard: { role: non-executive-director, first_appointed: 2020-09-30 }\nfit_and_proper: 2025-09-29\n",
            ),
            // 6 years and a day; not independent; never assessed.
            person(
                "ned-two",
                "profession: finance\nboard: { role: non-executive-director, independent: false, first_appointed: 2020-09-29 }\n",
            ),
            // Associate NED: not voting by default.
            person(
                "assoc",
                "profession: nurse\nboard: { role: associate-non-executive-director, first_appointed: 2024-01-01 }\nfit_and_proper: 2026-01-01\n",
            ),
            // Term ends on the report date: 0 days, listed.
            person(
                "ceo",
                "profession: manager\nboard: { role: chief-executive, first_appointed: 2022-01-01, term_ends: 2026-09-30 }\nfit_and_proper: 2026-06-01\n",
            ),
            // Term ends in exactly 180 days: listed.
            person(
                "md",
                "profession: doctor\nboard: { role: medical-director, first_appointed: 2021-01-01, term_ends: 2027-03-29 }\nfit_and_proper: 2026-06-01\n",
            ),
            // Not voting, so the nursing-director role is missing. Joined on a quarter end.
            person(
                "nd",
                "profession: nurse\nboard: { role: nursing-director, voting: false, first_appointed: 2025-06-30 }\nfit_and_proper: 2026-06-01\n",
            ),
            // Left on the report date: not in post on it.
            person(
                "fd",
                "profession: finance\nboard: { role: finance-director, first_appointed: 2019-01-01, left: 2026-09-30 }\nfit_and_proper: 2026-06-01\n",
            ),
            // Joined on the report date: in post. Term ends in 181 days: not listed.
            person(
                "joiner",
                "profession: ahp\nboard: { role: executive-director, first_appointed: 2026-09-30, term_ends: 2027-03-30 }\nfit_and_proper: 2026-09-01\n",
            ),
            // Not a board member at all.
            person("lead", "profession: nurse\n"),
        ]
    }

    fn compute(files: &[(String, String)]) -> Vec<Entry> {
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        indicators(&model(CONFIG, &files, BuildOptions::default())).entries()
    }

    #[test]
    fn composition_counts_and_shares() {
        let list = compute(&board());
        // In post: cara, ned-one, ned-two, assoc, ceo, md, nd, joiner.
        assert_eq!(get(&list, "board.members").value, json!(8));
        // Voting: all but assoc and nd.
        assert_eq!(get(&list, "board.voting").value, json!(6));
        // Clinical: ned-one, assoc, md, nd, joiner = 5 of 8.
        let clinical = get(&list, "board.clinical_share");
        assert_eq!(clinical.value, json!(0.625));
        assert_eq!(clinical.summary, "63% (5 of 8)");
        // Voting clinical: ned-one, md, joiner = 3 of 6.
        assert_eq!(get(&list, "board.voting_clinical_share").value, json!(0.5));
        assert_eq!(get(&list, "board.doctors").value, json!(2));
        // Independent voting NEDs: ned-one only; voting minus the chair: 5.
        let independence = get(&list, "board.independence");
        assert_eq!(independence.value, json!(0.2));
        assert_eq!(independence.status, Status::Breach);
        let missing = get(&list, "board.mandatory_roles_missing");
        assert_eq!(
            missing.value,
            json!(["finance-director", "nursing-director"])
        );
        assert_eq!(missing.status, Status::Breach);
        assert_eq!(
            missing.summary,
            "2 roles: finance director, nursing director"
        );
    }

    #[test]
    fn terms_tenure_and_fit_and_proper() {
        let list = compute(&board());
        let terms = get(&list, "board.terms_ending");
        assert_eq!(
            terms.value,
            json!([
                { "id": "cara", "name": "cara", "term_ends": "2027-01-31", "days": 123 },
                { "id": "ceo", "name": "ceo", "term_ends": "2026-09-30", "days": 0 },
                { "id": "md", "name": "md", "term_ends": "2027-03-29", "days": 180 },
            ])
        );
        assert_eq!(terms.status, Status::Warn);

        let review = get(&list, "board.tenure_review");
        let ids: Vec<&str> = review
            .value
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["cara", "ned-two"]);
        assert_eq!(review.value[0]["years"], json!(9.0 + 1.0 / 365.0));
        assert_eq!(review.value[0]["role"], json!("chair"));
        assert_eq!(review.value[1]["years"], json!(6.0 + 1.0 / 365.0));
        assert_eq!(review.status, Status::Warn);
        let breach = get(&list, "board.tenure_breach");
        assert_eq!(breach.value.as_array().unwrap().len(), 1);
        assert_eq!(breach.value[0]["id"], json!("cara"));
        assert_eq!(breach.status, Status::Breach);

        let fit = get(&list, "board.fit_and_proper_overdue");
        assert_eq!(
            fit.value,
            json!([
                { "id": "ned-one", "name": "ned-one", "fit_and_proper": "2025-09-29", "days_since": 366 },
                { "id": "ned-two", "name": "ned-two", "fit_and_proper": null, "days_since": null },
            ])
        );
        assert_eq!(fit.status, Status::Warn);
    }

    #[test]
    fn clinical_share_over_eight_quarter_ends() {
        let list = compute(&board());
        let history = &get(&list, "board.clinical_share_history").value;
        let rows: Vec<(String, String, u64, u64)> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["quarter"].as_str().unwrap().to_string(),
                    q["date"].as_str().unwrap().to_string(),
                    q["members"].as_u64().unwrap(),
                    q["clinical"].as_u64().unwrap(),
                )
            })
            .collect();
        let expected = [
            ("2024-Q4", "2024-12-31", 7, 3),
            ("2025-Q1", "2025-03-31", 7, 3),
            ("2025-Q2", "2025-06-30", 8, 4), // nd joins on the quarter's last day
            ("2025-Q3", "2025-09-30", 8, 4),
            ("2025-Q4", "2025-12-31", 8, 4),
            ("2026-Q1", "2026-03-31", 8, 4),
            ("2026-Q2", "2026-06-30", 8, 4),
            ("2026-Q3", "2026-09-30", 8, 5), // fd has left, joiner has joined
        ];
        let expected: Vec<(String, String, u64, u64)> = expected
            .iter()
            .map(|(q, d, m, c)| (q.to_string(), d.to_string(), *m, *c))
            .collect();
        assert_eq!(rows, expected);
        assert_eq!(history[0]["share"], json!(3.0 / 7.0));
        assert_eq!(history[7]["share"], json!(0.625));
    }

    #[test]
    fn history_stops_at_the_last_quarter_end_before_a_mid_quarter_report_date() {
        let files = [person(
            "md",
            "profession: doctor\nboard: { role: medical-director, first_appointed: 2021-01-01 }\n",
        )];
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let list = indicators(&model(
            "as_of: 2026-11-22\n",
            &files,
            BuildOptions::default(),
        ))
        .entries();
        let history = &get(&list, "board.clinical_share_history").value;
        assert_eq!(history[7]["date"], json!("2026-09-30"));
        assert_eq!(history[0]["date"], json!("2024-12-31"));
    }

    #[test]
    fn an_empty_board_gives_nulls_not_nan() {
        let list = compute(&[person("lead", "profession: nurse\n")]);
        assert_eq!(get(&list, "board.members").value, json!(0));
        for id in [
            "board.clinical_share",
            "board.voting_clinical_share",
            "board.independence",
        ] {
            let indicator = get(&list, id);
            assert_eq!(indicator.value, Value::Null, "{id}");
            assert!(
                indicator.summary.starts_with("n/a"),
                "{id}: {}",
                indicator.summary
            );
        }
        assert_eq!(get(&list, "board.independence").status, Status::Info);
        assert_eq!(
            get(&list, "board.mandatory_roles_missing").value,
            json!([
                "chief-executive",
                "finance-director",
                "medical-director",
                "nursing-director"
            ])
        );
        let history = &get(&list, "board.clinical_share_history").value;
        assert!(
            history
                .as_array()
                .unwrap()
                .iter()
                .all(|q| q["share"].is_null())
        );
        assert_eq!(get(&list, "board.terms_ending").status, Status::Ok);
        assert_eq!(get(&list, "board.terms_ending").value, json!([]));
    }

    #[test]
    fn zero_voting_members() {
        let list = compute(&[person(
            "assoc",
            "profession: nurse\nboard: { role: associate-non-executive-director, first_appointed: 2024-01-01 }\n",
        )]);
        assert_eq!(get(&list, "board.members").value, json!(1));
        assert_eq!(get(&list, "board.voting").value, json!(0));
        assert_eq!(get(&list, "board.clinical_share").value, json!(1.0));
        assert_eq!(get(&list, "board.voting_clinical_share").value, Value::Null);
        assert_eq!(get(&list, "board.independence").value, Value::Null);
    }

    #[test]
    fn independence_at_the_minimum_is_ok() {
        // Chair, two independent NEDs, two executives: 2 of 4 = 0.5, the default minimum.
        let files = [
            person(
                "chair",
                "profession: lay\nboard: { role: chair, first_appointed: 2024-01-01 }\n",
            ),
            person(
                "n1",
                "profession: lay\nboard: { role: non-executive-director, first_appointed: 2024-01-01 }\n",
            ),
            person(
                "n2",
                "profession: lay\nboard: { role: non-executive-director, first_appointed: 2024-01-01 }\n",
            ),
            person(
                "e1",
                "profession: manager\nboard: { role: chief-executive, first_appointed: 2024-01-01 }\n",
            ),
            person(
                "e2",
                "profession: finance\nboard: { role: finance-director, first_appointed: 2024-01-01 }\n",
            ),
        ];
        let list = compute(&files);
        let independence = get(&list, "board.independence");
        assert_eq!(independence.value, json!(0.5));
        assert_eq!(independence.status, Status::Ok);
    }
}
