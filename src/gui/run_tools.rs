//! The actions of the tools around annotating: export and import,
//! suggestions, re-anchoring, and a second window.

use super::actions::Action;
use super::app::SpanwrightApp;
use super::document_view::Selection;
use super::reanchor_dialog::ReanchorDialog;
use super::tasks::Task;
use super::transfer::{Direction, TransferDialog};
use super::workspace::Workspace;
use crate::formats::suggestions::{MatchOptions, Suggestion, accept, label_all_occurrences, reject};
use crate::reanchor::plan_document;

impl SpanwrightApp {
    /// Runs the actions of [`Action`]'s tool variants; returns the action back
    /// when it is not one of them.
    pub(super) fn run_tool_action(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::OpenTransfer(direction) => {
                if let Some(workspace) = &self.workspace {
                    self.transfer = Some(TransferDialog::new(
                        direction,
                        &workspace.project,
                        &workspace.annotator,
                        &self.review.known_annotators,
                    ));
                }
            }
            Action::StartTransfer { even_if_empty } => {
                // The export reads the files: they are saved first, and the
                // export waits for them.
                self.commit_drafts();
                self.start_saves(true);
                self.transfer_waits_for_saves = true;
                self.transfer_even_if_empty = even_if_empty;
                self.start_waiting_transfer();
            }
            Action::CloseTransfer => {
                if self.transfer.as_ref().is_none_or(|t| !t.is_running()) {
                    self.transfer = None;
                }
            }
            Action::OpenReanchor => self.open_reanchor(),
            Action::ApplyReanchor => self.apply_reanchor(),
            Action::CloseReanchor => self.reanchor = None,
            Action::AcceptSuggestions(_) | Action::RejectSuggestions(_) if !self.annotating() => {
                self.notify("Suggestions are taken in Annotate mode (Ctrl+1)");
            }
            Action::AcceptSuggestions(suggestions) => self.accept_suggestions(&suggestions),
            Action::RejectSuggestions(suggestions) => self.reject_suggestions(&suggestions),
            Action::RefreshSuggestions => self.suggestions.request_refresh(),
            Action::EditAnyway => {
                if let Some(workspace) = self.workspace.as_mut() {
                    workspace.edit_anyway();
                    self.notify("Editing although another window has these files open: saves never overwrite its work");
                }
            }
            other => return Some(other),
        }
        None
    }

    /// Starts the transfer asked for once no save is under way.
    pub(super) fn start_waiting_transfer(&mut self) {
        if !self.transfer_waits_for_saves || self.is_saving() {
            return;
        }
        self.transfer_waits_for_saves = false;
        if let (Some(transfer), Some(workspace)) = (self.transfer.as_mut(), self.workspace.as_ref()) {
            transfer.start(&workspace.project, &self.ctx, self.transfer_even_if_empty);
        }
    }

    /// After an import finishes, the project is read again so new texts and
    /// annotations show.
    pub(super) fn poll_transfer(&mut self) {
        let Some(transfer) = self.transfer.as_mut() else {
            return;
        };
        if !transfer.poll() {
            return;
        }
        let imported = transfer.direction == Direction::Import
            && matches!(transfer.outcome, Some(Ok(super::transfer::Finished::Done(_))));
        if imported && let Some(workspace) = &self.workspace {
            let root = workspace.project.root().to_path_buf();
            let current = workspace.current.clone();
            self.open_project_at(root, current);
        }
    }

    fn annotating(&self) -> bool {
        self.review.mode == super::review::Mode::Annotate
    }

    pub(super) fn label_all_occurrences(&mut self) {
        if !self.annotating() {
            self.notify("Label all occurrences works in Annotate mode (Ctrl+1)");
            return;
        }
        let Selection::Entity(id) = self.selection.clone() else {
            self.notify("Select an entity first: its label goes to every other occurrence of its text");
            return;
        };
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        let Some(open) = workspace.current_document() else {
            return;
        };
        let Some(entity) = open.set().entity(&id) else {
            return;
        };
        let text = open
            .document()
            .slice(entity.start, entity.end)
            .unwrap_or_default()
            .to_owned();
        let label = entity.label.clone();
        let options = MatchOptions {
            case_sensitive: self.suggestions.case_sensitive,
        };
        let plan = label_all_occurrences(
            open.document(),
            open.set(),
            workspace.project.schema(),
            &text,
            &label,
            options,
        );
        match plan.edit {
            Some(edit) => {
                if self.apply_edit(edit) {
                    self.notify(format!(
                        "Labelled {} more occurrences of “{text}” as {label}",
                        plan.added
                    ));
                }
            }
            None => self.notify(format!("No other occurrence of “{text}” to label")),
        }
    }

    fn accept_suggestions(&mut self, suggestions: &[Suggestion]) {
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        let Some(open) = workspace.current_document() else {
            return;
        };
        let plan = accept(
            open.set(),
            workspace.project.schema(),
            open.document().char_len(),
            suggestions,
        );
        let skipped = plan.skipped.len();
        if let Some(edit) = plan.edit
            && self.apply_edit(edit)
        {
            self.suggestions.forget(suggestions);
            let also = if skipped > 0 {
                format!(" ({skipped} already there or not allowed)")
            } else {
                String::new()
            };
            self.notify(format!("Accepted {} suggestions{also}", plan.added));
        } else if skipped > 0 {
            self.notify_error(format!(
                "None accepted: {skipped} already there or not allowed by the schema"
            ));
        }
    }

    fn reject_suggestions(&mut self, suggestions: &[Suggestion]) {
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        let Some(open) = workspace.current_document() else {
            return;
        };
        match reject(&workspace.project, open.document(), &workspace.annotator, suggestions) {
            Ok(()) => {
                self.suggestions.forget(suggestions);
                self.suggestions.request_refresh();
                self.notify(format!(
                    "Rejected {} suggestions; they will not be offered again",
                    suggestions.len()
                ));
            }
            Err(err) => self.notify_error(format!("Cannot record the rejection: {err}")),
        }
    }

    fn open_reanchor(&mut self) {
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        let Some(doc_id) = workspace.current.clone() else {
            return;
        };
        if self.reanchor_planning.is_some() {
            return;
        }
        let project = workspace.project.clone();
        let annotator = workspace.annotator.clone();
        self.reanchor_planning = Some(Task::spawn("reanchor-plan", Some(&self.ctx), move || {
            plan_document(&project, &annotator, &doc_id).map_err(|err| err.to_string())
        }));
    }

    /// Takes in a re-anchoring plan once worked out, and a re-anchored
    /// file once saved.
    pub(super) fn poll_reanchor(&mut self) {
        if let Some(task) = self.reanchor_planning.take() {
            match task.try_take() {
                Err(task) => self.reanchor_planning = Some(task),
                Ok(Ok(Ok(Some(plan)))) => self.reanchor = Some(ReanchorDialog::new(plan)),
                Ok(Ok(Ok(None))) => {
                    self.notify("The text has not changed since it was annotated: nothing to re-anchor");
                }
                Ok(Ok(Err(err))) => self.notify_error(err),
                Ok(Err(stopped)) => self.notify_error(format!("Cannot re-anchor: {stopped}")),
            }
        }
        let Some(dialog) = self.reanchor.as_mut() else {
            return;
        };
        let Some((task, kept, dropped)) = dialog.saving.take() else {
            return;
        };
        let saved = match task.try_take() {
            Err(task) => {
                dialog.saving = Some((task, kept, dropped));
                return;
            }
            Ok(saved) => saved.unwrap_or_else(|stopped| Err(stopped.to_string())),
        };
        if let Err(err) = saved {
            dialog.error = Some(err);
            return;
        }
        let doc_id = dialog.plan.doc_id.clone();
        self.reanchor = None;
        if let Some(workspace) = self.workspace.as_mut() {
            workspace.reload(&doc_id, Some(&self.ctx));
        }
        self.notify(format!(
            "Re-anchored {doc_id}: {kept} entities placed, {dropped} dropped; the earlier file is in the history"
        ));
    }

    /// Re-anchoring is being worked out or saved.
    pub(super) fn reanchor_busy(&self) -> bool {
        self.reanchor_planning.is_some() || self.reanchor.as_ref().is_some_and(|d| d.saving.is_some())
    }

    fn apply_reanchor(&mut self) {
        let (Some(dialog), Some(workspace)) = (self.reanchor.as_mut(), self.workspace.as_mut()) else {
            return;
        };
        let result = match dialog.plan.apply(workspace.project.schema(), &dialog.decisions) {
            Ok(result) => result,
            Err(err) => {
                dialog.error = Some(err.to_string());
                return;
            }
        };
        if dialog.saving.is_some() {
            return;
        }
        let dropped = result.dropped_entities.len();
        let kept = result.file.entities.len();
        let plan = dialog.plan.clone();
        let project = workspace.project.clone();
        dialog.error = None;
        let task = Task::spawn("reanchor-save", Some(&self.ctx), move || {
            plan.save(&project, &result).map(drop).map_err(|err| err.to_string())
        });
        dialog.saving = Some((task, kept, dropped));
    }
}

impl Workspace {
    /// The text selected in the document, for placing an entity by hand.
    pub fn selected_span(selection: &Selection) -> Option<(usize, usize)> {
        match selection {
            Selection::Text { start, end } => Some((*start, *end)),
            _ => None,
        }
    }
}
