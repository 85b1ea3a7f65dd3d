use std::path::Path;
use std::process::ExitCode;

use super::output::CommandOutput;
use crate::project::{Project, ProjectStats, project_stats};

/// What `spanwright stats` prints: tables, or JSON with `json`.
pub fn stats_output(project_dir: &Path, json: bool) -> CommandOutput {
    use std::fmt::Write as _;
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return CommandOutput::failure(err),
    };
    let stats = project_stats(&project);
    let stdout = if json {
        // Maps with string keys and plain numbers always serialize.
        let mut text = serde_json::to_string_pretty(&stats).unwrap_or_default();
        text.push('\n');
        text
    } else {
        render_tables(&stats)
    };
    let mut stderr = String::new();
    for problem in &stats.unreadable {
        let _ = writeln!(stderr, "spanwright: skipped {problem}");
    }
    CommandOutput {
        stdout,
        stderr,
        exit_code: 0,
    }
}

pub fn run(project_dir: &Path, json: bool) -> ExitCode {
    stats_output(project_dir, json).emit()
}

fn render_tables(stats: &ProjectStats) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "documents            {}", stats.documents);
    let _ = writeln!(out, "annotated documents  {}", stats.annotated_documents);
    let _ = writeln!(
        out,
        "\n{:<16} {:>9} {:>6} {:>9} {:>10}",
        "annotator", "documents", "done", "entities", "relations"
    );
    for (name, a) in &stats.annotators {
        let _ = writeln!(
            out,
            "{name:<16} {:>9} {:>6} {:>9} {:>10}",
            a.documents, a.done, a.entities, a.relations
        );
    }
    let names: Vec<&String> = stats.annotators.keys().collect();
    for (title, total, per) in [
        ("entity label", &stats.entities_per_label, true),
        ("relation label", &stats.relations_per_label, false),
    ] {
        let _ = write!(out, "\n{title:<16} {:>7}", "total");
        for name in &names {
            let _ = write!(out, " {name:>10}");
        }
        out.push('\n');
        for (label, count) in total {
            let _ = write!(out, "{label:<16} {count:>7}");
            for name in &names {
                let a = &stats.annotators[*name];
                let map = if per {
                    &a.entities_per_label
                } else {
                    &a.relations_per_label
                };
                let _ = write!(out, " {:>10}", map.get(label).copied().unwrap_or(0));
            }
            out.push('\n');
        }
    }
    out
}
