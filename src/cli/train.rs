//! `spanwright train`: how well the built-in recommender learns the
//! project, by cross-validation, and how that grows with more documents.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::output::CommandOutput;
use crate::model::backend::{MlBackend, Timeouts, train_backend};
use crate::model::{CrossValidation, TrainingData, TrainingOptions, TrainingSelection, cross_validate, train};
use crate::project::Project;

pub struct TrainArgs<'a> {
    pub project_dir: &'a Path,
    /// Whose documents [default: every annotator's].
    pub annotators: Option<&'a [String]>,
    pub folds: usize,
    pub json: bool,
}

pub fn train_output(args: &TrainArgs) -> CommandOutput {
    let project = match Project::open(args.project_dir) {
        Ok(project) => project,
        Err(err) => return CommandOutput::failure(err),
    };
    let annotators = match args.annotators {
        Some(names) => names.to_vec(),
        None => project.annotators(),
    };
    if annotators.is_empty() {
        return CommandOutput::failure(format!("{}: no annotations to learn from", args.project_dir.display()));
    }
    let data = TrainingData::load(&project, &TrainingSelection::of(annotators.clone()));
    let mut stderr = String::new();
    for problem in &data.skipped {
        let _ = writeln!(stderr, "spanwright: {}: {}", problem.file, problem.message);
    }
    let options = TrainingOptions::for_project(&project);
    let full = match train(&data.documents, &options) {
        Ok(recommender) => recommender,
        Err(err) => return CommandOutput::failure(err),
    };
    let validation = match cross_validate(&data.documents, args.folds, &options) {
        Ok(validation) => validation,
        Err(err) => return CommandOutput::failure(err),
    };
    let stats = &full.stats;
    let stdout = if args.json {
        let mut text = serde_json::to_string_pretty(&json!({
            "annotators": annotators,
            "training": {
                "documents": stats.documents,
                "sentences": stats.sequences,
                "tokens": stats.tokens,
                "entities": stats.entities,
                "entities_not_encodable": stats.unencoded,
                "sentences_with_rejections": stats.with_rejections,
                "sentences_left_out": stats.left_out,
                "seconds": stats.duration.as_secs_f64(),
            },
            "cross_validation": validation,
        }))
        .unwrap_or_default();
        text.push('\n');
        text
    } else {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "trained on {} annotated documents ({}): {} sentences, {} tokens, {} entities in {:.2} s",
            stats.documents,
            annotators.join(", "),
            stats.sequences,
            stats.tokens,
            stats.entities,
            stats.duration.as_secs_f64()
        );
        if stats.unencoded > 0 {
            let _ = writeln!(
                out,
                "{} entities inside or across another could not be learned (one tag per token)",
                stats.unencoded
            );
        }
        if stats.left_out > 0 {
            let _ = writeln!(
                out,
                "{} sentences were left out, taken evenly, to stay within {} tokens a training",
                stats.left_out,
                crate::model::TRAINING_TOKEN_BUDGET
            );
        }
        if stats.with_rejections > 0 {
            let _ = writeln!(
                out,
                "{} sentences hold rejected suggestions and count {} times",
                stats.with_rejections, options.rejected_weight
            );
        }
        render(&mut out, &validation);
        out
    };
    CommandOutput {
        stdout,
        stderr,
        exit_code: 0,
    }
}

fn render(out: &mut String, validation: &CrossValidation) {
    let _ = writeln!(
        out,
        "\ncross-validation over {} folds of documents (exact span and label):",
        validation.folds.len()
    );
    let _ = writeln!(
        out,
        "{:<16} {:>9} {:>7} {:>6} {:>6}",
        "label", "precision", "recall", "f1", "gold"
    );
    let rows = validation
        .scores
        .per_label
        .iter()
        .map(|(l, c)| (l.as_str(), c))
        .chain([("overall", &validation.scores.overall)]);
    for (label, counts) in rows {
        let _ = writeln!(
            out,
            "{label:<16} {:>9.3} {:>7.3} {:>6.3} {:>6}",
            counts.precision(),
            counts.recall(),
            counts.f1(),
            counts.true_positives + counts.false_negatives
        );
    }
    let _ = writeln!(out, "\nlearning curve (F1 by share of the training documents):");
    for point in &validation.learning_curve {
        let _ = writeln!(out, "{:>4}%  {:.3}", point.percent, point.f1);
    }
    let _ = writeln!(
        out,
        "\nlongest training in the folds: {:.2} s on {} sentences",
        validation.longest_training.as_secs_f64(),
        validation.longest_training_sequences
    );
}

pub fn run(args: &TrainArgs) -> ExitCode {
    train_output(args).emit()
}

/// `spanwright train --backend URL --annotators NAME`: the annotator's
/// finished documents sent to the backend's `POST /train`.
pub fn backend_output(project_dir: &Path, url: &str, annotators: Option<&[String]>) -> CommandOutput {
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return CommandOutput::failure(err),
    };
    let annotator = match annotators {
        Some([one]) => one,
        _ => {
            return CommandOutput::failure(
                "--backend teaches one annotator's documents: name them with --annotators NAME",
            );
        }
    };
    let backend = match MlBackend::new(url, Timeouts::default()) {
        Ok(backend) => backend,
        Err(err) => return CommandOutput::failure(err),
    };
    let training = match train_backend(&project, &backend, annotator, None) {
        Ok(training) => training,
        Err(err) => return CommandOutput::failure(err),
    };
    let mut stderr = String::new();
    for problem in &training.problems {
        let _ = writeln!(stderr, "spanwright: {problem}");
    }
    if training.documents == 0 {
        let _ = writeln!(
            stderr,
            "spanwright: {annotator} has no documents marked done or reviewed; nothing sent to {}",
            training.backend
        );
    }
    let mut stdout = String::new();
    if training.documents > 0 {
        let _ = writeln!(
            stdout,
            "{} learned from {annotator}'s {} finished documents ({} entities, {} relations){}",
            training.backend,
            training.documents,
            training.entities,
            training.relations,
            training.job.map(|job| format!("; job {job}")).unwrap_or_default()
        );
    }
    CommandOutput {
        stdout,
        exit_code: u8::from(!stderr.is_empty()),
        stderr,
    }
}

pub fn run_backend(project_dir: &Path, url: &str, annotators: Option<&[String]>) -> ExitCode {
    backend_output(project_dir, url, annotators).emit()
}
