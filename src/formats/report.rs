//! What an export or import did: counts, and everything it left out and why.

use std::path::PathBuf;

use super::Format;

/// One thing wrong with, or left out of, one place in a file: a line of an
/// input file, or a document of the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The input file, or the document id for exports.
    pub file: String,
    pub line: Option<usize>,
    /// The entity, relation or attribute concerned; `None` for the whole
    /// document or line.
    pub item: Option<String>,
    pub message: String,
}

impl Issue {
    pub fn new(file: impl Into<String>, line: Option<usize>, item: Option<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line,
            item,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(item) = &self.item {
            write!(f, ": {item}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A kind of information the target format cannot hold, with how often it
/// occurred.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotCarried {
    pub what: String,
    pub count: usize,
    pub reason: String,
}

impl std::fmt::Display for NotCarried {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} × {}: {}", self.count, self.what, self.reason)
    }
}

/// Adds `count` to the tally of `what`, keeping tallies in first-seen order.
pub(crate) fn tally(list: &mut Vec<NotCarried>, what: &str, reason: &str, count: usize) {
    if count == 0 {
        return;
    }
    match list.iter_mut().find(|n| n.what == what) {
        Some(existing) => existing.count += count,
        None => list.push(NotCarried {
            what: what.to_owned(),
            count,
            reason: reason.to_owned(),
        }),
    }
}

/// How many written files a printed summary names.
const SHOWN_FILES: usize = 10;

/// The result of an export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSummary {
    pub format: Format,
    /// Whose annotations were exported; `None` when the project had none.
    pub annotator: Option<String>,
    /// Files written, in the order they were planned.
    pub files: Vec<PathBuf>,
    pub documents: usize,
    pub entities: usize,
    pub relations: usize,
    /// Documents left out by the status filter.
    pub excluded_by_status: Vec<String>,
    /// Single entities, notes or attributes left out, each with the reason.
    pub skipped: Vec<Issue>,
    /// Kinds of information the format cannot hold.
    pub not_carried: Vec<NotCarried>,
}

impl ExportSummary {
    pub(crate) fn new(format: Format, annotator: Option<String>) -> Self {
        Self {
            format,
            annotator,
            files: Vec::new(),
            documents: 0,
            entities: 0,
            relations: 0,
            excluded_by_status: Vec::new(),
            skipped: Vec::new(),
            not_carried: Vec::new(),
        }
    }

    pub(crate) fn not_carried(&mut self, what: &str, reason: &str, count: usize) {
        tally(&mut self.not_carried, what, reason, count);
    }
}

impl std::fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whose = self.annotator.as_deref().map_or_else(
            || "no annotator (texts only)".to_owned(),
            |name| format!("annotator {name}"),
        );
        writeln!(f, "exported {} ({whose})", self.format)?;
        writeln!(f, "  documents  {}", self.documents)?;
        writeln!(f, "  entities   {}", self.entities)?;
        writeln!(f, "  relations  {}", self.relations)?;
        if !self.excluded_by_status.is_empty() {
            writeln!(
                f,
                "  {} documents left out by the status filter: {}",
                self.excluded_by_status.len(),
                self.excluded_by_status.join(", ")
            )?;
        }
        if !self.not_carried.is_empty() {
            writeln!(f, "not carried by {}:", self.format)?;
            for item in &self.not_carried {
                writeln!(f, "  {item}")?;
            }
        }
        if !self.skipped.is_empty() {
            writeln!(f, "left out ({}):", self.skipped.len())?;
            for issue in &self.skipped {
                writeln!(f, "  {issue}")?;
            }
        }
        writeln!(f, "files ({}):", self.files.len())?;
        for file in self.files.iter().take(SHOWN_FILES) {
            writeln!(f, "  {}", file.display())?;
        }
        if self.files.len() > SHOWN_FILES {
            writeln!(f, "  … and {} more", self.files.len() - SHOWN_FILES)?;
        }
        Ok(())
    }
}

/// The result of an import.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportSummary {
    /// Where the import went: "annotator NAME" or "suggestions from NAME".
    pub stored_as: String,
    /// Documents read from the input and imported.
    pub documents: usize,
    /// Texts written into the project because it did not have them.
    pub texts_created: usize,
    /// Annotation (or suggestion) files written.
    pub files_written: usize,
    pub entities: usize,
    pub relations: usize,
    pub attributes: usize,
    pub notes: usize,
    /// Predictions in the input stored as suggestions.
    pub suggestions: usize,
    /// Exact duplicate entities and relations in the input, each merged
    /// into the first of its kind.
    pub merged_duplicates: super::checks::Duplicates,
    /// Document ids given without `.txt`, and the name they were stored as.
    pub renamed: Vec<(String, String)>,
    /// Earlier suggestion files of the same source that were replaced.
    pub replaced: Vec<String>,
    /// What `--skip-invalid` left out, each with file, line and reason.
    pub skipped: Vec<Issue>,
    /// Valid input that Spanwright's model cannot hold, with where it was.
    pub not_carried: Vec<Issue>,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "imported as {}", self.stored_as)?;
        writeln!(f, "  documents      {}", self.documents)?;
        writeln!(f, "  texts created  {}", self.texts_created)?;
        writeln!(f, "  files written  {}", self.files_written)?;
        writeln!(f, "  entities       {}", self.entities)?;
        writeln!(f, "  relations      {}", self.relations)?;
        writeln!(f, "  attributes     {}", self.attributes)?;
        writeln!(f, "  notes          {}", self.notes)?;
        if self.suggestions > 0 {
            writeln!(f, "  suggestions    {} (predictions in the input)", self.suggestions)?;
        }
        let merged = self.merged_duplicates;
        if merged.entities + merged.relations > 0 {
            writeln!(
                f,
                "  merged exact duplicates: {} entities, {} relations",
                merged.entities, merged.relations
            )?;
        }
        for (given, stored) in &self.renamed {
            writeln!(f, "  document \"{given}\" stored as {stored}")?;
        }
        for file in &self.replaced {
            writeln!(f, "  replaced earlier suggestions {file}")?;
        }
        if !self.not_carried.is_empty() {
            writeln!(f, "not carried ({}):", self.not_carried.len())?;
            for issue in &self.not_carried {
                writeln!(f, "  {issue}")?;
            }
        }
        if !self.skipped.is_empty() {
            writeln!(f, "skipped as invalid ({}):", self.skipped.len())?;
            for issue in &self.skipped {
                writeln!(f, "  {issue}")?;
            }
        }
        Ok(())
    }
}
