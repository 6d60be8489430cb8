//! The preview server: the last good build held in memory and served over HTTP, with a
//! stream of server-sent events that tells open pages to reload after each build.
//!
//! The site is never written to disk here, so previewing drafts cannot overwrite the
//! published `site/` folder. `tower-livereload` was not used: pages need the error overlay
//! injected anyway, and one injection point with axum's own SSE type does both.

pub mod host;
pub mod page;

use crate::build::Site;
use crate::error::Error;
use crate::rebuild::Sink;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use page::Snapshot;
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// What open pages are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signal {
    /// A build finished (good or bad); its generation.
    Reload(u64),
    /// The server is stopping: end every event stream so it can.
    Stop,
}

/// The site being served and the channel to the open pages.
pub struct Live {
    site: RwLock<Snapshot>,
    signals: broadcast::Sender<Signal>,
    stopping: AtomicBool,
}

impl Live {
    pub fn new() -> Arc<Live> {
        let (signals, _) = broadcast::channel(16);
        Arc::new(Live {
            site: RwLock::default(),
            signals,
            stopping: AtomicBool::new(false),
        })
    }

    /// A copy of the current site; cheap, the files are shared.
    pub fn snapshot(&self) -> Snapshot {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Changes the site and tells every open page to reload.
    fn update(&self, change: impl FnOnce(&mut Snapshot)) {
        let generation = {
            let mut site = self.site.write().unwrap_or_else(|e| e.into_inner());
            change(&mut site);
            site.generation += 1;
            site.generation
        };
        // No open page is not an error.
        let _ = self.signals.send(Signal::Reload(generation));
    }

    /// Changes the site without telling open pages: for a change no page shows.
    fn update_quietly(&self, change: impl FnOnce(&mut Snapshot)) {
        change(&mut self.site.write().unwrap_or_else(|e| e.into_inner()));
    }

    /// Whether `files` and `papers` are the site being served but for what follows a save
    /// in a build of its own (the board pack, the search index, the exports): then no page
    /// needs a reload (that build, or a save that changed nothing the site shows, such as
    /// a `touch`). A page open when the save reloaded it keeps the search index it loaded.
    fn differs_only_in_followers(
        &self,
        files: &HashMap<String, crate::output::Bytes>,
        papers: &HashMap<String, std::path::PathBuf>,
        warnings: Option<&str>,
    ) -> bool {
        let follows = |path: &str| {
            path == crate::urls::BOARD_PACK
                || path == crate::urls::SEARCH_INDEX
                || crate::urls::EXPORTS.contains(&path)
        };
        let now = self.site.read().unwrap_or_else(|e| e.into_inner());
        now.built
            && now.error.is_none()
            && now.warnings.as_ref().map(|w| &*w.0) == warnings
            && now.files.len() == files.len()
            && *now.papers == *papers
            && files.iter().all(|(path, bytes)| {
                follows(path)
                    || now
                        .files
                        .get(path)
                        .is_some_and(|was| Arc::ptr_eq(was, bytes) || was == bytes)
            })
    }

    /// Ends every event stream, so a graceful shutdown does not wait for open pages.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = self.signals.send(Signal::Stop);
    }
}

/// The warnings a preview's pages show: not those in, or naming, a record the build
/// leaves out (a confidential member's record, a link to a draft). A public preview
/// shared on the network (`--bind`) put them, quoted, before anyone who opened a page;
/// the terminal has them all, and the bar says how many it leaves to it.
fn shown_warnings(site: &Site) -> String {
    let about_left_out = |p: &crate::diagnostic::Diagnostic| {
        site.left_out_files.contains(&p.file) || p.message.contains(crate::model::LEAVES_OUT)
    };
    let kept: Vec<_> = site
        .warnings
        .problems
        .iter()
        .filter(|p| !about_left_out(p))
        .cloned()
        .collect();
    let held = site.warnings.problems.len() - kept.len();
    let mut text = crate::diagnostic::report(&kept, &site.warnings.sources);
    if held > 0 {
        text.push_str(&format!(
            "{} about records this preview leaves out (drafts or confidential ones) {} in the terminal only\n",
            crate::words::plural(held, "warning"),
            if held == 1 { "is" } else { "are" }
        ));
    }
    text
}

/// Builds go into memory, where the server reads them.
pub struct Memory(pub Arc<Live>);

impl Sink for Memory {
    fn publish(&mut self, site: Site) -> Result<(usize, crate::output::Leftover), Error> {
        let count = site.files.len() + site.papers.len();
        let warned = site.warnings.problems.len();
        let warnings: Option<(Arc<str>, usize)> =
            (warned > 0).then(|| (shown_warnings(&site).into(), warned));
        let files: HashMap<String, crate::output::Bytes> = site.files.into_iter().collect();
        let papers = site
            .papers
            .into_iter()
            .map(|p| (p.path, p.source))
            .collect();
        // Open pages reload when what they show changed, not when only the pack, the
        // search index or the exports did.
        let quietly =
            self.0
                .differs_only_in_followers(&files, &papers, warnings.as_ref().map(|w| &*w.0));
        let change = |snapshot: &mut Snapshot| {
            snapshot.files = Arc::new(files);
            snapshot.papers = Arc::new(papers);
            snapshot.built = true;
            snapshot.error = None;
            snapshot.warnings = warnings;
        };
        if quietly {
            self.0.update_quietly(change);
        } else {
            self.0.update(change);
        }
        Ok((count, None))
    }

    fn fail(&mut self, failed: &Error) {
        let report = failed.report().render();
        self.0
            .update(|snapshot| snapshot.error = Some(report.as_str().into()));
    }
}

/// The server's routes: the event stream, and every other GET path from the site, for
/// requests whose `Host` is the address the server listens on, `local` (see [`host`]).
pub fn router(live: Arc<Live>, local: SocketAddr) -> Router {
    Router::new()
        .route(page::EVENTS, get(events))
        .fallback(get(file))
        .with_state(live)
        .layer(axum::middleware::from_fn(
            move |request: Request, next: Next| async move {
                let named = request
                    .headers()
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok());
                if host::allowed(named, local) {
                    next.run(request).await
                } else {
                    let url = if local.ip().is_unspecified() {
                        format!("http://localhost:{}/", local.port())
                    } else {
                        format!("http://{local}/")
                    };
                    (
                        StatusCode::MISDIRECTED_REQUEST,
                        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                        format!("This preview answers only requests for its own address, such as {url}\n"),
                    )
                        .into_response()
                }
            },
        ))
}

async fn file(State(live): State<Arc<Live>>, uri: Uri, headers: HeaderMap) -> Response {
    let snapshot = live.snapshot();
    if snapshot.built
        && let Some(key) = page::file_key(uri.path())
        && let Some(source) = snapshot.papers.get(&key)
    {
        let range = headers.get(header::RANGE).and_then(|r| r.to_str().ok());
        return paper(source.clone(), page::content_type(&key), range).await;
    }
    let answer = page::answer(&snapshot, uri.path());
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    (
        status,
        [
            (header::CONTENT_TYPE, answer.content_type),
            // A preview must never show a page from before the last build.
            (header::CACHE_CONTROL, "no-store"),
        ],
        answer.body,
    )
        .into_response()
}

/// A paper, streamed from the project in pieces rather than read whole for each request
/// (five downloads of a 400 MB paper held 2 GB), and in part when asked (`Range`), as a
/// browser's PDF viewer asks.
async fn paper(
    source: std::path::PathBuf,
    content_type: &'static str,
    range: Option<&str>,
) -> Response {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let not_now = || {
        (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This paper cannot be read just now; save it again to rebuild.\n",
        )
            .into_response()
    };
    let Ok(mut file) = tokio::fs::File::open(&source).await else {
        return not_now();
    };
    let Ok(len) = file.metadata().await.map(|m| m.len()) else {
        return not_now();
    };
    let (status, start, end) = match range.map(|r| page::byte_range(r, len)) {
        None | Some(page::Range::Whole) => (StatusCode::OK, 0, len),
        Some(page::Range::Part(start, end)) => (StatusCode::PARTIAL_CONTENT, start, end),
        Some(page::Range::Unsatisfiable) => {
            return (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{len}"))],
            )
                .into_response();
        }
    };
    if start > 0 && file.seek(std::io::SeekFrom::Start(start)).await.is_err() {
        return not_now();
    }
    const PIECE: u64 = 64 * 1024;
    let pieces = stream::unfold((file, end - start), |(mut file, left)| async move {
        if left == 0 {
            return None;
        }
        let mut piece = vec![0; usize::try_from(left.min(PIECE)).unwrap_or(64 * 1024)];
        match file.read(&mut piece).await {
            Ok(0) => None,
            Ok(read) => {
                piece.truncate(read);
                Some((
                    Ok(axum::body::Bytes::from(piece)),
                    (file, left - read as u64),
                ))
            }
            Err(error) => Some((Err(error), (file, 0))),
        }
    });
    let mut response = Response::new(axum::body::Body::from_stream(pieces));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        header::ACCEPT_RANGES,
        header::HeaderValue::from_static("bytes"),
    );
    headers.insert(header::CONTENT_LENGTH, (end - start).into());
    if status == StatusCode::PARTIAL_CONTENT
        && let Ok(value) =
            header::HeaderValue::from_str(&format!("bytes {start}-{}/{len}", end - 1))
    {
        headers.insert(header::CONTENT_RANGE, value);
    }
    response
}

/// Server-sent events: `reload` after every build. `?since=N` names the build the page came
/// from; if a newer one finished already, the first event is sent at once.
async fn events(
    State(live): State<Arc<Live>>,
    uri: Uri,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the generation, so no build can fall between the two.
    let signals = live.signals.subscribe();
    let current = live.snapshot().generation;
    let since = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse::<u64>().ok());
    let pending = (since != Some(current)).then_some(current);
    let stopped = live.stopping.load(Ordering::SeqCst);
    let stream = stream::unfold(
        (signals, pending, stopped),
        |(mut signals, pending, stopped)| async move {
            if stopped {
                return None;
            }
            if let Some(generation) = pending {
                return Some((Ok(reload(generation)), (signals, None, false)));
            }
            match signals.recv().await {
                Ok(Signal::Reload(generation)) => {
                    Some((Ok(reload(generation)), (signals, None, false)))
                }
                Ok(Signal::Stop) | Err(broadcast::error::RecvError::Closed) => None,
                // Missed some builds while busy: one reload covers them all.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    Some((Ok(reload(0)), (signals, None, false)))
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn reload(generation: u64) -> Event {
    Event::default()
        .event("reload")
        .data(generation.to_string())
}
