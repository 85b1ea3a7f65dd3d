use std::collections::HashSet;
use std::path::Path;

use super::rng::SplitMix64;
use crate::annotations::{AnnotationFile, AnnotationSet, Entity, Relation, Status};
use crate::project::atomic_write;
use crate::schema::LabelSchema;
use crate::text::{Document, tokenize};

const WORDS: &[&str] = &[
    "the",
    "council",
    "agreed",
    "on",
    "a",
    "new",
    "plan",
    "for",
    "border",
    "checks",
    "and",
    "said",
    "that",
    "officials",
    "would",
    "meet",
    "again",
    "next",
    "month",
    "to",
    "review",
    "its",
    "progress",
    "while",
    "several",
    "delegations",
    "asked",
    "about",
    "funding",
    "coastal",
    "patrols",
    "reception",
    "centres",
    "were",
    "mentioned",
    "in",
    "joint",
    "statement",
    "after",
    "talks",
    "between",
    "ministers",
    "of",
    "two",
    "countries",
    "who",
    "also",
    "discussed",
    "legal",
    "routes",
    "quotas",
    "returns",
    "cooperation",
    "with",
    "regional",
    "partners",
    "déjà",
    "über",
    "naïve",
    "façade",
];
const NAMES: &[&str] = &[
    "Amara Osei",
    "Lukas Brenner",
    "Sofia Marchetti",
    "Jonas Berg",
    "Leila Haddad",
    "Tomás Ruiz",
    "Ingrid Dahl",
    "Kwame Mensah",
    "Elena Petrova",
    "Yusuf Demir",
];
const PLACES: &[&str] = &[
    "Valletta",
    "Lisbon",
    "Tallinn",
    "Ljubljana",
    "Porto",
    "Gdańsk",
    "Nicosia",
];
const EXTRAS: &[&str] = &["—", "“quickly”", "🚤", "3,200 people", "€4.5 million"];

/// One book-length document with many entities and relations.
#[derive(Clone, Debug)]
pub struct LongDocumentSpec {
    pub id: String,
    pub chars: usize,
    pub entities: usize,
    pub relations: usize,
    /// Of the entities, the share (in percent) nested inside a longer one.
    pub nested_percent: usize,
    pub seed: u64,
}

/// Many short documents, some annotated by two annotators who mostly agree.
#[derive(Clone, Debug)]
pub struct CorpusSpec {
    pub documents: usize,
    pub chars_per_document: usize,
    pub annotated_documents: usize,
    pub entities_per_document: usize,
    pub annotators: [String; 2],
    pub seed: u64,
}

/// Text of about `chars` code points: paragraphs of sentences, blank lines
/// between them, some non-ASCII letters, dashes, quotes and emoji.
fn synthetic_text(chars: usize, rng: &mut SplitMix64) -> String {
    let mut text = String::with_capacity(chars + 256);
    let mut count = 0;
    while count < chars {
        let mut paragraph = String::new();
        let sentences = 3 + rng.below(4);
        for _ in 0..sentences {
            let mut sentence = String::new();
            let words = 8 + rng.below(14);
            for w in 0..words {
                if w > 0 {
                    sentence.push(' ');
                }
                let word = *match rng.below(20) {
                    0..=1 => rng.pick(NAMES),
                    2 => rng.pick(PLACES),
                    3 if rng.chance(20) => rng.pick(EXTRAS),
                    _ => rng.pick(WORDS),
                };
                if w == 0 {
                    let mut letters = word.chars();
                    if let Some(first) = letters.next() {
                        sentence.extend(first.to_uppercase());
                        sentence.push_str(letters.as_str());
                    }
                } else {
                    sentence.push_str(word);
                }
            }
            sentence.push_str(". ");
            paragraph.push_str(&sentence);
        }
        let paragraph = paragraph.trim_end();
        count += paragraph.chars().count() + 2;
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text
}

/// Entities over random word spans, `nested_percent` of them inside a
/// longer entity, with labels from `schema`.
fn synthetic_entities(
    document: &Document,
    count: usize,
    nested_percent: usize,
    schema: &LabelSchema,
    rng: &mut SplitMix64,
) -> Vec<Entity> {
    let words: Vec<(usize, usize)> = tokenize(document.text())
        .into_iter()
        .filter(|t| {
            document
                .slice(t.start, t.end)
                .is_some_and(|s| s.chars().all(char::is_alphanumeric))
        })
        .map(|t| (t.start, t.end))
        .collect();
    let labels: Vec<&str> = schema.entities.iter().map(|e| e.name.as_str()).collect();
    let mut taken = HashSet::new();
    let mut entities = Vec::with_capacity(count);
    if words.len() < 4 {
        return entities;
    }
    let stride = (words.len() / count.max(1)).max(1);
    let mut attempts = 0;
    while entities.len() < count && attempts < count * 20 {
        attempts += 1;
        let first = (entities.len() * stride + rng.below(stride)) % (words.len() - 3);
        let length = 1 + rng.below(2);
        let (start, end) = (words[first].0, words[first + length - 1].1);
        let label = *rng.pick(&labels);
        if !taken.insert((start, end, label)) {
            continue;
        }
        entities.push(Entity::new(format!("e{}", entities.len() + 1), label, start, end));
        if entities.len() < count && rng.chance(nested_percent) {
            let outer_end = words[first + length + 1].1;
            let outer_label = *rng.pick(&labels);
            if taken.insert((start, outer_end, outer_label)) {
                entities.push(Entity::new(
                    format!("e{}", entities.len() + 1),
                    outer_label,
                    start,
                    outer_end,
                ));
            }
        }
    }
    entities
}

/// Relations between nearby entities whose types some relation allows.
fn synthetic_relations(entities: &[Entity], count: usize, schema: &LabelSchema, rng: &mut SplitMix64) -> Vec<Relation> {
    let mut relations = Vec::with_capacity(count);
    let mut taken = HashSet::new();
    let mut attempts = 0;
    while relations.len() < count && attempts < count * 30 && entities.len() > 1 {
        attempts += 1;
        let head = rng.below(entities.len());
        let tail = (head + 1 + rng.below(8)).min(entities.len() - 1);
        if head == tail {
            continue;
        }
        let (h, t) = (&entities[head], &entities[tail]);
        let Some(relation_type) = schema.relations_between(&h.label, &t.label).into_iter().next() else {
            continue;
        };
        let key = if relation_type.symmetric && t.id < h.id {
            (relation_type.name.clone(), t.id.clone(), h.id.clone())
        } else {
            (relation_type.name.clone(), h.id.clone(), t.id.clone())
        };
        if taken.insert(key) {
            relations.push(Relation::new(
                format!("r{}", relations.len() + 1),
                &relation_type.name,
                &h.id,
                &t.id,
            ));
        }
    }
    relations
}

fn write_annotations(root: &Path, annotator: &str, document: &Document, set: &AnnotationSet) -> std::io::Result<()> {
    let path = root
        .join("annotations")
        .join(annotator)
        .join(format!("{}.json", document.id()));
    atomic_write(
        &path,
        AnnotationFile::from_set(set, document, annotator).to_json().as_bytes(),
    )
}

/// Writes the long document and `annotator`'s annotations into `root`.
pub fn write_long_document(root: &Path, spec: &LongDocumentSpec, annotator: &str) -> std::io::Result<()> {
    let schema = LabelSchema::bundled();
    let mut rng = SplitMix64::new(spec.seed);
    let document = Document::from_text(&spec.id, synthetic_text(spec.chars, &mut rng));
    atomic_write(&root.join(&spec.id), document.text().as_bytes())?;
    let entities = synthetic_entities(&document, spec.entities, spec.nested_percent, &schema, &mut rng);
    let relations = synthetic_relations(&entities, spec.relations, &schema, &mut rng);
    let set = AnnotationSet::from_parts(entities, relations, Status::InProgress);
    write_annotations(root, annotator, &document, &set)
}

/// Writes the corpus into `root`: documents `doc00001.txt`…, the first
/// `annotated_documents` of them annotated by both annotators, the second
/// one dropping or relabelling about one entity in ten.
pub fn write_corpus(root: &Path, spec: &CorpusSpec) -> std::io::Result<()> {
    let schema = LabelSchema::bundled();
    let mut rng = SplitMix64::new(spec.seed);
    let labels: Vec<&str> = schema.entities.iter().map(|e| e.name.as_str()).collect();
    for index in 0..spec.documents {
        let id = format!("doc{:05}.txt", index + 1);
        let document = Document::from_text(&id, synthetic_text(spec.chars_per_document, &mut rng));
        atomic_write(&root.join(&id), document.text().as_bytes())?;
        if index >= spec.annotated_documents {
            continue;
        }
        let entities = synthetic_entities(&document, spec.entities_per_document, 10, &schema, &mut rng);
        let relations = synthetic_relations(&entities, spec.entities_per_document / 4, &schema, &mut rng);
        let first = AnnotationSet::from_parts(entities.clone(), relations.clone(), Status::Done);
        write_annotations(root, &spec.annotators[0], &document, &first)?;
        let mut second_entities = Vec::with_capacity(entities.len());
        for mut entity in entities {
            match rng.below(20) {
                0 => continue,
                1 => entity.label = (*rng.pick(&labels)).to_owned(),
                _ => {}
            }
            second_entities.push(entity);
        }
        let kept: HashSet<&str> = second_entities.iter().map(|e| e.id.as_str()).collect();
        let second_relations: Vec<Relation> = relations
            .into_iter()
            .filter(|r| kept.contains(r.head.as_str()) && kept.contains(r.tail.as_str()))
            .filter(|r| {
                let label = |id: &str| second_entities.iter().find(|e| e.id == id).map(|e| e.label.as_str());
                match (label(&r.head), label(&r.tail), schema.relation(&r.label)) {
                    (Some(h), Some(t), Some(relation_type)) => relation_type.allows(h, t),
                    _ => false,
                }
            })
            .collect();
        let second = AnnotationSet::from_parts(second_entities, second_relations, Status::Done);
        write_annotations(root, &spec.annotators[1], &document, &second)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::check_against;

    #[test]
    fn generated_annotations_are_valid_and_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let spec = LongDocumentSpec {
            id: "long.txt".into(),
            chars: 20_000,
            entities: 400,
            relations: 100,
            nested_percent: 10,
            seed: 7,
        };
        write_long_document(dir.path(), &spec, "bench").unwrap();
        let json = std::fs::read_to_string(dir.path().join("annotations/bench/long.txt.json")).unwrap();
        let file = AnnotationFile::parse("long", &json).unwrap();
        let document = Document::load(&dir.path().join("long.txt"), "long.txt").unwrap();
        assert!(check_against("long", &file, &document, &LabelSchema::bundled()).is_empty());
        assert_eq!(file.entities.len(), 400);
        assert!(file.relations.len() >= 90, "{} relations", file.relations.len());
        assert!(
            file.entities.windows(2).any(|w| w[0].start == w[1].start),
            "some entities are nested"
        );

        let again = tempfile::tempdir().unwrap();
        write_long_document(again.path(), &spec, "bench").unwrap();
        let json_again = std::fs::read_to_string(again.path().join("annotations/bench/long.txt.json")).unwrap();
        assert_eq!(json, json_again);
    }
}
