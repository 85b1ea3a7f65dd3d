//! Annotated news-like sentences of Spanwright's own making, for measuring
//! the recommender: training time, and F1 beside other taggers. Names,
//! places and organisations are drawn from lists and placed by templates,
//! so that a label follows from the words and their context, as in news.

use std::path::Path;

use crate::annotations::{AnnotationFile, AnnotationSet, Entity, Status};
use crate::project::atomic_write;
use crate::text::Document;

const FIRST: &[&str] = &[
    "Anna", "Marco", "Leila", "Tomasz", "Ines", "Yusuf", "Greta", "Pavel", "Sofia", "Omar", "Clara", "Nikos", "Hana",
    "Jonas", "Amira", "Luca", "Petra", "Samir", "Elena", "Viktor",
];
const LAST: &[&str] = &[
    "Rossi",
    "Novak",
    "Haddad",
    "Kowalski",
    "Ferreira",
    "Demir",
    "Lindqvist",
    "Horvat",
    "Moreau",
    "Bakker",
    "Petrenko",
    "Costa",
    "Weber",
    "Nowak",
    "Marin",
    "Okafor",
    "Santos",
    "Keller",
    "Duval",
    "Varga",
];
const COUNTRIES: &[&str] = &[
    "Italy", "Albania", "Greece", "Tunisia", "Spain", "Malta", "Libya", "Croatia", "Austria", "Senegal", "Poland",
    "Morocco", "Portugal", "Turkey", "Egypt",
];
const PLACES: &[&str] = &[
    "Lampedusa",
    "Bari",
    "Calais",
    "Dover",
    "Shëngjin",
    "Gjadër",
    "Ceuta",
    "Lesbos",
    "Trieste",
    "Palermo",
    "Sfax",
    "Valletta",
    "Piraeus",
    "Melilla",
];
const ORGS: &[&str] = &[
    "Frontex",
    "the European Commission",
    "the Red Cross",
    "Europol",
    "the Interior Ministry",
    "UNHCR",
    "the coast guard",
    "Save the Children",
    "the European Parliament",
    "the Council of Europe",
];
const ROLES: &[&str] = &[
    "Interior Minister",
    "Prime Minister",
    "Foreign Minister",
    "mayor",
    "spokesperson",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const VERBS: &[&str] = &["said", "warned", "confirmed", "announced", "denied", "argued"];
const FILLERS: &[&str] = &[
    "that arrivals had risen",
    "that the plan would be reviewed",
    "that talks would continue",
    "that more boats were expected",
    "that the centres were full",
    "that funding had been cut",
];

/// `{P}` person, `{C}` country, `{L}` place, `{O}` organisation, `{R}` role,
/// `{D}` date, `{N}` people count, `{V}` verb, `{F}` filler.
const TEMPLATES: &[&str] = &[
    "{P} met {P} in {L} on {D}.",
    "{R} {P} {V} {F}.",
    "{O} {V} {F} in {C}.",
    "On {D}, {N} people reached {L}, {O} {V}.",
    "{P}, the {R} of {C}, {V} {F}.",
    "Officials from {C} and {C} will meet in {L}.",
    "{O} and {O} {V} {F}.",
    "In {L}, {P} {V} {F}.",
    "The agreement between {C} and {C} was signed on {D}.",
    "{P} told reporters in {L} {F}.",
];

/// A small deterministic generator (SplitMix64).
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// One sentence and its entities (label, start, end in code points from
/// the sentence's start).
fn sentence(draw: &mut Draw) -> (String, Vec<(&'static str, usize, usize)>) {
    let template = draw.pick(TEMPLATES);
    let mut text = String::new();
    let mut entities = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let slot = &rest[open + 1..open + 2];
        rest = &rest[open + 3..];
        let (value, label) = match slot {
            "P" => (format!("{} {}", draw.pick(FIRST), draw.pick(LAST)), Some("PERSON")),
            "C" => (draw.pick(COUNTRIES).to_owned(), Some("COUNTRY")),
            "L" => (draw.pick(PLACES).to_owned(), Some("LOCATION")),
            "O" => (draw.pick(ORGS).to_owned(), Some("ORG")),
            "R" => (draw.pick(ROLES).to_owned(), Some("ROLE")),
            "D" => (
                format!(
                    "{} {} {}",
                    1 + draw.next() % 28,
                    draw.pick(MONTHS),
                    2015 + draw.next() % 11
                ),
                Some("DATE"),
            ),
            "N" => (format!("{}", 20 + draw.next() % 900), Some("PEOPLE_COUNT")),
            "V" => (draw.pick(VERBS).to_owned(), None),
            _ => (draw.pick(FILLERS).to_owned(), None),
        };
        let start = text.chars().count();
        text.push_str(&value);
        if let Some(label) = label {
            entities.push((label, start, start + value.chars().count()));
        }
    }
    text.push_str(rest);
    if let Some(first) = text.chars().next().filter(|c| c.is_lowercase()) {
        text = first.to_uppercase().chain(text.chars().skip(1)).collect();
    }
    (text, entities)
}

/// Writes `documents` texts of `sentences` sentences each
/// (`synthetic0001.txt`…) into `root`, with `annotator`'s annotations of
/// every entity, marked done.
pub fn write_synthetic_project(
    root: &Path,
    documents: usize,
    sentences: usize,
    annotator: &str,
    seed: u64,
) -> std::io::Result<()> {
    let mut draw = Draw(seed);
    for index in 0..documents {
        let id = format!("synthetic{:04}.txt", index + 1);
        let mut text = String::new();
        let mut entities = Vec::new();
        for n in 0..sentences {
            if n > 0 {
                text.push_str(if n % 4 == 0 { "\n\n" } else { " " });
            }
            let offset = text.chars().count();
            let (sentence, spans) = sentence(&mut draw);
            text.push_str(&sentence);
            for (label, start, end) in spans {
                let id = format!("e{}", entities.len() + 1);
                entities.push(Entity::new(id, label, offset + start, offset + end));
            }
        }
        text.push('\n');
        let document = Document::from_text(&id, text);
        atomic_write(&root.join(&id), document.text().as_bytes())?;
        let set = AnnotationSet::from_parts(entities, Vec::new(), Status::Done);
        let path = root.join("annotations").join(annotator).join(format!("{id}.json"));
        atomic_write(
            &path,
            AnnotationFile::from_set(&set, &document, annotator)
                .to_json()
                .as_bytes(),
        )?;
    }
    Ok(())
}
