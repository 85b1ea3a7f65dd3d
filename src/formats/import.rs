//! Import: read the input whole, check all of it against the target
//! project, and only then write texts and annotation files.

use std::path::{Path, PathBuf};

use crate::annotations::{AnnotationFile, Status};
use crate::project::{Project, atomic_write, check_annotator_name, save_if_unchanged_on_disk};
use crate::schema::LabelSchema;

use super::checks::check_documents;
use super::incoming::ReadResult;
use super::{Format, ImportError, ImportSummary, brat, doccano, jsonl, label_studio, metadata};

/// What to import, from where, into which project and as whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    pub format: Format,
    /// A file, or for brat a folder of `.txt`/`.ann` pairs.
    pub input: PathBuf,
    /// Created if missing.
    pub project_dir: PathBuf,
    pub annotator: String,
    /// Import what is valid and list the rest in the summary, instead of
    /// refusing the whole input.
    pub skip_invalid: bool,
}

/// Reads `options.input` into `options.project_dir` as `options.annotator`,
/// calling `progress(done, total)` as documents are checked and written.
///
/// Nothing is written unless every document checks out (or `skip_invalid`
/// is set), and never over an existing annotation file of the annotator.
pub fn import(options: &ImportOptions, progress: &mut dyn FnMut(usize, usize)) -> Result<ImportSummary, ImportError> {
    if !options.format.can_import() {
        return Err(ImportError::ExportOnly(options.format));
    }
    check_annotator_name(&options.annotator)?;
    let project = open_or_create(&options.project_dir)?;
    let read = read_input(options.format, &options.input, project.schema())?;
    if read.documents.is_empty() && read.problems.is_empty() {
        return Err(ImportError::Empty);
    }
    let total = read.documents.len();
    let checked = check_documents(&project, &options.annotator, read.documents, &mut |done, _| {
        progress(done, 2 * total);
    });
    let mut problems = read.problems;
    problems.extend(checked.problems);
    if !problems.is_empty() && !options.skip_invalid {
        return Err(ImportError::Invalid { problems });
    }
    let existing: Vec<String> = checked
        .documents
        .iter()
        .filter(|doc| project.annotation_path(&options.annotator, &doc.id).exists())
        .map(|doc| project.annotation_file_name(&options.annotator, &doc.id))
        .collect();
    if !existing.is_empty() {
        return Err(ImportError::WouldOverwrite {
            annotator: options.annotator.clone(),
            files: existing,
        });
    }

    let mut summary = ImportSummary {
        stored_as: format!("annotator {}", options.annotator),
        renamed: checked.renamed,
        merged_duplicates: checked.duplicates,
        skipped: problems,
        not_carried: read.not_carried,
        ..ImportSummary::default()
    };
    let mut written = 0;
    for (done, doc) in checked.documents.iter().enumerate() {
        progress(total + done, 2 * total);
        if doc.new_text {
            let path = project.root().join(&doc.id);
            atomic_write(&path, &doc.document.to_file_bytes()).map_err(|source| ImportError::Io {
                file: path.display().to_string(),
                written,
                source,
            })?;
            written += 1;
            summary.texts_created += 1;
        }
        if let Some(meta) = &doc.meta {
            metadata::write(&project, &doc.id, meta).map_err(|source| ImportError::Io {
                file: format!("{}/{}.json", metadata::METADATA_FOLDER, doc.id),
                written,
                source,
            })?;
        }
        summary.documents += 1;
        if doc.set.is_empty() && doc.set.status() == Status::Todo && doc.comment.is_none() {
            continue;
        }
        let mut file = AnnotationFile::from_set(&doc.set, &doc.document, &options.annotator);
        file.comment.clone_from(&doc.comment);
        let file_name = project.annotation_file_name(&options.annotator, &doc.id);
        save_if_unchanged_on_disk(
            &project.annotation_path(&options.annotator, &doc.id),
            &file_name,
            file.to_json().as_bytes(),
            None,
        )
        .map_err(|source| ImportError::Save { written, source })?;
        written += 1;
        summary.files_written += 1;
        summary.entities += doc.set.entities().len();
        summary.relations += doc.set.relations().len();
        summary.attributes += doc.set.entities().iter().map(|e| e.attributes.len()).sum::<usize>();
        summary.notes += doc.set.entities().iter().filter(|e| e.note.is_some()).count()
            + doc.set.relations().iter().filter(|r| r.note.is_some()).count();
    }
    progress(2 * total, 2 * total);
    Ok(summary)
}

/// Opens the project at `dir`, creating the folder first if needed.
pub(crate) fn open_or_create(dir: &Path) -> Result<Project, ImportError> {
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(|source| ImportError::Io {
            file: dir.display().to_string(),
            written: 0,
            source,
        })?;
    }
    Ok(Project::open(dir)?)
}

fn read_input(format: Format, input: &Path, schema: &LabelSchema) -> Result<ReadResult, ImportError> {
    match format {
        Format::Jsonl => jsonl::read(input),
        Format::Doccano => doccano::read(input),
        Format::LabelStudio => label_studio::read(input, schema),
        Format::Brat => brat::read(input, schema),
        Format::Conll => Err(ImportError::ExportOnly(format)),
    }
}

/// Reads a whole input file as UTF-8; the error names the file.
pub(crate) fn read_text_file(path: &Path) -> Result<String, ImportError> {
    let unreadable = |source| ImportError::Unreadable {
        file: path.display().to_string(),
        source,
    };
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|err| {
        unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not valid UTF-8 at byte {}", err.utf8_error().valid_up_to()),
        ))
    })
}
