//! The application: owns the state, draws the panels, runs the actions.

use std::path::PathBuf;
use std::time::Instant;

use super::actions::Action;
use super::commands::Command;
use super::dialogs::{Dialogs, RelationChoice};
use super::document_view::{DocumentView, Selection};
use super::find::FindBar;
use super::review::{Mode, ReviewState};
use super::saver::Saver;
use super::settings::{Settings, SettingsStore};
use super::workspace::{AUTOSAVE_DELAY, SaveState, Workspace};
use crate::annotations::{Edit, Status};
use crate::project::{Project, check_annotator_name};

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
    settings_store: SettingsStore,
    pub(super) workspace: Option<Workspace>,
    pub(super) view: DocumentView,
    pub(super) selection: Selection,
    pub(super) relation_head: Option<String>,
    pub(super) find: FindBar,
    pub(super) dialogs: Dialogs,
    pub(super) notice: Option<Notice>,
    pub(super) corpus_filter: String,
    pub(super) suggestions: super::suggestions::Suggestions,
    pub(super) transfer: Option<super::transfer::TransferDialog>,
    pub(super) reanchor: Option<super::reanchor_dialog::ReanchorDialog>,
    pub(super) review: ReviewState,
    saver: Saver,
    pub(super) ctx: egui::Context,
    /// The annotator's name, once known; edits wait for it.
    annotator_name: Option<String>,
    quit_confirmed: bool,
}

impl SpanwrightApp {
    pub fn new(ctx: &egui::Context, options: AppOptions) -> Self {
        ctx.set_fonts(bundled_fonts());
        let (settings, settings_problem) = options.settings.load();
        super::settings::apply_appearance(ctx, &settings);
        let mut view = DocumentView::default();
        view.font_size = settings.font_size;
        let mut app = Self {
            view,
            settings,
            settings_store: options.settings,
            workspace: None,
            selection: Selection::Nothing,
            relation_head: None,
            find: FindBar::default(),
            dialogs: Dialogs::default(),
            notice: settings_problem.map(|text| Notice { text, is_error: true }),
            corpus_filter: String::new(),
            suggestions: super::suggestions::Suggestions::default(),
            transfer: None,
            reanchor: None,
            review: ReviewState::default(),
            saver: Saver::start(Some(ctx.clone())),
            ctx: ctx.clone(),
            annotator_name: None,
            quit_confirmed: false,
        };
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

    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
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
        if self.has_unsaved_edits() {
            self.save_all_now();
        }
        match Project::open(&dir) {
            Ok(project) => {
                // The old workspace lets go of its lock before the new one takes it.
                self.workspace = None;
                self.settings.remember_project(&dir);
                self.persist_settings();
                let annotator = self.annotator().unwrap_or_default().to_owned();
                let shown = document
                    .or_else(|| self.settings.last_document(&dir).map(str::to_owned))
                    .filter(|id| project.document(id).is_some())
                    .or_else(|| project.documents().first().map(|d| d.id.clone()));
                let count = project.documents().len();
                self.suggestions
                    .start_project(&project, &annotator, Some(self.ctx.clone()));
                let mut workspace = Workspace::new(project, annotator, Some(self.ctx.clone()));
                if let Some(shown) = shown
                    && let Err(err) = workspace.show(&shown)
                {
                    self.notify_error(err);
                }
                let lock_notice = workspace.lock_notice.clone();
                self.review = ReviewState::for_project(&workspace.project);
                self.workspace = Some(workspace);
                if let Some(lock_notice) = lock_notice {
                    self.notify(lock_notice);
                }
                self.selection = Selection::Nothing;
                self.relation_head = None;
                self.find.clear_matches();
                if self.notice.as_ref().is_none_or(|n| !n.is_error) {
                    self.notify(format!("Opened {} ({count} documents)", dir.display()));
                }
            }
            Err(err) => self.notify_error(err.to_string()),
        }
    }

    pub(super) fn persist_settings(&mut self) {
        if let Err(err) = self.settings_store.save(&self.settings) {
            self.notify_error(err);
        }
    }

    /// Saves every changed document on this thread and waits for queued
    /// saves: used before quitting or switching projects.
    pub fn save_all_now(&mut self) {
        let finished = self.saver.wait_all();
        self.record_save_results(finished);
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        let mut results = Vec::new();
        for doc_id in workspace.dirty_documents() {
            if let Some(open) = workspace.document_mut(&doc_id) {
                results.push((doc_id, open.save_now()));
            }
        }
        results.extend(self.review.save_all_now());
        let wrote = !results.is_empty();
        for (key, result) in results {
            match result {
                Ok(_) => {
                    workspace.save_errors.remove(&key);
                }
                Err(err) => {
                    workspace.save_errors.insert(key, err.to_string());
                }
            }
        }
        if wrote {
            self.review_note_saved();
        }
    }

    /// Edits not yet on disk, in any document of any mode.
    pub fn has_unsaved_edits(&self) -> bool {
        self.workspace.as_ref().is_some_and(Workspace::has_unsaved_edits) || self.review.has_unsaved_edits()
    }

    /// Queues saves for documents whose last edit is old enough (or all, when
    /// `now` is set).
    fn autosave(&mut self, force: bool) {
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        let due = force || workspace.last_edit.is_some_and(|t| t.elapsed() >= AUTOSAVE_DELAY);
        if !due {
            if let Some(last) = workspace.last_edit {
                self.ctx
                    .request_repaint_after(AUTOSAVE_DELAY.saturating_sub(last.elapsed()));
            }
            return;
        }
        let mut immediate = Vec::new();
        for doc_id in workspace.dirty_documents() {
            if self.saver.is_saving(&doc_id) {
                continue;
            }
            if let Some(job) = workspace.document_mut(&doc_id).and_then(|d| d.save_job())
                && let Some(result) = self.saver.submit(doc_id, job)
            {
                immediate.push(result);
            }
        }
        for (key, job) in self.review.save_jobs(|key| self.saver.is_saving(key)) {
            if let Some(result) = self.saver.submit(key, job) {
                immediate.push(result);
            }
        }
        workspace.last_edit = None;
        self.record_save_results(immediate);
    }

    fn record_save_results(&mut self, results: Vec<super::saver::SaveResult>) {
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        let mut errors = Vec::new();
        let wrote = !results.is_empty();
        for result in results {
            if let Some(open) = workspace.document_mut(&result.doc_id) {
                open.finish_save(&result.job, &result.outcome);
            } else {
                self.review.finish_save(&result.doc_id, &result.job, &result.outcome);
            }
            match result.outcome {
                Ok(_) => {
                    workspace.save_errors.remove(&result.doc_id);
                }
                Err(err) => {
                    let message = format!("Not saved: {err}. Your edits are kept in memory.");
                    workspace.save_errors.insert(result.doc_id.clone(), message.clone());
                    errors.push(message);
                }
            }
        }
        if let Some(last) = errors.pop() {
            self.notify_error(last);
        }
        if wrote {
            self.review_note_saved();
        }
    }

    /// The save state of the document on screen, for the status bar.
    pub fn save_state(&self) -> Option<SaveState> {
        let workspace = self.workspace.as_ref()?;
        if let Some(key) = self.shown_save_key() {
            let shown = self.shown_document()?;
            return Some(match workspace.save_errors.get(&key) {
                Some(error) => SaveState::Failed(error.clone()),
                None if self.saver.is_saving(&key) => SaveState::Saving,
                None if shown.is_dirty() => SaveState::Unsaved,
                None => SaveState::Saved,
            });
        }
        let current = workspace.current.as_deref()?;
        Some(workspace.save_state(current, self.saver.is_saving(current)))
    }

    pub fn is_saving(&self) -> bool {
        self.saver.any_in_flight()
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
            Ok(()) => {
                if let Some(workspace) = self.workspace.as_mut() {
                    workspace.last_edit = Some(Instant::now());
                }
                self.notice = None;
                self.ctx.request_repaint_after(AUTOSAVE_DELAY);
                true
            }
            Err(err) => {
                self.notify_error(format!("Cannot {description}: {err}"));
                false
            }
        }
    }

    pub(super) fn run_actions(&mut self, actions: Vec<Action>) {
        for action in actions {
            self.run_action(action);
        }
    }

    fn logic_pass(&mut self) {
        let finished = self.saver.finished();
        self.record_save_results(finished);
        if let Some(workspace) = self.workspace.as_mut() {
            workspace.receive_summaries();
        }
        if let Some(workspace) = &self.workspace
            && let Some(open) = workspace.current_document()
        {
            self.suggestions
                .refresh(&workspace.project, open, &workspace.annotator, &self.ctx);
        }
        self.poll_transfer();
        self.prepare_review();
        self.autosave(false);
    }

    fn handle_close_request(&mut self) {
        let close_requested = self.ctx.input(|i| i.viewport().close_requested());
        if !close_requested || self.quit_confirmed {
            return;
        }
        self.autosave(true);
        let finished = self.saver.wait_all();
        self.record_save_results(finished);
        if self.has_unsaved_edits() {
            self.ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialogs.confirm_quit = true;
        }
    }

    pub(super) fn quit(&mut self) {
        self.autosave(true);
        let finished = self.saver.wait_all();
        self.record_save_results(finished);
        if self.has_unsaved_edits() {
            self.dialogs.confirm_quit = true;
        } else {
            self.quit_confirmed = true;
            self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    pub(super) fn quit_discarding(&mut self) {
        self.quit_confirmed = true;
        self.dialogs.confirm_quit = false;
        self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
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
        self.frame_logic();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn on_exit(&mut self) {
        self.save_all_now();
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
        super::review::agreement_window::ui(ui.ctx(), self, &mut actions);
        super::review::qa_window::ui(ui.ctx(), self, &mut actions);
        self.run_actions(actions);
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

impl Command {
    /// Whether the command can run in the current state (greys out menus).
    pub fn is_enabled(self, app: &SpanwrightApp) -> bool {
        let document = app.shown_document();
        let mode = app.review.mode;
        let writable = mode != Mode::Compare && document.is_some_and(|d| d.read_only_reason().is_none());
        let editable = writable && mode.allows_annotation_edits();
        match self {
            Self::Undo => writable && document.is_some_and(|d| d.history().can_undo()),
            Self::Redo => writable && document.is_some_and(|d| d.history().can_redo()),
            Self::DeleteSelection => editable && matches!(app.selection, Selection::Entity(_) | Selection::Relation(_)),
            Self::StartRelation
            | Self::MoveStartLeft
            | Self::MoveStartRight
            | Self::MoveEndLeft
            | Self::MoveEndRight => editable && matches!(app.selection, Selection::Entity(_)),
            Self::MarkDone => editable,
            Self::LabelAllOccurrences => editable && matches!(app.selection, Selection::Entity(_)),
            Self::AcceptSuggestions => editable && !app.suggestions.list().is_empty(),
            Self::Save | Self::Export | Self::Import => app.workspace.is_some(),
            Self::NextDocument
            | Self::PreviousDocument
            | Self::NextUnfinishedDocument
            | Self::Find
            | Self::SelectNextEntity
            | Self::SelectPreviousEntity => document.is_some(),
            Self::OpenFolder
            | Self::Quit
            | Self::Cancel
            | Self::ToggleRelations
            | Self::ToggleSuggestions
            | Self::ShowShortcuts
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::CycleTheme
            | Self::ToggleCompactView => true,
            Self::ModeAnnotate
            | Self::ModeReview
            | Self::ModeCompare
            | Self::ModeCurate
            | Self::ShowAgreement
            | Self::ShowQa
            | Self::NextDisagreement
            | Self::PreviousDisagreement
            | Self::MarkReviewed => app.review_command_enabled(self),
        }
    }
}
