//! The tokenizer that CoNLL export, token-level agreement and the QA checks
//! share, and the word lookups behind selection snapping.
//!
//! Tokens follow spaCy's English tokenizer (`spacy.blank("en")`), so that an
//! entity on Spanwright's token edges is one spaCy keeps in strict
//! alignment: the text is split at whitespace; each chunk that is not a
//! special case ([`exceptions`]) loses prefixes and suffixes one at a time
//! (punctuation, quotes, currency signs, `'s`, units after a number, a full
//! stop after a lower-case letter), and what is left is kept whole if it is
//! a special case or a URL, else split at infixes (hyphens and commas
//! between letters, a full stop between a lower-case and a capital letter,
//! icons). So "Pakistan's" is "Pakistan" + "'s", "don't" is "do" + "n't",
//! "Mafia-style" is three tokens, "38,816", "6.7", "U.S." and "Mr." are one,
//! and each emoji code point is one. Whitespace is never part of a token.
//!
//! Word lookups for snapping a selection use the Unicode word boundaries of
//! UAX #29 instead: they follow what a person double-clicks.

mod affixes;
mod exceptions;
mod url;

use unicode_segmentation::UnicodeSegmentation as _;

use super::Document;

/// A token as code-point offsets, end-exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    // The byte offset of each code point (and of the end), so that chunks
    // can be looked up as string slices without copying.
    let mut bytes = Vec::with_capacity(chars.len() + 1);
    let mut byte = 0;
    for c in &chars {
        bytes.push(byte);
        byte += c.len_utf8();
    }
    bytes.push(byte);
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if chars[at].is_whitespace() {
            at += 1;
            continue;
        }
        let start = at;
        while at < chars.len() && !chars[at].is_whitespace() {
            at += 1;
        }
        let chunk = Chunk {
            chars: &chars[start..at],
            text,
            bytes: &bytes[start..=at],
        };
        split_chunk(&chunk, start, &mut tokens);
    }
    tokens
}

/// A whitespace-free stretch of the text: its characters, and the byte
/// offset in `text` of each of them and of its end.
struct Chunk<'a> {
    chars: &'a [char],
    text: &'a str,
    bytes: &'a [usize],
}

impl Chunk<'_> {
    /// Characters `low..high` of the chunk as a string slice.
    fn slice(&self, low: usize, high: usize) -> &str {
        &self.text[self.bytes[low]..self.bytes[high]]
    }

    fn is_special(&self, low: usize, high: usize) -> bool {
        exceptions::is_special(self.slice(low, high))
    }
}

/// Whether `word` is an abbreviation that keeps its full stop ("Mr.",
/// "e.g.", "Calif.") or an initial ("J.").
pub fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase());
    initial || (word.ends_with('.') && word.chars().count() > 2 && exceptions::is_special(word))
}

/// Splits one whitespace-free chunk starting at code point `offset`.
fn split_chunk(whole: &Chunk<'_>, offset: usize, tokens: &mut Vec<Token>) {
    let chunk = whole.chars;
    // Most chunks are plain words or numbers: no affix or infix rule
    // applies to ASCII letters alone or digits alone, so only a special
    // case can split them.
    if chunk.iter().all(char::is_ascii_alphabetic) || chunk.iter().all(char::is_ascii_digit) {
        let mut start = offset;
        match exceptions::split(whole.slice(0, chunk.len())) {
            Some(pieces) => {
                for piece in pieces {
                    let len = piece.chars().count();
                    tokens.push(Token {
                        start,
                        end: start + len,
                    });
                    start += len;
                }
            }
            None => tokens.push(Token {
                start,
                end: start + chunk.len(),
            }),
        }
        return;
    }
    let (mut low, mut high) = (0, chunk.len());
    let mut prefixes = Vec::new();
    let mut suffixes = Vec::new();
    let mut last_len = usize::MAX;
    while low < high && high - low != last_len {
        if whole.is_special(low, high) {
            break;
        }
        last_len = high - low;
        let prefix = affixes::prefix_len(&chunk[low..high]);
        if prefix != 0 && low + prefix < high && whole.is_special(low + prefix, high) {
            prefixes.push(prefix);
            low += prefix;
            break;
        }
        let suffix = affixes::suffix_len(&chunk[low + prefix..high]);
        if suffix != 0 && low + suffix < high && whole.is_special(low, high - suffix) {
            suffixes.push(suffix);
            high -= suffix;
            break;
        }
        if prefix != 0 {
            prefixes.push(prefix);
            low += prefix;
        }
        if suffix != 0 {
            suffixes.push(suffix);
            high -= suffix;
        }
    }
    let mut push = |start: usize, len: usize| {
        tokens.push(Token {
            start: offset + start,
            end: offset + start + len,
        });
    };
    let mut at = 0;
    for len in prefixes {
        push(at, len);
        at += len;
    }
    let middle = &chunk[low..high];
    if !middle.is_empty() {
        let word = whole.slice(low, high);
        if let Some(pieces) = exceptions::split(word) {
            let mut piece_start = low;
            for piece in pieces {
                let len = piece.chars().count();
                push(piece_start, len);
                piece_start += len;
            }
        } else if url::is_url(word) {
            push(low, middle.len());
        } else {
            let mut start = 0;
            for (infix_start, infix_end) in affixes::infixes(middle) {
                if infix_start == 0 {
                    continue;
                }
                if infix_start != start {
                    push(low + start, infix_start - start);
                }
                push(low + infix_start, infix_end - infix_start);
                start = infix_end;
            }
            if start < middle.len() {
                push(low + start, middle.len() - start);
            }
        }
    }
    let mut at = high;
    for len in suffixes.into_iter().rev() {
        push(at, len);
        at += len;
    }
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
    fn tokens_follow_the_english_rules() {
        assert_eq!(
            token_texts("Pakistan's PM didn't go; Mr. Khan (U.S.) met minutes.Keep at 5pm, e.g. re-elected."),
            [
                "Pakistan", "'s", "PM", "did", "n't", "go", ";", "Mr.", "Khan", "(", "U.S.", ")", "met", "minutes",
                ".", "Keep", "at", "5", "pm", ",", "e.g.", "re", "-", "elected", "."
            ]
        );
        assert_eq!(
            token_texts("See https://example.org/x. Cost: $5.50 or 10km!"),
            [
                "See",
                "https://example.org/x",
                ".",
                "Cost",
                ":",
                "$",
                "5.50",
                "or",
                "10",
                "km",
                "!"
            ]
        );
    }

    #[test]
    fn tokens_split_punctuation_and_emoji() {
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
