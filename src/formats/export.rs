//! Export: whose annotations, which documents, and the loop that streams
//! them into a format's writer one document at a time.

use std::path::Path;

use rayon::prelude::*;

use crate::annotations::{AnnotationFile, AnnotationSet, Status, check_against};
use crate::project::Project;
use crate::text::Document;

use super::staging::Staging;
use super::{ExportError, ExportSummary, Format, TagScheme, brat, conll, doccano, jsonl, label_studio};

/// Documents read and checked at once before they are written in order.
const EXPORT_BATCH: usize = 64;

/// What to export and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    /// Whose annotations. `None`: the only annotator of the project; with
    /// several it is an error, and a project without annotations exports its
    /// texts alone.
    pub annotator: Option<String>,
    /// Only documents whose status is at least this one, in the order
    /// todo < in progress < done < reviewed: `Some(Done)` exports done and
    /// reviewed documents.
    pub min_status: Option<Status>,
    /// CoNLL only.
    pub scheme: TagScheme,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            annotator: None,
            min_status: None,
            scheme: TagScheme::Bio,
        }
    }
}

/// One document as a writer receives it.
pub(crate) struct ExportDocument<'a> {
    pub document: Document,
    pub set: AnnotationSet,
    pub comment: Option<String>,
    pub annotator: Option<&'a str>,
    /// The source tool's metadata stored with the document, if any.
    pub meta: Option<serde_json::Value>,
}

impl ExportDocument<'_> {
    /// Comments on the document, its entities and its relations.
    pub fn comment_count(&self) -> usize {
        self.set.entities().iter().filter(|e| e.comment.is_some()).count()
            + self.set.relations().iter().filter(|r| r.comment.is_some()).count()
            + usize::from(self.comment.is_some())
    }

    /// 1 when the status says more than `todo`: formats without a status
    /// lose it.
    pub fn status_lost(&self) -> usize {
        usize::from(self.set.status() != Status::default())
    }
}

/// A format's side of an export. Writers stream: each document is written
/// when it arrives.
pub(crate) trait FormatWriter {
    fn document(
        &mut self,
        doc: &ExportDocument<'_>,
        staging: &mut Staging,
        summary: &mut ExportSummary,
    ) -> Result<(), ExportError>;

    fn finish(self: Box<Self>, staging: &mut Staging, summary: &mut ExportSummary) -> Result<(), ExportError>;
}

/// Exports `project` to `out` (a file, or a folder for brat), calling
/// `progress(done, total)` as documents are written. Output is byte-identical
/// for the same project and options. On error nothing is written.
/// Documents that are links to files outside the project are refused (see
/// [`export_following_links`]).
pub fn export(
    project: &Project,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    export_following_links(project, options, out, progress, false)
}

/// [`export`], taking documents that are links to files outside the project
/// folder too when `follow_outside_links` is set; without it such a
/// document stops the export before anything is written.
pub fn export_following_links(
    project: &Project,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    follow_outside_links: bool,
) -> Result<ExportSummary, ExportError> {
    if !follow_outside_links && !project.links_outside().is_empty() {
        return Err(ExportError::OutsideLinks {
            documents: project.links_outside().to_vec(),
        });
    }
    let annotator = choose_annotator(project, options.annotator.as_deref())?;
    check_destination(options.format, out)?;
    // A folder export (brat) is staged beside its folder, like a file export.
    let mut staging = Staging::new(out.parent().unwrap_or(Path::new("")))?;
    let mut summary = ExportSummary::new(options.format, annotator.clone());
    let schema = project.schema();
    let mut writer: Box<dyn FormatWriter> = match options.format {
        Format::Jsonl => Box::new(jsonl::JsonlWriter::new(&mut staging, out)?),
        Format::Doccano => Box::new(doccano::DoccanoWriter::new(&mut staging, out)?),
        Format::LabelStudio => Box::new(label_studio::LabelStudioWriter::new(&mut staging, out, schema)?),
        Format::Brat => Box::new(brat::BratWriter::new(&mut staging, out, schema)?),
        Format::Conll => Box::new(conll::ConllWriter::new(&mut staging, out, options.scheme)?),
    };

    let total = project.documents().len();
    let mut problems = Vec::new();
    let mut done = 0;
    // Documents are read and checked several at a time, then written one
    // by one in the project's order: the output streams, and at most one
    // batch is held in memory.
    for batch in project.documents().chunks(EXPORT_BATCH) {
        progress(done, total);
        let read: Vec<Result<(Document, Loaded), ExportError>> = batch
            .par_iter()
            .map(|entry| {
                let document = project.load_text(&entry.id)?;
                let loaded = match &annotator {
                    Some(name) => load_annotations(project, name, &document)?,
                    None => Loaded::Sound(Box::default(), None),
                };
                Ok((document, loaded))
            })
            .collect();
        for (entry, read) in batch.iter().zip(read) {
            done += 1;
            let (document, loaded) = read?;
            let (set, comment) = match loaded {
                Loaded::Sound(set, comment) => (*set, comment),
                Loaded::Problems(found) => {
                    problems.extend(found);
                    continue;
                }
            };
            if options.min_status.is_some_and(|min| set.status() < min) {
                summary.excluded_by_status.push(entry.id.clone());
                continue;
            }
            if !problems.is_empty() {
                continue;
            }
            let doc = ExportDocument {
                meta: super::metadata::read(project, &entry.id),
                document,
                set,
                comment,
                annotator: annotator.as_deref(),
            };
            writer.document(&doc, &mut staging, &mut summary)?;
            summary.documents += 1;
        }
    }
    if !problems.is_empty() {
        return Err(ExportError::Invalid { problems });
    }
    writer.finish(&mut staging, &mut summary)?;
    summary.files = staging.commit()?;
    progress(total, total);
    Ok(summary)
}

fn check_destination(format: Format, out: &Path) -> Result<(), ExportError> {
    let path = out.display().to_string();
    if format.writes_folder() && out.is_file() {
        return Err(ExportError::OutIsFile { path });
    }
    if !format.writes_folder() && out.is_dir() {
        return Err(ExportError::OutIsFolder { path, format });
    }
    Ok(())
}

/// The annotator whose files are exported; `None` for a project without
/// annotations, exported as texts alone.
pub fn choose_annotator(project: &Project, requested: Option<&str>) -> Result<Option<String>, ExportError> {
    let annotators = project.annotators();
    match requested {
        Some(name) if annotators.iter().any(|a| a == name) => Ok(Some(name.to_owned())),
        Some(name) => Err(ExportError::UnknownAnnotator {
            name: name.to_owned(),
            annotators,
        }),
        None => match annotators.as_slice() {
            [] => Ok(None),
            [only] => Ok(Some(only.clone())),
            _ => Err(ExportError::AnnotatorNeeded { annotators }),
        },
    }
}

enum Loaded {
    Sound(Box<AnnotationSet>, Option<String>),
    Problems(Vec<crate::annotations::Problem>),
}

/// The annotator's file for `document`, checked; a document without a file
/// has no annotations and status todo.
fn load_annotations(project: &Project, annotator: &str, document: &Document) -> Result<Loaded, ExportError> {
    let path = project.annotation_path(annotator, document.id());
    if !path.exists() {
        return Ok(Loaded::Sound(Box::default(), None));
    }
    let file_name = project.annotation_file_name(annotator, document.id());
    let file = AnnotationFile::load(&path, &file_name)?;
    let problems = check_against(&file_name, &file, document, project.schema());
    if problems.is_empty() {
        Ok(Loaded::Sound(Box::new(file.to_set()), file.comment.clone()))
    } else {
        Ok(Loaded::Problems(problems))
    }
}
