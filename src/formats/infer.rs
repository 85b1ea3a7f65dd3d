//! A label schema generated from the data a user arrives with, so that no
//! one has to write one by hand before importing: every entity label, every
//! relation label with the entity types it joined, and every attribute with
//! the values it took.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::annotations::AttributeValue;
use crate::schema::{AttributeDef, EntityType, LabelSchema, RelationType};

use super::import::read_input_for_inference;
use super::{Format, ImportError};

/// Colours given to the inferred entity types in turn.
const PALETTE: [&str; 12] = [
    "#f4a3a8", "#a8d5f4", "#b5e7a0", "#f9d57e", "#d3b0f5", "#f7b98b", "#9fe0d4", "#e6a8d7", "#c9c9f2", "#e0e39a",
    "#f2c4c4", "#a0c4e0",
];

/// The schema the annotations in `input` (of `format`) need.
pub fn infer_schema(format: Format, input: &Path) -> Result<LabelSchema, ImportError> {
    if !format.can_import() {
        return Err(ImportError::ExportOnly(format));
    }
    let read = read_input_for_inference(format, input)?;
    let mut entities: BTreeSet<String> = BTreeSet::new();
    let mut relations: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut attributes: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>, bool)> = BTreeMap::new();
    for doc in read.documents.iter().chain(&read.predictions) {
        let label_of: HashMap<&str, &str> = doc
            .entities
            .iter()
            .filter_map(|e| Some((e.id.as_deref()?, e.label.as_str())))
            .collect();
        for entity in &doc.entities {
            entities.insert(entity.label.clone());
            for (name, value) in &entity.attributes {
                let (types, values, flag) = attributes.entry(name.clone()).or_default();
                types.insert(entity.label.clone());
                match value {
                    AttributeValue::Flag(_) => *flag = true,
                    AttributeValue::Choice(choice) => {
                        values.insert(choice.clone());
                    }
                }
            }
        }
        for relation in &doc.relations {
            let (heads, tails) = relations.entry(relation.label.clone()).or_default();
            if let Some(head) = label_of.get(relation.head.as_str()) {
                heads.insert((*head).to_owned());
            }
            if let Some(tail) = label_of.get(relation.tail.as_str()) {
                tails.insert((*tail).to_owned());
            }
        }
    }
    let name = input
        .file_stem()
        .map_or_else(|| "inferred".to_owned(), |stem| stem.to_string_lossy().into_owned());
    Ok(LabelSchema {
        name,
        entities: entities
            .into_iter()
            .enumerate()
            .map(|(i, name)| EntityType {
                name,
                color: PALETTE[i % PALETTE.len()].to_owned(),
                hotkey: None,
                description: String::new(),
            })
            .collect(),
        relations: relations
            .into_iter()
            .filter(|(_, (heads, tails))| !heads.is_empty() && !tails.is_empty())
            .map(|(name, (heads, tails))| RelationType {
                name,
                head: heads.into_iter().collect(),
                tail: tails.into_iter().collect(),
                symmetric: false,
                description: String::new(),
            })
            .collect(),
        attributes: attributes
            .into_iter()
            .map(|(name, (types, values, flag))| AttributeDef {
                name,
                entities: types.into_iter().collect(),
                values: (!flag || !values.is_empty()).then(|| values.into_iter().collect()),
            })
            .collect(),
        allow_overlap: true,
    })
}
