//! Whole builds of the site through the `boardpack` binary, asserting on what reviewers read:
//! figures, names and links on every kind of page, links that resolve, nothing leaked from
//! confidential or draft records, and no script from hostile records.

use crate::common::{copy_tree, left_beside, tree, use_a_broken_theme};
use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Builds `project` with `flags` into a new temporary folder and returns it.
fn build(project: &Path, flags: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = Command::cargo_bin("boardpack")
        .unwrap()
        .arg("build")
        .args(flags)
        .arg("--out")
        .arg(&out)
        .arg(project)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "build failed:\n{stderr}");
    dir
}

fn read(site: &tempfile::TempDir, page: &str) -> String {
    fs::read_to_string(site.path().join("site").join(page))
        .unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// Every text file of the output by path.
fn texts(site: &Path) -> BTreeMap<String, String> {
    tree(site)
        .into_iter()
        .filter_map(|(relative, bytes)| {
            let text = String::from_utf8(bytes).ok()?;
            Some((relative.to_string_lossy().replace('\\', "/"), text))
        })
        .collect()
}

/// The values of every `href="..."` and `src="..."` in `html`.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            let after = &rest[start + attribute.len()..];
            let end = after.find('"').unwrap_or(after.len());
            found.push(after[..end].replace("&amp;", "&"));
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn every_page_kind_shows_its_content() {
    let site = build(&example(), &[]);
    let index = read(&site, "index.html");
    assert!(index.contains("<h1>Dashboard</h1>"));
    assert!(index.contains("Board members in post"));
    assert!(index.contains("38% (5 of 13)"), "clinical share tile");
    assert!(index.contains("National (IHM survey of managers): 74%"));
    assert!(index.contains(r#"href="board.html""#));
    assert!(index.contains(r#"href="measures/relationship-tension.html""#));
    assert!(index.contains(r##"<a class="skip" href="#main">Skip to content</a>"##));
    assert!(index.contains(r#"<html lang="en-GB">"#));

    let board = read(&site, "board.html");
    assert!(board.contains(r#"<a href="people/margaret-ellison.html">Margaret Ellison</a>"#));
    // The chair is listed first.
    let chair = board.find("Margaret Ellison").unwrap();
    let ceo = board.find("David Osei").unwrap();
    assert!(chair < ceo, "the chair comes first");
    assert!(board.contains("<td>Chair</td>"));
    assert!(board.contains(r#"class="mark-apologies">Apologies"#));
    assert!(board.contains(">Jul–Sep 2026<"), "quarters by their months");
    assert!(
        board.contains("<svg class=\"chart"),
        "composition and history charts"
    );
    assert!(board.contains("Terms ending within 180 days"));

    let person = read(&site, "people/amara-okafor.html");
    assert!(person.contains("<h1>Dr Amara Okafor"));
    assert!(person.contains("Medical director"));
    assert!(
        person.contains(r#"href="../initiatives/"#),
        "links to the initiatives she leads"
    );
    assert!(person.contains(r#"href="../static/style.css""#));

    let initiatives = read(&site, "initiatives.html");
    assert!(initiatives.contains(r#"href="initiatives/paired-learning-programme.html""#));
    assert!(initiatives.contains(r#"href="initiatives/category/paired-learning.html""#));
    assert!(initiatives.contains(r#"href="initiatives/status/active.html""#));
    let training = read(&site, "initiatives/joint-leadership-training.html");
    assert!(
        training.contains("Overdue by 92 days"),
        "an overdue milestone is marked"
    );
    let active = read(&site, "initiatives/status/active.html");
    assert!(active.contains(r#"href="../../initiatives/joint-leadership-training.html""#));
    assert!(!active.contains("the-common-room.html") || active.contains("Active"));

    let measures = read(&site, "measures.html");
    assert!(measures.contains("Improvement (low)"));
    assert!(measures.contains("Special cause variation of an improving nature: lower values"));
    let tension = read(&site, "measures/relationship-tension.html");
    assert!(tension.contains(r#"role="img""#));
    assert!(tension.contains("<title id=\"spc-relationship-tension-title\">"));
    assert!(tension.contains("The process will consistently fail to meet the target"));
    assert!(tension.contains("<caption>Every point of"));

    let surveys = read(&site, "surveys.html");
    assert!(surveys.contains("143 respondents"));
    assert!(surveys.contains("(national 74%)"));

    let foreword = read(&site, "pages/foreword.html");
    assert!(foreword.contains("<div class=\"prose\">"));
    assert!(read(&site, "404.html").contains("Page not found"));
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("<loc>/board.html</loc>"), "{sitemap}");
    assert!(!sitemap.contains("404.html"));
}

/// A page names its address where the site is published (`<link rel="canonical">`,
/// FORMAT.md's `base_url`) when `base_url` is a whole address; with a path alone (`/`),
/// which says nothing of where a copy is found, no page names one.
#[test]
fn pages_name_their_address_where_base_url_gives_it() {
    let project = crate::common::copy_of("valid");
    // A paper, whose link prints its address on paper (or its path in the report's folder).
    fs::create_dir_all(project.path().join("content/files/2026-09")).unwrap();
    fs::write(
        project.path().join("content/files/2026-09/ipr.pdf"),
        "%PDF-1.4\n",
    )
    .unwrap();
    let meeting = project.path().join("content/meetings/board-2026-09.yaml");
    let text = fs::read_to_string(&meeting).unwrap();
    fs::write(
        &meeting,
        format!("{text}agenda:\n  - {{ item: \"1\", title: Performance, purpose: assurance, paper: files/2026-09/ipr.pdf }}\n"),
    )
    .unwrap();
    let plain = build(project.path(), &["--no-pdf"]);
    assert!(!read(&plain, "people/jo-bell.html").contains("rel=\"canonical\""));
    assert!(
        read(&plain, "meetings/board-2026-09.html")
            .contains(r#"<a href="../files/2026-09/ipr.pdf" data-print="files/2026-09/ipr.pdf""#)
    );
    let settings = project.path().join("boardpack.yaml");
    let before = fs::read_to_string(&settings).unwrap_or_default();
    fs::write(
        &settings,
        format!("{before}\nbase_url: https://example.nhs.uk/report/\n"),
    )
    .unwrap();
    let site = build(project.path(), &["--no-pdf"]);
    for (page, address) in [
        ("people/jo-bell.html", "people/jo-bell.html"),
        ("index.html", "index.html"),
    ] {
        assert!(
            read(&site, page).contains(&format!(
                "<link rel=\"canonical\" href=\"https://example.nhs.uk/report/{address}\">"
            )),
            "{page}"
        );
    }
    assert!(
        read(&site, "sitemap.xml")
            .contains("<loc>https://example.nhs.uk/report/people/jo-bell.html</loc>")
    );
    assert!(
        read(&site, "meetings/board-2026-09.html")
            .contains(r#"data-print="https://example.nhs.uk/report/files/2026-09/ipr.pdf""#)
    );
    // A build with drafts has pages the published site has not.
    let drafts = build(project.path(), &["--no-pdf", "--drafts"]);
    assert!(!read(&drafts, "people/jo-bell.html").contains("rel=\"canonical\""));
}

/// The outlook's shares, and "same or worse", are of those who answered the question:
/// when fewer answered than responded, the survey page says how many, and says nothing
/// when all did.
#[test]
fn a_survey_outlook_answered_by_fewer_says_how_many() {
    let survey = "title: Survey\ndate: 2026-06-30\nrespondents: 10\nrelationship:\n  partnership: 1\n  partnership-with-tensions: 5\n  tolerance-with-frequent-tensions: 3\n  persistent-unresolved-tensions: 1\n";
    let project = crate::common::valid_with(&[(
        "content/surveys/survey-2026.yaml",
        &format!("{survey}outlook: {{ better: 2, same: 3, worse: 3 }}\n"),
    )]);
    let site = build(project.path(), &[]);
    let page = read(&site, "surveys.html");
    assert!(
        page.contains("same or worse in five years: 75% of the 8 who answered (national 73%)"),
        "{page}"
    );
    assert!(
        page.contains("Over the next five years, of the 8 who answered: better 2 (25%)"),
        "{page}"
    );
    let project = crate::common::valid_with(&[(
        "content/surveys/survey-2026.yaml",
        &format!("{survey}outlook: {{ better: 2, same: 5, worse: 3 }}\n"),
    )]);
    let page = read(&build(project.path(), &[]), "surveys.html");
    assert!(
        page.contains("same or worse in five years: 80% (national 73%)"),
        "{page}"
    );
    assert!(!page.contains("who answered"), "{page}");
}

/// A survey is taken once a year or so: its share tiles say nothing of the last quarter
/// end ("no change since 30 June" beside "down 10 points since Survey 2025" read as a
/// contradiction), and the change tile says what moved since the survey before.
#[test]
fn survey_tiles_compare_with_the_survey_before_not_the_quarter_end() {
    let survey = |title: &str, date: &str, tensions: u32| {
        format!(
            "title: {title}\ndate: {date}\nrespondents: 100\nrelationship:\n  partnership: {}\n  partnership-with-tensions: {tensions}\n  tolerance-with-frequent-tensions: 10\n  persistent-unresolved-tensions: 10\n",
            80 - tensions
        )
    };
    let project = crate::common::valid_with(&[
        (
            "content/surveys/survey-2026.yaml",
            &survey("Survey 2026", "2026-03-31", 40),
        ),
        (
            "content/surveys/survey-2025.yaml",
            &survey("Survey 2025", "2025-03-31", 50),
        ),
    ]);
    let site = build(project.path(), &["--no-pdf"]);
    let index = read(&site, "index.html");
    let section = index
        .split(r#"<h2 id="survey">"#)
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("the dashboard's survey section");
    assert!(
        section.contains("50% (Survey 2026, 31 March 2026)"),
        "{section}"
    );
    assert!(!section.contains("since 30 June"), "{section}");
    assert!(
        section.contains("with tensions down 10 points, unresolved no change"),
        "{section}"
    );
    assert!(
        !read(&site, "surveys.html").contains("since 30 June"),
        "the survey page's tiles too"
    );
}

#[test]
fn every_relative_link_resolves() {
    let site = build(&example(), &[]);
    let root = site.path().join("site");
    let files = texts(&root);
    let mut checked = 0;
    for (path, text) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "404.html")
    {
        let folder = Path::new(path).parent().unwrap_or(Path::new(""));
        for link in links(text) {
            // `data:,` is the empty icon, which spares every page a request for
            // /favicon.ico that no site has.
            if link.starts_with("https:")
                || link.starts_with("http:")
                || link.starts_with("mailto:")
                || link == "data:,"
            {
                continue;
            }
            assert!(!link.starts_with('/'), "{path}: {link} is not relative");
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                root.join(path)
            } else {
                root.join(folder).join(file)
            };
            assert!(target.is_file(), "{path}: {link} does not resolve");
            if !fragment.is_empty() && target.extension().is_some_and(|e| e == "html") {
                let html = fs::read_to_string(&target).unwrap();
                assert!(
                    html.contains(&format!("id=\"{fragment}\"")),
                    "{path}: no anchor {link}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn confidential_and_draft_records_leave_no_trace() {
    let markers = [
        "consultant-job-planning-review",
        "Confidential to the board",
        "grievance",
        "chair-statement-2027",
        "DRAFT-MARKER",
    ];
    let public = build(&example(), &[]);
    for (path, text) in texts(&public.path().join("site")) {
        for marker in markers {
            assert!(!text.contains(marker), "{marker} leaked into {path}");
        }
        assert!(!text.contains("Confidential build"), "{path}");
    }
    let private = build(&example(), &["--confidential", "--drafts"]);
    let page = read(&private, "initiatives/consultant-job-planning-review.html");
    assert!(page.contains("grievance"));
    assert!(page.contains(r#"<span class="badge confidential">Confidential</span>"#));
    assert!(page.contains("Confidential build."));
    let list = read(&private, "initiatives.html");
    assert!(list.contains("consultant-job-planning-review.html"));
    assert!(read(&private, "pages/chair-statement-2027.html").contains("DRAFT-MARKER"));
    // The same words are in the private build's search index: the public one is clean
    // because the records are left out, not because the index misses bodies.
    let index = read(&private, "search-index.js");
    assert!(index.contains("grievance") && index.contains("draft"));
}

/// A meeting's search text holds the interests declared there: not one declared by someone
/// the build leaves out, whose declaration the page drops too.
#[test]
fn a_hidden_persons_declaration_is_not_in_the_search_index() {
    let project = crate::common::valid_with(&[
        (
            "content/people/zed-quill.yaml",
            "name: Zed Quill\nprofession: manager\nconfidential: true\n",
        ),
        (
            "content/meetings/board-2026-09.yaml",
            "date: 2026-09-18\npresent: [jo-bell]\napologies: [sam-lee]\nin_attendance: [ali-khan, zed-quill]\ndeclarations:\n  - { person: zed-quill, interest: Director of Xyloquartz Holdings }\n  - { person: ali-khan, interest: Trustee of Wembleford Hospice }\n",
        ),
    ]);
    let public = search_index(&build(project.path(), &["--no-pdf"]));
    let words = public["words"].to_string();
    assert!(words.contains("\"wembleford\""), "{words}");
    assert!(!words.contains("xyloquartz"), "{words}");
    assert!(!words.contains("quill"), "{words}");
    let private = search_index(&build(project.path(), &["--no-pdf", "--confidential"]));
    assert!(private["words"].to_string().contains("\"xyloquartz\""));
}

fn valid_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example().join("tests/fixtures/valid"), dir.path());
    dir
}

#[test]
fn scripts_never_reach_the_output() {
    let project = valid_copy();
    let content = project.path().join("content");
    fs::write(
        content.join("initiatives/pairs.md"),
        "---\ntitle: \"<script>alert('title')</script>\"\ncategory: paired-learning\nstatus: active\nrag: green\nlead: jo-bell\ntags: [\"<img src=x onerror=alert(1)>\"]\nmilestones:\n  - { title: \"<svg onload=alert(2)>\", due: 2026-01-01 }\n---\n<script>alert(3)</script>\n\n<img src=\"x\" onerror=\"alert(4)\">\n\n[click](javascript:alert(5))\n\n<a href=\"jAvAsCrIpT:alert(6)\">x</a>\n",
    )
    .unwrap();
    fs::write(
        content.join("people/ali-khan.yaml"),
        "name: \"Ali <b onmouseover=alert(7)>Khan</b>\"\nprofession: manager\n",
    )
    .unwrap();
    fs::write(
        content.join("pages/about.md"),
        "---\ntitle: About \"quotes\" & <tags>\n---\n<iframe src=\"https://evil.example\"></iframe>\n<p onclick=\"alert(8)\">text</p>\n",
    )
    .unwrap();
    let site = build(project.path(), &[]);
    for (path, text) in texts(&site.path().join("site")) {
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        // The theme's own scripts are the only ones a page may hold: the search page's two,
        // and the one every page has (`static/site.js`) at its depth.
        let mut text = text
            .replace(r#"<script src="search-index.js"></script>"#, "")
            .replace(r#"<script src="static/search.js"></script>"#, "");
        for up in ["../../", "../", ""] {
            text = text.replace(
                &format!(r#"<script src="{up}static/site.js" defer></script>"#),
                "",
            );
        }
        let lower = text.to_lowercase();
        for bad in ["<script", "<iframe", "<b ", "<svg onload", "<img src=x"] {
            assert!(!lower.contains(bad), "{bad} reached {path}");
        }
        // Shown as text these words are harmless; inside a tag they would run.
        for bad in [
            "onerror=",
            "onload=",
            "onclick=",
            "onmouseover=",
            "javascript:",
        ] {
            for (at, _) in lower.match_indices(bad) {
                let open = lower[..at].rfind('<');
                let close = lower[..at].rfind('>');
                assert!(open <= close, "{bad} inside a tag in {path}");
            }
        }
    }
    // The search index holds the titles as JSON strings, which a script cannot run from.
    let index = search_index(&site);
    assert!(
        index["docs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d[1] == "<script>alert('title')</script>")
    );
    let page = read(&site, "initiatives/pairs.html");
    assert!(
        page.contains("&lt;script&gt;alert("),
        "the title is shown as text"
    );
}

/// The valid fixture with `theme: house`, and that theme's (empty) templates folder.
fn with_house_theme() -> (tempfile::TempDir, PathBuf) {
    let project = valid_copy();
    fs::write(
        project.path().join("boardpack.yaml"),
        "title: T\nas_of: 2026-09-30\ntheme: house\n",
    )
    .unwrap();
    let templates = project.path().join("themes/house/templates");
    fs::create_dir_all(&templates).unwrap();
    (project, templates)
}

#[test]
fn a_project_theme_overrides_templates_by_name() {
    let (project, templates) = with_house_theme();
    fs::write(
        templates.join("page.html"),
        "{% extends \"base.html\" %}{% block content %}<p class=\"house\">{{ title }}</p>{% endblock content %}",
    )
    .unwrap();
    let static_dir = project.path().join("themes/house/static");
    fs::create_dir_all(&static_dir).unwrap();
    fs::write(static_dir.join("logo.txt"), "logo").unwrap();
    let site = build(project.path(), &[]);
    assert!(read(&site, "pages/about.html").contains("<p class=\"house\">"));
    assert!(
        read(&site, "board.html").contains("<h1>Board</h1>"),
        "the rest is the default"
    );
    assert_eq!(read(&site, "static/logo.txt"), "logo");
    assert!(read(&site, "static/style.css").contains("boardpack default theme"));
}

/// Issue 20: the index rows are rendered once each through `initiative-row.html`, for
/// every page that lists them; a theme may replace that template, or list `page.rows`
/// itself in its own `initiatives.html`, and a mistake in the row template names it.
#[test]
fn a_project_theme_may_replace_the_index_row_or_list_the_rows_itself() {
    let (project, templates) = with_house_theme();
    fs::write(
        templates.join("initiative-row.html"),
        "<tr class=\"house\"><th scope=\"row\"><a href=\"{{ root }}{{ r.href }}\">{{ r.title }} &amp; {{ r.lead.name }}</a></th></tr>\n",
    )
    .unwrap();
    let site = build(project.path(), &[]);
    // Each page that lists the row has it, with links from where that page is.
    let row = |root: &str| {
        format!(
            "<tr class=\"house\"><th scope=\"row\"><a href=\"{root}initiatives/pairs.html\">Paired learning &amp; Ali Khan</a></th></tr>"
        )
    };
    assert!(read(&site, "initiatives.html").contains(&row("")));
    for page in [
        "initiatives/category/paired-learning.html",
        "initiatives/status/active.html",
    ] {
        assert!(read(&site, page).contains(&row("../../")), "{page}");
    }

    // A theme's own index that lists the rows' fields as before.
    fs::write(
        templates.join("initiatives.html"),
        "{% extends \"base.html\" %}{% block content %}<ul>{% for r in page.rows %}<li class=\"own\">{{ r.title }}, {{ r.status }}</li>{% endfor %}</ul>{% endblock content %}",
    )
    .unwrap();
    let site = build(project.path(), &[]);
    assert!(
        read(&site, "initiatives.html").contains("<li class=\"own\">Paired learning, Active</li>")
    );
    assert!(
        read(&site, "initiatives/status/active.html")
            .contains("<li class=\"own\">Paired learning, Active</li>")
    );

    // A mistake in the row template: the build stops and says where, whether the rows are
    // rendered as they are made (the theme replaces only the row) or after (its own index
    // may read their fields).
    let broken_row = || {
        fs::write(
            templates.join("initiative-row.html"),
            "<tr>\n<td>{{ r.missing.field }}</td></tr>\n",
        )
        .unwrap();
        let output = Command::cargo_bin("boardpack")
            .unwrap()
            .arg("build")
            .arg(project.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            stderr.contains("themes/house/templates/initiative-row.html:2:"),
            "{stderr}"
        );
        assert!(stderr.contains("template error"), "{stderr}");
        assert!(stderr.contains("initiatives.html"), "{stderr}");
    };
    broken_row();
    fs::remove_file(templates.join("initiatives.html")).unwrap();
    broken_row();
}

#[test]
fn a_broken_template_fails_the_build_and_keeps_the_old_site() {
    let project = valid_copy();
    let out = project.path().join("site");
    let run = |project: &Path| {
        Command::cargo_bin("boardpack")
            .unwrap()
            .arg("build")
            .arg(project)
            .output()
            .unwrap()
    };
    assert!(run(project.path()).status.success());
    let before = tree(&out);
    use_a_broken_theme(project.path());
    let output = run(project.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("themes/broken/templates/board.html"),
        "{stderr}"
    );
    assert!(stderr.contains("template error"), "{stderr}");
    let after = tree(&out);
    assert_eq!(before, after, "the previous site is untouched");
    // The build wrote pages into its staging folder before the template failed: it goes.
    let beside = left_beside(project.path());
    assert!(beside.is_empty(), "{beside:?}");

    fs::write(
        project.path().join("boardpack.yaml"),
        "title: T\nas_of: 2026-09-30\ntheme: missing\n",
    )
    .unwrap();
    let output = run(project.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("boardpack.yaml:3:8: error: `theme`: there is no theme `missing`"),
        "{stderr}"
    );
    // Found after the checks, the problem still quotes its line.
    assert!(stderr.contains("3 | theme: missing"), "{stderr}");

    // Tera gives no place for a template that extends one that is not there: the error is
    // at the line of the template that names it, not at `themes:1:1`.
    let templates = project.path().join("themes/mine/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("board.html"),
        "{# The board, based on nothere.html #}\n{% extends \"nothere.html\" %}\n{% block content %}x{% endblock %}\n",
    )
    .unwrap();
    fs::write(
        project.path().join("boardpack.yaml"),
        "title: T\nas_of: 2026-09-30\ntheme: mine\n",
    )
    .unwrap();
    let output = run(project.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("themes/mine/templates/board.html:2:13: error: template error: Template 'board.html' is inheriting from 'nothere.html'"),
        "{stderr}"
    );

    // An end tag with nothing open for it: Tera says only "Unknown tag".
    fs::write(
        templates.join("board.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ title }}</h1>\n{% endfor %}\n{% endblock content %}\n",
    )
    .unwrap();
    let output = run(project.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("themes/mine/templates/board.html:4:")
            && stderr.contains(
                "error: template error: `{% endfor %}` has no `{% for %}` open for it here"
            )
            && stderr.contains("help: remove it, or add the `{% for ... %}` it belongs to"),
        "{stderr}"
    );
}

/// Builds `root` again with `cache`, as `watch` does, and checks every file is the same as
/// a fresh build's; returns the files.
fn cached_build_matching_fresh(
    root: &Path,
    cache: &mut boardpack::Cache,
    after: &str,
) -> Vec<boardpack::File> {
    use boardpack::{BuildOptions, Project, Timings};
    let options = BuildOptions::default();
    let project = Project::new(root);
    let again = project
        .build_again(options, cache, &mut Timings::default())
        .expect(after)
        .files;
    let fresh = project
        .build(options, &mut Timings::default())
        .expect(after)
        .files;
    let paths = |files: &[boardpack::File]| -> Vec<String> {
        files.iter().map(|(p, _)| p.clone()).collect()
    };
    assert_eq!(paths(&again), paths(&fresh), "after {after}");
    for ((path, bytes), (_, fresh_bytes)) in again.iter().zip(&fresh) {
        assert!(bytes == fresh_bytes, "{path} is stale after {after}");
    }
    again
}

/// `watch` and `serve` keep parsed files and rendered pages between builds. After each kind
/// of edit, a build that reuses them must make exactly the files a fresh build makes.
#[test]
fn a_rebuild_that_reuses_the_cache_matches_a_fresh_build() {
    use boardpack::{BuildOptions, Cache, Project, Timings};
    let project = crate::common::project_copy(&example());
    let root = project.path();
    let rebuild = |cache: &mut Cache| {
        Project::new(root).build_again(BuildOptions::default(), cache, &mut Timings::default())
    };
    let mut cache = Cache::verifying();
    let same_as_fresh =
        |cache: &mut Cache, after: &str| cached_build_matching_fresh(root, cache, after);
    let first = same_as_fresh(&mut cache, "the first build");

    let person = root.join("content/people/amara-okafor.md");
    let text = fs::read_to_string(&person).unwrap();
    fs::write(
        &person,
        text.replace("name: Dr Amara Okafor", "name: Dr Amara Okafor-Reid"),
    )
    .unwrap();
    let renamed = same_as_fresh(&mut cache, "renaming a person");
    let changed: Vec<&str> = renamed
        .iter()
        .zip(&first)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| a.0.as_str())
        .collect();
    // The name is on the board page, the person's page and the initiatives they lead.
    assert!(changed.contains(&"board.html"), "{changed:?}");
    assert!(changed.contains(&"people/amara-okafor.html"), "{changed:?}");
    assert!(changed.contains(&"initiatives.html"), "{changed:?}");
    // Issue 18: and in the board pack, made again.
    assert!(changed.contains(&"board-pack.pdf"), "{changed:?}");

    let text = fs::read_to_string(&person).unwrap();
    fs::write(&person, format!("{text}\nA new *closing* line.\n")).unwrap();
    let edited = same_as_fresh(&mut cache, "editing a body");
    // Only the person's own page shows the body; the index pages, whose rows are held in
    // Tera's unordered maps, must be reused too, and so is the board pack (issue 18),
    // which shows no biography.
    assert_eq!(cache.pages_rendered(), 1);

    // Issue 20: an initiative's new title is rendered again on the pages that show it, and
    // only on those: the indexes of other categories and statuses are reused.
    let initiative = root.join("content/initiatives/delegated-authority.md");
    let before = fs::read_to_string(&initiative).unwrap();
    fs::write(
        &initiative,
        before.replace("title: Delegated budget", "title: Devolved budget"),
    )
    .unwrap();
    let retitled = same_as_fresh(&mut cache, "retitling an initiative");
    // Pages (the board pack among them), not the search index and the exports.
    let pages_changed = retitled
        .iter()
        .zip(&edited)
        .filter(|(a, b)| a.1 != b.1)
        .filter(|(a, _)| a.0.ends_with(".html") || a.0.ends_with(".pdf"))
        .count();
    // Its page, the dashboard, the action log, the three indexes that list it, the three
    // meetings that discussed it, its lead's and its sponsor's pages, and the board pack:
    // every page rendered again is one that changed.
    assert_eq!(pages_changed, 12);
    assert_eq!(cache.pages_rendered(), pages_changed);
    fs::write(&initiative, &before).unwrap();
    same_as_fresh(&mut cache, "putting the title back");

    // A row that moves to another category and status leaves the indexes it was on and
    // joins two others, which are rendered again with it.
    fs::write(
        &initiative,
        before
            .replace("category: delegation", "category: shadowing")
            .replace("status: paused", "status: active"),
    )
    .unwrap();
    let moved = same_as_fresh(
        &mut cache,
        "moving an initiative to another category and status",
    );
    let page = |files: &[boardpack::File], path: &str| -> String {
        let (_, bytes) = files.iter().find(|(p, _)| p == path).unwrap();
        String::from_utf8_lossy(bytes).into_owned()
    };
    for index in [
        "initiatives/status/active.html",
        "initiatives/category/shadowing.html",
    ] {
        assert!(page(&moved, index).contains("Delegated budget"), "{index}");
    }
    // Its old category's and status's pages no longer list it (and, with the new, were
    // made again: the build above matches a fresh one).
    for index in [
        "initiatives/status/paused.html",
        "initiatives/category/delegation.html",
    ] {
        if let Some((_, bytes)) = moved.iter().find(|(p, _)| p == index) {
            assert!(
                !String::from_utf8_lossy(bytes).contains("Delegated budget"),
                "{index}"
            );
        }
        assert!(page(&edited, index).contains("Delegated budget"), "{index}");
    }
    fs::write(&initiative, before).unwrap();
    same_as_fresh(&mut cache, "moving it back");

    fs::write(&person, "---\nname: [unclosed\n---\n").unwrap();
    assert!(rebuild(&mut cache).is_err());
    fs::write(&person, text).unwrap();
    same_as_fresh(&mut cache, "breaking a record and mending it");

    fs::remove_file(root.join("content/pages/glossary.md")).unwrap();
    let without = same_as_fresh(&mut cache, "deleting a page");
    assert!(
        !without
            .iter()
            .any(|(path, _)| path == "pages/glossary.html")
    );
    // An initiative added and then gone: the index rows kept between builds follow, and
    // the pages listing them, the sitemap among them, are made again.
    let initiatives = root.join("content/initiatives");
    fs::copy(
        initiatives.join("delegated-authority.md"),
        initiatives.join("delegated-authority-review.md"),
    )
    .unwrap();
    let added = same_as_fresh(&mut cache, "adding an initiative");
    let listed = |files: &[boardpack::File], path: &str| {
        let sitemap = files.iter().find(|(p, _)| p == "sitemap.xml").unwrap();
        String::from_utf8_lossy(&sitemap.1).contains(path)
    };
    assert!(listed(
        &added,
        "initiatives/delegated-authority-review.html"
    ));
    fs::remove_file(initiatives.join("delegated-authority-review.md")).unwrap();
    let removed = same_as_fresh(&mut cache, "deleting an initiative");
    assert!(!listed(
        &removed,
        "initiatives/delegated-authority-review.html"
    ));

    // The index rows show money in the organisation's currency and say what is overdue on
    // the report date: a change to either reaches every row, kept or not.
    let settings = fs::read_to_string(root.join("boardpack.yaml")).unwrap();
    fs::write(
        root.join("boardpack.yaml"),
        settings.replace("language: en-GB", "language: en-GB\ncurrency: EUR"),
    )
    .unwrap();
    let euros = same_as_fresh(&mut cache, "changing the currency");
    let index = euros.iter().find(|(p, _)| p == "initiatives.html").unwrap();
    assert!(String::from_utf8_lossy(&index.1).contains('€'));
    fs::write(
        root.join("boardpack.yaml"),
        settings.replace("as_of: 2026-09-30", "as_of: 2027-12-31"),
    )
    .unwrap();
    same_as_fresh(&mut cache, "moving the report date on");
    fs::write(root.join("boardpack.yaml"), settings).unwrap();
    same_as_fresh(&mut cache, "putting the settings back");

    fs::write(
        root.join("boardpack.yaml"),
        fs::read_to_string(root.join("boardpack.yaml"))
            .unwrap()
            .replace("theme: default", "theme: house"),
    )
    .unwrap();
    let templates = root.join("themes/house/templates");
    fs::create_dir_all(&templates).unwrap();
    let page = "{% extends \"base.html\" %}{% block content %}<p class=\"house\">{{ title }}</p>{% endblock content %}";
    fs::write(templates.join("page.html"), page).unwrap();
    same_as_fresh(&mut cache, "switching to a project theme");
    fs::write(templates.join("page.html"), page.replace("house", "home")).unwrap();
    let themed = same_as_fresh(&mut cache, "editing a template");
    let foreword = themed
        .iter()
        .find(|(p, _)| p == "pages/foreword.html")
        .unwrap();
    assert!(String::from_utf8_lossy(&foreword.1).contains("class=\"home\""));

    // A template that fails on some pages: the build fails, and once it is mended every
    // page is found in the cache again, the ones reused by the failed build included.
    let home = page.replace("house", "home");
    fs::write(
        templates.join("page.html"),
        home.replace("{{ title }}", "{{ page.missing.field }}"),
    )
    .unwrap();
    assert!(rebuild(&mut cache).is_err());
    fs::write(templates.join("page.html"), home).unwrap();
    same_as_fresh(&mut cache, "breaking a template and mending it");
    assert_eq!(cache.pages_rendered(), 0);

    // The same for the index row's template, which stops the build before any page.
    let row = templates.join("initiative-row.html");
    fs::write(&row, "<tr><td>{{ r.missing.field }}</td></tr>\n").unwrap();
    assert!(rebuild(&mut cache).is_err());
    fs::remove_file(&row).unwrap();
    same_as_fresh(&mut cache, "breaking the row template and mending it");
    assert_eq!(cache.pages_rendered(), 0);
}

/// Issue 20: in `watch` a save writes its pages with the search index and the exports as
/// they were, as it does the board pack; a build of their own then brings all three up to
/// date, the same files a fresh build makes. A build that changed no record leaves nothing
/// behind.
#[test]
fn a_save_leaves_the_search_index_and_exports_for_a_build_of_their_own() {
    use boardpack::{BuildOptions, Cache, Project, Timings};
    let project = crate::common::project_copy(&example());
    let root = project.path();
    let mut cache = Cache::verifying();
    let first = cached_build_matching_fresh(root, &mut cache, "the first build");
    assert_eq!(cache.behind(), None);
    let file = |files: &[boardpack::File], path: &str| -> String {
        let (_, bytes) = files.iter().find(|(p, _)| p == path).unwrap();
        String::from_utf8_lossy(bytes).into_owned()
    };

    cache.set_later(true);
    let initiative = root.join("content/initiatives/paired-learning-programme.md");
    let text = fs::read_to_string(&initiative).unwrap();
    fs::write(
        &initiative,
        text.replace(
            "title: Paired learning programme",
            "title: Paired zebra scheme",
        ),
    )
    .unwrap();
    let save = Project::new(root)
        .build_again(BuildOptions::default(), &mut cache, &mut Timings::default())
        .unwrap()
        .files;
    assert!(
        file(&save, "initiatives/paired-learning-programme.html").contains("Paired zebra scheme")
    );
    for kept in ["search-index.js", "data/initiatives.csv", "board-pack.pdf"] {
        assert_eq!(file(&save, kept), file(&first, kept), "{kept}");
    }
    assert!(!file(&first, "search-index.js").contains("zebra"));
    assert_eq!(
        cache.behind(),
        Some("the search index, exports and board pack")
    );

    cache.set_later(false);
    let caught_up = cached_build_matching_fresh(root, &mut cache, "catching up");
    assert_eq!(cache.behind(), None);
    assert!(file(&caught_up, "search-index.js").contains("zebra"));
    assert!(file(&caught_up, "data/initiatives.csv").contains("Paired zebra scheme"));

    // No record changed: nothing is left behind, and (in check mode) what is reused is
    // what would be made.
    cache.set_later(true);
    let builtin = cached_build_matching_fresh(root, &mut cache, "a build with no change");
    assert_eq!(cache.behind(), None);
    assert_eq!(
        file(&builtin, "search-index.js"),
        file(&caught_up, "search-index.js")
    );

    // A body's words are in the search index, not in the exports: the index is behind.
    let text = fs::read_to_string(&initiative).unwrap();
    fs::write(&initiative, format!("{text}\nA word only here: quokka.\n")).unwrap();
    let save = Project::new(root)
        .build_again(BuildOptions::default(), &mut cache, &mut Timings::default())
        .unwrap()
        .files;
    assert!(!file(&save, "search-index.js").contains("quokka"));
    assert!(
        cache
            .behind()
            .is_some_and(|what| what.starts_with("the search index"))
    );
    cache.set_later(false);
    let caught_up = cached_build_matching_fresh(root, &mut cache, "catching up a body");
    assert!(file(&caught_up, "search-index.js").contains("quokka"));
}

/// A page about one record is reused while the records it shows something of are unchanged
/// (what its view read through `site::reader`; the cache runs in check mode here, so a
/// read the reader does not record fails the build). Each edit here reaches a page only
/// through one of those links;
/// after each, the cached build must match a fresh one, and the pages named must change
/// (so the edit really reached them).
#[test]
fn a_cached_rebuild_follows_every_link_between_records() {
    let project = crate::common::project_copy(&example());
    let root = project.path();
    let mut cache = boardpack::Cache::verifying();
    let mut last = cached_build_matching_fresh(root, &mut cache, "the first build");
    let mut edit = |file: &str, from: &str, to: &str, reaches: &[&str]| {
        let path = root.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has {from}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let after = format!("{file}: {from} → {to}");
        let again = cached_build_matching_fresh(root, &mut cache, &after);
        for page in reaches {
            let now = again.iter().find(|(p, _)| p == page);
            let before = last.iter().find(|(p, _)| p == page);
            assert!(
                now.is_some() && now != before,
                "{page} did not change after {after}"
            );
        }
        last = again;
    };

    // An initiative's title is on its lead's and its sponsor's pages.
    edit(
        "content/initiatives/paired-learning-programme.md",
        "title: Paired learning programme",
        "title: Paired learning scheme",
        &["people/amara-okafor.html", "people/david-osei.html"],
    );
    // A meeting's marks and title are on the pages of the people eligible for it.
    edit(
        "content/meetings/board-2026-09.yaml",
        "apologies: [ian-mcbride]",
        "apologies: []",
        &["people/ian-mcbride.html", "board.html"],
    );
    edit(
        "content/meetings/board-2026-09.yaml",
        "title: Board of directors (public)",
        "title: Board of directors in public",
        &["people/margaret-ellison.html"],
    );
    // A measure's title is on the pages of the initiatives it measures.
    edit(
        "content/measures/shadowing-hours.yaml",
        "title: Hours managers spent shadowing clinical teams",
        "title: Hours spent shadowing clinical teams",
        &["initiatives/manager-shadowing.html"],
    );
    // A person's name is on the pages of the initiatives they lead, and in the index rows.
    edit(
        "content/people/amara-okafor.md",
        "name: Dr Amara Okafor",
        "name: Dr Amara Okafor-Reid",
        &[
            "initiatives/paired-learning-programme.html",
            "initiatives.html",
        ],
    );
    // A sponsor left out of the build (confidential) is no longer named.
    edit(
        "content/people/david-osei.yaml",
        "name:",
        "confidential: true\nname:",
        &["initiatives/paired-learning-programme.html"],
    );
    // A page's title is in the navigation of every page.
    edit(
        "content/pages/glossary.md",
        "title: Glossary",
        "title: Terms used",
        &[
            "initiatives/paired-learning-programme.html",
            "people/amara-okafor.html",
            "measures/shadowing-hours.html",
        ],
    );
    // The SPC rules decide what a measure's chart says, on its page and its initiatives'.
    edit(
        "boardpack.yaml",
        "min_points: 13",
        "min_points: 30",
        &[
            "measures/shadowing-hours.html",
            "initiatives/manager-shadowing.html",
        ],
    );
    // Issue 17. An action's title is on its owner's page, its meeting's and the log.
    edit(
        "content/actions/shadowing-estates-managers.yaml",
        "title: Extend manager shadowing to estates and facilities managers",
        "title: Extend manager shadowing to estates managers",
        &[
            "people/priya-natarajan.html",
            "meetings/board-2026-03.html",
            "actions.html",
        ],
    );
    // A meeting's title is on the pages of the owners of the actions it agreed.
    edit(
        "content/meetings/board-2026-03.yaml",
        "title:",
        "title: Renamed",
        &["people/priya-natarajan.html", "meetings.html"],
    );
    // An agenda item's title is on the pages of the measures and initiatives it concerns.
    edit(
        "content/meetings/board-2026-09.yaml",
        "title: Integrated performance report",
        "title: Integrated performance report (quarter 2)",
        &[
            "measures/shadowing-hours.html",
            "meetings/board-2026-09.html",
        ],
    );
    edit(
        "content/meetings/board-2026-09.yaml",
        "title: \"Paired learning programme: cohort 2 and evaluation\"",
        "title: \"Paired learning: cohort 2\"",
        &["initiatives/paired-learning-programme.html"],
    );
    // An interest is on its member's page and the register.
    edit(
        "content/people/peter-lang.yaml",
        "description: Non-executive director of Northshire Building Society",
        "description: Non-executive director of a building society",
        &["people/peter-lang.html", "interests.html"],
    );
    // A record a body links to with `@/` left out of the build: the link becomes text.
    edit(
        "content/people/amara-okafor.md",
        "name:",
        "draft: true\nname:",
        &["pages/foreword.html"],
    );
    // The report date is on every page.
    edit(
        "boardpack.yaml",
        "as_of: 2026-09-30",
        "as_of: 2026-10-31",
        &["people/priya-natarajan.html", "pages/foreword.html"],
    );
}

/// Issue 16: a reader sees names and titles linked to their pages, never record ids, and
/// dates, money and tenure as a British board writes them.
#[test]
fn issue_16_names_dates_and_money_as_a_board_reads_them() {
    let site = build(&example(), &[]);
    let index = read(&site, "index.html");
    assert!(
        index.contains(r#"<li><a href="people/peter-lang.html">Peter Lang</a>: term ends 31 October 2026 (in 31 days)</li>"#),
        "{index}"
    );
    assert!(index.contains(r#"<a href="people/peter-lang.html">Peter Lang</a>: in post 9 years 10 months (since 1 November 2016)"#));
    assert!(index.contains(r#"as of <time datetime="2026-09-30">30 September 2026</time>"#));
    assert!(index.contains("spent £"), "money with the currency");
    // What moved since the last quarter end, on the count and share tiles whose records
    // date what they rest on: not on those of RAG ratings, statuses and job plans.
    assert!(index.contains(r#"<p class="tile-change">no change since 30 June 2026</p>"#));
    for undated in [
        "Active initiatives rated green",
        "Mean share of job plans given to management",
    ] {
        let tile = index
            .split(undated)
            .nth(1)
            .and_then(|t| t.split("</li>").next())
            .expect(undated);
        assert!(!tile.contains("tile-change"), "{tile}");
    }
    // A measure's icons say in words what their colour says (WCAG 1.4.1).
    assert!(
        index.contains(
            r#"<span class="tile-icon-words">Improvement (high) · Consistently fails</span>"#
        ),
        "{index}"
    );
    let json = read(&site, "data/indicators.json");
    assert!(json.contains("\"previous\": 13,"), "{json}");
    // No list item names anyone by their record id.
    for item in index.split("<li>").skip(1) {
        let text = item.split("</li>").next().unwrap_or("");
        assert!(!text.contains("peter-lang:"), "{text}");
        assert!(!text.contains("kavita-rao:"), "{text}");
    }
    let board = read(&site, "board.html");
    assert!(board.contains(r#"<time datetime="2026-10-31">31 October 2026</time>"#));
    assert!(
        board.contains("<td>9 years 10 months</td>"),
        "tenure in years and months"
    );
    let initiative = read(&site, "initiatives/paired-learning-programme.html");
    assert!(initiative.contains("<dd>£"), "budget with the currency");
    // Exports keep ISO dates and plain numbers.
    let csv = read(&site, "data/initiatives.csv");
    assert!(!csv.contains('£'));
    assert!(csv.contains(",2026-"), "{csv}");
}

/// Issue 16: the accessibility statement UK public bodies must publish, from
/// `accessibility:` in boardpack.yaml, with defaults without it; linked from every page.
#[test]
fn issue_16_accessibility_statement() {
    let project = crate::common::valid_with(&[(
        "boardpack.yaml",
        "title: T\norganisation: Test Trust\nas_of: 2026-09-30\naccessibility:\n  contact: access@example.nhs.uk\n  tested: 2026-09-01\n",
    )]);
    let site = build(project.path(), &[]);
    let page = read(&site, "accessibility.html");
    assert!(page.contains("WCAG) version 2.2 at level AA"));
    assert!(page.contains(r#"<a href="mailto:access@example.nhs.uk">access@example.nhs.uk</a>"#));
    assert!(page.contains(r#"<time datetime="2026-09-01">1 September 2026</time>"#));
    for file in ["index.html", "people/jo-bell.html"] {
        let html = read(&site, file);
        assert!(html.contains("Accessibility statement</a>"), "{file}");
    }
    // Without the block: the page is still there, with its defaults.
    let site = build(&crate::common::fixture("valid"), &[]);
    let page = read(&site, "accessibility.html");
    assert!(page.contains("contact the board secretary of Test Hospitals NHS Trust"));
    assert!(page.contains("has not been recorded"));
    let project = crate::common::valid_with(&[("boardpack.yaml", "currency: pounds\n")]);
    let output = Command::cargo_bin("boardpack")
        .unwrap()
        .arg("check")
        .arg(project.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "boardpack.yaml:1:11: error: `currency`: `pounds` is not an ISO 4217 currency code"
        ),
        "{stderr}"
    );
}

/// Issue 16: the dashboard's count of indicators in breach and needing attention links to
/// a list of them; the board links to a list of everyone.
#[test]
fn issue_16_the_attention_list_and_the_people_index() {
    let site = build(&example(), &[]);
    let index = read(&site, "index.html");
    assert!(
        index.contains(
            r#"<a href="attention.html">3 indicators are in breach and 11 need attention</a>"#
        ),
        "{index}"
    );
    let attention = read(&site, "attention.html");
    let section = |id: &str| {
        let start = attention.find(&format!(r#"<h2 id="{id}">"#)).unwrap();
        let rest = &attention[start..];
        rest[..rest.find("</section>").unwrap()]
            .matches("<li>")
            .count()
    };
    assert_eq!((section("breaches"), section("warnings")), (3, 11));
    assert!(attention.contains(r#"<a href="board.html#flags">"#));
    // A measure is said in words, as on its page: not the terminal's `2026-09` and icon
    // codes (`improvement-high, fail`).
    assert!(
        attention.contains(r#"<a href="measures/management-time.html">Consultants with management time in their job plan</a>: 54% (September 2026). Special cause variation of an improving nature: higher values. The process will consistently fail to meet the target <span"#),
        "{attention}"
    );
    // Issue 17: the governance indicators link to the log, the register and the meetings.
    assert!(
        attention.contains(r#"<a href="actions.html">Overdue actions</a>"#),
        "{attention}"
    );
    assert!(attention.contains(r#"<a href="meetings.html">Meetings minuted as not quorate</a>"#));
    assert!(attention.contains(r#"<a href="interests.html">Board members with no declaration of interests in the last year</a>"#));
    let people = read(&site, "people.html");
    // Board members and others alike, by name, with role and profession.
    assert!(people.contains(r#"<a href="people/amara-okafor.html">Dr Amara Okafor</a>"#));
    assert!(people.contains("not on the board"));
    assert!(people.contains("(not in post)"), "a former member");
    let board = read(&site, "board.html");
    assert!(board.contains(r#"<a href="people.html">Everyone in this report</a>"#));
}

/// The text of a page as a reader sees it: tags and their attributes left out.
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The summary's assurance cell says why it has no icon. A measure with no better
/// direction said "too few points" beside its process limits; one with one point still
/// says so, and one without a target says that.
#[test]
fn the_assurance_cell_says_why_it_is_empty() {
    let months: String = (0..24)
        .map(|m| {
            let (year, month) = (2024 + m / 12, 1 + m % 12);
            format!(
                "  - {{ period: {year}-{month:02}, value: {} }}\n",
                10 + 2 * (m % 2)
            )
        })
        .collect();
    let project = crate::common::valid_with(&[
        (
            "content/measures/tension.yaml",
            &format!("title: Tension\nimprovement: neither\ntarget: 11\npoints:\n{months}"),
        ),
        (
            "content/measures/falls.yaml",
            "title: Falls\nimprovement: down\ntarget: 2\npoints:\n  - { period: 2026-07, value: 3 }\n",
        ),
        (
            "content/measures/waits.yaml",
            &format!("title: Waits\nimprovement: down\npoints:\n{months}"),
        ),
    ]);
    let site = build(project.path(), &[]);
    let measures = read(&site, "measures.html");
    let row = |title: &str| {
        let at = measures.find(&format!(">{title}</a>")).unwrap();
        let end = at + measures[at..].find("</tr>").unwrap();
        measures[at..end].to_string()
    };
    let tension = row("Tension");
    assert!(tension.contains("Common cause"), "{tension}");
    assert!(
        tension.contains(r#"<span class="muted">no better direction</span>"#),
        "{tension}"
    );
    assert!(!tension.contains("too few points"), "{tension}");
    // The assurance cell is the row's last but one, before its status.
    let assurance = |title: &str| row(title).rsplit("<td>").nth(1).unwrap().to_string();
    assert!(
        assurance("Tension").starts_with(r#"<span class="muted">no better direction</span>"#),
        "{}",
        assurance("Tension")
    );
    assert!(assurance("Falls").starts_with(r#"<span class="muted">too few points</span>"#));
    assert!(assurance("Waits").starts_with(r#"<span class="muted">no target</span>"#));
    // Which way is better, in words, under each title and on the measure's page.
    assert!(
        tension.contains("Neither higher nor lower is better"),
        "{tension}"
    );
    assert!(row("Falls").contains("Lower is better"));
    let page = read(&site, "measures/falls.html");
    assert!(
        page.contains("<dt>Direction</dt><dd>Lower is better</dd>"),
        "{page}"
    );
}

/// Issue 16: Making Data Count's icons, as images with their names in words, on the
/// measures summary (grouped by domain), each measure's page and the dashboard; the raw
/// codes of the data never reach a reader.
#[test]
fn issue_16_icons_and_the_measures_summary() {
    let project = crate::common::valid_with(&[
        (
            "content/measures/tension.yaml",
            "title: Tension\nunit: \"%\"\nimprovement: down\ntarget: 50\ndomain: well-led\npoints:\n  - { period: 2025-01, value: 70 }\n  - { period: 2025-02, value: 72 }\n  - { period: 2025-03, value: 71 }\n  - { period: 2025-04, value: 73 }\n  - { period: 2025-05, value: 70 }\n  - { period: 2025-06, value: 72 }\n  - { period: 2025-07, value: 71 }\n  - { period: 2025-08, value: 73 }\n  - { period: 2025-09, value: 70 }\n  - { period: 2025-10, value: 72 }\n  - { period: 2025-11, value: 71 }\n  - { period: 2025-12, value: 73 }\n  - { period: 2026-01, value: 90 }\n",
        ),
        (
            "content/measures/falls.yaml",
            "title: Falls\nimprovement: down\ndomain: safe\npoints:\n  - { period: 2026-07, value: 3 }\n",
        ),
    ]);
    let site = build(project.path(), &[]);
    let measures = read(&site, "measures.html");
    // Grouped by domain, in the CQC's order.
    let safe = measures.find(r#"<h2 id="domain-safe">Safe</h2>"#).unwrap();
    let led = measures
        .find(r#"<h2 id="domain-well-led">Well-led</h2>"#)
        .unwrap();
    assert!(safe < led);
    assert!(measures.contains(r#"class="sparkline""#));
    assert!(measures.contains("<td>50%</td>"), "the target");
    // 90 is far above the limits of a series around 71.5: a concern, and a fail.
    for name in [
        "Special cause variation of a concerning nature: higher values",
        "The process will consistently fail to meet the target",
    ] {
        assert!(
            measures.contains(&format!(
                r#"role="img" xmlns="http://www.w3.org/2000/svg"><title>{name}</title>"#
            )),
            "{name}"
        );
    }
    assert!(measures.contains(">Concern (high)</span>"));
    let page = read(&site, "measures/tension.html");
    assert!(page.contains(r#"<svg class="mdc-icon concern""#));
    // Beside its name in full the icon is not read out as well.
    assert!(page.contains(
        r#"<span class="icon-cell"><span aria-hidden="true"><svg class="mdc-icon concern""#
    ));
    let index = read(&site, "index.html");
    assert!(index.contains(r#"<p class="tile-icons"><svg class="mdc-icon concern""#));
    assert!(index.contains("90% (January 2026)"), "{index}");
    // An initiative, one of thousands, shows the icons from their files with their names.
    let initiative = read(&site, "initiatives/pairs.html");
    assert!(initiative.contains(
        r#"<img class="mdc-icon-small" src="../static/icons/variation-concern-high.svg" alt="""#
    ));
    assert!(
        initiative.contains("Variation: Concern (high)")
            && initiative.contains("Assurance: Consistently fails")
    );
    let icon = read(&site, "static/icons/variation-concern-high.svg");
    assert!(icon.starts_with("<svg") && icon.contains("xmlns="));
    for file in [
        "index.html",
        "measures.html",
        "measures/tension.html",
        "initiatives/pairs.html",
    ] {
        let text = visible_text(&read(&site, file));
        for code in [
            "concern-high",
            "improvement-high",
            "hit-or-miss",
            "common-cause",
            ", fail",
        ] {
            assert!(!text.contains(code), "{file} shows {code}");
        }
    }
}

/// Each `<text>` of every chart in `html` whose box, estimated at an average letter width
/// of 0.55 em (wide fonts such as DejaVu Sans average about that), leaves its SVG's viewBox: (text, why).
fn texts_outside_charts(html: &str) -> Vec<(String, String)> {
    let attribute = |tag: &str, name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[start..].split('"').next()?.parse().ok()
    };
    let mut outside = Vec::new();
    for chart in html.split("<svg class=\"chart").skip(1) {
        let chart = &chart[..chart.find("</svg>").expect("a chart is closed")];
        let open = &chart[..chart.find('>').unwrap()];
        let view: Vec<f64> = open
            .split("viewBox=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .expect("a chart has a viewBox")
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let size = attribute(open, "font-size").expect("a chart sets its font size");
        for text in chart.split("<text").skip(1) {
            let tag = &text[..text.find('>').unwrap()];
            let content = &text[tag.len() + 1..text.find("</text>").unwrap()];
            let chars = content
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .chars()
                .count() as f64;
            let (x, y) = (attribute(tag, "x").unwrap(), attribute(tag, "y").unwrap());
            let width = chars * size * 0.55;
            let left = if tag.contains("text-anchor=\"end\"") {
                x - width
            } else if tag.contains("text-anchor=\"middle\"") {
                x - width / 2.0
            } else {
                x
            };
            if left < view[0] || left + width > view[0] + view[2] {
                outside.push((
                    content.to_string(),
                    format!("x {left:.0} to {:.0} of {}", left + width, view[2]),
                ));
            }
            if y - size < view[1] || y > view[1] + view[3] {
                outside.push((content.to_string(), format!("y {y} of {}", view[3])));
            }
        }
    }
    outside
}

#[test]
fn issue_16_every_chart_keeps_its_text_inside() {
    let mut points = String::new();
    for (i, value) in [
        1e12, -1e12, 3.0, 5e11, 0.5, 7.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0,
    ]
    .iter()
    .enumerate()
    {
        let extra = match i {
            3 => ", note: a note with <b>markup</b> & more",
            6 => ", rebase: true",
            13 => ", target: 999999999999",
            _ => "",
        };
        points.push_str(&format!(
            "  - {{ period: 2026-01-{:02}, value: {value}{extra} }}\n",
            i + 1
        ));
    }
    let hostile = format!(
        "title: A measure whose title goes on and on, well past what any chart could hold on one line of text\n\
         unit: patients seen within eighteen weeks of referral per thousand population\n\
         improvement: up\ntarget: 5\npoints:\n{points}"
    );
    let project = crate::common::valid_with(&[("content/measures/hostile.yaml", &hostile)]);
    let own = build(project.path(), &[]);
    let example = build(&example(), &[]);
    let mut charts = 0;
    for site in [own.path().join("site"), example.path().join("site")] {
        for (page, html) in texts(&site)
            .into_iter()
            .filter(|(p, _)| p.ends_with(".html"))
        {
            charts += html.matches("<svg class=\"chart").count();
            let outside = texts_outside_charts(&html);
            assert!(
                outside.is_empty(),
                "{page}: text outside its chart: {outside:?}"
            );
        }
    }
    assert!(charts >= 10, "only {charts} charts were checked");
    let hostile = read(&own, "measures/hostile.html");
    assert!(hostile.contains(">rebased</text>"));
    assert!(hostile.contains("class=\"note-mark\""));
    assert!(hostile.contains(
        "<li value=\"1\">4 January 2026: a note with &lt;b&gt;markup&lt;/b&gt; &amp; more</li>"
    ));
}

/// The search index a build wrote, as data.
fn search_index(site: &tempfile::TempDir) -> serde_json::Value {
    let script = read(site, "search-index.js");
    let json = script
        .strip_prefix("window.boardpackSearch = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("the index is a script setting window.boardpackSearch");
    serde_json::from_str(json).expect("the index is JSON")
}

#[test]
fn issue_16_search_box_page_and_index() {
    let site = build(&example(), &[]);
    let root = site.path().join("site");
    let index = search_index(&site);
    let docs = index["docs"].as_array().unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        docs.iter().map(|d| d[0].as_str().unwrap()).collect();
    for kind in [
        "Person",
        "Initiative",
        "Measure",
        "Meeting",
        "Page",
        "Survey",
        "Section",
    ] {
        assert!(kinds.contains(kind), "no {kind} in the index: {kinds:?}");
    }
    for doc in docs {
        let href = doc[2].as_str().unwrap();
        let file = href.split('#').next().unwrap();
        assert!(root.join(file).is_file(), "{href} names no page");
        if let Some((_, anchor)) = href.split_once('#') {
            let page = read(&site, file);
            assert!(
                page.contains(&format!("id=\"{anchor}\"")),
                "{href}: no such anchor"
            );
        }
    }
    let words: Vec<&str> = index["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    // Found by name, title, tag, category and the words of a body.
    for word in ["okafor", "paired", "workforce", "clinicians", "foreword"] {
        assert!(
            words.binary_search(&word).is_ok(),
            "{word} is not in the index"
        );
    }
    assert_eq!(words.len(), index["hits"].as_array().unwrap().len());
    // The titles of the documents `word` is found in: each hit is `document × 3 + field`,
    // written as the difference from the one before.
    let found = |word: &str| -> Vec<String> {
        let at = words
            .binary_search(&word)
            .unwrap_or_else(|_| panic!("{word}"));
        let mut hit = 0;
        index["hits"][at]
            .as_array()
            .unwrap()
            .iter()
            .map(|delta| {
                hit += delta.as_u64().unwrap() as usize;
                docs[hit / 3][1].to_string()
            })
            .collect()
    };
    // A declared interest finds the person who declared it and the meeting they declared
    // it at; a member's name the meetings they sat at; "quorate" the meeting that was not.
    let consultancy = found("consultancy");
    assert!(
        consultancy.iter().any(|t| t.contains("Catherine Doyle")),
        "{consultancy:?}"
    );
    let psychology = found("psychology");
    assert!(
        psychology.iter().any(|t| t.contains("Ian McBride")),
        "{psychology:?}"
    );
    assert!(
        psychology.iter().any(|t| t.contains("May 2026")),
        "{psychology:?}"
    );
    let osei = found("osei");
    assert!(
        osei.iter()
            .filter(|t| t.contains("Board of directors"))
            .count()
            >= 3,
        "{osei:?}"
    );
    let quorate = found("quorate");
    assert!(quorate.iter().any(|t| t.contains("Audit")), "{quorate:?}");

    for (page, html) in texts(&root)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        if page == "search.html" {
            continue;
        }
        assert!(
            html.contains("<input type=\"search\""),
            "{page} has no search box"
        );
        assert!(html.contains("search.html\" method=\"get\""), "{page}");
    }
    let search = read(&site, "search.html");
    assert!(search.contains(r#"<script src="search-index.js"></script>"#));
    assert!(search.contains(r#"<script src="static/search.js"></script>"#));
    assert!(search.contains("id=\"search-without-script\""));
    assert!(root.join("static/search.js").is_file());
    // Nothing from elsewhere: no address with a scheme in a script or link.
    for (page, text) in texts(&root) {
        if page.ends_with(".html") || page.ends_with(".js") {
            assert!(
                !text.contains("src=\"http"),
                "{page} loads from another site"
            );
        }
    }
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("search.html") && !sitemap.contains("search-index.js"));
}

/// `boardpack build` writes each page while the build runs (`Project::build_to`): the
/// site it leaves is the one a build held in memory and written at the end makes, file
/// for file (the sitemap lists the pages it never held), and it holds no page until then.
#[test]
fn a_site_written_while_it_builds_is_the_site_built_in_memory() {
    use boardpack::{BuildOptions, Project, Timings};
    let project = valid_copy();
    let built = Project::new(project.path());
    let (streamed, whole) = (project.path().join("a"), project.path().join("b"));
    let mut site = built
        .build_to(BuildOptions::default(), &streamed, &mut Timings::default())
        .unwrap();
    let held: Vec<&String> = site
        .files
        .iter()
        .map(|(path, _)| path)
        .filter(|path| path.ends_with(".html"))
        .collect();
    assert!(held.is_empty(), "pages held until the end: {held:?}");
    let count = site.count();
    site.write(&streamed).unwrap();
    assert!(
        site.write(&streamed).is_err(),
        "its pages were written once"
    );
    // Nor to a folder it was not built for: its pages are in its own staging folder,
    // which goes.
    let elsewhere = project.path().join("c");
    let mut other = built
        .build_to(BuildOptions::default(), &streamed, &mut Timings::default())
        .unwrap();
    assert!(other.write(&elsewhere).is_err());
    assert!(other.write(&streamed).is_err(), "its pages are gone");
    assert!(!elsewhere.exists());
    let beside = crate::common::left_beside(project.path());
    assert!(beside.is_empty(), "{beside:?}");
    let mut site = built
        .build(BuildOptions::default(), &mut Timings::default())
        .unwrap();
    assert_eq!(count, site.count());
    site.write(&whole).unwrap();
    assert_eq!(tree(&streamed), tree(&whole));
}

/// INDICATORS.md: a list value is sorted by the ids of what it is about, whatever order
/// the pages show it in (the overdue actions were in the action log's, the longest overdue
/// first). Read from the example's committed site, which another test keeps equal to a
/// fresh build.
#[test]
fn every_list_in_the_indicators_is_sorted_by_id() {
    let json: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(example().join("site/data/indicators.json")).unwrap(),
    )
    .unwrap();
    let mut lists = 0;
    for (id, entry) in json.as_object().unwrap() {
        let Some(items) = entry["value"].as_array() else {
            continue;
        };
        let ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
        if ids.is_empty() {
            continue;
        }
        lists += 1;
        assert!(ids.is_sorted(), "{id}: {ids:?}");
    }
    assert!(lists >= 10, "{lists}");
    let overdue = &json["governance.actions_overdue"]["value"];
    assert!(overdue.as_array().unwrap().len() > 1, "{overdue}");
}

/// A person's page shows the board's flags that name them, and an attendance rate below
/// the minimum says so, as the board page does: their own page said nothing of either.
#[test]
fn a_person_page_shows_the_flags_about_them() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let site = build(&fixture, &[]);
    let jo = read(&site, "people/jo-bell.html");
    let flags = &jo[jo
        .find(r#"<h2 id="flags">Flags</h2>"#)
        .expect("a Flags section")..];
    let flags = &flags[..flags.find("</section>").unwrap()];
    assert!(
        flags.contains(r#"<span class="badge status-warn">Attention</span> <a href="../board.html#flags">Members with no fit and proper assessment in the last 365 days</a>: no assessment recorded</li>"#),
        "{flags}"
    );
    assert!(
        flags.contains("in post 6 years 8 months (since 1 January 2020)"),
        "{flags}"
    );
    // Only their own: Sam Lee has a fit and proper flag as well, not shown on Jo's page.
    assert_eq!(flags.matches("<li>").count(), 2, "{flags}");
    let sam = read(&site, "people/sam-lee.html");
    assert!(
        sam.contains(r#"0% (0 of 1) <span class="badge status-warn">Below minimum</span>"#),
        "{sam}"
    );
    assert!(!jo.contains("Below minimum"));
    // Someone no flag names has no Flags section.
    let ali = read(&site, "people/ali-khan.html");
    assert!(!ali.contains(r#"id="flags""#));
}
