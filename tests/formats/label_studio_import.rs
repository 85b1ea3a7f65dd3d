//! Label Studio task files as Label Studio exports them: several
//! annotations of one task (each stored under its `completed_by`),
//! predictions (stored as suggestions), unlabelled relations, label names
//! with spaces.

use std::path::Path;

use crate::support::sets_of;

use spanwright::formats::suggestions::suggestions_for;
use spanwright::formats::{Format, ImportError, ImportOptions, ImportSettings, ImportSummary, import_with};
use spanwright::project::Project;

fn run(input: &Path, root: &Path, annotator: &str, settings: &ImportSettings) -> Result<ImportSummary, ImportError> {
    import_with(
        &ImportOptions {
            format: Format::LabelStudio,
            input: input.to_path_buf(),
            project_dir: root.to_path_buf(),
            annotator: annotator.into(),
            skip_invalid: false,
        },
        settings,
        &mut |_, _| {},
    )
}

fn region(id: &str, start: usize, end: usize, text: &str, label: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]}})
}

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

const TEXT: &str = "Keir Starmer met Giorgia Meloni in Rome.";

#[test]
fn every_annotation_of_a_task_goes_to_its_annotator() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = serde_json::json!([{
        "id": 17,
        "data": {"text": TEXT},
        "annotations": [
            {"id": 1, "completed_by": 3, "result": [region("a", 0, 12, "Keir Starmer", "PERSON")]},
            {"id": 2, "completed_by": {"id": 5, "email": "bo@example.org"},
             "result": [region("b", 35, 39, "Rome", "LOCATION"), region("c", 17, 31, "Giorgia Meloni", "PERSON")]},
            {"id": 3, "completed_by": 9, "was_cancelled": true, "result": [region("d", 35, 39, "Rome", "COUNTRY")]}
        ]
    }]);
    let input = dir.path().join("tasks.json");
    std::fs::write(&input, serde_json::to_string_pretty(&tasks).unwrap()).unwrap();
    let root = dir.path().join("p");
    let summary = run(&input, &root, "ls", &ImportSettings::default()).unwrap();
    assert_eq!(
        (summary.documents, summary.texts_created, summary.entities),
        (2, 1, 3),
        "{summary}"
    );
    assert_eq!(summary.stored_as, "annotators ls-3, ls-bo");
    assert_eq!(
        covered(&root, "ls-3"),
        [("task-17.txt".into(), vec![("PERSON".into(), "Keir Starmer".into())])]
    );
    assert_eq!(
        covered(&root, "ls-bo"),
        [(
            "task-17.txt".into(),
            vec![
                ("LOCATION".into(), "Rome".into()),
                ("PERSON".into(), "Giorgia Meloni".into())
            ]
        )]
    );
}

#[test]
fn one_annotator_in_the_file_takes_the_given_name() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = serde_json::json!([
        {"id": 1, "data": {"text": TEXT}, "annotations": [{"id": 1, "completed_by": 3, "result": [region("a", 35, 39, "Rome", "LOCATION")]}]},
        {"id": 2, "data": {"text": "Italy signed."}, "annotations": [{"id": 2, "completed_by": 3, "result": [region("b", 0, 5, "Italy", "COUNTRY")]}]}
    ]);
    let input = dir.path().join("tasks.json");
    std::fs::write(&input, tasks.to_string()).unwrap();
    let root = dir.path().join("p");
    let summary = run(&input, &root, "carla", &ImportSettings::default()).unwrap();
    assert_eq!(summary.stored_as, "annotator carla");
    assert_eq!(summary.entities, 2);
    assert_eq!(covered(&root, "carla").len(), 2);
}

#[test]
fn predictions_in_tasks_become_suggestions_of_their_model() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = serde_json::json!([{
        "id": 4,
        "data": {"text": TEXT},
        "annotations": [],
        "predictions": [{"model_version": "ner-v2", "score": 0.8,
            "result": [region("p1", 0, 12, "Keir Starmer", "PERSON"), region("p2", 35, 39, "Rome", "LOCATION")]}]
    }]);
    let input = dir.path().join("tasks.json");
    std::fs::write(&input, tasks.to_string()).unwrap();
    let root = dir.path().join("p");
    let summary = run(&input, &root, "alice", &ImportSettings::default()).unwrap();
    assert_eq!(
        (summary.texts_created, summary.entities, summary.suggestions),
        (1, 0, 2),
        "{summary}"
    );
    let project = Project::open(&root).unwrap();
    let document = project.load_text("task-4.txt").unwrap();
    let list = suggestions_for(&project, &document, "alice", &Default::default());
    assert!(list.problems.is_empty(), "{:?}", list.problems);
    let got: Vec<(&str, &str, &str)> = list
        .suggestions
        .iter()
        .map(|s| (s.source.as_str(), s.label.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [("ner-v2", "PERSON", "Keir Starmer"), ("ner-v2", "LOCATION", "Rome")]
    );
}

fn unlabelled_relation_tasks(dir: &Path) -> std::path::PathBuf {
    let tasks = serde_json::json!([{
        "id": 8,
        "data": {"text": TEXT},
        "annotations": [{"id": 1, "completed_by": 1, "result": [
            region("a", 0, 12, "Keir Starmer", "PERSON"),
            region("b", 17, 31, "Giorgia Meloni", "PERSON"),
            {"from_id": "a", "to_id": "b", "type": "relation", "direction": "right"}
        ]}]
    }]);
    let input = dir.join("tasks.json");
    std::fs::write(&input, tasks.to_string()).unwrap();
    input
}

#[test]
fn an_unlabelled_relation_is_reported_or_takes_the_given_type() {
    let dir = tempfile::tempdir().unwrap();
    let input = unlabelled_relation_tasks(dir.path());
    let Err(ImportError::Invalid { problems }) =
        run(&input, &dir.path().join("p"), "alice", &ImportSettings::default())
    else {
        panic!("an unlabelled relation must be reported");
    };
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("has no label"), "{}", problems[0]);
    assert!(problems[0].message.contains("--relation-type"), "{}", problems[0]);

    let settings = ImportSettings {
        relation_type: Some("MEETS".into()),
        ..ImportSettings::default()
    };
    let root = dir.path().join("q");
    let summary = run(&input, &root, "alice", &settings).unwrap();
    assert_eq!((summary.entities, summary.relations), (2, 1), "{summary}");
    let sets = sets_of(&root, "alice");
    assert_eq!(sets["task-8.txt"].1.relations()[0].label, "MEETS");
}

#[test]
fn label_names_with_spaces_import_and_labels_can_be_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("spanwright-schema.json"),
        r##"{"name": "s", "entities": [{"name": "Important Stuff", "color": "#aa0000"}, {"name": "PERSON", "color": "#00aa00"}]}"##,
    )
    .unwrap();
    let tasks = serde_json::json!([{
        "id": 1,
        "data": {"text": TEXT},
        "annotations": [{"id": 1, "completed_by": 1, "result": [
            region("a", 0, 12, "Keir Starmer", "Person"),
            region("b", 17, 31, "Giorgia Meloni", "PER"),
            region("c", 35, 39, "Rome", "Important Stuff")
        ]}]
    }]);
    let input = dir.path().join("tasks.json");
    std::fs::write(&input, tasks.to_string()).unwrap();
    let map = dir.path().join("map.json");
    std::fs::write(&map, r#"{"Person": "PERSON", "PER": "PERSON"}"#).unwrap();
    let settings = ImportSettings {
        label_map: spanwright::formats::read_label_map(&map).unwrap(),
        ..ImportSettings::default()
    };
    let summary = run(&input, &root, "alice", &settings).unwrap();
    assert_eq!(summary.entities, 3, "{summary}");
    assert_eq!(
        covered(&root, "alice")[0].1,
        [
            ("Important Stuff".to_owned(), "Rome".to_owned()),
            ("PERSON".to_owned(), "Giorgia Meloni".to_owned()),
            ("PERSON".to_owned(), "Keir Starmer".to_owned()),
        ]
    );
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, r#"["Person"]"#).unwrap();
    let message = spanwright::formats::read_label_map(&broken).unwrap_err();
    assert!(
        message.contains("broken.json:1:0: a label map is a JSON object"),
        "{message}"
    );
}

#[test]
fn a_schema_is_inferred_from_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let input = unlabelled_relation_tasks(dir.path());
    let mut tasks: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&input).unwrap()).unwrap();
    tasks[0]["annotations"][0]["result"][2]["labels"] = serde_json::json!(["MEETS"]);
    tasks[0]["annotations"][0]["result"]
        .as_array_mut()
        .unwrap()
        .push(region("c", 35, 39, "Rome", "Place Name"));
    std::fs::write(&input, tasks.to_string()).unwrap();
    let json = spanwright::cli::schema::infer_command(&input, "label-studio").unwrap();
    let schema = spanwright::schema::LabelSchema::from_json("inferred.json", &json).unwrap();
    let names: Vec<&str> = schema.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["PERSON", "Place Name"]);
    assert_eq!(schema.relations.len(), 1);
    assert_eq!(
        (
            schema.relations[0].name.as_str(),
            &schema.relations[0].head,
            &schema.relations[0].tail
        ),
        ("MEETS", &vec!["PERSON".to_owned()], &vec!["PERSON".to_owned()])
    );
    // The inferred schema lets the same file import without changes.
    let root = dir.path().join("p");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("spanwright-schema.json"), json).unwrap();
    let summary = run(&input, &root, "alice", &ImportSettings::default()).unwrap();
    assert_eq!((summary.entities, summary.relations), (3, 1), "{summary}");
}
