//! Annotations follow a text edited after it was annotated: what moves
//! without doubt moves, the rest waits for the user's decision, nothing is
//! dropped unasked.

use crate::support as reliability_support;

use std::collections::BTreeMap;
use std::path::Path;

use reliability_support::sample_project;
use spanwright::annotations::{AnnotationFile, Status, check_against};
use spanwright::cli::reanchor::{ReanchorOptions, reanchor_project};
use spanwright::project::{OpenDocument, Project, VersionStore};
use spanwright::reanchor::{ApplyError, Basis, Decision, Doubt, Placement, plan_document};

const DOC: &str = "channel-crossings.txt";

fn edit_text(root: &Path, doc: &str, edits: &[(&str, &str)]) {
    let path = root.join(doc);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} not in {doc}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(path, text).unwrap();
}

/// Saves once through the window's path, which stores the annotated text.
fn save_through_window(project: &Project, doc: &str) {
    let mut document = OpenDocument::open(project, doc, "alice").unwrap();
    let edit = document.set().set_status_edit(Status::InProgress).unwrap();
    document.apply(edit, project.schema()).unwrap();
    document.save_now().unwrap();
}

const CHANNEL_EDITS: &[(&str, &str)] = &[
    ("Channel crossings:", "Updated: Channel crossings:"),
    // Moved to the end of its paragraph.
    ("Britain is also looking for partners abroad. ", ""),
    (
        "in September 2024.",
        "in September 2024. Britain is also looking for partners abroad.",
    ),
    ("Giorgia Meloni", "Giorgia Melloni"),
    ("in London when", "when"),
];

#[test]
fn with_the_annotated_text_kept_entities_follow_the_diff() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    save_through_window(&project, DOC);
    edit_text(&root, DOC, CHANNEL_EDITS);
    let project = Project::open(&root).unwrap();
    let opened = OpenDocument::open(&project, DOC, "alice").unwrap();
    assert!(opened.text_changed_since_annotated());
    assert!(opened.read_only_reason().is_some());

    let reanchor = plan_document(&project, "alice", DOC).unwrap().unwrap();
    let plan = &reanchor.plan;
    assert_eq!(plan.basis, Basis::Diff);
    let doubtful: Vec<(&str, &Placement)> = plan.needing_decision().map(|e| (e.id.as_str(), &e.placement)).collect();
    let britain = reanchor.new_text.text().find("Britain is").unwrap();
    let britain = reanchor.new_text.char_of_byte(britain).unwrap();
    let meloni = reanchor
        .new_text
        .char_of_byte(reanchor.new_text.text().find("Giorgia").unwrap())
        .unwrap();
    assert_eq!(
        doubtful,
        [
            (
                "e16",
                &Placement::Proposed {
                    start: britain,
                    end: britain + 7,
                    text: "Britain".into(),
                    doubt: Doubt::FoundElsewhere
                }
            ),
            (
                "e22",
                &Placement::Proposed {
                    start: meloni,
                    end: meloni + 15,
                    text: "Giorgia Melloni".into(),
                    doubt: Doubt::TextChanged
                }
            ),
            ("e25", &Placement::Lost),
        ]
    );
    // Everything else arrives with its text unchanged; what comes before the
    // moved sentence follows the inserted word.
    for entity in plan.entities.iter().filter(|e| !e.needs_decision()) {
        let Placement::Moved { start, end } = entity.placement else {
            unreachable!()
        };
        assert_eq!(
            reanchor.new_text.slice(start, end),
            Some(entity.old_text.as_str()),
            "{}",
            entity.id
        );
        if entity.old_start < 801 {
            assert_eq!(start, entity.old_start + 9, "{}", entity.id);
        }
    }

    let schema = project.schema();
    let err = reanchor.apply(schema, &BTreeMap::new()).unwrap_err();
    assert_eq!(
        err,
        ApplyError::Undecided {
            file: "annotations/alice/channel-crossings.txt.json".into(),
            ids: vec!["e16".into(), "e22".into(), "e25".into()]
        }
    );
    let mut decisions = BTreeMap::from([
        ("e16".to_owned(), Decision::Accept),
        ("e22".to_owned(), Decision::Accept),
        ("e25".to_owned(), Decision::Accept),
    ]);
    assert!(matches!(
        reanchor.apply(schema, &decisions),
        Err(ApplyError::NothingToAccept { ref id, .. }) if id == "e25"
    ));
    // Placed on "Rome", which is already a LOCATION: refused, nothing written.
    let rome = reanchor
        .new_text
        .char_of_byte(reanchor.new_text.text().find("Rome").unwrap())
        .unwrap();
    decisions.insert(
        "e25".into(),
        Decision::Place {
            start: rome,
            end: rome + 4,
        },
    );
    let Err(ApplyError::Invalid(problems)) = reanchor.apply(schema, &decisions) else {
        panic!("a duplicate entity was accepted")
    };
    assert!(
        problems[0].to_string().contains("duplicate entity LOCATION"),
        "{problems:?}"
    );

    decisions.insert("e25".into(), Decision::Drop);
    let result = reanchor.apply(schema, &decisions).unwrap();
    assert_eq!(result.dropped_entities, ["e25"]);
    assert_eq!(result.dropped_relations, ["r7"], "LOCATED_IN e26 → e25 goes with e25");
    let e22 = result.file.entities.iter().find(|e| e.id == "e22").unwrap();
    assert_eq!(e22.text, "Giorgia Melloni");
    let kept_relations: Vec<&str> = result.file.relations.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(kept_relations, ["r1", "r2", "r3", "r4", "r5", "r6"]);
    assert_eq!(result.file.status, Status::InProgress);
    assert_eq!(check_against("f", &result.file, &reanchor.new_text, schema), []);

    let before = std::fs::read(project.annotation_path("alice", DOC)).unwrap();
    reanchor.save(&project, &result).unwrap();
    let history = VersionStore::for_document(&project, "alice", DOC).list().unwrap();
    assert_eq!(std::fs::read(&history.last().unwrap().path).unwrap(), before);
    let reopened = OpenDocument::open(&project, DOC, "alice").unwrap();
    assert_eq!(reopened.read_only_reason(), None);
    assert!(!reopened.text_changed_since_annotated());
    assert_eq!(reopened.set().entities().len(), 25);
}

#[test]
fn a_plan_goes_stale_when_the_file_changes_before_it_is_saved() {
    let (_dir, root) = sample_project();
    edit_text(&root, DOC, &[("Channel crossings:", "Updated: Channel crossings:")]);
    let project = Project::open(&root).unwrap();
    let reanchor = plan_document(&project, "alice", DOC).unwrap().unwrap();
    let result = reanchor.apply(project.schema(), &BTreeMap::new()).unwrap();
    let path = project.annotation_path("alice", DOC);
    let mut other = std::fs::read_to_string(&path).unwrap();
    other = other.replace("\"status\": \"todo\"", "\"status\": \"done\"");
    std::fs::write(&path, &other).unwrap();
    assert!(reanchor.save(&project, &result).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), other);
}

#[test]
fn without_the_annotated_text_entities_are_found_by_their_text() {
    let (_dir, root) = sample_project();
    edit_text(
        &root,
        DOC,
        &[
            ("Channel crossings:", "Updated: Channel crossings:"),
            ("across the Channel", "across the sea"),
        ],
    );
    let project = Project::open(&root).unwrap();
    let reanchor = plan_document(&project, "alice", DOC).unwrap().unwrap();
    assert_eq!(reanchor.plan.basis, Basis::StoredTexts);
    let e5 = reanchor.plan.entities.iter().find(|e| e.id == "e5").unwrap();
    assert_eq!(e5.placement, Placement::Lost);
    let e3 = reanchor.plan.entities.iter().find(|e| e.id == "e3").unwrap();
    // "2024" occurs four times; the one where the text around it moved wins.
    assert_eq!(e3.placement, Placement::Moved { start: 81, end: 85 });
    let moved_right = reanchor
        .plan
        .entities
        .iter()
        .filter(|e| matches!(e.placement, Placement::Moved { start, .. } if start == e.old_start + 9))
        .count();
    assert!(moved_right >= 4, "entities before the edit follow the inserted word");
}

#[test]
fn the_reanchor_command_reports_then_writes_only_what_is_certain() {
    let (_dir, root) = sample_project();
    edit_text(
        &root,
        "albania-centres.txt",
        &[("\n\n", "\n\nAn introductory sentence was added here.\n\n")],
    );
    edit_text(&root, DOC, &[("across the Channel", "across the sea")]);
    let project = Project::open(&root).unwrap();
    let albania = project.annotation_path("alice", "albania-centres.txt");
    let channel = project.annotation_path("alice", DOC);
    let channel_before = std::fs::read(&channel).unwrap();

    let alice_only = ReanchorOptions {
        annotator: Some("alice".into()),
        ..ReanchorOptions::default()
    };
    let (code, report) = reanchor_project(&project, &alice_only);
    assert_eq!(code, 1, "an entity cannot be placed:\n{report}");
    assert!(
        report.contains("  lost     e5 LOCATION \"the Channel\" 121..132: not found in the new text"),
        "{report}"
    );
    assert!(
        report.ends_with("2 files to re-anchor; run with --apply to write them\n"),
        "{report}"
    );
    assert!(
        plan_document(&project, "alice", "albania-centres.txt")
            .unwrap()
            .is_some(),
        "a report writes nothing"
    );

    let options = ReanchorOptions {
        annotator: Some("alice".into()),
        apply: true,
        accept_changed: false,
    };
    let (code, report) = reanchor_project(&project, &options);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("  not written: e5 cannot be placed; place or drop it in the window"),
        "{report}"
    );
    assert!(report.ends_with("1 of 2 files re-anchored\n"), "{report}");
    assert_eq!(
        std::fs::read(&channel).unwrap(),
        channel_before,
        "nothing dropped silently"
    );
    let text = project.load_text("albania-centres.txt").unwrap();
    let file = AnnotationFile::load(&albania, "albania").unwrap();
    assert_eq!(check_against("albania", &file, &text, project.schema()), []);
    assert_eq!(
        VersionStore::for_document(&project, "alice", "albania-centres.txt")
            .list()
            .unwrap()
            .len(),
        1
    );

    // Once the lost entity's text is back, the rest follows.
    edit_text(&root, DOC, &[("across the sea", "across the Channel")]);
    let (code, report) = reanchor_project(&project, &options);
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("every annotation file matches its text"), "{report}");
}

#[test]
fn proposals_are_written_only_when_accepted() {
    let (_dir, root) = sample_project();
    save_through_window(&Project::open(&root).unwrap(), DOC);
    edit_text(
        &root,
        DOC,
        &[("Prime Minister Keir Starmer", "Prime Minister Keir R. Starmer")],
    );
    let project = Project::open(&root).unwrap();
    let channel = project.annotation_path("alice", DOC);
    let before = std::fs::read(&channel).unwrap();
    let mut options = ReanchorOptions {
        annotator: None,
        apply: true,
        accept_changed: false,
    };
    let (code, report) = reanchor_project(&project, &options);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("to confirm; rerun with --accept-changed"), "{report}");
    assert_eq!(std::fs::read(&channel).unwrap(), before);

    options.accept_changed = true;
    let (code, report) = reanchor_project(&project, &options);
    assert_eq!(code, 0, "{report}");
    let file = AnnotationFile::load(&channel, "c").unwrap();
    let e11 = file.entities.iter().find(|e| e.id == "e11").unwrap();
    assert_eq!(e11.text, "Keir R. Starmer", "the edited text, proposed and accepted");
    let relation = file.relations.iter().find(|r| r.id == "r1").unwrap();
    assert_eq!((relation.head.as_str(), relation.tail.as_str()), ("e11", "e10"));
}

#[test]
fn accepting_proposals_needs_apply() {
    use clap::Parser as _;
    use spanwright::cli::Cli;
    assert!(Cli::try_parse_from(["spanwright", "reanchor", "p"]).is_ok());
    assert!(Cli::try_parse_from(["spanwright", "reanchor", "p", "--annotator", "bob", "--apply"]).is_ok());
    assert!(Cli::try_parse_from(["spanwright", "reanchor", "p", "--apply", "--accept-changed"]).is_ok());
    assert!(Cli::try_parse_from(["spanwright", "reanchor", "p", "--accept-changed"]).is_err());
}
