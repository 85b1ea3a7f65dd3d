//! Turning actions into edits, navigation and dialogs.

use super::actions::Action;
use super::app::SpanwrightApp;
use super::commands::Command;
use super::document_view::Selection;
use super::workspace::Workspace;
use crate::annotations::Status;

impl SpanwrightApp {
    pub(super) fn run_action(&mut self, action: Action) {
        let Some(action) = self.run_tool_action(action) else {
            return;
        };
        match action {
            Action::Command(command) => self.run_command(command),
            Action::ShowDocument(doc_id) => self.show_document(&doc_id),
            Action::ApplyLabel(label) => self.apply_label(&label),
            Action::SelectEntity { id, scroll } => {
                if scroll {
                    self.scroll_to_entity(&id);
                }
                self.selection = Selection::Entity(id);
            }
            Action::SelectRelation { id, scroll } => {
                if scroll {
                    let head = self.current_set().and_then(|s| s.relation(&id)).map(|r| r.head.clone());
                    if let Some(head) = head {
                        self.scroll_to_entity(&head);
                    }
                }
                self.selection = Selection::Relation(id);
            }
            Action::SelectText { start, end } => self.selection = Selection::Text { start, end },
            Action::ClearSelection => {
                self.selection = Selection::Nothing;
                self.relation_head = None;
            }
            Action::EntityClicked(id) => match self.relation_head.take() {
                Some(head) if head != id => self.choose_relation(head, id),
                _ => self.selection = Selection::Entity(id),
            },
            Action::ProposeRelation { head, tail } => self.choose_relation(head, tail),
            Action::CreateRelation { label, head, tail } => {
                let edit = self.current_set().map(|s| s.add_relation_edit(&label, &head, &tail));
                if let Some(edit) = edit {
                    let id = match &edit {
                        crate::annotations::Edit::AddRelation(r) => r.id.clone(),
                        _ => String::new(),
                    };
                    if self.apply_edit(edit) {
                        self.selection = Selection::Relation(id);
                    }
                }
                self.dialogs.relation_choice = None;
            }
            Action::RelabelRelation { id, label } => {
                let edit = self
                    .current_set()
                    .and_then(|s| s.change_relation_edit(&id, |r| r.label = label));
                if let Some(edit) = edit {
                    self.apply_edit(edit);
                }
            }
            Action::SetEntityAttribute { id, name, value } => {
                let edit = self.current_set().and_then(|s| {
                    s.change_entity_edit(&id, |e| match value {
                        Some(value) => {
                            e.attributes.insert(name, value);
                        }
                        None => {
                            e.attributes.remove(&name);
                        }
                    })
                });
                if let Some(edit) = edit {
                    self.apply_edit(edit);
                }
            }
            Action::SetEntityNote { id, note } => {
                let edit = self
                    .current_set()
                    .and_then(|s| s.change_entity_edit(&id, |e| e.note = note));
                if let Some(edit) = edit {
                    self.apply_edit(edit);
                }
            }
            Action::SetRelationNote { id, note } => {
                let edit = self
                    .current_set()
                    .and_then(|s| s.change_relation_edit(&id, |r| r.note = note));
                if let Some(edit) = edit {
                    self.apply_edit(edit);
                }
            }
            Action::SetStatus(status) => self.mark_status(status),
            Action::DeleteEntity(id) => {
                let edit = self.current_set().and_then(|s| s.remove_entity_edit(&id));
                if let Some(edit) = edit
                    && self.apply_edit(edit)
                {
                    self.selection = Selection::Nothing;
                }
            }
            Action::DeleteRelation(id) => {
                let edit = self.current_set().and_then(|s| s.remove_relation_edit(&id));
                if let Some(edit) = edit
                    && self.apply_edit(edit)
                {
                    self.selection = Selection::Nothing;
                }
            }
            Action::OpenProject(dir) => {
                self.dialogs.open_folder = None;
                self.open_project(dir);
            }
            Action::SetAnnotator(name) => self.set_annotator(name),
            Action::FindNext => self.find_next(),
            // Handled by `run_tool_action`.
            Action::OpenTransfer(_)
            | Action::StartTransfer
            | Action::CloseTransfer
            | Action::OpenReanchor
            | Action::ApplyReanchor
            | Action::CloseReanchor
            | Action::AcceptSuggestions(_)
            | Action::RejectSuggestions(_)
            | Action::RefreshSuggestions
            | Action::EditAnyway => {}
            Action::Review(action) => self.run_review_action(action),
        }
    }

    fn current_set(&self) -> Option<&crate::annotations::AnnotationSet> {
        self.shown_document().map(|d| d.set())
    }

    fn scroll_to_entity(&mut self, id: &str) {
        if let Some(start) = self.current_set().and_then(|s| s.entity(id)).map(|e| e.start) {
            self.view.scroll_to(start);
        }
    }

    fn show_document(&mut self, doc_id: &str) {
        self.selection = Selection::Nothing;
        self.relation_head = None;
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        if let Err(err) = workspace.show(doc_id) {
            self.notify_error(err);
        } else {
            self.notice = None;
        }
        self.find.clear_matches();
        self.refresh_find();
        self.review.focus = None;
        self.prepare_review();
    }

    pub(super) fn refresh_find(&mut self) {
        let text = self
            .workspace
            .as_ref()
            .and_then(Workspace::current_document)
            .map(|d| d.document().text().to_owned());
        if let Some(text) = text {
            self.find.search(&text);
        }
    }

    fn find_next(&mut self) {
        if let Some(found) = self.find.step() {
            self.view.scroll_to(found.start);
            self.selection = Selection::Text {
                start: found.start,
                end: found.end,
            };
        }
    }

    fn apply_label(&mut self, label: &str) {
        if self.annotator().is_none() {
            self.dialogs.ask_annotator = true;
            return;
        }
        match self.selection.clone() {
            Selection::Text { start, end } => {
                let edit = self.current_set().map(|s| s.add_entity_edit(label, start, end));
                if let Some(edit) = edit {
                    let id = match &edit {
                        crate::annotations::Edit::AddEntity { entity, .. } => entity.id.clone(),
                        _ => String::new(),
                    };
                    if self.apply_edit(edit) {
                        self.selection = Selection::Entity(id);
                    }
                }
            }
            Selection::Entity(id) => {
                let edit = self.workspace.as_ref().and_then(|w| {
                    let set = self.shown_document()?.set();
                    set.relabel_entity_edit(&id, label, w.project.schema())
                });
                if let Some(edit) = edit {
                    self.apply_edit(edit);
                }
            }
            Selection::Relation(_) | Selection::Nothing => {
                self.notify("Select some text first (drag over it, or double-click a word)");
            }
        }
    }

    fn run_command(&mut self, command: Command) {
        if !command.is_enabled(self) {
            return;
        }
        match command {
            Command::OpenFolder => self
                .dialogs
                .start_open_folder(self.workspace.as_ref().map(|w| w.project.root())),
            Command::Save => {
                self.save_all_now();
                let failed = self
                    .workspace
                    .as_ref()
                    .and_then(|w| w.save_errors.values().next().cloned());
                match failed {
                    Some(error) => self.notify_error(error),
                    None => self.notify("All annotations saved"),
                }
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
            Command::MarkDone => self.mark_status(Status::Done),
            Command::Find => {
                self.find.open = true;
                self.find.focus_requested = true;
            }
            Command::Export => self.run_action(Action::OpenTransfer(super::transfer::Direction::Export)),
            Command::Import => self.run_action(Action::OpenTransfer(super::transfer::Direction::Import)),
            Command::LabelAllOccurrences => self.label_all_occurrences(),
            Command::AcceptSuggestions => {
                let above = self.suggestions.above_threshold();
                self.run_action(Action::AcceptSuggestions(above));
            }
            Command::ToggleSuggestions => self.suggestions.show = !self.suggestions.show,
            Command::ToggleRelations => {
                self.settings.show_relations = !self.settings.show_relations;
            }
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset => {
                let size = match command {
                    Command::ZoomIn => self.view.font_size + 1.0,
                    Command::ZoomOut => self.view.font_size - 1.0,
                    _ => super::settings::DEFAULT_FONT_SIZE,
                };
                let size = size.clamp(*super::settings::FONT_SIZES.start(), *super::settings::FONT_SIZES.end());
                self.view.font_size = size;
                self.settings.font_size = size;
                self.persist_settings();
            }
            Command::ToggleCompactView => {
                self.settings.compact_view = !self.settings.compact_view;
                self.persist_settings();
            }
            Command::CycleTheme => {
                self.settings.theme = self.settings.theme.next();
                self.persist_settings();
                super::settings::apply_appearance(&self.ctx, &self.settings);
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
                if let Some(workspace) = self.workspace.as_mut() {
                    workspace.last_edit = Some(std::time::Instant::now());
                }
                let verb = if undo { "Undid" } else { "Redid" };
                self.notify(format!("{verb} {}", edit.describe()));
                self.forget_missing_selection();
            }
            Some(Err(err)) => self.notify_error(err.to_string()),
            None => self.notify(if undo { "Nothing to undo" } else { "Nothing to redo" }),
        }
    }

    pub(super) fn forget_missing_selection(&mut self) {
        let set = self.current_set();
        let gone = match &self.selection {
            Selection::Entity(id) => set.is_none_or(|s| s.entity(id).is_none()),
            Selection::Relation(id) => set.is_none_or(|s| s.relation(id).is_none()),
            _ => false,
        };
        if gone {
            self.selection = Selection::Nothing;
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
            _ => (1..documents.len())
                .map(|step| (current + step) % documents.len())
                .find(|&i| !workspace.status_of(i).0.is_some_and(Status::is_finished))
                .map(|i| documents[i].id.clone()),
        }
    }
}
