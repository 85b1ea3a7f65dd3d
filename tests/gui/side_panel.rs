//! The side panel keeps its sections in place: what arrives in the
//! background (suggestions found, suggestions gone) never moves the editor
//! of the selected entity or the lists under the pointer.

use crate::support::*;

use egui::accesskit::Role;
use egui::{Key, Vec2};
use egui_kittest::kittest::Queryable as _;
use spanwright::gui::Action;

fn note_field_rect(window: &Window) -> egui::Rect {
    window.get_by_role_and_label(Role::MultilineTextInput, "Note").rect()
}

fn entities_heading_rect(window: &Window) -> egui::Rect {
    window.get_by_label_contains("Entities (").rect()
}

#[test]
fn the_editor_and_the_lists_stay_put_when_suggestions_come_and_go() {
    let dir = sample_copy();
    // Tall enough that nothing in the panel scrolls: a section growing or
    // shrinking would show as a move of everything below it.
    let mut window = open_window_of_size(dir.path(), "tester", Vec2::new(1400.0, 1600.0));
    let (start, end) = find(&window, "Albania");
    window.state_mut().perform(Action::SelectText { start, end });
    window.key_press(Key::C);
    // One frame: the new entity is labelled and selected, and the search
    // for its other occurrences has only started (its result is taken in
    // at the start of a later frame).
    window.step();
    assert!(window.state().suggestions_shown().is_empty());
    let note_before = note_field_rect(&window);
    let lists_before = entities_heading_rect(&window);
    assert!(
        note_before.max.x <= 1400.0,
        "the note field is laid out wider than the window: {note_before:?}"
    );
    run_until(&mut window, "string-match suggestions", |w| {
        !w.state().suggestions_shown().is_empty()
    });
    assert_eq!(note_field_rect(&window), note_before, "the note field moved");
    assert_eq!(entities_heading_rect(&window), lists_before, "the entity list moved");

    let shown = window.state().suggestions_shown().to_vec();
    window.state_mut().perform(Action::RejectSuggestions(shown));
    run_until(&mut window, "the suggestions to go", |w| {
        w.state().suggestions_shown().is_empty()
    });
    assert_eq!(note_field_rect(&window), note_before, "the note field moved");
    assert_eq!(entities_heading_rect(&window), lists_before, "the entity list moved");
}
