//! The curation list in Curate mode: each place where the annotators
//! differ, with their competing versions; one click takes a version or
//! rejects them all.

use super::ReviewAction;
use super::compare_panel::{place_title, version_text};
use super::compare_view::{FOCUS_COLOR, disagreement_frame};
use crate::curation::{Curation, Disagreement, DisagreementState, Resolution};
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::text::Document;

pub fn ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    let Some(curation) = app.shown_curation() else {
        return;
    };
    let disagreements = curation.disagreements(curation.gold().set());
    let open = disagreements.iter().filter(|d| d.state.is_open()).count();
    ui.strong(format!("Disagreements: {open} open of {}", disagreements.len()));
    sources_ui(ui, curation);
    if ui
        .button("Take agreed annotations")
        .on_hover_text("Add what every annotator has and the gold version lacks (after deleting some, say)")
        .clicked()
    {
        actions.push(Action::Review(ReviewAction::TakeAgreed));
    }
    ui.separator();
    let document = curation.gold().document();
    let editable = curation.gold().read_only_reason().is_none();
    egui::ScrollArea::vertical()
        .id_salt("curation-disagreements")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_enabled_ui(editable, |ui| {
                for disagreement in &disagreements {
                    let focused = app.review.focus.as_ref() == Some(&disagreement.place);
                    disagreement_ui(ui, document, disagreement, focused, actions);
                }
            });
        });
}

fn sources_ui(ui: &mut egui::Ui, curation: &Curation) {
    let names: Vec<&str> = curation.sources().iter().map(|s| s.annotator.as_str()).collect();
    match names.as_slice() {
        [] => {
            ui.label("No compared annotator has annotated this document.");
        }
        [only] => {
            ui.label(format!(
                "Only {only} annotated this document: their annotations count as agreed."
            ));
        }
        _ => {
            ui.label(format!("From: {}", names.join(", ")));
        }
    }
    if !curation.absent_annotators().is_empty() {
        ui.label(format!("Not annotated by: {}", curation.absent_annotators().join(", ")));
    }
}

fn state_text(state: DisagreementState) -> String {
    match state {
        DisagreementState::Open => "open".to_owned(),
        DisagreementState::Taken { version } => format!("took version {}", version + 1),
        DisagreementState::Rejected => "rejected".to_owned(),
        DisagreementState::Edited => "edited by the curator".to_owned(),
    }
}

fn disagreement_ui(
    ui: &mut egui::Ui,
    document: &Document,
    disagreement: &Disagreement,
    focused: bool,
    actions: &mut Vec<Action>,
) {
    let place = &disagreement.place;
    let title = place_title(document, place);
    disagreement_frame(ui, focused).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            if ui.link(&title).on_hover_text("Show it in the text").clicked() {
                actions.push(Action::Review(ReviewAction::Focus(place.clone())));
            }
            let state = state_text(disagreement.state);
            if disagreement.state.is_open() {
                ui.colored_label(FOCUS_COLOR, state);
            } else {
                ui.weak(state);
            }
        });
        for (index, version) in disagreement.versions.iter().enumerate() {
            let chosen = disagreement.state == DisagreementState::Taken { version: index };
            let text = format!(
                "Take {}: {}",
                version.annotators.join(", "),
                version_text(document, version)
            );
            let button = egui::Button::new(text).selected(chosen).wrap();
            if ui
                .add(button)
                .on_hover_text(format!(
                    "Version {}: make the gold version hold exactly this here",
                    index + 1
                ))
                .clicked()
            {
                actions.push(Action::Review(ReviewAction::Settle {
                    place: place.clone(),
                    resolution: Resolution::Take(index),
                }));
            }
        }
        let rejected = disagreement.state == DisagreementState::Rejected;
        let reject = egui::Button::new(format!("Reject all at {title}"))
            .selected(rejected)
            .wrap();
        if ui
            .add(reject)
            .on_hover_text("Keep none of these versions in the gold version")
            .clicked()
        {
            actions.push(Action::Review(ReviewAction::Settle {
                place: place.clone(),
                resolution: Resolution::RejectAll,
            }));
        }
    });
}
