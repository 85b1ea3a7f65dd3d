//! What a command prints and how it exits, as data, so that every command can
//! be checked without running the binary.

use std::borrow::Cow;
use std::process::ExitCode;

/// `text` with every control character but line breaks and tabs written as
/// an escape (`\u{1b}` for ESC, `\0` for NUL), so that ids, labels and file
/// names taken from files can neither drive the terminal nor hide text.
/// Everything a command prints goes through here.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\0' => safe.push_str("\\0"),
            '\r' => safe.push_str("\\r"),
            c if unsafe_char(c) => safe.extend(c.escape_unicode()),
            c => safe.push(c),
        }
    }
    Cow::Owned(safe)
}

/// Prints `text` on standard output, made [`terminal_safe`].
pub fn print_out(text: &str) {
    print!("{}", terminal_safe(text));
}

/// Prints `text` on standard error, made [`terminal_safe`].
pub fn print_err(text: &str) {
    eprint!("{}", terminal_safe(text));
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    /// 0 success, 1 "the check found problems", 2 the command could not run.
    pub exit_code: u8,
}

impl CommandOutput {
    /// An error that stopped the command, printed the way every command does.
    pub fn failure(message: impl std::fmt::Display) -> Self {
        Self {
            stdout: String::new(),
            stderr: format!("spanwright: {message}\n"),
            exit_code: 2,
        }
    }

    /// Prints the output and returns the exit code.
    pub fn emit(&self) -> ExitCode {
        print_out(&self.stdout);
        print_err(&self.stderr);
        ExitCode::from(self.exit_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_line_breaks_kept() {
        assert_eq!(terminal_safe("a\u{1b}[31mb\0c\r\nd\te"), "a\\u{1b}[31mb\\0c\\r\nd\te");
        assert_eq!(terminal_safe("\u{9b}x\u{7f}"), "\\u{9b}x\\u{7f}");
        assert!(matches!(terminal_safe("plain «ü» 🚤"), Cow::Borrowed(_)));
    }
}
