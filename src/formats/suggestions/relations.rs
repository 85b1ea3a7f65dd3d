//! Relations a model suggests, stored beside its entity suggestions: each
//! names its two ends by span and label, so it can be accepted once both
//! ends are annotated, whichever entity ids they get.

use serde::{Deserialize, Serialize};

use crate::annotations::{AnnotationSet, Edit, Entity};
use crate::project::Project;
use crate::schema::LabelSchema;
use crate::text::Document;

use super::store::{SUGGESTIONS_FORMAT, SuggestionError, SuggestionFile, parse_checked, sources, suggestion_file_name};

/// One end of a suggested relation: an entity by its label and span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationEnd {
    pub label: String,
    pub start: usize,
    pub end: usize,
}

/// "LABEL at start..end": where the end is, for messages.
impl std::fmt::Display for RelationEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}..{}", self.label, self.start, self.end)
    }
}

impl RelationEnd {
    fn is(&self, entity: &Entity) -> bool {
        entity.label == self.label && entity.start == self.start && entity.end == self.end
    }
}

/// A relation as stored in a suggestions file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelationRecord {
    pub label: String,
    pub head: RelationEnd,
    pub tail: RelationEnd,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// A suggested relation from one source.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationSuggestion {
    pub source: String,
    pub label: String,
    pub head: RelationEnd,
    pub tail: RelationEnd,
    pub score: Option<f64>,
}

impl RelationSuggestion {
    pub(crate) fn record(&self) -> RelationRecord {
        RelationRecord {
            label: self.label.clone(),
            head: self.head.clone(),
            tail: self.tail.clone(),
            score: self.score,
        }
    }

    /// The annotated entities at both ends, when both are there.
    pub fn ends_in<'a>(&self, set: &'a AnnotationSet) -> Option<(&'a Entity, &'a Entity)> {
        let find = |end: &RelationEnd| {
            set.entities_overlapping(end.start, end.end)
                .find(|entity| end.is(entity))
        };
        Some((find(&self.head)?, find(&self.tail)?))
    }
}

/// The stored relation suggestions for `document` from every source, less
/// those `set` already holds (same label between the same ends) and those
/// `annotator` rejected.
pub fn relation_suggestions_for(
    project: &Project,
    document: &Document,
    annotator: &str,
    set: &AnnotationSet,
) -> (Vec<RelationSuggestion>, Vec<SuggestionError>) {
    let (mut found, problems) = read_relation_suggestions(project, document, annotator);
    found.retain(|suggestion| !is_annotated(set, suggestion));
    (found, problems)
}

/// Whether `set` has the relation `suggestion` proposes already.
pub fn is_annotated(set: &AnnotationSet, suggestion: &RelationSuggestion) -> bool {
    suggestion.ends_in(set).is_some_and(|(head, tail)| {
        set.relations()
            .iter()
            .any(|r| r.label == suggestion.label && r.head == head.id && r.tail == tail.id)
    })
}

/// Every relation suggestion stored for `document` that `annotator` has
/// not rejected, read from the files of each source (the disk part of
/// [`relation_suggestions_for`]).
pub fn read_relation_suggestions(
    project: &Project,
    document: &Document,
    annotator: &str,
) -> (Vec<RelationSuggestion>, Vec<SuggestionError>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let rejections = super::Rejections::load(project, document, annotator).unwrap_or_else(|err| {
        problems.push(err);
        super::Rejections::default()
    });
    for source in sources(project) {
        let file_name = suggestion_file_name(&source, document.id());
        let json = match crate::project::read_limited_text(&project.root().join(&file_name)) {
            Ok(json) => json,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => {
                problems.push(SuggestionError::Unreadable {
                    file: file_name,
                    source: err,
                });
                continue;
            }
        };
        match parse_checked::<SuggestionFile>(&file_name, &json, SUGGESTIONS_FORMAT, document, |f| &f.document) {
            Ok(file) => found.extend(
                file.relations
                    .into_iter()
                    .map(|r| RelationSuggestion {
                        source: source.clone(),
                        label: r.label,
                        head: r.head,
                        tail: r.tail,
                        score: r.score,
                    })
                    .filter(|suggestion| !rejections.contains_relation(suggestion)),
            ),
            Err(err) => problems.push(err),
        }
    }
    (found, problems)
}

/// The edit that adds `suggestion` to `set`: only once both its ends are
/// annotated, and as the schema allows.
pub fn accept_relation(
    set: &AnnotationSet,
    schema: &LabelSchema,
    text_len: usize,
    suggestion: &RelationSuggestion,
) -> Result<Edit, String> {
    let Some((head, tail)) = suggestion.ends_in(set) else {
        return Err(format!(
            "accept both ends first: {} and {}",
            suggestion.head, suggestion.tail
        ));
    };
    let edit = set.add_relation_edit(&suggestion.label, &head.id, &tail.id);
    let mut trial = set.clone();
    trial.apply(&edit, schema, text_len).map_err(|err| err.to_string())?;
    Ok(edit)
}
