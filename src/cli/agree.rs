//! `spanwright agree`: agreement between annotators as tables or JSON.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::agreement::{AgreementReport, agree_report};
use crate::project::Project;

pub fn render_json(report: &AgreementReport) -> String {
    let mut json = serde_json::to_string_pretty(report).unwrap_or_default();
    json.push('\n');
    json
}

pub fn run(project_dir: &Path, annotators: Option<&[String]>, json: bool) -> ExitCode {
    let project = match Project::open(project_dir) {
        Ok(project) => project,
        Err(err) => return super::fail(err),
    };
    let report = match agree_report(&project, annotators) {
        Ok(report) => report,
        Err(err) => return super::fail(err),
    };
    if json {
        super::output::print_out(&render_json(&report));
    } else {
        super::output::print_out(&render_tables(&report));
    }
    for skipped in &report.skipped {
        super::output::print_err(&format!("spanwright: {skipped}\n"));
    }
    ExitCode::SUCCESS
}

fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

pub fn render_tables(report: &AgreementReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "annotators: {}",
        if report.annotators.is_empty() {
            "none".to_owned()
        } else {
            report.annotators.join(", ")
        }
    );
    if report.annotators.len() < 2 {
        let _ = writeln!(out, "agreement needs at least two annotators");
    }
    let pair_names: Vec<String> = report.pairs.iter().map(|p| format!("{} / {}", p.a, p.b)).collect();
    let width = pair_names.iter().map(|n| n.chars().count()).max().unwrap_or(0).max(4);

    if !report.pairs.is_empty() {
        let _ = writeln!(
            out,
            "\n{:<width$}  {:>9}  {:>7}  {:>7}  {:>7}  {:>7}  {:>11}",
            "pair", "documents", "tokens", "span F1", "lenient", "Cohen κ", "relation F1"
        );
        for (pair, name) in report.pairs.iter().zip(&pair_names) {
            let _ = writeln!(
                out,
                "{name:<width$}  {:>9}  {:>7}  {:>7}  {:>7}  {:>7}  {:>11}",
                pair.documents,
                pair.tokens,
                number(pair.span_f1),
                number(pair.span_f1_lenient),
                number(pair.cohen_kappa),
                number(pair.relation_f1)
            );
        }
    }
    let documents = |n: usize| format!("{n} document{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "\nFleiss' kappa over {} every annotator has: {}",
        documents(report.fleiss_documents),
        number(report.fleiss_kappa)
    );
    let _ = writeln!(
        out,
        "Krippendorff's alpha (nominal) over {}: {}",
        documents(report.alpha_documents),
        number(report.krippendorff_alpha)
    );

    let mut labels: Vec<&String> = report.pairs.iter().flat_map(|p| p.per_label.keys()).collect();
    labels.sort();
    labels.dedup();
    if !labels.is_empty() {
        let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0).max(5);
        let column = width.max(13);
        let _ = write!(out, "\nspan F1 per label, exact/lenient\n{:<label_width$}", "label");
        for name in &pair_names {
            let _ = write!(out, "  {name:>column$}");
        }
        out.push('\n');
        for label in labels {
            let _ = write!(out, "{label:<label_width$}");
            for pair in &report.pairs {
                let cell = pair.per_label.get(label).map_or_else(
                    || "n/a".to_owned(),
                    |l| format!("{}/{}", number(l.f1), number(l.f1_lenient)),
                );
                let _ = write!(out, "  {cell:>column$}");
            }
            out.push('\n');
        }
    }

    let mut entity_labels: Vec<&String> = report.label_distribution.values().flat_map(|m| m.keys()).collect();
    entity_labels.sort();
    entity_labels.dedup();
    if !entity_labels.is_empty() {
        let label_width = entity_labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
            .max(5);
        let _ = write!(out, "\nentities per label\n{:<label_width$}", "label");
        for annotator in report.label_distribution.keys() {
            let _ = write!(out, "  {annotator:>8}");
        }
        out.push('\n');
        for label in entity_labels {
            let _ = write!(out, "{label:<label_width$}");
            for counts in report.label_distribution.values() {
                let _ = write!(out, "  {:>8}", counts.get(label).copied().unwrap_or(0));
            }
            out.push('\n');
        }
    }

    let id_width = report
        .documents
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    let _ = writeln!(
        out,
        "\n{:<id_width$}  {:>10}  {:>7}  {:>7}  {:>7}  {:>13}",
        "document", "annotators", "span F1", "lenient", "alpha", "disagreements"
    );
    for document in &report.documents {
        let _ = writeln!(
            out,
            "{:<id_width$}  {:>10}  {:>7}  {:>7}  {:>7}  {:>13}",
            document.id,
            document.annotators.len(),
            number(document.span_f1),
            number(document.span_f1_lenient),
            number(document.krippendorff_alpha),
            document.disagreements
        );
    }
    out
}
