//! Issue 17: governance records (FORMAT.md v2) through whole builds: meetings with agendas,
//! papers, decisions and declarations; the action log; the register of interests; links
//! to records; and what a public build must leave out.

use crate::common::{copy_tree, tree, valid_with};
use std::fs;
use std::path::Path;

const MEETING: &str = "date: 2026-09-18
title: Board in public
present: [jo-bell, sam-lee]
in_attendance: [ali-khan]
quorate: true
agenda:
  - { item: \"1\", title: Welcome and apologies, purpose: information, presenter: jo-bell }
  - item: \"4.10\"
    title: Paired learning evaluation
    purpose: assurance
    presenter: sam-lee
    paper: files/2026-09/evaluation.pdf
    initiatives: [pairs]
    measures: [tension]
decisions:
  - { item: \"4.10\", text: Approved the evaluation for publication }
declarations:
  - { person: ali-khan, item: \"4.10\", interest: Partner works for the evaluator, action: Took no part }
minutes: files/2026-09/minutes.pdf
";

/// A confidential meeting whose paper no public record names, and a confidential action.
const SECRET_MEETING: &str = "date: 2026-08-01
title: Remuneration committee
confidential: true
present: [jo-bell]
agenda:
  - { item: \"1\", title: Executive pay SECRET-ITEM, purpose: approval, paper: files/secret/pay-review.pdf }
";

/// Bytes no text file has: a paper is copied as it is, not read as text.
const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn project() -> tempfile::TempDir {
    let project = valid_with(&[
        ("content/meetings/board-2026-09.yaml", MEETING),
        ("content/meetings/remuneration-2026-08.yaml", SECRET_MEETING),
        (
            "content/people/jo-bell.yaml",
            "name: Jo Bell\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 2020-01-01\n  committees: [audit]\ninterests:\n  - { description: Trustee of the hospice, declared: 2026-04-01, type: non-financial-personal, from: 2019-01-01, action: Withdraws from hospice contracts }\n  - { description: Former adviser, declared: 2026-04-01, to: 2026-03-31 }\n",
        ),
        (
            "content/actions/evaluation-summary.yaml",
            "title: Publish a summary of the evaluation\nmeeting: board-2026-09\nitem: \"4.10\"\nowner: sam-lee\ndue: 2026-09-20\nprogress: Draft with communications\ninitiative: pairs\n",
        ),
        (
            "content/actions/welcome-pack.yaml",
            "title: Refresh the welcome pack\nmeeting: board-2026-09\nowner: jo-bell\ndue: 2026-09-25\ndone: 2026-09-24\n",
        ),
        (
            "content/actions/pay-benchmark.yaml",
            "title: Benchmark pay SECRET-ACTION\nmeeting: remuneration-2026-08\nowner: jo-bell\ndue: 2026-12-01\n",
        ),
        (
            "content/actions/private-note.yaml",
            "title: Private note SECRET-CONFIDENTIAL-ACTION\nconfidential: true\nmeeting: board-2026-09\nowner: jo-bell\ndue: 2026-12-01\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About\n---\nAsk [the chair](@/people/jo-bell), see [the meeting](@/meetings/board-2026-09#agenda), [the pay action](@/actions/pay-benchmark) and [the evaluation](files/2026-09/evaluation.pdf).\n",
        ),
        ("content/files/2026-09/minutes.pdf", "minutes"),
    ]);
    let files = project.path().join("content/files");
    fs::write(files.join("2026-09/evaluation.pdf"), PDF).unwrap();
    fs::create_dir_all(files.join("secret")).unwrap();
    fs::write(files.join("secret/pay-review.pdf"), "SECRET-PAPER").unwrap();
    project
}

struct Built {
    dir: tempfile::TempDir,
    stderr: String,
}

impl Built {
    fn read(&self, page: &str) -> String {
        fs::read_to_string(self.dir.path().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
    }

    /// The board pack's text, as `pdftotext` reads it.
    fn pack_text(&self) -> String {
        let pack = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(self.dir.path().join("board-pack.pdf"))
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is needed for these tests");
        String::from_utf8_lossy(&pack.stdout).into_owned()
    }
}

fn build(project: &Path, flags: &[&str]) -> Built {
    let (dir, stderr) = crate::common::build(project, flags);
    Built { dir, stderr }
}

#[test]
fn issue_17_a_meeting_page_shows_its_agenda_papers_decisions_and_actions() {
    let project = project();
    let site = build(project.path(), &[]);
    let page = site.read("meetings/board-2026-09.html");
    for expected in [
        "<h1>Board in public</h1>",
        r#"<tr id="item-4-10"><td>4.10</td><th scope="row">Paired learning evaluation<br><span class="muted">About: <a href="../initiatives/pairs.html">Paired learning</a>, <a href="../measures/tension.html">"#,
        r#"<a href="../files/2026-09/evaluation.pdf" data-print="files/2026-09/evaluation.pdf" aria-label="Paper for item 4.10">Paper</a>"#,
        r##"<a href="#item-4-10">Item 4.10</a>: Approved the evaluation for publication"##,
        r##"<a href="../people/ali-khan.html">Ali Khan</a> (<a href="#item-4-10">item 4.10</a>): Partner works for the evaluator. Took no part"##,
        r#"<a href="../files/2026-09/minutes.pdf" data-print="files/2026-09/minutes.pdf">Minutes of the meeting</a>"#,
        "Publish a summary of the evaluation",
        // Due 20 September, open on the report date (30 September): 10 days overdue.
        "Overdue</span> by 10 days",
    ] {
        assert!(page.contains(expected), "missing {expected}\n{page}");
    }
    // The meetings index, newest first, and the initiative and measure pages that link
    // back to the item that discussed them.
    let index = site.read("meetings.html");
    assert!(index.contains(r#"<a href="meetings/board-2026-09.html">Board in public</a>"#));
    for page in ["initiatives/pairs.html", "measures/tension.html"] {
        let text = site.read(page);
        assert!(
            text.contains(r#"<a href="../meetings/board-2026-09.html#item-4-10">item 4.10, Paired learning evaluation</a> (for assurance)"#),
            "{page}: {text}"
        );
    }
    // The owner's page lists their action, the meeting's item linked.
    let owner = site.read("people/sam-lee.html");
    assert!(
        owner.contains("Publish a summary of the evaluation"),
        "{owner}"
    );
    assert!(
        owner.contains(r#"(item <a href="../meetings/board-2026-09.html#item-4-10">4.10</a>)"#)
    );
    // The paper is copied byte for byte.
    assert_eq!(
        fs::read(site.dir.path().join("files/2026-09/evaluation.pdf")).unwrap(),
        PDF
    );
}

#[test]
fn issue_17_the_action_log_lists_open_actions_first_then_done() {
    let site = build(project().path(), &[]);
    let log = site.read("actions.html");
    assert!(
        log.contains("1 open, of which 1 overdue, and 1 done."),
        "{log}"
    );
    let open = log.find("Publish a summary of the evaluation").unwrap();
    let done = log.find("Refresh the welcome pack").unwrap();
    assert!(open < done);
    assert!(log.contains(r#"<span class="badge status-ok">Done</span> <time datetime="2026-09-24">24 September 2026</time>"#));
    let csv = site.read("data/actions.csv");
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "action,title,meeting,item,owner,owner_name,due,done,status,days_overdue,days_late,progress,initiative",
            "evaluation-summary,Publish a summary of the evaluation,board-2026-09,4.10,sam-lee,Dr Sam Lee,2026-09-20,,overdue,10,,Draft with communications,pairs",
            "welcome-pack,Refresh the welcome pack,board-2026-09,,jo-bell,Jo Bell,2026-09-25,2026-09-24,done-on-time,,,,",
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("data/indicators.json")).unwrap();
    assert_eq!(json["governance.actions_open"]["value"], 1);
    assert_eq!(json["governance.actions_overdue"]["status"], "warn");
    assert_eq!(json["governance.actions_on_time_share"]["value"], 1.0);
    assert_eq!(json["governance.meetings_inquorate"]["status"], "ok");
}

#[test]
fn issue_17_the_register_of_interests() {
    let site = build(project().path(), &[]);
    let register = site.read("interests.html");
    assert!(register.contains("Trustee of the hospice"), "{register}");
    assert!(register.contains("Withdraws from hospice contracts"));
    // Ended before the report date: off the register (still on the person's own page).
    assert!(!register.contains("Former adviser"));
    assert!(site.read("people/jo-bell.html").contains("Former adviser"));
    // Dr Sam Lee has never declared: flagged.
    let lee = register.find("Dr Sam Lee").unwrap();
    assert!(register[lee..].contains("None in the last year"));
    assert!(register.contains("Partner works for the evaluator"));
    let csv = site.read("data/interests.csv");
    assert!(csv.contains("jo-bell,Jo Bell,non-financial-personal,Trustee of the hospice,2019-01-01,,Withdraws from hospice contracts,2026-04-01,false"), "{csv}");
    assert!(csv.contains("sam-lee,Dr Sam Lee,none,,,,,,true"), "{csv}");
}

/// A confidential action, a confidential meeting, the action agreed there and the paper
/// only it names leave no trace in a public build: every output file is read. So do a
/// confidential person who owns a public action and declares an interest at a public
/// meeting, a paper only a confidential page links to, and an image linking to them.
#[test]
fn issue_17_hidden_governance_records_leave_no_trace() {
    let project = project();
    let root = project.path();
    fs::write(
        root.join("content/people/zz-hidden.yaml"),
        "name: Hidden SECRET-PERSON\nprofession: manager\nconfidential: true\n",
    )
    .unwrap();
    fs::write(
        root.join("content/actions/hidden-owner.yaml"),
        "title: Owned by someone hidden\nmeeting: board-2026-09\nowner: zz-hidden\ndue: 2026-09-20\n",
    )
    .unwrap();
    let meeting = root.join("content/meetings/board-2026-09.yaml");
    let text = fs::read_to_string(&meeting).unwrap();
    fs::write(
        &meeting,
        text.replace(
            "in_attendance: [ali-khan]",
            "in_attendance: [ali-khan, zz-hidden]",
        )
        .replace(
            "declarations:\n",
            "declarations:\n  - { person: zz-hidden, item: \"1\", interest: SECRET-DECLARATION }\n",
        ),
    )
    .unwrap();
    fs::write(
        root.join("content/pages/secret.md"),
        "---\ntitle: Secret\nconfidential: true\n---\n[notes](../files/secret/body-only.pdf)\n",
    )
    .unwrap();
    fs::write(
        root.join("content/files/secret/body-only.pdf"),
        "SECRET-BODY-PAPER",
    )
    .unwrap();
    let about = root.join("content/pages/about.md");
    let text = fs::read_to_string(&about).unwrap();
    fs::write(
        &about,
        format!("{text}\n![A portrait](@/people/zz-hidden)\n"),
    )
    .unwrap();
    let public = build(project.path(), &[]);
    let markers = [
        "SECRET-PERSON",
        "zz-hidden",
        "SECRET-DECLARATION",
        "SECRET-BODY-PAPER",
        "body-only",
        "SECRET-ACTION",
        "SECRET-CONFIDENTIAL-ACTION",
        "private-note",
        "pay-benchmark",
        "SECRET-ITEM",
        "SECRET-PAPER",
        "pay-review",
        "remuneration",
        "Remuneration",
    ];
    let files = tree(public.dir.path());
    assert!(files.len() > 40);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for marker in markers {
            assert!(
                !text.contains(marker) && !path.to_string_lossy().contains(marker),
                "{marker} leaked into {}",
                path.display()
            );
        }
    }
    // The body's link to the hidden action is plain text, with a warning that says so.
    let about = public.read("pages/about.html");
    assert!(
        about.contains("[the pay action]") || about.contains(" the pay action "),
        "{about}"
    );
    assert!(
        about.contains(
            r#"<a rel="noopener noreferrer" href="../people/jo-bell.html">the chair</a>"#
        ),
        "{about}"
    );
    assert!(about.contains(r#"href="../meetings/board-2026-09.html#agenda">the meeting</a>"#));
    assert!(
        public
            .stderr
            .contains("`@/actions/pay-benchmark` links to an action agreed at a draft or confidential meeting, which this build leaves out"),
        "{}",
        public.stderr
    );

    // With --confidential all of it is there.
    let private = build(project.path(), &["--confidential"]);
    assert!(private.read("actions.html").contains("SECRET-ACTION"));
    assert!(
        private
            .read("meetings/remuneration-2026-08.html")
            .contains("SECRET-ITEM")
    );
    assert_eq!(private.read("files/secret/pay-review.pdf"), "SECRET-PAPER");
    assert!(
        private
            .read("pages/about.html")
            .contains(r#"href="../actions.html#action-pay-benchmark">the pay action</a>"#)
    );
}

/// Actions agreed at a meeting after the report date do not appear; done after it, they
/// count as open; each file says so once.
#[test]
fn issue_17_the_report_date_bounds_the_action_log() {
    let project = project();
    let root = project.path();
    fs::write(
        root.join("content/meetings/board-2026-11.yaml"),
        "date: 2026-11-20\npresent: [jo-bell]\n",
    )
    .unwrap();
    fs::write(
        root.join("content/actions/later.yaml"),
        "title: Agreed later LATER-ACTION\nmeeting: board-2026-11\nowner: jo-bell\ndue: 2026-12-01\n",
    )
    .unwrap();
    let pack = root.join("content/actions/welcome-pack.yaml");
    let text = fs::read_to_string(&pack).unwrap();
    fs::write(&pack, text.replace("done: 2026-09-24", "done: 2026-10-02")).unwrap();
    let site = build(root, &[]);
    assert!(!site.read("actions.html").contains("LATER-ACTION"));
    assert!(
        site.read("actions.html")
            .contains("2 open, of which 2 overdue, and 0 done.")
    );
    assert!(site.stderr.contains("content/actions/later.yaml:2:10: warning: this action was agreed at a meeting after the report date (2026-09-30)"), "{}", site.stderr);
    assert!(site.stderr.contains("content/actions/welcome-pack.yaml:5:7: warning: this action was done after the report date (2026-09-30), so it counts as open"), "{}", site.stderr);
}

/// Papers named as board secretaries name them, with spaces, `#`, `%`, `?` and accents:
/// each link's address names the file the site holds (a `#` or `?` written as it is
/// would end the path, and the browser would ask for another file).
#[test]
fn papers_with_any_name_are_linked_to_their_file() {
    let project = project();
    let meeting = project.path().join("content/meetings/board-2026-09.yaml");
    let text = fs::read_to_string(&meeting).unwrap();
    let paper = "files/2026-09/Board paper #3 (Q&A?) 50% Zoë.pdf";
    let minutes = "files/2026-09/Minutes 18 Sept.pdf";
    let text = text
        .replace(
            "paper: files/2026-09/evaluation.pdf",
            &format!("paper: \"{paper}\""),
        )
        .replace(
            "minutes: files/2026-09/minutes.pdf",
            &format!("minutes: \"{minutes}\""),
        );
    fs::write(&meeting, text).unwrap();
    let files = project.path().join("content");
    fs::write(files.join(paper), PDF).unwrap();
    fs::write(files.join(minutes), "minutes").unwrap();
    let site = build(project.path(), &[]);
    let page = site.read("meetings/board-2026-09.html");
    let paper_href =
        "../files/2026-09/Board%20paper%20%233%20%28Q%26A%3F%29%2050%25%20Zo%C3%AB.pdf";
    let minutes_href = "../files/2026-09/Minutes%2018%20Sept.pdf";
    for href in [paper_href, minutes_href] {
        assert!(
            page.contains(&format!("href=\"{href}\"")),
            "missing {href}\n{page}"
        );
        // The address, read back as a browser reads it from the meeting's folder, is
        // the copied file.
        let path = percent_encoding::percent_decode_str(href.trim_start_matches("../"))
            .decode_utf8()
            .unwrap()
            .into_owned();
        assert!(
            site.dir.path().join(&path).is_file(),
            "{path} is not in the site"
        );
    }
}

/// Large papers are copied without being read whole: a paper is streamed from
/// `content/files/` to the site.
#[test]
fn issue_17_papers_are_copied_as_they_are() {
    let project = tempfile::tempdir().unwrap();
    copy_tree(&project_fixture(), project.path());
    let files = project.path().join("content/files");
    fs::create_dir_all(files.join("nested/deeper")).unwrap();
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    fs::write(files.join("nested/deeper/big.bin"), &big).unwrap();
    let site = build(project.path(), &[]);
    assert_eq!(
        fs::read(site.dir.path().join("files/nested/deeper/big.bin")).unwrap(),
        big
    );
}

fn project_fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid")
}

/// A paper named with `content/` in front, and a presenter who was not at the meeting:
/// an error that says what to write, and a warning.
#[test]
fn issue_17_paper_paths_and_presenters_are_checked() {
    let project = project();
    let meeting = project.path().join("content/meetings/board-2026-09.yaml");
    let text = fs::read_to_string(&meeting).unwrap();
    fs::write(
        &meeting,
        text.replace(
            "paper: files/2026-09/evaluation.pdf",
            "paper: content/files/2026-09/evaluation.pdf",
        )
        .replace(
            "purpose: information, presenter: jo-bell",
            "purpose: information, presenter: ali-khan",
        )
        .replace("in_attendance: [ali-khan]", "in_attendance: []")
        .replace("person: ali-khan", "person: jo-bell"),
    )
    .unwrap();
    let checked = crate::common::check(project.path());
    let stderr = checked.stderr;
    assert_eq!(checked.code, 1, "{stderr}");
    assert!(stderr.contains("content/meetings/board-2026-09.yaml:12:12: error: `agenda.paper`: write the paper's path as it is in the site, without `content/`"), "{stderr}");
    assert!(
        stderr.contains("help: write `files/2026-09/evaluation.pdf`"),
        "{stderr}"
    );
    assert!(stderr.contains("content/meetings/board-2026-09.yaml:7:81: warning: `agenda.presenter`: `ali-khan` is not listed as present or in attendance"), "{stderr}");
}

/// On one page every id is there once: a body's heading named like a part of the page
/// (`## Attendance` on a person's page, `## Main`, the skip link's target) gets an id of
/// its own, and so does each agenda item, however alike their numbers.
#[test]
fn ids_on_a_page_are_each_there_once() {
    let project = project();
    let person = project.path().join("content/people/jo-bell.yaml");
    let yaml = fs::read_to_string(&person).unwrap();
    fs::remove_file(&person).unwrap();
    fs::write(
        project.path().join("content/people/jo-bell.md"),
        format!("---\n{yaml}---\n## Attendance\n\nAt every board.\n\n## Main\n\nText.\n"),
    )
    .unwrap();
    let site = build(project.path(), &[]);
    let page = site.read("people/jo-bell.html");
    for id in ["attendance", "main", "section-attendance", "section-main"] {
        assert_eq!(
            page.matches(&format!("id=\"{id}\"")).count(),
            1,
            "id {id}:\n{page}"
        );
    }
    // `4-10` before `4.10`: each row has a place of its own, and the decision on `4.10`
    // and the pages that name it link to its row, not to `4-10`'s.
    let meeting = project.path().join("content/meetings/board-2026-09.yaml");
    let text = fs::read_to_string(&meeting).unwrap().replace(
        "item: \"1\", title: Welcome",
        "item: \"4-10\", title: Welcome",
    );
    fs::write(&meeting, text).unwrap();
    let site = build(project.path(), &[]);
    let page = site.read("meetings/board-2026-09.html");
    for id in ["item-4-10", "item-4-10--2"] {
        assert_eq!(
            page.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id}:\n{page}"
        );
    }
    assert!(
        page.contains(
            r##"<a href="#item-4-10--2">Item 4.10</a>: Approved the evaluation for publication"##
        ),
        "{page}"
    );
    assert!(
        site.read("initiatives/pairs.html")
            .contains("../meetings/board-2026-09.html#item-4-10--2")
    );
}

/// An action done before the meeting that agreed it (most likely a slip of the year) was
/// shown as done on time without a word: a warning at its `done`, the build still made.
#[test]
fn an_action_done_before_it_was_agreed_is_a_warning() {
    let project = project();
    let action = project.path().join("content/actions/welcome-pack.yaml");
    let text = fs::read_to_string(&action)
        .unwrap()
        .replace("done: 2026-09-24", "done: 2001-09-24");
    fs::write(&action, text).unwrap();
    let site = build(project.path(), &[]);
    assert!(
        site.stderr.contains("content/actions/welcome-pack.yaml:5:7: warning: `done` (2001-09-24) is before the meeting that agreed the action (`board-2026-09`, 2026-09-18)"),
        "{}",
        site.stderr
    );
}

/// An action still open on the report date whose owner has left the board is a warning
/// at its `owner`; one they finished, or an owner leaving after the report date, is not.
#[test]
fn an_open_action_owned_by_a_board_leaver_is_a_warning() {
    let project = valid_with(&[
        (
            "content/people/ex-director.yaml",
            "name: Ex Director\nprofession: finance\nboard:\n  role: finance-director\n  first_appointed: 2020-01-01\n  left: 2026-06-30\n",
        ),
        (
            "content/people/leaving-later.yaml",
            "name: Leaving Later\nprofession: lay\nboard:\n  role: non-executive-director\n  first_appointed: 2020-01-01\n  left: 2026-12-31\n",
        ),
        (
            "content/actions/orphaned.yaml",
            "title: Review the budget\nmeeting: board-2026-09\nowner: ex-director\ndue: 2026-12-01\n",
        ),
        (
            "content/actions/finished.yaml",
            "title: Close the accounts\nmeeting: board-2026-09\nowner: ex-director\ndue: 2026-12-01\ndone: 2026-09-20\n",
        ),
        (
            "content/actions/still-owned.yaml",
            "title: Chair the review\nmeeting: board-2026-09\nowner: leaving-later\ndue: 2026-12-01\n",
        ),
    ]);
    let checked = crate::common::check(project.path());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        checked.stderr.contains("content/actions/orphaned.yaml:3:8: warning: `owner`: `ex-director` left the board on 2026-06-30, and this action is still open on the report date (2026-09-30)"),
        "{}",
        checked.stderr
    );
    assert!(
        checked
            .stderr
            .contains("give the action to someone in post")
    );
    assert_eq!(
        checked.stderr.matches("left the board on").count(),
        1,
        "{}",
        checked.stderr
    );
}

/// Two mistakes a secretary makes in an action, each told the fix that works: a space
/// after an id (it cannot be seen, and "is a name" baffled) and `status: done` (the help
/// was to put it under `extra:`, which left the action open for good).
#[test]
fn an_action_s_spaced_owner_and_status_are_told_their_fix() {
    let project = valid_with(&[
        (
            "content/actions/spaced.yaml",
            "title: Review the budget\nmeeting: board-2026-09\nowner: \"jo-bell \"\ndue: 2026-12-01\n",
        ),
        (
            "content/actions/status.yaml",
            "title: Close the accounts\nmeeting: board-2026-09\nowner: jo-bell\ndue: 2026-12-01\nstatus: done\n",
        ),
    ]);
    let checked = crate::common::check(project.path());
    assert!(
        checked.stderr.contains(
            "content/actions/spaced.yaml:3:8: error: `owner`: `jo-bell ` is not a valid person id"
        ),
        "{}",
        checked.stderr
    );
    assert!(
        checked
            .stderr
            .contains("help: it has a space at its end: write `jo-bell`"),
        "{}",
        checked.stderr
    );
    assert!(
        checked
            .stderr
            .contains("content/actions/status.yaml:5:1: error: unknown field `status`"),
        "{}",
        checked.stderr
    );
    assert!(
        checked
            .stderr
            .contains("help: it is marked done with the date it was done, `done: 2026-09-16`"),
        "{}",
        checked.stderr
    );
}

/// "Nothing to declare" is what a nil return says: a member in post who has never
/// declared is shown as having no declaration on record, on the register and in the pack.
#[test]
fn a_member_who_never_declared_is_not_said_to_have_nothing_to_declare() {
    let project = valid_with(&[(
        "content/people/new-ned.yaml",
        "name: New Ned\nprofession: lay\nboard:\n  role: non-executive-director\n  first_appointed: 2026-01-01\n",
    )]);
    let site = build(project.path(), &[]);
    let register = site.read("interests.html");
    let row = register
        .split("<tr>")
        .find(|row| row.contains("New Ned"))
        .expect("New Ned's row");
    assert!(row.contains("No declaration on record"), "{row}");
    assert!(!row.contains("Nothing to declare"), "{row}");
    let text = site.pack_text();
    assert!(text.contains("No declaration on record"), "{text}");
}

/// An agenda item about a draft initiative is shown without it, and both `build` and
/// `check` say so at the name, `check` in the public build's words.
#[test]
fn an_agenda_item_about_a_draft_initiative_is_warned_of() {
    let project = valid_with(&[
        (
            "content/initiatives/drafted.md",
            "---\ntitle: Drafted plan\ncategory: other\nstatus: proposed\nlead: jo-bell\ndraft: true\n---\n",
        ),
        (
            "content/meetings/board-2026-09.yaml",
            "date: 2026-09-18\npresent: [jo-bell]\napologies: [sam-lee]\nin_attendance: [ali-khan]\nagenda:\n  - { item: \"1\", title: Plans, purpose: discussion, initiatives: [pairs, drafted] }\n",
        ),
    ]);
    let site = build(project.path(), &[]);
    let at = "content/meetings/board-2026-09.yaml:6:74: warning: `agenda.initiatives`: `drafted` is a draft initiative";
    assert!(
        site.stderr
            .contains(&format!("{at}, which this build leaves out")),
        "{}",
        site.stderr
    );
    assert!(
        site.stderr
            .contains("help: the agenda item is shown without it; it is named in a build that includes that record"),
        "{}",
        site.stderr
    );
    let page = site.read("meetings/board-2026-09.html");
    assert!(
        page.contains("Paired learning") && !page.contains("Drafted plan"),
        "{page}"
    );
    let checked = crate::common::check(project.path());
    assert!(
        checked
            .stderr
            .contains(&format!("{at}, which the public build leaves out")),
        "{}",
        checked.stderr
    );
}

/// A confidential member is left out of the public build's pages, and where a field named
/// them (presenter, sponsor, lead) the page and the pack say "not shown" rather than read
/// as if nobody was named; the build warns once, at the first name, with the others in
/// its help.
#[test]
fn a_confidential_member_is_not_shown_and_warned_of_once() {
    let project = valid_with(&[
        (
            "content/people/cy-hidden.yaml",
            "name: Cy Hidden\nprofession: nurse\nboard: { role: non-executive-director, first_appointed: 2020-01-01 }\nconfidential: true\n",
        ),
        (
            "content/initiatives/pairs.md",
            "---\ntitle: Paired learning\ncategory: paired-learning\nstatus: active\nrag: red\nlead: cy-hidden\nsponsor: cy-hidden\n---\nSix pairs.\n",
        ),
        (
            "content/meetings/board-2026-09.yaml",
            "date: 2026-09-18\npresent: [jo-bell, cy-hidden]\napologies: [sam-lee]\nin_attendance: [ali-khan]\nagenda:\n  - { item: \"1\", title: Welcome, purpose: information, presenter: jo-bell }\n  - { item: \"2\", title: Quality report, purpose: assurance, presenter: cy-hidden }\ndeclarations:\n  - { person: cy-hidden, item: \"2\", interest: Director of a supplier }\n",
        ),
    ]);
    let site = build(project.path(), &[]);
    let warned: Vec<&str> = site
        .stderr
        .lines()
        .filter(|l| l.contains("which this build leaves out"))
        .collect();
    assert_eq!(
        warned,
        [
            "content/initiatives/pairs.md:6:7: warning: `lead`: `cy-hidden` is a confidential person, which this build leaves out"
        ],
        "{}",
        site.stderr
    );
    assert!(
        site.stderr.contains(
            "help: the initiative says \"not shown\" for its lead; 4 more places name them (content/initiatives/pairs.md:7, content/meetings/board-2026-09.yaml:2, content/meetings/board-2026-09.yaml:7 and 1 more)"
        ),
        "{}",
        site.stderr
    );
    let meeting = site.read("meetings/board-2026-09.html");
    assert!(!meeting.contains("Cy Hidden"), "{meeting}");
    // Their declaration would tell of them: it is left out.
    assert!(!meeting.contains("Director of a supplier"), "{meeting}");
    assert!(
        meeting.contains(r#"<td>For assurance</td><td><span class="muted">not shown</span></td>"#),
        "{meeting}"
    );
    let initiative = site.read("initiatives/pairs.html");
    assert!(!initiative.contains("Cy Hidden"), "{initiative}");
    assert!(
        initiative
            .contains(r#"<dt>Board sponsor</dt><dd><span class="muted">not shown</span></dd>"#),
        "{initiative}"
    );
    let pack = site.pack_text();
    assert!(!pack.contains("Cy Hidden"), "{pack}");
    assert!(pack.contains("Lead: not shown"), "{pack}");
    // Built with it, the member is named everywhere and nothing is warned of.
    let everything = build(project.path(), &["--confidential"]);
    assert!(
        !everything.stderr.contains("leaves out"),
        "{}",
        everything.stderr
    );
    let meeting = everything.read("meetings/board-2026-09.html");
    assert!(meeting.contains("Cy Hidden</a></td>"), "{meeting}");
    assert!(meeting.contains("Director of a supplier"), "{meeting}");
}

/// A member whose interests have all ended holds none: "Nothing to declare" is a nil
/// return's words, said only when a nil return alone is their latest declaration. The
/// register, the people list, the board page and the pack sort names without their
/// titles, so "Dr Yve End" comes after "Nil Ned".
#[test]
fn a_member_whose_interests_ended_holds_none_and_titles_do_not_sort_names() {
    let seat =
        "profession: lay\nboard:\n  role: non-executive-director\n  first_appointed: 2026-01-01\n";
    let ended = "{ description: Trustee of a charity, declared: 2026-02-01, from: 2025-01-01, to: 2026-03-31 }";
    let project = valid_with(&[
        (
            "content/people/ended-ned.yaml",
            &format!("name: Dr Yve End\n{seat}interests:\n  - {ended}\n"),
        ),
        (
            "content/people/nil-ned.yaml",
            &format!(
                "name: Nil Ned\n{seat}interests:\n  - {{ nil: true, declared: 2026-04-01 }}\n"
            ),
        ),
        // An interest that ended, then a nil return.
        (
            "content/people/oli-later.yaml",
            &format!(
                "name: Oli Later\n{seat}interests:\n  - {ended}\n  - {{ nil: true, declared: 2026-05-01 }}\n"
            ),
        ),
        // A nil return and, the same day, an interest that begins after the report date.
        (
            "content/people/pat-same.yaml",
            &format!(
                "name: Pat Same\n{seat}interests:\n  - {{ nil: true, declared: 2026-04-01 }}\n  - {{ description: Director of a new firm, declared: 2026-04-01, from: 2026-12-01 }}\n"
            ),
        ),
    ]);
    let site = build(project.path(), &[]);
    let register = site.read("interests.html");
    let row = |name: &str| {
        register
            .split("<tr>")
            .find(|row| row.contains(name))
            .unwrap_or_else(|| panic!("{name}'s row"))
            .to_string()
    };
    for (name, says, date) in [
        ("Dr Yve End", "None held", "1 February 2026"),
        ("Nil Ned", "Nothing to declare", "1 April 2026"),
        ("Oli Later", "Nothing to declare", "1 May 2026"),
        ("Pat Same", "None held", "1 April 2026"),
    ] {
        let row = row(name);
        assert!(row.contains(says) && row.contains(date), "{name}: {row}");
        assert_eq!(
            row.matches("None held").count() + row.matches("Nothing to declare").count(),
            1,
            "{row}"
        );
    }
    // The export words each as the register does.
    let csv = site.read("data/interests.csv");
    for row in [
        "ended-ned,Dr Yve End,none,,,,,2026-02-01,false",
        "nil-ned,Nil Ned,nil-return,,,,,2026-04-01,false",
        "oli-later,Oli Later,nil-return,,,,,2026-05-01,false",
        "pat-same,Pat Same,none,,,,,2026-04-01,false",
    ] {
        assert!(csv.contains(row), "{row}: {csv}");
    }
    for page in ["interests.html", "people.html", "board.html"] {
        let html = site.read(page);
        let (nil, ended) = (html.find("Nil Ned"), html.find("Dr Yve End"));
        assert!(nil.is_some() && nil < ended, "{page}: {html}");
    }
    let text = site.pack_text();
    // From the register's own sentence: the contents and the board table come before.
    let from = text
        .find("The interests each board member in post held on")
        .expect("the register");
    let register = &text[from..text[from..]
        .find("Action log")
        .map_or(text.len(), |n| from + n)];
    assert_eq!(register.matches("None held").count(), 2, "{register}");
    assert_eq!(
        register.matches("Nothing to declare").count(),
        2,
        "{register}"
    );
    let (nil, ended) = (register.find("Nil Ned"), register.find("Dr Yve End"));
    assert!(nil.is_some() && nil < ended, "{register}");
}

/// Last meeting's file copied for the next with its date left counted the same
/// attendance twice; a meeting minuted quorate with nobody present counted everyone
/// absent. Both are warnings; a private session on the same day is not a copy.
#[test]
fn a_copied_meeting_and_one_with_nobody_present_are_warned_of() {
    let project = valid_with(&[
        ("content/meetings/board-2026-09.yaml", MEETING),
        ("content/meetings/board-2026-11.yaml", MEETING),
        (
            "content/meetings/board-2026-09-private.yaml",
            &MEETING.replacen(
                "title: Board in public",
                "title: Board in private\nsession: private",
                1,
            ),
        ),
        (
            "content/meetings/audit-2026-09.yaml",
            "date: 2026-09-10\nbody: audit\npresent: []\nquorate: true\n",
        ),
        ("content/files/2026-09/evaluation.pdf", "paper"),
        ("content/files/2026-09/minutes.pdf", "minutes"),
    ]);
    let checked = crate::common::check(project.path());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        checked.stderr.contains("content/meetings/board-2026-11.yaml:1:7: warning: meeting `board-2026-09` has the same date (2026-09-18), committee, session and people present: was this file copied from it?"),
        "{}",
        checked.stderr
    );
    assert_eq!(
        checked.stderr.matches("was this file copied").count(),
        1,
        "{}",
        checked.stderr
    );
    assert!(
        checked.stderr.contains("content/meetings/audit-2026-09.yaml:1:7: warning: nobody is listed under `present`, but the meeting is minuted quorate"),
        "{}",
        checked.stderr
    );
}

/// The meetings list marks a private session, but not after a title that says so already:
/// "Board in private (private session)" read as a slip.
#[test]
fn the_meetings_list_marks_a_private_session_once() {
    let private = |title: &str| {
        MEETING.replacen(
            "title: Board in public",
            &format!("title: {title}\nsession: private"),
            1,
        )
    };
    let project = valid_with(&[
        (
            "content/meetings/board-2026-09.yaml",
            &private("Board in private"),
        ),
        (
            "content/meetings/board-2026-08.yaml",
            &private("Board").replace("2026-09-18", "2026-08-20"),
        ),
        (
            "content/meetings/board-2026-07.yaml",
            &private("Privately funded services").replace("2026-09-18", "2026-07-20"),
        ),
        ("content/files/2026-09/evaluation.pdf", "paper"),
        ("content/files/2026-09/minutes.pdf", "minutes"),
    ]);
    let site = build(project.path(), &["--no-pdf"]);
    let list = site.read("meetings.html");
    assert_eq!(list.matches("(private session)").count(), 2, "{list}");
    assert!(
        list.contains(
            r#">Privately funded services</a> <span class="muted">(private session)</span>"#
        ),
        "{list}"
    );
    assert!(
        list.contains(r#">Board</a> <span class="muted">(private session)</span>"#),
        "{list}"
    );
}

/// A declaration by a member who sent apologies: the help had been to add them to
/// `present`, which would misstate the attendance (and be refused for listing them twice).
#[test]
fn a_declaration_by_a_member_who_sent_apologies_is_told_to_check_the_name() {
    let project = valid_with(&[(
        "content/meetings/board-2026-08.yaml",
        "date: 2026-08-20\npresent: [jo-bell]\napologies: [sam-lee]\ndeclarations:\n  - { person: sam-lee, interest: Trustee of the hospice }\n",
    )]);
    let checked = crate::common::check(project.path());
    assert!(
        checked
            .stderr
            .contains("`declarations.person`: `sam-lee` did not attend this meeting"),
        "{}",
        checked.stderr
    );
    assert!(
        checked.stderr.contains("help: `sam-lee` is listed under `apologies`: the declaration is most likely someone else's"),
        "{}",
        checked.stderr
    );
}

/// A person's file copied from the chair's, its `role` left as it was, made a board with
/// two chairs that passed silently: each is warned of, at its `role`, naming the other.
#[test]
fn two_members_in_one_single_holder_role_are_warned_of() {
    let project = valid_with(&[(
        "content/people/pat-new.yaml",
        "name: Pat New\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 2024-01-01\n",
    )]);
    let run = crate::common::check(project.path());
    assert_eq!(run.code, 0, "a warning, not an error: {}", run.stderr);
    for (file, other) in [
        (
            "content/people/jo-bell.yaml:4:9",
            "Pat New (content/people/pat-new.yaml)",
        ),
        (
            "content/people/pat-new.yaml:4:9",
            "Jo Bell (content/people/jo-bell.yaml)",
        ),
    ] {
        assert!(
            run.stderr.contains(&format!(
                "{file}: warning: `board.role`: {other} is `chair` as well, in post on 2026-09-30: the board page lists 2"
            )),
            "{}",
            run.stderr
        );
    }
    // One who has left is no second chair.
    let project = valid_with(&[(
        "content/people/pat-new.yaml",
        "name: Pat New\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 2014-01-01\n  left: 2019-12-31\n",
    )]);
    let run = crate::common::check(project.path());
    assert!(!run.stderr.contains("as well"), "{}", run.stderr);
}
