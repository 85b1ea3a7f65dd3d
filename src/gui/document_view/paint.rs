//! How annotations look: highlights, underlines, chips and arcs.

use egui::epaint::CubicBezierShape;
use egui::{Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2, vec2};

use super::geometry::Segment;
use crate::schema::LabelSchema;

const CHIP_FONT_SIZE: f32 = 10.0;
const UNDERLINE_SPACING: f32 = 3.0;
const MAX_UNDERLINE_LEVELS: usize = 3;

pub fn entity_color(schema: &LabelSchema, label: &str) -> Color32 {
    match schema.entity(label) {
        Some(entity) => {
            let [r, g, b] = entity.rgb();
            Color32::from_rgb(r, g, b)
        }
        // A label the schema does not know (a file that failed its checks).
        None => Color32::from_gray(150),
    }
}

fn darker(color: Color32, factor: f32) -> Color32 {
    let scale = |c: u8| (f32::from(c) * factor) as u8;
    Color32::from_rgb(scale(color.r()), scale(color.g()), scale(color.b()))
}

pub fn entity_segment(painter: &Painter, rect: Rect, color: Color32, level: usize, selected: bool) {
    painter.rect_filled(
        rect.expand2(vec2(0.5, 1.0)),
        CornerRadius::same(2),
        color.gamma_multiply(0.55),
    );
    let level = level.min(MAX_UNDERLINE_LEVELS - 1);
    let y = rect.max.y + 2.5 + level as f32 * UNDERLINE_SPACING;
    painter.line_segment(
        [pos2(rect.min.x, y), pos2(rect.max.x, y)],
        Stroke::new(2.0, darker(color, 0.75)),
    );
    if selected {
        painter.rect_stroke(
            rect.expand2(vec2(1.5, 2.5)),
            CornerRadius::same(3),
            Stroke::new(2.0, Color32::from_rgb(20, 20, 20)),
            egui::StrokeKind::Outside,
        );
    }
}

/// A suggested entity: an outline in the label's colour, no fill and no
/// chip, unlike an accepted entity. One shape per segment keeps hundreds of
/// suggestions on screen cheap.
pub fn suggestion(painter: &Painter, rect: Rect, color: Color32) {
    painter.rect_stroke(
        rect.expand2(vec2(1.0, 2.0)),
        CornerRadius::same(3),
        Stroke::new(1.5, darker(color, 0.7)),
        egui::StrokeKind::Outside,
    );
}

pub fn text_selection(painter: &Painter, rect: Rect) {
    painter.rect_filled(
        rect,
        CornerRadius::ZERO,
        Color32::from_rgba_unmultiplied(70, 130, 230, 90),
    );
}

pub fn search_match(painter: &Painter, rect: Rect, current: bool) {
    let (fill, stroke) = if current {
        (
            Color32::from_rgba_unmultiplied(255, 150, 0, 140),
            Stroke::new(2.0, Color32::from_rgb(220, 100, 0)),
        )
    } else {
        (Color32::from_rgba_unmultiplied(255, 230, 0, 120), Stroke::NONE)
    };
    painter.rect_filled(rect.expand(1.0), CornerRadius::same(2), fill);
    if current {
        painter.rect_stroke(
            rect.expand(1.0),
            CornerRadius::same(2),
            stroke,
            egui::StrokeKind::Outside,
        );
    }
}

/// Label chips of one paragraph: each sits above its entity's start, moved
/// right only as far as needed not to cover another chip on the same row.
#[derive(Default)]
pub struct ChipRow {
    /// Per row (by its top y), the x-ranges already taken.
    taken: Vec<(f32, Vec<(f32, f32)>)>,
}

impl ChipRow {
    /// The rect for a chip `width` wide above an entity whose first segment is
    /// `first`, at the entity's start or as near after it as is free.
    pub fn reserve(&mut self, first: Segment, width: f32, height: f32) -> Rect {
        let row_top = first.row.min.y;
        let index = match self.taken.iter().position(|(top, _)| (*top - row_top).abs() < 0.5) {
            Some(index) => index,
            None => {
                self.taken.push((row_top, Vec::new()));
                self.taken.len() - 1
            }
        };
        let taken = &mut self.taken[index].1;
        let mut x = first.rect.min.x;
        while let Some(&(_, end)) = taken.iter().find(|&&(start, end)| x < end && start < x + width) {
            x = end + 2.0;
        }
        taken.push((x, x + width));
        Rect::from_min_size(
            pos2(x, row_top + 0.5),
            vec2(width, height.min(first.rect.min.y - row_top)),
        )
    }

    /// Paints the chip for an entity whose first segment is `first`, above it;
    /// returns the chip's rect.
    pub fn place(&mut self, painter: &Painter, first: Segment, label: &str, color: Color32, selected: bool) -> Rect {
        let galley = painter.layout_no_wrap(label.to_owned(), FontId::proportional(CHIP_FONT_SIZE), Color32::BLACK);
        let chip = self.reserve(first, galley.size().x + 6.0, galley.size().y);
        painter.rect_filled(chip, CornerRadius::same(3), color);
        if selected {
            painter.rect_stroke(
                chip,
                CornerRadius::same(3),
                Stroke::new(1.5, Color32::BLACK),
                egui::StrokeKind::Outside,
            );
        }
        painter.galley(chip.min + vec2(3.0, 0.0), galley, Color32::BLACK);
        chip
    }
}

/// Draws an arc from `from` to `to` with an arrow at `to` and the label at
/// its top; returns the label's rect.
pub fn relation_arc(painter: &Painter, from: Pos2, to: Pos2, label: &str, emphasised: bool, _font_size: f32) -> Rect {
    let (color, width) = if emphasised {
        (Color32::from_rgb(200, 40, 40), 2.0)
    } else {
        (Color32::from_rgba_unmultiplied(60, 60, 90, 110), 1.0)
    };
    let rise = 16.0 + (to.x - from.x).abs() * 0.08 + if (to.y - from.y).abs() > 1.0 { 10.0 } else { 0.0 };
    let top = from.y.min(to.y) - rise;
    let points = [from, pos2(from.x, top), pos2(to.x, top), to];
    painter.add(CubicBezierShape::from_points_stroke(
        points,
        false,
        Color32::TRANSPARENT,
        Stroke::new(width, color),
    ));
    let arrow = 5.0;
    painter.add(Shape::convex_polygon(
        vec![
            to,
            to + vec2(-arrow * 0.7, -arrow * 1.3),
            to + vec2(arrow * 0.7, -arrow * 1.3),
        ],
        color,
        Stroke::NONE,
    ));
    let middle = bezier_point(&points, 0.5);
    let galley = painter.layout_no_wrap(
        label.to_owned(),
        FontId::proportional(CHIP_FONT_SIZE),
        if emphasised {
            Color32::WHITE
        } else {
            Color32::from_gray(40)
        },
    );
    let rect = Align2::CENTER_CENTER.anchor_size(middle, galley.size() + Vec2::new(6.0, 2.0));
    let fill = if emphasised {
        color
    } else {
        Color32::from_rgba_unmultiplied(255, 255, 255, 220)
    };
    painter.rect(
        rect,
        CornerRadius::same(3),
        fill,
        Stroke::new(1.0, color),
        egui::StrokeKind::Inside,
    );
    painter.galley(rect.min + vec2(3.0, 1.0), galley, Color32::BLACK);
    rect
}

pub fn relation_preview(painter: &Painter, from: Pos2, to: Pos2) {
    painter.line_segment([from, to], Stroke::new(2.0, Color32::from_rgb(200, 40, 40)));
    painter.circle_filled(to, 4.0, Color32::from_rgb(200, 40, 40));
}

fn bezier_point(points: &[Pos2; 4], t: f32) -> Pos2 {
    let u = 1.0 - t;
    let weights = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    let mut x = 0.0;
    let mut y = 0.0;
    for (p, w) in points.iter().zip(weights) {
        x += p.x * w;
        y += p.y * w;
    }
    pos2(x, y)
}
