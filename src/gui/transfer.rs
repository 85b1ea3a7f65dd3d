//! File › Export… and File › Import…: a form, a progress bar while a worker
//! thread does the work, and the summary at the end.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};

use crate::annotations::Status;
use crate::formats::suggestions::{PredictionOptions, import_predictions};
use crate::formats::{ExportOptions, Format, ImportOptions, TagScheme, export, import};
use crate::project::Project;

/// Which way data moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Export,
    Import,
}

/// What the import reads: a format, or a model's predictions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Annotations(Format),
    Predictions,
}

impl ImportKind {
    fn name(self) -> &'static str {
        match self {
            Self::Annotations(format) => format.name(),
            Self::Predictions => "predictions (jsonl)",
        }
    }
}

/// Progress shared with the worker: documents done and in all.
#[derive(Default)]
struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

pub struct TransferDialog {
    pub direction: Direction,
    pub export_format: Format,
    pub import_kind: ImportKind,
    pub path: String,
    pub annotator: String,
    pub only_done: bool,
    pub bilou: bool,
    pub skip_invalid: bool,
    progress: Arc<Progress>,
    running: Option<Receiver<Result<String, String>>>,
    /// The summary (or error) of the last run.
    pub outcome: Option<Result<String, String>>,
}

impl TransferDialog {
    pub fn new(direction: Direction, project: &Project, annotator: &str) -> Self {
        let default_out = project.root().parent().unwrap_or(project.root()).join("export.jsonl");
        Self {
            direction,
            export_format: Format::Jsonl,
            import_kind: ImportKind::Annotations(Format::Jsonl),
            path: match direction {
                Direction::Export => default_out.display().to_string(),
                Direction::Import => String::new(),
            },
            annotator: annotator.to_owned(),
            only_done: false,
            bilou: false,
            skip_invalid: false,
            progress: Arc::default(),
            running: None,
            outcome: None,
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts the export or import on a worker thread.
    pub fn start(&mut self, project: &Project, ctx: &egui::Context) {
        let (sender, receiver) = channel();
        let progress = Arc::clone(&self.progress);
        progress.done.store(0, Ordering::Relaxed);
        progress.total.store(0, Ordering::Relaxed);
        let job = self.job(project);
        let ctx = ctx.clone();
        let started = std::thread::Builder::new()
            .name("spanwright-transfer".into())
            .spawn(move || {
                let mut report = |done: usize, total: usize| {
                    progress.done.store(done, Ordering::Relaxed);
                    progress.total.store(total, Ordering::Relaxed);
                    ctx.request_repaint();
                };
                let _ = sender.send(job(&mut report));
                ctx.request_repaint();
            });
        match started {
            Ok(_) => {
                self.running = Some(receiver);
                self.outcome = None;
            }
            Err(err) => self.outcome = Some(Err(format!("cannot start: {err}"))),
        }
    }

    /// The work to do, owning everything it needs.
    #[allow(clippy::type_complexity)]
    fn job(&self, project: &Project) -> Box<dyn FnOnce(&mut dyn FnMut(usize, usize)) -> Result<String, String> + Send> {
        let path = PathBuf::from(self.path.trim());
        let project_dir = project.root().to_path_buf();
        let annotator = self.annotator.trim().to_owned();
        match self.direction {
            Direction::Export => {
                let options = ExportOptions {
                    format: self.export_format,
                    annotator: (!annotator.is_empty()).then_some(annotator),
                    min_status: self.only_done.then_some(Status::Done),
                    scheme: if self.bilou { TagScheme::Bilou } else { TagScheme::Bio },
                };
                Box::new(move |progress| {
                    let project = Project::open(&project_dir).map_err(|e| e.to_string())?;
                    export(&project, &options, &path, progress)
                        .map(|summary| summary.to_string())
                        .map_err(|e| e.to_string())
                })
            }
            Direction::Import => match self.import_kind {
                ImportKind::Annotations(format) => {
                    let options = ImportOptions {
                        format,
                        input: path,
                        project_dir,
                        annotator,
                        skip_invalid: self.skip_invalid,
                    };
                    Box::new(move |progress| {
                        import(&options, progress)
                            .map(|summary| summary.to_string())
                            .map_err(|e| e.to_string())
                    })
                }
                ImportKind::Predictions => {
                    let options = PredictionOptions {
                        input: path,
                        project_dir,
                        source: None,
                        skip_invalid: self.skip_invalid,
                    };
                    Box::new(move |progress| {
                        import_predictions(&options, progress)
                            .map(|summary| summary.to_string())
                            .map_err(|e| e.to_string())
                    })
                }
            },
        }
    }

    /// Collects the worker's result; true when a run just finished.
    pub fn poll(&mut self) -> bool {
        let Some(receiver) = &self.running else {
            return false;
        };
        match receiver.try_recv() {
            Ok(outcome) => {
                self.outcome = Some(outcome);
                self.running = None;
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.outcome = Some(Err("the worker stopped without an answer".into()));
                self.running = None;
                true
            }
        }
    }

    /// The form; returns true when the user asked to start, and sets `close`
    /// when the dialog should go.
    pub fn ui(&mut self, ui: &mut egui::Ui, close: &mut bool) -> bool {
        let mut start = false;
        let title = match self.direction {
            Direction::Export => "Export annotations",
            Direction::Import => "Import annotations",
        };
        ui.heading(title);
        ui.add_enabled_ui(!self.is_running(), |ui| {
            egui::Grid::new("transfer-form").num_columns(2).show(ui, |ui| {
                let caption = ui.label("Format");
                match self.direction {
                    Direction::Export => {
                        egui::ComboBox::from_id_salt("export-format")
                            .selected_text(self.export_format.name())
                            .show_ui(ui, |ui| {
                                for format in Format::ALL {
                                    ui.selectable_value(&mut self.export_format, format, format.name());
                                }
                            })
                            .response
                            .labelled_by(caption.id);
                    }
                    Direction::Import => {
                        let kinds = Format::ALL
                            .into_iter()
                            .filter(|f| f.can_import())
                            .map(ImportKind::Annotations)
                            .chain([ImportKind::Predictions]);
                        egui::ComboBox::from_id_salt("import-format")
                            .selected_text(self.import_kind.name())
                            .show_ui(ui, |ui| {
                                for kind in kinds {
                                    ui.selectable_value(&mut self.import_kind, kind, kind.name());
                                }
                            })
                            .response
                            .labelled_by(caption.id);
                    }
                }
                ui.end_row();
                let what = match (self.direction, self.export_format) {
                    (Direction::Export, format) if format.writes_folder() => "Output folder",
                    (Direction::Export, _) => "Output file",
                    (Direction::Import, _) => "Input file or folder",
                };
                let caption = ui.label(what);
                ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(380.0))
                    .labelled_by(caption.id);
                ui.end_row();
                if self.import_kind != ImportKind::Predictions || self.direction == Direction::Export {
                    let caption = ui.label(match self.direction {
                        Direction::Export => "Whose annotations",
                        Direction::Import => "Import as annotator",
                    });
                    ui.add(egui::TextEdit::singleline(&mut self.annotator).desired_width(160.0))
                        .labelled_by(caption.id);
                    ui.end_row();
                }
            });
            match self.direction {
                Direction::Export => {
                    ui.checkbox(&mut self.only_done, "Only documents marked done or reviewed");
                    if self.export_format == Format::Conll {
                        ui.checkbox(&mut self.bilou, "BILOU tags instead of BIO");
                    }
                }
                Direction::Import => {
                    ui.checkbox(&mut self.skip_invalid, "Import what is valid and list what was skipped");
                }
            }
        });
        if self.is_running() {
            let done = self.progress.done.load(Ordering::Relaxed);
            let total = self.progress.total.load(Ordering::Relaxed).max(1);
            ui.add(egui::ProgressBar::new(done as f32 / total as f32).text(format!("{done} of {total}")));
        }
        match &self.outcome {
            Some(Ok(summary)) => {
                ui.separator();
                egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                    ui.monospace(summary);
                });
            }
            Some(Err(error)) => {
                ui.separator();
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            None => {}
        }
        ui.horizontal(|ui| {
            let verb = match self.direction {
                Direction::Export => "Export",
                Direction::Import => "Import",
            };
            let ready = !self.path.trim().is_empty() && !self.is_running();
            if ui.add_enabled(ready, egui::Button::new(verb)).clicked() {
                start = true;
            }
            if ui.button("Close").clicked() {
                *close = true;
            }
        });
        start
    }
}
