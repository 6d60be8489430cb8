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
