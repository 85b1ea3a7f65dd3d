//! Predictions that come inside an annotation tool's task file (Label
//! Studio's `predictions`), stored as suggestions of their model through the
//! suggestion store, like `spanwright import predictions` does.

use crate::project::{Project, atomic_write, check_annotator_name};

use super::checks::{check_entity_alone, resolve_document};
use super::incoming::IncomingDocument;
use super::report::Issue;
use super::suggestions::{
    STRING_MATCH_SOURCE, SUGGESTIONS_FORMAT, SUGGESTIONS_VERSION, SuggestionFile, SuggestionRecord, stored_document,
    suggestion_file_name,
};

/// Writes one suggestion file per document and model; what cannot be
/// stored is added to `skipped`. Returns how many suggestions were stored.
pub(crate) fn store_predictions(
    project: &Project,
    predictions: Vec<IncomingDocument>,
    skipped: &mut Vec<Issue>,
) -> std::io::Result<usize> {
    let mut stored = 0;
    for doc in predictions {
        let issue = |item: Option<String>, message: String| Issue::new(doc.file.clone(), doc.line, item, message);
        let source = doc.annotator.clone().unwrap_or_default();
        if let Err(err) = check_annotator_name(&source) {
            skipped.push(issue(
                None,
                format!("model name \"{source}\" {}; predictions skipped", err.reason),
            ));
            continue;
        }
        if source == STRING_MATCH_SOURCE {
            skipped.push(issue(
                None,
                format!("model name \"{source}\" is reserved; predictions skipped"),
            ));
            continue;
        }
        let (id, document, _) = match resolve_document(project, &doc, true) {
            Ok(found) => found,
            Err(message) => {
                skipped.push(issue(None, format!("{message}; predictions skipped")));
                continue;
            }
        };
        let mut records: Vec<SuggestionRecord> = Vec::new();
        for (index, entity) in doc.entities.iter().enumerate() {
            match check_entity_alone(project.schema(), &document, entity) {
                Ok(checked) => {
                    let record = SuggestionRecord {
                        label: checked.entity.label,
                        start: entity.start,
                        end: entity.end,
                        text: document.slice(entity.start, entity.end).unwrap_or_default().to_owned(),
                        score: entity.score,
                        attributes: checked.entity.attributes,
                    };
                    if !records.contains(&record) {
                        records.push(record);
                    }
                }
                Err(message) => skipped.push(issue(
                    Some(entity.describe(index)),
                    format!("{message}; prediction skipped"),
                )),
            }
        }
        records.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        stored += records.len();
        let file = SuggestionFile {
            format: SUGGESTIONS_FORMAT.to_owned(),
            version: SUGGESTIONS_VERSION,
            document: stored_document(&document),
            source: source.clone(),
            suggestions: records,
            relations: Vec::new(),
        };
        atomic_write(
            &project.root().join(suggestion_file_name(&source, &id)),
            file.to_json().as_bytes(),
        )?;
    }
    Ok(stored)
}
