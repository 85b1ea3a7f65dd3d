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
mod find;
pub mod headless;
mod keyboard;
mod menu_bar;
mod reanchor_dialog;
mod review;
mod run_action;
mod run_tools;
mod saver;
pub mod settings;
pub(crate) mod side_panel;
mod status_bar;
mod suggestions;
mod suggestions_panel;
mod tool_windows;
mod transfer;
mod workspace;

use std::path::PathBuf;

pub use actions::Action;
pub use app::{AppOptions, Notice, SpanwrightApp};
pub use review::Mode;
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
        Box::new(move |cc| Ok(Box::new(SpanwrightApp::new(&cc.egui_ctx, app_options)))),
    )
}
