//! Pipes, devices and huge files are refused by name, never read blindly;
//! the checks stay fast on files built to make them slow.
#![cfg(unix)]

use crate::support as reliability_support;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use reliability_support::sample_project;
use spanwright::annotations::{AnnotationFile, repeated_entity_file};
use spanwright::cli::reanchor::{ReanchorOptions, reanchor_project};
use spanwright::cli::stats::stats_output;
use spanwright::cli::validate::validate_project;
use spanwright::formats::{ExportOptions, Format, export};
use spanwright::project::{ANNOTATION_FILE_LIMIT, OpenDocument, Project, SCHEMA_FILE_LIMIT};
use spanwright::qa::check_project;

const DOC: &str = "channel-crossings.txt";
const FILE: &str = "annotations/alice/channel-crossings.txt.json";

/// Runs `work` on another thread and fails the test if it takes longer than
/// `limit`: a blocking read would otherwise hang the suite.
fn within<T: Send + 'static>(limit: Duration, what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(work());
    });
    receive
        .recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{what} did not finish within {limit:?}"))
}

fn make_fifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo failed");
}

#[test]
fn a_fifo_as_an_annotation_file_is_reported_by_name_and_never_blocks() {
    let (dir, root) = sample_project();
    // Agreement needs a second annotator's file for the document.
    let bob = root.join("annotations/bob").join(format!("{DOC}.json"));
    if !bob.exists() {
        std::fs::copy(root.join(FILE), &bob).unwrap();
    }
    make_fifo(&root.join(FILE));
    let out = dir.path().join("out.jsonl");
    let limit = Duration::from_secs(30);
    let reported = |text: &str| text.contains(FILE) && text.contains("named pipe");

    let validate = within(limit, "validate", {
        let root = root.clone();
        move || validate_project(&root, false)
    });
    assert_eq!(validate.exit_code, 1);
    assert!(reported(&validate.stdout), "{}", validate.stdout);

    let stats = within(limit, "stats", {
        let root = root.clone();
        move || stats_output(&root, false)
    });
    assert!(reported(&format!("{}{}", stats.stdout, stats.stderr)), "{stats:?}");

    let exported = within(limit, "export", {
        let root = root.clone();
        move || {
            let project = Project::open(&root).unwrap();
            let mut options = ExportOptions::new(Format::Jsonl);
            options.annotator = Some("alice".into());
            export(&project, &options, &out, &mut |_, _| {}).map(|_| ())
        }
    });
    let err = exported.unwrap_err().to_string();
    assert!(reported(&err), "{err}");

    let agree = within(limit, "agree", {
        let root = root.clone();
        move || spanwright::agreement::agree_report(&Project::open(&root).unwrap(), None).map(|r| r.skipped)
    });
    let skipped = format!("{agree:?}");
    assert!(skipped.contains("named pipe"), "{skipped}");

    let (code, text) = within(limit, "reanchor", {
        let root = root.clone();
        move || reanchor_project(&Project::open(&root).unwrap(), &ReanchorOptions::default())
    });
    assert_eq!(code, 1, "{text}");
    assert!(reported(&text), "{text}");

    let opened = within(limit, "open", move || {
        let project = Project::open(&root).unwrap();
        OpenDocument::open(&project, DOC, "alice")
            .unwrap()
            .read_only_reason()
            .map(str::to_owned)
    });
    let reason = opened.unwrap();
    assert!(reported(&reason), "{reason}");
}

#[test]
fn files_linked_to_dev_zero_are_refused_unread() {
    let (_dir, root) = sample_project();
    let annotation = root.join(FILE);
    std::fs::remove_file(&annotation).unwrap();
    symlink("/dev/zero", &annotation).unwrap();
    let limit = Duration::from_secs(30);
    let reason = within(limit, "open", {
        let root = root.clone();
        move || {
            let project = Project::open(&root).unwrap();
            let document = OpenDocument::open(&project, DOC, "alice").unwrap();
            document.read_only_reason().map(str::to_owned)
        }
    });
    let reason = reason.unwrap();
    assert!(reason.contains(FILE) && reason.contains("a device"), "{reason}");
    let err = AnnotationFile::load(&annotation, FILE).unwrap_err().to_string();
    assert!(err.contains("a device, not a regular file"), "{err}");

    symlink("/dev/zero", root.join("spanwright-schema.json")).unwrap();
    let err = within(limit, "open with schema", move || Project::open(&root).map(drop))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("spanwright-schema.json") && err.contains("a device"),
        "{err}"
    );
}

#[test]
fn files_over_the_size_limit_are_refused_unread() {
    let (_dir, root) = sample_project();
    let annotation = root.join(FILE);
    // Sparse: the size is claimed, not written.
    let file = std::fs::File::options().write(true).open(&annotation).unwrap();
    file.set_len(ANNOTATION_FILE_LIMIT + 1).unwrap();
    drop(file);
    let project = Project::open(&root).unwrap();
    let document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let reason = document.read_only_reason().unwrap();
    assert!(reason.contains("larger than the limit of 256 MiB"), "{reason}");
    assert_eq!(document.save_job().map(|job| job.file_name), None, "never saved over");
    assert_eq!(std::fs::metadata(&annotation).unwrap().len(), ANNOTATION_FILE_LIMIT + 1);

    let schema = std::fs::File::create(root.join("spanwright-schema.json")).unwrap();
    schema.set_len(SCHEMA_FILE_LIMIT + 1).unwrap();
    let err = Project::open(&root).unwrap_err().to_string();
    assert!(err.contains("larger than the limit"), "{err}");
}

#[test]
fn three_hundred_thousand_identical_entities_are_checked_in_n_log_n() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let document = project.load_text(DOC).unwrap();
    let count = 300_000;
    let file = repeated_entity_file(&document, "alice", "COUNTRY", count);
    std::fs::write(root.join(FILE), file.to_json()).unwrap();
    // Quadratic checks take minutes here; the benchmark times this case.
    let report = within(Duration::from_secs(240), "validate", move || check_project(&project));
    let in_file: Vec<_> = report.errors().filter(|f| f.file == FILE).collect();
    let duplicate_ids = in_file.iter().filter(|f| f.message == "duplicate id \"e1\"").count();
    let duplicate_spans = in_file
        .iter()
        .filter(|f| f.message.starts_with("duplicate entity COUNTRY "))
        .count();
    assert_eq!(duplicate_ids, count - 1);
    assert_eq!(duplicate_spans, count - 1, "each duplicate reported once");
}
