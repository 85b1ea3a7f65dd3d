//! The entities of a set as the suggestion jobs need them: span and label
//! only, in the set's order, with labels shared between entries. Made in a
//! fraction of a millisecond for tens of thousands of entities and cheap to
//! keep, so a background job can hold the entities of the last run without
//! holding the set itself.

use std::sync::Arc;

use crate::annotations::AnnotationSet;

/// One entity: code points, end-exclusive, and its label.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub label: Arc<str>,
}

/// Entity spans sorted by start, end and label, as a set keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntitySpans {
    spans: Vec<EntitySpan>,
    longest: usize,
}

impl EntitySpans {
    pub fn of(set: &AnnotationSet) -> Self {
        // A set has a handful of labels: one shared copy of each.
        let mut labels: Vec<Arc<str>> = Vec::new();
        let mut longest = 0;
        let spans = set
            .entities()
            .iter()
            .map(|entity| {
                let label = match labels.iter().find(|l| ***l == *entity.label) {
                    Some(label) => label.clone(),
                    None => {
                        let label: Arc<str> = Arc::from(entity.label.as_str());
                        labels.push(label.clone());
                        label
                    }
                };
                longest = longest.max(entity.end.saturating_sub(entity.start));
                EntitySpan {
                    start: entity.start,
                    end: entity.end,
                    label,
                }
            })
            .collect();
        Self { spans, longest }
    }

    pub fn as_slice(&self) -> &[EntitySpan] {
        &self.spans
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Entities overlapping `[start, end)`; reads only those that can reach
    /// the range.
    pub fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = &EntitySpan> {
        let earliest = start.saturating_sub(self.longest);
        let from = self.spans.partition_point(|e| e.start < earliest);
        let to = self.spans.partition_point(|e| e.start < end);
        self.spans[from..to.max(from)]
            .iter()
            .filter(move |e| e.start < end && start < e.end)
    }

    /// Whether an entity labelled `label` overlaps `[start, end)`.
    pub fn has_overlapping(&self, start: usize, end: usize, label: &str) -> bool {
        self.overlapping(start, end).any(|e| *e.label == *label)
    }

    /// Whether an entity labelled `label` covers exactly `[start, end)`.
    pub fn has_exactly(&self, start: usize, end: usize, label: &str) -> bool {
        self.overlapping(start, end)
            .any(|e| e.start == start && e.end == end && *e.label == *label)
    }

    /// The entries of `before` not in `after` (removed) and of `after` not
    /// in `before` (added), both as multisets; one pass over both.
    pub fn differences<'a>(before: &'a Self, after: &'a Self) -> (Vec<&'a EntitySpan>, Vec<&'a EntitySpan>) {
        let (old, new) = (&before.spans, &after.spans);
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        let (mut i, mut j) = (0, 0);
        while i < old.len() && j < new.len() {
            match old[i].cmp(&new[j]) {
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => {
                    removed.push(&old[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    added.push(&new[j]);
                    j += 1;
                }
            }
        }
        removed.extend(&old[i..]);
        added.extend(&new[j..]);
        (removed, added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Entity, Status};

    fn set(entities: &[(&str, &str, usize, usize)]) -> AnnotationSet {
        AnnotationSet::from_parts(
            entities
                .iter()
                .map(|&(id, label, start, end)| Entity::new(id, label, start, end))
                .collect(),
            vec![],
            Status::Todo,
        )
    }

    #[test]
    fn overlaps_as_the_set_finds_them() {
        let set = set(&[
            ("e1", "PERSON", 0, 4),
            ("e2", "ORG", 2, 30),
            ("e3", "PERSON", 10, 12),
            ("e4", "PERSON", 40, 41),
        ]);
        let spans = EntitySpans::of(&set);
        for start in 0..45 {
            for end in start + 1..46 {
                let expected: Vec<(usize, usize, &str)> = set
                    .entities_overlapping(start, end)
                    .map(|e| (e.start, e.end, e.label.as_str()))
                    .collect();
                let found: Vec<(usize, usize, &str)> = spans
                    .overlapping(start, end)
                    .map(|e| (e.start, e.end, &*e.label))
                    .collect();
                assert_eq!(found, expected, "{start}..{end}");
            }
        }
        assert!(spans.has_overlapping(11, 20, "ORG"));
        assert!(!spans.has_overlapping(31, 40, "PERSON"));
        assert!(spans.has_exactly(10, 12, "PERSON"));
        assert!(!spans.has_exactly(10, 11, "PERSON"));
    }

    #[test]
    fn differences_count_duplicates() {
        let before = EntitySpans::of(&set(&[("e1", "A", 0, 4), ("e2", "A", 0, 4), ("e3", "B", 5, 9)]));
        let after = EntitySpans::of(&set(&[("e1", "A", 0, 4), ("e4", "B", 5, 9), ("e5", "C", 6, 7)]));
        let (removed, added) = EntitySpans::differences(&before, &after);
        let show = |list: Vec<&EntitySpan>| -> Vec<(usize, usize, String)> {
            list.into_iter()
                .map(|e| (e.start, e.end, e.label.to_string()))
                .collect()
        };
        assert_eq!(show(removed), [(0, 4, "A".to_owned())]);
        assert_eq!(show(added), [(6, 7, "C".to_owned())]);
    }
}
