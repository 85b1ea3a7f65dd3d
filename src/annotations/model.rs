use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A labelled span of a document, in code points, end-exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub attributes: BTreeMap<String, AttributeValue>,
    pub note: Option<String>,
    pub comment: Option<String>,
}

/// A typed, directed link from a head entity to a tail entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub id: String,
    pub label: String,
    pub head: String,
    pub tail: String,
    pub note: Option<String>,
    pub comment: Option<String>,
}

/// A yes/no flag or one value from the schema's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttributeValue {
    Flag(bool),
    Choice(String),
}

impl std::fmt::Display for AttributeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Flag(flag) => write!(f, "{flag}"),
            Self::Choice(value) => f.write_str(value),
        }
    }
}

/// Where a document stands in an annotator's work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
    Reviewed,
}

impl Status {
    pub const ALL: [Self; 4] = [Self::Todo, Self::InProgress, Self::Done, Self::Reviewed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Reviewed => "reviewed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Done or reviewed: nothing left for the annotator.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Reviewed)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Entity {
    pub fn new(id: impl Into<String>, label: impl Into<String>, start: usize, end: usize) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            start,
            end,
            attributes: BTreeMap::new(),
            note: None,
            comment: None,
        }
    }

    /// The canonical order of entities in files and lists.
    pub fn sort_key(&self) -> (usize, usize, &str, u64, &str) {
        (self.start, self.end, &self.label, id_number(&self.id), &self.id)
    }

    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }
}

impl Relation {
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        head: impl Into<String>,
        tail: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            head: head.into(),
            tail: tail.into(),
            note: None,
            comment: None,
        }
    }

    pub fn involves(&self, entity_id: &str) -> bool {
        self.head == entity_id || self.tail == entity_id
    }
}

/// The number in ids like `e12` or `r3`, so that `r10` sorts after `r9`.
/// Ids without one sort first, by their text.
pub fn id_number(id: &str) -> u64 {
    id.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(0)
}
