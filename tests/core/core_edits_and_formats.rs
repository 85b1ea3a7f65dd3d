//! Edits checked against the schema, and the two file formats checked
//! against their JSON Schemas with a real validator.

use crate::common;

use common::{ANNOTATION_SCHEMA, LABEL_SCHEMA_SCHEMA, read_json, repo_path, schema_violations};
use spanwright::annotations::{
    AnnotationFile, AnnotationSet, AttributeValue, Edit, EditError, Entity, History, Relation, Status,
};
use spanwright::schema::LabelSchema;
use spanwright::text::Document;

const TEXT: &str = "Interior Minister Anna Kowalska of 🇵🇱 Poland met the Baltic Forum in Gdańsk.";
const LEN: usize = 100;

fn apply(set: &mut AnnotationSet, edit: Edit, schema: &LabelSchema) -> Result<(), EditError> {
    set.apply(&edit, schema, LEN)
}

fn add(set: &mut AnnotationSet, label: &str, start: usize, end: usize, schema: &LabelSchema) -> String {
    let edit = set.add_entity_edit(label, start, end);
    apply(set, edit, schema).unwrap_or_else(|err| panic!("adding {label} {start}..{end}: {err}"));
    set.entities()
        .iter()
        .find(|e| (e.start, e.end, e.label.as_str()) == (start, end, label))
        .unwrap()
        .id
        .clone()
}

fn relate(
    set: &mut AnnotationSet,
    label: &str,
    head: &str,
    tail: &str,
    schema: &LabelSchema,
) -> Result<String, EditError> {
    let edit = set.add_relation_edit(label, head, tail);
    let Edit::AddRelation(relation) = &edit else {
        unreachable!()
    };
    let id = relation.id.clone();
    apply(set, edit, schema).map(|()| id)
}

/// Applies an edit that must be refused and checks that nothing changed.
fn refused(set: &mut AnnotationSet, edit: Edit, schema: &LabelSchema) -> EditError {
    let before = set.clone();
    let err = apply(set, edit, schema).expect_err("the edit should be refused");
    assert_eq!(*set, before, "a refused edit changed the set");
    err
}

#[test]
fn removing_an_entity_removes_its_relations_and_undo_brings_them_back() {
    let schema = LabelSchema::bundled();
    let mut set = AnnotationSet::default();
    let mut history = History::default();
    let person = add(&mut set, "PERSON", 18, 31, &schema);
    let role = add(&mut set, "ROLE", 0, 17, &schema);
    let country = add(&mut set, "COUNTRY", 38, 44, &schema);
    let org = add(&mut set, "ORG", 49, 65, &schema);
    let holds = relate(&mut set, "HOLDS_ROLE", &person, &role, &schema).unwrap();
    let meets = relate(&mut set, "MEETS", &org, &person, &schema).unwrap();
    let member = relate(&mut set, "MEMBER_OF", &country, &org, &schema).unwrap();
    let before = set.clone();

    let removal = set.remove_entity_edit(&person).unwrap();
    history.apply(&mut set, removal, &schema, LEN).unwrap();
    assert!(set.entity(&person).is_none());
    let left: Vec<&str> = set.relations().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(left, [member.as_str()], "{holds} and {meets} go with {person}");
    let after = set.clone();

    history.undo(&mut set, &schema, LEN).unwrap().unwrap();
    assert_eq!(set, before);
    assert_eq!(set.relation(&holds), before.relation(&holds));
    assert_eq!(set.relation(&meets), before.relation(&meets));
    history.redo(&mut set, &schema, LEN).unwrap().unwrap();
    assert_eq!(set, after);

    // A removal that no longer lists every attached relation is refused.
    history.undo(&mut set, &schema, LEN).unwrap().unwrap();
    let Some(Edit::RemoveEntity { entity, mut relations }) = set.remove_entity_edit(&person) else {
        panic!("a removal edit")
    };
    relations.pop();
    let err = refused(&mut set, Edit::RemoveEntity { entity, relations }, &schema);
    assert!(matches!(err, EditError::NoSuchRelation(_)), "{err:?}");
}

#[test]
fn relation_head_and_tail_types_are_checked_against_the_schema() {
    let schema = LabelSchema::bundled();
    let mut set = AnnotationSet::default();
    let person = add(&mut set, "PERSON", 18, 31, &schema);
    let role = add(&mut set, "ROLE", 0, 17, &schema);
    let holds = relate(&mut set, "HOLDS_ROLE", &person, &role, &schema).unwrap();

    let backwards = set.add_relation_edit("HOLDS_ROLE", &role, &person);
    let err = refused(&mut set, backwards, &schema);
    assert_eq!(err.to_string(), "HOLDS_ROLE does not allow ROLE → PERSON");

    let wrong_type = set.add_relation_edit("SIGNS", &person, &role);
    assert!(matches!(
        refused(&mut set, wrong_type, &schema),
        EditError::ForbiddenPair { .. }
    ));
    let unknown = set.add_relation_edit("ADVISES", &person, &role);
    assert_eq!(
        refused(&mut set, unknown, &schema),
        EditError::UnknownRelationType("ADVISES".into())
    );
    let missing = set.add_relation_edit("HOLDS_ROLE", &person, "e99");
    assert_eq!(
        refused(&mut set, missing, &schema),
        EditError::NoSuchEntity("e99".into())
    );
    let to_itself = set.add_relation_edit("MEETS", &person, &person);
    assert_eq!(refused(&mut set, to_itself, &schema), EditError::SelfRelation);
    let again = set.add_relation_edit("HOLDS_ROLE", &person, &role);
    assert!(matches!(
        refused(&mut set, again, &schema),
        EditError::DuplicateRelation { .. }
    ));

    let reversed = set
        .change_relation_edit(&holds, |r| std::mem::swap(&mut r.head, &mut r.tail))
        .unwrap();
    assert!(matches!(
        refused(&mut set, reversed, &schema),
        EditError::ForbiddenPair { .. }
    ));
}

#[test]
fn symmetric_relation_types_are_allowed_either_way_and_not_doubled() {
    let schema = LabelSchema::from_json(
        "s.json",
        r##"{"name": "t",
            "entities": [{"name": "PERSON", "color": "#ff0000"}, {"name": "ORG", "color": "#00ff00"}],
            "relations": [
                {"name": "ADVISES", "head": ["PERSON"], "tail": ["ORG"]},
                {"name": "ALLIED", "head": ["PERSON"], "tail": ["ORG"], "symmetric": true}]}"##,
    )
    .unwrap();
    let names = |head, tail| -> Vec<String> {
        schema
            .relations_between(head, tail)
            .iter()
            .map(|r| r.name.clone())
            .collect()
    };
    assert_eq!(names("PERSON", "ORG"), ["ADVISES", "ALLIED"]);
    assert_eq!(names("ORG", "PERSON"), ["ALLIED"]);

    let mut set = AnnotationSet::default();
    let person = add(&mut set, "PERSON", 18, 31, &schema);
    let org = add(&mut set, "ORG", 49, 65, &schema);
    relate(&mut set, "ALLIED", &org, &person, &schema).expect("symmetric: tail type first is fine");
    let advises = set.add_relation_edit("ADVISES", &org, &person);
    assert!(matches!(
        refused(&mut set, advises, &schema),
        EditError::ForbiddenPair { .. }
    ));
    relate(&mut set, "ADVISES", &person, &org, &schema).unwrap();
    // The same symmetric link written the other way round is a duplicate.
    let mirrored = set.add_relation_edit("ALLIED", &person, &org);
    assert!(matches!(
        refused(&mut set, mirrored, &schema),
        EditError::DuplicateRelation { .. }
    ));
}

#[test]
fn relabelling_that_invalidates_a_relation_removes_it_in_one_undoable_step() {
    let schema = LabelSchema::bundled();
    let mut set = AnnotationSet::default();
    let mut history = History::default();
    let person = add(&mut set, "PERSON", 18, 31, &schema);
    let role = add(&mut set, "ROLE", 0, 17, &schema);
    let country = add(&mut set, "COUNTRY", 38, 44, &schema);
    relate(&mut set, "HOLDS_ROLE", &person, &role, &schema).unwrap();
    let meets = relate(&mut set, "MEETS", &person, &country, &schema).unwrap();
    let before = set.clone();

    // Changing the label alone would leave HOLDS_ROLE from an ORG: refused.
    let bare = set.change_entity_edit(&person, |e| e.label = "ORG".into()).unwrap();
    assert_eq!(
        refused(&mut set, bare, &schema),
        EditError::ForbiddenPair {
            relation: "HOLDS_ROLE".into(),
            head: "ORG".into(),
            tail: "ROLE".into()
        }
    );

    let relabel = set.relabel_entity_edit(&person, "ORG", &schema).unwrap();
    assert!(
        matches!(&relabel, Edit::Batch(edits) if edits.len() == 2),
        "{relabel:?}"
    );
    history.apply(&mut set, relabel, &schema, LEN).unwrap();
    assert_eq!(set.entity(&person).unwrap().label, "ORG");
    let left: Vec<&str> = set.relations().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(left, [meets.as_str()], "MEETS allows ORG → COUNTRY and stays");
    history.undo(&mut set, &schema, LEN).unwrap().unwrap();
    assert_eq!(set, before);
}

#[test]
fn relabelling_drops_attributes_the_new_type_does_not_have() {
    let schema = LabelSchema::bundled();
    let mut set = AnnotationSet::default();
    let count = add(&mut set, "PEOPLE_COUNT", 0, 5, &schema);
    let flag = set
        .change_entity_edit(&count, |e| {
            e.attributes.insert("estimated".into(), AttributeValue::Flag(true));
        })
        .unwrap();
    apply(&mut set, flag, &schema).unwrap();
    let before = set.clone();

    // MONEY has "estimated" too; AGREEMENT does not.
    let to_money = set.relabel_entity_edit(&count, "MONEY", &schema).unwrap();
    let Edit::ChangeEntity { after, .. } = &to_money else {
        panic!("{to_money:?}")
    };
    assert_eq!(after.attributes.get("estimated"), Some(&AttributeValue::Flag(true)));
    let to_agreement = set.relabel_entity_edit(&count, "AGREEMENT", &schema).unwrap();
    apply(&mut set, to_agreement.clone(), &schema).unwrap();
    assert!(set.entity(&count).unwrap().attributes.is_empty());
    apply(&mut set, to_agreement.inverse(), &schema).unwrap();
    assert_eq!(set, before);
}

#[test]
fn overlapping_entities_are_refused_only_when_the_schema_says_so() {
    let strict = common::schema_without_overlap();
    let mut set = AnnotationSet::default();
    let first = add(&mut set, "PERSON", 18, 31, &strict);
    for (start, end) in [(25, 40), (20, 22), (10, 19), (18, 31)] {
        let edit = set.add_entity_edit("ORG", start, end);
        assert_eq!(
            refused(&mut set, edit, &strict),
            EditError::Overlap {
                start,
                end,
                other: first.clone()
            }
        );
    }
    // End-exclusive: touching spans do not overlap.
    add(&mut set, "ROLE", 0, 18, &strict);
    let country = add(&mut set, "COUNTRY", 31, 37, &strict);
    let grow = set.change_entity_edit(&country, |e| e.start = 30).unwrap();
    assert!(matches!(refused(&mut set, grow, &strict), EditError::Overlap { .. }));

    let relaxed = LabelSchema::bundled();
    assert!(relaxed.allow_overlap);
    let mut set = AnnotationSet::default();
    add(&mut set, "PERSON", 18, 31, &relaxed);
    add(&mut set, "ORG", 25, 40, &relaxed);
    add(&mut set, "EVENT", 0, 60, &relaxed);
    add(&mut set, "ROLE", 18, 31, &relaxed);
    let duplicate = set.add_entity_edit("PERSON", 18, 31);
    assert_eq!(
        refused(&mut set, duplicate, &relaxed),
        EditError::DuplicateEntity {
            label: "PERSON".into(),
            start: 18,
            end: 31
        }
    );
}

#[test]
fn attribute_values_are_checked_flag_versus_value_list() {
    let schema = LabelSchema::bundled();
    let mut set = AnnotationSet::default();
    let count = add(&mut set, "PEOPLE_COUNT", 0, 5, &schema);
    let plan = add(&mut set, "AGREEMENT", 10, 15, &schema);
    let person = add(&mut set, "PERSON", 18, 31, &schema);
    let set_attribute = |set: &AnnotationSet, id: &str, name: &str, value: AttributeValue| {
        set.change_entity_edit(id, |e| {
            e.attributes.insert(name.into(), value);
        })
        .unwrap()
    };

    for (id, name, value) in [
        (&count, "estimated", AttributeValue::Flag(true)),
        (&count, "estimated", AttributeValue::Flag(false)),
        (&plan, "stage", AttributeValue::Choice("signed".into())),
    ] {
        let edit = set_attribute(&set, id, name, value);
        apply(&mut set, edit, &schema).unwrap();
    }
    for (id, name, value, expected) in [
        (
            &count,
            "estimated",
            AttributeValue::Choice("yes".into()),
            "attribute \"estimated\" cannot be yes",
        ),
        (
            &plan,
            "stage",
            AttributeValue::Choice("rumoured".into()),
            "attribute \"stage\" cannot be rumoured",
        ),
        (
            &plan,
            "stage",
            AttributeValue::Flag(true),
            "attribute \"stage\" cannot be true",
        ),
        (
            &person,
            "estimated",
            AttributeValue::Flag(true),
            "attribute \"estimated\" does not apply to PERSON",
        ),
        (
            &person,
            "mood",
            AttributeValue::Flag(true),
            "attribute \"mood\" does not apply to PERSON",
        ),
    ] {
        let edit = set_attribute(&set, id, name, value);
        assert_eq!(refused(&mut set, edit, &schema).to_string(), expected);
    }
}

#[test]
fn labels_and_spans_are_checked() {
    let schema = LabelSchema::bundled();
    let mut set = AnnotationSet::default();
    let unknown = set.add_entity_edit("NATIONALITY", 0, 5);
    assert_eq!(
        refused(&mut set, unknown, &schema),
        EditError::UnknownEntityType("NATIONALITY".into())
    );
    for (start, end) in [(5, 5), (6, 5), (95, LEN + 1)] {
        let edit = set.add_entity_edit("PERSON", start, end);
        assert_eq!(
            refused(&mut set, edit, &schema),
            EditError::BadSpan { start, end, len: LEN }
        );
    }
    add(&mut set, "PERSON", LEN - 1, LEN, &schema);
}

#[test]
fn ids_are_unique_across_entities_and_relations() {
    let schema = LabelSchema::bundled();
    let mut set = AnnotationSet::default();
    assert_eq!(set.fresh_entity_id(), "e1");
    assert_eq!(set.fresh_relation_id(), "r1");
    let person = add(&mut set, "PERSON", 18, 31, &schema);
    let role = add(&mut set, "ROLE", 0, 17, &schema);
    let holds = relate(&mut set, "HOLDS_ROLE", &person, &role, &schema).unwrap();

    let entity_named_like_relation = Edit::AddEntity {
        entity: Entity::new(holds.clone(), "COUNTRY", 38, 44),
        relations: Vec::new(),
    };
    assert_eq!(
        refused(&mut set, entity_named_like_relation, &schema),
        EditError::DuplicateId(holds)
    );
    let relation_named_like_entity = Edit::AddRelation(Relation::new(role.clone(), "MEETS", &person, "e9"));
    assert_eq!(
        refused(&mut set, relation_named_like_entity, &schema),
        EditError::DuplicateId(role)
    );
}

#[test]
fn a_batch_that_fails_part_way_changes_nothing() {
    let schema = LabelSchema::bundled();
    let mut set = AnnotationSet::default();
    add(&mut set, "PERSON", 18, 31, &schema);
    let batch = Edit::Batch(vec![
        set.add_entity_edit("ROLE", 0, 17),
        set.set_status_edit(Status::Done).unwrap(),
        Edit::AddEntity {
            entity: Entity::new("e50", "ROLE", 0, LEN + 3),
            relations: Vec::new(),
        },
    ]);
    assert!(matches!(refused(&mut set, batch, &schema), EditError::BadSpan { .. }));
}

// ---------------------------------------------------------------------------
// JSON Schemas

/// A file with every optional part filled in: attributes of both kinds,
/// notes and comments on entities and relations, and a file comment.
fn rich_file(status: Status) -> AnnotationFile {
    let schema = LabelSchema::bundled();
    let doc = Document::from_bytes("news/baltic.txt", format!("\u{FEFF}{TEXT}\r\n").into_bytes()).unwrap();
    let len = doc.char_len();
    let mut set = AnnotationSet::default();
    let mut edit = |make: &dyn Fn(&AnnotationSet) -> Option<Edit>| {
        if let Some(edit) = make(&set) {
            set.apply(&edit, &schema, len).unwrap();
        }
    };
    edit(&|set| Some(set.add_entity_edit("PERSON", 18, 31)));
    edit(&|set| Some(set.add_entity_edit("ROLE", 0, 17)));
    edit(&|set| Some(set.add_entity_edit("PEOPLE_COUNT", 35, 44)));
    edit(&|set| Some(set.add_entity_edit("AGREEMENT", 53, 65)));
    edit(&|set| Some(set.add_relation_edit("HOLDS_ROLE", "e1", "e2")));
    edit(&|set| {
        set.change_entity_edit("e1", |e| {
            e.note = Some("name in “quotes” 🚤\nsecond line".into());
            e.comment = Some("reviewer: fine".into());
        })
    });
    edit(&|set| {
        set.change_entity_edit("e3", |e| {
            e.attributes.insert("estimated".into(), AttributeValue::Flag(true));
        })
    });
    edit(&|set| {
        set.change_entity_edit("e4", |e| {
            e.attributes
                .insert("stage".into(), AttributeValue::Choice("in_force".into()));
        })
    });
    edit(&|set| {
        set.change_relation_edit("r1", |r| {
            r.note = Some("as of May".into());
            r.comment = Some("check the date".into());
        })
    });
    edit(&|set| set.set_status_edit(status));
    AnnotationFile::from_set(&set.with_comment(Some("whole file: spot-checked".into())), &doc, "Zoë")
}

#[test]
fn written_annotation_files_validate_against_the_json_schema() {
    for status in Status::ALL {
        let json = rich_file(status).to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["status"], status.as_str());
        assert_eq!(value["entities"][1]["comment"], "reviewer: fine", "{json}");
        assert_eq!(value["entities"][3]["attributes"]["stage"], "in_force");
        assert_eq!(value["relations"][0]["comment"], "check the date");
        let violations = schema_violations(&ANNOTATION_SCHEMA, &value);
        assert!(violations.is_empty(), "{status}: {violations:?}\n{json}");
    }
}

#[test]
fn the_annotation_json_schema_rejects_what_the_program_rejects() {
    let valid: serde_json::Value = serde_json::from_str(&rich_file(Status::Done).to_json()).unwrap();
    type Change = fn(&mut serde_json::Value);
    let broken = |change: Change| {
        let mut value = valid.clone();
        change(&mut value);
        let violations = schema_violations(&ANNOTATION_SCHEMA, &value);
        let parsed = AnnotationFile::parse("f.json", &value.to_string());
        (violations, parsed.is_err())
    };
    let cases: [(&str, Change); 6] = [
        ("unknown status", |v| v["status"] = "finished".into()),
        ("unknown field", |v| v["entities"][0]["confidence"] = 0.5.into()),
        ("negative offset", |v| v["entities"][0]["start"] = (-1).into()),
        ("no relations list", |v| {
            v.as_object_mut().unwrap().remove("relations");
        }),
        ("another format", |v| v["format"] = "brat".into()),
        ("attribute of another type", |v| {
            v["entities"][0]["attributes"]["n"] = 3.into()
        }),
    ];
    for (what, change) in cases {
        let (violations, refused_by_program) = broken(change);
        assert!(!violations.is_empty(), "{what}: the JSON Schema accepts it");
        assert!(refused_by_program, "{what}: the program accepts it");
    }
}

#[test]
fn sample_annotation_files_validate_against_the_json_schema() {
    let folder = repo_path("assets/sample-corpus/annotations/alice");
    let mut checked = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let violations = schema_violations(&ANNOTATION_SCHEMA, &read_json(&path));
        assert!(violations.is_empty(), "{}: {violations:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} sample files");
}

#[test]
fn the_bundled_label_schema_validates_against_its_json_schema() {
    let bundled = read_json(&repo_path("schemas/news-migration.json"));
    let violations = schema_violations(&LABEL_SCHEMA_SCHEMA, &bundled);
    assert!(violations.is_empty(), "{violations:?}");

    let mut bad_color = bundled.clone();
    bad_color["entities"][0]["color"] = "red".into();
    let violations = schema_violations(&LABEL_SCHEMA_SCHEMA, &bad_color);
    assert!(
        violations.iter().any(|v| v.starts_with("/entities/0/color")),
        "{violations:?}"
    );
    assert!(LabelSchema::from_json("s.json", &bad_color.to_string()).is_err());
}

#[test]
fn the_label_json_schema_and_the_loader_agree_on_optional_fields() {
    // Only a name and entities: both accept it, and both take overlap as refused.
    let minimal = serde_json::json!({"name": "m", "entities": [{"name": "PERSON", "color": "#aabbcc"}]});
    assert_eq!(schema_violations(&LABEL_SCHEMA_SCHEMA, &minimal), Vec::<String>::new());
    let loaded = LabelSchema::from_json("m.json", &minimal.to_string()).unwrap();
    assert!(loaded.relations.is_empty() && loaded.attributes.is_empty());
    let documented =
        &read_json(&repo_path("schemas/label-schema.schema.json"))["properties"]["allow_overlap"]["default"];
    assert_eq!(documented, &serde_json::Value::Bool(loaded.allow_overlap));
}

#[test]
fn every_entity_overlapping_another_is_reported_when_overlap_is_refused() {
    let doc = Document::from_text("news/baltic.txt", TEXT);
    let set = AnnotationSet::from_parts(
        vec![
            Entity::new("e1", "EVENT", 0, 44),
            Entity::new("e2", "ROLE", 0, 17),
            Entity::new("e3", "PERSON", 18, 31),
            Entity::new("e4", "COUNTRY", 38, 44),
            Entity::new("e5", "ORG", 49, 65),
        ],
        Vec::new(),
        Status::Todo,
    );
    let file = AnnotationFile::from_set(&set, &doc, "alice");
    let strict = common::schema_without_overlap();
    let problems: Vec<String> = spanwright::annotations::check_against("f.json", &file, &doc, &strict)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "f.json: e1: overlaps e2 but the schema does not allow overlapping entities",
            "f.json: e3: overlaps e1 but the schema does not allow overlapping entities",
            "f.json: e4: overlaps e1 but the schema does not allow overlapping entities",
        ]
    );
    let relaxed = LabelSchema::bundled();
    assert_eq!(
        spanwright::annotations::check_against("f.json", &file, &doc, &relaxed),
        []
    );
}
