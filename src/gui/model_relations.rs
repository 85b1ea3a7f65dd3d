//! The open document's relation suggestions from model backends, in the
//! Model backends window: each can be accepted once both its ends are
//! annotated (accept the entity suggestions first), or rejected, and is
//! then not offered to the annotator again.

use super::tasks::Task;
use crate::annotations::Edit;
use crate::formats::suggestions::{
    RelationSuggestion, accept_relation, is_annotated, read_relation_suggestions, reject_relations,
};
use crate::project::{OpenDocument, Project};

/// (document, annotator, store generation): which files a reading is of.
type ReadKey = (String, String, u64);
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
    /// Rejections being written: hidden at once, read again once written.
    rejecting: Vec<(RelationSuggestion, Task<Result<(), String>>)>,
    /// Why the last rejection could not be written.
    reject_error: Option<String>,
}

impl RelationSuggestions {
    /// Suggestions were stored: read the files again.
    pub fn stored_again(&mut self) {
        self.stored += 1;
    }

    /// Reads the files off the UI thread when the document or the stored
    /// suggestions changed; drops those already annotated after each edit.
    fn refresh(&mut self, project: &Project, open: &OpenDocument, annotator: &str, ctx: &egui::Context) {
        self.take_written_rejections();
        let key: ReadKey = (open.document().id().to_owned(), annotator.to_owned(), self.stored);
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
            let (project, document, annotator) = (project.clone(), open.document().clone(), annotator.to_owned());
            let task = Task::spawn("relation-suggestions", Some(ctx), move || {
                let (found, problems) = read_relation_suggestions(&project, &document, &annotator);
                (found, problems.iter().map(ToString::to_string).collect())
            });
            self.reading = Some((key.clone(), task));
        }
        let listed_at = (key.0.clone(), open.generation(), key.2);
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

    /// Rejections written since the last frame: the files are read again,
    /// without them.
    fn take_written_rejections(&mut self) {
        let mut written = false;
        for (suggestion, task) in std::mem::take(&mut self.rejecting) {
            match task.try_take() {
                Err(task) => self.rejecting.push((suggestion, task)),
                Ok(outcome) => {
                    written = true;
                    if let Err(err) = outcome.unwrap_or_else(|stopped| Err(stopped.to_string())) {
                        self.reject_error = Some(err);
                    }
                }
            }
        }
        if written {
            self.stored += 1;
        }
    }

    fn start_rejecting(
        &mut self,
        project: &Project,
        open: &OpenDocument,
        annotator: &str,
        suggestion: &RelationSuggestion,
        ctx: &egui::Context,
    ) {
        let (project, document, annotator) = (project.clone(), open.document().clone(), annotator.to_owned());
        let rejected = suggestion.clone();
        let task = Task::spawn("relation-rejection", Some(ctx), move || {
            reject_relations(&project, &document, &annotator, std::slice::from_ref(&rejected))
                .map_err(|err| err.to_string())
        });
        self.reject_error = None;
        self.rejecting.push((suggestion.clone(), task));
    }

    fn problems(&self) -> &[String] {
        self.read.as_ref().map_or(&[], |(_, (_, problems))| problems.as_slice())
    }

    /// The list with Accept and Reject buttons per relation; returns the
    /// edit of the one accepted. `annotator` is whose rejections count.
    pub fn ui(&mut self, ui: &mut egui::Ui, project: &Project, open: &OpenDocument, annotator: &str) -> Option<Edit> {
        self.refresh(project, open, annotator, ui.ctx());
        let rejecting: Vec<&RelationSuggestion> = self.rejecting.iter().map(|(s, _)| s).collect();
        let shown: Vec<&RelationSuggestion> = self.listed.iter().filter(|s| !rejecting.contains(s)).collect();
        if shown.is_empty() && self.problems().is_empty() && self.reject_error.is_none() {
            return None;
        }
        ui.label(format!("Relation suggestions here: {}", shown.len()));
        let text = |start: usize, end: usize| open.document().slice(start, end).unwrap_or_default().to_owned();
        let mut accepted = None;
        let mut rejected = None;
        egui::ScrollArea::vertical()
            .id_salt("model-relation-suggestions")
            .max_height(160.0)
            .show(ui, |ui| {
                for &suggestion in &shown {
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
                        let reject = ui
                            .add_enabled(!annotator.is_empty(), egui::Button::new("Reject"))
                            .on_hover_text("Not offered to you again, from any source")
                            .on_disabled_hover_text("Choose who you are first");
                        if reject.clicked() {
                            rejected = Some(suggestion.clone());
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
        if let Some(err) = &self.reject_error {
            ui.label(format!("⚠ the rejection was not saved: {err}"));
        }
        if let Some(suggestion) = rejected {
            self.start_rejecting(project, open, annotator, &suggestion, ui.ctx());
        }
        accepted
    }
}
