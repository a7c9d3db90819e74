//! The data workbook a planner fills in: one sheet per table, a heading in
//! the planner's language over each column with the column's id beneath it,
//! an instructions sheet, and drop-down lists where a cell must name
//! something (a district, a criterion, a source, 0 or 1).
//!
//! The workbook is written so that [`crate::workbook`] reads it back: the
//! headings come from [`crate::columns`], numbers are numeric cells, and an
//! optional table left empty counts as absent. `--from` fills it with a
//! scenario's data, so the same plan comes out of the workbook as out of the
//! CSV folder.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::columns::{self, TABLES, TableName, heading};
use crate::criteria::DECISION_318;
use crate::data::Data;
use crate::error::{InputError, column_letters};
use crate::lang::Lang;
use crate::scenario::Scenario;
use crate::tables::{Reading, Schema, plain_number};

/// The first data row (0-based): headings in row 1, ids in row 2.
const FIRST_DATA_ROW: u32 = 2;
/// How far down the drop-down lists and number checks reach: far beyond a
/// province's rows (Lai Châu has 94 communes and about 700 gaps).
const LAST_CHECKED_ROW: u32 = 20_001;

/// The columns whose cells are numbers.
const NUMBER_COLUMNS: &[&str] = &[
    "especially_difficult",
    "weight",
    "cost",
    "earliest_year",
    "year",
    "amount",
    "only_especially_difficult",
    "revenue",
    "priority",
];

/// What one table's sheet holds: its rows, each cell as text (numbers in
/// the plain form `1234.5`).
struct Sheet {
    table: TableName,
    rows: Vec<Vec<String>>,
}

/// The drop-down lists, gathered from the data when there is some.
struct Lists {
    /// (id, number, Vietnamese name, English name).
    criteria: Vec<(String, usize, String, String)>,
    districts: Vec<String>,
    sources: Vec<String>,
}

/// A blank data workbook; the criteria sheet holds the built-in catalogue
/// (Decision 318), to be edited or left as it is.
pub fn blank(lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let criteria: Vec<Vec<String>> = DECISION_318
        .iter()
        .map(|(id, vi, en)| vec![id.to_string(), vi.to_string(), en.to_string()])
        .collect();
    let sheets = TABLES
        .iter()
        .map(|&table| Sheet {
            table,
            rows: if table == columns::CRITERIA {
                criteria.clone()
            } else {
                Vec::new()
            },
        })
        .collect::<Vec<_>>();
    let lists = lists_of(&sheets);
    write(&sheets, &lists, lang, false)
}

/// The data workbook of a scenario: every table it has, as it is written
/// there (the criteria sheet holds the built-in catalogue when the data has
/// no criteria table).
pub fn from_scenario(scenario: &Scenario, lang: Lang) -> Result<Vec<u8>, InputError> {
    let data = Data::open(&scenario.data_dir)?;
    let reading = Reading {
        number_format: scenario.number_format,
        lang: scenario.language,
        delimiter: None,
    };
    let mut sheets = Vec::new();
    for table in TABLES {
        let mut rows = Vec::new();
        if data.has(table)? {
            // Every column optional: the template copies what is there, and
            // `plan` checks it.
            let schema = Schema {
                required: &[],
                optional: table.columns,
            };
            let read = data.table(table, &schema, reading, true)?;
            for row in read.rows() {
                let mut cells = Vec::with_capacity(table.columns.len());
                for column in table.columns {
                    let text = row.optional(column).unwrap_or("");
                    let cell = if NUMBER_COLUMNS.contains(column) && !text.is_empty() {
                        if row.typed_number(column) {
                            text.to_string()
                        } else {
                            plain_number(text, reading)
                                .map_err(|why| row.error(column, why))?
                                .into_owned()
                        }
                    } else {
                        text.to_string()
                    };
                    cells.push(cell);
                }
                rows.push(cells);
            }
        } else if table == columns::CRITERIA {
            rows = DECISION_318
                .iter()
                .map(|(id, vi, en)| vec![id.to_string(), vi.to_string(), en.to_string()])
                .collect();
        }
        sheets.push(Sheet { table, rows });
    }
    let lists = lists_of(&sheets);
    write(&sheets, &lists, lang, true).map_err(|e| {
        InputError::new(
            crate::error::Location::file(&scenario.data_dir),
            format!("cannot write the workbook: {e}"),
        )
    })
}

fn lists_of(sheets: &[Sheet]) -> Lists {
    let column = |table: TableName, id: &str| -> Vec<String> {
        let Some(i) = table.columns.iter().position(|c| *c == id) else {
            return Vec::new();
        };
        let mut seen: Vec<String> = Vec::new();
        for sheet in sheets.iter().filter(|s| s.table == table) {
            for row in &sheet.rows {
                if !row[i].is_empty() && !seen.contains(&row[i]) {
                    seen.push(row[i].clone());
                }
            }
        }
        seen
    };
    let criteria_sheet = sheets.iter().find(|s| s.table == columns::CRITERIA);
    let criteria = criteria_sheet
        .map(|s| {
            s.rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r[0].clone(), i + 1, r[1].clone(), r[2].clone()))
                .collect()
        })
        .unwrap_or_default();
    Lists {
        criteria,
        districts: column(columns::COMMUNES, "district"),
        sources: column(columns::SOURCES, "source_id"),
    }
}

fn heading_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xE6EAF1))
}

fn id_format() -> Format {
    Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x6B7280))
        .set_background_color(Color::RGB(0xF3F4F6))
        .set_border_bottom(FormatBorder::Thin)
}

fn write(sheets: &[Sheet], lists: &Lists, lang: Lang, filled: bool) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date: the same data gives the same bytes.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(lang.pick(
                "Dữ liệu kế hoạch nông thôn mới",
                "New rural development data",
            ))
            .set_author("ntm")
            .set_creation_datetime(&created),
    );
    let instructions = workbook.add_worksheet();
    instructions.set_name(lang.pick("Hướng dẫn", "Instructions"))?;
    write_instructions(instructions, lang, filled)?;
    let list_sheet = lang.pick("Danh mục", "Lists");
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.table.label(lang))?;
        write_table(worksheet, sheet, lists, list_sheet, lang)?;
    }
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(list_sheet)?;
    write_lists(worksheet, lists, lang)?;
    workbook.save_to_buffer()
}

fn write_table(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    lists: &Lists,
    list_sheet: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    let heading_format = heading_format();
    let id_format = id_format();
    for (c, column) in sheet.table.columns.iter().enumerate() {
        let c = c as u16;
        let title = heading(column, lang);
        worksheet.write_string_with_format(0, c, title, &heading_format)?;
        worksheet.write_string_with_format(1, c, *column, &id_format)?;
        let width = sheet
            .rows
            .iter()
            .map(|r| r[c as usize].chars().count())
            .chain([title.chars().count().min(28), column.len()])
            .max()
            .unwrap_or(10)
            .clamp(8, 48);
        worksheet.set_column_width(c, width as f64 + 2.0)?;
        if let Some(validation) = validation(sheet.table, column, lists, list_sheet, lang)? {
            worksheet.add_data_validation(FIRST_DATA_ROW, c, LAST_CHECKED_ROW, c, &validation)?;
        }
    }
    worksheet.set_row_height(0, 32)?;
    worksheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = FIRST_DATA_ROW + r as u32;
        for (c, (column, text)) in sheet.table.columns.iter().zip(row).enumerate() {
            if text.is_empty() {
                continue;
            }
            let number = NUMBER_COLUMNS
                .contains(column)
                .then(|| text.parse::<f64>().ok())
                .flatten()
                .filter(|x| x.is_finite() && same_number(*x, text));
            match number {
                Some(x) => worksheet.write_number(r, c as u16, x)?,
                // Text, even when it starts with `=`: never a formula.
                None => worksheet.write_string(r, c as u16, text)?,
            };
        }
    }
    Ok(())
}

/// Whether the number `x` reads back as `text` says: a number cell holds a
/// double, so an amount with more digits than a double keeps stays text.
fn same_number(x: f64, text: &str) -> bool {
    let Ok(written) = crate::money::Money::parse(text) else {
        return false;
    };
    crate::money::Money::parse(&format!("{x}")).is_ok_and(|back| back == written)
}

/// The check on a column's cells: a drop-down list for names the data
/// defines, whole numbers for years and flags, amounts of at least zero.
/// A cell outside the list gets a warning rather than a refusal: names
/// (`Giao thông`, `2`) are accepted as well as ids, and `ntm check` says
/// what is wrong.
fn validation(
    table: TableName,
    column: &str,
    lists: &Lists,
    list_sheet: &str,
    lang: Lang,
) -> Result<Option<DataValidation>, XlsxError> {
    let sheet_range = |sheet: &str, col: usize, first: u32, last: u32| -> String {
        let letter = column_letters(col);
        format!("='{sheet}'!${letter}${first}:${letter}${last}")
    };
    // The list sheet's unique names when the workbook is filled; a blank
    // one's lists are the defining sheet's column itself, so that what the
    // planner types there is offered below.
    let names = |col: usize, len: usize, defining: TableName, defining_col: usize| -> String {
        if len > 0 {
            sheet_range(list_sheet, col, 2, 1 + len as u32)
        } else {
            sheet_range(
                defining.label(lang),
                defining_col,
                FIRST_DATA_ROW + 1,
                LAST_CHECKED_ROW + 1,
            )
        }
    };
    let list = |range: String, title: &str, message: &str| -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title(title)?
            .set_error_message(message)
    };
    let check = match column {
        // The advanced catalogue is built in unless its sheet is filled: no
        // list to offer.
        "criterion" if table == columns::ADVANCED_GAPS || table == columns::ADVANCED_CRITERIA => {
            None
        }
        // The criteria sheet holds the catalogue, the lists sheet a copy
        // with numbers and names beside the ids.
        "criterion" if table != columns::CRITERIA => Some(list(
            names(1, 0, columns::CRITERIA, 1),
            lang.pick("Tiêu chí", "Criterion"),
            lang.pick(
                "Không có trong danh mục tiêu chí (sheet Danh mục).",
                "Not in the criteria catalogue (sheet Lists).",
            ),
        )?),
        "district" if table != columns::COMMUNES => Some(list(
            names(6, lists.districts.len(), columns::COMMUNES, 3),
            lang.pick("Huyện", "District"),
            lang.pick(
                "Không phải huyện của sheet Xã.",
                "Not a district of the Communes sheet.",
            ),
        )?),
        "source_id" if table != columns::SOURCES => Some(list(
            names(7, lists.sources.len(), columns::SOURCES, 1),
            lang.pick("Nguồn vốn", "Source"),
            lang.pick(
                "Không phải mã nguồn vốn của sheet Nguồn vốn.",
                "Not a source id of the Sources sheet.",
            ),
        )?),
        "especially_difficult" | "only_especially_difficult" => Some(
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(0, 1))
                .set_error_title(lang.pick("0 hoặc 1", "0 or 1"))?
                .set_error_message(
                    lang.pick("Nhập 1 (có) hoặc 0 (không).", "Type 1 (yes) or 0 (no)."),
                )?,
        ),
        "year" | "earliest_year" => Some(
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(2000, 2100))
                .set_error_title(lang.pick("Năm", "Year"))?
                .set_error_message(
                    lang.pick("Nhập năm, ví dụ 2025.", "Type a year, such as 2025."),
                )?,
        ),
        "cost" | "amount" | "revenue" => Some(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_title(lang.pick("Số tiền", "Amount"))?
                .set_error_message(lang.pick(
                    "Nhập số tiền bằng triệu đồng, từ 0 trở lên.",
                    "Type an amount in million VND, 0 or more.",
                ))?,
        ),
        _ => None,
    };
    Ok(check)
}

fn write_lists(worksheet: &mut Worksheet, lists: &Lists, lang: Lang) -> Result<(), XlsxError> {
    let heading_format = heading_format();
    let titles = [
        lang.pick("Mã tiêu chí", "Criterion id"),
        lang.pick("Số", "No."),
        lang.pick("Tên tiếng Việt", "Vietnamese name"),
        lang.pick("Tên tiếng Anh", "English name"),
        "",
        lang.pick("Huyện", "District"),
        lang.pick("Mã nguồn vốn", "Source id"),
    ];
    for (c, title) in titles.iter().enumerate() {
        worksheet.write_string_with_format(0, c as u16, *title, &heading_format)?;
    }
    for (r, (id, number, vi, en)) in lists.criteria.iter().enumerate() {
        let r = r as u32 + 1;
        worksheet.write_string(r, 0, id)?;
        worksheet.write_number(r, 1, *number as f64)?;
        worksheet.write_string(r, 2, vi)?;
        worksheet.write_string(r, 3, en)?;
    }
    for (r, district) in lists.districts.iter().enumerate() {
        worksheet.write_string(r as u32 + 1, 5, district)?;
    }
    for (r, source) in lists.sources.iter().enumerate() {
        worksheet.write_string(r as u32 + 1, 6, source)?;
    }
    for (c, width) in [22.0, 5.0, 44.0, 40.0, 2.0, 22.0, 22.0]
        .into_iter()
        .enumerate()
    {
        worksheet.set_column_width(c as u16, width)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// What each column holds, for the instructions sheet.
fn meaning(column: &str, lang: Lang) -> &'static str {
    match column {
        "commune_id" => lang.pick(
            "Mã xã, duy nhất (ví dụ mã đơn vị hành chính); hoặc tên xã nếu không trùng",
            "The commune's id, unique (such as its administrative code); or its name when unambiguous",
        ),
        "commune" => lang.pick("Tên xã", "The commune's name"),
        "district" => lang.pick("Tên huyện, thành phố", "The district's name"),
        "especially_difficult" => lang.pick(
            "1 nếu là xã đặc biệt khó khăn, 0 hoặc để trống nếu không",
            "1 for an especially difficult commune, 0 or empty otherwise",
        ),
        "weight" => lang.pick(
            "Trọng số ưu tiên của xã (để trống: 1)",
            "The commune's priority weight (empty: 1)",
        ),
        "criterion" => lang.pick(
            "Tiêu chí: mã, tên hoặc số thứ tự 1–19 (sheet Danh mục)",
            "The criterion: its id, name or number 1–19 (sheet Lists)",
        ),
        "cost" => lang.pick(
            "Chi phí để đạt tiêu chí, triệu đồng",
            "What meeting the criterion costs, million VND",
        ),
        "earliest_year" => lang.pick(
            "Năm sớm nhất có thể chi (để trống: năm đầu)",
            "The first year money may be paid (empty: the first year)",
        ),
        "source_id" => lang.pick("Mã nguồn vốn", "The source's id"),
        "name" => lang.pick("Tên nguồn vốn", "The source's name"),
        "year" => lang.pick("Năm", "The year"),
        "amount" => lang.pick("Số vốn của năm, triệu đồng", "The year's money, million VND"),
        "only_especially_difficult" => lang.pick(
            "1 nếu vốn chỉ dành cho xã đặc biệt khó khăn",
            "1 when the money is only for especially difficult communes",
        ),
        "revenue" => lang.pick(
            "Thu tiền sử dụng đất của huyện trong năm, triệu đồng",
            "The district's land-use revenue in the year, million VND",
        ),
        "name_vi" => lang.pick("Tên tiêu chí tiếng Việt", "The criterion's Vietnamese name"),
        "name_en" => lang.pick("Tên tiêu chí tiếng Anh", "The criterion's English name"),
        "project_id" => lang.pick("Mã dự án, duy nhất", "The project's id, unique"),
        "project" => lang.pick("Tên dự án", "The project's name"),
        "pausable" => lang.pick(
            "1 nếu dự án có thể tạm dừng để dành vốn cho chương trình, 0 hoặc để trống nếu không",
            "1 when the project may be paused to free its money for the programme, 0 or empty otherwise",
        ),
        "priority" => lang.pick(
            "Mức ưu tiên giữ dự án, số dương (để trống: 1); số lớn hơn được giữ trước",
            "How important keeping the project is, a positive number (empty: 1); higher is kept first",
        ),
        "committed" => lang.pick(
            "1 trên các dòng đã cam kết (kế hoạch ntm ghi); để trống được",
            "1 on committed rows (as ntm's plan writes it); may be left empty",
        ),
        _ => "",
    }
}

/// What each sheet is for.
fn purpose(table: TableName, lang: Lang) -> &'static str {
    match table.id {
        "communes" => lang.pick(
            "Các xã, một dòng mỗi xã (bắt buộc)",
            "The communes, one row each (required)",
        ),
        "gaps" => lang.pick(
            "Tiêu chí xã chưa đạt và chi phí để đạt (bắt buộc; có thể không có dòng nào)",
            "The criteria a commune does not meet and their cost (required; may have no rows)",
        ),
        "at_risk" => lang.pick(
            "Tiêu chí đã đạt nhưng có nguy cơ mất và chi phí duy trì (không bắt buộc)",
            "Criteria met today but at risk, and the cost of keeping them (optional)",
        ),
        "sources" => lang.pick(
            "Nguồn vốn theo năm, toàn tỉnh hoặc theo huyện (bắt buộc)",
            "The sources' money per year, province-wide or per district (required)",
        ),
        "eligibility" => lang.pick(
            "Nguồn vốn nào được chi cho tiêu chí nào; * là mọi tiêu chí (bắt buộc)",
            "Which source may pay for which criterion; * is every criterion (required)",
        ),
        "land_revenue" => lang.pick(
            "Thu tiền sử dụng đất của các huyện theo năm (không bắt buộc)",
            "The districts' land-use revenue per year (optional)",
        ),
        "advanced_gaps" => lang.pick(
            "Tiêu chí xã nông thôn mới nâng cao chưa đạt và chi phí để đạt (không bắt buộc; \
             xã có dòng ở đây được xét đạt chuẩn nâng cao)",
            "The advanced-level criteria a commune does not meet and their cost (optional; \
             a commune with rows here is assessed for the advanced standard)",
        ),
        "advanced_criteria" => lang.pick(
            "Danh mục tiêu chí nâng cao (để trống: 19 tiêu chí nâng cao có sẵn, mã adv_…)",
            "The advanced criteria catalogue (left empty: the 19 built-in advanced criteria, ids adv_…)",
        ),
        "projects" => lang.pick(
            "Dự án đầu tư công trung hạn đã được bố trí vốn từ một nguồn trong một năm; \
             huyện để trống là dự án cấp tỉnh (không bắt buộc)",
            "Medium-term public-investment projects allotted a source's money in a year; \
             an empty district is a provincial project (optional)",
        ),
        "villages" => lang.pick(
            "Thôn, bản của các xã, cho mục tiêu thôn, bản đạt chuẩn (không bắt buộc; \
             cần cả ba bảng thôn, bản)",
            "The villages of the communes, for the village target (optional; the three \
             village tables go together)",
        ),
        "village_gaps" => lang.pick(
            "Tiêu chí thôn, bản chưa đạt và chi phí để đạt (không bắt buộc)",
            "The village criteria a village does not meet and their cost (optional)",
        ),
        "village_criteria" => lang.pick(
            "Bộ tiêu chí thôn, bản của tỉnh: mã và tên riêng, khác tiêu chí xã (không bắt buộc)",
            "The province's village criteria: ids and names of their own, not the commune \
             criteria's (optional)",
        ),
        "commitments" => lang.pick(
            "Khoản chi đã thực hiện hoặc đã phê duyệt, theo mẫu kế hoạch (năm, xã, tiêu chí, \
             nguồn vốn, số tiền): giữ nguyên trong kế hoạch, trừ vào vốn (không bắt buộc)",
            "Payments already made or approved, in the plan's format (year, commune, criterion, \
             source, amount): kept as they are, counted against the money (optional)",
        ),
        _ => lang.pick(
            "Danh mục tiêu chí (để nguyên: 19 tiêu chí của Quyết định 318/QĐ-TTg)",
            "The criteria catalogue (as it is: the 19 criteria of Decision 318/QĐ-TTg)",
        ),
    }
}

fn write_instructions(
    worksheet: &mut Worksheet,
    lang: Lang,
    filled: bool,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut r = 0;
    worksheet.write_string_with_format(
        r,
        0,
        lang.pick(
            "Dữ liệu lập kế hoạch nông thôn mới (ntm)",
            "Data for planning new rural development (ntm)",
        ),
        &title,
    )?;
    r += 2;
    let intro: &[&str] = if lang == Lang::Vi {
        &[
            "Mỗi sheet là một bảng. Dòng 1 là tên cột, dòng 2 là mã cột: giữ nguyên hai dòng này, nhập dữ liệu từ dòng 3.",
            "Số tiền tính bằng triệu đồng. Nhập số dưới dạng số (không phải văn bản), không dùng công thức, không gộp ô.",
            "Sheet không bắt buộc có thể để trống. Danh sách chọn lấy từ sheet Danh mục.",
            "Để lập kế hoạch: trong tệp kịch bản (.toml) ghi data = \"tên-tệp.xlsx\", rồi chạy: ntm plan kịch-bản.toml",
        ]
    } else {
        &[
            "Each sheet is a table. Row 1 holds the column headings, row 2 the column ids: keep both rows and type the data from row 3.",
            "Amounts are in million VND. Type numbers as numbers (not text), without formulas or merged cells.",
            "Optional sheets may be left empty. The drop-down lists come from the Lists sheet.",
            "To plan: in the scenario file (.toml) write data = \"file-name.xlsx\", then run: ntm plan scenario.toml",
        ]
    };
    for line in intro {
        // Unwrapped, so the sentence runs on over the empty cells beside.
        worksheet.write_string(r, 0, *line)?;
        r += 1;
    }
    if filled {
        worksheet.write_string(
            r,
            0,
            lang.pick(
                "Tệp này chứa dữ liệu của một kịch bản; sửa rồi lập kế hoạch lại.",
                "This file holds a scenario's data; edit it and plan again.",
            ),
        )?;
        r += 1;
    }
    r += 1;
    for table in TABLES {
        worksheet.write_string_with_format(r, 0, table.label(lang), &bold)?;
        worksheet.write_string_with_format(r, 1, purpose(table, lang), &wrap)?;
        r += 1;
        for column in table.columns {
            worksheet.write_string(r, 1, format!("{} ({column})", heading(column, lang)))?;
            worksheet.write_string_with_format(r, 2, meaning(column, lang), &wrap)?;
            r += 1;
        }
        r += 1;
    }
    worksheet.set_column_width(0, 24)?;
    worksheet.set_column_width(1, 44)?;
    worksheet.set_column_width(2, 70)?;
    worksheet.set_active(true);
    Ok(())
}
