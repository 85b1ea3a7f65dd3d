//! `--frame-times FILE` (or `SPANWRIGHT_FRAME_TIMES=FILE`): one line per
//! frame of the real window with the CPU time the UI thread spent on it
//! (logic, layout, painting) and its wall time, in milliseconds, so users
//! and tests can see how the window behaves on their documents.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

/// The environment variable naming the frame-times file.
pub const FRAME_TIMES_VAR: &str = "SPANWRIGHT_FRAME_TIMES";

static REQUESTED: OnceLock<PathBuf> = OnceLock::new();

/// Asks the window about to open to write its frame times to `path`
/// (`--frame-times`); wins over the environment variable.
pub fn request(path: PathBuf) {
    let _ = REQUESTED.set(path);
}

pub struct FrameTimes {
    out: std::io::BufWriter<std::fs::File>,
    frame: u64,
    started: Option<(Instant, Option<f64>)>,
}

impl FrameTimes {
    /// The writer asked for by `--frame-times` or the environment; an
    /// error names the file that cannot be created.
    pub fn requested() -> Option<Result<Self, String>> {
        let path = REQUESTED
            .get()
            .cloned()
            .or_else(|| std::env::var_os(FRAME_TIMES_VAR).map(PathBuf::from))?;
        Some(
            std::fs::File::create(&path)
                .map(|file| {
                    let mut out = std::io::BufWriter::new(file);
                    let _ = writeln!(out, "frame\tcpu_ms\twall_ms");
                    Self {
                        out,
                        frame: 0,
                        started: None,
                    }
                })
                .map_err(|err| format!("cannot write frame times to {}: {err}", path.display())),
        )
    }

    pub fn begin(&mut self) {
        self.started = Some((Instant::now(), thread_cpu_ms()));
    }

    pub fn end(&mut self) {
        let Some((wall, cpu)) = self.started.take() else {
            return;
        };
        let wall_ms = wall.elapsed().as_secs_f64() * 1000.0;
        let cpu_ms = match (cpu, thread_cpu_ms()) {
            (Some(before), Some(after)) => format!("{:.3}", after - before),
            _ => "n/a".to_owned(),
        };
        self.frame += 1;
        let _ = writeln!(self.out, "{}\t{cpu_ms}\t{wall_ms:.3}", self.frame);
        // Flushed every frame: the file is read while the window runs.
        let _ = self.out.flush();
    }
}

/// CPU time of the calling thread, in milliseconds.
#[cfg(unix)]
fn thread_cpu_ms() -> Option<f64> {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable timespec for the call's duration.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    (status == 0).then(|| now.tv_sec as f64 * 1000.0 + now.tv_nsec as f64 / 1_000_000.0)
}

/// No per-thread CPU clock here: the file says `n/a`.
#[cfg(not(unix))]
fn thread_cpu_ms() -> Option<f64> {
    None
}
