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

pub use actions::ReviewAction;
pub use mode::Mode;
pub use targets::shown_in;

use crate::agreement::{AgreeError, Place, choose_among};
use crate::curation::DEFAULT_CURATOR;
use crate::gui::tasks::Task;
use compare_data::CompareData;
use compare_view::CompareView;
use corpus_rows::CorpusFilters;
use jobs::Job;
use reports::{AgreementData, QaData};
use summaries::Summaries;

/// What a comparison was asked for: the document, the annotators, and the
/// generation of the window's own annotations of it.
pub type CompareKey = (String, Vec<String>, Option<u64>);

/// Everything the review side of the window holds.
pub struct ReviewState {
    pub mode: Mode,
    /// Annotators with a folder in the project, read (in the background)
    /// when the project opens, when a mode starts and after saves.
    pub known_annotators: Vec<String>,
    /// A fresh reading of the annotators under way.
    annotators_refresh: Option<super::tasks::Task<Vec<String>>>,
    /// Annotators compared and curated from as chosen; `None`: all but the
    /// curator.
    chosen: Option<Vec<String>>,
    /// What `chosen` comes to, worked out when it, the known annotators or
    /// the curator change.
    compared: Vec<String>,
    /// Whose gold version Curate builds.
    pub curator: String,
    /// Whose documents Review shows.
    pub reviewee: Option<String>,
    pub compare: Option<CompareData>,
    pub compare_error: Option<String>,
    /// A comparison being read: (document, annotators, own generation).
    pub compare_loading: Option<(CompareKey, Task<Result<CompareData, String>>)>,
    pub compare_view: CompareView,
    /// The disagreement shown last (jumped to or clicked).
    pub focus: Option<Place>,
    agreement: Job<AgreementData, Vec<String>>,
    qa: Job<QaData, ()>,
    summaries: Option<Summaries>,
    pub filters: CorpusFilters,
    pub show_agreement: bool,
    pub show_qa: bool,
    /// A QA finding opened whose document is still being read.
    pub pending_finding: Option<crate::qa::Finding>,
}

impl Default for ReviewState {
    fn default() -> Self {
        Self {
            mode: Mode::default(),
            known_annotators: Vec::new(),
            annotators_refresh: None,
            chosen: None,
            compared: Vec::new(),
            curator: DEFAULT_CURATOR.to_owned(),
            reviewee: None,
            compare: None,
            compare_error: None,
            compare_loading: None,
            compare_view: CompareView::default(),
            focus: None,
            agreement: Job::default(),
            qa: Job::default(),
            summaries: None,
            filters: CorpusFilters::default(),
            show_agreement: false,
            show_qa: false,
            pending_finding: None,
        }
    }
}

impl ReviewState {
    /// A fresh state for a project just opened: Annotate mode.
    pub fn for_project(project: &crate::project::Project) -> Self {
        let mut state = Self::default();
        // A fresh state chooses nobody, and the default cannot fail.
        let _ = state.set_known_annotators(project.annotators());
        state
    }

    /// The annotators compared and curated from.
    pub fn compared(&self) -> Vec<String> {
        self.compared.clone()
    }

    /// Whether `list` is the compared annotators.
    fn is_compared(&self, list: &[String]) -> bool {
        self.compared == list
    }

    /// Chooses the compared annotators (`None`: all but the curator).
    pub(super) fn choose(&mut self, chosen: Option<Vec<String>>) -> Result<(), AgreeError> {
        self.compared = choose_among(&self.known_annotators, chosen.as_deref(), &self.curator)?;
        self.chosen = chosen;
        Ok(())
    }

    /// The annotators with files changed: the choice is checked again, and
    /// an annotator who is gone drops the choice back to everyone.
    /// The annotators are being read again.
    pub fn is_reading_annotators(&self) -> bool {
        self.annotators_refresh.is_some()
    }

    pub(super) fn set_known_annotators(&mut self, known: Vec<String>) -> Result<(), AgreeError> {
        self.known_annotators = known;
        let chosen = self.chosen.clone();
        self.choose(chosen).or_else(|err| {
            self.choose(None)?;
            Err(err)
        })
    }

    pub(super) fn set_curator(&mut self, curator: String) -> Result<(), AgreeError> {
        self.curator = curator;
        let chosen = self
            .chosen
            .clone()
            .map(|c| c.into_iter().filter(|a| *a != self.curator).collect());
        self.choose(chosen)
    }

    /// The agreement over the compared annotators, if computed.
    pub fn agreement(&self) -> Option<&AgreementData> {
        self.agreement.result_if(|annotators| self.is_compared(annotators))
    }

    /// Why the last agreement computation stopped without a result.
    pub fn agreement_stopped(&self) -> Option<&str> {
        self.agreement.stopped()
    }

    /// Why the last QA check stopped without a result.
    pub fn qa_stopped(&self) -> Option<&str> {
        self.qa.stopped()
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
}
