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
        stderr.contains("wrote a starter report with 11 files to report"),
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
        Path::new(".")
            .join("content/people/jo-oneill.yaml")
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
            "there is already a person `jo-oneill` in content/people; nothing was written"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["new", "persn", "Someone"], &project);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("there is no kind of record `persn`")
            && stderr.contains("did you mean `person`?"),
        "{stderr}"
    );
}
