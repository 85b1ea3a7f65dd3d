//! The benchmark: synthetic projects (deterministic texts and annotations
//! of any size, written like real project folders) and the harness that
//! measures what users meet on them. Built with the `bench` feature.

mod generate;
mod model;
mod rng;
mod run;
pub mod view;

pub use generate::{CorpusSpec, LongDocumentSpec, write_corpus, write_long_document};
pub use rng::SplitMix64;
pub use run::{Figure, render, run};
