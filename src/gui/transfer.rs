//! File › Export… and File › Import…: a form, a progress bar while a worker
//! thread does the work, and the summary at the end.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::tasks::Task;

/// How often a running export or import redraws its progress.
const PROGRESS_REDRAW: std::time::Duration = std::time::Duration::from_millis(200);

use crate::annotations::{AnnotationFile, Status};
use crate::formats::suggestions::{PredictionOptions, import_predictions};
use crate::formats::{ExportError, ExportOptions, Format, ImportError, ImportOptions, TagScheme, export, import};
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
    /// Import: the annotator the files are stored under (a new name is fine).
    pub annotator: String,
    /// Export: whose annotations, one of `annotators` (`None` when the
    /// project has none: the texts alone are exported).
    pub export_annotator: Option<String>,
    /// The project's annotators, as listed when it opened.
    pub annotators: Vec<String>,
    pub only_done: bool,
    pub bilou: bool,
    pub skip_invalid: bool,
    progress: Arc<Progress>,
    running: Option<Task<Result<Finished, String>>>,
    /// The summary (or error) of the last run.
    pub outcome: Option<Result<Finished, String>>,
    browse: Option<Task<Option<PathBuf>>>,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finished {
    /// Written (or read); the summary.
    Done(String),
    /// Nothing was written: the export would hold no entity. Export anyway
    /// writes it.
    NoEntities { documents: usize },
}

impl TransferDialog {
    /// `annotators`: the project's, as listed when it opened.
    pub fn new(direction: Direction, project: &Project, annotator: &str, annotators: &[String]) -> Self {
        let out_folder = project.root().parent().unwrap_or(project.root());
        let export_annotator = annotators
            .iter()
            .find(|a| *a == annotator)
            .or(annotators.first())
            .cloned();
        Self {
            direction,
            export_format: Format::Jsonl,
            import_kind: ImportKind::Annotations(Format::Jsonl),
            path: match direction {
                Direction::Export => out_folder.join(default_output(Format::Jsonl)).display().to_string(),
                Direction::Import => String::new(),
            },
            annotator: annotator.to_owned(),
            export_annotator,
            annotators: annotators.to_vec(),
            only_done: false,
            bilou: false,
            skip_invalid: false,
            progress: Arc::default(),
            running: None,
            outcome: None,
            browse: None,
        }
    }

    /// The export path for a newly chosen format: the same folder, that
    /// format's file (or folder, for brat) name.
    fn follow_format(&mut self) {
        let current = PathBuf::from(self.path.trim());
        let folder = current.parent().map(PathBuf::from).unwrap_or_default();
        self.path = folder.join(default_output(self.export_format)).display().to_string();
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts the export or import on a worker thread.
    /// `even_if_empty`: write an export although it holds no entity.
    pub fn start(&mut self, project: &Project, ctx: &egui::Context, even_if_empty: bool) {
        let progress = Arc::clone(&self.progress);
        progress.done.store(0, Ordering::Relaxed);
        progress.total.store(0, Ordering::Relaxed);
        let job = self.job(project, even_if_empty);
        let waker = ctx.clone();
        self.running = Some(Task::spawn("transfer", Some(ctx), move || {
            let mut report = |done: usize, total: usize| {
                progress.done.store(done, Ordering::Relaxed);
                progress.total.store(total, Ordering::Relaxed);
                // The progress bar is redrawn a few times a second, not once
                // per document.
                waker.request_repaint_after(PROGRESS_REDRAW);
            };
            job(&mut report)
        }));
        self.outcome = None;
    }

    /// The work to do, owning everything it needs.
    #[allow(clippy::type_complexity)]
    fn job(
        &self,
        project: &Project,
        even_if_empty: bool,
    ) -> Box<dyn FnOnce(&mut dyn FnMut(usize, usize)) -> Result<Finished, String> + Send> {
        let path = PathBuf::from(self.path.trim());
        let project_dir = project.root().to_path_buf();
        let annotator = self.annotator.trim().to_owned();
        match self.direction {
            Direction::Export => {
                let options = ExportOptions {
                    format: self.export_format,
                    annotator: self.export_annotator.clone(),
                    min_status: self.only_done.then_some(Status::Done),
                    scheme: if self.bilou { TagScheme::Bilou } else { TagScheme::Bio },
                };
                Box::new(move |progress| {
                    let project = Project::open(&project_dir).map_err(|e| e.to_string())?;
                    if !even_if_empty && let Some(documents) = exports_no_entity(&project, &options) {
                        return Ok(Finished::NoEntities { documents });
                    }
                    export(&project, &options, &path, progress)
                        .map(|summary| Finished::Done(summary.to_string()))
                        .map_err(|e| export_error_for_window(&e))
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
                            .map(|summary| Finished::Done(summary.to_string()))
                            .map_err(|e| import_error_for_window(&e))
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
                            .map(|summary| Finished::Done(summary.to_string()))
                            .map_err(|e| import_error_for_window(&e))
                    })
                }
            },
        }
    }

    /// Collects the worker's result; true when a run just finished.
    pub fn poll(&mut self) -> bool {
        let Some(task) = self.running.take() else {
            return false;
        };
        match task.try_take() {
            Ok(outcome) => {
                self.outcome = Some(outcome.unwrap_or_else(|stopped| Err(stopped.to_string())));
                true
            }
            Err(task) => {
                self.running = Some(task);
                false
            }
        }
    }

    /// The form; returns `Some(even_if_empty)` when the user asked to
    /// start, and sets `close` when the dialog should go.
    pub fn ui(&mut self, ui: &mut egui::Ui, close: &mut bool) -> Option<bool> {
        let mut start = None;
        self.poll_browse();
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
                                    if ui
                                        .selectable_value(&mut self.export_format, format, format.name())
                                        .changed()
                                    {
                                        self.follow_format();
                                    }
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
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(320.0))
                        .labelled_by(caption.id);
                    let browsing = self.browse.is_some();
                    if ui.add_enabled(!browsing, egui::Button::new("Browse…")).clicked() {
                        self.start_browse(ui.ctx());
                    }
                });
                ui.end_row();
                match self.direction {
                    Direction::Export => {
                        let caption = ui.label("Whose annotations");
                        if self.annotators.is_empty() {
                            ui.label("nobody has annotated yet: the texts alone");
                        } else {
                            let shown = self.export_annotator.clone().unwrap_or_default();
                            egui::ComboBox::from_id_salt("export-annotator")
                                .selected_text(shown)
                                .show_ui(ui, |ui| {
                                    for name in &self.annotators {
                                        ui.selectable_value(&mut self.export_annotator, Some(name.clone()), name);
                                    }
                                })
                                .response
                                .labelled_by(caption.id);
                        }
                        ui.end_row();
                    }
                    Direction::Import if self.import_kind != ImportKind::Predictions => {
                        let caption = ui.label("Import as annotator");
                        ui.add(egui::TextEdit::singleline(&mut self.annotator).desired_width(160.0))
                            .labelled_by(caption.id);
                        ui.end_row();
                    }
                    Direction::Import => {}
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
            Some(Ok(Finished::Done(summary))) => {
                ui.separator();
                egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                    ui.monospace(summary);
                });
            }
            Some(Ok(Finished::NoEntities { documents })) => {
                ui.separator();
                let whose = self.export_annotator.as_deref().unwrap_or("anyone");
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "Nothing written: the {documents} documents to export hold no entity by {whose}. \
                         Choose another annotator, or export the texts alone anyway."
                    ),
                );
                if ui.button("Export anyway").clicked() {
                    start = Some(true);
                }
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
                start = Some(false);
            }
            if ui.button("Close").clicked() {
                *close = true;
            }
        });
        start
    }
}

impl TransferDialog {
    /// Opens the desktop's file or folder dialog on its own thread.
    fn start_browse(&mut self, ctx: &egui::Context) {
        let current = PathBuf::from(self.path.trim());
        let folder = current.parent().filter(|p| p.is_dir()).map(PathBuf::from);
        let name = current.file_name().map(|n| n.to_string_lossy().into_owned());
        let direction = self.direction;
        let writes_folder = self.export_format.writes_folder();
        self.browse = Some(Task::spawn("browse", Some(ctx), move || {
            let mut dialog = rfd::FileDialog::new();
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            match direction {
                Direction::Export if writes_folder => dialog.pick_folder(),
                Direction::Export => match name {
                    Some(name) => dialog.set_file_name(name).save_file(),
                    None => dialog.save_file(),
                },
                Direction::Import => dialog.pick_file(),
            }
        }));
    }

    fn poll_browse(&mut self) {
        let Some(task) = self.browse.take() else {
            return;
        };
        match task.try_take() {
            Ok(Ok(Some(path))) => self.path = path.display().to_string(),
            // Nothing chosen, or no file dialog on this desktop: the path
            // is typed instead.
            Ok(Ok(None) | Err(_)) => {}
            Err(task) => self.browse = Some(task),
        }
    }
}

/// The file (or folder, for brat) an export writes by default.
pub fn default_output(format: Format) -> &'static str {
    match format {
        Format::Jsonl => "export.jsonl",
        Format::Doccano => "export-doccano.jsonl",
        Format::LabelStudio => "export-label-studio.json",
        Format::Brat => "export-brat",
        Format::Conll => "export.conll",
    }
}

/// `Some(documents)` when the export would hold no entity: the documents it
/// would write, none with an entity by the chosen annotator.
fn exports_no_entity(project: &Project, options: &ExportOptions) -> Option<usize> {
    let Some(annotator) = options.annotator.as_deref() else {
        return Some(project.documents().len());
    };
    let mut documents = 0;
    for entry in project.documents() {
        let path = project.annotation_path(annotator, &entry.id);
        if !path.exists() {
            // No file: status todo, no entities.
            if options.min_status.is_none() {
                documents += 1;
            }
            continue;
        }
        // A file that does not load is left to the export, which names it.
        let Ok(file) = AnnotationFile::load(&path, &entry.id) else {
            return None;
        };
        if options.min_status.is_some_and(|min| file.status < min) {
            continue;
        }
        if !file.entities.is_empty() {
            return None;
        }
        documents += 1;
    }
    Some(documents)
}

/// An export error in the words of the window (the core's name command-line
/// flags).
fn export_error_for_window(error: &ExportError) -> String {
    match error {
        ExportError::AnnotatorNeeded { annotators } => {
            format!("Choose whose annotations to export ({}).", annotators.join(", "))
        }
        ExportError::OutIsFolder { path, format } => {
            format!("{path} is a folder; a {format} export writes one file: give a file name.")
        }
        ExportError::OutIsFile { path } => {
            format!("{path} is a file; a brat export writes a folder: give a folder name.")
        }
        ExportError::Invalid { problems } => format!(
            "Nothing was exported: {} problems in the annotation files (QA problems… in the View menu lists them):\n{}",
            problems.len(),
            problems
                .iter()
                .take(20)
                .map(|p| format!("  {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => other.to_string(),
    }
}

/// An import error in the words of the window.
fn import_error_for_window(error: &ImportError) -> String {
    match error {
        ImportError::Invalid { problems } => format!(
            "Nothing was imported: {} problems (tick “Import what is valid” to import the rest):\n{}",
            problems.len(),
            problems
                .iter()
                .take(20)
                .map(|p| format!("  {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        ImportError::WouldOverwrite { annotator, files } => format!(
            "Nothing was imported: {annotator} already has annotation files for {} documents; \
             import as another annotator, or move these away first:\n{}",
            files.len(),
            files
                .iter()
                .take(20)
                .map(|f| format!("  {f}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => other.to_string(),
    }
}
