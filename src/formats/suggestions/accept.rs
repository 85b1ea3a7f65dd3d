//! Turning suggestions into one undoable edit.

use crate::annotations::{AnnotationSet, Edit, EditError, Entity};
use crate::schema::LabelSchema;

use super::Suggestion;

/// The edit that adds the acceptable suggestions, and why the others were
/// not added.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptPlan {
    /// One [`Edit::Batch`] of [`Edit::AddEntity`]: undone in one step.
    /// `None` when nothing can be added.
    pub edit: Option<Edit>,
    pub added: usize,
    pub skipped: Vec<(Suggestion, String)>,
}

/// The edit that accepts `suggestions` into `set`, skipping those that
/// duplicate an entity already there (or accepted earlier in the list) and
/// those the schema refuses.
pub fn accept(set: &AnnotationSet, schema: &LabelSchema, text_len: usize, suggestions: &[Suggestion]) -> AcceptPlan {
    let mut trial = set.clone();
    let mut edits = Vec::new();
    let mut skipped = Vec::new();
    for suggestion in suggestions {
        let mut entity = Entity::new(
            trial.fresh_entity_id(),
            &suggestion.label,
            suggestion.start,
            suggestion.end,
        );
        entity.attributes = suggestion.attributes.clone();
        let edit = Edit::AddEntity {
            entity,
            relations: Vec::new(),
        };
        match trial.apply(&edit, schema, text_len) {
            Ok(()) => edits.push(edit),
            Err(EditError::DuplicateEntity { .. }) => {
                skipped.push((suggestion.clone(), "already annotated with this label".to_owned()));
            }
            Err(err) => skipped.push((suggestion.clone(), err.to_string())),
        }
    }
    AcceptPlan {
        added: edits.len(),
        edit: (!edits.is_empty()).then_some(Edit::Batch(edits)),
        skipped,
    }
}

/// Accepts every suggestion whose score is at least `min_score`; those
/// without a score are left alone.
pub fn accept_above(
    set: &AnnotationSet,
    schema: &LabelSchema,
    text_len: usize,
    suggestions: &[Suggestion],
    min_score: f64,
) -> AcceptPlan {
    let chosen: Vec<Suggestion> = suggestions
        .iter()
        .filter(|s| s.score.is_some_and(|score| score >= min_score))
        .cloned()
        .collect();
    accept(set, schema, text_len, &chosen)
}
