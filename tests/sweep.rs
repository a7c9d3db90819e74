//! `ntm sweep`: rows equal single plans, the table does not depend on the
//! number of workers, more money never yields fewer communes, and bad
//! `--vary` input is refused like any bad input.

mod browser;
mod fixture;

use std::ffi::OsStr;
use std::path::Path;

use fixture::{Fixture, assert_no_panic, ntm, stderr};
use ntm::generate;
use serde_json::Value;

fn args<'a>(list: &'a [&'a str]) -> Vec<&'a OsStr> {
    list.iter().map(OsStr::new).collect()
}

/// sweep.csv as rows of cells, header first, without the byte-order mark.
fn table(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("sweep.csv");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    text.lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn every_row_equals_the_plan_of_that_variant_alone() {
    let f = Fixture::new();
    let scenario = f.scenario();
    let out = f.root().join("sweep");
    let run = ntm(
        f.root(),
        &args(&[
            "sweep",
            scenario.to_str().unwrap(),
            "--vary",
            "adjust.sources.central=0.5,1.0",
            "--vary",
            "adjust.cost=1:1.2:0.2",
            "--vary",
            "payments.rule=carry_over,one_year",
            "-j",
            "2",
            "-o",
            out.to_str().unwrap(),
            "--no-timings",
        ]),
    );
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let rows = table(&out.join("sweep.csv"));
    assert_eq!(rows.len(), 9, "8 variants and a header");
    let header = &rows[0];
    for row in &rows[1..] {
        let central = &row[column(header, "adjust.sources.central")];
        let cost = &row[column(header, "adjust.cost")];
        let rule = &row[column(header, "payments.rule")];
        let plan_out = f.root().join(format!("plan-{}", row[0]));
        let plan = ntm(
            f.root(),
            &args(&[
                "plan",
                scenario.to_str().unwrap(),
                "--set",
                &format!("adjust.sources.central={central}"),
                "--set",
                &format!("adjust.cost={cost}"),
                "--set",
                &format!("payments.rule={rule}"),
                "-o",
                plan_out.to_str().unwrap(),
                "--no-timings",
            ]),
        );
        assert_eq!(plan.status.code(), Some(0), "{}", stderr(&plan));
        let summary: Value =
            serde_json::from_slice(&std::fs::read(plan_out.join("summary.json")).unwrap()).unwrap();
        assert_eq!(
            row[column(header, "status")],
            summary["status"].as_str().unwrap()
        );
        for key in ["communes_meeting_standard", "min_criteria"] {
            assert_eq!(
                row[column(header, key)],
                summary[key].to_string(),
                "variant {} {key}",
                row[0]
            );
        }
        let total: f64 = row[column(header, "total_cost")].parse().unwrap();
        assert!((total - summary["total_cost"].as_f64().unwrap()).abs() < 1e-9);
        let average: f64 = row[column(header, "average_criteria")].parse().unwrap();
        assert!((average - summary["average_criteria"].as_f64().unwrap()).abs() < 1e-4);
        // The money per source adds up to the plan's total.
        let used: f64 = header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.starts_with("used_"))
            .map(|(i, _)| row[i].parse::<f64>().unwrap())
            .sum();
        assert!(
            (used - total).abs() < 1e-6,
            "variant {}: {used} ≠ {total}",
            row[0]
        );
    }
}

fn sweep_bytes(root: &Path, scenario: &Path, jobs: &str, out: &str) -> Vec<u8> {
    let out = root.join(out);
    let run = ntm(
        root,
        &args(&[
            "sweep",
            scenario.to_str().unwrap(),
            "--vary",
            "adjust.sources.central_ntm=0.6:1.4:0.2",
            "--vary",
            "adjust.cost=1.0,1.1",
            "-j",
            jobs,
            "-o",
            out.to_str().unwrap(),
            "--no-timings",
            "--keep-plans",
        ]),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        out.join("variants/10/plan.csv").exists(),
        "--keep-plans writes each variant's plan"
    );
    std::fs::read(out.join("sweep.csv")).expect("sweep.csv")
}

#[test]
fn the_table_is_byte_identical_on_one_or_two_workers() {
    let dir = tempfile::tempdir().unwrap();
    generate::write_files(dir.path(), &generate::synthetic::synthetic(40, 3)).unwrap();
    let scenario = dir.path().join("synthetic.toml");
    let one = sweep_bytes(dir.path(), &scenario, "1", "j1");
    let two = sweep_bytes(dir.path(), &scenario, "2", "j2");
    assert_eq!(one, two);
}

/// Scaling every source and land revenue together, on random instances:
/// the communes meeting the standard never fall as the money rises.
#[test]
fn more_money_never_yields_fewer_communes() {
    for seed in 1..=6 {
        let dir = tempfile::tempdir().unwrap();
        generate::write_files(dir.path(), &generate::synthetic::synthetic(25, seed)).unwrap();
        let scenario = dir.path().join("synthetic.toml");
        let out = dir.path().join("out");
        let scale = "0.5:2:0.25";
        let mut list = vec![
            "sweep".to_string(),
            scenario.to_str().unwrap().to_string(),
            "--zip".into(),
        ];
        for key in [
            "adjust.sources.central_ntm",
            "adjust.sources.ethnic_1719",
            "adjust.sources.poverty_90",
            "adjust.sources.provincial",
            "adjust.sources.district",
            "adjust.land_revenue",
        ] {
            list.push("--vary".into());
            list.push(format!("{key}={scale}"));
        }
        list.extend(["-o".into(), out.to_str().unwrap().into(), "-q".into()]);
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let run = ntm(dir.path(), &args(&refs));
        assert_eq!(run.status.code(), Some(0), "seed {seed}: {}", stderr(&run));
        let rows = table(&out.join("sweep.csv"));
        let c = column(&rows[0], "communes_meeting_standard");
        let counts: Vec<u32> = rows[1..].iter().map(|r| r[c].parse().unwrap()).collect();
        assert_eq!(counts.len(), 7);
        assert!(
            counts.windows(2).all(|w| w[0] <= w[1]),
            "seed {seed}: {counts:?}"
        );
    }
}

#[test]
fn the_scenario_sweep_table_is_used_and_the_command_line_adds_to_it() {
    let f = Fixture::new();
    let text = format!(
        "{}\n[sweep]\n[sweep.vary]\n\"adjust.cost\" = [1.0, 1.5]\n",
        fixture::SCENARIO
    );
    f.write_scenario(&text);
    let out = f.root().join("sweep");
    let run = ntm(
        f.root(),
        &args(&[
            "sweep",
            f.scenario().to_str().unwrap(),
            "--vary",
            "adjust.land_revenue=0,1",
            "-o",
            out.to_str().unwrap(),
            "-q",
        ]),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let rows = table(&out.join("sweep.csv"));
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[0][1..3],
        ["adjust.cost".to_string(), "adjust.land_revenue".to_string()]
    );
    assert_eq!(rows[1][1..3], ["1.0".to_string(), "0".to_string()]);
    assert!(
        std::fs::read_to_string(out.join("sweep.md"))
            .unwrap()
            .contains("sweep of 4 variants")
    );
}

#[test]
fn unreachable_enforced_targets_are_recorded_and_exit_3() {
    let f = Fixture::new();
    let out = f.root().join("sweep");
    let run = ntm(
        f.root(),
        &args(&[
            "sweep",
            f.scenario().to_str().unwrap(),
            "--set",
            "targets.enforce=true",
            "--vary",
            "targets.communes_meeting_standard=1,99",
            "-o",
            out.to_str().unwrap(),
            "-q",
        ]),
    );
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    assert!(stderr(&run).contains("1 of 2 variants"), "{}", stderr(&run));
    let rows = table(&out.join("sweep.csv"));
    let s = column(&rows[0], "status");
    assert_eq!(rows[1][s], "optimal");
    assert_eq!(rows[2][s], "targets_unreachable");
}

#[test]
fn bad_vary_and_set_input_exits_2_and_writes_nothing() {
    let cases: [(&[&str], &str); 9] = [
        (&["--vary", "adjust.cots=1,2"], "adjust.cots"),
        (&["--vary", "adjust.cost="], "no values"),
        (&["--vary", "adjust.cost=1:2:0"], "step is 0"),
        (&["--vary", "adjust.cost=2:1:0.5"], "never gets"),
        (&["--vary", "adjust.cost=1:x:0.5"], "not a number"),
        (&["--vary", "adjust.cost=0.5,abc"], "adjust.cost"),
        (&["--vary", "adjust.cost"], "="),
        (&["--vary", "years=2024,2025"], "years"),
        (&["--set", "solver.threads=many"], "solver.threads"),
    ];
    for (extra, needle) in cases {
        let f = Fixture::new();
        let out = f.root().join("sweep");
        let scenario = f.scenario();
        let mut list = vec!["sweep", scenario.to_str().unwrap()];
        list.extend_from_slice(extra);
        let out_str = out.to_str().unwrap().to_string();
        list.extend(["-o", &out_str]);
        let run = ntm(f.root(), &args(&list));
        assert_no_panic(&run);
        assert_eq!(run.status.code(), Some(2), "{extra:?}: {}", stderr(&run));
        assert!(stderr(&run).contains(needle), "{extra:?}: {}", stderr(&run));
        assert!(!out.exists(), "{extra:?} wrote output");
    }
    let f = Fixture::new();
    let run = ntm(
        f.root(),
        &args(&[
            "sweep",
            f.scenario().to_str().unwrap(),
            "--vary",
            "adjust.cost=1,2",
            "--vary",
            "adjust.land_revenue=1,2,3",
            "--zip",
        ]),
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("same length"), "{}", stderr(&run));
}

/// The row's `shortfall` as `ntm gap` gives it for the same `--set` values:
/// the additional money of all targets together, from `gap.csv`.
fn gap_total(f: &Fixture, sets: &[String], out: &str) -> (Option<i32>, Option<String>) {
    let out = f.root().join(out);
    let scenario = f.scenario();
    let mut list: Vec<&str> = vec!["gap", scenario.to_str().unwrap()];
    for s in sets {
        list.extend(["--set", s.as_str()]);
    }
    let out_str = out.to_str().unwrap().to_string();
    list.extend(["-o", &out_str, "--no-timings", "-q"]);
    let run = ntm(f.root(), &args(&list));
    assert_no_panic(&run);
    let all = std::fs::read_to_string(out.join("gap.csv"))
        .ok()
        .and_then(|text| {
            text.lines()
                .skip(1)
                .map(|l| l.split(',').map(String::from).collect::<Vec<_>>())
                .find(|r| r[0] == "all" && r[2] == "all")
                .map(|r| format!("{}|{}", r[1], r[4]))
        });
    (run.status.code(), all)
}

/// `ntm plan` with these `--set` values: its summary.json.
fn plan_summary(f: &Fixture, sets: &[String], out: &str) -> Value {
    let out = f.root().join(out);
    let scenario = f.scenario();
    let mut list: Vec<&str> = vec!["plan", scenario.to_str().unwrap()];
    for s in sets {
        list.extend(["--set", s.as_str()]);
    }
    let out_str = out.to_str().unwrap().to_string();
    list.extend(["-o", &out_str, "--no-timings", "-q"]);
    let run = ntm(f.root(), &args(&list));
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn a_row_short_of_its_targets_shows_the_plan_without_them_and_what_ntm_gap_asks() {
    let f = Fixture::new();
    let scenario = f.scenario();
    let out = f.root().join("sweep");
    let run = ntm(
        f.root(),
        &args(&[
            "sweep",
            scenario.to_str().unwrap(),
            "--set",
            "targets.enforce=true",
            "--vary",
            "adjust.sources.central=0.2,1",
            "--vary",
            "targets.communes_meeting_standard=3,4",
            "-j",
            "2",
            "-o",
            out.to_str().unwrap(),
            "--no-timings",
            "-q",
            "--format",
            "md,html",
        ]),
    );
    assert_no_panic(&run);
    // Rows short of their targets still exit 3: no plan meets them.
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    let rows = table(&out.join("sweep.csv"));
    let header = &rows[0];
    let cell = |row: &Vec<String>, name: &str| row[column(header, name)].clone();
    let mut short = 0;
    for row in &rows[1..] {
        let varied = [
            format!(
                "adjust.sources.central={}",
                cell(row, "adjust.sources.central")
            ),
            format!(
                "targets.communes_meeting_standard={}",
                cell(row, "targets.communes_meeting_standard")
            ),
        ];
        let mut enforced = vec!["targets.enforce=true".to_string()];
        enforced.extend(varied.iter().cloned());
        let (code, all) = gap_total(&f, &enforced, &format!("gap-{}", row[0]));
        assert_eq!(code, Some(0), "variant {}", row[0]);
        assert_eq!(
            all.unwrap(),
            format!(
                "{}|{}",
                cell(row, "shortfall_status"),
                cell(row, "shortfall")
            ),
            "variant {}: the shortfall is what ntm gap asks",
            row[0]
        );
        let unreachable = cell(row, "status") == "targets_unreachable";
        // A row short of its targets shows the plan made without them.
        let mut free = vec![format!("targets.enforce={}", !unreachable)];
        free.extend(varied.iter().cloned());
        let summary = plan_summary(&f, &free, &format!("plan-{}", row[0]));
        for key in ["communes_meeting_standard", "min_criteria"] {
            assert_eq!(
                cell(row, key),
                summary[key].to_string(),
                "variant {}",
                row[0]
            );
        }
        let total: f64 = cell(row, "total_cost").parse().unwrap();
        assert!((total - summary["total_cost"].as_f64().unwrap()).abs() < 1e-9);
        assert_eq!(
            cell(row, "plan_enforces_targets"),
            if unreachable { "0" } else { "1" }
        );
        if unreachable {
            short += 1;
            assert!(cell(row, "shortfall").parse::<f64>().unwrap() > 0.0);
        } else {
            assert_eq!(cell(row, "shortfall"), "0");
        }
    }
    assert_eq!(short, 2, "central at 0.2 falls short of both targets");
    // The meeting's table has the figures and the shortfall, not the solve
    // times.
    let md = std::fs::read_to_string(out.join("sweep.md")).unwrap();
    assert!(md.contains("| 800 |"), "{md}");
    assert!(md.contains("Shortfall to meet every target"), "{md}");
    assert!(md.contains("the closest is variant 1"), "{md}");
    let html = std::fs::read_to_string(out.join("sweep.html")).unwrap();
    for page in [&md, &html] {
        assert!(!page.contains("Solve seconds"));
        assert!(!page.contains("adjust.sources.central"));
        assert!(!page.contains("targets_unreachable"));
    }
}

/// The rightmost column of dark pixels of a grey PGM (P5) image, as a
/// share of its width.
fn rightmost_ink(pgm: &[u8]) -> f64 {
    // The header: P5, width, height, maxval, each after whitespace.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).to_string());
    }
    let pixels = &pgm[at + 1..];
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    let mut right = 0;
    for y in 0..height {
        for x in (right..width).rev() {
            if pixels[y * width + x] < 128 {
                right = right.max(x);
                break;
            }
        }
    }
    right as f64 / width as f64
}

#[test]
fn the_meetings_table_of_a_four_key_sweep_fits_an_a4_landscape_page() {
    let Some(chromium) = browser::chromium() else {
        println!("skipped: no chromium found");
        return;
    };
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        println!("skipped: no pdftoppm (poppler-utils)");
        return;
    }
    let f = Fixture::new();
    let out = f.root().join("sweep");
    let scenario = f.scenario();
    let run = ntm(
        f.root(),
        &args(&[
            "sweep",
            scenario.to_str().unwrap(),
            "--set",
            "targets.enforce=true",
            "--vary",
            "adjust.sources.central=0.2,1",
            "--vary",
            "adjust.sources.ethnic=1,2",
            "--vary",
            "adjust.cost=1,1.15",
            "--vary",
            "land_revenue.max_share=0.6,0.8",
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--lang",
            "vi",
            "--format",
            "html",
        ]),
    );
    assert_no_panic(&run);
    let pdf = f.root().join("sweep.pdf");
    browser::browse(
        &chromium,
        &f.root().join("profile"),
        &out.join("sweep.html"),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let prefix = f.root().join("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "40", "-gray"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let mut landscape = 0;
    for entry in std::fs::read_dir(f.root()).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".pgm") {
            continue;
        }
        let pgm = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&pgm[..20]).to_string();
        let mut dims = text.split_whitespace().skip(1);
        let (w, h): (usize, usize) = (
            dims.next().unwrap().parse().unwrap(),
            dims.next().unwrap().parse().unwrap(),
        );
        if w > h {
            landscape += 1;
            // The page's margin is 12 mm of 297: nothing is drawn in it.
            let right = rightmost_ink(&pgm);
            assert!(
                right < 1.0 - 8.0 / 297.0,
                "{}: ink at {right:.3} of the width",
                path.display()
            );
        }
    }
    assert!(
        landscape > 0,
        "the variants table prints on landscape pages"
    );
}

/// `--keep-plans` writes the plan each row shows, also where enforced
/// targets are out of reach (the plan without enforcing them).
#[test]
fn kept_plans_are_the_plans_the_rows_show() {
    let f = Fixture::new();
    f.replace_in_scenario("enforce = false", "enforce = true");
    let scenario = f.scenario();
    let out = f.root().join("sweep");
    let run = ntm(
        f.root(),
        &args(&[
            "sweep",
            scenario.to_str().unwrap(),
            "--vary",
            "adjust.sources.central=0.1,1.0",
            "-o",
            out.to_str().unwrap(),
            "--no-timings",
            "--keep-plans",
        ]),
    );
    assert_no_panic(&run);
    let rows = table(&out.join("sweep.csv"));
    let header = &rows[0];
    let statuses: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r[column(header, "status")].as_str())
        .collect();
    assert!(
        statuses.contains(&"targets_unreachable"),
        "a variant out of reach: {statuses:?}"
    );
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    for row in &rows[1..] {
        let dir = out.join("variants").join(&row[0]);
        let summary: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("summary.json")).expect("the variant's plan"),
        )
        .unwrap();
        assert_eq!(
            row[column(header, "communes_meeting_standard")],
            summary["communes_meeting_standard"].to_string(),
            "variant {}",
            row[0]
        );
        assert!(dir.join("plan.csv").exists());
    }
}
