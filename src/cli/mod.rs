//! The command line: `spanwright [COMMAND]`.

pub mod reanchor;
pub mod restore;
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
    /// List the earlier versions of an annotation file, or bring one back
    /// (the current file is kept as a version first).
    #[command(group = clap::ArgGroup::new("action").required(true))]
    Restore {
        project_dir: PathBuf,
        /// The document, as listed by the project (e.g. news/article.txt).
        doc_id: String,
        #[arg(long, value_name = "NAME")]
        annotator: String,
        /// List the versions with their time and counts.
        #[arg(long, group = "action")]
        list: bool,
        /// Bring back version N.
        #[arg(long, value_name = "N", group = "action")]
        version: Option<u64>,
    },
    /// Move annotations onto texts edited after they were annotated; prints
    /// what would move and what cannot (exit 1 if an entity cannot be placed).
    Reanchor {
        project_dir: PathBuf,
        /// Only this annotator's files.
        #[arg(long, value_name = "NAME")]
        annotator: Option<String>,
        /// Write the re-anchored files (earlier versions are kept); a file
        /// with an entity that cannot be placed is left unwritten (exit 1).
        #[arg(long)]
        apply: bool,
        /// With --apply, also take the proposals for entities whose text was
        /// edited or that were found elsewhere.
        #[arg(long, requires = "apply")]
        accept_changed: bool,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => crate::gui::run_on_sample(),
        Some(Command::Open { project_dir, annotator }) => crate::gui::run(project_dir, annotator),
        Some(Command::Validate { project_dir }) => validate::run(&project_dir),
        Some(Command::Stats { project_dir, json }) => stats::run(&project_dir, json),
        Some(Command::Restore {
            project_dir,
            doc_id,
            annotator,
            list,
            version,
        }) => restore::run(&project_dir, &doc_id, &annotator, list, version),
        Some(Command::Reanchor {
            project_dir,
            annotator,
            apply,
            accept_changed,
        }) => reanchor::run(
            &project_dir,
            &reanchor::ReanchorOptions {
                annotator,
                apply,
                accept_changed,
            },
        ),
    }
}

/// Prints an error the way every command does and returns exit code 2
/// (1 is kept for "the check found problems").
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("spanwright: {message}");
    ExitCode::from(2)
}
