//! Bad input never panics: every loader of outside input runs against
//! generated malformed inputs, made by mutating valid files (bit flips,
//! truncations, inserted bytes and JSON tokens, values replaced by wrong
//! types, huge numbers, deep nesting...).
//!
//! `SPANWRIGHT_FUZZ_CASES` sets the total number of inputs (default 100,000),
//! shared among the loaders by their weight.
//!
//! To fuzz another importer: add a [`Loader`] to [`loaders`] with a few valid
//! files as seeds and a function that runs the importer on bytes, and a
//! `#[test]` that calls [`fuzz`] with its name.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use spanwright::annotations::{AnnotationFile, check_against};
use spanwright::reanchor::{Decision, ReanchorPlan};
use spanwright::schema::LabelSchema;
use spanwright::text::{Document, snap_to_words, tokenize, trim_whitespace, word_at};

/// One loader of outside input.
struct Loader {
    name: &'static str,
    /// Valid inputs to mutate.
    seeds: Vec<Vec<u8>>,
    /// Seeds are JSON, so structural mutations apply too.
    json: bool,
    /// Share of the total number of cases.
    weight: u32,
    /// Runs the loader (and what uses its result); must never panic.
    run: fn(&[u8]),
}

fn loaders() -> Vec<Loader> {
    vec![
        Loader {
            name: "annotation file",
            seeds: annotation_seeds(),
            json: true,
            weight: 5,
            run: load_annotation_file,
        },
        Loader {
            name: "label schema",
            seeds: vec![
                read("schemas/news-migration.json"),
                read("tests/bad-inputs/schemas/no-entities.json"),
            ],
            json: true,
            weight: 3,
            run: load_schema,
        },
        Loader {
            name: "text",
            seeds: text_seeds(),
            json: false,
            weight: 2,
            run: load_text,
        },
    ]
}

#[test]
fn annotation_files_never_panic() {
    fuzz("annotation file");
}

#[test]
fn label_schemas_never_panic() {
    fuzz("label schema");
}

#[test]
fn texts_never_panic() {
    fuzz("text");
}

fn total_cases() -> u32 {
    std::env::var("SPANWRIGHT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// Runs loader `name` on its share of the cases; fails with the smallest
/// input found that panics.
fn fuzz(name: &str) {
    let loaders = loaders();
    let total_weight: u32 = loaders.iter().map(|l| l.weight).sum();
    let loader = loaders.iter().find(|l| l.name == name).unwrap();
    let cases = (u64::from(total_cases()) * u64::from(loader.weight)).div_ceil(u64::from(total_weight));
    let config = Config {
        cases: u32::try_from(cases).unwrap_or(u32::MAX),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let structural = if loader.json {
        prop::collection::vec(json_edit(), 0..4).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    let strategy = (
        0..loader.seeds.len(),
        structural,
        prop::collection::vec(byte_mutation(), 0..4),
    );
    let result = runner.run(&strategy, |(seed, edits, mutations)| {
        let input = mutate(&loader.seeds[seed], &edits, &mutations);
        // A panic is caught by the runner, which then shrinks the input.
        (loader.run)(&input);
        Ok::<(), TestCaseError>(())
    });
    if let Err(err) = result {
        panic!("the {name} loader panicked: {err}");
    }
}

// --- The loaders ---

struct AnnotationWorld {
    schema: LabelSchema,
    /// Texts by document id: as annotated, and edited since.
    texts: BTreeMap<String, (Document, Document)>,
}

fn annotation_world() -> &'static AnnotationWorld {
    static WORLD: OnceLock<AnnotationWorld> = OnceLock::new();
    WORLD.get_or_init(|| {
        let mut texts = BTreeMap::new();
        for (id, path) in text_files() {
            let original = Document::from_bytes(&id, read(&path)).unwrap();
            let mut edited_text = original.text().to_owned();
            edited_text.insert_str(edited_text.len() / 2, " An inserted clause, «with quotes» 🚤, ");
            let edited = Document::from_text(&id, edited_text.replacen("the ", "", 3));
            texts.insert(id, (original, edited));
        }
        AnnotationWorld {
            schema: LabelSchema::bundled(),
            texts,
        }
    })
}

fn load_annotation_file(bytes: &[u8]) {
    let Ok(json) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(file) = AnnotationFile::parse("fuzzed.json", json) else {
        return;
    };
    let world = annotation_world();
    let (original, edited) = world
        .texts
        .get(&file.document.id)
        .unwrap_or_else(|| world.texts.values().next().unwrap());
    for document in [original, edited] {
        let _ = check_against("fuzzed.json", &file, document, &world.schema);
        let set = file.to_set();
        let _ = set.entities_at(document.char_len() / 2);
        let _ = AnnotationFile::from_set(&set, document, "alice").to_json();
    }
    let _ = file.to_json();
    for old_text in [Some(original), None] {
        if let Ok(plan) = ReanchorPlan::new("fuzzed.json", &file, edited, old_text) {
            for decision in [Decision::Accept, Decision::Drop] {
                let decisions = plan
                    .needing_decision()
                    .map(|e| (e.id.clone(), decision.clone()))
                    .collect();
                let _ = plan.apply(edited, &world.schema, &decisions);
            }
        }
    }
}

fn load_schema(bytes: &[u8]) {
    let Ok(json) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(schema) = LabelSchema::from_json("fuzzed.json", json) else {
        return;
    };
    for head in &schema.entities {
        let _ = head.rgb();
        let _ = schema.attributes_for(&head.name);
        if let Some(hotkey) = &head.hotkey {
            let _ = schema.entity_for_hotkey(hotkey);
        }
        for tail in &schema.entities {
            let _ = schema.relations_between(&head.name, &tail.name);
        }
    }
}

fn load_text(bytes: &[u8]) {
    let Ok(document) = Document::from_bytes("fuzzed.txt", bytes.to_vec()) else {
        return;
    };
    let len = document.char_len();
    assert_eq!(
        document.to_file_bytes(),
        bytes,
        "a text must load and give back the same bytes"
    );
    let _ = tokenize(document.text());
    // Offsets spread over the text, and some past the end.
    for offset in (0..len + 3).step_by(1 + len / 16).chain([len, len + 1]) {
        let byte = document.byte_of_char(offset);
        assert_eq!(document.char_of_byte(byte), Some(offset.min(len)));
        let utf16 = document.utf16_of_char(offset);
        assert_eq!(document.char_of_utf16(utf16), Some(offset.min(len)));
        let _ = document.char_of_byte(offset);
        let _ = document.char_of_utf16(offset);
        let _ = document.slice(offset, offset + 3);
        let _ = document.slice(offset + 3, offset);
        let _ = word_at(&document, offset);
        let _ = snap_to_words(&document, offset, offset + 5);
        let _ = trim_whitespace(&document, offset, offset + 5);
    }
}

// --- Seeds ---

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

/// The sample texts and the bad-inputs text, as `(document id, path)`.
fn text_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-corpus"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".txt"))
            .map(|name| (name.clone(), format!("assets/sample-corpus/{name}")))
            .collect();
    files.push((
        "harbour-report.txt".into(),
        "tests/bad-inputs/harbour-report.txt".into(),
    ));
    files.sort();
    files
}

fn annotation_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = text_files()
        .iter()
        .map(|(id, _)| format!("assets/sample-corpus/annotations/alice/{id}.json"))
        .filter(|path| Path::new(env!("CARGO_MANIFEST_DIR")).join(path).exists())
        .map(|path| read(&path))
        .collect();
    seeds.push(read("tests/bad-inputs/annotations/valid.json"));
    seeds
}

fn text_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = text_files().iter().map(|(_, path)| read(path)).collect();
    seeds.push("e\u{301}🇪🇺👩‍👩‍👧\r\n\u{feff}x".as_bytes().to_vec());
    seeds.push(Vec::new());
    seeds
}

// --- Mutations ---

/// Pieces that make JSON and text go wrong in interesting ways.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "\\",
    "null",
    "true",
    "-1",
    "0",
    "1e999",
    "-0",
    "18446744073709551616",
    "4294967296",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "é",
    "🇪🇺",
    "\u{200d}",
    "e\u{301}",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{2028}",
    "\"format\"",
    "\"spanwright.annotations\"",
    "\"version\"",
    "\"start\"",
    "\"end\"",
    "\"e1\"",
];

#[derive(Clone, Debug)]
enum ByteMutation {
    FlipBit { at: usize, bit: u8 },
    SetByte { at: usize, byte: u8 },
    Insert { at: usize, bytes: Vec<u8> },
    InsertToken { at: usize, token: usize },
    Delete { at: usize, len: usize },
    Truncate { at: usize },
    Duplicate { at: usize, len: usize },
    Nest { at: usize, depth: usize },
}

fn byte_mutation() -> impl Strategy<Value = ByteMutation> {
    prop_oneof![
        (any::<usize>(), 0..8u8).prop_map(|(at, bit)| ByteMutation::FlipBit { at, bit }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| ByteMutation::SetByte { at, byte }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..6))
            .prop_map(|(at, bytes)| ByteMutation::Insert { at, bytes }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| ByteMutation::InsertToken { at, token }),
        (any::<usize>(), 1..64usize).prop_map(|(at, len)| ByteMutation::Delete { at, len }),
        any::<usize>().prop_map(|at| ByteMutation::Truncate { at }),
        (any::<usize>(), 1..200usize).prop_map(|(at, len)| ByteMutation::Duplicate { at, len }),
        (any::<usize>(), 1..2000usize).prop_map(|(at, depth)| ByteMutation::Nest { at, depth }),
    ]
}

impl ByteMutation {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let position = |at: usize, len: usize| if len == 0 { 0 } else { at % (len + 1) };
        match self {
            Self::FlipBit { at, bit } if !bytes.is_empty() => {
                let i = at % bytes.len();
                bytes[i] ^= 1 << bit;
            }
            Self::SetByte { at, byte } if !bytes.is_empty() => {
                let i = at % bytes.len();
                bytes[i] = *byte;
            }
            Self::Insert { at, bytes: new } => {
                let i = position(*at, bytes.len());
                bytes.splice(i..i, new.iter().copied());
            }
            Self::InsertToken { at, token } => {
                let i = position(*at, bytes.len());
                bytes.splice(i..i, TOKENS[*token].bytes());
            }
            Self::Delete { at, len } => {
                let i = position(*at, bytes.len());
                let end = (i + len).min(bytes.len());
                bytes.drain(i..end);
            }
            Self::Truncate { at } => {
                let i = position(*at, bytes.len());
                bytes.truncate(i);
            }
            Self::Duplicate { at, len } => {
                let i = position(*at, bytes.len());
                let end = (i + len).min(bytes.len());
                let copy = bytes[i..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Self::Nest { at, depth } => {
                let i = position(*at, bytes.len());
                let nest = "[".repeat(*depth) + &"]".repeat(*depth);
                bytes.splice(i..i, nest.bytes());
            }
            _ => {}
        }
    }
}

/// A change to the parsed JSON of a seed: a value somewhere replaced or
/// removed.
#[derive(Clone, Debug)]
enum JsonEdit {
    Replace { node: usize, value: Value },
    Remove { node: usize },
}

fn json_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        3 => (any::<usize>(), weird_value()).prop_map(|(node, value)| JsonEdit::Replace { node, value }),
        1 => any::<usize>().prop_map(|node| JsonEdit::Remove { node }),
    ]
}

const KEYS: &[&str] = &[
    "format",
    "version",
    "document",
    "id",
    "sha256",
    "length",
    "annotator",
    "status",
    "entities",
    "relations",
    "label",
    "start",
    "end",
    "text",
    "attributes",
    "note",
    "comment",
    "head",
    "tail",
    "name",
    "color",
    "hotkey",
    "symmetric",
    "values",
    "allow_overlap",
    "estimated",
    "stage",
];

fn weird_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (0..400u64).prop_map(Value::from),
        prop_oneof![
            Just(u64::MAX),
            Just(u64::from(u32::MAX) + 1),
            Just(i64::MAX as u64),
            Just(1u64 << 53)
        ]
        .prop_map(Value::from),
        prop_oneof![Just(-1i64), Just(i64::MIN)].prop_map(Value::from),
        prop_oneof![Just(1e300), Just(-0.0), Just(0.5), Just(f64::MIN_POSITIVE)].prop_map(Value::from),
        "[a-zA-Z_]{0,12}".prop_map(Value::from),
        prop::sample::select(KEYS).prop_map(Value::from),
        prop::sample::select(vec![
            "PERSON",
            "ORG",
            "HOLDS_ROLE",
            "MEETS",
            "todo",
            "done",
            "e1",
            "e2",
            "r1",
            "#ffffff"
        ])
        .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        (1..5000usize).prop_map(|n| Value::from("x".repeat(n))),
    ];
    leaf.prop_recursive(4, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6)
                .prop_map(|pairs| { Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()) }),
        ]
    })
}

/// JSON pointers of every node, in document order.
fn node_pointers(value: &Value, here: String, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                node_pointers(item, format!("{here}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                node_pointers(item, format!("{here}/{escaped}"), out);
            }
        }
        _ => {}
    }
    out.push(here);
}

impl JsonEdit {
    fn apply(&self, root: &mut Value) {
        let mut pointers = Vec::new();
        node_pointers(root, String::new(), &mut pointers);
        match self {
            Self::Replace { node, value } => {
                let pointer = &pointers[node % pointers.len()];
                if let Some(target) = root.pointer_mut(pointer) {
                    *target = value.clone();
                }
            }
            Self::Remove { node } => {
                let pointer = &pointers[node % pointers.len()];
                let Some((parent, last)) = pointer.rsplit_once('/') else {
                    return;
                };
                match root.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.shift_remove(&last.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>()
                            && i < items.len()
                        {
                            items.remove(i);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn mutate(seed: &[u8], edits: &[JsonEdit], mutations: &[ByteMutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    if !edits.is_empty()
        && let Ok(mut value) = serde_json::from_slice::<Value>(seed)
    {
        for edit in edits {
            edit.apply(&mut value);
        }
        bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    }
    for mutation in mutations {
        mutation.apply(&mut bytes);
    }
    bytes
}
