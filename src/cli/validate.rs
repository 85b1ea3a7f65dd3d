use std::path::Path;
use std::process::ExitCode;

use crate::annotations::{AnnotationFile, Problem, check_against};
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
                    problems.push(Problem {
                        file: String::new(),
                        item: None,
                        message: err.to_string(),
                    });
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
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path);
            } else if name.ends_with(".json")
                && let Ok(relative) = path.strip_prefix(project.root())
            {
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

pub fn run(project_dir: &Path) -> ExitCode {
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return super::fail(err),
    };
    let problems = project_problems(&project);
    for problem in &problems {
        println!("{problem}");
    }
    if problems.is_empty() {
        println!("ok: {} documents, no problems", project.documents().len());
        ExitCode::SUCCESS
    } else {
        println!("{} problems", problems.len());
        ExitCode::from(1)
    }
}
