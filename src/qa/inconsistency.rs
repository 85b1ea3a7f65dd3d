//! The same text labelled differently by one annotator across the corpus.

use std::collections::BTreeMap;

use serde::Serialize;

use super::finding::{Check, Finding, Severity};

/// One labelled occurrence of a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    pub file: String,
    pub document: String,
    pub entity: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// A text one annotator labelled in more than one way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inconsistency {
    pub annotator: String,
    pub text: String,
    /// How often each label was given to this text.
    pub labels: BTreeMap<String, usize>,
    /// The label given most often (the alphabetically first on a tie).
    pub usual_label: String,
    pub occurrences: Vec<Occurrence>,
}

/// Groups `(annotator, text, occurrence)` triples into inconsistencies, in
/// order of annotator and text, with one warning for each occurrence that
/// does not carry the usual label.
pub fn find_inconsistencies(
    labelled: impl IntoIterator<Item = (String, String, Occurrence)>,
) -> (Vec<Inconsistency>, Vec<Finding>) {
    let mut grouped: BTreeMap<(String, String), Vec<Occurrence>> = BTreeMap::new();
    for (annotator, text, occurrence) in labelled {
        grouped.entry((annotator, text)).or_default().push(occurrence);
    }
    let mut inconsistencies = Vec::new();
    let mut findings = Vec::new();
    for ((annotator, text), occurrences) in grouped {
        let mut labels: BTreeMap<String, usize> = BTreeMap::new();
        for occurrence in &occurrences {
            *labels.entry(occurrence.label.clone()).or_default() += 1;
        }
        if labels.len() < 2 {
            continue;
        }
        let usual_label = labels
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(label, _)| label.clone())
            .unwrap_or_default();
        let counts = labels
            .iter()
            .map(|(label, count)| format!("{label} {count}×"))
            .collect::<Vec<_>>()
            .join(", ");
        for occurrence in occurrences.iter().filter(|o| o.label != usual_label) {
            findings.push(Finding {
                check: Check::Inconsistent,
                severity: Severity::Warning,
                file: occurrence.file.clone(),
                document: occurrence.document.clone(),
                annotator: annotator.clone(),
                item: Some(occurrence.entity.clone()),
                span: Some((occurrence.start, occurrence.end)),
                position: None,
                message: format!(
                    "\"{text}\" is {} here; {annotator} labels it {counts} across the corpus",
                    occurrence.label
                ),
            });
        }
        inconsistencies.push(Inconsistency {
            annotator,
            text,
            labels,
            usual_label,
            occurrences,
        });
    }
    (inconsistencies, findings)
}
