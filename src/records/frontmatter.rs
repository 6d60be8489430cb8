//! Splits a Markdown record into its YAML front matter and its body.
//!
//! The front matter sits between a first line `---` and the next line that is exactly `---`.
//! Line numbers stay those of the file: the YAML starts on line 2, the body after the close.

/// A Markdown record, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines of the file before the YAML (always 1: the opening `---`).
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// The file's line number of the body's first line.
    pub body_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    NoOpening,
    /// `---` opens the front matter but no line closes it.
    NoClosing,
}

impl SplitError {
    pub fn message(&self) -> &'static str {
        match self {
            SplitError::NoOpening => {
                "a Markdown record must start with front matter: a line `---`, the fields, then `---`"
            }
            SplitError::NoClosing => "the front matter is not closed",
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            SplitError::NoOpening => {
                "put `---` on the first line, then fields such as `title: ...`, then `---` before the text"
            }
            SplitError::NoClosing => {
                "did you forget the `---` line between the fields and the text?"
            }
        }
    }
}

/// `text` must already be free of a byte-order mark.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = LineSpans::new(text);
    match lines.next() {
        Some((_, line)) if line.trim_end() == "---" => {}
        _ => return Err(SplitError::NoOpening),
    }
    let yaml_start = lines.offset;
    let mut line_number = 1;
    for (start, line) in lines.by_ref() {
        line_number += 1;
        if line.trim_end() == "---" {
            let body_start = lines.offset;
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line_offset: 1,
                body: &text[body_start..],
                body_line: line_number + 1,
            });
        }
    }
    Err(SplitError::NoClosing)
}

/// Lines with their byte offsets; handles LF and CRLF alike.
struct LineSpans<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> LineSpans<'a> {
    fn new(text: &'a str) -> Self {
        LineSpans { text, offset: 0 }
    }
}

impl<'a> Iterator for LineSpans<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.offset >= self.text.len() {
            return None;
        }
        let start = self.offset;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        self.offset += advance;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_file_line_numbers() {
        let s = split("---\ntitle: A\nstatus: active\n---\n# Heading\n\nText\n").unwrap();
        assert_eq!(s.yaml, "title: A\nstatus: active\n");
        assert_eq!(s.yaml_line_offset, 1);
        assert_eq!(s.body, "# Heading\n\nText\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn crlf_and_no_body() {
        let s = split("---\r\ntitle: A\r\n---\r\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "");
        let s = split("---\ntitle: A\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn empty_front_matter_is_split_and_left_to_yaml() {
        let s = split("---\n---\nbody").unwrap();
        assert_eq!((s.yaml, s.body), ("", "body"));
    }

    #[test]
    fn body_dashes_after_close_are_body() {
        let s = split("---\na: 1\n---\ntext\n---\nmore\n").unwrap();
        assert_eq!(s.body, "text\n---\nmore\n");
    }

    #[test]
    fn errors() {
        assert_eq!(split("title: A\n"), Err(SplitError::NoOpening));
        assert_eq!(split(""), Err(SplitError::NoOpening));
        assert_eq!(split("----\na: 1\n----\n"), Err(SplitError::NoOpening));
        assert_eq!(
            split("---\ntitle: A\n\n# Heading\n"),
            Err(SplitError::NoClosing)
        );
    }
}
