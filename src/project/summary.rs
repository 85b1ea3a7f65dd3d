use super::folder::Project;
use crate::annotations::{AnnotationFile, FileError, Status};

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
        let counts = std::fs::read_to_string(&path)
            .map_err(|source| FileError::Unreadable {
                file: file_name.clone(),
                source,
            })
            .and_then(|json| AnnotationFile::counts(&file_name, &json));
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
