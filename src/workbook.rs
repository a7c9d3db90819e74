//! Reading tables from an Excel workbook (`.xlsx`).
//!
//! A workbook is read as the planner sees it: a sheet is a table, a row a
//! record, and every message names the workbook, the sheet and the cell
//! (`lai-chau.xlsx, sheet gaps, cell C14`). What a sheet can hold that a CSV
//! file cannot is refused rather than guessed at, each with its cell:
//! - a formula: the tool reads values, and a formula's saved value may be
//!   stale or missing (a workbook written by a program often has none);
//! - merged cells: a merged block holds one value for several cells, and
//!   which rows it was meant for is a guess;
//! - a date, a TRUE/FALSE or an Excel error (`#N/A`) where the tables hold
//!   numbers and text;
//! - a hidden sheet among the tables: nobody reviewing the workbook sees it;
//! - a password-protected file, which cannot be read without the password.
//!
//! A number typed as a number is taken as that number, whatever the
//! scenario's `number_format`; digits typed as text follow the CSV rules.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, SheetVisible, Xlsx, XlsxError};

use crate::columns::{TABLES, TableName, table_of_sheet};
use crate::error::{InputError, Location, Text};
use crate::tables::{Field, MAX_TABLE_BYTES, Origin, Reading, Schema, Table, read_limited};

/// The most cells (up to the last filled one of each row) a table's sheet
/// may hold: far above a province's tables (the gaps of 10,000 communes
/// are under a million), and low enough that no sheet exhausts memory.
pub const MAX_SHEET_CELLS: usize = 5_000_000;

/// The records of one sheet: (spreadsheet row, cells), blank rows left out.
pub type Records = Vec<(usize, Vec<Field>)>;

/// A workbook opened for reading its sheets.
pub struct Workbook {
    path: PathBuf,
    book: Xlsx<Cursor<Vec<u8>>>,
    /// Sheets read by [`Workbook::has_rows`], kept for [`Workbook::table`]
    /// so that an optional table's sheet is read once.
    read: std::collections::HashMap<String, Records>,
}

impl Workbook {
    pub fn open(path: &Path) -> Result<Workbook, InputError> {
        let bytes = read_limited(path, MAX_TABLE_BYTES)?;
        let at_file = || Location::file(path);
        // An encrypted workbook is an OLE compound file, as is an old .xls.
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            let why = match Xlsx::new(Cursor::new(bytes)) {
                Err(XlsxError::Password) => password(),
                _ => crate::text!(
                    "đây là tệp Excel 97–2003 (.xls) cũ; hãy lưu thành Excel Workbook (.xlsx)",
                    "this is an old Excel 97–2003 (.xls) file; save it as an Excel Workbook (.xlsx)"
                ),
            };
            return Err(InputError::new(at_file(), why));
        }
        check_unpacked_size(path, &bytes)?;
        let book = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
            let why = match e {
                XlsxError::Password => password(),
                other => crate::text!(
                    "không đọc được tệp Excel (.xlsx): {other}",
                    "not a readable Excel workbook (.xlsx): {other}"
                ),
            };
            InputError::new(at_file(), why)
        })?;
        Ok(Workbook {
            path: path.to_path_buf(),
            book,
            read: Default::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// The sheet that holds `table`, if any: one sheet whose name is the
    /// table's id, its Vietnamese or English name or its CSV file name.
    /// Two such sheets are refused: which one is meant is a guess.
    pub fn sheet_of(&self, table: TableName) -> Result<Option<String>, InputError> {
        let matching: Vec<String> = self
            .book
            .sheet_names()
            .into_iter()
            .filter(|s| table_of_sheet(s) == Some(table))
            .collect();
        match matching.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            [first, second, ..] => Err(InputError::new(
                Location::in_sheet(&self.path, second, 0, 0),
                {
                    let id = table.id;
                    crate::text!(
                        "cả hai trang tính `{first}` và `{second}` đều là bảng {id}; giữ lại một",
                        "sheets `{first}` and `{second}` both hold the {id} table; keep one"
                    )
                },
            )),
        }
    }

    /// The table `table` from its sheet. A missing sheet of a table the data
    /// needs is refused, naming the sheets there are.
    pub fn table(
        &mut self,
        table: TableName,
        schema: &Schema,
        reading: Reading,
        may_be_empty: bool,
    ) -> Result<Table, InputError> {
        let Some(sheet) = self.sheet_of(table)? else {
            return Err(self.missing(table));
        };
        let records = match self.read.remove(&sheet) {
            Some(records) => records,
            None => self.records(&sheet)?,
        };
        let origin = Origin {
            path: &self.path,
            sheet: Some(&sheet),
        };
        Table::from_records(&origin, records, schema, reading, may_be_empty)
    }

    /// Whether the workbook has a sheet for `table` with at least one data
    /// row. An optional table's sheet left empty, as the template gives it,
    /// is as if it were not there; a sheet that cannot be read counts as
    /// there, so that reading it says why.
    pub fn has_rows(&mut self, table: TableName) -> Result<bool, InputError> {
        let Some(sheet) = self.sheet_of(table)? else {
            return Ok(false);
        };
        let Ok(records) = self.records(&sheet) else {
            return Ok(true);
        };
        let origin = Origin {
            path: &self.path,
            sheet: Some(&sheet),
        };
        let schema = Schema {
            required: &[],
            optional: table.columns,
        };
        let has = Table::from_records(&origin, records.clone(), &schema, Reading::default(), true)
            .map_or(true, |t| !t.is_empty());
        self.read.insert(sheet, records);
        Ok(has)
    }

    fn missing(&self, table: TableName) -> InputError {
        let names = self.sheet_names();
        let there = quoted(&names);
        let tables = quoted(&TABLES.iter().map(|t| t.id.to_string()).collect::<Vec<_>>());
        let (id, vi) = (table.id, table.vi);
        let why = if names.is_empty() {
            crate::text!(
                "không có trang tính `{id}` (hay `{vi}`); tệp không có trang tính nào. \
                 Các bảng là {tables}",
                "no sheet `{id}` (or `{vi}`); it has none. The tables are {tables}"
            )
        } else {
            crate::text!(
                "không có trang tính `{id}` (hay `{vi}`); tệp có {there}. Các bảng là {tables}",
                "no sheet `{id}` (or `{vi}`); it has {there}. The tables are {tables}"
            )
        };
        InputError::new(Location::file(&self.path), why)
    }

    /// A sheet's records, after the checks of the module's documentation.
    pub fn records(&mut self, sheet: &str) -> Result<Records, InputError> {
        let at = |row: usize, column: usize| Location::in_sheet(&self.path, sheet, row, column);
        let cannot = |e: XlsxError| {
            InputError::new(
                at(0, 0),
                crate::text!(
                    "không đọc được trang tính: {e}",
                    "cannot read the sheet: {e}"
                ),
            )
        };
        let visible = self
            .book
            .sheets_metadata()
            .iter()
            .find(|s| s.name == sheet)
            .is_none_or(|s| s.visible == SheetVisible::Visible);
        if !visible {
            return Err(InputError::new(
                at(0, 0),
                crate::text!(
                    "trang tính đang bị ẩn; hãy bỏ ẩn (nhấp phải vào thẻ trang tính › Unhide) \
                     để dữ liệu lập kế hoạch là dữ liệu người đọc nhìn thấy",
                    "the sheet is hidden; unhide it (right-click a sheet tab › Unhide) so that \
                     what is planned is what a reader of the workbook sees"
                ),
            ));
        }
        let merged = self.book.merge_cells_by_sheet_name(sheet).map_err(cannot)?;
        if let Some(block) = merged.iter().min_by_key(|d| (d.start.0, d.start.1)) {
            let (row, column) = (block.start.0 as usize + 1, block.start.1 as usize + 1);
            let cells = format!(
                "{}{row}:{}{}",
                crate::error::column_letters(column),
                crate::error::column_letters(block.end.1 as usize + 1),
                block.end.0 + 1
            );
            return Err(InputError::new(
                at(row, column),
                crate::text!(
                    "các ô {cells} bị gộp; hãy bỏ gộp và nhập giá trị cho từng dòng",
                    "cells {cells} are merged; unmerge them and give each row its own value"
                ),
            ));
        }
        // The cells one at a time, as the file lists them: a dense range
        // would be as large as the sheet's extent, and one cell at XFD1048576
        // would ask for half a terabyte.
        let mut reader = self.book.worksheet_cells_reader(sheet).map_err(cannot)?;
        let mut rows: std::collections::BTreeMap<usize, Vec<Field>> = Default::default();
        let mut held = 0usize;
        while let Some(cell) = reader.next_cell_with_formula().map_err(cannot)? {
            let (row, column) = (cell.pos.0 as usize + 1, cell.pos.1 as usize + 1);
            if let Some(formula) = cell.formula.filter(|f| !f.is_empty()) {
                return Err(InputError::new(
                    at(row, column),
                    crate::text!(
                        "ô chứa công thức (={formula}); ntm đọc giá trị: hãy sao chép các ô và \
                         dán dưới dạng giá trị (Paste Special › Values)",
                        "the cell holds a formula (={formula}); ntm reads values: copy the cells \
                         and paste them as values (Paste Special › Values)"
                    ),
                ));
            }
            let value = field(&Data::from(cell.value))
                .map_err(|why| InputError::new(at(row, column), why))?;
            if value.text.is_empty() {
                continue;
            }
            let fields = rows.entry(row).or_default();
            if fields.len() < column {
                held += column - fields.len();
                if held > MAX_SHEET_CELLS {
                    return Err(InputError::new(
                        at(row, column),
                        crate::text!(
                            "trang tính quá lớn: ntm đọc nhiều nhất {MAX_SHEET_CELLS} ô của một bảng",
                            "the sheet is too large: ntm reads at most {MAX_SHEET_CELLS} cells of a table"
                        ),
                    ));
                }
                fields.resize(column, Field::default());
            }
            fields[column - 1] = value;
        }
        let records: Records = rows.into_iter().collect();
        Ok(records)
    }
}

/// The most a workbook may unpack to: a hundred times a province's data,
/// and low enough that a small file made to unpack to gigabytes (a "zip
/// bomb") is refused before calamine reads its parts into memory.
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// Refuse a workbook whose parts, as its zip index declares them, add up
/// to more than [`MAX_UNPACKED_BYTES`]. A file that is not a zip is left
/// for calamine to refuse with its own reason.
fn check_unpacked_size(path: &Path, bytes: &[u8]) -> Result<(), InputError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(i) {
            total = total.saturating_add(part.size());
        }
    }
    if total > MAX_UNPACKED_BYTES {
        let mib = total / (1024 * 1024);
        let most = MAX_UNPACKED_BYTES / (1024 * 1024);
        return Err(InputError::new(
            Location::file(path),
            crate::text!(
                "tệp Excel giải nén ra {mib} MiB, quá mức {most} MiB ntm đọc",
                "the workbook unpacks to {mib} MiB, more than the {most} MiB ntm reads"
            ),
        ));
    }
    Ok(())
}

/// A cell as the tables read it, or why it cannot be read.
fn field(cell: &Data) -> Result<Field, Text> {
    Ok(match cell {
        Data::Empty => Field::default(),
        Data::String(s) => Field::text(crate::tables::cell_text(s)?),
        Data::Int(i) => Field {
            text: i.to_string(),
            typed_number: true,
        },
        Data::Float(x) => Field {
            text: number_text(*x),
            typed_number: true,
        },
        Data::Bool(b) => {
            let shown = if *b { "TRUE" } else { "FALSE" };
            return Err(crate::text!(
                "ô chứa {shown}, giá trị đúng/sai; hãy nhập 1 hoặc 0",
                "the cell holds {shown}, a true/false value; type 1 or 0"
            ));
        }
        Data::DateTime(d) => {
            let shown = excel_date(d.as_f64());
            return Err(crate::text!(
                "ô chứa ngày tháng ({shown}); hãy nhập chính con số, định dạng Number hoặc \
                 General (năm viết là 2025)",
                "the cell holds a date ({shown}); type the number itself, formatted as \
                 Number or General (a year as 2025)"
            ));
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            return Err(crate::text!(
                "ô chứa ngày giờ ({s}); hãy nhập chính con số, định dạng Number hoặc General",
                "the cell holds a date or time ({s}); type the number itself, formatted as \
                 Number or General"
            ));
        }
        Data::Error(e) => {
            return Err(crate::text!(
                "ô chứa lỗi Excel {e}; hãy nhập giá trị",
                "the cell holds the Excel error {e}; give it a value"
            ));
        }
    })
}

fn password() -> Text {
    crate::text!(
        "tệp được bảo vệ bằng mật khẩu; hãy lưu một bản không có mật khẩu \
         (File › Info › Protect Workbook › Encrypt with Password, để trống)",
        "the workbook is protected by a password; save a copy without one \
         (File › Info › Protect Workbook › Encrypt with Password, cleared)"
    )
}

/// A number typed in a cell, as text the tables parse: whole numbers
/// without a decimal point, others with at most six decimals (one đồng in
/// million VND; finer digits are the binary representation's noise).
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return format!("{}", x as i64);
    }
    let shortest = format!("{x}");
    match shortest.split_once('.') {
        Some((_, decimals)) if decimals.len() > 6 => {
            let rounded = format!("{x:.6}");
            rounded
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        }
        _ => shortest,
    }
}

/// The calendar date of an Excel date serial (1900 system), as
/// `YYYY-MM-DD`, for a message; serials before 1 March 1900 are shown as
/// they are (Excel counts a 29 February 1900 that never was).
fn excel_date(serial: f64) -> String {
    if !(61.0..3_000_000.0).contains(&serial) {
        return serial.to_string();
    }
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_read_as_their_digits() {
        assert_eq!(number_text(2025.0), "2025");
        assert_eq!(number_text(1234.5), "1234.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(1e-7), "0");
    }

    #[test]
    fn dates_show_as_excel_shows_them() {
        assert_eq!(excel_date(45_658.0), "2025-01-01");
        assert_eq!(excel_date(61.0), "1900-03-01");
        assert_eq!(excel_date(45_658.75), "2025-01-01");
    }
}
