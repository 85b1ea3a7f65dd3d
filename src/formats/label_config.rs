//! The Label Studio labelling config that matches a schema: labels with
//! their colours and hotkeys, relation types, and per-region controls for
//! attributes, notes and comments.

use std::fmt::Write as _;

use crate::schema::LabelSchema;

/// Control names the tasks' results refer to.
pub(crate) const LABELS: &str = "label";
pub(crate) const TEXT: &str = "text";
pub(crate) const NOTE: &str = "note";
pub(crate) const COMMENT: &str = "comment";
pub(crate) const RESERVED: [&str; 4] = [LABELS, TEXT, NOTE, COMMENT];

pub(crate) fn label_config(schema: &LabelSchema) -> String {
    let mut xml = String::from("<View>\n");
    if !schema.relations.is_empty() {
        xml.push_str("  <Relations>\n");
        for relation in &schema.relations {
            let _ = writeln!(xml, "    <Relation value=\"{}\"/>", escape(&relation.name));
        }
        xml.push_str("  </Relations>\n");
    }
    let _ = writeln!(xml, "  <Labels name=\"{LABELS}\" toName=\"{TEXT}\">");
    for entity in &schema.entities {
        let hotkey = entity
            .hotkey
            .as_deref()
            .map(|key| format!(" hotkey=\"{}\"", escape(key)))
            .unwrap_or_default();
        let _ = writeln!(
            xml,
            "    <Label value=\"{}\" background=\"{}\"{hotkey}/>",
            escape(&entity.name),
            escape(&entity.color)
        );
    }
    xml.push_str("  </Labels>\n");
    let _ = writeln!(xml, "  <Text name=\"{TEXT}\" value=\"${TEXT}\"/>");
    xml.push_str("  <View visibleWhen=\"region-selected\">\n");
    for attribute in &schema.attributes {
        let name = escape(&attribute.name);
        let _ = writeln!(
            xml,
            "    <Header value=\"{name} ({})\"/>",
            escape(&attribute.entities.join(", "))
        );
        let _ = writeln!(
            xml,
            "    <Choices name=\"{name}\" toName=\"{TEXT}\" perRegion=\"true\" choice=\"single\">"
        );
        let values: Vec<&str> = match &attribute.values {
            Some(values) => values.iter().map(String::as_str).collect(),
            None => vec!["true", "false"],
        };
        for value in values {
            let _ = writeln!(xml, "      <Choice value=\"{}\"/>", escape(value));
        }
        xml.push_str("    </Choices>\n");
    }
    for name in [NOTE, COMMENT] {
        let _ = writeln!(xml, "    <Header value=\"{name}\"/>");
        let _ = writeln!(
            xml,
            "    <TextArea name=\"{name}\" toName=\"{TEXT}\" perRegion=\"true\" editable=\"true\" maxSubmissions=\"1\"/>"
        );
    }
    xml.push_str("  </View>\n</View>\n");
    xml
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_lists_every_label_relation_and_attribute() {
        let schema = LabelSchema::bundled();
        let xml = label_config(&schema);
        for entity in &schema.entities {
            assert!(xml.contains(&format!(
                "<Label value=\"{}\" background=\"{}\"",
                entity.name, entity.color
            )));
        }
        for relation in &schema.relations {
            assert!(xml.contains(&format!("<Relation value=\"{}\"/>", relation.name)));
        }
        assert!(xml.contains("<Choices name=\"stage\" toName=\"text\" perRegion=\"true\""));
        assert!(xml.contains("<Choice value=\"in_force\"/>"));
        assert!(xml.contains("<Text name=\"text\" value=\"$text\"/>"));
    }
}
