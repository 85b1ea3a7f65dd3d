//! `label-studio`: a JSON array of Label Studio tasks, one per line,
//! `{"id", "data": {"text", "document"}, "annotations": [{"id",
//! "completed_by", "result": [...]}]}` (tasks and annotations numbered from
//! 1, the fields Label Studio's converters need),
//! and beside it `<name>.label-config.xml`, the labelling config to create
//! the project with.
//!
//! Label Studio stores text offsets in code points (what Python counts), so
//! offsets are written as they are. Each entity is a `labels` region; its
//! attributes are per-region `choices` results, its note and comment
//! per-region `textarea` results, all sharing the region's id; relations are
//! `relation` results from head to tail (`direction: "right"`).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use crate::annotations::AttributeValue;
use crate::schema::LabelSchema;

use super::export::{ExportDocument, FormatWriter};
use super::import::read_text_file;
use super::incoming::{IncomingDocument, IncomingEntity, IncomingRelation, ReadResult};
use super::jsonl::IdIn;
use super::label_config::{COMMENT, LABELS, NOTE, RESERVED, TEXT, label_config};
use super::report::Issue;
use super::staging::Staging;
use super::{ExportError, ExportSummary, Format, ImportError};

const NO_PLACE: &str = "Label Studio results have no place for it";

pub(crate) struct LabelStudioWriter {
    file: BufWriter<File>,
    path: PathBuf,
    tasks: usize,
}

/// Where the labelling config for tasks at `out` is written.
pub fn config_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!("{stem}.label-config.xml"))
}

impl LabelStudioWriter {
    pub(crate) fn new(staging: &mut Staging, out: &Path, schema: &LabelSchema) -> Result<Self, ExportError> {
        if let Some(clash) = schema.attributes.iter().find(|a| RESERVED.contains(&a.name.as_str())) {
            return Err(ExportError::Unsupported {
                format: Format::LabelStudio,
                reason: format!(
                    "the schema's attribute \"{}\" has the name of one of the config's own controls ({})",
                    clash.name,
                    RESERVED.join(", ")
                ),
            });
        }
        staging.write(config_path(out), label_config(schema).as_bytes())?;
        let mut file = staging.create(out.to_path_buf())?;
        file.write_all(b"[").map_err(|source| ExportError::Io {
            file: out.display().to_string(),
            source,
        })?;
        Ok(Self {
            file,
            path: out.to_path_buf(),
            tasks: 0,
        })
    }
}

fn results(doc: &ExportDocument<'_>) -> Vec<Value> {
    let document = &doc.document;
    let mut results = Vec::new();
    for entity in doc.set.entities() {
        let text = document.slice(entity.start, entity.end).unwrap_or_default();
        let region = |from_name: &str, kind: &str, extra: (&str, Value)| {
            let mut value = Map::new();
            value.insert("start".into(), json!(entity.start));
            value.insert("end".into(), json!(entity.end));
            if kind != "textarea" {
                value.insert("text".into(), json!(text));
            }
            value.insert(extra.0.into(), extra.1);
            json!({"id": entity.id, "from_name": from_name, "to_name": TEXT, "type": kind, "value": value})
        };
        results.push(region(LABELS, "labels", ("labels", json!([entity.label]))));
        for (name, value) in &entity.attributes {
            results.push(region(name, "choices", ("choices", json!([value.to_string()]))));
        }
        for (name, text) in [(NOTE, &entity.note), (COMMENT, &entity.comment)] {
            if let Some(text) = text {
                results.push(region(name, "textarea", ("text", json!([text]))));
            }
        }
    }
    for relation in doc.set.relations() {
        results.push(json!({
            "from_id": relation.head,
            "to_id": relation.tail,
            "type": "relation",
            "direction": "right",
            "labels": [relation.label],
        }));
    }
    results
}

impl FormatWriter for LabelStudioWriter {
    fn document(
        &mut self,
        doc: &ExportDocument<'_>,
        _staging: &mut Staging,
        summary: &mut ExportSummary,
    ) -> Result<(), ExportError> {
        // Tasks and annotations are numbered from 1 in export order;
        // Label Studio's own converters need both ids and `completed_by`.
        let number = self.tasks + 1;
        let task = json!({
            "id": number,
            "data": {"text": doc.document.text(), "document": doc.document.id()},
            "annotations": [{
                "id": number,
                "completed_by": 1,
                "was_cancelled": false,
                "result": results(doc),
            }],
        });
        let io = |source| ExportError::Io {
            file: self.path.display().to_string(),
            source,
        };
        let separator: &[u8] = if self.tasks == 0 { b"\n" } else { b",\n" };
        self.file.write_all(separator).map_err(io)?;
        serde_json::to_writer(&mut self.file, &task).map_err(|err| io(err.into()))?;
        self.tasks += 1;
        summary.entities += doc.set.entities().len();
        summary.relations += doc.set.relations().len();
        let relations = doc.set.relations();
        summary.not_carried("relation ids", "Label Studio relations have no ids", relations.len());
        summary.not_carried(
            "relation notes and comments",
            NO_PLACE,
            relations.iter().filter(|r| r.note.is_some()).count()
                + relations.iter().filter(|r| r.comment.is_some()).count(),
        );
        summary.not_carried("document comments", NO_PLACE, usize::from(doc.comment.is_some()));
        summary.not_carried("document statuses other than todo", NO_PLACE, doc.status_lost());
        Ok(())
    }

    fn finish(mut self: Box<Self>, _staging: &mut Staging, _summary: &mut ExportSummary) -> Result<(), ExportError> {
        self.file.write_all(b"\n]\n").map_err(|source| ExportError::Io {
            file: self.path.display().to_string(),
            source,
        })?;
        Staging::close(self.file, &self.path)
    }
}

#[derive(Deserialize)]
struct TaskIn {
    #[serde(default)]
    id: Option<IdIn>,
    data: Map<String, Value>,
    #[serde(default)]
    annotations: Vec<AnnotationIn>,
    #[serde(default)]
    predictions: Vec<PredictionIn>,
}

#[derive(Deserialize)]
struct AnnotationIn {
    #[serde(default)]
    result: Vec<Value>,
    #[serde(default)]
    was_cancelled: bool,
    /// A user number, or (older exports) an object with the user's e-mail.
    #[serde(default)]
    completed_by: Option<Value>,
}

#[derive(Deserialize)]
struct PredictionIn {
    #[serde(default)]
    result: Vec<Value>,
    #[serde(default)]
    model_version: Option<Value>,
}

#[derive(Deserialize)]
struct ResultIn {
    #[serde(default)]
    id: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    from_name: Option<String>,
    #[serde(default)]
    value: Map<String, Value>,
    #[serde(default)]
    from_id: Option<String>,
    #[serde(default)]
    to_id: Option<String>,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
}

/// How the reader treats what Label Studio allows and Spanwright needs.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LabelStudioReading<'a> {
    pub schema: Option<&'a LabelSchema>,
    /// The type given to relations without a label.
    pub relation_type: Option<&'a str>,
}

pub(crate) fn read(input: &Path, reading: LabelStudioReading<'_>) -> Result<ReadResult, ImportError> {
    let text = read_text_file(input)?;
    Ok(parse(&input.display().to_string(), &text, reading))
}

pub(crate) fn parse(file: &str, text: &str, reading: LabelStudioReading<'_>) -> ReadResult {
    let mut result = ReadResult::default();
    let line_of = |raw: &RawValue| {
        let at = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        text.get(..at).map_or(1, |before| before.matches('\n').count() + 1)
    };
    let tasks: Vec<&RawValue> = match serde_json::from_str::<Vec<&RawValue>>(text) {
        Ok(tasks) => tasks,
        Err(_) => match serde_json::from_str::<&RawValue>(text) {
            Ok(single) if single.get().trim_start().starts_with('{') => vec![single],
            Ok(_) => {
                result
                    .problems
                    .push(Issue::new(file, Some(1), None, "expected a JSON array of tasks"));
                return result;
            }
            Err(err) => {
                result.problems.push(Issue::new(
                    file,
                    Some(err.line()),
                    None,
                    format!("broken JSON (column {}): {err}; nothing read", err.column()),
                ));
                return result;
            }
        },
    };
    for (index, raw) in tasks.into_iter().enumerate() {
        let line = line_of(raw);
        match serde_json::from_str::<TaskIn>(raw.get()) {
            Ok(task) => read_task(file, line, index, task, reading, &mut result),
            Err(err) => result.problems.push(Issue::new(
                file,
                Some(line),
                Some(format!("task #{}", index + 1)),
                format!("not a Label Studio task: {err}; task skipped"),
            )),
        }
    }
    result
}

/// The name an annotation's `completed_by` stands for: the user number, or
/// the local part of the e-mail address of an older export's user object.
fn annotator_of(completed_by: &Value) -> Option<String> {
    let raw = match completed_by {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Object(user) => match (user.get("email").and_then(Value::as_str), user.get("id")) {
            (Some(email), _) if !email.is_empty() => email.split('@').next().unwrap_or(email).to_owned(),
            (_, Some(Value::Number(n))) => n.to_string(),
            _ => return None,
        },
        _ => return None,
    };
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    (!name.is_empty()).then_some(name)
}

fn read_task(
    file: &str,
    line: usize,
    index: usize,
    task: TaskIn,
    reading: LabelStudioReading<'_>,
    result: &mut ReadResult,
) {
    let issue = |item: Option<String>, message: String| Issue::new(file, Some(line), item, message);
    let document = task.data.get("document").and_then(Value::as_str);
    let id = match (document, task.id) {
        (Some(document), _) => document.to_owned(),
        (None, Some(id)) => format!("task-{}", id.into_string()),
        (None, None) => format!("task-{}", index + 1),
    };
    let Some(text) = task.data.get(TEXT).and_then(Value::as_str) else {
        result
            .problems
            .push(issue(None, format!("task {id} has no data.text string; task skipped")));
        return;
    };
    let empty = IncomingDocument {
        id: id.clone(),
        file: file.to_owned(),
        line: Some(line),
        text: text.to_owned(),
        match_by_text: document.is_none(),
        ..IncomingDocument::default()
    };
    for prediction in task.predictions {
        let source = match &prediction.model_version {
            Some(Value::String(version)) if !version.is_empty() => version.clone(),
            Some(Value::Number(version)) => version.to_string(),
            _ => DEFAULT_PREDICTION_SOURCE.to_owned(),
        };
        let mut doc = IncomingDocument {
            annotator: Some(source),
            ..empty.clone()
        };
        fill_from_results(&mut doc, prediction.result, line, reading, result);
        result.predictions.push(doc);
    }
    let annotations: Vec<AnnotationIn> = task.annotations.into_iter().filter(|a| !a.was_cancelled).collect();
    if annotations.is_empty() {
        result.documents.push(empty);
        return;
    }
    let several = annotations.len() > 1;
    for (position, annotation) in annotations.into_iter().enumerate() {
        // Annotations that do not say who made them are told apart by
        // their place in the task.
        let annotator = annotation
            .completed_by
            .as_ref()
            .and_then(annotator_of)
            .or_else(|| several.then(|| format!("annotation{}", position + 1)));
        let mut doc = IncomingDocument {
            annotator,
            ..empty.clone()
        };
        fill_from_results(&mut doc, annotation.result, line, reading, result);
        result.documents.push(doc);
    }
}

/// The model name given to Label Studio predictions without a
/// `model_version`.
pub(crate) const DEFAULT_PREDICTION_SOURCE: &str = "label-studio-predictions";

/// Adds the entities, relations, attributes and notes of one annotation's
/// (or prediction's) results to `doc`.
fn fill_from_results(
    doc: &mut IncomingDocument,
    results: Vec<Value>,
    line: usize,
    reading: LabelStudioReading<'_>,
    result: &mut ReadResult,
) {
    let file = doc.file.clone();
    let issue = |item: Option<String>, message: String| Issue::new(&file, Some(line), item, message);
    let mut regions: Vec<ResultIn> = Vec::new();
    for (i, value) in results.into_iter().enumerate() {
        match serde_json::from_value::<ResultIn>(value) {
            Ok(item) => regions.push(item),
            Err(err) => result.problems.push(issue(
                Some(format!("result #{}", i + 1)),
                format!("{err}; result skipped"),
            )),
        }
    }
    let mut entity_at: HashMap<String, usize> = HashMap::new();
    for region in regions.iter().filter(|r| r.kind == "labels") {
        let item = format!("region {}", region.id.as_deref().unwrap_or("without id"));
        match entity_of(region) {
            Ok(entity) => {
                if let Some(id) = &entity.id {
                    entity_at.insert(id.clone(), doc.entities.len());
                }
                doc.entities.push(IncomingEntity {
                    line: Some(line),
                    ..entity
                });
            }
            Err(message) => result
                .problems
                .push(issue(Some(item), format!("{message}; region skipped"))),
        }
    }
    for region in regions.iter().filter(|r| r.kind != "labels") {
        let target = region.id.as_ref().and_then(|id| entity_at.get(id)).copied();
        let from = region.from_name.as_deref().unwrap_or_default();
        let item = Some(format!("region {}", region.id.as_deref().unwrap_or("without id")));
        match (region.kind.as_str(), target) {
            ("relation", _) => match relation_of(region, reading.relation_type) {
                Ok(relation) => doc.relations.push(IncomingRelation {
                    line: Some(line),
                    ..relation
                }),
                Err(message) => result
                    .problems
                    .push(issue(None, format!("{message}; relation skipped"))),
            },
            ("choices", Some(at)) => match attribute_of(region, reading.schema) {
                Ok(value) => {
                    doc.entities[at].attributes.insert(from.to_owned(), value);
                }
                Err(message) => result
                    .problems
                    .push(issue(item, format!("{message}; attribute skipped"))),
            },
            ("textarea", Some(at)) if from == NOTE || from == COMMENT => {
                let text = textarea_text(region);
                let entity = &mut doc.entities[at];
                if from == NOTE {
                    entity.note = Some(text);
                } else {
                    entity.comment = Some(text);
                }
            }
            (kind, _) => result.not_carried.push(issue(
                item,
                format!("a {kind} result from \"{from}\" not carried: Spanwright has no place for it"),
            )),
        }
    }
}

fn entity_of(region: &ResultIn) -> Result<IncomingEntity, String> {
    let offset = |name: &str| match region.value.get(name) {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("value.{name} {n} is not a character offset")),
        Some(other) => Err(format!(
            "value.{name} is {other}, not a character offset (only plain-text regions can be imported)"
        )),
        None => Err(format!("value.{name} is missing")),
    };
    let labels: Vec<&str> = region
        .value
        .get("labels")
        .and_then(Value::as_array)
        .map(|labels| labels.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let [label] = labels.as_slice() else {
        return Err(format!(
            "the region has {} labels; a Spanwright entity has exactly one",
            labels.len()
        ));
    };
    Ok(IncomingEntity {
        id: region.id.clone(),
        label: (*label).to_owned(),
        start: offset("start")?,
        end: offset("end")?,
        claimed_text: region.value.get("text").and_then(Value::as_str).map(str::to_owned),
        ..IncomingEntity::default()
    })
}

fn relation_of(region: &ResultIn, relation_type: Option<&str>) -> Result<IncomingRelation, String> {
    let (Some(from), Some(to)) = (&region.from_id, &region.to_id) else {
        return Err("a relation needs from_id and to_id".into());
    };
    let given = relation_type.map(str::to_owned);
    let labels = if region.labels.is_empty() {
        let Some(given) = given.as_ref() else {
            return Err(format!(
                "the relation {from} → {to} has no label (Label Studio allows that, Spanwright needs one: give it with --relation-type NAME)"
            ));
        };
        std::slice::from_ref(given)
    } else {
        region.labels.as_slice()
    };
    let [label] = labels else {
        return Err(format!(
            "the relation {from} → {to} has {} labels; a Spanwright relation has exactly one",
            region.labels.len()
        ));
    };
    let (head, tail) = if region.direction.as_deref() == Some("left") {
        (to, from)
    } else {
        (from, to)
    };
    Ok(IncomingRelation {
        label: label.clone(),
        head: head.clone(),
        tail: tail.clone(),
        ..IncomingRelation::default()
    })
}

fn attribute_of(region: &ResultIn, schema: Option<&LabelSchema>) -> Result<AttributeValue, String> {
    let name = region.from_name.as_deref().unwrap_or_default();
    let choices: Vec<&str> = region
        .value
        .get("choices")
        .and_then(Value::as_array)
        .map(|choices| choices.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let [choice] = choices.as_slice() else {
        return Err(format!("attribute {name} has {} choices; expected one", choices.len()));
    };
    let is_flag = schema
        .and_then(|s| s.attribute(name))
        .is_some_and(|a| a.values.is_none());
    Ok(match (is_flag, *choice) {
        (true, "true") => AttributeValue::Flag(true),
        (true, "false") => AttributeValue::Flag(false),
        (_, choice) => AttributeValue::Choice(choice.to_owned()),
    })
}

fn textarea_text(region: &ResultIn) -> String {
    match region.value.get("text") {
        Some(Value::Array(lines)) => lines.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"),
        Some(Value::String(text)) => text.clone(),
        _ => String::new(),
    }
}
