use std::collections::HashMap;

use super::model::{Entity, Relation, Status, id_number};

/// The entities, relations and status of one document by one annotator.
///
/// Entities stay sorted by start, end and label; relations by id. Contents
/// change only through [`Edit`](super::Edit)s. Two sets are equal when their
/// entities, relations and status are: the counters behind fresh ids only
/// ever grow, so an undone addition leaves its id unused.
#[derive(Clone, Debug)]
pub struct AnnotationSet {
    entities: Vec<Entity>,
    relations: Vec<Relation>,
    status: Status,
    /// The document-level comment, e.g. a reviewer's reason for sending the
    /// document back.
    comment: Option<String>,
    /// Each entity's span and label, which (with its id) find it in the
    /// sorted list by binary search; kept up to date entry by entry, so an
    /// edit never re-indexes the whole document.
    entity_spans: HashMap<String, (usize, usize, String)>,
    /// Rebuilt when relations change, which entity edits never do.
    relation_positions: HashMap<String, usize>,
    relations_by_entity: HashMap<String, Vec<usize>>,
    longest_entity: usize,
    /// Entities of each label, kept up to date entry by entry: the palette
    /// shows them every frame.
    label_counts: HashMap<String, usize>,
    next_entity_number: u64,
    next_relation_number: u64,
}

/// No annotations yet; the first ids handed out are `e1` and `r1`.
impl Default for AnnotationSet {
    fn default() -> Self {
        Self::from_parts(Vec::new(), Vec::new(), Status::default())
    }
}

impl PartialEq for AnnotationSet {
    fn eq(&self, other: &Self) -> bool {
        self.entities == other.entities
            && self.relations == other.relations
            && self.status == other.status
            && self.comment == other.comment
    }
}

impl AnnotationSet {
    /// Builds a set as found in a file, valid or not: checking is separate so
    /// that an invalid file can still be shown in full.
    pub fn from_parts(entities: Vec<Entity>, relations: Vec<Relation>, status: Status) -> Self {
        let mut set = Self {
            entities,
            relations,
            status,
            comment: None,
            entity_spans: HashMap::new(),
            relation_positions: HashMap::new(),
            relations_by_entity: HashMap::new(),
            longest_entity: 0,
            label_counts: HashMap::new(),
            next_entity_number: 0,
            next_relation_number: 0,
        };
        set.entities.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        set.relations.sort_by(|a, b| relation_key(a).cmp(&relation_key(b)));
        set.next_entity_number = set.entities.iter().map(|e| id_number(&e.id)).max().unwrap_or(0) + 1;
        set.next_relation_number = set.relations.iter().map(|r| id_number(&r.id)).max().unwrap_or(0) + 1;
        set.entity_spans = set
            .entities
            .iter()
            .map(|e| (e.id.clone(), (e.start, e.end, e.label.clone())))
            .collect();
        set.longest_entity = set
            .entities
            .iter()
            .map(|e| e.end.saturating_sub(e.start))
            .max()
            .unwrap_or(0);
        for entity in &set.entities {
            *set.label_counts.entry(entity.label.clone()).or_insert(0) += 1;
        }
        set.reindex_relations();
        set
    }

    /// The same set with a document-level comment, as read from a file.
    pub fn with_comment(mut self, comment: Option<String>) -> Self {
        self.comment = comment;
        self
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    pub fn status(&self) -> Status {
        self.status
    }

    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty() && self.relations.is_empty()
    }

    /// How many entities have `label`.
    pub fn label_count(&self, label: &str) -> usize {
        self.label_counts.get(label).copied().unwrap_or(0)
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_position(id).map(|i| &self.entities[i])
    }

    /// Position of an entity in [`Self::entities`].
    pub fn entity_position(&self, id: &str) -> Option<usize> {
        let (start, end, label) = self.entity_spans.get(id)?;
        let key = (*start, *end, label.as_str(), id_number(id), id);
        self.entities.binary_search_by(|e| e.sort_key().cmp(&key)).ok()
    }

    pub fn relation(&self, id: &str) -> Option<&Relation> {
        self.relation_positions.get(id).map(|&i| &self.relations[i])
    }

    /// Position of a relation in [`Self::relations`].
    pub fn relation_position(&self, id: &str) -> Option<usize> {
        self.relation_positions.get(id).copied()
    }

    /// Relations with `entity_id` as head or tail, in id order.
    pub fn relations_of<'a>(&'a self, entity_id: &'a str) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations_by_entity
            .get(entity_id)
            .into_iter()
            .flatten()
            .map(|&i| &self.relations[i])
    }

    /// Entities that overlap `[start, end)`, in canonical order; reads only
    /// the entities that can reach the range.
    pub fn entities_overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = &Entity> {
        self.positioned_entities_overlapping(start, end).map(|(_, e)| e)
    }

    /// [`Self::entities_overlapping`], each with its position in
    /// [`Self::entities`].
    pub fn positioned_entities_overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = (usize, &Entity)> {
        let earliest = start.saturating_sub(self.longest_entity);
        let from = self.entities.partition_point(|e| e.start < earliest);
        let to = self.entities.partition_point(|e| e.start < end);
        self.entities[from..to.max(from)]
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.overlaps(start, end))
            .map(move |(i, e)| (from + i, e))
    }

    /// Entities that contain code point `offset`, innermost first.
    pub fn entities_at(&self, offset: usize) -> Vec<&Entity> {
        let mut found: Vec<&Entity> = self.entities_overlapping(offset, offset + 1).collect();
        found.sort_by_key(|e| e.end - e.start);
        found
    }

    pub fn fresh_entity_id(&self) -> String {
        format!("e{}", self.next_entity_number.max(1))
    }

    pub fn fresh_relation_id(&self) -> String {
        format!("r{}", self.next_relation_number.max(1))
    }

    pub(super) fn insert_entity(&mut self, entity: Entity) {
        let at = self.entities.partition_point(|e| e.sort_key() < entity.sort_key());
        self.next_entity_number = self.next_entity_number.max(id_number(&entity.id) + 1);
        self.longest_entity = self.longest_entity.max(entity.end.saturating_sub(entity.start));
        self.entity_spans
            .insert(entity.id.clone(), (entity.start, entity.end, entity.label.clone()));
        match self.label_counts.get_mut(&entity.label) {
            Some(count) => *count += 1,
            None => {
                self.label_counts.insert(entity.label.clone(), 1);
            }
        }
        self.entities.insert(at, entity);
    }

    pub(super) fn take_entity(&mut self, id: &str) -> Option<Entity> {
        let position = self.entity_position(id)?;
        let entity = self.entities.remove(position);
        self.entity_spans.remove(id);
        if let Some(count) = self.label_counts.get_mut(&entity.label) {
            *count -= 1;
            if *count == 0 {
                self.label_counts.remove(&entity.label);
            }
        }
        if entity.end.saturating_sub(entity.start) == self.longest_entity {
            self.longest_entity = self
                .entities
                .iter()
                .map(|e| e.end.saturating_sub(e.start))
                .max()
                .unwrap_or(0);
        }
        Some(entity)
    }

    pub(super) fn insert_relation(&mut self, relation: Relation) {
        let at = self
            .relations
            .partition_point(|r| relation_key(r) < relation_key(&relation));
        self.next_relation_number = self.next_relation_number.max(id_number(&relation.id) + 1);
        self.relations.insert(at, relation);
        self.reindex_relations();
    }

    pub(super) fn take_relation(&mut self, id: &str) -> Option<Relation> {
        let position = *self.relation_positions.get(id)?;
        let relation = self.relations.remove(position);
        self.reindex_relations();
        Some(relation)
    }

    pub(super) fn set_status_value(&mut self, status: Status) {
        self.status = status;
    }

    pub(super) fn set_comment_value(&mut self, comment: Option<String>) {
        self.comment = comment;
    }

    fn reindex_relations(&mut self) {
        self.relation_positions.clear();
        self.relations_by_entity.clear();
        for (i, relation) in self.relations.iter().enumerate() {
            self.relation_positions.insert(relation.id.clone(), i);
            self.relations_by_entity
                .entry(relation.head.clone())
                .or_default()
                .push(i);
            if relation.tail != relation.head {
                self.relations_by_entity
                    .entry(relation.tail.clone())
                    .or_default()
                    .push(i);
            }
        }
    }
}

fn relation_key(relation: &Relation) -> (u64, &str) {
    (id_number(&relation.id), &relation.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_query_finds_nested_and_long_entities() {
        assert_eq!(AnnotationSet::default().fresh_entity_id(), "e1");
        assert_eq!(AnnotationSet::default().fresh_relation_id(), "r1");
        let set = AnnotationSet::from_parts(
            vec![
                Entity::new("e1", "EVENT", 0, 40),
                Entity::new("e2", "ORG", 0, 2),
                Entity::new("e3", "PERSON", 50, 60),
            ],
            vec![],
            Status::Todo,
        );
        let ids: Vec<&str> = set.entities_overlapping(30, 55).map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["e1", "e3"]);
        let innermost: Vec<&str> = set.entities_at(1).iter().map(|e| e.id.as_str()).collect();
        assert_eq!(innermost, ["e2", "e1"]);
        assert_eq!(set.fresh_entity_id(), "e4");
    }
}
