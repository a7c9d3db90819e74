//! Reading a plan written by hand or in Excel, in the `plan.csv` format.
//!
//! A plan is `plan.csv` as `ntm plan` writes it, that file edited and saved
//! again by Excel or LibreOffice (a byte-order mark, CRLF, semicolons where
//! the comma is the decimal mark, the headings of the plan sheet in
//! Vietnamese or English), or the plan sheet of the plan workbook itself
//! (`report.xlsx`), so that what the tool hands a planner comes back
//! unchanged. Rows keep the number the planner sees: the line of the CSV
//! file, the row of the sheet.
//!
//! What cannot be read (a missing or unknown column, a year or amount that
//! is not a number, text that is not UTF-8) is bad input, one message with
//! file, line and column, like every table. What can be read but breaks a
//! rule (an unknown commune, money over a budget) is left to the
//! evaluator, which reports every such row at once: a district's plan is
//! judged, not refused.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use crate::columns::{PLAN, is_plan_sheet};
use crate::error::{InputError, Location, Text};
use crate::evaluate::{Break, BreakKind, PlanRow};
use crate::instance::Instance;
use crate::money::Money;
use crate::names::Catalogue;
use crate::tables::{
    MAX_CELL_MILLIONS, MAX_TABLE_BYTES, NumberFormat, Origin, Reading, Row, Schema, Table,
    guess_delimiter, plain_number, read_limited,
};
use crate::workbook::Workbook;

/// The columns of `plan.csv`. `district`, `commune` and the names
/// (`criterion_name`, `source_name`, `purpose_name`) are there for the
/// reader of the file; `purpose` (`new`, `maintenance` or `advanced`) is
/// accepted for plans that keep at-risk criteria or pay advanced ones, and
/// not yet used.
const SCHEMA: Schema = Schema {
    required: &["year", "commune_id", "criterion", "source_id", "amount"],
    optional: &[
        "district",
        "commune",
        "purpose",
        "criterion_name",
        "source_name",
        "purpose_name",
        "village_id",
        "village",
        "committed",
    ],
};

/// The most a plan's amounts may add up to, as for every input table: far
/// above any province's programme, and low enough that no sum in đồng can
/// overflow.
const MAX_PLAN_TOTAL_MILLIONS: i64 = 1_000_000_000_000;

/// One row's informational cells, checked against the data by
/// [`label_breaks`].
#[derive(Debug, Clone, PartialEq)]
pub struct RowLabels {
    pub row: usize,
    pub district: Option<String>,
    pub commune: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanFile {
    /// Rows numbered by their line in the file (the header is line 1), or
    /// by their row in the sheet.
    pub rows: Vec<PlanRow>,
    pub labels: Vec<RowLabels>,
    /// The sheet the plan was read from, when it is a workbook's: rows are
    /// its rows, and a report says so.
    pub sheet: Option<String>,
}

/// How to read a plan file beyond what it says itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanReading {
    /// The sheet of a workbook that holds the plan; `None` finds it by name.
    pub sheet: Option<String>,
    /// The delimiter of a CSV file; `None` guesses it from the header line.
    pub delimiter: Option<u8>,
}

/// Whether `path` is named as a workbook (`.xlsx`, `.xlsm`, `.xls`). A
/// workbook otherwise named is known by its first bytes when it is read.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        ["xlsx", "xlsm", "xls"]
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// Whether bytes begin as a workbook does: a zip (`.xlsx`) or an OLE file
/// (`.xls`, or an encrypted workbook), so that a workbook renamed `.csv`
/// is not read as broken text.
fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A plan file in the `plan.csv` format, its delimiter guessed.
pub fn read(path: &Path) -> Result<PlanFile, InputError> {
    read_with(path, &PlanReading::default())
}

/// A plan from a CSV file or from the plan sheet of a workbook.
pub fn read_with(path: &Path, how: &PlanReading) -> Result<PlanFile, InputError> {
    let ods = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ods"));
    if ods {
        // LibreOffice's own format, a zip as .xlsx is: without this, a
        // message about a missing part of an Excel file.
        return Err(InputError::new(
            Location::file(path),
            crate::text!(
                "đây là bảng tính OpenDocument (.ods); hãy lưu thành Excel 2007-365 (.xlsx) \
                 hoặc CSV (UTF-8)",
                "this is an OpenDocument spreadsheet (.ods); save it as Excel 2007-365 (.xlsx) \
                 or as CSV (UTF-8)"
            ),
        ));
    }
    // A CSV file is read once, its bytes looked at before they are parsed:
    // a plan given as a pipe (`<(…)`) cannot be opened twice.
    let bytes = if is_workbook(path) {
        None
    } else {
        Some(read_limited(path, MAX_TABLE_BYTES)?).filter(|b| !looks_like_workbook(b))
    };
    let Some(bytes) = bytes else {
        let mut book = Workbook::open(path)?;
        let sheet = plan_sheet(&book, how.sheet.as_deref())?;
        let records = book.records(&sheet)?;
        let origin = Origin {
            path,
            sheet: Some(&sheet),
        };
        let table = Table::from_records(&origin, records, &SCHEMA, Reading::default(), false)?;
        let mut file = from_table(&table, false)?;
        file.sheet = Some(sheet);
        return Ok(file);
    };
    if let Some(sheet) = &how.sheet {
        return Err(InputError::new(
            Location::file(path),
            crate::text!(
                "--sheet `{sheet}` chọn một trang tính của tệp Excel (.xlsx), nhưng đây là \
                 tệp CSV; hãy bỏ --sheet",
                "--sheet `{sheet}` chooses a sheet of a workbook (.xlsx), but this is a \
                 CSV file; leave --sheet out"
            ),
        ));
    }
    let delimiter = how.delimiter.unwrap_or_else(|| {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
        guess_delimiter(text.strip_prefix('\u{feff}').unwrap_or(&text))
    });
    let reading = Reading {
        delimiter: Some(delimiter),
        ..Reading::default()
    };
    let table = Table::from_csv(path, &bytes, &SCHEMA, reading, false).map_err(|mut e| {
        // Excel's "Text (Tab delimited)": tabs are never guessed, since a
        // tab in a cell is a mistake to point at, so say how to read it.
        if how.delimiter.is_none() && e.location.line == 1 && e.message.contains("U+0009") {
            e.message
                .push_str("; if the file is delimited by tabs, give --delimiter tab");
        }
        e
    })?;
    from_table(&table, delimiter == b',')
}

/// The sheet that holds the plan: the one named `wanted` (compared without
/// case), else the one named as the plan workbook names it (`Kế hoạch`,
/// `Plan`), else a workbook's only sheet. Anything else is a guess, refused
/// with the sheets there are.
fn plan_sheet(book: &Workbook, wanted: Option<&str>) -> Result<String, InputError> {
    let names = book.sheet_names();
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let at_file = || Location::file(book.path());
    if let Some(wanted) = wanted {
        let fold = |s: &str| crate::tables::name_text(s).to_lowercase();
        return names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| fold(n) == fold(wanted)))
            .cloned()
            .ok_or_else(|| {
                InputError::new(
                    at_file(),
                    crate::text!(
                        "không có trang tính `{wanted}`; các trang tính là {listed}",
                        "no sheet `{wanted}`; the sheets are {listed}"
                    ),
                )
            });
    }
    let plans: Vec<&String> = names.iter().filter(|n| is_plan_sheet(n)).collect();
    match (plans.as_slice(), names.as_slice()) {
        ([one], _) => Ok((*one).clone()),
        ([], [only]) => Ok(only.clone()),
        ([], _) => Err(InputError::new(at_file(), {
            let (vi, en) = (PLAN.vi, PLAN.en);
            crate::text!(
                "không có trang tính `{vi}` hay `{en}` chứa kế hoạch; các trang tính là \
                     {listed}. Hãy chọn bằng --sheet TÊN",
                "no sheet `{vi}` or `{en}` holds the plan; the sheets are {listed}. \
                     Choose one with --sheet NAME"
            )
        })),
        (several, _) => Err(InputError::new(at_file(), {
            let plans = several
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            crate::text!(
                "các trang tính {plans} đều giống trang kế hoạch; hãy chọn một bằng \
                     --sheet TÊN (các trang tính là {listed})",
                "sheets {plans} all look like the plan; choose one with --sheet NAME \
                     (the sheets are {listed})"
            )
        })),
    }
}

/// The plan's rows. `comma_delimited`: a CSV file with commas between
/// cells, whose decimal mark is therefore the dot (see [`shown_amount`]).
fn from_table(table: &Table, comma_delimited: bool) -> Result<PlanFile, InputError> {
    let mut rows = Vec::new();
    let mut labels = Vec::new();
    let mut total: i64 = 0;
    // The file's decimal mark, where any amount shows it: a sheet saved "as
    // shown" writes every amount in one locale, so `2,150.00` elsewhere in
    // the file says that `90.063` is ninety and a bit.
    let mark = decimal_mark(
        table
            .rows()
            .filter(|row| !row.typed_number("amount"))
            .filter_map(|row| row.optional("amount").map(str::to_string)),
    );
    for row in table.rows() {
        let year = row.integer("year")?;
        let year = i32::try_from(year)
            .ok()
            .filter(|y| (1900..=2200).contains(y))
            .ok_or_else(|| {
                row.error(
                    "year",
                    crate::text!(
                        "{year} không phải là năm hợp lý",
                        "{year} is not a plausible year"
                    ),
                )
            })?;
        let amount = amount(&row, comma_delimited, mark)?;
        total = total.saturating_add(amount.dong().unsigned_abs() as i64);
        if total > MAX_PLAN_TOTAL_MILLIONS.saturating_mul(1_000_000) {
            return Err(row.error(
                "amount",
                crate::text!(
                    "với dòng này, tổng kế hoạch vượt 1.000.000.000.000 triệu đồng; số tiền \
                     tính bằng triệu đồng",
                    "with this row the plan adds up to more than 1,000,000,000,000 million VND; \
                     amounts are in million VND"
                ),
            ));
        }
        if let Some(purpose) = row.optional("purpose")
            && !matches!(purpose, "new" | "maintenance" | "advanced" | "village")
        {
            return Err(row.error(
                "purpose",
                crate::text!(
                    "`{purpose}` phải là `new`, `maintenance`, `advanced` hoặc `village` (hoặc để trống)",
                    "`{purpose}` must be `new`, `maintenance`, `advanced` or `village` (or empty)"
                ),
            ));
        }
        rows.push(PlanRow {
            row: row.line(),
            year,
            commune_id: text(&row, "commune_id")?,
            criterion: text(&row, "criterion")?,
            source_id: text(&row, "source_id")?,
            amount,
            village_id: row.optional("village_id").map(formula_text),
        });
        labels.push(RowLabels {
            row: row.line(),
            district: row.optional("district").map(formula_text),
            commune: row.optional("commune").map(formula_text),
        });
    }
    Ok(PlanFile {
        rows,
        labels,
        sheet: None,
    })
}

/// Write the ids of the communes, criteria and sources that rows name by
/// name or number (see [`crate::names`]), so that a plan typed with names
/// is judged, and reported, exactly as the same plan with ids. A text that
/// names nothing, or more than one thing, is left as written: the
/// evaluator reports it as a break, with a suggestion.
pub fn resolve_names(instance: &Instance, rows: &mut [PlanRow]) {
    let lang = crate::lang::Lang::En;
    let communes = Catalogue::communes(&instance.communes, &instance.districts, lang);
    let criteria = Catalogue::criteria(&instance.criteria, lang);
    let sources = Catalogue::sources(&instance.sources, lang);
    let villages = Catalogue::villages(&instance.villages, &instance.communes, lang);
    for row in rows {
        if let Some(village) = row.village_id.as_mut()
            && let Ok(i) = villages.resolve(village)
        {
            village.clone_from(&villages.entries()[i].id);
        }
        for (text, catalogue) in [
            (&mut row.commune_id, &communes),
            (&mut row.criterion, &criteria),
            (&mut row.source_id, &sources),
        ] {
            if let Ok(i) = catalogue.resolve(text) {
                text.clone_from(&catalogue.entries()[i].id);
            }
        }
    }
}

/// Million VND to the đồng. Zero and negative amounts are read: they are a
/// rule the evaluator reports with the others, not an unreadable cell.
/// Which mark separates decimals in amounts written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DecimalMark {
    Dot,
    Comma,
}

/// The decimal mark the amounts `texts` show, when one shows it and none
/// says otherwise: both marks (the last is the decimal mark), one mark
/// twice (it groups thousands), or one mark not followed by exactly three
/// digits (it cannot group them).
fn decimal_mark(texts: impl Iterator<Item = String>) -> Option<DecimalMark> {
    let mut found = None;
    for text in texts {
        let body = text.trim().trim_start_matches('-');
        let said = match (body.rfind('.'), body.rfind(',')) {
            (Some(d), Some(c)) => Some(if d > c {
                DecimalMark::Dot
            } else {
                DecimalMark::Comma
            }),
            (Some(_), None) if body.matches('.').count() > 1 => Some(DecimalMark::Comma),
            (Some(d), None) if body.len() - d - 1 != 3 => Some(DecimalMark::Dot),
            (None, Some(_)) if body.matches(',').count() > 1 => Some(DecimalMark::Dot),
            (None, Some(c)) if body.len() - c - 1 != 3 => Some(DecimalMark::Comma),
            _ => None,
        };
        match (found, said) {
            (_, None) => {}
            (None, Some(mark)) => found = Some(mark),
            (Some(a), Some(b)) if a != b => return None,
            _ => {}
        }
    }
    found
}

fn amount(
    row: &Row,
    comma_delimited: bool,
    mark: Option<DecimalMark>,
) -> Result<Money, InputError> {
    let text = row.text("amount")?;
    // A number typed as a number in a sheet is that number: `17.125` is
    // seventeen and an eighth, not a grouping of thousands to ask about.
    let plain = if row.typed_number("amount") {
        Cow::Borrowed(text)
    } else {
        shown_amount(text, comma_delimited, mark).map_err(|why| row.error("amount", why))?
    };
    let amount = Money::parse(&plain).map_err(|why| row.error("amount", why))?;
    if amount.dong().unsigned_abs() > Money::from_millions(MAX_CELL_MILLIONS).dong() as u64 {
        return Err(row.error(
            "amount",
            crate::text!(
                "`{text}` lớn hơn 1.000.000.000 triệu đồng; số tiền tính bằng triệu đồng",
                "`{text}` is more than 1,000,000,000 million VND; amounts are in million VND"
            ),
        ));
    }
    Ok(amount)
}

/// An amount as a spreadsheet saves it "as shown", in the plain form
/// `Money::parse` reads. The plan sheet shows money grouped in thousands
/// with two decimals (`#,##0.00`), which a CSV saved from it keeps in the
/// spreadsheet's locale: `2,150.00` or `2.150,00`, with either delimiter
/// (LibreOffice lets the two be chosen apart). With both marks the last is
/// the decimal mark; a comma alone is a decimal mark (`590,00`), unless it
/// groups thousands (`2,150`), which only a comma-delimited file, whose
/// decimal mark is the dot, says for sure; a dot alone follows the rule of
/// every table (`17.000` is ambiguous).
///
/// `mark`, the decimal mark the file's other amounts show, settles a
/// number with one mark followed by three digits (`90.063`, `2,150`).
fn shown_amount(
    text: &str,
    comma_delimited: bool,
    mark: Option<DecimalMark>,
) -> Result<Cow<'_, str>, Text> {
    let plain = Reading::default();
    let vi = Reading {
        number_format: NumberFormat::Vi,
        ..plain
    };
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let last_mark = body.rfind(['.', ',']).map(|i| &body[i..=i]);
    let comma_groups = |whole: &str| {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or("");
        let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
        digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g))
    };
    let ungrouped = |whole: &str, fraction: Option<&str>| {
        let mut out = format!("{sign}{}", whole.replace(',', ""));
        if let Some(f) = fraction {
            out.push('.');
            out.push_str(f);
        }
        Cow::Owned(out)
    };
    let not_an_amount = || {
        crate::text!(
            "`{text}` không phải là số tiền: hãy viết 2150 hoặc 2150.5 (có thể nhóm hàng nghìn \
             như 2,150.00 hoặc 2.150,00)",
            "`{text}` is not an amount: write it as 2150 or 2150.5 (thousands may be grouped \
             as in 2,150.00 or 2.150,00)"
        )
    };
    match (body.contains('.'), body.contains(','), last_mark) {
        (true, false, _) if mark == Some(DecimalMark::Dot) && body.matches('.').count() == 1 => {
            Ok(Cow::Borrowed(text))
        }
        (true, false, _) if mark == Some(DecimalMark::Comma) => {
            plain_number(text, vi).map_err(|_| not_an_amount())
        }
        (_, false, _) => plain_number(text, plain).map_err(|_| {
            let thousands = format!("{sign}{}", body.replace('.', ""));
            crate::text!(
                "`{text}` không rõ nghĩa: dấu chấm có thể phân cách hàng nghìn ({thousands}) \
                 hoặc là dấu thập phân; hãy viết số không phân cách hàng nghìn, hoặc lưu kế \
                 hoạch với phần thập phân (như 2.150,00 hay 2,150.00)",
                "`{text}` is ambiguous: the dot may group thousands ({thousands}) or mark \
                 decimals; write the amount without grouping, or save the plan with its \
                 decimals shown (as in 2,150.00 or 2.150,00)"
            )
        }),
        (true, true, Some(".")) => {
            let (whole, fraction) = body.rsplit_once('.').unwrap_or((body, ""));
            if comma_groups(whole) && fraction.bytes().all(|b| b.is_ascii_digit()) {
                Ok(ungrouped(whole, Some(fraction)))
            } else {
                Err(not_an_amount())
            }
        }
        (true, true, _) => plain_number(text, vi).map_err(|_| not_an_amount()),
        (false, true, _) if comma_groups(body) && mark == Some(DecimalMark::Comma) => {
            plain_number(text, vi).map_err(|_| not_an_amount())
        }
        (false, true, _) if comma_groups(body) => {
            if comma_delimited || mark == Some(DecimalMark::Dot) {
                Ok(ungrouped(body, None))
            } else {
                let small = body.replacen(',', ".", 1);
                let thousands = body.replace(',', "");
                Err(crate::text!(
                    "`{text}` không rõ nghĩa: dấu phẩy có thể phân cách hàng nghìn \
                     ({sign}{thousands}) hoặc là dấu thập phân ({sign}{small}); hãy viết một trong \
                     hai số đó, không phân cách hàng nghìn",
                    "`{text}` is ambiguous: the comma may group thousands ({sign}{thousands}) or \
                     mark decimals ({sign}{small}); write one of them without grouping"
                ))
            }
        }
        (false, true, _) => plain_number(text, vi).map_err(|_| not_an_amount()),
    }
}

fn text(row: &Row, column: &str) -> Result<String, InputError> {
    row.text(column).map(formula_text)
}

/// The text a cell stands for. `ntm` writes text that would start a
/// formula, or that starts with an apostrophe, behind one more apostrophe
/// (`'=HYPERLINK(…)`, `''x`), so that a plan it wrote reads back as the
/// names it came from; an apostrophe written by hand before other text is
/// kept.
pub fn formula_text(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// Rows whose `district` or `commune` cell contradicts the commune its id
/// names: most likely the id is a typo and the money is meant for another
/// commune, so the row is reported as a break. Rows with an unknown id are
/// left to the evaluator.
pub fn label_breaks(instance: &Instance, labels: &[RowLabels], rows: &[PlanRow]) -> Vec<Break> {
    let communes: HashMap<&str, usize> = instance
        .communes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut breaks = Vec::new();
    for (label, row) in labels.iter().zip(rows) {
        let Some(&c) = communes.get(row.commune_id.as_str()) else {
            continue;
        };
        let commune = &instance.communes[c];
        let district = &instance.districts[commune.district.0].name;
        let on_row = |kind: BreakKind, message: String| Break {
            source_id: Some(row.source_id.clone()),
            year: Some(row.year),
            district: Some(district.clone()),
            commune_id: Some(row.commune_id.clone()),
            criterion: Some(row.criterion.clone()),
            ..Break::new(kind, vec![label.row], message)
        };
        if let Some(written) = &label.district
            && written != district
        {
            breaks.push(on_row(
                BreakKind::DistrictMismatch,
                format!(
                    "the row says district `{written}`, but `{}` is in `{district}`",
                    row.commune_id
                ),
            ));
        }
        if let Some(written) = &label.commune
            && written != &commune.name
        {
            breaks.push(on_row(
                BreakKind::CommuneMismatch,
                format!(
                    "the row says commune `{written}`, but `{}` is `{}`",
                    row.commune_id, commune.name
                ),
            ));
        }
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::{DecimalMark, decimal_mark, shown_amount};

    #[test]
    fn amounts_saved_as_shown_read_in_either_locale() {
        let read = |text, commas| shown_amount(text, commas, None).map(|c| c.into_owned());
        for commas in [true, false] {
            assert_eq!(read("2150", commas).unwrap(), "2150");
            assert_eq!(read("1234.5", commas).unwrap(), "1234.5");
            assert_eq!(read("2,150.00", commas).unwrap(), "2150.00");
            assert_eq!(read("-1,234,567.5", commas).unwrap(), "-1234567.5");
            assert_eq!(read("2.150,00", commas).unwrap(), "2150.00");
            assert_eq!(read("1.234.567,5", commas).unwrap(), "1234567.5");
            assert_eq!(read("590,00", commas).unwrap(), "590.00");
            assert_eq!(read("1,5", commas).unwrap(), "1.5");
            assert!(
                read("17.000", commas).is_err(),
                "ambiguous as in every table"
            );
            assert!(read("21,50.00", commas).is_err());
            assert!(read("2.15.0,00", commas).is_err());
            assert!(read("1,2,3", commas).is_err());
        }
        assert_eq!(read("2,150", true).unwrap(), "2150");
        assert!(read("2,150", false).unwrap_err().en.contains("ambiguous"));
    }

    #[test]
    fn the_file_decimal_mark_settles_a_mark_before_three_digits() {
        let mark = |texts: &[&str]| decimal_mark(texts.iter().map(|t| t.to_string()));
        assert_eq!(mark(&["90.063", "1,800.00"]), Some(DecimalMark::Dot));
        assert_eq!(mark(&["90.063", "500.35"]), Some(DecimalMark::Dot));
        assert_eq!(mark(&["90,063", "1.800,00"]), Some(DecimalMark::Comma));
        assert_eq!(mark(&["1.800.000", "17.000"]), Some(DecimalMark::Comma));
        assert_eq!(mark(&["1,800,000"]), Some(DecimalMark::Dot));
        assert_eq!(mark(&["17.000", "2150"]), None, "nothing says");
        assert_eq!(mark(&["1,5", "2.5"]), None, "the file contradicts itself");
        let read = |text, mark| shown_amount(text, false, Some(mark)).map(|c| c.into_owned());
        assert_eq!(read("90.063", DecimalMark::Dot).unwrap(), "90.063");
        assert_eq!(read("90.063", DecimalMark::Comma).unwrap(), "90063");
        assert_eq!(read("90,063", DecimalMark::Comma).unwrap(), "90.063");
        assert_eq!(read("2,150", DecimalMark::Dot).unwrap(), "2150");
        assert!(
            read("17.000", DecimalMark::Dot).is_ok_and(|x| x == "17.000"),
            "seventeen"
        );
        let message = shown_amount("17.000", false, None).unwrap_err().en;
        assert!(
            message.contains("ambiguous") && !message.contains("number_format"),
            "a plan file is read without the scenario: {message}"
        );
    }
}
