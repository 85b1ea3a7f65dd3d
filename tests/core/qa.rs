//! Each QA check with a document that triggers it and one that does not.

use crate::support;

use spanwright::annotations::{AnnotationFile, Entity, Relation, Status};
use spanwright::qa::{Check, Finding, Severity, check_document, check_project};
use support::{annotate, open, project_with, span, write_raw};

const TEXT: &str = "Keir Starmer met Giorgia Meloni in Rome, on Monday. Italy's navy helped.";

fn findings_for(status: Status, entities: &[Entity], relations: &[Relation]) -> Vec<Finding> {
    let dir = project_with(&[("doc.txt", TEXT)]);
    write_raw(dir.path(), "doc.txt", "ann", status, entities, relations);
    let project = open(dir.path());
    let file_name = project.annotation_file_name("ann", "doc.txt");
    let file = AnnotationFile::load(&project.annotation_path("ann", "doc.txt"), &file_name).unwrap();
    let document = project.load_text("doc.txt").unwrap();
    check_document(&file_name, "ann", &file, &document, project.schema())
}

fn entity(id: &str, label: &str, text: &str) -> Entity {
    let (_, start, end) = span(TEXT, text, label);
    Entity::new(id, label, start, end)
}

fn checks(findings: &[Finding]) -> Vec<(Check, Severity, Option<&str>)> {
    findings
        .iter()
        .map(|f| (f.check, f.severity, f.item.as_deref()))
        .collect()
}

#[test]
fn a_clean_file_has_no_findings() {
    let findings = findings_for(
        Status::Done,
        &[
            entity("e1", "PERSON", "Keir Starmer"),
            entity("e2", "PERSON", "Giorgia Meloni"),
            entity("e3", "LOCATION", "Rome"),
            // Ends before the possessive 's, a token of its own.
            entity("e4", "COUNTRY", "Italy"),
        ],
        &[Relation::new("r1", "MEETS", "e1", "e2")],
    );
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn schema_violations_are_errors_naming_the_entity_and_its_offsets() {
    let findings = findings_for(Status::InProgress, &[entity("e1", "CITY", "Rome")], &[]);
    assert_eq!(checks(&findings), [(Check::Schema, Severity::Error, Some("e1"))]);
    assert_eq!(findings[0].span, Some((35, 39)));
    assert_eq!(findings[0].file, "annotations/ann/doc.txt.json");
    assert_eq!(findings[0].message, "unknown label \"CITY\"");
}

#[test]
fn whitespace_or_punctuation_at_an_edge_is_a_warning() {
    let findings = findings_for(
        Status::InProgress,
        &[entity("e1", "LOCATION", " Rome,"), entity("e2", "DATE", "Monday")],
        &[],
    );
    assert_eq!(
        checks(&findings),
        [
            (Check::EdgeCharacter, Severity::Warning, Some("e1")),
            (Check::EdgeCharacter, Severity::Warning, Some("e1")),
        ],
        "the space is not also reported as a token edge: {findings:#?}"
    );
    assert_eq!(findings[0].message, "starts with a space");
    assert_eq!(findings[1].message, "ends with punctuation \",\"");
}

#[test]
fn an_edge_inside_a_token_is_a_warning() {
    let findings = findings_for(
        Status::InProgress,
        &[entity("e1", "PERSON", "Keir Starm"), entity("e2", "COUNTRY", "Ital")],
        &[],
    );
    assert_eq!(
        checks(&findings),
        [
            (Check::TokenBoundary, Severity::Warning, Some("e1")),
            (Check::TokenBoundary, Severity::Warning, Some("e2")),
        ]
    );
    assert!(
        findings[0]
            .message
            .starts_with("ends inside the token \"Starmer\" (5..12)")
    );
    assert!(findings[1].message.contains("\"Italy\""));
}

#[test]
fn duplicates_are_reported_once_under_their_own_check() {
    let findings = findings_for(
        Status::InProgress,
        &[
            entity("e1", "LOCATION", "Rome"),
            entity("e2", "LOCATION", "Rome"),
            entity("e3", "PERSON", "Giorgia Meloni"),
            entity("e4", "ORG", "Giorgia Meloni"),
        ],
        &[],
    );
    assert_eq!(
        checks(&findings),
        [
            (Check::Duplicate, Severity::Error, Some("e2")),
            (Check::Duplicate, Severity::Warning, Some("e4")),
        ],
        "{findings:#?}"
    );
    assert_eq!(findings[0].message, "duplicate entity LOCATION 35..39");
}

#[test]
fn a_relation_the_schema_forbids_is_an_error_with_its_stretch() {
    let entities = [entity("e1", "PERSON", "Keir Starmer"), entity("e2", "DATE", "Monday")];
    let findings = findings_for(
        Status::InProgress,
        &entities,
        &[Relation::new("r1", "HOLDS_ROLE", "e1", "e2")],
    );
    assert_eq!(
        checks(&findings),
        [(Check::ForbiddenRelation, Severity::Error, Some("r1"))],
        "{findings:#?}"
    );
    assert_eq!(findings[0].message, "HOLDS_ROLE does not allow PERSON → DATE");
    assert_eq!(findings[0].span, Some((0, 50)));

    let allowed = findings_for(
        Status::InProgress,
        &[
            entity("e1", "PERSON", "Keir Starmer"),
            entity("e2", "PERSON", "Giorgia Meloni"),
        ],
        &[Relation::new("r1", "MEETS", "e2", "e1")],
    );
    assert!(allowed.is_empty(), "{allowed:#?}");
}

#[test]
fn done_without_annotations_is_a_warning() {
    let done = findings_for(Status::Done, &[], &[]);
    assert_eq!(
        checks(&done),
        [(Check::DoneWithoutAnnotations, Severity::Warning, None)]
    );
    assert_eq!(done[0].message, "marked done but has no annotation");
    assert!(findings_for(Status::InProgress, &[], &[]).is_empty());
    assert!(findings_for(Status::Reviewed, &[entity("e1", "LOCATION", "Rome")], &[]).is_empty());
}

#[test]
fn the_same_text_labelled_differently_is_reported_with_counts() {
    let texts = [
        ("a.txt", "Talks in Rome."),
        ("b.txt", "Back in Rome today."),
        ("c.txt", "Rome said no."),
    ];
    let dir = project_with(&texts);
    for (id, text) in texts {
        let label = if id == "c.txt" { "COUNTRY" } else { "LOCATION" };
        annotate(dir.path(), id, "ann", &[span(text, "Rome", label)], &[]);
        // Another annotator's different choice is a disagreement, not an
        // inconsistency of ann's.
        annotate(dir.path(), id, "ben", &[span(text, "Rome", "LOCATION")], &[]);
    }
    let report = check_project(&open(dir.path()));
    assert_eq!(report.inconsistencies.len(), 1);
    let rome = &report.inconsistencies[0];
    assert_eq!((rome.annotator.as_str(), rome.text.as_str()), ("ann", "Rome"));
    assert_eq!(rome.labels["LOCATION"], 2);
    assert_eq!(rome.labels["COUNTRY"], 1);
    assert_eq!(rome.usual_label, "LOCATION");
    assert_eq!(rome.occurrences.len(), 3);

    let flagged: Vec<&Finding> = report.warnings().collect();
    assert_eq!(flagged.len(), 1, "{flagged:#?}");
    assert_eq!(flagged[0].check, Check::Inconsistent);
    assert_eq!(flagged[0].file, "annotations/ann/c.txt.json");
    assert_eq!(flagged[0].span, Some((0, 4)));
    assert_eq!(
        flagged[0].message,
        "\"Rome\" is COUNTRY here; ann labels it COUNTRY 1×, LOCATION 2× across the corpus"
    );
    assert_eq!(report.for_document("c.txt").count(), 1);
    assert_eq!(report.for_document("a.txt").count(), 0);

    let consistent = project_with(&texts);
    for (id, text) in texts {
        annotate(consistent.path(), id, "ann", &[span(text, "Rome", "LOCATION")], &[]);
    }
    let report = check_project(&open(consistent.path()));
    assert!(report.inconsistencies.is_empty());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn files_that_cannot_be_read_or_belong_elsewhere_are_errors() {
    let dir = project_with(&[("doc.txt", TEXT)]);
    write_raw(dir.path(), "doc.txt", "ann", Status::InProgress, &[], &[]);
    let project = open(dir.path());
    std::fs::create_dir_all(dir.path().join("annotations/ben")).unwrap();
    std::fs::copy(
        project.annotation_path("ann", "doc.txt"),
        project.annotation_path("ben", "doc.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("annotations/ann/gone.txt.json"), "{}").unwrap();
    let report = check_project(&project);
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "annotations/ann/gone.txt.json: not a Spanwright annotation file (format is \"\", expected \"spanwright.annotations\")",
            "annotations/ben/doc.txt.json: annotator is \"ann\" but the file is in the folder of \"ben\"",
        ]
    );
}
