use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

/// Which check found something (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    File,
    Schema,
    Duplicate,
    ForbiddenRelation,
    EdgeCharacter,
    TokenBoundary,
    DoneWithoutAnnotations,
    Inconsistent,
}

impl Check {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Schema => "schema",
            Self::Duplicate => "duplicate",
            Self::ForbiddenRelation => "forbidden_relation",
            Self::EdgeCharacter => "edge_character",
            Self::TokenBoundary => "token_boundary",
            Self::DoneWithoutAnnotations => "done_without_annotations",
            Self::Inconsistent => "inconsistent",
        }
    }
}

/// One thing a check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: Check,
    pub severity: Severity,
    /// The annotation file, relative to the project, with `/`.
    pub file: String,
    /// The document id (the text's path); empty when the file names none
    /// that exists.
    pub document: String,
    pub annotator: String,
    /// The entity or relation id.
    pub item: Option<String>,
    /// Code-point offsets to show: the entity, or the stretch from a
    /// relation's first end to its last.
    pub span: Option<(usize, usize)>,
    /// Line and column in the file, for a file that is not valid JSON.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl Finding {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Finding {
    /// `file: item: message`, or `file:line:column: message`, the same form
    /// as [`crate::annotations::Problem`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.position, &self.item) {
            (Some((line, column)), _) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            (None, Some(item)) => write!(f, "{}: {item}: {}", self.file, self.message),
            (None, None) => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
