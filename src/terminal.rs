//! Writing to the terminal without crashing when it goes away. `println!` panics when the
//! reader of a pipe has gone (`boardpack indicators | head -1`) and `eprintln!` when
//! standard error is closed; a report generator should do neither.

use std::io::{self, Write};

/// Writes `text` to standard error. A closed or broken standard error is ignored: there is
/// nowhere left to say anything, and `watch` or `serve` must keep going.
pub fn say(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// [`say`] with a line break.
pub fn say_line(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.write_all(b"\n"));
}

/// Writes `text` to standard output. When the reader has gone (a closed pipe), the output
/// is no longer wanted: the program ends quietly with success, as ripgrep does.
pub fn out(text: &str) {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    if let Err(error) = written {
        if error.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        say_line(&format!("error: could not write the output: {error}"));
        std::process::exit(1);
    }
}
