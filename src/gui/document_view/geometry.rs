//! Where characters of a laid-out paragraph are on screen.

use egui::text::CharIndex;
use egui::{Galley, Pos2, Rect, pos2};

/// One row's part of a span.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    /// The text band of the span on this row.
    pub rect: Rect,
    /// Which row of the galley.
    pub row_index: usize,
}

/// Screen rectangles covering paragraph-local chars `start..end`, one per
/// wrapped row.
pub fn segments(galley: &Galley, origin: Pos2, start: usize, end: usize) -> Vec<Segment> {
    let mut found = Vec::new();
    let mut row_start = 0;
    for (row_index, row) in galley.rows.iter().enumerate() {
        let row_len = row.char_count_excluding_newline().0;
        let row_end = row_start + row_len;
        let from = start.max(row_start);
        let to = end.min(row_end);
        if from < to {
            let x0 = row.pos.x + row.x_offset(CharIndex(from - row_start));
            let x1 = row.pos.x + row.x_offset(CharIndex(to - row_start));
            let row_rect = Rect::from_min_max(
                origin + egui::vec2(row.pos.x, row.min_y()),
                origin + egui::vec2(row.pos.x + row.size.x, row.max_y()),
            );
            found.push(Segment {
                rect: Rect::from_min_max(pos2(origin.x + x0, row_rect.min.y), pos2(origin.x + x1, row_rect.max.y)),
                row_index,
            });
        }
        row_start += row.char_count_including_newline().0;
        if row_start >= end {
            break;
        }
    }
    found
}

/// Paragraph-local char index under `pos`.
pub fn char_at(galley: &Galley, origin: Pos2, pos: Pos2) -> usize {
    galley.cursor_from_pos(pos - origin).index.0
}
