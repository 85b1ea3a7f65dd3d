//! The open document's relation suggestions from model backends, in the
//! Model backends window: each can be accepted once both its ends are
//! annotated (accept the entity suggestions first).

use super::tasks::Task;
use crate::annotations::Edit;
use crate::formats::suggestions::{RelationSuggestion, accept_relation, is_annotated, read_relation_suggestions};
use crate::project::{OpenDocument, Project};

/// (document, store generation): which files a reading is of.
type ReadKey = (String, u64);
type Read = (Vec<RelationSuggestion>, Vec<String>);

#[derive(Default)]
pub struct RelationSuggestions {
    /// Bumped whenever suggestions are stored.
    stored: u64,
    /// The suggestion files of a document, read in the background.
    reading: Option<(ReadKey, Task<Read>)>,
    read: Option<(ReadKey, Read)>,
    /// (document, edit generation, store generation) `listed` is for.
    listed_at: Option<(String, u64, u64)>,
    /// What was read, less what the document has already.
    listed: Vec<RelationSuggestion>,
}

impl RelationSuggestions {
    /// Suggestions were stored: read the files again.
    pub fn stored_again(&mut self) {
        self.stored += 1;
    }

    /// Reads the files off the UI thread when the document or the stored
    /// suggestions changed; drops those already annotated after each edit.
    fn refresh(&mut self, project: &Project, open: &OpenDocument, ctx: &egui::Context) {
        let key: ReadKey = (open.document().id().to_owned(), self.stored);
        if let Some((reading_key, task)) = self.reading.take() {
            match task.try_take() {
                Ok(read) => {
                    let read = read.unwrap_or_else(|stopped| (Vec::new(), vec![stopped.to_string()]));
                    self.read = Some((reading_key, read));
                    self.listed_at = None;
                }
                Err(task) => self.reading = Some((reading_key, task)),
            }
        }
        let is_read = self.read.as_ref().is_some_and(|(k, _)| *k == key);
        let is_reading = self.reading.as_ref().is_some_and(|(k, _)| *k == key);
        if !is_read && !is_reading {
            let (project, document) = (project.clone(), open.document().clone());
            let task = Task::spawn("relation-suggestions", Some(ctx), move || {
                let (found, problems) = read_relation_suggestions(&project, &document);
                (found, problems.iter().map(ToString::to_string).collect())
            });
            self.reading = Some((key.clone(), task));
        }
        let listed_at = (key.0.clone(), open.generation(), key.1);
        if self.listed_at.as_ref() == Some(&listed_at) {
            return;
        }
        self.listed = match &self.read {
            Some((read_key, (found, _))) if *read_key == key => {
                found.iter().filter(|s| !is_annotated(open.set(), s)).cloned().collect()
            }
            _ => Vec::new(),
        };
        self.listed_at = Some(listed_at);
    }

    fn problems(&self) -> &[String] {
        self.read.as_ref().map_or(&[], |(_, (_, problems))| problems.as_slice())
    }

    /// The list with an Accept button per relation; returns the edit of
    /// the one accepted.
    pub fn ui(&mut self, ui: &mut egui::Ui, project: &Project, open: &OpenDocument) -> Option<Edit> {
        self.refresh(project, open, ui.ctx());
        if self.listed.is_empty() && self.problems().is_empty() {
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
                        .on_hover_text(format!("{} → {}", suggestion.head, suggestion.tail));
                    });
                }
            });
        for problem in self.problems() {
            ui.label(format!("⚠ {problem}"));
        }
        accepted
    }
}
