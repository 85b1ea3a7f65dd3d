//! Saving on a worker thread, so the window never waits for the disk.

use std::sync::mpsc::{Receiver, Sender, channel};

use crate::project::{SaveError, SaveJob, SaveOutcome};

pub struct SaveResult {
    pub doc_id: String,
    pub job: SaveJob,
    pub outcome: Result<SaveOutcome, SaveError>,
}

pub struct Saver {
    jobs: Sender<(String, SaveJob)>,
    results: Receiver<SaveResult>,
    in_flight: Vec<String>,
}

impl Saver {
    /// Starts the worker; it wakes the window through `ctx` after each save.
    pub fn start(ctx: Option<egui::Context>) -> Self {
        let (jobs, job_queue) = channel::<(String, SaveJob)>();
        let (result_sender, results) = channel();
        std::thread::Builder::new()
            .name("spanwright-saver".into())
            .spawn(move || {
                for (doc_id, job) in job_queue {
                    let outcome = job.run();
                    if result_sender.send(SaveResult { doc_id, job, outcome }).is_err() {
                        break;
                    }
                    if let Some(ctx) = &ctx {
                        ctx.request_repaint();
                    }
                }
            })
            .ok();
        Self {
            jobs,
            results,
            in_flight: Vec::new(),
        }
    }

    pub fn is_saving(&self, doc_id: &str) -> bool {
        self.in_flight.iter().any(|id| id == doc_id)
    }

    pub fn any_in_flight(&self) -> bool {
        !self.in_flight.is_empty()
    }

    /// Queues a save; if the worker is gone the job runs right here.
    pub fn submit(&mut self, doc_id: String, job: SaveJob) -> Option<SaveResult> {
        match self.jobs.send((doc_id.clone(), job)) {
            Ok(()) => {
                self.in_flight.push(doc_id);
                None
            }
            Err(std::sync::mpsc::SendError((doc_id, job))) => {
                let outcome = job.run();
                Some(SaveResult { doc_id, job, outcome })
            }
        }
    }

    /// Results that arrived since the last call.
    pub fn finished(&mut self) -> Vec<SaveResult> {
        let results: Vec<SaveResult> = self.results.try_iter().collect();
        self.forget(&results);
        results
    }

    /// Waits for every queued save (before quitting).
    pub fn wait_all(&mut self) -> Vec<SaveResult> {
        let mut results = Vec::new();
        while !self.in_flight.is_empty() {
            match self.results.recv() {
                Ok(result) => {
                    self.forget(std::slice::from_ref(&result));
                    results.push(result);
                }
                Err(_) => break,
            }
        }
        results
    }

    fn forget(&mut self, results: &[SaveResult]) {
        for result in results {
            if let Some(i) = self.in_flight.iter().position(|id| *id == result.doc_id) {
                self.in_flight.remove(i);
            }
        }
    }
}
