//! A backend's prediction for one task, checked against the schema and the
//! text, as suggestions. Anything that does not fit is named and left out.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::formats::suggestions::{RelationEnd, RelationSuggestion, Suggestion};
use crate::schema::LabelSchema;
use crate::text::Document;

/// The suggestions of one task's prediction, and what was left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MappedResults {
    pub suggestions: Vec<Suggestion>,
    /// `relation` results between regions that were kept.
    pub relations: Vec<RelationSuggestion>,
    pub problems: Vec<String>,
}

/// Maps one item of `/predict`'s `results` (`{"result": [...], "score"}`,
/// or a bare list of regions) for `document`. `source` names the backend
/// in the messages and the suggestions.
pub fn map_results(source: &str, schema: &LabelSchema, document: &Document, prediction: &Value) -> MappedResults {
    let mut mapped = MappedResults::default();
    let (regions, overall_score) = match prediction {
        Value::Object(object) => match object.get("result") {
            Some(Value::Array(regions)) => (regions.as_slice(), object.get("score").and_then(Value::as_f64)),
            _ => {
                mapped
                    .problems
                    .push(format!("{}: prediction has no \"result\" list", document.id()));
                return mapped;
            }
        },
        Value::Array(regions) => (regions.as_slice(), None),
        _ => {
            mapped
                .problems
                .push(format!("{}: prediction is neither an object nor a list", document.id()));
            return mapped;
        }
    };
    // Region id → the span its first label gives, for relations to name.
    let mut ends: std::collections::HashMap<&str, RelationEnd> = std::collections::HashMap::new();
    let mut relation_results = Vec::new();
    for (index, region) in regions.iter().enumerate() {
        let describe = |message: String| format!("{}: result {}: {message}; left out", document.id(), index + 1);
        match region.get("type").and_then(Value::as_str) {
            Some("labels") => match region_suggestion(source, schema, document, region, overall_score) {
                Ok(suggestions) => {
                    if let (Some(id), Some(first)) = (region.get("id").and_then(Value::as_str), suggestions.first()) {
                        ends.insert(
                            id,
                            RelationEnd {
                                label: first.label.clone(),
                                start: first.start,
                                end: first.end,
                            },
                        );
                    }
                    mapped.suggestions.extend(suggestions);
                }
                Err(message) => mapped.problems.push(describe(message)),
            },
            // After every region: a relation may name one listed after it.
            Some("relation") => relation_results.push((index, region)),
            Some(other) => mapped
                .problems
                .push(describe(format!("type \"{other}\" is not a text span"))),
            None => mapped.problems.push(describe("no \"type\"".to_owned())),
        }
    }
    for (index, region) in relation_results {
        match relation_suggestions(source, schema, &ends, region, overall_score) {
            Ok(relations) => mapped.relations.extend(relations),
            Err(message) => {
                mapped
                    .problems
                    .push(format!("{}: result {}: {message}; left out", document.id(), index + 1))
            }
        }
    }
    mapped
}

/// A `relation` result (`from_id`, `to_id`, `direction`, `labels`) between
/// two kept regions, one suggestion per label.
fn relation_suggestions(
    source: &str,
    schema: &LabelSchema,
    ends: &std::collections::HashMap<&str, RelationEnd>,
    region: &Value,
    overall_score: Option<f64>,
) -> Result<Vec<RelationSuggestion>, String> {
    let end = |name: &str| -> Result<&RelationEnd, String> {
        let id = region
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("relation has no {name}"))?;
        ends.get(id)
            .ok_or_else(|| format!("relation's {name} \"{id}\" is not a region that was kept"))
    };
    let (from, to) = (end("from_id")?, end("to_id")?);
    let (head, tail) = match region.get("direction").and_then(Value::as_str) {
        None | Some("right") => (from, to),
        Some("left") => (to, from),
        Some(other) => return Err(format!("relation direction \"{other}\" has no head and tail")),
    };
    let labels = labels_of(region);
    if labels.is_empty() {
        return Err("relation has no labels".to_owned());
    }
    if let Some(unknown) = labels.iter().find(|l| schema.relation(l).is_none()) {
        return Err(format!("relation label \"{unknown}\" is not in the schema"));
    }
    let score = checked_score(region, overall_score)?;
    Ok(labels
        .into_iter()
        .map(|label| RelationSuggestion {
            source: source.to_owned(),
            label: label.to_owned(),
            head: head.clone(),
            tail: tail.clone(),
            score,
        })
        .collect())
}

fn region_suggestion(
    source: &str,
    schema: &LabelSchema,
    document: &Document,
    region: &Value,
    overall_score: Option<f64>,
) -> Result<Vec<Suggestion>, String> {
    let value = region.get("value").ok_or("no \"value\"")?;
    let offset = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_u64)
            .map(|n| n as usize)
            .ok_or_else(|| format!("value.{name} is not a character offset"))
    };
    let (start, end) = (offset("start")?, offset("end")?);
    let length = document.char_len();
    if end > length {
        return Err(format!(
            "offsets {start}..{end} run past the end of the text ({length} characters)"
        ));
    }
    if start >= end {
        return Err(format!("offsets {start}..{end} are empty or reversed"));
    }
    let text = document.slice(start, end).unwrap_or_default();
    if let Some(sent) = value.get("text").and_then(Value::as_str)
        && sent != text
    {
        return Err(format!(
            "text \"{sent}\" is not the text at {start}..{end} (\"{text}\"); the offsets may not count code points"
        ));
    }
    let labels = labels_of(value);
    if labels.is_empty() {
        return Err("no labels".to_owned());
    }
    if let Some(unknown) = labels.iter().find(|l| !schema.entities.iter().any(|e| e.name == **l)) {
        return Err(format!("label \"{unknown}\" is not in the schema"));
    }
    let score = checked_score(region, overall_score)?;
    Ok(labels
        .into_iter()
        .map(|label| Suggestion {
            source: source.to_owned(),
            label: label.to_owned(),
            start,
            end,
            text: text.to_owned(),
            score,
            attributes: BTreeMap::new(),
        })
        .collect())
}

/// A result's own score, else the prediction's; refused outside 0..1.
fn checked_score(region: &Value, overall_score: Option<f64>) -> Result<Option<f64>, String> {
    let score = region.get("score").and_then(Value::as_f64).or(overall_score);
    match score {
        Some(score) if !(0.0..=1.0).contains(&score) => Err(format!("score {score} is outside 0..1")),
        _ => Ok(score),
    }
}

/// The labels a result (or its `value`) names.
fn labels_of(value: &Value) -> Vec<&str> {
    value
        .get("labels")
        .and_then(Value::as_array)
        .map(|labels| labels.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn regions_become_suggestions_and_bad_ones_are_named() {
        let schema = LabelSchema::bundled();
        let document = Document::from_text("a.txt", "Anna Rossi met Leila in Bari.");
        let prediction = json!({"score": 0.5, "result": [
            {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 10, "text": "Anna Rossi", "labels": ["PERSON"]}, "score": 0.9},
            {"id": "r2", "type": "labels", "value": {"start": 24, "end": 28, "labels": ["LOCATION"]}},
            {"id": "r3", "type": "labels", "value": {"start": 15, "end": 20, "labels": ["WIZARD"]}},
            {"id": "r4", "type": "labels", "value": {"start": 24, "end": 99, "labels": ["LOCATION"]}},
            {"type": "relation", "from_id": "r1", "to_id": "r2", "labels": ["LOCATED_IN"], "score": 0.7},
            {"type": "relation", "from_id": "r2", "to_id": "r1", "direction": "left", "labels": ["LOCATED_IN"]},
            {"type": "relation", "from_id": "r1", "to_id": "r2", "labels": ["HAUNTS"]},
            {"type": "relation", "from_id": "r1", "to_id": "r3", "labels": ["MEETS"]}
        ]});
        let mapped = map_results("ml", &schema, &document, &prediction);
        assert_eq!(mapped.suggestions.len(), 2);
        assert_eq!(mapped.suggestions[0].score, Some(0.9));
        assert_eq!(mapped.suggestions[1].text, "Bari");
        assert_eq!(mapped.suggestions[1].score, Some(0.5));
        assert_eq!(mapped.relations.len(), 2, "{:?}", mapped.relations);
        let person = RelationEnd {
            label: "PERSON".into(),
            start: 0,
            end: 10,
        };
        let place = RelationEnd {
            label: "LOCATION".into(),
            start: 24,
            end: 28,
        };
        for relation in &mapped.relations {
            assert_eq!((&relation.head, &relation.tail), (&person, &place), "{relation:?}");
            assert_eq!(relation.label, "LOCATED_IN");
        }
        assert_eq!(mapped.relations[0].score, Some(0.7));
        assert_eq!(mapped.relations[1].score, Some(0.5));
        assert_eq!(mapped.problems.len(), 4, "{:?}", mapped.problems);
        assert!(mapped.problems[0].contains("\"WIZARD\" is not in the schema"));
        assert!(mapped.problems[1].contains("past the end"));
        assert!(mapped.problems[2].contains("relation label \"HAUNTS\" is not in the schema"));
        assert!(mapped.problems[3].contains("\"r3\" is not a region that was kept"));
    }
}
