//! The sentence view: one sentence per line, with the same annotations,
//! relations and labelling as the text's own lines, measured from where the
//! view placed each character.

use crate::layout::{WINDOW_SIZES, assert_text_within_view, check_whole_document, window_of_size};
use crate::support::*;

use egui::{Key, Modifiers, Vec2};
use egui_kittest::kittest::Queryable as _;
use spanwright::gui::document_view::{SIDE_MARGIN, Selection};
use spanwright::text::sentence_starts;

fn toggle_sentence_view(harness: &mut Window) {
    press(harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
}

/// What the screen shows of the sentence breaks in the shown document.
#[derive(Debug, Default)]
struct Breaks {
    /// Sentences on screen that start on the row where the one before ends.
    sharing_a_row: usize,
    /// Sentences on screen that start a row below the one before.
    on_a_row_of_their_own: usize,
    /// Sentences on screen whose first character is not at the text's left edge.
    indented: usize,
}

fn breaks_on_screen(harness: &Window) -> Breaks {
    let app = harness.state();
    let open = app.workspace().and_then(|w| w.current_document()).expect("document");
    let document = open.document();
    let chars: Vec<char> = document.text().chars().collect();
    let left = app.document_view().placed_rects(open.set()).viewport.min.x + SIDE_MARGIN;
    let mut breaks = Breaks::default();
    for start in sentence_starts(document).into_iter().skip(1) {
        // The last character of the sentence before, spaces aside.
        let Some(last) = (0..start).rev().find(|&i| !chars[i].is_whitespace()) else {
            continue;
        };
        if chars[last + 1..start].contains(&'\n') {
            continue;
        }
        let (Some(first_rect), Some(last_rect)) = (app.char_rect(start), app.char_rect(last)) else {
            continue;
        };
        if first_rect.center().y <= last_rect.max.y {
            breaks.sharing_a_row += 1;
        } else {
            breaks.on_a_row_of_their_own += 1;
        }
        if (first_rect.min.x - left).abs() > 1.0 {
            breaks.indented += 1;
        }
    }
    breaks
}

#[test]
fn sentence_view_starts_every_sentence_on_a_row_of_its_own_and_back() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    let as_written = breaks_on_screen(&harness);
    assert!(
        as_written.sharing_a_row >= 3,
        "the sample's paragraphs should run sentences on together: {as_written:?}"
    );
    toggle_sentence_view(&mut harness);
    assert!(harness.state().settings().sentence_view);
    let sentences = breaks_on_screen(&harness);
    assert_eq!(sentences.sharing_a_row, 0, "{sentences:?}");
    assert_eq!(sentences.indented, 0, "{sentences:?}");
    assert!(sentences.on_a_row_of_their_own >= 3, "{sentences:?}");
    // Every piece laid out is a sentence (or an empty line).
    let open = harness
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .expect("document");
    let starts = sentence_starts(open.document());
    for piece in harness.state().document_view().painted_paragraphs() {
        assert!(
            piece.is_empty() || starts.contains(&piece.start),
            "{piece:?} does not start a sentence"
        );
    }
    toggle_sentence_view(&mut harness);
    let again = breaks_on_screen(&harness);
    assert_eq!(again.sharing_a_row, as_written.sharing_a_row, "{again:?}");
}

#[test]
fn relations_are_drawn_in_sentence_view_over_the_whole_sample_corpus() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    toggle_sentence_view(&mut harness);
    let documents = harness.state().workspace().expect("project").project.documents().len();
    let mut labels = 0;
    for index in 0..documents {
        let name = harness
            .state()
            .workspace()
            .and_then(|w| w.current.clone())
            .unwrap_or_default();
        labels += check_whole_document(&mut harness, &format!("{name} in sentence view"));
        if index + 1 < documents {
            press(&mut harness, Modifiers::COMMAND, Key::PageDown);
        }
    }
    assert!(labels > 10, "only {labels} relation labels were drawn in sentence view");
    harness.get_by_label("HOLDS_ROLE: Meloni → Minister");
}

#[test]
fn a_word_selected_in_sentence_view_is_labelled_at_its_code_points() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "tester");
    toggle_sentence_view(&mut harness);
    // After "Shëngjin", so its code points and bytes differ.
    let (start, end) = find(&harness, "Gjadër");
    let from = char_point(&harness, start + 1, 0.5);
    let to = char_point(&harness, end - 2, 0.5);
    drag(&mut harness, from, to);
    assert_eq!(harness.state().selection(), &Selection::Text { start, end });
    press(&mut harness, Modifiers::NONE, Key::L);
    let open = harness
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .expect("document");
    let tagged: Vec<(String, usize, usize)> = open
        .set()
        .entities()
        .iter()
        .map(|e| (e.label.clone(), e.start, e.end))
        .collect();
    assert_eq!(tagged, [("LOCATION".to_owned(), start, end)]);
    harness.get_by_label("LOCATION: Gjadër");
}

#[test]
fn sentence_view_is_laid_out_within_every_window_from_720_by_480() {
    let dir = sample_copy();
    for size in WINDOW_SIZES {
        let mut harness = window_of_size(dir.path(), size);
        toggle_sentence_view(&mut harness);
        let placed = assert_text_within_view(&harness, size);
        for (id, label) in &placed.arc_labels {
            assert!(
                label.max.x <= placed.viewport.max.x + 0.5,
                "label of {id} is cut off at {size:?}"
            );
        }
        assert_everything_fits(&harness, size);
    }
}

#[test]
fn switching_to_sentences_and_back_keeps_the_text_in_view() {
    let dir = sample_copy();
    let mut harness = window_of_size(dir.path(), Vec2::new(900.0, 480.0));
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    let view = harness.state().document_view();
    let viewport = harness
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .map(|open| view.placed_rects(open.set()).viewport)
        .expect("document");
    let first = view
        .painted_paragraphs()
        .find(|p| !p.is_empty() && view.char_rect(p.start).is_some_and(|r| r.min.y >= viewport.min.y))
        .expect("a paragraph starts on screen")
        .start;
    assert!(first > 0, "Page Down did not scroll");
    for _ in 0..2 {
        toggle_sentence_view(&mut harness);
        let rect = harness.state().char_rect(first);
        assert!(
            rect.is_some_and(|r| viewport.contains_rect(r)),
            "code point {first} left the view ({rect:?} outside {viewport:?})"
        );
    }
}
