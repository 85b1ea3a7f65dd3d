//! The string-matching recommender: once a text has been labelled somewhere
//! in the project, its other occurrences are offered as suggestions. An
//! occurrence counts only as whole words: it must start and end on token
//! edges of [`crate::text::tokenize`]. Matching is exact, or ignores case
//! character by character.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::annotations::{AnnotationFile, AnnotationSet};
use crate::project::Project;
use crate::schema::LabelSchema;
use crate::text::Document;

use super::Suggestion;
use super::accept::{AcceptPlan, accept};
use super::matcher::{Cancel, MatchError, StringMatcher};
use super::spans::EntitySpans;

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

    /// The labelled texts, in alphabetical order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.counts.keys().map(String::as_str)
    }

    /// The label most often given to `text` and the share of its
    /// occurrences that carry it; `None` if it was never labelled.
    pub fn favourite_of(&self, text: &str) -> Option<(&str, f64)> {
        Self::favourite(self.counts.get(text)?)
    }

    /// Takes away what [`Self::add_set`] counted for `set`, e.g. before
    /// counting the document again after an edit.
    pub fn remove_set(&mut self, document: &Document, set: &AnnotationSet) {
        for entity in set.entities() {
            if let Some(text) = document.slice(entity.start, entity.end) {
                self.remove(text, &entity.label);
            }
        }
    }

    pub fn remove(&mut self, text: &str, label: &str) {
        let text = text.trim();
        let Some(labels) = self.counts.get_mut(text) else {
            return;
        };
        if let Some(count) = labels.get_mut(label) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                labels.remove(label);
            }
        }
        if labels.is_empty() {
            self.counts.remove(text);
        }
    }

    /// The label most often given to `text` (ties: alphabetical) and the
    /// share of its occurrences that carry it.
    fn favourite(labels: &BTreeMap<String, usize>) -> Option<(&str, f64)> {
        let total: usize = labels.values().sum();
        let (label, count) = labels.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
        Some((label.as_str(), *count as f64 / total as f64))
    }
}

/// Whole-word occurrences of `text` in `document`.
pub fn occurrences(document: &Document, text: &str, options: MatchOptions) -> Vec<(usize, usize)> {
    let mut known = LabelledTexts::default();
    known.add(text, "");
    let Ok(mut matcher) = StringMatcher::new(document, options) else {
        return Vec::new();
    };
    match matcher.add_texts(&known, &Cancel::new()) {
        Ok(()) => matcher.spans().collect(),
        Err(_) => Vec::new(),
    }
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
    try_string_match_suggestions(document, set, known, options).unwrap_or_default()
}

/// [`string_match_suggestions`], saying so when the labelled texts are too
/// many to index at once (beyond 2 GB of text, the only way it fails when
/// nothing cancels it).
pub fn try_string_match_suggestions(
    document: &Document,
    set: &AnnotationSet,
    known: &LabelledTexts,
    options: MatchOptions,
) -> Result<Vec<Suggestion>, MatchError> {
    let mut matcher = StringMatcher::new(document, options)?;
    let matches = matcher.matches(known, Arc::new(EntitySpans::of(set)), &Cancel::new())?;
    Ok(matches.iter().map(|m| m.to_suggestion(document)).collect())
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

    // The matcher used before the index: kept as the reference the index
    // must agree with, suggestion for suggestion and in the same order.
    mod reference {
        use std::collections::{BTreeMap, HashMap};

        use super::super::{LabelledTexts, MatchOptions, STRING_MATCH_SOURCE, Suggestion};
        use crate::annotations::AnnotationSet;
        use crate::text::{Document, tokenize};

        /// A document's characters with its token edges, for whole-word matching.
        pub struct Words {
            chars: Vec<char>,
            /// Token starts by the token's text (lowercased unless matching is
            /// case-sensitive), so a pattern is only compared where its first word
            /// stands.
            starts_by_token: HashMap<String, Vec<usize>>,
            ends: std::collections::HashSet<usize>,
            case_sensitive: bool,
        }

        impl Words {
            pub fn new(document: &Document, case_sensitive: bool) -> Self {
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
            pub fn find(&self, pattern: &str) -> Vec<(usize, usize)> {
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
    }

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

    /// SplitMix64: the random cases are the same on every run.
    struct Rng(u64);

    impl Rng {
        fn new(seed: u64) -> Self {
            Self(seed)
        }

        fn below(&mut self, bound: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % bound.max(1) as u64) as usize
        }
    }

    const WORDS: &[&str] = &[
        "Rome",
        "rome",
        "ROME",
        "New",
        "York",
        "new york",
        "İstanbul",
        "istanbul",
        "Straße",
        "STRASSE",
        "Piantedosi's",
        "Mafia-style",
        "38,816",
        "6.7",
        "🇮🇹",
        "a",
        "A",
        "the",
        "Minister",
        "minister",
        ".",
        ",",
        "-",
        "(",
        ")",
        "\n",
    ];

    fn random_text(rng: &mut Rng, words: usize) -> String {
        let mut text = String::new();
        for _ in 0..words {
            let word = WORDS[rng.below(WORDS.len())];
            text.push_str(word);
            text.push_str(if rng.below(4) == 0 { "" } else { " " });
        }
        text
    }

    fn random_case(seed: u64) -> (Document, AnnotationSet, AnnotationSet, LabelledTexts, LabelledTexts) {
        let mut rng = Rng::new(seed);
        let words = 40 + rng.below(200);
        let text = random_text(&mut rng, words);
        let doc = Document::from_text("d", text);
        let labels = ["PERSON", "ORG", "LOCATION"];
        let mut known = LabelledTexts::default();
        for _ in 0..rng.below(12) {
            let words = 1 + rng.below(3);
            known.add(&random_text(&mut rng, words), labels[rng.below(3)]);
        }
        let tokens = crate::text::tokenize(doc.text());
        let mut entities = Vec::new();
        for n in 0..rng.below(10) {
            if tokens.is_empty() {
                break;
            }
            let first = tokens[rng.below(tokens.len())];
            let last = tokens[(tokens.iter().position(|t| *t == first).unwrap() + rng.below(3)).min(tokens.len() - 1)];
            entities.push(Entity::new(
                format!("e{}", n + 1),
                labels[rng.below(3)],
                first.start,
                last.end,
            ));
        }
        let before = AnnotationSet::from_parts(entities.clone(), vec![], Status::Todo);
        if !tokens.is_empty() {
            let token = tokens[rng.below(tokens.len())];
            entities.push(Entity::new("e99", labels[rng.below(3)], token.start, token.end));
        }
        if entities.len() > 2 {
            entities.remove(rng.below(entities.len() - 1));
        }
        let after = AnnotationSet::from_parts(entities, vec![], Status::Todo);
        let mut known_after = known.clone();
        known_after.add_set(&doc, &after);
        known.add_set(&doc, &before);
        (doc, before, after, known, known_after)
    }

    #[test]
    fn the_index_finds_what_the_pairwise_matcher_found_in_the_same_order() {
        let mut compared = 0;
        for seed in 0..400 {
            let (doc, set, _, known, _) = random_case(seed);
            for case_sensitive in [false, true] {
                let options = MatchOptions { case_sensitive };
                let expected = reference::string_match_suggestions(&doc, &set, &known, options);
                let found = try_string_match_suggestions(&doc, &set, &known, options).unwrap();
                compared += expected.len();
                assert_eq!(
                    found,
                    expected,
                    "seed {seed}, case-sensitive {case_sensitive}: {:?}",
                    doc.text()
                );
            }
        }
        assert!(
            compared > 100,
            "the random cases found too few suggestions to compare ({compared})"
        );
    }

    #[test]
    fn after_an_edit_the_kept_matcher_agrees_with_a_fresh_one() {
        let mut compared = 0;
        for seed in 1_000..1_300 {
            let (doc, before, after, known, known_after) = random_case(seed);
            for case_sensitive in [false, true] {
                let options = MatchOptions { case_sensitive };
                let mut kept = StringMatcher::new(&doc, options).unwrap();
                kept.matches(&known, Arc::new(EntitySpans::of(&before)), &Cancel::new())
                    .unwrap();
                let updated = kept
                    .matches(&known_after, Arc::new(EntitySpans::of(&after)), &Cancel::new())
                    .unwrap()
                    .iter()
                    .collect::<Vec<_>>();
                let fresh = try_string_match_suggestions(&doc, &after, &known_after, options).unwrap();
                let updated: Vec<Suggestion> = updated.iter().map(|m| m.to_suggestion(&doc)).collect();
                compared += fresh.len();
                assert_eq!(updated, fresh, "seed {seed}, case-sensitive {case_sensitive}");
            }
        }
        assert!(
            compared > 100,
            "the random cases found too few suggestions to compare ({compared})"
        );
    }

    #[test]
    fn texts_learnt_in_batches_are_matched_as_if_learnt_at_once() {
        let mut compared = 0;
        for seed in 2_000..2_300 {
            let (doc, set, _, known, _) = random_case(seed);
            // Half the texts first, under another label: the second batch
            // merges into the first and every favourite may change.
            let mut first = LabelledTexts::default();
            for text in known.texts().step_by(2) {
                first.add(text, "PERSON");
            }
            for case_sensitive in [false, true] {
                let options = MatchOptions { case_sensitive };
                let entities = Arc::new(EntitySpans::of(&set));
                let mut kept = StringMatcher::new(&doc, options).unwrap();
                kept.matches(&first, entities.clone(), &Cancel::new()).unwrap();
                let later: Vec<Suggestion> = kept
                    .matches(&known, entities, &Cancel::new())
                    .unwrap()
                    .iter()
                    .map(|m| m.to_suggestion(&doc))
                    .collect();
                let expected = reference::string_match_suggestions(&doc, &set, &known, options);
                compared += expected.len();
                assert_eq!(later, expected, "seed {seed}, case-sensitive {case_sensitive}");
            }
        }
        assert!(
            compared > 100,
            "the random cases found too few suggestions to compare ({compared})"
        );
    }

    #[test]
    fn a_cancelled_job_stops_without_a_result() {
        let (doc, set, _, known, _) = (0..50).map(random_case).find(|c| !c.3.is_empty()).unwrap();
        let cancel = Cancel::new();
        cancel.cancel();
        let mut matcher = StringMatcher::new(&doc, MatchOptions::default()).unwrap();
        assert_eq!(
            matcher.matches(&known, Arc::new(EntitySpans::of(&set)), &cancel).err(),
            Some(MatchError::Cancelled)
        );
    }
}
