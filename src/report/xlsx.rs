//! A [`Document`]'s tables as an Excel workbook: one sheet per table, the
//! header row frozen and filterable, numbers stored as numbers with a
//! number format (money `#,##0.00` million VND), yes/no stored as 1/0 shown
//! as words, and every text written as a string, so that a commune named
//! `=HYPERLINK(…)` stays text. Each chart is a native Excel chart on a
//! sheet of its own, drawn from the numbers written beside it, so that a
//! reader can restyle it or copy it into a slide. The workbook is the same,
//! byte for byte, for the same document: its creation date is fixed.

use rust_xlsxwriter::{
    Chart as ExcelChart, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType,
    ChartMarker, ChartType, Color, DocProperties, ExcelDateTime, Format as CellFormat, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::doc::{
    Bars, Block, Cell, Chart, Document, Format, Kind, Lines, Table, cell_text, flag_words,
};
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
        Cell::Money(m) => Some(money_format(*m)),
        Cell::Flag(_) => {
            let (yes, no) = flag_words(kind, lang);
            Some(format!("\"{yes}\";\"{yes}\";\"{no}\""))
        }
        _ => None,
    }
}

/// Money to two decimals, or to as many as the amount has (down to the
/// đồng, six): a sheet saved as CSV keeps what it shows, and a plan read
/// back from it must pay what the plan paid.
fn money_format(m: crate::money::Money) -> String {
    let mut rest = (m.dong() % 1_000_000).abs();
    let mut decimals = 6;
    while decimals > 2 && rest % 10 == 0 {
        rest /= 10;
        decimals -= 1;
    }
    if decimals == 2 {
        MONEY_FORMAT.to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    }
}

fn header_format() -> CellFormat {
    CellFormat::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xE6EAF1))
        .set_border_bottom(FormatBorder::Thin)
}

fn write_sheet(sheet: &mut Worksheet, table: &Table, lang: Lang) -> Result<(), XlsxError> {
    let header = header_format();
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
    let mut charts = 0;
    for block in doc.parts_for(Format::Xlsx) {
        match block {
            Block::Table(table) => {
                let name = sheet_name(&table.sheet, &taken);
                let sheet = workbook.add_worksheet();
                sheet.set_name(&name)?;
                write_sheet(sheet, table, doc.lang)?;
                taken.push(name);
            }
            Block::Chart(chart) => {
                charts += 1;
                let wanted = format!("{} {charts}", doc.lang.pick("Biểu đồ", "Chart"));
                let name = sheet_name(&wanted, &taken);
                let sheet = workbook.add_worksheet();
                sheet.set_name(&name)?;
                match chart {
                    Chart::Bars(bars) => write_bars(sheet, &name, bars)?,
                    Chart::Lines(lines) => write_lines(sheet, &name, lines)?,
                }
                taken.push(name);
            }
            _ => {}
        }
    }
    if taken.is_empty() {
        workbook.add_worksheet();
    }
    workbook.save_to_buffer()
}

/// Width of a text column that shows `texts` whole, within limits.
fn text_width<'a>(texts: impl Iterator<Item = &'a str>) -> f64 {
    texts
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 50) as f64
        + 2.0
}

/// Grouped horizontal bars, categories top to bottom as in the report:
/// the categories in column A, one column per series.
fn write_bars(sheet: &mut Worksheet, name: &str, bars: &Bars) -> Result<(), XlsxError> {
    let header = header_format();
    let number = CellFormat::new().set_num_format(if bars.integer { "0" } else { "#,##0" });
    sheet.write_string_with_format(0, 0, "", &header)?;
    for (c, series) in bars.series.iter().enumerate() {
        let col = c as u16 + 1;
        sheet.write_string_with_format(0, col, &series.name, &header)?;
        for (r, value) in series.values.iter().enumerate() {
            sheet.write_number_with_format(r as u32 + 1, col, *value, &number)?;
        }
        sheet.set_column_width(
            col,
            text_width(std::iter::once(series.name.as_str())).min(18.0),
        )?;
    }
    for (r, category) in bars.categories.iter().enumerate() {
        sheet.write_string(r as u32 + 1, 0, category)?;
    }
    sheet.set_column_width(0, text_width(bars.categories.iter().map(String::as_str)))?;

    let last = bars.categories.len() as u32;
    let mut chart = ExcelChart::new(ChartType::Bar);
    for c in 0..bars.series.len() {
        let col = c as u16 + 1;
        chart
            .add_series()
            .set_name((name, 0, col))
            .set_categories((name, 1, 0, last, 0))
            .set_values((name, 1, col, last, col));
    }
    chart.title().set_name(&bars.title);
    // In a bar chart Excel's x axis is the value axis, at the bottom.
    chart.x_axis().set_name(&bars.axis);
    chart.y_axis().set_reverse();
    chart.legend().set_position(ChartLegendPosition::Bottom);
    let bars_drawn = (bars.categories.len() * bars.series.len().max(1)) as u32;
    chart
        .set_width(760)
        .set_height((140 + 16 * bars_drawn).clamp(320, 1400));
    sheet.insert_chart(1, bars.series.len() as u16 + 2, &chart)?;
    Ok(())
}

/// Lines through (x, y) points, the targets as dashed lines across: each
/// series (and each target) in two columns, x then y.
fn write_lines(sheet: &mut Worksheet, name: &str, lines: &Lines) -> Result<(), XlsxError> {
    let header = header_format();
    let y_format = CellFormat::new().set_num_format(if lines.integer_y { "0" } else { "#,##0.##" });
    let x_format = CellFormat::new().set_num_format("General");
    let xs = lines
        .series
        .iter()
        .flat_map(|(_, points)| points.iter().map(|p| p.0));
    let (x_lo, x_hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    });
    let references: Vec<(String, Vec<(f64, f64)>)> = if x_lo <= x_hi {
        lines
            .references
            .iter()
            .map(|(label, y)| (label.clone(), vec![(x_lo, *y), (x_hi, *y)]))
            .collect()
    } else {
        Vec::new()
    };
    let mut chart = ExcelChart::new(ChartType::ScatterStraightWithMarkers);
    for (s, ((label, points), dashed)) in lines
        .series
        .iter()
        .map(|s| (s, false))
        .chain(references.iter().map(|r| (r, true)))
        .enumerate()
    {
        let x_col = 2 * s as u16;
        let y_col = x_col + 1;
        sheet.write_string_with_format(0, x_col, &lines.x_axis, &header)?;
        sheet.write_string_with_format(0, y_col, label, &header)?;
        for (r, (x, y)) in points.iter().enumerate() {
            let row = r as u32 + 1;
            sheet.write_number_with_format(row, x_col, *x, &x_format)?;
            sheet.write_number_with_format(row, y_col, *y, &y_format)?;
        }
        sheet.set_column_width(x_col, 12)?;
        sheet.set_column_width(y_col, text_width(std::iter::once(label.as_str())).min(24.0))?;
        let last = points.len().max(1) as u32;
        let series = chart
            .add_series()
            .set_name((name, 0, y_col))
            .set_categories((name, 1, x_col, last, x_col))
            .set_values((name, 1, y_col, last, y_col));
        if dashed {
            series
                .set_format(
                    ChartFormat::new()
                        .set_line(ChartLine::new().set_dash_type(ChartLineDashType::Dash)),
                )
                .set_marker(ChartMarker::new().set_none());
        }
    }
    chart.title().set_name(&lines.title);
    chart.x_axis().set_name(&lines.x_axis);
    chart.y_axis().set_name(&lines.y_axis);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(760).set_height(420);
    let columns = 2 * (lines.series.len() + references.len()) as u16;
    sheet.insert_chart(1, columns + 1, &chart)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn money_shows_every_decimal_it_has() {
        use crate::money::Money;
        let format = |t: &str| super::money_format(Money::parse(t).unwrap());
        assert_eq!(format("2150"), "#,##0.00");
        assert_eq!(format("2150.25"), "#,##0.00");
        assert_eq!(format("2150.125"), "#,##0.000");
        assert_eq!(format("-0.000001"), "#,##0.000000");
    }

    #[test]
    fn sheet_names_are_legal_and_distinct() {
        assert_eq!(sheet_name("a/b:c", &[]), "a-b-c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
        let taken = vec!["Xã".to_string()];
        assert_eq!(sheet_name("Xã", &taken), "Xã (2)");
    }
}
