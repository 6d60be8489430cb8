//! Links and images in Markdown bodies: an image with no alt text, and a link or image to
//! a file the site does not have, are warnings at their line (FORMAT.md v2). The page is
//! still built: pulldown-cmark gives an image without text `alt=""`, which is valid HTML.
//!
//! A link to a record, `@/kind/id`, must name one: an unknown kind or id is an error; a
//! record this build leaves out (a draft or confidential one) a warning, and the link is
//! shown as plain text.

use super::Records;
use crate::diagnostic::{Diagnostic, Places};
use crate::markdown::{self, Reference};
use crate::records::{Fields, Id, Kind, Record, Visit, keyword};
use crate::urls;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The records a build leaves out, moved aside as they are: so a link to one can say why
/// it is not shown, and the papers only they name are left out too. Kept apart rather than
/// as a set of every id: after a save at thousands of records, two such sets were made for
/// a handful of records left out.
#[derive(Default)]
pub struct LeftOut {
    /// Drafts and confidential records, and the actions of meetings left out with them.
    pub hidden: Records,
    /// Records dated after the report date.
    pub later: Records,
}

/// How a warning ends that names a record this build leaves out (a draft or confidential
/// one): such warnings are said in the terminal, not on a preview's pages, which someone
/// shown a public preview could read.
pub const LEAVES_OUT: &str = "which this build leaves out";

pub fn check(
    records: &Records,
    left_out: &LeftOut,
    files: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    let site = Site {
        records,
        files,
        paths: OnceCell::new(),
    };
    records.visit(&mut Bodies {
        site: &site,
        records,
        left_out,
        problems,
    });
    hidden_references(records, left_out, problems);
}

/// How a warning names a record this build leaves out as hidden: "a confidential
/// measure", "a draft page" (confidential first: `--drafts` alone does not bring it in), or
/// an action left out with its meeting. `None` if it is not among them.
fn hidden_record(left_out: &LeftOut, kind: Kind, id: &str) -> Option<String> {
    let (draft, confidential) = left_out.hidden.marks_of(kind, id)?;
    let noun = kind.noun();
    Some(if confidential {
        format!("a confidential {noun}")
    } else if draft {
        format!("a draft {noun}")
    } else {
        format!(
            "{} agreed at a draft or confidential meeting",
            crate::words::a(noun)
        )
    })
}

/// A field naming a record this build leaves out as a draft or confidential one: the page
/// shows the rest without it (or "not shown" in a person's place), as a body shows such a
/// link as text, and says so here rather than drop it without a word (an agenda item
/// "about" nothing, a member missing from a meeting's attendance).
///
/// One warning for each such record, at the first place that names it, with the others in
/// its help: a confidential member named in every meeting's attendance, or a measure on
/// every agenda, gave a warning for each on every build.
fn hidden_references(records: &Records, left_out: &LeftOut, problems: &mut Vec<Diagnostic>) {
    let mut places: BTreeMap<(Kind, String), Vec<(Diagnostic, &str)>> = BTreeMap::new();
    let mut note = |origin: crate::yaml::Origin<'_>,
                    field: &str,
                    kind: Kind,
                    id: &crate::records::Located<String>,
                    shown: &'static str| {
        if records.digest_of(kind, &id.value).is_some() {
            return;
        }
        let Some(hidden) = hidden_record(left_out, kind, &id.value) else {
            return;
        };
        let warning = origin.warning_at(
            &id.location,
            format!("`{field}`: `{}` is {hidden}, {LEAVES_OUT}", id.value),
        );
        places
            .entry((kind, id.value.clone()))
            .or_default()
            .push((warning, shown));
    };
    for meeting in records.meetings.values() {
        let origin = meeting.origin();
        let fields = &meeting.fields;
        for (list, entries) in fields.lists() {
            for id in entries {
                note(
                    origin,
                    list,
                    Kind::Person,
                    id,
                    "the meeting's attendance is shown without them",
                );
            }
        }
        for item in &fields.agenda {
            if let Some(id) = &item.presenter {
                note(
                    origin,
                    "agenda.presenter",
                    Kind::Person,
                    id,
                    "the agenda item says \"not shown\" for its presenter",
                );
            }
            for id in &item.initiatives {
                note(
                    origin,
                    "agenda.initiatives",
                    Kind::Initiative,
                    id,
                    "the agenda item is shown without it",
                );
            }
            for id in &item.measures {
                note(
                    origin,
                    "agenda.measures",
                    Kind::Measure,
                    id,
                    "the agenda item is shown without it",
                );
            }
        }
        for declaration in &fields.declarations {
            note(
                origin,
                "declarations.person",
                Kind::Person,
                &declaration.person,
                "the declaration is left out of the meeting's page, since it would tell of them",
            );
        }
    }
    for initiative in records.initiatives.values() {
        let origin = initiative.origin();
        let fields = &initiative.fields;
        note(
            origin,
            "lead",
            Kind::Person,
            &fields.lead,
            "the initiative says \"not shown\" for its lead",
        );
        if let Some(id) = &fields.sponsor {
            note(
                origin,
                "sponsor",
                Kind::Person,
                id,
                "the initiative says \"not shown\" for its sponsor",
            );
        }
        for id in &fields.measures {
            note(
                origin,
                "measures",
                Kind::Measure,
                id,
                "the initiative is shown without it",
            );
        }
    }
    for action in records.actions.values() {
        let origin = action.origin();
        note(
            origin,
            "owner",
            Kind::Person,
            &action.fields.owner,
            "the action says \"not shown\" for its owner",
        );
        if let Some(id) = &action.fields.initiative {
            note(
                origin,
                "initiative",
                Kind::Initiative,
                id,
                "the action is shown without it",
            );
        }
    }
    for ((kind, _), mut found) in places {
        found.sort_by(|(a, _), (b, _)| {
            (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column))
        });
        let (them, are) = if kind == Kind::Person {
            ("them", "they are")
        } else {
            ("it", "it is")
        };
        let mut found = found.into_iter();
        let Some((first, shown)) = found.next() else {
            continue;
        };
        let others: Vec<String> = found
            .map(|(p, _)| format!("{}:{}", p.file, p.line))
            .collect();
        let also = match others.as_slice() {
            [] => String::new(),
            [one] => format!("; 1 more place names {them} ({one})"),
            [listed @ .., last] if listed.len() < 3 => format!(
                "; {} more places name {them} ({} and {last})",
                others.len(),
                listed.join(", ")
            ),
            _ => format!(
                "; {} more places name {them} ({} and {} more)",
                others.len(),
                others[..3].join(", "),
                others.len() - 3
            ),
        };
        problems.push(first.with_help(format!(
            "{shown}{also}; {are} named in a build that includes that record"
        )));
    }
}

/// The paths of the site's files a body may link to. Made the first time a body links to
/// one: most bodies link to none, and at thousands of records making every page's path
/// was a tenth of the checks after a save.
struct Site<'a> {
    records: &'a Records,
    files: &'a BTreeSet<String>,
    paths: OnceCell<HashSet<String>>,
}

impl Site<'_> {
    fn has(&self, path: &str) -> bool {
        self.paths.get_or_init(|| self.paths()).contains(path)
    }

    fn paths(&self) -> HashSet<String> {
        let mut paths = Paths::default();
        self.records.visit(&mut paths);
        let mut site = paths.0;
        site.extend(
            urls::FIXED
                .iter()
                .chain(&urls::EXPORTS)
                .map(|p| p.to_string()),
        );
        // Few categories and stages, many initiatives: each page's path is made once.
        let mut categories = BTreeSet::new();
        let mut stages = BTreeSet::new();
        for record in self.records.initiatives.values() {
            categories.insert(&record.fields.category);
            stages.insert(&record.fields.status.value);
        }
        site.extend(categories.into_iter().map(|c| urls::category(&keyword(c))));
        site.extend(stages.into_iter().map(|s| urls::status(&keyword(s))));
        site.extend(
            self.files
                .iter()
                .map(|file| format!("{}{file}", urls::FILES)),
        );
        site
    }
}

/// The pages of every record that gets one.
#[derive(Default)]
struct Paths(HashSet<String>);

impl Visit for Paths {
    fn kind<T: Fields>(&mut self, records: &BTreeMap<Id, Record<T>>) {
        if let Some(page) = T::KIND.page() {
            self.0.extend(records.keys().map(|id| page(id)));
        }
    }
}

/// Checks the bodies of every record shown on a page of its own.
struct Bodies<'a> {
    site: &'a Site<'a>,
    records: &'a Records,
    left_out: &'a LeftOut,
    problems: &'a mut Vec<Diagnostic>,
}

impl Visit for Bodies<'_> {
    fn kind<T: Fields>(&mut self, records: &BTreeMap<Id, Record<T>>) {
        // `./` and `../` links start from the page's folder (`people/`).
        let Some(dir) = T::KIND.page_folder() else {
            return;
        };
        let dir = dir.as_str();
        for record in records.values() {
            if let Some(body) = &record.body {
                check_body(&record.file, dir, body, self.site, self.problems);
                check_record_links(
                    &record.file,
                    body,
                    self.records,
                    self.left_out,
                    self.problems,
                );
            }
        }
    }
}

fn check_body(
    file: &str,
    dir: &str,
    body: &crate::records::Body,
    site: &Site,
    problems: &mut Vec<Diagnostic>,
) {
    // Where a reference is, only for one with a problem: counting lines is most of the work.
    // References come in order, so each is counted on from the last.
    let mut places = Places::new(&body.markdown, body.first_line);
    for reference in body.references.iter() {
        let Reference {
            url,
            image,
            no_alt,
            no_text,
            linked,
            ..
        } = &reference;
        // Placed and measured only for a reference with a problem.
        let mut warn = |message: String, help: String| {
            let (line, column) = places.of(reference.offset);
            problems.push(
                Diagnostic::warning(file, line, column, message)
                    .with_width(link_width(&body.markdown, reference.offset, url))
                    .with_help(help),
            );
        };
        if *no_alt && *linked {
            // The link's only content: its alt text is the link's name.
            warn(
                "this image has no alt text, and it is all its link shows, so a screen reader announces the link only as \"link\"".into(),
                "say where the link leads between the image's brackets, as in `[![Jo Bell](files/jo.png)](@/people/jo-bell)`; until then the page gives the image the link's name or address".into(),
            );
        } else if *no_alt {
            warn(
                "this image has no alt text".into(),
                "describe it between the brackets, as in `![Attendance at the September board](files/chart.png)`; a purely decorative image can stay as it is".into(),
            );
        }
        // Said only of a link the page keeps: one it leaves out (to a record this build does
        // not show, or an address a browser cannot open) has its own warning.
        let kept = || {
            if markdown::is_record_link(url) {
                names_a_shown_record(site.records, url)
            } else {
                markdown::is_kept_address(url)
            }
        };
        if *no_text && kept() {
            let message = "this link has no words between its brackets, so a screen reader announces it only as \"link\"".to_string();
            let help = if markdown::is_record_link(url) {
                "write what it leads to between the brackets, as in `[Amara Okafor](@/people/amara-okafor)`; until then the page shows the name of what it leads to as the link's words".to_string()
            } else if markdown::names_itself(url) {
                "write what it leads to between the brackets, as in `[the trust's website](https://example.nhs.uk)`; until then the page shows its address as the link's words".to_string()
            } else {
                "write the link's words between the brackets and where it leads between the round ones, as in `[the IPR](files/ipr.pdf)`: the page shows nothing here".to_string()
            };
            warn(message, help);
        }
        // `![Foreword](@/pages/foreword)`: a page is not a picture, and the browser showed a
        // broken image where a link was likely meant.
        // A record link only to a record of this build: one it does not know or leaves out
        // has its own problem, which names it ([`check_record_links`]).
        let path = url.split(['#', '?']).next().unwrap_or("");
        let shown = || names_a_shown_record(site.records, url);
        if *image && (path.ends_with(".html") || path.ends_with(".htm") || shown()) {
            warn(
                format!("this image shows `{url}`, a page, which a browser cannot show as a picture"),
                "for a link to the page, leave out the `!` in front; a picture is a file under content/files/, shown as `![what it shows](files/name.png)`".into(),
            );
            continue;
        }
        let what = if *image { "image" } else { "link" };
        let scheme = markdown::scheme(url);
        match scheme.as_deref() {
            _ if !markdown::is_kept_address(url) => {
                let windows = url.contains('\\') || scheme.as_deref().is_some_and(|s| s.len() == 1);
                let help = if scheme.as_deref() == Some("file") || windows {
                    "a reader's browser cannot open a file on your computer or shared drive from the site: put the paper in content/files/ and link to it as `files/…`"
                } else {
                    "pages keep web (`https:`), email (`mailto:`) and phone (`tel:`) addresses only; give the web address of what this opens"
                };
                warn(
                    format!(
                        "this {what}'s address (`{url}`) is left out of the page; only its text is shown"
                    ),
                    help.into(),
                );
                continue;
            }
            // An image from another site is fetched by every reader's browser from there,
            // and missing from a site opened without a connection.
            Some("http" | "https") if *image => {
                warn(
                    format!("this image is loaded from another site (`{url}`): readers' browsers fetch it from there, and it is missing when the site is opened offline"),
                    "save the image in content/files/ and show it as `![what it shows](files/name.png)`".into(),
                );
                continue;
            }
            _ => {}
        }
        // `/files/ipr.pdf` leads to the web server's root: right only for a site served at
        // the root of its address, broken from disk and under a folder
        // (`https://trust.nhs.uk/report/`), with nothing said.
        if path.starts_with('/') && !path.starts_with("//") {
            let rest = path.trim_start_matches('/');
            let decoded = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
            // A record's page (`/people/jo-bell.html`) as its record link; another page of
            // the site from this one; a paper from the root.
            let record = decoded
                .strip_suffix(".html")
                .and_then(|page| page.split_once('/'))
                .filter(|(folder, id)| {
                    Kind::of_folder(folder)
                        .is_some_and(|kind| site.records.digest_of(kind, id).is_some())
                });
            let help = if let Some((folder, id)) = record {
                format!(
                    "link to the record as `@/{folder}/{id}`: boardpack makes the link work wherever the report is"
                )
            } else if decoded.starts_with(urls::FILES) && site.has(&decoded) {
                format!(
                    "write `{}` without the `/` in front: a paper's path starts at the site's root without it",
                    url.trim_start_matches('/')
                )
            } else if site.has(&decoded) {
                let up = "../".repeat(dir.matches('/').count());
                format!(
                    "write it from this page, as `{up}{}`",
                    url.trim_start_matches('/')
                )
            } else {
                "link to a page of the report by its record, as `@/people/jo-bell`, and to a paper as `files/ipr.pdf`, without a `/` in front".to_string()
            };
            warn(
                format!(
                    "this {what} starts with `/`, so it leads to the root of the web server: it breaks when the report is opened from disk or published in a folder"
                ),
                help,
            );
            continue;
        }
        let Some(target) = markdown::site_target(url, dir) else {
            continue;
        };
        // The theme's files are not known before it is loaded.
        if target.starts_with(urls::STATIC) || site.has(&target) {
            continue;
        }
        // `files/minutes #3.pdf`: a web address reads `#` as the start of a place in the
        // page and `?` as the start of a query, so the file's own name was never asked for.
        // The name may run to a later `#` (`minutes#3.pdf#page=2`) or to the end.
        let escape = |name: &str| name.replace('#', "%23").replace('?', "%3F");
        let cuts = url.match_indices(['#', '?']).map(|(at, _)| at);
        // The first cut is where the link's path ends now, and names no file.
        let named_whole = cuts.skip(1).chain([url.len()]).find_map(|end| {
            let name = escape(&url[..end]);
            let whole = markdown::site_target(&name, dir)?;
            (name != url[..end] && site.has(&whole))
                .then(|| (&url[..end], format!("{name}{}", &url[end..])))
        });
        if let Some((file, written)) = named_whole {
            let asked = url.split(['#', '?']).next().unwrap_or("");
            warn(
                format!(
                    "this {what} asks for `{asked}`, not the file `{file}`: a web address ends a file's name at `#` or `?`"
                ),
                format!(
                    "write `#` and `?` in the file's name as `%23` and `%3F`, as in `{written}`"
                ),
            );
            continue;
        }
        let help = if target.starts_with(urls::FILES) {
            format!(
                "put the file at content/{target}, or correct the path (a paper's starts at the site's root, as in `files/ipr.pdf`)"
            )
        } else {
            "a link to another page is relative to this one, as in `../measures/waiting-times.html`; a paper's starts at the site's root, as in `files/ipr.pdf`".to_string()
        };
        warn(
            format!("this {what} points to `{url}`, which is not a file of the site"),
            help,
        );
    }
}

/// Whether `url` is an `@/kind/id` link to a record this build shows.
fn names_a_shown_record(records: &Records, url: &str) -> bool {
    markdown::record_link(url).is_some_and(|(folder, id, _)| {
        Kind::of_folder(folder).is_some_and(|kind| records.digest_of(kind, id).is_some())
    })
}

/// Each `@/kind/id` link names a record, and one this build shows.
fn check_record_links(
    file: &str,
    body: &crate::records::Body,
    records: &Records,
    left_out: &LeftOut,
    problems: &mut Vec<Diagnostic>,
) {
    let mut places = Places::new(&body.markdown, body.first_line);
    for reference in body.references.iter() {
        if !markdown::is_record_link(&reference.url) {
            continue;
        }
        let url = &reference.url;
        // Most links name a record of the build: nothing to say, nor to place.
        if names_a_shown_record(records, url) {
            continue;
        }
        let (line, column) = places.of(reference.offset);
        let width = link_width(&body.markdown, reference.offset, url);
        let mut push = |problem: Diagnostic| problems.push(problem.with_width(width));
        let folders: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();
        let Some((folder, id, _)) = markdown::record_link(url) else {
            push(
                Diagnostic::error(file, line, column, format!("`{url}` does not name a record"))
                    .with_help(format!(
                        "a link to a record is `@/` then its kind's folder and its id, as in `@/people/{}`",
                        records.people.keys().next().map_or("their-id", |id| &**id)
                    )),
            );
            continue;
        };
        let Some(kind) = Kind::of_folder(folder) else {
            // `@/person/` for `@/people/`: the kind's name where its folder goes.
            let named = Kind::of_noun(folder).map(Kind::folder);
            let help =
                match named.or_else(|| crate::suggest::nearest(folder, folders.iter().copied())) {
                    Some(near) => format!("did you mean `@/{near}/{id}`?"),
                    None => format!("the kinds are {}", crate::suggest::one_of(&folders)),
                };
            push(
                Diagnostic::error(
                    file,
                    line,
                    column,
                    format!("`{url}`: there is no kind of record `{folder}`"),
                )
                .with_help(help),
            );
            continue;
        };
        // A link to a record of the build was passed over above.
        if left_out.later.digest_of(kind, id).is_some() {
            push(
                Diagnostic::warning(file, line, column, format!("`{url}` links to {} dated after the report date, which the report leaves out", crate::words::a(kind.noun())))
                    .with_help("the link is shown as plain text; move `as_of` on to include that record"),
            );
            continue;
        }
        if let Some(hidden) = hidden_record(left_out, kind, id) {
            push(
                Diagnostic::warning(file, line, column, format!("`{url}` links to {hidden}, {LEAVES_OUT}"))
                    .with_help("the link is shown as plain text; it becomes a link in a build that includes that record"),
            );
            continue;
        }
        // In order, so the nearest of equally near ids is always the same one.
        let mut ids: Vec<&str> = records
            .ids_of(kind)
            .chain(left_out.later.ids_of(kind))
            .chain(left_out.hidden.ids_of(kind))
            .collect();
        ids.sort_unstable();
        let help = match crate::suggest::nearest(id, ids) {
            Some(near) => format!("did you mean `@/{folder}/{near}`?"),
            None => format!(
                "a {}'s id is its file name in content/{folder}",
                kind.noun()
            ),
        };
        push(
            Diagnostic::error(
                file,
                line,
                column,
                format!("`{url}`: there is no {} `{id}`", kind.noun()),
            )
            .with_help(help),
        );
    }
}

/// How many characters of the Markdown a link takes from its start to the `)` after its
/// address (`[Jo](@/people/jo-bell)`), for the caret under it; a link whose address is
/// not on its line (a reference definition) is marked at its start.
fn link_width(markdown: &str, offset: usize, url: &str) -> usize {
    let rest = markdown.get(offset..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    // The address after `](` first: the link's text may be its address too
    // (`[files/x.pdf](files/x.pdf)`), or hold it (`<files/x.pdf>`).
    let found = line
        .find(&format!("]({url}"))
        .map(|at| at + 2)
        .or_else(|| line.find(&format!("<{url}>")).map(|at| at + 1))
        .or_else(|| line.find(url));
    match found {
        Some(at) => {
            let end = at + url.len();
            // Up to the `)` that closes it, past a title (`"…"`) or a `>`.
            let closed = line[end..]
                .find(')')
                .filter(|close| !line[end..end + close].contains(['(', '[']))
                .map_or(0, |close| close + 1);
            line[..end].chars().count() + line[end..end + closed].chars().count()
        }
        None => 1,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::BuildOptions;
    use crate::model::testing::built;

    const PEOPLE: [(&str, &str); 3] = [
        (
            "people/ann-lee.yaml",
            "name: Ann Lee\nprofession: doctor\nboard: { role: medical-director, first_appointed: 2020-01-01 }\n",
        ),
        (
            "people/draft-one.yaml",
            "name: Draft One\nprofession: nurse\ndraft: true\n",
        ),
        (
            "people/secret-one.yaml",
            "name: Secret One\nprofession: nurse\nconfidential: true\n",
        ),
    ];

    /// An agenda item, an initiative or an action naming a draft or confidential record
    /// is shown without it (a person's place says "not shown"), and the build says so
    /// once for each such record, at the first name, with the others in its help; a
    /// build that includes the records says nothing.
    #[test]
    fn fields_naming_records_left_out_are_warned_of() {
        let mut files = PEOPLE.to_vec();
        files.extend([
            (
                "initiatives/shown.yaml",
                "title: Shown\ncategory: other\nstatus: proposed\nlead: ann-lee\nmeasures: [secret-measure, both]\n",
            ),
            (
                "initiatives/led.yaml",
                "title: Led\ncategory: other\nstatus: proposed\nlead: draft-one\n",
            ),
            // Marked both: `--drafts` alone does not bring it in.
            (
                "measures/both.yaml",
                "title: Both\nimprovement: up\ndraft: true\nconfidential: true\npoints:\n  - { period: 2026-01, value: 1 }\n",
            ),
            (
                "initiatives/hidden.yaml",
                "title: Hidden\ncategory: other\nstatus: proposed\nlead: ann-lee\ndraft: true\n",
            ),
            (
                "measures/secret-measure.yaml",
                "title: Secret\nimprovement: up\nconfidential: true\npoints:\n  - { period: 2026-01, value: 1 }\n",
            ),
            (
                "meetings/board.yaml",
                "date: 2026-09-01\npresent: [ann-lee]\nin_attendance: [secret-one]\nagenda:\n  - item: \"1\"\n    title: Pay\n    purpose: approval\n    presenter: secret-one\n    initiatives: [shown, hidden]\n    measures: [secret-measure]\ndeclarations:\n  - { person: secret-one, item: \"1\", interest: Director of a supplier }\n",
            ),
            (
                "actions/act.yaml",
                "title: Act\nmeeting: board\nowner: ann-lee\ndue: 2026-10-01\ninitiative: hidden\n",
            ),
        ]);
        let (_, problems) = built("as_of: 2026-09-30\n", &files, &[], BuildOptions::default());
        let said: Vec<String> = problems
            .iter()
            .filter(|p| p.message.contains("leaves out"))
            .map(|p| {
                format!(
                    "{}:{}:{}: {}\nhelp: {}",
                    p.file,
                    p.line,
                    p.column,
                    p.message,
                    p.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        let named = "named in a build that includes that record";
        let expected = [
            format!(
                "content/actions/act.yaml:5:13: `initiative`: `hidden` is a draft initiative, which this build leaves out\nhelp: the action is shown without it; 1 more place names it (content/meetings/board.yaml:9); it is {named}"
            ),
            format!(
                "content/initiatives/led.yaml:4:7: `lead`: `draft-one` is a draft person, which this build leaves out\nhelp: the initiative says \"not shown\" for its lead; they are {named}"
            ),
            format!(
                "content/initiatives/shown.yaml:5:12: `measures`: `secret-measure` is a confidential measure, which this build leaves out\nhelp: the initiative is shown without it; 1 more place names it (content/meetings/board.yaml:10); it is {named}"
            ),
            format!(
                "content/initiatives/shown.yaml:5:28: `measures`: `both` is a confidential measure, which this build leaves out\nhelp: the initiative is shown without it; it is {named}"
            ),
            format!(
                "content/meetings/board.yaml:3:17: `in_attendance`: `secret-one` is a confidential person, which this build leaves out\nhelp: the meeting's attendance is shown without them; 2 more places name them (content/meetings/board.yaml:8 and content/meetings/board.yaml:12); they are {named}"
            ),
        ];
        let mut said_sorted = said.clone();
        said_sorted.sort();
        assert_eq!(said_sorted, expected, "{said:#?}");
        let everything = BuildOptions {
            drafts: true,
            confidential: true,
            ..BuildOptions::default()
        };
        let (_, problems) = built("as_of: 2026-09-30\n", &files, &[], everything);
        assert!(
            !problems.iter().any(|p| p.message.contains("leaves out")),
            "{problems:#?}"
        );
    }

    /// Past three other places, the help counts the rest rather than list them.
    #[test]
    fn a_record_left_out_named_in_many_places_is_one_warning() {
        let mut files = PEOPLE.to_vec();
        for month in 1..=6 {
            files.push((
                Box::leak(format!("meetings/board-2026-0{month}.yaml").into_boxed_str()),
                Box::leak(
                    format!(
                        "date: 2026-0{month}-01\npresent: [ann-lee]\nin_attendance: [draft-one]\n"
                    )
                    .into_boxed_str(),
                ),
            ));
        }
        let (_, problems) = built("as_of: 2026-09-30\n", &files, &[], BuildOptions::default());
        let warned: Vec<&crate::diagnostic::Diagnostic> = problems
            .iter()
            .filter(|p| p.message.contains("leaves out"))
            .collect();
        assert_eq!(warned.len(), 1, "{problems:#?}");
        assert_eq!(warned[0].file, "content/meetings/board-2026-01.yaml");
        assert_eq!(
            warned[0].help.as_deref(),
            Some(
                "the meeting's attendance is shown without them; 5 more places name them (content/meetings/board-2026-02.yaml:3, content/meetings/board-2026-03.yaml:3, content/meetings/board-2026-04.yaml:3 and 2 more); they are named in a build that includes that record"
            )
        );
    }

    /// A link to a record the build leaves out says why; a near miss of one is told its
    /// name; and the papers only left-out records name are left out with them.
    #[test]
    fn links_and_papers_of_records_left_out() {
        let mut files = PEOPLE.to_vec();
        files.extend([
            (
                "meetings/board-early.yaml",
                "date: 2026-09-01\npresent: [ann-lee]\nminutes: files/both.pdf\n",
            ),
            (
                "meetings/board-later.yaml",
                "date: 2026-11-01\npresent: [ann-lee]\nminutes: files/later-only.pdf\nagenda:\n  - { item: \"1\", title: Pay, purpose: approval, paper: files/both.pdf }\n",
            ),
            (
                "pages/about.md",
                "---\ntitle: About\n---\n[a](@/people/draft-one) [b](@/meetings/board-later) [c](@/people/secret-one) [d](../files/hidden-only.pdf)\n",
            ),
            (
                "pages/secret.md",
                "---\ntitle: Secret\nconfidential: true\n---\n[e](../files/hidden-only.pdf) [f](../files/secret-only.pdf)\n",
            ),
        ]);
        let papers = [
            "both.pdf",
            "later-only.pdf",
            "secret-only.pdf",
            "hidden-only.pdf",
            "nobody.pdf",
        ];
        let (model, problems) = built(
            "as_of: 2026-09-30\n",
            &files,
            &papers,
            BuildOptions::default(),
        );
        let said: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        for expected in [
            "`@/people/draft-one` links to a draft person, which this build leaves out",
            "`@/people/secret-one` links to a confidential person, which this build leaves out",
            "`@/meetings/board-later` links to a meeting dated after the report date, which the report leaves out",
        ] {
            assert!(said.iter().any(|s| s == expected), "{expected}: {said:#?}");
        }
        let model = model.expect("warnings only");
        let shown: Vec<&str> = model.files.iter().map(String::as_str).collect();
        // Named by a shown record as well as a later one, or by no record: copied. Named only
        // by a later meeting or a confidential page: left out. Named by a shown page as well
        // as a confidential one: copied.
        assert_eq!(shown, ["both.pdf", "hidden-only.pdf", "nobody.pdf"]);

        // Near misses of left-out records: the nearest id is among them too.
        files.push((
            "pages/typos.md",
            "---\ntitle: Typos\n---\n[a](@/people/draft-on) [b](@/meetings/board-latr) [c](@/person/ann-lee)\n",
        ));
        let (model, problems) = built(
            "as_of: 2026-09-30\n",
            &files,
            &papers,
            BuildOptions::default(),
        );
        assert!(model.is_none());
        let helps: Vec<String> = problems.iter().filter_map(|p| p.help.clone()).collect();
        for expected in [
            "did you mean `@/people/draft-one`?",
            "did you mean `@/meetings/board-later`?",
            // The kind's name for its folder.
            "did you mean `@/people/ann-lee`?",
        ] {
            assert!(
                helps.iter().any(|h| h == expected),
                "{expected}: {helps:#?}"
            );
        }
        // Each is marked from its `[` to the `)` after its address.
        let widths: Vec<Option<u16>> = problems
            .iter()
            .filter(|p| p.file.ends_with("typos.md"))
            .map(|p| p.width)
            .collect();
        assert_eq!(widths, [Some(22), Some(26), Some(21)]);
    }

    #[test]
    fn a_links_width_runs_to_its_closing_bracket() {
        use super::link_width;
        let text = "See [Jo](@/people/jo) and ![](files/x.png).\n[ref]: @/people/x\n";
        assert_eq!(link_width(text, 4, "@/people/jo"), 17);
        assert_eq!(link_width(text, 26, "files/x.png"), 16);
        // A reference whose address is on another line: its start alone.
        assert_eq!(link_width(text, 0, "@/people/x"), 1);
        // Its text the address as well; in angle brackets; with a title.
        let text = "[files/n.pdf](files/n.pdf) <x> [a](<files/m n.pdf>) [b](files/t.pdf \"T\")";
        assert_eq!(link_width(text, 0, "files/n.pdf"), 26);
        assert_eq!(link_width(text, 31, "files/m n.pdf"), 20);
        assert_eq!(link_width(text, 52, "files/t.pdf"), 20);
    }
}
