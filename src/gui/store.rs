//! Every open document of the window, in one place: keyed by (annotator,
//! document id), each with its edits, drafts, save state, errors and
//! autosave clock. A mode only chooses which key is shown; edits, undo,
//! saving and the quit check all go through here.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use super::tasks::Task;
use crate::annotations::{Edit, EditError, Status};
use crate::curation::Curation;
use crate::project::{AutosavePolicy, AutosaveTimer, OpenDocument, SaveError, SaveJob, SaveOutcome};
use crate::schema::LabelSchema;

/// Whose file for which document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub annotator: String,
    pub doc_id: String,
}

impl DocKey {
    pub fn new(annotator: &str, doc_id: &str) -> Self {
        Self {
            annotator: annotator.to_owned(),
            doc_id: doc_id.to_owned(),
        }
    }
}

/// What a typed-but-not-committed text belongs to, within one document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DraftField {
    EntityNote(String),
    RelationNote(String),
}

/// A document as the store holds it: an annotator's file, or a curator's
/// gold file together with what it is curated from.
pub enum Held {
    Document(Box<OpenDocument>),
    Curation(Box<Curation>),
}

impl Held {
    pub fn document(&self) -> &OpenDocument {
        match self {
            Self::Document(document) => document,
            Self::Curation(curation) => curation.gold(),
        }
    }

    pub fn curation(&self) -> Option<&Curation> {
        match self {
            Self::Curation(curation) => Some(curation),
            Self::Document(_) => None,
        }
    }

    fn apply(&mut self, edit: Edit, schema: &LabelSchema) -> Result<(), EditError> {
        match self {
            Self::Document(document) => document.apply(edit, schema),
            Self::Curation(curation) => curation.apply(edit),
        }
    }

    fn step(&mut self, undo: bool, schema: &LabelSchema) -> Option<Result<Edit, EditError>> {
        match (self, undo) {
            (Self::Document(document), true) => document.undo(schema),
            (Self::Document(document), false) => document.redo(schema),
            (Self::Curation(curation), true) => curation.undo(),
            (Self::Curation(curation), false) => curation.redo(),
        }
    }

    fn save_job(&self) -> Option<SaveJob> {
        self.document().save_job()
    }

    fn finish_save(&mut self, job: &SaveJob, outcome: &Result<SaveOutcome, SaveError>) {
        match self {
            Self::Document(document) => document.finish_save(job, outcome),
            Self::Curation(curation) => curation.finish_save(job, outcome),
        }
    }
}

type SaveTask = Task<(SaveJob, Result<SaveOutcome, SaveError>)>;

/// A note being typed becomes an edit (and so reaches the disk) after a
/// pause in typing this long…
const DRAFT_QUIET: Duration = Duration::from_secs(2);
/// …or at the latest this long after its first unsaved keystroke, however
/// steadily the annotator types: a crash loses at most these seconds of a
/// note. Longer than the autosave clock's, so that undo takes back a
/// phrase, not a letter.
const DRAFT_MAX_WAIT: Duration = Duration::from_secs(10);

/// When the drafts of a document were first and last typed into since they
/// were last committed.
#[derive(Clone, Copy)]
struct DraftClock {
    first: Instant,
    last: Instant,
}

impl DraftClock {
    fn due_at(self) -> Instant {
        (self.last + DRAFT_QUIET).min(self.first + DRAFT_MAX_WAIT)
    }
}

/// One open document and everything about it that is not on disk.
pub struct Entry {
    held: Held,
    drafts: BTreeMap<DraftField, String>,
    draft_clock: Option<DraftClock>,
    timer: AutosaveTimer,
    saving: Option<SaveTask>,
    /// Why the last save failed, until one succeeds.
    save_error: Option<String>,
}

impl Entry {
    fn new(held: Held) -> Self {
        Self {
            held,
            drafts: BTreeMap::new(),
            draft_clock: None,
            timer: AutosaveTimer::default(),
            saving: None,
            save_error: None,
        }
    }

    pub fn held(&self) -> &Held {
        &self.held
    }

    fn has_unsaved_edits(&self) -> bool {
        !self.drafts.is_empty()
            || (self.held.document().is_dirty() && self.held.document().read_only_reason().is_none())
    }
}

enum Slot {
    Loading(Task<Result<Held, String>>),
    Open(Box<Entry>),
    /// Could not be opened; the reason, shown instead of the text.
    Failed(String),
}

/// Where a document's annotations stand on disk, for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    Saving,
    /// The last save failed; another is tried in `retry_in` (if planned).
    Failed {
        reason: String,
        retry_in: Option<Duration>,
    },
}

/// A save that finished, as the window reports it.
pub struct SaveReport {
    pub key: DocKey,
    pub result: Result<(), String>,
}

#[derive(Default)]
pub struct DocumentStore {
    slots: HashMap<DocKey, Slot>,
    policy: AutosavePolicy,
}

impl DocumentStore {
    pub fn get(&self, key: &DocKey) -> Option<&Entry> {
        match self.slots.get(key)? {
            Slot::Open(entry) => Some(entry),
            Slot::Loading(_) | Slot::Failed(_) => None,
        }
    }

    fn get_mut(&mut self, key: &DocKey) -> Option<&mut Entry> {
        match self.slots.get_mut(key)? {
            Slot::Open(entry) => Some(entry),
            Slot::Loading(_) | Slot::Failed(_) => None,
        }
    }

    pub fn document(&self, key: &DocKey) -> Option<&OpenDocument> {
        self.get(key).map(|e| e.held.document())
    }

    pub fn curation(&self, key: &DocKey) -> Option<&Curation> {
        self.get(key)?.held.curation()
    }

    pub fn curation_mut(&mut self, key: &DocKey) -> Option<&mut Curation> {
        match &mut self.get_mut(key)?.held {
            Held::Curation(curation) => Some(curation),
            Held::Document(_) => None,
        }
    }

    /// Why `key` could not be opened, if it could not.
    pub fn open_error(&self, key: &DocKey) -> Option<&str> {
        match self.slots.get(key)? {
            Slot::Failed(reason) => Some(reason),
            Slot::Loading(_) | Slot::Open(_) => None,
        }
    }

    pub fn is_loading(&self, key: &DocKey) -> bool {
        matches!(self.slots.get(key), Some(Slot::Loading(_)))
    }

    /// Whether the store has (or is getting, or failed to get) `key`.
    pub fn knows(&self, key: &DocKey) -> bool {
        self.slots.contains_key(key)
    }

    /// Starts loading `key` with `load`, on a background thread, unless it
    /// is known already.
    pub fn load(
        &mut self,
        key: &DocKey,
        ctx: Option<&egui::Context>,
        load: impl FnOnce() -> Result<Held, String> + Send + 'static,
    ) {
        if !self.knows(key) {
            self.slots
                .insert(key.clone(), Slot::Loading(Task::spawn("load", ctx, load)));
        }
    }

    /// Forgets `key` (after its file was replaced on disk, or to build a
    /// curation again); its unsaved edits are lost, so callers save first.
    pub fn forget(&mut self, key: &DocKey) {
        self.slots.remove(key);
    }

    /// Forgets documents that could not be opened, so that they are tried
    /// again.
    pub fn forget_failed(&mut self) {
        self.slots.retain(|_, slot| !matches!(slot, Slot::Failed(_)));
    }

    /// Whether `key` has no edits, drafts or saves in flight, so that
    /// forgetting it loses nothing.
    pub fn is_settled(&self, key: &DocKey) -> bool {
        match self.slots.get(key) {
            Some(Slot::Open(entry)) => entry.saving.is_none() && !entry.has_unsaved_edits(),
            Some(Slot::Loading(_) | Slot::Failed(_)) | None => true,
        }
    }

    /// Takes documents that finished loading; returns the keys that arrived.
    pub fn receive_loaded(&mut self) -> Vec<DocKey> {
        let loading: Vec<DocKey> = self
            .slots
            .iter()
            .filter(|(_, slot)| matches!(slot, Slot::Loading(task) if task.is_finished()))
            .map(|(key, _)| key.clone())
            .collect();
        for key in &loading {
            let Some(Slot::Loading(task)) = self.slots.remove(key) else {
                continue;
            };
            let slot = match task
                .try_take()
                .map(|loaded| loaded.unwrap_or_else(|stopped| Err(stopped.to_string())))
            {
                Ok(Ok(held)) => {
                    let mut entry = Entry::new(held);
                    // A curation seeded with the agreed annotations has an
                    // edit to save.
                    if entry.held.document().is_dirty() {
                        entry.timer.edited(Instant::now());
                    }
                    Slot::Open(Box::new(entry))
                }
                Ok(Err(reason)) => Slot::Failed(reason),
                Err(task) => Slot::Loading(task),
            };
            self.slots.insert(key.clone(), slot);
        }
        loading
    }

    /// Applies `edit` to `key`. The first edit of a `todo` document also
    /// makes it `in_progress`, in the same undoable step, when `start_work`.
    pub fn apply(
        &mut self,
        key: &DocKey,
        edit: Edit,
        schema: &LabelSchema,
        start_work: bool,
    ) -> Result<bool, EditError> {
        let Some(entry) = self.get_mut(key) else {
            return Ok(false);
        };
        let set = entry.held.document().set();
        let starts = start_work
            && set.status() == Status::Todo
            && !matches!(edit, Edit::SetStatus { .. })
            && entry.held.document().read_only_reason().is_none();
        let edit = match set.set_status_edit(Status::InProgress).filter(|_| starts) {
            Some(status) => Edit::Batch(vec![edit, status]),
            None => edit,
        };
        entry.held.apply(edit, schema)?;
        entry.timer.edited(Instant::now());
        Ok(true)
    }

    /// Records an edit made to a curation directly (settling a disagreement).
    pub fn edited(&mut self, key: &DocKey) {
        if let Some(entry) = self.get_mut(key) {
            entry.timer.edited(Instant::now());
        }
    }

    /// Undoes (or redoes) the last step of `key`; `None` when there is none.
    pub fn undo(&mut self, key: &DocKey, undo: bool, schema: &LabelSchema) -> Option<Result<Edit, EditError>> {
        let entry = self.get_mut(key)?;
        let result = entry.held.step(undo, schema);
        if matches!(result, Some(Ok(_))) {
            entry.timer.edited(Instant::now());
        }
        result
    }

    pub fn draft(&self, key: &DocKey, field: &DraftField) -> Option<&str> {
        self.get(key)?.drafts.get(field).map(String::as_str)
    }

    pub fn has_drafts(&self, key: &DocKey) -> bool {
        self.get(key).is_some_and(|e| !e.drafts.is_empty())
    }

    pub fn set_draft(&mut self, key: &DocKey, field: DraftField, text: String) {
        if let Some(entry) = self.get_mut(key) {
            entry.drafts.insert(field, text);
            let now = Instant::now();
            let first = entry.draft_clock.map_or(now, |c| c.first);
            entry.draft_clock = Some(DraftClock { first, last: now });
        }
    }

    /// Some document's drafts have waited long enough to become edits.
    pub fn drafts_due(&self, now: Instant) -> bool {
        self.entries()
            .filter_map(|(_, e)| e.draft_clock)
            .any(|clock| clock.due_at() <= now)
    }

    /// Takes every draft out of the store, with the key it belongs to.
    pub fn take_drafts(&mut self) -> Vec<(DocKey, DraftField, String)> {
        let mut taken = Vec::new();
        for (key, slot) in &mut self.slots {
            if let Slot::Open(entry) = slot {
                entry.draft_clock = None;
                for (field, text) in std::mem::take(&mut entry.drafts) {
                    taken.push((key.clone(), field, text));
                }
            }
        }
        taken.sort();
        taken
    }

    /// Sets every document read-only for `reason` (another window holds the
    /// annotator's files) or lifts it; only documents of `annotator`.
    pub fn set_held_elsewhere(&mut self, annotator: &str, reason: Option<&str>, lift: Option<&str>) {
        for (key, slot) in &mut self.slots {
            if key.annotator != annotator {
                continue;
            }
            if let Slot::Open(entry) = slot
                && let Held::Document(document) = &mut entry.held
            {
                if let Some(reason) = reason {
                    document.make_read_only(reason.to_owned());
                }
                if let Some(lift) = lift {
                    document.lift_read_only(lift);
                }
            }
        }
    }

    /// Edits or drafts not yet on disk, anywhere.
    pub fn has_unsaved_edits(&self) -> bool {
        self.entries().any(|(_, e)| e.has_unsaved_edits())
    }

    pub fn is_saving(&self) -> bool {
        self.entries().any(|(_, e)| e.saving.is_some())
    }

    pub fn is_loading_any(&self) -> bool {
        self.slots.values().any(|s| matches!(s, Slot::Loading(_)))
    }

    /// The first save error, for the quit dialog and Ctrl+S.
    pub fn save_errors(&self) -> Vec<String> {
        let mut errors: Vec<(&DocKey, String)> = self
            .entries()
            .filter_map(|(k, e)| Some((k, e.save_error.clone()?)))
            .collect();
        errors.sort();
        errors.into_iter().map(|(_, e)| e).collect()
    }

    pub fn save_state(&self, key: &DocKey) -> Option<SaveState> {
        let entry = self.get(key)?;
        Some(if entry.saving.is_some() {
            SaveState::Saving
        } else if let Some(reason) = &entry.save_error {
            SaveState::Failed {
                reason: reason.clone(),
                retry_in: entry.timer.retry_in(Instant::now()),
            }
        } else if entry.has_unsaved_edits() {
            SaveState::Unsaved
        } else {
            SaveState::Saved
        })
    }

    fn entries(&self) -> impl Iterator<Item = (&DocKey, &Entry)> {
        self.slots.iter().filter_map(|(k, s)| match s {
            Slot::Open(entry) => Some((k, entry.as_ref())),
            Slot::Loading(_) | Slot::Failed(_) => None,
        })
    }

    /// Starts a background save of every document whose autosave clock is
    /// due (every changed one when `force`), unless one is under way.
    pub fn start_saves(&mut self, ctx: Option<&egui::Context>, force: bool) {
        let now = Instant::now();
        let policy = self.policy;
        for slot in self.slots.values_mut() {
            let Slot::Open(entry) = slot else { continue };
            if entry.saving.is_some() || !(force || entry.timer.is_due(&policy, now)) {
                continue;
            }
            match entry.held.save_job() {
                Some(job) => {
                    entry.timer.save_started();
                    entry.saving = Some(Task::spawn("save", ctx, move || {
                        let outcome = job.run();
                        (job, outcome)
                    }));
                }
                None => entry.timer.save_started(),
            }
        }
    }

    /// Takes finished saves: records them in their documents and plans a
    /// retry after a failure.
    pub fn receive_saves(&mut self) -> Vec<SaveReport> {
        let now = Instant::now();
        let policy = self.policy;
        let mut reports = Vec::new();
        for (key, slot) in &mut self.slots {
            let Slot::Open(entry) = slot else { continue };
            let Some(task) = entry.saving.take() else { continue };
            match task.try_take() {
                Ok(Err(stopped)) => {
                    // The edits are still in memory: the save is tried again.
                    let reason = format!("{}: the save {stopped}", key.doc_id);
                    entry.timer.save_failed(&policy, now);
                    entry.save_error = Some(reason.clone());
                    reports.push(SaveReport {
                        key: key.clone(),
                        result: Err(reason),
                    });
                }
                Ok(Ok((job, outcome))) => {
                    entry.held.finish_save(&job, &outcome);
                    let result = match outcome {
                        Ok(_) => {
                            entry.save_error = None;
                            entry.timer.save_succeeded();
                            Ok(())
                        }
                        Err(err) => {
                            if matches!(err, SaveError::Conflict { .. }) {
                                entry.timer.stop_retrying();
                            } else {
                                entry.timer.save_failed(&policy, now);
                            }
                            entry.save_error = Some(err.to_string());
                            Err(err.to_string())
                        }
                    };
                    reports.push(SaveReport {
                        key: key.clone(),
                        result,
                    });
                }
                Err(task) => entry.saving = Some(task),
            }
        }
        reports
    }

    /// How long until the next autosave or retry is due, if one is waiting.
    pub fn next_due_in(&self) -> Option<Duration> {
        let now = Instant::now();
        self.entries()
            .filter(|(_, e)| e.saving.is_none())
            .filter_map(|(_, e)| e.timer.due_at(&self.policy))
            .chain(
                self.entries()
                    .filter_map(|(_, e)| e.draft_clock.map(DraftClock::due_at)),
            )
            .min()
            .map(|due| due.saturating_duration_since(now))
    }
}
