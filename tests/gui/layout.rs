//! The document's layout, measured from the rectangles the view placed:
//! relation labels in lanes never cover text, chips or each other, every
//! relation with an end on screen is drawn, and the text stays put while the
//! annotator works.

use crate::support::*;

use std::path::Path;

use egui::{Key, Modifiers, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use spanwright::bench::{LongDocumentSpec, write_long_document};
use spanwright::gui::settings::SettingsStore;
use spanwright::gui::{AppOptions, SpanwrightApp};

/// Rects overlap by more than a hairline.
fn overlap(a: Rect, b: Rect) -> bool {
    a.shrink(0.5).intersects(b.shrink(0.5))
}

/// Checks the last frame's placed rectangles; returns how many arc labels
/// were looked at.
pub(crate) fn check_frame(harness: &Window, context: &str) -> usize {
    let app = harness.state();
    let open = app.workspace().and_then(|w| w.current_document()).expect("a document");
    let placed = app.document_view().placed_rects(open.set());
    for (id, label) in &placed.arc_labels {
        for glyph in &placed.glyphs {
            assert!(
                !overlap(*label, *glyph),
                "{context}: label of {id} at {label:?} covers a glyph at {glyph:?}"
            );
        }
        for chip in &placed.chips {
            assert!(
                !overlap(*label, *chip),
                "{context}: label of {id} at {label:?} covers a chip at {chip:?}"
            );
        }
        for (other, rect) in &placed.arc_labels {
            if std::ptr::eq(label, rect) {
                continue;
            }
            assert!(!overlap(*label, *rect), "{context}: labels of {id} and {other} overlap");
        }
        assert!(
            label.min.x >= placed.viewport.min.x - 0.5 && label.max.x <= placed.viewport.max.x + 0.5,
            "{context}: label of {id} at {label:?} is outside the view {:?}",
            placed.viewport
        );
    }
    for chip in &placed.chips {
        for glyph in &placed.glyphs {
            assert!(
                !overlap(*chip, *glyph),
                "{context}: a chip at {chip:?} covers a glyph at {glyph:?}"
            );
        }
    }
    // Every relation with an end whose chip is on screen has a label drawn.
    for relation in open.set().relations() {
        let end_shown = [&relation.head, &relation.tail]
            .iter()
            .any(|id| placed.entities_with_chip.iter().any(|shown| shown == *id));
        if end_shown {
            assert!(
                placed.arc_labels.iter().any(|(id, _)| id == &relation.id),
                "{context}: relation {} has an end on screen but is not drawn",
                relation.id
            );
        }
    }
    placed.arc_labels.len()
}

/// Scrolls through the whole shown document, checking every screenful.
pub(crate) fn check_whole_document(harness: &mut Window, context: &str) -> usize {
    let mut labels = check_frame(harness, context);
    let viewport_height = harness.state().document_view().placed_rects_viewport_height();
    for step in 0..400 {
        let more = harness
            .state_mut()
            .document_view_mut()
            .scroll_by(viewport_height * 0.8, viewport_height);
        // One frame scrolls, the next paints with every height measured.
        harness.run_steps(2);
        labels += check_frame(harness, &format!("{context}, step {step}"));
        if !more {
            break;
        }
    }
    labels
}

#[test]
fn relation_labels_never_cover_text_chips_or_each_other_in_the_sample_corpus() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    let mut labels = 0;
    let documents = harness.state().workspace().expect("project").project.documents().len();
    for index in 0..documents {
        let name = harness
            .state()
            .workspace()
            .and_then(|w| w.current.clone())
            .unwrap_or_default();
        labels += check_whole_document(&mut harness, &name);
        if index + 1 < documents {
            press(&mut harness, Modifiers::COMMAND, Key::PageDown);
        }
    }
    assert!(
        labels > 10,
        "only {labels} relation labels were drawn over the sample corpus"
    );
}

#[test]
fn relation_labels_never_cover_text_in_a_dense_document_at_two_widths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = LongDocumentSpec {
        id: "dense.txt".to_owned(),
        chars: 10_000,
        entities: 200,
        relations: 80,
        nested_percent: 10,
        seed: 11,
    };
    write_long_document(dir.path(), &spec, "alice").expect("dense document written");
    for size in [Vec2::new(720.0, 480.0), Vec2::new(1600.0, 1000.0)] {
        let mut harness = window_of_size(dir.path(), size);
        let open_relations = harness
            .state()
            .workspace()
            .and_then(|w| w.current_document())
            .map_or(0, |d| d.set().relations().len());
        assert!(
            open_relations >= 70,
            "the dense document has {open_relations} relations"
        );
        let labels = check_whole_document(&mut harness, &format!("dense at {size:?}"));
        assert!(
            labels >= open_relations,
            "{labels} labels drawn for {open_relations} relations"
        );
    }
}

pub(crate) fn window_of_size(dir: &Path, size: Vec2) -> Window {
    let options = AppOptions {
        project_dir: Some(dir.to_path_buf()),
        annotator: Some("alice".to_owned()),
        settings: SettingsStore::in_memory(),
    };
    let mut harness = Harness::builder()
        .with_size(size)
        .with_step_dt(0.25)
        .with_max_steps(64)
        .build_eframe(move |cc| SpanwrightApp::new(&cc.egui_ctx, options));
    settle(&mut harness);
    harness
}

#[test]
fn the_word_under_the_pointer_stays_put_when_it_is_labelled_and_suggestions_arrive() {
    let dir = sample_copy();
    let mut harness = window_of_size(dir.path(), Vec2::new(1000.0, 600.0));
    let (start, end) = find(&harness, "verdict");
    // Scrolled down, so that the row's new chip could push the text down.
    harness.state_mut().document_view_mut().scroll_to(start);
    settle(&mut harness);
    let width_before = harness.state().document_view().text_width();
    let before = harness.state().char_rect(start).expect("verdict is on screen");
    harness.hover_at(before.center());
    settle(&mut harness);
    harness
        .state_mut()
        .perform(spanwright::gui::Action::SelectText { start, end });
    settle(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::P);
    run_until(&mut harness, "suggestions", |h| !h.state().suggestions_working());
    let after = harness.state().char_rect(start).expect("verdict is still on screen");
    assert!(
        harness
            .state()
            .workspace()
            .and_then(|w| w.current_document())
            .is_some_and(|d| d.set().entities().iter().any(|e| e.start == start)),
        "verdict was labelled"
    );
    assert_eq!(
        harness.state().document_view().text_width(),
        width_before,
        "the text was re-wrapped"
    );
    assert!(
        (after.min - before.min).length() < 0.5,
        "verdict moved from {before:?} to {after:?}"
    );
}

/// The window sizes every layout is checked at, from the smallest supported.
pub const WINDOW_SIZES: [Vec2; 5] = [
    Vec2::new(720.0, 480.0),
    Vec2::new(800.0, 600.0),
    Vec2::new(1024.0, 768.0),
    Vec2::new(1280.0, 800.0),
    Vec2::new(1600.0, 1000.0),
];

/// The document view fits the `size` window, there is text in it, and no
/// glyph or chip is cut off by it; returns what it placed.
pub fn assert_text_within_view(harness: &Window, size: Vec2) -> spanwright::gui::document_view::PlacedRects {
    let app = harness.state();
    let open = app.workspace().and_then(|w| w.current_document()).expect("document");
    let placed = app.document_view().placed_rects(open.set());
    assert!(!placed.glyphs.is_empty(), "no text at {size:?}");
    assert!(
        placed.viewport.max.x <= size.x + 0.5,
        "the view ends at {} in a {size:?} window",
        placed.viewport.max.x
    );
    for rect in placed.glyphs.iter().chain(&placed.chips) {
        assert!(
            rect.min.x >= placed.viewport.min.x - 0.5 && rect.max.x <= placed.viewport.max.x + 0.5,
            "{rect:?} is cut off by the view {:?} at {size:?}",
            placed.viewport
        );
    }
    placed
}

#[test]
fn the_text_is_laid_out_within_its_view_at_every_size_from_720_by_480() {
    let dir = sample_copy();
    for size in WINDOW_SIZES {
        let harness = window_of_size(dir.path(), size);
        assert_text_within_view(&harness, size);
        assert_everything_fits(&harness, size);
    }
}

#[test]
fn page_down_and_ctrl_home_scroll_the_document() {
    let dir = sample_copy();
    let mut harness = window_of_size(dir.path(), Vec2::new(900.0, 480.0));
    let first = harness
        .state()
        .document_view()
        .painted_paragraphs()
        .next()
        .expect("text");
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    let after_page = harness
        .state()
        .document_view()
        .painted_paragraphs()
        .next()
        .expect("text");
    assert!(after_page.start > first.start, "Page Down did not scroll");
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    press(&mut harness, Modifiers::COMMAND, Key::Home);
    let top = harness
        .state()
        .document_view()
        .painted_paragraphs()
        .next()
        .expect("text");
    assert_eq!(top, first, "Ctrl+Home did not go back to the top");
    press(&mut harness, Modifiers::COMMAND, Key::End);
    let end = harness
        .state()
        .document_view()
        .painted_paragraphs()
        .last()
        .expect("text");
    let len = harness
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .map_or(0, |d| d.document().char_len());
    assert!(end.end + 2 >= len, "Ctrl+End did not reach the end ({end:?} of {len})");
}

/// What the view drew over the text: which entity each chip is for and
/// which relation each label, with their places.
fn drawn_annotations(harness: &Window) -> (Vec<String>, Vec<Rect>, Vec<(String, Rect)>) {
    let app = harness.state();
    let open = app.workspace().and_then(|w| w.current_document()).expect("document");
    let placed = app.document_view().placed_rects(open.set());
    (placed.entities_with_chip, placed.chips, placed.arc_labels)
}

#[test]
fn adding_an_entity_places_only_its_paragraph_again_and_the_rest_still_name_their_entities() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_long_document(
        dir.path(),
        &LongDocumentSpec {
            id: "long.txt".into(),
            chars: 30_000,
            entities: 600,
            relations: 150,
            nested_percent: 10,
            seed: 11,
        },
        "alice",
    )
    .expect("long document");
    let mut harness = window_of_size(dir.path(), Vec2::new(1280.0, 800.0));
    let painted_paragraphs = harness.state().document_view().painted_paragraphs().count();
    assert!(painted_paragraphs >= 2, "{painted_paragraphs} paragraphs on screen");
    let before = drawn_annotations(&harness);
    assert!(
        !before.0.is_empty() && !before.2.is_empty(),
        "nothing drawn: {before:?}"
    );
    // A word of the first paragraph on screen, not yet an entity: every
    // entity after it moves one place on in the document's list.
    let (start, end) = {
        let app = harness.state();
        let open = app.workspace().and_then(|w| w.current_document()).expect("document");
        let first = app.document_view().painted_paragraphs().next().expect("a paragraph");
        first
            .clone()
            .find_map(|offset| {
                let (start, end) = spanwright::text::word_at(open.document(), offset)?;
                (open.set().entities_overlapping(start, end).next().is_none()).then_some((start, end))
            })
            .expect("a free word in the first paragraph")
    };
    let built = harness.state().document_view().placements_built();
    harness
        .state_mut()
        .perform(spanwright::gui::Action::SelectText { start, end });
    harness
        .state_mut()
        .perform(spanwright::gui::Action::ApplyLabel("PERSON".to_owned()));
    harness.run_steps(2);
    let rebuilt = harness.state().document_view().placements_built() - built;
    assert_eq!(rebuilt, 1, "an edit in one paragraph placed {rebuilt} paragraphs again");
    // The placements kept are what a fresh layout would draw.
    let after = drawn_annotations(&harness);
    assert_eq!(after.0.len(), before.0.len() + 1, "the new entity's chip is drawn");
    harness.state_mut().document_view_mut().forget_layout();
    harness.run_steps(3);
    assert_eq!(drawn_annotations(&harness), after);
}

#[test]
fn after_shrinking_the_window_the_text_stays_beside_the_side_panel() {
    let dir = sample_copy();
    let mut harness = window_of_size(dir.path(), Vec2::new(1600.0, 1000.0));
    harness.set_size(Vec2::new(720.0, 480.0));
    settle(&mut harness);
    let app = harness.state();
    let open = app.workspace().and_then(|w| w.current_document()).expect("document");
    let placed = app.document_view().placed_rects(open.set());
    let side_panel = harness.get_by_label("Labels").rect();
    assert!(
        placed.viewport.max.x <= side_panel.min.x,
        "the view ends at {} under the side panel starting at {}",
        placed.viewport.max.x,
        side_panel.min.x
    );
    for rect in &placed.glyphs {
        assert!(rect.max.x <= placed.viewport.max.x + 0.5, "{rect:?} is cut off");
    }
}

#[test]
fn the_last_document_shown_and_the_text_size_are_remembered() {
    let dir = sample_copy();
    let config = tempfile::tempdir().expect("config dir");
    let settings = config.path().join("settings.json");
    let open = |dir: &Path| {
        let options = AppOptions {
            project_dir: Some(dir.to_path_buf()),
            annotator: Some("alice".to_owned()),
            settings: SettingsStore::at(settings.clone()),
        };
        let mut harness = Harness::builder()
            .with_size(Vec2::new(1200.0, 800.0))
            .with_step_dt(0.25)
            .with_max_steps(64)
            .build_eframe(move |cc| SpanwrightApp::new(&cc.egui_ctx, options));
        settle(&mut harness);
        harness
    };
    let mut harness = open(dir.path());
    let first = harness.state().workspace().and_then(|w| w.current.clone());
    press(&mut harness, Modifiers::COMMAND, Key::PageDown);
    press(&mut harness, Modifiers::COMMAND, Key::Plus);
    let second = harness.state().workspace().and_then(|w| w.current.clone());
    assert_ne!(first, second);
    let size = harness.state().document_view().font_size;
    assert!(size > 16.0, "Ctrl++ made the text {size}");
    drop(harness);
    let harness = open(dir.path());
    assert_eq!(harness.state().workspace().and_then(|w| w.current.clone()), second);
    assert_eq!(harness.state().document_view().font_size, size);
}

#[test]
fn the_compact_view_hides_chips_and_draws_only_the_selected_entitys_relations() {
    let dir = sample_copy();
    let mut harness = open_window(dir.path(), "alice");
    let rects = |harness: &Window| {
        let app = harness.state();
        let open = app.workspace().and_then(|w| w.current_document()).expect("document");
        app.document_view().placed_rects(open.set())
    };
    assert!(!rects(&harness).chips.is_empty());
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    let compact = rects(&harness);
    assert!(
        compact.chips.is_empty(),
        "{} chips in the compact view",
        compact.chips.len()
    );
    assert!(compact.arc_labels.is_empty(), "relations drawn with nothing selected");
    click(&mut harness, "PERSON: Edi Rama");
    let selected = rects(&harness);
    let open = harness
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .expect("document");
    let edi = open
        .set()
        .entities()
        .iter()
        .find(|e| open.document().slice(e.start, e.end) == Some("Edi Rama"))
        .expect("Edi Rama")
        .id
        .clone();
    assert!(!selected.arc_labels.is_empty(), "Edi Rama's relations are not drawn");
    for (id, _) in &selected.arc_labels {
        let relation = open.set().relation(id).expect("relation");
        assert!(relation.involves(&edi), "{id} does not involve the selected entity");
    }
}
