//! Exports that training code and other annotation tools read, and imports
//! from those tools, with exact offsets and a summary of everything a format
//! could not hold.
//!
//! | format | both ways | offsets | holds |
//! |---|---|---|---|
//! | `jsonl` | yes | code points | everything |
//! | `doccano` | yes | UTF-16 code units | entities, relations |
//! | `label-studio` | yes | code points | entities, relations, attributes, entity notes and comments |
//! | `brat` | yes | code points of the `.txt` as written (a BOM counts) | entities, relations, attributes, notes |
//! | `conll` | export | tokens | entity spans on token edges, no overlaps |
//!
//! [`export`] streams documents one by one into a hidden staging folder and
//! moves the output into place only when all went well; [`import`] reads and
//! checks the whole input before it writes anything. Both report progress
//! through a callback and return a summary for the window or the command
//! line to show.

mod brat;
mod checks;
mod conll;
mod doc_ids;
mod doccano;
mod errors;
mod export;
mod format;
mod import;
mod incoming;
mod infer;
mod jsonl;
pub(crate) mod label_config;
mod label_studio;
mod metadata;
mod predictions_in_tasks;
mod report;
/// The sentence splitter lives with the other text segmentation; this path
/// stays for the code that reaches it through the formats.
pub mod sentences {
    pub use crate::text::sentence_starts;
}
mod staging;
pub mod suggestions;

pub use checks::Duplicates;
pub use errors::{ExportError, ImportError};
pub use export::{ExportOptions, choose_annotator, export, export_following_links};
pub use format::{Format, TagScheme};
pub use import::{ImportOptions, ImportSettings, import, import_with, read_label_map};
pub use infer::infer_schema;
pub use label_studio::config_path as label_studio_config_path;
pub use report::{ExportSummary, ImportSummary, Issue, NotCarried};
