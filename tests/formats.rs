//! `--format md|html|xlsx` on `ntm evaluate` and `ntm compare`: each report
//! as one self-contained page that a real browser renders without a console
//! error, and as a workbook whose sheets hold the rows of the CSVs, every
//! name inert; Vietnamese headers with `--lang vi`; the same bytes on every
//! run; only the formats asked for.

mod browser;
mod fixture;
mod workbook;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use browser::{SKIPPED, assert_self_contained, chromium, console_errors, render};
use calamine::Data;
use fixture::{Fixture, PLAN, assert_no_panic, ntm, stderr};
use workbook::{FORMULA, Sheet, assert_no_formula, assert_sheet_is_csv, headers, sheets};

/// The fixture with names that a spreadsheet would run (C2) or HTML would
/// read as markup (C4).
fn fixture_with_awkward_names() -> Fixture {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C2,Pa Tần,",
        "C2,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",",
    );
    f.replace(
        "communes.csv",
        "C4,Tà Ngảo,",
        "C4,<script>alert('Tà')</script> & Ngảo,",
    );
    f
}

/// The fixture's plan, names as the awkward fixture has them, with two
/// rule breaks (Nậm Tăm's transport paid in part on rows 2 and 3; Sìn Hồ's
/// planning, which it meets, on row 10) and Pa Tần's income left out, so
/// that the distance has changes and one of them names C2.
fn submitted(f: &Fixture) -> PathBuf {
    let c4 = "\"<script>alert('Tà')</script> & Ngảo\"";
    let lines: Vec<String> = vec![
        PLAN[0].to_string(),
        PLAN[1].to_string(),
        "2024,Beta,C3,Nậm Tăm,transport,ethnic,150".to_string(),
        format!("2024,Beta,C4,{c4},health,district,120"),
        format!("2024,Beta,C4,{c4},health,land_revenue,30"),
        PLAN[5].to_string(),
        format!("2025,Beta,C4,{c4},environment,central,100"),
        format!("2025,Beta,C4,{c4},environment,district,120"),
        format!("2025,Beta,C4,{c4},environment,land_revenue,30"),
        "2025,Alpha,C1,Sìn Hồ,planning,district,10".to_string(),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    f.write_plan("submitted.csv", &lines)
}

fn run(f: &Fixture, args: &[&OsStr], code: i32) {
    let output = ntm(f.root(), args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
}

/// `ntm evaluate` of the submitted plan into `out` (exit code 4: it breaks
/// rules).
fn evaluate(f: &Fixture, out: &Path, extra: &[&str]) {
    let plan = submitted(f);
    let output = f.evaluate(&plan, out, extra);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
}

/// `ntm compare` of the fixture's own plan (a folder) with the submitted
/// plan judged against the scenario.
fn compare(f: &Fixture, out: &Path, extra: &[&str]) {
    let folder = f.root().join("planned");
    if !folder.exists() {
        let output = f.plan_into(&folder);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let judged = format!("{}:{}", f.scenario().display(), submitted(f).display());
    let mut args: Vec<&OsStr> = vec![
        "compare".as_ref(),
        folder.as_os_str(),
        judged.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    run(f, &args, 0);
}

fn sheet<'a>(book: &'a [(String, Sheet)], name: &str) -> &'a Sheet {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("a sheet `{name}`"))
        .1
}

fn names(book: &[(String, Sheet)]) -> Vec<&str> {
    book.iter().map(|(n, _)| n.as_str()).collect()
}

/// Whether any cell of a sheet is exactly this string.
fn holds_string(cells: &Sheet, text: &str) -> bool {
    cells
        .iter()
        .flatten()
        .any(|c| *c == Data::String(text.to_string()))
}

// ---------------------------------------------------------------------------
// Workbooks.

#[test]
fn the_evaluate_workbook_holds_the_breaks_changes_and_closest_plan_of_the_csvs() {
    let f = fixture_with_awkward_names();
    let out = f.root().join("evaluated");
    evaluate(&f, &out, &["--format", "xlsx", "--lang", "vi"]);
    assert!(
        !out.join("evaluate.md").exists(),
        "only the formats asked for"
    );
    let path = out.join("evaluate.xlsx");
    let book = sheets(&path);
    assert_eq!(
        names(&book),
        ["Kết quả", "Vi phạm", "Thay đổi", "Kế hoạch gần nhất"]
    );
    for (name, file) in [
        ("Vi phạm", "evaluate.csv"),
        ("Thay đổi", "changes.csv"),
        ("Kế hoạch gần nhất", "closest_plan.csv"),
    ] {
        assert_sheet_is_csv(sheet(&book, name), &out.join(file), name);
    }
    let breaks = sheet(&book, "Vi phạm");
    assert_eq!(breaks.len() - 1, 2, "two breaks");
    assert_eq!(
        headers(breaks),
        [
            "Dòng đầu",
            "Các dòng",
            "Mã loại",
            "Mã nguồn vốn",
            "Năm",
            "Huyện",
            "Mã xã",
            "Mã tiêu chí",
            "Số tiền (triệu đồng)",
            "Nội dung",
            "Cách sửa",
            "Loại",
            "Nguồn vốn",
            "Tiêu chí"
        ]
    );
    assert_eq!(breaks[1][1], Data::String("2; 3".into()));
    assert_eq!(breaks[1][2], Data::String("paid_in_part".into()));
    assert_eq!(breaks[1][8], Data::Float(50.0), "money is a number");
    assert!(
        matches!(&breaks[1][9], Data::String(s) if s.contains("còn thiếu 50 triệu đồng")),
        "the message in Vietnamese: {:?}",
        breaks[1][9]
    );
    assert_eq!(breaks[2][2], Data::String("already_met".into()));
    // Beside the ids, the kind and the criterion in words.
    assert_eq!(breaks[1][11], Data::String("Bố trí thiếu".into()));
    assert_eq!(breaks[2][11], Data::String("Tiêu chí đã đạt".into()));
    assert_eq!(
        headers(sheet(&book, "Thay đổi")),
        [
            "Mã thay đổi",
            "Huyện",
            "Mã xã",
            "Xã",
            "Mã tiêu chí",
            "Từ năm",
            "Sang năm",
            "Chi phí (triệu đồng)",
            "Các dòng",
            "Tên tiêu chí",
            "Thay đổi"
        ]
    );
    // The outcomes against the target of 3 communes.
    let outcomes = sheet(&book, "Kết quả");
    assert_eq!(
        headers(outcomes),
        [
            "Chỉ tiêu",
            "Hiện trạng",
            "Theo kế hoạch",
            "Tốt nhất với cùng số vốn",
            "Mục tiêu",
            "Kế hoạch đạt"
        ]
    );
    assert_eq!(
        outcomes[1][0],
        Data::String("Số xã đạt chuẩn nông thôn mới".into())
    );
    assert_eq!(outcomes[1][4], Data::Float(3.0));

    // Pa Tần's income is a change, under its formula-like name: a string.
    assert!(holds_string(sheet(&book, "Thay đổi"), FORMULA));
    assert_no_formula(&path);
}

#[test]
fn the_evaluate_workbook_speaks_english_with_lang_en() {
    let f = Fixture::new();
    // PLAN is the best plan when each criterion is paid within one year.
    f.one_year();
    let out = f.root().join("evaluated");
    let plan = f.write_plan("a.csv", &PLAN);
    run(
        &f,
        &[
            "evaluate".as_ref(),
            f.scenario().as_os_str(),
            "--plan".as_ref(),
            plan.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "-q".as_ref(),
            "--format".as_ref(),
            "xlsx".as_ref(),
            "--lang".as_ref(),
            "en".as_ref(),
        ],
        0,
    );
    let book = sheets(&out.join("evaluate.xlsx"));
    assert_eq!(
        names(&book),
        ["Outcomes", "Breaks", "Changes", "Closest plan"]
    );
    // A plan that keeps every rule and is already the best: header rows only.
    assert_eq!(sheet(&book, "Breaks").len(), 1);
    assert_eq!(sheet(&book, "Changes").len(), 1);
    assert_eq!(headers(sheet(&book, "Breaks"))[9], "What is wrong");
    assert_sheet_is_csv(
        sheet(&book, "Closest plan"),
        &out.join("closest_plan.csv"),
        "Closest plan",
    );
}

#[test]
fn the_compare_workbook_holds_the_rows_of_the_csvs() {
    let f = fixture_with_awkward_names();
    let out = f.root().join("compared");
    compare(&f, &out, &["--format", "xlsx", "--lang", "vi"]);
    assert!(
        !out.join("compare.md").exists(),
        "only the formats asked for"
    );
    let path = out.join("compare.xlsx");
    let book = sheets(&path);
    assert_eq!(
        names(&book),
        [
            "Phương án",
            "Tổng hợp",
            "Huyện",
            "Vốn theo nguồn",
            "Xã",
            "Khoản vốn"
        ]
    );
    for (name, file) in [
        ("Xã", "compare.csv"),
        ("Huyện", "compare_districts.csv"),
        ("Khoản vốn", "compare_fundings.csv"),
    ] {
        assert_sheet_is_csv(sheet(&book, name), &out.join(file), name);
    }
    let communes = sheet(&book, "Xã");
    assert_eq!(communes.len() - 1, 4 * 2, "every commune in both plans");
    assert_eq!(
        headers(communes),
        [
            "Phương án",
            "Tên phương án",
            "Huyện",
            "Mã xã",
            "Xã",
            "Số tiêu chí trước",
            "Số tiêu chí sau",
            "Đạt chuẩn sau",
            "Vốn (triệu đồng)",
            "Khác phương án A"
        ]
    );
    // Pa Tần differs: B leaves its income out.
    let pa_tan: Vec<&Vec<Data>> = communes[1..]
        .iter()
        .filter(|r| r[3] == Data::String("C2".into()))
        .collect();
    assert_eq!(pa_tan.len(), 2);
    assert_eq!(pa_tan[1][9], Data::Float(1.0), "B's C2 differs from A");
    assert!(holds_string(communes, FORMULA), "the name, exactly");
    assert!(holds_string(
        communes,
        "<script>alert('Tà')</script> & Ngảo"
    ));

    // The plans and the money by source and year, one column per plan.
    let plans = sheet(&book, "Phương án");
    assert_eq!(plans[2][0], Data::String("B".into()));
    assert_eq!(plans[2][3], Data::Float(2.0), "B breaks two rules");
    let money = sheet(&book, "Vốn theo nguồn");
    assert_eq!(headers(money), ["Nguồn, năm", "A", "B"]);
    assert_eq!(money[1][0], Data::String("Central NTM, 2024".into()));
    assert_eq!(money[1][1], Data::Float(600.0));
    assert_no_formula(&path);
}

#[test]
fn the_compare_workbook_speaks_english_with_lang_en() {
    let f = Fixture::new();
    let out = f.root().join("compared");
    compare(&f, &out, &["--format", "xlsx", "--lang", "en"]);
    let book = sheets(&out.join("compare.xlsx"));
    assert_eq!(
        names(&book),
        [
            "Plans",
            "Headline",
            "Districts",
            "Money by source",
            "Communes",
            "Fundings"
        ]
    );
    assert_eq!(headers(sheet(&book, "Communes"))[4], "Commune");
}

// ---------------------------------------------------------------------------
// Pages.

#[test]
fn the_pages_are_self_contained_and_escape_every_name() {
    let f = fixture_with_awkward_names();
    let evaluated = f.root().join("evaluated");
    evaluate(&f, &evaluated, &["--format", "html", "--lang", "vi"]);
    let compared = f.root().join("compared");
    compare(&f, &compared, &["--format", "html", "--lang", "vi"]);
    let escaped_formula = "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)";
    for (page, tables) in [
        (
            evaluated.join("evaluate.html"),
            &["id=\"t-breaks\"", "id=\"t-changes\"", "id=\"t-outcomes\""][..],
        ),
        (
            compared.join("compare.html"),
            &["id=\"t-communes\"", "id=\"t-fundings-B\"", "id=\"t-plans\""][..],
        ),
    ] {
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<html lang=\"vi\">"));
        assert_self_contained(&html);
        assert_eq!(html.matches("<script>").count(), 1, "the page's own");
        assert!(html.contains(escaped_formula), "{}", page.display());
        assert!(!html.contains("\"http://x\""), "quotes are escaped");
        for table in tables {
            assert!(html.contains(table), "{table} in {}", page.display());
        }
        assert!(html.contains("class=\"data interactive\""));
    }
    let html = std::fs::read_to_string(compared.join("compare.html")).unwrap();
    assert!(html.contains("&lt;script&gt;alert(&#39;Tà&#39;)&lt;/script&gt; &amp; Ngảo"));
    assert!(html.contains("Khác biệt so với phương án A"));
    assert!(html.contains("<h3>B (submitted)</h3>"), "{html}");
    let html = std::fs::read_to_string(evaluated.join("evaluate.html")).unwrap();
    assert!(html.contains("Khoảng cách đến kế hoạch tốt nhất"));
    // A page's cell is plain text: the kind in words, not its id.
    assert!(
        html.contains("<td>2; 3</td><td>Bố trí thiếu</td>"),
        "{html}"
    );
    assert!(!html.contains("paid_in_part"), "{html}");
}

#[test]
fn markdown_keeps_its_code_marks() {
    let f = fixture_with_awkward_names();
    let out = f.root().join("evaluated");
    evaluate(&f, &out, &["--format", "md,html"]);
    let md = std::fs::read_to_string(out.join("evaluate.md")).unwrap();
    // The kind in words; the ids in the message stay code.
    assert!(md.contains("| 2; 3 | Paid in part | "), "{md}");
    assert!(md.contains("`C3`"), "{md}");
    assert!(md.contains("## Distance to the best plan"), "{md}");
}

#[test]
fn the_pages_render_in_chromium_without_errors() {
    let Some(browser) = chromium() else {
        println!("{SKIPPED}");
        return;
    };
    let f = fixture_with_awkward_names();
    let evaluated = f.root().join("evaluated");
    evaluate(&f, &evaluated, &["--format", "html"]);
    let compared = f.root().join("compared");
    compare(&f, &compared, &["--format", "html"]);
    for (page, count) in [
        (evaluated.join("evaluate.html"), "2 / 2"),
        (compared.join("compare.html"), "8 / 8"),
    ] {
        let (dom, log) = render(&browser, f.root(), &page);
        let errors = console_errors(&log);
        assert!(
            errors.is_empty(),
            "{}: console errors:\n{}",
            page.display(),
            errors.join("\n")
        );
        assert!(
            dom.contains("data-ready=\"1\""),
            "the script ran to the end:\n{dom}"
        );
        assert!(
            dom.contains(&format!("<span class=\"count\">{count}</span>")),
            "{dom}"
        );
        assert!(dom.contains("=HYPERLINK(\"http://x\",\"y\")"), "as text");
    }
}

// ---------------------------------------------------------------------------
// Every format together.

#[test]
fn reports_are_byte_identical_across_runs_and_markdown_is_unchanged() {
    let f = fixture_with_awkward_names();
    let all = ["--format", "md,html", "--format", "xlsx", "--lang", "vi"];
    let (a, b) = (f.root().join("a"), f.root().join("b"));
    for out in [&a, &b] {
        evaluate(&f, &out.join("evaluate"), &all);
        compare(&f, &out.join("compare"), &all);
    }
    for name in [
        "evaluate/evaluate.md",
        "evaluate/evaluate.html",
        "evaluate/evaluate.xlsx",
        "compare/compare.md",
        "compare/compare.html",
        "compare/compare.xlsx",
    ] {
        let (x, y) = (
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
        );
        assert!(!x.is_empty(), "{name} is written");
        assert!(x == y, "{name} is the same on two runs");
    }
    // The Markdown report is the same with or without other formats.
    let md_only = f.root().join("md");
    evaluate(&f, &md_only.join("evaluate"), &["--lang", "vi"]);
    compare(&f, &md_only.join("compare"), &["--lang", "vi"]);
    for name in ["evaluate/evaluate.md", "compare/compare.md"] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(md_only.join(name)).unwrap(),
            "{name}"
        );
    }
    // The CSVs do not depend on the formats.
    for name in [
        "evaluate/evaluate.csv",
        "evaluate/changes.csv",
        "evaluate/closest_plan.csv",
        "evaluate/evaluate.json",
        "compare/compare.csv",
        "compare/compare_fundings.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(md_only.join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_bad_format_is_bad_input() {
    let f = Fixture::new();
    let plan = f.write_plan("a.csv", &PLAN);
    let out = f.root().join("never");
    let output = f.evaluate(&plan, &out, &["--format", "docx"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = ntm(
        f.root(),
        &[
            "compare".as_ref(),
            "a".as_ref(),
            "b".as_ref(),
            "--format".as_ref(),
            "docx".as_ref(),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!out.exists());
}
