//! `spanwright bench`: the benchmark's figures as a table or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(dir: Option<PathBuf>, frames: usize, json: bool) -> ExitCode {
    let figures = match crate::bench::run(dir, frames) {
        Ok(figures) => figures,
        Err(err) => return super::fail(err),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&figures).unwrap_or_default());
    } else {
        print!("{}", crate::bench::render(&figures));
    }
    ExitCode::SUCCESS
}
