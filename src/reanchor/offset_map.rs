//! Where each character of the old text went in the new one, from a diff of
//! the two texts in code points.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

/// Long or very different texts get a coarser diff rather than a long wait.
const DIFF_TIME_LIMIT: Duration = Duration::from_secs(2);

/// How an old span fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SpanFate {
    /// Every character survived, in one piece, at this new span.
    Intact(usize, usize),
    /// Some characters survived; the new span runs from the first to the last.
    Partial(usize, usize),
    /// No character survived.
    Gone,
}

/// The stretches the two texts share: `(old start, new start, length)`, in
/// code points, in text order.
#[derive(Clone, Debug)]
pub(super) struct OffsetMap {
    equal: Vec<(usize, usize, usize)>,
}

impl OffsetMap {
    pub(super) fn between(old: &str, new: &str) -> Self {
        let old: Vec<char> = old.chars().collect();
        let new: Vec<char> = new.chars().collect();
        let deadline = Instant::now() + DIFF_TIME_LIMIT;
        let equal = similar::capture_diff_slices_deadline(Algorithm::Myers, &old, &new, Some(deadline))
            .into_iter()
            .filter_map(|op| match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => Some((old_index, new_index, len)),
                _ => None,
            })
            .collect();
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
        for &(old_start, new_start, len) in &self.equal[first_run..] {
            if old_start >= end {
                break;
            }
            let from = old_start.max(start);
            let to = (old_start + len).min(end);
            if from < to {
                first.get_or_insert(new_start + (from - old_start));
                last = Some(new_start + (to - old_start));
                if (from, to) == (start, end) {
                    return SpanFate::Intact(new_start + (from - old_start), new_start + (to - old_start));
                }
            }
        }
        match (first, last) {
            (Some(first), Some(last)) => SpanFate::Partial(first, last),
            _ => SpanFate::Gone,
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
        assert_eq!(map.span(17, 26), SpanFate::Partial(27, 40));
        assert_eq!(map.approximate(26), 40);
    }

    #[test]
    fn a_deleted_span_is_gone() {
        let map = OffsetMap::between("keep DROPPED keep", "keep keep");
        assert_eq!(map.span(5, 12), SpanFate::Gone);
        assert_eq!(map.approximate(5), 5);
    }
}
