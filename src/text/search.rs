//! Finding every occurrence of a string, in code points.

use std::ops::Range;

/// At most this many matches are reported, so a one-letter query stays cheap.
pub const MAX_MATCHES: usize = 10_000;

/// Every non-overlapping occurrence of `query` in `text` as code-point
/// ranges. Case-insensitive matching compares characters by their simple
/// lowercase form, which keeps offsets exact where lowercasing would change a
/// string's length.
pub fn find_all(text: &str, query: &str, case_sensitive: bool) -> Vec<Range<usize>> {
    let fold = |c: char| {
        if case_sensitive {
            c
        } else {
            c.to_lowercase().next().unwrap_or(c)
        }
    };
    let needle: Vec<char> = query.chars().map(fold).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let haystack: Vec<char> = text.chars().map(fold).collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at + needle.len() <= haystack.len() && found.len() < MAX_MATCHES {
        if haystack[at..at + needle.len()] == needle[..] {
            found.push(at..at + needle.len());
            at += needle.len();
        } else {
            at += 1;
        }
    }
    found
}

/// Like [`find_all`], keeping only matches that start and end on word
/// boundaries (no letter or digit just outside them).
pub fn find_whole_words(text: &str, query: &str, case_sensitive: bool) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let is_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    find_all(text, query, case_sensitive)
        .into_iter()
        .filter(|m| (m.start == 0 || !is_word(m.start - 1)) && !is_word(m.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_code_point_ranges_past_emoji() {
        let text = "🚤 Calais, calais and CALAIS";
        assert_eq!(find_all(text, "calais", false), [2..8, 10..16, 21..27]);
        assert_eq!(find_all(text, "calais", true), vec![10..16]);
    }

    #[test]
    fn whole_words_skip_matches_inside_words() {
        assert_eq!(find_whole_words("UK and UKIP, uk", "uk", false), [0..2, 13..15]);
    }
}
