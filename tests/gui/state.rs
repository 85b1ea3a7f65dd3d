//! The window's one store of open documents, as a user meets it: drafts
//! that stay in their document and are never lost, relabels and deletions
//! that say what went with them, the status following the work, and a
//! reviewer's visit that writes nothing.

use crate::support as gui_support;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use spanwright::annotations::Status;
use spanwright::gui::commands::Command;
use spanwright::gui::document_view::Selection;
use spanwright::gui::{Action, DocKey, Mode, SaveState};
use spanwright::project::Project;

use gui_support::*;

const A: &str = "albania-centres.txt";
const B: &str = "g7-ministers-meeting.txt";

fn show(harness: &mut Window, doc: &str) {
    harness.state_mut().perform(Action::ShowDocument(doc.to_owned()));
    settle(harness);
}

fn select_entity(harness: &mut Window, id: &str) {
    harness.state_mut().perform(Action::SelectEntity {
        id: id.to_owned(),
        scroll: true,
    });
    settle(harness);
}

fn type_note(harness: &mut Window, text: &str) {
    // The editor scrolls below the label palette: bring the field into view
    // first, as a person scrolls to it.
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Note")
        .scroll_to_me();
    settle(harness);
    harness.get_by_role_and_label(Role::MultilineTextInput, "Note").click();
    settle(harness);
    assert!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Note")
            .is_focused(),
        "the click missed the note field"
    );
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Note")
        .type_text(text);
    settle(harness);
}

fn note_in_memory(harness: &Window, doc: &str, id: &str) -> Option<String> {
    let workspace = harness.state().workspace().expect("project");
    let key = DocKey::new("alice", doc);
    let document = workspace.store.document(&key).expect("document open");
    document.set().entity(id).and_then(|e| e.note.clone())
}

fn notice(harness: &Window) -> String {
    harness.state().notice().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn a_note_typed_in_one_document_never_shows_in_another_and_survives_switching_and_quitting() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    let on_disk_b = std::fs::read(annotation_path(dir.path(), "alice", B)).expect("B's file");

    show(&mut harness, A);
    select_entity(&mut harness, "e1");
    type_note(&mut harness, "typed in A");
    // Typing is a draft: unsaved, and counted as such.
    assert_eq!(harness.state().save_state(), Some(SaveState::Unsaved));
    assert!(harness.state().has_unsaved_edits());

    // Switching document commits the draft to A, and B's e1 shows B's note.
    show(&mut harness, B);
    select_entity(&mut harness, "e1");
    assert_eq!(note_in_memory(&harness, A, "e1").as_deref(), Some("typed in A"));
    assert_eq!(note_in_memory(&harness, B, "e1"), None);
    let field = harness.get_by_role_and_label(Role::MultilineTextInput, "Note");
    assert_eq!(field.value().unwrap_or_default(), "", "A's note shows in B");

    // A note being typed when quitting is committed and saved first.
    type_note(&mut harness, "typed in B before quitting");
    press(&mut harness, Modifiers::COMMAND, Key::Q);
    run_until(&mut harness, "the saves before quitting", |h| !h.state().is_busy());
    assert!(!harness.state().has_unsaved_edits());
    let saved_a = load_file(dir.path(), "alice", A);
    let saved_b = load_file(dir.path(), "alice", B);
    let note = |file: &spanwright::annotations::AnnotationFile| {
        file.entities.iter().find(|e| e.id == "e1").and_then(|e| e.note.clone())
    };
    assert_eq!(note(&saved_a).as_deref(), Some("typed in A"));
    assert_eq!(note(&saved_b).as_deref(), Some("typed in B before quitting"));
    assert_ne!(
        std::fs::read(annotation_path(dir.path(), "alice", B)).expect("B's file"),
        on_disk_b
    );
}

#[test]
fn a_note_being_typed_reaches_the_disk_within_seconds_without_leaving_the_field() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    show(&mut harness, A);
    select_entity(&mut harness, "e1");
    type_note(&mut harness, "typed and left in the field");
    // Nothing but time passes: no focus change, no other edit.
    run_until(&mut harness, "the note on disk", |_| {
        let saved = load_file(dir.path(), "alice", A);
        saved
            .entities
            .iter()
            .find(|e| e.id == "e1")
            .and_then(|e| e.note.as_deref())
            == Some("typed and left in the field")
    });
    let field = harness.get_by_role_and_label(Role::MultilineTextInput, "Note");
    assert!(field.is_focused(), "saving took the focus from the field");
    assert_eq!(field.value().unwrap_or_default(), "typed and left in the field");
    // Typing on after the save is a new draft of the same field.
    field.type_text(", and more");
    settle(&mut harness);
    assert_eq!(
        harness
            .state()
            .draft(&spanwright::gui::DraftField::EntityNote("e1".into())),
        Some("typed and left in the field, and more")
    );
}

#[test]
fn a_note_draft_is_committed_when_the_selection_or_the_mode_changes() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    show(&mut harness, A);
    select_entity(&mut harness, "e1");
    type_note(&mut harness, "first");
    select_entity(&mut harness, "e2");
    assert_eq!(note_in_memory(&harness, A, "e1").as_deref(), Some("first"));
    type_note(&mut harness, "second");
    harness.state_mut().perform(Action::Command(Command::ModeCompare));
    settle(&mut harness);
    assert_eq!(note_in_memory(&harness, A, "e2").as_deref(), Some("second"));
}

#[test]
fn relabelling_and_deleting_say_what_went_with_them() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    show(&mut harness, A);
    // e11 PERSON heads a HOLDS_ROLE relation, which an ORG cannot.
    select_entity(&mut harness, "e11");
    harness.state_mut().perform(Action::ApplyLabel("ORG".to_owned()));
    settle(&mut harness);
    assert_eq!(
        notice(&harness),
        "Relabelled to ORG: removed 1 relation — Ctrl+Z brings them back"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);

    // e8 AGREEMENT has stage "signed" and three relations.
    select_entity(&mut harness, "e8");
    harness.state_mut().perform(Action::ApplyLabel("EVENT".to_owned()));
    settle(&mut harness);
    let told = notice(&harness);
    assert!(
        told.starts_with("Relabelled to EVENT: removed ") && told.contains("1 attribute"),
        "{told}"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let workspace = harness.state().workspace().expect("project");
    let e8 = workspace.current_document().expect("doc").set().entity("e8").cloned();
    assert_eq!(
        e8.map(|e| e.attributes.len()),
        Some(1),
        "undo brings the attribute back"
    );

    select_entity(&mut harness, "e11");
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(
        notice(&harness),
        "Deleted PERSON e11 and 2 relations — Ctrl+Z brings them back"
    );
}

#[test]
fn the_first_edit_of_a_todo_document_makes_it_in_progress_in_the_same_step() {
    let dir = sample_copy();
    let doc = "channel-crossings.txt";
    let mut harness = open_window(dir.path(), "alice");
    show(&mut harness, doc);
    let status = |h: &Window| {
        h.state()
            .workspace()
            .and_then(|w| w.current_document())
            .map(|d| d.set().status())
    };
    assert_eq!(status(&harness), Some(Status::Todo));
    let entities = entity_labels(&harness).len();
    select_entity(&mut harness, "e2");
    harness.state_mut().perform(Action::ApplyLabel("LOCATION".to_owned()));
    settle(&mut harness);
    assert_eq!(status(&harness), Some(Status::InProgress));
    // The corpus list shows it.
    harness.get_by_label(&format!("◐ {doc}  ({entities})"));
    run_until(&mut harness, "the save", |h| {
        h.state().save_state() == Some(SaveState::Saved)
    });
    assert_eq!(load_file(dir.path(), "alice", doc).status, Status::InProgress);
    // One undo takes back both.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(status(&harness), Some(Status::Todo));
    harness.get_by_label(&format!("○ {doc}  ({entities})"));
}

#[test]
fn a_reviewers_visit_writes_nothing_under_their_name() {
    let dir = sample_copy();
    let carol = dir.path().join("annotations").join("carol");
    let mut harness = open_window(dir.path(), "carol");
    assert!(matches!(harness.state().selection(), Selection::Nothing));
    harness.state_mut().perform(Action::Command(Command::ModeReview));
    settle(&mut harness);
    assert_eq!(harness.state().mode(), Mode::Review);
    show(&mut harness, B);
    show(&mut harness, A);
    press(&mut harness, Modifiers::COMMAND, Key::Q);
    run_until(&mut harness, "quitting", |h| !h.state().is_busy());
    assert!(!carol.exists(), "a visit made {}", carol.display());
    let project = Project::open(dir.path()).expect("project");
    assert_eq!(project.annotators(), ["alice", "bob"]);

    // A folder holding only a lock file is no annotator either.
    std::fs::create_dir_all(&carol).expect("folder");
    std::fs::write(carol.join(".lock"), "{}").expect("lock");
    assert_eq!(project.annotators(), ["alice", "bob"]);
}

#[test]
fn an_annotators_first_edit_creates_their_folder() {
    let dir = sample_copy();
    let dora = dir.path().join("annotations").join("dora");
    let mut harness = open_window(dir.path(), "dora");
    show(&mut harness, A);
    assert!(!dora.exists());
    let (start, end) = find(&harness, "Albania");
    harness.state_mut().perform(Action::SelectText { start, end });
    harness.state_mut().perform(Action::ApplyLabel("COUNTRY".to_owned()));
    settle(&mut harness);
    run_until(&mut harness, "the save", |h| {
        h.state().save_state() == Some(SaveState::Saved)
    });
    assert_eq!(load_file(dir.path(), "dora", A).entities.len(), 1);
    assert!(dora.join(".lock").exists(), "the first edit takes the lock");
}

#[test]
fn a_failed_save_is_retried_on_its_own_and_the_status_bar_says_so() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    show(&mut harness, A);
    // A file where the history folder should be: keeping the previous
    // version fails, so the save fails, as on a full or read-only disk.
    let history = spanwright::project::history_folder(dir.path(), "alice", A);
    std::fs::create_dir_all(history.parent().expect("parent")).expect("history parent");
    if history.exists() {
        std::fs::remove_dir_all(&history).expect("old history");
    }
    std::fs::write(&history, "in the way").expect("blocker");
    select_entity(&mut harness, "e1");
    harness.state_mut().perform(Action::ApplyLabel("PERSON".to_owned()));
    run_until(&mut harness, "a failed save", |h| {
        matches!(
            h.state().save_state(),
            Some(SaveState::Failed { retry_in: Some(_), .. })
        )
    });
    harness.get_by_label("Save failed — retrying on its own");
    assert!(harness.state().has_unsaved_edits());

    std::fs::remove_file(&history).expect("unblock");
    run_until(&mut harness, "the retry", |h| {
        h.state().save_state() == Some(SaveState::Saved)
    });
    let saved = load_file(dir.path(), "alice", A);
    assert_eq!(
        saved.entities.iter().find(|e| e.id == "e1").map(|e| e.label.as_str()),
        Some("PERSON")
    );
}

#[test]
fn an_idle_window_asks_for_no_frames_in_any_mode() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    show(&mut harness, A);
    select_entity(&mut harness, "e1");
    harness.state_mut().perform(Action::ApplyLabel("PERSON".to_owned()));
    run_until(&mut harness, "the save", |h| {
        h.state().save_state() == Some(SaveState::Saved)
    });
    for command in [
        Command::ModeCompare,
        Command::ModeCurate,
        Command::ModeReview,
        Command::ModeAnnotate,
    ] {
        harness.state_mut().perform(Action::Command(command));
        settle(&mut harness);
        let steps = harness.try_run();
        assert!(
            steps.as_ref().is_ok_and(|n| *n <= 3),
            "after {command:?} the window keeps asking for frames: {steps:?}"
        );
    }
}

#[test]
fn a_project_is_read_in_the_background_and_a_failed_open_keeps_the_open_one() {
    let dir = sample_copy();
    let options = spanwright::gui::AppOptions {
        project_dir: Some(dir.path().to_path_buf()),
        annotator: Some("alice".to_owned()),
        settings: spanwright::gui::settings::SettingsStore::in_memory(),
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(1400.0, 900.0))
        .with_step_dt(0.25)
        .with_max_steps(64)
        .build_eframe(move |cc| spanwright::gui::SpanwrightApp::new(&cc.egui_ctx, options));
    settle(&mut harness);
    assert!(!harness.state().is_opening_project());
    let root = harness
        .state()
        .workspace()
        .expect("the project")
        .project
        .root()
        .to_path_buf();

    let missing = dir.path().join("no-such-folder");
    harness.state_mut().perform(Action::OpenProject(missing.clone()));
    settle(&mut harness);
    let workspace = harness.state().workspace().expect("the open project stays");
    assert_eq!(workspace.project.root(), root);
    let told = notice(&harness);
    assert!(told.contains("no-such-folder"), "{told}");
    assert!(harness.state().notice().is_some_and(|n| n.is_error));
}

#[test]
fn an_edit_made_by_a_key_is_drawn_in_the_next_frame_without_more_input() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    let (start, end) = {
        let open = harness
            .state()
            .workspace()
            .and_then(|w| w.current_document())
            .expect("a document");
        let offset = open.document().text().find("asylum").expect("a word");
        let start = open.document().text()[..offset].chars().count();
        (start, start + "asylum".len())
    };
    harness.state_mut().perform(Action::SelectText { start, end });
    settle(&mut harness);
    assert!(!harness.ctx.has_requested_repaint(), "the window is not idle");
    // The key's frame runs the edit after drawing: it must ask for the
    // frame that shows it, or the screen waits for the next key or move.
    harness.key_press(egui::Key::P);
    harness.step();
    assert!(
        harness
            .state()
            .workspace()
            .and_then(|w| w.current_document())
            .is_some_and(|open| open.set().entities().iter().any(|e| e.start == start && e.end == end)),
        "the hotkey made no entity"
    );
    assert!(
        harness.ctx.has_requested_repaint(),
        "the edit is not drawn until something else happens"
    );
}
