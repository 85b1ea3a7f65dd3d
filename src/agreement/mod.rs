//! How far annotators agree: span and relation F1, Cohen's and Fleiss'
//! kappa and Krippendorff's alpha on token labels, per-label and
//! per-document figures, and the side-by-side comparison that curation and
//! the Compare view build on.
//!
//! Definitions (also in the README):
//! - span F1 (exact): an entity matches when start, end and label are
//!   equal; F1 = 2·|A∩B| / (|A| + |B|), pooled over the shared documents;
//! - lenient span F1: see [`matching`] for the one-to-one overlap matching;
//! - relation F1: label and both ends (start, end, label) equal, either way
//!   round for symmetric relation types;
//! - token labels: see [`mod@token_labels`];
//! - undefined values (nothing annotated, a single label everywhere, fewer
//!   than two annotators) are `None` (JSON `null`), never NaN.

pub mod compare;
pub mod corpus;
pub mod keys;
pub mod matching;
pub mod report;
pub mod selection;
pub mod statistics;
pub mod token_labels;

pub use compare::{ComparedRelation, ComparedSpan, Comparison, DisagreementGroup, Place, Source, Version};
pub use corpus::{Corpus, CorpusDocument};
pub use keys::{RelationKey, SpanKey};
pub use matching::MatchCounts;
pub use report::{
    AgreementReport, ConfusionMatrix, DocumentAgreement, LabelAgreement, PairAgreement, agreement_report,
    confusion_matrix,
};
pub use selection::{AgreeError, agree_report, choose_among, choose_annotators};
pub use token_labels::{OUTSIDE, token_labels};
