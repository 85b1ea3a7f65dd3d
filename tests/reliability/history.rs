//! Every save keeps the file it replaces; `spanwright restore` lists and
//! brings back earlier versions; an unchanged document is never rewritten.

use crate::support as reliability_support;

use reliability_support::sample_project;
use spanwright::annotations::{AnnotationFile, Status};
use spanwright::cli::restore::{restore, version_list};
use spanwright::project::{
    AnnotatorLock, OpenDocument, Project, RestoreError, RetentionPolicy, SaveOutcome, VersionStore, restore_version,
};

const DOC: &str = "channel-crossings.txt";

fn mark(document: &mut OpenDocument, project: &Project, status: Status) {
    let edit = document.set().set_status_edit(status).unwrap();
    document.apply(edit, project.schema()).unwrap();
    document.save_now().unwrap();
}

#[test]
fn each_save_keeps_the_file_it_replaces() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let path = project.annotation_path("alice", DOC);
    let original = std::fs::read(&path).unwrap();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    mark(&mut document, &project, Status::InProgress);
    let after_first = std::fs::read(&path).unwrap();
    mark(&mut document, &project, Status::Done);

    let versions = VersionStore::for_document(&project, "alice", DOC).list().unwrap();
    let kept: Vec<Vec<u8>> = versions.iter().map(|v| std::fs::read(&v.path).unwrap()).collect();
    assert_eq!(kept, [original, after_first]);
    assert_eq!(versions.iter().map(|v| v.number).collect::<Vec<_>>(), [1, 2]);
    // Hidden: the history is no document and no annotation file.
    assert_eq!(Project::open(&root).unwrap().documents().len(), 6);
    assert_eq!(spanwright::qa::project_problems(&project), []);
}

#[test]
fn history_is_pruned_to_the_newest_versions_of_a_session() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let saves = RetentionPolicy::DEFAULT.newest + 10;
    for i in 0..saves {
        let status = if i % 2 == 0 { Status::Done } else { Status::Todo };
        mark(&mut document, &project, status);
    }
    let numbers: Vec<u64> = VersionStore::for_document(&project, "alice", DOC)
        .list()
        .unwrap()
        .iter()
        .map(|v| v.number)
        .collect();
    // All saved within the hour: the newest ones are kept, numbers unchanged.
    let first_kept = (saves - RetentionPolicy::DEFAULT.newest + 1) as u64;
    assert_eq!(numbers, (first_kept..=saves as u64).collect::<Vec<_>>());
}

#[test]
fn restore_lists_versions_and_brings_one_back_keeping_the_current_file() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let path = project.annotation_path("alice", DOC);
    let original = std::fs::read(&path).unwrap();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    for id in ["e1", "e2", "e3"] {
        let edit = document.set().remove_entity_edit(id).unwrap();
        document.apply(edit, project.schema()).unwrap();
        document.save_now().unwrap();
    }
    let current = std::fs::read(&path).unwrap();

    let listing = version_list(&project, "alice", DOC).unwrap();
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(
        lines[0],
        "annotations/alice/channel-crossings.txt.json: now 23 entities, 7 relations, todo"
    );
    assert!(lines[1].starts_with("version  saved"), "{listing}");
    // Newest first: version 3 had 24 entities, version 1 (the original) 26.
    let counts: Vec<(&str, &str)> = lines[2..]
        .iter()
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            (words[0], words[3])
        })
        .collect();
    assert_eq!(counts, [("3", "24"), ("2", "25"), ("1", "26")]);

    let message = restore(&project, "alice", DOC, 1).unwrap();
    assert_eq!(
        message,
        "annotations/alice/channel-crossings.txt.json: restored version 1; the file it replaced is kept as version 4\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), original);
    let kept = VersionStore::for_document(&project, "alice", DOC)
        .find(4)
        .unwrap()
        .unwrap();
    assert_eq!(std::fs::read(kept.path).unwrap(), current);

    // The window that had the document open cannot save over the restore.
    let edit = document.set().set_status_edit(Status::Done).unwrap();
    document.apply(edit, project.schema()).unwrap();
    assert!(document.save_now().is_err());
    assert_eq!(std::fs::read(&path).unwrap(), original);

    // Restoring what is already current changes nothing.
    let again = restore(&project, "alice", DOC, 1).unwrap();
    assert!(
        again.contains("version 1 is the current file; nothing changed"),
        "{again}"
    );
}

#[test]
fn restore_refuses_missing_and_damaged_versions() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let path = project.annotation_path("alice", DOC);
    let before = std::fs::read(&path).unwrap();
    let err = restore_version(&project, "alice", DOC, 9).unwrap_err();
    assert_eq!(
        err.to_string(),
        "annotations/alice/channel-crossings.txt.json: no earlier version 9 (see --list)"
    );
    let store = VersionStore::for_document(&project, "alice", DOC);
    std::fs::create_dir_all(store.folder()).unwrap();
    std::fs::write(store.folder().join("000001-1700000000000.json"), b"{\"format\": ").unwrap();
    let err = restore_version(&project, "alice", DOC, 1).unwrap_err();
    assert!(matches!(err, RestoreError::Damaged { number: 1, .. }), "{err}");
    assert!(err.to_string().contains("invalid JSON"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let listing = version_list(&project, "alice", DOC).unwrap();
    assert!(listing.contains("unreadable:"), "{listing}");
}

#[test]
fn the_restore_command_waits_for_the_window_to_close() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    mark(&mut document, &project, Status::Done);
    let path = project.annotation_path("alice", DOC);
    let before = std::fs::read(&path).unwrap();
    let window = AnnotatorLock::acquire(&project, "alice").unwrap();
    let code = spanwright::cli::restore::run(&root, DOC, "alice", false, Some(1));
    assert_eq!(code, std::process::ExitCode::from(2));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    drop(window);
    assert_eq!(
        spanwright::cli::restore::run(&root, DOC, "alice", false, Some(1)),
        std::process::ExitCode::SUCCESS
    );
    assert_ne!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn an_unchanged_document_is_never_rewritten() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let path = project.annotation_path("alice", DOC);
    // A rewrite through a temporary file would change the inode.
    let identity = || {
        let meta = std::fs::metadata(&path).unwrap();
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        (inode, meta.modified().unwrap(), std::fs::read(&path).unwrap())
    };
    let before = identity();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    assert!(document.save_job().is_none(), "nothing to save right after opening");
    assert_eq!(document.save_now().unwrap(), SaveOutcome::Unchanged);

    // An edit and its undo leave the document dirty but its file the same.
    let edit = document.set().remove_entity_edit("e4").unwrap();
    document.apply(edit, project.schema()).unwrap();
    document.undo(project.schema()).unwrap().unwrap();
    assert!(document.is_dirty());
    assert_eq!(document.save_now().unwrap(), SaveOutcome::Unchanged);
    assert!(!document.is_dirty());

    assert_eq!(identity(), before, "the file was rewritten");
    assert_eq!(VersionStore::for_document(&project, "alice", DOC).list().unwrap(), []);

    // A document never annotated gets no file at all.
    let mut fresh = OpenDocument::open(&project, "border-summit-preview.txt", "alice").unwrap();
    assert_eq!(fresh.save_now().unwrap(), SaveOutcome::Unchanged);
    assert!(!project.annotation_path("alice", "border-summit-preview.txt").exists());
}

#[test]
fn a_save_stores_the_annotated_text_once() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let text = document.document().clone();
    mark(&mut document, &project, Status::Done);
    let copy = spanwright::project::text_snapshot_path(&root, text.sha256());
    assert_eq!(std::fs::read(&copy).unwrap(), text.to_file_bytes());
    let stored = AnnotationFile::load(&project.annotation_path("alice", DOC), "x").unwrap();
    assert_eq!(stored.document.sha256, text.sha256());
    assert_eq!(
        spanwright::project::load_text_snapshot(&project, DOC, text.sha256())
            .unwrap()
            .text(),
        text.text()
    );
}

#[test]
fn restore_takes_either_list_or_version() {
    use clap::Parser as _;
    use spanwright::cli::Cli;
    let base = ["spanwright", "restore", "project", DOC, "--annotator", "alice"];
    let with = |extra: &[&str]| Cli::try_parse_from(base.iter().chain(extra)).is_ok();
    assert!(with(&["--list"]));
    assert!(with(&["--version", "3"]));
    assert!(!with(&[]), "one of --list and --version is needed");
    assert!(!with(&["--list", "--version", "3"]));
    assert!(!with(&["--version", "three"]));
    assert!(Cli::try_parse_from(["spanwright", "restore", "project", DOC, "--list"]).is_err());
}
