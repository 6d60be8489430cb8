//! Markdown bodies as data the board pack's layout can show: a tree of blocks and inlines
//! whose text stays text. Typst is never given Markdown or markup made from it, so nothing a
//! secretary writes can run as Typst code. Raw HTML gives its text, as the site shows it
//! (its tags, scripts and styles left out), images are shown by their alt text, and links
//! keep their text, with the address only for links to other sites.

use super::fit;
use crate::markdown::{HTML_BLOCK, HTML_BREAK, TagEffect};
use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeStream};
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    Paragraph {
        text: Vec<Inline>,
    },
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    List {
        ordered: bool,
        /// An ordered list's first number, as written (`3.` starts at 3), as the site's
        /// `<ol start>` has it: agenda and recommendation numbers stay as the paper has them.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        text: String,
    },
    Rule,
    Table {
        /// Each column's alignment as written (`|--:|`): "left", "center", "right" or
        /// "none" (the layout's own).
        align: Vec<&'static str>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
}

#[derive(Debug, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        text: Vec<Inline>,
    },
    Strong {
        text: Vec<Inline>,
    },
    /// Struck-through text (`~~£40,000~~`): a figure superseded, which must not read as
    /// current.
    Strike {
        text: Vec<Inline>,
    },
    Code {
        text: String,
    },
    Link {
        href: Option<String>,
        text: Vec<Inline>,
    },
    Break,
    /// Text a line may break inside, between its parts, which are set side by side with
    /// nothing between them: a figure in a table cell (`£1,250,000`, after each thousands
    /// comma) and any word too long for a line (a pasted address), which Typst would
    /// otherwise run past the cell or the page. The PDF's text is the word whole. It is
    /// `text` to a layout, with its `text` whole: a project's layout written before it
    /// shows the word as it showed every text, rather than leaving it out.
    #[serde(rename = "text")]
    Parts {
        text: String,
        parts: Vec<String>,
    },
}

/// What is open while the events are read: each holds what its children made so far.
enum Open {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
    /// The text of a list item written without a blank line around it (a tight list):
    /// made a paragraph when the item ends or a block starts inside it.
    Loose(Vec<Inline>),
    /// A list: its first number if ordered, and its items so far.
    List(Option<u64>, Vec<Vec<Block>>),
    Table(
        Vec<&'static str>,
        Vec<Vec<Inline>>,
        Vec<Vec<Vec<Inline>>>,
        Vec<Vec<Inline>>,
    ),
    /// A link's text so far, with its address if it leads to another site, and the words
    /// it shows if it has none of its own (the page's: a record's name, or the address).
    Link(Option<String>, Option<String>, Vec<Inline>),
    /// A footnote's number and its blocks so far.
    Note(String, Vec<Block>),
}

/// How deep quotes and lists, and emphasis, strong text and links, nest in the pack before
/// deeper ones are shown as their contents. Typst lays out each level through the layout's
/// show rules, and stops at a depth a body nested 16 quotes deep reached: `check` accepts
/// any Markdown, so the pack must be made from any. Real papers nest two or three deep.
const MAX_DEPTH: usize = 6;

/// The blocks of `markdown`, with no record's name for a link to it with no words.
#[cfg(test)]
pub fn blocks(markdown: &str) -> Vec<Block> {
    blocks_named(markdown, &|_| None)
}

/// The blocks of `markdown`. `names` gives the name of the record a link leads to
/// (`@/people/a`), which a link with no words shows, as on the page.
pub fn blocks_named(markdown: &str, names: &dyn Fn(&str) -> Option<String>) -> Vec<Block> {
    let mut stack: Vec<Open> = vec![Open::Blocks(Vec::new())];
    let mut code = String::new();
    let mut in_code = false;
    // For each tag open, whether it was left out for being nested too deep (its end then
    // closes nothing); and how many quotes and lists, and inlines, are open.
    let mut skipped: Vec<bool> = Vec::new();
    let (mut block_depth, mut inline_depth) = (0, 0);
    // A block of raw HTML gathered to its end; whether an inline `<script>` is open.
    let mut html_block: Option<String> = None;
    let mut hidden = false;
    // Each footnote's number, as the site numbers it.
    let mut notes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Text split over events made one inline each: 100,000 `[` before a link were 100,000
    // texts in a paragraph, which took Typst a minute, and a word split so was never seen
    // as long.
    let events = TextMergeStream::new(Parser::new_ext(markdown, crate::markdown::options()));
    for event in events {
        if let Event::Start(tag) = &event {
            let skip = match tag {
                Tag::BlockQuote(_) | Tag::List(_) => block_depth >= MAX_DEPTH,
                // An item of a list left out is left out with it.
                Tag::Item => skipped.last() == Some(&true),
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } => {
                    inline_depth >= MAX_DEPTH
                }
                _ => false,
            };
            match tag {
                Tag::BlockQuote(_) | Tag::List(_) if !skip => block_depth += 1,
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } if !skip => {
                    inline_depth += 1
                }
                _ => {}
            }
            skipped.push(skip);
            if skip {
                if matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) {
                    end_loose(&mut stack);
                }
                // The item's text still needs somewhere to gather: a paragraph of the
                // blocks around the list.
                if matches!(tag, Tag::Item) {
                    stack.push(Open::Loose(Vec::new()));
                }
                continue;
            }
        }
        if let Event::End(end) = &event {
            if skipped.pop() == Some(true) {
                if matches!(end, TagEnd::Item) {
                    end_loose(&mut stack);
                }
                continue;
            }
            match end {
                TagEnd::BlockQuote(_) | TagEnd::List(_) => block_depth -= 1,
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                    inline_depth -= 1
                }
                _ => {}
            }
        }
        if let Event::Start(
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::CodeBlock(_)
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock,
        )
        | Event::Rule = &event
        {
            end_loose(&mut stack);
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Image { .. }
                | Tag::TableCell => stack.push(Open::Inlines(Vec::new())),
                Tag::Link { dest_url, .. } => stack.push(Open::Link(
                    is_outside(&dest_url).then(|| dest_url.to_string()),
                    if crate::markdown::is_record_link(&dest_url) {
                        names(&dest_url)
                    } else {
                        Some(crate::markdown::address_words(&dest_url))
                    },
                    Vec::new(),
                )),
                Tag::FootnoteDefinition(label) => {
                    let number = note_number(&mut notes, &label);
                    stack.push(Open::Note(number.to_string(), Vec::new()))
                }
                Tag::BlockQuote(_) => stack.push(Open::Blocks(Vec::new())),
                Tag::Item => {
                    stack.push(Open::Blocks(Vec::new()));
                    stack.push(Open::Loose(Vec::new()));
                }
                Tag::List(first) => stack.push(Open::List(first, Vec::new())),
                Tag::Table(alignments) => stack.push(Open::Table(
                    alignments
                        .iter()
                        .map(|a| match a {
                            pulldown_cmark::Alignment::Left => "left",
                            pulldown_cmark::Alignment::Center => "center",
                            pulldown_cmark::Alignment::Right => "right",
                            pulldown_cmark::Alignment::None => "none",
                        })
                        .collect(),
                    Vec::new(),
                    Vec::new(),
                    Vec::new(),
                )),
                Tag::CodeBlock(_) => {
                    code.clear();
                    in_code = true;
                }
                Tag::HtmlBlock => html_block = Some(String::new()),
                _ => {}
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(html) = html_block.take() {
                    for text in html_paragraphs(&html) {
                        push_block(&mut stack, Block::Paragraph { text });
                    }
                }
            }
            Event::Html(html) => {
                if let Some(block) = &mut html_block {
                    block.push_str(&html);
                }
            }
            Event::InlineHtml(tag) => match crate::markdown::tag_effect(&tag) {
                TagEffect::Break => push_inline(&mut stack, Inline::Break),
                TagEffect::Block => push_inline(&mut stack, Inline::Text { text: " ".into() }),
                TagEffect::HiddenStart => hidden = true,
                TagEffect::HiddenEnd => hidden = false,
                TagEffect::None => {}
            },
            Event::End(end) => {
                if matches!(end, TagEnd::Item) {
                    end_loose(&mut stack);
                }
                if matches!(end, TagEnd::CodeBlock) {
                    in_code = false;
                }
                close(&mut stack, end, &mut code);
            }
            Event::Text(text) if in_code => code.push_str(&text),
            Event::Text(_) if hidden => {}
            Event::Text(text) => {
                for inline in long_words_breakable(&without_tabs(&text)) {
                    push_inline(&mut stack, inline);
                }
            }
            Event::Code(text) => push_inline(
                &mut stack,
                Inline::Code {
                    text: without_tabs(&text),
                },
            ),
            Event::SoftBreak => push_inline(&mut stack, Inline::Text { text: " ".into() }),
            Event::HardBreak => push_inline(&mut stack, Inline::Break),
            Event::FootnoteReference(label) => {
                let number = note_number(&mut notes, &label);
                push_inline(
                    &mut stack,
                    Inline::Text {
                        text: format!("[{number}]"),
                    },
                )
            }
            Event::TaskListMarker(done) => push_inline(
                &mut stack,
                Inline::Text {
                    text: if done { "(done) " } else { "(to do) " }.into(),
                },
            ),
            Event::Rule => push_block(&mut stack, Block::Rule),
            _ => {}
        }
    }
    let mut blocks = match stack.pop() {
        Some(Open::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    };
    keep_to_paper(&mut blocks);
    close_up_headings(&mut blocks);
    blocks
}

/// Each paragraph and heading kept to [`fit::LONGEST_TEXT`] characters, counted in bytes
/// across its inlines (the data's own check cuts each text; this one, a paragraph of
/// 100,000 short links or emphases, which took Typst minutes): what is past it is "…".
fn keep_to_paper(blocks: &mut [Block]) {
    fn keep_within(text: &mut Vec<Inline>, room: &mut usize) {
        let mut keep = text.len();
        for (i, inline) in text.iter_mut().enumerate() {
            if *room == 0 {
                keep = i;
                break;
            }
            match inline {
                Inline::Text { text } | Inline::Code { text } => {
                    *room = room.saturating_sub(text.len())
                }
                // What it shows: a long word's parts, which stop at its limit.
                Inline::Parts { parts, .. } => {
                    *room = room.saturating_sub(parts.iter().map(String::len).sum())
                }
                Inline::Emphasis { text }
                | Inline::Strong { text }
                | Inline::Strike { text }
                | Inline::Link { text, .. } => keep_within(text, room),
                Inline::Break => *room = room.saturating_sub(1),
            }
        }
        if keep < text.len() {
            text.truncate(keep);
            text.push(Inline::Text {
                text: fit::MORE.into(),
            });
        }
    }
    for block in blocks {
        match block {
            Block::Paragraph { text } | Block::Heading { text, .. } => {
                let mut room = fit::LONGEST_TEXT;
                keep_within(text, &mut room)
            }
            Block::List { items, .. } => items.iter_mut().for_each(|item| keep_to_paper(item)),
            Block::Quote { blocks } => keep_to_paper(blocks),
            Block::Code { .. } | Block::Rule | Block::Table { .. } => {}
        }
    }
}

/// A footnote's number: the site's (pulldown-cmark numbers each label from 1 where it is
/// first met, as a reference or as the note; labels match in any case, as the site's
/// `markdown::with_footnote_ids` makes them), so a note is [2] in the pack where the page
/// shows 2. The pack showed its label, `[same]` beside the site's 2.
fn note_number(notes: &mut std::collections::HashMap<String, usize>, label: &str) -> usize {
    let next = notes.len() + 1;
    *notes.entry(label.to_lowercase()).or_insert(next)
}

/// A body table with more columns than this is not drawn in the pack (a page holds about
/// a dozen narrow ones), and one with more rows shows this many: 2,500 columns took 1.6 GB
/// to typeset, and 100,000 rows 16 s.
const MAX_COLUMNS: usize = 16;
const MAX_ROWS: usize = 500;

/// A table cell longer than this many characters shows this many and "…": a header cell
/// of 20,000 words, repeated at the top of every page the table runs to, exhausted memory.
const LONGEST_CELL: usize = 1_000;

/// `cell` as plain text of at most [`LONGEST_CELL`] characters when it is longer; as it
/// is otherwise (almost always).
fn shorter_cell(cell: Vec<Inline>) -> Vec<Inline> {
    fn plain(text: &[Inline], out: &mut String) {
        for inline in text {
            match inline {
                Inline::Text { text } | Inline::Code { text } | Inline::Parts { text, .. } => {
                    out.push_str(text)
                }
                Inline::Emphasis { text }
                | Inline::Strong { text }
                | Inline::Strike { text }
                | Inline::Link { text, .. } => plain(text, out),
                Inline::Break => out.push(' '),
            }
        }
    }
    let mut text = String::new();
    plain(&cell, &mut text);
    match text.char_indices().nth(LONGEST_CELL) {
        Some((at, _)) => {
            text.truncate(at);
            text.push_str(fit::MORE);
            long_words_breakable(&text)
        }
        None => cell,
    }
}

/// A tab in running text as the site shows it, a space: Typst sets a tab as nothing, so
/// `Name<TAB>Role` read "NameRole".
fn without_tabs(text: &str) -> String {
    text.replace('\t', " ")
}

/// Longer than this many characters, a word may break anywhere: a line of the pack holds
/// about 90, a table cell far fewer, and a real word is shorter.
const LONG_WORD: usize = 30;

/// A text with each word longer than [`LONG_WORD`] made [`Inline::Parts`]: pieces of at
/// most 15 characters, ending after a `/`, `.`, `-`, `_`, `?`, `&` or `=` where one falls
/// (an address breaks where a reader expects), so it wraps rather than running off the
/// page. Most text has none, and stays one [`Inline::Text`].
fn long_words_breakable(text: &str) -> Vec<Inline> {
    // Most text has no such word: it stays as it is, not copied word by word.
    if !text
        .split_whitespace()
        .any(|word| word.chars().nth(LONG_WORD).is_some())
    {
        return vec![Inline::Text { text: text.into() }];
    }
    with_parts(text, |word| {
        word.chars().nth(LONG_WORD)?;
        let mut parts = Vec::new();
        let mut part = String::new();
        // Past its limit, a word shows its start (a pasted address is rarely a tenth of
        // it): 100,000 characters made 6,667 parts for Typst to set.
        let longest = word.chars().nth(fit::LONGEST_WORD).is_some();
        for c in word.chars().take(fit::LONGEST_WORD) {
            part.push(c);
            if matches!(c, '/' | '.' | '-' | '_' | '?' | '&' | '=') || part.chars().count() >= 15 {
                parts.push(std::mem::take(&mut part));
            }
        }
        if longest {
            part.push_str(fit::MORE);
        }
        if !part.is_empty() {
            parts.push(part);
        }
        Some(parts)
    })
}

/// A table cell's figures breakable after their thousands commas (`£1,250,000` in a
/// column too narrow for it ran into the next column), as the pack's own tables do.
fn breakable_figures(cell: Vec<Inline>) -> Vec<Inline> {
    let groups = |word: &str| -> Option<Vec<String>> {
        let mut groups = word.split(',');
        let first = groups.next().unwrap_or("");
        let grouped = first.chars().last().is_some_and(|c| c.is_ascii_digit())
            && groups.clone().count() > 0
            && groups.all(|g| g.len() >= 3 && g.bytes().take(3).all(|b| b.is_ascii_digit()));
        grouped.then(|| word.split_inclusive(',').map(str::to_string).collect())
    };
    cell.into_iter()
        .flat_map(|inline| match inline {
            Inline::Text { text } => with_parts(&text, groups),
            other => vec![other],
        })
        .collect()
}

/// `text` as inlines: each word `parts_of` splits is an [`Inline::Parts`], the rest (white
/// space as written) plain text between. Text with no such word stays one text.
fn with_parts(text: &str, parts_of: impl Fn(&str) -> Option<Vec<String>>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_at = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        plain.push_str(&rest[..word_at]);
        rest = &rest[word_at..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        let Some(parts) = parts_of(word) else {
            plain.push_str(word);
            continue;
        };
        if !plain.is_empty() {
            out.push(Inline::Text {
                text: std::mem::take(&mut plain),
            });
        }
        out.push(Inline::Parts {
            text: word.to_string(),
            parts,
        });
    }
    if !plain.is_empty() || out.is_empty() {
        out.push(Inline::Text { text: plain });
    }
    out
}

/// The paragraphs a block of raw HTML shows: its text split where its blocks are, white
/// space run together as a browser does, a `<br>` a line break.
fn html_paragraphs(html: &str) -> Vec<Vec<Inline>> {
    let text = crate::markdown::html_text(html);
    text.split(HTML_BLOCK)
        .filter_map(|block| {
            let mut lines: Vec<String> = block
                .split(HTML_BREAK)
                .map(|line| line.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            // A break at either end of a block shows no line.
            while lines.last().is_some_and(String::is_empty) {
                lines.pop();
            }
            let first = lines.iter().position(|line| !line.is_empty())?;
            lines.drain(..first);
            let mut inlines = Vec::new();
            for (i, line) in lines.into_iter().enumerate() {
                if i > 0 {
                    inlines.push(Inline::Break);
                }
                if !line.is_empty() {
                    inlines.push(Inline::Text { text: line });
                }
            }
            Some(inlines)
        })
        .collect()
}

/// Makes a body's headings ones a tagged PDF accepts. PDF/UA forbids a skipped level and an
/// empty heading, and Typst refuses to write either, which would fail the whole build over
/// a body that `check` rightly finds fine. So headings are ranked by the levels the body uses
/// and never more than one deeper than the one before (a body starting at `##` starts at 1);
/// an empty heading is left out; a heading inside a list or a quote, where the document's
/// outline cannot hold it, is shown as a bold paragraph.
fn close_up_headings(blocks: &mut Vec<Block>) {
    blocks.retain(|b| !matches!(b, Block::Heading { text, .. } if is_blank(text)));
    for block in blocks.iter_mut() {
        match block {
            Block::List { items, .. } => items.iter_mut().for_each(flatten_headings),
            Block::Quote { blocks } => flatten_headings(blocks),
            _ => {}
        }
    }
    let mut levels: Vec<u8> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    levels.sort_unstable();
    levels.dedup();
    let mut previous = 0;
    for block in blocks {
        if let Block::Heading { level, .. } = block
            && let Some(rank) = levels.iter().position(|l| l == level)
        {
            *level = (rank as u8 + 1).min(previous + 1);
            previous = *level;
        }
    }
}

/// Headings within `blocks`, at any depth, become bold paragraphs (empty ones go).
fn flatten_headings(blocks: &mut Vec<Block>) {
    blocks.retain(|b| !matches!(b, Block::Heading { text, .. } if is_blank(text)));
    for block in blocks.iter_mut() {
        match block {
            Block::Heading { text, .. } => {
                let text = std::mem::take(text);
                *block = Block::Paragraph {
                    text: vec![Inline::Strong { text }],
                };
            }
            Block::List { items, .. } => items.iter_mut().for_each(flatten_headings),
            Block::Quote { blocks } => flatten_headings(blocks),
            _ => {}
        }
    }
}

/// Whether `text` shows nothing a reader could see.
fn is_blank(text: &[Inline]) -> bool {
    text.iter().all(|inline| match inline {
        // A heading of a variation selector alone is empty to PDF/UA too.
        Inline::Text { text } | Inline::Code { text } => crate::glyphs::blank(text),
        Inline::Emphasis { text }
        | Inline::Strong { text }
        | Inline::Strike { text }
        | Inline::Link { text, .. } => is_blank(text),
        Inline::Break => true,
        Inline::Parts { text, .. } => crate::glyphs::blank(text),
    })
}

/// Whether a link leads out of the report, so its address means something on paper: links
/// between the site's pages and to papers are relative and would lead nowhere from a PDF.
fn is_outside(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

fn push_inline(stack: &mut [Open], inline: Inline) {
    if let Some(Open::Inlines(inlines) | Open::Loose(inlines) | Open::Link(_, _, inlines)) =
        stack.last_mut()
    {
        inlines.push(inline);
    }
}

/// Makes the loose text of a list item, if that is what is open, a paragraph of it.
fn end_loose(stack: &mut Vec<Open>) {
    if matches!(stack.last(), Some(Open::Loose(_)))
        && let Some(Open::Loose(text)) = stack.pop()
        && !text.is_empty()
    {
        push_block(stack, Block::Paragraph { text });
    }
}

/// A block goes into the innermost open container of blocks.
fn push_block(stack: &mut [Open], block: Block) {
    if let Some(Open::Blocks(blocks) | Open::Note(_, blocks)) = stack.last_mut() {
        blocks.push(block);
    }
}

fn close(stack: &mut Vec<Open>, end: TagEnd, code: &mut String) {
    match end {
        TagEnd::CodeBlock => {
            let text = std::mem::take(code);
            push_block(
                stack,
                Block::Code {
                    text: text.trim_end().to_string(),
                },
            );
            return;
        }
        TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => return,
        _ => {}
    }
    let Some(open) = stack.pop() else { return };
    match (end, open) {
        (TagEnd::Paragraph, Open::Inlines(text)) => push_block(stack, Block::Paragraph { text }),
        (TagEnd::Heading(level), Open::Inlines(text)) => push_block(
            stack,
            Block::Heading {
                level: level as u8,
                text,
            },
        ),
        // A footnote is shown where it is written, after its number, as on the site.
        (TagEnd::FootnoteDefinition, Open::Note(number, blocks)) => {
            let mark = Inline::Text {
                text: format!("[{number}] "),
            };
            let mut blocks = blocks.into_iter();
            match blocks.next() {
                Some(Block::Paragraph { mut text }) => {
                    text.insert(0, mark);
                    push_block(stack, Block::Paragraph { text });
                }
                first => {
                    push_block(stack, Block::Paragraph { text: vec![mark] });
                    first.into_iter().for_each(|b| push_block(stack, b));
                }
            }
            blocks.for_each(|b| push_block(stack, b));
        }
        (TagEnd::Emphasis, Open::Inlines(text)) => push_inline(stack, Inline::Emphasis { text }),
        (TagEnd::Strong, Open::Inlines(text)) => push_inline(stack, Inline::Strong { text }),
        (TagEnd::Strikethrough, Open::Inlines(text)) => push_inline(stack, Inline::Strike { text }),
        (TagEnd::Link, Open::Link(href, words, mut text)) => {
            // A link written with no words shows the page's: a record's name, or the address.
            if let Some(words) = words.filter(|w| !crate::glyphs::blank(w))
                && is_blank(&text)
            {
                text.push(Inline::Text { text: words });
            }
            push_inline(stack, Inline::Link { href, text })
        }
        (TagEnd::Image, Open::Inlines(text)) => {
            for inline in text {
                push_inline(stack, inline);
            }
        }
        (TagEnd::BlockQuote(_), Open::Blocks(blocks)) => push_block(stack, Block::Quote { blocks }),
        (TagEnd::Item, Open::Blocks(mut blocks)) => {
            blocks.retain(|b| !matches!(b, Block::Paragraph { text } if text.is_empty()));
            if let Some(Open::List(_, items)) = stack.last_mut() {
                items.push(blocks);
            }
        }
        (TagEnd::List(_), Open::List(start, items)) => push_block(
            stack,
            Block::List {
                ordered: start.is_some(),
                start,
                items,
            },
        ),
        (TagEnd::TableCell, Open::Inlines(text)) => {
            if let Some(Open::Table(_, _, _, row)) = stack.last_mut() {
                row.push(breakable_figures(shorter_cell(text)));
            }
        }
        (TagEnd::TableHead, open) => {
            stack.push(open);
            if let Some(Open::Table(_, head, _, row)) = stack.last_mut() {
                *head = std::mem::take(row);
            }
        }
        (TagEnd::TableRow, open) => {
            stack.push(open);
            if let Some(Open::Table(_, _, rows, row)) = stack.last_mut() {
                rows.push(std::mem::take(row));
            }
        }
        (TagEnd::Table, Open::Table(align, head, mut rows, _)) => {
            let (columns, all) = (head.len(), rows.len());
            // A table wider or longer than paper holds says so and where it is whole.
            if columns > MAX_COLUMNS {
                let text = format!(
                    "A table of {} columns and {} is left out here: too wide for the page. The report's site shows it.",
                    crate::words::count(columns),
                    crate::words::plural(all, "row")
                );
                push_block(
                    stack,
                    Block::Paragraph {
                        text: vec![Inline::Text { text }],
                    },
                );
                return;
            }
            rows.truncate(MAX_ROWS);
            push_block(stack, Block::Table { align, head, rows });
            if all > MAX_ROWS {
                let text = format!(
                    "{} of the table left out here: the report's site shows the whole table.",
                    crate::words::plural(all - MAX_ROWS, "row")
                );
                push_block(
                    stack,
                    Block::Paragraph {
                        text: vec![Inline::Text { text }],
                    },
                );
            }
        }
        // Anything else closes what it opened; a mismatch cannot happen with
        // pulldown-cmark's balanced events, and would only drop that piece.
        (_, open) => stack.push(open),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    #[test]
    fn long_words_and_table_figures_may_break() {
        let parts = |xs: &[&str]| Inline::Parts {
            text: xs.concat(),
            parts: xs.iter().map(|x| x.to_string()).collect(),
        };
        let got = blocks(&format!(
            "See https://example.org/a-long/path_to?the=paper and {}.\n\n| Item | £ |\n|:--|--:|\n| Pay, 2026 | £1,250,000 |\n| x | 12,5 |\n",
            "y".repeat(31)
        ));
        assert_eq!(
            got[0],
            Block::Paragraph {
                text: vec![
                    text("See "),
                    parts(&[
                        "https:/", "/", "example.", "org/", "a-", "long/", "path_", "to?", "the=",
                        "paper"
                    ]),
                    text(" and "),
                    parts(&["yyyyyyyyyyyyyyy", "yyyyyyyyyyyyyyy", "y."]),
                ]
            }
        );
        let Block::Table { align, rows, .. } = &got[1] else {
            panic!("{got:?}")
        };
        assert_eq!(align, &["left", "right"]);
        // A figure grouped in thousands breaks after its commas; other commas do not.
        assert_eq!(rows[0][0], [text("Pay, 2026")]);
        assert_eq!(rows[0][1], [parts(&["£1,", "250,", "000"])]);
        assert_eq!(rows[1][1], [text("12,5")]);
        // A short text is one text, as before.
        assert_eq!(long_words_breakable("a b"), [text("a b")]);
        // To a layout it is a text, whole, with its parts beside.
        let json = serde_json::to_value(parts(&["£1,", "250"])).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "text", "text": "£1,250", "parts": ["£1,", "250"]})
        );
    }

    /// Text written in raw HTML is on the site, so it is in the pack: a decision in a
    /// `<div>` was left out. Scripts, styles and comments are not shown on either.
    #[test]
    fn raw_html_gives_its_text() {
        let got = blocks(
            "Line one<br>line\ttwo <script>x()</script>end\n\n<div class=\"callout\">\nBoard approved <b>Zebra</b>corn funding of &pound;40,000.\n</div>\n<p align=\"center\">Centred<br>\n</p><!-- note --><style>p{}</style>\n\n- item\n- <p>in a list</p>\n",
        );
        assert_eq!(
            got[0],
            Block::Paragraph {
                text: vec![
                    text("Line one"),
                    Inline::Break,
                    text("line two "),
                    text("end")
                ]
            }
        );
        assert_eq!(
            got[1],
            Block::Paragraph {
                text: vec![text("Board approved Zebracorn funding of £40,000.")]
            }
        );
        assert_eq!(
            got[2],
            Block::Paragraph {
                text: vec![text("Centred")]
            }
        );
        assert_eq!(got.len(), 4, "{got:?}");
        let Block::List { items, .. } = &got[3] else {
            panic!("{got:?}")
        };
        assert_eq!(
            items[1],
            [Block::Paragraph {
                text: vec![text("in a list")]
            }]
        );
    }

    #[test]
    fn a_link_with_no_words_shows_its_address() {
        let got = blocks("[](https://example.org/x) [](mailto:a@example.org) [](@/people/a)\n");
        let Block::Paragraph { text: para } = &got[0] else {
            panic!("{got:?}");
        };
        let links: Vec<&Inline> = para
            .iter()
            .filter(|inline| matches!(inline, Inline::Link { .. }))
            .collect();
        let link = |href: Option<&str>, words: Option<&str>| Inline::Link {
            href: href.map(str::to_string),
            text: words.map(text).into_iter().collect(),
        };
        assert_eq!(
            links,
            [
                &link(Some("https://example.org/x"), Some("https://example.org/x")),
                &link(Some("mailto:a@example.org"), Some("a@example.org")),
                &link(None, None),
            ]
        );
    }

    #[test]
    fn blocks_keep_their_text_as_text() {
        let got = blocks(
            "# Why #pairs $x$\n\nSome *emphasis* and **strong** `code` [a link](https://example.org) <b>raw</b>.\n\n- one\n- two *2*\n\n1. first\n\n   para\n\n> quoted\n\n```\nlet x = #y;\n```\n\n| a | b |\n|---|---|\n| 1 | ] |\n\n---\n",
        );
        assert_eq!(
            got[0],
            Block::Heading {
                level: 1,
                text: vec![text("Why #pairs $x$")]
            }
        );
        let levels: Vec<u8> = blocks("## A\n\n#### B\n\n## C\n")
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, [1, 2, 1], "no level skipped, the top one first");
        let Block::Paragraph { text: para } = &got[1] else {
            panic!("{got:?}")
        };
        assert_eq!(
            para[1],
            Inline::Emphasis {
                text: vec![text("emphasis")]
            }
        );
        assert_eq!(
            para[3],
            Inline::Strong {
                text: vec![text("strong")]
            }
        );
        assert_eq!(
            para[5],
            Inline::Code {
                text: "code".into()
            }
        );
        assert!(matches!(&para[7], Inline::Link { text: t, .. } if t == &vec![text("a link")]));
        // Raw HTML is left out; the text around it stays.
        assert!(!format!("{para:?}").contains("<b>"));
        assert_eq!(
            got[2],
            Block::List {
                ordered: false,
                start: None,
                items: vec![
                    vec![Block::Paragraph {
                        text: vec![text("one")]
                    }],
                    vec![Block::Paragraph {
                        text: vec![
                            text("two "),
                            Inline::Emphasis {
                                text: vec![text("2")]
                            }
                        ]
                    }],
                ]
            }
        );
        let Block::List {
            ordered: true,
            start: Some(1),
            items,
        } = &got[3]
        else {
            panic!("{got:?}")
        };
        assert_eq!(items[0].len(), 2, "{items:?}");
        assert_eq!(
            got[4],
            Block::Quote {
                blocks: vec![Block::Paragraph {
                    text: vec![text("quoted")]
                }]
            }
        );
        assert_eq!(
            got[5],
            Block::Code {
                text: "let x = #y;".into()
            }
        );
        assert_eq!(
            got[6],
            Block::Table {
                align: vec!["none", "none"],
                head: vec![vec![text("a")], vec![text("b")]],
                rows: vec![vec![vec![text("1")], vec![text("]")]]],
            }
        );
        assert_eq!(got[7], Block::Rule);
        assert_eq!(got.len(), 8);
    }

    fn levels(blocks: &[Block]) -> Vec<u8> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect()
    }

    /// A paragraph of more short inlines than paper holds keeps its start and "…"; one
    /// within the limit is kept whole.
    #[test]
    fn a_paragraph_too_long_for_paper_is_shortened() {
        let long = blocks(&"*a* [b](https://e.org) ".repeat(20_000));
        let Block::Paragraph { text } = &long[0] else {
            panic!("{long:?}")
        };
        assert!(text.len() < 10_000, "{} inlines", text.len());
        assert_eq!(text.last(), Some(&Inline::Text { text: "…".into() }));
        let short = blocks(&"*a* [b](https://e.org) ".repeat(100));
        let Block::Paragraph { text } = &short[0] else {
            panic!("{short:?}")
        };
        assert_ne!(text.last(), Some(&Inline::Text { text: "…".into() }));
    }

    /// Headings a tagged PDF would refuse (Typst then fails the whole build) are made ones it
    /// takes: no skipped level at any point, none empty, none inside a list or a quote.
    #[test]
    fn headings_never_stop_the_pack() {
        assert_eq!(levels(&blocks("### A\n\n# B\n\n## C\n")), [1, 1, 2]);
        assert_eq!(levels(&blocks("## A\n\n## \n\n#\n\n### B\n")), [1, 2]);
        // A heading of characters that show nothing (a variation selector, a zero-width
        // space) is as empty to PDF/UA.
        assert_eq!(
            levels(&blocks(
                "## A\n\n## \u{FE0F}\n\n## \u{200B}\u{180E}\n\n## \u{1F3FB}\n"
            )),
            [1]
        );
        let got = blocks("- item\n\n  ### In a list\n\n> ## In a quote\n>\n> ##\n");
        assert_eq!(levels(&got), Vec::<u8>::new());
        let Block::List { items, .. } = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(
            items[0][1],
            Block::Paragraph {
                text: vec![Inline::Strong {
                    text: vec![text("In a list")]
                }]
            }
        );
        assert_eq!(
            got[1],
            Block::Quote {
                blocks: vec![Block::Paragraph {
                    text: vec![Inline::Strong {
                        text: vec![text("In a quote")]
                    }]
                }]
            }
        );
    }

    /// How deep the blocks, and the inlines, of `blocks` nest.
    fn depth(blocks: &[Block]) -> (usize, usize) {
        fn inline(text: &[Inline]) -> usize {
            text.iter()
                .map(|i| match i {
                    Inline::Emphasis { text }
                    | Inline::Strong { text }
                    | Inline::Link { text, .. } => 1 + inline(text),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        blocks
            .iter()
            .map(|b| match b {
                Block::Quote { blocks } => {
                    let (b, i) = depth(blocks);
                    (b + 1, i)
                }
                Block::List { items, .. } => items
                    .iter()
                    .map(|item| depth(item))
                    .fold((0, 0), |(b, i), (b2, i2)| (b.max(b2 + 1), i.max(i2))),
                Block::Paragraph { text } | Block::Heading { text, .. } => (0, inline(text)),
                _ => (0, 0),
            })
            .fold((0, 0), |(b, i), (b2, i2)| (b.max(b2), i.max(i2)))
    }

    /// All the text of `blocks`, in order.
    fn words(blocks: &[Block]) -> String {
        serde_json::to_value(blocks)
            .unwrap()
            .to_string()
            .split("\"text\":\"")
            .skip(1)
            .map(|t| t.split('"').next().unwrap())
            .collect::<Vec<_>>()
            .join("")
    }

    /// Markdown nested deeper than any paper (quotes in quotes, lists in lists, emphasis in
    /// emphasis) stopped Typst, and so the build: what is deeper than [`MAX_DEPTH`] is shown
    /// as its contents, every word kept.
    #[test]
    fn deep_nesting_is_shown_flatter() {
        let quotes = format!("{} deep", ">".repeat(200));
        let got = blocks(&quotes);
        assert_eq!(depth(&got), (MAX_DEPTH, 0));
        assert_eq!(words(&got), "deep");

        let list: String = (0..40)
            .map(|level| format!("{}- level {level}\n", "  ".repeat(level)))
            .collect();
        let got = blocks(&list);
        assert_eq!(depth(&got), (MAX_DEPTH, 0));
        let all: String = (0..40).map(|level| format!("level {level}")).collect();
        assert_eq!(words(&got), all);

        // `*a _a *a … x_*_…*`: each opener before a word, the closers together.
        let marks: Vec<&str> = (0..30).map(|i| ["*", "_"][i % 2]).collect();
        let opened: String = marks.iter().map(|m| format!("{m}a ")).collect();
        let closed: String = marks.iter().rev().copied().collect();
        let got = blocks(&format!("{opened}x{closed}"));
        assert_eq!(depth(&got), (0, MAX_DEPTH));
        assert_eq!(words(&got), format!("{}x", "a ".repeat(30)));

        // A link inside that: shown as its text, the address with it lost.
        let got = blocks(&format!("{opened}[x](https://example.org){closed}"));
        assert_eq!(depth(&got), (0, MAX_DEPTH));
        assert_eq!(words(&got), format!("{}x", "a ".repeat(30)));

        // Quotes and lists within each other, and loose items, deeper than the limit.
        let mixed: String = (0..30)
            .map(|level| format!("{}- item{level}\n", "> ".repeat(level)))
            .collect();
        let got = blocks(&mixed);
        assert_eq!(depth(&got).0, MAX_DEPTH, "{got:?}");
        let all: String = (0..30).map(|level| format!("item{level}")).collect();
        assert_eq!(words(&got), all);
        // Within the limit nothing changes.
        let shallow = blocks("> > quoted\n\n- a\n  - *b **c***\n");
        assert_eq!(depth(&shallow), (2, 2));
    }

    /// A footnote or a rule written inside a tight list item is kept, after the item's text.
    #[test]
    fn blocks_inside_tight_list_items_are_kept() {
        let got = blocks("- item one\n  [^2]: A note in a list.\n- item two\n  ***\n");
        let Block::List { items, .. } = &got[0] else {
            panic!("{got:?}")
        };
        assert!(
            format!("{:?}", items[0]).contains("A note in a list."),
            "{got:?}"
        );
        assert!(items[1].contains(&Block::Rule), "{got:?}");
    }

    #[test]
    fn footnotes_are_kept_and_links_out_keep_their_address() {
        let got = blocks(
            "Said so.[^1] See [the trust](https://example.nhs.uk), [a page](../pages/a.html) and [mail](mailto:a@b.uk).\n\n[^1]: The minutes, *item 4*.\n",
        );
        let Block::Paragraph { text: para } = &got[0] else {
            panic!("{got:?}")
        };
        let hrefs: Vec<_> = para
            .iter()
            .filter_map(|i| match i {
                Inline::Link { href, .. } => Some(href.as_deref()),
                _ => None,
            })
            .collect();
        assert_eq!(
            hrefs,
            [Some("https://example.nhs.uk"), None, Some("mailto:a@b.uk")]
        );
        assert_eq!(
            got[1],
            Block::Paragraph {
                text: vec![
                    text("[1] "),
                    text("The minutes, "),
                    Inline::Emphasis {
                        text: vec![text("item 4")]
                    },
                    text("."),
                ]
            }
        );
    }

    /// Footnotes are numbered as the site numbers them: from 1, where each label is first
    /// met, in any case.
    #[test]
    fn footnotes_are_numbered_as_on_the_site() {
        let got = blocks("A[^b] B[^a] C[^B]\n\n[^a]: First.\n\n[^b]: Second.\n");
        assert_eq!(
            got[0],
            Block::Paragraph {
                text: vec![
                    text("A"),
                    text("[1]"),
                    text(" B"),
                    text("[2]"),
                    text(" C"),
                    text("[1]")
                ]
            }
        );
        assert_eq!(
            got[1],
            Block::Paragraph {
                text: vec![text("[2] "), text("First.")]
            }
        );
        assert_eq!(
            got[2],
            Block::Paragraph {
                text: vec![text("[1] "), text("Second.")]
            }
        );
        let site = crate::markdown::to_html(
            "A[^b] B[^a] C[^B]\n\n[^a]: First.\n\n[^b]: Second.\n",
            "",
            &|_| None,
            crate::markdown::PageIds::default(),
        );
        assert!(site.contains(">1</a></sup> B<sup"), "{site}");
        assert!(
            site.contains("<sup class=\"footnote-definition-label\">2</sup>\n<p>First."),
            "{site}"
        );
    }

    /// A superseded figure stays struck through, and a list numbered from 3 or 7 keeps its
    /// numbers, as on the site: the pack dropped both.
    #[test]
    fn strikethrough_and_list_numbers_are_kept() {
        let got = blocks(
            "The budget is ~~£40,000~~ £25,000.\n\n3. Minutes\n4. Matters arising\n\n- a\n\n7. Finance\n",
        );
        assert_eq!(
            got[0],
            Block::Paragraph {
                text: vec![
                    text("The budget is "),
                    Inline::Strike {
                        text: vec![text("£40,000")]
                    },
                    text(" £25,000."),
                ]
            }
        );
        let starts: Vec<Option<u64>> = got
            .iter()
            .filter_map(|b| match b {
                Block::List { start, .. } => Some(*start),
                _ => None,
            })
            .collect();
        assert_eq!(starts, [Some(3), None, Some(7)]);
    }
}
