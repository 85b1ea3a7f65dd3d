//! Curation flows in the core: seed, take one version, take another,
//! reject, undo and redo, save the gold file and reload it.

use crate::support;

use spanwright::agreement::{Place, SpanKey};
use spanwright::annotations::{AnnotationFile, Status, check_against};
use spanwright::curation::{Curation, CurationError, DEFAULT_CURATOR, DisagreementState, Resolution, start_curation};
use support::{annotate, open, project_with, span};

const DOC: &str = "Keir Starmer met Giorgia Meloni in Rome on Monday";

fn two_annotators() -> tempfile::TempDir {
    let dir = project_with(&[("doc.txt", DOC)]);
    let s = |text, label| span(DOC, text, label);
    annotate(
        dir.path(),
        "doc.txt",
        "alice",
        &[
            s("Keir Starmer", "PERSON"),
            s("Giorgia Meloni", "PERSON"),
            s("Rome", "LOCATION"),
            s("Monday", "DATE"),
        ],
        &[("MEETS", 0, 1)],
    );
    annotate(
        dir.path(),
        "doc.txt",
        "bob",
        &[
            s("Keir Starmer", "PERSON"),
            s("Meloni", "PERSON"),
            s("Rome", "COUNTRY"),
            s("Monday", "DATE"),
        ],
        &[("MEETS", 1, 0)],
    );
    dir
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn start(dir: &std::path::Path) -> Curation {
    start_curation(&open(dir), "doc.txt", &names(&["alice", "bob"]), DEFAULT_CURATOR).unwrap()
}

fn gold_spans(curation: &Curation) -> Vec<(String, usize, usize)> {
    curation
        .gold()
        .set()
        .entities()
        .iter()
        .map(|e| (e.label.clone(), e.start, e.end))
        .collect()
}

fn state_at(curation: &Curation, place: &Place) -> DisagreementState {
    curation
        .disagreements(curation.gold().set())
        .into_iter()
        .find(|d| d.place == *place)
        .unwrap()
        .state
}

const MELONI: Place = Place::Entities { start: 17, end: 31 };
const ROME: Place = Place::Entities { start: 35, end: 39 };

#[test]
fn agreed_annotations_are_seeded_as_one_undoable_edit() {
    let dir = two_annotators();
    let mut curation = start(dir.path());
    assert_eq!(
        gold_spans(&curation),
        [("PERSON".into(), 0, 12), ("DATE".into(), 43, 49)],
        "Keir Starmer and Monday are agreed"
    );
    let disagreements = curation.disagreements(curation.gold().set());
    assert_eq!(disagreements.len(), 4, "{disagreements:#?}");
    assert!(disagreements.iter().all(|d| d.state == DisagreementState::Open));

    let meloni = disagreements.iter().find(|d| d.place == MELONI).unwrap();
    assert_eq!(meloni.versions[0].annotators, ["alice"]);
    assert_eq!(meloni.versions[0].spans, [SpanKey::new(17, 31, "PERSON")]);
    assert_eq!(meloni.versions[1].annotators, ["bob"]);
    assert_eq!(meloni.versions[1].spans, [SpanKey::new(25, 31, "PERSON")]);
    // alice's MEETS is with "Giorgia Meloni", bob's with "Meloni": two
    // places, each with an empty ("absent") version.
    let relation_places: Vec<_> = disagreements
        .iter()
        .filter(|d| matches!(d.place, Place::Relations { .. }))
        .collect();
    assert_eq!(relation_places.len(), 2);
    assert!(relation_places.iter().all(|d| d.versions.iter().any(|v| v.is_absent())));

    curation.undo().unwrap().unwrap();
    assert!(curation.gold().set().entities().is_empty());
    assert!(curation.undo().is_none(), "the seed was a single step");
}

#[test]
fn take_a_then_take_b_then_undo() {
    let dir = two_annotators();
    let mut curation = start(dir.path());
    curation.settle(&MELONI, Resolution::Take(0)).unwrap();
    assert!(gold_spans(&curation).contains(&("PERSON".into(), 17, 31)));
    assert_eq!(state_at(&curation, &MELONI), DisagreementState::Taken { version: 0 });

    curation.settle(&MELONI, Resolution::Take(1)).unwrap();
    let spans = gold_spans(&curation);
    assert!(spans.contains(&("PERSON".into(), 25, 31)));
    assert!(!spans.contains(&("PERSON".into(), 17, 31)), "taking B replaces A");
    assert_eq!(state_at(&curation, &MELONI), DisagreementState::Taken { version: 1 });

    curation.undo().unwrap().unwrap();
    assert_eq!(state_at(&curation, &MELONI), DisagreementState::Taken { version: 0 });
    curation.undo().unwrap().unwrap();
    assert_eq!(state_at(&curation, &MELONI), DisagreementState::Open);
    curation.redo().unwrap().unwrap();
    assert_eq!(state_at(&curation, &MELONI), DisagreementState::Taken { version: 0 });
}

#[test]
fn reject_all_is_undoable_even_when_gold_had_nothing_there() {
    let dir = two_annotators();
    let mut curation = start(dir.path());
    curation.settle(&ROME, Resolution::RejectAll).unwrap();
    assert_eq!(state_at(&curation, &ROME), DisagreementState::Rejected);
    assert_eq!(curation.open_disagreements().len(), 3);
    curation.undo().unwrap().unwrap();
    assert_eq!(state_at(&curation, &ROME), DisagreementState::Open);
    curation.redo().unwrap().unwrap();
    assert_eq!(state_at(&curation, &ROME), DisagreementState::Rejected);

    // Taking a version after a rejection takes it; rejecting then removes it.
    curation.settle(&ROME, Resolution::Take(1)).unwrap();
    assert!(gold_spans(&curation).contains(&("COUNTRY".into(), 35, 39)));
    assert_eq!(state_at(&curation, &ROME), DisagreementState::Taken { version: 1 });
    curation.settle(&ROME, Resolution::RejectAll).unwrap();
    assert!(!gold_spans(&curation).iter().any(|(_, start, _)| *start == 35));
    assert_eq!(state_at(&curation, &ROME), DisagreementState::Rejected);
}

#[test]
fn taking_a_relation_brings_its_entities_and_settles_them_too() {
    let dir = two_annotators();
    let mut curation = start(dir.path());
    let alice_meets = curation
        .disagreements(curation.gold().set())
        .into_iter()
        .find(|d| matches!(&d.place, Place::Relations { second, .. } if second.start == 17))
        .unwrap();
    let version = alice_meets.versions.iter().position(|v| !v.is_absent()).unwrap();
    curation.settle(&alice_meets.place, Resolution::Take(version)).unwrap();
    let gold = curation.gold().set();
    assert_eq!(gold.relations().len(), 1);
    assert_eq!(gold.relations()[0].label, "MEETS");
    assert_eq!(state_at(&curation, &MELONI), DisagreementState::Taken { version: 0 });
    assert_eq!(
        state_at(&curation, &alice_meets.place),
        DisagreementState::Taken { version }
    );
}

#[test]
fn curator_edits_of_their_own_count_as_edited() {
    let dir = two_annotators();
    let mut curation = start(dir.path());
    let edit = curation.gold().set().add_entity_edit("ORG", 35, 39);
    curation.apply(edit).unwrap();
    assert_eq!(state_at(&curation, &ROME), DisagreementState::Edited);
}

#[test]
fn gold_is_saved_as_an_ordinary_file_and_reloads_with_its_states() {
    let dir = two_annotators();
    let mut curation = start(dir.path());
    curation.settle(&MELONI, Resolution::Take(1)).unwrap();
    curation.settle(&ROME, Resolution::RejectAll).unwrap();
    curation.save_now().unwrap();

    let project = open(dir.path());
    let path = project.annotation_path("gold", "doc.txt");
    let file = AnnotationFile::load(&path, "gold file").unwrap();
    assert_eq!(file.annotator, "gold");
    let text = project.load_text("doc.txt").unwrap();
    assert!(check_against("gold file", &file, &text, project.schema()).is_empty());
    assert_eq!(file.entities.len(), 3);

    let mut reloaded = start(dir.path());
    assert_eq!(
        gold_spans(&reloaded).len(),
        3,
        "an existing gold file is not seeded again"
    );
    assert!(reloaded.undo().is_none());
    assert_eq!(state_at(&reloaded, &MELONI), DisagreementState::Taken { version: 1 });
    // A rejection is not stored in the file: it is open again until the
    // gold document is marked done.
    assert_eq!(state_at(&reloaded, &ROME), DisagreementState::Open);
    let done = reloaded.gold().set().set_status_edit(Status::Done).unwrap();
    reloaded.apply(done).unwrap();
    assert_eq!(state_at(&reloaded, &ROME), DisagreementState::Rejected);
    assert!(reloaded.open_disagreements().is_empty());
}

#[test]
fn three_annotators_group_identical_versions_and_show_who_is_absent() {
    let dir = two_annotators();
    annotate(
        dir.path(),
        "doc.txt",
        "carol",
        &[span(DOC, "Keir Starmer", "PERSON"), span(DOC, "Rome", "LOCATION")],
        &[],
    );
    let curation = start_curation(
        &open(dir.path()),
        "doc.txt",
        &names(&["alice", "bob", "carol", "dave"]),
        "gold",
    )
    .unwrap();
    assert_eq!(curation.absent_annotators(), ["dave"]);
    assert_eq!(
        gold_spans(&curation),
        [("PERSON".into(), 0, 12)],
        "only Keir Starmer is agreed by all three"
    );
    let disagreements = curation.disagreements(curation.gold().set());
    let monday = disagreements
        .iter()
        .find(|d| d.place == Place::Entities { start: 43, end: 49 })
        .unwrap();
    assert_eq!(monday.versions.len(), 2);
    assert_eq!(monday.versions[0].annotators, ["alice", "bob"]);
    assert_eq!(monday.versions[1].annotators, ["carol"]);
    assert!(monday.versions[1].is_absent());
    let rome = disagreements.iter().find(|d| d.place == ROME).unwrap();
    assert_eq!(rome.versions[0].annotators, ["alice", "carol"]);
}

#[test]
fn bad_requests_are_refused_with_reasons() {
    let dir = two_annotators();
    let project = open(dir.path());
    let err = start_curation(&project, "doc.txt", &names(&["alice", "gold"]), "gold").unwrap_err();
    assert!(matches!(err, CurationError::CuratorIsAnnotator(_)));

    std::fs::write(project.annotation_path("bob", "doc.txt"), "{}").unwrap();
    let err = start_curation(&project, "doc.txt", &names(&["alice", "bob"]), "gold").unwrap_err();
    assert!(err.to_string().contains("annotations/bob/doc.txt.json"), "{err}");

    let mut curation = start_curation(&project, "doc.txt", &names(&["alice"]), "gold").unwrap();
    assert!(
        curation.disagreements(curation.gold().set()).is_empty(),
        "one annotator agrees with itself"
    );
    assert!(matches!(
        curation.settle(&ROME, Resolution::RejectAll),
        Err(CurationError::NoSuchDisagreement(_))
    ));
}
