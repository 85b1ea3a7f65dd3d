//! Whether the recommender helps: cross-validated precision, recall and F1
//! per label and overall (exact span and label), and a learning curve.
//! Folds are made of documents, never of sentences, so a text is never
//! both trained on and tested on.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::dataset::{AnnotatedDocument, Span};
use super::tagger::{ModelError, TrainingOptions, train};

/// Shares of the training documents the learning curve is measured at.
pub const CURVE_PERCENTS: [usize; 4] = [25, 50, 75, 100];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    pub per_label: BTreeMap<String, Counts>,
    pub overall: Counts,
}

impl Scores {
    /// Counts `predicted` against `gold`: a prediction is right when its
    /// span and label are those of a gold entity.
    pub fn count(&mut self, gold: &[Span], predicted: &[Span]) {
        for p in predicted {
            let hit = gold.contains(p);
            let counts = self.per_label.entry(p.label.clone()).or_default();
            if hit {
                counts.true_positives += 1;
            } else {
                counts.false_positives += 1;
            }
        }
        for g in gold.iter().filter(|g| !predicted.contains(g)) {
            self.per_label.entry(g.label.clone()).or_default().false_negatives += 1;
        }
        self.overall = Counts::default();
        for counts in self.per_label.values() {
            self.overall.add(*counts);
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    pub percent: usize,
    pub f1: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossValidation {
    /// The document ids of each fold's test part.
    pub folds: Vec<Vec<String>>,
    pub scores: Scores,
    pub learning_curve: Vec<CurvePoint>,
    /// The longest training on a full training part, and its size.
    #[serde(serialize_with = "seconds")]
    pub longest_training: Duration,
    pub longest_training_sequences: usize,
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

#[derive(Debug, thiserror::Error)]
pub enum EvaluationError {
    #[error("cross-validation needs at least 2 annotated documents; the selection has {0}")]
    TooFewDocuments(usize),
    #[error("--folds must be at least 2")]
    TooFewFolds,
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// `folds`-fold cross-validation over `documents` (fewer folds when there
/// are fewer distinct documents). Document `i` (in order of first
/// appearance) is in fold `i % folds`.
pub fn cross_validate(
    documents: &[AnnotatedDocument],
    folds: usize,
    options: &TrainingOptions,
) -> Result<CrossValidation, EvaluationError> {
    if folds < 2 {
        return Err(EvaluationError::TooFewFolds);
    }
    let mut ids: Vec<&str> = Vec::new();
    for d in documents {
        if !ids.contains(&d.document.id()) {
            ids.push(d.document.id());
        }
    }
    if ids.len() < 2 {
        return Err(EvaluationError::TooFewDocuments(ids.len()));
    }
    let folds = folds.min(ids.len());
    let fold_of = |id: &str| ids.iter().position(|i| *i == id).unwrap_or(0) % folds;
    let mut result = CrossValidation {
        folds: (0..folds)
            .map(|f| {
                ids.iter()
                    .enumerate()
                    .filter(|(i, _)| i % folds == f)
                    .map(|(_, id)| (*id).to_owned())
                    .collect()
            })
            .collect(),
        scores: Scores::default(),
        learning_curve: Vec::new(),
        longest_training: Duration::ZERO,
        longest_training_sequences: 0,
    };
    let mut curve: BTreeMap<usize, Scores> = BTreeMap::new();
    for fold in 0..folds {
        let (test, training): (Vec<&AnnotatedDocument>, Vec<&AnnotatedDocument>) =
            documents.iter().partition(|d| fold_of(d.document.id()) == fold);
        let training_ids: Vec<&str> = ids.iter().copied().filter(|id| fold_of(id) != fold).collect();
        for percent in CURVE_PERCENTS {
            let keep = (training_ids.len() * percent).div_ceil(100).max(1);
            let kept = &training_ids[..keep.min(training_ids.len())];
            let subset: Vec<AnnotatedDocument> = training
                .iter()
                .filter(|d| kept.contains(&d.document.id()))
                .map(|d| (*d).clone())
                .collect();
            let recommender = match train(&subset, options) {
                Ok(recommender) => Some(recommender),
                Err(ModelError::NoEntities) => None,
                Err(err) => return Err(err.into()),
            };
            if let Some(recommender) = &recommender
                && percent == 100
                && recommender.stats.duration > result.longest_training
            {
                result.longest_training = recommender.stats.duration;
                result.longest_training_sequences = recommender.stats.sequences;
            }
            let scores = curve.entry(percent).or_default();
            for document in &test {
                let predicted: Vec<Span> = match &recommender {
                    Some(recommender) => recommender
                        .predict(&document.document)?
                        .suggestions
                        .into_iter()
                        .map(Span::from)
                        .collect(),
                    None => Vec::new(),
                };
                scores.count(&document.entities, &predicted);
                if percent == 100 {
                    result.scores.count(&document.entities, &predicted);
                }
            }
        }
    }
    result.learning_curve = curve
        .into_iter()
        .map(|(percent, scores)| CurvePoint {
            percent,
            f1: scores.overall.f1(),
        })
        .collect();
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: &str) -> Span {
        Span {
            start,
            end,
            label: label.to_owned(),
        }
    }

    #[test]
    fn exact_span_and_label_count() {
        let mut scores = Scores::default();
        scores.count(
            &[span(0, 5, "PERSON"), span(10, 15, "ORG")],
            &[span(0, 5, "PERSON"), span(10, 14, "ORG"), span(20, 25, "ORG")],
        );
        assert_eq!(scores.overall.true_positives, 1);
        assert_eq!(scores.overall.false_positives, 2);
        assert_eq!(scores.overall.false_negatives, 1);
        assert_eq!(scores.per_label["PERSON"].f1(), 1.0);
        assert!((scores.overall.f1() - 0.4).abs() < 1e-9);
    }
}
