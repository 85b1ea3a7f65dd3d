//! An opened project as the window holds it: the documents visited, which
//! one is shown, and the corpus list's summaries.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::annotations::Status;
use crate::project::{AnnotatorLock, DocumentSummary, LockError, OpenDocument, Project};

/// How long after the last edit a document is saved.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(800);

/// Where the current document's annotations stand on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    Saving,
    Failed(String),
}

pub struct Workspace {
    pub project: Project,
    pub annotator: String,
    pub(super) documents: HashMap<String, OpenDocument>,
    /// Documents that could not be opened, with the reason.
    pub open_errors: HashMap<String, String>,
    pub current: Option<String>,
    summaries: Vec<Option<DocumentSummary>>,
    summary_feed: Option<Receiver<(usize, DocumentSummary)>>,
    pub last_edit: Option<Instant>,
    pub save_errors: HashMap<String, String>,
    /// This window's hold on the annotator's files, released when dropped.
    lock: Option<AnnotatorLock>,
    /// Set when another window holds them: documents open read-only with
    /// this reason unless the user chooses to edit anyway.
    pub held_elsewhere: Option<String>,
    /// What taking the lock had to say (a crashed window's lock taken over,
    /// or why no lock could be taken).
    pub lock_notice: Option<String>,
}

impl Workspace {
    pub fn new(project: Project, annotator: String, ctx: Option<egui::Context>) -> Self {
        let count = project.documents().len();
        let mut workspace = Self {
            project,
            annotator,
            documents: HashMap::new(),
            open_errors: HashMap::new(),
            current: None,
            summaries: vec![None; count],
            summary_feed: None,
            last_edit: None,
            save_errors: HashMap::new(),
            lock: None,
            held_elsewhere: None,
            lock_notice: None,
        };
        workspace.take_lock();
        workspace.reload_summaries(ctx);
        workspace
    }

    fn take_lock(&mut self) {
        if self.annotator.is_empty() {
            return;
        }
        match AnnotatorLock::acquire(&self.project, &self.annotator) {
            Ok(lock) => {
                self.lock_notice = lock.replaced_stale().map(|holder| {
                    format!("Took over the work of a Spanwright window that ended without closing ({holder})")
                });
                self.lock = Some(lock);
            }
            Err(LockError::Held { file, holder }) => {
                let who = holder.map_or_else(String::new, |h| format!(" ({h})"));
                self.held_elsewhere = Some(format!(
                    "{}'s annotations are open in another Spanwright window{who}; {file} is held",
                    self.annotator
                ));
            }
            Err(err) => self.lock_notice = Some(format!("Cannot guard against a second window: {err}")),
        }
    }

    /// Edits anyway although another window holds the annotator's files;
    /// saves still refuse to overwrite anything that window wrote.
    pub fn edit_anyway(&mut self) {
        if let Some(reason) = self.held_elsewhere.take() {
            for open in self.documents.values_mut() {
                open.lift_read_only(&reason);
            }
        }
    }

    /// Reads a document again from disk (after it was re-anchored or
    /// restored), dropping its undo history.
    pub fn reload(&mut self, doc_id: &str) -> Result<(), String> {
        self.documents.remove(doc_id);
        self.show(doc_id)
    }

    /// Reads every document's status and counts on a background thread; the
    /// list shows names at once and fills in as they arrive.
    pub fn reload_summaries(&mut self, ctx: Option<egui::Context>) {
        let (sender, receiver) = channel();
        let project = self.project.clone();
        let annotator = self.annotator.clone();
        std::thread::Builder::new()
            .name("spanwright-summaries".into())
            .spawn(move || {
                for (i, entry) in project.documents().iter().enumerate() {
                    if sender
                        .send((i, DocumentSummary::read(&project, &annotator, &entry.id)))
                        .is_err()
                    {
                        return;
                    }
                    if i % 256 == 255
                        && let Some(ctx) = &ctx
                    {
                        ctx.request_repaint();
                    }
                }
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            })
            .ok();
        self.summary_feed = Some(receiver);
    }

    pub fn receive_summaries(&mut self) {
        if let Some(feed) = &self.summary_feed {
            for (i, summary) in feed.try_iter() {
                if let Some(slot) = self.summaries.get_mut(i) {
                    *slot = Some(summary);
                }
            }
        }
    }

    /// Status and entity count of document `index`, live for open documents.
    pub fn status_of(&self, index: usize) -> (Option<Status>, Option<usize>) {
        let Some(entry) = self.project.documents().get(index) else {
            return (None, None);
        };
        if let Some(open) = self.documents.get(&entry.id) {
            return (Some(open.set().status()), Some(open.set().entities().len()));
        }
        match self.summaries.get(index).and_then(Option::as_ref) {
            Some(summary) => (Some(summary.status), Some(summary.entities)),
            None => (None, None),
        }
    }

    pub fn finished_count(&self) -> usize {
        (0..self.project.documents().len())
            .filter(|&i| self.status_of(i).0.is_some_and(Status::is_finished))
            .count()
    }

    pub fn current_index(&self) -> Option<usize> {
        let current = self.current.as_deref()?;
        self.project.documents().iter().position(|d| d.id == current)
    }

    /// Shows document `doc_id`, opening it on first visit.
    pub fn show(&mut self, doc_id: &str) -> Result<(), String> {
        if !self.documents.contains_key(doc_id) {
            match OpenDocument::open(&self.project, doc_id, &self.annotator) {
                Ok(mut open) => {
                    if let Some(reason) = &self.held_elsewhere {
                        open.make_read_only(reason.clone());
                    }
                    self.documents.insert(doc_id.to_owned(), open);
                    self.open_errors.remove(doc_id);
                }
                Err(err) => {
                    let message = err.to_string();
                    self.open_errors.insert(doc_id.to_owned(), message.clone());
                    self.current = Some(doc_id.to_owned());
                    return Err(message);
                }
            }
        }
        self.current = Some(doc_id.to_owned());
        Ok(())
    }

    pub fn current_document(&self) -> Option<&OpenDocument> {
        self.documents.get(self.current.as_deref()?)
    }

    pub fn current_document_mut(&mut self) -> Option<&mut OpenDocument> {
        let current = self.current.clone()?;
        self.documents.get_mut(&current)
    }

    pub fn document_mut(&mut self, doc_id: &str) -> Option<&mut OpenDocument> {
        self.documents.get_mut(doc_id)
    }

    pub fn dirty_documents(&self) -> Vec<String> {
        let mut dirty: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, d)| d.is_dirty() && d.read_only_reason().is_none())
            .map(|(id, _)| id.clone())
            .collect();
        dirty.sort();
        dirty
    }

    pub fn has_unsaved_edits(&self) -> bool {
        !self.dirty_documents().is_empty()
    }

    pub fn save_state(&self, doc_id: &str, saving: bool) -> SaveState {
        if let Some(error) = self.save_errors.get(doc_id) {
            return SaveState::Failed(error.clone());
        }
        if saving {
            return SaveState::Saving;
        }
        match self.documents.get(doc_id) {
            Some(open) if open.is_dirty() => SaveState::Unsaved,
            _ => SaveState::Saved,
        }
    }
}
