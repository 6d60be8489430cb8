//! Small helpers for the words people read in messages and on pages.

/// "1 member", "2 members".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plurals() {
        assert_eq!(super::plural(0, "error"), "0 errors");
        assert_eq!(super::plural(1, "error"), "1 error");
        assert_eq!(super::plural(2, "file"), "2 files");
    }
}
