//! Keyboard shortcuts: the commands' and the schema's label hotkeys.
//!
//! Key presses are read in the order they came, every one of them: two
//! presses that arrive within one frame (50 ms apart on a slow frame) are
//! two actions, in order. A press that a text field may need (see
//! [`may_edit_text`]) is left to the field while one has the keyboard.

use egui::{Event, FocusDirection, Key, Modifiers};

use super::actions::Action;
use super::app::SpanwrightApp;
use super::commands::{Command, may_edit_text};

pub fn shortcut_actions(ctx: &egui::Context, app: &SpanwrightApp) -> Vec<Action> {
    let keys = KeyMap {
        // egui lets go of a field on Esc before the frame starts: a field
        // that had the keyboard when the last frame ended still counts.
        typing: ctx.text_edit_focused() || ctx.data(|d| d.get_temp::<bool>(typing_id()).unwrap_or(false)),
        modal_open: app.dialogs.is_modal_open(),
        labels: label_hotkeys(app),
    };
    let mut actions = Vec::new();
    let mut took_navigation_key = false;
    ctx.input_mut(|input| {
        input.events.retain(|event| {
            let Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = event
            else {
                return true;
            };
            let Some(action) = keys.action(*key, *modifiers) else {
                return true;
            };
            took_navigation_key |= moves_egui_focus(*key);
            actions.push(action);
            false
        });
    });
    if took_navigation_key {
        // egui reads Tab and the arrows for its own focus moves before the
        // frame; the command took the key, so the focus stays where it is
        // (otherwise the second Tab lands on the menu bar).
        ctx.memory_mut(|memory| memory.move_focus(FocusDirection::None));
    }
    actions
}

struct KeyMap {
    /// A text field has the keyboard.
    typing: bool,
    modal_open: bool,
    labels: Vec<(Key, String)>,
}

impl KeyMap {
    fn action(&self, key: Key, modifiers: Modifiers) -> Option<Action> {
        let command = Command::for_key(key, modifiers);
        if self.modal_open {
            // A dialog answers its own keys (Enter, Esc, digits).
            return command.filter(|c| *c == Command::ShowShortcuts).map(Action::Command);
        }
        if self.typing && may_edit_text(key, modifiers) {
            return None;
        }
        if let Some(command) = command {
            return Some(Action::Command(command));
        }
        if !modifiers.is_none() {
            return None;
        }
        self.labels
            .iter()
            .find(|(hotkey, _)| *hotkey == key)
            .map(|(_, label)| Action::ApplyLabel(label.clone()))
    }
}

fn label_hotkeys(app: &SpanwrightApp) -> Vec<(Key, String)> {
    let Some(workspace) = app.workspace() else {
        return Vec::new();
    };
    workspace
        .project
        .schema()
        .entities
        .iter()
        .filter_map(|entity| {
            let key = entity.hotkey.as_deref().and_then(Key::from_name)?;
            Some((key, entity.name.clone()))
        })
        .collect()
}

fn moves_egui_focus(key: Key) -> bool {
    matches!(
        key,
        Key::Tab | Key::ArrowLeft | Key::ArrowRight | Key::ArrowUp | Key::ArrowDown
    )
}

/// A label hotkey that a command's shortcut takes first, if any.
pub fn shadowing_command(hotkey: &str) -> Option<Command> {
    Command::for_key(Key::from_name(hotkey)?, Modifiers::NONE)
}

fn typing_id() -> egui::Id {
    egui::Id::unique("spanwright-text-field-had-keyboard")
}

/// Called when a frame ends: what the next frame's keys need to know.
pub fn end_frame(ctx: &egui::Context) {
    let typing = ctx.text_edit_focused();
    ctx.data_mut(|d| d.insert_temp(typing_id(), typing));
    keep_input_method_off_on_x11(ctx);
}

/// On X11 the window does not ask for the input method (XIM): winit's XIM
/// path leaves the window deaf when a field takes the keyboard as the window
/// appears, and on slow frames delivers typed letters out of order ("tester"
/// became "tertes"). Keys then arrive as plain key presses with their text;
/// what is lost is composing (CJK) text through an input method on X11.
fn keep_input_method_off_on_x11(ctx: &egui::Context) {
    if cfg!(target_os = "linux") && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        ctx.output_mut(|output| output.ime = None);
    }
}
