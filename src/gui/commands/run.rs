//! What each command does and when it can run, beside the [`Command`] enum.

use super::Command;
use crate::annotations::Status;
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::gui::document_view::Selection;
use crate::gui::review::Mode;

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
            Self::ModelBackends => true,
            Self::NextDocument
            | Self::PreviousDocument
            | Self::NextUnfinishedDocument
            | Self::Find
            | Self::SelectNextEntity
            | Self::SelectPreviousEntity => document.is_some(),
            Self::FindNext => app.find.open && document.is_some(),
            Self::OpenFolder
            | Self::ChooseAnnotator
            | Self::Quit
            | Self::Cancel
            | Self::ToggleRelations
            | Self::ToggleSuggestions
            | Self::ShowShortcuts
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::CycleTheme
            | Self::ToggleCompactView
            | Self::ToggleSentenceView => true,
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

impl SpanwrightApp {
    /// Runs `command` if it can run now.
    pub(in crate::gui) fn run_command(&mut self, command: Command) {
        if !command.is_enabled(self) {
            return;
        }
        match command {
            Command::OpenFolder => self
                .dialogs
                .start_open_folder(self.workspace.as_ref().map(|w| w.project.root())),
            Command::Save => {
                self.commit_drafts();
                self.start_saves(true);
                let failed = self
                    .workspace
                    .as_ref()
                    .and_then(|w| w.store.save_errors().first().cloned());
                match failed {
                    Some(error) => self.notify_error(format!("Saving again; the last save failed: {error}")),
                    None if self.is_saving() => self.notify("Saving…"),
                    None => self.notify("All annotations saved"),
                }
            }
            Command::ChooseAnnotator => {
                self.dialogs.ask_annotator = true;
                self.dialogs.annotator_focus_given = false;
            }
            Command::Quit => self.quit(),
            Command::Undo | Command::Redo => self.undo_redo(command == Command::Undo),
            Command::DeleteSelection => match self.selection.clone() {
                Selection::Entity(id) => self.run_action(Action::DeleteEntity(id)),
                Selection::Relation(id) => self.run_action(Action::DeleteRelation(id)),
                _ => {}
            },
            Command::StartRelation => {
                if let Selection::Entity(id) = &self.selection {
                    self.relation_head = Some(id.clone());
                    self.notify("Click the tail entity of the relation (Esc cancels)");
                }
            }
            Command::Cancel => {
                if self.find.open {
                    self.find.open = false;
                } else {
                    self.selection = Selection::Nothing;
                }
                self.relation_head = None;
                self.dialogs.relation_choice = None;
            }
            Command::SelectNextEntity | Command::SelectPreviousEntity => {
                self.step_entity(command == Command::SelectNextEntity);
            }
            Command::MoveStartLeft => self.resize_selected(-1, 0),
            Command::MoveStartRight => self.resize_selected(1, 0),
            Command::MoveEndLeft => self.resize_selected(0, -1),
            Command::MoveEndRight => self.resize_selected(0, 1),
            Command::NextDocument | Command::PreviousDocument | Command::NextUnfinishedDocument => {
                if let Some(doc_id) = self.neighbour_document(command) {
                    self.show_document(&doc_id);
                } else if command == Command::NextUnfinishedDocument {
                    self.notify("Every other document is done");
                }
            }
            Command::MarkDone => {
                self.mark_status(Status::Done);
                self.model_assist.request_training();
            }
            Command::ModelBackends => self.model_assist.show_window = true,
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset => {
                let size = match command {
                    Command::ZoomIn => self.view.font_size + 1.0,
                    Command::ZoomOut => self.view.font_size - 1.0,
                    _ => super::super::settings::DEFAULT_FONT_SIZE,
                };
                let size = size.clamp(
                    *super::super::settings::FONT_SIZES.start(),
                    *super::super::settings::FONT_SIZES.end(),
                );
                self.view.font_size = size;
                self.settings.font_size = size;
                self.persist_settings();
            }
            Command::ToggleCompactView => {
                self.settings.compact_view = !self.settings.compact_view;
                self.persist_settings();
            }
            Command::ToggleSentenceView => {
                self.settings.sentence_view = !self.settings.sentence_view;
                self.persist_settings();
            }
            Command::CycleTheme => {
                self.settings.theme = self.settings.theme.next();
                self.persist_settings();
                super::super::settings::apply_appearance(&self.ctx, &self.settings);
            }
            Command::Find => {
                self.find.open = true;
                self.find.focus_requested = true;
            }
            Command::FindNext => self.find_next(),
            Command::Export => self.run_action(Action::OpenTransfer(crate::gui::transfer::Direction::Export)),
            Command::Import => self.run_action(Action::OpenTransfer(crate::gui::transfer::Direction::Import)),
            Command::LabelAllOccurrences => self.label_all_occurrences(),
            Command::AcceptSuggestions => {
                let above = self.suggestions.above_threshold();
                self.run_action(Action::AcceptSuggestions(above));
            }
            Command::ToggleSuggestions => self.suggestions.show = !self.suggestions.show,
            Command::ToggleRelations => {
                self.settings.show_relations = !self.settings.show_relations;
            }
            Command::ShowShortcuts => self.dialogs.show_help = !self.dialogs.show_help,
            Command::ModeAnnotate
            | Command::ModeReview
            | Command::ModeCompare
            | Command::ModeCurate
            | Command::ShowAgreement
            | Command::ShowQa
            | Command::NextDisagreement
            | Command::PreviousDisagreement
            | Command::MarkReviewed => self.run_review_command(command),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        match self.undo_shown(undo) {
            Some(Ok(edit)) => {
                self.schedule_autosave();
                let verb = if undo { "Undid" } else { "Redid" };
                self.notify(format!("{verb} {}", super::super::edit_messages::described(&edit)));
                self.forget_missing_selection();
            }
            Some(Err(err)) => self.notify_error(err.to_string()),
            None => self.notify(if undo { "Nothing to undo" } else { "Nothing to redo" }),
        }
    }

    fn step_entity(&mut self, forward: bool) {
        let Some(set) = self.current_set() else {
            return;
        };
        let entities = set.entities();
        if entities.is_empty() {
            return;
        }
        let next = match &self.selection {
            Selection::Entity(id) => match set.entity_position(id) {
                Some(i) if forward => (i + 1) % entities.len(),
                Some(i) => (i + entities.len() - 1) % entities.len(),
                None => 0,
            },
            Selection::Text { start, .. } => {
                let after = entities.partition_point(|e| e.start < *start);
                if forward {
                    after % entities.len()
                } else {
                    (after + entities.len() - 1) % entities.len()
                }
            }
            _ if forward => 0,
            _ => entities.len() - 1,
        };
        let id = entities[next].id.clone();
        self.run_action(Action::SelectEntity { id, scroll: true });
    }

    fn resize_selected(&mut self, start_delta: isize, end_delta: isize) {
        let Selection::Entity(id) = self.selection.clone() else {
            return;
        };
        let edit = self.current_set().and_then(|s| {
            s.change_entity_edit(&id, |e| {
                e.start = e.start.saturating_add_signed(start_delta);
                e.end = e.end.saturating_add_signed(end_delta);
            })
        });
        if let Some(edit) = edit {
            self.apply_edit(edit);
        }
    }

    fn neighbour_document(&self, command: Command) -> Option<String> {
        let workspace = self.workspace.as_ref()?;
        let documents = workspace.project.documents();
        let current = workspace.current_index().unwrap_or(0);
        match command {
            Command::NextDocument => documents.get(current + 1).map(|d| d.id.clone()),
            Command::PreviousDocument => current
                .checked_sub(1)
                .and_then(|i| documents.get(i))
                .map(|d| d.id.clone()),
            _ if self.model_assist.least_confident_first => {
                super::super::model_assist::next_least_confident(workspace, &self.model_assist, current)
            }
            _ => (1..documents.len())
                .map(|step| (current + step) % documents.len())
                .find(|&i| !workspace.status_of(i).0.is_some_and(Status::is_finished))
                .map(|i| documents[i].id.clone()),
        }
    }
}
