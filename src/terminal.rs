//! Writing to the terminal without crashing when it goes away. `println!` panics when the
//! reader of a pipe has gone (`boardpack indicators | head -1`) and `eprintln!` when
//! standard error is closed; a report generator should do neither.

use std::io::{self, Write};

/// Writes `text` to standard error, the words `error`, `warning` and `help` of problems in
/// colour on a terminal that shows it. anstream (the crate clap uses) decides, so `NO_COLOR`
/// and `CLICOLOR_FORCE` are honoured and a pipe or a file gets plain text. A closed or
/// broken standard error is ignored: there is nowhere left to say anything, and `watch` or
/// `serve` must keep going.
pub fn say(text: &str) {
    let mut stderr = anstream::stderr().lock();
    let _ = stderr.write_all(coloured(text).as_bytes());
}

/// [`say`] with a line break.
pub fn say_line(text: &str) {
    say(&format!("{text}\n"));
}

/// `text` with the severity of each problem line and each `help:` styled.
fn coloured(text: &str) -> String {
    use anstyle::{AnsiColor, Style};
    let bold = |colour: AnsiColor| Style::new().bold().fg_color(Some(colour.into()));
    let styles = [
        (": error: ", "error", bold(AnsiColor::Red)),
        (": warning: ", "warning", bold(AnsiColor::Yellow)),
    ];
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let styled = styles.iter().find_map(|(marker, word, style)| {
            let at = line.find(marker)?;
            let start = at + 2;
            Some(format!(
                "{}{style}{word}{style:#}{}",
                &line[..start],
                &line[start + word.len()..]
            ))
        });
        match styled {
            Some(line) => out.push_str(&line),
            None => match line.strip_prefix("help:") {
                Some(rest) => {
                    let style = bold(AnsiColor::Cyan);
                    out.push_str(&format!("{style}help{style:#}:{rest}"));
                }
                None => match line.strip_prefix("error:") {
                    Some(rest) => {
                        let style = bold(AnsiColor::Red);
                        out.push_str(&format!("{style}error{style:#}:{rest}"));
                    }
                    None => out.push_str(line),
                },
            },
        }
    }
    out
}

/// The reader of standard output has gone (`| head -1` has its line): the rest of the
/// output is not wanted, and the command should end quietly, as ripgrep does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

/// Writes `text` to standard output, or says the reader has gone. Another failure to
/// write is said on standard error and ends the program with 1.
pub fn out(text: &str) -> Result<(), Gone> {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Err(Gone),
        Err(error) => {
            say_line(&format!("error: could not write the output: {error}"));
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn severities_and_help_are_styled_and_nothing_else() {
        let text = "content/a.yaml:1:1: error: `x` is wrong\n1 | x: 1\nhelp: write y\nb.md:2:3: warning: w\nok: 3 records\n";
        let out = super::coloured(text);
        assert!(
            out.contains("content/a.yaml:1:1: \u{1b}[1m\u{1b}[31merror\u{1b}[0m: `x` is wrong"),
            "{out:?}"
        );
        assert!(
            out.contains("\u{1b}[1m\u{1b}[36mhelp\u{1b}[0m: write y"),
            "{out:?}"
        );
        assert!(out.contains("\u{1b}[33mwarning\u{1b}[0m: w"), "{out:?}");
        assert!(out.ends_with("ok: 3 records\n"));
        // Without the styles it is the text as it was: a pipe gets exactly that.
        let plain = out
            .replace("\u{1b}[1m", "")
            .replace("\u{1b}[31m", "")
            .replace("\u{1b}[36m", "")
            .replace("\u{1b}[33m", "")
            .replace("\u{1b}[0m", "");
        assert_eq!(plain, text);
    }
}
