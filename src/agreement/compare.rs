//! One document's annotations by several annotators side by side: which
//! entities and relations everyone shares, and where they differ.
//!
//! An entity or relation is *agreed* when every compared annotator has it
//! (same key, see [`super::keys`]). The rest are grouped into disagreements:
//! - entity disagreements: the non-agreed entities, all labels together,
//!   joined into groups of spans that overlap one another (directly or
//!   through a chain of overlaps); each group covers one stretch of text and
//!   the stretches of two groups never overlap;
//! - relation disagreements: the non-agreed relations, grouped by the pair
//!   of entities they link (either direction).
//!
//! Each disagreement lists its competing versions: what each annotator has
//! there, with annotators who have exactly the same things sharing one
//! version, and an empty version for annotators who have nothing there.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::keys::{RelationKey, SpanKey, relation_keys, span_keys};
use crate::annotations::AnnotationSet;
use crate::schema::LabelSchema;

/// One annotator's annotation set of the document being compared.
#[derive(Clone, Debug)]
pub struct Source {
    pub annotator: String,
    pub set: AnnotationSet,
}

/// An entity key and the annotators that have it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparedSpan {
    pub key: SpanKey,
    /// In the order the annotators were given.
    pub annotators: Vec<String>,
    /// Every compared annotator has it.
    pub agreed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparedRelation {
    pub key: RelationKey,
    pub annotators: Vec<String>,
    pub agreed: bool,
}

/// What some annotators proposed at one place. Empty `spans` and
/// `relations`: these annotators have nothing there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Version {
    pub annotators: Vec<String>,
    pub spans: Vec<SpanKey>,
    pub relations: Vec<RelationKey>,
}

impl Version {
    pub fn is_absent(&self) -> bool {
        self.spans.is_empty() && self.relations.is_empty()
    }
}

/// Where a disagreement is, stable for as long as the annotators' sets do
/// not change.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// Entities over the characters `start..end`.
    Entities { start: usize, end: usize },
    /// Relations between two entities, given in sorted order.
    Relations { first: SpanKey, second: SpanKey },
}

impl Place {
    /// The stretch of text to show or jump to.
    pub fn range(&self) -> (usize, usize) {
        match self {
            Self::Entities { start, end } => (*start, *end),
            Self::Relations { first, second } => (first.start.min(second.start), first.end.max(second.end)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DisagreementGroup {
    pub place: Place,
    /// At least two versions, in the order of their first annotator.
    pub versions: Vec<Version>,
}

/// The comparison of one document across annotators.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub annotators: Vec<String>,
    /// Every entity key any annotator has, in text order.
    pub spans: Vec<ComparedSpan>,
    pub relations: Vec<ComparedRelation>,
    /// Entity disagreements in text order, then relation disagreements.
    pub disagreements: Vec<DisagreementGroup>,
}

impl Comparison {
    /// Compares the sources; with one source everything counts as agreed.
    pub fn new(sources: &[Source], schema: &LabelSchema) -> Self {
        let annotators: Vec<String> = sources.iter().map(|s| s.annotator.clone()).collect();
        let span_sets: Vec<BTreeSet<SpanKey>> = sources.iter().map(|s| span_keys(&s.set)).collect();
        let relation_sets: Vec<BTreeSet<RelationKey>> = sources.iter().map(|s| relation_keys(&s.set, schema)).collect();

        let spans = owners(&annotators, &span_sets)
            .into_iter()
            .map(|(key, annotators_with)| ComparedSpan {
                agreed: annotators_with.len() == sources.len(),
                key,
                annotators: annotators_with,
            })
            .collect::<Vec<_>>();
        let relations = owners(&annotators, &relation_sets)
            .into_iter()
            .map(|(key, annotators_with)| ComparedRelation {
                agreed: annotators_with.len() == sources.len(),
                key,
                annotators: annotators_with,
            })
            .collect::<Vec<_>>();

        let mut disagreements = entity_groups(&annotators, &span_sets, &spans);
        disagreements.extend(relation_groups(&annotators, &relation_sets, &relations));
        Self {
            annotators,
            spans,
            relations,
            disagreements,
        }
    }

    pub fn agreed_spans(&self) -> impl Iterator<Item = &SpanKey> {
        self.spans.iter().filter(|s| s.agreed).map(|s| &s.key)
    }

    pub fn agreed_relations(&self) -> impl Iterator<Item = &RelationKey> {
        self.relations.iter().filter(|r| r.agreed).map(|r| &r.key)
    }

    /// The comparison entry of an entity key, to colour one annotator's
    /// entity as agreed or not.
    pub fn span(&self, key: &SpanKey) -> Option<&ComparedSpan> {
        self.spans
            .binary_search_by(|s| s.key.cmp(key))
            .ok()
            .map(|i| &self.spans[i])
    }
}

fn owners<K: Ord + Clone>(annotators: &[String], sets: &[BTreeSet<K>]) -> BTreeMap<K, Vec<String>> {
    let mut owners: BTreeMap<K, Vec<String>> = BTreeMap::new();
    for (annotator, set) in annotators.iter().zip(sets) {
        for key in set {
            owners.entry(key.clone()).or_default().push(annotator.clone());
        }
    }
    owners
}

fn entity_groups(annotators: &[String], sets: &[BTreeSet<SpanKey>], spans: &[ComparedSpan]) -> Vec<DisagreementGroup> {
    // `spans` is sorted by start, so chains of overlaps are consecutive runs.
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    for span in spans.iter().filter(|s| !s.agreed) {
        match stretches.last_mut() {
            Some(last) if span.key.start < last.1 => last.1 = last.1.max(span.key.end),
            _ => stretches.push((span.key.start, span.key.end)),
        }
    }
    stretches
        .into_iter()
        .map(|(start, end)| {
            let contributions = sets.iter().map(|set| {
                let spans = set
                    .iter()
                    .filter(|k| start <= k.start && k.end <= end)
                    .filter(|k| spans_agreed(spans, k) == Some(false))
                    .cloned()
                    .collect();
                (spans, Vec::new())
            });
            DisagreementGroup {
                place: Place::Entities { start, end },
                versions: versions(annotators, contributions),
            }
        })
        .collect()
}

fn spans_agreed(spans: &[ComparedSpan], key: &SpanKey) -> Option<bool> {
    spans.binary_search_by(|s| s.key.cmp(key)).ok().map(|i| spans[i].agreed)
}

fn relation_groups(
    annotators: &[String],
    sets: &[BTreeSet<RelationKey>],
    relations: &[ComparedRelation],
) -> Vec<DisagreementGroup> {
    let pairs: BTreeSet<(SpanKey, SpanKey)> = relations.iter().filter(|r| !r.agreed).map(|r| r.key.ends()).collect();
    let agreed: BTreeSet<&RelationKey> = relations.iter().filter(|r| r.agreed).map(|r| &r.key).collect();
    pairs
        .into_iter()
        .map(|(first, second)| {
            let ends = (first.clone(), second.clone());
            let contributions = sets.iter().map(|set| {
                let relations = set
                    .iter()
                    .filter(|k| k.ends() == ends && !agreed.contains(k))
                    .cloned()
                    .collect();
                (Vec::new(), relations)
            });
            let versions = versions(annotators, contributions);
            DisagreementGroup {
                place: Place::Relations { first, second },
                versions,
            }
        })
        .collect()
}

/// Groups annotators whose contributions are identical.
fn versions(
    annotators: &[String],
    contributions: impl Iterator<Item = (Vec<SpanKey>, Vec<RelationKey>)>,
) -> Vec<Version> {
    let mut versions: Vec<Version> = Vec::new();
    for (annotator, (spans, relations)) in annotators.iter().zip(contributions) {
        match versions
            .iter_mut()
            .find(|v| v.spans == spans && v.relations == relations)
        {
            Some(version) => version.annotators.push(annotator.clone()),
            None => versions.push(Version {
                annotators: vec![annotator.clone()],
                spans,
                relations,
            }),
        }
    }
    versions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Entity, Status};

    fn source(annotator: &str, entities: &[(usize, usize, &str)]) -> Source {
        Source {
            annotator: annotator.to_owned(),
            set: AnnotationSet::from_parts(
                entities
                    .iter()
                    .enumerate()
                    .map(|(i, &(s, e, l))| Entity::new(format!("e{}", i + 1), l, s, e))
                    .collect(),
                vec![],
                Status::Done,
            ),
        }
    }

    #[test]
    fn spans_are_marked_agreed_only_when_everyone_has_them() {
        let sources = [
            source("a", &[(0, 4, "PERSON"), (10, 14, "ORG"), (12, 20, "EVENT")]),
            source("b", &[(0, 4, "PERSON"), (10, 14, "COUNTRY")]),
        ];
        let comparison = Comparison::new(&sources, &LabelSchema::bundled());
        let person = comparison.span(&SpanKey::new(0, 4, "PERSON")).unwrap();
        assert!(person.agreed);
        let org = comparison.span(&SpanKey::new(10, 14, "ORG")).unwrap();
        assert_eq!(
            (org.agreed, org.annotators.as_slice()),
            (false, ["a".to_owned()].as_slice())
        );
        // ORG, COUNTRY and the overlapping EVENT form one place, 10..20.
        assert_eq!(comparison.disagreements.len(), 1);
        let place = &comparison.disagreements[0];
        assert_eq!(place.place, Place::Entities { start: 10, end: 20 });
        assert_eq!(place.versions[0].spans.len(), 2);
        assert_eq!(place.versions[1].spans, [SpanKey::new(10, 14, "COUNTRY")]);
    }
}
