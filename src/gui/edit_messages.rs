//! What the status bar says after a relabel or a deletion: what went with
//! it, so that nothing is lost without the user being told.

use crate::annotations::Edit;

const UNDO_HINT: &str = "Ctrl+Z brings them back";

/// "Relabelled to EVENT: removed 1 relation, 1 attribute — Ctrl+Z brings
/// them back", for an edit made by `relabel_entity_edit`.
pub fn relabelled(edit: &Edit) -> String {
    let parts = match edit {
        Edit::Batch(parts) => parts.as_slice(),
        single => std::slice::from_ref(single),
    };
    let mut relations = 0;
    let mut attributes = 0;
    let mut label = String::new();
    for part in parts {
        match part {
            Edit::RemoveRelation(_) => relations += 1,
            Edit::ChangeEntity { before, after } => {
                label = after.label.clone();
                attributes += before
                    .attributes
                    .keys()
                    .filter(|name| !after.attributes.contains_key(*name))
                    .count();
            }
            _ => {}
        }
    }
    let lost = [counted(relations, "relation"), counted(attributes, "attribute")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    if lost.is_empty() {
        format!("Relabelled to {label}")
    } else {
        format!("Relabelled to {label}: removed {} — {UNDO_HINT}", lost.join(", "))
    }
}

/// "Deleted PERSON e3 and 2 relations — Ctrl+Z brings them back".
pub fn deleted(edit: &Edit) -> String {
    match edit {
        Edit::RemoveEntity { entity, relations } => match counted(relations.len(), "relation") {
            Some(relations) => format!("Deleted {} {} and {relations} — {UNDO_HINT}", entity.label, entity.id),
            None => format!("Deleted {} {} — Ctrl+Z brings it back", entity.label, entity.id),
        },
        Edit::RemoveRelation(relation) => {
            format!("Deleted {} {} — Ctrl+Z brings it back", relation.label, relation.id)
        }
        other => format!("Did: {}", other.describe()),
    }
}

/// A step's description for "Undid …": a first edit that also started the
/// work on a document is told as the edit itself.
pub fn described(edit: &Edit) -> String {
    match edit {
        Edit::Batch(parts) => match parts.as_slice() {
            [only, Edit::SetStatus { .. }] | [Edit::SetStatus { .. }, only] => only.describe(),
            _ => edit.describe(),
        },
        _ => edit.describe(),
    }
}

fn counted(count: usize, thing: &str) -> Option<String> {
    match count {
        0 => None,
        1 => Some(format!("1 {thing}")),
        n => Some(format!("{n} {thing}s")),
    }
}
