//! Asking a backend to learn from the annotator's finished documents, as
//! Label Studio did before webhooks: `POST /train` with every finished
//! task and its annotation (`label-studio-ml` 1.0.x hands that list to the
//! model's `fit()`).

use serde_json::{Value, json};

use crate::annotations::{AnnotationFile, AnnotationSet};
use crate::formats::label_config::{LABELS, TEXT, label_config};
use crate::project::Project;
use crate::text::Document;

use super::client::{BackendError, MlBackend};
use super::run::project_key;

/// What a `/train` call sent and what the backend said.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackendTraining {
    pub backend: String,
    /// Finished documents sent.
    pub documents: usize,
    pub entities: usize,
    pub relations: usize,
    /// The training job the backend named, if it runs one.
    pub job: Option<String>,
    /// Files that could not be read, and were not sent.
    pub problems: Vec<String>,
}

/// The document as a Label Studio task with one annotation: the entities
/// as `labels` regions and the relations between them.
pub fn training_task(number: usize, document: &Document, set: &AnnotationSet, annotator: &str) -> Value {
    let mut result: Vec<Value> = set
        .entities()
        .iter()
        .map(|entity| {
            json!({
                "id": entity.id,
                "from_name": LABELS,
                "to_name": TEXT,
                "type": "labels",
                "value": {
                    "start": entity.start,
                    "end": entity.end,
                    "text": document.slice(entity.start, entity.end).unwrap_or_default(),
                    "labels": [entity.label],
                },
            })
        })
        .collect();
    result.extend(set.relations().iter().map(|relation| {
        json!({
            "from_id": relation.head,
            "to_id": relation.tail,
            "type": "relation",
            "direction": "right",
            "labels": [relation.label],
        })
    }));
    json!({
        "id": number,
        "data": {"text": document.text(), "document": document.id()},
        "annotations": [{
            "id": number,
            "completed_by": annotator,
            "was_cancelled": false,
            "ground_truth": false,
            "result": result,
        }],
    })
}

/// Sends `annotator`'s documents marked done or reviewed to `backend`'s
/// `POST /train`; `on_screen` (a document and its annotations as the window
/// shows them, just marked done) counts instead of its file.
pub fn train_backend(
    project: &Project,
    backend: &MlBackend,
    annotator: &str,
    on_screen: Option<(&Document, &AnnotationSet)>,
) -> Result<BackendTraining, BackendError> {
    let mut training = BackendTraining {
        backend: backend.url().to_owned(),
        ..BackendTraining::default()
    };
    let mut tasks = Vec::new();
    for entry in project.documents() {
        let number = tasks.len() + 1;
        if let Some((document, set)) = on_screen
            && document.id() == entry.id
        {
            training.entities += set.entities().len();
            training.relations += set.relations().len();
            tasks.push(training_task(number, document, set, annotator));
            continue;
        }
        let path = project.annotation_path(annotator, &entry.id);
        if !path.exists() {
            continue;
        }
        let name = project.annotation_file_name(annotator, &entry.id);
        let file = match AnnotationFile::load(&path, &name) {
            Ok(file) => file,
            Err(err) => {
                training.problems.push(format!("{name}: {err}; not sent"));
                continue;
            }
        };
        if !file.status.is_finished() {
            continue;
        }
        let document = match project.load_text(&entry.id) {
            Ok(document) => document,
            Err(err) => {
                training.problems.push(format!("{}: {err}; not sent", entry.id));
                continue;
            }
        };
        let set = file.to_set();
        training.entities += set.entities().len();
        training.relations += set.relations().len();
        tasks.push(training_task(number, &document, &set, annotator));
    }
    training.documents = tasks.len();
    if tasks.is_empty() {
        // label-studio-ml answers an empty list with HTTP 400.
        return Ok(training);
    }
    training.job = backend
        .train(&tasks, &label_config(project.schema()), &project_key(project))
        .map_err(with_hint)?;
    Ok(training)
}

/// label-studio-ml 1.0.x fails every `/train` after its model's `fit()`
/// unless started with `LABEL_STUDIO_ML_BACKEND_V2=1` (its deployments set
/// it): the error it answers names neither, so the cure is added.
fn with_hint(err: BackendError) -> BackendError {
    match err {
        BackendError::Status {
            backend,
            call,
            status: 500,
            body,
        } if body.contains("'ModelWrapper' is not iterable") => BackendError::Status {
            backend,
            call,
            status: 500,
            body: format!(
                "{body} (label-studio-ml 1.0.x trains through /train only when started with LABEL_STUDIO_ML_BACKEND_V2=1)"
            ),
        },
        other => other,
    }
}
