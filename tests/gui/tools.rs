//! The tools around annotating, through the real window: export and import,
//! suggestions, labelling every occurrence, re-anchoring an edited text, and
//! a second window on the same work.

use crate::support as gui_support;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use gui_support::*;
use spanwright::gui::Action;
use spanwright::gui::document_view::Selection;

const ALBANIA: &str = "albania-centres.txt";

#[test]
fn file_export_writes_jsonl_with_a_summary() {
    let dir = sample_copy();
    let out = dir.path().join("out.jsonl");
    let mut window = open_window(dir.path(), "alice");
    press(&mut window, Modifiers::COMMAND, Key::E);
    window.get_by_label("Export annotations");
    click(&mut window, "Output file");
    press(&mut window, Modifiers::COMMAND, Key::A);
    window.get_by_label("Output file").type_text(&out.display().to_string());
    settle(&mut window);
    click(&mut window, "Export");
    run_until(&mut window, "the export to finish", |w| {
        w.query_by_label_contains("exported jsonl").is_some()
    });
    window.get_by_label_contains("annotator alice");
    let lines = std::fs::read_to_string(&out).expect("the export is written");
    assert_eq!(lines.lines().count(), 6, "one line per document");
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], ALBANIA);
    assert!(!first["entities"].as_array().unwrap().is_empty());
}

/// A model's predictions for the Albania article, imported through File ›
/// Import, show as suggestions; one is accepted and one rejected.
#[test]
fn imported_predictions_are_suggestions_to_accept_or_reject() {
    let dir = sample_copy();
    let text = std::fs::read_to_string(dir.path().join(ALBANIA)).unwrap();
    let span = |needle: &str| {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    };
    let (rama_start, rama_end) = span("Edi Rama");
    let (grandi_start, grandi_end) = span("Filippo Grandi");
    let predictions = dir.path().join("model.jsonl");
    std::fs::write(
        &predictions,
        format!(
            "{}\n",
            serde_json::json!({
                "id": ALBANIA,
                "text": text,
                "entities": [
                    {"start": rama_start, "end": rama_end, "label": "PERSON", "score": 0.91},
                    {"start": grandi_start, "end": grandi_end, "label": "ORG", "score": 0.40}
                ]
            })
        ),
    )
    .unwrap();

    let mut window = open_window(dir.path(), "tester");
    press(&mut window, Modifiers::COMMAND, Key::I);
    click(&mut window, "Format");
    click(&mut window, "predictions (jsonl)");
    type_into(&mut window, "Input file or folder", &predictions.display().to_string());
    click(&mut window, "Import");
    run_until(&mut window, "the import to finish", |w| {
        w.state().suggestions_shown().len() == 2
    });
    click(&mut window, "Close");

    click(&mut window, "Accept PERSON: Edi Rama");
    assert_eq!(entity_labels(&window), [("PERSON".to_owned(), "Edi Rama".to_owned())]);
    click(&mut window, "Reject ORG: Filippo Grandi");
    assert!(window.state().suggestions_shown().is_empty());
    assert!(
        dir.path()
            .join("rejected-suggestions/tester")
            .join(format!("{ALBANIA}.json"))
            .exists(),
        "the rejection is remembered"
    );
    // Undo takes the accepted suggestion back like any edit.
    press(&mut window, Modifiers::COMMAND, Key::Z);
    assert!(entity_labels(&window).is_empty());
}

#[test]
fn labelling_a_text_offers_its_other_occurrences_and_labels_all_in_one_step() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    let (start, end) = find(&window, "Albania");
    window.state_mut().perform(Action::SelectText { start, end });
    window.key_press(Key::C);
    settle(&mut window);
    let occurrences = spanwright::text::find_whole_words(
        window
            .state()
            .workspace()
            .unwrap()
            .current_document()
            .unwrap()
            .document()
            .text(),
        "Albania",
        true,
    )
    .len();
    assert!(occurrences >= 3);
    run_until(&mut window, "string-match suggestions", |w| {
        w.state().suggestions_shown().len() == occurrences - 1
    });
    window.get_by_label_contains(&format!("Suggestions ({})", occurrences - 1));

    press(&mut window, Modifiers::COMMAND, Key::L);
    let labelled = entity_labels(&window);
    assert_eq!(labelled.len(), occurrences);
    assert!(
        labelled
            .iter()
            .all(|(label, text)| label == "COUNTRY" && text == "Albania")
    );
    press(&mut window, Modifiers::COMMAND, Key::Z);
    assert_eq!(entity_labels(&window).len(), 1, "one undo takes back every occurrence");
}

#[test]
fn a_second_window_on_the_same_work_opens_read_only_until_told_otherwise() {
    let dir = sample_copy();
    let first = open_window(dir.path(), "alice");
    let mut second = open_window(dir.path(), "alice");
    second.get_by_label_contains("open in another Spanwright window");
    let read_only = second
        .state()
        .workspace()
        .unwrap()
        .current_document()
        .unwrap()
        .read_only_reason();
    assert!(read_only.is_some_and(|r| r.contains("another Spanwright window")));
    click(&mut second, "Edit anyway");
    assert!(
        second
            .state()
            .workspace()
            .unwrap()
            .current_document()
            .unwrap()
            .read_only_reason()
            .is_none()
    );
    drop(first);

    // Another annotator is not affected.
    let third = open_window(dir.path(), "bob");
    assert!(
        third
            .query_by_label_contains("open in another Spanwright window")
            .is_none()
    );
}

#[test]
fn an_edited_text_is_re_anchored_from_the_read_only_banner() {
    let dir = sample_copy();
    let path = dir.path().join(ALBANIA);
    let text = std::fs::read_to_string(&path).unwrap();
    let (headline, rest) = text.split_once('\n').unwrap();
    std::fs::write(&path, format!("{headline}\n\nA line added after annotating.\n{rest}")).unwrap();
    let before = load_file(dir.path(), "alice", ALBANIA);

    let mut window = open_window(dir.path(), "alice");
    window.get_by_label_contains("Read-only:");
    click(&mut window, "Re-anchor annotations…");
    window.get_by_label(&format!("Re-anchor {ALBANIA}"));
    click(&mut window, "Apply and save");
    let after = load_file(dir.path(), "alice", ALBANIA);
    assert_eq!(after.entities.len(), before.entities.len(), "nothing dropped");
    assert_eq!(after.relations.len(), before.relations.len());
    let shift = "\nA line added after annotating.\n".chars().count();
    for (old, new) in before.entities.iter().zip(&after.entities) {
        assert_eq!(new.text, old.text);
        let moved = if old.start > headline.chars().count() { shift } else { 0 };
        assert_eq!(new.start, old.start + moved, "{} moved by the inserted line", old.id);
    }
    let open = window.state().workspace().unwrap().current_document().unwrap();
    assert!(open.read_only_reason().is_none(), "the document is editable again");
    assert!(!matches!(window.state().selection(), Selection::Relation(_)));
}
