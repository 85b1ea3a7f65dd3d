//! Predictions become suggestions kept apart from annotations; accepting
//! some or all above a score is one undoable edit; rejected ones are not
//! offered again; the project's own labelled texts suggest their other
//! occurrences, and "label all occurrences" is one undoable edit.

use crate::support as formats_support;

use std::path::Path;

use formats_support::*;
use serde_json::json;
use spanwright::annotations::{AnnotationSet, Entity, Status};
use spanwright::formats::suggestions::{
    LabelledTexts, MatchOptions, PredictionOptions, Rejections, STRING_MATCH_SOURCE, Suggestion, SuggestionError,
    accept, accept_above, import_predictions, label_all_occurrences, reject, string_match_suggestions, suggestions_for,
};
use spanwright::formats::suggestions::{
    RelationEnd, RelationSuggestion, reject_relations, relation_suggestions_for, save_suggestions_with_relations,
};
use spanwright::formats::{ImportError, ImportSummary};
use spanwright::project::{OpenDocument, Project};
use spanwright::text::Document;

const DOC: &str = "channel-crossings.txt";

fn predictions_line(text: &str, entities: &[(&str, &str, Option<f64>)]) -> String {
    let entities: Vec<_> = entities
        .iter()
        .map(|(label, needle, score)| {
            let (start, end) = span(text, needle, 0);
            let mut entity = json!({"start": start, "end": end, "label": label, "text": needle});
            if let Some(score) = score {
                entity["score"] = json!(score);
            }
            entity
        })
        .collect();
    json!({"id": DOC, "text": text, "entities": entities, "relations": []}).to_string()
}

fn import_model(root: &Path, input: &Path, source: &str) -> Result<ImportSummary, ImportError> {
    let options = PredictionOptions {
        input: input.to_path_buf(),
        project_dir: root.to_path_buf(),
        source: Some(source.to_owned()),
        skip_invalid: false,
    };
    import_predictions(&options, &mut |_, _| {})
}

/// The sample project with predictions from "model-a" for one document.
fn with_predictions(dir: &Path) -> (std::path::PathBuf, Project) {
    let root = sample_project(dir, "project");
    let text = Project::open(&root).unwrap().load_text(DOC).unwrap().text().to_owned();
    let input = dir.join("model-a.jsonl");
    let line = predictions_line(
        &text,
        &[
            ("COUNTRY", "UK", Some(0.99)),
            ("ORG", "Labour", Some(0.9)),
            ("COUNTRY", "Rwanda", Some(0.3)),
            ("EVENT", "crossings", None),
        ],
    );
    std::fs::write(&input, line).unwrap();
    let summary = import_model(&root, &input, "model-a").unwrap();
    assert_eq!(summary.entities, 4);
    assert_eq!(summary.files_written, 1);
    (root.clone(), Project::open(&root).unwrap())
}

fn labels(suggestions: &[Suggestion]) -> Vec<(&str, &str)> {
    suggestions
        .iter()
        .map(|s| (s.label.as_str(), s.text.as_str()))
        .collect()
}

#[test]
fn predictions_are_stored_apart_and_listed_less_what_is_annotated() {
    let dir = tempfile::tempdir().unwrap();
    let (root, project) = with_predictions(dir.path());
    let stored = std::fs::read_to_string(root.join("suggestions/model-a/channel-crossings.txt.json")).unwrap();
    assert!(stored.contains("\"format\": \"spanwright.suggestions\""));
    let alice = std::fs::read_to_string(root.join("annotations/alice/channel-crossings.txt.json")).unwrap();
    assert!(!alice.contains("Labour"), "predictions must not touch annotations");

    let open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let list = suggestions_for(&project, open.document(), "alice", open.set());
    assert!(list.problems.is_empty(), "{:?}", list.problems);
    // alice already has COUNTRY "UK" at the same span: not offered.
    assert_eq!(
        labels(&list.suggestions),
        [("EVENT", "crossings"), ("ORG", "Labour"), ("COUNTRY", "Rwanda")]
    );
    assert!(list.suggestions.iter().all(|s| s.source == "model-a"));
}

#[test]
fn accepting_above_a_score_is_one_undoable_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (_, project) = with_predictions(dir.path());
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let before = open.set().entities().len();
    let list = suggestions_for(&project, open.document(), "alice", open.set());
    let plan = accept_above(
        open.set(),
        project.schema(),
        open.document().char_len(),
        &list.suggestions,
        0.25,
    );
    assert_eq!(plan.added, 2);
    open.apply(plan.edit.unwrap(), project.schema()).unwrap();
    assert_eq!(open.set().entities().len(), before + 2);
    assert!(
        open.set()
            .entities()
            .iter()
            .any(|e| e.label == "ORG" && e.start == span(open.document().text(), "Labour", 0).0)
    );
    open.undo(project.schema()).unwrap().unwrap();
    assert_eq!(open.set().entities().len(), before);

    // Accepting everything, the UK duplicate included, skips the duplicate.
    let mut all = list.suggestions.clone();
    let uk = span(open.document().text(), "UK", 0);
    all.push(Suggestion {
        source: "model-a".into(),
        label: "COUNTRY".into(),
        start: uk.0,
        end: uk.1,
        text: "UK".into(),
        score: Some(0.99),
        attributes: Default::default(),
    });
    let plan = accept(open.set(), project.schema(), open.document().char_len(), &all);
    assert_eq!(plan.added, 3);
    assert_eq!(plan.skipped.len(), 1);
    assert_eq!(plan.skipped[0].1, "already annotated with this label");
}

#[test]
fn rejected_suggestions_are_not_offered_again_to_that_annotator() {
    let dir = tempfile::tempdir().unwrap();
    let (root, project) = with_predictions(dir.path());
    let document = project.load_text(DOC).unwrap();
    let empty = AnnotationSet::default();
    let list = suggestions_for(&project, &document, "alice", &empty);
    let rwanda: Vec<Suggestion> = list
        .suggestions
        .iter()
        .filter(|s| s.text == "Rwanda")
        .cloned()
        .collect();
    reject(&project, &document, "alice", &rwanda).unwrap();
    assert!(
        root.join("rejected-suggestions/alice/channel-crossings.txt.json")
            .exists()
    );
    assert_eq!(Rejections::load(&project, &document, "alice").unwrap().len(), 1);

    let after = suggestions_for(&project, &document, "alice", &empty);
    assert!(after.suggestions.iter().all(|s| s.text != "Rwanda"));
    assert_eq!(after.suggestions.len(), list.suggestions.len() - 1);
    let bob = suggestions_for(&project, &document, "bob", &empty);
    assert_eq!(bob.suggestions.len(), list.suggestions.len());
}

#[test]
fn rejected_relation_suggestions_are_not_offered_again_and_keep_the_entity_rejections() {
    let dir = tempfile::tempdir().unwrap();
    let (root, project) = with_predictions(dir.path());
    let document = project.load_text(DOC).unwrap();
    let span_of = |needle: &str, label: &str| {
        let at = document.text().find(needle).expect("in the text");
        let start = document.text()[..at].chars().count();
        RelationEnd {
            label: label.to_owned(),
            start,
            end: start + needle.chars().count(),
        }
    };
    let relation = |label: &str, head: RelationEnd, tail: RelationEnd| RelationSuggestion {
        source: "model-b".to_owned(),
        label: label.to_owned(),
        head,
        tail,
        score: Some(0.8),
    };
    let agrees = relation("AGREES_WITH", span_of("UK", "COUNTRY"), span_of("Rwanda", "COUNTRY"));
    let member = relation("MEMBER_OF", span_of("Labour", "ORG"), span_of("UK", "COUNTRY"));
    save_suggestions_with_relations(&project, &document, "model-b", &[], &[agrees.clone(), member.clone()]).unwrap();
    let empty = AnnotationSet::default();
    let (offered, problems) = relation_suggestions_for(&project, &document, "alice", &empty);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(offered.len(), 2, "{offered:?}");

    // An entity rejection first, then a relation one: both are kept.
    let rwanda: Vec<Suggestion> = suggestions_for(&project, &document, "alice", &empty)
        .suggestions
        .into_iter()
        .filter(|s| s.text == "Rwanda")
        .collect();
    reject(&project, &document, "alice", &rwanda).unwrap();
    reject_relations(&project, &document, "alice", std::slice::from_ref(&agrees)).unwrap();
    let rejections = Rejections::load(&project, &document, "alice").unwrap();
    assert_eq!(rejections.len(), 1, "the entity rejection is still there");
    assert!(rejections.contains_relation(&agrees));
    assert!(!rejections.contains_relation(&member));

    let (after, _) = relation_suggestions_for(&project, &document, "alice", &empty);
    assert_eq!(after, vec![member.clone()]);
    // From another source too: a rejection is of the relation, not its source.
    let mut elsewhere = agrees.clone();
    elsewhere.source = "model-c".to_owned();
    save_suggestions_with_relations(&project, &document, "model-c", &[], &[elsewhere]).unwrap();
    let (after, _) = relation_suggestions_for(&project, &document, "alice", &empty);
    assert_eq!(after, vec![member]);
    // Bob rejected nothing.
    let (bob, _) = relation_suggestions_for(&project, &document, "bob", &empty);
    assert_eq!(bob.len(), 3);
    // Rejecting the same relation twice records it once.
    reject_relations(&project, &document, "alice", std::slice::from_ref(&agrees)).unwrap();
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("rejected-suggestions/alice/channel-crossings.txt.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file["rejected_relations"].as_array().map(Vec::len), Some(1));
    assert_eq!(file["rejected"].as_array().map(Vec::len), Some(1));
}

#[test]
fn predictions_that_do_not_fit_the_text_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = sample_project(dir.path(), "project");
    let text = Project::open(&root).unwrap().load_text(DOC).unwrap().text().to_owned();
    let input = dir.path().join("bad.jsonl");
    let mut wrong = predictions_line(&text, &[("ORG", "Labour", Some(0.9))]);
    wrong = wrong.replace("\"text\":\"Labour\"", "\"text\":\"Labor\"");
    let elsewhere = json!({"id": "missing.txt", "text": "Rome.", "entities": []}).to_string();
    std::fs::write(&input, format!("{wrong}\n{elsewhere}\n")).unwrap();
    let err = import_model(&root, &input, "model-b").unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(":1: entity #1: stated text \"Labor\" differs"),
        "{message}"
    );
    assert!(
        message.contains(":2: the project has no document missing.txt"),
        "{message}"
    );
    assert!(!root.join("suggestions").exists(), "nothing may be written");
}

#[test]
fn suggestions_for_an_edited_text_are_reported_stale() {
    let dir = tempfile::tempdir().unwrap();
    let (root, project) = with_predictions(dir.path());
    let path = root.join(DOC);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("One more line.\r\n");
    std::fs::write(&path, &text).unwrap();
    let document = project.load_text(DOC).unwrap();
    let list = suggestions_for(&project, &document, "alice", &AnnotationSet::default());
    assert!(list.suggestions.is_empty());
    assert!(
        matches!(list.problems.as_slice(), [SuggestionError::Stale { .. }]),
        "{:?}",
        list.problems
    );
}

#[test]
fn a_new_import_from_the_same_source_replaces_its_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let (root, project) = with_predictions(dir.path());
    let text = project.load_text(DOC).unwrap().text().to_owned();
    let input = dir.path().join("again.jsonl");
    std::fs::write(
        &input,
        predictions_line(&text, &[("PERSON", "Keir Starmer", Some(0.8))]),
    )
    .unwrap();
    let summary = import_model(&root, &input, "model-a").unwrap();
    assert_eq!(summary.replaced, ["suggestions/model-a/channel-crossings.txt.json"]);
    let list = suggestions_for(
        &project,
        &project.load_text(DOC).unwrap(),
        "nobody",
        &AnnotationSet::default(),
    );
    assert_eq!(labels(&list.suggestions), [("PERSON", "Keir Starmer")]);
}

#[test]
fn string_matches_offer_other_occurrences_of_labelled_texts() {
    let dir = tempfile::tempdir().unwrap();
    let root = sample_project(dir.path(), "project");
    let project = Project::open(&root).unwrap();
    let (known, problems) = LabelledTexts::from_project(&project, Some("alice"));
    assert!(problems.is_empty());
    // The preview article has no annotations; alice labelled its names elsewhere.
    let document = project.load_text("border-summit-preview.txt").unwrap();
    let found = string_match_suggestions(&document, &AnnotationSet::default(), &known, MatchOptions::default());
    let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
    assert!(texts.contains(&"United Kingdom"), "{texts:?}");
    assert!(texts.contains(&"London"), "{texts:?}");
    for suggestion in &found {
        assert_eq!(suggestion.source, STRING_MATCH_SOURCE);
        assert_eq!(
            document.slice(suggestion.start, suggestion.end),
            Some(suggestion.text.as_str())
        );
        let score = suggestion.score.unwrap();
        assert!(score > 0.0 && score <= 1.0);
    }
    let london = found.iter().find(|s| s.text == "London").unwrap();
    assert_eq!(london.label, "LOCATION");
}

#[test]
fn label_all_occurrences_is_one_undoable_edit_that_skips_labelled_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("rome.txt"),
        "Rome 🇮🇹 talks: rome agreed, ROME left, Romed stayed. Rome.",
    )
    .unwrap();
    let project = Project::open(&root).unwrap();
    let mut open = OpenDocument::open(&project, "rome.txt", "alice").unwrap();
    let first = open.set().add_entity_edit("LOCATION", 0, 4);
    open.apply(first, project.schema()).unwrap();

    let exact = label_all_occurrences(
        open.document(),
        open.set(),
        project.schema(),
        "Rome",
        "LOCATION",
        MatchOptions { case_sensitive: true },
    );
    assert_eq!(exact.added, 1, "only the last \"Rome\" is new");

    let plan = label_all_occurrences(
        open.document(),
        open.set(),
        project.schema(),
        "Rome",
        "LOCATION",
        MatchOptions { case_sensitive: false },
    );
    assert_eq!(plan.added, 3);
    assert_eq!(plan.skipped.len(), 1, "the labelled one is skipped");
    open.apply(plan.edit.unwrap(), project.schema()).unwrap();
    let texts: Vec<&str> = open
        .set()
        .entities()
        .iter()
        .map(|e| open.document().slice(e.start, e.end).unwrap())
        .collect();
    assert_eq!(texts, ["Rome", "rome", "ROME", "Rome"]);
    open.undo(project.schema()).unwrap().unwrap();
    assert_eq!(open.set().entities().len(), 1);
}

#[test]
fn suggestions_from_a_set_in_memory_count_too() {
    let document = Document::from_text("d", "Meloni met Rama. Later Meloni left.");
    let set = AnnotationSet::from_parts(vec![Entity::new("e1", "PERSON", 0, 6)], vec![], Status::Todo);
    let mut known = LabelledTexts::default();
    known.add_set(&document, &set);
    let found = string_match_suggestions(&document, &set, &known, MatchOptions::default());
    assert_eq!(labels(&found), [("PERSON", "Meloni")]);
    assert_eq!(found[0].start, 23);
}
