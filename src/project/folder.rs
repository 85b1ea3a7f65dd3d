use std::path::{Path, PathBuf};

use crate::schema::{LabelSchema, SchemaError};
use crate::text::{Document, TextError, natural_cmp};

/// A project's own schema, at the folder's root.
pub const SCHEMA_FILE_NAME: &str = "spanwright-schema.json";
/// The folder of annotation files, at the folder's root.
pub const ANNOTATIONS_FOLDER: &str = "annotations";

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{0}: not a folder")]
    NotAFolder(String),
    #[error("cannot list {folder}: {source}")]
    Unlistable {
        folder: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaOrigin {
    /// `spanwright-schema.json` at the project's root.
    Project,
    /// No schema file in the project: the bundled one.
    Bundled,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentEntry {
    /// Path relative to the project folder, with `/`.
    pub id: String,
    pub path: PathBuf,
}

/// An opened project folder. Listing reads names only, never texts.
#[derive(Clone, Debug)]
pub struct Project {
    root: PathBuf,
    schema: LabelSchema,
    schema_origin: SchemaOrigin,
    documents: Vec<DocumentEntry>,
    /// Folders below the project that could not be listed.
    unlisted: Vec<String>,
}

impl Project {
    pub fn open(root: &Path) -> Result<Self, ProjectError> {
        if !root.is_dir() {
            return Err(ProjectError::NotAFolder(root.display().to_string()));
        }
        let schema_path = root.join(SCHEMA_FILE_NAME);
        let (schema, schema_origin) = if schema_path.exists() {
            (LabelSchema::load(&schema_path)?, SchemaOrigin::Project)
        } else {
            (LabelSchema::bundled(), SchemaOrigin::Bundled)
        };
        let mut documents = Vec::new();
        let mut unlisted = Vec::new();
        collect_texts(root, root, &mut documents, &mut unlisted).map_err(|source| ProjectError::Unlistable {
            folder: root.display().to_string(),
            source,
        })?;
        documents.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        Ok(Self {
            root: root.to_path_buf(),
            schema,
            schema_origin,
            documents,
            unlisted,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn schema(&self) -> &LabelSchema {
        &self.schema
    }

    pub fn schema_origin(&self) -> &SchemaOrigin {
        &self.schema_origin
    }

    pub fn documents(&self) -> &[DocumentEntry] {
        &self.documents
    }

    pub fn unlisted_folders(&self) -> &[String] {
        &self.unlisted
    }

    pub fn document(&self, id: &str) -> Option<&DocumentEntry> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Reads the text of document `id`, from the path found when listing
    /// (an id made from a file name that is not valid Unicode differs from it).
    pub fn load_text(&self, id: &str) -> Result<Document, TextError> {
        let path = self
            .document(id)
            .map_or_else(|| self.root.join(id), |entry| entry.path.clone());
        Document::load(&path, id)
    }

    /// Annotators with a folder under `annotations/`, in natural order.
    pub fn annotators(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.root.join(ANNOTATIONS_FOLDER)) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| holds_annotations(&e.path()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| !name.starts_with('.'))
            .collect();
        names.sort_by(|a, b| natural_cmp(a, b));
        names
    }

    /// Where `annotator`'s file for document `doc_id` lives.
    pub fn annotation_path(&self, annotator: &str, doc_id: &str) -> PathBuf {
        self.root.join(self.annotation_file_name(annotator, doc_id))
    }

    /// The annotation file's path relative to the project, for messages.
    pub fn annotation_file_name(&self, annotator: &str, doc_id: &str) -> String {
        format!("{ANNOTATIONS_FOLDER}/{annotator}/{doc_id}.json")
    }
}

/// Whether an annotator's folder holds anything but hidden files (its lock
/// file, say): a folder with only a lock is someone who looked, not an
/// annotator.
fn holds_annotations(folder: &Path) -> bool {
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'))
    })
}

fn collect_texts(
    root: &Path,
    folder: &Path,
    documents: &mut Vec<DocumentEntry>,
    unlisted: &mut Vec<String>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Symlinked folders are not followed, so a link cannot loop the walk.
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            if folder == root && name == ANNOTATIONS_FOLDER {
                continue;
            }
            if let Err(err) = collect_texts(root, &path, documents, unlisted) {
                unlisted.push(format!("{}: {err}", relative_id(root, &path)));
            }
        } else if name.ends_with(".txt") && (file_type.is_file() || path.is_file()) {
            documents.push(DocumentEntry {
                id: relative_id(root, &path),
                path,
            });
        }
    }
    Ok(())
}

fn relative_id(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
