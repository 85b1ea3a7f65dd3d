//! `annotation.conf` and `visual.conf` for a schema.

use super::brat_name;
use std::fmt::Write as _;

use crate::schema::LabelSchema;

pub(super) fn annotation_conf(schema: &LabelSchema) -> String {
    let mut conf = format!(
        "# The label schema \"{}\" as brat configuration.\n",
        one_line(&schema.name)
    );
    conf.push_str("[entities]\n");
    for entity in &schema.entities {
        let _ = writeln!(conf, "{}", brat_name(&entity.name));
    }
    conf.push_str("[relations]\n");
    for relation in &schema.relations {
        let (mut heads, mut tails) = (relation.head.clone(), relation.tail.clone());
        if relation.symmetric {
            // Either end may come first in a symmetric relation.
            for name in relation.head.iter().chain(&relation.tail) {
                if !heads.contains(name) {
                    heads.push(name.clone());
                }
                if !tails.contains(name) {
                    tails.push(name.clone());
                }
            }
        }
        let _ = writeln!(
            conf,
            "{}\tArg1:{}, Arg2:{}",
            brat_name(&relation.name),
            heads.iter().map(|h| brat_name(h)).collect::<Vec<_>>().join("|"),
            tails.iter().map(|t| brat_name(t)).collect::<Vec<_>>().join("|")
        );
    }
    if schema.allow_overlap {
        conf.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    }
    conf.push_str("[events]\n[attributes]\n");
    for attribute in &schema.attributes {
        let _ = write!(conf, "{}\tArg:{}", attribute.name, attribute.entities.join("|"));
        if let Some(values) = &attribute.values {
            let _ = write!(conf, ", Value:{}", values.join("|"));
        }
        conf.push('\n');
    }
    conf
}

pub(super) fn visual_conf(schema: &LabelSchema) -> String {
    let mut conf = String::from("[labels]\n[drawing]\n");
    for entity in &schema.entities {
        let _ = writeln!(conf, "{}\tbgColor:{}", brat_name(&entity.name), entity.color);
    }
    conf
}

fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conf_declares_types_relations_and_attributes() {
        let conf = annotation_conf(&LabelSchema::bundled());
        assert!(conf.contains("[entities]\nPERSON\nORG\n"));
        assert!(conf.contains("HOLDS_ROLE\tArg1:PERSON, Arg2:ROLE\n"));
        assert!(conf.contains("stage\tArg:AGREEMENT, Value:proposed|announced|signed|in_force\n"));
        assert!(conf.contains("estimated\tArg:MONEY|PEOPLE_COUNT\n"));
        assert!(conf.contains("<OVERLAP>"));
    }
}
