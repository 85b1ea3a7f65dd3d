//! The label schema: entity types, relation types and attributes.

mod label_schema;
mod validate;

pub use label_schema::{AttributeDef, EntityType, LabelSchema, RelationType, SchemaError};
pub use validate::SchemaProblem;
