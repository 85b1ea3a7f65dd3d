//! Suggestions in a session: they follow the annotations made anywhere in
//! the project, wait for an annotator, merge identical rows, are offered
//! where their outline is clicked, and their background work neither
//! repaints an idle window nor outlives the edit it was made for.

use std::time::{Duration, Instant};

use crate::support as gui_support;

use egui::{Key, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gui_support::*;
use spanwright::gui::headless::HeadlessWindow;
use spanwright::gui::settings::SettingsStore;
use spanwright::gui::{Action, AppOptions, SpanwrightApp};

const SUMMIT: &str = "border-summit-preview.txt";

/// Runs headless frames until `done` holds, for at most 30 s.
fn frames_until(window: &mut HeadlessWindow, what: &str, done: impl Fn(&HeadlessWindow) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(window) {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
        window.frame();
    }
}

#[test]
fn an_idle_window_asks_for_no_repaint_while_a_suggestion_job_runs() {
    let dir = sample_copy();
    let mut window = HeadlessWindow::open_holding_suggestions(dir.path(), "alice", true);
    for _ in 0..10 {
        window.frame();
    }
    // The labelled texts are read on their own thread; once in, nothing
    // but the held job is left.
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        window.frame();
    }
    assert!(window.app().suggestions_working(), "the job is still running");
    assert!(window.suggestion_job_in_flight().is_some());
    assert!(
        window.repaint_after() > Duration::ZERO,
        "an idle window with a job running asked to repaint at once"
    );
    window.hold_suggestion_jobs(false);
    frames_until(&mut window, "the suggestions", |w| !w.app().suggestions_working());
    assert!(
        !window.app().suggestions_shown().is_empty(),
        "the job that ran made suggestions"
    );
}

#[test]
fn an_edit_cancels_the_suggestion_job_in_flight() {
    let dir = sample_copy();
    let mut window = HeadlessWindow::open_holding_suggestions(dir.path(), "alice", true);
    for _ in 0..3 {
        window.frame();
    }
    let before_edit = window.suggestion_job_in_flight().expect("a job runs after opening");
    assert!(window.select_visible_word(), "a word on screen");
    window.frame();
    assert!(window.label_selection("PERSON"), "the edit is made");
    window.frame();
    let after_edit = window.suggestion_job_in_flight().expect("the edit starts a job");
    assert!(before_edit.is_cancelled(), "the edit cancelled the job made before it");
    assert!(!after_edit.is_cancelled());
    window.hold_suggestion_jobs(false);
    frames_until(&mut window, "the suggestions", |w| !w.app().suggestions_working());
    assert!(!after_edit.is_cancelled());
    assert!(!window.app().suggestions_shown().is_empty());
}

#[test]
fn a_suggestion_job_lets_go_of_the_annotations_before_it_works() {
    let dir = sample_copy();
    let mut window = HeadlessWindow::open_holding_suggestions(dir.path(), "alice", true);
    window.frame();
    assert!(window.suggestion_job_in_flight().is_some(), "a job runs after opening");
    // The window's own copy and the one asked for here: no job holds it,
    // so an edit changes the annotations in place instead of copying them.
    let holders = |w: &HeadlessWindow| {
        let open = w
            .app()
            .workspace()
            .and_then(|w| w.current_document())
            .expect("a document");
        std::sync::Arc::strong_count(&open.shared_set())
    };
    frames_until(&mut window, "the job to let go of the annotations", |w| holders(w) == 2);
    assert!(window.app().suggestions_working(), "the job is still held");
    assert!(window.select_visible_word(), "a word on screen");
    window.frame();
    assert!(window.label_selection("PERSON"), "the edit is made");
    window.frame();
    frames_until(&mut window, "the edit's job to let go of the annotations", |w| {
        holders(w) == 2
    });
    window.hold_suggestion_jobs(false);
    frames_until(&mut window, "the suggestions", |w| !w.app().suggestions_working());
    assert!(!window.app().suggestions_shown().is_empty());
}

#[test]
fn a_label_given_in_one_document_is_suggested_in_the_next_in_the_same_session() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    let (start, end) = find(&window, "Meloni");
    window.state_mut().perform(Action::SelectText { start, end });
    window.key_press(Key::P);
    settle(&mut window);
    assert_eq!(entity_labels(&window), [("PERSON".to_owned(), "Meloni".to_owned())]);
    window.state_mut().perform(Action::ShowDocument(SUMMIT.to_owned()));
    settle(&mut window);
    run_until(&mut window, "Meloni suggested in the next document", |w| {
        w.state()
            .suggestions_shown()
            .iter()
            .any(|s| s.label == "PERSON" && s.text == "Meloni")
    });
}

#[test]
fn nothing_is_suggested_before_the_annotator_is_known() {
    let dir = sample_copy();
    let options = AppOptions {
        project_dir: Some(dir.path().to_path_buf()),
        annotator: None,
        settings: SettingsStore::in_memory(),
    };
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_max_steps(64)
        .build_eframe(move |cc| SpanwrightApp::new(&cc.egui_ctx, options));
    let _ = harness.run_ok();
    harness.get_by_label("Who is annotating?");
    // Give any background work time to arrive.
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(30));
        let _ = harness.run_ok();
    }
    assert!(
        harness.state().suggestions_shown().is_empty(),
        "no outlines before anyone said who annotates"
    );
    harness.get_by_label("alice").click();
    let _ = harness.run_ok();
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness.state().suggestions_shown().is_empty() {
        assert!(Instant::now() < deadline, "gave up waiting for alice's suggestions");
        std::thread::sleep(Duration::from_millis(20));
        let _ = harness.run_ok();
    }
}

#[test]
fn identical_suggestions_are_one_row_with_their_count_and_context() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    let (start, end) = find(&window, "Albania");
    window.state_mut().perform(Action::SelectText { start, end });
    window.key_press(Key::C);
    settle(&mut window);
    run_until(&mut window, "Albania suggested", |w| {
        w.state()
            .suggestions_shown()
            .iter()
            .filter(|s| s.text == "Albania")
            .count()
            >= 2
    });
    let others = window
        .state()
        .suggestions_shown()
        .iter()
        .filter(|s| s.text == "Albania")
        .count();
    window.get_by_label_contains(&format!("COUNTRY “Albania” 1.00 ×{others}"));
    window.get_by_label_contains("[Albania]");
    click(&mut window, &format!("Accept COUNTRY: Albania (all {others})"));
    let labelled = entity_labels(&window)
        .into_iter()
        .filter(|(label, text)| label == "COUNTRY" && text == "Albania")
        .count();
    assert_eq!(labelled, others + 1, "one click accepted the whole row");
}

#[test]
fn selecting_a_word_under_an_outline_offers_accept_and_reject_there() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    let (start, end) = find(&window, "Albania");
    window.state_mut().perform(Action::SelectText { start, end });
    window.key_press(Key::C);
    settle(&mut window);
    run_until(&mut window, "Albania suggested", |w| {
        w.state().suggestions_shown().iter().any(|s| s.text == "Albania")
    });
    let suggestion = window
        .state()
        .suggestions_shown()
        .iter()
        .find(|s| s.text == "Albania")
        .cloned()
        .expect("a suggestion");
    window.state_mut().document_view_mut().scroll_to(suggestion.start);
    settle(&mut window);
    window.state_mut().perform(Action::SelectText {
        start: suggestion.start,
        end: suggestion.end,
    });
    settle(&mut window);
    window.get_by_label_contains("Suggested COUNTRY “Albania”");
    click(&mut window, "Accept");
    let workspace = window.state().workspace().expect("project");
    let open = workspace.current_document().expect("document");
    assert!(
        open.set()
            .entities()
            .iter()
            .any(|e| e.start == suggestion.start && e.end == suggestion.end && e.label == "COUNTRY"),
        "the offered suggestion was accepted where it stands"
    );
}
