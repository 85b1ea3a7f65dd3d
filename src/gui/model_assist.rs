//! Model-assisted annotation in the window: the built-in recommender,
//! retrained on a worker thread after every few new entities and when a
//! document is marked done, and model servers (Label Studio ML backends)
//! asked on a worker thread. Both store suggestions; the suggestions list
//! then reloads. Nothing here ever blocks a frame or edits annotations.

use std::sync::mpsc::{Receiver, channel};

use crate::formats::suggestions::save_suggestions;
use crate::model::backend::{MlBackend, Timeouts, suggest_with_backend};
use crate::model::{AnnotatedDocument, BUILTIN_SOURCE, Span, TrainingData, TrainingOptions, TrainingSelection, train};
use crate::project::{OpenDocument, Project};

/// New entities in the open document that trigger a retraining.
pub const RETRAIN_EVERY: usize = 3;

struct Outcome {
    message: String,
    is_error: bool,
    stored: bool,
}

#[derive(Default)]
pub struct ModelAssist {
    /// The built-in recommender is on.
    pub builtin: bool,
    pub show_window: bool,
    pub backend_url: String,
    /// (document, entity count) at the last training.
    trained_on: Option<(String, usize)>,
    retrain_requested: bool,
    training: Option<Receiver<Outcome>>,
    asking: Option<Receiver<Outcome>>,
    builtin_status: String,
    backend_status: String,
}

impl ModelAssist {
    pub fn new() -> Self {
        Self {
            builtin: true,
            backend_url: "http://127.0.0.1:9090".to_owned(),
            ..Self::default()
        }
    }

    /// Retrain at the next frame (a document was marked done).
    pub fn request_training(&mut self) {
        self.retrain_requested = true;
    }

    /// Takes finished work and starts training when due. Returns whether
    /// new suggestions were stored, so that the list reloads.
    pub fn poll(&mut self, project: &Project, open: &OpenDocument, annotator: &str, ctx: &egui::Context) -> bool {
        let mut stored = false;
        for (job, status) in [
            (&mut self.training, &mut self.builtin_status),
            (&mut self.asking, &mut self.backend_status),
        ] {
            if let Some(receiver) = job {
                match receiver.try_recv() {
                    Ok(outcome) => {
                        *status = if outcome.is_error {
                            format!("⚠ {}", outcome.message)
                        } else {
                            outcome.message
                        };
                        stored |= outcome.stored;
                        *job = None;
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) => {}
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => *job = None,
                }
            }
        }
        if !self.builtin || self.training.is_some() || annotator.is_empty() {
            return stored;
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
        stored
    }

    fn start_training(&mut self, project: &Project, open: &OpenDocument, annotator: &str, ctx: &egui::Context) {
        let (sender, receiver) = channel();
        let project = project.clone();
        let document = open.document().clone();
        let entities: Vec<Span> = open
            .set()
            .entities()
            .iter()
            .map(|e| Span {
                start: e.start,
                end: e.end,
                label: e.label.clone(),
            })
            .collect();
        let annotator = annotator.to_owned();
        let ctx = ctx.clone();
        let started = std::thread::Builder::new()
            .name("spanwright-model-training".into())
            .spawn(move || {
                let outcome = train_and_suggest(&project, document, entities, &annotator);
                let _ = sender.send(outcome);
                ctx.request_repaint();
            });
        if started.is_ok() {
            self.training = Some(receiver);
            self.builtin_status = "training…".to_owned();
        }
    }

    fn ask_backend(&mut self, project: &Project, doc_id: &str, ctx: &egui::Context) {
        let (sender, receiver) = channel();
        let project = project.clone();
        let url = self.backend_url.clone();
        let doc_id = doc_id.to_owned();
        let ctx = ctx.clone();
        let started = std::thread::Builder::new()
            .name("spanwright-model-backend".into())
            .spawn(move || {
                let outcome = ask(&project, &url, &doc_id);
                let _ = sender.send(outcome);
                ctx.request_repaint();
            });
        if started.is_ok() {
            self.asking = Some(receiver);
            self.backend_status = format!("asking {}…", self.backend_url);
        }
    }

    /// File › Model backends…: the built-in recommender's state and a
    /// model server's address, health and suggestions.
    pub fn window_ui(&mut self, ctx: &egui::Context, project: Option<&Project>, doc_id: Option<&str>) {
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
                    ui.label("URL");
                    ui.text_edit_singleline(&mut self.backend_url);
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
                if !self.backend_status.is_empty() {
                    ui.label(&self.backend_status);
                }
            });
        self.show_window = open;
    }
}

fn train_and_suggest(
    project: &Project,
    document: crate::text::Document,
    entities: Vec<Span>,
    annotator: &str,
) -> Outcome {
    let mut data = TrainingData::load(project, &TrainingSelection::of(vec![annotator.to_owned()]));
    // The open document as it is on screen, saved or not.
    data.documents.retain(|d| d.document.id() != document.id());
    let rejected = crate::formats::suggestions::Rejections::load(project, &document, annotator)
        .map(|r| {
            r.spans()
                .map(|(start, end, label)| Span {
                    start,
                    end,
                    label: label.to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    if !entities.is_empty() {
        data.documents.push(AnnotatedDocument {
            document: document.clone(),
            annotator: annotator.to_owned(),
            entities,
            rejected,
        });
    }
    let recommender = match train(&data.documents, &TrainingOptions::default()) {
        Ok(recommender) => recommender,
        Err(err) => {
            return Outcome {
                message: err.to_string(),
                is_error: false,
                stored: false,
            };
        }
    };
    let prediction = match recommender.predict(&document) {
        Ok(prediction) => prediction,
        Err(err) => {
            return Outcome {
                message: err.to_string(),
                is_error: true,
                stored: false,
            };
        }
    };
    match save_suggestions(project, &document, BUILTIN_SOURCE, &prediction.suggestions) {
        Ok(stored) => Outcome {
            message: format!(
                "trained on {} documents ({} entities) in {:.2} s; {} suggestions here",
                recommender.stats.documents,
                recommender.stats.entities,
                recommender.stats.duration.as_secs_f64(),
                prediction.suggestions.len()
            ),
            is_error: false,
            stored,
        },
        Err(err) => Outcome {
            message: err.to_string(),
            is_error: true,
            stored: false,
        },
    }
}

fn ask(project: &Project, url: &str, doc_id: &str) -> Outcome {
    let failed = |message: String| Outcome {
        message,
        is_error: true,
        stored: false,
    };
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
                is_error: !run.problems.is_empty(),
                stored: run.files_written > 0,
                message,
            }
        }
        Err(err) => failed(err.to_string()),
    }
}
