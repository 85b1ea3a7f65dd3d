//! Turning actions into edits, navigation and dialogs.

use super::actions::Action;
use super::app::SpanwrightApp;
use super::document_view::Selection;
use super::workspace::Workspace;

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
            Action::SetDraft { field, text } => self.set_draft(field, text),
            Action::CommitDrafts => self.commit_drafts(),
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
                if let Some(edit) = edit {
                    let told = super::edit_messages::deleted(&edit);
                    if self.apply_edit(edit) {
                        self.selection = Selection::Nothing;
                        self.notify(told);
                    }
                }
            }
            Action::DeleteRelation(id) => {
                let edit = self.current_set().and_then(|s| s.remove_relation_edit(&id));
                if let Some(edit) = edit {
                    let told = super::edit_messages::deleted(&edit);
                    if self.apply_edit(edit) {
                        self.selection = Selection::Nothing;
                        self.notify(told);
                    }
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
            | Action::StartTransfer { .. }
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

    pub(super) fn current_set(&self) -> Option<&crate::annotations::AnnotationSet> {
        self.shown_document().map(|d| d.set())
    }

    fn scroll_to_entity(&mut self, id: &str) {
        if let Some(start) = self.current_set().and_then(|s| s.entity(id)).map(|e| e.start) {
            self.view.scroll_to(start);
        }
    }

    pub(super) fn show_document(&mut self, doc_id: &str) {
        self.selection = Selection::Nothing;
        self.relation_head = None;
        self.commit_drafts();
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        workspace.show(doc_id, Some(&self.ctx));
        self.notice = workspace.current_error().map(|error| super::app::Notice {
            text: error.to_owned(),
            is_error: true,
        });
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

    pub(super) fn find_next(&mut self) {
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
                    let told = super::edit_messages::relabelled(&edit);
                    if self.apply_edit(edit) {
                        self.notify(told);
                    }
                }
            }
            Selection::Relation(_) | Selection::Nothing => {
                self.notify("Select some text first (drag over it, or double-click a word)");
            }
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
}
