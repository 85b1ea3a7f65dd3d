//! The current document as each compared annotator annotated it, and the
//! comparison of their versions.

use crate::agreement::{Comparison, Source};
use crate::annotations::{AnnotationFile, AnnotationSet, check_against};
use crate::project::{OpenDocument, Project};
use crate::text::Document;

/// The window's own annotations as they are in memory, taken along to a
/// background comparison.
pub struct OwnVersion {
    annotator: String,
    document: Document,
    set: AnnotationSet,
    generation: u64,
    read_only: Option<String>,
}

impl OwnVersion {
    pub fn of(open: &OpenDocument) -> Self {
        Self {
            annotator: open.annotator().to_owned(),
            document: open.document().clone(),
            set: open.set().clone(),
            generation: open.generation(),
            read_only: open.read_only_reason().map(str::to_owned),
        }
    }
}

pub struct CompareData {
    pub doc_id: String,
    /// The annotators asked for, in order.
    pub asked: Vec<String>,
    pub document: Document,
    pub comparison: Comparison,
    /// Annotators asked for with no annotations of this document.
    pub absent: Vec<String>,
    /// Files left out, each with its reason.
    pub skipped: Vec<String>,
    /// The generation of the window's own document when this was built: the
    /// own annotations are compared as they are in memory.
    pub own_generation: Option<u64>,
    pub tags: Tags,
}

impl CompareData {
    /// Compares `annotators`' files for `doc_id`; `own` is the window's own
    /// open document, used instead of its file when its annotator is asked.
    pub fn load(
        project: &Project,
        doc_id: &str,
        annotators: &[String],
        own: Option<OwnVersion>,
    ) -> Result<Self, String> {
        let own = own.as_ref();
        let document = match own {
            Some(open) => open.document.clone(),
            None => project.load_text(doc_id).map_err(|err| err.to_string())?,
        };
        let mut sources = Vec::new();
        let mut absent = Vec::new();
        let mut skipped = Vec::new();
        let mut own_generation = None;
        for annotator in annotators {
            let path = project.annotation_path(annotator, doc_id);
            if let Some(open) = own.filter(|o| o.annotator == *annotator) {
                own_generation = Some(open.generation);
                if let Some(reason) = &open.read_only {
                    skipped.push(reason.clone());
                } else if open.set.is_empty() && !path.exists() {
                    absent.push(annotator.clone());
                } else {
                    sources.push(Source {
                        annotator: annotator.clone(),
                        set: open.set.clone(),
                    });
                }
                continue;
            }
            if !path.exists() {
                absent.push(annotator.clone());
                continue;
            }
            let name = project.annotation_file_name(annotator, doc_id);
            let file = match AnnotationFile::load(&path, &name) {
                Ok(file) => file,
                Err(err) => {
                    skipped.push(err.to_string());
                    continue;
                }
            };
            if let Some(problem) = check_against(&name, &file, &document, project.schema()).first() {
                skipped.push(problem.to_string());
                continue;
            }
            sources.push(Source {
                annotator: annotator.clone(),
                set: file.to_set(),
            });
        }
        let comparison = Comparison::new(&sources, project.schema());
        let tags = Tags::new(&comparison.annotators);
        Ok(Self {
            doc_id: doc_id.to_owned(),
            asked: annotators.to_vec(),
            document,
            comparison,
            absent,
            skipped,
            own_generation,
            tags,
        })
    }
}

/// Short, distinct initials for annotators ("alice" A, "bob" B; "anna" and
/// "alice" An and Al), shown on annotations not everyone has.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags {
    names: Vec<(String, String)>,
}

impl Tags {
    pub fn new(annotators: &[String]) -> Self {
        let longest = annotators.iter().map(|a| a.chars().count()).max().unwrap_or(0);
        let prefix = |name: &str, n: usize| name.chars().take(n).collect::<String>();
        let length = (1..=longest.max(1))
            .find(|&n| {
                let mut seen: Vec<String> = annotators.iter().map(|a| prefix(a, n)).collect();
                seen.sort();
                seen.dedup();
                seen.len() == annotators.len()
            })
            .unwrap_or(longest);
        let names = annotators
            .iter()
            .map(|a| {
                let short = prefix(a, length);
                let mut chars = short.chars();
                let tag = chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                (a.clone(), tag)
            })
            .collect();
        Self { names }
    }

    pub fn of<'a>(&'a self, annotator: &'a str) -> &'a str {
        self.names
            .iter()
            .find(|(name, _)| name == annotator)
            .map_or(annotator, |(_, tag)| tag.as_str())
    }

    /// The tags of several annotators run together: "AB".
    pub fn joined(&self, annotators: &[String]) -> String {
        annotators.iter().map(|a| self.of(a)).collect::<Vec<_>>().join("")
    }

    pub fn all(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(|(name, tag)| (name.as_str(), tag.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn tags_are_the_shortest_distinct_initials() {
        let tags = Tags::new(&names(&["alice", "bob"]));
        assert_eq!((tags.of("alice"), tags.of("bob")), ("A", "B"));
        let tags = Tags::new(&names(&["alice", "anna", "bob"]));
        assert_eq!((tags.of("alice"), tags.of("anna"), tags.of("bob")), ("Al", "An", "Bo"));
        assert_eq!(tags.joined(&names(&["bob", "alice"])), "BoAl");
        let tags = Tags::new(&names(&["al", "alice"]));
        assert_eq!((tags.of("al"), tags.of("alice")), ("Al", "Ali"));
    }
}
