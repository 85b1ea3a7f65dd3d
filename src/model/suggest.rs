//! The built-in recommender's suggestions for a project's documents,
//! stored like a model's predictions.

use std::collections::BTreeMap;

use crate::formats::suggestions::save_suggestions;
use crate::project::Project;

use super::tagger::{BUILTIN_SOURCE, Recommender};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuiltinRun {
    pub documents: usize,
    pub suggestions: usize,
    pub files_written: usize,
    /// The longest time one document took to tag, and its size in bytes.
    pub slowest: Option<(std::time::Duration, usize)>,
    /// Each document's uncertainty (see `DocumentPrediction`).
    pub uncertainty: BTreeMap<String, f64>,
    pub problems: Vec<String>,
}

/// The document ids matching `pattern` (a glob over ids such as
/// `news/*.txt`), or every document; in project order.
pub fn select_documents(project: &Project, pattern: Option<&str>) -> Result<Vec<String>, String> {
    let matcher = match pattern {
        Some(pattern) => Some(
            globset::Glob::new(pattern)
                .map_err(|err| format!("--documents {pattern}: {err}"))?
                .compile_matcher(),
        ),
        None => None,
    };
    Ok(project
        .documents()
        .iter()
        .filter(|d| matcher.as_ref().is_none_or(|m| m.is_match(&d.id)))
        .map(|d| d.id.clone())
        .collect())
}

/// Tags each of `doc_ids` and stores its suggestions under
/// [`BUILTIN_SOURCE`].
pub fn suggest_with_recommender(project: &Project, recommender: &Recommender, doc_ids: &[String]) -> BuiltinRun {
    let mut run = BuiltinRun::default();
    for id in doc_ids {
        let document = match project.load_text(id) {
            Ok(document) => document,
            Err(err) => {
                run.problems.push(format!("{id}: {err}"));
                continue;
            }
        };
        let started = std::time::Instant::now();
        let predicted = recommender.predict(&document);
        let took = started.elapsed();
        if run.slowest.is_none_or(|(longest, _)| took > longest) {
            run.slowest = Some((took, document.text().len()));
        }
        let prediction = match predicted {
            Ok(prediction) => prediction,
            Err(err) => {
                run.problems.push(format!("{id}: {err}"));
                continue;
            }
        };
        run.documents += 1;
        run.suggestions += prediction.suggestions.len();
        run.uncertainty.insert(id.clone(), prediction.uncertainty);
        match save_suggestions(project, &document, BUILTIN_SOURCE, &prediction.suggestions) {
            Ok(true) => run.files_written += 1,
            Ok(false) => {}
            Err(err) => run.problems.push(err.to_string()),
        }
    }
    run
}
