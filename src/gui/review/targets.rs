//! Which document the centre shows and edits go to: a mode only chooses the
//! key — the window's own file in Annotate and Compare, the curator's in
//! Curate, the reviewed annotator's in Review — and the store has the rest.

use super::{Mode, ReviewState};
use crate::gui::app::SpanwrightApp;
use crate::gui::store::DocKey;
use crate::gui::workspace::Workspace;
use crate::project::OpenDocument;

/// The key shown in the current mode; takes the two parts of the app it
/// reads so that callers can borrow the rest.
pub fn shown_key(workspace: Option<&Workspace>, review: &ReviewState) -> Option<DocKey> {
    let workspace = workspace?;
    let current = workspace.current.as_deref()?;
    let annotator = match review.mode {
        Mode::Annotate | Mode::Compare => workspace.annotator.as_str(),
        Mode::Curate => review.curator.as_str(),
        Mode::Review => review.reviewee.as_deref()?,
    };
    Some(DocKey::new(annotator, current))
}

/// The document shown and edited in the current mode, once loaded.
pub fn shown_in<'a>(workspace: Option<&'a Workspace>, review: &ReviewState) -> Option<&'a OpenDocument> {
    let key = shown_key(workspace, review)?;
    workspace?.store.document(&key)
}

impl SpanwrightApp {
    /// The document shown and edited in the current mode.
    pub fn shown_document(&self) -> Option<&OpenDocument> {
        shown_in(self.workspace.as_ref(), &self.review)
    }

    /// The curation shown in Curate mode, once built.
    pub fn shown_curation(&self) -> Option<&crate::curation::Curation> {
        let key = self.shown_key()?;
        self.workspace.as_ref()?.store.curation(&key)
    }

    /// Why the shown document could not be opened, if it could not.
    pub fn shown_error(&self) -> Option<&str> {
        let key = self.shown_key()?;
        self.workspace.as_ref()?.store.open_error(&key)
    }

    /// Whether the shown document is still being read.
    pub fn shown_loading(&self) -> bool {
        let (Some(key), Some(workspace)) = (self.shown_key(), self.workspace.as_ref()) else {
            return false;
        };
        workspace.store.is_loading(&key) || !workspace.store.knows(&key)
    }

    /// Which (annotator, document) the current mode shows.
    pub fn shown_key(&self) -> Option<DocKey> {
        shown_key(self.workspace.as_ref(), &self.review)
    }
}
