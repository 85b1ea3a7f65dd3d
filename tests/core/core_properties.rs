//! Property tests of the annotation core: offsets against a straightforward
//! code-point reference (what Python's `len` counts), documents and their
//! BOM, natural order, edit/undo/redo round trips, and save/load round trips.

use crate::common;

use std::cmp::Ordering;

use common::{ANNOTATION_SCHEMA, Fixture, schema_violations, unicode_text};
use proptest::prelude::*;
use sha2::Digest as _;
use spanwright::annotations::{AnnotationFile, AnnotationSet, AttributeValue, Edit, History, Status, check_against};
use spanwright::project::{OpenDocument, Project};
use spanwright::schema::LabelSchema;
use spanwright::text::{Document, OffsetIndex, natural_cmp};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Offsets counted the obvious way, one code point at a time.
struct Reference {
    chars: Vec<char>,
    /// `bytes[i]` is the UTF-8 offset of code point `i`; `len + 1` entries.
    bytes: Vec<usize>,
    utf16: Vec<usize>,
}

impl Reference {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let (mut bytes, mut utf16) = (vec![0], vec![0]);
        for c in &chars {
            bytes.push(bytes.last().unwrap() + c.len_utf8());
            utf16.push(utf16.last().unwrap() + c.len_utf16());
        }
        Self { chars, bytes, utf16 }
    }

    fn slice(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

proptest! {
    #[test]
    fn offsets_agree_with_code_point_counting(text in unicode_text(0..120)) {
        let reference = Reference::new(&text);
        let n = reference.chars.len();
        let doc = Document::from_text("t.txt", text.clone());
        let index = OffsetIndex::new(&text);
        prop_assert_eq!(doc.char_len(), n);
        prop_assert_eq!(index.char_len(), n);
        prop_assert_eq!(index.byte_len(), text.len());
        prop_assert_eq!(index.utf16_len(), text.encode_utf16().count());
        for i in 0..=n {
            prop_assert_eq!(doc.byte_of_char(i), reference.bytes[i], "byte of char {}", i);
            prop_assert_eq!(doc.utf16_of_char(i), reference.utf16[i], "utf16 of char {}", i);
            prop_assert_eq!(doc.char_of_byte(reference.bytes[i]), Some(i));
            prop_assert_eq!(doc.char_of_utf16(reference.utf16[i]), Some(i));
        }
        // Past the end: conversions to bytes/UTF-16 clamp, the way back refuses.
        for past in [n + 1, n + 64, n + 1000] {
            prop_assert_eq!(doc.byte_of_char(past), text.len());
            prop_assert_eq!(doc.utf16_of_char(past), reference.utf16[n]);
        }
        for byte in 0..=text.len() + 2 {
            let expected = reference.bytes.binary_search(&byte).ok();
            prop_assert_eq!(doc.char_of_byte(byte), expected, "char of byte {}", byte);
        }
        for unit in 0..=reference.utf16[n] + 2 {
            let expected = reference.utf16.binary_search(&unit).ok();
            prop_assert_eq!(doc.char_of_utf16(unit), expected, "char of UTF-16 unit {}", unit);
        }
    }

    #[test]
    fn slice_is_the_code_points_between_offsets(
        text in unicode_text(0..120),
        a in 0usize..700,
        b in 0usize..700,
    ) {
        let reference = Reference::new(&text);
        let n = reference.chars.len();
        let doc = Document::from_text("t.txt", text.clone());
        // Mostly offsets inside the text, sometimes past it.
        let (start, end) = (a % (n + 3), b % (n + 3));
        let expected = (start <= end && end <= n).then(|| reference.slice(start, end));
        prop_assert_eq!(doc.slice(start, end).map(str::to_owned), expected);
        prop_assert_eq!(doc.slice(0, n), Some(text.as_str()));
    }

    #[test]
    fn from_bytes_strips_one_leading_bom_and_keeps_everything_else(
        text in unicode_text(0..80),
        with_bom in any::<bool>(),
    ) {
        let mut bytes = if with_bom { BOM.to_vec() } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        let doc = Document::from_bytes("news/t.txt", bytes.clone()).unwrap();
        // A file read with Python's utf-8-sig codec and newline='': one
        // leading BOM removed, every other character kept, \r included.
        let expected = std::str::from_utf8(bytes.strip_prefix(BOM).unwrap_or(&bytes)).unwrap();
        prop_assert_eq!(doc.text(), expected);
        prop_assert_eq!(doc.has_bom(), bytes.starts_with(BOM));
        prop_assert_eq!(doc.char_len(), expected.chars().count());
        prop_assert_eq!(doc.sha256(), sha256_hex(&bytes));
        prop_assert_eq!(doc.to_file_bytes(), bytes);
        prop_assert_eq!(doc.id(), "news/t.txt");
    }

    #[test]
    fn invalid_utf8_is_reported_at_the_first_bad_byte(
        text in unicode_text(0..60),
        cut in 0usize..1000,
        bad in prop_oneof![Just(vec![0xFFu8]), Just(vec![0xC3, b'a']), Just(vec![0xF0, 0x9F]), Just(vec![0x80])],
        with_bom in any::<bool>(),
    ) {
        let boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let at = boundaries[cut % boundaries.len()];
        let mut bytes = if with_bom { BOM.to_vec() } else { Vec::new() };
        bytes.extend_from_slice(&text.as_bytes()[..at]);
        bytes.extend_from_slice(&bad);
        bytes.extend_from_slice(&text.as_bytes()[at..]);
        let position = at + if with_bom { BOM.len() } else { 0 };
        let err = Document::from_bytes("news/bad.txt", bytes).unwrap_err();
        prop_assert_eq!(err.to_string(), format!("news/bad.txt: not valid UTF-8 at byte {position}"));
    }

    #[test]
    fn natural_order_is_a_total_order(names in proptest::collection::vec("[a-cA-C0-2 ._/é]{0,6}", 3..12)) {
        for a in &names {
            prop_assert_eq!(natural_cmp(a, a), Ordering::Equal);
            for b in &names {
                prop_assert_eq!(natural_cmp(a, b), natural_cmp(b, a).reverse(), "{:?} {:?}", a, b);
                prop_assert_eq!(natural_cmp(a, b) == Ordering::Equal, a == b);
                for c in &names {
                    if natural_cmp(a, b) != Ordering::Greater && natural_cmp(b, c) != Ordering::Greater {
                        prop_assert_ne!(natural_cmp(a, c), Ordering::Greater, "{:?} {:?} {:?}", a, b, c);
                    }
                }
            }
        }
        let mut sorted = names.clone();
        sorted.sort_by(|a, b| natural_cmp(a, b));
        let mut reversed_input = names;
        reversed_input.reverse();
        reversed_input.sort_by(|a, b| natural_cmp(a, b));
        prop_assert_eq!(sorted, reversed_input);
    }
}

#[test]
fn offsets_are_exact_around_index_block_boundaries() {
    // The index keeps a checkpoint every 64 code points; put multi-unit
    // characters on both sides of the first boundaries.
    for prefix_len in [62, 63, 64, 65, 127, 128, 129] {
        let text = format!("{}🚤e\u{301}🇪🇺\r\n{}ł", "é".repeat(prefix_len), "x".repeat(70));
        let reference = Reference::new(&text);
        let doc = Document::from_text("t.txt", text.clone());
        assert!(doc.char_len() > 64 * 2, "text spans several blocks");
        for i in 0..=reference.chars.len() {
            assert_eq!(doc.byte_of_char(i), reference.bytes[i], "prefix {prefix_len}, char {i}");
            assert_eq!(
                doc.utf16_of_char(i),
                reference.utf16[i],
                "prefix {prefix_len}, char {i}"
            );
            assert_eq!(doc.char_of_byte(reference.bytes[i]), Some(i));
            assert_eq!(doc.char_of_utf16(reference.utf16[i]), Some(i));
        }
        assert_eq!(doc.slice(prefix_len, prefix_len + 1), Some("🚤"));
        assert_eq!(
            doc.char_of_utf16(reference.utf16[prefix_len] + 1),
            None,
            "inside a surrogate pair"
        );
        assert_eq!(
            doc.char_of_byte(reference.bytes[prefix_len] + 2),
            None,
            "inside a UTF-8 sequence"
        );
    }
}

// ---------------------------------------------------------------------------
// Random edits

#[derive(Clone, Debug)]
enum Op {
    AddEntity {
        label: usize,
        start: usize,
        len: usize,
    },
    RemoveEntity {
        pick: usize,
    },
    Relabel {
        pick: usize,
        label: usize,
    },
    Resize {
        pick: usize,
        start: usize,
        len: usize,
    },
    SetAttribute {
        pick: usize,
        attribute: usize,
        value: usize,
    },
    SetNote {
        pick: usize,
        note: Option<String>,
    },
    SetComment {
        pick: usize,
        comment: Option<String>,
    },
    AddRelation {
        head: usize,
        tail: usize,
        label: usize,
    },
    RemoveRelation {
        pick: usize,
    },
    RelabelRelation {
        pick: usize,
        label: usize,
    },
    ReverseRelation {
        pick: usize,
    },
    SetRelationNote {
        pick: usize,
        note: Option<String>,
    },
    SetStatus {
        status: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let index = || 0usize..1000;
    let note = || proptest::option::of("[a-z \"\\\\\n“”🚤é]{0,12}");
    prop_oneof![
        10 => (index(), index(), 0usize..12).prop_map(|(label, start, len)| Op::AddEntity { label, start, len }),
        1 => index().prop_map(|pick| Op::RemoveEntity { pick }),
        2 => (index(), index()).prop_map(|(pick, label)| Op::Relabel { pick, label }),
        2 => (index(), index(), 0usize..12).prop_map(|(pick, start, len)| Op::Resize { pick, start, len }),
        3 => (index(), index(), index()).prop_map(|(pick, attribute, value)| Op::SetAttribute { pick, attribute, value }),
        1 => (index(), note()).prop_map(|(pick, note)| Op::SetNote { pick, note }),
        1 => (index(), note()).prop_map(|(pick, comment)| Op::SetComment { pick, comment }),
        7 => (index(), index(), index()).prop_map(|(head, tail, label)| Op::AddRelation { head, tail, label }),
        1 => index().prop_map(|pick| Op::RemoveRelation { pick }),
        1 => (index(), index()).prop_map(|(pick, label)| Op::RelabelRelation { pick, label }),
        1 => index().prop_map(|pick| Op::ReverseRelation { pick }),
        1 => (index(), note()).prop_map(|(pick, note)| Op::SetRelationNote { pick, note }),
        1 => index().prop_map(|status| Op::SetStatus { status }),
    ]
}

fn choose<T>(items: &[T], index: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[index % items.len()])
}

/// The edit a user would make for `op` in the current state; it may be one
/// the schema or the text refuses (a span past the end, a forbidden pair...).
fn edit_for(op: &Op, set: &AnnotationSet, schema: &LabelSchema, text_len: usize) -> Option<Edit> {
    let label = |i: usize| schema.entities[i % schema.entities.len()].name.clone();
    let entity_id = |i: usize| choose(set.entities(), i).map(|e| e.id.clone());
    let relation_id = |i: usize| choose(set.relations(), i).map(|r| r.id.clone());
    match op {
        Op::AddEntity { label: l, start, len } => {
            let start = start % (text_len + 1);
            Some(set.add_entity_edit(&label(*l), start, start + len))
        }
        Op::RemoveEntity { pick } => set.remove_entity_edit(&entity_id(*pick)?),
        Op::Relabel { pick, label: l } => set.relabel_entity_edit(&entity_id(*pick)?, &label(*l), schema),
        Op::Resize { pick, start, len } => {
            let start = start % (text_len + 1);
            set.change_entity_edit(&entity_id(*pick)?, |e| (e.start, e.end) = (start, start + len))
        }
        Op::SetAttribute { pick, attribute, value } => {
            let entity = choose(set.entities(), *pick)?;
            // Mostly an attribute of the entity's type, sometimes any.
            let definition = match choose(&schema.attributes_for(&entity.label), *attribute) {
                Some(definition) if attribute % 5 != 0 => *definition,
                _ => choose(&schema.attributes, *attribute)?,
            };
            let name = definition.name.clone();
            let chosen = match (&definition.values, value % 7) {
                (_, 6) => Some(AttributeValue::Choice("not-a-value".into())),
                (_, 5) => None,
                (None, v) => Some(AttributeValue::Flag(v % 2 == 0)),
                (Some(values), v) => Some(AttributeValue::Choice(values[v % values.len()].clone())),
            };
            set.change_entity_edit(&entity.id, |e| match chosen {
                Some(v) => {
                    e.attributes.insert(name, v);
                }
                None => {
                    e.attributes.remove(&name);
                }
            })
        }
        Op::SetNote { pick, note } => set.change_entity_edit(&entity_id(*pick)?, |e| e.note.clone_from(note)),
        Op::SetComment { pick, comment } => {
            set.change_entity_edit(&entity_id(*pick)?, |e| e.comment.clone_from(comment))
        }
        Op::AddRelation { head, tail, label: l } => {
            let head = choose(set.entities(), *head)?;
            let tail = choose(set.entities(), *tail)?;
            let allowed = schema.relations_between(&head.label, &tail.label);
            // Mostly a type the schema allows here, sometimes any type.
            let label = match choose(&allowed, *l) {
                Some(relation) if l % 4 != 0 => relation.name.clone(),
                _ => schema.relations[l % schema.relations.len()].name.clone(),
            };
            Some(set.add_relation_edit(&label, &head.id, &tail.id))
        }
        Op::RemoveRelation { pick } => set.remove_relation_edit(&relation_id(*pick)?),
        Op::RelabelRelation { pick, label: l } => {
            let label = schema.relations[l % schema.relations.len()].name.clone();
            set.change_relation_edit(&relation_id(*pick)?, |r| r.label = label)
        }
        Op::ReverseRelation { pick } => {
            set.change_relation_edit(&relation_id(*pick)?, |r| std::mem::swap(&mut r.head, &mut r.tail))
        }
        Op::SetRelationNote { pick, note } => {
            set.change_relation_edit(&relation_id(*pick)?, |r| r.note.clone_from(note))
        }
        Op::SetStatus { status } => set.set_status_edit(Status::ALL[status % Status::ALL.len()]),
    }
}

/// What the set's lookups must agree on, whatever edits came before.
fn assert_consistent(set: &AnnotationSet) -> Result<(), TestCaseError> {
    let entities = set.entities();
    for pair in entities.windows(2) {
        prop_assert!(pair[0].sort_key() <= pair[1].sort_key(), "entities out of order");
    }
    for (i, entity) in entities.iter().enumerate() {
        prop_assert_eq!(set.entity(&entity.id), Some(entity));
        prop_assert_eq!(set.entity_position(&entity.id), Some(i));
    }
    let fresh = set.fresh_entity_id();
    prop_assert!(set.entity(&fresh).is_none() && set.relation(&fresh).is_none());
    let mut counted = std::collections::HashMap::new();
    for entity in entities {
        *counted.entry(entity.label.as_str()).or_insert(0) += 1;
    }
    for (label, count) in &counted {
        prop_assert_eq!(set.label_count(label), *count, "entities labelled {}", label);
    }
    prop_assert_eq!(set.label_count("NO SUCH LABEL"), 0);
    let max_end = entities.iter().map(|e| e.end).max().unwrap_or(0);
    for start in (0..max_end + 2).step_by(3) {
        for end in [start + 1, start + 5, start + 40] {
            let found: Vec<&str> = set.entities_overlapping(start, end).map(|e| e.id.as_str()).collect();
            let expected: Vec<&str> = entities
                .iter()
                .filter(|e| e.overlaps(start, end))
                .map(|e| e.id.as_str())
                .collect();
            prop_assert_eq!(found, expected, "entities overlapping {}..{}", start, end);
        }
    }
    Ok(())
}

/// Applies `ops` through `history`, checking that refused edits change
/// nothing; returns each accepted edit with the states around it.
fn run_ops(
    ops: &[Op],
    set: &mut AnnotationSet,
    history: &mut History,
    schema: &LabelSchema,
    text_len: usize,
) -> Result<Vec<(AnnotationSet, Edit, AnnotationSet)>, TestCaseError> {
    let mut steps = Vec::new();
    for op in ops {
        let Some(edit) = edit_for(op, set, schema, text_len) else {
            continue;
        };
        let before = set.clone();
        let could_undo = history.next_undo().cloned();
        match history.apply(set, edit.clone(), schema, text_len) {
            Ok(()) => steps.push((before, edit, set.clone())),
            Err(_) => {
                prop_assert_eq!(&*set, &before, "a refused edit changed the set: {:?}", edit);
                prop_assert_eq!(history.next_undo().cloned(), could_undo);
            }
        }
        assert_consistent(set)?;
    }
    Ok(steps)
}

fn any_schema() -> impl Strategy<Value = LabelSchema> {
    prop_oneof![Just(LabelSchema::bundled()), Just(common::schema_without_overlap())]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn undo_redo_and_inverses_restore_states_exactly(
        text in unicode_text(1..60),
        schema in any_schema(),
        setup in proptest::collection::vec(op(), 0..25),
        ops in proptest::collection::vec(op(), 1..80),
    ) {
        let len = text.chars().count();
        // A starting set built by edits that the history does not record.
        let mut set = AnnotationSet::default();
        run_ops(&setup, &mut set, &mut History::default(), &schema, len)?;
        let initial = set.clone();

        let mut history = History::default();
        let steps = run_ops(&ops, &mut set, &mut history, &schema, len)?;
        let last = set.clone();

        for (before, edit, after) in &steps {
            let mut undone = after.clone();
            undone.apply(&edit.inverse(), &schema, len).unwrap();
            prop_assert_eq!(&undone, before, "inverse of {:?}", edit);
            let mut redone = before.clone();
            redone.apply(edit, &schema, len).unwrap();
            prop_assert_eq!(&redone, after, "replaying {:?}", edit);
            prop_assert_eq!(edit.inverse().inverse(), edit.clone());
        }

        for (before, edit, _) in steps.iter().rev() {
            let undone = history.undo(&mut set, &schema, len).expect("an edit to undo").unwrap();
            prop_assert_eq!(&undone, edit);
            prop_assert_eq!(&set, before);
            assert_consistent(&set)?;
        }
        prop_assert!(history.undo(&mut set, &schema, len).is_none());
        prop_assert_eq!(&set, &initial);

        for (_, edit, after) in &steps {
            let redone = history.redo(&mut set, &schema, len).expect("an edit to redo").unwrap();
            prop_assert_eq!(&redone, edit);
            prop_assert_eq!(&set, after);
        }
        prop_assert!(history.redo(&mut set, &schema, len).is_none());
        prop_assert_eq!(&set, &last);
    }

    #[test]
    fn saved_files_load_back_to_the_same_set(
        text in unicode_text(1..60),
        with_bom in any::<bool>(),
        schema in any_schema(),
        ops in proptest::collection::vec(op(), 0..60),
        comment in proptest::option::of("[a-z “”\n🚤]{0,10}"),
    ) {
        let mut bytes = if with_bom { BOM.to_vec() } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        let doc = Document::from_bytes("news/t.txt", bytes).unwrap();
        let mut set = AnnotationSet::default();
        run_ops(&ops, &mut set, &mut History::default(), &schema, doc.char_len())?;

        let set = set.with_comment(comment.clone());
        let file = AnnotationFile::from_set(&set, &doc, "alice");
        let json = file.to_json();
        let parsed = AnnotationFile::parse("annotations/alice/news/t.txt.json", &json).unwrap();
        prop_assert_eq!(&parsed, &file);
        prop_assert_eq!(parsed.to_set(), set.clone());
        prop_assert_eq!(&parsed.comment, &comment);
        prop_assert_eq!(parsed.to_json(), json.clone(), "the written form is canonical");
        let problems = check_against("annotations/alice/news/t.txt.json", &parsed, &doc, &schema);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        for (record, entity) in parsed.entities.iter().zip(set.entities()) {
            prop_assert_eq!(Some(record.text.as_str()), doc.slice(entity.start, entity.end));
        }
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let violations = schema_violations(&ANNOTATION_SCHEMA, &value);
        prop_assert!(violations.is_empty(), "{:?}\n{}", violations, json);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Through the project folder: edits saved to disk, reopened, are the
    /// same annotations, editable, with nothing to save.
    #[test]
    fn saved_documents_reopen_with_the_same_annotations(
        text in unicode_text(1..60),
        with_bom in any::<bool>(),
        ops in proptest::collection::vec(op(), 0..40),
    ) {
        let fixture = Fixture::new();
        let mut bytes = if with_bom { BOM.to_vec() } else { Vec::new() };
        bytes.extend_from_slice(text.as_bytes());
        fixture.write("news/t.txt", &bytes);
        let project = Project::open(fixture.root()).unwrap();
        let schema = project.schema().clone();
        let mut open = OpenDocument::open(&project, "news/t.txt", "alice").unwrap();
        let len = open.document().char_len();
        for op in &ops {
            if let Some(edit) = edit_for(op, open.set(), &schema, len) {
                let _ = open.apply(edit, &schema);
            }
        }
        let expected = open.set().clone();
        open.save_now().unwrap();
        prop_assert!(!open.is_dirty());

        let annotation_path = fixture.path("annotations/alice/news/t.txt.json");
        let never_annotated = expected.is_empty() && expected.status() == Status::Todo;
        prop_assert_eq!(annotation_path.exists(), !never_annotated);

        let reopened = OpenDocument::open(&project, "news/t.txt", "alice").unwrap();
        prop_assert_eq!(reopened.read_only_reason(), None);
        prop_assert!(reopened.problems().is_empty(), "{:?}", reopened.problems());
        prop_assert_eq!(reopened.set(), &expected);
        prop_assert!(!reopened.is_dirty());
        prop_assert_eq!(std::fs::read(fixture.path("news/t.txt")).unwrap(), bytes, "the text is never written");
        if !never_annotated {
            let violations = schema_violations(&ANNOTATION_SCHEMA, &common::read_json(&annotation_path));
            prop_assert!(violations.is_empty(), "{:?}", violations);
        }
    }
}
