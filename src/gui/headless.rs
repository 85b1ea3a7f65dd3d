//! The real window's contents rendered without a window: egui layout and
//! tessellation at a fixed viewport size, for the benchmark.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, Vec2};

use super::actions::Action;
use super::app::{AppOptions, SpanwrightApp};
use super::document_view::Selection;
use super::settings::SettingsStore;

/// The viewport the benchmark renders into.
pub const VIEWPORT: Vec2 = Vec2::new(1600.0, 1000.0);

pub struct HeadlessWindow {
    ctx: egui::Context,
    app: SpanwrightApp,
    time: f64,
    /// When the last frame asked to be drawn again (`Duration::MAX`: only
    /// on input).
    repaint_after: Duration,
    /// The earliest moment anything (a frame, a background job) asked for
    /// the next frame: what wakes the real window's event loop.
    frame_due: Arc<Mutex<Option<Instant>>>,
}

impl HeadlessWindow {
    /// Opens `project_dir` as `annotator`, exactly as the window would.
    pub fn open(project_dir: &Path, annotator: &str) -> Self {
        Self::open_holding_suggestions(project_dir, annotator, false)
    }

    /// [`Self::open`], with suggestion jobs held from the first frame when
    /// `held` (see [`Self::hold_suggestion_jobs`]).
    pub fn open_holding_suggestions(project_dir: &Path, annotator: &str, held: bool) -> Self {
        let ctx = egui::Context::default();
        let app = SpanwrightApp::new(
            &ctx,
            AppOptions {
                project_dir: Some(project_dir.to_path_buf()),
                annotator: Some(annotator.to_owned()),
                settings: SettingsStore::in_memory(),
            },
        );
        let frame_due: Arc<Mutex<Option<Instant>>> = Arc::default();
        let due = Arc::clone(&frame_due);
        ctx.set_request_repaint_callback(move |info| {
            let Some(at) = Instant::now().checked_add(info.delay) else {
                return;
            };
            if let Ok(mut due) = due.lock() {
                *due = Some(due.map_or(at, |earlier| earlier.min(at)));
            }
        });
        let mut window = Self {
            ctx,
            app,
            time: 0.0,
            repaint_after: Duration::MAX,
            frame_due,
        };
        window.hold_suggestion_jobs(held);
        window.wait_until_idle();
        window
    }

    /// Runs frames until the documents asked for are read and the saves
    /// under way are done (at most 30 s).
    pub fn wait_until_idle(&mut self) {
        let give_up = Instant::now() + Duration::from_secs(30);
        while self.app.is_busy() && Instant::now() < give_up {
            std::thread::sleep(Duration::from_millis(2));
            self.frame();
        }
    }

    /// Shows document `doc_id` and waits until it is read.
    pub fn show_document(&mut self, doc_id: &str) {
        self.app.perform(Action::ShowDocument(doc_id.to_owned()));
        self.wait_until_idle();
    }

    pub fn app(&self) -> &SpanwrightApp {
        &self.app
    }

    pub fn app_mut(&mut self) -> &mut SpanwrightApp {
        &mut self.app
    }

    /// Runs one frame (logic, layout, painting and tessellation) and returns
    /// how long it took.
    pub fn frame(&mut self) -> Duration {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, VIEWPORT)),
            time: Some(self.time),
            ..RawInput::default()
        };
        let started = Instant::now();
        if let Ok(mut due) = self.frame_due.lock() {
            *due = None;
        }
        let app = &mut self.app;
        app.frame_logic();
        let output = self.ctx.run_ui(input, |ui| app.frame_ui(ui));
        self.repaint_after = output
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map_or(Duration::MAX, |viewport| viewport.repaint_delay);
        let pixels_per_point = output.pixels_per_point;
        let primitives = self.ctx.tessellate(output.shapes, pixels_per_point);
        let elapsed = started.elapsed();
        std::hint::black_box(primitives);
        let mut textures = output.textures_delta;
        textures.clear();
        elapsed
    }

    /// Whether the window has asked for a frame that is due now, as the
    /// real window's event loop would run one: after a frame asked for
    /// another, or when a background job finished.
    pub fn frame_is_due(&self) -> bool {
        self.frame_due
            .lock()
            .ok()
            .and_then(|due| *due)
            .is_some_and(|at| at <= Instant::now())
    }

    /// How soon the last frame asked for the next one: zero for "at once",
    /// `Duration::MAX` for "only when something happens".
    pub fn repaint_after(&self) -> Duration {
        self.repaint_after
    }

    /// Keeps suggestion jobs from working (they wait once they have recorded
    /// the annotations, and can still be cancelled) so a test can look at
    /// the window while one runs.
    pub fn hold_suggestion_jobs(&mut self, held: bool) {
        self.app.suggestions.hold_jobs(held);
    }

    /// The cancellation flag of the suggestion job in flight.
    pub fn suggestion_job_in_flight(&self) -> Option<crate::formats::suggestions::Cancel> {
        self.app.suggestions.job_in_flight()
    }

    /// Selects the first word on screen that is not yet an entity, as a
    /// user's drag would.
    pub fn select_visible_word(&mut self) -> bool {
        let Some((start, end)) = self.first_visible_word() else {
            return false;
        };
        self.app.perform(Action::SelectText { start, end });
        true
    }

    /// Labels the selection, as the label's hotkey would; true if an entity
    /// was made.
    pub fn label_selection(&mut self, label: &str) -> bool {
        self.app.perform(Action::ApplyLabel(label.to_owned()));
        matches!(self.app.selection(), Selection::Entity(_))
    }

    fn first_visible_word(&self) -> Option<(usize, usize)> {
        let open = self.app.workspace()?.current_document()?;
        let document = open.document();
        let view = self.app.document_view();
        view.painted_paragraphs()
            .flatten()
            .filter(|&offset| view.char_rect(offset).is_some())
            .find_map(|offset| {
                let (start, end) = crate::text::word_at(document, offset)?;
                let taken = open
                    .set()
                    .entities_overlapping(start, end)
                    .any(|e| e.start == start && e.end == end);
                (!taken && view.char_rect(end.saturating_sub(1)).is_some()).then_some((start, end))
            })
    }
}
