//! Two processes saving the same file at the same instant: exactly one save
//! is written, the other is told of the conflict, and what is on disk is
//! always the winner's.
//!
//! Each saver is this test executable started again with an environment
//! variable naming its job; the parent drives both over their standard input
//! so that every round starts from the same file and both save at an agreed
//! instant.
#![cfg(unix)]

use crate::support as reliability_support;

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reliability_support::sample_project;
use spanwright::annotations::AnnotationFile;
use spanwright::project::{OpenDocument, Project, SaveError};

const DOC: &str = "channel-crossings.txt";
const ANNOTATOR: &str = "alice";
/// Set in a child: the project folder and the saver's name, as `ROOT\nNAME`.
const RACER: &str = "SPANWRIGHT_TEST_SAVE_RACER";
/// Starts each reply of a child.
const MARK: &str = "racer> ";
/// How many rounds (default 200).
const ROUNDS: &str = "SPANWRIGHT_SAVE_RACE_ROUNDS";

fn now_nanos() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos()
}

/// The child's side: on `open R`, loads the file and edits its comment; on
/// `go T`, waits until instant T and saves; says what happened.
fn race(root: &Path, name: &str) -> ! {
    let project = Project::open(root).unwrap();
    let mut document = None;
    let stdout = std::io::stdout();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let (command, argument) = line.split_once(' ').unwrap_or((&line, ""));
        let reply = match command {
            "open" => {
                let mut opened = OpenDocument::open(&project, DOC, ANNOTATOR).unwrap();
                let comment = format!("round {argument} by {name}");
                let edit = opened.set().set_comment_edit(Some(&comment)).unwrap();
                opened.apply(edit, project.schema()).unwrap();
                document = Some(opened);
                "ready".to_owned()
            }
            "go" => {
                let at: u128 = argument.parse().unwrap();
                while now_nanos() < at {
                    std::hint::spin_loop();
                }
                match document.take().unwrap().save_now() {
                    Ok(_) => "saved".to_owned(),
                    Err(SaveError::Conflict { .. }) => "conflict".to_owned(),
                    Err(err) => format!("error {err}"),
                }
            }
            _ => std::process::exit(0),
        };
        let mut out = stdout.lock();
        // The harness's own "test … ..." may open the line: a marker finds ours.
        writeln!(out, "{MARK}{reply}").unwrap();
        out.flush().unwrap();
    }
    std::process::exit(0)
}

struct Racer {
    name: String,
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Racer {
    fn start(root: &Path, name: &str) -> Self {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "save_race::two_processes_saving_at_once_never_both_win",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(RACER, format!("{}\n{name}", root.display()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Self {
            name: name.to_owned(),
            child,
            input,
            output,
        }
    }

    fn send(&mut self, line: &str) {
        writeln!(self.input, "{line}").unwrap();
        self.input.flush().unwrap();
    }

    /// The next reply, skipping what the test harness itself prints.
    fn reply(&mut self) -> String {
        loop {
            let mut line = String::new();
            assert!(
                self.output.read_line(&mut line).unwrap() > 0,
                "{} ended early",
                self.name
            );
            if let Some((_, reply)) = line.trim_end().split_once(MARK) {
                return reply.to_owned();
            }
        }
    }
}

impl Drop for Racer {
    fn drop(&mut self) {
        let _ = writeln!(self.input, "quit");
        let _ = self.child.wait();
    }
}

#[test]
fn two_processes_saving_at_once_never_both_win() {
    if let Ok(job) = std::env::var(RACER) {
        let (root, name) = job.split_once('\n').unwrap();
        race(Path::new(root), name);
    }
    let rounds: usize = std::env::var(ROUNDS).ok().and_then(|n| n.parse().ok()).unwrap_or(200);
    let (_dir, root) = sample_project();
    let path = Project::open(&root).unwrap().annotation_path(ANNOTATOR, DOC);
    let mut racers = [Racer::start(&root, "first"), Racer::start(&root, "second")];
    let started = Instant::now();
    let mut wins = [0usize; 2];
    let mut conflicts = 0;
    for round in 0..rounds {
        for racer in &mut racers {
            racer.send(&format!("open {round}"));
        }
        for racer in &mut racers {
            assert_eq!(racer.reply(), "ready");
        }
        // Both wait for the same instant, a little ahead, then save.
        let at = now_nanos() + 3_000_000;
        for racer in &mut racers {
            racer.send(&format!("go {at}"));
        }
        let outcomes: Vec<String> = racers.iter_mut().map(Racer::reply).collect();
        let winners: Vec<usize> = (0..2).filter(|&i| outcomes[i] == "saved").collect();
        assert_eq!(winners.len(), 1, "round {round}: {outcomes:?}");
        let winner = winners[0];
        assert_eq!(outcomes[1 - winner], "conflict", "round {round}: {outcomes:?}");
        wins[winner] += 1;
        conflicts += 1;
        // The winner's edit is what is on disk: no update was lost.
        let json = std::fs::read_to_string(&path).unwrap();
        let file = AnnotationFile::parse("saved", &json).unwrap();
        let expected = format!("round {round} by {}", racers[winner].name);
        assert_eq!(file.comment.as_deref(), Some(expected.as_str()), "round {round}");
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "too slow at round {round}"
        );
    }
    println!(
        "save race: {rounds} rounds, {} won by the first process, {} by the second, {conflicts} conflicts reported, {:.1} s",
        wins[0],
        wins[1],
        started.elapsed().as_secs_f64()
    );
}
