//! A project folder: its texts, its schema and its annotation files.

mod annotator;
mod atomic;
mod autosave;
mod folder;
mod ignore_file;
mod lock;
mod open_document;
mod restore;
mod safe_fs;
mod save_job;
mod scope;
mod stats;
mod summary;
mod termination;
mod text_snapshots;
mod time_display;
mod versions;

pub use annotator::{AnnotatorNameError, check_annotator_name};
pub(crate) use atomic::remove_stale_temporaries_in;
pub use atomic::{
    SaveError, SaveOutcome, atomic_write, atomic_write_in, is_read_only, save_if_unchanged_on_disk, save_lock_path,
};
pub use autosave::{AutosavePolicy, AutosaveTimer, Clock, ManualClock, ScaledClock, SystemClock};
pub use folder::{
    ANNOTATIONS_FOLDER, DocumentEntry, Project, ProjectError, SCHEMA_FILE_NAME, SchemaOrigin, annotators_in,
};
pub use ignore_file::IGNORE_FILE_NAME;
pub use lock::{AnnotatorLock, LOCK_FILE_NAME, LockError, LockHolder, lock_path, process_is_alive, read_holder};
pub use open_document::{OpenDocument, OpenError};
pub use restore::{RestoreError, Restored, VersionSummary, list_versions, restore_version};
pub use safe_fs::{
    ANNOTATION_FILE_LIMIT, MAX_NAME_BYTES, SCHEMA_FILE_LIMIT, check_write_path, overlong_component,
    read_annotation_bytes, read_limited_text, read_regular_file,
};
pub use save_job::{SaveContents, SaveJob};
pub use scope::{ProjectScope, Scopes, scopes_of};
pub use stats::{AnnotatorStats, ProjectStats, project_stats};
pub use summary::DocumentSummary;
pub use termination::on_termination;
pub use text_snapshots::{TEXTS_FOLDER, TextSnapshot, load_text_snapshot, text_snapshot_path};
pub use time_display::display_time;
pub use versions::{HISTORY_FOLDER, RetentionPolicy, SavedVersion, VersionStore, history_folder, versions_to_delete};
