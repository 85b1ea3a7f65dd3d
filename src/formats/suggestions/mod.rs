//! Suggestions: entities offered to an annotator, kept apart from their
//! annotations until accepted. They come from a model's predictions
//! (`spanwright import predictions`) or from the project itself (the
//! string-matching recommender).
//!
//! Stored predictions live in `suggestions/<source>/<doc id>.json`
//! ([`SUGGESTIONS_FORMAT`]); an annotator's rejections in
//! `rejected-suggestions/<annotator>/<doc id>.json` ([`REJECTIONS_FORMAT`]),
//! so a rejected suggestion, from any source, is not offered to that
//! annotator again. Both files pin the text's SHA-256: once the text
//! changes they no longer apply.

mod accept;
mod matcher;
mod predictions;
mod recommender;
mod rejections;
mod relations;
mod save;
mod spans;
mod store;

use std::collections::BTreeMap;

use crate::annotations::AttributeValue;

pub use accept::{AcceptPlan, accept, accept_above};
pub use matcher::{Cancel, MatchError, StringMatch, StringMatcher};
pub use predictions::{PredictionOptions, import_predictions};
pub use recommender::{
    LabelledTexts, MatchOptions, STRING_MATCH_SOURCE, label_all_occurrences, occurrences, string_match_suggestions,
    try_string_match_suggestions,
};
pub use rejections::{REJECTIONS_FORMAT, Rejections, reject, reject_relations};
pub use relations::{
    RelationEnd, RelationSuggestion, accept_relation, is_annotated, read_relation_suggestions, relation_suggestions_for,
};
pub use save::{save_suggestions, save_suggestions_with_relations};
pub use spans::{EntitySpan, EntitySpans};
pub use store::{SUGGESTIONS_FORMAT, SuggestionError, SuggestionList, suggestions_for, suggestions_for_spans};
pub(crate) use store::{SUGGESTIONS_VERSION, SuggestionFile, SuggestionRecord, stored_document, suggestion_file_name};

/// One entity offered to an annotator.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The model (predictions) or [`STRING_MATCH_SOURCE`].
    pub source: String,
    pub label: String,
    /// Code points, end-exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The model's confidence, or for string matches the share of the
    /// text's labelled occurrences that carry this label.
    pub score: Option<f64>,
    pub attributes: BTreeMap<String, AttributeValue>,
}

impl Suggestion {
    /// Same span and label: the identity of a suggestion across sources.
    pub fn same_entity(&self, label: &str, start: usize, end: usize) -> bool {
        self.label == label && self.start == start && self.end == end
    }
}
