//! The right panel in Compare mode: the legend, this document's agreement,
//! and its disagreements with a jump to each.

use super::ReviewAction;
use super::compare_data::CompareData;
use super::compare_view::disagreement_frame;
use crate::agreement::{DisagreementGroup, Place, RelationKey, SpanKey, Version};
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::text::Document;

pub fn ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    ui.heading("Compare");
    if let Some(error) = &app.review.compare_error {
        ui.colored_label(ui.visuals().error_fg_color, error);
        return;
    }
    let Some(data) = app.review.compare.as_ref() else {
        ui.label("Open a document to compare its annotators.");
        return;
    };
    legend_ui(ui, data);
    if let Some(figures) = app.review.agreement().and_then(|a| a.document(&data.doc_id)) {
        let figure = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"));
        ui.label(format!(
            "Span F1 {} (lenient {}), Krippendorff's α {}",
            figure(figures.span_f1),
            figure(figures.span_f1_lenient),
            figure(figures.krippendorff_alpha)
        ));
    } else if app.review.agreement_running() {
        ui.horizontal(|ui| {
            ui.label("Computing agreement…");
        });
    }
    ui.separator();
    let disagreements = &data.comparison.disagreements;
    ui.strong(format!("Disagreements ({})", disagreements.len()));
    if disagreements.is_empty() {
        ui.label(match data.comparison.annotators.len() {
            0 | 1 => "Fewer than two annotators have annotated this document.",
            _ => "The annotators agree on everything here.",
        });
    }
    egui::ScrollArea::vertical()
        .id_salt("compare-disagreements")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for group in disagreements {
                let focused = app.review.focus.as_ref() == Some(&group.place);
                disagreement_row(ui, data, group, focused, actions);
            }
        });
}

fn legend_ui(ui: &mut egui::Ui, data: &CompareData) {
    let names: Vec<String> = data.tags.all().map(|(name, tag)| format!("{tag} {name}")).collect();
    ui.label(format!("Compared: {}", names.join(", ")));
    ui.label("Filled: every compared annotator has it. Dashed, with initials: only those annotators have it.");
    if !data.absent.is_empty() {
        ui.label(format!("Not annotated by: {}", data.absent.join(", ")));
    }
    for reason in &data.skipped {
        ui.colored_label(ui.visuals().error_fg_color, format!("Left out: {reason}"));
    }
}

fn disagreement_row(
    ui: &mut egui::Ui,
    data: &CompareData,
    group: &DisagreementGroup,
    focused: bool,
    actions: &mut Vec<Action>,
) {
    disagreement_frame(ui, focused).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = place_title(&data.document, &group.place);
        if ui.link(&title).on_hover_text("Show it in the text").clicked() {
            actions.push(Action::Review(ReviewAction::Focus(group.place.clone())));
        }
        for version in &group.versions {
            ui.label(format!(
                "{}: {}",
                version.annotators.join(", "),
                version_text(&data.document, version)
            ));
        }
    });
}

/// A disagreement's place in words: `“Rome” (35–39)` or
/// `“Italy” ↔ “United Kingdom”`.
pub fn place_title(document: &Document, place: &Place) -> String {
    match place {
        Place::Entities { start, end } => format!("{} ({start}–{end})", quote(document, *start, *end)),
        Place::Relations { first, second } => format!(
            "{} ↔ {}",
            quote(document, first.start, first.end),
            quote(document, second.start, second.end)
        ),
    }
}

/// What a version proposes, in words: `PERSON “Piantedosi”; ROLE “…”`, or
/// `nothing` for an empty version.
pub fn version_text(document: &Document, version: &Version) -> String {
    if version.is_absent() {
        return "nothing".to_owned();
    }
    let spans = version.spans.iter().map(|k| span_text(document, k));
    let relations = version.relations.iter().map(|k| relation_text(document, k));
    spans.chain(relations).collect::<Vec<_>>().join("; ")
}

pub fn span_text(document: &Document, key: &SpanKey) -> String {
    format!("{} {}", key.label, quote(document, key.start, key.end))
}

fn relation_text(document: &Document, key: &RelationKey) -> String {
    format!(
        "{} {} → {}",
        key.label,
        quote(document, key.head.start, key.head.end),
        quote(document, key.tail.start, key.tail.end)
    )
}

fn quote(document: &Document, start: usize, end: usize) -> String {
    let text = document.slice(start, end).unwrap_or_default();
    let short: String = text.chars().take(40).collect();
    let more = if text.chars().count() > 40 { "…" } else { "" };
    format!("“{short}{more}”")
}
