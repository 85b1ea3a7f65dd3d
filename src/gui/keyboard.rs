//! Keyboard shortcuts: the commands' and the schema's label hotkeys.

use egui::{Key, Modifiers};

use super::actions::Action;
use super::app::SpanwrightApp;
use super::commands::Command;

pub fn shortcut_actions(ctx: &egui::Context, app: &SpanwrightApp) -> Vec<Action> {
    let typing = ctx.egui_wants_keyboard_input();
    let modal_open = app.dialogs.is_modal_open();
    let mut actions = Vec::new();
    for command in Command::matching_order() {
        if (typing || modal_open) && command.needs_free_keyboard() {
            continue;
        }
        if modal_open && command != Command::Cancel && command != Command::ShowShortcuts {
            continue;
        }
        for shortcut in command.shortcuts() {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                actions.push(Action::Command(command));
                break;
            }
        }
    }
    if typing || modal_open {
        return actions;
    }
    let Some(workspace) = app.workspace() else {
        return actions;
    };
    for entity in &workspace.project.schema().entities {
        let Some(key) = entity.hotkey.as_deref().and_then(Key::from_name) else {
            continue;
        };
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
            actions.push(Action::ApplyLabel(entity.name.clone()));
        }
    }
    actions
}

/// A label hotkey that a command's shortcut takes first, if any.
pub fn shadowing_command(hotkey: &str) -> Option<Command> {
    let key = Key::from_name(hotkey)?;
    Command::ALL.into_iter().find(|c| {
        c.shortcuts()
            .iter()
            .any(|s| s.logical_key == key && s.modifiers == Modifiers::NONE)
    })
}
