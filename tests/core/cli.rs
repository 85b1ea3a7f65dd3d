//! `spanwright agree` and `spanwright validate`, through the functions the
//! commands print.

use crate::support;

use spanwright::agreement::{AgreeError, agree_report, choose_annotators};
use spanwright::annotations::{Entity, Status};
use spanwright::cli::agree::{render_json, render_tables};
use spanwright::cli::validate::validate_output;
use spanwright::qa::project_problems;
use support::{DOC1, annotate, close, open, project_with, span, three_annotators, write_raw};

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn agree_json_has_pairs_coefficients_and_documents() {
    let dir = three_annotators();
    let project = open(dir.path());
    let report = agree_report(&project, None).unwrap();
    let json: serde_json::Value = serde_json::from_str(&render_json(&report)).unwrap();
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    let ab = &pairs[0];
    assert_eq!((ab["a"].as_str(), ab["b"].as_str()), (Some("alice"), Some("bob")));
    for key in ["span_f1", "span_f1_lenient", "cohen_kappa", "relation_f1"] {
        assert!(ab[key].is_number(), "{key}: {}", ab[key]);
    }
    close(ab["cohen_kappa"].as_f64(), 0.6822429906542056);
    assert_eq!(ab["per_label"]["PERSON"]["f1"].as_f64(), Some(0.5));
    assert!(ab["per_label"]["PERSON"]["precision"].is_number());
    close(json["fleiss_kappa"].as_f64(), 0.6610878661087866);
    close(json["krippendorff_alpha"].as_f64(), 0.6813353566009104);
    assert_eq!(json["documents"].as_array().unwrap().len(), 3);
    assert_eq!(json["documents"][2]["krippendorff_alpha"], serde_json::Value::Null);
}

#[test]
fn agree_tables_show_each_pair_and_document() {
    let dir = three_annotators();
    let project = open(dir.path());
    let tables = render_tables(&agree_report(&project, Some(&names(&["alice", "bob"]))).unwrap());
    let pair_row = tables.lines().find(|l| l.starts_with("alice / bob")).unwrap();
    let cells: Vec<&str> = pair_row.split_whitespace().collect();
    assert_eq!(cells[3..], ["2", "17", "0.667", "0.800", "0.682", "0.000"]);
    assert!(tables.contains("Fleiss' kappa over 2 documents every annotator has: "));
    let doc3 = tables.lines().find(|l| l.starts_with("doc3.txt")).unwrap();
    assert_eq!(
        doc3.split_whitespace().collect::<Vec<_>>(),
        ["doc3.txt", "0", "n/a", "n/a", "n/a", "0"]
    );
    assert!(!tables.contains("carol"));
}

#[test]
fn agree_leaves_gold_out_by_default_and_refuses_unknown_names() {
    let dir = three_annotators();
    annotate(dir.path(), "doc1.txt", "gold", &[span(DOC1, "Rome", "LOCATION")], &[]);
    let project = open(dir.path());
    assert_eq!(choose_annotators(&project, None).unwrap(), ["alice", "bob", "carol"]);
    assert_eq!(
        choose_annotators(&project, Some(&names(&["gold", "alice"]))).unwrap(),
        ["gold", "alice"]
    );
    let err = choose_annotators(&project, Some(&names(&["alice", "zoe"]))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no annotator \"zoe\" in this project (annotators: alice, bob, carol, gold)"
    );
    assert_eq!(
        choose_annotators(&project, Some(&names(&["alice", "alice"]))),
        Err(AgreeError::Repeated("alice".into()))
    );
}

#[test]
fn agree_with_one_annotator_says_so() {
    let dir = project_with(&[("doc1.txt", DOC1)]);
    annotate(dir.path(), "doc1.txt", "ann", &[span(DOC1, "Rome", "LOCATION")], &[]);
    let report = agree_report(&open(dir.path()), None).unwrap();
    assert!(render_tables(&report).contains("agreement needs at least two annotators"));
    let json: serde_json::Value = serde_json::from_str(&render_json(&report)).unwrap();
    assert_eq!(json["pairs"], serde_json::json!([]));
    assert_eq!(json["fleiss_kappa"], serde_json::Value::Null);
}

#[test]
fn validate_exits_1_on_errors_and_0_on_warnings_unless_strict() {
    let dir = project_with(&[("doc1.txt", DOC1)]);
    // "Keir Starmer " ends with a space: a warning only.
    write_raw(
        dir.path(),
        "doc1.txt",
        "ann",
        Status::InProgress,
        &[Entity::new("e1", "PERSON", 0, 13)],
        &[],
    );
    let project = open(dir.path());
    let (code, text) = validate_output(&project, false);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("warning: annotations/ann/doc1.txt.json: e1: ends with a space"),
        "{text}"
    );
    assert!(text.ends_with("ok: 1 documents, no problems; 1 warning\n"), "{text}");
    assert_eq!(validate_output(&project, true).0, 1);
    assert!(project_problems(&project).is_empty());

    std::fs::write(dir.path().join("annotations/ann/doc1.txt.json"), "{\n  \"format\": ").unwrap();
    let (code, text) = validate_output(&project, false);
    assert_eq!(code, 1);
    assert!(
        text.starts_with("annotations/ann/doc1.txt.json:2:12: invalid JSON: EOF while parsing a value\n"),
        "{text}"
    );
    assert!(text.ends_with("1 problem\n"), "{text}");
}

#[test]
fn validate_passes_on_the_sample_corpus() {
    let dir = tempfile::tempdir().unwrap();
    spanwright::sample::install_sample_corpus(dir.path()).unwrap();
    let (code, text) = validate_output(&open(dir.path()), false);
    assert_eq!(code, 0, "{text}");
    println!("{text}");
}
