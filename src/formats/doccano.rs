//! `doccano`: doccano's JSONL for sequence labelling with relations,
//! `{"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
//! "relations": [{"id", "from_id", "to_id", "type"}], "document"}`.
//!
//! doccano measures offsets in UTF-16 code units (what JavaScript's string
//! length counts), not code points: an emoji counts two. Export converts to
//! that and import converts back, both through the document's offset index.
//! `document` carries Spanwright's document id; doccano keeps it as metadata.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::text::Document;

use super::export::{ExportDocument, FormatWriter};
use super::import::read_text_file;
use super::incoming::{IncomingDocument, IncomingEntity, IncomingRelation, ReadResult};
use super::jsonl::IdIn;
use super::report::Issue;
use super::staging::Staging;
use super::{ExportError, ExportSummary, ImportError};

const NO_PLACE: &str = "doccano sequence labelling has no place for it";

#[derive(Serialize)]
struct LineOut<'a> {
    text: &'a str,
    entities: Vec<EntityOut<'a>>,
    relations: Vec<RelationOut<'a>>,
    document: &'a str,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: usize,
    start_offset: usize,
    end_offset: usize,
    label: &'a str,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    kind: &'a str,
}

pub(crate) struct DoccanoWriter {
    file: BufWriter<File>,
    path: PathBuf,
}

impl DoccanoWriter {
    pub(crate) fn new(staging: &mut Staging, out: &Path) -> Result<Self, ExportError> {
        Ok(Self {
            file: staging.create(out.to_path_buf())?,
            path: out.to_path_buf(),
        })
    }
}

impl FormatWriter for DoccanoWriter {
    fn document(
        &mut self,
        doc: &ExportDocument<'_>,
        _staging: &mut Staging,
        summary: &mut ExportSummary,
    ) -> Result<(), ExportError> {
        let document = &doc.document;
        let entities = doc.set.entities();
        // doccano ids are numbers: entities and relations are numbered from 1
        // in their canonical order.
        let number_of = |id: &str| doc.set.entity_position(id).map_or(0, |i| i + 1);
        let line = LineOut {
            text: document.text(),
            entities: entities
                .iter()
                .enumerate()
                .map(|(i, e)| EntityOut {
                    id: i + 1,
                    start_offset: document.utf16_of_char(e.start),
                    end_offset: document.utf16_of_char(e.end),
                    label: &e.label,
                })
                .collect(),
            relations: doc
                .set
                .relations()
                .iter()
                .enumerate()
                .map(|(i, r)| RelationOut {
                    id: i + 1,
                    from_id: number_of(&r.head),
                    to_id: number_of(&r.tail),
                    kind: &r.label,
                })
                .collect(),
            document: document.id(),
        };
        let io = |source| ExportError::Io {
            file: self.path.display().to_string(),
            source,
        };
        serde_json::to_writer(&mut self.file, &line).map_err(|err| io(err.into()))?;
        self.file.write_all(b"\n").map_err(io)?;
        summary.entities += line.entities.len();
        summary.relations += line.relations.len();
        tally_losses(doc, summary);
        Ok(())
    }

    fn finish(self: Box<Self>, _staging: &mut Staging, _summary: &mut ExportSummary) -> Result<(), ExportError> {
        Staging::close(self.file, &self.path)
    }
}

fn tally_losses(doc: &ExportDocument<'_>, summary: &mut ExportSummary) {
    let entities = doc.set.entities();
    let relations = doc.set.relations();
    summary.not_carried(
        "entity attribute values",
        NO_PLACE,
        entities.iter().map(|e| e.attributes.len()).sum(),
    );
    summary.not_carried(
        "entity notes",
        NO_PLACE,
        entities.iter().filter(|e| e.note.is_some()).count(),
    );
    summary.not_carried(
        "relation notes",
        NO_PLACE,
        relations.iter().filter(|r| r.note.is_some()).count(),
    );
    summary.not_carried("comments", NO_PLACE, doc.comment_count());
    summary.not_carried("document statuses other than todo", NO_PLACE, doc.status_lost());
}

#[derive(Deserialize)]
struct LineIn {
    text: String,
    #[serde(default)]
    entities: Option<Vec<Value>>,
    /// The form without relations: `[[start, end, label], …]`.
    #[serde(default)]
    label: Option<Vec<Value>>,
    #[serde(default)]
    relations: Vec<Value>,
    #[serde(default)]
    document: Option<String>,
    #[serde(default)]
    id: Option<IdIn>,
}

#[derive(Deserialize)]
struct EntityIn {
    id: Option<IdIn>,
    start_offset: usize,
    end_offset: usize,
    label: String,
}

#[derive(Deserialize)]
struct RelationIn {
    id: Option<IdIn>,
    from_id: IdIn,
    to_id: IdIn,
    #[serde(rename = "type")]
    kind: String,
}

pub(crate) fn read(input: &Path) -> Result<ReadResult, ImportError> {
    let text = read_text_file(input)?;
    Ok(parse(&input.display().to_string(), &text))
}

pub(crate) fn parse(file: &str, text: &str) -> ReadResult {
    let mut result = ReadResult::default();
    for (number, parsed) in result.json_lines::<LineIn>(file, text) {
        let issue = |item: Option<String>, message: String| Issue::new(file, Some(number), item, message);
        let id = match (&parsed.document, parsed.id) {
            (Some(document), _) => document.clone(),
            (None, Some(id)) => format!("doccano-{}", id.into_string()),
            (None, None) => format!("line-{number}"),
        };
        let units = Document::from_text(&id, parsed.text.as_str());
        let mut doc = IncomingDocument {
            id,
            file: file.to_owned(),
            line: Some(number),
            text: parsed.text.clone(),
            ..IncomingDocument::default()
        };
        let spans: Vec<Result<SpanIn, String>> = match (parsed.entities, parsed.label) {
            (Some(entities), _) => entities.into_iter().map(entity_span).collect(),
            (None, Some(labels)) => labels.into_iter().map(label_span).collect(),
            (None, None) => Vec::new(),
        };
        for (i, span) in spans.into_iter().enumerate() {
            let mut item = format!("entity #{}", i + 1);
            let converted = span.and_then(|span| {
                if let Some(id) = &span.id {
                    item = format!("entity {id}");
                }
                Ok(IncomingEntity {
                    start: code_point_of(&units, span.start)?,
                    end: code_point_of(&units, span.end)?,
                    id: span.id,
                    label: span.label,
                    line: Some(number),
                    ..IncomingEntity::default()
                })
            });
            match converted {
                Ok(entity) => doc.entities.push(entity),
                Err(message) => result
                    .problems
                    .push(issue(Some(item), format!("{message}; entity skipped"))),
            }
        }
        for (i, value) in parsed.relations.into_iter().enumerate() {
            match serde_json::from_value::<RelationIn>(value) {
                Ok(relation) => doc.relations.push(IncomingRelation {
                    id: relation.id.map(|id| format!("r{}", id.into_string())),
                    label: relation.kind,
                    head: format!("e{}", relation.from_id.into_string()),
                    tail: format!("e{}", relation.to_id.into_string()),
                    line: Some(number),
                    ..IncomingRelation::default()
                }),
                Err(err) => result.problems.push(issue(
                    Some(format!("relation #{}", i + 1)),
                    format!("{err}; relation skipped"),
                )),
            }
        }
        result.documents.push(doc);
    }
    result
}

/// An entity as doccano states it, offsets in UTF-16 code units.
struct SpanIn {
    id: Option<String>,
    start: usize,
    end: usize,
    label: String,
}

fn entity_span(value: Value) -> Result<SpanIn, String> {
    let entity: EntityIn = serde_json::from_value(value).map_err(|err| err.to_string())?;
    Ok(SpanIn {
        id: entity.id.map(|id| format!("e{}", id.into_string())),
        start: entity.start_offset,
        end: entity.end_offset,
        label: entity.label,
    })
}

fn label_span(value: Value) -> Result<SpanIn, String> {
    let (start, end, label) = serde_json::from_value::<(usize, usize, String)>(value)
        .map_err(|err| format!("expected [start, end, label]: {err}"))?;
    Ok(SpanIn {
        id: None,
        start,
        end,
        label,
    })
}

/// The code point at UTF-16 offset `units`, or why there is none.
fn code_point_of(document: &Document, units: usize) -> Result<usize, String> {
    let len = document.offsets().utf16_len();
    if units > len {
        return Err(format!(
            "offset {units} runs past the end of the text ({len} UTF-16 code units)"
        ));
    }
    document.char_of_utf16(units).ok_or_else(|| {
        format!("offset {units} falls inside a character (between the two halves of a UTF-16 surrogate pair)")
    })
}
