//! `brat`: brat standoff, a folder with a `.txt` and an `.ann` per document
//! plus `annotation.conf` and `visual.conf` made from the schema.
//!
//! brat reads the `.txt` as Python decodes UTF-8: offsets count code points,
//! `\r` counts, and a byte order mark is a character of its own. The `.txt`
//! is written byte for byte as the project has it, so with a BOM every
//! offset is one more than Spanwright's; import subtracts it again.
//!
//! An `.ann` line cannot hold a line break, so an entity whose text spans
//! one is written as fragments split at the line breaks, with the T line's
//! text their texts joined by a space, as brat itself does.

mod conf;
mod read;
mod write;

pub(crate) use read::read;
pub(crate) use write::BratWriter;

/// A label, relation or attribute name as brat can write it: brat names
/// are space-separated fields, so whitespace becomes `_`.
pub(crate) fn brat_name(name: &str) -> std::borrow::Cow<'_, str> {
    if name.contains(char::is_whitespace) {
        name.replace(char::is_whitespace, "_").into()
    } else {
        name.into()
    }
}

/// The characters that end a line when Python reads the `.ann` file.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}
