//! Work that may take long on a big project (agreement over the corpus, QA
//! checks) runs as a background task; the window shows the last result and
//! a spinner meanwhile.

use crate::gui::tasks::Task;

/// One kind of background computation and its latest result.
pub struct Job<T: Send + 'static, K> {
    result: Option<(K, T)>,
    running: Option<(K, Task<T>)>,
    /// The project changed on disk since the result was computed.
    outdated: bool,
    /// Compute again even though a result for the key is there.
    refresh: bool,
    /// The last run for a key stopped without a result: why. It is not
    /// started again for that key until asked.
    stopped: Option<(K, String)>,
}

impl<T: Send + 'static, K> Default for Job<T, K> {
    fn default() -> Self {
        Self {
            result: None,
            running: None,
            outdated: false,
            refresh: false,
            stopped: None,
        }
    }
}

impl<T: Send + 'static, K: PartialEq + Clone> Job<T, K> {
    /// The latest result and what it was computed for.
    pub fn result(&self) -> Option<&T> {
        self.result.as_ref().map(|(_, value)| value)
    }

    pub fn result_for(&self, key: &K) -> Option<&T> {
        self.result_if(|k| k == key)
    }

    /// The latest result if what it was computed for passes `wanted`.
    pub fn result_if(&self, wanted: impl Fn(&K) -> bool) -> Option<&T> {
        self.result.as_ref().filter(|(k, _)| wanted(k)).map(|(_, value)| value)
    }

    /// Why the last run stopped without a result, if it did.
    pub fn stopped(&self) -> Option<&str> {
        self.stopped.as_ref().map(|(_, reason)| reason.as_str())
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn is_outdated(&self) -> bool {
        self.outdated
    }

    /// Asks for a new result; the old one stays on show meanwhile.
    pub fn request_refresh(&mut self) {
        self.refresh = true;
    }

    /// Asks for a new result if the project changed since the last one.
    pub fn refresh_if_outdated(&mut self) {
        if self.outdated {
            self.refresh = true;
        }
    }

    pub fn mark_outdated(&mut self) {
        if self.result.is_some() {
            self.outdated = true;
        }
    }

    /// Takes a finished result, if one arrived.
    pub fn receive(&mut self) {
        let Some((key, task)) = self.running.take() else {
            return;
        };
        match task.try_take() {
            Ok(Ok(value)) => {
                self.result = Some((key, value));
                self.stopped = None;
            }
            Ok(Err(stopped)) => self.stopped = Some((key, stopped.to_string())),
            Err(task) => self.running = Some((key, task)),
        }
    }

    /// Whether a result for `key` is missing and not being computed.
    pub fn needs(&self, key: &K) -> bool {
        let running_for_key = self.running.as_ref().is_some_and(|(k, _)| k == key);
        let stopped_for_key = self.stopped.as_ref().is_some_and(|(k, _)| k == key);
        !running_for_key && (self.refresh || (self.result_for(key).is_none() && !stopped_for_key))
    }

    /// Starts computing for `key`; a result for an older key still running
    /// is dropped when it arrives.
    pub fn start(&mut self, key: K, ctx: Option<egui::Context>, work: impl FnOnce() -> T + Send + 'static) {
        self.running = Some((key, Task::spawn("review", ctx.as_ref(), work)));
        self.outdated = false;
        self.refresh = false;
    }
}
