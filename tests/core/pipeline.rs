//! The command line as a pipeline or a pre-commit hook runs it: the binary
//! this build made (without the window under `--no-default-features`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    spanwright::sample::install_sample_corpus(&root).unwrap();
    (dir, root)
}

fn spanwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spanwright"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("run spanwright")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn staged(root: &Path, files: &[&str]) -> Vec<PathBuf> {
    files.iter().map(|f| root.join(f)).collect()
}

#[test]
fn the_hook_passes_good_staged_files_and_leaves_other_files_alone() {
    let (_dir, root) = sample_project();
    let files = staged(
        &root,
        &[
            "annotations/alice/g7-ministers-meeting.txt.json",
            "annotations/bob/albania-centres.txt.json",
            "italy-uk-taskforce.txt",
        ],
    );
    let readme = root.join("NOTES.md");
    std::fs::write(&readme, "not part of the annotations\n").unwrap();
    let mut args = vec!["validate", "--strict"];
    args.extend(files.iter().map(|f| path(f)));
    args.push(path(&readme));
    let out = spanwright(&args);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(text(&out.stdout), "ok: 3 files, no problems\n");
    assert!(text(&out.stderr).contains("skipped") && text(&out.stderr).contains("NOTES.md"));
}

#[test]
fn the_hook_fails_on_a_bad_staged_file_and_names_it() {
    let (_dir, root) = sample_project();
    let bad = root.join("annotations/alice/channel-crossings.txt.json");
    let original = std::fs::read_to_string(&bad).unwrap();
    std::fs::write(&bad, original.replacen("\"label\": \"", "\"label\": \"NO_SUCH_", 1)).unwrap();
    let good = root.join("annotations/alice/g7-ministers-meeting.txt.json");

    let out = spanwright(&["validate", "--strict", path(&good)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "only the good file is staged: {}",
        text(&out.stdout)
    );

    let out = spanwright(&["validate", "--strict", path(&good), path(&bad)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("annotations/alice/channel-crossings.txt.json"),
        "{stdout}"
    );
    assert!(stdout.contains("NO_SUCH_"), "{stdout}");
    assert!(!stdout.contains("g7-ministers-meeting"), "{stdout}");

    let document = root.join("channel-crossings.txt");
    let out = spanwright(&["validate", path(&document)]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a staged text brings its annotation files: {}",
        text(&out.stdout)
    );
}

#[test]
fn a_staged_schema_checks_the_whole_project() {
    let (_dir, root) = sample_project();
    let bad = root.join("annotations/bob/albania-centres.txt.json");
    let original = std::fs::read_to_string(&bad).unwrap();
    std::fs::write(&bad, original.replacen("\"label\": \"", "\"label\": \"NO_SUCH_", 1)).unwrap();
    let schema = root.join("spanwright-schema.json");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/news-migration.json"),
        &schema,
    )
    .unwrap();
    let out = spanwright(&["validate", path(&schema)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("annotations/bob/albania-centres.txt.json"));
}

#[test]
fn validate_export_and_agree_run_on_the_sample_corpus() {
    let (dir, root) = sample_project();
    let out = spanwright(&["validate", "--strict", path(&root)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "ok: 6 documents, no problems\n");

    let export = dir.path().join("alice.jsonl");
    let out = spanwright(&[
        "export",
        path(&root),
        "--format",
        "jsonl",
        "--annotator",
        "alice",
        "--out",
        path(&export),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines = std::fs::read_to_string(&export).unwrap();
    assert_eq!(lines.lines().count(), 6, "one line per document");

    let out = spanwright(&["agree", path(&root), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["annotators"], serde_json::json!(["alice", "bob"]));
}

#[test]
fn the_window_commands_say_when_the_build_has_no_window() {
    let (_dir, root) = sample_project();
    if cfg!(feature = "gui") {
        // With the window built in, `open` would open it; nothing to check here.
        return;
    }
    for args in [vec!["open", path(&root)], vec![]] {
        let out = spanwright(&args);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("has no window"), "{}", text(&out.stderr));
    }
}
