//! What two annotators must share for their annotations to count as the same:
//! an entity's offsets and label, a relation's label and both ends.

use serde::Serialize;

use crate::annotations::{AnnotationSet, Entity, Relation};
use crate::schema::LabelSchema;

/// An entity as agreement sees it: offsets (code points, end-exclusive) and
/// label, without id, attributes or notes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SpanKey {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

impl SpanKey {
    pub fn new(start: usize, end: usize, label: impl Into<String>) -> Self {
        Self {
            start,
            end,
            label: label.into(),
        }
    }

    pub fn of(entity: &Entity) -> Self {
        Self::new(entity.start, entity.end, entity.label.clone())
    }

    pub fn overlaps(&self, other: &Self) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Characters the two spans share.
    pub fn shared_len(&self, other: &Self) -> usize {
        self.end.min(other.end).saturating_sub(self.start.max(other.start))
    }
}

/// A relation as agreement sees it: its label and both ends as [`SpanKey`]s.
/// For a symmetric relation type the ends are stored in sorted order, so
/// that A→B and B→A give the same key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RelationKey {
    pub label: String,
    pub head: SpanKey,
    pub tail: SpanKey,
}

impl RelationKey {
    /// The key of `relation` in `set`; `None` when an end is not an entity of
    /// the set (a broken file).
    pub fn of(relation: &Relation, set: &AnnotationSet, schema: &LabelSchema) -> Option<Self> {
        let head = SpanKey::of(set.entity(&relation.head)?);
        let tail = SpanKey::of(set.entity(&relation.tail)?);
        let symmetric = schema.relation(&relation.label).is_some_and(|r| r.symmetric);
        Some(Self::new(relation.label.clone(), head, tail, symmetric))
    }

    pub fn new(label: impl Into<String>, head: SpanKey, tail: SpanKey, symmetric: bool) -> Self {
        let (head, tail) = if symmetric && tail < head {
            (tail, head)
        } else {
            (head, tail)
        };
        Self {
            label: label.into(),
            head,
            tail,
        }
    }

    /// The two ends in sorted order: the pair a relation disagreement is about.
    pub fn ends(&self) -> (SpanKey, SpanKey) {
        if self.tail < self.head {
            (self.tail.clone(), self.head.clone())
        } else {
            (self.head.clone(), self.tail.clone())
        }
    }
}

/// Every entity key of a set (a set never holds the same key twice unless
/// its file is broken; then the copies count once).
pub fn span_keys(set: &AnnotationSet) -> std::collections::BTreeSet<SpanKey> {
    set.entities().iter().map(SpanKey::of).collect()
}

/// Every relation key of a set; relations with a missing end are left out.
pub fn relation_keys(set: &AnnotationSet, schema: &LabelSchema) -> std::collections::BTreeSet<RelationKey> {
    set.relations()
        .iter()
        .filter_map(|r| RelationKey::of(r, set, schema))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::Status;

    #[test]
    fn symmetric_relations_have_one_key_for_both_directions() {
        let schema = LabelSchema::bundled();
        let set = AnnotationSet::from_parts(
            vec![Entity::new("e1", "COUNTRY", 0, 5), Entity::new("e2", "COUNTRY", 10, 15)],
            vec![
                Relation::new("r1", "MEETS", "e2", "e1"),
                Relation::new("r2", "MEMBER_OF", "e2", "e1"),
            ],
            Status::Todo,
        );
        let meets = RelationKey::of(&set.relations()[0], &set, &schema).unwrap();
        assert_eq!(meets.head.start, 0, "symmetric: ends sorted");
        let member = RelationKey::of(&set.relations()[1], &set, &schema).unwrap();
        assert_eq!(member.head.start, 10, "directed: head kept");
    }
}
