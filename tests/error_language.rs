//! Bad input is told in the reader's language: `--lang` when given, else
//! the scenario's `language`, for `check`, `plan` and `evaluate`, and for
//! a place in a workbook as well as in a CSV file.

mod fixture;

use fixture::{Fixture, assert_no_panic, ntm, stderr};

fn vietnamese() -> Fixture {
    let fixture = Fixture::new();
    fixture.replace_in_scenario(
        "name = \"Test province\"",
        "name = \"Test province\"\nlanguage = \"vi\"",
    );
    fixture
}

fn run(fixture: &Fixture, command: &str, extra: &[&str]) -> String {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        command.as_ref(),
        fixture.scenario().as_os_str().to_owned().leak(),
    ];
    if command == "plan" {
        args.extend([
            "-o".as_ref(),
            fixture.out().into_os_string().leak() as &std::ffi::OsStr,
        ]);
    }
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    let output = ntm(fixture.root(), &args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    stderr(&output)
}

#[test]
fn a_vietnamese_scenario_gets_vietnamese_errors_and_lang_en_english() {
    let fixture = vietnamese();
    fixture.replace("gaps.csv", "C1,transport,500,", "C1,transport,-5,");
    for command in ["check", "plan"] {
        let err = run(&fixture, command, &[]);
        assert!(
            err.contains("gaps.csv:2:3: cost: `-5` phải lớn hơn 0"),
            "{err}"
        );
        let err = run(&fixture, command, &["--lang", "en"]);
        assert!(
            err.contains("gaps.csv:2:3: cost: `-5` must be greater than 0"),
            "{err}"
        );
    }
    // An English scenario asked for Vietnamese.
    let fixture = Fixture::new();
    fixture.replace("gaps.csv", "C1,transport,500,", "C1,transport,-5,");
    let err = run(&fixture, "check", &["--lang", "vi"]);
    assert!(err.contains("phải lớn hơn 0"), "{err}");
    let err = run(&fixture, "check", &[]);
    assert!(err.contains("must be greater than 0"), "{err}");
}

#[test]
fn a_broken_scenario_file_is_told_in_the_language_it_names() {
    let fixture = vietnamese();
    fixture.replace_in_scenario("min_share = 0.5", "min_share = 1.5");
    let err = run(&fixture, "check", &[]);
    assert!(
        err.contains("land_revenue.min_share phải từ 0 đến 1"),
        "{err}"
    );
}

#[test]
fn a_workbook_cell_is_named_in_vietnamese() {
    let fixture = vietnamese();
    let path = fixture.root().join("du-lieu.xlsx");
    let template = ntm(
        fixture.root(),
        &[
            "template".as_ref(),
            "--from".as_ref(),
            fixture.scenario().as_os_str(),
            "-o".as_ref(),
            path.as_os_str(),
        ],
    );
    assert_eq!(template.status.code(), Some(0), "{}", stderr(&template));
    fixture.replace_in_scenario("data = \"data\"", "data = \"du-lieu.xlsx\"");
    assert_eq!(fixture.check().status.code(), Some(0));
    // The same workbook with a cost typed as text in the Vietnamese way.
    let mut book = calamine_copy(&path);
    book[2].1[2][2] = "'17.000".into();
    write_sheets(&path, &book);
    let err = run(&fixture, "check", &[]);
    assert!(
        err.contains(
            "du-lieu.xlsx, trang tính Tiêu chí chưa đạt, ô C3: cost: `17.000` không rõ nghĩa"
        ),
        "{err}"
    );
}

type Sheets = Vec<(String, Vec<Vec<String>>)>;

/// Every sheet's cells as text, as calamine reads them.
fn calamine_copy(path: &std::path::Path) -> Sheets {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// A workbook of these sheets; numbers in the data rows typed as numbers,
/// except a cell written `'…`, typed as the text after the apostrophe.
fn write_sheets(path: &std::path::Path, sheets: &Sheets) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                if let Some(text) = cell.strip_prefix('\'') {
                    sheet.write_string(r as u32, c as u16, text).unwrap();
                    continue;
                }
                match cell.parse::<f64>() {
                    Ok(x) if r >= 2 => {
                        sheet.write_number(r as u32, c as u16, x).unwrap();
                    }
                    _ => {
                        sheet.write_string(r as u32, c as u16, cell).unwrap();
                    }
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn overrides_and_warnings_speak_the_scenario_language() {
    let fixture = vietnamese();
    let err = run(&fixture, "check", &["--set", "adjust.nothing=1"]);
    assert!(err.contains("không có khóa `adjust.nothing`"), "{err}");
    let err = run(
        &fixture,
        "check",
        &["--set", "adjust.nothing=1", "--lang", "en"],
    );
    assert!(err.contains("unknown key `adjust.nothing`"), "{err}");
    let err = run(&fixture, "check", &["--set", "payments.rule=monthly"]);
    assert!(err.contains("payments.rule phải là carry_over"), "{err}");

    // A source row of a year outside the plan is a warning, in Vietnamese.
    fixture.append("sources.csv", "central,Central NTM,2030,600,,\n");
    let output = fixture.check();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let warning = stderr(&output);
    assert!(
        warning.contains("năm 2030 không phải năm kế hoạch; dòng này được bỏ qua"),
        "{warning}"
    );
}

#[test]
fn a_name_that_matches_nothing_is_told_in_the_language_asked_for() {
    let fixture = vietnamese();
    fixture.replace("gaps.csv", "C1,transport,500,", "C1,Giao thong,500,");
    let err = run(&fixture, "check", &[]);
    assert!(err.contains("gaps.csv:2:2: criterion:"), "{err}");
    assert!(err.contains("Giao thông"), "the nearest name: {err}");
    let vi = err.clone();
    let err = run(&fixture, "check", &["--lang", "en"]);
    assert!(err.contains("unknown criterion `Giao thong`"), "{err}");
    assert_ne!(err, vi, "the two languages differ");
}

/// Enforced targets out of reach: the console's diagnosis is in the
/// scenario's language, the targets named as the reports name them.
#[test]
fn targets_out_of_reach_are_diagnosed_in_the_scenario_language() {
    let fixture = vietnamese();
    fixture.one_year();
    fixture.replace_in_scenario(
        "communes_meeting_standard = 3",
        "communes_meeting_standard = 4",
    );
    fixture.replace_in_scenario("enforce = false", "enforce = true");
    for (extra, expected, unexpected) in [
        (
            &[][..],
            "Số xã đạt chuẩn nông thôn mới: yêu cầu 4",
            "best reachable alone",
        ),
        (
            &["--lang", "en"][..],
            "communes_meeting_standard: required 4",
            "yêu cầu",
        ),
    ] {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "plan".as_ref(),
            fixture.scenario().into_os_string().leak(),
            "-o".as_ref(),
            fixture.out().into_os_string().leak(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        let output = ntm(fixture.root(), &args);
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
        let text = stderr(&output);
        assert!(text.contains(expected), "{extra:?}: {text}");
        assert!(!text.contains(unexpected), "{extra:?}: {text}");
    }
}
