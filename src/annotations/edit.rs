//! Every change to an [`AnnotationSet`] is an [`Edit`] value with an exact
//! inverse, so undo and redo replay values instead of snapshots.

use super::model::{AttributeValue, Entity, Relation, Status};
use super::set::AnnotationSet;
use crate::schema::LabelSchema;

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Adds an entity together with relations that involve it (non-empty
    /// when undoing a removal).
    AddEntity {
        entity: Entity,
        relations: Vec<Relation>,
    },
    /// Removes an entity and the relations that involve it.
    RemoveEntity {
        entity: Entity,
        relations: Vec<Relation>,
    },
    /// Relabels, resizes, or changes attributes, note or comment; the id stays.
    ChangeEntity {
        before: Entity,
        after: Entity,
    },
    AddRelation(Relation),
    RemoveRelation(Relation),
    ChangeRelation {
        before: Relation,
        after: Relation,
    },
    SetStatus {
        before: Status,
        after: Status,
    },
    /// Sets or clears the document-level comment.
    SetComment {
        before: Option<String>,
        after: Option<String>,
    },
    /// Several edits applied as one step, all or none.
    Batch(Vec<Edit>),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("unknown entity type \"{0}\"")]
    UnknownEntityType(String),
    #[error("unknown relation type \"{0}\"")]
    UnknownRelationType(String),
    #[error("span {start}..{end} does not fit a text of {len} characters")]
    BadSpan { start: usize, end: usize, len: usize },
    #[error("{label} {start}..{end} is already annotated")]
    DuplicateEntity { label: String, start: usize, end: usize },
    #[error("the schema does not allow overlapping entities: {start}..{end} overlaps {other}")]
    Overlap { start: usize, end: usize, other: String },
    #[error("id \"{0}\" is already taken")]
    DuplicateId(String),
    #[error("no entity \"{0}\"")]
    NoSuchEntity(String),
    #[error("no relation \"{0}\"")]
    NoSuchRelation(String),
    #[error("{relation} does not allow {head} → {tail}")]
    ForbiddenPair {
        relation: String,
        head: String,
        tail: String,
    },
    #[error("a relation needs two different entities")]
    SelfRelation,
    #[error("{label} {head} → {tail} already exists")]
    DuplicateRelation { label: String, head: String, tail: String },
    #[error("attribute \"{attribute}\" does not apply to {label}")]
    AttributeNotAllowed { attribute: String, label: String },
    #[error("attribute \"{attribute}\" cannot be {value}")]
    BadAttributeValue { attribute: String, value: String },
    #[error("the document is read-only: {0}")]
    ReadOnly(String),
}

impl Edit {
    pub fn inverse(&self) -> Self {
        match self {
            Self::AddEntity { entity, relations } => Self::RemoveEntity {
                entity: entity.clone(),
                relations: relations.clone(),
            },
            Self::RemoveEntity { entity, relations } => Self::AddEntity {
                entity: entity.clone(),
                relations: relations.clone(),
            },
            Self::ChangeEntity { before, after } => Self::ChangeEntity {
                before: after.clone(),
                after: before.clone(),
            },
            Self::AddRelation(relation) => Self::RemoveRelation(relation.clone()),
            Self::RemoveRelation(relation) => Self::AddRelation(relation.clone()),
            Self::ChangeRelation { before, after } => Self::ChangeRelation {
                before: after.clone(),
                after: before.clone(),
            },
            Self::SetStatus { before, after } => Self::SetStatus {
                before: *after,
                after: *before,
            },
            Self::SetComment { before, after } => Self::SetComment {
                before: after.clone(),
                after: before.clone(),
            },
            Self::Batch(edits) => Self::Batch(edits.iter().rev().map(Self::inverse).collect()),
        }
    }

    /// A short description for undo menus and status messages.
    pub fn describe(&self) -> String {
        match self {
            Self::AddEntity { entity, .. } => format!("add {}", entity.label),
            Self::RemoveEntity { entity, .. } => format!("delete {}", entity.label),
            Self::ChangeEntity { before, after } if before.label != after.label => {
                format!("relabel {} as {}", before.label, after.label)
            }
            Self::ChangeEntity { before, after } if (before.start, before.end) != (after.start, after.end) => {
                format!("resize {}", after.label)
            }
            Self::ChangeEntity { after, .. } => format!("edit {}", after.label),
            Self::AddRelation(relation) => format!("add {}", relation.label),
            Self::RemoveRelation(relation) => format!("delete {}", relation.label),
            Self::ChangeRelation { after, .. } => format!("edit {}", after.label),
            Self::SetStatus { after, .. } => format!("mark {after}"),
            Self::SetComment { after: Some(_), .. } => "comment on the document".to_owned(),
            Self::SetComment { after: None, .. } => "remove the document comment".to_owned(),
            Self::Batch(edits) => match edits.as_slice() {
                [only] => only.describe(),
                _ => format!("{} changes", edits.len()),
            },
        }
    }
}

impl AnnotationSet {
    /// Applies `edit` if the result is valid under `schema` for a text of
    /// `text_len` code points; on error nothing changes.
    pub fn apply(&mut self, edit: &Edit, schema: &LabelSchema, text_len: usize) -> Result<(), EditError> {
        match edit {
            Edit::AddEntity { entity, relations } => {
                if self.id_taken(&entity.id) {
                    return Err(EditError::DuplicateId(entity.id.clone()));
                }
                self.check_entity(entity, None, schema, text_len)?;
                self.insert_entity(entity.clone());
                for (done, relation) in relations.iter().enumerate() {
                    if let Err(err) = self.check_relation(relation, None, schema) {
                        for added in &relations[..done] {
                            self.take_relation(&added.id);
                        }
                        self.take_entity(&entity.id);
                        return Err(err);
                    }
                    self.insert_relation(relation.clone());
                }
                Ok(())
            }
            Edit::RemoveEntity { entity, relations } => {
                if self.entity(&entity.id) != Some(entity) {
                    return Err(EditError::NoSuchEntity(entity.id.clone()));
                }
                let mut attached: Vec<&Relation> = self.relations_of(&entity.id).collect();
                attached.sort_by(|a, b| a.id.cmp(&b.id));
                let mut listed: Vec<&Relation> = relations.iter().collect();
                listed.sort_by(|a, b| a.id.cmp(&b.id));
                if attached != listed {
                    return Err(EditError::NoSuchRelation(
                        relations.first().map_or_else(|| entity.id.clone(), |r| r.id.clone()),
                    ));
                }
                for relation in relations {
                    self.take_relation(&relation.id);
                }
                self.take_entity(&entity.id);
                Ok(())
            }
            Edit::ChangeEntity { before, after } => {
                if before.id != after.id || self.entity(&before.id) != Some(before) {
                    return Err(EditError::NoSuchEntity(before.id.clone()));
                }
                self.check_entity(after, Some(&before.id), schema, text_len)?;
                for relation in self.relations_of(&before.id) {
                    let head = self.label_after_change(&relation.head, after);
                    let tail = self.label_after_change(&relation.tail, after);
                    check_pair(schema, &relation.label, head, tail)?;
                }
                self.take_entity(&before.id);
                self.insert_entity(after.clone());
                Ok(())
            }
            Edit::AddRelation(relation) => {
                self.check_relation(relation, None, schema)?;
                self.insert_relation(relation.clone());
                Ok(())
            }
            Edit::RemoveRelation(relation) => {
                if self.relation(&relation.id) != Some(relation) {
                    return Err(EditError::NoSuchRelation(relation.id.clone()));
                }
                self.take_relation(&relation.id);
                Ok(())
            }
            Edit::ChangeRelation { before, after } => {
                if before.id != after.id || self.relation(&before.id) != Some(before) {
                    return Err(EditError::NoSuchRelation(before.id.clone()));
                }
                self.check_relation(after, Some(&before.id), schema)?;
                self.take_relation(&before.id);
                self.insert_relation(after.clone());
                Ok(())
            }
            Edit::SetStatus { after, .. } => {
                self.set_status_value(*after);
                Ok(())
            }
            Edit::SetComment { after, .. } => {
                self.set_comment_value(after.clone());
                Ok(())
            }
            Edit::Batch(edits) => {
                for (done, edit) in edits.iter().enumerate() {
                    if let Err(err) = self.apply(edit, schema, text_len) {
                        for applied in edits[..done].iter().rev() {
                            // Undoing edits that just succeeded cannot fail.
                            let _ = self.apply(&applied.inverse(), schema, text_len);
                        }
                        return Err(err);
                    }
                }
                Ok(())
            }
        }
    }

    /// Entities and relations share one id space in the file.
    fn id_taken(&self, id: &str) -> bool {
        self.entity(id).is_some() || self.relation(id).is_some()
    }

    fn label_after_change<'a>(&'a self, id: &str, changed: &'a Entity) -> &'a str {
        if id == changed.id {
            &changed.label
        } else {
            self.entity(id).map_or("", |e| e.label.as_str())
        }
    }

    fn check_entity(
        &self,
        entity: &Entity,
        replacing: Option<&str>,
        schema: &LabelSchema,
        text_len: usize,
    ) -> Result<(), EditError> {
        if schema.entity(&entity.label).is_none() {
            return Err(EditError::UnknownEntityType(entity.label.clone()));
        }
        if entity.start >= entity.end || entity.end > text_len {
            return Err(EditError::BadSpan {
                start: entity.start,
                end: entity.end,
                len: text_len,
            });
        }
        for other in self.entities_overlapping(entity.start, entity.end) {
            if Some(other.id.as_str()) == replacing {
                continue;
            }
            if (other.start, other.end, other.label.as_str()) == (entity.start, entity.end, entity.label.as_str()) {
                return Err(EditError::DuplicateEntity {
                    label: entity.label.clone(),
                    start: entity.start,
                    end: entity.end,
                });
            }
            if !schema.allow_overlap {
                return Err(EditError::Overlap {
                    start: entity.start,
                    end: entity.end,
                    other: other.id.clone(),
                });
            }
        }
        for (name, value) in &entity.attributes {
            check_attribute(schema, &entity.label, name, value)?;
        }
        Ok(())
    }

    fn check_relation(
        &self,
        relation: &Relation,
        replacing: Option<&str>,
        schema: &LabelSchema,
    ) -> Result<(), EditError> {
        if replacing.is_none() && self.id_taken(&relation.id) {
            return Err(EditError::DuplicateId(relation.id.clone()));
        }
        if relation.head == relation.tail {
            return Err(EditError::SelfRelation);
        }
        let head = self
            .entity(&relation.head)
            .ok_or_else(|| EditError::NoSuchEntity(relation.head.clone()))?;
        let tail = self
            .entity(&relation.tail)
            .ok_or_else(|| EditError::NoSuchEntity(relation.tail.clone()))?;
        check_pair(schema, &relation.label, &head.label, &tail.label)?;
        let symmetric = schema.relation(&relation.label).is_some_and(|r| r.symmetric);
        let same_link = |other: &Relation| {
            other.label == relation.label
                && ((other.head == relation.head && other.tail == relation.tail)
                    || (symmetric && other.head == relation.tail && other.tail == relation.head))
        };
        if self
            .relations()
            .iter()
            .any(|other| Some(other.id.as_str()) != replacing && same_link(other))
        {
            return Err(EditError::DuplicateRelation {
                label: relation.label.clone(),
                head: relation.head.clone(),
                tail: relation.tail.clone(),
            });
        }
        Ok(())
    }

    // --- Edits built from the current state ---

    pub fn add_entity_edit(&self, label: &str, start: usize, end: usize) -> Edit {
        Edit::AddEntity {
            entity: Entity::new(self.fresh_entity_id(), label, start, end),
            relations: Vec::new(),
        }
    }

    pub fn remove_entity_edit(&self, id: &str) -> Option<Edit> {
        Some(Edit::RemoveEntity {
            entity: self.entity(id)?.clone(),
            relations: self.relations_of(id).cloned().collect(),
        })
    }

    /// Relabels an entity. Attributes that do not apply to the new type and
    /// relations whose types it forbids are removed in the same undoable step.
    pub fn relabel_entity_edit(&self, id: &str, label: &str, schema: &LabelSchema) -> Option<Edit> {
        let before = self.entity(id)?.clone();
        let mut after = before.clone();
        after.label = label.to_owned();
        after
            .attributes
            .retain(|name, value| check_attribute(schema, label, name, value).is_ok());
        let mut edits: Vec<Edit> = self
            .relations_of(id)
            .filter(|r| {
                let head = self.label_after_change(&r.head, &after);
                let tail = self.label_after_change(&r.tail, &after);
                check_pair(schema, &r.label, head, tail).is_err()
            })
            .cloned()
            .map(Edit::RemoveRelation)
            .collect();
        edits.push(Edit::ChangeEntity { before, after });
        Some(if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        })
    }

    pub fn change_entity_edit(&self, id: &str, change: impl FnOnce(&mut Entity)) -> Option<Edit> {
        let before = self.entity(id)?.clone();
        let mut after = before.clone();
        change(&mut after);
        (after != before).then_some(Edit::ChangeEntity { before, after })
    }

    pub fn add_relation_edit(&self, label: &str, head: &str, tail: &str) -> Edit {
        Edit::AddRelation(Relation::new(self.fresh_relation_id(), label, head, tail))
    }

    pub fn remove_relation_edit(&self, id: &str) -> Option<Edit> {
        self.relation(id).cloned().map(Edit::RemoveRelation)
    }

    pub fn change_relation_edit(&self, id: &str, change: impl FnOnce(&mut Relation)) -> Option<Edit> {
        let before = self.relation(id)?.clone();
        let mut after = before.clone();
        change(&mut after);
        (after != before).then_some(Edit::ChangeRelation { before, after })
    }

    pub fn set_status_edit(&self, status: Status) -> Option<Edit> {
        (status != self.status()).then_some(Edit::SetStatus {
            before: self.status(),
            after: status,
        })
    }

    /// Sets the document-level comment; an empty or blank comment clears it.
    pub fn set_comment_edit(&self, comment: Option<&str>) -> Option<Edit> {
        let after = comment.filter(|c| !c.trim().is_empty()).map(str::to_owned);
        (after.as_deref() != self.comment()).then(|| Edit::SetComment {
            before: self.comment().map(str::to_owned),
            after,
        })
    }
}

fn check_pair(schema: &LabelSchema, relation: &str, head: &str, tail: &str) -> Result<(), EditError> {
    let relation_type = schema
        .relation(relation)
        .ok_or_else(|| EditError::UnknownRelationType(relation.to_owned()))?;
    if relation_type.allows(head, tail) {
        Ok(())
    } else {
        Err(EditError::ForbiddenPair {
            relation: relation.to_owned(),
            head: head.to_owned(),
            tail: tail.to_owned(),
        })
    }
}

pub(super) fn check_attribute(
    schema: &LabelSchema,
    label: &str,
    name: &str,
    value: &AttributeValue,
) -> Result<(), EditError> {
    let not_allowed = || EditError::AttributeNotAllowed {
        attribute: name.to_owned(),
        label: label.to_owned(),
    };
    let definition = schema.attribute(name).ok_or_else(not_allowed)?;
    if !definition.entities.iter().any(|e| e == label) {
        return Err(not_allowed());
    }
    let fits = match (&definition.values, value) {
        (None, AttributeValue::Flag(_)) => true,
        (Some(values), AttributeValue::Choice(choice)) => values.contains(choice),
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(EditError::BadAttributeValue {
            attribute: name.to_owned(),
            value: value.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::History;

    #[test]
    fn document_comment_is_set_undone_and_redone() {
        let schema = LabelSchema::bundled();
        let mut set = AnnotationSet::default().with_comment(Some("first".into()));
        let mut history = History::default();
        let edit = set.set_comment_edit(Some("check the dates")).unwrap();
        assert_eq!(
            edit.inverse(),
            Edit::SetComment {
                before: Some("check the dates".into()),
                after: Some("first".into())
            }
        );
        history.apply(&mut set, edit, &schema, 10).unwrap();
        assert_eq!(set.comment(), Some("check the dates"));
        history.undo(&mut set, &schema, 10).unwrap().unwrap();
        assert_eq!(set.comment(), Some("first"));
        history.redo(&mut set, &schema, 10).unwrap().unwrap();
        assert_eq!(set.comment(), Some("check the dates"));
    }

    #[test]
    fn blank_comment_clears_and_unchanged_comment_is_no_edit() {
        let set = AnnotationSet::default().with_comment(Some("x".into()));
        assert_eq!(set.set_comment_edit(Some("x")), None);
        assert_eq!(
            set.set_comment_edit(Some("  ")),
            Some(Edit::SetComment {
                before: Some("x".into()),
                after: None
            })
        );
        assert_eq!(AnnotationSet::default().set_comment_edit(None), None);
    }
}
