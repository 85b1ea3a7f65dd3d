//! Whether the built-in recommender is any good: its cross-validated F1
//! beside a spaCy `blank("en")` NER trained and tested on the same folds,
//! on synthetic news and on the sample corpus. Both are printed; the test
//! fails only if either side cannot be measured or ours falls far behind.
//!
//! Runs in the Python named by `SPANWRIGHT_ML_PYTHON` (it has spaCy; see
//! `.ci/ml-backend-env.sh`). Without it the test is skipped with the
//! reason, except under CI, where it fails.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};
use spanwright::cli::train::{TrainArgs, train_output};
use spanwright::model::{TrainingData, TrainingSelection, write_synthetic_project};
use spanwright::project::Project;

use crate::support::sample_project;

const SPACY: &str = r#"
import json, sys, time, random
import spacy
from spacy.training import Example

data = json.load(open(sys.argv[1]))
docs = {d["id"]: d for d in data["documents"]}
random.seed(0)
tp = fp = fn = 0
seconds = 0.0
for fold in data["folds"]:
    train_ids = [i for i in docs if i not in fold]
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    examples = []
    for i in train_ids:
        d = docs[i]
        doc = nlp.make_doc(d["text"])
        spans, taken = [], set()
        for s, e, label in sorted(d["entities"], key=lambda x: (x[0], -(x[1] - x[0]))):
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is None or any(t in taken for t in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            spans.append((span.start_char, span.end_char, label))
            ner.add_label(label)
        examples.append(Example.from_dict(doc, {"entities": spans}))
    started = time.perf_counter()
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(int(sys.argv[2])):
        random.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=4):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    seconds += time.perf_counter() - started
    for i in fold:
        d = docs[i]
        gold = {(s, e, l) for s, e, l in d["entities"]}
        found = {(ent.start_char, ent.end_char, ent.label_) for ent in nlp(d["text"]).ents}
        tp += len(gold & found); fp += len(found - gold); fn += len(gold - found)
p = tp / (tp + fp) if tp + fp else 0.0
r = tp / (tp + fn) if tp + fn else 0.0
print(json.dumps({"f1": 2 * p * r / (p + r) if p + r else 0.0, "seconds": seconds}))
"#;

fn ml_python() -> Option<String> {
    match std::env::var("SPANWRIGHT_ML_PYTHON") {
        Ok(path) if !path.is_empty() => Some(path),
        _ if std::env::var_os("CI").is_some_and(|v| v == "true") => {
            panic!(
                "SPANWRIGHT_ML_PYTHON is not set: .ci/run must provide it (.ci/ml-backend-env.sh prints a Python with spaCy)"
            )
        }
        _ => {
            eprintln!(
                "skipped: set SPANWRIGHT_ML_PYTHON to a Python with spaCy (bash .ci/ml-backend-env.sh prints one)"
            );
            None
        }
    }
}

/// (our F1, our seconds, spaCy's F1, spaCy's seconds) on the same folds.
fn compare(python: &str, root: &Path, annotator: &str, epochs: usize, work: &Path) -> (f64, f64, f64, f64) {
    let annotators = [annotator.to_owned()];
    let started = Instant::now();
    let output = train_output(&TrainArgs {
        project_dir: root,
        annotators: Some(&annotators),
        folds: 3,
        json: true,
    });
    let ours_seconds = started.elapsed().as_secs_f64();
    assert_eq!(output.exit_code, 0, "{}", output.stderr);
    let ours: Value = serde_json::from_str(&output.stdout).unwrap();
    let overall = &ours["cross_validation"]["scores"]["overall"];
    let counts = |name: &str| overall[name].as_f64().unwrap();
    let (tp, fp, fn_) = (
        counts("true_positives"),
        counts("false_positives"),
        counts("false_negatives"),
    );
    let ours_f1 = if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fn_)
    };

    let project = Project::open(root).unwrap();
    let data = TrainingData::load(&project, &TrainingSelection::of(annotators.to_vec()));
    let documents: Vec<Value> = data
        .documents
        .iter()
        .map(|d| {
            json!({
                "id": d.document.id(),
                "text": d.document.text(),
                "entities": d.entities.iter().map(|e| json!([e.start, e.end, e.label])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let input = work.join(format!("{annotator}-folds.json"));
    std::fs::write(
        &input,
        json!({"documents": documents, "folds": ours["cross_validation"]["folds"]}).to_string(),
    )
    .unwrap();
    let script = work.join("spacy_folds.py");
    std::fs::write(&script, SPACY).unwrap();
    let run = Command::new(python)
        .arg(&script)
        .arg(&input)
        .arg(epochs.to_string())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let theirs: Value = serde_json::from_slice(&run.stdout).unwrap();
    (
        ours_f1,
        ours_seconds,
        theirs["f1"].as_f64().unwrap(),
        theirs["seconds"].as_f64().unwrap(),
    )
}

#[test]
fn the_recommender_beside_spacy_on_the_same_folds() {
    let Some(python) = ml_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let synthetic = dir.path().join("synthetic");
    write_synthetic_project(&synthetic, 12, 10, "alice", 11).unwrap();
    let sample = sample_project(dir.path(), "sample");
    for (name, root, epochs) in [("synthetic news", &synthetic, 12), ("sample corpus", &sample, 20)] {
        let (ours, ours_s, spacy, spacy_s) = compare(&python, root, "alice", epochs, dir.path());
        println!(
            "{name}: spanwright F1 {ours:.3} (all folds, learning curve included, {ours_s:.1} s); spaCy blank(\"en\") NER F1 {spacy:.3} (training only, {spacy_s:.1} s)"
        );
        assert!((0.0..=1.0).contains(&spacy));
        assert!(ours >= spacy - 0.25, "{name}: {ours:.3} far behind spaCy's {spacy:.3}");
    }
}
