//! The documents the recommender learns from: the chosen annotators' files
//! at the chosen statuses, with what each annotator rejected, cut into the
//! token sequences the tagger is trained on.

use crate::annotations::{AnnotationFile, Problem, Status, check_against};
use crate::formats::sentences::sentence_starts;
use crate::formats::suggestions::Rejections;
use crate::project::Project;
use crate::text::{Document, Token, tokenize};

/// An entity as the tagger knows it: a label over code points, end-exclusive.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

impl From<&crate::annotations::Entity> for Span {
    fn from(entity: &crate::annotations::Entity) -> Self {
        Self {
            start: entity.start,
            end: entity.end,
            label: entity.label.clone(),
        }
    }
}

impl From<crate::formats::suggestions::Suggestion> for Span {
    fn from(suggestion: crate::formats::suggestions::Suggestion) -> Self {
        Self {
            start: suggestion.start,
            end: suggestion.end,
            label: suggestion.label,
        }
    }
}

/// One annotator's annotations of one document.
#[derive(Clone, Debug)]
pub struct AnnotatedDocument {
    pub document: Document,
    pub annotator: String,
    pub entities: Vec<Span>,
    /// Suggestions the annotator rejected: negative evidence.
    pub rejected: Vec<Span>,
}

/// Whose documents, at which statuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingSelection {
    pub annotators: Vec<String>,
    pub statuses: Vec<Status>,
}

impl TrainingSelection {
    /// The default: the annotator's documents in progress, done or reviewed.
    pub fn of(annotators: Vec<String>) -> Self {
        Self {
            annotators,
            statuses: vec![Status::InProgress, Status::Done, Status::Reviewed],
        }
    }
}

/// The selected annotated documents, in project order, and the files left
/// out with the reason.
#[derive(Clone, Debug, Default)]
pub struct TrainingData {
    pub documents: Vec<AnnotatedDocument>,
    pub skipped: Vec<Problem>,
}

impl TrainingData {
    pub fn load(project: &Project, selection: &TrainingSelection) -> Self {
        let mut data = Self::default();
        for entry in project.documents() {
            let mut text: Option<Document> = None;
            for annotator in &selection.annotators {
                let path = project.annotation_path(annotator, &entry.id);
                if !path.exists() {
                    continue;
                }
                let name = project.annotation_file_name(annotator, &entry.id);
                let left_out = |message: String| Problem {
                    file: name.clone(),
                    item: None,
                    message: format!("left out of training: {message}"),
                };
                let file = match AnnotationFile::load(&path, &name) {
                    Ok(file) => file,
                    Err(err) => {
                        data.skipped.push(left_out(err.to_string()));
                        continue;
                    }
                };
                if !selection.statuses.contains(&file.status) {
                    continue;
                }
                if text.is_none() {
                    match project.load_text(&entry.id) {
                        Ok(document) => text = Some(document),
                        Err(err) => {
                            data.skipped.push(left_out(err.to_string()));
                            break;
                        }
                    }
                }
                let Some(document) = text.as_ref() else { break };
                if let Some(problem) = check_against(&name, &file, document, project.schema()).first() {
                    data.skipped.push(left_out(problem.message.clone()));
                    continue;
                }
                let rejected = match Rejections::load(project, document, annotator) {
                    Ok(rejections) => rejections
                        .spans()
                        .map(|(label, start, end)| Span {
                            start,
                            end,
                            label: label.to_owned(),
                        })
                        .collect(),
                    Err(err) => {
                        data.skipped.push(Problem {
                            file: name.clone(),
                            item: None,
                            message: format!("its rejections are not used: {err}"),
                        });
                        Vec::new()
                    }
                };
                let set = file.to_set();
                data.documents.push(AnnotatedDocument {
                    document: document.clone(),
                    annotator: annotator.clone(),
                    entities: set.entities().iter().map(Span::from).collect(),
                    rejected,
                });
            }
        }
        data
    }
}

/// The tokens of one sequence (a sentence, or sentences an entity joins).
#[derive(Clone, Debug)]
pub(crate) struct Sequence {
    pub tokens: Vec<Token>,
    pub words: Vec<String>,
    pub lower: Vec<String>,
}

/// `document` cut into sentences; sentences an entity of `entities`
/// crosses are joined, so that no entity is split.
pub(crate) fn sequences(document: &Document, entities: &[Span]) -> Vec<Sequence> {
    let tokens = tokenize(document.text());
    // A boundary inside an entity is dropped. One sweep over the entities
    // in order of start: the furthest end of those begun before a boundary
    // tells whether one crosses it (a long document has tens of thousands
    // of both).
    let mut by_start: Vec<(usize, usize)> = entities.iter().map(|e| (e.start, e.end)).collect();
    by_start.sort_unstable();
    let mut begun = by_start.iter().peekable();
    let mut furthest_end = 0;
    let starts: Vec<usize> = sentence_starts(document)
        .into_iter()
        .filter(|&b| {
            while let Some(&&(start, end)) = begun.peek()
                && start < b
            {
                furthest_end = furthest_end.max(end);
                begun.next();
            }
            furthest_end <= b
        })
        .collect();
    let mut sequences = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut next_boundary = 1;
    for token in tokens {
        while next_boundary < starts.len() && token.start >= starts[next_boundary] {
            next_boundary += 1;
            if !current.is_empty() {
                sequences.push(std::mem::take(&mut current));
            }
        }
        current.push(token);
    }
    if !current.is_empty() {
        sequences.push(current);
    }
    sequences
        .into_iter()
        .map(|tokens| {
            let words: Vec<String> = tokens
                .iter()
                .map(|t| document.slice(t.start, t.end).unwrap_or_default().to_owned())
                .collect();
            let lower = words.iter().map(|w| w.to_lowercase()).collect();
            Sequence { tokens, words, lower }
        })
        .collect()
}

/// The spans of `spans` that overlap a token of each sequence, sequence by
/// sequence: each span is looked up by binary search instead of every
/// sequence looking at every span.
pub(crate) fn spans_per_sequence(sequences: &[Sequence], spans: &[Span]) -> Vec<Vec<Span>> {
    let mut per_sequence = vec![Vec::new(); sequences.len()];
    let end_of = |s: &Sequence| s.tokens.last().map_or(0, |t| t.end);
    let start_of = |s: &Sequence| s.tokens.first().map_or(0, |t| t.start);
    for span in spans {
        let first = sequences.partition_point(|s| end_of(s) <= span.start);
        for (index, sequence) in sequences.iter().enumerate().skip(first) {
            if start_of(sequence) >= span.end {
                break;
            }
            if sequence.tokens.iter().any(|t| t.start < span.end && t.end > span.start) {
                per_sequence[index].push(span.clone());
            }
        }
    }
    per_sequence
}

/// The BIO tag of each token. Entities are placed longest first; one that
/// overlaps an entity already placed cannot be encoded and is counted.
pub(crate) fn bio_tags(tokens: &[Token], entities: &[Span]) -> (Vec<String>, usize) {
    let mut order: Vec<&Span> = entities.iter().collect();
    order.sort_by_key(|e| (std::cmp::Reverse(e.end - e.start), e.start));
    let mut tags = vec![String::from("O"); tokens.len()];
    let mut unencoded = 0;
    for entity in order {
        let covered: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens[i].start < entity.end && tokens[i].end > entity.start)
            .collect();
        if covered.is_empty() {
            continue;
        }
        if covered.iter().any(|&i| tags[i] != "O") {
            unencoded += 1;
            continue;
        }
        for (n, &i) in covered.iter().enumerate() {
            tags[i] = format!("{}-{}", if n == 0 { 'B' } else { 'I' }, entity.label);
        }
    }
    (tags, unencoded)
}

/// The entities a tag sequence describes, as token index ranges and labels.
pub(crate) fn decode_tags<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, label) = tag.split_once('-').unwrap_or((tag, ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, l)| l == label);
        if continues {
            continue;
        }
        if let Some((start, label)) = open.take() {
            spans.push((start, i, label));
        }
        if prefix == "B" || prefix == "I" {
            open = Some((i, label.to_owned()));
        }
    }
    if let Some((start, label)) = open {
        spans.push((start, tags.len(), label));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: &str) -> Span {
        Span {
            start,
            end,
            label: label.to_owned(),
        }
    }

    #[test]
    fn sentences_an_entity_crosses_are_joined() {
        // An entity that runs over a full stop ("St. Ives" read as two
        // sentences) keeps its two sentences together.
        let doc = Document::from_text("d", "Rome. Paris came. He left. Then Oslo.");
        assert_eq!(sequences(&doc, &[]).len(), 4);
        let joined = sequences(&doc, &[span(0, 11, "LOCATION")]);
        assert_eq!(joined.len(), 3);
        assert_eq!(joined[0].words, ["Rome", ".", "Paris", "came", "."]);
    }

    #[test]
    fn tags_round_trip_and_overlaps_are_counted() {
        let doc = Document::from_text("d", "Giorgia Meloni met Keir Starmer");
        let tokens = tokenize(doc.text());
        let (tags, unencoded) = bio_tags(
            &tokens,
            &[span(0, 14, "PERSON"), span(8, 14, "PERSON"), span(19, 31, "PERSON")],
        );
        assert_eq!(tags, ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON"]);
        assert_eq!(unencoded, 1);
        assert_eq!(
            decode_tags(&tags),
            [(0, 2, "PERSON".to_owned()), (3, 5, "PERSON".to_owned())]
        );
        assert_eq!(decode_tags(&["I-X", "I-Y", "O", "B-X"]).len(), 3);
    }

    #[test]
    fn sentences_and_their_spans_match_a_look_at_every_pair() {
        // Sentences of varied length, and spans placed by a fixed
        // pseudo-random walk: some inside a sentence, some across a full
        // stop, some nested, some over spaces only.
        let mut text = String::new();
        for n in 0..60 {
            text.push_str(&format!("Minister {n} met Dr. Okafor in Rome on day {}. ", n * 7 % 31));
        }
        let doc = Document::from_text("d", &text);
        let length = doc.char_len();
        let mut state = 0x2545_f491_u64;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        let entities: Vec<Span> = (0..60)
            .map(|_| {
                let start = next(length - 1);
                let end = (start + 1 + next(25)).min(length);
                span(start, end, "X")
            })
            .collect();
        let naive_starts: Vec<usize> = sentence_starts(&doc)
            .into_iter()
            .filter(|&b| !entities.iter().any(|e| e.start < b && b < e.end))
            .collect();
        let cut = sequences(&doc, &entities);
        // What the sweep cut is what checking every boundary against every
        // entity cuts.
        let mut naive_cut: Vec<Vec<usize>> = Vec::new();
        let mut current = Vec::new();
        let mut next_boundary = 1;
        for token in tokenize(doc.text()) {
            while next_boundary < naive_starts.len() && token.start >= naive_starts[next_boundary] {
                next_boundary += 1;
                if !current.is_empty() {
                    naive_cut.push(std::mem::take(&mut current));
                }
            }
            current.push(token.start);
        }
        naive_cut.push(current);
        let cut_starts: Vec<Vec<usize>> = cut.iter().map(|s| s.tokens.iter().map(|t| t.start).collect()).collect();
        assert_eq!(cut_starts, naive_cut);
        assert!(cut.len() > 20, "the test text is cut into {} sequences only", cut.len());
        let per_sequence = spans_per_sequence(&cut, &entities);
        for (sequence, found) in cut.iter().zip(&per_sequence) {
            let naive: Vec<&Span> = entities
                .iter()
                .filter(|e| sequence.tokens.iter().any(|t| t.start < e.end && t.end > e.start))
                .collect();
            assert_eq!(found.iter().collect::<Vec<_>>(), naive);
        }
    }
}
