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
/// Frames scrolled from one starting point; the starting points are spread
/// evenly over the whole document, and each starts with nothing laid out.
/// The same for every document, so that their figures compare.
#[cfg(feature = "gui")]
const FRAMES_PER_RUN: usize = 10;
/// How long suggestions may take before the run fails.
#[cfg(feature = "gui")]
const SUGGESTIONS_DEADLINE: Duration = Duration::from_secs(60);
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
    /// From adding one entity to the suggestions worked out again and
    /// shown (median over the edits).
    pub edit_suggestions_ms: f64,
    /// From opening the project to every suggestion shown.
    pub suggestions_ready_ms: f64,
    /// Suggestions shown once they were in.
    pub suggestions: usize,
    /// Resident memory after the run, in MB (Linux only).
    pub rss_mb: Option<f64>,
    /// The most resident memory at any moment of the run, in MB (Linux
    /// only): what the window needs at its busiest.
    pub peak_rss_mb: Option<f64>,
    pub paragraphs_laid_out: usize,
}

#[cfg(feature = "gui")]
pub fn measure(project_dir: &Path, doc_id: &str, annotator: &str, frames: usize) -> Result<ViewTimings, String> {
    let started = Instant::now();
    let mut window = HeadlessWindow::open(project_dir, annotator);
    let workspace = window
        .app()
        .workspace()
        .ok_or_else(|| with_last_notice(&window, "cannot open the project"))?;
    if workspace.project.document(doc_id).is_none() {
        return Err(format!("no document \"{doc_id}\" in {}", project_dir.display()));
    }
    if workspace.current.as_deref() != Some(doc_id) {
        window.show_document(doc_id);
    }
    if window.app().workspace().and_then(|w| w.current_document()).is_none() {
        return Err(with_last_notice(&window, "cannot open the document"));
    }
    window.frame();
    let first_frame = started.elapsed();
    wait_for_suggestions(&mut window, "after opening")?;
    let suggestions_ready = started.elapsed();
    let suggestions = window.app().suggestions_shown().len();
    if suggestions == 0 {
        return Err("no suggestions were made: the run would not measure them".to_owned());
    }
    let char_len = window
        .app()
        .workspace()
        .and_then(|w| w.current_document())
        .map_or(0, |open| open.document().char_len());
    // Warm up: egui rasterizes the glyphs it meets for the first time, a
    // one-off cost whatever the document's size.
    let mut scroll = Scroll::new(char_len, WARM_UP_FRAMES);
    for frame in 0..WARM_UP_FRAMES {
        scroll.step(&mut window, frame);
        window.frame();
    }
    let mut scroll = Scroll::new(char_len, frames);
    let mut times = Vec::with_capacity(frames);
    for frame in 0..frames {
        scroll.step(&mut window, frame);
        times.push(window.frame());
    }
    let mut steady = Vec::with_capacity(EDITS);
    let mut edits = Vec::with_capacity(EDITS);
    let mut edit_suggestions = Vec::with_capacity(EDITS);
    for _ in 0..EDITS {
        if !window.select_visible_word() {
            return Err(with_last_notice(&window, "no word on screen to annotate"));
        }
        window.frame();
        // Timed as the window lives it: the hotkey's edit is applied, then drawn.
        let started = Instant::now();
        if !window.label_selection("PERSON") {
            return Err(with_last_notice(&window, "could not add an entity on screen"));
        }
        window.frame();
        edits.push(started.elapsed());
        // The edit is not done until its suggestions are in.
        wait_for_suggestions(&mut window, "after an edit")?;
        edit_suggestions.push(started.elapsed());
        // The same screen with nothing changing.
        steady.push(window.frame());
    }
    edit_suggestions.sort();
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
        edit_suggestions_ms: ms(percentile(&edit_suggestions, 50)),
        suggestions_ready_ms: ms(suggestions_ready),
        suggestions,
        rss_mb: resident_mb(),
        peak_rss_mb: peak_resident_mb(),
        paragraphs_laid_out: window.app().document_view().laid_out_paragraphs(),
    })
}

/// Runs frames until the suggestions are in; an error if they take longer
/// than [`SUGGESTIONS_DEADLINE`]. A frame runs when the window asks for one
/// (a background job finished, or a frame asked for the next), as in the
/// real window, so waiting costs the UI thread what it costs a user.
#[cfg(feature = "gui")]
fn wait_for_suggestions(window: &mut HeadlessWindow, when: &str) -> Result<(), String> {
    let since = Instant::now();
    // The job starts in the frame after the change.
    window.frame();
    while window.app().suggestions_working() {
        if since.elapsed() > SUGGESTIONS_DEADLINE {
            return Err(format!(
                "suggestions {when} did not arrive within {} s",
                SUGGESTIONS_DEADLINE.as_secs()
            ));
        }
        if window.frame_is_due() {
            window.frame();
        } else {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    Ok(())
}

/// Where the measured frames look: `frames` frames in runs of
/// [`FRAMES_PER_RUN`], each run starting with nothing laid out at a point
/// spread evenly over the document and scrolling on by one step a frame; a
/// run that reaches the end goes back to its point, its layout kept.
#[cfg(feature = "gui")]
struct Scroll {
    char_len: usize,
    runs: usize,
    run_start: usize,
}

#[cfg(feature = "gui")]
impl Scroll {
    fn new(char_len: usize, frames: usize) -> Self {
        Self {
            char_len,
            runs: frames.div_ceil(FRAMES_PER_RUN).max(1),
            run_start: 0,
        }
    }

    fn step(&mut self, window: &mut HeadlessWindow, frame: usize) {
        let view = window.app_mut().document_view_mut();
        if frame.is_multiple_of(FRAMES_PER_RUN) {
            let run = frame / FRAMES_PER_RUN;
            self.run_start = run * self.char_len / self.runs;
            view.forget_layout();
            view.scroll_to(self.run_start);
        } else if !view.scroll_by(SCROLL_PER_FRAME, crate::gui::headless::VIEWPORT.y) {
            // Back to the run's start with what is laid out kept, so that
            // every document starts cold exactly once a run, however short.
            view.scroll_to(self.run_start);
        }
    }
}

/// What failed, with the window's last notice, which may say why.
#[cfg(feature = "gui")]
fn with_last_notice(window: &HeadlessWindow, failure: &str) -> String {
    match window.app().notice() {
        Some(notice) => format!("{failure} (the window's last notice: {})", notice.text),
        None => failure.to_owned(),
    }
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
    status_mb("VmRSS:")
}

/// The largest resident set size this process has had.
pub fn peak_resident_mb() -> Option<f64> {
    status_mb("VmHWM:")
}

/// A size in `/proc/self/status`, in MB.
fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

/// The timings as lines of text.
pub fn render(doc_id: &str, t: &ViewTimings) -> String {
    let mb = |value: Option<f64>| value.map_or_else(|| "n/a".to_owned(), |mb| format!("{mb} MB"));
    let rss = format!("{} (peak {})", mb(t.rss_mb), mb(t.peak_rss_mb));
    format!(
        "{doc_id}: {} frames at 1600×1000\n  first frame   {:>8.2} ms (open to first frame)\n  median frame  {:>8.2} ms\n  p99 frame     {:>8.2} ms\n  steady frame  {:>8.2} ms (nothing changes)\n  edit frame    {:>8.2} ms (after adding one entity)\n  suggestions   {:>8.2} ms after opening, {:.2} ms after an edit ({} shown)\n  resident      {rss}\n",
        t.frames,
        t.first_frame_ms,
        t.median_frame_ms,
        t.p99_frame_ms,
        t.steady_frame_ms,
        t.edit_frame_ms,
        t.suggestions_ready_ms,
        t.edit_suggestions_ms,
        t.suggestions
    )
}
