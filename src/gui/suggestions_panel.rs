//! The side panel's list of suggestions for the document on screen.

use super::actions::Action;
use super::app::SpanwrightApp;
use super::document_view::Selection;
use super::suggestions::Row;

/// The section is exactly `height` tall, whether it holds nothing, a
/// progress line or a long list: what sits below it never moves.
pub fn ui(ui: &mut egui::Ui, app: &mut SpanwrightApp, editable: bool, height: f32, actions: &mut Vec<Action>) {
    let size = egui::vec2(ui.available_width(), height);
    ui.allocate_ui_with_layout(size, egui::Layout::top_down(egui::Align::Min), |ui| {
        ui.set_min_size(size);
        ui.set_clip_rect(ui.max_rect().intersect(ui.clip_rect()));
        section_ui(ui, app, editable, actions);
    });
}

fn section_ui(ui: &mut egui::Ui, app: &mut SpanwrightApp, editable: bool, actions: &mut Vec<Action>) {
    let suggestions = &mut app.suggestions;
    let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let count = suggestions.list().len();
    let row_height = row_height.max(1.0);
    // The progress shows in the heading line, so that it coming and going
    // moves nothing; a still text, not a spinner: a spinner repaints the
    // window every frame while the work runs, the finished job repaints it.
    let working = if suggestions.is_working() {
        " · looking for suggestions…"
    } else {
        ""
    };
    ui.strong(format!("Suggestions ({count}){working}"));
    ui.horizontal(|ui| {
        ui.checkbox(&mut suggestions.case_sensitive, "Match case");
        if ui.button("Refresh").clicked() {
            actions.push(Action::RefreshSuggestions);
        }
    });
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
        let rows = suggestions.rows();
        egui::ScrollArea::vertical()
            .id_salt("suggestion-list")
            .max_height(ui.available_height().max(row_height))
            .auto_shrink([false, false])
            .show_rows(ui, 2.0 * row_height, rows.len(), |ui, shown| {
                for row in &rows[shown] {
                    row_ui(ui, row, actions);
                }
            });
    });
}

/// One row: identical suggestions merged, with their count and the words
/// around the first; accept and reject act on all of them.
fn row_ui(ui: &mut egui::Ui, row: &Row, actions: &mut Vec<Action>) {
    let first = row.first();
    let count = row.members.len();
    // The buttons come first, so they keep their place at the panel's left
    // edge; the description after them is cut to the panel's width (all of
    // it on hover) and never pushes anything out of view.
    ui.horizontal(|ui| {
        let name = format!("{}: {}", first.label, first.text);
        let every = if count > 1 {
            format!(" (all {count})")
        } else {
            String::new()
        };
        let accept_label = format!("Accept {name}{every}");
        let accept = ui.small_button("✔").on_hover_text(&accept_label);
        accept.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &accept_label));
        if accept.clicked() {
            actions.push(Action::AcceptSuggestions(row.members.clone()));
        }
        let reject_label = format!("Reject {name}{every}");
        let reject = ui.small_button("✖").on_hover_text(&reject_label);
        reject.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &reject_label));
        if reject.clicked() {
            actions.push(Action::RejectSuggestions(row.members.clone()));
        }
        let score = first.score.map_or_else(String::new, |s| format!(" {s:.2}"));
        let times = if count > 1 {
            format!(" ×{count}")
        } else {
            String::new()
        };
        let description = format!("{} “{}”{score}{times} · {}", first.label, first.text, first.source);
        ui.add(egui::Label::new(&description).truncate())
            .on_hover_text(&description);
    });
    ui.weak(&row.context);
}

/// Accept / reject beside a suggestion whose outline was clicked (its word
/// selected).
pub fn offer_ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    let Selection::Text { start, end } = app.selection else {
        return;
    };
    let Some(suggestion) = app.suggestions.under(start, end) else {
        return;
    };
    let Some(anchor) = app.view.char_rect(suggestion.start) else {
        return;
    };
    egui::Area::new(egui::Id::unique("suggestion-offer"))
        .order(egui::Order::Foreground)
        .fixed_pos(anchor.left_bottom() + egui::vec2(0.0, 4.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(format!("Suggested {} “{}”", suggestion.label, suggestion.text));
                    if ui.button("Accept").clicked() {
                        actions.push(Action::AcceptSuggestions(vec![suggestion.clone()]));
                    }
                    if ui.button("Reject").clicked() {
                        actions.push(Action::RejectSuggestions(vec![suggestion.clone()]));
                    }
                });
            });
        });
}
