//! Errors that reach the user, and the exit codes they map to.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::lang::Lang;

/// A message in English and, where it has been written, in Vietnamese: an
/// error is shown in the reader's language (`--lang`, else the scenario's
/// `language`), which the place that finds it may not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub vi: Option<String>,
    pub en: String,
}

impl Text {
    pub fn both(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            vi: Some(vi.into()),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.vi) {
            (Lang::Vi, Some(vi)) => vi,
            _ => &self.en,
        }
    }

    /// `prefix` before both languages' texts.
    pub fn prefixed(self, prefix: &str) -> Text {
        Text {
            vi: self.vi.map(|vi| format!("{prefix}{vi}")),
            en: format!("{prefix}{}", self.en),
        }
    }
}

/// The English text, for logs and tests; a reader gets [`Text::get`].
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl From<String> for Text {
    fn from(en: String) -> Text {
        Text { vi: None, en }
    }
}

impl From<&str> for Text {
    fn from(en: &str) -> Text {
        Text {
            vi: None,
            en: en.to_string(),
        }
    }
}

/// A [`Text`] from a Vietnamese and an English format string, each with
/// its arguments captured as `format!` does.
#[macro_export]
macro_rules! text {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::error::Text::both(format!($vi), format!($en))
    };
}

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

impl Location {
    /// The place as a reader of `lang` reads it.
    pub fn show(&self, lang: Lang) -> String {
        let mut shown = self.file.display().to_string();
        if let Some(sheet) = &self.sheet {
            let (sheet_word, row_word, cell_word) = match lang {
                Lang::Vi => ("trang tính", "dòng", "ô"),
                Lang::En => ("sheet", "row", "cell"),
            };
            shown.push_str(&format!(", {sheet_word} {sheet}"));
            match (self.line, self.column) {
                (0, _) => {}
                (row, 0) => shown.push_str(&format!(", {row_word} {row}")),
                (row, column) => {
                    shown.push_str(&format!(", {cell_word} {}{row}", column_letters(column)));
                }
            }
        } else if self.line > 0 {
            shown.push_str(&format!(":{}", self.line));
            if self.column > 0 {
                shown.push_str(&format!(":{}", self.column));
            }
        }
        shown
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet.is_some() {
            return write!(f, "{}", self.show(Lang::En));
        }
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

/// Bad input: one message naming the place, like a compiler's, shown in
/// `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub location: Location,
    /// The message in English.
    pub message: String,
    /// The message in Vietnamese, where it has been written.
    pub message_vi: Option<String>,
    pub lang: Lang,
}

impl InputError {
    pub fn new(location: Location, message: impl Into<Text>) -> InputError {
        let text = message.into();
        InputError {
            location,
            message: text.en,
            message_vi: text.vi,
            lang: Lang::En,
        }
    }

    /// The same error, shown in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> InputError {
        self.lang = lang;
        self
    }

    /// The message alone, in the error's language.
    pub fn text(&self) -> &str {
        match (self.lang, &self.message_vi) {
            (Lang::Vi, Some(vi)) => vi,
            _ => &self.message,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location.show(self.lang), self.text())
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
