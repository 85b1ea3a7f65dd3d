//! Asking a backend about a project's documents and storing the answers.

use crate::formats::label_config::label_config;
use crate::formats::suggestions::save_suggestions_with_relations;
use crate::project::Project;

use super::client::{BackendError, MlBackend};
use super::results::map_results;

/// What one run against a backend did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackendRun {
    pub source: String,
    pub model_version: Option<String>,
    pub documents: usize,
    pub suggestions: usize,
    pub files_written: usize,
    /// Relation suggestions stored.
    pub relations: usize,
    /// Everything left out, each naming the backend or the document.
    pub problems: Vec<String>,
}

/// The suggestion source a backend's suggestions are stored under:
/// `ml-<host>-<port>` from its address.
pub fn source_name(url: &str) -> String {
    let host = url
        .trim()
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .trim_end_matches('/');
    let cleaned: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    format!("ml-{cleaned}")
}

/// The project name a backend sees: Label Studio sends `<id>.<created>`
/// and backends keep the part before the dot.
pub(crate) fn project_key(project: &Project) -> String {
    let name = project
        .root()
        .file_name()
        .map(|n| n.to_string_lossy().replace('.', "-"))
        .unwrap_or_else(|| "project".to_owned());
    format!("{name}.0")
}

/// Calls `/setup`, then `/predict` for each of `doc_ids`, storing the
/// suggestions of each document under [`source_name`]. A backend that
/// cannot be reached or refuses setup stops the run; a document whose
/// prediction fails is listed and the others go on.
pub fn suggest_with_backend(
    project: &Project,
    backend: &MlBackend,
    doc_ids: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BackendRun, BackendError> {
    let config = label_config(project.schema());
    let key = project_key(project);
    let mut run = BackendRun {
        source: source_name(backend.url()),
        ..BackendRun::default()
    };
    run.model_version = backend.setup(&key, &config)?;
    for (done, id) in doc_ids.iter().enumerate() {
        progress(done, doc_ids.len());
        let document = match project.load_text(id) {
            Ok(document) => document,
            Err(err) => {
                run.problems.push(format!("{id}: {err}; not sent"));
                continue;
            }
        };
        let results = match backend.predict(&[(done as u64 + 1, document.text())], &config, &key) {
            Ok(results) => results,
            Err(err @ (BackendError::Unreachable { .. } | BackendError::Timeout { .. })) => return Err(err),
            Err(err) => {
                run.problems.push(format!("{id}: {err}"));
                continue;
            }
        };
        let Some(first) = results.first() else {
            run.problems.push(format!(
                "{id}: model backend {} returned no prediction for it",
                backend.url()
            ));
            continue;
        };
        let mapped = map_results(&run.source, project.schema(), &document, first);
        run.problems.extend(
            mapped
                .problems
                .into_iter()
                .map(|p| format!("model backend {}: {p}", backend.url())),
        );
        run.relations += mapped.relations.len();
        run.suggestions += mapped.suggestions.len();
        run.documents += 1;
        match save_suggestions_with_relations(project, &document, &run.source, &mapped.suggestions, &mapped.relations) {
            Ok(true) => run.files_written += 1,
            Ok(false) => {}
            Err(err) => run.problems.push(err.to_string()),
        }
    }
    progress(doc_ids.len(), doc_ids.len());
    Ok(run)
}
