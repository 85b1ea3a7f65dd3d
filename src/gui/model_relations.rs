//! The open document's relation suggestions from model backends, in the
//! Model backends window: each can be accepted once both its ends are
//! annotated (accept the entity suggestions first).

use crate::annotations::Edit;
use crate::formats::suggestions::{RelationSuggestion, accept_relation, relation_suggestions_for};
use crate::project::{OpenDocument, Project};

#[derive(Default)]
pub struct RelationSuggestions {
    /// (document, edit generation, store generation) the list was read at.
    read_at: Option<(String, u64, u64)>,
    /// Bumped whenever suggestions are stored.
    stored: u64,
    listed: Vec<RelationSuggestion>,
    problems: Vec<String>,
}

impl RelationSuggestions {
    /// Suggestions were stored: read the files again.
    pub fn stored_again(&mut self) {
        self.stored += 1;
    }

    fn refresh(&mut self, project: &Project, open: &OpenDocument) {
        let key = (open.document().id().to_owned(), open.generation(), self.stored);
        if self.read_at.as_ref() == Some(&key) {
            return;
        }
        let (listed, problems) = relation_suggestions_for(project, open.document(), open.set());
        self.listed = listed;
        self.problems = problems.iter().map(ToString::to_string).collect();
        self.read_at = Some(key);
    }

    /// The list with an Accept button per relation; returns the edit of
    /// the one accepted.
    pub fn ui(&mut self, ui: &mut egui::Ui, project: &Project, open: &OpenDocument) -> Option<Edit> {
        self.refresh(project, open);
        if self.listed.is_empty() && self.problems.is_empty() {
            return None;
        }
        ui.label(format!("Relation suggestions here: {}", self.listed.len()));
        let text = |start: usize, end: usize| open.document().slice(start, end).unwrap_or_default().to_owned();
        let mut accepted = None;
        egui::ScrollArea::vertical()
            .id_salt("model-relation-suggestions")
            .max_height(160.0)
            .show(ui, |ui| {
                for suggestion in &self.listed {
                    let plan = accept_relation(open.set(), project.schema(), open.document().char_len(), suggestion);
                    ui.horizontal(|ui| {
                        let button = ui
                            .add_enabled(plan.is_ok(), egui::Button::new("Accept"))
                            .on_disabled_hover_text(plan.as_ref().err().cloned().unwrap_or_default());
                        if button.clicked()
                            && let Ok(edit) = &plan
                        {
                            accepted = Some(edit.clone());
                        }
                        // The same text may occur more than once: the
                        // hover tells which.
                        ui.label(format!(
                            "{} —{}→ {}{}  ({})",
                            text(suggestion.head.start, suggestion.head.end),
                            suggestion.label,
                            text(suggestion.tail.start, suggestion.tail.end),
                            suggestion.score.map(|s| format!(" {s:.2}")).unwrap_or_default(),
                            suggestion.source
                        ))
                        .on_hover_text(format!(
                            "{} at {}..{} → {} at {}..{}",
                            suggestion.head.label,
                            suggestion.head.start,
                            suggestion.head.end,
                            suggestion.tail.label,
                            suggestion.tail.start,
                            suggestion.tail.end
                        ));
                    });
                }
            });
        for problem in &self.problems {
            ui.label(format!("⚠ {problem}"));
        }
        accepted
    }
}
