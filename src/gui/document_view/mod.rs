//! The document in the centre: text wrapped to the window, entities as
//! coloured highlights with stacked underlines and label chips, relations as
//! labelled arcs. Only the paragraphs on screen are laid out and painted.

pub(crate) mod geometry;
mod layout;
pub(crate) mod paint;
mod paragraphs;
pub(crate) mod stacking;

use std::collections::HashMap;
use std::ops::Range;

use egui::{Id, Pos2, Rect, Sense, Vec2};

pub use layout::TextLayout;
pub use paragraphs::{paragraph_of, split_paragraphs};

use crate::annotations::Entity;
use crate::project::OpenDocument;
use crate::schema::LabelSchema;
use crate::text::{snap_to_words, trim_whitespace, word_at};

/// What is selected in the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    #[default]
    Nothing,
    /// A span of text, not yet an entity.
    Text {
        start: usize,
        end: usize,
    },
    Entity(String),
    Relation(String),
}

/// Suggestions are sorted by start; one longer than this may be skipped when
/// it starts far above the screen.
const MAX_SUGGESTION_REACH: usize = 1_000;

/// What the view shows besides the annotations themselves.
pub struct ViewInput<'a> {
    pub document: &'a OpenDocument,
    pub schema: &'a LabelSchema,
    pub selection: &'a Selection,
    pub search_matches: &'a [Range<usize>],
    pub current_match: Option<usize>,
    pub show_relations: bool,
    /// Head of a relation being made, waiting for its tail.
    pub relation_head: Option<&'a str>,
    /// Entities offered but not accepted, drawn apart from annotations.
    pub suggestions: &'a [crate::formats::suggestions::Suggestion],
}

/// What the user did in the view; the app turns these into commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewEvent {
    Select(Selection),
    /// An entity was clicked (select it, or finish a relation).
    EntityClicked(String),
    /// A label chip was dragged onto another entity.
    RelationDrawn {
        head: String,
        tail: String,
    },
}

/// A drag over the text that is selecting characters.
#[derive(Clone, Copy, Debug)]
struct TextDrag {
    anchor: usize,
    current: usize,
    exact: bool,
}

pub struct DocumentView {
    layout: Option<TextLayout>,
    /// Paragraphs painted in the last frame, for locating characters.
    last_painted: Vec<(Range<usize>, Rect, std::sync::Arc<egui::Galley>)>,
    text_drag: Option<TextDrag>,
    relation_drag: Option<String>,
    scroll_to: Option<usize>,
    /// A scroll position in pixels to jump to on the next frame.
    scroll_to_y: Option<f32>,
    /// The scroll position and content height of the last frame.
    last_offset: f32,
    last_height: f32,
    pub font_size: f32,
}

impl Default for DocumentView {
    fn default() -> Self {
        Self {
            layout: None,
            last_painted: Vec::new(),
            text_drag: None,
            relation_drag: None,
            scroll_to: None,
            scroll_to_y: None,
            last_offset: 0.0,
            last_height: 0.0,
            font_size: 16.0,
        }
    }
}

/// Everything painted for one entity this frame, for hit tests and arcs.
struct PlacedEntity {
    chip: Rect,
}

impl DocumentView {
    /// Scrolls so that code point `offset` is on screen on the next frame.
    pub fn scroll_to(&mut self, offset: usize) {
        self.scroll_to = Some(offset);
    }

    /// Scrolls by `dy` pixels on the next frame; returns false when the end
    /// of the document was already on screen.
    pub fn scroll_by(&mut self, dy: f32, viewport_height: f32) -> bool {
        let end = (self.last_height - viewport_height).max(0.0);
        if self.last_offset >= end - 0.5 {
            return false;
        }
        self.scroll_to_y = Some((self.last_offset + dy).min(end));
        true
    }

    /// Drops every laid-out paragraph and jumps to the top, as if the
    /// document had just been opened (the font atlas stays warm).
    pub fn forget_layout(&mut self) {
        self.layout = None;
        self.last_painted.clear();
        self.scroll_to_y = Some(0.0);
    }

    /// Where code point `offset` was drawn in the last frame, if on screen.
    pub fn char_rect(&self, offset: usize) -> Option<Rect> {
        let (paragraph, rect, galley) = self
            .last_painted
            .iter()
            .find(|(p, ..)| p.start <= offset && offset < p.end)?;
        let local = offset - paragraph.start;
        geometry::segments(galley, rect.min, local, local + 1)
            .first()
            .map(|s| s.rect)
    }

    /// The code-point ranges of the paragraphs painted in the last frame.
    pub fn painted_paragraphs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.last_painted.iter().map(|(range, ..)| range.clone())
    }

    /// Paragraphs laid out so far (for the benchmark).
    pub fn laid_out_paragraphs(&self) -> usize {
        self.layout.as_ref().map_or(0, TextLayout::laid_out_count)
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, input: &ViewInput<'_>) -> Vec<ViewEvent> {
        let document = input.document.document();
        if !self.layout.as_ref().is_some_and(|l| l.is_for(document)) {
            self.layout = Some(TextLayout::new(document));
            self.text_drag = None;
            self.relation_drag = None;
        }
        let Some(layout) = self.layout.as_mut() else {
            return Vec::new();
        };
        let width = (ui.available_width() - 24.0).max(120.0);
        layout.prepare(ui.ctx(), width, self.font_size, ui.visuals().text_color());

        let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
        if let Some(offset) = self.scroll_to.take() {
            let index = paragraph_of(layout.paragraphs(), offset);
            let top = layout.top(index);
            let viewport_height = ui.available_height();
            scroll = scroll.vertical_scroll_offset((top - viewport_height / 3.0).max(0.0));
        } else if let Some(y) = self.scroll_to_y.take() {
            scroll = scroll.vertical_scroll_offset(y);
        }
        let mut events = Vec::new();
        let text_drag = &mut self.text_drag;
        let relation_drag = &mut self.relation_drag;
        let font_size = self.font_size;
        let last_painted = &mut self.last_painted;
        let output = scroll.show_viewport(ui, |ui, viewport| {
            let total = layout.total_height();
            let (content, _) = ui.allocate_exact_size(Vec2::new(ui.available_width(), total), Sense::hover());
            let origin = content.min;
            let area = ui.interact(
                Rect::from_min_max(
                    origin + Vec2::new(0.0, viewport.min.y),
                    origin + Vec2::new(content.width(), viewport.max.y),
                ),
                ui.scope_id().with("document-text"),
                Sense::click_and_drag(),
            );
            let mut frame = Frame {
                ui,
                input,
                origin,
                font_size,
                placed: HashMap::new(),
                paragraph_rects: Vec::new(),
                events: &mut events,
            };
            frame.paint_visible(layout, viewport, *text_drag);
            frame.handle_text_pointer(&area, text_drag);
            frame.handle_relation_drag(relation_drag);
            if input.show_relations {
                frame.paint_relations(viewport);
            }
            *last_painted = std::mem::take(&mut frame.paragraph_rects);
        });
        self.last_offset = output.state.clamped_offset().y;
        self.last_height = output.content_size.y;
        events
    }
}

/// One frame of the view: what is painted where, and what the user did.
struct Frame<'u, 'i> {
    ui: &'u mut egui::Ui,
    input: &'i ViewInput<'i>,
    origin: Pos2,
    font_size: f32,
    placed: HashMap<String, PlacedEntity>,
    /// Visible paragraphs: code-point range, screen rect, galley.
    paragraph_rects: Vec<(Range<usize>, Rect, std::sync::Arc<egui::Galley>)>,
    events: &'u mut Vec<ViewEvent>,
}

impl Frame<'_, '_> {
    fn paint_visible(&mut self, layout: &mut TextLayout, viewport: Rect, text_drag: Option<TextDrag>) {
        let document = self.input.document.document();
        let set = self.input.document.set();
        let visible = layout.visible(viewport.min.y..viewport.max.y);
        let selection_range = match (text_drag, self.input.selection) {
            (Some(drag), _) => Some(drag.anchor.min(drag.current)..drag.anchor.max(drag.current)),
            (None, Selection::Text { start, end }) => Some(*start..*end),
            _ => None,
        };
        let selected_entity = match self.input.selection {
            Selection::Entity(id) => Some(id.as_str()),
            _ => None,
        };
        for index in visible.clone() {
            let Some(galley) = layout.galley(self.ui.ctx(), document, index) else {
                continue;
            };
            let paragraph = layout.paragraphs()[index].clone();
            let top = layout.top(index);
            let rect = Rect::from_min_size(self.origin + Vec2::new(0.0, top), galley.size());
            let painter = self.ui.painter().clone();
            let local = |r: &Range<usize>| {
                r.start.max(paragraph.start) - paragraph.start..r.end.min(paragraph.end) - paragraph.start
            };

            for (i, found) in self.input.search_matches.iter().enumerate() {
                if found.end <= paragraph.start || found.start >= paragraph.end {
                    continue;
                }
                let range = local(found);
                let current = self.input.current_match == Some(i);
                for segment in geometry::segments(&galley, rect.min, range.start, range.end) {
                    paint::search_match(&painter, segment.rect, current);
                }
            }

            let first_suggestion = self
                .input
                .suggestions
                .partition_point(|s| s.start + MAX_SUGGESTION_REACH < paragraph.start);
            for suggestion in &self.input.suggestions[first_suggestion..] {
                if suggestion.start >= paragraph.end {
                    break;
                }
                if suggestion.end <= paragraph.start {
                    continue;
                }
                let range = local(&(suggestion.start..suggestion.end));
                let color = paint::entity_color(self.input.schema, &suggestion.label);
                for segment in geometry::segments(&galley, rect.min, range.start, range.end) {
                    paint::suggestion(&painter, segment.rect, color);
                }
            }

            let entities: Vec<&Entity> = set
                .entities_overlapping(paragraph.start, paragraph.end.max(paragraph.start + 1))
                .collect();
            let levels = stacking::stack_levels(&entities);
            let firsts: Vec<Option<geometry::Segment>> = entities
                .iter()
                .enumerate()
                .map(|(i, entity)| {
                    let range = local(&(entity.start..entity.end));
                    let segments = geometry::segments(&galley, rect.min, range.start, range.end);
                    let color = paint::entity_color(self.input.schema, &entity.label);
                    let selected = selected_entity == Some(entity.id.as_str())
                        || self.input.relation_head == Some(entity.id.as_str());
                    for segment in &segments {
                        paint::entity_segment(&painter, segment.rect, color, levels[i], selected);
                    }
                    segments.first().copied()
                })
                .collect();
            // Chips left to right, so each sits as near its entity as it can.
            let mut chips = paint::ChipRow::default();
            let chip_rects: Vec<Option<Rect>> = entities
                .iter()
                .zip(&firsts)
                .map(|(entity, first)| {
                    let first = (*first)?;
                    if entity.start < paragraph.start {
                        return None;
                    }
                    let color = paint::entity_color(self.input.schema, &entity.label);
                    let selected = selected_entity == Some(entity.id.as_str());
                    Some(chips.place(&painter, first, &entity.label, color, selected))
                })
                .collect();
            // Longest first, so inner entities end up on top for clicks.
            let mut order: Vec<usize> = (0..entities.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(entities[i].end - entities[i].start));
            for i in order {
                let Some(first) = firsts[i] else {
                    continue;
                };
                let chip = chip_rects[i];
                self.register_entity(entities[i], first.rect, chip);
                self.placed.insert(
                    entities[i].id.clone(),
                    PlacedEntity {
                        chip: chip.unwrap_or(first.rect),
                    },
                );
            }

            if let Some(range) = &selection_range
                && range.end > paragraph.start
                && range.start < paragraph.end
            {
                let range = local(range);
                for segment in geometry::segments(&galley, rect.min, range.start, range.end) {
                    paint::text_selection(&painter, segment.rect);
                }
            }
            painter.galley(rect.min, galley.clone(), self.ui.visuals().text_color());
            self.paragraph_rects.push((paragraph, rect, galley));
        }
        layout.evict_far_from(visible);
    }

    /// An accessible, clickable node per visible entity, labelled like
    /// `PERSON: Matteo Piantedosi`; its chip can be dragged to make a relation.
    fn register_entity(&mut self, entity: &Entity, first_segment: Rect, chip: Option<Rect>) {
        let document = self.input.document.document();
        let text = document.slice(entity.start, entity.end).unwrap_or_default();
        let label = format!("{}: {}", entity.label, text);
        let base = self.ui.scope_id().with(("entity", &entity.id));
        let response = self.ui.interact(first_segment, base, Sense::click());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &label));
        if response.clicked() {
            self.events.push(ViewEvent::EntityClicked(entity.id.clone()));
        }
        if let Some(chip) = chip {
            let chip_response = self.ui.interact(chip, base.with("chip"), Sense::click_and_drag());
            if chip_response.clicked() {
                self.events.push(ViewEvent::EntityClicked(entity.id.clone()));
            }
            if chip_response.drag_started() {
                self.ui
                    .ctx()
                    .data_mut(|d| d.insert_temp(relation_drag_id(), entity.id.clone()));
            }
            chip_response.on_hover_text(format!("{label}\nDrag onto another entity to relate them"));
        }
    }

    fn handle_relation_drag(&mut self, relation_drag: &mut Option<String>) {
        let ctx = self.ui.ctx().clone();
        if let Some(head) = ctx.data_mut(|d| d.remove_temp::<String>(relation_drag_id())) {
            *relation_drag = Some(head);
        }
        let Some(head) = relation_drag.clone() else {
            return;
        };
        let pointer = ctx.input(|i| i.pointer.interact_pos());
        let released = ctx.input(|i| i.pointer.any_released());
        if let (Some(pointer), Some(from)) = (pointer, self.placed.get(&head)) {
            paint::relation_preview(self.ui.painter(), from.chip.center_top(), pointer);
        }
        if released {
            *relation_drag = None;
            if let Some(pointer) = pointer
                && let Some(tail) = self.entity_at(pointer)
                && tail != head
            {
                self.events.push(ViewEvent::RelationDrawn { head, tail });
            }
        }
    }

    /// The innermost entity under `pos`, by chip or by text.
    fn entity_at(&self, pos: Pos2) -> Option<String> {
        if let Some((id, _)) = self.placed.iter().find(|(_, p)| p.chip.contains(pos)) {
            return Some(id.clone());
        }
        let offset = self.offset_at(pos)?;
        self.input
            .document
            .set()
            .entities_at(offset)
            .first()
            .map(|e| e.id.clone())
    }

    /// The document offset under `pos`, from the visible paragraphs.
    fn offset_at(&self, pos: Pos2) -> Option<usize> {
        let (paragraph, rect, galley) = self
            .paragraph_rects
            .iter()
            .min_by(|a, b| distance_y(a.1, pos).total_cmp(&distance_y(b.1, pos)))?;
        let local = geometry::char_at(galley, rect.min, pos);
        Some(paragraph.start + local.min(paragraph.len()))
    }

    fn handle_text_pointer(&mut self, area: &egui::Response, text_drag: &mut Option<TextDrag>) {
        let document = self.input.document.document();
        let alt = self.ui.input(|i| i.modifiers.alt);
        if area.drag_started()
            && let Some(pos) = self.ui.input(|i| i.pointer.press_origin())
            && let Some(offset) = self.offset_at(pos)
        {
            *text_drag = Some(TextDrag {
                anchor: offset,
                current: offset,
                exact: alt,
            });
        }
        if let Some(drag) = text_drag.as_mut() {
            drag.exact |= alt;
            if let Some(pos) = self.ui.ctx().pointer_interact_pos()
                && let Some(offset) = self.offset_at(pos)
            {
                drag.current = offset;
            }
            if area.drag_stopped() || !self.ui.input(|i| i.pointer.primary_down()) {
                let (start, end) = (drag.anchor.min(drag.current), drag.anchor.max(drag.current));
                let exact = drag.exact;
                *text_drag = None;
                let span = if exact {
                    trim_whitespace(document, start, end)
                } else {
                    snap_to_words(document, start, end)
                };
                self.events.push(ViewEvent::Select(match span {
                    Some((start, end)) => Selection::Text { start, end },
                    None => Selection::Nothing,
                }));
            }
            return;
        }
        let pointer = area.interact_pointer_pos().or_else(|| area.hover_pos());
        if area.double_clicked()
            && let Some(pos) = pointer
            && let Some(offset) = self.offset_at(pos)
            && let Some((start, end)) = word_at(document, offset)
        {
            self.events.push(ViewEvent::Select(Selection::Text { start, end }));
        } else if area.clicked()
            && let Some(pos) = pointer
        {
            match self.entity_at(pos) {
                Some(id) => self.events.push(ViewEvent::EntityClicked(id)),
                None => self.events.push(ViewEvent::Select(Selection::Nothing)),
            }
        }
    }

    fn paint_relations(&mut self, viewport: Rect) {
        let set = self.input.document.set();
        let document = self.input.document.document();
        let visible_top = self.origin.y + viewport.min.y;
        let visible_bottom = self.origin.y + viewport.max.y;
        let first_visible_offset = self.paragraph_rects.first().map_or(0, |(p, ..)| p.start);
        let painter = self.ui.painter().clone();
        let (selected_entity, selected_relation) = match self.input.selection {
            Selection::Entity(id) => (Some(id.as_str()), None),
            Selection::Relation(id) => (None, Some(id.as_str())),
            _ => (None, None),
        };
        // Only relations with an end on screen are looked at.
        let mut on_screen: Vec<&crate::annotations::Relation> =
            self.placed.keys().flat_map(|id| set.relations_of(id)).collect();
        on_screen.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        on_screen.dedup_by(|a, b| a.id == b.id);
        for relation in on_screen {
            let head = self.placed.get(&relation.head).map(|p| p.chip.center_top());
            let tail = self.placed.get(&relation.tail).map(|p| p.chip.center_top());
            let offscreen = |id: &str, other: Pos2| {
                let above = set.entity(id).is_some_and(|e| e.start < first_visible_offset);
                Pos2::new(
                    other.x,
                    if above {
                        visible_top - 30.0
                    } else {
                        visible_bottom + 30.0
                    },
                )
            };
            let (from, to) = match (head, tail) {
                (Some(h), Some(t)) => (h, t),
                (Some(h), None) => (h, offscreen(&relation.tail, h)),
                (None, Some(t)) => (offscreen(&relation.head, t), t),
                (None, None) => continue,
            };
            let emphasised = selected_relation == Some(relation.id.as_str())
                || selected_entity.is_some_and(|id| relation.involves(id));
            let label_pos = paint::relation_arc(&painter, from, to, &relation.label, emphasised, self.font_size);
            let name = |id: &str| {
                set.entity(id)
                    .and_then(|e| document.slice(e.start, e.end))
                    .map(short_name)
                    .unwrap_or_default()
            };
            let accessible = format!(
                "{}: {} → {}",
                relation.label,
                name(&relation.head),
                name(&relation.tail)
            );
            let response = self.ui.interact(
                label_pos,
                self.ui.scope_id().with(("relation", &relation.id)),
                Sense::click(),
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &accessible));
            if response.clicked() {
                self.events
                    .push(ViewEvent::Select(Selection::Relation(relation.id.clone())));
            }
        }
    }
}

/// The last word of a name, as brat shows relation ends: "Piantedosi".
fn short_name(text: &str) -> &str {
    text.split_whitespace().last().unwrap_or(text)
}

fn distance_y(rect: Rect, pos: Pos2) -> f32 {
    if pos.y < rect.min.y {
        rect.min.y - pos.y
    } else if pos.y > rect.max.y {
        pos.y - rect.max.y
    } else {
        0.0
    }
}

fn relation_drag_id() -> Id {
    Id::unique("spanwright-relation-drag")
}
