//! The review side's parts of the centre: the Compare view in place of the
//! document view, a line saying whose document is shown, and the marks of
//! open disagreements over the gold text in Curate mode.

use egui::{Rect, Shape, Stroke, pos2};

use super::compare_view::{CompareInput, FOCUS_COLOR};
use super::{Mode, ReviewAction, ReviewState};
use crate::agreement::Place;
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::gui::document_view::Lines;
use crate::gui::workspace::Workspace;

/// How the Compare view shows the text, as the document view does.
#[derive(Clone, Copy, Debug)]
pub struct CompareLook {
    pub font_size: f32,
    pub show_relations: bool,
    pub lines: Lines,
}

/// The centre in Compare mode.
pub fn compare_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    review: &mut ReviewState,
    look: CompareLook,
    actions: &mut Vec<Action>,
) {
    if let Some(error) = &review.compare_error {
        ui.colored_label(ui.visuals().error_fg_color, error);
        return;
    }
    let current = workspace.current.as_deref();
    let Some(data) = review.compare.as_ref().filter(|d| Some(d.doc_id.as_str()) == current) else {
        if review.compare_loading.is_some() {
            ui.horizontal(|ui| {
                ui.label("Reading the annotators' files…");
            });
        }
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(&data.doc_id);
        ui.separator();
        let who: Vec<String> = data.tags.all().map(|(name, tag)| format!("{tag} = {name}")).collect();
        ui.label(format!("Comparing {}", who.join(", ")));
    });
    let input = CompareInput {
        data,
        schema: workspace.project.schema(),
        focus: review.focus.as_ref(),
        font_size: look.font_size,
        show_relations: look.show_relations,
        lines: look.lines,
    };
    if let Some(place) = review.compare_view.ui(ui, &input) {
        actions.push(Action::Review(ReviewAction::Focus(place)));
    }
}

/// Why the mode has no document to show, if it says why.
pub fn missing_ui(ui: &mut egui::Ui, app: &SpanwrightApp) {
    let Some(current) = app.workspace().and_then(|w| w.current.clone()) else {
        return;
    };
    let error = match app.review.mode {
        Mode::Curate => app.shown_error().map(|e| format!("Cannot curate this document: {e}")),
        Mode::Review | Mode::Annotate => app.shown_error().map(str::to_owned),
        Mode::Compare => None,
    };
    ui.heading(&current);
    if let Some(error) = error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    } else if app.shown_loading() || app.is_saving() {
        ui.horizontal(|ui| {
            ui.label(if app.shown_loading() {
                "Reading…"
            } else {
                "Saving first…"
            });
        });
    }
}

/// A line under the document's header saying whose file is shown.
pub fn banner_ui(ui: &mut egui::Ui, app: &SpanwrightApp) {
    if app.review.mode != Mode::Review
        && let Some(comment) = app.shown_document().and_then(|d| d.comment())
    {
        super::review_panel::reviewer_comment_ui(ui, Some(comment));
    }
    match app.review.mode {
        Mode::Annotate | Mode::Compare => {}
        Mode::Curate => {
            let Some(curation) = app.shown_curation() else {
                return;
            };
            let sources: Vec<&str> = curation.sources().iter().map(|s| s.annotator.as_str()).collect();
            ui.label(format!(
                "Curating into {} from {}: what they agree on is in. Edit as usual; settle the rest on the right (F8: next).",
                app.review.curator,
                if sources.is_empty() { "nobody".to_owned() } else { sources.join(", ") }
            ));
        }
        Mode::Review => {
            let Some(document) = app.shown_document() else {
                return;
            };
            let reviewee = document.annotator();
            let absent = document.set().is_empty() && document.set().status() == crate::annotations::Status::Todo;
            ui.label(if absent {
                format!("{reviewee} has not annotated this document.")
            } else {
                format!("{reviewee}'s annotations: comment on them, mark them reviewed, or send them back.")
            });
        }
    }
}

/// Marks the open disagreements over the gold text, with a dashed orange
/// line under their characters, within `clip` (the text's area).
pub fn curation_marks(ui: &egui::Ui, app: &SpanwrightApp, clip: Rect) {
    if app.review.mode != Mode::Curate {
        return;
    }
    let Some(curation) = app.shown_curation() else {
        return;
    };
    let painter = ui.painter_at(clip);
    for disagreement in curation.disagreements(curation.gold().set()) {
        if !disagreement.state.is_open() {
            continue;
        }
        let Place::Entities { start, end } = disagreement.place else {
            continue;
        };
        // One stretch per text row: runs of characters on the same line.
        let mut runs: Vec<Rect> = Vec::new();
        for offset in start..end {
            let Some(rect) = app.char_rect(offset) else {
                continue;
            };
            match runs.last_mut() {
                Some(last) if (last.center().y - rect.center().y).abs() < 1.0 => *last = last.union(rect),
                _ => runs.push(rect),
            }
        }
        for run in runs {
            let y = run.max.y + 9.5;
            painter.extend(Shape::dashed_line(
                &[pos2(run.min.x, y), pos2(run.max.x, y)],
                Stroke::new(2.0, FOCUS_COLOR),
                3.0,
                2.0,
            ));
        }
    }
}
