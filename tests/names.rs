//! Where a person reads, the reports name things: sources and criteria by
//! their names, kinds in words, amounts written as the report's language
//! writes numbers. The ids stay in columns of their own, for programs.

mod fixture;
mod workbook;

use std::ffi::OsStr;
use std::path::Path;

use calamine::Data;
use fixture::{Fixture, assert_no_panic, ntm, read_output_csv, stderr, stdout};
use workbook::{headers, sheets};

fn run(f: &Fixture, args: &[&str], code: i32) -> String {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let output = ntm(f.root(), &args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
    stdout(&output)
}

fn plan(f: &Fixture, out: &Path, lang: &str) {
    let scenario = f.scenario();
    run(
        f,
        &[
            "plan",
            scenario.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--no-timings",
            "-q",
            "--format",
            "md,xlsx",
            "--lang",
            lang,
        ],
        0,
    );
}

fn sheet<'a>(book: &'a [(String, workbook::Sheet)], name: &str) -> &'a workbook::Sheet {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("a sheet `{name}`"))
        .1
}

fn text(cell: &Data) -> &str {
    match cell {
        Data::String(s) => s,
        other => panic!("text, not {other:?}"),
    }
}

/// The rows of a Markdown table whose header row starts with `first`.
fn md_table<'a>(md: &'a str, first: &str) -> Vec<Vec<&'a str>> {
    let lines: Vec<&str> = md.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(&format!("| {first} |")))
        .unwrap_or_else(|| panic!("a table headed `{first}` in\n{md}"));
    lines[start + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect()
}

/// Per language: the words for the source, a criterion, the purposes and
/// the headers.
struct Words {
    lang: &'static str,
    land_revenue: &'static str,
    transport: &'static str,
    new: &'static str,
    source_header: &'static str,
    /// The plan sheet's source-name heading: it must not read back as the
    /// `source` of a hand-written plan (src/columns.rs).
    plan_source_header: &'static str,
    plan_sheet: &'static str,
    sources_sheet: &'static str,
    marginal_sheet: &'static str,
}

const VI: Words = Words {
    lang: "vi",
    land_revenue: "Tiền thu sử dụng đất",
    transport: "Giao thông",
    new: "Đạt mới",
    source_header: "Nguồn vốn",
    plan_source_header: "Nguồn vốn",
    plan_sheet: "Kế hoạch",
    sources_sheet: "Nguồn vốn",
    marginal_sheet: "Giá trị biên",
};

const EN: Words = Words {
    lang: "en",
    land_revenue: "Land-use revenue",
    transport: "Transport",
    new: "New",
    source_header: "Source",
    plan_source_header: "Funding source",
    plan_sheet: "Plan",
    sources_sheet: "Sources",
    marginal_sheet: "Marginal",
};

/// The source names of the fixture, in `w`'s language.
fn source_names(w: &Words) -> [&'static str; 4] {
    [
        "Central NTM",
        "Ethnic 1719",
        "District budget",
        w.land_revenue,
    ]
}

fn plan_names_sources_and_criteria(w: &Words) {
    let f = Fixture::new();
    let out = f.root().join("out");
    plan(&f, &out, w.lang);
    let ids = ["central", "ethnic", "district", "land_revenue"];
    let names = source_names(w);

    // report.md: the marginal table and the money table name sources by
    // their names, with no id beside them.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let marginal = md_table(&md, w.source_header);
    assert!(!marginal.is_empty());
    for table in [&marginal] {
        for row in table.iter() {
            assert!(
                names.contains(&row[0]) || row[0].starts_with("**"),
                "a source by its name, not `{}`:\n{md}",
                row[0]
            );
        }
    }
    for id in ids {
        assert!(!md.contains(&format!("({id})")), "no `({id})` in\n{md}");
        assert!(
            !md.contains(&format!("| {id} |")),
            "no `{id}` cell in\n{md}"
        );
    }
    assert!(
        !md.contains("tier") && !md.contains("bậc") && !md.contains("chứng minh"),
        "no solver words in\n{md}"
    );

    // The workbook: ids in their own columns, names after them.
    let book = sheets(&out.join("report.xlsx"));
    let plan_sheet = sheet(&book, w.plan_sheet);
    let h = headers(plan_sheet);
    let column = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (criterion_id, source_id, purpose_id) = (4, 5, 7);
    assert_eq!(h.len(), 11, "{h:?}");
    let (criterion, source, purpose) = (8, 9, 10);
    assert_eq!(column(w.plan_source_header), source);
    let (_, csv) = read_output_csv(&out.join("plan.csv"));
    assert_eq!(csv.len(), plan_sheet.len() - 1);
    for (row, line) in plan_sheet[1..].iter().zip(&csv) {
        assert_eq!(text(&row[criterion_id]), line[4]);
        assert_eq!(text(&row[source_id]), line[5]);
        assert_eq!(text(&row[purpose_id]), line[7]);
        let i = ids.iter().position(|id| *id == line[5]).unwrap();
        assert_eq!(text(&row[source]), names[i], "the source's name");
        assert_eq!(text(&row[source]), line[9], "as plan.csv's source_name");
        assert_eq!(text(&row[criterion]), line[8]);
        assert_ne!(text(&row[criterion]), line[4], "a name, not the id");
        assert_eq!(text(&row[purpose]), line[10]);
    }
    assert!(
        plan_sheet[1..]
            .iter()
            .any(|r| text(&r[criterion]) == w.transport && text(&r[purpose]) == w.new),
        "Nậm Tăm's transport, newly met, in words"
    );

    let sources = sheet(&book, w.sources_sheet);
    let last = headers(sources).len() - 1;
    assert_eq!(headers(sources)[last], w.source_header);
    for row in &sources[1..] {
        let i = ids.iter().position(|id| *id == text(&row[0])).unwrap();
        assert_eq!(text(&row[last]), names[i]);
    }

    let marginal = sheet(&book, w.marginal_sheet);
    assert!(marginal.len() > 1);
    for row in &marginal[1..] {
        assert!(names.contains(&text(&row[0])), "{:?}", row[0]);
    }
    let (header, rows) = read_output_csv(&out.join("marginal.csv"));
    assert_eq!(header[0], "source_id");
    assert_eq!(header.last().unwrap(), "source_name");
    for row in &rows {
        let i = ids.iter().position(|id| *id == row[0]).unwrap();
        assert_eq!(row.last().unwrap(), names[i]);
    }
}

#[test]
fn a_vietnamese_plan_names_sources_criteria_and_purposes() {
    plan_names_sources_and_criteria(&VI);
}

#[test]
fn an_english_plan_names_sources_criteria_and_purposes() {
    plan_names_sources_and_criteria(&EN);
}

#[test]
fn sweep_headers_name_the_source_not_the_key() {
    for (lang, varied, used) in [
        (
            "vi",
            // The varied factor shows as the money it gives.
            "Central NTM (triệu đồng)",
            "Đã dùng Central NTM (triệu đồng)",
        ),
        (
            "en",
            "Central NTM (million VND)",
            "Used Central NTM (million VND)",
        ),
    ] {
        let f = Fixture::new();
        let out = f.root().join("sweep");
        let scenario = f.scenario();
        run(
            &f,
            &[
                "sweep",
                scenario.to_str().unwrap(),
                "--vary",
                "adjust.sources.central=0.5,1",
                "-o",
                out.to_str().unwrap(),
                "--no-timings",
                "-q",
                "--format",
                "md,xlsx",
                "--lang",
                lang,
            ],
            0,
        );
        let book = sheets(&out.join("sweep.xlsx"));
        let variants = if lang == "vi" {
            "Phương án"
        } else {
            "Variants"
        };
        let h = headers(sheet(&book, variants));
        assert!(h.iter().any(|x| x == varied), "{h:?}");
        assert!(h.iter().any(|x| x == used), "{h:?}");
        assert!(!h.iter().any(|x| x.contains("central")), "{h:?}");
        let md = std::fs::read_to_string(out.join("sweep.md")).unwrap();
        assert!(md.contains(varied), "{md}");
        assert!(!md.contains("adjust.sources.central"), "{md}");
        // sweep.csv keeps the keys and ids programs read.
        let (header, _) = read_output_csv(&out.join("sweep.csv"));
        assert!(header.iter().any(|x| x == "adjust.sources.central"));
        assert!(header.iter().any(|x| x == "used_central"));
    }
}

/// A plan paying Nậm Tăm's transport (cost 800) 1,800 from central's 600
/// of 2024: over the budget line by 1,200.
fn evaluate_overpaid(f: &Fixture, out: &Path, lang: &str) -> String {
    let plan = f.write_plan(
        "overpaid.csv",
        &[
            "year,district,commune_id,commune,criterion,source_id,amount",
            "2024,Beta,C3,Nậm Tăm,transport,central,1800",
        ],
    );
    let output = f.evaluate(&plan, out, &["--format", "md,xlsx", "--lang", lang]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn evaluate_writes_amounts_and_kinds_in_the_reports_language() {
    for (lang, thousands, wrong, over_budget) in [
        ("vi", "1.200", "1,200", "Vượt dự toán"),
        ("en", "1,200", "1.200", "Over budget"),
    ] {
        let f = Fixture::new();
        let out = f.root().join("evaluated");
        let console = evaluate_overpaid(&f, &out, lang);
        assert!(console.contains(thousands), "{console}");
        assert!(!console.contains(wrong), "{console}");
        assert!(console.contains(over_budget), "{console}");
        assert!(!console.contains("over_budget"), "{console}");

        let (header, rows) = read_output_csv(&out.join("evaluate.csv"));
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let over = rows
            .iter()
            .find(|r| r[at("kind")] == "over_budget")
            .expect("an over_budget row: the kind id stays");
        assert_eq!(over[at("kind_name")], over_budget);
        assert_eq!(over[at("source_id")], "central");
        assert_eq!(over[at("source_name")], "Central NTM");
        assert_eq!(over[at("amount")], "1200", "a number for programs");
        let message = &over[at("message")];
        assert!(message.contains(thousands), "{message}");
        assert!(!message.contains(wrong), "{message}");
        if lang == "vi" {
            // Built from the fields: the source by its name.
            assert!(message.contains("Central NTM"), "{message}");
            assert!(!message.contains("`central`"), "{message}");
        }
        let paid = rows
            .iter()
            .find(|r| r[at("criterion")] == "transport")
            .expect("a break naming the criterion");
        assert!(!paid[at("kind_name")].contains('_'), "{paid:?}");
        let transport = if lang == "vi" {
            "Giao thông"
        } else {
            "Transport"
        };
        assert_eq!(paid[at("criterion_name")], transport);

        let md = std::fs::read_to_string(out.join("evaluate.md")).unwrap();
        assert!(md.contains(&format!("| {over_budget} |")), "{md}");
        assert!(!md.contains("`over_budget`"), "{md}");
        let book = sheets(&out.join("evaluate.xlsx"));
        let breaks = &book[1].1;
        let h = headers(breaks);
        let kind = h.len() - 3;
        assert!(
            breaks[1..].iter().any(|r| text(&r[kind]) == over_budget),
            "{breaks:?}"
        );
    }
}
