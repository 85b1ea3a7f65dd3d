//! What a view asks to be drawn over one paragraph, independent of where it
//! comes from: the document view turns entities and relations into marks and
//! links, the compare view turns compared spans and relations into the same.

use egui::Color32;

/// How a mark or link is drawn: solid as an annotation, or dashed and pale
/// where only some of the compared annotators have it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkStyle {
    Solid,
    Partial,
}

/// A span to highlight, with its chip when it starts in this paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mark {
    /// The caller's index for this mark, used to find it again.
    pub key: usize,
    /// Document code points, end-exclusive.
    pub start: usize,
    pub end: usize,
    /// The chip's caption; `None` draws no chip (the compact view).
    pub chip: Option<String>,
    pub color: Color32,
    pub style: MarkStyle,
}

/// Where one end of a link is, seen from the paragraph being laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkEnd {
    /// A mark that starts in this paragraph (by its key).
    Here(usize),
    /// An entity starting in an earlier paragraph.
    Before,
    /// An entity starting in a later paragraph.
    After,
}

/// A relation with at least one end starting in this paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Link {
    pub key: usize,
    pub head: LinkEnd,
    pub tail: LinkEnd,
    pub caption: String,
    pub style: MarkStyle,
}
