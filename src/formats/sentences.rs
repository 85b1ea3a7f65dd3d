//! The sentence splitter of CoNLL export: the Unicode sentence boundaries of
//! UAX #29. A line break ends a sentence; so does a full stop followed by a
//! space and a capital, even after an abbreviation ("Mr. Smith" is split).
//! CoNLL export never splits inside an entity: it joins the sentences an
//! entity spans.

use unicode_segmentation::UnicodeSegmentation as _;

use crate::text::Document;

/// The code-point offsets where each sentence of `document` starts, in
/// order; the first is 0.
pub fn sentence_starts(document: &Document) -> Vec<usize> {
    document
        .text()
        .split_sentence_bound_indices()
        .filter_map(|(byte, _)| document.char_of_byte(byte))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_and_line_breaks() {
        let doc = Document::from_text("d", "Italy signed. Pakistan agreed\r\nto 🇪🇺 quotas.");
        let starts = sentence_starts(&doc);
        assert_eq!(starts, [0, 14, 31]);
        assert_eq!(doc.slice(14, 31), Some("Pakistan agreed\r\n"));
    }
}
