//! The status and counts of another annotator's files (the one reviewed,
//! or the curator), read on a background thread for the corpus list.

use std::sync::mpsc::{Receiver, channel};

use crate::project::{DocumentSummary, Project};

pub struct Summaries {
    pub annotator: String,
    rows: Vec<Option<DocumentSummary>>,
    feed: Receiver<(usize, DocumentSummary)>,
}

impl Summaries {
    pub fn start(project: &Project, annotator: &str, ctx: Option<egui::Context>) -> Self {
        let (sender, feed) = channel();
        let thread_project = project.clone();
        let thread_annotator = annotator.to_owned();
        std::thread::Builder::new()
            .name("spanwright-other-summaries".into())
            .spawn(move || {
                for (i, entry) in thread_project.documents().iter().enumerate() {
                    let summary = DocumentSummary::read(&thread_project, &thread_annotator, &entry.id);
                    if sender.send((i, summary)).is_err() {
                        return;
                    }
                }
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            })
            .ok();
        Self {
            annotator: annotator.to_owned(),
            rows: vec![None; project.documents().len()],
            feed,
        }
    }

    pub fn receive(&mut self) {
        for (i, summary) in self.feed.try_iter() {
            if let Some(slot) = self.rows.get_mut(i) {
                *slot = Some(summary);
            }
        }
    }

    pub fn get(&self, index: usize) -> Option<&DocumentSummary> {
        self.rows.get(index).and_then(Option::as_ref)
    }
}
