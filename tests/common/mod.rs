//! Helpers shared by the integration tests.

use std::fs;
use std::path::Path;

/// A project's `boardpack.yaml` and `content/` copied to a new temp folder.
#[allow(dead_code)] // Not every test crate copies a whole project.
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
