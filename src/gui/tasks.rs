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

/// Background work that hands over results one at a time (a row of the
/// corpus list, say), so the window can show them as they come.
pub struct Feed<T: Send + 'static> {
    items: std::sync::mpsc::Receiver<T>,
}

/// How many items arrive between two wake-ups of the window.
const ITEMS_PER_REPAINT: usize = 256;

impl<T: Send + 'static> Feed<T> {
    /// Starts `work` on a thread named `name`; it hands each item to the
    /// function it is given, which returns `false` once nobody listens. The
    /// window is woken every few hundred items and when the work ends.
    pub fn spawn(
        name: &str,
        ctx: Option<&egui::Context>,
        work: impl FnOnce(&mut dyn FnMut(T) -> bool) + Send + 'static,
    ) -> Self {
        let (sender, items) = std::sync::mpsc::channel();
        let ctx = ctx.cloned();
        let run = move || {
            let mut sent = 0;
            let mut emit = |item: T| {
                if sender.send(item).is_err() {
                    return false;
                }
                sent += 1;
                if sent % ITEMS_PER_REPAINT == 0
                    && let Some(ctx) = &ctx
                {
                    ctx.request_repaint();
                }
                true
            };
            work(&mut emit);
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        };
        if let Err(err) = std::thread::Builder::new()
            .name(format!("spanwright-{name}"))
            .spawn(run)
        {
            eprintln!("spanwright: cannot start background work \"{name}\": {err}");
        }
        Self { items }
    }

    /// The items that arrived since the last call.
    pub fn receive(&self) -> impl Iterator<Item = T> + '_ {
        self.items.try_iter()
    }
}
