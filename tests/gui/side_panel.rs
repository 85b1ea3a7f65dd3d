//! The side panel keeps its sections in place: what arrives in the
//! background (suggestions found, suggestions gone) never moves the editor
//! of the selected entity or the lists under the pointer.

use crate::support::*;

use egui::accesskit::Role;
use egui::{Key, Vec2};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
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

#[test]
fn the_palette_keeps_its_chips_in_place_as_counts_grow_past_nine() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "tester");
    let chips = |window: &Window| -> Vec<egui::Rect> {
        window
            .get_all_by_role(Role::Button)
            .filter(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with("COUNTRY [c]") || l.starts_with("PERSON [p]"))
            })
            .map(|n| n.rect())
            .collect()
    };
    let before = chips(&window);
    assert_eq!(before.len(), 2);
    let text = window
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .map(|d| d.document().text().to_owned())
        .expect("a document");
    let words: Vec<(usize, usize)> = text
        .match_indices(" the ")
        .map(|(byte, _)| {
            let start = text[..byte].chars().count() + 1;
            (start, start + 3)
        })
        .take(10)
        .collect();
    assert_eq!(words.len(), 10, "the test needs ten words to label");
    for (start, end) in words {
        window.state_mut().perform(Action::SelectText { start, end });
        window.state_mut().perform(Action::ApplyLabel("COUNTRY".to_owned()));
        settle(&mut window);
    }
    window.get_by_label_contains("COUNTRY [c] 1");
    assert_eq!(chips(&window), before, "a chip moved or changed size");
}
