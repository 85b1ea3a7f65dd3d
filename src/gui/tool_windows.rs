//! The windows of the export/import and re-anchoring tools; they are not
//! modal, so the document stays usable (a re-anchor place is chosen there).

use super::actions::Action;
use super::app::SpanwrightApp;
use super::reanchor_dialog::ReanchorChoice;
use super::workspace::Workspace;

pub fn ui(ctx: &egui::Context, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    if let Some(transfer) = app.transfer.as_mut() {
        let mut close = false;
        let mut start = None;
        egui::Window::new("Export or import")
            .collapsible(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                start = transfer.ui(ui, &mut close);
            });
        if let Some(even_if_empty) = start {
            actions.push(Action::StartTransfer { even_if_empty });
        }
        if close {
            actions.push(Action::CloseTransfer);
        }
    }
    let selection = Workspace::selected_span(&app.selection);
    if let Some(dialog) = app.reanchor.as_mut() {
        let mut choice = None;
        egui::Window::new("Re-anchor annotations")
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| {
                choice = dialog.ui(ui, selection);
            });
        match choice {
            Some(ReanchorChoice::Apply) => actions.push(Action::ApplyReanchor),
            Some(ReanchorChoice::Close) => actions.push(Action::CloseReanchor),
            None => {}
        }
    }
}
