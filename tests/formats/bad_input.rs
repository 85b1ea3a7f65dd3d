//! Bad input on import (offsets out of range, text that does not match,
//! unknown labels, broken lines) is refused with file and line and nothing is
//! written; with --skip-invalid the rest is imported and the summary lists
//! what was skipped.

use std::path::{Path, PathBuf};

use spanwright::formats::{Format, ImportError, ImportOptions, ImportSummary, import};

/// A target project that already has `shared.txt`, so a differing text can
/// be tried in every format.
fn target(dir: &Path) -> PathBuf {
    let root = dir.join("target");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("shared.txt"), "Rome is big.").unwrap();
    root
}

fn listing(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

fn run(format: Format, input: &Path, root: &Path, skip_invalid: bool) -> Result<ImportSummary, ImportError> {
    let options = ImportOptions {
        format,
        input: input.to_path_buf(),
        project_dir: root.to_path_buf(),
        annotator: "bob".into(),
        skip_invalid,
    };
    import(&options, &mut |_, _| {})
}

/// Imports `input` without and then with --skip-invalid; checks that the
/// first is refused naming each `expected` fragment and writes nothing, and
/// that the second lists exactly as many skipped items.
fn refused_then_skipped(format: Format, input: &Path, dir: &Path, expected: &[&str]) -> ImportSummary {
    let root = target(dir);
    let before = listing(&root);
    let err = run(format, input, &root, false).unwrap_err();
    let message = err.to_string();
    let ImportError::Invalid { problems } = &err else {
        panic!("expected invalid input, got {message}");
    };
    for fragment in expected {
        assert!(message.contains(fragment), "{fragment:?} missing from:\n{message}");
    }
    assert_eq!(problems.len(), expected.len(), "{message}");
    assert_eq!(listing(&root), before, "something was written");

    let summary = run(format, input, &root, true).unwrap();
    assert_eq!(summary.skipped.len(), expected.len(), "{summary}");
    assert_eq!(summary.entities, 1, "{summary}");
    let good = std::fs::read_to_string(root.join("annotations/bob/good.txt.json")).unwrap();
    assert!(good.contains("\"Keir Starmer\""));
    summary
}

#[test]
fn jsonl_bad_lines_are_named_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        [
            r#"{"id":"good.txt","text":"Keir Starmer met Giorgia Meloni.","entities":[{"id":"e1","start":0,"end":12,"label":"PERSON","text":"Keir Starmer"}]}"#,
            r#"{"id":"broken.txt","text":"oops""#,
            r#"{"id":"range.txt","text":"Short 🚤.","entities":[{"start":0,"end":50,"label":"PERSON"}]}"#,
            r#"{"id":"mismatch.txt","text":"Rome is big.","entities":[{"start":0,"end":4,"label":"LOCATION","text":"Roma"}]}"#,
            r#"{"id":"label.txt","text":"Rome is big.","entities":[{"start":0,"end":4,"label":"CITY"}]}"#,
            r#"{"id":"shared.txt","text":"Rome is small."}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let file = input.display().to_string();
    let summary = refused_then_skipped(
        Format::Jsonl,
        &input,
        dir.path(),
        &[
            &format!("{file}:2: broken line"),
            &format!("{file}:3: entity #1: offsets 0..50 run past the end of the text (8 characters)"),
            &format!("{file}:4: entity #1: stated text \"Roma\" differs from the text at 0..4: \"Rome\""),
            &format!("{file}:5: entity #1: unknown entity type \"CITY\""),
            &format!("{file}:6: the project's text of shared.txt differs from the imported text"),
        ],
    );
    assert_eq!(summary.texts_created, 4, "{summary}");
}

#[test]
fn doccano_bad_lines_are_named_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        [
            r#"{"text":"Keir Starmer met Giorgia Meloni.","entities":[{"id":1,"start_offset":0,"end_offset":12,"label":"PERSON"}],"relations":[],"document":"good.txt"}"#,
            r#"{"text":"oops","entities":["#,
            r#"{"text":"Short.","entities":[{"id":2,"start_offset":0,"end_offset":99,"label":"PERSON"}],"document":"range.txt"}"#,
            r#"{"text":"🚤 Rome","entities":[{"id":3,"start_offset":1,"end_offset":7,"label":"LOCATION"}],"document":"surrogate.txt"}"#,
            r#"{"text":"Rome is big.","entities":[{"id":4,"start_offset":0,"end_offset":4,"label":"CITY"}],"document":"label.txt"}"#,
            r#"{"text":"Rome is small.","entities":[],"document":"shared.txt"}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let file = input.display().to_string();
    refused_then_skipped(
        Format::Doccano,
        &input,
        dir.path(),
        &[
            &format!("{file}:2: broken line"),
            &format!("{file}:3: entity e2: offset 99 runs past the end of the text (6 UTF-16 code units)"),
            &format!("{file}:4: entity e3: offset 1 falls inside a character"),
            &format!("{file}:5: entity e4: unknown entity type \"CITY\""),
            &format!("{file}:6: the project's text of shared.txt differs"),
        ],
    );
}

#[test]
fn label_studio_bad_tasks_are_named_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tasks.json");
    let region = |id: &str, start: u32, end: u32, text: &str, label: &str| {
        format!(
            r#"{{"id":"{id}","from_name":"label","to_name":"text","type":"labels","value":{{"start":{start},"end":{end},"text":"{text}","labels":["{label}"]}}}}"#
        )
    };
    let task = |document: &str, text: &str, result: String| {
        format!(r#"{{"data":{{"text":"{text}","document":"{document}"}},"annotations":[{{"result":[{result}]}}]}}"#)
    };
    std::fs::write(
        &input,
        [
            "[".to_owned(),
            task(
                "good.txt",
                "Keir Starmer met Giorgia Meloni.",
                region("a", 0, 12, "Keir Starmer", "PERSON"),
            ) + ",",
            task("range.txt", "Short.", region("b", 0, 60, "Short.", "PERSON")) + ",",
            task("mismatch.txt", "Rome is big.", region("c", 0, 4, "Roma", "LOCATION")) + ",",
            task("label.txt", "Rome is big.", region("d", 0, 4, "Rome", "CITY")) + ",",
            task("shared.txt", "Rome is small.", String::new()),
            "]".to_owned(),
        ]
        .join("\n"),
    )
    .unwrap();
    let file = input.display().to_string();
    refused_then_skipped(
        Format::LabelStudio,
        &input,
        dir.path(),
        &[
            &format!("{file}:3: entity b: offsets 0..60 run past the end of the text (6 characters)"),
            &format!("{file}:4: entity c: stated text \"Roma\" differs from the text at 0..4: \"Rome\""),
            &format!("{file}:5: entity d: unknown entity type \"CITY\""),
            &format!("{file}:6: the project's text of shared.txt differs"),
        ],
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "[\n{\"data\": {\"text\": \"a\"}},\n{\"data\": \n").unwrap();
    let err = run(Format::LabelStudio, &broken, &dir.path().join("other"), false).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("{}:4: broken JSON", broken.display())),
        "{err}"
    );
}

#[test]
fn brat_bad_lines_are_named_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("brat");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("good.txt"), "Keir Starmer met Giorgia Meloni.").unwrap();
    std::fs::write(input.join("good.ann"), "T1\tPERSON 0 12\tKeir Starmer\n").unwrap();
    std::fs::write(input.join("shared.txt"), "Rome is small.").unwrap();
    std::fs::write(input.join("shared.ann"), "").unwrap();
    std::fs::write(input.join("bad.txt"), "Rome 🚤 is big.").unwrap();
    std::fs::write(
        input.join("bad.ann"),
        "T1\tLOCATION 0 40\tRome\nT2\tLOCATION 0 4\tRoma\nT3\tCITY 0 4\tRome\nthis is not brat\n",
    )
    .unwrap();
    let bad = input.join("bad.ann").display().to_string();
    refused_then_skipped(
        Format::Brat,
        &input,
        dir.path(),
        &[
            &format!("{bad}:1: T1: offsets 0..40 do not fit a text of 14 characters"),
            &format!("{bad}:2: T2: stated text \"Roma\" differs from the .txt at these offsets: \"Rome\""),
            &format!("{bad}:3: entity e3: unknown entity type \"CITY\""),
            &format!("{bad}:4: this is not brat: broken line"),
            "shared.ann: the project's text of shared.txt differs",
        ],
    );
}

#[test]
fn an_existing_annotation_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        r#"{"id":"good.txt","text":"Keir Starmer met Giorgia Meloni.","entities":[{"start":0,"end":12,"label":"PERSON"}]}"#,
    )
    .unwrap();
    let root = dir.path().join("target");
    run(Format::Jsonl, &input, &root, false).unwrap();
    let before = listing(&root);
    std::fs::write(
        &input,
        r#"{"id":"good.txt","text":"Keir Starmer met Giorgia Meloni.","entities":[{"start":17,"end":31,"label":"PERSON"}]}"#,
    )
    .unwrap();
    let err = run(Format::Jsonl, &input, &root, true).unwrap_err();
    assert!(matches!(err, ImportError::WouldOverwrite { .. }), "{err}");
    assert!(err.to_string().contains("annotations/bob/good.txt.json"), "{err}");
    assert_eq!(listing(&root), before);
}

#[test]
fn document_ids_cannot_escape_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, r#"{"id":"../outside.txt","text":"Rome."}"#).unwrap();
    let err = run(Format::Jsonl, &input, &dir.path().join("target"), false).unwrap_err();
    assert!(
        err.to_string()
            .contains("document id \"../outside.txt\" uses . or .. as a folder"),
        "{err}"
    );
    assert!(!dir.path().join("outside.txt").exists());
}

#[test]
fn a_bad_attribute_skips_the_attribute_not_the_entity() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        r#"{"id":"a.txt","text":"Keir Starmer pledged £150 million.","entities":[{"start":0,"end":12,"label":"PERSON","attributes":{"estimated":true}},{"start":21,"end":33,"label":"MONEY","attributes":{"estimated":true}}]}"#,
    )
    .unwrap();
    let root = dir.path().join("target");
    let err = run(Format::Jsonl, &input, &root, false).unwrap_err();
    assert!(
        err.to_string()
            .contains(":1: entity #1: attribute \"estimated\" does not apply to PERSON; attribute skipped"),
        "{err}"
    );
    let summary = run(Format::Jsonl, &input, &root, true).unwrap();
    assert_eq!(
        (summary.entities, summary.attributes, summary.skipped.len()),
        (2, 1, 1),
        "{summary}"
    );
}
