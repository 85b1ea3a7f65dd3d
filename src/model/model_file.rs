//! Where the tagger's trainer puts its model. `crfs` only writes a model to
//! a path and Spanwright never writes outside the project, so the model is
//! written to an anonymous in-memory file where the system has them (Linux:
//! nothing reaches any file system), and elsewhere to a hidden file in the
//! project's cache folder, checked like every other write inside the
//! project and removed as soon as it is read back.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::project::{check_write_path, remove_stale_temporaries_in};

/// The project's hidden folder for files Spanwright can always make again.
pub const CACHE_FOLDER: &str = ".cache";

/// The project's cache folder.
pub fn cache_folder(project_root: &Path) -> PathBuf {
    project_root.join(CACHE_FOLDER)
}

/// Runs `write` with a path to write the model to and returns what it wrote:
/// in memory where the system can, else under `cache` (a project's
/// [`cache_folder`] and its root).
pub(crate) fn written_model(
    cache: Option<(&Path, &Path)>,
    write: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<Vec<u8>> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let _ = cache;
        in_memory(write)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        match cache {
            Some((root, folder)) => in_folder(root, folder, write),
            None => Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "this system has no in-memory files and no project cache folder was given for the model file",
            )),
        }
    }
}

/// The model written to an anonymous memory file, named to the trainer by
/// its `/proc/self/fd` link.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn in_memory(write: impl FnOnce(&Path) -> std::io::Result<()>) -> std::io::Result<Vec<u8>> {
    use rustix::fs::{MemfdFlags, memfd_create};
    use std::os::fd::AsRawFd as _;
    let fd = memfd_create("spanwright-model", MemfdFlags::CLOEXEC)?;
    let link = PathBuf::from(format!("/proc/self/fd/{}", fd.as_raw_fd()));
    if !link.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "the in-memory model file has no /proc/self/fd link (is /proc mounted?)",
        ));
    }
    write(&link)?;
    // The trainer opened the link anew: this descriptor's offset is still 0.
    let mut file = std::fs::File::from(fd);
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The model written to a new hidden file in `folder` below the project at
/// `root`: refused when a link lies on the way; the file is removed however
/// the training ends. (On Linux only its tests call it.) No one but this function reads the file, so it needs
/// no rename to appear whole.
#[cfg_attr(any(target_os = "linux", target_os = "android"), allow(dead_code))]
pub(crate) fn in_folder(
    root: &Path,
    folder: &Path,
    write: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<Vec<u8>> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = folder.join(format!(".model.{}-{unique}.tmp", std::process::id()));
    check_write_path(root, &path)?;
    std::fs::create_dir_all(folder)?;
    check_write_path(root, &path)?;
    // Left by a training that was killed.
    remove_stale_temporaries_in(folder, ".model.");
    struct Removed<'a>(&'a Path);
    impl Drop for Removed<'_> {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(self.0);
        }
    }
    // A new file only: never one that exists, nor a link left in its place.
    let created = std::fs::File::options().write(true).create_new(true).open(&path)?;
    let _removed = Removed(&path);
    drop(created);
    write(&path)?;
    check_write_path(root, &path)?;
    crate::project::read_regular_file(&path, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn in_memory_returns_what_was_written_and_creates_no_file() {
        let bytes = in_memory(|path| std::fs::write(path, b"model bytes")).unwrap();
        assert_eq!(bytes, b"model bytes");
    }

    #[test]
    fn in_folder_writes_inside_the_project_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let folder = cache_folder(root);
        let mut seen = PathBuf::new();
        let bytes = in_folder(root, &folder, |path| {
            seen = path.to_path_buf();
            std::fs::write(path, b"model bytes")
        })
        .unwrap();
        assert_eq!(bytes, b"model bytes");
        assert!(seen.starts_with(&folder), "{}", seen.display());
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0, "the file is removed");
        let failed = in_folder(root, &folder, |_| Err(std::io::Error::other("trainer failed")));
        assert!(failed.is_err());
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0, "removed on failure too");
    }

    #[cfg(unix)]
    #[test]
    fn in_folder_refuses_a_linked_cache_folder() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::os::unix::fs::symlink(outside.path(), cache_folder(root)).unwrap();
        let mut called = false;
        let err = in_folder(root, &cache_folder(root), |_| {
            called = true;
            Ok(())
        })
        .unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(!called);
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }
}
