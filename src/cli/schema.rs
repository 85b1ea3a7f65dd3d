//! `spanwright schema infer INPUT --format F`: prints the label schema the
//! input's annotations need, as JSON.

use std::path::Path;
use std::process::ExitCode;

use crate::formats::{Format, infer_schema};

/// The schema as pretty JSON, or the message to print.
pub fn infer_command(input: &Path, format: &str) -> Result<String, String> {
    let format = Format::parse(format).ok_or_else(|| format!("unknown format \"{format}\""))?;
    let schema = infer_schema(format, input).map_err(|err| err.to_string())?;
    let mut json = serde_json::to_string_pretty(&schema).map_err(|err| err.to_string())?;
    json.push('\n');
    Ok(json)
}

pub fn run_infer(input: &Path, format: &str) -> ExitCode {
    match infer_command(input, format) {
        Ok(json) => {
            print!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => super::fail(message),
    }
}
