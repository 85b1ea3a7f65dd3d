//! Synthetic projects for the benchmark: deterministic texts and
//! annotations of any size, written like real project folders.

mod generate;
mod rng;

pub use generate::{CorpusSpec, LongDocumentSpec, write_corpus, write_long_document};
pub use rng::SplitMix64;
