//! Offsets stay right with emoji, combining marks, curly quotes, a BOM and
//! CRLF line ends, in each format, counted the way its consumer counts.

use crate::support as formats_support;

use std::collections::BTreeMap;
use std::path::Path;

use formats_support::*;
use serde_json::Value;
use spanwright::formats::{Format, TagScheme};
use spanwright::text::tokenize;

/// `(document id, label, text)` of every entity in the tricky project, as
/// Python would slice it from the text (BOM excluded).
fn expected(root: &Path) -> Vec<(String, String, String)> {
    let mut all = Vec::new();
    for (id, (text, set)) in sets_of(root, "alice") {
        let chars: Vec<char> = text.chars().collect();
        for e in set.entities() {
            all.push((id.clone(), e.label.clone(), chars[e.start..e.end].iter().collect()));
        }
    }
    all.sort();
    all
}

fn project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = tricky_project(dir.path(), "tricky");
    (dir, root)
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn code_point_slice(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[test]
fn jsonl_offsets_are_code_points() {
    let (dir, root) = project();
    let out = dir.path().join("out.jsonl");
    export_to(&root, Format::Jsonl, &out);
    let mut found = Vec::new();
    for line in lines(&out) {
        let text = line["text"].as_str().unwrap();
        assert!(!text.starts_with('\u{feff}'), "the BOM is not part of the text");
        for e in line["entities"].as_array().unwrap() {
            let slice = code_point_slice(text, e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            assert_eq!(slice, e["text"].as_str().unwrap());
            found.push((
                line["id"].as_str().unwrap().to_owned(),
                e["label"].as_str().unwrap().to_owned(),
                slice,
            ));
        }
    }
    found.sort();
    assert_eq!(found, expected(&root));
}

#[test]
fn doccano_offsets_are_utf16_code_units() {
    let (dir, root) = project();
    let out = dir.path().join("out.jsonl");
    export_to(&root, Format::Doccano, &out);
    let mut found = Vec::new();
    let mut differs_from_code_points = false;
    for line in lines(&out) {
        let text = line["text"].as_str().unwrap();
        let units: Vec<u16> = text.encode_utf16().collect();
        for e in line["entities"].as_array().unwrap() {
            let (start, end) = (e["start_offset"].as_u64().unwrap(), e["end_offset"].as_u64().unwrap());
            let slice = String::from_utf16(&units[start as usize..end as usize]).unwrap();
            differs_from_code_points |= code_point_slice(text, start, end) != slice;
            found.push((
                line["document"].as_str().unwrap().to_owned(),
                e["label"].as_str().unwrap().to_owned(),
                slice,
            ));
        }
    }
    found.sort();
    assert_eq!(found, expected(&root));
    assert!(differs_from_code_points, "the emoji should shift UTF-16 offsets");
}

#[test]
fn label_studio_offsets_are_code_points() {
    let (dir, root) = project();
    let out = dir.path().join("tasks.json");
    export_to(&root, Format::LabelStudio, &out);
    let tasks: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut found = Vec::new();
    for task in &tasks {
        let text = task["data"]["text"].as_str().unwrap();
        for result in task["annotations"][0]["result"].as_array().unwrap() {
            if result["type"] != "labels" {
                continue;
            }
            let value = &result["value"];
            let slice = code_point_slice(text, value["start"].as_u64().unwrap(), value["end"].as_u64().unwrap());
            assert_eq!(slice, value["text"].as_str().unwrap());
            found.push((
                task["data"]["document"].as_str().unwrap().to_owned(),
                value["labels"][0].as_str().unwrap().to_owned(),
                slice,
            ));
        }
    }
    found.sort();
    assert_eq!(found, expected(&root));
}

#[test]
fn brat_offsets_count_code_points_of_the_txt_as_python_reads_it() {
    let (dir, root) = project();
    let out = dir.path().join("brat");
    export_to(&root, Format::Brat, &out);
    let mut found = Vec::new();
    let mut fragmented = Vec::new();
    for (id, _) in sets_of(&root, "alice") {
        // Python's "utf-8" codec keeps a BOM as the character U+FEFF.
        let txt: Vec<char> = String::from_utf8(std::fs::read(out.join(&id)).unwrap())
            .unwrap()
            .chars()
            .collect();
        let ann = std::fs::read_to_string(out.join(id.replace(".txt", ".ann"))).unwrap();
        for line in ann.lines().filter(|l| l.starts_with('T')) {
            let fields: Vec<&str> = line.splitn(3, '\t').collect();
            let (label, offsets) = fields[1].split_once(' ').unwrap();
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|fragment| {
                    let (start, end) = fragment.split_once(' ').unwrap();
                    txt[start.parse::<usize>().unwrap()..end.parse::<usize>().unwrap()]
                        .iter()
                        .collect()
                })
                .collect();
            assert_eq!(pieces.join(" "), fields[2], "{id}: {line}");
            if pieces.len() > 1 {
                fragmented.push(fields[2].to_owned());
            }
            // The span runs from the first fragment's start to the last's end.
            let (first, last) = (
                offsets.split(';').next().unwrap(),
                offsets.split(';').next_back().unwrap(),
            );
            let start: usize = first.split(' ').next().unwrap().parse().unwrap();
            let end: usize = last.split(' ').nth(1).unwrap().parse().unwrap();
            found.push((id.clone(), label.to_owned(), txt[start..end].iter().collect::<String>()));
        }
    }
    found.sort();
    assert_eq!(found, expected(&root));
    assert_eq!(
        fragmented,
        ["Mirabella Eclano"],
        "the entity across CRLF is split at the line break"
    );
    let bom_txt = std::fs::read(out.join("news/bom-crlf.txt")).unwrap();
    assert!(bom_txt.starts_with(b"\xEF\xBB\xBF"), "the .txt keeps its BOM");
}

/// Entities read back from a CoNLL file: per document, `(label, tokens)`.
fn conll_entities(conll: &str) -> BTreeMap<usize, Vec<(String, String)>> {
    let mut documents: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    let mut document = 0;
    let mut open: Option<(String, Vec<String>)> = None;
    let mut close = |open: &mut Option<(String, Vec<String>)>, document: usize| {
        if let Some((label, tokens)) = open.take() {
            documents.entry(document).or_default().push((label, tokens.join(" ")));
        }
    };
    for line in conll.lines() {
        if line.starts_with("-DOCSTART-") {
            close(&mut open, document);
            document += 1;
            continue;
        }
        let Some((token, tag)) = line.split_once(' ') else {
            close(&mut open, document);
            continue;
        };
        match tag.split_once('-') {
            Some(("B" | "U", label)) => {
                close(&mut open, document);
                open = Some((label.to_owned(), vec![token.to_owned()]));
            }
            Some(("I" | "L", label)) => {
                let (open_label, tokens) = open.as_mut().expect("I- or L- without B-");
                assert_eq!(open_label, label);
                tokens.push(token.to_owned());
            }
            _ => close(&mut open, document),
        }
    }
    close(&mut open, document);
    documents
}

#[test]
fn conll_tags_sit_on_the_entities_tokens() {
    let (dir, root) = project();
    let sets = sets_of(&root, "alice");
    for scheme in [TagScheme::Bio, TagScheme::Bilou] {
        let out = dir.path().join(format!("out-{}.conll", scheme.name()));
        let project = spanwright::project::Project::open(&root).unwrap();
        let options = spanwright::formats::ExportOptions {
            scheme,
            ..spanwright::formats::ExportOptions::new(Format::Conll)
        };
        let summary = spanwright::formats::export(&project, &options, &out, &mut |_, _| {}).unwrap();
        assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
        let read = conll_entities(&std::fs::read_to_string(&out).unwrap());
        for (index, (id, (text, set))) in sets.iter().enumerate() {
            let chars: Vec<char> = text.chars().collect();
            let tokens = tokenize(text);
            let mut want: Vec<(String, String)> = set
                .entities()
                .iter()
                .map(|e| {
                    let words: Vec<String> = tokens
                        .iter()
                        .filter(|t| e.start <= t.start && t.end <= e.end)
                        .map(|t| chars[t.start..t.end].iter().collect())
                        .collect();
                    (e.label.clone(), words.join(" "))
                })
                .collect();
            let mut got = read.get(&(index + 1)).cloned().unwrap_or_default();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{id} ({})", scheme.name());
        }
    }
}
