//! How annotations look: highlights, underlines, chips and arcs. The
//! document view and the compare view both paint through here, so a label
//! looks the same in every mode and theme.

use egui::{Color32, CornerRadius, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};

use super::marks::MarkStyle;
use super::placement::PlacedParagraph;
use crate::schema::LabelSchema;

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

/// Relative luminance (WCAG 2) of an opaque colour.
pub fn luminance(color: Color32) -> f32 {
    let channel = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
}

/// WCAG contrast ratio between two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `fill`.
pub fn text_on(fill: Color32) -> Color32 {
    if contrast(fill, Color32::BLACK) >= contrast(fill, Color32::WHITE) {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// The highlight behind an entity's text: the label colour blended into the
/// background, weaker on a dark background so that light text stays legible.
pub fn highlight_fill(color: Color32, background: Color32, dark: bool) -> Color32 {
    let alpha = if dark { 0.3 } else { 0.5 };
    blend(background, color, alpha)
}

fn blend(under: Color32, over: Color32, alpha: f32) -> Color32 {
    let mix = |a: u8, b: u8| (f32::from(a) * (1.0 - alpha) + f32::from(b) * alpha).round() as u8;
    Color32::from_rgb(
        mix(under.r(), over.r()),
        mix(under.g(), over.g()),
        mix(under.b(), over.b()),
    )
}

/// What the painter needs of the theme.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub dark: bool,
    pub background: Color32,
    pub text: Color32,
}

impl Theme {
    pub fn of(ui: &egui::Ui) -> Self {
        Self::from_visuals(ui.visuals())
    }

    /// On a dark background the document uses the strong text colour:
    /// egui's ordinary grey is too dim over a highlight.
    pub fn from_visuals(visuals: &egui::Visuals) -> Self {
        Self {
            dark: visuals.dark_mode,
            background: visuals.extreme_bg_color,
            text: if visuals.dark_mode {
                visuals.strong_text_color()
            } else {
                visuals.text_color()
            },
        }
    }

    fn arc_color(self) -> Color32 {
        if self.dark {
            Color32::from_rgb(150, 155, 185)
        } else {
            Color32::from_rgb(95, 95, 125)
        }
    }

    fn outline(self) -> Color32 {
        if self.dark {
            Color32::WHITE
        } else {
            Color32::from_gray(20)
        }
    }
}

const EMPHASIS: Color32 = Color32::from_rgb(210, 50, 50);
const PARTIAL: Color32 = Color32::from_rgb(215, 110, 0);

/// Highlights and underlines of a placed paragraph at `origin`; the mark
/// `selected` is outlined. Painted before the text.
pub fn spans(painter: &Painter, origin: Pos2, placed: &PlacedParagraph, selected: Option<usize>, theme: Theme) {
    for span in &placed.spans {
        let level = span.level.min(MAX_UNDERLINE_LEVELS - 1);
        for rect in &span.rects {
            let rect = rect.translate(origin.to_vec2());
            let y = rect.max.y + 2.5 + level as f32 * UNDERLINE_SPACING;
            let line = [pos2(rect.min.x, y), pos2(rect.max.x, y)];
            let band = rect.expand2(vec2(0.5, 0.5));
            match span.style {
                MarkStyle::Solid => {
                    painter.rect_filled(
                        band,
                        CornerRadius::same(2),
                        highlight_fill(span.color, theme.background, theme.dark),
                    );
                    painter.line_segment(line, Stroke::new(2.0, darker(span.color, 0.75)));
                }
                MarkStyle::Partial => {
                    painter.rect_filled(band, CornerRadius::same(2), span.color.gamma_multiply(0.18));
                    let stroke = Stroke::new(1.5, darker(span.color, 0.6));
                    let corners = [
                        band.left_top(),
                        band.right_top(),
                        band.right_bottom(),
                        band.left_bottom(),
                        band.left_top(),
                    ];
                    painter.extend(Shape::dashed_line(&corners, stroke, 4.0, 3.0));
                    painter.extend(Shape::dashed_line(
                        &line,
                        Stroke::new(2.0, darker(span.color, 0.6)),
                        4.0,
                        3.0,
                    ));
                }
            }
            if selected == Some(span.mark) {
                painter.rect_stroke(
                    rect.expand2(vec2(1.5, 1.5)),
                    CornerRadius::same(3),
                    Stroke::new(2.0, theme.outline()),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }
}

/// The chips of a placed paragraph; `shown` says which to draw (all, or in
/// the compact view only the hovered or selected one).
pub fn chips(
    painter: &Painter,
    origin: Pos2,
    placed: &PlacedParagraph,
    selected: Option<usize>,
    color_of: &dyn Fn(usize) -> (Color32, MarkStyle),
    theme: Theme,
) {
    for chip in &placed.chips {
        let rect = chip.rect.translate(origin.to_vec2());
        let (color, style) = color_of(chip.mark);
        let text_color = match style {
            MarkStyle::Solid => {
                painter.rect_filled(rect, CornerRadius::same(3), color);
                text_on(color)
            }
            MarkStyle::Partial => {
                painter.rect(
                    rect,
                    CornerRadius::same(3),
                    theme.background,
                    Stroke::new(1.5, darker(color, 0.7)),
                    egui::StrokeKind::Inside,
                );
                theme.text
            }
        };
        if selected == Some(chip.mark) {
            painter.rect_stroke(
                rect,
                CornerRadius::same(3),
                Stroke::new(1.5, theme.outline()),
                egui::StrokeKind::Outside,
            );
        }
        let text_top = rect.center().y - chip.caption.size().y / 2.0;
        painter.galley(pos2(rect.min.x + 3.0, text_top), chip.caption.clone(), text_color);
    }
}

/// The relation pieces of a placed paragraph: all lines first, then all
/// labels, so no line is drawn over a label.
pub fn arcs(
    painter: &Painter,
    origin: Pos2,
    placed: &PlacedParagraph,
    emphasised: &dyn Fn(usize) -> bool,
    theme: Theme,
) {
    let offset = origin.to_vec2();
    let color_of = |link: usize, style: MarkStyle| {
        if emphasised(link) {
            (EMPHASIS, 2.0)
        } else if style == MarkStyle::Partial {
            (PARTIAL, 1.5)
        } else {
            (theme.arc_color(), 1.2)
        }
    };
    for arc in &placed.arcs {
        let (color, width) = color_of(arc.link, arc.style);
        let points: Vec<Pos2> = arc.points.iter().map(|p| *p + offset).collect();
        if arc.style == MarkStyle::Partial {
            painter.extend(Shape::dashed_line(&points, Stroke::new(width, color), 5.0, 3.0));
        } else {
            painter.add(Shape::line(points, Stroke::new(width, color)));
        }
        if let Some(tip) = arc.arrow_at {
            arrow(painter, tip + offset, color);
        }
    }
    for arc in &placed.arcs {
        let (color, _) = color_of(arc.link, arc.style);
        let rect = arc.label.translate(offset);
        let (fill, text) = if emphasised(arc.link) {
            (EMPHASIS, Color32::WHITE)
        } else {
            (theme.background, theme.text)
        };
        painter.rect(
            rect,
            CornerRadius::same(3),
            fill,
            Stroke::new(1.0, color),
            egui::StrokeKind::Inside,
        );
        let text_top = rect.center().y - arc.caption.size().y / 2.0;
        painter.galley(pos2(rect.min.x + 3.0, text_top), arc.caption.clone(), text);
    }
}

fn arrow(painter: &Painter, tip: Pos2, color: Color32) {
    let size = 5.0;
    painter.add(Shape::convex_polygon(
        vec![
            tip,
            tip + vec2(-size * 0.7, -size * 1.3),
            tip + vec2(size * 0.7, -size * 1.3),
        ],
        color,
        Stroke::NONE,
    ));
}

/// A suggested entity: an outline in the label's colour, no fill and no
/// chip, unlike an accepted entity. One shape per segment keeps hundreds of
/// suggestions on screen cheap.
pub fn suggestion(painter: &Painter, rect: Rect, color: Color32) {
    painter.rect_stroke(
        rect.expand2(vec2(1.0, 1.0)),
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

/// A line from a chip to the pointer while a relation is being dragged.
pub fn relation_preview(painter: &Painter, from: Pos2, to: Pos2) {
    painter.line_segment([from, to], Stroke::new(2.0, EMPHASIS));
    painter.circle_filled(to, 4.0, EMPHASIS);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bundled label colour keeps its text readable in both themes:
    /// chip captions against the chip, document text against the highlight.
    #[test]
    fn every_schema_colour_keeps_contrast_in_light_and_dark() {
        let schema = LabelSchema::bundled();
        for visuals in [egui::Visuals::light(), egui::Visuals::dark()] {
            let theme = Theme::from_visuals(&visuals);
            let (background, text) = (theme.background, theme.text);
            for entity in &schema.entities {
                let color = entity_color(&schema, &entity.name);
                let chip = contrast(text_on(color), color);
                assert!(chip >= 4.5, "{} chip text contrast {chip:.2}", entity.name);
                let fill = highlight_fill(color, background, visuals.dark_mode);
                let body = contrast(text, fill);
                assert!(
                    body >= 4.5,
                    "{} highlighted text contrast {body:.2} (dark: {})",
                    entity.name,
                    visuals.dark_mode
                );
            }
        }
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert_eq!(text_on(Color32::from_rgb(250, 250, 120)), Color32::BLACK);
        assert_eq!(text_on(Color32::from_rgb(20, 30, 120)), Color32::WHITE);
    }
}
