//! How sure the tagger is of each token's tag. The crate's tagger returns
//! only the best tag sequence, so the weights are read back from the
//! trained model's dump (its documented text form) and each token's
//! marginal probabilities are worked out here by forward-backward.

use std::collections::HashMap;

use crfs::{Attribute, Model};

#[derive(Clone, Debug, Default)]
pub(crate) struct Weights {
    pub labels: Vec<String>,
    /// `transitions[from * labels + to]`.
    transitions: Vec<f64>,
    /// Attribute → (label index, weight).
    states: HashMap<String, Vec<(usize, f64)>>,
}

impl Weights {
    /// Reads the weights out of `model`; `None` when the dump is not in
    /// the shape this reader knows.
    pub(crate) fn of(model: &Model) -> Option<Self> {
        let mut dump = Vec::new();
        model.dump(&mut dump).ok()?;
        let dump = String::from_utf8(dump).ok()?;
        let labels: Vec<String> = (0..model.num_labels())
            .map(|i| model.to_label(i).map(str::to_owned))
            .collect::<Option<_>>()?;
        let index: HashMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
        let n = labels.len();
        let mut transitions = vec![0.0; n * n];
        let mut states: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
        let mut section = "";
        for line in dump.lines() {
            if let Some(name) = line.strip_suffix(" = {") {
                section = name;
                continue;
            }
            if !matches!(section, "TRANSITIONS" | "STATE_FEATURES") {
                continue;
            }
            let Some((_, rest)) = line.trim_start().split_once(") ") else {
                continue;
            };
            let (source, tail) = rest.rsplit_once(" --> ")?;
            let (target, weight) = tail.rsplit_once(": ")?;
            let weight: f64 = weight.parse().ok()?;
            let to = *index.get(target)?;
            if section == "TRANSITIONS" {
                transitions[*index.get(source)? * n + to] = weight;
            } else {
                states.entry(source.to_owned()).or_default().push((to, weight));
            }
        }
        Some(Self {
            labels,
            transitions,
            states,
        })
    }

    /// `marginals[t][y]`: the probability that token `t` has label `y`.
    pub(crate) fn marginals(&self, xseq: &[Vec<Attribute>]) -> Vec<Vec<f64>> {
        let n = self.labels.len();
        let len = xseq.len();
        if n == 0 || len == 0 {
            return Vec::new();
        }
        let state: Vec<Vec<f64>> = xseq
            .iter()
            .map(|item| {
                let mut scores = vec![0.0; n];
                for attribute in item {
                    for &(label, weight) in self.states.get(&attribute.name).map_or(&[][..], Vec::as_slice) {
                        scores[label] += weight * attribute.value;
                    }
                }
                scores
            })
            .collect();
        let mut alpha = vec![vec![0.0; n]; len];
        alpha[0].clone_from(&state[0]);
        for t in 1..len {
            for to in 0..n {
                let terms = (0..n).map(|from| alpha[t - 1][from] + self.transitions[from * n + to]);
                alpha[t][to] = log_sum_exp(terms) + state[t][to];
            }
        }
        let mut beta = vec![vec![0.0; n]; len];
        for t in (0..len - 1).rev() {
            for from in 0..n {
                let terms = (0..n).map(|to| self.transitions[from * n + to] + state[t + 1][to] + beta[t + 1][to]);
                beta[t][from] = log_sum_exp(terms);
            }
        }
        let log_z = log_sum_exp(alpha[len - 1].iter().copied());
        (0..len)
            .map(|t| {
                (0..n)
                    .map(|y| (alpha[t][y] + beta[t][y] - log_z).exp().clamp(0.0, 1.0))
                    .collect()
            })
            .collect()
    }
}

fn log_sum_exp(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let max = values.clone().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + values.map(|v| (v - max).exp()).sum::<f64>().ln()
}
