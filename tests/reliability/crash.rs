//! A crash at any moment never leaves a broken annotation file, and a failing
//! disk never truncates one.
//!
//! The saver runs in a child process (this test executable, started again
//! with an environment variable naming its job) so that it can be killed for
//! real with SIGKILL.
#![cfg(unix)]

use crate::support as reliability_support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use reliability_support::{EditMaker, Rng, files_ending_with, sample_project};
use spanwright::annotations::{AnnotationFile, check_against};
use spanwright::project::{OpenDocument, Project, SaveError, VersionStore};
use spanwright::text::sha256_hex;

const DOC: &str = "channel-crossings.txt";
const ANNOTATOR: &str = "alice";
/// Set in a child: the work folder; the child then saves until killed.
const SAVER: &str = "SPANWRIGHT_TEST_SAVER";
/// Set in a child: the project folder; the child saves once and reports.
const SAVE_ONCE: &str = "SPANWRIGHT_TEST_SAVE_ONCE";
/// How many times the saver is killed (default 220).
const KILLS: &str = "SPANWRIGHT_CRASH_KILLS";

fn child(test_name: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    let test_name = format!("crash::{test_name}");
    command.args(["--exact", &test_name, "--nocapture", "--test-threads=1"]);
    command
}

/// The child's side: edit and save through the real save path forever,
/// logging the hash of each version before saving it.
fn save_until_killed(work: &Path) -> ! {
    let project = Project::open(&work.join("project")).unwrap();
    let schema = project.schema().clone();
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(work.join("saves.log"))
        .unwrap();
    let on_disk = sha256_hex(&std::fs::read(project.annotation_path(ANNOTATOR, DOC)).unwrap());
    log.write_all(format!("open {on_disk}\n").as_bytes()).unwrap();
    let mut document = OpenDocument::open(&project, DOC, ANNOTATOR).unwrap();
    let maker = EditMaker::new(document.document(), &schema);
    let mut rng = Rng::new(u64::from(std::process::id()));
    loop {
        for _ in 0..1 + rng.below(3) {
            if let Some(edit) = maker.edit(&mut rng, document.set(), &schema) {
                let _ = document.apply(edit, &schema);
            }
        }
        let Some(job) = document.save_job() else { continue };
        // Written before the save starts: a kill can only interrupt a save
        // whose version is already logged.
        let hash = sha256_hex(&job.contents());
        // One write call each, so that a kill cannot leave half a line.
        log.write_all(format!("start {hash}\n").as_bytes()).unwrap();
        let outcome = job.run();
        document.finish_save(&job, &outcome);
        match outcome {
            Ok(_) => log.write_all(format!("done {hash}\n").as_bytes()).unwrap(),
            // Nothing else writes this file, so a conflict is unexpected;
            // it is logged with its reason for the parent to report, and
            // the saver goes on from the file as it is, as a user would
            // after reloading. What this test checks is that the file is
            // never broken.
            Err(SaveError::Conflict { .. }) => {
                let found = sha256_hex(&std::fs::read(project.annotation_path(ANNOTATOR, DOC)).unwrap());
                log.write_all(format!("conflict {found}\n").as_bytes()).unwrap();
                document = OpenDocument::open(&project, DOC, ANNOTATOR).unwrap();
                log.write_all(format!("open {found}\n").as_bytes()).unwrap();
            }
            Err(err) => panic!("save failed: {err}"),
        }
    }
}

/// The log: `open <hash>` for the file a saver found, `start <hash>` before
/// each save and `done <hash>` after it.
fn log_lines(work: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(work.join("saves.log"))
        .unwrap_or_default()
        .lines()
        .map(|line| {
            let (event, hash) = line.split_once(' ').unwrap();
            (event.to_owned(), hash.to_owned())
        })
        .collect()
}

fn logged_hashes(work: &Path) -> Vec<String> {
    log_lines(work)
        .into_iter()
        .filter(|(event, _)| event == "start")
        .map(|(_, hash)| hash)
        .collect()
}

/// The versions the file may hold now: the last version known to be
/// complete (saved, or found by a saver), and the save that was under way,
/// if one was.
fn allowed_versions(work: &Path, initial: &str) -> Vec<String> {
    let lines = log_lines(work);
    let last_complete = lines.iter().rev().find(|(event, _)| event == "done" || event == "open");
    let mut allowed = vec![last_complete.map_or(initial.to_owned(), |(_, hash)| hash.clone())];
    if let Some((event, hash)) = lines.last()
        && event == "start"
    {
        allowed.push(hash.clone());
    }
    allowed
}

fn wait_for_first_save(child: &mut Child, work: &Path, logged_before: usize) {
    let give_up = Instant::now() + Duration::from_secs(60);
    while logged_hashes(work).len() <= logged_before {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the saver ended by itself: {status}");
        }
        assert!(Instant::now() < give_up, "the saver never saved");
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn killing_a_saving_process_never_leaves_a_broken_file() {
    if let Ok(work) = std::env::var(SAVER) {
        save_until_killed(Path::new(&work));
    }
    let (_dir, root) = sample_project();
    let work = root.parent().unwrap().to_path_buf();
    let project = Project::open(&root).unwrap();
    let text = project.load_text(DOC).unwrap();
    let path = project.annotation_path(ANNOTATOR, DOC);
    let file_name = project.annotation_file_name(ANNOTATOR, DOC);
    let initial = sha256_hex(&std::fs::read(&path).unwrap());
    let kills: usize = std::env::var(KILLS).ok().and_then(|n| n.parse().ok()).unwrap_or(220);
    let mut rng = Rng::new(7);
    let mut interrupted_saves = 0;
    let mut temporaries_left = 0;
    for kill in 0..kills {
        let logged_before = logged_hashes(&work).len();
        let mut saver = child("killing_a_saving_process_never_leaves_a_broken_file")
            .env(SAVER, &work)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_first_save(&mut saver, &work, logged_before);
        std::thread::sleep(Duration::from_micros(rng.next_u64() % 8000));
        saver.kill().unwrap(); // SIGKILL
        saver.wait().unwrap();

        let logged = logged_hashes(&work);
        let allowed = allowed_versions(&work, &initial);
        let bytes = std::fs::read(&path).unwrap();
        let json = String::from_utf8(bytes.clone()).unwrap();
        let file = AnnotationFile::parse(&file_name, &json).unwrap_or_else(|err| panic!("after kill {kill}: {err}"));
        assert_eq!(check_against(&file_name, &file, &text, project.schema()), []);
        assert!(
            allowed.contains(&sha256_hex(&bytes)),
            "after kill {kill}: the file is neither the last saved version nor the one being saved"
        );
        // Every kept version is a version that was saved, whole.
        let mut ever_saved = logged.clone();
        ever_saved.push(initial.clone());
        for version in VersionStore::for_document(&project, ANNOTATOR, DOC).list().unwrap() {
            let bytes = std::fs::read(&version.path).unwrap();
            assert!(
                ever_saved.contains(&sha256_hex(&bytes)),
                "after kill {kill}: {} was never saved",
                version.path.display()
            );
        }
        interrupted_saves += usize::from(allowed.len() == 2);
        temporaries_left = files_ending_with(&root.join("annotations"), ".tmp").len();
    }
    let conflicts = log_lines(&work).iter().filter(|(event, _)| event == "conflict").count();
    eprintln!(
        "{kills} kills: {interrupted_saves} interrupted a save, {temporaries_left} temporary files left, \
         {conflicts} saves found the file changed"
    );
    // With the kills this spread over the saving loop, many land mid-save;
    // none at all would mean the test did not test.
    assert!(interrupted_saves > 0);

    // What killed saves left behind is invisible to the project...
    let reopened = Project::open(&root).unwrap();
    assert_eq!(reopened.documents(), project.documents());
    assert_eq!(spanwright::qa::project_problems(&reopened), []);
    // ...and the next save of the file clears it once it is clearly stale.
    let leftovers = files_ending_with(&root.join("annotations"), ".tmp");
    let long_ago = SystemTime::now() - Duration::from_secs(3600);
    for leftover in &leftovers {
        let file = std::fs::File::options().write(true).open(leftover).unwrap();
        file.set_modified(long_ago).unwrap();
    }
    let schema = reopened.schema().clone();
    let mut document = OpenDocument::open(&reopened, DOC, ANNOTATOR).unwrap();
    assert_eq!(document.read_only_reason(), None);
    let edit = document.set().set_status_edit(spanwright::annotations::Status::Done);
    let edit = edit.unwrap_or_else(|| {
        document
            .set()
            .set_status_edit(spanwright::annotations::Status::Todo)
            .unwrap()
    });
    document.apply(edit, &schema).unwrap();
    document.save_now().unwrap();
    let left = files_ending_with(&root.join("annotations"), ".tmp");
    let text_leftovers: Vec<&PathBuf> = leftovers
        .iter()
        .filter(|p| p.to_string_lossy().contains(".texts"))
        .collect();
    // A temporary of the text copy goes with the next write of that copy;
    // the copy is already complete here, so it may stay.
    assert!(
        left.iter().all(|p| text_leftovers.contains(&p)),
        "left behind after the next save: {left:?}"
    );
}

/// The child's side of the failing-disk tests: one edit that makes the file
/// much larger, one save; prints the outcome.
fn save_once(root: &Path) -> ! {
    let project = Project::open(root).unwrap();
    let schema = project.schema().clone();
    let mut document = OpenDocument::open(&project, DOC, ANNOTATOR).unwrap();
    let maker = EditMaker::new(document.document(), &schema);
    let mut rng = Rng::new(1);
    while document.to_file().to_json().len() < 20_000 {
        if let Some(edit) = maker.edit(&mut rng, document.set(), &schema) {
            let _ = document.apply(edit, &schema);
        }
    }
    match document.save_now() {
        Ok(outcome) => println!("SAVED {outcome:?}"),
        Err(err) => println!("SAVE FAILED: {err}"),
    }
    std::process::exit(0)
}

fn run_save_once(test_name: &str, root: &Path, wrap: &[&str]) -> String {
    let exe = std::env::current_exe().unwrap();
    let mut command = match wrap {
        [] => Command::new(&exe),
        [program, args @ ..] => {
            let mut command = Command::new(program);
            command.args(args).arg(&exe);
            command
        }
    };
    let output = command
        .args([
            "--exact",
            &format!("crash::{test_name}"),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SAVE_ONCE, root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        stdout.contains("SAVE"),
        "child printed nothing: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn folder_snapshot(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_ending_with(folder, "")
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// A small file to start from, so that only the new, larger contents
/// exceed a file-size limit.
fn shrink_to_two_entities(root: &Path) {
    let project = Project::open(root).unwrap();
    let schema = project.schema().clone();
    let mut document = OpenDocument::open(&project, DOC, ANNOTATOR).unwrap();
    while document.set().entities().len() > 2 {
        let id = document.set().entities()[0].id.clone();
        let edit = document.set().remove_entity_edit(&id).unwrap();
        document.apply(edit, &schema).unwrap();
    }
    document.save_now().unwrap();
}

#[test]
fn a_full_disk_fails_clearly_and_keeps_the_file() {
    if let Ok(root) = std::env::var(SAVE_ONCE) {
        save_once(Path::new(&root));
    }
    let (_dir, root) = sample_project();
    shrink_to_two_entities(&root);
    let annotations = root.join("annotations");
    let before = folder_snapshot(&annotations);
    // Writes beyond 8 KiB fail as on a full disk (EFBIG instead of ENOSPC);
    // the signal that would kill the writer is ignored, as a disk has none.
    let limited = ["sh", "-c", "trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\""];
    let stdout = run_save_once("a_full_disk_fails_clearly_and_keeps_the_file", &root, &limited);
    assert!(
        stdout.contains("SAVE FAILED: cannot write annotations/alice/channel-crossings.txt.json: File too large"),
        "{stdout}"
    );
    let after = folder_snapshot(&annotations);
    let file = Project::open(&root).unwrap().annotation_path(ANNOTATOR, DOC);
    let find = |snapshot: &[(PathBuf, Vec<u8>)]| snapshot.iter().find(|(p, _)| *p == file).unwrap().1.clone();
    assert_eq!(find(&after), find(&before), "the file was changed");
    assert_eq!(files_ending_with(&annotations, ".tmp"), Vec::<PathBuf>::new());
    // The only additions: the file as it was, kept in the history before the
    // failed write (harmless: it equals the current file), and the empty
    // lock file that serializes saves of it.
    let added: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, _)| !before.iter().any(|(q, _)| q == p))
        .map(|(p, _)| p)
        .collect();
    let lock = spanwright::project::save_lock_path(&file);
    assert!(
        added
            .iter()
            .all(|p| p.to_string_lossy().contains(".history") || **p == lock),
        "{added:?}"
    );
}

#[test]
fn a_read_only_folder_fails_clearly_and_keeps_the_file() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    if let Ok(root) = std::env::var(SAVE_ONCE) {
        save_once(Path::new(&root));
    }
    let (dir, root) = sample_project();
    let annotations = root.join("annotations");
    let before = folder_snapshot(&annotations);
    let set_mode =
        |path: &Path, mode: u32| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    set_mode(dir.path(), 0o755);
    set_mode(&annotations.join(ANNOTATOR), 0o555);
    // Root ignores permissions: the saver then runs as an ordinary user.
    let as_root = std::fs::metadata(dir.path()).unwrap().uid() == 0;
    let wrap: &[&str] = if as_root {
        &["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    } else {
        &[]
    };
    let stdout = run_save_once("a_read_only_folder_fails_clearly_and_keeps_the_file", &root, wrap);
    set_mode(&annotations.join(ANNOTATOR), 0o755);
    assert!(
        stdout.contains("SAVE FAILED: cannot store a copy of the text in")
            || stdout.contains(
                "SAVE FAILED: cannot keep the previous version of annotations/alice/channel-crossings.txt.json"
            ),
        "{stdout}"
    );
    assert!(stdout.contains("Permission denied"), "{stdout}");
    assert!(stdout.contains("was not saved"), "{stdout}");
    assert_eq!(folder_snapshot(&annotations), before, "something changed on disk");
}

#[test]
fn a_failed_save_changes_nothing_and_reports_the_file() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let schema = project.schema().clone();
    let mut document = OpenDocument::open(&project, DOC, ANNOTATOR).unwrap();
    let before = std::fs::read(project.annotation_path(ANNOTATOR, DOC)).unwrap();
    // A file where the history folder should be: keeping the previous
    // version fails, so the file must not be replaced.
    let history = root.join("annotations/alice/.history");
    std::fs::write(&history, b"in the way").unwrap();
    let edit = document.set().remove_entity_edit("e1").unwrap();
    document.apply(edit, &schema).unwrap();
    let err = document.save_now().unwrap_err();
    assert!(matches!(err, SaveError::History { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("cannot keep the previous version of annotations/alice/channel-crossings.txt.json in"),
        "{err}"
    );
    assert_eq!(std::fs::read(project.annotation_path(ANNOTATOR, DOC)).unwrap(), before);
    assert!(
        document.is_dirty(),
        "a failed save must leave the edits unsaved, not lost"
    );
    std::fs::remove_file(&history).unwrap();
    document.save_now().unwrap();
    assert!(!document.is_dirty());
}
