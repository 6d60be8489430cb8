//! Attendance at board and committee meetings held on or before the report date.

use super::{
    Indicator, Status, area, count, count_share, minimum_percent, percent, percent_against, plural,
};
use crate::date::Date;
use crate::facts::Facts;
use crate::facts::attendance::{Mark, counted_meetings};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    present: usize,
    apologies: usize,
    absent: usize,
}

impl Tally {
    fn add(&mut self, mark: Mark) {
        match mark {
            Mark::Present => self.present += 1,
            Mark::Apologies => self.apologies += 1,
            Mark::Absent => self.absent += 1,
        }
    }

    fn eligible(&self) -> usize {
        self.present + self.apologies + self.absent
    }

    fn rate(&self) -> Option<f64> {
        count_share(self.present, self.eligible())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub present: usize,
    pub apologies: usize,
    pub absent: usize,
    pub eligible: usize,
    pub rate: Option<f64>,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingRow<'a> {
    pub id: &'a str,
    pub date: Date,
    pub body: &'a str,
    pub present: usize,
    pub apologies: usize,
    pub absent: usize,
    pub eligible: usize,
    pub rate: Option<f64>,
}

area! {
    /// Attendance at board and committee meetings held on or before the report date.
    pub struct Attendance<'m> {
        rate: Option<f64> = "attendance.rate",
        by_member: Vec<MemberRow<'m>> = "attendance.by_member",
        by_meeting: Vec<MeetingRow<'m>> = "attendance.by_meeting",
    }
}

pub fn indicators<'m>(facts: &Facts<'m>) -> Attendance<'m> {
    let model = facts.model;
    let minimum = model.config.rules.attendance_min.value;
    let below = |rate: Option<f64>| rate.is_some_and(|rate| rate < minimum);
    let entries = &facts.attendance;

    let mut total = Tally::default();
    let mut by_member: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_meeting: BTreeMap<&str, Tally> = BTreeMap::new();
    for meeting in counted_meetings(model) {
        // A meeting with no eligible member still has a row, with a rate of n/a.
        by_meeting.insert(&meeting.id, Tally::default());
    }
    for entry in entries {
        total.add(entry.mark);
        by_member.entry(entry.person).or_default().add(entry.mark);
        by_meeting
            .entry(&entry.meeting.id)
            .or_default()
            .add(entry.mark);
    }

    let members: Vec<MemberRow> = by_member
        .iter()
        .map(|(&id, tally)| MemberRow {
            id,
            name: model
                .person(id)
                .map_or(id, |p| p.fields.name.value.as_str()),
            present: tally.present,
            apologies: tally.apologies,
            absent: tally.absent,
            eligible: tally.eligible(),
            rate: tally.rate(),
            status: Status::if_any(below(tally.rate()), Status::Warn),
        })
        .collect();
    let meetings: Vec<MeetingRow> = by_meeting
        .iter()
        .filter_map(|(&id, tally)| {
            let meeting = &model.records.meetings.get(id)?.fields;
            Some(MeetingRow {
                id,
                date: meeting.date.value,
                body: &meeting.body.value,
                present: tally.present,
                apologies: tally.apologies,
                absent: tally.absent,
                eligible: tally.eligible(),
                rate: tally.rate(),
            })
        })
        .collect();
    let flagged = members.iter().filter(|m| m.status == Status::Warn).count();

    Attendance {
        rate: Indicator::new(
            format!(
                "Attendance at board and committee meetings (minimum {})",
                minimum_percent(minimum)
            ),
            total.rate(),
            if total.rate().is_none() {
                Status::Info
            } else {
                Status::if_any(below(total.rate()), Status::Warn)
            },
            format!(
                "{} ({} of {} places, {})",
                percent_against(total.rate(), minimum),
                count(total.present),
                count(total.eligible()),
                plural(meetings.len(), "meeting")
            ),
        ),
        by_member: Indicator::new(
            "Attendance by member",
            members.clone(),
            Status::if_any(flagged > 0, Status::Warn),
            format!(
                "{}, {flagged} below {}",
                plural(members.len(), "member"),
                minimum_percent(minimum)
            ),
        )
        .with_details(
            members
                .iter()
                .map(|m| {
                    format!(
                        "{}: {} ({} of {}){}",
                        m.id,
                        percent_against(m.rate, minimum),
                        count(m.present),
                        count(m.eligible),
                        if m.status == Status::Warn {
                            " below minimum"
                        } else {
                            ""
                        }
                    )
                })
                .collect(),
        ),
        by_meeting: Indicator::new(
            "Attendance by meeting",
            meetings.clone(),
            Status::Info,
            plural(meetings.len(), "meeting"),
        )
        .with_details(
            meetings
                .iter()
                .map(|m| {
                    format!(
                        "{} ({}, {}): {} ({} of {})",
                        m.id,
                        m.date,
                        m.body,
                        percent(m.rate),
                        count(m.present),
                        count(m.eligible)
                    )
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::Entry;
    use crate::indicators::get;
    use crate::model::BuildOptions;
    use crate::model::testing::model;
    use serde_json::{Value, json};

    const PEOPLE: [(&str, &str); 5] = [
        (
            "people/a.yaml",
            "name: A\nprofession: doctor\nboard: { role: medical-director, first_appointed: 2020-01-01, committees: [quality] }\n",
        ),
        (
            "people/b.yaml",
            "name: B\nprofession: lay\nboard: { role: non-executive-director, first_appointed: 2020-01-01, committees: [quality, audit] }\n",
        ),
        // Left the day before m2.
        (
            "people/c.yaml",
            "name: C\nprofession: lay\nboard: { role: non-executive-director, first_appointed: 2020-01-01, left: 2026-06-02 }\n",
        ),
        // Joined on the day of m2.
        (
            "people/d.yaml",
            "name: D\nprofession: nurse\nboard: { role: nursing-director, first_appointed: 2026-06-03 }\n",
        ),
        ("people/e.yaml", "name: E\nprofession: manager\n"),
    ];

    const MEETINGS: [(&str, &str); 4] = [
        // Eligible a, b, c: 2 of 3.
        (
            "meetings/m1.yaml",
            "date: 2026-03-01\npresent: [a, b]\napologies: [c]\n",
        ),
        // Eligible a, b, d (c has left): 2 of 3; b absent; e only in attendance.
        (
            "meetings/m2.yaml",
            "date: 2026-06-03\npresent: [a, d]\nin_attendance: [e]\n",
        ),
        // Quality committee: eligible a and b only: 1 of 2.
        (
            "meetings/q1.yaml",
            "date: 2026-07-01\nbody: quality\npresent: [b]\napologies: [a]\n",
        ),
        // After the report date: not counted.
        ("meetings/m3.yaml", "date: 2026-10-15\npresent: [a, b, d]\n"),
    ];

    fn compute() -> Vec<Entry> {
        let files: Vec<(&str, &str)> = PEOPLE.iter().chain(&MEETINGS).copied().collect();
        let model = model("as_of: 2026-09-30\n", &files, BuildOptions::default());
        indicators(&Facts::of(&model)).entries()
    }

    #[test]
    fn overall_rate_counts_board_and_committee_meetings_up_to_the_report_date() {
        let list = compute();
        let rate = get(&list, "attendance.rate");
        // Present 2 + 2 + 1 of eligible 3 + 3 + 2.
        assert_eq!(rate.value, json!(0.625));
        assert_eq!(rate.status, Status::Warn);
        assert_eq!(rate.summary, "63% (5 of 8 places, 3 meetings)");
    }

    #[test]
    fn per_member() {
        let list = compute();
        let members = get(&list, "attendance.by_member");
        let rows: Vec<(&str, u64, u64, &str)> = members
            .value
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap(),
                    r["present"].as_u64().unwrap(),
                    r["eligible"].as_u64().unwrap(),
                    r["status"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("a", 2, 3, "warn"),
                ("b", 2, 3, "warn"),
                ("c", 0, 1, "warn"),
                ("d", 1, 1, "ok"),
            ]
        );
        assert_eq!(members.value[0]["rate"], json!(2.0 / 3.0));
        assert_eq!(members.value[2]["apologies"], json!(1));
        assert_eq!(members.value[1]["absent"], json!(1));
        assert_eq!(members.status, Status::Warn);
    }

    #[test]
    fn per_meeting() {
        let list = compute();
        let meetings = get(&list, "attendance.by_meeting");
        assert_eq!(
            meetings.value,
            json!([
                { "id": "m1", "date": "2026-03-01", "body": "board", "present": 2, "apologies": 1, "absent": 0, "eligible": 3, "rate": 2.0 / 3.0 },
                { "id": "m2", "date": "2026-06-03", "body": "board", "present": 2, "apologies": 0, "absent": 1, "eligible": 3, "rate": 2.0 / 3.0 },
                { "id": "q1", "date": "2026-07-01", "body": "quality", "present": 1, "apologies": 1, "absent": 0, "eligible": 2, "rate": 0.5 },
            ])
        );
    }

    #[test]
    fn no_meetings_means_no_rate() {
        let files: Vec<(&str, &str)> = PEOPLE.to_vec();
        let model = model("as_of: 2026-09-30\n", &files, BuildOptions::default());
        let list = indicators(&Facts::of(&model)).entries();
        let rate = get(&list, "attendance.rate");
        assert_eq!(rate.value, Value::Null);
        assert_eq!(rate.status, Status::Info);
        assert_eq!(get(&list, "attendance.by_member").value, json!([]));
        assert_eq!(get(&list, "attendance.by_member").status, Status::Ok);
    }

    #[test]
    fn a_meeting_with_no_eligible_member_has_no_rate() {
        // The audit committee meets, but no one in post sits on it yet.
        let files = [
            PEOPLE[1],
            (
                "meetings/audit.yaml",
                "date: 2019-06-01\nbody: audit\nsession: private\n",
            ),
        ];
        let model = model("as_of: 2026-09-30\n", &files, BuildOptions::default());
        let list = indicators(&Facts::of(&model)).entries();
        let meetings = &get(&list, "attendance.by_meeting").value;
        assert_eq!(meetings[0]["eligible"], json!(0));
        assert_eq!(meetings[0]["rate"], Value::Null);
        assert_eq!(get(&list, "attendance.rate").value, Value::Null);
    }

    /// 5 of 8 is 62.5%, which rounds to the minimum of 63%: the summary says 62.5%, below
    /// it, as the status does, and the label gives the minimum's own decimals.
    #[test]
    fn a_rate_just_below_its_minimum_does_not_read_as_on_it() {
        let model = model_with_minimum("0.63");
        let list = indicators(&Facts::of(&model)).entries();
        let rate = get(&list, "attendance.rate");
        assert_eq!(rate.status, Status::Warn);
        assert_eq!(rate.summary, "62.5% (5 of 8 places, 3 meetings)");
        let model = model_with_minimum("0.625");
        let list = indicators(&Facts::of(&model)).entries();
        let rate = get(&list, "attendance.rate");
        assert_eq!(rate.status, Status::Ok);
        assert_eq!(
            rate.label,
            "Attendance at board and committee meetings (minimum 62.5%)"
        );
        assert_eq!(rate.summary, "63% (5 of 8 places, 3 meetings)");
    }

    fn model_with_minimum(minimum: &str) -> crate::model::Model {
        let files: Vec<(&str, &str)> = PEOPLE.iter().chain(&MEETINGS).copied().collect();
        model(
            &format!("as_of: 2026-09-30\nrules: {{ attendance_min: {minimum} }}\n"),
            &files,
            BuildOptions::default(),
        )
    }

    #[test]
    fn full_attendance_is_ok() {
        let files = [
            PEOPLE[0],
            ("meetings/m1.yaml", "date: 2026-03-01\npresent: [a]\n"),
        ];
        let model = model("as_of: 2026-09-30\n", &files, BuildOptions::default());
        let list = indicators(&Facts::of(&model)).entries();
        assert_eq!(get(&list, "attendance.rate").value, json!(1.0));
        assert_eq!(get(&list, "attendance.rate").status, Status::Ok);
    }
}
