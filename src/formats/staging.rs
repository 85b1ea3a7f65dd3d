//! Export output is written into a hidden folder beside its destination and
//! moved into place only when the whole export succeeded, so a failed export
//! leaves nothing half-written behind.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use super::ExportError;

pub(crate) struct Staging {
    folder: tempfile::TempDir,
    planned: Vec<(PathBuf, PathBuf)>,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        file: path.display().to_string(),
        source,
    }
}

impl Staging {
    /// Stages files whose destinations lie in or below `destination_folder`.
    pub(crate) fn new(destination_folder: &Path) -> Result<Self, ExportError> {
        let near = if destination_folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            destination_folder
        };
        std::fs::create_dir_all(near).map_err(io_error(near))?;
        let folder = tempfile::Builder::new()
            .prefix(".spanwright-export-")
            .tempdir_in(near)
            .map_err(io_error(near))?;
        Ok(Self {
            folder,
            planned: Vec::new(),
        })
    }

    fn stage(&mut self, destination: PathBuf) -> PathBuf {
        let staged = self.folder.path().join(self.planned.len().to_string());
        self.planned.push((staged.clone(), destination));
        staged
    }

    /// A buffered file that becomes `destination` on commit; finish it with
    /// [`Self::close`].
    pub(crate) fn create(&mut self, destination: PathBuf) -> Result<BufWriter<File>, ExportError> {
        let staged = self.stage(destination.clone());
        let file = File::create(&staged).map_err(io_error(&destination))?;
        Ok(BufWriter::new(file))
    }

    pub(crate) fn write(&mut self, destination: PathBuf, contents: &[u8]) -> Result<(), ExportError> {
        let mut file = self.create(destination.clone())?;
        file.write_all(contents).map_err(io_error(&destination))?;
        Self::close(file, &destination)
    }

    /// Flushes a file made by [`Self::create`] to disk.
    pub(crate) fn close(file: BufWriter<File>, destination: &Path) -> Result<(), ExportError> {
        let file = file.into_inner().map_err(|err| ExportError::Io {
            file: destination.display().to_string(),
            source: err.into_error(),
        })?;
        file.sync_all().map_err(io_error(destination))
    }

    /// Moves every staged file to its destination, replacing files of the
    /// same name; returns the destinations.
    pub(crate) fn commit(self) -> Result<Vec<PathBuf>, ExportError> {
        let mut done = Vec::with_capacity(self.planned.len());
        for (staged, destination) in &self.planned {
            if let Some(parent) = destination.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            std::fs::rename(staged, destination).map_err(io_error(destination))?;
            done.push(destination.clone());
        }
        Ok(done)
    }
}

/// The files and folders an import created, so that an import stopped
/// half-way (a full disk, a read-only folder) can remove them all again and
/// leave the project as it was.
pub(crate) struct CreatedFiles {
    root: PathBuf,
    files: Vec<PathBuf>,
    /// Outermost first.
    folders: Vec<PathBuf>,
}

impl CreatedFiles {
    pub(crate) fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            files: Vec::new(),
            folders: Vec::new(),
        }
    }

    /// Notes the folders below the root that `path` needs and that do not
    /// exist yet, and creates them.
    pub(crate) fn note_folders_of(&mut self, path: &Path) -> std::io::Result<()> {
        let Some(folder) = path.parent() else {
            return Ok(());
        };
        let mut missing: Vec<PathBuf> = folder
            .ancestors()
            .take_while(|f| f.starts_with(&self.root) && *f != self.root && !f.exists())
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        for folder in missing {
            std::fs::create_dir(&folder)?;
            self.folders.push(folder);
        }
        Ok(())
    }

    /// Notes a file the import wrote (one that did not exist before).
    pub(crate) fn note_file(&mut self, path: PathBuf) {
        self.files.push(path);
    }

    /// Removes every noted file, then every noted folder, newest first.
    pub(crate) fn remove_all(self) {
        for file in self.files.iter().rev() {
            let _ = std::fs::remove_file(file);
        }
        for folder in self.folders.iter().rev() {
            // Temporaries of failed writes are removed by the writer; a
            // folder still holding something else stays.
            let _ = std::fs::remove_dir(folder);
        }
    }
}
