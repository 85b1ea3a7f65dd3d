//! Writing files so that a crash or a full disk never leaves a broken one.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::safe_fs::{MAX_NAME_BYTES, check_write_path, open_no_follow, read_annotation_bytes, shortened};
use crate::text::sha256_hex;

/// A temporary file this old belongs to a save that was interrupted: every
/// save finishes (or fails) in far less time.
const STALE_TEMPORARY_AGE: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "{file} changed on disk since it was loaded (another program or Spanwright window wrote it); not overwritten"
    )]
    Conflict { file: String },
    #[error("{file} is read-only (its permissions forbid writing); Spanwright leaves it as it is")]
    ReadOnly { file: String },
    #[error("cannot write {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot keep the previous version of {file} in {folder}: {source}; {file} was not saved")]
    History {
        file: String,
        folder: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot store a copy of the text in {snapshot}: {source}; {file} was not saved")]
    TextSnapshot {
        file: String,
        snapshot: String,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Written { sha256: String },
    Unchanged,
}

/// Writes `contents` to `path` through a temporary file in the same folder,
/// flushed and fsynced, then renamed over the target: readers see the old
/// file or the new one, never a mix. A failed write (full disk, read-only
/// folder) leaves the existing file untouched and removes its temporary.
/// The rename replaces a link at `path` rather than writing through it; for
/// files inside a project use [`atomic_write_in`], which also checks every
/// folder on the way.
pub fn atomic_write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    remove_stale_temporaries(path);
    let temporary = temporary_path(path);
    let written = (|| {
        // A new file only: never one that exists, nor a link someone left there.
        let mut file = std::fs::File::options().write(true).create_new(true).open(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written?;
    // The rename is durable only once the folder entry is on disk.
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// [`atomic_write`] for a file inside the project at `root`: refused when the
/// file or a folder on the way to it is a symbolic link, or lies outside.
pub fn atomic_write_in(root: &Path, path: &Path, contents: &[u8]) -> std::io::Result<()> {
    check_write_path(root, path)?;
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
        // A link swapped in while the folders were made is caught here.
        check_write_path(root, path)?;
    }
    atomic_write(path, contents)
}

/// Temporaries are hidden (`.name.pid-n.tmp`), so project listings and
/// checks never see them.
fn temporary_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!("{}{}-{unique}.tmp", temporary_prefix(path), std::process::id()))
}

/// Long names are cut so that the temporary's name stays within the file
/// system's limit even when the file's own name nearly reaches it.
fn temporary_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{}.", shortened(&name, MAX_NAME_BYTES - 40))
}

/// Removes temporaries of `path` left by saves that were killed midway.
/// Recent ones are left alone: they may belong to a save in progress.
fn remove_stale_temporaries(path: &Path) {
    if let Some(folder) = path.parent() {
        remove_stale_temporaries_in(folder, &temporary_prefix(path));
    }
}

/// Removes the stale temporaries in `folder` whose names start with
/// `prefix` (every temporary there when `prefix` is ".").
pub(crate) fn remove_stale_temporaries_in(folder: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(prefix) && name.starts_with('.') && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() >= STALE_TEMPORARY_AGE);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Saves `contents` unless they equal what is on disk; refuses when the file
/// on disk is no longer the one last loaded or saved (`expected_sha256`,
/// `None` when there was no file). `path` lies inside the project at `root`.
pub fn save_if_unchanged_on_disk(
    root: &Path,
    path: &Path,
    file_name: &str,
    contents: &[u8],
    expected_sha256: Option<&str>,
) -> Result<SaveOutcome, SaveError> {
    save_replacing(root, path, file_name, contents, expected_sha256, |_, _| Ok(()))
}

/// Like [`save_if_unchanged_on_disk`], and hands the file about to be
/// replaced (its bytes and modification time) to `keep_previous` first; an
/// error there cancels the save.
///
/// "Is the file still the one loaded?" and the replace are one critical
/// section across processes: both happen under an exclusive lock of the
/// file's lock file ([`save_lock_path`]), and the check is made again once
/// the lock is held, so of two saves racing from the same version exactly
/// one is written and the other gets [`SaveError::Conflict`].
pub(crate) fn save_replacing(
    root: &Path,
    path: &Path,
    file_name: &str,
    contents: &[u8],
    expected_sha256: Option<&str>,
    keep_previous: impl FnOnce(&[u8], SystemTime) -> Result<(), SaveError>,
) -> Result<SaveOutcome, SaveError> {
    let io_error = |source| SaveError::Io {
        file: file_name.to_owned(),
        source,
    };
    check_write_path(root, path).map_err(io_error)?;
    // Without the lock first: most refusals need no waiting.
    if let OnDisk::Settled(outcome) = compare_with_disk(path, file_name, contents, expected_sha256)? {
        return Ok(outcome);
    }
    if let Some(folder) = path.parent() {
        if folder.starts_with(root.join(super::ANNOTATIONS_FOLDER)) {
            super::ignore_file::create_annotations_folder(root).map_err(io_error)?;
        }
        std::fs::create_dir_all(folder).map_err(io_error)?;
        check_write_path(root, path).map_err(io_error)?;
    }
    let _lock = SaveLock::take(path).map_err(io_error)?;
    let on_disk = match compare_with_disk(path, file_name, contents, expected_sha256)? {
        OnDisk::Settled(outcome) => return Ok(outcome),
        OnDisk::Replaceable(on_disk) => on_disk,
    };
    if let Some(previous) = &on_disk {
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .unwrap_or_else(|_| SystemTime::now());
        keep_previous(previous, modified)?;
    }
    atomic_write(path, contents).map_err(io_error)?;
    Ok(SaveOutcome::Written {
        sha256: sha256_hex(contents),
    })
}

/// What is on disk, as a save sees it.
enum OnDisk {
    /// The save ends here: the file already holds the contents.
    Settled(SaveOutcome),
    /// The expected file (its bytes; `None` when there is none), ready to be replaced.
    Replaceable(Option<Vec<u8>>),
}

/// Compares the file on disk with what the save expects: an error when it
/// is not the expected one or is read-only.
fn compare_with_disk(
    path: &Path,
    file_name: &str,
    contents: &[u8],
    expected_sha256: Option<&str>,
) -> Result<OnDisk, SaveError> {
    let on_disk = read_annotation_bytes(path).map_err(|source| SaveError::Io {
        file: file_name.to_owned(),
        source,
    })?;
    let on_disk_sha256 = on_disk.as_deref().map(sha256_hex);
    if on_disk_sha256.as_deref() != expected_sha256 {
        return Err(SaveError::Conflict {
            file: file_name.to_owned(),
        });
    }
    if on_disk.as_deref() == Some(contents) {
        return Ok(OnDisk::Settled(SaveOutcome::Unchanged));
    }
    if on_disk.is_some() && is_read_only(path) {
        return Err(SaveError::ReadOnly {
            file: file_name.to_owned(),
        });
    }
    Ok(OnDisk::Replaceable(on_disk))
}

/// The file's permissions forbid writing (checked by its mode, so that even
/// a process allowed to write anyway respects the owner's choice).
pub fn is_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// The hidden lock file of `path`: `.<name>.lock` beside it.
pub fn save_lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{}.lock", shortened(&name, MAX_NAME_BYTES - 6)))
}

/// An exclusive lock on a file's lock file, released when dropped. The lock
/// file is never deleted: a process waiting on it would lock a file that no
/// longer guards anything.
struct SaveLock {
    file: std::fs::File,
}

impl SaveLock {
    fn take(path: &Path) -> std::io::Result<Self> {
        let file = open_no_follow(&save_lock_path(path))?;
        match file.lock() {
            Ok(()) => Ok(Self { file }),
            // A file system without locks: saves there are checked but not
            // serialized, as the window lock does on such file systems.
            Err(err) if err.kind() == std::io::ErrorKind::Unsupported => Ok(Self { file }),
            Err(err) => Err(err),
        }
    }
}

impl Drop for SaveLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_a_file_changed_since_loading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let first = save_if_unchanged_on_disk(dir.path(), &path, "a.json", b"one", None).unwrap();
        let SaveOutcome::Written { sha256 } = first else {
            panic!("not written")
        };
        std::fs::write(&path, b"someone else").unwrap();
        let err = save_if_unchanged_on_disk(dir.path(), &path, "a.json", b"two", Some(&sha256)).unwrap_err();
        assert!(matches!(err, SaveError::Conflict { .. }));
        assert_eq!(std::fs::read(&path).unwrap(), b"someone else");
    }

    #[test]
    fn unchanged_contents_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"same").unwrap();
        let sha = sha256_hex(b"same");
        let outcome = save_if_unchanged_on_disk(dir.path(), &path, "a.json", b"same", Some(&sha)).unwrap();
        assert_eq!(outcome, SaveOutcome::Unchanged);
    }

    #[test]
    fn stale_temporaries_of_the_file_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let stale = dir.path().join(".a.json.999-0.tmp");
        let fresh = dir.path().join(".a.json.999-1.tmp");
        let other = dir.path().join(".b.json.999-0.tmp");
        for file in [&stale, &fresh, &other] {
            std::fs::write(file, b"partial").unwrap();
        }
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        for file in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        atomic_write(&path, b"new").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists());
        assert!(other.exists(), "another file's temporary is not ours to remove");
    }
}
