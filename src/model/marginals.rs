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
        if n == 0 || xseq.is_empty() {
            return Vec::new();
        }
        let state = self.state_scores(xseq);
        scaled_marginals(&state, &self.transitions, n)
            .unwrap_or_else(|| log_space_marginals(&state, &self.transitions, n))
    }

    /// Each token's score for each label: the sum of its attributes' weights.
    fn state_scores(&self, xseq: &[Vec<Attribute>]) -> Vec<Vec<f64>> {
        let n = self.labels.len();
        xseq.iter()
            .map(|item| {
                let mut scores = vec![0.0; n];
                for attribute in item {
                    for &(label, weight) in self.states.get(&attribute.name).map_or(&[][..], Vec::as_slice) {
                        scores[label] += weight * attribute.value;
                    }
                }
                scores
            })
            .collect()
    }
}

/// Forward-backward with probabilities rescaled at every token, as
/// CRFsuite does it: one `exp` per token and label instead of one per
/// token and pair of labels, which made tagging a 1 MB document take
/// seconds. `None` when the scores are too far apart for it (a column
/// underflows to nothing), for [`log_space_marginals`] to work out.
fn scaled_marginals(state: &[Vec<f64>], transitions: &[f64], n: usize) -> Option<Vec<Vec<f64>>> {
    let len = state.len();
    // Shifting every score of a token, or every transition, by one amount
    // scales all paths alike, which the normalising below takes out.
    let highest = |row: &[f64]| row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let top_transition = highest(transitions);
    let edge: Vec<f64> = transitions.iter().map(|w| (w - top_transition).exp()).collect();
    let node: Vec<Vec<f64>> = state
        .iter()
        .map(|row| {
            let top = highest(row);
            row.iter().map(|s| (s - top).exp()).collect()
        })
        .collect();
    let normalised = |row: &mut [f64]| -> Option<()> {
        let sum: f64 = row.iter().sum();
        if !(sum.is_finite() && sum > 0.0) {
            return None;
        }
        row.iter_mut().for_each(|v| *v /= sum);
        Some(())
    };
    let mut alpha = vec![vec![0.0; n]; len];
    alpha[0].clone_from(&node[0]);
    normalised(&mut alpha[0])?;
    for t in 1..len {
        for to in 0..n {
            let reach: f64 = (0..n).map(|from| alpha[t - 1][from] * edge[from * n + to]).sum();
            alpha[t][to] = reach * node[t][to];
        }
        normalised(&mut alpha[t])?;
    }
    let mut beta = vec![vec![1.0; n]; len];
    for t in (0..len - 1).rev() {
        for from in 0..n {
            beta[t][from] = (0..n)
                .map(|to| edge[from * n + to] * node[t + 1][to] * beta[t + 1][to])
                .sum();
        }
        normalised(&mut beta[t])?;
    }
    let mut marginals: Vec<Vec<f64>> = (0..len)
        .map(|t| (0..n).map(|y| alpha[t][y] * beta[t][y]).collect())
        .collect();
    for row in &mut marginals {
        normalised(row)?;
    }
    Some(marginals)
}

/// Forward-backward in log space: slower, but whatever the scores.
fn log_space_marginals(state: &[Vec<f64>], transitions: &[f64], n: usize) -> Vec<Vec<f64>> {
    let len = state.len();
    let mut alpha = vec![vec![0.0; n]; len];
    alpha[0].clone_from(&state[0]);
    for t in 1..len {
        for to in 0..n {
            let terms = (0..n).map(|from| alpha[t - 1][from] + transitions[from * n + to]);
            alpha[t][to] = log_sum_exp(terms) + state[t][to];
        }
    }
    let mut beta = vec![vec![0.0; n]; len];
    for t in (0..len - 1).rev() {
        for from in 0..n {
            let terms = (0..n).map(|to| transitions[from * n + to] + state[t + 1][to] + beta[t + 1][to]);
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

fn log_sum_exp(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let max = values.clone().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + values.map(|v| (v - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, for random scores.
    struct Draw(u64);

    impl Draw {
        fn next(&mut self, spread: f64) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 2.0 * spread
        }
    }

    #[test]
    fn rescaled_marginals_are_the_log_space_ones() {
        let mut draw = Draw(7);
        for case in 0..300 {
            let n = 1 + case % 9;
            let len = 1 + (case * 7) % 40;
            let spread = [0.5, 5.0, 40.0][case % 3];
            let transitions: Vec<f64> = (0..n * n).map(|_| draw.next(spread)).collect();
            let state: Vec<Vec<f64>> = (0..len).map(|_| (0..n).map(|_| draw.next(spread)).collect()).collect();
            let expected = log_space_marginals(&state, &transitions, n);
            let Some(found) = scaled_marginals(&state, &transitions, n) else {
                // Too far apart to rescale: the log-space answer is used.
                assert!(spread >= 40.0, "case {case} fell back with spread {spread}");
                continue;
            };
            for (t, (a, b)) in found.iter().zip(&expected).enumerate() {
                let sum: f64 = a.iter().sum();
                assert!((sum - 1.0).abs() < 1e-9, "case {case}, token {t}: sums to {sum}");
                for (x, y) in a.iter().zip(b) {
                    assert!((x - y).abs() < 1e-9, "case {case}, token {t}: {x} against {y}");
                }
            }
        }
    }

    #[test]
    fn scores_beyond_what_exp_can_hold_fall_back_to_log_space() {
        // exp(-800) is 0 in f64: every path through the middle token
        // underflows when rescaled.
        let transitions = vec![0.0, -800.0, -800.0, 0.0];
        let state = vec![vec![0.0, -1e6], vec![-1e6, 0.0], vec![0.0, -1e6]];
        assert!(scaled_marginals(&state, &transitions, 2).is_none());
        let found = log_space_marginals(&state, &transitions, 2);
        for row in &found {
            assert!(
                row.iter().all(|p| p.is_finite() && (0.0..=1.0).contains(p)),
                "{found:?}"
            );
        }
    }
}
