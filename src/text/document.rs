//! A document: the exact text of one file, never altered by the program.

use std::path::Path;

use sha2::{Digest as _, Sha256};

use super::OffsetIndex;

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("{file}: not valid UTF-8 at byte {byte}")]
    NotUtf8 { file: String, byte: usize },
    #[error("{file}: cannot read: {source}")]
    Unreadable {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// The text of one file, with a BOM stripped and remembered. Offsets count
/// code points of the text after the BOM; `\r` counts like any character.
#[derive(Clone, Debug)]
pub struct Document {
    id: String,
    text: String,
    has_bom: bool,
    sha256: String,
    offsets: OffsetIndex,
}

impl Document {
    /// Decodes `bytes` as the document `id`; the error names the id.
    pub fn from_bytes(id: &str, bytes: Vec<u8>) -> Result<Self, TextError> {
        let sha256 = sha256_hex(&bytes);
        let has_bom = bytes.starts_with(BOM);
        let mut bytes = bytes;
        if has_bom {
            bytes.drain(..BOM.len());
        }
        let text = String::from_utf8(bytes).map_err(|err| TextError::NotUtf8 {
            file: id.to_owned(),
            byte: err.utf8_error().valid_up_to() + if has_bom { BOM.len() } else { 0 },
        })?;
        Ok(Self::from_parts(id, text, has_bom, sha256))
    }

    /// Builds a document from text that is already decoded (no BOM).
    pub fn from_text(id: &str, text: impl Into<String>) -> Self {
        let text = text.into();
        let sha256 = sha256_hex(text.as_bytes());
        Self::from_parts(id, text, false, sha256)
    }

    fn from_parts(id: &str, text: String, has_bom: bool, sha256: String) -> Self {
        let offsets = OffsetIndex::new(&text);
        Self {
            id: id.to_owned(),
            text,
            has_bom,
            sha256,
            offsets,
        }
    }

    pub fn load(path: &Path, id: &str) -> Result<Self, TextError> {
        let bytes = std::fs::read(path).map_err(|source| TextError::Unreadable {
            file: id.to_owned(),
            source,
        })?;
        Self::from_bytes(id, bytes)
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn has_bom(&self) -> bool {
        self.has_bom
    }

    /// Lowercase hex SHA-256 of the file's bytes, BOM included.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Length in code points.
    pub fn char_len(&self) -> usize {
        self.offsets.char_len()
    }

    pub fn offsets(&self) -> &OffsetIndex {
        &self.offsets
    }

    /// The text between two code-point offsets, or `None` when the range
    /// does not fit the text.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end || end > self.char_len() {
            return None;
        }
        Some(&self.text[self.byte_of_char(start)..self.byte_of_char(end)])
    }

    pub fn byte_of_char(&self, char_offset: usize) -> usize {
        self.offsets.byte_of_char(&self.text, char_offset)
    }

    pub fn char_of_byte(&self, byte_offset: usize) -> Option<usize> {
        self.offsets.char_of_byte(&self.text, byte_offset)
    }

    pub fn utf16_of_char(&self, char_offset: usize) -> usize {
        self.offsets.utf16_of_char(&self.text, char_offset)
    }

    pub fn char_of_utf16(&self, utf16_offset: usize) -> Option<usize> {
        self.offsets.char_of_utf16(&self.text, utf16_offset)
    }

    /// The file's bytes as they were read: BOM restored.
    pub fn to_file_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.text.len() + BOM.len());
        if self.has_bom {
            bytes.extend_from_slice(BOM);
        }
        bytes.extend_from_slice(self.text.as_bytes());
        bytes
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_remembered_and_hash_covers_it() {
        let bytes = b"\xEF\xBB\xBFHi\r\n".to_vec();
        let doc = Document::from_bytes("a.txt", bytes.clone()).unwrap();
        assert_eq!(doc.text(), "Hi\r\n");
        assert_eq!(doc.char_len(), 4);
        assert!(doc.has_bom());
        assert_eq!(doc.sha256(), sha256_hex(&bytes));
        assert_eq!(doc.to_file_bytes(), bytes);
    }

    #[test]
    fn non_utf8_names_file_and_byte() {
        let err = Document::from_bytes("news/x.txt", b"ab\xFFcd".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "news/x.txt: not valid UTF-8 at byte 2");
    }

    #[test]
    fn slice_counts_code_points() {
        let doc = Document::from_text("d", "Gérald 🇪🇺 Darmanin");
        assert_eq!(doc.slice(7, 9), Some("🇪🇺"));
        assert_eq!(doc.slice(10, 18), Some("Darmanin"));
        assert_eq!(doc.slice(10, 19), None);
    }
}
