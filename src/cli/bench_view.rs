//! `spanwright bench-view`: frame times of the real document view.

use std::path::Path;

use super::output::CommandOutput;
use crate::bench::view::{measure, render};

pub fn bench_view(project_dir: &Path, doc_id: &str, annotator: &str, frames: usize, json: bool) -> CommandOutput {
    match measure(project_dir, doc_id, annotator, frames) {
        Ok(timings) => CommandOutput {
            stdout: if json {
                format!("{}\n", serde_json::to_string(&timings).unwrap_or_default())
            } else {
                render(doc_id, &timings)
            },
            stderr: String::new(),
            exit_code: 0,
        },
        Err(err) => CommandOutput::failure(err),
    }
}
