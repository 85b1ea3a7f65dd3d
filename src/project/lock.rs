//! One window per project and annotator: `annotations/<annotator>/.lock`.
//!
//! The window holds an operating-system lock on the file for as long as it
//! is open; the file names the holder (process, host, start time) so that a
//! second window can say who has it. The system drops the lock when the
//! holder ends, however it ends, so a lock left by a crash is never in the
//! way. Where the file system has no locks, a holder is taken as gone when
//! it ran on this host and its process no longer exists.

use std::fs::{File, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::folder::{ANNOTATIONS_FOLDER, Project};
use super::safe_fs::{check_write_path, open_no_follow, read_regular_file};

pub const LOCK_FILE_NAME: &str = ".lock";

/// Who holds (or held) a lock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub pid: u32,
    pub host: String,
    /// Seconds since the Unix epoch when the holder took the lock.
    pub started: u64,
}

impl LockHolder {
    /// This process, now.
    pub fn current() -> Self {
        Self {
            pid: std::process::id(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            started: SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        }
    }

    pub fn started_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.started)
    }
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "process {} on {}, since {}",
            self.pid,
            self.host,
            crate::project::display_time(self.started_at())
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{}", held_message(.file, .holder.as_ref()))]
    Held { file: String, holder: Option<LockHolder> },
    #[error("cannot lock {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

fn held_message(file: &str, holder: Option<&LockHolder>) -> String {
    match holder {
        Some(holder) => format!("{file}: already open in another Spanwright window ({holder})"),
        None => format!("{file}: already open in another Spanwright window"),
    }
}

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct AnnotatorLock {
    file: File,
    path: PathBuf,
    /// Locked by the operating system (rather than by the file's contents).
    system_lock: bool,
    replaced: Option<LockHolder>,
}

impl AnnotatorLock {
    /// Takes the lock of `annotator` in `project`, or says who holds it.
    pub fn acquire(project: &Project, annotator: &str) -> Result<Self, LockError> {
        let path = lock_path(project.root(), annotator);
        // A linked annotator folder or lock file would be written outside.
        let io_error = |source| LockError::Io {
            file: path.display().to_string(),
            source,
        };
        check_write_path(project.root(), &path).map_err(io_error)?;
        super::ignore_file::create_annotations_folder(project.root()).map_err(io_error)?;
        Self::acquire_at(&path)
    }

    /// Takes the lock file at `path`; a link there is refused, never followed.
    pub fn acquire_at(path: &Path) -> Result<Self, LockError> {
        let name = path.display().to_string();
        let io_error = |source| LockError::Io {
            file: name.clone(),
            source,
        };
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(io_error)?;
        }
        let mut file = open_no_follow(path).map_err(io_error)?;
        let system_lock = match file.try_lock() {
            Ok(()) => true,
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Held {
                    file: name,
                    holder: read_holder(path),
                });
            }
            Err(TryLockError::Error(err)) if err.kind() == std::io::ErrorKind::Unsupported => false,
            Err(TryLockError::Error(err)) => return Err(io_error(err)),
        };
        let previous = read_holder_from(&mut file);
        let me = LockHolder::current();
        if !system_lock
            && let Some(previous) = &previous
            && holder_may_be_alive(previous, &me.host)
        {
            return Err(LockError::Held {
                file: name,
                holder: Some(previous.clone()),
            });
        }
        write_holder(&mut file, Some(&me)).map_err(io_error)?;
        Ok(Self {
            file,
            path: path.to_path_buf(),
            system_lock,
            // With a system lock, a named holder could only have ended
            // without releasing: a crash.
            replaced: previous,
        })
    }

    /// A holder that ended without releasing the lock (a crash, most
    /// likely): its unsaved edits, if any, are lost, but files on disk hold
    /// its last save.
    pub fn replaced_stale(&self) -> Option<&LockHolder> {
        self.replaced.as_ref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for AnnotatorLock {
    fn drop(&mut self) {
        // Emptied rather than deleted: deleting would let a window that
        // opened the old file think it holds the lock beside a new one.
        let _ = write_holder(&mut self.file, None);
        if self.system_lock {
            let _ = self.file.unlock();
        }
    }
}

/// `annotations/<annotator>/.lock` below `root`.
pub fn lock_path(root: &Path, annotator: &str) -> PathBuf {
    root.join(ANNOTATIONS_FOLDER).join(annotator).join(LOCK_FILE_NAME)
}

/// Who the lock file at `path` names, if anyone.
pub fn read_holder(path: &Path) -> Option<LockHolder> {
    // A holder's line is short; anything else is not a lock file of ours.
    let bytes = read_regular_file(path, Some(64 * 1024)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn read_holder_from(file: &mut File) -> Option<LockHolder> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_holder(file: &mut File, holder: Option<&LockHolder>) -> std::io::Result<()> {
    let text = holder
        .map(|h| serde_json::to_string(h).unwrap_or_default() + "\n")
        .unwrap_or_default();
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Without system locks: a holder on another host, or whose liveness cannot
/// be told, is assumed to be alive.
fn holder_may_be_alive(holder: &LockHolder, this_host: &str) -> bool {
    if holder.host != this_host {
        return true;
    }
    process_is_alive(holder.pid).unwrap_or(true)
}

/// Whether process `pid` exists on this host; `None` where that cannot be told.
pub fn process_is_alive(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else if pid == std::process::id() {
        Some(true)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_system_locks_only_a_dead_process_on_this_host_is_stale() {
        let me = LockHolder::current();
        assert!(holder_may_be_alive(&me, &me.host));
        let elsewhere = LockHolder {
            host: format!("{}-elsewhere", me.host),
            ..me.clone()
        };
        assert!(holder_may_be_alive(&elsewhere, &me.host));
        if cfg!(target_os = "linux") {
            // Linux pids stay below 2^22.
            let gone = LockHolder {
                pid: u32::MAX - 1,
                ..me.clone()
            };
            assert!(!holder_may_be_alive(&gone, &me.host));
        }
    }
}
