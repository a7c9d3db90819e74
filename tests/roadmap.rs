//! The roadmap per commune (issue 13): every row says what its title says,
//! checked against `communes.csv`, `plan.csv` and `gaps.csv`, in both
//! languages, in the Markdown, the HTML (sortable, filterable) and the
//! workbook (one row per commune and year).

mod browser;
mod fixture;
mod workbook;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::Path;

use browser::{assert_self_contained, chromium, console_errors, render};
use calamine::Data;
use fixture::{Fixture, assert_no_panic, ntm, read_output_csv, stderr};
use ntm::lang::Lang;
use ntm::money::Money;
use workbook::sheets;

/// Costs up by half: some communes are left short, so the "left" columns
/// have something to say.
fn plan(f: &Fixture, out: &Path, lang: Lang) {
    let scenario = f.scenario();
    let args = [
        "plan",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-timings",
        "--no-marginal",
        "--no-gap",
        "-q",
        "--set",
        "adjust.cost=1.5",
        "--format",
        "md,html,xlsx",
        "--lang",
        lang.code(),
    ];
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let output = ntm(f.root(), &args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

fn amount(text: &str, lang: Lang) -> Money {
    let plain = match lang {
        Lang::Vi => text.replace('.', "").replace(',', "."),
        Lang::En => text.replace(',', ""),
    };
    Money::parse(&plain).unwrap()
}

/// The roadmap's rows in report.md, by commune name.
fn md_rows(out: &Path, lang: Lang) -> BTreeMap<String, Vec<String>> {
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let header = match lang {
        Lang::Vi => {
            "| Xã | Huyện | Số tiêu chí hiện nay | Chi năm 2024 (nguồn vốn) | Chi năm 2025 (nguồn vốn) | Năm đạt chuẩn | Tiêu chí còn thiếu | Chi phí còn thiếu |"
        }
        Lang::En => {
            "| Commune | District | Criteria today | Paid in 2024 (sources) | Paid in 2025 (sources) | Year at the standard | Criteria left | Cost of what is left |"
        }
    };
    let lines: Vec<&str> = md.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == header)
        .unwrap_or_else(|| panic!("the roadmap in:\n{md}"));
    lines[start + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split(" |")
                .map(|c| c.trim().to_string())
                .collect();
            assert_eq!(cells.len(), 8, "{l}");
            (cells[0].clone(), cells)
        })
        .collect()
}

/// "A (x, y); B (z)" → {A: {x, y}, B: {z}}; "–" → {}.
fn funded(cell: &str) -> BTreeMap<String, BTreeSet<String>> {
    if cell == "–" {
        return BTreeMap::new();
    }
    cell.split("; ")
        .map(|item| {
            let (criterion, sources) = item.split_once(" (").expect("criterion (sources)");
            let sources = sources.strip_suffix(')').unwrap();
            (
                criterion.to_string(),
                sources.split(", ").map(str::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn each_commune_row_is_what_the_plan_and_communes_csv_say() {
    let f = Fixture::new();
    let (_, gap_rows) = read_output_csv_plain(&f.data("gaps.csv"));
    for lang in [Lang::Vi, Lang::En] {
        let out = f.root().join(lang.code());
        plan(&f, &out, lang);
        let rows = md_rows(&out, lang);
        let (ch, communes) = read_output_csv(&out.join("communes.csv"));
        let cc = |n: &str| ch.iter().position(|h| h == n).unwrap();
        let (ph, payments) = read_output_csv(&out.join("plan.csv"));
        let pc = |n: &str| ph.iter().position(|h| h == n).unwrap();
        assert_eq!(rows.len(), communes.len(), "a row per commune");
        let mut some_left = false;
        for c in &communes {
            let row = &rows[&c[cc("commune")]];
            assert_eq!(row[1], c[cc("district")]);
            assert_eq!(row[2], c[cc("criteria_before")]);
            // Paid each year: exactly plan.csv's rows of the commune and year.
            for (i, year) in ["2024", "2025"].iter().enumerate() {
                let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
                for p in payments.iter().filter(|p| {
                    p[pc("commune_id")] == c[cc("commune_id")] && p[pc("year")] == *year
                }) {
                    expected
                        .entry(p[pc("criterion_name")].clone())
                        .or_default()
                        .insert(p[pc("source_name")].clone());
                }
                assert_eq!(funded(&row[3 + i]), expected, "{row:?} in {year}");
            }
            let year = &c[cc("year_meeting_standard")];
            assert_eq!(
                row[5],
                if year.is_empty() {
                    "–"
                } else {
                    year.as_str()
                },
                "{row:?}"
            );
            if c[cc("meets_standard_after")] == "1" {
                assert_eq!((row[6].as_str(), row[7].as_str()), ("–", "–"));
                continue;
            }
            // Left: the commune's gaps no payment names, at their cost
            // (gaps.csv × adjust.cost 1.5).
            some_left = true;
            let paid: BTreeSet<&str> = payments
                .iter()
                .filter(|p| p[pc("commune_id")] == c[cc("commune_id")])
                .map(|p| p[pc("criterion")].as_str())
                .collect();
            let left: Vec<&Vec<String>> = gap_rows
                .iter()
                .filter(|g| g[0] == c[cc("commune_id")] && !paid.contains(g[1].as_str()))
                .collect();
            assert_eq!(row[6].split(", ").count(), left.len(), "{row:?}");
            let cost: Money = left
                .iter()
                .map(|g| Money::parse(&g[2]).unwrap().scale(1.5))
                .sum();
            assert_eq!(amount(&row[7], lang), cost, "{row:?}");
        }
        assert!(some_left, "the fixture leaves a commune short");

        // The workbook: one row per commune and year, the year's money that
        // of plan.csv.
        let book = sheets(&out.join("report.xlsx"));
        let sheet = &book
            .iter()
            .find(|(n, _)| n == lang.pick("Lộ trình", "Roadmap"))
            .expect("the roadmap sheet")
            .1;
        assert_eq!(sheet.len() - 1, communes.len() * 2);
        for r in &sheet[1..] {
            let (Data::String(id), Data::Float(year)) = (&r[0], &r[3]) else {
                panic!("{r:?}")
            };
            let paid: Money = payments
                .iter()
                .filter(|p| &p[pc("commune_id")] == id && p[pc("year")] == format!("{year}"))
                .map(|p| Money::parse(&p[pc("amount")]).unwrap())
                .sum();
            assert_eq!(r[5], Data::Float(paid.millions()), "{r:?}");
        }

        // The page: the same table, sortable and filterable.
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(r#"<table id="t-roadmap" class="data interactive">"#));
        assert!(html.contains(r#"<div class="filter" data-for="t-roadmap""#));
        assert_self_contained(&html);
        // In a browser the script sets up the roadmap's filter: its count
        // shows every commune.
        if let Some(browser) = chromium() {
            let (dom, log) = render(&browser, f.root(), &out.join("report.html"));
            assert!(console_errors(&log).is_empty(), "{log}");
            let filter = dom
                .find(r#"data-for="t-roadmap""#)
                .expect("the roadmap's filter box");
            let count = format!("<span class=\"count\">{0} / {0}</span>", communes.len());
            let next = dom[filter..].find(&count).expect("its count");
            assert!(
                !dom[filter..filter + next].contains("</div>"),
                "the count is the roadmap's own"
            );
        } else {
            println!("skipped the browser part: no chromium found");
        }
    }
}

/// An input CSV (no byte-order mark required): header and rows.
fn read_output_csv_plain(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}
