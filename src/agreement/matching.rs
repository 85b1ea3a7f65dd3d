//! Matching one annotator's spans and relations against another's.
//!
//! Exact: an entity matches when start, end and label are equal; a relation
//! when its label and both ends (start, end, label) are equal, either way
//! round for a symmetric relation type.
//!
//! Lenient (entities only): within one document, spans of the two annotators
//! with the same label that share at least one character are candidates.
//! Candidates are paired one to one, greedily: the pair sharing the most
//! characters first; on a tie an exact match first, then the earlier span of
//! the first annotator, then the earlier span of the second. Each span is
//! used at most once, so lenient F1 is never below exact F1.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::keys::{RelationKey, SpanKey};

/// How many items each side has and how many of them match, for one label
/// or over all labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MatchCounts {
    /// Items of the first annotator (`a`).
    pub a: usize,
    /// Items of the second annotator (`b`).
    pub b: usize,
    pub matched: usize,
}

impl MatchCounts {
    pub fn add(&mut self, other: Self) {
        self.a += other.a;
        self.b += other.b;
        self.matched += other.matched;
    }

    /// 2·matched / (a + b); `None` when neither side has anything.
    pub fn f1(&self) -> Option<f64> {
        let total = self.a + self.b;
        (total > 0).then(|| 2.0 * self.matched as f64 / total as f64)
    }

    /// With `a` taken as the reference: the share of `b`'s items that match.
    pub fn precision(&self) -> Option<f64> {
        (self.b > 0).then(|| self.matched as f64 / self.b as f64)
    }

    /// With `a` taken as the reference: the share of `a`'s items matched.
    pub fn recall(&self) -> Option<f64> {
        (self.a > 0).then(|| self.matched as f64 / self.a as f64)
    }
}

/// Counts per label of exact span matches between two annotators' entities
/// in one document.
pub fn exact_span_matches(a: &BTreeSet<SpanKey>, b: &BTreeSet<SpanKey>) -> BTreeMap<String, MatchCounts> {
    let mut counts: BTreeMap<String, MatchCounts> = BTreeMap::new();
    for key in a {
        let entry = counts.entry(key.label.clone()).or_default();
        entry.a += 1;
        entry.matched += usize::from(b.contains(key));
    }
    for key in b {
        counts.entry(key.label.clone()).or_default().b += 1;
    }
    counts
}

/// Counts per label of lenient span matches (see the module docs).
pub fn lenient_span_matches(a: &BTreeSet<SpanKey>, b: &BTreeSet<SpanKey>) -> BTreeMap<String, MatchCounts> {
    lenient_pairs(a, b)
        .into_iter()
        .fold(exact_totals(a, b), |mut counts, (key_a, _)| {
            counts.entry(key_a.label.clone()).or_default().matched += 1;
            counts
        })
}

/// The lenient one-to-one pairing of `a`'s spans with `b`'s.
pub fn lenient_pairs<'k>(a: &'k BTreeSet<SpanKey>, b: &'k BTreeSet<SpanKey>) -> Vec<(&'k SpanKey, &'k SpanKey)> {
    let mut candidates: Vec<(&SpanKey, &SpanKey)> = Vec::new();
    for key_a in a {
        // Both sets are sorted by start: only spans starting before key_a
        // ends can overlap it.
        for key_b in b.iter().take_while(|k| k.start < key_a.end) {
            if key_a.label == key_b.label && key_a.overlaps(key_b) {
                candidates.push((key_a, key_b));
            }
        }
    }
    candidates.sort_by(|(a1, b1), (a2, b2)| {
        a2.shared_len(b2)
            .cmp(&a1.shared_len(b1))
            .then((a1 != b1).cmp(&(a2 != b2)))
            .then(a1.cmp(a2))
            .then(b1.cmp(b2))
    });
    let mut used_a = BTreeSet::new();
    let mut used_b = BTreeSet::new();
    candidates
        .into_iter()
        .filter(|(key_a, key_b)| {
            if used_a.contains(key_a) || used_b.contains(key_b) {
                return false;
            }
            used_a.insert(*key_a);
            used_b.insert(*key_b);
            true
        })
        .collect()
}

fn exact_totals(a: &BTreeSet<SpanKey>, b: &BTreeSet<SpanKey>) -> BTreeMap<String, MatchCounts> {
    let mut counts: BTreeMap<String, MatchCounts> = BTreeMap::new();
    for key in a {
        counts.entry(key.label.clone()).or_default().a += 1;
    }
    for key in b {
        counts.entry(key.label.clone()).or_default().b += 1;
    }
    counts
}

/// Counts per relation label of exact relation matches in one document.
pub fn relation_matches(a: &BTreeSet<RelationKey>, b: &BTreeSet<RelationKey>) -> BTreeMap<String, MatchCounts> {
    let mut counts: BTreeMap<String, MatchCounts> = BTreeMap::new();
    for key in a {
        let entry = counts.entry(key.label.clone()).or_default();
        entry.a += 1;
        entry.matched += usize::from(b.contains(key));
    }
    for key in b {
        counts.entry(key.label.clone()).or_default().b += 1;
    }
    counts
}

/// Adds per-label counts into a running total.
pub fn add_counts(total: &mut BTreeMap<String, MatchCounts>, more: BTreeMap<String, MatchCounts>) {
    for (label, counts) in more {
        total.entry(label).or_default().add(counts);
    }
}

/// The counts over all labels.
pub fn overall(counts: &BTreeMap<String, MatchCounts>) -> MatchCounts {
    counts.values().fold(MatchCounts::default(), |mut sum, c| {
        sum.add(*c);
        sum
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(spans: &[(usize, usize, &str)]) -> BTreeSet<SpanKey> {
        spans.iter().map(|&(s, e, l)| SpanKey::new(s, e, l)).collect()
    }

    #[test]
    fn exact_f1_counts_equal_offsets_and_label_only() {
        let a = keys(&[(0, 5, "PERSON"), (10, 15, "ORG"), (20, 25, "DATE")]);
        let b = keys(&[(0, 5, "PERSON"), (10, 15, "COUNTRY"), (20, 26, "DATE")]);
        let counts = exact_span_matches(&a, &b);
        let all = overall(&counts);
        assert_eq!((all.a, all.b, all.matched), (3, 3, 1));
        assert_eq!(all.f1(), Some(2.0 / 6.0));
        assert_eq!(counts["ORG"].f1(), Some(0.0));
        assert_eq!(counts["COUNTRY"].precision(), Some(0.0));
        assert_eq!(counts["COUNTRY"].recall(), None);
    }

    #[test]
    fn lenient_matching_is_one_to_one_and_prefers_the_largest_overlap() {
        // a1 = 0..10 could pair with b1 = 0..3 or b2 = 2..12; it takes b2
        // (8 shared characters), leaving b1 for a2 = 0..3 (exact).
        let a = keys(&[(0, 10, "EVENT"), (0, 3, "EVENT"), (30, 35, "ORG")]);
        let b = keys(&[(0, 3, "EVENT"), (2, 12, "EVENT"), (30, 35, "PERSON"), (40, 45, "ORG")]);
        let pairs = lenient_pairs(&a, &b);
        let shown: Vec<_> = pairs
            .iter()
            .map(|(x, y)| ((x.start, x.end), (y.start, y.end)))
            .collect();
        assert_eq!(shown, [((0, 10), (2, 12)), ((0, 3), (0, 3))]);
        let all = overall(&lenient_span_matches(&a, &b));
        assert_eq!((all.a, all.b, all.matched), (3, 4, 2));
    }

    #[test]
    fn an_exact_match_wins_a_tie() {
        // a = 0..10 shares 10 characters with both b = 0..10 and b = 0..11.
        let a = keys(&[(0, 10, "EVENT"), (0, 11, "EVENT")]);
        let b = keys(&[(0, 10, "EVENT")]);
        let pairs = lenient_pairs(&a, &b);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].0, pairs[0].1);
    }

    #[test]
    fn nothing_annotated_gives_no_f1_rather_than_nan() {
        let none = BTreeSet::new();
        assert_eq!(overall(&exact_span_matches(&none, &none)).f1(), None);
    }
}
