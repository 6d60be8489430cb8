//! Issue 18: the board pack, `board-pack.pdf`, read back as a reader's software would:
//! its text by `pdftotext` (poppler-utils; CI installs it), its bytes compared between
//! builds. The PDF/UA check itself runs in CI (`.ci/run`, the `pdfua` package).

use crate::common::{build, copy_tree, valid_with};
use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// What `pdftotext` with `flags` writes for a PDF.
fn pdftotext(pdf: &Path, flags: &[&str]) -> String {
    let output = std::process::Command::new("pdftotext")
        .args(flags)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed for these tests: apt-get install poppler-utils");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text of each page of a PDF, as `pdftotext` reads it.
fn pages(pdf: &Path) -> Vec<String> {
    let text = pdftotext(pdf, &["-enc", "UTF-8"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Text with every run of white space made one space: a line may break anywhere.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What Typst would read as code or markup, in a title and a name, is shown as written;
/// so are Welsh and Irish letters.
#[test]
fn issue_18_text_from_records_is_shown_not_run() {
    let title = r"Board #pack $x$ @ref <tag> *bold* \back ]end";
    let project = valid_with(&[
        (
            "boardpack.yaml",
            &format!(
                "title: '{title}'\norganisation: Test Hospitals NHS Trust\nas_of: 2026-09-30\n"
            ),
        ),
        (
            "content/people/ali-khan.yaml",
            "name: Siân Ó Súilleabháin-Ŵyn\nprofession: manager\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: 'About #set page(width: 1cm) ]'\n---\nA paragraph with `#panic()` and $maths$ and [a link](https://example.org).\n\n## Inside\n\n- one #two\n",
        ),
    ]);
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    for shown in [
        title,
        // A table cell may break the name at its hyphen.
        "Siân Ó Súilleabháin",
        "Ŵyn",
        "About #set page(width: 1cm) ]",
        "A paragraph with #panic() and $maths$ and a link.",
        "one #two",
    ] {
        assert!(
            text.contains(shown),
            "{shown:?} is not in the pack:\n{text}"
        );
    }
}

/// What `check` accepts never fails the pack: headings a tagged PDF could not hold (a
/// skipped level, an empty one, one inside a list or a quote) and an unusual `language`.
/// Footnotes and links to other sites reach the page.
#[test]
fn issue_18_bodies_check_accepts_make_a_pack() {
    let project = valid_with(&[
        (
            "boardpack.yaml",
            "title: Board report\norganisation: Test Hospitals NHS Trust\nas_of: 2026-09-30\nlanguage: zh-Hant-TW\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About\n---\n#### Deep first\n\n## \n\n- an item\n\n  ## A heading in a list\n\n> ### A heading in a quote\n\nAgreed in March.[^m] See [the trust](https://example.nhs.uk/).\n\n[^m]: Minutes of the March board, item 7.\n",
        ),
    ]);
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    for shown in [
        "Deep first",
        "A heading in a list",
        "A heading in a quote",
        // Numbered as the site numbers it (its label was shown: "[m]").
        "Agreed in March.[1]",
        "[1] Minutes of the March board, item 7.",
        "See the trust.",
    ] {
        assert!(
            text.contains(shown),
            "{shown:?} is not in the pack:\n{text}"
        );
    }
    // The link to another site is a link in the PDF, as a reader's software sees it.
    let links = std::process::Command::new("pdfinfo")
        .arg("-url")
        .arg(site.path().join("board-pack.pdf"))
        .output()
        .expect("pdfinfo (poppler-utils) is needed for these tests");
    let links = String::from_utf8_lossy(&links.stdout);
    assert!(
        links.contains("Annotation    https://example.nhs.uk/"),
        "{links}"
    );
}

/// Text of a size no paper has (found by a review of hostile records) is shortened in the
/// pack, where it had panicked the PDF writer (a 64 KiB title with an accent), taken
/// gigabytes (a long word in a table's header, 2,500 columns) or minutes (100,000 `[`
/// before a link, a table of 100,000 rows), or made thousands of pages (a measure's notes).
/// The site shows it whole.
#[test]
fn text_too_big_for_paper_is_shortened_in_the_pack() {
    let wide = format!(
        "|{}|\n|{}|\n|{}|\n",
        (0..17)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join("|"),
        vec!["-"; 17].join("|"),
        vec!["v"; 17].join("|")
    );
    let long: String = (0..600).map(|i| format!("| r{i} | v |\n")).collect();
    let word = "B".repeat(5_000);
    let body = format!(
        "Before the tables.\n\n{wide}\n| a | b |\n|---|---|\n{long}\n| {word} |\n|---|\n| {word} |\n\n{}x{} After.\n",
        "[".repeat(3_000),
        "](https://example.org/)".repeat(3_000)
    );
    let points: String = (1..=40)
        .map(|i| {
            format!(
                "  - {{ period: 2026-{:02}-{:02}, value: {}, note: remark{i} }}\n",
                1 + (i - 1) / 28,
                1 + (i - 1) % 28,
                i % 7
            )
        })
        .collect();
    let project = valid_with(&[
        (
            "content/pages/about.md",
            &format!("---\ntitle: {}\n---\n{body}", "é".repeat(32_768)),
        ),
        (
            "content/measures/noted.yaml",
            &format!("title: Noted\nunit: count\nimprovement: up\npoints:\n{points}"),
        ),
    ]);
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    for shown in [
        "Before the tables.",
        "A table of 17 columns and 1 row is left out here",
        "100 rows of the table left out here",
        "After.",
        "remark30",
        "Notes 31 to 40 are on the measure's page",
    ] {
        assert!(
            text.contains(shown),
            "{shown:?} is not in the pack:\n{text}"
        );
    }
    assert!(!text.contains("remark31"), "{text}");
    // Each of the two cells' 5,000-letter word shows its first 1,000 and "…".
    let letters = text.matches('B').count();
    assert!(
        (2_000..=2_020).contains(&letters),
        "{letters} Bs in the pack"
    );
    assert_eq!(text.matches("B…").count(), 2, "{text}");
    // The site shows it all.
    let page = fs::read_to_string(site.path().join("pages/about.html")).unwrap();
    assert!(page.contains(&word) && page.contains("r599"));
}

/// Markdown nested deeper than any paper stopped Typst ("maximum show rule depth
/// exceeded" at 16 quotes, a JSON limit at 64), so a body `check` accepted failed the
/// build. Now the deeper levels are shown as their contents, every word on the page.
#[test]
fn deeply_nested_bodies_make_a_pack() {
    let list: String = (0..40)
        .map(|level| format!("{}- level{level}\n", "  ".repeat(level)))
        .collect();
    let marks: Vec<&str> = (0..40).map(|i| ["*", "_"][i % 2]).collect();
    let opened: String = marks.iter().map(|m| format!("{m}em ")).collect();
    let closed: String = marks.iter().rev().copied().collect();
    let body = format!(
        "{} quoted-deep\n\n{list}\n{opened}emphasised-deep{closed}\n",
        ">".repeat(100)
    );
    let project = valid_with(&[(
        "content/pages/nested.md",
        &format!("---\ntitle: Nested\n---\n{body}"),
    )]);
    let checked = crate::common::check(project.path());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    for shown in ["quoted-deep", "level0", "level39", "emphasised-deep"] {
        assert!(
            text.contains(shown),
            "{shown:?} is not in the pack:\n{text}"
        );
    }
}

/// A report of many initiatives gets a pack a board can read: the most serious 25 in full
/// (red before amber), a row each for the next 100 in exception and 100 others, and a
/// sentence for the rest, which the site lists.
#[test]
fn issue_20_a_large_report_gets_a_pack_a_board_can_read() {
    let project = valid_with(&[]);
    let folder = project.path().join("content/initiatives");
    let write = |id: String, rag: &str| {
        fs::write(
            folder.join(format!("{id}.md")),
            format!("---\ntitle: {id}\ncategory: paired-learning\nstatus: active\nrag: {rag}\nlead: ali-khan\n---\nWhy {id} is {rag}.\n"),
        )
        .unwrap();
    };
    // Amber ones sort before red ones by name: the order must come from the rating.
    for n in 0..20 {
        write(format!("a-amber-{n:03}"), "amber");
    }
    for n in 0..10 {
        write(format!("z-red-{n:03}"), "red");
    }
    for n in 0..104 {
        write(format!("green-{n:03}"), "green");
    }
    let (site, _) = build(project.path(), &["--no-pdf"]);
    assert!(!site.path().join("board-pack.pdf").exists());
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    let in_full = |id: &str| text.contains(&format!("Why {id} is"));
    assert!((0..10).all(|n| in_full(&format!("z-red-{n:03}"))), "{text}");
    assert!(
        (0..15).all(|n| in_full(&format!("a-amber-{n:03}"))),
        "{text}"
    );
    assert!(!in_full("a-amber-015"), "only 25 in full:\n{text}");
    let more = text.rsplit("More in exception").next().unwrap();
    assert!(more.contains("a-amber-015"), "{more}");
    assert!(more.contains("a-amber-019"), "{more}");
    // Of 105 not in exception (the fixture's own and 104), 100 are listed.
    assert!(
        text.contains("This pack leaves out 5 more initiatives not in exception: the report's Initiatives page and data/initiatives.csv list them all."),
        "{text}"
    );
}

/// A report of very many measures gets the charts of 100 in its pack and 200 rows in its
/// summary table, those in breach first, in the report's order, and sentences send the
/// reader to the site for the rest.
#[test]
fn issue_20_a_report_of_many_measures_gets_a_pack_a_board_can_read() {
    let project = valid_with(&[]);
    let folder = project.path().join("content/measures");
    let write = |id: &str, title: &str, target: &str| {
        // Twenty quarters, enough for process limits, and no special cause.
        let points: String = (0..20)
            .map(|n| {
                format!(
                    "  - {{ period: {}-Q{}, value: {} }}\n",
                    2021 + n / 4,
                    n % 4 + 1,
                    50 + n % 3
                )
            })
            .collect();
        fs::write(
            folder.join(format!("{id}.yaml")),
            format!("title: {title}\nimprovement: up\n{target}points:\n{points}"),
        )
        .unwrap();
    };
    // The ones in breach (a target no point reaches) come last by id.
    for n in 0..205 {
        write(
            &format!("m-{n:03}"),
            &format!("Ordinary measure {n:03}"),
            "",
        );
    }
    for n in 0..3 {
        write(
            &format!("z-breach-{n}"),
            &format!("Breach measure {n}"),
            "target: 1000\n",
        );
    }
    let (site, _) = build(project.path(), &[]);
    assert!(site.path().join("measures/m-204.html").exists());
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    // A measure with a chart page is named in the contents and on its page as well as in
    // the summary table.
    let named = |title: &str| text.matches(title).count();
    assert!(
        (0..3).all(|n| named(&format!("Breach measure {n}")) >= 3),
        "{text}"
    );
    assert!(named("Ordinary measure 000") >= 3, "{text}");
    assert!(named("Ordinary measure 095") >= 3, "{text}");
    assert_eq!(named("Ordinary measure 104"), 1, "{text}");
    // The summary lists the 3 in breach and the first 197 of the others (the fixture's own
    // measure comes after them).
    assert_eq!(named("Ordinary measure 196"), 1, "{text}");
    assert_eq!(named("Ordinary measure 197"), 0, "{text}");
    assert_eq!(named("Ordinary measure 204"), 0, "{text}");
    assert!(
        text.contains("This pack lists 200 of the 209 measures, those in breach or needing attention first: the report's Measures page lists them all."),
        "{text}"
    );
    assert!(
        text.contains("This pack shows the charts of 100 of the 209 measures, those in breach or needing attention first: the report's Measures page shows every chart."),
        "{text}"
    );
}

/// The chart pages follow the summary table, grouped by domain: by id alone a well-led
/// measure's chart came before a safe one's, which the table lists first.
#[test]
fn chart_pages_are_in_the_summary_table_s_order() {
    let points: String = (1..=12)
        .map(|m| format!("  - {{ period: 2025-{m:02}, value: {} }}\n", 40 + m % 3))
        .collect();
    let project = valid_with(&[
        (
            "content/measures/a-led.yaml",
            &format!(
                "title: Alpha led measure\nimprovement: up\ndomain: well-led\npoints:\n{points}"
            ),
        ),
        (
            "content/measures/b-safe.yaml",
            &format!("title: Beta safe measure\nimprovement: up\ndomain: safe\npoints:\n{points}"),
        ),
    ]);
    let (site, _) = build(project.path(), &[]);
    let pages = pages(&site.path().join("board-pack.pdf"));
    // A chart's page is the last to name its measure, after the contents and the table.
    let chart_page = |title: &str| {
        pages
            .iter()
            .rposition(|page| flat(page).contains(title))
            .unwrap_or_else(|| panic!("{title} is not in the pack"))
    };
    assert!(
        chart_page("Beta safe measure") < chart_page("Alpha led measure"),
        "{pages:?}"
    );
}

/// The example's pack: every section, page numbers, and nothing a public build leaves out.
#[test]
fn issue_18_the_example_pack_has_every_section_and_no_hidden_record() {
    let (site, _) = build(&example(), &[]);
    let pdf = site.path().join("board-pack.pdf");
    let pages = pages(&pdf);
    let n = pages.len();
    assert!(n > 10, "{n} pages");
    let all = flat(&pages.join(" "));
    for section in [
        "Contents",
        "Executive summary",
        "Board composition and attendance",
        "Register of interests",
        "Action log",
        "Measures",
        "Initiatives",
        "In exception",
        "Clinician-manager relationship",
        "Foreword from the chair",
    ] {
        assert!(all.contains(section), "no {section}");
    }
    for (i, page) in pages.iter().enumerate() {
        assert!(
            flat(page).contains(&format!("Page {} of {n}", i + 1)),
            "page {}",
            i + 1
        );
    }
    // The board table says who does not vote and which non-executives are independent,
    // as the board page's columns do.
    // Nothing else in the pack says these: Dr Kavita Rao, an associate non-executive,
    // and Tom Reilly, an executive director who does not vote.
    assert!(all.contains("Non-voting, independent"), "{all}");
    assert_eq!(all.matches("Non-voting").count(), 2, "{all}");
    // Executives are neither: independence is said of the chair and non-executives only.
    assert!(!all.contains("Not independent"), "{all}");
    // The cover names the organisation and the date in words.
    assert!(flat(&pages[0]).contains("Northshire Hospitals NHS Foundation Trust"));
    assert!(flat(&pages[0]).contains("30 September 2026"));
    for hidden in [
        "grievance",
        "Confidential to the board",
        "DRAFT-MARKER",
        "CONFIDENTIAL",
    ] {
        assert!(!all.contains(hidden), "{hidden} is in the public pack");
    }
    // The same words are in a confidential pack, which says so on every page.
    let (private, _) = build(&example(), &["--confidential", "--drafts"]);
    let pages = self::pages(&private.path().join("board-pack.pdf"));
    assert!(flat(&pages.join(" ")).contains("grievance"));
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("CONFIDENTIAL"),
            "page {} is not marked",
            i + 1
        );
    }
}

/// The same records give the same bytes; `--no-pdf` makes no pack and no link to one.
#[test]
fn issue_18_the_pack_is_deterministic_and_can_be_left_out() {
    let project = valid_with(&[]);
    let (first, _) = build(project.path(), &[]);
    let (second, _) = build(project.path(), &[]);
    let bytes = fs::read(first.path().join("board-pack.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(
        bytes,
        fs::read(second.path().join("board-pack.pdf")).unwrap()
    );
    let index = fs::read_to_string(first.path().join("index.html")).unwrap();
    assert!(index.contains(r#"<a href="board-pack.pdf">Board pack (PDF)</a>"#));

    let (without, _) = build(project.path(), &["--no-pdf"]);
    assert!(!without.path().join("board-pack.pdf").exists());
    let index = fs::read_to_string(without.path().join("index.html")).unwrap();
    assert!(!index.contains("board-pack.pdf"));
}

/// A mistake in a project's layout is reported at its file and line, and nothing is
/// written.
#[test]
fn issue_18_a_layout_mistake_names_its_line() {
    let project = tempfile::tempdir().unwrap();
    copy_tree(&example().join("tests/fixtures/valid"), project.path());
    let layout = project.path().join("themes/default/pdf");
    fs::create_dir_all(&layout).unwrap();
    fs::write(
        layout.join("board-pack.typ"),
        "#let data = json(\"/data.json\")\n#set document(title: data.title)\n= #data.title\n#data.no_such_field\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("boardpack")
        .unwrap()
        .args(["build", "--out"])
        .arg(out.path().join("site"))
        .arg(project.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("themes/default/pdf/board-pack.typ:4:"),
        "{stderr}"
    );
    assert!(stderr.contains("the board pack: "), "{stderr}");
    assert!(!out.path().join("site").exists());
}

/// A chart's words, set by the layout over the drawing (which has none of its own), are on
/// the chart's page as text.
#[test]
fn issue_20_chart_words_are_text_on_the_chart_page() {
    let (site, _) = build(&example(), &[]);
    let pages = pages(&site.path().join("board-pack.pdf"));
    let page = pages
        .iter()
        .map(|p| flat(p))
        .find(|p| {
            p.contains("Managers reporting a relationship with tensions") && p.contains("rebased")
        })
        .expect("no chart page for the relationship measure");
    for word in [
        "90%",
        "50%",
        "Jun 2024",
        "Sep 2026",
        "upper limit 65.93%",
        "mean 62.44%",
        "lower limit 58.95%",
        "target 50%",
    ] {
        assert!(
            page.contains(word),
            "{word:?} is not on the chart's page:\n{page}"
        );
    }
}

/// Where each word of the first chart page that holds `marker` is drawn: (text, x, y) in
/// points, from `pdftotext -bbox`.
fn chart_words(pdf: &Path, marker: &str) -> Vec<(String, i64, i64)> {
    let html = pdftotext(pdf, &["-bbox", "-enc", "UTF-8"]);
    let page = html
        .split("<page ")
        .find(|page| page.contains(&format!(">{marker}<")))
        .unwrap_or_else(|| panic!("no page with {marker}"));
    let attribute = |word: &str, name: &str| -> i64 {
        let start = word.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = word[start..].find('"').unwrap() + start;
        word[start..end].parse::<f64>().unwrap().round() as i64
    };
    page.split("<word ")
        .skip(1)
        .map(|word| {
            let text = word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()].to_string();
            (text, attribute(word, "xMin"), attribute(word, "yMin"))
        })
        .collect()
}

/// A report in a right-to-left language (its pages set right to left) keeps its charts'
/// words where the drawing has them: where an English report's are.
#[test]
fn issue_20_chart_words_stay_in_place_in_a_right_to_left_report() {
    let root = example();
    let english = tempfile::tempdir().unwrap();
    let arabic = tempfile::tempdir().unwrap();
    let settings = fs::read_to_string(root.join("boardpack.yaml")).unwrap();
    assert!(settings.contains("language: en-GB"));
    for (dir, language) in [(&english, "en-GB"), (&arabic, "ar")] {
        copy_tree(&root.join("content"), &dir.path().join("content"));
        fs::write(
            dir.path().join("boardpack.yaml"),
            settings.replace("language: en-GB", &format!("language: {language}")),
        )
        .unwrap();
    }
    let (english, _) = build(english.path(), &[]);
    let (arabic, _) = build(arabic.path(), &[]);
    let words = |site: &tempfile::TempDir| {
        chart_words(&site.path().join("board-pack.pdf"), "rebased")
            .into_iter()
            .filter(|(text, _, _)| {
                ["rebased", "upper", "mean", "target", "90%", "Jun"].contains(&text.as_str())
            })
            .collect::<Vec<_>>()
    };
    let english = words(&english);
    assert!(english.len() >= 6, "{english:?}");
    assert_eq!(words(&arabic), english);
}

/// Counts of a thousand or more are written with their thousands grouped, on the site
/// (template counts, indicator summaries, survey tables) and in the pack, as money and
/// measures' values are.
#[test]
fn counts_over_999_are_grouped_on_the_site_and_in_the_pack() {
    let project = valid_with(&[(
        "content/surveys/survey-2026.yaml",
        "title: Survey\ndate: 2026-06-30\nrespondents: 2500\nrelationship:\n  partnership: 1200\n  partnership-with-tensions: 700\n  tolerance-with-frequent-tensions: 400\n  persistent-unresolved-tensions: 200\noutlook: { better: 1500, same: 600, worse: 400 }\n",
    )]);
    let folder = project.path().join("content/actions");
    fs::create_dir_all(&folder).unwrap();
    for n in 0..1000 {
        fs::write(
            folder.join(format!("action-{n:04}.yaml")),
            format!(
                "title: Action {n}\nmeeting: board-2026-09\nowner: ali-khan\ndue: 2026-12-31\n"
            ),
        )
        .unwrap();
    }
    let (site, _) = build(project.path(), &[]);
    let read = |page: &str| fs::read_to_string(site.path().join(page)).unwrap();
    let actions = read("actions.html");
    assert!(
        actions.contains("1,000 open, of which 0 overdue, and 0 done."),
        "{actions}"
    );
    let surveys = read("surveys.html");
    assert!(surveys.contains("2,500 respondents."), "{surveys}");
    assert!(
        surveys.contains("<td class=\"num\">1,200</td>"),
        "{surveys}"
    );
    assert!(surveys.contains("better 1,500 (60%)"), "{surveys}");
    let dashboard = read("index.html");
    assert!(
        dashboard.contains("<p class=\"tile-value\">1,000</p>"),
        "{dashboard}"
    );
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    assert!(
        text.contains("1,000 open, of which 0 overdue, and 0 done."),
        "{text}"
    );
}

/// A character the pack's fonts lack (an emoji, Chinese) made Typst refuse the whole pack,
/// and so the site. The pack shows a stand-in, the site the character, and `check` says so
/// at the first of them in each file.
#[test]
fn characters_the_pack_s_fonts_lack_are_stood_in_for() {
    let project = valid_with(&[
        (
            "content/people/ali-khan.yaml",
            "name: 王小明 👩\u{200D}⚕\u{FE0F}\nprofession: manager\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About ✅\n---\nProgress 📈 and 日本語, שלום and Ελλάδα. [例](https://例え.jp/パス)\n",
        ),
    ]);
    let checked = crate::common::check(project.path());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        checked.stderr.contains("content/people/ali-khan.yaml:1:7: warning: the board pack's fonts cannot show 王, 小, 明, 👩: where the pack shows this text, it has □ in their place"),
        "{}",
        checked.stderr
    );
    assert!(
        checked.stderr.contains("content/pages/about.md:2:14: warning: the board pack's fonts cannot show ✅: where the pack shows this text, it has □ in their place"),
        "{}",
        checked.stderr
    );
    let (site, _) = build(project.path(), &[]);
    let person = fs::read_to_string(site.path().join("people/ali-khan.html")).unwrap();
    assert!(
        person.contains("<h1>王小明 👩\u{200D}⚕\u{FE0F}"),
        "{person}"
    );
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    assert!(text.contains("□□□"), "{text}");
    assert!(text.contains("Progress □ and □□□,"), "{text}");
    // Letters the fonts have are kept (pdftotext marks the Hebrew's direction).
    assert!(text.contains("שלום") && text.contains("Ελλάδα"), "{text}");
    assert!(!text.contains('王') && !text.contains('✅'), "{text}");
    // A link's address is not drawn: it still leads where it was written.
    let pdf = fs::read(site.path().join("board-pack.pdf")).unwrap();
    let address: String = "https://例え.jp/パス"
        .bytes()
        .map(|b| format!("{b:02X}"))
        .collect();
    assert!(
        pdf.windows(address.len()).any(|w| w == address.as_bytes()),
        "the link's address is not in the PDF as written"
    );
}

/// A numbered list keeps its numbers in the pack (`3.` starts at 3, as the site's
/// `<ol start="3">`), and struck-through text is drawn struck through.
#[test]
fn list_numbers_and_struck_figures_are_as_written() {
    let project = valid_with(&[(
        "content/pages/about.md",
        "---\ntitle: About\n---\nThe budget is ~~£40,000~~ £25,000.\n\n3. Minutes\n4. Matters arising\n\nThen:\n\n7. Finance report\n",
    )]);
    let (site, _) = build(project.path(), &[]);
    let text = pages(&site.path().join("board-pack.pdf")).join("\n");
    for line in ["3. Minutes", "4. Matters arising", "7. Finance report"] {
        assert!(text.lines().any(|l| l.trim() == line), "{line}:\n{text}");
    }
    // The struck figure is still there to read, and the line through it (which pdftotext
    // does not show) makes the pack differ from one of the same text unstruck; before, the
    // two packs were the same bytes.
    assert!(text.contains("The budget is £40,000 £25,000."), "{text}");
    let about = project.path().join("content/pages/about.md");
    let struck = fs::read(site.path().join("board-pack.pdf")).unwrap();
    fs::write(
        &about,
        fs::read_to_string(&about).unwrap().replace("~~", ""),
    )
    .unwrap();
    let (plain, _) = build(project.path(), &[]);
    assert_ne!(
        fs::read(plain.path().join("board-pack.pdf")).unwrap(),
        struck
    );
}

/// Text written in raw HTML shows on the site, so it is in the pack and found by search;
/// before, a decision in a `<div>` was on neither. A tab reads as a space.
#[test]
fn text_in_raw_html_is_in_the_pack_and_the_search_index() {
    let project = valid_with(&[(
        "content/pages/about.md",
        "---\ntitle: About\n---\nName\tRole\n\n<div class=\"callout\">\nBoard approved Zebracorn funding of &pound;40,000.\n</div>\n\n<p align=\"center\">Axolotl centred<br>second line</p>\n\nAfter <script>hidden()</script>shown.\n",
    )]);
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join("\n"));
    for shown in [
        "Name Role",
        "Board approved Zebracorn funding of £40,000.",
        "Axolotl centred second line",
        "After shown.",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
    assert!(!text.contains("hidden()"));
    let index = fs::read_to_string(site.path().join("search-index.js")).unwrap();
    for word in ["zebracorn", "axolotl"] {
        assert!(index.contains(word), "{word}");
    }
    assert!(!index.contains("hidden"));
}

/// A body's table of twelve months' money and a pasted address longer than a line stay on
/// the page and in their cells: the columns were equal and a figure ran into the next,
/// the Total column off the table, and the address off the page. Columns keep the
/// alignment written (`--:`).
#[test]
fn body_tables_and_long_words_keep_to_the_page() {
    let months = [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
    ];
    let head = format!("| Division | {} | Total |", months.join(" | "));
    let rule = format!("|---|{}---:|", "---:|".repeat(12));
    let row = |name: &str, base: u64| {
        let cells: Vec<String> = (0..12)
            .map(|m| format!("£{}", grouped(base + m * 10_500)))
            .collect();
        format!(
            "| {name} | {} | £{} |",
            cells.join(" | "),
            grouped(base * 12 + 693_000)
        )
    };
    let address = format!(
        "https://intranet.example.nhs.uk/{}/papers/2026-09/board-pack-final.pdf",
        "governance".repeat(8)
    );
    let body = format!(
        "---\ntitle: Money\n---\n{head}\n{rule}\n{}\n{}\n\nThe papers: {address} and {}.\n",
        row("Medicine", 1_250_000),
        row("Surgery", 980_000),
        "x".repeat(400),
    );
    let project = valid_with(&[("content/pages/money.md", &body)]);
    let (site, _) = build(project.path(), &[]);
    let pdf = site.path().join("board-pack.pdf");
    let page = placed_words(&pdf)
        .into_iter()
        .find(|words| words.iter().any(|w| w.0 == "Division"))
        .expect("the page with the table");
    words_apart(&page, true);
    // Right-aligned as written: the totals (or their last part, after a comma) end where
    // the column's heading does.
    let total = page
        .iter()
        .find(|w| w.0 == "Total")
        .expect("the Total heading");
    let ending_there: Vec<&Placed> = page
        .iter()
        .filter(|w| w.0.ends_with(",000") || w.0 == "000")
        .filter(|w| (w.2 - total.2).abs() < 1.0)
        .collect();
    assert_eq!(ending_there.len(), 2, "{total:?} {page:?}");
    // The long word and the address are all there, in order.
    let text = pdftotext(&pdf, &[]).split_whitespace().collect::<String>();
    assert!(
        text.contains(&"x".repeat(400)),
        "the long word is all there"
    );
    assert!(text.contains(&address), "{text}");
}

/// A name with a word longer than a table's column (a long surname) wraps inside its
/// cell: Typst breaks only where Unicode allows, and it ran over the next column, or off
/// the page in the last. Its text stays the name, with nothing added.
#[test]
fn long_names_keep_to_their_table_cells() {
    let surname = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft";
    let project = valid_with(&[(
        "content/people/jo-bell.yaml",
        &format!(
            "name: Jo {surname}\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 2020-01-01\n  committees: [audit]\n"
        ),
    )]);
    let (site, _) = build(project.path(), &[]);
    let pdf = site.path().join("board-pack.pdf");
    let page = placed_words(&pdf)
        .into_iter()
        .find(|words| {
            words.iter().any(|w| w.0 == "Member") && words.iter().any(|w| w.0.starts_with("Wolfe"))
        })
        .expect("the board's table");
    words_apart(&page, true);
    // Broken over lines, it is there whole when the lines are joined, with nothing added.
    let text = pdftotext(&pdf, &["-enc", "UTF-8"]);
    assert!(
        text.split_whitespace()
            .collect::<String>()
            .contains(surname)
    );
    assert!(!text.contains('\u{200b}'));
    let pieces = page
        .iter()
        .filter(|w| surname.contains(w.0.as_str()) && w.0.len() >= 12)
        .count();
    assert!(pieces >= 2, "the surname is not broken: {page:?}");
}

/// A link written with no words shows in the pack what it shows on the page: the record's
/// name, or the address (a phone number without `tel:`).
#[test]
fn links_with_no_words_read_in_the_pack_as_on_the_page() {
    let project = valid_with(&[(
        "content/pages/about.md",
        "---\ntitle: About\n---\nAsk [](@/people/ali-khan) on [](tel:0800123) or see [](https://example.org/x).\n",
    )]);
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    assert!(
        text.contains("Ask Ali Khan on 0800123 or see https://example.org/x."),
        "{text}"
    );
}

/// In a `--confidential` build each confidential record the pack names is marked where it
/// is named, as the site's pages mark it (FORMAT.md: "marked on every page that shows
/// it"), besides the marking on every page of the pack.
#[test]
fn confidential_records_are_marked_where_the_pack_names_them() {
    let project = valid_with(&[(
        "content/initiatives/liaison.md",
        "---\ntitle: Liaison redesign\ncategory: paired-learning\nstatus: active\nrag: red\nlead: ali-khan\nsponsor: jo-bell\ndue: 2026-06-30\nconfidential: true\n---\nIn private.\n",
    )]);
    let (site, _) = build(project.path(), &["--confidential"]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    assert!(text.contains("Liaison redesign Confidential"), "{text}");
    // The dashboard's tile that lists it (past its due date) marks it too.
    let dashboard = fs::read_to_string(site.path().join("index.html")).unwrap();
    assert!(
        dashboard.contains(
            r#"Liaison redesign</a> <span class="badge confidential">Confidential</span>: due"#
        ),
        "{dashboard}"
    );
    // The public build has neither.
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join(" "));
    assert!(
        !text.contains("Liaison") && !text.contains("Confidential"),
        "{text}"
    );
}

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// No word of `page` runs into another on its line, and (if `on_the_page`) none runs off
/// the page's right edge (A4 is 595 points wide).
fn words_apart(page: &[Placed], on_the_page: bool) {
    for (i, a) in page.iter().enumerate() {
        assert!(
            !on_the_page || a.2 <= 595.0 - 20.0,
            "{a:?} runs off the page"
        );
        for b in &page[i + 1..] {
            let same_line = a.3 < b.4 - 0.5 && b.3 < a.4 - 0.5;
            let crossing = a.1 < b.2 - 0.5 && b.1 < a.2 - 0.5;
            assert!(!(same_line && crossing), "{a:?} runs into {b:?}");
        }
    }
}

/// A word of a page and its box, in points: (text, x from, x to, y from, y to).
type Placed = (String, f64, f64, f64, f64);

/// The words of each page as `pdftotext -bbox` places them.
fn placed_words(pdf: &Path) -> Vec<Vec<Placed>> {
    let attribute = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    pdftotext(pdf, &["-bbox", "-enc", "UTF-8"])
        .split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|word| {
                    let (tag, rest) = word.split_once('>').unwrap();
                    let text = rest.split_once("</word>").unwrap().0.to_string();
                    let box_of = |name| attribute(tag, name);
                    (
                        text,
                        box_of("xMin"),
                        box_of("xMax"),
                        box_of("yMin"),
                        box_of("yMax"),
                    )
                })
                .collect()
        })
        .collect()
}

/// A trust's income in pounds is a ten-digit figure: in the measures table it ran out of
/// its column and over the next one, since a figure has no place to break. It now breaks
/// after a thousands comma, and its text in the PDF stays the figure.
#[test]
fn large_figures_keep_to_their_columns() {
    let points: String = (1..=12)
        .map(|m| {
            format!(
                "  - {{ period: 2025-{m:02}, value: {} }}\n",
                1_234_567_890 + m * 1_000_003
            )
        })
        .collect();
    let project = valid_with(&[(
        "content/measures/income.yaml",
        &format!(
            "title: Annual income run-rate\nimprovement: up\ntarget: 1250000000\npoints:\n{points}"
        ),
    )]);
    let (site, _) = build(project.path(), &[]);
    let pdf = site.path().join("board-pack.pdf");
    let table = placed_words(&pdf)
        .into_iter()
        .find(|words| {
            words.iter().any(|w| w.0 == "Limits") && words.iter().any(|w| w.0.starts_with("1,246,"))
        })
        .expect("the measures table");
    // No figure runs into the next: pdftotext reads two touching figures as one word,
    // "1,250,000,0001,235,178,453.83".
    for (word, ..) in &table {
        let glued = word
            .split(',')
            .skip(1)
            .any(|group| group.chars().take_while(char::is_ascii_digit).count() > 3);
        assert!(!glued, "{word}");
    }
    // And no word of the table's page runs into another on the same line.
    words_apart(&table, false);
    // The target in the table, broken after a comma, reads back as the figure.
    let target = table.iter().any(|w| w.0 == "1,250,000,000")
        || table
            .windows(2)
            .any(|w| w[0].0 == "1,250,000," && w[1].0 == "000");
    assert!(target, "{table:?}");
    assert!(!pdftotext(&pdf, &["-enc", "UTF-8"]).contains('\u{200b}'));
}

/// A figure of a unit (`per 1,000 bed days`) stays whole in the measures table: only a
/// figure longer than a column is narrow may break after its commas. "11.5 per 1," at the
/// end of a line and "000 bed days" on the next read as another figure.
#[test]
fn a_units_thousands_stay_on_one_line() {
    let points: String = (1..=12)
        .map(|m| format!("  - {{ period: 2025-{m:02}, value: {}.5 }}\n", 10 + m % 4))
        .collect();
    let project = valid_with(&[(
        "content/measures/restraint.yaml",
        &format!(
            "title: Restrictive interventions per 1,000 occupied bed days\nimprovement: down\nunit: per 1,000 bed days\ntarget: 10\npoints:\n{points}"
        ),
    )]);
    let (site, _) = build(project.path(), &[]);
    let text = pdftotext(&site.path().join("board-pack.pdf"), &["-enc", "UTF-8"]);
    // The unit's words, which the title does not have ("occupied"), beside a figure.
    assert!(flat(&text).contains("per 1,000 bed days"), "{text}");
    for line in text.lines() {
        assert!(!line.trim_end().ends_with("1,"), "{line:?} in {text}");
    }
}

/// A measure with no point up to the report date (each is dated after it): its page says
/// so, and the pack lists it in the summary table without a chart page. Both showed empty
/// axes, and the page an empty table of points.
#[test]
fn a_measure_with_no_point_yet_is_not_an_empty_chart() {
    let project = valid_with(&[(
        "content/measures/next-year.yaml",
        "title: Next year's measure\nimprovement: up\ntarget: 50\npoints:\n  - { period: 2027-01, value: 4 }\n",
    )]);
    let (site, _) = build(project.path(), &[]);
    let page = fs::read_to_string(site.path().join("measures/next-year.html")).unwrap();
    assert!(
        page.contains("There are no points to show: none is dated up to the report date."),
        "{page}"
    );
    // Its target is still its target: it read "none".
    assert!(page.contains("<dt>Target</dt><dd>50</dd>"), "{page}");
    let index = fs::read_to_string(site.path().join("measures.html")).unwrap();
    assert!(
        index.contains(r#"<span class="sparkline-none">No points</span>"#),
        "{index}"
    );
    assert!(!page.contains("<svg") && !page.contains("<table"), "{page}");
    let mentions: Vec<String> = pages(&site.path().join("board-pack.pdf"))
        .iter()
        .map(|p| flat(p))
        .filter(|p| p.contains("Next year's measure"))
        .collect();
    assert_eq!(mentions.len(), 1, "{mentions:#?}");
    assert!(
        mentions[0].contains("Next year's measure no point"),
        "{}",
        mentions[0]
    );
    // The fixture's other measure keeps its chart page: its line in the contents, its row
    // and its page.
    let charted = pages(&site.path().join("board-pack.pdf"))
        .iter()
        .filter(|p| flat(p).contains("Tension"))
        .count();
    assert_eq!(charted, 3);
}

/// An initiative in exception with a budget and nothing spent yet, or spending with no
/// budget, says what it has: "Budget £0, spent" was left dangling.
#[test]
fn a_budget_without_spending_reads_whole_in_the_pack() {
    let initiative = |title: &str, money: &str| {
        format!(
            "---\ntitle: {title}\ncategory: other\nstatus: active\nrag: red\nlead: ali-khan\n{money}---\nText.\n"
        )
    };
    let budget = initiative("Budgeted", "budget: 0\n");
    let spent = initiative("Spending", "spent: 1200\n");
    let project = valid_with(&[
        ("content/initiatives/budgeted.md", budget.as_str()),
        ("content/initiatives/spending.md", spent.as_str()),
    ]);
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join("\n"));
    assert!(
        text.contains("Budgeted Active · Other · Red · Lead: Ali Khan · Budget £0 In exception"),
        "{text}"
    );
    assert!(
        text.contains("Spending Active · Other · Red · Lead: Ali Khan · Spent £1,200 In exception"),
        "{text}"
    );
    assert!(!text.contains("spent In"), "{text}");
}

/// Money is shown to the penny: an overspend of 5p is over budget in the pack with the
/// pence that make it so, and its page does not call it 100% of the budget. Spending a
/// fraction of a penny more is not an overspend. Before, both showed "£100" beside "£100",
/// and the first was "over budget" at "100% of budget".
#[test]
fn an_overspend_of_pence_shows_its_pence() {
    let initiative = |title: &str, budget: &str, spent: &str| {
        format!(
            "---\ntitle: {title}\ncategory: other\nstatus: active\nrag: green\nlead: ali-khan\nbudget: {budget}\nspent: {spent}\n---\nText.\n"
        )
    };
    let over = initiative("Overspent", "100.40", "100.45");
    let within = initiative("Within", "100", "100.004");
    let project = valid_with(&[
        ("content/initiatives/over.md", over.as_str()),
        ("content/initiatives/within.md", within.as_str()),
    ]);
    let (site, _) = build(project.path(), &[]);
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join("\n"));
    assert!(
        text.contains("Overspent Active · Other · Green · Lead: Ali Khan · Budget £100.40, spent £100.45 In exception: over budget."),
        "{text}"
    );
    assert!(!text.contains("Within Active ·"), "{text}");
    assert!(
        text.contains("spent £200.45 of £200.40 (less than 1% over)"),
        "{text}"
    );
    let page = fs::read_to_string(site.path().join("initiatives/over.html")).unwrap();
    assert!(page.contains("£100.45 (100.1% of budget)"), "{page}");
    let page = fs::read_to_string(site.path().join("initiatives/within.html")).unwrap();
    assert!(page.contains("<dd>£100 (100% of budget)</dd>"), "{page}");
}

/// Dates around the report date (30 September 2026) read as they stand on it, on the
/// pages and in the pack: a term that ran out with no `left` is marked "(ended)" and
/// warned of; a member leaving after the report date "Leaves"; one appointed after it is
/// not yet in post; a term ending on the report date ends "today"; an interest's end is
/// in the register; one day is "1 day".
#[test]
fn dates_around_the_report_date_read_as_they_stand_on_it() {
    let project = valid_with(&[
        (
            "content/people/jo-bell.yaml",
            "name: Jo Bell\nprofession: lay\nboard:\n  role: chair\n  first_appointed: 2020-01-01\n  term_ends: 2026-06-30\ninterests:\n  - { description: Trustee of Northshire Hospice, type: non-financial-personal, declared: 2026-04-01, from: 2019-03-01, to: 2026-12-31 }\n",
        ),
        (
            "content/people/sam-lee.yaml",
            "name: Dr Sam Lee\nprofession: doctor\nboard:\n  role: medical-director\n  first_appointed: 2021-04-01\n  term_ends: 2026-09-30\n  left: 2026-10-15\n",
        ),
        (
            "content/people/new-fd.yaml",
            "name: New Director\nprofession: finance\nboard:\n  role: finance-director\n  first_appointed: 2026-10-15\n",
        ),
        (
            "content/actions/late.yaml",
            "title: Late by a day\nmeeting: board-2026-09\nitem: \"1\"\nowner: jo-bell\ndue: 2026-09-29\n",
        ),
    ]);
    let checked = crate::common::check(project.path());
    assert!(
        checked.stderr.contains("content/people/jo-bell.yaml:6:14: warning: `board.term_ends` (2026-06-30) is before the report date (2026-09-30) and no `left` date is given"),
        "{}",
        checked.stderr
    );
    assert!(
        checked
            .stderr
            .contains("add `left: 2026-07-01` under `board:`"),
        "{}",
        checked.stderr
    );
    let (site, _) = build(project.path(), &[]);
    let read = |path: &str| fs::read_to_string(site.path().join(path)).unwrap();
    assert!(read("board.html").contains("30 June 2026</time> (ended)"));
    assert!(read("people/jo-bell.html").contains("30 June 2026</time> (ended)"));
    let sam = read("people/sam-lee.html");
    assert!(
        sam.contains("<dt>Leaves</dt>") && !sam.contains("<dt>Left</dt>"),
        "{sam}"
    );
    let new = read("people/new-fd.html");
    assert!(
        new.contains("<dt>Time in post</dt><dd>not yet in post</dd>"),
        "{new}"
    );
    assert!(read("board.html").contains("term ends 30 September 2026 (today)"));
    let register = read("interests.html");
    assert!(
        register.contains("(Non-financial personal, from <time datetime=\"2019-03-01\">1 March 2019</time> until <time datetime=\"2026-12-31\">31 December 2026</time>)"),
        "{register}"
    );
    assert!(read("data/interests.csv").contains(",2019-03-01,2026-12-31,"));
    let text = flat(&pages(&site.path().join("board-pack.pdf")).join("\n"));
    assert!(
        text.contains("from 1 March 2019 until 31 December 2026"),
        "{text}"
    );
    assert!(text.contains("30 June 2026 (ended)"), "{text}");
    assert!(
        text.contains("Overdue by") && text.contains(" 1 day ") && !text.contains("1 days"),
        "{text}"
    );
}
