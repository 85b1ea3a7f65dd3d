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

use crate::text::{Document, tokenize};

use super::recommender::LabelledTexts;
use super::spans::EntitySpans;
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
/// and the text's index in [`StringMatcher`]. A suggestion kept between
/// edits is the occurrence it came from (its label and score are its
/// text's favourite's): twelve bytes for each of hundreds of thousands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Occurrence {
    start: At,
    end: At,
    text: At,
}

impl Occurrence {
    fn span(&self) -> (usize, usize) {
        (self.start as usize, self.end as usize)
    }
}

/// The string-match suggestions of a [`StringMatcher`], sorted by start,
/// end and label, one per span and label.
#[derive(Clone, Copy)]
pub struct Matches<'a> {
    kept: &'a [Occurrence],
    favourites: &'a [Favourite],
}

impl<'a> Matches<'a> {
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    fn label_of(&self, occurrence: &Occurrence) -> &'a str {
        self.favourites[occurrence.text as usize]
            .as_ref()
            .map_or("", |(label, _)| &**label)
    }

    /// Whether a suggestion of `label` at `start..end` is among them.
    pub fn contains(&self, start: usize, end: usize, label: &str) -> bool {
        self.kept
            .binary_search_by(|o| (o.span(), self.label_of(o)).cmp(&((start, end), label)))
            .is_ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = StringMatch> + 'a {
        let favourites = self.favourites;
        self.kept.iter().filter_map(move |o| {
            let (label, score) = favourites[o.text as usize].as_ref()?;
            Some(StringMatch {
                start: o.start as usize,
                end: o.end as usize,
                label: label.clone(),
                score: *score,
            })
        })
    }
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

/// Index type of the per-character and per-byte tables: half the size of
/// `usize`, which matters for a book-length text.
type At = u32;
/// No token starts at this character / no character starts at this byte.
const NONE: At = At::MAX;

/// A document prepared for matching: its characters, its case-folded text
/// with where each character's fold starts, and its token edges, all as
/// flat tables so that checking a hit costs no lookups in maps.
struct MatchText {
    chars: Vec<char>,
    folded: String,
    /// Byte offset in `folded` where character `i` starts; one more entry
    /// for the end.
    fold_starts: Vec<At>,
    /// For each byte of `folded`, the character whose fold starts there,
    /// or [`NONE`]; one more entry for the end.
    char_at_fold: Vec<At>,
    /// For a character that starts a token, where the token ends; [`NONE`]
    /// elsewhere.
    token_end_at: Vec<At>,
    /// Whether a token ends at code point `i`.
    is_token_end: Vec<bool>,
    case_sensitive: bool,
}

impl MatchText {
    fn new(document: &Document, case_sensitive: bool) -> Result<Self, MatchError> {
        let chars: Vec<char> = document.text().chars().collect();
        let mut folded = String::with_capacity(document.text().len());
        let mut fold_starts = Vec::with_capacity(chars.len() + 1);
        for &c in &chars {
            fold_starts.push(folded.len());
            push_fold(&mut folded, c, case_sensitive);
        }
        fold_starts.push(folded.len());
        // Folding can lengthen a text (İ is two characters in lower case).
        if At::try_from(folded.len()).is_err() {
            return Err(MatchError::Index(format!(
                "{} is too long to match in ({} bytes once case-folded)",
                document.id(),
                folded.len()
            )));
        }
        let fold_starts: Vec<At> = fold_starts.into_iter().map(|b| b as At).collect();
        let mut char_at_fold = vec![NONE; folded.len() + 1];
        for (i, &byte) in fold_starts.iter().enumerate() {
            char_at_fold[byte as usize] = i as At;
        }
        let mut token_end_at = vec![NONE; chars.len() + 1];
        let mut is_token_end = vec![false; chars.len() + 1];
        for token in tokenize(document.text()) {
            token_end_at[token.start] = token.end as At;
            is_token_end[token.end] = true;
        }
        Ok(Self {
            chars,
            folded,
            fold_starts,
            char_at_fold,
            token_end_at,
            is_token_end,
            case_sensitive,
        })
    }

    fn char_at_fold_byte(&self, byte: usize) -> Option<usize> {
        self.char_at_fold
            .get(byte)
            .filter(|&&at| at != NONE)
            .map(|&at| at as usize)
    }

    /// The case-folded text of characters `start..end`.
    fn folded_chars(&self, start: usize, end: usize) -> Option<&str> {
        let from = *self.fold_starts.get(start)? as usize;
        let to = *self.fold_starts.get(end)? as usize;
        self.folded.get(from..to)
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
        let token_end = text.token_end_at[start];
        if token_end == NONE || !text.is_token_end[end] {
            return false;
        }
        candidate
            .iter()
            .zip(&self.chars)
            .all(|(&a, &b)| same_char(a, b, text.case_sensitive))
            && text.folded_chars(start, token_end as usize) == Some(self.first_word.as_str())
    }
}

/// The string matches of one document, kept between edits.
pub struct StringMatcher {
    text: MatchText,
    /// Every text ever searched for, by index; a text no longer labelled
    /// anywhere keeps its occurrences but yields no suggestion. Each batch
    /// of new texts is added in alphabetical order.
    texts: Vec<String>,
    text_index: HashMap<String, usize>,
    /// Sorted by start, end, then the texts' alphabetical order.
    occurrences: Vec<Occurrence>,
    /// One shared copy of each label.
    labels: Vec<Arc<str>>,
    /// What the last [`Self::matches`] gave: the favourites it used and
    /// the entities it was made against.
    last: Option<LastResult>,
}

type Favourite = Option<(Arc<str>, f64)>;

/// The copy of `label` in `labels`, added if it is new.
fn shared_label(labels: &mut Vec<Arc<str>>, label: &str) -> Arc<str> {
    if let Some(found) = labels.iter().find(|l| ***l == *label) {
        return found.clone();
    }
    let label: Arc<str> = Arc::from(label);
    labels.push(label.clone());
    label
}

struct LastResult {
    favourites: Vec<Favourite>,
    entities: Arc<EntitySpans>,
    matches: Vec<Occurrence>,
}

impl StringMatcher {
    /// Fails only for a text too long to index (beyond 4 GB once
    /// case-folded).
    pub fn new(document: &Document, options: MatchOptions) -> Result<Self, MatchError> {
        Ok(Self {
            text: MatchText::new(document, options.case_sensitive)?,
            texts: Vec::new(),
            text_index: HashMap::new(),
            occurrences: Vec::new(),
            labels: Vec::new(),
            last: None,
        })
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
                        // Fits: MatchText checked the text's length.
                        found.push(Occurrence {
                            start: start as At,
                            end: (start + pattern.chars.len()) as At,
                            text: *index as At,
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
        // Within one batch the indexes follow the alphabet: the new ones
        // sort by numbers alone and merge into those found before.
        found.sort_unstable();
        let old = std::mem::take(&mut self.occurrences);
        self.occurrences = self.merge(old, found);
        Ok(())
    }

    /// `old` and `new`, each sorted, as one sorted list.
    fn merge(&self, old: Vec<Occurrence>, new: Vec<Occurrence>) -> Vec<Occurrence> {
        if old.is_empty() {
            return new;
        }
        let key = |o: &Occurrence| (o.start, o.end);
        let text = |o: &Occurrence| self.texts[o.text as usize].as_str();
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let mut old = old.into_iter().peekable();
        for occurrence in new {
            while let Some(before) = old.next_if(|o| {
                key(o)
                    .cmp(&key(&occurrence))
                    .then_with(|| text(o).cmp(text(&occurrence)))
                    .is_lt()
            }) {
                merged.push(before);
            }
            merged.push(occurrence);
        }
        merged.extend(old);
        merged
    }

    /// The spans where any known text stands, in order, each once.
    pub fn spans(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut last = None;
        self.occurrences.iter().filter_map(move |o| {
            let span = o.span();
            (last.replace(span) != Some(span)).then_some(span)
        })
    }

    /// The suggestions: every occurrence with its text's favourite label,
    /// less those where `entities` has an entity of that label overlapping
    /// it, one per span and label, sorted by start, end and label. After an
    /// edit only the paragraphs it touched and the texts whose favourite
    /// changed are worked out again.
    pub fn matches(
        &mut self,
        known: &LabelledTexts,
        entities: Arc<EntitySpans>,
        cancel: &Cancel,
    ) -> Result<Matches<'_>, MatchError> {
        self.add_texts(known, cancel)?;
        let Self { texts, labels, .. } = &mut *self;
        let favourites: Vec<Favourite> = texts
            .iter()
            .map(|text| {
                known
                    .favourite_of(text)
                    .map(|(label, share)| (shared_label(labels, label), share))
            })
            .collect();
        let matches = match self.last.take() {
            Some(last) => self.update(last, &favourites, &entities, cancel)?,
            None => self.compute_all(&favourites, &entities, cancel)?,
        };
        let last = self.last.insert(LastResult {
            favourites,
            entities,
            matches,
        });
        Ok(Matches {
            kept: &last.matches,
            favourites: &last.favourites,
        })
    }

    fn compute_all(
        &self,
        favourites: &[Favourite],
        entities: &EntitySpans,
        cancel: &Cancel,
    ) -> Result<Vec<Occurrence>, MatchError> {
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
            self.suggest_span(&self.occurrences[at..span_end], favourites, entities, &mut out);
            at = span_end;
        }
        Ok(out)
    }

    /// Keeps the last result for the spans the edit cannot have changed and
    /// works out the others again.
    fn update(
        &self,
        last: LastResult,
        favourites: &[Favourite],
        entities: &EntitySpans,
        cancel: &Cancel,
    ) -> Result<Vec<Occurrence>, MatchError> {
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
            let (from_char, to_char) = group[0].span();
            while touched.get(touched_at).is_some_and(|&(_, to)| to <= from_char) {
                touched_at += 1;
            }
            // Ranges are sorted and disjoint: only the first one ending after
            // `start` can overlap the span.
            let in_touched = touched.get(touched_at).is_some_and(|&(from, _)| from < to_char);
            let dirty = in_touched || group.iter().any(|o| changed_texts[o.text as usize]);
            while previous.peek().is_some_and(|m| (m.start, m.end) < (start, end)) {
                previous.next();
            }
            if dirty {
                while previous.peek().is_some_and(|m| (m.start, m.end) == (start, end)) {
                    previous.next();
                }
                self.suggest_span(group, favourites, entities, &mut out);
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
        favourites: &[Favourite],
        entities: &EntitySpans,
        out: &mut Vec<Occurrence>,
    ) {
        let label_of = |o: &Occurrence| favourites[o.text as usize].as_ref().map(|(label, _)| label);
        let first_new = out.len();
        for occurrence in group {
            let Some(label) = label_of(occurrence) else {
                continue;
            };
            let (start, end) = occurrence.span();
            if entities.has_overlapping(start, end, label) {
                continue;
            }
            if out[first_new..].iter().any(|m| label_of(m) == Some(label)) {
                continue;
            }
            out.push(*occurrence);
        }
        out[first_new..].sort_by(|a, b| label_of(a).cmp(&label_of(b)));
    }

    /// The paragraphs around every entity added, removed or changed between
    /// `before` and `after`, merged and sorted.
    fn touched_paragraphs(&self, before: &EntitySpans, after: &EntitySpans) -> Vec<(usize, usize)> {
        let (removed, added) = EntitySpans::differences(before, after);
        let mut ranges: Vec<(usize, usize)> = removed
            .into_iter()
            .chain(added)
            .map(|e| self.text.paragraph_around(e.start, e.end))
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
