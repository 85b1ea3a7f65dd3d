//! Counts of documents, entities and relations per label and per annotator.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Project;
use crate::annotations::AnnotationFile;

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct ProjectStats {
    pub documents: usize,
    /// Documents with at least one annotation file holding an entity.
    pub annotated_documents: usize,
    pub annotators: BTreeMap<String, AnnotatorStats>,
    pub entities_per_label: BTreeMap<String, usize>,
    pub relations_per_label: BTreeMap<String, usize>,
    /// Annotation files that could not be read, with the reason.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct AnnotatorStats {
    pub documents: usize,
    pub done: usize,
    pub entities: usize,
    pub relations: usize,
    pub entities_per_label: BTreeMap<String, usize>,
    pub relations_per_label: BTreeMap<String, usize>,
}

pub fn project_stats(project: &Project) -> ProjectStats {
    let mut stats = ProjectStats {
        documents: project.documents().len(),
        ..ProjectStats::default()
    };
    let annotators = project.annotators();
    for document in project.documents() {
        let mut annotated = false;
        for annotator in &annotators {
            let path = project.annotation_path(annotator, &document.id);
            if !path.exists() {
                continue;
            }
            let file = match AnnotationFile::load(&path, &project.annotation_file_name(annotator, &document.id)) {
                Ok(file) => file,
                Err(err) => {
                    stats.unreadable.push(err.to_string());
                    continue;
                }
            };
            annotated |= !file.entities.is_empty();
            let per_annotator = stats.annotators.entry(annotator.clone()).or_default();
            per_annotator.documents += 1;
            per_annotator.done += usize::from(file.status.is_finished());
            per_annotator.entities += file.entities.len();
            per_annotator.relations += file.relations.len();
            for entity in &file.entities {
                *per_annotator
                    .entities_per_label
                    .entry(entity.label.clone())
                    .or_default() += 1;
                *stats.entities_per_label.entry(entity.label.clone()).or_default() += 1;
            }
            for relation in &file.relations {
                *per_annotator
                    .relations_per_label
                    .entry(relation.label.clone())
                    .or_default() += 1;
                *stats.relations_per_label.entry(relation.label.clone()).or_default() += 1;
            }
        }
        stats.annotated_documents += usize::from(annotated);
    }
    stats
}
