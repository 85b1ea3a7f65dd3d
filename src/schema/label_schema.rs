use serde::{Deserialize, Serialize};

use super::validate::{SchemaProblem, problems_in};

/// The schema that ships with Spanwright, used when a project has none.
const BUNDLED_NEWS_SCHEMA: &str = include_str!("../../schemas/news-migration.json");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSchema {
    pub name: String,
    pub entities: Vec<EntityType>,
    #[serde(default)]
    pub relations: Vec<RelationType>,
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
    #[serde(default)]
    pub allow_overlap: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityType {
    pub name: String,
    pub color: String,
    #[serde(default)]
    pub hotkey: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationType {
    pub name: String,
    pub head: Vec<String>,
    pub tail: Vec<String>,
    #[serde(default)]
    pub symmetric: bool,
    #[serde(default)]
    pub description: String,
}

/// An attribute on entities: a yes/no flag when `values` is `None`, else one
/// of the listed values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    pub name: String,
    pub entities: Vec<String>,
    #[serde(default)]
    pub values: Option<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("{file}:{line}:{column}: invalid label schema JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: invalid label schema:\n{}", format_problems(.problems))]
    Invalid { file: String, problems: Vec<SchemaProblem> },
    #[error("{file}: cannot read: {source}")]
    Unreadable {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

fn format_problems(problems: &[SchemaProblem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

impl LabelSchema {
    /// Parses and validates a schema; `file` names it in every error.
    pub fn from_json(file: &str, json: &str) -> Result<Self, SchemaError> {
        let schema: Self = serde_json::from_str(json).map_err(|err| SchemaError::Json {
            file: file.to_owned(),
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        })?;
        let problems = problems_in(&schema);
        if problems.is_empty() {
            Ok(schema)
        } else {
            Err(SchemaError::Invalid {
                file: file.to_owned(),
                problems,
            })
        }
    }

    pub fn load(path: &std::path::Path) -> Result<Self, SchemaError> {
        let file = path.display().to_string();
        let json = std::fs::read_to_string(path).map_err(|source| SchemaError::Unreadable {
            file: file.clone(),
            source,
        })?;
        Self::from_json(&file, &json)
    }

    /// The bundled news-on-migration schema.
    pub fn bundled() -> Self {
        Self::from_json("schemas/news-migration.json", BUNDLED_NEWS_SCHEMA)
            .expect("the bundled schema is checked by the test suite")
    }

    pub fn entity(&self, name: &str) -> Option<&EntityType> {
        self.entities.iter().find(|e| e.name == name)
    }

    pub fn relation(&self, name: &str) -> Option<&RelationType> {
        self.relations.iter().find(|r| r.name == name)
    }

    pub fn attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The entity type whose hotkey is `key` (case-insensitive).
    pub fn entity_for_hotkey(&self, key: &str) -> Option<&EntityType> {
        self.entities.iter().find(|e| {
            e.hotkey
                .as_deref()
                .is_some_and(|hotkey| hotkey.eq_ignore_ascii_case(key))
        })
    }

    /// Relation types allowed from an entity of type `head` to one of type
    /// `tail`; a symmetric type is allowed either way round.
    pub fn relations_between(&self, head: &str, tail: &str) -> Vec<&RelationType> {
        self.relations.iter().filter(|r| r.allows(head, tail)).collect()
    }

    /// Attributes that apply to entities of type `label`.
    pub fn attributes_for(&self, label: &str) -> Vec<&AttributeDef> {
        self.attributes
            .iter()
            .filter(|a| a.entities.iter().any(|e| e == label))
            .collect()
    }
}

impl RelationType {
    pub fn allows(&self, head: &str, tail: &str) -> bool {
        let forward = self.head.iter().any(|h| h == head) && self.tail.iter().any(|t| t == tail);
        let backward = self.head.iter().any(|h| h == tail) && self.tail.iter().any(|t| t == head);
        forward || (self.symmetric && backward)
    }
}

impl EntityType {
    /// The colour as RGB; validation guarantees the `#rrggbb` form.
    pub fn rgb(&self) -> [u8; 3] {
        parse_hex_color(&self.color).unwrap_or([128, 128, 128])
    }
}

pub(super) fn parse_hex_color(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_schema_has_the_news_types() {
        let schema = LabelSchema::bundled();
        for name in [
            "PERSON",
            "ORG",
            "COUNTRY",
            "LOCATION",
            "ROLE",
            "EVENT",
            "DATE",
            "MONEY",
            "PEOPLE_COUNT",
            "AGREEMENT",
        ] {
            assert!(schema.entity(name).is_some(), "missing {name}");
        }
        let between = schema.relations_between("PERSON", "ROLE");
        assert_eq!(between.len(), 1);
        assert_eq!(between[0].name, "HOLDS_ROLE");
        assert!(schema.relations_between("ROLE", "PERSON").is_empty());
        assert!(
            schema
                .relations_between("COUNTRY", "PERSON")
                .iter()
                .any(|r| r.name == "MEETS")
        );
    }

    #[test]
    fn invalid_json_names_file_line_and_column() {
        let err = LabelSchema::from_json("s.json", "{\n  \"name\": \"x\",\n  oops\n}").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("s.json:3:3: invalid label schema JSON"),
            "{message}"
        );
    }
}
