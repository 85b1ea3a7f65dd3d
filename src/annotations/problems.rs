//! What is wrong with an annotation file measured against its text and the
//! schema: each problem names the file and the entity or relation.

use std::collections::HashSet;

use super::edit::check_attribute;
use super::file::AnnotationFile;
use crate::schema::LabelSchema;
use crate::text::Document;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The entity or relation id, when the problem is about one.
    pub item: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.item {
            Some(item) => write!(f, "{}: {}: {}", self.file, item, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem of `file` (named `file_name` in messages) against the
/// document and the schema; empty when the file is sound.
pub fn check_against(
    file_name: &str,
    file: &AnnotationFile,
    document: &Document,
    schema: &LabelSchema,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut report = |item: Option<&str>, message: String| {
        problems.push(Problem {
            file: file_name.to_owned(),
            item: item.map(str::to_owned),
            message,
        });
    };

    if file.document.id != document.id() {
        report(
            None,
            format!(
                "document id is \"{}\" but the file belongs to \"{}\"",
                file.document.id,
                document.id()
            ),
        );
    }
    if file.document.sha256 != document.sha256() {
        report(
            None,
            format!(
                "the text of {} changed since it was annotated (sha256 {} on disk, {} stored)",
                document.id(),
                short(document.sha256()),
                short(&file.document.sha256)
            ),
        );
    }
    if file.document.length != document.char_len() {
        report(
            None,
            format!(
                "stored length {} differs from the text's {} characters",
                file.document.length,
                document.char_len()
            ),
        );
    }

    let mut ids = HashSet::new();
    let mut spans = HashSet::new();
    for entity in &file.entities {
        let id = Some(entity.id.as_str());
        if !ids.insert(entity.id.as_str()) {
            report(id, format!("duplicate id \"{}\"", entity.id));
        }
        if schema.entity(&entity.label).is_none() {
            report(id, format!("unknown label \"{}\"", entity.label));
        }
        if entity.start >= entity.end {
            report(id, format!("start {} is not before end {}", entity.start, entity.end));
        } else if entity.end > document.char_len() {
            report(
                id,
                format!(
                    "offsets {}..{} run past the end of the text ({} characters)",
                    entity.start,
                    entity.end,
                    document.char_len()
                ),
            );
        } else if let Some(actual) = document.slice(entity.start, entity.end)
            && actual != entity.text
        {
            report(
                id,
                format!(
                    "stored text {:?} differs from the text at {}..{}: {:?}",
                    entity.text, entity.start, entity.end, actual
                ),
            );
        }
        if !spans.insert((entity.start, entity.end, entity.label.as_str())) {
            report(
                id,
                format!("duplicate entity {} {}..{}", entity.label, entity.start, entity.end),
            );
        }
        if schema.entity(&entity.label).is_some() {
            for (name, value) in &entity.attributes {
                if let Err(err) = check_attribute(schema, &entity.label, name, value) {
                    report(id, err.to_string());
                }
            }
        }
    }
    if !schema.allow_overlap {
        let mut sorted: Vec<_> = file.entities.iter().filter(|e| e.start < e.end).collect();
        sorted.sort_by_key(|e| (e.start, e.end));
        // Compared with the earlier entity that reaches furthest, not just the
        // previous one, so an entity inside a long one is never missed.
        let mut furthest: Option<&super::file::EntityRecord> = None;
        for entity in sorted {
            if let Some(earlier) = furthest
                && entity.start < earlier.end
            {
                report(
                    Some(&entity.id),
                    format!(
                        "overlaps {} but the schema does not allow overlapping entities",
                        earlier.id
                    ),
                );
            }
            if furthest.is_none_or(|earlier| entity.end > earlier.end) {
                furthest = Some(entity);
            }
        }
    }

    let labels: std::collections::HashMap<&str, &str> = file
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.label.as_str()))
        .collect();
    for relation in &file.relations {
        let id = Some(relation.id.as_str());
        if !ids.insert(relation.id.as_str()) {
            report(id, format!("duplicate id \"{}\"", relation.id));
        }
        let head = labels.get(relation.head.as_str());
        let tail = labels.get(relation.tail.as_str());
        for (end, entity_id, label) in [("head", &relation.head, head), ("tail", &relation.tail, tail)] {
            if label.is_none() {
                report(id, format!("{end} \"{entity_id}\" is not an entity of this file"));
            }
        }
        match schema.relation(&relation.label) {
            None => report(id, format!("unknown relation label \"{}\"", relation.label)),
            Some(relation_type) => {
                if let (Some(head), Some(tail)) = (head, tail)
                    && !relation_type.allows(head, tail)
                {
                    report(id, format!("{} does not allow {head} → {tail}", relation.label));
                }
            }
        }
        if relation.head == relation.tail {
            report(id, "head and tail are the same entity".to_owned());
        }
    }
    problems
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
