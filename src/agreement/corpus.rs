//! The documents agreement is measured on: for each document, the tokens of
//! its text and the annotation set of each chosen annotator who has a file
//! for it.

use rayon::prelude::*;

use crate::annotations::{AnnotationFile, Problem, check_against};
use crate::project::Project;
use crate::text::{Document, Token, tokenize};

use super::compare::Source;

#[derive(Clone, Debug)]
pub struct CorpusDocument {
    pub id: String,
    pub tokens: Vec<Token>,
    /// Annotators with a file for this document, in the corpus's order.
    pub sources: Vec<Source>,
}

impl CorpusDocument {
    pub fn new(document: &Document, sources: Vec<Source>) -> Self {
        Self {
            id: document.id().to_owned(),
            tokens: tokenize(document.text()),
            sources,
        }
    }

    pub fn source(&self, annotator: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.annotator == annotator)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub annotators: Vec<String>,
    /// Every document of the project, in its order, with or without sources.
    pub documents: Vec<CorpusDocument>,
    /// Files left out, with the reason: unreadable, or failing their checks
    /// (offsets that do not fit the text would make every number wrong).
    pub skipped: Vec<Problem>,
}

impl Corpus {
    /// Reads the files of `annotators` for every document of the project,
    /// several documents at a time; the result is in the project's order.
    pub fn load(project: &Project, annotators: &[String]) -> Self {
        let loaded: Vec<(Option<CorpusDocument>, Vec<Problem>)> = project
            .documents()
            .par_iter()
            .map(|entry| load_document(project, annotators, &entry.id))
            .collect();
        let mut corpus = Self {
            annotators: annotators.to_vec(),
            ..Self::default()
        };
        for (document, skipped) in loaded {
            corpus.skipped.extend(skipped);
            corpus.documents.extend(document);
        }
        corpus
    }
}

/// One document with the sources that pass their checks, and the files
/// left out; no document when its text cannot be read.
fn load_document(project: &Project, annotators: &[String], id: &str) -> (Option<CorpusDocument>, Vec<Problem>) {
    let mut skipped = Vec::new();
    let present: Vec<&String> = annotators
        .iter()
        .filter(|a| project.annotation_path(a, id).exists())
        .collect();
    if present.is_empty() {
        let empty = CorpusDocument {
            id: id.to_owned(),
            tokens: Vec::new(),
            sources: Vec::new(),
        };
        return (Some(empty), skipped);
    }
    let document = match project.load_text(id) {
        Ok(document) => document,
        Err(err) => {
            skipped.push(Problem {
                file: id.to_owned(),
                item: None,
                message: format!("left out: {err}"),
            });
            return (None, skipped);
        }
    };
    let mut sources = Vec::new();
    for annotator in present {
        let name = project.annotation_file_name(annotator, id);
        let file = match AnnotationFile::load(&project.annotation_path(annotator, id), &name) {
            Ok(file) => file,
            Err(err) => {
                skipped.push(Problem {
                    file: name,
                    item: None,
                    message: format!("left out: {err}"),
                });
                continue;
            }
        };
        let problems = check_against(&name, &file, &document, project.schema());
        if let Some(first) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more problems)", n - 1),
            };
            skipped.push(Problem {
                file: name,
                item: None,
                message: format!("left out: {}{more}", first_message(first)),
            });
            continue;
        }
        sources.push(Source {
            annotator: annotator.clone(),
            set: file.to_set(),
        });
    }
    (Some(CorpusDocument::new(&document, sources)), skipped)
}

fn first_message(problem: &Problem) -> String {
    match &problem.item {
        Some(item) => format!("{item}: {}", problem.message),
        None => problem.message.clone(),
    }
}
