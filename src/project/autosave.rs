//! When to save: soon after the first unsaved edit however fast edits come,
//! and again with growing pauses after a save fails.
//!
//! The policy reads time only through a [`Clock`], so that tests can run it
//! faster than real time or step it by hand.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Where the autosave timer reads the time.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// The real time.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// Time that runs `factor` times as fast as real time, from the moment the
/// clock is made: lets a test live through minutes of editing in seconds.
#[derive(Clone, Copy, Debug)]
pub struct ScaledClock {
    origin: Instant,
    factor: u32,
}

impl ScaledClock {
    pub fn new(factor: u32) -> Self {
        Self {
            origin: Instant::now(),
            factor: factor.max(1),
        }
    }

    /// How long `virtual_time` lasts in real time.
    pub fn real(&self, virtual_time: Duration) -> Duration {
        virtual_time / self.factor
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> Instant {
        self.origin + self.origin.elapsed() * self.factor
    }
}

/// Time that moves only when told to.
#[derive(Debug)]
pub struct ManualClock {
    origin: Instant,
    elapsed: Mutex<Duration>,
}

impl Default for ManualClock {
    fn default() -> Self {
        Self {
            origin: Instant::now(),
            elapsed: Mutex::new(Duration::ZERO),
        }
    }
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        if let Ok(mut elapsed) = self.elapsed.lock() {
            *elapsed += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.origin + self.elapsed.lock().map_or(Duration::ZERO, |e| *e)
    }
}

/// How long saving waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutosavePolicy {
    /// A pause in editing this long starts a save.
    pub quiet: Duration,
    /// However fast edits come, a save starts this long after the first
    /// edit that is not on disk.
    pub max_wait: Duration,
    /// The pause after the first failed save; it doubles with each failure…
    pub first_retry: Duration,
    /// …up to this.
    pub max_retry: Duration,
}

impl AutosavePolicy {
    pub const DEFAULT: Self = Self {
        quiet: Duration::from_millis(300),
        max_wait: Duration::from_secs(1),
        first_retry: Duration::from_secs(1),
        max_retry: Duration::from_secs(30),
    };

    /// The pause before attempt `failures + 1` after `failures` failed saves.
    pub fn retry_delay(&self, failures: u32) -> Duration {
        let doubled = self
            .first_retry
            .saturating_mul(1u32.checked_shl(failures.saturating_sub(1)).unwrap_or(u32::MAX));
        doubled.min(self.max_retry)
    }
}

impl Default for AutosavePolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// One document's autosave clock: when its unsaved edits began, when the
/// last one came, and how saving it has been failing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutosaveTimer {
    first_unsaved: Option<Instant>,
    last_edit: Option<Instant>,
    failures: u32,
    retry_at: Option<Instant>,
}

impl AutosaveTimer {
    /// An edit was made at `now`.
    pub fn edited(&mut self, now: Instant) {
        self.first_unsaved.get_or_insert(now);
        self.last_edit = Some(now);
    }

    /// Edits wait to be saved (or a failed save waits to be retried).
    pub fn is_waiting(&self) -> bool {
        self.first_unsaved.is_some() || self.retry_at.is_some()
    }

    /// When the next save should start, if one is waiting.
    pub fn due_at(&self, policy: &AutosavePolicy) -> Option<Instant> {
        if let Some(retry_at) = self.retry_at {
            return Some(retry_at);
        }
        let first = self.first_unsaved?;
        let last = self.last_edit.unwrap_or(first);
        Some((last + policy.quiet).min(first + policy.max_wait))
    }

    pub fn is_due(&self, policy: &AutosavePolicy, now: Instant) -> bool {
        self.due_at(policy).is_some_and(|due| due <= now)
    }

    /// A save of everything edited so far started; edits from now on wait
    /// for the next one.
    pub fn save_started(&mut self) {
        self.first_unsaved = None;
        self.last_edit = None;
        self.retry_at = None;
    }

    pub fn save_succeeded(&mut self) {
        self.failures = 0;
        self.retry_at = None;
    }

    /// The save failed at `now`: try again after a pause that grows with
    /// each failure in a row.
    pub fn save_failed(&mut self, policy: &AutosavePolicy, now: Instant) {
        self.failures = self.failures.saturating_add(1);
        self.retry_at = Some(now + policy.retry_delay(self.failures));
    }

    /// A save failed in a way retrying cannot mend (the file changed on
    /// disk): wait for the user.
    pub fn stop_retrying(&mut self) {
        self.retry_at = None;
        self.first_unsaved = None;
        self.last_edit = None;
    }

    /// Failed saves in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// How long until the next retry, while one is planned.
    pub fn retry_in(&self, now: Instant) -> Option<Duration> {
        self.retry_at.map(|at| at.saturating_duration_since(now))
    }
}
