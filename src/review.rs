//! A reviewer's edits of an annotator's document: comments on the document,
//! an entity or a relation, marking it reviewed, and sending it back.
//!
//! Each is an ordinary [`Edit`], so it is undone like any other and saved in
//! the annotator's file (`comment` fields at the top level, on entities and
//! on relations).

use crate::annotations::{AnnotationSet, Edit, Status};

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("sending a document back needs a comment saying why")]
    NoComment,
    #[error("no entity \"{0}\"")]
    NoSuchEntity(String),
    #[error("no relation \"{0}\"")]
    NoSuchRelation(String),
}

/// A comment counts only if it has something besides whitespace.
fn meaningful(comment: Option<&str>) -> Option<String> {
    comment.filter(|c| !c.trim().is_empty()).map(str::to_owned)
}

/// Sets (or, with `None` or a blank text, clears) the comment on entity
/// `id`; `Ok(None)` when it already is so.
pub fn entity_comment_edit(set: &AnnotationSet, id: &str, comment: Option<&str>) -> Result<Option<Edit>, ReviewError> {
    if set.entity(id).is_none() {
        return Err(ReviewError::NoSuchEntity(id.to_owned()));
    }
    Ok(set.change_entity_edit(id, |e| e.comment = meaningful(comment)))
}

/// Sets or clears the comment on relation `id`.
pub fn relation_comment_edit(
    set: &AnnotationSet,
    id: &str,
    comment: Option<&str>,
) -> Result<Option<Edit>, ReviewError> {
    if set.relation(id).is_none() {
        return Err(ReviewError::NoSuchRelation(id.to_owned()));
    }
    Ok(set.change_relation_edit(id, |r| r.comment = meaningful(comment)))
}

/// Sets or clears the document-level comment.
pub fn document_comment_edit(set: &AnnotationSet, comment: Option<&str>) -> Option<Edit> {
    set.set_comment_edit(comment)
}

/// Marks the document reviewed; `None` when it already is.
pub fn mark_reviewed_edit(set: &AnnotationSet) -> Option<Edit> {
    set.set_status_edit(Status::Reviewed)
}

/// Sends the document back to its annotator: status `in_progress` and the
/// reviewer's comment on the document, as one step.
pub fn send_back_edit(set: &AnnotationSet, comment: &str) -> Result<Edit, ReviewError> {
    if comment.trim().is_empty() {
        return Err(ReviewError::NoComment);
    }
    let edits: Vec<Edit> = [
        set.set_status_edit(Status::InProgress),
        set.set_comment_edit(Some(comment)),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Entity, History, Relation};
    use crate::schema::LabelSchema;

    fn done_set() -> AnnotationSet {
        AnnotationSet::from_parts(
            vec![Entity::new("e1", "PERSON", 0, 4), Entity::new("e2", "ROLE", 5, 10)],
            vec![Relation::new("r1", "HOLDS_ROLE", "e1", "e2")],
            Status::Done,
        )
    }

    #[test]
    fn send_back_sets_status_and_comment_in_one_undoable_step() {
        let schema = LabelSchema::bundled();
        let mut set = done_set();
        let mut history = History::default();
        let edit = send_back_edit(&set, "ROLE spans should not include the article").unwrap();
        history.apply(&mut set, edit, &schema, 20).unwrap();
        assert_eq!(set.status(), Status::InProgress);
        assert_eq!(set.comment(), Some("ROLE spans should not include the article"));
        history.undo(&mut set, &schema, 20).unwrap().unwrap();
        assert_eq!((set.status(), set.comment()), (Status::Done, None));
        assert_eq!(send_back_edit(&set, "  "), Err(ReviewError::NoComment));
    }

    #[test]
    fn comments_on_entities_and_relations_are_edits() {
        let schema = LabelSchema::bundled();
        let mut set = done_set();
        let edit = entity_comment_edit(&set, "e1", Some("full name?")).unwrap().unwrap();
        set.apply(&edit, &schema, 20).unwrap();
        assert_eq!(set.entity("e1").unwrap().comment.as_deref(), Some("full name?"));
        assert_eq!(entity_comment_edit(&set, "e1", Some("full name?")), Ok(None));
        let clear = entity_comment_edit(&set, "e1", Some(" ")).unwrap().unwrap();
        set.apply(&clear, &schema, 20).unwrap();
        assert_eq!(set.entity("e1").unwrap().comment, None);

        let edit = relation_comment_edit(&set, "r1", Some("direction?")).unwrap().unwrap();
        set.apply(&edit, &schema, 20).unwrap();
        assert_eq!(set.relation("r1").unwrap().comment.as_deref(), Some("direction?"));
        assert_eq!(
            relation_comment_edit(&set, "r9", None),
            Err(ReviewError::NoSuchRelation("r9".into()))
        );
        let reviewed = mark_reviewed_edit(&set).unwrap();
        set.apply(&reviewed, &schema, 20).unwrap();
        assert_eq!(set.status(), Status::Reviewed);
        assert_eq!(mark_reviewed_edit(&set), None);
    }
}
