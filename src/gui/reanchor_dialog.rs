//! Re-anchoring a document whose text changed after it was annotated:
//! entities that moved without doubt are listed, every other one waits for
//! the annotator's word (accept the proposal, place at the selection, drop).

use std::collections::BTreeMap;

use super::tasks::Task;
use crate::reanchor::{Decision, DocumentReanchor, Placement};

pub struct ReanchorDialog {
    pub plan: DocumentReanchor,
    pub decisions: BTreeMap<String, Decision>,
    pub error: Option<String>,
    /// The re-anchored file being written, with how many entities were
    /// placed and dropped.
    pub saving: Option<(SaveTask, usize, usize)>,
}

/// The write of a re-anchored file.
pub type SaveTask = Task<Result<(), String>>;

/// What the user asked of the dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReanchorChoice {
    Apply,
    Close,
}

impl ReanchorDialog {
    pub fn new(plan: DocumentReanchor) -> Self {
        let decisions = plan
            .plan
            .entities
            .iter()
            .filter(|e| matches!(e.placement, Placement::Proposed { .. }))
            .map(|e| (e.id.clone(), Decision::Accept))
            .collect();
        Self {
            plan,
            decisions,
            error: None,
            saving: None,
        }
    }

    fn undecided(&self) -> usize {
        self.plan
            .plan
            .needing_decision()
            .filter(|e| !self.decisions.contains_key(&e.id))
            .count()
    }

    /// `selection` is the text selected in the document, offered as a place.
    pub fn ui(&mut self, ui: &mut egui::Ui, selection: Option<(usize, usize)>) -> Option<ReanchorChoice> {
        let mut choice = None;
        let plan = &self.plan.plan;
        let moved = plan.entities.iter().filter(|e| !e.needs_decision()).count();
        let unmoved = plan.entities.iter().filter(|e| e.is_unmoved()).count();
        ui.heading(format!("Re-anchor {}", self.plan.doc_id));
        ui.label(format!(
            "The text changed since these annotations were made. {moved} entities find their place without doubt ({unmoved} of them did not move); {} need your decision.",
            plan.needing_decision().count()
        ));
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            for entity in plan.needing_decision() {
                ui.separator();
                let (line, can_accept) = match &entity.placement {
                    Placement::Proposed {
                        start,
                        end,
                        text,
                        doubt,
                    } => (format!("{doubt}: proposed “{text}” at {start}–{end}"), true),
                    Placement::Lost => ("its text is gone from the document".to_owned(), false),
                    Placement::Moved { .. } => (String::new(), false),
                };
                ui.strong(format!("{} {} “{}”", entity.id, entity.label, entity.old_text));
                ui.label(line);
                ui.horizontal(|ui| {
                    let current = self.decisions.get(&entity.id).cloned();
                    if can_accept
                        && ui
                            .selectable_label(current == Some(Decision::Accept), "Accept proposal")
                            .clicked()
                    {
                        self.decisions.insert(entity.id.clone(), Decision::Accept);
                    }
                    if let Some((start, end)) = selection {
                        let place = Decision::Place { start, end };
                        if ui
                            .selectable_label(
                                current == Some(place.clone()),
                                format!("Place at selection {start}–{end}"),
                            )
                            .clicked()
                        {
                            self.decisions.insert(entity.id.clone(), place);
                        }
                    } else if let Some(Decision::Place { start, end }) = &current {
                        ui.label(format!("placed at {start}–{end}"));
                    }
                    if ui.selectable_label(current == Some(Decision::Drop), "Drop").clicked() {
                        self.decisions.insert(entity.id.clone(), Decision::Drop);
                    }
                });
            }
        });
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.separator();
        let undecided = self.undecided();
        if undecided > 0 {
            ui.label(format!(
                "{undecided} still to decide (select the text in the document to place one there)."
            ));
        }
        if self.saving.is_some() {
            ui.label("Saving…");
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    undecided == 0 && self.saving.is_none(),
                    egui::Button::new("Apply and save"),
                )
                .clicked()
            {
                choice = Some(ReanchorChoice::Apply);
            }
            if ui.button("Close").clicked() {
                choice = Some(ReanchorChoice::Close);
            }
        });
        choice
    }
}
