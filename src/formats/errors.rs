//! Why an export or import did not happen.

use crate::annotations::{FileError, Problem};
use crate::project::{AnnotatorNameError, ProjectError};
use crate::text::TextError;

use super::Format;
use super::report::Issue;

/// At most this many problems are spelled out in an error message; all of
/// them stay in the error value.
const SHOWN: usize = 50;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("the project has annotations by {}; choose whose to export with --annotator NAME", .annotators.join(", "))]
    AnnotatorNeeded { annotators: Vec<String> },
    #[error("no annotations by \"{name}\" in this project (annotators: {})", list_or_none(.annotators))]
    UnknownAnnotator { name: String, annotators: Vec<String> },
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    AnnotationFile(#[from] FileError),
    #[error(
        "nothing was exported: {} problems in the annotation files (run `spanwright validate`):\n{}",
        .problems.len(),
        show(.problems)
    )]
    Invalid { problems: Vec<Problem> },
    #[error(
        "nothing was exported: {} a link to a file outside the project folder ({}); export with --follow-outside-links to include it",
        if .documents.len() == 1 { "1 document is" } else { "some documents are" },
        .documents.join(", ")
    )]
    OutsideLinks { documents: Vec<String> },
    #[error("cannot export to {format}: {reason}")]
    Unsupported { format: Format, reason: String },
    #[error("{path} is a folder; {format} export writes one file: give a file name with --out")]
    OutIsFolder { path: String, format: Format },
    #[error("{path} is a file; brat export writes a folder: give a folder name with --out")]
    OutIsFile { path: String },
    #[error("cannot write {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0} is export only: it cannot be imported")]
    ExportOnly(Format),
    #[error(transparent)]
    Annotator(#[from] AnnotatorNameError),
    #[error("suggestion source name \"{name}\" {reason}")]
    BadSource { name: String, reason: String },
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("cannot read {file}: {source}")]
    Unreadable {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "nothing was imported: {} problems (use --skip-invalid to import the rest and skip these):\n{}",
        .problems.len(),
        show(.problems)
    )]
    Invalid { problems: Vec<Issue> },
    #[error(
        "nothing was imported: {annotator} already has annotation files for {} documents; import under another --annotator name or move these away first:\n{}",
        .files.len(),
        show(.files)
    )]
    WouldOverwrite { annotator: String, files: Vec<String> },
    #[error("nothing was imported: the input holds no documents")]
    Empty,
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("import stopped after writing {written} files: cannot write {file}: {source}")]
    Io {
        file: String,
        written: usize,
        #[source]
        source: std::io::Error,
    },
    #[error("import stopped after writing {written} files: {source}")]
    Save {
        written: usize,
        #[source]
        source: crate::project::SaveError,
    },
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

fn show<T: std::fmt::Display>(items: &[T]) -> String {
    let mut lines: Vec<String> = items.iter().take(SHOWN).map(|item| format!("  {item}")).collect();
    if items.len() > SHOWN {
        lines.push(format!("  … and {} more", items.len() - SHOWN));
    }
    lines.join("\n")
}
