//! Where a scenario's tables are: a folder of CSV files, or one workbook
//! whose sheets are the tables (the scenario's `data` names either).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::columns::TableName;
use crate::error::InputError;
use crate::tables::{Reading, Schema, Table};
use crate::workbook::Workbook;

pub enum Data {
    Folder(PathBuf),
    /// Sheets are read one at a time, as the tables are asked for.
    Workbook(Box<RefCell<Workbook>>),
}

impl Data {
    /// The data at `path`: a workbook when the name ends in `.xlsx` (or
    /// `.xlsm`), else a folder.
    pub fn open(path: &Path) -> Result<Data, InputError> {
        if is_workbook(path) {
            let book = Workbook::open(path)?;
            Ok(Data::Workbook(Box::new(RefCell::new(book))))
        } else {
            Ok(Data::Folder(path.to_path_buf()))
        }
    }

    /// Whether the data has `table` (a file, or a sheet).
    pub fn has(&self, table: TableName) -> Result<bool, InputError> {
        match self {
            Data::Folder(dir) => Ok(dir.join(table.file_name()).exists()),
            Data::Workbook(book) => book.borrow_mut().has_rows(table),
        }
    }

    /// Where a table is, for a message about the whole table: its file,
    /// or the workbook's sheet (the table's id when it has no sheet).
    pub fn location_of(&self, table: TableName) -> crate::error::Location {
        match self {
            Data::Folder(dir) => crate::error::Location::file(&dir.join(table.file_name())),
            Data::Workbook(book) => {
                let book = book.borrow();
                let sheet = book
                    .sheet_of(table)
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| table.id.to_string());
                let mut at = crate::error::Location::file(book.path());
                at.sheet = Some(sheet);
                at
            }
        }
    }

    pub fn table(
        &self,
        table: TableName,
        schema: &Schema,
        reading: Reading,
        may_be_empty: bool,
    ) -> Result<Table, InputError> {
        match self {
            Data::Folder(dir) => {
                Table::read_as(&dir.join(table.file_name()), schema, reading, may_be_empty)
            }
            Data::Workbook(book) => book
                .borrow_mut()
                .table(table, schema, reading, may_be_empty),
        }
    }
}

/// Whether `path` names an Excel workbook, by its extension.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}
