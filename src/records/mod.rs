//! Records: one file each, parsed into strict structs by pure functions of (path, text).
//!
//! File access lives in [`crate::load`]; this module never touches the disk, so every rule
//! here is tested on strings.

pub mod action;
pub mod frontmatter;
pub mod initiative;
mod kinds;
pub mod measure;
pub mod meeting;
pub mod page;
pub mod person;
pub mod survey;

use crate::diagnostic::Diagnostic;
use crate::digest::{Key, digest};
use crate::yaml::{self, Origin};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::hash::Hash;

pub use action::Action;
pub use initiative::Initiative;
pub use measure::Measure;
pub use meeting::Meeting;
pub use page::Page;
pub use person::Person;
pub use survey::Survey;

/// The word a record uses for an enum value (`medical-director`, `paired-learning`): serde's
/// names are the one definition of them.
pub fn keyword<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(word)) => word,
        _ => String::new(),
    }
}

/// The free `extra:` map every kind accepts and passes to templates untouched.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// A value with the place in the YAML it was written, so later checks can point at it.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub location: serde_saphyr::Location,
}

impl<T: Default> Default for Located<T> {
    fn default() -> Self {
        Located {
            value: T::default(),
            location: serde_saphyr::Location::UNKNOWN,
        }
    }
}

/// A located record part reads as the part itself (`interest.description`), its place kept
/// for messages.
impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A located value is written as the value itself.
impl<T: schemars::JsonSchema> schemars::JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Located {
            value: spanned.value,
            location: yaml::line_and_column(&spanned.referenced),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Markdown,
}

impl Format {
    /// The format of a file by its extension, in any case (FORMAT.md v2): `.yaml` and
    /// `.yml` are YAML, `.md` Markdown.
    pub fn from_extension(extension: &str) -> Option<Format> {
        if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
            Some(Format::Yaml)
        } else if extension.eq_ignore_ascii_case("md") {
            Some(Format::Markdown)
        } else {
            None
        }
    }
}

/// A Markdown body and the line of the file it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub markdown: std::sync::Arc<str>,
    pub first_line: usize,
    /// A digest of the Markdown: a page showing the body is kept by it.
    pub digest: Key,
    /// Its links and images, for the model's checks: listed when the file is parsed, so a
    /// rebuild that reuses the file does not parse its Markdown again.
    pub references: std::sync::Arc<[crate::markdown::Reference]>,
    /// Its words as search finds them, each once ([`crate::tokens::distinct`]), without
    /// Markdown's marks or link addresses. The plain text itself is not kept: at 100,000
    /// initiatives it was a sixth of the build's memory.
    pub words: std::sync::Arc<str>,
}

/// A record's id or path, shared: `watch` hands each build a copy of every record it
/// keeps, and the previous quarter's figures work from a copy of the model, so at
/// thousands of records copying these strings was a tenth of a save's build.
pub type Id = std::sync::Arc<str>;

/// One parsed record: its id, where it came from, and the fields of its kind.
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub id: Id,
    /// Path relative to the project, `/`-separated.
    pub file: Id,
    /// Lines before the YAML in the file (1 for Markdown front matter).
    pub line_offset: usize,
    pub body: Option<Body>,
    /// Shared, like the body's text: `watch` keeps each record between builds and hands
    /// the build a copy, which at thousands of records should not copy every field.
    pub fields: std::sync::Arc<T>,
    /// A digest of the id, the path and the record's fields as written (its front matter,
    /// for a Markdown file): two records with the same digest have the same fields. With
    /// the body's own digest, what `watch` keeps pages by (`site::reader`), so an edit to a
    /// body does not reach pages that show only fields.
    pub digest: Key,
}

impl<T> Record<T> {
    pub fn origin(&self) -> Origin<'_> {
        Origin {
            file: &self.file,
            line_offset: self.line_offset,
        }
    }
}

/// What every kind has: the flags that decide whether a record is in a build.
///
/// Each kind declares `draft`, `confidential` and `extra` itself rather than flattening a
/// shared struct: serde's `flatten` disables `deny_unknown_fields` and loses locations.
pub trait Fields:
    for<'de> Deserialize<'de> + Clone + std::fmt::Debug + Send + Sync + 'static
{
    const KIND: Kind;
    /// What a record must hold at least, for messages about an empty or wrong file.
    const WHAT: &'static str;
    fn draft(&self) -> bool;
    fn confidential(&self) -> bool;
    /// Checks on this record alone.
    fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic>;
    /// The secretary's own fields, under `extra:`.
    fn extra(&self) -> &Extra;
}

/// Makes one kind's loaded records a map by id (the model keeps one of each id).
pub trait Each {
    fn one<T: Fields>(&mut self, list: Vec<Record<T>>) -> BTreeMap<Id, Record<T>>;
}

/// Whether a record stays (in a build with or without drafts and confidential records).
pub trait Keep {
    fn keep<T: Fields>(&self, record: &Record<T>) -> bool;
}

/// Something done with each kind's records in turn.
pub trait Visit {
    fn kind<T: Fields>(&mut self, records: &BTreeMap<Id, Record<T>>);
}

kinds::kinds! {
    Person: Person {
        field: people,
        folder: "people",
        noun: "person",
        formats: [Yaml, Markdown],
        at_least: "a person record (at least `name` and `profession`)",
        page: Some(crate::urls::person),
        link: crate::urls::person,
    },
    Meeting: Meeting {
        field: meetings,
        folder: "meetings",
        noun: "meeting",
        formats: [Yaml],
        at_least: "a meeting record (at least `date`)",
        page: Some(crate::urls::meeting),
        link: crate::urls::meeting,
    },
    Initiative: Initiative {
        field: initiatives,
        folder: "initiatives",
        noun: "initiative",
        formats: [Yaml, Markdown],
        at_least: "an initiative record (at least `title`, `category`, `status` and `lead`)",
        page: Some(crate::urls::initiative),
        link: crate::urls::initiative,
    },
    Measure: Measure {
        field: measures,
        folder: "measures",
        noun: "measure",
        formats: [Yaml],
        at_least: "a measure record (at least `title`, `improvement` and `points`)",
        page: Some(crate::urls::measure),
        link: crate::urls::measure,
    },
    Survey: Survey {
        field: surveys,
        folder: "surveys",
        noun: "survey",
        formats: [Yaml],
        at_least: "a survey record (at least `title`, `date`, `respondents` and `relationship`)",
        page: None,
        link: crate::urls::survey,
    },
    Action: Action {
        field: actions,
        folder: "actions",
        noun: "action",
        formats: [Yaml],
        at_least: "an action (at least `title`, `meeting`, `owner` and `due`)",
        page: None,
        link: crate::urls::action,
    },
    Page: Page {
        field: pages,
        folder: "pages",
        noun: "page",
        formats: [Markdown],
        at_least: "a page's front matter (at least `title`)",
        page: Some(crate::urls::page),
        link: crate::urls::page,
    },
}

/// How many characters of a table's left-out cells a warning quotes.
const LEFT_OUT_SHOWN: usize = 60;

/// [`parse_with`], the body's words for search included.
#[cfg(test)]
pub fn parse<T: Fields>(
    id: &str,
    file: &str,
    format: Format,
    text: &str,
) -> (Option<Record<T>>, Vec<Diagnostic>) {
    parse_with(id, file, format, text, true)
}

/// Parses one file's text (BOM already removed) into a record of kind `T`, then runs the
/// record's own checks. All problems are returned; the record only if it parsed. A body's
/// words for search are worked out only if `words`: `check` makes no site, and leaves
/// them empty.
pub fn parse_with<T: Fields>(
    id: &str,
    file: &str,
    format: Format,
    text: &str,
    words: bool,
) -> (Option<Record<T>>, Vec<Diagnostic>) {
    let mut missing_notes = Vec::new();
    let mut extra_cells = Vec::new();
    let mut too_deep = None;
    let mut blank_headings = Vec::new();
    let (yaml_text, line_offset, body) = match format {
        Format::Yaml => (text, 0, None),
        Format::Markdown => match frontmatter::split(text) {
            Ok(split) => {
                let scanned = crate::markdown::scan(split.body);
                missing_notes = scanned.missing_notes;
                extra_cells = scanned.extra_cells;
                too_deep = scanned.too_deep;
                blank_headings = scanned.blank_headings;
                (
                    split.yaml,
                    split.yaml_line_offset,
                    Some(Body {
                        markdown: split.body.into(),
                        first_line: split.body_line,
                        digest: digest(|w| std::hash::Hasher::write(w, split.body.as_bytes())),
                        references: scanned.references.into(),
                        words: if words {
                            crate::tokens::distinct(&scanned.text).into()
                        } else {
                            "".into()
                        },
                    }),
                )
            }
            Err(error) => {
                return (
                    None,
                    vec![Diagnostic::file_error(file, error.message()).with_help(error.help())],
                );
            }
        },
    };
    if let Some(body) = &body
        && let Some(problem) = yaml::find_control(&body.markdown, file, body.first_line)
    {
        return (None, vec![problem]);
    }
    let origin = Origin { file, line_offset };
    match yaml::parse_all::<T>(yaml_text, origin, T::WHAT) {
        Ok(fields) => {
            let mut problems = fields.check(origin);
            problems.extend(fields_under_extra(
                T::KIND,
                fields.extra(),
                yaml_text,
                origin,
            ));
            problems.extend(yaml::value_warnings(yaml_text, origin));
            if let Some(body) = &body {
                let mut places = crate::diagnostic::Places::new(&body.markdown, body.first_line);
                if let Some(offset) = too_deep {
                    let (line, column) = places.of(offset);
                    problems.push(
                        Diagnostic::error(
                            file,
                            line,
                            column,
                            format!(
                                "the text nests more than {} levels deep here: quotes (`>`), lists or HTML elements inside one another",
                                crate::markdown::MAX_DEPTH
                            ),
                        )
                        .with_help(
                            "a report needs a few levels at most: take out the extra `>` or list marks, or close each HTML element you open (`<div>` ... `</div>`, `<span>` ... `</span>`): one left open counts as open to the end of the text",
                        )
                        .with_width(1),
                    );
                    places = crate::diagnostic::Places::new(&body.markdown, body.first_line);
                }
                problems.extend(blank_headings.iter().map(|&offset| {
                    let (line, column) = places.of(offset);
                    let written = body.markdown[offset..].lines().next().unwrap_or("");
                    Diagnostic::warning(
                        file,
                        line,
                        column,
                        "this heading shows no text, so the page and the board pack leave it out",
                    )
                    .with_help(
                        "write the heading's words after the `#` marks, or delete the line (it may hold a space or a character that shows nothing, pasted from elsewhere)",
                    )
                    .with_width(written.trim_end().chars().count().max(1))
                }));
                // Once for each label, where it is first used; counted on from the last.
                let mut said = std::collections::HashSet::new();
                missing_notes.retain(|(label, _)| said.insert(label.to_lowercase()));
                problems.extend(missing_notes.iter().map(|(label, offset)| {
                    let (line, column) = places.of(*offset);
                    Diagnostic::warning(
                        file,
                        line,
                        column,
                        format!("there is no footnote `[^{label}]`: the page shows `[^{label}]` as written"),
                    )
                    .with_help(format!(
                        "write the note on a line of its own, after the paragraph: `[^{label}]: The note's text.`"
                    ))
                    .with_width(label.chars().count() + 3)
                }));
                // Once for each table, at the first row's cells left out.
                problems.extend(extra_cells.iter().map(|table| {
                    let (line, column) = places.of(table.offset);
                    let more = match table.rows {
                        1 => String::new(),
                        2 => " (and cells of 1 more row of this table)".to_string(),
                        n => format!(" (and cells of {} more rows of this table)", n - 1),
                    };
                    // Quoted as text, not code: it may hold backticks (a `|` inside code
                    // ends a cell), and a long one is cut, as the line under it is.
                    let shown: String = table
                        .left_out
                        .chars()
                        .map(|c| if c == '\t' { ' ' } else { c })
                        .collect();
                    let shown = match shown.char_indices().nth(LEFT_OUT_SHOWN) {
                        Some((cut, _)) => format!("{}…", &shown[..cut]),
                        None => shown,
                    };
                    Diagnostic::warning(
                        file,
                        line,
                        column,
                        format!(
                            "this table row has more cells than the table's first row: the report leaves out \"{shown}\"{more}"
                        ),
                    )
                    .with_help(
                        "add a column to the first row and to the line of dashes under it (`| --- |`); a `|` meant as text inside a cell is written `\\|`",
                    )
                    .with_width(table.left_out.chars().count())
                }));
            }
            // Once per file, at the first character the pack's fonts lack.
            use crate::glyphs::{Text, unshown};
            problems.extend(
                unshown(yaml_text, Text::Yaml, file, line_offset + 1).or_else(|| {
                    let body = body.as_ref()?;
                    unshown(&body.markdown, Text::Markdown, file, body.first_line)
                }),
            );
            let record = Record {
                id: id.into(),
                file: file.into(),
                line_offset,
                body,
                fields: std::sync::Arc::new(fields),
                digest: digest(|w| (id, file, yaml_text).hash(w)),
            };
            (Some(record), problems)
        }
        Err(mut problems) => {
            // The first problem may come of a front matter left open, or of a record of
            // another kind; the ones after it are each a value of their own.
            let mut first = problems.remove(0);
            if format == Format::Markdown {
                // A front matter left open runs on into the text, whose `Summary: ...`
                // lines would each be an unknown field: past a blank line in it, a later
                // problem may be one of those, and is not reported; nor is any when the
                // first looks like one.
                if let Some(blank) = yaml_text.lines().position(|line| line.trim().is_empty()) {
                    problems.retain(|problem| problem.line <= line_offset + blank);
                }
                if let Some(help) = unclosed_help(first.line, yaml_text, line_offset) {
                    first.help = Some(help);
                    problems.clear();
                }
            }
            problems.insert(0, first);
            if let Some(problem) = of_another_kind(T::KIND, format, yaml_text, origin) {
                return (None, vec![problem]);
            }
            let problems = also_missing(problems, T::KIND, yaml_text, origin)
                .into_iter()
                .map(|problem| with_missing_help(problem, T::KIND))
                .map(|problem| with_section_help(problem, T::KIND, yaml_text))
                .map(|problem| with_list_help(problem, T::KIND))
                .collect();
            (None, problems)
        }
    }
}

/// A record saved in another kind's folder (an action in `people/`) was an unknown field
/// for each of its lines, each offered the folder's kind's fields. When every field it has
/// is one of exactly one other kind's, which it has every required field of, that is said
/// once, with the folder it belongs in.
fn of_another_kind(
    kind: Kind,
    format: Format,
    yaml_text: &str,
    origin: Origin<'_>,
) -> Option<Diagnostic> {
    let keys = yaml::keys(yaml_text)?;
    // A record with every field its own kind requires is one of that kind with a field
    // mistyped or misplaced (a page with a `date:`), whatever else it would fit. A
    // Markdown file's text would be lost as a YAML record: not offered.
    if keys.iter().all(|key| is_field(kind, key))
        || required_absent(schema_of(kind), "", &keys).next().is_none()
    {
        return None;
    }
    let mut fitting = Kind::ALL.iter().copied().filter(|&other| {
        other != kind
            && (other.accepts(format) || format == Format::Yaml)
            && keys.iter().all(|key| is_field(other, key))
            && required_absent(schema_of(other), "", &keys)
                .next()
                .is_none()
    });
    let other = fitting.next()?;
    if fitting.next().is_some() {
        return None;
    }
    let a = crate::words::a;
    let mut shown: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .filter(|key| !is_field(kind, key))
        .collect();
    // In the file's order, which the reader's keys are not.
    shown.sort_by_key(|key| {
        yaml_text.lines().position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
    });
    let mut help = format!("move it to `content/{}/`", other.folder());
    if !other.accepts(format) {
        help.push_str(", as a `.md` file with its fields between two `---` lines");
    }
    Some(
        origin
            .error_at(
                &serde_saphyr::Location::UNKNOWN,
                format!(
                    "this file is in `content/{}/`, where each file is {}, but it is written as {}: {} {} {}'s {}",
                    kind.folder(),
                    a(kind.noun()),
                    a(other.noun()),
                    match shown.as_slice() {
                        [init @ .., last] if shown.len() <= 4 && !init.is_empty() => format!(
                            "{} and `{last}`",
                            init.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ")
                        ),
                        _ => crate::suggest::some_of(shown.iter().copied(), 3),
                    },
                    if shown.len() == 1 { "is" } else { "are" },
                    a(other.noun()),
                    if shown.len() == 1 { "field" } else { "fields" },
                ),
            )
            .with_help(help),
    )
}

/// A front matter whose closing `---` was forgotten runs on to the next `---` in the text
/// (a rule, say), and its first line of prose is then a YAML error ("simple key expected")
/// with nothing to say why. When a line of the front matter after a blank line, at or
/// before the error, is plainly prose (no `key:`, not a list item, comment or indented
/// line), the help says where the `---` belongs.
fn unclosed_help(problem_line: usize, yaml: &str, line_offset: usize) -> Option<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    let blank = lines.iter().position(|line| line.trim().is_empty())?;
    let last = problem_line
        .saturating_sub(line_offset + 1)
        .min(lines.len());
    let prose = lines[blank..last.max(blank)]
        .iter()
        .chain(lines.get(last))
        .any(|line| {
            let t = line.trim_end();
            !t.is_empty()
                && !t.starts_with([' ', '\t', '-', '#'])
                && !t
                    .split_once(':')
                    .is_some_and(|(key, _)| !key.contains(' ') || key.len() < 30)
        });
    (problem_line > line_offset + 1 + blank && prose).then(|| {
        format!(
            "is the text part of the front matter? The fields end with a line `---`, and the first one after line 1 is at line {}: if the fields end at line {}, put `---` there",
            line_offset + lines.len() + 1,
            line_offset + 1 + blank,
        )
    })
}

/// A kind's JSON schema, made once: the `extra:` check reads its fields for every record
/// that has `extra:`, and the help for a record's problems reads it for each problem.
fn schema_of(kind: Kind) -> &'static serde_json::Value {
    static SCHEMAS: std::sync::OnceLock<Vec<(Kind, serde_json::Value)>> =
        std::sync::OnceLock::new();
    static NONE: serde_json::Value = serde_json::Value::Null;
    SCHEMAS
        .get_or_init(|| {
            Kind::ALL
                .iter()
                .map(|&kind| (kind, kind.schema().as_value().clone()))
                .collect()
        })
        .iter()
        .find(|(each, _)| *each == kind)
        .map_or(&NONE, |(_, schema)| schema)
}

/// Whether `field` is one of a kind's own fields.
fn is_field(kind: Kind, field: &str) -> bool {
    schema_of(kind)["properties"].get(field).is_some()
}

/// A field of the record's own written under `extra:` (an editor's indent carried it
/// there, after `pronouns:`) is read as the secretary's own and does nothing: a
/// `confidential: true` there published the record it was meant to hide. That is an
/// error for `confidential` and `draft`, whose whole use is to keep a record out, and a
/// warning for any other field.
fn fields_under_extra(
    kind: Kind,
    extra: &Extra,
    yaml_text: &str,
    origin: Origin<'_>,
) -> Vec<Diagnostic> {
    if extra.is_empty() {
        return Vec::new();
    }
    if !extra
        .keys()
        .any(|key| key != "extra" && is_field(kind, key))
    {
        return Vec::new();
    }
    let lines: Vec<&str> = yaml_text.lines().collect();
    let extra_line = lines
        .iter()
        .position(|line| line.starts_with("extra:"))
        .unwrap_or(0);
    // `extra:`'s own entries: the lines below it at the first one's indent, up to the
    // record's next field. None when written `extra: { ... }`.
    let entries: Vec<(usize, &str)> = {
        let mut below = lines
            .iter()
            .enumerate()
            .skip(extra_line + 1)
            .filter(|(_, line)| !yaml::blank(line))
            .take_while(|(_, line)| yaml::indent(line) > 0)
            .peekable();
        let first = below.peek().map_or(0, |(_, line)| yaml::indent(line));
        below
            .filter(|(_, line)| yaml::indent(line) == first)
            .map(|(at, line)| (at, *line))
            .collect()
    };
    extra
        .keys()
        .filter(|key| key.as_str() != "extra" && is_field(kind, key))
        .map(|key| {
            // Where the key is written under `extra:`, for the line and column.
            let (line, column) = entries
                .iter()
                .find_map(|&(at, line)| {
                    let entry = line.trim_start();
                    entry
                        .strip_prefix(key.as_str())
                        .is_some_and(|rest| rest.trim_start().starts_with(':'))
                        .then(|| (at, line.len() - entry.len()))
                })
                .unwrap_or((extra_line, 0));
            let location = crate::yaml::location(line + 1, column + 1);
            let message = format!(
                "`{key}` is written under `extra:`, where it is a field of your own and does nothing"
            );
            let help = format!(
                "move `{key}:` out of `extra:` to the start of its line, with the {}'s other fields",
                kind.noun()
            );
            // `confidential: false` there hides nothing either way: only said.
            let keeps_out = match &extra[key] {
                serde_json::Value::Bool(yes) => *yes,
                serde_json::Value::String(word) => {
                    matches!(word.to_ascii_lowercase().as_str(), "true" | "yes" | "on")
                }
                _ => true,
            };
            if (key == "confidential" || key == "draft") && keeps_out {
                origin
                    .error_at(&location, format!("{message}: the {} is not kept out of the report", kind.noun()))
                    .with_help(help)
            } else {
                origin.warning_at(&location, message).with_help(help)
            }
        })
        .collect()
}

/// The reader names the first required field missing from a record; a record missing
/// two (a new file with only a title) then took two builds to mend. The others missing,
/// read from the kind's schema and the keys the record has, follow it (the terminal then
/// lists problems at one place by their words).
fn also_missing(
    mut problems: Vec<Diagnostic>,
    kind: Kind,
    yaml_text: &str,
    origin: Origin<'_>,
) -> Vec<Diagnostic> {
    // The reader stops at a missing field, inside `board:` as well as at the top.
    let Some(at) = problems
        .iter()
        .position(|problem| problem.message.starts_with("missing required field `"))
    else {
        return problems;
    };
    let json = schema_of(kind);
    // Inside a section (`board:`, a milestone), the section's other required fields.
    let mut others: Vec<Diagnostic> = Vec::new();
    if let Some((first, section)) = missing_in_section(&problems[at]) {
        let (first, section) = (first.to_string(), section.to_string());
        let found = &mut problems[at];
        let mapping = found
            .line
            .checked_sub(origin.line_offset)
            .and_then(|line| yaml::mapping_at(yaml_text, line, found.column));
        let mut schema = field_schema(json, &section);
        let list = schema.is_some_and(|schema| !schema["items"].is_null());
        if let Some(entries) = schema.filter(|_| list) {
            schema = Some(resolve(json, &entries["items"]));
        }
        if let Some(((line, column), present)) = mapping {
            // The reader stops at the entry's last key, which is not what is wrong.
            found.line = line + origin.line_offset;
            found.column = column;
            if let Some(schema) = schema {
                others.extend(
                    required_absent(schema, &first, &present).map(|field| Diagnostic {
                        message: format!("missing required field `{field}` in `{section}`"),
                        help: Some(add_help(json, schema, field, &section, list)),
                        ..found.clone()
                    }),
                );
            }
        }
        if let Some(schema) = schema
            && yaml::main_help(found).is_none()
        {
            yaml::set_main_help(found, add_help(json, schema, &first, &section, list));
        }
    }
    let found = &problems[at];
    if let Some(present) = yaml::keys(yaml_text) {
        let first = missing_field(found).unwrap_or_default();
        others.extend(required_absent(json, first, &present).map(|field| {
            // Where the reader places one: the record's first line.
            origin.error_at(
                &serde_saphyr::Location::UNKNOWN,
                format!("missing required field `{field}`"),
            )
        }));
    }
    problems.splice(at + 1..at + 1, others);
    problems
}

/// The fields `schema` requires, but for `first` (already reported), that are not among
/// the keys `present`.
fn required_absent<'s>(
    schema: &'s serde_json::Value,
    first: &'s str,
    present: &'s [String],
) -> impl Iterator<Item = &'s str> {
    schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|field| field.as_str())
        .filter(move |field| *field != first && !present.iter().any(|key| key == field))
}

/// The field and the section of "missing required field `role` in `board`".
fn missing_in_section(problem: &Diagnostic) -> Option<(&str, &str)> {
    let (field, section) = problem
        .message
        .strip_prefix("missing required field `")?
        .split_once("` in `")?;
    let section = section.strip_suffix('`')?;
    (!field.contains('`') && !section.contains('`')).then_some((field, section))
}

/// A field of a section (`board:`, `job_plan:`, an agenda item) written at the start of
/// its line is an unknown field of the record. The help had been the record's fields
/// ("put fields of your own under `extra:`") or the nearest of them (`first_appointed`:
/// "did you mean `fit_and_proper`?"), and following it made a wrong record that passed.
/// Read from the kind's schema: the sections that have such a field.
fn with_section_help(mut problem: Diagnostic, kind: Kind, yaml_text: &str) -> Diagnostic {
    let Some(field) = problem
        .message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.strip_suffix('`'))
        .filter(|field| !field.contains('`'))
        .map(str::to_string)
    else {
        return problem;
    };
    let field = field.as_str();
    let json = schema_of(kind);
    let Some(properties) = json["properties"].as_object() else {
        return problem;
    };
    let sections: Vec<(&str, bool)> = properties
        .iter()
        .filter_map(|(name, property)| {
            let list = property["type"] == "array";
            let reference = property["$ref"]
                .as_str()
                .or_else(|| property["items"]["$ref"].as_str())
                .or_else(|| {
                    property["anyOf"]
                        .as_array()?
                        .iter()
                        .find_map(|option| option["$ref"].as_str())
                })?;
            let definition = &json["$defs"][reference.strip_prefix("#/$defs/")?];
            definition["properties"]
                .get(field)
                .is_some()
                .then_some((name.as_str(), list))
        })
        .collect();
    let [(section, list)] = sections[..] else {
        return problem;
    };
    // How the section is written: not at all, on lines of its own, or as `{ ... }`.
    let written = yaml_text.lines().find_map(|line| {
        let rest = line.strip_prefix(section)?.strip_prefix(':')?;
        Some(rest.trim_start().starts_with(['{', '[']))
    });
    yaml::set_main_help(
        &mut problem,
        match (list, written) {
            (false, Some(false)) => format!(
                "`{field}` belongs under `{section}:`: indent it by two spaces, under the `{section}:` line with the section's other fields"
            ),
            (false, Some(true)) => format!(
                "`{field}` belongs under `{section}:`: write it inside the brackets of `{section}:`"
            ),
            (false, None) => format!(
                "`{field}` belongs under `{section}:`: write `{section}:` on a line of its own and indent `{field}:` under it by two spaces"
            ),
            (true, Some(_)) => format!(
                "`{field}` belongs to an entry of `{section}:`: write it with that entry's other fields"
            ),
            (true, None) => format!(
                "`{field}` belongs to an entry of `{section}:`: write `{section}:` on a line of its own, then the entry under it as `  - {field}: ...`"
            ),
        },
    );
    problem
}

/// The schema of the field at `path` (`board.committees`) of a kind's schema, through
/// `$ref`s and `Option`s.
fn field_schema<'s>(json: &'s serde_json::Value, path: &str) -> Option<&'s serde_json::Value> {
    let mut at = json;
    for key in path.split('.') {
        let items = &at["items"];
        let holder = if items.is_null() {
            at
        } else {
            resolve(json, items)
        };
        at = resolve(json, holder["properties"].get(key)?);
    }
    Some(at)
}

/// The definition a schema refers to (`$ref`, or the `$ref` of an `Option`'s `anyOf`).
fn resolve<'s>(json: &'s serde_json::Value, value: &'s serde_json::Value) -> &'s serde_json::Value {
    let reference = value["$ref"].as_str().or_else(|| {
        value["anyOf"]
            .as_array()?
            .iter()
            .find_map(|option| option["$ref"].as_str())
    });
    reference
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .map_or(value, |name| &json["$defs"][name])
}

/// A list written as a word or as text with commas (`present: jo-bell, sam-lee`) got
/// "expected a list" and no way to write one; an entry of a list of fields written as
/// text (`- Approved the budget` under `decisions:`) got no example of the fields.
fn with_list_help(mut problem: Diagnostic, kind: Kind) -> Diagnostic {
    if yaml::main_help(&problem).is_some() {
        return problem;
    }
    let Some((field, rest)) = problem
        .message
        .strip_prefix('`')
        .and_then(|rest| rest.split_once("`: expected "))
    else {
        return problem;
    };
    let found = rest
        .split_once(", found `")
        .and_then(|(_, found)| found.strip_suffix('`'))
        .unwrap_or("");
    let name = field.rsplit('.').next().unwrap_or(field);
    let json = schema_of(kind);
    let Some(list) = field_schema(json, field) else {
        return problem;
    };
    let help = if rest.starts_with("a list") && list["items"]["type"] == "string" {
        let words: Vec<&str> = found
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect();
        let example = if words.is_empty() {
            "...".to_string()
        } else {
            words.join(", ")
        };
        format!("write a list in square brackets: `{name}: [{example}]`")
    } else if rest.starts_with("a list") && name == "interests" {
        "for nothing to declare, write a nil return: `interests: [{ nil: true, declared: 2026-04-01 }]`; each interest held is an entry of its own, on a line starting with `- `".to_string()
    } else if rest.starts_with("`field: value` entries") && !found.is_empty() {
        let entry = resolve(json, &list["items"]);
        let required: Vec<&str> = entry["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|field| field.as_str())
            .collect();
        match required[..] {
            [] => return problem,
            // The text is that one field's (a decision's `text`).
            [only] => format!("write the entry as its fields: `- {only}: {found}`"),
            _ => format!(
                "write the entry as its fields: `- {{ {} }}`",
                required
                    .iter()
                    .map(|field| format!("{field}: ..."))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    } else {
        return problem;
    };
    yaml::set_main_help(&mut problem, help);
    problem
}

/// The field a record-level "missing required field" problem names.
fn missing_field(problem: &Diagnostic) -> Option<&str> {
    problem
        .message
        .strip_prefix("missing required field `")
        .and_then(|rest| rest.strip_suffix('`'))
        .filter(|field| !field.contains('`'))
}

/// How to add a field missing from a section (`board:`) or from an entry of a list of
/// fields (an agenda item), with the values it may take; `schema` is the section's, or
/// the list's entries'.
fn add_help(
    json: &serde_json::Value,
    schema: &serde_json::Value,
    field: &str,
    section: &str,
    list: bool,
) -> String {
    let values = values_of(json, &schema["properties"][field]);
    let place = if list {
        format!("to this entry of `{section}`")
    } else {
        format!("under `{section}:`")
    };
    // No one value is offered: pasted as it stood, `role: chair` made a second chair and
    // `purpose: approval` an item for information one to approve.
    if values.is_empty() {
        format!("add `{field}: ...` {place}")
    } else {
        format!(
            "add `{field}: ...` {place}, with the one of {} that it is",
            crate::suggest::one_of(&values)
        )
    }
}

/// A missing required field's error says how to add it, with the values it may take when
/// they are a list, read from the kind's schema (so from the same types that parse it).
fn with_missing_help(mut problem: Diagnostic, kind: Kind) -> Diagnostic {
    let Some(field) = missing_field(&problem) else {
        return problem;
    };
    if yaml::main_help(&problem).is_some() {
        return problem;
    }
    let json = schema_of(kind);
    let values = values_of(json, &json["properties"][field]);
    let help = if values.is_empty() {
        format!("add a line `{field}: ...` to this {}", kind.noun())
    } else {
        format!(
            "add a line `{field}: ...` to this {}, with the one of {} that it is",
            kind.noun(),
            crate::suggest::one_of(&values)
        )
    };
    yaml::set_main_help(&mut problem, help);
    problem
}

/// The words a field may take, when its schema lists them (an enum's).
fn values_of<'s>(json: &'s serde_json::Value, property: &'s serde_json::Value) -> Vec<&'s str> {
    let definition = resolve(json, property);
    let mut values: Vec<&str> = definition["enum"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    values.extend(
        definition["oneOf"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v["const"].as_str().or_else(|| v["enum"][0].as_str())),
    );
    values
}

/// The longest id, in characters (all ASCII): its page's file name (`{id}.html`), and the
/// name `watch` writes it under first (`.{id}.html.boardpack-new`), stay within the
/// 255 bytes most file systems allow: 235 + 20.
pub const MAX_ID: usize = 235;

/// Record ids and other names used in URLs: lowercase letters, digits and hyphens.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// A lowercase, hyphenated suggestion for an invalid id (`Amara Okafor` → `amara-okafor`).
pub fn suggest_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        // `café.md` becomes `cafe` and `O'Neill` `oneill`, as `boardpack new` makes ids.
        if crate::words::is_apostrophe(c) {
            continue;
        }
        if !crate::words::push_plain(c, &mut id) && !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

pub(crate) fn non_empty(
    value: &Located<String>,
    field: &str,
    origin: Origin<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    if crate::glyphs::blank(&value.value) {
        problems.push(origin.error_at(
            &value.location,
            crate::glyphs::blank_message(field, &value.value),
        ));
    }
}

pub(crate) fn check_id_list(
    values: &[Located<String>],
    field: &str,
    what: &str,
    origin: Origin<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    for value in values {
        if !is_valid_id(&value.value) {
            let mut problem = origin.error_at(
                &value.location,
                format!("`{field}`: `{}` is not a valid {what}", value.value),
            );
            let suggestion = suggest_id(&value.value);
            if !suggestion.is_empty() {
                problem = problem.with_help(format!(
                    "use lowercase letters, digits and hyphens, for example `{suggestion}`"
                ));
            }
            problems.push(problem);
        }
    }
}

/// A list of ids names each once: twice, an initiative's measure was shown and exported
/// twice, without a word. A warning at the repeat, not an error as for a person listed
/// twice at a meeting: a v1 project that repeated one still builds.
pub(crate) fn check_repeats(
    values: &[Located<String>],
    field: &str,
    origin: Origin<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    // A set, not a look back along the list: a list of thousands is read once.
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    for value in values {
        if !seen.insert(value.value.as_str()) {
            problems.push(
                origin
                    .warning_at(
                        &value.location,
                        format!("`{field}`: `{}` is listed twice", value.value),
                    )
                    .with_help(format!(
                        "take this `{}` out: it is already in the list",
                        value.value
                    )),
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const ORIGIN: Origin<'static> = Origin {
        file: "f.yaml",
        line_offset: 0,
    };

    pub fn parse_yaml<T: Fields>(text: &str) -> Result<T, Diagnostic> {
        yaml::parse_all::<T>(text, ORIGIN, T::WHAT).map_err(|mut problems| problems.remove(0))
    }

    pub fn messages(problems: &[Diagnostic]) -> Vec<String> {
        problems
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    /// Every page of a kind is in its folder, whatever the id: bodies' relative links are
    /// checked from it once per kind.
    #[test]
    fn a_kinds_pages_share_one_folder() {
        for kind in Kind::ALL {
            let (Some(page), Some(folder)) = (kind.page(), kind.page_folder()) else {
                assert!(kind.page().is_none() && kind.page_folder().is_none());
                continue;
            };
            for id in ["a", "jo-bloggs", "2026-09-board"] {
                let page = page(id);
                assert!(page.starts_with(&folder), "{page} not in {folder}");
                assert!(!page[folder.len()..].contains('/'), "{page}");
            }
        }
    }

    /// Every required field a record lacks is named at once, each with its help, in the
    /// format's order; one given with a wrong value is not called missing, nor is a
    /// field missing inside `board:` followed by the record's own.
    #[test]
    fn every_missing_field_is_named() {
        let problems = |kind, text| {
            let (record, problems) = AnyRecord::parse(kind, "x", "f", Format::Yaml, text);
            assert!(record.is_none());
            problems
        };
        let found = problems(Kind::Initiative, "title: X\nstatus: activ\n");
        assert_eq!(
            messages(&found),
            [
                "2:9: `status` has an unknown value `activ`",
                "1:1: missing required field `category`",
                "1:1: missing required field `lead`",
            ]
        );
        assert!(found[2].help.as_deref() == Some("add a line `lead: ...` to this initiative"));
        assert!(found[1].help.as_deref().unwrap().starts_with(
            "add a line `category: ...` to this initiative, with the one of `paired-learning`, "
        ));
        // A record in another kind's folder is said once, with the folder it belongs in.
        let found = problems(
            Kind::Person,
            "title: X\nmeeting: board-2026-01\nowner: a\ndue: 2026-10-31\n",
        );
        assert_eq!(
            messages(&found),
            [
                "1:1: this file is in `content/people/`, where each file is a person, but it is written as an action: `title`, `meeting`, `owner` and `due` are an action's fields"
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("move it to `content/actions/`")
        );
        let found = problems(Kind::Action, "date: 2026-01-01\npresent: []\n");
        assert_eq!(
            found[0].help.as_deref(),
            Some("move it to `content/meetings/`")
        );
        // Not when a field is no other kind's (a mistyped person), nor when one is missing.
        let found = problems(Kind::Person, "name: X\nprofession: lay\nowner: a\n");
        assert_eq!(messages(&found), ["3:1: unknown field `owner`"]);
        let found = problems(Kind::Person, "title: X\nowner: a\ndue: 2026-10-31\n");
        assert!(messages(&found)[0].contains("unknown field `title`"));
        // Nor when it has every field its own kind requires: a page or an action with a
        // `date:` (the one field a meeting requires) is not told to be a meeting.
        let found = problems(
            Kind::Action,
            "title: X\nmeeting: m\nowner: a\ndue: 2026-10-31\ndate: 2026-01-01\n",
        );
        assert_eq!(messages(&found), ["5:1: unknown field `date`"]);
        let found = problems(Kind::Page, "title: About\ndate: 2026-09-01\n");
        assert!(
            messages(&found)[0].contains("unknown field `date`"),
            "{found:?}"
        );
        // An action's `item` may be left out (FORMAT.md): not named with `meeting`.
        let found = problems(Kind::Action, "title: X\nowner: a\ndue: 2026-10-31\n");
        assert_eq!(messages(&found), ["1:1: missing required field `meeting`"]);
        let found = problems(Kind::Person, "job_title: X\n");
        assert_eq!(
            messages(&found),
            [
                "1:1: missing required field `name`",
                "1:1: missing required field `profession`",
            ]
        );
        let found = problems(Kind::Person, "name: X\nprofession: docter\n");
        assert_eq!(
            messages(&found),
            ["2:13: `profession` has an unknown value `docter`"]
        );
        let found = problems(Kind::Person, "name: X\nboard: {voting: true}\n");
        assert_eq!(
            messages(&found),
            [
                "2:9: missing required field `role` in `board`",
                "2:9: missing required field `first_appointed` in `board`",
                "1:1: missing required field `profession`"
            ]
        );
        // A section written as a block, a list's entry, and a section with one missing.
        let found = problems(
            Kind::Person,
            "name: X\nprofession: lay\nboard:\n  committees:\n  - audit\n  voting: true\ninterests: []\n",
        );
        assert_eq!(
            messages(&found),
            [
                "4:3: missing required field `role` in `board`",
                "4:3: missing required field `first_appointed` in `board`",
            ]
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("add `role: ...` under `board:`, with the one of `chair`, ")
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some("add `first_appointed: ...` under `board:`")
        );
        // An agenda item is told at its first line, not at the key the reader stopped at
        // (`paper:`, which is not what is wrong).
        let found = problems(
            Kind::Meeting,
            "date: 2026-01-01\nagenda:\n  - item: \"1\"\n    presenter: a\n    paper: files/a.pdf\n",
        );
        assert_eq!(
            messages(&found),
            [
                "3:5: missing required field `title` in `agenda`",
                "3:5: missing required field `purpose` in `agenda`",
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("add `title: ...` to this entry of `agenda`")
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some(
                "add `purpose: ...` to this entry of `agenda`, with the one of `approval`, `assurance`, `discussion` or `information` that it is"
            )
        );
        let found = problems(
            Kind::Person,
            "name: X\nprofession: lay\nboard:\n  role: chair\n",
        );
        assert_eq!(
            messages(&found),
            ["4:3: missing required field `first_appointed` in `board`"]
        );
        let found = problems(
            Kind::Initiative,
            "title: T\ncategory: delegation\nstatus: paused\nlead: a\nstart: 2026-02-01\ndue: 2026-12-31\nmilestones:\n  - title: Plan\n    due: 2026-02-01\n  - done: 2026-03-01\n\n  - title: Later\n",
        );
        assert_eq!(
            messages(&found),
            [
                "10:5: missing required field `title` in `milestones`",
                "10:5: missing required field `due` in `milestones`",
            ]
        );
    }

    /// The helps of a record's problems, in order ("" for none).
    fn helps(kind: Kind, text: &str) -> Vec<String> {
        let (_, problems) = AnyRecord::parse(kind, "x", "f", Format::Yaml, text);
        problems
            .into_iter()
            .map(|p| p.help.unwrap_or_default())
            .collect()
    }

    /// A section's field written at the start of its line is said to belong under the
    /// section, not to be one of the secretary's own or a misspelt record field.
    #[test]
    fn a_sections_field_at_the_start_of_its_line_is_sent_back_under_it() {
        assert_eq!(
            helps(
                Kind::Person,
                "name: Jo\nprofession: nurse\nfirst_appointed: 2020-01-01\n"
            ),
            [
                "`first_appointed` belongs under `board:`: write `board:` on a line of its own and indent `first_appointed:` under it by two spaces"
            ]
        );
        assert_eq!(
            helps(
                Kind::Person,
                "name: Jo\nprofession: nurse\nclinical: 6\njob_plan:\n  management: 2\n"
            ),
            [
                "`clinical` belongs under `job_plan:`: indent it by two spaces, under the `job_plan:` line with the section's other fields"
            ]
        );
        assert_eq!(
            helps(
                Kind::Initiative,
                "title: T\ncategory: other\nstatus: proposed\nlead: a\ndone: 2026-01-01\n"
            ),
            [
                "`done` belongs to an entry of `milestones:`: write `milestones:` on a line of its own, then the entry under it as `  - done: ...`"
            ]
        );
        // The notes a help begins or ends with stay when the section's help replaces it.
        let mut text = String::from("name: Jo\nprofession: nurse\n");
        for i in 0..20 {
            text.push_str(&format!("field{i}: 1\n"));
        }
        text.push_str("clinical: 6\nother: 1\n");
        let found = helps(Kind::Person, &text);
        assert_eq!(found.len(), 21);
        assert!(
            found[20].starts_with("`clinical` belongs under `job_plan:`"),
            "{}",
            found[20]
        );
        assert!(
            found[20].ends_with("mend these and check again for the rest"),
            "{}",
            found[20]
        );
        let found = helps(
            Kind::Person,
            "name: Jo\nprofession: nurse\nclinical:\u{a0}6\n",
        );
        assert!(
            found[0].starts_with("this line has a non-breaking space"),
            "{}",
            found[0]
        );
        assert_eq!(
            helps(
                Kind::Person,
                "name: Jo\nprofession: nurse\nboard: { role: chair, first_appointed: 2020-01-01 }\ncommittees: [audit]\n"
            ),
            ["`committees` belongs under `board:`: write it inside the brackets of `board:`"]
        );
        // A field of no section keeps the record's help.
        assert!(
            helps(Kind::Person, "name: Jo\nprofession: nurse\ncolour: red\n")[0]
                .ends_with("put fields of your own under `extra:`")
        );
    }

    /// A list written as text, or an entry of fields written as text, is shown written
    /// as one.
    #[test]
    fn a_list_written_as_text_gets_how_to_write_one() {
        assert_eq!(
            helps(
                Kind::Meeting,
                "date: 2026-09-01\npresent: jo-bell, sam-lee\ndecisions:\n  - Approved the budget\nagenda:\n  - Welcome\n"
            ),
            [
                "write a list in square brackets: `present: [jo-bell, sam-lee]`",
                "write the entry as its fields: `- text: Approved the budget`",
                "write the entry as its fields: `- { item: ..., title: ..., purpose: ... }`",
            ]
        );
        assert_eq!(
            helps(
                Kind::Person,
                "name: Jo\nprofession: lay\nboard: { role: chair, first_appointed: 2020-01-01, committees: audit }\ninterests: none\n"
            ),
            [
                "write a list in square brackets: `committees: [audit]`",
                "for nothing to declare, write a nil return: `interests: [{ nil: true, declared: 2026-04-01 }]`; each interest held is an entry of its own, on a line starting with `- `",
            ]
        );
    }

    /// `confidential: true` carried under `extra:` by an editor's indent hid nothing: an
    /// error, so the build does not publish the record; another field there, a warning.
    #[test]
    fn a_field_of_the_record_under_extra_is_named() {
        let text = "name: Jo\nprofession: nurse\nextra:\n  pronouns: she/her\n  confidential: true\n  job_title: Nurse\n";
        let (record, problems) = AnyRecord::parse(Kind::Person, "x", "f", Format::Yaml, text);
        assert!(record.is_some());
        assert_eq!(
            messages(&problems),
            [
                "5:3: `confidential` is written under `extra:`, where it is a field of your own and does nothing: the person is not kept out of the report",
                "6:3: `job_title` is written under `extra:`, where it is a field of your own and does nothing",
            ]
        );
        assert_eq!(problems[0].severity, crate::diagnostic::Severity::Error);
        assert_eq!(problems[1].severity, crate::diagnostic::Severity::Warning);
        // At its own line, not a nested key's of the same name; `false` hides nothing, so
        // it is only said.
        let text = "name: Jo\nprofession: nurse\nextra:\n  social:\n    name: jo\n  name: Jo\n  draft: false\n";
        let (_, problems) = AnyRecord::parse(Kind::Person, "x", "f", Format::Yaml, text);
        assert_eq!(
            messages(&problems),
            [
                "7:3: `draft` is written under `extra:`, where it is a field of your own and does nothing",
                "6:3: `name` is written under `extra:`, where it is a field of your own and does nothing",
            ]
        );
        assert!(
            problems
                .iter()
                .all(|p| p.severity == crate::diagnostic::Severity::Warning)
        );
        let (_, problems) = AnyRecord::parse(
            Kind::Person,
            "x",
            "f",
            Format::Yaml,
            "name: Jo\nprofession: nurse\nextra:\n  pronouns: she/her\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
    }

    /// Cut every example record short at many points: each prefix must parse or give a
    /// diagnostic with a line inside the file, never panic.
    #[test]
    fn truncated_records_never_panic() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut parsed = 0;
        for kind in Kind::ALL {
            let Ok(entries) = std::fs::read_dir(content.join(kind.folder())) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                let format =
                    Format::from_extension(&path.extension().unwrap().to_string_lossy()).unwrap();
                let text = std::fs::read_to_string(&path).unwrap();
                let lines = text.lines().count().max(1);
                for (cut, _) in text.char_indices().step_by(3) {
                    let (_, problems) = AnyRecord::parse(*kind, "x", "f", format, &text[..cut]);
                    for problem in problems {
                        assert!(
                            problem.line >= 1 && problem.line <= lines + 1,
                            "{path:?} cut at {cut}: {problem:?}"
                        );
                    }
                    parsed += 1;
                }
            }
        }
        assert!(
            parsed > 1_000,
            "the example content was not found ({parsed} prefixes)"
        );
    }

    #[test]
    fn ids() {
        for good in ["amara-okafor", "q3-2026", "a", "0"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "-a",
            "Amara",
            "amara_okafor",
            "amara okafor",
            "é",
            "a.b",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(suggest_id("Amara Okafor"), "amara-okafor");
        assert_eq!(suggest_id("Q3_2026 board!"), "q3-2026-board");
        assert_eq!(suggest_id("Café Étude"), "cafe-etude");
        assert_eq!(suggest_id("José García"), "jose-garcia");
        assert_eq!(
            suggest_id("Jo O'Neill"),
            crate::words::id_from("Jo O'Neill")
        );
    }

    #[test]
    fn markdown_records_keep_file_lines() {
        let text = "---\ntitle: Foreword\nweigth: 1\n---\nBody\n";
        let (record, problems) = parse::<Page>(
            "foreword",
            "content/pages/foreword.md",
            Format::Markdown,
            text,
        );
        assert!(record.is_none());
        assert_eq!(messages(&problems), ["3:1: unknown field `weigth`"]);
        let text = "---\ntitle: Foreword\nweight: 1\n---\nBody\n";
        let (record, problems) = parse::<Page>(
            "foreword",
            "content/pages/foreword.md",
            Format::Markdown,
            text,
        );
        assert!(problems.is_empty());
        let body = record.unwrap().body.unwrap();
        assert_eq!((&*body.markdown, body.first_line), ("Body\n", 5));
    }

    #[test]
    fn markdown_without_front_matter() {
        let (_, problems) = parse::<Page>("p", "p.md", Format::Markdown, "# Just text\n");
        assert_eq!(
            messages(&problems),
            [
                "1:1: a Markdown record must start with front matter: a line `---`, the fields, then `---`"
            ]
        );
        let (_, problems) = parse::<Page>(
            "p",
            "p.md",
            Format::Markdown,
            "---\ntitle: x\n# Just text\n",
        );
        assert_eq!(messages(&problems), ["1:1: the front matter is not closed"]);
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you forget the `---` line between the fields and the text?")
        );
        // Closed by a rule further down: the prose is read as YAML; the help says where
        // the `---` belongs.
        let (_, problems) = parse::<Page>(
            "p",
            "p.md",
            Format::Markdown,
            "---\ntitle: Forgot close\n\nThis report sets out our work.\nIt has two lines.\n\n---\nMore text.\n",
        );
        assert_eq!(problems.len(), 1, "{:?}", messages(&problems));
        assert_eq!(
            problems[0].help.as_deref(),
            Some(
                "is the text part of the front matter? The fields end with a line `---`, and the first one after line 1 is at line 7: if the fields end at line 3, put `---` there"
            ),
            "{:?}",
            messages(&problems)
        );
        // A field after a blank line is a field: its own help stays.
        let (_, problems) = parse::<Page>(
            "p",
            "p.md",
            Format::Markdown,
            "---\ntitle: T\n\ntitel: x\n---\nText.\n",
        );
        assert!(
            !problems[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("front matter"),
            "{:?}",
            problems[0].help
        );
    }
}
