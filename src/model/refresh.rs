//! The built-in recommender's suggestions for the open document, as the
//! window asks for them: trained on the annotator's documents with the open
//! one as it is on screen, saved or not. A visit that finds what was found
//! before writes nothing.

use std::collections::HashMap;

use crate::formats::suggestions::{Rejections, save_suggestions};
use crate::project::Project;
use crate::text::Document;

use super::dataset::{AnnotatedDocument, Span, TrainingData, TrainingSelection};
use super::tagger::{BUILTIN_SOURCE, ModelError, TrainingOptions, TrainingStats, train};

/// Documents whose uncertainty is worked out after each training, at most.
pub const RANKED_DOCUMENTS: usize = 500;

/// What one refresh did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refreshed {
    pub stats: TrainingStats,
    /// Suggestions for the open document.
    pub suggestions: usize,
    /// Whether its suggestions file was written (they changed).
    pub written: bool,
    /// Document id → uncertainty (see `DocumentPrediction`).
    pub uncertainty: HashMap<String, f64>,
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// Nothing to learn from yet: not a failure to report loudly.
    #[error(transparent)]
    Untrained(ModelError),
    #[error(transparent)]
    Prediction(ModelError),
    #[error("{0}")]
    Store(String),
}

/// Trains on `annotator`'s documents, `document` counted with `entities`
/// (what the screen shows), and stores the suggestions for `document`.
pub fn refresh_builtin_suggestions(
    project: &Project,
    document: &Document,
    entities: Vec<Span>,
    annotator: &str,
) -> Result<Refreshed, RefreshError> {
    let mut data = TrainingData::load(project, &TrainingSelection::of(vec![annotator.to_owned()]));
    let rejected = Rejections::load(project, document, annotator)
        .map(|r| {
            r.spans()
                .map(|(label, start, end)| Span {
                    start,
                    end,
                    label: label.to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let on_screen = AnnotatedDocument {
        document: document.clone(),
        annotator: annotator.to_owned(),
        entities,
        rejected,
    };
    // The open document keeps its place in project order: the trainer's
    // shuffle depends on the order, and a visit to another document must
    // not change what the same annotations teach it.
    let position = data.documents.iter().position(|d| d.document.id() == document.id());
    match (position, on_screen.entities.is_empty()) {
        (Some(i), false) => data.documents[i] = on_screen,
        (Some(i), true) => {
            data.documents.remove(i);
        }
        (None, false) => {
            let order = |id: &str| project.documents().iter().position(|d| d.id == id);
            let at = data
                .documents
                .iter()
                .position(|d| order(d.document.id()) > order(document.id()))
                .unwrap_or(data.documents.len());
            data.documents.insert(at, on_screen);
        }
        (None, true) => {}
    }
    let recommender =
        train(&data.documents, &TrainingOptions::for_project(project)).map_err(RefreshError::Untrained)?;
    let prediction = recommender.predict(document).map_err(RefreshError::Prediction)?;
    let mut uncertainty = HashMap::new();
    uncertainty.insert(document.id().to_owned(), prediction.uncertainty);
    for entry in project.documents().iter().take(RANKED_DOCUMENTS) {
        if entry.id == document.id() {
            continue;
        }
        if let Ok(text) = project.load_text(&entry.id)
            && let Ok(found) = recommender.predict(&text)
        {
            uncertainty.insert(entry.id.clone(), found.uncertainty);
        }
    }
    let written = save_suggestions(project, document, BUILTIN_SOURCE, &prediction.suggestions)
        .map_err(|err| RefreshError::Store(err.to_string()))?;
    Ok(Refreshed {
        stats: recommender.stats.clone(),
        suggestions: prediction.suggestions.len(),
        written,
        uncertainty,
    })
}
