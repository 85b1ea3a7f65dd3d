//! The annotation core knows nothing of the window: no file of it names
//! egui, eframe or the `gui` module.

use std::path::{Path, PathBuf};

const CORE: &[&str] = &[
    "src/text",
    "src/schema",
    "src/annotations",
    "src/project",
    "src/formats",
    "src/agreement",
    "src/curation",
    "src/qa",
    "src/reanchor",
    "src/bench",
    "src/review.rs",
    "src/sample.rs",
];

fn rust_files(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("list") {
            rust_files(&entry.expect("entry").path(), found);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        found.push(path.to_path_buf());
    }
}

#[test]
fn the_core_never_uses_the_window() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for part in CORE {
        rust_files(&root.join(part), &mut files);
    }
    assert!(files.len() > 40, "the core's files were found ({})", files.len());
    let offenders: Vec<String> = files
        .iter()
        .filter(|file| {
            let source = std::fs::read_to_string(file).expect("read");
            source
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|line| line.contains("egui") || line.contains("eframe") || line.contains("crate::gui"))
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "core files that use the window: {offenders:?}");
}
