//! Windows over the workbench: the annotator's name, opening a folder,
//! choosing a relation type, the shortcut help, and quitting with unsaved work.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};

use super::actions::Action;
use super::app::SpanwrightApp;
use super::commands::Command;
use super::probe;
use crate::project::check_annotator_name;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationChoice {
    pub head: String,
    pub tail: String,
    pub head_label: String,
    pub tail_label: String,
    pub allowed: Vec<String>,
}

#[derive(Default)]
pub struct OpenFolderDialog {
    pub path: String,
    /// The native picker runs on its own thread; its answer comes here.
    picker: Option<super::tasks::Task<Option<PathBuf>>>,
    pub picker_unavailable: bool,
}

#[derive(Default)]
pub struct Dialogs {
    pub ask_annotator: bool,
    pub annotator_draft: String,
    /// The name field was given the keyboard since the dialog opened.
    pub annotator_focus_given: bool,
    pub open_folder: Option<OpenFolderDialog>,
    pub relation_choice: Option<RelationChoice>,
    pub show_help: bool,
    pub confirm_quit: bool,
}

impl Dialogs {
    pub fn is_modal_open(&self) -> bool {
        self.ask_annotator || self.open_folder.is_some() || self.relation_choice.is_some() || self.confirm_quit
    }

    pub fn start_open_folder(&mut self, current: Option<&Path>) {
        self.open_folder = Some(OpenFolderDialog {
            path: current.map(|p| p.display().to_string()).unwrap_or_default(),
            ..OpenFolderDialog::default()
        });
    }
}

pub fn ui(ctx: &egui::Context, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    if app.dialogs.ask_annotator {
        annotator_ui(ctx, app, actions);
    } else if app.dialogs.open_folder.is_some() {
        open_folder_ui(ctx, app, actions);
    } else if app.dialogs.relation_choice.is_some() {
        relation_choice_ui(ctx, app, actions);
    } else if app.dialogs.confirm_quit {
        confirm_quit_ui(ctx, app);
    }
    if app.dialogs.show_help {
        super::help_window::ui(ctx, app);
    }
}

fn annotator_ui(ctx: &egui::Context, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    // Listed once when the project opened, not read from disk every frame.
    let known = app.review.known_annotators.clone();
    let window_focused = ctx.input(|i| i.focused);
    let mut dismissed = false;
    egui::Modal::new(egui::Id::unique("annotator-dialog")).show(ctx, |ui| {
        ui.heading("Who is annotating?");
        ui.label("Your name names your annotation folder; it is remembered for next time.");
        if !known.is_empty() {
            ui.label("Annotators in this project:");
            ui.horizontal_wrapped(|ui| {
                for name in known {
                    let button = ui.button(&name);
                    probe::record(ui.ctx(), &format!("annotator:{name}"), button.rect);
                    if button.clicked() {
                        actions.push(Action::SetAnnotator(name));
                    }
                }
            });
            ui.label("Or a new name:");
        }
        let draft = &mut app.dialogs.annotator_draft;
        let label = ui.label("Annotator name");
        let field = ui
            .add(egui::TextEdit::singleline(draft).hint_text("e.g. alice"))
            .labelled_by(label.id);
        probe::record(ui.ctx(), "annotator-field", field.rect);
        // Only once the window has the keyboard: on X11 a text field that
        // takes the keyboard before then (and so turns on the input method)
        // leaves the window deaf to every click and key.
        if window_focused && !app.dialogs.annotator_focus_given {
            app.dialogs.annotator_focus_given = true;
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let name = draft.trim().to_owned();
        let problem = (!name.is_empty()).then(|| check_annotator_name(&name).err()).flatten();
        if let Some(problem) = &problem {
            ui.colored_label(ui.visuals().error_fg_color, problem.to_string());
        }
        let ready = !name.is_empty() && problem.is_none();
        ui.horizontal(|ui| {
            let start = ui.add_enabled(ready, egui::Button::new("Start annotating"));
            probe::record(ui.ctx(), "annotator-start", start.rect);
            if (start.clicked() || entered) && ready {
                actions.push(Action::SetAnnotator(name.clone()));
            }
            if ui
                .button("Not now")
                .on_hover_text("Look around read-only (Esc)")
                .clicked()
            {
                dismissed = true;
            }
        });
    });
    if dismissed || ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        app.dialogs.ask_annotator = false;
        app.dialogs.annotator_focus_given = false;
        app.notify("Read-only until you say who is annotating: File › Who is annotating…, or press a label key");
    }
}

fn open_folder_ui(ctx: &egui::Context, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    let recent = app.settings.recent_projects.clone();
    let Some(dialog) = app.dialogs.open_folder.as_mut() else {
        return;
    };
    if let Some(picker) = dialog.picker.take() {
        match picker.try_take() {
            Ok(Ok(Some(path))) => actions.push(Action::OpenProject(path)),
            Ok(Ok(None) | Err(_)) => dialog.picker_unavailable = true,
            Err(picker) => dialog.picker = Some(picker),
        }
    }
    let mut close = false;
    egui::Modal::new(egui::Id::unique("open-folder-dialog")).show(ctx, |ui| {
        ui.heading("Open a project folder");
        ui.label("Every .txt file below the folder becomes a document.");
        ui.horizontal(|ui| {
            let label = ui.label("Folder");
            let field = ui
                .add(egui::TextEdit::singleline(&mut dialog.path).desired_width(360.0))
                .labelled_by(label.id);
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if (ui.button("Open").clicked() || entered) && !dialog.path.trim().is_empty() {
                actions.push(Action::OpenProject(PathBuf::from(dialog.path.trim())));
            }
        });
        ui.horizontal(|ui| {
            let browsing = dialog.picker.is_some();
            if ui.add_enabled(!browsing, egui::Button::new("Browse…")).clicked() {
                dialog.picker = Some(super::tasks::Task::spawn("folder-picker", Some(ui.ctx()), || {
                    rfd::FileDialog::new().pick_folder()
                }));
            }
            if browsing {
                ui.weak("choosing…");
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
        if dialog.picker_unavailable {
            ui.label("No folder was chosen (or this desktop offers no folder dialog): type the path above.");
        }
        if !recent.is_empty() {
            ui.separator();
            ui.label("Recent projects");
            for path in recent {
                if ui.link(path.display().to_string()).clicked() {
                    actions.push(Action::OpenProject(path));
                }
            }
        }
    });
    if close || ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        app.dialogs.open_folder = None;
    }
}

fn relation_choice_ui(ctx: &egui::Context, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    let Some(choice) = app.dialogs.relation_choice.clone() else {
        return;
    };
    egui::Modal::new(egui::Id::unique("relation-choice")).show(ctx, |ui| {
        ui.heading(format!("Relation {} → {}", choice.head_label, choice.tail_label));
        ui.label("Choose its type (or press its number):");
        for (i, label) in choice.allowed.iter().enumerate() {
            let key = digit_key(i + 1);
            let pressed = key.is_some_and(|key| ui.input_mut(|input| input.consume_key(Modifiers::NONE, key)));
            if ui.button(format!("{} {label}", i + 1)).clicked() || pressed {
                actions.push(Action::CreateRelation {
                    label: label.clone(),
                    head: choice.head.clone(),
                    tail: choice.tail.clone(),
                });
            }
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::Command(Command::Cancel));
        }
    });
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        actions.push(Action::Command(Command::Cancel));
    }
}

fn digit_key(n: usize) -> Option<Key> {
    Key::from_name(&n.to_string()).filter(|_| n <= 9)
}

fn confirm_quit_ui(ctx: &egui::Context, app: &mut SpanwrightApp) {
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("confirm-quit")).show(ctx, |ui| {
        ui.heading("Unsaved annotations");
        let reasons: Vec<String> = app.workspace().map(|w| w.store.save_errors()).unwrap_or_default();
        ui.label("Some annotations could not be saved:");
        for reason in reasons {
            ui.label(reason);
        }
        ui.horizontal(|ui| {
            if ui.button("Try saving again").clicked() {
                choice = Some(false);
            }
            if ui.button("Quit and lose them").clicked() {
                choice = Some(true);
            }
            if ui.button("Keep working").clicked() {
                app.dialogs.confirm_quit = false;
            }
        });
    });
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        app.dialogs.confirm_quit = false;
    }
    match choice {
        Some(true) => app.quit_discarding(),
        Some(false) => {
            app.dialogs.confirm_quit = false;
            app.quit();
        }
        None => {}
    }
}
