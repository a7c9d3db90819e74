//! The command line end to end on real files: `ntm plan` and `ntm check` on
//! the small valid scenario of tests/fixture, and `ntm plan` on the default
//! Lai Châu scenario when it is in the repository.

mod fixture;

use std::path::Path;

use fixture::{Fixture, assert_no_panic, ntm, snapshot, stderr, stdout};
use serde_json::Value;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// The outputs of `ntm plan` and their exact headers (issue 2 §4).
const OUTPUT_CSVS: [(&str, &str); 4] = [
    (
        "plan.csv",
        "year,district,commune_id,commune,criterion,source_id,amount,purpose,criterion_name,source_name,purpose_name",
    ),
    (
        "communes.csv",
        "commune_id,commune,district,criteria_before,criteria_after,meets_standard_before,meets_standard_after,cost,criteria_at_risk,criteria_lost,maintenance_cost,year_meeting_standard",
    ),
    (
        "districts.csv",
        "district,communes,meeting_before,meeting_after,average_criteria_after,min_criteria_after,cost,land_revenue_committed",
    ),
    (
        "sources.csv",
        "source_id,year,district,available,used,carried_in,carried_out,source_name",
    ),
];

const SUMMARY_KEYS: [&str; 13] = [
    "status",
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
    "gap",
    "solve_seconds",
];

fn assert_ok(output: &std::process::Output, what: &str) {
    assert_no_panic(output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{what}: exit code; stderr:\n{}",
        stderr(output)
    );
}

fn read_summary(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("summary.json is JSON")
}

/// The data lines of an output CSV, without BOM, header or line ends.
fn csv_rows(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join(name)).expect("an output table");
    let text = std::str::from_utf8(&bytes[BOM.len()..]).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn plan_writes_every_output() {
    let f = Fixture::new();
    let out = f.plan();
    assert_ok(&out, "ntm plan");
    assert!(
        stdout(&out).contains("communes meeting the standard"),
        "a console summary:\n{}",
        stdout(&out)
    );
    // Targets by the names the reports give them, not the scenario's keys.
    assert!(
        stdout(&out).contains("target: Communes meeting the standard")
            && !stdout(&out).contains("communes_meeting_standard"),
        "{}",
        stdout(&out)
    );

    let dir = f.out();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".ntm-output",
            "communes.csv",
            "districts.csv",
            "marginal.csv",
            "plan.csv",
            "report.md",
            "sources.csv",
            "summary.json"
        ],
        "exactly the seven outputs and the manifest, no temporaries left behind"
    );

    for (name, header) in OUTPUT_CSVS {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert!(bytes.starts_with(BOM), "{name} starts with a UTF-8 BOM");
        let text = std::str::from_utf8(&bytes[BOM.len()..]).expect("UTF-8");
        let first = text.lines().next().unwrap_or("").trim_end_matches('\r');
        assert_eq!(first, header, "the header of {name}");
    }
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(!report.trim().is_empty(), "report.md has content");
    assert!(report.contains("Alpha") && report.contains("Beta"));
}

#[test]
fn summary_has_the_keys_of_the_contract() {
    let f = Fixture::new();
    assert_ok(&f.plan_into(&f.out()), "ntm plan");
    let summary = read_summary(&f.out());
    let object = summary.as_object().expect("summary.json is an object");
    for key in SUMMARY_KEYS {
        assert!(object.contains_key(key), "summary.json has `{key}`");
    }
    assert_eq!(summary["status"], "optimal");
    assert_eq!(summary["communes_total"], 4);
    assert_eq!(summary["gap"].as_f64(), Some(0.0));
    assert!(summary["solve_seconds"].is_null(), "--no-timings");
    let targets = summary["targets"].as_array().expect("targets is a list");
    assert_eq!(targets.len(), 2, "the two targets of the fixture");
    for target in targets {
        for key in ["name", "required", "achieved", "met"] {
            assert!(target.get(key).is_some(), "a target has `{key}`: {target}");
        }
    }
    let names: Vec<&str> = targets
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["communes_meeting_standard", "districts_meeting_standard"]
    );

    // The figures agree with the tables written next to them.
    let plan = csv_rows(&f.out(), "plan.csv");
    let paid: f64 = plan.iter().map(|r| r[6].parse::<f64>().unwrap()).sum();
    let total = summary["total_cost"].as_f64().unwrap();
    assert!(
        (paid - total).abs() < 1e-6,
        "plan.csv adds up to total_cost"
    );
    let communes = csv_rows(&f.out(), "communes.csv");
    assert_eq!(communes.len(), 4);
    let meeting = communes.iter().filter(|r| r[6] == "1").count();
    assert_eq!(summary["communes_meeting_standard"], meeting);
    let criteria: usize = communes
        .iter()
        .map(|r| r[4].parse::<usize>().unwrap())
        .sum();
    assert_eq!(summary["criteria_met_total"], criteria);
}

#[test]
fn plan_with_timings_reports_seconds_per_tier() {
    let f = Fixture::new();
    let out = ntm(
        f.root(),
        &[
            "plan".as_ref(),
            f.scenario().as_os_str(),
            "-o".as_ref(),
            f.out().as_os_str(),
        ],
    );
    assert_ok(&out, "ntm plan");
    let summary = read_summary(&f.out());
    let seconds = summary["solve_seconds"]
        .as_object()
        .expect("solve_seconds per tier");
    assert!(!seconds.is_empty());
    assert!(
        seconds
            .values()
            .all(|v| v.as_f64().is_some_and(|s| s >= 0.0))
    );
}

#[test]
fn plan_without_timings_is_byte_identical_across_runs() {
    let f = Fixture::new();
    let first = f.root().join("first");
    let second = f.root().join("second");
    assert_ok(&f.plan_into(&first), "first run");
    assert_ok(&f.plan_into(&second), "second run");
    let a = snapshot(&first);
    let b = snapshot(&second);
    assert_eq!(a.len(), 8, "seven outputs and the manifest");
    assert_eq!(a, b, "two runs give the same bytes");

    // Planning again into a folder that already holds a plan replaces it
    // with the same bytes.
    assert_ok(&f.plan_into(&first), "third run, over the first");
    assert_eq!(snapshot(&first), b);
}

#[test]
fn plan_defaults_to_out_and_the_scenario_stem() {
    let f = Fixture::new();
    let out = ntm(
        f.root(),
        &[
            "plan".as_ref(),
            "scenario.toml".as_ref(),
            "--quiet".as_ref(),
        ],
    );
    assert_ok(&out, "ntm plan");
    assert_eq!(stdout(&out), "", "--quiet prints nothing");
    assert!(f.root().join("out/scenario/plan.csv").is_file());
    assert!(f.root().join("out/scenario/summary.json").is_file());
}

#[test]
fn plan_refuses_to_write_into_the_data_folder() {
    let f = Fixture::new();
    let before = snapshot(f.root());
    let out = f.plan_into(&f.data_dir());
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_ne!(out.status.code(), Some(0), "must fail; stderr:\n{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("input file"), "says why:\n{err}");
    assert_eq!(
        snapshot(f.root()),
        before,
        "no file changed, added or removed"
    );
}

#[test]
fn plan_refuses_the_data_folder_spelt_another_way() {
    let f = Fixture::new();
    let before = snapshot(f.root());
    let sideways = f.root().join("data").join("..").join("./data");
    let out = f.plan_into(&sideways);
    assert_no_panic(&out);
    assert_ne!(out.status.code(), Some(0), "stderr:\n{}", stderr(&out));
    assert_eq!(
        snapshot(f.root()),
        before,
        "no file changed, added or removed"
    );
}

#[test]
fn enforced_unreachable_target_exits_3_and_writes_only_the_diagnosis() {
    let f = Fixture::new();
    // The money funds 3 of the 4 communes at best when each criterion is
    // paid within one year's money.
    f.one_year();
    f.replace_in_scenario(
        "communes_meeting_standard = 3",
        "communes_meeting_standard = 4",
    );
    f.replace_in_scenario("enforce = false", "enforce = true");
    let out = f.plan();
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "stderr:\n{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("communes_meeting_standard") && l.contains("cannot be met")),
        "names the target that cannot be met:\n{err}"
    );
    assert!(
        err.contains("best reachable alone 3"),
        "and the best it can reach:\n{err}"
    );
    assert!(
        err.contains("money that would close them"),
        "and the money that would close it:\n{err}"
    );
    // No plan: only the diagnosis and the gap table.
    let mut written: Vec<String> = std::fs::read_dir(f.out())
        .expect("the output folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, [".ntm-output", "diagnosis.md", "gap.csv"]);
    let diagnosis = std::fs::read_to_string(f.out().join("diagnosis.md")).unwrap();
    assert!(diagnosis.contains("No plan"), "{diagnosis}");
}

#[test]
fn enforced_reachable_targets_plan_normally() {
    let f = Fixture::new();
    f.replace_in_scenario("districts_meeting_standard = [\"Alpha\"]\n", "");
    f.replace_in_scenario("enforce = false", "enforce = true");
    let out = f.plan();
    assert_ok(&out, "ntm plan");
    let summary = read_summary(&f.out());
    assert_eq!(summary["status"], "optimal");
    assert_eq!(summary["targets"][0]["met"], true);
}

#[test]
fn check_prints_what_the_data_holds() {
    let f = Fixture::new();
    let out = f.check();
    assert_ok(&out, "ntm check");
    assert_eq!(stderr(&out), "", "no warnings");
    let text = stdout(&out);
    for expected in [
        "valid",
        "Test province",
        "4 in 2 districts, 2 especially difficult",
        "criteria        19",
        "meeting now     0 communes",
        "gaps            6 costing 2,200 million VND",
        "central",
        "ethnic",
        "district",
        "Alpha",
        "Beta",
    ] {
        assert!(text.contains(expected), "`{expected}` in:\n{text}");
    }
    assert!(!f.out().exists(), "check writes nothing");
    assert!(!f.root().join("out").exists());
}

#[test]
fn default_lai_chau_scenario_plans_to_optimality() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = root.join("scenarios").join("lai-chau-2025.toml");
    if !scenario.exists() {
        println!(
            "note: {} is not in the repository yet; skipping",
            scenario.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = ntm(
        dir.path(),
        &[
            "plan".as_ref(),
            scenario.as_os_str(),
            "-o".as_ref(),
            out_dir.as_os_str(),
        ],
    );
    assert_ok(&out, "ntm plan lai-chau-2025.toml");
    let text = std::fs::read_to_string(out_dir.join("summary.json")).unwrap();
    assert!(text.contains("\"status\": \"optimal\""), "{text}");
    let summary: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(summary["communes_total"], 94);
}

/// Every CSV the tool writes starts with a byte-order mark (issue 5),
/// the generated input tables too, and they read back as valid data.
#[test]
fn generated_tables_start_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let out = ntm(
        dir.path(),
        &[
            "generate".as_ref(),
            "synthetic".as_ref(),
            "--communes".as_ref(),
            "6".as_ref(),
            "-o".as_ref(),
            dir.path().as_os_str(),
        ],
    );
    assert_ok(&out, "ntm generate synthetic");
    let mut csvs = 0;
    for entry in walk(dir.path()) {
        if entry.extension().is_some_and(|e| e == "csv") {
            csvs += 1;
            let bytes = std::fs::read(&entry).unwrap();
            assert!(
                bytes.starts_with(BOM),
                "{} starts with a BOM",
                entry.display()
            );
        }
    }
    assert!(csvs >= 4, "the tables were written");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Output cut short by the reader (`ntm check … | head -1`) ends the
/// program quietly, without a panic.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    let f = Fixture::new();
    let command = format!(
        "'{}' check '{}' | head -c 1 >/dev/null",
        env!("CARGO_BIN_EXE_ntm"),
        f.scenario().display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&command)
        .output()
        .expect("sh runs");
    assert_no_panic(&out);
    assert!(
        !stderr(&out).contains("panicked") && !stderr(&out).contains("Broken pipe"),
        "{}",
        stderr(&out)
    );
}
