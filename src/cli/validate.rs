use std::path::Path;
use std::process::ExitCode;

use super::output::CommandOutput;
use crate::annotations::{AnnotationFile, FileError, Problem, check_against};
use crate::project::Project;

/// Problems in every annotation file of the project; also used by tests.
pub fn project_problems(project: &Project) -> Vec<Problem> {
    let mut problems = Vec::new();
    for folder in project.unlisted_folders() {
        problems.push(Problem {
            file: folder.clone(),
            item: None,
            message: "folder could not be listed".into(),
        });
    }
    for annotator in project.annotators() {
        for file_name in annotation_files(project, &annotator) {
            let doc_id = file_name
                .strip_prefix(&format!("annotations/{annotator}/"))
                .and_then(|rest| rest.strip_suffix(".json"))
                .unwrap_or_default()
                .to_owned();
            let path = project.root().join(&file_name);
            let problem = |message: String| Problem {
                file: file_name.clone(),
                item: None,
                message,
            };
            let file = match AnnotationFile::load(&path, &file_name) {
                Ok(file) => file,
                Err(err) => {
                    problems.push(problem(load_error_message(&file_name, err)));
                    continue;
                }
            };
            if file.annotator != annotator {
                problems.push(problem(format!(
                    "annotator is \"{}\" but the file is in the folder of \"{annotator}\"",
                    file.annotator
                )));
            }
            if project.document(&doc_id).is_none() {
                problems.push(problem(format!("no text {doc_id} in the project")));
                continue;
            }
            match project.load_text(&doc_id) {
                Ok(document) => problems.extend(check_against(&file_name, &file, &document, project.schema())),
                Err(err) => problems.push(problem(err.to_string())),
            }
        }
    }
    problems
}

/// Every `*.json` below `annotations/<annotator>/`, as paths relative to the
/// project, in natural order.
fn annotation_files(project: &Project, annotator: &str) -> Vec<String> {
    let base = format!("annotations/{annotator}");
    let mut found = Vec::new();
    let mut pending = vec![project.root().join(&base)];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // A `.json` entry that is not a readable file is reported when it
            // fails to load, never skipped.
            if !name.ends_with(".json") {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    pending.push(path);
                }
            } else if let Ok(relative) = path.strip_prefix(project.root()) {
                found.push(
                    relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    found.sort_by(|a, b| crate::text::natural_cmp(a, b));
    found
}

/// The reason a file could not be loaded, without the file name that the
/// [`Problem`] carries already.
fn load_error_message(file_name: &str, err: FileError) -> String {
    match err {
        FileError::Json {
            line, column, message, ..
        } => {
            let message = message
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&message);
            format!("line {line}, column {column}: invalid JSON: {message}")
        }
        other => {
            let text = other.to_string();
            text.strip_prefix(file_name)
                .and_then(|rest| rest.strip_prefix(": "))
                .map_or_else(|| text.clone(), str::to_owned)
        }
    }
}

/// What `spanwright validate` prints: one line per problem, then a summary;
/// exit code 1 when there is any problem.
pub fn validate_project(project_dir: &Path) -> CommandOutput {
    use std::fmt::Write as _;
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return CommandOutput::failure(err),
    };
    let problems = project_problems(&project);
    let mut stdout = String::new();
    for problem in &problems {
        // Labels and ids come from the files and may hold a line break.
        let line = problem.to_string().replace('\r', "\\r").replace('\n', "\\n");
        let _ = writeln!(stdout, "{line}");
    }
    if problems.is_empty() {
        let _ = writeln!(stdout, "ok: {} documents, no problems", project.documents().len());
    } else {
        let _ = writeln!(stdout, "{} problems", problems.len());
    }
    CommandOutput {
        stdout,
        stderr: String::new(),
        exit_code: u8::from(!problems.is_empty()),
    }
}

pub fn run(project_dir: &Path) -> ExitCode {
    validate_project(project_dir).emit()
}
