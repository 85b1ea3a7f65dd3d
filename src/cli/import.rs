//! `spanwright import FORMAT INPUT --into PROJECT_DIR --annotator NAME
//! [--map-labels FILE] [--relation-type NAME] [--newlines lf]` and
//! `spanwright import predictions FILE.jsonl --into PROJECT_DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::formats::suggestions::{PredictionOptions, import_predictions};
use crate::formats::{Format, ImportOptions, ImportSettings, import_with, read_label_map};

/// The import command's arguments, as parsed from the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportArgs {
    /// A format name, or `predictions`.
    pub format: String,
    pub input: PathBuf,
    pub into: PathBuf,
    pub annotator: Option<String>,
    pub skip_invalid: bool,
    pub source: Option<String>,
    /// A JSON file `{"from": "to"}` renaming labels on the way in.
    pub map_labels: Option<PathBuf>,
    /// The type for relations the input leaves unlabelled.
    pub relation_type: Option<String>,
    /// `lf`: read brat `.txt` files with CRLF line ends as LF.
    pub newlines: Option<String>,
}

pub const PREDICTIONS: &str = "predictions";

/// Runs the import; `Ok` holds the summary to print, `Err` the message.
pub fn import_command(args: &ImportArgs) -> Result<String, String> {
    if args.format == PREDICTIONS {
        if args.map_labels.is_some() || args.relation_type.is_some() || args.newlines.is_some() {
            return Err(
                "--map-labels, --relation-type and --newlines apply to annotation imports, not to predictions"
                    .to_owned(),
            );
        }
        if args.annotator.is_some() {
            return Err(
                "--annotator does not apply to predictions: they become suggestions that any annotator can accept"
                    .to_owned(),
            );
        }
        let options = PredictionOptions {
            input: args.input.clone(),
            project_dir: args.into.clone(),
            source: args.source.clone(),
            skip_invalid: args.skip_invalid,
        };
        let summary = import_predictions(&options, &mut |_, _| {}).map_err(|err| err.to_string())?;
        return Ok(summary.to_string());
    }
    let format = Format::parse(&args.format).ok_or_else(|| format!("unknown format \"{}\"", args.format))?;
    if args.source.is_some() {
        return Err("--source applies to `import predictions` only".to_owned());
    }
    let annotator = args
        .annotator
        .clone()
        .ok_or_else(|| "name the annotator to import as with --annotator NAME".to_owned())?;
    let options = ImportOptions {
        format,
        input: args.input.clone(),
        project_dir: args.into.clone(),
        annotator,
        skip_invalid: args.skip_invalid,
    };
    let label_map = match &args.map_labels {
        Some(path) => read_label_map(path)?,
        None => Default::default(),
    };
    let newlines_lf = match args.newlines.as_deref() {
        None => false,
        Some("lf") if format == Format::Brat => true,
        Some("lf") => return Err("--newlines lf applies to brat imports only".to_owned()),
        Some(other) => return Err(format!("--newlines takes lf, not \"{other}\"")),
    };
    let settings = ImportSettings {
        label_map,
        relation_type: args.relation_type.clone(),
        newlines_lf,
    };
    let summary = import_with(&options, &settings, &mut |_, _| {}).map_err(|err| err.to_string())?;
    Ok(summary.to_string())
}

pub fn run(args: &ImportArgs) -> ExitCode {
    match import_command(args) {
        Ok(summary) => {
            super::output::print_out(&summary);
            ExitCode::SUCCESS
        }
        Err(message) => super::fail(message),
    }
}
