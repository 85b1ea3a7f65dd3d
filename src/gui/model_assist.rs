//! Model-assisted annotation in the window: the built-in recommender,
//! retrained on a worker thread after every few new entities and when a
//! document is marked done, and model servers (Label Studio ML backends)
//! asked on a worker thread. Both store suggestions; the suggestions list
//! then reloads. Nothing here ever blocks a frame or edits annotations.

use std::collections::HashMap;

use super::tasks::Task;
use crate::model::backend::{MlBackend, Timeouts, suggest_with_backend, train_backend};
use crate::model::{RefreshError, Span, refresh_builtin_suggestions};
use crate::project::{OpenDocument, Project};

/// New entities in the open document that trigger a retraining.
pub const RETRAIN_EVERY: usize = 3;

/// What the corpus panel says about the active-learning order.
pub const LEAST_CONFIDENT_HELP: &str = "Documents not done, the ones the built-in recommender is least sure of first: \
the mean of 1 − p(best tag) over each document's ten least certain tokens. \
\"Next document not done\" follows this order.";

struct Outcome {
    message: String,
    is_error: bool,
    stored: bool,
    /// Document id → uncertainty, after a training.
    uncertainty: Option<HashMap<String, f64>>,
}

impl Outcome {
    fn failed(message: String) -> Self {
        Self {
            message,
            is_error: true,
            stored: false,
            uncertainty: None,
        }
    }
}

#[derive(Default)]
pub struct ModelAssist {
    /// The built-in recommender is on.
    pub builtin: bool,
    pub show_window: bool,
    pub backend_url: String,
    /// Marking a document done also sends the finished documents to the
    /// backend's `POST /train`.
    pub train_backend_when_done: bool,
    /// The corpus panel and "next document not done" put the documents
    /// the recommender is least sure of first.
    pub least_confident_first: bool,
    uncertainty: HashMap<String, f64>,
    /// (document, entity count) at the last training.
    trained_on: Option<(String, usize)>,
    retrain_requested: bool,
    /// Suggestions were stored and the list has not reloaded yet.
    reload_pending: bool,
    backend_train_requested: bool,
    training: Option<Task<Outcome>>,
    asking: Option<Task<Outcome>>,
    backend_training: Option<Task<Outcome>>,
    /// How a backend's training ended (message, is error): for the
    /// window's notice line, once.
    training_notice: Option<(String, bool)>,
    builtin_status: String,
    backend_status: String,
    backend_training_status: String,
    curve: super::model_curve::LearningCurve,
    relations: super::model_relations::RelationSuggestions,
}

impl ModelAssist {
    pub fn new() -> Self {
        Self {
            builtin: true,
            backend_url: "http://127.0.0.1:9090".to_owned(),
            ..Self::default()
        }
    }

    /// Retrain at the next frame (a document was marked done), and have
    /// the backend learn too when that is switched on.
    pub fn request_training(&mut self) {
        self.retrain_requested = true;
        self.backend_train_requested = self.train_backend_when_done;
    }

    /// How the last backend training ended (message naming the backend,
    /// whether it failed), once.
    pub fn take_training_notice(&mut self) -> Option<(String, bool)> {
        self.training_notice.take()
    }

    /// `documents` (index, id) in active-learning order: by the
    /// recommender's uncertainty, highest first; those not yet ranked after,
    /// in their order.
    pub fn least_confident_order(&self, documents: Vec<(usize, &str)>) -> Vec<usize> {
        let mut ranked = documents;
        ranked.sort_by(|a, b| {
            let score = |id: &str| self.uncertainty.get(id).copied();
            match (score(a.1), score(b.1)) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        });
        ranked.into_iter().map(|(index, _)| index).collect()
    }

    /// Takes finished work and starts training when due. Returns whether
    /// the suggestions list should reload now: new suggestions were stored
    /// and the list is not busy (a list being worked out would come back
    /// without them).
    pub fn poll(
        &mut self,
        project: &Project,
        open: &OpenDocument,
        annotator: &str,
        ctx: &egui::Context,
        list_busy: bool,
    ) -> bool {
        let stored = self.take_finished();
        if stored {
            self.relations.stored_again();
        }
        self.reload_pending |= stored;
        self.start_training_if_due(project, open, annotator, ctx);
        if self.backend_train_requested && self.backend_training.is_none() && !annotator.is_empty() {
            self.backend_train_requested = false;
            self.start_backend_training(project, open, annotator, ctx);
        }
        if self.reload_pending && !list_busy {
            self.reload_pending = false;
            return true;
        }
        false
    }

    fn take_finished(&mut self) -> bool {
        let mut stored = false;
        let mut notice = None;
        // A training the annotator did not start in the window reports on
        // the notice line too: the window may be closed.
        for (job, status, notify) in [
            (&mut self.training, &mut self.builtin_status, false),
            (&mut self.asking, &mut self.backend_status, false),
            (&mut self.backend_training, &mut self.backend_training_status, true),
        ] {
            if let Some(task) = job.take() {
                match task.try_take() {
                    Err(task) => *job = Some(task),
                    Ok(outcome) => {
                        let outcome = outcome.unwrap_or_else(|stopped| Outcome::failed(stopped.to_string()));
                        if notify {
                            notice = Some((outcome.message.clone(), outcome.is_error));
                        }
                        *status = if outcome.is_error {
                            format!("⚠ {}", outcome.message)
                        } else {
                            outcome.message
                        };
                        stored |= outcome.stored;
                        if let Some(uncertainty) = outcome.uncertainty {
                            self.uncertainty = uncertainty;
                        }
                    }
                }
            }
        }
        if notice.is_some() {
            self.training_notice = notice;
        }
        stored
    }

    fn start_training_if_due(&mut self, project: &Project, open: &OpenDocument, annotator: &str, ctx: &egui::Context) {
        if !self.builtin || self.training.is_some() || annotator.is_empty() {
            return;
        }
        let count = open.set().entities().len();
        let id = open.document().id();
        let due = match &self.trained_on {
            None => true,
            Some((last_id, last_count)) if last_id == id => count >= last_count + RETRAIN_EVERY,
            Some(_) => true,
        };
        if due || self.retrain_requested {
            self.retrain_requested = false;
            self.trained_on = Some((id.to_owned(), count));
            self.start_training(project, open, annotator, ctx);
        }
    }

    fn start_training(&mut self, project: &Project, open: &OpenDocument, annotator: &str, ctx: &egui::Context) {
        let project = project.clone();
        // Shared, not copied, on the UI thread: a long document's text and
        // annotations are copied (or read) on the training thread, which
        // lets go of the annotations at once so that the next edit need not
        // copy them.
        let (document, set) = (open.shared_document(), open.shared_set());
        let annotator = annotator.to_owned();
        self.training = Some(Task::spawn("model-training", Some(ctx), move || {
            let entities: Vec<Span> = set.entities().iter().map(Span::from).collect();
            drop(set);
            let document = std::sync::Arc::unwrap_or_clone(document);
            train_and_suggest(&project, document, entities, &annotator)
        }));
        self.builtin_status = "training…".to_owned();
    }

    fn start_backend_training(&mut self, project: &Project, open: &OpenDocument, annotator: &str, ctx: &egui::Context) {
        let project = project.clone();
        // Shared, not copied, on the UI thread, as for the built-in training.
        let (document, set) = (open.shared_document(), open.shared_set());
        let url = self.backend_url.clone();
        let annotator = annotator.to_owned();
        self.backend_training = Some(Task::spawn("model-backend-training", Some(ctx), move || {
            train_remote(&project, &url, &annotator, &document, &set)
        }));
        self.backend_training_status = format!("{} is learning from the finished documents…", self.backend_url);
    }

    fn ask_backend(&mut self, project: &Project, doc_id: &str, ctx: &egui::Context) {
        let project = project.clone();
        let url = self.backend_url.clone();
        let doc_id = doc_id.to_owned();
        self.asking = Some(Task::spawn("model-backend", Some(ctx), move || {
            ask(&project, &url, &doc_id)
        }));
        self.backend_status = format!("asking {}…", self.backend_url);
    }

    /// File › Model backends…: the built-in recommender's state and a
    /// model server's address, health and suggestions. Returns the edit of
    /// a relation suggestion accepted there.
    pub fn window_ui(
        &mut self,
        ctx: &egui::Context,
        project: Option<&Project>,
        document: Option<&OpenDocument>,
        annotator: &str,
    ) -> Option<crate::annotations::Edit> {
        let doc_id = document.map(|d| d.document().id());
        let mut accepted = None;
        let mut open = self.show_window;
        egui::Window::new("Model backends")
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| {
                ui.heading("Built-in recommender");
                ui.checkbox(&mut self.builtin, "Suggest from a tagger trained on my documents")
                    .on_hover_text(format!(
                        "Retrained after every {RETRAIN_EVERY} new entities and when a document is marked done"
                    ));
                ui.label(if self.builtin_status.is_empty() {
                    "not trained yet"
                } else {
                    &self.builtin_status
                });
                if ui
                    .add_enabled(self.training.is_none(), egui::Button::new("Retrain now"))
                    .clicked()
                {
                    self.retrain_requested = true;
                }
                ui.separator();
                ui.heading("Label Studio ML backend");
                ui.horizontal(|ui| {
                    let label = ui.label("URL");
                    ui.text_edit_singleline(&mut self.backend_url).labelled_by(label.id);
                });
                let ready = self.asking.is_none() && project.is_some() && doc_id.is_some();
                if ui
                    .add_enabled(ready, egui::Button::new("Suggest for this document"))
                    .on_hover_text("Checks /health, sends /setup, then /predict for the open document")
                    .clicked()
                    && let (Some(project), Some(doc_id)) = (project, doc_id)
                {
                    self.ask_backend(project, doc_id, ctx);
                }
                ui.checkbox(
                    &mut self.train_backend_when_done,
                    "Train it when I mark a document done",
                )
                .on_hover_text("Sends every document marked done or reviewed to its POST /train, in the background");
                for status in [&self.backend_status, &self.backend_training_status] {
                    if !status.is_empty() {
                        ui.label(status);
                    }
                }
                if let (Some(project), Some(document)) = (project, document) {
                    accepted = self.relations.ui(ui, project, document, annotator);
                }
                ui.separator();
                self.curve.ui(ui, project, annotator);
            });
        self.show_window = open;
        accepted
    }
}

fn train_and_suggest(
    project: &Project,
    document: crate::text::Document,
    entities: Vec<Span>,
    annotator: &str,
) -> Outcome {
    match refresh_builtin_suggestions(project, &document, entities, annotator) {
        Ok(refreshed) => Outcome {
            message: format!(
                "trained on {} documents ({} entities{}) in {:.2} s; {} suggestions here",
                refreshed.stats.documents,
                refreshed.stats.entities,
                left_out_note(&refreshed.stats),
                refreshed.stats.duration.as_secs_f64(),
                refreshed.suggestions
            ),
            is_error: false,
            stored: refreshed.written,
            uncertainty: Some(refreshed.uncertainty),
        },
        Err(err) => Outcome {
            is_error: !matches!(err, RefreshError::Untrained(_)),
            message: err.to_string(),
            stored: false,
            uncertainty: None,
        },
    }
}

/// ", N sentences left out…" when the token budget left some out.
fn left_out_note(stats: &crate::model::TrainingStats) -> String {
    if stats.left_out == 0 {
        return String::new();
    }
    format!(
        "; {} sentences of {} learned from, to stay within {} tokens",
        stats.sequences,
        stats.sequences + stats.left_out,
        crate::model::TRAINING_TOKEN_BUDGET
    )
}

fn train_remote(
    project: &Project,
    url: &str,
    annotator: &str,
    document: &crate::text::Document,
    set: &crate::annotations::AnnotationSet,
) -> Outcome {
    let failed = Outcome::failed;
    let backend = match MlBackend::new(url, Timeouts::default()) {
        Ok(backend) => backend,
        Err(err) => return failed(err.to_string()),
    };
    match train_backend(project, &backend, annotator, Some((document, set))) {
        Ok(training) => {
            let mut message = format!(
                "{} learned from {} finished documents ({} entities, {} relations){}",
                training.backend,
                training.documents,
                training.entities,
                training.relations,
                training.job.map(|job| format!("; job {job}")).unwrap_or_default()
            );
            for problem in training.problems.iter().take(5) {
                message.push('\n');
                message.push_str(problem);
            }
            Outcome {
                is_error: false,
                message,
                stored: false,
                uncertainty: None,
            }
        }
        Err(err) => failed(err.to_string()),
    }
}

fn ask(project: &Project, url: &str, doc_id: &str) -> Outcome {
    let failed = Outcome::failed;
    let backend = match MlBackend::new(url, Timeouts::default()) {
        Ok(backend) => backend,
        Err(err) => return failed(err.to_string()),
    };
    let health = match backend.health() {
        Ok(health) => health,
        Err(err) => return failed(err.to_string()),
    };
    match suggest_with_backend(project, &backend, &[doc_id.to_owned()], &mut |_, _| {}) {
        Ok(run) => {
            let mut message = format!(
                "{} is {}; {} suggestions stored as {}",
                backend.url(),
                health.status,
                run.suggestions,
                run.source
            );
            for problem in run.problems.iter().take(5) {
                message.push('\n');
                message.push_str(problem);
            }
            Outcome {
                uncertainty: None,
                is_error: !run.problems.is_empty(),
                stored: run.files_written > 0,
                message,
            }
        }
        Err(err) => failed(err.to_string()),
    }
}

/// The corpus panel's "least confident first" switch; returns whether it is on.
pub fn least_confident_ui(ui: &mut egui::Ui, assist: &mut ModelAssist) -> bool {
    ui.checkbox(&mut assist.least_confident_first, "Least confident first")
        .on_hover_text(LEAST_CONFIDENT_HELP);
    assist.least_confident_first
}

/// `shown` rows with the documents not done first, least confident first.
pub fn active_learning_rows(
    workspace: &super::workspace::Workspace,
    assist: &ModelAssist,
    shown: &[usize],
) -> Vec<usize> {
    let documents = workspace.project.documents();
    let finished = |i: usize| {
        workspace
            .status_of(i)
            .0
            .is_some_and(crate::annotations::Status::is_finished)
    };
    let open: Vec<(usize, &str)> = shown
        .iter()
        .filter(|&&i| !finished(i))
        .map(|&i| (i, documents[i].id.as_str()))
        .collect();
    let mut rows = assist.least_confident_order(open);
    rows.extend(shown.iter().copied().filter(|&i| finished(i)));
    rows
}

/// The document not done, other than `current`, that the recommender is
/// least sure of.
pub fn next_least_confident(
    workspace: &super::workspace::Workspace,
    assist: &ModelAssist,
    current: usize,
) -> Option<String> {
    let all: Vec<usize> = (0..workspace.project.documents().len())
        .filter(|&i| i != current)
        .collect();
    active_learning_rows(workspace, assist, &all)
        .into_iter()
        .find(|&i| {
            !workspace
                .status_of(i)
                .0
                .is_some_and(crate::annotations::Status::is_finished)
        })
        .map(|i| workspace.project.documents()[i].id.clone())
}
