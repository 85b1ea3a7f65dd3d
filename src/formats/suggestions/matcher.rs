//! Whole-word matching of every labelled text at once: one Aho–Corasick
//! automaton over the (case-folded) texts and one pass over the document,
//! so the work grows with the document and the number of matches, not with
//! their product. A [`StringMatcher`] keeps the matches of one document and
//! brings its suggestions up to date after an edit by recomputing only the
//! paragraphs the edit touched and the texts whose label changed.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use aho_corasick::{AhoCorasick, MatchKind};

use crate::annotations::AnnotationSet;
use crate::text::{Document, tokenize};

use super::recommender::LabelledTexts;
use super::{MatchOptions, STRING_MATCH_SOURCE, Suggestion};

/// How many items a job handles between two looks at its cancellation flag.
const CHECK_EVERY: usize = 4_096;

/// A flag a running job checks; set when its result is no longer wanted.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn check(&self) -> Result<(), MatchError> {
        if self.is_cancelled() {
            Err(MatchError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Why matching stopped without a result.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MatchError {
    /// Its [`Cancel`] flag was set: the result is no longer wanted.
    #[error("cancelled")]
    Cancelled,
    #[error("cannot index the labelled texts for matching: {0}")]
    Index(String),
}

/// One whole-word occurrence of a known text: code points, end-exclusive,
/// and the text's index in [`StringMatcher`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Occurrence {
    start: usize,
    end: usize,
    text: usize,
}

/// A string-match suggestion before it is spelled out: its span, the text
/// it matched and that text's favourite label.
#[derive(Clone, Debug, PartialEq)]
pub struct StringMatch {
    pub start: usize,
    pub end: usize,
    pub label: Arc<str>,
    pub score: f64,
}

impl StringMatch {
    pub fn to_suggestion(&self, document: &Document) -> Suggestion {
        Suggestion {
            source: STRING_MATCH_SOURCE.to_owned(),
            label: self.label.to_string(),
            start: self.start,
            end: self.end,
            text: document.slice(self.start, self.end).unwrap_or_default().to_owned(),
            score: Some(self.score),
            attributes: std::collections::BTreeMap::new(),
        }
    }
}

/// A document prepared for matching: its characters, its case-folded text
/// with where each character's fold starts, and its token edges.
struct MatchText {
    chars: Vec<char>,
    folded: String,
    /// Byte offset in `folded` where character `i` starts; one more entry
    /// for the end.
    fold_starts: Vec<usize>,
    /// For a character that starts a token, where the token ends.
    token_end_at: HashMap<usize, usize>,
    /// Whether a token ends at code point `i`.
    is_token_end: Vec<bool>,
    case_sensitive: bool,
}

impl MatchText {
    fn new(document: &Document, case_sensitive: bool) -> Self {
        let chars: Vec<char> = document.text().chars().collect();
        let mut folded = String::with_capacity(document.text().len());
        let mut fold_starts = Vec::with_capacity(chars.len() + 1);
        for &c in &chars {
            fold_starts.push(folded.len());
            push_fold(&mut folded, c, case_sensitive);
        }
        fold_starts.push(folded.len());
        let mut token_end_at = HashMap::new();
        let mut is_token_end = vec![false; chars.len() + 1];
        for token in tokenize(document.text()) {
            token_end_at.insert(token.start, token.end);
            is_token_end[token.end] = true;
        }
        Self {
            chars,
            folded,
            fold_starts,
            token_end_at,
            is_token_end,
            case_sensitive,
        }
    }

    fn char_at_fold_byte(&self, byte: usize) -> Option<usize> {
        self.fold_starts.binary_search(&byte).ok()
    }

    /// The line (paragraph) around `start..end`, as code points.
    fn paragraph_around(&self, start: usize, end: usize) -> (usize, usize) {
        let start = start.min(self.chars.len());
        let end = end.clamp(start, self.chars.len());
        let from = self.chars[..start]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |i| i + 1);
        let to = self.chars[end..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(self.chars.len(), |i| end + i);
        (from, to)
    }
}

fn push_fold(out: &mut String, c: char, case_sensitive: bool) {
    if case_sensitive {
        out.push(c);
    } else {
        out.extend(c.to_lowercase());
    }
}

fn fold_chars(chars: &[char], case_sensitive: bool) -> String {
    let mut out = String::new();
    for &c in chars {
        push_fold(&mut out, c, case_sensitive);
    }
    out
}

fn same_char(a: char, b: char, case_sensitive: bool) -> bool {
    a == b || (!case_sensitive && a.to_lowercase().eq(b.to_lowercase()))
}

/// A known text as a pattern: its characters and its first word, folded.
struct Pattern {
    chars: Vec<char>,
    first_word: String,
}

impl Pattern {
    /// `None` for a text that cannot match as whole words (it does not
    /// start with a word).
    fn new(text: &str, case_sensitive: bool) -> Option<Self> {
        let first = tokenize(text).first().copied()?;
        if first.start != 0 {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let first_word = fold_chars(&chars[first.start..first.end], case_sensitive);
        Some(Self { chars, first_word })
    }

    /// Whether the pattern stands at `start` as whole words.
    fn stands_at(&self, text: &MatchText, start: usize) -> bool {
        let end = start + self.chars.len();
        let Some(candidate) = text.chars.get(start..end) else {
            return false;
        };
        let Some(&token_end) = text.token_end_at.get(&start) else {
            return false;
        };
        text.is_token_end[end]
            && candidate
                .iter()
                .zip(&self.chars)
                .all(|(&a, &b)| same_char(a, b, text.case_sensitive))
            && text
                .chars
                .get(start..token_end)
                .is_some_and(|word| fold_chars(word, text.case_sensitive) == self.first_word)
    }
}

/// The string matches of one document, kept between edits.
pub struct StringMatcher {
    text: MatchText,
    /// Every text ever searched for, by index; a text no longer labelled
    /// anywhere keeps its occurrences but yields no suggestion.
    texts: Vec<String>,
    text_index: HashMap<String, usize>,
    /// Sorted by start, end, then the texts' order.
    occurrences: Vec<Occurrence>,
    /// What the last [`Self::matches`] gave: the favourites it used and
    /// the set it was made against.
    last: Option<LastResult>,
}

struct LastResult {
    favourites: Vec<Option<(Arc<str>, f64)>>,
    entities: Vec<(usize, usize, String)>,
    matches: Vec<StringMatch>,
}

impl StringMatcher {
    pub fn new(document: &Document, options: MatchOptions) -> Self {
        Self {
            text: MatchText::new(document, options.case_sensitive),
            texts: Vec::new(),
            text_index: HashMap::new(),
            occurrences: Vec::new(),
            last: None,
        }
    }

    /// Searches the document for the texts of `known` not searched for yet:
    /// one pass over the document for all of them.
    pub fn add_texts(&mut self, known: &LabelledTexts, cancel: &Cancel) -> Result<(), MatchError> {
        let mut new_texts: Vec<&str> = known
            .texts()
            .filter(|text| !self.text_index.contains_key(*text))
            .collect();
        if new_texts.is_empty() {
            return Ok(());
        }
        // Texts keep the order of `known` (alphabetical): the first of two
        // texts matching the same span wins, as it always has.
        new_texts.sort_unstable();
        let first_index = self.texts.len();
        let mut by_fold: HashMap<String, Vec<(usize, Pattern)>> = HashMap::new();
        for (offset, text) in new_texts.iter().enumerate() {
            if let Some(pattern) = Pattern::new(text, self.text.case_sensitive) {
                let key = fold_chars(&pattern.chars, self.text.case_sensitive);
                by_fold.entry(key).or_default().push((first_index + offset, pattern));
            }
        }
        let (folds, groups): (Vec<String>, Vec<Vec<(usize, Pattern)>>) = by_fold.into_iter().unzip();
        let mut found = Vec::new();
        if !folds.is_empty() {
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&folds)
                .map_err(|err| MatchError::Index(err.to_string()))?;
            for (seen, hit) in automaton.find_overlapping_iter(&self.text.folded).enumerate() {
                if seen.is_multiple_of(CHECK_EVERY) {
                    cancel.check()?;
                }
                let (Some(start), Some(_)) = (
                    self.text.char_at_fold_byte(hit.start()),
                    self.text.char_at_fold_byte(hit.end()),
                ) else {
                    continue;
                };
                for (index, pattern) in &groups[hit.pattern().as_usize()] {
                    if pattern.stands_at(&self.text, start) {
                        found.push(Occurrence {
                            start,
                            end: start + pattern.chars.len(),
                            text: *index,
                        });
                    }
                }
            }
        }
        cancel.check()?;
        for text in new_texts {
            self.text_index.insert(text.to_owned(), self.texts.len());
            self.texts.push(text.to_owned());
        }
        self.occurrences.extend(found);
        self.occurrences
            .sort_unstable_by(|a, b| (a.start, a.end, &self.texts[a.text]).cmp(&(b.start, b.end, &self.texts[b.text])));
        Ok(())
    }

    /// The spans where any known text stands, in order, each once.
    pub fn spans(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut last = None;
        self.occurrences.iter().filter_map(move |o| {
            let span = (o.start, o.end);
            (last.replace(span) != Some(span)).then_some(span)
        })
    }

    /// The suggestions: every occurrence with its text's favourite label,
    /// less those where `set` has an entity of that label overlapping it,
    /// one per span and label, sorted by start, end and label. After an
    /// edit only the paragraphs it touched and the texts whose favourite
    /// changed are worked out again.
    pub fn matches(
        &mut self,
        known: &LabelledTexts,
        set: &AnnotationSet,
        cancel: &Cancel,
    ) -> Result<&[StringMatch], MatchError> {
        self.add_texts(known, cancel)?;
        let favourites: Vec<Option<(Arc<str>, f64)>> = self
            .texts
            .iter()
            .map(|text| known.favourite_of(text).map(|(label, share)| (Arc::from(label), share)))
            .collect();
        let entities: Vec<(usize, usize, String)> = set
            .entities()
            .iter()
            .map(|e| (e.start, e.end, e.label.clone()))
            .collect();
        let matches = match self.last.take() {
            Some(last) => self.update(last, &favourites, &entities, set, cancel)?,
            None => self.compute_all(&favourites, set, cancel)?,
        };
        let last = self.last.insert(LastResult {
            favourites,
            entities,
            matches,
        });
        Ok(&last.matches)
    }

    fn compute_all(
        &self,
        favourites: &[Option<(Arc<str>, f64)>],
        set: &AnnotationSet,
        cancel: &Cancel,
    ) -> Result<Vec<StringMatch>, MatchError> {
        let mut out = Vec::new();
        let mut at = 0;
        for round in 0_usize.. {
            if at >= self.occurrences.len() {
                break;
            }
            if round.is_multiple_of(CHECK_EVERY) {
                cancel.check()?;
            }
            let span_end = self.span_group_end(at);
            self.suggest_span(&self.occurrences[at..span_end], favourites, set, &mut out);
            at = span_end;
        }
        Ok(out)
    }

    /// Keeps the last result for the spans the edit cannot have changed and
    /// works out the others again.
    fn update(
        &self,
        last: LastResult,
        favourites: &[Option<(Arc<str>, f64)>],
        entities: &[(usize, usize, String)],
        set: &AnnotationSet,
        cancel: &Cancel,
    ) -> Result<Vec<StringMatch>, MatchError> {
        let changed_texts: Vec<bool> = favourites
            .iter()
            .enumerate()
            .map(|(i, now)| last.favourites.get(i) != Some(now))
            .collect();
        let touched = self.touched_paragraphs(&last.entities, entities);
        let mut out = Vec::with_capacity(last.matches.len());
        let mut previous = last.matches.into_iter().peekable();
        let mut touched_at = 0;
        let mut at = 0;
        for round in 0_usize.. {
            if at >= self.occurrences.len() {
                break;
            }
            if round.is_multiple_of(CHECK_EVERY) {
                cancel.check()?;
            }
            let span_end = self.span_group_end(at);
            let group = &self.occurrences[at..span_end];
            let (start, end) = (group[0].start, group[0].end);
            while touched.get(touched_at).is_some_and(|&(_, to)| to <= start) {
                touched_at += 1;
            }
            // Ranges are sorted and disjoint: only the first one ending after
            // `start` can overlap the span.
            let in_touched = touched.get(touched_at).is_some_and(|&(from, _)| from < end);
            let dirty = in_touched || group.iter().any(|o| changed_texts[o.text]);
            while previous.peek().is_some_and(|m| (m.start, m.end) < (start, end)) {
                previous.next();
            }
            if dirty {
                while previous.peek().is_some_and(|m| (m.start, m.end) == (start, end)) {
                    previous.next();
                }
                self.suggest_span(group, favourites, set, &mut out);
            } else {
                while let Some(kept) = previous.next_if(|m| (m.start, m.end) == (start, end)) {
                    out.push(kept);
                }
            }
            at = span_end;
        }
        Ok(out)
    }

    /// The end of the run of occurrences sharing the span of the one at `at`.
    fn span_group_end(&self, at: usize) -> usize {
        let (start, end) = (self.occurrences[at].start, self.occurrences[at].end);
        at + self.occurrences[at..]
            .iter()
            .take_while(|o| o.start == start && o.end == end)
            .count()
    }

    /// The suggestions of one span: one per label, from the first text
    /// (in the texts' order) carrying it.
    fn suggest_span(
        &self,
        group: &[Occurrence],
        favourites: &[Option<(Arc<str>, f64)>],
        set: &AnnotationSet,
        out: &mut Vec<StringMatch>,
    ) {
        let first_new = out.len();
        for occurrence in group {
            let Some((label, share)) = &favourites[occurrence.text] else {
                continue;
            };
            if set
                .entities_overlapping(occurrence.start, occurrence.end)
                .any(|e| e.label == **label)
            {
                continue;
            }
            if out[first_new..].iter().any(|m| m.label == *label) {
                continue;
            }
            out.push(StringMatch {
                start: occurrence.start,
                end: occurrence.end,
                label: label.clone(),
                score: *share,
            });
        }
        out[first_new..].sort_by(|a, b| a.label.cmp(&b.label));
    }

    /// The paragraphs around every entity added, removed or changed between
    /// `before` and `after` (both sorted as a set keeps them), merged and
    /// sorted.
    fn touched_paragraphs(
        &self,
        before: &[(usize, usize, String)],
        after: &[(usize, usize, String)],
    ) -> Vec<(usize, usize)> {
        let mut old: Vec<&(usize, usize, String)> = before.iter().collect();
        let mut new: Vec<&(usize, usize, String)> = after.iter().collect();
        old.sort_unstable();
        new.sort_unstable();
        let mut changed = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            match (old.get(i), new.get(j)) {
                (Some(a), Some(b)) if a == b => {
                    i += 1;
                    j += 1;
                }
                (Some(a), Some(b)) if a < b => {
                    changed.push((a.0, a.1));
                    i += 1;
                }
                (Some(_), Some(b)) | (None, Some(b)) => {
                    changed.push((b.0, b.1));
                    j += 1;
                }
                (Some(a), None) => {
                    changed.push((a.0, a.1));
                    i += 1;
                }
                (None, None) => break,
            }
        }
        let mut ranges: Vec<(usize, usize)> = changed
            .into_iter()
            .map(|(start, end)| self.text.paragraph_around(start, end))
            .map(|(from, to)| (from, to.max(from + 1)))
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for (from, to) in ranges {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        merged
    }
}
