//! Token-level labels, the units of Cohen's and Fleiss' kappa and
//! Krippendorff's alpha.
//!
//! Tokens come from [`crate::text::tokenize`]. An entity covers a token when
//! the token lies wholly inside it (`entity.start <= token.start` and
//! `token.end <= entity.end`); an entity that cuts through a token does not
//! label it. Where several entities cover a token, the longest wins; between
//! equally long ones the earlier start, then the label first in alphabetical
//! order. A token no entity covers is `O`. There are no B-/I- prefixes.

use crate::annotations::AnnotationSet;
use crate::text::Token;

/// The label of tokens outside every entity.
pub const OUTSIDE: &str = "O";

/// The label of each token, in token order.
pub fn token_labels<'a>(tokens: &[Token], set: &'a AnnotationSet) -> Vec<&'a str> {
    tokens
        .iter()
        .map(|token| {
            set.entities_overlapping(token.start, token.end)
                .filter(|e| e.start <= token.start && token.end <= e.end)
                .min_by(|a, b| {
                    (b.end - b.start)
                        .cmp(&(a.end - a.start))
                        .then(a.start.cmp(&b.start))
                        .then(a.label.cmp(&b.label))
                })
                .map_or(OUTSIDE, |e| e.label.as_str())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::{Entity, Status};
    use crate::text::tokenize;

    #[test]
    fn longest_covering_entity_labels_the_token_and_cut_tokens_stay_outside() {
        let text = "The G7 summit in Rome ended.";
        let set = AnnotationSet::from_parts(
            vec![
                // "G7 summit in Rome": the longest, wins over ORG and LOCATION inside it
                Entity::new("e1", "EVENT", 4, 21),
                Entity::new("e2", "ORG", 4, 6),
                Entity::new("e3", "LOCATION", 17, 21),
                // "ende": cuts the token "ended", so it labels nothing
                Entity::new("e4", "DATE", 22, 26),
            ],
            vec![],
            Status::Todo,
        );
        let labels = token_labels(&tokenize(text), &set);
        assert_eq!(labels, ["O", "EVENT", "EVENT", "EVENT", "EVENT", "O", "O"]);
    }
}
