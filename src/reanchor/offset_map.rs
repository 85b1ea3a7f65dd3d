//! Where each character of the old text went in the new one.
//!
//! The texts are diffed word by word first (UAX #29 word boundaries, spaces
//! and punctuation included), so that a moved sentence is seen as moved
//! rather than matched letter by letter against unrelated words; within each
//! changed stretch a diff by code point then finds what survived of it.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};
use unicode_segmentation::UnicodeSegmentation as _;

/// Long or very different texts get a coarser diff rather than a long wait.
const DIFF_TIME_LIMIT: Duration = Duration::from_secs(2);

/// How an old span fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SpanFate {
    /// Every character survived, in one piece, at this new span.
    Intact(usize, usize),
    /// Some characters survived (`kept` of them); the new span runs from the
    /// first to the last.
    Partial { start: usize, end: usize, kept: usize },
    /// No character survived.
    Gone,
}

/// The stretches the two texts share: `(old start, new start, length)`, in
/// code points, in text order.
#[derive(Clone, Debug)]
pub(super) struct OffsetMap {
    equal: Vec<(usize, usize, usize)>,
}

/// A text cut at word boundaries, with the code-point offset of each piece.
struct Words<'a> {
    pieces: Vec<&'a str>,
    /// `starts[i]` is where piece `i` starts; one extra entry for the end.
    starts: Vec<usize>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        let pieces: Vec<&str> = text.split_word_bounds().collect();
        let mut starts = Vec::with_capacity(pieces.len() + 1);
        let mut at = 0;
        for piece in &pieces {
            starts.push(at);
            at += piece.chars().count();
        }
        starts.push(at);
        Self { pieces, starts }
    }
}

impl OffsetMap {
    pub(super) fn between(old: &str, new: &str) -> Self {
        let deadline = Some(Instant::now() + DIFF_TIME_LIMIT);
        let (old_words, new_words) = (Words::new(old), Words::new(new));
        let (old_chars, new_chars): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
        let ops =
            similar::capture_diff_slices_deadline(Algorithm::Myers, &old_words.pieces, &new_words.pieces, deadline);
        let mut equal = Vec::new();
        // A changed stretch: pieces from these indexes on, until the next equal run.
        let mut changed_from: Option<(usize, usize)> = None;
        let close_changed =
            |equal: &mut Vec<(usize, usize, usize)>, from: Option<(usize, usize)>, to: (usize, usize)| {
                if let Some((old_from, new_from)) = from {
                    let old_range = old_words.starts[old_from]..old_words.starts[to.0];
                    let new_range = new_words.starts[new_from]..new_words.starts[to.1];
                    equal_chars(&old_chars, old_range, &new_chars, new_range, deadline, equal);
                }
            };
        for op in ops {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    close_changed(&mut equal, changed_from.take(), (old_index, new_index));
                    let old_start = old_words.starts[old_index];
                    let chars = old_words.starts[old_index + len] - old_start;
                    equal.push((old_start, new_words.starts[new_index], chars));
                }
                other => {
                    let (_, old_range, new_range) = other.as_tag_tuple();
                    changed_from.get_or_insert((old_range.start, new_range.start));
                }
            }
        }
        close_changed(
            &mut equal,
            changed_from,
            (old_words.pieces.len(), new_words.pieces.len()),
        );
        Self { equal }
    }

    /// The new offset of old character `old`, if it survived.
    fn map(&self, old: usize) -> Option<usize> {
        let run = self.equal.partition_point(|&(start, _, len)| start + len <= old);
        let &(start, new_start, _) = self.equal.get(run)?;
        (start <= old).then(|| new_start + (old - start))
    }

    /// Where old offset `old` would be in the new text: the place after the
    /// last character before it that survived.
    pub(super) fn approximate(&self, old: usize) -> usize {
        if let Some(mapped) = self.map(old) {
            return mapped;
        }
        let run = self.equal.partition_point(|&(start, _, _)| start < old);
        match run.checked_sub(1).and_then(|i| self.equal.get(i)) {
            Some(&(start, new_start, len)) => new_start + len.min(old - start),
            None => 0,
        }
    }

    pub(super) fn span(&self, start: usize, end: usize) -> SpanFate {
        if start >= end {
            return SpanFate::Gone;
        }
        let first_run = self.equal.partition_point(|&(s, _, len)| s + len <= start);
        let mut first = None;
        let mut last = None;
        let mut kept = 0;
        for &(old_start, new_start, len) in &self.equal[first_run..] {
            if old_start >= end {
                break;
            }
            let from = old_start.max(start);
            let to = (old_start + len).min(end);
            if from < to {
                kept += to - from;
                first.get_or_insert(new_start + (from - old_start));
                last = Some(new_start + (to - old_start));
                if (from, to) == (start, end) {
                    return SpanFate::Intact(new_start + (from - old_start), new_start + (to - old_start));
                }
            }
        }
        match (first, last) {
            (Some(first), Some(last)) => SpanFate::Partial {
                start: first,
                end: last,
                kept,
            },
            _ => SpanFate::Gone,
        }
    }
}

/// Adds the characters that `old[old_range]` and `new[new_range]` share to
/// `equal`, with offsets in the whole texts.
fn equal_chars(
    old: &[char],
    old_range: std::ops::Range<usize>,
    new: &[char],
    new_range: std::ops::Range<usize>,
    deadline: Option<Instant>,
    equal: &mut Vec<(usize, usize, usize)>,
) {
    let (Some(old_part), Some(new_part)) = (old.get(old_range.clone()), new.get(new_range.clone())) else {
        return;
    };
    if old_part.is_empty() || new_part.is_empty() {
        return;
    }
    for op in similar::capture_diff_slices_deadline(Algorithm::Myers, old_part, new_part, deadline) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            equal.push((old_range.start + old_index, new_range.start + new_index, len));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_insertions_and_report_changes() {
        let old = "The minister met the mayor.";
        let new = "Yesterday the minister met the new mayor.";
        let map = OffsetMap::between(old, new);
        // "minister" (4..12) moved by the inserted "Yesterday t" minus "T".
        assert_eq!(map.span(4, 12), SpanFate::Intact(14, 22));
        // "the mayor" (17..26) now has "new " inside it.
        assert_eq!(
            map.span(17, 26),
            SpanFate::Partial {
                start: 27,
                end: 40,
                kept: 9
            }
        );
        assert_eq!(map.approximate(26), 40);
    }

    #[test]
    fn a_moved_sentence_is_not_matched_letter_by_letter() {
        let old = "Britain looks abroad. Police in Italy act. Leaders met.";
        let new = "Police in Italy act. Leaders met. Britain looks abroad.";
        let map = OffsetMap::between(old, new);
        assert_eq!(map.span(0, 7), SpanFate::Gone);
        assert_eq!(map.span(32, 37), SpanFate::Intact(10, 15));
    }

    #[test]
    fn an_edited_word_keeps_what_survived_of_it() {
        let map = OffsetMap::between("met Meloni in Rome", "met Melloni in Rome");
        assert_eq!(
            map.span(4, 10),
            SpanFate::Partial {
                start: 4,
                end: 11,
                kept: 6
            }
        );
        assert_eq!(map.span(14, 18), SpanFate::Intact(15, 19));
    }

    #[test]
    fn a_deleted_span_is_gone() {
        let map = OffsetMap::between("keep DROPPED keep", "keep keep");
        assert_eq!(map.span(5, 12), SpanFate::Gone);
        assert_eq!(map.approximate(5), 5);
    }
}
