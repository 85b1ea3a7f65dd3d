//! The annotation file: one JSON file per document per annotator.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{AttributeValue, Entity, Relation, Status, id_number};
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
        check_header(file, json)?;
        serde_json::from_str(json).map_err(json_error)
    }

    /// Status and counts only, for lists of many documents: the rest of the
    /// file is skipped unread.
    pub fn counts(file: &str, json: &str) -> Result<FileCounts, FileError> {
        check_header(file, json)?;
        let counts: CountsOnly = serde_json::from_str(json).map_err(|err| FileError::Json {
            file: file.to_owned(),
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        })?;
        Ok(FileCounts {
            status: counts.status,
            entities: counts.entities.len(),
            relations: counts.relations.len(),
        })
    }

    /// Reads and parses the file at `path`: only a regular file, and only
    /// up to [`crate::project::ANNOTATION_FILE_LIMIT`] bytes.
    pub fn load(path: &std::path::Path, file: &str) -> Result<Self, FileError> {
        Self::parse(file, &read_json(path, file)?)
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
        let mut json = if self.is_in_canonical_order() {
            serde_json::to_string_pretty(self)
        } else {
            let mut sorted = self.clone();
            sorted.entities.sort_by(|a, b| entity_key(a).cmp(&entity_key(b)));
            sorted.relations.sort_by(|a, b| relation_key(a).cmp(&relation_key(b)));
            serde_json::to_string_pretty(&sorted)
        }
        .unwrap_or_default();
        json.push('\n');
        json
    }

    fn is_in_canonical_order(&self) -> bool {
        self.entities.is_sorted_by(|a, b| entity_key(a) <= entity_key(b))
            && self.relations.is_sorted_by(|a, b| relation_key(a) <= relation_key(b))
    }
}

/// A file's status and how many entities and relations it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileCounts {
    pub status: Status,
    pub entities: usize,
    pub relations: usize,
}

#[derive(Deserialize)]
struct CountsOnly {
    status: Status,
    entities: Vec<serde::de::IgnoredAny>,
    relations: Vec<serde::de::IgnoredAny>,
}

/// A file with `count` copies of one entity (same id, label and span: the
/// first `label` span of `document`'s first word), every duplicate an error:
/// the worst case for the checks, which must stay O(n log n). The test suite
/// checks its findings; the benchmark can time `validate` on it.
pub fn repeated_entity_file(document: &Document, annotator: &str, label: &str, count: usize) -> AnnotationFile {
    let (start, end) = crate::text::tokenize(document.text())
        .first()
        .map_or((0, 0), |token| (token.start, token.end));
    let entity = EntityRecord {
        id: "e1".to_owned(),
        label: label.to_owned(),
        start,
        end,
        text: document.slice(start, end).unwrap_or_default().to_owned(),
        attributes: BTreeMap::new(),
        note: None,
        comment: None,
    };
    let mut file = AnnotationFile::from_set(&AnnotationSet::default(), document, annotator);
    file.entities = vec![entity; count];
    file
}

/// The text of the annotation file at `path` (named `file` in errors): a
/// regular file within the size limit, in UTF-8.
pub fn read_json(path: &std::path::Path, file: &str) -> Result<String, FileError> {
    let unreadable = |source| FileError::Unreadable {
        file: file.to_owned(),
        source,
    };
    let bytes =
        crate::project::read_regular_file(path, Some(crate::project::ANNOTATION_FILE_LIMIT)).map_err(unreadable)?;
    String::from_utf8(bytes).map_err(|err| {
        unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not valid UTF-8 at byte {}", err.utf8_error().valid_up_to()),
        ))
    })
}

/// Refuses a file of another format or a newer version before the rest is
/// read, so it is reported as such rather than as malformed. Only the
/// header is built; the rest is skipped unread.
fn check_header(file: &str, json: &str) -> Result<(), FileError> {
    let header = match serde_json::from_str::<Header>(json) {
        Ok(header) => header,
        // Valid JSON that is not an object is another kind of file; broken
        // JSON is reported where it breaks.
        Err(_) => {
            return match serde_json::from_str::<serde::de::IgnoredAny>(json) {
                Ok(_) => Err(FileError::WrongFormat {
                    file: file.to_owned(),
                    found: String::new(),
                }),
                Err(err) => Err(FileError::Json {
                    file: file.to_owned(),
                    line: err.line(),
                    column: err.column(),
                    message: err.to_string(),
                }),
            };
        }
    };
    let format = header.format.as_ref().and_then(|f| f.as_str()).unwrap_or_default();
    if format != FORMAT_NAME {
        return Err(FileError::WrongFormat {
            file: file.to_owned(),
            found: format.to_owned(),
        });
    }
    if let Some(version) = header.version.as_ref().and_then(serde_json::Value::as_u64)
        && version > u64::from(FORMAT_VERSION)
    {
        return Err(FileError::NewerVersion {
            file: file.to_owned(),
            found: version,
        });
    }
    Ok(())
}

/// Just the fields that say which format a file is in.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

/// The order of entities in a file: start, end, label, then id.
fn entity_key(entity: &EntityRecord) -> (usize, usize, &str, u64, &str) {
    (
        entity.start,
        entity.end,
        &entity.label,
        id_number(&entity.id),
        &entity.id,
    )
}

fn relation_key(relation: &RelationRecord) -> (u64, &str) {
    (id_number(&relation.id), &relation.id)
}
