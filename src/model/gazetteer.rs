//! "Labelled elsewhere in the project": the texts the annotators gave a
//! label, looked up in every sequence the tagger sees. A document's own
//! entities never mark it, so the tagger cannot learn to trust a feature
//! that is always right in training and only sometimes right in use.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Longest labelled text, in tokens, that is looked up.
const MAX_TOKENS: usize = 8;

#[derive(Clone, Debug, Default)]
pub(crate) struct Gazetteer {
    /// Lower-cased token texts joined by a space → label → training
    /// documents (by index) that gave that text that label.
    entries: HashMap<String, BTreeMap<String, BTreeSet<usize>>>,
}

impl Gazetteer {
    pub(crate) fn add(&mut self, lower_words: &[String], label: &str, document: usize) {
        if lower_words.is_empty() || lower_words.len() > MAX_TOKENS {
            return;
        }
        self.entries
            .entry(lower_words.join(" "))
            .or_default()
            .entry(label.to_owned())
            .or_default()
            .insert(document);
    }

    /// The labelled-elsewhere tags of each token of a sequence;
    /// `own_document` is left out of the evidence.
    pub(crate) fn marks(&self, lower_words: &[String], own_document: Option<usize>) -> GazetteerMarks {
        let mut marks = GazetteerMarks::new(lower_words.len());
        if self.entries.is_empty() {
            return marks;
        }
        for start in 0..lower_words.len() {
            let mut key = String::new();
            for end in start + 1..=(start + MAX_TOKENS).min(lower_words.len()) {
                if end > start + 1 {
                    key.push(' ');
                }
                key.push_str(&lower_words[end - 1]);
                let Some(labels) = self.entries.get(&key) else {
                    continue;
                };
                for (label, documents) in labels {
                    if documents.iter().any(|&d| Some(d) != own_document) {
                        marks.mark(start, end, label);
                    }
                }
            }
        }
        marks
    }
}

/// Per token, the `B-`/`I-` tags of labelled texts it is part of.
#[derive(Clone, Debug, Default)]
pub(crate) struct GazetteerMarks {
    tags: Vec<Vec<String>>,
}

impl GazetteerMarks {
    pub(crate) fn new(tokens: usize) -> Self {
        Self {
            tags: vec![Vec::new(); tokens],
        }
    }

    pub(crate) fn mark(&mut self, start: usize, end: usize, label: &str) {
        for (i, tags) in self.tags.iter_mut().enumerate().take(end).skip(start) {
            let tag = format!("{}-{label}", if i == start { 'B' } else { 'I' });
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }

    pub(crate) fn tags(&self, token: usize) -> &[String] {
        self.tags.get(token).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn a_document_is_not_its_own_evidence() {
        let mut gazetteer = Gazetteer::default();
        gazetteer.add(&words("giorgia meloni"), "PERSON", 0);
        let sentence = words("then giorgia meloni said");
        assert!(gazetteer.marks(&sentence, Some(0)).tags(1).is_empty());
        let marks = gazetteer.marks(&sentence, Some(1));
        assert_eq!(marks.tags(1), ["B-PERSON"]);
        assert_eq!(marks.tags(2), ["I-PERSON"]);
        assert!(marks.tags(3).is_empty());
        assert_eq!(gazetteer.marks(&sentence, None).tags(1), ["B-PERSON"]);
    }
}
