//! Whole flows through the real window, driven like a person would: through
//! the accessibility tree, the pointer and the keyboard. No GPU needed.

use crate::support as gui_support;

use std::path::Path;

use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use spanwright::annotations::{AnnotationFile, Status};
use spanwright::gui::document_view::Selection;
use spanwright::gui::settings::SettingsStore;
use spanwright::gui::{AppOptions, SpanwrightApp};

use gui_support::*;

fn open_app(dir: &Path, annotator: &str) -> Window {
    open_window(dir, annotator)
}

/// `step_dt` is the simulated time per frame.
fn open_app_with_step(dir: &Path, annotator: &str, step_dt: f32) -> Window {
    let options = AppOptions {
        project_dir: Some(dir.to_path_buf()),
        annotator: Some(annotator.to_owned()),
        settings: SettingsStore::in_memory(),
    };
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(step_dt)
        .build_eframe(move |cc| SpanwrightApp::new(&cc.egui_ctx, options));
    harness.run();
    harness
}

fn current_text(harness: &Window) -> String {
    let workspace = harness.state().workspace().expect("a project is open");
    workspace
        .current_document()
        .expect("a document is shown")
        .document()
        .text()
        .to_owned()
}

fn selected_text(harness: &Window) -> Option<String> {
    let Selection::Text { start, end } = harness.state().selection().clone() else {
        return None;
    };
    let text = current_text(harness);
    Some(text.chars().skip(start).take(end - start).collect())
}

/// Drags over "Edi Rama" starting and ending inside the words, then labels
/// it PERSON with the hotkey.
fn label_edi_rama(harness: &mut Window) {
    let (start, end) = find(harness, "Edi Rama");
    let from = char_point(harness, start + 1, 0.5);
    let to = char_point(harness, end - 2, 0.5);
    drag(harness, from, to);
    assert_eq!(selected_text(harness).as_deref(), Some("Edi Rama"));
    harness.key_press(Key::P);
    harness.run();
}

#[test]
fn opening_the_sample_corpus_shows_documents_entities_and_relations() {
    let dir = sample_copy();
    let harness = open_app(dir.path(), "alice");
    for doc in [
        "albania-centres.txt",
        "channel-crossings.txt",
        "g7-ministers-meeting.txt",
    ] {
        assert!(
            harness
                .query_all_by_label_contains(doc)
                .any(|n| n.accesskit_node().role() == egui::accesskit::Role::Button),
            "{doc} is not in the corpus list"
        );
    }
    harness.get_by_label("3 of 6 done");
    harness.get_by_label("PERSON: Edi Rama");
    assert_eq!(
        harness.query_all_by_label("ORG: UNHCR").count(),
        2,
        "UNHCR is tagged twice on screen"
    );
    harness.get_by_label("HOLDS_ROLE: Meloni → Minister");
}

#[test]
fn dragging_snaps_to_words_and_a_hotkey_makes_an_entity() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    label_edi_rama(&mut harness);
    assert_eq!(entity_labels(&harness), [("PERSON".to_owned(), "Edi Rama".to_owned())]);
    harness.get_by_label("PERSON: Edi Rama");
    assert!(matches!(harness.state().selection(), Selection::Entity(_)));
}

#[test]
fn a_drag_from_whitespace_to_whitespace_is_trimmed() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    let (start, end) = find(&harness, " Giorgia Meloni ");
    let from = char_point(&harness, start, 0.3);
    let to = char_point(&harness, end - 1, 0.7);
    drag(&mut harness, from, to);
    assert_eq!(selected_text(&harness).as_deref(), Some("Giorgia Meloni"));
}

#[test]
fn alt_drag_selects_exact_characters() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    let (start, _) = find(&harness, "Giorgia Meloni");
    let from = char_point(&harness, start + 2, 0.1);
    let to = char_point(&harness, start + 5, 0.9);
    harness.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(&mut harness, from, to);
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
    assert_eq!(selected_text(&harness).as_deref(), Some("orgi"));
}

#[test]
fn double_click_selects_a_word() {
    let dir = sample_copy();
    let mut harness = open_app_with_step(dir.path(), "tester", 1.0 / 60.0);
    let (start, _) = find(&harness, "Shëngjin");
    let point = char_point(&harness, start + 3, 0.5);
    harness.hover_at(point);
    harness.run();
    // Both clicks land in consecutive frames, well within the double-click delay.
    for _ in 0..2 {
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos: point,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        harness.step();
    }
    harness.run();
    assert_eq!(selected_text(&harness).as_deref(), Some("Shëngjin"));
}

#[test]
fn relabel_delete_undo_and_redo() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    label_edi_rama(&mut harness);

    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("PERSON: Edi Rama").click();
    harness.run();
    harness.key_press(Key::O);
    harness.run();
    assert_eq!(entity_labels(&harness), [("ORG".to_owned(), "Edi Rama".to_owned())]);
    harness.get_by_label("ORG: Edi Rama");

    harness.key_press(Key::Delete);
    harness.run();
    assert!(entity_labels(&harness).is_empty());
    assert!(harness.query_by_label("ORG: Edi Rama").is_none());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(entity_labels(&harness), [("ORG".to_owned(), "Edi Rama".to_owned())]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(entity_labels(&harness), [("PERSON".to_owned(), "Edi Rama".to_owned())]);

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(entity_labels(&harness), [("ORG".to_owned(), "Edi Rama".to_owned())]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert!(entity_labels(&harness).is_empty());
}

#[test]
fn keyboard_moves_the_edges_of_the_selected_entity() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    label_edi_rama(&mut harness);
    harness.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    harness.run();
    assert_eq!(entity_labels(&harness), [("PERSON".to_owned(), "di Ram".to_owned())]);
}

#[test]
fn pressing_r_on_an_entity_then_clicking_another_makes_a_relation() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    for (needle, key) in [("Giorgia Meloni", Key::P), ("Prime Minister", Key::T)] {
        let (start, end) = find(&harness, needle);
        let from = char_point(&harness, start, 0.5);
        let to = char_point(&harness, end - 1, 0.5);
        drag(&mut harness, from, to);
        harness.key_press(key);
        harness.run();
    }
    harness.get_by_label("PERSON: Giorgia Meloni").click();
    harness.run();
    harness.key_press(Key::R);
    harness.run();
    harness.get_by_label("ROLE: Prime Minister").click();
    harness.run();
    // HOLDS_ROLE is the only type PERSON → ROLE allows, so it is made at once.
    harness.get_by_label("HOLDS_ROLE: Meloni → Minister");
    harness.get_by_label_contains("r1 HOLDS_ROLE · Giorgia Meloni → Prime Minister");
}

#[test]
fn dragging_a_label_chip_onto_an_entity_offers_only_allowed_relation_types() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    for (needle, key) in [
        ("Giorgia Meloni", Key::P),
        ("Edi Rama", Key::P),
        ("November 2023", Key::D),
    ] {
        let (start, end) = find(&harness, needle);
        let from = char_point(&harness, start, 0.5);
        let to = char_point(&harness, end - 1, 0.5);
        drag(&mut harness, from, to);
        harness.key_press(key);
        harness.run();
    }
    harness.key_press(Key::Escape);
    harness.run();
    let chip = chip_of(&harness, "PERSON: Giorgia Meloni");
    let target = harness.get_by_label("PERSON: Edi Rama").rect().center();
    drag(&mut harness, chip, target);
    // PERSON → PERSON allows MEETS, MEMBER_OF? no: MEETS and COOPERATES_WITH.
    harness.get_by_label_contains("MEETS").click();
    harness.run();
    harness.get_by_label("MEETS: Meloni → Rama");

    let chip = chip_of(&harness, "PERSON: Giorgia Meloni");
    let target = harness.get_by_label("DATE: November 2023").rect().center();
    drag(&mut harness, chip, target);
    let notice = harness.state().notice().expect("a notice").clone();
    assert!(notice.is_error);
    assert_eq!(notice.text, "No relation type allows PERSON → DATE");
}

/// The label chip sits just above an entity's first character.
fn chip_of(harness: &Window, entity_label: &str) -> Pos2 {
    let rect = harness.get_by_label(entity_label).rect();
    Pos2::new(rect.min.x + 4.0, rect.min.y - 5.0)
}

#[test]
fn next_and_previous_document_by_keyboard() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "alice");
    let current = |h: &Window| {
        h.state()
            .workspace()
            .and_then(|w| w.current.clone())
            .unwrap_or_default()
    };
    assert_eq!(current(&harness), "albania-centres.txt");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    harness.run();
    assert_eq!(current(&harness), "border-summit-preview.txt");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    harness.run();
    assert_eq!(current(&harness), "channel-crossings.txt");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    harness.run();
    assert_eq!(current(&harness), "border-summit-preview.txt");
    // Next not done: channel-crossings (todo) comes before the done ones.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::PageDown);
    harness.run();
    assert_eq!(current(&harness), "channel-crossings.txt");
}

#[test]
fn find_highlights_matches_and_enter_steps_through_them() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find:").type_text("albania");
    harness.run();
    let expected = spanwright::text::find_all(&current_text(&harness), "albania", false);
    assert!(expected.len() >= 3, "the sample mentions Albania several times");
    harness.get_by_label(&format!("{} matches", expected.len()));
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label(&format!("1 of {}", expected.len()));
    harness.key_press(Key::Enter);
    harness.run();
    let Selection::Text { start, end } = harness.state().selection().clone() else {
        panic!("the match is selected");
    };
    assert_eq!(start..end, expected[1]);
}

#[test]
fn save_writes_the_annotation_file_and_reopening_shows_the_same_annotations() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    label_edi_rama(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    // Saving runs in the background; settling waits for it.
    settle(&mut harness);
    harness.get_by_label("Saved");

    let path = annotation_path(dir.path(), "tester", "albania-centres.txt");
    let json = std::fs::read_to_string(&path).expect("the annotation file is written");
    let file = AnnotationFile::parse("saved", &json).expect("it parses");
    assert_eq!(file.status, Status::Done);
    assert_eq!(file.entities.len(), 1);
    assert_eq!(file.entities[0].text, "Edi Rama");
    assert_eq!(file.entities[0].label, "PERSON");
    drop(harness);

    let reopened = open_app(dir.path(), "tester");
    reopened.get_by_label("PERSON: Edi Rama");
    assert_eq!(entity_labels(&reopened), [("PERSON".to_owned(), "Edi Rama".to_owned())]);
}

#[test]
fn edits_are_saved_automatically_within_about_a_second() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    label_edi_rama(&mut harness);
    let path = annotation_path(dir.path(), "tester", "albania-centres.txt");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !path.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "autosave never wrote {}",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.step();
    }
    let file = AnnotationFile::parse("autosaved", &std::fs::read_to_string(&path).expect("read")).expect("parse");
    assert_eq!(file.entities.len(), 1);
}

#[test]
fn a_document_that_failed_its_checks_opens_read_only_with_the_reason() {
    let dir = sample_copy();
    let path = annotation_path(dir.path(), "alice", "albania-centres.txt");
    let json = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        json.replacen("\"label\": \"ORG\"", "\"label\": \"ORGANISATION\"", 1),
    )
    .expect("write");
    let mut harness = open_app(dir.path(), "alice");
    harness.get_by_label_contains("Read-only:");
    harness.get_by_label_contains("unknown label \"ORGANISATION\"");
    let before = entity_labels(&harness);
    assert!(
        before.iter().any(|(label, _)| label == "ORGANISATION"),
        "nothing is dropped"
    );
    harness.get_by_label("PERSON: Edi Rama").click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(entity_labels(&harness), before);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        json.replacen("\"label\": \"ORG\"", "\"label\": \"ORGANISATION\"", 1)
    );
}

#[test]
fn f1_lists_every_command_with_its_shortcut() {
    let dir = sample_copy();
    let mut harness = open_app(dir.path(), "tester");
    harness.key_press(Key::F1);
    harness.run();
    assert_eq!(
        harness.query_all_by_label("Keyboard shortcuts").count(),
        2,
        "menu item and window"
    );
    for command in spanwright::gui::commands::Command::all() {
        assert!(
            harness.query_all_by_label(command.text()).next().is_some(),
            "{command:?} missing from the help"
        );
    }
    // The schema's guidelines, which the palette shows only as tooltips.
    let schema = harness.state().workspace().expect("project").project.schema().clone();
    for description in schema
        .entities
        .iter()
        .map(|e| &e.description)
        .chain(schema.relations.iter().map(|r| &r.description))
    {
        assert!(!description.is_empty());
        harness.get_by_label(description);
    }
    harness.get_by_label("PERSON | ORG | COUNTRY → EVENT");
}

#[test]
fn the_annotator_is_asked_for_when_unknown() {
    let dir = sample_copy();
    let options = AppOptions {
        project_dir: Some(dir.path().to_path_buf()),
        annotator: None,
        settings: SettingsStore::in_memory(),
    };
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .build_eframe(move |cc| SpanwrightApp::new(&cc.egui_ctx, options));
    settle(&mut harness);
    harness.get_by_label("Who is annotating?");
    harness.get_by_label("alice").click();
    settle(&mut harness);
    assert_eq!(harness.state().annotator(), Some("alice"));
    harness.get_by_label("PERSON: Edi Rama");
}
