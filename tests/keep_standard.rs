//! `targets.keep_standard`: districts or communes that must (still) meet
//! the standard at the horizon, such as Lai Châu city (Directive 04). On the
//! fixture with costs × 1.5, the plain plan leaves Sìn Hồ (C1) short; the
//! target puts it first. Its optimality is checked by enumeration in
//! tests/optimality.rs; here the tool's own commands are run on files.

mod fixture;

use std::path::Path;

use fixture::{Fixture, ntm, stderr};
use serde_json::Value;

fn run(f: &Fixture, args: &[&str]) -> std::process::Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    ntm(f.root(), &args)
}

fn meets(out: &Path) -> Vec<String> {
    let (header, rows) = fixture::read_output_csv(&out.join("communes.csv"));
    let column = header
        .iter()
        .position(|h| h == "meets_standard_after")
        .unwrap();
    rows.iter().map(|r| r[column].clone()).collect()
}

fn kept_target(summary: &Path) -> Value {
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(summary).unwrap()).unwrap();
    summary["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "keep_standard")
        .cloned()
        .expect("the target is reported")
}

fn tight(f: &Fixture) {
    f.replace_in_scenario("cost = 1.0", "cost = 1.5");
}

#[test]
fn a_commune_to_keep_is_completed_first() {
    let f = Fixture::new();
    tight(&f);
    let plain = f.root().join("plain");
    let out = f.plan_into(&plain);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(meets(&plain), ["0", "1", "1", "1"], "the plain plan");

    f.replace_in_scenario(
        "enforce = false",
        "keep_standard = [\"Sìn Hồ\"]\nenforce = false",
    );
    let kept = f.root().join("kept");
    let out = run(
        &f,
        &[
            "plan",
            "scenario.toml",
            "-o",
            "kept",
            "--no-timings",
            "--lang",
            "en",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        meets(&kept),
        ["1", "1", "0", "1"],
        "Sìn Hồ first, then the rest"
    );
    let target = kept_target(&kept.join("summary.json"));
    assert_eq!(target["required"], 1.0);
    assert_eq!(target["achieved"], 1.0);
    assert_eq!(target["met"], true);
    let report = std::fs::read_to_string(kept.join("report.md")).unwrap();
    assert!(
        report.contains("| Named communes keeping the standard | – | 1 | 1 | yes |"),
        "{report}"
    );

    // Enforced (and alone), the target is a rule and the plan is the same.
    f.replace_in_scenario("enforce = false", "enforce = true");
    f.replace_in_scenario("districts_meeting_standard = [\"Alpha\"]\n", "");
    f.replace_in_scenario("communes_meeting_standard = 3\n", "");
    let enforced = f.root().join("enforced");
    let out = f.plan_into(&enforced);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(meets(&enforced), ["1", "1", "0", "1"]);

    // A second commune to keep that the money cannot also complete: exit 3.
    f.replace_in_scenario("[\"Sìn Hồ\"]", "[\"Sìn Hồ\", \"Nậm Tăm\"]");
    let out = f.plan_into(&f.root().join("both"));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("keep_standard: required 2, best reachable alone 1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_district_counts_each_of_its_communes_and_evaluate_names_those_short() {
    let f = Fixture::new();
    tight(&f);
    let out = f.plan();
    assert!(out.status.success(), "{}", stderr(&out));
    // The plain plan judged against keeping Alpha (C1 and C2): C1 is short.
    let plan = f.out().join("plan.csv");
    let ev = f.root().join("ev");
    let out = f.evaluate(
        &plan,
        &ev,
        &["--set", "targets.keep_standard=Alpha", "--lang", "en"],
    );
    let target = kept_target(&ev.join("evaluate.json"));
    assert_eq!(target["required"], 2.0, "{}", stderr(&out));
    assert_eq!(target["achieved"], 1.0);
    assert_eq!(target["met"], false);
    assert_eq!(target["missing"], serde_json::json!(["Sìn Hồ"]));
}

#[test]
fn sweeps_and_gaps_report_the_target() {
    let f = Fixture::new();
    f.replace_in_scenario(
        "enforce = false",
        "keep_standard = [\"C1\"]\nenforce = false",
    );
    let out = run(
        &f,
        &[
            "sweep",
            "scenario.toml",
            "--vary",
            "adjust.cost=1.5,2.5",
            "-o",
            "sweep",
            "--no-timings",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (header, rows) = fixture::read_output_csv(&f.root().join("sweep/sweep.csv"));
    let column = header
        .iter()
        .position(|h| h == "met_keep_standard")
        .expect("a column");
    assert_eq!(rows[0][column], "1", "at × 1.5 Sìn Hồ is kept");
    assert_eq!(rows[1][column], "0", "at × 2.5 it cannot be");

    let out = run(
        &f,
        &[
            "gap",
            "scenario.toml",
            "--set",
            "adjust.cost=2.5",
            "-o",
            "gap",
            "--lang",
            "en",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, rows) = fixture::read_output_csv(&f.root().join("gap/gap.csv"));
    let row = rows
        .iter()
        .find(|r| r[0] == "keep_standard" && r[2] == "all")
        .expect("a row of its own");
    let topup: f64 = row[4].parse().unwrap();
    assert!(topup > 0.0, "keeping Sìn Hồ at × 2.5 needs money: {row:?}");
}
