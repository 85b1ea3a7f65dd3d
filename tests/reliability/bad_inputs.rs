//! Hand-made bad inputs in `tests/bad-inputs/`, each refused with its own
//! clear message naming the file (and line, entity or relation where there
//! is one), and none of them changed on disk.

use std::path::{Path, PathBuf};

use spanwright::project::{OpenDocument, Project};
use spanwright::schema::LabelSchema;
use spanwright::text::Document;

const DOC: &str = "harbour-report.txt";
const FILE: &str = "annotations/alice/harbour-report.txt.json";

fn bad_inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

/// Annotation files for `harbour-report.txt`, and why the window opens each
/// read-only (the file name is put in front of each message).
const ANNOTATION_CASES: &[(&str, &str)] = &[
    ("valid.json", ""),
    (
        "invalid-json.json",
        ":10:3: invalid JSON: expected `,` or `}` at line 10 column 3",
    ),
    (
        "truncated.json",
        ":39:0: invalid JSON: EOF while parsing an object at line 39 column 0",
    ),
    (
        "empty.json",
        ":1:0: invalid JSON: EOF while parsing a value at line 1 column 0",
    ),
    (
        "not-an-object.json",
        ": not a Spanwright annotation file (format is \"\", expected \"spanwright.annotations\")",
    ),
    ("not-utf8.json", ": not valid UTF-8 at byte 473"),
    (
        "deep-nesting.json",
        // The note holds an array nested deeper than any parser should follow;
        // the error points at where the wrong type starts.
        ":21:14: invalid JSON: invalid type: sequence, expected a string at line 21 column 14",
    ),
    (
        "huge-offset.json",
        ":36:36: invalid JSON: invalid type: floating point `1e+23`, expected usize at line 36 column 36",
    ),
    (
        "wrong-format.json",
        ": not a Spanwright annotation file (format is \"brat.standoff\", expected \"spanwright.annotations\")",
    ),
    (
        "newer-version.json",
        ": written by a newer Spanwright (format version 2; this version reads up to 1); it is left untouched",
    ),
    (
        "unknown-field.json",
        ":31:18: invalid JSON: unknown field `confidence`, expected one of `id`, `label`, `start`, `end`, `text`, `attributes`, `note`, `comment` at line 31 column 18",
    ),
    (
        "wrong-type-offset.json",
        ":35:19: invalid JSON: invalid type: string \"44\", expected usize at line 35 column 19",
    ),
    (
        "negative-offset.json",
        ":35:17: invalid JSON: invalid value: integer `-3`, expected usize at line 35 column 17",
    ),
    (
        "unknown-status.json",
        ":10:22: invalid JSON: unknown variant `finished`, expected one of `todo`, `in_progress`, `done`, `reviewed` at line 10 column 22",
    ),
    ("unknown-label.json", ": e6: unknown label \"VESSEL\""),
    (
        "offsets-past-end.json",
        ": e6: offsets 162..186 run past the end of the text (166 characters)",
    ),
    ("start-not-before-end.json", ": e3: start 44 is not before end 44"),
    (
        "text-mismatch.json",
        ": e2: stored text \"Portmore\" differs from the text at 32..40: \"Portmere\"",
    ),
    (
        "relation-to-missing-entity.json",
        ": r2: tail \"e9\" is not an entity of this file",
    ),
    ("forbidden-pair.json", ": r3: HOLDS_ROLE does not allow DATE → ROLE"),
    ("duplicate-ids.json", ": e2: duplicate id \"e2\" (and 1 more problems)"),
    ("duplicate-entity.json", ": e7: duplicate entity LOCATION 32..40"),
    (
        "unknown-relation-label.json",
        ": r2: unknown relation label \"LIVES_IN\"",
    ),
    ("self-relation.json", ": r3: head and tail are the same entity"),
    (
        "attribute-not-allowed.json",
        ": e5: attribute \"estimated\" does not apply to PERSON",
    ),
    (
        "bad-attribute-value.json",
        ": e1: attribute \"estimated\" cannot be maybe",
    ),
    (
        "text-changed.json",
        ": the text of harbour-report.txt changed since it was annotated (sha256 c8dd131a7598 on disk, 92dae309d544 stored)",
    ),
    (
        "wrong-document.json",
        ": document id is \"other-report.txt\" but the file belongs to \"harbour-report.txt\"",
    ),
    (
        "wrong-length.json",
        ": stored length 173 differs from the text's 166 characters",
    ),
];

/// Label schemas, and the error `LabelSchema::from_json` gives (after the
/// file name).
const SCHEMA_CASES: &[(&str, &str)] = &[
    (
        "invalid-json.json",
        ":3:14: invalid label schema JSON: expected `:` at line 3 column 14",
    ),
    (
        "unknown-entity-in-relation.json",
        ": invalid label schema:\n  $.relations[0].tail[0]: unknown entity type \"PLACE\"",
    ),
    (
        "duplicate-hotkey.json",
        ": invalid label schema:\n  $.entities[1].hotkey: duplicate hotkey \"P\" (also at $.entities[0])",
    ),
    (
        "bad-color.json",
        ": invalid label schema:\n  $.entities[2].color: bad color \"green\": expected #rrggbb",
    ),
    (
        "no-entities.json",
        ": invalid label schema:\n  $.entities: a schema needs at least one entity type",
    ),
    (
        "unknown-field.json",
        ":198:11: invalid label schema JSON: unknown field `version`, expected one of `name`, `entities`, `relations`, `attributes`, `allow_overlap` at line 198 column 11",
    ),
    (
        "empty-values.json",
        ": invalid label schema:\n  $.attributes[1].values: an empty value list; use null for a yes/no flag",
    ),
    (
        "duplicate-entity-type.json",
        ": invalid label schema:\n  $.entities[10].name: duplicate entity type \"PERSON\" (also at $.entities[0])",
    ),
    (
        "wrong-type.json",
        ":197:24: invalid label schema JSON: invalid type: string \"yes\", expected a boolean at line 197 column 24",
    ),
];

/// Texts, and the error loading them as a document gives.
const TEXT_CASES: &[(&str, &str)] = &[
    ("latin1.txt", ": not valid UTF-8 at byte 3"),
    ("bom-then-invalid.txt", ": not valid UTF-8 at byte 11"),
    ("utf16.txt", ": not valid UTF-8 at byte 0"),
];

fn files_in(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(bad_inputs().join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn assert_every_file_has_a_case(folder: &str, cases: &[(&str, &str)]) {
    let mut listed: Vec<String> = cases.iter().map(|(name, _)| (*name).to_owned()).collect();
    listed.sort();
    assert_eq!(
        files_in(folder),
        listed,
        "every bad input in {folder}/ needs its expected message"
    );
}

/// The window's view of `bad` placed as alice's file for the harbour report.
fn open_in_project(bad: &Path) -> (String, Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(bad_inputs().join(DOC), dir.path().join(DOC)).unwrap();
    let project = Project::open(dir.path()).unwrap();
    let path = project.annotation_path("alice", DOC);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(bad, &path).unwrap();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let reason = document.read_only_reason().unwrap_or_default().to_owned();
    // Read-only means nothing can be saved over it.
    assert!(reason.is_empty() || document.save_job().is_none());
    let _ = document.save_now();
    (reason, std::fs::read(bad).unwrap(), std::fs::read(&path).unwrap())
}

#[test]
fn bad_annotation_files_open_read_only_with_their_own_message() {
    assert_every_file_has_a_case("annotations", ANNOTATION_CASES);
    let mut wrong = Vec::new();
    for (name, expected) in ANNOTATION_CASES {
        let (reason, original, after) = open_in_project(&bad_inputs().join("annotations").join(name));
        assert_eq!(after, original, "{name} was changed on disk");
        let expected = if expected.is_empty() {
            String::new()
        } else {
            format!("{FILE}{expected}")
        };
        if reason != expected {
            wrong.push(format!("{name}\n  expected: {expected}\n  got:      {reason}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn bad_schemas_are_refused_with_their_own_message() {
    assert_every_file_has_a_case("schemas", SCHEMA_CASES);
    let mut wrong = Vec::new();
    for (name, expected) in SCHEMA_CASES {
        let json = std::fs::read_to_string(bad_inputs().join("schemas").join(name)).unwrap();
        let message = match LabelSchema::from_json(name, &json) {
            Ok(_) => String::new(),
            Err(err) => err.to_string(),
        };
        let expected = format!("{name}{expected}");
        if message != expected {
            wrong.push(format!("{name}\n  expected: {expected}\n  got:      {message}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn bad_texts_are_refused_with_their_own_message() {
    assert_every_file_has_a_case("texts", TEXT_CASES);
    let mut wrong = Vec::new();
    for (name, expected) in TEXT_CASES {
        let path = bad_inputs().join("texts").join(name);
        let message = match Document::load(&path, name) {
            Ok(_) => String::new(),
            Err(err) => err.to_string(),
        };
        let expected = format!("{name}{expected}");
        if message != expected {
            wrong.push(format!("{name}\n  expected: {expected}\n  got:      {message}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
