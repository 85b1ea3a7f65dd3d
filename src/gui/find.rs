//! Ctrl+F: every match highlighted, Enter steps through them. Enter in the
//! field selects the first match and gives the keyboard back to the
//! document, so a label key tags the match and Enter (F3) goes on.

use std::ops::Range;

use super::actions::Action;
use crate::text::find_all;

#[derive(Default)]
pub struct FindBar {
    pub open: bool,
    pub query: String,
    pub case_sensitive: bool,
    pub focus_requested: bool,
    matches: Vec<Range<usize>>,
    current: Option<usize>,
    searched: Option<(String, bool)>,
}

impl FindBar {
    pub fn matches(&self) -> &[Range<usize>] {
        if self.open { &self.matches } else { &[] }
    }

    pub fn current(&self) -> Option<usize> {
        self.current
    }

    pub fn clear_matches(&mut self) {
        self.matches.clear();
        self.current = None;
        self.searched = None;
    }

    /// Re-runs the search if the query changed since the last one.
    pub fn search(&mut self, text: &str) {
        let key = (self.query.clone(), self.case_sensitive);
        if self.searched.as_ref() == Some(&key) {
            return;
        }
        self.matches = find_all(text, &self.query, self.case_sensitive);
        self.current = None;
        self.searched = Some(key);
    }

    /// Moves to the next match (wrapping) and returns it.
    pub fn step(&mut self) -> Option<Range<usize>> {
        if self.matches.is_empty() {
            return None;
        }
        let next = self.current.map_or(0, |i| (i + 1) % self.matches.len());
        self.current = Some(next);
        self.matches.get(next).cloned()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, text: &str, actions: &mut Vec<Action>) {
        if !self.open {
            return;
        }
        ui.horizontal(|ui| {
            let label = ui.label("Find:");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.query).desired_width(240.0))
                .labelled_by(label.id);
            if self.focus_requested {
                field.request_focus();
                self.focus_requested = false;
            }
            // A single-line field lets go of the keyboard on Enter.
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                actions.push(Action::FindNext);
            }
            ui.checkbox(&mut self.case_sensitive, "Match case");
            self.search(text);
            let summary = match (self.matches.len(), self.current) {
                (0, _) if self.query.is_empty() => String::new(),
                (0, _) => "no matches".to_owned(),
                (n, Some(i)) => format!("{} of {n}", i + 1),
                (n, None) => format!("{n} matches"),
            };
            ui.label(summary);
            if ui.button("Next").clicked() {
                actions.push(Action::FindNext);
            }
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
    }
}
