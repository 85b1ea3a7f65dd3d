//! Every user command, with its menu text, shortcuts, whether it can run
//! now ([`Command::is_enabled`]) and what it does ([`run`]). Menus, keyboard
//! handling and the F1 overlay are all generated from [`Command`], so a
//! shortcut can never be missing from the menu or the help.

mod run;

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Command {
    OpenFolder,
    ChooseAnnotator,
    Export,
    Import,
    ModelBackends,
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
    FindNext,
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
    ToggleSentenceView,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter)]
pub enum Menu {
    File,
    Edit,
    Document,
    View,
}

impl Menu {
    /// The menus, left to right.
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

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
    /// Every command, in declaration order (menus list them in this order).
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }

    pub fn text(self) -> &'static str {
        match self {
            Self::OpenFolder => "Open folder…",
            Self::ChooseAnnotator => "Who is annotating…",
            Self::Export => "Export…",
            Self::Import => "Import…",
            Self::ModelBackends => "Model backends…",
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
            Self::FindNext => "Next match",
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
            Self::ToggleSentenceView => "One sentence per line",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Self::OpenFolder => "Open a folder of .txt files as a project",
            Self::ChooseAnnotator => "Annotate under another name (each annotator has their own folder)",
            Self::Save => "Write unsaved annotations now (they are also saved automatically)",
            Self::Export => "Write the annotations as jsonl, doccano, Label Studio, brat or CoNLL",
            Self::Import => "Read annotations from another tool, or a model's predictions as suggestions",
            Self::ModelBackends => {
                "The built-in recommender, and model servers that speak the Label Studio ML backend protocol"
            }
            Self::LabelAllOccurrences => {
                "Give every other occurrence of the selected entity's text its label, in one undoable step"
            }
            Self::AcceptSuggestions => "Accept every suggestion scored at least the threshold set in the side panel",
            Self::StartRelation => "Then click the tail entity; only relation types the schema allows are offered",
            Self::NextUnfinishedDocument => "The next document whose status is neither done nor reviewed",
            Self::Find => "Highlight every match; Enter steps through them",
            Self::FindNext => "Select the next match of the find bar: a label key then tags it",
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
            Self::ToggleSentenceView => {
                "Start each sentence on a line of its own, as brat and INCEpTION show a document (remembered)"
            }
            _ => "",
        }
    }

    pub fn menu(self) -> Option<Menu> {
        match self {
            Self::OpenFolder
            | Self::ChooseAnnotator
            | Self::Export
            | Self::Import
            | Self::ModelBackends
            | Self::Save
            | Self::Quit => Some(Menu::File),
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
            | Self::FindNext
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
            | Self::ToggleCompactView
            | Self::ToggleSentenceView => Some(Menu::View),
            Self::Cancel
            | Self::SelectNextEntity
            | Self::SelectPreviousEntity
            | Self::MoveStartLeft
            | Self::MoveStartRight
            | Self::MoveEndLeft
            | Self::MoveEndRight => None,
        }
    }

    /// Shortcuts, the first one shown in menus. A key press matches a
    /// shortcut only with exactly its modifiers.
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        match self {
            Self::OpenFolder => vec![shortcut(Modifiers::COMMAND, Key::O)],
            Self::ChooseAnnotator => vec![],
            Self::Export => vec![shortcut(Modifiers::COMMAND, Key::E)],
            Self::Import => vec![shortcut(Modifiers::COMMAND, Key::I)],
            Self::ModelBackends => Vec::new(),
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
            Self::FindNext => vec![
                shortcut(Modifiers::NONE, Key::Enter),
                shortcut(Modifiers::NONE, Key::F3),
            ],
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
            Self::ToggleSentenceView => vec![shortcut(CTRL_SHIFT, Key::S)],
        }
    }

    /// The command whose shortcut `pressed` is, with exactly its modifiers.
    pub fn for_key(key: Key, modifiers: Modifiers) -> Option<Self> {
        Self::all().find(|c| {
            c.shortcuts()
                .iter()
                .any(|s| s.logical_key == key && modifiers.matches_exact(s.modifiers))
        })
    }
}

/// Keys that edit text or move its cursor when pressed with Ctrl (⌘ on a
/// Mac): undo and redo, select all, the clipboard, word moves and deletes,
/// and Enter, which a multi-line field may take.
const TEXT_EDITING_COMMAND_KEYS: [Key; 14] = [
    Key::A,
    Key::C,
    Key::V,
    Key::X,
    Key::Y,
    Key::Z,
    Key::ArrowLeft,
    Key::ArrowRight,
    Key::ArrowUp,
    Key::ArrowDown,
    Key::Home,
    Key::End,
    Key::Backspace,
    Key::Delete,
];

/// Whether a key press could mean editing text while a text field has the
/// keyboard. Then the field gets it and no command fires: plain, Shift and
/// Alt keys type or move the cursor (Esc leaves the field, Tab goes to the
/// next one), and so do Ctrl with the keys above and Ctrl+Enter. Function
/// keys and the other Ctrl shortcuts (save, quit, find, next document, the
/// modes, …) never edit text, so they work from a field too.
pub fn may_edit_text(key: Key, modifiers: Modifiers) -> bool {
    if is_function_key(key) {
        return false;
    }
    !modifiers.command || key == Key::Enter || TEXT_EDITING_COMMAND_KEYS.contains(&key)
}

fn is_function_key(key: Key) -> bool {
    key.name().strip_prefix('F').is_some_and(|n| n.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = std::collections::HashMap::new();
        for command in Command::all() {
            for shortcut in command.shortcuts() {
                if let Some(other) = seen.insert(shortcut, command) {
                    panic!("{command:?} and {other:?} share {shortcut:?}");
                }
            }
        }
    }

    #[test]
    fn every_command_has_a_text_and_is_reachable() {
        for command in Command::all() {
            assert!(!command.text().is_empty(), "{command:?}");
            assert!(
                !command.shortcuts().is_empty() || command.menu().is_some(),
                "{command:?} has neither a shortcut nor a menu entry"
            );
        }
    }

    #[test]
    fn shortcuts_that_edit_text_are_left_to_a_focused_field() {
        let typed = [
            (Modifiers::COMMAND, Key::Z),
            (CTRL_SHIFT, Key::Z),
            (Modifiers::COMMAND, Key::Enter),
            (Modifiers::NONE, Key::Escape),
            (Modifiers::NONE, Key::P),
            (Modifiers::NONE, Key::Delete),
            (Modifiers::NONE, Key::Tab),
            (Modifiers::ALT, Key::ArrowLeft),
            (ALT_SHIFT, Key::ArrowRight),
        ];
        for (modifiers, key) in typed {
            assert!(may_edit_text(key, modifiers), "{modifiers:?} {key:?}");
        }
        let commands = [
            (Modifiers::COMMAND, Key::S),
            (Modifiers::COMMAND, Key::Q),
            (Modifiers::COMMAND, Key::F),
            (Modifiers::COMMAND, Key::PageDown),
            (Modifiers::NONE, Key::F1),
            (Modifiers::SHIFT, Key::F8),
        ];
        for (modifiers, key) in commands {
            assert!(!may_edit_text(key, modifiers), "{modifiers:?} {key:?}");
        }
    }

    #[test]
    fn a_key_matches_only_with_its_exact_modifiers() {
        assert_eq!(
            Command::for_key(Key::Tab, Modifiers::NONE),
            Some(Command::SelectNextEntity)
        );
        assert_eq!(
            Command::for_key(Key::Tab, Modifiers::SHIFT),
            Some(Command::SelectPreviousEntity)
        );
        assert_eq!(Command::for_key(Key::ArrowLeft, ALT_SHIFT), Some(Command::MoveEndLeft));
        assert_eq!(Command::for_key(Key::Z, CTRL_SHIFT), Some(Command::Redo));
        assert_eq!(Command::for_key(Key::Z, Modifiers::COMMAND), Some(Command::Undo));
        assert_eq!(Command::for_key(Key::P, Modifiers::NONE), None);
    }
}
