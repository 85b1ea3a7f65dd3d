use super::edit::{Edit, EditError};
use super::set::AnnotationSet;
use crate::schema::LabelSchema;

/// Unlimited undo and redo for one document: applied edits and their
/// inverses, never snapshots.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    /// Applies `edit` and records it; a new edit clears the redo list.
    pub fn apply(
        &mut self,
        set: &mut AnnotationSet,
        edit: Edit,
        schema: &LabelSchema,
        text_len: usize,
    ) -> Result<(), EditError> {
        set.apply(&edit, schema, text_len)?;
        self.undo.push(edit);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last edit; returns it, or `None` when there is nothing to undo.
    pub fn undo(
        &mut self,
        set: &mut AnnotationSet,
        schema: &LabelSchema,
        text_len: usize,
    ) -> Option<Result<Edit, EditError>> {
        let edit = self.undo.pop()?;
        Some(match set.apply(&edit.inverse(), schema, text_len) {
            Ok(()) => {
                self.redo.push(edit.clone());
                Ok(edit)
            }
            Err(err) => {
                self.undo.push(edit);
                Err(err)
            }
        })
    }

    pub fn redo(
        &mut self,
        set: &mut AnnotationSet,
        schema: &LabelSchema,
        text_len: usize,
    ) -> Option<Result<Edit, EditError>> {
        let edit = self.redo.pop()?;
        Some(match set.apply(&edit, schema, text_len) {
            Ok(()) => {
                self.undo.push(edit.clone());
                Ok(edit)
            }
            Err(err) => {
                self.redo.push(edit);
                Err(err)
            }
        })
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last()
    }

    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last()
    }
}
