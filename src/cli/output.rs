//! What a command prints and how it exits, as data, so that every command can
//! be checked without running the binary.

use std::process::ExitCode;

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
        print!("{}", self.stdout);
        eprint!("{}", self.stderr);
        ExitCode::from(self.exit_code)
    }
}
