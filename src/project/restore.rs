//! Bringing back an earlier version of an annotation file.

use super::atomic::{SaveError, SaveOutcome};
use super::folder::Project;
use super::safe_fs::read_annotation_bytes;
use super::save_job::SaveJob;
use super::versions::{SavedVersion, VersionStore};
use crate::annotations::{AnnotationFile, Problem, check_against, read_json};
use crate::text::sha256_hex;

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("no document \"{0}\" in this project")]
    NoSuchDocument(String),
    #[error("{file}: no earlier version {number} (see --list)")]
    NoSuchVersion { file: String, number: u64 },
    #[error("cannot read the earlier versions in {folder}: {source}")]
    Unreadable {
        folder: String,
        #[source]
        source: std::io::Error,
    },
    #[error("version {number} is a version of document \"{belongs_to}\", not of \"{doc_id}\"; not restored")]
    OtherDocument {
        number: u64,
        doc_id: String,
        belongs_to: String,
    },
    #[error("version {number} cannot be restored: {reason}")]
    Damaged { number: u64, reason: String },
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// An earlier version as the version list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSummary {
    pub version: SavedVersion,
    /// Entities, relations and status, or why the version cannot be read.
    pub contents: Result<(usize, usize, crate::annotations::Status), String>,
}

/// The earlier versions of `annotator`'s file for `doc_id`, oldest first.
pub fn list_versions(project: &Project, annotator: &str, doc_id: &str) -> Result<Vec<VersionSummary>, RestoreError> {
    let store = VersionStore::for_document(project, annotator, doc_id);
    let versions = store.list().map_err(|source| RestoreError::Unreadable {
        folder: store.folder().display().to_string(),
        source,
    })?;
    Ok(versions
        .into_iter()
        .map(|version| {
            let contents = read_version(&version).map(|file| (file.entities.len(), file.relations.len(), file.status));
            VersionSummary { version, contents }
        })
        .collect())
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub outcome: SaveOutcome,
    /// Problems of the restored file against today's text and schema (the
    /// text may have changed since that version was saved).
    pub problems: Vec<Problem>,
}

/// Makes version `number` the current file again. The current file goes into
/// the history first, so a restore can itself be undone.
pub fn restore_version(
    project: &Project,
    annotator: &str,
    doc_id: &str,
    number: u64,
) -> Result<Restored, RestoreError> {
    if project.document(doc_id).is_none() {
        return Err(RestoreError::NoSuchDocument(doc_id.to_owned()));
    }
    let file_name = project.annotation_file_name(annotator, doc_id);
    let store = VersionStore::for_document(project, annotator, doc_id);
    let version = store
        .find(number)
        .map_err(|source| RestoreError::Unreadable {
            folder: store.folder().display().to_string(),
            source,
        })?
        .ok_or_else(|| RestoreError::NoSuchVersion {
            file: file_name.clone(),
            number,
        })?;
    let restored = read_version(&version).map_err(|reason| RestoreError::Damaged { number, reason })?;
    // A version copied or linked in from another document's history would
    // put that document's annotations on this text.
    if restored.document.id != doc_id {
        return Err(RestoreError::OtherDocument {
            number,
            doc_id: doc_id.to_owned(),
            belongs_to: restored.document.id,
        });
    }
    let contents = read_annotation_bytes(&version.path)
        .and_then(|bytes| bytes.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)))
        .map_err(|err| RestoreError::Damaged {
            number,
            reason: err.to_string(),
        })?;
    let path = project.annotation_path(annotator, doc_id);
    let current_sha256 = match read_annotation_bytes(&path) {
        Ok(bytes) => bytes.as_deref().map(sha256_hex),
        Err(source) => {
            return Err(SaveError::Io {
                file: file_name,
                source,
            }
            .into());
        }
    };
    let text = project.load_text(doc_id).map_err(|err| RestoreError::Damaged {
        number,
        reason: err.to_string(),
    })?;
    let mut job = SaveJob::replace(project, annotator, doc_id, contents, current_sha256, &text);
    // The version belongs to the text it was made for, which may not be today's.
    job.text_snapshot = None;
    let outcome = job.run()?;
    let problems = check_against(&file_name, &restored, &text, project.schema());
    Ok(Restored { outcome, problems })
}

fn read_version(version: &SavedVersion) -> Result<AnnotationFile, String> {
    let name = version.path.display().to_string();
    let json = read_json(&version.path, &name).map_err(|err| err.to_string())?;
    AnnotationFile::parse(&name, &json).map_err(|err| err.to_string())
}
