//! The suggestion file of one source for one document, and the listing of a
//! document's suggestions across sources.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::annotations::{AnnotationSet, AttributeValue, StoredDocument};
use crate::project::Project;
use crate::text::{Document, natural_cmp};

use super::Suggestion;
use super::rejections::Rejections;
use super::spans::EntitySpans;

pub const SUGGESTIONS_FORMAT: &str = "spanwright.suggestions";
pub(crate) const SUGGESTIONS_VERSION: u32 = 1;
pub(crate) const SUGGESTIONS_FOLDER: &str = "suggestions";

#[derive(Debug, thiserror::Error)]
pub enum SuggestionError {
    #[error("{file}:{line}:{column}: invalid suggestions JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: not a {expected} file (format is \"{found}\")")]
    WrongFormat {
        file: String,
        expected: &'static str,
        found: String,
    },
    #[error("{file}: made for another version of the text of {document}; it no longer applies")]
    Stale { file: String, document: String },
    #[error("cannot read {file}: {source}")]
    Unreadable {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {file}: {source}")]
    Unwritable {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// `suggestions/<source>/<doc id>.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SuggestionFile {
    pub format: String,
    pub version: u32,
    pub document: StoredDocument,
    pub source: String,
    pub suggestions: Vec<SuggestionRecord>,
    /// Relations between suggested or annotated spans (model backends'
    /// `relation` results).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<super::relations::RelationRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SuggestionRecord {
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub attributes: std::collections::BTreeMap<String, AttributeValue>,
}

pub(crate) fn stored_document(document: &Document) -> StoredDocument {
    StoredDocument {
        id: document.id().to_owned(),
        sha256: document.sha256().to_owned(),
        length: document.char_len(),
    }
}

/// The file name, relative to the project, of `source`'s suggestions.
pub(crate) fn suggestion_file_name(source: &str, doc_id: &str) -> String {
    format!("{SUGGESTIONS_FOLDER}/{source}/{doc_id}.json")
}

impl SuggestionFile {
    pub(crate) fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }
}

/// Parses a JSON file of `expected` format, checking that it was made for
/// `document` as it is now.
pub(crate) fn parse_checked<T: for<'de> Deserialize<'de>>(
    file: &str,
    json: &str,
    expected: &'static str,
    document: &Document,
    stored: impl Fn(&T) -> &StoredDocument,
) -> Result<T, SuggestionError> {
    let json_error = |err: serde_json::Error| SuggestionError::Json {
        file: file.to_owned(),
        line: err.line(),
        column: err.column(),
        message: err.to_string(),
    };
    let value: serde_json::Value = serde_json::from_str(json).map_err(json_error)?;
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or_default();
    if format != expected {
        return Err(SuggestionError::WrongFormat {
            file: file.to_owned(),
            expected,
            found: format.to_owned(),
        });
    }
    let parsed: T = serde_json::from_str(json).map_err(json_error)?;
    let pinned = stored(&parsed);
    if pinned.id != document.id() || pinned.sha256 != document.sha256() || pinned.length != document.char_len() {
        return Err(SuggestionError::Stale {
            file: file.to_owned(),
            document: document.id().to_owned(),
        });
    }
    Ok(parsed)
}

/// A document's suggestions, and the files that could not be used.
#[derive(Debug, Default)]
pub struct SuggestionList {
    /// Sorted by start, end, label and source.
    pub suggestions: Vec<Suggestion>,
    pub problems: Vec<SuggestionError>,
}

/// The stored suggestions for `document` from every source, less those
/// `annotator` rejected and those `set` already holds (same span and label).
pub fn suggestions_for(project: &Project, document: &Document, annotator: &str, set: &AnnotationSet) -> SuggestionList {
    suggestions_for_spans(project, document, annotator, &EntitySpans::of(set))
}

/// [`suggestions_for`] against a set's [`EntitySpans`], for a background
/// job that holds those instead of the set.
pub fn suggestions_for_spans(
    project: &Project,
    document: &Document,
    annotator: &str,
    entities: &EntitySpans,
) -> SuggestionList {
    let mut list = SuggestionList::default();
    let rejections = match Rejections::load(project, document, annotator) {
        Ok(rejections) => rejections,
        Err(err) => {
            list.problems.push(err);
            Rejections::default()
        }
    };
    for source in sources(project) {
        let file_name = suggestion_file_name(&source, document.id());
        let path = project.root().join(&file_name);
        let json = match crate::project::read_limited_text(&path) {
            Ok(json) => json,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                list.problems.push(SuggestionError::Unreadable {
                    file: file_name,
                    source,
                });
                continue;
            }
        };
        match parse_checked::<SuggestionFile>(&file_name, &json, SUGGESTIONS_FORMAT, document, |f| &f.document) {
            Ok(file) => list
                .suggestions
                .extend(file.suggestions.into_iter().map(|record| Suggestion {
                    source: source.clone(),
                    label: record.label,
                    start: record.start,
                    end: record.end,
                    text: record.text,
                    score: record.score,
                    attributes: record.attributes,
                })),
            Err(err) => list.problems.push(err),
        }
    }
    list.suggestions
        .retain(|s| !rejections.contains(s) && !entities.has_exactly(s.start, s.end, &s.label));
    list.suggestions.sort_by(|a, b| {
        (a.start, a.end, &a.label)
            .cmp(&(b.start, b.end, &b.label))
            .then_with(|| natural_cmp(&a.source, &b.source))
    });
    list
}

/// Source folders under `suggestions/`, in natural order.
pub(crate) fn sources(project: &Project) -> Vec<String> {
    let folder: PathBuf = project.root().join(SUGGESTIONS_FOLDER);
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort_by(|a, b| natural_cmp(a, b));
    names
}
