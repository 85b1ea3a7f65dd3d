//! Shared by the reliability tests: sample projects, a seeded random source
//! and a generator of random annotation edits.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use spanwright::annotations::{AnnotationSet, AttributeValue, Edit, Status};
use spanwright::schema::LabelSchema;
use spanwright::text::{Document, Token, tokenize};

/// A project made of the sample corpus in a fresh temporary folder.
pub fn sample_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    spanwright::sample::install_sample_corpus(&root).unwrap();
    (dir, root)
}

/// A seeded generator (SplitMix64), so that a failing run can be repeated;
/// kept here because these tests also run in builds without the benchmark.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// Makes random but plausible edits of one document: every kind of change a
/// person makes in the window.
pub struct EditMaker {
    tokens: Vec<Token>,
    labels: Vec<String>,
}

impl EditMaker {
    pub fn new(document: &Document, schema: &LabelSchema) -> Self {
        Self {
            tokens: tokenize(document.text()),
            labels: schema.entities.iter().map(|e| e.name.clone()).collect(),
        }
    }

    /// One edit built from the current state, or `None` when the chosen kind
    /// has nothing to work on. The edit may still be refused by the schema.
    pub fn edit(&self, rng: &mut Rng, set: &AnnotationSet, schema: &LabelSchema) -> Option<Edit> {
        let entity = rng.pick(set.entities()).cloned();
        let relation = rng.pick(set.relations()).cloned();
        match rng.below(13) {
            0..=2 => {
                let first = rng.below(self.tokens.len());
                let last = (first + rng.below(3)).min(self.tokens.len() - 1);
                let label = rng.pick(&self.labels)?;
                Some(set.add_entity_edit(label, self.tokens[first].start, self.tokens[last].end))
            }
            3 => set.remove_entity_edit(&entity?.id),
            4 => set.relabel_entity_edit(&entity?.id, rng.pick(&self.labels)?, schema),
            5 => {
                let entity = entity?;
                let grow = rng.chance(50);
                let next = self.tokens.iter().find(|t| t.start >= entity.end).map(|t| t.end);
                let inner = self
                    .tokens
                    .iter()
                    .rev()
                    .find(|t| t.end < entity.end && t.end > entity.start)
                    .map(|t| t.end);
                let end = if grow { next? } else { inner? };
                set.change_entity_edit(&entity.id, |e| e.end = end)
            }
            6 | 7 => {
                let head = entity?;
                // A few tries to find a tail that some relation type allows.
                (0..10).find_map(|_| {
                    let tail = rng.pick(set.entities())?.clone();
                    let allowed = schema.relations_between(&head.label, &tail.label);
                    let relation_type = rng.pick(&allowed)?;
                    Some(set.add_relation_edit(&relation_type.name, &head.id, &tail.id))
                })
            }
            // Rarer than additions, so that relations pile up as in real work.
            8 if rng.chance(30) => set.remove_relation_edit(&relation?.id),
            8 => None,
            9 => {
                let entity = entity?;
                let attributes = schema.attributes_for(&entity.label);
                let attribute = rng.pick(&attributes)?;
                let value = match &attribute.values {
                    None => AttributeValue::Flag(rng.chance(50)),
                    Some(values) => AttributeValue::Choice(rng.pick(values)?.clone()),
                };
                let remove = rng.chance(30);
                set.change_entity_edit(&entity.id, |e| {
                    if remove {
                        e.attributes.remove(&attribute.name);
                    } else {
                        e.attributes.insert(attribute.name.clone(), value);
                    }
                })
            }
            10 => {
                let note = format!("note {} — «ü» 🚤", rng.below(1000));
                let clear = rng.chance(30);
                set.change_entity_edit(&entity?.id, |e| e.note = (!clear).then_some(note))
            }
            11 => {
                let comment = format!("checked {}", rng.below(1000));
                set.change_relation_edit(&relation?.id, |r| r.note = Some(comment))
            }
            _ => set.set_status_edit(*rng.pick(&Status::ALL)?),
        }
    }
}

/// Every file below `folder` whose name ends with `suffix`, hidden ones too.
pub fn files_ending_with(folder: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
