//! The document in the centre: text wrapped to the window, entities as
//! coloured highlights with stacked underlines and label chips, relations as
//! labelled arcs in lanes above the rows. Only the paragraphs on screen are
//! laid out and painted, and the text under the pointer stays put when
//! annotations change the spacing of rows.

pub(crate) mod geometry;
mod layout;
pub(crate) mod marks;
pub(crate) mod paint;
mod paragraphs;
pub(crate) mod placement;
pub(crate) mod stacking;

use std::collections::HashMap;
use std::ops::Range;

use egui::{Id, Pos2, Rect, Sense, Vec2};

pub use layout::TextLayout;
pub use paragraphs::{Lines, paragraph_of, split_lines, split_paragraphs, split_sentences};

use crate::annotations::{AnnotationSet, Entity};
use crate::project::OpenDocument;
use crate::schema::LabelSchema;
use crate::text::{snap_to_words, trim_whitespace, word_at};
use marks::{Link, LinkEnd, Mark, MarkStyle};
use placement::PlacedParagraph;

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
/// Room left of and right of the text for relation lines running to the margin.
pub const SIDE_MARGIN: f32 = 12.0;

/// What the view shows besides the annotations themselves.
pub struct ViewInput<'a> {
    pub document: &'a OpenDocument,
    pub schema: &'a LabelSchema,
    pub selection: &'a Selection,
    pub search_matches: &'a [Range<usize>],
    pub current_match: Option<usize>,
    pub show_relations: bool,
    /// Where lines break: as written, or one sentence per line.
    pub lines: Lines,
    /// Chips only under the pointer; relations only of the selected entity.
    pub compact: bool,
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

/// A row of text kept at the same height on screen from one frame to the
/// next: paragraph, row within it, and its text top's distance from the top
/// of the viewport.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Anchor {
    paragraph: usize,
    row: usize,
    screen_dy: f32,
}

/// A paragraph painted in the last frame: its index, range and where its
/// placement's origin was on screen.
#[derive(Clone, Debug)]
struct Painted {
    index: usize,
    range: Range<usize>,
    origin: Pos2,
}

/// Everything the last frame placed, in screen coordinates, for tests and
/// for hit tests.
#[derive(Clone, Debug)]
pub struct PlacedRects {
    pub glyphs: Vec<Rect>,
    pub chips: Vec<Rect>,
    /// Arc labels with the id of their relation.
    pub arc_labels: Vec<(String, Rect)>,
    /// Entities with their chip on screen.
    pub entities_with_chip: Vec<String>,
    /// The visible part of the view.
    pub viewport: Rect,
}

pub struct DocumentView {
    layout: Option<TextLayout>,
    /// Paragraphs painted in the last frame, for locating characters.
    last_painted: Vec<Painted>,
    text_drag: Option<TextDrag>,
    relation_drag: Option<String>,
    /// A code point to bring on screen next frame, and how far down the
    /// viewport its paragraph's top goes (as a fraction of its height).
    scroll_to: Option<(usize, f32)>,
    /// A scroll position in pixels to jump to on the next frame.
    scroll_to_y: Option<f32>,
    anchor: Option<Anchor>,
    /// The scroll position, viewport and content height of the last frame.
    last_offset: f32,
    last_height: f32,
    last_viewport: Rect,
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
            anchor: None,
            last_offset: 0.0,
            last_height: 0.0,
            last_viewport: Rect::NOTHING,
            font_size: 16.0,
        }
    }
}

impl DocumentView {
    /// Scrolls so that code point `offset` is on screen on the next frame.
    pub fn scroll_to(&mut self, offset: usize) {
        self.scroll_to = Some((offset, 1.0 / 3.0));
    }

    /// The start of the first paragraph whose top was on screen in the last
    /// frame (else of the first one painted).
    fn first_visible_offset(&self) -> Option<usize> {
        let top = self.last_viewport.min.y;
        // By its first character: a paragraph's row can begin above the
        // view (the room for its arcs) while its text is on screen.
        self.last_painted
            .iter()
            .find(|p| self.char_rect(p.range.start).map_or(p.origin.y, |r| r.min.y) >= top - 0.5)
            .or(self.last_painted.first())
            .map(|p| p.range.start)
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
    /// document had just been opened (the font atlas stays warm, and the
    /// document stays split into paragraphs: that is done once per
    /// document, when it opens).
    pub fn forget_layout(&mut self) {
        if let Some(layout) = &mut self.layout {
            layout.forget();
        }
        self.last_painted.clear();
        self.anchor = None;
        self.scroll_to_y = Some(0.0);
    }

    /// Where code point `offset` was drawn in the last frame, if on screen.
    pub fn char_rect(&self, offset: usize) -> Option<Rect> {
        let painted = self
            .last_painted
            .iter()
            .find(|p| p.range.start <= offset && offset < p.range.end)?;
        let placed = self.layout.as_ref()?.last_placed(painted.index)?;
        let local = offset - painted.range.start;
        geometry::segments(&placed.galley, painted.origin, local, local + 1)
            .first()
            .map(|s| s.rect)
    }

    /// The code-point ranges of the paragraphs painted in the last frame.
    pub fn painted_paragraphs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.last_painted.iter().map(|p| p.range.clone())
    }

    /// Paragraph placements built since the document opened (see
    /// [`TextLayout::placements_built`]).
    pub fn placements_built(&self) -> u64 {
        self.layout.as_ref().map_or(0, TextLayout::placements_built)
    }

    /// Paragraphs laid out so far (for the benchmark).
    pub fn laid_out_paragraphs(&self) -> usize {
        self.layout.as_ref().map_or(0, TextLayout::laid_out_count)
    }

    /// Height of the visible part of the view in the last frame.
    pub fn placed_rects_viewport_height(&self) -> f32 {
        self.last_viewport.height().max(0.0)
    }

    /// The width the text was wrapped at in the last frame.
    pub fn text_width(&self) -> f32 {
        self.layout.as_ref().map_or(0.0, TextLayout::width)
    }

    /// Every glyph, chip and relation label placed in the last frame, in
    /// screen coordinates, with the visible part of the view.
    pub fn placed_rects(&self, set: &AnnotationSet) -> PlacedRects {
        let mut rects = PlacedRects {
            glyphs: Vec::new(),
            chips: Vec::new(),
            arc_labels: Vec::new(),
            entities_with_chip: Vec::new(),
            viewport: self.last_viewport,
        };
        let Some(layout) = &self.layout else {
            return rects;
        };
        for painted in &self.last_painted {
            let Some(placed) = layout.last_placed(painted.index) else {
                continue;
            };
            let offset = painted.origin.to_vec2();
            rects
                .glyphs
                .extend(placed.glyph_rects().into_iter().map(|r| r.translate(offset)));
            for chip in &placed.chips {
                rects.chips.push(chip.rect.translate(offset));
                if let Some(entity) = set.entities().get(chip.mark) {
                    rects.entities_with_chip.push(entity.id.clone());
                }
            }
            for arc in &placed.arcs {
                if let Some(relation) = set.relations().get(arc.link) {
                    rects
                        .arc_labels
                        .push((relation.id.clone(), arc.label.translate(offset)));
                }
            }
        }
        rects
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, input: &ViewInput<'_>) -> Vec<ViewEvent> {
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

    fn shown_ui(&mut self, ui: &mut egui::Ui, input: &ViewInput<'_>) -> Vec<ViewEvent> {
        let document = input.document.document();
        if !self.layout.as_ref().is_some_and(|l| l.is_for(document, input.lines)) {
            // Switching between lines as written and sentences keeps the
            // same text in view.
            if self.layout.as_ref().is_some_and(|l| l.is_for(document, l.lines()))
                && self.scroll_to.is_none()
                && let Some(first) = self.first_visible_offset()
            {
                self.scroll_to = Some((first, 0.0));
            }
            self.layout = Some(TextLayout::new(document, input.lines));
            self.text_drag = None;
            self.relation_drag = None;
            self.anchor = None;
        }
        let Some(layout) = self.layout.as_mut() else {
            return Vec::new();
        };
        let source = Source {
            set: input.document.set(),
            schema: input.schema,
            show_relations: input.show_relations,
            compact: input.compact.then(|| match input.selection {
                Selection::Entity(id) => Some(id.clone()),
                Selection::Relation(id) => Some(id.clone()),
                _ => None,
            }),
        };
        let scrollbar = ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin;
        let width = (ui.available_width() - 2.0 * SIDE_MARGIN - scrollbar).max(60.0);
        layout.prepare(ui.ctx(), width, self.font_size, paint::Theme::of(ui).text);
        let ctx = ui.ctx().clone();
        let viewport_height = ui.available_height();

        if let Some(dy) = keyboard_scroll(&ctx, viewport_height, TextLayout::row_height(self.font_size)) {
            let total = layout.total_height();
            let end = (total - viewport_height).max(0.0);
            self.scroll_to_y = Some(match dy {
                KeyScroll::By(dy) => (self.last_offset + dy).clamp(0.0, end),
                KeyScroll::Start => 0.0,
                KeyScroll::End => end,
            });
        }
        let mut target = None;
        if let Some((offset, fraction)) = self.scroll_to.take() {
            let index = paragraph_of(layout.paragraphs(), offset);
            let y = (layout.top(index) - viewport_height * fraction).max(0.0);
            source.place(layout, &ctx, document, y..y + viewport_height);
            target = Some((layout.top(index) - viewport_height * fraction).max(0.0));
        } else if let Some(y) = self.scroll_to_y.take() {
            target = Some(y);
        } else if let Some(anchor) = self.anchor {
            // Lay out what will be on screen, then scroll so that the
            // anchored row has not moved, whatever changed above it.
            for _ in 0..2 {
                let y = anchored_offset(layout, anchor).max(0.0);
                source.place(layout, &ctx, document, y..y + viewport_height);
            }
            let y = anchored_offset(layout, anchor).max(0.0);
            if (y - self.last_offset).abs() > 0.5 {
                target = Some(y);
            }
        }

        let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
        if let Some(y) = target {
            scroll = scroll.vertical_scroll_offset(y);
        }
        let mut events = Vec::new();
        let text_drag = &mut self.text_drag;
        let relation_drag = &mut self.relation_drag;
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
                source: &source,
                origin,
                placed: HashMap::new(),
                painted: Vec::new(),
                events: &mut events,
            };
            frame.paint_visible(layout, viewport, *text_drag);
            frame.handle_text_pointer(layout, &area, text_drag);
            frame.handle_relation_drag(layout, relation_drag);
            *last_painted = std::mem::take(&mut frame.painted);
        });
        let offset = output.state.clamped_offset().y;
        self.last_offset = offset;
        self.last_height = output.content_size.y;
        self.last_viewport = output.inner_rect;
        self.anchor = record_anchor(layout, &ctx, output.inner_rect, offset);
        events
    }
}

/// What the keyboard asked of the scroll position, when no text field has
/// the keyboard: Page Up/Down, the arrow keys, Ctrl+Home/End.
enum KeyScroll {
    By(f32),
    Start,
    End,
}

fn keyboard_scroll(ctx: &egui::Context, viewport_height: f32, line: f32) -> Option<KeyScroll> {
    if ctx.memory(|m| m.focused().is_some()) {
        return None;
    }
    let page = (viewport_height - line).max(line);
    ctx.input_mut(|i| {
        use egui::{Key, Modifiers};
        if i.consume_key(Modifiers::COMMAND, Key::Home) {
            Some(KeyScroll::Start)
        } else if i.consume_key(Modifiers::COMMAND, Key::End) {
            Some(KeyScroll::End)
        } else if i.consume_key(Modifiers::NONE, Key::PageDown) {
            Some(KeyScroll::By(page))
        } else if i.consume_key(Modifiers::NONE, Key::PageUp) {
            Some(KeyScroll::By(-page))
        } else if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
            Some(KeyScroll::By(line))
        } else if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
            Some(KeyScroll::By(-line))
        } else {
            None
        }
    })
}

/// The scroll offset that puts the anchored row where it was on screen.
fn anchored_offset(layout: &mut TextLayout, anchor: Anchor) -> f32 {
    let row_top = layout
        .last_placed(anchor.paragraph)
        .and_then(|p| p.galley.rows.get(anchor.row).or(p.galley.rows.last()))
        .map_or(0.0, |row| row.pos.y);
    layout.top(anchor.paragraph) + row_top - anchor.screen_dy
}

/// The row to keep in place next frame: the one under the pointer, else the
/// top one; none at the very top, which stays at the top.
fn record_anchor(layout: &mut TextLayout, ctx: &egui::Context, inner: Rect, offset: f32) -> Option<Anchor> {
    let pointer = ctx.pointer_hover_pos().filter(|p| inner.contains(*p));
    if (offset <= 0.5 && pointer.is_none()) || layout.paragraphs().is_empty() {
        return None;
    }
    let screen_y = pointer.map_or(inner.min.y, |p| p.y);
    let content_y = offset + (screen_y - inner.min.y);
    let paragraph = layout.paragraph_at_y(content_y);
    let top = layout.top(paragraph);
    let (row, row_top) = layout.last_placed(paragraph).map_or((0, 0.0), |placed| {
        let local = content_y - top;
        let row = placed.galley.rows.iter().rposition(|r| r.pos.y <= local).unwrap_or(0);
        (row, placed.galley.rows.get(row).map_or(0.0, |r| r.pos.y))
    });
    // The first row stays at the very top, so its chips and arcs show.
    if offset <= 0.5 && paragraph == 0 && row == 0 {
        return None;
    }
    Some(Anchor {
        paragraph,
        row,
        screen_dy: top + row_top - offset,
    })
}

/// The document's annotations as marks and links, paragraph by paragraph.
struct Source<'a> {
    set: &'a AnnotationSet,
    schema: &'a LabelSchema,
    show_relations: bool,
    /// In the compact view: the selected entity or relation, whose
    /// relations alone are drawn.
    compact: Option<Option<String>>,
}

impl Source<'_> {
    /// Marks are keyed by entity position, links by relation position.
    fn marks(&self, paragraph: &Range<usize>) -> (Vec<Mark>, Vec<Link>) {
        let entities: Vec<(usize, &Entity)> = self
            .set
            .positioned_entities_overlapping(paragraph.start, paragraph.end.max(paragraph.start + 1))
            .collect();
        let marks: Vec<Mark> = entities
            .iter()
            .map(|&(key, entity)| Mark {
                key,
                start: entity.start,
                end: entity.end,
                chip: self.compact.is_none().then(|| entity.label.clone()),
                color: paint::entity_color(self.schema, &entity.label),
                style: MarkStyle::Solid,
            })
            .collect();
        let mut links = Vec::new();
        if self.show_relations {
            let here = |id: &str| -> Option<LinkEnd> {
                let (position, entity) = match entities.iter().find(|(_, e)| e.id == id) {
                    Some(&(position, entity)) => (position, entity),
                    None => {
                        let position = self.set.entity_position(id)?;
                        (position, &self.set.entities()[position])
                    }
                };
                Some(if entity.start < paragraph.start {
                    LinkEnd::Before
                } else if entity.start >= paragraph.end.max(paragraph.start + 1) {
                    LinkEnd::After
                } else {
                    LinkEnd::Here(position)
                })
            };
            let mut seen = Vec::new();
            for (_, entity) in entities.iter().filter(|(_, e)| e.start >= paragraph.start) {
                for relation in self.set.relations_of(&entity.id) {
                    let Some(key) = self.set.relation_position(&relation.id) else {
                        continue;
                    };
                    if seen.contains(&key) {
                        continue;
                    }
                    if let Some(selected) = &self.compact {
                        let shown = selected
                            .as_deref()
                            .is_some_and(|id| relation.id == id || relation.involves(id));
                        if !shown {
                            continue;
                        }
                    }
                    seen.push(key);
                    let (Some(head), Some(tail)) = (here(&relation.head), here(&relation.tail)) else {
                        continue;
                    };
                    links.push(Link {
                        key,
                        head,
                        tail,
                        caption: relation.label.clone(),
                        style: MarkStyle::Solid,
                    });
                }
            }
            links.sort_by_key(|l| l.key);
        }
        (marks, links)
    }

    /// Lays out the paragraphs in `y_range` so that their heights are known.
    fn place(
        &self,
        layout: &mut TextLayout,
        ctx: &egui::Context,
        document: &crate::text::Document,
        y_range: Range<f32>,
    ) {
        for index in layout.visible(y_range) {
            let paragraph = layout.paragraphs()[index].clone();
            let (marks, links) = self.marks(&paragraph);
            layout.placed(ctx, document, index, &marks, &links);
        }
    }
}

/// One frame of the view: what is painted where, and what the user did.
struct Frame<'u, 'i> {
    ui: &'u mut egui::Ui,
    input: &'i ViewInput<'i>,
    source: &'i Source<'i>,
    origin: Pos2,
    /// Each visible entity's chip (or first segment when it has none).
    placed: HashMap<String, Rect>,
    painted: Vec<Painted>,
    events: &'u mut Vec<ViewEvent>,
}

impl Frame<'_, '_> {
    fn paint_visible(&mut self, layout: &mut TextLayout, viewport: Rect, text_drag: Option<TextDrag>) {
        let document = self.input.document.document();
        let set = self.input.document.set();
        let theme = paint::Theme::of(self.ui);
        let visible = layout.visible(viewport.min.y..viewport.max.y);
        let selection_range = match (text_drag, self.input.selection) {
            (Some(drag), _) => Some(drag.anchor.min(drag.current)..drag.anchor.max(drag.current)),
            (None, Selection::Text { start, end }) => Some(*start..*end),
            _ => None,
        };
        let selected_entity = match self.input.selection {
            Selection::Entity(id) => Some(id.as_str()),
            _ => self.input.relation_head,
        };
        let selected_mark = selected_entity.and_then(|id| set.entity_position(id));
        let selected_relation = match self.input.selection {
            Selection::Relation(id) => set.relation_position(id),
            _ => None,
        };
        let emphasised = |key: usize| {
            selected_relation == Some(key)
                || set
                    .relations()
                    .get(key)
                    .is_some_and(|r| selected_entity.is_some_and(|id| r.involves(id)))
        };
        let color_of = |key: usize| {
            let color = set.entities().get(key).map_or(egui::Color32::GRAY, |e| {
                paint::entity_color(self.input.schema, &e.label)
            });
            (color, MarkStyle::Solid)
        };
        let painter = self.ui.painter().clone();
        let mut labelled_relations: Vec<usize> = Vec::new();
        // Painted in two passes so that no paragraph's text covers the arcs
        // of the one before it.
        let mut shown: Vec<(usize, Pos2)> = Vec::new();
        let text_width = layout.width();
        for index in visible.clone() {
            let paragraph = layout.paragraphs()[index].clone();
            let top = layout.top(index);
            let (marks, links) = self.source.marks(&paragraph);
            let Some(placed) = layout.placed(self.ui.ctx(), document, index, &marks, &links) else {
                continue;
            };
            let origin = self.origin + Vec2::new(SIDE_MARGIN, top);
            let galley = &placed.galley;
            let local = |r: &Range<usize>| {
                r.start.max(paragraph.start) - paragraph.start..r.end.min(paragraph.end) - paragraph.start
            };
            for (i, found) in self.input.search_matches.iter().enumerate() {
                if found.end <= paragraph.start || found.start >= paragraph.end {
                    continue;
                }
                let range = local(found);
                let current = self.input.current_match == Some(i);
                for segment in geometry::segments(galley, origin, range.start, range.end) {
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
                for segment in geometry::segments(galley, origin, range.start, range.end) {
                    paint::suggestion(&painter, segment.rect, color);
                }
            }
            paint::spans(&painter, origin, placed, selected_mark, theme);
            if let Some(range) = &selection_range
                && range.end > paragraph.start
                && range.start < paragraph.end
            {
                let range = local(range);
                for segment in geometry::segments(galley, origin, range.start, range.end) {
                    paint::text_selection(&painter, segment.rect);
                }
            }
            painter.galley(origin, galley.clone(), theme.text);
            paint::chips(&painter, origin, placed, selected_mark, &color_of, theme);
            self.painted.push(Painted {
                index,
                range: paragraph.clone(),
                origin,
            });
            shown.push((index, origin));
        }
        let _ = text_width;
        for &(index, origin) in &shown {
            let Some(placed) = layout.last_placed(index) else {
                continue;
            };
            paint::arcs(&painter, origin, placed, &emphasised, theme);
        }
        // Hit targets: longest entities first, so inner ones end up on top.
        for &(index, origin) in &shown {
            let Some(placed) = layout.last_placed(index).cloned() else {
                continue;
            };
            let mut spans: Vec<_> = placed.spans.iter().collect();
            spans.sort_by_key(|s| std::cmp::Reverse(set.entities().get(s.mark).map_or(0, |e| e.end - e.start)));
            for span in spans {
                let (Some(entity), Some(first)) = (set.entities().get(span.mark), span.rects.first()) else {
                    continue;
                };
                let chip = placed
                    .chips
                    .iter()
                    .find(|c| c.mark == span.mark)
                    .map(|c| c.rect.translate(origin.to_vec2()));
                let first = first.translate(origin.to_vec2());
                self.register_entity(entity, first, chip);
                self.placed.insert(entity.id.clone(), chip.unwrap_or(first));
            }
            for arc in &placed.arcs {
                let Some(relation) = set.relations().get(arc.link) else {
                    continue;
                };
                let label = arc.label.translate(origin.to_vec2());
                let first_piece = !labelled_relations.contains(&arc.link);
                labelled_relations.push(arc.link);
                self.register_relation(relation, label, first_piece, index);
            }
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
        if chip.is_none() && self.input.compact && response.hovered() {
            self.hover_chip(entity, first_segment);
        }
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

    /// The compact view's chip, shown above an entity only while the pointer
    /// is on it, over whatever is there.
    fn hover_chip(&self, entity: &Entity, first_segment: Rect) {
        let painter = self.ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Tooltip,
            self.ui.scope_id().with("hover-chip"),
        ));
        let color = paint::entity_color(self.input.schema, &entity.label);
        let caption = painter.layout_no_wrap(
            entity.label.clone(),
            egui::FontId::proportional(layout::CAPTION_FONT_SIZE),
            paint::text_on(color),
        );
        let size = caption.size() + Vec2::new(6.0, 2.0);
        let rect = Rect::from_min_size(first_segment.left_top() - Vec2::new(0.0, size.y + 1.0), size);
        painter.rect_filled(rect, egui::CornerRadius::same(3), color);
        painter.galley(rect.min + Vec2::new(3.0, 1.0), caption, paint::text_on(color));
    }

    /// A clickable relation label; the first piece of a relation on screen
    /// carries its accessible name, like `HOLDS_ROLE: Piantedosi → Minister`.
    fn register_relation(
        &mut self,
        relation: &crate::annotations::Relation,
        label: Rect,
        first_piece: bool,
        paragraph: usize,
    ) {
        let set = self.input.document.set();
        let document = self.input.document.document();
        let name = |id: &str| {
            set.entity(id)
                .and_then(|e| document.slice(e.start, e.end))
                .map(short_name)
                .unwrap_or_default()
        };
        let response = self.ui.interact(
            label,
            self.ui
                .scope_id()
                .with(("relation", &relation.id, paragraph, label.min.y as i32)),
            Sense::click(),
        );
        if first_piece {
            let accessible = format!(
                "{}: {} → {}",
                relation.label,
                name(&relation.head),
                name(&relation.tail)
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &accessible));
        }
        if response.clicked() {
            self.events
                .push(ViewEvent::Select(Selection::Relation(relation.id.clone())));
        }
    }

    fn handle_relation_drag(&mut self, _layout: &TextLayout, relation_drag: &mut Option<String>) {
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
            paint::relation_preview(self.ui.painter(), from.center_top(), pointer);
        }
        if released {
            *relation_drag = None;
            if let Some(pointer) = pointer
                && let Some(tail) = self.entity_at(_layout, pointer)
                && tail != head
            {
                self.events.push(ViewEvent::RelationDrawn { head, tail });
            }
        }
    }

    /// The innermost entity under `pos`, by chip or by text.
    fn entity_at(&self, layout: &TextLayout, pos: Pos2) -> Option<String> {
        if let Some((id, _)) = self.placed.iter().find(|(_, chip)| chip.contains(pos)) {
            return Some(id.clone());
        }
        let offset = self.offset_at(layout, pos)?;
        self.input
            .document
            .set()
            .entities_at(offset)
            .first()
            .map(|e| e.id.clone())
    }

    /// The document offset under `pos`, from the visible paragraphs.
    fn offset_at(&self, layout: &TextLayout, pos: Pos2) -> Option<usize> {
        let (painted, placed) = self
            .painted
            .iter()
            .filter_map(|p| Some((p, layout.last_placed(p.index)?)))
            .min_by(|a, b| {
                let rect = |p: &(&Painted, &PlacedParagraph)| p.1.galley.rect.translate(p.0.origin.to_vec2());
                distance_y(rect(a), pos).total_cmp(&distance_y(rect(b), pos))
            })?;
        let local = geometry::char_at(&placed.galley, painted.origin, pos);
        Some(painted.range.start + local.min(painted.range.len()))
    }

    fn handle_text_pointer(&mut self, layout: &TextLayout, area: &egui::Response, text_drag: &mut Option<TextDrag>) {
        let document = self.input.document.document();
        let alt = self.ui.input(|i| i.modifiers.alt);
        if area.drag_started()
            && let Some(pos) = self.ui.input(|i| i.pointer.press_origin())
            && let Some(offset) = self.offset_at(layout, pos)
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
                && let Some(offset) = self.offset_at(layout, pos)
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
            && let Some(offset) = self.offset_at(layout, pos)
            && let Some((start, end)) = word_at(document, offset)
        {
            self.events.push(ViewEvent::Select(Selection::Text { start, end }));
        } else if area.clicked()
            && let Some(pos) = pointer
        {
            match self.entity_at(layout, pos) {
                Some(id) => self.events.push(ViewEvent::EntityClicked(id)),
                None => self.events.push(ViewEvent::Select(Selection::Nothing)),
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
