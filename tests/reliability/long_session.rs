//! A long session: 10,000 random edits mixed with undo and redo end in the
//! same state as replaying the edits, and what is saved is what is in memory.

use crate::support as reliability_support;

use reliability_support::{EditMaker, Rng, sample_project};
use spanwright::annotations::{AnnotationFile, AnnotationSet, Edit};
use spanwright::project::{OpenDocument, Project};

const DOC: &str = "channel-crossings.txt";
const EDITS: usize = 10_000;

fn same_contents(a: &AnnotationSet, b: &AnnotationSet) -> bool {
    a.entities() == b.entities() && a.relations() == b.relations() && a.status() == b.status()
}

fn assert_saved_equals_memory(project: &Project, document: &mut OpenDocument, step: usize) {
    document.save_now().unwrap();
    assert!(!document.is_dirty());
    let reloaded = OpenDocument::open(project, DOC, "alice").unwrap();
    assert_eq!(reloaded.read_only_reason(), None, "step {step}");
    assert!(
        same_contents(reloaded.set(), document.set()),
        "step {step}: saved differs from memory"
    );
    let on_disk = AnnotationFile::load(&project.annotation_path("alice", DOC), DOC).unwrap();
    assert_eq!(on_disk, document.to_file(), "step {step}");
}

#[test]
fn ten_thousand_edits_with_undo_and_redo_end_where_a_replay_ends() {
    let (_dir, root) = sample_project();
    let project = Project::open(&root).unwrap();
    let schema = project.schema().clone();
    let mut document = OpenDocument::open(&project, DOC, "alice").unwrap();
    let initial = document.set().clone();
    let text_len = document.document().char_len();
    let maker = EditMaker::new(document.document(), &schema);
    let mut rng = Rng::new(20_240_917);
    // What the undo and redo lists must hold, kept independently.
    let mut done: Vec<Edit> = Vec::new();
    let mut undone: Vec<Edit> = Vec::new();
    let (mut edits, mut refused, mut undos, mut redos) = (0, 0, 0, 0);
    let mut step = 0;
    while edits < EDITS {
        step += 1;
        match rng.below(10) {
            0 => {
                let times = 1 + rng.below(3);
                for _ in 0..times {
                    match document.undo(&schema) {
                        Some(result) => {
                            assert_eq!(Some(result.unwrap()), done.pop(), "step {step}");
                            undone.push(document.history().next_redo().unwrap().clone());
                            undos += 1;
                        }
                        None => assert!(done.is_empty(), "step {step}: nothing to undo"),
                    }
                }
            }
            1 => match document.redo(&schema) {
                Some(result) => {
                    assert_eq!(Some(result.unwrap()), undone.pop(), "step {step}");
                    done.push(document.history().next_undo().unwrap().clone());
                    redos += 1;
                }
                None => assert!(undone.is_empty(), "step {step}: nothing to redo"),
            },
            _ => {
                let Some(edit) = maker.edit(&mut rng, document.set(), &schema) else {
                    continue;
                };
                let before = document.set().clone();
                match document.apply(edit.clone(), &schema) {
                    Ok(()) => {
                        done.push(edit);
                        undone.clear();
                        edits += 1;
                    }
                    Err(_) => {
                        assert!(
                            same_contents(document.set(), &before),
                            "step {step}: a refused edit changed the set"
                        );
                        refused += 1;
                    }
                }
            }
        }
        if step % 1000 == 0 {
            assert_saved_equals_memory(&project, &mut document, step);
        }
    }
    eprintln!(
        "{edits} edits ({refused} refused), {undos} undos, {redos} redos; {} entities, {} relations at the end",
        document.set().entities().len(),
        document.set().relations().len()
    );

    let mut replay = initial.clone();
    for edit in &done {
        replay.apply(edit, &schema, text_len).unwrap();
    }
    assert!(
        same_contents(&replay, document.set()),
        "replaying the edits gives another state"
    );
    assert_saved_equals_memory(&project, &mut document, step);

    let end = document.set().clone();
    while let Some(result) = document.undo(&schema) {
        result.unwrap();
    }
    assert!(
        same_contents(document.set(), &initial),
        "undoing everything does not give the start"
    );
    while let Some(result) = document.redo(&schema) {
        result.unwrap();
    }
    assert!(
        same_contents(document.set(), &end),
        "redoing everything does not give the end"
    );
}
