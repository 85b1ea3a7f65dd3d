//! The documents agreement is measured on: for each document, the tokens of
//! its text and the annotation set of each chosen annotator who has a file
//! for it.

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
    /// Reads the files of `annotators` for every document of the project.
    pub fn load(project: &Project, annotators: &[String]) -> Self {
        let mut corpus = Self {
            annotators: annotators.to_vec(),
            ..Self::default()
        };
        for entry in project.documents() {
            let file_name = |annotator: &str| project.annotation_file_name(annotator, &entry.id);
            let present: Vec<&String> = annotators
                .iter()
                .filter(|a| project.annotation_path(a, &entry.id).exists())
                .collect();
            let document = if present.is_empty() {
                None
            } else {
                match project.load_text(&entry.id) {
                    Ok(document) => Some(document),
                    Err(err) => {
                        corpus.skipped.push(Problem {
                            file: entry.id.clone(),
                            item: None,
                            message: format!("left out: {err}"),
                        });
                        continue;
                    }
                }
            };
            let Some(document) = document else {
                corpus.documents.push(CorpusDocument {
                    id: entry.id.clone(),
                    tokens: Vec::new(),
                    sources: Vec::new(),
                });
                continue;
            };
            let mut sources = Vec::new();
            for annotator in present {
                let name = file_name(annotator);
                let file = match AnnotationFile::load(&project.annotation_path(annotator, &entry.id), &name) {
                    Ok(file) => file,
                    Err(err) => {
                        corpus.skipped.push(Problem {
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
                    corpus.skipped.push(Problem {
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
            corpus.documents.push(CorpusDocument::new(&document, sources));
        }
        corpus
    }
}

fn first_message(problem: &Problem) -> String {
    match &problem.item {
        Some(item) => format!("{item}: {}", problem.message),
        None => problem.message.clone(),
    }
}
