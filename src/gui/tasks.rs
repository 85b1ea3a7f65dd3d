//! Work off the UI thread, in one shape: a [`Task`] runs a closure on its own
//! thread and wakes the window when the result is in. The window polls its
//! tasks each frame and never waits for them.

use poll_promise::Promise;

/// Work that ended by panicking instead of giving its result: a bug, told
/// to the user by the caller instead of taking the window down with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stopped(pub String);

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the work stopped unexpectedly ({})", self.0)
    }
}

/// One piece of background work and, once finished, its result.
pub struct Task<T: Send + 'static> {
    promise: Promise<Result<T, Stopped>>,
}

impl<T: Send + 'static> Task<T> {
    /// Starts `work` on a thread named `name`; when it finishes the window
    /// (if any) is asked to repaint, so a waiting window uses no CPU. (What
    /// shows that work is under way is still text, never a spinner: a
    /// spinner repaints the window every frame.)
    pub fn spawn(name: &str, ctx: Option<&egui::Context>, work: impl FnOnce() -> T + Send + 'static) -> Self {
        let (sender, promise) = Promise::new();
        let ctx = ctx.cloned();
        // Shared so that the work can still run here if no thread can be had.
        let job = std::sync::Arc::new(std::sync::Mutex::new(Some((sender, work))));
        let thread_job = std::sync::Arc::clone(&job);
        let run = move || {
            yield_to_the_window();
            let taken = thread_job.lock().ok().and_then(|mut j| j.take());
            if let Some((sender, work)) = taken {
                sender.send(run_catching(work));
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
                sender.send(run_catching(work));
            }
        }
        Self { promise }
    }

    /// The work has finished (or stopped).
    pub fn is_finished(&self) -> bool {
        self.promise.ready().is_some()
    }

    /// Takes the result if the work has finished; gives the task back if not.
    pub fn try_take(self) -> Result<Result<T, Stopped>, Self> {
        self.promise.try_take().map_err(|promise| Self { promise })
    }
}

/// Gives the calling thread a lower scheduling priority than the window's.
/// Background work (training, suggestions, saves) often runs while the
/// window draws, and with more runnable threads than cores the scheduler
/// would otherwise hand the window's thread a share like any other: a frame
/// drawn right after an edit, which starts a suggestion job while a
/// training runs, then lost a time slice of several milliseconds. At nice
/// 10 the work still gets every core the window leaves idle. (Linux only,
/// where the nice value belongs to each thread; elsewhere it would lower the
/// whole process.)
pub fn yield_to_the_window() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority only read and set the calling thread's
    // scheduling attributes; a failure leaves the priority as it was.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, 10);
    }
}

/// Runs `work`, turning a panic into [`Stopped`] with its message.
fn run_catching<T>(work: impl FnOnce() -> T) -> Result<T, Stopped> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Stopped(message)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(mut task: Task<T>) -> Result<T, Stopped> {
        loop {
            match task.try_take() {
                Ok(result) => return result,
                Err(waiting) => task = waiting,
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    #[test]
    fn a_task_gives_its_result() {
        assert_eq!(wait(Task::spawn("test", None, || 6 * 7)), Ok(42));
    }

    #[test]
    fn a_panicking_task_is_told_as_stopped_instead_of_panicking_the_window() {
        let task: Task<u32> = Task::spawn("test", None, || panic!("boom at line 3"));
        let stopped = wait(task).unwrap_err();
        assert_eq!(stopped, Stopped("boom at line 3".to_owned()));
        assert!(stopped.to_string().contains("boom at line 3"));
    }
}
