//! A scenario's data as an Excel workbook: planned like the CSV folder it
//! holds, written by `ntm template`, and refused with the sheet and cell
//! when it holds what a table cannot (formulas, merged cells, dates, hidden
//! or missing sheets, a password).

mod fixture;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use fixture::{Fixture, TABLES, assert_no_panic, ntm, stderr};
use rust_xlsxwriter::{ExcelDateTime, Formula, Workbook, Worksheet};

/// Columns whose cells the workbooks below type as numbers.
const NUMBER_COLUMNS: &[&str] = &[
    "especially_difficult",
    "weight",
    "cost",
    "earliest_year",
    "year",
    "amount",
    "only_especially_difficult",
    "revenue",
];

/// The fixture's tables as a workbook at `path`: one sheet per table named
/// by its id, the ids as headings, numbers typed as numbers; `tweak` may
/// change a sheet after it is written.
fn workbook_of_fixture(path: &Path, tweak: impl Fn(&str, &mut Worksheet)) {
    let mut book = Workbook::new();
    for (file, contents) in TABLES {
        let table = file.trim_end_matches(".csv");
        let sheet = book.add_worksheet();
        sheet.set_name(table).unwrap();
        let mut lines = contents.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        for (c, name) in header.iter().enumerate() {
            sheet.write_string(0, c as u16, *name).unwrap();
        }
        for (r, line) in lines.enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                let r = r as u32 + 1;
                if cell.is_empty() {
                    continue;
                }
                match cell.parse::<f64>() {
                    Ok(x) if NUMBER_COLUMNS.contains(&header[c]) => {
                        sheet.write_number(r, c as u16, x).unwrap();
                    }
                    _ => {
                        sheet.write_string(r, c as u16, cell).unwrap();
                    }
                }
            }
        }
        tweak(table, sheet);
    }
    book.save(path).unwrap();
}

/// The fixture with its data in `data.xlsx` (the folder stays, unused).
fn workbook_fixture(tweak: impl Fn(&str, &mut Worksheet)) -> Fixture {
    let fixture = Fixture::new();
    workbook_of_fixture(&fixture.root().join("data.xlsx"), tweak);
    fixture.replace_in_scenario("data = \"data\"", "data = \"data.xlsx\"");
    fixture
}

/// `check` fails with exit 2 and one message holding every `needle`.
fn refused(fixture: &Fixture, needles: &[&str]) {
    let output = fixture.check();
    assert_no_panic(&output);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "one message: {err}");
    for needle in needles {
        assert!(err.contains(needle), "`{needle}` in: {err}");
    }
}

fn file(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The plan's files that do not depend on where the data came from.
const SAME_FILES: [&str; 6] = [
    "plan.csv",
    "communes.csv",
    "districts.csv",
    "sources.csv",
    "report.md",
    "summary.json",
];

#[test]
fn a_workbook_plans_as_its_folder_does() {
    let folder = Fixture::new();
    let from_folder = folder.plan();
    assert_eq!(
        from_folder.status.code(),
        Some(0),
        "{}",
        stderr(&from_folder)
    );
    let book = workbook_fixture(|_, _| {});
    let from_book = book.plan();
    assert_eq!(from_book.status.code(), Some(0), "{}", stderr(&from_book));
    for name in SAME_FILES {
        assert_eq!(
            file(&folder.out(), name),
            file(&book.out(), name),
            "{name} differs"
        );
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The default scenario copied beside `workbook`, reading its data from it.
fn default_scenario_on(workbook: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("scenarios/lai-chau-2025.toml")).unwrap();
    let name = workbook.file_name().unwrap().to_str().unwrap();
    let replaced = text.replace("data = \"lai-chau\"", &format!("data = \"{name}\""));
    assert_ne!(replaced, text, "the default scenario names its data folder");
    let path = workbook.with_file_name("scenario.toml");
    std::fs::write(&path, replaced).unwrap();
    path
}

fn plan(dir: &Path, scenario: &Path, out: &Path) {
    let output = ntm(
        dir,
        &[
            "plan".as_ref(),
            scenario.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--no-timings".as_ref(),
            "--no-marginal".as_ref(),
        ],
    );
    assert_no_panic(&output);
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_default_scenario_plans_the_same_from_its_own_template() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("lai-chau.xlsx");
    let scenario = repo().join("scenarios/lai-chau-2025.toml");
    let output = ntm(
        dir.path(),
        &[
            "template".as_ref(),
            "--from".as_ref(),
            scenario.as_os_str(),
            "-o".as_ref(),
            workbook.as_os_str(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    plan(dir.path(), &scenario, &dir.path().join("from-folder"));
    plan(
        dir.path(),
        &default_scenario_on(&workbook),
        &dir.path().join("from-workbook"),
    );
    for name in SAME_FILES {
        assert_eq!(
            file(&dir.path().join("from-folder"), name),
            file(&dir.path().join("from-workbook"), name),
            "{name} differs"
        );
    }

    // Opened and saved again by a spreadsheet program, it still plans the
    // same: LibreOffice rewrites every part of the file.
    if which("soffice").is_none() {
        eprintln!("skipped the LibreOffice round trip: soffice is not installed");
        return;
    }
    let resaved = dir.path().join("resaved");
    std::fs::create_dir(&resaved).unwrap();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&resaved)
        .arg(&workbook)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    let again = resaved.join("lai-chau.xlsx");
    plan(
        dir.path(),
        &default_scenario_on(&again),
        &dir.path().join("from-resaved"),
    );
    for name in SAME_FILES {
        assert_eq!(
            file(&dir.path().join("from-folder"), name),
            file(&dir.path().join("from-resaved"), name),
            "{name} differs after LibreOffice saved the workbook"
        );
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let rows = book
                .worksheet_range(&name)
                .unwrap()
                .rows()
                .map(<[Data]>::to_vec)
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn the_blank_template_has_every_table_with_headings_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mau.xlsx");
    let output = ntm(
        dir.path(),
        &["template".as_ref(), "-o".as_ref(), path.as_os_str()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed = sheets(&path);
    let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Hướng dẫn",
            "Xã",
            "Tiêu chí chưa đạt",
            "Tiêu chí có nguy cơ",
            "Nguồn vốn",
            "Nguồn được chi",
            "Thu tiền sử dụng đất",
            "Danh mục tiêu chí",
            "Tiêu chí nâng cao chưa đạt",
            "Danh mục tiêu chí nâng cao",
            "Thôn, bản",
            "Tiêu chí thôn chưa đạt",
            "Danh mục tiêu chí thôn",
            "Dự án đầu tư công",
            "Khoản đã cam kết",
            "Danh mục",
        ]
    );
    let (_, gaps) = &listed[2];
    let text = |d: &Data| d.to_string();
    assert_eq!(
        gaps[0].iter().map(text).collect::<Vec<_>>(),
        ["Mã xã", "Tiêu chí", "Chi phí (triệu đồng)", "Năm sớm nhất"]
    );
    assert_eq!(
        gaps[1].iter().map(text).collect::<Vec<_>>(),
        ["commune_id", "criterion", "cost", "earliest_year"]
    );
    // The criteria sheet holds the built-in catalogue, the first being
    // Decision 318's criterion 1.
    let (_, criteria) = &listed[7];
    assert_eq!(criteria.len(), 2 + 19);
    assert_eq!(criteria[2][0].to_string(), "planning");
    assert_eq!(criteria[2][1].to_string(), "Quy hoạch");

    // Planned as it is, it says which table is empty, in the sheet.
    let fixture = Fixture::new();
    std::fs::copy(&path, fixture.root().join("mau.xlsx")).unwrap();
    fixture.replace_in_scenario("data = \"data\"", "data = \"mau.xlsx\"");
    refused(&fixture, &["mau.xlsx, sheet Xã", "no rows"]);

    // An English template names its sheets and headings in English.
    let en = dir.path().join("template.xlsx");
    let output = ntm(
        dir.path(),
        &[
            "template".as_ref(),
            "--lang".as_ref(),
            "en".as_ref(),
            "-o".as_ref(),
            en.as_os_str(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed = sheets(&en);
    assert_eq!(listed[2].0, "Gaps");
    assert_eq!(listed[2].1[0][0].to_string(), "Commune id");
}

#[test]
fn vietnamese_sheets_and_headings_with_ids_beneath_are_read() {
    let fixture = Fixture::new();
    let path = fixture.root().join("data.xlsx");
    let mut book = Workbook::new();
    // Only gaps is written the template's way; the rest by ids.
    for (file, contents) in TABLES {
        let table = file.trim_end_matches(".csv");
        let sheet = book.add_worksheet();
        let mut lines = contents.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let mut first = 0;
        if table == "gaps" {
            sheet.set_name("Tiêu chí chưa đạt").unwrap();
            for (c, h) in ["Mã xã", "tiêu chí", "Chi phí (triệu đồng)", "Năm sớm nhất"]
                .iter()
                .enumerate()
            {
                sheet.write_string(0, c as u16, *h).unwrap();
            }
            first = 1;
        } else {
            sheet.set_name(table).unwrap();
        }
        for (c, name) in header.iter().enumerate() {
            sheet.write_string(first, c as u16, *name).unwrap();
        }
        for (r, line) in lines.enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                if !cell.is_empty() {
                    sheet
                        .write_string(first + 1 + r as u32, c as u16, cell)
                        .unwrap();
                }
            }
        }
    }
    book.save(&path).unwrap();
    fixture.replace_in_scenario("data = \"data\"", "data = \"data.xlsx\"");
    let output = fixture.plan();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let folder = Fixture::new();
    assert_eq!(folder.plan().status.code(), Some(0));
    assert_eq!(
        file(&folder.out(), "plan.csv"),
        file(&fixture.out(), "plan.csv")
    );
}

#[test]
fn a_missing_sheet_names_the_sheets_there_are() {
    let fixture = Fixture::new();
    let path = fixture.root().join("data.xlsx");
    // The eligibility table under a name that is not a table's.
    workbook_of_fixture(&path, |table, sheet| {
        if table == "eligibility" {
            sheet.set_name("Sheet5").unwrap();
        }
    });
    fixture.replace_in_scenario("data = \"data\"", "data = \"data.xlsx\"");
    refused(
        &fixture,
        &[
            "data.xlsx",
            "no sheet `eligibility`",
            "`Sheet5`",
            "`communes`",
        ],
    );
}

#[test]
fn merged_cells_are_refused_at_their_first_cell() {
    let fixture = workbook_fixture(|table, sheet| {
        if table == "gaps" {
            sheet
                .merge_range(2, 1, 3, 1, "schools", &rust_xlsxwriter::Format::new())
                .unwrap();
        }
    });
    refused(
        &fixture,
        &["data.xlsx, sheet gaps, cell B3", "B3:B4 are merged"],
    );
}

#[test]
fn a_formula_in_a_data_cell_is_refused() {
    let fixture = workbook_fixture(|table, sheet| {
        if table == "gaps" {
            sheet
                .write_formula(4, 2, Formula::new("=1000-200").set_result("800"))
                .unwrap();
        }
    });
    refused(
        &fixture,
        &["data.xlsx, sheet gaps, cell C5", "formula", "1000-200"],
    );
}

#[test]
fn a_date_where_a_number_belongs_is_refused() {
    let fixture = workbook_fixture(|table, sheet| {
        if table == "sources" {
            let date = ExcelDateTime::from_ymd(2025, 1, 1).unwrap();
            let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
            sheet
                .write_datetime_with_format(2, 2, &date, &format)
                .unwrap();
        }
    });
    refused(
        &fixture,
        &["data.xlsx, sheet sources, cell C3", "date (2025-01-01)"],
    );
}

#[test]
fn a_hidden_table_sheet_is_refused() {
    let fixture = workbook_fixture(|table, sheet| {
        if table == "land_revenue" {
            sheet.set_hidden(true);
        }
    });
    refused(&fixture, &["data.xlsx, sheet land_revenue", "hidden"]);
}

#[test]
fn true_false_and_excel_errors_are_refused() {
    let fixture = workbook_fixture(|table, sheet| {
        if table == "communes" {
            sheet.write_boolean(1, 3, true).unwrap();
        }
    });
    refused(&fixture, &["sheet communes, cell D2", "TRUE", "1 or 0"]);
}

#[test]
fn digits_typed_as_text_follow_the_csv_rules_and_numbers_do_not() {
    // `17.000` typed as text is ambiguous, as in a CSV file.
    let fixture = workbook_fixture(|table, sheet| {
        if table == "gaps" {
            sheet.write_string(1, 2, "17.000").unwrap();
        }
    });
    refused(&fixture, &["sheet gaps, cell C2", "ambiguous"]);
    // The same amount typed as a number is the number.
    let fixture = workbook_fixture(|table, sheet| {
        if table == "gaps" {
            sheet.write_number(1, 2, 17_000.0).unwrap();
        }
    });
    let output = fixture.check();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_value_right_of_the_headings_is_refused() {
    let fixture = workbook_fixture(|table, sheet| {
        if table == "gaps" {
            sheet.write_string(3, 6, "note").unwrap();
        }
    });
    refused(&fixture, &["sheet gaps, cell G4", "heading"]);
}

#[test]
fn an_unknown_heading_lists_the_columns() {
    let fixture = workbook_fixture(|table, sheet| {
        if table == "gaps" {
            sheet.write_string(0, 2, "Kinh phí").unwrap();
        }
    });
    refused(
        &fixture,
        &[
            "sheet gaps, cell C1",
            "unknown column `Kinh phí`",
            "cost (Chi phí",
        ],
    );
}

/// A compound file holding an `EncryptedPackage` stream, as Excel saves a
/// workbook protected by a password (the stream's contents do not matter
/// to the reader, which stops at its name).
fn encrypted_workbook() -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 =
        |b: &mut Vec<u8>, at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    put16(&mut header, 24, 0x3E);
    put16(&mut header, 26, 3);
    put16(&mut header, 28, 0xFFFE);
    put16(&mut header, 30, 9);
    put16(&mut header, 32, 6);
    let put32 =
        |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put32(&mut header, 44, 1); // one FAT sector
    put32(&mut header, 48, 1); // the directory in sector 1
    put32(&mut header, 56, 4096);
    put32(&mut header, 60, END);
    put32(&mut header, 68, END);
    put32(&mut header, 76, 0); // the FAT in sector 0
    for i in 1..109 {
        put32(&mut header, 76 + 4 * i, FREE);
    }
    let mut fat = vec![0xFFu8; 512];
    put32(&mut fat, 0, 0xFFFF_FFFD);
    put32(&mut fat, 4, END);
    let mut dir = vec![0u8; 512];
    let entry = |dir: &mut Vec<u8>, i: usize, name: &str, kind: u8, child: u32| {
        let at = i * 128;
        let utf16: Vec<u16> = name.encode_utf16().collect();
        for (k, u) in utf16.iter().enumerate() {
            dir[at + 2 * k..at + 2 * k + 2].copy_from_slice(&u.to_le_bytes());
        }
        let len = ((utf16.len() + 1) * 2) as u16;
        dir[at + 64..at + 66].copy_from_slice(&len.to_le_bytes());
        dir[at + 66] = kind;
        dir[at + 67] = 1;
        dir[at + 68..at + 72].copy_from_slice(&FREE.to_le_bytes());
        dir[at + 72..at + 76].copy_from_slice(&FREE.to_le_bytes());
        dir[at + 76..at + 80].copy_from_slice(&child.to_le_bytes());
        dir[at + 116..at + 120].copy_from_slice(&END.to_le_bytes());
    };
    entry(&mut dir, 0, "Root Entry", 5, 1);
    entry(&mut dir, 1, "EncryptedPackage", 2, FREE);
    [header, fat, dir].concat()
}

#[test]
fn a_password_protected_or_foreign_file_is_refused() {
    let fixture = Fixture::new();
    fixture.replace_in_scenario("data = \"data\"", "data = \"data.xlsx\"");
    std::fs::write(fixture.root().join("data.xlsx"), encrypted_workbook()).unwrap();
    refused(&fixture, &["data.xlsx", "password"]);
    std::fs::write(fixture.root().join("data.xlsx"), b"commune_id,commune\n").unwrap();
    refused(&fixture, &["data.xlsx", "not a readable Excel workbook"]);
    std::fs::remove_file(fixture.root().join("data.xlsx")).unwrap();
    refused(&fixture, &["data.xlsx", "file not found"]);
}

#[test]
fn semicolon_separated_tables_are_read() {
    let fixture = Fixture::new();
    fixture.write(
        "gaps.csv",
        "\u{feff}commune_id;criterion;cost;earliest_year\r\nC1;transport;500;\r\nC1;schools;300;2025\r\nC2;income;200;\r\nC3;transport;800;\r\nC4;health;150;\r\nC4;environment;250;\r\n",
    );
    let output = fixture.plan();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let folder = Fixture::new();
    assert_eq!(folder.plan().status.code(), Some(0));
    assert_eq!(
        file(&folder.out(), "plan.csv"),
        file(&fixture.out(), "plan.csv")
    );
}

#[test]
fn the_template_never_overwrites_its_scenario_data() {
    let fixture = workbook_fixture(|_, _| {});
    let before = std::fs::read(fixture.root().join("data.xlsx")).unwrap();
    let output = ntm(
        fixture.root(),
        &[
            "template".as_ref(),
            "--from".as_ref(),
            fixture.scenario().as_os_str(),
            "-o".as_ref(),
            "data.xlsx".as_ref(),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("input"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(fixture.root().join("data.xlsx")).unwrap(),
        before
    );
    let output = ntm(
        fixture.root(),
        &["template".as_ref(), "-o".as_ref(), "plan.csv".as_ref()],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn a_cell_at_the_far_corner_of_a_sheet_is_one_cell_not_a_whole_sheet() {
    // Read as a dense range, a value at XFD1048576 would ask for 17 billion
    // cells; it is read as the one cell it is, and refused as a value right
    // of the headings.
    let fixture = workbook_fixture(|table, sheet| {
        if table == "gaps" {
            sheet.write_string(1_048_575, 16_383, "x").unwrap();
        }
    });
    refused(&fixture, &["sheet gaps, cell XFD1048576", "heading"]);
}

#[test]
fn a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read() {
    let fixture = workbook_fixture(|_, _| {});
    let path = fixture.root().join("data.xlsx");
    let mut bytes = std::fs::read(&path).unwrap();
    // Declare the first part 4 GiB unpacked, in its local header (size at
    // byte 22) and in the central directory (byte 24), as a zip bomb made
    // by an ordinary zip tool declares its true size.
    let patch = |bytes: &mut Vec<u8>, signature: [u8; 4], offset: usize| {
        let at = bytes
            .windows(4)
            .position(|w| w == signature)
            .expect("a zip header");
        bytes[at + offset..at + offset + 4].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    };
    patch(&mut bytes, [0x50, 0x4B, 0x03, 0x04], 22);
    patch(&mut bytes, [0x50, 0x4B, 0x01, 0x02], 24);
    std::fs::write(&path, bytes).unwrap();
    refused(&fixture, &["data.xlsx", "unpacks to", "MiB"]);
}
