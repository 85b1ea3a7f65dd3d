//! What the window is for at the moment: annotating one's own documents,
//! reviewing another annotator's, comparing annotators, or curating gold.

use crate::gui::commands::Command;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// One's own annotations, edited freely.
    #[default]
    Annotate,
    /// Another annotator's document: comments, "reviewed" or "send back";
    /// their annotations themselves are not changed.
    Review,
    /// The chosen annotators' annotations of a document overlaid, agreeing
    /// and disagreeing ones told apart; read-only.
    Compare,
    /// The curator's gold version, built from the annotators' versions.
    Curate,
}

impl Mode {
    pub const ALL: [Self; 4] = [Self::Annotate, Self::Review, Self::Compare, Self::Curate];

    pub fn title(self) -> &'static str {
        match self {
            Self::Annotate => "Annotate",
            Self::Review => "Review",
            Self::Compare => "Compare",
            Self::Curate => "Curate",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Annotate => "Your own annotations",
            Self::Review => "Another annotator's document: comment, mark reviewed or send back",
            Self::Compare => "The chosen annotators' annotations together, disagreements marked",
            Self::Curate => "Build the gold version: agreed annotations are taken, settle the rest",
        }
    }

    /// Whether entities and relations of the shown document may be changed.
    pub fn allows_annotation_edits(self) -> bool {
        matches!(self, Self::Annotate | Self::Curate)
    }

    /// Whether the corpus list shows agreement and disagreements.
    pub fn shows_agreement(self) -> bool {
        matches!(self, Self::Compare | Self::Curate)
    }

    pub fn command(self) -> Command {
        match self {
            Self::Annotate => Command::ModeAnnotate,
            Self::Review => Command::ModeReview,
            Self::Compare => Command::ModeCompare,
            Self::Curate => Command::ModeCurate,
        }
    }

    pub fn of_command(command: Command) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.command() == command)
    }
}
