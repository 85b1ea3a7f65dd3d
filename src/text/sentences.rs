//! The one sentence splitter, shared by CoNLL export, the recommender's
//! training data and the window's sentence view: the Unicode sentence
//! boundaries of UAX #29, except after an abbreviation or an initial
//! ("Mr. Smith", "e.g. Italy", "J. Smith" stay one sentence) and before a
//! "sentence" of closing quotes or brackets alone, which stays with the
//! sentence it closes. A line break always ends a sentence. The splitter
//! knows nothing of annotations: CoNLL export, which never splits inside an
//! entity, joins the sentences an entity spans.

use unicode_segmentation::UnicodeSegmentation as _;

use super::{Document, is_abbreviation};

/// The code-point offsets where each sentence of `document` starts, in
/// order; the first is 0.
pub fn sentence_starts(document: &Document) -> Vec<usize> {
    let text = document.text();
    let bounds: Vec<usize> = text.split_sentence_bound_indices().map(|(byte, _)| byte).collect();
    let mut starts = Vec::new();
    for (i, &byte) in bounds.iter().enumerate() {
        let next_end = bounds.get(i + 1).copied().unwrap_or(text.len());
        if i > 0 && (after_abbreviation(&text[..byte]) || only_closing(&text[byte..next_end])) {
            continue;
        }
        if let Some(start) = document.char_of_byte(byte) {
            starts.push(start);
        }
    }
    starts
}

/// Whether `before` ends with an abbreviation followed by spaces only (no
/// line break).
fn after_abbreviation(before: &str) -> bool {
    let trimmed = before.trim_end();
    if before[trimmed.len()..].contains(['\n', '\r']) {
        return false;
    }
    let word = trimmed.rsplit(char::is_whitespace).next().unwrap_or_default();
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    is_abbreviation(word)
}

/// Whether `sentence` starts with a closing quote standing alone (followed
/// by whitespace or nothing), which belongs to the sentence before.
fn only_closing(sentence: &str) -> bool {
    let mut chars = sentence.chars();
    matches!(chars.next(), Some('"' | '\'' | '”' | '’' | '»')) && chars.next().is_none_or(char::is_whitespace)
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

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let doc = Document::from_text("d", "Mr. Smith met Dr. J. Jones, e.g. Tuesday. Then left.");
        assert_eq!(sentence_starts(&doc), [0, 42]);
    }

    #[test]
    fn a_lone_closing_quote_stays_with_its_sentence() {
        let text = "\"We will win. \" he said. Then he left.";
        let doc = Document::from_text("d", text);
        let starts = sentence_starts(&doc);
        let firsts: Vec<&str> = starts.iter().map(|&s| doc.slice(s, s + 4).unwrap()).collect();
        assert_eq!(firsts, ["\"We ", "Then"]);
    }
}
