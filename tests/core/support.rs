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
    let byte = doc_text
        .find(text)
        .unwrap_or_else(|| panic!("{text:?} not in the text"));
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

pub const DOC1: &str = "Keir Starmer met Giorgia Meloni in Rome on Monday";
pub const DOC2: &str = "Italy and Albania signed a deal in Tirana";

pub fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a value");
    assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
}

/// doc1 annotated by alice, bob and carol; doc2 by alice and bob; doc3 by
/// nobody (values in tests/agreement.rs).
pub fn three_annotators() -> tempfile::TempDir {
    let dir = project_with(&[
        ("doc1.txt", DOC1),
        ("doc2.txt", DOC2),
        ("doc3.txt", "Nobody annotated this."),
    ]);
    let d1 = |text, label| span(DOC1, text, label);
    let d2 = |text, label| span(DOC2, text, label);
    annotate(
        dir.path(),
        "doc1.txt",
        "alice",
        &[
            d1("Keir Starmer", "PERSON"),
            d1("Giorgia Meloni", "PERSON"),
            d1("Rome", "LOCATION"),
            d1("Monday", "DATE"),
        ],
        &[("MEETS", 0, 1)],
    );
    annotate(
        dir.path(),
        "doc1.txt",
        "bob",
        &[
            d1("Keir Starmer", "PERSON"),
            d1("Meloni", "PERSON"),
            d1("Rome", "COUNTRY"),
            d1("Monday", "DATE"),
        ],
        &[("MEETS", 1, 0)],
    );
    annotate(
        dir.path(),
        "doc1.txt",
        "carol",
        &[
            d1("Keir Starmer", "PERSON"),
            d1("Giorgia Meloni", "PERSON"),
            d1("Rome", "LOCATION"),
        ],
        // The other direction of alice's MEETS: symmetric, so the same.
        &[("MEETS", 1, 0)],
    );
    annotate(
        dir.path(),
        "doc2.txt",
        "alice",
        &[
            d2("Italy", "COUNTRY"),
            d2("Albania", "COUNTRY"),
            d2("a deal", "AGREEMENT"),
            d2("Tirana", "LOCATION"),
        ],
        &[("SIGNS", 0, 2)],
    );
    annotate(
        dir.path(),
        "doc2.txt",
        "bob",
        &[
            d2("Italy", "COUNTRY"),
            d2("Albania", "COUNTRY"),
            d2("Tirana", "LOCATION"),
        ],
        &[("COOPERATES_WITH", 0, 1)],
    );
    dir
}
