//! The window: a thin layer over the annotation core. It reads the core to
//! draw and changes it only through edits.

mod actions;
mod app;
mod central;
pub mod commands;
mod corpus_panel;
mod dialogs;
pub mod document_view;
mod drop_target;
mod edit_messages;
mod find;
mod frame_times;
pub mod headless;
pub mod help_window;
mod keyboard;
mod menu_bar;
mod model_assist;
mod model_curve;
mod model_relations;
mod probe;
mod reanchor_dialog;
mod review;
mod run_action;
mod run_tools;
pub mod settings;
mod settings_writer;
pub(crate) mod side_panel;
mod status_bar;
mod store;
mod suggestions;
mod suggestions_panel;
mod tasks;
mod tool_windows;
mod transfer;
mod workspace;

use std::path::PathBuf;

pub use actions::Action;
pub use app::{AppOptions, Notice, SpanwrightApp};
pub use frame_times::{FRAME_TIMES_VAR, request as request_frame_times};
pub use review::Mode;
pub use store::{DocKey, DraftField};
pub use workspace::{SaveState, Workspace};

/// Opens the window on `project_dir`.
pub fn run(project_dir: PathBuf, annotator: Option<String>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Spanwright")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        ..eframe::NativeOptions::default()
    };
    let app_options = AppOptions {
        project_dir: Some(project_dir),
        annotator,
        settings: settings::SettingsStore::platform(),
    };
    eframe::run_native(
        "Spanwright",
        options,
        Box::new(move |cc| {
            // Asked to end (SIGTERM, SIGHUP, SIGINT): close as the window's
            // close button would, which saves everything first.
            let ctx = cc.egui_ctx.clone();
            let caught = crate::project::on_termination(move || {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                ctx.request_repaint();
            });
            if let Err(err) = caught {
                eprintln!(
                    "spanwright: cannot catch termination signals ({err}): ending the process loses unsaved edits"
                );
            }
            Ok(Box::new(SpanwrightApp::new(&cc.egui_ctx, app_options)))
        }),
    )
}
