//! Suggested entities — a model's predictions and the project's own
//! string matches — shown apart from accepted annotations until the
//! annotator accepts or rejects them. They are worked out on a background
//! thread: matching every labelled text against a long document takes time.

use std::sync::mpsc::{Receiver, channel};

use crate::annotations::AnnotationSet;
use crate::formats::suggestions::{
    LabelledTexts, MatchOptions, Rejections, Suggestion, string_match_suggestions, suggestions_for,
};
use crate::project::{OpenDocument, Project};
use crate::text::Document;

/// Suggestions kept at most for one document; the rest are left out (and
/// said so) rather than slowing the window down.
pub const MAX_SUGGESTIONS: usize = 2_000;

/// The document, annotations generation and options a list was made for.
type ListKey = (String, u64, bool);

struct Finding {
    key: ListKey,
    list: Vec<Suggestion>,
    left_out: usize,
    problems: Vec<String>,
}

pub struct Suggestions {
    pub show: bool,
    pub case_sensitive: bool,
    /// "Accept all" takes suggestions scored at least this high.
    pub threshold: f64,
    /// Texts labelled anywhere in the project, read on a worker thread.
    known: Option<LabelledTexts>,
    known_feed: Option<Receiver<LabelledTexts>>,
    made_for: Option<ListKey>,
    working: Option<Receiver<Finding>>,
    list: Vec<Suggestion>,
    left_out: usize,
    problems: Vec<String>,
}

impl Default for Suggestions {
    fn default() -> Self {
        Self {
            show: true,
            case_sensitive: false,
            threshold: 0.5,
            known: None,
            known_feed: None,
            made_for: None,
            working: None,
            list: Vec::new(),
            left_out: 0,
            problems: Vec::new(),
        }
    }
}

impl Suggestions {
    /// Starts reading the project's labelled texts in the background.
    pub fn start_project(&mut self, project: &Project, annotator: &str, ctx: Option<egui::Context>) {
        let (sender, receiver) = channel();
        let project = project.clone();
        let annotator = annotator.to_owned();
        std::thread::Builder::new()
            .name("spanwright-recommender".into())
            .spawn(move || {
                let (known, _) = LabelledTexts::from_project(&project, (!annotator.is_empty()).then_some(&annotator));
                let _ = sender.send(known);
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            })
            .ok();
        *self = Self {
            show: self.show,
            case_sensitive: self.case_sensitive,
            threshold: self.threshold,
            known_feed: Some(receiver),
            ..Self::default()
        };
    }

    pub fn list(&self) -> &[Suggestion] {
        if self.show { &self.list } else { &[] }
    }

    /// Suggestions found beyond [`MAX_SUGGESTIONS`].
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    pub fn is_working(&self) -> bool {
        self.working.is_some()
    }

    pub fn request_refresh(&mut self) {
        self.made_for = None;
    }

    /// Takes finished work, and starts new work when the document, its
    /// annotations or the options changed.
    pub fn refresh(&mut self, project: &Project, open: &OpenDocument, annotator: &str, ctx: &egui::Context) {
        if let Some(feed) = &self.known_feed
            && let Ok(known) = feed.try_recv()
        {
            self.known = Some(known);
            self.known_feed = None;
            self.made_for = None;
        }
        if let Some(working) = &self.working {
            match working.try_recv() {
                Ok(finding) => {
                    self.working = None;
                    if finding.key.0 == open.document().id() {
                        self.list = finding.list;
                        self.left_out = finding.left_out;
                        self.problems = finding.problems;
                    }
                    self.made_for = Some(finding.key);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.working = None,
            }
        }
        let key = (open.document().id().to_owned(), open.generation(), self.case_sensitive);
        if self.made_for.as_ref() == Some(&key) {
            return;
        }
        if self.made_for.as_ref().is_some_and(|(id, ..)| *id != key.0) {
            self.list.clear();
            self.left_out = 0;
        }
        let (sender, receiver) = channel();
        let project = project.clone();
        let document = open.document().clone();
        let set = open.set().clone();
        let annotator = annotator.to_owned();
        let known = self.known.clone();
        let options = MatchOptions {
            case_sensitive: self.case_sensitive,
        };
        let ctx = ctx.clone();
        let started = std::thread::Builder::new()
            .name("spanwright-suggestions".into())
            .spawn(move || {
                let finding = find(&project, &document, &set, &annotator, known, options, key);
                let _ = sender.send(finding);
                ctx.request_repaint();
            });
        if started.is_ok() {
            self.working = Some(receiver);
        }
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
        self.list.retain(|s| !done.contains(s));
    }
}

/// The stored predictions and the string matches of one document, less what
/// the annotator rejected or already has.
fn find(
    project: &Project,
    document: &Document,
    set: &AnnotationSet,
    annotator: &str,
    known: Option<LabelledTexts>,
    options: MatchOptions,
    key: ListKey,
) -> Finding {
    let stored = suggestions_for(project, document, annotator, set);
    let problems = stored.problems.iter().map(ToString::to_string).collect();
    let mut list = stored.suggestions;
    if let Some(mut known) = known {
        // Rejections are checked here too: string matches are not stored.
        let rejected = Rejections::load(project, document, annotator).unwrap_or_default();
        known.add_set(document, set);
        for suggestion in string_match_suggestions(document, set, &known, options) {
            if !rejected.contains(&suggestion)
                && !list
                    .iter()
                    .any(|s| s.same_entity(&suggestion.label, suggestion.start, suggestion.end))
            {
                list.push(suggestion);
            }
        }
    }
    list.sort_by(|a, b| (a.start, a.end, &a.label, &a.source).cmp(&(b.start, b.end, &b.label, &b.source)));
    let left_out = list.len().saturating_sub(MAX_SUGGESTIONS);
    list.truncate(MAX_SUGGESTIONS);
    Finding {
        key,
        list,
        left_out,
        problems,
    }
}
