//! What the user asked for in the review, compare and curate parts of the
//! window; run by [`super::run`].

use crate::agreement::Place;
use crate::curation::Resolution;
use crate::qa::Finding;

use super::Mode;
use super::corpus_rows::StatusFilter;

#[derive(Clone, Debug, PartialEq)]
pub enum ReviewAction {
    SetMode(Mode),
    /// Include or leave out an annotator from Compare and Curate.
    ToggleAnnotator(String),
    SetReviewee(String),
    SetCurator(String),
    /// Show a disagreement: scroll to it and mark it.
    Focus(Place),
    Settle {
        place: Place,
        resolution: Resolution,
    },
    /// Add the agreed annotations the gold set lacks.
    TakeAgreed,
    MarkReviewed,
    SendBack(String),
    SetDocumentComment(Option<String>),
    SetEntityComment {
        id: String,
        comment: Option<String>,
    },
    SetRelationComment {
        id: String,
        comment: Option<String>,
    },
    SetStatusFilter(StatusFilter),
    SetDisagreementFilter(bool),
    SetQaFilter(bool),
    RefreshAgreement,
    RefreshQa,
    OpenFinding(Finding),
    CloseAgreement,
    CloseQa,
}
