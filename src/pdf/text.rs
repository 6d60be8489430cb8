//! Markdown bodies as data the board pack's layout can show: a tree of blocks and inlines
//! whose text stays text. Typst is never given Markdown or markup made from it, so nothing a
//! secretary writes can run as Typst code. Raw HTML is left out (the site sanitises it; the
//! pack has no use for it), images are shown by their alt text, and links keep their text,
//! with the address only for links to other sites.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
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
    Code {
        text: String,
    },
    Link {
        href: Option<String>,
        text: Vec<Inline>,
    },
    Break,
}

/// What is open while the events are read: each holds what its children made so far.
enum Open {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
    /// The text of a list item written without a blank line around it (a tight list):
    /// made a paragraph when the item ends or a block starts inside it.
    Loose(Vec<Inline>),
    List(bool, Vec<Vec<Block>>),
    Table(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>, Vec<Vec<Inline>>),
}

/// The blocks of `markdown`.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut stack: Vec<Open> = vec![Open::Blocks(Vec::new())];
    let mut code = String::new();
    let mut in_code = false;
    for event in Parser::new_ext(markdown, crate::markdown::options()) {
        if let Event::Start(
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::CodeBlock(_)
            | Tag::Table(_),
        ) = &event
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
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::TableCell
                | Tag::FootnoteDefinition(_) => stack.push(Open::Inlines(Vec::new())),
                Tag::BlockQuote(_) => stack.push(Open::Blocks(Vec::new())),
                Tag::Item => {
                    stack.push(Open::Blocks(Vec::new()));
                    stack.push(Open::Loose(Vec::new()));
                }
                Tag::List(first) => stack.push(Open::List(first.is_some(), Vec::new())),
                Tag::Table(_) => stack.push(Open::Table(Vec::new(), Vec::new(), Vec::new())),
                Tag::CodeBlock(_) => {
                    code.clear();
                    in_code = true;
                }
                _ => {}
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
            Event::Text(text) => push_inline(
                &mut stack,
                Inline::Text {
                    text: text.to_string(),
                },
            ),
            Event::Code(text) => push_inline(
                &mut stack,
                Inline::Code {
                    text: text.to_string(),
                },
            ),
            Event::SoftBreak => push_inline(&mut stack, Inline::Text { text: " ".into() }),
            Event::HardBreak => push_inline(&mut stack, Inline::Break),
            Event::FootnoteReference(label) => push_inline(
                &mut stack,
                Inline::Text {
                    text: format!("[{label}]"),
                },
            ),
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
    close_up_headings(&mut blocks);
    blocks
}

/// Numbers the headings a body uses 1, 2, 3... in the order of their levels: a tagged PDF
/// may not skip a level, and a body that starts at `##` or jumps from `#` to `###` would.
fn close_up_headings(blocks: &mut [Block]) {
    let mut levels: Vec<u8> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    levels.sort_unstable();
    levels.dedup();
    for block in blocks {
        if let Block::Heading { level, .. } = block
            && let Some(rank) = levels.iter().position(|l| l == level)
        {
            *level = rank as u8 + 1;
        }
    }
}

fn push_inline(stack: &mut [Open], inline: Inline) {
    if let Some(Open::Inlines(inlines) | Open::Loose(inlines)) = stack.last_mut() {
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
    if let Some(Open::Blocks(blocks)) = stack.last_mut() {
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
        (TagEnd::FootnoteDefinition, Open::Inlines(text)) => {
            push_block(stack, Block::Paragraph { text })
        }
        (TagEnd::Emphasis, Open::Inlines(text)) => push_inline(stack, Inline::Emphasis { text }),
        (TagEnd::Strong, Open::Inlines(text)) => push_inline(stack, Inline::Strong { text }),
        (TagEnd::Strikethrough, Open::Inlines(text)) => {
            for inline in text {
                push_inline(stack, inline);
            }
        }
        (TagEnd::Link, Open::Inlines(text)) => {
            push_inline(stack, Inline::Link { href: None, text })
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
        (TagEnd::List(_), Open::List(ordered, items)) => {
            push_block(stack, Block::List { ordered, items })
        }
        (TagEnd::TableCell, Open::Inlines(text)) => {
            if let Some(Open::Table(_, _, row)) = stack.last_mut() {
                row.push(text);
            }
        }
        (TagEnd::TableHead, open) => {
            stack.push(open);
            if let Some(Open::Table(head, _, row)) = stack.last_mut() {
                *head = std::mem::take(row);
            }
        }
        (TagEnd::TableRow, open) => {
            stack.push(open);
            if let Some(Open::Table(_, rows, row)) = stack.last_mut() {
                rows.push(std::mem::take(row));
            }
        }
        (TagEnd::Table, Open::Table(head, rows, _)) => {
            push_block(stack, Block::Table { head, rows })
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
                head: vec![vec![text("a")], vec![text("b")]],
                rows: vec![vec![vec![text("1")], vec![text("]")]]],
            }
        );
        assert_eq!(got[7], Block::Rule);
        assert_eq!(got.len(), 8);
    }
}
