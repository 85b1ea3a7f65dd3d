//! Which part of which project a list of paths names: a folder is a whole
//! project; a file is a document, an annotation file or the schema of the
//! project around it. This is how `validate` checks only what a commit
//! stages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{ANNOTATIONS_FOLDER, SCHEMA_FILE_NAME};

/// The part of one project that was named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectScope {
    pub root: PathBuf,
    /// The whole project (a folder or its schema was named).
    pub whole: bool,
    /// Document ids (text paths relative to the project, with `/`).
    pub documents: BTreeSet<String>,
    /// Annotation files relative to the project, with `/`.
    pub annotation_files: BTreeSet<String>,
}

impl ProjectScope {
    /// Whether a finding about `file` (an annotation file) of `document`
    /// falls inside the scope.
    pub fn covers(&self, file: &str, document: &str) -> bool {
        self.whole
            || self.annotation_files.contains(file)
            || (!document.is_empty() && self.documents.contains(document))
    }
}

/// What the paths named, project by project, and the paths that name no part
/// of a project (with the reason), in the order given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes {
    pub projects: Vec<ProjectScope>,
    pub not_in_a_project: Vec<(PathBuf, String)>,
}

/// Sorts `paths` into the projects they belong to. A project is the nearest
/// folder above a file that has an `annotations/` folder or a schema file.
pub fn scopes_of(paths: &[PathBuf]) -> Scopes {
    let mut scopes = Scopes::default();
    for path in paths {
        if path.is_dir() {
            project_entry(&mut scopes.projects, path).whole = true;
            continue;
        }
        let absolute = match std::path::absolute(path) {
            Ok(absolute) => absolute,
            Err(err) => {
                scopes.not_in_a_project.push((path.clone(), err.to_string()));
                continue;
            }
        };
        let Some(root) = absolute.ancestors().skip(1).find(|dir| is_project_root(dir)) else {
            scopes
                .not_in_a_project
                .push((path.clone(), "no Spanwright project around it".to_owned()));
            continue;
        };
        let Some(relative) = relative_with_slashes(&absolute, root) else {
            scopes
                .not_in_a_project
                .push((path.clone(), "not inside its project folder".to_owned()));
            continue;
        };
        let root = root.to_path_buf();
        if relative == SCHEMA_FILE_NAME {
            project_entry(&mut scopes.projects, &root).whole = true;
        } else if relative.starts_with(&format!("{ANNOTATIONS_FOLDER}/")) && relative.ends_with(".json") {
            project_entry(&mut scopes.projects, &root)
                .annotation_files
                .insert(relative);
        } else if relative.ends_with(".txt") {
            project_entry(&mut scopes.projects, &root).documents.insert(relative);
        } else {
            scopes.not_in_a_project.push((
                path.clone(),
                "not a document (.txt), an annotation file or the schema".to_owned(),
            ));
        }
    }
    scopes
}

fn is_project_root(dir: &Path) -> bool {
    dir.join(ANNOTATIONS_FOLDER).is_dir() || dir.join(SCHEMA_FILE_NAME).is_file()
}

fn project_entry<'a>(projects: &'a mut Vec<ProjectScope>, root: &Path) -> &'a mut ProjectScope {
    let index = match projects.iter().position(|p| p.root == root) {
        Some(index) => index,
        None => {
            projects.push(ProjectScope {
                root: root.to_path_buf(),
                ..ProjectScope::default()
            });
            projects.len() - 1
        }
    };
    &mut projects[index]
}

fn relative_with_slashes(path: &Path, root: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}
