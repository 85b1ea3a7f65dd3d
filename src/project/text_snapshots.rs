//! Copies of annotated texts, one per distinct text, so that annotations can
//! follow a text that was edited later: `annotations/.texts/<sha256>.txt`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::atomic::atomic_write_in;
use super::folder::{ANNOTATIONS_FOLDER, Project};
use super::safe_fs::read_regular_file;
use crate::text::{Document, sha256_hex};

/// The hidden folder of text copies inside `annotations/`.
pub const TEXTS_FOLDER: &str = ".texts";

/// The bytes of one text as annotated, ready to be stored once.
#[derive(Clone)]
pub struct TextSnapshot {
    root: PathBuf,
    path: PathBuf,
    sha256: String,
    bytes: Arc<[u8]>,
}

impl std::fmt::Debug for TextSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextSnapshot")
            .field("path", &self.path)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl TextSnapshot {
    pub fn of(project_root: &Path, document: &Document) -> Self {
        Self {
            root: project_root.to_path_buf(),
            path: text_snapshot_path(project_root, document.sha256()),
            sha256: document.sha256().to_owned(),
            bytes: document.to_file_bytes().into(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the copy unless an intact one is already there.
    pub fn store(&self) -> std::io::Result<()> {
        if read_regular_file(&self.path, None).is_ok_and(|bytes| sha256_hex(&bytes) == self.sha256) {
            return Ok(());
        }
        atomic_write_in(&self.root, &self.path, &self.bytes)
    }
}

/// Where the copy of the text with hash `sha256` lives below `root`.
pub fn text_snapshot_path(root: &Path, sha256: &str) -> PathBuf {
    // Only hex digits reach the file name, whatever a file claims its hash is.
    let safe: String = sha256.chars().filter(char::is_ascii_hexdigit).collect();
    root.join(ANNOTATIONS_FOLDER)
        .join(TEXTS_FOLDER)
        .join(format!("{safe}.txt"))
}

/// The text `doc_id` had when its hash was `sha256`, if a copy was stored
/// and is intact.
pub fn load_text_snapshot(project: &Project, doc_id: &str, sha256: &str) -> Option<Document> {
    let bytes = read_regular_file(&text_snapshot_path(project.root(), sha256), None).ok()?;
    if sha256_hex(&bytes) != sha256 {
        return None;
    }
    Document::from_bytes(doc_id, bytes).ok()
}
