//! Model-assisted annotation: a tagger that learns from the project's own
//! annotations ([`train`], [`Recommender`]), measured by cross-validation
//! ([`cross_validate`]), and clients for model servers that speak the Label
//! Studio ML backend protocol ([`backend`]). What either finds is stored as
//! suggestions (`formats::suggestions`); nothing becomes an annotation
//! until the annotator accepts it.

pub mod backend;
mod budget;
mod dataset;
mod evaluate;
mod features;
mod gazetteer;
mod marginals;
mod model_file;
mod refresh;
mod suggest;
mod synthetic;
mod tagger;

pub use budget::TRAINING_TOKEN_BUDGET;
pub use dataset::{AnnotatedDocument, Span, TrainingData, TrainingSelection};
pub use evaluate::{CURVE_PERCENTS, Counts, CrossValidation, CurvePoint, EvaluationError, Scores, cross_validate};
pub use model_file::{CACHE_FOLDER, cache_folder};
pub use refresh::{RANKED_DOCUMENTS, RefreshError, Refreshed, refresh_builtin_suggestions};
pub use suggest::{BuiltinRun, select_documents, suggest_with_recommender};
pub use synthetic::write_synthetic_project;
pub use tagger::{
    Algorithm, BUILTIN_SOURCE, CHUNK_TOKENS, DocumentPrediction, ModelError, Recommender, TrainingOptions,
    TrainingStats, train,
};
