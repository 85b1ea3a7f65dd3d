//! What a person at the real window does, step by step: the first start,
//! typing in fields while the document's shortcuts wait, Find then a label
//! key, Tab through the entities, and the export dialog.

use std::time::Duration;

use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanwright::gui::Action;
use spanwright::gui::document_view::Selection;
use spanwright::gui::settings::SettingsStore;
use spanwright::gui::{AppOptions, SpanwrightApp};

use crate::support::*;

/// The window on `dir` with no remembered annotator: a first start.
fn first_start(dir: &std::path::Path) -> Window {
    let options = AppOptions {
        project_dir: Some(dir.to_path_buf()),
        annotator: None,
        settings: SettingsStore::in_memory(),
    };
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(0.25)
        .with_max_steps(64)
        .build_eframe(move |cc| SpanwrightApp::new(&cc.egui_ctx, options));
    settle(&mut harness);
    harness
}

fn key_event(key: Key, modifiers: Modifiers, pressed: bool) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers,
    }
}

/// Presses `keys` one after the other within a single frame, as happens
/// when keys come 50 ms apart and a frame takes longer.
fn press_in_one_frame(harness: &mut Window, keys: &[(Modifiers, Key)]) {
    for &(modifiers, key) in keys {
        harness.event(key_event(key, modifiers, true));
        harness.event(key_event(key, modifiers, false));
    }
    harness.step();
    settle(harness);
}

fn label_text(harness: &mut Window, needle: &str, label: &str) {
    let (start, end) = find(harness, needle);
    harness.state_mut().perform(Action::SelectText { start, end });
    harness.state_mut().perform(Action::ApplyLabel(label.to_owned()));
    settle(harness);
}

fn selected_entity(harness: &Window) -> Option<String> {
    match harness.state().selection() {
        Selection::Entity(id) => Some(id.clone()),
        _ => None,
    }
}

#[test]
fn first_start_takes_a_typed_name_and_enter() {
    let dir = sample_copy();
    let mut window = first_start(dir.path());
    window.get_by_label("Who is annotating?");
    click(&mut window, "Annotator name");
    window.get_by_label("Annotator name").type_text("zoe");
    settle(&mut window);
    press(&mut window, Modifiers::NONE, Key::Enter);
    assert_eq!(window.state().annotator(), Some("zoe"));
    assert!(
        window.query_by_label("Who is annotating?").is_none(),
        "the dialog is gone"
    );
}

#[test]
fn first_start_start_button_and_an_invalid_name() {
    let dir = sample_copy();
    let mut window = first_start(dir.path());
    click(&mut window, "Annotator name");
    window.get_by_label("Annotator name").type_text("a/b");
    settle(&mut window);
    click(&mut window, "Start annotating");
    assert_eq!(window.state().annotator(), None, "a name with a slash is refused");
    click(&mut window, "Annotator name");
    press(&mut window, Modifiers::COMMAND, Key::A);
    window.get_by_label("Annotator name").type_text("bea");
    settle(&mut window);
    click(&mut window, "Start annotating");
    assert_eq!(window.state().annotator(), Some("bea"));
}

#[test]
fn first_start_esc_looks_around_read_only_and_a_label_key_asks_again() {
    let dir = sample_copy();
    let mut window = first_start(dir.path());
    press(&mut window, Modifiers::NONE, Key::Escape);
    assert!(
        window.query_by_label("Who is annotating?").is_none(),
        "Esc closes the dialog"
    );
    assert_eq!(window.state().annotator(), None);
    let (start, end) = find(&window, "Edi Rama");
    window.state_mut().perform(Action::SelectText { start, end });
    press(&mut window, Modifiers::NONE, Key::P);
    window.get_by_label("Who is annotating?");
    assert!(entity_labels(&window).is_empty(), "nothing is labelled without a name");
}

#[test]
fn the_first_start_dialog_asks_for_no_repaint_while_idle() {
    let dir = sample_copy();
    let mut window = first_start(dir.path());
    run_until(&mut window, "background work to finish", |w| {
        !w.state().suggestions_working()
    });
    click(&mut window, "Annotator name");
    window.step();
    let repaint = window
        .output()
        .viewport_output
        .values()
        .map(|v| v.repaint_delay)
        .min()
        .unwrap_or(Duration::MAX);
    assert!(
        repaint > Duration::from_secs(1),
        "an open dialog with a focused field repaints after {repaint:?}"
    );
}

#[test]
fn ctrl_z_esc_and_label_keys_in_the_filter_box_edit_the_box_not_the_document() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    label_text(&mut window, "Edi Rama", "PERSON");
    press(&mut window, Modifiers::NONE, Key::Delete);
    assert!(entity_labels(&window).is_empty(), "Delete deleted the entity");
    let (start, end) = find(&window, "Albania");
    window.state_mut().perform(Action::SelectText { start, end });
    type_into(&mut window, "Filter:", "pz");
    press(&mut window, Modifiers::COMMAND, Key::Z);
    press(&mut window, Modifiers::NONE, Key::Escape);
    assert!(
        entity_labels(&window).is_empty(),
        "Ctrl+Z in the box left the deletion alone, and p labelled nothing"
    );
    assert_eq!(
        window.state().selection(),
        &Selection::Text { start, end },
        "Esc left the box, not the selection"
    );
    // Outside the field, Ctrl+Z undoes the deletion.
    press(&mut window, Modifiers::COMMAND, Key::Z);
    assert_eq!(entity_labels(&window), [("PERSON".to_owned(), "Edi Rama".to_owned())]);
}

#[test]
fn ctrl_enter_in_a_note_does_not_mark_the_document_done() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    label_text(&mut window, "Edi Rama", "PERSON");
    type_into(&mut window, "Note", "seen");
    press(&mut window, Modifiers::COMMAND, Key::Enter);
    let status = window
        .state()
        .shown_document()
        .map(|d| d.set().status())
        .expect("document");
    assert_ne!(status, spanwright::annotations::Status::Done);
}

#[test]
fn enter_in_find_selects_the_match_and_the_next_label_key_tags_it() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    press(&mut window, Modifiers::COMMAND, Key::F);
    window.get_by_label("Find:").type_text("Campania");
    settle(&mut window);
    window.get_by_label("no matches");
    press(&mut window, Modifiers::COMMAND, Key::A);
    window.get_by_label("Find:").type_text("Gjadër");
    settle(&mut window);
    press(&mut window, Modifiers::NONE, Key::Enter);
    let (start, end) = find(&window, "Gjadër");
    assert_eq!(window.state().selection(), &Selection::Text { start, end });
    press(&mut window, Modifiers::NONE, Key::L);
    assert_eq!(entity_labels(&window), [("LOCATION".to_owned(), "Gjadër".to_owned())]);
    let matches = spanwright::text::find_all(
        window.state().shown_document().expect("document").document().text(),
        "Gjadër",
        false,
    );
    window.get_by_label(&format!("1 of {}", matches.len()));
}

#[test]
fn tab_and_shift_tab_select_entities_every_time_and_alt_arrows_follow() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "alice");
    let ids: Vec<String> = window
        .state()
        .shown_document()
        .expect("document")
        .set()
        .entities()
        .iter()
        .map(|e| e.id.clone())
        .collect();
    assert!(ids.len() >= 4);
    for expected in &ids[..4] {
        press(&mut window, Modifiers::NONE, Key::Tab);
        assert_eq!(
            selected_entity(&window).as_ref(),
            Some(expected),
            "Tab selects the next entity"
        );
    }
    press(&mut window, Modifiers::SHIFT, Key::Tab);
    assert_eq!(selected_entity(&window).as_ref(), Some(&ids[2]));
    let start_of = |w: &Window, id: &str| {
        w.state()
            .shown_document()
            .and_then(|d| d.set().entity(id).map(|e| (e.start, e.end)))
            .expect("entity")
    };
    let (start, end) = start_of(&window, &ids[2]);
    press(&mut window, Modifiers::ALT | Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(
        start_of(&window, &ids[2]),
        (start, end + 1),
        "Alt+Shift+→ right after a Tab"
    );
    press(&mut window, Modifiers::ALT, Key::ArrowLeft);
    assert_eq!(start_of(&window, &ids[2]), (start - 1, end + 1), "Alt+← right after");
}

#[test]
fn keys_pressed_within_one_frame_are_all_applied_in_order() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    label_text(&mut window, "Edi Rama", "PERSON");
    label_text(&mut window, "Giorgia Meloni", "PERSON");
    label_text(&mut window, "Gjadër", "LOCATION");
    window.state_mut().perform(Action::ClearSelection);
    settle(&mut window);
    let tab = (Modifiers::NONE, Key::Tab);
    press_in_one_frame(&mut window, &[tab, tab, (Modifiers::NONE, Key::O)]);
    let labels = entity_labels(&window);
    assert!(
        labels.contains(&("ORG".to_owned(), "Edi Rama".to_owned())),
        "two Tabs then o, in one frame: the second entity became ORG: {labels:?}"
    );
}

/// A copy of alice's file for the Albania article as `name`'s, emptied.
fn add_annotator_without_entities(dir: &std::path::Path, name: &str) {
    let from = annotation_path(dir, "alice", "albania-centres.txt");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(from).expect("read")).expect("json");
    json["annotator"] = name.into();
    json["entities"] = serde_json::json!([]);
    json["relations"] = serde_json::json!([]);
    let to = annotation_path(dir, name, "albania-centres.txt");
    std::fs::create_dir_all(to.parent().expect("folder")).expect("mkdir");
    std::fs::write(to, serde_json::to_string_pretty(&json).expect("json")).expect("write");
}

#[test]
fn export_chooses_among_the_annotators_warns_when_empty_and_follows_the_format() {
    let dir = sample_copy();
    add_annotator_without_entities(dir.path(), "carol");
    let mut window = open_window(dir.path(), "alice");
    press(&mut window, Modifiers::COMMAND, Key::E);
    window.get_by_label("Export annotations");
    let field = |w: &Window, caption: &str| w.get_by_label(caption).value().unwrap_or_default();
    assert!(field(&window, "Output file").ends_with("export.jsonl"));
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    click(&mut window, "Output file");
    press(&mut window, Modifiers::COMMAND, Key::A);
    window
        .get_by_label("Output file")
        .type_text(&out_dir.join("mine.jsonl").display().to_string());
    settle(&mut window);

    // brat writes a folder: the path follows.
    click(&mut window, "Format");
    click(&mut window, "brat");
    assert!(field(&window, "Output folder").ends_with("export-brat"));
    click(&mut window, "Format");
    click(&mut window, "jsonl");
    let out = field(&window, "Output file");
    assert_eq!(
        std::path::PathBuf::from(&out),
        out_dir.join("export.jsonl"),
        "same folder, the format's name"
    );

    // Whose annotations: a choice of the project's annotators.
    click(&mut window, "Whose annotations");
    window.get_by_label("bob");
    click(&mut window, "carol");
    click(&mut window, "Export");
    run_until(&mut window, "the check for entities", |w| {
        w.query_by_label_contains("hold no entity by carol").is_some()
    });
    assert!(
        !std::path::Path::new(&out).exists(),
        "nothing is written before the warning"
    );
    click(&mut window, "Export anyway");
    run_until(&mut window, "the export", |w| {
        w.query_by_label_contains("exported jsonl").is_some()
    });
    let lines = std::fs::read_to_string(&out).expect("written after Export anyway");
    assert_eq!(lines.lines().count(), 6);
}

#[test]
fn export_errors_speak_of_the_window_not_of_flags() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "alice");
    press(&mut window, Modifiers::COMMAND, Key::E);
    click(&mut window, "Output file");
    press(&mut window, Modifiers::COMMAND, Key::A);
    window
        .get_by_label("Output file")
        .type_text(&dir.path().display().to_string());
    settle(&mut window);
    click(&mut window, "Export");
    run_until(&mut window, "the error", |w| {
        w.query_by_label_contains("give a file name").is_some()
    });
    assert!(window.query_by_label_contains("--out").is_none());
}
