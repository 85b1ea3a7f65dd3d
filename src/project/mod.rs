//! A project folder: its texts, its schema and its annotation files.

mod annotator;
mod atomic;
mod folder;
mod open_document;
mod summary;

pub use annotator::{AnnotatorNameError, check_annotator_name};
pub use atomic::{SaveError, SaveOutcome, atomic_write, save_if_unchanged_on_disk};
pub use folder::{DocumentEntry, Project, ProjectError, SCHEMA_FILE_NAME, SchemaOrigin};
pub use open_document::{OpenDocument, OpenError, SaveJob};
pub use summary::DocumentSummary;
