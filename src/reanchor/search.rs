//! Finding an entity's stored text in the new text when the diff cannot
//! place it.

use crate::text::Document;

/// The occurrences of a text in a document as seen from an expected place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Found {
    /// Start (code points) of the occurrence nearest the expected place;
    /// the earlier one on a tie.
    pub nearest: usize,
    pub count: usize,
}

/// Occurrences of `needle` in `document`, nearest to code point `expected`.
pub(super) fn nearest_occurrence(document: &Document, needle: &str, expected: usize) -> Option<Found> {
    if needle.is_empty() {
        return None;
    }
    let mut best: Option<usize> = None;
    let mut count = 0;
    let text = document.text();
    let mut from = 0;
    // Overlapping matches count too: "aa" occurs twice in "aaa".
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(needle)) {
        let byte = from + found;
        count += 1;
        if let Some(start) = document.char_of_byte(byte)
            && best.is_none_or(|b| start.abs_diff(expected) < b.abs_diff(expected))
        {
            best = Some(start);
        }
        from = byte + text[byte..].chars().next().map_or(1, char::len_utf8);
    }
    best.map(|nearest| Found { nearest, count })
}

/// Every start (code points) of `needle` in `document`, overlapping ones too.
pub(super) fn occurrences(document: &Document, needle: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    if needle.is_empty() {
        return starts;
    }
    let text = document.text();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(needle)) {
        let byte = from + found;
        starts.extend(document.char_of_byte(byte));
        from = byte + text[byte..].chars().next().map_or(1, char::len_utf8);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_counts_code_points_and_overlaps() {
        let doc = Document::from_text("d", "🇪🇺 UK, UK and UK");
        assert_eq!(nearest_occurrence(&doc, "UK", 9), Some(Found { nearest: 7, count: 3 }));
        let doc = Document::from_text("d", "aaa");
        assert_eq!(nearest_occurrence(&doc, "aa", 5), Some(Found { nearest: 1, count: 2 }));
        assert_eq!(nearest_occurrence(&doc, "b", 0), None);
    }
}
