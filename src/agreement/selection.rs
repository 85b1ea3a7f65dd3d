//! Which annotators an agreement compares: those named, each checked to
//! exist, or every annotator but the curator.

use super::{AgreementReport, Corpus, agreement_report};
use crate::curation::DEFAULT_CURATOR;
use crate::project::Project;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AgreeError {
    #[error("no annotator \"{name}\" in this project (annotators: {known})")]
    UnknownAnnotator { name: String, known: String },
    #[error("--annotators names \"{0}\" twice")]
    Repeated(String),
    #[error("--annotators has an empty name")]
    EmptyName,
}

/// The annotators to compare: those named, each checked to exist, or by
/// default every annotator of the project except the curator `gold`.
pub fn choose_annotators(project: &Project, requested: Option<&[String]>) -> Result<Vec<String>, AgreeError> {
    choose_among(&project.annotators(), requested, DEFAULT_CURATOR)
}

/// The annotators to compare out of `known`: those named, each checked to
/// be known, or by default every known annotator except `curator`.
pub fn choose_among(known: &[String], requested: Option<&[String]>, curator: &str) -> Result<Vec<String>, AgreeError> {
    let Some(requested) = requested else {
        return Ok(known.iter().filter(|a| *a != curator).cloned().collect());
    };
    let mut chosen: Vec<String> = Vec::new();
    for name in requested {
        let name = name.trim();
        if name.is_empty() {
            return Err(AgreeError::EmptyName);
        }
        if !known.iter().any(|k| k == name) {
            return Err(AgreeError::UnknownAnnotator {
                name: name.to_owned(),
                known: if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                },
            });
        }
        if chosen.iter().any(|c| c == name) {
            return Err(AgreeError::Repeated(name.to_owned()));
        }
        chosen.push(name.to_owned());
    }
    Ok(chosen)
}

/// The report of `spanwright agree` for the chosen annotators.
pub fn agree_report(project: &Project, requested: Option<&[String]>) -> Result<AgreementReport, AgreeError> {
    let annotators = choose_annotators(project, requested)?;
    Ok(agreement_report(&Corpus::load(project, &annotators), project.schema()))
}
