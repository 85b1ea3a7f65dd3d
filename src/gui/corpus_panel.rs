//! The list of documents: status, entity count, a filter and progress.

use super::actions::Action;
use super::app::SpanwrightApp;
use super::review::corpus_rows;
use crate::annotations::Status;

pub fn ui(ui: &mut egui::Ui, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    egui::Panel::left("corpus-panel")
        .resizable(true)
        .default_size(240.0)
        .show(ui, |ui| {
            ui.heading("Documents");
            let Some(workspace) = app.workspace.as_ref() else {
                ui.label("No project open.");
                if ui.button("Open folder…").clicked() {
                    actions.push(Action::Command(super::commands::Command::OpenFolder));
                }
                return;
            };
            let total = workspace.project.documents().len();
            let finished = workspace.finished_count();
            let fraction = if total == 0 {
                0.0
            } else {
                finished as f32 / total as f32
            };
            ui.add(egui::ProgressBar::new(fraction).text(format!("{finished} of {total} done")));
            ui.horizontal(|ui| {
                let label = ui.label("Filter:");
                ui.add(egui::TextEdit::singleline(&mut app.corpus_filter).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
            });
            corpus_rows::filters_ui(ui, app, actions);
            ui.separator();
            let filter = app.corpus_filter.to_lowercase();
            let listed = corpus_rows::listed_annotators(app);
            let mut shown: Vec<usize> = (0..total)
                .filter(|&i| filter.is_empty() || workspace.project.documents()[i].id.to_lowercase().contains(&filter))
                .filter(|&i| corpus_rows::passes(app, i, &listed))
                .collect();
            if super::model_assist::least_confident_ui(ui, &mut app.model_assist) {
                shown = super::model_assist::active_learning_rows(workspace, &app.model_assist, &shown);
            }
            let current = workspace.current_index();
            let row_height = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
            egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(
                ui,
                row_height,
                shown.len(),
                |ui, rows| {
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    for &index in &shown[rows] {
                        let entry = &workspace.project.documents()[index];
                        let (status, entities) = corpus_rows::status_of(app, index);
                        let error = workspace.store.open_error(&workspace.own_key(&entry.id));
                        let mark = match (error, status) {
                            (Some(_), _) => "⚠",
                            (None, Some(Status::Done)) => "✔",
                            (None, Some(Status::Reviewed)) => "★",
                            (None, Some(Status::InProgress)) => "◐",
                            _ => "○",
                        };
                        let count = entities.map_or_else(|| "…".to_owned(), |n| n.to_string());
                        let agreement = corpus_rows::agreement_text(app, &entry.id);
                        let figure = agreement
                            .as_ref()
                            .map(|(figure, _)| figure.as_str())
                            .unwrap_or_default();
                        let text = format!("{mark} {figure}{}  ({count})", entry.id);
                        let mut response = ui.selectable_label(current == Some(index), text);
                        let mut tip = match (error, status) {
                            (Some(error), _) => error.to_owned(),
                            (None, Some(status)) => format!("{status}, {count} entities"),
                            (None, None) => "reading…".to_owned(),
                        };
                        if let Some((_, figures)) = agreement {
                            tip = format!("{tip}\n{figures}");
                        }
                        response = response.on_hover_text(tip);
                        if response.clicked() {
                            actions.push(Action::ShowDocument(entry.id.clone()));
                        }
                    }
                },
            );
        });
}
