//! `spanwright export PROJECT_DIR --format FORMAT --out PATH`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::annotations::Status;
use crate::formats::{ExportOptions, Format, TagScheme, export_following_links};
use crate::project::Project;

/// The export command's arguments, as parsed from the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportArgs {
    pub project_dir: PathBuf,
    pub format: String,
    pub out: PathBuf,
    pub annotator: Option<String>,
    pub status: Option<String>,
    pub scheme: Option<String>,
    /// Export documents that are links to files outside the project too.
    pub follow_outside_links: bool,
}

/// Runs the export; `Ok` holds the summary to print, `Err` the message.
pub fn export_command(args: &ExportArgs) -> Result<String, String> {
    let format = Format::parse(&args.format).ok_or_else(|| format!("unknown format \"{}\"", args.format))?;
    let min_status = match &args.status {
        None => None,
        Some(name) => Some(
            Status::parse(name)
                .ok_or_else(|| format!("unknown status \"{name}\" (todo, in_progress, done or reviewed)"))?,
        ),
    };
    let scheme = match (&args.scheme, format) {
        (None, _) => TagScheme::Bio,
        (Some(name), Format::Conll) => {
            TagScheme::parse(name).ok_or_else(|| format!("unknown tag scheme \"{name}\" (bio or bilou)"))?
        }
        (Some(_), _) => return Err("--scheme applies to --format conll only".to_owned()),
    };
    let project = Project::open(&args.project_dir).map_err(|err| err.to_string())?;
    let options = ExportOptions {
        format,
        annotator: args.annotator.clone(),
        min_status,
        scheme,
    };
    let summary = export_following_links(&project, &options, &args.out, &mut |_, _| {}, args.follow_outside_links)
        .map_err(|err| err.to_string())?;
    if let Some(warning) = project.outside_links_warning() {
        return Ok(format!("warning: {warning}; exported as asked\n{summary}"));
    }
    Ok(summary.to_string())
}

pub fn run(args: &ExportArgs) -> ExitCode {
    match export_command(args) {
        Ok(summary) => {
            super::output::print_out(&summary);
            ExitCode::SUCCESS
        }
        Err(message) => super::fail(message),
    }
}
