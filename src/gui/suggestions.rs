//! Suggested entities — a model's predictions and the project's own
//! string matches — shown apart from accepted annotations until the
//! annotator accepts or rejects them.

use std::sync::mpsc::{Receiver, channel};

use crate::formats::suggestions::{
    LabelledTexts, MatchOptions, Rejections, Suggestion, string_match_suggestions, suggestions_for,
};
use crate::project::{OpenDocument, Project};

/// Above this length, string matches are recomputed only on request, not
/// after every edit.
const LIVE_MATCHING_LIMIT: usize = 200_000;

pub struct Suggestions {
    pub show: bool,
    pub case_sensitive: bool,
    /// "Accept all" takes suggestions scored at least this high.
    pub threshold: f64,
    /// Texts labelled anywhere in the project, read on a worker thread.
    known: Option<LabelledTexts>,
    known_feed: Option<Receiver<LabelledTexts>>,
    /// The document and generation the list was made for.
    made_for: Option<(String, u64, bool)>,
    list: Vec<Suggestion>,
    problems: Vec<String>,
    stale: bool,
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
            list: Vec::new(),
            problems: Vec::new(),
            stale: false,
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
        self.known = None;
        self.known_feed = Some(receiver);
        self.made_for = None;
    }

    pub fn list(&self) -> &[Suggestion] {
        if self.show { &self.list } else { &[] }
    }

    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The list is out of date and will be remade only on request.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    pub fn request_refresh(&mut self) {
        self.made_for = None;
        self.stale = false;
    }

    /// Remakes the list when the document, its annotations or the options
    /// changed.
    pub fn refresh(&mut self, project: &Project, open: &OpenDocument, annotator: &str) {
        if let Some(feed) = &self.known_feed
            && let Ok(known) = feed.try_recv()
        {
            self.known = Some(known);
            self.known_feed = None;
            self.made_for = None;
        }
        let key = (open.document().id().to_owned(), open.generation(), self.case_sensitive);
        if self.made_for.as_ref() == Some(&key) {
            return;
        }
        let same_document = self
            .made_for
            .as_ref()
            .is_some_and(|(id, _, case)| *id == key.0 && *case == key.2);
        if same_document && open.document().char_len() > LIVE_MATCHING_LIMIT {
            self.stale = true;
            return;
        }
        self.stale = false;
        let document = open.document();
        let set = open.set();
        let stored = suggestions_for(project, document, annotator, set);
        self.problems = stored.problems.iter().map(ToString::to_string).collect();
        let mut list = stored.suggestions;
        if let Some(known) = &self.known {
            // Rejections are checked here too: string matches are not stored.
            let rejected = Rejections::load(project, document, annotator).unwrap_or_default();
            let mut known = known.clone();
            known.add_set(document, set);
            let options = MatchOptions {
                case_sensitive: self.case_sensitive,
            };
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
        self.list = list;
        self.made_for = Some(key);
    }

    /// Suggestions scored at least the threshold (unscored ones count).
    pub fn above_threshold(&self) -> Vec<Suggestion> {
        self.list
            .iter()
            .filter(|s| s.score.is_none_or(|score| score >= self.threshold))
            .cloned()
            .collect()
    }

    /// Forgets suggestions once they are accepted or rejected, until the
    /// next refresh.
    pub fn forget(&mut self, done: &[Suggestion]) {
        self.list.retain(|s| !done.contains(s));
    }
}
