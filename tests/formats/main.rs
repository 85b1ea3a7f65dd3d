//! Exports and imports: round trips, offsets, bad input, suggestions, the
//! command line, and the consuming tools' own readers.

mod support;

mod bad_input;
mod cli;
mod model_backend;
mod model_quality;
mod offsets;
mod python_consumers;
mod roundtrip;
mod suggestions;
