//! Documents as read from an import, before they are checked against the
//! project: offsets already in code points of the text (BOM excluded).

use std::collections::BTreeMap;

use crate::annotations::{AttributeValue, Status};

use super::report::Issue;

#[derive(Clone, Debug, Default)]
pub(crate) struct IncomingDocument {
    /// The id as the input names it (or as made up for inputs without ids).
    pub id: String,
    /// The input file, for messages.
    pub file: String,
    pub line: Option<usize>,
    pub text: String,
    /// Write the text with a byte order mark if it is new to the project.
    pub bom: bool,
    pub status: Option<Status>,
    pub comment: Option<String>,
    pub entities: Vec<IncomingEntity>,
    pub relations: Vec<IncomingRelation>,
    /// The input names documents by its own numbering: a text the project
    /// already has (the same text exactly) is the same document.
    pub match_by_text: bool,
    /// The source tool's metadata for the document, kept beside it.
    pub meta: Option<serde_json::Value>,
    /// Whose annotations these are, as the input names them (Label
    /// Studio's `completed_by`); for predictions, the model.
    pub annotator: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct IncomingEntity {
    pub id: Option<String>,
    pub label: String,
    pub start: usize,
    pub end: usize,
    /// The span's text as the input states it; checked against the text.
    pub claimed_text: Option<String>,
    pub attributes: BTreeMap<String, AttributeValue>,
    pub note: Option<String>,
    pub comment: Option<String>,
    pub score: Option<f64>,
    pub line: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct IncomingRelation {
    pub id: Option<String>,
    pub label: String,
    /// Ids of entities as the input names them.
    pub head: String,
    pub tail: String,
    pub note: Option<String>,
    pub comment: Option<String>,
    pub line: Option<usize>,
}

/// What a format's reader found in its input.
#[derive(Debug, Default)]
pub(crate) struct ReadResult {
    pub documents: Vec<IncomingDocument>,
    /// Broken lines, impossible offsets and the like; what each one names is
    /// already left out of `documents`.
    pub problems: Vec<Issue>,
    /// Valid input that Spanwright cannot hold.
    pub not_carried: Vec<Issue>,
    /// Model predictions in the input (Label Studio tasks carry them), to
    /// store as suggestions; `annotator` names the model.
    pub predictions: Vec<IncomingDocument>,
}

impl ReadResult {
    /// Each non-blank line of `text` (a JSON-lines file named `file`) parsed
    /// as `T`, with its line number; a line that does not parse is reported
    /// and skipped.
    pub fn json_lines<T: serde::de::DeserializeOwned>(&mut self, file: &str, text: &str) -> Vec<(usize, T)> {
        let mut parsed = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str(line) {
                Ok(value) => parsed.push((index + 1, value)),
                Err(err) => self.problems.push(Issue::new(
                    file,
                    Some(index + 1),
                    None,
                    format!("broken line (column {}): {err}; line skipped", err.column()),
                )),
            }
        }
        parsed
    }
}

impl IncomingEntity {
    /// How messages name this entity.
    pub fn describe(&self, index: usize) -> String {
        match &self.id {
            Some(id) => format!("entity {id}"),
            None => format!("entity #{}", index + 1),
        }
    }
}

impl IncomingRelation {
    pub fn describe(&self, index: usize) -> String {
        match &self.id {
            Some(id) => format!("relation {id}"),
            None => format!("relation #{}", index + 1),
        }
    }
}
