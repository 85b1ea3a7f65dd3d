//! Storing one source's suggestions for one document, for recommenders
//! that run inside Spanwright (its own tagger, a model server).

use crate::project::{Project, atomic_write_in, check_annotator_name};
use crate::text::Document;

use super::Suggestion;
use super::relations::RelationSuggestion;
use super::store::{
    SUGGESTIONS_FORMAT, SUGGESTIONS_VERSION, SuggestionError, SuggestionFile, SuggestionRecord, stored_document,
    suggestion_file_name,
};

/// Replaces `source`'s suggestions for `document` with `suggestions`
/// (their `source` fields are not read). Writes only when the file changes;
/// returns whether it did.
pub fn save_suggestions(
    project: &Project,
    document: &Document,
    source: &str,
    suggestions: &[Suggestion],
) -> Result<bool, SuggestionError> {
    save_suggestions_with_relations(project, document, source, suggestions, &[])
}

/// [`save_suggestions`] with relations between the suggested (or
/// annotated) spans.
pub fn save_suggestions_with_relations(
    project: &Project,
    document: &Document,
    source: &str,
    suggestions: &[Suggestion],
    relations: &[RelationSuggestion],
) -> Result<bool, SuggestionError> {
    let name = suggestion_file_name(source, document.id());
    if let Err(err) = check_annotator_name(source) {
        return Err(SuggestionError::Unwritable {
            file: name,
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, err.to_string()),
        });
    }
    let mut records: Vec<SuggestionRecord> = suggestions
        .iter()
        .map(|s| SuggestionRecord {
            label: s.label.clone(),
            start: s.start,
            end: s.end,
            text: s.text.clone(),
            score: s.score,
            attributes: s.attributes.clone(),
        })
        .collect();
    records.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    records.dedup_by(|a, b| (a.start, a.end, &a.label) == (b.start, b.end, &b.label));
    let mut relation_records: Vec<_> = relations.iter().map(RelationSuggestion::record).collect();
    relation_records.sort_by(|a, b| (&a.head, &a.tail, &a.label).cmp(&(&b.head, &b.tail, &b.label)));
    relation_records.dedup_by(|a, b| (&a.head, &a.tail, &a.label) == (&b.head, &b.tail, &b.label));
    let records_empty = records.is_empty() && relation_records.is_empty();
    let json = SuggestionFile {
        format: SUGGESTIONS_FORMAT.to_owned(),
        version: SUGGESTIONS_VERSION,
        document: stored_document(document),
        source: source.to_owned(),
        suggestions: records,
        relations: relation_records,
    }
    .to_json();
    let path = project.root().join(&name);
    let existing = std::fs::read(&path);
    // Written only when something changed: the same suggestions, or none
    // where no file was, leave the folder as it is.
    let unchanged = match &existing {
        Ok(old) => old == json.as_bytes(),
        Err(err) => err.kind() == std::io::ErrorKind::NotFound && records_empty,
    };
    if unchanged {
        return Ok(false);
    }
    // Never through a link on the way: the file stays inside the project.
    atomic_write_in(project.root(), &path, json.as_bytes())
        .map_err(|source| SuggestionError::Unwritable { file: name, source })?;
    Ok(true)
}
