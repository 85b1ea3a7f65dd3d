use std::path::PathBuf;
use std::sync::Arc;

use super::atomic::{SaveError, SaveOutcome, is_read_only};
use super::folder::Project;
use super::safe_fs::read_annotation_bytes;
use super::save_job::{SaveContents, SaveJob};
use super::text_snapshots::TextSnapshot;
use super::versions::VersionStore;
use crate::annotations::{
    AnnotationFile, AnnotationSet, Edit, EditError, FileError, History, Problem, Status, check_against,
};
use crate::schema::LabelSchema;
use crate::text::{Document, TextError, sha256_hex};

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("no document \"{0}\" in this project")]
    NoSuchDocument(String),
}

/// One document as an annotator works on it: the text, the annotations, their
/// undo history, and what is on disk.
#[derive(Debug)]
pub struct OpenDocument {
    /// Shared with background work (suggestions) without copying; the text
    /// of an open document never changes.
    document: Arc<Document>,
    annotator: String,
    /// Shared the same way; an edit copies it only while a job still holds
    /// the version before.
    set: Arc<AnnotationSet>,
    history: History,
    problems: Vec<Problem>,
    read_only: Option<String>,
    root: PathBuf,
    path: PathBuf,
    file_name: String,
    /// SHA-256 of the file on disk when last loaded or saved; `None` if absent.
    disk_sha256: Option<String>,
    generation: u64,
    saved_generation: u64,
    versions: VersionStore,
    /// The text as annotated, until a save has stored its copy.
    text_snapshot: Option<TextSnapshot>,
    /// The text hash the loaded file was made for.
    stored_text_sha256: Option<String>,
}

impl OpenDocument {
    /// Opens `doc_id` for `annotator`. A file that fails its checks opens
    /// read-only with the reason, and nothing in it is dropped.
    pub fn open(project: &Project, doc_id: &str, annotator: &str) -> Result<Self, OpenError> {
        if project.document(doc_id).is_none() {
            return Err(OpenError::NoSuchDocument(doc_id.to_owned()));
        }
        let document = project.load_text(doc_id)?;
        let path = project.annotation_path(annotator, doc_id);
        let file_name = project.annotation_file_name(annotator, doc_id);
        let versions = VersionStore::for_document(project, annotator, doc_id);
        let text_snapshot = TextSnapshot::of(project.root(), &document);
        let mut opened = Self::from_disk(document, annotator, path, file_name, project.schema(), versions);
        opened.root = project.root().to_path_buf();
        opened.text_snapshot = Some(text_snapshot);
        Ok(opened)
    }

    fn from_disk(
        document: Document,
        annotator: &str,
        path: PathBuf,
        file_name: String,
        schema: &LabelSchema,
        versions: VersionStore,
    ) -> Self {
        let mut opened = Self {
            document: Arc::new(document),
            annotator: annotator.to_owned(),
            set: Arc::default(),
            history: History::default(),
            problems: Vec::new(),
            read_only: None,
            root: PathBuf::new(),
            path,
            file_name,
            disk_sha256: None,
            generation: 0,
            saved_generation: 0,
            versions,
            text_snapshot: None,
            stored_text_sha256: None,
        };
        let bytes = match read_annotation_bytes(&opened.path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return opened,
            Err(err) => {
                opened.read_only = Some(format!("{}: cannot read: {err}", opened.file_name));
                return opened;
            }
        };
        if is_read_only(&opened.path) {
            opened.read_only = Some(format!(
                "{} is read-only (its permissions forbid writing); Spanwright leaves it as it is",
                opened.file_name
            ));
        }
        opened.disk_sha256 = Some(sha256_hex(&bytes));
        let parsed = String::from_utf8(bytes)
            .map_err(|err| {
                format!(
                    "{}: not valid UTF-8 at byte {}",
                    opened.file_name,
                    err.utf8_error().valid_up_to()
                )
            })
            .and_then(|json| AnnotationFile::parse(&opened.file_name, &json).map_err(|err: FileError| err.to_string()));
        match parsed {
            Ok(file) => {
                opened.problems = check_against(&opened.file_name, &file, &opened.document, schema);
                if !opened.problems.is_empty() {
                    opened.read_only = Some(read_only_reason(&opened.problems));
                }
                opened.set = Arc::new(file.to_set());
                opened.stored_text_sha256 = Some(file.document.sha256);
            }
            Err(reason) => opened.read_only = Some(reason),
        }
        opened
    }

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    pub fn set(&self) -> &AnnotationSet {
        &self.set
    }

    /// The text, to hand to a background job without copying it.
    pub fn shared_document(&self) -> Arc<Document> {
        Arc::clone(&self.document)
    }

    /// The annotations as they are now, to hand to a background job without
    /// copying them; later edits do not change what the job sees.
    pub fn shared_set(&self) -> Arc<AnnotationSet> {
        Arc::clone(&self.set)
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The text changed since the file was annotated: the annotations need
    /// re-anchoring (see [`crate::reanchor`]) before they can be edited.
    pub fn text_changed_since_annotated(&self) -> bool {
        self.stored_text_sha256
            .as_deref()
            .is_some_and(|stored| stored != self.document.sha256())
    }

    /// Where earlier versions of this document's file are kept.
    pub fn versions(&self) -> &VersionStore {
        &self.versions
    }

    /// Makes the document read-only for `reason` (for example another window
    /// holds this annotator's work); a reason it already has is kept.
    pub fn make_read_only(&mut self, reason: String) {
        if self.read_only.is_none() {
            self.read_only = Some(reason);
        }
    }

    /// Lifts a read-only state that [`Self::make_read_only`] set for `reason`;
    /// problems found in the file itself stay.
    pub fn lift_read_only(&mut self, reason: &str) {
        if self.read_only.as_deref() == Some(reason) {
            self.read_only = None;
        }
    }

    /// Why the document cannot be edited, if it cannot.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The document-level comment; changed through [`Edit::SetComment`].
    pub fn comment(&self) -> Option<&str> {
        self.set.comment()
    }

    /// Changes since the last load or save that a save would write. Edits
    /// undone back to "never annotated" leave nothing to write.
    pub fn is_dirty(&self) -> bool {
        self.generation != self.saved_generation && !self.never_annotated()
    }

    /// No annotation file, and nothing that would need one.
    fn never_annotated(&self) -> bool {
        self.disk_sha256.is_none()
            && self.set.is_empty()
            && self.set.status() == Status::default()
            && self.set.comment().is_none()
    }

    /// Counts every applied edit, undo and redo; lets caches know when to
    /// rebuild.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn apply(&mut self, edit: Edit, schema: &LabelSchema) -> Result<(), EditError> {
        self.check_writable()?;
        self.history
            .apply(Arc::make_mut(&mut self.set), edit, schema, self.document.char_len())?;
        self.generation += 1;
        Ok(())
    }

    pub fn undo(&mut self, schema: &LabelSchema) -> Option<Result<Edit, EditError>> {
        if let Err(err) = self.check_writable() {
            return Some(Err(err));
        }
        // Nothing to undo: the shared set is not copied for nothing.
        if !self.history.can_undo() {
            return None;
        }
        let result = self
            .history
            .undo(Arc::make_mut(&mut self.set), schema, self.document.char_len());
        if matches!(result, Some(Ok(_))) {
            self.generation += 1;
        }
        result
    }

    pub fn redo(&mut self, schema: &LabelSchema) -> Option<Result<Edit, EditError>> {
        if let Err(err) = self.check_writable() {
            return Some(Err(err));
        }
        // Nothing to redo: the shared set is not copied for nothing.
        if !self.history.can_redo() {
            return None;
        }
        let result = self
            .history
            .redo(Arc::make_mut(&mut self.set), schema, self.document.char_len());
        if matches!(result, Some(Ok(_))) {
            self.generation += 1;
        }
        result
    }

    fn check_writable(&self) -> Result<(), EditError> {
        match &self.read_only {
            Some(reason) => Err(EditError::ReadOnly(reason.clone())),
            None => Ok(()),
        }
    }

    /// The file as it would be saved now.
    pub fn to_file(&self) -> AnnotationFile {
        AnnotationFile::from_set(&self.set, &self.document, &self.annotator)
    }

    /// The job that saves this document, or `None` when there is nothing to
    /// write: unchanged, read-only, or never annotated and no file yet.
    pub fn save_job(&self) -> Option<SaveJob> {
        if self.read_only.is_some() || !self.is_dirty() {
            return None;
        }
        Some(SaveJob {
            root: self.root.clone(),
            path: self.path.clone(),
            file_name: self.file_name.clone(),
            contents: SaveContents::File(Box::new(self.to_file())),
            expected_sha256: self.disk_sha256.clone(),
            generation: self.generation,
            history: self.versions.clone(),
            text_snapshot: self.text_snapshot.clone(),
        })
    }

    /// Records the result of a save job made by [`Self::save_job`].
    pub fn finish_save(&mut self, job: &SaveJob, outcome: &Result<SaveOutcome, SaveError>) {
        match outcome {
            Ok(SaveOutcome::Written { sha256 }) => {
                self.disk_sha256 = Some(sha256.clone());
                self.saved_generation = job.generation;
                self.text_snapshot = None;
            }
            Ok(SaveOutcome::Unchanged) => {
                self.saved_generation = job.generation;
                self.text_snapshot = None;
            }
            Err(_) => {}
        }
    }

    /// Saves on the calling thread; for the command line and tests.
    pub fn save_now(&mut self) -> Result<SaveOutcome, SaveError> {
        let Some(job) = self.save_job() else {
            return Ok(SaveOutcome::Unchanged);
        };
        let outcome = job.run();
        self.finish_save(&job, &outcome);
        outcome
    }
}

fn read_only_reason(problems: &[Problem]) -> String {
    let first = &problems[0];
    match problems.len() {
        1 => format!("{first}"),
        n => format!("{first} (and {} more problems)", n - 1),
    }
}
