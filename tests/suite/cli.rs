//! Whole-project tests through the real `boardpack` binary: fixture projects under
//! `tests/fixtures/`, copied into a temporary folder when a test changes them.

use crate::common::{
    Run, boardpack, check, copy_of, fixture, invalid, left_beside, run, tree, use_a_broken_theme,
    valid_with,
};
use std::fs;
use std::path::{Path, PathBuf};

/// Runs `build` with `flags` and returns its summary line (`ok: …`, after any warnings),
/// or its first line when it failed.
fn build_summary(project: &Path, flags: &[&str]) -> String {
    let output = boardpack()
        .arg("build")
        .args(flags)
        .arg(project)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut lines = stderr.lines();
    lines
        .clone()
        .find(|line| line.starts_with("ok"))
        .or_else(|| lines.next())
        .unwrap_or_default()
        .to_string()
}

/// Runs `check` and returns the first line, asserting the run failed with exit code 1.
fn first_error(project: &Path) -> String {
    let result = check(project);
    assert_eq!(
        result.code, 1,
        "expected exit 1, got {}:\n{}",
        result.code, result.stderr
    );
    result.stderr.lines().next().unwrap_or_default().to_string()
}

#[test]
fn valid_fixture_checks_clean() {
    let result = check(&fixture("valid"));
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(result.stderr, "ok: 8 records, report date 2026-09-30\n");
}

#[test]
fn example_report_checks_clean() {
    let result = check(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(!result.stderr.contains("warning"), "{}", result.stderr);
    assert!(
        result
            .stderr
            .starts_with("ok: 62 records, report date 2026-09-30"),
        "{}",
        result.stderr
    );
}

/// Each invalid fixture differs from `valid` by one problem; this is its first line.
const INVALID: &[(&str, &str)] = &[
    (
        "action-due-before-meeting",
        "content/actions/report-back.yaml:4:6: error: `due` (2026-09-01) is before the meeting that agreed the action (`board-2026-09`, 2026-09-18)",
    ),
    (
        "action-unknown-item",
        "content/actions/report-back.yaml:3:7: error: `item`: meeting `board-2026-09` has no agenda item `3`",
    ),
    (
        "action-unknown-meeting",
        "content/actions/report-back.yaml:2:10: error: `meeting`: there is no meeting `board-2026-08`",
    ),
    (
        "agenda-item-missing-field",
        "content/meetings/board-2026-09.yaml:7:5: error: missing required field `purpose` in `agenda`",
    ),
    (
        "bad-date",
        "content/people/jo-bell.yaml:5:20: error: `board.first_appointed`: expected a date as YYYY-MM-DD, found `01/01/2020`",
    ),
    (
        "bad-id",
        "content/people/Jo Bell.yaml:1:1: error: `Jo Bell.yaml`: a record's file name is its id, and `Jo Bell` is not a valid id",
    ),
    (
        "bad-period",
        "content/measures/tension.yaml:6:15: error: `points.period`: expected a period as YYYY-MM, YYYY-MM-DD or YYYY-Qn, found `Aug 2026`",
    ),
    (
        "config-typo",
        "boardpack.yaml:5:3: error: unknown field `attendence_min` in `rules`",
    ),
    (
        "declaration-not-present",
        "content/meetings/board-2026-09.yaml:9:15: error: `declarations.person`: `sam-lee` did not attend this meeting",
    ),
    (
        "duplicate-agenda-number",
        "content/meetings/board-2026-09.yaml:7:13: error: agenda item `1` is numbered twice",
    ),
    (
        "duplicate-id",
        "content/people/jo-bell.yaml:1:1: error: duplicate person id `jo-bell`: `content/people/former/jo-bell.yaml` has the same id",
    ),
    (
        "interest-ends-before-it-began",
        "content/people/jo-bell.yaml:8:73: error: `interests.to` (2023-12-31) is before `interests.from` (2024-01-01)",
    ),
    (
        "left-before-appointed",
        "content/people/pat-former.yaml:6:9: error: `board.left` (2019-12-31) is not after `board.first_appointed` (2020-01-01)",
    ),
    (
        "missing-field",
        "content/people/jo-bell.yaml:1:1: error: missing required field `profession`",
    ),
    (
        "missing-paper",
        "content/meetings/board-2026-09.yaml:6:63: error: `agenda.paper`: there is no paper `files/welcome.pdf`",
    ),
    (
        "nested-too-deep",
        "content/pages/about.md:6:1001: error: the text nests more than 1000 levels deep here: quotes (`>`), lists or HTML elements inside one another",
    ),
    (
        "no-closing-front-matter",
        "content/initiatives/pairs.md:1:1: error: the front matter is not closed",
    ),
    (
        "not-eligible",
        "content/meetings/board-2026-09.yaml:2:20: error: `present`: `ali-khan` is not a board member, so is not a member of this meeting",
    ),
    (
        "period-repeated",
        "content/measures/tension.yaml:6:15: error: period `2026-07` is repeated",
    ),
    (
        "periods-out-of-order",
        "content/measures/tension.yaml:6:15: error: period `2026-06` comes after `2026-07`: points must be in time order",
    ),
    (
        "present-and-apologies",
        "content/meetings/board-2026-09.yaml:3:22: error: `jo-bell` is under both `present` and `apologies`",
    ),
    (
        "rag-missing",
        "content/initiatives/pairs.md:4:9: error: an active initiative needs a `rag` rating",
    ),
    (
        "record-in-wrong-folder",
        "content/people/follow-up.yaml:1:1: error: this file is in `content/people/`, where each file is a person, but it is written as an action: `title`, `meeting`, `owner` and `due` are an action's fields",
    ),
    (
        "several-wrong-values",
        "content/initiatives/pairs.md:4:9: error: `status` has an unknown value `on-hold`",
    ),
    (
        "sponsor-not-board",
        "content/initiatives/pairs.md:7:10: error: `sponsor`: `ali-khan` is not a board member in post on 2026-09-30 (the report date)",
    ),
    (
        "survey-sum",
        "content/surveys/survey-2026.yaml:3:14: error: `respondents` is 12 but the `relationship` answers add up to 10",
    ),
    (
        "text-needs-quotes",
        "content/pages/about.md:2:8: error: `title`: YAML reads a value that starts with `*` as a reference to an anchor (`*name`), not as text",
    ),
    (
        "unknown-committee",
        "content/meetings/board-2026-09.yaml:2:7: error: `body`: no board member sits on a committee `audits`",
    ),
    (
        "unknown-enum",
        "content/people/jo-bell.yaml:2:13: error: `profession` has an unknown value `docter`",
    ),
    (
        "unknown-field",
        "content/people/jo-bell.yaml:5:3: error: unknown field `first_apointed` in `board`",
    ),
    (
        "unknown-interest-type",
        "content/people/jo-bell.yaml:8:57: error: `interests.type` has an unknown value `finacial`",
    ),
    (
        "unknown-measure",
        "content/initiatives/pairs.md:8:12: error: `measures`: there is no measure `tensions`",
    ),
    (
        "unknown-person",
        "content/meetings/board-2026-09.yaml:2:11: error: `present`: there is no person `jo-bel`",
    ),
    (
        "unknown-purpose",
        "content/meetings/board-2026-09.yaml:7:51: error: `agenda.purpose` has an unknown value `assurence`",
    ),
    (
        "unknown-record-link",
        "content/pages/about.md:4:5: error: `@/people/jo-bel`: there is no person `jo-bel`",
    ),
    (
        "wrong-type",
        "content/people/jo-bell.yaml:5:11: error: `board.voting`: expected `true` or `false`, found `maybe`",
    ),
    (
        "yaml-syntax",
        "content/people/jo-bell.yaml:3:50: error: `board`: the fields opened with `{` on line 3 are not closed",
    ),
];

#[test]
fn each_invalid_fixture_reports_its_problem_first() {
    let mut mismatches = Vec::new();
    for (name, expected) in INVALID {
        let line = first_error(invalid(name).path());
        if line != *expected {
            mismatches.push(format!("{name}:\n  expected {expected}\n  got      {line}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn every_invalid_fixture_has_an_expectation() {
    let mut on_disk: Vec<String> = fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = INVALID.iter().map(|(name, _)| *name).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn diagnostics_quote_the_line_and_give_help() {
    let result = check(invalid("unknown-field").path());
    assert_eq!(
        result.stderr,
        "content/people/jo-bell.yaml:5:3: error: unknown field `first_apointed` in `board`\n\
         5 |   first_apointed: 2020-01-01\n  \
         |   ^^^^^^^^^^^^^^\n\
         help: did you mean `first_appointed`?\n\
         1 error in 1 file\n"
    );
    // The parser's own words ("reference to unknown value") said nothing of the fix.
    let quotes = check(invalid("text-needs-quotes").path()).stderr;
    assert!(
        quotes.contains(
            "help: if it is text, put it in double quotes: `title: \"*Provisional* figures for the board\"`\n"
        ),
        "{quotes}"
    );
    let enum_help = check(invalid("unknown-enum").path()).stderr;
    assert!(
        enum_help.contains(
            "help: did you mean `doctor`? (expected `doctor`, `nurse`, `midwife`, `ahp`,"
        ),
        "{enum_help}"
    );
    let measure = check(invalid("unknown-measure").path()).stderr;
    assert!(
        measure.contains("help: did you mean `tension`?"),
        "{measure}"
    );
    let duplicate = check(invalid("duplicate-id").path()).stderr;
    assert!(
        duplicate.contains("help: a record's id is its file name"),
        "{duplicate}"
    );
}

#[test]
fn every_wrong_value_in_a_file_is_reported_at_once() {
    let result = check(invalid("several-wrong-values").path());
    assert_eq!(result.code, 1);
    let errors: Vec<&str> = result
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "content/initiatives/pairs.md:4:9: error: `status` has an unknown value `on-hold`",
            "content/initiatives/pairs.md:5:6: error: `rag` has an unknown value `purple`",
            "content/initiatives/pairs.md:8:6: error: `due`: `2026-13-01` is not a date in the calendar",
            "content/initiatives/pairs.md:10:27: error: `milestones.due`: `2026-02-30` is not a date in the calendar",
            "content/initiatives/pairs.md:13:1: error: unknown field `owner`",
        ]
    );
    // Each with its own help, as when it was the only one.
    assert!(
        result
            .stderr
            .contains("help: expected `green`, `amber` or `red`"),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.ends_with("5 errors in 1 file\n"),
        "{}",
        result.stderr
    );
    // The record did not parse, so nothing names it as unknown, and a build refuses it and
    // leaves the output as it was.
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("index.html"), "before").unwrap();
    let built = assert_cmd::Command::cargo_bin("boardpack")
        .unwrap()
        .args(["build", "--out"])
        .arg(out.path())
        .arg(invalid("several-wrong-values").path())
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&built.stderr)
            .matches(": error: ")
            .count(),
        5
    );
    assert_eq!(
        fs::read_to_string(out.path().join("index.html")).unwrap(),
        "before"
    );
}

#[test]
fn a_front_matter_left_open_is_one_problem_not_one_per_line_of_text() {
    // The closing `---` forgotten: the text runs on to the rule below it, and its
    // `Word: text` lines read as fields; only the first is reported.
    let project = valid_with(&[(
        "content/initiatives/pairs.md",
        "---\ntitle: Paired learning\ncategory: paired-learning\nstatus: active\nrag: green\nlead: ali-khan\n\nSummary: six pairs\nNext steps: a review, in May\nOwner: Jo\n\n---\n\nMore text.\n",
    )]);
    assert_eq!(
        errors(project.path()),
        ["content/initiatives/pairs.md:8:1: error: unknown field `Summary`"]
    );
}

#[test]
fn all_problems_are_collected_and_sorted() {
    let project = copy_of("valid");
    let root = project.path();
    fs::write(
        root.join("content/people/ali-khan.yaml"),
        "name: Ali Khan\nprofession: manger\n",
    )
    .unwrap();
    fs::write(root.join("content/measures/tension.yaml"), "title: T\nimprovement: down\npoints:\n  - { period: 2026-08, value: 1 }\n  - { period: 2026-07, value: 1 }\n").unwrap();
    fs::write(
        root.join("content/meetings/board-2026-09.yaml"),
        "date: 2026-09-18\npresent: [jo-bell, nobody]\napologies: [jo-bell]\n",
    )
    .unwrap();
    let result = check(root);
    assert_eq!(result.code, 1);
    let firsts: Vec<&str> = result
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        firsts,
        [
            "content/measures/tension.yaml:5:15: error: period `2026-07` comes after `2026-08`: points must be in time order",
            "content/meetings/board-2026-09.yaml:2:20: error: `present`: there is no person `nobody`",
            "content/meetings/board-2026-09.yaml:3:13: error: `jo-bell` is under both `present` and `apologies`",
            "content/people/ali-khan.yaml:2:13: error: `profession` has an unknown value `manger`",
        ]
    );
    assert!(
        result.stderr.ends_with("4 errors in 3 files\n"),
        "{}",
        result.stderr
    );
}

#[test]
fn an_unparsed_person_is_not_reported_again_as_unknown() {
    let project = copy_of("valid");
    fs::write(
        project.path().join("content/people/ali-khan.yaml"),
        "name: Ali Khan\nprofesion: manager\n",
    )
    .unwrap();
    let result = check(project.path());
    let errors: Vec<&str> = result
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        ["content/people/ali-khan.yaml:2:1: error: unknown field `profesion`"]
    );
}

#[test]
fn json_format_lists_problems() {
    let result = run(
        &["check", "--format", "json"],
        invalid("unknown-field").path(),
    );
    assert_eq!(result.code, 1);
    let problems: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(
        problems,
        serde_json::json!([{
            "file": "content/people/jo-bell.yaml",
            "line": 5,
            "column": 3,
            "severity": "error",
            "message": "unknown field `first_apointed` in `board`",
            "help": "did you mean `first_appointed`?",
        }])
    );
    let clean = run(&["check", "--format", "json"], &fixture("valid"));
    assert_eq!((clean.code, clean.stdout.trim()), (0, "[]"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check", "--bogus"][..],
        &["check", "--format", "xml"],
        &["publish"],
        &[],
    ] {
        let output = boardpack().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn build_stops_with_the_same_diagnostics() {
    let project = invalid("unknown-person");
    let project = project.path();
    let checked = check(project);
    let built = run(&["build"], project);
    assert_eq!(built.code, 1);
    let (diagnostics, last) = built
        .stderr
        .trim_end()
        .rsplit_once('\n')
        .expect("more than one line");
    assert_eq!(format!("{diagnostics}\n"), checked.stderr);
    assert!(last.starts_with("nothing was written;"), "{last}");
}

/// The indicator ids of INDICATORS.md, measures aside (one per measure record).
const INDICATOR_IDS: [&str; 36] = [
    "board.members",
    "board.voting",
    "board.clinical_share",
    "board.voting_clinical_share",
    "board.doctors",
    "board.independence",
    "board.mandatory_roles_missing",
    "board.terms_ending",
    "board.tenure_review",
    "board.tenure_breach",
    "board.fit_and_proper_overdue",
    "board.clinical_share_history",
    "attendance.rate",
    "attendance.by_member",
    "attendance.by_meeting",
    "initiatives.count",
    "initiatives.by_status",
    "initiatives.by_category",
    "initiatives.by_rag",
    "initiatives.on_track_share",
    "initiatives.overdue_milestones",
    "initiatives.overdue",
    "initiatives.budget",
    "initiatives.participants",
    "leaders.count",
    "leaders.management_share",
    "leaders.management_overrun",
    "survey.tension_share",
    "survey.unresolved_share",
    "survey.pessimism_share",
    "survey.change",
    "governance.actions_open",
    "governance.actions_overdue",
    "governance.actions_on_time_share",
    "governance.interests_undeclared",
    "governance.meetings_inquorate",
];

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn indicators_prints_every_indicator_of_the_example_report() {
    let table = run(&["indicators"], &example());
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table
            .stdout
            .starts_with("Northshire Hospitals NHS Foundation Trust: indicators as of 2026-09-30"),
        "{}",
        table.stdout
    );
    let measures = [
        "measures.joint-training-places",
        "measures.management-time",
        "measures.relationship-tension",
        "measures.shadowing-hours",
    ];
    for id in INDICATOR_IDS.iter().chain(&measures) {
        assert!(
            table
                .stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{id} "))),
            "{id} missing from the table:\n{}",
            table.stdout
        );
    }
    // Figures a secretary reads: shares as whole percentages, lists item by item.
    assert!(
        table
            .stdout
            .contains("Board members from a clinical profession: 38% (5 of 13)")
    );
    assert!(
        table
            .stdout
            .contains("- peter-lang: term ends 2026-10-31 (in 31 days)")
    );

    let json = run(&["indicators", "--format", "json"], &example());
    assert_eq!(json.code, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let map = value.as_object().unwrap();
    assert_eq!(map.len(), INDICATOR_IDS.len() + measures.len());
    for id in INDICATOR_IDS.iter().chain(&measures) {
        let entry = &map[*id];
        let status = entry["status"].as_str().unwrap();
        assert!(["ok", "warn", "breach", "info"].contains(&status), "{id}");
        assert!(entry["label"].is_string(), "{id}");
        assert!(entry.get("value").is_some(), "{id}");
    }
    assert_eq!(map["board.members"]["value"], 13);
    assert_eq!(map["initiatives.by_status"]["value"]["active"], 5);
    let tension = &map["measures.relationship-tension"]["value"];
    for key in ["latest", "mean", "upper", "lower", "variation", "assurance"] {
        assert!(tension.get(key).is_some(), "{key}");
    }
}

/// `site/` in the repository is the example report's build, for reviewers to browse; it
/// must match what the code makes of `content/` today.
#[test]
fn the_committed_site_is_the_build_of_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(&["build", "--out", out.to_str().unwrap()], &example());
    assert_eq!(result.code, 0, "{}", result.stderr);
    let built = tree(&out);
    let committed = tree(&example().join("site"));
    let names =
        |t: &std::collections::BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&built),
        "site/ lists other files than a fresh build; refresh it with `cargo run --release -- build`"
    );
    for (path, bytes) in &built {
        assert!(
            committed[path] == *bytes,
            "site/{} differs from a fresh build; refresh it with `cargo run --release -- build`",
            path.display()
        );
    }
}

/// A member's attendance is listed by date, the committees' meetings among the board's;
/// and the dashboard shows the two indicators that were only in the exports.
#[test]
fn a_persons_meetings_come_by_date_and_every_indicator_has_a_tile() {
    let page = fs::read_to_string(example().join("site/people/helen-price.html")).unwrap();
    let dates: Vec<&str> = page
        .match_indices("<tr><th scope=\"row\"><time datetime=\"")
        .map(|(at, m)| &page[at + m.len()..at + m.len() + 10])
        .collect();
    assert!(dates.len() > 3, "{dates:?}");
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let dashboard = fs::read_to_string(example().join("site/index.html")).unwrap();
    for label in [
        "Initiative participants",
        "Clinical leaders with a job plan",
    ] {
        assert!(dashboard.contains(label), "{label}");
    }
}

#[test]
fn indicators_of_a_broken_project_print_its_problems() {
    let result = run(&["indicators"], invalid("unknown-person").path());
    assert_eq!(result.code, 1);
    assert!(result.stdout.is_empty());
    assert!(result.stderr.contains("error:"), "{}", result.stderr);
}

#[test]
fn build_writes_the_site_and_the_data_exports() {
    let project = copy_of("valid");
    let out = project.path().join("out");
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    let files = tree(&out);
    let mut names: Vec<String> = files
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    names.sort();
    assert!(
        result
            .stderr
            .contains(&format!("wrote {} files to", names.len() - 1)),
        "{}",
        result.stderr
    );
    assert_eq!(
        names,
        [
            ".boardpack-site",
            "404.html",
            "accessibility.html",
            "actions.html",
            "attention.html",
            "board-pack.pdf",
            "board.html",
            "data/actions.csv",
            "data/attendance.csv",
            "data/indicators.csv",
            "data/indicators.json",
            "data/initiatives.csv",
            "data/interests.csv",
            "data/measures.csv",
            "index.html",
            "initiatives.html",
            "initiatives/category/paired-learning.html",
            "initiatives/pairs.html",
            "initiatives/status/active.html",
            "interests.html",
            "measures.html",
            "measures/tension.html",
            "meetings.html",
            "meetings/board-2026-09.html",
            "pages/about.html",
            "people.html",
            "people/ali-khan.html",
            "people/jo-bell.html",
            "people/sam-lee.html",
            "search-index.js",
            "search.html",
            "sitemap.xml",
            "static/icons/assurance-fail.svg",
            "static/icons/assurance-hit-or-miss.svg",
            "static/icons/assurance-pass.svg",
            "static/icons/variation-common-cause.svg",
            "static/icons/variation-concern-high.svg",
            "static/icons/variation-concern-low.svg",
            "static/icons/variation-improvement-high.svg",
            "static/icons/variation-improvement-low.svg",
            "static/icons/variation-neither-high.svg",
            "static/icons/variation-neither-low.svg",
            "static/search.js",
            "static/site.js",
            "static/style.css",
            "surveys.html",
        ]
    );
    let json: serde_json::Value =
        serde_json::from_slice(&files[Path::new("data/indicators.json")]).unwrap();
    for id in INDICATOR_IDS {
        assert!(json.get(id).is_some(), "{id} missing from indicators.json");
    }
    let attendance = String::from_utf8(files[Path::new("data/attendance.csv")].clone()).unwrap();
    assert!(
        attendance.starts_with("meeting,date,body,session,title,person,name,attendance,counted\n")
    );
    // The default output folder is the project's site/.
    assert_eq!(run(&["build"], project.path()).code, 0);
    assert!(project.path().join("site/data/indicators.json").is_file());
}

#[test]
fn builds_are_byte_identical() {
    let project = copy_of("valid");
    let (a, b) = (project.path().join("a"), project.path().join("b"));
    for out in [&a, &b] {
        assert_eq!(
            run(&["build", "--out", out.to_str().unwrap()], project.path()).code,
            0
        );
    }
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let project = copy_of("valid");
    let out = project.path().join("site");
    assert_eq!(run(&["build"], project.path()).code, 0);
    let before = tree(&out);
    fs::write(
        project.path().join("content/people/jo-bell.yaml"),
        "name: Jo Bell\nprofession: surgeon\n",
    )
    .unwrap();
    let result = run(&["build"], project.path());
    assert_eq!(result.code, 1);
    assert!(result.stderr.contains("jo-bell.yaml"), "{}", result.stderr);
    assert_eq!(tree(&out), before);
}

#[test]
fn build_refuses_outputs_that_would_replace_the_project() {
    let project = copy_of("valid");
    let content_before = tree(&project.path().join("content"));
    let parent = project
        .path()
        .parent()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let content = project.path().join("content");
    for out in [
        project.path().to_str().unwrap(),
        content.to_str().unwrap(),
        parent.as_str(),
        "/",
    ] {
        let result = run(&["build", "--out", out], project.path());
        // A mistake in the command, as the README says: exit 2.
        assert_eq!(result.code, 2, "--out {out}");
        assert!(
            result
                .stderr
                .starts_with("error: refusing to write the site to "),
            "--out {out}: {}",
            result.stderr
        );
    }
    assert_eq!(tree(&project.path().join("content")), content_before);
}

#[test]
fn build_leaves_a_folder_it_did_not_create() {
    let project = copy_of("valid");
    let out = project.path().join("docs");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("minutes.docx"), "precious").unwrap();
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 1);
    assert!(
        result.stderr.contains("was not written by boardpack"),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.contains("nothing was written"),
        "{}",
        result.stderr
    );
    assert_eq!(
        fs::read_to_string(out.join("minutes.docx")).unwrap(),
        "precious"
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
}

/// A build writes its pages as it renders them, but not beside a folder it may not
/// replace: a problem the build finds is still the one reported, before the folder's.
#[test]
fn a_broken_template_is_reported_before_an_output_folder_it_may_not_replace() {
    let project = copy_of("valid");
    let out = project.path().join("docs");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("minutes.docx"), "precious").unwrap();
    use_a_broken_theme(project.path());
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 1);
    assert!(
        result.stderr.contains("themes/broken/templates/board.html")
            && !result.stderr.contains("was not written by boardpack"),
        "{}",
        result.stderr
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
    let beside = left_beside(project.path());
    assert!(beside.is_empty(), "{beside:?}");
}

/// A theme's templates in a folder boardpack does not read (`template/`, one letter short)
/// are warned of by `check` and the build, which used the built-in templates without a
/// word.
#[test]
fn theme_files_in_a_folder_that_is_not_read_are_warned_of() {
    let project = copy_of("valid");
    let misnamed = project.path().join("themes/mine/template");
    fs::create_dir_all(&misnamed).unwrap();
    fs::write(misnamed.join("board.html"), "{% extends \"base.html\" %}\n").unwrap();
    fs::write(
        project.path().join("boardpack.yaml"),
        "title: T\nas_of: 2026-09-30\ntheme: mine\n",
    )
    .unwrap();
    let warning = "themes/mine/template:1:1: warning: this folder is not read: a theme's files go in `templates/`, `static/` and `pdf/`";
    let help = "help: to use `template/board.html`, move it to themes/mine/templates/board.html";
    let result = check(project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains(warning), "{}", result.stderr);
    assert!(result.stderr.contains(help), "{}", result.stderr);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(
        &["build", "--out", out.to_str().unwrap(), "--no-pdf"],
        project.path(),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains(warning), "{}", result.stderr);
}

/// `check` finds what the build would of the theme: one that is not there, or a template
/// of the project's own that does not parse. Both passed `check` and failed the build.
#[test]
fn check_finds_a_missing_theme_and_a_template_that_does_not_parse() {
    let project = copy_of("valid");
    fs::write(
        project.path().join("boardpack.yaml"),
        "title: T\nas_of: 2026-09-30\ntheme: missing\n",
    )
    .unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(
        result
            .stderr
            .starts_with("boardpack.yaml:3:8: error: `theme`: there is no theme `missing`"),
        "{}",
        result.stderr
    );
    let templates = project.path().join("themes/mine/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join("index.html"), "{% if %}\n").unwrap();
    fs::write(
        project.path().join("boardpack.yaml"),
        "title: T\nas_of: 2026-09-30\ntheme: mine\n",
    )
    .unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(
        result
            .stderr
            .starts_with("themes/mine/templates/index.html:"),
        "{}",
        result.stderr
    );
    // A template that parses is fine for `check`, whatever it shows.
    fs::write(
        templates.join("index.html"),
        "{% extends \"base.html\" %}\n",
    )
    .unwrap();
    assert_eq!(check(project.path()).code, 0);
}

/// A fit and proper assessment dated after the report date had not happened then: a pack
/// made again for an earlier quarter from records updated since showed a lapsed check as
/// done. It is left out, with a warning at it, and the member counts as having none.
#[test]
fn a_fit_and_proper_assessment_after_the_report_date_does_not_count() {
    let project = copy_of("valid");
    let jo = project.path().join("content/people/jo-bell.yaml");
    let text = fs::read_to_string(&jo).unwrap();
    fs::write(&jo, format!("{text}fit_and_proper: 2026-10-01\n")).unwrap();
    let result = run(&["indicators", "--format", "json"], project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result.stderr.contains("content/people/jo-bell.yaml:7:17: warning: this fit and proper assessment is dated after the report date (2026-09-30), so the report counts none for this member"),
        "{}",
        result.stderr
    );
    let json: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
    let overdue = &json["board.fit_and_proper_overdue"]["value"];
    let jo = overdue
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "jo-bell")
        .expect("Jo Bell counts as having no assessment");
    assert_eq!(jo["fit_and_proper"], serde_json::Value::Null, "{overdue}");
}

#[test]
fn exports_leave_out_confidential_and_draft_records() {
    let project = copy_of("valid");
    fs::write(
        project.path().join("content/initiatives/secret-review.yaml"),
        "title: SECRET-MARKER review\ncategory: other\nstatus: active\nrag: red\nlead: jo-bell\nbudget: 999999\nconfidential: true\n",
    )
    .unwrap();
    fs::write(
        project.path().join("content/initiatives/draft-plan.yaml"),
        "title: DRAFT-MARKER plan\ncategory: other\nstatus: proposed\nlead: jo-bell\ndraft: true\n",
    )
    .unwrap();
    // A public initiative led by a confidential person and tracked by a confidential
    // measure: initiatives.csv gave both ids.
    fs::write(
        project.path().join("content/people/hidden-lead.yaml"),
        "name: HIDDEN-NAME\nprofession: manager\nconfidential: true\n",
    )
    .unwrap();
    fs::write(
        project.path().join("content/measures/hidden-measure.yaml"),
        "title: HIDDEN-MEASURE\nimprovement: up\nconfidential: true\npoints:\n  - { period: 2026-07, value: 1 }\n",
    )
    .unwrap();
    fs::write(
        project.path().join("content/initiatives/open-plan.yaml"),
        "title: Open plan\ncategory: other\nstatus: active\nrag: green\nlead: hidden-lead\nmeasures: [hidden-measure, tension]\n",
    )
    .unwrap();
    let public = project.path().join("public");
    assert_eq!(
        run(
            &["build", "--out", public.to_str().unwrap()],
            project.path()
        )
        .code,
        0
    );
    let initiatives =
        String::from_utf8(tree(&public)[Path::new("data/initiatives.csv")].clone()).unwrap();
    let row = initiatives
        .lines()
        .find(|l| l.starts_with("open-plan,"))
        .unwrap();
    assert!(
        row.starts_with("open-plan,Open plan,other,active,green,,,"),
        "{row}"
    );
    assert!(row.contains(",tension,"), "{row}");
    for (path, bytes) in tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        for marker in [
            "SECRET-MARKER",
            "secret-review",
            "999999",
            "DRAFT-MARKER",
            "draft-plan",
            "hidden-lead",
            "HIDDEN-NAME",
            "hidden-measure",
            "HIDDEN-MEASURE",
        ] {
            assert!(
                !text.contains(marker),
                "{marker} leaked into {}",
                path.display()
            );
        }
    }
    let all = project.path().join("all");
    let flags = [
        "build",
        "--drafts",
        "--confidential",
        "--out",
        all.to_str().unwrap(),
    ];
    assert_eq!(run(&flags, project.path()).code, 0);
    let initiatives =
        String::from_utf8(tree(&all)[Path::new("data/initiatives.csv")].clone()).unwrap();
    assert!(initiatives.contains("SECRET-MARKER"));
    assert!(initiatives.contains("DRAFT-MARKER"));
}

#[test]
fn drafts_and_confidential_records_are_left_out_unless_asked_for() {
    let project = copy_of("valid");
    let pages = project.path().join("content/pages");
    fs::write(
        pages.join("draft.md"),
        "---\ntitle: Draft\ndraft: true\n---\n",
    )
    .unwrap();
    fs::write(
        pages.join("secret.md"),
        "---\ntitle: Secret\nconfidential: true\n---\n",
    )
    .unwrap();
    // The records left out are counted, so that the build's figure and `check`'s add up.
    assert_eq!(
        build_summary(project.path(), &[]),
        "ok: 8 records, report date 2026-09-30; 2 more left out (drafts or confidential)"
    );
    assert_eq!(
        build_summary(project.path(), &["--drafts"]),
        "ok: 9 records, report date 2026-09-30; 1 more left out (confidential)"
    );
    assert_eq!(
        build_summary(project.path(), &["--drafts", "--confidential"]),
        "ok: 10 records, report date 2026-09-30"
    );
    // check validates everything, drafts and confidential records included.
    assert_eq!(
        check(project.path()).stderr,
        "ok: 10 records, report date 2026-09-30\n"
    );
    // A meeting after the report date is left out of both, and both say so.
    fs::write(
        project.path().join("content/meetings/next-year.yaml"),
        "date: 2027-01-21\npresent: []\n",
    )
    .unwrap();
    let checked = check(project.path()).stderr;
    assert!(
        checked.ends_with(
            "ok: 10 records, report date 2026-09-30; 1 more left out (dated after the report date)\n"
        ),
        "{checked}"
    );
    assert_eq!(
        build_summary(project.path(), &[]),
        "ok: 8 records, report date 2026-09-30; 3 more left out (2 drafts or confidential, 1 dated after the report date)"
    );
}

#[test]
fn report_date_defaults_to_latest_meeting_or_measure_period() {
    let project = copy_of("valid");
    fs::write(project.path().join("boardpack.yaml"), "title: T\n").unwrap();
    // Latest: the measure's 2026-08 period, which ends on 2026-08-31... but the meeting is 2026-09-18.
    assert!(
        check(project.path())
            .stderr
            .starts_with("ok: 8 records, report date 2026-09-18")
    );
    fs::write(
        project.path().join("content/measures/tension.yaml"),
        "title: T\nimprovement: down\npoints:\n  - { period: 2026-Q3, value: 1 }\n",
    )
    .unwrap();
    assert!(
        check(project.path())
            .stderr
            .starts_with("ok: 8 records, report date 2026-09-30")
    );
}

// Hostile and unusual input: a clear message and exit 1 (or success where the input is
// valid after all), never a panic.

fn person_file(project: &tempfile::TempDir) -> PathBuf {
    project.path().join("content/people/ali-khan.yaml")
}

#[test]
fn empty_record_file() {
    let project = copy_of("valid");
    fs::write(person_file(&project), "").unwrap();
    assert_eq!(
        first_error(project.path()),
        "content/people/ali-khan.yaml:1:1: error: the file is empty; expected a person record (at least `name` and `profession`)"
    );
}

#[test]
fn missing_opening_front_matter_line() {
    let project = copy_of("valid");
    fs::write(
        project.path().join("content/pages/about.md"),
        "title: About\n\nText\n",
    )
    .unwrap();
    let result = check(project.path());
    assert!(result.stderr.starts_with(
        "content/pages/about.md:1:1: error: a Markdown record must start with front matter: a line `---`, the fields, then `---`\n"
    ));
}

#[test]
fn bom_and_crlf_are_accepted_and_lines_still_count() {
    let project = copy_of("valid");
    fs::write(
        person_file(&project),
        "\u{feff}name: Ali Khan\r\nprofession: manager\r\n",
    )
    .unwrap();
    fs::write(
        project.path().join("content/pages/about.md"),
        "\u{feff}---\r\ntitle: About\r\n---\r\nText\r\n",
    )
    .unwrap();
    assert_eq!(check(project.path()).code, 0);
    fs::write(
        person_file(&project),
        "\u{feff}name: Ali Khan\r\nprofession: manger\r\n",
    )
    .unwrap();
    assert_eq!(
        first_error(project.path()),
        "content/people/ali-khan.yaml:2:13: error: `profession` has an unknown value `manger`"
    );
}

#[test]
fn tab_indentation() {
    let project = copy_of("valid");
    fs::write(
        person_file(&project),
        "name: Ali Khan\nprofession: manager\njob_plan:\n\tclinical: 1\n",
    )
    .unwrap();
    let line = first_error(project.path());
    assert!(
        line.starts_with("content/people/ali-khan.yaml:4:"),
        "{line}"
    );
    assert!(line.to_lowercase().contains("tab"), "{line}");
}

#[test]
fn invalid_utf8_points_at_the_byte() {
    let project = copy_of("valid");
    fs::write(
        person_file(&project),
        b"name: Ali Kh\xE1n\nprofession: manager\n",
    )
    .unwrap();
    let result = check(project.path());
    assert!(
        result.stderr.starts_with(
            "content/people/ali-khan.yaml:1:13: error: this file is not valid UTF-8 text: it looks saved as Windows-1252 (\"ANSI\"), in which this line reads `name: Ali Khán`\n"
        ),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("help: save it as UTF-8"));
}

#[test]
fn binary_file_with_a_yaml_name() {
    let project = copy_of("valid");
    fs::write(
        person_file(&project),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF],
    )
    .unwrap();
    assert_eq!(
        first_error(project.path()),
        "content/people/ali-khan.yaml:1:1: error: this file is binary, not text"
    );
}

#[test]
fn a_record_saved_as_utf16_is_named_so() {
    let project = copy_of("valid");
    let text = fs::read_to_string(person_file(&project)).unwrap();
    // What Windows' Notepad writes for "Unicode": a byte-order mark, then UTF-16LE.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    fs::write(person_file(&project), utf16).unwrap();
    let result = check(project.path());
    assert!(
        result.stderr.starts_with(
            "content/people/ali-khan.yaml:1:1: error: this file is saved as UTF-16 text; \
             records are UTF-8\n"
        ),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("help: save it as UTF-8"));
}

#[test]
fn a_50_mb_record_is_refused_without_reading_it() {
    let project = copy_of("valid");
    let file = fs::File::create(person_file(&project)).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    assert_eq!(
        first_error(project.path()),
        "content/people/ali-khan.yaml:1:1: error: this file is 52.4 MB; a record may be at most 8 MB"
    );
}

#[test]
fn deeply_nested_yaml_hits_the_budget() {
    let project = copy_of("valid");
    let deep = format!(
        "name: A\nprofession: lay\nextra:\n  x: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    fs::write(person_file(&project), deep).unwrap();
    let line = first_error(project.path());
    assert!(
        line.starts_with("content/people/ali-khan.yaml:4:"),
        "{line}"
    );
    assert!(
        line.contains("too deeply nested") || line.contains("nesting"),
        "{line}"
    );
}

#[test]
fn alias_bomb_hits_the_budget() {
    let project = copy_of("valid");
    let mut bomb = String::from(
        "name: A\nprofession: lay\nextra:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..10 {
        let p = format!("*a{}", i - 1);
        bomb.push_str(&format!(
            "  a{i}: &a{i} [{}]\n",
            [p.as_str(); 10].join(", ")
        ));
    }
    fs::write(person_file(&project), bomb).unwrap();
    let line = first_error(project.path());
    assert!(line.starts_with("content/people/ali-khan.yaml:"), "{line}");
    assert!(line.ends_with("error: this YAML is too large, too deeply nested or repeats anchors (`*name`) too often to be a record"), "{line}");
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content() {
    let project = copy_of("valid");
    let people = project.path().join("content/people");
    std::os::unix::fs::symlink(&people, people.join("again")).unwrap();
    assert_eq!(
        first_error(project.path()),
        "content/people/again:1:1: error: this link leads back to `content/people`, making a loop"
    );
}

/// A link to a folder holding the project, or into the system's own folders, is refused
/// at the link: followed, one to `/` walked the whole disk (the project's own output
/// among it) and one to `/proc/self` never ended. A link to a folder of papers elsewhere
/// is followed and published.
#[cfg(target_os = "linux")]
#[test]
fn links_that_would_take_in_the_disk_or_the_system_are_refused() {
    let project = copy_of("valid");
    let content = project.path().join("content");
    fs::create_dir(content.join("files")).unwrap();
    std::os::unix::fs::symlink("/", content.join("files/everything")).unwrap();
    std::os::unix::fs::symlink("/proc/self", content.join("people/me")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", content.join("files/host")).unwrap();
    // The whole error: a broken link is not among these.
    assert_eq!(
        errors(project.path()),
        [
            "content/files/everything:1:1: error: this link leads to `/`, which is or holds this report's `content` folder, so the report would take in itself",
            "content/people/me:1:1: error: this link leads to `/proc/self`, in the system's own `/proc` folder, whose files are not documents",
        ]
    );
    let out = tempfile::tempdir().unwrap();
    let built = run(
        &["build", "--out", &out.path().join("site").to_string_lossy()],
        project.path(),
    );
    assert_eq!(built.code, 1, "{}", built.stderr);
    assert!(!out.path().join("site").exists());

    fs::remove_file(content.join("files/everything")).unwrap();
    fs::remove_file(content.join("people/me")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir(elsewhere.path().join("2026-09")).unwrap();
    fs::write(elsewhere.path().join("2026-09/minutes.pdf"), "minutes").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), content.join("files/shared")).unwrap();
    let (site, _) = crate::common::build(project.path(), &["--no-pdf"]);
    assert_eq!(
        fs::read_to_string(site.path().join("files/shared/2026-09/minutes.pdf")).unwrap(),
        "minutes"
    );

    // The site written into the linked folder: the next build does not take it in (it
    // did, and grew with every build).
    let out = elsewhere.path().join("site");
    let out_arg = out.to_string_lossy().into_owned();
    let first = run(&["build", "--no-pdf", "--out", &out_arg], project.path());
    assert_eq!(first.code, 0, "{}", first.stderr);
    let files = crate::common::tree(&out).len();
    let second = run(&["build", "--no-pdf", "--out", &out_arg], project.path());
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second.stderr.contains("content/files/shared/site:1:1: warning: this folder is a site boardpack wrote (it holds `.boardpack-site`), so nothing in it is read"),
        "{}",
        second.stderr
    );
    assert_eq!(crate::common::tree(&out).len(), files);
    assert!(!out.join("files/shared/site").exists());

    // A theme's link is held to the same rule.
    let theme = project.path().join("themes/mine/static");
    fs::create_dir_all(&theme).unwrap();
    std::os::unix::fs::symlink("/proc/self", theme.join("me")).unwrap();
    fs::write(project.path().join("boardpack.yaml"), "theme: mine\n").unwrap();
    let themed = run(&["build", "--no-pdf", "--out", &out_arg], project.path());
    assert_eq!(themed.code, 1, "{}", themed.stderr);
    assert!(
        themed.stderr.contains("themes/mine/static/me:1:1: error: this link leads to `/proc/self`, in the system's own `/proc` folder"),
        "{}",
        themed.stderr
    );
}

/// A folder of records that cannot be read is the one error: its records may be there,
/// so references to them are not reported too. An unreadable `content/meetings` gave
/// fourteen "there is no meeting" errors before its own, last.
#[cfg(unix)]
#[test]
fn an_unreadable_folder_of_records_is_the_one_error() {
    let project = copy_of("valid");
    let people = project.path().join("content/people");
    std::os::unix::fs::symlink(&people, people.join("again")).unwrap();
    // A reference to a person the folder may hold.
    fs::write(
        project.path().join("content/initiatives/new-plan.yaml"),
        "title: New plan\ncategory: other\nstatus: active\nrag: green\nlead: someone-unlisted\n",
    )
    .unwrap();
    assert_eq!(
        errors(project.path()),
        [
            "content/people/again:1:1: error: this link leads back to `content/people`, making a loop"
        ]
    );
}

/// A paper whose name is not UTF-8 is an error at the paper: `check` said ok and the build
/// failed with "cannot read this paper: No such file or directory" of a file that is there.
#[cfg(target_os = "linux")]
#[test]
fn a_paper_whose_name_is_not_text() {
    use std::os::unix::ffi::OsStrExt;
    let project = copy_of("valid");
    let folder = project
        .path()
        .join("content/files")
        .join(std::ffi::OsStr::from_bytes(b"x\xff"));
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("paper.pdf"), "pdf").unwrap();
    assert_eq!(
        errors(project.path()),
        [
            "content/files/x\u{fffd}/paper.pdf:1:1: error: this paper's name (or its folder's) is not UTF-8 text, so the site cannot link to it"
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_record_linked_to_itself_is_named_a_loop() {
    let project = copy_of("valid");
    let people = project.path().join("content/people");
    std::os::unix::fs::symlink("loop.yaml", people.join("loop.yaml")).unwrap();
    assert_eq!(
        first_error(project.path()),
        "content/people/loop.yaml:1:1: error: cannot read this: it is a link that leads back \
         to itself, or through too many other links (remove the link, or point it at the file \
         itself)"
    );
}

/// A record that is a pipe is the one error, at its name: it was passed over, and each
/// reference to the record said "there is no person".
#[cfg(unix)]
#[test]
fn a_record_that_is_a_pipe_is_named() {
    let project = copy_of("valid");
    let record = project.path().join("content/people/ali-khan.yaml");
    fs::remove_file(&record).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&record)
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(
        errors(project.path()),
        [
            "content/people/ali-khan.yaml:1:1: error: this is not a plain file (a device or a pipe, say), so it is not read"
        ]
    );
}

/// A settings file that is a link to a moved file, a pipe or a device is an error at
/// `boardpack.yaml`: before, a broken link built the report with the default title and
/// rules without a word, `/dev/zero` was read until memory ran out and a pipe hung.
#[cfg(unix)]
#[test]
fn settings_that_are_no_plain_file() {
    let project = copy_of("valid");
    let settings = project.path().join("boardpack.yaml");
    let _ = fs::remove_file(&settings);
    std::os::unix::fs::symlink("moved.yaml", &settings).unwrap();
    assert_eq!(
        first_error(project.path()),
        "boardpack.yaml:1:1: error: cannot read this file: it does not exist (a broken link?)"
    );
    fs::remove_file(&settings).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &settings).unwrap();
    let device = "boardpack.yaml:1:1: error: this is not a plain file (a device or a pipe, say), so it is not read";
    assert_eq!(first_error(project.path()), device);
    fs::remove_file(&settings).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&settings)
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(first_error(project.path()), device);
}

#[test]
fn missing_content_folder() {
    let project = tempfile::tempdir().unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 1);
    let errors: Vec<&str> = result
        .stderr
        .lines()
        .filter(|l| l.contains("error: "))
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "only the missing folder is reported: {errors:?}"
    );
    // Not a problem at a place in a file: no `content:1:1:`.
    assert!(
        errors[0].starts_with("error: there is no `content` folder in "),
        "{}",
        errors[0]
    );
}

#[test]
fn missing_project_folder() {
    let result = boardpack()
        .args(["check", "/nonexistent/boardpack-project"])
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&result.stderr).lines().next(),
        Some("error: there is no project folder /nonexistent/boardpack-project")
    );
}

/// `check` given a record's path that names no file said there was no project folder.
#[test]
fn a_record_path_that_names_no_file_is_called_a_file() {
    let project = copy_of("valid");
    let first_two = |path: &str| {
        let result = boardpack()
            .args(["check", path])
            .current_dir(project.path())
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
        stderr.lines().take(2).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(
        first_two("content/people/sam-le.yaml"),
        "error: there is no file content/people/sam-le.yaml\nhelp: did you mean `content/people/sam-lee.yaml`?"
    );
    assert_eq!(
        first_two("content/people/nobody.yaml"),
        "error: there is no file content/people/nobody.yaml\nhelp: check the name: content/people holds `ali-khan.yaml`, `jo-bell.yaml`, `sam-lee.yaml`; with no path, boardpack works on the project in the current folder"
    );
    assert_eq!(
        first_two("content/peple/sam-lee.yaml"),
        "error: there is no file content/peple/sam-lee.yaml: there is no folder content/peple\nhelp: check the path; with no path, boardpack works on the project in the current folder"
    );
    // A file given where a folder goes is called one, not missing.
    let built = boardpack()
        .args(["build", "boardpack.yaml"])
        .current_dir(project.path())
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&built.stderr).lines().next(),
        Some("error: boardpack.yaml is a file, not a project folder")
    );
}

#[test]
fn ignored_files_and_misplaced_ones() {
    let project = copy_of("valid");
    let people = project.path().join("content/people");
    for name in [
        ".ali-khan.yaml.swp",
        "ali-khan.yaml~",
        "#ali-khan.yaml#",
        ".hidden.yaml",
        "notes.txt",
    ] {
        fs::write(people.join(name), "not: [valid").unwrap();
    }
    // Emacs's lock of a file with unsaved changes is a link to nowhere, `.#name`: a walk
    // that follows links met it as an error before its name could pass it over.
    #[cfg(unix)]
    for lock in [
        people.join(".#sam-lee.yaml"),
        people.join("sam-lee.yaml~"),
        project.path().join("content/files/.#minutes.pdf"),
    ] {
        fs::create_dir_all(lock.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink("user@host.12345:1700000000", lock).unwrap();
    }
    assert_eq!(
        check(project.path()).stderr,
        "ok: 8 records, report date 2026-09-30\n"
    );
    assert_eq!(
        build_summary(project.path(), &["--no-pdf"]),
        "ok: 8 records, report date 2026-09-30"
    );
    // A folder that is not a kind's, with no records in it: a warning.
    fs::create_dir(project.path().join("content/meeting")).unwrap();
    fs::write(project.path().join("content/meeting/notes.txt"), "x").unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 0, "warnings do not fail the check");
    assert!(result.stderr.contains("content/meeting:1:1: warning: this folder is not read: it is not a record folder\nhelp: rename it to `content/meetings/`"), "{}", result.stderr);
    // A folder of papers was told to be `pages`: papers go under `files`. They are often
    // kept by month, a folder below.
    fs::create_dir_all(project.path().join("content/papers/2026-09")).unwrap();
    fs::write(
        project.path().join("content/papers/2026-09/Minutes.PDF"),
        "x",
    )
    .unwrap();
    // `files` misspelt is renamed, not moved into itself.
    fs::create_dir(project.path().join("content/file")).unwrap();
    fs::write(project.path().join("content/file/ipr.pdf"), "x").unwrap();
    let result = check(project.path());
    assert!(result.stderr.contains("content/file:1:1: warning: this folder is not read: it is not a record folder\nhelp: rename it to `content/files/`"), "{}", result.stderr);
    assert!(result.stderr.contains("content/papers:1:1: warning: this folder is not read: it is not a record folder\nhelp: papers go under `content/files/`: move this folder there, as `content/files/papers/`, and name its papers `files/papers/…`"), "{}", result.stderr);
}

#[test]
fn issue_14_no_record_is_dropped_for_its_name() {
    // `.YAML`, `.Md` and `.yml` are read like `.yaml` and `.md` (FORMAT.md v2).
    let project = valid_with(&[
        (
            "content/meetings/2026-09-17-board.YAML",
            "date: 2026-09-17\npresent: [jo-bell]\napologies: [sam-lee]\n",
        ),
        (
            "content/meetings/2026-08-17-board.yml",
            "date: 2026-08-17\npresent: [jo-bell, sam-lee]\n",
        ),
        ("content/pages/notes.Md", "---\ntitle: Notes\n---\nText.\n"),
    ]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(result.stderr, "ok: 11 records, report date 2026-09-30\n");
    let json = indicators_json(project.path());
    let meetings: Vec<&str> = json["attendance.by_meeting"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        meetings,
        ["2026-08-17-board", "2026-09-17-board", "board-2026-09"]
    );

    // A kind's folder misnamed: its records would all be dropped. An error naming the
    // right folder.
    let project = valid_with(&[(
        "content/Meetings/2026-09-17-board.yaml",
        "date: 2026-09-17\npresent: [jo-bell]\n",
    )]);
    let result = check(project.path());
    assert_eq!(result.code, 1);
    assert!(
        result.stderr.starts_with("content/Meetings:1:1: error: this folder holds records, but `Meetings` is not a record folder, so none of them is read\nhelp: rename it to `content/meetings/`\n"),
        "{}",
        result.stderr
    );
    let project = valid_with(&[("content/initiative/deep/pairs.md", "---\ntitle: P\n---\n")]);
    assert_eq!(
        errors(project.path()),
        [
            "content/initiative:1:1: error: this folder holds records, but `initiative` is not a record folder, so none of them is read"
        ]
    );
    // The people folder renamed: the one error, not one more for every name of a
    // person in the meetings and initiatives, which would come first.
    for (renamed, help) in [
        ("people-old", "rename it to `content/people/`"),
        ("person", "rename it to `content/people/`"),
        ("staff", "records go in one of the folders"),
    ] {
        let project = copy_of("valid");
        let content = project.path().join("content");
        fs::rename(content.join("people"), content.join(renamed)).unwrap();
        let result = check(project.path());
        assert_eq!(result.code, 1);
        assert!(
            result.stderr.starts_with(&format!(
                "content/{renamed}:1:1: error: this folder holds records, but `{renamed}` is not a record folder, so none of them is read\nhelp: {help}"
            )),
            "{}",
            result.stderr
        );
        assert_eq!(errors(project.path()).len(), 1, "{}", result.stderr);
    }
    // Papers live in `content/files/` (FORMAT.md v2), even Markdown ones.
    let project = valid_with(&[("content/files/readme.md", "# Papers\n")]);
    assert_eq!(
        check(project.path()).stderr,
        "ok: 8 records, report date 2026-09-30\n"
    );
}

// Choices recorded in docs/format-notes.md.

#[test]
fn markdown_in_a_yaml_only_folder_is_warned_about() {
    let project = copy_of("valid");
    fs::write(
        project.path().join("content/meetings/notes.md"),
        "---\ndate: 2026-01-01\n---\n",
    )
    .unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 0);
    assert!(
        result.stderr.contains("content/meetings/notes.md:1:1: warning: this file is not read: meeting records are .yaml files"),
        "{}",
        result.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlinked_records_are_read() {
    let project = copy_of("valid");
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(
        elsewhere.path().join("kim-wu.yaml"),
        "name: Kim Wu\nprofession: nurse\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path(),
        project.path().join("content/people/shared"),
    )
    .unwrap();
    assert!(check(project.path()).stderr.starts_with("ok: 9 records"));
}

#[test]
fn in_attendance_names_people_records() {
    let project = copy_of("valid");
    let meeting = project.path().join("content/meetings/board-2026-09.yaml");
    fs::write(
        &meeting,
        "date: 2026-09-18\npresent: [jo-bell]\nin_attendance: [external-auditor]\n",
    )
    .unwrap();
    assert_eq!(
        first_error(project.path()),
        "content/meetings/board-2026-09.yaml:3:17: error: `in_attendance`: there is no person `external-auditor`"
    );
}

#[test]
fn a_member_listed_as_in_attendance_is_warned_about() {
    let project = copy_of("valid");
    let meeting = project.path().join("content/meetings/board-2026-09.yaml");
    fs::write(
        &meeting,
        "date: 2026-09-18\npresent: [jo-bell]\nin_attendance: [sam-lee, ali-khan]\n",
    )
    .unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 0, "a warning does not fail the check");
    assert!(
        result.stderr.starts_with(
            "content/meetings/board-2026-09.yaml:3:17: warning: `sam-lee` is a member of this meeting, so listed under `in_attendance` they count as absent"
        ),
        "{}",
        result.stderr
    );
    assert!(!result.stderr.contains("`ali-khan` is a member"));
}

/// A meeting dated 2016 for 2026: every member listed was out of post, and each got an
/// error telling them to go under `in_attendance`. It is one error, at the date. One member
/// out of post is still an error at their name, and one in apologies is told to come off
/// the list, not to be listed as having attended.
#[test]
fn a_meeting_dated_before_every_member_listed_is_one_error_at_its_date() {
    let project = valid_with(&[(
        "content/meetings/board-2026-09.yaml",
        "date: 2016-09-18\npresent: [jo-bell]\napologies: [sam-lee]\nin_attendance: [ali-khan]\n",
    )]);
    let result = check(project.path());
    assert_eq!(result.code, 1);
    assert_eq!(
        result.stderr.lines().take(4).collect::<Vec<_>>(),
        [
            "content/meetings/board-2026-09.yaml:1:7: error: `date`: none of the 2 board members listed under `present` and `apologies` was in post on 2016-09-18",
            "1 | date: 2016-09-18",
            "  |       ^^^^^^^^^^",
            "help: check the date's year and month; if the date is right, their `board.first_appointed` and `left` dates in their records are not",
        ]
    );
    assert_eq!(
        result.stderr.matches("error:").count(),
        1,
        "{}",
        result.stderr
    );
    // Sam Lee, appointed 2021, in apologies at a meeting of 2020 that Jo Bell chaired.
    let project = valid_with(&[(
        "content/meetings/board-2026-09.yaml",
        "date: 2020-09-18\npresent: [jo-bell]\napologies: [sam-lee]\n",
    )]);
    let result = check(project.path());
    assert!(
        result.stderr.contains("error: `apologies`: `sam-lee` was not in post on 2020-09-18, so is not a member of this meeting"),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.contains(
            "help: only members of the meeting send apologies: take them off `apologies`"
        ),
        "{}",
        result.stderr
    );
}

/// A committee misspelt in a member's record leaves them off the committee's meetings: the
/// error is at the meeting, and its help points at the record where the mistake is.
/// `left` on the day of a member's last meeting (read as their last day, where FORMAT.md
/// makes it the first day out of post): the help says so and gives the day after. It
/// said only to list them under `in_attendance`, where their attendance is not counted.
#[test]
fn left_on_the_day_of_a_meeting_is_told_it_is_the_first_day_out() {
    let project = copy_of("valid");
    fs::write(
        project.path().join("content/people/jo-bell.yaml"),
        "name: Jo Bell\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 2020-01-01\n  left: 2026-09-18\n  committees: [audit]\n",
    )
    .unwrap();
    let result = check(project.path());
    assert!(
        result.stderr.contains(
            "content/meetings/board-2026-09.yaml:2:11: error: `present`: `jo-bell` was not in post on 2026-09-18, so is not a member of this meeting\n"
        ),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.contains(
            "help: `left` is the first day out of post: if jo-bell sat at this meeting as a member, write the day after it, `left: 2026-09-19`, in their record (content/people/jo-bell.yaml); otherwise list people who attended but are not members under `in_attendance`"
        ),
        "{}",
        result.stderr
    );
    // One who sent apologies did not attend.
    fs::write(
        project.path().join("content/people/sam-lee.yaml"),
        "name: Dr Sam Lee\nprofession: doctor\nboard:\n  role: medical-director\n  first_appointed: 2021-04-01\n  left: 2026-09-18\n",
    )
    .unwrap();
    let result = check(project.path());
    assert!(
        result.stderr.contains(
            "help: `left` is the first day out of post: if sam-lee was still a member that day, write the day after it, `left: 2026-09-19`, in their record (content/people/sam-lee.yaml); otherwise take them off `apologies`"
        ),
        "{}",
        result.stderr
    );
}

#[test]
fn a_committee_misspelt_in_a_persons_record_is_pointed_at() {
    let project = copy_of("valid");
    let people = project.path().join("content/people");
    fs::write(
        people.join("sam-lee.yaml"),
        "name: Dr Sam Lee\nprofession: doctor\nboard:\n  role: medical-director\n  first_appointed: 2021-04-01\n  committees: [adit]\n",
    )
    .unwrap();
    fs::write(
        project.path().join("content/meetings/audit-2026-09.yaml"),
        "date: 2026-09-10\nbody: audit\npresent: [jo-bell, sam-lee]\n",
    )
    .unwrap();
    let result = check(project.path());
    assert_ne!(result.code, 0);
    assert!(
        result.stderr.starts_with(
            "content/meetings/audit-2026-09.yaml:3:20: error: `present`: `sam-lee` does not sit on the `audit` committee, so is not a member of this meeting"
        ),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.contains(
            "help: sam-lee's record (content/people/sam-lee.yaml) lists the committee `adit`: if that means `audit`, correct it there; otherwise list people who attended but are not members under `in_attendance`"
        ),
        "{}",
        result.stderr
    );
}

/// `check` reads every record, drafts and confidential ones included, but says what the
/// public build will warn of: a link to a record it leaves out, shown as plain text.
#[test]
fn check_warns_of_a_link_the_public_build_shows_as_text() {
    let project = copy_of("valid");
    fs::write(
        project.path().join("content/pages/secret.md"),
        "---\ntitle: Secret\nconfidential: true\n---\nText.\n",
    )
    .unwrap();
    fs::write(
        project.path().join("content/pages/about.md"),
        "---\ntitle: About\n---\nSee [the secret](@/pages/secret).\n",
    )
    .unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result.stderr.contains(
            "content/pages/about.md:4:5: warning: `@/pages/secret` links to a confidential page, which the public build leaves out"
        ),
        "{}",
        result.stderr
    );
    // Said once, as the build says it.
    assert_eq!(
        result.stderr.matches("warning:").count(),
        1,
        "{}",
        result.stderr
    );
    let out = tempfile::tempdir().unwrap();
    let built = run(
        &["build", "--out", out.path().to_str().unwrap()],
        project.path(),
    );
    assert!(
        built
            .stderr
            .contains("`@/pages/secret` links to a confidential page, which this build leaves out")
    );
    // A build of every record shows the link: it says nothing of it.
    let all = tempfile::tempdir().unwrap();
    let built = run(
        &[
            "build",
            "--drafts",
            "--confidential",
            "--out",
            all.path().to_str().unwrap(),
        ],
        project.path(),
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!built.stderr.contains("leaves out"), "{}", built.stderr);
}

/// A record's file named as a name is (`Sam Lee.yaml`) is the one error: the references
/// to the id it is meant to have are not each reported before it.
#[test]
fn a_file_named_as_a_name_is_the_one_error() {
    let project = copy_of("valid");
    let people = project.path().join("content/people");
    fs::rename(people.join("sam-lee.yaml"), people.join("Sam Lee.yaml")).unwrap();
    fs::write(
        project.path().join("content/meetings/board-2026-09.yaml"),
        "date: 2026-09-18\npresent: [jo-bell, sam-lee]\n",
    )
    .unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 1);
    assert!(
        result.stderr.starts_with(
            "content/people/Sam Lee.yaml:1:1: error: `Sam Lee.yaml`: a record's file name is its id, and `Sam Lee` is not a valid id"
        ),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("rename it to `sam-lee.yaml`"));
    assert!(
        !result.stderr.contains("there is no person"),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.ends_with("1 error in 1 file\n"),
        "{}",
        result.stderr
    );
    // Beside a record of the name it would be told, renaming it as told would replace
    // that record: the help says the name is taken instead.
    fs::copy(people.join("jo-bell.yaml"), people.join("Jo Bell.yaml")).unwrap();
    let result = check(project.path());
    assert!(
        result.stderr.contains(
            "content/people/Jo Bell.yaml:1:1: error: `Jo Bell.yaml`: a record's file name is its id, and `Jo Bell` is not a valid id\nhelp: `jo-bell.yaml` is already beside it: if this is the same record, delete one of the two"
        ),
        "{}",
        result.stderr
    );
}

#[test]
fn eligibility_applies_to_meetings_after_the_report_date() {
    let project = copy_of("valid");
    let meeting = project.path().join("content/meetings/board-2026-12.yaml");
    fs::write(meeting, "date: 2026-12-10\npresent: [jo-bell, ali-khan]\n").unwrap();
    assert_eq!(
        first_error(project.path()),
        "content/meetings/board-2026-12.yaml:2:20: error: `present`: `ali-khan` is not a board member, so is not a member of this meeting"
    );
}

#[test]
fn a_hidden_meeting_does_not_move_the_public_report_date() {
    let project = copy_of("valid");
    fs::write(project.path().join("boardpack.yaml"), "title: T\n").unwrap();
    let late = "date: 2026-11-05\npresent: [jo-bell]\nconfidential: true\n";
    fs::write(
        project.path().join("content/meetings/board-2026-11.yaml"),
        late,
    )
    .unwrap();
    assert_eq!(
        build_summary(project.path(), &[]),
        "ok: 8 records, report date 2026-09-18; 1 more left out (drafts or confidential)"
    );
    assert_eq!(
        build_summary(project.path(), &["--confidential"]),
        "ok: 9 records, report date 2026-11-05"
    );
}

#[test]
fn a_public_build_with_only_hidden_dates_needs_as_of() {
    let project = copy_of("valid");
    fs::write(project.path().join("boardpack.yaml"), "title: T\n").unwrap();
    for dated in ["meetings/board-2026-09.yaml", "measures/tension.yaml"] {
        let path = project.path().join("content").join(dated);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}confidential: true\n")).unwrap();
    }
    // The hidden records' dates must not become the public report's date.
    assert_eq!(
        build_summary(project.path(), &[]),
        "boardpack.yaml:1:1: error: no report date for this build: every meeting and measure is a draft or confidential"
    );
    assert!(build_summary(project.path(), &["--confidential"]).starts_with("ok: "));
    assert!(check(project.path()).stderr.starts_with("ok: "));
}

#[test]
fn no_report_date_at_all_is_an_error() {
    let project = copy_of("valid");
    fs::write(project.path().join("boardpack.yaml"), "title: T\n").unwrap();
    fs::remove_file(project.path().join("content/meetings/board-2026-09.yaml")).unwrap();
    fs::remove_file(project.path().join("content/measures/tension.yaml")).unwrap();
    fs::write(
        project.path().join("content/initiatives/pairs.md"),
        "---\ntitle: P\ncategory: other\nstatus: proposed\nlead: ali-khan\n---\n",
    )
    .unwrap();
    assert_eq!(
        first_error(project.path()),
        "boardpack.yaml:1:1: error: no report date: set `as_of`, or add a meeting or a measure point to take it from"
    );
}

#[test]
fn control_characters_in_a_record_do_not_reach_the_terminal() {
    let project = copy_of("valid");
    fs::write(
        person_file(&project),
        "name: Ali Khan\nprofession: manager\n\"bad\\e[31mkey\": 1\n",
    )
    .unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 1);
    assert!(
        !result.stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        result.stderr
    );
    assert!(
        result.stderr.starts_with(
            "content/people/ali-khan.yaml:3:1: error: text may not hold control characters; found U+001B (written as an escape in double quotes)"
        ),
        "{}",
        result.stderr
    );
}

// Issue 14: figures a board can trust at the edges. Each test goes through the binary.

/// `boardpack indicators --format json`, which must succeed.
fn indicators_json(project: &Path) -> serde_json::Value {
    let result = run(&["indicators", "--format", "json"], project);
    assert_eq!(result.code, 0, "{}", result.stderr);
    serde_json::from_str(&result.stdout).unwrap()
}

/// A measure file: `head` (title, improvement, target, ...) then one monthly point per value.
fn measure_yaml(head: &str, values: &[&str]) -> String {
    let mut text = format!("{head}points:\n");
    for (i, value) in values.iter().enumerate() {
        text.push_str(&format!(
            "  - {{ period: {}-{:02}, value: {value} }}\n",
            2025 + i / 12,
            i % 12 + 1
        ));
    }
    text
}

#[test]
fn issue_14_a_constant_series_has_no_special_cause() {
    let yaml = measure_yaml("title: T\nimprovement: up\ntarget: 88.2\n", &["88.2"; 15]);
    let project = valid_with(&[("content/measures/tension.yaml", &yaml)]);
    let m = &indicators_json(project.path())["measures.tension"];
    assert_eq!(m["value"]["mean"], 88.2);
    assert_eq!(m["value"]["upper"], 88.2);
    assert_eq!(m["value"]["lower"], 88.2);
    assert_eq!(m["value"]["variation"], "common-cause");
    assert_eq!(m["value"]["assurance"], "pass");
    assert_eq!(m["status"], "ok");
    // The chart's export: no point beyond a limit, none on a side.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    let csv = fs::read_to_string(out.join("data/measures.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("tension,")).collect();
    assert_eq!(rows.len(), 15);
    for row in rows {
        assert!(
            row.ends_with(
                ",88.2,88.2,88.2,88.2,88.2,88.2,88.2,common-cause,,false,false,false,false"
            ),
            "{row}"
        );
    }
}

#[test]
fn issue_14_a_value_on_the_mean_is_on_neither_side() {
    // Its exact mean is 1.0; in floating point 0.9999999999999999, a false shift of seven.
    let values = [
        "0.9", "1.0", "1.0", "1.4", "0.6", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.1",
        "1.0",
    ];
    let yaml = measure_yaml("title: T\nimprovement: up\n", &values);
    let project = valid_with(&[("content/measures/tension.yaml", &yaml)]);
    let m = &indicators_json(project.path())["measures.tension"];
    assert_eq!(m["value"]["mean"], 1.0);
    assert_eq!(m["value"]["variation"], "common-cause");
    assert_eq!(m["status"], "info");
}

#[test]
fn issue_14_measure_status_reads_both_icons() {
    // 10, 12, 11, 13 three times, then 10: limits 6.06 to 16.70, common cause.
    let a = [
        "10", "12", "11", "13", "10", "12", "11", "13", "10", "12", "11", "13", "10",
    ];
    let mut rising = a.to_vec();
    rising[12] = "30";
    let files = [
        // Consistently missing its target, not improving: a breach, not a green OK.
        (
            "content/measures/fails.yaml",
            measure_yaml("title: F\nimprovement: up\ntarget: 20\n", &a),
        ),
        // Missing it, but with a special cause of improvement: attention.
        (
            "content/measures/improving.yaml",
            measure_yaml("title: I\nimprovement: up\ntarget: 40\n", &rising),
        ),
        // Hit and miss: attention.
        (
            "content/measures/hit.yaml",
            measure_yaml("title: H\nimprovement: up\ntarget: 12\n", &a),
        ),
        // Consistently meeting it: ok.
        (
            "content/measures/passes.yaml",
            measure_yaml("title: P\nimprovement: up\ntarget: 5\n", &a),
        ),
        // A special cause of concern beats a pass: breach.
        (
            "content/measures/tension.yaml",
            measure_yaml("title: C\nimprovement: down\ntarget: 40\n", &rising),
        ),
        // No target, common cause: for information.
        (
            "content/measures/plain.yaml",
            measure_yaml("title: N\nimprovement: up\n", &a),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let project = valid_with(&files);
    let json = indicators_json(project.path());
    let status = |id: &str| json[format!("measures.{id}")]["status"].clone();
    assert_eq!(json["measures.fails"]["value"]["assurance"], "fail");
    assert_eq!(status("fails"), "breach");
    assert_eq!(
        json["measures.improving"]["value"]["variation"],
        "improvement-high"
    );
    assert_eq!(status("improving"), "warn");
    assert_eq!(status("hit"), "warn");
    assert_eq!(status("passes"), "ok");
    assert_eq!(json["measures.tension"]["value"]["assurance"], "pass");
    assert_eq!(status("tension"), "breach");
    assert_eq!(status("plain"), "info");
    // The pages take the same status.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    let page = fs::read_to_string(out.join("measures/fails.html")).unwrap();
    assert!(
        page.contains(r#"<span class="badge status-breach">Breach</span>"#),
        "{page}"
    );
    let index = fs::read_to_string(out.join("measures.html")).unwrap();
    assert_eq!(
        index.matches(r#"<span class="badge status-warn">"#).count(),
        2,
        "{index}"
    );
    // The terminal table takes the same status.
    let table = run(&["indicators"], project.path());
    assert!(
        table
            .stdout
            .lines()
            .any(|l| l.trim_start().starts_with("measures.fails") && l.contains(" breach ")),
        "{}",
        table.stdout
    );
}

#[test]
fn issue_14_making_data_count_options() {
    let files = [
        (
            "boardpack.yaml",
            "as_of: 2026-09-30\nrules: { spc: { min_points: 4, screen_outliers: true, conflict: concern } }\n"
                .to_string(),
        ),
        // Baseline: limits from 9, 11, 9, 11 (10 ± 5.32), fixed; 20 is beyond them. A
        // trajectory: the target falls to 4 at the last point, at or below the lower limit.
        (
            "content/measures/tension.yaml",
            "title: B\nimprovement: up\ntarget: 20\nbaseline: 4\npoints:\n  - { period: 2026-01, value: 9 }\n  - { period: 2026-02, value: 11 }\n  - { period: 2026-03, value: 9 }\n  - { period: 2026-04, value: 11 }\n  - { period: 2026-05, value: 20, target: 4.68 }\n".to_string(),
        ),
        // Screened: ranges of 1 and one of 19 (mean 2.5, 3.267 × 2.5 = 8.2): the mean range
        // is 1 and the limits 12 ± 2.66.
        (
            "content/measures/screened.yaml",
            measure_yaml(
                "title: S\nimprovement: up\n",
                &["10", "11", "10", "11", "10", "11", "10", "11", "10", "11", "10", "11", "30"],
            ),
        ),
        // Conflict: six rising points all below the mean of the partition; with the rule
        // `concern` and improvement up, the latest one is a concern, low.
        (
            "content/measures/conflict.yaml",
            measure_yaml(
                "title: K\nimprovement: up\n",
                &["20", "20", "20", "20", "20", "1", "2", "3", "4", "5", "6"],
            ),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let project = valid_with(&files);
    let json = indicators_json(project.path());
    let b = &json["measures.tension"]["value"];
    assert_eq!(
        (b["mean"].clone(), b["upper"].clone()),
        (10.0.into(), 15.32.into())
    );
    assert_eq!(b["variation"], "improvement-high");
    assert_eq!(b["target"], 4.68);
    assert_eq!(b["assurance"], "pass");
    let s = &json["measures.screened"]["value"];
    assert_eq!(
        (s["mean"].clone(), s["upper"].clone()),
        (12.0.into(), 14.66.into())
    );
    let k = &json["measures.conflict"]["value"];
    assert_eq!(k["variation"], "concern-low");
}

#[test]
fn issue_14_nothing_dated_after_the_report_date_counts_or_shows() {
    let project = valid_with(&[
        ("boardpack.yaml", "title: T\nas_of: 2026-03-31\n"),
        (
            "content/measures/tension.yaml",
            &measure_yaml(
                "title: Tension\nimprovement: down\n",
                &[
                    "70", "68", "66", "64", "62", "60", "58", "56", "54", "52", "50", "48", "46",
                    "44", "42", "40", "38", "36", "34", "32", "30",
                ],
            ),
        ),
        (
            "content/initiatives/pairs.md",
            "---\ntitle: Paired learning\ncategory: paired-learning\nstatus: active\nrag: green\nlead: ali-khan\nsponsor: jo-bell\nmilestones:\n  - { title: Recruited, due: 2026-02-01, done: 2026-01-20 }\n  - { title: Reviewed, due: 2026-03-01, done: 2026-05-01 }\n---\nSix pairs.\n",
        ),
        (
            "content/meetings/board-2026-03.yaml",
            "date: 2026-03-18\npresent: [jo-bell, sam-lee]\n",
        ),
    ]);
    // The fixture's survey is dated 2026-06-30 and its meeting 2026-09-18: both after.
    let result = check(project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    let warnings = warning_lines(&result.stderr);
    assert_eq!(
        warnings,
        [
            "content/initiatives/pairs.md:10:47: warning: 1 milestone done after the report date (2026-03-31) counts as not done",
            "content/measures/tension.yaml:19:15: warning: 6 points after the report date (2026-03-31) are left out",
            "content/meetings/board-2026-09.yaml:1:7: warning: this meeting is dated after the report date (2026-03-31) and is left out of the report",
            "content/surveys/survey-2026.yaml:2:7: warning: this survey is dated after the report date (2026-03-31) and is left out of the report",
        ]
    );
    let json = indicators_json(project.path());
    let tension = &json["measures.tension"]["value"];
    assert_eq!(tension["period"], "2026-03");
    assert_eq!(tension["latest"], 42.0);
    assert_eq!(
        json["survey.tension_share"]["value"],
        serde_json::Value::Null
    );
    let overdue = &json["initiatives.overdue_milestones"]["value"];
    assert_eq!(overdue.as_array().unwrap().len(), 1, "{overdue}");
    assert_eq!(overdue[0]["title"], "Reviewed");
    // Attendance counts the March meeting only.
    let by_meeting = json["attendance.by_meeting"]["value"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(by_meeting.len(), 1);
    assert_eq!(by_meeting[0]["id"], "board-2026-03");

    // No page or export shows what was left out.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    for (path, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for later in ["2026-04", "2026-09-18", "2026-06-30", "2026-05-01"] {
            assert!(!text.contains(later), "{path:?} shows {later}");
        }
    }
}

/// Every warning line of what `check` or a build printed.
fn warning_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect()
}

/// Every error line of `check`, which must fail.
fn errors(project: &Path) -> Vec<String> {
    let result = check(project);
    assert_eq!(result.code, 1, "{}", result.stderr);
    result
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_list_where_one_value_goes_says_what_to_do() {
    // Two papers on one agenda item, in either way of writing a list; two files of
    // minutes; a list for a theme's name. Each says what the field holds.
    let meeting = "date: 2026-09-18\npresent: [jo-bell]\napologies: [sam-lee]\nin_attendance: [ali-khan]\nagenda:\n";
    for (agenda, help) in [
        (
            "  - { item: \"1\", title: Plans, purpose: discussion, paper: [files/a.pdf, files/b.pdf] }\n",
            "help: an agenda item has one paper: give each paper an item of its own (`4a`, `4b`), or join them in one PDF",
        ),
        (
            "  - item: \"1\"\n    title: Plans\n    purpose: discussion\n    paper:\n      - files/a.pdf\n      - files/b.pdf\n",
            "help: an agenda item has one paper: give each paper an item of its own (`4a`, `4b`), or join them in one PDF",
        ),
        (
            "  - { item: \"1\", title: Plans, purpose: discussion }\nminutes: [files/a.pdf, files/b.pdf]\n",
            "help: a meeting has one file of minutes: join them in one PDF",
        ),
    ] {
        let text = format!("{meeting}{agenda}");
        let project = valid_with(&[("content/meetings/board-2026-09.yaml", &text)]);
        let result = check(project.path());
        assert_eq!(result.code, 1, "{}", result.stderr);
        assert!(result.stderr.contains(help), "{text}\n{}", result.stderr);
    }
    let project = valid_with(&[("boardpack.yaml", "theme: Default\n")]);
    let result = check(project.path());
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(
        result
            .stderr
            .contains("boardpack.yaml:1:8: error: `theme`: `Default` is not a valid theme name")
            && result.stderr.contains("as in `theme: default`"),
        "{}",
        result.stderr
    );
}

#[test]
fn issue_14_a_duplicate_id_is_one_error_not_a_cascade() {
    // The copy in a sub-folder sorts first, and its person left the board in 2021: every
    // meeting naming `jo-bell` was judged against it ("was not in post").
    let project = valid_with(&[
        (
            "content/people/former/jo-bell.yaml",
            "name: Jo Bell\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 2015-01-01\n  left: 2021-01-01\n",
        ),
        (
            "content/meetings/board-2026-05.yaml",
            "date: 2026-05-18\npresent: [jo-bell, sam-lee]\n",
        ),
        (
            "content/meetings/board-2026-07.yaml",
            "date: 2026-07-18\npresent: [jo-bell]\napologies: [sam-lee]\n",
        ),
    ]);
    assert_eq!(
        errors(project.path()),
        [
            "content/people/jo-bell.yaml:1:1: error: duplicate person id `jo-bell`: `content/people/former/jo-bell.yaml` has the same id"
        ]
    );
}

#[test]
fn issue_14_a_committee_of_a_broken_person_file_is_not_called_unknown() {
    let project = valid_with(&[
        (
            "content/people/sam-lee.yaml",
            "name: Sam Lee\nprofession: nurse\nboard:\n  role: nursing-director\n  first_appointed: 2021-01-01\n  committees: [quality]\n  voting: maybe\n",
        ),
        (
            "content/meetings/quality-2026-06.yaml",
            "date: 2026-06-18\nbody: quality\npresent: [sam-lee]\n",
        ),
    ]);
    assert_eq!(
        errors(project.path()),
        [
            "content/people/sam-lee.yaml:7:11: error: `board.voting`: expected `true` or `false`, found `maybe`"
        ]
    );
}

#[test]
fn issue_14_a_report_date_in_doubt_judges_nothing() {
    // The project file does not parse: the report date it gives is unknown, so no sponsor
    // is judged "not in post" on a date taken from elsewhere.
    let project = valid_with(&[("boardpack.yaml", "title: T\nas_of: 30/09/2026\n")]);
    assert_eq!(
        errors(project.path()),
        ["boardpack.yaml:2:8: error: `as_of`: expected a date as YYYY-MM-DD, found `30/09/2026`"]
    );
    // No `as_of`, and the only dated records do not parse: their errors, not "no report
    // date", are what to mend.
    let project = valid_with(&[
        ("boardpack.yaml", "title: T\n"),
        (
            "content/meetings/board-2026-09.yaml",
            "date: 18 September 2026\n",
        ),
        (
            "content/measures/tension.yaml",
            "title: T\nimprovement: down\npoints: []\nunit: [\n",
        ),
    ]);
    let found = errors(project.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found.iter().all(|e| !e.contains("report date")),
        "{found:#?}"
    );
}

#[test]
fn issue_14_values_that_would_break_the_output_are_errors() {
    // A value beyond ±1e12 wrote NaN and inf into charts, pages and measures.csv.
    let project = valid_with(&[(
        "content/measures/tension.yaml",
        "title: Tension\nimprovement: down\npoints:\n  - { period: 2026-07, value: 1e308 }\n",
    )]);
    assert_eq!(
        errors(project.path()),
        [
            "content/measures/tension.yaml:4:31: error: `points.value`: 1e308 is out of range; values must lie between -1e12 and 1e12"
        ]
    );
    // Control characters, written or escaped, in any text: a job title, a point's note,
    // a Markdown body.
    let cases = [
        (
            "content/people/ali-khan.yaml",
            "name: Ali Khan\nprofession: manager\njob_title: \"Head\\u0007 of ops\"\n",
            "content/people/ali-khan.yaml:3:12: error: text may not hold control characters; found U+0007 (written as an escape in double quotes)",
        ),
        (
            "content/people/ali-khan.yaml",
            "name: Ali Khan\nprofession: manager\njob_title: Head of ops\u{7f}\n",
            "content/people/ali-khan.yaml:3:23: error: text may not hold control characters; found U+007F",
        ),
        (
            "content/measures/tension.yaml",
            "title: Tension\nimprovement: down\npoints:\n  - { period: 2026-07, value: 70, note: \"new\\0provider\" }\n",
            "content/measures/tension.yaml:4:41: error: text may not hold control characters; found U+0000 (written as an escape in double quotes)",
        ),
        (
            "content/initiatives/pairs.md",
            "---\ntitle: P\ncategory: other\nstatus: proposed\nlead: ali-khan\n---\nSix \u{1b}[2J pairs.\n",
            "content/initiatives/pairs.md:7:5: error: text may not hold control characters; found U+001B",
        ),
        // A right-to-left override makes a stored name read as another.
        (
            "content/people/ali-khan.yaml",
            "name: Ali \u{202e}nahK\nprofession: manager\n",
            "content/people/ali-khan.yaml:1:11: error: text may not hold control characters; found U+202E",
        ),
        // Base64 hides any character from the check of the text: an escape sequence and a
        // right-to-left override behind `!!binary`, however the tag is written.
        (
            "content/measures/tension.yaml",
            "improvement: down\ntitle: !!binary G1szMW1SRUQbWzBt4oCuWA==\n",
            "content/measures/tension.yaml:2:8: error: `title`: a `!!binary` value is not text, and no field of a record takes one",
        ),
        (
            "content/initiatives/pairs.md",
            "---\ntitle: P\ncategory: other\nstatus: proposed\nlead: !<tag:yaml.org,2002:binary> YWxpLWtoYW4=\n---\nSix pairs.\n",
            "content/initiatives/pairs.md:5:7: error: `lead`: a `!!binary` value is not text, and no field of a record takes one",
        ),
    ];
    for (path, text, error) in cases {
        let project = valid_with(&[(path, text)]);
        assert_eq!(errors(project.path()), [error]);
    }
    // A base_url that is not a web address was written into the 404 page and the sitemap.
    let project = valid_with(&[(
        "boardpack.yaml",
        "as_of: 2026-09-30\nbase_url: \"javascript:alert(1)//\"\n",
    )]);
    assert_eq!(
        errors(project.path()),
        [
            "boardpack.yaml:2:11: error: `base_url`: `javascript:alert(1)//` is not a web address for the site"
        ]
    );
    // Each leaves the last good output as it was.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let good = copy_of("valid");
    assert_eq!(
        run(&["build", "--out", out.to_str().unwrap()], good.path()).code,
        0
    );
    let before = tree(&out);
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 1);
    assert_eq!(tree(&out), before);
}

/// A YAML tag boardpack does not read was dropped and its value published as written: a
/// secretary who marked a phone number `!secret` saw it on the site. Each is refused at
/// the tag, in a record, in front matter and in the settings.
#[test]
fn unknown_yaml_tags_are_refused_at_the_tag() {
    let cases = [
        (
            "content/people/ali-khan.yaml",
            "name: Ali Khan\nprofession: manager\njob_title: !secret Deputy chief executive\n",
            "content/people/ali-khan.yaml:3:12: error: `job_title`: boardpack does not read the YAML tag `!secret`: it would be dropped and the value published",
        ),
        (
            "content/initiatives/pairs.md",
            "---\ntitle: P\ncategory: other\nstatus: proposed\nlead: ali-khan\ntags: !private [pairs]\n---\nSix pairs.\n",
            "content/initiatives/pairs.md:6:7: error: `tags`: boardpack does not read the YAML tag `!private`: it would be dropped and the value published",
        ),
        (
            "boardpack.yaml",
            "as_of: 2026-09-30\norganisation: !draft Northshire\n",
            "boardpack.yaml:2:15: error: `organisation`: boardpack does not read the YAML tag `!draft`: it would be dropped and the value published",
        ),
    ];
    for (path, text, error) in cases {
        let project = valid_with(&[(path, text)]);
        let result = check(project.path());
        assert_eq!(errors(project.path()), [error], "{}", result.stderr);
        assert!(
            result.stderr.contains("give it `confidential: true`"),
            "{}",
            result.stderr
        );
    }
    // YAML's own types are read as before.
    let project = valid_with(&[(
        "content/people/ali-khan.yaml",
        "name: !!str Ali Khan\nprofession: manager\n",
    )]);
    assert_eq!(check(project.path()).code, 0);
}

/// Found by a sweep of the governance records: an empty meeting title headed its page
/// with nothing, and an agenda number with a space after it was not the item an action
/// named. Each is an error at its place.
#[test]
fn a_meeting_title_is_not_empty_and_agenda_numbers_have_no_spaces() {
    let project = valid_with(&[(
        "content/meetings/board-2026-09.yaml",
        "date: 2026-09-18\ntitle: \"  \"\npresent: [jo-bell]\nagenda:\n  - { item: \"4.1 \", title: Report, purpose: information }\n",
    )]);
    assert_eq!(
        errors(project.path()),
        [
            "content/meetings/board-2026-09.yaml:2:8: error: `title` is empty",
            "content/meetings/board-2026-09.yaml:5:13: error: agenda item `4.1 ` has spaces before or after its number",
        ]
    );
}

/// One mistake, one error: a member's name misspelt in `present` was an error, and the
/// same member presenting an item was also warned of as not present, at every item.
#[test]
fn a_misspelt_member_is_not_also_an_absent_presenter() {
    let project = valid_with(&[(
        "content/meetings/board-2026-09.yaml",
        "date: 2026-09-18\npresent: [jo-bel]\nagenda:\n  - { item: \"1\", title: Welcome, purpose: information, presenter: jo-bell }\n  - { item: \"2\", title: Report, purpose: information, presenter: jo-bell }\n",
    )]);
    let result = check(project.path());
    assert_eq!(
        errors(project.path()),
        ["content/meetings/board-2026-09.yaml:2:11: error: `present`: there is no person `jo-bel`"]
    );
    assert!(!result.stderr.contains("warning"), "{}", result.stderr);
    // Spelt right, a presenter who was not there is still a warning.
    let project = valid_with(&[(
        "content/meetings/board-2026-09.yaml",
        "date: 2026-09-18\npresent: [jo-bell]\nagenda:\n  - { item: \"1\", title: Welcome, purpose: information, presenter: ali-khan }\n",
    )]);
    let result = check(project.path());
    assert_eq!(result.code, 0);
    assert!(
        result.stderr.contains(
            "warning: `agenda.presenter`: `ali-khan` is not listed as present or in attendance"
        ),
        "{}",
        result.stderr
    );
    // A meeting being planned, with no one recorded as there yet: no presenter is absent.
    let project = valid_with(&[(
        "content/meetings/board-2026-10.yaml",
        "date: 2026-10-27\nagenda:\n  - { item: \"1\", title: Welcome, purpose: information, presenter: ali-khan }\n",
    )]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        !result.stderr.contains("agenda.presenter"),
        "{}",
        result.stderr
    );
}

/// `present:` with nothing after it was "expected a list, found `:`".
#[test]
fn a_list_left_empty_says_how_to_write_none() {
    let project = valid_with(&[(
        "content/meetings/board-2026-09.yaml",
        "date: 2026-09-18\npresent:\napologies: [sam-lee]\n",
    )]);
    let result = check(project.path());
    assert_eq!(
        errors(project.path()),
        ["content/meetings/board-2026-09.yaml:2:8: error: `present` has no value; expected a list"]
    );
    assert!(
        result.stderr.contains(
            "help: write the value after the colon (`present: []` for none), or leave the line out"
        ),
        "{}",
        result.stderr
    );
}

/// A table row with more cells than the table's first row is warned of at the cells the
/// page leaves out (GFM drops them without a word, and so did `check`), once per table.
#[test]
fn table_cells_the_page_leaves_out_are_warned_of() {
    let project = valid_with(&[(
        "content/pages/costs.md",
        "---\ntitle: Costs\n---\n| Item | Cost |\n| --- | --- |\n| Locum cover | £12,000 | agreed in June |\n| Training | £3,000 | pending |\n| Rota `a|b` | £1 |\n\n| Fine | Table |\n| --- | --- |\n| 1 | 2 |\n",
    )]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "warnings only: {}", result.stderr);
    assert_eq!(
        warning_lines(&result.stderr),
        [
            "content/pages/costs.md:6:27: warning: this table row has more cells than the table's first row: the report leaves out \"agreed in June\" (and cells of 2 more rows of this table)"
        ]
    );
    assert!(
        result.stderr.contains(
            "help: add a column to the first row and to the line of dashes under it (`| --- |`); a `|` meant as text inside a cell is written `\\|`"
        ),
        "{}",
        result.stderr
    );
    assert!(
        result
            .stderr
            .contains("6 | | Locum cover | £12,000 | agreed in June |\n  |                           ^^^^^^^^^^^^^^\n"),
        "{}",
        result.stderr
    );
    // What is left out is quoted as text (it may hold backticks: a `|` in code ends a
    // cell), a long one cut, a tab as a space; the caret covers it as the line shows it.
    fs::write(
        project.path().join("content/pages/more.md"),
        "---\ntitle: More\n---\n| a | b |\n| - | - |\n| 1 | `x|y` |\n| 2 | 3 | 4 |\n",
    )
    .unwrap();
    fs::write(
        project.path().join("content/pages/long.md"),
        format!(
            "---\ntitle: Long\n---\n| a | b |\n| - | - |\n| 1 | 2 |\tx\t{} |\n",
            "z".repeat(100)
        ),
    )
    .unwrap();
    let result = check(project.path());
    let warnings = warning_lines(&result.stderr);
    assert!(
        warnings.contains(&"content/pages/more.md:6:10: warning: this table row has more cells than the table's first row: the report leaves out \"y`\" (and cells of 1 more row of this table)"),
        "{warnings:?}"
    );
    let long = format!(
        "content/pages/long.md:6:11: warning: this table row has more cells than the table's first row: the report leaves out \"x {}…\"",
        "z".repeat(58)
    );
    assert!(warnings.contains(&long.as_str()), "{warnings:?}");
    let caret = format!("\n  | {}{}\n", " ".repeat(13), "^".repeat(105));
    assert!(result.stderr.contains(&caret), "{}", result.stderr);
}

/// A footnote reference with no note is warned of at the reference: the page shows it as
/// written (`[^src]`), which `check` let pass without a word. A reference in code, an
/// escaped one and one whose note is there are not.
#[test]
fn a_footnote_with_no_note_is_warned_of() {
    let project = valid_with(&[(
        "content/pages/notes.md",
        "---\ntitle: Notes\n---\nA claim[^src], another[^2].\n\n[^2]: Its note.\n\nIn code `[^x]`, escaped \\[^y].\n",
    )]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "warnings only: {}", result.stderr);
    let warnings = warning_lines(&result.stderr);
    assert_eq!(
        warnings,
        [
            "content/pages/notes.md:4:8: warning: there is no footnote `[^src]`: the page shows `[^src]` as written"
        ]
    );
    assert!(
        result
            .stderr
            .contains("help: write the note on a line of its own, after the paragraph: `[^src]: The note's text.`"),
        "{}",
        result.stderr
    );
    // The caret is under the reference alone.
    assert!(
        result
            .stderr
            .contains("4 | A claim[^src], another[^2].\n  |        ^^^^^^\n"),
        "{}",
        result.stderr
    );
    // One warning for each note, however often it is referred to: a body of 64,000 `[^a]`
    // printed 64,000 warnings, and took a quarter of a minute to count their places.
    fs::write(
        project.path().join("content/pages/notes.md"),
        format!("---\ntitle: Notes\n---\n{}", "See[^a].\n".repeat(20_000)),
    )
    .unwrap();
    let result = check(project.path());
    assert_eq!(
        result.stderr.matches(": warning: ").count(),
        1,
        "{}",
        result.stderr
    );
}

/// A link a page cannot keep (a shared drive's `file:`, Teams, `sms:`) is warned of and
/// shown as its text; before, it passed `check` and left an `<a>` with no address, which
/// is invalid HTML. An image from another site is warned of: every reader's browser would
/// fetch it from there.
#[test]
fn links_a_page_cannot_keep_and_images_from_other_sites() {
    let project = valid_with(&[(
        "content/pages/links.md",
        "---\ntitle: Links\n---\nOn the [drive](file://///fs01/Board/papers.pdf), in [Teams](msteams:/l/chat), by [text](SMS:123), on the [web](https://example.org).\n\n![Chart](https://cdn.example.com/chart.png)\n\n<a href=\"file:///etc/passwd\">raw</a> [share](\\\\fs01\\Board\\p.pdf)\n",
    )]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "warnings only: {}", result.stderr);
    let warnings = warning_lines(&result.stderr);
    assert_eq!(
        warnings,
        [
            "content/pages/links.md:4:8: warning: this link's address (`file://///fs01/Board/papers.pdf`) is left out of the page; only its text is shown",
            "content/pages/links.md:4:53: warning: this link's address (`msteams:/l/chat`) is left out of the page; only its text is shown",
            "content/pages/links.md:4:82: warning: this link's address (`SMS:123`) is left out of the page; only its text is shown",
            "content/pages/links.md:6:1: warning: this image is loaded from another site (`https://cdn.example.com/chart.png`): readers' browsers fetch it from there, and it is missing when the site is opened offline",
            "content/pages/links.md:8:38: warning: this link's address (`\\fs01\\Board\\p.pdf`) is left out of the page; only its text is shown",
        ]
    );
    assert!(result.stderr.contains("help: a reader's browser cannot open a file on your computer or shared drive from the site: put the paper in content/files/"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(
        &["build", "--out", out.to_str().unwrap(), "--no-pdf"],
        project.path(),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    let page = fs::read_to_string(out.join("pages/links.html")).unwrap();
    assert!(
        page.contains(r#"On the drive, in Teams, by text, on the <a href="https://example.org" rel="noopener noreferrer">web</a>."#),
        "{page}"
    );
    assert!(page.contains("<a>raw</a> share"), "{page}");
    assert!(!page.contains("file:") && !page.contains("msteams") && !page.contains("SMS:"));
}

/// `[the IPR](/files/ipr.pdf)` leads to the web server's root: it worked on a site served
/// at the root of its address and broke from disk or under a folder, with nothing said.
#[test]
fn a_link_from_the_servers_root_is_warned_of() {
    let project = valid_with(&[
        (
            "content/initiatives/pairs.md",
            "---\ntitle: Paired learning\ncategory: paired-learning\nstatus: active\nrag: green\nlead: ali-khan\nsponsor: jo-bell\n---\nSee [the paper](/files/2026/paper.pdf), [home](/index.html)\nand [the web](//example.org/a), [Ali](/people/ali-khan.html).\n",
        ),
        ("content/files/2026/paper.pdf", "%PDF"),
    ]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "warnings only: {}", result.stderr);
    let from_root = "warning: this link starts with `/`, so it leads to the root of the web server: it breaks when the report is opened from disk or published in a folder";
    assert_eq!(
        warning_lines(&result.stderr),
        [
            format!("content/initiatives/pairs.md:9:5: {from_root}"),
            format!("content/initiatives/pairs.md:9:41: {from_root}"),
            format!("content/initiatives/pairs.md:10:33: {from_root}"),
        ]
    );
    assert!(
        result.stderr.contains(
            "help: link to the record as `@/people/ali-khan`: boardpack makes the link work wherever the report is"
        ),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("help: write `files/2026/paper.pdf` without the `/` in front: a paper's path starts at the site's root without it"), "{}", result.stderr);
    assert!(
        result
            .stderr
            .contains("help: write it from this page, as `../index.html`"),
        "{}",
        result.stderr
    );
}

#[test]
fn issue_14_markdown_images_need_alt_text_and_links_a_target() {
    let project = valid_with(&[
        (
            "content/initiatives/pairs.md",
            "---\ntitle: Paired learning\ncategory: paired-learning\nstatus: active\nrag: green\nlead: ali-khan\nsponsor: jo-bell\n---\nSix pairs.\n\n![](files/pairs.png)\n\nSee [the paper](files/2026/paper.pdf), [Ali](../people/ali-khan.html),\n[tension](../measures/tension.html), [missing](../people/nobody.html), <ali@example.org> and [web](https://example.org).\n![Ali](@/people/ali-khan) and ![Board](../board.html#members).\n",
        ),
        ("content/files/pairs.png", "not really a PNG"),
    ]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "warnings only: {}", result.stderr);
    let warnings = warning_lines(&result.stderr);
    assert_eq!(
        warnings,
        [
            "content/initiatives/pairs.md:11:1: warning: this image has no alt text",
            "content/initiatives/pairs.md:13:5: warning: this link points to `files/2026/paper.pdf`, which is not a file of the site",
            "content/initiatives/pairs.md:14:38: warning: this link points to `../people/nobody.html`, which is not a file of the site",
            // A page is not a picture: a link was meant.
            "content/initiatives/pairs.md:15:1: warning: this image shows `@/people/ali-khan`, a page, which a browser cannot show as a picture",
            "content/initiatives/pairs.md:15:31: warning: this image shows `../board.html#members`, a page, which a browser cannot show as a picture",
        ]
    );
    assert!(
        result
            .stderr
            .contains("help: put the file at content/files/2026/paper.pdf")
    );
    // The page is built, the image with alt="" and the paper's link made relative to the
    // page; the paper is copied as it is.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    let page = fs::read_to_string(out.join("initiatives/pairs.html")).unwrap();
    assert!(
        page.contains(r#"<img src="../files/pairs.png" alt="""#),
        "{page}"
    );
    assert!(page.contains(r#"href="../people/ali-khan.html""#), "{page}");
    assert!(page.contains(r#"href="mailto:ali@example.org""#), "{page}");
    assert_eq!(
        fs::read(out.join("files/pairs.png")).unwrap(),
        b"not really a PNG"
    );
}

#[test]
fn links_with_no_words_and_headings_with_none_are_named_or_left_out() {
    // A link with nothing between its brackets is announced only as "link", and an empty
    // heading as a heading with no name: each is warned of, and the page names the link
    // (the record's name, a meeting's with its date, or the address) and leaves out the
    // heading, as the pack does.
    let project = valid_with(&[
        (
            "content/pages/about.md",
            "---\ntitle: About\n---\nSee [](@/people/ali-khan), [](@/meetings/board-2026-09#minutes), [](https://example.org/x), [](mailto:jo@example.org) and [![](files/logo.png)](@/people/jo-bell).\n\n## \n\n### \u{200b}\n\nNamed: [Ali](@/people/ali-khan) and [*](https://example.org/y).\n\n## Kept\n",
        ),
        ("content/files/logo.png", "not really a PNG"),
    ]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "warnings only: {}", result.stderr);
    let no_words = "warning: this link has no words between its brackets, so a screen reader announces it only as \"link\"";
    let blank = "warning: this heading shows no text, so the page and the board pack leave it out";
    assert_eq!(
        warning_lines(&result.stderr),
        [
            format!("content/pages/about.md:4:5: {no_words}"),
            format!("content/pages/about.md:4:28: {no_words}"),
            format!("content/pages/about.md:4:66: {no_words}"),
            format!("content/pages/about.md:4:93: {no_words}"),
            // A linked image's own warning speaks for its link.
            "content/pages/about.md:4:124: warning: this image has no alt text, and it is all its link shows, so a screen reader announces the link only as \"link\"".to_string(),
            format!("content/pages/about.md:6:1: {blank}"),
            format!("content/pages/about.md:8:1: {blank}"),
        ]
    );
    assert!(
        result
            .stderr
            .contains("the page shows the name of what it leads to as the link's words")
    );
    assert!(
        result
            .stderr
            .contains("the page shows its address as the link's words")
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(
        &["build", "--out", out.to_str().unwrap(), "--no-pdf"],
        project.path(),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    let page = fs::read_to_string(out.join("pages/about.html")).unwrap();
    for named in [
        r#"href="../people/ali-khan.html">Ali Khan</a>"#,
        r#"href="../meetings/board-2026-09.html#minutes">Board meeting, "#,
        r#"href="https://example.org/x">https://example.org/x</a>"#,
        r#"href="mailto:jo@example.org">jo@example.org</a>"#,
        r#"<img src="../files/logo.png" alt="Jo Bell" /></a>"#,
        r#"href="../people/ali-khan.html">Ali</a>"#,
        r#"href="https://example.org/y">*</a>"#,
    ] {
        assert!(page.contains(named), "{named} in {page}");
    }
    assert!(page.contains(">Kept</h2>"), "{page}");
    assert!(
        !page.contains("></h2>") && !page.contains("\u{200b}</h3>"),
        "{page}"
    );
}

#[test]
fn a_paper_named_with_a_hash_is_told_to_be_written_encoded() {
    // `#` starts a place in the page and `?` a query, so the link asked for `files/minutes`.
    let project = valid_with(&[
        (
            "content/pages/about.md",
            "---\ntitle: About\n---\nThe [minutes](files/minutes#3.pdf), [the plan](<files/plan v2?.pdf>) and [a page](files/minutes#3.pdf#page=2).\n",
        ),
        ("content/files/minutes#3.pdf", "%PDF"),
        ("content/files/plan v2?.pdf", "%PDF"),
    ]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "warnings only: {}", result.stderr);
    assert_eq!(
        warning_lines(&result.stderr),
        [
            "content/pages/about.md:4:5: warning: this link asks for `files/minutes`, not the file `files/minutes#3.pdf`: a web address ends a file's name at `#` or `?`",
            "content/pages/about.md:4:37: warning: this link asks for `files/plan v2`, not the file `files/plan v2?.pdf`: a web address ends a file's name at `#` or `?`",
            "content/pages/about.md:4:74: warning: this link asks for `files/minutes`, not the file `files/minutes#3.pdf`: a web address ends a file's name at `#` or `?`",
        ],
        "{}",
        result.stderr
    );
    for help in [
        "as in `files/minutes%233.pdf`",
        "as in `files/plan v2%3F.pdf`",
        "as in `files/minutes%233.pdf#page=2`",
    ] {
        assert!(result.stderr.contains(help), "{help}\n{}", result.stderr);
    }
}

#[test]
fn the_attendance_grid_runs_in_the_order_meetings_were_held() {
    // Records are kept by id: `a-…` sorts before `board-…` and `z-…` after, whatever
    // their dates.
    let project = valid_with(&[
        (
            "content/meetings/a-later.yaml",
            "date: 2026-09-25\ntitle: Extraordinary board\npresent: [jo-bell]\n",
        ),
        (
            "content/meetings/z-earlier.yaml",
            "date: 2026-03-12\ntitle: Spring board\npresent: [jo-bell]\n",
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(
        &["build", "--out", out.to_str().unwrap(), "--no-pdf"],
        project.path(),
    );
    assert_eq!(result.code, 0, "{}", result.stderr);
    let board = fs::read_to_string(out.join("board.html")).unwrap();
    let head = board
        .split("<th scope=\"col\">Member</th>")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("the attendance grid");
    let dates: Vec<&str> = head
        .split("<time datetime=\"")
        .skip(1)
        .map(|t| &t[..10])
        .collect();
    assert_eq!(dates, ["2026-03-12", "2026-09-18", "2026-09-25"], "{head}");
    // Each mark is under its own meeting: Jo Bell sat at all three.
    let row = board
        .split("<th scope=\"col\">Member</th>")
        .nth(1)
        .and_then(|rest| rest.split("Jo Bell").nth(1))
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap();
    assert_eq!(row.matches("Present").count(), 3, "{row}");
    assert!(!row.contains("Below minimum"), "{row}");
    // A rate below `attendance_min` says so beside it, as the flags do.
    let row = board
        .split("<th scope=\"col\">Member</th>")
        .nth(1)
        .and_then(|rest| rest.split("Sam Lee").nth(1))
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap();
    assert!(
        row.contains(r#"0% (0 of 3) <span class="badge status-warn">Below minimum</span>"#),
        "{row}"
    );
}

#[test]
fn issue_14_csv_cells_are_safe_in_every_semicolon_part() {
    let project = valid_with(&[(
        "content/initiatives/pairs.md",
        "---\ntitle: \"Pairs;=HYPERLINK(\\\"http://x\\\")\"\ncategory: paired-learning\nstatus: active\nrag: green\nlead: ali-khan\n---\n",
    )]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let result = run(&["build", "--out", out.to_str().unwrap()], project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    let csv = fs::read_to_string(out.join("data/initiatives.csv")).unwrap();
    assert!(
        csv.contains(r#"pairs,"Pairs;'=HYPERLINK(""http://x"")""#),
        "{csv}"
    );
}

/// Issue 14: `boardpack indicators | head -1` panicked (exit 101) when the pipe closed.
#[test]
fn issue_14_a_closed_pipe_ends_quietly() {
    for args in [
        &["indicators"][..],
        &["indicators", "--format", "json"],
        &["check", "--format", "json"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_boardpack"))
            .args(args)
            .arg(example())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written, as `head` does once it has its
        // line.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
    // A check that finds errors still fails when its reader stops early (`set -o pipefail`).
    let broken = valid_with(&[("content/people/ali-khan.yaml", "name: [\n")]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(["check", "--format", "json"])
        .arg(broken.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(1));
}

#[test]
fn issue_14_min_points_counts_the_latest_partition() {
    // Thirteen points, then a rebase and five: the latest partition is a run chart with no
    // icons, and the first keeps its limits and its colours.
    let mut text = measure_yaml(
        "title: T\nimprovement: up\ntarget: 5\n",
        &[
            "10", "12", "11", "13", "10", "12", "11", "13", "10", "12", "11", "13", "30",
        ],
    );
    for (i, value) in [20, 21, 22, 23, 24].iter().enumerate() {
        let rebase = if i == 0 { ", rebase: true" } else { "" };
        text.push_str(&format!(
            "  - {{ period: 2026-{:02}, value: {value}{rebase} }}\n",
            i + 2
        ));
    }
    let project = valid_with(&[("content/measures/tension.yaml", &text)]);
    let m = &indicators_json(project.path())["measures.tension"]["value"];
    assert_eq!(m["variation"], serde_json::Value::Null);
    assert_eq!(m["assurance"], serde_json::Value::Null);
    assert_eq!(m["upper"], serde_json::Value::Null);
    assert_eq!(m["mean"], 22.0);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    assert_eq!(
        run(&["build", "--out", out.to_str().unwrap()], project.path()).code,
        0
    );
    let csv = fs::read_to_string(out.join("data/measures.csv")).unwrap();
    let thirtieth = csv
        .lines()
        .find(|l| l.starts_with("tension,2026-01,"))
        .unwrap();
    assert!(thirtieth.contains(",improvement,high,true,"), "{thirtieth}");
    let later = csv
        .lines()
        .find(|l| l.starts_with("tension,2026-03,"))
        .unwrap();
    assert!(
        // A run chart's point: its partition's mean (22), no limits and no type.
        later.ends_with(",2,22,,,,,,,,,false,false,false,false"),
        "{later}"
    );
    // The page and the chart's description say the run chart is the five points since the
    // rebase, not the eighteen: the chart draws the first partition's limits.
    let page = fs::read_to_string(out.join("measures/tension.html")).unwrap();
    assert!(
        page.contains("<p>Only 5 points since the limits were recalculated at February 2026, fewer than the 13 process limits need: the latest points are a run chart, with no icons yet. The limits before then are drawn up to the rebase.</p>"),
        "{page}"
    );
    assert!(!page.contains("Fewer than 13 points"), "{page}");
    assert!(
        page.contains("XmR chart of 18 points; the 5 counted points since the latest rebase are too few for process limits, so they are a run chart."),
        "{page}"
    );
    assert!(page.contains(r#"class="limit""#), "{page}");
}

#[test]
fn issue_14_a_base_url_is_a_folder() {
    let project = valid_with(&[("boardpack.yaml", "as_of: 2026-09-30\nbase_url: /board\n")]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    assert_eq!(
        run(&["build", "--out", out.to_str().unwrap()], project.path()).code,
        0
    );
    let not_found = fs::read_to_string(out.join("404.html")).unwrap();
    assert!(
        not_found.contains(r#"href="/board/static/style.css""#),
        "{not_found}"
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>/board/index.html</loc>"),
        "{sitemap}"
    );
    // A sitemap's addresses are ASCII: a path's other letters are percent-encoded there.
    let project = valid_with(&[(
        "boardpack.yaml",
        "as_of: 2026-09-30\nbase_url: /rapport-été\n",
    )]);
    let out = dir.path().join("site-2");
    assert_eq!(
        run(
            &["build", "--out", out.to_str().unwrap(), "--no-pdf"],
            project.path()
        )
        .code,
        0
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>/rapport-%C3%A9t%C3%A9/index.html</loc>") && sitemap.is_ascii(),
        "{sitemap}"
    );
    let project = valid_with(&[(
        "boardpack.yaml",
        "base_url: \"https://example.org/r?x=1\"\n",
    )]);
    assert_eq!(
        errors(project.path()),
        [
            "boardpack.yaml:1:11: error: `base_url`: `https://example.org/r?x=1` is not a web address for the site"
        ]
    );
}

/// Where case is ignored (macOS, Windows), `content/Meetings` is `content/meetings`: its
/// records are read, so it is no error. A link stands in for such a file system here.
#[cfg(unix)]
#[test]
fn issue_14_a_kind_folder_in_another_case_that_is_the_same_folder() {
    let project = copy_of("valid");
    let content = project.path().join("content");
    std::os::unix::fs::symlink(content.join("meetings"), content.join("Meetings")).unwrap();
    let result = check(project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(result.stderr, "ok: 8 records, report date 2026-09-30\n");
}

/// A project theme's file named like a built-in icon is the icon on the site, and the only
/// file at that path (two at one path were written in whichever order the threads took).
#[test]
fn a_theme_file_replaces_the_built_in_icon_of_its_name() {
    let project = copy_of("valid");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let build = || run(&["build", "--out", site.to_str().unwrap()], project.path());
    let wrote = |run: &Run| {
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stderr
            .lines()
            .find(|line| line.starts_with("wrote "))
            .map(str::to_string)
            .unwrap()
    };
    let before = wrote(&build());
    let icons = project.path().join("themes/default/static/icons");
    fs::create_dir_all(&icons).unwrap();
    fs::write(icons.join("variation-common-cause.svg"), "<svg>mine</svg>").unwrap();
    assert_eq!(
        wrote(&build()),
        before,
        "as many files as without the theme's icon"
    );
    let icon = site.join("static/icons/variation-common-cause.svg");
    assert_eq!(fs::read_to_string(icon).unwrap(), "<svg>mine</svg>");
    assert!(
        site.join("static/icons/variation-concern-high.svg")
            .is_file()
    );
}

/// Settings saved as `boardpack.yml` or `Boardpack.yaml` were passed over without a word,
/// and the report built with another title and report date. Now `check` and `build` stop
/// at the file and say what to rename it to.
#[test]
fn misnamed_settings_are_an_error_not_ignored() {
    for name in ["boardpack.yml", "Boardpack.yaml", "BOARDPACK.YML"] {
        let project = copy_of("valid");
        fs::rename(
            project.path().join("boardpack.yaml"),
            project.path().join(name),
        )
        .unwrap();
        // Where the file system ignores case, `Boardpack.yaml` is the settings file.
        if project.path().join("boardpack.yaml").exists() {
            continue;
        }
        assert_eq!(
            errors(project.path()),
            [format!(
                "{name}:1:1: error: boardpack reads its settings from `boardpack.yaml`, and there is none: this file is not read"
            )]
        );
        assert!(
            check(project.path())
                .stderr
                .contains(&format!("help: rename `{name}` to `boardpack.yaml`"))
        );
    }
    // Beside the right file, another is not a mistake of name.
    let project = copy_of("valid");
    fs::write(project.path().join("boardpack.yml"), "title: Old\n").unwrap();
    assert_eq!(check(project.path()).code, 0);
}

/// An id longer than a file system's name allows for its page passed `check` and failed
/// the build at writing ("File name too long", naming the staging folder). Now it is an
/// error at the record's file.
#[test]
fn an_id_too_long_for_its_page_is_an_error_at_its_file() {
    let long = "a".repeat(236);
    let project = valid_with(&[(
        &format!("content/pages/{long}.md"),
        "---\ntitle: Long\n---\nText.\n",
    )]);
    assert_eq!(
        errors(project.path()),
        [format!(
            "content/pages/{long}.md:1:1: error: a record's file name is its id, and this one is 236 characters long; an id may be at most 235"
        )]
    );
    // At the limit it builds.
    let most = "a".repeat(235);
    let project = valid_with(&[(
        &format!("content/pages/{most}.md"),
        "---\ntitle: Long\n---\nText.\n",
    )]);
    let (site, _) = crate::common::build(project.path(), &[]);
    assert!(site.path().join(format!("pages/{most}.html")).is_file());
}

/// A file saved with old Mac line endings (a carriage return alone) was one line to
/// boardpack and many to YAML and Markdown: a mistake in it had no place, and a Markdown
/// record was told it had no front matter. Such a file now reads as any other.
#[test]
fn old_mac_line_endings_read_as_lines() {
    let project = valid_with(&[
        (
            "content/people/ali-khan.yaml",
            "name: Ali Khan\rprofession: manager\rjob_title: Head of ops\r",
        ),
        (
            "content/pages/about.md",
            "---\rtitle: About\r---\rA page saved on an old Mac.\r",
        ),
    ]);
    let result = check(project.path());
    assert_eq!(result.code, 0, "{}", result.stderr);
    let project = valid_with(&[(
        "content/measures/tension.yaml",
        "title: Tension\rimprovement: down\rpoints:\r  - { period: 2026-07, value: lots }\r",
    )]);
    assert_eq!(
        errors(project.path()),
        [
            "content/measures/tension.yaml:4:31: error: `points.value`: expected a number, found `lots`"
        ]
    );
}

/// A record saved by Notepad as `.txt` (shown as `ali-khan.yaml` where extensions are
/// hidden) was left out of every count without a word; it is now a warning with the
/// name to give it. Other files in a record folder (`notes.txt`) are still passed over.
#[test]
fn a_record_saved_as_txt_is_named() {
    let project = copy_of("valid");
    let people = project.path().join("content/people");
    fs::rename(person_file(&project), people.join("ali-khan.yaml.txt")).unwrap();
    fs::write(people.join("notes.txt"), "name: Notes\n").unwrap();
    fs::write(people.join("photo.png"), "not read").unwrap();
    fs::write(people.join("sam-lee.YAML.TXT"), "name: Sam\n").unwrap();
    let result = check(project.path());
    assert!(
        result.stderr.contains("content/people/ali-khan.yaml.txt:1:1: warning: this file is not read: it looks like a record saved as `.txt`, and person records are .yaml files"),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("help: rename it to `ali-khan.yaml`"));
    assert!(result.stderr.contains("help: rename it to `sam-lee.yaml`"));
    // A note of the secretary's own, and other files, are passed over as before.
    assert!(!result.stderr.contains("notes.txt"), "{}", result.stderr);
    assert!(!result.stderr.contains("photo.png"), "{}", result.stderr);
}
