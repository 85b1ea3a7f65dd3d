//! Two windows on one project and annotator: the second is told who has it;
//! no save overwrites a file that is newer on disk than what was loaded.

use crate::support as reliability_support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reliability_support::sample_project;
use spanwright::annotations::Status;
use spanwright::project::{
    AnnotatorLock, LockError, LockHolder, OpenDocument, Project, SaveError, lock_path, read_holder,
};

/// Set in a child: the project folder; the child takes alice's lock and
/// waits to be killed.
const HOLDER: &str = "SPANWRIGHT_TEST_LOCK_HOLDER";

#[test]
fn a_second_window_is_told_who_holds_the_lock() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let first = AnnotatorLock::acquire(&project, "alice").unwrap();
    assert_eq!(first.replaced_stale(), None);
    assert_eq!(first.path(), lock_path(&root, "alice"));

    let err = AnnotatorLock::acquire(&project, "alice").unwrap_err();
    let LockError::Held {
        holder: Some(holder), ..
    } = &err
    else {
        panic!("not held: {err}")
    };
    let me = LockHolder::current();
    assert_eq!((holder.pid, &holder.host), (me.pid, &me.host));
    let message = err.to_string();
    assert!(
        message.contains("already open in another Spanwright window (process "),
        "{message}"
    );
    // Another annotator works undisturbed.
    let bob = AnnotatorLock::acquire(&project, "bob").unwrap();

    drop(first);
    let again = AnnotatorLock::acquire(&project, "alice").unwrap();
    assert_eq!(again.replaced_stale(), None, "a closed window is no stale lock");
    drop((again, bob));
    // The lock file is hidden: no document, no annotation file.
    let reopened = Project::open(&root).unwrap();
    assert_eq!(reopened.documents(), project.documents());
    assert_eq!(spanwright::qa::project_problems(&reopened), []);
}

#[test]
fn a_lock_left_by_a_killed_window_is_taken_over() {
    if let Ok(root) = std::env::var(HOLDER) {
        let project = Project::open(std::path::Path::new(&root)).unwrap();
        let _lock = AnnotatorLock::acquire(&project, "alice").unwrap();
        println!("LOCKED");
        std::thread::sleep(Duration::from_secs(600));
        return;
    }
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let mut holder = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "locks::a_lock_left_by_a_killed_window_is_taken_over",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HOLDER, &root)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let give_up = Instant::now() + Duration::from_secs(60);
    let held_by_child = loop {
        if let Some(h) = read_holder(&lock_path(&root, "alice"))
            && h.pid == holder.id()
        {
            break h;
        }
        assert!(Instant::now() < give_up, "the child never took the lock");
        std::thread::sleep(Duration::from_millis(5));
    };
    let err = AnnotatorLock::acquire(&project, "alice").unwrap_err();
    assert!(
        matches!(err, LockError::Held { holder: Some(ref h), .. } if *h == held_by_child),
        "{err}"
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    let lock = AnnotatorLock::acquire(&project, "alice").unwrap();
    assert_eq!(lock.replaced_stale(), Some(&held_by_child));
}

#[test]
fn two_windows_on_one_file_never_overwrite_each_other() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let doc = "channel-crossings.txt";
    let path = project.annotation_path("alice", doc);
    let mut first = OpenDocument::open(&project, doc, "alice").unwrap();
    let mut second = OpenDocument::open(&project, doc, "alice").unwrap();

    let edit = first.set().remove_entity_edit("e1").unwrap();
    first.apply(edit, project.schema()).unwrap();
    first.save_now().unwrap();
    let saved_by_first = std::fs::read(&path).unwrap();

    let edit = second.set().set_status_edit(Status::Done).unwrap();
    second.apply(edit, project.schema()).unwrap();
    let err = second.save_now().unwrap_err();
    assert!(matches!(err, SaveError::Conflict { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "annotations/alice/channel-crossings.txt.json changed on disk since it was loaded (another program or Spanwright window wrote it); not overwritten"
    );
    assert_eq!(std::fs::read(&path).unwrap(), saved_by_first);
    assert!(second.is_dirty(), "the refused edits are still there to save elsewhere");

    // Reloaded, the second window sees the first one's work and can save.
    let mut reloaded = OpenDocument::open(&project, doc, "alice").unwrap();
    assert!(reloaded.set().entity("e1").is_none());
    let edit = reloaded.set().set_status_edit(Status::Done).unwrap();
    reloaded.apply(edit, project.schema()).unwrap();
    reloaded.save_now().unwrap();
}
