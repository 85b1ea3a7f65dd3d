//! The HTTP side: one request per call, with timeouts, plain HTTP.

use std::time::Duration;

use serde_json::{Value, json};

/// How long a backend may take before it is reported as slow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    /// Everything else: `/health` and `/setup` get this too.
    pub request: Duration,
    /// `POST /train`: a 1.0.x backend without a job queue answers only
    /// once its model has learned.
    pub train: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(3),
            request: Duration::from_secs(30),
            train: Duration::from_secs(600),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error("model backend {backend}: not reachable ({reason})")]
    Unreachable { backend: String, reason: String },
    #[error("model backend {backend}: no answer to {call} within {seconds} s")]
    Timeout {
        backend: String,
        call: &'static str,
        seconds: u64,
    },
    #[error("model backend {backend}: {call} answered HTTP {status}: {body}")]
    Status {
        backend: String,
        call: &'static str,
        status: u16,
        body: String,
    },
    #[error("model backend {backend}: {call} answered invalid JSON: {reason}")]
    InvalidJson {
        backend: String,
        call: &'static str,
        reason: String,
    },
    #[error("model backend {backend}: {call} answered JSON without {missing}")]
    Shape {
        backend: String,
        call: &'static str,
        missing: &'static str,
    },
    #[error("model backend {backend}: not an http:// address (https is not supported)")]
    NotHttp { backend: String },
}

/// What `GET /health` said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Health {
    pub status: String,
    pub model_class: Option<String>,
}

/// A model server at one address.
#[derive(Clone, Debug)]
pub struct MlBackend {
    url: String,
    agent: ureq::Agent,
    timeouts: Timeouts,
}

impl MlBackend {
    pub fn new(url: &str, timeouts: Timeouts) -> Result<Self, BackendError> {
        let url = url.trim().trim_end_matches('/').to_owned();
        if !url.starts_with("http://") {
            return Err(BackendError::NotHttp { backend: url });
        }
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(timeouts.connect))
            .timeout_global(Some(timeouts.request))
            .http_status_as_error(false)
            .build();
        Ok(Self {
            url,
            agent: ureq::Agent::new_with_config(config),
            timeouts,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn health(&self) -> Result<Health, BackendError> {
        let answer = self.call("GET /health", None)?;
        let status = answer
            .get("status")
            .and_then(Value::as_str)
            .ok_or_else(|| self.shape("GET /health", "\"status\""))?;
        Ok(Health {
            status: status.to_owned(),
            model_class: answer.get("model_class").and_then(Value::as_str).map(str::to_owned),
        })
    }

    /// Tells the backend the labelling config; a 1.0.x backend predicts
    /// only after it. Returns the model version it names, if any.
    pub fn setup(&self, project: &str, label_config: &str) -> Result<Option<String>, BackendError> {
        let answer = self.call(
            "POST /setup",
            Some(json!({"project": project, "schema": label_config, "extra_params": null})),
        )?;
        Ok(answer.get("model_version").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }))
    }

    /// Asks for predictions of `texts` (task id, text); returns the
    /// `results` list, one item per task as the backend sent it.
    pub fn predict(
        &self,
        texts: &[(u64, &str)],
        label_config: &str,
        project: &str,
    ) -> Result<Vec<Value>, BackendError> {
        let tasks: Vec<Value> = texts
            .iter()
            .map(|(id, text)| json!({"id": id, "data": {"text": text}}))
            .collect();
        let answer = self.call(
            "POST /predict",
            Some(json!({"tasks": tasks, "label_config": label_config, "project": project, "params": {}})),
        )?;
        match answer.get("results") {
            Some(Value::Array(results)) => Ok(results.clone()),
            _ => Err(self.shape("POST /predict", "a \"results\" list")),
        }
    }

    /// Sends annotated `tasks` (see `training_task`) to learn from; returns
    /// the training job the backend names, if it queues one.
    pub fn train(&self, tasks: &[Value], label_config: &str, project: &str) -> Result<Option<String>, BackendError> {
        let answer = self.call(
            "POST /train",
            Some(json!({"annotations": tasks, "project": project, "label_config": label_config, "params": {}})),
        )?;
        Ok(answer.get("job").and_then(|job| match job {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }))
    }

    fn shape(&self, call: &'static str, missing: &'static str) -> BackendError {
        BackendError::Shape {
            backend: self.url.clone(),
            call,
            missing,
        }
    }

    fn call(&self, call: &'static str, body: Option<Value>) -> Result<Value, BackendError> {
        let (method, path) = call.split_once(' ').unwrap_or(("GET", call));
        let address = format!("{}{path}", self.url);
        let timeout = if call == "POST /train" {
            self.timeouts.train
        } else {
            self.timeouts.request
        };
        let sent = match (method, body) {
            ("POST", Some(body)) => self
                .agent
                .post(&address)
                .config()
                .timeout_global(Some(timeout))
                .build()
                .send_json(body),
            _ => self.agent.get(&address).call(),
        };
        let mut response = sent.map_err(|err| self.transport_error(call, err))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|err| self.transport_error(call, err))?;
        if !(200..300).contains(&status) {
            return Err(BackendError::Status {
                backend: self.url.clone(),
                call,
                status,
                body: first_line(&text),
            });
        }
        serde_json::from_str(&text).map_err(|err| BackendError::InvalidJson {
            backend: self.url.clone(),
            call,
            reason: err.to_string(),
        })
    }

    fn transport_error(&self, call: &'static str, err: ureq::Error) -> BackendError {
        let waited = if call == "POST /train" {
            self.timeouts.train
        } else {
            self.timeouts.request
        };
        match err {
            ureq::Error::Timeout(_) => BackendError::Timeout {
                backend: self.url.clone(),
                call,
                seconds: waited.as_secs().max(1),
            },
            other => BackendError::Unreachable {
                backend: self.url.clone(),
                reason: other.to_string(),
            },
        }
    }
}

/// A server's error body, shortened to fit one message line.
fn first_line(body: &str) -> String {
    let text: String = match serde_json::from_str::<Value>(body) {
        Ok(value) => value
            .get("error")
            .or_else(|| value.get("detail"))
            .or_else(|| value.get("exception"))
            .and_then(Value::as_str)
            .map_or_else(|| body.to_owned(), str::to_owned),
        Err(_) => body.to_owned(),
    };
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("(empty)").trim();
    line.chars().take(200).collect()
}
