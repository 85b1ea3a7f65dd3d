//! The corpus-wide figures behind the corpus list, the Agreement window and
//! the QA window, computed off the UI thread.

use std::collections::{HashMap, HashSet};

use crate::agreement::{
    AgreementReport, ConfusionMatrix, Corpus, DocumentAgreement, agreement_report, confusion_matrix,
};
use crate::project::Project;
use crate::qa::{QaReport, check_project};

/// Agreement among a set of annotators over the whole project.
pub struct AgreementData {
    pub report: AgreementReport,
    /// The token-label confusion matrix of each pair, in the order of
    /// `report.pairs`.
    pub confusions: Vec<Option<ConfusionMatrix>>,
    by_document: HashMap<String, usize>,
}

impl AgreementData {
    pub fn compute(project: &Project, annotators: &[String]) -> Self {
        let corpus = Corpus::load(project, annotators);
        let report = agreement_report(&corpus, project.schema());
        let confusions = report
            .pairs
            .iter()
            .map(|pair| confusion_matrix(&corpus, &pair.a, &pair.b))
            .collect();
        let by_document = report
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Self {
            report,
            confusions,
            by_document,
        }
    }

    pub fn document(&self, doc_id: &str) -> Option<&DocumentAgreement> {
        self.by_document.get(doc_id).map(|&i| &self.report.documents[i])
    }
}

/// The QA checks of every annotation file.
pub struct QaData {
    pub report: QaReport,
    /// For each document, the annotators whose file has a finding.
    flagged: HashMap<String, HashSet<String>>,
}

impl QaData {
    pub fn compute(project: &Project) -> Self {
        let report = check_project(project);
        let mut flagged: HashMap<String, HashSet<String>> = HashMap::new();
        for finding in &report.findings {
            flagged
                .entry(finding.document.clone())
                .or_default()
                .insert(finding.annotator.clone());
        }
        Self { report, flagged }
    }

    /// Whether any of `annotators`' files for the document has a finding.
    pub fn has_problems(&self, doc_id: &str, annotators: &[String]) -> bool {
        self.flagged
            .get(doc_id)
            .is_some_and(|flagged| annotators.iter().any(|a| flagged.contains(a)))
    }
}
