//! The application: owns the state, draws the panels, runs the actions.

use std::path::PathBuf;

use super::actions::Action;
use super::dialogs::{Dialogs, RelationChoice};
use super::document_view::{DocumentView, Selection};
use super::find::FindBar;
use super::review::{Mode, ReviewState};
use super::settings::{Settings, SettingsStore};
use super::settings_writer::SettingsWriter;
use super::store::DraftField;
use super::tasks::Task;
use super::workspace::{SaveState, Workspace};
use crate::annotations::{Edit, Status};
use crate::project::{Project, check_annotator_name};

/// A project folder opened in the background, ready to be shown.
struct OpenedProject {
    dir: PathBuf,
    workspace: Workspace,
    review: ReviewState,
}

/// The open under way; if it fails, the workspace it was to replace comes
/// back with the reason.
type OpeningTask = Task<Result<Box<OpenedProject>, (String, Option<Box<Workspace>>)>>;

/// How the window starts.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    pub project_dir: Option<PathBuf>,
    /// Overrides the remembered annotator name.
    pub annotator: Option<String>,
    pub settings: SettingsStore,
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

pub struct SpanwrightApp {
    pub(super) settings: Settings,
    settings_writer: SettingsWriter,
    pub(super) workspace: Option<Workspace>,
    pub(super) view: DocumentView,
    pub(super) selection: Selection,
    pub(super) relation_head: Option<String>,
    pub(super) find: FindBar,
    pub(super) dialogs: Dialogs,
    pub(super) notice: Option<Notice>,
    pub(super) corpus_filter: String,
    pub(super) suggestions: super::suggestions::Suggestions,
    pub(super) model_assist: super::model_assist::ModelAssist,
    pub(super) transfer: Option<super::transfer::TransferDialog>,
    pub(super) reanchor: Option<super::reanchor_dialog::ReanchorDialog>,
    /// The re-anchoring plan being worked out.
    pub(super) reanchor_planning: Option<Task<Result<Option<crate::reanchor::DocumentReanchor>, String>>>,
    pub(super) review: ReviewState,
    pub(super) ctx: egui::Context,
    /// The annotator's name, once known; edits wait for it.
    annotator_name: Option<String>,
    quit_confirmed: bool,
    frame_times: Option<super::frame_times::FrameTimes>,
    /// Quitting waits for these saves to finish.
    closing: bool,
    /// A project to open once the open one's saves are in.
    pending_open: Option<(PathBuf, Option<String>)>,
    /// A project folder being opened in the background.
    opening: Option<OpeningTask>,
    /// An export or import asked for waits for saves to finish.
    pub(super) transfer_waits_for_saves: bool,
    /// The export waiting for saves was confirmed although it holds no entity.
    pub(super) transfer_even_if_empty: bool,
    /// What was shown and selected when drafts were last committed: drafts
    /// are committed when either changes.
    draft_anchor: Option<(Option<super::store::DocKey>, Selection, Mode)>,
}

impl SpanwrightApp {
    pub fn new(ctx: &egui::Context, options: AppOptions) -> Self {
        // A blinking cursor repaints the window twice a second for as long as a field has focus.
        ctx.all_styles_mut(|style| style.visuals.text_cursor.blink = false);
        ctx.set_fonts(bundled_fonts());
        let (settings, settings_problem) = options.settings.load();
        super::settings::apply_appearance(ctx, &settings);
        let mut view = DocumentView::default();
        view.font_size = settings.font_size;
        let mut app = Self {
            view,
            settings,
            settings_writer: SettingsWriter::new(options.settings),
            workspace: None,
            selection: Selection::Nothing,
            relation_head: None,
            find: FindBar::default(),
            dialogs: Dialogs::default(),
            notice: settings_problem.map(|text| Notice { text, is_error: true }),
            corpus_filter: String::new(),
            suggestions: super::suggestions::Suggestions::default(),
            model_assist: super::model_assist::ModelAssist::new(),
            transfer: None,
            reanchor: None,
            reanchor_planning: None,
            review: ReviewState::default(),
            ctx: ctx.clone(),
            annotator_name: None,
            quit_confirmed: false,
            frame_times: None,
            closing: false,
            transfer_waits_for_saves: false,
            transfer_even_if_empty: false,
            pending_open: None,
            opening: None,
            draft_anchor: None,
        };
        match super::frame_times::FrameTimes::requested() {
            Some(Ok(frame_times)) => app.frame_times = Some(frame_times),
            Some(Err(err)) => app.notify_error(err),
            None => {}
        }
        let annotator = options.annotator.or_else(|| app.settings.annotator.clone());
        match annotator {
            Some(name) => match check_annotator_name(&name) {
                Ok(()) => app.annotator_name = Some(name),
                Err(err) => {
                    app.notify_error(err.to_string());
                    app.dialogs.ask_annotator = true;
                }
            },
            None => app.dialogs.ask_annotator = true,
        }
        if let Some(dir) = options.project_dir {
            app.open_project(dir);
        }
        app
    }

    /// A project folder is being read in the background.
    pub fn is_opening_project(&self) -> bool {
        self.opening.is_some()
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
    }

    /// The view preferences in force (remembered between runs).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// What the window is for at the moment.
    pub fn mode(&self) -> Mode {
        self.review.mode
    }

    /// Who annotates; `None` until the name is known.
    pub fn annotator(&self) -> Option<&str> {
        self.annotator_name.as_deref()
    }

    pub(super) fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: false,
        });
    }

    pub(super) fn notify_error(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: true,
        });
    }

    pub(super) fn open_project(&mut self, dir: PathBuf) {
        self.open_project_at(dir, None);
    }

    /// Opens `dir` showing `document` (or the first document).
    pub(super) fn open_project_at(&mut self, dir: PathBuf, document: Option<String>) {
        self.commit_drafts();
        if self.has_unsaved_edits() || self.is_saving() {
            // The documents in memory go with the old workspace: it is
            // opened once they are saved.
            self.start_saves(true);
            self.notify(format!("Saving before opening {}…", dir.display()));
            self.pending_open = Some((dir, document));
            return;
        }
        if self.opening.is_some() {
            // The workspace being replaced is with the open under way.
            self.pending_open = Some((dir, document));
            return;
        }
        self.pending_open = None;
        let old = self.workspace.take().map(Box::new);
        let annotator = self.annotator().unwrap_or_default().to_owned();
        let remembered = self.settings.last_document(&dir).map(str::to_owned);
        let ctx = self.ctx.clone();
        if self.notice.as_ref().is_none_or(|n| !n.is_error) {
            self.notify(format!("Opening {}…", dir.display()));
        }
        self.opening = Some(Task::spawn("open-project", Some(&self.ctx), move || {
            let project = match Project::open(&dir) {
                Ok(project) => project,
                Err(err) => return Err((err.to_string(), old)),
            };
            // The old workspace lets go of its lock before the new one takes it.
            drop(old);
            let shown = document
                .or(remembered)
                .filter(|id| project.document(id).is_some())
                .or_else(|| project.documents().first().map(|d| d.id.clone()));
            let mut workspace = Workspace::new(project, annotator, Some(ctx.clone()));
            if let Some(shown) = shown {
                workspace.show(&shown, Some(&ctx));
            }
            let review = ReviewState::for_project(&workspace.project);
            Ok(Box::new(OpenedProject { dir, workspace, review }))
        }));
    }

    /// Takes in the project opened in the background: its workspace
    /// replaces the old one, or the old one comes back if it failed.
    fn receive_opened_project(&mut self) {
        let Some(task) = self.opening.take() else {
            return;
        };
        let opened = match task.try_take() {
            Ok(opened) => opened,
            Err(task) => {
                self.opening = Some(task);
                return;
            }
        };
        let OpenedProject { dir, workspace, review } = match opened {
            Err(stopped) => {
                // The workspace it was to replace went with it; it had no
                // unsaved edits (an open waits for them to be saved).
                self.notify_error(format!("Cannot open the project: {stopped}"));
                return;
            }
            Ok(Ok(opened)) => *opened,
            Ok(Err((err, old))) => {
                self.workspace = old.map(|w| *w);
                self.notify_error(err);
                return;
            }
        };
        self.settings.remember_project(&dir);
        self.persist_settings();
        self.suggestions
            .start_project(&workspace.project, &workspace.annotator, Some(self.ctx.clone()));
        let count = workspace.project.documents().len();
        let lock_notice = workspace.lock_notice.clone();
        self.review = review;
        self.workspace = Some(workspace);
        self.selection = Selection::Nothing;
        self.relation_head = None;
        self.find.clear_matches();
        if let Some(lock_notice) = lock_notice {
            self.notify(lock_notice);
        } else if self.notice.as_ref().is_none_or(|n| !n.is_error) {
            self.notify(format!("Opened {} ({count} documents)", dir.display()));
        }
    }

    pub(super) fn persist_settings(&mut self) {
        if let Err(err) = self.settings_writer.save(&self.settings, &self.ctx) {
            self.notify_error(err);
        }
    }

    /// Starts background saves: of every changed document when `force`,
    /// else of those whose autosave clock is due.
    pub(super) fn start_saves(&mut self, force: bool) {
        if let Some(workspace) = self.workspace.as_mut() {
            workspace.store.start_saves(Some(&self.ctx), force);
        }
    }

    /// Edits (or drafts) not yet on disk, in any document of any mode.
    pub fn has_unsaved_edits(&self) -> bool {
        self.workspace.as_ref().is_some_and(|w| w.store.has_unsaved_edits())
    }

    /// Saves that are under way.
    pub fn is_saving(&self) -> bool {
        self.workspace.as_ref().is_some_and(|w| w.store.is_saving())
    }

    /// Background work the window is waiting for: documents loading, saves.
    pub fn is_busy(&self) -> bool {
        self.is_saving()
            || self.closing
            || self.review.compare_loading.is_some()
            || self.transfer_waits_for_saves
            || self.pending_open.is_some()
            || self.opening.is_some()
            || self.review.is_reading_annotators()
            || self.reanchor_busy()
            || self.workspace.as_ref().is_some_and(|w| w.store.is_loading_any())
    }

    /// Asks for a frame when the next autosave or retry is due, so that an
    /// idle window sleeps until then.
    pub(super) fn schedule_autosave(&self) {
        if let Some(due_in) = self.workspace.as_ref().and_then(|w| w.store.next_due_in()) {
            self.ctx.request_repaint_after(due_in);
        }
    }

    fn receive_saves(&mut self) {
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        let reports = workspace.store.receive_saves();
        if reports.is_empty() {
            return;
        }
        let failed = reports.iter().rev().find_map(|r| r.result.as_ref().err().cloned());
        if let Some(error) = failed {
            self.notify_error(format!("Not saved: {error}. Your edits are kept in memory."));
        }
        self.review_note_saved();
    }

    /// The save state of the document on screen, for the status bar.
    pub fn save_state(&self) -> Option<SaveState> {
        let key = self.shown_key()?;
        self.workspace.as_ref()?.store.save_state(&key)
    }

    /// Applies an edit of entities or relations to the document on screen,
    /// where the mode allows such edits.
    pub(super) fn apply_edit(&mut self, edit: Edit) -> bool {
        if !self.review.mode.allows_annotation_edits() {
            self.notify_error(format!(
                "{} mode does not change annotations: switch to Annotate (Ctrl+1) or Curate (Ctrl+4)",
                self.review.mode.title()
            ));
            return false;
        }
        self.apply_shown_edit(edit)
    }

    /// Applies any edit to the document on screen, whatever the mode.
    pub(super) fn apply_shown_edit(&mut self, edit: Edit) -> bool {
        let description = edit.describe();
        match self.apply_to_shown(edit) {
            Ok(true) => {
                self.notice = None;
                self.schedule_autosave();
                true
            }
            Ok(false) => false,
            Err(err) => {
                self.notify_error(format!("Cannot {description}: {err}"));
                false
            }
        }
    }

    /// Applies `edit` to the shown document through the store; `Ok(false)`
    /// when nothing is shown. The annotator's first edit takes the lock on
    /// their files, and the first edit of a `todo` document in a mode that
    /// annotates makes it `in_progress` in the same step.
    pub(super) fn apply_to_shown(&mut self, edit: Edit) -> Result<bool, crate::annotations::EditError> {
        let Some(key) = self.shown_key() else {
            return Ok(false);
        };
        let start_work = self.review.mode.allows_annotation_edits();
        let Some(workspace) = self.workspace.as_mut() else {
            return Ok(false);
        };
        if key.annotator == workspace.annotator {
            workspace.ready_to_edit();
        }
        let Workspace { store, project, .. } = workspace;
        store.apply(&key, edit, project.schema(), start_work)
    }

    /// Undoes (or redoes) the last step of the shown document; `None` when
    /// there is nothing to undo.
    pub(super) fn undo_shown(&mut self, undo: bool) -> Option<Result<Edit, crate::annotations::EditError>> {
        if self.review.mode == Mode::Compare {
            return None;
        }
        let key = self.shown_key()?;
        let Workspace { store, project, .. } = self.workspace.as_mut()?;
        store.undo(&key, undo, project.schema())
    }

    pub(super) fn run_actions(&mut self, actions: Vec<Action>) {
        for action in actions {
            self.run_action(action);
        }
    }

    fn logic_pass(&mut self) {
        self.receive_opened_project();
        self.receive_known_annotators();
        self.poll_reanchor();
        if let Some(err) = self.settings_writer.poll(&self.ctx) {
            self.notify_error(err);
        }
        self.receive_saves();
        if let Some(workspace) = self.workspace.as_mut() {
            workspace.receive_summaries();
            let mut current_arrived = false;
            for key in workspace.store.receive_loaded() {
                if Some(key.doc_id.as_str()) != workspace.current.as_deref() {
                    continue;
                }
                current_arrived = true;
                if let Some(error) = workspace.store.open_error(&key) {
                    self.notice = Some(Notice {
                        text: error.to_owned(),
                        is_error: true,
                    });
                }
            }
            if current_arrived {
                self.refresh_find();
            }
        }
        if let Some(workspace) = &self.workspace
            && let Some(open) = workspace.current_document()
        {
            let busy = self.suggestions.is_working();
            if self
                .model_assist
                .poll(&workspace.project, open, &workspace.annotator, &self.ctx, busy)
            {
                self.suggestions.request_refresh();
            }
            self.suggestions
                .refresh(&workspace.project, open, &workspace.annotator, &self.ctx);
        }
        match self.model_assist.take_training_notice() {
            Some((message, true)) => self.notify_error(message),
            Some((message, false)) => self.notify(message),
            None => {}
        }
        self.start_waiting_transfer();
        self.open_waiting_project();
        self.poll_transfer();
        self.prepare_review();
        self.select_pending_finding();
        if self
            .workspace
            .as_ref()
            .is_some_and(|w| w.store.drafts_due(std::time::Instant::now()))
        {
            self.commit_drafts();
        }
        self.start_saves(false);
        self.finish_closing();
        self.schedule_autosave();
    }

    fn handle_close_request(&mut self) {
        let close_requested = self.ctx.input(|i| i.viewport().close_requested());
        if !close_requested || self.quit_confirmed {
            return;
        }
        self.ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        self.quit();
    }

    /// Quits once everything is saved: drafts are committed and every
    /// changed document saved in the background; the window closes when the
    /// saves are in, or asks when some failed.
    pub(super) fn quit(&mut self) {
        self.commit_drafts();
        self.start_saves(true);
        self.closing = true;
        self.finish_closing();
    }

    fn finish_closing(&mut self) {
        // The settings too: the last document shown, the panel's width.
        if !self.closing || self.is_saving() || self.settings_writer.is_writing() {
            return;
        }
        self.closing = false;
        if self.has_unsaved_edits() {
            self.dialogs.confirm_quit = true;
        } else {
            self.quit_confirmed = true;
            self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Opens the project asked for once the open one's saves are in; if
    /// some failed, the open one stays so that nothing is lost.
    fn open_waiting_project(&mut self) {
        if self.pending_open.is_none() || self.is_saving() || self.opening.is_some() {
            return;
        }
        let Some((dir, document)) = self.pending_open.take() else {
            return;
        };
        if self.has_unsaved_edits() {
            self.notify_error(format!(
                "Not opening {}: some annotations here could not be saved (see the status bar)",
                dir.display()
            ));
        } else {
            self.open_project_at(dir, document);
        }
    }

    /// Whether the window is saving before it closes.
    pub fn is_closing(&self) -> bool {
        self.closing
    }

    pub(super) fn quit_discarding(&mut self) {
        self.quit_confirmed = true;
        self.dialogs.confirm_quit = false;
        self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// The draft typed for `field` of the document on screen, if any.
    pub fn draft(&self, field: &DraftField) -> Option<&str> {
        let key = self.shown_key()?;
        self.workspace.as_ref()?.store.draft(&key, field)
    }

    pub(super) fn set_draft(&mut self, field: DraftField, text: String) {
        if let (Some(key), Some(workspace)) = (self.shown_key(), self.workspace.as_mut()) {
            workspace.store.set_draft(&key, field, text);
        }
    }

    /// Turns every typed draft into an edit of the document it was typed
    /// in (whichever is shown now).
    pub(super) fn commit_drafts(&mut self) {
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        let schema = workspace.project.schema().clone();
        for (key, field, text) in workspace.store.take_drafts() {
            let Some(set) = workspace.store.document(&key).map(|d| d.set()) else {
                continue;
            };
            let note = (!text.trim().is_empty()).then_some(text);
            let edit = match &field {
                DraftField::EntityNote(id) => set.change_entity_edit(id, |e| e.note = note),
                DraftField::RelationNote(id) => set.change_relation_edit(id, |r| r.note = note),
            };
            let Some(edit) = edit else { continue };
            if key.annotator == workspace.annotator && !workspace.ready_to_edit() {
                self.notice = Some(Notice {
                    text: format!(
                        "Note not saved: {}",
                        workspace.held_elsewhere.clone().unwrap_or_default()
                    ),
                    is_error: true,
                });
                continue;
            }
            let start_work = self.review.mode.allows_annotation_edits();
            if let Err(err) = workspace.store.apply(&key, edit, &schema, start_work) {
                self.notice = Some(Notice {
                    text: format!("Cannot keep the note: {err}"),
                    is_error: true,
                });
            }
        }
        self.schedule_autosave();
    }

    /// Commits drafts when the document, the selection or the mode changed
    /// since the last look.
    pub(super) fn commit_drafts_if_moved(&mut self) {
        let anchor = Some((self.shown_key(), self.selection.clone(), self.review.mode));
        if anchor != self.draft_anchor {
            self.commit_drafts();
            self.draft_anchor = anchor;
        }
    }

    pub(super) fn set_annotator(&mut self, name: String) {
        if let Err(err) = check_annotator_name(&name) {
            self.notify_error(err.to_string());
            return;
        }
        self.settings.annotator = Some(name.clone());
        self.persist_settings();
        self.dialogs.ask_annotator = false;
        self.annotator_name = Some(name.clone());
        if let Some(workspace) = &self.workspace
            && workspace.annotator != name
        {
            let root = workspace.project.root().to_path_buf();
            self.open_project(root);
        }
    }

    pub(super) fn mark_status(&mut self, status: Status) {
        if self.review.mode == Mode::Compare {
            self.notify_error("Compare mode changes nothing: switch to another mode to set a status");
            return;
        }
        let edit = self.shown_document().and_then(|d| d.set().set_status_edit(status));
        if let Some(edit) = edit {
            self.apply_shown_edit(edit);
        }
    }

    pub(super) fn choose_relation(&mut self, head: String, tail: String) {
        let Some(open) = super::review::shown_in(self.workspace.as_ref(), &self.review) else {
            return;
        };
        let schema = self.workspace.as_ref().map(|w| w.project.schema());
        let (Some(schema), Some(head_entity), Some(tail_entity)) =
            (schema, open.set().entity(&head), open.set().entity(&tail))
        else {
            return;
        };
        let allowed: Vec<String> = schema
            .relations_between(&head_entity.label, &tail_entity.label)
            .iter()
            .map(|r| r.name.clone())
            .collect();
        self.relation_head = None;
        match allowed.as_slice() {
            [] => self.notify_error(format!(
                "No relation type allows {} → {}",
                head_entity.label, tail_entity.label
            )),
            [only] => {
                let label = only.clone();
                self.run_action(Action::CreateRelation { label, head, tail });
            }
            _ => {
                self.dialogs.relation_choice = Some(RelationChoice {
                    head,
                    tail,
                    head_label: head_entity.label.clone(),
                    tail_label: tail_entity.label.clone(),
                    allowed,
                });
            }
        }
    }
}

/// egui's fonts with emoji and Hack as fallbacks, so that texts with emoji,
/// arrows and symbols render without any system font.
fn bundled_fonts() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    if let Some(proportional) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        proportional.push("Hack".to_owned());
    }
    fonts
}

impl eframe::App for SpanwrightApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(frame_times) = self.frame_times.as_mut() {
            frame_times.begin();
        }
        self.frame_logic();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
        if let Some(frame_times) = self.frame_times.as_mut() {
            frame_times.end();
        }
    }

    fn on_exit(&mut self) {
        // The window is gone: saves still under way are waited for so that
        // the process does not end in the middle of one.
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.is_saving() && std::time::Instant::now() < give_up {
            std::thread::sleep(std::time::Duration::from_millis(5));
            self.receive_saves();
        }
    }
}

impl SpanwrightApp {
    /// One frame of the window's contents; `eframe::App::ui` and the
    /// headless renderer both call it.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let mut actions = super::keyboard::shortcut_actions(ui.ctx(), self);
        actions.extend(
            super::drop_target::dropped_folders(ui.ctx())
                .into_iter()
                .map(Action::OpenProject),
        );
        super::menu_bar::ui(ui, self, &mut actions);
        super::review::toolbar::ui(ui, self, &mut actions);
        super::status_bar::ui(ui, self, &mut actions);
        super::corpus_panel::ui(ui, self, &mut actions);
        super::side_panel::ui(ui, self, &mut actions);
        super::central::ui(ui, self, &mut actions);
        super::dialogs::ui(ui.ctx(), self, &mut actions);
        super::tool_windows::ui(ui.ctx(), self, &mut actions);
        let project = self.workspace.as_ref().map(|w| &w.project);
        let document = self.workspace.as_ref().and_then(|w| w.current_document());
        let annotator = self.workspace.as_ref().map_or("", |w| w.annotator.as_str());
        if let Some(edit) = self.model_assist.window_ui(ui.ctx(), project, document, annotator) {
            self.apply_edit(edit);
        }
        super::review::agreement_window::ui(ui.ctx(), self, &mut actions);
        super::review::qa_window::ui(ui.ctx(), self, &mut actions);
        let acted = !actions.is_empty();
        self.run_actions(actions);
        if acted {
            // The actions ran after this frame was drawn: draw their result
            // now, not at the next input event (a new relation's lane would
            // otherwise push the rows below it down only then).
            ui.ctx().request_repaint();
        }
        self.commit_drafts_if_moved();
        super::probe::flush(ui.ctx(), self, acted);
        super::keyboard::end_frame(ui.ctx());
    }

    /// Work done between frames: finished saves, summaries, autosave.
    pub fn frame_logic(&mut self) {
        self.logic_pass();
        self.handle_close_request();
    }

    /// Runs one action as if the user had asked for it.
    pub fn perform(&mut self, action: Action) {
        self.run_action(action);
    }

    pub fn document_view_mut(&mut self) -> &mut super::document_view::DocumentView {
        &mut self.view
    }

    /// Suggestions are still being worked out for the document on screen.
    pub fn suggestions_working(&self) -> bool {
        self.suggestions.is_working()
    }

    /// Whether suggestions are drawn at all (View › Show suggestions).
    pub fn suggestions_visible(&self) -> bool {
        self.suggestions.show
    }

    /// The suggestions offered for the document on screen.
    pub fn suggestions_shown(&self) -> &[crate::formats::suggestions::Suggestion] {
        self.suggestions.list()
    }

    pub fn document_view(&self) -> &super::document_view::DocumentView {
        &self.view
    }

    /// Where code point `offset` of the current document was drawn in the
    /// last frame, if it is on screen.
    pub fn char_rect(&self, offset: usize) -> Option<egui::Rect> {
        self.view.char_rect(offset)
    }
}
