//! The built-in recommender in the window: trained in the background on the
//! annotator's own documents, its suggestions appear for the open document
//! without anything being annotated; marking a document done has a model
//! backend learn, in the background.

use crate::support::*;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

use spanwright::model::BUILTIN_SOURCE;

#[test]
fn the_builtin_recommender_suggests_for_the_open_document() {
    let dir = sample_copy();
    // carol has annotated every document of alice's but the first one.
    let alice = dir.path().join("annotations/alice");
    let carol = dir.path().join("annotations/carol");
    std::fs::create_dir_all(&carol).unwrap();
    for entry in std::fs::read_dir(&alice).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name.starts_with("albania-centres") {
            continue;
        }
        let mut file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
        file["annotator"] = "carol".into();
        std::fs::write(carol.join(&name), file.to_string()).unwrap();
    }
    let mut window = open_window(dir.path(), "carol");
    run_until(&mut window, "the recommender's suggestions", |w| {
        w.state().suggestions_shown().iter().any(|s| s.source == BUILTIN_SOURCE)
    });
    let shown = window.state().suggestions_shown();
    assert!(
        shown
            .iter()
            .filter(|s| s.source == BUILTIN_SOURCE)
            .all(|s| s.score.is_some_and(|score| (0.0..=1.0).contains(&score)))
    );
    assert!(!annotation_path(dir.path(), "carol", "albania-centres.txt").exists());
    assert!(
        dir.path()
            .join("suggestions")
            .join(BUILTIN_SOURCE)
            .join("albania-centres.txt.json")
            .exists()
    );
}

/// What a server was sent: "METHOD /path" and the JSON body.
type Requests = Arc<Mutex<Vec<(String, serde_json::Value)>>>;

/// A model server on a socket: answers each request in turn with the next
/// of `replies` (status, body) after `delay`, and records what it was sent.
fn recording_server(replies: Vec<(u16, &'static str)>, delay: Duration) -> (String, Requests) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (status, body) in replies {
            let Ok((mut stream, _)) = listener.accept() else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut length = 0;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                if header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap();
                }
            }
            let mut sent = vec![0; length];
            reader.read_exact(&mut sent).unwrap();
            let call: Vec<&str> = request_line.split_whitespace().take(2).collect();
            log.lock()
                .unwrap()
                .push((call.join(" "), serde_json::from_slice(&sent).unwrap_or_default()));
            std::thread::sleep(delay);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}

#[test]
fn marking_a_document_done_trains_the_backend_in_the_background() {
    let dir = sample_copy();
    let mut window = open_window(dir.path(), "alice");
    let (url, seen) = recording_server(
        vec![(201, "{}"), (500, "{\"error\": \"the model ran out of memory\"}")],
        Duration::from_secs(2),
    );
    click(&mut window, "File");
    window.get_by_label_contains("Model backends").click();
    settle(&mut window);
    click(&mut window, "URL");
    press(&mut window, Modifiers::COMMAND, Key::A);
    window.get_by_label("URL").type_text(&url);
    settle(&mut window);
    click(&mut window, "Train it when I mark a document done");
    let (doc, entities) = {
        let workspace = window.state().workspace().unwrap();
        let open = workspace.current_document().unwrap();
        (open.document().id().to_owned(), open.set().entities().len())
    };

    let started = Instant::now();
    press(&mut window, Modifiers::COMMAND, Key::Enter);
    run_until(&mut window, "the backend's POST /train", |_| {
        !seen.lock().unwrap().is_empty()
    });
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the window went on while the backend was still learning"
    );
    let (call, body) = seen.lock().unwrap()[0].clone();
    assert_eq!(call, "POST /train");
    let tasks = body["annotations"].as_array().unwrap();
    let task = tasks.iter().find(|t| t["data"]["document"] == doc.as_str()).unwrap();
    assert_eq!(task["annotations"][0]["completed_by"], "alice");
    let labels = task["annotations"][0]["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "labels")
        .count();
    assert_eq!(labels, entities);
    assert!(body["label_config"].as_str().unwrap().contains("<Labels"));
    run_until(&mut window, "the training's outcome", |w| {
        w.state()
            .notice()
            .is_some_and(|n| !n.is_error && n.text.contains(&format!("{url} learned from")))
    });
    assert_eq!(
        window.query_all_by_label_contains("learned from").count(),
        2,
        "on the notice line and in the window"
    );

    // A backend that fails to learn says so, naming it, window open or not.
    press(&mut window, Modifiers::COMMAND, Key::Enter);
    run_until(&mut window, "the failure notice", |w| {
        w.state().notice().is_some_and(|n| n.is_error && n.text.contains(&url))
    });
    let notice = window.state().notice().unwrap().text.clone();
    assert!(
        notice.contains("POST /train") && notice.contains("out of memory"),
        "{notice}"
    );
}

/// The sample project open as alice, with a backend's suggestions of
/// relations labelled `labels` between a PERSON and a ROLE not related yet.
fn window_with_relation_suggestions(
    labels: &[&str],
) -> (
    tempfile::TempDir,
    Window,
    spanwright::annotations::Entity,
    spanwright::annotations::Entity,
) {
    use spanwright::formats::suggestions::{RelationEnd, RelationSuggestion, save_suggestions_with_relations};
    let dir = sample_copy();
    let window = open_window(dir.path(), "alice");
    let (person, role) = {
        let open = window
            .state()
            .workspace()
            .and_then(|w| w.current_document())
            .expect("a document");
        let set = open.set();
        let unrelated = |p: &spanwright::annotations::Entity, r: &spanwright::annotations::Entity| {
            !set.relations().iter().any(|rel| rel.head == p.id && rel.tail == r.id)
        };
        let people = set.entities().iter().filter(|e| e.label == "PERSON");
        people
            .flat_map(|p| set.entities().iter().filter(|e| e.label == "ROLE").map(move |r| (p, r)))
            .find(|(p, r)| unrelated(p, r))
            .map(|(p, r)| (p.clone(), r.clone()))
            .expect("a PERSON and a ROLE not related yet")
    };
    let end = |e: &spanwright::annotations::Entity| RelationEnd {
        label: e.label.clone(),
        start: e.start,
        end: e.end,
    };
    {
        let workspace = window.state().workspace().expect("project");
        let document = workspace.current_document().expect("a document").document();
        let suggestions: Vec<RelationSuggestion> = labels
            .iter()
            .map(|label| RelationSuggestion {
                source: "a-backend".to_owned(),
                label: (*label).to_owned(),
                head: end(&person),
                tail: end(&role),
                score: Some(0.8),
            })
            .collect();
        save_suggestions_with_relations(&workspace.project, document, "a-backend", &[], &suggestions).unwrap();
    }
    (dir, window, person, role)
}

fn open_model_backends(window: &mut Window) {
    click(window, "File");
    window.get_by_label_contains("Model backends").click();
}

#[test]
fn a_backends_relation_suggestion_is_listed_and_accepted_in_the_model_backends_window() {
    let (_dir, mut window, person, role) = window_with_relation_suggestions(&["HOLDS_ROLE"]);
    open_model_backends(&mut window);
    // The files are read in the background: the window never waits.
    run_until(&mut window, "the relation suggestion", |w| {
        w.query_by_label_contains("Relation suggestions here: 1").is_some()
    });
    window.get_by_label("Accept").click();
    settle(&mut window);
    let open = window
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .expect("a document");
    assert!(
        open.set()
            .relations()
            .iter()
            .any(|r| r.label == "HOLDS_ROLE" && r.head == person.id && r.tail == role.id),
        "the accepted relation is not in the document"
    );
    run_until(&mut window, "the accepted suggestion to leave the list", |w| {
        w.query_by_label_contains("Relation suggestions here").is_none()
    });
}

#[test]
fn a_rejected_relation_suggestion_leaves_the_list_and_is_not_offered_again() {
    let (dir, mut window, _, _) = window_with_relation_suggestions(&["HOLDS_ROLE", "MEETS"]);
    open_model_backends(&mut window);
    run_until(&mut window, "both relation suggestions", |w| {
        w.query_by_label_contains("Relation suggestions here: 2").is_some()
    });
    window
        .get_all_by_label("Reject")
        .next()
        .expect("a Reject button")
        .click();
    run_until(&mut window, "the rejected suggestion to leave the list", |w| {
        w.query_by_label_contains("Relation suggestions here: 1").is_some()
    });
    settle(&mut window);
    let file = dir.path().join("rejected-suggestions/alice");
    let written: Vec<_> = std::fs::read_dir(&file).expect("the rejections folder").collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let annotations_before = window
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .map(|open| open.set().relations().len());
    drop(window);
    // Open again: the rejection holds, and nothing was annotated by it.
    let mut window = open_window(dir.path(), "alice");
    open_model_backends(&mut window);
    run_until(&mut window, "the one suggestion left", |w| {
        w.query_by_label_contains("Relation suggestions here: 1").is_some()
    });
    let annotations_after = window
        .state()
        .workspace()
        .and_then(|w| w.current_document())
        .map(|open| open.set().relations().len());
    assert_eq!(annotations_after, annotations_before);
}
