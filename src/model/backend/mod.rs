//! Model servers that speak the Label Studio ML backend protocol
//! (`label-studio-ml` 1.0.x: `GET /health`, `POST /setup`, `POST /predict`,
//! and `POST /train`), so a model written for Label Studio suggests entities
//! here unchanged. Every failure names the backend and what was wrong;
//! what a backend returns is only ever stored as suggestions.

mod client;
mod results;
mod run;
mod train;

pub use client::{BackendError, Health, MlBackend, Timeouts};
pub use results::{MappedResults, map_results};
pub use run::{BackendRun, source_name, suggest_with_backend};
pub use train::{BackendTraining, train_backend, training_task};
