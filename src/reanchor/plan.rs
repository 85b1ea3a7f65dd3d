//! Where each entity of an annotation file goes in the edited text.

use std::collections::{HashMap, HashSet};

use super::offset_map::{OffsetMap, SpanFate};
use super::search::{nearest_occurrence, occurrences};
use crate::annotations::{AnnotationFile, EntityRecord};
use crate::text::{Document, snap_to_words, word_at};

/// What the old positions were compared through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// A diff of the stored copy of the annotated text against the new text.
    Diff,
    /// No copy of the annotated text: each entity's stored text is searched
    /// near its old place.
    StoredTexts,
}

/// Why a placement needs the user's word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Doubt {
    /// Part of the entity's text survived, but the text is not the same.
    TextChanged,
    /// The text was deleted where it was, and the same text appears elsewhere.
    FoundElsewhere,
    /// The text occurs several times; the nearest occurrence is proposed.
    Ambiguous { occurrences: usize },
    /// Another entity with the same label lands on the same span.
    SameSpanAs(String),
}

impl std::fmt::Display for Doubt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TextChanged => f.write_str("its text was edited"),
            Self::FoundElsewhere => f.write_str("its text was removed there; the same text was found elsewhere"),
            Self::Ambiguous { occurrences } => {
                write!(f, "its text occurs {occurrences} times; the nearest is proposed")
            }
            Self::SameSpanAs(other) => write!(f, "it would land on the same span as {other}"),
        }
    }
}

/// Where one entity goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The same text, found without doubt; applied without asking.
    Moved { start: usize, end: usize },
    /// A proposal the user confirms, fixes or drops.
    Proposed {
        start: usize,
        end: usize,
        text: String,
        doubt: Doubt,
    },
    /// No place for it in the new text; the user places or drops it.
    Lost,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityPlan {
    pub id: String,
    pub label: String,
    pub old_start: usize,
    pub old_end: usize,
    /// The entity's text as stored in the file.
    pub old_text: String,
    pub placement: Placement,
}

impl EntityPlan {
    /// Applying this entity needs the user's decision.
    pub fn needs_decision(&self) -> bool {
        !matches!(self.placement, Placement::Moved { .. })
    }

    /// Moved silently and to the same offsets: nothing worth showing.
    pub fn is_unmoved(&self) -> bool {
        self.placement
            == Placement::Moved {
                start: self.old_start,
                end: self.old_end,
            }
    }
}

#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("{file}: entity id \"{id}\" is used twice; fix the file before re-anchoring")]
    DuplicateId { file: String, id: String },
}

/// Every entity of one file and where it goes in the new text. Nothing
/// changes until [`ReanchorPlan::apply`] is given the user's decisions.
#[derive(Clone, Debug)]
pub struct ReanchorPlan {
    pub file_name: String,
    pub basis: Basis,
    /// In the order of their old place in the text.
    pub entities: Vec<EntityPlan>,
    pub(super) original: AnnotationFile,
}

impl ReanchorPlan {
    /// Plans the move of `file`'s entities onto `new_text`. `old_text` is
    /// the text the file was made for, when a copy of it exists.
    pub fn new(
        file_name: &str,
        file: &AnnotationFile,
        new_text: &Document,
        old_text: Option<&Document>,
    ) -> Result<Self, PlanError> {
        let mut ids = HashSet::new();
        if let Some(twice) = file.entities.iter().find(|e| !ids.insert(e.id.as_str())) {
            return Err(PlanError::DuplicateId {
                file: file_name.to_owned(),
                id: twice.id.clone(),
            });
        }
        let old_text = old_text.filter(|old| old.sha256() == file.document.sha256);
        let map = old_text.map(|old| OffsetMap::between(old.text(), new_text.text()));
        let mut records: Vec<&EntityRecord> = file.entities.iter().collect();
        records.sort_by_key(|e| (e.start, e.end));
        let old_len = old_text.map_or(file.document.length, Document::char_len);
        let length_change = new_text.char_len() as i128 - old_len as i128;
        let anchors = unique_anchors(&records, new_text);
        let mut entities = Vec::with_capacity(records.len());
        for record in records {
            let unchanged_there = old_text.is_some_and(|old| old.slice(record.start, record.end) == Some(&record.text));
            let placement = match &map {
                Some(map) if unchanged_there => through_diff(map, record, new_text),
                _ => by_search(
                    record,
                    new_text,
                    neighbour_shifts(&anchors, record.start, length_change),
                ),
            };
            entities.push(EntityPlan {
                id: record.id.clone(),
                label: record.label.clone(),
                old_start: record.start,
                old_end: record.end,
                old_text: record.text.clone(),
                placement,
            });
        }
        flag_same_spans(&mut entities, new_text);
        Ok(Self {
            file_name: file_name.to_owned(),
            basis: if map.is_some() { Basis::Diff } else { Basis::StoredTexts },
            entities,
            original: file.clone(),
        })
    }

    /// The entities the user must decide on.
    pub fn needing_decision(&self) -> impl Iterator<Item = &EntityPlan> {
        self.entities.iter().filter(|e| e.needs_decision())
    }

    /// The file the plan was made from.
    pub fn original(&self) -> &AnnotationFile {
        &self.original
    }
}

fn through_diff(map: &OffsetMap, record: &EntityRecord, new_text: &Document) -> Placement {
    let old_len = record.text.chars().count();
    let survived = match map.span(record.start, record.end) {
        SpanFate::Intact(start, end) if new_text.slice(start, end) == Some(&record.text) => {
            return Placement::Moved { start, end };
        }
        SpanFate::Partial { start, end, .. } if new_text.slice(start, end) == Some(&record.text) => {
            return Placement::Moved { start, end };
        }
        SpanFate::Intact(start, end) => Some((start, end)),
        // Less than half of the text left is another text, not an edited one.
        SpanFate::Partial { start, end, kept } if kept * 2 >= old_len => Some((start, end)),
        SpanFate::Partial { .. } | SpanFate::Gone => None,
    };
    // What survived, widened to whole words, if that is a fair edit of the old text.
    if let Some((start, end)) = survived
        .and_then(|(start, end)| snap_to_words(new_text, start, end))
        .filter(|&(start, end)| is_placeable_change(new_text, &record.text, start, end))
    {
        return proposal(new_text, start, end, Doubt::TextChanged);
    }
    match nearest_occurrence_on_words(new_text, &record.text, map.approximate(record.start)) {
        Some(start) => proposal(new_text, start, start + old_len, Doubt::FoundElsewhere),
        None => Placement::Lost,
    }
}

/// Whether `start..end` of `new_text` may stand for an entity whose text was
/// `old_text`: the same text, or one on word edges and at least half as long.
/// No proposal breaks this rule, and `--accept-changed` writes none that does.
pub fn is_placeable_change(new_text: &Document, old_text: &str, start: usize, end: usize) -> bool {
    if new_text.slice(start, end) == Some(old_text) {
        return true;
    }
    start < end && (end - start) * 2 >= old_text.chars().count() && on_word_edges(new_text, start, end)
}

/// The span starts where a word starts and ends where one ends.
fn on_word_edges(document: &Document, start: usize, end: usize) -> bool {
    start < end
        && word_at(document, start).is_some_and(|(word_start, _)| word_start == start)
        && word_at(document, end - 1).is_some_and(|(_, word_end)| word_end == end)
}

/// The occurrence of `needle` nearest `expected` that lies on word edges.
fn nearest_occurrence_on_words(document: &Document, needle: &str, expected: usize) -> Option<usize> {
    let len = needle.chars().count();
    occurrences(document, needle)
        .into_iter()
        .filter(|&start| on_word_edges(document, start, start + len))
        .min_by_key(|&start| start.abs_diff(expected))
}

/// The shifts (new start − old start) of the entities whose text occurs
/// exactly once in the new text, by old start: they tell how far the text
/// around them moved.
fn unique_anchors(records: &[&EntityRecord], new_text: &Document) -> Vec<(usize, i128)> {
    let mut anchors: Vec<(usize, i128)> = records
        .iter()
        .filter_map(|record| {
            let found = nearest_occurrence(new_text, &record.text, 0)?;
            (found.count == 1).then(|| (record.start, found.nearest as i128 - record.start as i128))
        })
        .collect();
    anchors.sort_by_key(|&(start, _)| start);
    anchors
}

/// How far the text around old offset `start` moved, as told by the nearest
/// unique neighbour on each side, or where there is none by the text's edge
/// on that side: unchanged at the start, shifted by the change in length at
/// the end.
fn neighbour_shifts(anchors: &[(usize, i128)], start: usize, length_change: i128) -> [i128; 2] {
    let after = anchors.partition_point(|&(old_start, _)| old_start <= start);
    let before = after
        .checked_sub(1)
        .and_then(|i| anchors.get(i))
        .map_or(0, |&(_, shift)| shift);
    let after = anchors.get(after).map_or(length_change, |&(_, shift)| shift);
    [before, after]
}

fn shifted(start: usize, shift: i128) -> usize {
    usize::try_from((start as i128).saturating_add(shift).max(0)).unwrap_or(usize::MAX)
}

/// Without the old text, the stored text is looked for where the text
/// around it moved. It moves silently when it is the only occurrence, or
/// when the places its two sides expect (the same place when both moved
/// alike) hold exactly one occurrence; when both hold one, or neither, it
/// is truly ambiguous and the occurrence nearest the earlier side's place is
/// proposed.
fn by_search(record: &EntityRecord, new_text: &Document, shifts: [i128; 2]) -> Placement {
    let expected = shifts.map(|shift| shifted(record.start, shift));
    let Some(found) = nearest_occurrence(new_text, &record.text, expected[0]) else {
        return Placement::Lost;
    };
    let len = record.text.chars().count();
    let exactly_there = |place: &usize| {
        place
            .checked_add(len)
            .and_then(|end| new_text.slice(*place, end))
            .is_some_and(|text| text == record.text)
    };
    let mut held: Vec<usize> = expected.into_iter().filter(exactly_there).collect();
    held.dedup();
    let start = match held.as_slice() {
        _ if found.count == 1 => found.nearest,
        [only] => *only,
        _ => {
            return proposal(
                new_text,
                found.nearest,
                found.nearest + len,
                Doubt::Ambiguous {
                    occurrences: found.count,
                },
            );
        }
    };
    Placement::Moved {
        start,
        end: start + len,
    }
}

fn proposal(new_text: &Document, start: usize, end: usize, doubt: Doubt) -> Placement {
    match new_text.slice(start, end) {
        Some(text) if start < end => Placement::Proposed {
            start,
            end,
            text: text.to_owned(),
            doubt,
        },
        _ => Placement::Lost,
    }
}

/// Two entities of one label may not share a span: the later one becomes a
/// question.
fn flag_same_spans(entities: &mut [EntityPlan], new_text: &Document) {
    let mut taken: HashMap<(usize, usize, String), String> = HashMap::new();
    for entity in entities.iter_mut() {
        let span = match &entity.placement {
            Placement::Moved { start, end } | Placement::Proposed { start, end, .. } => (*start, *end),
            Placement::Lost => continue,
        };
        let key = (span.0, span.1, entity.label.clone());
        match taken.get(&key) {
            Some(other) => {
                entity.placement = proposal(new_text, span.0, span.1, Doubt::SameSpanAs(other.clone()));
            }
            None => {
                taken.insert(key, entity.id.clone());
            }
        }
    }
}
