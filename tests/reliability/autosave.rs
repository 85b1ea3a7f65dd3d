//! Autosave under steady work: a save starts within about a second of the
//! first unsaved edit however fast edits come, a crash loses at most ~2 s of
//! work, and being asked to end saves everything first.
//!
//! The editor runs in a child process (this test executable, started again
//! with an environment variable naming its project) driven through the real
//! [`AutosavePolicy`] on a clock that runs four times as fast as real time,
//! so that 50 kills fit in a few seconds; times below are on that clock.
#![cfg(unix)]

use crate::support::{Rng, sample_project};

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use spanwright::annotations::AnnotationFile;
use spanwright::project::{
    AutosavePolicy, AutosaveTimer, Clock as _, ManualClock, OpenDocument, Project, SaveError, SaveJob, SaveOutcome,
    ScaledClock, on_termination,
};

const DOC: &str = "channel-crossings.txt";
const ANNOTATOR: &str = "alice";
/// Set in a child: the project folder; the child edits until it is ended.
const EDITOR: &str = "SPANWRIGHT_TEST_AUTOSAVE_EDITOR";
const SPEED: u32 = 4;
const EDIT_EVERY: Duration = Duration::from_millis(400);
const TRIALS: usize = 50;
/// Children running at once.
const PARALLEL: usize = 10;
const MAX_LOSS: Duration = Duration::from_secs(2);

#[test]
fn a_save_starts_within_the_maximum_wait_however_fast_edits_come() {
    let policy = AutosavePolicy::DEFAULT;
    let clock = ManualClock::default();
    let mut timer = AutosaveTimer::default();
    let first = clock.now();
    let mut saves = Vec::new();
    for _ in 0..60 {
        timer.edited(clock.now());
        clock.advance(Duration::from_millis(100));
        if timer.is_due(&policy, clock.now()) {
            saves.push(clock.now() - first);
            timer.save_started();
            timer.save_succeeded();
        }
    }
    assert!(!saves.is_empty(), "edits every 0.1 s were never saved");
    assert!(saves[0] <= policy.max_wait, "first save after {:?}", saves[0]);
    for pair in saves.windows(2) {
        assert!(
            pair[1] - pair[0] <= policy.max_wait + Duration::from_millis(100),
            "{saves:?}"
        );
    }
}

#[test]
fn a_pause_in_editing_saves_sooner_than_the_maximum_wait() {
    let policy = AutosavePolicy::DEFAULT;
    let clock = ManualClock::default();
    let mut timer = AutosaveTimer::default();
    assert_eq!(timer.due_at(&policy), None);
    timer.edited(clock.now());
    clock.advance(policy.quiet - Duration::from_millis(1));
    assert!(!timer.is_due(&policy, clock.now()));
    clock.advance(Duration::from_millis(1));
    assert!(timer.is_due(&policy, clock.now()));
}

#[test]
fn failed_saves_are_retried_with_growing_pauses() {
    let policy = AutosavePolicy::DEFAULT;
    let clock = ManualClock::default();
    let mut timer = AutosaveTimer::default();
    timer.edited(clock.now());
    let mut pauses = Vec::new();
    for _ in 0..8 {
        timer.save_started();
        timer.save_failed(&policy, clock.now());
        let pause = timer.retry_in(clock.now()).expect("a retry is planned");
        assert!(!timer.is_due(&policy, clock.now()));
        pauses.push(pause);
        clock.advance(pause);
        assert!(timer.is_due(&policy, clock.now()));
    }
    assert_eq!(pauses[0], policy.first_retry);
    assert_eq!(pauses[1], policy.first_retry * 2);
    assert!(pauses.windows(2).all(|p| p[0] <= p[1]), "{pauses:?}");
    assert_eq!(*pauses.last().unwrap(), policy.max_retry);
    timer.save_started();
    timer.save_succeeded();
    assert_eq!(timer.failures(), 0);
    assert!(!timer.is_waiting());
}

/// The child's side: sets the first entity's note to "edit N" every 0.4 s
/// and autosaves on a worker thread; asked to end, it saves and exits.
fn edit_until_ended(root: &Path) -> ! {
    let asked_to_end = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&asked_to_end);
    on_termination(move || flag.store(true, Ordering::SeqCst)).unwrap();
    let project = Project::open(root).unwrap();
    let schema = project.schema().clone();
    let mut document = OpenDocument::open(&project, DOC, ANNOTATOR).unwrap();
    let entity = document.set().entities()[0].id.clone();
    let clock = ScaledClock::new(SPEED);
    let policy = AutosavePolicy::DEFAULT;
    let mut timer = AutosaveTimer::default();
    let mut in_flight: Option<Receiver<(SaveJob, Result<SaveOutcome, SaveError>)>> = None;
    let start = clock.now();
    let mut edits = 0u64;
    println!("autosave-child ready");
    loop {
        if asked_to_end.load(Ordering::SeqCst) {
            if let Some((job, outcome)) = in_flight.take().and_then(|r| r.recv().ok()) {
                document.finish_save(&job, &outcome);
            }
            document.save_now().unwrap();
            println!("autosave-child saved");
            std::process::exit(0);
        }
        let now = clock.now();
        if now >= start + EDIT_EVERY * u32::try_from(edits + 1).unwrap() {
            edits += 1;
            let note = format!("edit {edits}");
            let edit = document
                .set()
                .change_entity_edit(&entity, |e| e.note = Some(note))
                .unwrap();
            document.apply(edit, &schema).unwrap();
            timer.edited(now);
            println!("autosave-child edit {edits} {}", (now - start).as_millis());
        }
        if let Some(results) = &in_flight
            && let Ok((job, outcome)) = results.try_recv()
        {
            document.finish_save(&job, &outcome);
            match outcome {
                Ok(_) => timer.save_succeeded(),
                Err(_) => timer.save_failed(&policy, clock.now()),
            }
            in_flight = None;
        }
        if in_flight.is_none()
            && document.is_dirty()
            && timer.is_due(&policy, clock.now())
            && let Some(job) = document.save_job()
        {
            timer.save_started();
            let (sender, receiver) = channel();
            std::thread::spawn(move || {
                let outcome = job.run();
                let _ = sender.send((job, outcome));
            });
            in_flight = Some(receiver);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

struct Editor {
    child: Child,
    /// (edit number, when it was made in ms on the child's clock), in order.
    edits: Receiver<(u64, u64)>,
    ready: Receiver<()>,
    /// Reads the child's output until it ends.
    reader: std::thread::JoinHandle<()>,
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
}

fn start_editor() -> Editor {
    let (dir, root) = sample_project();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "autosave::crashes_and_signals_lose_at_most_two_seconds_of_steady_editing",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(EDITOR, &root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (edit_sender, edits) = channel();
    let (ready_sender, ready) = channel();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            // The test harness may print the test's name on the same line first.
            let Some(at) = line.find("autosave-child ") else {
                continue;
            };
            let words: Vec<&str> = line[at..].split(' ').collect();
            match words.as_slice() {
                ["autosave-child", "ready"] => {
                    let _ = ready_sender.send(());
                }
                ["autosave-child", "edit", n, at] => {
                    let _ = edit_sender.send((n.parse().unwrap(), at.parse().unwrap()));
                }
                _ => {}
            }
        }
    });
    Editor {
        child,
        edits,
        ready,
        reader,
        _dir: dir,
        root,
    }
}

/// The edit number whose note is on disk (0: none of the child's edits).
fn saved_edit(root: &Path) -> u64 {
    let project = Project::open(root).unwrap();
    let name = project.annotation_file_name(ANNOTATOR, DOC);
    let file = AnnotationFile::load(&project.annotation_path(ANNOTATOR, DOC), &name).unwrap();
    let set = file.to_set();
    let note = set.entities()[0].note.clone().unwrap_or_default();
    note.strip_prefix("edit ").map_or(0, |n| n.parse().unwrap())
}

/// Kills (or signals) `editor` and returns how much work, on the child's
/// clock, was made but is not on disk.
fn end_and_measure(mut editor: Editor, signal: &str) -> (Duration, u64) {
    if signal == "KILL" {
        editor.child.kill().unwrap();
    } else {
        let status = Command::new("kill")
            .args([format!("-{signal}"), editor.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{signal} failed");
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = editor.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the editor did not end after SIG{signal}");
        std::thread::sleep(Duration::from_millis(5));
    };
    if signal != "KILL" {
        assert!(status.success(), "after SIG{signal} the editor ended with {status}");
    }
    // Every line the child wrote is read before its edits are counted.
    editor.reader.join().expect("the output reader");
    let made: Vec<(u64, u64)> = editor.edits.try_iter().collect();
    let saved = saved_edit(&editor.root);
    let Some(&(last, last_at)) = made.last() else {
        return (Duration::ZERO, 0);
    };
    assert!(saved <= last, "edit {saved} on disk but only {last} were made");
    let saved_at = made.iter().find(|(n, _)| *n == saved).map_or(0, |(_, at)| *at);
    let lost = if saved == last {
        Duration::ZERO
    } else {
        Duration::from_millis(last_at - saved_at)
    };
    (lost, last - saved)
}

#[test]
fn crashes_and_signals_lose_at_most_two_seconds_of_steady_editing() {
    if let Ok(root) = std::env::var(EDITOR) {
        edit_until_ended(Path::new(&root));
    }
    let started = Instant::now();
    let mut rng = Rng::new(12);
    for signal in ["KILL", "TERM", "HUP", "INT"] {
        let trials = if signal == "KILL" || signal == "TERM" {
            TRIALS
        } else {
            3
        };
        let mut worst = Duration::ZERO;
        let mut done = 0;
        while done < trials {
            let batch: Vec<(Editor, Duration)> = (0..PARALLEL.min(trials - done))
                .map(|_| {
                    // 0.3 to 1.3 s of real time: 1.2 to 5.2 s of editing.
                    let run_for = Duration::from_millis(300 + rng.below(1000) as u64);
                    (start_editor(), run_for)
                })
                .collect();
            let mut running = Vec::new();
            for (editor, run_for) in batch {
                editor
                    .ready
                    .recv_timeout(Duration::from_secs(30))
                    .expect("the editor never started");
                running.push((editor, Instant::now() + run_for));
            }
            running.sort_by_key(|(_, at)| *at);
            for (editor, at) in running {
                std::thread::sleep(at.saturating_duration_since(Instant::now()));
                let (lost, edits) = end_and_measure(editor, signal);
                if signal == "KILL" {
                    assert!(lost <= MAX_LOSS, "SIGKILL lost {edits} edits over {lost:?}");
                } else {
                    assert_eq!(edits, 0, "SIG{signal} lost {edits} edits over {lost:?}");
                }
                worst = worst.max(lost);
                done += 1;
            }
        }
        println!("SIG{signal}: {trials} trials, at most {worst:?} of edits lost");
    }
    println!("took {:?}", started.elapsed());
}
