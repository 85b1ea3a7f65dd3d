//! Building the gold version of a document from several annotators.
//!
//! What every annotator agrees on (same offsets and label; relations whose
//! label and both ends agree) is put into the gold set when curation starts
//! on a document without a gold file, as one undoable edit. Every other
//! place where the annotators differ is a [`Disagreement`] with its
//! competing versions (see [`crate::agreement::compare`]). The curator
//! settles one by taking a version, rejecting them all, or editing the gold
//! set directly; each is an ordinary edit of the gold annotation set, and
//! the result is an ordinary annotation file of the curator (`gold` by
//! default).
//!
//! A disagreement's state is read from the gold set each time, so undo and
//! redo are always reflected (see [`DisagreementState`]).

mod resolve;
mod session;
mod state;

pub use resolve::Resolution;
pub use session::{Curation, CurationError, start_curation};
pub use state::{Disagreement, DisagreementState};

/// The annotator name of the gold standard unless another is chosen.
pub const DEFAULT_CURATOR: &str = "gold";
