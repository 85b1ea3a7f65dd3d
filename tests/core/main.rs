//! The annotation core: texts, schema, annotation sets and their edits, the
//! project folder, agreement, curation, QA and the command line over them.
//! None of these tests opens a window.

mod common;
mod support;

mod agreement;
mod cli;
mod core_edits_and_formats;
mod core_project;
mod core_properties;
mod curation;
mod git_friendly;
mod layers;
mod model_files;
mod model_tagger;
mod pipeline;
mod qa;
mod review;
