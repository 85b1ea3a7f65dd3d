//! Where each entity of an annotation file goes in the edited text.

use std::collections::{HashMap, HashSet};

use super::offset_map::{OffsetMap, SpanFate};
use super::search::nearest_occurrence;
use crate::annotations::{AnnotationFile, EntityRecord};
use crate::text::Document;

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
        let anchors = unique_anchors(&records, old_len, new_text);
        let mut entities = Vec::with_capacity(records.len());
        for record in records {
            let unchanged_there = old_text.is_some_and(|old| old.slice(record.start, record.end) == Some(&record.text));
            let placement = match &map {
                Some(map) if unchanged_there => through_diff(map, record, new_text),
                _ => by_search(record, new_text, expected_places(&anchors, record.start)),
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
    match map.span(record.start, record.end) {
        SpanFate::Intact(start, end) | SpanFate::Partial(start, end)
            if new_text.slice(start, end) == Some(&record.text) =>
        {
            Placement::Moved { start, end }
        }
        SpanFate::Intact(start, end) | SpanFate::Partial(start, end) => {
            proposal(new_text, start, end, Doubt::TextChanged)
        }
        SpanFate::Gone => match nearest_occurrence(new_text, &record.text, map.approximate(record.start)) {
            Some(found) => proposal(
                new_text,
                found.nearest,
                found.nearest + record.text.chars().count(),
                Doubt::FoundElsewhere,
            ),
            None => Placement::Lost,
        },
    }
}

/// Entities whose text occurs exactly once in the new text, as
/// `(old start, shift)`, between the two ends of the text: they tell how far
/// the text around them moved.
fn unique_anchors(records: &[&EntityRecord], old_len: usize, new_text: &Document) -> Vec<(usize, i128)> {
    let mut anchors = vec![(0, 0)];
    anchors.extend(records.iter().filter_map(|record| {
        let found = nearest_occurrence(new_text, &record.text, 0)?;
        (found.count == 1).then(|| (record.start, found.nearest as i128 - record.start as i128))
    }));
    anchors.push((old_len, new_text.char_len() as i128 - old_len as i128));
    anchors.sort_by_key(|&(start, _)| start);
    anchors
}

/// Where the text at old offset `start` is expected now: shifted as the
/// nearest anchor before it, or as the nearest one after it.
fn expected_places(anchors: &[(usize, i128)], start: usize) -> [usize; 2] {
    let after = anchors.partition_point(|&(old_start, _)| old_start <= start);
    let shift_of = |i: Option<usize>| i.and_then(|i| anchors.get(i)).map_or(0, |&(_, shift)| shift);
    let place = |shift: i128| usize::try_from((start as i128).saturating_add(shift).max(0)).unwrap_or(usize::MAX);
    [place(shift_of(after.checked_sub(1))), place(shift_of(Some(after)))]
}

/// Without the old text, the stored text is looked for where the text
/// around it moved; it moves silently when it is the only occurrence or
/// sits exactly where expected.
fn by_search(record: &EntityRecord, new_text: &Document, expected: [usize; 2]) -> Placement {
    let [before, after] = expected.map(|place| nearest_occurrence(new_text, &record.text, place));
    let (Some(before), Some(after)) = (before, after) else {
        return Placement::Lost;
    };
    let start = if after.nearest == expected[1] {
        after.nearest
    } else {
        before.nearest
    };
    let end = start + record.text.chars().count();
    if before.count == 1 || expected.contains(&start) {
        Placement::Moved { start, end }
    } else {
        proposal(
            new_text,
            start,
            end,
            Doubt::Ambiguous {
                occurrences: before.count,
            },
        )
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
