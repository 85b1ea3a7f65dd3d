//! The commands that need the window or the benchmark, and what a build
//! without them says instead.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[cfg(feature = "gui")]
pub fn run_on_sample() -> ExitCode {
    let Some(target) = crate::sample::default_sample_location() else {
        return super::fail("cannot find a data folder for the sample corpus (is HOME set?)");
    };
    match crate::sample::install_sample_corpus(&target) {
        Ok(dir) => run(dir, None, None),
        Err(err) => super::fail(format!(
            "cannot install the sample corpus into {}: {err}",
            target.display()
        )),
    }
}

#[cfg(feature = "gui")]
pub fn run(project_dir: PathBuf, annotator: Option<String>, frame_times: Option<PathBuf>) -> ExitCode {
    if let Some(path) = frame_times {
        crate::gui::request_frame_times(path);
    }
    match crate::gui::run(project_dir, annotator) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => super::fail(format!("cannot open the window: {err}")),
    }
}

#[cfg(not(feature = "gui"))]
const NO_WINDOW: &str = "this build of spanwright has no window (it was built without the `gui` feature)";

#[cfg(not(feature = "gui"))]
pub fn run_on_sample() -> ExitCode {
    super::fail(format!("{NO_WINDOW}; run a command, see `spanwright --help`"))
}

#[cfg(not(feature = "gui"))]
pub fn run(_project_dir: PathBuf, _annotator: Option<String>, _frame_times: Option<PathBuf>) -> ExitCode {
    super::fail(NO_WINDOW)
}

#[cfg(all(feature = "gui", feature = "bench"))]
pub fn bench_view(project_dir: &Path, doc_id: &str, annotator: &str, frames: usize, json: bool) -> ExitCode {
    super::bench_view::bench_view(project_dir, doc_id, annotator, frames, json).emit()
}

#[cfg(not(all(feature = "gui", feature = "bench")))]
pub fn bench_view(_project_dir: &Path, _doc_id: &str, _annotator: &str, _frames: usize, _json: bool) -> ExitCode {
    super::fail("bench-view needs a build with the `gui` and `bench` features")
}

#[cfg(feature = "bench")]
pub fn bench(dir: Option<PathBuf>, frames: usize, json: bool) -> ExitCode {
    super::bench::run(dir, frames, json)
}

#[cfg(not(feature = "bench"))]
pub fn bench(_dir: Option<PathBuf>, _frames: usize, _json: bool) -> ExitCode {
    super::fail("this build of spanwright has no benchmark (build it with the `bench` feature)")
}
