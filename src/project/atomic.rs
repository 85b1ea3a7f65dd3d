//! Writing files so that a crash or a full disk never leaves a broken one.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::text::sha256_hex;

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "{file} changed on disk since it was loaded (another program or Spanwright window wrote it); not overwritten"
    )]
    Conflict { file: String },
    #[error("cannot write {file}: {source}")]
    Io {
        file: String,
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
/// file or the new one, never a mix.
pub fn atomic_write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let temporary = temporary_path(path);
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
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

fn temporary_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}-{unique}.tmp", std::process::id()))
}

/// Saves `contents` unless they equal what is on disk; refuses when the file
/// on disk is no longer the one last loaded or saved (`expected_sha256`,
/// `None` when there was no file).
pub fn save_if_unchanged_on_disk(
    path: &Path,
    file_name: &str,
    contents: &[u8],
    expected_sha256: Option<&str>,
) -> Result<SaveOutcome, SaveError> {
    let io_error = |source| SaveError::Io {
        file: file_name.to_owned(),
        source,
    };
    let on_disk = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(io_error(err)),
    };
    let on_disk_sha256 = on_disk.as_deref().map(sha256_hex);
    if on_disk_sha256.as_deref() != expected_sha256 {
        return Err(SaveError::Conflict {
            file: file_name.to_owned(),
        });
    }
    if on_disk.as_deref() == Some(contents) {
        return Ok(SaveOutcome::Unchanged);
    }
    atomic_write(path, contents).map_err(io_error)?;
    Ok(SaveOutcome::Written {
        sha256: sha256_hex(contents),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_a_file_changed_since_loading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let first = save_if_unchanged_on_disk(&path, "a.json", b"one", None).unwrap();
        let SaveOutcome::Written { sha256 } = first else {
            panic!("not written")
        };
        std::fs::write(&path, b"someone else").unwrap();
        let err = save_if_unchanged_on_disk(&path, "a.json", b"two", Some(&sha256)).unwrap_err();
        assert!(matches!(err, SaveError::Conflict { .. }));
        assert_eq!(std::fs::read(&path).unwrap(), b"someone else");
    }

    #[test]
    fn unchanged_contents_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"same").unwrap();
        let sha = sha256_hex(b"same");
        let outcome = save_if_unchanged_on_disk(&path, "a.json", b"same", Some(&sha)).unwrap();
        assert_eq!(outcome, SaveOutcome::Unchanged);
    }
}
