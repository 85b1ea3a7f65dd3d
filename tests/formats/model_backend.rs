//! External models over the Label Studio ML backend protocol: a real
//! `label-studio-ml` 1.0.x server running a small model written here is
//! asked for suggestions by `spanwright suggest`; its bad answers are named;
//! what it returns becomes annotations only when accepted. Servers that are
//! down, silent or answer garbage are faked with a plain socket.
//!
//! The real server runs in the Python named by `SPANWRIGHT_ML_PYTHON`
//! (`.ci/ml-backend-env.sh` makes one and prints its path). Without it that
//! test is skipped with the reason, except under CI, where it fails.

use crate::support::sample_project;

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use spanwright::cli::suggest::{SuggestArgs, suggest_output};
use spanwright::cli::train::backend_output;
use spanwright::formats::suggestions::{accept, accept_relation, relation_suggestions_for, suggestions_for};
use spanwright::model::backend::{BackendError, MlBackend, Timeouts, source_name, train_backend};
use spanwright::project::{OpenDocument, Project};

/// A rule model: country and place names it knows, scored 0.9, one
/// relation, and on every task two regions the schema or the text refuse.
/// A text holding CRASH makes it fail (HTTP 500). Its `fit()` logs what it
/// was taught to `fit-calls.jsonl` in its model folder.
const MODEL: &str = r#"
import json, os, sys
from label_studio_ml.api import init_app
from label_studio_ml.model import LabelStudioMLBase

FIT_LOG = os.path.join(sys.argv[2], "fit-calls.jsonl")
NAMES = {"Italy": "COUNTRY", "Albania": "COUNTRY", "Pakistan": "COUNTRY",
         "Rome": "LOCATION", "Frontex": "ORG"}

class RuleModel(LabelStudioMLBase):
    def predict(self, tasks, **kwargs):
        predictions = []
        for task in tasks:
            text = task["data"]["text"]
            if "CRASH" in text:
                raise RuntimeError("the rule model cannot read this text")
            result = []
            for name, label in NAMES.items():
                start = text.find(name)
                while start >= 0:
                    result.append({"id": f"r{len(result)}", "from_name": "label", "to_name": "text",
                                   "type": "labels", "score": 0.9,
                                   "value": {"start": start, "end": start + len(name), "text": name,
                                             "labels": [label]}})
                    start = text.find(name, start + 1)
            if len(result) >= 2:
                result.append({"type": "relation", "from_id": "r0", "to_id": "r1", "direction": "right",
                               "labels": ["COOPERATES_WITH"]})
                result.append({"type": "relation", "from_id": "r0", "to_id": "r1", "labels": ["ENCHANTS"]})
            result.append({"id": "wizard", "type": "labels", "from_name": "label", "to_name": "text",
                           "value": {"start": 0, "end": 1, "labels": ["WIZARD"]}})
            result.append({"id": "far", "type": "labels", "from_name": "label", "to_name": "text",
                           "value": {"start": len(text), "end": len(text) + 5, "labels": ["ORG"]}})
            predictions.append({"result": result, "score": 0.5, "model_version": "rules-1"})
        return predictions

    def fit(self, tasks, workdir=None, **kwargs):
        # What it was taught, for the test to read: one line per call.
        tasks = list(tasks)
        if any("CRASH" in t["data"]["text"] for t in tasks):
            raise RuntimeError("the rule model cannot learn from this text")
        seen = []
        for task in tasks:
            for region in task["annotations"][0]["result"]:
                if region["type"] == "labels":
                    value = region["value"]
                    if task["data"]["text"][value["start"]:value["end"]] != value["text"]:
                        raise ValueError("offsets do not match the text")
                    seen.append(["labels", value["labels"][0], value["text"]])
                else:
                    seen.append([region["type"], region["labels"][0], region["from_id"], region["to_id"]])
        with open(FIT_LOG, "a") as log:
            log.write(json.dumps({"documents": [t["data"]["document"] for t in tasks],
                                  "annotators": [t["annotations"][0]["completed_by"] for t in tasks],
                                  "results": seen}) + "\n")
        return {"learned": len(seen)}

app = init_app(model_class=RuleModel, model_dir=sys.argv[2])
app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
"#;

fn ml_python() -> Option<String> {
    match std::env::var("SPANWRIGHT_ML_PYTHON") {
        Ok(path) if !path.is_empty() => Some(path),
        _ if std::env::var_os("CI").is_some_and(|v| v == "true") => panic!(
            "SPANWRIGHT_ML_PYTHON is not set: .ci/run must provide it (it runs .ci/ml-backend-env.sh, which prints the path of a Python with label-studio-ml 1.0.x)"
        ),
        _ => {
            eprintln!(
                "skipped: set SPANWRIGHT_ML_PYTHON to a Python with label-studio-ml 1.0.x and rq (bash .ci/ml-backend-env.sh prints one)"
            );
            None
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The server process, stopped when the test ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_backend(python: &str, work: &Path) -> (Server, String) {
    start_backend_in(python, work, &work.join("models"), &[])
}

fn start_backend_in(python: &str, work: &Path, models: &Path, env: &[(&str, &str)]) -> (Server, String) {
    let script = work.join("rule_model.py");
    std::fs::write(&script, MODEL).unwrap();
    std::fs::create_dir_all(models).unwrap();
    let port = free_port();
    let child = Command::new(python)
        .arg(&script)
        .arg(port.to_string())
        .arg(models)
        .envs(env.iter().copied())
        .current_dir(work)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let url = format!("http://127.0.0.1:{port}");
    let backend = MlBackend::new(&url, Timeouts::default()).unwrap();
    let started = Instant::now();
    loop {
        match backend.health() {
            Ok(health) => {
                assert_eq!(health.status, "UP");
                break;
            }
            Err(err) if started.elapsed() > Duration::from_secs(60) => panic!("backend did not start: {err}"),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
    (server, url)
}

#[test]
fn a_real_label_studio_ml_backend_suggests_and_only_accepts_become_annotations() {
    let Some(python) = ml_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = sample_project(dir.path(), "project");
    std::fs::write(root.join("zz-crash.txt"), "This text makes the model CRASH in Rome.\n").unwrap();
    let (_server, url) = start_backend(&python, dir.path());
    let alice_before = std::fs::read(root.join("annotations/alice/albania-centres.txt.json")).unwrap();

    let output = suggest_output(&SuggestArgs {
        project_dir: &root,
        backend: &url,
        documents: None,
        annotators: None,
        timeout: 30,
    });
    println!("{}{}", output.stdout, output.stderr);
    assert_eq!(output.exit_code, 1, "problems are reported with exit 1");
    assert!(output.stdout.contains(&format!("from {url}")), "{}", output.stdout);
    assert!(
        output.stdout.contains("relation suggestions stored"),
        "{}",
        output.stdout
    );
    for expected in [
        "label \"WIZARD\" is not in the schema",
        "relation label \"ENCHANTS\" is not in the schema",
        "run past the end of the text",
        "zz-crash.txt: model backend",
        "HTTP 500",
    ] {
        assert!(
            output.stderr.contains(expected),
            "{expected:?} missing from:\n{}",
            output.stderr
        );
    }
    assert!(
        output.stderr.lines().all(|l| l.contains(&url)),
        "every problem names the backend:\n{}",
        output.stderr
    );

    // Stored, not annotated.
    let source = source_name(&url);
    let stored = root.join("suggestions").join(&source).join("albania-centres.txt.json");
    assert!(stored.exists(), "{} missing", stored.display());
    assert!(
        !root
            .join("suggestions")
            .join(&source)
            .join("zz-crash.txt.json")
            .exists()
    );
    assert_eq!(
        std::fs::read(root.join("annotations/alice/albania-centres.txt.json")).unwrap(),
        alice_before
    );

    // A new annotator accepts the country suggestions of one document.
    let project = Project::open(&root).unwrap();
    let mut opened = OpenDocument::open(&project, "albania-centres.txt", "carol").unwrap();
    let listed = suggestions_for(&project, opened.document(), "carol", opened.set());
    assert!(listed.problems.is_empty(), "{:?}", listed.problems);
    let ours: Vec<_> = listed
        .suggestions
        .iter()
        .filter(|s| s.source == source)
        .cloned()
        .collect();
    assert!(
        ours.iter()
            .all(|s| s.label != "WIZARD" && s.end <= opened.document().char_len())
    );
    assert!(ours.iter().all(|s| s.score == Some(0.9)), "{ours:?}");
    let countries: Vec<_> = ours.iter().filter(|s| s.label == "COUNTRY").cloned().collect();
    assert!(countries.len() >= 2, "{ours:?}");
    assert!(
        !root.join("annotations/carol").exists(),
        "nothing annotated before accepting"
    );
    let plan = accept(opened.set(), project.schema(), opened.document().char_len(), &countries);
    assert_eq!(plan.added, countries.len());
    opened.apply(plan.edit.unwrap(), project.schema()).unwrap();
    opened.save_now().unwrap();
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("annotations/carol/albania-centres.txt.json")).unwrap(),
    )
    .unwrap();
    let entities = saved["entities"].as_array().unwrap();
    assert_eq!(entities.len(), countries.len());
    assert!(entities.iter().all(|e| e["label"] == "COUNTRY"));

    // The backend's relation between two of them, now that both ends are
    // annotated; before, it could not be accepted.
    let (relations, problems) = relation_suggestions_for(&project, opened.document(), "carol", opened.set());
    assert!(problems.is_empty(), "{problems:?}");
    let ours: Vec<_> = relations.iter().filter(|r| r.source == source).collect();
    assert_eq!(ours.len(), 1, "{relations:?}");
    assert_eq!(ours[0].label, "COOPERATES_WITH");
    let bare = spanwright::annotations::AnnotationSet::default();
    let refused = accept_relation(&bare, project.schema(), opened.document().char_len(), ours[0]).unwrap_err();
    assert!(refused.contains("accept both ends first"), "{refused}");
    let edit = accept_relation(opened.set(), project.schema(), opened.document().char_len(), ours[0]).unwrap();
    opened.apply(edit, project.schema()).unwrap();
    opened.save_now().unwrap();
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("annotations/carol/albania-centres.txt.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(saved["relations"].as_array().unwrap().len(), 1);
    assert_eq!(saved["relations"][0]["label"], "COOPERATES_WITH");
    let (left_relations, _) = relation_suggestions_for(&project, opened.document(), "carol", opened.set());
    assert!(
        left_relations.iter().all(|r| r.source != source),
        "an accepted relation is no longer suggested"
    );

    let left = suggestions_for(&project, opened.document(), "carol", opened.set());
    assert!(
        !left
            .suggestions
            .iter()
            .any(|s| s.source == source && s.label == "COUNTRY")
    );
}

#[test]
fn a_real_backend_learns_from_the_finished_documents_through_post_train() {
    let Some(python) = ml_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = sample_project(dir.path(), "project");
    let models = dir.path().join("models");
    // As label-studio-ml's own deployments start it: 1.0.9's `/train`
    // fails after `fit()` without this (its model registry mixes up the
    // two layouts the variable chooses between).
    let (_server, url) = start_backend_in(&python, dir.path(), &models, &[("LABEL_STUDIO_ML_BACKEND_V2", "1")]);
    let project = Project::open(&root).unwrap();
    let backend = MlBackend::new(&url, Timeouts::default()).unwrap();

    // alice has three documents marked done; the one on screen, just
    // marked done, counts as it is on screen.
    let opened = OpenDocument::open(&project, "italy-uk-taskforce.txt", "alice").unwrap();
    let on_screen_entities = opened.set().entities().len();
    assert!(on_screen_entities > 0);
    let training = train_backend(&project, &backend, "alice", Some((opened.document(), opened.set()))).unwrap();
    assert!(training.problems.is_empty(), "{:?}", training.problems);
    assert_eq!(training.backend, url);
    assert_eq!(training.documents, 4, "three done on disk and the one on screen");
    let log = std::fs::read_to_string(models.join("fit-calls.jsonl")).expect("fit() was called");
    let calls: Vec<serde_json::Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(calls.len(), 1);
    let documents: Vec<&str> = calls[0]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        documents,
        [
            "albania-centres.txt",
            "g7-ministers-meeting.txt",
            "italy-pakistan-quotas.txt",
            "italy-uk-taskforce.txt"
        ]
    );
    assert!(calls[0]["annotators"].as_array().unwrap().iter().all(|a| a == "alice"));
    let results = calls[0]["results"].as_array().unwrap();
    let labels = results.iter().filter(|r| r[0] == "labels").count();
    let relations = results.iter().filter(|r| r[0] == "relation").count();
    assert_eq!(labels, training.entities);
    assert_eq!(relations, training.relations);
    assert!(training.relations > 0, "the sample's relations are taught too");

    // `spanwright train --backend` sends the same, from the files.
    let output = backend_output(&root, &url, Some(&["alice".to_owned()]));
    assert_eq!(output.exit_code, 0, "{}", output.stderr);
    assert!(
        output
            .stdout
            .contains(&format!("{url} learned from alice's 3 finished documents")),
        "{}",
        output.stdout
    );
    let log = std::fs::read_to_string(models.join("fit-calls.jsonl")).unwrap();
    assert_eq!(log.lines().count(), 2, "fit() called again");
    let refused = backend_output(&root, &url, None);
    assert_eq!(refused.exit_code, 2);
    assert!(refused.stderr.contains("--annotators NAME"), "{}", refused.stderr);

    // A model that fails to learn is reported by the backend's address.
    std::fs::write(root.join("zz-crash.txt"), "This text makes the model CRASH in Rome.\n").unwrap();
    let project = Project::open(&root).unwrap();
    let crash_doc = project.load_text("zz-crash.txt").unwrap();
    let empty = spanwright::annotations::AnnotationSet::default();
    let err = train_backend(&project, &backend, "alice", Some((&crash_doc, &empty))).unwrap_err();
    assert!(
        err.to_string().contains(&url) && err.to_string().contains("POST /train"),
        "{err}"
    );
    assert!(err.to_string().contains("HTTP 500"), "{err}");

    // A 1.0.9 server started without the variable: `fit()` runs, then
    // the server fails; the message names the backend and the cure.
    let plain_models = dir.path().join("plain-models");
    let (_plain, plain_url) = start_backend_in(&python, dir.path(), &plain_models, &[]);
    let err = train_backend(
        &project,
        &MlBackend::new(&plain_url, Timeouts::default()).unwrap(),
        "alice",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains(&plain_url), "{err}");
    assert!(err.to_string().contains("LABEL_STUDIO_ML_BACKEND_V2=1"), "{err}");
    assert!(plain_models.join("fit-calls.jsonl").exists());

    // So is one that is not there.
    let down = format!("http://127.0.0.1:{}", free_port());
    let err = train_backend(
        &project,
        &MlBackend::new(&down, Timeouts::default()).unwrap(),
        "alice",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains(&down), "{err}");
}

/// A server on a socket that answers every request with `reply`, or never
/// answers when `reply` is `None`.
fn fake_server(reply: Option<&'static str>) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
        let mut buffer = [0u8; 4096];
        let _ = stream.read(&mut buffer);
        match reply {
            Some(body) => {
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
            None => std::thread::sleep(Duration::from_secs(3)),
        }
    });
    (url, handle)
}

#[test]
fn a_backend_that_is_down_silent_or_talks_nonsense_is_named() {
    let quick = Timeouts {
        connect: Duration::from_secs(1),
        request: Duration::from_secs(1),
        train: Duration::from_secs(1),
    };
    let down = format!("http://127.0.0.1:{}", free_port());
    let err = MlBackend::new(&down, quick).unwrap().health().unwrap_err();
    assert!(matches!(err, BackendError::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains(&down), "{err}");

    let (silent, handle) = fake_server(None);
    let err = MlBackend::new(&silent, quick).unwrap().health().unwrap_err();
    assert!(matches!(err, BackendError::Timeout { .. }), "{err}");
    assert!(
        err.to_string().contains(&silent) && err.to_string().contains("GET /health"),
        "{err}"
    );
    handle.join().unwrap();

    let (garbage, handle) = fake_server(Some("{\"results\": [oops"));
    let backend = MlBackend::new(&garbage, quick).unwrap();
    let err = backend.predict(&[(1, "text")], "<View/>", "p.0").unwrap_err();
    assert!(matches!(err, BackendError::InvalidJson { .. }), "{err}");
    assert!(
        err.to_string().contains(&garbage) && err.to_string().contains("POST /predict"),
        "{err}"
    );
    handle.join().unwrap();

    let (shapeless, handle) = fake_server(Some("{\"predictions\": []}"));
    let err = MlBackend::new(&shapeless, quick)
        .unwrap()
        .predict(&[(1, "text")], "<View/>", "p.0")
        .unwrap_err();
    assert!(err.to_string().contains("\"results\""), "{err}");
    handle.join().unwrap();

    assert!(matches!(
        MlBackend::new("https://models.example", quick).unwrap_err(),
        BackendError::NotHttp { .. }
    ));
}
