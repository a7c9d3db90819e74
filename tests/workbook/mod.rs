//! A workbook read back with calamine, and its cells checked against the
//! CSV files they repeat. Shared by `tests/xlsx.rs` and `tests/formats.rs`.

#![allow(dead_code)] // each test crate uses a different part of this module

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

/// A commune name a spreadsheet would run as a formula.
pub const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";

pub type Sheet = Vec<Vec<Data>>;

pub fn sheets(path: &Path) -> Vec<(String, Sheet)> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    let names = workbook.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// Header and rows of an output CSV, without its byte-order mark.
pub fn csv_table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).expect("an output table");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8 after the BOM");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// A workbook cell equals a CSV cell: the same number, or the same text
/// (the CSV's inert apostrophe aside: in the workbook a string is never a
/// formula, so it holds the name exactly).
pub fn same(cell: &Data, text: &str, what: &str) {
    match cell {
        Data::Float(x) => {
            let expected: f64 = text
                .parse()
                .unwrap_or_else(|_| panic!("{what}: {x} in the workbook, `{text}` in the CSV"));
            assert_eq!(*x, expected, "{what}");
        }
        Data::Int(n) => assert_eq!(n.to_string(), text, "{what}"),
        Data::String(s) => {
            let csv_text = text
                .strip_prefix('\'')
                .filter(|t| t.starts_with(['=', '+', '-', '@']));
            assert_eq!(s, csv_text.unwrap_or(text), "{what}");
        }
        Data::Empty => assert_eq!(text, "", "{what}"),
        other => panic!("{what}: unexpected cell {other:?} for `{text}`"),
    }
}

/// A sheet holds exactly the rows of an output CSV: as many columns and
/// rows, and every cell the same value.
pub fn assert_sheet_is_csv(cells: &Sheet, csv: &Path, what: &str) {
    let (header, rows) = csv_table(csv);
    assert!(!cells.is_empty(), "{what}: a header row");
    assert_eq!(
        cells[0].len(),
        header.len(),
        "{what}: one column per CSV column"
    );
    assert_eq!(cells.len() - 1, rows.len(), "{what}: one row per CSV row");
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let cell = cells[r + 1].get(c).unwrap_or(&Data::Empty);
            same(
                cell,
                text,
                &format!("{what} row {} column {}", r + 2, header[c]),
            );
        }
    }
}

/// The header row of a sheet, as text.
pub fn headers(cells: &Sheet) -> Vec<String> {
    cells[0]
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => panic!("a header is text, not {other:?}"),
        })
        .collect()
}

/// No cell of any sheet is a formula.
pub fn assert_no_formula(path: &Path) {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    for name in workbook.sheet_names().to_vec() {
        let formulas = workbook.worksheet_formula(&name).expect("a sheet");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "sheet {name} has no formula"
        );
    }
}
