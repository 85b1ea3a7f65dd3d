//! Re-anchoring never proposes a mid-word or shrunken span for an edited
//! entity, and without a stored copy of the old text it asks only about
//! entities that are truly ambiguous.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use spanwright::annotations::{AnnotationFile, AnnotationSet, EntityRecord};
use spanwright::cli::reanchor::{ReanchorOptions, reanchor_project};
use spanwright::project::{OpenDocument, Project};
use spanwright::reanchor::{Doubt, Placement, is_placeable_change, plan_document};

/// `(label, text, which occurrence)`: an entity on the n-th occurrence of a text.
type Wanted<'a> = (&'a str, &'a str, usize);

fn start_of(text: &str, needle: &str, nth: usize) -> usize {
    let byte = text.match_indices(needle).nth(nth).unwrap().0;
    text[..byte].chars().count()
}

fn write_texts(root: &Path, texts: &[(&str, &str)]) {
    for (doc, text) in texts {
        std::fs::write(root.join(doc), text).unwrap();
    }
}

/// A project whose documents were annotated in Spanwright, which keeps a
/// copy of each annotated text.
fn annotated_in_spanwright(texts: &[(&str, &str, &[Wanted<'_>])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    std::fs::create_dir(&root).unwrap();
    for (doc, text, _) in texts {
        write_texts(&root, &[(doc, text)]);
    }
    let project = Project::open(&root).unwrap();
    for (doc, text, entities) in texts {
        let mut document = OpenDocument::open(&project, doc, "alice").unwrap();
        for (label, needle, nth) in *entities {
            let start = start_of(text, needle, *nth);
            let edit = document
                .set()
                .add_entity_edit(label, start, start + needle.chars().count());
            document.apply(edit, project.schema()).unwrap();
        }
        document.save_now().unwrap();
    }
    (dir, root)
}

/// A project whose annotation file another program wrote: no copy of the
/// annotated text exists.
fn annotated_elsewhere(doc: &str, text: &str, entities: &[Wanted<'_>]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    std::fs::create_dir_all(root.join("annotations/alice")).unwrap();
    write_texts(&root, &[(doc, text)]);
    let document = Project::open(&root).unwrap().load_text(doc).unwrap();
    let mut file = AnnotationFile::from_set(&AnnotationSet::default(), &document, "alice");
    for (n, (label, needle, nth)) in entities.iter().enumerate() {
        let start = start_of(text, needle, *nth);
        file.entities.push(EntityRecord {
            id: format!("t{}", n + 1),
            label: (*label).to_owned(),
            start,
            end: start + needle.chars().count(),
            text: (*needle).to_owned(),
            attributes: BTreeMap::new(),
            note: None,
            comment: None,
        });
    }
    std::fs::write(root.join(format!("annotations/alice/{doc}.json")), file.to_json()).unwrap();
    (dir, root)
}

/// Where each entity's plan puts it, by its old text and start.
fn placements(root: &Path, doc: &str) -> Vec<(String, usize, Placement)> {
    let project = Project::open(root).unwrap();
    let reanchor = plan_document(&project, "alice", doc).unwrap().unwrap();
    for entity in &reanchor.plan.entities {
        if let Placement::Proposed { start, end, .. } = &entity.placement {
            assert!(
                is_placeable_change(&reanchor.new_text, &entity.old_text, *start, *end),
                "{entity:?}"
            );
        }
    }
    reanchor
        .plan
        .entities
        .iter()
        .map(|e| (e.old_text.clone(), e.old_start, e.placement.clone()))
        .collect()
}

/// The span a placement puts the entity on, if any.
fn span(placement: &Placement) -> Option<(usize, usize)> {
    match placement {
        Placement::Moved { start, end } | Placement::Proposed { start, end, .. } => Some((*start, *end)),
        Placement::Lost => None,
    }
}

const SWAP_OLD: &str = "Talks between Canada, France and Italy ended.\n";
const SWAP_NEW: &str = "Talks between France, Canada and Italy ended.\n";
const TOWN_OLD: &str = "They met in Mirabella Eclano on Monday.\n";
const TOWN_NEW: &str = "They met in Mirabella Eclana on Monday.\n";
const REPLACED_OLD: &str = "Police in Italy act.\n";
const REPLACED_NEW: &str = "Nothing here resembles it, reportedly.\n";

fn edited_project() -> (tempfile::TempDir, PathBuf) {
    let countries: &[Wanted<'_>] = &[
        ("COUNTRY", "Canada", 0),
        ("COUNTRY", "France", 0),
        ("COUNTRY", "Italy", 0),
    ];
    let (dir, root) = annotated_in_spanwright(&[
        ("swap.txt", SWAP_OLD, countries),
        ("town.txt", TOWN_OLD, &[("LOCATION", "Mirabella Eclano", 0)]),
        ("replaced.txt", REPLACED_OLD, &[("COUNTRY", "Italy", 0)]),
    ]);
    write_texts(
        &root,
        &[
            ("swap.txt", SWAP_NEW),
            ("town.txt", TOWN_NEW),
            ("replaced.txt", REPLACED_NEW),
        ],
    );
    (dir, root)
}

#[test]
fn swapped_names_go_to_their_own_words() {
    let (_dir, root) = edited_project();
    let placed = placements(&root, "swap.txt");
    let new = |needle: &str| {
        let start = start_of(SWAP_NEW, needle, 0);
        Some((start, start + needle.len()))
    };
    for (text, _, placement) in &placed {
        assert_eq!(span(placement), new(text), "{text}: {placement:?}");
    }
}

#[test]
fn an_edited_name_is_proposed_whole() {
    let (_dir, root) = edited_project();
    let placed = placements(&root, "town.txt");
    let start = start_of(TOWN_NEW, "Mirabella Eclana", 0);
    assert_eq!(
        placed[0].2,
        Placement::Proposed {
            start,
            end: start + "Mirabella Eclana".len(),
            text: "Mirabella Eclana".into(),
            doubt: Doubt::TextChanged,
        }
    );
}

#[test]
fn a_name_whose_text_is_gone_cannot_be_placed() {
    let (_dir, root) = edited_project();
    let placed = placements(&root, "replaced.txt");
    assert_eq!(placed[0].2, Placement::Lost);
}

#[test]
fn accepting_changes_writes_only_spans_on_word_edges() {
    let (_dir, root) = edited_project();
    let project = Project::open(&root).unwrap();
    let options = ReanchorOptions {
        annotator: Some("alice".into()),
        apply: true,
        accept_changed: true,
    };
    let (exit, out) = reanchor_project(&project, &options);
    assert_eq!(exit, 1, "{out}");
    assert!(out.contains("2 of 3 files re-anchored"), "{out}");
    let load = |doc: &str| {
        let json = std::fs::read_to_string(root.join(format!("annotations/alice/{doc}.json"))).unwrap();
        AnnotationFile::parse(doc, &json).unwrap()
    };
    let texts = |doc: &str| load(doc).entities.into_iter().map(|e| e.text).collect::<Vec<_>>();
    let mut swapped = texts("swap.txt");
    swapped.sort();
    assert_eq!(swapped, ["Canada", "France", "Italy"]);
    assert_eq!(texts("town.txt"), ["Mirabella Eclana"]);
    // Unwritten: still made for the old text.
    let replaced = load("replaced.txt");
    assert_eq!(replaced.entities[0].text, "Italy");
    assert_ne!(
        replaced.document.sha256,
        project.load_text("replaced.txt").unwrap().sha256()
    );
}

const HEADER: &str = "UPDATED 1 May\n";
const REPEATS: &str =
    "Rome hosted the talks. Meloni said Rome would act. Paris and Rome agreed. Berlin and Rome signed.\n";

#[test]
fn without_a_copy_a_header_line_moves_repeated_names_silently() {
    let entities: &[Wanted<'_>] = &[
        ("LOCATION", "Rome", 0),
        ("PERSON", "Meloni", 0),
        ("LOCATION", "Rome", 1),
        ("LOCATION", "Paris", 0),
        ("LOCATION", "Rome", 2),
        ("LOCATION", "Berlin", 0),
        ("LOCATION", "Rome", 3),
    ];
    let (_dir, root) = annotated_elsewhere("talks.txt", REPEATS, entities);
    assert!(!root.join("annotations/.texts").exists());
    write_texts(&root, &[("talks.txt", &format!("{HEADER}{REPEATS}"))]);
    let shift = HEADER.len();
    for (text, old_start, placement) in placements(&root, "talks.txt") {
        let moved = Placement::Moved {
            start: old_start + shift,
            end: old_start + shift + text.len(),
        };
        assert_eq!(placement, moved, "{text} at {old_start}");
    }
    let project = Project::open(&root).unwrap();
    let options = ReanchorOptions {
        annotator: None,
        apply: true,
        accept_changed: false,
    };
    let (exit, out) = reanchor_project(&project, &options);
    assert_eq!(exit, 0, "{out}");
    assert!(!out.contains("confirm "), "{out}");
    assert!(out.contains("1 of 1 file re-anchored"), "{out}");
}

#[test]
fn without_a_copy_truly_ambiguous_names_are_asked_about() {
    // The same name was added between two neighbours that moved differently:
    // either copy could be the annotated one.
    let entities: &[Wanted<'_>] = &[
        ("LOCATION", "Paris", 0),
        ("LOCATION", "Rome", 0),
        ("LOCATION", "Berlin", 0),
    ];
    let (_dir, root) = annotated_elsewhere("rome.txt", "Paris: Rome. Berlin.\n", entities);
    write_texts(&root, &[("rome.txt", "Paris: Rome. Rome. Berlin.\n")]);
    let placed = placements(&root, "rome.txt");
    assert_eq!(placed[0].2, Placement::Moved { start: 0, end: 5 });
    assert_eq!(
        placed[1].2,
        Placement::Proposed {
            start: 7,
            end: 11,
            text: "Rome".into(),
            doubt: Doubt::Ambiguous { occurrences: 2 },
        }
    );
    assert_eq!(placed[2].2, Placement::Moved { start: 19, end: 25 });
}
