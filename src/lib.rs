//! Spanwright: a native, offline workbench for annotating entity spans and
//! typed relations in text.
//!
//! The annotation core never touches the window, and the compiler keeps it
//! so: built without the default `gui` feature, the crate has no egui in its
//! dependency tree. The core is [`text`] (documents and offsets), [`schema`],
//! [`annotations`] (the model, its edits and its file), [`project`] (the
//! folder on disk), [`formats`] (exports and imports), [`agreement`],
//! [`curation`], [`qa`] and [`reanchor`]. The window (`gui`, with the `gui`
//! feature) and the command line ([`cli`]) are thin layers over it; the
//! benchmark (`bench`) sits behind its own feature.

pub mod agreement;
pub mod annotations;
#[cfg(feature = "bench")]
pub mod bench;
pub mod cli;
pub mod curation;
pub mod formats;
#[cfg(feature = "gui")]
pub mod gui;
pub mod model;
pub mod project;
pub mod qa;
pub mod reanchor;
pub mod review;
pub mod sample;
pub mod schema;
pub mod text;
