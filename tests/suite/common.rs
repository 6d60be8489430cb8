//! The harness: fixture projects copied into temp folders, invalid ones laid over the
//! valid one, and folders read back for comparison.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A project's `boardpack.yaml` and `content/` copied to a new temp folder.
pub fn project_copy(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        root.join("boardpack.yaml"),
        dir.path().join("boardpack.yaml"),
    )
    .unwrap();
    copy_tree(&root.join("content"), &dir.path().join("content"));
    dir
}

/// Every file under `dir` and its bytes, by path relative to `dir`.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

/// Copies the folder `from` (files and sub-folders) to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The fixture project `name` under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A private copy of a fixture project that a test may change.
pub fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), dir.path());
    dir
}

/// The invalid fixture `name`: the valid project with the files of
/// `tests/fixtures/invalid/<name>/` laid over it. Each holds only what it changes.
pub fn invalid(name: &str) -> tempfile::TempDir {
    let dir = copy_of("valid");
    copy_tree(&fixture(&format!("invalid/{name}")), dir.path());
    dir
}

/// The valid fixture with `files` (paths from the project folder) written over it.
pub fn valid_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let project = copy_of("valid");
    for (path, text) in files {
        let path = project.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    project
}

/// Builds `project` with `flags` into a new folder: the folder, and the build's standard
/// error. A failed build fails the test, showing what it printed.
pub fn build(project: &Path, flags: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = assert_cmd::Command::cargo_bin("boardpack")
        .unwrap()
        .arg("build")
        .args(flags)
        .arg("--out")
        .arg(dir.path())
        .arg(project)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "build failed:\n{stderr}");
    (dir, stderr)
}

/// Gives `project` a theme `broken` whose board page names a field no view has, and
/// makes `boardpack.yaml` use it: the build fails with a template error at that page,
/// after other pages may have been rendered (and written).
pub fn use_a_broken_theme(project: &Path) {
    let templates = project.join("themes/broken/templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("board.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.no_such_field }}{% endblock content %}",
    )
    .unwrap();
    fs::write(
        project.join("boardpack.yaml"),
        "title: T\nas_of: 2026-09-30\ntheme: broken\n",
    )
    .unwrap();
}

/// What a build left beside its output in `folder`: staging or old folders.
pub fn left_beside(folder: &Path) -> Vec<String> {
    fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".boardpack-"))
        .collect()
}

/// The built `boardpack` binary, ready for arguments.
pub fn boardpack() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("boardpack").expect("the boardpack binary is built")
}

/// What a run of `boardpack` gave: its exit code and what it printed.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `boardpack` with `args` on `project`; a panic fails the test.
pub fn run(args: &[&str], project: &Path) -> Run {
    let output = boardpack().args(args).arg(project).output().unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "boardpack panicked:\n{}",
        run.stderr
    );
    run
}

/// Runs `check` on `project`.
pub fn check(project: &Path) -> Run {
    run(&["check"], project)
}
