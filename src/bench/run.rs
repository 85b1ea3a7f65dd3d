//! The benchmark: generates the benchmark data with a fixed seed,
//! measures every figure and prints it beside its target.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use super::view::ViewTimings;
use super::{CorpusSpec, LongDocumentSpec, write_corpus, write_long_document};
use crate::formats::{ExportOptions, Format, export};
use crate::project::{DocumentSummary, OpenDocument, Project};

const ANNOTATOR: &str = "bench";
const SEED: u64 = 20_261_123;

#[derive(Debug, Serialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: String,
    pub target: String,
    pub met: bool,
}

fn figure(name: &str, value: f64, unit: &str, target: &str, met: bool) -> Figure {
    Figure {
        name: name.to_owned(),
        value: (value * 100.0).round() / 100.0,
        unit: unit.to_owned(),
        target: target.to_owned(),
        met,
    }
}

/// Generates the data under `dir` (a temporary folder, removed after, when
/// `None`) and measures every figure.
pub fn run(dir: Option<PathBuf>, frames: usize) -> Result<Vec<Figure>, String> {
    let (root, temporary) = match dir {
        Some(dir) => (dir, None),
        None => {
            let temp = tempfile::Builder::new()
                .prefix("spanwright-bench-")
                .tempdir()
                .map_err(|err| format!("cannot create a temporary folder: {err}"))?;
            (temp.path().to_path_buf(), Some(temp))
        }
    };
    let figures = measure_all(&root, frames);
    drop(temporary);
    figures
}

/// The figures as a table, each beside its target.
pub fn render(figures: &[Figure]) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{:<58} {:>12}  {:<16} {}\n", "figure", "measured", "target", "");
    for f in figures {
        let _ = writeln!(
            out,
            "{:<58} {:>9.2} {:<2}  {:<16} {}",
            f.name,
            f.value,
            f.unit,
            f.target,
            if f.met { "ok" } else { "MISSED" }
        );
    }
    out
}

fn measure_all(root: &Path, frames: usize) -> Result<Vec<Figure>, String> {
    let long_dir = root.join("long");
    let short_dir = root.join("short");
    let middle_dir = root.join("middle");
    let corpus_dir = root.join("corpus");
    eprintln!("generating benchmark data in {} …", root.display());
    write_long_document(
        &long_dir,
        &LongDocumentSpec {
            id: "long-1m.txt".into(),
            chars: 1_000_000,
            entities: 20_000,
            relations: 5_000,
            nested_percent: 10,
            seed: SEED,
        },
        ANNOTATOR,
    )
    .map_err(io("the long document"))?;
    write_long_document(
        &short_dir,
        &LongDocumentSpec {
            id: "short-10k.txt".into(),
            chars: 10_000,
            entities: 200,
            relations: 50,
            nested_percent: 10,
            seed: SEED + 1,
        },
        ANNOTATOR,
    )
    .map_err(io("the short document"))?;
    write_long_document(
        &middle_dir,
        &LongDocumentSpec {
            id: "middle-100k.txt".into(),
            chars: 100_000,
            entities: 2_000,
            relations: 500,
            nested_percent: 10,
            seed: SEED + 3,
        },
        ANNOTATOR,
    )
    .map_err(io("the 100k document"))?;
    write_corpus(
        &corpus_dir,
        &CorpusSpec {
            documents: 10_000,
            chars_per_document: 10_000,
            annotated_documents: 1_000,
            entities_per_document: 40,
            annotators: ["alice".into(), "bob".into()],
            seed: SEED + 2,
        },
    )
    .map_err(io("the corpus"))?;

    let mut figures = Vec::new();
    if !cfg!(feature = "gui") {
        return Err("the benchmark measures the window too: build it with the `gui` feature".to_owned());
    }
    eprintln!("rendering …");
    let short = view_in_child(&short_dir, "short-10k.txt", frames)?;
    let middle = view_in_child(&middle_dir, "middle-100k.txt", frames)?;
    let long = view_in_child(&long_dir, "long-1m.txt", frames)?;
    // The scaling table: every document scrolled the same way, so the
    // figures compare.
    for (name, timings) in [("10k chars/200 entities", &short), ("100k chars/2k entities", &middle)] {
        figures.push(figure(
            &format!("{name}: median frame"),
            timings.median_frame_ms,
            "ms",
            "(scaling)",
            true,
        ));
        figures.push(figure(
            &format!("{name}: p99 frame"),
            timings.p99_frame_ms,
            "ms",
            "(scaling)",
            true,
        ));
    }
    figures.push(figure(
        "1M chars/20k entities: median frame",
        long.median_frame_ms,
        "ms",
        "< 8 ms",
        long.median_frame_ms < 8.0,
    ));
    figures.push(figure(
        "1M chars/20k entities: p99 frame",
        long.p99_frame_ms,
        "ms",
        "< 16 ms",
        long.p99_frame_ms < 16.0,
    ));
    let ratio = long.median_frame_ms / short.median_frame_ms.max(0.001);
    figures.push(figure("1M median / 10k median", ratio, "×", "≤ 1.5×", ratio <= 1.5));
    figures.push(figure(
        "1M: open to first frame",
        long.first_frame_ms,
        "ms",
        "< 300 ms",
        long.first_frame_ms < 300.0,
    ));
    figures.push(figure(
        &format!("1M: all {} suggestions shown after opening", long.suggestions),
        long.suggestions_ready_ms,
        "ms",
        "≤ 1000 ms",
        long.suggestions_ready_ms <= 1000.0,
    ));
    figures.push(figure(
        "1M: suggestions shown again after an edit (median)",
        long.edit_suggestions_ms,
        "ms",
        "≤ 100 ms",
        long.edit_suggestions_ms <= 100.0,
    ));
    let edit_ratio = long.edit_frame_ms / long.steady_frame_ms.max(0.001);
    figures.push(figure(
        "1M: steady frame (nothing changes)",
        long.steady_frame_ms,
        "ms",
        "(reference)",
        true,
    ));
    figures.push(figure(
        "1M: frame adding one entity (median of 15)",
        long.edit_frame_ms,
        "ms",
        "(measured)",
        true,
    ));
    figures.push(figure(
        "1M: edit frame / steady frame",
        edit_ratio,
        "×",
        "< 2×",
        edit_ratio < 2.0,
    ));
    if let Some(peak) = long.peak_rss_mb {
        figures.push(figure(
            "1M open: peak resident memory",
            peak,
            "MB",
            "< 150 MB",
            peak < 150.0,
        ));
    }
    if let Some(rss) = long.rss_mb {
        figures.push(figure(
            "1M open: resident memory after the run",
            rss,
            "MB",
            "(reference)",
            true,
        ));
    }

    eprintln!("retraining …");
    figures.push(super::model::retraining_figure(&long_dir, "long-1m.txt", ANNOTATOR)?);

    eprintln!("saving …");
    let (serialize_ms, write_ms) = save_timings(&long_dir)?;
    figures.push(figure(
        "1M: snapshot the annotations (UI thread)",
        serialize_ms,
        "ms",
        "(part of save)",
        true,
    ));
    figures.push(figure(
        "1M: save, snapshot + JSON + write",
        serialize_ms + write_ms,
        "ms",
        "< 50 ms",
        serialize_ms + write_ms < 50.0,
    ));

    eprintln!("corpus of 10,000 documents …");
    let started = Instant::now();
    let project = Project::open(&corpus_dir).map_err(|e| e.to_string())?;
    let list_ms = started.elapsed().as_secs_f64() * 1000.0;
    figures.push(figure(
        "10k documents: corpus list",
        list_ms,
        "ms",
        "< 1000 ms",
        list_ms < 1000.0,
    ));
    let started = Instant::now();
    for entry in project.documents() {
        std::hint::black_box(DocumentSummary::read(&project, "alice", &entry.id));
    }
    let summaries_ms = started.elapsed().as_secs_f64() * 1000.0;
    figures.push(figure(
        "10k documents: every status and count (background)",
        summaries_ms,
        "ms",
        "(fills in)",
        true,
    ));

    eprintln!("exporting …");
    let out = root.join("export.jsonl");
    let started = Instant::now();
    let options = ExportOptions {
        annotator: Some("alice".into()),
        ..ExportOptions::new(Format::Jsonl)
    };
    export(&project, &options, &out, &mut |_, _| {}).map_err(|e| e.to_string())?;
    let export_seconds = started.elapsed().as_secs_f64();
    let megabytes = std::fs::metadata(&out).map_or(0.0, |m| m.len() as f64 / 1_000_000.0);
    let rate = megabytes / export_seconds.max(1e-9);
    figures.push(figure(
        &format!("export jsonl: 10,000 documents ({megabytes:.0} MB)"),
        rate,
        "MB/s",
        "≥ 50 MB/s",
        rate >= 50.0,
    ));

    eprintln!("agreement and validation …");
    let started = Instant::now();
    let annotators = ["alice".to_owned(), "bob".to_owned()];
    let report = crate::agreement::agree_report(&project, Some(&annotators)).map_err(|e| e.to_string())?;
    std::hint::black_box(report);
    let agree_ms = started.elapsed().as_secs_f64() * 1000.0;
    figures.push(figure(
        "agree: 2 annotators × 1,000 documents",
        agree_ms,
        "ms",
        "< 2000 ms",
        agree_ms < 2000.0,
    ));

    let started = Instant::now();
    let report = crate::qa::check_project(&project);
    std::hint::black_box(report);
    let validate_ms = started.elapsed().as_secs_f64() * 1000.0;
    figures.push(figure(
        "validate: 10,000 documents",
        validate_ms,
        "ms",
        "< 3000 ms",
        validate_ms < 3000.0,
    ));
    figures.push(repeated_entities_figure(&root.join("repeated"))?);
    figures.extend(super::model::model_figures(&root.join("recommender"))?);
    Ok(figures)
}

/// Entities in the file of [`repeated_entities_figure`].
const REPEATED_ENTITIES: usize = 300_000;

/// `validate` on one file holding [`REPEATED_ENTITIES`] copies of one
/// entity, each a duplicate to report: the checks' worst case, which stays
/// quick only if they grow as n log n.
fn repeated_entities_figure(dir: &Path) -> Result<Figure, String> {
    let id = "repeated.txt";
    write_long_document(
        dir,
        &LongDocumentSpec {
            id: id.into(),
            chars: 10_000,
            entities: 0,
            relations: 0,
            nested_percent: 0,
            seed: SEED + 4,
        },
        ANNOTATOR,
    )
    .map_err(io("the repeated-entity document"))?;
    let project = Project::open(dir).map_err(|e| e.to_string())?;
    let document = project.load_text(id).map_err(|e| e.to_string())?;
    let label = project
        .schema()
        .entities
        .first()
        .map(|e| e.name.clone())
        .ok_or("the bundled schema has no entity types")?;
    let file = crate::annotations::repeated_entity_file(&document, ANNOTATOR, &label, REPEATED_ENTITIES);
    crate::project::atomic_write(&project.annotation_path(ANNOTATOR, id), file.to_json().as_bytes())
        .map_err(io("the repeated-entity file"))?;
    let started = Instant::now();
    let report = crate::qa::check_project(&project);
    let validate_ms = started.elapsed().as_secs_f64() * 1000.0;
    let errors = report.errors().count();
    if errors < REPEATED_ENTITIES - 1 {
        return Err(format!(
            "validate found {errors} errors in {REPEATED_ENTITIES} copies of one entity"
        ));
    }
    Ok(figure(
        "validate: one file of 300,000 identical entities",
        validate_ms,
        "ms",
        "(measured)",
        true,
    ))
}

fn io(what: &'static str) -> impl Fn(std::io::Error) -> String {
    move |err| format!("cannot write {what}: {err}")
}

/// Runs `bench-view` in a child process, so its memory figure is its own.
fn view_in_child(project_dir: &Path, doc_id: &str, frames: usize) -> Result<ViewTimings, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the spanwright executable: {e}"))?;
    let output = std::process::Command::new(exe)
        .arg("bench-view")
        .arg(project_dir)
        .arg(doc_id)
        .args(["--annotator", ANNOTATOR, "--frames", &frames.to_string(), "--json"])
        .output()
        .map_err(|e| format!("cannot run bench-view: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "bench-view failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("bench-view printed something unexpected: {e}"))
}

/// Milliseconds to build the long document's file after an edit, and to
/// write it.
fn save_timings(long_dir: &Path) -> Result<(f64, f64), String> {
    let project = Project::open(long_dir).map_err(|e| e.to_string())?;
    let mut open = OpenDocument::open(&project, "long-1m.txt", ANNOTATOR).map_err(|e| e.to_string())?;
    let status = open
        .set()
        .set_status_edit(crate::annotations::Status::Done)
        .ok_or("the document is already done")?;
    open.apply(status, project.schema()).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let job = open.save_job().ok_or("nothing to save")?;
    let built = started.elapsed();
    let started = Instant::now();
    job.run().map_err(|e| e.to_string())?;
    let written = started.elapsed();
    Ok((built.as_secs_f64() * 1000.0, written.as_secs_f64() * 1000.0))
}
