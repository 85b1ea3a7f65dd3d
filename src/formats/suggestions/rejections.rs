//! What an annotator rejected, so it is not offered again: entity
//! suggestions by span and label, relation suggestions by label and ends.

use serde::{Deserialize, Serialize};

use crate::annotations::StoredDocument;
use crate::project::{Project, atomic_write_in};
use crate::text::Document;

use super::Suggestion;
use super::relations::{RelationEnd, RelationSuggestion};
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
    /// Absent in files with no rejected relation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rejected_relations: Vec<RejectedRelation>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectedRelation {
    label: String,
    head: RelationEnd,
    tail: RelationEnd,
}

impl RejectedRelation {
    fn of(suggestion: &RelationSuggestion) -> Self {
        Self {
            label: suggestion.label.clone(),
            head: suggestion.head.clone(),
            tail: suggestion.tail.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectedRecord {
    start: usize,
    end: usize,
    label: String,
    text: String,
}

/// The spans and labels, and the relations, one annotator rejected in one
/// document.
#[derive(Clone, Debug, Default)]
pub struct Rejections {
    rejected: Vec<RejectedRecord>,
    rejected_relations: Vec<RejectedRelation>,
}

fn file_name(annotator: &str, doc_id: &str) -> String {
    format!("{REJECTIONS_FOLDER}/{annotator}/{doc_id}.json")
}

impl Rejections {
    /// The annotator's rejections for `document`; none when there is no
    /// file. A file made for an earlier version of the text is an error.
    pub fn load(project: &Project, document: &Document, annotator: &str) -> Result<Self, SuggestionError> {
        let name = file_name(annotator, document.id());
        match crate::project::read_limited_text(&project.root().join(&name)) {
            Ok(json) => {
                let file: RejectionFile =
                    parse_checked(&name, &json, REJECTIONS_FORMAT, document, |f: &RejectionFile| {
                        &f.document
                    })?;
                Ok(Self {
                    rejected: file.rejected,
                    rejected_relations: file.rejected_relations,
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

    /// Whether this relation (label and both ends) was rejected, whatever
    /// its source.
    pub fn contains_relation(&self, suggestion: &RelationSuggestion) -> bool {
        self.rejected_relations.contains(&RejectedRelation::of(suggestion))
    }

    /// The rejected (label, start, end).
    pub fn spans(&self) -> impl Iterator<Item = (&str, usize, usize)> {
        self.rejected.iter().map(|r| (r.label.as_str(), r.start, r.end))
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
    let mut rejections = loaded_for_update(project, document, annotator)?;
    for suggestion in suggestions {
        let record = RejectedRecord {
            start: suggestion.start,
            end: suggestion.end,
            label: suggestion.label.clone(),
            text: suggestion.text.clone(),
        };
        if !rejections.rejected.contains(&record) {
            rejections.rejected.push(record);
        }
    }
    write(project, document, annotator, rejections)
}

/// Records that `annotator` rejected the relation `suggestions` in
/// `document`, as [`reject`] does for entities.
pub fn reject_relations(
    project: &Project,
    document: &Document,
    annotator: &str,
    suggestions: &[RelationSuggestion],
) -> Result<(), SuggestionError> {
    let mut rejections = loaded_for_update(project, document, annotator)?;
    for suggestion in suggestions {
        let record = RejectedRelation::of(suggestion);
        if !rejections.rejected_relations.contains(&record) {
            rejections.rejected_relations.push(record);
        }
    }
    write(project, document, annotator, rejections)
}

/// The rejections to add to: none when the file is of an earlier text.
fn loaded_for_update(project: &Project, document: &Document, annotator: &str) -> Result<Rejections, SuggestionError> {
    match Rejections::load(project, document, annotator) {
        Ok(existing) => Ok(existing),
        Err(SuggestionError::Stale { .. }) => Ok(Rejections::default()),
        Err(err) => Err(err),
    }
}

fn write(
    project: &Project,
    document: &Document,
    annotator: &str,
    rejections: Rejections,
) -> Result<(), SuggestionError> {
    let Rejections {
        mut rejected,
        mut rejected_relations,
    } = rejections;
    rejected.sort();
    rejected_relations.sort();
    let file = RejectionFile {
        format: REJECTIONS_FORMAT.to_owned(),
        version: REJECTIONS_VERSION,
        document: stored_document(document),
        annotator: annotator.to_owned(),
        rejected,
        rejected_relations,
    };
    let name = file_name(annotator, document.id());
    let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
    json.push('\n');
    atomic_write_in(project.root(), &project.root().join(&name), json.as_bytes())
        .map_err(|source| SuggestionError::Unwritable { file: name, source })
}
