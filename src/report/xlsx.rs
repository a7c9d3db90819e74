//! A [`Document`]'s tables as an Excel workbook: one sheet per table, the
//! header row frozen and filterable, numbers stored as numbers with a
//! number format (money `#,##0.00` million VND), yes/no stored as 1/0 shown
//! as words, and every text written as a string, so that a commune named
//! `=HYPERLINK(…)` stays text. The workbook is the same, byte for byte, for
//! the same document: its creation date is fixed.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format as CellFormat, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use super::doc::{Block, Cell, Document, Format, Kind, Table, cell_text, flag_words};
use crate::lang::Lang;

/// Money in million VND.
pub const MONEY_FORMAT: &str = "#,##0.00";

/// Excel's longest sheet name.
const SHEET_NAME_MAX: usize = 31;

/// The characters Excel refuses in a sheet name.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() {
        "Sheet".to_string()
    } else {
        clean.chars().take(SHEET_NAME_MAX).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        let suffix = format!(" ({n})");
        let keep = SHEET_NAME_MAX - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    name
}

/// The number format of a cell in a column of `kind`.
fn number_format(cell: &Cell, kind: Kind, lang: Lang) -> Option<String> {
    match cell {
        Cell::Int(_) => Some("0".into()),
        Cell::Decimal(_, 0) => Some("0".into()),
        Cell::Decimal(_, d) => Some(format!("0.{}", "0".repeat(*d))),
        Cell::Money(_) => Some(MONEY_FORMAT.into()),
        Cell::Flag(_) => {
            let (yes, no) = flag_words(kind, lang);
            Some(format!("\"{yes}\";\"{yes}\";\"{no}\""))
        }
        _ => None,
    }
}

fn write_sheet(sheet: &mut Worksheet, table: &Table, lang: Lang) -> Result<(), XlsxError> {
    let header = CellFormat::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xE6EAF1))
        .set_border_bottom(FormatBorder::Thin);
    for (c, column) in table.columns.iter().enumerate() {
        let f = if column.kind.is_numeric() {
            header.clone().set_align(FormatAlign::Right)
        } else if matches!(column.kind, Kind::Flag | Kind::Met) {
            header.clone().set_align(FormatAlign::Center)
        } else {
            header.clone()
        };
        sheet.write_string_with_format(0, c as u16, &column.header, &f)?;
    }
    let mut rows: Vec<(&Vec<Cell>, bool)> = table.rows.iter().map(|r| (r, false)).collect();
    if let Some(total) = &table.total {
        rows.push((total, true));
    }
    let mut widths: Vec<usize> = table
        .columns
        .iter()
        .map(|c| c.header.chars().count().min(24))
        .collect();
    for (r, (cells, bold)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, (cell, column)) in cells.iter().zip(&table.columns).enumerate() {
            let col = c as u16;
            let mut format = CellFormat::new();
            if *bold {
                format = format.set_bold().set_border_top(FormatBorder::Thin);
            }
            if let Some(code) = number_format(cell, column.kind, lang) {
                format = format.set_num_format(code);
            }
            if matches!(column.kind, Kind::Flag | Kind::Met) {
                format = format.set_align(FormatAlign::Center);
            }
            match cell {
                Cell::Blank | Cell::Dash => {
                    if *bold {
                        sheet.write_blank(row, col, &format)?;
                    }
                }
                Cell::Text(text) => {
                    sheet.write_string_with_format(row, col, text, &format)?;
                }
                other => {
                    let value = other.number().expect("a number");
                    sheet.write_number_with_format(row, col, value, &format)?;
                }
            }
            let shown = match cell {
                Cell::Money(m) => super::doc::money(*m, lang).chars().count() + 3,
                _ => cell_text(cell, column.kind, lang).chars().count(),
            };
            widths[c] = widths[c].max(shown);
        }
    }
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*width).clamp(6, 60) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = table.rows.len() as u32;
    if !table.columns.is_empty() && last_row > 0 {
        sheet.autofilter(0, 0, last_row, table.columns.len() as u16 - 1)?;
    }
    Ok(())
}

/// The workbook of a document's tables shown in xlsx.
pub fn render(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date: two runs on the same input give the same bytes.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    let properties = DocProperties::new()
        .set_title(&doc.title)
        .set_author("ntm")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    let mut taken: Vec<String> = Vec::new();
    for block in doc.parts_for(Format::Xlsx) {
        if let Block::Table(table) = block {
            let name = sheet_name(&table.sheet, &taken);
            let sheet = workbook.add_worksheet();
            sheet.set_name(&name)?;
            write_sheet(sheet, table, doc.lang)?;
            taken.push(name);
        }
    }
    if taken.is_empty() {
        workbook.add_worksheet();
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn sheet_names_are_legal_and_distinct() {
        assert_eq!(sheet_name("a/b:c", &[]), "a-b-c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
        let taken = vec!["Xã".to_string()];
        assert_eq!(sheet_name("Xã", &taken), "Xã (2)");
    }
}
