//! What the user asked for this frame, run once after the UI pass.

use super::commands::Command;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Command(Command),
    ShowDocument(String),
    /// Turn the selected text into an entity, or relabel the selected entity.
    ApplyLabel(String),
    SelectEntity {
        id: String,
        scroll: bool,
    },
    SelectRelation {
        id: String,
        scroll: bool,
    },
    SelectText {
        start: usize,
        end: usize,
    },
    ClearSelection,
    EntityClicked(String),
    /// Ask which relation type links these two entities.
    ProposeRelation {
        head: String,
        tail: String,
    },
    CreateRelation {
        label: String,
        head: String,
        tail: String,
    },
    RelabelRelation {
        id: String,
        label: String,
    },
    SetEntityAttribute {
        id: String,
        name: String,
        value: Option<crate::annotations::AttributeValue>,
    },
    /// Text typed into a note field, kept as a draft of the document shown.
    SetDraft {
        field: super::store::DraftField,
        text: String,
    },
    /// Turns the drafts into edits (a note field lost focus).
    CommitDrafts,
    SetEntityNote {
        id: String,
        note: Option<String>,
    },
    SetRelationNote {
        id: String,
        note: Option<String>,
    },
    SetStatus(crate::annotations::Status),
    DeleteEntity(String),
    DeleteRelation(String),
    OpenProject(std::path::PathBuf),
    SetAnnotator(String),
    FindNext,
    OpenTransfer(super::transfer::Direction),
    StartTransfer {
        /// Write an export although it holds no entity.
        even_if_empty: bool,
    },
    CloseTransfer,
    OpenReanchor,
    ApplyReanchor,
    CloseReanchor,
    AcceptSuggestions(Vec<crate::formats::suggestions::Suggestion>),
    RejectSuggestions(Vec<crate::formats::suggestions::Suggestion>),
    RefreshSuggestions,
    /// Edit although another window holds this annotator's files.
    EditAnyway,
    /// Review, compare and curate.
    Review(super::review::ReviewAction),
}
