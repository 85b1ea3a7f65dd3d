//! The built-in recommender: it learns the project's labels, its scores are
//! probabilities, rejected suggestions steer it, and its suggestions are
//! stored where the window reads them.

use spanwright::annotations::Status;
use spanwright::formats::suggestions::{accept, reject, suggestions_for};
use spanwright::model::{
    BUILTIN_SOURCE, TrainingData, TrainingOptions, TrainingSelection, cross_validate, select_documents,
    suggest_with_recommender, train, write_synthetic_project,
};
use spanwright::project::{OpenDocument, Project};

fn synthetic(documents: usize, sentences: usize) -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    write_synthetic_project(dir.path(), documents, sentences, "alice", 7).unwrap();
    let project = Project::open(dir.path()).unwrap();
    (dir, project)
}

fn alice(project: &Project) -> TrainingData {
    TrainingData::load(project, &TrainingSelection::of(vec!["alice".to_owned()]))
}

#[test]
fn the_tagger_learns_labels_from_context_and_scores_in_0_to_1() {
    let (_dir, project) = synthetic(12, 20);
    let data = alice(&project);
    assert_eq!(data.documents.len(), 12);
    assert!(data.skipped.is_empty(), "{:?}", data.skipped);
    let validation = cross_validate(&data.documents, 3, &TrainingOptions::default()).unwrap();
    let f1 = validation.scores.overall.f1();
    println!("synthetic, 3 folds: F1 {f1:.3}; curve {:?}", validation.learning_curve);
    assert!(f1 > 0.85, "F1 {f1}");
    assert_eq!(validation.folds.len(), 3);
    assert_eq!(validation.learning_curve.len(), 4);
    assert!(validation.learning_curve[0].f1 <= validation.learning_curve[3].f1 + 0.05);
    let recommender = train(&data.documents, &TrainingOptions::default()).unwrap();
    assert!(recommender.labels().contains(&"PERSON".to_owned()));
    let unseen = spanwright::text::Document::from_text(
        "new.txt",
        "Interior Minister Greta Okafor met Samir Varga in Trieste on 3 May 2021.",
    );
    let prediction = recommender.predict(&unseen).unwrap();
    let found: Vec<(&str, &str)> = prediction
        .suggestions
        .iter()
        .map(|s| (s.label.as_str(), s.text.as_str()))
        .collect();
    assert!(found.contains(&("PERSON", "Samir Varga")), "{found:?}");
    assert!(found.contains(&("LOCATION", "Trieste")), "{found:?}");
    for s in &prediction.suggestions {
        let score = s.score.unwrap();
        assert!((0.0..=1.0).contains(&score), "{s:?}");
        assert_eq!(s.source, BUILTIN_SOURCE);
    }
    assert!((0.0..=1.0).contains(&prediction.uncertainty));
}

#[test]
fn a_training_learns_from_at_most_its_token_budget_and_says_what_it_left_out() {
    let (_dir, project) = synthetic(6, 40);
    let data = alice(&project);
    let everything = train(
        &data.documents,
        &TrainingOptions {
            token_budget: None,
            ..TrainingOptions::default()
        },
    )
    .unwrap();
    assert_eq!(everything.stats.left_out, 0);
    let budget = everything.stats.tokens / 3;
    let within = train(
        &data.documents,
        &TrainingOptions {
            token_budget: Some(budget),
            ..TrainingOptions::default()
        },
    )
    .unwrap();
    let stats = &within.stats;
    assert!(
        stats.tokens <= budget,
        "{} tokens over a budget of {budget}",
        stats.tokens
    );
    assert!(
        stats.tokens > budget * 9 / 10,
        "{} tokens of a budget of {budget}",
        stats.tokens
    );
    assert_eq!(stats.sequences + stats.left_out, everything.stats.sequences);
    // What it learned still carries the labels of every part of the project.
    assert_eq!(within.labels(), everything.labels());
    // The default budget leaves a project this small whole.
    let default = train(&data.documents, &TrainingOptions::default()).unwrap();
    assert_eq!(default.stats.left_out, 0);
    assert!(everything.stats.tokens < spanwright::model::TRAINING_TOKEN_BUDGET);
}

#[test]
fn nothing_to_learn_from_is_an_error_not_an_empty_model() {
    let (dir, _) = synthetic(1, 2);
    std::fs::remove_dir_all(dir.path().join("annotations")).unwrap();
    let project = Project::open(dir.path()).unwrap();
    let data = alice(&project);
    assert!(data.documents.is_empty());
    let err = train(&data.documents, &TrainingOptions::default()).unwrap_err();
    assert!(err.to_string().contains("no entities"), "{err}");
    assert!(cross_validate(&data.documents, 5, &TrainingOptions::default()).is_err());
}

#[test]
fn suggestions_are_stored_shown_accepted_and_rejections_teach_the_next_training() {
    let (dir, project) = synthetic(6, 12);
    // A document nobody annotated yet, in the same style.
    std::fs::write(
        dir.path().join("fresh.txt"),
        "Marco Haddad met Ines Weber in Bari on 4 June 2020. Frontex said that talks would continue in Malta.\n",
    )
    .unwrap();
    let project = Project::open(project.root()).unwrap();
    let data = alice(&project);
    let recommender = train(&data.documents, &TrainingOptions::default()).unwrap();
    let ids = select_documents(&project, Some("fresh*")).unwrap();
    assert_eq!(ids, ["fresh.txt"]);
    let run = suggest_with_recommender(&project, &recommender, &ids);
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    assert_eq!(run.files_written, 1);
    assert!(
        dir.path()
            .join("suggestions")
            .join(BUILTIN_SOURCE)
            .join("fresh.txt.json")
            .exists()
    );
    // The same suggestions again: the file is left alone.
    assert_eq!(suggest_with_recommender(&project, &recommender, &ids).files_written, 0);

    let mut opened = OpenDocument::open(&project, "fresh.txt", "alice").unwrap();
    let listed = suggestions_for(&project, opened.document(), "alice", opened.set());
    assert!(listed.problems.is_empty(), "{:?}", listed.problems);
    let person = listed
        .suggestions
        .iter()
        .find(|s| s.text == "Marco Haddad")
        .cloned()
        .expect("Marco Haddad suggested");
    let malta = listed
        .suggestions
        .iter()
        .find(|s| s.text == "Malta")
        .cloned()
        .expect("Malta suggested");
    let plan = accept(
        opened.set(),
        project.schema(),
        opened.document().char_len(),
        std::slice::from_ref(&person),
    );
    opened.apply(plan.edit.unwrap(), project.schema()).unwrap();
    if let Some(edit) = opened.set().set_status_edit(Status::InProgress) {
        opened.apply(edit, project.schema()).unwrap();
    }
    opened.save_now().unwrap();
    reject(&project, opened.document(), "alice", std::slice::from_ref(&malta)).unwrap();

    let after = suggestions_for(&project, opened.document(), "alice", opened.set());
    assert!(
        !after
            .suggestions
            .iter()
            .any(|s| s.same_entity(&person.label, person.start, person.end))
    );
    assert!(
        !after
            .suggestions
            .iter()
            .any(|s| s.same_entity(&malta.label, malta.start, malta.end))
    );

    // The next training sees the accepted entity and the rejection.
    let data = alice(&project);
    let fresh = data
        .documents
        .iter()
        .find(|d| d.document.id() == "fresh.txt")
        .expect("in progress is learned");
    assert_eq!(fresh.entities.len(), 1);
    assert_eq!(fresh.rejected.len(), 1);
    let retrained = train(&data.documents, &TrainingOptions::default()).unwrap();
    assert_eq!(retrained.stats.with_rejections, 1);
}
