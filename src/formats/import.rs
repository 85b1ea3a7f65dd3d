//! Import: read the input whole, check all of it against the target
//! project, and only then write texts and annotation files.

use std::path::{Path, PathBuf};

use crate::annotations::{AnnotationFile, Status};
use crate::project::{
    MAX_NAME_BYTES, Project, atomic_write_in, check_annotator_name, check_write_path, overlong_component,
    save_if_unchanged_on_disk, save_lock_path,
};
use crate::schema::LabelSchema;

use super::checks::{CheckedDocument, check_documents};
use super::incoming::ReadResult;
use super::staging::CreatedFiles;
use super::{Format, ImportError, ImportSummary, brat, doccano, jsonl, label_studio};

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
        skipped: problems,
        not_carried: read.not_carried,
        ..ImportSummary::default()
    };
    check_destinations(&project, &options.annotator, &checked.documents)?;
    // Everything written is noted, and removed again if the import stops
    // half-way: an error then reports no file as written.
    let mut created = CreatedFiles::new(project.root());
    let mut write_all = || -> Result<(), ImportError> {
        for (done, doc) in checked.documents.iter().enumerate() {
            progress(total + done, 2 * total);
            if doc.new_text {
                let path = project.root().join(&doc.id);
                let io_error = |source| ImportError::Io {
                    file: path.display().to_string(),
                    written: 0,
                    source,
                };
                created.note_folders_of(&path).map_err(io_error)?;
                atomic_write_in(project.root(), &path, &doc.document.to_file_bytes()).map_err(io_error)?;
                created.note_file(path.clone());
                summary.texts_created += 1;
            }
            summary.documents += 1;
            if doc.set.is_empty() && doc.set.status() == Status::Todo && doc.comment.is_none() {
                continue;
            }
            let mut file = AnnotationFile::from_set(&doc.set, &doc.document, &options.annotator);
            file.comment.clone_from(&doc.comment);
            let file_name = project.annotation_file_name(&options.annotator, &doc.id);
            let path = project.annotation_path(&options.annotator, &doc.id);
            created.note_folders_of(&path).map_err(|source| ImportError::Io {
                file: file_name.clone(),
                written: 0,
                source,
            })?;
            // The save's lock file is new too.
            created.note_file(save_lock_path(&path));
            save_if_unchanged_on_disk(project.root(), &path, &file_name, file.to_json().as_bytes(), None)
                .map_err(|source| ImportError::Save { written: 0, source })?;
            created.note_file(path);
            summary.files_written += 1;
            summary.entities += doc.set.entities().len();
            summary.relations += doc.set.relations().len();
            summary.attributes += doc.set.entities().iter().map(|e| e.attributes.len()).sum::<usize>();
            summary.notes += doc.set.entities().iter().filter(|e| e.note.is_some()).count()
                + doc.set.relations().iter().filter(|r| r.note.is_some()).count();
        }
        Ok(())
    };
    if let Err(err) = write_all() {
        created.remove_all();
        return Err(err);
    }
    progress(2 * total, 2 * total);
    Ok(summary)
}

/// Refuses, before anything is written, a document whose text or annotation
/// file would need a name longer than the file system takes, or would be
/// written through a link or outside the project.
fn check_destinations(project: &Project, annotator: &str, documents: &[CheckedDocument]) -> Result<(), ImportError> {
    for doc in documents {
        let annotation = project.annotation_file_name(annotator, &doc.id);
        let mut destinations = vec![annotation.clone()];
        if doc.new_text {
            destinations.push(doc.id.clone());
        }
        for relative in destinations {
            let refuse = |source| ImportError::Io {
                file: relative.clone(),
                written: 0,
                source,
            };
            if let Some((name, bytes)) = overlong_component(&relative) {
                return Err(refuse(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!(
                        "the name \"{name}\" is {bytes} bytes; file systems take at most {MAX_NAME_BYTES}, so nothing was imported"
                    ),
                )));
            }
            check_write_path(project.root(), &project.root().join(&relative)).map_err(refuse)?;
        }
    }
    Ok(())
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
