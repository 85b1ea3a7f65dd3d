//! The edits of the gold set that curation makes: the seed of agreed
//! annotations and the settling of one disagreement.

use std::collections::BTreeSet;

use crate::agreement::{Comparison, Place, RelationKey, Source, SpanKey};
use crate::annotations::{AnnotationSet, Edit, EditError, Entity};
use crate::schema::LabelSchema;

use super::state::{gold_relations_between, gold_spans_at};

/// How the curator settles a disagreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Make the gold set hold exactly what this version proposes there
    /// (taking an empty version rejects the others).
    Take(usize),
    /// Remove from the gold set whatever is there besides agreed annotations.
    RejectAll,
}

/// Collects edits, applying each to a scratch copy of the gold set so that
/// later edits see the state earlier ones leave (fresh ids, relations
/// already removed).
pub(super) struct EditBuilder<'a> {
    scratch: AnnotationSet,
    edits: Vec<Edit>,
    schema: &'a LabelSchema,
    text_len: usize,
}

impl<'a> EditBuilder<'a> {
    pub(super) fn new(gold: &AnnotationSet, schema: &'a LabelSchema, text_len: usize) -> Self {
        Self {
            scratch: gold.clone(),
            edits: Vec::new(),
            schema,
            text_len,
        }
    }

    fn push(&mut self, edit: Edit) -> Result<(), EditError> {
        self.scratch.apply(&edit, self.schema, self.text_len)?;
        self.edits.push(edit);
        Ok(())
    }

    fn entity_id(&self, key: &SpanKey) -> Option<String> {
        self.scratch
            .entities_overlapping(key.start, key.end)
            .find(|e| SpanKey::of(e) == *key)
            .map(|e| e.id.clone())
    }

    /// The id of the gold entity with `key`, adding it (with the attributes
    /// of the first source that has it) when the gold set lacks it.
    fn ensure_entity(&mut self, key: &SpanKey, sources: &[&Source]) -> Result<String, EditError> {
        if let Some(id) = self.entity_id(key) {
            return Ok(id);
        }
        let mut entity = Entity::new(self.scratch.fresh_entity_id(), key.label.clone(), key.start, key.end);
        if let Some(original) = sources.iter().find_map(|s| {
            s.set
                .entities_overlapping(key.start, key.end)
                .find(|e| SpanKey::of(e) == *key)
        }) {
            entity.attributes = original.attributes.clone();
        }
        let id = entity.id.clone();
        self.push(Edit::AddEntity {
            entity,
            relations: Vec::new(),
        })?;
        Ok(id)
    }

    fn add_relation(&mut self, key: &RelationKey, sources: &[&Source]) -> Result<(), EditError> {
        let head = self.ensure_entity(&key.head, sources)?;
        let tail = self.ensure_entity(&key.tail, sources)?;
        let edit = self.scratch.add_relation_edit(&key.label, &head, &tail);
        self.push(edit)
    }

    fn remove_entity(&mut self, key: &SpanKey) -> Result<(), EditError> {
        if let Some(edit) = self.entity_id(key).and_then(|id| self.scratch.remove_entity_edit(&id)) {
            self.push(edit)?;
        }
        Ok(())
    }

    fn remove_relation(&mut self, key: &RelationKey) -> Result<(), EditError> {
        let found = self
            .scratch
            .relations()
            .iter()
            .find(|r| RelationKey::of(r, &self.scratch, self.schema).as_ref() == Some(key))
            .map(|r| Edit::RemoveRelation(r.clone()));
        if let Some(edit) = found {
            self.push(edit)?;
        }
        Ok(())
    }

    /// One edit for everything collected, or `None` when nothing changes.
    pub(super) fn finish(mut self) -> Option<Edit> {
        match self.edits.len() {
            0 => None,
            1 => self.edits.pop(),
            _ => Some(Edit::Batch(self.edits)),
        }
    }
}

/// Adds every agreed entity and relation the gold set lacks.
pub(super) fn seed_edit(
    comparison: &Comparison,
    sources: &[Source],
    gold: &AnnotationSet,
    schema: &LabelSchema,
    text_len: usize,
) -> Result<Option<Edit>, EditError> {
    let everyone: Vec<&Source> = sources.iter().collect();
    let mut builder = EditBuilder::new(gold, schema, text_len);
    for key in comparison.agreed_spans() {
        builder.ensure_entity(key, &everyone)?;
    }
    for key in comparison.agreed_relations() {
        let present = builder
            .scratch
            .relations()
            .iter()
            .any(|r| RelationKey::of(r, &builder.scratch, schema).as_ref() == Some(key));
        if !present {
            builder.add_relation(key, &everyone)?;
        }
    }
    Ok(builder.finish())
}

/// The edit that settles the disagreement at `place` as `resolution` says;
/// `None` when the gold set already is that way.
pub(super) fn resolution_edit(
    comparison: &Comparison,
    sources: &[Source],
    gold: &AnnotationSet,
    schema: &LabelSchema,
    text_len: usize,
    place: &Place,
    resolution: Resolution,
) -> Result<Option<Edit>, ResolveError> {
    let group = comparison
        .disagreements
        .iter()
        .find(|g| g.place == *place)
        .ok_or(ResolveError::NoSuchPlace)?;
    let version = match resolution {
        Resolution::Take(index) => Some(group.versions.get(index).ok_or(ResolveError::NoSuchVersion(index))?),
        Resolution::RejectAll => None,
    };
    let proposers: Vec<&Source> = version.map_or_else(Vec::new, |v| {
        sources.iter().filter(|s| v.annotators.contains(&s.annotator)).collect()
    });
    let mut builder = EditBuilder::new(gold, schema, text_len);
    match place {
        Place::Entities { start, end } => {
            let agreed: BTreeSet<&SpanKey> = comparison.agreed_spans().collect();
            let wanted: BTreeSet<&SpanKey> = version.map(|v| v.spans.iter().collect()).unwrap_or_default();
            for key in gold_spans_at(gold, *start, *end, &agreed) {
                if !wanted.contains(&key) {
                    builder.remove_entity(&key)?;
                }
            }
            for key in wanted {
                builder.ensure_entity(key, &proposers)?;
            }
        }
        Place::Relations { first, second } => {
            let agreed: BTreeSet<&RelationKey> = comparison.agreed_relations().collect();
            let present = gold_relations_between(gold, first, second, &agreed, schema);
            let wanted: BTreeSet<&RelationKey> = version.map(|v| v.relations.iter().collect()).unwrap_or_default();
            for key in &present {
                if !wanted.contains(key) {
                    builder.remove_relation(key)?;
                }
            }
            for key in wanted {
                if !present.contains(key) {
                    builder.add_relation(key, &proposers)?;
                }
            }
        }
    }
    Ok(builder.finish())
}

#[derive(Debug, thiserror::Error)]
pub(super) enum ResolveError {
    #[error("no such disagreement")]
    NoSuchPlace,
    #[error("no version {0}")]
    NoSuchVersion(usize),
    #[error(transparent)]
    Edit(#[from] EditError),
}
