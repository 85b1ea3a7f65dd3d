//! Cross-reference checks that serde cannot express, each reported with the
//! JSON path of the offending value.

use std::collections::HashMap;

use super::LabelSchema;
use super::label_schema::parse_hex_color;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaProblem {
    /// JSON path such as `$.relations[2].head[0]`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

pub(super) fn problems_in(schema: &LabelSchema) -> Vec<SchemaProblem> {
    let mut problems = Vec::new();
    let mut report = |path: String, message: String| problems.push(SchemaProblem { path, message });

    if schema.entities.is_empty() {
        report("$.entities".into(), "a schema needs at least one entity type".into());
    }
    let mut entity_names = HashMap::new();
    let mut hotkeys = HashMap::new();
    for (i, entity) in schema.entities.iter().enumerate() {
        let path = format!("$.entities[{i}]");
        check_name(&entity.name, &format!("{path}.name"), &mut report);
        if let Some(first) = entity_names.insert(entity.name.as_str(), i) {
            report(
                format!("{path}.name"),
                format!(
                    "duplicate entity type \"{}\" (also at $.entities[{first}])",
                    entity.name
                ),
            );
        }
        if parse_hex_color(&entity.color).is_none() {
            report(
                format!("{path}.color"),
                format!("bad color \"{}\": expected #rrggbb", entity.color),
            );
        }
        if let Some(hotkey) = &entity.hotkey {
            if hotkey.chars().count() != 1 || hotkey.chars().any(char::is_whitespace) {
                report(
                    format!("{path}.hotkey"),
                    format!("hotkey \"{hotkey}\" must be a single visible character"),
                );
            } else if let Some(first) = hotkeys.insert(hotkey.to_lowercase(), i) {
                report(
                    format!("{path}.hotkey"),
                    format!("duplicate hotkey \"{hotkey}\" (also at $.entities[{first}])"),
                );
            }
        }
    }

    let mut relation_names = HashMap::new();
    for (i, relation) in schema.relations.iter().enumerate() {
        let path = format!("$.relations[{i}]");
        check_name(&relation.name, &format!("{path}.name"), &mut report);
        if let Some(first) = relation_names.insert(relation.name.as_str(), i) {
            report(
                format!("{path}.name"),
                format!(
                    "duplicate relation type \"{}\" (also at $.relations[{first}])",
                    relation.name
                ),
            );
        }
        for (end, names) in [("head", &relation.head), ("tail", &relation.tail)] {
            if names.is_empty() {
                report(format!("{path}.{end}"), format!("{end} lists no entity type"));
            }
            for (j, name) in names.iter().enumerate() {
                if !entity_names.contains_key(name.as_str()) {
                    report(format!("{path}.{end}[{j}]"), format!("unknown entity type \"{name}\""));
                }
            }
        }
    }

    let mut attribute_names = HashMap::new();
    for (i, attribute) in schema.attributes.iter().enumerate() {
        let path = format!("$.attributes[{i}]");
        check_name(&attribute.name, &format!("{path}.name"), &mut report);
        if let Some(first) = attribute_names.insert(attribute.name.as_str(), i) {
            report(
                format!("{path}.name"),
                format!(
                    "duplicate attribute \"{}\" (also at $.attributes[{first}])",
                    attribute.name
                ),
            );
        }
        for (j, name) in attribute.entities.iter().enumerate() {
            if !entity_names.contains_key(name.as_str()) {
                report(
                    format!("{path}.entities[{j}]"),
                    format!("unknown entity type \"{name}\""),
                );
            }
        }
        if let Some(values) = &attribute.values {
            if values.is_empty() {
                report(
                    format!("{path}.values"),
                    "an empty value list; use null for a yes/no flag".into(),
                );
            }
            let mut seen = HashMap::new();
            for (j, value) in values.iter().enumerate() {
                if seen.insert(value.as_str(), j).is_some() {
                    report(format!("{path}.values[{j}]"), format!("duplicate value \"{value}\""));
                }
            }
        }
    }
    problems
}

/// Names are what the source tools allow: anything non-empty without
/// control characters ("Important Stuff", "12", "_gt_A"). Whitespace at
/// either end is refused because it cannot be told apart on screen.
fn check_name(name: &str, path: &str, report: &mut impl FnMut(String, String)) {
    let problem = if name.is_empty() {
        Some("a name must not be empty")
    } else if name.chars().any(char::is_control) {
        Some("a name must not contain control characters (tabs, line breaks, …)")
    } else if name.trim() != name {
        Some("a name must not start or end with whitespace")
    } else {
        None
    };
    if let Some(problem) = problem {
        report(path.to_owned(), format!("name {name:?}: {problem}"));
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::{LabelSchema, SchemaError};

    fn problems(json: &str) -> Vec<String> {
        match LabelSchema::from_json("s.json", json) {
            Err(SchemaError::Invalid { problems, .. }) => problems.iter().map(ToString::to_string).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let found = problems(
            r##"{"name": "t",
                "entities": [
                    {"name": "PERSON", "color": "#ff0000", "hotkey": "p"},
                    {"name": "PERSON", "color": "red", "hotkey": "P"}],
                "relations": [{"name": "MEETS", "head": ["PERSON"], "tail": ["CITY"]}]}"##,
        );
        assert_eq!(
            found,
            [
                "$.entities[1].name: duplicate entity type \"PERSON\" (also at $.entities[0])",
                "$.entities[1].color: bad color \"red\": expected #rrggbb",
                "$.entities[1].hotkey: duplicate hotkey \"P\" (also at $.entities[0])",
                "$.relations[0].tail[0]: unknown entity type \"CITY\"",
            ]
        );
    }

    #[test]
    fn names_are_anything_printable() {
        let schema = |name: &str| {
            format!(r##"{{"name": "t", "entities": [{{"name": {name:?}, "color": "#ff0000", "hotkey": "p"}}]}}"##)
        };
        for name in ["Important Stuff", "12", "_gt_A", "_question_", "Ort/Stadt"] {
            assert!(LabelSchema::from_json("s.json", &schema(name)).is_ok(), "{name}");
        }
        assert_eq!(
            problems(&schema("A\tB")),
            ["$.entities[0].name: name \"A\\tB\": a name must not contain control characters (tabs, line breaks, …)"]
        );
        assert_eq!(
            problems(&schema("")),
            ["$.entities[0].name: name \"\": a name must not be empty"]
        );
        assert_eq!(
            problems(&schema(" X")),
            ["$.entities[0].name: name \" X\": a name must not start or end with whitespace"]
        );
    }
}
