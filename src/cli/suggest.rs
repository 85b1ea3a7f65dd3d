//! `spanwright suggest`: suggestions from the built-in recommender or a
//! model server, stored for the window to show.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::output::CommandOutput;
use crate::model::backend::{MlBackend, Timeouts, suggest_with_backend};
use crate::model::{
    BUILTIN_SOURCE, TrainingData, TrainingOptions, TrainingSelection, select_documents, suggest_with_recommender, train,
};
use crate::project::Project;

pub struct SuggestArgs<'a> {
    pub project_dir: &'a Path,
    /// `builtin` or a backend's `http://` address.
    pub backend: &'a str,
    pub documents: Option<&'a str>,
    /// For the built-in recommender: whose documents it learns from.
    pub annotators: Option<&'a [String]>,
    /// For a backend: seconds before it counts as too slow.
    pub timeout: u64,
}

pub fn suggest_output(args: &SuggestArgs) -> CommandOutput {
    let project = match Project::open(args.project_dir) {
        Ok(project) => project,
        Err(err) => return CommandOutput::failure(err),
    };
    let doc_ids = match select_documents(&project, args.documents) {
        Ok(ids) if ids.is_empty() => return CommandOutput::failure("no document matches --documents"),
        Ok(ids) => ids,
        Err(err) => return CommandOutput::failure(err),
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if args.backend == "builtin" {
        let annotators = args.annotators.map_or_else(|| project.annotators(), <[String]>::to_vec);
        let data = TrainingData::load(&project, &TrainingSelection::of(annotators));
        for problem in &data.skipped {
            let _ = writeln!(stderr, "spanwright: {}: {}", problem.file, problem.message);
        }
        let recommender = match train(&data.documents, &TrainingOptions::for_project(&project)) {
            Ok(recommender) => recommender,
            Err(err) => return CommandOutput::failure(err),
        };
        let run = suggest_with_recommender(&project, &recommender, &doc_ids);
        let _ = writeln!(
            stdout,
            "{} suggestions for {} documents from {BUILTIN_SOURCE} (trained on {} documents in {:.2} s); {} files written",
            run.suggestions,
            run.documents,
            recommender.stats.documents,
            recommender.stats.duration.as_secs_f64(),
            run.files_written
        );
        if let Some((took, bytes)) = run.slowest {
            let _ = writeln!(
                stdout,
                "slowest document: {:.1} ms to tag {:.1} KB",
                took.as_secs_f64() * 1000.0,
                bytes as f64 / 1000.0
            );
        }
        for problem in &run.problems {
            let _ = writeln!(stderr, "spanwright: {problem}");
        }
        let exit_code = u8::from(!run.problems.is_empty());
        return CommandOutput {
            stdout,
            stderr,
            exit_code,
        };
    }
    let timeouts = Timeouts {
        request: Duration::from_secs(args.timeout.max(1)),
        ..Timeouts::default()
    };
    let backend = match MlBackend::new(args.backend, timeouts) {
        Ok(backend) => backend,
        Err(err) => return CommandOutput::failure(err),
    };
    let health = match backend.health() {
        Ok(health) => health,
        Err(err) => return CommandOutput::failure(err),
    };
    let run = match suggest_with_backend(&project, &backend, &doc_ids, &mut |_, _| {}) {
        Ok(run) => run,
        Err(err) => return CommandOutput::failure(err),
    };
    let _ = writeln!(
        stdout,
        "{} suggestions for {} documents from {} ({}, status {}{}); stored as {}; {} files written",
        run.suggestions,
        run.documents,
        backend.url(),
        health.model_class.as_deref().unwrap_or("unnamed model"),
        health.status,
        run.model_version
            .as_deref()
            .map(|v| format!(", model version {v}"))
            .unwrap_or_default(),
        run.source,
        run.files_written
    );
    if run.relations > 0 {
        let _ = writeln!(
            stdout,
            "{} relation suggestions stored: each can be accepted once both its ends are annotated",
            run.relations
        );
    }
    for problem in &run.problems {
        let _ = writeln!(stderr, "spanwright: {problem}");
    }
    CommandOutput {
        stdout,
        stderr,
        exit_code: u8::from(!run.problems.is_empty()),
    }
}

pub fn run(args: &SuggestArgs) -> ExitCode {
    suggest_output(args).emit()
}
