//! Issue 19 (in part): starting a report with `init` and adding records with `new`, through
//! the binary, as a secretary would.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let output = Command::cargo_bin("boardpack")
        .unwrap()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn issue_19_init_checks_clean_builds_and_new_adds_records() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (code, _, stderr) = run(&["init", "report"], root);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("wrote a starter report with 20 files to report"),
        "{stderr}"
    );
    let project = root.join("report");
    // Every kind of record, each commented.
    for folder in [
        "people",
        "meetings",
        "initiatives",
        "measures",
        "surveys",
        "pages",
        "actions",
        "files",
    ] {
        assert!(project.join("content").join(folder).is_dir(), "{folder}");
    }
    assert!(
        fs::read_to_string(project.join("boardpack.yaml"))
            .unwrap()
            .contains("accessibility:")
    );
    // Editor schemas, and the YAML language server's settings that map them to the records.
    let settings = fs::read_to_string(project.join(".vscode/settings.json")).unwrap();
    let settings: serde_json::Value = serde_json::from_str(&settings).unwrap();
    assert_eq!(
        settings["yaml.schemas"]["./.boardpack/schemas/people.schema.json"][0],
        "content/people/**/*.yaml"
    );
    assert!(
        project
            .join(".boardpack/schemas/boardpack.schema.json")
            .is_file()
    );
    let (code, _, stderr) = run(&["check"], &project);
    assert_eq!(
        (code, stderr.as_str()),
        (0, "ok: 9 records, report date 2026-09-30\n")
    );
    let (code, _, stderr) = run(&["build"], &project);
    assert_eq!(code, 0, "{stderr}");
    assert!(project.join("site/board-pack.pdf").is_file());
    assert!(project.join("site/meetings/board-2026-09.html").is_file());

    // A second init changes nothing.
    let before = fs::read(project.join("boardpack.yaml")).unwrap();
    let (code, _, stderr) = run(&["init", "."], &project);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("already holds a project (it has boardpack.yaml); nothing was changed"),
        "{stderr}"
    );
    assert_eq!(fs::read(project.join("boardpack.yaml")).unwrap(), before);

    // New records, with ids made from their names, that check clean as written.
    let (code, stdout, stderr) = run(&["new", "person", "Dr Jo O'Neill"], &project);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim_end(),
        Path::new("content/people/jo-oneill.yaml")
            .display()
            .to_string()
    );
    let person = fs::read_to_string(project.join("content/people/jo-oneill.yaml")).unwrap();
    assert!(person.starts_with("name: \"Dr Jo O'Neill\"\n"), "{person}");
    for (kind, name, path) in [
        (
            "initiative",
            "Joint ward rounds",
            "content/initiatives/joint-ward-rounds.md",
        ),
        (
            "action",
            "Report back on ward rounds",
            "content/actions/report-back-on-ward-rounds.yaml",
        ),
        (
            "page",
            "About this report",
            "content/pages/about-this-report.md",
        ),
        (
            "people",
            "Siân Ó Súilleabháin",
            "content/people/sian-o-suilleabhain.yaml",
        ),
    ] {
        let (code, _, stderr) = run(&["new", kind, name], &project);
        assert_eq!(code, 0, "{kind}: {stderr}");
        assert!(project.join(path).is_file(), "{path}");
    }
    let (code, _, stderr) = run(&["check"], &project);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.starts_with("ok: 14 records"), "{stderr}");

    // The same name again, or an unknown kind: refused, nothing written.
    let (code, _, stderr) = run(&["new", "person", "Jo O'Neill"], &project);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "there is already a person `jo-oneill`: content/people/jo-oneill.yaml; nothing was written"
        ),
        "{stderr}"
    );
    // A record in a sub-folder, or saved as `.yml`, has its id as much as one at the top.
    fs::create_dir_all(project.join("content/people/board")).unwrap();
    fs::rename(
        project.join("content/people/jo-oneill.yaml"),
        project.join("content/people/board/jo-oneill.YML"),
    )
    .unwrap();
    let (code, _, stderr) = run(&["new", "person", "Jo O'Neill"], &project);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "there is already a person `jo-oneill`: content/people/board/jo-oneill.YML; nothing was written"
        ),
        "{stderr}"
    );
    assert!(!project.join("content/people/jo-oneill.yaml").exists());
    // A name in another script: no id can be made of it, and the help says what to do.
    let (code, _, stderr) = run(&["new", "person", "王小明"], &project);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot make an id from \"王小明\"")
            && stderr.contains("give the name in Latin letters here (as in `boardpack new person \"Wang Xiaoming\"`), then write it as it is in the file this makes"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["new", "person", "Nguyễn Thị Hương"], &project);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        project
            .join("content/people/nguyen-thi-huong.yaml")
            .is_file()
    );
    let (code, _, stderr) = run(&["new", "persn", "Someone"], &project);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("there is no kind of record `persn`")
            && stderr.contains("did you mean `person`?"),
        "{stderr}"
    );
    // A mistyped project folder is not made; a title of a paragraph's length gets an id
    // the file system takes and `check` accepts, cut at a word.
    let missing = project.join("no-such-project");
    let (code, _, stderr) = run(
        &[
            "new",
            "person",
            "Jo",
            "--project",
            missing.to_str().unwrap(),
        ],
        &project,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("there is no project folder"), "{stderr}");
    assert!(
        stderr.contains("or name it with `--project PATH`"),
        "{stderr}"
    );
    assert!(!missing.exists());
    let long = "A review of the arrangements for clinical leadership ".repeat(6);
    let (code, _, stderr) = run(&["new", "initiative", &long], &project);
    assert_eq!(code, 0, "{stderr}");
    let made: Vec<String> = fs::read_dir(project.join("content/initiatives"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("a-review-of"))
        .collect();
    assert_eq!(made.len(), 1);
    let id = made[0].strip_suffix(".md").unwrap_or(&made[0]);
    let id = id.strip_suffix(".yaml").unwrap_or(id);
    let whole = "a-review-of-the-arrangements-for-clinical-leadership-".repeat(6);
    assert!(
        id.len() <= 235 && whole.starts_with(id) && whole[id.len()..].starts_with('-'),
        "cut at a word: {id}"
    );
    let (code, _, stderr) = run(&["check"], &project);
    assert_eq!(code, 0, "{stderr}");
}

/// YAML mistakes a secretary makes, each reported at its line in plain words with the fix.
#[test]
fn issue_19_yaml_mistakes_in_plain_english() {
    let person = "content/people/jo-bell.yaml";
    let pairs = "content/initiatives/pairs.md";
    let initiative = |budget: &str| {
        format!(
            "---\ntitle: Paired learning\ncategory: paired-learning\nstatus: active\nrag: green\nlead: ali-khan\nsponsor: jo-bell\nmeasures: [tension]\nbudget: {budget}\n---\nSix pairs.\n"
        )
    };
    let cases: Vec<(&str, String, &str, &str)> = vec![
        (
            person,
            "name: Jo Bell\nprofession: lay\nboard:\n\trole: chair\n  first_appointed: 2020-01-01\n".into(),
            "content/people/jo-bell.yaml:4:2: error: a tab is used to indent this line",
            "help: YAML indents with spaces only: replace the tab with spaces, lining the field up with the ones above it",
        ),
        // A tab before a top-level field: the parser pointed at the line before.
        (
            person,
            "name: Jo Bell\n\tprofession: lay\n".into(),
            "content/people/jo-bell.yaml:2:2: error: a tab is used to indent this line",
            "help: YAML indents with spaces only: replace the tab with spaces, lining the field up with the ones above it",
        ),
        (
            person,
            "name: Jo Bell\nprofession: lay\nboard:\n  role: non-executive-director\n   first_appointed: 2020-01-01\n".into(),
            "content/people/jo-bell.yaml:5:4: error: `first_appointed` is indented one space more than `role` above it, so YAML reads it as part of `board.role`",
            "help: line `first_appointed:` up with `role:` on the line above",
        ),
        (
            person,
            "name: 'Dr O'Neill'\nprofession: lay\n".into(),
            "content/people/jo-bell.yaml:1:13: error: an apostrophe inside single quotes ends the text early",
            "help: write the apostrophe twice (`'Dr O''Neill'`) or use double quotes (`\"Dr O'Neill\"`)",
        ),
        (
            person,
            "name: Jo Bell\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 22/04/2020\n".into(),
            "content/people/jo-bell.yaml:5:20: error: `board.first_appointed`: expected a date as YYYY-MM-DD, found `22/04/2020`",
            "help: write dates as YYYY-MM-DD: `2020-04-22`",
        ),
        (
            person,
            "name: Jo Bell\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 22 April 2020\n".into(),
            "content/people/jo-bell.yaml:5:20: error: `board.first_appointed`: expected a date as YYYY-MM-DD, found `22 April 2020`",
            "help: write dates as YYYY-MM-DD: `2020-04-22`",
        ),
        (
            pairs,
            initiative("£18,000"),
            "content/initiatives/pairs.md:9:9: error: `budget`: expected a number, found `£18,000`",
            "help: write the number alone, without a currency sign or commas: `18000`",
        ),
        (
            person,
            "name: Jo Bell\nprofession: RN\n".into(),
            "content/people/jo-bell.yaml:2:13: error: `profession` has an unknown value `RN`",
            "help: write `nurse`: boardpack's word for `RN`",
        ),
        (
            person,
            "name: Jo Bell\nprofession: Physiotherapist\n".into(),
            "content/people/jo-bell.yaml:2:13: error: `profession` has an unknown value `Physiotherapist`",
            "help: write `ahp`: boardpack's word for `Physiotherapist`",
        ),
        (
            person,
            "name: Jo Bell\nprofession: lay\nboard:\n  role: CEO\n  first_appointed: 2020-01-01\n".into(),
            "content/people/jo-bell.yaml:4:9: error: `board.role` has an unknown value `CEO`",
            "help: write `chief-executive`: boardpack's word for `CEO`",
        ),
        (
            "content/meetings/board-2026-09.yaml",
            "date: 2026-09-18\npresent: [jo-bell]\nagenda:\n  - { item: \"1\", title: Budget, purpose: For decision }\n".into(),
            "content/meetings/board-2026-09.yaml:4:42: error: `agenda.purpose` has an unknown value `For decision`",
            "help: write `approval`: boardpack's word for `For decision`",
        ),
    ];
    let mut cases = cases;
    cases.push((
        person,
        "name: Jo Bell\n".into(),
        "content/people/jo-bell.yaml:1:1: error: missing required field `profession`",
        "help: add a line `profession: ...` to this person, with the one of `doctor`, `nurse`, `midwife`, `ahp`,",
    ));
    let mut wrong = Vec::new();
    for (file, text, first, help) in &cases {
        let project = crate::common::valid_with(&[(file, text.as_str())]);
        let (_, _, stderr) = run(&["check", "."], project.path());
        if stderr.lines().next() != Some(*first) || !stderr.contains(help) {
            wrong.push(format!("expected:\n{first}\n{help}\ngot:\n{stderr}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// Word's curly quotes around a value are a warning (they would show on the page); the
/// version names the record format; `-o` is `--out`.
#[test]
fn issue_19_curly_quotes_version_and_short_out() {
    let project = crate::common::valid_with(&[(
        "content/people/ali-khan.yaml",
        "name: “Ali Khan”\nprofession: manager\n",
    )]);
    let (code, _, stderr) = run(&["check", project.path().to_str().unwrap()], project.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.starts_with("content/people/ali-khan.yaml:1:7: warning: `name` is in curly quotes, which will show on the page"), "{stderr}");
    assert!(
        stderr.contains(
            "help: leave them out (`name: Ali Khan`), or use straight quotes (`\"Ali Khan\"`)"
        ),
        "{stderr}"
    );

    let (code, stdout, _) = run(&["--version"], project.path());
    assert_eq!(
        (code, stdout.trim()),
        (
            0,
            concat!(
                "boardpack ",
                env!("CARGO_PKG_VERSION"),
                " (record format v2)"
            )
        )
    );

    let (code, _, stderr) = run(&["build", "--no-pdf", "-o", "out"], project.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(project.path().join("out/index.html").is_file());
}

/// A person's name where their id belongs: one error, whose help is the id of the person
/// of that name in this project (here not the one the name would make: `sam-lee` is
/// "Dr Sam Lee", and "Ali Khan" is the file `ali-khan.yaml`).
#[test]
fn issue_19_a_name_where_an_id_belongs() {
    let project = crate::common::valid_with(&[
        (
            "content/meetings/board-2026-09.yaml",
            "date: 2026-09-18\npresent: [jo-bell]\napologies: [Dr Sam Lee]\nin_attendance: [Ali Khan]\n",
        ),
        (
            "content/people/ali-khan.yaml",
            "name: Ali Khan\nprofession: manager\n",
        ),
    ]);
    let (code, _, stderr) = run(&["check", project.path().to_str().unwrap()], project.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("content/meetings/board-2026-09.yaml:3:13: error: `apologies`: `Dr Sam Lee` is not a valid person id"), "{stderr}");
    assert!(stderr.contains("help: `Dr Sam Lee` is a name; write the person's id, `sam-lee` (the name of its file, content/people/sam-lee.yaml)"), "{stderr}");
    assert!(
        stderr.contains("help: `Ali Khan` is a name; write the person's id, `ali-khan`"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("2 errors in 1 file\n"),
        "one error each, not two:\n{stderr}"
    );
}

/// Help that shows what a value looks like quotes this project's records, never the example
/// report's.
#[test]
fn issue_19_help_examples_come_from_the_project() {
    let project = crate::common::valid_with(&[(
        "content/meetings/board-2026-09.yaml",
        "date: 2026-09-18\npresent: [jo-bell, xqzv]\n",
    )]);
    let (code, _, stderr) = run(&["check", "."], project.path());
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "help: a person's id is their file name in content/people, such as `ali-khan`"
        ),
        "{stderr}"
    );
    let project = crate::common::valid_with(&[(
        "content/pages/about.md",
        "---\ntitle: About\n---\nSee [the chair](@/people).\n",
    )]);
    let (code, _, stderr) = run(&["check", "."], project.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("as in `@/people/ali-khan`"), "{stderr}");
    assert!(!stderr.contains("amara-okafor"), "{stderr}");
}

/// The schemas `boardpack schema` writes accept every record of the example report and
/// refuse a misspelt field: checked with a JSON Schema validator, as an editor would.
#[test]
fn issue_19_schemas_accept_the_example_and_refuse_a_typo() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(&["schema", "schemas"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 8, "{stdout}");
    let schema = |name: &str| -> serde_json::Value {
        let text = fs::read_to_string(dir.path().join("schemas").join(name)).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let yaml = |text: &str| -> serde_json::Value { serde_saphyr::from_str(text).unwrap() };
    let front = |text: &str| -> String {
        let rest = text.strip_prefix("---\n").expect("front matter");
        rest[..rest.find("\n---").unwrap()].to_string()
    };
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = schema("boardpack.schema.json");
    let config = yaml(&fs::read_to_string(example.join("boardpack.yaml")).unwrap());
    assert!(jsonschema::is_valid(&settings, &config), "boardpack.yaml");
    let mut checked = 0;
    for folder in [
        "people",
        "meetings",
        "initiatives",
        "measures",
        "surveys",
        "actions",
        "pages",
    ] {
        let validator =
            jsonschema::validator_for(&schema(&format!("{folder}.schema.json"))).unwrap();
        for entry in fs::read_dir(example.join("content").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let fields = if path.extension().is_some_and(|e| e == "md") {
                front(&text)
            } else {
                text
            };
            let record = yaml(&fields);
            let problems: Vec<String> = validator
                .iter_errors(&record)
                .map(|e| e.to_string())
                .collect();
            assert!(problems.is_empty(), "{}: {problems:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} records");
    // A misspelt field and an unknown value are refused.
    let people = jsonschema::validator_for(&schema("people.schema.json")).unwrap();
    let typo = yaml(
        "name: Jo Bell\nprofession: lay\nboard:\n  role: chair\n  first_apointed: 2020-01-01\n",
    );
    assert!(!people.is_valid(&typo));
    assert!(!people.is_valid(&yaml("name: Jo Bell\nprofession: docter\n")));
    assert!(people.is_valid(&yaml("name: Jo Bell\nprofession: doctor\n")));
}

/// `check` given a record checks the project that holds it, that record's problems first.
#[test]
fn issue_19_check_a_record_checks_its_project_with_its_problems_first() {
    let project = crate::common::valid_with(&[
        (
            "content/people/ali-khan.yaml",
            "name: Ali Khan\nprofession: docter\n",
        ),
        (
            "content/meetings/board-2026-09.yaml",
            "date: 2026-09-18\npresent: [jo-bel]\napologies: [sam-lee]\n",
        ),
    ]);
    let (code, _, whole) = run(&["check", "."], project.path());
    assert_eq!(code, 1);
    assert!(
        whole.starts_with("content/meetings/board-2026-09.yaml"),
        "{whole}"
    );
    let (code, _, one) = run(
        &["check", "content/people/ali-khan.yaml"],
        &project.path().join("."),
    );
    assert_eq!(code, 1);
    assert!(
        one.starts_with(
            "content/people/ali-khan.yaml:2:13: error: `profession` has an unknown value `docter`"
        ),
        "{one}"
    );
    assert!(
        one.contains("content/meetings/board-2026-09.yaml:2:11: error"),
        "the rest of the project is checked too:\n{one}"
    );
    // The same record by a roundabout path, from inside the project.
    let (code, _, roundabout) = run(
        &["check", "../content/people/../people/ali-khan.yaml"],
        &project.path().join("content"),
    );
    assert_eq!(code, 1);
    assert!(
        roundabout.starts_with("content/people/ali-khan.yaml:2:13: error"),
        "{roundabout}"
    );
    // A record that is a link to a file kept elsewhere is checked in the project that
    // holds the link.
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        let record = project.path().join("content/people/ali-khan.yaml");
        fs::rename(&record, elsewhere.path().join("ali-khan.yaml")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join("ali-khan.yaml"), &record).unwrap();
        let (code, _, linked) = run(&["check", "content/people/ali-khan.yaml"], project.path());
        assert_eq!(code, 1);
        assert!(
            linked.starts_with("content/people/ali-khan.yaml:2:13: error"),
            "{linked}"
        );
    }
}

/// Money written with a decimal comma and a currency sign after it (`2,50€`) is an error
/// with no wrong fix offered, never a crash.
#[test]
fn issue_19_money_in_any_notation_is_an_error_not_a_crash() {
    let project = crate::common::valid_with(&[(
        "content/initiatives/pairs.md",
        "---\ntitle: Paired learning\ncategory: paired-learning\nstatus: active\nlead: ali-khan\nbudget: 2,50€\n---\nSix pairs.\n",
    )]);
    let (code, _, stderr) = run(&["check", "."], project.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "content/initiatives/pairs.md:6:9: error: `budget`: expected a number, found `2,50€`"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("help: write the number"), "{stderr}");
}

/// Colour on a terminal, none in a pipe or with NO_COLOR; CLICOLOR_FORCE forces it.
#[test]
fn issue_19_colour_follows_no_color_and_clicolor_force() {
    let project = crate::common::valid_with(&[("content/people/ali-khan.yaml", "name: A\n")]);
    let check = |env: &[(&str, &str)]| -> String {
        let mut command = Command::cargo_bin("boardpack").unwrap();
        command
            .arg("check")
            .arg(project.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (key, value) in env {
            command.env(key, value);
        }
        String::from_utf8_lossy(&command.output().unwrap().stderr).into_owned()
    };
    assert!(!check(&[]).contains('\u{1b}'), "a pipe gets plain text");
    let forced = check(&[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\u{1b}[31merror\u{1b}[0m"), "{forced:?}");
    assert!(!check(&[("NO_COLOR", "1")]).contains('\u{1b}'));
}

/// `--quiet` prints problems only.
#[test]
fn issue_19_quiet_prints_only_problems() {
    let project = crate::common::valid_with(&[]);
    let path = project.path().to_str().unwrap();
    let (code, _, stderr) = run(&["check", "--quiet", path], project.path());
    assert_eq!((code, stderr.as_str()), (0, ""));
    let (code, _, stderr) = run(
        &["-q", "build", "--no-pdf", "-o", "out", path],
        project.path(),
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    let broken = crate::common::valid_with(&[("content/people/ali-khan.yaml", "name: A\n")]);
    let (code, _, stderr) = run(
        &["check", "-q", broken.path().to_str().unwrap()],
        broken.path(),
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: missing required field `profession`"),
        "{stderr}"
    );
}

/// A `language` that is not a language tag is a warning at its line (it would reach every
/// page's `<html lang>`); the report still builds, as a v1 project did.
#[test]
fn a_language_that_is_no_tag_is_a_warning() {
    let project = crate::common::valid_with(&[(
        "boardpack.yaml",
        "title: Board report\norganisation: Test Hospitals NHS Trust\nas_of: 2026-09-30\nlanguage: english\n",
    )]);
    let (code, _, stderr) = run(&["check", "."], project.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr
            .contains("boardpack.yaml:4:11: warning: `language`: `english` is not a language tag"),
        "{stderr}"
    );
    assert!(stderr.contains("help: write `language: en-GB`"), "{stderr}");
}
