//! Writing a built site: every file goes to a staging folder next to the target, and the
//! target is replaced only once all of them are written, so a failed build leaves the
//! previous site as it was. boardpack only deletes folders that hold its marker file.

use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Marks a folder as written by boardpack, and so safe for it to replace.
pub const MARKER: &str = ".boardpack-site";

const MARKER_TEXT: &str = "This folder is written by boardpack. `boardpack build` deletes and replaces it on every build.\n";

/// Refuses output folders whose replacement would destroy the project or more: the project
/// itself, its `content/` or `themes/` (or anything inside them), a folder holding any of
/// these, and the filesystem root.
pub fn check_target(out: &Path, project: &Path) -> Result<(), Diagnostic> {
    let out_abs = resolve(out);
    let project_abs = resolve(project);
    let refuse = |why: &str| {
        Err(Diagnostic::file_error(
            out.display().to_string(),
            format!("refusing to write the site here: {why}"),
        )
        .with_help("choose an output folder of its own, such as `--out site`"))
    };
    if out_abs.parent().is_none() {
        return refuse("this is the filesystem root");
    }
    if project_abs.starts_with(&out_abs) {
        return refuse("this folder holds the project, which would be replaced");
    }
    for protected in ["content", "themes"] {
        if out_abs.starts_with(project_abs.join(protected)) {
            return refuse(&format!(
                "this is inside the project's `{protected}` folder"
            ));
        }
    }
    if out_abs.starts_with(project_abs.join(crate::config::FILE)) {
        return refuse("this is the project's settings file");
    }
    Ok(())
}

/// Writes `files` (`/`-separated paths relative to the site, and their bytes) as the whole
/// contents of `out`, replacing what is there only if boardpack made it.
pub fn publish(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Diagnostic> {
    let shown = out.display().to_string();
    let fail = |what: &str, path: &Path, error: io::Error| {
        Diagnostic::file_error(
            shown.clone(),
            format!("could not {what} {}: {error}", path.display()),
        )
    };
    let existing = match inspect(out).map_err(|e| fail("read", out, e))? {
        Existing::Foreign => {
            return Err(Diagnostic::file_error(
                shown.clone(),
                "this folder exists, is not empty and was not written by boardpack; it is left alone",
            )
            .with_help(format!(
                "move it away or choose another `--out`; boardpack only replaces folders holding its `{MARKER}` file"
            )));
        }
        Existing::File => {
            return Err(Diagnostic::file_error(
                shown.clone(),
                "this is a file, not a folder; it is left alone",
            )
            .with_help("choose another `--out`"));
        }
        replaceable => replaceable,
    };

    let staging = sibling(out, "staging");
    let old = sibling(out, "old");
    for leftover in [&staging, &old] {
        clear_leftover(leftover).map_err(|e| fail("remove the leftover", leftover, e))?;
    }
    let written = write_all(&staging, files);
    if let Err((path, error)) = written {
        // Best effort: the staging folder is ours and holds nothing of value.
        let _ = fs::remove_dir_all(&staging);
        return Err(fail("write", &path, error));
    }

    match existing {
        Existing::Ours => {
            fs::rename(out, &old).map_err(|e| fail("move aside", out, e))?;
            if let Err(error) = fs::rename(&staging, out) {
                // Put the previous site back before reporting.
                let _ = fs::rename(&old, out);
                let _ = fs::remove_dir_all(&staging);
                return Err(fail("replace", out, error));
            }
            fs::remove_dir_all(&old).map_err(|e| fail("remove the previous site at", &old, e))?;
        }
        Existing::Empty => {
            fs::remove_dir(out).map_err(|e| fail("replace the empty folder", out, e))?;
            fs::rename(&staging, out).map_err(|e| fail("create", out, e))?;
        }
        Existing::Missing => {
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(|e| fail("create", parent, e))?;
            }
            fs::rename(&staging, out).map_err(|e| fail("create", out, e))?;
        }
        // Refused above, before anything was written.
        Existing::Foreign | Existing::File => {}
    }
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
enum Existing {
    Missing,
    Empty,
    Ours,
    Foreign,
    File,
}

fn inspect(out: &Path) -> io::Result<Existing> {
    match fs::metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Existing::Missing),
        Err(e) => Err(e),
        Ok(meta) if !meta.is_dir() => Ok(Existing::File),
        Ok(_) if out.join(MARKER).is_file() => Ok(Existing::Ours),
        Ok(_) if fs::read_dir(out)?.next().is_none() => Ok(Existing::Empty),
        Ok(_) => Ok(Existing::Foreign),
    }
}

/// `.name.boardpack-<what>` beside `out`, on the same filesystem so renames are atomic.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.boardpack-{what}"))
}

/// A staging or old folder left by an interrupted build is removed, but only if it is ours.
fn clear_leftover(path: &Path) -> io::Result<()> {
    match inspect(path)? {
        Existing::Missing => Ok(()),
        Existing::Ours | Existing::Empty => fs::remove_dir_all(path),
        Existing::Foreign | Existing::File => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "it exists and was not written by boardpack",
        )),
    }
}

fn write_all(root: &Path, files: &[(String, Vec<u8>)]) -> Result<(), (PathBuf, io::Error)> {
    fs::create_dir_all(root).map_err(|e| (root.to_path_buf(), e))?;
    let marker = root.join(MARKER);
    fs::write(&marker, MARKER_TEXT).map_err(|e| (marker, e))?;
    let mut paths = Vec::with_capacity(files.len());
    let mut folders = BTreeSet::new();
    for (relative, _) in files {
        let path = root.join(safe_relative(relative).ok_or_else(|| {
            (
                root.join(relative),
                io::Error::new(io::ErrorKind::InvalidInput, "not a path inside the site"),
            )
        })?);
        if let Some(parent) = path.parent() {
            folders.insert(parent.to_path_buf());
        }
        paths.push(path);
    }
    for folder in folders {
        fs::create_dir_all(&folder).map_err(|e| (folder, e))?;
    }
    // Thousands of small files: writing them on every core roughly halves the time. The
    // error reported is the first by path, as a serial write would report.
    let failures: Vec<(PathBuf, io::Error)> = paths
        .par_iter()
        .zip(files)
        .filter_map(|(path, (_, bytes))| fs::write(path, bytes).err().map(|e| (path.clone(), e)))
        .collect();
    match failures.into_iter().min_by(|a, b| a.0.cmp(&b.0)) {
        Some(failure) => Err(failure),
        None => Ok(()),
    }
}

/// A site path made only of plain names: no root, no `..`, nothing that leaves the folder.
fn safe_relative(relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    (plain && !relative.is_empty()).then(|| path.to_path_buf())
}

/// An absolute path with symlinks resolved as far as the path exists, and `.`/`..` removed
/// from the rest, so two spellings of one folder compare equal.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut resolved = real;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::CurDir => {}
                    other => resolved.push(other),
                }
            }
            return resolved;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Vec<(String, Vec<u8>)> {
        vec![
            ("index.html".into(), text.as_bytes().to_vec()),
            ("data/indicators.json".into(), b"{}".to_vec()),
        ]
    }

    #[test]
    fn writes_then_replaces_its_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("one")).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(out.join(MARKER).is_file());
        fs::write(out.join("stale.html"), "old page").unwrap();
        publish(&out, &files("two")).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(
            !out.join("stale.html").exists(),
            "the old site is replaced whole"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"], "no staging or old folder is left behind");
    }

    #[test]
    fn leaves_a_folder_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let problem = publish(&out, &files("x")).unwrap_err();
        assert!(
            problem.message.contains("was not written by boardpack"),
            "{}",
            problem.message
        );
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert!(!out.join("index.html").exists());
    }

    #[test]
    fn an_empty_folder_or_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        publish(&empty, &files("x")).unwrap();
        assert!(empty.join("index.html").is_file());
        let file = dir.path().join("file");
        fs::write(&file, "text").unwrap();
        assert!(
            publish(&file, &files("x"))
                .unwrap_err()
                .message
                .contains("is a file")
        );
        assert_eq!(fs::read_to_string(&file).unwrap(), "text");
    }

    #[test]
    fn a_failed_write_keeps_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        publish(&out, &files("good")).unwrap();
        let bad = vec![("../escape.html".to_string(), b"x".to_vec())];
        assert!(publish(&out, &bad).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "good");
        assert!(!dir.path().join("escape.html").exists());
        assert!(!dir.path().join(".site.boardpack-staging").exists());
    }

    #[test]
    fn refuses_targets_that_would_replace_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("report");
        fs::create_dir_all(project.join("content/people")).unwrap();
        for bad in [
            project.clone(),
            project.join("content"),
            project.join("content/people/site"),
            project.join("themes/default"),
            dir.path().to_path_buf(),
            project.join("content/../.."),
            PathBuf::from("/"),
        ] {
            assert!(
                check_target(&bad, &project).is_err(),
                "{} should be refused",
                bad.display()
            );
        }
        for good in [
            project.join("site"),
            dir.path().join("elsewhere"),
            project.join("content/../site"),
        ] {
            assert!(check_target(&good, &project).is_ok(), "{}", good.display());
        }
    }

    #[test]
    fn site_paths_stay_inside() {
        assert!(safe_relative("a/b.html").is_some());
        for bad in ["../x", "/etc/passwd", "", "a/../../x"] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }
}
