use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::CommandOutput;
use crate::project::{Project, scopes_of};
pub use crate::qa::project_problems;
use crate::qa::{QaReport, check_project};

/// What `spanwright validate` prints and its exit code: errors as
/// `file: item: message` lines, then warnings as `warning: ...` lines.
/// Errors exit 1; warnings exit 0 unless `strict`.
pub fn validate_output(project: &Project, strict: bool) -> (u8, String) {
    let report = check_project(project);
    let text = render(&format!("{} documents", project.documents().len()), &report);
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let code = u8::from(errors > 0 || (strict && warnings > 0));
    (code, text)
}

fn render(checked: &str, report: &QaReport) -> String {
    let mut out = String::new();
    // Labels and ids come from the files and may hold a line break.
    let one_line = |text: String| text.replace('\r', "\\r").replace('\n', "\\n");
    for finding in report.errors() {
        let _ = writeln!(out, "{}", one_line(finding.to_string()));
    }
    for finding in report.warnings() {
        let _ = writeln!(out, "warning: {}", one_line(finding.to_string()));
    }
    if let Some(warning) = project.outside_links_warning() {
        let _ = writeln!(
            out,
            "warning: {warning}; export includes them only with --follow-outside-links"
        );
    }
    let errors = report.errors().count();
    let warnings = report.warnings().count();
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

/// What `spanwright validate PROJECT_DIR` prints and how it exits.
pub fn validate_project(project_dir: &Path, strict: bool) -> CommandOutput {
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return CommandOutput::failure(err),
    };
    let (exit_code, stdout) = validate_output(&project, strict);
    CommandOutput {
        stdout,
        stderr: String::new(),
        exit_code,
    }
}

pub fn run(paths: &[PathBuf], strict: bool) -> ExitCode {
    match paths {
        [dir] if dir.is_dir() => validate_project(dir, strict),
        _ => validate_paths(paths, strict),
    }
    .emit()
}

/// What `spanwright validate FILE…` prints: the findings about the named
/// documents and annotation files (the whole project for a folder or a
/// schema), project by project. Files that belong to no project are named
/// on stderr and otherwise left alone, so a hook may pass any staged file.
pub fn validate_paths(paths: &[PathBuf], strict: bool) -> CommandOutput {
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
        if several {
            let _ = writeln!(output.stdout, "{}:", scope.root.display());
        }
        let checked = if scope.whole {
            format!("{} documents", project.documents().len())
        } else {
            let files = scope.documents.len() + scope.annotation_files.len();
            format!("{files} file{}", if files == 1 { "" } else { "s" })
        };
        output.stdout.push_str(&render(&checked, &report));
        let errors = report.errors().count();
        let warnings = report.warnings().count();
        let code = u8::from(errors > 0 || (strict && warnings > 0));
        output.exit_code = output.exit_code.max(code);
    }
    output
}
