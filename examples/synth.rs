//! Writes a large, valid synthetic project for benchmarks:
//! `cargo run --release --example synth -- N DIR [--hugo HUGO_DIR] [--zola ZOLA_DIR]`.
//!
//! N initiatives (Markdown narratives of about 300 words with headings, a list, a table and
//! emphasis), N/10 people (at least 12, the board among them), N/20 meetings (at least 1),
//! N/50 measures (at least 1) of 24 monthly points, and 4 surveys. The same N always gives
//! the same files. With `--hugo`, the same initiatives are also written as a Hugo site with
//! a minimal theme (a list page and one page per initiative with the same fields), and with
//! `--zola` as a Zola site with the same templates, so the generators can be timed on the
//! same pages.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

const AS_OF: &str = "2026-09-30";
const CATEGORIES: [&str; 10] = [
    "paired-learning",
    "shadowing",
    "clinicians-in-management",
    "informal-interaction",
    "joint-training",
    "time-management",
    "delegation",
    "feedback",
    "quality-improvement",
    "other",
];
const STATUSES: [&str; 5] = ["proposed", "active", "completed", "paused", "cancelled"];
const RAGS: [&str; 3] = ["green", "amber", "red"];
const BOARD: [(&str, &str); 12] = [
    ("chair", "lay"),
    ("chief-executive", "manager"),
    ("medical-director", "doctor"),
    ("nursing-director", "nurse"),
    ("finance-director", "finance"),
    ("executive-director", "manager"),
    ("executive-director", "ahp"),
    ("non-executive-director", "lay"),
    ("non-executive-director", "finance"),
    ("non-executive-director", "doctor"),
    ("non-executive-director", "lay"),
    ("non-executive-director", "nurse"),
];
const PROFESSIONS: [&str; 8] = [
    "doctor",
    "nurse",
    "midwife",
    "ahp",
    "pharmacist",
    "manager",
    "psychologist",
    "healthcare-scientist",
];
const WORDS: [&str; 40] = [
    "clinicians",
    "managers",
    "partnership",
    "ward",
    "service",
    "patients",
    "pathway",
    "rota",
    "budget",
    "learning",
    "shadowing",
    "meeting",
    "decision",
    "team",
    "quality",
    "safety",
    "trust",
    "time",
    "plan",
    "review",
    "the",
    "and",
    "with",
    "for",
    "each",
    "month",
    "shared",
    "joint",
    "clinic",
    "theatre",
    "outpatient",
    "discharge",
    "flow",
    "feedback",
    "coaching",
    "director",
    "lead",
    "nurse",
    "consultant",
    "board",
];

/// A small deterministic generator (64-bit LCG), so the output depends only on N.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn words(&mut self, count: usize) -> String {
        let mut text = String::new();
        for i in 0..count {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(WORDS[self.below(WORDS.len())]);
        }
        text
    }
}

struct Counts {
    initiatives: usize,
    people: usize,
    meetings: usize,
    measures: usize,
}

impl Counts {
    fn of(n: usize) -> Counts {
        Counts {
            initiatives: n,
            people: (n / 10).max(BOARD.len()),
            meetings: (n / 20).max(1),
            measures: (n / 50).max(1),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || {
        eprintln!("usage: synth N DIR [--hugo HUGO_DIR] [--zola ZOLA_DIR]");
        ExitCode::from(2)
    };
    let [n, dir, rest @ ..] = args.as_slice() else {
        return usage();
    };
    let (mut hugo, mut zola) = (None, None);
    for pair in rest.chunks(2) {
        match pair {
            [flag, path] if flag == "--hugo" => hugo = Some(path),
            [flag, path] if flag == "--zola" => zola = Some(path),
            _ => return usage(),
        }
    }
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a whole number, not `{n}`");
        return ExitCode::from(2);
    };
    let written = project(n, Path::new(dir))
        .and_then(|()| hugo.map_or(Ok(()), |h| hugo_site(n, Path::new(h))))
        .and_then(|()| zola.map_or(Ok(()), |z| zola_site(n, Path::new(z))));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("could not write the project: {error}");
            ExitCode::from(1)
        }
    }
}

fn person_id(i: usize) -> String {
    format!("person-{i:05}")
}

fn measure_id(i: usize) -> String {
    format!("measure-{i:04}")
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

/// A date `days` before the report date, as `YYYY-MM-DD`, on a simple calendar of 28-day
/// months so every date is valid.
fn days_before(days: usize) -> String {
    let day_number = 2026 * 336 + 8 * 28 + 28 - days;
    let (year, rest) = (day_number / 336, day_number % 336);
    format!("{year}-{:02}-{:02}", rest / 28 + 1, rest % 28 + 1)
}

fn project(n: usize, dir: &Path) -> std::io::Result<()> {
    let counts = Counts::of(n);
    let mut rng = Rng(n as u64 ^ 0x5eed);
    write(
        &dir.join("boardpack.yaml"),
        &format!(
            "title: Synthetic report ({n} initiatives)\norganisation: Synthetic NHS Trust\nas_of: {AS_OF}\n"
        ),
    )?;
    let content = dir.join("content");

    for i in 0..counts.people {
        let mut text = format!("name: Person {i}\n");
        match BOARD.get(i) {
            Some((role, profession)) => {
                let committees = if role.starts_with("non-executive") {
                    "\n  committees: [audit, quality]"
                } else {
                    ""
                };
                write!(
                    text,
                    "profession: {profession}\nboard:\n  role: {role}\n  first_appointed: 2021-04-01\n  term_ends: 2028-03-31{committees}\n"
                )
                .unwrap();
                if *profession == "doctor" || *profession == "nurse" {
                    text.push_str("job_plan: { clinical: 6, management: 4 }\n");
                }
            }
            None => {
                let profession = PROFESSIONS[rng.below(PROFESSIONS.len())];
                writeln!(text, "profession: {profession}").unwrap();
            }
        }
        write(
            &content.join(format!("people/{}.yaml", person_id(i))),
            &text,
        )?;
    }

    for i in 0..counts.meetings {
        let date = days_before(1 + i * 600 / counts.meetings);
        let present: Vec<String> = (0..BOARD.len())
            .filter(|_| rng.below(10) > 0)
            .map(person_id)
            .collect();
        let apologies: Vec<String> = (0..BOARD.len())
            .filter(|p| !present.contains(&person_id(*p)))
            .map(person_id)
            .collect();
        let text = format!(
            "date: {date}\ntitle: Board meeting {i}\npresent: [{}]\napologies: [{}]\nquorate: true\n",
            present.join(", "),
            apologies.join(", ")
        );
        write(
            &content.join(format!("meetings/meeting-{i:05}.yaml")),
            &text,
        )?;
    }

    for i in 0..counts.measures {
        let mut text = format!(
            "title: Measure {i}\nunit: hours\nimprovement: {}\npoints:\n",
            if i % 2 == 0 { "up" } else { "down" }
        );
        let base = 20 + rng.below(40);
        for month in 0..24 {
            let (year, m) = (2024 + (month + 9) / 12, (month + 9) % 12 + 1);
            let value = base + rng.below(15) + if month > 15 { 8 } else { 0 };
            writeln!(text, "  - {{ period: {year}-{m:02}, value: {value} }}").unwrap();
        }
        write(
            &content.join(format!("measures/{}.yaml", measure_id(i))),
            &text,
        )?;
    }

    for (i, year) in [2023, 2024, 2025, 2026].iter().enumerate() {
        let (a, b, c, d) = (10 + i * 3, 50, 45 - i * 2, 20 - i * 2);
        let total = a + b + c + d;
        let text = format!(
            "title: Relationship survey {year}\ndate: {year}-06-30\nrespondents: {total}\nrelationship:\n  partnership: {a}\n  partnership-with-tensions: {b}\n  tolerance-with-frequent-tensions: {c}\n  persistent-unresolved-tensions: {d}\noutlook: {{ better: {}, same: {}, worse: {} }}\n",
            total / 4,
            total / 2,
            total - total / 4 - total / 2
        );
        write(&content.join(format!("surveys/survey-{year}.yaml")), &text)?;
    }

    for (i, initiative) in initiatives(n, &counts).iter().enumerate() {
        let mut text = String::from("---\n");
        text.push_str(&initiative.front_matter);
        writeln!(text, "lead: {}", initiative.lead).unwrap();
        writeln!(text, "sponsor: {}", person_id(1 + i % 6)).unwrap();
        writeln!(
            text,
            "milestones:\n  - {{ title: Launch, due: 2026-03-01, done: 2026-02-20 }}\n  - {{ title: Review, due: 2026-12-01 }}"
        )
        .unwrap();
        if i % 5 == 0 {
            writeln!(text, "measures: [{}]", measure_id(i % counts.measures)).unwrap();
        }
        text.push_str("---\n");
        text.push_str(&initiative.body);
        write(
            &content.join(format!("initiatives/{}.md", initiative.id)),
            &text,
        )?;
    }
    Ok(())
}

/// What both generators get of an initiative.
struct Initiative {
    id: String,
    /// Front matter lines common to boardpack and Hugo.
    front_matter: String,
    lead: String,
    body: String,
}

fn initiatives(n: usize, counts: &Counts) -> Vec<Initiative> {
    let mut rng = Rng(n as u64 ^ 0x1417);
    (0..counts.initiatives)
        .map(|i| {
            let front_matter = format!(
                "title: Initiative {i}, {}\ncategory: {}\nstatus: {}\nrag: {}\nstart: 2026-01-{:02}\ndue: 2027-{:02}-28\nbudget: {}\nspent: {}\n",
                rng.words(3),
                CATEGORIES[i % CATEGORIES.len()],
                STATUSES[rng.below(STATUSES.len())],
                RAGS[rng.below(RAGS.len())],
                1 + rng.below(28),
                1 + rng.below(12),
                1000 * (5 + rng.below(50)),
                1000 * rng.below(5),
            );
            Initiative {
                id: format!("initiative-{i:05}"),
                front_matter,
                lead: match counts.people - BOARD.len() {
                    0 => person_id(rng.below(BOARD.len())),
                    others => person_id(BOARD.len() + rng.below(others)),
                },
                body: narrative(&mut rng),
            }
        })
        .collect()
}

/// About 300 words of Markdown: headings, paragraphs with emphasis, a list and a table.
fn narrative(rng: &mut Rng) -> String {
    let mut text = String::new();
    for section in ["Why", "Progress", "Next steps"] {
        writeln!(text, "## {section}\n").unwrap();
        writeln!(
            text,
            "{} *{}* {} **{}** {}.\n",
            rng.words(25),
            rng.words(2),
            rng.words(20),
            rng.words(2),
            rng.words(15)
        )
        .unwrap();
    }
    text.push_str("- ");
    text.push_str(&rng.words(8));
    text.push_str("\n- ");
    text.push_str(&rng.words(8));
    text.push_str("\n- ");
    text.push_str(&rng.words(8));
    text.push_str("\n\n| Quarter | Clinicians | Managers |\n| --- | --- | --- |\n");
    for quarter in 1..=4 {
        writeln!(
            text,
            "| Q{quarter} | {} | {} |",
            rng.below(30),
            rng.below(30)
        )
        .unwrap();
    }
    text
}

/// The same initiatives as a Hugo site with a minimal theme.
fn hugo_site(n: usize, dir: &Path) -> std::io::Result<()> {
    let counts = Counts::of(n);
    write(
        &dir.join("hugo.toml"),
        "baseURL = '/'\ntitle = 'Synthetic report'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT']\nrelativeURLs = true\n",
    )?;
    write(
        &dir.join("layouts/_default/baseof.html"),
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    )?;
    write(
        &dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<table><thead><tr><th>Initiative</th><th>Category</th><th>Status</th><th>RAG</th><th>Lead</th><th>Due</th><th>Budget</th></tr></thead><tbody>\n{{ range .Pages }}<tr><td><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></td><td>{{ .Params.category }}</td><td>{{ .Params.status }}</td><td>{{ .Params.rag }}</td><td>{{ .Params.lead }}</td><td>{{ .Params.due }}</td><td>{{ .Params.budget }}</td></tr>\n{{ end }}</tbody></table>{{ end }}\n",
    )?;
    write(
        &dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<dl><dt>Category</dt><dd>{{ .Params.category }}</dd><dt>Status</dt><dd>{{ .Params.status }}</dd><dt>RAG</dt><dd>{{ .Params.rag }}</dd><dt>Lead</dt><dd>{{ .Params.lead }}</dd><dt>Start</dt><dd>{{ .Params.start }}</dd><dt>Due</dt><dd>{{ .Params.due }}</dd><dt>Budget</dt><dd>{{ .Params.budget }}</dd><dt>Spent</dt><dd>{{ .Params.spent }}</dd></dl>\n{{ .Content }}{{ end }}\n",
    )?;
    write(
        &dir.join("layouts/index.html"),
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><p><a href=\"initiatives/\">Initiatives</a></p>{{ end }}\n",
    )?;
    write(
        &dir.join("content/initiatives/_index.md"),
        "---\ntitle: Initiatives\n---\n",
    )?;
    for initiative in initiatives(n, &counts) {
        let front_matter = &initiative.front_matter;
        write(
            &dir.join(format!("content/initiatives/{}.md", initiative.id)),
            &format!(
                "---\n{front_matter}lead: {}\n---\n{}",
                initiative.lead, initiative.body
            ),
        )?;
    }
    Ok(())
}

/// The same initiatives as a Zola site, with templates that show what the Hugo ones show.
fn zola_site(n: usize, dir: &Path) -> std::io::Result<()> {
    let counts = Counts::of(n);
    write(
        &dir.join("config.toml"),
        "base_url = \"/\"\ntitle = \"Synthetic report\"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n",
    )?;
    write(
        &dir.join("templates/base.html"),
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>\n<body><main>{% block main %}{% endblock %}</main></body></html>\n",
    )?;
    write(
        &dir.join("templates/section.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1>\n<table><thead><tr><th>Initiative</th><th>Category</th><th>Status</th><th>RAG</th><th>Lead</th><th>Due</th><th>Budget</th></tr></thead><tbody>\n{% for page in section.pages %}<tr><td><a href=\"{{ page.permalink }}\">{{ page.title }}</a></td><td>{{ page.extra.category }}</td><td>{{ page.extra.status }}</td><td>{{ page.extra.rag }}</td><td>{{ page.extra.lead }}</td><td>{{ page.extra.due }}</td><td>{{ page.extra.budget }}</td></tr>\n{% endfor %}</tbody></table>{% endblock %}\n",
    )?;
    write(
        &dir.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\n<dl><dt>Category</dt><dd>{{ page.extra.category }}</dd><dt>Status</dt><dd>{{ page.extra.status }}</dd><dt>RAG</dt><dd>{{ page.extra.rag }}</dd><dt>Lead</dt><dd>{{ page.extra.lead }}</dd><dt>Start</dt><dd>{{ page.extra.start }}</dd><dt>Due</dt><dd>{{ page.extra.due }}</dd><dt>Budget</dt><dd>{{ page.extra.budget }}</dd><dt>Spent</dt><dd>{{ page.extra.spent }}</dd></dl>\n{{ page.content | safe }}{% endblock %}\n",
    )?;
    write(
        &dir.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ config.title }}</h1><p><a href=\"initiatives/\">Initiatives</a></p>{% endblock %}\n",
    )?;
    write(&dir.join("content/_index.md"), "+++\n+++\n")?;
    write(
        &dir.join("content/initiatives/_index.md"),
        "+++\ntitle = \"Initiatives\"\nsort_by = \"title\"\n+++\n",
    )?;
    for initiative in initiatives(n, &counts) {
        // The same fields in TOML, Zola's front matter: the title at the top, the rest as
        // `extra`, every value a string as Hugo's templates show them.
        let mut title = String::new();
        let mut extra = String::new();
        for line in initiative.front_matter.lines() {
            let Some((key, value)) = line.split_once(": ") else {
                continue;
            };
            let value = value.replace('\\', "\\\\").replace('"', "\\\"");
            if key == "title" {
                title = value;
            } else {
                writeln!(extra, "{key} = \"{value}\"").unwrap();
            }
        }
        write(
            &dir.join(format!("content/initiatives/{}.md", initiative.id)),
            &format!(
                "+++\ntitle = \"{title}\"\n[extra]\n{extra}lead = \"{}\"\n+++\n{}",
                initiative.lead, initiative.body
            ),
        )?;
    }
    Ok(())
}
