//! View › Agreement: the corpus-wide figures for the compared annotators,
//! per-label span F1 as a bar chart, the token-label confusion matrix of a
//! pair, and each annotator's label counts.

use super::ReviewAction;
use super::charts::{annotator_color, bar, heat_cell};
use super::compare_view::label_color;
use super::reports::AgreementData;
use crate::agreement::{ConfusionMatrix, PairAgreement};
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::schema::LabelSchema;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    PerLabel,
    Confusion,
    Distribution,
}

impl Tab {
    const ALL: [Self; 3] = [Self::PerLabel, Self::Confusion, Self::Distribution];

    fn title(self) -> &'static str {
        match self {
            Self::PerLabel => "Per-label F1",
            Self::Confusion => "Confusion matrix",
            Self::Distribution => "Label distribution",
        }
    }
}

/// Which tab and which pair the window shows; kept in egui's memory.
#[derive(Clone, Copy, Debug, Default)]
struct Choice {
    tab: Tab,
    pair: usize,
}

pub fn ui(ctx: &egui::Context, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    if !app.review.show_agreement {
        return;
    }
    let Some(workspace) = app.workspace() else {
        return;
    };
    let schema = workspace.project.schema();
    let mut open = true;
    egui::Window::new("Agreement")
        .open(&mut open)
        .default_pos([270.0, 80.0])
        .default_size([760.0, 620.0])
        .show(ctx, |ui| {
            let compared = app.review.compared();
            ui.horizontal(|ui| {
                ui.label(format!("Annotators: {}", compared.join(", ")))
                    .on_hover_text("Choose them in Compare or Curate mode");
                if ui.button("Recompute").clicked() {
                    actions.push(Action::Review(ReviewAction::RefreshAgreement));
                }
                if app.review.agreement_running() {
                    ui.label("Computing…");
                } else if let Some(reason) = app.review.agreement_stopped() {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Not computed: {reason}"));
                } else if app.review.agreement_outdated() {
                    ui.label("Files changed since these figures.");
                }
            });
            let Some(data) = app.review.agreement() else {
                return;
            };
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                content_ui(ui, data, schema);
            });
        });
    if !open {
        actions.push(Action::Review(ReviewAction::CloseAgreement));
    }
}

fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

fn content_ui(ui: &mut egui::Ui, data: &AgreementData, schema: &LabelSchema) {
    let report = &data.report;
    ui.label(format!(
        "Fleiss' κ {} over {} documents every annotator has · Krippendorff's α {} over {} documents",
        figure(report.fleiss_kappa),
        report.fleiss_documents,
        figure(report.krippendorff_alpha),
        report.alpha_documents
    ));
    egui::Grid::new("agreement-pairs").striped(true).show(ui, |ui| {
        for heading in [
            "Pair",
            "Documents",
            "Tokens",
            "Span F1",
            "Lenient",
            "Cohen κ",
            "Relation F1",
        ] {
            ui.strong(heading);
        }
        ui.end_row();
        for pair in &report.pairs {
            ui.label(format!("{} / {}", pair.a, pair.b));
            ui.label(pair.documents.to_string());
            ui.label(pair.tokens.to_string());
            for value in [pair.span_f1, pair.span_f1_lenient, pair.cohen_kappa, pair.relation_f1] {
                ui.label(figure(value));
            }
            ui.end_row();
        }
    });
    for skipped in &report.skipped {
        ui.colored_label(ui.visuals().warn_fg_color, skipped);
    }
    ui.separator();

    let id = ui.make_persistent_id("agreement-choice");
    let mut choice: Choice = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    ui.horizontal(|ui| {
        for tab in Tab::ALL {
            if ui.selectable_label(choice.tab == tab, tab.title()).clicked() {
                choice.tab = tab;
            }
        }
        if choice.tab != Tab::Distribution && report.pairs.len() > 1 {
            ui.separator();
            let caption = ui.label("Pair:");
            choice.pair = choice.pair.min(report.pairs.len() - 1);
            let name = |p: &PairAgreement| format!("{} / {}", p.a, p.b);
            egui::ComboBox::from_id_salt("agreement-pair")
                .selected_text(name(&report.pairs[choice.pair]))
                .show_ui(ui, |ui| {
                    for (i, pair) in report.pairs.iter().enumerate() {
                        ui.selectable_value(&mut choice.pair, i, name(pair));
                    }
                })
                .response
                .labelled_by(caption.id);
        }
    });
    ui.data_mut(|d| d.insert_temp(id, choice));
    ui.add_space(6.0);
    match choice.tab {
        Tab::PerLabel => match report.pairs.get(choice.pair) {
            Some(pair) => per_label_ui(ui, pair, schema),
            None => {
                ui.label("Agreement needs at least two annotators.");
            }
        },
        Tab::Confusion => match data.confusions.get(choice.pair) {
            Some(Some(matrix)) => confusion_ui(ui, matrix),
            Some(None) => {
                ui.label("These two annotators share no document.");
            }
            None => {
                ui.label("Agreement needs at least two annotators.");
            }
        },
        Tab::Distribution => distribution_ui(ui, data),
    }
}

fn per_label_ui(ui: &mut egui::Ui, pair: &PairAgreement, schema: &LabelSchema) {
    ui.label(format!(
        "Span F1 per label between {} and {} (exact offsets and label; lenient: overlapping spans)",
        pair.a, pair.b
    ));
    egui::Grid::new("per-label-f1").striped(true).show(ui, |ui| {
        for heading in [
            "Label",
            "Span F1",
            "Lenient",
            pair.a.as_str(),
            pair.b.as_str(),
            "Matched",
        ] {
            ui.strong(heading);
        }
        ui.end_row();
        for (label, agreement) in &pair.per_label {
            ui.label(label);
            let value = figure(agreement.f1);
            bar(
                ui,
                260.0,
                agreement.f1.unwrap_or(0.0) as f32,
                &value,
                label_color(schema, label),
                &format!("{label} span F1 {value}"),
            );
            ui.label(figure(agreement.f1_lenient));
            ui.label(agreement.a.to_string());
            ui.label(agreement.b.to_string());
            ui.label(agreement.matched.to_string());
            ui.end_row();
        }
    });
    if !pair.relation_per_label.is_empty() {
        ui.add_space(8.0);
        ui.label("Relation F1 per label");
        egui::Grid::new("relation-per-label-f1").striped(true).show(ui, |ui| {
            for (label, agreement) in &pair.relation_per_label {
                ui.label(label);
                let value = figure(agreement.f1);
                bar(
                    ui,
                    260.0,
                    agreement.f1.unwrap_or(0.0) as f32,
                    &value,
                    egui::Color32::from_rgb(110, 110, 160),
                    &format!("{label} relation F1 {value}"),
                );
                ui.end_row();
            }
        });
    }
}

fn confusion_ui(ui: &mut egui::Ui, matrix: &ConfusionMatrix) {
    ui.label(format!(
        "Tokens by label: rows {}, columns {} (O: outside every entity)",
        matrix.a, matrix.b
    ));
    let largest_off_diagonal = matrix
        .counts
        .iter()
        .enumerate()
        .flat_map(|(i, row)| row.iter().enumerate().filter(move |(j, _)| *j != i).map(|(_, c)| *c))
        .max()
        .unwrap_or(0)
        .max(1);
    let cell = egui::vec2(64.0, 22.0);
    egui::Grid::new("confusion-matrix").spacing([0.0, 0.0]).show(ui, |ui| {
        ui.label(format!("{} ↓ {} →", matrix.a, matrix.b));
        for label in &matrix.labels {
            ui.add_sized(cell, egui::Label::new(egui::RichText::new(label).small()).truncate());
        }
        ui.end_row();
        for (i, row) in matrix.counts.iter().enumerate() {
            ui.label(&matrix.labels[i]);
            let row_total: usize = row.iter().sum::<usize>().max(1);
            for (j, &count) in row.iter().enumerate() {
                let accessible = format!(
                    "{} {}, {} {}: {count} tokens",
                    matrix.a, matrix.labels[i], matrix.b, matrix.labels[j]
                );
                let (strength, hue) = if i == j {
                    (count as f32 / row_total as f32, egui::Color32::from_rgb(60, 140, 80))
                } else {
                    (
                        count as f32 / largest_off_diagonal as f32,
                        egui::Color32::from_rgb(220, 100, 30),
                    )
                };
                let text = if count == 0 { String::new() } else { count.to_string() };
                heat_cell(ui, cell, strength, hue, &text, &accessible);
            }
            ui.end_row();
        }
    });
    ui.label("Green: tokens both gave the same label (shaded by the row's share). Orange: disagreements.");
}

fn distribution_ui(ui: &mut egui::Ui, data: &AgreementData) {
    let distribution = &data.report.label_distribution;
    let annotators = &data.report.annotators;
    let mut labels: Vec<&String> = distribution.values().flat_map(|counts| counts.keys()).collect();
    labels.sort();
    labels.dedup();
    let largest = distribution
        .values()
        .flat_map(|counts| counts.values())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    ui.horizontal(|ui| {
        ui.label("Entities per label, over each annotator's documents:");
        for (i, annotator) in annotators.iter().enumerate() {
            ui.colored_label(annotator_color(i), format!("■ {annotator}"));
        }
    });
    egui::Grid::new("label-distribution").striped(true).show(ui, |ui| {
        for label in labels {
            ui.label(label);
            ui.vertical(|ui| {
                ui.spacing_mut().item_spacing.y = 1.0;
                for (i, annotator) in annotators.iter().enumerate() {
                    let count = distribution
                        .get(annotator)
                        .and_then(|counts| counts.get(label))
                        .copied()
                        .unwrap_or(0);
                    bar(
                        ui,
                        320.0,
                        count as f32 / largest as f32,
                        &count.to_string(),
                        annotator_color(i),
                        &format!("{label}, {annotator}: {count}"),
                    );
                }
            });
            ui.end_row();
        }
    });
}
