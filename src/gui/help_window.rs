//! The F1 window: every command with its shortcuts, then the schema's
//! entity labels and relation types with their keys and descriptions. It
//! scrolls when it is taller than the window it is in.

use egui::RichText;

use super::app::SpanwrightApp;
use super::commands::{Command, Menu};
use crate::schema::LabelSchema;

/// The window's title, which is also its accessible name.
pub const TITLE: &str = "Keyboard shortcuts";
/// Room kept free above and below the window inside the screen.
const SCREEN_MARGIN: f32 = 16.0;
/// Width of a description column; longer ones wrap.
const DESCRIPTION_WIDTH: f32 = 320.0;

pub fn ui(ctx: &egui::Context, app: &mut SpanwrightApp) {
    let mut open = true;
    let screen = ctx.content_rect();
    let room = (screen.size() - egui::Vec2::splat(2.0 * SCREEN_MARGIN)).max(egui::vec2(200.0, 120.0));
    egui::Window::new(TITLE)
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .default_height(720.0_f32.min(room.y))
        .max_width(room.x)
        .max_height(room.y)
        .constrain(true)
        .vscroll(true)
        .show(ctx, |ui| {
            commands_ui(ui);
            if let Some(workspace) = app.workspace() {
                schema_ui(ui, workspace.project.schema());
            }
        });
    if !open {
        app.dialogs.show_help = false;
    }
}

fn commands_ui(ui: &mut egui::Ui) {
    egui::Grid::new("shortcut-grid").striped(true).show(ui, |ui| {
        for menu in Menu::all().map(Some).chain([None]) {
            ui.strong(menu.map_or("In the document", Menu::title));
            ui.end_row();
            for command in Command::all().filter(|c| c.menu() == menu) {
                let keys: Vec<String> = command
                    .shortcuts()
                    .iter()
                    .map(|s| ui.ctx().format_shortcut(s))
                    .collect();
                ui.label(command.text());
                ui.label(keys.join("  or  "));
                ui.end_row();
            }
        }
    });
}

/// The labels as the schema describes them, so that the annotation
/// guidelines are one key away.
fn schema_ui(ui: &mut egui::Ui, schema: &LabelSchema) {
    ui.add_space(8.0);
    ui.strong("Entity labels");
    egui::Grid::new("label-grid").striped(true).show(ui, |ui| {
        for entity in &schema.entities {
            let key = entity.hotkey.as_deref().map(str::to_uppercase).unwrap_or_default();
            ui.label(RichText::new(key).monospace())
                .on_hover_text(format!("Label selection as {}", entity.name));
            ui.label(RichText::new(&entity.name).strong());
            description_ui(ui, None, &entity.description);
            ui.end_row();
        }
    });
    if schema.relations.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong("Relation types");
    egui::Grid::new("relation-grid").striped(true).show(ui, |ui| {
        for relation in &schema.relations {
            let arrow = if relation.symmetric { "↔" } else { "→" };
            let ends = format!("{} {arrow} {}", relation.head.join(" | "), relation.tail.join(" | "));
            ui.label(RichText::new(&relation.name).strong());
            description_ui(ui, Some(ends), &relation.description);
            ui.end_row();
        }
    });
}

/// A description wrapped to a column, under the types a relation joins.
fn description_ui(ui: &mut egui::Ui, ends: Option<String>, description: &str) {
    let text = if description.is_empty() {
        RichText::new("no description in the schema").weak()
    } else {
        RichText::new(description)
    };
    ui.vertical(|ui| {
        ui.set_max_width(DESCRIPTION_WIDTH);
        if let Some(ends) = ends {
            ui.add(egui::Label::new(RichText::new(ends).weak()).wrap());
        }
        ui.add(egui::Label::new(text).wrap());
    });
}
