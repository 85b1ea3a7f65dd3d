use std::path::{Path, PathBuf};

use super::safe_fs::{SCHEMA_FILE_LIMIT, read_regular_file};
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
    /// Documents that are links to files outside the project folder.
    outside_links: Vec<String>,
}

impl Project {
    pub fn open(root: &Path) -> Result<Self, ProjectError> {
        if !root.is_dir() {
            return Err(ProjectError::NotAFolder(root.display().to_string()));
        }
        let schema_path = root.join(SCHEMA_FILE_NAME);
        let (schema, schema_origin) = if schema_path.exists() {
            (load_schema(&schema_path)?, SchemaOrigin::Project)
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
        let outside_links = links_outside(root, &documents);
        Ok(Self {
            root: root.to_path_buf(),
            schema,
            schema_origin,
            documents,
            unlisted,
            outside_links,
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

    /// Documents that are symbolic links to files outside the project
    /// folder: listed and annotated like the others, but exported only when
    /// asked for explicitly.
    pub fn links_outside(&self) -> &[String] {
        &self.outside_links
    }

    /// The warning that goes with [`Self::links_outside`], if any document is one.
    pub fn outside_links_warning(&self) -> Option<String> {
        if self.outside_links.is_empty() {
            return None;
        }
        Some(format!(
            "{} {} a link to a file outside the project folder: {}",
            self.outside_links.len(),
            if self.outside_links.len() == 1 {
                "document is"
            } else {
                "documents are"
            },
            self.outside_links.join(", ")
        ))
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
        let bytes = read_regular_file(&path, None).map_err(|source| TextError::Unreadable {
            file: id.to_owned(),
            source,
        })?;
        Document::from_bytes(id, bytes)
    }

    /// Annotators with a folder under `annotations/`, in natural order.
    pub fn annotators(&self) -> Vec<String> {
        annotators_in(&self.root)
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

/// Reads the schema as a regular file within [`SCHEMA_FILE_LIMIT`].
fn load_schema(path: &Path) -> Result<LabelSchema, SchemaError> {
    let file = path.display().to_string();
    let unreadable = |source| SchemaError::Unreadable {
        file: file.clone(),
        source,
    };
    let bytes = read_regular_file(path, Some(SCHEMA_FILE_LIMIT)).map_err(unreadable)?;
    let json = String::from_utf8(bytes).map_err(|err| {
        unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not valid UTF-8 at byte {}", err.utf8_error().valid_up_to()),
        ))
    })?;
    LabelSchema::from_json(&file, &json)
}

/// The ids of documents whose file, links resolved, is not inside `root`.
fn links_outside(root: &Path, documents: &[DocumentEntry]) -> Vec<String> {
    let Ok(real_root) = root.canonicalize() else {
        return Vec::new();
    };
    documents
        .iter()
        .filter(|entry| {
            // Only links can lead out (linked folders are not walked).
            entry.path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink())
                && entry
                    .path
                    .canonicalize()
                    .is_ok_and(|real| !real.starts_with(&real_root))
        })
        .map(|entry| entry.id.clone())
        .collect()
}

fn relative_id(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The annotators with annotations in the project folder `root`, in natural
/// order: what [`Project::annotators`] reads, for work that holds only the
/// folder's path.
pub fn annotators_in(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(ANNOTATIONS_FOLDER)) else {
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
