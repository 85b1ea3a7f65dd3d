//! The F1 window in the smallest window Spanwright is laid out for: it fits
//! the screen, and what does not fit scrolls into view under the wheel.

use crate::layout::window_of_size;
use crate::support::*;

use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect, Vec2};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use spanwright::gui::help_window::TITLE;

fn help_window_rect(harness: &Window) -> Rect {
    harness
        .query_all_by_label(TITLE)
        .find(|n| n.accesskit_node().role() == Role::Window)
        .expect("the help window is open")
        .rect()
}

#[test]
fn the_help_window_fits_a_720_by_480_window_and_its_content_scrolls() {
    let dir = sample_copy();
    let size = Vec2::new(720.0, 480.0);
    let mut harness = window_of_size(dir.path(), size);
    press(&mut harness, Modifiers::NONE, Key::F1);
    let window = help_window_rect(&harness);
    let screen = Rect::from_min_size(egui::Pos2::ZERO, size);
    assert!(
        screen.expand(0.5).contains_rect(window),
        "the help window {window:?} does not fit the {size:?} window"
    );
    assert_everything_fits(&harness, size);
    let schema = harness.state().workspace().expect("project").project.schema().clone();
    let last = &schema
        .relations
        .last()
        .expect("the sample schema has relations")
        .description;
    let before = harness.get_by_label(last).rect();
    assert!(
        before.min.y > window.max.y,
        "the last description at {before:?} is already inside {window:?}: nothing to scroll"
    );
    harness.hover_at(window.center());
    harness.run();
    for _ in 0..60 {
        if window.contains_rect(harness.get_by_label(last).rect()) {
            break;
        }
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -3.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }
    let after = harness.get_by_label(last).rect();
    assert!(
        window.contains_rect(after),
        "the last description at {after:?} was not scrolled into {window:?}"
    );
    assert_eq!(help_window_rect(&harness), window, "the window itself moved or grew");
}
