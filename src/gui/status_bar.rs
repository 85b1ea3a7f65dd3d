//! The bottom line: who annotates, whether it is saved, what is selected.

use super::actions::Action;
use super::app::SpanwrightApp;
use super::document_view::Selection;
use super::workspace::SaveState;

pub fn ui(ui: &mut egui::Ui, app: &SpanwrightApp, _actions: &mut Vec<Action>) {
    egui::Panel::bottom("status-bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(format!("Annotator: {}", app.annotator().unwrap_or("—")));
            if let Some(shown) = app
                .shown_document()
                .filter(|d| !d.annotator().is_empty() && Some(d.annotator()) != app.annotator())
            {
                ui.label(format!("· showing {}'s file", shown.annotator()));
            }
            ui.separator();
            if app.is_closing() {
                ui.label("Saving before closing…");
                ui.separator();
            }
            match app.save_state() {
                Some(SaveState::Saved) => {
                    ui.label("Saved");
                }
                Some(SaveState::Unsaved) => {
                    ui.label("Unsaved changes");
                }
                Some(SaveState::Saving) => {
                    ui.label("Saving…");
                }
                Some(SaveState::Failed { reason, retry_in }) => {
                    let (text, tip) = match retry_in {
                        Some(wait) => (
                            "Save failed — retrying on its own".to_owned(),
                            format!("{reason}\nNext try in {} s; Ctrl+S tries now.", wait.as_secs().max(1)),
                        ),
                        None => ("Save failed".to_owned(), reason),
                    };
                    ui.colored_label(ui.visuals().error_fg_color, text).on_hover_text(tip);
                }
                None => {}
            }
            ui.separator();
            ui.label(selection_text(app));
            if let Some(notice) = app.notice() {
                ui.separator();
                if notice.is_error {
                    ui.colored_label(ui.visuals().error_fg_color, &notice.text);
                } else {
                    ui.label(&notice.text);
                }
            }
        });
    });
}

fn selection_text(app: &SpanwrightApp) -> String {
    let Some(open) = app.shown_document() else {
        return String::new();
    };
    let quote = |start: usize, end: usize| {
        let text = open.document().slice(start, end).unwrap_or_default();
        let shown: String = text.chars().take(60).collect();
        let more = if text.chars().count() > 60 { "…" } else { "" };
        format!("{start}–{end} “{shown}{more}”")
    };
    match app.selection() {
        Selection::Nothing => "No selection".to_owned(),
        Selection::Text { start, end } => format!("Text {}", quote(*start, *end)),
        Selection::Entity(id) => match open.set().entity(id) {
            Some(e) => format!("{} {} {}", e.id, e.label, quote(e.start, e.end)),
            None => String::new(),
        },
        Selection::Relation(id) => match open.set().relation(id) {
            Some(r) => format!("{} {} {} → {}", r.id, r.label, r.head, r.tail),
            None => String::new(),
        },
    }
}
