use std::collections::BTreeMap;

use crate::agreement::{Comparison, Place, Source};
use crate::annotations::{AnnotationFile, AnnotationSet, Edit, EditError, check_against};
use crate::project::{OpenDocument, OpenError, Project, SaveError, SaveJob, SaveOutcome};
use crate::schema::LabelSchema;

use super::resolve::{Resolution, ResolveError, resolution_edit, seed_edit};
use super::state::{Disagreement, classify};

#[derive(Debug, thiserror::Error)]
pub enum CurationError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("the curator \"{0}\" cannot also be one of the annotators curated from")]
    CuratorIsAnnotator(String),
    /// An annotator's file cannot be curated from; names the file.
    #[error("cannot curate from {0}")]
    Source(String),
    #[error("no disagreement at {0:?} in this document")]
    NoSuchDisagreement(Place),
    #[error("the disagreement has no version {0}")]
    NoSuchVersion(usize),
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// One document being curated: the annotators' sets (read once, never
/// changed), their comparison, and the curator's gold document.
///
/// Every change of the gold document goes through the curation
/// ([`Self::apply`], [`Self::settle`], [`Self::undo`], [`Self::redo`]) so
/// that rejections follow undo and redo.
#[derive(Debug)]
pub struct Curation {
    sources: Vec<Source>,
    absent: Vec<String>,
    comparison: Comparison,
    gold: OpenDocument,
    schema: LabelSchema,
    /// How many applied steps rejected each place (a place can be rejected,
    /// taken, and rejected again).
    rejected: BTreeMap<Place, usize>,
    /// For each step in the gold history: the place it rejected, if any.
    done_steps: Vec<Option<Place>>,
    undone_steps: Vec<Option<Place>>,
}

/// Starts curating `doc_id` from the files of `annotators` into the file of
/// `curator`. Annotators without a file for the document are left out (see
/// [`Curation::absent_annotators`]); a file that cannot be read or fails its
/// checks is an error naming it. When the curator has no file yet, the gold
/// document is seeded with everything the annotators agree on, as one
/// undoable edit.
pub fn start_curation(
    project: &Project,
    doc_id: &str,
    annotators: &[String],
    curator: &str,
) -> Result<Curation, CurationError> {
    if annotators.iter().any(|a| a == curator) {
        return Err(CurationError::CuratorIsAnnotator(curator.to_owned()));
    }
    let mut gold = OpenDocument::open(project, doc_id, curator)?;
    let gold_is_new = !project.annotation_path(curator, doc_id).exists();
    let mut sources = Vec::new();
    let mut absent = Vec::new();
    for annotator in annotators {
        let path = project.annotation_path(annotator, doc_id);
        if !path.exists() {
            absent.push(annotator.clone());
            continue;
        }
        let name = project.annotation_file_name(annotator, doc_id);
        let file = AnnotationFile::load(&path, &name).map_err(|err| CurationError::Source(err.to_string()))?;
        if let Some(problem) = check_against(&name, &file, gold.document(), project.schema()).first() {
            return Err(CurationError::Source(problem.to_string()));
        }
        sources.push(Source {
            annotator: annotator.clone(),
            set: file.to_set(),
        });
    }
    let comparison = Comparison::new(&sources, project.schema());
    let schema = project.schema().clone();
    let mut done_steps = Vec::new();
    if gold_is_new && gold.read_only_reason().is_none() {
        let text_len = gold.document().char_len();
        if let Some(seed) = seed_edit(&comparison, &sources, gold.set(), &schema, text_len)? {
            gold.apply(seed, &schema)?;
            done_steps.push(None);
        }
    }
    let curation = Curation {
        sources,
        absent,
        comparison,
        gold,
        schema,
        rejected: BTreeMap::new(),
        done_steps,
        undone_steps: Vec::new(),
    };
    Ok(curation)
}

impl Curation {
    /// The curator's document: text, gold set, history and save state.
    pub fn gold(&self) -> &OpenDocument {
        &self.gold
    }

    /// The annotators curated from, with their sets.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Annotators asked for who have no file for this document.
    pub fn absent_annotators(&self) -> &[String] {
        &self.absent
    }

    pub fn comparison(&self) -> &Comparison {
        &self.comparison
    }

    /// Every disagreement with its state judged against `gold`, in text
    /// order (entities first, then relations).
    pub fn disagreements(&self, gold: &AnnotationSet) -> Vec<Disagreement> {
        classify(&self.comparison, gold, &self.schema, |place| {
            self.rejected.get(place).is_some_and(|&n| n > 0)
        })
    }

    /// The disagreements still open in the curation's own gold set.
    pub fn open_disagreements(&self) -> Vec<Disagreement> {
        let mut all = self.disagreements(self.gold.set());
        all.retain(|d| d.state.is_open());
        all
    }

    /// The edit that settles the disagreement at `place` in `gold`, without
    /// applying it; `None` when `gold` already is that way.
    pub fn resolution_edit(
        &self,
        gold: &AnnotationSet,
        place: &Place,
        resolution: Resolution,
    ) -> Result<Option<Edit>, CurationError> {
        resolution_edit(
            &self.comparison,
            &self.sources,
            gold,
            &self.schema,
            self.gold.document().char_len(),
            place,
            resolution,
        )
        .map_err(|err| match err {
            ResolveError::NoSuchPlace => CurationError::NoSuchDisagreement(place.clone()),
            ResolveError::NoSuchVersion(index) => CurationError::NoSuchVersion(index),
            ResolveError::Edit(err) => CurationError::Edit(err),
        })
    }

    /// Settles the disagreement at `place` in the gold document as one
    /// undoable step. Rejecting where the gold set already has nothing
    /// still takes a (no-op) step, so that undo brings the disagreement
    /// back.
    pub fn settle(&mut self, place: &Place, resolution: Resolution) -> Result<(), CurationError> {
        let edit = self.resolution_edit(self.gold.set(), place, resolution)?;
        let rejects =
            match resolution {
                Resolution::RejectAll => true,
                Resolution::Take(index) => self.comparison.disagreements.iter().any(|g| {
                    g.place == *place && g.versions.get(index).is_some_and(crate::agreement::Version::is_absent)
                }),
            };
        let edit = match edit {
            Some(edit) => edit,
            None if rejects => Edit::Batch(Vec::new()),
            None => return Ok(()),
        };
        self.gold.apply(edit, &self.schema)?;
        let step = rejects.then(|| place.clone());
        if let Some(place) = &step {
            *self.rejected.entry(place.clone()).or_default() += 1;
        }
        self.done_steps.push(step);
        self.undone_steps.clear();
        Ok(())
    }

    /// Applies the curator's own edit to the gold document.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.gold.apply(edit, &self.schema)?;
        self.done_steps.push(None);
        self.undone_steps.clear();
        Ok(())
    }

    pub fn undo(&mut self) -> Option<Result<Edit, EditError>> {
        let result = self.gold.undo(&self.schema)?;
        if result.is_ok() {
            let step = self.done_steps.pop().flatten();
            if let Some(place) = &step
                && let Some(count) = self.rejected.get_mut(place)
            {
                *count = count.saturating_sub(1);
            }
            self.undone_steps.push(step);
        }
        Some(result)
    }

    pub fn redo(&mut self) -> Option<Result<Edit, EditError>> {
        let result = self.gold.redo(&self.schema)?;
        if result.is_ok() {
            let step = self.undone_steps.pop().flatten();
            if let Some(place) = &step {
                *self.rejected.entry(place.clone()).or_default() += 1;
            }
            self.done_steps.push(step);
        }
        Some(result)
    }

    /// Adds every agreed annotation the gold set lacks (e.g. after the
    /// curator deleted some), as one undoable step; `false` when nothing
    /// was missing.
    pub fn take_agreed(&mut self) -> Result<bool, CurationError> {
        let text_len = self.gold.document().char_len();
        match seed_edit(&self.comparison, &self.sources, self.gold.set(), &self.schema, text_len)? {
            Some(edit) => {
                self.apply(edit)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// See [`OpenDocument::save_job`].
    pub fn save_job(&self) -> Option<SaveJob> {
        self.gold.save_job()
    }

    pub fn finish_save(&mut self, job: &SaveJob, outcome: &Result<SaveOutcome, SaveError>) {
        self.gold.finish_save(job, outcome);
    }

    pub fn save_now(&mut self) -> Result<SaveOutcome, SaveError> {
        self.gold.save_now()
    }
}
