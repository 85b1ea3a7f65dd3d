//! The right panel in Review mode: the reviewed annotator's status, "Mark
//! reviewed", "Send back" with a comment, and reviewer comments on the
//! selected entity or relation. Nothing else of their file changes.

use super::ReviewAction;
use crate::annotations::Status;
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::gui::document_view::Selection;
use crate::project::OpenDocument;

pub fn ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    let reviewee = app.review.reviewee.clone().unwrap_or_default();
    ui.heading(format!("Reviewing {reviewee}"));
    let Some(document) = app.shown_document() else {
        if let Some(error) = app.shown_error() {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        return;
    };
    let editable = document.read_only_reason().is_none();
    ui.add_enabled_ui(editable, |ui| {
        document_review_ui(ui, document, actions);
        ui.separator();
        selected_ui(ui, app, document, actions);
    });
    ui.separator();
    crate::gui::side_panel::annotation_lists_ui(ui, &app.selection, document, actions);
}

fn document_review_ui(ui: &mut egui::Ui, document: &OpenDocument, actions: &mut Vec<Action>) {
    let status = document.set().status();
    ui.horizontal(|ui| {
        ui.label(format!("Status: {status}"));
        if ui
            .add_enabled(status != Status::Reviewed, egui::Button::new("Mark reviewed"))
            .on_hover_text("The annotator's work on this document is checked")
            .clicked()
        {
            actions.push(Action::Review(ReviewAction::MarkReviewed));
        }
    });
    let id = ui.make_persistent_id(("review-comment", document.file_name()));
    let mut draft = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| document.comment().unwrap_or_default().to_owned());
    let caption = ui.label("Comment to the annotator");
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut draft)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text("Why it goes back, what to check…"),
        )
        .labelled_by(caption.id);
    if response.changed() {
        ui.data_mut(|d| d.insert_temp(id, draft.clone()));
    }
    ui.horizontal(|ui| {
        let has_text = !draft.trim().is_empty();
        if ui
            .add_enabled(has_text, egui::Button::new("Send back"))
            .on_hover_text("Status back to in_progress, with this comment on the document")
            .clicked()
        {
            actions.push(Action::Review(ReviewAction::SendBack(draft.clone())));
            ui.data_mut(|d| d.remove::<String>(id));
        }
        let unchanged = document.comment().unwrap_or_default() == draft.trim();
        if ui
            .add_enabled(!unchanged, egui::Button::new("Save comment"))
            .on_hover_text("Keep the comment without changing the status")
            .clicked()
        {
            let comment = has_text.then(|| draft.clone());
            actions.push(Action::Review(ReviewAction::SetDocumentComment(comment)));
            ui.data_mut(|d| d.remove::<String>(id));
        }
    });
}

fn selected_ui(ui: &mut egui::Ui, app: &SpanwrightApp, document: &OpenDocument, actions: &mut Vec<Action>) {
    let set = document.set();
    let text_of = |start: usize, end: usize| document.document().slice(start, end).unwrap_or_default().to_owned();
    match &app.selection {
        Selection::Entity(id) => {
            let Some(entity) = set.entity(id) else {
                return;
            };
            ui.strong(format!(
                "{} {} “{}”",
                entity.id,
                entity.label,
                text_of(entity.start, entity.end)
            ));
            if let Some(note) = &entity.note {
                ui.label(format!("Annotator's note: {note}"));
            }
            if let Some(comment) = comment_field(ui, ("entity-comment", &entity.id), entity.comment.as_deref()) {
                actions.push(Action::Review(ReviewAction::SetEntityComment {
                    id: entity.id.clone(),
                    comment,
                }));
            }
        }
        Selection::Relation(id) => {
            let Some(relation) = set.relation(id) else {
                return;
            };
            let end = |id: &str| set.entity(id).map(|e| text_of(e.start, e.end)).unwrap_or_default();
            ui.strong(format!(
                "{} {} “{}” → “{}”",
                relation.id,
                relation.label,
                end(&relation.head),
                end(&relation.tail)
            ));
            if let Some(note) = &relation.note {
                ui.label(format!("Annotator's note: {note}"));
            }
            if let Some(comment) = comment_field(ui, ("relation-comment", &relation.id), relation.comment.as_deref()) {
                actions.push(Action::Review(ReviewAction::SetRelationComment {
                    id: relation.id.clone(),
                    comment,
                }));
            }
        }
        Selection::Text { .. } | Selection::Nothing => {
            ui.label("Click an entity or relation to comment on it.");
        }
    }
}

/// A one-line comment field that commits on Enter or when it loses focus;
/// `Some(new comment)` when the comment changed.
fn comment_field(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    current: Option<&str>,
) -> Option<Option<String>> {
    let id = ui.make_persistent_id(id_salt);
    let mut draft = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.unwrap_or_default().to_owned());
    let caption = ui.label("Reviewer comment");
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut draft)
                .desired_width(f32::INFINITY)
                .hint_text("Enter to keep it"),
        )
        .labelled_by(caption.id);
    if response.changed() {
        ui.data_mut(|d| d.insert_temp(id, draft.clone()));
    }
    if !response.lost_focus() {
        return None;
    }
    ui.data_mut(|d| d.remove::<String>(id));
    let new = (!draft.trim().is_empty()).then(|| draft.trim().to_owned());
    (new.as_deref() != current).then_some(new)
}

/// A reviewer's comment where the annotator sees it (Annotate and Curate
/// mode), if there is one.
pub fn reviewer_comment_ui(ui: &mut egui::Ui, comment: Option<&str>) {
    if let Some(comment) = comment {
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(255, 244, 214))
            .inner_margin(4.0)
            .show(ui, |ui| {
                ui.label(format!("Reviewer: {comment}"));
            });
    }
}
