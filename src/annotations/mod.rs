//! Annotations of one document by one annotator, the edits that change them,
//! and the JSON file they live in.

mod edit;
mod file;
mod history;
mod model;
mod problems;
mod set;

pub use edit::{Edit, EditError};
pub use file::{
    AnnotationFile, EntityRecord, FORMAT_NAME, FORMAT_VERSION, FileCounts, FileError, RelationRecord, StoredDocument,
    read_json, repeated_entity_file,
};
pub use history::History;
pub use model::{AttributeValue, Entity, Relation, Status};
pub use problems::{Problem, check_against};
pub use set::AnnotationSet;
