//! The metadata a source tool keeps with a document (doccano's `meta`),
//! stored as JSON in `.metadata/<document id>.json` inside the project so
//! that an export to the same tool gives it back.

use std::path::PathBuf;

use serde_json::Value;

use crate::project::{Project, atomic_write_in};

pub const METADATA_FOLDER: &str = ".metadata";

pub(crate) fn path(project: &Project, id: &str) -> PathBuf {
    project.root().join(METADATA_FOLDER).join(format!("{id}.json"))
}

/// The stored metadata of document `id`, if any could be read.
pub(crate) fn read(project: &Project, id: &str) -> Option<Value> {
    let bytes = std::fs::read(path(project, id)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Stores `meta` for document `id`, writing only when it changed.
pub(crate) fn write(project: &Project, id: &str, meta: &Value) -> std::io::Result<()> {
    if read(project, id).as_ref() == Some(meta) {
        return Ok(());
    }
    atomic_write_in(project.root(), &path(project, id), format!("{meta}\n").as_bytes())
}
