//! The menus, generated from [`Command`].

use super::actions::Action;
use super::app::SpanwrightApp;
use super::commands::{Command, Menu};

pub fn ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    egui::Panel::top("menu-bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::all() {
                ui.menu_button(menu.title(), |ui| {
                    for command in Command::all().filter(|c| c.menu() == Some(menu)) {
                        command_button(ui, app, command, actions);
                    }
                    if menu == Menu::File {
                        recent_projects_ui(ui, app, actions);
                    }
                });
            }
        });
    });
}

fn command_button(ui: &mut egui::Ui, app: &SpanwrightApp, command: Command, actions: &mut Vec<Action>) {
    let shortcut = command
        .shortcuts()
        .first()
        .map(|s| ui.ctx().format_shortcut(s))
        .unwrap_or_default();
    let checked = match command {
        Command::ToggleRelations => Some(app.settings.show_relations),
        Command::ToggleCompactView => Some(app.settings.compact_view),
        Command::ToggleSentenceView => Some(app.settings.sentence_view),
        Command::ToggleSuggestions => Some(app.suggestions.show),
        _ => super::review::Mode::of_command(command).map(|mode| mode == app.review.mode),
    };
    let text = match checked {
        Some(on) => format!("{}{}", if on { "✔ " } else { "   " }, command.text()),
        None => command.text().to_owned(),
    };
    let button = egui::Button::new(text).shortcut_text(shortcut);
    let mut response = ui.add_enabled(command.is_enabled(app), button);
    if !command.tooltip().is_empty() {
        response = response.on_hover_text(command.tooltip());
    }
    if response.clicked() {
        actions.push(Action::Command(command));
        ui.close();
    }
}

fn recent_projects_ui(ui: &mut egui::Ui, app: &SpanwrightApp, actions: &mut Vec<Action>) {
    if app.settings.recent_projects.is_empty() {
        return;
    }
    ui.separator();
    ui.menu_button("Recent projects", |ui| {
        for path in &app.settings.recent_projects {
            if ui.button(path.display().to_string()).clicked() {
                actions.push(Action::OpenProject(path.clone()));
                ui.close();
            }
        }
    });
}
