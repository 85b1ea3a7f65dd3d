//! The built-in recommender: a linear-chain CRF over the shared tokenizer's
//! tokens, BIO-tagged, trained by `crfs` (a pure-Rust port of CRFsuite):
//! by default with its averaged perceptron, which trains ten times faster
//! than its L-BFGS here. Its trainers' cost per pass grows with the number
//! of training instances times the number of features, so a document's
//! sentences are learned in instances of about [`CHUNK_TOKENS`] tokens
//! (sentences holding rejected suggestions apart, weighted up); features
//! mark each sentence's edges.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crfs::train::Trainer;
use crfs::{Attribute, Model};

use crate::formats::suggestions::Suggestion;
use crate::text::Document;

use super::budget::{Candidate, TRAINING_TOKEN_BUDGET, select_within_budget};
use super::dataset::{AnnotatedDocument, Sequence, Span, bio_tags, decode_tags, sequences, spans_per_sequence};
use super::features::sequence_features;
use super::gazetteer::Gazetteer;
use super::marginals::Weights;

/// The source name the built-in recommender's suggestions are stored under.
pub const BUILTIN_SOURCE: &str = "spanwright-tagger";

/// About how many tokens one training instance holds.
pub const CHUNK_TOKENS: usize = 800;

/// How many of a document's least certain tokens its uncertainty averages.
const UNCERTAIN_TOKENS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// Averaged perceptron: fast; scores are its normalised sequence scores.
    Perceptron,
    /// L-BFGS on the CRF likelihood: slower; scores are probabilities.
    Lbfgs,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrainingOptions {
    pub algorithm: Algorithm,
    /// Epochs for the perceptron, iterations for L-BFGS.
    pub max_iterations: usize,
    /// L1 and L2 regularisation.
    pub c1: f64,
    pub c2: f64,
    /// The weight of sentences holding a rejected suggestion: their
    /// "not this" tags count that much more.
    pub rejected_weight: f64,
    /// The project whose cache folder holds the model file while it is
    /// written, on systems without in-memory files (not Linux; see
    /// `model_file`). Without it training there fails, saying why.
    pub project_root: Option<PathBuf>,
    /// The tokens a training learns from at most (see `budget`); `None`
    /// learns from every sentence.
    pub token_budget: Option<usize>,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        Self {
            algorithm: Algorithm::Perceptron,
            max_iterations: 12,
            c1: 0.05,
            c2: 0.01,
            rejected_weight: 3.0,
            project_root: None,
            token_budget: Some(TRAINING_TOKEN_BUDGET),
        }
    }
}

impl TrainingOptions {
    /// The defaults, for training within `project`.
    pub fn for_project(project: &crate::project::Project) -> Self {
        Self {
            project_root: Some(project.root().to_path_buf()),
            ..Self::default()
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("nothing to learn from: the chosen documents hold no entities")]
    NoEntities,
    #[error("training failed: {0}")]
    Training(String),
    #[error("the trained model cannot be used: {0}")]
    Model(String),
}

/// What a training run saw and how long it took.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainingStats {
    pub documents: usize,
    pub sequences: usize,
    pub tokens: usize,
    pub entities: usize,
    /// Entities inside or across another: a BIO tagger cannot hold them.
    pub unencoded: usize,
    /// Sequences weighted up because they hold a rejected suggestion.
    pub with_rejections: usize,
    /// Sentences not learned from, to stay within the token budget.
    pub left_out: usize,
    pub duration: Duration,
}

/// A trained tagger.
#[derive(Clone, Debug)]
pub struct Recommender {
    /// The model file's bytes.
    model: Vec<u8>,
    weights: Weights,
    label_index: std::collections::HashMap<String, usize>,
    gazetteer: Gazetteer,
    pub stats: TrainingStats,
}

/// The suggestions for one document and how unsure the tagger is of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentPrediction {
    pub suggestions: Vec<Suggestion>,
    /// The mean of `1 - p(best tag)` over the document's ten least certain
    /// tokens: 0 when the tagger is sure of every token.
    pub uncertainty: f64,
}

fn training_error(err: impl std::fmt::Display) -> ModelError {
    ModelError::Training(err.to_string())
}

fn model_error(err: impl std::fmt::Display) -> ModelError {
    ModelError::Model(err.to_string())
}

/// A document's index, its sentences, and the entities and the rejected
/// suggestions of each sentence.
type CutDocument = (usize, Vec<Sequence>, Vec<Vec<Span>>, Vec<Vec<Span>>);

/// Trains on `documents`; documents sharing an id (one text, several
/// annotators) count as one for the labelled-elsewhere feature.
pub fn train(documents: &[AnnotatedDocument], options: &TrainingOptions) -> Result<Recommender, ModelError> {
    let started = Instant::now();
    let mut stats = TrainingStats {
        documents: documents.len(),
        ..TrainingStats::default()
    };
    let mut text_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut gazetteer = Gazetteer::default();
    let mut cut: Vec<CutDocument> = Vec::with_capacity(documents.len());
    for annotated in documents {
        let next = text_index.len();
        let index = *text_index.entry(annotated.document.id()).or_insert(next);
        let sequences = sequences(&annotated.document, &annotated.entities);
        let entities = spans_per_sequence(&sequences, &annotated.entities);
        for (sequence, entities) in sequences.iter().zip(&entities) {
            for entity in entities {
                let inside: Vec<usize> = (0..sequence.tokens.len())
                    .filter(|&i| sequence.tokens[i].start < entity.end && sequence.tokens[i].end > entity.start)
                    .collect();
                if let (Some(&first), Some(&last)) = (inside.first(), inside.last()) {
                    gazetteer.add(&sequence.lower[first..=last], &entity.label, index);
                }
            }
        }
        stats.entities += annotated.entities.len();
        let rejected = spans_per_sequence(&sequences, &annotated.rejected);
        cut.push((index, sequences, entities, rejected));
    }
    if stats.entities == 0 {
        return Err(ModelError::NoEntities);
    }
    if let Some(budget) = options.token_budget {
        stats.left_out = keep_within_budget(&mut cut, budget);
    }
    let iterations = options.max_iterations.max(1);
    let folder = options
        .project_root
        .as_deref()
        .map(|root| (root, super::model_file::cache_folder(root)));
    let cache = folder.as_ref().map(|(root, folder)| (*root, folder.as_path()));
    let model = match options.algorithm {
        Algorithm::Perceptron => {
            let mut trainer = Trainer::averaged_perceptron();
            let params = trainer.params_mut();
            params.set_max_iterations(iterations).map_err(training_error)?;
            params.set_shuffle_seed(Some(0x5EED));
            for_each_chunk(&cut, &gazetteer, options, &mut stats, &mut |xseq, tags, weight| {
                trainer.append_with_weight(xseq, tags, weight).map_err(training_error)
            })?;
            drop(cut);
            super::model_file::written_model(cache, |path| trainer.train(path))
        }
        Algorithm::Lbfgs => {
            let mut trainer = Trainer::lbfgs();
            let params = trainer.params_mut();
            params.set_c1(options.c1).map_err(training_error)?;
            params.set_c2(options.c2).map_err(training_error)?;
            params.set_max_iterations(iterations).map_err(training_error)?;
            for_each_chunk(&cut, &gazetteer, options, &mut stats, &mut |xseq, tags, weight| {
                trainer.append_with_weight(xseq, tags, weight).map_err(training_error)
            })?;
            drop(cut);
            super::model_file::written_model(cache, |path| trainer.train(path))
        }
    }
    .map_err(training_error)?;
    let parsed = Model::new(&model).map_err(model_error)?;
    let weights =
        Weights::of(&parsed).ok_or_else(|| ModelError::Model("its weights are not in a known shape".into()))?;
    let label_index = weights.labels.iter().enumerate().map(|(i, l)| (l.clone(), i)).collect();
    stats.duration = started.elapsed();
    Ok(Recommender {
        model,
        weights,
        label_index,
        gazetteer,
        stats,
    })
}

/// Leaves out of `cut` the sentences a training within `budget` tokens
/// does not learn from; returns how many.
fn keep_within_budget(cut: &mut [CutDocument], budget: usize) -> usize {
    let candidates: Vec<Candidate> = cut
        .iter()
        .flat_map(|(_, sequences, _, rejected)| {
            sequences.iter().zip(rejected).map(|(sequence, rejected)| Candidate {
                tokens: sequence.tokens.len(),
                rejected: !rejected.is_empty(),
            })
        })
        .collect();
    let selected = select_within_budget(&candidates, budget);
    let left_out = selected.iter().filter(|&&keep| !keep).count();
    if left_out == 0 {
        return 0;
    }
    let mut keep = selected.into_iter();
    for (_, sequences, entities, rejected) in cut.iter_mut() {
        let mask: Vec<bool> = keep.by_ref().take(sequences.len()).collect();
        retain_by(sequences, &mask);
        retain_by(entities, &mask);
        retain_by(rejected, &mask);
    }
    left_out
}

fn retain_by<T>(items: &mut Vec<T>, mask: &[bool]) {
    let mut flags = mask.iter();
    items.retain(|_| flags.next().copied().unwrap_or(false));
}

/// Gives the trainer one chunk: its tokens' features, tags and weight.
type AppendChunk<'a> = dyn FnMut(&[Vec<Attribute>], &[String], f64) -> Result<(), ModelError> + 'a;

/// Hands the training data to `append` chunk by chunk, each as soon as its
/// features are made: the trainer keeps features as numbers, so a long
/// document's never pile up as strings (hundreds of megabytes at 1 MB).
fn for_each_chunk(
    cut: &[CutDocument],
    gazetteer: &Gazetteer,
    options: &TrainingOptions,
    stats: &mut TrainingStats,
    append: &mut AppendChunk<'_>,
) -> Result<(), ModelError> {
    for (index, sequences, entities, rejected) in cut {
        // [plain sentences, sentences holding a rejected suggestion]
        let mut open: [(Vec<Vec<Attribute>>, Vec<String>); 2] = Default::default();
        for ((sequence, entities), rejected) in sequences.iter().zip(entities).zip(rejected) {
            let (tags, unencoded) = bio_tags(&sequence.tokens, entities);
            stats.unencoded += unencoded;
            let words: Vec<&str> = sequence.words.iter().map(String::as_str).collect();
            let marks = gazetteer.marks(&sequence.lower, Some(*index));
            let rejected = !rejected.is_empty();
            stats.with_rejections += usize::from(rejected);
            let chunk = &mut open[usize::from(rejected)];
            chunk.0.extend(sequence_features(&words, &marks));
            chunk.1.extend(tags);
            if chunk.1.len() >= CHUNK_TOKENS {
                let (xseq, tags) = std::mem::take(chunk);
                append(&xseq, &tags, if rejected { options.rejected_weight } else { 1.0 })?;
            }
            stats.sequences += 1;
            stats.tokens += sequence.tokens.len();
        }
        for ((xseq, tags), weight) in open.into_iter().zip([1.0, options.rejected_weight]) {
            if !xseq.is_empty() {
                append(&xseq, &tags, weight)?;
            }
        }
    }
    Ok(())
}

impl Recommender {
    /// The labels the tagger can give (without their B-/I- prefixes).
    pub fn labels(&self) -> Vec<String> {
        let mut labels: Vec<String> = self
            .weights
            .labels
            .iter()
            .filter_map(|tag| tag.split_once('-').map(|(_, label)| label.to_owned()))
            .collect();
        labels.sort();
        labels.dedup();
        labels
    }

    /// The entities the tagger finds in `document`, each scored with the
    /// lowest marginal probability it gives any of the entity's tokens'
    /// tags.
    pub fn predict(&self, document: &Document) -> Result<DocumentPrediction, ModelError> {
        let model = Model::new(&self.model).map_err(model_error)?;
        let tagger = model.tagger().map_err(model_error)?;
        let mut prediction = DocumentPrediction::default();
        let mut token_doubts: Vec<f64> = Vec::new();
        for sequence in sequences(document, &[]) {
            let words: Vec<&str> = sequence.words.iter().map(String::as_str).collect();
            let marks = self.gazetteer.marks(&sequence.lower, None);
            let xseq = sequence_features(&words, &marks);
            let tags = tagger.tag(&xseq).map_err(model_error)?;
            let marginals = self.weights.marginals(&xseq);
            let best: Vec<f64> = tags
                .iter()
                .enumerate()
                .map(|(t, tag)| {
                    self.label_index
                        .get(*tag)
                        .and_then(|&y| marginals.get(t).and_then(|m| m.get(y)))
                        .copied()
                        .unwrap_or(0.0)
                })
                .collect();
            token_doubts.extend(marginals.iter().map(|m| 1.0 - m.iter().copied().fold(0.0, f64::max)));
            for (first, end, label) in decode_tags(&tags) {
                let start = sequence.tokens[first].start;
                let stop = sequence.tokens[end - 1].end;
                let score = best[first..end].iter().copied().fold(1.0, f64::min).clamp(0.0, 1.0);
                prediction.suggestions.push(Suggestion {
                    source: BUILTIN_SOURCE.to_owned(),
                    label,
                    start,
                    end: stop,
                    text: document.slice(start, stop).unwrap_or_default().to_owned(),
                    score: Some(score),
                    attributes: BTreeMap::new(),
                });
            }
        }
        let mut seen = HashSet::new();
        prediction
            .suggestions
            .retain(|s| seen.insert((s.start, s.end, s.label.clone())));
        token_doubts.sort_by(|a, b| b.total_cmp(a));
        let worst = &token_doubts[..token_doubts.len().min(UNCERTAIN_TOKENS)];
        if !worst.is_empty() {
            prediction.uncertainty = worst.iter().sum::<f64>() / worst.len() as f64;
        }
        Ok(prediction)
    }
}
