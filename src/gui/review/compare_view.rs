//! The Compare view: the document once, with every compared annotator's
//! entities and relations over it. What everyone has looks as in Annotate
//! mode (filled with its label's colour); what only some have is dashed and
//! pale, its label carrying the initials of those who have it. It is laid
//! out and painted by the document view's own code (rows, chips, relation
//! lanes, colours), only the marks differ.

use std::collections::HashMap;
use std::ops::Range;

use egui::{Color32, CornerRadius, Pos2, Rect, Sense, Stroke, Vec2, vec2};

use super::compare_data::CompareData;
use crate::agreement::{ComparedRelation, ComparedSpan, Place, SpanKey};
use crate::gui::document_view::marks::{Link, LinkEnd, Mark, MarkStyle};
use crate::gui::document_view::{Lines, SIDE_MARGIN, TextLayout, geometry, paint, paragraph_of};
use crate::schema::LabelSchema;

/// A label's colour, the same as in the document view.
pub use crate::gui::document_view::paint::entity_color as label_color;

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
    pub lines: Lines,
}

impl CompareView {
    /// Scrolls so that code point `offset` is on screen on the next frame.
    pub fn scroll_to(&mut self, offset: usize) {
        self.scroll_to = Some(offset);
    }

    /// Draws the view; returns the disagreement the user clicked, if any.
    pub fn ui(&mut self, ui: &mut egui::Ui, input: &CompareInput<'_>) -> Option<Place> {
        // Never under the side panel: egui can hand the centre more width
        // than is left beside the panel after the window shrinks.
        let mut area = ui.available_rect_before_wrap();
        area.max.x = area.max.x.min(ui.clip_rect().max.x);
        if let Some(edge) = crate::gui::side_panel::left_edge(ui.ctx()) {
            area.max.x = area.max.x.min(edge - ui.spacing().item_spacing.x);
        }
        area.max.x = area.max.x.max(area.min.x);
        ui.scope_builder(egui::UiBuilder::new().max_rect(area), |ui| self.shown_ui(ui, input))
            .inner
    }

    fn shown_ui(&mut self, ui: &mut egui::Ui, input: &CompareInput<'_>) -> Option<Place> {
        let document = &input.data.document;
        if !self.layout.as_ref().is_some_and(|l| l.is_for(document, input.lines)) {
            self.layout = Some(TextLayout::new(document, input.lines));
        }
        let layout = self.layout.as_mut()?;
        let scrollbar = ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin;
        let width = (ui.available_width() - 2.0 * SIDE_MARGIN - scrollbar).max(60.0);
        layout.prepare(ui.ctx(), width, input.font_size, paint::Theme::of(ui).text);
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("compare-view")
            .auto_shrink([false, false]);
        if let Some(offset) = self.scroll_to.take() {
            let top = layout.top(paragraph_of(layout.paragraphs(), offset));
            scroll = scroll.vertical_scroll_offset((top - ui.available_height() / 3.0).max(0.0));
        }
        let span_index: HashMap<&SpanKey, usize> = input
            .data
            .comparison
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| (&s.key, i))
            .collect();
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
            let theme = paint::Theme::of(ui);
            let mut frame = Frame {
                ui,
                input,
                span_index: &span_index,
                clicked: None,
            };
            let mut shown = Vec::new();
            for index in layout.visible(viewport.min.y..viewport.max.y) {
                let paragraph = layout.paragraphs()[index].clone();
                let top = layout.top(index);
                let (marks, links) = frame.marks(&paragraph);
                let Some(placed) = layout.placed(frame.ui.ctx(), document, index, &marks, &links) else {
                    continue;
                };
                let origin = content.min + Vec2::new(SIDE_MARGIN, top);
                frame.paint_focus(&painter, &paragraph, origin, &placed.galley);
                paint::spans(&painter, origin, placed, None, theme);
                painter.galley(origin, placed.galley.clone(), theme.text);
                let color_of = |key: usize| {
                    let span = &input.data.comparison.spans[key];
                    (paint::entity_color(input.schema, &span.key.label), style(span.agreed))
                };
                paint::chips(&painter, origin, placed, None, &color_of, theme);
                shown.push((index, origin));
            }
            let no_emphasis = |_: usize| false;
            for &(index, origin) in &shown {
                if let Some(placed) = layout.last_placed(index) {
                    paint::arcs(&painter, origin, placed, &no_emphasis, theme);
                }
            }
            let mut labelled = Vec::new();
            for &(index, origin) in &shown {
                let Some(placed) = layout.last_placed(index) else {
                    continue;
                };
                for span in &placed.spans {
                    let chip = placed.chips.iter().find(|c| c.mark == span.mark).map(|c| c.rect);
                    if let Some(first) = span.rects.first() {
                        let area = chip.map_or(*first, |c| c.union(*first)).translate(origin.to_vec2());
                        frame.register_span(&input.data.comparison.spans[span.mark], area);
                    }
                }
                for arc in &placed.arcs {
                    let first_piece = !labelled.contains(&arc.link);
                    labelled.push(arc.link);
                    let relation = &input.data.comparison.relations[arc.link];
                    frame.register_relation(relation, arc.label.translate(origin.to_vec2()), first_piece, index);
                }
            }
            clicked = frame.clicked;
        });
        clicked
    }
}

fn style(agreed: bool) -> MarkStyle {
    if agreed { MarkStyle::Solid } else { MarkStyle::Partial }
}

struct Frame<'u, 'i> {
    ui: &'u mut egui::Ui,
    input: &'i CompareInput<'i>,
    span_index: &'u HashMap<&'i SpanKey, usize>,
    clicked: Option<Place>,
}

impl<'i> Frame<'_, 'i> {
    /// Compared spans as marks (keyed by their index), compared relations
    /// with an end starting in this paragraph as links.
    fn marks(&self, paragraph: &Range<usize>) -> (Vec<Mark>, Vec<Link>) {
        let input = self.input;
        let spans = &input.data.comparison.spans;
        let end = paragraph.end.max(paragraph.start + 1);
        let before_end = spans.partition_point(|s| s.key.start < end);
        let marks: Vec<Mark> = spans[..before_end]
            .iter()
            .enumerate()
            .filter(|(_, s)| s.key.end > paragraph.start)
            .map(|(i, span)| Mark {
                key: i,
                start: span.key.start,
                end: span.key.end,
                chip: Some(if span.agreed {
                    span.key.label.clone()
                } else {
                    format!("{} · {}", span.key.label, input.data.tags.joined(&span.annotators))
                }),
                color: paint::entity_color(input.schema, &span.key.label),
                style: style(span.agreed),
            })
            .collect();
        let mut links = Vec::new();
        if input.show_relations {
            let here = |key: &SpanKey| -> Option<LinkEnd> {
                Some(if key.start < paragraph.start {
                    LinkEnd::Before
                } else if key.start >= end {
                    LinkEnd::After
                } else {
                    LinkEnd::Here(*self.span_index.get(key)?)
                })
            };
            for (i, relation) in input.data.comparison.relations.iter().enumerate() {
                let (Some(head), Some(tail)) = (here(&relation.key.head), here(&relation.key.tail)) else {
                    continue;
                };
                if !matches!(head, LinkEnd::Here(_)) && !matches!(tail, LinkEnd::Here(_)) {
                    continue;
                }
                links.push(Link {
                    key: i,
                    head,
                    tail,
                    caption: if relation.agreed {
                        relation.key.label.clone()
                    } else {
                        format!(
                            "{} · {}",
                            relation.key.label,
                            input.data.tags.joined(&relation.annotators)
                        )
                    },
                    style: style(relation.agreed),
                });
            }
        }
        (marks, links)
    }

    fn paint_focus(&self, painter: &egui::Painter, paragraph: &Range<usize>, origin: Pos2, galley: &egui::Galley) {
        let Some(focus) = self.input.focus else {
            return;
        };
        let (start, end) = focus.range();
        if start >= paragraph.end || end <= paragraph.start {
            return;
        }
        let from = start.max(paragraph.start) - paragraph.start;
        let to = end.min(paragraph.end) - paragraph.start;
        for segment in geometry::segments(galley, origin, from, to) {
            painter.rect_stroke(
                segment.rect.expand2(vec2(3.0, 3.0)),
                CornerRadius::same(4),
                Stroke::new(2.0, FOCUS_COLOR),
                egui::StrokeKind::Outside,
            );
        }
    }

    /// An accessible, clickable node per visible entity, labelled like
    /// `PERSON: Edi Rama (agreed)` or `COUNTRY: Rome (bob)`.
    fn register_span(&mut self, span: &'i ComparedSpan, area: Rect) {
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

    fn register_relation(
        &mut self,
        relation: &'i ComparedRelation,
        label_rect: Rect,
        first_piece: bool,
        paragraph: usize,
    ) {
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
            self.ui
                .scope_id()
                .with(("compare-relation", &relation.key, paragraph, label_rect.min.y as i32)),
            Sense::click(),
        );
        if first_piece {
            response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &label));
        }
        if response.clicked() && !relation.agreed {
            let ends = relation.key.ends();
            self.clicked = Some(Place::Relations {
                first: ends.0,
                second: ends.1,
            });
        }
    }
}
