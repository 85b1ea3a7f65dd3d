//! CoNLL export as spaCy's and seqeval's readers expect it: the CoNLL-2003
//! document separator, abbreviations inside sentences, clitics split off.

use crate::support::write_fixture_project;

use spanwright::formats::{ExportOptions, Format, export};
use spanwright::project::Project;

use crate::support::FixtureDoc;

#[test]
fn conll_separates_documents_splits_clitics_and_keeps_abbreviations_in_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    write_fixture_project(
        &root,
        &[FixtureDoc {
            id: "a.txt",
            bytes: "Mr. Khan said Pakistan's envoy met Dr. Ruiz. \"We agree.\" Talks ended."
                .as_bytes()
                .to_vec(),
            entities: vec![("PERSON", "Khan", 0), ("COUNTRY", "Pakistan", 0), ("PERSON", "Ruiz", 0)],
        }],
    );
    let project = Project::open(&root).unwrap();
    let out = dir.path().join("out.conll");
    let summary = export(&project, &ExportOptions::new(Format::Conll), &out, &mut |_, _| {}).unwrap();
    assert_eq!(summary.entities, 3, "{summary}");
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    let conll = std::fs::read_to_string(&out).unwrap();
    assert!(conll.starts_with("-DOCSTART- -X- O O\n\n"), "{conll}");
    let sentences: Vec<Vec<&str>> = conll
        .split("\n\n")
        .skip(1)
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.lines().map(|l| l.split(' ').next().unwrap()).collect())
        .collect();
    assert_eq!(
        sentences,
        [
            vec![
                "Mr.", "Khan", "said", "Pakistan", "'s", "envoy", "met", "Dr.", "Ruiz", "."
            ],
            vec!["\"", "We", "agree", ".", "\""],
            vec!["Talks", "ended", "."],
        ]
    );
    assert!(conll.contains("Pakistan B-COUNTRY\n's O\n"), "{conll}");
}
