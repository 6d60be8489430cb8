//! End-to-end tests of `watch` and `serve`: the real binary on a temp copy of a fixture,
//! edited the ways editors save. Every wait polls and is bounded, so a slow machine makes
//! these tests slower, not flaky.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The longest any one wait may take. Builds take well under a second; this only bounds a
/// test that has gone wrong.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `boardpack` whose standard error is collected line by line; killed on drop.
struct Running {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<thread::JoinHandle<()>>,
}

impl Running {
    fn start(args: &[&str]) -> Running {
        Running::start_with(args, &[])
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Running {
        Running::spawn(
            Command::new(env!("CARGO_BIN_EXE_boardpack")).args(args),
            env,
        )
    }

    /// Started as `nohup` starts it, SIGHUP ignored: a shell that ignores it, then runs
    /// boardpack in its place (the same process, so signals reach it).
    fn start_ignoring_hangup(args: &[&str]) -> Running {
        let mut command = Command::new("sh");
        command
            .args(["-c", "trap '' HUP; exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_boardpack"))
            .args(args);
        Running::spawn(&mut command, &[])
    }

    fn spawn(command: &mut Command, env: &[(&str, &str)]) -> Running {
        let mut child = command
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let collected = lines.clone();
        let reader = thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                collected.lock().unwrap().push(line);
            }
        });
        Running {
            child,
            lines,
            reader: Some(reader),
        }
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    fn log(&self) -> String {
        self.lines().join("\n")
    }

    /// Waits until `ready` holds, or fails the test showing what the process printed.
    fn wait_for(&self, what: &str, ready: impl Fn(&Running) -> bool) {
        let started = Instant::now();
        while !ready(self) {
            if started.elapsed() > PATIENCE {
                panic!(
                    "timed out waiting for {what}; boardpack printed:\n{}",
                    self.log()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for a line containing `text` among those printed after the first `after`.
    fn wait_for_line(&self, after: usize, text: &str) -> String {
        self.wait_for(&format!("a line with `{text}`"), |r| {
            r.lines()[after..].iter().any(|l| l.contains(text))
        });
        self.lines()[after..]
            .iter()
            .find(|l| l.contains(text))
            .unwrap()
            .clone()
    }

    /// Sends `signal` (`TERM`, `INT`) and waits, bounded, for the process to end.
    fn stop_with(&mut self, signal: &str) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Every line it printed is read once its standard error closes.
                if let Some(reader) = self.reader.take() {
                    reader.join().unwrap();
                }
                return status;
            }
            if started.elapsed() > PATIENCE {
                panic!("did not stop on SIG{signal}; printed:\n{}", self.log());
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A temp copy of the valid fixture.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    crate::common::copy_tree(&fixture, dir.path());
    dir
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

fn person(name: &str) -> String {
    format!("name: {name}\nprofession: manager\n")
}

const RECORD: &str = "content/people/ali-khan.yaml";

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn watch_rebuilds_on_every_kind_of_save_and_keeps_the_site_on_errors() {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    assert!(
        watch.lines()[0].starts_with("first build: rebuilt in "),
        "{}",
        watch.log()
    );

    let record = dir.path().join(RECORD);
    let page = out.join("people/ali-khan.html");
    let page = page.as_path();
    let shows = |name: &'static str| move |_: &Running| read(page).contains(name);
    let expected_line = format!("{RECORD} changed: rebuilt in ");

    // Temp and backup files alone build nothing. This comes first, while no edit's events
    // can still be on their way. Waiting proves an absence only as far as the wait goes; a
    // slow machine can make this pass wrongly, never fail wrongly.
    let before = watch.lines().len();
    fs::write(dir.path().join("content/people/.ali-khan.yaml.swp"), "x").unwrap();
    fs::write(dir.path().join("content/people/ali-khan.yaml~"), "x").unwrap();
    fs::write(dir.path().join("content/people/#ali-khan.yaml#"), "x").unwrap();
    thread::sleep(Duration::from_millis(500));
    assert_eq!(watch.lines().len(), before, "{}", watch.log());

    // In place, as VS Code and nano save.
    let before = watch.lines().len();
    fs::write(&record, person("Ali Inplace")).unwrap();
    watch.wait_for("the in-place edit", shows("Ali Inplace"));
    watch.wait_for_line(before, &expected_line);

    // A temp file renamed over the record, as JetBrains, gedit and vim (by default) save.
    let before = watch.lines().len();
    let temp = dir.path().join("content/people/ali-khan.yaml___jb_tmp___");
    fs::write(&temp, person("Ali Renamed")).unwrap();
    fs::rename(&temp, &record).unwrap();
    watch.wait_for("the rename over the record", shows("Ali Renamed"));
    watch.wait_for_line(before, &expected_line);

    // Deleted, then written again.
    let before = watch.lines().len();
    fs::remove_file(&record).unwrap();
    fs::write(&record, person("Ali Recreated")).unwrap();
    watch.wait_for("the re-created record", shows("Ali Recreated"));
    watch.wait_for_line(before, &expected_line);

    // A deleted record disappears from the site.
    let before = watch.lines().len();
    let about = out.join("pages/about.html");
    assert!(about.exists());
    fs::remove_file(dir.path().join("content/pages/about.md")).unwrap();
    watch.wait_for("the deleted page to go", |_| !about.exists());
    watch.wait_for_line(before, "content/pages/about.md changed: rebuilt in ");

    // A broken record: the error is reported and the last good site stays.
    let before = watch.lines().len();
    fs::write(&record, "name: [\n").unwrap();
    let failed = watch.wait_for_line(before, "changed: build failed");
    assert!(failed.ends_with("the last good site is kept"), "{failed}");
    let log = watch.lines()[before..].join("\n");
    assert!(
        log.contains(&format!("{RECORD}:1:7: error: `name`")),
        "{log}"
    );
    assert!(read(page).contains("Ali Recreated"));

    // Fixed: built again.
    let before = watch.lines().len();
    fs::write(&record, person("Ali Fixed")).unwrap();
    watch.wait_for("the fix", shows("Ali Fixed"));
    watch.wait_for_line(before, &expected_line);

    // The settings file.
    let before = watch.lines().len();
    let settings = dir.path().join("boardpack.yaml");
    let text = read(&settings).replace("Test trust board report", "Renamed report");
    fs::write(&settings, text).unwrap();
    let index = out.join("index.html");
    watch.wait_for("the new title", |_| read(&index).contains("Renamed report"));
    watch.wait_for_line(before, "boardpack.yaml changed: rebuilt in ");

    // A themes folder made after the start is watched from then on.
    let before = watch.lines().len();
    let theme = dir.path().join("themes/default/static");
    fs::create_dir_all(&theme).unwrap();
    fs::write(theme.join("style.css"), "body { color: black }").unwrap();
    let css = out.join("static/style.css");
    watch.wait_for("the theme's stylesheet", |_| {
        read(&css).contains("color: black")
    });
    // The page is written before the line is printed.
    watch.wait_for_line(before, "changed: rebuilt in ");
    let before_edit = watch.lines().len();
    fs::write(theme.join("style.css"), "body { color: navy }").unwrap();
    watch.wait_for("the edited stylesheet", |_| {
        read(&css).contains("color: navy")
    });
    watch.wait_for_line(
        before_edit,
        "themes/default/static/style.css changed: rebuilt in ",
    );
}

#[test]
fn watch_and_serve_name_a_missing_project() {
    for command in ["watch", "serve"] {
        let output = Command::new(env!("CARGO_BIN_EXE_boardpack"))
            .args([command, "no-such-project", "--poll"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with("error: there is no project folder no-such-project\n"),
            "{stderr}"
        );
        // Not `boardpack check PATH` when the command was another.
        assert!(
            stderr.contains("or give its path after the command, as in `boardpack build PATH`"),
            "{stderr}"
        );
    }
}

/// `watch` stopped by `signal`: it says so, succeeds, and leaves the site in place.
fn watch_stops_cleanly_on(signal: &str) {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let mut watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let status = watch.stop_with(signal);
    assert!(status.success(), "{status:?}\n{}", watch.log());
    assert!(watch.log().ends_with("stopped"), "{}", watch.log());
    assert!(out.join("index.html").exists());
}

#[test]
fn watch_stops_cleanly_on_ctrl_c() {
    watch_stops_cleanly_on("INT");
}

/// Ctrl-C during the first build killed `watch` at once (its handler came after that
/// build), and one stopped while the old site was being removed left a folder every later
/// build refused. It is now handled from the start: `watch` ends as on any other Ctrl-C.
#[test]
fn watch_stops_cleanly_on_ctrl_c_during_its_first_build() {
    let dir = project();
    // A page that takes about a second to render.
    let slow = dir.path().join("themes/default/templates/404.html");
    fs::create_dir_all(slow.parent().unwrap()).unwrap();
    fs::write(
        &slow,
        "{% for i in range(end=90000) %}{% for j in range(end=400) %}{% endfor %}{% endfor %}Not found\n",
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let mut watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out), "--no-pdf"]);
    thread::sleep(Duration::from_millis(300));
    assert!(!watch.log().contains("watching"), "{}", watch.log());
    let status = watch.stop_with("INT");
    assert!(status.success(), "{status:?}\n{}", watch.log());
    assert!(watch.log().ends_with("stopped"), "{}", watch.log());
    let left: Vec<_> = fs::read_dir(out_dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|name| name.to_string_lossy().contains("boardpack-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Closing the terminal window (SIGHUP) stops it as Ctrl-C does, the pack and the exports
/// caught up first: it had stopped at once, the pages newer than the pack.
#[test]
fn watch_stops_cleanly_when_its_terminal_closes() {
    watch_stops_cleanly_on("HUP");
}

/// Started under `nohup` (SIGHUP ignored), a hang-up does not stop it: logging out of a
/// shared machine must not stop a preview left running.
#[test]
fn watch_under_nohup_outlives_a_hang_up() {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let mut watch = Running::start_ignoring_hangup(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let pid = watch.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );
    // Still watching: a save is built after the hang-up.
    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali After")).unwrap();
    watch.wait_for_line(before, "rebuilt in");
    assert!(watch.child.try_wait().unwrap().is_none(), "{}", watch.log());
    let status = watch.stop_with("INT");
    assert!(status.success(), "{status:?}\n{}", watch.log());
}

#[test]
fn watch_with_poll_sees_an_edit() {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out), "--poll"]);
    watch.wait_for_line(0, "watching");
    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali Polled")).unwrap();
    let page = out.join("people/ali-khan.html");
    watch.wait_for("the polled edit", |_| read(&page).contains("Ali Polled"));
    watch.wait_for_line(before, &format!("{RECORD} changed: rebuilt in "));
    // A second save within the same second: the poller compares contents, not only the
    // modification time, which it keeps in whole seconds.
    fs::write(dir.path().join(RECORD), person("Ali Again")).unwrap();
    watch.wait_for("the second polled edit", |_| {
        read(&page).contains("Ali Again")
    });
    // Papers have a poller of their own (comparing times, not hashing every paper four
    // times a second): a folder of papers made now, and a paper added to it later, are
    // seen; so is a record in a folder made now.
    let papers = dir.path().join("content/files/2026-09");
    fs::create_dir_all(&papers).unwrap();
    fs::write(papers.join("ipr.pdf"), "first").unwrap();
    watch.wait_for("the first paper", |_| {
        out.join("files/2026-09/ipr.pdf").is_file()
    });
    fs::write(papers.join("minutes.pdf"), "second").unwrap();
    watch.wait_for("the second paper", |_| {
        read(&out.join("files/2026-09/minutes.pdf")) == "second"
    });
    // A paper put back with an older time (`cp -p`, a restore): seen by its size and time,
    // where notify's poller waits for a newer time.
    let restored = papers.join("ipr.pdf");
    fs::write(&restored, "restored from last year's archive").unwrap();
    fs::File::options()
        .write(true)
        .open(&restored)
        .unwrap()
        .set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000))
        .unwrap();
    watch.wait_for("the restored paper", |_| {
        read(&out.join("files/2026-09/ipr.pdf")) == "restored from last year's archive"
    });
    let board = dir.path().join("content/people/board");
    fs::create_dir_all(&board).unwrap();
    fs::write(board.join("new-member.yaml"), person("New Member")).unwrap();
    watch.wait_for("a record in a new folder", |_| {
        out.join("people/new-member.html").is_file()
    });
}

/// A link into `/proc` is refused by the build, and the watcher does not follow it
/// either: it followed links itself, and one to `/proc/self` had it try to watch every
/// folder of the system until it stopped with "permission denied". A linked folder of
/// papers elsewhere is still watched, with and without `--poll`.
#[cfg(target_os = "linux")]
#[test]
fn watch_follows_links_as_the_build_does() {
    for poll in [false, true] {
        let dir = project();
        let elsewhere = tempfile::tempdir().unwrap();
        let papers = dir.path().join("content/files");
        fs::create_dir_all(&papers).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), papers.join("shared")).unwrap();
        std::os::unix::fs::symlink("/proc/self", papers.join("me")).unwrap();
        let out_dir = tempfile::tempdir().unwrap();
        let out = out_dir.path().join("site");
        let mut args = vec!["watch", arg(dir.path()), "--out", arg(&out)];
        if poll {
            args.push("--poll");
        }
        let watch = Running::start(&args);
        watch.wait_for_line(0, "watching");
        assert!(
            watch
                .log()
                .contains("content/files/me:1:1: error: this link leads to `/proc/self`"),
            "{}",
            watch.log()
        );
        fs::remove_file(papers.join("me")).unwrap();
        watch.wait_for("the build after the link went", |_| {
            out.join("index.html").is_file()
        });
        fs::write(elsewhere.path().join("minutes.pdf"), "minutes").unwrap();
        watch.wait_for("a paper saved in the linked folder", |_| {
            read(&out.join("files/shared/minutes.pdf")) == "minutes"
        });
    }

    // `content/` itself a link: watched where it leads.
    for poll in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = project();
        std::os::unix::fs::symlink(elsewhere.path().join("content"), dir.path().join("content"))
            .unwrap();
        let out_dir = tempfile::tempdir().unwrap();
        let out = out_dir.path().join("site");
        let mut args = vec!["watch", arg(dir.path()), "--out", arg(&out)];
        if poll {
            args.push("--poll");
        }
        // And a folder of papers linked from it.
        let papers = tempfile::tempdir().unwrap();
        let files = elsewhere.path().join("content/files");
        fs::create_dir_all(&files).unwrap();
        std::os::unix::fs::symlink(papers.path(), files.join("shared")).unwrap();
        let watch = Running::start(&args);
        watch.wait_for_line(0, "watching");
        fs::write(elsewhere.path().join(RECORD), person("Ali Linked")).unwrap();
        watch.wait_for("an edit in the linked content folder", |_| {
            read(&out.join("people/ali-khan.html")).contains("Ali Linked")
        });
        fs::write(papers.path().join("minutes.pdf"), "minutes").unwrap();
        watch.wait_for(
            "a paper in a folder linked from the linked content folder",
            |_| read(&out.join("files/shared/minutes.pdf")) == "minutes",
        );
    }
}

#[test]
fn watch_refuses_an_output_folder_inside_content() {
    let dir = project();
    let output = Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args([
            "watch",
            arg(dir.path()),
            "--out",
            arg(&dir.path().join("content/site")),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: refusing to write the site to "),
        "{stderr}"
    );
}

/// `boardpack.yaml` moved away during a session is warned of at every build while it is
/// gone: the report had silently become "Board report" with the default rules.
#[test]
fn watch_warns_when_the_settings_file_goes() {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    assert!(!watch.log().contains("is gone"), "{}", watch.log());
    let before = watch.lines().len();
    let settings = dir.path().join("boardpack.yaml");
    let kept = dir.path().join("boardpack.yaml.kept");
    fs::rename(&settings, &kept).unwrap();
    watch.wait_for_line(
        before,
        "warning: boardpack.yaml is gone: the report is built with the default settings",
    );
    let before = watch.lines().len();
    fs::rename(&kept, &settings).unwrap();
    watch.wait_for_line(before, "boardpack.yaml changed: rebuilt in ");
    assert!(
        !watch.lines()[before..]
            .iter()
            .any(|l| l.contains("is gone")),
        "{}",
        watch.log()
    );
}

/// A folder of something else is refused at once, as `build` refuses it: `watch` had gone
/// on watching, every save failing on it.
#[test]
fn watch_refuses_a_folder_it_did_not_write() {
    let dir = project();
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("index.html"), "precious").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(["watch", arg(dir.path()), "--out", arg(out.path())])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("was not written by boardpack; it is left alone"),
        "{stderr}"
    );
    assert_eq!(read(&out.path().join("index.html")), "precious");
}

/// `build --confidential` into the folder a public `watch` writes swapped in a site of its
/// own; each later save updated only the files watch knew of, so the confidential page
/// stayed, every save saying "rebuilt". The next save now writes the site whole.
#[test]
fn watch_rewrites_a_folder_another_build_replaced() {
    let dir = project();
    fs::write(
        dir.path().join("content/pages/secret.md"),
        "---\ntitle: Secret\nconfidential: true\n---\nSECRET-MARKER\n",
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out), "--no-pdf"]);
    watch.wait_for_line(0, "watching");
    let secret = out.join("pages/secret.html");
    assert!(!secret.exists());
    let built = Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args([
            "build",
            arg(dir.path()),
            "--out",
            arg(&out),
            "--confidential",
            "--no-pdf",
        ])
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0));
    assert!(read(&secret).contains("SECRET-MARKER"));
    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali Khan-Smith")).unwrap();
    watch.wait_for_line(before, "changed: rebuilt in ");
    let deadline = Instant::now() + PATIENCE;
    while secret.exists() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    assert!(!secret.exists(), "{}", watch.log());
    assert!(read(&out.join("people/ali-khan.html")).contains("Ali Khan-Smith"));
}

/// A paper put back from a backup with its old size and time (`cp -p`) kept the old copy
/// in the site: an update compared the size and time alone.
#[cfg(unix)]
#[test]
fn watch_copies_a_paper_replaced_with_its_old_size_and_time() {
    let dir = project();
    let paper = dir.path().join("content/files/2026-09/minutes.pdf");
    fs::create_dir_all(paper.parent().unwrap()).unwrap();
    fs::write(&paper, "%PDF one").unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out), "--no-pdf"]);
    watch.wait_for_line(0, "watching");
    let copied = out.join("files/2026-09/minutes.pdf");
    assert_eq!(read(&copied), "%PDF one");
    let time = fs::metadata(&paper).unwrap().modified().unwrap();
    let before = watch.lines().len();
    fs::write(&paper, "%PDF two").unwrap();
    fs::File::options()
        .write(true)
        .open(&paper)
        .unwrap()
        .set_modified(time)
        .unwrap();
    watch.wait_for_line(before, "rebuilt in ");
    let deadline = Instant::now() + PATIENCE;
    while read(&copied) != "%PDF two" && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(read(&copied), "%PDF two", "{}", watch.log());
}

/// A minimal HTTP/1.1 GET: the status and the body.
fn get(address: &str, path: &str) -> (u16, String) {
    get_as(address, address, path)
}

/// A GET to `address` that names `host` in its `Host` header.
fn get_as(address: &str, host: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

/// An open event stream; what it has received so far.
struct Events {
    received: Arc<Mutex<String>>,
    ended: Arc<Mutex<bool>>,
}

impl Events {
    fn open(address: &str, since: &str) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET /__boardpack/events?since={since} HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let received = Arc::new(Mutex::new(String::new()));
        let ended = Arc::new(Mutex::new(false));
        let (text, done) = (received.clone(), ended.clone());
        thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n) = stream.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                text.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
            *done.lock().unwrap() = true;
        });
        Events { received, ended }
    }

    fn reloads(&self) -> usize {
        self.received
            .lock()
            .unwrap()
            .matches("event: reload")
            .count()
    }
}

/// Starts `serve` on a port the system picks; its `host:port`.
fn serve(dir: &Path) -> (Running, String) {
    let server = Running::start(&["serve", arg(dir), "--port", "0"]);
    let line = server.wait_for_line(0, "serving the report at http://");
    let address = line
        .rsplit("http://")
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    (server, address)
}

/// The build a page was served from, as its reload script names it.
fn generation_of(page: &str) -> String {
    let (_, rest) = page.split_once("/__boardpack/events?since=").expect(page);
    rest.chars().take_while(char::is_ascii_digit).collect()
}

#[test]
fn serve_reloads_pages_shows_errors_over_the_last_good_site_and_stops_cleanly() {
    let dir = project();
    let (mut server, address) = serve(dir.path());
    assert!(server.log().contains("only this computer can open it"));

    let (status, index) = get(&address, "/");
    assert_eq!(status, 200);
    assert!(index.contains("<script>/* boardpack serve"), "{index}");
    let (status, css) = get(&address, "/static/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("<script>"));
    let (status, _) = get(&address, "/no-such-page.html");
    assert_eq!(status, 404);

    let events = Events::open(&address, &generation_of(&index));
    let record = dir.path().join(RECORD);
    fs::write(&record, person("Ali Served")).unwrap();
    server.wait_for("a reload event", |_| events.reloads() >= 1);
    let (_, page) = get(&address, "/people/ali-khan.html");
    assert!(page.contains("Ali Served"));

    // Broken: the last good page, with the report over it.
    fs::write(&record, "name: [\n").unwrap();
    server.wait_for("a second reload event", |_| events.reloads() >= 2);
    // A file event may come between the write's truncation and its text, so a build may
    // first see an empty record: wait for the build of the whole text.
    let expected = format!("{RECORD}:1:7: error: `name`");
    server.wait_for("the broken record's report", |_| {
        get(&address, "/people/ali-khan.html").1.contains(&expected)
    });
    let (status, page) = get(&address, "/people/ali-khan.html");
    assert_eq!(status, 200);
    assert!(page.contains("Ali Served"));
    assert!(page.contains("id=\"boardpack-error\""), "{page}");
    assert!(page.contains(&expected), "{page}");
    let (_, index) = get(&address, "/");
    assert!(index.contains("id=\"boardpack-error\""));

    // Fixed: the overlay is gone.
    let seen = events.reloads();
    fs::write(&record, person("Ali Fixed")).unwrap();
    server.wait_for("a reload event after the fix", |_| events.reloads() > seen);
    server.wait_for("the fixed page", |_| {
        get(&address, "/people/ali-khan.html")
            .1
            .contains("Ali Fixed")
    });
    let (_, page) = get(&address, "/people/ali-khan.html");
    assert!(page.contains("Ali Fixed"));
    assert!(!page.contains("boardpack-error"));

    // SIGTERM with a page still listening: the stream ends and the server exits cleanly.
    let status = server.stop_with("TERM");
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(server.log().ends_with("stopped"), "{}", server.log());
    server.wait_for("the event stream to end", |_| *events.ended.lock().unwrap());
}

/// A save that builds with warnings shows them on the served pages, folded at the foot:
/// a meeting dated after the report date is left out, and the page had reloaded without
/// it and without a word.
#[test]
fn serve_shows_a_builds_warnings_on_its_pages() {
    let dir = project();
    let (server, address) = serve(dir.path());
    let (_, index) = get(&address, "/");
    assert!(!index.contains("boardpack-warnings"), "{index}");
    fs::write(
        dir.path().join("content/meetings/board-2026-12.yaml"),
        "date: 2026-12-10\npresent: []\n",
    )
    .unwrap();
    server.wait_for("the warning on the page", |_| {
        get(&address, "/").1.contains("boardpack-warnings")
    });
    let (_, index) = get(&address, "/");
    assert!(
        index.contains("The report built with 1 warning: open to read"),
        "{index}"
    );
    assert!(
        index.contains("this meeting is dated after the report date"),
        "{index}"
    );
    // Warnings in a confidential record, or naming one, stay in the terminal: the pages
    // of a public preview say only how many.
    fs::write(
        dir.path().join("content/people/zq-secret.yaml"),
        "name: “Zq Secret”\nprofession: nurse\nconfidential: true\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("content/pages/zq.md"),
        "---\ntitle: Zq\n---\nSee [them](@/people/zq-secret).\n\n![Their photo](@/people/zq-secret)\n",
    )
    .unwrap();
    server.wait_for("the warnings counted on the page", |_| {
        get(&address, "/")
            .1
            .contains("records this preview leaves out")
    });
    let (_, index) = get(&address, "/");
    assert!(
        index.contains("The report built with 4 warnings: open to read"),
        "{index}"
    );
    assert!(
        index.contains("3 warnings about records this preview leaves out (drafts or confidential ones) are in the terminal only"),
        "{index}"
    );
    assert!(
        index.contains("this meeting is dated after the report date"),
        "{index}"
    );
    assert!(
        !index.contains("zq-secret") && !index.contains("Zq Secret"),
        "{index}"
    );
    assert!(
        server.log().contains("zq-secret") && server.log().contains("Zq Secret"),
        "{}",
        server.log()
    );
    fs::remove_file(dir.path().join("content/pages/zq.md")).unwrap();
    fs::remove_file(dir.path().join("content/people/zq-secret.yaml")).unwrap();
    fs::remove_file(dir.path().join("content/meetings/board-2026-12.yaml")).unwrap();
    server.wait_for("the warning gone", |_| {
        !get(&address, "/").1.contains("boardpack-warnings")
    });
}

#[test]
fn serve_shows_an_error_page_until_the_first_good_build() {
    let dir = project();
    let record = dir.path().join(RECORD);
    fs::write(&record, "name: [\n").unwrap();
    let (server, address) = serve(dir.path());
    assert!(
        server.log().contains("there is no site yet"),
        "{}",
        server.log()
    );
    let (status, page) = get(&address, "/board.html");
    assert_eq!(status, 503);
    assert!(page.contains("The report could not be built"));
    assert!(
        page.contains(&format!("{RECORD}:1:7: error: `name`")),
        "{page}"
    );

    let events = Events::open(&address, &generation_of(&page));
    fs::write(&record, person("Ali Khan")).unwrap();
    server.wait_for("a reload event", |_| events.reloads() >= 1);
    let (status, page) = get(&address, "/board.html");
    assert_eq!(status, 200);
    assert!(!page.contains("could not be built"));
}

/// `serve` shows the site from the root of its own address, whatever `base_url` says: its
/// 404 page's links and style sheet start at `/`, where they led to the published site
/// (a full address) or to nothing (a folder). A built site's 404 page keeps `base_url`.
#[test]
fn serves_404_page_links_within_the_preview() {
    for base_url in ["https://trust.example.nhs.uk/report/", "/board/"] {
        let dir = project();
        fs::write(
            dir.path().join("boardpack.yaml"),
            format!("title: Test trust board report\nas_of: 2026-09-30\nbase_url: {base_url}\n"),
        )
        .unwrap();
        let (_server, address) = serve(dir.path());
        let (status, page) = get(&address, "/initiatives/no-such-initiative.html");
        assert_eq!(status, 404);
        assert!(page.contains(r#"href="/static/style.css""#), "{page}");
        assert!(page.contains(r#"<a href="/index.html">"#), "{page}");
        assert!(page.contains(r#"action="/search.html""#), "{page}");
        assert!(!page.contains(base_url.trim_end_matches('/')), "{page}");
        let (status, _) = get(&address, "/static/style.css");
        assert_eq!(status, 200);

        let published = String::from_utf8(fresh_file(dir.path(), "404.html")).unwrap();
        assert!(
            published.contains(&format!(r#"href="{base_url}static/style.css""#)),
            "{published}"
        );
    }
}

#[test]
fn a_page_that_missed_a_build_reloads_as_soon_as_it_listens() {
    let dir = project();
    let (server, address) = serve(dir.path());
    let events = Events::open(&address, "0");
    server.wait_for("an immediate reload", |_| events.reloads() == 1);
}

#[test]
fn serve_reports_a_port_in_use() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = project();
    let output = Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(["serve", arg(dir.path()), "--port", &port])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        // Not at a place in a file: no `127.0.0.1:4077:1:1:` in front.
        stderr.starts_with(&format!("error: port {port} is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("help: stop the other program, or choose another port"));
    assert!(!stderr.contains("panicked"));
}

/// Issue 14: a page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) could
/// read a `--confidential` preview. Only requests for the preview's own address are answered.
#[test]
fn issue_14_serve_answers_only_its_own_address() {
    let dir = project();
    let (mut server, address) = serve(dir.path());
    let port = address.rsplit(':').next().unwrap();
    for host in [
        address.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _) = get_as(&address, &host, "/");
        assert_eq!(status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        "127.0.0.1:1".to_string(),
    ] {
        let (status, body) = get_as(&address, &host, "/");
        assert_eq!(status, 421, "{host}");
        assert!(
            body.starts_with("This preview answers only requests for its own address"),
            "{body}"
        );
        let (status, _) = get_as(&address, &host, "/__boardpack/events");
        assert_eq!(status, 421, "{host}");
    }
    server.stop_with("TERM");
}

/// Issue 17: an action, a meeting's agenda and a paper, added and changed while `watch`
/// and `serve` run, reach the action log, the meeting's page and the paper's address.
#[test]
fn issue_17_watch_and_serve_follow_governance_records_and_papers() {
    let dir = project();
    let root = dir.path();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(root), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let (server, address) = serve(root);

    fs::create_dir_all(root.join("content/actions")).unwrap();
    let before_action = watch.lines().len();
    fs::write(
        root.join("content/actions/follow-up.yaml"),
        "title: Follow up WATCHED-ACTION\nmeeting: board-2026-09\nowner: jo-bell\ndue: 2026-10-31\n",
    )
    .unwrap();
    let log = out.join("actions.html");
    watch.wait_for("the new action", |_| read(&log).contains("WATCHED-ACTION"));
    server.wait_for("the served action", |_| {
        get(&address, "/actions.html").1.contains("WATCHED-ACTION")
    });
    // The action log is in the pack: its build follows the save's; the next step starts
    // after it.
    watch.wait_for_line(before_action, "the board pack: rebuilt in ");

    fs::create_dir_all(root.join("content/files/2026-09")).unwrap();
    fs::write(root.join("content/files/2026-09/paper.pdf"), "%PDF first").unwrap();
    let meeting = root.join("content/meetings/board-2026-09.yaml");
    let text = read(&meeting);
    let before_agenda = watch.lines().len();
    fs::write(
        &meeting,
        format!("{text}agenda:\n  - {{ item: \"1\", title: WATCHED-ITEM, purpose: discussion, paper: files/2026-09/paper.pdf }}\n"),
    )
    .unwrap();
    let page = out.join("meetings/board-2026-09.html");
    let copied = out.join("files/2026-09/paper.pdf");
    watch.wait_for("the agenda", |_| read(&page).contains("WATCHED-ITEM"));
    watch.wait_for("the paper", |_| read(&copied) == "%PDF first");
    // The pack shows the agenda: let its build, after the save's, finish before the next
    // edit, or it would read the folder as the next steps leave it.
    watch.wait_for_line(before_agenda, "the board pack: rebuilt in ");
    server.wait_for("the served paper", |_| {
        get(&address, "/files/2026-09/paper.pdf").1 == "%PDF first"
    });

    // A paper edited in place: copied again, and served as it is now.
    fs::write(
        root.join("content/files/2026-09/paper.pdf"),
        "%PDF second, longer",
    )
    .unwrap();
    watch.wait_for("the edited paper", |_| {
        read(&copied) == "%PDF second, longer"
    });
    server.wait_for("the edited paper served", |_| {
        get(&address, "/files/2026-09/paper.pdf").1 == "%PDF second, longer"
    });
    // A paper is served in part when asked, as a browser's PDF viewer asks (it was read
    // whole, for every request, and the range ignored).
    let mut stream = TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET /files/2026-09/paper.pdf HTTP/1.1\r\nHost: {address}\r\nRange: bytes=5-10\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 206"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-range: bytes 5-10/19"),
        "{head}"
    );
    assert_eq!(body, "second");

    // A paper that goes while a meeting names it: an error at the line, the site kept.
    let before = watch.lines().len();
    fs::remove_file(root.join("content/files/2026-09/paper.pdf")).unwrap();
    let failed = watch.wait_for_line(before, "changed: build failed");
    assert!(failed.ends_with("the last good site is kept"), "{failed}");
    assert!(
        watch.lines()[before..]
            .join("\n")
            .contains("content/meetings/board-2026-09.yaml:6:"),
        "{}",
        watch.log()
    );
    assert_eq!(read(&copied), "%PDF second, longer");
}

/// `serve --open` opens the report in the browser `$BROWSER` names (as the system's default
/// would be), once it is served; a browser that cannot be started is a warning, not a stop.
#[test]
fn issue_19_serve_open_opens_the_report() {
    let dir = project();
    let opened = dir.path().join("opened.txt");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let open = [
        "serve",
        arg(dir.path()),
        "--port",
        "0",
        "--open",
        "--no-pdf",
    ];
    let server = Running::start_with(&open, &[("BROWSER", browser.to_str().unwrap())]);
    let line = server.wait_for_line(0, "serving the report at http://");
    let url = line.rsplit(' ').next().unwrap().to_string();
    server.wait_for("the browser to be opened", |_| {
        std::fs::read_to_string(&opened).is_ok_and(|text| text.trim() == url)
    });
    let (status, page) = get(url.trim_start_matches("http://").trim_end_matches('/'), "/");
    assert_eq!(status, 200, "{page}");
    drop(server);

    let server = Running::start_with(&open, &[("BROWSER", "/no/such/browser")]);
    server.wait_for_line(0, "warning: could not open a web browser");
    server.wait_for_line(0, "serving the report at http://");
}

/// Listening on every address, `serve` says the address others on the network use, which
/// answers; `localhost` is only this computer's. (Said only where the computer has a
/// network address: a machine with none has nothing to say.)
#[test]
fn serve_on_every_address_names_the_network_one() {
    let dir = project();
    let server = Running::start(&[
        "serve",
        arg(dir.path()),
        "--bind",
        "0.0.0.0",
        "--port",
        "0",
        "--no-pdf",
    ]);
    server.wait_for_line(0, "watching ");
    let lines = server.lines();
    let local = lines
        .iter()
        .find(|l| l.starts_with("serving the report at http://localhost:"));
    assert!(local.is_some(), "{}", server.log());
    // Whether this machine has a route out, asked as a secretary's machine would be.
    let routed = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| {
            socket.connect("192.0.2.1:9")?;
            socket.local_addr()
        })
        .is_ok_and(|at| !at.ip().is_loopback() && !at.ip().is_unspecified());
    let shared = lines
        .iter()
        .find_map(|l| l.strip_prefix("others on your network open it at http://"));
    assert_eq!(shared.is_some(), routed, "{}", server.log());
    if let Some(shared) = shared {
        let address = shared.trim_end_matches('/');
        assert!(
            !address.starts_with("127.") && !address.starts_with("localhost"),
            "{address}"
        );
        let (status, page) = get(address, "/");
        assert_eq!(status, 200, "{page}");
    }
}

/// A file of the site a fresh `build` of `project` makes.
fn fresh_file(project: &Path, path: &str) -> Vec<u8> {
    fresh_file_with(project, path, &[])
}

/// [`fresh_file`], built with `flags` as well.
fn fresh_file_with(project: &Path, path: &str, flags: &[&str]) -> Vec<u8> {
    let fresh = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(["build", "-q", arg(project), "--out", arg(fresh.path())])
        .args(flags)
        .status()
        .unwrap();
    assert!(status.success());
    fs::read(fresh.path().join(path)).unwrap()
}

/// The board pack a fresh `build` of `project` makes.
fn fresh_pack(project: &Path) -> Vec<u8> {
    fresh_file(project, "board-pack.pdf")
}

/// `watch` tells each build which paths its watcher saw change, and the build looks at
/// those record files alone. In check mode (`BOARDPACK_VERIFY_CACHE=1`) each such load is
/// compared with a look at every file and a difference fails the build, so saves of each
/// shape must leave no failed build and the site as the files are.
#[test]
fn issue_20_watch_looks_only_at_what_changed_and_misses_nothing() {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start_with(
        &["watch", arg(dir.path()), "--out", arg(&out)],
        &[("BOARDPACK_VERIFY_CACHE", "1")],
    );
    watch.wait_for_line(0, "watching");

    // Each change waits for the builds after the last, so each build is told of its own
    // change alone.
    let settled = |before: usize| {
        watch.wait_for_line(before, " changed: rebuilt in ");
        watch.wait_for_line(before, "the board pack: rebuilt in ");
    };
    // Saved as many editors save, by a rename over the file, so no build can read a
    // file half-written (check mode would report the two looks differing).
    let save = |path: &Path, text: String| {
        let temp = path.with_file_name(".boardpack-test-save");
        fs::write(&temp, text).unwrap();
        fs::rename(&temp, path).unwrap();
    };
    let page = out.join("people/ali-khan.html");
    let before = watch.lines().len();
    save(&dir.path().join(RECORD), person("Ali Edited"));
    watch.wait_for("the edit", |_| read(&page).contains("Ali Edited"));
    settled(before);

    // A folder made with a record in it.
    let before = watch.lines().len();
    let folder = dir.path().join("content/people/board.2026");
    fs::create_dir(&folder).unwrap();
    save(&folder.join("kit-may.yaml"), person("Kit May"));
    let kit = out.join("people/kit-may.html");
    watch.wait_for("the new folder's record", |_| {
        read(&kit).contains("Kit May")
    });
    settled(before);

    // Moved out of content/ whole: one event for the folder, none for its file, and a
    // name that looks like a file's. The build after the move itself must drop the
    // record (the board pack's build after it would hide a miss).
    let before = watch.lines().len();
    fs::rename(&folder, dir.path().join("board.2026")).unwrap();
    watch.wait_for("the moved folder's record to go", |_| !kit.exists());
    let moved = watch.wait_for_line(before, "content/people/board.2026 changed: rebuilt in ");
    assert!(moved.ends_with(", 45 files"), "{}", watch.log());

    // Edited again, after the folders were walked again.
    let before = watch.lines().len();
    save(&dir.path().join(RECORD), person("Ali Again"));
    watch.wait_for("the second edit", |_| read(&page).contains("Ali Again"));
    watch.wait_for_line(before, &format!("{RECORD} changed: rebuilt in "));

    let log = watch.log();
    assert!(!log.contains("failed"), "{log}");
    assert!(!log.contains("differ"), "{log}");
}

/// A save shows at once: `watch` writes the pages with the board pack, the search index
/// and the exports as they were, then brings them up to date in a build of their own, the
/// same bytes a fresh build makes.
#[test]
fn issue_20_watch_writes_pages_first_and_the_pack_straight_after() {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let pack = out.join("board-pack.pdf");
    let first = fs::read(&pack).unwrap();

    // Ali Khan leads an initiative, so the pack shows the name.
    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali Packed")).unwrap();
    let save = watch.wait_for_line(before, &format!("{RECORD} changed: rebuilt in "));
    let index = watch.wait_for_line(before, "the search index and exports: rebuilt in ");
    let caught_up = watch.wait_for_line(before, "the board pack: rebuilt in ");
    let lines = watch.lines();
    let at = |line: &str| lines.iter().position(|l| l == line).unwrap();
    assert!(at(&save) < at(&index), "{}", watch.log());
    assert!(at(&index) < at(&caught_up), "{}", watch.log());
    assert!(read(&out.join("people/ali-khan.html")).contains("Ali Packed"));
    let made = fs::read(&pack).unwrap();
    assert_ne!(made, first);

    // The same bytes a fresh build makes.
    assert_eq!(made, fresh_pack(dir.path()));
    let index = fs::read(out.join("search-index.js")).unwrap();
    assert!(String::from_utf8_lossy(&index).contains("Ali Packed"));
    assert_eq!(index, fresh_file(dir.path(), "search-index.js"));
}

/// In `serve`, bringing the pack up to date after a save reloads no page: the pages did
/// not change. The pack served is then the new one.
#[test]
fn issue_20_serve_brings_the_pack_up_to_date_without_a_second_reload() {
    let dir = project();
    let (server, address) = serve(dir.path());
    let (_, index) = get(&address, "/");
    let events = Events::open(&address, &generation_of(&index));
    let before = server.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali Served")).unwrap();
    server.wait_for_line(before, "board pack: rebuilt in ");
    server.wait_for("a reload event", |_| events.reloads() >= 1);
    thread::sleep(Duration::from_millis(300));
    assert_eq!(events.reloads(), 1, "{}", events.received.lock().unwrap());
    let pdf = std::net::TcpStream::connect(&address).and_then(|mut stream| {
        write!(
            stream,
            "GET /board-pack.pdf HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )?;
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes)?;
        Ok(bytes)
    });
    let pdf = pdf.unwrap();
    let body = &pdf[pdf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
    assert_eq!(body, fresh_pack(dir.path()));
}

/// Stopping `watch` just after a save waits for the pack and search index that save made
/// out of date: the folder is never left with pages newer than them.
#[test]
fn issue_20_watch_stopped_after_a_save_leaves_a_consistent_pack() {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let mut watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali Stopped")).unwrap();
    watch.wait_for_line(before, &format!("{RECORD} changed: rebuilt in "));
    let status = watch.stop_with("INT");
    assert!(status.success(), "{}", watch.log());
    assert_eq!(
        fs::read(out.join("board-pack.pdf")).unwrap(),
        fresh_pack(dir.path()),
        "{}",
        watch.log()
    );
    assert_eq!(
        fs::read(out.join("search-index.js")).unwrap(),
        fresh_file(dir.path(), "search-index.js"),
        "{}",
        watch.log()
    );
}

/// Gives `project` a pack layout that takes about a second to typeset.
fn give_a_slow_pack(project: &Path) {
    let layout = project.join("themes/default/pdf/board-pack.typ");
    fs::create_dir_all(layout.parent().unwrap()).unwrap();
    fs::write(
        &layout,
        "#set document(title: \"Pack\")\n#set text(lang: \"en\")\n#let data = json(\"/data.json\")\n#let n = 0\n#for i in range(8000000) { n += 1 }\nA pack.\n",
    )
    .unwrap();
}

/// A save made while the pack of the save before it is being made, then a stop at once:
/// the waiting save is built before `watch` ends. It was dropped without a word, and a
/// record made confidential kept its page in the folder.
#[test]
fn watch_stopped_with_a_save_waiting_builds_it_first() {
    let dir = project();
    // So the second save comes while the pack is made.
    give_a_slow_pack(dir.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let mut watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali First")).unwrap();
    watch.wait_for_line(before, &format!("{RECORD} changed: rebuilt in "));
    fs::write(
        dir.path().join(RECORD),
        format!("{}confidential: true\n", person("Ali Hidden")),
    )
    .unwrap();
    // Past the quiet spell that ends a save's events, so the save is waiting.
    thread::sleep(Duration::from_millis(200));
    let status = watch.stop_with("INT");
    assert!(status.success(), "{}", watch.log());
    let page = out.join("people/ali-khan.html");
    assert!(
        !page.exists(),
        "the page of a record made confidential: {}",
        watch.log()
    );
    assert_eq!(
        fs::read(out.join("search-index.js")).unwrap(),
        fresh_file(dir.path(), "search-index.js"),
        "{}",
        watch.log()
    );
}

/// A stop while saves keep coming (an editor that saves every few seconds, a sync tool)
/// builds the saves made before it and ends: `watch` waited for a quiet moment that never
/// came, and Ctrl-C did nothing more.
#[test]
fn watch_stops_while_saves_keep_coming() {
    let dir = project();
    // So every save finds the one before it being made.
    give_a_slow_pack(dir.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let mut watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let saving = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let saver = {
        let (saving, record) = (saving.clone(), dir.path().join(RECORD));
        thread::spawn(move || {
            let mut n = 0;
            while saving.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                fs::write(&record, person(&format!("Ali Save{n}"))).unwrap();
                thread::sleep(Duration::from_millis(150));
            }
        })
    };
    let before = watch.lines().len();
    watch.wait_for_line(before, &format!("{RECORD} changed: rebuilt in "));
    // `stop_with` fails the test if the process has not ended within its patience.
    let status = watch.stop_with("INT");
    saving.store(false, std::sync::atomic::Ordering::SeqCst);
    saver.join().unwrap();
    assert!(status.success(), "{}", watch.log());
    assert!(watch.log().contains("stopped"), "{}", watch.log());
}

/// When the build that follows a save fails on the pack (a layout that breaks on some
/// records' data), the search index and the exports are still brought up to date, with
/// the pack as it was: the folder is not left with an index older than its pages.
#[test]
fn issue_20_a_pack_that_fails_after_a_save_leaves_the_index_up_to_date() {
    let dir = project();
    let layout = dir.path().join("themes/default/pdf/board-pack.typ");
    fs::create_dir_all(layout.parent().unwrap()).unwrap();
    fs::write(
        &layout,
        "#set document(title: \"Pack\")\n#set text(lang: \"en\")\n#let data = json(\"/data.json\")\n#if repr(data).contains(\"Ali Fails\") { panic(\"no pack for this one\") }\nA pack.\n",
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let pack = fs::read(out.join("board-pack.pdf")).unwrap();

    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali Fails")).unwrap();
    watch.wait_for_line(before, &format!("{RECORD} changed: rebuilt in "));
    watch.wait_for_line(before, "the search index and exports: rebuilt in ");
    watch.wait_for_line(before, "the board pack: build failed");
    let index = fs::read(out.join("search-index.js")).unwrap();
    assert!(
        String::from_utf8_lossy(&index).contains("Ali Fails"),
        "{}",
        watch.log()
    );
    assert_eq!(
        index,
        fresh_file_with(dir.path(), "search-index.js", &["--no-pdf"])
    );
    let attendance = fs::read(out.join("data/attendance.csv")).unwrap();
    assert!(String::from_utf8_lossy(&attendance).contains("Ali Fails"));
    assert_eq!(
        attendance,
        fresh_file_with(dir.path(), "data/attendance.csv", &["--no-pdf"])
    );
    assert_eq!(fs::read(out.join("board-pack.pdf")).unwrap(), pack);
}

/// While the pack's layout is broken, a save gives one result, a failed build, not a
/// rebuilt site and then a failure; once the layout is mended, saves defer the pack again.
#[test]
fn issue_20_a_broken_pack_layout_fails_each_save_once() {
    let dir = project();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let layout = dir.path().join("themes/default/pdf/board-pack.typ");
    fs::create_dir_all(layout.parent().unwrap()).unwrap();
    let before = watch.lines().len();
    fs::write(
        &layout,
        "#let data = json(\"/data.json\")\n#data.no_such_field\n",
    )
    .unwrap();
    watch.wait_for_line(before, "the board pack: build failed");

    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali Broken")).unwrap();
    watch.wait_for_line(before, &format!("{RECORD} changed: build failed"));
    thread::sleep(Duration::from_millis(300));
    let after = watch.lines()[before..].join("\n");
    assert!(!after.contains("rebuilt in"), "{after}");

    let before = watch.lines().len();
    fs::remove_file(&layout).unwrap();
    watch.wait_for_line(before, "rebuilt in ");
    let before = watch.lines().len();
    fs::write(dir.path().join(RECORD), person("Ali Mended")).unwrap();
    watch.wait_for_line(before, &format!("{RECORD} changed: rebuilt in "));
    watch.wait_for_line(before, "board pack: rebuilt in ");
}

/// The resident memory of a running process, in bytes, from Linux's `/proc`.
#[cfg(target_os = "linux")]
fn resident(pid: u32) -> u64 {
    let status = read(Path::new(&format!("/proc/{pid}/status")));
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("no VmRSS in /proc/<pid>/status");
    kb * 1024
}

/// A long `watch` session does not grow with every save: Typst keeps only what the last
/// pack used. Before, each pack of the example added its layout to the last (about 12 MB a
/// save here, 130 MB at 10,000 initiatives), so an author's session ran out of memory.
#[test]
#[cfg(target_os = "linux")]
fn issue_20_watch_keeps_no_more_of_old_packs_than_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::common::copy_tree(&root.join("content"), &dir.path().join("content"));
    fs::copy(
        root.join("boardpack.yaml"),
        dir.path().join("boardpack.yaml"),
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let watch = Running::start(&["watch", arg(dir.path()), "--out", arg(&out)]);
    watch.wait_for_line(0, "watching");
    let measure = dir.path().join("content/measures/management-time.yaml");
    let text = read(&measure);
    // Read after each save; the least of three in a row, so a pack a second file event
    // started, still being typeset, cannot tip the comparison.
    let mut readings = Vec::new();
    for save in 0..14 {
        let before = watch.lines().len();
        // A new title each time: the pack's contents, summary and chart page change.
        let title = format!("title: Consultants with management time, version {save}");
        let edited = text.replacen(
            "title: Consultants with management time in their job plan",
            &title,
            1,
        );
        assert_ne!(edited, text);
        fs::write(&measure, edited).unwrap();
        watch.wait_for_line(before, "the board pack: rebuilt in ");
        readings.push(resident(watch.child.id()));
    }
    let settled = readings[2..5].iter().min().unwrap();
    let last = readings[11..14].iter().min().unwrap();
    let grown = last.saturating_sub(*settled);
    assert!(
        grown < 48 << 20,
        "watch grew by {} MB over 9 saves",
        grown >> 20
    );
}
