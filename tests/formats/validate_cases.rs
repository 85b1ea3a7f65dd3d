//! `spanwright validate` on what arrives from elsewhere: texts that are not
//! UTF-8, and the same text labelled differently across the corpus (one
//! line per text, every occurrence in `--json`).

use crate::support::{FixtureDoc, write_fixture_project};

use spanwright::cli::validate::validate_project_as;

fn doc(id: &'static str, text: &str, label: &'static str) -> FixtureDoc {
    FixtureDoc {
        id,
        bytes: text.as_bytes().to_vec(),
        entities: vec![(label, "Rome", 0)],
    }
}

#[test]
fn a_text_that_is_not_utf8_is_reported_by_name_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    write_fixture_project(&root, &[doc("a.txt", "Talks in Rome.", "LOCATION")]);
    std::fs::write(root.join("latin1.txt"), b"Caf\xe9 in Rome").unwrap();
    let output = validate_project_as(&root, false, false);
    assert_eq!(output.exit_code, 1, "{}", output.stdout);
    let line = output
        .stdout
        .lines()
        .find(|line| line.contains("latin1.txt"))
        .unwrap_or_else(|| panic!("latin1.txt not reported:\n{}", output.stdout));
    assert!(line.contains("byte 3"), "{line}");
}

#[test]
fn inconsistencies_are_one_line_per_text_and_json_has_every_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    write_fixture_project(
        &root,
        &[
            doc("a.txt", "Talks in Rome.", "LOCATION"),
            doc("b.txt", "Back in Rome today.", "LOCATION"),
            doc("c.txt", "Rome said no.", "COUNTRY"),
            doc("d.txt", "Rome again.", "COUNTRY"),
            doc("e.txt", "Rome once more.", "LOCATION"),
        ],
    );
    let output = validate_project_as(&root, false, false);
    let lines: Vec<&str> = output.stdout.lines().filter(|l| l.contains("inconsistent")).collect();
    assert_eq!(
        lines,
        [
            "warning: inconsistent: \"Rome\" is labelled COUNTRY 2×, LOCATION 3× by alice; first not LOCATION: annotations/alice/c.txt.json e1 (--json lists every occurrence)"
        ],
        "{}",
        output.stdout
    );
    let json = validate_project_as(&root, false, true);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let rome = &report["inconsistencies"][0];
    assert_eq!(rome["labels"], serde_json::json!({"COUNTRY": 2, "LOCATION": 3}));
    assert_eq!(rome["occurrences"].as_array().unwrap().len(), 5);
}
