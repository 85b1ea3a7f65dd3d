//! Earlier versions of annotation files, kept beside them so that any save
//! can be taken back: `annotations/<annotator>/.history/<doc id>/`.
//!
//! Each version is the whole file as it was before a save replaced it, named
//! `<number>-<saved at, Unix milliseconds>.json`. Numbers only grow, so a
//! version keeps its number while older ones are pruned.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::atomic::{atomic_write_in, remove_stale_temporaries_in};
use super::folder::{ANNOTATIONS_FOLDER, Project};
use super::safe_fs::check_write_path;

/// The hidden folder of earlier versions inside an annotator's folder.
pub const HISTORY_FOLDER: &str = ".history";

/// One earlier version of an annotation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedVersion {
    pub number: u64,
    /// When this version was saved (it stayed current until the next save).
    pub saved_at: SystemTime,
    pub path: PathBuf,
}

/// Which versions survive pruning: the `newest` ones always, and beyond
/// those the last version of each hour for `hourly_for` and the last of each
/// day for `daily_for`. Everything else is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub newest: usize,
    pub hourly_for: Duration,
    pub daily_for: Duration,
}

impl RetentionPolicy {
    /// 20 newest; hourly for two days; daily for 90 days: at most 158
    /// versions per document.
    pub const DEFAULT: Self = Self {
        newest: 20,
        hourly_for: Duration::from_secs(48 * 3600),
        daily_for: Duration::from_secs(90 * 24 * 3600),
    };
}

/// The earlier versions of one annotation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionStore {
    /// The project's folder: nothing is written or deleted outside it.
    root: PathBuf,
    folder: PathBuf,
}

impl VersionStore {
    /// The versions of `annotator`'s file for `doc_id`.
    pub fn for_document(project: &Project, annotator: &str, doc_id: &str) -> Self {
        Self::at(project.root(), history_folder(project.root(), annotator, doc_id))
    }

    /// The versions kept in `folder`, inside the project at `root`.
    pub fn at(root: &Path, folder: PathBuf) -> Self {
        Self {
            root: root.to_path_buf(),
            folder,
        }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Every version, oldest first; none when the folder does not exist.
    pub fn list(&self) -> std::io::Result<Vec<SavedVersion>> {
        let entries = match std::fs::read_dir(&self.folder) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(err),
        };
        let mut versions = Vec::new();
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            if let Some((number, saved_at)) = parse_version_name(&name.to_string_lossy()) {
                versions.push(SavedVersion {
                    number,
                    saved_at,
                    path: entry.path(),
                });
            }
        }
        versions.sort_by_key(|v| v.number);
        Ok(versions)
    }

    pub fn find(&self, number: u64) -> std::io::Result<Option<SavedVersion>> {
        Ok(self.list()?.into_iter().find(|v| v.number == number))
    }

    /// Keeps `contents` as the newest version, unless the newest already
    /// holds exactly these bytes (a save interrupted after keeping it).
    pub fn keep(&self, contents: &[u8], saved_at: SystemTime) -> std::io::Result<Option<SavedVersion>> {
        let versions = self.list()?;
        if let Some(newest) = versions.last()
            && std::fs::read(&newest.path).is_ok_and(|bytes| bytes == contents)
        {
            return Ok(None);
        }
        let number = versions.last().map_or(1, |v| v.number + 1);
        let path = self.folder.join(version_name(number, saved_at));
        atomic_write_in(&self.root, &path, contents)?;
        Ok(Some(SavedVersion { number, saved_at, path }))
    }

    /// Deletes what `policy` does not keep, and what interrupted saves left
    /// behind; returns the deleted numbers.
    pub fn prune(&self, now: SystemTime, policy: RetentionPolicy) -> std::io::Result<Vec<u64>> {
        // A linked history folder may lead outside the project: nothing there is ours.
        check_write_path(&self.root, &self.folder)?;
        remove_stale_temporaries_in(&self.folder, ".");
        let versions = self.list()?;
        let doomed = versions_to_delete(&versions, now, policy);
        for version in versions.iter().filter(|v| doomed.contains(&v.number)) {
            std::fs::remove_file(&version.path)?;
        }
        Ok(doomed)
    }
}

/// `annotations/<annotator>/.history/<doc id>` below `root`.
pub fn history_folder(root: &Path, annotator: &str, doc_id: &str) -> PathBuf {
    root.join(ANNOTATIONS_FOLDER)
        .join(annotator)
        .join(HISTORY_FOLDER)
        .join(doc_id)
}

/// The numbers of `versions` that `policy` drops at time `now`.
pub fn versions_to_delete(versions: &[SavedVersion], now: SystemTime, policy: RetentionPolicy) -> Vec<u64> {
    let mut by_age: Vec<&SavedVersion> = versions.iter().collect();
    by_age.sort_by_key(|v| std::cmp::Reverse((v.saved_at, v.number)));
    let mut kept_hours = std::collections::HashSet::new();
    let mut kept_days = std::collections::HashSet::new();
    let mut doomed = Vec::new();
    for (rank, version) in by_age.iter().enumerate() {
        let age = now.duration_since(version.saved_at).unwrap_or_default();
        let seconds = unix_millis(version.saved_at) / 1000;
        let (hour, day) = (seconds / 3600, seconds / 86_400);
        // Newest first: a bucket already holding a kept version needs no older one.
        let keep = rank < policy.newest
            || (age <= policy.hourly_for && !kept_hours.contains(&hour))
            || (age <= policy.daily_for && !kept_days.contains(&day));
        if keep {
            kept_hours.insert(hour);
            kept_days.insert(day);
        } else {
            doomed.push(version.number);
        }
    }
    doomed.sort_unstable();
    doomed
}

fn version_name(number: u64, saved_at: SystemTime) -> String {
    format!("{number:06}-{}.json", unix_millis(saved_at))
}

fn parse_version_name(name: &str) -> Option<(u64, SystemTime)> {
    let (number, millis) = name.strip_suffix(".json")?.split_once('-')?;
    if !number.bytes().all(|b| b.is_ascii_digit()) || !millis.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let saved_at = UNIX_EPOCH.checked_add(Duration::from_millis(millis.parse().ok()?))?;
    Some((number.parse().ok()?, saved_at))
}

fn unix_millis(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(number: u64, saved_at: SystemTime) -> SavedVersion {
        SavedVersion {
            number,
            saved_at,
            path: PathBuf::new(),
        }
    }

    #[test]
    fn names_round_trip_and_foreign_files_are_ignored() {
        let at = UNIX_EPOCH + Duration::from_millis(1_714_559_520_123);
        let name = version_name(17, at);
        assert_eq!(name, "000017-1714559520123.json");
        assert_eq!(parse_version_name(&name), Some((17, at)));
        for foreign in [
            "notes.json",
            ".000017-1.json.5-0.tmp",
            "17-x.json",
            "-1.json",
            "1-2.txt",
        ] {
            assert_eq!(parse_version_name(foreign), None, "{foreign}");
        }
    }

    #[test]
    fn pruning_keeps_the_newest_then_one_per_hour_then_one_per_day() {
        let now = UNIX_EPOCH + Duration::from_secs(400 * 86_400);
        let policy = RetentionPolicy {
            newest: 3,
            hourly_for: Duration::from_secs(2 * 3600),
            daily_for: Duration::from_secs(3 * 86_400),
        };
        let minutes_ago = |m: u64| now - Duration::from_secs(m * 60);
        let versions = vec![
            version(1, minutes_ago(10 * 24 * 60)), // older than any bucket: dropped
            version(2, minutes_ago(2 * 24 * 60 - 60)),
            version(3, minutes_ago(2 * 24 * 60 - 120)), // last of its day: kept
            version(4, minutes_ago(100)),               // last of its hour
            version(5, minutes_ago(99)),
            version(6, minutes_ago(3)),
            version(7, minutes_ago(2)),
            version(8, minutes_ago(1)),
        ];
        let doomed = versions_to_delete(&versions, now, policy);
        // 6, 7, 8 are the newest; 5 is the last of its hour (4 shares it,
        // being older); 3 is the last of its day (2 shares it).
        assert_eq!(doomed, [1, 2, 4]);
    }

    #[test]
    fn keeping_the_same_bytes_twice_adds_one_version() {
        let dir = tempfile::tempdir().unwrap();
        let store = VersionStore::at(dir.path(), dir.path().join("h"));
        let now = SystemTime::now();
        assert_eq!(store.keep(b"one", now).unwrap().unwrap().number, 1);
        assert_eq!(store.keep(b"one", now).unwrap(), None);
        assert_eq!(store.keep(b"two", now).unwrap().unwrap().number, 2);
        let numbers: Vec<u64> = store.list().unwrap().iter().map(|v| v.number).collect();
        assert_eq!(numbers, [1, 2]);
    }
}
