//! The centre: the document's header, the find bar and the text.

use super::actions::Action;
use super::app::SpanwrightApp;
use super::document_view::{Selection, ViewEvent, ViewInput};
use super::review::{self, Mode};
use super::workspace::Workspace;
use crate::annotations::Status;

pub fn ui(ui: &mut egui::Ui, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let Some(workspace) = app.workspace.as_ref() else {
            ui.centered_and_justified(|ui| {
                if app.is_opening_project() {
                    ui.label("Opening the project…");
                } else {
                    ui.label("Open a folder of .txt files (File › Open folder…, or drop it here).");
                }
            });
            return;
        };
        let Some(current) = workspace.current.clone() else {
            ui.label("This project has no .txt documents.");
            return;
        };
        if let Some(error) = workspace.current_error() {
            ui.heading(&current);
            ui.colored_label(ui.visuals().error_fg_color, error);
            return;
        }
        if app.review.mode == Mode::Compare {
            let view = review::central::CompareLook {
                font_size: app.view.font_size,
                show_relations: app.settings.show_relations,
                lines: app.settings.lines(),
            };
            review::central::compare_ui(ui, workspace, &mut app.review, view, actions);
            return;
        }
        let Some(open) = review::shown_in(app.workspace.as_ref(), &app.review) else {
            review::central::missing_ui(ui, app);
            return;
        };
        header_ui(ui, workspace, open, app.review.mode != Mode::Review, actions);
        review::central::banner_ui(ui, app);
        if let Some(reason) = open.read_only_reason() {
            egui::Frame::new()
                .fill(egui::Color32::from_rgb(255, 236, 200))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.colored_label(egui::Color32::from_rgb(120, 60, 0), format!("Read-only: {reason}"));
                    for problem in open.problems().iter().skip(1).take(5) {
                        ui.label(problem.to_string());
                    }
                    ui.horizontal(|ui| {
                        if open.text_changed_since_annotated() && ui.button("Re-anchor annotations…").clicked() {
                            actions.push(Action::OpenReanchor);
                        }
                        if workspace.held_elsewhere.as_deref() == Some(reason)
                            && ui
                                .button("Edit anyway")
                                .on_hover_text("Saves still never overwrite what the other window wrote")
                                .clicked()
                        {
                            actions.push(Action::EditAnyway);
                        }
                    });
                });
        }
        app.find.ui(ui, open.document().text(), actions);
        let input = ViewInput {
            document: open,
            schema: workspace.project.schema(),
            selection: &app.selection,
            search_matches: app.find.matches(),
            current_match: app.find.current(),
            show_relations: app.settings.show_relations,
            lines: app.settings.lines(),
            compact: app.settings.compact_view,
            relation_head: app.relation_head.as_deref(),
            suggestions: if app.review.mode == Mode::Annotate {
                app.suggestions.list()
            } else {
                &[]
            },
        };
        let text_area = ui.available_rect_before_wrap();
        let events = app.view.ui(ui, &input);
        review::central::curation_marks(ui, app, text_area);
        if app.review.mode == Mode::Annotate && open.read_only_reason().is_none() {
            super::suggestions_panel::offer_ui(ui, app, actions);
        }
        actions.extend(events.into_iter().map(|event| match event {
            ViewEvent::Select(Selection::Text { start, end }) => Action::SelectText { start, end },
            ViewEvent::Select(Selection::Entity(id)) => Action::SelectEntity { id, scroll: false },
            ViewEvent::Select(Selection::Relation(id)) => Action::SelectRelation { id, scroll: false },
            ViewEvent::Select(Selection::Nothing) => Action::ClearSelection,
            ViewEvent::EntityClicked(id) => Action::EntityClicked(id),
            ViewEvent::RelationDrawn { head, tail } => Action::ProposeRelation { head, tail },
        }));
    });
}

fn header_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    open: &crate::project::OpenDocument,
    offer_mark_done: bool,
    actions: &mut Vec<Action>,
) {
    // Wraps in a narrow window instead of cutting off "Mark done": the
    // status controls are a row of their own, which wraps from the left.
    ui.horizontal_wrapped(|ui| {
        ui.heading(open.document().id());
        if let Some(index) = workspace.current_index() {
            ui.label(format!("{} of {}", index + 1, workspace.project.documents().len()));
        }
    });
    let status = open.set().status();
    ui.add_enabled_ui(open.read_only_reason().is_none(), |ui| {
        ui.horizontal_wrapped(|ui| {
            let caption = ui.label("Status");
            egui::ComboBox::from_id_salt("document-status")
                .selected_text(status.as_str())
                .show_ui(ui, |ui| {
                    for candidate in Status::ALL {
                        if ui.selectable_label(candidate == status, candidate.as_str()).clicked() {
                            actions.push(Action::SetStatus(candidate));
                        }
                    }
                })
                .response
                .labelled_by(caption.id);
            if offer_mark_done && status != Status::Done && ui.button("Mark done").clicked() {
                actions.push(Action::SetStatus(Status::Done));
            }
        });
    });
}
