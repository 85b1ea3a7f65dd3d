//! The side panel's list of suggestions for the document on screen.

use super::actions::Action;
use super::app::SpanwrightApp;

pub fn ui(ui: &mut egui::Ui, app: &mut SpanwrightApp, editable: bool, actions: &mut Vec<Action>) {
    let suggestions = &mut app.suggestions;
    let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let count = suggestions.list().len();
    egui::CollapsingHeader::new(format!("Suggestions ({count})"))
        .id_salt("suggestions")
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.checkbox(&mut suggestions.case_sensitive, "Match case");
                if ui.button("Refresh").clicked() {
                    actions.push(Action::RefreshSuggestions);
                }
            });
            // A still label, not a spinner: a spinner repaints the window
            // every frame while the work runs; the finished job repaints it.
            if suggestions.is_working() {
                ui.label("Looking for suggestions…");
            }
            if suggestions.left_out() > 0 {
                ui.label(format!(
                    "{} more suggestions are left out; accept or reject these to see them.",
                    suggestions.left_out()
                ));
            }
            for problem in suggestions.problems() {
                ui.colored_label(ui.visuals().warn_fg_color, problem);
            }
            if count == 0 {
                ui.label("Nothing to suggest: import a model's predictions, or label a text that occurs again.");
                return;
            }
            ui.add_enabled_ui(editable, |ui| {
                ui.horizontal(|ui| {
                    let caption = ui.label("Threshold");
                    ui.add(egui::Slider::new(&mut suggestions.threshold, 0.0..=1.0).fixed_decimals(2))
                        .labelled_by(caption.id);
                });
                ui.horizontal(|ui| {
                    let above = suggestions.count_above_threshold();
                    if ui
                        .add_enabled(above > 0, egui::Button::new(format!("Accept {above} above")))
                        .clicked()
                    {
                        actions.push(Action::AcceptSuggestions(suggestions.above_threshold()));
                    }
                    if ui.button(format!("Reject all {count}")).clicked() {
                        actions.push(Action::RejectSuggestions(suggestions.list().to_vec()));
                    }
                });
                egui::ScrollArea::vertical()
                    .id_salt("suggestion-list")
                    .max_height(180.0)
                    .show_rows(ui, row_height, suggestions.list().len(), |ui, rows| {
                        for suggestion in &suggestions.list()[rows] {
                            ui.horizontal(|ui| {
                                let score = suggestion.score.map_or_else(String::new, |s| format!(" {s:.2}"));
                                ui.label(format!(
                                    "{} “{}”{score} · {}",
                                    suggestion.label, suggestion.text, suggestion.source
                                ));
                                let name = format!("{}: {}", suggestion.label, suggestion.text);
                                let accept = ui.small_button("✔").on_hover_text(format!("Accept {name}"));
                                let accept_label = format!("Accept {name}");
                                accept.widget_info(|| {
                                    egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &accept_label)
                                });
                                if accept.clicked() {
                                    actions.push(Action::AcceptSuggestions(vec![suggestion.clone()]));
                                }
                                let reject = ui.small_button("✖").on_hover_text(format!("Reject {name}"));
                                let reject_label = format!("Reject {name}");
                                reject.widget_info(|| {
                                    egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &reject_label)
                                });
                                if reject.clicked() {
                                    actions.push(Action::RejectSuggestions(vec![suggestion.clone()]));
                                }
                            });
                        }
                    });
            });
        });
}
