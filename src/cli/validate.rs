use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::output::CommandOutput;
use crate::project::Project;
pub use crate::qa::project_problems;
use crate::qa::{QaReport, check_project};

/// What `spanwright validate` prints and its exit code: errors as
/// `file: item: message` lines, then warnings as `warning: ...` lines.
/// Errors exit 1; warnings exit 0 unless `strict`.
pub fn validate_output(project: &Project, strict: bool) -> (u8, String) {
    let report = check_project(project);
    let text = render(project, &report);
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let code = u8::from(errors > 0 || (strict && warnings > 0));
    (code, text)
}

fn render(project: &Project, report: &QaReport) -> String {
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
            let _ = writeln!(out, "ok: {} documents, no problems", project.documents().len());
        }
        (0, w) => {
            let _ = writeln!(
                out,
                "ok: {} documents, no problems; {}",
                project.documents().len(),
                plural(w, "warning")
            );
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

pub fn run(project_dir: &Path, strict: bool) -> ExitCode {
    validate_project(project_dir, strict).emit()
}
