use std::collections::BTreeSet;

use serde::Serialize;

use crate::agreement::{Comparison, Place, RelationKey, SpanKey, Version};
use crate::annotations::AnnotationSet;
use crate::schema::LabelSchema;

/// Where a disagreement stands, judged from the gold set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DisagreementState {
    /// The gold set has nothing of it yet.
    Open,
    /// The gold set holds exactly what version `version` proposes.
    Taken { version: usize },
    /// Every version was rejected: the gold set has nothing there, and the
    /// curator rejected it in this session or marked the gold document
    /// done (a finished gold document has nothing left open).
    Rejected,
    /// The gold set holds something there that no version proposes: the
    /// curator's own annotation.
    Edited,
}

impl DisagreementState {
    pub fn is_open(self) -> bool {
        self == Self::Open
    }
}

/// A place where the annotators differ, its competing versions, and how far
/// the curator has settled it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    pub place: Place,
    /// Each with the annotators proposing it; an empty version means "these
    /// annotators have nothing here".
    pub versions: Vec<Version>,
    pub state: DisagreementState,
}

/// What the gold set holds at an entity place: entities overlapping it that
/// are not agreed by everyone.
pub(super) fn gold_spans_at(
    gold: &AnnotationSet,
    start: usize,
    end: usize,
    agreed: &BTreeSet<&SpanKey>,
) -> BTreeSet<SpanKey> {
    gold.entities_overlapping(start, end)
        .map(SpanKey::of)
        .filter(|key| !agreed.contains(key))
        .collect()
}

/// What the gold set holds between two entities: relations linking them
/// (either way round) that are not agreed by everyone.
pub(super) fn gold_relations_between(
    gold: &AnnotationSet,
    first: &SpanKey,
    second: &SpanKey,
    agreed: &BTreeSet<&RelationKey>,
    schema: &LabelSchema,
) -> BTreeSet<RelationKey> {
    let ends = (first.clone(), second.clone());
    gold.relations()
        .iter()
        .filter_map(|r| RelationKey::of(r, gold, schema))
        .filter(|key| key.ends() == ends && !agreed.contains(key))
        .collect()
}

pub(super) fn classify(
    comparison: &Comparison,
    gold: &AnnotationSet,
    schema: &LabelSchema,
    rejected: impl Fn(&Place) -> bool,
) -> Vec<Disagreement> {
    let agreed_spans: BTreeSet<&SpanKey> = comparison.agreed_spans().collect();
    let agreed_relations: BTreeSet<&RelationKey> = comparison.agreed_relations().collect();
    comparison
        .disagreements
        .iter()
        .map(|group| {
            let versions = &group.versions;
            let state = match &group.place {
                Place::Entities { start, end } => {
                    let here = gold_spans_at(gold, *start, *end, &agreed_spans);
                    state_of(&here, versions.iter().map(|v| v.spans.iter().cloned().collect()))
                }
                Place::Relations { first, second } => {
                    let here = gold_relations_between(gold, first, second, &agreed_relations, schema);
                    state_of(&here, versions.iter().map(|v| v.relations.iter().cloned().collect()))
                }
            };
            let state = match state {
                DisagreementState::Open if rejected(&group.place) || gold.status().is_finished() => {
                    DisagreementState::Rejected
                }
                other => other,
            };
            Disagreement {
                place: group.place.clone(),
                versions: versions.clone(),
                state,
            }
        })
        .collect()
}

fn state_of<K: Ord>(here: &BTreeSet<K>, versions: impl Iterator<Item = BTreeSet<K>>) -> DisagreementState {
    if here.is_empty() {
        return DisagreementState::Open;
    }
    versions
        .enumerate()
        .find(|(_, proposed)| proposed == here)
        .map_or(DisagreementState::Edited, |(version, _)| DisagreementState::Taken {
            version,
        })
}
