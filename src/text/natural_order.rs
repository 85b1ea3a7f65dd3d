//! "doc2" before "doc10": the order people expect in a file list.

use std::cmp::Ordering;

/// Compares runs of digits by value and everything else by character,
/// case-insensitively first and exactly as a tie-break, so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let mut left = a.chars().peekable();
    let mut right = b.chars().peekable();
    loop {
        match (left.peek().copied(), right.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let x_run = take_digits(&mut left);
                let y_run = take_digits(&mut right);
                let x_trimmed = x_run.trim_start_matches('0');
                let y_trimmed = y_run.trim_start_matches('0');
                let by_value = x_trimmed
                    .len()
                    .cmp(&y_trimmed.len())
                    .then_with(|| x_trimmed.cmp(y_trimmed));
                if by_value != Ordering::Equal {
                    return by_value;
                }
            }
            (Some(x), Some(y)) => {
                let by_char = x.to_lowercase().cmp(y.to_lowercase());
                if by_char != Ordering::Equal {
                    return by_char;
                }
                left.next();
                right.next();
            }
        }
    }
}

fn take_digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut run = String::new();
    while let Some(c) = chars.peek().copied().filter(char::is_ascii_digit) {
        run.push(c);
        chars.next();
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_by_value() {
        let mut names = vec!["doc10.txt", "Doc2.txt", "doc1.txt", "a/doc3.txt"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["a/doc3.txt", "doc1.txt", "Doc2.txt", "doc10.txt"]);
    }
}
