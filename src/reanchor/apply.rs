//! Turning a plan and the user's decisions into the re-anchored file.

use std::collections::{BTreeMap, HashSet};

use super::plan::{Placement, ReanchorPlan};
use crate::annotations::{AnnotationFile, Problem, StoredDocument, check_against};
use crate::schema::LabelSchema;
use crate::text::Document;

/// What the user decided for one entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Take the proposed place.
    Accept,
    /// Put it here instead (code points, end-exclusive).
    Place { start: usize, end: usize },
    /// Remove it, and the relations that involve it.
    Drop,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ApplyError {
    #[error("{file}: {} still to decide: {}", plural(.ids.len(), "entity", "entities"), .ids.join(", "))]
    Undecided { file: String, ids: Vec<String> },
    #[error("{file}: {id} has no proposed place to accept; place it or drop it")]
    NothingToAccept { file: String, id: String },
    #[error("{file}: {id} cannot go at {start}..{end} in a text of {len} characters")]
    BadPlace {
        file: String,
        id: String,
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("{file}: a decision names {id}, which is not in the file")]
    UnknownEntity { file: String, id: String },
    #[error("the re-anchored file would not be valid:\n{}", .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The new file, and what the user chose to drop.
#[derive(Clone, Debug, PartialEq)]
pub struct Reanchored {
    pub file: AnnotationFile,
    pub dropped_entities: Vec<String>,
    /// Relations removed because an entity they involve was dropped.
    pub dropped_relations: Vec<String>,
}

impl ReanchorPlan {
    /// Builds the file for `new_text` from this plan. Entities that moved
    /// without doubt need no decision (one may still be given); every other
    /// entity needs one. Nothing is dropped unless a decision says so, and
    /// the result must pass every check against the new text and `schema`.
    pub fn apply(
        &self,
        new_text: &Document,
        schema: &LabelSchema,
        decisions: &BTreeMap<String, Decision>,
    ) -> Result<Reanchored, ApplyError> {
        let file = || self.file_name.clone();
        if let Some(unknown) = decisions.keys().find(|id| !self.entities.iter().any(|e| &e.id == *id)) {
            return Err(ApplyError::UnknownEntity {
                file: file(),
                id: unknown.clone(),
            });
        }
        let undecided: Vec<String> = self
            .entities
            .iter()
            .filter(|e| e.needs_decision() && !decisions.contains_key(&e.id))
            .map(|e| e.id.clone())
            .collect();
        if !undecided.is_empty() {
            return Err(ApplyError::Undecided {
                file: file(),
                ids: undecided,
            });
        }
        let mut places = BTreeMap::new();
        let mut dropped = HashSet::new();
        for entity in &self.entities {
            let proposed = match &entity.placement {
                Placement::Moved { start, end } | Placement::Proposed { start, end, .. } => Some((*start, *end)),
                Placement::Lost => None,
            };
            let place = match decisions.get(&entity.id).unwrap_or(&Decision::Accept) {
                Decision::Drop => {
                    dropped.insert(entity.id.clone());
                    continue;
                }
                Decision::Accept => proposed.ok_or_else(|| ApplyError::NothingToAccept {
                    file: file(),
                    id: entity.id.clone(),
                })?,
                Decision::Place { start, end } => (*start, *end),
            };
            if place.0 >= place.1 || new_text.slice(place.0, place.1).is_none() {
                return Err(ApplyError::BadPlace {
                    file: file(),
                    id: entity.id.clone(),
                    start: place.0,
                    end: place.1,
                    len: new_text.char_len(),
                });
            }
            places.insert(entity.id.clone(), place);
        }

        let original = &self.original;
        let mut result = original.clone();
        result.document = StoredDocument {
            id: new_text.id().to_owned(),
            sha256: new_text.sha256().to_owned(),
            length: new_text.char_len(),
        };
        result.entities.retain(|e| !dropped.contains(&e.id));
        for entity in &mut result.entities {
            if let Some(&(start, end)) = places.get(&entity.id) {
                entity.start = start;
                entity.end = end;
                entity.text = new_text.slice(start, end).unwrap_or_default().to_owned();
            }
        }
        let mut dropped_relations = Vec::new();
        result.relations.retain(|r| {
            let keep = !dropped.contains(&r.head) && !dropped.contains(&r.tail);
            if !keep {
                dropped_relations.push(r.id.clone());
            }
            keep
        });
        let problems = check_against(&self.file_name, &result, new_text, schema);
        if !problems.is_empty() {
            return Err(ApplyError::Invalid(problems));
        }
        let dropped_entities = self
            .entities
            .iter()
            .filter(|e| dropped.contains(&e.id))
            .map(|e| e.id.clone())
            .collect();
        Ok(Reanchored {
            file: result,
            dropped_entities,
            dropped_relations,
        })
    }
}
