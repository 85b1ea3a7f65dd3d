//! The bar under the menus: the mode switch and, per mode, whose work is
//! shown; buttons for the Agreement and QA windows.

use super::{Mode, ReviewAction};
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::gui::commands::Command;

pub fn ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    egui::Panel::top("mode-bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.add_enabled_ui(app.workspace().is_some(), |ui| {
                for mode in Mode::ALL {
                    let shortcut = mode
                        .command()
                        .shortcuts()
                        .first()
                        .map(|s| ui.ctx().format_shortcut(s))
                        .unwrap_or_default();
                    let response = ui
                        .selectable_label(app.review.mode == mode, mode.title())
                        .on_hover_text(format!("{} ({shortcut})", mode.description()));
                    if response.clicked() {
                        actions.push(Action::Review(ReviewAction::SetMode(mode)));
                    }
                }
            });
            ui.separator();
            match app.review.mode {
                Mode::Annotate => {}
                Mode::Review => reviewee_ui(ui, app, actions),
                Mode::Compare | Mode::Curate => {
                    annotators_ui(ui, app, actions);
                    ui.separator();
                    curator_ui(ui, app, actions);
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                for command in [Command::ShowQa, Command::ShowAgreement] {
                    let enabled = command.is_enabled(app);
                    if ui
                        .add_enabled(enabled, egui::Button::new(command.text()))
                        .on_hover_text(command.tooltip())
                        .clicked()
                    {
                        actions.push(Action::Command(command));
                    }
                }
            });
        });
    });
}

fn reviewee_ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    let current = app.review.reviewee.clone().unwrap_or_default();
    let caption = ui.label("Annotator:");
    egui::ComboBox::from_id_salt("reviewee")
        .selected_text(&current)
        .show_ui(ui, |ui| {
            for annotator in &app.review.known_annotators {
                if ui.selectable_label(*annotator == current, annotator).clicked() {
                    actions.push(Action::Review(ReviewAction::SetReviewee(annotator.clone())));
                }
            }
        })
        .response
        .labelled_by(caption.id);
}

fn annotators_ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    let compared = app.review.compared();
    ui.label("Annotators:");
    for annotator in &app.review.known_annotators {
        if *annotator == app.review.curator {
            continue;
        }
        let mut included = compared.contains(annotator);
        if ui.checkbox(&mut included, annotator).changed() {
            actions.push(Action::Review(ReviewAction::ToggleAnnotator(annotator.clone())));
        }
    }
}

/// The curator's name, committed on Enter.
fn curator_ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    let id = ui.make_persistent_id("curator-draft");
    let mut draft = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| app.review.curator.clone());
    let caption = ui.label("Curator:");
    let response = ui
        .add(egui::TextEdit::singleline(&mut draft).desired_width(90.0))
        .labelled_by(caption.id)
        .on_hover_text("Whose file the gold version is (annotations/NAME/); Enter to change");
    if response.changed() {
        ui.data_mut(|d| d.insert_temp(id, draft.clone()));
    }
    if response.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(id));
        if draft.trim() != app.review.curator {
            actions.push(Action::Review(ReviewAction::SetCurator(draft.trim().to_owned())));
        }
    }
}
