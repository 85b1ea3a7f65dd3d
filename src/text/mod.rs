//! Texts and the offsets into them.

mod document;
mod natural_order;
mod offsets;
mod search;
mod sentences;
mod tokens;

pub use document::{Document, TextError, sha256_hex};
pub use natural_order::natural_cmp;
pub use offsets::OffsetIndex;
pub use search::{MAX_MATCHES, find_all, find_whole_words};
pub use sentences::sentence_starts;
pub use tokens::{Token, is_abbreviation, is_edge_trimmable, snap_to_words, tokenize, trim_whitespace, word_at};
