//! The checks that need one annotation file and its text.

use std::collections::{HashMap, HashSet};

use crate::annotations::{AnnotationFile, check_against};
use crate::schema::LabelSchema;
use crate::text::{Document, Token, is_edge_trimmable, tokenize};

use super::finding::{Check, Finding, Severity};

/// Every finding of one annotation file (named `file_name`, by `annotator`)
/// against its text and the schema. The corpus-wide inconsistency check is
/// not among them: it needs every file (see [`super::check_project`]).
pub fn check_document(
    file_name: &str,
    annotator: &str,
    file: &AnnotationFile,
    document: &Document,
    schema: &LabelSchema,
) -> Vec<Finding> {
    let finding =
        |check: Check, severity: Severity, item: Option<&str>, span: Option<(usize, usize)>, message| Finding {
            check,
            severity,
            file: file_name.to_owned(),
            document: document.id().to_owned(),
            annotator: annotator.to_owned(),
            item: item.map(str::to_owned),
            span,
            position: None,
            message,
        };
    let mut specific = Vec::new();
    duplicates(file, &mut |item, span, severity, message| {
        specific.push(finding(Check::Duplicate, severity, Some(item), Some(span), message));
    });
    forbidden_relations(file, schema, &mut |item, span, message| {
        specific.push(finding(
            Check::ForbiddenRelation,
            Severity::Error,
            Some(item),
            span,
            message,
        ));
    });

    let entity_span: HashMap<&str, (usize, usize)> = file
        .entities
        .iter()
        .map(|e| (e.id.as_str(), (e.start, e.end)))
        .collect();
    // A problem the specific checks report is listed once, under their name
    // (looked up by hash: a file may hold hundreds of thousands of them).
    let reported: HashSet<(Option<&str>, &str)> = specific
        .iter()
        .map(|f| (f.item.as_deref(), f.message.as_str()))
        .collect();
    let mut findings: Vec<Finding> = check_against(file_name, file, document, schema)
        .into_iter()
        .filter(|p| !reported.contains(&(p.item.as_deref(), p.message.as_str())))
        .map(|p| {
            let span = p.item.as_deref().and_then(|id| entity_span.get(id).copied());
            finding(Check::Schema, Severity::Error, p.item.as_deref(), span, p.message)
        })
        .collect();
    drop(reported);
    findings.extend(specific);

    let tokens = tokenize(document.text());
    for entity in &file.entities {
        let Some(text) = document.slice(entity.start, entity.end).filter(|t| !t.is_empty()) else {
            continue;
        };
        let span = Some((entity.start, entity.end));
        for message in edge_problems(text) {
            findings.push(finding(
                Check::EdgeCharacter,
                Severity::Warning,
                Some(&entity.id),
                span,
                message,
            ));
        }
        for message in token_problems(document, &tokens, entity.start, entity.end) {
            findings.push(finding(
                Check::TokenBoundary,
                Severity::Warning,
                Some(&entity.id),
                span,
                message,
            ));
        }
    }

    if file.status.is_finished() && file.entities.is_empty() {
        findings.push(finding(
            Check::DoneWithoutAnnotations,
            Severity::Warning,
            None,
            None,
            format!("marked {} but has no annotation", file.status),
        ));
    }
    findings
}

/// Entities at the same offsets: with the same label an error (the message
/// is the one `check_against` gives), with different labels a warning.
fn duplicates(file: &AnnotationFile, report: &mut impl FnMut(&str, (usize, usize), Severity, String)) {
    // Per span: the first entity there (id, label), and every label seen there.
    type Seen<'a> = ((&'a str, &'a str), HashSet<&'a str>);
    let mut first_at: HashMap<(usize, usize), Seen<'_>> = HashMap::new();
    for entity in &file.entities {
        let span = (entity.start, entity.end);
        let Some((first, labels)) = first_at.get_mut(&span) else {
            first_at.insert(
                span,
                ((&entity.id, &entity.label), HashSet::from([entity.label.as_str()])),
            );
            continue;
        };
        if !labels.insert(&entity.label) {
            report(
                &entity.id,
                span,
                Severity::Error,
                format!("duplicate entity {} {}..{}", entity.label, entity.start, entity.end),
            );
        } else {
            let (other_id, other_label) = *first;
            report(
                &entity.id,
                span,
                Severity::Warning,
                format!(
                    "same span {}..{} as {other_id}, labelled {other_label} there and {} here",
                    entity.start, entity.end, entity.label
                ),
            );
        }
    }
}

/// Relations whose label the schema does not allow between the types of
/// their ends (the message is the one `check_against` gives).
fn forbidden_relations(
    file: &AnnotationFile,
    schema: &LabelSchema,
    report: &mut impl FnMut(&str, Option<(usize, usize)>, String),
) {
    let entities: HashMap<&str, (&str, usize, usize)> = file
        .entities
        .iter()
        .map(|e| (e.id.as_str(), (e.label.as_str(), e.start, e.end)))
        .collect();
    for relation in &file.relations {
        let (Some(head), Some(tail), Some(relation_type)) = (
            entities.get(relation.head.as_str()),
            entities.get(relation.tail.as_str()),
            schema.relation(&relation.label),
        ) else {
            continue;
        };
        if !relation_type.allows(head.0, tail.0) {
            let span = (head.1.min(tail.1), head.2.max(tail.2));
            report(
                &relation.id,
                Some(span),
                format!("{} does not allow {} → {}", relation.label, head.0, tail.0),
            );
        }
    }
}

fn edge_problems(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (edge, c) in [("starts", text.chars().next()), ("ends", text.chars().next_back())] {
        if let Some(c) = c.filter(|&c| is_edge_trimmable(c)) {
            problems.push(format!("{edge} with {}", describe_char(c)));
        }
    }
    problems
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        '\t' => "a tab".to_owned(),
        c if c.is_whitespace() => format!("whitespace (U+{:04X})", u32::from(c)),
        c => format!("punctuation \"{c}\""),
    }
}

/// An edge that is not a token edge: spaCy's strict alignment needs the
/// start to be a token's start and the end a token's end. An edge on
/// whitespace is left to the edge check, which reports it already.
fn token_problems(document: &Document, tokens: &[Token], start: usize, end: usize) -> Vec<String> {
    let mut problems = Vec::new();
    let inside = |offset: usize| {
        let at = tokens.partition_point(|t| t.end <= offset);
        tokens.get(at).filter(|t| t.start < offset && offset < t.end)
    };
    let is_start = |offset: usize| tokens.binary_search_by_key(&offset, |t| t.start).is_ok();
    let is_end = |offset: usize| {
        let at = tokens.partition_point(|t| t.end < offset);
        tokens.get(at).is_some_and(|t| t.end == offset)
    };
    for (edge, offset, on_edge) in [("starts", start, is_start(start)), ("ends", end, is_end(end))] {
        let whitespace_edge = if edge == "starts" {
            document.slice(offset, offset + 1)
        } else {
            offset.checked_sub(1).and_then(|before| document.slice(before, offset))
        }
        .is_some_and(|c| c.chars().all(char::is_whitespace));
        if on_edge || whitespace_edge {
            continue;
        }
        let message = match inside(offset) {
            Some(token) => format!(
                "{edge} inside the token \"{}\" ({}..{}): not a token edge, so spaCy's strict alignment would drop it",
                document.slice(token.start, token.end).unwrap_or_default(),
                token.start,
                token.end
            ),
            None => format!("{edge} at {offset}, not a token edge, so spaCy's strict alignment would drop it"),
        };
        problems.push(message);
    }
    problems
}
