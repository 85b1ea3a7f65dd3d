//! One save of one annotation file: the text copy, the previous version into
//! the history, then the file itself, each written atomically.

use std::borrow::Cow;
use std::path::PathBuf;
use std::time::SystemTime;

use super::atomic::{SaveError, SaveOutcome, save_replacing};
use super::folder::Project;
use super::text_snapshots::TextSnapshot;
use super::versions::{RetentionPolicy, VersionStore};
use crate::annotations::AnnotationFile;
use crate::text::Document;

/// What a save writes: bytes ready to go, or a file still to be turned into
/// JSON, which then happens on the thread that runs the job.
#[derive(Clone, Debug)]
pub enum SaveContents {
    Bytes(Vec<u8>),
    File(Box<AnnotationFile>),
}

/// Everything a background writer needs to save one document.
#[derive(Clone, Debug)]
pub struct SaveJob {
    /// The project's folder: the save never writes outside it.
    pub root: PathBuf,
    pub path: PathBuf,
    pub file_name: String,
    pub contents: SaveContents,
    pub expected_sha256: Option<String>,
    pub generation: u64,
    /// Where the file being replaced is kept.
    pub history: VersionStore,
    /// The annotated text, stored once so that the annotations can follow
    /// later edits of the text; `None` once it is known to be stored.
    pub text_snapshot: Option<TextSnapshot>,
}

impl SaveJob {
    /// A job that replaces `annotator`'s file for `doc_id` with `contents`,
    /// provided the file on disk still has hash `expected_sha256`.
    pub fn replace(
        project: &Project,
        annotator: &str,
        doc_id: &str,
        contents: Vec<u8>,
        expected_sha256: Option<String>,
        text: &Document,
    ) -> Self {
        Self {
            root: project.root().to_path_buf(),
            path: project.annotation_path(annotator, doc_id),
            file_name: project.annotation_file_name(annotator, doc_id),
            contents: SaveContents::Bytes(contents),
            expected_sha256,
            generation: 0,
            history: VersionStore::for_document(project, annotator, doc_id),
            text_snapshot: Some(TextSnapshot::of(project.root(), text)),
        }
    }

    /// Writes the file unless it is unchanged; refuses when the file on disk
    /// is not the expected one. Nothing is replaced before its previous
    /// version is safely in the history.
    /// The bytes this job writes.
    pub fn contents(&self) -> Cow<'_, [u8]> {
        match &self.contents {
            SaveContents::Bytes(bytes) => Cow::Borrowed(bytes),
            SaveContents::File(file) => Cow::Owned(file.to_json().into_bytes()),
        }
    }

    pub fn run(&self) -> Result<SaveOutcome, SaveError> {
        let contents = self.contents();
        if let Some(snapshot) = &self.text_snapshot {
            snapshot.store().map_err(|source| SaveError::TextSnapshot {
                file: self.file_name.clone(),
                snapshot: snapshot.path().display().to_string(),
                source,
            })?;
        }
        let outcome = save_replacing(
            &self.root,
            &self.path,
            &self.file_name,
            &contents,
            self.expected_sha256.as_deref(),
            |previous, saved_at| {
                self.history
                    .keep(previous, saved_at)
                    .map(drop)
                    .map_err(|source| SaveError::History {
                        file: self.file_name.clone(),
                        folder: self.history.folder().display().to_string(),
                        source,
                    })
            },
        )?;
        if matches!(outcome, SaveOutcome::Written { .. }) {
            // Failing to delete old versions loses nothing; the next save retries.
            let _ = self.history.prune(SystemTime::now(), RetentionPolicy::DEFAULT);
        }
        Ok(outcome)
    }
}
