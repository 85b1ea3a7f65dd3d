//! Checks every incoming document against the target project before
//! anything is written: its id, its text, and each entity and relation
//! through the same edits the window uses, so an import can never hold what
//! the editor would refuse.

use std::collections::{HashMap, HashSet};

use crate::annotations::{AnnotationFile, AnnotationSet, Edit, Entity, Relation, check_against};
use crate::project::Project;
use crate::schema::LabelSchema;
use crate::text::{Document, sha256_hex};

use super::doc_ids::project_document_id;
use super::incoming::{IncomingDocument, IncomingEntity};
use super::report::Issue;

/// A document that passed its checks (minus any items that did not).
pub(crate) struct CheckedDocument {
    pub id: String,
    pub document: Document,
    /// The project does not have this text yet.
    pub new_text: bool,
    pub set: AnnotationSet,
    pub comment: Option<String>,
    /// The source tool's metadata, stored beside the text.
    pub meta: Option<serde_json::Value>,
}

#[derive(Default)]
pub(crate) struct Checked {
    pub documents: Vec<CheckedDocument>,
    pub problems: Vec<Issue>,
    pub renamed: Vec<(String, String)>,
    pub duplicates: Duplicates,
}

/// Exact duplicates in the input, merged into the first of each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Duplicates {
    /// The same label on the same offsets again.
    pub entities: usize,
    /// The same label between the same two entities again.
    pub relations: usize,
}

/// The project's document for `incoming`, or a new one made from its text.
/// `Err` explains why the document cannot be imported.
pub(crate) fn resolve_document(
    project: &Project,
    incoming: &IncomingDocument,
    must_exist: bool,
) -> Result<(String, Document, bool), String> {
    let id = project_document_id(&incoming.id)?;
    if project.document(&id).is_some() {
        let existing = project.load_text(&id).map_err(|err| err.to_string())?;
        if existing.text() != incoming.text {
            return Err(text_difference(&id, existing.text(), &incoming.text));
        }
        return Ok((id, existing, false));
    }
    if must_exist {
        return Err(format!("the project has no document {id}"));
    }
    if project.root().join(&id).exists() {
        return Err(format!(
            "{id} exists in the project folder but is not a readable text file"
        ));
    }
    let mut bytes = Vec::with_capacity(incoming.text.len() + 3);
    if incoming.bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(incoming.text.as_bytes());
    let document = Document::from_bytes(&id, bytes).map_err(|err| err.to_string())?;
    Ok((id, document, true))
}

fn text_difference(id: &str, ours: &str, theirs: &str) -> String {
    let at = ours.chars().zip(theirs.chars()).take_while(|(a, b)| a == b).count();
    format!(
        "the project's text of {id} differs from the imported text (first difference at character {at}; the project's has {} characters, the import's {})",
        ours.chars().count(),
        theirs.chars().count()
    )
}

/// An entity that passed its checks, and the attributes that did not (each
/// with the reason), which are left out of it.
pub(crate) struct CheckedEntity {
    pub entity: Entity,
    pub attribute_problems: Vec<String>,
}

/// Checks an entity's span, stated text, label and attributes on its own.
pub(crate) fn check_entity_alone(
    schema: &LabelSchema,
    document: &Document,
    entity: &IncomingEntity,
) -> Result<CheckedEntity, String> {
    let len = document.char_len();
    if entity.start >= entity.end {
        return Err(format!("start {} is not before end {}", entity.start, entity.end));
    }
    if entity.end > len {
        return Err(format!(
            "offsets {}..{} run past the end of the text ({len} characters)",
            entity.start, entity.end
        ));
    }
    let actual = document.slice(entity.start, entity.end).unwrap_or_default();
    if let Some(claimed) = &entity.claimed_text
        && claimed != actual
    {
        return Err(format!(
            "stated text {claimed:?} differs from the text at {}..{}: {actual:?}",
            entity.start, entity.end
        ));
    }
    let mut candidate = Entity {
        id: "candidate".into(),
        label: entity.label.clone(),
        start: entity.start,
        end: entity.end,
        attributes: Default::default(),
        note: entity.note.clone(),
        comment: entity.comment.clone(),
    };
    let fits = |candidate: &Entity| {
        let edit = Edit::AddEntity {
            entity: candidate.clone(),
            relations: Vec::new(),
        };
        AnnotationSet::default()
            .apply(&edit, schema, len)
            .map_err(|err| err.to_string())
    };
    fits(&candidate)?;
    let mut attribute_problems = Vec::new();
    for (name, value) in &entity.attributes {
        let mut with_attribute = candidate.clone();
        with_attribute.attributes.insert(name.clone(), value.clone());
        match fits(&with_attribute) {
            Ok(()) => candidate = with_attribute,
            Err(message) => attribute_problems.push(message),
        }
    }
    Ok(CheckedEntity {
        entity: candidate,
        attribute_problems,
    })
}

/// Checks all documents; what fails is reported and left out.
pub(crate) fn check_documents(
    project: &Project,
    annotator: &str,
    incoming: Vec<IncomingDocument>,
    progress: &mut dyn FnMut(usize, usize),
) -> Checked {
    let mut checked = Checked::default();
    let mut seen = HashSet::new();
    let total = incoming.len();
    let mut by_text: Option<HashMap<String, Vec<String>>> = None;
    for (done, mut doc) in incoming.into_iter().enumerate() {
        progress(done, total);
        if doc.match_by_text
            && project_document_id(&doc.id).is_ok_and(|id| project.document(&id).is_none())
            && let Some(id) = same_text(project, &mut by_text, &doc.text)
        {
            doc.id = id;
        }
        let doc_issue = |message: String| Issue::new(doc.file.clone(), doc.line, None, message);
        let (id, document, new_text) = match resolve_document(project, &doc, false) {
            Ok(found) => found,
            Err(message) => {
                checked.problems.push(doc_issue(format!("{message}; document skipped")));
                continue;
            }
        };
        if !seen.insert(id.clone()) {
            checked.problems.push(doc_issue(format!(
                "document {id} appears more than once in the input; this one skipped"
            )));
            continue;
        }
        if id != doc.id {
            checked.renamed.push((doc.id.clone(), id.clone()));
        }
        let set = build_set(
            project.schema(),
            &document,
            &doc,
            &mut checked.problems,
            &mut checked.duplicates,
        );
        let file_name = project.annotation_file_name(annotator, &id);
        let mut file = AnnotationFile::from_set(&set, &document, annotator);
        file.comment.clone_from(&doc.comment);
        let leftovers = check_against(&file_name, &file, &document, project.schema());
        if !leftovers.is_empty() {
            for problem in leftovers {
                checked.problems.push(doc_issue(format!("{problem}; document skipped")));
            }
            continue;
        }
        checked.documents.push(CheckedDocument {
            id,
            document,
            new_text,
            set,
            comment: doc.comment,
            meta: doc.meta,
        });
    }
    progress(total, total);
    checked
}

/// The one project document whose text is exactly `text`, if there is one;
/// the index of texts by hash is built on first use.
fn same_text(project: &Project, index: &mut Option<HashMap<String, Vec<String>>>, text: &str) -> Option<String> {
    let index = index.get_or_insert_with(|| {
        let mut index: HashMap<String, Vec<String>> = HashMap::new();
        for entry in project.documents() {
            if let Ok(document) = project.load_text(&entry.id) {
                index
                    .entry(sha256_hex(document.text().as_bytes()))
                    .or_default()
                    .push(entry.id.clone());
            }
        }
        index
    });
    match index.get(&sha256_hex(text.as_bytes()))?.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

/// The annotation set `doc` describes, built edit by edit; every entity or
/// relation that an edit refuses is reported and left out.
fn build_set(
    schema: &LabelSchema,
    document: &Document,
    doc: &IncomingDocument,
    problems: &mut Vec<Issue>,
    duplicates: &mut Duplicates,
) -> AnnotationSet {
    let issue = |line: Option<usize>, item: String, message: String| {
        Issue::new(doc.file.clone(), line.or(doc.line), Some(item), message)
    };
    let mut set = AnnotationSet::default();
    let len = document.char_len();
    let taken: HashSet<&str> = doc
        .entities
        .iter()
        .filter_map(|e| e.id.as_deref())
        .chain(doc.relations.iter().filter_map(|r| r.id.as_deref()))
        .collect();
    let mut fresh = FreshIds::new(&taken);
    let mut ids: HashMap<&str, Option<String>> = HashMap::new();
    for (index, incoming) in doc.entities.iter().enumerate() {
        let item = incoming.describe(index);
        let mut entity = match check_entity_alone(schema, document, incoming) {
            Ok(checked) => {
                for message in checked.attribute_problems {
                    problems.push(issue(
                        incoming.line,
                        item.clone(),
                        format!("{message}; attribute skipped"),
                    ));
                }
                checked.entity
            }
            Err(message) => {
                problems.push(issue(incoming.line, item, format!("{message}; entity skipped")));
                remember(&mut ids, incoming.id.as_deref(), None);
                continue;
            }
        };
        if let Some(same) = set
            .entities()
            .iter()
            .find(|e| e.start == entity.start && e.end == entity.end && e.label == entity.label)
            && !incoming.id.as_deref().is_some_and(|id| ids.contains_key(id))
        {
            duplicates.entities += 1;
            let same = same.id.clone();
            remember(&mut ids, incoming.id.as_deref(), Some(same));
            continue;
        }
        entity.id = match &incoming.id {
            Some(id) if ids.contains_key(id.as_str()) => {
                problems.push(issue(
                    incoming.line,
                    item,
                    format!("duplicate id \"{id}\"; entity skipped"),
                ));
                continue;
            }
            Some(id) => id.clone(),
            None => fresh.next('e'),
        };
        let edit = Edit::AddEntity {
            entity: entity.clone(),
            relations: Vec::new(),
        };
        match set.apply(&edit, schema, len) {
            Ok(()) => remember(&mut ids, incoming.id.as_deref(), Some(entity.id)),
            Err(err) => {
                problems.push(issue(incoming.line, item, format!("{err}; entity skipped")));
                remember(&mut ids, incoming.id.as_deref(), None);
            }
        }
    }
    for (index, incoming) in doc.relations.iter().enumerate() {
        let item = incoming.describe(index);
        let endpoint = |end: &str, id: &str| match ids.get(id) {
            Some(Some(ours)) => Ok(ours.clone()),
            Some(None) => Err(format!("{end} {id} was skipped; relation skipped")),
            None => Err(format!(
                "{end} \"{id}\" is not an entity of this document; relation skipped"
            )),
        };
        let ends = endpoint("head", &incoming.head).and_then(|head| Ok((head, endpoint("tail", &incoming.tail)?)));
        let (head, tail) = match ends {
            Ok(ends) => ends,
            Err(message) => {
                problems.push(issue(incoming.line, item, message));
                continue;
            }
        };
        if set
            .relations()
            .iter()
            .any(|r| r.label == incoming.label && r.head == head && r.tail == tail)
        {
            duplicates.relations += 1;
            continue;
        }
        let id = match &incoming.id {
            Some(id) if set.entity(id).is_some() || set.relation(id).is_some() => {
                problems.push(issue(
                    incoming.line,
                    item,
                    format!("duplicate id \"{id}\"; relation skipped"),
                ));
                continue;
            }
            Some(id) => id.clone(),
            None => fresh.next('r'),
        };
        let relation = Relation {
            id,
            label: incoming.label.clone(),
            head,
            tail,
            note: incoming.note.clone(),
            comment: incoming.comment.clone(),
        };
        if let Err(err) = set.apply(&Edit::AddRelation(relation), schema, len) {
            problems.push(issue(incoming.line, item, format!("{err}; relation skipped")));
        }
    }
    if let Some(status) = doc.status
        && let Some(edit) = set.set_status_edit(status)
    {
        // Setting a status never fails.
        let _ = set.apply(&edit, schema, len);
    }
    set
}

fn remember<'a>(ids: &mut HashMap<&'a str, Option<String>>, incoming: Option<&'a str>, ours: Option<String>) {
    if let Some(incoming) = incoming {
        ids.insert(incoming, ours);
    }
}

/// Ids for items the input left unnamed, numbered after every id it named.
struct FreshIds<'a> {
    taken: &'a HashSet<&'a str>,
    next: u64,
}

impl<'a> FreshIds<'a> {
    fn new(taken: &'a HashSet<&'a str>) -> Self {
        let number = |id: &str| {
            id.trim_start_matches(|c: char| !c.is_ascii_digit())
                .parse::<u64>()
                .unwrap_or(0)
        };
        let next = taken.iter().map(|id| number(id)).max().unwrap_or(0) + 1;
        Self { taken, next }
    }

    fn next(&mut self, prefix: char) -> String {
        loop {
            let id = format!("{prefix}{}", self.next);
            self.next += 1;
            if !self.taken.contains(id.as_str()) {
                return id;
            }
        }
    }
}
