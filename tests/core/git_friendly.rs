//! A project kept in git: after annotating, `git status` shows the
//! annotations and nothing Spanwright keeps for itself (locks, earlier
//! versions, unfinished writes).

use std::process::Command;

use spanwright::annotations::Status;
use spanwright::project::{AnnotatorLock, OpenDocument, Project};

fn git(dir: &std::path::Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).current_dir(dir).output().ok()?;
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn git_status_after_annotating_a_new_project_shows_only_annotations() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Ministers met in Rome.\n").unwrap();
    if git(dir.path(), &["init", "--quiet"]).is_none() {
        panic!("git is needed for this test and could not be run");
    }
    let project = Project::open(dir.path()).unwrap();
    let schema = project.schema().clone();
    let _lock = AnnotatorLock::acquire(&project, "alice").unwrap();
    let mut document = OpenDocument::open(&project, "a.txt", "alice").unwrap();
    for status in [Status::InProgress, Status::Done] {
        let edit = document.set().set_status_edit(status).unwrap();
        document.apply(edit, &schema).unwrap();
        // Two saves: the second keeps the first as an earlier version.
        document.save_now().unwrap();
    }
    assert!(
        dir.path().join("annotations/alice/.history").is_dir(),
        "no earlier version was kept: the test would not test"
    );
    let status = git(dir.path(), &["status", "--porcelain", "--untracked-files=all"]).unwrap();
    let mut listed: Vec<&str> = status.lines().map(|l| l.trim_start_matches("?? ")).collect();
    listed.sort_unstable();
    let unexpected: Vec<&&str> = listed
        .iter()
        .filter(|path| {
            !(**path == "a.txt"
                || **path == "annotations/.gitignore"
                || **path == "annotations/alice/a.txt.json"
                || path.starts_with("annotations/.texts/"))
        })
        .collect();
    assert!(unexpected.is_empty(), "git sees {unexpected:?} (all: {listed:?})");
    assert!(listed.contains(&"annotations/alice/a.txt.json"), "{listed:?}");
}
