use std::ops::Range;

use crate::text::Document;

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
    fn very_long_lines_are_cut_at_spaces() {
        let text = "word ".repeat(1_000);
        let doc = Document::from_text("d", text);
        let paragraphs = split_paragraphs(&doc);
        assert!(paragraphs.len() >= 3);
        assert!(paragraphs.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(paragraphs.last().map(|p| p.end), Some(5_000));
    }
}
