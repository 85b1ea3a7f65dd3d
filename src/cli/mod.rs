//! The command line: `spanwright [COMMAND]`.

pub mod export;
pub mod import;
pub mod stats;
pub mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "spanwright", version, about = "Annotate entity spans and relations in text")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open the window on a project folder.
    Open {
        project_dir: PathBuf,
        /// Annotate as NAME (overrides the remembered name).
        #[arg(long, value_name = "NAME")]
        annotator: Option<String>,
    },
    /// Check every annotation file against its format, the schema, the text
    /// and its hash; exit 1 on any problem.
    Validate { project_dir: PathBuf },
    /// Count documents, entities and relations per label and per annotator.
    Stats {
        project_dir: PathBuf,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Export annotations for training or another tool, and print what the
    /// format could not hold.
    Export {
        project_dir: PathBuf,
        #[arg(long, value_name = "FORMAT", value_parser = ["jsonl", "doccano", "label-studio", "brat", "conll"])]
        format: String,
        /// The output file; for brat, a folder.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Whose annotations (needed when the project has several annotators).
        #[arg(long, value_name = "NAME")]
        annotator: Option<String>,
        /// Only documents at least this far along: `done` takes done and reviewed.
        #[arg(long, value_name = "STATUS", value_parser = ["todo", "in_progress", "done", "reviewed"])]
        status: Option<String>,
        /// CoNLL tags: bio (the default) or bilou.
        #[arg(long, value_name = "SCHEME", value_parser = ["bio", "bilou"])]
        scheme: Option<String>,
    },
    /// Import annotations made elsewhere, or a model's predictions as
    /// suggestions (`import predictions FILE.jsonl`).
    Import {
        #[arg(value_name = "FORMAT", value_parser = ["jsonl", "doccano", "label-studio", "brat", "predictions"])]
        format: String,
        /// A file; for brat, a folder of .txt and .ann files.
        input: PathBuf,
        /// The project to import into (created if missing).
        #[arg(long, value_name = "PROJECT_DIR")]
        into: PathBuf,
        /// Store the annotations as this annotator's.
        #[arg(long, value_name = "NAME")]
        annotator: Option<String>,
        /// Import what is valid and list what was skipped, instead of refusing it all.
        #[arg(long)]
        skip_invalid: bool,
        /// For predictions: the model's name (default: the file's name).
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => crate::gui::run_on_sample(),
        Some(Command::Open { project_dir, annotator }) => crate::gui::run(project_dir, annotator),
        Some(Command::Validate { project_dir }) => validate::run(&project_dir),
        Some(Command::Stats { project_dir, json }) => stats::run(&project_dir, json),
        Some(Command::Export {
            project_dir,
            format,
            out,
            annotator,
            status,
            scheme,
        }) => export::run(&export::ExportArgs {
            project_dir,
            format,
            out,
            annotator,
            status,
            scheme,
        }),
        Some(Command::Import {
            format,
            input,
            into,
            annotator,
            skip_invalid,
            source,
        }) => import::run(&import::ImportArgs {
            format,
            input,
            into,
            annotator,
            skip_invalid,
            source,
        }),
    }
}

/// Prints an error the way every command does and returns exit code 2
/// (1 is kept for "the check found problems").
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("spanwright: {message}");
    ExitCode::from(2)
}
