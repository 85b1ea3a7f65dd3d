//! Spanwright as a library: open a project, read every annotator's
//! annotations and count the entities of each label.
//!
//! ```sh
//! cargo run --no-default-features --example entities_per_label -- assets/sample-corpus
//! ```

use std::collections::BTreeMap;
use std::process::ExitCode;

use spanwright::annotations::AnnotationFile;
use spanwright::project::Project;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: entities_per_label PROJECT_DIR");
        return ExitCode::from(2);
    };
    let project = match Project::open(std::path::Path::new(&dir)) {
        Ok(project) => project,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let mut per_label: BTreeMap<String, usize> = BTreeMap::new();
    for annotator in project.annotators() {
        for document in project.documents() {
            let path = project.annotation_path(&annotator, &document.id);
            if !path.exists() {
                continue;
            }
            match AnnotationFile::load(&path, &project.annotation_file_name(&annotator, &document.id)) {
                Ok(file) => {
                    for entity in &file.entities {
                        *per_label.entry(entity.label.clone()).or_default() += 1;
                    }
                }
                Err(err) => eprintln!("skipped: {err}"),
            }
        }
    }
    println!(
        "{} documents, annotators: {}",
        project.documents().len(),
        project.annotators().join(", ")
    );
    for (label, count) in per_label {
        println!("{label:<14} {count:>5}");
    }
    ExitCode::SUCCESS
}
