//! `spanwright reanchor`: move annotations onto texts edited since.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::project::{AnnotatorLock, LockError, Project, SaveOutcome, check_annotator_name};
use crate::reanchor::{Basis, Decision, DocumentReanchor, EntityPlan, Placement, is_placeable_change, plan_document};

#[derive(Clone, Debug, Default)]
pub struct ReanchorOptions {
    /// Only this annotator's files; all annotators when `None`.
    pub annotator: Option<String>,
    /// Write the results (otherwise only report).
    pub apply: bool,
    /// With `apply`: take every proposal (entities whose text was edited,
    /// found elsewhere, or ambiguous) instead of leaving the file unwritten.
    pub accept_changed: bool,
}

/// What `spanwright reanchor` prints, and its exit code: 1 when an entity
/// cannot be placed or (with `apply`) a file was left unwritten.
pub fn reanchor_project(project: &Project, options: &ReanchorOptions) -> (u8, String) {
    let annotators = match &options.annotator {
        Some(name) => vec![name.clone()],
        None => project.annotators(),
    };
    let mut out = String::new();
    let mut exit = 0;
    let mut changed = 0;
    let mut written = 0;
    for annotator in &annotators {
        let mut plans = Vec::new();
        for document in project.documents() {
            match plan_document(project, annotator, &document.id) {
                Ok(Some(plan)) => plans.push(plan),
                Ok(None) => {}
                Err(err) => {
                    let _ = writeln!(out, "{err}");
                    exit = 1;
                }
            }
        }
        if plans.is_empty() {
            continue;
        }
        changed += plans.len();
        // Held while writing, so that an open window cannot save over the result.
        let lock = if options.apply {
            match AnnotatorLock::acquire(project, annotator) {
                Ok(lock) => Some(lock),
                Err(err) => {
                    let advice = match err {
                        LockError::Held { .. } => "close that window first; ",
                        LockError::Io { .. } => "",
                    };
                    let _ = writeln!(out, "{err}; {advice}{annotator}'s files were not changed");
                    exit = 1;
                    continue;
                }
            }
        } else {
            None
        };
        for reanchor in &plans {
            out.push_str(&describe(reanchor));
            let lost = reanchor.plan.entities.iter().any(|e| e.placement == Placement::Lost);
            if !options.apply {
                exit = exit.max(u8::from(lost));
                continue;
            }
            match apply(project, reanchor, options.accept_changed) {
                Ok(message) => {
                    written += 1;
                    let _ = writeln!(out, "  {message}");
                }
                Err(message) => {
                    exit = 1;
                    let _ = writeln!(out, "  not written: {message}");
                }
            }
        }
        drop(lock);
    }
    if changed == 0 {
        let _ = writeln!(out, "every annotation file matches its text; nothing to re-anchor");
    } else if options.apply {
        let _ = writeln!(out, "{written} of {} re-anchored", files(changed));
    } else {
        let _ = writeln!(out, "{} to re-anchor; run with --apply to write them", files(changed));
    }
    (exit, out)
}

fn files(n: usize) -> String {
    format!("{n} {}", if n == 1 { "file" } else { "files" })
}

fn describe(reanchor: &DocumentReanchor) -> String {
    let plan = &reanchor.plan;
    let mut out = String::new();
    let basis = match plan.basis {
        Basis::Diff => "compared with the stored copy of the annotated text",
        Basis::StoredTexts => "no copy of the annotated text: entities found by searching their text",
    };
    let _ = writeln!(
        out,
        "{}: the text changed since it was annotated ({basis})",
        plan.file_name
    );
    let (mut unmoved, mut moved, mut doubtful, mut lost) = (0, 0, 0, 0);
    for entity in &plan.entities {
        let head = format!(
            "{} {} {:?} {}..{}",
            entity.id, entity.label, entity.old_text, entity.old_start, entity.old_end
        );
        match &entity.placement {
            _ if entity.is_unmoved() => unmoved += 1,
            Placement::Moved { start, end } => {
                moved += 1;
                let _ = writeln!(out, "  moves    {head} → {start}..{end}");
            }
            Placement::Proposed {
                start,
                end,
                text,
                doubt,
            } => {
                doubtful += 1;
                let _ = writeln!(out, "  confirm  {head} → {start}..{end} {text:?}: {doubt}");
            }
            Placement::Lost => {
                lost += 1;
                let relations = relations_of(plan.original(), entity);
                let _ = write!(out, "  lost     {head}: not found in the new text");
                if !relations.is_empty() {
                    let _ = write!(out, " (relations {})", relations.join(", "));
                }
                out.push('\n');
            }
        }
    }
    let _ = writeln!(
        out,
        "  {unmoved} in place, {moved} moved, {doubtful} to confirm, {lost} cannot be placed"
    );
    out
}

fn relations_of(file: &crate::annotations::AnnotationFile, entity: &EntityPlan) -> Vec<String> {
    file.relations
        .iter()
        .filter(|r| r.head == entity.id || r.tail == entity.id)
        .map(|r| r.id.clone())
        .collect()
}

/// Applies a plan without asking: proposals only when `accept_changed`;
/// never a drop.
fn apply(project: &Project, reanchor: &DocumentReanchor, accept_changed: bool) -> Result<String, String> {
    let lost: Vec<&str> = reanchor
        .plan
        .entities
        .iter()
        .filter(|e| e.placement == Placement::Lost)
        .map(|e| e.id.as_str())
        .collect();
    if !lost.is_empty() {
        return Err(format!(
            "{} cannot be placed; place or drop it in the window",
            lost.join(", ")
        ));
    }
    let mut decisions = BTreeMap::new();
    if accept_changed {
        // A proposal off word edges or under half the old text is no place for it.
        let unplaceable: Vec<&str> = reanchor
            .plan
            .needing_decision()
            .filter(|e| match &e.placement {
                Placement::Proposed { start, end, .. } => {
                    !is_placeable_change(&reanchor.new_text, &e.old_text, *start, *end)
                }
                _ => false,
            })
            .map(|e| e.id.as_str())
            .collect();
        if !unplaceable.is_empty() {
            return Err(format!(
                "{} cannot be placed; place or drop it in the window",
                unplaceable.join(", ")
            ));
        }
        for entity in reanchor.plan.needing_decision() {
            decisions.insert(entity.id.clone(), Decision::Accept);
        }
    }
    let undecided: Vec<&str> = reanchor
        .plan
        .needing_decision()
        .filter(|e| !decisions.contains_key(&e.id))
        .map(|e| e.id.as_str())
        .collect();
    if !undecided.is_empty() {
        return Err(format!(
            "{} to confirm; rerun with --accept-changed to take the proposals, or decide in the window",
            undecided.join(", ")
        ));
    }
    let result = reanchor
        .apply(project.schema(), &decisions)
        .map_err(|err| err.to_string())?;
    match reanchor.save(project, &result) {
        Ok(SaveOutcome::Written { .. }) => Ok("written; the previous file is kept in its history".to_owned()),
        Ok(SaveOutcome::Unchanged) => Ok("already up to date".to_owned()),
        Err(err) => Err(err.to_string()),
    }
}

pub fn run(project_dir: &Path, options: &ReanchorOptions) -> ExitCode {
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return super::fail(err),
    };
    if let Some(annotator) = &options.annotator
        && let Err(err) = check_annotator_name(annotator)
    {
        return super::fail(err);
    }
    let (code, text) = reanchor_project(&project, options);
    super::output::print_out(&text);
    ExitCode::from(code)
}
