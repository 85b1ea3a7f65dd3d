//! Document ids from an import become file paths in the project, so they
//! must stay inside it and not collide with Spanwright's own folders.

/// Top-level folders of a project that hold Spanwright's files, not texts.
pub(crate) const RESERVED_FOLDERS: [&str; 3] = ["annotations", "suggestions", "rejected-suggestions"];

/// The project path for document id `id`: `.txt` is added when missing.
/// Refuses ids that could escape the project or hide a file.
pub(crate) fn project_document_id(id: &str) -> Result<String, String> {
    if id.is_empty() {
        return Err("the document id is empty".into());
    }
    if id.contains('\\') {
        return Err(format!("document id \"{id}\" contains \\; separate folders with /"));
    }
    let parts: Vec<&str> = id.split('/').collect();
    for part in &parts {
        let reason = if part.is_empty() {
            Some("has an empty folder name (or starts with /)")
        } else if *part == "." || *part == ".." {
            Some("uses . or .. as a folder")
        } else if part.starts_with('.') {
            Some("names a hidden file or folder (starting with a dot)")
        } else if part
            .chars()
            .any(|c| c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        {
            Some("contains a character that cannot be part of a file name")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(format!("document id \"{id}\" {reason}"));
        }
    }
    if parts.len() > 1 && RESERVED_FOLDERS.contains(&parts[0]) {
        return Err(format!(
            "document id \"{id}\" lies in the folder {}/, which holds Spanwright's own files",
            parts[0]
        ));
    }
    Ok(if id.ends_with(".txt") {
        id.to_owned()
    } else {
        format!("{id}.txt")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_escape_or_hide_are_refused_and_txt_is_added() {
        assert_eq!(project_document_id("news/a.txt").unwrap(), "news/a.txt");
        assert_eq!(project_document_id("doc-17").unwrap(), "doc-17.txt");
        for bad in [
            "",
            "../x.txt",
            "/etc/x.txt",
            "a//b.txt",
            ".hidden.txt",
            "a\\b.txt",
            "annotations/x.txt",
        ] {
            assert!(project_document_id(bad).is_err(), "{bad:?} accepted");
        }
    }
}
