//! The `watch` and `serve` commands: a first build, then a thread that rebuilds on every
//! change while the main thread waits for Ctrl-C or SIGTERM (and, for `serve`, answers HTTP).

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::model::BuildOptions;
use crate::rebuild::{self, Folder, Rebuilder};
use crate::serve::{self, Live, Memory};
use crate::watch::Watcher;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;
use tokio::sync::oneshot;

/// What `watch` and `serve` share.
pub struct Options {
    pub project: PathBuf,
    pub build: BuildOptions,
    pub poll: bool,
}

/// Builds into `out` on every change until stopped.
pub fn watch(options: Options, out: &Path) -> Result<(), Error> {
    project_exists(&options.project)?;
    let folder = Folder::new(&options.project, out)?;
    // Watch before the first build, so a save during it is not missed.
    let mut watcher = Watcher::start(&options.project, options.poll)?;
    let writing = folder.writing.clone();
    let mut rebuilder = Rebuilder::new(&options.project, options.build, folder);
    let due = rebuilder.due.clone();
    let stopping = rebuilder.stopping.clone();
    let watching = format!(
        "watching {} for changes, writing the site to {} (Ctrl-C to stop)",
        options.project.display(),
        out.display()
    );
    // The first build on the loop's thread too, so that Ctrl-C is handled from the start:
    // during a first build it killed the process, and one stopped while removing the old
    // site left a folder every later build refused. A stop waits for a write under way.
    let runtime = runtime()?;
    let ended = in_background(move || {
        rebuild::print(&rebuilder.rebuild("first build"));
        crate::terminal::say_line(&watching);
        rebuilder.run(&mut watcher);
    });
    runtime.block_on(stop_or_end(ended));
    stopping.store(true, std::sync::atomic::Ordering::SeqCst);
    // Let a site being written finish its swap before the process ends, and a pack, search
    // index or exports out of date in it be made again, so the folder is left consistent.
    drop(writing.lock().unwrap_or_else(|e| e.into_inner()));
    if due.load(std::sync::atomic::Ordering::SeqCst) {
        crate::terminal::say_line(
            "finishing the board pack, search index and exports before stopping",
        );
        while due.load(std::sync::atomic::Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(20));
        }
    }
    let done = writing.lock().unwrap_or_else(|e| e.into_inner());
    crate::terminal::say_line("stopped");
    // Held until the process ends: a build that finished after the stop (its first, say)
    // must not begin a write the exit would cut short.
    std::mem::forget(done);
    Ok(())
}

/// Where `serve` listens.
pub struct Address {
    pub bind: IpAddr,
    pub port: u16,
    /// Open the report in the reader's web browser once it is served.
    pub open: bool,
}

/// Serves the site from memory with live reload, rebuilding on every change until stopped.
pub fn serve(options: Options, address: Address) -> Result<(), Error> {
    project_exists(&options.project)?;
    // Claim the port before building, so a port in use is reported at once.
    let listener = listen(&address)?;
    let local = bound(&listener, &address)?;
    let url = url_of(local);
    let mut watcher = Watcher::start(&options.project, options.poll)?;
    let live = Live::new();
    let mut rebuilder = Rebuilder::new(&options.project, options.build, Memory(live.clone()));
    rebuild::print(&rebuilder.rebuild("first build"));
    crate::terminal::say_line(&format!("serving the report at {url}"));
    if address.bind.is_loopback() {
        crate::terminal::say_line(
            "only this computer can open it; --bind 0.0.0.0 shares it with your network",
        );
    } else {
        // `localhost` is not what a colleague types: the address this computer has on the
        // network is.
        if local.ip().is_unspecified() {
            let shared: Vec<String> = network_addresses(local.ip())
                .into_iter()
                .map(|ip| url_of(SocketAddr::new(ip, local.port())))
                .collect();
            if !shared.is_empty() {
                crate::terminal::say_line(&format!(
                    "others on your network open it at {}",
                    shared.join(" or ")
                ));
            }
        }
        crate::terminal::say_line(
            "warning: anyone who can reach this computer on the network can open it",
        );
        if options.build.confidential || options.build.drafts {
            crate::terminal::say_line(
                "warning: this preview includes draft or confidential records",
            );
        }
    }
    crate::terminal::say_line(&format!(
        "watching {} for changes (Ctrl-C to stop)",
        options.project.display()
    ));
    // The listener is bound and the first build made, so the page is there to open. The
    // browser is the system's default, or `$BROWSER`; not finding one is no reason to stop.
    if address.open
        && let Err(error) = opener::open_browser(&url)
    {
        crate::terminal::say_line(&format!(
            "warning: could not open a web browser ({error}); open {url} in one"
        ));
    }
    let ended = in_background(move || rebuilder.run(&mut watcher));
    let outcome = runtime()?.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let local = listener.local_addr()?;
        let (stopping, mut stopped) = tokio::sync::watch::channel(false);
        let shutdown = {
            let live = live.clone();
            async move {
                stop_or_end(ended).await;
                live.stop();
                let _ = stopping.send(true);
            }
        };
        let server =
            axum::serve(listener, serve::router(live, local)).with_graceful_shutdown(shutdown);
        // Open pages' event streams end on stop; a client that holds on anyway does not
        // keep the process alive for long.
        let deadline = async move {
            let _ = stopped.wait_for(|stopped| *stopped).await;
            tokio::time::sleep(Duration::from_secs(3)).await;
        };
        tokio::select! {
            result = server => result,
            () = deadline => Ok(()),
        }
    });
    outcome.map_err(|error| {
        Error::Environment(Diagnostic::general(format!(
            "the server at {url} failed: {error}"
        )))
    })?;
    crate::terminal::say_line("stopped");
    Ok(())
}

/// Watching a folder that is not there would only report a watcher error.
fn project_exists(project: &Path) -> Result<(), Error> {
    if project.is_dir() {
        Ok(())
    } else {
        Err(Error::Project(Report::of(crate::check::no_project(
            project,
        ))))
    }
}

fn listen(address: &Address) -> Result<TcpListener, Error> {
    listen_on(address).map_err(Error::Environment)
}

fn listen_on(address: &Address) -> Result<TcpListener, Diagnostic> {
    let socket = SocketAddr::new(address.bind, address.port);
    let shown = socket.to_string();
    let listener = TcpListener::bind(socket).map_err(|error| {
        let (message, help) = match error.kind() {
            io::ErrorKind::AddrInUse => (
                format!(
                    "port {} is already in use, perhaps by another `boardpack serve`",
                    address.port
                ),
                format!(
                    "stop the other program, or choose another port: --port {}",
                    address.port.wrapping_add(1).max(1024)
                ),
            ),
            io::ErrorKind::PermissionDenied => (
                format!("not allowed to listen on port {}", address.port),
                "ports below 1024 need administrator rights; the default --port 4000 does not"
                    .to_string(),
            ),
            io::ErrorKind::AddrNotAvailable => (
                format!("{} is not an address of this computer", address.bind),
                "use --bind 127.0.0.1 (this computer only) or --bind 0.0.0.0 (every network)"
                    .to_string(),
            ),
            _ => (
                format!("cannot listen on {shown}: {error}"),
                "choose another --port or --bind".to_string(),
            ),
        };
        Diagnostic::general(message).with_help(help)
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|error| Diagnostic::general(format!("cannot listen on {shown}: {error}")))?;
    Ok(listener)
}

/// The address listened on. `--port 0` lets the system choose, so it is read back from
/// the socket.
fn bound(listener: &TcpListener, address: &Address) -> Result<SocketAddr, Error> {
    listener.local_addr().map_err(|error| {
        Error::Environment(Diagnostic::general(format!(
            "cannot listen on {}: {error}",
            address.bind
        )))
    })
}

/// The address to open in a browser.
fn url_of(local: SocketAddr) -> String {
    let port = local.port();
    match local.ip() {
        // A wildcard address is not one a browser can open; this computer's loopback is.
        ip if ip.is_unspecified() => format!("http://localhost:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
    }
}

/// The addresses this computer is reached at on its network, for a server listening on
/// every address (`wildcard`): the one it would send from, of each family it listens on.
/// Connecting a UDP socket sends nothing; it only asks the system for the route. Empty
/// without a network.
fn network_addresses(wildcard: IpAddr) -> Vec<IpAddr> {
    use std::net::{Ipv4Addr, Ipv6Addr, UdpSocket};
    let probe = |unspecified: IpAddr, far: IpAddr| -> Option<IpAddr> {
        let socket = UdpSocket::bind((unspecified, 0)).ok()?;
        socket.connect((far, 9)).ok()?;
        let ip = socket.local_addr().ok()?.ip();
        // A link-local address (`fe80::`) needs its interface named to be opened.
        let link_local = matches!(ip, IpAddr::V6(v6) if v6.segments()[0] & 0xffc0 == 0xfe80);
        (!ip.is_unspecified() && !ip.is_loopback() && !link_local).then_some(ip)
    };
    // Documentation addresses (RFC 5737, RFC 3849): never anyone's.
    let v4 = || {
        probe(
            Ipv4Addr::UNSPECIFIED.into(),
            Ipv4Addr::new(192, 0, 2, 1).into(),
        )
    };
    let v6 = || {
        probe(
            Ipv6Addr::UNSPECIFIED.into(),
            Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1).into(),
        )
    };
    match wildcard {
        IpAddr::V4(_) => v4().into_iter().collect(),
        // `::` takes IPv4 as well where the system makes such sockets dual (Linux and
        // macOS do; Windows does not), and an office network may not route IPv6.
        IpAddr::V6(_) if cfg!(windows) => v6().into_iter().collect(),
        IpAddr::V6(_) => v4().into_iter().chain(v6()).collect(),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::Environment(Diagnostic::general(format!("cannot start: {error}"))))
}

/// Runs `work` on its own thread; the receiver completes when it returns (or panics).
fn in_background(work: impl FnOnce() + Send + 'static) -> oneshot::Receiver<()> {
    let (done, ended) = oneshot::channel();
    thread::spawn(move || {
        work();
        let _ = done.send(());
    });
    ended
}

/// Completes when a stop is requested or the rebuild loop behind `ended` has ended.
async fn stop_or_end(ended: oneshot::Receiver<()>) {
    tokio::select! {
        () = stop_requested() => {}
        returned = ended => {
            // A loop that panicked (a bug) ends the process as a panic on the main thread
            // did, not with success: the first build runs there now.
            if returned.is_err() {
                crate::terminal::say_line("error: the rebuild loop stopped on an internal error (a bug in boardpack)");
                std::process::exit(101);
            }
            crate::terminal::say_line("the file watcher stopped");
        }
    }
}

/// Completes on Ctrl-C, on SIGTERM from a service manager or `kill`, or on SIGHUP when
/// the terminal window is closed: each stops as Ctrl-C does, after the pack, the search
/// index and the exports have caught up with the pages (closing the window had stopped it
/// at once, the pages newer than the pack). SIGHUP is left alone when it was ignored at
/// the start (`nohup boardpack serve &`): logging out must not stop it then.
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let hang_up = if hangup_ignored() {
            None
        } else {
            signal(SignalKind::hangup()).ok()
        };
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            let hung_up = async {
                match hang_up {
                    Some(mut hang_up) => {
                        hang_up.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
                _ = hung_up => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Whether SIGHUP was ignored when the process started, as `nohup` leaves it: the
/// kernel's mask of ignored signals (`SigIgn`), where SIGHUP is the lowest bit. Where
/// that cannot be read (not Linux), it is taken as ignored, and SIGHUP keeps the effect
/// it had before it was handled here.
#[cfg(unix)]
fn hangup_ignored() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let mask = status.lines().find_map(|l| l.strip_prefix("SigIgn:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .is_none_or(|mask| mask & 1 == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_an_address_a_browser_opens() {
        let at = |text: &str| url_of(text.parse().unwrap());
        assert_eq!(at("0.0.0.0:4000"), "http://localhost:4000/");
        assert_eq!(at("[::]:4000"), "http://localhost:4000/");
        assert_eq!(at("127.0.0.1:4000"), "http://127.0.0.1:4000/");
        assert_eq!(at("[::1]:8080"), "http://[::1]:8080/");
        assert_eq!(at("192.168.1.5:4000"), "http://192.168.1.5:4000/");
    }
}
