//! A reviewer's comments and "send back" survive saving and reloading.

use crate::support;

use spanwright::annotations::{AnnotationFile, Status};
use spanwright::project::OpenDocument;
use spanwright::review::{entity_comment_edit, mark_reviewed_edit, send_back_edit};
use support::{DOC1, annotate, open, project_with, span};

#[test]
fn send_back_and_comments_are_saved_in_the_annotators_file() {
    let dir = project_with(&[("doc1.txt", DOC1)]);
    annotate(dir.path(), "doc1.txt", "alice", &[span(DOC1, "Rome", "LOCATION")], &[]);
    let project = open(dir.path());
    let schema = project.schema();

    let mut document = OpenDocument::open(&project, "doc1.txt", "alice").unwrap();
    let id = document.set().entities()[0].id.clone();
    let comment = entity_comment_edit(document.set(), &id, Some("a COUNTRY here?"))
        .unwrap()
        .unwrap();
    document.apply(comment, schema).unwrap();
    let back = send_back_edit(document.set(), "please check the places").unwrap();
    document.apply(back, schema).unwrap();
    assert_eq!(document.comment(), Some("please check the places"));
    document.save_now().unwrap();

    let path = project.annotation_path("alice", "doc1.txt");
    let file = AnnotationFile::load(&path, "alice file").unwrap();
    assert_eq!(file.status, Status::InProgress);
    assert_eq!(file.comment.as_deref(), Some("please check the places"));
    assert_eq!(file.entities[0].comment.as_deref(), Some("a COUNTRY here?"));

    let mut reopened = OpenDocument::open(&project, "doc1.txt", "alice").unwrap();
    assert_eq!(reopened.comment(), Some("please check the places"));
    let reviewed = mark_reviewed_edit(reopened.set()).unwrap();
    reopened.apply(reviewed, schema).unwrap();
    reopened.undo(schema).unwrap().unwrap();
    assert_eq!(reopened.set().status(), Status::InProgress);
}

#[test]
fn a_comment_alone_makes_a_new_file_worth_saving() {
    let dir = project_with(&[("doc1.txt", DOC1)]);
    let project = open(dir.path());
    let mut document = OpenDocument::open(&project, "doc1.txt", "alice").unwrap();
    let edit = document
        .set()
        .set_comment_edit(Some("not started: wrong language?"))
        .unwrap();
    document.apply(edit, project.schema()).unwrap();
    document.save_now().unwrap();
    assert!(project.annotation_path("alice", "doc1.txt").exists());
}
