//! View › QA problems: every finding of the project's quality checks, each
//! a link to the entity or relation it names.

use super::ReviewAction;
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::qa::Finding;

pub fn ui(ctx: &egui::Context, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    if !app.review.show_qa {
        return;
    }
    let mut open = true;
    egui::Window::new("QA problems")
        .open(&mut open)
        .default_pos([270.0, 80.0])
        .default_size([640.0, 420.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                if ui.button("Check again").clicked() {
                    actions.push(Action::Review(ReviewAction::RefreshQa));
                }
                if app.review.qa_running() {
                    ui.label("Checking…");
                } else if let Some(reason) = app.review.qa_stopped() {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Not checked: {reason}"));
                } else if app.review.qa_outdated() {
                    ui.label("Files changed since this check.");
                }
            });
            let Some(qa) = app.review.qa() else {
                return;
            };
            let report = &qa.report;
            let errors = report.errors().count();
            let warnings = report.warnings().count();
            ui.label(format!("{errors} errors, {warnings} warnings"));
            ui.separator();
            if report.findings.is_empty() {
                ui.label("No problems found.");
                return;
            }
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(
                ui,
                row_height,
                report.findings.len(),
                |ui, rows| {
                    for finding in &report.findings[rows] {
                        finding_row(ui, finding, actions);
                    }
                },
            );
        });
    if !open {
        actions.push(Action::Review(ReviewAction::CloseQa));
    }
}

fn finding_row(ui: &mut egui::Ui, finding: &Finding, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let (mark, color) = if finding.is_error() {
            ("error", ui.visuals().error_fg_color)
        } else {
            ("warning", ui.visuals().warn_fg_color)
        };
        ui.colored_label(color, mark);
        ui.weak(finding.check.as_str());
        let text = finding.to_string();
        if finding.document.is_empty() {
            ui.label(text);
        } else if ui.link(text).on_hover_text("Show it").clicked() {
            actions.push(Action::Review(ReviewAction::OpenFinding(finding.clone())));
        }
    });
}
