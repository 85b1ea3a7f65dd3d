//! Reviewing, comparing and curating through the real window, driven through
//! the accessibility tree, the pointer and the keyboard. The sample corpus
//! has two annotators, alice and bob, on three documents.

use crate::support as gui_support;

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use spanwright::agreement::{Comparison, Corpus, Source, agreement_report, confusion_matrix};
use spanwright::annotations::{Status, check_against};
use spanwright::gui::Mode;
use spanwright::gui::document_view::Selection;
use spanwright::project::{DocumentSummary, Project};
use spanwright::qa::check_project;

use gui_support::*;

const ALBANIA: &str = "albania-centres.txt";
const G7: &str = "g7-ministers-meeting.txt";

/// Label, start and end of the entities of the document on screen.
fn shown_spans(harness: &Window) -> Vec<(String, usize, usize)> {
    let document = harness.state().shown_document().expect("a document is shown");
    document
        .set()
        .entities()
        .iter()
        .map(|e| (e.label.clone(), e.start, e.end))
        .collect()
}

/// Buttons of the corpus list whose label names a document.
fn listed_documents(harness: &Window) -> Vec<String> {
    let workspace = harness.state().workspace().expect("project");
    workspace
        .project
        .documents()
        .iter()
        .map(|d| d.id.clone())
        .filter(|id| {
            harness
                .query_all_by_label_contains(id)
                .any(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        })
        .collect()
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn compare_mode_shows_both_annotators_and_tells_disagreements_apart() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "carol");
    press(&mut harness, Modifiers::COMMAND, Key::Num3);
    assert_eq!(harness.state().mode(), Mode::Compare);

    // Both have it: marked agreed. Only one has it: marked with who.
    harness.get_by_label("PERSON: Edi Rama (agreed)");
    harness.get_by_label("COUNTRY: Rwanda (alice)");
    harness.get_by_label("LOCATION: Rwanda (bob)");
    harness.get_by_label("PERSON: Matteo Piantedosi (alice)");
    harness.get_by_label("PERSON: Piantedosi (bob)");
    harness.get_by_label("ORG: G7 (alice)");
    assert!(harness.query_by_label("ORG: G7 (agreed)").is_none());
    harness.get_by_label("COOPERATES_WITH: UNHCR → Italy (alice)");

    // The list of disagreements, with what each annotator proposed.
    harness.get_by_label("“Rwanda” (752–758)");
    harness.get_by_label("alice: COUNTRY “Rwanda”");
    harness.get_by_label("bob: LOCATION “Rwanda”");

    // F8 steps through them.
    press(&mut harness, Modifiers::NONE, Key::F8);
    let notice = harness.state().notice().expect("a notice").text.clone();
    let project = Project::open(dir.path()).expect("project");
    let sources: Vec<Source> = ["alice", "bob"]
        .iter()
        .map(|a| Source {
            annotator: (*a).to_owned(),
            set: load_file(dir.path(), a, ALBANIA).to_set(),
        })
        .collect();
    let places = Comparison::new(&sources, project.schema()).disagreements.len();
    assert_eq!(notice, format!("Disagreement 1 of {places}"));

    // Each document's agreement in the corpus list.
    let corpus = Corpus::load(&project, &names(&["alice", "bob"]));
    let report = agreement_report(&corpus, project.schema());
    let albania = report.documents.iter().find(|d| d.id == ALBANIA).expect("albania");
    let expected = format!("{:.2} · {ALBANIA}", albania.span_f1.expect("a span F1"));
    run_until(&mut harness, "the agreement in the corpus list", |h| {
        h.query_all_by_label_contains(&expected).next().is_some()
    });
}

#[test]
fn curation_takes_a_then_b_undoes_rejects_and_saves_the_gold_file() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "carol");
    press(&mut harness, Modifiers::COMMAND, Key::Num4);
    assert_eq!(harness.state().mode(), Mode::Curate);
    let alice_version = ("PERSON".to_owned(), 538, 555);
    let bob_version = ("PERSON".to_owned(), 545, 555);
    let spans = shown_spans(&harness);
    assert!(
        spans.contains(&("PERSON".to_owned(), 363, 371)),
        "agreed Edi Rama is taken"
    );
    assert!(!spans.contains(&alice_version) && !spans.contains(&bob_version));

    click(&mut harness, "Take alice: PERSON “Matteo Piantedosi”");
    assert!(shown_spans(&harness).contains(&alice_version));
    click(&mut harness, "Take bob: PERSON “Piantedosi”");
    let spans = shown_spans(&harness);
    assert!(
        spans.contains(&bob_version) && !spans.contains(&alice_version),
        "B replaces A"
    );

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let spans = shown_spans(&harness);
    assert!(
        spans.contains(&alice_version) && !spans.contains(&bob_version),
        "undo: A again"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let spans = shown_spans(&harness);
    assert!(
        !spans.contains(&alice_version) && !spans.contains(&bob_version),
        "undo: open again"
    );
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(shown_spans(&harness).contains(&alice_version), "redo: A");

    click(&mut harness, "Take alice: COUNTRY “Rwanda”");
    assert!(shown_spans(&harness).contains(&("COUNTRY".to_owned(), 752, 758)));
    click(&mut harness, "Reject all at “Rwanda” (752–758)");
    assert!(
        !shown_spans(&harness).iter().any(|(_, start, _)| *start == 752),
        "rejected"
    );

    press(&mut harness, Modifiers::COMMAND, Key::S);
    let file = load_file(dir.path(), "gold", ALBANIA);
    assert_eq!(file.annotator, "gold");
    let project = Project::open(dir.path()).expect("project");
    let text = project.load_text(ALBANIA).expect("text");
    assert!(check_against("gold", &file, &text, project.schema()).is_empty());
    let saved: Vec<(String, usize, usize)> = file
        .entities
        .iter()
        .map(|e| (e.label.clone(), e.start, e.end))
        .collect();
    assert_eq!(saved, shown_spans(&harness));
    assert!(saved.contains(&alice_version));
    assert!(
        file.entities
            .iter()
            .any(|e| e.text == "Edi Rama" && e.label == "PERSON")
    );
    assert!(!file.entities.iter().any(|e| e.text == "Rwanda"));
    // Everything both agree on, plus alice's Piantedosi.
    let sources: Vec<Source> = ["alice", "bob"]
        .iter()
        .map(|a| Source {
            annotator: (*a).to_owned(),
            set: load_file(dir.path(), a, ALBANIA).to_set(),
        })
        .collect();
    let agreed = Comparison::new(&sources, project.schema()).agreed_spans().count();
    assert_eq!(file.entities.len(), agreed + 1);
    // The annotators' own files are untouched.
    assert_eq!(
        std::fs::read(annotation_path(dir.path(), "bob", ALBANIA)).expect("bob"),
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/sample-corpus/annotations/bob/{ALBANIA}.json"))
        )
        .expect("sample")
    );
}

#[test]
fn curating_edits_gold_like_annotating_and_the_next_document_starts_its_own_curation() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "carol");
    press(&mut harness, Modifiers::COMMAND, Key::Num4);
    // Select a disagreement's text from the list, then label it by hotkey.
    click(&mut harness, "“Europe” (1421–1427)");
    assert_eq!(*harness.state().selection(), Selection::Text { start: 1421, end: 1427 });
    press(&mut harness, Modifiers::NONE, Key::C);
    assert!(shown_spans(&harness).contains(&("COUNTRY".to_owned(), 1421, 1427)));
    harness.get_by_label_contains("edited by the curator");
    // The new gold entity is selected: relabelling it makes it alice's version.
    press(&mut harness, Modifiers::NONE, Key::L);
    assert!(shown_spans(&harness).contains(&("LOCATION".to_owned(), 1421, 1427)));
    harness.get_by_label_contains("took version 1");

    press(&mut harness, Modifiers::COMMAND, Key::PageDown);
    press(&mut harness, Modifiers::COMMAND, Key::PageDown);
    press(&mut harness, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(
        harness
            .state()
            .shown_document()
            .map(|d| d.document().id().to_owned())
            .as_deref(),
        Some(G7)
    );
    assert_eq!(
        harness
            .state()
            .shown_document()
            .map(|d| d.annotator().to_owned())
            .as_deref(),
        Some("gold")
    );
    harness.get_by_label("Take alice: LOCATION “Middle East”");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(annotation_path(dir.path(), "gold", ALBANIA).exists());
    assert!(annotation_path(dir.path(), "gold", G7).exists());
}

#[test]
fn review_marks_reviewed_comments_and_sends_back_into_the_annotators_file() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "carol");
    press(&mut harness, Modifiers::COMMAND, Key::Num2);
    assert_eq!(harness.state().mode(), Mode::Review);
    assert_eq!(
        harness
            .state()
            .shown_document()
            .map(|d| d.annotator().to_owned())
            .as_deref(),
        Some("alice")
    );

    click(&mut harness, "Mark reviewed");
    click(&mut harness, "PERSON: Edi Rama");
    type_into(&mut harness, "Reviewer comment", "full name as in the headline?");
    press(&mut harness, Modifiers::NONE, Key::Enter);

    // Review mode changes comments and the status, never the annotations.
    let before = shown_spans(&harness);
    press(&mut harness, Modifiers::NONE, Key::O);
    assert_eq!(shown_spans(&harness), before);
    let notice = harness.state().notice().cloned();
    assert!(notice.as_ref().is_some_and(|n| n.is_error), "{notice:?}");

    harness
        .query_all_by_label_contains(G7)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("g7 in the corpus list")
        .click();
    settle(&mut harness);
    type_into(
        &mut harness,
        "Comment to the annotator",
        "Mark the G7 inside the meeting too",
    );
    click(&mut harness, "Send back");
    press(&mut harness, Modifiers::COMMAND, Key::S);

    let reviewed = load_file(dir.path(), "alice", ALBANIA);
    assert_eq!(reviewed.status, Status::Reviewed);
    let rama = reviewed
        .entities
        .iter()
        .find(|e| e.text == "Edi Rama")
        .expect("Edi Rama");
    assert_eq!(rama.comment.as_deref(), Some("full name as in the headline?"));
    assert_eq!(rama.label, "PERSON");
    let sent_back = load_file(dir.path(), "alice", G7);
    assert_eq!(sent_back.status, Status::InProgress);
    assert_eq!(sent_back.comment.as_deref(), Some("Mark the G7 inside the meeting too"));
    assert!(
        !annotation_path(dir.path(), "carol", ALBANIA).exists(),
        "the reviewer's own folder stays empty"
    );
    drop(harness);

    // alice sees the reviewer's comments where she annotates.
    let mut harness = open_window(dir.path(), "alice");
    click(&mut harness, "PERSON: Edi Rama");
    harness.get_by_label("Reviewer: full name as in the headline?");
    harness
        .query_all_by_label_contains(G7)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("g7 in the corpus list")
        .click();
    settle(&mut harness);
    harness.get_by_label("Reviewer: Mark the G7 inside the meeting too");
}

#[test]
fn corpus_filters_by_disagreements_and_by_status() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "carol");
    assert_eq!(listed_documents(&harness).len(), 6);
    click(&mut harness, "Has disagreements");
    run_until(&mut harness, "the filtered list", |h| listed_documents(h).len() < 6);
    assert_eq!(
        listed_documents(&harness),
        [ALBANIA, G7, "italy-uk-taskforce.txt"],
        "the three documents both alice and bob annotated, differently"
    );
    click(&mut harness, "Has disagreements");
    assert_eq!(listed_documents(&harness).len(), 6);

    // In Review mode the list shows (and filters by) the reviewed annotator's status.
    press(&mut harness, Modifiers::COMMAND, Key::Num2);
    click(&mut harness, "Status:");
    click(&mut harness, "in_progress");
    let project = Project::open(dir.path()).expect("project");
    let expected: Vec<String> = project
        .documents()
        .iter()
        .filter(|d| DocumentSummary::read(&project, "alice", &d.id).status == Status::InProgress)
        .map(|d| d.id.clone())
        .collect();
    assert!(!expected.is_empty());
    run_until(&mut harness, "alice's statuses", |h| listed_documents(h) == expected);
}

#[test]
fn qa_problems_are_listed_filtered_and_jumped_to() {
    let dir = sample_copy();
    // bob's "Ukraine" takes the comma after it.
    let path = annotation_path(dir.path(), "bob", G7);
    let json = std::fs::read_to_string(&path).expect("read");
    let broken = json.replacen(
        "\"end\": 1363,\n      \"text\": \"Ukraine\"",
        "\"end\": 1364,\n      \"text\": \"Ukraine,\"",
        1,
    );
    assert_ne!(broken, json, "the sample file changed its layout");
    std::fs::write(&path, broken).expect("write");
    let project = Project::open(dir.path()).expect("project");
    let report = check_project(&project);
    let finding = report
        .findings
        .iter()
        .find(|f| f.annotator == "bob" && f.document == G7)
        .expect("a finding")
        .clone();

    let mut harness = open_window(dir.path(), "carol");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Q);
    run_until(&mut harness, "the QA report", |h| {
        h.query_by_label(&finding.to_string()).is_some()
    });
    click(&mut harness, &finding.to_string());
    assert_eq!(harness.state().mode(), Mode::Review);
    let shown = harness.state().shown_document().expect("shown");
    assert_eq!((shown.annotator(), shown.document().id()), ("bob", G7));
    assert_eq!(
        *harness.state().selection(),
        Selection::Entity(finding.item.clone().expect("an entity"))
    );

    // Only documents with findings in the listed annotator's (bob's) files.
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Q);
    click(&mut harness, "Has QA problems");
    run_until(&mut harness, "the filtered list", |h| listed_documents(h) == [G7]);
}

#[test]
fn the_agreement_window_shows_per_label_f1_the_confusion_matrix_and_label_counts() {
    let dir = sample_copy();
    let project = Project::open(dir.path()).expect("project");
    let corpus = Corpus::load(&project, &names(&["alice", "bob"]));
    let report = agreement_report(&corpus, project.schema());
    let pair = &report.pairs[0];
    let event = pair.per_label["EVENT"].f1.expect("an F1");
    let matrix = confusion_matrix(&corpus, "alice", "bob").expect("shared documents");
    let country = matrix.labels.iter().position(|l| l == "COUNTRY").expect("COUNTRY");
    let location = matrix.labels.iter().position(|l| l == "LOCATION").expect("LOCATION");
    let confused = matrix.counts[country][location];
    assert!(confused > 0, "bob calls alice's COUNTRY Rwanda a LOCATION");
    let countries = report.label_distribution["alice"]["COUNTRY"];

    let mut harness = open_window(dir.path(), "carol");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    let event_bar = format!("EVENT span F1 {event:.3}");
    run_until(&mut harness, "the agreement figures", |h| {
        h.query_by_label(&event_bar).is_some()
    });
    harness.get_by_label(&format!(
        "PERSON span F1 {:.3}",
        pair.per_label["PERSON"].f1.expect("F1")
    ));
    harness.get_by_label(&format!("{:.3}", pair.span_f1.expect("F1")));

    click(&mut harness, "Confusion matrix");
    harness.get_by_label(&format!("alice COUNTRY, bob LOCATION: {confused} tokens"));
    click(&mut harness, "Label distribution");
    harness.get_by_label(&format!("COUNTRY, alice: {countries}"));
}
