//! Problems found in a project, and how they are shown to a board secretary.
//!
//! Every stage (config, records, model) reports through [`Diagnostic`]. A diagnostic about a
//! file names it relative to the project with a 1-based line and column (1:1 for problems
//! with the whole file), so the first line reads like a compiler's:
//! `content/people/jo.yaml:5:3: error: ...`, which editors and terminals turn into links.
//! A problem that is not in a file (a missing project folder, a port in use) has no place:
//! line 0, and it prints as `error: ...`.

use crate::words::plural;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the project folder, with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// How many characters from the column the problem spans, where it knows (`[^src]` in a
    /// body); otherwise the caret covers the value at the column, as YAML writes one. For the
    /// terminal only: not in the JSON.
    #[serde(skip)]
    pub width: Option<u16>,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
            severity: Severity::Error,
            message: message.into(),
            help: None,
            width: None,
        }
    }

    pub fn warning(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, message)
        }
    }

    /// A problem with a whole file (or folder) rather than a place in it.
    pub fn file_error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::error(file, 1, 1, message)
    }

    /// A problem that is not in any file of the project; the message says what it is about.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            file: String::new(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            width: None,
        }
    }

    /// Whether this problem is at a place in a file.
    pub fn is_placed(&self) -> bool {
        self.line > 0
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The problem spans `width` characters from its column.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = Some(u16::try_from(width).unwrap_or(u16::MAX).max(1));
        self
    }

    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Orders diagnostics the way they are printed: by file, then position.
/// The line and column in its file of byte `at` of `text`, which starts on line
/// `first_line`: lines counted by line feeds, columns in characters from 1.
pub fn line_and_column(text: &str, at: usize, first_line: usize) -> (usize, usize) {
    Places::new(text, first_line).of(at)
}

/// The line and column of places in one text, each counted on from the last when they come
/// in order: a body with thousands of problems (a pasted document of `file:` links) was
/// counted from its start for each, and took minutes.
pub struct Places<'t> {
    text: &'t str,
    first_line: usize,
    /// Where the count has reached, its line, and the characters from its line's start.
    at: usize,
    line: usize,
    column: usize,
}

impl<'t> Places<'t> {
    pub fn new(text: &'t str, first_line: usize) -> Places<'t> {
        Places {
            text,
            first_line,
            at: 0,
            line: first_line,
            column: 0,
        }
    }

    /// The line and column (both from 1, the line from `first_line`) of byte `at`.
    pub fn of(&mut self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        if at < self.at {
            *self = Places::new(self.text, self.first_line);
        }
        let passed = &self.text[self.at..at];
        match passed.rfind('\n') {
            Some(last) => {
                self.line += passed.bytes().filter(|&b| b == b'\n').count();
                self.column = passed[last + 1..].chars().count();
            }
            None => self.column += passed.chars().count(),
        }
        self.at = at;
        (self.line, self.column + 1)
    }
}

pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

/// The text of the files diagnostics point into, kept so a diagnostic can quote its line.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    /// Shared with `watch`'s cache of parsed files, so keeping them costs no copy.
    texts: BTreeMap<String, Arc<str>>,
    /// Texts added in bulk, one per record file: a load adds 10,000 and a report keeps
    /// the few its problems are in, so they are only put in order when taken.
    added: Vec<(Arc<str>, Arc<str>)>,
}

impl Sources {
    pub fn insert(&mut self, file: impl Into<String>, text: impl Into<Arc<str>>) {
        self.texts.insert(file.into(), text.into());
    }

    /// [`Sources::insert`] for a file whose name and text are already shared. A later
    /// text of the same file is not expected (a load adds each file once).
    pub fn add(&mut self, file: Arc<str>, text: Arc<str>) {
        self.added.push((file, text));
    }

    /// The texts of `files` alone, taken out of these: a report quotes only the files
    /// its problems are in, and a project's other texts need not be kept with it.
    pub fn take<'f>(&mut self, files: impl IntoIterator<Item = &'f str>) -> Sources {
        let mut taken = Sources::default();
        let mut wanted: BTreeSet<&str> = BTreeSet::new();
        for file in files {
            if let Some((file, text)) = self.texts.remove_entry(file) {
                taken.texts.insert(file, text);
            } else {
                wanted.insert(file);
            }
        }
        if !wanted.is_empty() {
            let (kept, left): (Vec<_>, Vec<_>) = std::mem::take(&mut self.added)
                .into_iter()
                .partition(|(file, _)| wanted.contains(&**file));
            self.added = left;
            for (file, text) in kept {
                taken.texts.insert(file.to_string(), text);
            }
        }
        taken
    }

    pub fn line(&self, file: &str, line: usize) -> Option<&str> {
        QuotedLines::new(self)
            .line(file, line)
            .map(|quoted| quoted.text)
    }

    fn text(&self, file: &str) -> Option<&str> {
        match self.texts.get(file) {
            Some(text) => Some(text),
            None => Some(&self.added.iter().find(|(f, _)| &**f == file)?.1),
        }
    }
}

/// Problems found, in the order they are printed, with the text of the files they point
/// into so each can quote its line.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub problems: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Report {
    /// A report of one problem that quotes nothing.
    pub fn of(problem: Diagnostic) -> Report {
        Report {
            problems: vec![problem],
            sources: Sources::default(),
        }
    }

    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|d| d.is_error()).count()
    }

    /// Every problem as `check` prints it, then the count of errors.
    pub fn render(&self) -> String {
        report(&self.problems, &self.sources)
    }
}

/// Every diagnostic as `check` prints it, then a count of errors and the files holding them
/// (problems that are in no file are not counted as a file).
pub fn report(problems: &[Diagnostic], sources: &Sources) -> String {
    // Problems come in order of file and line: each file's lines are read on from the last
    // problem's, not from the file's start for each.
    let mut lines = QuotedLines::new(sources);
    let mut out: String = problems
        .iter()
        .map(|p| render_quoting(p, lines.line(&p.file, p.line)))
        .collect();
    let errors: Vec<&Diagnostic> = problems.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        let files: std::collections::BTreeSet<&str> = errors
            .iter()
            .filter(|d| d.is_placed())
            .map(|d| d.file.as_str())
            .collect();
        let count = plural(errors.len(), "error");
        if files.is_empty() {
            out.push_str(&format!("{count}\n"));
        } else {
            out.push_str(&format!("{count} in {}\n", plural(files.len(), "file")));
        }
    }
    out
}

/// A line a problem quotes.
#[derive(Clone, Copy)]
struct Quoted<'s> {
    text: &'s str,
    /// The line goes on with a `[ ]` or `{ }` opened on a line before it (`present: [a,`
    /// then `  b, c]`), so a comma or a closing bracket ends the value at the column.
    in_flow: bool,
}

/// The lines problems quote, read on through each file: see [`report`].
struct QuotedLines<'s> {
    sources: &'s Sources,
    file: String,
    /// The whole of `file`.
    whole: &'s str,
    lines: std::str::Lines<'s>,
    /// The number of the line `lines` gives next, and the last line given.
    next: usize,
    last: Option<(usize, Quoted<'s>)>,
}

impl<'s> QuotedLines<'s> {
    fn new(sources: &'s Sources) -> QuotedLines<'s> {
        QuotedLines {
            sources,
            file: String::new(),
            whole: "",
            lines: "".lines(),
            next: 1,
            last: None,
        }
    }

    /// The `line`th line of `file` (from 1). `lines()` drops a trailing `\r`, so CRLF files
    /// quote cleanly.
    fn line(&mut self, file: &str, line: usize) -> Option<Quoted<'s>> {
        if line == 0 {
            return None;
        }
        if self.file != file || line < self.next.saturating_sub(1) {
            let text = self.sources.text(file)?;
            self.file.clear();
            self.file.push_str(file);
            self.whole = text;
            self.lines = text.lines();
            self.next = 1;
            self.last = None;
        }
        if let Some((number, text)) = self.last
            && number == line
        {
            return Some(text);
        }
        while self.next < line {
            self.lines.next()?;
            self.next += 1;
        }
        let text = self.lines.next()?;
        self.next += 1;
        // `text` is a slice of `whole`: what comes before it is the text up to its start.
        let start = (text.as_ptr() as usize).saturating_sub(self.whole.as_ptr() as usize);
        let quoted = Quoted {
            text,
            in_flow: continues_flow(self.whole.get(..start).unwrap_or("")),
        };
        self.last = Some((line, quoted));
        Some(quoted)
    }
}

/// Whether the line after `before` continues a flow collection opened above it: brackets
/// are counted back from it, to the last unindented line (a top-level key) and at most a
/// hundred lines. Quotes are not followed, so a bracket inside a quoted title could
/// mislead it: it only decides where a caret ends.
fn continues_flow(before: &str) -> bool {
    let mut depth = 0i32;
    for line in before.lines().rev().take(100) {
        let code = line.trim_start();
        if code.starts_with('#') {
            continue;
        }
        let code = code.split(" #").next().unwrap_or(code);
        for c in code.chars() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 {
            return true;
        }
        if !line.starts_with([' ', '\t']) && !code.is_empty() {
            return false;
        }
    }
    false
}

/// Renders one diagnostic as the terminal shows it: the `path:line:column:` line, the source
/// line with a caret under the column, and `help:` where there is one.
pub fn render(diagnostic: &Diagnostic, sources: &Sources) -> String {
    render_quoting(
        diagnostic,
        QuotedLines::new(sources).line(&diagnostic.file, diagnostic.line),
    )
}

/// [`render`], quoting `source_line` (the diagnostic's line of its file, if known).
fn render_quoting(diagnostic: &Diagnostic, quoted: Option<Quoted<'_>>) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    // Messages quote the records (keys, ids, file names): keep a hostile file's control
    // characters out of the terminal here, at the one place text is printed.
    let mut out = if diagnostic.is_placed() {
        format!(
            "{}:{}:{}: {}: {}\n",
            sanitize(&diagnostic.file),
            diagnostic.line,
            diagnostic.column,
            severity,
            sanitize(&shorten_quoted(&diagnostic.message))
        )
    } else {
        format!(
            "{severity}: {}\n",
            sanitize(&shorten_quoted(&diagnostic.message))
        )
    };
    if let Some(Quoted {
        text: source_line,
        in_flow,
    }) = quoted
    {
        let (shown, caret_at, mut caret_len) =
            caret_layout(source_line, diagnostic.column, in_flow);
        if let Some(width) = diagnostic.width {
            // The width is in the source's characters, shown as the columns they take.
            let span: usize = source_line
                .chars()
                .skip(diagnostic.column.saturating_sub(1))
                .take(usize::from(width))
                .map(columns)
                .sum();
            let after = shown.width().saturating_sub(caret_at);
            caret_len = span.min(after).max(1);
        }
        let number = diagnostic.line.to_string();
        let gutter = " ".repeat(number.len());
        let _ = writeln!(out, "{number} | {shown}");
        let _ = writeln!(
            out,
            "{gutter} | {}{}",
            " ".repeat(caret_at),
            "^".repeat(caret_len)
        );
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "help: {}", sanitize(help));
    }
    out
}

/// Prepares a source line for display: tabs become spaces (so the caret lines up in any
/// terminal), control characters are replaced, and the caret spans the word at the column.
fn caret_layout(line: &str, column: usize, in_flow: bool) -> (String, usize, usize) {
    let shown_char = |ch: char| -> String {
        match ch {
            '\t' => "    ".into(),
            c if unprintable(c) || c == '\u{feff}' => "\u{fffd}".into(),
            c => c.to_string(),
        }
    };
    let chars: Vec<char> = line.chars().collect();
    let split = column.saturating_sub(1).min(chars.len());
    // A long line (a paragraph, a flow list of hundreds of items, a minified value) is shown
    // around the column, so the problem's place is on the screen rather than a screenful of
    // text away from it.
    let (from, to) = if chars.len() > LONG_LINE {
        (
            split.saturating_sub(SHOWN_BEFORE),
            (split + SHOWN_AFTER).min(chars.len()),
        )
    } else {
        (0, chars.len())
    };
    let mut before: String = if from > 0 {
        "…".into()
    } else {
        String::new()
    };
    before.extend(chars[from..split].iter().map(|&c| shown_char(c)));
    let after: String = chars[split..to].iter().map(|&c| shown_char(c)).collect();
    // The caret covers the whole value or key at the column (`22 April 2026`, `£18,000`):
    // up to a `: ` that ends a key, a comment, the line's end, or, inside `[ ]` or `{ }`,
    // the comma or bracket that ends the item.
    let in_flow = in_flow || chars[..split].iter().any(|&c| c == '[' || c == '{');
    let mut end = after.len();
    let mut previous = ' ';
    for (i, c) in after.char_indices() {
        let next = after[i + c.len_utf8()..].chars().next();
        let ends = match c {
            ':' => i > 0 && next.is_none_or(char::is_whitespace),
            '#' => i > 0 && previous.is_whitespace(),
            ',' | ']' | '}' => i > 0 && in_flow,
            _ => false,
        };
        if ends {
            end = i;
            break;
        }
        previous = c;
    }
    let word = after[..end].trim_end();
    // In columns, not characters: a Chinese name or an emoji takes two, a combining accent
    // none, and the caret is under the text it means in a terminal.
    let caret_at = before.width();
    let cut = if to < chars.len() { "…" } else { "" };
    (
        format!("{before}{after}{cut}"),
        caret_at,
        word.width().max(1),
    )
}

/// The columns a source character takes on a line shown under a problem (see
/// [`caret_layout`]): a tab four, a replaced character one.
fn columns(c: char) -> usize {
    match c {
        '\t' => 4,
        c if unprintable(c) || c == '\u{feff}' => 1,
        c => c.width().unwrap_or(0),
    }
}

/// Lines longer than this many characters are shown in part: this many before the column
/// and after it.
const LONG_LINE: usize = 120;
const SHOWN_BEFORE: usize = 40;
const SHOWN_AFTER: usize = 70;

/// Values quoted in a message (between backticks or double quotes) longer than this many
/// characters are shown in part: a paragraph pasted where one word belongs was printed
/// whole, thousands of characters on one line, for a message about one word. The line
/// under the message shows where it is.
const QUOTED: usize = 60;

/// `message` with each long quoted value cut to its first [`QUOTED`] characters and `…`.
fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..=open];
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            break;
        };
        out.push_str(&rest[..=open]);
        let value = &after[..close];
        // A path is kept whole: it may be the one place the message names a file
        // (a duplicate id's other file).
        match value
            .char_indices()
            .nth(QUOTED)
            .filter(|_| !value.contains('/'))
        {
            Some((cut, _)) => {
                out.push_str(&value[..cut]);
                out.push('…');
            }
            None => out.push_str(value),
        }
        out.push_str(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Writes control characters as escapes, so printed text cannot move the cursor or
/// recolour a terminal: a line break as `\n`, as YAML writes one inside double quotes (a
/// value's line break printed as `�` read as a broken character), others as `\u{1b}`.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unprintable(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Characters an error must not print as they are: control characters, and the invisible
/// bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which the
/// records refuse and which, echoed in the line shown under an error, reversed the rest
/// of the terminal's line.
fn unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The JSON array printed by `check --format json`.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diagnostics).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(text: &str) -> Sources {
        let mut s = Sources::default();
        s.insert("content/people/a.yaml", text);
        s
    }

    #[test]
    fn first_line_is_compiler_style_then_caret_then_help() {
        let d = Diagnostic::error("content/people/a.yaml", 2, 3, "unknown field `nme`")
            .with_help("did you mean `name`?");
        let text = render(&d, &sources("x: 1\n  nme: Jo\n"));
        assert_eq!(
            text,
            "content/people/a.yaml:2:3: error: unknown field `nme`\n2 |   nme: Jo\n  |   ^^^\nhelp: did you mean `name`?\n"
        );
    }

    /// Places counted on from the last are those counted from the start, in any order.
    #[test]
    fn places_counted_on_agree_with_counting_from_the_start() {
        let text = "a\r\nbé\nc\n\nd 💡 e\nf";
        let from_start = |at: usize| {
            let before = &text[..at];
            let line = 3 + before.matches('\n').count();
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            (line, before[start..].chars().count() + 1)
        };
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut places = Places::new(text, 3);
        for &at in offsets.iter().chain(offsets.iter().rev()).chain(&offsets) {
            assert_eq!(places.of(at), from_start(at), "at {at}");
            assert_eq!(line_and_column(text, at, 3), from_start(at));
        }
        assert_eq!(places.of(text.len() + 10), from_start(text.len()));
    }

    /// A report quotes each problem's own line, with problems in two files, several on
    /// one line, and a line past a file's end.
    #[test]
    fn a_report_quotes_each_problem_s_line() {
        let mut sources = Sources::default();
        sources.insert("a.md", "one\ntwo\nthree\n");
        sources.insert("b.md", "uno\r\ndos\r\n");
        let problems = [
            Diagnostic::warning("a.md", 1, 1, "w"),
            Diagnostic::warning("a.md", 3, 1, "w"),
            Diagnostic::warning("a.md", 3, 2, "w"),
            Diagnostic::warning("a.md", 9, 1, "w"),
            Diagnostic::warning("b.md", 2, 1, "w"),
            Diagnostic::warning("a.md", 2, 1, "w"),
            Diagnostic::general("no file"),
        ];
        let quoted: Vec<String> = report(&problems, &sources)
            .lines()
            .filter_map(|line| {
                line.split_once(" | ")
                    .map(|(n, text)| format!("{}:{text}", n.trim()))
            })
            .filter(|line| !line.ends_with('^') && !line.starts_with(':'))
            .collect();
        assert_eq!(quoted, ["1:one", "3:three", "3:three", "2:dos", "2:two"]);
        let each: String = problems.iter().map(|p| render(p, &sources)).collect();
        assert_eq!(report(&problems, &sources), each + "1 error\n");
    }

    #[test]
    fn caret_counts_tabs_and_crlf() {
        let d = Diagnostic::error("content/people/a.yaml", 1, 2, "m");
        let text = render(&d, &sources("\tvalue: 1\r\n"));
        assert!(text.contains("1 |     value: 1\n  |     ^^^^^\n"), "{text}");
    }

    /// The caret is under its text in a terminal: a Chinese name and an emoji take two
    /// columns each, a combining accent none.
    #[test]
    fn caret_counts_columns_not_characters() {
        let d = Diagnostic::error("content/people/a.yaml", 1, 15, "m");
        let text = render(&d, &sources("name: 山田 e\u{301} 😀 bad\n"));
        assert!(
            text.contains(&format!(
                "1 | name: 山田 e\u{301} 😀 bad\n  | {}^^^\n",
                " ".repeat(16)
            )),
            "{text}"
        );
        let d = Diagnostic::warning("content/people/a.yaml", 1, 3, "m").with_width(2);
        let text = render(&d, &sources("| 山田 |\n"));
        assert!(text.contains("1 | | 山田 |\n  |   ^^^^\n"), "{text}");
    }

    /// On a line that goes on with a list opened above it, the caret covers the one id at
    /// the column, not the rest of the line; in a block value a comma is the value's own.
    #[test]
    fn caret_ends_at_the_item_of_a_list_begun_above() {
        let text = "present: [ann-lee, # chair\n  # the rest\n  jo-bel, sam-lee,\n  tom-r]\ntitle: Pay, rota\n";
        let at = |line, column| {
            render(
                &Diagnostic::error("content/people/a.yaml", line, column, "m"),
                &sources(text),
            )
        };
        let shown = at(3, 3);
        assert!(
            shown.contains("3 |   jo-bel, sam-lee,\n  |   ^^^^^^\n"),
            "{shown}"
        );
        let shown = at(4, 3);
        assert!(shown.contains("4 |   tom-r]\n  |   ^^^^^\n"), "{shown}");
        let shown = at(5, 8);
        assert!(
            shown.contains("5 | title: Pay, rota\n  |        ^^^^^^^^^\n"),
            "{shown}"
        );
        // A list closed on its own line leaves the lines after it in block context.
        let text = "present: [ann-lee,\n  jo-bell]\nextra:\n  note: a, b\n";
        let shown = render(
            &Diagnostic::error("content/people/a.yaml", 4, 9, "m"),
            &sources(text),
        );
        assert!(
            shown.contains("4 |   note: a, b\n  |         ^^^^\n"),
            "{shown}"
        );
    }

    #[test]
    fn caret_past_end_of_line_points_after_it() {
        let d = Diagnostic::error("content/people/a.yaml", 1, 9, "m");
        let text = render(&d, &sources("name:"));
        assert!(text.ends_with("1 | name:\n  |      ^\n"), "{text}");
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!(
            "tags: [{}bad value, {}]",
            "a, ".repeat(100),
            "b, ".repeat(100)
        );
        let column = line.find("bad").unwrap() + 1;
        let d = Diagnostic::error("content/people/a.yaml", 1, column, "m");
        let text = render(&d, &sources(&line));
        let shown = text.lines().nth(1).unwrap();
        let caret = text.lines().nth(2).unwrap();
        assert!(shown.starts_with("1 | … a, a, "), "{shown}");
        assert!(shown.ends_with(", b,…"), "{shown}");
        // 40 characters before the column, 70 from it, and the two ellipses.
        assert_eq!(
            shown.chars().count(),
            "1 | ".len() + 1 + 40 + 70 + 1,
            "{shown}"
        );
        let at = shown.chars().position(|c| c == 'b').unwrap();
        assert_eq!(
            caret,
            format!("  | {}{}", " ".repeat(at - 4), "^".repeat(9))
        );
        // A line of 120 characters or fewer is shown whole, as before.
        let short = format!("name: {}", "x".repeat(114));
        let text = render(
            &Diagnostic::error("content/people/a.yaml", 1, 7, "m"),
            &sources(&short),
        );
        assert!(text.contains(&format!("1 | {short}\n")), "{text}");
    }

    #[test]
    fn a_problem_in_no_file_has_no_place() {
        let d = Diagnostic::general("port 4000 is already in use").with_help("try --port 4001");
        assert!(!d.is_placed());
        assert_eq!(
            render(&d, &Sources::default()),
            "error: port 4000 is already in use\nhelp: try --port 4001\n"
        );
    }

    #[test]
    fn missing_source_line_still_prints_first_line() {
        let d = Diagnostic::file_error("content", "no content folder");
        assert_eq!(
            render(&d, &Sources::default()),
            "content:1:1: error: no content folder\n"
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::error(
            "content/people/a\u{1b}.yaml",
            1,
            1,
            "unknown field `bad\u{1b}[31mkey`",
        )
        .with_help("\u{7}");
        let text = render(&d, &Sources::default());
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert_eq!(
            text,
            "content/people/a\\u{1b}.yaml:1:1: error: unknown field `bad\\u{1b}[31mkey`\nhelp: \\u{7}\n"
        );
    }

    /// A bidirectional override in a record is refused, and the line shown under that
    /// error does not carry it to the terminal, where it reversed the rest of the line.
    #[test]
    fn bidirectional_overrides_never_reach_the_terminal() {
        let d = Diagnostic::error("content/people/a.yaml", 1, 7, "bad character")
            .with_help("x\u{2066}y");
        let text = render(&d, &sources("name: Jo\u{202e}nnA \u{2069}\n"));
        assert!(
            !text
                .chars()
                .any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{text:?}"
        );
        assert!(text.contains("name: Jo\u{fffd}nnA \u{fffd}"), "{text:?}");
    }

    #[test]
    fn long_quoted_values_are_shown_in_part() {
        let long = "d".repeat(3000);
        let message = format!("`profession` has an unknown value `{long}`, see \"{long}\"");
        let shown = shorten_quoted(&message);
        let part = "d".repeat(QUOTED);
        assert_eq!(
            shown,
            format!("`profession` has an unknown value `{part}…`, see \"{part}…\"")
        );
        assert_eq!(shorten_quoted("`a` and `b"), "`a` and `b");
        let path = format!("content/people/{}/helen-price.yaml", "archive-".repeat(10));
        let message = format!("duplicate person id `helen-price`: `{path}` has the same id");
        assert_eq!(shorten_quoted(&message), message);
        assert_eq!(shorten_quoted("no quotes"), "no quotes");
        let text = render(&Diagnostic::error("f", 1, 1, message), &Sources::default());
        assert!(text.len() < 300, "{text}");
    }

    /// A line break in a value is shown as YAML writes it in quotes, not as `�`.
    #[test]
    fn a_line_break_in_a_value_is_shown_as_written() {
        let d = Diagnostic::error("f", 1, 1, "`profession` has an unknown value `doc\ntor\t`");
        assert_eq!(
            render(&d, &Sources::default()),
            "f:1:1: error: `profession` has an unknown value `doc\\ntor\\t`\n"
        );
    }

    #[test]
    fn sorted_by_file_then_line() {
        let mut v = vec![
            Diagnostic::error("b", 1, 1, "x"),
            Diagnostic::error("a", 9, 1, "x"),
            Diagnostic::error("a", 2, 5, "x"),
        ];
        sort(&mut v);
        let order: Vec<_> = v.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(order, [("a", 2), ("a", 9), ("b", 1)]);
    }

    #[test]
    fn json_has_the_documented_keys() {
        let d = Diagnostic::error("f", 3, 4, "m").with_help("h");
        let v: serde_json::Value = serde_json::from_str(&to_json(&[d])).unwrap();
        assert_eq!(
            v,
            serde_json::json!([{"file": "f", "line": 3, "column": 4, "severity": "error", "message": "m", "help": "h"}])
        );
    }
}
