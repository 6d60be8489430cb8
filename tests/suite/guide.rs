//! Issue 19: the user guide, `docs/guide.md`, followed as a secretary would. Its commands
//! run in order in a new folder, and what the guide shows under each must be what boardpack
//! prints, so the guide cannot drift from the program.
//!
//! The guide marks what a reader does not see with HTML comments before a block:
//! `<!-- guide: not run -->` (installing, a preview that runs until stopped),
//! `<!-- guide: exit 1 -->` (commands expected to fail with that code) and
//! `<!-- guide: write PATH -->` (the YAML block below is the file's content, as the reader
//! would type it in their editor).

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

/// One fenced block of the guide, with the directive written before it.
struct Block {
    directive: Option<String>,
    language: String,
    text: String,
    line: usize,
}

fn blocks(guide: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut directive = None;
    let mut lines = guide.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if let Some(rest) = line.strip_prefix("<!-- guide:") {
            directive = Some(rest.trim_end_matches("-->").trim().to_string());
        } else if let Some(language) = line.strip_prefix("```") {
            let mut text = String::new();
            for (_, inner) in lines.by_ref() {
                if inner.starts_with("```") {
                    break;
                }
                text.push_str(inner);
                text.push('\n');
            }
            found.push(Block {
                directive: directive.take(),
                language: language.trim().to_string(),
                text,
                line: i + 1,
            });
        } else if !line.trim().is_empty() {
            directive = None;
        }
    }
    found
}

/// The words of a command line, with double quotes holding words together.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in command.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

#[test]
fn issue_19_the_guide_works_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = fs::read_to_string(root.join("docs/guide.md")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut here: PathBuf = home.path().to_path_buf();
    let mut commands = 0;
    for block in blocks(&guide) {
        let at = format!("docs/guide.md:{}", block.line);
        match (block.directive.as_deref(), block.language.as_str()) {
            (Some("not run"), _) => continue,
            (Some(write), "yaml") if write.starts_with("write ") => {
                let path = here.join(write.trim_start_matches("write ").trim());
                assert!(path.exists(), "{at}: the guide edits a file `new` made");
                fs::write(path, &block.text).unwrap();
            }
            (directive, "console") => {
                let code = match directive {
                    Some(exit) => exit.trim_start_matches("exit ").parse().unwrap(),
                    None => 0,
                };
                let mut steps = block.text.split("$ ").filter(|s| !s.is_empty());
                for step in steps.by_ref() {
                    let (line, shown) = step.split_once('\n').unwrap_or((step, ""));
                    let words = words(line);
                    if words[0] == "cd" {
                        here = here.join(&words[1]);
                        continue;
                    }
                    assert_eq!(words[0], "boardpack", "{at}: only boardpack is run");
                    let output = Command::cargo_bin("boardpack")
                        .unwrap()
                        .args(&words[1..])
                        .current_dir(&here)
                        .env("NO_COLOR", "1")
                        .output()
                        .unwrap();
                    commands += 1;
                    let printed = format!(
                        "{}{}",
                        String::from_utf8_lossy(&output.stderr),
                        String::from_utf8_lossy(&output.stdout)
                    );
                    assert_eq!(
                        output.status.code(),
                        Some(code),
                        "{at}: `{line}` printed:\n{printed}"
                    );
                    // Every line the guide shows is printed, in that order.
                    let mut rest = printed.as_str();
                    for expected in shown.lines().filter(|l| !l.trim().is_empty()) {
                        let Some(found) = rest.find(expected) else {
                            panic!("{at}: `{line}` did not print\n{expected}\nbut:\n{printed}")
                        };
                        rest = &rest[found + expected.len()..];
                    }
                }
            }
            _ => {}
        }
    }
    assert!(commands >= 6, "the guide's commands were not found");
    let site = here.join("site");
    assert!(site.join("index.html").is_file());
    assert!(site.join("board-pack.pdf").is_file());
    assert!(site.join("people/jo-oneill.html").is_file());
    // The starter board lacks three mandatory roles: the dashboard says so in words.
    let dashboard = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(dashboard.contains("Finance director"), "{dashboard}");
    assert!(!dashboard.contains("finance-director"), "{dashboard}");
    // The pictures the guide shows are in the repository.
    for picture in guide.split("](screenshots/").skip(1) {
        let name = &picture[..picture.find(')').unwrap()];
        assert!(
            root.join("docs/screenshots").join(name).is_file(),
            "docs/screenshots/{name} is missing"
        );
    }
}

#[test]
fn command_words_keep_quoted_names_together() {
    assert_eq!(
        words(r#"boardpack new person "Dr Jo O'Neill""#),
        ["boardpack", "new", "person", "Dr Jo O'Neill"]
    );
}
