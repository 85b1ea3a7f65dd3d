//! What the window tests share: a copy of the sample corpus, the window on
//! it, and the few gestures the tests repeat.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use spanwright::annotations::AnnotationFile;
use spanwright::gui::settings::SettingsStore;
use spanwright::gui::{AppOptions, SpanwrightApp};

pub type Window = Harness<'static, SpanwrightApp>;

/// A fresh copy of the bundled sample corpus.
pub fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-corpus"),
        dir.path(),
    );
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The window on `dir` as `annotator`, settings kept in memory.
pub fn open_window(dir: &Path, annotator: &str) -> Window {
    open_window_of_size(dir, annotator, Vec2::new(1400.0, 900.0))
}

/// The window on `dir` as `annotator`, `size` points large.
pub fn open_window_of_size(dir: &Path, annotator: &str, size: Vec2) -> Window {
    let options = AppOptions {
        project_dir: Some(dir.to_path_buf()),
        annotator: Some(annotator.to_owned()),
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

/// Runs frames until the window is idle: nothing left to draw and no
/// document being read or saved in the background.
pub fn settle(harness: &mut Window) {
    let _ = harness.run_ok();
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.state().is_busy() {
        assert!(Instant::now() < deadline, "the window stayed busy for a minute");
        std::thread::sleep(Duration::from_millis(5));
        let _ = harness.run_ok();
    }
}

/// Steps the window until `done` holds: work on background threads arrives
/// between frames.
pub fn run_until(harness: &mut Window, what: &str, done: impl Fn(&Window) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness) {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
        settle(harness);
    }
}

pub fn press(harness: &mut Window, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    settle(harness);
}

/// Clicks the widget labelled `label`, scrolled into view first as a
/// person scrolls to what they are about to click.
pub fn click(harness: &mut Window, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    settle(harness);
    harness.get_by_label(label).click();
    settle(harness);
}

/// Clicks into the text field labelled `label` and types `text`.
pub fn type_into(harness: &mut Window, label: &str, text: &str) {
    click(harness, label);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

pub fn annotation_path(dir: &Path, annotator: &str, doc: &str) -> PathBuf {
    dir.join("annotations").join(annotator).join(format!("{doc}.json"))
}

pub fn load_file(dir: &Path, annotator: &str, doc: &str) -> AnnotationFile {
    AnnotationFile::load(&annotation_path(dir, annotator, doc), "saved file").expect("the file loads")
}

/// Label and text of each entity of the annotator's document on screen.
pub fn entity_labels(harness: &Window) -> Vec<(String, String)> {
    let workspace = harness.state().workspace().expect("project");
    let open = workspace.current_document().expect("document");
    open.set()
        .entities()
        .iter()
        .map(|e| {
            let text = open.document().slice(e.start, e.end).unwrap_or_default().to_owned();
            (e.label.clone(), text)
        })
        .collect()
}

/// Code-point offsets of the first occurrence of `needle` in the shown text.
pub fn find(harness: &Window, needle: &str) -> (usize, usize) {
    let workspace = harness.state().workspace().expect("project");
    let text = workspace.current_document().expect("document").document().text();
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the document"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Screen position inside the character at `offset`, `fraction` of the way across.
pub fn char_point(harness: &Window, offset: usize, fraction: f32) -> Pos2 {
    let rect = harness
        .state()
        .char_rect(offset)
        .unwrap_or_else(|| panic!("character {offset} is not on screen"));
    Pos2::new(rect.min.x + rect.width() * fraction, rect.center().y)
}

pub fn drag(harness: &mut Window, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    harness.hover_at(Pos2::new((from.x + to.x) / 2.0, (from.y + to.y) / 2.0));
    harness.run();
    harness.hover_at(to);
    harness.run();
    harness.drop_at(to);
    harness.run();
}

/// Every widget of the window lies within its width: nothing is laid out
/// wider than the window shows. What a floating window holds stays in it,
/// and the document's header (its name, position, status and "Mark done")
/// wraps beside the side panel instead of running under it. The side
/// panel's own rows are left to its tests.
pub fn assert_everything_fits(harness: &Window, size: Vec2) {
    use egui_kittest::kittest::By;
    let side_panel = harness.get_by_label("Labels").rect().min.x;
    let has_rect = |n: &egui_kittest::Node<'_>| n.accesskit_node().bounding_box().is_some();
    let mut in_windows = std::collections::HashSet::new();
    for window in harness
        .query_all(By::new())
        .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::Window)
    {
        let frame = window.rect();
        for node in window.query_all(By::new()).filter(has_rect) {
            in_windows.insert(node.accesskit_node().id());
            // The edges one drags to resize reach just past the frame.
            if node
                .accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Resize window"))
            {
                continue;
            }
            let rect = node.rect();
            assert!(
                rect.min.x >= frame.min.x - 0.5 && rect.max.x <= frame.max.x + 0.5,
                "{:?} at {rect:?} runs out of its window {frame:?} at {size:?}",
                node.accesskit_node().label()
            );
        }
    }
    for node in harness.query_all(By::new()).filter(has_rect) {
        let rect = node.rect();
        if in_windows.contains(&node.accesskit_node().id()) {
            continue;
        }
        assert!(
            rect.min.x >= -0.5 && rect.max.x <= size.x + 0.5,
            "{:?} at {rect:?} is wider than the {size:?} window",
            node.accesskit_node().label()
        );
    }
    let app = harness.state();
    let workspace = app.workspace().expect("project");
    let open = workspace.current_document().expect("document");
    let view = app.document_view().placed_rects(open.set()).viewport;
    let mut header = vec![
        "Status".to_owned(),
        "Mark done".to_owned(),
        open.document().id().to_owned(),
    ];
    if let Some(index) = workspace.current_index() {
        header.push(format!("{} of {}", index + 1, workspace.project.documents().len()));
    }
    let mut seen = 0;
    for caption in &header {
        for node in harness.query_all_by_label(caption).filter(has_rect) {
            let rect = node.rect();
            // Above the text and right of the corpus list: the header.
            if rect.max.y > view.min.y + 0.5 || rect.min.x < view.min.x - 0.5 {
                continue;
            }
            seen += 1;
            assert!(
                rect.max.x <= side_panel + 0.5,
                "the header's {caption:?} at {rect:?} runs under the side panel at {side_panel} at {size:?}"
            );
        }
    }
    assert!(seen >= 3, "only {seen} parts of the header found at {size:?}");
}
