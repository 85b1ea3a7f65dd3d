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
//!
//! Used as a library — open a project, list its documents, read an
//! annotation file, export and measure agreement:
//!
//! ```
//! use spanwright::annotations::AnnotationFile;
//! use spanwright::formats::{ExportOptions, Format, TagScheme, export};
//! use spanwright::project::Project;
//!
//! let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-corpus");
//! let project = Project::open(&sample)?;
//! assert_eq!(project.documents().len(), 6);
//!
//! let doc = &project.documents()[0];
//! let path = project.annotation_path("alice", &doc.id);
//! let file = AnnotationFile::load(&path, &project.annotation_file_name("alice", &doc.id))?;
//! for entity in &file.entities {
//!     println!("{} {}..{} {}", entity.label, entity.start, entity.end, entity.text);
//! }
//!
//! let out = tempfile::tempdir()?;
//! let options = ExportOptions {
//!     format: Format::Jsonl,
//!     annotator: Some("alice".into()),
//!     min_status: None,
//!     scheme: TagScheme::default(),
//! };
//! let summary = export(&project, &options, &out.path().join("alice.jsonl"), &mut |_, _| {})?;
//! assert_eq!(summary.documents, 6);
//!
//! let report = spanwright::agreement::agree_report(&project, None)?;
//! assert_eq!(report.annotators, ["alice", "bob"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

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
