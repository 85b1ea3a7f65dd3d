//! How much one training learns from. The trainer keeps every token's
//! features in memory (about 860 bytes a token) and its passes grow with
//! the tokens, so a training learns from at most a budget of tokens: a
//! 1 MB document alone is about 200,000. Under the budget every sentence
//! counts; over it, sentences holding a rejected suggestion are always
//! kept (they are what the annotator corrected) and the rest are taken
//! evenly across the documents, so that every part of the project is
//! represented and the same annotations always give the same selection.

/// The tokens one training learns from, at most, by default: what keeps
/// the trainer's copy of the features near 25 MB.
pub const TRAINING_TOKEN_BUDGET: usize = 30_000;

/// One sentence as the budget sees it: its tokens and whether it holds a
/// rejected suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub tokens: usize,
    pub rejected: bool,
}

/// Which of `candidates` a training within `budget` tokens learns from.
pub fn select_within_budget(candidates: &[Candidate], budget: usize) -> Vec<bool> {
    let total: usize = candidates.iter().map(|c| c.tokens).sum();
    if total <= budget {
        return vec![true; candidates.len()];
    }
    let corrected: usize = candidates.iter().filter(|c| c.rejected).map(|c| c.tokens).sum();
    let rest = total - corrected;
    let room = budget.saturating_sub(corrected);
    // Bresenham's way of spreading `room` tokens of `rest` evenly: a
    // sentence is taken when the tokens taken with it stay within the
    // running share of the tokens seen so far, which ends at `room`.
    let mut seen = 0usize;
    let mut taken = 0usize;
    candidates
        .iter()
        .map(|candidate| {
            if candidate.rejected {
                return true;
            }
            seen += candidate.tokens;
            let due = seen as u128 * room as u128 / rest.max(1) as u128;
            let take = (taken + candidate.tokens) as u128 <= due;
            if take {
                taken += candidate.tokens;
            }
            take
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(tokens: usize) -> Candidate {
        Candidate {
            tokens,
            rejected: false,
        }
    }

    #[test]
    fn under_the_budget_every_sentence_counts() {
        let candidates = vec![plain(10); 5];
        assert_eq!(select_within_budget(&candidates, 50), vec![true; 5]);
    }

    #[test]
    fn over_the_budget_sentences_are_taken_evenly_up_to_it() {
        let candidates = vec![plain(20); 1_000];
        let kept = select_within_budget(&candidates, 5_000);
        let tokens: usize = kept.iter().filter(|&&k| k).count() * 20;
        assert!((4_900..=5_000).contains(&tokens), "{tokens} tokens kept");
        // Evenly: every tenth of the sentences holds about a tenth of them.
        for part in kept.chunks(100) {
            let count = part.iter().filter(|&&k| k).count();
            assert!((24..=26).contains(&count), "{count} of a tenth kept");
        }
    }

    #[test]
    fn corrected_sentences_are_always_kept() {
        let mut candidates = vec![plain(20); 100];
        for i in [3, 50, 99] {
            candidates[i].rejected = true;
        }
        let kept = select_within_budget(&candidates, 200);
        for i in [3, 50, 99] {
            assert!(kept[i]);
        }
        let tokens: usize = kept
            .iter()
            .zip(&candidates)
            .filter(|(k, _)| **k)
            .map(|(_, c)| c.tokens)
            .sum();
        assert!(tokens <= 200, "{tokens} tokens kept");
        // Even when they alone are over the budget.
        assert_eq!(select_within_budget(&candidates, 10).iter().filter(|&&k| k).count(), 3);
    }

    #[test]
    fn the_same_sentences_give_the_same_selection() {
        let candidates: Vec<Candidate> = (0..500).map(|i| plain(5 + i % 37)).collect();
        assert_eq!(
            select_within_budget(&candidates, 3_000),
            select_within_budget(&candidates, 3_000)
        );
    }
}
