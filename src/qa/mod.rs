//! Quality checks over a project or one document. Each finding names the
//! annotation file, the entity or relation and its offsets, so that a list
//! of findings can jump to each one.
//!
//! Errors (the file breaks its format or the schema; `spanwright validate`
//! exits 1):
//! - `file`: the file cannot be read or parsed, lies in another annotator's
//!   folder, or has no text;
//! - `schema`: anything [`crate::annotations::check_against`] reports
//!   (unknown labels, offsets off the text, stale text hash, ...), except
//!   what the two checks below report under their own names;
//! - `duplicate`: the same offsets and label twice in one file;
//! - `forbidden_relation`: a relation whose head and tail types the schema
//!   does not allow for its label.
//!
//! Warnings (worth a look; exit 0 unless `--strict`):
//! - `edge_character`: an entity that starts or ends with whitespace or
//!   punctuation;
//! - `token_boundary`: an entity whose start is not the start of a token
//!   of [`crate::text::tokenize`] or whose end is not the end of one. The
//!   tokenizer follows spaCy's English tokenizer, so these are the entities
//!   spaCy's `Doc.char_span` in its default strict alignment drops (an
//!   edge on whitespace is reported by `edge_character` instead);
//! - `duplicate` (warning): the same offsets with two different labels;
//! - `done_without_annotations`: a file marked done or reviewed that holds
//!   no entity;
//! - `inconsistent`: the same text labelled differently by one annotator
//!   across the corpus (exact, case-sensitive text); the occurrences that
//!   do not carry the text's most frequent label are flagged, and the full
//!   counts are in [`Inconsistency`].

mod document;
mod finding;
mod inconsistency;
mod project;

pub use document::check_document;
pub use finding::{Check, Finding, Severity};
pub use inconsistency::{Inconsistency, Occurrence, find_inconsistencies};
pub use project::{QaReport, annotation_files, check_project, project_problems};
