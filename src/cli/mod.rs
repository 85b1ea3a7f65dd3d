//! The command line: `spanwright [COMMAND]`.

pub mod agree;
#[cfg(feature = "bench")]
mod bench;
#[cfg(all(feature = "bench", feature = "gui"))]
mod bench_view;
pub mod export;
pub mod import;
pub mod output;
pub mod reanchor;
pub mod restore;
pub mod schema;
pub mod stats;
pub mod suggest;
pub mod train;
pub mod validate;
mod window;

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
        /// Write one line per frame with its CPU and wall time in ms to
        /// FILE (also: the SPANWRIGHT_FRAME_TIMES environment variable).
        #[arg(long, value_name = "FILE")]
        frame_times: Option<PathBuf>,
    },
    /// Check every annotation file against its format, the schema, the text
    /// and its hash (errors: exit 1), and run the QA checks (printed as
    /// `warning:` lines; exit 0 unless --strict).
    ///
    /// Takes a project folder, or files of projects (documents, annotation
    /// files, the schema): then only what those files hold is reported, as a
    /// pre-commit hook wants for the staged files.
    Validate {
        #[arg(value_name = "PROJECT_DIR|FILE", required = true)]
        paths: Vec<PathBuf>,
        /// Exit 1 on warnings too.
        #[arg(long)]
        strict: bool,
        /// Print the whole report as JSON (every occurrence of every
        /// inconsistency included).
        #[arg(long)]
        json: bool,
    },
    /// Measure agreement between annotators: span and relation F1, Cohen's
    /// and Fleiss' kappa, Krippendorff's alpha, per label and per document.
    Agree {
        project_dir: PathBuf,
        /// Annotators to compare, comma-separated [default: all but gold].
        #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
        annotators: Option<Vec<String>>,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Render a document headlessly in the real document view while
    /// scrolling through it, and print frame times.
    BenchView {
        project_dir: PathBuf,
        doc_id: String,
        #[arg(long, value_name = "NAME", default_value = "bench")]
        annotator: String,
        #[arg(long, value_name = "N", default_value_t = 300)]
        frames: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Generate the benchmark data (fixed seed) and print every figure beside
    /// its target. Run it with `cargo run --release -- bench`.
    Bench {
        /// Where to write the data [default: a temporary folder, removed after].
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[arg(long, value_name = "N", default_value_t = 300)]
        frames: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
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
        /// Also export documents that are links to files outside the project
        /// folder (refused otherwise).
        #[arg(long)]
        follow_outside_links: bool,
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
        /// Rename labels on the way in: a JSON file {"from": "to"}.
        #[arg(long, value_name = "FILE")]
        map_labels: Option<PathBuf>,
        /// The relation type for relations the input leaves unlabelled.
        #[arg(long, value_name = "NAME")]
        relation_type: Option<String>,
        /// brat: the offsets were made for LF line ends; read CRLF texts as LF.
        #[arg(long, value_name = "ENDINGS", value_parser = ["lf"])]
        newlines: Option<String>,
    },
    /// Label schema tools: `schema infer INPUT --format F` prints a schema
    /// with every label, relation and attribute the input uses.
    Schema {
        #[command(subcommand)]
        action: SchemaCommand,
    },
    /// Cross-validate the built-in recommender on the project: precision,
    /// recall and F1 per label and overall, and a learning curve. With
    /// `--backend URL`, have a Label Studio ML backend learn instead.
    Train {
        project_dir: PathBuf,
        /// Whose documents (in progress, done or reviewed) it learns from,
        /// comma-separated [default: every annotator's].
        #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
        annotators: Option<Vec<String>>,
        #[arg(long, value_name = "N", default_value_t = 5)]
        folds: usize,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
        /// Send one annotator's documents marked done or reviewed to this
        /// backend's POST /train (name the annotator with --annotators).
        #[arg(long, value_name = "URL")]
        backend: Option<String>,
    },
    /// Store suggestions from the built-in recommender (`--backend builtin`)
    /// or a Label Studio ML backend (`--backend http://host:port`); the
    /// window shows them for accepting or rejecting.
    Suggest {
        project_dir: PathBuf,
        #[arg(long, value_name = "builtin|URL")]
        backend: String,
        /// Only documents whose id matches this glob (e.g. 'news/*.txt').
        #[arg(long, value_name = "GLOB")]
        documents: Option<String>,
        /// For builtin: whose documents it learns from [default: every annotator's].
        #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
        annotators: Option<Vec<String>>,
        /// For a backend: seconds to wait for each answer.
        #[arg(long, value_name = "SECONDS", default_value_t = 30)]
        timeout: u64,
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

#[derive(Debug, Subcommand)]
enum SchemaCommand {
    /// Print a label schema generated from an input file (save it as
    /// spanwright-schema.json in the project).
    Infer {
        /// A file; for brat, a folder of .txt and .ann files.
        input: PathBuf,
        #[arg(long, value_name = "FORMAT", value_parser = ["jsonl", "doccano", "label-studio", "brat"])]
        format: String,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => window::run_on_sample(),
        Some(Command::Open {
            project_dir,
            annotator,
            frame_times,
        }) => window::run(project_dir, annotator, frame_times),
        Some(Command::Validate { paths, strict, json }) => validate::run(&paths, strict, json),
        Some(Command::Agree {
            project_dir,
            annotators,
            json,
        }) => agree::run(&project_dir, annotators.as_deref(), json),
        Some(Command::Stats { project_dir, json }) => stats::run(&project_dir, json),
        Some(Command::BenchView {
            project_dir,
            doc_id,
            annotator,
            frames,
            json,
        }) => window::bench_view(&project_dir, &doc_id, &annotator, frames, json),
        Some(Command::Bench { dir, frames, json }) => window::bench(dir, frames, json),
        Some(Command::Export {
            project_dir,
            format,
            out,
            annotator,
            status,
            scheme,
            follow_outside_links,
        }) => export::run(&export::ExportArgs {
            project_dir,
            format,
            out,
            annotator,
            status,
            scheme,
            follow_outside_links,
        }),
        Some(Command::Import {
            format,
            input,
            into,
            annotator,
            skip_invalid,
            source,
            map_labels,
            relation_type,
            newlines,
        }) => import::run(&import::ImportArgs {
            format,
            input,
            into,
            annotator,
            skip_invalid,
            source,
            map_labels,
            relation_type,
            newlines,
        }),
        Some(Command::Schema {
            action: SchemaCommand::Infer { input, format },
        }) => schema::run_infer(&input, &format),
        // Folds and tables are the built-in recommender's.
        Some(Command::Train {
            project_dir,
            annotators,
            folds: _,
            json: _,
            backend: Some(backend),
        }) => train::run_backend(&project_dir, &backend, annotators.as_deref()),
        Some(Command::Train {
            project_dir,
            annotators,
            folds,
            json,
            backend: None,
        }) => train::run(&train::TrainArgs {
            project_dir: &project_dir,
            annotators: annotators.as_deref(),
            folds,
            json,
        }),
        Some(Command::Suggest {
            project_dir,
            backend,
            documents,
            annotators,
            timeout,
        }) => suggest::run(&suggest::SuggestArgs {
            project_dir: &project_dir,
            backend: &backend,
            documents: documents.as_deref(),
            annotators: annotators.as_deref(),
            timeout,
        }),
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
    output::CommandOutput::failure(message).emit()
}
