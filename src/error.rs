//! Errors that reach the user, and the exit codes they map to.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file something is wrong. Lines and columns count from 1;
/// a column of 0 means the whole line, a line of 0 the whole file. In a
/// workbook, `sheet` names the sheet and the line is the spreadsheet row, so
/// the place reads as Excel shows it: `lai-chau.xlsx, sheet gaps, cell C14`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn file(file: &Path) -> Location {
        Location {
            file: file.to_path_buf(),
            sheet: None,
            line: 0,
            column: 0,
        }
    }

    pub fn at(file: &Path, line: usize, column: usize) -> Location {
        Location {
            file: file.to_path_buf(),
            sheet: None,
            line,
            column,
        }
    }

    /// A place in a workbook's sheet: row and column count from 1, as in
    /// [`Location::at`]; 0 means the whole row or the whole sheet.
    pub fn in_sheet(file: &Path, sheet: &str, row: usize, column: usize) -> Location {
        Location {
            file: file.to_path_buf(),
            sheet: Some(sheet.to_string()),
            line: row,
            column,
        }
    }
}

/// A spreadsheet column's letters: 1 is `A`, 27 is `AA`.
pub fn column_letters(column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet {sheet}")?;
            match (self.line, self.column) {
                (0, _) => {}
                (row, 0) => write!(f, ", row {row}")?,
                (row, column) => write!(f, ", cell {}{row}", column_letters(column))?,
            }
            return Ok(());
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_in_excel() {
        let letters: Vec<String> = [1, 2, 26, 27, 52, 53, 702, 703]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(letters, ["A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn a_sheet_place_reads_as_a_cell() {
        let at = Location::in_sheet(Path::new("lai-chau.xlsx"), "gaps", 14, 3);
        assert_eq!(at.to_string(), "lai-chau.xlsx, sheet gaps, cell C14");
        let row = Location::in_sheet(Path::new("a.xlsx"), "gaps", 2, 0);
        assert_eq!(row.to_string(), "a.xlsx, sheet gaps, row 2");
    }
}

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
