//! `doccano`: doccano's JSONL for sequence labelling with relations,
//! `{"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
//! "relations": [{"id", "from_id", "to_id", "type"}], "document"}`.
//!
//! doccano measures offsets in UTF-16 code units (what JavaScript's string
//! length counts), not code points: an emoji counts two. Export converts to
//! that and import converts back, both through the document's offset index.
//! `document` carries Spanwright's document id; doccano keeps it as metadata.
//! `meta` from an imported doccano file is kept with the document and
//! written back.
//!
//! Import reads every shape doccano versions write: `entities` objects with
//! `relations`, `label` or `labels` triples `[start, end, label]`, doccano
//! 1.0's `annotations` objects (`label` may be a number), text under `text`
//! or `data`; JSON lines or one JSON array. A record with text but nothing
//! Spanwright recognises as annotations is reported, never imported empty
//! in silence. doccano names records by its own numbers, so a text the
//! project already has is matched by its exact content instead.

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
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<&'a Value>,
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
            meta: doc.meta.as_ref(),
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
struct EntityIn {
    id: Option<IdIn>,
    start_offset: usize,
    end_offset: usize,
    /// A name, or in doccano 1.0's `annotations` the label's number.
    label: IdIn,
}

#[derive(Deserialize)]
struct RelationIn {
    id: Option<IdIn>,
    from_id: IdIn,
    to_id: IdIn,
    #[serde(rename = "type")]
    kind: String,
}

/// The keys a record may carry besides its annotations.
const PLAIN_KEYS: [&str; 5] = ["text", "data", "id", "meta", "document"];
/// The keys that hold entities, in every shape doccano has exported.
const SPAN_KEYS: [&str; 4] = ["entities", "label", "labels", "annotations"];

pub(crate) fn read(input: &Path) -> Result<ReadResult, ImportError> {
    let text = read_text_file(input)?;
    Ok(parse(&input.display().to_string(), &text))
}

/// Reads JSON lines, or one JSON array of records (pretty-printed or not).
pub(crate) fn parse(file: &str, text: &str) -> ReadResult {
    let mut result = ReadResult::default();
    let records: Vec<(Option<usize>, String, Value)> = if text.trim_start().starts_with('[') {
        match serde_json::from_str::<Vec<Value>>(text) {
            Ok(values) => values
                .into_iter()
                .enumerate()
                .map(|(i, value)| (None, format!("record-{}", i + 1), value))
                .collect(),
            Err(err) => {
                result.problems.push(Issue::new(
                    file,
                    Some(err.line()),
                    None,
                    format!("not a JSON array of doccano records (column {}): {err}", err.column()),
                ));
                return result;
            }
        }
    } else {
        result
            .json_lines::<Value>(file, text)
            .into_iter()
            .map(|(number, value)| (Some(number), format!("line-{number}"), value))
            .collect()
    };
    for (line, fallback_id, value) in records {
        read_record(file, line, &fallback_id, value, &mut result);
    }
    result
}

fn read_record(file: &str, line: Option<usize>, fallback_id: &str, value: Value, result: &mut ReadResult) {
    let place = |item: Option<String>, message: String| Issue::new(file, line, item, message);
    let here = line.map_or_else(|| format!(" ({fallback_id})"), |_| String::new());
    let Value::Object(record) = value else {
        result
            .problems
            .push(place(None, format!("a record must be a JSON object{here}; skipped")));
        return;
    };
    let Some(text) = ["text", "data"]
        .iter()
        .find_map(|key| record.get(*key).and_then(Value::as_str))
    else {
        result.problems.push(place(
            None,
            format!("no text: a doccano record holds its text under \"text\" or \"data\"{here}; skipped"),
        ));
        return;
    };
    let id = match (record.get("document").and_then(Value::as_str), record.get("id")) {
        (Some(document), _) => document.to_owned(),
        (None, Some(Value::Number(n))) => format!("doccano-{n}"),
        (None, Some(Value::String(s))) => format!("doccano-{s}"),
        _ => fallback_id.to_owned(),
    };
    let units = Document::from_text(&id, text);
    let mut doc = IncomingDocument {
        id,
        file: file.to_owned(),
        line,
        text: text.to_owned(),
        match_by_text: record.get("document").is_none(),
        meta: record.get("meta").filter(|m| !m.is_null()).cloned(),
        ..IncomingDocument::default()
    };
    let unknown: Vec<&str> = record
        .keys()
        .map(String::as_str)
        .filter(|k| !PLAIN_KEYS.contains(k) && !SPAN_KEYS.contains(k) && *k != "relations")
        .collect();
    let span_keys: Vec<&str> = SPAN_KEYS.iter().copied().filter(|k| record.contains_key(*k)).collect();
    if span_keys.is_empty() && !unknown.is_empty() {
        result.problems.push(place(
            None,
            format!(
                "text without any annotation Spanwright recognises{here}: it has {} but no \"entities\", \"label\", \"labels\" or \"annotations\"; skipped",
                unknown.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
            ),
        ));
        return;
    }
    if span_keys.is_empty() {
        result.not_carried.push(place(
            None,
            format!("a text without annotations{here}: imported as text only"),
        ));
    }
    for key in &unknown {
        result.not_carried.push(place(
            None,
            format!("field \"{key}\"{here}: Spanwright has no place for it"),
        ));
    }
    let mut spans: Vec<Result<SpanIn, String>> = Vec::new();
    for key in &span_keys {
        let Some(Value::Array(items)) = record.get(*key) else {
            result
                .problems
                .push(place(None, format!("\"{key}\" must be a list{here}; record skipped")));
            return;
        };
        for item in items {
            spans.push(match item {
                Value::Array(_) => label_span(item.clone()),
                Value::Object(_) => entity_span(item.clone()),
                Value::String(label) => Err(format!(
                    "\"{label}\" is a document label (text classification), not a span"
                )),
                _ => Err(format!(
                    "expected [start, end, label] or an object with start_offset, end_offset and label, found {item}"
                )),
            });
        }
    }
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
                line,
                ..IncomingEntity::default()
            })
        });
        match converted {
            Ok(entity) => doc.entities.push(entity),
            Err(message) => result
                .problems
                .push(place(Some(item), format!("{message}{here}; entity skipped"))),
        }
    }
    let relations = record
        .get("relations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, value) in relations.into_iter().enumerate() {
        match serde_json::from_value::<RelationIn>(value) {
            Ok(relation) => doc.relations.push(IncomingRelation {
                id: relation.id.map(|id| format!("r{}", id.into_string())),
                label: relation.kind,
                head: format!("e{}", relation.from_id.into_string()),
                tail: format!("e{}", relation.to_id.into_string()),
                line,
                ..IncomingRelation::default()
            }),
            Err(err) => result.problems.push(place(
                Some(format!("relation #{}", i + 1)),
                format!("{err}{here}; relation skipped"),
            )),
        }
    }
    result.documents.push(doc);
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
        label: entity.label.into_string(),
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
