//! Whether the built-in recommender is any good: its F1 beside a spaCy
//! `blank("en")` NER's on the same document folds, on synthetic news and
//! on the sample corpus, scored by the same exact-span-and-label counter,
//! with each side's training time (training only, every fold). spaCy gets
//! what it needs to be at its best: it learns sentence by sentence (many
//! updates per epoch) for 80 epochs, and its F1 after 10, 20, 40 and 60
//! epochs is printed too, so a curve still rising would show. Both are
//! printed; the test fails only if either side cannot be measured or ours
//! falls far behind.
//!
//! Runs in the Python named by `SPANWRIGHT_ML_PYTHON` (it has spaCy; see
//! `.ci/ml-backend-env.sh`). Without it the test is skipped with the
//! reason, except under CI, where it fails.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};
use spanwright::model::{
    AnnotatedDocument, Scores, Span, TrainingData, TrainingOptions, TrainingSelection, train, write_synthetic_project,
};
use spanwright::project::Project;

use crate::support::sample_project;

const FOLDS: usize = 3;
const SPACY_EPOCHS: usize = 80;

/// Trains on each fold's training documents, sentence by sentence, and
/// prints the test documents' entities after each checkpoint epoch.
const SPACY: &str = r#"
import json, sys, time, random
import spacy
from spacy.training import Example

data = json.load(open(sys.argv[1]))
epochs = int(sys.argv[2])
checkpoints = sorted(c for c in {10, 20, 40, 60, epochs} if c <= epochs)
docs = {d["id"]: d for d in data["documents"]}
random.seed(0)
spacy.util.fix_random_seed(0)
splitter = spacy.blank("en")
splitter.add_pipe("sentencizer")
out = {"seconds": 0.0, "predictions": {str(c): {} for c in checkpoints}, "sentences": 0}
for fold in data["folds"]:
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    examples = []
    for i in [i for i in docs if i not in fold]:
        d = docs[i]
        whole = splitter(d["text"])
        for sent in whole.sents:
            s0, s1 = sent.start_char, sent.end_char
            doc = nlp.make_doc(d["text"][s0:s1])
            spans, taken = [], set()
            for s, e, label in sorted(d["entities"], key=lambda x: (x[0], -(x[1] - x[0]))):
                if s < s0 or e > s1:
                    continue
                span = doc.char_span(s - s0, e - s0, label=label, alignment_mode="expand")
                if span is None or any(t in taken for t in range(span.start, span.end)):
                    continue
                taken.update(range(span.start, span.end))
                spans.append((span.start_char, span.end_char, label))
                ner.add_label(label)
            examples.append(Example.from_dict(doc, {"entities": spans}))
    out["sentences"] += len(examples)
    started = time.perf_counter()
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(1, epochs + 1):
        random.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.2)
        if epoch in checkpoints:
            out["seconds"] += time.perf_counter() - started
            for i in fold:
                found = [[e.start_char, e.end_char, e.label_] for e in nlp(docs[i]["text"]).ents]
                out["predictions"][str(epoch)][i] = found
            started = time.perf_counter()
print(json.dumps(out))
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

/// Document `i` (in project order) is in fold `i % FOLDS`, as in
/// `spanwright train`'s cross-validation.
fn folds(documents: &[AnnotatedDocument]) -> Vec<Vec<String>> {
    let mut folds = vec![Vec::new(); FOLDS];
    for (i, d) in documents.iter().enumerate() {
        folds[i % FOLDS].push(d.document.id().to_owned());
    }
    folds
}

struct Side {
    f1: f64,
    training: Duration,
}

fn ours(documents: &[AnnotatedDocument], folds: &[Vec<String>], project: &Project) -> Side {
    let mut scores = Scores::default();
    let mut training = Duration::ZERO;
    for fold in folds {
        let (test, learn): (Vec<&AnnotatedDocument>, Vec<&AnnotatedDocument>) = documents
            .iter()
            .partition(|d| fold.iter().any(|id| id == d.document.id()));
        let learn: Vec<AnnotatedDocument> = learn.into_iter().cloned().collect();
        let recommender = train(&learn, &TrainingOptions::for_project(project)).unwrap();
        training += recommender.stats.duration;
        for document in test {
            let predicted: Vec<Span> = recommender
                .predict(&document.document)
                .unwrap()
                .suggestions
                .into_iter()
                .map(Span::from)
                .collect();
            scores.count(&document.entities, &predicted);
        }
    }
    Side {
        f1: scores.overall.f1(),
        training,
    }
}

/// spaCy's F1 at each checkpoint epoch, and its training time to the last.
fn spacy(
    python: &str,
    documents: &[AnnotatedDocument],
    folds: &[Vec<String>],
    work: &Path,
    name: &str,
) -> (BTreeMap<usize, f64>, Duration, usize) {
    let input = work.join(format!("{name}-folds.json"));
    let rows: Vec<Value> = documents
        .iter()
        .map(|d| {
            json!({
                "id": d.document.id(),
                "text": d.document.text(),
                "entities": d.entities.iter().map(|e| json!([e.start, e.end, e.label])).collect::<Vec<_>>(),
            })
        })
        .collect();
    std::fs::write(&input, json!({"documents": rows, "folds": folds}).to_string()).unwrap();
    let script = work.join("spacy_folds.py");
    std::fs::write(&script, SPACY).unwrap();
    let run = Command::new(python)
        .arg(&script)
        .arg(&input)
        .arg(SPACY_EPOCHS.to_string())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let out: Value = serde_json::from_slice(&run.stdout).unwrap();
    // spaCy's offsets count code points, as ours do.
    let mut curve = BTreeMap::new();
    for (epoch, predicted) in out["predictions"].as_object().unwrap() {
        let mut scores = Scores::default();
        for document in documents {
            let found: Vec<Span> = predicted[document.document.id()]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| Span {
                    start: e[0].as_u64().unwrap() as usize,
                    end: e[1].as_u64().unwrap() as usize,
                    label: e[2].as_str().unwrap().to_owned(),
                })
                .collect();
            scores.count(&document.entities, &found);
        }
        curve.insert(epoch.parse().unwrap(), scores.overall.f1());
    }
    (
        curve,
        Duration::from_secs_f64(out["seconds"].as_f64().unwrap()),
        out["sentences"].as_u64().unwrap() as usize,
    )
}

#[test]
fn the_recommender_beside_spacy_on_the_same_folds() {
    let Some(python) = ml_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let synthetic = dir.path().join("synthetic");
    write_synthetic_project(&synthetic, 12, 10, "alice", 11).unwrap();
    let sample = sample_project(dir.path(), "sample");
    for (name, root) in [("synthetic news", &synthetic), ("sample corpus", &sample)] {
        let project = Project::open(root).unwrap();
        let data = TrainingData::load(&project, &TrainingSelection::of(vec!["alice".to_owned()]));
        assert!(
            data.documents.len() >= FOLDS,
            "{name}: {} documents",
            data.documents.len()
        );
        let entities: usize = data.documents.iter().map(|d| d.entities.len()).sum();
        let folds = folds(&data.documents);
        let ours = ours(&data.documents, &folds, &project);
        let (curve, spacy_time, sentences) = spacy(&python, &data.documents, &folds, dir.path(), name);
        let spacy_f1 = curve[&SPACY_EPOCHS];
        let shown: Vec<String> = curve.iter().map(|(e, f1)| format!("{e}: {f1:.3}")).collect();
        println!(
            "{name} ({} documents, {entities} entities, {FOLDS} folds): spanwright F1 {:.3}, training {:.2} s; \
             spaCy blank(\"en\") NER F1 {spacy_f1:.3} after {SPACY_EPOCHS} epochs over {sentences} training sentences, \
             training {:.1} s (F1 by epoch: {})",
            data.documents.len(),
            ours.f1,
            ours.training.as_secs_f64(),
            spacy_time.as_secs_f64(),
            shown.join(", ")
        );
        assert!(curve.values().all(|f1| (0.0..=1.0).contains(f1)));
        assert!(
            ours.f1 >= spacy_f1 - 0.25,
            "{name}: {:.3} far behind spaCy's {spacy_f1:.3}",
            ours.f1
        );
    }
}
