//! `conll`: one token per line, `TOKEN TAG`, a blank line after each
//! sentence and the CoNLL-2003 document separator `-DOCSTART- -X- O O`
//! (then a blank line) before each document, which `spacy convert` and
//! seqeval's readers recognise. Export only.
//!
//! Tokens come from [`crate::text::tokenize`] (spaCy's English rules) and sentences from [`super::sentences`]. An entity whose edges
//! are not token edges is left out and reported, never moved. Where entities
//! overlap, the longest wins (ties: the earlier start, then label, then id)
//! and the others are reported. A token holding whitespace (a space followed
//! by a combining mark) is written with `_` for each whitespace character so
//! the columns stay intact; the summary counts them.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use crate::annotations::Entity;
use crate::text::{Document, Token, tokenize};

use super::export::{ExportDocument, FormatWriter};
use super::report::Issue;
use super::staging::Staging;
use super::{ExportError, ExportSummary, TagScheme};
use crate::text::sentence_starts;

const SPANS_ONLY: &str = "CoNLL holds entity spans only";

pub(crate) struct ConllWriter {
    file: BufWriter<File>,
    path: PathBuf,
    scheme: TagScheme,
}

impl ConllWriter {
    pub(crate) fn new(staging: &mut Staging, out: &Path, scheme: TagScheme) -> Result<Self, ExportError> {
        Ok(Self {
            file: staging.create(out.to_path_buf())?,
            path: out.to_path_buf(),
            scheme,
        })
    }
}

impl FormatWriter for ConllWriter {
    fn document(
        &mut self,
        doc: &ExportDocument<'_>,
        _staging: &mut Staging,
        summary: &mut ExportSummary,
    ) -> Result<(), ExportError> {
        let document = &doc.document;
        let tagged = tag_document(document, doc.set.entities(), self.scheme);
        let mut out = String::from("-DOCSTART- -X- O O\n\n");
        for sentence in &tagged.sentences {
            for &index in sentence {
                let token = tagged.tokens[index];
                let text = document.slice(token.start, token.end).unwrap_or_default();
                if text.chars().any(char::is_whitespace) {
                    summary.not_carried(
                        "whitespace inside tokens",
                        "written as _ so that each line keeps two columns",
                        1,
                    );
                    out.extend(text.chars().map(|c| if c.is_whitespace() { '_' } else { c }));
                } else {
                    out.push_str(text);
                }
                out.push(' ');
                out.push_str(&tagged.tags[index]);
                out.push('\n');
            }
            out.push('\n');
        }
        self.file.write_all(out.as_bytes()).map_err(|source| ExportError::Io {
            file: self.path.display().to_string(),
            source,
        })?;
        summary.entities += tagged.kept;
        for (entity, reason) in tagged.left_out {
            summary.skipped.push(Issue::new(
                document.id(),
                None,
                Some(format!("entity {}", entity.id)),
                reason,
            ));
        }
        let entities = doc.set.entities();
        let relations = doc.set.relations();
        summary.not_carried("relations", SPANS_ONLY, relations.len());
        summary.not_carried(
            "entity attribute values",
            SPANS_ONLY,
            entities.iter().map(|e| e.attributes.len()).sum(),
        );
        summary.not_carried(
            "notes",
            SPANS_ONLY,
            entities.iter().filter(|e| e.note.is_some()).count()
                + relations.iter().filter(|r| r.note.is_some()).count(),
        );
        summary.not_carried("comments", SPANS_ONLY, doc.comment_count());
        summary.not_carried("document statuses other than todo", SPANS_ONLY, doc.status_lost());
        Ok(())
    }

    fn finish(self: Box<Self>, _staging: &mut Staging, _summary: &mut ExportSummary) -> Result<(), ExportError> {
        Staging::close(self.file, &self.path)
    }
}

/// A document's tokens, their tags and sentences, and what was left out.
pub(crate) struct Tagged<'a> {
    pub tokens: Vec<Token>,
    pub tags: Vec<String>,
    /// Token indices of each sentence.
    pub sentences: Vec<Vec<usize>>,
    pub kept: usize,
    pub left_out: Vec<(&'a Entity, String)>,
}

pub(crate) fn tag_document<'a>(document: &Document, entities: &'a [Entity], scheme: TagScheme) -> Tagged<'a> {
    let tokens = tokenize(document.text());
    let first_token: HashMap<usize, usize> = tokens.iter().enumerate().map(|(i, t)| (t.start, i)).collect();
    let last_token: HashMap<usize, usize> = tokens.iter().enumerate().map(|(i, t)| (t.end, i)).collect();
    let mut left_out = Vec::new();
    let mut aligned = Vec::new();
    for entity in entities {
        match (first_token.get(&entity.start), last_token.get(&entity.end)) {
            (Some(&first), Some(&last)) => aligned.push((entity, first, last)),
            (first, _) => {
                let edge = if first.is_none() { entity.start } else { entity.end };
                let which = if first.is_none() { "start" } else { "end" };
                let text = document.slice(entity.start, entity.end).unwrap_or_default();
                left_out.push((
                    entity,
                    format!(
                        "{} {text:?} {}..{}: its {which} {}; left out, not moved",
                        entity.label,
                        entity.start,
                        entity.end,
                        describe_edge(document, &tokens, edge)
                    ),
                ));
            }
        }
    }
    aligned.sort_by(|a, b| {
        let length = |e: &Entity| e.end - e.start;
        length(b.0)
            .cmp(&length(a.0))
            .then(a.0.start.cmp(&b.0.start))
            .then_with(|| a.0.label.cmp(&b.0.label))
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    let mut owner: Vec<Option<&Entity>> = vec![None; tokens.len()];
    let mut kept = Vec::new();
    for (entity, first, last) in aligned {
        if let Some(winner) = owner[first..=last].iter().flatten().next() {
            left_out.push((
                entity,
                format!(
                    "{} {:?} overlaps the longer {} {} {:?} (longest wins); left out",
                    entity.label,
                    document.slice(entity.start, entity.end).unwrap_or_default(),
                    winner.label,
                    winner.id,
                    document.slice(winner.start, winner.end).unwrap_or_default()
                ),
            ));
            continue;
        }
        for slot in &mut owner[first..=last] {
            *slot = Some(entity);
        }
        kept.push((entity, first, last));
    }
    let mut tags = vec!["O".to_owned(); tokens.len()];
    let mut joined = vec![false; tokens.len()];
    for &(entity, first, last) in &kept {
        for (index, tag) in tags.iter_mut().enumerate().take(last + 1).skip(first) {
            let prefix = match (scheme, index == first, index == last) {
                (TagScheme::Bilou, true, true) => "U",
                (TagScheme::Bilou, false, true) => "L",
                (_, true, _) => "B",
                _ => "I",
            };
            // A tag is one column: whitespace in a label becomes `_`.
            *tag = format!("{prefix}-{}", entity.label.replace(char::is_whitespace, "_"));
        }
        for flag in &mut joined[first + 1..=last] {
            *flag = true;
        }
    }
    let starts = sentence_starts(document);
    let sentence_of = |token: &Token| starts.partition_point(|&s| s <= token.start);
    let mut sentences: Vec<Vec<usize>> = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let new_sentence = index == 0 || (!joined[index] && sentence_of(token) != sentence_of(&tokens[index - 1]));
        match sentences.last_mut() {
            Some(current) if !new_sentence => current.push(index),
            _ => sentences.push(vec![index]),
        }
    }
    left_out.sort_by_key(|(entity, _)| entity.sort_key());
    Tagged {
        kept: kept.len(),
        tokens,
        tags,
        sentences,
        left_out,
    }
}

fn describe_edge(document: &Document, tokens: &[Token], offset: usize) -> String {
    let inside = tokens.partition_point(|t| t.start <= offset);
    match inside.checked_sub(1).map(|i| tokens[i]) {
        Some(token) if token.start < offset && offset < token.end => format!(
            "falls inside the token {:?}",
            document.slice(token.start, token.end).unwrap_or_default()
        ),
        _ => "is not a token edge (it touches whitespace)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags_of(text: &str, entities: &[Entity], scheme: TagScheme) -> (Vec<String>, usize, usize) {
        let doc = Document::from_text("d", text);
        let tagged = tag_document(&doc, entities, scheme);
        (tagged.tags, tagged.kept, tagged.left_out.len())
    }

    #[test]
    fn bio_and_bilou_tag_each_token() {
        let entities = [Entity::new("e1", "PERSON", 0, 12), Entity::new("e2", "COUNTRY", 17, 22)];
        let (bio, kept, _) = tags_of("Keir Starmer met Italy.", &entities, TagScheme::Bio);
        assert_eq!(bio, ["B-PERSON", "I-PERSON", "O", "B-COUNTRY", "O"]);
        assert_eq!(kept, 2);
        let (bilou, _, _) = tags_of("Keir Starmer met Italy.", &entities, TagScheme::Bilou);
        assert_eq!(bilou, ["B-PERSON", "L-PERSON", "O", "U-COUNTRY", "O"]);
    }

    #[test]
    fn entities_off_token_edges_are_left_out_and_longest_wins() {
        // "Piantedosi" ends inside the token "Piantedosis".
        let entities = [
            Entity::new("e1", "PERSON", 0, 10),
            Entity::new("e2", "EVENT", 15, 31),
            Entity::new("e3", "LOCATION", 19, 23),
        ];
        let doc = Document::from_text("d", "Piantedosis at the Rome meeting");
        let tagged = tag_document(&doc, &entities, TagScheme::Bio);
        assert_eq!(tagged.kept, 1);
        let reasons: Vec<&str> = tagged.left_out.iter().map(|(_, r)| r.as_str()).collect();
        assert!(
            reasons[0].contains("falls inside the token \"Piantedosis\""),
            "{reasons:?}"
        );
        assert!(reasons[1].contains("overlaps the longer EVENT e2"), "{reasons:?}");
    }

    #[test]
    fn a_sentence_boundary_inside_an_entity_is_not_used() {
        let doc = Document::from_text("d", "He met Keir. Smith left.");
        let entities = [Entity::new("e1", "PERSON", 7, 18)];
        let tagged = tag_document(&doc, &entities, TagScheme::Bio);
        let sizes: Vec<usize> = tagged.sentences.iter().map(Vec::len).collect();
        assert_eq!(sizes, [7]);
    }
}
