//! `jsonl`: one document per line with code-point offsets, the shape most
//! training code reads directly:
//!
//! `{"id", "text", "entities": [{"id", "start", "end", "label", "text",
//! "attributes", "note"?, "comment"?}], "relations": [{"id", "head", "tail",
//! "label", "note"?, "comment"?}], "annotator", "status", "comment"?}`
//!
//! Fields marked `?` are written only when set. Import also takes an optional
//! `score` per entity (kept by `import predictions`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::annotations::{AttributeValue, Status};

use super::export::{ExportDocument, FormatWriter};
use super::import::read_text_file;
use super::incoming::{IncomingDocument, IncomingEntity, IncomingRelation, ReadResult};
use super::report::Issue;
use super::staging::Staging;
use super::{ExportError, ExportSummary, ImportError};

#[derive(Serialize)]
struct LineOut<'a> {
    id: &'a str,
    text: &'a str,
    entities: Vec<EntityOut<'a>>,
    relations: Vec<RelationOut<'a>>,
    annotator: Option<&'a str>,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: &'a str,
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    attributes: &'a BTreeMap<String, AttributeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: &'a str,
    head: &'a str,
    tail: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
}

pub(crate) struct JsonlWriter {
    file: BufWriter<File>,
    path: PathBuf,
}

impl JsonlWriter {
    pub(crate) fn new(staging: &mut Staging, out: &Path) -> Result<Self, ExportError> {
        Ok(Self {
            file: staging.create(out.to_path_buf())?,
            path: out.to_path_buf(),
        })
    }
}

impl FormatWriter for JsonlWriter {
    fn document(
        &mut self,
        doc: &ExportDocument<'_>,
        _staging: &mut Staging,
        summary: &mut ExportSummary,
    ) -> Result<(), ExportError> {
        let document = &doc.document;
        let line = LineOut {
            id: document.id(),
            text: document.text(),
            entities: doc
                .set
                .entities()
                .iter()
                .map(|e| EntityOut {
                    id: &e.id,
                    start: e.start,
                    end: e.end,
                    label: &e.label,
                    text: document.slice(e.start, e.end).unwrap_or_default(),
                    attributes: &e.attributes,
                    note: e.note.as_deref(),
                    comment: e.comment.as_deref(),
                })
                .collect(),
            relations: doc
                .set
                .relations()
                .iter()
                .map(|r| RelationOut {
                    id: &r.id,
                    head: &r.head,
                    tail: &r.tail,
                    label: &r.label,
                    note: r.note.as_deref(),
                    comment: r.comment.as_deref(),
                })
                .collect(),
            annotator: doc.annotator,
            status: doc.set.status(),
            comment: doc.comment.as_deref(),
        };
        let io = |source| ExportError::Io {
            file: self.path.display().to_string(),
            source,
        };
        serde_json::to_writer(&mut self.file, &line).map_err(|err| io(err.into()))?;
        self.file.write_all(b"\n").map_err(io)?;
        summary.entities += line.entities.len();
        summary.relations += line.relations.len();
        Ok(())
    }

    fn finish(self: Box<Self>, _staging: &mut Staging, _summary: &mut ExportSummary) -> Result<(), ExportError> {
        Staging::close(self.file, &self.path)
    }
}

/// An id given as a string or a number.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum IdIn {
    Text(String),
    Number(u64),
}

impl IdIn {
    pub(crate) fn into_string(self) -> String {
        match self {
            Self::Text(text) => text,
            Self::Number(number) => number.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct LineIn {
    id: Option<IdIn>,
    text: String,
    #[serde(default)]
    entities: Vec<Value>,
    #[serde(default)]
    relations: Vec<Value>,
    /// Ignored: an import is stored under the annotator it is given.
    #[serde(default, rename = "annotator")]
    _annotator: Option<Value>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
struct EntityIn {
    id: Option<IdIn>,
    start: usize,
    end: usize,
    label: String,
    text: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, AttributeValue>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    score: Option<f64>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
struct RelationIn {
    id: Option<IdIn>,
    head: IdIn,
    tail: IdIn,
    label: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

/// What a jsonl reader keeps: annotations, or a model's predictions (scores
/// kept, relations not).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonlPurpose {
    Annotations,
    Predictions,
}

pub(crate) fn read(input: &Path) -> Result<ReadResult, ImportError> {
    let text = read_text_file(input)?;
    Ok(parse(&input.display().to_string(), &text, JsonlPurpose::Annotations))
}

/// Parses jsonl text; `file` names it in every issue.
pub(crate) fn parse(file: &str, text: &str, purpose: JsonlPurpose) -> ReadResult {
    let mut result = ReadResult::default();
    for (number, parsed) in result.json_lines::<LineIn>(file, text) {
        let issue = |item: Option<String>, message: String| Issue::new(file, Some(number), item, message);
        let status = match parsed.status.as_deref().map(|s| (s, Status::parse(s))) {
            None => None,
            Some((_, Some(status))) => Some(status),
            Some((given, None)) => {
                result.problems.push(issue(
                    None,
                    format!("unknown status \"{given}\" (todo, in_progress, done or reviewed); line skipped"),
                ));
                continue;
            }
        };
        let mut doc = IncomingDocument {
            id: parsed.id.map_or_else(|| format!("line-{number}"), IdIn::into_string),
            file: file.to_owned(),
            line: Some(number),
            text: parsed.text,
            status,
            comment: parsed.comment,
            ..IncomingDocument::default()
        };
        note_unknown_fields(&mut result.not_carried, &issue, None, &parsed.other);
        for (i, value) in parsed.entities.into_iter().enumerate() {
            let item = Some(format!("entity #{}", i + 1));
            match serde_json::from_value::<EntityIn>(value) {
                Ok(entity) => {
                    let item = entity
                        .id
                        .as_ref()
                        .map_or(item, |id| Some(format!("entity {}", id_text(id))));
                    note_unknown_fields(&mut result.not_carried, &issue, item.clone(), &entity.other);
                    if purpose == JsonlPurpose::Annotations
                        && let Some(score) = entity.score
                    {
                        result.not_carried.push(issue(
                            item,
                            format!(
                                "score {score} not carried: annotation files hold no scores (import the file as predictions to keep them)"
                            ),
                        ));
                    }
                    doc.entities.push(IncomingEntity {
                        id: entity.id.map(IdIn::into_string),
                        label: entity.label,
                        start: entity.start,
                        end: entity.end,
                        claimed_text: entity.text,
                        attributes: entity.attributes,
                        note: entity.note,
                        comment: entity.comment,
                        score: entity.score,
                        line: Some(number),
                    });
                }
                Err(err) => result.problems.push(issue(item, format!("{err}; entity skipped"))),
            }
        }
        if purpose == JsonlPurpose::Predictions && !parsed.relations.is_empty() {
            result.not_carried.push(issue(
                None,
                format!(
                    "{} relations not carried: suggestions are entities only",
                    parsed.relations.len()
                ),
            ));
        } else {
            for (i, value) in parsed.relations.into_iter().enumerate() {
                let item = Some(format!("relation #{}", i + 1));
                match serde_json::from_value::<RelationIn>(value) {
                    Ok(relation) => {
                        let item = relation
                            .id
                            .as_ref()
                            .map_or(item, |id| Some(format!("relation {}", id_text(id))));
                        note_unknown_fields(&mut result.not_carried, &issue, item, &relation.other);
                        doc.relations.push(IncomingRelation {
                            id: relation.id.map(IdIn::into_string),
                            label: relation.label,
                            head: relation.head.into_string(),
                            tail: relation.tail.into_string(),
                            note: relation.note,
                            comment: relation.comment,
                            line: Some(number),
                        });
                    }
                    Err(err) => result.problems.push(issue(item, format!("{err}; relation skipped"))),
                }
            }
        }
        result.documents.push(doc);
    }
    result
}

fn id_text(id: &IdIn) -> String {
    match id {
        IdIn::Text(text) => text.clone(),
        IdIn::Number(number) => number.to_string(),
    }
}

fn note_unknown_fields(
    not_carried: &mut Vec<Issue>,
    issue: &dyn Fn(Option<String>, String) -> Issue,
    item: Option<String>,
    other: &BTreeMap<String, Value>,
) {
    if !other.is_empty() {
        let names: Vec<&str> = other.keys().map(String::as_str).collect();
        not_carried.push(issue(
            item,
            format!(
                "field(s) {} not carried: Spanwright has no place for them",
                names.join(", ")
            ),
        ));
    }
}
