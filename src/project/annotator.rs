/// An annotator's name becomes a folder name, so it must be a safe one.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("annotator name \"{name}\" {reason}")]
pub struct AnnotatorNameError {
    pub name: String,
    pub reason: &'static str,
}

pub fn check_annotator_name(name: &str) -> Result<(), AnnotatorNameError> {
    let reason = if name.trim().is_empty() {
        Some("is empty")
    } else if name != name.trim() {
        Some("starts or ends with a space")
    } else if name.starts_with('.') {
        Some("starts with a dot")
    } else if name
        .chars()
        .any(|c| matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control())
    {
        Some("contains a character that cannot be part of a folder name")
    } else if name.chars().count() > 64 {
        Some("is longer than 64 characters")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(AnnotatorNameError {
            name: name.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_escape_the_folder_are_refused() {
        assert!(check_annotator_name("alice").is_ok());
        assert!(check_annotator_name("Zoë Martín").is_ok());
        for bad in ["", " ", "../x", "a/b", ".hidden", "a\\b"] {
            assert!(check_annotator_name(bad).is_err(), "{bad:?} accepted");
        }
    }
}
