//! `spanwright restore`: list and bring back earlier versions of a file.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::project::{
    AnnotatorLock, DocumentSummary, LockError, Project, RestoreError, SaveOutcome, VersionStore, check_annotator_name,
    display_time, list_versions, restore_version,
};

/// The version list, newest first, as printed by `--list`.
pub fn version_list(project: &Project, annotator: &str, doc_id: &str) -> Result<String, RestoreError> {
    if project.document(doc_id).is_none() {
        return Err(RestoreError::NoSuchDocument(doc_id.to_owned()));
    }
    let file_name = project.annotation_file_name(annotator, doc_id);
    let versions = list_versions(project, annotator, doc_id)?;
    let mut out = String::new();
    let current = DocumentSummary::read(project, annotator, doc_id);
    if !project.annotation_path(annotator, doc_id).exists() {
        let _ = writeln!(out, "{file_name}: no current file");
    } else if let Some(error) = &current.error {
        let _ = writeln!(out, "{file_name}: current file cannot be read: {error}");
    } else {
        let _ = writeln!(
            out,
            "{file_name}: now {} entities, {} relations, {}",
            current.entities, current.relations, current.status
        );
    }
    if versions.is_empty() {
        let _ = writeln!(out, "no earlier versions");
        return Ok(out);
    }
    let _ = writeln!(
        out,
        "{:>7}  {:<19}  {:>8}  {:>9}  status",
        "version", "saved", "entities", "relations"
    );
    for summary in versions.iter().rev() {
        let saved = display_time(summary.version.saved_at);
        match &summary.contents {
            Ok((entities, relations, status)) => {
                let _ = writeln!(
                    out,
                    "{:>7}  {saved:<19}  {entities:>8}  {relations:>9}  {status}",
                    summary.version.number
                );
            }
            Err(reason) => {
                let _ = writeln!(out, "{:>7}  {saved:<19}  unreadable: {reason}", summary.version.number);
            }
        }
    }
    Ok(out)
}

/// Restores version `number` and says what happened.
pub fn restore(project: &Project, annotator: &str, doc_id: &str, number: u64) -> Result<String, RestoreError> {
    let file_name = project.annotation_file_name(annotator, doc_id);
    let had_current = project.annotation_path(annotator, doc_id).exists();
    let restored = restore_version(project, annotator, doc_id, number)?;
    let mut out = String::new();
    match restored.outcome {
        SaveOutcome::Unchanged => {
            let _ = writeln!(
                out,
                "{file_name}: version {number} is the current file; nothing changed"
            );
        }
        SaveOutcome::Written { .. } => {
            let kept = VersionStore::for_document(project, annotator, doc_id)
                .list()
                .ok()
                .and_then(|versions| versions.last().map(|v| v.number))
                .filter(|_| had_current);
            let _ = write!(out, "{file_name}: restored version {number}");
            match kept {
                Some(kept) => {
                    let _ = writeln!(out, "; the file it replaced is kept as version {kept}");
                }
                _ => out.push('\n'),
            }
        }
    }
    for problem in &restored.problems {
        let _ = writeln!(out, "note: {problem}");
    }
    if !restored.problems.is_empty() {
        let _ = writeln!(
            out,
            "the restored file does not match today's text or schema; if the text changed, run `spanwright reanchor`"
        );
    }
    Ok(out)
}

pub fn run(project_dir: &Path, doc_id: &str, annotator: &str, list: bool, version: Option<u64>) -> ExitCode {
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return super::fail(err),
    };
    if let Err(err) = check_annotator_name(annotator) {
        return super::fail(err);
    }
    let result = match (list, version) {
        (_, Some(number)) => match AnnotatorLock::acquire(&project, annotator) {
            Ok(_lock) => restore(&project, annotator, doc_id, number),
            Err(err @ LockError::Held { .. }) => return super::fail(format!("{err}; close that window first")),
            // The folder is read-only, full, or the lock file is a link: say so.
            Err(err) => return super::fail(format!("{err}; nothing was restored")),
        },
        _ => version_list(&project, annotator, doc_id),
    };
    match result {
        Ok(text) => {
            super::output::print_out(&text);
            ExitCode::SUCCESS
        }
        Err(err) => super::fail(err),
    }
}
