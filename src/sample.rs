//! The sample corpus built into the binary, so that `spanwright` with no
//! arguments opens something real wherever it is run from.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

static SAMPLE_CORPUS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/assets/sample-corpus");

/// Writes the sample corpus into `target` and returns it. Files already there
/// are left as they are, so work done on the sample survives.
pub fn install_sample_corpus(target: &Path) -> std::io::Result<PathBuf> {
    write_missing(&SAMPLE_CORPUS, target)?;
    Ok(target.to_path_buf())
}

fn write_missing(dir: &Dir<'_>, target: &Path) -> std::io::Result<()> {
    for file in dir.files() {
        let path = target.join(file.path());
        if !path.exists() {
            crate::project::atomic_write(&path, file.contents())?;
        }
    }
    for sub in dir.dirs() {
        write_missing(sub, target)?;
    }
    Ok(())
}

/// Where the sample corpus is installed for this user.
pub fn default_sample_location() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Spanwright", "Spanwright").map(|dirs| dirs.data_dir().join("sample-corpus"))
}
