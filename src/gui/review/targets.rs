//! Which document the centre shows and edits go to: the window's own in
//! Annotate and Compare, the gold version in Curate, the reviewed
//! annotator's in Review.

use super::{Mode, ReviewState};
use crate::annotations::{Edit, EditError};
use crate::gui::app::SpanwrightApp;
use crate::gui::workspace::Workspace;
use crate::project::OpenDocument;

/// The document shown and edited in the current mode; takes the two parts
/// of the app it reads so that callers can borrow the rest.
pub fn shown_in<'a>(workspace: Option<&'a Workspace>, review: &'a ReviewState) -> Option<&'a OpenDocument> {
    let workspace = workspace?;
    let current = workspace.current.as_deref()?;
    match review.mode {
        Mode::Annotate | Mode::Compare => workspace.current_document(),
        Mode::Curate => review.curation(current).map(|c| c.gold()),
        Mode::Review => {
            let reviewee = review.reviewee.as_deref()?;
            if reviewee == workspace.annotator {
                workspace.current_document()
            } else {
                review.reviewed_document(reviewee, current)
            }
        }
    }
}

impl SpanwrightApp {
    /// The document shown and edited in the current mode.
    pub fn shown_document(&self) -> Option<&OpenDocument> {
        shown_in(self.workspace.as_ref(), &self.review)
    }

    /// Applies `edit` to the shown document, whatever the mode allows.
    pub(in crate::gui) fn apply_to_shown(&mut self, edit: Edit) -> Result<(), EditError> {
        let Some(workspace) = self.workspace.as_mut() else {
            return Ok(());
        };
        let Some(current) = workspace.current.clone() else {
            return Ok(());
        };
        let schema = workspace.project.schema().clone();
        match self.review.mode {
            Mode::Curate => match self.review.curations.get_mut(&current) {
                Some(curation) => curation.apply(edit),
                None => Ok(()),
            },
            Mode::Review if self.review.reviewee.as_deref() != Some(workspace.annotator.as_str()) => {
                let reviewee = self.review.reviewee.clone().unwrap_or_default();
                match self
                    .review
                    .reviewed
                    .get_mut(&reviewee)
                    .and_then(|docs| docs.get_mut(&current))
                {
                    Some(document) => document.apply(edit, &schema),
                    None => Ok(()),
                }
            }
            _ => match workspace.current_document_mut() {
                Some(document) => document.apply(edit, &schema),
                None => Ok(()),
            },
        }
    }

    /// Undoes (or redoes) the last edit of the shown document; `None` when
    /// there is nothing to undo.
    pub(in crate::gui) fn undo_shown(&mut self, undo: bool) -> Option<Result<Edit, EditError>> {
        let workspace = self.workspace.as_mut()?;
        let current = workspace.current.clone()?;
        let schema = workspace.project.schema().clone();
        let step = |document: &mut OpenDocument| {
            if undo {
                document.undo(&schema)
            } else {
                document.redo(&schema)
            }
        };
        match self.review.mode {
            Mode::Compare => None,
            Mode::Curate => {
                let curation = self.review.curations.get_mut(&current)?;
                if undo { curation.undo() } else { curation.redo() }
            }
            Mode::Review if self.review.reviewee.as_deref() != Some(workspace.annotator.as_str()) => {
                let reviewee = self.review.reviewee.clone()?;
                step(self.review.reviewed.get_mut(&reviewee)?.get_mut(&current)?)
            }
            _ => step(workspace.current_document_mut()?),
        }
    }

    /// The key the saver knows the shown document by, when it is not one of
    /// the workspace's own documents.
    pub(in crate::gui) fn shown_save_key(&self) -> Option<String> {
        let workspace = self.workspace.as_ref()?;
        let shown = self.shown_document()?;
        (shown.annotator() != workspace.annotator).then(|| shown.file_name().to_owned())
    }
}
