//! The recommender's rows of the benchmark: training on 1,000 annotated
//! sentences and suggesting for a 10 KB document, on synthetic news, and
//! the window's retraining on the 1 MB document.

use std::path::Path;
use std::time::Instant;

use crate::model::{
    Span, TRAINING_TOKEN_BUDGET, TrainingData, TrainingOptions, TrainingSelection, refresh_builtin_suggestions, train,
    write_synthetic_project,
};
use crate::project::Project;
use crate::text::Document;

use super::run::Figure;

const ANNOTATOR: &str = "bench";

fn figure(name: &str, value: f64, unit: &str, target: &str, met: bool) -> Figure {
    Figure {
        name: name.to_owned(),
        value: (value * 100.0).round() / 100.0,
        unit: unit.to_owned(),
        target: target.to_owned(),
        met,
    }
}

/// Writes 50 documents of 20 sentences into `root`, trains on them, and
/// tags a fresh document of about 10 KB.
pub fn model_figures(root: &Path) -> Result<Vec<Figure>, String> {
    write_synthetic_project(root, 50, 20, ANNOTATOR, 0x5EED)
        .map_err(|err| format!("cannot write the recommender's data: {err}"))?;
    let project = Project::open(root).map_err(|err| err.to_string())?;
    let data = TrainingData::load(&project, &TrainingSelection::of(vec![ANNOTATOR.to_owned()]));
    let recommender = train(&data.documents, &TrainingOptions::default()).map_err(|err| err.to_string())?;
    let seconds = recommender.stats.duration.as_secs_f64();
    let sentences = recommender.stats.sequences;

    let fresh = root.join("fresh");
    write_synthetic_project(&fresh, 1, 110, "unused", 0xF0E5).map_err(|err| err.to_string())?;
    let text = std::fs::read_to_string(fresh.join("synthetic0001.txt")).map_err(|err| err.to_string())?;
    let document = Document::from_text("fresh.txt", text);
    let started = Instant::now();
    let prediction = recommender.predict(&document).map_err(|err| err.to_string())?;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let kilobytes = document.text().len() as f64 / 1000.0;
    Ok(vec![
        figure(
            &format!("recommender: train on {sentences} annotated sentences"),
            seconds,
            "s",
            "≤ 2 s",
            seconds <= 2.0,
        ),
        figure(
            &format!(
                "recommender: suggest for a {kilobytes:.0} KB document ({} found)",
                prediction.suggestions.len()
            ),
            millis,
            "ms",
            "≤ 50 ms",
            millis <= 50.0,
        ),
    ])
}

/// What the window does after every few new entities in the 1 MB
/// document: train on the annotator's documents (within the token budget),
/// tag the whole document and store its suggestions.
pub fn retraining_figure(project_dir: &Path, doc_id: &str, annotator: &str) -> Result<Figure, String> {
    let project = Project::open(project_dir).map_err(|err| err.to_string())?;
    let open = crate::project::OpenDocument::open(&project, doc_id, annotator).map_err(|err| err.to_string())?;
    let entities: Vec<Span> = open.set().entities().iter().map(Span::from).collect();
    let started = Instant::now();
    let refreshed =
        refresh_builtin_suggestions(&project, open.document(), entities, annotator).map_err(|err| err.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let stats = &refreshed.stats;
    Ok(figure(
        &format!(
            "1M: retrain ({} of {} sentences, ≤ {TRAINING_TOKEN_BUDGET} tokens) and suggest",
            stats.sequences,
            stats.sequences + stats.left_out
        ),
        seconds,
        "s",
        "(measured)",
        true,
    ))
}
