//! Every table of the plan report says what its title says: each sheet of
//! the plan workbook (the same tables the Markdown and HTML reports show,
//! from one document) is recomputed here from `communes.csv`,
//! `plan.csv`, `sources.csv` and `summary.json` of the same run, in both
//! languages, on the default scenario (its targets partly missed, with
//! at-risk criteria and per-district money).

mod fixture;

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use fixture::{assert_no_panic, ntm, read_output_csv, stderr};

type Grid = Vec<Vec<Data>>;

fn sheet(path: &Path, name: &str) -> Grid {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(x) => x.to_string(),
        other => other.to_string(),
    }
}

/// The numeric value of a CSV cell (`1`/`0` flags included).
fn value(cell: &str) -> f64 {
    cell.parse()
        .unwrap_or_else(|_| panic!("not a number: `{cell}`"))
}

struct Run {
    dir: tempfile::TempDir,
    lang: &'static str,
}

impl Run {
    fn new(lang: &'static str) -> Run {
        let dir = tempfile::tempdir().unwrap();
        let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025.toml");
        let out = dir.path().join("out");
        let output = ntm(
            dir.path(),
            &[
                "plan".as_ref(),
                scenario.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
                "--no-marginal".as_ref(),
                "--no-gap".as_ref(),
                "--no-timings".as_ref(),
                "--format".as_ref(),
                "md,xlsx".as_ref(),
                "--lang".as_ref(),
                lang.as_ref(),
            ],
        );
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        Run { dir, lang }
    }

    fn out(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join("out").join(name)
    }

    fn pick(&self, vi: &'static str, en: &'static str) -> &'static str {
        if self.lang == "vi" { vi } else { en }
    }

    fn sheet(&self, vi: &str, en: &str) -> Grid {
        let name = if self.lang == "vi" { vi } else { en };
        sheet(&self.out("report.xlsx"), name)
    }

    fn communes(&self) -> (Vec<String>, Vec<Vec<String>>) {
        read_output_csv(&self.out("communes.csv"))
    }
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[test]
fn every_sheet_agrees_with_the_csv_files_in_both_languages() {
    for lang in ["vi", "en"] {
        let run = Run::new(lang);
        summary_sheet(&run);
        districts_sheet(&run);
        communes_sheet(&run);
        plan_sheet(&run);
        sources_sheet(&run);
        maintenance_sheet(&run);
        money_table(&run);
    }
}

/// The rows of the Markdown table under the heading `title`.
fn md_table(md: &str, title: &str) -> Vec<Vec<String>> {
    let start = md
        .find(&format!("## {title}\n"))
        .unwrap_or_else(|| panic!("no heading {title}"));
    md[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// A figure of the Markdown report, written the report's way.
fn md_number(cell: &str, lang: &str) -> f64 {
    let plain = if lang == "vi" {
        cell.replace('.', "").replace(',', ".")
    } else {
        cell.replace(',', "")
    };
    value(&plain)
}

/// Money by source and year: available and used summed over each source's
/// lines of the year in sources.csv.
fn money_table(run: &Run) {
    let md = std::fs::read_to_string(run.out("report.md")).unwrap();
    let mut rows = md_table(
        &md,
        run.pick("Vốn theo nguồn và năm", "Money by source and year"),
    );
    // The last row is the total of the others.
    let total = rows.pop().expect("a total row");
    assert!(total[0].starts_with("**"), "{total:?}");
    let (h, lines) = read_output_csv(&run.out("sources.csv"));
    let (name, year, available, used) = (
        column(&h, "source_name"),
        column(&h, "year"),
        column(&h, "available"),
        column(&h, "used"),
    );
    let mut expected: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for l in &lines {
        let e = expected
            .entry((l[name].clone(), l[year].clone()))
            .or_default();
        e.0 += value(&l[available]);
        e.1 += value(&l[used]);
    }
    assert_eq!(rows.len(), expected.len(), "one row per source and year");
    for r in &rows {
        let key = (r[0].replace("\\", ""), r[1].clone());
        let (a, u) = expected
            .get(&key)
            .unwrap_or_else(|| panic!("no source and year {key:?} in sources.csv"));
        assert_eq!(md_number(&r[2], run.lang), *a, "{key:?} available");
        assert_eq!(md_number(&r[3], run.lang), *u, "{key:?} used");
    }
    let sum = |i: usize| -> f64 {
        expected
            .values()
            .map(|v| if i == 0 { v.0 } else { v.1 })
            .sum()
    };
    assert_eq!(md_number(&total[2], run.lang), sum(0), "total available");
    assert_eq!(md_number(&total[3], run.lang), sum(1), "total used");
}

/// The headline: before and with the plan, from communes.csv; targets
/// from summary.json.
fn summary_sheet(run: &Run) {
    let grid = run.sheet("Tổng hợp", "Summary");
    let (h, rows) = run.communes();
    let (before, after) = (
        column(&h, "meets_standard_before"),
        column(&h, "meets_standard_after"),
    );
    let count = |c: usize| rows.iter().filter(|r| r[c] == "1").count() as f64;
    let label = run.pick(
        "Số xã đạt chuẩn nông thôn mới",
        "Communes meeting the standard",
    );
    let row = grid
        .iter()
        .find(|r| text(&r[0]) == label)
        .unwrap_or_else(|| panic!("no row `{label}`"));
    assert_eq!(number(&row[1]), count(before), "{label}: before");
    assert_eq!(number(&row[2]), count(after), "{label}: with the plan");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.out("summary.json")).unwrap()).unwrap();
    let target = summary["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "communes_meeting_standard")
        .unwrap();
    assert_eq!(number(&row[3]), target["required"].as_f64().unwrap());
    let criteria = column(&h, "criteria_after");
    let total: f64 = rows.iter().map(|r| value(&r[criteria])).sum();
    let average = grid
        .iter()
        .find(|r| {
            text(&r[0]) == run.pick("Số tiêu chí bình quân/xã", "Average criteria per commune")
        })
        .expect("the average row");
    assert!((number(&average[2]) - total / rows.len() as f64).abs() < 0.005);
    let fewest = rows
        .iter()
        .map(|r| value(&r[criteria]))
        .fold(f64::MAX, f64::min);
    let lowest = grid
        .iter()
        .find(|r| {
            text(&r[0])
                == run.pick(
                    "Số tiêu chí thấp nhất của một xã",
                    "Fewest criteria in a commune",
                )
        })
        .expect("the fewest row");
    assert_eq!(number(&lowest[2]), fewest);
    let money = column(&h, "cost");
    let spent: f64 = rows.iter().map(|r| value(&r[money])).sum();
    let money_row = grid
        .iter()
        .find(|r| text(&r[0]) == run.pick("Vốn sử dụng", "Money spent"))
        .expect("the money row");
    assert_eq!(number(&money_row[2]), spent);
    assert_eq!(spent, summary["total_cost"].as_f64().unwrap());
}

/// Each district: its communes, those at the standard before and after, the
/// average and fewest criteria after, and the money, from communes.csv.
fn districts_sheet(run: &Run) {
    let grid = run.sheet("Huyện", "Districts");
    let (h, rows) = run.communes();
    let (district, before, after, criteria, cost) = (
        column(&h, "district"),
        column(&h, "meets_standard_before"),
        column(&h, "meets_standard_after"),
        column(&h, "criteria_after"),
        column(&h, "cost"),
    );
    let mut by: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    for r in &rows {
        by.entry(r[district].as_str()).or_default().push(r);
    }
    let listed: Vec<&Vec<Data>> = grid[1..]
        .iter()
        .filter(|r| !text(&r[0]).is_empty())
        .collect();
    assert_eq!(listed.len(), by.len(), "one row per district");
    for r in listed {
        let name = text(&r[0]);
        let communes = &by[name.as_str()];
        let n = communes.len() as f64;
        let count = |c: usize| communes.iter().filter(|x| x[c] == "1").count() as f64;
        let total: f64 = communes.iter().map(|x| value(&x[criteria])).sum();
        let fewest = communes
            .iter()
            .map(|x| value(&x[criteria]))
            .fold(f64::MAX, f64::min);
        let money: f64 = communes.iter().map(|x| value(&x[cost])).sum();
        assert_eq!(number(&r[1]), n, "{name}: communes");
        assert_eq!(number(&r[2]), count(before), "{name}: before");
        assert_eq!(number(&r[3]), count(after), "{name}: after");
        assert!((number(&r[4]) - total / n).abs() < 0.005, "{name}: average");
        assert_eq!(number(&r[5]), fewest, "{name}: fewest");
        assert_eq!(number(&r[6]), money, "{name}: money");
    }
}

/// The communes sheet is communes.csv, cell for cell.
fn communes_sheet(run: &Run) {
    let grid = run.sheet("Xã", "Communes");
    let (_, rows) = run.communes();
    assert_eq!(grid.len() - 1, rows.len());
    for (sheet_row, csv_row) in grid[1..].iter().zip(&rows) {
        for (cell, csv) in sheet_row.iter().zip(csv_row) {
            match cell {
                Data::Float(_) | Data::Int(_) => {
                    assert_eq!(number(cell), value(csv), "{csv_row:?}")
                }
                _ => assert_eq!(text(cell), *csv, "{csv_row:?}"),
            }
        }
    }
}

/// The plan sheet is plan.csv's payments, in order, with the same amounts.
fn plan_sheet(run: &Run) {
    let grid = run.sheet("Kế hoạch", "Plan");
    let (h, rows) = read_output_csv(&run.out("plan.csv"));
    let amount = column(&h, "amount");
    assert_eq!(grid.len() - 1, rows.len());
    for (sheet_row, csv_row) in grid[1..].iter().zip(&rows) {
        assert_eq!(number(&sheet_row[0]), value(&csv_row[0]), "year");
        assert_eq!(text(&sheet_row[2]), csv_row[2], "commune id");
        assert_eq!(text(&sheet_row[4]), csv_row[4], "criterion id");
        assert_eq!(text(&sheet_row[5]), csv_row[5], "source id");
        assert_eq!(
            number(&sheet_row[amount]),
            value(&csv_row[amount]),
            "amount"
        );
    }
}

/// The sources sheet is sources.csv's lines and years.
fn sources_sheet(run: &Run) {
    let grid = run.sheet("Nguồn vốn", "Sources");
    let (h, rows) = read_output_csv(&run.out("sources.csv"));
    let (available, used) = (column(&h, "available"), column(&h, "used"));
    assert_eq!(grid.len() - 1, rows.len());
    for (sheet_row, csv_row) in grid[1..].iter().zip(&rows) {
        assert_eq!(text(&sheet_row[0]), csv_row[0]);
        assert_eq!(number(&sheet_row[1]), value(&csv_row[1]));
        assert_eq!(number(&sheet_row[3]), value(&csv_row[available]));
        assert_eq!(number(&sheet_row[4]), value(&csv_row[used]));
    }
}

/// The maintenance sheet: one row per commune with criteria at risk, its
/// upkeep as communes.csv has it.
fn maintenance_sheet(run: &Run) {
    let grid = run.sheet("Giữ chuẩn", "Maintenance");
    let (h, rows) = run.communes();
    let (name, at_risk, upkeep) = (
        column(&h, "commune"),
        column(&h, "criteria_at_risk"),
        column(&h, "maintenance_cost"),
    );
    let expected: BTreeMap<String, f64> = rows
        .iter()
        .filter(|r| value(&r[at_risk]) > 0.0)
        .map(|r| (r[name].clone(), value(&r[upkeep])))
        .collect();
    let last = grid[0].len() - 1;
    let listed: BTreeMap<String, f64> = grid[1..]
        .iter()
        .map(|r| (text(&r[0]), number(&r[last])))
        .collect();
    assert_eq!(listed, expected);
}
