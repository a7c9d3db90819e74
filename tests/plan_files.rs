//! Plans as planners write them: the plan sheet of the workbook `ntm plan`
//! writes, read back by `evaluate` and `compare` unchanged; that sheet saved
//! as CSV by Excel or LibreOffice (BOM, CRLF, semicolons, amounts as shown);
//! Vietnamese headings; `--delimiter` and `--sheet`; and messages that name
//! the row and cell the planner sees.

mod fixture;
mod workbook;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::Data;
use fixture::{Fixture, PLAN, assert_no_panic, ntm, read_output_csv, stderr};
use rust_xlsxwriter::Workbook;
use workbook::{Sheet, sheets};

/// The outputs of `evaluate` that say nothing of the plan file's name, and
/// so must be the same, byte for byte, whatever form the plan came in.
const SAME_OUTPUTS: [&str; 4] = [
    "evaluate.csv",
    "changes.csv",
    "closest_plan.csv",
    "evaluate.json",
];

fn run(cwd: &Path, args: &[&OsStr]) -> Output {
    let output = ntm(cwd, args);
    assert_no_panic(&output);
    output
}

/// `ntm plan SCENARIO -o OUT --format xlsx` plus `extra`.
fn plan(cwd: &Path, scenario: &Path, out: &Path, extra: &[&str]) {
    let mut args: Vec<&OsStr> = vec![
        "plan".as_ref(),
        scenario.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--no-timings".as_ref(),
        "-q".as_ref(),
        "--format".as_ref(),
        "xlsx".as_ref(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    let output = run(cwd, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// `ntm evaluate SCENARIO --plan PLAN -o OUT -q` plus `extra`.
fn evaluate(cwd: &Path, scenario: &Path, plan: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec![
        "evaluate".as_ref(),
        scenario.as_os_str(),
        "--plan".as_ref(),
        plan.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    run(cwd, &args)
}

fn assert_same_outputs(a: &Path, b: &Path, what: &str) {
    for name in SAME_OUTPUTS {
        let (x, y) = (
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
        );
        assert!(x == y, "{what}: {name} is the same as for plan.csv");
    }
}

/// How a spreadsheet saves a sheet as CSV "as shown".
#[derive(Clone, Copy)]
enum Locale {
    /// Vietnamese settings: `;` between cells, `2.150,00`.
    Vi,
    /// English settings: `,` between cells, `"2,150.00"`.
    En,
}

/// A number as the plan sheet shows it: money grouped in thousands with
/// two decimals or as many as it has; other numbers as they are.
fn shown(x: f64, money: bool, locale: Locale) -> String {
    if !money {
        return format!("{x}");
    }
    let fixed = format!("{:.6}", x.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap();
    let mut fraction = fraction.trim_end_matches('0').to_string();
    while fraction.len() < 2 {
        fraction.push('0');
    }
    let (group, decimal) = match locale {
        Locale::Vi => ('.', ','),
        Locale::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}{decimal}{fraction}")
}

/// A sheet saved as CSV the way Excel saves it: a byte-order mark, CRLF,
/// the locale's delimiter, numbers as shown, cells quoted when they must be.
fn excel_csv(sheet: &Sheet, locale: Locale) -> String {
    let delimiter = match locale {
        Locale::Vi => ';',
        Locale::En => ',',
    };
    let money: Vec<bool> = sheet[0]
        .iter()
        .map(|h| matches!(h, Data::String(s) if s.contains("triệu đồng") || s.contains("million VND")))
        .collect();
    let mut text = String::from("\u{feff}");
    for row in sheet {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let raw = match cell {
                    Data::String(s) => s.clone(),
                    Data::Float(x) => shown(*x, money[c], locale),
                    Data::Int(n) => shown(*n as f64, money[c], locale),
                    Data::Empty => String::new(),
                    other => panic!("unexpected cell {other:?}"),
                };
                if raw.contains([delimiter, '"', '\n']) {
                    format!("\"{}\"", raw.replace('"', "\"\""))
                } else {
                    raw
                }
            })
            .collect();
        text.push_str(&cells.join(&delimiter.to_string()));
        text.push_str("\r\n");
    }
    text
}

fn plan_sheet(book: &Path, name: &str) -> Sheet {
    sheets(book)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("a sheet {name}"))
        .1
}

#[test]
fn the_plan_sheet_of_a_plan_run_evaluates_as_its_plan_csv_in_both_languages() {
    for (lang, sheet_name, locale) in [("vi", "Kế hoạch", Locale::Vi), ("en", "Plan", Locale::En)]
    {
        let f = Fixture::new();
        let scenario = f.scenario();
        let out = f.root().join(format!("planned-{lang}"));
        plan(f.root(), &scenario, &out, &["--lang", lang]);
        let book = out.join("report.xlsx");
        let reference = f.root().join(format!("from-csv-{lang}"));
        let output = evaluate(f.root(), &scenario, &out.join("plan.csv"), &reference, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

        let from_book = f.root().join(format!("from-xlsx-{lang}"));
        let output = evaluate(f.root(), &scenario, &book, &from_book, &[]);
        assert_eq!(output.status.code(), Some(0), "{lang}: {}", stderr(&output));
        assert_same_outputs(&reference, &from_book, lang);
        let md = std::fs::read_to_string(from_book.join("evaluate.md")).unwrap();
        assert!(
            md.contains(&format!("report.xlsx`, sheet `{sheet_name}`.")),
            "the report says which sheet its rows are: {md}"
        );

        // The sheet named, as a planner would after renaming the others.
        let named = f.root().join(format!("named-{lang}"));
        let output = evaluate(f.root(), &scenario, &book, &named, &["--sheet", sheet_name]);
        assert_eq!(output.status.code(), Some(0), "{lang}: {}", stderr(&output));

        // The sheet saved as CSV by a spreadsheet in the same language.
        let saved = f.root().join(format!("saved-{lang}.csv"));
        std::fs::write(&saved, excel_csv(&plan_sheet(&book, sheet_name), locale)).unwrap();
        let from_saved = f.root().join(format!("from-saved-{lang}"));
        let output = evaluate(f.root(), &scenario, &saved, &from_saved, &[]);
        assert_eq!(output.status.code(), Some(0), "{lang}: {}", stderr(&output));
        assert_same_outputs(&reference, &from_saved, lang);
    }
}

/// Amounts with three decimals (`150.105`, costs 0.07% over) are shown
/// as they are, and a sheet saved "as shown" writes one such as `150.105`
/// (English) or `150,105` (Vietnamese): read alone, the mark could group
/// thousands, but the file's other amounts (`500.35`, `1,800.00`) say which
/// mark is the decimal one.
#[test]
fn three_decimals_saved_as_shown_read_back_by_the_file_decimal_mark() {
    for (lang, sheet_name, locale) in [("vi", "Kế hoạch", Locale::Vi), ("en", "Plan", Locale::En)]
    {
        let f = Fixture::new();
        let scenario = f.scenario();
        let over = ["--set", "adjust.cost=1.0007"];
        let out = f.root().join(format!("planned-{lang}"));
        let mut extra = vec!["--lang", lang];
        extra.extend(over);
        plan(f.root(), &scenario, &out, &extra);
        let text = std::fs::read_to_string(out.join("plan.csv")).unwrap();
        assert!(
            text.lines().any(|l| l.contains(".105")),
            "an amount with three decimals:\n{text}"
        );
        let reference = f.root().join(format!("from-csv-{lang}"));
        let output = evaluate(
            f.root(),
            &scenario,
            &out.join("plan.csv"),
            &reference,
            &over,
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let saved = f.root().join(format!("saved-{lang}.csv"));
        let csv = excel_csv(&plan_sheet(&out.join("report.xlsx"), sheet_name), locale);
        assert!(csv.contains("150.105") || csv.contains("150,105"), "{csv}");
        std::fs::write(&saved, csv).unwrap();
        let from_saved = f.root().join(format!("from-saved-{lang}"));
        let output = evaluate(f.root(), &scenario, &saved, &from_saved, &over);
        assert_eq!(output.status.code(), Some(0), "{lang}: {}", stderr(&output));
        assert_same_outputs(&reference, &from_saved, lang);
    }
}

/// The repository's Lai Châu scenario, planned once into `out`.
fn lai_chau(out: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = root.join("scenarios/lai-chau-2025.toml");
    plan(root, &scenario, out, &[]);
    scenario
}

#[test]
fn the_lai_chau_plan_workbook_goes_back_in_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("planned");
    let scenario = lai_chau(&out);
    // The default plan pauses projects: the plan goes back in with them.
    let paused = out.join("paused_projects.csv");
    let with_paused = ["--paused", paused.to_str().unwrap()];
    let book = out.join("report.xlsx");
    let reference = dir.path().join("from-csv");
    let output = evaluate(
        dir.path(),
        &scenario,
        &out.join("plan.csv"),
        &reference,
        &with_paused,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let from_book = dir.path().join("from-xlsx");
    let output = evaluate(dir.path(), &scenario, &book, &from_book, &with_paused);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_same_outputs(&reference, &from_book, "report.xlsx");

    // Vietnamese Excel's CSV: semicolons, and amounts like 2.150,00.
    let sheet = plan_sheet(&book, "Kế hoạch");
    let saved = dir.path().join("ke-hoach.csv");
    let text = excel_csv(&sheet, Locale::Vi);
    assert!(
        text.contains(".") && text.contains(",00;"),
        "grouped amounts"
    );
    std::fs::write(&saved, text).unwrap();
    let from_saved = dir.path().join("from-saved");
    let output = evaluate(dir.path(), &scenario, &saved, &from_saved, &with_paused);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_same_outputs(&reference, &from_saved, "ke-hoach.csv");

    // The workbook is an input: never written over.
    let before = std::fs::read(&book).unwrap();
    let output = evaluate(dir.path(), &scenario, &book, &out, &with_paused);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(std::fs::read(&book).unwrap(), before);
}

#[test]
fn libreoffice_saves_the_plan_sheet_as_a_csv_that_evaluates() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("planned");
    let scenario = lai_chau(&out);
    // The default plan pauses projects: the plan goes back in with them.
    let paused = out.join("paused_projects.csv");
    let with_paused = ["--paused", paused.to_str().unwrap()];
    let reference = dir.path().join("from-csv");
    let output = evaluate(
        dir.path(),
        &scenario,
        &out.join("plan.csv"),
        &reference,
        &with_paused,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // UTF-8 (76), cells as shown, each sheet to a file of its own (-1); a
    // profile of the test's own, so that no other LibreOffice is in the way.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("lo").display()
    );
    for (delimiter, name) in [(59, "semicolons"), (44, "commas")] {
        let saved = dir.path().join(name);
        let filter = format!(
            "csv:Text - txt - csv (StarCalc):{delimiter},34,76,1,,0,false,true,true,false,false,-1"
        );
        let converted = std::process::Command::new(soffice)
            .arg(&profile)
            .args(["--headless", "--convert-to", &filter, "--outdir"])
            .arg(&saved)
            .arg(out.join("report.xlsx"))
            .output()
            .expect("run soffice");
        assert!(converted.status.success(), "{converted:?}");
        let sheet = saved.join("report-Kế hoạch.csv");
        assert!(sheet.exists(), "{converted:?}");
        let from_saved = dir.path().join(format!("from-{name}"));
        let output = evaluate(dir.path(), &scenario, &sheet, &from_saved, &with_paused);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        assert_same_outputs(&reference, &from_saved, name);
    }
}

#[test]
fn a_semicolon_csv_with_vietnamese_headings_evaluates() {
    let f = Fixture::new();
    let mut lines =
        vec!["Năm;Huyện;Mã xã;Xã;Mã tiêu chí;Mã nguồn vốn;Số tiền (triệu đồng)".to_string()];
    lines.extend(PLAN[1..].iter().map(|l| l.replace(',', ";")));
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let plan = f.write_plan("ke-hoach.csv", &refs);
    let output = evaluate(f.root(), &f.scenario(), &plan, &f.root().join("e"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // A row that breaks a rule is told by its line in the file.
    lines.push("2025;Alpha;C9;Xã mới;schools;central;10".to_string());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let plan = f.write_plan("ke-hoach-2.csv", &refs);
    let out = f.root().join("e2");
    let output = evaluate(f.root(), &f.scenario(), &plan, &out, &[]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    let (_, rows) = read_output_csv(&out.join("evaluate.csv"));
    assert_eq!(
        (rows[0][0].as_str(), rows[0][2].as_str()),
        ("11", "unknown_commune")
    );
}

#[test]
fn the_delimiter_can_be_given() {
    let f = Fixture::new();
    let lines: Vec<String> = PLAN.iter().map(|l| l.replace(',', "\t")).collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let plan = f.write_plan("tabs.txt", &refs);
    // Tabs are not guessed: the header is one cell holding tabs.
    let output = evaluate(f.root(), &f.scenario(), &plan, &f.root().join("a"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("tabs.txt:1:1: the cell holds a control character (U+0009); remove it; if the file is delimited by tabs, give --delimiter tab"),
        "{}",
        stderr(&output)
    );
    let output = evaluate(
        f.root(),
        &f.scenario(),
        &plan,
        &f.root().join("b"),
        &["--delimiter", "tab"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // A semicolon given outright, with amounts written as Vietnamese Excel
    // shows them.
    let lines: Vec<String> = PLAN
        .iter()
        .map(|l| l.replace(',', ";").replace(";600", ";600,00"))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let plan = f.write_plan("semi.csv", &refs);
    let output = evaluate(
        f.root(),
        &f.scenario(),
        &plan,
        &f.root().join("c"),
        &["--delimiter", ";"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = evaluate(
        f.root(),
        &f.scenario(),
        &plan,
        &f.root().join("d"),
        &["--delimiter", "semicolon"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a delimiter"),
        "{}",
        stderr(&output)
    );
}

/// A workbook with the sheets `(name, rows)`, cells given as text; a cell
/// that parses as a number is written as a number.
fn write_book(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                match cell.parse::<f64>() {
                    Ok(x) => ws.write_number(r as u32, c as u16, x).map(|_| ()),
                    Err(_) => ws.write_string(r as u32, c as u16, *cell).map(|_| ()),
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// The fixture's plan as rows of cells under Vietnamese headings.
fn plan_rows() -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = PLAN
        .iter()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    rows[0] = [
        "Năm",
        "Huyện",
        "Mã xã",
        "Xã",
        "Mã tiêu chí",
        "Mã nguồn vốn",
        "Số tiền (triệu đồng)",
    ]
    .map(str::to_string)
    .to_vec();
    rows
}

fn as_refs(rows: &[Vec<String>]) -> Vec<Vec<&str>> {
    rows.iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect()
}

#[test]
fn a_wrong_or_ambiguous_sheet_is_bad_input_listing_the_sheets() {
    let f = Fixture::new();
    let rows = plan_rows();
    let cells = as_refs(&rows);
    let cells: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    let path = f.root().join("ke-hoach.xlsx");
    write_book(&path, &[("Ghi chú", &[&["x"]]), ("Kế hoạch", &cells)]);

    let output = evaluate(f.root(), &f.scenario(), &path, &f.root().join("a"), &[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "found by its name: {}",
        stderr(&output)
    );

    let out = f.root().join("b");
    let output = evaluate(
        f.root(),
        &f.scenario(),
        &path,
        &out,
        &["--sheet", "Kehoach"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("ke-hoach.xlsx: no sheet `Kehoach`; the sheets are `Ghi chú`, `Kế hoạch`"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists(), "nothing is written");

    // Both languages' plan sheets: which one is meant is a guess.
    let both = f.root().join("both.xlsx");
    write_book(&both, &[("Kế hoạch", &cells), ("Plan", &cells)]);
    let output = evaluate(f.root(), &f.scenario(), &both, &f.root().join("c"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("sheets `Kế hoạch`, `Plan` all look like the plan; choose one with --sheet"),
        "{}",
        stderr(&output)
    );
    let output = evaluate(
        f.root(),
        &f.scenario(),
        &both,
        &f.root().join("d"),
        &["--sheet", "plan"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // No sheet named as the plan, and more than one: the sheets are listed.
    let unnamed = f.root().join("unnamed.xlsx");
    write_book(&unnamed, &[("Sheet1", &cells), ("Sheet2", &[&["x"]])]);
    let output = evaluate(f.root(), &f.scenario(), &unnamed, &f.root().join("e"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the sheets are `Sheet1`, `Sheet2`. Choose one with --sheet NAME"),
        "{}",
        stderr(&output)
    );
    // A workbook of one sheet: that sheet is the plan.
    let single = f.root().join("single.xlsx");
    write_book(&single, &[("Sheet1", &cells)]);
    let output = evaluate(f.root(), &f.scenario(), &single, &f.root().join("g"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // LibreOffice's own format is told apart from a broken workbook.
    let ods = f.root().join("ke-hoach.ods");
    std::fs::write(&ods, b"PK\x03\x04 not really").unwrap();
    let output = evaluate(f.root(), &f.scenario(), &ods, &f.root().join("i"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("ke-hoach.ods: this is an OpenDocument spreadsheet (.ods)"),
        "{}",
        stderr(&output)
    );

    // --sheet on a CSV file is a mistake worth saying.
    let csv = f.write_plan("plan.csv", &PLAN);
    let output = evaluate(
        f.root(),
        &f.scenario(),
        &csv,
        &f.root().join("h"),
        &["--sheet", "Plan"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("this is a CSV file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn rows_of_a_sheet_are_told_by_the_cell_and_row_the_planner_sees() {
    let f = Fixture::new();
    let mut rows = plan_rows();
    // Row 7 of the sheet: an amount typed as text that is no number.
    rows[6][6] = "6OO".to_string();
    let cells = as_refs(&rows);
    let cells: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    let path = f.root().join("ke-hoach.xlsx");
    write_book(&path, &[("Kế hoạch", &cells)]);
    let output = evaluate(f.root(), &f.scenario(), &path, &f.root().join("a"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("ke-hoach.xlsx, sheet Kế hoạch, cell G7: amount: `6OO` is not a number"),
        "{}",
        stderr(&output)
    );

    // A blank row, then a commune no one knows on row 13: the break is
    // reported on row 13, as the sheet numbers it.
    let mut rows = plan_rows();
    rows.push(vec![String::new(); 7]);
    rows.push(vec![String::new(); 7]);
    rows.push(
        ["2025", "Alpha", "C9", "Xã mới", "schools", "central", "10"]
            .map(str::to_string)
            .to_vec(),
    );
    let cells = as_refs(&rows);
    let cells: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    let path = f.root().join("ke-hoach-2.xlsx");
    write_book(&path, &[("Kế hoạch", &cells)]);
    let out = f.root().join("b");
    let output = evaluate(f.root(), &f.scenario(), &path, &out, &[]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    let (_, breaks) = read_output_csv(&out.join("evaluate.csv"));
    assert_eq!(
        (breaks[0][0].as_str(), breaks[0][2].as_str()),
        ("13", "unknown_commune")
    );

    // An amount typed as a number with three decimals is that number, not
    // thousands grouped by a dot.
    let mut rows = plan_rows();
    rows[2][6] = "199.875".to_string();
    rows.push(
        [
            "2024",
            "Beta",
            "C3",
            "Nậm Tăm",
            "transport",
            "district",
            "0.125",
        ]
        .map(str::to_string)
        .to_vec(),
    );
    let cells = as_refs(&rows);
    let cells: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    let path = f.root().join("ke-hoach-3.xlsx");
    write_book(&path, &[("Kế hoạch", &cells)]);
    let out = f.root().join("c");
    let output = evaluate(f.root(), &f.scenario(), &path, &out, &[]);
    assert_no_panic(&output);
    let (_, breaks) = read_output_csv(&out.join("evaluate.csv"));
    assert!(
        breaks.iter().all(|b| b[2] != "paid_in_part"),
        "600 + 199.875 + 0.125 pays the 800 in full: {breaks:?}"
    );
}

#[test]
fn compare_reads_a_plan_workbook() {
    let f = Fixture::new();
    let scenario = f.scenario();
    let out = f.root().join("planned");
    plan(f.root(), &scenario, &out, &["--lang", "vi"]);
    let judged = format!(
        "{}:{}",
        scenario.display(),
        out.join("report.xlsx").display()
    );
    let compared = f.root().join("compared");
    let args: Vec<&OsStr> = vec![
        "compare".as_ref(),
        out.as_os_str(),
        judged.as_ref(),
        "-o".as_ref(),
        compared.as_os_str(),
        "--sheet".as_ref(),
        "Kế hoạch".as_ref(),
        "--format".as_ref(),
        "xlsx".as_ref(),
        "--lang".as_ref(),
        "vi".as_ref(),
    ];
    let output = run(f.root(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, rows) = read_output_csv(&compared.join("compare.csv"));
    assert!(
        rows.iter().all(|r| r[9] == "0"),
        "no commune differs: {rows:?}"
    );

    // The headline: communes meeting the standard and communes in all,
    // each a number a spreadsheet can sum.
    let book = compared.join("compare.xlsx");
    assert_numbers_are_numbers(&book);
    let headline = plan_sheet(&book, "Tổng hợp");
    let row = |label: &str| {
        headline
            .iter()
            .find(|r| r[0] == Data::String(label.into()))
            .unwrap_or_else(|| panic!("a row {label}: {headline:?}"))
            .clone()
    };
    // The fixture's plan brings every commune to the standard.
    assert_eq!(
        row("Số xã đạt chuẩn")[1..],
        [Data::Float(4.0), Data::Float(4.0)]
    );
    assert_eq!(row("Tổng số xã")[1..], [Data::Float(4.0), Data::Float(4.0)]);
}

/// No cell of any sheet holds a number, or two, as text (`56 / 94`).
fn assert_numbers_are_numbers(book: &Path) {
    let numeric = |t: &str| {
        let t = t.trim();
        !t.is_empty() && t.replace([',', '.'], "").parse::<i64>().is_ok()
    };
    for (name, sheet) in sheets(book) {
        // Headings are text, a chart's series named by their year too.
        for cell in sheet.iter().skip(1).flatten() {
            if let Data::String(s) = cell {
                let two = s.split_once(" / ").is_some_and(|(a, b)| {
                    numeric(a.rsplit(['(', ' ']).next().unwrap_or(a))
                        && numeric(b.split([')', ' ']).next().unwrap_or(b))
                });
                assert!(
                    !numeric(s) && !two,
                    "{}, sheet {name}: `{s}` is a number written as text",
                    book.display()
                );
            }
        }
    }
}

#[test]
fn output_workbooks_hold_numbers_as_numbers() {
    let f = Fixture::new();
    let scenario = f.scenario();
    let out = f.root().join("planned");
    plan(f.root(), &scenario, &out, &["--lang", "vi"]);
    assert_numbers_are_numbers(&out.join("report.xlsx"));
    let evaluated = f.root().join("evaluated");
    let output = evaluate(
        f.root(),
        &scenario,
        &out.join("report.xlsx"),
        &evaluated,
        &["--format", "xlsx", "--lang", "vi"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let book = evaluated.join("evaluate.xlsx");
    assert_numbers_are_numbers(&book);

    // The closest plan of evaluate's workbook goes back in too, named, as
    // it is not the plan sheet of a plan workbook.
    let output = evaluate(f.root(), &scenario, &book, &f.root().join("again"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Choose one with --sheet NAME"),
        "{}",
        stderr(&output)
    );
    let again = f.root().join("closest");
    let sheet = ["--sheet", "Kế hoạch gần nhất"];
    let output = evaluate(f.root(), &scenario, &book, &again, &sheet);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn two_headings_of_one_column_are_both_named() {
    let f = Fixture::new();
    let mut rows = plan_rows();
    // The criterion's name under `Tiêu chí`, which names the criterion id
    // in the data's tables.
    rows[0].push("Tiêu chí".to_string());
    for row in &mut rows[1..] {
        row.push("Giao thông".to_string());
    }
    let cells = as_refs(&rows);
    let cells: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    let path = f.root().join("ke-hoach.xlsx");
    write_book(&path, &[("Kế hoạch", &cells)]);
    let output = evaluate(f.root(), &f.scenario(), &path, &f.root().join("a"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "sheet Kế hoạch, cell H1: column `Tiêu chí` appears twice: `Mã tiêu chí` (column E) \
             is the column `criterion` too"
        ),
        "{}",
        stderr(&output)
    );
}

/// A plan through a pipe is read once: looking at its first bytes for a
/// workbook must not eat them.
#[cfg(unix)]
#[test]
fn a_plan_through_a_pipe_is_read_whole() {
    use std::io::Write;
    let f = Fixture::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ntm"))
        .args(["evaluate".as_ref(), f.scenario().as_os_str()])
        .args(["--plan", "/dev/stdin", "-q", "-o"])
        .arg(f.root().join("piped"))
        .current_dir(f.root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the ntm binary");
    let text = PLAN.join("\n").replace(',', ";");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
