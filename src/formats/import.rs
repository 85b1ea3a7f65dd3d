//! Import: read the input whole, check all of it against the target
//! project, and only then write texts and annotation files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::annotations::{AnnotationFile, Status};
use crate::project::{
    MAX_NAME_BYTES, Project, atomic_write_in, check_annotator_name, check_write_path, overlong_component,
    save_if_unchanged_on_disk, save_lock_path,
};
use crate::schema::LabelSchema;

use super::checks::{CheckedDocument, check_documents};
use super::incoming::{IncomingDocument, ReadResult};
use super::predictions_in_tasks::store_predictions;
use super::staging::CreatedFiles;
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

/// Choices beyond [`ImportOptions`] that the command line offers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSettings {
    /// Label renames, `{"from": "to"}`: applied to entity and relation
    /// labels before anything is checked; two names mapped to one merge.
    pub label_map: BTreeMap<String, String>,
    /// The type given to relations the input leaves unlabelled (Label
    /// Studio allows them); without it they are reported.
    pub relation_type: Option<String>,
    /// brat: the `.ann` offsets were made for the text with LF line ends;
    /// read each `.txt` with CRLF turned into LF (and stored so).
    pub newlines_lf: bool,
}

/// Reads `options.input` into `options.project_dir` as `options.annotator`,
/// calling `progress(done, total)` as documents are checked and written.
///
/// Nothing is written unless every document checks out (or `skip_invalid`
/// is set), and never over an existing annotation file of the annotator.
pub fn import(options: &ImportOptions, progress: &mut dyn FnMut(usize, usize)) -> Result<ImportSummary, ImportError> {
    import_with(options, &ImportSettings::default(), progress)
}

/// [`import`] with the further choices of `settings`.
///
/// An input whose annotations name who made them (Label Studio's
/// `completed_by`) is stored per person: under `options.annotator` when
/// they all come from one, else under `<annotator>-<name>` for each.
/// Predictions in the input become suggestions of their model.
pub fn import_with(
    options: &ImportOptions,
    settings: &ImportSettings,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary, ImportError> {
    if !options.format.can_import() {
        return Err(ImportError::ExportOnly(options.format));
    }
    check_annotator_name(&options.annotator)?;
    let project = open_or_create(&options.project_dir)?;
    let mut read = read_input(options.format, &options.input, project.schema(), settings)?;
    if read.documents.is_empty() && read.problems.is_empty() {
        return Err(ImportError::Empty);
    }
    if !settings.label_map.is_empty() {
        for doc in read.documents.iter_mut().chain(read.predictions.iter_mut()) {
            rename_labels(doc, &settings.label_map);
        }
    }
    let people: BTreeSet<&str> = read.documents.iter().filter_map(|d| d.annotator.as_deref()).collect();
    let several = people.len() > 1;
    let annotator_of = |doc: &IncomingDocument| match (&doc.annotator, several) {
        (Some(name), true) => format!("{}-{name}", options.annotator),
        _ => options.annotator.clone(),
    };
    let mut groups: BTreeMap<String, Vec<IncomingDocument>> = BTreeMap::new();
    for doc in std::mem::take(&mut read.documents) {
        groups.entry(annotator_of(&doc)).or_default().push(doc);
    }
    for name in groups.keys() {
        check_annotator_name(name)?;
    }
    let total: usize = groups.values().map(Vec::len).sum();
    let mut problems = read.problems;
    let mut checked_groups = Vec::new();
    let mut done_before = 0;
    for (annotator, documents) in groups {
        let count = documents.len();
        let checked = check_documents(&project, &annotator, documents, &mut |done, _| {
            progress(done_before + done, 2 * total);
        });
        done_before += count;
        problems.extend(checked.problems.iter().cloned());
        checked_groups.push((annotator, checked));
    }
    if !problems.is_empty() && !options.skip_invalid {
        return Err(ImportError::Invalid { problems });
    }
    for (annotator, checked) in &checked_groups {
        let existing: Vec<String> = checked
            .documents
            .iter()
            .filter(|doc| project.annotation_path(annotator, &doc.id).exists())
            .map(|doc| project.annotation_file_name(annotator, &doc.id))
            .collect();
        if !existing.is_empty() {
            return Err(ImportError::WouldOverwrite {
                annotator: annotator.clone(),
                files: existing,
            });
        }
    }

    let names: Vec<&str> = checked_groups.iter().map(|(name, _)| name.as_str()).collect();
    let mut summary = ImportSummary {
        stored_as: if names.len() > 1 {
            format!("annotators {}", names.join(", "))
        } else {
            format!(
                "annotator {}",
                names.first().copied().unwrap_or(options.annotator.as_str())
            )
        },
        skipped: problems,
        not_carried: read.not_carried,
        ..ImportSummary::default()
    };
    for (annotator, checked) in &checked_groups {
        check_destinations(&project, annotator, &checked.documents)?;
    }
    // Everything written is noted, and removed again if the import stops
    // half-way: an error then reports no file as written.
    let mut created = CreatedFiles::new(project.root());
    let write_all = || -> Result<(), ImportError> {
        let mut texts_written = BTreeSet::new();
        let mut step = total;
        for (annotator, checked) in checked_groups {
            for renamed in checked.renamed {
                if !summary.renamed.contains(&renamed) {
                    summary.renamed.push(renamed);
                }
            }
            summary.merged_duplicates.entities += checked.duplicates.entities;
            summary.merged_duplicates.relations += checked.duplicates.relations;
            for doc in &checked.documents {
                progress(step, 2 * total);
                step += 1;
                if doc.new_text && texts_written.insert(doc.id.clone()) {
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
                if let Some(meta) = &doc.meta {
                    let path = metadata::path(&project, &doc.id);
                    let io_error = |source| ImportError::Io {
                        file: format!("{}/{}.json", metadata::METADATA_FOLDER, doc.id),
                        written: 0,
                        source,
                    };
                    let existed = path.exists();
                    created.note_folders_of(&path).map_err(io_error)?;
                    metadata::write(&project, &doc.id, meta).map_err(io_error)?;
                    if !existed {
                        created.note_file(path);
                    }
                }
                summary.documents += 1;
                if doc.set.is_empty() && doc.set.status() == Status::Todo && doc.comment.is_none() {
                    continue;
                }
                let mut file = AnnotationFile::from_set(&doc.set, &doc.document, &annotator);
                file.comment.clone_from(&doc.comment);
                let file_name = project.annotation_file_name(&annotator, &doc.id);
                let path = project.annotation_path(&annotator, &doc.id);
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
        }
        Ok(())
    };
    if let Err(err) = write_all() {
        created.remove_all();
        return Err(err);
    }
    let written = summary.texts_created + summary.files_written;
    if !read.predictions.is_empty() {
        // The texts exist now: open the project again to see them.
        let project = Project::open(project.root())?;
        let stored = store_predictions(&project, read.predictions, &mut summary.skipped);
        summary.suggestions = stored.map_err(|source| ImportError::Io {
            file: "suggestions".into(),
            written,
            source,
        })?;
    }
    progress(2 * total, 2 * total);
    Ok(summary)
}

fn rename_labels(doc: &mut IncomingDocument, map: &BTreeMap<String, String>) {
    for entity in &mut doc.entities {
        if let Some(to) = map.get(&entity.label) {
            entity.label.clone_from(to);
        }
    }
    for relation in &mut doc.relations {
        if let Some(to) = map.get(&relation.label) {
            relation.label.clone_from(to);
        }
    }
}

/// Reads a label map file: a JSON object `{"from": "to"}`.
pub fn read_label_map(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = read_text_file(path).map_err(|err| err.to_string())?;
    serde_json::from_str(&text).map_err(|err| {
        format!(
            "{}:{}:{}: a label map is a JSON object of names, {{\"from\": \"to\"}}: {err}",
            path.display(),
            err.line(),
            err.column()
        )
    })
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

fn read_input(
    format: Format,
    input: &Path,
    schema: &LabelSchema,
    settings: &ImportSettings,
) -> Result<ReadResult, ImportError> {
    match format {
        Format::Jsonl => jsonl::read(input),
        Format::Doccano => doccano::read(input),
        Format::LabelStudio => label_studio::read(
            input,
            label_studio::LabelStudioReading {
                schema: Some(schema),
                relation_type: settings.relation_type.as_deref(),
            },
        ),
        Format::Brat => brat::read(input, schema, settings.newlines_lf),
        Format::Conll => Err(ImportError::ExportOnly(format)),
    }
}

/// Reads `input` for schema inference: no project schema applies yet, and
/// unlabelled relations are left out.
pub(crate) fn read_input_for_inference(format: Format, input: &Path) -> Result<ReadResult, ImportError> {
    let schema = LabelSchema {
        name: "none".into(),
        entities: Vec::new(),
        relations: Vec::new(),
        attributes: Vec::new(),
        allow_overlap: true,
    };
    read_input(format, input, &schema, &ImportSettings::default())
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
