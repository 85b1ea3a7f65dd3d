//! The Compare view: the document once, with every compared annotator's
//! entities and relations over it. What everyone has looks as in Annotate
//! mode (filled with its label's colour); what only some have is dashed and
//! pale, its label carrying the initials of those who have it. Only the
//! paragraphs on screen are laid out and painted.

use std::collections::HashMap;

use egui::epaint::CubicBezierShape;
use egui::{Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2, vec2};

use super::compare_data::CompareData;
use crate::agreement::{ComparedRelation, ComparedSpan, Place, SpanKey};
use crate::annotations::Entity;
use crate::gui::document_view::geometry::{self, Segment};
use crate::gui::document_view::paint;
use crate::gui::document_view::stacking::stack_levels;
use crate::gui::document_view::{TextLayout, paragraph_of};
use crate::schema::LabelSchema;

const CHIP_FONT_SIZE: f32 = 10.0;
const UNDERLINE_SPACING: f32 = 3.0;
const MAX_UNDERLINE_LEVELS: usize = 3;
/// Marks the disagreement jumped to.
pub const FOCUS_COLOR: Color32 = Color32::from_rgb(230, 120, 0);

/// The frame around one disagreement in a side-panel list; the focused one
/// is outlined in the focus colour.
pub fn disagreement_frame(ui: &egui::Ui, focused: bool) -> egui::Frame {
    let stroke = if focused {
        Stroke::new(2.0, FOCUS_COLOR)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    egui::Frame::group(ui.style()).stroke(stroke)
}

#[derive(Default)]
pub struct CompareView {
    layout: Option<TextLayout>,
    scroll_to: Option<usize>,
}

pub struct CompareInput<'a> {
    pub data: &'a CompareData,
    pub schema: &'a LabelSchema,
    pub focus: Option<&'a Place>,
    pub font_size: f32,
    pub show_relations: bool,
}

impl CompareView {
    /// Scrolls so that code point `offset` is on screen on the next frame.
    pub fn scroll_to(&mut self, offset: usize) {
        self.scroll_to = Some(offset);
    }

    /// Draws the view; returns the disagreement the user clicked, if any.
    pub fn ui(&mut self, ui: &mut egui::Ui, input: &CompareInput<'_>) -> Option<Place> {
        let document = &input.data.document;
        if !self.layout.as_ref().is_some_and(|l| l.is_for(document)) {
            self.layout = Some(TextLayout::new(document));
        }
        let layout = self.layout.as_mut()?;
        let width = (ui.available_width() - 24.0).max(120.0);
        layout.prepare(ui.ctx(), width, input.font_size, ui.visuals().text_color());
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("compare-view")
            .auto_shrink([false, false]);
        if let Some(offset) = self.scroll_to.take() {
            let top = layout.top(paragraph_of(layout.paragraphs(), offset));
            scroll = scroll.vertical_scroll_offset((top - ui.available_height() / 3.0).max(0.0));
        }
        let mut clicked = None;
        scroll.show_viewport(ui, |ui, viewport| {
            let total = layout.total_height();
            let (content, _) = ui.allocate_exact_size(Vec2::new(ui.available_width(), total), Sense::hover());
            // Only the viewport: egui's clip margin would let marks of a
            // paragraph scrolled just out of view show over the header.
            let visible = Rect::from_min_max(
                content.min + viewport.min.to_vec2(),
                content.min + viewport.max.to_vec2(),
            );
            let painter = ui.painter().with_clip_rect(visible.intersect(ui.clip_rect()));
            let mut frame = Frame {
                ui,
                painter,
                input,
                origin: content.min,
                chips: HashMap::new(),
                first_visible: usize::MAX,
                clicked: None,
            };
            for index in layout.visible(viewport.min.y..viewport.max.y) {
                let Some(galley) = layout.galley(frame.ui.ctx(), document, index) else {
                    continue;
                };
                let paragraph = layout.paragraphs()[index].clone();
                let rect = Rect::from_min_size(frame.origin + Vec2::new(0.0, layout.top(index)), galley.size());
                frame.paint_paragraph(paragraph, rect, &galley);
            }
            if input.show_relations {
                frame.paint_relations(viewport);
            }
            clicked = frame.clicked;
        });
        clicked
    }
}

struct Frame<'u, 'i> {
    ui: &'u mut egui::Ui,
    painter: Painter,
    input: &'i CompareInput<'i>,
    origin: Pos2,
    /// Where each visible entity's label chip was drawn.
    chips: HashMap<&'i SpanKey, Rect>,
    first_visible: usize,
    clicked: Option<Place>,
}

impl<'i> Frame<'_, 'i> {
    fn paint_paragraph(
        &mut self,
        paragraph: std::ops::Range<usize>,
        rect: Rect,
        galley: &std::sync::Arc<egui::Galley>,
    ) {
        self.first_visible = self.first_visible.min(paragraph.start);
        let painter = self.painter.clone();
        let input = self.input;
        let spans = &input.data.comparison.spans;
        let before_end = spans.partition_point(|s| s.key.start < paragraph.end.max(paragraph.start + 1));
        let here: Vec<&'i ComparedSpan> = spans[..before_end]
            .iter()
            .filter(|s| s.key.end > paragraph.start)
            .collect();
        let local = |start: usize, end: usize| {
            (
                start.max(paragraph.start) - paragraph.start,
                end.min(paragraph.end) - paragraph.start,
            )
        };

        if let Some(focus) = input.focus {
            let (start, end) = focus.range();
            if start < paragraph.end && end > paragraph.start {
                let (from, to) = local(start, end);
                for segment in geometry::segments(galley, rect.min, from, to) {
                    painter.rect_stroke(
                        segment
                            .row
                            .shrink2(vec2(0.0, 2.0))
                            .with_min_x(segment.rect.min.x - 3.0)
                            .with_max_x(segment.rect.max.x + 3.0),
                        CornerRadius::same(4),
                        Stroke::new(2.0, FOCUS_COLOR),
                        egui::StrokeKind::Outside,
                    );
                }
            }
        }

        let as_entities: Vec<Entity> = here
            .iter()
            .enumerate()
            .map(|(i, s)| Entity::new(i.to_string(), s.key.label.clone(), s.key.start, s.key.end))
            .collect();
        let levels = stack_levels(&as_entities.iter().collect::<Vec<_>>());
        let mut chips = ChipRow::default();
        for (span, level) in here.iter().zip(levels) {
            let (from, to) = local(span.key.start, span.key.end);
            let segments = geometry::segments(galley, rect.min, from, to);
            let color = label_color(input.schema, &span.key.label);
            for segment in &segments {
                paint_span(&painter, segment.rect, color, level, span.agreed);
            }
            let Some(first) = segments.first().copied() else {
                continue;
            };
            let chip = (span.key.start >= paragraph.start).then(|| {
                let text = if span.agreed {
                    span.key.label.clone()
                } else {
                    format!("{} · {}", span.key.label, input.data.tags.joined(&span.annotators))
                };
                chips.place(&painter, first, &text, color, span.agreed)
            });
            if let Some(chip) = chip {
                self.chips.insert(&span.key, chip);
            }
            self.register_span(span, first, chip);
        }
        painter.galley(rect.min, galley.clone(), self.ui.visuals().text_color());
    }

    /// An accessible, clickable node per visible entity, labelled like
    /// `PERSON: Edi Rama (agreed)` or `COUNTRY: Rome (bob)`.
    fn register_span(&mut self, span: &'i ComparedSpan, first: Segment, chip: Option<Rect>) {
        let text = self
            .input
            .data
            .document
            .slice(span.key.start, span.key.end)
            .unwrap_or_default();
        let who = if span.agreed {
            "agreed".to_owned()
        } else {
            span.annotators.join(", ")
        };
        let label = format!("{}: {text} ({who})", span.key.label);
        let area = chip.map_or(first.rect, |c| c.union(first.rect));
        let response = self.ui.interact(
            area,
            self.ui.scope_id().with(("compare-span", &span.key)),
            Sense::click(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &label));
        let response = response.on_hover_text(&label);
        if response.clicked() && !span.agreed {
            self.clicked = self
                .input
                .data
                .comparison
                .disagreements
                .iter()
                .find_map(|d| match d.place {
                    Place::Entities { start, end } if start <= span.key.start && span.key.end <= end => {
                        Some(d.place.clone())
                    }
                    _ => None,
                });
        }
    }

    fn paint_relations(&mut self, viewport: Rect) {
        let painter = self.painter.clone();
        let top = self.origin.y + viewport.min.y - 30.0;
        let bottom = self.origin.y + viewport.max.y + 30.0;
        let input = self.input;
        for relation in &input.data.comparison.relations {
            let head = self.chips.get(&relation.key.head).map(|c| c.center_top());
            let tail = self.chips.get(&relation.key.tail).map(|c| c.center_top());
            let off_screen = |key: &SpanKey, other: Pos2| {
                Pos2::new(other.x, if key.start < self.first_visible { top } else { bottom })
            };
            let (from, to) = match (head, tail) {
                (Some(h), Some(t)) => (h, t),
                (Some(h), None) => (h, off_screen(&relation.key.tail, h)),
                (None, Some(t)) => (off_screen(&relation.key.head, t), t),
                (None, None) => continue,
            };
            let caption = if relation.agreed {
                relation.key.label.clone()
            } else {
                format!(
                    "{} · {}",
                    relation.key.label,
                    input.data.tags.joined(&relation.annotators)
                )
            };
            let label_rect = paint_arc(&painter, from, to, &caption, relation.agreed);
            self.register_relation(relation, label_rect);
        }
    }

    fn register_relation(&mut self, relation: &'i ComparedRelation, label_rect: Rect) {
        let name = |key: &SpanKey| {
            let text = self.input.data.document.slice(key.start, key.end).unwrap_or_default();
            text.split_whitespace().last().unwrap_or(text).to_owned()
        };
        let who = if relation.agreed {
            "agreed".to_owned()
        } else {
            relation.annotators.join(", ")
        };
        let label = format!(
            "{}: {} → {} ({who})",
            relation.key.label,
            name(&relation.key.head),
            name(&relation.key.tail)
        );
        let response = self.ui.interact(
            label_rect,
            self.ui.scope_id().with(("compare-relation", &relation.key)),
            Sense::click(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &label));
        if response.clicked() && !relation.agreed {
            let ends = relation.key.ends();
            self.clicked = Some(Place::Relations {
                first: ends.0,
                second: ends.1,
            });
        }
    }
}

pub fn label_color(schema: &LabelSchema, label: &str) -> Color32 {
    schema.entity(label).map_or(Color32::from_gray(150), |entity| {
        let [r, g, b] = entity.rgb();
        Color32::from_rgb(r, g, b)
    })
}

fn darker(color: Color32, factor: f32) -> Color32 {
    let scale = |c: u8| (f32::from(c) * factor) as u8;
    Color32::from_rgb(scale(color.r()), scale(color.g()), scale(color.b()))
}

fn paint_span(painter: &Painter, rect: Rect, color: Color32, level: usize, agreed: bool) {
    let level = level.min(MAX_UNDERLINE_LEVELS - 1);
    let y = rect.max.y + 2.5 + level as f32 * UNDERLINE_SPACING;
    let line = [pos2(rect.min.x, y), pos2(rect.max.x, y)];
    if agreed {
        painter.rect_filled(
            rect.expand2(vec2(0.5, 1.0)),
            CornerRadius::same(2),
            color.gamma_multiply(0.55),
        );
        painter.line_segment(line, Stroke::new(2.0, darker(color, 0.75)));
    } else {
        let outline = rect.expand2(vec2(0.5, 1.0));
        painter.rect_filled(outline, CornerRadius::same(2), color.gamma_multiply(0.18));
        let stroke = Stroke::new(1.5, darker(color, 0.6));
        let corners = [
            outline.left_top(),
            outline.right_top(),
            outline.right_bottom(),
            outline.left_bottom(),
            outline.left_top(),
        ];
        painter.extend(Shape::dashed_line(&corners, stroke, 4.0, 3.0));
        painter.extend(Shape::dashed_line(
            &line,
            Stroke::new(2.0, darker(color, 0.6)),
            4.0,
            3.0,
        ));
    }
}

/// Label chips of one paragraph, placed like the document view's, drawn
/// filled when agreed and outlined when not.
#[derive(Default)]
struct ChipRow {
    slots: paint::ChipRow,
}

impl ChipRow {
    fn place(&mut self, painter: &Painter, first: Segment, text: &str, color: Color32, agreed: bool) -> Rect {
        let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(CHIP_FONT_SIZE), Color32::BLACK);
        let chip = self.slots.reserve(first, galley.size().x + 6.0, galley.size().y);
        if agreed {
            painter.rect_filled(chip, CornerRadius::same(3), color);
        } else {
            painter.rect(
                chip,
                CornerRadius::same(3),
                Color32::WHITE,
                Stroke::new(1.5, darker(color, 0.6)),
                egui::StrokeKind::Inside,
            );
        }
        painter.galley(chip.min + vec2(3.0, 0.0), galley, Color32::BLACK);
        chip
    }
}

/// An arc from `from` to `to` with an arrow at `to` and the caption at its
/// top, dashed when not everyone has the relation; returns the caption's rect.
fn paint_arc(painter: &Painter, from: Pos2, to: Pos2, caption: &str, agreed: bool) -> Rect {
    let color = if agreed {
        Color32::from_rgba_unmultiplied(60, 60, 90, 140)
    } else {
        Color32::from_rgb(200, 90, 0)
    };
    let rise = 16.0 + (to.x - from.x).abs() * 0.08 + if (to.y - from.y).abs() > 1.0 { 10.0 } else { 0.0 };
    let top = from.y.min(to.y) - rise;
    let points = [from, pos2(from.x, top), pos2(to.x, top), to];
    let curve = CubicBezierShape::from_points_stroke(points, false, Color32::TRANSPARENT, Stroke::new(1.2, color));
    let middle = curve.sample(0.5);
    if agreed {
        painter.add(curve);
    } else {
        painter.extend(Shape::dashed_line(
            &curve.flatten(Some(0.5)),
            Stroke::new(1.5, color),
            5.0,
            3.0,
        ));
    }
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
    let galley = painter.layout_no_wrap(
        caption.to_owned(),
        FontId::proportional(CHIP_FONT_SIZE),
        Color32::from_gray(30),
    );
    let rect = Align2::CENTER_CENTER.anchor_size(middle, galley.size() + Vec2::new(6.0, 2.0));
    painter.rect(
        rect,
        CornerRadius::same(3),
        Color32::from_rgba_unmultiplied(255, 255, 255, 230),
        Stroke::new(1.0, color),
        egui::StrokeKind::Inside,
    );
    painter.galley(rect.min + vec2(3.0, 1.0), galley, Color32::from_gray(30));
    rect
}
