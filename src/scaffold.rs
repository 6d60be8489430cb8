//! Starting a report: `init` writes a small, valid starter project; `new` writes one record
//! with its id made from a name or title. Both write only new files: nothing that exists is
//! changed.

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::records::Kind;
use std::path::{Path, PathBuf};

/// The starter project (`starter/` in the repository), compiled into the binary.
const STARTER: &[(&str, &[u8])] = &[
    (
        "boardpack.yaml",
        include_bytes!("../starter/boardpack.yaml"),
    ),
    (
        "content/actions/cohort-two-report.yaml",
        include_bytes!("../starter/content/actions/cohort-two-report.yaml"),
    ),
    (
        "content/files/paired-learning-update.pdf",
        include_bytes!("../starter/content/files/paired-learning-update.pdf"),
    ),
    (
        "content/initiatives/paired-learning.md",
        include_bytes!("../starter/content/initiatives/paired-learning.md"),
    ),
    (
        "content/measures/relationship-tension.yaml",
        include_bytes!("../starter/content/measures/relationship-tension.yaml"),
    ),
    (
        "content/meetings/board-2026-09.yaml",
        include_bytes!("../starter/content/meetings/board-2026-09.yaml"),
    ),
    (
        "content/pages/foreword.md",
        include_bytes!("../starter/content/pages/foreword.md"),
    ),
    (
        "content/people/alex-morgan.yaml",
        include_bytes!("../starter/content/people/alex-morgan.yaml"),
    ),
    (
        "content/people/jo-evans.yaml",
        include_bytes!("../starter/content/people/jo-evans.yaml"),
    ),
    (
        "content/people/sam-patel.yaml",
        include_bytes!("../starter/content/people/sam-patel.yaml"),
    ),
    (
        "content/surveys/relationship-2026.yaml",
        include_bytes!("../starter/content/surveys/relationship-2026.yaml"),
    ),
];

fn environment(message: String) -> Error {
    Error::Environment(Diagnostic::general(message))
}

/// Writes the starter project into `dir` (made if missing). A folder that already holds a
/// project (`boardpack.yaml` or `content/`) is refused and left as it was. Returns the files
/// written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<String>, Error> {
    for taken in [crate::config::FILE, "content"] {
        if dir.join(taken).exists() {
            return Err(Error::Usage(
                Diagnostic::general(format!(
                    "{} already holds a project (it has {taken}); nothing was changed",
                    dir.display()
                ))
                .with_help("choose a new folder: `boardpack init my-report`"),
            ));
        }
    }
    let mut written = Vec::new();
    for (path, bytes) in STARTER {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| environment(format!("could not create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| environment(format!("could not write {}: {e}", target.display())))?;
        written.push(path.to_string());
    }
    // Completion and red squiggles in an editor with the YAML language server.
    for path in write_schemas(&dir.join(SCHEMAS))? {
        written.push(crate::load::relative(dir, &path));
    }
    let settings = dir.join(".vscode/settings.json");
    if !settings.exists() {
        if let Some(parent) = settings.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| environment(format!("could not create {}: {e}", parent.display())))?;
        }
        std::fs::write(&settings, editor_settings())
            .map_err(|e| environment(format!("could not write {}: {e}", settings.display())))?;
        written.push(".vscode/settings.json".to_string());
    }
    Ok(written)
}

/// Where `init` puts the schemas in a project, and the editor settings that use them.
const SCHEMAS: &str = ".boardpack/schemas";

/// The JSON Schemas of `boardpack.yaml` and of each kind of record, by file name
/// (`boardpack.schema.json`, `people.schema.json`...).
pub fn schemas() -> Vec<(String, String)> {
    let pretty = |schema: &schemars::Schema| {
        let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
        text.push('\n');
        text
    };
    let mut out = vec![(
        "boardpack.schema.json".to_string(),
        pretty(&schemars::schema_for!(crate::config::Config)),
    )];
    for kind in Kind::ALL {
        out.push((
            format!("{}.schema.json", kind.folder()),
            pretty(&kind.schema()),
        ));
    }
    out
}

/// Writes the schemas into `dir` (made if missing); returns the files written.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir)
        .map_err(|e| environment(format!("could not create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (name, text) in schemas() {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| environment(format!("could not write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// VS Code's settings for the YAML language server: each schema for the files it describes.
fn editor_settings() -> String {
    let mut map = serde_json::Map::new();
    map.insert(
        format!("./{SCHEMAS}/boardpack.schema.json"),
        serde_json::json!(["boardpack.yaml"]),
    );
    for kind in Kind::ALL {
        let folder = kind.folder();
        map.insert(
            format!("./{SCHEMAS}/{folder}.schema.json"),
            serde_json::json!([
                format!("content/{folder}/**/*.yaml"),
                format!("content/{folder}/**/*.yml")
            ]),
        );
    }
    let settings = serde_json::json!({ "yaml.schemas": map });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

/// The kind a word names: its folder (`people`) or its noun (`person`), in any case.
fn kind_of(word: &str) -> Option<Kind> {
    let word = word.to_lowercase();
    Kind::ALL
        .iter()
        .copied()
        .find(|k| k.folder() == word || k.noun() == word)
}

/// Ids from the project for the references a new record must make: the first person by id
/// and the latest meeting by id, so it checks clean and only needs changing where it is wrong.
struct Ids {
    person: Option<String>,
    meeting: Option<String>,
}

impl Ids {
    fn of(project: &Path) -> Ids {
        let ids = |folder: &str| -> Vec<String> {
            let mut ids: Vec<String> = std::fs::read_dir(project.join("content").join(folder))
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let (stem, _) = name.rsplit_once('.')?;
                    crate::records::is_valid_id(stem).then(|| stem.to_string())
                })
                .collect();
            ids.sort();
            ids
        };
        Ids {
            person: ids("people").into_iter().next(),
            meeting: ids("meetings").pop(),
        }
    }
}

/// `text` as a YAML double-quoted string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The text of a new record of `kind` named `name`: its required fields filled in and its
/// optional ones written as comments. `today` dates a meeting or a survey.
fn record_text(kind: Kind, name: &str, today: &str, ids: &Ids) -> (String, &'static str) {
    let name = quoted(name);
    let person = ids.person.as_deref().unwrap_or("change-me");
    let meeting = ids.meeting.as_deref().unwrap_or("change-me");
    match kind {
        Kind::Person => (
            format!(
                "name: {name}\nprofession: other          # doctor, nurse, midwife, ahp, pharmacist, dentist, healthcare-scientist,\n                           # psychologist, manager, finance, lay, other\n# job_title: Medical Director\n# board:                   # for board members only\n#   role: non-executive-director\n#   first_appointed: {today}\n#   term_ends: 2029-03-31\n#   committees: [audit]\n# interests:\n#   - {{ description: What the interest is, declared: {today}, type: financial }}\n"
            ),
            "yaml",
        ),
        Kind::Meeting => (
            format!(
                "date: {today}           # the day it met (today, to begin with)\ntitle: {name}\n# body: board              # or a committee's name, as in people's committees\n# session: public          # or private\npresent: []                # the members who attended, by id\n# apologies: []\n# in_attendance: []\n# quorate: true\n# agenda:\n#   - {{ item: \"1\", title: Welcome, purpose: information }}\n"
            ),
            "yaml",
        ),
        Kind::Initiative => (
            format!(
                "---\ntitle: {name}\ncategory: other            # paired-learning, shadowing, clinicians-in-management, informal-interaction,\n                           # joint-training, time-management, delegation, feedback, quality-improvement, other\nstatus: proposed           # proposed, active, completed, paused, cancelled\nlead: {person}        # a person's id\n# rag: green\n# sponsor: a-board-member\n# due: 2027-03-31\n# budget: 10000\n---\nWhat the initiative is for, and how it is going.\n"
            ),
            "md",
        ),
        Kind::Measure => (
            format!(
                "title: {name}\nimprovement: up            # up or down: which way is better\n# unit: \"%\"\n# target: 80\npoints:\n  - {{ period: {month}, value: 0 }}\n",
                month = &today[..7]
            ),
            "yaml",
        ),
        Kind::Survey => (
            format!(
                "title: {name}\ndate: {today}\nrespondents: 0\nrelationship:\n  partnership: 0\n  partnership-with-tensions: 0\n  tolerance-with-frequent-tensions: 0\n  persistent-unresolved-tensions: 0\n"
            ),
            "yaml",
        ),
        Kind::Action => (
            format!(
                "title: {name}\nmeeting: {meeting}         # the id of the meeting that agreed it\nowner: {person}           # a person's id\ndue: {today}\n# item: \"4.1\"\n# progress: The latest update\n# initiative: an-initiative\n"
            ),
            "yaml",
        ),
        Kind::Page => (
            format!(
                "---\ntitle: {name}\n# weight: 1                 # lower comes first in the navigation\n---\nWrite the page here, in Markdown.\n"
            ),
            "md",
        ),
    }
}

/// Writes a new record of the kind `kind` names (`person` or `people`, ...) called `name`
/// into the project at `project`; returns its path. An existing file is never overwritten.
pub fn new_record(project: &Path, kind: &str, name: &str, today: &str) -> Result<PathBuf, Error> {
    let Some(kind) = kind_of(kind) else {
        let nouns: Vec<&str> = Kind::ALL.iter().map(|k| k.noun()).collect();
        let help = match crate::suggest::nearest(kind, nouns.iter().copied()) {
            Some(near) => format!(
                "did you mean `{near}`? (the kinds are {})",
                crate::suggest::one_of(&nouns)
            ),
            None => format!("the kinds are {}", crate::suggest::one_of(&nouns)),
        };
        return Err(Error::Usage(
            Diagnostic::general(format!("there is no kind of record `{kind}`")).with_help(help),
        ));
    };
    // A mistyped project folder would otherwise be made, with a content/ of one record.
    if !project.is_dir() {
        return Err(Error::Usage(crate::check::no_project(project).with_help(
            "run boardpack in the project folder (the one holding boardpack.yaml and content/), or name it with `--project PATH`",
        )));
    }
    let mut id = crate::words::id_from(name);
    // An id is its page's file name: a title of a paragraph's length made one no file
    // system takes, or one `check` then refused. It is cut at a word where it can be.
    if id.len() > crate::records::MAX_ID {
        let cut = &id[..crate::records::MAX_ID];
        id = match cut.rfind('-') {
            Some(at) if at > crate::records::MAX_ID / 2 => cut[..at].to_string(),
            _ => cut.trim_end_matches('-').to_string(),
        };
    }
    if !crate::records::is_valid_id(&id) {
        // A name in another script has letters, but none an id (a file name and a web
        // address) can hold.
        let help = if name.chars().any(char::is_alphanumeric) {
            let (what, example) = if kind == Kind::Person {
                ("name", " (as in `boardpack new person \"Wang Xiaoming\"`)")
            } else {
                ("title", "")
            };
            format!(
                "an id is made of the letters a to z, digits and hyphens: give the {what} in Latin letters here{example}, then write it as it is in the file this makes"
            )
        } else {
            "give a name or title with letters or digits in it".to_string()
        };
        return Err(Error::Usage(
            Diagnostic::general(format!("cannot make an id from {name:?}")).with_help(help),
        ));
    }
    let ids = Ids::of(project);
    let (text, extension) = record_text(kind, name, today, &ids);
    let folder = project.join("content").join(kind.folder());
    let path = folder.join(format!("{id}.{extension}"));
    if let Some(existing) = record_with_id(&folder, &id) {
        return Err(Error::Usage(
            Diagnostic::general(format!(
                "there is already a {} `{id}`: {}; nothing was written",
                kind.noun(),
                crate::load::relative(project, &existing)
            ))
            .with_help("edit that file, or give a different name"),
        ));
    }
    std::fs::create_dir_all(&folder)
        .map_err(|e| environment(format!("could not create {}: {e}", folder.display())))?;
    std::fs::write(&path, text)
        .map_err(|e| environment(format!("could not write {}: {e}", path.display())))?;
    Ok(path)
}

/// The record file with the id `id` anywhere under `folder`, as the loader finds records:
/// in sub-folders too, as `.yaml`, `.yml` or `.md` in any case. A second file with the id
/// would make the project fail its check.
fn record_with_id(folder: &Path, id: &str) -> Option<PathBuf> {
    crate::load::record_files_under(folder)
        .find(|entry| entry.path().file_stem().is_some_and(|stem| stem == id))
        .map(walkdir::DirEntry::into_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starter_file_is_built_in() {
        let on_disk = crate::load::files_in_repository("starter");
        let built_in: Vec<&str> = STARTER.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            on_disk, built_in,
            "update scaffold::STARTER to match starter/"
        );
    }
}
