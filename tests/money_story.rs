//! The money story of a plan's report (issue 13): per budget line and year,
//! available = used + unused to the đồng, the figures those of
//! `sources.csv` and `summary.json`, and every unused block with the reason
//! the data and the plan give, in both languages.

mod fixture;
mod workbook;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;

use calamine::Data;
use fixture::{Fixture, assert_no_panic, ntm, read_output_csv, stderr};
use ntm::lang::Lang;
use ntm::money::Money;
use workbook::sheets;

fn plan(f: &Fixture, out: &Path, lang: Lang, extra: &[&str]) {
    let scenario = f.scenario();
    let mut args = vec![
        "plan",
        scenario.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-timings",
        "--no-marginal",
        "--no-gap",
        "-q",
        "--format",
        "md,xlsx",
        "--lang",
        lang.code(),
    ];
    args.extend_from_slice(extra);
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let output = ntm(f.root(), &args);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// A row of the money story: source, year, where, available, used, unused,
/// why.
#[derive(Debug)]
struct Row {
    source: String,
    year: String,
    place: String,
    available: Money,
    used: Money,
    unused: Money,
    why: String,
}

fn amount(text: &str, lang: Lang) -> Money {
    let plain = match lang {
        Lang::Vi => text.replace('.', "").replace(',', "."),
        Lang::En => text.replace(',', ""),
    };
    Money::parse(&plain).unwrap_or_else(|e| panic!("`{text}` is an amount: {e}"))
}

/// The table's rows and its total row, read from report.md.
fn story(out: &Path, lang: Lang) -> (Vec<Row>, Row) {
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let header = match lang {
        Lang::Vi => {
            "| Nguồn vốn | Năm | Phạm vi | Có thể sử dụng | Đã sử dụng | Chưa sử dụng | Lý do chưa sử dụng |"
        }
        Lang::En => "| Source | Year | Where | Available | Used | Unused | Why unused |",
    };
    let lines: Vec<&str> = md.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == header)
        .unwrap_or_else(|| panic!("the money story's table in:\n{md}"));
    let mut rows: Vec<Row> = lines[start + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split(" |")
                .map(|c| c.trim().trim_matches('*').to_string())
                .collect();
            assert_eq!(cells.len(), 7, "{l}");
            Row {
                source: cells[0].clone(),
                year: cells[1].clone(),
                place: cells[2].clone(),
                available: amount(&cells[3], lang),
                used: amount(&cells[4], lang),
                unused: amount(&cells[5], lang),
                why: cells[6].clone(),
            }
        })
        .collect();
    let total = rows.pop().expect("a total row");
    assert_eq!(total.source, lang.pick("Tổng cộng", "Total"));
    (rows, total)
}

/// The checks every money story passes: each row adds up, unused money
/// and only it has a reason, the rows are sources.csv's lines with its
/// money, and the totals are the plan's.
fn check(out: &Path, lang: Lang) -> Vec<Row> {
    let (rows, total) = story(out, lang);
    for r in &rows {
        assert_eq!(r.available, r.used + r.unused, "{r:?}");
        assert!(r.unused >= Money::ZERO && r.used >= Money::ZERO, "{r:?}");
        assert_eq!(
            r.why.is_empty(),
            r.unused.is_zero(),
            "a reason iff unused: {r:?}"
        );
    }
    let sum = |f: fn(&Row) -> Money| rows.iter().map(f).sum::<Money>();
    assert_eq!(total.available, sum(|r| r.available));
    assert_eq!(total.used, sum(|r| r.used));
    assert_eq!(total.unused, sum(|r| r.unused));

    // The sentence that sums the unused money by reason adds up to it.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let prefix = lang.pick("Vốn chưa dùng theo lý do: ", "Unused money by reason: ");
    match md.lines().find(|l| l.starts_with(prefix)) {
        None => assert!(total.unused.is_zero(), "no sentence, nothing unused"),
        Some(line) => {
            let by_reason: Money = line[prefix.len()..]
                .trim_end_matches('.')
                .split("; ")
                .map(|part| amount(part.split(" (").next().unwrap(), lang))
                .sum();
            assert_eq!(by_reason, total.unused, "{line}");
        }
    }

    let (header, lines) = read_output_csv(&out.join("sources.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let carries = header.iter().any(|h| h == "carried_in");
    let province = lang.pick("Toàn tỉnh", "Province-wide");
    // Per source: what sources.csv says is available and used.
    let mut by_source: BTreeMap<String, (Money, Money)> = BTreeMap::new();
    for line in &lines {
        let e = by_source
            .entry(line[col("source_name")].clone())
            .or_default();
        e.0 += Money::parse(&line[col("available")]).unwrap();
        e.1 += Money::parse(&line[col("used")]).unwrap();
    }
    let mut story_by_source: BTreeMap<String, (Money, Money)> = BTreeMap::new();
    for r in &rows {
        let e = story_by_source.entry(r.source.clone()).or_default();
        e.0 += r.available;
        e.1 += r.used;
        // The row is a line of sources.csv with the same money available
        // (used too, where money stays in its year).
        let place = r.place.split(", ").next().unwrap();
        let district = if place == province { "" } else { place };
        let line = lines
            .iter()
            .find(|l| {
                l[col("source_name")] == r.source
                    && l[col("year")] == r.year
                    && l[col("district")] == district
            })
            .unwrap_or_else(|| panic!("a line of sources.csv for {r:?}"));
        assert_eq!(
            Money::parse(&line[col("available")]).unwrap(),
            r.available,
            "{r:?}"
        );
        if !carries {
            assert_eq!(Money::parse(&line[col("used")]).unwrap(), r.used, "{r:?}");
        }
    }
    assert_eq!(
        story_by_source, by_source,
        "per source, available and used as in sources.csv"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let spent = Money::parse(&json["total_cost"].to_string()).unwrap();
    assert_eq!(total.used, spent, "the plan spends what the story uses");

    // The workbook has the same table as a sheet of its own.
    let book = sheets(&out.join("report.xlsx"));
    let sheet = &book
        .iter()
        .find(|(n, _)| n == lang.pick("Vốn dùng, chưa dùng", "Money used, unused"))
        .expect("the money story's sheet")
        .1;
    assert_eq!(sheet.len(), rows.len() + 2, "header, rows, total");
    for (r, row) in rows.iter().enumerate() {
        assert_eq!(sheet[r + 1][0], Data::String(row.source.clone()));
        assert_eq!(sheet[r + 1][5], Data::Float(row.unused.millions()));
    }
    rows
}

fn reason_of<'a>(rows: &'a [Row], source: &str, year: &str, place: &str) -> &'a str {
    &rows
        .iter()
        .find(|r| r.source == source && r.year == year && r.place == place)
        .unwrap_or_else(|| panic!("a row {source} {year} {place} in {rows:?}"))
        .why
}

#[test]
fn unused_land_revenue_is_explained_by_what_it_may_pay_for() {
    let f = Fixture::new();
    for lang in [Lang::Vi, Lang::En] {
        let out = f.root().join(lang.code());
        plan(&f, &out, lang, &[]);
        let rows = check(&out, lang);
        let land = lang.pick("Tiền thu sử dụng đất", "Land-use revenue");
        // Alpha's communes lack transport, schools and income; land revenue
        // pays only for environment and health.
        for year in ["2024", "2025"] {
            assert_eq!(
                reason_of(&rows, land, year, "Alpha"),
                lang.pick(
                    "các xã thuộc phạm vi được chi chỉ còn thiếu những tiêu chí mà nguồn này không được chi",
                    "the communes it may serve lack only criteria this source may not pay for"
                )
            );
        }
        // Beta's health and environment are both paid for.
        assert_eq!(
            reason_of(&rows, land, "2025", "Beta"),
            lang.pick(
                "mọi tiêu chí nguồn này được chi ở các xã thuộc phạm vi (2) đều đã được kế hoạch bố trí vốn",
                "every criterion it may pay for in the communes it may serve (2) is already paid for by the plan"
            )
        );
    }
}

#[test]
fn a_district_whose_communes_need_nothing_and_money_too_small_for_what_is_left() {
    let f = Fixture::new();
    f.append("communes.csv", "C5,Bản Lướt,Gamma,0,1\n");
    f.append("sources.csv", "district,District budget,2024,50,Gamma,\n");
    // A health gap in Alpha that land revenue may pay for, costing more
    // than all money left.
    f.append("gaps.csv", "C2,health,2000,\n");
    for lang in [Lang::Vi, Lang::En] {
        let out = f.root().join(lang.code());
        plan(&f, &out, lang, &[]);
        let rows = check(&out, lang);
        // Programme sources go by the names the data give them.
        let district = "District budget";
        assert_eq!(
            reason_of(&rows, district, "2024", "Gamma"),
            lang.pick(
                "xã duy nhất thuộc phạm vi được chi đã đạt mọi tiêu chí và giữ được, không cần vốn",
                "the one commune it may serve already meets every criterion and keeps them: it needs nothing"
            )
        );
        let land = lang.pick("Tiền thu sử dụng đất", "Land-use revenue");
        let why = reason_of(&rows, land, "2025", "Alpha");
        let health = lang.pick("Y tế", "Health");
        assert!(why.contains(health) && why.contains("Pa Tần"), "{why}");
        // What may pay for it is unused money in Alpha or province-wide, and
        // the sentence gives it; it falls short of the cost.
        let left: Money = rows
            .iter()
            .filter(|r| {
                (r.place == "Alpha" && (r.source == land || r.source == district))
                    || r.place == lang.pick("Toàn tỉnh", "Province-wide")
            })
            .map(|r| r.unused)
            .sum();
        assert!(left < Money::from_millions(2000), "{left}");
        let left_text = ntm::report::doc::money(left, lang);
        assert!(
            why.contains(&format!(" {left_text}")),
            "{left_text} in {why}"
        );
    }
}

#[test]
fn money_kept_to_its_year_waits_for_criteria_that_start_later() {
    let f = Fixture::new();
    f.payment_rule("yearly");
    // Alpha's only criterion land revenue may pay for starts in 2025.
    f.append("gaps.csv", "C2,health,100,2025\n");
    for lang in [Lang::Vi, Lang::En] {
        let out = f.root().join(lang.code());
        plan(&f, &out, lang, &[]);
        let rows = check(&out, lang);
        let land = lang.pick("Tiền thu sử dụng đất", "Land-use revenue");
        assert_eq!(
            reason_of(&rows, land, "2024", "Alpha"),
            lang.pick(
                "vốn năm 2024 chỉ được chi trong năm 2024, nhưng các tiêu chí nguồn này được chi chỉ có thể bắt đầu từ năm 2025",
                "2024's money is spent in 2024 only, and the criteria it may pay for can start in 2025 at the earliest"
            )
        );
    }
}

#[test]
fn the_default_scenario_accounts_for_every_million() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/lai-chau-2025.toml");
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Vi, Lang::En] {
        let out = dir.path().join(lang.code());
        let args = [
            "plan",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--no-timings",
            "--no-marginal",
            "--no-gap",
            "-q",
            "--format",
            "md,xlsx",
            "--lang",
            lang.code(),
        ];
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        let output = ntm(dir.path(), &args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let rows = check(&out, lang);
        // Lai Châu city's two communes meet every criterion: its land
        // revenue pays their upkeep and advanced works and is still the
        // bulk of the unused money, everything it may pay for being paid.
        let land = lang.pick("Tiền thu sử dụng đất", "Land-use revenue");
        let paid = lang.pick("đã được", "already paid for");
        let city: Money = rows
            .iter()
            .filter(|r| r.source == land && r.place == "Thành phố Lai Châu")
            .map(|r| {
                assert!(r.unused.is_zero() || r.why.contains(paid), "{}", r.why);
                r.unused
            })
            .sum();
        let unused: Money = rows.iter().map(|r| r.unused).sum();
        assert!(city.dong() * 2 > unused.dong(), "{city} of {unused}");
    }
}

/// On synthetic provinces under each payment rule, straight from the
/// library: every block adds up, the used money is what the plan spends
/// (per line and year where money stays in its year), and on a plan proven
/// the best every unused block has a reason found in the data, never the
/// fallback "left unspent".
#[test]
fn every_unused_block_of_a_best_plan_has_a_reason_from_the_data() {
    use ntm::instance::Instance;
    use ntm::report::money_story::{Reason, blocks};
    use ntm::scenario::{Override, Scenario};
    let dir = tempfile::tempdir().unwrap();
    ntm::generate::write_files(dir.path(), &ntm::generate::synthetic::synthetic(48, 7)).unwrap();
    let path = dir.path().join("synthetic.toml");
    let mut reasons = std::collections::HashSet::new();
    let mut seen = Vec::new();
    for rule in ["carry_over", "yearly", "one_year"] {
        for cost in ["0.6", "1.0", "1.6"] {
            let overrides = [
                Override {
                    key: "payments.rule".into(),
                    value: rule.into(),
                },
                Override {
                    key: "adjust.cost".into(),
                    value: cost.into(),
                },
            ];
            let scenario = Scenario::read_with(&path, &overrides).unwrap();
            let instance = Instance::load(&scenario).unwrap();
            let run = ntm::run::plan(&instance, &scenario).unwrap();
            let blocks = blocks(&instance, &run);
            let used: Money = blocks.iter().map(|b| b.used).sum();
            assert_eq!(used, run.outcome.total_cost, "{rule} ×{cost}");
            for b in &blocks {
                assert_eq!(b.available, b.used + b.unused, "{rule} ×{cost}");
                assert_eq!(b.reason.is_some(), b.unused > Money::ZERO);
                if run.selection.is_optimal() {
                    assert_ne!(b.reason, Some(Reason::Unspent), "{rule} ×{cost}: {b:?}");
                }
                if let Some(r) = &b.reason {
                    reasons.insert(std::mem::discriminant(r));
                    seen.push(format!("{rule} {cost} {r:?}"));
                }
            }
        }
    }
    // Synthetic money is scarce: what is left over is too little for the
    // criteria still unpaid, which the check above makes the strict case
    // (all the unused money that may pay each of them falls short).
    assert!(
        !seen.is_empty() && !reasons.is_empty(),
        "some money is unused"
    );
}
