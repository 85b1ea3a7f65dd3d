//! The consumers are real tools: spaCy loads the jsonl export and gives a
//! span with `alignment_mode="strict"` for every entity on its token edges,
//! and seqeval reads the CoNLL export (BIO and BILOU) and gets back the same
//! entities; label-studio-sdk's `Converter` reads the Label Studio export;
//! spaCy's English tokenizer agrees with Spanwright's, and the QA token
//! check flags exactly what spaCy's strict alignment drops.
//!
//! Runs the Python named by `SPANWRIGHT_PYTHON` (a virtual environment with
//! spaCy, seqeval and label-studio-sdk: `.ci/python-consumers.sh` makes one
//! and prints its path). Without it the test is skipped, except under CI, where it fails.

use crate::support as formats_support;

use std::collections::HashSet;
use std::path::Path;

use formats_support::*;
use serde_json::json;
use spanwright::formats::{ExportOptions, ExportSummary, Format, TagScheme, export};
use spanwright::project::Project;
use spanwright::text::tokenize;

const SCRIPT: &str = r#"
import json
import sys

import spacy
from seqeval.scheme import BILOU, IOB2, Entities

jsonl_path, bio_path, bilou_path, expected_path = sys.argv[1:5]

# spaCy: every entity whose edges are spaCy token edges must give a span in
# strict alignment mode, with the same text.
nlp = spacy.blank("en")
strict = 0
for line in open(jsonl_path, encoding="utf-8"):
    record = json.loads(line)
    doc = nlp.make_doc(record["text"])
    starts = {token.idx for token in doc}
    ends = {token.idx + len(token) for token in doc}
    spans = []
    for entity in record["entities"]:
        start, end = entity["start"], entity["end"]
        assert record["text"][start:end] == entity["text"], (record["id"], entity)
        if start in starts and end in ends:
            span = doc.char_span(start, end, label=entity["label"], alignment_mode="strict")
            assert span is not None, (record["id"], entity)
            assert span.text == entity["text"] and span.label_ == entity["label"], (span, entity)
            spans.append(span)
            strict += 1
    doc.spans["sc"] = spans
    doc.ents = spacy.util.filter_spans(spans)

def read_conll(path):
    documents = []
    sentence = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            documents.append([])
            continue
        if not line:
            if sentence:
                documents[-1].append(sentence)
                sentence = []
            continue
        token, tag = line.split(" ")
        sentence.append((token, tag))
    assert not sentence, "the file must end with a blank line"
    return documents

expected = json.load(open(expected_path, encoding="utf-8"))
read_back = 0
for path, scheme in ((bio_path, IOB2), (bilou_path, BILOU)):
    documents = read_conll(path)
    assert len(documents) == len(expected), (len(documents), len(expected))
    for sentences, want in zip(documents, expected):
        tags = [[tag for _, tag in sentence] for sentence in sentences]
        # Strict mode raises on a tag of the wrong scheme and drops
        # ill-formed sequences, so a wrong tag shows up as a missing entity.
        found = Entities(tags, scheme).entities
        got = sorted(
            [entity.tag, " ".join(token for token, _ in sentences[entity.sent_id][entity.start:entity.end])]
            for sentence in found
            for entity in sentence
        )
        assert got == sorted(want["entities"]), (want["document"], got, want["entities"])
        read_back += len(got)

print(f"spacy strict spans: {strict}")
print(f"seqeval entities: {read_back}")
"#;

/// The Python to run, or `None` to skip the test.
fn python() -> Option<String> {
    match std::env::var("SPANWRIGHT_PYTHON") {
        Ok(path) if !path.is_empty() => Some(path),
        _ if std::env::var_os("CI").is_some() => panic!(
            "SPANWRIGHT_PYTHON is not set: .ci/run must provide it (it runs .ci/python-consumers.sh, which prints the path of a Python with spaCy, seqeval and label-studio-sdk)"
        ),
        _ => {
            eprintln!(
                "skipped: set SPANWRIGHT_PYTHON to a Python with spaCy, seqeval and label-studio-sdk (bash .ci/python-consumers.sh prints one)"
            );
            None
        }
    }
}

fn export_with(root: &Path, format: Format, scheme: TagScheme, out: &Path) -> ExportSummary {
    let project = Project::open(root).unwrap();
    let options = ExportOptions {
        scheme,
        ..ExportOptions::new(format)
    };
    export(&project, &options, out, &mut |_, _| {}).unwrap()
}

/// Per document, in export order, the entities CoNLL export says it wrote:
/// every entity not listed as left out, as its label and its tokens.
fn expected_conll(root: &Path, summary: &ExportSummary) -> serde_json::Value {
    let left_out: HashSet<(String, String)> = summary
        .skipped
        .iter()
        .map(|issue| (issue.file.clone(), issue.item.clone().unwrap_or_default()))
        .collect();
    let documents: Vec<serde_json::Value> = sets_of(root, "alice")
        .into_iter()
        .map(|(id, (text, set))| {
            let chars: Vec<char> = text.chars().collect();
            let tokens = tokenize(&text);
            let entities: Vec<(String, String)> = set
                .entities()
                .iter()
                .filter(|e| !left_out.contains(&(id.clone(), format!("entity {}", e.id))))
                .map(|e| {
                    let words: Vec<String> = tokens
                        .iter()
                        .filter(|t| e.start <= t.start && t.end <= e.end)
                        .map(|t| chars[t.start..t.end].iter().collect())
                        .collect();
                    (e.label.clone(), words.join(" "))
                })
                .collect();
            json!({"document": id, "entities": entities})
        })
        .collect();
    json!(documents)
}

#[test]
fn spacy_and_seqeval_read_the_exports() {
    let Some(python) = python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = full_project(dir.path(), "project");
    let jsonl = dir.path().join("train.jsonl");
    let bio = dir.path().join("train.bio.conll");
    let bilou = dir.path().join("train.bilou.conll");
    let exported = export_with(&root, Format::Jsonl, TagScheme::Bio, &jsonl);
    let bio_summary = export_with(&root, Format::Conll, TagScheme::Bio, &bio);
    let bilou_summary = export_with(&root, Format::Conll, TagScheme::Bilou, &bilou);
    assert_eq!(bio_summary.skipped, bilou_summary.skipped);
    assert!(bio_summary.entities > 100);
    let expected = dir.path().join("expected.json");
    std::fs::write(&expected, expected_conll(&root, &bio_summary).to_string()).unwrap();
    let script = dir.path().join("consumers.py");
    std::fs::write(&script, SCRIPT).unwrap();

    let output = std::process::Command::new(&python)
        .arg(&script)
        .args([&jsonl, &bio, &bilou, &expected])
        .output()
        .unwrap_or_else(|err| panic!("cannot run {python}: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the Python consumers failed:\n{stdout}\n{stderr}"
    );
    eprint!("{stdout}");
    let count = |prefix: &str| -> usize {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(prefix))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {prefix:?} in:\n{stdout}"))
    };
    // Most entities lie on spaCy's token edges; all of those were checked.
    assert!(count("spacy strict spans:") * 10 >= exported.entities * 8, "{stdout}");
    assert_eq!(count("seqeval entities:"), 2 * bio_summary.entities, "{stdout}");
}

const TOKENIZER_SCRIPT: &str = r#"
import json
import sys

import spacy

data = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.blank("en")
doc = nlp.make_doc(data["text"])
theirs = [(t.idx, t.idx + len(t)) for t in doc if not t.is_space]
ours = [tuple(t) for t in data["tokens"]]

def boundaries(tokens):
    return {edge for token in tokens for edge in token}

a, b = boundaries(ours), boundaries(theirs)
agreement = len(a & b) / len(a | b)
text = data["text"]
only_ours = sorted(set(ours) - set(theirs))
only_theirs = sorted(set(theirs) - set(ours))
for s, e in only_ours[:40]:
    print(f"only spanwright: {text[s:e]!r} at {s}")
for s, e in only_theirs[:40]:
    print(f"only spacy: {text[s:e]!r} at {s}")
print(f"tokens: spanwright {len(ours)}, spacy {len(theirs)}")
print(f"boundary agreement: {agreement:.4f}")

dropped = sorted(
    entity_id
    for entity_id, start, end in data["entities"]
    if doc.char_span(start, end, alignment_mode="strict") is None
)
flagged = sorted(data["flagged"])
print(f"entities: {len(data['entities'])}, dropped by spacy: {len(dropped)}, flagged: {len(flagged)}")
missed = sorted(set(dropped) - set(flagged))
false = sorted(set(flagged) - set(dropped))
for entity_id, start, end in data["entities"]:
    if entity_id in missed or entity_id in false:
        kind = "missed" if entity_id in missed else "false warning"
        print(f"{kind}: {entity_id} {text[start:end]!r} {start}..{end}")
assert agreement >= 0.995, agreement
assert not missed and not false
"#;

/// Candidate entities over the sample: every Unicode word, every pair of
/// neighbouring words, and each longer word without its last character,
/// so that both aligned and misaligned spans occur.
fn candidate_entities(text: &str) -> Vec<(usize, usize)> {
    use unicode_segmentation::UnicodeSegmentation as _;
    let mut words = Vec::new();
    let mut chars_before = 0;
    for segment in text.split_word_bounds() {
        let len = segment.chars().count();
        if segment.chars().any(char::is_alphanumeric) {
            words.push((chars_before, chars_before + len));
        }
        chars_before += len;
    }
    let mut spans = words.clone();
    spans.extend(words.windows(2).map(|pair| (pair[0].0, pair[1].1)));
    spans.extend(words.iter().filter(|(s, e)| e - s > 3).map(|(s, e)| (*s, e - 1)));
    spans
}

#[test]
fn the_tokenizer_agrees_with_spacy_and_qa_flags_what_strict_alignment_drops() {
    use spanwright::annotations::{AnnotationFile, EntityRecord};
    use spanwright::qa::{Check, check_document};
    use spanwright::schema::LabelSchema;
    use spanwright::text::Document;

    let Some(python) = python() else {
        return;
    };
    let text = include_str!("fixtures/tokenizer_sample.txt");
    let document = Document::from_text("sample.txt", text);
    let tokens: Vec<[usize; 2]> = tokenize(text).iter().map(|t| [t.start, t.end]).collect();
    let mut file = AnnotationFile::from_set(&Default::default(), &document, "alice");
    file.entities = candidate_entities(text)
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| EntityRecord {
            id: format!("e{}", i + 1),
            label: "PERSON".into(),
            start,
            end,
            text: document.slice(start, end).unwrap().to_owned(),
            attributes: Default::default(),
            note: None,
            comment: None,
        })
        .collect();
    let flagged: HashSet<String> = check_document("sample.json", "alice", &file, &document, &LabelSchema::bundled())
        .into_iter()
        .filter(|f| f.check == Check::TokenBoundary)
        .filter_map(|f| f.item)
        .collect();
    assert!(!flagged.is_empty());
    let data = json!({
        "text": text,
        "tokens": tokens,
        "entities": file.entities.iter().map(|e| json!([e.id, e.start, e.end])).collect::<Vec<_>>(),
        "flagged": flagged,
    });
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tokens.json");
    std::fs::write(&input, data.to_string()).unwrap();
    let script = dir.path().join("tokenizer.py");
    std::fs::write(&script, TOKENIZER_SCRIPT).unwrap();
    let output = std::process::Command::new(&python)
        .arg(&script)
        .arg(&input)
        .output()
        .unwrap_or_else(|err| panic!("cannot run {python}: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprint!("{stdout}");
    assert!(
        output.status.success(),
        "spaCy's tokenizer disagrees:\n{stdout}\n{stderr}"
    );
}

const LABEL_STUDIO_SCRIPT: &str = r#"
import json
import os
import sys

from label_studio_sdk.converter import Converter

tasks_path, config_path, jsonl_path, out_dir = sys.argv[1:5]
converter = Converter(config=open(config_path, encoding="utf-8").read(), project_dir=out_dir)

converter.convert_to_json_min(tasks_path, os.path.join(out_dir, "min"), is_dir=False)
records = json.load(open(os.path.join(out_dir, "min", "result.json"), encoding="utf-8"))
theirs = {}
for record in records:
    spans = set()
    for key, value in record.items():
        if isinstance(value, list):
            for region in value:
                if isinstance(region, dict) and "labels" in region:
                    for label in region["labels"]:
                        spans.add((region["start"], region["end"], label))
    theirs[record["document"]] = spans

ours = {}
for line in open(jsonl_path, encoding="utf-8"):
    record = json.loads(line)
    ours[record["id"]] = {(e["start"], e["end"], e["label"]) for e in record["entities"]}
assert theirs == ours, {k: (sorted(theirs.get(k, ())), sorted(ours.get(k, ()))) for k in ours if theirs.get(k) != ours[k]}

converter.convert_to_conll2003(tasks_path, os.path.join(out_dir, "conll"), is_dir=False)
tags = [line.split()[-1] for line in open(os.path.join(out_dir, "conll", "result.conll"), encoding="utf-8")
        if line.strip() and not line.startswith("-DOCSTART-")]
begins = sum(1 for tag in tags if tag.startswith("B-"))
labels = {tag[2:] for tag in tags if tag != "O"}
all_labels = {label for spans in ours.values() for (_, _, label) in spans}
assert begins > 0 and labels <= all_labels, (begins, labels - all_labels)
print(f"label studio json_min spans: {sum(len(s) for s in theirs.values())}")
print(f"label studio conll entities: {begins}")
"#;

#[test]
fn label_studio_converters_read_the_export() {
    let Some(python) = python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = full_project(dir.path(), "project");
    let tasks = dir.path().join("tasks.json");
    let jsonl = dir.path().join("train.jsonl");
    let exported = export_with(&root, Format::LabelStudio, TagScheme::Bio, &tasks);
    export_with(&root, Format::Jsonl, TagScheme::Bio, &jsonl);
    let config = spanwright::formats::label_studio_config_path(&tasks);
    let script = dir.path().join("label_studio.py");
    std::fs::write(&script, LABEL_STUDIO_SCRIPT).unwrap();
    let out = dir.path().join("converted");
    std::fs::create_dir_all(&out).unwrap();
    let output = std::process::Command::new(&python)
        .arg(&script)
        .args([&tasks, &config, &jsonl, &out])
        .output()
        .unwrap_or_else(|err| panic!("cannot run {python}: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "Label Studio's converters failed on the export:\n{stdout}\n{stderr}"
    );
    eprint!("{stdout}");
    let spans: usize = stdout
        .lines()
        .find_map(|line| line.strip_prefix("label studio json_min spans:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no span count in:\n{stdout}"));
    assert_eq!(spans, exported.entities);
}
