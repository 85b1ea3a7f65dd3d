//! An opened project as the window holds it: the store of open documents,
//! which document is current, the lock on the annotator's files, and the
//! corpus list's summaries.

use super::store::{DocKey, DocumentStore, Held};
use super::tasks::Feed;
use crate::annotations::Status;
use crate::project::{AnnotatorLock, DocumentSummary, LockError, OpenDocument, Project};

pub use super::store::SaveState;

pub struct Workspace {
    pub project: Project,
    pub annotator: String,
    pub store: DocumentStore,
    pub current: Option<String>,
    summaries: Vec<Option<DocumentSummary>>,
    summary_feed: Option<Feed<(usize, DocumentSummary)>>,
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
    /// Opens `project` for `annotator`. The lock on the annotator's files is
    /// taken now only if they have a folder already: a first visit (a
    /// reviewer looking round) writes nothing until the first edit.
    pub fn new(project: Project, annotator: String, ctx: Option<egui::Context>) -> Self {
        let count = project.documents().len();
        let mut workspace = Self {
            project,
            annotator,
            store: DocumentStore::default(),
            current: None,
            summaries: vec![None; count],
            summary_feed: None,
            lock: None,
            held_elsewhere: None,
            lock_notice: None,
        };
        // Without a folder there is no lock file either, so no other
        // window to be warned about.
        if workspace.annotator_folder_exists() {
            workspace.take_lock();
        }
        workspace.reload_summaries(ctx);
        workspace
    }

    fn annotator_folder_exists(&self) -> bool {
        !self.annotator.is_empty()
            && self
                .project
                .root()
                .join(crate::project::ANNOTATIONS_FOLDER)
                .join(&self.annotator)
                .is_dir()
    }

    fn take_lock(&mut self) {
        if self.annotator.is_empty() || self.lock.is_some() {
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
                let reason = format!(
                    "{}'s annotations are open in another Spanwright window{who}; {file} is held",
                    self.annotator
                );
                self.store.set_held_elsewhere(&self.annotator, Some(&reason), None);
                self.held_elsewhere = Some(reason);
            }
            Err(err) => self.lock_notice = Some(format!("Cannot guard against a second window: {err}")),
        }
    }

    /// Called before the annotator's first edit: takes the lock if it was
    /// left for later. `false` when another window turned out to hold it.
    pub fn ready_to_edit(&mut self) -> bool {
        if self.lock.is_none() && self.held_elsewhere.is_none() {
            self.take_lock();
        }
        self.held_elsewhere.is_none()
    }

    /// Edits anyway although another window holds the annotator's files;
    /// saves still refuse to overwrite anything that window wrote.
    pub fn edit_anyway(&mut self) {
        if let Some(reason) = self.held_elsewhere.take() {
            self.store.set_held_elsewhere(&self.annotator, None, Some(&reason));
        }
    }

    /// The key of the annotator's own file for `doc_id`.
    pub fn own_key(&self, doc_id: &str) -> DocKey {
        DocKey::new(&self.annotator, doc_id)
    }

    pub fn current_key(&self) -> Option<DocKey> {
        Some(self.own_key(self.current.as_deref()?))
    }

    /// Starts loading `annotator`'s file for `doc_id` in the background,
    /// unless the store has it.
    pub fn load_document(&mut self, annotator: &str, doc_id: &str, ctx: Option<&egui::Context>) {
        let key = DocKey::new(annotator, doc_id);
        let project = self.project.clone();
        let held_elsewhere = self.held_elsewhere.clone().filter(|_| annotator == self.annotator);
        let (doc_id, annotator) = (doc_id.to_owned(), annotator.to_owned());
        self.store.load(&key, ctx, move || {
            let mut open = OpenDocument::open(&project, &doc_id, &annotator).map_err(|e| e.to_string())?;
            if let Some(reason) = held_elsewhere {
                open.make_read_only(reason);
            }
            Ok(Held::Document(Box::new(open)))
        });
    }

    /// Reads the annotator's file for `doc_id` again (after it was
    /// re-anchored or restored), dropping its undo history.
    pub fn reload(&mut self, doc_id: &str, ctx: Option<&egui::Context>) {
        let key = self.own_key(doc_id);
        self.store.forget(&key);
        let annotator = self.annotator.clone();
        self.load_document(&annotator, doc_id, ctx);
    }

    /// Makes `doc_id` the current document and starts loading it.
    pub fn show(&mut self, doc_id: &str, ctx: Option<&egui::Context>) {
        self.current = Some(doc_id.to_owned());
        let annotator = self.annotator.clone();
        self.load_document(&annotator, doc_id, ctx);
    }

    /// Reads every document's status and counts on a background thread; the
    /// list shows names at once and fills in as they arrive.
    pub fn reload_summaries(&mut self, ctx: Option<egui::Context>) {
        let project = self.project.clone();
        let annotator = self.annotator.clone();
        self.summary_feed = Some(Feed::spawn("summaries", ctx.as_ref(), move |emit| {
            for (i, entry) in project.documents().iter().enumerate() {
                if !emit((i, DocumentSummary::read(&project, &annotator, &entry.id))) {
                    return;
                }
            }
        }));
    }

    pub fn receive_summaries(&mut self) {
        if let Some(feed) = &self.summary_feed {
            for (i, summary) in feed.receive() {
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
        if let Some(open) = self.store.document(&self.own_key(&entry.id)) {
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

    /// The annotator's own file for the current document, once loaded.
    pub fn current_document(&self) -> Option<&OpenDocument> {
        self.store.document(&self.current_key()?)
    }

    /// Why the current document could not be opened, if it could not.
    pub fn current_error(&self) -> Option<&str> {
        let key = self.current_key()?;
        self.store.open_error(&key)
    }
}
