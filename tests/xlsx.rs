//! `ntm plan --format xlsx`: the workbook read back with calamine has one
//! sheet per table, Vietnamese headers, the values of the CSVs, no formula
//! anywhere (a commune named `=HYPERLINK(…)` stays text), and the same
//! bytes on every run.

mod fixture;
mod workbook;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use fixture::{Fixture, assert_no_panic, ntm, stderr};
use workbook::{FORMULA, assert_sheet_is_csv, csv_table, same, sheets};

/// The fixture with commune C2 named `FORMULA`.
fn fixture_with_formula_name() -> Fixture {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C2,Pa Tần,",
        "C2,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",",
    );
    f
}

fn plan(f: &Fixture, out: &Path, extra: &[&str]) {
    let scenario = f.scenario();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "plan".as_ref(),
        scenario.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--no-timings".as_ref(),
        "-q".as_ref(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    let output = ntm(f.root(), &args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn the_workbook_has_a_sheet_per_table_with_the_values_of_the_csvs() {
    let f = fixture_with_formula_name();
    let out = f.root().join("out");
    plan(&f, &out, &["--format", "xlsx", "--lang", "vi"]);
    let book = sheets(&out.join("report.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Tổng hợp",
            "Huyện",
            "Biểu đồ 1",
            "Lộ trình",
            "Biểu đồ 2",
            "Vốn dùng, chưa dùng",
            "Xã",
            "Kế hoạch",
            "Nguồn vốn",
            "Giá trị biên"
        ]
    );
    // The marginal values: one row per row of marginal.csv.
    let marginal = std::fs::read_to_string(out.join("marginal.csv")).unwrap();
    assert_eq!(
        book[9].1.len() - 1,
        marginal.lines().count() - 1,
        "a row per source and year"
    );

    let sheet = |name: &str| &book.iter().find(|(n, _)| n == name).unwrap().1;
    let headers = |name: &str| -> Vec<String> {
        sheet(name)[0]
            .iter()
            .map(|c| match c {
                Data::String(s) => s.clone(),
                other => panic!("a header is text, not {other:?}"),
            })
            .collect()
    };
    assert_eq!(
        headers("Xã"),
        [
            "Mã xã",
            "Xã",
            "Huyện",
            "Số tiêu chí trước",
            "Số tiêu chí sau",
            "Đạt chuẩn trước",
            "Đạt chuẩn sau",
            "Vốn (triệu đồng)",
            "Tiêu chí có nguy cơ mất",
            "Tiêu chí bị mất",
            "Kinh phí duy trì",
            "Năm đạt chuẩn"
        ]
    );
    assert_eq!(
        headers("Tổng hợp"),
        [
            "Chỉ tiêu",
            "Trước kế hoạch",
            "Với kế hoạch",
            "Mục tiêu",
            "Đạt"
        ]
    );
    assert_eq!(headers("Kế hoạch")[6], "Số tiền (triệu đồng)");

    for (sheet_name, file) in [
        ("Huyện", "districts.csv"),
        ("Xã", "communes.csv"),
        ("Kế hoạch", "plan.csv"),
        ("Nguồn vốn", "sources.csv"),
    ] {
        let (_, rows) = csv_table(&out.join(file));
        assert!(!rows.is_empty(), "{file} has rows");
        assert_sheet_is_csv(sheet(sheet_name), &out.join(file), sheet_name);
    }

    // The summary sheet: the verdict first, then communes meeting the
    // standard against the target.
    let summary = sheet("Tổng hợp");
    match &summary[1][0] {
        Data::String(s) => assert!(s.starts_with("Kết luận: Kế hoạch đạt"), "{s}"),
        other => panic!("the verdict is text, not {other:?}"),
    }
    assert_eq!(
        summary[2][0],
        Data::String("Số xã đạt chuẩn nông thôn mới".into())
    );
    assert_eq!(summary[2][3], Data::Float(3.0), "the fixture's target of 3");
}

#[test]
fn each_chart_is_an_excel_chart_beside_its_numbers() {
    let f = Fixture::new();
    let out = f.root().join("out");
    plan(&f, &out, &["--format", "xlsx", "--lang", "vi"]);
    let bytes = std::fs::read(out.join("report.xlsx")).unwrap();
    // A zip names its parts in plain text.
    let holds = |part: &str| bytes.windows(part.len()).any(|w| w == part.as_bytes());
    assert!(holds("xl/charts/chart1.xml") && holds("xl/charts/chart2.xml"));
    assert!(
        !holds("xl/charts/chart3.xml"),
        "two charts in the plan report"
    );

    // The districts chart: a district a row, the communes, those meeting
    // the standard before, and with the plan, as in districts.csv.
    let book = sheets(&out.join("report.xlsx"));
    let chart = &book.iter().find(|(n, _)| n == "Biểu đồ 1").unwrap().1;
    assert_eq!(
        chart[0][1..],
        [
            Data::String("Tổng số xã".into()),
            Data::String("Đạt chuẩn trước".into()),
            Data::String("Đạt chuẩn với kế hoạch".into())
        ]
    );
    let (header, rows) = csv_table(&out.join("districts.csv"));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(chart.len() - 1, rows.len(), "a row per district");
    for (r, row) in rows.iter().enumerate() {
        same(&chart[r + 1][0], &row[column("district")], "district");
        same(&chart[r + 1][1], &row[column("communes")], "communes");
        same(
            &chart[r + 1][2],
            &row[column("meeting_before")],
            "meeting before",
        );
        same(
            &chart[r + 1][3],
            &row[column("meeting_after")],
            "meeting after",
        );
    }
}

#[test]
fn a_formula_like_name_is_text_everywhere() {
    let f = fixture_with_formula_name();
    let out = f.root().join("out");
    plan(&f, &out, &["--format", "xlsx", "--format", "html"]);

    let mut workbook: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    for name in workbook.sheet_names().to_vec() {
        let formulas = workbook.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "sheet {name} has no formula"
        );
    }
    let communes = workbook.worksheet_range("Communes").unwrap();
    assert!(
        communes
            .rows()
            .any(|r| r.get(1) == Some(&Data::String(FORMULA.to_string()))),
        "the name is written as a string, exactly"
    );

    for file in ["communes.csv", "plan.csv"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            "{file} writes the name with a leading apostrophe:\n{text}"
        );
        assert!(!text.contains(",\"=HYPERLINK"), "{file}: no bare formula");
    }

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
    assert!(!html.contains("\"http://x\""), "quotes are escaped in HTML");
}

#[test]
fn english_headers_with_lang_en() {
    let f = Fixture::new();
    let out = f.root().join("out");
    plan(&f, &out, &["--format", "xlsx", "--lang", "en"]);
    let book = sheets(&out.join("report.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Summary",
            "Districts",
            "Chart 1",
            "Roadmap",
            "Chart 2",
            "Money used, unused",
            "Communes",
            "Plan",
            "Sources",
            "Marginal"
        ]
    );
    let communes = &book[6].1;
    assert_eq!(communes[0][1], Data::String("Commune".into()));
    assert_eq!(communes[1][1], Data::String("Sìn Hồ".into()));
}

#[test]
fn reports_are_byte_identical_across_runs() {
    let f = Fixture::new();
    let (a, b) = (f.root().join("a"), f.root().join("b"));
    for out in [&a, &b] {
        plan(&f, out, &["--format", "md,html,xlsx", "--lang", "vi"]);
    }
    for name in ["report.md", "report.html", "report.xlsx"] {
        let (x, y) = (
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
        );
        assert!(!x.is_empty(), "{name} is written");
        assert!(x == y, "{name} is the same on two runs");
    }
}
