//! Exports and imports: round trips, offsets, bad input, suggestions, the
//! command line, and the consuming tools' own readers.

mod support;

mod bad_input;
mod brat_cases;
mod cli;
mod conll_cases;
mod doccano_shapes;
mod label_studio_import;
mod model_backend;
mod model_quality;
mod offsets;
mod python_consumers;
mod roundtrip;
mod suggestions;
mod validate_cases;
