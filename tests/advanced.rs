//! Advanced communes (nông thôn mới nâng cao, issue 14): the optimizer
//! against exhaustive enumeration on small random instances with advanced
//! gaps, in the default tier order and in orders `[objective] order` sets;
//! the enforced `targets.communes_advanced`; bad input in the new tables;
//! and the outputs that name the new figure.
//!
//! `NTM_OPTIMALITY_INSTANCES=N` and `NTM_OPTIMALITY_FIRST_SEED=S` work as
//! in tests/optimality.rs.

mod exhaustive;
mod fixture;

use std::path::Path;
use std::time::Instant;

use exhaustive::advanced::{Tier, optimum_in_order};
use exhaustive::{Exhaustive, Spec, Targets, Value, dump};
use ntm::instance::Instance;
use ntm::run::{self, PlanRun, RunError};
use ntm::scenario::Scenario;

fn seeds(base: u64, default_count: u64) -> std::ops::Range<u64> {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let first = var("NTM_OPTIMALITY_FIRST_SEED").unwrap_or(base);
    first..first + var("NTM_OPTIMALITY_INSTANCES").unwrap_or(default_count)
}

/// The scenario and its data, settled as the CLI settles them.
fn load(path: &Path) -> Result<(Scenario, Instance), String> {
    let mut scenario = Scenario::read(path).map_err(|e| e.to_string())?;
    let instance = Instance::load(&scenario).map_err(|e| e.to_string())?;
    instance.settle_names(&mut scenario);
    Ok((scenario, instance))
}

/// Differences between the plan and the enumerated optimum.
fn compare(run: &PlanRun, best: &Value) -> Vec<String> {
    let o = &run.outcome;
    let mut diffs = Vec::new();
    if (o.weighted_communes - best.weighted()).abs() >= 1e-6 {
        diffs.push(format!(
            "weighted_communes: optimizer {}, enumeration {}",
            o.weighted_communes,
            best.weighted()
        ));
    }
    if o.communes_advanced != best.advanced {
        diffs.push(format!(
            "communes_advanced: optimizer {}, enumeration {}",
            o.communes_advanced, best.advanced
        ));
    }
    if o.criteria_met_total != best.criteria_met {
        diffs.push(format!(
            "criteria_met_total: optimizer {}, enumeration {}",
            o.criteria_met_total, best.criteria_met
        ));
    }
    if o.total_cost.dong() != best.cost {
        diffs.push(format!(
            "total_cost: optimizer {} đồng, enumeration {} đồng",
            o.total_cost.dong(),
            best.cost
        ));
    }
    if !run.selection.is_optimal() {
        diffs.push(format!("not proven optimal: {:?}", run.selection.tiers));
    }
    diffs
}

fn report(failures: &[String], total: usize) {
    assert!(
        failures.is_empty(),
        "{} of {total} instances failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The tier orders tried, by seed: the default most often.
fn order_for(seed: u64) -> Option<[Tier; 4]> {
    match seed % 4 {
        0 => Some([Tier::Advanced, Tier::Communes, Tier::Criteria, Tier::Money]),
        1 => Some([Tier::Criteria, Tier::Advanced, Tier::Communes, Tier::Money]),
        _ => None,
    }
}

const DEFAULT: [Tier; 4] = [Tier::Communes, Tier::Advanced, Tier::Criteria, Tier::Money];

/// Write the instance's scenario with `targets`, and `[objective] order`
/// when one is given.
fn write(
    spec: &Spec,
    dir: &Path,
    name: &str,
    targets: &Targets,
    order: Option<[Tier; 4]>,
) -> std::path::PathBuf {
    let path = spec.write_scenario(dir, name, targets);
    if let Some(order) = order {
        let words: Vec<String> = order.iter().map(|t| format!("\"{}\"", t.id())).collect();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(&format!("\n[objective]\norder = [{}]\n", words.join(", ")));
        std::fs::write(&path, text).unwrap();
    }
    path
}

#[test]
fn enumeration_counts_advanced_communes() {
    // A commune with no commune gaps and one advanced gap: advanced once
    // that gap is funded; its advanced gap is not a criterion met.
    let mut spec = Spec::random_advanced(7);
    let from = spec.commune_criteria();
    spec.gaps.retain(|g| g.commune == 0 && g.criterion >= from);
    spec.gaps.truncate(1);
    let g = spec.gaps[0].clone();
    spec.gaps[0].earliest_year = spec.years[0];
    let e = Exhaustive::new(&spec);
    let nothing = e.value(0);
    let all = e.value(1);
    assert_eq!(nothing.advanced, 0);
    assert_eq!(all.advanced, 1, "{g:?}");
    assert_eq!(nothing.criteria_met, all.criteria_met);
    assert_eq!(nothing.communes_meeting, all.communes_meeting);
}

#[test]
fn tier_values_equal_exhaustive_enumeration_with_advanced_gaps() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let (mut count, mut with_advanced, mut reordered, mut order_matters) = (0, 0, 0, 0);
    for seed in seeds(300_000, 400) {
        count += 1;
        let spec = Spec::random_advanced(seed);
        let dir = tempfile::tempdir().unwrap();
        spec.write_tables(dir.path());
        let order = order_for(seed);
        let path = write(&spec, dir.path(), "scenario.toml", &spec.targets, order);
        let (scenario, instance) = match load(&path) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!(
                    "seed {seed}: does not load: {e}\n{}",
                    dump(dir.path())
                ));
                continue;
            }
        };
        let exhaustive = Exhaustive::new(&spec);
        let best = optimum_in_order(&exhaustive, &order.unwrap_or(DEFAULT), |_| true)
            .expect("funding nothing is possible");
        let default = optimum_in_order(&exhaustive, &DEFAULT, |_| true).unwrap();
        with_advanced += usize::from(best.advanced > 0);
        reordered += usize::from(order.is_some());
        order_matters += usize::from(best != default);
        match run::plan(&instance, &scenario) {
            Err(e) => failures.push(format!("seed {seed}: {e}\n{}", dump(dir.path()))),
            Ok(run) => {
                let diffs = compare(&run, &best);
                if !diffs.is_empty() {
                    failures.push(format!(
                        "seed {seed} (order {order:?}): {}\n{}",
                        diffs.join("; "),
                        dump(dir.path())
                    ));
                }
            }
        }
    }
    eprintln!(
        "{count} instances in {:.1} s: {with_advanced} with advanced communes at the optimum, \
         {reordered} in another tier order, of which the order changes the optimum in \
         {order_matters}",
        started.elapsed().as_secs_f64()
    );
    assert!(
        with_advanced > count / 4,
        "too few advanced optima: {with_advanced}"
    );
    assert!(
        order_matters > 5,
        "the order matters in only {order_matters}"
    );
    report(&failures, count);
}

#[test]
fn enforced_advanced_target_is_met_exactly_when_reachable() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let (mut count, mut reachable_runs, mut unreachable_runs) = (0, 0, 0);
    for seed in seeds(400_000, 200) {
        count += 1;
        let spec = Spec::random_advanced(seed);
        let dir = tempfile::tempdir().unwrap();
        spec.write_tables(dir.path());
        let exhaustive = Exhaustive::new(&spec);
        let most = exhaustive.max_of(|v| v.advanced);
        for (label, required) in [("at", most), ("above", most + 1)] {
            let targets = Targets {
                communes_advanced: Some(required as u32),
                enforce: true,
                ..Targets::default()
            };
            let path = write(&spec, dir.path(), &format!("{label}.toml"), &targets, None);
            let (scenario, instance) = match load(&path) {
                Ok(x) => x,
                Err(e) => {
                    failures.push(format!("seed {seed}: does not load: {e}"));
                    continue;
                }
            };
            let expected = optimum_in_order(&exhaustive, &DEFAULT, |v| v.advanced >= required);
            let context = format!("seed {seed}, communes_advanced {label} the best ({required})");
            match (expected, run::plan(&instance, &scenario)) {
                (Some(best), Ok(run)) => {
                    reachable_runs += 1;
                    let mut diffs = compare(&run, &best);
                    if !run.outcome.targets.iter().all(|t| t.met) {
                        diffs.push(format!("targets not met: {:?}", run.outcome.targets));
                    }
                    if !diffs.is_empty() {
                        failures.push(format!(
                            "{context}: {}\n{}",
                            diffs.join("; "),
                            dump(dir.path())
                        ));
                    }
                }
                (None, Err(RunError::TargetsUnreachable(reach))) => {
                    unreachable_runs += 1;
                    let ok = reach.len() == 1
                        && reach[0].name == "communes_advanced"
                        && (reach[0].best_alone - most as f64).abs() < 1e-9
                        && !reach[0].reachable();
                    if !ok {
                        failures.push(format!(
                            "{context}: unreachable, but reports {reach:?} (enumeration: {most})"
                        ));
                    }
                }
                (expected, result) => failures.push(format!(
                    "{context}: enumeration {expected:?}, optimizer {:?}\n{}",
                    result.map(|r| r.outcome.targets),
                    dump(dir.path())
                )),
            }
        }
    }
    eprintln!(
        "{count} instances, {reachable_runs} enforced plans and {unreachable_runs} unreachable \
         targets in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        unreachable_runs >= count,
        "every instance has a target above its best"
    );
    report(&failures, count);
}

// ---------------------------------------------------------------------------
// The fixture scenario (tests/scenarios/advanced) through the CLI.

use fixture::{assert_no_panic, ntm, stderr};
use std::ffi::OsStr;
use std::path::PathBuf;

/// A copy of the fixture scenario in a temporary folder.
fn advanced_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/advanced");
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::copy(from.join("scenario.toml"), dir.path().join("scenario.toml")).unwrap();
    for entry in std::fs::read_dir(from.join("data")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("data").join(entry.file_name()),
        )
        .unwrap();
    }
    dir
}

fn run_ntm(dir: &Path, args: &[&str]) -> std::process::Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let output = ntm(dir, &args);
    assert_no_panic(&output);
    output
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `ntm check` on the fixture with `table` replaced by `contents`: refused
/// with exit 2, the message holding every needle.
fn refused_with(table: &str, contents: &str, needles: &[&str]) {
    let dir = advanced_fixture();
    std::fs::write(dir.path().join("data").join(table), contents).unwrap();
    let output = run_ntm(dir.path(), &["check", "scenario.toml"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "`{needle}` not in: {err}");
    }
}

#[test]
fn the_fixture_plans_with_the_advanced_figure_everywhere() {
    let dir = advanced_fixture();
    let output = run_ntm(
        dir.path(),
        &[
            "plan",
            "scenario.toml",
            "-o",
            "out",
            "--no-timings",
            "--format",
            "md,html,xlsx",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = dir.path().join("out");
    let communes = read(out.join("communes.csv"));
    let header = communes.lines().next().unwrap();
    assert!(
        header.ends_with(",year_meeting_standard,advanced,year_advanced"),
        "{header}"
    );
    // C2 is assessed and reaches the advanced standard; C1 is not assessed.
    let row = |id: &str| {
        communes
            .lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap()
            .to_string()
    };
    assert!(row("C1").ends_with(",,"), "{}", row("C1"));
    assert!(row("C2").ends_with(",1,2025"), "{}", row("C2"));
    let summary = read(out.join("summary.json"));
    assert!(summary.contains("\"communes_advanced\": 1"), "{summary}");
    assert!(
        summary.contains("\"name\": \"communes_advanced\""),
        "{summary}"
    );
    let plan = read(out.join("plan.csv"));
    assert!(
        plan.contains(",adv_transport,") && plan.contains(",advanced,"),
        "{plan}"
    );
    let report = read(out.join("report.md"));
    assert!(
        report.contains("Communes at the advanced standard"),
        "{report}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Communes at the advanced standard"),
        "{stdout}"
    );

    // In Vietnamese too.
    let output = run_ntm(
        dir.path(),
        &[
            "plan",
            "scenario.toml",
            "-o",
            "vi",
            "--no-timings",
            "--lang",
            "vi",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = read(dir.path().join("vi/report.md"));
    assert!(report.contains("Số xã đạt chuẩn NTM nâng cao"), "{report}");

    // The plan checks as a submitted plan, with the advanced count.
    let output = run_ntm(
        dir.path(),
        &[
            "evaluate",
            "scenario.toml",
            "--plan",
            "out/plan.csv",
            "-o",
            "eval",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let evaluation = read(dir.path().join("eval/evaluate.json"));
    assert!(
        evaluation.contains("\"communes_advanced\": 1"),
        "{evaluation}"
    );
}

#[test]
fn advanced_gaps_are_checked_like_any_payment() {
    let dir = advanced_fixture();
    // The advanced gap of C4 paid from a source that may not pay for it,
    // and C2's advanced transport paid in part.
    std::fs::write(
        dir.path().join("plan.csv"),
        "year,commune_id,criterion,source_id,amount\n\
         2024,C4,adv_health,ethnic,90\n\
         2024,C2,adv_transport,central,100\n",
    )
    .unwrap();
    let output = run_ntm(
        dir.path(),
        &[
            "evaluate",
            "scenario.toml",
            "--plan",
            "plan.csv",
            "-o",
            "eval",
        ],
    );
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    assert_ne!(output.status.code(), Some(0), "{all}");
    let breaks = read(dir.path().join("eval/evaluate.csv"));
    assert!(
        breaks.contains("not_eligible") || breaks.contains("eligib"),
        "{breaks}"
    );
    assert!(breaks.contains("paid_in_part"), "{breaks}");
}

#[test]
fn the_advanced_target_is_enforced_and_set_from_the_command_line() {
    let dir = advanced_fixture();
    // Two advanced communes need C4's advanced gaps too: enforced, the
    // plan gives up a commune at the standard for them.
    let output = run_ntm(
        dir.path(),
        &[
            "plan",
            "scenario.toml",
            "-o",
            "two",
            "--no-timings",
            "--set",
            "targets.communes_advanced=2",
            "--set",
            "targets.enforce=true",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary = read(dir.path().join("two/summary.json"));
    assert!(summary.contains("\"communes_advanced\": 2"), "{summary}");
    // Three cannot be reached: only two communes are assessed.
    let output = run_ntm(
        dir.path(),
        &[
            "plan",
            "scenario.toml",
            "-o",
            "three",
            "--set",
            "targets.communes_advanced=3",
            "--set",
            "targets.enforce=true",
        ],
    );
    assert_ne!(output.status.code(), Some(0));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    assert!(all.contains("advanced"), "{all}");
    // The gap names the target and what it takes.
    let output = run_ntm(
        dir.path(),
        &[
            "gap",
            "scenario.toml",
            "-o",
            "gap",
            "--set",
            "targets.communes_advanced=3",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Communes at the advanced standard") && stdout.contains("cannot be met"),
        "{stdout}{}",
        stderr(&output)
    );
    // A sweep has a met_ column for it.
    let output = run_ntm(
        dir.path(),
        &[
            "sweep",
            "scenario.toml",
            "-o",
            "sweep",
            "-q",
            "-j",
            "1",
            "--no-timings",
            "--vary",
            "targets.communes_advanced=1,2",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sweep = read(dir.path().join("sweep/sweep.csv"));
    assert!(sweep.contains("met_communes_advanced"), "{sweep}");
}

#[test]
fn the_objective_order_is_validated_and_changes_the_plan() {
    let dir = advanced_fixture();
    let scenario = read(dir.path().join("scenario.toml"));
    let with_order = |order: &str| {
        std::fs::write(
            dir.path().join("scenario.toml"),
            format!("{scenario}\n[objective]\norder = {order}\n"),
        )
        .unwrap();
        run_ntm(
            dir.path(),
            &["plan", "scenario.toml", "-o", "out", "--no-timings"],
        )
    };
    for (order, needle) in [
        (
            r#"["communes", "advanced", "money", "criteria"]"#,
            "`money` last",
        ),
        (r#"["communes", "advanced", "criteria"]"#, "`money` last"),
        (
            r#"["communes", "advanced", "advanced", "money"]"#,
            "lists `advanced` twice",
        ),
        (
            r#"["communes", "advancd", "criteria", "money"]"#,
            "unknown tier `advancd`",
        ),
    ] {
        let output = with_order(order);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{order}: {err}");
        assert!(err.contains(needle), "{order}: `{needle}` not in {err}");
        assert!(err.contains("scenario.toml:"), "{err}");
    }
    // Advanced first: both assessed communes reach the advanced level.
    let output = with_order(r#"["advanced", "communes", "criteria", "money"]"#);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let summary = read(dir.path().join("out/summary.json"));
    assert!(summary.contains("\"communes_advanced\": 2"), "{summary}");
}

#[test]
fn bad_advanced_tables_name_file_line_and_column() {
    refused_with(
        "advanced_gaps.csv",
        "commune_id,criterion,cost\nC2,adv_transprt,150\n",
        &[
            "advanced_gaps.csv:2:2",
            "unknown criterion `adv_transprt`",
            "adv_transport",
        ],
    );
    refused_with(
        "advanced_gaps.csv",
        "commune_id,criterion,cost\nC2,transport,150\n",
        &[
            "advanced_gaps.csv:2:2",
            "is a commune criterion",
            "gaps.csv",
        ],
    );
    refused_with(
        "advanced_gaps.csv",
        "commune_id,criterion,cost\nC9,adv_transport,150\n",
        &["advanced_gaps.csv:2:1", "unknown commune `C9`"],
    );
    refused_with(
        "advanced_gaps.csv",
        "commune_id,criterion,cost\nC2,adv_transport,150\nC2,Giao thông (nâng cao),10\n",
        &["advanced_gaps.csv:3:2", "duplicate advanced gap", "line 2"],
    );
    refused_with(
        "advanced_gaps.csv",
        "commune_id,criterion,cost\nC2,adv_transport,-5\n",
        &["advanced_gaps.csv:2:3"],
    );
    refused_with(
        "advanced_gaps.csv",
        "commune_id,criterion\nC2,adv_transport\n",
        &["advanced_gaps.csv", "cost"],
    );
    refused_with(
        "advanced_criteria.csv",
        "criterion,name_vi,name_en\nNC1,Giao thông,Transport X\n",
        &["advanced_criteria.csv:2:2", "commune criterion `transport`"],
    );
    refused_with(
        "advanced_criteria.csv",
        "criterion,name_vi,name_en\nNC1,A,B\nNC1,C,D\n",
        &[
            "advanced_criteria.csv:3:1",
            "duplicate advanced criterion `NC1`",
        ],
    );
    // With its own catalogue, the built-in ids are unknown, and the
    // catalogue is listed.
    refused_with(
        "advanced_criteria.csv",
        "criterion,name_vi,name_en\nNC1,A,B\n",
        &[
            "advanced_gaps.csv:2:2",
            "unknown criterion `adv_transport`",
            "`NC1` (B)",
        ],
    );
}

#[test]
fn bad_advanced_input_is_told_in_vietnamese_too() {
    let dir = advanced_fixture();
    std::fs::write(
        dir.path().join("data/advanced_gaps.csv"),
        "commune_id,criterion,cost\nC2,transport,150\n",
    )
    .unwrap();
    let output = run_ntm(dir.path(), &["check", "scenario.toml", "--lang", "vi"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("là tiêu chí xã, không phải tiêu chí nâng cao"),
        "{err}"
    );
}

#[test]
fn the_fixture_plans_the_same_from_its_workbook() {
    let dir = advanced_fixture();
    let output = run_ntm(
        dir.path(),
        &[
            "template",
            "--from",
            "scenario.toml",
            "-o",
            "data.xlsx",
            "--lang",
            "en",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let scenario = read(dir.path().join("scenario.toml"));
    std::fs::write(
        dir.path().join("book.toml"),
        scenario.replace("data = \"data\"", "data = \"data.xlsx\""),
    )
    .unwrap();
    for (file, out) in [("scenario.toml", "folder"), ("book.toml", "book")] {
        let output = run_ntm(
            dir.path(),
            &["plan", file, "-o", out, "--no-timings", "--no-marginal"],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    for name in ["plan.csv", "communes.csv", "summary.json"] {
        assert_eq!(
            read(dir.path().join("folder").join(name)),
            read(dir.path().join("book").join(name)),
            "{name} differs"
        );
    }
    assert!(read(dir.path().join("book/communes.csv")).contains(",advanced,"));
}

#[test]
fn compare_reads_the_advanced_column_and_shows_the_figure() {
    let dir = advanced_fixture();
    for (out, order) in [
        ("a", None),
        (
            "b",
            Some("[\"advanced\", \"communes\", \"criteria\", \"money\"]"),
        ),
    ] {
        if let Some(order) = order {
            let scenario = read(dir.path().join("scenario.toml"));
            std::fs::write(
                dir.path().join("scenario.toml"),
                format!("{scenario}\n[objective]\norder = {order}\n"),
            )
            .unwrap();
        }
        let output = run_ntm(
            dir.path(),
            &[
                "plan",
                "scenario.toml",
                "-o",
                out,
                "--no-timings",
                "--no-marginal",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let output = run_ntm(dir.path(), &["compare", "a", "b", "-o", "cmp", "-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = read(dir.path().join("cmp/compare.md"));
    assert!(
        report.contains("| Communes at the advanced standard | 1 | 2 |"),
        "{report}"
    );
}

#[test]
fn written_plans_with_advanced_gaps_pass_an_independent_recheck() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut count = 0;
    for seed in seeds(500_000, 60) {
        count += 1;
        let spec = Spec::random_advanced(seed);
        let dir = tempfile::tempdir().unwrap();
        let path = spec.write(dir.path());
        let out = dir.path().join("out");
        let result = std::process::Command::new(env!("CARGO_BIN_EXE_ntm"))
            .args([
                "plan".as_ref(),
                path.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
            .arg("--quiet")
            .output()
            .unwrap();
        if !result.status.success() {
            failures.push(format!(
                "seed {seed}: ntm plan failed ({}): {}\n{}",
                result.status,
                String::from_utf8_lossy(&result.stderr),
                dump(dir.path())
            ));
            continue;
        }
        let best = optimum_in_order(&Exhaustive::new(&spec), &DEFAULT, |_| true).unwrap();
        match exhaustive::recheck(&spec, &out) {
            Err(errors) => failures.push(format!(
                "seed {seed}: the written plan breaks rules:\n  {}\n{}",
                errors.join("\n  "),
                dump(dir.path())
            )),
            Ok(achieved) => {
                let same = (achieved.weighted - best.weighted()).abs() < 1e-6
                    && achieved.advanced == best.advanced
                    && achieved.criteria_met == best.criteria_met
                    && achieved.cost == best.cost;
                if !same {
                    failures.push(format!(
                        "seed {seed}: the written plan achieves {achieved:?}, enumeration {best:?}\n{}",
                        dump(dir.path())
                    ));
                }
            }
        }
    }
    eprintln!(
        "{count} plans with advanced gaps written and re-checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    report(&failures, count);
}

#[test]
fn a_commune_is_advanced_only_at_the_standard_with_every_advanced_gap_paid() {
    let dir = advanced_fixture();
    let evaluate = |plan: &str| -> String {
        std::fs::write(dir.path().join("plan.csv"), plan).unwrap();
        let output = run_ntm(
            dir.path(),
            &[
                "evaluate",
                "scenario.toml",
                "--plan",
                "plan.csv",
                "-o",
                "eval",
                "-q",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        read(dir.path().join("eval/evaluate.json"))
    };
    let advanced_only = "year,commune_id,criterion,source_id,amount\n\
                         2024,C2,adv_transport,central,150\n\
                         2025,C2,adv_income,central,100\n";
    // Every advanced gap of C2 paid, but not its income criterion: not at
    // the standard, so not advanced.
    let json = evaluate(advanced_only);
    assert!(json.contains("\"communes_advanced\": 0,"), "{json}");
    assert!(json.contains("\"communes_meeting_standard\": 0,"), "{json}");
    // The advanced payments are not criteria met.
    assert!(json.contains("\"criteria_met_total\": 70,"), "{json}");
    // With its income criterion paid too, C2 is advanced, from 2025.
    let json = evaluate(&format!("{advanced_only}2024,C2,income,central,200\n"));
    assert!(json.contains("\"communes_advanced\": 1,"), "{json}");
    assert!(json.contains("\"criteria_met_total\": 71,"), "{json}");
    // One advanced gap short: not advanced.
    let json = evaluate(
        "year,commune_id,criterion,source_id,amount\n\
         2024,C2,income,central,200\n\
         2024,C2,adv_transport,central,150\n",
    );
    assert!(json.contains("\"communes_advanced\": 0,"), "{json}");
}
