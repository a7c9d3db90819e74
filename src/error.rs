//! Errors that reach the user, and the exit codes they map to.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file something is wrong. Lines and columns count from 1;
/// a column of 0 means the whole line, a line of 0 the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn file(file: &Path) -> Location {
        Location {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
        }
    }

    pub fn at(file: &Path, line: usize, column: usize) -> Location {
        Location {
            file: file.to_path_buf(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// Bad input: one message naming the place, like a compiler's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub location: Location,
    pub message: String,
}

impl InputError {
    pub fn new(location: Location, message: impl Into<String>) -> InputError {
        InputError {
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for InputError {}

/// Process exit codes, part of the command-line contract.
pub mod exit {
    pub const OK: i32 = 0;
    /// Anything other than bad input: an output folder that cannot be written,
    /// a solver failure.
    pub const FAILURE: i32 = 1;
    pub const BAD_INPUT: i32 = 2;
    pub const TARGETS_UNREACHABLE: i32 = 3;
    pub const PLAN_BREAKS_RULES: i32 = 4;
}
