use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::CommandOutput;
use crate::project::{Project, scopes_of};
pub use crate::qa::project_problems;
use crate::qa::{Check, Inconsistency, QaReport, check_project};

/// What `spanwright validate` prints and its exit code: errors as
/// `file: item: message` lines, then warnings as `warning: ...` lines.
/// Errors exit 1; warnings exit 0 unless `strict`.
/// With `json`, the whole report (every finding and every inconsistency
/// with all its occurrences) as JSON instead.
pub fn validate_output(project: &Project, strict: bool) -> (u8, String) {
    validate_output_as(project, strict, false)
}

pub fn validate_output_as(project: &Project, strict: bool, json: bool) -> (u8, String) {
    let report = check_project(project);
    let checked = format!("{} documents", project.documents().len());
    let text = report_text(project, &checked, &report, json);
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let code = u8::from(errors > 0 || (strict && warnings > 0));
    (code, text)
}

fn report_text(project: &Project, checked: &str, report: &QaReport, json: bool) -> String {
    if json {
        let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
        text.push('\n');
        text
    } else {
        render(project, checked, report)
    }
}

fn render(project: &Project, checked: &str, report: &QaReport) -> String {
    let mut out = String::new();
    // Labels and ids come from the files and may hold a line break.
    let one_line = |text: String| text.replace('\r', "\\r").replace('\n', "\\n");
    for finding in report.errors() {
        let _ = writeln!(out, "{}", one_line(finding.to_string()));
    }
    // Inconsistencies are printed once per text, with the label counts,
    // not once per occurrence.
    for finding in report.warnings().filter(|f| f.check != Check::Inconsistent) {
        let _ = writeln!(out, "warning: {}", one_line(finding.to_string()));
    }
    for inconsistency in &report.inconsistencies {
        let _ = writeln!(out, "warning: {}", one_line(inconsistency_line(inconsistency)));
    }
    if let Some(warning) = project.outside_links_warning() {
        let _ = writeln!(
            out,
            "warning: {warning}; export includes them only with --follow-outside-links"
        );
    }
    let errors = report.errors().count();
    let warnings = report.warnings().filter(|f| f.check != Check::Inconsistent).count() + report.inconsistencies.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => {
            let _ = writeln!(out, "ok: {checked}, no problems");
        }
        (0, w) => {
            let _ = writeln!(out, "ok: {checked}, no problems; {}", plural(w, "warning"));
        }
        (e, 0) => {
            let _ = writeln!(out, "{}", plural(e, "problem"));
        }
        (e, w) => {
            let _ = writeln!(out, "{}, {}", plural(e, "problem"), plural(w, "warning"));
        }
    }
    out
}

fn inconsistency_line(inconsistency: &Inconsistency) -> String {
    let counts = inconsistency
        .labels
        .iter()
        .map(|(label, count)| format!("{label} {count}×"))
        .collect::<Vec<_>>()
        .join(", ");
    let unusual: Vec<_> = inconsistency
        .occurrences
        .iter()
        .filter(|o| o.label != inconsistency.usual_label)
        .collect();
    let first = unusual
        .first()
        .map(|o| format!("; first not {}: {} {}", inconsistency.usual_label, o.file, o.entity))
        .unwrap_or_default();
    format!(
        "inconsistent: \"{}\" is labelled {counts} by {}{first} (--json lists every occurrence)",
        inconsistency.text, inconsistency.annotator
    )
}

/// What `spanwright validate PROJECT_DIR` prints and how it exits.
pub fn validate_project(project_dir: &Path, strict: bool) -> CommandOutput {
    validate_project_as(project_dir, strict, false)
}

/// [`validate_project`], as JSON when `json`.
pub fn validate_project_as(project_dir: &Path, strict: bool, json: bool) -> CommandOutput {
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return CommandOutput::failure(err),
    };
    let (exit_code, stdout) = validate_output_as(&project, strict, json);
    CommandOutput {
        stdout,
        stderr: String::new(),
        exit_code,
    }
}

pub fn run(paths: &[PathBuf], strict: bool, json: bool) -> ExitCode {
    match paths {
        [dir] if dir.is_dir() => validate_project_as(dir, strict, json),
        _ => validate_paths(paths, strict, json),
    }
    .emit()
}

/// What `spanwright validate FILE…` prints: the findings about the named
/// documents and annotation files (the whole project for a folder or a
/// schema), project by project. Files that belong to no project are named
/// on stderr and otherwise left alone, so a hook may pass any staged file.
pub fn validate_paths(paths: &[PathBuf], strict: bool, json: bool) -> CommandOutput {
    let scopes = scopes_of(paths);
    let mut output = CommandOutput::default();
    for (path, reason) in &scopes.not_in_a_project {
        let _ = writeln!(output.stderr, "spanwright: skipped {}: {reason}", path.display());
    }
    let several = scopes.projects.len() > 1;
    for scope in &scopes.projects {
        let project = match Project::open(&scope.root) {
            Ok(project) => project,
            Err(err) => {
                let _ = writeln!(output.stderr, "spanwright: {err}");
                output.exit_code = 2;
                continue;
            }
        };
        let mut report = check_project(&project);
        report
            .findings
            .retain(|finding| scope.covers(&finding.file, &finding.document));
        report.inconsistencies.retain(|inconsistency| {
            inconsistency
                .occurrences
                .iter()
                .any(|o| scope.covers(&o.file, &o.document))
        });
        if several {
            let _ = writeln!(output.stdout, "{}:", scope.root.display());
        }
        let checked = if scope.whole {
            format!("{} documents", project.documents().len())
        } else {
            let files = scope.documents.len() + scope.annotation_files.len();
            format!("{files} file{}", if files == 1 { "" } else { "s" })
        };
        output.stdout.push_str(&report_text(&project, &checked, &report, json));
        let errors = report.errors().count();
        let warnings = report.warnings().count() + report.inconsistencies.len();
        let code = u8::from(errors > 0 || (strict && warnings > 0));
        output.exit_code = output.exit_code.max(code);
    }
    output
}
