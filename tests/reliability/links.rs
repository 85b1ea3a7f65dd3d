//! A project cloned with symbolic links in it never makes Spanwright write,
//! truncate or delete anything outside the project folder.
#![cfg(unix)]

use crate::support as reliability_support;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use reliability_support::sample_project;
use spanwright::annotations::AnnotationFile;
use spanwright::annotations::Status;
use spanwright::cli::reanchor::{ReanchorOptions, reanchor_project};
use spanwright::formats::{ExportError, ExportOptions, Format, ImportOptions, export, export_following_links, import};
use spanwright::project::{
    AnnotatorLock, OpenDocument, Project, RetentionPolicy, SaveError, VersionStore, lock_path, restore_version,
};

const DOC: &str = "channel-crossings.txt";

/// Every file below `folder` with its bytes, to show nothing there changed.
fn contents_of(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    found.sort();
    found
}

/// Saves one edit of `doc` through the window's path, so that a version is kept.
fn save_an_edit(project: &Project, doc: &str, status: Status) {
    let mut document = OpenDocument::open(project, doc, "alice").unwrap();
    let edit = document.set().set_status_edit(status).unwrap();
    document.apply(edit, project.schema()).unwrap();
    document.save_now().unwrap();
}

#[test]
fn a_lock_file_linked_outside_is_never_truncated() {
    let (_dir, root) = sample_project();
    let outside = tempfile::tempdir().unwrap();
    let precious = outside.path().join("precious.txt");
    std::fs::write(&precious, "someone's file\n").unwrap();
    let project = Project::open(&root).unwrap();
    save_an_edit(&project, DOC, Status::Done);
    std::fs::write(
        root.join(DOC),
        std::fs::read_to_string(root.join(DOC)).unwrap() + "More.\n",
    )
    .unwrap();
    let lock = lock_path(&root, "alice");
    let _ = std::fs::remove_file(&lock);
    symlink(&precious, &lock).unwrap();
    let annotation = project.annotation_path("alice", DOC);
    let before = std::fs::read(&annotation).unwrap();

    let err = AnnotatorLock::acquire(&project, "alice").unwrap_err();
    assert!(err.to_string().contains("is a symbolic link"), "{err}");

    // The restore command takes the lock first; so does reanchor --apply.
    let code = spanwright::cli::restore::run(&root, DOC, "alice", false, Some(1));
    assert_ne!(code, std::process::ExitCode::SUCCESS);
    let options = ReanchorOptions {
        annotator: Some("alice".into()),
        apply: true,
        accept_changed: true,
    };
    let (exit, out) = reanchor_project(&project, &options);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("is a symbolic link"), "{out}");
    assert!(!out.contains("close that window"), "{out}");

    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "someone's file\n");
    assert_eq!(std::fs::read(&annotation).unwrap(), before);
}

#[test]
fn a_history_folder_linked_outside_loses_none_of_its_files() {
    let (_dir, root) = sample_project();
    let outside = tempfile::tempdir().unwrap();
    let project = Project::open(&root).unwrap();
    let annotation = project.annotation_path("alice", DOC);
    let current = std::fs::read(&annotation).unwrap();
    // Twenty-five files that look like versions of this very document, old
    // enough for pruning to delete most of them.
    let mut version = AnnotationFile::parse("current", std::str::from_utf8(&current).unwrap()).unwrap();
    for number in 1..=25u64 {
        version.comment = Some(format!("version {number}"));
        let name = format!("{number:06}-{}.json", 1_000_000_000_000 + number);
        std::fs::write(outside.path().join(name), version.to_json()).unwrap();
    }
    let before = contents_of(outside.path());
    let history = VersionStore::for_document(&project, "alice", DOC);
    std::fs::create_dir_all(history.folder().parent().unwrap()).unwrap();
    symlink(outside.path(), history.folder()).unwrap();

    let err = restore_version(&project, "alice", DOC, 3).unwrap_err();
    assert!(err.to_string().contains("is a symbolic link"), "{err}");
    let err = history
        .prune(std::time::SystemTime::now(), RetentionPolicy::DEFAULT)
        .unwrap_err();
    assert!(err.to_string().contains("is a symbolic link"), "{err}");
    // A save keeps the replaced file in the history first: refused too.
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let edit = document.set().set_status_edit(Status::Reviewed).unwrap();
    document.apply(edit, project.schema()).unwrap();
    let err = document.save_now().unwrap_err();
    assert!(matches!(err, SaveError::History { .. }), "{err}");

    assert_eq!(contents_of(outside.path()), before);
    assert_eq!(std::fs::read(&annotation).unwrap(), current);
}

#[test]
fn an_import_never_writes_through_a_linked_folder() {
    let (dir, root) = sample_project();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), root.join("link")).unwrap();
    let input = dir.path().join("evil.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"link/evil.txt\", \"text\": \"Written outside.\\n\", \"entities\": [], \"relations\": [], \"status\": \"done\"}\n",
    )
    .unwrap();
    let options = ImportOptions {
        format: Format::Jsonl,
        input,
        project_dir: root.clone(),
        annotator: "mallory".into(),
        skip_invalid: false,
    };
    let err = import(&options, &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("is a symbolic link"), "{err}");
    assert_eq!(contents_of(outside.path()), []);
    assert!(!root.join("annotations/mallory").exists(), "nothing is left behind");
}

#[test]
fn a_text_copy_folder_linked_outside_receives_nothing() {
    let (_dir, root) = sample_project();
    let outside = tempfile::tempdir().unwrap();
    let texts = root.join("annotations/.texts");
    if texts.exists() {
        std::fs::remove_dir_all(&texts).unwrap();
    }
    symlink(outside.path(), &texts).unwrap();
    let project = Project::open(&root).unwrap();
    let annotation = project.annotation_path("alice", DOC);
    let before = std::fs::read(&annotation).unwrap();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let edit = document.set().set_status_edit(Status::Reviewed).unwrap();
    document.apply(edit, project.schema()).unwrap();
    let err = document.save_now().unwrap_err();
    assert!(matches!(err, SaveError::TextSnapshot { .. }), "{err}");
    assert!(err.to_string().contains("is a symbolic link"), "{err}");
    assert_eq!(contents_of(outside.path()), []);
    assert_eq!(std::fs::read(&annotation).unwrap(), before);
}

#[test]
fn a_text_linked_outside_is_listed_with_a_warning_and_exported_only_when_asked() {
    let (dir, root) = sample_project();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "Private notes kept elsewhere.\n").unwrap();
    symlink(&secret, root.join("leak.txt")).unwrap();
    let project = Project::open(&root).unwrap();
    assert!(project.document("leak.txt").is_some(), "still listed");
    assert_eq!(project.links_outside(), ["leak.txt"]);
    let warning = project.outside_links_warning().unwrap();
    assert!(
        warning.contains("leak.txt") && warning.contains("outside the project"),
        "{warning}"
    );

    let validated = spanwright::cli::validate::validate_project(&root, false).stdout;
    assert!(
        validated.contains("warning: 1 document is a link to a file outside the project folder: leak.txt"),
        "{validated}"
    );

    let out = dir.path().join("corpus.jsonl");
    let mut options = ExportOptions::new(Format::Jsonl);
    options.annotator = Some("alice".into());
    let err = export(&project, &options, &out, &mut |_, _| {}).unwrap_err();
    assert!(matches!(err, ExportError::OutsideLinks { .. }), "{err}");
    assert!(err.to_string().contains("--follow-outside-links"), "{err}");
    assert!(!out.exists());

    export_following_links(&project, &options, &out, &mut |_, _| {}, true).unwrap();
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(exported.contains("Private notes kept elsewhere."));
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        "Private notes kept elsewhere.\n"
    );
}
