//! Fixture projects for the format tests: the sample corpus, and small
//! documents with every offset trap (emoji, combining marks, curly quotes,
//! a BOM, CRLF line ends, an entity across a line break).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use spanwright::annotations::{AnnotationSet, AttributeValue, Edit, Entity, Relation, Status};
use spanwright::formats::{ExportOptions, ExportSummary, Format, export};
use spanwright::project::{OpenDocument, Project};

pub const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-corpus");

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The sample corpus copied into `dir/name`.
/// A copy of the sample corpus with alice's annotations only (the sample also
/// has bob's, for agreement), so that exports need no `--annotator`.
pub fn sample_project(dir: &Path, name: &str) -> PathBuf {
    let root = dir.join(name);
    copy_dir(Path::new(SAMPLE), &root);
    let others = root.join("annotations/bob");
    if others.exists() {
        std::fs::remove_dir_all(&others).unwrap();
    }
    root
}

/// Code-point span of the `nth` occurrence of `needle` in `text`.
pub fn span(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (byte, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

pub struct FixtureDoc {
    pub id: &'static str,
    pub bytes: Vec<u8>,
    /// `(label, text, which occurrence of the text)`.
    pub entities: Vec<(&'static str, &'static str, usize)>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Texts whose offsets differ between bytes, UTF-16 and code points.
pub fn tricky_documents() -> Vec<FixtureDoc> {
    let with_bom = |text: &str| [BOM, text.as_bytes()].concat();
    vec![
        FixtureDoc {
            id: "emoji.txt",
            bytes: "🇮🇹 Giorgia Meloni 👋🏽 met Keir Starmer in Rome 🚤 on Tuesday."
                .as_bytes()
                .to_vec(),
            entities: vec![
                ("PERSON", "Giorgia Meloni", 0),
                ("PERSON", "Keir Starmer", 0),
                ("LOCATION", "Rome", 0),
                ("DATE", "Tuesday", 0),
            ],
        },
        FixtureDoc {
            id: "combining.txt",
            // "Gérald" with a combining acute accent: two code points for é.
            bytes: "Ge\u{301}rald Darmanin met Piotr Kozłowski and Zoe\u{308} Ba\u{301}rd in Paris."
                .as_bytes()
                .to_vec(),
            entities: vec![
                ("PERSON", "Ge\u{301}rald Darmanin", 0),
                ("PERSON", "Piotr Kozłowski", 0),
                ("PERSON", "Zoe\u{308} Ba\u{301}rd", 0),
                ("LOCATION", "Paris", 0),
            ],
        },
        FixtureDoc {
            id: "quotes.txt",
            bytes: "The “Border Force” and the ‘Home Office’ met — in Dover."
                .as_bytes()
                .to_vec(),
            entities: vec![
                ("ORG", "Border Force", 0),
                ("ORG", "Home Office", 0),
                ("LOCATION", "Dover", 0),
            ],
        },
        FixtureDoc {
            id: "news/bom-crlf.txt",
            bytes: with_bom(
                "Italy and Albania\r\nsigned in Mirabella\r\nEclano 🇪🇺.\r\n\r\nGérald “Darmanin” met 👋 Filippo Grandi.\r\n",
            ),
            entities: vec![
                ("COUNTRY", "Italy", 0),
                ("COUNTRY", "Albania", 0),
                // Runs across a CRLF line break.
                ("LOCATION", "Mirabella\r\nEclano", 0),
                ("PERSON", "Darmanin", 0),
                ("PERSON", "Filippo Grandi", 0),
            ],
        },
    ]
}

/// Writes `docs` into `root` with alice's annotations: the entities, plus a
/// relation, attributes, notes and comments wherever the schema allows.
pub fn write_fixture_project(root: &Path, docs: &[FixtureDoc]) {
    for doc in docs {
        let path = root.join(doc.id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &doc.bytes).unwrap();
    }
    let project = Project::open(root).unwrap();
    for doc in docs {
        let mut open = OpenDocument::open(&project, doc.id, "alice").unwrap();
        let text = open.document().text().to_owned();
        let mut edits = Vec::new();
        let mut entities = Vec::new();
        for (i, (label, needle, nth)) in doc.entities.iter().enumerate() {
            let (start, end) = span(&text, needle, *nth);
            let mut entity = Entity::new(format!("e{}", i + 1), *label, start, end);
            if i == 0 {
                entity.note = Some(format!("first entity of {}", doc.id));
            }
            if i == 1 {
                entity.comment = Some("checked by the reviewer".into());
            }
            entities.push(entity.clone());
            edits.push(Edit::AddEntity {
                entity,
                relations: vec![],
            });
        }
        let schema = project.schema();
        if let (Some(a), Some(b)) = (entities.first(), entities.get(1))
            && let Some(kind) = schema.relations_between(&a.label, &b.label).first()
        {
            let mut relation = Relation::new("r1", &kind.name, &a.id, &b.id);
            relation.note = Some("stated in the text".into());
            edits.push(Edit::AddRelation(relation));
        }
        edits.push(Edit::SetStatus {
            before: Status::Todo,
            after: Status::Done,
        });
        open.apply(Edit::Batch(edits), schema).unwrap();
        open.save_now().unwrap();
    }
}

/// The sample corpus with the tricky documents added: every offset trap and
/// every kind of annotation (entity and relation notes, comments, attribute
/// flags true and false, choices).
pub fn full_project(dir: &Path, name: &str) -> PathBuf {
    let root = sample_project(dir, name);
    add_tricky_documents(&root);
    root
}

/// A project with the tricky documents alone.
pub fn tricky_project(dir: &Path, name: &str) -> PathBuf {
    let root = dir.join(name);
    add_tricky_documents(&root);
    root
}

/// Adds the tricky documents, plus one with money amounts carrying both
/// kinds of attribute value, annotated by alice.
pub fn add_tricky_documents(root: &Path) {
    let mut docs = tricky_documents();
    docs.push(FixtureDoc {
        id: "money.txt",
        bytes: "Italy pledged €6.7 billion, about 12 million people said, under the Action Plan."
            .as_bytes()
            .to_vec(),
        entities: vec![
            ("MONEY", "€6.7 billion", 0),
            ("PEOPLE_COUNT", "12 million people", 0),
            ("AGREEMENT", "the Action Plan", 0),
            ("COUNTRY", "Italy", 0),
        ],
    });
    write_fixture_project(root, &docs);
    let project = Project::open(root).unwrap();
    let mut open = OpenDocument::open(&project, "money.txt", "alice").unwrap();
    let set = open.set().clone();
    let mut edits = Vec::new();
    for (id, name, value) in [
        ("e1", "estimated", AttributeValue::Flag(true)),
        ("e2", "estimated", AttributeValue::Flag(false)),
        ("e3", "stage", AttributeValue::Choice("signed".into())),
    ] {
        edits.push(
            set.change_entity_edit(id, |e| {
                e.attributes.insert(name.into(), value);
            })
            .unwrap(),
        );
    }
    edits.push(Edit::AddRelation(Relation::new("r2", "SIGNS", "e4", "e3")));
    open.apply(Edit::Batch(edits), project.schema()).unwrap();
    open.save_now().unwrap();
}

pub fn export_to(project_dir: &Path, format: Format, out: &Path) -> ExportSummary {
    let project = Project::open(project_dir).unwrap();
    export(&project, &ExportOptions::new(format), out, &mut |_, _| {}).unwrap()
}

/// Every annotation set of `annotator` in the project, by document id.
pub fn sets_of(project_dir: &Path, annotator: &str) -> BTreeMap<String, (String, AnnotationSet)> {
    let project = Project::open(project_dir).unwrap();
    project
        .documents()
        .iter()
        .map(|d| {
            let open = OpenDocument::open(&project, &d.id, annotator).unwrap();
            assert!(open.read_only_reason().is_none(), "{:?}", open.read_only_reason());
            (d.id.clone(), (open.document().text().to_owned(), open.set().clone()))
        })
        .collect()
}

/// An entity as a comparison key: span, label, text and what a format may
/// or may not carry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EntityKey {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub attributes: Vec<(String, String)>,
    pub note: Option<String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RelationKey {
    pub label: String,
    pub head: (usize, usize, String),
    pub tail: (usize, usize, String),
    pub note: Option<String>,
    pub comment: Option<String>,
}

pub fn entity_keys(set: &AnnotationSet) -> Vec<EntityKey> {
    let mut keys: Vec<EntityKey> = set
        .entities()
        .iter()
        .map(|e| EntityKey {
            start: e.start,
            end: e.end,
            label: e.label.clone(),
            attributes: e.attributes.iter().map(|(k, v)| (k.clone(), v.to_string())).collect(),
            note: e.note.clone(),
            comment: e.comment.clone(),
        })
        .collect();
    keys.sort();
    keys
}

pub fn relation_keys(set: &AnnotationSet) -> Vec<RelationKey> {
    let end = |id: &str| {
        let e = set.entity(id).unwrap();
        (e.start, e.end, e.label.clone())
    };
    let mut keys: Vec<RelationKey> = set
        .relations()
        .iter()
        .map(|r| RelationKey {
            label: r.label.clone(),
            head: end(&r.head),
            tail: end(&r.tail),
            note: r.note.clone(),
            comment: r.comment.clone(),
        })
        .collect();
    keys.sort();
    keys
}
