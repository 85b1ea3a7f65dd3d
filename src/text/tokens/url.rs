//! Whether a chunk left after prefixes and suffixes is a URL or an e-mail
//! address, which stays one token (the same test as spaCy's English
//! tokenizer, without its exclusion of private IP ranges, which splits
//! nothing differently).

use std::sync::LazyLock;

use regex::Regex;

static URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let host_char = r"A-Za-z0-9\u{a1}-\u{ffff}";
    let pattern = format!(
        concat!(
            r"^(?:[\w+\-.]{{2,}}://)?",
            r"(?:\S+(?::\S*)?@)?",
            r"(?:",
            r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{{1,2}}|2[0-4]\d|25[0-5])){{2}}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))",
            r"|",
            r"(?:(?:[{h}][{h}_-]{{0,62}})?[{h}]\.)+(?:[\p{{Ll}}\p{{Lo}}]{{2,63}})",
            r")",
            r"(?::\d{{2,5}})?",
            r"(?:[/?#]\S*)?$"
        ),
        h = host_char
    );
    Regex::new(&pattern).ok()
});

pub(super) fn is_url(chunk: &str) -> bool {
    URL.as_ref().is_some_and(|url| url.is_match(chunk))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_addresses_match() {
        assert!(URL.is_some());
        assert!(is_url("https://example.org/a?b=c"));
        assert!(is_url("www.example.co.uk"));
        assert!(is_url("jane.doe@example.com"));
        assert!(!is_url("minutes.Keep"));
        assert!(!is_url("hello"));
    }
}
