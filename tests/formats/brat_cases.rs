//! brat files as brat writes them: discontinuous fragments around a line
//! break coming back exactly, texts with CRLF or a BOM whose offsets were
//! made for the LF / BOM-less text, relations on events, duplicate lines.

use std::path::Path;

use crate::support::sets_of;

use spanwright::formats::{
    ExportOptions, Format, ImportError, ImportOptions, ImportSettings, ImportSummary, export, import_with,
};
use spanwright::project::Project;

fn run(input: &Path, root: &Path, settings: &ImportSettings) -> Result<ImportSummary, ImportError> {
    import_with(
        &ImportOptions {
            format: Format::Brat,
            input: input.to_path_buf(),
            project_dir: root.to_path_buf(),
            annotator: "alice".into(),
            skip_invalid: false,
        },
        settings,
        &mut |_, _| {},
    )
}

fn pair(dir: &Path, txt: &[u8], ann: &str) -> std::path::PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.txt"), txt).unwrap();
    std::fs::write(input.join("a.ann"), ann).unwrap();
    input
}

#[test]
fn fragments_around_a_line_break_come_back_identical() {
    let dir = tempfile::tempdir().unwrap();
    // "chronic" ends at 17, then a space and a line break, "kidney disease" at 19..33.
    let text = "Findings: chronic \nkidney disease was seen.\n";
    let line = "T4\tEVENT 10 17;19 33\tchronic kidney disease";
    let input = pair(dir.path(), text.as_bytes(), &format!("{line}\n"));
    let root = dir.path().join("p");
    let summary = run(&input, &root, &ImportSettings::default()).unwrap();
    assert_eq!(summary.entities, 1, "{summary}");
    let sets = sets_of(&root, "alice");
    let entity = &sets["a.txt"].1.entities()[0];
    assert_eq!((entity.start, entity.end), (10, 33));
    let out = dir.path().join("out");
    let project = Project::open(&root).unwrap();
    export(&project, &ExportOptions::new(Format::Brat), &out, &mut |_, _| {}).unwrap();
    let ann = std::fs::read_to_string(out.join("a.ann")).unwrap();
    assert_eq!(ann.lines().next(), Some(line), "{ann}");
}

#[test]
fn offsets_made_for_lf_on_a_crlf_text_get_a_hint_and_import_with_newlines_lf() {
    let dir = tempfile::tempdir().unwrap();
    // Offsets counted on "Rome\nParis\n": Paris is 5..10.
    let input = pair(
        dir.path(),
        b"Rome\r\nParis\r\n",
        "T1\tLOCATION 0 4\tRome\nT2\tLOCATION 5 10\tParis\n",
    );
    let Err(ImportError::Invalid { problems }) = run(&input, &dir.path().join("p"), &ImportSettings::default()) else {
        panic!("offsets off by the CR must be refused");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("the offsets fit the text with LF line ends: the .txt has CRLF; import with --newlines lf"),
        "{}",
        problems[0]
    );
    let settings = ImportSettings {
        newlines_lf: true,
        ..ImportSettings::default()
    };
    let root = dir.path().join("q");
    let summary = run(&input, &root, &settings).unwrap();
    assert_eq!(summary.entities, 2, "{summary}");
    let sets = sets_of(&root, "alice");
    let (text, set) = &sets["a.txt"];
    assert_eq!(text, "Rome\nParis\n");
    let chars: Vec<char> = text.chars().collect();
    let covered: Vec<String> = set
        .entities()
        .iter()
        .map(|e| chars[e.start..e.end].iter().collect())
        .collect();
    assert_eq!(covered, ["Rome", "Paris"]);
}

#[test]
fn offsets_made_without_the_bom_get_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let input = pair(dir.path(), "\u{FEFF}Rome is big".as_bytes(), "T1\tLOCATION 0 4\tRome\n");
    let Err(ImportError::Invalid { problems }) = run(&input, &dir.path().join("p"), &ImportSettings::default()) else {
        panic!("offsets that ignore the BOM must be refused");
    };
    assert!(
        problems[0]
            .message
            .contains("the offsets fit the text without its byte order mark"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_relation_on_an_event_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let input = pair(
        dir.path(),
        b"Italy met France in Rome.",
        "T1\tCOUNTRY 0 5\tItaly\nT2\tLOCATION 20 24\tRome\nR1\tLOCATED_IN Arg1:E1 Arg2:T2\nT3\tEVENT 6 9\tmet\nE1\tEVENT:T3 Arg:T1\n",
    );
    let summary = run(&input, &dir.path().join("p"), &ImportSettings::default()).unwrap();
    assert_eq!((summary.entities, summary.relations), (3, 0), "{summary}");
    let reasons: Vec<String> = summary.not_carried.iter().map(|i| i.message.clone()).collect();
    assert!(
        reasons.contains(
            &"a relation whose argument E1 is an event, which Spanwright does not carry; not carried".to_owned()
        ),
        "{reasons:?}"
    );
}

#[test]
fn duplicate_lines_are_merged_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let input = pair(
        dir.path(),
        b"Italy met France.",
        "T1\tCOUNTRY 0 5\tItaly\nT2\tCOUNTRY 10 16\tFrance\nT3\tCOUNTRY 0 5\tItaly\nR1\tCOOPERATES_WITH Arg1:T1 Arg2:T2\nR2\tCOOPERATES_WITH Arg1:T3 Arg2:T2\n",
    );
    let summary = run(&input, &dir.path().join("p"), &ImportSettings::default()).unwrap();
    assert_eq!((summary.entities, summary.relations), (2, 1), "{summary}");
    assert_eq!(
        (summary.merged_duplicates.entities, summary.merged_duplicates.relations),
        (1, 1)
    );
}

#[test]
fn a_label_with_spaces_is_written_with_underscores_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("spanwright-schema.json"),
        r##"{"name": "s", "entities": [{"name": "Important Stuff", "color": "#aa0000"}]}"##,
    )
    .unwrap();
    let input = pair(dir.path(), b"A big deal.", "T1\tImportant_Stuff 2 10\tbig deal\n");
    let map = [("Important_Stuff".to_owned(), "Important Stuff".to_owned())].into();
    let settings = ImportSettings {
        label_map: map,
        ..ImportSettings::default()
    };
    assert_eq!(run(&input, &root, &settings).unwrap().entities, 1);
    let out = dir.path().join("out");
    let project = Project::open(&root).unwrap();
    let summary = export(&project, &ExportOptions::new(Format::Brat), &out, &mut |_, _| {}).unwrap();
    let ann = std::fs::read_to_string(out.join("a.ann")).unwrap();
    assert_eq!(ann, "T1\tImportant_Stuff 2 10\tbig deal\n");
    assert!(
        summary
            .not_carried
            .iter()
            .any(|n| n.what == "spaces in label names" && n.count == 1),
        "{summary}"
    );
}
