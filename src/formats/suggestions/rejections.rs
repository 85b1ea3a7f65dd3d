//! What an annotator rejected, so it is not offered again.

use serde::{Deserialize, Serialize};

use crate::annotations::StoredDocument;
use crate::project::{Project, atomic_write};
use crate::text::Document;

use super::Suggestion;
use super::store::{SuggestionError, parse_checked, stored_document};

pub const REJECTIONS_FORMAT: &str = "spanwright.rejected-suggestions";
const REJECTIONS_VERSION: u32 = 1;
const REJECTIONS_FOLDER: &str = "rejected-suggestions";

/// `rejected-suggestions/<annotator>/<doc id>.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectionFile {
    format: String,
    version: u32,
    document: StoredDocument,
    annotator: String,
    rejected: Vec<RejectedRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectedRecord {
    start: usize,
    end: usize,
    label: String,
    text: String,
}

/// The spans and labels one annotator rejected in one document.
#[derive(Clone, Debug, Default)]
pub struct Rejections {
    rejected: Vec<RejectedRecord>,
}

fn file_name(annotator: &str, doc_id: &str) -> String {
    format!("{REJECTIONS_FOLDER}/{annotator}/{doc_id}.json")
}

impl Rejections {
    /// The annotator's rejections for `document`; none when there is no
    /// file. A file made for an earlier version of the text is an error.
    pub fn load(project: &Project, document: &Document, annotator: &str) -> Result<Self, SuggestionError> {
        let name = file_name(annotator, document.id());
        match std::fs::read_to_string(project.root().join(&name)) {
            Ok(json) => {
                let file: RejectionFile =
                    parse_checked(&name, &json, REJECTIONS_FORMAT, document, |f: &RejectionFile| {
                        &f.document
                    })?;
                Ok(Self {
                    rejected: file.rejected,
                })
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(SuggestionError::Unreadable { file: name, source }),
        }
    }

    /// Whether a suggestion of this span and label was rejected, whatever
    /// its source.
    pub fn contains(&self, suggestion: &Suggestion) -> bool {
        self.rejected
            .iter()
            .any(|r| suggestion.same_entity(&r.label, r.start, r.end))
    }

    /// Each rejected span and label: (start, end, label).
    pub fn spans(&self) -> impl Iterator<Item = (usize, usize, &str)> {
        self.rejected.iter().map(|r| (r.start, r.end, r.label.as_str()))
    }

    pub fn len(&self) -> usize {
        self.rejected.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rejected.is_empty()
    }
}

/// Records that `annotator` rejected `suggestions` in `document`. A file
/// left from an earlier version of the text is replaced, since its offsets
/// no longer mean anything.
pub fn reject(
    project: &Project,
    document: &Document,
    annotator: &str,
    suggestions: &[Suggestion],
) -> Result<(), SuggestionError> {
    let mut rejected = match Rejections::load(project, document, annotator) {
        Ok(existing) => existing.rejected,
        Err(SuggestionError::Stale { .. }) => Vec::new(),
        Err(err) => return Err(err),
    };
    for suggestion in suggestions {
        let record = RejectedRecord {
            start: suggestion.start,
            end: suggestion.end,
            label: suggestion.label.clone(),
            text: suggestion.text.clone(),
        };
        if !rejected.contains(&record) {
            rejected.push(record);
        }
    }
    rejected.sort();
    let file = RejectionFile {
        format: REJECTIONS_FORMAT.to_owned(),
        version: REJECTIONS_VERSION,
        document: stored_document(document),
        annotator: annotator.to_owned(),
        rejected,
    };
    let name = file_name(annotator, document.id());
    let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
    json.push('\n');
    atomic_write(&project.root().join(&name), json.as_bytes())
        .map_err(|source| SuggestionError::Unwritable { file: name, source })
}
