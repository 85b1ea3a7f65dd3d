//! The string-matching recommender: once a text has been labelled somewhere
//! in the project, its other occurrences are offered as suggestions. An
//! occurrence counts only as whole words: it must start and end on token
//! edges of [`crate::text::tokenize`]. Matching is exact, or ignores case
//! character by character.

use std::collections::{BTreeMap, HashMap};

use crate::annotations::{AnnotationFile, AnnotationSet};
use crate::project::Project;
use crate::schema::LabelSchema;
use crate::text::{Document, tokenize};

use super::Suggestion;
use super::accept::{AcceptPlan, accept};

/// The source name of suggestions made by string matching.
pub const STRING_MATCH_SOURCE: &str = "string-match";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatchOptions {
    pub case_sensitive: bool,
}

/// Texts labelled in the project, with how often each label was given.
#[derive(Clone, Debug, Default)]
pub struct LabelledTexts {
    counts: BTreeMap<String, BTreeMap<String, usize>>,
}

impl LabelledTexts {
    /// Counts the labelled texts of `set`, e.g. the document being edited.
    pub fn add_set(&mut self, document: &Document, set: &AnnotationSet) {
        for entity in set.entities() {
            if let Some(text) = document.slice(entity.start, entity.end) {
                self.add(text, &entity.label);
            }
        }
    }

    pub fn add(&mut self, text: &str, label: &str) {
        let text = text.trim();
        if !text.is_empty() {
            *self
                .counts
                .entry(text.to_owned())
                .or_default()
                .entry(label.to_owned())
                .or_default() += 1;
        }
    }

    /// The labelled texts in every annotation file of `annotator` (or of
    /// every annotator), read from the files alone; files that cannot be
    /// read are returned as messages.
    pub fn from_project(project: &Project, annotator: Option<&str>) -> (Self, Vec<String>) {
        let mut texts = Self::default();
        let mut problems = Vec::new();
        let annotators = match annotator {
            Some(name) => vec![name.to_owned()],
            None => project.annotators(),
        };
        for name in &annotators {
            for document in project.documents() {
                let path = project.annotation_path(name, &document.id);
                if !path.exists() {
                    continue;
                }
                match AnnotationFile::load(&path, &project.annotation_file_name(name, &document.id)) {
                    Ok(file) => {
                        for entity in &file.entities {
                            texts.add(&entity.text, &entity.label);
                        }
                    }
                    Err(err) => problems.push(err.to_string()),
                }
            }
        }
        (texts, problems)
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The label most often given to `text` (ties: alphabetical) and the
    /// share of its occurrences that carry it.
    fn favourite(labels: &BTreeMap<String, usize>) -> Option<(&str, f64)> {
        let total: usize = labels.values().sum();
        let (label, count) = labels.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
        Some((label.as_str(), *count as f64 / total as f64))
    }
}

/// A document's characters with its token edges, for whole-word matching.
struct Words {
    chars: Vec<char>,
    /// Token starts by the token's text (lowercased unless matching is
    /// case-sensitive), so a pattern is only compared where its first word
    /// stands.
    starts_by_token: HashMap<String, Vec<usize>>,
    ends: std::collections::HashSet<usize>,
    case_sensitive: bool,
}

impl Words {
    fn new(document: &Document, case_sensitive: bool) -> Self {
        let chars: Vec<char> = document.text().chars().collect();
        let mut starts_by_token: HashMap<String, Vec<usize>> = HashMap::new();
        let mut ends = std::collections::HashSet::new();
        for token in tokenize(document.text()) {
            starts_by_token
                .entry(fold_all(&chars[token.start..token.end], case_sensitive))
                .or_default()
                .push(token.start);
            ends.insert(token.end);
        }
        Self {
            chars,
            starts_by_token,
            ends,
            case_sensitive,
        }
    }

    /// Whole-word occurrences of `pattern`, as code-point spans.
    fn find(&self, pattern: &str) -> Vec<(usize, usize)> {
        let Some(first_word) = tokenize(pattern).first().copied() else {
            return Vec::new();
        };
        let pattern: Vec<char> = pattern.chars().collect();
        if first_word.start != 0 {
            return Vec::new();
        }
        let first = fold_all(&pattern[first_word.start..first_word.end], self.case_sensitive);
        let Some(starts) = self.starts_by_token.get(&first) else {
            return Vec::new();
        };
        starts
            .iter()
            .filter_map(|&start| {
                let end = start + pattern.len();
                let candidate = self.chars.get(start..end)?;
                let same = candidate
                    .iter()
                    .zip(&pattern)
                    .all(|(&a, &b)| a == b || (!self.case_sensitive && fold(a, false) == fold(b, false)));
                (same && self.ends.contains(&end)).then_some((start, end))
            })
            .collect()
    }
}

fn fold_all(chars: &[char], case_sensitive: bool) -> String {
    chars.iter().map(|&c| fold(c, case_sensitive)).collect()
}

fn fold(c: char, case_sensitive: bool) -> String {
    if case_sensitive {
        c.to_string()
    } else {
        c.to_lowercase().collect()
    }
}

/// Whole-word occurrences of `text` in `document`.
pub fn occurrences(document: &Document, text: &str, options: MatchOptions) -> Vec<(usize, usize)> {
    Words::new(document, options.case_sensitive).find(text.trim())
}

/// Other occurrences of the texts in `known`, each with the label most often
/// given to its text, less those where `set` already has an entity of that
/// label overlapping them.
pub fn string_match_suggestions(
    document: &Document,
    set: &AnnotationSet,
    known: &LabelledTexts,
    options: MatchOptions,
) -> Vec<Suggestion> {
    let words = Words::new(document, options.case_sensitive);
    let mut suggestions = Vec::new();
    for (text, labels) in &known.counts {
        let Some((label, share)) = LabelledTexts::favourite(labels) else {
            continue;
        };
        for (start, end) in words.find(text) {
            if set.entities_overlapping(start, end).any(|e| e.label == label) {
                continue;
            }
            if suggestions
                .iter()
                .any(|s: &Suggestion| s.same_entity(label, start, end))
            {
                continue;
            }
            suggestions.push(Suggestion {
                source: STRING_MATCH_SOURCE.to_owned(),
                label: label.to_owned(),
                start,
                end,
                text: document.slice(start, end).unwrap_or_default().to_owned(),
                score: Some(share),
                attributes: BTreeMap::new(),
            });
        }
    }
    suggestions.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    suggestions
}

/// The edit that labels every whole-word occurrence of `text` in `document`
/// as `label`: one batch, undone in one step. Occurrences already annotated
/// with that label are skipped, as are any the schema refuses (listed with
/// the reason).
pub fn label_all_occurrences(
    document: &Document,
    set: &AnnotationSet,
    schema: &LabelSchema,
    text: &str,
    label: &str,
    options: MatchOptions,
) -> AcceptPlan {
    let candidates: Vec<Suggestion> = occurrences(document, text, options)
        .into_iter()
        .map(|(start, end)| Suggestion {
            source: STRING_MATCH_SOURCE.to_owned(),
            label: label.to_owned(),
            start,
            end,
            text: document.slice(start, end).unwrap_or_default().to_owned(),
            score: None,
            attributes: BTreeMap::new(),
        })
        .collect();
    accept(set, schema, document.char_len(), &candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Entity, Status};

    #[test]
    fn whole_words_only_and_case_as_asked() {
        let doc = Document::from_text("d", "Italy and ITALY; Italyan italy 🇮🇹 Italy.");
        let exact = occurrences(&doc, "Italy", MatchOptions { case_sensitive: true });
        let texts: Vec<&str> = exact.iter().map(|&(s, e)| doc.slice(s, e).unwrap()).collect();
        assert_eq!(exact.len(), 2, "{texts:?}");
        let any_case = occurrences(&doc, "italy", MatchOptions { case_sensitive: false });
        assert_eq!(any_case.len(), 4);
        assert_eq!(any_case.last(), Some(&(34, 39)));
    }

    #[test]
    fn suggestions_skip_what_is_labelled_and_take_the_favourite_label() {
        let doc = Document::from_text("d", "Rome hosts. Rome agrees. Rome.");
        let set = AnnotationSet::from_parts(vec![Entity::new("e1", "LOCATION", 0, 4)], vec![], Status::Todo);
        let mut known = LabelledTexts::default();
        known.add_set(&doc, &set);
        known.add("Rome", "LOCATION");
        known.add("Rome", "ORG");
        let found = string_match_suggestions(&doc, &set, &known, MatchOptions::default());
        let spans: Vec<(usize, usize, &str)> = found.iter().map(|s| (s.start, s.end, s.label.as_str())).collect();
        assert_eq!(spans, [(12, 16, "LOCATION"), (25, 29, "LOCATION")]);
        let share = found[0].score.unwrap();
        assert!((share - 2.0 / 3.0).abs() < 1e-9);
    }
}
