//! The command line: `spanwright [COMMAND]`.

pub mod output;
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
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => crate::gui::run_on_sample(),
        Some(Command::Open { project_dir, annotator }) => crate::gui::run(project_dir, annotator),
        Some(Command::Validate { project_dir }) => validate::run(&project_dir),
        Some(Command::Stats { project_dir, json }) => stats::run(&project_dir, json),
    }
}
