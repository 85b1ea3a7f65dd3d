//! The checks over every annotation file of a project.

use serde::Serialize;

use std::collections::HashSet;

use crate::annotations::{AnnotationFile, FileError};
use crate::project::Project;
use crate::text::natural_cmp;

use super::document::check_document;
use super::finding::{Check, Finding, Severity};
use super::inconsistency::{Inconsistency, Occurrence, find_inconsistencies};

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct QaReport {
    /// Errors and warnings, file by file in the order of annotators and
    /// files; inconsistency warnings last.
    pub findings: Vec<Finding>,
    pub inconsistencies: Vec<Inconsistency>,
}

impl QaReport {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_error())
    }

    /// The findings about one document, for the corpus list's filter.
    pub fn for_document<'a>(&'a self, doc_id: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.document == doc_id)
    }
}

/// Runs every check on every annotation file of the project.
pub fn check_project(project: &Project) -> QaReport {
    let mut findings = Vec::new();
    let mut labelled = Vec::new();
    for folder in project.unlisted_folders() {
        findings.push(file_finding(folder, "", "", None, "folder could not be listed".into()));
    }
    // Every text is checked, annotated or not: one that cannot be read or
    // is not UTF-8 is reported by name (and byte position).
    let mut unreadable_texts: HashSet<&str> = HashSet::new();
    for entry in project.documents() {
        let problem = match std::fs::read(&entry.path) {
            Ok(bytes) => std::str::from_utf8(&bytes)
                .err()
                .map(|err| format!("not valid UTF-8 at byte {}", err.valid_up_to())),
            Err(err) => Some(format!("cannot read: {err}")),
        };
        if let Some(message) = problem {
            unreadable_texts.insert(entry.id.as_str());
            findings.push(file_finding(&entry.id, &entry.id, "", None, message));
        }
    }
    for annotator in project.annotators() {
        for file_name in annotation_files(project, &annotator) {
            let doc_id = file_name
                .strip_prefix(&format!("annotations/{annotator}/"))
                .and_then(|rest| rest.strip_suffix(".json"))
                .unwrap_or_default()
                .to_owned();
            let path = project.root().join(&file_name);
            let file = match AnnotationFile::load(&path, &file_name) {
                Ok(file) => file,
                Err(err) => {
                    findings.push(unreadable(&file_name, &annotator, &err));
                    continue;
                }
            };
            let known_document = project.document(&doc_id).is_some();
            let document_of_finding = if known_document { doc_id.as_str() } else { "" };
            if file.annotator != annotator {
                findings.push(file_finding(
                    &file_name,
                    document_of_finding,
                    &annotator,
                    None,
                    format!(
                        "annotator is \"{}\" but the file is in the folder of \"{annotator}\"",
                        file.annotator
                    ),
                ));
            }
            if !known_document {
                findings.push(file_finding(
                    &file_name,
                    "",
                    &annotator,
                    None,
                    format!("no text {doc_id} in the project"),
                ));
                continue;
            }
            if unreadable_texts.contains(doc_id.as_str()) {
                // Reported above, under the text's name.
                continue;
            }
            let document = match project.load_text(&doc_id) {
                Ok(document) => document,
                Err(err) => {
                    findings.push(file_finding(&file_name, &doc_id, &annotator, None, err.to_string()));
                    continue;
                }
            };
            findings.extend(check_document(
                &file_name,
                &annotator,
                &file,
                &document,
                project.schema(),
            ));
            for entity in &file.entities {
                if let Some(text) = document.slice(entity.start, entity.end).filter(|t| !t.is_empty()) {
                    labelled.push((
                        annotator.clone(),
                        text.to_owned(),
                        Occurrence {
                            file: file_name.clone(),
                            document: doc_id.clone(),
                            entity: entity.id.clone(),
                            start: entity.start,
                            end: entity.end,
                            label: entity.label.clone(),
                        },
                    ));
                }
            }
        }
    }
    let (inconsistencies, inconsistent) = find_inconsistencies(labelled);
    findings.extend(inconsistent);
    QaReport {
        findings,
        inconsistencies,
    }
}

fn file_finding(
    file: &str,
    document: &str,
    annotator: &str,
    position: Option<(usize, usize)>,
    message: String,
) -> Finding {
    Finding {
        check: Check::File,
        severity: Severity::Error,
        file: file.to_owned(),
        document: document.to_owned(),
        annotator: annotator.to_owned(),
        item: None,
        span: None,
        position,
        message,
    }
}

fn unreadable(file_name: &str, annotator: &str, err: &FileError) -> Finding {
    match err {
        FileError::Json {
            line, column, message, ..
        } => file_finding(
            file_name,
            "",
            annotator,
            Some((*line, *column)),
            format!(
                "invalid JSON: {}",
                message
                    .strip_suffix(&format!(" at line {line} column {column}"))
                    .unwrap_or(message)
            ),
        ),
        other => {
            let text = other.to_string();
            let message = text
                .strip_prefix(&format!("{file_name}: "))
                .map_or_else(|| text.clone(), str::to_owned);
            file_finding(file_name, "", annotator, None, message)
        }
    }
}

/// Every `*.json` below `annotations/<annotator>/`, as paths relative to the
/// project with `/`, in natural order.
pub fn annotation_files(project: &Project, annotator: &str) -> Vec<String> {
    let base = format!("annotations/{annotator}");
    let mut found = Vec::new();
    let mut pending = vec![project.root().join(&base)];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // A `.json` entry that is not a readable file is reported when it
            // fails to load, never walked into or skipped.
            if !name.ends_with(".json") {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    pending.push(path);
                }
            } else if let Ok(relative) = path.strip_prefix(project.root()) {
                found.push(
                    relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    found.sort_by(|a, b| natural_cmp(a, b));
    found
}

/// The problems that make `validate` fail (the QA errors), as problems.
pub fn project_problems(project: &Project) -> Vec<crate::annotations::Problem> {
    check_project(project)
        .errors()
        .map(|finding| crate::annotations::Problem {
            file: match finding.position {
                Some((line, column)) => format!("{}:{line}:{column}", finding.file),
                None => finding.file.clone(),
            },
            item: finding.item.clone(),
            message: finding.message.clone(),
        })
        .collect()
}
