//! Per-paragraph text layout, done lazily for what is on screen and cached.
//!
//! Annotations are painted over the text, never baked into the layout, so an
//! edit never invalidates a galley; only the width, the font size or the
//! document does.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, FontId, Galley};

use super::paragraphs::split_paragraphs;
use crate::text::Document;

/// Vertical room above and below each text row, for label chips above and
/// stacked underlines below.
pub const ROW_PADDING: f32 = 11.0;
/// Gap after each paragraph.
pub const PARAGRAPH_GAP: f32 = 6.0;
/// Height given to an empty line.
pub const EMPTY_LINE_HEIGHT: f32 = 8.0;
/// Galleys kept at most; past this, those far from the screen are dropped
/// (their measured heights stay), so memory does not grow with scrolling.
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

pub struct TextLayout {
    document_id: String,
    document_len: usize,
    paragraphs: Vec<Range<usize>>,
    key: Option<LayoutKey>,
    galleys: Vec<Option<Arc<Galley>>>,
    cached: usize,
    heights: Vec<f32>,
    /// `tops[i]` is the y of paragraph `i`; one extra entry holds the total.
    tops: Vec<f32>,
    tops_stale: bool,
}

impl TextLayout {
    pub fn new(document: &Document) -> Self {
        let paragraphs = split_paragraphs(document);
        let count = paragraphs.len();
        Self {
            document_id: document.id().to_owned(),
            document_len: document.char_len(),
            paragraphs,
            key: None,
            galleys: vec![None; count],
            cached: 0,
            heights: vec![0.0; count],
            tops: vec![0.0; count + 1],
            tops_stale: true,
        }
    }

    pub fn is_for(&self, document: &Document) -> bool {
        self.document_id == document.id() && self.document_len == document.char_len()
    }

    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    pub fn row_height(font_size: f32) -> f32 {
        (font_size * 1.25).round() + 2.0 * ROW_PADDING
    }

    /// Drops every galley when the width or font changed, replacing heights
    /// with estimates until paragraphs are laid out again.
    pub fn prepare(&mut self, ctx: &egui::Context, width: f32, font_size: f32, text_color: Color32) {
        let key = LayoutKey {
            width: width.round(),
            font_size,
            pixels_per_point: ctx.pixels_per_point(),
            text_color,
        };
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        self.galleys.iter_mut().for_each(|g| *g = None);
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
    }

    pub fn total_height(&mut self) -> f32 {
        self.refresh_tops();
        self.tops[self.paragraphs.len()]
    }

    pub fn top(&mut self, index: usize) -> f32 {
        self.refresh_tops();
        self.tops[index.min(self.paragraphs.len())]
    }

    /// Paragraphs whose estimated or measured extent meets `y_range`.
    pub fn visible(&mut self, y_range: Range<f32>) -> Range<usize> {
        self.refresh_tops();
        let count = self.paragraphs.len();
        let first = self.tops[1..=count].partition_point(|&bottom| bottom <= y_range.start);
        let last = self.tops[..count].partition_point(|&top| top < y_range.end);
        first..last.max(first)
    }

    /// The laid-out paragraph, built on first use; `None` for an empty line,
    /// which has nothing to draw.
    pub fn galley(&mut self, ctx: &egui::Context, document: &Document, index: usize) -> Option<Arc<Galley>> {
        let key = self.key?;
        if self.paragraphs.get(index)?.is_empty() {
            return None;
        }
        if let Some(galley) = &self.galleys[index] {
            return Some(galley.clone());
        }
        let range = self.paragraphs.get(index)?.clone();
        let text = document.slice(range.start, range.end)?.to_owned();
        let mut job = LayoutJob::single_section(
            text,
            TextFormat {
                font_id: FontId::proportional(key.font_size),
                color: key.text_color,
                line_height: Some(Self::row_height(key.font_size)),
                ..TextFormat::default()
            },
        );
        job.wrap = TextWrapping::wrap_at_width(key.width);
        let galley = ctx.fonts_mut(|fonts| fonts.layout_job(job));
        let height = galley.size().y + PARAGRAPH_GAP;
        if (self.heights[index] - height).abs() > 0.5 {
            self.heights[index] = height;
            self.tops_stale = true;
        }
        self.galleys[index] = Some(galley.clone());
        self.cached += 1;
        Some(galley)
    }

    /// Drops cached galleys far from `visible` once there are too many.
    pub fn evict_far_from(&mut self, visible: Range<usize>) {
        if self.cached <= MAX_CACHED_GALLEYS {
            return;
        }
        let keep = visible.start.saturating_sub(KEEP_AROUND)..visible.end + KEEP_AROUND;
        for (index, galley) in self.galleys.iter_mut().enumerate() {
            if !keep.contains(&index) && galley.take().is_some() {
                self.cached -= 1;
            }
        }
    }

    /// Number of paragraphs with a cached galley (for the benchmark).
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
