//! `spanwright export` and `spanwright import`, through the functions the
//! commands run: the printed summary, and clear errors.

use crate::support as formats_support;

use std::path::Path;

use clap::Parser as _;
use formats_support::*;
use spanwright::cli::Cli;
use spanwright::cli::export::{ExportArgs, export_command};
use spanwright::cli::import::{ImportArgs, import_command};

fn export_args(project: &Path, format: &str, out: &Path) -> ExportArgs {
    ExportArgs {
        project_dir: project.to_path_buf(),
        format: format.into(),
        out: out.to_path_buf(),
        annotator: None,
        status: None,
        scheme: None,
        follow_outside_links: false,
    }
}

fn import_args(format: &str, input: &Path, into: &Path, annotator: Option<&str>) -> ImportArgs {
    ImportArgs {
        format: format.into(),
        input: input.to_path_buf(),
        into: into.to_path_buf(),
        annotator: annotator.map(str::to_owned),
        skip_invalid: false,
        source: None,
        map_labels: None,
        relation_type: None,
        newlines: None,
    }
}

#[test]
fn export_then_import_prints_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project(dir.path(), "project");
    let out = dir.path().join("corpus.jsonl");
    let printed = export_command(&export_args(&project, "jsonl", &out)).unwrap();
    assert!(printed.starts_with("exported jsonl (annotator alice)\n"), "{printed}");
    assert!(printed.contains("  entities   131\n"), "{printed}");
    assert!(printed.contains("  relations  62\n"), "{printed}");

    let printed = import_command(&import_args("jsonl", &out, &dir.path().join("copy"), Some("carol"))).unwrap();
    assert!(printed.starts_with("imported as annotator carol\n"), "{printed}");
    assert!(printed.contains("  entities       131\n"), "{printed}");
    assert!(
        dir.path()
            .join("copy/annotations/carol/albania-centres.txt.json")
            .exists()
    );
}

#[test]
fn status_done_exports_done_and_reviewed_documents_only() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project(dir.path(), "project");
    let out = dir.path().join("done.jsonl");
    let printed = export_command(&ExportArgs {
        status: Some("done".into()),
        ..export_args(&project, "jsonl", &out)
    })
    .unwrap();
    assert!(printed.contains("  documents  3\n"), "{printed}");
    assert!(
        printed.contains("3 documents left out by the status filter"),
        "{printed}"
    );
    let statuses: Vec<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["status"].to_string())
        .collect();
    assert_eq!(statuses, ["\"done\"", "\"done\"", "\"done\""]);
}

#[test]
fn several_annotators_need_a_choice() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project(dir.path(), "project");
    copy_dir(&project.join("annotations/alice"), &project.join("annotations/bob"));
    let out = dir.path().join("out.jsonl");
    let err = export_command(&export_args(&project, "jsonl", &out)).unwrap_err();
    assert_eq!(
        err,
        "the project has annotations by alice, bob; choose whose to export with --annotator NAME"
    );
    let err = export_command(&ExportArgs {
        annotator: Some("zoe".into()),
        ..export_args(&project, "jsonl", &out)
    })
    .unwrap_err();
    assert_eq!(
        err,
        "no annotations by \"zoe\" in this project (annotators: alice, bob)"
    );
    assert!(!out.exists());
    let printed = export_command(&ExportArgs {
        annotator: Some("bob".into()),
        ..export_args(&project, "jsonl", &out)
    })
    .unwrap();
    assert!(printed.starts_with("exported jsonl (annotator bob)"), "{printed}");
}

#[test]
fn a_project_without_annotations_exports_its_texts() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join("a.txt"), "Rome.").unwrap();
    let out = dir.path().join("texts.jsonl");
    let printed = export_command(&export_args(&project, "jsonl", &out)).unwrap();
    assert!(
        printed.starts_with("exported jsonl (no annotator (texts only))"),
        "{printed}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "{\"id\":\"a.txt\",\"text\":\"Rome.\",\"entities\":[],\"relations\":[],\"annotator\":null,\"status\":\"todo\"}\n"
    );
}

#[test]
fn misused_options_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_project(dir.path(), "project");
    let out = dir.path().join("out.jsonl");
    let err = export_command(&ExportArgs {
        scheme: Some("bilou".into()),
        ..export_args(&project, "jsonl", &out)
    })
    .unwrap_err();
    assert_eq!(err, "--scheme applies to --format conll only");
    let err = import_command(&import_args("jsonl", &out, &project, None)).unwrap_err();
    assert_eq!(err, "name the annotator to import as with --annotator NAME");
    let err = import_command(&import_args("predictions", &out, &project, Some("alice"))).unwrap_err();
    assert!(err.starts_with("--annotator does not apply to predictions"), "{err}");
    let err = export_command(&export_args(&project, "brat", &project.join("channel-crossings.txt"))).unwrap_err();
    assert!(
        err.ends_with("is a file; brat export writes a folder: give a folder name with --out"),
        "{err}"
    );
}

#[test]
fn the_command_line_accepts_the_documented_forms() {
    let parses = |args: &[&str]| Cli::try_parse_from(std::iter::once("spanwright").chain(args.iter().copied()));
    assert!(
        parses(&[
            "export", "p", "--format", "conll", "--out", "o.conll", "--scheme", "bilou"
        ])
        .is_ok()
    );
    assert!(
        parses(&[
            "export",
            "p",
            "--format",
            "brat",
            "--out",
            "o",
            "--annotator",
            "a",
            "--status",
            "done"
        ])
        .is_ok()
    );
    assert!(
        parses(&[
            "import",
            "label-studio",
            "t.json",
            "--into",
            "p",
            "--annotator",
            "a",
            "--skip-invalid"
        ])
        .is_ok()
    );
    assert!(parses(&["import", "predictions", "m.jsonl", "--into", "p", "--source", "m"]).is_ok());
    let err = parses(&["import", "conll", "x", "--into", "p", "--annotator", "a"]).unwrap_err();
    assert!(
        err.to_string()
            .contains("possible values: jsonl, doccano, label-studio, brat, predictions"),
        "{err}"
    );
}

#[test]
fn import_flags_rename_labels_and_newlines_applies_to_brat_only() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        r#"{"id": 1, "text": "Rome is big.", "label": [[0, 4, "City"]]}"#,
    )
    .unwrap();
    let map = dir.path().join("map.json");
    std::fs::write(&map, r#"{"City": "LOCATION"}"#).unwrap();
    let into = dir.path().join("p");
    let mut args = import_args("doccano", &input, &into, Some("alice"));
    args.newlines = Some("lf".into());
    assert_eq!(
        import_command(&args).unwrap_err(),
        "--newlines lf applies to brat imports only"
    );
    args.newlines = None;
    args.map_labels = Some(map);
    let printed = import_command(&args).unwrap();
    assert!(printed.contains("entities       1"), "{printed}");
}
