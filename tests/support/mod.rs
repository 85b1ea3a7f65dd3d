//! Builds small project folders for the integration tests.
#![allow(dead_code)]

use std::path::Path;

use spanwright::annotations::{Entity, Relation, Status};
use spanwright::project::{OpenDocument, Project};

/// A project folder holding the given texts (and the bundled schema).
pub fn project_with(texts: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (id, text) in texts {
        std::fs::write(dir.path().join(id), text).unwrap();
    }
    dir
}

pub fn open(dir: &Path) -> Project {
    Project::open(dir).unwrap()
}

/// Entity `label` over the first appearance of `text`.
pub fn span(doc_text: &str, text: &str, label: &str) -> (String, usize, usize) {
    let byte = doc_text.find(text).unwrap_or_else(|| panic!("{text:?} not in the text"));
    let start = doc_text[..byte].chars().count();
    (label.to_owned(), start, start + text.chars().count())
}

/// Saves `annotator`'s file for `doc_id` with the given entities (label,
/// start, end) and relations (label, head index, tail index), marked done.
pub fn annotate(
    dir: &Path,
    doc_id: &str,
    annotator: &str,
    entities: &[(String, usize, usize)],
    relations: &[(&str, usize, usize)],
) {
    let project = open(dir);
    let mut document = OpenDocument::open(&project, doc_id, annotator).unwrap();
    let mut ids = Vec::new();
    for (label, start, end) in entities {
        let edit = document.set().add_entity_edit(label, *start, *end);
        if let spanwright::annotations::Edit::AddEntity { entity, .. } = &edit {
            ids.push(entity.id.clone());
        }
        document.apply(edit, project.schema()).unwrap();
    }
    for (label, head, tail) in relations {
        let edit = document.set().add_relation_edit(label, &ids[*head], &ids[*tail]);
        document.apply(edit, project.schema()).unwrap();
    }
    let status = document.set().set_status_edit(Status::Done);
    if let Some(edit) = status {
        document.apply(edit, project.schema()).unwrap();
    }
    document.save_now().unwrap();
}

/// Writes an annotation file as given, for files the editor would refuse to
/// produce. Entity texts and the document hash are filled in.
pub fn write_raw(
    dir: &Path,
    doc_id: &str,
    annotator: &str,
    status: Status,
    entities: &[Entity],
    relations: &[Relation],
) {
    let project = open(dir);
    let text = project.load_text(doc_id).unwrap();
    let json = serde_json::json!({
        "format": "spanwright.annotations",
        "version": 1,
        "document": {"id": doc_id, "sha256": text.sha256(), "length": text.char_len()},
        "annotator": annotator,
        "status": status,
        "entities": entities.iter().map(|e| serde_json::json!({
            "id": e.id, "label": e.label, "start": e.start, "end": e.end,
            "text": text.slice(e.start, e.end).unwrap_or_default(),
            "attributes": {}, "note": null
        })).collect::<Vec<_>>(),
        "relations": relations.iter().map(|r| serde_json::json!({
            "id": r.id, "label": r.label, "head": r.head, "tail": r.tail, "note": null
        })).collect::<Vec<_>>(),
    });
    let path = project.annotation_path(annotator, doc_id);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
}
