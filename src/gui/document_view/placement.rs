//! Where everything of one paragraph goes, in the paragraph's own
//! coordinates: rows of text spaced apart only as far as their chips and
//! relation lanes need, chips above their entities, and each relation's
//! label in a lane of its own above the row, as brat lays them out.
//!
//! A relation between two rows is drawn as two halves, one in each row's
//! lanes, running out to the margin: no line is ever drawn across the rows
//! in between. Because chips and lanes sit in bands reserved above the row's
//! text, no label can cover a glyph, a chip or another label.

use std::sync::Arc;

use egui::{Galley, Pos2, Rect, pos2, vec2};

use super::geometry;
use super::marks::{Link, LinkEnd, Mark, MarkStyle};
use super::stacking;

/// Room below each row for stacked underlines.
pub const ROW_BELOW: f32 = 9.0;
/// Gap after each paragraph.
pub const PARAGRAPH_GAP: f32 = 4.0;
/// Height of one chip level (chip and its gap).
pub const CHIP_STEP: f32 = 14.0;
/// Height of one relation lane.
pub const LANE_HEIGHT: f32 = 15.0;
/// Horizontal room kept free around a lane's line and label.
const LANE_PAD: f32 = 4.0;
/// Gap between a chip and the next one on the same level.
const CHIP_GAP: f32 = 2.0;

/// A measured caption: its laid-out text, to be painted where it is placed.
pub type Caption = Arc<Galley>;

/// A chip above the start of a mark.
#[derive(Clone, Debug)]
pub struct PlacedChip {
    pub mark: usize,
    pub rect: Rect,
    pub caption: Caption,
}

/// The highlight of one mark: its rects, one per row, and its underline level.
#[derive(Clone, Debug)]
pub struct PlacedSpan {
    pub mark: usize,
    pub rects: Vec<Rect>,
    pub level: usize,
    pub style: MarkStyle,
    pub color: egui::Color32,
}

/// One drawn piece of a relation: a line rising from its end(s) to its lane,
/// running along it, and its label on the lane.
#[derive(Clone, Debug)]
pub struct PlacedArc {
    pub link: usize,
    /// The polyline, from the head side to the tail side.
    pub points: Vec<Pos2>,
    /// Where the arrow head goes, when the tail is in this piece.
    pub arrow_at: Option<Pos2>,
    pub label: Rect,
    pub caption: Caption,
    pub style: MarkStyle,
}

/// One paragraph, laid out with its annotations.
#[derive(Clone, Debug)]
pub struct PlacedParagraph {
    /// The text, its rows moved down to make room for chips and lanes.
    pub galley: Arc<Galley>,
    /// Height including the gap after the paragraph.
    pub height: f32,
    pub spans: Vec<PlacedSpan>,
    pub chips: Vec<PlacedChip>,
    pub arcs: Vec<PlacedArc>,
}

impl PlacedParagraph {
    /// Screen rect of each glyph, for tests of overlap.
    pub fn glyph_rects(&self) -> Vec<Rect> {
        let mut rects = Vec::new();
        for row in &self.galley.rows {
            for glyph in &row.row.glyphs {
                if glyph.chr.is_whitespace() {
                    continue;
                }
                let rect = glyph.logical_rect().translate(row.pos.to_vec2());
                rects.push(rect);
            }
        }
        rects
    }
}

/// A text band of one row: from its top to the bottom of its glyphs.
fn row_band(galley: &Galley, index: usize) -> Rect {
    galley.rows[index].rect()
}

/// Lays out one paragraph. `base` is its text wrapped at `width` with no
/// room between rows; `paragraph_start` is its first code point; `measure`
/// lays out a chip or label caption.
pub fn place(
    base: &Arc<Galley>,
    paragraph_start: usize,
    paragraph_end: usize,
    marks: &[Mark],
    links: &[Link],
    width: f32,
    measure: &mut dyn FnMut(&str) -> Caption,
) -> PlacedParagraph {
    let rows = base.rows.len();
    let local = |offset: usize| offset.clamp(paragraph_start, paragraph_end) - paragraph_start;

    // Segments in the base galley's coordinates, with their row.
    let segments: Vec<Vec<geometry::Segment>> = marks
        .iter()
        .map(|m| geometry::segments(base, Pos2::ZERO, local(m.start), local(m.end)))
        .collect();
    let levels = stacking::levels_of(marks.iter().map(|m| (m.start, m.end)));

    // Chips: on the row of the mark's first segment, at its start or on the
    // first level where that place is free.
    let mut chip_levels = vec![0usize; rows];
    let mut taken: Vec<Vec<Vec<(f32, f32)>>> = vec![Vec::new(); rows];
    let mut chips: Vec<(usize, usize, usize, f32, f32, Caption)> = Vec::new(); // mark index, row, level, x, w
    for (i, mark) in marks.iter().enumerate() {
        let (Some(caption), Some(first)) = (&mark.chip, segments[i].first()) else {
            continue;
        };
        if mark.start < paragraph_start {
            continue;
        }
        let galley = measure(caption);
        let w = galley.size().x + 6.0;
        let x = first.rect.min.x.min(width - w).max(0.0);
        let row_taken = &mut taken[first.row_index];
        let level = (0..)
            .find(|&l| {
                row_taken.get(l).is_none_or(|spans: &Vec<(f32, f32)>| {
                    spans.iter().all(|&(a, b)| x + w + CHIP_GAP <= a || b + CHIP_GAP <= x)
                })
            })
            .unwrap_or(0);
        if row_taken.len() <= level {
            row_taken.resize(level + 1, Vec::new());
        }
        row_taken[level].push((x, x + w));
        chip_levels[first.row_index] = chip_levels[first.row_index].max(level + 1);
        chips.push((i, first.row_index, level, x, w, galley));
    }

    // Where each mark's arcs attach: its chip, or the top of its first segment.
    let mark_index = |key: usize| marks.iter().position(|m| m.key == key);
    let anchor_x = |i: usize| -> Option<(usize, f32)> {
        if let Some(chip) = chips.iter().find(|c| c.0 == i) {
            return Some((chip.1, chip.3 + chip.4 / 2.0));
        }
        segments[i].first().map(|s| (s.row_index, s.rect.center().x))
    };

    // Arc pieces per row: (link index, row, from x, to x, head side is here, tail here, caption).
    struct Piece {
        link: usize,
        row: usize,
        /// x of the head side and the tail side of this piece.
        head_x: f32,
        tail_x: f32,
        head_here: bool,
        tail_here: bool,
        caption: Caption,
        label_w: f32,
        lane: usize,
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for (l, link) in links.iter().enumerate() {
        let end = |e: LinkEnd| match e {
            LinkEnd::Here(key) => mark_index(key).and_then(|i| anchor_x(i).map(|a| (a, marks[i].start))),
            LinkEnd::Before | LinkEnd::After => None,
        };
        let head = end(link.head);
        let tail = end(link.tail);
        let caption = measure(&link.caption);
        let label_w = caption.size().x + 6.0;
        let mut add = |row: usize, head_x: f32, tail_x: f32, head_here: bool, tail_here: bool| {
            pieces.push(Piece {
                link: l,
                row,
                head_x,
                tail_x,
                head_here,
                tail_here,
                caption: caption.clone(),
                label_w,
                lane: 0,
            });
        };
        // Which side the missing or other-row end lies on.
        let edge = |before: bool| if before { 0.0 } else { width };
        match (head, tail) {
            (Some(((hr, hx), hs)), Some(((tr, tx), ts))) => {
                if hr == tr {
                    add(hr, hx, tx, true, true);
                } else {
                    add(hr, hx, edge(ts < hs), true, false);
                    add(tr, edge(hs < ts), tx, false, true);
                }
            }
            (Some(((hr, hx), _)), None) => add(hr, hx, edge(link.tail == LinkEnd::Before), true, false),
            (None, Some(((tr, tx), _))) => add(tr, edge(link.head == LinkEnd::Before), tx, false, true),
            (None, None) => {}
        }
    }

    // Lanes: shorter pieces nearer the text, each in the lowest lane where
    // its line and its label are clear of every other piece in that lane.
    let extent = |p: &Piece| -> (f32, f32) {
        let (a, b) = (p.head_x.min(p.tail_x), p.head_x.max(p.tail_x));
        let centre = label_centre(p.head_x, p.tail_x, p.label_w, width);
        (
            a.min(centre - p.label_w / 2.0) - LANE_PAD,
            b.max(centre + p.label_w / 2.0) + LANE_PAD,
        )
    };
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by(|&a, &b| {
        let span = |p: &Piece| (p.head_x - p.tail_x).abs();
        span(&pieces[a]).total_cmp(&span(&pieces[b])).then(a.cmp(&b))
    });
    let mut lanes: Vec<Vec<Vec<(f32, f32)>>> = vec![Vec::new(); rows];
    for i in order {
        let (a, b) = extent(&pieces[i]);
        let row = pieces[i].row;
        let lane = (0..)
            .find(|&k| {
                lanes[row]
                    .get(k)
                    .is_none_or(|spans: &Vec<(f32, f32)>| spans.iter().all(|&(x, y)| b <= x || y <= a))
            })
            .unwrap_or(0);
        if lanes[row].len() <= lane {
            lanes[row].resize(lane + 1, Vec::new());
        }
        lanes[row][lane].push((a, b));
        pieces[i].lane = lane;
    }

    // Rows moved down by the bands above them.
    let chip_band = |r: usize| chip_levels[r] as f32 * CHIP_STEP;
    let lane_band = |r: usize| lanes[r].len() as f32 * LANE_HEIGHT;
    let mut text_tops = Vec::with_capacity(rows);
    let mut y = 0.0;
    for r in 0..rows {
        y += chip_band(r) + lane_band(r);
        text_tops.push(y);
        y += row_band(base, r).height() + ROW_BELOW;
    }
    let height = y + PARAGRAPH_GAP;
    let shift: Vec<f32> = (0..rows).map(|r| text_tops[r] - base.rows[r].pos.y).collect();
    let moved = |rect: Rect, row: usize| rect.translate(vec2(0.0, shift[row]));

    let mut galley = (**base).clone();
    for (r, row) in galley.rows.iter_mut().enumerate() {
        row.pos.y += shift[r];
    }
    galley.rect = Rect::from_min_max(galley.rect.min, pos2(galley.rect.max.x, height));
    galley.mesh_bounds = galley.rect.expand(2.0);
    let galley = Arc::new(galley);

    let spans = marks
        .iter()
        .enumerate()
        .map(|(i, mark)| PlacedSpan {
            mark: mark.key,
            rects: segments[i].iter().map(|s| moved(s.rect, s.row_index)).collect(),
            level: levels[i],
            style: mark.style,
            color: mark.color,
        })
        .collect();
    let placed_chips: Vec<PlacedChip> = chips
        .into_iter()
        .map(|(i, row, level, x, w, caption)| {
            let bottom = text_tops[row] - 1.0 - level as f32 * CHIP_STEP;
            PlacedChip {
                mark: marks[i].key,
                rect: Rect::from_min_max(pos2(x, bottom - (CHIP_STEP - 2.0)), pos2(x + w, bottom)),
                caption,
            }
        })
        .collect();
    let arcs = pieces
        .into_iter()
        .map(|p| {
            let link = &links[p.link];
            let lane_y = text_tops[p.row] - chip_band(p.row) - (p.lane as f32 + 0.5) * LANE_HEIGHT;
            let attach = |here: bool, x: f32, end: LinkEnd| -> Pos2 {
                if !here {
                    return pos2(x, lane_y);
                }
                let chip = match end {
                    LinkEnd::Here(key) => placed_chips.iter().find(|c| c.mark == key).map(|c| c.rect.center_top()),
                    _ => None,
                };
                chip.unwrap_or_else(|| pos2(x, text_tops[p.row]))
            };
            let from = attach(p.head_here, p.head_x, link.head);
            let to = attach(p.tail_here, p.tail_x, link.tail);
            let points = elbow(from, to, lane_y);
            let centre = label_centre(p.head_x, p.tail_x, p.label_w, width);
            let label_h = p.caption.size().y + 1.0;
            let label = Rect::from_center_size(pos2(centre, lane_y), vec2(p.label_w, label_h.min(LANE_HEIGHT - 1.0)));
            PlacedArc {
                link: link.key,
                points,
                arrow_at: p.tail_here.then_some(to),
                label,
                caption: p.caption,
                style: link.style,
            }
        })
        .collect();
    PlacedParagraph {
        galley,
        height,
        spans,
        chips: placed_chips,
        arcs,
    }
}

/// The label's centre: the middle of its piece, kept inside the text width.
fn label_centre(head_x: f32, tail_x: f32, label_w: f32, width: f32) -> f32 {
    let centre = (head_x + tail_x) / 2.0;
    centre.clamp(label_w / 2.0, (width - label_w / 2.0).max(label_w / 2.0))
}

/// Up from `from` to the lane, along it, and down to `to`, with the corners
/// cut so that the line reads as an arc.
fn elbow(from: Pos2, to: Pos2, lane_y: f32) -> Vec<Pos2> {
    let corner = 4.0_f32;
    let dir = if to.x >= from.x { 1.0 } else { -1.0 };
    let mut points = Vec::with_capacity(6);
    points.push(from);
    if from.y > lane_y + corner {
        points.push(pos2(from.x, lane_y + corner));
    }
    points.push(pos2(from.x + dir * corner.min((to.x - from.x).abs() / 2.0), lane_y));
    points.push(pos2(to.x - dir * corner.min((to.x - from.x).abs() / 2.0), lane_y));
    if to.y > lane_y + corner {
        points.push(pos2(to.x, lane_y + corner));
    }
    points.push(to);
    points
}
