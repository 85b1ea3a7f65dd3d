//! Per-paragraph layout, done lazily for what is on screen and cached.
//!
//! The text of a paragraph is wrapped once per width and font; its
//! annotations only move its rows apart (chips and relation lanes above a
//! row), so an edit never re-wraps text. A paragraph's placement is rebuilt
//! when what is drawn over it changes, which the caller describes as marks
//! and links each frame.

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, FontId, Galley};

use super::marks::{Link, LinkEnd, Mark};
use super::paragraphs::{Lines, split_lines};
use super::placement::{self, PARAGRAPH_GAP, PlacedParagraph, ROW_BELOW};
use crate::text::Document;

/// Height given to an empty line.
pub const EMPTY_LINE_HEIGHT: f32 = 8.0;
/// Font size of chip and relation captions.
pub const CAPTION_FONT_SIZE: f32 = 10.0;
/// Paragraphs kept laid out at most; past this, those far from the screen
/// are dropped (their measured heights stay), so memory does not grow with
/// scrolling.
const MAX_CACHED_GALLEYS: usize = 400;
/// Paragraphs on either side of the screen that are never dropped.
const KEEP_AROUND: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq)]
struct LayoutKey {
    width: f32,
    font_size: f32,
    pixels_per_point: f32,
    text_color: Color32,
}

struct Cached {
    base: Arc<Galley>,
    placed: Option<Placement>,
}

/// A paragraph's placement and what it was built from. The signature
/// leaves the marks' and links' keys out: keys are positions in the whole
/// document's lists, so adding one entity shifts the keys of every entity
/// after it without moving anything drawn there. A placement whose keys
/// alone changed is given the new keys instead of being built again.
struct Placement {
    signature: u64,
    mark_keys: Vec<usize>,
    link_keys: Vec<usize>,
    paragraph: PlacedParagraph,
}

impl Placement {
    fn has_keys(&self, marks: &[Mark], links: &[Link]) -> bool {
        self.mark_keys.iter().eq(marks.iter().map(|m| &m.key)) && self.link_keys.iter().eq(links.iter().map(|l| &l.key))
    }

    /// Gives the placement the keys of `marks` and `links`, which describe
    /// the same things in the same order under new keys.
    fn rekey(&mut self, marks: &[Mark], links: &[Link]) {
        let mark_keys: Vec<usize> = marks.iter().map(|m| m.key).collect();
        let link_keys: Vec<usize> = links.iter().map(|l| l.key).collect();
        let renamed = |old: &[usize], new: &[usize], key: usize| {
            old.iter()
                .position(|&k| k == key)
                .and_then(|i| new.get(i).copied())
                .unwrap_or(key)
        };
        let paragraph = &mut self.paragraph;
        for chip in &mut paragraph.chips {
            chip.mark = renamed(&self.mark_keys, &mark_keys, chip.mark);
        }
        for span in &mut paragraph.spans {
            span.mark = renamed(&self.mark_keys, &mark_keys, span.mark);
        }
        for arc in &mut paragraph.arcs {
            arc.link = renamed(&self.link_keys, &link_keys, arc.link);
        }
        self.mark_keys = mark_keys;
        self.link_keys = link_keys;
    }
}

pub struct TextLayout {
    document_id: String,
    document_len: usize,
    lines: Lines,
    paragraphs: Vec<Range<usize>>,
    key: Option<LayoutKey>,
    cache: Vec<Option<Cached>>,
    cached: usize,
    /// Placements built since the document opened (for tests).
    placements_built: u64,
    heights: Vec<f32>,
    /// `tops[i]` is the y of paragraph `i`; one extra entry holds the total.
    tops: Vec<f32>,
    tops_stale: bool,
}

impl TextLayout {
    pub fn new(document: &Document, lines: Lines) -> Self {
        let paragraphs = split_lines(document, lines);
        let count = paragraphs.len();
        Self {
            document_id: document.id().to_owned(),
            document_len: document.char_len(),
            lines,
            paragraphs,
            key: None,
            cache: (0..count).map(|_| None).collect(),
            cached: 0,
            placements_built: 0,
            heights: vec![0.0; count],
            tops: vec![0.0; count + 1],
            tops_stale: true,
        }
    }

    pub fn is_for(&self, document: &Document, lines: Lines) -> bool {
        self.document_id == document.id() && self.document_len == document.char_len() && self.lines == lines
    }

    pub fn lines(&self) -> Lines {
        self.lines
    }

    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// The width text is wrapped at.
    pub fn width(&self) -> f32 {
        self.key.map_or(0.0, |k| k.width)
    }

    /// Height of a row of plain text, with the room for underlines below it.
    pub fn row_height(font_size: f32) -> f32 {
        (font_size * 1.2).round() + ROW_BELOW
    }

    /// Drops every layout at the next [`Self::prepare`], as if the width or
    /// font had changed.
    pub fn forget(&mut self) {
        self.key = None;
    }

    /// Drops every layout when the width or font changed, replacing heights
    /// with estimates until paragraphs are laid out again. Returns whether it
    /// did.
    pub fn prepare(&mut self, ctx: &egui::Context, width: f32, font_size: f32, text_color: Color32) -> bool {
        let key = LayoutKey {
            width: width.round(),
            font_size,
            pixels_per_point: ctx.pixels_per_point(),
            text_color,
        };
        if self.key == Some(key) {
            return false;
        }
        self.key = Some(key);
        self.cache.iter_mut().for_each(|g| *g = None);
        self.cached = 0;
        let char_width = font_size * 0.5;
        let chars_per_row = (key.width / char_width).max(1.0);
        let row_height = Self::row_height(font_size);
        for (height, paragraph) in self.heights.iter_mut().zip(&self.paragraphs) {
            let len = paragraph.len() as f32;
            *height = if paragraph.is_empty() {
                EMPTY_LINE_HEIGHT
            } else {
                (len / chars_per_row).ceil().max(1.0) * row_height + PARAGRAPH_GAP
            };
        }
        self.tops_stale = true;
        true
    }

    pub fn total_height(&mut self) -> f32 {
        self.refresh_tops();
        self.tops[self.paragraphs.len()]
    }

    pub fn top(&mut self, index: usize) -> f32 {
        self.refresh_tops();
        self.tops[index.min(self.paragraphs.len())]
    }

    /// Index of the paragraph at content height `y`.
    pub fn paragraph_at_y(&mut self, y: f32) -> usize {
        self.refresh_tops();
        let count = self.paragraphs.len();
        self.tops[1..=count]
            .partition_point(|&bottom| bottom <= y)
            .min(count.saturating_sub(1))
    }

    /// Paragraphs whose estimated or measured extent meets `y_range`.
    pub fn visible(&mut self, y_range: Range<f32>) -> Range<usize> {
        self.refresh_tops();
        let count = self.paragraphs.len();
        let first = self.tops[1..=count].partition_point(|&bottom| bottom <= y_range.start);
        let last = self.tops[..count].partition_point(|&top| top < y_range.end);
        first..last.max(first)
    }

    /// The paragraph laid out with its marks and links, rebuilt when they
    /// changed; `None` for an empty line, which has nothing to draw.
    pub fn placed(
        &mut self,
        ctx: &egui::Context,
        document: &Document,
        index: usize,
        marks: &[Mark],
        links: &[Link],
    ) -> Option<&PlacedParagraph> {
        let key = self.key?;
        let range = self.paragraphs.get(index)?.clone();
        if range.is_empty() {
            return None;
        }
        if self.cache[index].is_none() {
            let text = document.slice(range.start, range.end)?.to_owned();
            let mut job = LayoutJob::single_section(
                text,
                TextFormat {
                    font_id: FontId::proportional(key.font_size),
                    color: key.text_color,
                    ..TextFormat::default()
                },
            );
            job.wrap = TextWrapping::wrap_at_width(key.width);
            let base = ctx.fonts_mut(|fonts| fonts.layout_job(job));
            self.cache[index] = Some(Cached { base, placed: None });
            self.cached += 1;
        }
        let signature = signature(marks, links);
        let cached = self.cache[index].as_mut()?;
        if let Some(placement) = cached.placed.as_mut().filter(|p| p.signature == signature)
            && !placement.has_keys(marks, links)
        {
            placement.rekey(marks, links);
        }
        if cached.placed.as_ref().is_none_or(|p| p.signature != signature) {
            let mut measure = |caption: &str| {
                ctx.fonts_mut(|fonts| {
                    fonts.layout_no_wrap(
                        caption.to_owned(),
                        FontId::proportional(CAPTION_FONT_SIZE),
                        Color32::PLACEHOLDER,
                    )
                })
            };
            let placed = placement::place(
                &cached.base,
                range.start,
                range.end,
                marks,
                links,
                key.width,
                &mut measure,
            );
            self.placements_built += 1;
            if (self.heights[index] - placed.height).abs() > 0.01 {
                self.heights[index] = placed.height;
                self.tops_stale = true;
            }
            cached.placed = Some(Placement {
                signature,
                mark_keys: marks.iter().map(|m| m.key).collect(),
                link_keys: links.iter().map(|l| l.key).collect(),
                paragraph: placed,
            });
        }
        cached.placed.as_ref().map(|p| &p.paragraph)
    }

    /// The placement built last for a paragraph, if it is still cached.
    pub fn last_placed(&self, index: usize) -> Option<&PlacedParagraph> {
        self.cache.get(index)?.as_ref()?.placed.as_ref().map(|p| &p.paragraph)
    }

    /// Drops cached layouts far from `visible` once there are too many.
    pub fn evict_far_from(&mut self, visible: Range<usize>) {
        if self.cached <= MAX_CACHED_GALLEYS {
            return;
        }
        let keep = visible.start.saturating_sub(KEEP_AROUND)..visible.end + KEEP_AROUND;
        for (index, cached) in self.cache.iter_mut().enumerate() {
            if !keep.contains(&index) && cached.take().is_some() {
                self.cached -= 1;
            }
        }
    }

    /// Paragraph placements built since the document opened: what an edit
    /// cost the layout.
    pub fn placements_built(&self) -> u64 {
        self.placements_built
    }

    /// Number of paragraphs with a cached layout (for the benchmark).
    pub fn laid_out_count(&self) -> usize {
        self.cached
    }

    fn refresh_tops(&mut self) {
        if !self.tops_stale {
            return;
        }
        let mut y = 0.0;
        for (top, height) in self.tops.iter_mut().zip(&self.heights) {
            *top = y;
            y += height;
        }
        self.tops[self.paragraphs.len()] = y;
        self.tops_stale = false;
    }
}

/// What the placement of a paragraph depends on: every mark and link in
/// order, with a link's ends by the place of their mark in `marks` rather
/// than by key (see [`Placement`]).
fn signature(marks: &[Mark], links: &[Link]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    marks.len().hash(&mut hasher);
    for mark in marks {
        (mark.start, mark.end, &mark.chip, mark.color, mark.style).hash(&mut hasher);
    }
    let end = |end: LinkEnd| match end {
        LinkEnd::Here(key) => (0u8, marks.iter().position(|m| m.key == key)),
        LinkEnd::Before => (1, None),
        LinkEnd::After => (2, None),
    };
    links.len().hash(&mut hasher);
    for link in links {
        (end(link.head), end(link.tail), &link.caption, link.style).hash(&mut hasher);
    }
    hasher.finish()
}
