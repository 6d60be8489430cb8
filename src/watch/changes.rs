//! Which changed paths need a rebuild, and of what kind. Pure: the watcher hands in the
//! paths of one batch of events and says what is at each now; nothing here reads files.

use crate::config;
use crate::load::{self, Touched};
use notify::EventKind;
use notify::event::{AccessKind, AccessMode};
use std::collections::BTreeSet;
use std::path::{Component, Path};

/// The part of the project a change touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    Config,
    Content,
    Theme,
}

/// One batch of events that needs one rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub areas: BTreeSet<Area>,
    /// The changed paths, relative to the project with `/` separators, temp files left out.
    pub paths: BTreeSet<String>,
    /// Paths in `content/` with no extension, or gone and named like a file the loader
    /// skips: a folder moved away, or a temp file such as vim's `4913`, sed's `sedAb12Cd`
    /// or Qt's `jo.yaml.AbCdEf`. They count, but are not named when there is anything
    /// else to name.
    pub gone: BTreeSet<String>,
    /// The watcher lost events (its queue overflowed) and cannot say what changed.
    pub rescan: bool,
    /// Every path the watcher saw change since the last change it returned, including
    /// those that needed no rebuild of their own, for the next build to look at (the
    /// watcher fills it in; unknown after lost events).
    pub touched: Touched,
}

impl Change {
    /// A change of unknown extent, after the watcher lost events.
    pub fn everything() -> Change {
        Change {
            areas: [Area::Config, Area::Content, Area::Theme].into(),
            paths: BTreeSet::new(),
            gone: BTreeSet::new(),
            rescan: true,
            touched: Touched::Unknown,
        }
    }

    /// `content/people/jo.yaml changed`, `a, b and 3 other files changed`.
    pub fn describe(&self) -> String {
        if self.rescan {
            return "files changed (the watcher lost track, so everything was re-read)".into();
        }
        let named = if self.paths.is_empty() {
            &self.gone
        } else {
            &self.paths
        };
        let paths: Vec<&str> = named.iter().map(String::as_str).collect();
        let named = match paths.as_slice() {
            [one] => one.to_string(),
            [first, second] => format!("{first} and {second}"),
            [first, second, third] => format!("{first}, {second} and {third}"),
            [first, second, rest @ ..] => {
                format!("{first}, {second} and {} other files", rest.len())
            }
            [] => "files".to_string(),
        };
        format!("{named} changed")
    }

    /// True when `content/` or `themes/` itself appeared, vanished or was renamed, so the
    /// watcher must watch the new folder.
    pub fn moves_a_watched_folder(&self) -> bool {
        self.paths
            .iter()
            .chain(&self.gone)
            .any(|p| p == "content" || p == "themes")
    }
}

/// Whether an event can mean a file changed. Reading a file is an event too (inotify
/// reports opens and closes), and a build reads every record: counting those would make
/// each build set off the next.
pub fn is_a_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    }
}

/// What is at a changed path now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Now {
    Folder,
    File,
    Gone,
}

impl Now {
    /// What is at `path` on disk.
    pub fn at(path: &Path) -> Now {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Now::Folder,
            Ok(_) => Now::File,
            Err(_) => Now::Gone,
        }
    }
}

/// The change a batch of event paths amounts to, or None when nothing in it matters: the
/// output folder (never inside content/ or themes/), other files at the project root,
/// hidden files, editors' temp and backup files, and files the loader does not read.
/// `now` tells what is at a path now.
pub fn classify<'a>(
    root: &Path,
    paths: impl IntoIterator<Item = &'a Path>,
    now: impl Fn(&Path) -> Now,
) -> Option<Change> {
    let mut change = Change {
        areas: BTreeSet::new(),
        paths: BTreeSet::new(),
        gone: BTreeSet::new(),
        rescan: false,
        touched: Touched::Unknown,
    };
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let mut parts = Vec::new();
        for component in rel.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy()),
                // Event paths are the watched folders joined with names; anything else is
                // not ours.
                _ => parts.clear(),
            }
        }
        let parts: Vec<&str> = parts.iter().map(|p| p.as_ref()).collect();
        // Asked only for the paths that need it, and at most once.
        let at = std::cell::OnceCell::new();
        let now = || *at.get_or_init(|| now(path));
        if let Some(area) = area_of(&parts, now) {
            change.areas.insert(area);
            let rel = parts.join("/");
            let name = parts.last().copied().unwrap_or_default();
            let no_extension = !name.contains('.');
            let what = now();
            // Either may be a folder moved away, or an editor's temp file renamed over
            // the record (Qt's `jo.yaml.AbCdEf`).
            let unnamed = match what {
                Now::Folder => false,
                Now::File => no_extension,
                Now::Gone => no_extension || !load::may_hold_records(name),
            };
            let paper = parts.get(1).is_some_and(|folder| *folder == load::FILES);
            if area == Area::Content && parts.len() > 1 && unnamed && !paper {
                change.gone.insert(rel);
            } else {
                change.paths.insert(rel);
            }
        }
    }
    (!change.areas.is_empty()).then_some(change)
}

fn area_of(parts: &[&str], now: impl FnOnce() -> Now) -> Option<Area> {
    match parts {
        [name] if *name == config::FILE => Some(Area::Config),
        // Papers: any file, copied to the site as it is.
        ["content", folder, rest @ ..] if *folder == load::FILES => {
            (!rest.iter().any(|name| is_temp_name(name))).then_some(Area::Content)
        }
        ["content", rest @ ..] => {
            if rest.iter().any(|name| is_temp_name(name)) {
                return None;
            }
            match rest.last() {
                // A file the loader does not read. A path that is gone may have been a
                // folder, whatever its name (`board.2026`), and its records with it.
                Some(name) if !load::may_hold_records(name) && now() == Now::File => None,
                _ => Some(Area::Content),
            }
        }
        ["themes", rest @ ..] => {
            (!rest.iter().any(|name| is_temp_name(name))).then_some(Area::Theme)
        }
        _ => None,
    }
}

/// Names editors and systems write beside a file while saving it. Everything the loader
/// skips is included, so a watcher never rebuilds for a file a build would not read.
pub fn is_temp_name(name: &str) -> bool {
    load::is_ignored_name(name)
        // JetBrains' safe write.
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "Thumbs.db"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const ROOT: &str = "/p";

    /// Classifies a batch given as paths relative to the project; `dirs` are the folders.
    fn batch(paths: &[&str], dirs: &[&str]) -> Option<Change> {
        let root = Path::new(ROOT);
        let full: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        let dirs: Vec<PathBuf> = dirs.iter().map(|p| root.join(p)).collect();
        classify(root, full.iter().map(PathBuf::as_path), |p| {
            if dirs.iter().any(|d| d == p) {
                Now::Folder
            } else {
                Now::File
            }
        })
    }

    fn only(paths: &[&str], areas: &[Area]) -> Change {
        Change {
            areas: areas.iter().copied().collect(),
            paths: paths.iter().map(|p| p.to_string()).collect(),
            gone: BTreeSet::new(),
            rescan: false,
            touched: Touched::Unknown,
        }
    }

    #[test]
    fn papers_of_any_kind_are_content() {
        let change = batch(&["content/files/2026/ipr.pdf"], &[]).unwrap();
        assert_eq!(change.areas, BTreeSet::from([Area::Content]));
        assert_eq!(batch(&["content/files/2026/.ipr.pdf.swp"], &[]), None);
        assert_eq!(batch(&["content/people/photo.jpg"], &[]), None);
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Read)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Any),
        ] {
            assert!(!is_a_change(&kind), "{kind:?}");
        }
        for kind in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Content)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Remove(RemoveKind::File),
            EventKind::Any,
        ] {
            assert!(is_a_change(&kind), "{kind:?}");
        }
    }

    #[test]
    fn each_area_is_recognised() {
        assert_eq!(
            batch(&["boardpack.yaml"], &[]),
            Some(only(&["boardpack.yaml"], &[Area::Config]))
        );
        assert_eq!(
            batch(&["content/people/jo.yaml"], &[]),
            Some(only(&["content/people/jo.yaml"], &[Area::Content]))
        );
        assert_eq!(
            batch(&["content/initiatives/paired.md"], &[]),
            Some(only(&["content/initiatives/paired.md"], &[Area::Content]))
        );
        assert_eq!(
            batch(&["themes/default/templates/base.html"], &[]),
            Some(only(
                &["themes/default/templates/base.html"],
                &[Area::Theme]
            ))
        );
        assert_eq!(
            batch(&["themes/default/static/logo.png"], &[]),
            Some(only(&["themes/default/static/logo.png"], &[Area::Theme]))
        );
        let mixed = batch(
            &[
                "boardpack.yaml",
                "content/people/jo.yaml",
                "themes/t/a.html",
            ],
            &[],
        )
        .unwrap();
        assert_eq!(
            mixed.areas,
            [Area::Config, Area::Content, Area::Theme].into()
        );
    }

    #[test]
    fn a_yml_record_is_a_change_because_check_warns_about_it() {
        assert!(batch(&["content/people/jo.yml"], &[]).is_some());
    }

    #[test]
    fn a_folder_moved_away_is_a_change_named_when_alone() {
        let moved = batch(&["content/meetings/2026"], &[]).unwrap();
        assert_eq!(moved.describe(), "content/meetings/2026 changed");
        let with_sed_temp = batch(&["content/people/jo.yaml", "content/people/sedAb12Cd"], &[]);
        assert_eq!(
            with_sed_temp.unwrap().describe(),
            "content/people/jo.yaml changed"
        );
    }

    #[test]
    fn folders_in_content_are_changes_even_with_dots_in_their_names() {
        assert!(batch(&["content/meetings/2026"], &[]).is_some());
        assert!(batch(&["content/meetings/v1.2"], &["content/meetings/v1.2"]).is_some());
        assert!(batch(&["content"], &[]).is_some());
        assert!(batch(&["themes"], &[]).is_some());
    }

    #[test]
    fn temp_and_backup_files_alone_do_not_rebuild() {
        for name in [
            "content/people/.jo.yaml.swp",
            "content/people/.jo.yaml.swx",
            "content/people/jo.yaml.swp",
            "content/people/jo.yaml~",
            "content/people/#jo.yaml#",
            "content/people/.#jo.yaml",
            "content/people/jo.yaml___jb_tmp___",
            "content/people/jo.yaml___jb_old___",
            "content/people/.goutputstream-X1Y2Z3",
            "content/people/jo.yaml.tmp",
            "content/people/.DS_Store",
            "content/.git/index",
            "themes/default/templates/.base.html.swp",
            "themes/default/templates/base.html~",
            "themes/.hidden/x.html",
        ] {
            assert_eq!(batch(&[name], &[]), None, "{name}");
        }
    }

    #[test]
    fn files_the_loader_does_not_read_do_not_rebuild() {
        for name in ["content/people/notes.txt", "content/people/photo.jpg"] {
            assert_eq!(batch(&[name], &[]), None, "{name}");
        }
    }

    /// A path that is gone may have been a folder of records, whatever its name looks like.
    #[test]
    fn a_gone_path_named_like_a_file_the_loader_skips_is_a_change() {
        let root = Path::new(ROOT);
        for name in ["content/people/board.2026", "content/people/notes.txt"] {
            let path = root.join(name);
            let change = classify(root, [path.as_path()], |_| Now::Gone);
            assert_eq!(change.expect(name).describe(), format!("{name} changed"));
        }
        // Beside a record, such a path is not named.
        let record = root.join("content/people/jo.yaml");
        let temp = root.join("content/people/jo.yaml.AbCdEf");
        let change = classify(root, [temp.as_path(), record.as_path()], |p| {
            if p == temp { Now::Gone } else { Now::File }
        });
        assert_eq!(change.unwrap().describe(), "content/people/jo.yaml changed");
    }

    #[test]
    fn the_output_folder_and_other_root_files_never_rebuild() {
        // What a build itself writes next to the project's files: the site swap at the root.
        for name in [
            "site",
            "site/index.html",
            ".site.boardpack-staging",
            ".site.boardpack-staging/index.html",
            ".site.boardpack-old",
            "README.md",
            ".git/index",
            "boardpack.yaml~",
            ".boardpack.yaml.swp",
        ] {
            assert_eq!(batch(&[name], &[]), None, "{name}");
        }
    }

    #[test]
    fn paths_outside_the_project_are_ignored() {
        let root = Path::new(ROOT);
        let outside = [Path::new("/elsewhere/content/people/jo.yaml")];
        assert_eq!(classify(root, outside, |_| Now::File), None);
    }

    /// Each editor's save, as the batch of paths its events name, is one change naming only
    /// the record.
    #[test]
    fn an_editor_save_is_one_change_of_the_record() {
        let record = "content/people/jo.yaml";
        let saves: [(&str, &[&str]); 7] = [
            ("in place (VS Code, nano)", &[record]),
            (
                "vim: 4913 probe, backup rename, write, delete backup",
                &[
                    "content/people/4913",
                    record,
                    "content/people/jo.yaml~",
                    "content/people/.jo.yaml.swp",
                ],
            ),
            (
                "emacs: lock, autosave, backup",
                &[
                    "content/people/.#jo.yaml",
                    "content/people/#jo.yaml#",
                    "content/people/jo.yaml~",
                    record,
                ],
            ),
            (
                "JetBrains safe write: rename over",
                &[
                    "content/people/jo.yaml___jb_tmp___",
                    "content/people/jo.yaml___jb_old___",
                    record,
                ],
            ),
            (
                "gedit: write a hidden temp file, rename over",
                &["content/people/.goutputstream-ABC123", record],
            ),
            (
                "Qt's QSaveFile (Kate): write a temp file beside it, rename over",
                &["content/people/jo.yaml.AbCdEf", record],
            ),
            ("delete and re-create", &[record, record]),
        ];
        for (editor, paths) in saves {
            // By the time a batch is classified the editor's other files are gone.
            let root = Path::new(ROOT);
            let full: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
            let change = classify(root, full.iter().map(PathBuf::as_path), |p| {
                if p == root.join(record) {
                    Now::File
                } else {
                    Now::Gone
                }
            })
            .expect(editor);
            assert_eq!(change.paths, [record.to_string()].into(), "{editor}");
            assert_eq!(change.areas, [Area::Content].into(), "{editor}");
            assert_eq!(change.describe(), format!("{record} changed"), "{editor}");
            if editor.starts_with("vim") {
                // vim's probe file has no extension, so it might be a removed folder: it
                // counts, which costs nothing since it comes in the same batch as the record.
                assert_eq!(change.gone, ["content/people/4913".to_string()].into());
            }
        }
    }

    #[test]
    fn descriptions_name_what_changed() {
        let one = batch(&["content/people/jo.yaml"], &[]).unwrap();
        assert_eq!(one.describe(), "content/people/jo.yaml changed");
        let two = batch(&["boardpack.yaml", "content/people/jo.yaml"], &[]).unwrap();
        assert_eq!(
            two.describe(),
            "boardpack.yaml and content/people/jo.yaml changed"
        );
        let many = batch(
            &[
                "content/people/a.yaml",
                "content/people/b.yaml",
                "content/people/c.yaml",
                "content/people/d.yaml",
            ],
            &[],
        )
        .unwrap();
        assert_eq!(
            many.describe(),
            "content/people/a.yaml, content/people/b.yaml and 2 other files changed"
        );
        assert!(Change::everything().describe().contains("everything"));
    }

    #[test]
    fn a_new_content_or_themes_folder_is_watched_anew() {
        assert!(batch(&["themes"], &[]).unwrap().moves_a_watched_folder());
        assert!(
            !batch(&["themes/a/x.html"], &[])
                .unwrap()
                .moves_a_watched_folder()
        );
    }
}
