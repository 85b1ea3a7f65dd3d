//! Agreement over a corpus: per pair of annotators, over all of them, per
//! document, and the tables behind the plots.
//!
//! Which documents count:
//! - a pair: the documents both annotators have a file for;
//! - Fleiss' kappa: the documents every chosen annotator has a file for
//!   (it needs the same raters on every unit);
//! - Krippendorff's alpha: every document at least two annotators have a
//!   file for; an annotator without a file for a document is missing data
//!   on its tokens, not `O`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::compare::Comparison;
use super::corpus::{Corpus, CorpusDocument};
use super::keys::{relation_keys, span_keys};
use super::matching::{MatchCounts, add_counts, exact_span_matches, lenient_span_matches, overall, relation_matches};
use super::statistics::{cohen_kappa, fleiss_kappa, krippendorff_alpha_nominal};
use super::token_labels::{OUTSIDE, token_labels};
use crate::schema::LabelSchema;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementReport {
    pub annotators: Vec<String>,
    /// One entry per pair of annotators, in the order they were given.
    pub pairs: Vec<PairAgreement>,
    /// `null` with fewer than two annotators, no shared documents, or a
    /// single label on every token.
    pub fleiss_kappa: Option<f64>,
    /// Documents every annotator has a file for.
    pub fleiss_documents: usize,
    pub krippendorff_alpha: Option<f64>,
    /// Documents at least two annotators have a file for.
    pub alpha_documents: usize,
    pub documents: Vec<DocumentAgreement>,
    /// Entities per label for each annotator, over all their documents.
    pub label_distribution: BTreeMap<String, BTreeMap<String, usize>>,
    /// Files left out, each with its reason.
    pub skipped: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairAgreement {
    pub a: String,
    pub b: String,
    /// Documents both have a file for.
    pub documents: usize,
    /// Tokens of those documents: the units of `cohen_kappa`.
    pub tokens: usize,
    pub span_f1: Option<f64>,
    pub span_f1_lenient: Option<f64>,
    pub cohen_kappa: Option<f64>,
    pub relation_f1: Option<f64>,
    /// Entity labels either annotator used.
    pub per_label: BTreeMap<String, LabelAgreement>,
    pub relation_per_label: BTreeMap<String, LabelAgreement>,
}

/// Agreement on one label between annotators `a` and `b`. Precision and
/// recall take `a` as the reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelAgreement {
    pub f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f1_lenient: Option<f64>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    /// Count of `a`'s items with this label.
    pub a: usize,
    pub b: usize,
    pub matched: usize,
}

impl LabelAgreement {
    fn new(exact: MatchCounts, lenient: Option<MatchCounts>) -> Self {
        Self {
            f1: exact.f1(),
            f1_lenient: lenient.and_then(|c| c.f1()),
            precision: exact.precision(),
            recall: exact.recall(),
            a: exact.a,
            b: exact.b,
            matched: exact.matched,
        }
    }
}

/// Agreement on one document, for the corpus list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentAgreement {
    pub id: String,
    /// The chosen annotators with a file for it.
    pub annotators: Vec<String>,
    /// Span F1 pooled over every pair of those annotators.
    pub span_f1: Option<f64>,
    pub span_f1_lenient: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    /// Places where the annotators differ (see [`Comparison`]).
    pub disagreements: usize,
}

/// Token-level label counts between two annotators over the documents they
/// share: `counts[i][j]` tokens are `labels[i]` for `a` and `labels[j]` for
/// `b`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfusionMatrix {
    pub a: String,
    pub b: String,
    /// Entity labels in alphabetical order, then `O`.
    pub labels: Vec<String>,
    pub counts: Vec<Vec<usize>>,
}

/// Token labels of every source of every document, as category numbers.
struct Labelled {
    /// `per_document[d][s]`: labels of source `s` of document `d`.
    per_document: Vec<Vec<Vec<usize>>>,
}

impl Labelled {
    fn new(corpus: &Corpus) -> Self {
        let mut categories: HashMap<String, usize> = HashMap::new();
        let mut per_document = Vec::with_capacity(corpus.documents.len());
        for document in &corpus.documents {
            let mut per_source = Vec::with_capacity(document.sources.len());
            for source in &document.sources {
                let labels = token_labels(&document.tokens, &source.set)
                    .into_iter()
                    .map(|label| {
                        let next = categories.len();
                        *categories.entry(label.to_owned()).or_insert(next)
                    })
                    .collect();
                per_source.push(labels);
            }
            per_document.push(per_source);
        }
        Self { per_document }
    }

    fn of(&self, corpus: &Corpus, document: usize, annotator: &str) -> Option<&[usize]> {
        let position = corpus.documents[document]
            .sources
            .iter()
            .position(|s| s.annotator == annotator)?;
        Some(&self.per_document[document][position])
    }
}

pub fn agreement_report(corpus: &Corpus, schema: &LabelSchema) -> AgreementReport {
    let labelled = Labelled::new(corpus);
    let mut pairs = Vec::new();
    for (i, a) in corpus.annotators.iter().enumerate() {
        for b in &corpus.annotators[i + 1..] {
            pairs.push(pair_agreement(corpus, &labelled, schema, a, b));
        }
    }

    let everyone = corpus.annotators.len();
    let fleiss_units: Vec<Vec<usize>> = (0..corpus.documents.len())
        .filter(|&d| everyone >= 2 && labelled.per_document[d].len() == everyone)
        .flat_map(|d| units_of(&labelled.per_document[d]))
        .collect();
    let fleiss_documents = (0..corpus.documents.len())
        .filter(|&d| everyone >= 2 && labelled.per_document[d].len() == everyone)
        .count();
    let alpha_documents: Vec<usize> = (0..corpus.documents.len())
        .filter(|&d| labelled.per_document[d].len() >= 2)
        .collect();
    let alpha_units: Vec<Vec<usize>> = alpha_documents
        .iter()
        .flat_map(|&d| units_of(&labelled.per_document[d]))
        .collect();

    AgreementReport {
        annotators: corpus.annotators.clone(),
        pairs,
        fleiss_kappa: fleiss_kappa(&fleiss_units),
        fleiss_documents,
        krippendorff_alpha: krippendorff_alpha_nominal(&alpha_units),
        alpha_documents: alpha_documents.len(),
        documents: corpus
            .documents
            .iter()
            .enumerate()
            .map(|(d, document)| document_agreement(document, &labelled.per_document[d], schema))
            .collect(),
        label_distribution: label_distribution(corpus),
        skipped: corpus.skipped.iter().map(ToString::to_string).collect(),
    }
}

/// Unit `t` holds every source's label of token `t`.
fn units_of(per_source: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let tokens = per_source.first().map_or(0, Vec::len);
    (0..tokens)
        .map(|t| per_source.iter().map(|labels| labels[t]).collect())
        .collect()
}

fn pair_agreement(corpus: &Corpus, labelled: &Labelled, schema: &LabelSchema, a: &str, b: &str) -> PairAgreement {
    let mut exact = BTreeMap::new();
    let mut lenient = BTreeMap::new();
    let mut relations = BTreeMap::new();
    let mut labels_a = Vec::new();
    let mut labels_b = Vec::new();
    let mut documents = 0;
    for (d, document) in corpus.documents.iter().enumerate() {
        let (Some(source_a), Some(source_b)) = (document.source(a), document.source(b)) else {
            continue;
        };
        documents += 1;
        let (spans_a, spans_b) = (span_keys(&source_a.set), span_keys(&source_b.set));
        add_counts(&mut exact, exact_span_matches(&spans_a, &spans_b));
        add_counts(&mut lenient, lenient_span_matches(&spans_a, &spans_b));
        add_counts(
            &mut relations,
            relation_matches(
                &relation_keys(&source_a.set, schema),
                &relation_keys(&source_b.set, schema),
            ),
        );
        labels_a.extend_from_slice(labelled.of(corpus, d, a).unwrap_or_default());
        labels_b.extend_from_slice(labelled.of(corpus, d, b).unwrap_or_default());
    }
    let per_label = exact
        .iter()
        .map(|(label, counts)| {
            let lenient_counts = lenient.get(label).copied();
            (label.clone(), LabelAgreement::new(*counts, lenient_counts))
        })
        .collect();
    let relation_per_label = relations
        .iter()
        .map(|(label, counts)| (label.clone(), LabelAgreement::new(*counts, None)))
        .collect();
    PairAgreement {
        a: a.to_owned(),
        b: b.to_owned(),
        documents,
        tokens: labels_a.len(),
        span_f1: overall(&exact).f1(),
        span_f1_lenient: overall(&lenient).f1(),
        cohen_kappa: cohen_kappa(&labels_a, &labels_b),
        relation_f1: overall(&relations).f1(),
        per_label,
        relation_per_label,
    }
}

fn document_agreement(document: &CorpusDocument, labels: &[Vec<usize>], schema: &LabelSchema) -> DocumentAgreement {
    let mut exact = MatchCounts::default();
    let mut lenient = MatchCounts::default();
    let keys: Vec<_> = document.sources.iter().map(|s| span_keys(&s.set)).collect();
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            exact.add(overall(&exact_span_matches(a, b)));
            lenient.add(overall(&lenient_span_matches(a, b)));
        }
    }
    let disagreements = if document.sources.len() >= 2 {
        Comparison::new(&document.sources, schema).disagreements.len()
    } else {
        0
    };
    let alpha = if labels.len() >= 2 {
        krippendorff_alpha_nominal(&units_of(labels))
    } else {
        None
    };
    DocumentAgreement {
        id: document.id.clone(),
        annotators: document.sources.iter().map(|s| s.annotator.clone()).collect(),
        span_f1: exact.f1(),
        span_f1_lenient: lenient.f1(),
        krippendorff_alpha: alpha,
        disagreements,
    }
}

fn label_distribution(corpus: &Corpus) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut distribution: BTreeMap<String, BTreeMap<String, usize>> =
        corpus.annotators.iter().map(|a| (a.clone(), BTreeMap::new())).collect();
    for document in &corpus.documents {
        for source in &document.sources {
            let counts = distribution.entry(source.annotator.clone()).or_default();
            for entity in source.set.entities() {
                *counts.entry(entity.label.clone()).or_default() += 1;
            }
        }
    }
    distribution
}

/// The token-level confusion matrix of annotators `a` and `b`; `None` when
/// they share no document.
pub fn confusion_matrix(corpus: &Corpus, a: &str, b: &str) -> Option<ConfusionMatrix> {
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut shared = false;
    for document in &corpus.documents {
        let (Some(source_a), Some(source_b)) = (document.source(a), document.source(b)) else {
            continue;
        };
        shared = true;
        let labels_a = token_labels(&document.tokens, &source_a.set);
        let labels_b = token_labels(&document.tokens, &source_b.set);
        for (x, y) in labels_a.into_iter().zip(labels_b) {
            *pairs.entry((x.to_owned(), y.to_owned())).or_default() += 1;
        }
    }
    if !shared {
        return None;
    }
    let mut labels: Vec<String> = pairs
        .keys()
        .flat_map(|(x, y)| [x.clone(), y.clone()])
        .filter(|l| l != OUTSIDE)
        .collect();
    labels.sort();
    labels.dedup();
    labels.push(OUTSIDE.to_owned());
    let index: HashMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
    let mut counts = vec![vec![0; labels.len()]; labels.len()];
    for ((x, y), count) in &pairs {
        counts[index[x.as_str()]][index[y.as_str()]] += count;
    }
    Some(ConfusionMatrix {
        a: a.to_owned(),
        b: b.to_owned(),
        labels,
        counts,
    })
}
