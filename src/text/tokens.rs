//! The tokenizer that CoNLL export, token-level agreement and the QA checks
//! share, and the word lookups behind selection snapping.
//!
//! Tokens are the Unicode word-boundary segments of UAX #29 with whitespace
//! dropped: "Piantedosi's" is one token, "Mafia-style" is three
//! ("Mafia", "-", "style"), "38,816" and "6.7" are one, each punctuation mark
//! is its own token, and an emoji (flags and ZWJ sequences included) is one.

use unicode_segmentation::UnicodeSegmentation as _;

use super::Document;

/// A token as code-point offsets, end-exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars_before = 0;
    let mut bytes_before = 0;
    for (byte, segment) in text.split_word_bound_indices() {
        chars_before += text[bytes_before..byte].chars().count();
        bytes_before = byte;
        if !segment.chars().all(char::is_whitespace) {
            let len = segment.chars().count();
            tokens.push(Token {
                start: chars_before,
                end: chars_before + len,
            });
        }
    }
    tokens
}

/// Whitespace and punctuation: what an entity should never start or end with.
pub fn is_edge_trimmable(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || is_unicode_punctuation(c)
}

fn is_unicode_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{00A1}' | '\u{00AB}' | '\u{00BB}'
            | '\u{00BF}' | '\u{3001}'..='\u{3003}' | '\u{300C}'..='\u{300F}'
    )
}

/// How far around a position word lookups read; bounds the work on texts
/// with very long lines.
const WINDOW_CHARS: usize = 512;

/// The word segment containing code point `offset`, as code-point offsets;
/// `None` if the character there is whitespace or `offset` is past the end.
pub fn word_at(doc: &Document, offset: usize) -> Option<(usize, usize)> {
    if offset >= doc.char_len() {
        return None;
    }
    let window_start = offset.saturating_sub(WINDOW_CHARS);
    let window_end = (offset + WINDOW_CHARS).min(doc.char_len());
    let window = doc.slice(window_start, window_end)?;
    let mut chars_before = window_start;
    for segment in window.split_word_bounds() {
        let len = segment.chars().count();
        if offset < chars_before + len {
            if segment.chars().all(char::is_whitespace) {
                return None;
            }
            return Some((chars_before, chars_before + len));
        }
        chars_before += len;
    }
    None
}

/// Widens a selection to whole words and trims whitespace from its edges.
/// `None` when nothing but whitespace was selected.
pub fn snap_to_words(doc: &Document, start: usize, end: usize) -> Option<(usize, usize)> {
    let (start, end) = trim_whitespace(doc, start, end.min(doc.char_len()))?;
    let start = word_at(doc, start).map_or(start, |(word_start, _)| word_start);
    let end = word_at(doc, end - 1).map_or(end, |(_, word_end)| word_end);
    Some((start, end))
}

/// Shrinks a selection until it neither starts nor ends with whitespace.
pub fn trim_whitespace(doc: &Document, start: usize, end: usize) -> Option<(usize, usize)> {
    let text = doc.slice(start, end)?;
    let leading = text.chars().take_while(|c| c.is_whitespace()).count();
    let trailing = text.chars().rev().take_while(|c| c.is_whitespace()).count();
    let (start, end) = (start + leading, end.saturating_sub(trailing));
    (start < end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(text)
            .iter()
            .map(|t| chars[t.start..t.end].iter().collect())
            .collect()
    }

    #[test]
    fn tokens_follow_word_boundaries() {
        assert_eq!(
            token_texts("In 2024, 38,816 people crossed 🚤 the “Channel”."),
            [
                "In", "2024", ",", "38,816", "people", "crossed", "🚤", "the", "“", "Channel", "”", "."
            ]
        );
    }

    #[test]
    fn snapping_widens_to_words_and_trims_whitespace() {
        let doc = Document::from_text("d", "Keir Starmer met  Giorgia Meloni.");
        // "ir Starmer m" -> "Keir Starmer met"
        assert_eq!(snap_to_words(&doc, 2, 14), Some((0, 16)));
        // " Giorgia " with surrounding spaces -> "Giorgia"
        assert_eq!(snap_to_words(&doc, 17, 26), Some((18, 25)));
        assert_eq!(snap_to_words(&doc, 16, 18), None);
    }

    #[test]
    fn word_at_handles_multibyte_names() {
        let doc = Document::from_text("d", "Mr Kozłowski 🇵🇱 said");
        assert_eq!(word_at(&doc, 5), Some((3, 12)));
        assert_eq!(word_at(&doc, 13), Some((13, 15)));
        assert_eq!(word_at(&doc, 2), None);
    }
}
