//! The layers: the compiler keeps the window out of the core (it does not
//! build without the `gui` feature otherwise); this keeps the command line
//! and the benchmark out of it too, and the window off the command line.

use std::path::{Path, PathBuf};

fn rust_files(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("list") {
            rust_files(&entry.expect("entry").path(), found);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        found.push(path.to_path_buf());
    }
}

fn files_naming(layer_dirs: &[&str], forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files
        .iter()
        .filter(|file| {
            let relative = file.strip_prefix(&root).expect("inside src");
            let top = relative.components().next().expect("a name");
            let top = top.as_os_str().to_string_lossy();
            layer_dirs
                .iter()
                .any(|layer| top == *layer || top == format!("{layer}.rs"))
        })
        .filter(|file| {
            let source = std::fs::read_to_string(file).expect("read");
            source
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .any(|line| forbidden.iter().any(|name| line.contains(name)))
        })
        .map(|file| file.display().to_string())
        .collect()
}

const CORE: &[&str] = &[
    "text",
    "schema",
    "annotations",
    "project",
    "formats",
    "agreement",
    "curation",
    "qa",
    "reanchor",
    "review",
    "sample",
    "model",
];

#[test]
fn the_core_names_neither_the_window_nor_the_command_line() {
    let offenders = files_naming(CORE, &["crate::gui", "crate::cli", "crate::bench", "egui", "eframe"]);
    assert!(offenders.is_empty(), "core files that reach up a layer: {offenders:?}");
}

#[test]
fn the_window_does_not_call_the_command_line() {
    let offenders = files_naming(&["gui"], &["crate::cli"]);
    assert!(
        offenders.is_empty(),
        "window files that call the command line: {offenders:?}"
    );
}
