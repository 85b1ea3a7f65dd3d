//! The annotation file: one JSON file per document per annotator.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{AttributeValue, Entity, Relation, Status};
use super::set::AnnotationSet;
use crate::text::Document;

pub const FORMAT_NAME: &str = "spanwright.annotations";
pub const FORMAT_VERSION: u32 = 1;

/// The file as stored. Unknown fields are refused rather than dropped, so
/// that saving never loses what another version wrote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationFile {
    pub format: String,
    pub version: u32,
    pub document: StoredDocument,
    pub annotator: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub entities: Vec<EntityRecord>,
    pub relations: Vec<RelationRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredDocument {
    pub id: String,
    pub sha256: String,
    pub length: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRecord {
    pub id: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default)]
    pub attributes: BTreeMap<String, AttributeValue>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationRecord {
    pub id: String,
    pub label: String,
    pub head: String,
    pub tail: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{file}:{line}:{column}: invalid JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: not a Spanwright annotation file (format is \"{found}\", expected \"{FORMAT_NAME}\")")]
    WrongFormat { file: String, found: String },
    #[error(
        "{file}: written by a newer Spanwright (format version {found}; this version reads up to {FORMAT_VERSION}); it is left untouched"
    )]
    NewerVersion { file: String, found: u64 },
    #[error("{file}: cannot read: {source}")]
    Unreadable {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

impl AnnotationFile {
    /// Parses a file's contents; `file` names it in every error. The format
    /// and version are checked before the rest, so a newer file is reported
    /// as newer rather than as malformed.
    pub fn parse(file: &str, json: &str) -> Result<Self, FileError> {
        let json_error = |err: serde_json::Error| FileError::Json {
            file: file.to_owned(),
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(json).map_err(json_error)?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or_default();
        if format != FORMAT_NAME {
            return Err(FileError::WrongFormat {
                file: file.to_owned(),
                found: format.to_owned(),
            });
        }
        if let Some(version) = value.get("version").and_then(serde_json::Value::as_u64)
            && version > u64::from(FORMAT_VERSION)
        {
            return Err(FileError::NewerVersion {
                file: file.to_owned(),
                found: version,
            });
        }
        // Parsed again from the text, not the value, so errors keep their line.
        serde_json::from_str(json).map_err(json_error)
    }

    pub fn load(path: &std::path::Path, file: &str) -> Result<Self, FileError> {
        let json = std::fs::read_to_string(path).map_err(|source| FileError::Unreadable {
            file: file.to_owned(),
            source,
        })?;
        Self::parse(file, &json)
    }

    /// The file for `set` on `document`, with each entity's text taken from
    /// the document.
    pub fn from_set(set: &AnnotationSet, document: &Document, annotator: &str) -> Self {
        Self {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            document: StoredDocument {
                id: document.id().to_owned(),
                sha256: document.sha256().to_owned(),
                length: document.char_len(),
            },
            annotator: annotator.to_owned(),
            status: set.status(),
            comment: set.comment().map(str::to_owned),
            entities: set
                .entities()
                .iter()
                .map(|e| EntityRecord {
                    id: e.id.clone(),
                    label: e.label.clone(),
                    start: e.start,
                    end: e.end,
                    text: document.slice(e.start, e.end).unwrap_or_default().to_owned(),
                    attributes: e.attributes.clone(),
                    note: e.note.clone(),
                    comment: e.comment.clone(),
                })
                .collect(),
            relations: set
                .relations()
                .iter()
                .map(|r| RelationRecord {
                    id: r.id.clone(),
                    label: r.label.clone(),
                    head: r.head.clone(),
                    tail: r.tail.clone(),
                    note: r.note.clone(),
                    comment: r.comment.clone(),
                })
                .collect(),
        }
    }

    /// The set this file describes, exactly as stored, valid or not.
    pub fn to_set(&self) -> AnnotationSet {
        AnnotationSet::from_parts(
            self.entities
                .iter()
                .map(|e| Entity {
                    id: e.id.clone(),
                    label: e.label.clone(),
                    start: e.start,
                    end: e.end,
                    attributes: e.attributes.clone(),
                    note: e.note.clone(),
                    comment: e.comment.clone(),
                })
                .collect(),
            self.relations
                .iter()
                .map(|r| Relation {
                    id: r.id.clone(),
                    label: r.label.clone(),
                    head: r.head.clone(),
                    tail: r.tail.clone(),
                    note: r.note.clone(),
                    comment: r.comment.clone(),
                })
                .collect(),
            self.status,
        )
        .with_comment(self.comment.clone())
    }

    /// Pretty-printed JSON in the canonical order, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        let set = self.to_set();
        let by_id: BTreeMap<&str, &EntityRecord> = self.entities.iter().map(|e| (e.id.as_str(), e)).collect();
        if by_id.len() == self.entities.len() {
            sorted.entities = set.entities().iter().map(|e| by_id[e.id.as_str()].clone()).collect();
        }
        sorted
            .relations
            .sort_by(|a, b| (super::model::id_number(&a.id), &a.id).cmp(&(super::model::id_number(&b.id), &b.id)));
        let mut json = serde_json::to_string_pretty(&sorted).unwrap_or_default();
        json.push('\n');
        json
    }
}
