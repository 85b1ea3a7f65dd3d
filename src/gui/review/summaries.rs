//! The status and counts of another annotator's files (the one reviewed,
//! or the curator), read in the background for the corpus list.

use crate::gui::tasks::Feed;
use crate::project::{DocumentSummary, Project};

pub struct Summaries {
    pub annotator: String,
    rows: Vec<Option<DocumentSummary>>,
    feed: Feed<(usize, DocumentSummary)>,
}

impl Summaries {
    pub fn start(project: &Project, annotator: &str, ctx: Option<egui::Context>) -> Self {
        let thread_project = project.clone();
        let thread_annotator = annotator.to_owned();
        let feed = Feed::spawn("other-summaries", ctx.as_ref(), move |emit| {
            for (i, entry) in thread_project.documents().iter().enumerate() {
                if !emit((i, DocumentSummary::read(&thread_project, &thread_annotator, &entry.id))) {
                    return;
                }
            }
        });
        Self {
            annotator: annotator.to_owned(),
            rows: vec![None; project.documents().len()],
            feed,
        }
    }

    pub fn receive(&mut self) {
        for (i, summary) in self.feed.receive() {
            if let Some(slot) = self.rows.get_mut(i) {
                *slot = Some(summary);
            }
        }
    }

    pub fn get(&self, index: usize) -> Option<&DocumentSummary> {
        self.rows.get(index).and_then(Option::as_ref)
    }
}
