//! Spanwright: a native, offline workbench for annotating entity spans and
//! typed relations in text.
//!
//! Everything outside [`gui`] is the annotation core and never touches egui:
//! [`text`] (documents and offsets), [`schema`], [`annotations`] (the model,
//! its edits and its file), and [`project`] (the folder on disk). The window
//! ([`gui`]) and the command line ([`cli`]) are thin layers over it.

pub mod agreement;
pub mod annotations;
pub mod bench;
pub mod cli;
pub mod curation;
pub mod formats;
pub mod gui;
pub mod project;
pub mod qa;
pub mod reanchor;
pub mod review;
pub mod sample;
pub mod schema;
pub mod text;
