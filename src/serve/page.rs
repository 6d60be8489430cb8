//! What the preview server answers for a path, worked out without any HTTP: the file, its
//! type, and for HTML pages the live-reload hook and, after a failed build, the error overlay.

use crate::markdown::escape;
use percent_encoding::percent_decode_str;
use std::collections::HashMap;

/// Where pages listen for rebuilds. Under a name no record or theme can produce.
pub const EVENTS: &str = "/__boardpack/events";

/// A site as the server holds it: the last good build, and the report of the last build if
/// it failed.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub files: std::sync::Arc<HashMap<String, crate::output::Bytes>>,
    /// The papers, by path in the site: read from the project when asked for, not held.
    pub papers: std::sync::Arc<HashMap<String, std::path::PathBuf>>,
    /// A build has succeeded at least once, so `files` is a site.
    pub built: bool,
    /// The report of the last build when it failed.
    pub error: Option<std::sync::Arc<str>>,
    /// The warnings of the last good build, when it had any, and how many.
    pub warnings: Option<(std::sync::Arc<str>, usize)>,
    /// Counts builds, good or bad; a page that knows an older one reloads.
    pub generation: u64,
}

/// An HTTP answer.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// The answer for a request of `path` (as in the request line, percent-encoded).
pub fn answer(site: &Snapshot, path: &str) -> Answer {
    if !site.built {
        let report = site
            .error
            .as_deref()
            .unwrap_or("The report is being built.");
        return Answer {
            status: 503,
            content_type: HTML,
            body: error_page(report, site.generation).into_bytes(),
        };
    }
    let key = file_key(path);
    if let Some(source) = key.as_ref().and_then(|key| site.papers.get(key))
        && let Ok(body) = std::fs::read(source)
    {
        return Answer {
            status: 200,
            content_type: content_type(key.as_deref().unwrap_or_default()),
            body,
        };
    }
    let found = key.and_then(|key| site.files.get(&key).map(|bytes| (key, bytes)));
    let (status, key, bytes) = match found {
        Some((key, bytes)) => (200, key, &**bytes),
        None => match site.files.get("404.html") {
            Some(bytes) => (404, "404.html".to_string(), &**bytes),
            None => (404, "404.html".to_string(), NOT_FOUND.as_bytes()),
        },
    };
    let content_type = content_type(&key);
    let body = if content_type == HTML {
        inject(
            &String::from_utf8_lossy(bytes),
            site.generation,
            match (&site.error, &site.warnings) {
                (Some(error), _) => Some(Notice::Error(error)),
                (None, Some((warnings, count))) => Some(Notice::Warnings(warnings, *count)),
                (None, None) => None,
            },
        )
        .into_bytes()
    } else {
        bytes.to_vec()
    };
    Answer {
        status,
        content_type,
        body,
    }
}

const HTML: &str = "text/html; charset=utf-8";
const NOT_FOUND: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>There is no page at this address.</p></body></html>";

/// The site's file for a request path: `/` and `/folder/` mean their `index.html`. None for
/// paths that try to leave the site or do not decode.
pub fn file_key(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            part if part.contains('\\') || part.contains('\0') => return None,
            part => parts.push(part),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

/// What a request's `Range` header asks of a file of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Range {
    /// The whole file: no range this server serves in part (several ranges, another unit,
    /// a header it cannot read), which HTTP lets it answer with the whole.
    Whole,
    /// Bytes `start` to `end`, `end` not included.
    Part(u64, u64),
    /// A range wholly past the end of the file.
    Unsatisfiable,
}

/// `bytes=0-99`, `bytes=100-` or `bytes=-100` (the last hundred), as HTTP defines them.
pub fn byte_range(header: &str, len: u64) -> Range {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Range::Whole;
    };
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Range::Whole;
    };
    let number = |text: &str| text.trim().parse::<u64>().ok();
    match (first.trim().is_empty(), number(first), number(last)) {
        // The last `n` bytes.
        (true, _, Some(n)) if n > 0 => Range::Part(len.saturating_sub(n), len),
        (true, ..) => Range::Unsatisfiable,
        (false, Some(start), _) if start >= len => Range::Unsatisfiable,
        (false, Some(start), None) if last.trim().is_empty() => Range::Part(start, len),
        (false, Some(start), Some(end)) if end >= start => Range::Part(start, (end + 1).min(len)),
        _ => Range::Whole,
    }
}

/// The media type for a site file, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let extension = key.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The script that reloads the page after each build. It names the build it came from, so
/// a build that finishes between loading the page and connecting still reloads it.
fn reload_script(generation: u64) -> String {
    format!(
        "<script>/* boardpack serve: reload after each build */\
(function(){{var s=new EventSource(\"{EVENTS}?since={generation}\");\
s.addEventListener(\"reload\",function(){{s.close();location.reload();}});}})();</script>"
    )
}

/// The box shown over every page while the last build has failed.
fn overlay(report: &str) -> String {
    format!(
        "<div id=\"boardpack-error\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;\
max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff;\
color:#1d1d1d;border-top:6px solid #b10e1e;box-shadow:0 -2px 12px rgba(0,0,0,.35);\
font:15px/1.45 system-ui,sans-serif;text-align:left\">\
<p style=\"margin:0 0 .5rem;font-weight:700\">The last change did not build. \
This is the last good report; it reloads when the problem is fixed.</p>\
<pre style=\"margin:0;white-space:pre-wrap;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace\">{}</pre></div>",
        escape(report)
    )
}

/// The warnings of a build that succeeded, in a bar at the foot of every page, folded:
/// a new meeting dated after the report date, say, is left out, and without this the
/// author saw the page reload without it and nothing to say why (the terminal did).
fn warnings_bar(report: &str, count: usize) -> String {
    let words = if count == 1 {
        "1 warning".to_string()
    } else {
        format!("{count} warnings")
    };
    format!(
        "<details id=\"boardpack-warnings\" role=\"note\" style=\"position:fixed;left:0;right:0;bottom:0;\
max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:.5rem 1.25rem;background:#fff;\
color:#1d1d1d;border-top:4px solid #8a4b00;box-shadow:0 -2px 8px rgba(0,0,0,.25);\
font:15px/1.45 system-ui,sans-serif;text-align:left\">\
<summary style=\"cursor:pointer;font-weight:700\">The report built with {words}: open to read</summary>\
<pre style=\"margin:.5rem 0 0;white-space:pre-wrap;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace\">{}</pre></details>",
        escape(report)
    )
}

/// What a page shows over it in the preview: the last build's errors, or its warnings.
#[derive(Debug, Clone, Copy)]
pub enum Notice<'a> {
    Error(&'a str),
    Warnings(&'a str, usize),
}

/// `html` with the reload script, and the overlay or the warnings' bar when `notice` is
/// given, before `</body>` (or at the end when there is none).
pub fn inject(html: &str, generation: u64, notice: Option<Notice<'_>>) -> String {
    let mut addition = String::new();
    match notice {
        Some(Notice::Error(report)) => addition.push_str(&overlay(report)),
        Some(Notice::Warnings(report, count)) => {
            addition.push_str(&warnings_bar(report, count));
        }
        None => {}
    }
    addition.push_str(&reload_script(generation));
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + addition.len());
    out.push_str(&html[..at]);
    out.push_str(&addition);
    out.push_str(&html[at..]);
    out
}

/// The page for every address while there is no good build yet.
pub fn error_page(report: &str, generation: u64) -> String {
    let body = format!(
        "<main style=\"max-width:60rem;margin:2rem auto;padding:0 1rem;font:16px/1.5 system-ui,sans-serif\">\
<h1>The report could not be built</h1>\
<p>boardpack found problems in the records. Fix them and save; this page reloads by itself.</p>\
<pre style=\"white-space:pre-wrap;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace;\
border-left:6px solid #b10e1e;padding:.5rem 1rem\">{}</pre></main>",
        escape(report)
    );
    inject(
        &format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Build failed · boardpack</title></head><body>{body}</body></html>"
        ),
        generation,
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn site(files: &[(&str, &str)]) -> Snapshot {
        Snapshot {
            files: Arc::new(
                files
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.as_bytes().into()))
                    .collect(),
            ),
            papers: Arc::default(),
            built: true,
            error: None,
            warnings: None,
            generation: 3,
        }
    }

    #[test]
    fn papers_are_read_from_the_project_when_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("ipr.pdf");
        std::fs::write(&source, b"%PDF paper").unwrap();
        let mut snapshot = site(&[("index.html", "<p>home</p>")]);
        snapshot.papers = Arc::new(HashMap::from([("files/ipr.pdf".to_string(), source)]));
        let found = answer(&snapshot, "/files/ipr.pdf");
        assert_eq!((found.status, found.content_type), (200, "application/pdf"));
        assert_eq!(found.body, b"%PDF paper");
        assert_eq!(answer(&snapshot, "/files/other.pdf").status, 404);
    }

    fn text(answer: &Answer) -> &str {
        std::str::from_utf8(&answer.body).unwrap()
    }

    #[test]
    fn paths_map_to_site_files() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(file_key("").as_deref(), Some("index.html"));
        assert_eq!(file_key("/board.html").as_deref(), Some("board.html"));
        assert_eq!(file_key("/people/").as_deref(), Some("people/index.html"));
        assert_eq!(file_key("/a%20b.html").as_deref(), Some("a b.html"));
        assert_eq!(
            file_key("/board.html?x=1#top").as_deref(),
            Some("board.html")
        );
        assert_eq!(
            file_key("//people//jo.html").as_deref(),
            Some("people/jo.html")
        );
    }

    #[test]
    fn paths_cannot_leave_the_site() {
        for path in [
            "/../secret",
            "/a/%2e%2e/b",
            "/%2E%2E/x",
            "/a%5c..%5cb",
            "/%ff",
            "/a%00",
        ] {
            assert_eq!(file_key(path), None, "{path}");
        }
    }

    #[test]
    fn pages_get_the_reload_hook_before_the_end_of_the_body() {
        let answer = answer(
            &site(&[("index.html", "<html><body><p>Hi</p></body></html>")]),
            "/",
        );
        assert_eq!(answer.status, 200);
        assert_eq!(answer.content_type, HTML);
        let body = text(&answer);
        assert!(body.starts_with("<html><body><p>Hi</p><script>"), "{body}");
        assert!(body.ends_with("</script></body></html>"), "{body}");
        assert!(body.contains("/__boardpack/events?since=3"), "{body}");
        assert!(!body.contains("boardpack-error"));
    }

    #[test]
    fn other_files_are_served_as_they_are() {
        let css = "body{color:red}</body>";
        let answer = answer(&site(&[("static/style.css", css)]), "/static/style.css");
        assert_eq!(answer.status, 200);
        assert_eq!(answer.content_type, "text/css; charset=utf-8");
        assert_eq!(text(&answer), css);
    }

    #[test]
    fn a_missing_page_gets_the_site_404_page() {
        let answer = answer(
            &site(&[("404.html", "<body>Page not found</body>")]),
            "/nowhere.html",
        );
        assert_eq!(answer.status, 404);
        assert!(text(&answer).starts_with("<body>Page not found<script>"));
        let bare = super::answer(&site(&[]), "/nowhere.html");
        assert_eq!(bare.status, 404);
        assert!(text(&bare).contains("no page at this address"));
    }

    #[test]
    fn a_failed_build_puts_its_report_over_every_page() {
        let mut snapshot = site(&[("index.html", "<body><p>Last good</p></body>")]);
        snapshot.error = Some("content/people/jo.yaml:2:13: error: <bad> & worse\n".into());
        let body = String::from_utf8(answer(&snapshot, "/").body).unwrap();
        assert!(body.contains("<p>Last good</p>"));
        assert!(body.contains("id=\"boardpack-error\" role=\"alert\""));
        assert!(
            body.contains("content/people/jo.yaml:2:13: error: &lt;bad&gt; &amp; worse"),
            "{body}"
        );
        assert!(!body.contains("<bad>"));
    }

    #[test]
    fn a_good_builds_warnings_are_in_a_folded_bar_on_every_page() {
        let mut snapshot = site(&[("index.html", "<body><p>Report</p></body>")]);
        // Counted as the build counted them, not by the lines of the text, which
        // quote the records (one may say "warning:" itself).
        snapshot.warnings = Some((
            "content/meetings/m.yaml:1:7: warning: this meeting is dated <after>\n\
1 | note: warning: quoted\n\
content/people/p.yaml:3:1: warning: another\n"
                .into(),
            2,
        ));
        let body = String::from_utf8(answer(&snapshot, "/").body).unwrap();
        assert!(body.contains("<p>Report</p>"));
        assert!(
            body.contains("<details id=\"boardpack-warnings\" role=\"note\""),
            "{body}"
        );
        assert!(body.contains("The report built with 2 warnings"), "{body}");
        assert!(
            body.contains("this meeting is dated &lt;after&gt;"),
            "{body}"
        );
        // Errors take its place while the build is broken.
        snapshot.error = Some("content/people/jo.yaml:2:13: error: bad\n".into());
        let body = String::from_utf8(answer(&snapshot, "/").body).unwrap();
        assert!(body.contains("boardpack-error") && !body.contains("boardpack-warnings"));
    }

    #[test]
    fn without_a_good_build_every_address_shows_the_error_page() {
        let snapshot = Snapshot {
            error: Some("content/people/jo.yaml:1:7: error: <oops>\n".into()),
            generation: 1,
            ..Snapshot::default()
        };
        for path in ["/", "/board.html", "/static/style.css"] {
            let answer = answer(&snapshot, path);
            assert_eq!(answer.status, 503);
            let body = text(&answer);
            assert!(body.contains("The report could not be built"), "{body}");
            assert!(body.contains("jo.yaml:1:7: error: &lt;oops&gt;"), "{body}");
            assert!(body.contains("/__boardpack/events?since=1"), "{body}");
        }
    }

    #[test]
    fn a_page_without_a_body_end_gets_the_hook_at_the_end() {
        let injected = inject("<p>fragment", 0, None);
        assert!(injected.starts_with("<p>fragment<script>"));
        assert!(injected.ends_with("</script>"));
    }

    #[test]
    fn byte_ranges() {
        assert_eq!(byte_range("bytes=0-99", 1000), Range::Part(0, 100));
        assert_eq!(byte_range("bytes=900-", 1000), Range::Part(900, 1000));
        assert_eq!(byte_range("bytes=-100", 1000), Range::Part(900, 1000));
        assert_eq!(byte_range("bytes=-2000", 1000), Range::Part(0, 1000));
        assert_eq!(byte_range("bytes=990-2000", 1000), Range::Part(990, 1000));
        assert_eq!(byte_range("bytes=1000-", 1000), Range::Unsatisfiable);
        assert_eq!(byte_range("bytes=-0", 1000), Range::Unsatisfiable);
        for whole in [
            "bytes=0-1,5-6",
            "items=0-1",
            "bytes=5-2",
            "bytes=x-",
            "nonsense",
        ] {
            assert_eq!(byte_range(whole, 1000), Range::Whole, "{whole}");
        }
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("data/indicators.json"), "application/json");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("static/LOGO.PNG"), "image/png");
        assert_eq!(
            content_type("data/attendance.csv"),
            "text/csv; charset=utf-8"
        );
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
