//! Frame times of the real document view, rendered
//! headlessly while scrolling through a document.

#[cfg(feature = "gui")]
use std::path::Path;
#[cfg(feature = "gui")]
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

#[cfg(feature = "gui")]
#[cfg(feature = "gui")]
use crate::gui::headless::HeadlessWindow;

/// Pixels scrolled per frame: brisk wheel scrolling at 60 frames a second.
#[cfg(feature = "gui")]
const SCROLL_PER_FRAME: f32 = 240.0;
/// Entities added one by one after the scroll, each followed by a frame
/// where nothing changes.
#[cfg(feature = "gui")]
const EDITS: usize = 15;
/// Frames scrolled before measuring.
#[cfg(feature = "gui")]
const WARM_UP_FRAMES: usize = 60;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewTimings {
    /// From opening the project to the end of the first frame.
    pub first_frame_ms: f64,
    pub median_frame_ms: f64,
    pub p99_frame_ms: f64,
    pub frames: usize,
    /// A frame where nothing changes, right after an edit frame (median).
    pub steady_frame_ms: f64,
    /// The frame right after adding one entity (median over several edits).
    pub edit_frame_ms: f64,
    /// Resident memory after the run, in MB (Linux only).
    pub rss_mb: Option<f64>,
    pub paragraphs_laid_out: usize,
}

#[cfg(feature = "gui")]
pub fn measure(project_dir: &Path, doc_id: &str, annotator: &str, frames: usize) -> Result<ViewTimings, String> {
    let started = Instant::now();
    let mut window = HeadlessWindow::open(project_dir, annotator);
    let workspace = window
        .app()
        .workspace()
        .ok_or_else(|| notice_or(&window, "cannot open the project"))?;
    if workspace.project.document(doc_id).is_none() {
        return Err(format!("no document \"{doc_id}\" in {}", project_dir.display()));
    }
    if workspace.current.as_deref() != Some(doc_id) {
        window.show_document(doc_id);
    }
    if window.app().workspace().and_then(|w| w.current_document()).is_none() {
        return Err(notice_or(&window, "cannot open the document"));
    }
    window.frame();
    let first_frame = started.elapsed();
    // Suggestions are worked out in the background after opening; the
    // steady state is measured once they are in.
    let waiting_since = Instant::now();
    while window.app().suggestions_working() && waiting_since.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
        window.frame();
    }
    // Warm up: egui rasterizes the glyphs it meets for the first time, a
    // one-off cost whatever the document's size. Then the layout is dropped,
    // so that every measured frame shows text it has not laid out before.
    for _ in 0..WARM_UP_FRAMES {
        scroll_or_restart(&mut window);
        window.frame();
    }
    window.app_mut().document_view_mut().forget_layout();
    window.frame();

    let mut times = Vec::with_capacity(frames);
    for _ in 0..frames {
        scroll_or_restart(&mut window);
        times.push(window.frame());
    }
    let mut steady = Vec::with_capacity(EDITS);
    let mut edits = Vec::with_capacity(EDITS);
    for _ in 0..EDITS {
        if !window.select_visible_word() {
            return Err(notice_or(&window, "no word on screen to annotate"));
        }
        window.frame();
        // Timed as the window lives it: the hotkey's edit is applied, then drawn.
        let started = Instant::now();
        if !window.label_selection("PERSON") {
            return Err(notice_or(&window, "could not add an entity on screen"));
        }
        window.frame();
        edits.push(started.elapsed());
        // The same screen with nothing changing.
        steady.push(window.frame());
    }
    steady.sort();
    edits.sort();
    times.sort();
    Ok(ViewTimings {
        first_frame_ms: ms(first_frame),
        median_frame_ms: ms(percentile(&times, 50)),
        p99_frame_ms: ms(percentile(&times, 99)),
        frames,
        steady_frame_ms: ms(percentile(&steady, 50)),
        edit_frame_ms: ms(percentile(&edits, 50)),
        rss_mb: resident_mb(),
        paragraphs_laid_out: window.app().document_view().laid_out_paragraphs(),
    })
}

/// Scrolls on by one step; at the end of a short document, starts again
/// from the top with nothing laid out, so it too shows new text every frame.
#[cfg(feature = "gui")]
fn scroll_or_restart(window: &mut HeadlessWindow) {
    let view = window.app_mut().document_view_mut();
    if !view.scroll_by(SCROLL_PER_FRAME, crate::gui::headless::VIEWPORT.y) {
        view.forget_layout();
    }
}

#[cfg(feature = "gui")]
fn notice_or(window: &HeadlessWindow, fallback: &str) -> String {
    window
        .app()
        .notice()
        .map_or_else(|| fallback.to_owned(), |n| n.text.clone())
}

#[cfg(feature = "gui")]
fn percentile(sorted: &[Duration], percent: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() - 1) * percent).div_ceil(100);
    sorted[index.min(sorted.len() - 1)]
}

#[cfg(feature = "gui")]
fn ms(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1000.0 * 100.0).round() / 100.0
}

/// Resident set size of this process, from `/proc/self/status`.
pub fn resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

/// The timings as lines of text.
pub fn render(doc_id: &str, t: &ViewTimings) -> String {
    let rss = t.rss_mb.map_or_else(|| "n/a".to_owned(), |mb| format!("{mb} MB"));
    format!(
        "{doc_id}: {} frames at 1600×1000\n  first frame   {:>8.2} ms (open to first frame)\n  median frame  {:>8.2} ms\n  p99 frame     {:>8.2} ms\n  steady frame  {:>8.2} ms (nothing changes)\n  edit frame    {:>8.2} ms (after adding one entity)\n  resident      {rss}\n",
        t.frames, t.first_frame_ms, t.median_frame_ms, t.p99_frame_ms, t.steady_frame_ms, t.edit_frame_ms
    )
}
