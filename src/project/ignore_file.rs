//! A new project's annotations folder gets a `.gitignore` naming what
//! Spanwright keeps beside the annotations for itself: lock files, earlier
//! versions and unfinished writes. A project kept in git then shows only
//! the annotations in `git status`. Written once, when Spanwright makes the
//! folder; an existing folder (and a removed or edited `.gitignore`) is
//! left as the user has it.

use std::path::Path;

use super::ANNOTATIONS_FOLDER;
use super::atomic::atomic_write_in;

pub const IGNORE_FILE_NAME: &str = ".gitignore";

const IGNORED: &str = "\
# Kept by Spanwright for itself, never needed in version control:
# who is annotating (lock files), earlier versions of each file, and
# writes a crash interrupted.
.lock
.*.lock
.history/
.*.tmp
";

/// Makes `root`'s annotations folder if it is missing, with its
/// `.gitignore`.
pub(crate) fn create_annotations_folder(root: &Path) -> std::io::Result<()> {
    let folder = root.join(ANNOTATIONS_FOLDER);
    match std::fs::create_dir(&folder) {
        Ok(()) => atomic_write_in(root, &folder.join(IGNORE_FILE_NAME), IGNORED.as_bytes()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_annotations_folder_gets_the_ignore_file_and_an_existing_one_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        create_annotations_folder(dir.path()).unwrap();
        let ignore = dir.path().join(ANNOTATIONS_FOLDER).join(IGNORE_FILE_NAME);
        let written = std::fs::read_to_string(&ignore).unwrap();
        assert!(written.lines().any(|l| l == ".history/"));

        std::fs::remove_file(&ignore).unwrap();
        create_annotations_folder(dir.path()).unwrap();
        assert!(!ignore.exists(), "a removed ignore file came back");
    }

    #[test]
    fn the_ignore_file_names_what_spanwright_leaves_beside_the_annotations() {
        let patterns: Vec<&str> = IGNORED.lines().filter(|l| !l.starts_with('#')).collect();
        let matches = |name: &str| {
            patterns.iter().any(|p| match p.strip_suffix('/') {
                Some(folder) => name == folder,
                None => match p.split_once('*') {
                    Some((prefix, suffix)) => name.starts_with(prefix) && name.ends_with(suffix),
                    None => name == *p,
                },
            })
        };
        let lock = super::super::lock_path(Path::new("/p"), "alice");
        let save_lock = super::super::save_lock_path(Path::new("/p/annotations/alice/a.txt.json"));
        for left_beside in [lock, save_lock] {
            let name = left_beside.file_name().unwrap().to_str().unwrap();
            assert!(matches(name), "{name} is not ignored");
        }
        assert!(matches(".history"));
        assert!(!matches("a.txt.json"));
    }
}
