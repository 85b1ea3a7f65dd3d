//! Suggested entities — a model's predictions and the project's own
//! string matches — shown apart from accepted annotations until the
//! annotator accepts or rejects them. They are worked out on a background
//! thread that keeps each document's string matches between edits; a newer
//! edit cancels the job in flight. Nothing here repaints the window except
//! a finished job.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use crate::annotations::AnnotationSet;
use crate::formats::suggestions::{
    Cancel, EntitySpans, LabelledTexts, MatchError, MatchOptions, Rejections, StringMatcher, Suggestion,
    suggestions_for_spans,
};
use crate::project::{OpenDocument, Project};
use crate::text::Document;

/// Suggestions kept at most for one document; the rest are left out (and
/// said so) rather than slowing the window down.
pub const MAX_SUGGESTIONS: usize = 2_000;

/// The document, annotations generation, options and annotator a list was
/// made for.
type ListKey = (String, u64, bool, String);

struct Finding {
    key: ListKey,
    list: Vec<Suggestion>,
    rows: Vec<Row>,
    left_out: usize,
    problems: Vec<String>,
}

/// What the jobs keep between runs, behind one lock: a job waits for the
/// one before it, which lets go quickly once cancelled. The window never
/// takes this lock, so a long job cannot hold up a frame.
#[derive(Default)]
struct Shared {
    /// Labelled texts of the annotator's files as read when the project
    /// opened, corrected by what was edited since.
    known: Option<LabelledTexts>,
    /// For each document a job has seen this session: its entities as
    /// first seen (as its file had them) and as last seen.
    session: HashMap<String, SessionDocument>,
    matcher: Option<(String, String, bool, StringMatcher)>,
}

/// A document's entities at one moment, with the text they stand in.
#[derive(Clone)]
struct Seen {
    document: Arc<Document>,
    entities: Arc<EntitySpans>,
}

impl Seen {
    fn labelled_texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entities
            .as_slice()
            .iter()
            .filter_map(|e| Some((self.document.slice(e.start, e.end)?, &*e.label)))
    }
}

struct SessionDocument {
    first_seen: Seen,
    last_seen: Seen,
}

impl Shared {
    /// Counts `now` as the document's labelled texts from now on: only the
    /// entities added or removed since the last look change the counts.
    fn record(&mut self, now: Seen) {
        let Some(entry) = self.session.get_mut(now.document.id()) else {
            self.session.insert(
                now.document.id().to_owned(),
                SessionDocument {
                    first_seen: now.clone(),
                    last_seen: now,
                },
            );
            return;
        };
        if let Some(known) = self.known.as_mut() {
            let before = &entry.last_seen;
            let (removed, added) = EntitySpans::differences(&before.entities, &now.entities);
            for e in removed {
                if let Some(text) = before.document.slice(e.start, e.end) {
                    known.remove(text, &e.label);
                }
            }
            for e in added {
                if let Some(text) = now.document.slice(e.start, e.end) {
                    known.add(text, &e.label);
                }
            }
        }
        entry.last_seen = now;
    }

    /// Takes the files' labelled texts, corrected for the documents edited
    /// before they arrived.
    fn receive_known(&mut self, mut known: LabelledTexts) {
        for document in self.session.values() {
            for (text, label) in document.first_seen.labelled_texts() {
                known.remove(text, label);
            }
            for (text, label) in document.last_seen.labelled_texts() {
                known.add(text, label);
            }
        }
        self.known = Some(known);
    }
}

pub struct Suggestions {
    pub show: bool,
    pub case_sensitive: bool,
    /// "Accept all" takes suggestions scored at least this high.
    pub threshold: f64,
    shared: Arc<Mutex<Shared>>,
    /// The files' labelled texts once read, for the next job to take into
    /// [`Shared`] (so the window never waits for a job's lock).
    arrived_known: Arc<Mutex<Option<LabelledTexts>>>,
    /// Each job's text and annotations, queued in the order the jobs were
    /// made: whichever job first gets [`Shared`] records them all, so a job
    /// never works from labelled texts older than an edit made before it.
    pending: Arc<Mutex<Vec<Pending>>>,
    /// The annotator whose files were read into the labelled texts.
    known_for: Option<String>,
    known_feed: Option<Receiver<LabelledTexts>>,
    made_for: Option<ListKey>,
    working: Option<(Receiver<Finding>, Cancel, ListKey)>,
    /// Holds new jobs back before they start; see [`Self::hold_jobs`].
    held: Arc<AtomicBool>,
    list: Vec<Suggestion>,
    rows: Vec<Row>,
    left_out: usize,
    problems: Vec<String>,
}

/// Identical suggestions (same label, text, source and score) as one row
/// of the side panel, with the words around the first of them.
#[derive(Clone, Debug)]
pub struct Row {
    pub members: Vec<Suggestion>,
    /// "…words before [text] words after…" around the first member.
    pub context: String,
}

impl Row {
    pub fn first(&self) -> &Suggestion {
        &self.members[0]
    }
}

/// Characters of context shown on either side of a suggestion.
const CONTEXT_CHARS: usize = 30;

type RowKey = (String, String, String, Option<u64>);

fn row_key(s: &Suggestion) -> RowKey {
    (
        s.label.clone(),
        s.text.clone(),
        s.source.clone(),
        s.score.map(f64::to_bits),
    )
}

/// Groups `list` (in position order) into rows, first occurrence first.
fn group_rows(list: &[Suggestion], context: impl Fn(&Suggestion) -> String) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut index: HashMap<RowKey, usize> = HashMap::new();
    for suggestion in list {
        match index.entry(row_key(suggestion)) {
            std::collections::hash_map::Entry::Occupied(at) => rows[*at.get()].members.push(suggestion.clone()),
            std::collections::hash_map::Entry::Vacant(at) => {
                at.insert(rows.len());
                rows.push(Row {
                    members: vec![suggestion.clone()],
                    context: context(suggestion),
                });
            }
        }
    }
    rows
}

/// The words around `suggestion`, on one line.
fn context_of(document: &Document, suggestion: &Suggestion) -> String {
    let from = suggestion.start.saturating_sub(CONTEXT_CHARS);
    let to = (suggestion.end + CONTEXT_CHARS).min(document.char_len());
    let part = |a: usize, b: usize| {
        document
            .slice(a, b)
            .unwrap_or_default()
            .replace(['\n', '\r', '\t'], " ")
    };
    format!(
        "{}{}[{}]{}{}",
        if from > 0 { "…" } else { "" },
        part(from, suggestion.start).trim_start(),
        part(suggestion.start, suggestion.end),
        part(suggestion.end, to).trim_end(),
        if to < document.char_len() { "…" } else { "" },
    )
}

impl Default for Suggestions {
    fn default() -> Self {
        Self {
            show: true,
            case_sensitive: false,
            threshold: 0.5,
            shared: Arc::default(),
            arrived_known: Arc::default(),
            pending: Arc::default(),
            known_for: None,
            known_feed: None,
            made_for: None,
            working: None,
            held: Arc::default(),
            list: Vec::new(),
            rows: Vec::new(),
            left_out: 0,
            problems: Vec::new(),
        }
    }
}

impl Suggestions {
    /// Forgets the previous project's suggestions and starts reading the
    /// labelled texts of `annotator`'s files in the background (once an
    /// annotator is known, if none is yet).
    pub fn start_project(&mut self, project: &Project, annotator: &str, ctx: Option<egui::Context>) {
        self.reset();
        if let Some(ctx) = ctx
            && !annotator.is_empty()
        {
            self.read_known(project, annotator, &ctx);
        }
    }

    fn reset(&mut self) {
        if let Some((_, cancel, _)) = &self.working {
            cancel.cancel();
        }
        *self = Self {
            show: self.show,
            case_sensitive: self.case_sensitive,
            threshold: self.threshold,
            held: self.held.clone(),
            ..Self::default()
        };
    }

    fn read_known(&mut self, project: &Project, annotator: &str, ctx: &egui::Context) {
        let (sender, receiver) = channel();
        let project = project.clone();
        let name = annotator.to_owned();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("spanwright-recommender".into())
            .spawn(move || {
                super::tasks::yield_to_the_window();
                let (known, _) = LabelledTexts::from_project(&project, Some(&name));
                let _ = sender.send(known);
                ctx.request_repaint();
            })
            .ok();
        self.known_for = Some(annotator.to_owned());
        self.known_feed = Some(receiver);
    }

    pub fn list(&self) -> &[Suggestion] {
        if self.show { &self.list } else { &[] }
    }

    /// The list with identical suggestions merged, for the side panel.
    pub fn rows(&self) -> &[Row] {
        if self.show { &self.rows } else { &[] }
    }

    /// The suggestion a text selection lies in (a click on an outline
    /// selects the word there), to offer it on the spot.
    pub fn under(&self, start: usize, end: usize) -> Option<&Suggestion> {
        let list = self.list();
        // Sorted by start: only those starting at or before `start` can hold it.
        let candidates = &list[..list.partition_point(|s| s.start <= start)];
        candidates.iter().rev().find(|s| end <= s.end && start < s.end)
    }

    /// Suggestions found beyond [`MAX_SUGGESTIONS`].
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    pub fn is_working(&self) -> bool {
        self.working.is_some() || self.known_feed.is_some()
    }

    pub fn request_refresh(&mut self) {
        self.made_for = None;
    }

    /// While held, jobs wait once they have recorded the annotations and
    /// before they work (and can still be cancelled): lets a test look at
    /// the window with a job running.
    #[doc(hidden)]
    pub fn hold_jobs(&self, held: bool) {
        self.held.store(held, Ordering::Relaxed);
    }

    /// Takes finished work, and starts new work when the document, its
    /// annotations, the options or the annotator changed. Nothing is
    /// suggested before an annotator is known.
    pub fn refresh(&mut self, project: &Project, open: &OpenDocument, annotator: &str, ctx: &egui::Context) {
        if annotator.is_empty() {
            self.list.clear();
            self.rows.clear();
            self.left_out = 0;
            return;
        }
        if self.known_for.as_deref() != Some(annotator) {
            self.reset();
            self.read_known(project, annotator, ctx);
        }
        if let Some((working, ..)) = &self.working {
            match working.try_recv() {
                Ok(finding) => {
                    self.working = None;
                    if finding.key.0 == open.document().id() {
                        self.list = finding.list;
                        self.rows = finding.rows;
                        self.left_out = finding.left_out;
                        self.problems = finding.problems;
                    }
                    self.made_for = Some(finding.key);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.working = None,
            }
        }
        // After the finished job: a list made before the labelled texts
        // arrived is made again with them.
        if let Some(feed) = &self.known_feed
            && let Ok(known) = feed.try_recv()
        {
            if let Ok(mut arrived) = self.arrived_known.lock() {
                *arrived = Some(known);
            }
            self.known_feed = None;
            self.made_for = None;
            if let Some((_, cancel, _)) = self.working.take() {
                cancel.cancel();
            }
        }
        let key = (
            open.document().id().to_owned(),
            open.generation(),
            self.case_sensitive,
            annotator.to_owned(),
        );
        if self.made_for.as_ref() == Some(&key)
            || self
                .working
                .as_ref()
                .is_some_and(|(.., working_for)| *working_for == key)
        {
            return;
        }
        if self.made_for.as_ref().is_some_and(|made| made.0 != key.0) {
            self.list.clear();
            self.rows.clear();
            self.left_out = 0;
        }
        // A newer edit: the job in flight is no longer wanted.
        if let Some((_, cancel, _)) = self.working.take() {
            cancel.cancel();
        }
        let (sender, receiver) = channel();
        let cancel = Cancel::new();
        if let Ok(mut pending) = self.pending.lock() {
            pending.push(Pending {
                document: open.shared_document(),
                set: open.shared_set(),
            });
        }
        let job = Job {
            project: project.clone(),
            document: open.shared_document(),
            annotator: annotator.to_owned(),
            options: MatchOptions {
                case_sensitive: self.case_sensitive,
            },
            shared: self.shared.clone(),
            arrived_known: self.arrived_known.clone(),
            pending: self.pending.clone(),
            held: self.held.clone(),
            cancel: cancel.clone(),
        };
        let ctx = ctx.clone();
        let job_key = key.clone();
        let started = std::thread::Builder::new()
            .name("spanwright-suggestions".into())
            .spawn(move || {
                super::tasks::yield_to_the_window();
                if let Some(list) = job.run() {
                    let _ = sender.send(Finding { key: job_key, ..list });
                    ctx.request_repaint();
                }
            });
        match started {
            Ok(_) => self.working = Some((receiver, cancel, key)),
            Err(err) => {
                self.problems = vec![format!("cannot start looking for suggestions: {err}")];
                self.made_for = Some(key);
            }
        }
    }

    /// The cancellation flag of the job in flight, if any.
    #[doc(hidden)]
    pub fn job_in_flight(&self) -> Option<Cancel> {
        self.working.as_ref().map(|(_, cancel, _)| cancel.clone())
    }

    /// How many suggestions are scored at least the threshold.
    pub fn count_above_threshold(&self) -> usize {
        self.list().iter().filter(|s| self.passes(s)).count()
    }

    /// Suggestions scored at least the threshold (unscored ones count).
    pub fn above_threshold(&self) -> Vec<Suggestion> {
        self.list().iter().filter(|s| self.passes(s)).cloned().collect()
    }

    fn passes(&self, suggestion: &Suggestion) -> bool {
        suggestion.score.is_none_or(|score| score >= self.threshold)
    }

    /// Forgets suggestions once they are accepted or rejected, until the
    /// next refresh.
    pub fn forget(&mut self, done: &[Suggestion]) {
        let done: HashSet<(&str, usize, usize, &str)> = done
            .iter()
            .map(|s| (s.label.as_str(), s.start, s.end, s.source.as_str()))
            .collect();
        let gone = |s: &Suggestion| done.contains(&(s.label.as_str(), s.start, s.end, s.source.as_str()));
        self.list.retain(|s| !gone(s));
        for row in &mut self.rows {
            row.members.retain(|s| !gone(s));
        }
        self.rows.retain(|row| !row.members.is_empty());
    }
}

/// A job's text and annotations, until a job records them.
struct Pending {
    document: Arc<Document>,
    set: Arc<AnnotationSet>,
}

struct Job {
    project: Project,
    document: Arc<Document>,
    annotator: String,
    options: MatchOptions,
    shared: Arc<Mutex<Shared>>,
    arrived_known: Arc<Mutex<Option<LabelledTexts>>>,
    pending: Arc<Mutex<Vec<Pending>>>,
    held: Arc<AtomicBool>,
    cancel: Cancel,
}

impl Job {
    /// The stored predictions and the string matches of one document, less
    /// what the annotator rejected or already has; `None` once cancelled.
    fn run(self) -> Option<Finding> {
        let Job {
            project,
            document,
            annotator,
            options,
            shared,
            arrived_known,
            pending,
            held,
            cancel,
        } = self;
        // Even a cancelled job records what is queued: the next one counts on it.
        let mut shared = shared.lock().ok()?;
        if let Some(known) = arrived_known.lock().ok()?.take() {
            shared.receive_known(known);
        }
        let queued = std::mem::take(&mut *pending.lock().ok()?);
        for Pending { document, set } in queued {
            // The set is let go at once: an edit made while a job runs then
            // changes it in place instead of copying it.
            let entities = Arc::new(EntitySpans::of(&set));
            drop(set);
            shared.record(Seen { document, entities });
        }
        while held.load(Ordering::Relaxed) && !cancel.is_cancelled() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        if cancel.is_cancelled() {
            return None;
        }
        // The newest state of this document: this job's own, unless a newer
        // job (which cancelled this one) queued another.
        let entities = shared.session.get(document.id())?.last_seen.entities.clone();
        let stored = suggestions_for_spans(&project, &document, &annotator, &entities);
        let mut problems: Vec<String> = stored.problems.iter().map(ToString::to_string).collect();
        let mut list = stored.suggestions;
        let total_stored = list.len();
        let mut string_matches = 0;
        let Shared { known, matcher, .. } = &mut *shared;
        if let Some(known) = known.as_ref() {
            let reuse = matcher.as_ref().is_some_and(|(id, sha, case, _)| {
                id == document.id() && sha == document.sha256() && *case == options.case_sensitive
            });
            if !reuse {
                *matcher = match StringMatcher::new(&document, options) {
                    Ok(made) => Some((
                        document.id().to_owned(),
                        document.sha256().to_owned(),
                        options.case_sensitive,
                        made,
                    )),
                    Err(err) => {
                        problems.push(err.to_string());
                        None
                    }
                };
            }
            // A text too long to index was reported above.
            let found = matcher
                .as_mut()
                .map(|(.., string_matcher)| string_matcher.matches(known, entities.clone(), &cancel));
            match found {
                None => {}
                Some(Ok(matches)) => {
                    // Rejections are checked here too: string matches are not stored.
                    // (A file that cannot be read is reported with the stored ones.)
                    let rejections = Rejections::load(&project, &document, &annotator).unwrap_or_default();
                    let mut left_aside: HashSet<(&str, usize, usize)> = rejections.spans().collect();
                    left_aside.extend(list.iter().map(|s| (s.label.as_str(), s.start, s.end)));
                    // Matches are sorted by span and label, one per span and
                    // label: the few left aside are found by binary search
                    // and the others counted without looking at each.
                    let found_aside = left_aside
                        .iter()
                        .filter(|&&(label, start, end)| matches.contains(start, end, label))
                        .count();
                    string_matches = matches.len() - found_aside;
                    // Only the first suggestions by position are shown, so only
                    // as many are spelled out.
                    let spelled_out: Vec<Suggestion> = matches
                        .iter()
                        .filter(|m| !left_aside.contains(&(&*m.label, m.start, m.end)))
                        .take(MAX_SUGGESTIONS)
                        .map(|m| m.to_suggestion(&document))
                        .collect();
                    drop(left_aside);
                    list.extend(spelled_out);
                }
                Some(Err(MatchError::Cancelled)) => return None,
                Some(Err(err)) => problems.push(err.to_string()),
            }
        }
        drop(shared);
        list.sort_by(|a, b| (a.start, a.end, &a.label, &a.source).cmp(&(b.start, b.end, &b.label, &b.source)));
        let left_out = (total_stored + string_matches).saturating_sub(MAX_SUGGESTIONS);
        list.truncate(MAX_SUGGESTIONS);
        let rows = group_rows(&list, |s| context_of(&document, s));
        Some(Finding {
            key: Default::default(),
            list,
            rows,
            left_out,
            problems,
        })
    }
}
