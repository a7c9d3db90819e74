//! `ntm curve`, the budget–outcome curve: monotone in the money, its end
//! points equal to `ntm plan` at those budgets, its files well formed, and
//! bad flags refused before anything is written.

mod fixture;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use fixture::{Fixture, assert_no_panic, ntm, stderr};
use ntm::curve::{self, CSV_HEADER, Scale, Status};
use ntm::instance::Instance;
use ntm::run;
use ntm::scenario::{Override, Scenario};
use serde_json::Value;

const BOM: &[u8] = b"\xef\xbb\xbf";

fn run_ntm(cwd: &Path, args: &[&str]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let output = ntm(cwd, &args);
    assert_no_panic(&output);
    output
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

fn assert_code(output: &Output, code: i32, what: &str) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}: exit code; stderr:\n{}",
        stderr(output)
    );
}

/// curve.csv as (header, rows), checking the byte-order mark.
fn read_curve_csv(dir: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(dir.join("curve.csv")).expect("curve.csv");
    assert!(bytes.starts_with(BOM), "curve.csv starts with a UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[BOM.len()..]).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("column {name}"))
}

fn read_summary(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("summary.json is JSON")
}

/// Every tag closed in order, every `&` an entity: XML-ish enough for a
/// browser, with no parser crate.
fn assert_well_formed(svg: &str) {
    assert!(svg.starts_with("<svg"), "starts with <svg");
    assert!(svg.trim_end().ends_with("</svg>"), "ends with </svg>");
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').expect("a tag ends") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "a `<` inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.trim()), "closing tag </{name}>");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().expect("a tag name");
            stack.push(name);
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
    for (i, _) in svg.match_indices('&') {
        let entity = &svg[i..svg[i..].find(';').map_or(svg.len(), |j| i + j + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
            "a bare `&`: {entity}"
        );
    }
}

#[test]
fn writes_the_curve_and_its_chart() {
    let f = Fixture::new();
    let out = f.root().join("curve");
    let output = run_ntm(
        f.root(),
        &[
            "curve",
            path(&f.scenario()),
            "--source",
            "central",
            "--from",
            "0",
            "--to",
            "2",
            "--steps",
            "9",
            "-o",
            path(&out),
            "--no-timings",
        ],
    );
    assert_code(&output, 0, "ntm curve");
    let console = fixture::stdout(&output);
    assert!(
        console.contains("per extra commune") && console.lines().count() >= 9 + 3,
        "a table of the points:\n{console}"
    );

    let (header, rows) = read_curve_csv(&out);
    assert_eq!(header, CSV_HEADER);
    assert_eq!(
        header.join(","),
        "factor,money_available,status,communes_meeting_standard,average_criteria,min_criteria,total_cost,marginal_cost_per_commune,solve_seconds,freed_by_paused_projects"
    );
    assert_eq!(rows.len(), 9);
    // No projects to pause.
    let freed = column(&header, "freed_by_paused_projects");
    for row in &rows {
        assert_eq!(row[freed], "0", "{row:?}");
    }
    let factors: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        factors,
        ["0", "0.25", "0.5", "0.75", "1", "1.25", "1.5", "1.75", "2"]
    );
    // central has 600 + 600 million VND in the two years.
    let money: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(money[0], "0");
    assert_eq!(money[4], "1200");
    assert_eq!(money[8], "2400");
    let communes = column(&header, "communes_meeting_standard");
    let marginal = column(&header, "marginal_cost_per_commune");
    let mut previous: Option<(usize, f64)> = None;
    let mut level_money = 0.0;
    for row in &rows {
        assert_eq!(row[column(&header, "status")], "optimal");
        assert_eq!(row[column(&header, "solve_seconds")], "", "--no-timings");
        let n: usize = row[communes].parse().expect("a count");
        let m: f64 = row[1].parse().expect("money");
        match previous {
            Some((before, _)) if n > before => {
                let expected = (m - level_money) / (n - before) as f64;
                let written: f64 = row[marginal].parse().expect("a marginal cost");
                assert!((written - expected).abs() < 0.01, "{written} vs {expected}");
                level_money = m;
            }
            Some((before, _)) => {
                assert!(n >= before, "more money, fewer communes: {rows:?}");
                assert_eq!(row[marginal], "", "blank where the count does not rise");
            }
            None => level_money = m,
        }
        previous = Some((n, m));
    }

    let svg = std::fs::read_to_string(out.join("curve.svg")).expect("curve.svg");
    assert_well_formed(&svg);
    assert!(
        svg.contains(r#"class="target""#) && svg.contains("directive target: 3 communes"),
        "the target line, labelled"
    );
    assert!(svg.contains("Test province"), "the scenario in the title");
    assert!(
        svg.contains("source Central NTM"),
        "the scaled source named by its name"
    );
    assert!(
        !svg.contains('×') && svg.contains("from 0% to 200% of the scenario"),
        "factors as shares of the scenario's money: {svg}"
    );
    assert!(
        svg.contains("billion VND"),
        "the money axis named with its unit"
    );
    assert!(!svg.contains("<script") && !svg.contains("@import") && !svg.contains("href"));
    // The cost per extra commune is on the chart: a bar wherever curve.csv
    // has one.
    let rising = rows.iter().filter(|r| !r[marginal].is_empty()).count();
    assert!(rising > 0, "the fixture's count rises somewhere: {rows:?}");
    assert_eq!(svg.matches(r#"class="marginal""#).count(), rising);
    assert!(svg.contains("Why the average criteria per commune can fall"));

    // Without a target there is no target line; the default folder is
    // out/<stem>-curve.
    f.replace_in_scenario("communes_meeting_standard = 3\n", "");
    let output = run_ntm(
        f.root(),
        &[
            "curve",
            path(&f.scenario()),
            "--source=all",
            "--from=0.5",
            "--to=1",
            "--steps=2",
            "-q",
        ],
    );
    assert_code(&output, 0, "ntm curve --source all");
    assert!(fixture::stdout(&output).is_empty(), "-q prints nothing");
    let default = f.root().join("out").join("scenario-curve");
    let svg = std::fs::read_to_string(default.join("curve.svg")).expect("the default folder");
    assert_well_formed(&svg);
    assert!(!svg.contains("directive target: "), "no communes target");
    let (_, rows) = read_curve_csv(&default);
    assert!(!rows[0][column(&header, "solve_seconds")].is_empty());
}

/// Plan at `overrides` with `ntm plan` into `out`.
fn plan_at(f_root: &Path, scenario: &Path, overrides: &[String], out: &Path) -> Value {
    let mut args = vec![
        "plan".to_string(),
        path(scenario).to_string(),
        "-o".to_string(),
        path(out).to_string(),
        "--no-timings".to_string(),
    ];
    for o in overrides {
        args.extend(["--set".to_string(), o.clone()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run_ntm(f_root, &args);
    assert_code(&output, 0, "ntm plan");
    read_summary(out)
}

/// A curve row against `ntm plan`'s summary.json at the same budget.
fn assert_row_is_plan(header: &[String], row: &[String], summary: &Value) {
    let cell = |name: &str| row[column(header, name)].as_str();
    assert_eq!(cell("status"), summary["status"].as_str().unwrap());
    for key in ["communes_meeting_standard", "min_criteria"] {
        assert_eq!(
            cell(key).parse::<u64>().unwrap(),
            summary[key].as_u64().unwrap(),
            "{key}"
        );
    }
    for key in ["average_criteria", "total_cost"] {
        let a: f64 = cell(key).parse().unwrap();
        let b = summary[key].as_f64().unwrap();
        assert!((a - b).abs() < 1e-4, "{key}: curve {a}, plan {b}");
    }
}

#[test]
fn end_points_equal_the_plans_at_those_budgets() {
    // The default scenario, its central capital halved by --set and the
    // curve's factors multiplied onto that: ×1 and ×2 are 0.5 and 1.0.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = root.join("scenarios/lai-chau-2025.toml");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("curve");
    let output = run_ntm(
        dir.path(),
        &[
            "curve",
            path(&scenario),
            "--set",
            "adjust.sources.central_ntm=0.5",
            "--source",
            "central_ntm",
            "--from",
            "1",
            "--to",
            "2",
            "--steps",
            "2",
            "-o",
            path(&out),
            "-q",
        ],
    );
    assert_code(&output, 0, "ntm curve on the default scenario");
    let (header, rows) = read_curve_csv(&out);
    assert_eq!(rows.len(), 2);
    for (row, factor) in rows.iter().zip(["0.5", "1"]) {
        let summary = plan_at(
            dir.path(),
            &scenario,
            &[format!("adjust.sources.central_ntm={factor}")],
            &dir.path().join(format!("plan-{factor}")),
        );
        assert_row_is_plan(&header, row, &summary);
    }
    // 17,000 + 18,500 million VND of central capital, halved and whole.
    assert_eq!(rows[0][1], "17750");
    assert_eq!(rows[1][1], "35500");

    // `all` on the fixture: every source and the land revenue at once.
    let f = Fixture::new();
    let out = f.root().join("curve");
    let output = run_ntm(
        f.root(),
        &[
            "curve",
            path(&f.scenario()),
            "--source",
            "all",
            "--from",
            "0.5",
            "--to",
            "1.5",
            "--steps",
            "3",
            "-o",
            path(&out),
            "-q",
        ],
    );
    assert_code(&output, 0, "ntm curve --source all");
    let (header, rows) = read_curve_csv(&out);
    for (row, factor) in [(&rows[0], "0.5"), (&rows[2], "1.5")] {
        let overrides: Vec<String> = ["central", "ethnic", "district"]
            .iter()
            .map(|s| format!("adjust.sources.{s}={factor}"))
            .chain([format!("adjust.land_revenue={factor}")])
            .collect();
        let summary = plan_at(
            f.root(),
            &f.scenario(),
            &overrides,
            &f.root().join(format!("plan-{factor}")),
        );
        assert_row_is_plan(&header, row, &summary);
    }
}

/// On random synthetic instances (every commune of weight 1), through the
/// library: more money never meets the standard in fewer communes, and
/// the last point is the plan of the scenario with those factors set.
#[test]
fn more_money_never_fewer_communes_on_random_instances() {
    let factors = curve::factors(0.0, 2.0, 6).expect("valid factors");
    for seed in 1..=4 {
        let dir = tempfile::tempdir().expect("a temporary folder");
        ntm::generate::write_files(dir.path(), &ntm::generate::synthetic::synthetic(12, seed))
            .expect("write the instance");
        let path = dir.path().join("synthetic.toml");
        let scenario = Scenario::read(&path).expect("the scenario");
        let instance = Instance::load(&scenario).expect("the data");
        for text in ["all", "central_ntm", "land_revenue"] {
            let scale = Scale::resolve(text, &instance).expect("a source");
            let curve =
                curve::plan(&instance, &scenario, &scale, &factors, |_, _| {}).expect("a curve");
            let achieved: Vec<_> = curve
                .points
                .iter()
                .map(|p| {
                    assert_eq!(p.status, Status::Optimal, "seed {seed}, {text}");
                    p.achieved.clone().expect("a plan")
                })
                .collect();
            for pair in achieved.windows(2) {
                assert!(
                    pair[1].communes_meeting_standard >= pair[0].communes_meeting_standard
                        && pair[1].weighted_communes >= pair[0].weighted_communes - 1e-9,
                    "seed {seed}, {text}: {achieved:?}"
                );
            }
            for pair in curve.points.windows(2) {
                assert!(pair[1].money_available > pair[0].money_available);
            }

            let last = factors[factors.len() - 1];
            let keys: Vec<String> = match &scale {
                Scale::Source(id) => vec![format!("adjust.sources.{id}")],
                Scale::LandRevenue => vec!["adjust.land_revenue".into()],
                Scale::All => instance
                    .sources
                    .iter()
                    .map(|s| {
                        if s.is_land_revenue() {
                            "adjust.land_revenue".to_string()
                        } else {
                            format!("adjust.sources.{}", s.id)
                        }
                    })
                    .collect(),
            };
            let overrides: Vec<Override> = keys
                .iter()
                .map(|k| format!("{k}={last}").parse().expect("an override"))
                .collect();
            let text_of = std::fs::read_to_string(&path).expect("the scenario text");
            let at_last = Scenario::parse_with(&path, &text_of, &overrides).expect("valid");
            let plan = run::plan(&instance, &at_last).expect("a plan");
            let end = achieved.last().expect("points");
            assert_eq!(
                end.communes_meeting_standard,
                plan.outcome.communes_meeting_standard
            );
            assert_eq!(end.weighted_communes, plan.outcome.weighted_communes);
            assert_eq!(end.average_criteria, plan.outcome.average_criteria);
            assert_eq!(end.min_criteria, plan.outcome.min_criteria);
            assert_eq!(end.total_cost, plan.outcome.total_cost);
        }
    }
}

#[test]
fn the_chart_draws_each_marginal_cost_of_curve_csv_and_says_why_the_average_can_fall() {
    let point = |factor: f64, millions: i64, communes: usize, average: f64| curve::Point {
        factor,
        money_available: ntm::money::Money::from_millions(millions),
        status: Status::Optimal,
        achieved: Some(curve::Achieved {
            communes_meeting_standard: communes,
            weighted_communes: communes as f64,
            average_criteria: average,
            min_criteria: 15,
            total_cost: ntm::money::Money::ZERO,
            freed_by_paused_projects: ntm::money::Money::ZERO,
        }),
        solve_seconds: 0.0,
    };
    // The average falls as the 12th commune is reached, as the note says
    // it may.
    let points = vec![
        point(0.5, 1000, 10, 17.2),
        point(1.0, 2000, 10, 17.4),
        point(1.5, 3600, 12, 17.1),
        point(2.0, 4000, 13, 17.3),
    ];
    let costs = curve::marginal_costs(&points);
    assert_eq!(costs, [None, None, Some(1300.0), Some(400.0)]);
    let chart = curve::Curve {
        scenario_name: "Test".into(),
        years: vec![2024, 2025],
        scale: Scale::All,
        source_name: None,
        base_money: ntm::money::Money::from_millions(2000),
        communes_total: 20,
        criteria_total: 19,
        target_communes: None,
        target_average_criteria: None,
        points,
    };
    for (lang, values, note) in [
        (
            ntm::lang::Lang::En,
            ["1.3", "0.4"],
            "Why the average criteria per commune can fall as money grows",
        ),
        (
            ntm::lang::Lang::Vi,
            ["1,3", "0,4"],
            "Vì sao số tiêu chí bình quân có thể giảm khi vốn tăng",
        ),
    ] {
        let svg = curve::svg_in(&chart, lang);
        assert_well_formed(&svg);
        // In billion VND per commune, as the money axis.
        assert_eq!(svg.matches(r#"class="marginal""#).count(), 2);
        for v in values {
            assert!(svg.contains(&format!(">{v}</text>")), "{v} in {svg}");
        }
        assert!(svg.contains(note), "{svg}");
    }
}

#[test]
fn marginal_cost_counts_from_where_the_last_level_was_reached() {
    let point = |factor: f64, millions: i64, communes: Option<usize>| curve::Point {
        factor,
        money_available: ntm::money::Money::from_millions(millions),
        status: if communes.is_some() {
            Status::Optimal
        } else {
            Status::TargetsUnreachable
        },
        achieved: communes.map(|n| curve::Achieved {
            communes_meeting_standard: n,
            weighted_communes: n as f64,
            average_criteria: 17.0,
            min_criteria: 15,
            total_cost: ntm::money::Money::ZERO,
            freed_by_paused_projects: ntm::money::Money::ZERO,
        }),
        solve_seconds: 0.0,
    };
    let points = [
        point(0.0, 0, None),
        point(0.5, 100, Some(10)),
        point(1.0, 200, Some(10)),
        point(1.5, 300, Some(12)),
        point(2.0, 400, Some(13)),
    ];
    assert_eq!(
        curve::marginal_costs(&points),
        [None, None, None, Some(100.0), Some(100.0)]
    );
}

#[test]
fn unreachable_targets_are_recorded_and_the_curve_goes_on() {
    let f = Fixture::new();
    let out = f.root().join("curve");
    let output = run_ntm(
        f.root(),
        &[
            "curve",
            path(&f.scenario()),
            "--source",
            "central",
            "--from",
            "0",
            "--to",
            "2",
            "--steps",
            "5",
            "--set",
            "targets.enforce=true",
            "-o",
            path(&out),
            "-q",
        ],
    );
    assert_code(&output, 3, "some points without a plan");
    assert!(stderr(&output).contains("points have no proven-optimal plan"));
    let (header, rows) = read_curve_csv(&out);
    let status = column(&header, "status");
    assert_eq!(rows[0][status], "targets_unreachable");
    assert_eq!(rows[0][column(&header, "communes_meeting_standard")], "");
    assert_eq!(rows[4][status], "optimal");
    let svg = std::fs::read_to_string(out.join("curve.svg")).expect("curve.svg");
    assert_well_formed(&svg);
    assert!(
        svg.contains("no plan"),
        "the chart marks points without a plan"
    );
}

#[test]
fn bad_flags_exit_2_and_write_nothing() {
    let f = Fixture::new();
    let out: PathBuf = f.root().join("curve");
    let scenario = f.scenario();
    let cases: &[(&[&str], &str)] = &[
        (&["--source", "nope"], "--source"),
        (&["--source", "land_revenu"], "not a source"),
        (&["--steps", "1"], "--steps"),
        (&["--steps", "0"], "--steps"),
        (&["--steps", "-3"], "--steps"),
        (&["--steps", "2.5"], "--steps"),
        (&["--steps", "1001"], "--steps"),
        (&["--from", "1", "--to", "1"], "--from"),
        (&["--from", "1.5", "--to", "0.5"], "--from"),
        (&["--from", "-0.5"], "--from"),
        (&["--from=-1"], "--from"),
        (&["--to", "-1"], "--to"),
        (&["--from", "abc"], "--from"),
        (&["--to", "1,5"], "--to"),
        (&["--to", "inf"], "--to"),
        (&["--to", "NaN"], "--to"),
        (&["--to", "2000"], "--to"),
        (&["--set", "adjust.sources.central=900"], "--to"),
        (&["--set", "adjust.sources.central=0"], "--source"),
        (&["--set", "adjust.nope=1"], "adjust.nope"),
    ];
    for (changes, needle) in cases {
        // The defaults, with `changes` replacing a flag or added.
        let mut args: Vec<&str> = vec!["curve", path(&scenario), "-o", path(&out)];
        let defaults = [
            ("--source", "central"),
            ("--from", "0.5"),
            ("--to", "1.5"),
            ("--steps", "3"),
        ];
        for (flag, value) in defaults {
            if !changes.iter().any(|c| c.starts_with(flag)) {
                args.extend([flag, value]);
            }
        }
        args.extend(changes.iter());
        let output = run_ntm(f.root(), &args);
        assert_code(&output, 2, &format!("{changes:?}"));
        let err = stderr(&output);
        assert!(
            err.contains(needle),
            "{changes:?}: the message names `{needle}`:\n{err}"
        );
        assert!(!out.exists(), "{changes:?}: nothing written");
        assert!(
            !f.root().join("out").exists(),
            "{changes:?}: nothing written"
        );
    }
    // A missing required flag is a usage error too.
    let output = run_ntm(
        f.root(),
        &["curve", path(&f.scenario()), "--from", "0", "--to", "1"],
    );
    assert_code(&output, 2, "no --source");
    assert!(!out.exists());
}

/// Warm starts (each point from the previous point's plan) change the
/// solver's path, never the curve: the same curve.csv, byte for byte.
#[test]
fn warm_starts_give_the_same_curve() {
    let f = Fixture::new();
    let scenario = f.scenario();
    let mut outputs = Vec::new();
    for warm in [false, true] {
        let out = f.root().join(format!("curve-{warm}"));
        let mut args = vec![
            "curve",
            path(&scenario),
            "--source",
            "all",
            "--from",
            "0.2",
            "--to",
            "1.4",
            "--steps",
            "7",
            "-o",
            path(&out),
            "--no-timings",
            "-q",
        ];
        if warm {
            args.push("--warm-start");
        }
        let output = run_ntm(f.root(), &args);
        assert_code(&output, 0, "ntm curve");
        outputs.push(std::fs::read(out.join("curve.csv")).expect("curve.csv"));
    }
    assert_eq!(
        outputs[0], outputs[1],
        "the same curve.csv with and without"
    );
}

/// The points are planned on `-j` workers and reported in the order of the
/// factors: the files and the console are the same on one worker or two.
#[test]
fn one_or_two_workers_give_the_same_curve() {
    let f = Fixture::new();
    let scenario = f.scenario();
    let mut runs = Vec::new();
    for jobs in ["1", "2"] {
        let out = f.root().join(format!("curve-j{jobs}"));
        let output = run_ntm(
            f.root(),
            &[
                "curve",
                path(&scenario),
                "--source",
                "all",
                "--from",
                "0",
                "--to",
                "2",
                "--steps",
                "9",
                "-j",
                jobs,
                "-o",
                path(&out),
                "--no-timings",
            ],
        );
        assert_code(&output, 0, "ntm curve");
        let console = fixture::stdout(&output).replace(path(&out), "OUT");
        let files = ["curve.csv", "curve.svg"]
            .map(|name| std::fs::read(out.join(name)).expect("the curve's files"));
        runs.push((console, files));
    }
    assert_eq!(runs[0].1, runs[1].1, "the same files with -j 1 and -j 2");
    assert_eq!(runs[0].0, runs[1].0, "the same console with -j 1 and -j 2");
}

/// The shipped scenario pauses projects: with every source scaled, a
/// point's plan spends no more than the scaled lines and the money of the
/// projects it pauses, which `curve.csv` gives.
#[test]
fn a_point_spends_at_most_its_money_and_what_its_paused_projects_free() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = root.join("scenarios").join("lai-chau-2025.toml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("curve");
    let output = fixture::ntm(
        dir.path(),
        &[
            "curve".as_ref(),
            scenario.as_os_str(),
            "--source".as_ref(),
            "all".as_ref(),
            "--from".as_ref(),
            "0".as_ref(),
            "--to".as_ref(),
            "1".as_ref(),
            "--steps".as_ref(),
            "2".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "--no-timings".as_ref(),
        ],
    );
    assert_code(&output, 0, "ntm curve");
    let (header, rows) = read_curve_csv(&out);
    let at = |name: &str| column(&header, name);
    for row in &rows {
        let number = |name: &str| row[at(name)].parse::<f64>().unwrap();
        let freed = number("freed_by_paused_projects");
        assert!(freed > 0.0, "the shipped plan pauses projects: {row:?}");
        assert!(
            number("total_cost") <= number("money_available") + freed + 1e-9,
            "{row:?}"
        );
    }
}
