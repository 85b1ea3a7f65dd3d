//! Pixel snapshots of the sample document in the light and the dark theme,
//! rendered with wgpu (the `snapshots` feature; a software Vulkan driver
//! such as Mesa's lavapipe will do). Only the document view is kept, at a
//! modest window size, so that the reference images stay small and nothing
//! outside the text (paths, timings) can change them.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test gui snapshots`
//! rewrites the references in `tests/gui/snapshots/`; look at them before
//! committing.

use crate::layout::window_of_size;
use crate::support::*;

use egui::{Key, Modifiers, Vec2};
use spanwright::gui::settings::ThemeChoice;

/// The window's size; the snapshot is the part of the text view in it.
const WINDOW: Vec2 = Vec2::new(1040.0, 560.0);
/// Height of the text kept from the top of the view.
const KEPT_HEIGHT: f32 = 360.0;

fn snapshot_in(theme: ThemeChoice, sentences: bool, name: &str) {
    let dir = sample_copy();
    let mut harness = window_of_size(dir.path(), WINDOW);
    // The recommender's suggestions arrive when its training is done, at a
    // time of its own; they are left out so that every run draws the same.
    run_until(&mut harness, "the suggestions", |h| !h.state().suggestions_working());
    if harness.state().suggestions_visible() {
        press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    }
    assert!(!harness.state().suggestions_visible());
    // The theme command steps through system, light and dark.
    while harness.state().settings().theme != theme {
        press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::T);
    }
    if sentences {
        press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
        // The second sentence of the second paragraph, a third of the way
        // down, under the end of the first one.
        let (start, _) = find(&harness, "It provides");
        harness.state_mut().document_view_mut().scroll_to(start);
    }
    settle(&mut harness);
    let view = {
        let app = harness.state();
        let open = app.workspace().and_then(|w| w.current_document()).expect("document");
        app.document_view().placed_rects(open.set()).viewport
    };
    let image = harness
        .render()
        .unwrap_or_else(|err| panic!("the window cannot be rendered (is a Vulkan driver installed?): {err}"));
    let scale = image.width() as f32 / WINDOW.x;
    let x = (view.min.x * scale).round() as u32;
    let y = (view.min.y * scale).round() as u32;
    let width = (view.width() * scale).round() as u32;
    let height = ((view.height().min(KEPT_HEIGHT)) * scale).round() as u32;
    assert!(width > 200 && height > 200, "the text view is only {view:?}");
    let document = image::imageops::crop_imm(&image, x, y, width, height).to_image();
    let options = egui_kittest::SnapshotOptions::new()
        .output_path(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gui/snapshots"));
    egui_kittest::image_snapshot_options(&document, name, &options);
}

#[test]
fn snapshot_of_the_sample_document_in_the_light_theme() {
    snapshot_in(ThemeChoice::Light, false, "sample-document-light");
}

#[test]
fn snapshot_of_the_sample_document_in_the_dark_theme() {
    snapshot_in(ThemeChoice::Dark, false, "sample-document-dark");
}

#[test]
fn snapshot_of_the_sample_document_one_sentence_per_line() {
    snapshot_in(ThemeChoice::Light, true, "sample-document-sentences");
}
