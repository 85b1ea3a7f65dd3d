use std::ops::Range;

use crate::text::{Document, sentence_starts};

/// Where the view breaks lines besides wrapping: at the text's own line
/// breaks, or also after every sentence, one sentence per line as brat and
/// INCEpTION show a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lines {
    #[default]
    AsWritten,
    Sentences,
}

/// The pieces laid out one below the other for `lines`.
pub fn split_lines(document: &Document, lines: Lines) -> Vec<Range<usize>> {
    match lines {
        Lines::AsWritten => split_paragraphs(document),
        Lines::Sentences => split_sentences(document),
    }
}

/// Longest run laid out as one piece: a text without line breaks is cut at a
/// space near this length so that no single layout is document-sized.
const MAX_PIECE_CHARS: usize = 2_000;

/// The document's lines as code-point ranges, line terminators excluded;
/// each is laid out and cached on its own.
pub fn split_paragraphs(document: &Document) -> Vec<Range<usize>> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    let mut last_space = None;
    let mut previous = '\0';
    for c in document.text().chars() {
        if c == '\n' {
            let end = if previous == '\r' { offset - 1 } else { offset };
            paragraphs.push(start..end.max(start));
            start = offset + 1;
            last_space = None;
        } else if c == ' ' {
            last_space = Some(offset + 1);
        }
        offset += 1;
        if offset - start >= MAX_PIECE_CHARS
            && let Some(cut) = last_space.take()
            && cut > start
        {
            paragraphs.push(start..cut);
            start = cut;
        }
        previous = c;
    }
    if start < offset || paragraphs.is_empty() {
        paragraphs.push(start..offset);
    }
    paragraphs
}

/// The document's lines cut again where each sentence starts, without the
/// spaces between sentences. Offsets stay those of the text: only where rows
/// break changes. A line of spaces alone stays as it is.
pub fn split_sentences(document: &Document) -> Vec<Range<usize>> {
    let starts = sentence_starts(document);
    let chars: Vec<char> = document.text().chars().collect();
    let mut pieces = Vec::new();
    let mut next = 0;
    for line in split_paragraphs(document) {
        let mut start = line.start;
        while next < starts.len() && starts[next] <= line.start {
            next += 1;
        }
        let mut push = |start: usize, end: usize| {
            let trimmed = chars[start..end].iter().rev().take_while(|c| c.is_whitespace()).count();
            pieces.push(if trimmed < end - start {
                start..end - trimmed
            } else {
                start..end
            });
        };
        while next < starts.len() && starts[next] < line.end {
            push(start, starts[next]);
            start = starts[next];
            next += 1;
        }
        push(start, line.end);
    }
    pieces
}

/// Index of the paragraph holding code point `offset`; a line terminator
/// belongs to the next paragraph, and offsets past the end to the last.
pub fn paragraph_of(paragraphs: &[Range<usize>], offset: usize) -> usize {
    paragraphs
        .partition_point(|p| p.end <= offset)
        .min(paragraphs.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_exclude_crlf_and_keep_empty_lines() {
        let doc = Document::from_text("d", "Title\r\n\r\nBody 🚤 text\n");
        assert_eq!(split_paragraphs(&doc), [0..5, 7..7, 9..20]);
        assert_eq!(paragraph_of(&split_paragraphs(&doc), 12), 2);
        assert_eq!(paragraph_of(&split_paragraphs(&doc), 3), 0);
    }

    #[test]
    fn sentences_get_a_line_each_and_offsets_stay_those_of_the_text() {
        let text = "Mr. Rama met 🇮🇹 Meloni. They agreed.  Talks go on\r\n\r\nNew line. ";
        let doc = Document::from_text("d", text);
        let pieces = split_sentences(&doc);
        let texts: Vec<&str> = pieces.iter().map(|p| doc.slice(p.start, p.end).unwrap()).collect();
        assert_eq!(
            texts,
            [
                "Mr. Rama met 🇮🇹 Meloni.",
                "They agreed.",
                "Talks go on",
                "",
                "New line."
            ]
        );
        assert_eq!(pieces[0], 0..23);
        assert_eq!(pieces[1], 24..36);
        // The spaces between sentences belong to the sentence after them.
        assert_eq!(paragraph_of(&pieces, 36), 2);
        assert_eq!(split_lines(&doc, Lines::AsWritten), split_paragraphs(&doc));
    }

    #[test]
    fn very_long_lines_are_cut_at_spaces() {
        let text = "word ".repeat(1_000);
        let doc = Document::from_text("d", text);
        let paragraphs = split_paragraphs(&doc);
        assert!(paragraphs.len() >= 3);
        assert!(paragraphs.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(paragraphs.last().map(|p| p.end), Some(5_000));
    }
}
