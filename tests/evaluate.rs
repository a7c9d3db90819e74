//! `ntm evaluate` end to end: every rule break it must catch, each with the
//! exact rows; the optimizer's own plan; the distance to the best plan and
//! the changes that close it; unreadable files.

mod fixture;

use std::path::Path;

use fixture::{Fixture, PLAN, assert_no_panic, read_output_csv, stderr, stdout};
use serde_json::Value;

/// One reported break: (rows, kind, source_id, year, district, commune_id,
/// criterion, amount).
type Reported = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

struct Evaluated {
    code: Option<i32>,
    breaks: Vec<Reported>,
    /// The `fix` cell of each break.
    fixes: Vec<String>,
    json: Value,
    out: std::path::PathBuf,
}

fn evaluate_lines(f: &Fixture, lines: &[&str]) -> Evaluated {
    let plan = f.write_plan("submitted.csv", lines);
    evaluate_file(f, &plan, "evaluated")
}

fn evaluate_file(f: &Fixture, plan: &Path, out: &str) -> Evaluated {
    let out = f.root().join(out);
    let output = f.evaluate(plan, &out, &[]);
    assert_no_panic(&output);
    let (header, rows) = read_output_csv(&out.join("evaluate.csv"));
    assert_eq!(
        header.join(","),
        "row,rows,kind,source_id,year,district,commune_id,criterion,amount,message,fix,kind_name,source_name,criterion_name"
    );
    let breaks = rows
        .iter()
        .map(|r| {
            (
                r[1].clone(),
                r[2].clone(),
                r[3].clone(),
                r[4].clone(),
                r[5].clone(),
                r[6].clone(),
                r[7].clone(),
                r[8].clone(),
            )
        })
        .collect();
    let fixes = rows.iter().map(|r| r[10].clone()).collect();
    let json = serde_json::from_str(
        &std::fs::read_to_string(out.join("evaluate.json")).expect("evaluate.json"),
    )
    .expect("JSON");
    Evaluated {
        code: output.status.code(),
        breaks,
        fixes,
        json,
        out,
    }
}

/// The fixture's plan with `line` (1-based, as in the file) replaced.
fn with_line(line: usize, text: &'static str) -> Vec<&'static str> {
    let mut lines = PLAN.to_vec();
    lines[line - 1] = text;
    lines
}

fn with_extra(extra: &[&'static str]) -> Vec<&'static str> {
    let mut lines = PLAN.to_vec();
    lines.extend_from_slice(extra);
    lines
}

/// (rows, kind, source_id, year, district, commune_id, criterion, amount)
fn reported(cells: [&str; 8]) -> Reported {
    let [
        rows,
        kind,
        source,
        year,
        district,
        commune,
        criterion,
        amount,
    ] = cells.map(String::from);
    (
        rows, kind, source, year, district, commune, criterion, amount,
    )
}

/// The plan breaks exactly `expected`, and the exit code says so.
fn assert_breaks(e: &Evaluated, expected: &[Reported]) {
    assert_eq!(e.breaks, expected);
    assert_eq!(e.code, Some(4), "a plan that breaks a rule exits with 4");
    assert_eq!(e.json["keeps_rules"], false);
    assert_eq!(e.json["breaks"], expected.len());
}

#[test]
fn the_fixture_plan_keeps_every_rule() {
    let f = Fixture::new();
    let e = evaluate_lines(&f, &PLAN);
    assert_eq!(e.breaks, Vec::<Reported>::new());
    assert_eq!(e.code, Some(0));
    assert_eq!(e.json["keeps_rules"], true);
}

#[test]
fn unknown_commune() {
    let f = Fixture::new();
    let e = evaluate_lines(
        &f,
        &with_extra(&["2025,Alpha,C9,Xã mới,schools,central,10"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "11",
            "unknown_commune",
            "central",
            "2025",
            "",
            "C9",
            "schools",
            "",
        ])],
    );
}

#[test]
fn unknown_criterion() {
    let f = Fixture::new();
    let e = evaluate_lines(&f, &with_extra(&["2025,Alpha,C1,Sìn Hồ,roads,central,10"]));
    assert_breaks(
        &e,
        &[reported([
            "11",
            "unknown_criterion",
            "central",
            "2025",
            "Alpha",
            "C1",
            "roads",
            "",
        ])],
    );
}

#[test]
fn unknown_source() {
    let f = Fixture::new();
    let e = evaluate_lines(
        &f,
        &with_extra(&["2025,Alpha,C1,Sìn Hồ,transport,world_bank,500"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "11",
            "unknown_source",
            "world_bank",
            "2025",
            "Alpha",
            "C1",
            "transport",
            "",
        ])],
    );
}

#[test]
fn a_year_outside_the_plan() {
    let f = Fixture::new();
    let e = evaluate_lines(
        &f,
        &with_extra(&["2026,Alpha,C1,Sìn Hồ,transport,central,500"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "11",
            "not_a_planning_year",
            "central",
            "2026",
            "Alpha",
            "C1",
            "transport",
            "",
        ])],
    );
}

#[test]
fn an_amount_that_is_not_positive() {
    let f = Fixture::new();
    let e = evaluate_lines(
        &f,
        &with_extra(&["2025,Alpha,C1,Sìn Hồ,transport,district,-5"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "11",
            "amount_not_positive",
            "district",
            "2025",
            "Alpha",
            "C1",
            "transport",
            "-5",
        ])],
    );
}

#[test]
fn money_for_a_criterion_already_met() {
    let f = Fixture::new();
    let e = evaluate_lines(
        &f,
        &with_extra(&["2025,Alpha,C1,Sìn Hồ,planning,district,10"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "11",
            "already_met",
            "district",
            "2025",
            "Alpha",
            "C1",
            "planning",
            "",
        ])],
    );
}

#[test]
fn a_source_not_eligible_for_the_criterion() {
    let f = Fixture::new();
    // Land-use revenue pays only for environment and health.
    let e = evaluate_lines(
        &f,
        &with_extra(&["2024,Alpha,C1,Sìn Hồ,transport,land_revenue,80"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "11",
            "not_eligible",
            "land_revenue",
            "2024",
            "Alpha",
            "C1",
            "transport",
            "",
        ])],
    );
    // Sìn Hồ is especially difficult, so Ethnic 1719 may pay its
    // transport; land-use revenue may not.
    assert_eq!(
        e.fixes,
        ["row 11: change the source to one of: Central NTM, Ethnic 1719, District budget"]
    );
}

#[test]
fn an_ineligible_source_is_told_which_sources_may_pay_in_both_languages() {
    let f = Fixture::new();
    // Pa Tần is not especially difficult and Ethnic 1719 does not pay for
    // income: only Central NTM and Alpha's district budget may.
    let lines = with_extra(&[
        "2024,Alpha,C2,Pa Tần,income,land_revenue,80",
        "2024,Alpha,C2,Pa Tần,income,ethnic,80",
    ]);
    let e = evaluate_lines(&f, &lines);
    let kinds: Vec<&str> = e.breaks.iter().map(|b| b.1.as_str()).collect();
    assert_eq!(kinds, ["not_eligible", "not_eligible"]);
    assert_eq!(
        e.fixes,
        [
            "row 11: change the source to one of: Central NTM, District budget",
            "row 12: change the source to one of: Central NTM, District budget",
        ]
    );
    let md = std::fs::read_to_string(e.out.join("evaluate.md")).unwrap();
    assert!(
        md.contains("row 12: change the source to one of: Central NTM, District budget"),
        "{md}"
    );
    let plan = f.write_plan("submitted.csv", &lines);
    let out = f.root().join("vi");
    let output = f.evaluate(&plan, &out, &["--lang", "vi"]);
    let (_, rows) = read_output_csv(&out.join("evaluate.csv"));
    assert_eq!(
        rows[0][10],
        "dòng 11: đổi nguồn vốn sang một trong các nguồn: Central NTM, District budget"
    );
    assert!(
        stdout(&output).contains("cách sửa: dòng 12: đổi nguồn vốn sang"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_source_not_usable_in_the_commune() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    // Without a 2025 line for Beta, the district budget of 2025 is Alpha's only.
    f.replace(
        "sources.csv",
        "district,District budget,2025,120,Beta,\n",
        "",
    );
    let e = evaluate_lines(&f, &PLAN);
    assert_breaks(
        &e,
        &[
            reported([
                "8; 10",
                "paid_in_part",
                "",
                "2025",
                "Beta",
                "C4",
                "environment",
                "120",
            ]),
            reported([
                "9",
                "out_of_scope",
                "district",
                "2025",
                "Beta",
                "C4",
                "environment",
                "",
            ]),
        ],
    );
}

#[test]
fn an_especially_difficult_only_source_in_another_commune() {
    let f = Fixture::new();
    // C2 is not especially difficult; `ethnic` pays only in those that are.
    f.replace(
        "gaps.csv",
        "C2,income,200,",
        "C2,income,200,\nC2,schools,90,",
    );
    let e = evaluate_lines(&f, &with_extra(&["2024,Alpha,C2,Pa Tần,schools,ethnic,90"]));
    assert_breaks(
        &e,
        &[reported([
            "11",
            "out_of_scope",
            "ethnic",
            "2024",
            "Alpha",
            "C2",
            "schools",
            "",
        ])],
    );
}

#[test]
fn a_source_with_no_money_that_year() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    let e = evaluate_lines(
        &f,
        &with_extra(&["2025,Alpha,C1,Sìn Hồ,transport,ethnic,500"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "11",
            "no_budget_line",
            "ethnic",
            "2025",
            "Alpha",
            "C1",
            "transport",
            "",
        ])],
    );
}

#[test]
fn a_source_over_its_budget_by_how_much_where_and_when() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    // Alpha's district budget holds 100 in 2024.
    let e = evaluate_lines(
        &f,
        &with_extra(&["2024,Alpha,C1,Sìn Hồ,transport,district,500"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "11",
            "over_budget",
            "district",
            "2024",
            "Alpha",
            "",
            "",
            "400",
        ])],
    );
    let csv = std::fs::read_to_string(e.out.join("evaluate.csv")).unwrap();
    assert!(
        csv.contains("over its budget by 400 million VND (500 used of 100)"),
        "{csv}"
    );
}

/// Under `carry_over` a source's lines are checked together, but a line
/// over its money is named with its own district and rows: Beta's district
/// money of 2024 is spent twice by the end of 2024, while Alpha's row
/// after it is within Alpha's line (it was the one blamed once).
#[test]
fn a_district_line_over_its_money_is_named_with_its_own_rows_under_carry_over() {
    let f = Fixture::new();
    let mut lines = with_line(9, "2024,Beta,C4,Tà Ngảo,environment,district,120");
    lines[6] = "2025,Alpha,C2,Pa Tần,income,central,100";
    lines.push("2024,Alpha,C2,Pa Tần,income,district,100");
    let e = evaluate_lines(&f, &lines);
    assert_breaks(
        &e,
        &[reported([
            "9",
            "over_budget",
            "district",
            "2024",
            "Beta",
            "",
            "",
            "120",
        ])],
    );
    assert_eq!(
        e.fixes,
        [
            "row 9: this line is over its budget by 120 million VND; lower this row by 120 or pay it from another source"
        ]
    );
    // Alpha over too: each line its own break, in the order of the rows.
    lines[6] = "2025,Alpha,C2,Pa Tần,income,central,70";
    lines[10] = "2024,Alpha,C2,Pa Tần,income,district,130";
    let e = evaluate_lines(&f, &lines);
    assert_breaks(
        &e,
        &[
            reported([
                "9",
                "over_budget",
                "district",
                "2024",
                "Beta",
                "",
                "",
                "120",
            ]),
            reported([
                "11",
                "over_budget",
                "district",
                "2024",
                "Alpha",
                "",
                "",
                "30",
            ]),
        ],
    );
}

/// Under `carry_over` a line short in two years is reported in both, the
/// second time by what it lacks beyond the first, so the fixes together
/// clear it: Beta's district money, 120 a year, spent 170 by 2024 and 330
/// by 2025.
#[test]
fn a_line_short_in_two_years_is_reported_by_all_it_lacks() {
    let f = Fixture::new();
    let mut lines = with_line(8, "2025,Beta,C4,Tà Ngảo,environment,central,10");
    lines.push("2024,Beta,C4,Tà Ngảo,environment,district,50");
    lines.push("2025,Beta,C4,Tà Ngảo,environment,district,40");
    let e = evaluate_lines(&f, &lines);
    let over: Vec<(String, String, String)> = e
        .breaks
        .iter()
        .filter(|b| b.1 == "over_budget")
        .map(|b| (b.0.clone(), b.3.clone(), b.7.clone()))
        .collect();
    assert_eq!(
        over,
        [
            ("11".to_string(), "2024".to_string(), "50".to_string()),
            ("12".to_string(), "2025".to_string(), "40".to_string()),
        ],
        "{:?}",
        e.breaks
    );
}

#[test]
fn a_province_wide_source_over_its_budget_names_only_the_rows_beyond_it() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    // Rows 6, 7 and 8 spend central's 600 of 2025; the two rows after
    // them (Sìn Hồ's transport, 500 in two halves) are beyond it.
    let lines = with_extra(&[
        "2025,Alpha,C1,Sìn Hồ,transport,central,250",
        "2025,Alpha,C1,Sìn Hồ,transport,central,250",
    ]);
    let e = evaluate_lines(&f, &lines);
    assert_breaks(
        &e,
        &[reported([
            "11; 12",
            "over_budget",
            "central",
            "2025",
            "",
            "",
            "",
            "500",
        ])],
    );
    assert_eq!(
        e.fixes,
        [
            "row 11: this line is over its budget by 500 million VND; lower this row by 250 or pay it from another source | row 12: this line is over its budget by 500 million VND; lower this row by 250 or pay it from another source"
        ]
    );
    let plan = f.write_plan("submitted.csv", &lines);
    let out = f.root().join("vi");
    let output = f.evaluate(&plan, &out, &["--lang", "vi"]);
    assert_eq!(output.status.code(), Some(4));
    let (_, rows) = read_output_csv(&out.join("evaluate.csv"));
    assert_eq!(
        rows[0][10],
        "dòng 11: dòng vốn này vượt dự toán 500 triệu đồng; giảm dòng này 250 triệu đồng hoặc chi từ nguồn khác | dòng 12: dòng vốn này vượt dự toán 500 triệu đồng; giảm dòng này 250 triệu đồng hoặc chi từ nguồn khác"
    );
    let console = stdout(&output);
    assert!(
        console.contains("cách sửa: dòng 12: dòng vốn này vượt dự toán 500"),
        "{console}"
    );
}

#[test]
fn land_revenue_above_the_committed_share() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    // Beta's 2025 revenue is 200, of which at most 80% (160) may be spent.
    let mut lines = PLAN[..7].to_vec();
    lines.push("2025,Beta,C4,Tà Ngảo,environment,land_revenue,250");
    let e = evaluate_lines(&f, &lines);
    assert_breaks(
        &e,
        &[reported([
            "8",
            "land_revenue_over_share",
            "land_revenue",
            "2025",
            "Beta",
            "",
            "",
            "90",
        ])],
    );
}

#[test]
fn a_gap_paid_only_in_part() {
    let f = Fixture::new();
    let e = evaluate_lines(
        &f,
        &with_line(3, "2024,Beta,C3,Nậm Tăm,transport,ethnic,150"),
    );
    assert_breaks(
        &e,
        &[reported([
            "2; 3",
            "paid_in_part",
            "",
            "2024",
            "Beta",
            "C3",
            "transport",
            "50",
        ])],
    );
    // What it pays in part does not count.
    assert_eq!(e.json["communes_meeting_standard"], 2);
}

#[test]
fn a_gap_paid_twice() {
    let f = Fixture::new();
    // Pa Tần's income (200) paid by central in 2025 and again by Alpha's
    // district budget over two years, within every budget.
    let e = evaluate_lines(
        &f,
        &with_extra(&[
            "2024,Alpha,C2,Pa Tần,income,district,100",
            "2025,Alpha,C2,Pa Tần,income,district,100",
        ]),
    );
    assert_breaks(
        &e,
        &[reported([
            "7; 11; 12",
            "paid_twice",
            "",
            "",
            "Alpha",
            "C2",
            "income",
            "200",
        ])],
    );
    // Row 7 pays the cost; the two rows after it are to be deleted.
    assert_eq!(e.fixes, ["delete row 11 | delete row 12"]);
    // The change that funds the gap names the rows it touches, and the
    // commune and criterion by name.
    let (header, changes) = read_output_csv(&e.out.join("changes.csv"));
    assert_eq!(
        header.join(","),
        "change,district,commune_id,commune,criterion,from_year,to_year,cost,rows,criterion_name,change_name"
    );
    let income: Vec<&Vec<String>> = changes.iter().filter(|c| c[4] == "income").collect();
    assert_eq!(income.len(), 1, "{changes:?}");
    assert_eq!(
        (
            income[0][2].as_str(),
            income[0][3].as_str(),
            income[0][8].as_str(),
            income[0][9].as_str()
        ),
        ("C2", "Pa Tần", "7; 11; 12", "Income")
    );
    let md = std::fs::read_to_string(e.out.join("evaluate.md")).unwrap();
    // One fix per row, the cell's bar escaped in Markdown.
    assert!(md.contains("| delete row 11 \\| delete row 12 |"), "{md}");
    assert!(
        md.contains("| 7; 11; 12 | Alpha | Pa Tần (C2) | Income |"),
        "{md}"
    );
}

#[test]
fn a_duplicated_row_is_told_to_be_deleted_in_both_languages() {
    let f = Fixture::new();
    // Row 3 written twice: Nậm Tăm's transport (800) is paid 1,000.
    let lines = with_extra(&["2024,Beta,C3,Nậm Tăm,transport,ethnic,200"]);
    let e = evaluate_lines(&f, &lines);
    assert_breaks(
        &e,
        &[reported([
            "2; 3; 11",
            "overpaid",
            "",
            "2024",
            "Beta",
            "C3",
            "transport",
            "200",
        ])],
    );
    assert_eq!(e.fixes, ["delete row 11"]);
    let plan = f.write_plan("submitted.csv", &lines);
    let out = f.root().join("vi");
    let output = f.evaluate(&plan, &out, &["--lang", "vi"]);
    let (_, rows) = read_output_csv(&out.join("evaluate.csv"));
    assert_eq!(rows[0][10], "xoá dòng 11");
    assert!(
        stdout(&output).contains("cách sửa: xoá dòng 11"),
        "{}",
        stdout(&output)
    );
    // Its change names the rows and, in Vietnamese, the criterion's name.
    let (_, changes) = read_output_csv(&out.join("changes.csv"));
    let transport: Vec<&Vec<String>> = changes
        .iter()
        .filter(|c| c[2] == "C3" && c[4] == "transport")
        .collect();
    assert_eq!(transport.len(), 1, "{changes:?}");
    assert_eq!(
        (transport[0][8].as_str(), transport[0][9].as_str()),
        ("2; 3; 11", "Giao thông")
    );
    let md = std::fs::read_to_string(out.join("evaluate.md")).unwrap();
    assert!(md.contains("| Dòng |"), "{md}");
    assert!(
        md.contains("| 2; 3; 11 | Beta | Nậm Tăm (C3) | Giao thông |"),
        "{md}"
    );
}

#[test]
fn a_row_partly_beyond_the_cost_is_told_how_much_to_lower() {
    let f = Fixture::new();
    // Nậm Tăm's transport (800) paid 600 + 250: row 3 is 50 over.
    let lines = with_line(3, "2024,Beta,C3,Nậm Tăm,transport,ethnic,250");
    let e = evaluate_lines(&f, &lines);
    assert_eq!(e.breaks.len(), 1);
    assert_eq!(e.breaks[0].1, "overpaid");
    assert_eq!(e.fixes, ["row 3: lower the amount by 50 million VND"]);
    let plan = f.write_plan("submitted.csv", &lines);
    let out = f.root().join("vi");
    f.evaluate(&plan, &out, &["--lang", "vi"]);
    let (_, rows) = read_output_csv(&out.join("evaluate.csv"));
    assert_eq!(rows[0][10], "dòng 3: giảm số tiền 50 triệu đồng");
}

#[test]
fn a_gap_paid_more_than_its_cost() {
    let f = Fixture::new();
    let e = evaluate_lines(
        &f,
        &with_extra(&["2025,Alpha,C2,Pa Tần,income,district,50"]),
    );
    assert_breaks(
        &e,
        &[reported([
            "7; 11", "overpaid", "", "2025", "Alpha", "C2", "income", "50",
        ])],
    );
}

#[test]
fn a_gap_paid_over_several_years() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    let mut lines = with_line(7, "2024,Alpha,C2,Pa Tần,income,district,100");
    lines.push("2025,Alpha,C2,Pa Tần,income,district,100");
    let e = evaluate_lines(&f, &lines);
    assert_breaks(
        &e,
        &[reported([
            "7; 11",
            "paid_in_several_years",
            "",
            "",
            "Alpha",
            "C2",
            "income",
            "",
        ])],
    );
}

#[test]
fn a_cost_paid_over_two_years_keeps_the_rules_that_allow_it() {
    for rule in ["yearly", "carry_over"] {
        let f = Fixture::new();
        f.payment_rule(rule);
        let mut lines = with_line(7, "2024,Alpha,C2,Pa Tần,income,district,100");
        lines.push("2025,Alpha,C2,Pa Tần,income,district,100");
        let e = evaluate_lines(&f, &lines);
        assert_eq!(e.breaks, Vec::<Reported>::new(), "{rule}");
        assert_eq!(e.code, Some(0), "{rule}");
        // Pa Tần, Nậm Tăm and Tà Ngảo meet the standard, as with the
        // fixture's plan (Sìn Hồ lacks transport).
        assert_eq!(e.json["communes_meeting_standard"], 3, "{rule}");
    }
}

#[test]
fn carried_money_pays_later_and_an_early_overspend_is_a_break() {
    // ethnic has 400 in 2024 only: under carry_over its 2024 money pays in
    // 2025; under yearly it has no money that year.
    let lines = with_line(3, "2025,Beta,C3,Nậm Tăm,transport,ethnic,200");
    let f = Fixture::new();
    let e = evaluate_lines(&f, &lines);
    assert_eq!(e.breaks, Vec::<Reported>::new());
    assert_eq!(e.code, Some(0));
    let (header, rows) = read_output_csv(&e.out.join("closest_plan.csv"));
    assert!(header.contains(&"source_id".to_string()) && !rows.is_empty());
    let f = Fixture::new();
    f.payment_rule("yearly");
    let e = evaluate_lines(&f, &lines);
    let kinds: Vec<&str> = e.breaks.iter().map(|b| b.1.as_str()).collect();
    assert_eq!(kinds, ["paid_in_part", "no_budget_line"]);

    // central has 600 a year: 800 paid in 2024 is over its budget by the
    // end of 2024 although the two years hold 1,200.
    let f = Fixture::new();
    let e = evaluate_lines(&f, &with_line(7, "2024,Alpha,C2,Pa Tần,income,central,200"));
    assert_breaks(
        &e,
        &[reported([
            "7",
            "over_budget",
            "central",
            "2024",
            "",
            "",
            "",
            "200",
        ])],
    );
    // Row 2 is within the 600 received by 2024; row 7 is beyond it.
    assert_eq!(
        e.fixes,
        [
            "row 7: this line is over its budget by 200 million VND; lower this row by 200 or pay it from another source"
        ]
    );
}

#[test]
fn a_gap_paid_before_it_can_start() {
    let f = Fixture::new();
    // Sìn Hồ's schools can start in 2025.
    let mut lines = with_line(6, "2024,Alpha,C1,Sìn Hồ,schools,ethnic,200");
    lines.push("2024,Alpha,C1,Sìn Hồ,schools,district,100");
    let e = evaluate_lines(&f, &lines);
    assert_breaks(
        &e,
        &[reported([
            "6; 11",
            "before_earliest_year",
            "",
            "2024",
            "Alpha",
            "C1",
            "schools",
            "",
        ])],
    );
}

#[test]
fn a_district_cell_that_contradicts_the_commune() {
    let f = Fixture::new();
    let e = evaluate_lines(&f, &with_line(7, "2025,Beta,C2,Pa Tần,income,central,200"));
    assert_breaks(
        &e,
        &[reported([
            "7",
            "district_mismatch",
            "central",
            "2025",
            "Alpha",
            "C2",
            "income",
            "",
        ])],
    );
}

#[test]
fn a_commune_name_that_contradicts_the_id() {
    let f = Fixture::new();
    let e = evaluate_lines(
        &f,
        &with_line(7, "2025,Alpha,C2,Nậm Tăm,income,central,200"),
    );
    assert_breaks(
        &e,
        &[reported([
            "7",
            "commune_mismatch",
            "central",
            "2025",
            "Alpha",
            "C2",
            "income",
            "",
        ])],
    );
}

#[test]
fn several_breaks_come_in_the_order_of_the_file() {
    let f = Fixture::new();
    let mut lines = with_line(3, "2024,Beta,C3,Nậm Tăm,transport,ethnic,150");
    lines.push("2025,Alpha,C9,Xã mới,schools,central,10");
    lines.push("2025,Alpha,C1,Sìn Hồ,planning,district,10");
    let e = evaluate_lines(&f, &lines);
    let kinds: Vec<(&str, &str)> = e
        .breaks
        .iter()
        .map(|b| (b.0.as_str(), b.1.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("2; 3", "paid_in_part"),
            ("11", "unknown_commune"),
            ("12", "already_met")
        ]
    );
    assert_eq!(e.code, Some(4));
}

/// The figures `summary.json` and `evaluate.json` share.
const SHARED_FIGURES: [&str; 10] = [
    "weighted_communes",
    "communes_meeting_standard",
    "communes_total",
    "criteria_met_total",
    "average_criteria",
    "min_criteria",
    "total_cost",
    "maintenance_cost",
    "criteria_lost",
    "targets",
];

#[test]
fn the_optimizers_own_plan_is_clean_with_the_same_outcomes() {
    let f = Fixture::new();
    let planned = f.plan();
    assert_eq!(planned.status.code(), Some(0), "{}", stderr(&planned));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(f.out().join("summary.json")).unwrap())
            .unwrap();
    let e = evaluate_file(&f, &f.out().join("plan.csv"), "evaluated");
    assert_eq!(e.code, Some(0));
    assert!(e.breaks.is_empty(), "{:?}", e.breaks);
    for key in SHARED_FIGURES {
        assert_eq!(e.json[key], summary[key], "`{key}`");
    }
    // It is already the best plan the money allows.
    assert_eq!(e.json["distance"]["communes_short"], 0);
    assert_eq!(e.json["distance"]["criteria_short"], 0);
    assert_eq!(e.json["distance"]["weighted_communes_short"], 0.0);
    assert_eq!(e.json["distance"]["changes"], 0);
    for key in SHARED_FIGURES.iter().filter(|k| **k != "communes_total") {
        assert_eq!(e.json["best"][key], summary[key], "best `{key}`");
    }
    let (_, changes) = read_output_csv(&e.out.join("changes.csv"));
    assert!(changes.is_empty());
}

/// (commune, criterion, year) of every gap a plan file pays for.
fn funded(path: &Path) -> std::collections::BTreeSet<(String, String, String)> {
    let (header, rows) = read_output_csv(path);
    assert_eq!(
        header.join(","),
        "year,district,commune_id,commune,criterion,source_id,amount,purpose,criterion_name,source_name,purpose_name"
    );
    rows.iter()
        .map(|r| (r[2].clone(), r[4].clone(), r[0].clone()))
        .collect()
}

/// The same, for a plan given as lines.
fn funded_lines(lines: &[&str]) -> std::collections::BTreeSet<(String, String, String)> {
    lines[1..]
        .iter()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (
                cells[2].to_string(),
                cells[4].to_string(),
                cells[0].to_string(),
            )
        })
        .collect()
}

#[test]
fn a_worse_plan_gets_its_distance_and_the_changes_that_close_it() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    // Sìn Hồ's transport instead of Nậm Tăm's: Sìn Hồ meets the standard
    // instead of Nậm Tăm, whose weight is 2. Same communes and criteria,
    // one weighted commune short.
    let mut lines = vec![PLAN[0], "2024,Alpha,C1,Sìn Hồ,transport,central,500"];
    lines.extend_from_slice(&PLAN[3..]);
    let e = evaluate_lines(&f, &lines);
    assert_eq!(e.code, Some(0), "the worse plan keeps every rule");
    assert_eq!(e.json["communes_meeting_standard"], 3);
    assert_eq!(e.json["weighted_communes"], 3.0);
    assert_eq!(e.json["best"]["weighted_communes"], 4.0);
    assert_eq!(e.json["distance"]["weighted_communes_short"], 1.0);
    assert_eq!(e.json["distance"]["communes_short"], 0);
    assert_eq!(e.json["distance"]["criteria_short"], 0);

    // The cheapest way back: fund Nậm Tăm's transport (800) and drop Sìn
    // Hồ's (500). Dropping Sìn Hồ's schools (300) instead would not do: the
    // 2024 money that transport may use (1,220) cannot pay both transports
    // (1,300), and Nậm Tăm's cannot be paid in 2025, so Sìn Hồ's would move
    // to 2025, a change of 500 more (1,600 in all, against 1,300).
    let (header, changes) = read_output_csv(&e.out.join("changes.csv"));
    assert_eq!(
        header.join(","),
        "change,district,commune_id,commune,criterion,from_year,to_year,cost,rows,criterion_name,change_name"
    );
    let listed: Vec<(&str, &str, &str, &str)> = changes
        .iter()
        .map(|c| (c[0].as_str(), c[2].as_str(), c[4].as_str(), c[7].as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("drop", "C1", "transport", "500"),
            ("add", "C3", "transport", "800")
        ]
    );
    assert_eq!(e.json["distance"]["money_moved"], 1300.0);
    // The drop touches the plan's row 2; the addition none of its rows.
    let rows: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| (c[0].as_str(), c[8].as_str(), c[9].as_str()))
        .collect();
    assert_eq!(rows, [("drop", "2", "Transport"), ("add", "", "Transport")]);

    // Applied to what the plan funds, the changes give the closest best
    // plan, which keeps every rule and reaches the best figures.
    let mut applied = funded_lines(&lines);
    for c in &changes {
        match c[0].as_str() {
            "drop" => assert!(applied.remove(&(c[2].clone(), c[4].clone(), c[5].clone()))),
            "add" => assert!(applied.insert((c[2].clone(), c[4].clone(), c[6].clone()))),
            other => panic!("unexpected change {other}"),
        }
    }
    let closest = e.out.join("closest_plan.csv");
    assert_eq!(applied, funded(&closest));
    let best = e.json["best"].clone();
    let again = evaluate_file(&f, &closest, "again");
    assert_eq!(again.code, Some(0));
    assert!(again.breaks.is_empty());
    for key in SHARED_FIGURES.iter().filter(|k| **k != "communes_total") {
        assert_eq!(again.json[key], best[key], "`{key}`");
    }
    assert_eq!(again.json["distance"]["changes"], 0);
}

#[test]
fn a_plan_missing_a_criterion_is_told_to_add_it() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    let lines: Vec<&str> = PLAN
        .iter()
        .copied()
        .filter(|l| !l.contains("income"))
        .collect();
    let e = evaluate_lines(&f, &lines);
    assert_eq!(e.code, Some(0));
    assert_eq!(e.json["distance"]["communes_short"], 1);
    assert_eq!(e.json["distance"]["criteria_short"], 1);
    let (_, changes) = read_output_csv(&e.out.join("changes.csv"));
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (
            changes[0][0].as_str(),
            changes[0][2].as_str(),
            changes[0][4].as_str()
        ),
        ("add", "C2", "income")
    );
    let md = std::fs::read_to_string(e.out.join("evaluate.md")).unwrap();
    assert!(
        md.contains("Communes meeting the standard: short by 1"),
        "{md}"
    );
}

#[test]
fn unreadable_plans_are_bad_input_naming_file_line_and_column() {
    let cases: [(&str, &[u8], &str); 6] = [
        (
            "a bad amount",
            "year,district,commune_id,commune,criterion,source_id,amount\n2024,Beta,C3,Nậm Tăm,transport,central,6OO\n".as_bytes(),
            "submitted.csv:2:7: amount: `6OO` is not a number",
        ),
        (
            "a bad year",
            "year,district,commune_id,commune,criterion,source_id,amount\n2024,Beta,C3,Nậm Tăm,transport,central,600\nnăm 2025,Beta,C4,Tà Ngảo,health,district,120\n".as_bytes(),
            "submitted.csv:3:1: year: `năm 2025` is not a whole number",
        ),
        (
            "an unknown column",
            "year,district,commune_id,commune,criterion,source,amount\n2024,Beta,C3,Nậm Tăm,transport,central,600\n".as_bytes(),
            "submitted.csv:1:6: unknown column `source`",
        ),
        (
            "a missing column",
            "year,commune_id,criterion,source_id\n2024,C3,transport,central\n".as_bytes(),
            "submitted.csv:1:5: missing column `amount`",
        ),
        (
            "text that is not UTF-8",
            b"year,district,commune_id,commune,criterion,source_id,amount\n2024,Beta,C3,N\xe2m T\xe2m,transport,central,600\n",
            "submitted.csv:2:4: the file is not UTF-8",
        ),
        (
            "an amount finer than one dong",
            "year,district,commune_id,commune,criterion,source_id,amount\n2024,Beta,C3,Nậm Tăm,transport,central,600.0000001\n".as_bytes(),
            "submitted.csv:2:7: amount: `600.0000001` has more than six decimals",
        ),
    ];
    for (what, contents, message) in cases {
        let f = Fixture::new();
        let plan = f.root().join("submitted.csv");
        std::fs::write(&plan, contents).unwrap();
        let out = f.root().join("evaluated");
        let output = f.evaluate(&plan, &out, &[]);
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(2), "{what}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(message),
            "{what}: expected `{message}` in:\n{}",
            stderr(&output)
        );
        assert!(!out.exists(), "{what}: nothing is written");
    }
}

#[test]
fn excel_files_with_bom_crlf_and_a_purpose_column_are_read() {
    let f = Fixture::new();
    let mut text = String::from("\u{feff}");
    for (i, line) in PLAN.iter().enumerate() {
        let purpose = if i == 0 { "purpose" } else { "new" };
        text.push_str(&format!("{line},{purpose}\r\n"));
    }
    // An unknown commune on line 11 is still reported on line 11.
    text.push_str("2025,Alpha,C9,Xã mới,schools,central,10,maintenance\r\n\r\n");
    let plan = f.root().join("excel.csv");
    std::fs::write(&plan, text).unwrap();
    let e = evaluate_file(&f, &plan, "evaluated");
    assert_eq!(e.breaks.len(), 1);
    assert_eq!(
        (e.breaks[0].0.as_str(), e.breaks[0].1.as_str()),
        ("11", "unknown_commune")
    );

    let bad = f.write_plan(
        "bad_purpose.csv",
        &[
            "year,commune_id,criterion,source_id,amount,purpose",
            "2024,C3,transport,central,600,upkeep",
        ],
    );
    let output = f.evaluate(&bad, &f.root().join("never"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("bad_purpose.csv:2:6: purpose"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn outputs_carry_a_bom_and_formula_like_names_are_inert() {
    let f = Fixture::new();
    // A rule of (or figures worked out under) one-year payments.
    f.one_year();
    f.replace(
        "communes.csv",
        "C2,Pa Tần,",
        "C2,\"=HYPERLINK(\"\"x\"\")\",",
    );
    let lines: Vec<&str> = PLAN
        .iter()
        .copied()
        .filter(|l| !l.contains("income"))
        .collect();
    let e = evaluate_lines(&f, &lines);
    for name in ["evaluate.csv", "changes.csv", "closest_plan.csv"] {
        let bytes = std::fs::read(e.out.join(name)).unwrap();
        assert!(bytes.starts_with(b"\xef\xbb\xbf"), "{name} has a BOM");
    }
    let (_, changes) = read_output_csv(&e.out.join("changes.csv"));
    assert_eq!(changes[0][3], "'=HYPERLINK(\"x\")");
    // The closest plan, written with the inert name, reads back as that
    // commune: no name contradicts its id.
    let again = evaluate_file(&f, &e.out.join("closest_plan.csv"), "again");
    assert_eq!(again.code, Some(0), "{:?}", again.breaks);
}

#[test]
fn the_report_speaks_vietnamese_when_asked() {
    let f = Fixture::new();
    let plan = f.write_plan(
        "submitted.csv",
        &with_line(3, "2024,Beta,C3,Nậm Tăm,transport,ethnic,150"),
    );
    let out = f.root().join("vi");
    let output = f.evaluate(&plan, &out, &["--lang", "vi"]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stdout(&output).contains("vi phạm 1 quy định"),
        "{}",
        stdout(&output)
    );
    let md = std::fs::read_to_string(out.join("evaluate.md")).unwrap();
    assert!(md.contains("thẩm định kế hoạch"), "{md}");
    assert!(md.contains("còn thiếu 50 triệu đồng"), "{md}");
    // Machine-read words stay English.
    let (_, rows) = read_output_csv(&out.join("evaluate.csv"));
    assert_eq!(rows[0][2], "paid_in_part");
}

#[test]
fn the_plan_file_is_never_written_over() {
    let f = Fixture::new();
    let plan = f.write_plan("evaluate.csv", &PLAN);
    let before = std::fs::read(&plan).unwrap();
    let output = f.evaluate(&plan, f.root(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("holds an input file of this run"));
    assert_eq!(std::fs::read(&plan).unwrap(), before);
}

#[test]
fn english_messages_name_communes_criteria_and_sources() {
    let f = Fixture::new();
    // Nậm Tăm's transport paid once more from the central budget.
    let mut lines: Vec<&str> = PLAN.to_vec();
    lines.push(PLAN[1]);
    let plan = f.write_plan("twice.csv", &lines);
    let out = f.root().join("twice");
    let output = f.evaluate(&plan, &out, &["--lang", "en"]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    let console = stdout(&output);
    let (h, rows) = read_output_csv(&out.join("evaluate.csv"));
    let message = h.iter().position(|c| c == "message").unwrap();
    let row = |kind: &str| {
        rows.iter()
            .find(|r| r[2] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {rows:?}"))[message]
            .clone()
    };
    let (overpaid, over_budget) = (row("overpaid"), row("over_budget"));
    for text in [console.as_str(), overpaid.as_str()] {
        assert!(
            text.contains("Nậm Tăm (`C3`) / Transport is paid"),
            "{text}"
        );
    }
    for text in [console.as_str(), over_budget.as_str()] {
        assert!(text.contains("source Central NTM pays 600"), "{text}");
        assert!(!text.contains("`central`"), "{text}");
    }
}
