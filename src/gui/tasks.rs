//! Work off the UI thread, in one shape: a [`Task`] runs a closure on its own
//! thread and wakes the window when the result is in. The window polls its
//! tasks each frame and never waits for them.

use poll_promise::Promise;

/// One piece of background work and, once finished, its result.
pub struct Task<T: Send + 'static> {
    promise: Promise<T>,
}

impl<T: Send + 'static> Task<T> {
    /// Starts `work` on a thread named `name`; when it finishes the window
    /// (if any) is asked to repaint, so a waiting window uses no CPU.
    pub fn spawn(name: &str, ctx: Option<&egui::Context>, work: impl FnOnce() -> T + Send + 'static) -> Self {
        let (sender, promise) = Promise::new();
        let ctx = ctx.cloned();
        // Shared so that the work can still run here if no thread can be had.
        let job = std::sync::Arc::new(std::sync::Mutex::new(Some((sender, work))));
        let thread_job = std::sync::Arc::clone(&job);
        let run = move || {
            let taken = thread_job.lock().ok().and_then(|mut j| j.take());
            if let Some((sender, work)) = taken {
                sender.send(work());
                // After the value is in: the repaint it causes finds it.
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            }
        };
        if std::thread::Builder::new()
            .name(format!("spanwright-{name}"))
            .spawn(run)
            .is_err()
        {
            let taken = job.lock().ok().and_then(|mut j| j.take());
            if let Some((sender, work)) = taken {
                sender.send(work());
            }
        }
        Self { promise }
    }

    /// The result, once the work has finished.
    pub fn ready(&self) -> Option<&T> {
        self.promise.ready()
    }

    /// Takes the result if the work has finished; gives the task back if not.
    pub fn try_take(self) -> Result<T, Self> {
        self.promise.try_take().map_err(|promise| Self { promise })
    }
}
