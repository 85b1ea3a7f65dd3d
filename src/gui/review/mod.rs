//! Reviewing, comparing and curating in the window: the mode switch, the
//! Compare view, the curation and review panels, the corpus list's filters,
//! and the Agreement and QA windows. Everything here reads the core
//! ([`crate::agreement`], [`crate::curation`], [`crate::qa`],
//! [`crate::review`]) and changes annotations only through its edits.

mod actions;
pub mod agreement_window;
pub mod central;
mod charts;
pub mod compare_data;
pub mod compare_panel;
pub mod compare_view;
pub mod corpus_rows;
pub mod curation_panel;
mod jobs;
mod mode;
pub mod qa_window;
mod reports;
pub mod review_panel;
mod run;
mod summaries;
mod targets;
pub mod toolbar;

use std::collections::HashMap;

pub use actions::ReviewAction;
pub use mode::Mode;
pub use targets::shown_in;

use crate::agreement::Place;
use crate::curation::{Curation, DEFAULT_CURATOR};
use crate::project::{OpenDocument, SaveError, SaveJob, SaveOutcome};
use compare_data::CompareData;
use compare_view::CompareView;
use corpus_rows::CorpusFilters;
use jobs::Job;
use reports::{AgreementData, QaData};
use summaries::Summaries;

/// Everything the review side of the window holds.
pub struct ReviewState {
    pub mode: Mode,
    /// Annotators with a folder in the project, read when the project opens
    /// and when a mode that needs them starts.
    pub known_annotators: Vec<String>,
    /// Annotators compared and curated from; `None`: all but the curator.
    chosen: Option<Vec<String>>,
    /// Whose gold version Curate builds.
    pub curator: String,
    /// Whose documents Review shows.
    pub reviewee: Option<String>,
    /// Curations by document id, all for `curator` and the compared annotators.
    curations: HashMap<String, Curation>,
    /// Documents whose curation could not start, with the reason.
    pub curation_errors: HashMap<String, String>,
    /// Reviewed documents by annotator, then document id.
    reviewed: HashMap<String, HashMap<String, OpenDocument>>,
    pub review_errors: HashMap<String, String>,
    pub compare: Option<CompareData>,
    pub compare_error: Option<String>,
    pub compare_view: CompareView,
    /// The disagreement shown last (jumped to or clicked).
    pub focus: Option<Place>,
    agreement: Job<AgreementData, Vec<String>>,
    qa: Job<QaData, ()>,
    summaries: Option<Summaries>,
    pub filters: CorpusFilters,
    pub show_agreement: bool,
    pub show_qa: bool,
}

impl Default for ReviewState {
    fn default() -> Self {
        Self {
            mode: Mode::default(),
            known_annotators: Vec::new(),
            chosen: None,
            curator: DEFAULT_CURATOR.to_owned(),
            reviewee: None,
            curations: HashMap::new(),
            curation_errors: HashMap::new(),
            reviewed: HashMap::new(),
            review_errors: HashMap::new(),
            compare: None,
            compare_error: None,
            compare_view: CompareView::default(),
            focus: None,
            agreement: Job::default(),
            qa: Job::default(),
            summaries: None,
            filters: CorpusFilters::default(),
            show_agreement: false,
            show_qa: false,
        }
    }
}

impl ReviewState {
    /// A fresh state for a project just opened: Annotate mode.
    pub fn for_project(project: &crate::project::Project) -> Self {
        Self {
            known_annotators: project.annotators(),
            ..Self::default()
        }
    }

    /// The annotators compared and curated from.
    pub fn compared(&self) -> Vec<String> {
        match &self.chosen {
            Some(chosen) => chosen.clone(),
            None => self
                .known_annotators
                .iter()
                .filter(|a| **a != self.curator)
                .cloned()
                .collect(),
        }
    }

    pub fn curation(&self, doc_id: &str) -> Option<&Curation> {
        self.curations.get(doc_id)
    }

    pub fn reviewed_document(&self, annotator: &str, doc_id: &str) -> Option<&OpenDocument> {
        self.reviewed.get(annotator)?.get(doc_id)
    }

    /// Whether `list` is the compared annotators (without building the list:
    /// the corpus list asks for every row).
    fn is_compared(&self, list: &[String]) -> bool {
        match &self.chosen {
            Some(chosen) => chosen == list,
            None => self
                .known_annotators
                .iter()
                .filter(|a| **a != self.curator)
                .eq(list.iter()),
        }
    }

    /// The agreement over the compared annotators, if computed.
    pub fn agreement(&self) -> Option<&AgreementData> {
        self.agreement.result_if(|annotators| self.is_compared(annotators))
    }

    pub fn agreement_running(&self) -> bool {
        self.agreement.is_running()
    }

    pub fn agreement_outdated(&self) -> bool {
        self.agreement.is_outdated()
    }

    pub fn qa(&self) -> Option<&QaData> {
        self.qa.result()
    }

    pub fn qa_running(&self) -> bool {
        self.qa.is_running()
    }

    pub fn qa_outdated(&self) -> bool {
        self.qa.is_outdated()
    }

    /// The other annotator whose statuses the corpus list shows, if any.
    pub fn summaries(&self) -> Option<&Summaries> {
        self.summaries.as_ref()
    }

    /// The jobs that would save changed curations and reviewed documents,
    /// keyed by their file name; `busy` tells which are being saved already.
    pub fn save_jobs(&self, busy: impl Fn(&str) -> bool) -> Vec<(String, SaveJob)> {
        self.documents()
            .filter(|d| !busy(d.file_name()))
            .filter_map(|d| Some((d.file_name().to_owned(), d.save_job()?)))
            .collect()
    }

    /// Records a finished save; `false` when no document here has that key.
    pub fn finish_save(&mut self, key: &str, job: &SaveJob, outcome: &Result<SaveOutcome, SaveError>) -> bool {
        if let Some(curation) = self.curations.values_mut().find(|c| c.gold().file_name() == key) {
            curation.finish_save(job, outcome);
            return true;
        }
        for documents in self.reviewed.values_mut() {
            if let Some(document) = documents.values_mut().find(|d| d.file_name() == key) {
                document.finish_save(job, outcome);
                return true;
            }
        }
        false
    }

    /// Saves every changed document here on this thread; returns the file
    /// names with their result.
    pub fn save_all_now(&mut self) -> Vec<(String, Result<SaveOutcome, SaveError>)> {
        let mut results = Vec::new();
        for curation in self.curations.values_mut() {
            if is_unsaved(curation.gold()) {
                results.push((curation.gold().file_name().to_owned(), curation.save_now()));
            }
        }
        for documents in self.reviewed.values_mut() {
            for document in documents.values_mut().filter(|d| is_unsaved(d)) {
                results.push((document.file_name().to_owned(), document.save_now()));
            }
        }
        results
    }

    pub fn has_unsaved_edits(&self) -> bool {
        self.documents().any(is_unsaved)
    }

    fn documents(&self) -> impl Iterator<Item = &OpenDocument> {
        self.curations
            .values()
            .map(Curation::gold)
            .chain(self.reviewed.values().flat_map(HashMap::values))
    }
}

fn is_unsaved(document: &OpenDocument) -> bool {
    document.is_dirty() && document.read_only_reason().is_none()
}
