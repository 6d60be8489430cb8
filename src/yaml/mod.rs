//! YAML to typed records, with every error turned into a [`Diagnostic`] that names the field.
//!
//! serde-saphyr knows where an error is; serde_path_to_error knows which field it was in. This
//! module joins the two, shifts lines for front matter, and words the message for a person
//! rather than a programmer (no Rust type names, no `ScanError { .. }`).

use crate::diagnostic::Diagnostic;
use crate::suggest;
use serde::de::DeserializeOwned;
use serde_saphyr::Error as YamlError;
use serde_saphyr::MessageFormatter;

mod simple;

/// Where a YAML block comes from: the file (relative to the project) and how many lines of the
/// file come before the block (1 for front matter, after the opening `---`).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub line_offset: usize,
}

impl Origin<'_> {
    /// Position in the file of a location serde-saphyr reported inside the block.
    pub fn position(&self, location: &serde_saphyr::Location) -> (usize, usize) {
        let line = usize::try_from(location.line()).unwrap_or(usize::MAX);
        let column = usize::try_from(location.column()).unwrap_or(usize::MAX);
        if line == 0 {
            (self.line_offset + 1, 1)
        } else {
            (line.saturating_add(self.line_offset), column.max(1))
        }
    }

    pub fn error_at(
        &self,
        location: &serde_saphyr::Location,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.position(location);
        Diagnostic::error(self.file, line, column, message)
    }

    pub fn warning_at(
        &self,
        location: &serde_saphyr::Location,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: crate::diagnostic::Severity::Warning,
            ..self.error_at(location, message)
        }
    }
}

/// `location` with only its line and column, as [`simple`] gives it: a value's place is
/// the same whichever reader parsed it (boardpack reads nothing else of it).
pub fn line_and_column(location: &serde_saphyr::Location) -> serde_saphyr::Location {
    self::location(
        usize::try_from(location.line()).unwrap_or(usize::MAX),
        usize::try_from(location.column()).unwrap_or(usize::MAX),
    )
}

/// The place at `line` and `column` (from 1) of a record's YAML.
pub fn location(line: usize, column: usize) -> serde_saphyr::Location {
    use serde::Deserialize;
    let (line, column) = (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    );
    let fields = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
        [("line", line), ("column", column)].into_iter(),
    );
    serde_saphyr::Location::deserialize(fields).unwrap_or(serde_saphyr::Location::UNKNOWN)
}

/// Limits that keep a hostile record (alias bombs, deep nesting) from exhausting the machine.
/// Real records are shallow and small; these are far above anything a report needs.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        with_snippet: false,
        // A value tagged binary in any spelling (`!binary`, a `%TAG` alias, escapes in the
        // tag) stays its base64 text: decoded, it could carry characters the check of the
        // text never saw. [`find_escape_or_tag`] refuses it.
        ignore_binary_tag_for_string: true,
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_events: 2_000_000,
            max_nodes: 1_000_000,
            max_total_scalar_bytes: 16 * 1024 * 1024,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
    }
}

/// Whether a character may not appear in a text value (FORMAT.md v2): every control
/// character but tab and line breaks, and the invisible bidirectional overrides and
/// isolates (U+202A to U+202E, U+2066 to U+2069), which can make a name or a figure read
/// differently from what is stored ("Trojan Source"). They are invisible in an editor, and
/// would reach the pages, the exports and the terminal.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn control_problem(c: char, file: &str, line: usize, column: usize, escaped: bool) -> Diagnostic {
    let how = if escaped {
        " (written as an escape in double quotes)"
    } else {
        ""
    };
    Diagnostic::error(
        file,
        line,
        column,
        format!(
            "text may not hold control characters; found U+{:04X}{how}",
            u32::from(c)
        ),
    )
    .with_help("delete it: control characters are invisible here and would reach the report")
}

/// The first forbidden character written in `text` as it is, at its line and column.
/// `first_line` is the file line `text` starts on.
pub fn find_control(text: &str, file: &str, first_line: usize) -> Option<Diagnostic> {
    // Every forbidden character starts with a byte that few texts hold: an ASCII control,
    // 0xC2 (C1 controls) or 0xE2 (the bidi overrides, but also curly quotes and dashes).
    // Bytes are scanned for those, and only the characters they start are decoded. The
    // test has no branch, so that over 64 bytes at a time the compiler makes it a few
    // vector instructions: a stretch with none of those bytes is passed over, and only a
    // stretch with one is looked at byte by byte. At 100,000 initiatives a byte-by-byte
    // scan of a table was 3.6 % of `check`'s CPU.
    let suspicious = |b: u8| {
        ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
            | (b == 0x7F)
            | (b == 0xC2)
            | (b == 0xE2)
    };
    let clean = |chunk: &[u8]| !chunk.iter().fold(false, |found, &b| found | suspicious(b));
    let bytes = text.as_bytes();
    let mut from = 0;
    while from < bytes.len() {
        let end = bytes.len().min(from + 64);
        let Some(offset) = (!clean(&bytes[from..end]))
            .then(|| bytes[from..end].iter().position(|&b| suspicious(b)))
            .flatten()
        else {
            from = end;
            continue;
        };
        // Each of those bytes is ASCII or a character's first byte, never one inside a
        // character: `at` is a boundary, wherever the stretch began.
        let at = from + offset;
        let c = text[at..].chars().next()?;
        if is_forbidden(c) {
            let (line, column) = crate::diagnostic::line_and_column(text, at, first_line);
            return Some(control_problem(c, file, line, column, false));
        }
        from = at + c.len_utf8();
    }
    None
}

/// The first value of a YAML block holding a forbidden character written as an escape
/// (`"\e"`, `"\x07"`): the text itself is clean, the value is not. Only double-quoted
/// values have escapes, so a block without a backslash or a tag is not parsed again. A
/// `!!binary` value is refused too, whatever it decodes to: its base64 hides any character
/// from [`find_control`], and no field of a record is bytes. So is any tag but YAML's own
/// types (`!!str`, `!!int` and the like) and `!`: serde-saphyr reads `name: !secret Jo` as
/// `Jo`, and a secretary who wrote `!secret` would see the name published.
fn find_escape_or_tag(text: &str, origin: Origin<'_>) -> Option<Diagnostic> {
    use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
    // Every tag starts with `!`.
    if !text.contains('\\') && !text.contains('!') {
        return None;
    }
    let mut path = Path::default();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            // The deserialiser reports the syntax error.
            return None;
        };
        let line = span.start.line() + origin.line_offset;
        let column = span.start.col() + 1;
        let tag = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, _, tag)
            | Event::MappingStart(_, _, tag) => tag.as_deref(),
            _ => None,
        };
        let field = path.step(&event);
        if let Some(tag) = tag {
            // The tag's own place: a tagged list or mapping starts on the line after it.
            let (line, column) = span.tag_start().map_or((line, column), |at| {
                (at.line() + origin.line_offset, at.col() + 1)
            });
            let field = field.map_or(String::new(), |f| format!("`{f}`: "));
            if format!("{}{}", tag.handle(), tag.suffix()) == "tag:yaml.org,2002:binary" {
                return Some(
                    Diagnostic::error(
                        origin.file,
                        line,
                        column,
                        format!(
                            "{field}a `!!binary` value is not text, and no field of a record takes one"
                        ),
                    )
                    .with_help("write the text itself, without the `!!binary` tag and its base64"),
                );
            }
            let written = tag.original();
            if tag.core_suffix().is_none() && written != "!" {
                return Some(
                    Diagnostic::error(
                        origin.file,
                        line,
                        column,
                        format!(
                            "{field}boardpack does not read the YAML tag `{written}`: it would be dropped and the value published"
                        ),
                    )
                    .with_help(format!(
                        "remove `{written}`, or put the value in quotes if the `!` is part of its text (\"{written} …\"); to keep a record out of the public report, give it `confidential: true`"
                    )),
                );
            }
        }
        if let Event::Scalar(value, ScalarStyle::DoubleQuoted, ..) = event
            && let Some(c) = value.chars().find(|c| is_forbidden(*c))
        {
            return Some(control_problem(c, origin.file, line, column, true));
        }
    }
    None
}

/// Where the event scan of [`find_escape_or_tag`] is, as the field names a message gives
/// (`points.value`, `agenda.presenter`: list positions left out, as serde's paths are).
#[derive(Default)]
struct Path {
    /// Each open mapping's key being read (`None` while the next event is a key) and each
    /// open list (`Err`).
    open: Vec<Result<Option<String>, ()>>,
}

/// A key being read that is itself a list or mapping: no YAML text is this string.
const COMPLEX_KEY: &str = "\u{0}key";

impl Path {
    /// Moves past `event`, and returns the field a node starting here is the value of (for
    /// a key, or a node outside any mapping, none).
    fn step(&mut self, event: &serde_saphyr::granit_parser::Event<'_>) -> Option<String> {
        use serde_saphyr::granit_parser::Event;
        let starts = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
        );
        let mut field = None;
        if starts {
            match self.open.last_mut() {
                // A key: remembered for the value after it. A list or mapping as a key
                // (`? [a, b]`) has no name; its end leaves the value to come.
                Some(Ok(key @ None)) => {
                    if let Event::Scalar(words, ..) = event {
                        *key = Some(words.to_string());
                        return None;
                    }
                    *key = Some(COMPLEX_KEY.to_string());
                }
                _ => field = Some(self.name()).filter(|name| !name.is_empty()),
            }
        }
        match event {
            Event::SequenceStart(..) => self.open.push(Err(())),
            Event::MappingStart(..) => self.open.push(Ok(None)),
            Event::SequenceEnd | Event::MappingEnd => {
                self.open.pop();
                self.value_done();
            }
            Event::Scalar(..) | Event::Alias(..) => self.value_done(),
            _ => {}
        }
        field
    }

    /// A node is read: after a mapping's value its next event is a key; after a key that
    /// is a list or mapping, its value.
    fn value_done(&mut self) {
        if let Some(Ok(key @ Some(_))) = self.open.last_mut() {
            *key = match key.as_deref() {
                Some(COMPLEX_KEY) => Some(String::new()),
                _ => None,
            };
        }
    }

    fn name(&self) -> String {
        let keys: Vec<&str> = self
            .open
            .iter()
            .filter_map(|frame| frame.as_ref().ok().and_then(Option::as_deref))
            .filter(|key| !key.is_empty() && *key != COMPLEX_KEY)
            .collect();
        keys.join(".")
    }
}

/// Why a text did not read: refused before the reader was asked (a control character, an
/// escape or a tag), or the reader's first error and the field it is in.
enum Failure {
    Refused(Diagnostic),
    Read(Box<(YamlError, Option<serde_path_to_error::Path>)>),
}

fn read<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Failure> {
    if let Some(problem) = find_control(text, origin.file, origin.line_offset + 1)
        .or_else(|| find_escape_or_tag(text, origin))
    {
        return Err(Failure::Refused(problem));
    }
    if let Some(value) = simple::parse::<T>(text) {
        return Ok(value);
    }
    // Tracking the field path costs an allocation per key, for every field of every record:
    // a fifth of the load time on a large report. Parsing is deterministic, so a record that
    // fails is simply parsed again with the path tracked, to say which field it was.
    serde_saphyr::with_deserializer_from_str_with_options(text, options(), |d| T::deserialize(d))
        .or_else(|_| read_tracked(text).map_err(Failure::Read))
}

/// The keys of the mapping `text` holds, when it reads as one: after a required field is
/// found missing, which others are.
pub fn keys(text: &str) -> Option<Vec<String>> {
    use serde::Deserialize;
    serde_saphyr::with_deserializer_from_str_with_options(text, options(), |deserializer| {
        std::collections::BTreeMap::<String, serde::de::IgnoredAny>::deserialize(deserializer)
    })
    .ok()
    .map(|keys| keys.into_keys().collect())
}

/// The mapping whose key the reader stopped at (`line` and `column`, from 1, in `text`),
/// when it reads as one: a section (`board:`) or a list's entry, written as a block or
/// inside `{ }`. Its first key's line and column, and its keys: after a field of a section
/// is found missing, which others are, told at the entry they are missing from rather than
/// at the key the reader happened to stop at.
pub fn mapping_at(text: &str, line: usize, column: usize) -> Option<((usize, usize), Vec<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let at = line.checked_sub(1)?;
    let here = *lines.get(at)?;
    let column = column.checked_sub(1)?;
    if key_column(here) != column {
        // Inside `{ }`: the innermost `{` open at the key, to the `}` that closes it on the
        // same line (quoted braces, `"Plan {v2}"`, are text). The column counts characters.
        let byte = here
            .char_indices()
            .nth(column)
            .map_or(here.len(), |(i, _)| i);
        let mut open: Vec<(usize, char)> = Vec::new();
        // Where the mapping holding the key starts, and how many are open with it.
        let mut holding: Option<(usize, usize)> = None;
        for (place, mark) in flow_marks(here) {
            if holding.is_none() && place >= byte {
                let &(start, kind) = open.last()?;
                if kind != '{' {
                    return None;
                }
                holding = Some((start, open.len()));
            }
            match mark {
                '{' | '[' => open.push((place, mark)),
                _ => {
                    if let Some((start, depth)) = holding
                        && open.len() == depth
                    {
                        if mark != '}' {
                            return None;
                        }
                        // The first key after the `{`, in characters.
                        let inner = &here[start + 1..];
                        let key = start + 1 + (inner.len() - inner.trim_start().len());
                        let key_column = here[..key].chars().count() + 1;
                        return Some(((line, key_column), keys(&here[start..=place])?));
                    }
                    open.pop();
                }
            }
        }
        return None;
    }
    // The first line of a list's entry (`  - title: ...`) holds its first key after `- `.
    let starts_entry = |line: &str| {
        indent(line) + 2 <= column
            && line.trim_start().starts_with("- ")
            && key_column(line) == column
    };
    let inside = |line: &str| blank(line) || indent(line) >= column;
    let mut first = at;
    while first > 0 && !starts_entry(lines[first]) && inside(lines[first - 1]) {
        first -= 1;
    }
    if first > 0 && !starts_entry(lines[first]) && starts_entry(lines[first - 1]) {
        first -= 1;
    }
    let mut end = at + 1;
    while end < lines.len() && inside(lines[end]) {
        end += 1;
    }
    // A `{ }` or `[ ]` running over these lines (`board: {role: chair,` then `  voting:
    // true}`) is not a block: its lines cut out would read as other keys. [`starts`] knows
    // the line each line's value begins on.
    if starts(&lines[..end])[first..]
        .iter()
        .any(|&start| start < first)
    {
        return None;
    }
    let mapping: String = lines[first..end]
        .iter()
        .map(|&line| {
            let line = if starts_entry(line) {
                line.replacen("- ", "  ", 1)
            } else {
                line.to_string()
            };
            let cut = column.min(indent(&line));
            format!("{}\n", &line[cut..])
        })
        .collect();
    // Told at its first key: past blank lines and comments (`board:` then `  # chair from
    // 2024`, or `- # second item`), which the walk above takes in.
    let key_line = (first..end)
        .find(|&at| {
            let line = lines[at];
            let rest = line[key_column(line).min(line.len())..].trim_start();
            !rest.is_empty() && !rest.starts_with('#')
        })
        .unwrap_or(first);
    Some(((key_line + 1, column + 1), keys(&mapping)?))
}

/// The flow brackets (`{ [ } ]`) of a line with their byte places: outside quoted text and
/// before a comment. A quote opens quoted text only where a value may start (after `{`,
/// `[`, `,`, `:`, `-` or at the line's start), so the apostrophe of `it's` is a letter.
fn flow_marks(line: &str) -> Vec<(usize, char)> {
    flow_scan(line).0
}

/// [`flow_marks`], and where the line's comment begins (a `#` after a space, outside
/// quoted text), if it has one.
fn flow_scan(line: &str) -> (Vec<(usize, char)>, Option<usize>) {
    let mut marks = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut quote: Option<char> = None;
    let mut before: Option<char> = None;
    while let Some((place, c)) = chars.next() {
        match quote {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek().is_some_and(|&(_, next)| next == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\''
                    if before.is_none_or(|b| matches!(b, '{' | '[' | ',' | ':' | '-' | '?')) =>
                {
                    quote = Some(c)
                }
                '#' if line[..place].ends_with([' ', '\t']) || place == 0 => {
                    return (marks, Some(place));
                }
                '{' | '[' | '}' | ']' => marks.push((place, c)),
                _ => {}
            },
        }
        if !c.is_whitespace() {
            before = Some(c);
        }
    }
    (marks, None)
}

/// `text` read into a `T`, or its first error and the field it is in.
fn read_tracked<T: DeserializeOwned>(
    text: &str,
) -> Result<T, Box<(YamlError, Option<serde_path_to_error::Path>)>> {
    let mut path = None;
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(text, options(), |deserializer| {
            serde_path_to_error::deserialize(deserializer).map_err(|error| {
                path = Some(error.path().clone());
                error.into_inner()
            })
        });
    result.map_err(|error| {
        let error = match error {
            YamlError::WithSnippet { error, .. } => *error,
            other => other,
        };
        Box::new((error, path))
    })
}

/// Deserialises `text` into `T`, or gives each of its problems, worded for a secretary.
/// `what` names the record for messages ("a person record"). A control character in the
/// block, written or escaped, is refused first, and is then the one problem. Otherwise a
/// secretary who wrote two wrong values should not find the second only after mending the
/// first and building again. The reader stops at the first problem, so after a problem with one value or key
/// what it is in is left out (see [`Lines::leave_out`]) and the text read again, until it
/// reads or a problem is of another sort: a missing field is reported and ends the list;
/// broken YAML, which leaving out lines inside brackets could cause, ends it unreported.
/// A problem that leaving out lines may have caused is never reported. A text refused
/// before reading has that one problem.
pub fn parse_all<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    what: &str,
) -> Result<T, Vec<Diagnostic>> {
    match read::<T>(text, origin) {
        Ok(value) => Ok(value),
        Err(Failure::Refused(problem)) => Err(vec![problem]),
        Err(Failure::Read(failed)) => {
            let (error, path) = *failed;
            let mut problems = vec![to_diagnostic(&error, path.as_ref(), text, origin, what)];
            problems.extend(later_problems::<T>(text, (error, path), origin, what));
            for problem in &mut problems {
                non_breaking_help(problem, text, origin);
            }
            Err(problems)
        }
    }
}

/// A non-breaking space pasted from Word or Outlook looks like a space and is not one to
/// YAML: as an indent it made `  role` an unknown field, after a colon it joined key and
/// value, after a word it made `nurse ` an unknown value beside `nurse`. A problem at a
/// line holding one says so first, whatever YAML made of it.
fn non_breaking_help(problem: &mut Diagnostic, text: &str, origin: Origin<'_>) {
    let Some(line) = problem
        .line
        .checked_sub(origin.line_offset + 1)
        .and_then(|at| text.lines().nth(at))
    else {
        return;
    };
    if !line.contains('\u{a0}') {
        return;
    }
    problem.help = Some(match problem.help.take() {
        Some(help) => format!("{NON_BREAKING}; {help}"),
        None => NON_BREAKING.to_string(),
    });
}

/// The notes a problem's help may begin or end with, whatever else it says.
const NON_BREAKING: &str = "this line has a non-breaking space (pasted from Word or Outlook), which looks like a space but is not one: type the spaces on this line again";

fn more_problems() -> String {
    format!(
        "this file has more problems than the {} shown: mend these and check again for the rest",
        LATER_PROBLEMS + 1
    )
}

/// A problem's help without the notes [`non_breaking_help`] and [`later_problems`] put
/// before and after it: what the problem itself is given. None when that is nothing.
pub fn main_help(problem: &Diagnostic) -> Option<&str> {
    let help = problem.help.as_deref()?;
    let help = help.strip_prefix(NON_BREAKING).unwrap_or(help);
    let more = more_problems();
    let help = help.strip_suffix(more.as_str()).unwrap_or(help);
    let help = help.trim_matches(|c| c == ';' || c == ' ');
    (!help.is_empty()).then_some(help)
}

/// Gives `problem` the help `help` in place of what it had, keeping those notes.
pub fn set_main_help(problem: &mut Diagnostic, help: String) {
    let old = problem.help.take().unwrap_or_default();
    let mut parts = Vec::new();
    if old.starts_with(NON_BREAKING) {
        parts.push(NON_BREAKING.to_string());
    }
    parts.push(help);
    let more = more_problems();
    if old.ends_with(more.as_str()) {
        parts.push(more);
    }
    problem.help = Some(parts.join("; "));
}

/// At most this many problems a file after its first, and at most this many bytes read
/// again to find them: a hostile file of thousands of wrong lines is not read thousands
/// of times.
const LATER_PROBLEMS: usize = 20;
const LATER_READING: usize = 4 * 1024 * 1024;

fn later_problems<T: DeserializeOwned>(
    text: &str,
    first: (YamlError, Option<serde_path_to_error::Path>),
    origin: Origin<'_>,
    what: &str,
) -> Vec<Diagnostic> {
    let lines = Lines::new(text);
    // Explicit keys (`? key` then `: value`) pair lines in a way leaving out lines one by one
    // cannot follow.
    if lines.text.iter().any(|line| {
        let entry = line.trim_start_matches([' ', '\t']);
        entry == "?" || entry.starts_with("? ")
    }) {
        return Vec::new();
    }
    let mut left = Left::new(lines.text.len());
    // Reading again also takes out what a left-out line held, unreported: twice the
    // problems, at most.
    let readings = (LATER_READING / text.len().max(1)).min(2 * LATER_PROBLEMS);
    let mut later: Vec<Diagnostic> = Vec::new();
    let (mut error, path) = first;
    let mut next_out = lines.to_leave_out(&error, path.as_ref());
    for _ in 0..readings {
        let Some(line) = next_out.filter(|&line| !left.out[line]) else {
            break;
        };
        let parent = lines.leave_out(line, &mut left);
        if let YamlError::SerdeUnknownField {
            field, expected, ..
        } = &error
            && let Some(meant) = suggest::nearest(field, expected.iter().copied())
        {
            left.keys.push(meant.to_string());
        }
        let Err(failed) = read_tracked::<T>(&lines.without(&left.out)) else {
            break;
        };
        let (next, next_path) = *failed;
        // A missing field is placed at the start of the fields it is missing from.
        let caused = match &next {
            YamlError::SerdeMissingField { field, .. } => left.keys.iter().any(|k| k == field),
            _ => line_index(&next, lines.text.len())
                .is_none_or(|at| left.out[at] || left.holding[at] || lines.blank(at)),
        };
        if caused {
            // What held the line left out (an agenda item, `board:`) goes too, unreported,
            // and the rest of the file is read on.
            next_out = parent;
            continue;
        }
        let reported = is_value_problem(&next, next_path.as_ref())
            || matches!(next, YamlError::SerdeMissingField { .. });
        if !reported {
            break;
        }
        if later.len() == LATER_PROBLEMS {
            // Said, so the count under the list does not read as all there is.
            if let Some(last) = later.last_mut() {
                let more = more_problems();
                last.help = Some(match last.help.take() {
                    Some(help) => format!("{help}; {more}"),
                    None => more,
                });
            }
            break;
        }
        later.push(to_diagnostic(&next, next_path.as_ref(), text, origin, what));
        next_out = lines.to_leave_out(&next, next_path.as_ref());
        error = next;
    }
    later
}

/// A problem with one value or key, which leaving out its line takes away. A value of the
/// wrong shape (a word where a list belongs) is one only inside a field: the record itself
/// of the wrong shape (a list, prose) is one problem however many lines it has. A key
/// written twice is always the writer's: leaving out lines cannot make one.
fn is_value_problem(error: &YamlError, path: Option<&serde_path_to_error::Path>) -> bool {
    let in_field = !field_keys(path).is_empty();
    matches!(
        error,
        YamlError::Unexpected { .. }
            | YamlError::ExternallyTaggedEnumExpectedScalarOrMapping { .. }
            | YamlError::UnexpectedValueForUnitEnumVariant { .. }
    ) && in_field
        || matches!(
            error,
            YamlError::SerdeUnknownField { .. }
                | YamlError::SerdeUnknownVariant { .. }
                | YamlError::SerdeInvalidType { .. }
                | YamlError::SerdeInvalidValue { .. }
                | YamlError::Message { .. }
                | YamlError::InvalidScalar { .. }
                | YamlError::InvalidBooleanStrict { .. }
                | YamlError::NullIntoString { .. }
                | YamlError::NonFiniteFloat { .. }
                | YamlError::DuplicateMappingKey { .. }
        )
}

/// The line (from 0) of the text an error is at, when it has one.
fn line_index(error: &YamlError, lines: usize) -> Option<usize> {
    let line = usize::try_from(error.location()?.line()).ok()?;
    (1..=lines).contains(&line).then(|| line - 1)
}

/// What has been left out of a text: its lines, the lines holding one left out (so a
/// problem there comes of the leaving out), and the fields that may be missing for it:
/// the keys left out, and the field an unknown one was likely meant to be (`profesion`),
/// missing because it was misspelt, the one mistake.
struct Left {
    out: Vec<bool>,
    holding: Vec<bool>,
    keys: Vec<String>,
}

impl Left {
    fn new(lines: usize) -> Left {
        Left {
            out: vec![false; lines],
            holding: vec![false; lines],
            keys: Vec::new(),
        }
    }
}

/// A record's YAML by line, as [`later_problems`] leaves lines out of it.
struct Lines<'t> {
    text: Vec<&'t str>,
    /// For each line, the line the value it is part of begins on: itself, or an earlier
    /// line whose `[`, `{` or quote it continues, or whose `|` or `>` block it is in.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        let text: Vec<&str> = text.split('\n').collect();
        let starts = starts(&text);
        Lines { text, starts }
    }

    /// The text without the lines left out (each an empty line, so the others keep their
    /// numbers).
    fn without(&self, out: &[bool]) -> String {
        self.text
            .iter()
            .zip(out)
            .map(|(line, out)| if *out { "" } else { line })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn indent(&self, line: usize) -> usize {
        indent(self.text[line])
    }

    fn blank(&self, line: usize) -> bool {
        blank(self.text[line])
    }

    /// An entry of a list (`- ...`).
    fn item(&self, line: usize) -> bool {
        let entry = self.text[line].trim_start_matches(' ');
        entry == "-" || entry.starts_with("- ")
    }

    /// The key a line starts with (`key: value`, `- key: value`, `key:`), if any.
    fn key(&self, line: usize) -> Option<&'t str> {
        let entry = self.text[line].trim_start_matches(' ');
        let entry = entry.strip_prefix("- ").unwrap_or(entry).trim_start();
        // A quoted key (`"name": A`) is its text.
        if let Some(quote) = entry.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let (key, rest) = entry[1..].split_once(quote)?;
            let rest = rest.trim_start().strip_prefix(':')?;
            return (rest.is_empty() || rest.starts_with([' ', '\t', '\r'])).then_some(key);
        }
        let (key, rest) = entry.split_once(':')?;
        let key = key.trim_end();
        let plain = !key.is_empty() && !key.contains(['{', '[', ',', '#', '"', '\'', '&', '*']);
        (plain && (rest.is_empty() || rest.starts_with([' ', '\t', '\r']))).then_some(key)
    }

    /// Whether `key` is a key on the line: at its start, or inside `{ ... }`.
    fn has_key(&self, line: usize, key: &str) -> bool {
        if self.key(line) == Some(key) {
            return true;
        }
        let text = self.text[line];
        text.match_indices(key).any(|(at, _)| {
            let before = text[..at].trim_end();
            let after = text[at + key.len()..].trim_start();
            (before.ends_with('{') || before.ends_with(',')) && after.starts_with(':')
        })
    }

    /// The line holding `line`: the nearest before it less indented, or, for a list entry,
    /// a key at its own indent (`decisions:` then `- { ... }` under its first letter).
    fn parent(&self, line: usize) -> Option<usize> {
        let own = self.indent(line);
        let item = self.item(line);
        (0..line).rev().find(|&above| {
            !self.blank(above)
                && self.starts[above] == above
                && (self.indent(above) < own
                    || item && self.indent(above) == own && !self.item(above))
        })
    }

    /// The line to leave out for a problem: its own, or, when the problem is with a value
    /// that is not on the line of its key (a list where a word belongs, a `|` block where a
    /// list does), the key's.
    fn to_leave_out(
        &self,
        error: &YamlError,
        path: Option<&serde_path_to_error::Path>,
    ) -> Option<usize> {
        if !is_value_problem(error, path) {
            return None;
        }
        // A value wrapped over lines is left out from where it begins.
        let line = self.starts[line_index(error, self.text.len())?];
        let own_key = matches!(
            error,
            YamlError::SerdeUnknownField { .. } | YamlError::DuplicateMappingKey { .. }
        );
        if !own_key
            && let Some(field) = field_keys(path).last()
            && !self.has_key(line, field)
        {
            let mut above = self.parent(line);
            while let Some(at) = above {
                if self.has_key(at, field) {
                    return Some(at);
                }
                above = self.parent(at);
            }
        }
        // A value on a line of its own under its key: the key goes with it.
        if self.key(line).is_none() && !self.item(line) {
            return self.parent(line).or(Some(line));
        }
        Some(line)
    }

    /// Leaves out `line` and what belongs to it: the lines indented under it, a list under
    /// its key at the key's own indent, and the lines a value begun on it runs on to (a
    /// `{` or `[`, a quote, a `|` block). Marks the lines holding it, and notes its key.
    /// Returns the line holding it.
    fn leave_out(&self, line: usize, left: &mut Left) -> Option<usize> {
        left.out[line] = true;
        if let Some(key) = self.key(line) {
            left.keys.push(key.to_string());
        }
        let own = self.indent(line);
        // A key with its value below (an entry's key has its own under the entry anyway).
        let opens_list = !self.item(line) && uncommented(self.text[line]).ends_with(':');
        for below in line + 1..self.text.len() {
            let start = self.starts[below];
            if start != below {
                // The rest of a value begun on a line left out goes with it.
                if left.out[start] {
                    left.out[below] = true;
                    continue;
                }
                break;
            }
            if self.blank(below) {
                continue;
            }
            let indent = self.indent(below);
            if indent > own || opens_list && indent == own && self.item(below) {
                left.out[below] = true;
                // Its field, if it has one, may then be missing: not the writer's doing.
                if let Some(key) = self.key(below) {
                    left.keys.push(key.to_string());
                }
            } else {
                break;
            }
        }
        let parent = self.parent(line);
        let mut above = parent;
        while let Some(at) = above {
            left.holding[at] = true;
            above = self.parent(at);
        }
        parent
    }
}

/// For each of `lines`, the line the value it is part of begins on (see [`Lines`]): a line
/// begins a value of its own unless a `[` or `{` or a quote is open at its start, or it is
/// in a `|` or `>` block (more indented than the line that opened it, or blank).
fn starts(lines: &[&str]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(lines.len());
    let (mut depth, mut quote) = (0_usize, None::<char>);
    let mut start = 0;
    let mut block: Option<(usize, usize)> = None;
    // A plain value in progress at the end of the last line, and the indent of the line it
    // began on: a line further indented goes on with it (`notes: Second cohort on hold`
    // then `  'til May`), and its first character begins nothing.
    let mut plain: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some((opened_at, from)) = block {
            if line.trim().is_empty() || indent(line) > opened_at {
                starts.push(from);
                continue;
            }
            block = None;
        }
        if depth == 0 && quote.is_none() {
            start = i;
        }
        starts.push(start);
        if blank(line) {
            continue;
        }
        let continues = depth == 0 && quote.is_none() && plain.is_some_and(|at| indent(line) > at);
        // Whether the next character that is not a space begins a value: at the start of a
        // line that does not go on with a plain value, after `- ` at the start, after
        // `key: `, and inside brackets after `[`, `{` or `,`. A quote or bracket begins a
        // value only there: `Acting lead [interim`, `He said "hi` and `Paused - 'til May`
        // are plain text, as in YAML.
        let mut expects = !continues;
        let mut chars = line.chars().peekable();
        let mut previous = ' ';
        let mut ended_plain = false;
        while let Some(c) = chars.next() {
            match quote {
                // `\"` in double quotes and `''` in single ones are the quote itself.
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some('\'') if c == '\'' && chars.peek() == Some(&'\'') => {
                    chars.next();
                }
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c.is_whitespace() => {}
                None => {
                    if c == '#' && previous.is_whitespace() {
                        break;
                    }
                    match c {
                        '"' | '\'' if expects => quote = Some(c),
                        '{' | '[' if expects || depth > 0 => depth += 1,
                        '}' | ']' if depth > 0 => depth -= 1,
                        _ => {}
                    }
                    let spaced = chars.peek().is_none_or(|next| next.is_whitespace());
                    expects = match c {
                        '-' => expects && spaced,
                        ':' => spaced,
                        '[' | '{' | ',' => depth > 0,
                        _ => false,
                    };
                    ended_plain = !expects && quote.is_none() && depth == 0;
                }
            }
            previous = c;
        }
        plain = if depth == 0 && quote.is_none() && ended_plain {
            Some(plain.filter(|_| continues).unwrap_or(indent(line)))
        } else {
            None
        };
        if depth == 0 && quote.is_none() && opens_block(line) {
            // Under `- key: |`, the entry's other keys are at the key's indent, not in it.
            let at = indent(line);
            let entry = &line[at..];
            let column =
                if entry.starts_with("- ") && !entry[2..].trim_start().starts_with(['|', '>']) {
                    at + 2
                } else {
                    at
                };
            block = Some((column, start));
            plain = None;
        }
    }
    starts
}

/// The spaces a line starts with.
pub(crate) fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Empty, or a comment.
pub(crate) fn blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// A line without a comment at its end (` # ...`), and the spaces before it.
fn uncommented(line: &str) -> &str {
    match line.find(" #") {
        Some(comment) => &line[..comment],
        None => line,
    }
    .trim_end()
}

/// Whether a line's value is a `|` or `>` block (`key: |`, `- >-`, `note: |2 # comment`).
fn opens_block(line: &str) -> bool {
    let line = uncommented(line);
    let Some((before, last)) = line.rsplit_once([' ', '\t']).or(Some(("", line))) else {
        return false;
    };
    let before = before.trim_end();
    last.starts_with(['|', '>'])
        && last[1..]
            .chars()
            .all(|c| c == '+' || c == '-' || c.is_ascii_digit())
        && (before.is_empty() || before.ends_with(':') || before.ends_with('-'))
}

/// Words secretaries use for values boardpack names otherwise, by the word boardpack uses
/// (documented in docs/format-notes.md). Compared in lowercase with spaces as hyphens.
const SYNONYMS: &[(&str, &str)] = &[
    ("gp", "doctor"),
    ("consultant", "doctor"),
    ("surgeon", "doctor"),
    ("physician", "doctor"),
    ("registrar", "doctor"),
    ("rn", "nurse"),
    ("registered-nurse", "nurse"),
    ("nurse-practitioner", "nurse"),
    ("physiotherapist", "ahp"),
    ("physio", "ahp"),
    ("occupational-therapist", "ahp"),
    ("ot", "ahp"),
    ("radiographer", "ahp"),
    ("paramedic", "ahp"),
    ("dietitian", "ahp"),
    ("podiatrist", "ahp"),
    ("speech-and-language-therapist", "ahp"),
    ("allied-health-professional", "ahp"),
    ("biomedical-scientist", "healthcare-scientist"),
    ("scientist", "healthcare-scientist"),
    ("management", "manager"),
    ("administrator", "manager"),
    ("ceo", "chief-executive"),
    ("chief-exec", "chief-executive"),
    ("md", "medical-director"),
    ("cmo", "medical-director"),
    ("cno", "nursing-director"),
    ("director-of-nursing", "nursing-director"),
    ("chief-nurse", "nursing-director"),
    ("cfo", "finance-director"),
    ("director-of-finance", "finance-director"),
    ("ned", "non-executive-director"),
    ("non-exec", "non-executive-director"),
    ("associate-ned", "associate-non-executive-director"),
    ("chairman", "chair"),
    ("chairwoman", "chair"),
    ("chairperson", "chair"),
    // An agenda item's purpose as board papers word it ("For decision"): by spelling,
    // `decision` was told "did you mean `discussion`?".
    ("decision", "approval"),
    ("for-decision", "approval"),
    ("approve", "approval"),
    ("for-approval", "approval"),
    ("ratification", "approval"),
    ("ratify", "approval"),
    ("endorse", "approval"),
    ("endorsement", "approval"),
    ("noting", "information"),
    ("note", "information"),
    ("for-noting", "information"),
    ("for-information", "information"),
    ("info", "information"),
    ("for-assurance", "assurance"),
    ("for-discussion", "discussion"),
    ("discuss", "discussion"),
];

/// boardpack's word for `value`, if it is a known synonym of one of `expected`.
fn synonym(value: &str, expected: &[&str]) -> Option<&'static str> {
    let key = value.trim().to_lowercase().replace([' ', '_'], "-");
    SYNONYMS
        .iter()
        .find(|(word, target)| *word == key && expected.contains(target))
        .map(|(_, target)| *target)
}

/// Where a line's key begins: after its indent and a list's `- `, if it has one.
fn key_column(line: &str) -> usize {
    let at = indent(line);
    match line[at..].strip_prefix("- ") {
        Some(after) => at + 2 + indent(after),
        None => at,
    }
}

/// The key a line begins with (`role` of `  - role: chair`), when it is a plain word
/// followed by `:` and a space or the line's end.
fn line_key(line: &str) -> Option<&str> {
    let entry = &line[key_column(line).min(line.len())..];
    let (key, rest) = entry.split_once(':')?;
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (plain && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some(key)
}

/// "1 space", "one space": how far one line is from another.
fn spaces(n: usize) -> String {
    if n == 1 {
        "one space".into()
    } else {
        format!("{n} spaces")
    }
}

/// A field indented further than the plain value on the line above it (`voting: true`
/// then `   first_appointed: ...`): YAML reads it as more of that value, and the value
/// then is wrong (`true first_appointed`, or a date with a word after it). The mistake
/// is the next line's indent, so that is the problem, at that line. None when the value
/// could run on by design (a `|` block, brackets, quotes).
fn indented_under(
    text: &str,
    location: &serde_saphyr::Location,
    field: &str,
    origin: Origin<'_>,
) -> Option<Diagnostic> {
    let line = usize::try_from(location.line()).ok()?;
    let mut lines = text.lines().skip(line.checked_sub(1)?);
    let this = lines.next()?;
    let next = lines.next()?;
    let key = line_key(this)?;
    let value = this[key_column(this) + key.len() + 1..].trim_start();
    if value.is_empty() || value.starts_with(['[', '{', '"', '\'', '|', '>', '&', '*', '!', '#']) {
        return None;
    }
    let stray = line_key(next)?;
    let (column, below) = (key_column(this), key_column(next));
    if below <= column || next.trim_start().starts_with("- ") {
        return None;
    }
    let (line_no, _) = origin.position(location);
    Some(
        Diagnostic::error(
            origin.file,
            line_no + 1,
            below + 1,
            format!(
                "`{stray}` is indented {} more than `{key}` above it, so YAML reads it as part of `{field}`",
                spaces(below - column)
            ),
        )
        .with_help(format!("line `{stray}:` up with `{key}:` on the line above")),
    )
}

/// A field found missing from a mapping (`board:`) that is written, but indented less than
/// the mapping's first field: YAML ends the mapping before it. Said at the field's line,
/// rather than that it is missing.
fn indented_apart(
    text: &str,
    location: &serde_saphyr::Location,
    missing: &str,
    field: &str,
    origin: Origin<'_>,
) -> Option<Diagnostic> {
    let start = usize::try_from(location.line()).ok()?.checked_sub(1)?;
    let lines: Vec<&str> = text.lines().collect();
    let first = *lines.get(start)?;
    let column = key_column(first);
    let mut above = first;
    for (at, &line) in lines.iter().enumerate().skip(start + 1) {
        if blank(line) {
            continue;
        }
        let at_indent = indent(line);
        let entry = &line[at_indent..];
        let below = key_column(line);
        // The record's next field, or the list's next item: past the mapping. At the start
        // of its line the field may be the record's own (a meeting's `title` after its
        // agenda): said as a maybe, in the help.
        if at_indent == 0 || (entry.starts_with("- ") && at_indent < column) {
            let key = line_key(above)?;
            // Not after a mapping written `board: { ... }`: nothing lines up there.
            if at_indent != 0 || line_key(line) != Some(missing) || key_column(above) == 0 {
                return None;
            }
            let (line_no, _) = origin.position(location);
            return Some(
                origin
                    .error_at(location, format!("missing required field `{missing}` in `{field}`"))
                    .with_help(format!(
                        "if the `{missing}:` at the start of line {} is this one, indent it to line up with `{key}:` on the line above it",
                        line_no + at - start
                    )),
            );
        }
        if line_key(line) == Some(missing) && below < column {
            let key = line_key(above)?;
            if key_column(above) <= below {
                return None;
            }
            let (line_no, _) = origin.position(location);
            return Some(
                Diagnostic::error(
                    origin.file,
                    line_no + at - start,
                    below + 1,
                    format!(
                        "`{missing}` is indented {} less than `{key}` above it, so YAML does not read it as part of `{field}`",
                        spaces(key_column(above) - below)
                    ),
                )
                .with_help(format!("line `{missing}:` up with `{key}:` on the line above")),
            );
        }
        above = line;
    }
    None
}

/// The whole value written at `location`: the rest of its line, without a comment or the
/// `,`/`}` that ends it in a `{ ... }` mapping.
fn value_text(text: &str, location: &serde_saphyr::Location) -> String {
    let (Ok(line), Ok(column)) = (
        usize::try_from(location.line()),
        usize::try_from(location.column()),
    ) else {
        return String::new();
    };
    let Some(this) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let rest: String = this.chars().skip(column.saturating_sub(1)).collect();
    let rest = rest.split(" #").next().unwrap_or("");
    // Inside `{ ... }` or `[ ... ]` a comma ends a plain value too; only a bracket before
    // the value opens one (a comment after it may hold any).
    let in_flow = this
        .chars()
        .take(column.saturating_sub(1))
        .any(|c| c == '{' || c == '[');
    let rest = if in_flow {
        &rest[..flow_value_end(rest)]
    } else {
        rest
    };
    rest.trim().to_string()
}

/// Where a plain value inside `{ ... }` ends: at a `}` or `]`, or a comma, except a comma
/// between a digit and three more (`£20,000`): YAML splits there too, but the value the
/// secretary wrote, and the number in the help, is the whole amount (the help gave `20`).
fn flow_value_end(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'}' | b']' => return at,
            b',' => {
                let grouped = at > 0
                    && bytes[at - 1].is_ascii_digit()
                    && bytes.len() >= at + 4
                    && bytes[at + 1..at + 4].iter().all(u8::is_ascii_digit)
                    && bytes.get(at + 4).is_none_or(|b| !b.is_ascii_digit());
                if !grouped {
                    return at;
                }
            }
            _ => {}
        }
    }
    rest.len()
}

/// Values written in a way that shows other than meant, a warning at each: wrapped by a
/// word processor in curly quotes (`name: “Jo Bell”`: YAML keeps the quotes as part of the
/// text, so they would show on the page), cut short by a `#` ([`hash_in_text`]), or begun
/// with a word YAML takes for an anchor ([`anchor_in_text`]).
pub fn value_warnings(text: &str, origin: Origin<'_>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // The names `*name` repeats in the file, read once, at the first value begun with `&`.
    let aliases = std::cell::OnceCell::new();
    let aliases = || {
        aliases.get_or_init(|| {
            text.split('*')
                .skip(1)
                .map(|after| {
                    after
                        .split(|c: char| c.is_whitespace() || ",[]{}".contains(c))
                        .next()
                        .unwrap_or("")
                })
                .collect::<std::collections::HashSet<&str>>()
        })
    };
    // `#` warnings, kept only for lines that begin a value: a line going on with a quoted
    // or bracketed value begun above (`  and the plan: see item #3"`) is not a field.
    let mut hashes: Vec<(usize, Diagnostic)> = Vec::new();
    // The indentation of the key whose `|` or `>` text block is being read: its lines are
    // text, where curly quotes are a writer's choice, not a mistake.
    let mut block_of: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(key_indent) = block_of {
            if line.trim().is_empty() || indent > key_indent {
                continue;
            }
            block_of = None;
        }
        if line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(": ") else {
            continue;
        };
        let value_at = key.len() + 2 + (value.len() - value.trim_start().len());
        if let Some(problem) = hash_in_text(key, value, line, i, origin) {
            hashes.push((i, problem));
        }
        let value = value.split(" #").next().unwrap_or("").trim();
        if let Some(problem) = anchor_in_text(
            key,
            value,
            &aliases,
            origin.line_offset + i + 1,
            value_at,
            line,
            origin,
        ) {
            found.push(problem);
        }
        if value.starts_with(['|', '>'])
            && value[1..]
                .chars()
                .all(|c| matches!(c, '+' | '-' | '1'..='9'))
        {
            block_of = Some(indent + key.trim_start().starts_with("- ") as usize * 2);
            continue;
        }
        let quoted = (value.starts_with('“') && value.ends_with('”'))
            || (value.starts_with('‘') && value.ends_with('’'));
        if !quoted || value.chars().count() < 2 {
            continue;
        }
        let column = line[..value_at].chars().count() + 1;
        let inner: String = {
            let mut chars = value.chars();
            chars.next();
            chars.next_back();
            chars.collect()
        };
        found.push(
            Diagnostic::warning(
                origin.file,
                origin.line_offset + i + 1,
                column,
                format!(
                    "`{}` is in curly quotes, which will show on the page",
                    key.trim().trim_start_matches("- ")
                ),
            )
            .with_help(format!(
                "leave them out (`{}: {inner}`), or use straight quotes (`\"{inner}\"`)",
                key.trim().trim_start_matches("- ")
            )),
        );
    }
    if !hashes.is_empty() {
        // Worked out only here: few records have a `#` in a value.
        let lines: Vec<&str> = text.split('\n').collect();
        let starts = starts(&lines);
        found.extend(
            hashes
                .into_iter()
                .filter(|(i, _)| starts.get(*i) == Some(i))
                .map(|(_, problem)| problem),
        );
        found.sort_by_key(|d| (d.line, d.column));
    }
    found
}

/// A value without quotes that begins with `&` and a word (`title: &Co report`): YAML
/// takes `&Co` for an anchor, a name for the value to be repeated by `*Co`, and the
/// value is only `report`, silently. Said only when the file never repeats it: an anchor
/// that is used was meant. Not judged inside `{ }` or `[ ]`.
fn anchor_in_text<'t>(
    key: &str,
    value: &str,
    aliases: &impl Fn() -> &'t std::collections::HashSet<&'t str>,
    line_number: usize,
    value_at: usize,
    line: &str,
    origin: Origin<'_>,
) -> Option<Diagnostic> {
    // Inside `{ }` or `[ ]` the value ends at a comma, which this line-by-line reading
    // does not know: its help would have quoted the fields after it too.
    if key.contains(['{', '[']) {
        return None;
    }
    let (anchor, rest) = value.strip_prefix('&')?.split_once(' ')?;
    let rest = rest.trim();
    if anchor.is_empty() || rest.is_empty() || aliases().contains(anchor) {
        return None;
    }
    let field = key.trim().trim_start_matches("- ");
    Some(
        Diagnostic::warning(
            origin.file,
            line_number,
            line[..value_at].chars().count() + 1,
            format!(
                "`{field}`: YAML reads `&{anchor}` as an anchor, not text, so the value is only \"{rest}\""
            ),
        )
        .with_help(format!(
            "put the value in quotes: `{field}: {}`",
            double_quoted(value)
        ))
        .with_width(anchor.chars().count() + 1),
    )
}

/// A `#` with text right after it, in a value written without quotes (`Lead nurse #2 for
/// surgery`, `#1 nurse`): YAML reads it and the rest of the line as a comment, and the
/// value ended before it, silently. A comment is written `# so`, with a space; `#2` is
/// more likely part of the text. A warning at the `#`.
fn hash_in_text(
    key: &str,
    value: &str,
    line: &str,
    index: usize,
    origin: Origin<'_>,
) -> Option<Diagnostic> {
    let name = key.trim().trim_start_matches("- ").trim();
    if name.contains(['{', '[', '"', '\'', '#']) || name.is_empty() {
        return None;
    }
    let written = value.trim_start();
    if written.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    let hash = if written.starts_with('#') {
        0
    } else {
        written.find(" #")? + 1
    };
    let after = &written[hash + 1..];
    if after.is_empty() || after.starts_with([' ', '\t', '#']) {
        return None;
    }
    let whole = written.trim_end();
    let kept = written[..hash].trim_end();
    // Before the `#` a whole date, number, yes or no, or id: the rest can only be a
    // comment (`due: 2026-09-15 #moved from August`), and quoting it would break the value.
    // YAML 1.1's other yes and no words, and its null, are not text either.
    let typed = reads_as_typed(kept)
        || matches!(
            kept.to_ascii_lowercase().as_str(),
            "on" | "off" | "null" | "~"
        );
    if typed {
        return None;
    }
    let column = line.len() - written.len() + hash;
    let column = line[..column].chars().count() + 1;
    let message = if kept.is_empty() {
        format!(
            "`{name}` is empty: YAML reads `{}` as a comment",
            &whole[hash..]
        )
    } else {
        format!(
            "`{name}` ends before `#`: YAML reads `{}` as a comment, so the report shows `{kept}`",
            &whole[hash..]
        )
    };
    Some(
        Diagnostic::warning(origin.file, origin.line_offset + index + 1, column, message)
            .with_help(format!(
                "if it is part of the text, put the text in double quotes: `{name}: {}`",
                double_quoted(whole)
            )),
    )
}

/// `title: [Draft] Strategy`: text begun with a bracket, where text was expected. YAML
/// reads `[Draft]` as a list; the words after it say the brackets were part of the text.
/// Not said of a value that is only a list (`name: [Jo Bell]`): that may be a list given
/// where one name was meant.
fn bracketed_text_help(value: &str, text_expected: bool, key: Option<&String>) -> Option<String> {
    let close = match value.chars().next()? {
        '[' => ']',
        '{' => '}',
        _ => return None,
    };
    let after = &value[value.find(close)? + 1..];
    let key = key?;
    (text_expected && !after.trim().is_empty()).then(|| reserved_help(key, value))
}

/// `paper: [a.pdf, b.pdf]`: a list where one value goes (the field as serde names it,
/// `agenda.paper`).
fn list_for_one_help(field: &str, value: &str) -> String {
    // One item in brackets: the brackets are the only mistake.
    if let Some(inside) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']'))
        && !inside.contains(',')
        && !inside.trim().is_empty()
    {
        let key = field.rsplit('.').next().unwrap_or(field);
        return format!("leave out the brackets: `{key}: {}`", inside.trim());
    }
    match field {
        "agenda.paper" => "an agenda item has one paper: give each paper an item of its own (`4a`, `4b`), or join them in one PDF".to_string(),
        "minutes" => "a meeting has one file of minutes: join them in one PDF".to_string(),
        _ => "this field holds one value, not a list: write it after the colon, without `[ ]` or `- `".to_string(),
    }
}

/// The key on `line` (from 1) and the line of the same key earlier in the same mapping:
/// where a field written twice was written first. None when the lines do not show it
/// plainly (inside `{ }`, say).
fn first_of_key(text: &str, line: usize) -> Option<(&str, usize)> {
    let lines: Vec<&str> = text.lines().take(line).collect();
    let here = *lines.get(line.checked_sub(1)?)?;
    let key = line_key(here)?;
    let column = key_column(here);
    for (i, earlier) in lines[..line - 1].iter().enumerate().rev() {
        if blank(earlier) || earlier.trim_start().starts_with('#') || indent(earlier) > column {
            continue;
        }
        // The items of a list written under its key without an indent (`tags:` then
        // `- x`) belong to that key, in this mapping.
        if indent(earlier) == column && earlier[column..].starts_with("- ") {
            continue;
        }
        if key_column(earlier) != column {
            return None;
        }
        if line_key(earlier) == Some(key) {
            return Some((key, i + 1));
        }
        // The line that begins this list item: its mapping begins there.
        if indent(earlier) < column {
            return None;
        }
    }
    None
}

/// `value` in double quotes, as a help quotes it back (`\` and `"` escaped).
fn double_quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A value without quotes begun with a character YAML keeps for itself: `title:
/// *Provisional* figures`, `@Home working`, `% of staff`, `` `Draft` notes``, `> quote` or
/// `- Chair` with text after it on the line. The parser refuses each in its own words
/// ("reference to unknown value", "unexpected character"), which do not say that quotes
/// are the fix. The line's key, its value, the value's column (from 1) and what YAML
/// makes of its first character.
fn reserved_start(line: &str) -> Option<(&str, &str, usize, String)> {
    let key = line_key(line)?;
    let after = key_column(line) + key.len() + 1;
    // A comment after it is not part of what the help quotes.
    let value = uncommented(&line[after..]).trim();
    let column = line[..line.len() - line[after..].trim_start().len()]
        .chars()
        .count()
        + 1;
    let first = value.chars().next()?;
    let reason = match first {
        '*' => "YAML reads a value that starts with `*` as a reference to an anchor (`*name`), not as text".to_string(),
        '`' => "YAML does not allow a value to start with a backquote unless it is in quotes".to_string(),
        '@' | '%' => format!("YAML does not allow a value to start with `{first}` unless it is in quotes"),
        // `|2`, `>-`: a block's header, mistyped (`|0`) rather than text.
        '|' | '>' if !value[1..].bytes().all(|b| b == b'+' || b == b'-' || b.is_ascii_digit()) => format!(
            "YAML reads `{first}` at the start of a value as the start of a block of text on the lines below, so no text may follow it on this line"
        ),
        '-' | '?' if value[1..].starts_with(' ') => format!(
            "YAML reads `{first} ` at the start of a value as {}, not as text",
            if first == '-' { "a list item" } else { "a key" }
        ),
        _ => return None,
    };
    Some((key, value, column, reason))
}

/// The help for a value begun with a character YAML keeps for itself ([`reserved_start`];
/// `[` and `{`, read as a list and fields): quotes, and the other reading where a
/// secretary may have meant it.
fn reserved_help(key: &str, value: &str) -> String {
    // `quorate: *no`, `date: @2026-09-10`: a stray character before a value that is not
    // text; quoted, it would be refused as text where a date or a yes was expected.
    let rest = value.get(1..).unwrap_or("").trim();
    if reads_as_typed(rest) && value.starts_with(['*', '@', '`', '%']) {
        return format!(
            "remove the `{}`: `{key}: {rest}`; if it is part of the text, put the text in double quotes: `{key}: {}`",
            &value[..1],
            double_quoted(value)
        );
    }
    let quoted = format!(
        "if it is text, put it in double quotes: `{key}: {}`",
        double_quoted(value)
    );
    match value.chars().next() {
        Some('|' | '>') => format!(
            "{quoted}; for a block of text, write `{key}: {}` alone and the text on the lines below it, indented",
            &value[..1]
        ),
        Some('-') => format!(
            "{quoted}; for a list, put each `- item` on a line of its own below `{key}:`, indented"
        ),
        _ => quoted,
    }
}

/// Whether `value` reads as a value of a field that is not text: a whole date, a number,
/// a yes or no, or an id.
fn reads_as_typed(value: &str) -> bool {
    crate::date::Date::parse(value).is_ok()
        || value.parse::<f64>().is_ok()
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no"
        )
        || (!value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
}

/// `found` with the dashes Word and other editors type (en, em, figure dash, minus) as
/// hyphens, if it has any.
fn with_hyphens(found: &str) -> Option<String> {
    const DASHES: [char; 4] = ['–', '—', '‒', '−'];
    found.contains(DASHES).then(|| found.replace(DASHES, "-"))
}

/// The month a word names (`March`, `mar`, `Sept`): three letters or more of its name, in
/// any case.
fn month_named(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.to_lowercase();
    (word.len() >= 3)
        .then(|| MONTHS.iter().position(|name| name.starts_with(&word)))
        .flatten()
        .map(|i| i as u32 + 1)
}

/// How to write a date that is not `YYYY-MM-DD`: `22/04/2026` and `22 April 2026` become
/// `2026-04-22`.
fn date_help(found: &str) -> Option<String> {
    let found = found.trim().trim_matches(['\'', '"']);
    // A spreadsheet's date and time (`2026-08-20 00:00:00`, `2026-08-20T09:30`).
    if let Some((date, _)) = found.split_once([' ', 'T'])
        && crate::date::Date::parse(date).is_ok()
    {
        return Some(format!("write the date alone, without a time: `{date}`"));
    }
    // Word's dashes (`2026–10–31`) look like the hyphens a date needs.
    if let Some(hyphens) = with_hyphens(found)
        && crate::date::Date::parse(&hyphens).is_ok()
    {
        return Some(format!(
            "the dashes are en-dashes (–), as Word types them: use hyphens, `{hyphens}`"
        ));
    }
    let parts: Vec<&str> = found
        .split(['/', '.', '-', ' ', ',', '–', '—'])
        .filter(|p| !p.is_empty())
        .collect();
    let [first, second, third] = parts.as_slice() else {
        return Some(
            "write dates as YYYY-MM-DD, for example `2026-04-22` for 22 April 2026".into(),
        );
    };
    // Day first as the UK writes it; the year first (`2026-9-24`); or the month first
    // (`April 1, 2026`). A day may be an ordinal (`1st`).
    let (day, month, year) = if first.len() == 4 && first.bytes().all(|b| b.is_ascii_digit()) {
        (third, second, first)
    } else if first.starts_with(|c: char| c.is_alphabetic()) {
        (second, first, third)
    } else {
        (first, second, third)
    };
    let day = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| day.strip_suffix(suffix))
        .unwrap_or(day);
    let month = month.parse::<u32>().ok().or_else(|| month_named(month));
    let exists = |y: u32, m: u32, d: u32| {
        jiff::civil::Date::new(
            i16::try_from(y).unwrap_or(0),
            i8::try_from(m).unwrap_or(0),
            i8::try_from(d).unwrap_or(0),
        )
        .is_ok()
    };
    match (day.parse::<u32>(), month, year.parse::<u32>()) {
        (Ok(d), Some(m), Ok(y)) if (1000..=9999).contains(&y) && exists(y, m, d) => {
            Some(format!("write dates as YYYY-MM-DD: `{y}-{m:02}-{d:02}`"))
        }
        _ => Some("write dates as YYYY-MM-DD, for example `2026-04-22` for 22 April 2026".into()),
    }
}

/// How to write a measure's period that is not YYYY-MM, YYYY-Qn or YYYY-MM-DD: a
/// spreadsheet's month (`Mar-26`, `March 2026`, `3/2026`) becomes `2026-03`, a quarter
/// written the other way round (`Q1 2026`, `Q1-26`) `2026-Q1`.
fn period_help(found: &str) -> String {
    let found = found.trim().trim_matches(['\'', '"']);
    // Word's dashes look like the hyphen a period needs.
    if let Some(hyphens) = with_hyphens(found)
        && crate::date::Period::parse(&hyphens).is_ok()
    {
        return format!("the dash is an en-dash (–), as Word types it: use a hyphen, `{hyphens}`");
    }
    let parts: Vec<&str> = found
        .split(['/', '.', '-', ' ', ',', '_', '–', '—'])
        .filter(|p| !p.is_empty())
        .collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    // A year in full, or in two digits (`26`) beside a month or quarter that cannot be
    // mistaken for a number.
    let year = |p: &str, short: bool| -> Option<u32> {
        match p.len() {
            4 if digits(p) => p.parse().ok().filter(|y| (1000..=9999).contains(y)),
            // As a spreadsheet reads two digits: 00 to 68 this century, 69 to 99 the last.
            2 if short && digits(p) => p
                .parse::<u32>()
                .ok()
                .map(|y| if y <= 68 { 2000 + y } else { 1900 + y }),
            _ => None,
        }
    };
    let month_number = |p: &str| -> Option<u32> {
        (p.len() <= 2 && digits(p))
            .then(|| p.parse().ok())
            .flatten()
            .filter(|m| (1..=12).contains(m))
    };
    let quarter = |p: &str| -> Option<u32> {
        p.strip_prefix(['Q', 'q'])
            .and_then(|n| n.parse().ok())
            .filter(|n| (1..=4).contains(n))
    };
    if let [a, b] = parts.as_slice() {
        for (q, y) in [(a, b), (b, a)] {
            if let (Some(q), Some(y)) = (quarter(q), year(y, true)) {
                // A quarter is the calendar's: an NHS financial year's Q1 is April to June.
                return format!(
                    "write a quarter as YYYY-Qn: `{y}-Q{q}` ({}); a financial year's quarters are a calendar quarter later",
                    [
                        "January to March",
                        "April to June",
                        "July to September",
                        "October to December"
                    ][q as usize - 1]
                );
            }
        }
        for (m, y) in [(a, b), (b, a)] {
            let month = month_named(m)
                .map(|m| (m, true))
                .or_else(|| month_number(m).map(|m| (m, false)));
            if let Some((m, named)) = month
                && let Some(y) = year(y, named)
            {
                return format!("write a month as YYYY-MM: `{y}-{m:02}`");
            }
        }
    }
    // A day written as dates are not (`02/03/2026`).
    if parts.len() == 3
        && let Some(help) = date_help(found)
        && !help.contains("for example")
    {
        return help;
    }
    "write a month as YYYY-MM (`2026-03`), a quarter as YYYY-Qn (`2026-Q1`), or a day or week as YYYY-MM-DD (`2026-03-02`)".to_string()
}

/// How to write money or a number written with a currency sign or thousands separators:
/// `£18,000` becomes `18000`.
fn number_help(found: &str) -> Option<String> {
    let found = found.trim().trim_matches(['\'', '"']);
    if !thousands_grouped(found) {
        return None;
    }
    // `£1.2m`, `1.5 million`, `2bn`, `60000 GBP`: written in full. A secretary left
    // without help wrote `1.2`, which passed as £1.20.
    let bare = found
        .trim_start_matches(['£', '$', '€'])
        .trim_end_matches(" GBP")
        .trim_end_matches("GBP")
        .trim();
    let scaled = [
        (" million", 1e6),
        ("million", 1e6),
        ("bn", 1e9),
        ("m", 1e6),
        ("M", 1e6),
    ]
    .iter()
    .find_map(|(suffix, scale)| {
        let number = bare.strip_suffix(suffix)?.trim().replace(',', "");
        Some(number.parse::<f64>().ok()? * scale)
    });
    if let Some(value) = scaled.filter(|v| v.is_finite()) {
        let text = crate::words::rounded(value, 2);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        return Some(format!(
            "write the amount in full, as a number alone: `{text}`"
        ));
    }
    if bare != found && bare.parse::<f64>().is_ok() {
        return Some(format!(
            "write the number alone, without a currency: `{bare}`"
        ));
    }
    let plain: String = found
        .chars()
        .filter(|c| !matches!(c, '£' | '$' | '€' | ',' | ' '))
        .collect();
    let plain = plain.trim_end_matches(['k', 'K']);
    (plain != found && !plain.is_empty() && plain.parse::<f64>().is_ok()).then(|| {
        let value = if found.trim_end().ends_with(['k', 'K']) {
            format!("{}", plain.parse::<f64>().unwrap_or(0.0) * 1000.0)
        } else {
            plain.to_string()
        };
        format!("write the number alone, without a currency sign or commas: `{value}`")
    })
}

/// A number written as "not available" (`n/a`, `TBC`, `-`): a measure's point without a
/// figure is left out (or shown uncounted as a ghost); another field, left out.
fn no_figure_help(found: &str, field: &str) -> Option<String> {
    let word = found.trim().trim_matches(['\'', '"']).to_lowercase();
    let missing = matches!(
        word.as_str(),
        "n/a"
            | "na"
            | "n.a."
            | "-"
            | "–"
            | "—"
            | "tbc"
            | "tbd"
            | "unknown"
            | "none"
            | "?"
            | "nil"
            | "missing"
    );
    if !missing {
        return None;
    }
    Some(if field.ends_with("points.value") {
        "if there is no figure for this period, leave the point out, or give it a value and `ghost: true` to show it without counting it".into()
    } else {
        format!("if `{field}` is not known yet, leave the line out")
    })
}

/// A number written with `%` (`85%`): a measure's values are written alone (its `unit:
/// "%"` shows the sign), the settings' shares as fractions (`attendance_min: 0.75`).
fn percent_help(found: &str, file: &str) -> Option<String> {
    let number = found
        .trim()
        .trim_matches(['\'', '"'])
        .strip_suffix('%')?
        .trim_end();
    let value: f64 = number.parse().ok()?;
    Some(if file.ends_with("boardpack.yaml") {
        format!("write {number}% as a fraction: `{}`", value / 100.0)
    } else {
        format!(
            "write the number alone, without `%`: `{number}` (a measure's `unit: \"%\"` shows the sign)"
        )
    })
}

/// Whether each comma in `found` separates thousands: a comma does only before three
/// digits, and only before the decimal point (`1,5` is not fifteen, nor `1.5,000` fifteen
/// thousand).
fn thousands_grouped(found: &str) -> bool {
    found
        .split_once('.')
        .is_none_or(|(_, decimals)| !decimals.contains(','))
        && found.split(',').skip(1).all(|group| {
            let mut chars = group.chars();
            chars.by_ref().take(3).filter(char::is_ascii_digit).count() == 3
                && !chars.next().is_some_and(|c| c.is_ascii_digit())
        })
}

/// The keys on the way to the error, without list positions: the caret shows which item.
///
/// A `Located<T>` is read through serde-saphyr's `Spanned`, which appears in the path as an
/// extra `value` key: straight after the field's own key (`board.value.role`), or after a
/// list position for a list of located items (`interests[0].value.type`); that key is
/// dropped. A real field named `value` follows a list position and is not followed by
/// another key but by its own `Spanned` (`points[3].value.value`), so it stays.
fn field_keys(path: Option<&serde_path_to_error::Path>) -> Vec<String> {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.into_iter().flat_map(|path| path.iter()).collect();
    let mut keys = Vec::new();
    let mut previous_was_key = false;
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Map { key } | Segment::Enum { variant: key } => {
                let spanned = key == "value"
                    && (previous_was_key
                        || matches!(
                            segments.get(i + 1),
                            Some(Segment::Map { key: next } | Segment::Enum { variant: next })
                                if next != "value"
                        ));
                if !spanned {
                    keys.push(key.clone());
                }
                previous_was_key = true;
            }
            _ => previous_was_key = false,
        }
    }
    keys
}

fn to_diagnostic(
    error: &YamlError,
    path: Option<&serde_path_to_error::Path>,
    text: &str,
    origin: Origin<'_>,
    what: &str,
) -> Diagnostic {
    let location = error.location().unwrap_or(serde_saphyr::Location::UNKNOWN);
    let keys = field_keys(path);
    let field = keys.join(".");
    let parent = keys[..keys.len().saturating_sub(1)].join(".");
    let in_parent = if parent.is_empty() {
        String::new()
    } else {
        format!(" in `{parent}`")
    };
    let found = token_at(text, &location);
    let at = |message: String| origin.error_at(&location, message);

    // A wrong value whose line is followed by a field indented further: the indent is the
    // mistake, not the value.
    if !keys.is_empty()
        && matches!(
            error,
            YamlError::SerdeUnknownVariant { .. }
                | YamlError::SerdeInvalidType { .. }
                | YamlError::SerdeInvalidValue { .. }
                | YamlError::InvalidScalar { .. }
                | YamlError::InvalidBooleanStrict { .. }
                | YamlError::Message { .. }
        )
        && let Some(problem) = indented_under(text, &location, &field, origin)
    {
        return problem;
    }

    match error {
        YamlError::SerdeUnknownField {
            field: unknown,
            expected,
            ..
        } => {
            let help = match suggest::nearest(unknown, expected.iter().copied()) {
                // `status: done` on an action or milestone: following "put fields of your
                // own under `extra:`" left it open for good.
                _ if matches!(unknown.as_str(), "status" | "complete" | "completed" | "closed")
                    && expected.contains(&"done")
                    && !expected.contains(&"status") =>
                {
                    "it is marked done with the date it was done, `done: 2026-09-16`; while `done` is left out it is open".to_string()
                }
                // `{period:2026-01}`: without a space after it, the colon is part of the key.
                _ if let Some((key, value)) = unknown.split_once(':')
                    && expected.contains(&key) =>
                {
                    format!("put a space after the colon: `{key}: {value}`")
                }
                Some(near) => format!("did you mean `{near}`?"),
                // `{ description: Lecturer, University of X }` splits at the comma.
                None if unknown.contains(' ') => {
                    "text with a comma inside `{ ... }` must be quoted: `description: \"Lecturer, University of X\"`".to_string()
                }
                // `{ period: 2026-07, value: 1,000 }` splits at the comma too.
                None if let Some(number) = number_split_at_comma(text, &location, unknown) => {
                    format!("a number inside `{{ ... }}` is written without commas: `{number}`")
                }
                // Only a record has `extra:`; an entry inside it (an agenda item, an
                // interest) does not, and the help sent its writer round in a circle.
                None if expected.contains(&"extra") => format!(
                    "the fields allowed here are {}; put fields of your own under `extra:`",
                    suggest::one_of(expected)
                ),
                None => format!("the fields allowed here are {}", suggest::one_of(expected)),
            };
            at(format!("unknown field `{unknown}`{in_parent}")).with_help(help)
        }
        // A record-level field is missing from the record as a whole: point at its top.
        YamlError::SerdeMissingField { field: missing, .. } if field.is_empty() => origin.error_at(
            &serde_saphyr::Location::UNKNOWN,
            format!("missing required field `{missing}`"),
        ),
        YamlError::SerdeMissingField { field: missing, .. } => {
            indented_apart(text, &location, missing, &field, origin)
                .unwrap_or_else(|| at(format!("missing required field `{missing}` in `{field}`")))
        }
        // `profession:` with nothing after it: the reader names its null, `~`, a value the
        // secretary never wrote.
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } if matches!(variant.as_str(), "~" | "" | "null")
            // Placed at the colon when nothing follows it.
            && matches!(value_text(text, &location).as_str(), "" | ":" | "~" | "null") =>
        {
            at(format!(
                "`{field}` has no value; expected {}",
                suggest::one_of(expected)
            ))
            .with_help("write one of them after the colon")
        }
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let allowed = format!("expected {}", suggest::one_of(expected));
            let help = match (synonym(variant, expected), suggest::nearest(variant, expected.iter().copied())) {
                (Some(word), _) => format!("write `{word}`: boardpack's word for `{variant}` ({allowed})"),
                (None, Some(near)) => format!("did you mean `{near}`? ({allowed})"),
                (None, None) => allowed,
            };
            at(format!("`{field}` has an unknown value `{variant}`")).with_help(help)
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => at(format!(
            "`{field}`: expected {}, found {}",
            plain_expected(expected),
            plain_unexpected(unexpected)
        ))
        .with_optional_help({
            let value = value_text(text, &location);
            number_help(&value)
                .or_else(|| percent_help(&value, origin.file))
                .or_else(|| no_figure_help(&value, &field))
                .or_else(|| {
                    bracketed_text_help(&value, plain_expected(expected) == "text", keys.last())
                })
                .or_else(|| {
                    (plain_expected(expected) == "text"
                        && plain_unexpected(unexpected) == "a list")
                        .then(|| list_for_one_help(&field, &value))
                })
        }),
        YamlError::Eof { .. } if keys.is_empty() && has_no_content(text) => origin.error_at(
            &serde_saphyr::Location::UNKNOWN,
            format!("the file is empty; expected {what}"),
        ),
        YamlError::Unexpected { expected, .. }
            if keys.is_empty() && expected.contains("mapping") =>
        {
            at(format!(
                "expected {what} written as `field: value` lines, found {}",
                describe_found(&found)
            ))
        }
        // `profession: [doctor]` or `profession: { doctor: 1 }`: the reader's own words
        // ("externally tagged enum") mean nothing to a secretary.
        YamlError::ExternallyTaggedEnumExpectedScalarOrMapping { .. } if !keys.is_empty() => {
            let found = if found.starts_with('[') || found.starts_with('-') {
                "a list".to_string()
            } else if found.starts_with('{') {
                "a mapping".to_string()
            } else {
                describe_found(&found)
            };
            at(format!("`{field}`: expected one word, found {found}")).with_help(format!(
                "write one word after the colon, without brackets: `{field}: ...`"
            ))
        }
        // The word given as a mapping's key (`{ doctor: 1 }`): the field is the one holding it.
        YamlError::UnexpectedValueForUnitEnumVariant { .. } if !parent.is_empty() => {
            at(format!("`{parent}`: expected one word, found a mapping")).with_help(format!(
                "write one word after the colon, without brackets: `{parent}: ...`"
            ))
        }
        // The parser points at the second document's first field; the `---` before it,
        // often two records pasted into one file, is what to change.
        YamlError::MultipleDocuments { .. } => {
            let before = usize::try_from(location.line()).unwrap_or(1).max(1);
            // `---` starts a document; `...` ends one, and what follows starts another.
            let marker = text
                .lines()
                .take(before)
                .enumerate()
                .filter_map(|(i, line)| {
                    let line = uncommented(line).trim_end();
                    (line == "---" || line.starts_with("--- ")).then_some((i + 1, "---"))
                        .or_else(|| (line == "...").then_some((i + 1, "...")))
                })
                .last();
            let help = "delete this line; if what follows is another record, give it a file of its own, named by its id";
            match marker {
                Some((line, mark)) => {
                    let message = match mark {
                        "---" => "a record file holds one record, but this `---` starts a second one",
                        _ => "a record file holds one record, but this `...` ends it and more follows",
                    };
                    Diagnostic::error(origin.file, origin.line_offset + line, 1, message)
                        .with_width(3)
                        .with_help(help)
                }
                None => at("a record file holds one record, but this one holds a second".to_string())
                    .with_help("look for a line of `---` or `...` above this one, and delete it"),
            }
        }
        // The limits' internal counters mean nothing to a secretary; the advice does.
        _ if hit_a_limit(error) => at(
            "this YAML is too large, too deeply nested or repeats anchors (`*name`) too often to be a record".to_string(),
        )
        .with_help("a record is a short list of fields; check this is the file you meant to put here"),
        _ => {
            let message = serde_saphyr::UserMessageFormatter.format_message(error).into_owned();
            const TAB_HELP: &str = "YAML indents with spaces only: replace the tab with spaces, lining the field up with the ones above it";
            if message.contains("tabs disallowed") {
                return at("a tab is used to indent this line".to_string()).with_help(TAB_HELP);
            }
            // A tab before a top-level field: the parser reads it as the end of the line
            // before's value and points there, with its own words.
            if message.contains("found a tab") {
                let from = usize::try_from(location.line()).unwrap_or(1).max(1);
                if let Some((i, line)) = text
                    .lines()
                    .enumerate()
                    .skip(from - 1)
                    .find(|(_, line)| line.trim_start_matches(' ').starts_with('\t'))
                {
                    // At the field, as for a tab inside a block.
                    let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
                    return Diagnostic::error(
                        origin.file,
                        origin.line_offset + i + 1,
                        column,
                        "a tab is used to indent this line",
                    )
                    .with_help(TAB_HELP);
                }
            }
            // A `[` or `{` not closed before the next field: the parser stops at that field,
            // with words about a colon, and at its line.
            if message.contains("illegal placement of ':'")
                || message.contains("did not find expected ',' or")
                || message.contains("while parsing a flow")
                || message.contains("unclosed bracket")
                || message.contains("only valid inside a block")
            {
                let line = usize::try_from(location.line()).unwrap_or(1).max(1);
                if let Some(open) = unclosed_flow(text, line) {
                    let (what, verb) = if open.bracket == '[' {
                        ("list", "is")
                    } else {
                        ("fields", "are")
                    };
                    let name = if field.is_empty() {
                        String::new()
                    } else {
                        format!("`{field}`: ")
                    };
                    let end_line = origin.line_offset + open.end_line;
                    let place = if open.last_word.is_empty() {
                        format!("at the end of line {end_line}")
                    } else {
                        format!("after `{}` on line {end_line}", open.last_word)
                    };
                    return Diagnostic::error(
                        origin.file,
                        end_line,
                        open.end_column,
                        format!(
                            "{name}the {what} opened with `{}` on line {} {verb} not closed",
                            open.bracket,
                            origin.line_offset + open.line
                        ),
                    )
                    .with_help(format!("add `{}` {place}", open.closers));
                }
            }
            let here = usize::try_from(location.line())
                .ok()
                .and_then(|l| text.lines().nth(l.checked_sub(1)?))
                .unwrap_or("");
            // A tab among the spaces before a field: the parser says it found no key.
            if message.contains("did not find expected key")
                && here.chars().take_while(|c| c.is_whitespace()).any(|c| c == '\t')
            {
                return at("a tab is used to indent this line".to_string()).with_help(TAB_HELP);
            }
            // `title:Board meeting`: no space after the colon, so no field.
            if message.contains("simple key expected") {
                let trimmed = here.trim_start();
                if let Some((key, value)) = trimmed.split_once(':')
                    && !key.is_empty()
                    && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                    && value.starts_with(|c: char| !c.is_whitespace())
                {
                    return at(format!("`{key}:` has no space after its colon"))
                        .with_help(format!("a field's name is followed by a colon and a space: `{key}: {value}`"));
                }
            }
            if message.contains("trailing content after single-quoted scalar") {
                return at("an apostrophe inside single quotes ends the text early".to_string())
                    .with_help("write the apostrophe twice (`'Dr O''Neill'`) or use double quotes (`\"Dr O'Neill\"`)");
            }
            if message.contains("trailing content after double-quoted scalar") {
                let after = value_text(text, &location);
                if after.contains('"') {
                    return at("a double quote inside double quotes ends the text early".to_string())
                        .with_help("write the quotes inside as single quotes (`\"Bring the 'big' review\"`), or put the whole text in single quotes (`'Bring the \"big\" review'`)");
                }
                // `title: "Chief executive's report", purpose: information`.
                return at(format!("`{after}` follows the closing quote"))
                    .with_help("text in quotes ends at its closing quote: put what follows on a line of its own, or inside the quotes");
            }
            // A field written twice: the parser points at the second only, and which of
            // the two is right is the secretary's call.
            if message.starts_with("duplicate mapping key")
                && let Some((key, first)) = first_of_key(text, usize::try_from(location.line()).unwrap_or(0))
            {
                return at(format!(
                    "`{key}` is written twice here; the first is on line {}",
                    origin.line_offset + first
                ))
                .with_help(format!("a field is written once in its place: keep one `{key}:` line and delete the other"));
            }
            // `title: *Provisional* figures`, `title: @Home working`: the parser's words
            // name a character or a YAML notion, not the quotes that mend it.
            if let Some((key, value, column, reason)) = reserved_start(here)
                && usize::try_from(location.column()).is_ok_and(|c| c == column)
            {
                return at(format!("`{key}`: {reason}")).with_help(reserved_help(key, value));
            }
            let help = if message.contains("not allowed in this context") {
                Some("check the indentation: a field lines up with the fields above it, and text with a `: ` in it goes in quotes".to_string())
            } else if message.contains("did not find expected ',' or '}'")
                || message.contains("did not find expected ',' or ']'")
            {
                // `- { title: Mid-point review: July, due: ... }`: a colon in a title.
                Some("inside `{ ... }` or `[ ... ]`, text with a `: ` or a comma in it goes in double quotes: `title: \"Mid-point review: July\"`".to_string())
            } else {
                None
            };
            let message = scalar_message(&message, &found).unwrap_or(message);
            // `present:` or `value:` with nothing after it: the parser stops at the colon,
            // and the message said "found `:`".
            if found == ":"
                && let Some(expected) = message
                    .strip_prefix("expected ")
                    .and_then(|m| m.strip_suffix(", found `:`"))
            {
                let name = keys.last().map_or("", String::as_str);
                let help = if expected == "a list" {
                    format!("write the value after the colon (`{name}: []` for none), or leave the line out")
                } else {
                    "write the value after the colon".to_string()
                };
                return at(format!("`{field}` has no value; expected {expected}")).with_help(help);
            }
            let value = value_text(text, &location);
            // The token stops at a comma or a space; the value a secretary wrote does not.
            let message = if !found.is_empty() && value.len() > found.len() && value.starts_with(found.as_str()) {
                message.replace(&format!("`{found}`"), &format!("`{value}`"))
            } else {
                message
            };
            let date_help = if message.contains("expected a date") {
                date_help(&value)
            } else if message.contains("expected a period") {
                Some(period_help(&value))
            } else if message.starts_with("expected text") {
                bracketed_text_help(&value, true, keys.last()).or_else(|| {
                    (value.starts_with('[') || message.ends_with("found a list"))
                        .then(|| list_for_one_help(&field, &value))
                })
            } else if message.contains("expected a number")
                || message.contains("expected a whole number")
            {
                number_help(&value)
                    .or_else(|| percent_help(&value, origin.file))
                    .or_else(|| no_figure_help(&value, &field))
            } else {
                None
            };
            let diagnostic = if field.is_empty() {
                at(message)
            } else {
                at(format!("`{field}`: {message}"))
            };
            diagnostic.with_optional_help(help.or(date_help))
        }
    }
}

/// A flow list or mapping (`[ ... ]`, `{ ... }`) begun as a field's value on or before
/// `line` (1-based) and still open at the next field (a line indented no more than the
/// one it began on), or at the end: where it opened, what closes it, and the end of its
/// last line with text, where that belongs. None when it closes before the next field:
/// then the mistake is another (a `: ` in a title), which the parser's words name.
#[derive(Debug, PartialEq, Eq)]
struct Unclosed {
    bracket: char,
    /// What closes every bracket still open there, innermost first (`}]`).
    closers: String,
    /// 1-based, in `text`.
    line: usize,
    end_line: usize,
    /// 1-based, in characters: just after the last one.
    end_column: usize,
    last_word: String,
}

fn unclosed_flow(text: &str, line: usize) -> Option<Unclosed> {
    // The flow being read: its brackets still open, the line it began on and that line's
    // indent, and the end of the last line with text in it.
    let mut open: Vec<char> = Vec::new();
    let mut began = (0, 0);
    let mut end = (0, 0, String::new());
    let unclosed = |open: &[char], began: (usize, usize), end: &(usize, usize, String)| {
        (began.0 <= line && end.0 > 0).then(|| Unclosed {
            bracket: open[0],
            closers: open
                .iter()
                .rev()
                .map(|c| if *c == '[' { ']' } else { '}' })
                .collect(),
            line: began.0,
            end_line: end.0,
            end_column: end.1,
            last_word: end.2.clone(),
        })
    };
    for (i, text_line) in text.lines().enumerate() {
        let number = i + 1;
        let (marks, comment) = flow_scan(text_line);
        let mut marks = marks.as_slice();
        if open.is_empty() {
            if number > line {
                return None;
            }
            // Outside a flow, a bracket counts only where a value starts: after `key: `
            // or `- ` (`title: Review [draft]` is text).
            let at = key_column(text_line);
            let value = match line_key(text_line) {
                Some(key) => {
                    let after = (at + key.len() + 1).min(text_line.len());
                    after + indent(&text_line[after..])
                }
                None => at,
            };
            match marks.iter().position(|&(place, _)| place == value) {
                Some(first) if matches!(marks[first].1, '[' | '{') => marks = &marks[first..],
                _ => continue,
            }
            began = (number, indent(text_line));
            end = (0, 0, String::new());
        } else {
            let closing = text_line.trim_start().starts_with([']', '}']);
            // The next field, or the next entry of the list the flow is in.
            if !blank(text_line) && !closing && indent(text_line) <= began.1 {
                return unclosed(&open, began, &end);
            }
        }
        for &(_, mark) in marks {
            if matches!(mark, '[' | '{') {
                open.push(mark);
                continue;
            }
            open.pop();
            if open.is_empty() {
                // Closed: an error in it is another mistake.
                if number >= line {
                    return None;
                }
                break;
            }
        }
        let kept = text_line[..comment.unwrap_or(text_line.len())].trim_end();
        if !open.is_empty() && !kept.trim_start().is_empty() {
            let word: String = kept
                .chars()
                .rev()
                .take_while(|c| !matches!(c, ' ' | ',' | '[' | '{'))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            end = (number, kept.chars().count() + 1, word);
        }
    }
    if open.is_empty() {
        return None;
    }
    unclosed(&open, began, &end)
}

/// True when parsing stopped at one of the resource limits of [`options`]. Alias limits come
/// wrapped in `AliasError`, and the parser's nesting limit as a plain message.
fn hit_a_limit(error: &YamlError) -> bool {
    let inner = match error {
        YamlError::AliasError { error, .. } => error.without_snippet(),
        other => other,
    };
    let text = serde_saphyr::UserMessageFormatter.format_message(inner);
    matches!(
        inner,
        YamlError::Budget { .. }
            | YamlError::AliasReplayLimitExceeded { .. }
            | YamlError::AliasExpansionLimitExceeded { .. }
            | YamlError::AliasReplayStackDepthExceeded { .. }
    ) || text.contains("too large or too complex")
        || text.contains("recursion limit")
}

/// serde-saphyr's short scalar messages ("invalid boolean") reworded to say what was expected
/// and what was found, since a secretary cannot see the Rust type behind the field.
fn scalar_message(message: &str, found: &str) -> Option<String> {
    let rust_type = message.strip_prefix("invalid ");
    let integer = rust_type.and_then(integer);
    // A whole number too large for the field: the limit is what was missing.
    if let Some((min, max)) = integer.and_then(|(_, range)| range)
        && found
            .trim()
            .strip_prefix('-')
            .unwrap_or(found.trim())
            .bytes()
            .all(|b| b.is_ascii_digit())
        && !found.trim().is_empty()
        // A negative number for a count keeps "0 or more", which says all there is.
        && !(min == 0 && found.trim().starts_with('-'))
        && found
            .trim()
            .parse::<i128>()
            .map_or(true, |n| n < min || n > max)
    {
        // A 64-bit type's limits are 19-digit figures that say less than "too large".
        if max >= i128::from(i64::MAX) {
            return Some(format!(
                "expected a whole number, found {}, which is too {}",
                describe_found(found),
                if found.trim().starts_with('-') {
                    "small"
                } else {
                    "large"
                }
            ));
        }
        return Some(format!(
            "expected a whole number from {} to {}, found {}",
            crate::words::grouped_whole(min),
            crate::words::grouped_whole(max),
            describe_found(found)
        ));
    }
    let expected = match message {
        _ if integer.is_some() => integer.map_or("", |(words, _)| words),
        "invalid boolean" => "`true` or `false`",
        "invalid floating point" | "invalid floating-point number" => "a number",
        m if m.starts_with("cannot deserialize null") => {
            return Some("expected a value, found nothing".into());
        }
        m if m.starts_with("expected string") => "text",
        m if m.starts_with("expected sequence") => "a list",
        m if m.starts_with("expected mapping") => "`field: value` entries",
        _ => return None,
    };
    Some(format!(
        "expected {expected}, found {}",
        describe_found(found)
    ))
}

/// An integer type serde names (`u32`, `i64`, `usize`) in a secretary's words, and its
/// smallest and largest values where they are known (`u32` → "a whole number, 0 or
/// more", 0 to 4,294,967,295).
fn integer(rust_type: &str) -> Option<(&'static str, Option<(i128, i128)>)> {
    let (sign, width) = rust_type.split_at_checked(1)?;
    let bits: Option<u32> = match width {
        "size" => Some(64),
        w if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) => {
            w.parse().ok().filter(|b| matches!(b, 8 | 16 | 32 | 64))
        }
        _ => return None,
    };
    match sign {
        "u" => Some((
            "a whole number, 0 or more",
            bits.map(|bits| (0, (1i128 << bits) - 1)),
        )),
        "i" => Some((
            "a whole number",
            bits.map(|bits| (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)),
        )),
        _ => None,
    }
}

fn describe_found(found: &str) -> String {
    match found {
        "" => "nothing".into(),
        "[" => "a list".into(),
        "{" => "a mapping".into(),
        f if f == "-" || f.starts_with("- ") => "a list".into(),
        f => format!("`{f}`"),
    }
}

/// Serde's "expected" phrases name Rust types; say it in a secretary's words.
fn plain_expected(expected: &str) -> String {
    if let Some((words, _)) = integer(expected) {
        return words.into();
    }
    match expected {
        "a boolean" => "`true` or `false`".into(),
        "f64" | "f32" => "a number".into(),
        "a string" => "text".into(),
        "a sequence" => "a list".into(),
        e if e.starts_with("struct ") => "`field: value` entries".into(),
        e => e.into(),
    }
}

fn plain_unexpected(unexpected: &str) -> String {
    unexpected
        .replace("sequence", "a list")
        .replace("map", "a mapping")
}

/// True for a document of nothing but blank lines, comments and document markers.
fn has_no_content(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#') || line == "---" || line == "...")
}

/// `{ value: 1,000 }`: YAML ends the field at the comma and reads `000` as a field of its
/// own. The field as it was meant (`value: 1000`), if the line shows a whole number with
/// its thousands grouped split there ([`thousands_grouped`]: `1,5` is not).
fn number_split_at_comma(
    text: &str,
    location: &serde_saphyr::Location,
    unknown: &str,
) -> Option<String> {
    let whole = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !whole(unknown) {
        return None;
    }
    let line = usize::try_from(location.line()).ok()?.checked_sub(1)?;
    let column = usize::try_from(location.column()).ok()?;
    let source = text.lines().nth(line)?;
    let before: String = source.chars().take(column.saturating_sub(1)).collect();
    let (head, digits) = before.trim_end().strip_suffix(',')?.rsplit_once(':')?;
    let digits = digits.trim();
    let field = head.rsplit(['{', ',']).next()?.trim();
    if !whole(digits) || field.is_empty() || field.contains(' ') {
        return None;
    }
    // The number as written, with the groups after this one too: `1,000,000`.
    let rest: String = source
        .chars()
        .skip(column.saturating_sub(1))
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    // The comma after it ends the field (`{ value: 1,000, period: 2026-07 }`).
    let written = format!("{digits},{}", rest.trim_end_matches(','));
    thousands_grouped(&written).then(|| format!("{field}: {}", written.replace(',', "")))
}

/// The scalar at a location, for "found `...`" in messages (bounded, one line).
fn token_at(text: &str, location: &serde_saphyr::Location) -> String {
    let (Ok(line), Ok(column)) = (
        usize::try_from(location.line()),
        usize::try_from(location.column()),
    ) else {
        return String::new();
    };
    let Some(source_line) = line.checked_sub(1).and_then(|l| text.lines().nth(l)) else {
        return String::new();
    };
    let rest: String = source_line.chars().skip(column.saturating_sub(1)).collect();
    let token = rest.split(['#']).next().unwrap_or("");
    let token = token.split([',', '}', ']']).next().unwrap_or("").trim();
    let token = token.trim_matches(|c| c == '"' || c == '\'');
    token.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_found_at_their_line_and_column_past_curly_quotes() {
        let at = |text: &str| super::find_control(text, "f.md", 3).map(|d| (d.line, d.column));
        assert_eq!(at("It’s fine — “quoted” £5\n\ttab\r\n"), None);
        assert_eq!(at("a’b\nc\u{202E}d"), Some((4, 2)));
        assert_eq!(at("ok\n\nxy\u{85}"), Some((5, 3)));
        assert_eq!(at("\u{7}"), Some((3, 1)));
        assert_eq!(at("é\u{2066}"), Some((3, 2)));
        assert_eq!(at("\u{7F}"), Some((3, 1)));
        // Past the clean stretches passed over 64 bytes at a time, and at their edges.
        for before in [62, 63, 64, 65, 127, 128, 200] {
            let text = format!("{}\u{7}", "é".repeat(before / 2) + &"a".repeat(before % 2));
            assert_eq!(
                at(&text),
                Some((3, before / 2 + before % 2 + 1)),
                "{before}"
            );
            let text = format!("{}“x”\u{202E}", "a".repeat(before));
            assert_eq!(at(&text), Some((3, before + 4)), "{before}");
        }
        assert_eq!(at(&"a".repeat(1000)), None);
        // Found after an earlier suspicious but allowed character, far past it.
        assert_eq!(at(&format!("“{}\u{7}", "a".repeat(150))), Some((3, 152)));
    }

    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        role: Kind,
        first_appointed: crate::date::Date,
        voting: Option<bool>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    enum Kind {
        Chair,
        NonExecutiveDirector,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        board: Option<Inner>,
        points: Option<Vec<Point>>,
        respondents: Option<u32>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Point {
        value: f64,
    }

    /// The first problem of a text, as `parse_all` reports it, or its value.
    fn parse<T: DeserializeOwned>(
        text: &str,
        origin: Origin<'_>,
        what: &str,
    ) -> Result<T, Diagnostic> {
        parse_all::<T>(text, origin, what).map_err(|mut problems| problems.remove(0))
    }

    fn err(text: &str) -> Diagnostic {
        parse::<Outer>(
            text,
            Origin {
                file: "f.yaml",
                line_offset: 0,
            },
            "a test record",
        )
        .unwrap_err()
    }

    fn first_line(d: &Diagnostic) -> String {
        format!("{}:{}: {}", d.line, d.column, d.message)
    }

    fn all(text: &str) -> Vec<String> {
        let origin = Origin {
            file: "f.yaml",
            line_offset: 0,
        };
        match parse_all::<Outer>(text, origin, "a test record") {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(first_line).collect(),
        }
    }

    #[test]
    fn every_wrong_value_and_unknown_field_is_reported_not_only_the_first() {
        let text = "name: A\nboard:\n  role: chiar\n  first_appointed: 2020-13-01\n  votes: 3\n\
                    points:\n  - value: x\n  - { value: 2 }\n  - value: 1,5\nextra_field: 1\n";
        let found = all(text);
        assert_eq!(found.len(), 6, "{found:#?}");
        assert!(found[0].starts_with("3:9: `board.role` has an unknown value `chiar`"));
        assert!(
            found[1].starts_with("4:20: `board.first_appointed`"),
            "{}",
            found[1]
        );
        assert!(found[2].starts_with("5:3: unknown field `votes` in `board`"));
        assert!(
            found[3].starts_with("7:12: `points.value`: expected a number"),
            "{}",
            found[3]
        );
        assert!(found[4].starts_with("9:12: `points.value`"), "{}", found[4]);
        assert!(found[5].starts_with("10:1: unknown field `extra_field`"));
        // One problem is still one, and a record without one reads.
        assert_eq!(
            all("name: A\nboard:\n  role: chiar\n  first_appointed: 2020-01-01\n").len(),
            1
        );
        assert!(all("name: A\n").is_empty());
    }

    #[test]
    fn problems_that_leaving_out_a_line_would_cause_are_not_reported() {
        // The role left out is then missing: that is not the secretary's mistake.
        let found = all("name: A\nboard:\n  role: chiar\n  first_appointed: 2020-01-01\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        // A field misspelt is then missing: one mistake, one error.
        let found = all("name: A\nboard:\n  role: chair\n  first_apointed: 2020-01-01\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].contains("unknown field `first_apointed`"),
            "{found:#?}"
        );
        // A record left empty is not reported as empty.
        assert_eq!(all("name: [1, 2]\n").len(), 1);
        // A value on its own line goes with its key, so the key is not left without one.
        let found = all("name: A\nboard:\n  role:\n    chiar\n  first_appointed: 2020-13-01\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with("4:5: ") && found[1].starts_with("5:20: "),
            "{found:#?}"
        );
        let found = all("name: A\npoints:\n  - value:\n      x\n  - value: y\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        // An unknown field with a block under it goes whole, and what follows is read.
        let found = all("name: A\nboards:\n  role: chair\n\n  # a note\n  x: 1\npoints: 3\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[1].starts_with("7:9: `points`"), "{found:#?}");
        // A field genuinely missing is reported, after the wrong values, and ends the list.
        let found = all("points: 3\nboard:\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[1].contains("missing required field `name`"),
            "{found:#?}"
        );
        // Broken YAML after a wrong value may come of the lines left out: it is left for
        // the next build, when the value is mended.
        assert_eq!(all("name: [A\nboard: {\n").len(), 1);
        // A record of the wrong shape is one problem, however many lines it has.
        assert_eq!(all("- a\n- b\n").len(), 1);
        assert_eq!(all("Some prose.\nMore prose.\n").len(), 1);
        // Explicit keys are not followed line by line.
        assert_eq!(all("? name\n: [A\nboard: 3\n").len(), 1);
    }

    /// Each case: the text, and the lines and columns of its problems.
    fn places(text: &str) -> Vec<String> {
        all(text)
            .iter()
            .map(|found| found.split(' ').next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn what_a_left_out_line_held_or_ran_on_to_goes_with_it() {
        let cases: &[(&str, &[&str])] = &[
            // A list's only entry under its key's first letter: the key is not then empty.
            (
                "name: A\npoints:\n- { value: x }\nboard: 3\n",
                &["3:12:", "4:8:"],
            ),
            // A value of the wrong shape over several lines is one problem.
            (
                "name: A\npoints:\n  a: 1\n  b: 2\n  c: 3\nboard: 3\n",
                &["3:3:", "6:8:"],
            ),
            (
                "name: A\npoints: |\n  - value: 1\n  - value: 2\nboard: x\n",
                &["3:3:", "5:8:"],
            ),
            // A `{` on a line runs on to the line that closes it.
            (
                "name: A\nboard: { role: chiar,\nfirst_appointed: 2020-01-01 }\npoints: x\n",
                &["2:16:", "4:9:"],
            ),
            // A field of an entry left out goes with the entry, and the rest is read.
            (
                "name: A\nboard:\n  role: chiar\n  first_appointed: 2020-01-01\npoints: x\n",
                &["3:9:", "5:9:"],
            ),
            (
                "name: A\npoints:\n  - value: x\n  - value: 2\n  - value: y\nboard: 3\n",
                &["3:12:", "5:12:", "6:8:"],
            ),
            // A key with a space in it is a key, and its neighbours are read.
            (
                "name: A\nboard:\n  first appointed: 2020-01-01\n  role: chiar\n  voting: x\n",
                &["3:3:", "4:9:", "5:11:"],
            ),
            // A list under an unknown key, under its first letter, goes with it.
            (
                "name: A\npoint:\n- value: 1\n- value: 2\nboard: 3\n",
                &["2:1:", "5:8:"],
            ),
            // A value wrapped onto lines no further indented goes whole, from where it
            // begins: brackets, quotes.
            (
                "name: A\npoints: [{ value: 1 },\n{ value: x }]\nboard: 3\n",
                &["3:10:", "4:8:"],
            ),
            (
                "name: A\nboard:\n  note: \"Appointed by\n  the council\"\n  role: chiar\n  first_appointed: 2020-13-01\n",
                &["3:3:", "5:9:", "6:20:"],
            ),
            (
                "name: A\nboard:\n  note: 'the board''s\n  choice'\n  role: chiar\n",
                &["3:3:", "5:9:"],
            ),
            // A bracket or quote inside plain text, or in a `|` block, opens nothing.
            (
                "name: Acting lead [interim\nboard: 3\npoints: x\n",
                &["2:8:", "3:9:"],
            ),
            (
                "name: He said \"hi\nboard: 3\npoints: x\n",
                &["2:8:", "3:9:"],
            ),
            (
                "name: A\nboard: |\n  He said \"hi [\n\n  there\npoints: x\n",
                &["3:3:", "6:9:"],
            ),
            // Nor at the start of a line going on with a plain value, or after a dash in
            // the middle of one.
            (
                "notes: Second cohort on hold\n  'til May\nname: A\nboard: 3\n",
                &["1:1:", "4:8:"],
            ),
            (
                "note: Paused - 'til May\nname: A\nboard: 3\n",
                &["1:1:", "3:8:"],
            ),
            (
                "name: A\nboard:\n  role: chair\n  note: The chair said\n    \"we will review it\n  first_appointed: 2020-13-01\n",
                &["4:3:", "6:20:"],
            ),
            // A quoted key is a key.
            ("\"name\": [1]\nboard: 3\n", &["1:9:", "2:8:"]),
            (
                "name: A\nboard:\n  'role': [x]\n  first_appointed: 2020-13-01\n",
                &["3:11:", "4:20:"],
            ),
            // A key with a comment after it still has its list under it at its indent.
            (
                "name: A\npoint: # a note\n- value: 1\nboard: 3\n",
                &["2:1:", "4:8:"],
            ),
            // Under `- key: |`, the entry's other keys are not in the block.
            (
                "name: A\npoints:\n  - note: |\n      text\n    value: x\n  - value: y\n",
                &["3:5:", "6:12:"],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(places(text), *expected, "{text}: {:#?}", all(text));
        }
    }

    #[test]
    fn a_word_given_as_a_list_or_a_mapping_says_so() {
        for (role, found) in [
            ("[chair]", "a list"),
            ("{ chair: 1 }", "a mapping"),
            ("\n    - chair", "a list"),
        ] {
            let text = format!("name: A\nboard:\n  role: {role}\n  first_appointed: 2020-01-01\n");
            let d = err(&text);
            assert!(
                d.message == format!("`board.role`: expected one word, found {found}"),
                "{text}: {}",
                d.message
            );
            assert!(
                d.help
                    .as_deref()
                    .is_some_and(|h| h.contains("`board.role: ...`"))
            );
        }
    }

    #[test]
    fn reading_again_is_bounded() {
        let many: String = (0..100).map(|i| format!("field{i}: 1\n")).collect();
        let helps = |text: &str| -> Vec<String> {
            let origin = Origin {
                file: "f.yaml",
                line_offset: 0,
            };
            let problems = parse_all::<Outer>(text, origin, "a test record").unwrap_err();
            problems
                .into_iter()
                .map(|d| d.help.unwrap_or_default())
                .collect()
        };
        let found = helps(&format!("name: A\n{many}"));
        assert_eq!(found.len(), 1 + LATER_PROBLEMS);
        // The last says there are more, so the count does not read as all there is.
        assert!(found[LATER_PROBLEMS].ends_with(
            "this file has more problems than the 21 shown: mend these and check again for the rest"
        ));
        assert!(
            !found[..LATER_PROBLEMS]
                .iter()
                .any(|h| h.contains("more problems"))
        );
        let exactly: String = (0..=LATER_PROBLEMS)
            .map(|i| format!("field{i}: 1\n"))
            .collect();
        let found = helps(&format!("name: A\n{exactly}"));
        assert_eq!(found.len(), 1 + LATER_PROBLEMS);
        assert!(!found.iter().any(|h| h.contains("more problems")));
        // A file too large to read again that often reports its first problem only.
        let padding = format!("# {}\n", "x".repeat(LATER_READING));
        assert_eq!(all(&format!("name: A\n{padding}x: 1\ny: 2\n")).len(), 1);
    }

    #[test]
    fn unknown_field_suggests_nearest() {
        let d = err("name: A\nboard:\n  role: chair\n  first_apointed: 2020-01-01\n");
        assert_eq!(
            first_line(&d),
            "4:3: unknown field `first_apointed` in `board`"
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `first_appointed`?"));
    }

    /// The help names `extra:` only where there is one to put fields under: a record has
    /// it, an entry inside one (here `Outer`, and `board`) does not.
    #[test]
    fn unknown_field_with_no_near_word_lists_fields() {
        let d = err("name: A\nsalary: 3\n");
        assert_eq!(first_line(&d), "2:1: unknown field `salary`");
        assert_eq!(
            d.help.as_deref(),
            Some("the fields allowed here are `name`, `board`, `points` or `respondents`")
        );
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Record {
            name: String,
            extra: Option<serde::de::IgnoredAny>,
        }
        let d = parse::<Record>(
            "name: A\nsalary: 3\n",
            Origin {
                file: "f",
                line_offset: 0,
            },
            "x",
        )
        .unwrap_err();
        assert_eq!(
            d.help.as_deref(),
            Some(
                "the fields allowed here are `name` or `extra`; put fields of your own under `extra:`"
            )
        );
    }

    /// `value:` with nothing after it said "expected a number, found `:`".
    #[test]
    fn a_field_with_no_value_says_so() {
        for text in [
            "name: A\npoints:\n  - value:\n",
            "name: A\npoints:\n  - { value: }\n",
        ] {
            let d = err(text);
            assert!(
                d.message == "`points.value` has no value; expected a number",
                "{text}: {d:?}"
            );
            assert_eq!(d.help.as_deref(), Some("write the value after the colon"));
        }
    }

    #[test]
    fn comma_in_flow_mapping_number_gets_a_hint() {
        let d = err("name: A\npoints:\n  - { value: 1,000 }\n");
        assert_eq!(first_line(&d), "3:16: unknown field `000` in `points`");
        assert_eq!(
            d.help.as_deref(),
            Some("a number inside `{ ... }` is written without commas: `value: 1000`")
        );
        let d = err("name: A\npoints:\n  - { value: 1,000, value2: 1 }\n");
        assert_eq!(
            d.help.as_deref(),
            Some("a number inside `{ ... }` is written without commas: `value: 1000`")
        );
        let d = err("name: A\npoints:\n  - { value: 12,500,000 }\n");
        assert_eq!(
            d.help.as_deref(),
            Some("a number inside `{ ... }` is written without commas: `value: 12500000`")
        );
        // `1,5` is not a thousands comma, and a key of digits outside `{ ... }` is not a
        // number split: neither gets the hint.
        for text in [
            "name: A\npoints:\n  - { value: 1,5 }\n",
            "name: A\n2026: x\n",
        ] {
            let d = err(text);
            assert!(
                d.help
                    .as_deref()
                    .is_some_and(|h| h.starts_with("the fields allowed here are")),
                "{text}: {d:?}"
            );
        }
    }

    #[test]
    fn comma_in_flow_mapping_text_gets_a_quoting_hint() {
        let d = parse::<Inner>(
            "{ role: chair, first_appointed: 2020-01-01, voting: true, Honorary lecturer, University of X }",
            Origin { file: "f", line_offset: 0 },
            "x",
        )
        .unwrap_err();
        assert_eq!(d.message, "unknown field `Honorary lecturer`");
        assert!(
            d.help
                .unwrap()
                .starts_with("text with a comma inside `{ ... }` must be quoted")
        );
    }

    #[test]
    fn missing_field_names_parent() {
        let d = err("name: A\nboard:\n  role: chair\n");
        assert_eq!(
            first_line(&d),
            "3:3: missing required field `first_appointed` in `board`"
        );
        assert_eq!(
            first_line(&err(
                "board:\n  role: chair\n  first_appointed: 2020-01-01\n"
            )),
            "1:1: missing required field `name`"
        );
    }

    /// A field indented off its neighbours is said to be, at its own line, whatever the
    /// type of the value above it; not that the value above is wrong, or that it is missing.
    #[test]
    fn a_field_off_its_neighbours_indent_is_said_to_be() {
        for (text, expected) in [
            (
                "name: A\nboard:\n  role: chair\n  voting: true\n   first_appointed: 2020-01-01\n",
                "5:4: `first_appointed` is indented one space more than `voting` above it, so YAML reads it as part of `board.voting`",
            ),
            (
                "name: A\nboard:\n  role: chair\n  first_appointed: 2020-01-01\n    voting: true\n",
                "5:5: `voting` is indented 2 spaces more than `first_appointed` above it, so YAML reads it as part of `board.first_appointed`",
            ),
            (
                "name: A\npoints:\n  - value: 6\n     voting: 1\n",
                "4:6: `voting` is indented one space more than `value` above it, so YAML reads it as part of `points.value`",
            ),
            (
                "name: A\nboard:\n   role: chair\n  first_appointed: 2020-01-01\n",
                "4:3: `first_appointed` is indented one space less than `role` above it, so YAML does not read it as part of `board`",
            ),
            (
                "name: A\nboard:\n  role: chair\n  voting: true\n first_appointed: 2020-01-01\n",
                "5:2: `first_appointed` is indented one space less than `voting` above it, so YAML does not read it as part of `board`",
            ),
        ] {
            let d = err(text);
            assert_eq!(first_line(&d), expected, "{text}");
            assert!(d.help.unwrap().starts_with("line `"), "{text}");
        }
        // Back at the start of its line, the field may be the record's own: a maybe.
        let d = err("name: A\nboard:\n  role: chair\nfirst_appointed: 2020-01-01\n");
        assert_eq!(
            first_line(&d),
            "3:3: missing required field `first_appointed` in `board`"
        );
        assert_eq!(
            d.help.as_deref(),
            Some(
                "if the `first_appointed:` at the start of line 4 is this one, indent it to line up with `role:` on the line above it"
            )
        );
        // After `board: { ... }` nothing lines up: no such help.
        let d = err("name: A\nboard: { role: chair }\nfirst_appointed: 2020-01-01\n");
        assert!(!d.help.unwrap_or_default().contains("line up"));
        // A field missing for good, or a value that may run on, is not an indent's doing.
        assert_eq!(
            first_line(&err("name: A\nboard:\n  role: chair\nvoting: true\n")),
            "3:3: missing required field `first_appointed` in `board`"
        );
        assert_eq!(
            first_line(&err(
                "name: A\nboard:\n  role: \"chair\n   x\"\n  first_appointed: 2020-01-01\n"
            )),
            "3:9: `board.role` has an unknown value `chair x`"
        );
    }

    /// A colon in text inside braces, and a double quote inside double quotes, are said in
    /// a secretary's words with the fix, not only the parser's.
    #[test]
    fn quotes_and_colons_in_text_get_the_fix() {
        let d = err("{ name: Mid-point review: July }\n");
        assert!(
            d.help.as_deref().unwrap().starts_with("inside `{ ... }` or `[ ... ]`, text with a `: ` or a comma in it goes in double quotes"),
            "{d:?}"
        );
        let d = err("name: \"Report\", purpose: information\n");
        assert_eq!(
            first_line(&d),
            "1:15: `, purpose: information` follows the closing quote"
        );
        let d = err("name: \"Bring the \"big\" review\"\n");
        assert_eq!(
            first_line(&d),
            "1:19: a double quote inside double quotes ends the text early"
        );
        assert!(d.help.unwrap().contains("`'Bring the \"big\" review'`"));
    }

    /// A non-breaking space is named at the line holding it, before what YAML made of it.
    #[test]
    fn a_non_breaking_space_is_named() {
        for text in [
            "name: A\nboard:\n\u{a0}\u{a0}role: chair\n",
            "name: A\nboard:\n  role:\u{a0}chair\n  first_appointed: 2020-01-01\n",
            "name: A\nboard:\n  role: chair\u{a0}\n  first_appointed: 2020-01-01\n",
        ] {
            let d = err(text);
            assert_eq!(d.line, 3, "{text}");
            assert!(
                d.help.unwrap().starts_with(
                    "this line has a non-breaking space (pasted from Word or Outlook)"
                ),
                "{text}"
            );
        }
        assert!(
            err("name: A\u{a0}B\nboard:\n  role: chairs\n")
                .help
                .unwrap()
                .starts_with("did you mean")
        );
    }

    #[test]
    fn a_colon_without_a_space_after_it_is_said() {
        let d = err("name: A\npoints:\n  - {value:1}\n");
        assert_eq!(first_line(&d), "3:6: unknown field `value:1` in `points`");
        assert_eq!(
            d.help.as_deref(),
            Some("put a space after the colon: `value: 1`")
        );
    }

    #[test]
    fn unknown_enum_value_lists_allowed() {
        let d = err("name: A\nboard:\n  role: non-executive\n  first_appointed: 2020-01-01\n");
        assert_eq!(
            first_line(&d),
            "3:9: `board.role` has an unknown value `non-executive`"
        );
        assert_eq!(
            d.help.as_deref(),
            Some(
                "did you mean `non-executive-director`? (expected `chair` or `non-executive-director`)"
            )
        );
    }

    /// A word field with nothing after its colon has no value: the reader's `~` was
    /// named as a value the secretary wrote.
    #[test]
    fn a_word_field_with_no_value_says_so() {
        for text in [
            "name: A\nboard:\n  role:\n  first_appointed: 2020-01-01\n",
            "name: A\nboard:\n  role: ~\n  first_appointed: 2020-01-01\n",
        ] {
            let d = err(text);
            assert!(
                first_line(&d).ends_with(
                    "`board.role` has no value; expected `chair` or `non-executive-director`"
                ),
                "{text}: {}",
                first_line(&d)
            );
            assert_eq!(d.help.as_deref(), Some("write one of them after the colon"));
        }
    }

    #[test]
    fn bad_date_and_bad_types_name_the_field() {
        let d = err("name: A\nboard:\n  role: chair\n  first_appointed: 1/4/2020\n");
        assert_eq!(
            first_line(&d),
            "4:20: `board.first_appointed`: expected a date as YYYY-MM-DD, found `1/4/2020`"
        );
        let d =
            err("name: A\nboard:\n  role: chair\n  first_appointed: 2020-01-01\n  voting: maybe\n");
        assert_eq!(
            first_line(&d),
            "5:11: `board.voting`: expected `true` or `false`, found `maybe`"
        );
        let d = err("name: A\npoints:\n  - { value: 1 }\n  - { value: lots }\n");
        assert_eq!(
            first_line(&d),
            "4:14: `points.value`: expected a number, found `lots`"
        );
    }

    #[test]
    fn front_matter_offset_shifts_lines() {
        let d = parse::<Outer>(
            "name: A\nsalary: 1\n",
            Origin {
                file: "f.md",
                line_offset: 1,
            },
            "x",
        )
        .unwrap_err();
        assert_eq!((d.line, d.column), (3, 1));
    }

    #[test]
    fn a_second_document_is_found_at_its_marker() {
        for (text, line) in [
            ("name: A\n\n---\nname: B\n", 3),
            ("---\nname: A\n--- # the next one\n\n# B\nname: B\n", 3),
            ("name: A\n---\n", 2),
        ] {
            let d = err(text);
            assert_eq!(
                first_line(&d),
                format!(
                    "{line}:1: a record file holds one record, but this `---` starts a second one"
                ),
                "{text}"
            );
            assert!(
                d.help
                    .as_deref()
                    .unwrap_or("")
                    .starts_with("delete this line")
            );
        }
        let d = err("name: A\n...\nname: B\n");
        assert_eq!(
            first_line(&d),
            "2:1: a record file holds one record, but this `...` ends it and more follows"
        );
    }

    #[test]
    fn syntax_errors_empty_files_and_wrong_shapes() {
        assert_eq!(
            first_line(&err("name: [\n")),
            "1:7: `name`: expected text, found a list"
        );
        assert_eq!(
            first_line(&err("name: A\nboard: {role: chair\n")),
            "2:20: `board`: the fields opened with `{` on line 2 are not closed"
        );
        assert_eq!(
            first_line(&err("name: \"A\nboard: 1\n")),
            "1:7: unclosed quote"
        );
        assert_eq!(
            first_line(&err("name: A\n  bad: indent\n")),
            "2:6: mapping values are not allowed in this context"
        );
        assert_eq!(
            first_line(&err("")),
            "1:1: the file is empty; expected a test record"
        );
        assert_eq!(
            first_line(&err("  \n# only a comment\n")),
            "1:1: the file is empty; expected a test record"
        );
        assert_eq!(
            first_line(&err("- a\n- b\n")),
            "1:1: expected a test record written as `field: value` lines, found a list"
        );
        let twice = err(
            "name: A\n# a note\nboard:\n  role: chair\n  first_appointed: 2020-01-01\nname: B\n",
        );
        assert_eq!(
            (first_line(&twice), twice.help.as_deref()),
            (
                "6:1: `name` is written twice here; the first is on line 1".to_string(),
                Some(
                    "a field is written once in its place: keep one `name:` line and delete the other"
                )
            )
        );
        assert_eq!(
            first_line(&err("name: A\npoints:\n- value: 1\nname: B\n")),
            "4:1: `name` is written twice here; the first is on line 1"
        );
        // Inside a list item, from its `- ` line; another item's is not the first.
        assert_eq!(
            first_line(&err(
                "name: A\npoints:\n  - value: 1\n  - value: 2\n    value: 3\n"
            )),
            "5:5: `value` is written twice here; the first is on line 4"
        );
        // Where the lines do not show the first plainly, the parser's words stay.
        assert!(
            first_line(&err("name: A\nboard: {role: chair, role: chair}\n"))
                .contains("duplicate mapping key")
        );
    }

    #[test]
    fn alias_bombs_and_deep_nesting_hit_the_budget() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            bomb.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let value = parse::<serde_json::Value>(
            &bomb,
            Origin {
                file: "f",
                line_offset: 0,
            },
            "x",
        );
        assert!(value.is_err());
        let deep = format!("name: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(
            parse::<serde_json::Value>(
                &deep,
                Origin {
                    file: "f",
                    line_offset: 0
                },
                "x"
            )
            .is_err()
        );
        let mut block = String::new();
        for depth in 0..500 {
            block.push_str(&" ".repeat(depth));
            block.push_str("k:\n");
        }
        assert!(
            parse::<serde_json::Value>(
                &block,
                Origin {
                    file: "f",
                    line_offset: 0
                },
                "x"
            )
            .is_err()
        );
    }

    #[test]
    fn curly_quotes_found_at_the_quote_and_not_in_text_blocks() {
        let origin = Origin {
            file: "f.yaml",
            line_offset: 0,
        };
        let text = "name:   “Jo Bell”\nnotes: |\n  She said “yes”: ‘fine’\n  title: “kept”\nagenda:\n  - title: >-\n      “Quoted” on purpose\n    paper: “x.pdf”\n";
        let found: Vec<String> = value_warnings(text, origin)
            .iter()
            .map(|d| format!("{}:{}", d.line, d.column))
            .collect();
        assert_eq!(found, ["1:9", "8:12"]);
    }

    /// A value begun with `&word` loses that word to YAML as an anchor: warned of unless the
    /// file repeats the anchor (`*chair`), which means it was meant.
    #[test]
    fn an_anchor_that_takes_a_values_first_word_is_warned_of() {
        let origin = Origin {
            file: "f.yaml",
            line_offset: 2,
        };
        let text = "title: &Co report\njob_title:  &lead Lead nurse # senior\nname: &chair Margaret\nrole: *chair\nboard: &b\n  role: chair\ntags: [&x a]\nnote: \"&Co report\"\nmilestones:\n  - { title: &Co review, due: 2026-03-01 }\n";
        let found: Vec<String> = value_warnings(text, origin)
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {} / {}",
                    d.line,
                    d.column,
                    d.message,
                    d.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                "3:8: `title`: YAML reads `&Co` as an anchor, not text, so the value is only \"report\" / put the value in quotes: `title: \"&Co report\"`",
                "4:13: `job_title`: YAML reads `&lead` as an anchor, not text, so the value is only \"Lead nurse\" / put the value in quotes: `job_title: \"&lead Lead nurse\"`",
            ]
        );
    }

    /// Text begun with a character YAML keeps for itself gets the quotes that mend it, at
    /// the value, whatever the parser's words were.
    #[test]
    fn text_begun_with_a_yaml_character_is_told_to_be_quoted() {
        let problem = |text: &str| {
            let d = err(text);
            (first_line(&d), d.help.clone().unwrap_or_default())
        };
        let cases = [
            (
                "name: *Provisional* figures\n",
                "1:7: `name`: YAML reads a value that starts with `*` as a reference to an anchor (`*name`), not as text",
                "if it is text, put it in double quotes: `name: \"*Provisional* figures\"`",
            ),
            (
                "name: @Home working\n",
                "1:7: `name`: YAML does not allow a value to start with `@` unless it is in quotes",
                "if it is text, put it in double quotes: `name: \"@Home working\"`",
            ),
            (
                "name: % of staff\n",
                "1:7: `name`: YAML does not allow a value to start with `%` unless it is in quotes",
                "if it is text, put it in double quotes: `name: \"% of staff\"`",
            ),
            (
                "name: `Draft` notes\n",
                "1:7: `name`: YAML does not allow a value to start with a backquote unless it is in quotes",
                "if it is text, put it in double quotes: `name: \"`Draft` notes\"`",
            ),
            (
                "name: > a \"quote\"\n",
                "1:7: `name`: YAML reads `>` at the start of a value as the start of a block of text on the lines below, so no text may follow it on this line",
                "if it is text, put it in double quotes: `name: \"> a \\\"quote\\\"\"`; for a block of text, write `name: >` alone and the text on the lines below it, indented",
            ),
            (
                "name: - Chair\n",
                "1:7: `name`: YAML reads `- ` at the start of a value as a list item, not as text",
                "if it is text, put it in double quotes: `name: \"- Chair\"`; for a list, put each `- item` on a line of its own below `name:`, indented",
            ),
            (
                "name: [Draft] Strategy\n",
                "1:7: `name`: expected text, found `[Draft] Strategy`",
                "if it is text, put it in double quotes: `name: \"[Draft] Strategy\"`",
            ),
            (
                "name: A\nboard:\n  role: chair\n  first_appointed: 2020-01-01\n  voting: *yes\n",
                "5:11: `voting`: YAML reads a value that starts with `*` as a reference to an anchor (`*name`), not as text",
                "remove the `*`: `voting: yes`; if it is part of the text, put the text in double quotes: `voting: \"*yes\"`",
            ),
            (
                "name: @Home working # from the agenda\n",
                "1:7: `name`: YAML does not allow a value to start with `@` unless it is in quotes",
                "if it is text, put it in double quotes: `name: \"@Home working\"`",
            ),
        ];
        for (text, message, help) in cases {
            assert_eq!(
                problem(text),
                (message.to_string(), help.to_string()),
                "{text}"
            );
        }
        // A block's header mistyped is not taken for text.
        assert!(
            !problem("name: |0\n  text\n")
                .0
                .contains("no text may follow")
        );
        // A list where text was meant, with nothing after it, may be a list by mistake:
        // no quoting help, but what the field holds.
        assert_eq!(
            problem("name: [Jo Bell]\n").1,
            "leave out the brackets: `name: Jo Bell`"
        );
        assert_eq!(
            problem("name: [Jo Bell, Al Ng]\n").1,
            "this field holds one value, not a list: write it after the colon, without `[ ]` or `- `"
        );
        // A `*` that repeats an anchor is read.
        assert!(all("name: &n Jo\nboard: {role: chair, first_appointed: 2020-01-01}\n").is_empty());
    }

    /// A `#` with text right after it in an unquoted value is warned of; a comment written
    /// `# so`, a quoted value and a text block are not.
    #[test]
    fn a_hash_that_cuts_a_value_short_is_warned_of() {
        let origin = Origin {
            file: "f.yaml",
            line_offset: 0,
        };
        let text = "job_title: Lead nurse #2 for surgery\ntitle: #1 nurse\ndue: 2026-01-01 # moved\nnote: \"Paper #3\"\nnotes: |\n  see #4\n  more: #5\nagenda:\n  - item: 1 #a\n\
                    due: 2026-09-15 #moved\nowner: sarah-whitfield #was david-osei\nvoting: yes #checked\n\
                    job_title: \"Director: workforce\n  and the plan: see item #3\"\n\
                    agenda:\n  - { item: \"3\",\n      presenter: david-osei, title: \"Report #3\" }\n\
                    progress: Paper C:\\drafts #2\n";
        let found: Vec<String> = value_warnings(text, origin)
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "1:23: `job_title` ends before `#`: YAML reads `#2 for surgery` as a comment, so the report shows `Lead nurse`",
                "2:8: `title` is empty: YAML reads `#1 nurse` as a comment",
                "18:27: `progress` ends before `#`: YAML reads `#2` as a comment, so the report shows `Paper C:\\drafts`",
            ]
        );
        let helps: Vec<String> = value_warnings(text, origin)
            .into_iter()
            .filter_map(|d| d.help)
            .collect();
        assert_eq!(
            helps[2],
            "if it is part of the text, put the text in double quotes: `progress: \"Paper C:\\\\drafts #2\"`"
        );
    }

    #[test]
    fn a_list_or_fields_left_open_are_named_where_they_opened() {
        let text = "date: 2026-05-28\npresent: [margaret-ellison, david-osei,\n  tom-reilly, ian-mcbride\napologies: [catherine-doyle]\n";
        assert_eq!(
            unclosed_flow(text, 4),
            Some(Unclosed {
                bracket: '[',
                closers: "]".into(),
                line: 2,
                end_line: 3,
                end_column: 26,
                last_word: "ian-mcbride".into(),
            })
        );
        // Closed, text with a bracket in it, a bracket in quotes or a comment: none.
        for closed in [
            "present: [a, b]\napologies: c\n",
            "title: Review [draft\nnext: x\n",
            "title: \"[draft\"\nnext: x\n",
            "present: [a, b] # [c\nnext: x\n",
        ] {
            assert_eq!(unclosed_flow(closed, 2), None, "{closed}");
        }
        // Closed on a later line: a mistake inside it (a `: ` in a title) is another.
        let colon = "agenda:\n  - { item: \"5.1\", purpose: discussion,\n      title: Joint training: recovery plan }\nnext: x\n";
        assert_eq!(unclosed_flow(colon, 3), None);
        // An entry of a list left open: closed where its own last line ends, not after
        // the entries that follow it.
        let entry = "points:\n  - {period: 2025-01, value: 3\n  - {period: 2025-02, value: 4}\n  - {period: 2025-03, value: 5}\ntarget: 4\n";
        let found = unclosed_flow(entry, 4).unwrap();
        assert_eq!((found.line, found.end_line), (2, 2));
        assert_eq!(found.last_word, "3");
        // Nested: both closed; an apostrophe in a word opens no quote.
        let nested = "agenda: [{ item: '1', title: Chief executive's report, purpose: information\nnext: x\n";
        let found = unclosed_flow(nested, 2).unwrap();
        assert_eq!(found.closers, "}]");
        assert_eq!(found.last_word, "information");
        let d = err("name: A\npoints: [{ value: 1 }, { value: 2 }\nrespondents: 3\n");
        assert_eq!(
            first_line(&d),
            "2:36: `points`: the list opened with `[` on line 2 is not closed"
        );
        assert_eq!(d.help.as_deref(), Some("add `]` after `}` on line 2"));
        let d = err("name: A\npoints:\n  - { value: 1,\n    value: 2\nrespondents: 3\n");
        assert!(
            first_line(&d).ends_with("the fields opened with `{` on line 3 are not closed"),
            "{d:?}"
        );
        assert_eq!(d.help.as_deref(), Some("add `}` after `2` on line 4"));
        // The entry left open among others: named at its own line.
        let d = err("name: A\npoints:\n  - { value: 1\n  - { value: 2 }\n  - { value: 3 }\n");
        assert_eq!(
            first_line(&d),
            "3:15: `points`: the fields opened with `{` on line 3 are not closed"
        );
    }

    #[test]
    fn a_colon_without_a_space_and_a_tab_before_a_field_are_named() {
        let d = err("name: A\ntitle:Board meeting\n");
        assert_eq!(first_line(&d), "2:1: `title:` has no space after its colon");
        assert_eq!(
            d.help.as_deref(),
            Some("a field's name is followed by a colon and a space: `title: Board meeting`")
        );
        let d = err("name: A\nboard:\n  role: chair\n \tfirst: x\n");
        assert!(
            first_line(&d).ends_with("a tab is used to indent this line"),
            "{d:?}"
        );
    }

    #[test]
    fn periods_written_as_spreadsheets_write_them() {
        for (written, help) in [
            ("Mar-26", "write a month as YYYY-MM: `2026-03`"),
            ("March 2026", "write a month as YYYY-MM: `2026-03`"),
            ("2026-Sept", "write a month as YYYY-MM: `2026-09`"),
            ("3/2026", "write a month as YYYY-MM: `2026-03`"),
            ("2026/3", "write a month as YYYY-MM: `2026-03`"),
            (
                "Q1 2026",
                "write a quarter as YYYY-Qn: `2026-Q1` (January to March); a financial year's quarters are a calendar quarter later",
            ),
            (
                "q4-25",
                "write a quarter as YYYY-Qn: `2025-Q4` (October to December); a financial year's quarters are a calendar quarter later",
            ),
            (
                "2026 Q2",
                "write a quarter as YYYY-Qn: `2026-Q2` (April to June); a financial year's quarters are a calendar quarter later",
            ),
            ("Dec-99", "write a month as YYYY-MM: `1999-12`"),
            (
                "2026–03",
                "the dash is an en-dash (–), as Word types it: use a hyphen, `2026-03`",
            ),
            ("02/03/2026", "write dates as YYYY-MM-DD: `2026-03-02`"),
        ] {
            assert_eq!(period_help(written), help, "{written}");
        }
        // A month as a number with a short year could be a day: no guess.
        for unclear in ["03-26", "Q5 2026", "13/2026", "last month", "31/02/2026"] {
            assert!(
                period_help(unclear).starts_with("write a month as YYYY-MM (`2026-03`)"),
                "{unclear}"
            );
        }
    }

    #[test]
    fn money_and_date_help_only_when_the_fix_is_right() {
        assert_eq!(
            number_help("£18,000"),
            Some("write the number alone, without a currency sign or commas: `18000`".into())
        );
        assert_eq!(
            number_help("£1,250,000.50").as_deref(),
            Some("write the number alone, without a currency sign or commas: `1250000.50`")
        );
        assert_eq!(number_help("1,5"), None, "a decimal comma is not fifteen");
        // Text after the comma that is not ASCII is read by character, not cut mid-way.
        assert_eq!(number_help("2,50€"), None);
        assert_eq!(number_help("1,25£"), None);
        assert_eq!(number_help("£1,000.5,000"), None);
        assert_eq!(
            date_help("22/04/40000").as_deref(),
            Some("write dates as YYYY-MM-DD, for example `2026-04-22` for 22 April 2026")
        );
        assert_eq!(number_help("18,0000"), None);
        assert_eq!(
            percent_help("85%", "content/measures/a.yaml").as_deref(),
            Some(
                "write the number alone, without `%`: `85` (a measure's `unit: \"%\"` shows the sign)"
            )
        );
        assert_eq!(
            percent_help("75%", "boardpack.yaml").as_deref(),
            Some("write 75% as a fraction: `0.75`")
        );
        assert_eq!(percent_help("about 75%", "boardpack.yaml"), None);
        // A count gets the same help as an amount.
        let d = err("name: A\nrespondents: 1,043\n");
        assert_eq!(
            d.help.as_deref(),
            Some("write the number alone, without a currency sign or commas: `1043`")
        );
        assert_eq!(
            date_help("2026-08-20 00:00:00").as_deref(),
            Some("write the date alone, without a time: `2026-08-20`")
        );
        assert_eq!(
            date_help("2026-08-20T09:30").as_deref(),
            Some("write the date alone, without a time: `2026-08-20`")
        );
        assert_eq!(
            date_help("22/04/2026").as_deref(),
            Some("write dates as YYYY-MM-DD: `2026-04-22`")
        );
        // Word's en-dashes; the year first with single digits; ordinals; month first.
        assert_eq!(
            date_help("2026–10–31").as_deref(),
            Some("the dashes are en-dashes (–), as Word types them: use hyphens, `2026-10-31`")
        );
        for (written, fixed) in [
            ("2026-9-24", "2026-09-24"),
            ("2026-10-5", "2026-10-05"),
            ("1st April 2026", "2026-04-01"),
            ("April 1, 2026", "2026-04-01"),
            ("22nd Sep 2026", "2026-09-22"),
        ] {
            assert_eq!(
                date_help(written),
                Some(format!("write dates as YYYY-MM-DD: `{fixed}`")),
                "{written}"
            );
        }
        for (written, fixed) in [
            ("£1.2m", "1200000"),
            ("1.5 million", "1500000"),
            ("£2bn", "2000000000"),
            ("0.35m", "350000"),
        ] {
            assert_eq!(
                number_help(written),
                Some(format!(
                    "write the amount in full, as a number alone: `{fixed}`"
                )),
                "{written}"
            );
        }
        assert_eq!(
            number_help("60000 GBP").as_deref(),
            Some("write the number alone, without a currency: `60000`")
        );
        assert_eq!(number_help("mm"), None);
        let d = err("name: A\npoints:\n  - { value: n/a }\n");
        assert!(
            d.help
                .as_deref()
                .unwrap_or("")
                .starts_with("if there is no figure for this period, leave the point out"),
            "{d:?}"
        );
        assert_eq!(
            date_help("31/02/2026").as_deref(),
            Some("write dates as YYYY-MM-DD, for example `2026-04-22` for 22 April 2026"),
            "31 February does not exist"
        );
        // Inside `{ ... }` the amount is the whole of it, not what is before its comma
        // (the help gave `20`); a comma before other text still ends it.
        let d = err("name: A\npoints:\n  - { value: £20,000 }\n");
        assert_eq!(
            first_line(&d),
            "3:14: `points.value`: expected a number, found `£20,000`"
        );
        assert_eq!(
            d.help.as_deref(),
            Some("write the number alone, without a currency sign or commas: `20000`")
        );
        assert_eq!(flow_value_end("£20,000, x: 1 }"), "£20,000".len());
        assert_eq!(flow_value_end("£20,00 }"), "£20".len());
        assert_eq!(flow_value_end("a,123 }"), 1);
        assert_eq!(flow_value_end("1,2345 }"), 1);
        // A comment holding brackets does not make the value look like a list item.
        let d = err("name: A\npoints:\n  - value: £18,000 # approved [Sept board]\n");
        assert_eq!(
            d.help.as_deref(),
            Some("write the number alone, without a currency sign or commas: `18000`"),
            "{d:?}"
        );
    }

    /// A value tagged binary is never decoded, however the tag is spelt: each spelling is
    /// refused. `G1sz` decodes to an escape sequence's start.
    #[test]
    fn binary_values_are_never_decoded() {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            title: String,
        }
        let origin = Origin {
            file: "f.yaml",
            line_offset: 0,
        };
        for text in [
            "title: !!binary G1sz\n",
            "title: !<tag:yaml.org,2002:binary> G1sz\n",
            "title: !!bin%61ry G1sz\n",
            "%TAG !b! tag:yaml.org,2002:bin\n---\ntitle: !b!ary G1sz\n",
        ] {
            let error = parse::<T>(text, origin, "a record").unwrap_err();
            assert!(error.message.contains("`!!binary`"), "{text}: {error:?}");
        }
        let error = parse::<T>("title: !binary G1sz\n", origin, "a record").unwrap_err();
        assert!(error.message.contains("`!binary`"), "{error:?}");
        // Untagged, the same letters are text like any other.
        let t = parse::<T>("title: G1sz\n", origin, "a record").unwrap();
        assert_eq!(t.title, "G1sz");
    }

    /// A tag boardpack does not read is refused at its value, not dropped: the value would
    /// be published as written. YAML's own types and the bare `!` are read as YAML says.
    #[test]
    fn tags_boardpack_does_not_read_are_refused() {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            title: String,
            #[serde(default)]
            tags: Vec<String>,
        }
        let origin = Origin {
            file: "f.yaml",
            line_offset: 3,
        };
        for (text, field, tag, line, column) in [
            ("title: !secret Jo\n", "title", "!secret", 4, 8),
            (
                "title: Jo\ntags: !private [a, b]\n",
                "tags",
                "!private",
                5,
                7,
            ),
            (
                "title: Jo\ntags:\n  - !!timestamp 2026-01-01\n",
                "tags",
                "!!timestamp",
                6,
                5,
            ),
            (
                "title: !<tag:example.com,2026:x> Jo\n",
                "title",
                "!<tag:example.com,2026:x>",
                4,
                8,
            ),
            ("title: Jo\ntags: [é, !keep ü]\n", "tags", "!keep", 5, 11),
            // A tagged list starts on the line after its tag.
            (
                "title: Jo\ntags: !private\n  - a\n",
                "tags",
                "!private",
                5,
                7,
            ),
            ("title: !s &a Jo\n", "title", "!s", 4, 8),
            // Nested, after a list of mappings and a key that is a list.
            (
                "title: Jo\nextra:\n  ? [a, b]\n  : 1\n  people:\n    - { name: A }\n    - { name: !x B }\n",
                "extra.people.name",
                "!x",
                10,
                15,
            ),
        ] {
            let error = parse::<T>(text, origin, "a record").unwrap_err();
            assert_eq!(
                error.message,
                format!(
                    "`{field}`: boardpack does not read the YAML tag `{tag}`: it would be dropped and the value published"
                ),
                "{text}"
            );
            assert_eq!((error.line, error.column), (line, column), "{text}");
            assert!(
                error
                    .help
                    .as_deref()
                    .unwrap()
                    .contains("confidential: true")
            );
        }
        for (text, tags) in [
            ("title: !!str Jo\n", vec![]),
            ("title: ! Jo\n", vec![]),
            ("title: Jo!\ntags: !!seq [a]\n", vec!["a"]),
            ("title: \"Jo! \\u00e9\"\ntags: [b!]\n", vec!["b!"]),
        ] {
            let t = parse::<T>(text, origin, "a record").unwrap();
            assert!(t.title.starts_with("Jo"), "{text}");
            assert_eq!(t.tags, tags, "{text}");
        }
    }

    /// The keys of the mapping a key is in, for naming every field a section lacks: a
    /// block, a list's entry, a `{ }` whatever its quoted text holds, and nothing for a
    /// `{ }` running over lines (its lines would read as other keys).
    #[test]
    fn keys_at_reads_the_mapping_a_key_is_in() {
        let keys = |text: &str, line: usize, column: usize| {
            mapping_at(text, line, column).map(|(_, keys)| keys)
        };
        let start = |text: &str, line: usize, column: usize| {
            mapping_at(text, line, column).map(|(start, _)| start)
        };
        let owned = |keys: &[&str]| Some(keys.iter().map(|k| k.to_string()).collect::<Vec<_>>());
        let block =
            "name: X\nboard:\n  committees:\n  - audit\n  # a note\n  voting: true\nnext: 1\n";
        assert_eq!(keys(block, 6, 3), owned(&["committees", "voting"]));
        let entry = "milestones:\n  - title: A\n    due: 2026-01-01\n  - done: 2026-03-01\n    note: |\n      text\n";
        assert_eq!(keys(entry, 5, 5), owned(&["done", "note"]));
        assert_eq!(keys(entry, 3, 5), owned(&["due", "title"]));
        let quoted = "milestones:\n  - {title: \"Plan {v2}\", done: 2026-03-01}\n";
        assert_eq!(keys(quoted, 2, 26), owned(&["done", "title"]));
        let two = "milestones: [{title: Été, due: 2026-01-01}, {done: 2026-03-01}]\n";
        assert_eq!(keys(two, 1, 46), owned(&["done"]));
        assert_eq!(keys(two, 1, 15), owned(&["due", "title"]));
        // Where each entry begins: its first key.
        assert_eq!(start(block, 6, 3), Some((3, 3)));
        assert_eq!(start(entry, 5, 5), Some((4, 5)));
        assert_eq!(start(entry, 3, 5), Some((2, 5)));
        assert_eq!(start(two, 1, 46), Some((1, 46)));
        assert_eq!(start(two, 1, 27), Some((1, 15)));
        assert_eq!(start(quoted, 2, 26), Some((2, 6)));
        // Past blank lines and comments to the first key.
        let gaps = "board:\n\n  # chair from 2024\n  voting: true\n  committees: []\n";
        assert_eq!(start(gaps, 5, 3), Some((4, 3)));
        let commented = "agenda:\n  - # the second item\n    item: \"2\"\n    presenter: x\n";
        assert_eq!(start(commented, 4, 5), Some((3, 5)));
        let running = "name: X\nboard: {role: chair,\n  voting: true}\n";
        assert_eq!(keys(running, 3, 3), None);
        assert_eq!(keys("a: {b: 1\n", 1, 5), None);
        assert_eq!(keys("a: 1\n", 9, 1), None);
    }
}
