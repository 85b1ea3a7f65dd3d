use super::folder::Project;
use crate::annotations::{AnnotationFile, Status, read_json};

/// What the corpus list shows of one document for one annotator, read from
/// the annotation file alone (never the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSummary {
    pub status: Status,
    pub entities: usize,
    pub relations: usize,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
}

impl DocumentSummary {
    pub fn read(project: &Project, annotator: &str, doc_id: &str) -> Self {
        let path = project.annotation_path(annotator, doc_id);
        if !path.exists() {
            return Self {
                status: Status::Todo,
                entities: 0,
                relations: 0,
                error: None,
            };
        }
        let file_name = project.annotation_file_name(annotator, doc_id);
        let counts = read_json(&path, &file_name).and_then(|json| AnnotationFile::counts(&file_name, &json));
        match counts {
            Ok(counts) => Self {
                status: counts.status,
                entities: counts.entities,
                relations: counts.relations,
                error: None,
            },
            Err(err) => Self {
                status: Status::Todo,
                entities: 0,
                relations: 0,
                error: Some(err.to_string()),
            },
        }
    }
}
