//! Running the review side's actions and commands, and keeping loaded what
//! each mode shows for the current document.

use super::compare_data::{CompareData, OwnVersion};
use super::reports::{AgreementData, QaData};
use super::summaries::Summaries;
use super::{Mode, ReviewAction};
use crate::agreement::Place;
use crate::curation::start_curation;
use crate::gui::actions::Action;
use crate::gui::app::SpanwrightApp;
use crate::gui::commands::Command;
use crate::gui::document_view::Selection;
use crate::gui::store::Held;
use crate::gui::tasks::Task;
use crate::project::{OpenDocument, check_annotator_name};
use crate::qa::Finding;
use crate::review::{
    ReviewError, document_comment_edit, entity_comment_edit, mark_reviewed_edit, relation_comment_edit, send_back_edit,
};

impl SpanwrightApp {
    pub(in crate::gui) fn run_review_action(&mut self, action: ReviewAction) {
        match action {
            ReviewAction::SetMode(mode) => self.set_mode(mode),
            ReviewAction::ToggleAnnotator(annotator) => self.toggle_annotator(&annotator),
            ReviewAction::SetReviewee(annotator) => {
                self.review.reviewee = Some(annotator);
                self.selection = Selection::Nothing;
                self.prepare_review();
            }
            ReviewAction::SetCurator(name) => self.set_curator(name),
            ReviewAction::Focus(place) => self.focus(place),
            ReviewAction::Settle { place, resolution } => {
                let Some(key) = self.shown_key() else {
                    return;
                };
                let Some(curation) = self.workspace.as_mut().and_then(|w| w.store.curation_mut(&key)) else {
                    return;
                };
                match curation.settle(&place, resolution) {
                    Ok(()) => {
                        self.edited_now();
                        self.forget_missing_selection();
                        self.review.focus = Some(place);
                        self.notice = None;
                    }
                    Err(err) => self.notify_error(format!("Cannot settle this disagreement: {err}")),
                }
            }
            ReviewAction::TakeAgreed => {
                let Some(key) = self.shown_key() else {
                    return;
                };
                let Some(curation) = self.workspace.as_mut().and_then(|w| w.store.curation_mut(&key)) else {
                    return;
                };
                match curation.take_agreed() {
                    Ok(true) => {
                        self.edited_now();
                        self.notify("Added the agreed annotations the gold version lacked");
                    }
                    Ok(false) => self.notify("The gold version has every agreed annotation"),
                    Err(err) => self.notify_error(format!("Cannot take the agreed annotations: {err}")),
                }
            }
            ReviewAction::MarkReviewed => match self.shown_document().map(|d| mark_reviewed_edit(d.set())) {
                Some(Some(edit)) => {
                    let applied = self.apply_shown_edit(edit);
                    if applied {
                        self.notify("Marked reviewed");
                    }
                }
                Some(None) => self.notify("This document is already reviewed"),
                None => {}
            },
            ReviewAction::SendBack(comment) => {
                let Some(document) = self.shown_document() else {
                    return;
                };
                let annotator = document.annotator().to_owned();
                match send_back_edit(document.set(), &comment) {
                    Ok(edit) => {
                        if self.apply_shown_edit(edit) {
                            self.notify(format!("Sent back to {annotator} with your comment"));
                        }
                    }
                    Err(err) => self.notify_error(err.to_string()),
                }
            }
            ReviewAction::SetDocumentComment(comment) => {
                let edit = self
                    .shown_document()
                    .and_then(|d| document_comment_edit(d.set(), comment.as_deref()));
                if let Some(edit) = edit {
                    self.apply_shown_edit(edit);
                }
            }
            ReviewAction::SetEntityComment { id, comment } => {
                let edit = self
                    .shown_document()
                    .map(|d| entity_comment_edit(d.set(), &id, comment.as_deref()));
                self.apply_review_edit(edit);
            }
            ReviewAction::SetRelationComment { id, comment } => {
                let edit = self
                    .shown_document()
                    .map(|d| relation_comment_edit(d.set(), &id, comment.as_deref()));
                self.apply_review_edit(edit);
            }
            ReviewAction::SetStatusFilter(filter) => self.review.filters.status = filter,
            ReviewAction::SetDisagreementFilter(on) => {
                self.review.filters.disagreements = on;
                self.review.agreement.refresh_if_outdated();
                self.prepare_review();
            }
            ReviewAction::SetQaFilter(on) => {
                self.review.filters.qa = on;
                self.review.qa.refresh_if_outdated();
                self.prepare_review();
            }
            ReviewAction::RefreshAgreement => {
                self.review.agreement.request_refresh();
                self.prepare_review();
            }
            ReviewAction::RefreshQa => {
                self.review.qa.request_refresh();
                self.prepare_review();
            }
            ReviewAction::OpenFinding(finding) => self.open_finding(&finding),
            ReviewAction::CloseAgreement => self.review.show_agreement = false,
            ReviewAction::CloseQa => self.review.show_qa = false,
        }
    }

    pub(in crate::gui) fn run_review_command(&mut self, command: Command) {
        if let Some(mode) = Mode::of_command(command) {
            self.set_mode(mode);
            return;
        }
        match command {
            Command::ShowAgreement => {
                self.review.show_agreement = !self.review.show_agreement;
                self.review.agreement.refresh_if_outdated();
                self.prepare_review();
            }
            Command::ShowQa => {
                self.review.show_qa = !self.review.show_qa;
                self.review.qa.refresh_if_outdated();
                self.prepare_review();
            }
            Command::NextDisagreement => self.step_disagreement(true),
            Command::PreviousDisagreement => self.step_disagreement(false),
            Command::MarkReviewed => self.run_review_action(ReviewAction::MarkReviewed),
            _ => {}
        }
    }

    pub(in crate::gui) fn review_command_enabled(&self, command: Command) -> bool {
        let has_document = self.workspace.as_ref().is_some_and(|w| w.current.is_some());
        match command {
            Command::ModeAnnotate
            | Command::ModeReview
            | Command::ModeCompare
            | Command::ModeCurate
            | Command::ShowAgreement
            | Command::ShowQa => self.workspace.is_some(),
            Command::NextDisagreement | Command::PreviousDisagreement => {
                has_document && self.review.mode.shows_agreement()
            }
            Command::MarkReviewed => {
                self.review.mode == Mode::Review
                    && self.shown_document().is_some_and(|d| d.read_only_reason().is_none())
            }
            _ => false,
        }
    }

    fn apply_review_edit(&mut self, edit: Option<Result<Option<crate::annotations::Edit>, ReviewError>>) {
        match edit {
            Some(Ok(Some(edit))) => {
                self.apply_shown_edit(edit);
            }
            Some(Err(err)) => self.notify_error(err.to_string()),
            Some(Ok(None)) | None => {}
        }
    }

    /// Starts the autosave clock after an edit made outside `apply_edit`.
    fn edited_now(&mut self) {
        if let (Some(key), Some(workspace)) = (self.shown_key(), self.workspace.as_mut()) {
            workspace.store.edited(&key);
        }
        self.schedule_autosave();
    }

    pub(in crate::gui) fn set_mode(&mut self, mode: Mode) {
        if mode == self.review.mode {
            return;
        }
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        let own = workspace.annotator.clone();
        // The annotators known so far decide now; a fresh look at the
        // folder follows in the background.
        self.refresh_known_annotators();
        match mode {
            Mode::Curate if own == self.review.curator => {
                self.notify_error(format!(
                    "You are working as \"{own}\", the curator: open the project under your own name to curate"
                ));
                return;
            }
            Mode::Review => {
                let known = &self.review.known_annotators;
                if self.review.reviewee.as_ref().is_none_or(|r| !known.contains(r)) {
                    self.review.reviewee = known
                        .iter()
                        .find(|a| **a != own && **a != self.review.curator)
                        .or_else(|| known.first())
                        .cloned();
                }
                if self.review.reviewee.is_none() {
                    self.notify_error("Nobody has annotations in this project yet: there is nothing to review");
                    return;
                }
            }
            _ => {}
        }
        // Curation and comparison read the files: what is in memory is
        // written first (in the background; they wait for it).
        self.commit_drafts();
        self.start_saves(true);
        self.review.mode = mode;
        self.selection = Selection::Nothing;
        self.relation_head = None;
        self.review.focus = None;
        if mode.shows_agreement() {
            self.review.agreement.refresh_if_outdated();
        }
        self.prepare_review();
        self.notify(format!("{} mode: {}", mode.title(), mode.description()));
    }

    fn toggle_annotator(&mut self, annotator: &str) {
        let mut compared = self.review.compared();
        if let Some(i) = compared.iter().position(|a| a == annotator) {
            compared.remove(i);
        } else {
            compared.push(annotator.to_owned());
            let order = &self.review.known_annotators;
            compared.sort_by_key(|a| order.iter().position(|k| k == a).unwrap_or(usize::MAX));
        }
        self.commit_drafts();
        self.start_saves(true);
        if let Err(err) = self.review.choose(Some(compared)) {
            self.notify_error(err.to_string());
        }
        self.forget_comparison();
        self.prepare_review();
    }

    fn set_curator(&mut self, name: String) {
        let name = name.trim().to_owned();
        if let Err(err) = check_annotator_name(&name) {
            self.notify_error(err.to_string());
            return;
        }
        if self.workspace.as_ref().is_some_and(|w| w.annotator == name) {
            self.notify_error(format!("\"{name}\" is your own name: the curator must be someone else"));
            return;
        }
        self.commit_drafts();
        self.start_saves(true);
        if let Err(err) = self.review.set_curator(name) {
            self.notify_error(err.to_string());
        }
        self.forget_comparison();
        self.prepare_review();
    }

    /// The compared annotators or the curator changed: what was shown for
    /// the old ones goes (curations are built again when next shown).
    fn forget_comparison(&mut self) {
        if let Some(workspace) = self.workspace.as_mut() {
            workspace.store.forget_failed();
        }
        self.review.compare = None;
        self.review.focus = None;
        self.selection = Selection::Nothing;
    }

    fn focus(&mut self, place: Place) {
        let (start, end) = place.range();
        match self.review.mode {
            Mode::Compare => self.review.compare_view.scroll_to(start),
            Mode::Curate => {
                self.view.scroll_to(start);
                self.selection = match place {
                    Place::Entities { .. } => Selection::Text { start, end },
                    Place::Relations { .. } => Selection::Nothing,
                };
            }
            Mode::Annotate | Mode::Review => {}
        }
        self.review.focus = Some(place);
    }

    /// The disagreements F8 steps through: in Curate the open ones (all,
    /// once none is open).
    fn stepping_places(&self) -> Vec<Place> {
        let key = self.shown_key();
        let store = self.workspace.as_ref().map(|w| &w.store);
        match self.review.mode {
            Mode::Compare => self
                .review
                .compare
                .as_ref()
                .map(|c| c.comparison.disagreements.iter().map(|d| d.place.clone()).collect())
                .unwrap_or_default(),
            Mode::Curate => {
                let Some(curation) = key.as_ref().and_then(|k| store?.curation(k)) else {
                    return Vec::new();
                };
                let all = curation.disagreements(curation.gold().set());
                let open: Vec<Place> = all
                    .iter()
                    .filter(|d| d.state.is_open())
                    .map(|d| d.place.clone())
                    .collect();
                if open.is_empty() {
                    all.into_iter().map(|d| d.place).collect()
                } else {
                    open
                }
            }
            Mode::Annotate | Mode::Review => Vec::new(),
        }
    }

    fn step_disagreement(&mut self, forward: bool) {
        let places = self.stepping_places();
        if places.is_empty() {
            self.notify("No disagreements in this document");
            return;
        }
        let count = places.len();
        let next = match self.review.focus.as_ref() {
            Some(focus) => match places.iter().position(|p| p == focus) {
                Some(i) if forward => (i + 1) % count,
                Some(i) => (i + count - 1) % count,
                // The focused one was settled: the nearest one after (or before) it.
                None if forward => places.iter().position(|p| p > focus).unwrap_or(0),
                None => places.iter().rposition(|p| p < focus).unwrap_or(count - 1),
            },
            None if forward => 0,
            None => count - 1,
        };
        self.notify(format!("Disagreement {} of {count}", next + 1));
        self.focus(places[next].clone());
    }

    fn open_finding(&mut self, finding: &Finding) {
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        if workspace.project.document(&finding.document).is_none() {
            self.notify_error(finding.to_string());
            return;
        }
        let mode = if finding.annotator == workspace.annotator {
            Mode::Annotate
        } else if finding.annotator == self.review.curator {
            Mode::Curate
        } else {
            self.review.reviewee = Some(finding.annotator.clone());
            Mode::Review
        };
        self.set_mode(mode);
        self.run_action(Action::ShowDocument(finding.document.clone()));
        self.prepare_review();
        self.review.pending_finding = Some(finding.clone());
        self.select_pending_finding();
    }

    /// Selects what the finding opened last points at, once its document
    /// has been read.
    pub(in crate::gui) fn select_pending_finding(&mut self) {
        if self.review.pending_finding.is_none() || self.shown_loading() {
            return;
        }
        let Some(finding) = self.review.pending_finding.take() else {
            return;
        };
        let Some(document) = self.shown_document() else {
            return;
        };
        let set = document.set();
        let item = finding.item.clone().unwrap_or_default();
        if set.entity(&item).is_some() {
            self.run_action(Action::SelectEntity { id: item, scroll: true });
        } else if set.relation(&item).is_some() {
            self.run_action(Action::SelectRelation { id: item, scroll: true });
        } else if let Some((start, end)) = finding.span {
            self.view.scroll_to(start);
            self.selection = Selection::Text { start, end };
        }
        self.notify(finding.to_string());
    }

    /// Loads what the current mode shows for the current document and
    /// starts the background work the visible parts need.
    pub(in crate::gui) fn prepare_review(&mut self) {
        self.receive_comparison();
        self.review.agreement.receive();
        self.review.qa.receive();
        if let Some(summaries) = self.review.summaries.as_mut() {
            summaries.receive();
        }
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        let ctx = Some(self.ctx.clone());
        let mode = self.review.mode;
        let listed = match mode {
            Mode::Review => self.review.reviewee.clone(),
            Mode::Curate => Some(self.review.curator.clone()),
            Mode::Annotate | Mode::Compare => None,
        }
        .filter(|a| *a != workspace.annotator);
        if listed.as_deref() != self.review.summaries.as_ref().map(|s| s.annotator.as_str()) {
            self.review.summaries = listed.map(|a| Summaries::start(&workspace.project, &a, ctx.clone()));
        }

        let compared = self.review.compared();
        let wants_agreement = mode.shows_agreement() || self.review.show_agreement || self.review.filters.disagreements;
        if wants_agreement && self.review.agreement.needs(&compared) {
            let project = workspace.project.clone();
            let annotators = compared.clone();
            self.review.agreement.start(compared.clone(), ctx.clone(), move || {
                AgreementData::compute(&project, &annotators)
            });
        }
        let wants_qa = self.review.show_qa || self.review.filters.qa;
        if wants_qa && self.review.qa.needs(&()) {
            let project = workspace.project.clone();
            self.review.qa.start((), ctx, move || QaData::compute(&project));
        }

        let Some(current) = workspace.current.clone() else {
            return;
        };
        if workspace.current_error().is_some() {
            return;
        }
        match mode {
            Mode::Compare => self.prepare_comparison(&current, &compared),
            Mode::Curate => self.prepare_curation(&current, &compared),
            Mode::Review => self.prepare_reviewed(&current),
            Mode::Annotate => {}
        }
    }

    fn prepare_comparison(&mut self, current: &str, compared: &[String]) {
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        let own = workspace.current_document();
        let own_generation = own
            .filter(|_| compared.contains(&workspace.annotator))
            .map(OpenDocument::generation);
        let fresh = self
            .review
            .compare
            .as_ref()
            .is_some_and(|c| c.doc_id == current && c.asked == compared && c.own_generation == own_generation);
        let asked = (current.to_owned(), compared.to_vec(), own_generation);
        if fresh || self.review.compare_loading.as_ref().is_some_and(|(k, _)| *k == asked) {
            return;
        }
        let project = workspace.project.clone();
        let own = own.map(OwnVersion::of);
        let (doc_id, annotators) = (current.to_owned(), compared.to_vec());
        let task = Task::spawn("compare", Some(&self.ctx), move || {
            CompareData::load(&project, &doc_id, &annotators, own)
        });
        self.review.compare_loading = Some((asked, task));
    }

    /// Takes a comparison that finished loading.
    fn receive_comparison(&mut self) {
        let Some((asked, task)) = self.review.compare_loading.take() else {
            return;
        };
        match task
            .try_take()
            .map(|loaded| loaded.unwrap_or_else(|stopped| Err(stopped.to_string())))
        {
            Ok(Ok(data)) => {
                self.review.compare = Some(data);
                self.review.compare_error = None;
            }
            Ok(Err(err)) => {
                self.review.compare = None;
                self.review.compare_error = Some(err);
            }
            Err(task) => self.review.compare_loading = Some((asked, task)),
        }
    }

    /// Starts building the curation of `current` in the background once the
    /// files it reads are saved; one built for other annotators is dropped
    /// first (once nothing in it is unsaved).
    fn prepare_curation(&mut self, current: &str, compared: &[String]) {
        let Some(key) = self.shown_key() else {
            return;
        };
        let ctx = self.ctx.clone();
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        if let Some(curation) = workspace.store.curation(&key) {
            let mut built_for: Vec<&str> = curation.sources().iter().map(|s| s.annotator.as_str()).collect();
            built_for.extend(curation.absent_annotators().iter().map(String::as_str));
            built_for.sort_unstable();
            let mut wanted: Vec<&str> = compared.iter().map(String::as_str).collect();
            wanted.sort_unstable();
            if built_for == wanted || !workspace.store.is_settled(&key) {
                return;
            }
            workspace.store.forget(&key);
        } else if workspace.store.knows(&key) {
            return;
        }
        // The annotators' files are read from disk: wait for their saves.
        if workspace.store.is_saving() {
            return;
        }
        let project = workspace.project.clone();
        let (doc_id, annotators, curator) = (current.to_owned(), compared.to_vec(), self.review.curator.clone());
        workspace.store.load(&key, Some(&ctx), move || {
            start_curation(&project, &doc_id, &annotators, &curator)
                .map(|curation| Held::Curation(Box::new(curation)))
                .map_err(|err| err.to_string())
        });
    }

    fn prepare_reviewed(&mut self, current: &str) {
        let Some(reviewee) = self.review.reviewee.clone() else {
            return;
        };
        let ctx = self.ctx.clone();
        if let Some(workspace) = self.workspace.as_mut() {
            workspace.load_document(&reviewee, current, Some(&ctx));
        }
    }

    /// Called after files were written: corpus-wide figures may be out of date.
    pub(in crate::gui) fn review_note_saved(&mut self) {
        self.review.agreement.mark_outdated();
        self.review.qa.mark_outdated();
        // A first save makes its annotator known.
        self.refresh_known_annotators();
    }

    /// Reads who has annotations in the project, off the UI thread.
    pub(in crate::gui) fn refresh_known_annotators(&mut self) {
        let Some(workspace) = self.workspace.as_ref() else {
            return;
        };
        if self.review.annotators_refresh.is_some() {
            return;
        }
        let root = workspace.project.root().to_path_buf();
        self.review.annotators_refresh = Some(super::super::tasks::Task::spawn(
            "annotators",
            Some(&self.ctx),
            move || crate::project::annotators_in(&root),
        ));
    }

    /// Takes in a fresh list of annotators once it has been read.
    pub(in crate::gui) fn receive_known_annotators(&mut self) {
        let Some(task) = self.review.annotators_refresh.take() else {
            return;
        };
        match task.try_take() {
            Err(task) => self.review.annotators_refresh = Some(task),
            // The annotators known so far stay; the next refresh tries again.
            Ok(Err(_)) => {}
            Ok(Ok(known)) if known == self.review.known_annotators => {}
            Ok(Ok(known)) => {
                if let Err(err) = self.review.set_known_annotators(known) {
                    self.notify_error(format!("{err}: comparing everyone instead"));
                }
            }
        }
    }
}
