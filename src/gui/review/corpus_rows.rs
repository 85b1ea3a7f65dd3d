//! What the corpus list shows besides the document names: whose status, the
//! agreement in Compare and Curate mode, and the filters by status, by
//! disagreements and by QA problems.

use super::{Mode, ReviewAction};
use crate::annotations::Status;
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    #[default]
    Any,
    Is(Status),
}

impl StatusFilter {
    pub fn text(self) -> &'static str {
        match self {
            Self::Any => "any status",
            Self::Is(status) => status.as_str(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CorpusFilters {
    pub status: StatusFilter,
    /// Only documents where the compared annotators disagree.
    pub disagreements: bool,
    /// Only documents whose files have QA findings.
    pub qa: bool,
}

/// The annotators whose files the list describes in the current mode.
pub fn listed_annotators(app: &SpanwrightApp) -> Vec<String> {
    let own = app.workspace().map(|w| w.annotator.clone()).unwrap_or_default();
    match app.review.mode {
        Mode::Annotate => vec![own],
        Mode::Review => app.review.reviewee.iter().cloned().collect(),
        Mode::Compare => app.review.compared(),
        Mode::Curate => vec![app.review.curator.clone()],
    }
}

/// Status and entity count of document `index` for the annotator whose
/// documents the mode shows: one's own, the reviewed annotator's, or the
/// curator's.
pub fn status_of(app: &SpanwrightApp, index: usize) -> (Option<Status>, Option<usize>) {
    let Some(workspace) = app.workspace() else {
        return (None, None);
    };
    let Some(summaries) = app.review.summaries() else {
        return workspace.status_of(index);
    };
    let Some(entry) = workspace.project.documents().get(index) else {
        return (None, None);
    };
    let key = crate::gui::store::DocKey::new(&summaries.annotator, &entry.id);
    let open = workspace.store.document(&key);
    if let Some(open) = open {
        return (Some(open.set().status()), Some(open.set().entities().len()));
    }
    summaries
        .get(index)
        .map_or((None, None), |s| (Some(s.status), Some(s.entities)))
}

/// Whether document `index` passes the filters (the name filter aside).
pub fn passes(app: &SpanwrightApp, index: usize, annotators: &[String]) -> bool {
    let filters = app.review.filters;
    let Some(doc_id) = app
        .workspace()
        .and_then(|w| w.project.documents().get(index))
        .map(|d| d.id.as_str())
    else {
        return false;
    };
    if let StatusFilter::Is(wanted) = filters.status
        && status_of(app, index).0 != Some(wanted)
    {
        return false;
    }
    if filters.disagreements {
        // Until the figures are in, nothing is hidden.
        if let Some(agreement) = app.review.agreement()
            && agreement.document(doc_id).is_none_or(|d| d.disagreements == 0)
        {
            return false;
        }
    }
    if filters.qa
        && let Some(qa) = app.review.qa()
        && !qa.has_problems(doc_id, annotators)
    {
        return false;
    }
    true
}

/// The agreement figure before a document's name in Compare and Curate
/// mode (span F1, or a dash where fewer than two annotators have the
/// document), and the full figures for its tooltip.
pub fn agreement_text(app: &SpanwrightApp, doc_id: &str) -> Option<(String, String)> {
    if !app.review.mode.shows_agreement() {
        return None;
    }
    let document = app.review.agreement()?.document(doc_id)?;
    if document.annotators.len() < 2 {
        let tip = match document.annotators.as_slice() {
            [] => "Nobody compared has annotated this document".to_owned(),
            [one] => format!("Only {one} has annotated this document"),
            _ => String::new(),
        };
        return Some(("  —   · ".to_owned(), tip));
    }
    let figure = |value: Option<f64>| value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.2}"));
    let short = format!("{} · ", figure(document.span_f1));
    let tip = format!(
        "{}: span F1 {} (lenient {}), Krippendorff's α {}, {} disagreements",
        document.annotators.join(", "),
        figure(document.span_f1),
        figure(document.span_f1_lenient),
        figure(document.krippendorff_alpha),
        document.disagreements
    );
    Some((short, tip))
}

/// The filter controls under the name filter.
pub fn filters_ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    let filters = app.review.filters;
    ui.horizontal(|ui| {
        let caption = ui.label("Status:");
        egui::ComboBox::from_id_salt("corpus-status-filter")
            .selected_text(filters.status.text())
            .show_ui(ui, |ui| {
                let choices = std::iter::once(StatusFilter::Any).chain(Status::ALL.map(StatusFilter::Is));
                for choice in choices {
                    if ui.selectable_label(choice == filters.status, choice.text()).clicked() {
                        actions.push(Action::Review(ReviewAction::SetStatusFilter(choice)));
                    }
                }
            })
            .response
            .labelled_by(caption.id);
    });
    ui.horizontal(|ui| {
        let mut disagreements = filters.disagreements;
        if ui
            .checkbox(&mut disagreements, "Has disagreements")
            .on_hover_text("Documents where the compared annotators differ")
            .changed()
        {
            actions.push(Action::Review(ReviewAction::SetDisagreementFilter(disagreements)));
        }
        if filters.disagreements && app.review.agreement_running() {
            ui.weak("computing…");
        }
    });
    ui.horizontal(|ui| {
        let mut qa = filters.qa;
        if ui
            .checkbox(&mut qa, "Has QA problems")
            .on_hover_text("Documents whose annotation files fail a quality check")
            .changed()
        {
            actions.push(Action::Review(ReviewAction::SetQaFilter(qa)));
        }
        if filters.qa && app.review.qa_running() {
            ui.weak("checking…");
        }
    });
}
