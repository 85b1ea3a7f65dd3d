//! The one place where code-point offsets meet UTF-8 byte and UTF-16 offsets.
//!
//! Files, exports and the model count Unicode code points (what Python's `len`
//! counts). egui galleys count bytes and some tools count UTF-16 units; every
//! conversion goes through an [`OffsetIndex`].

/// Characters per checkpoint block: a lookup scans at most this many chars.
const BLOCK: usize = 64;

/// Maps code-point offsets of one text to byte and UTF-16 offsets and back.
#[derive(Clone, Debug, Default)]
pub struct OffsetIndex {
    char_len: usize,
    byte_len: usize,
    utf16_len: usize,
    /// `None` for pure ASCII text, where all three counts agree.
    blocks: Option<Vec<Checkpoint>>,
}

#[derive(Clone, Copy, Debug)]
struct Checkpoint {
    byte: usize,
    utf16: usize,
}

impl OffsetIndex {
    pub fn new(text: &str) -> Self {
        let byte_len = text.len();
        if text.is_ascii() {
            return Self {
                char_len: byte_len,
                byte_len,
                utf16_len: byte_len,
                blocks: None,
            };
        }
        let mut blocks = Vec::with_capacity(byte_len / BLOCK + 1);
        let mut utf16 = 0;
        let mut char_len = 0;
        for (byte, ch) in text.char_indices() {
            if char_len % BLOCK == 0 {
                blocks.push(Checkpoint { byte, utf16 });
            }
            utf16 += ch.len_utf16();
            char_len += 1;
        }
        Self {
            char_len,
            byte_len,
            utf16_len: utf16,
            blocks: Some(blocks),
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    pub fn byte_len(&self) -> usize {
        self.byte_len
    }

    pub fn utf16_len(&self) -> usize {
        self.utf16_len
    }

    /// Byte offset of code point `char_offset`; clamps to the end of the text.
    pub fn byte_of_char(&self, text: &str, char_offset: usize) -> usize {
        let Some(blocks) = &self.blocks else {
            return char_offset.min(self.byte_len);
        };
        if char_offset >= self.char_len {
            return self.byte_len;
        }
        let checkpoint = blocks[char_offset / BLOCK];
        let skip = char_offset % BLOCK;
        text[checkpoint.byte..]
            .char_indices()
            .nth(skip)
            .map_or(self.byte_len, |(b, _)| checkpoint.byte + b)
    }

    /// Code-point offset of byte `byte_offset`, or `None` if it is not on a
    /// character boundary or past the end.
    pub fn char_of_byte(&self, text: &str, byte_offset: usize) -> Option<usize> {
        if byte_offset > self.byte_len || !text.is_char_boundary(byte_offset) {
            return None;
        }
        let Some(blocks) = &self.blocks else {
            return Some(byte_offset);
        };
        let block = blocks.partition_point(|c| c.byte <= byte_offset) - 1;
        let start = blocks[block].byte;
        Some(block * BLOCK + text[start..byte_offset].chars().count())
    }

    /// UTF-16 offset of code point `char_offset`; clamps to the end.
    pub fn utf16_of_char(&self, text: &str, char_offset: usize) -> usize {
        let Some(blocks) = &self.blocks else {
            return char_offset.min(self.utf16_len);
        };
        if char_offset >= self.char_len {
            return self.utf16_len;
        }
        let checkpoint = blocks[char_offset / BLOCK];
        let skip = char_offset % BLOCK;
        checkpoint.utf16
            + text[checkpoint.byte..]
                .chars()
                .take(skip)
                .map(char::len_utf16)
                .sum::<usize>()
    }

    /// Code-point offset of UTF-16 offset `utf16_offset`, or `None` if it
    /// falls inside a surrogate pair or past the end.
    pub fn char_of_utf16(&self, text: &str, utf16_offset: usize) -> Option<usize> {
        if utf16_offset > self.utf16_len {
            return None;
        }
        let Some(blocks) = &self.blocks else {
            return Some(utf16_offset);
        };
        let block = blocks.partition_point(|c| c.utf16 <= utf16_offset) - 1;
        let mut units = blocks[block].utf16;
        let mut chars = block * BLOCK;
        for ch in text[blocks[block].byte..].chars() {
            if units >= utf16_offset {
                break;
            }
            units += ch.len_utf16();
            chars += 1;
        }
        (units == utf16_offset).then_some(chars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_counts_one_char_two_utf16_units_four_bytes() {
        let text = "a🚤b";
        let index = OffsetIndex::new(text);
        assert_eq!(index.char_len(), 3);
        assert_eq!(index.byte_of_char(text, 2), 5);
        assert_eq!(index.utf16_of_char(text, 2), 3);
        assert_eq!(index.char_of_utf16(text, 2), None);
        assert_eq!(index.char_of_byte(text, 2), None);
        assert_eq!(index.char_of_byte(text, 5), Some(2));
    }

    #[test]
    fn crlf_counts_two_chars() {
        let text = "a\r\nb";
        let index = OffsetIndex::new(text);
        assert_eq!(index.char_len(), 4);
        assert_eq!(index.byte_of_char(text, 3), 3);
    }
}
