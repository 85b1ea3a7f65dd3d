//! doccano's export shapes, one file of each written here by hand in the
//! shapes doccano's versions write: `label` and `labels` triples, `entities`
//! with `relations`, 1.0's `annotations`, text under `data`, a JSON array,
//! pretty-printed; `meta` kept and exported back; records without
//! annotations reported; a second annotator's export landing on the same
//! documents by their text.

use std::path::Path;

use crate::support::sets_of;

use spanwright::formats::{ExportOptions, Format, ImportError, ImportOptions, ImportSummary, export, import};
use spanwright::project::Project;

fn import_as(input: &Path, root: &Path, annotator: &str) -> Result<ImportSummary, ImportError> {
    import(
        &ImportOptions {
            format: Format::Doccano,
            input: input.to_path_buf(),
            project_dir: root.to_path_buf(),
            annotator: annotator.into(),
            skip_invalid: false,
        },
        &mut |_, _| {},
    )
}

/// Each document's entities as (label, covered text), sorted.
fn covered(root: &Path, annotator: &str) -> Vec<(String, Vec<(String, String)>)> {
    sets_of(root, annotator)
        .into_iter()
        .map(|(id, (text, set))| {
            let chars: Vec<char> = text.chars().collect();
            let mut spans: Vec<(String, String)> = set
                .entities()
                .iter()
                .map(|e| (e.label.clone(), chars[e.start..e.end].iter().collect()))
                .collect();
            spans.sort();
            (id, spans)
        })
        .collect()
}

fn pair(label: &str, text: &str) -> (String, String) {
    (label.into(), text.into())
}

fn write(dir: &Path, name: &str, content: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn label_triples_import_with_their_covered_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "label.jsonl",
        concat!(
            r#"{"id": 7, "text": "Keir Starmer met Giorgia Meloni in Rome.", "label": [[0, 12, "PERSON"], [17, 31, "PERSON"], [35, 39, "LOCATION"]], "meta": {}}"#,
            "\n",
            r#"{"id": 8, "text": "Italy 🇮🇹 signed.", "label": [[0, 5, "COUNTRY"]]}"#,
            "\n"
        ),
    );
    let root = dir.path().join("p");
    let summary = import_as(&input, &root, "alice").unwrap();
    assert_eq!((summary.documents, summary.entities), (2, 4), "{summary}");
    assert_eq!(
        covered(&root, "alice"),
        [
            (
                "doccano-7.txt".into(),
                vec![
                    pair("LOCATION", "Rome"),
                    pair("PERSON", "Giorgia Meloni"),
                    pair("PERSON", "Keir Starmer")
                ]
            ),
            ("doccano-8.txt".into(), vec![pair("COUNTRY", "Italy")]),
        ]
    );
}

#[test]
fn labels_triples_in_utf16_units_import() {
    let dir = tempfile::tempdir().unwrap();
    // "🚤" is two UTF-16 units: "Rome" starts at unit 3, code point 2.
    let input = write(
        dir.path(),
        "labels.jsonl",
        r#"{"text": "🚤 Rome and Paris", "labels": [[3, 7, "LOCATION"], [12, 17, "LOCATION"]]}"#,
    );
    let root = dir.path().join("p");
    let summary = import_as(&input, &root, "alice").unwrap();
    assert_eq!(summary.entities, 2, "{summary}");
    assert_eq!(
        covered(&root, "alice"),
        [(
            "line-1.txt".into(),
            vec![pair("LOCATION", "Paris"), pair("LOCATION", "Rome")]
        )]
    );
}

#[test]
fn entities_with_relations_import() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "rel.jsonl",
        r#"{"id": 3, "text": "Keir Starmer met Giorgia Meloni.", "entities": [{"id": 11, "start_offset": 0, "end_offset": 12, "label": "PERSON"}, {"id": 12, "start_offset": 17, "end_offset": 31, "label": "PERSON"}], "relations": [{"id": 4, "from_id": 11, "to_id": 12, "type": "MEETS"}], "Comments": []}"#,
    );
    let root = dir.path().join("p");
    let summary = import_as(&input, &root, "alice").unwrap();
    assert_eq!((summary.entities, summary.relations), (2, 1), "{summary}");
    let sets = sets_of(&root, "alice");
    let (_, set) = &sets["doccano-3.txt"];
    assert_eq!(set.relations()[0].label, "MEETS");
    // An unknown field is listed as not carried, not dropped in silence.
    assert!(
        summary.not_carried.iter().any(|i| i.message.contains("\"Comments\"")),
        "{summary}"
    );
}

#[test]
fn doccano_1_annotations_with_numbered_labels_import() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("spanwright-schema.json"),
        r##"{"name": "numbered", "entities": [{"name": "2", "color": "#aa0000"}, {"name": "Important Stuff", "color": "#00aa00"}]}"##,
    )
    .unwrap();
    let input = write(
        dir.path(),
        "annotations.jsonl",
        concat!(
            r#"{"id": 1, "text": "Rome is a city.", "annotations": [{"label": 2, "start_offset": 0, "end_offset": 4, "user": 1}], "meta": {"source": "wire"}, "annotation_approver": null}"#,
            "\n",
            r#"{"id": 2, "text": "A big deal.", "annotations": [{"label": "Important Stuff", "start_offset": 2, "end_offset": 10, "user": 1}], "meta": {}}"#,
            "\n"
        ),
    );
    let summary = import_as(&input, &root, "alice").unwrap();
    assert_eq!(summary.entities, 2, "{summary}");
    assert_eq!(
        covered(&root, "alice"),
        [
            ("doccano-1.txt".into(), vec![pair("2", "Rome")]),
            ("doccano-2.txt".into(), vec![pair("Important Stuff", "big deal")]),
        ]
    );
}

#[test]
fn a_pretty_printed_json_array_with_text_under_data_imports_and_meta_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "array.json",
        r#"[
  {
    "id": 21,
    "data": "Pakistan agreed with Italy.",
    "label": [[0, 8, "COUNTRY"], [21, 26, "COUNTRY"]],
    "meta": {"batch": 4, "source": "desk"}
  },
  {
    "id": 22,
    "data": "Nothing here.",
    "label": []
  }
]"#,
    );
    let root = dir.path().join("p");
    let summary = import_as(&input, &root, "alice").unwrap();
    assert_eq!((summary.documents, summary.entities), (2, 2), "{summary}");
    assert_eq!(
        covered(&root, "alice")[0],
        (
            "doccano-21.txt".into(),
            vec![pair("COUNTRY", "Italy"), pair("COUNTRY", "Pakistan")]
        )
    );
    let project = Project::open(&root).unwrap();
    let out = dir.path().join("back.jsonl");
    export(&project, &ExportOptions::new(Format::Doccano), &out, &mut |_, _| {}).unwrap();
    let exported = std::fs::read_to_string(&out).unwrap();
    let first: serde_json::Value = serde_json::from_str(exported.lines().next().unwrap()).unwrap();
    assert_eq!(first["meta"], serde_json::json!({"batch": 4, "source": "desk"}));
    assert_eq!(first["document"], "doccano-21.txt");
}

#[test]
fn text_without_recognised_annotations_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "odd.jsonl",
        r#"{"id": 1, "text": "Rome is a city.", "spans": [{"begin": 0, "finish": 4, "tag": "LOCATION"}]}"#,
    );
    let root = dir.path().join("p");
    let Err(ImportError::Invalid { problems }) = import_as(&input, &root, "alice") else {
        panic!("a record with unrecognised annotations must be refused");
    };
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].to_string().contains(
            "text without any annotation Spanwright recognises: it has \"spans\" but no \"entities\", \"label\", \"labels\" or \"annotations\""
        ),
        "{}",
        problems[0]
    );
}

#[test]
fn a_second_annotators_export_lands_on_the_same_documents_by_text() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        dir.path(),
        "alice.jsonl",
        concat!(
            r#"{"id": 1, "text": "Keir Starmer met Giorgia Meloni.", "label": [[0, 12, "PERSON"]]}"#,
            "\n",
            r#"{"id": 2, "text": "Italy signed.", "label": [[0, 5, "COUNTRY"]]}"#,
            "\n"
        ),
    );
    // Another doccano project numbers the same texts differently.
    let second = write(
        dir.path(),
        "bob.jsonl",
        concat!(
            r#"{"id": 40, "text": "Italy signed.", "label": [[0, 5, "LOCATION"]]}"#,
            "\n",
            r#"{"id": 41, "text": "Keir Starmer met Giorgia Meloni.", "label": [[17, 31, "PERSON"]]}"#,
            "\n"
        ),
    );
    let root = dir.path().join("p");
    import_as(&first, &root, "alice").unwrap();
    let summary = import_as(&second, &root, "bob").unwrap();
    assert_eq!((summary.documents, summary.texts_created), (2, 0), "{summary}");
    assert_eq!(
        covered(&root, "bob"),
        [
            ("doccano-1.txt".into(), vec![pair("PERSON", "Giorgia Meloni")]),
            ("doccano-2.txt".into(), vec![pair("LOCATION", "Italy")]),
        ]
    );
}

#[test]
fn exact_duplicates_are_merged_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "dup.jsonl",
        r#"{"id": 1, "text": "Keir Starmer met Giorgia Meloni.", "entities": [{"id": 1, "start_offset": 0, "end_offset": 12, "label": "PERSON"}, {"id": 2, "start_offset": 0, "end_offset": 12, "label": "PERSON"}, {"id": 3, "start_offset": 17, "end_offset": 31, "label": "PERSON"}], "relations": [{"id": 1, "from_id": 1, "to_id": 3, "type": "MEETS"}, {"id": 2, "from_id": 2, "to_id": 3, "type": "MEETS"}]}"#,
    );
    let root = dir.path().join("p");
    let summary = import_as(&input, &root, "alice").unwrap();
    assert_eq!((summary.entities, summary.relations), (2, 1), "{summary}");
    assert_eq!(
        (summary.merged_duplicates.entities, summary.merged_duplicates.relations),
        (1, 1)
    );
    assert!(
        summary
            .to_string()
            .contains("merged exact duplicates: 1 entities, 1 relations")
    );
}
