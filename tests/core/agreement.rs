//! Agreement over a small corpus, checked against scikit-learn, statsmodels
//! and the krippendorff package.
//!
//! The token labels of the fixture (tokens are the words; see `doc1`/`doc2`
//! below) and the reference values:
//!
//! ```python
//! from sklearn.metrics import cohen_kappa_score
//! import krippendorff, numpy as np
//! from statsmodels.stats.inter_rater import fleiss_kappa, aggregate_raters
//! doc1 = {"alice": "PERSON PERSON O PERSON PERSON O LOCATION O DATE".split(),
//!         "bob":   "PERSON PERSON O O PERSON O COUNTRY O DATE".split(),
//!         "carol": "PERSON PERSON O PERSON PERSON O LOCATION O O".split()}
//! doc2 = {"alice": "COUNTRY O COUNTRY O AGREEMENT AGREEMENT O LOCATION".split(),
//!         "bob":   "COUNTRY O COUNTRY O O O O LOCATION".split()}   # carol: no file
//! cohen_kappa_score(doc1["alice"] + doc2["alice"], doc1["bob"] + doc2["bob"])  # 0.6822429906542056
//! cohen_kappa_score(doc1["alice"], doc1["carol"])                              # 0.8269230769230769
//! cohen_kappa_score(doc1["bob"], doc1["carol"])                                # 0.49056603773584906
//! cats = sorted({x for d in (doc1, doc2) for r in d.values() for x in r}); idx = {c: i for i, c in enumerate(cats)}
//! units = np.array([[idx[x] for x in doc1[n]] for n in ("alice", "bob", "carol")]).T
//! fleiss_kappa(aggregate_raters(units)[0], method="fleiss")                    # 0.6610878661087866
//! rel = np.array([[idx[x] for x in doc1[n]] + ([idx[x] for x in doc2[n]] if n in doc2 else [np.nan] * 8)
//!                 for n in ("alice", "bob", "carol")], dtype=float)
//! krippendorff.alpha(reliability_data=rel, level_of_measurement="nominal")          # 0.6813353566009104
//! krippendorff.alpha(reliability_data=rel[:, :9], level_of_measurement="nominal")   # 0.6736401673640168
//! krippendorff.alpha(reliability_data=rel[:2, 9:], level_of_measurement="nominal")  # 0.6428571428571428
//! ```

use crate::support;

use spanwright::agreement::{Corpus, agreement_report, confusion_matrix};
use support::{DOC1, annotate, close, open, project_with, span, three_annotators};

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn pairwise_figures_match_hand_counts_and_scikit_learn() {
    let dir = three_annotators();
    let project = open(dir.path());
    let corpus = Corpus::load(&project, &names(&["alice", "bob", "carol"]));
    let report = agreement_report(&corpus, project.schema());
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let pair = |a: &str, b: &str| report.pairs.iter().find(|p| p.a == a && p.b == b).unwrap();

    let ab = pair("alice", "bob");
    assert_eq!((ab.documents, ab.tokens), (2, 17));
    // 8 and 7 entities, 5 equal; leniently "Meloni" also meets "Giorgia Meloni".
    close(ab.span_f1, 10.0 / 15.0);
    close(ab.span_f1_lenient, 12.0 / 15.0);
    close(ab.cohen_kappa, 0.6822429906542056);
    close(ab.relation_f1, 0.0);
    let person = &ab.per_label["PERSON"];
    assert_eq!((person.a, person.b, person.matched), (2, 2, 1));
    close(person.f1_lenient, 1.0);
    assert_eq!(ab.per_label["AGREEMENT"].f1, Some(0.0));
    assert_eq!(ab.per_label["AGREEMENT"].precision, None, "bob has no AGREEMENT");

    // carol has no file for doc2: only doc1 counts for her pairs.
    let ac = pair("alice", "carol");
    assert_eq!((ac.documents, ac.tokens), (1, 9));
    close(ac.span_f1, 6.0 / 7.0);
    close(ac.cohen_kappa, 0.8269230769230769);
    close(ac.relation_f1, 1.0);

    let bc = pair("bob", "carol");
    close(bc.span_f1, 2.0 / 7.0);
    close(bc.span_f1_lenient, 4.0 / 7.0);
    close(bc.cohen_kappa, 0.49056603773584906);
}

#[test]
fn fleiss_and_alpha_over_three_annotators_with_missing_files() {
    let dir = three_annotators();
    let project = open(dir.path());
    let report = agreement_report(
        &Corpus::load(&project, &names(&["alice", "bob", "carol"])),
        project.schema(),
    );
    assert_eq!(report.fleiss_documents, 1, "only doc1 has all three");
    close(report.fleiss_kappa, 0.6610878661087866);
    assert_eq!(report.alpha_documents, 2);
    close(report.krippendorff_alpha, 0.6813353566009104);

    let doc = |id: &str| report.documents.iter().find(|d| d.id == id).unwrap();
    close(doc("doc1.txt").krippendorff_alpha, 0.6736401673640168);
    close(doc("doc2.txt").krippendorff_alpha, 0.6428571428571428);
    assert_eq!(doc("doc2.txt").annotators, ["alice", "bob"]);
    // Pooled over the three pairs: (2 + 3 + 1) matches of 22 entities.
    close(doc("doc1.txt").span_f1, 12.0 / 22.0);
    // Giorgia Meloni/Meloni, Rome, Monday; MEETS with Giorgia Meloni, MEETS with Meloni.
    assert_eq!(doc("doc1.txt").disagreements, 5);
    assert!(doc("doc3.txt").annotators.is_empty());
    assert_eq!(doc("doc3.txt").krippendorff_alpha, None);

    assert_eq!(report.label_distribution["alice"]["PERSON"], 2);
    assert_eq!(report.label_distribution["carol"].get("DATE"), None);
}

#[test]
fn confusion_matrix_counts_token_label_pairs() {
    let dir = three_annotators();
    let project = open(dir.path());
    let corpus = Corpus::load(&project, &names(&["alice", "bob", "carol"]));
    let matrix = confusion_matrix(&corpus, "alice", "bob").unwrap();
    assert_eq!(
        matrix.labels,
        ["AGREEMENT", "COUNTRY", "DATE", "LOCATION", "PERSON", "O"]
    );
    let at = |a: &str, b: &str| {
        let i = matrix.labels.iter().position(|l| l == a).unwrap();
        let j = matrix.labels.iter().position(|l| l == b).unwrap();
        matrix.counts[i][j]
    };
    assert_eq!(at("AGREEMENT", "O"), 2);
    assert_eq!(at("LOCATION", "COUNTRY"), 1);
    assert_eq!(at("PERSON", "PERSON"), 3);
    assert_eq!(at("PERSON", "O"), 1);
    assert_eq!(matrix.counts.iter().flatten().sum::<usize>(), 17);
    assert_eq!(confusion_matrix(&corpus, "carol", "nobody"), None);
}

#[test]
fn identical_annotations_agree_perfectly() {
    let dir = project_with(&[("doc1.txt", DOC1)]);
    for annotator in ["ann", "ben"] {
        annotate(
            dir.path(),
            "doc1.txt",
            annotator,
            &[span(DOC1, "Keir Starmer", "PERSON"), span(DOC1, "Rome", "LOCATION")],
            &[],
        );
    }
    let project = open(dir.path());
    let report = agreement_report(&Corpus::load(&project, &names(&["ann", "ben"])), project.schema());
    let pair = &report.pairs[0];
    assert_eq!(
        (pair.span_f1, pair.span_f1_lenient, pair.cohen_kappa),
        (Some(1.0), Some(1.0), Some(1.0))
    );
    assert_eq!(pair.relation_f1, None, "no relations on either side");
    assert_eq!(report.fleiss_kappa, Some(1.0));
    assert_eq!(report.krippendorff_alpha, Some(1.0));
    assert_eq!(report.documents[0].disagreements, 0);
}

#[test]
fn nothing_annotated_gives_null_not_nan() {
    let dir = project_with(&[("doc1.txt", DOC1)]);
    for annotator in ["ann", "ben"] {
        annotate(dir.path(), "doc1.txt", annotator, &[], &[]);
    }
    let project = open(dir.path());
    let report = agreement_report(&Corpus::load(&project, &names(&["ann", "ben"])), project.schema());
    let pair = &report.pairs[0];
    assert_eq!(pair.tokens, 9);
    assert_eq!((pair.span_f1, pair.cohen_kappa, pair.relation_f1), (None, None, None));
    assert_eq!((report.fleiss_kappa, report.krippendorff_alpha), (None, None));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["pairs"][0]["cohen_kappa"], serde_json::Value::Null);
    assert_eq!(json["krippendorff_alpha"], serde_json::Value::Null);
}

#[test]
fn one_annotator_has_no_pairs_and_no_coefficients() {
    let dir = project_with(&[("doc1.txt", DOC1)]);
    annotate(dir.path(), "doc1.txt", "ann", &[span(DOC1, "Rome", "LOCATION")], &[]);
    let project = open(dir.path());
    let report = agreement_report(&Corpus::load(&project, &names(&["ann"])), project.schema());
    assert!(report.pairs.is_empty());
    assert_eq!((report.fleiss_kappa, report.krippendorff_alpha), (None, None));
    assert_eq!(report.documents[0].span_f1, None);
    assert_eq!(report.documents[0].disagreements, 0);
    assert_eq!(report.label_distribution["ann"]["LOCATION"], 1);
}

#[test]
fn a_broken_file_is_left_out_and_named() {
    let dir = three_annotators();
    std::fs::write(dir.path().join("annotations/carol/doc1.txt.json"), "{ not json").unwrap();
    let project = open(dir.path());
    let report = agreement_report(
        &Corpus::load(&project, &names(&["alice", "bob", "carol"])),
        project.schema(),
    );
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0].starts_with("annotations/carol/doc1.txt.json"),
        "{}",
        report.skipped[0]
    );
    assert_eq!(report.fleiss_documents, 0);
    let ac = report.pairs.iter().find(|p| p.b == "carol" && p.a == "alice").unwrap();
    assert_eq!(ac.documents, 0);
}
