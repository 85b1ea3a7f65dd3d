//! Small charts drawn with the painter: horizontal bars and heat-map cells.
//! Each is an accessible node carrying its value, so screen readers (and
//! tests) can read the numbers the picture shows.

use egui::{Color32, CornerRadius, FontId, Sense, Stroke, Vec2, vec2};

const BAR_HEIGHT: f32 = 16.0;

/// Distinct colours for annotators, in order.
pub fn annotator_color(index: usize) -> Color32 {
    const PALETTE: [Color32; 6] = [
        Color32::from_rgb(66, 133, 214),
        Color32::from_rgb(230, 140, 40),
        Color32::from_rgb(90, 170, 90),
        Color32::from_rgb(190, 90, 170),
        Color32::from_rgb(120, 120, 120),
        Color32::from_rgb(200, 70, 70),
    ];
    PALETTE[index % PALETTE.len()]
}

/// A bar `fraction` of `width` long with `value` written after it; read out
/// as `accessible`.
pub fn bar(ui: &mut egui::Ui, width: f32, fraction: f32, value: &str, color: Color32, accessible: &str) {
    let (rect, response) = ui.allocate_exact_size(vec2(width, BAR_HEIGHT), Sense::hover());
    let painter = ui.painter_at(rect.expand(1.0));
    let text = painter.layout_no_wrap(value.to_owned(), FontId::proportional(11.0), ui.visuals().text_color());
    let room = (width - text.size().x - 6.0).max(10.0);
    let track = egui::Rect::from_min_size(rect.min, vec2(room, BAR_HEIGHT));
    painter.rect_filled(track, CornerRadius::same(2), ui.visuals().faint_bg_color);
    let filled = egui::Rect::from_min_size(rect.min, vec2(room * fraction.clamp(0.0, 1.0), BAR_HEIGHT));
    painter.rect_filled(filled, CornerRadius::same(2), color);
    let text_pos = egui::pos2(track.max.x + 4.0, rect.center().y - text.size().y / 2.0);
    painter.galley(text_pos, text, ui.visuals().text_color());
    response
        .on_hover_text(accessible)
        .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, accessible));
}

/// One cell of a heat map: shaded by `strength` (0 to 1), `text` centred.
pub fn heat_cell(ui: &mut egui::Ui, size: Vec2, strength: f32, hue: Color32, text: &str, accessible: &str) {
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let white = Color32::WHITE;
    let strength = strength.clamp(0.0, 1.0);
    let fill = Color32::from_rgb(
        lerp(white.r(), hue.r(), strength),
        lerp(white.g(), hue.g(), strength),
        lerp(white.b(), hue.b(), strength),
    );
    painter.rect(
        rect.shrink(1.0),
        CornerRadius::same(2),
        fill,
        Stroke::new(1.0, Color32::from_gray(220)),
        egui::StrokeKind::Inside,
    );
    let color = if strength > 0.6 {
        Color32::WHITE
    } else {
        Color32::from_gray(30)
    };
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        FontId::proportional(11.0),
        color,
    );
    response
        .on_hover_text(accessible)
        .widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, accessible));
}

fn lerp(from: u8, to: u8, t: f32) -> u8 {
    (f32::from(from) + (f32::from(to) - f32::from(from)) * t).round() as u8
}
