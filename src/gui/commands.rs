//! Every user command, with its menu text and shortcuts. Menus, keyboard
//! handling and the F1 overlay are all generated from [`Command`], so a
//! shortcut can never be missing from the menu or the help.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    OpenFolder,
    Export,
    Import,
    Save,
    Quit,
    Undo,
    Redo,
    DeleteSelection,
    StartRelation,
    LabelAllOccurrences,
    AcceptSuggestions,
    Cancel,
    SelectNextEntity,
    SelectPreviousEntity,
    MoveStartLeft,
    MoveStartRight,
    MoveEndLeft,
    MoveEndRight,
    NextDocument,
    PreviousDocument,
    NextUnfinishedDocument,
    MarkDone,
    Find,
    ToggleRelations,
    ToggleSuggestions,
    ShowShortcuts,
    ModeAnnotate,
    ModeReview,
    ModeCompare,
    ModeCurate,
    ShowAgreement,
    ShowQa,
    NextDisagreement,
    PreviousDisagreement,
    MarkReviewed,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    CycleTheme,
    ToggleCompactView,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    Document,
    View,
}

impl Menu {
    pub const ALL: [Self; 4] = [Self::File, Self::Edit, Self::Document, Self::View];

    pub fn title(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Edit => "Edit",
            Self::Document => "Document",
            Self::View => "View",
        }
    }
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);

impl Command {
    pub const ALL: [Self; 40] = [
        Self::OpenFolder,
        Self::Export,
        Self::Import,
        Self::Save,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::DeleteSelection,
        Self::StartRelation,
        Self::LabelAllOccurrences,
        Self::AcceptSuggestions,
        Self::Cancel,
        Self::SelectNextEntity,
        Self::SelectPreviousEntity,
        Self::MoveStartLeft,
        Self::MoveStartRight,
        Self::MoveEndLeft,
        Self::MoveEndRight,
        Self::NextDocument,
        Self::PreviousDocument,
        Self::NextUnfinishedDocument,
        Self::MarkDone,
        Self::Find,
        Self::ToggleRelations,
        Self::ToggleSuggestions,
        Self::ShowShortcuts,
        Self::ModeAnnotate,
        Self::ModeReview,
        Self::ModeCompare,
        Self::ModeCurate,
        Self::ShowAgreement,
        Self::ShowQa,
        Self::NextDisagreement,
        Self::PreviousDisagreement,
        Self::MarkReviewed,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::CycleTheme,
        Self::ToggleCompactView,
    ];

    pub fn text(self) -> &'static str {
        match self {
            Self::OpenFolder => "Open folder…",
            Self::Export => "Export…",
            Self::Import => "Import…",
            Self::Save => "Save",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::DeleteSelection => "Delete selected annotation",
            Self::StartRelation => "Relation from selected entity…",
            Self::LabelAllOccurrences => "Label all occurrences",
            Self::AcceptSuggestions => "Accept suggestions above the threshold",
            Self::Cancel => "Cancel / clear selection",
            Self::SelectNextEntity => "Select next entity",
            Self::SelectPreviousEntity => "Select previous entity",
            Self::MoveStartLeft => "Move entity start left",
            Self::MoveStartRight => "Move entity start right",
            Self::MoveEndLeft => "Move entity end left",
            Self::MoveEndRight => "Move entity end right",
            Self::NextDocument => "Next document",
            Self::PreviousDocument => "Previous document",
            Self::NextUnfinishedDocument => "Next document not done",
            Self::MarkDone => "Mark document done",
            Self::Find => "Find in document…",
            Self::ToggleRelations => "Show relations",
            Self::ToggleSuggestions => "Show suggestions",
            Self::ShowShortcuts => "Keyboard shortcuts",
            Self::ModeAnnotate => "Annotate mode",
            Self::ModeReview => "Review mode",
            Self::ModeCompare => "Compare mode",
            Self::ModeCurate => "Curate mode",
            Self::ShowAgreement => "Agreement…",
            Self::ShowQa => "QA problems…",
            Self::NextDisagreement => "Next disagreement",
            Self::PreviousDisagreement => "Previous disagreement",
            Self::MarkReviewed => "Mark document reviewed",
            Self::ZoomIn => "Larger text",
            Self::ZoomOut => "Smaller text",
            Self::ZoomReset => "Default text size",
            Self::CycleTheme => "Theme: system, light, dark",
            Self::ToggleCompactView => "Compact view",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Self::OpenFolder => "Open a folder of .txt files as a project",
            Self::Save => "Write unsaved annotations now (they are also saved automatically)",
            Self::Export => "Write the annotations as jsonl, doccano, Label Studio, brat or CoNLL",
            Self::Import => "Read annotations from another tool, or a model's predictions as suggestions",
            Self::LabelAllOccurrences => {
                "Give every other occurrence of the selected entity's text its label, in one undoable step"
            }
            Self::AcceptSuggestions => "Accept every suggestion scored at least the threshold set in the side panel",
            Self::StartRelation => "Then click the tail entity; only relation types the schema allows are offered",
            Self::NextUnfinishedDocument => "The next document whose status is neither done nor reviewed",
            Self::Find => "Highlight every match; Enter steps through them",
            Self::MoveStartLeft | Self::MoveStartRight | Self::MoveEndLeft | Self::MoveEndRight => {
                "Resize the selected entity by one character"
            }
            Self::ModeAnnotate | Self::ModeReview | Self::ModeCompare | Self::ModeCurate => {
                super::review::Mode::of_command(self).map_or("", super::review::Mode::description)
            }
            Self::ShowAgreement => "Agreement between annotators: per-label F1, confusion matrix, label counts",
            Self::ShowQa => "Quality checks over every annotation file, each finding with a jump to it",
            Self::NextDisagreement | Self::PreviousDisagreement => "In Compare and Curate mode",
            Self::MarkReviewed => "In Review mode: the annotator's document is reviewed",
            Self::CycleTheme => "Follow the system's theme, or always light, or always dark (remembered)",
            Self::ToggleCompactView => "Label chips only under the pointer; relations only of the selected entity",
            _ => "",
        }
    }

    pub fn menu(self) -> Option<Menu> {
        match self {
            Self::OpenFolder | Self::Export | Self::Import | Self::Save | Self::Quit => Some(Menu::File),
            Self::Undo
            | Self::Redo
            | Self::DeleteSelection
            | Self::StartRelation
            | Self::LabelAllOccurrences
            | Self::AcceptSuggestions => Some(Menu::Edit),
            Self::NextDocument
            | Self::PreviousDocument
            | Self::NextUnfinishedDocument
            | Self::MarkDone
            | Self::Find
            | Self::NextDisagreement
            | Self::PreviousDisagreement
            | Self::MarkReviewed => Some(Menu::Document),
            Self::ToggleRelations
            | Self::ToggleSuggestions
            | Self::ShowShortcuts
            | Self::ModeAnnotate
            | Self::ModeReview
            | Self::ModeCompare
            | Self::ModeCurate
            | Self::ShowAgreement
            | Self::ShowQa
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::CycleTheme
            | Self::ToggleCompactView => Some(Menu::View),
            Self::Cancel
            | Self::SelectNextEntity
            | Self::SelectPreviousEntity
            | Self::MoveStartLeft
            | Self::MoveStartRight
            | Self::MoveEndLeft
            | Self::MoveEndRight => None,
        }
    }

    /// Shortcuts, the first one shown in menus. More specific ones (with
    /// more modifiers) come before the commands they extend in [`Self::ALL`]
    /// order of matching; see [`Self::matching_order`].
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        match self {
            Self::OpenFolder => vec![shortcut(Modifiers::COMMAND, Key::O)],
            Self::Export => vec![shortcut(Modifiers::COMMAND, Key::E)],
            Self::Import => vec![shortcut(Modifiers::COMMAND, Key::I)],
            Self::Save => vec![shortcut(Modifiers::COMMAND, Key::S)],
            Self::Quit => vec![shortcut(Modifiers::COMMAND, Key::Q)],
            Self::Undo => vec![shortcut(Modifiers::COMMAND, Key::Z)],
            Self::Redo => vec![shortcut(CTRL_SHIFT, Key::Z), shortcut(Modifiers::COMMAND, Key::Y)],
            Self::DeleteSelection => vec![
                shortcut(Modifiers::NONE, Key::Delete),
                shortcut(Modifiers::NONE, Key::Backspace),
            ],
            Self::StartRelation => vec![shortcut(Modifiers::NONE, Key::R)],
            Self::LabelAllOccurrences => vec![shortcut(Modifiers::COMMAND, Key::L)],
            Self::AcceptSuggestions => vec![shortcut(CTRL_SHIFT, Key::K)],
            Self::Cancel => vec![shortcut(Modifiers::NONE, Key::Escape)],
            Self::SelectNextEntity => vec![shortcut(Modifiers::NONE, Key::Tab)],
            Self::SelectPreviousEntity => vec![shortcut(Modifiers::SHIFT, Key::Tab)],
            Self::MoveStartLeft => vec![shortcut(Modifiers::ALT, Key::ArrowLeft)],
            Self::MoveStartRight => vec![shortcut(Modifiers::ALT, Key::ArrowRight)],
            Self::MoveEndLeft => vec![shortcut(ALT_SHIFT, Key::ArrowLeft)],
            Self::MoveEndRight => vec![shortcut(ALT_SHIFT, Key::ArrowRight)],
            Self::NextDocument => vec![shortcut(Modifiers::COMMAND, Key::PageDown)],
            Self::PreviousDocument => vec![shortcut(Modifiers::COMMAND, Key::PageUp)],
            Self::NextUnfinishedDocument => vec![shortcut(CTRL_SHIFT, Key::PageDown)],
            Self::MarkDone => vec![shortcut(Modifiers::COMMAND, Key::Enter)],
            Self::Find => vec![shortcut(Modifiers::COMMAND, Key::F)],
            Self::ToggleRelations => vec![shortcut(CTRL_SHIFT, Key::R)],
            Self::ToggleSuggestions => vec![shortcut(CTRL_SHIFT, Key::G)],
            Self::ShowShortcuts => vec![shortcut(Modifiers::NONE, Key::F1)],
            Self::ModeAnnotate => vec![shortcut(Modifiers::COMMAND, Key::Num1)],
            Self::ModeReview => vec![shortcut(Modifiers::COMMAND, Key::Num2)],
            Self::ModeCompare => vec![shortcut(Modifiers::COMMAND, Key::Num3)],
            Self::ModeCurate => vec![shortcut(Modifiers::COMMAND, Key::Num4)],
            Self::ShowAgreement => vec![shortcut(CTRL_SHIFT, Key::A)],
            Self::ShowQa => vec![shortcut(CTRL_SHIFT, Key::Q)],
            Self::NextDisagreement => vec![shortcut(Modifiers::NONE, Key::F8)],
            Self::PreviousDisagreement => vec![shortcut(Modifiers::SHIFT, Key::F8)],
            Self::MarkReviewed => vec![shortcut(CTRL_SHIFT, Key::Enter)],
            Self::ZoomIn => vec![
                shortcut(Modifiers::COMMAND, Key::Plus),
                shortcut(Modifiers::COMMAND, Key::Equals),
            ],
            Self::ZoomOut => vec![shortcut(Modifiers::COMMAND, Key::Minus)],
            Self::ZoomReset => vec![shortcut(Modifiers::COMMAND, Key::Num0)],
            Self::CycleTheme => vec![shortcut(CTRL_SHIFT, Key::T)],
            Self::ToggleCompactView => vec![shortcut(CTRL_SHIFT, Key::V)],
        }
    }

    /// Commands that only make sense when no text field has the keyboard.
    pub fn needs_free_keyboard(self) -> bool {
        let Some(first) = self.shortcuts().first().copied() else {
            return false;
        };
        !first.modifiers.command && first.logical_key != Key::F1 && first.logical_key != Key::Escape
    }

    /// All commands ordered so that a shortcut with more modifiers is tried
    /// before one it contains (egui matches extra Shift/Alt loosely).
    pub fn matching_order() -> Vec<Self> {
        let mut commands = Self::ALL.to_vec();
        commands.sort_by_key(|c| {
            let most = c
                .shortcuts()
                .iter()
                .map(|s| u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt) + u8::from(s.modifiers.command))
                .max()
                .unwrap_or(0);
            std::cmp::Reverse(most)
        });
        commands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = std::collections::HashMap::new();
        for command in Command::ALL {
            for shortcut in command.shortcuts() {
                if let Some(other) = seen.insert(shortcut, command) {
                    panic!("{command:?} and {other:?} share {shortcut:?}");
                }
            }
        }
    }

    #[test]
    fn every_command_has_a_shortcut_and_a_text() {
        for command in Command::ALL {
            assert!(!command.shortcuts().is_empty(), "{command:?}");
            assert!(!command.text().is_empty(), "{command:?}");
        }
    }
}
