//! Re-anchoring one annotator's file for one document of a project.

use std::collections::BTreeMap;

use super::apply::{ApplyError, Decision, Reanchored};
use super::plan::{PlanError, ReanchorPlan};
use crate::annotations::{AnnotationFile, FileError};
use crate::project::{Project, SaveError, SaveJob, SaveOutcome, load_text_snapshot, read_annotation_bytes};
use crate::schema::LabelSchema;
use crate::text::{Document, TextError, sha256_hex};

#[derive(Debug, thiserror::Error)]
pub enum ReanchorError {
    #[error("no document \"{0}\" in this project")]
    NoSuchDocument(String),
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("{file}: cannot read: {source}")]
    Unreadable {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: not valid UTF-8 at byte {byte}")]
    NotUtf8 { file: String, byte: usize },
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Apply(#[from] ApplyError),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// One annotation file whose text changed since it was made, with the plan
/// that moves it onto the new text.
#[derive(Clone, Debug)]
pub struct DocumentReanchor {
    pub annotator: String,
    pub doc_id: String,
    pub plan: ReanchorPlan,
    pub new_text: Document,
    /// The annotation file's hash when planned: saving refuses if another
    /// program changed the file since.
    pub file_sha256: String,
}

/// The plan for `annotator`'s file of `doc_id`, or `None` when there is no
/// file or its text has not changed.
pub fn plan_document(
    project: &Project,
    annotator: &str,
    doc_id: &str,
) -> Result<Option<DocumentReanchor>, ReanchorError> {
    if project.document(doc_id).is_none() {
        return Err(ReanchorError::NoSuchDocument(doc_id.to_owned()));
    }
    let file_name = project.annotation_file_name(annotator, doc_id);
    let bytes = match read_annotation_bytes(&project.annotation_path(annotator, doc_id)) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(None),
        Err(source) => {
            return Err(ReanchorError::Unreadable {
                file: file_name,
                source,
            });
        }
    };
    let file_sha256 = sha256_hex(&bytes);
    let json = String::from_utf8(bytes).map_err(|err| ReanchorError::NotUtf8 {
        file: file_name.clone(),
        byte: err.utf8_error().valid_up_to(),
    })?;
    let file = AnnotationFile::parse(&file_name, &json)?;
    let new_text = project.load_text(doc_id)?;
    if file.document.sha256 == new_text.sha256() {
        return Ok(None);
    }
    let old_text = load_text_snapshot(project, doc_id, &file.document.sha256);
    let plan = ReanchorPlan::new(&file_name, &file, &new_text, old_text.as_ref())?;
    Ok(Some(DocumentReanchor {
        annotator: annotator.to_owned(),
        doc_id: doc_id.to_owned(),
        plan,
        new_text,
        file_sha256,
    }))
}

impl DocumentReanchor {
    pub fn apply(
        &self,
        schema: &LabelSchema,
        decisions: &BTreeMap<String, Decision>,
    ) -> Result<Reanchored, ApplyError> {
        self.plan.apply(&self.new_text, schema, decisions)
    }

    /// Writes the re-anchored file; the file it replaces goes into the
    /// history, and the new text is stored as the annotated text.
    pub fn save(&self, project: &Project, result: &Reanchored) -> Result<SaveOutcome, SaveError> {
        SaveJob::replace(
            project,
            &self.annotator,
            &self.doc_id,
            result.file.to_json().into_bytes(),
            Some(self.file_sha256.clone()),
            &self.new_text,
        )
        .run()
    }
}
