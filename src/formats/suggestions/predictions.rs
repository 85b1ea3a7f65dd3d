//! `spanwright import predictions`: a model's output in the `jsonl` shape
//! (with an optional `score` per entity) becomes suggestions.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::project::{atomic_write_in, check_annotator_name};

use super::STRING_MATCH_SOURCE;
use super::store::{
    SUGGESTIONS_FORMAT, SUGGESTIONS_VERSION, SuggestionFile, SuggestionRecord, stored_document, suggestion_file_name,
};
use crate::formats::checks::{check_entity_alone, resolve_document};
use crate::formats::import::{open_or_create, read_text_file};
use crate::formats::jsonl::{JsonlPurpose, parse};
use crate::formats::report::Issue;
use crate::formats::{ImportError, ImportSummary};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictionOptions {
    pub input: PathBuf,
    pub project_dir: PathBuf,
    /// The model's name; by default the input file's name without extension.
    pub source: Option<String>,
    pub skip_invalid: bool,
}

impl PredictionOptions {
    pub fn source_name(&self) -> String {
        self.source.clone().unwrap_or_else(|| {
            self.input
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
    }
}

/// Stores the predictions in `options.input` as suggestions of their
/// source, replacing that source's earlier suggestions for the same
/// documents. The documents must be in the project with the same text.
pub fn import_predictions(
    options: &PredictionOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary, ImportError> {
    let source = options.source_name();
    if let Err(err) = check_annotator_name(&source) {
        return Err(ImportError::BadSource {
            name: source,
            reason: err.reason.to_owned(),
        });
    }
    if source == STRING_MATCH_SOURCE {
        return Err(ImportError::BadSource {
            name: source,
            reason: "is reserved for the suggestions Spanwright makes from the project itself".to_owned(),
        });
    }
    let project = open_or_create(&options.project_dir)?;
    let file = options.input.display().to_string();
    let read = parse(&file, &read_text_file(&options.input)?, JsonlPurpose::Predictions);
    if read.documents.is_empty() && read.problems.is_empty() {
        return Err(ImportError::Empty);
    }
    let mut problems = read.problems;
    let mut not_carried = read.not_carried;
    let mut planned = Vec::new();
    let mut seen_documents = HashSet::new();
    let total = read.documents.len();
    for (done, doc) in read.documents.iter().enumerate() {
        progress(done, 2 * total);
        let (id, document, _) = match resolve_document(&project, doc, true) {
            Ok(found) => found,
            Err(message) => {
                problems.push(Issue::new(&file, doc.line, None, format!("{message}; line skipped")));
                continue;
            }
        };
        if !seen_documents.insert(id.clone()) {
            problems.push(Issue::new(
                &file,
                doc.line,
                None,
                format!("document {id} appears more than once in the input; this line skipped"),
            ));
            continue;
        }
        let mut records: Vec<SuggestionRecord> = Vec::new();
        for (index, entity) in doc.entities.iter().enumerate() {
            let item = Some(entity.describe(index));
            let checked = match check_entity_alone(project.schema(), &document, entity) {
                Ok(checked) => checked,
                Err(message) => {
                    problems.push(Issue::new(
                        &file,
                        doc.line,
                        item,
                        format!("{message}; prediction skipped"),
                    ));
                    continue;
                }
            };
            for message in checked.attribute_problems {
                problems.push(Issue::new(
                    &file,
                    doc.line,
                    item.clone(),
                    format!("{message}; attribute skipped"),
                ));
            }
            for (what, text) in [("note", &entity.note), ("comment", &entity.comment)] {
                if text.is_some() {
                    not_carried.push(Issue::new(
                        &file,
                        doc.line,
                        item.clone(),
                        format!("its {what} not carried: suggestions hold no notes or comments"),
                    ));
                }
            }
            if records
                .iter()
                .any(|r| (r.start, r.end, r.label.as_str()) == (entity.start, entity.end, entity.label.as_str()))
            {
                not_carried.push(Issue::new(
                    &file,
                    doc.line,
                    item,
                    "repeats an earlier prediction of the same span and label; kept once",
                ));
                continue;
            }
            records.push(SuggestionRecord {
                label: entity.label.clone(),
                start: entity.start,
                end: entity.end,
                text: document.slice(entity.start, entity.end).unwrap_or_default().to_owned(),
                score: entity.score,
                attributes: checked.entity.attributes,
            });
        }
        records.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        planned.push((
            id,
            SuggestionFile {
                format: SUGGESTIONS_FORMAT.to_owned(),
                version: SUGGESTIONS_VERSION,
                document: stored_document(&document),
                source: source.clone(),
                suggestions: records,
                relations: Vec::new(),
            },
        ));
    }
    if !problems.is_empty() && !options.skip_invalid {
        return Err(ImportError::Invalid { problems });
    }
    let mut summary = ImportSummary {
        stored_as: format!("suggestions from {source}"),
        skipped: problems,
        not_carried,
        ..ImportSummary::default()
    };
    for (done, (id, file)) in planned.iter().enumerate() {
        progress(total + done, 2 * total);
        let name = suggestion_file_name(&source, id);
        let path = project.root().join(&name);
        if path.exists() {
            summary.replaced.push(name.clone());
        }
        atomic_write_in(project.root(), &path, file.to_json().as_bytes()).map_err(|source| ImportError::Io {
            file: name,
            written: summary.files_written,
            source,
        })?;
        summary.files_written += 1;
        summary.documents += 1;
        summary.entities += file.suggestions.len();
        summary.attributes += file.suggestions.iter().map(|s| s.attributes.len()).sum::<usize>();
    }
    progress(2 * total, 2 * total);
    Ok(summary)
}
