//! Imports that fail leave nothing behind, printed text cannot drive the
//! terminal, errors say what failed, a restore takes only its own
//! document's versions, and a read-only file stays read-only.
#![cfg(unix)]

use crate::support as reliability_support;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use reliability_support::{files_ending_with, sample_project};
use spanwright::annotations::Status;
use spanwright::formats::{Format, ImportOptions, import};
use spanwright::project::{
    OpenDocument, Project, RestoreError, SaveError, VersionStore, lock_path, restore_version, save_if_unchanged_on_disk,
};

const DOC: &str = "channel-crossings.txt";

fn every_file(root: &Path) -> Vec<PathBuf> {
    files_ending_with(root, "")
}

fn jsonl_import(input: PathBuf, root: &Path) -> ImportOptions {
    ImportOptions {
        format: Format::Jsonl,
        input,
        project_dir: root.to_path_buf(),
        annotator: "carol".into(),
        skip_invalid: false,
    }
}

fn record(id: &str, text: &str) -> String {
    let line = serde_json::json!({
        "id": id,
        "text": text,
        "entities": [{"id": "e1", "start": 0, "end": 5, "label": "PERSON", "text": &text[..5]}],
        "relations": [],
        "status": "done",
    });
    format!("{line}\n")
}

#[test]
fn an_import_failing_half_way_leaves_nothing_behind() {
    let (dir, root) = sample_project();
    let before = every_file(&root);
    // The first document becomes a file that the second needs as a folder:
    // the second write fails after the first one succeeded.
    let input = dir.path().join("in.jsonl");
    let lines = record("new/a.txt", "Maria spoke.\n") + &record("new/a.txt/b.txt", "Pablo spoke.\n");
    std::fs::write(&input, lines).unwrap();
    let err = import(&jsonl_import(input, &root), &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("new/a.txt"), "{err}");
    assert_eq!(every_file(&root), before, "{err}");
    assert!(!root.join("new").exists());
    assert!(!root.join("annotations/carol").exists());
}

#[test]
fn an_id_too_long_for_the_file_system_is_refused_before_writing() {
    let (dir, root) = sample_project();
    let before = every_file(&root);
    // The text's name fits in 255 bytes; its annotation file's name (".json" more) does not.
    let long_id = format!("{}.txt", "x".repeat(247));
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        record("short.txt", "Maria spoke.\n") + &record(&long_id, "Pablo spoke.\n"),
    )
    .unwrap();
    let err = import(&jsonl_import(input, &root), &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("is 256 bytes; file systems take at most 255"), "{err}");
    assert_eq!(every_file(&root), before);
}

/// The command line, run for real so that what reaches the terminal is seen.
fn spanwright(args: &[&str]) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_spanwright"))
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn control_characters_from_files_are_escaped_on_the_terminal() {
    let (_dir, root) = sample_project();
    let path = root.join("annotations/alice").join(format!("{DOC}.json"));
    let json = std::fs::read_to_string(&path).unwrap();
    let evil = json.replacen("\"label\": \"", "\"label\": \"\\u001b[2J\\u0000EVIL", 1);
    assert_ne!(evil, json);
    std::fs::write(&path, evil).unwrap();
    let (stdout, stderr) = spanwright(&["validate", root.to_str().unwrap()]);
    for printed in [&stdout, &stderr] {
        assert!(!printed.contains('\u{1b}') && !printed.contains('\0'), "{printed:?}");
    }
    assert!(stdout.contains("\\u{1b}[2J\\0EVIL"), "{stdout}");
}

#[test]
fn a_lock_that_cannot_be_taken_says_why_not_close_the_window() {
    let (_dir, root) = sample_project();
    let lock = lock_path(&root, "alice");
    let _ = std::fs::remove_file(&lock);
    // A folder where the lock file goes: the lock fails as on a broken disk.
    std::fs::create_dir(&lock).unwrap();
    let project = Project::open(&root).unwrap();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let edit = document.set().set_status_edit(Status::Done).unwrap();
    document.apply(edit, project.schema()).unwrap();
    document.save_now().unwrap();
    let (_, stderr) = spanwright(&[
        "restore",
        root.to_str().unwrap(),
        DOC,
        "--annotator",
        "alice",
        "--version",
        "1",
    ]);
    assert!(
        stderr.contains("cannot lock") && stderr.contains("nothing was restored"),
        "{stderr}"
    );
    assert!(!stderr.contains("close that window"), "{stderr}");
    std::fs::write(
        root.join(DOC),
        std::fs::read_to_string(root.join(DOC)).unwrap() + "More.\n",
    )
    .unwrap();
    let (stdout, _) = spanwright(&["reanchor", root.to_str().unwrap(), "--apply"]);
    assert!(stdout.contains("cannot lock"), "{stdout}");
    assert!(!stdout.contains("close that window"), "{stdout}");
}

#[test]
fn a_version_of_another_document_is_not_restored() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let other = project
        .documents()
        .iter()
        .map(|d| d.id.clone())
        .find(|id| id != DOC && project.annotation_path("alice", id).exists())
        .unwrap();
    // A version of `other` slipped into this document's history.
    let history = VersionStore::for_document(&project, "alice", DOC);
    std::fs::create_dir_all(history.folder()).unwrap();
    std::fs::copy(
        project.annotation_path("alice", &other),
        history.folder().join("000007-1714559520123.json"),
    )
    .unwrap();
    let before = std::fs::read(project.annotation_path("alice", DOC)).unwrap();
    let err = restore_version(&project, "alice", DOC, 7).unwrap_err();
    assert!(matches!(err, RestoreError::OtherDocument { .. }), "{err}");
    assert!(err.to_string().contains(&format!("of document \"{other}\"")), "{err}");
    assert_eq!(std::fs::read(project.annotation_path("alice", DOC)).unwrap(), before);
}

#[test]
fn a_read_only_annotation_file_is_respected() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let path = project.annotation_path("alice", DOC);
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();

    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let reason = document.read_only_reason().unwrap().to_owned();
    assert!(reason.contains("is read-only"), "{reason}");
    let edit = document.set().set_status_edit(Status::Done).unwrap();
    assert!(document.apply(edit, project.schema()).is_err(), "no edits to lose");

    let sha = spanwright::text::sha256_hex(&before);
    let err = save_if_unchanged_on_disk(&root, &path, "the file", b"{}", Some(&sha)).unwrap_err();
    assert!(matches!(err, SaveError::ReadOnly { .. }), "{err}");

    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
