//! Plans that start from what is already committed (`commitments.csv`,
//! `ntm plan --from-plan FILE --replan-from YEAR`), through the real
//! binary on the fixture scenario: commitments are kept exactly, counted
//! against the budget lines, re-checked by `ntm evaluate`; a re-plan keeps
//! the earlier years; and every rule a commitment breaks is bad input that
//! names its file and row.

mod fixture;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

use fixture::{Fixture, assert_no_panic, ntm, read_output_csv, stderr};

const BAD_INPUT: i32 = 2;

fn plan_with(fixture: &Fixture, out: &Path, extra: &[&OsStr]) -> Output {
    let scenario = fixture.scenario();
    let mut args: Vec<&OsStr> = vec![
        "plan".as_ref(),
        scenario.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--no-timings".as_ref(),
    ];
    args.extend_from_slice(extra);
    ntm(fixture.root(), &args)
}

fn ok(output: &Output, what: &str) {
    assert_no_panic(output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{what}: exit code; stderr:\n{}",
        stderr(output)
    );
}

/// The plan's rows as (year, commune, criterion, source, amount, committed).
type Row = (String, String, String, String, String, String);

fn plan_rows(out: &Path) -> (Vec<String>, Vec<Row>) {
    let (header, rows) = read_output_csv(&out.join("plan.csv"));
    let at = |name: &str| header.iter().position(|h| h == name);
    let (y, c, k, s, a) = (
        at("year").unwrap(),
        at("commune_id").unwrap(),
        at("criterion").unwrap(),
        at("source_id").unwrap(),
        at("amount").unwrap(),
    );
    let committed = at("committed");
    let rows = rows
        .iter()
        .map(|r| {
            (
                r[y].clone(),
                r[c].clone(),
                r[k].clone(),
                r[s].clone(),
                r[a].clone(),
                committed.map_or(String::new(), |i| r[i].clone()),
            )
        })
        .collect();
    (header, rows)
}

fn money(text: &str) -> f64 {
    text.parse().expect("an amount")
}

/// By commune id: (criteria after, meets the standard after).
fn communes(out: &Path) -> Vec<(String, String, String)> {
    let (header, rows) = read_output_csv(&out.join("communes.csv"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    rows.iter()
        .map(|r| {
            (
                r[at("commune_id")].clone(),
                r[at("criteria_after")].clone(),
                r[at("meets_standard_after")].clone(),
            )
        })
        .collect()
}

const COMMITMENTS: &str = "\
year,commune_id,criterion,source_id,amount
2024,C1,transport,central,200
2024,Tà Ngảo,health,district,120
2024,C4,health,land_revenue,30
2024,C3,transport,ethnic,400
2025,C2,transport,central,50
";

#[test]
fn commitments_are_kept_exactly_and_counted_against_their_lines() {
    for rule in ["carry_over", "yearly", "one_year"] {
        let fixture = Fixture::new();
        fixture.payment_rule(rule);
        fixture.write("commitments.csv", COMMITMENTS);
        let out = fixture.out();
        let output = fixture.plan();
        ok(&output, rule);
        let text = fixture::stdout(&output);
        assert!(
            text.contains("5 committed payments kept as they are, 800 million VND; 1 of them (50 million VND) pay for criteria met since"),
            "{rule}: the console says what was kept:\n{text}"
        );
        let (header, rows) = plan_rows(&out);
        assert_eq!(
            header.last().map(String::as_str),
            Some("committed"),
            "{rule}"
        );
        // Every commitment, unchanged (names resolved to ids), marked.
        for (year, commune, criterion, source, amount) in [
            ("2024", "C1", "transport", "central", "200"),
            ("2024", "C4", "health", "district", "120"),
            ("2024", "C4", "health", "land_revenue", "30"),
            ("2024", "C3", "transport", "ethnic", "400"),
            ("2025", "C2", "transport", "central", "50"),
        ] {
            let found = rows.iter().filter(|r| {
                (
                    r.0.as_str(),
                    r.1.as_str(),
                    r.2.as_str(),
                    r.3.as_str(),
                    r.4.as_str(),
                    r.5.as_str(),
                ) == (year, commune, criterion, source, amount, "1")
            });
            assert_eq!(found.count(), 1, "{rule}: commitment {commune}/{criterion}");
        }
        assert_eq!(rows.iter().filter(|r| r.5 == "1").count(), 5, "{rule}");
        // The ethnic line (400 in 2024, its only money) is all committed:
        // no new payment may draw on it.
        assert!(
            !rows.iter().any(|r| r.3 == "ethnic" && r.5 == "0"),
            "{rule}: ethnic money is spent by the commitment:\n{rows:?}"
        );
        // C4 health is paid in full by commitments: no new payment for it.
        assert!(
            !rows
                .iter()
                .any(|r| r.1 == "C4" && r.2 == "health" && r.5 == "0"),
            "{rule}: {rows:?}"
        );
        // Central money: 1,200 in all; the commitments' 250 count against it.
        let central: f64 = rows
            .iter()
            .filter(|r| r.3 == "central")
            .map(|r| money(&r.4))
            .sum();
        assert!(central <= 1200.0 + 1e-9, "{rule}: central spends {central}");
        // The rest of C1 transport (300) is paid no earlier than 2024 and
        // the plan completes C1 transport exactly.
        let c1: f64 = rows
            .iter()
            .filter(|r| r.1 == "C1" && r.2 == "transport")
            .map(|r| money(&r.4))
            .sum();
        assert!(c1 == 500.0 || c1 == 200.0, "{rule}: C1 transport paid {c1}");
        if rule == "one_year" {
            let years: std::collections::BTreeSet<&str> = rows
                .iter()
                .filter(|r| r.1 == "C1" && r.2 == "transport" && r.5 == "0")
                .map(|r| r.0.as_str())
                .collect();
            assert!(
                years.len() <= 1,
                "one_year: the rest in one year: {years:?}"
            );
        }
        // The evaluator re-checks the written plan with the commitments.
        let checked = fixture.evaluate(&out.join("plan.csv"), &fixture.root().join("ev"), &[]);
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{rule}: {}",
            fixture::stdout(&checked)
        );
        // A commitment dropped from the plan is a break.
        let mut lines: Vec<String> = std::fs::read_to_string(out.join("plan.csv"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("2024,Beta,C3,Nậm Tăm,transport,ethnic,400"))
            .expect("the ethnic commitment");
        lines.remove(at);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let broken = fixture.write_plan("broken.csv", &refs);
        let checked = fixture.evaluate(&broken, &fixture.root().join("ev2"), &[]);
        assert_eq!(checked.status.code(), Some(4), "{rule}");
        let csv = std::fs::read_to_string(fixture.root().join("ev2/evaluate.csv")).unwrap();
        assert!(csv.contains("commitment_missing"), "{rule}: {csv}");
        // `ntm compare` judges a plan file as `ntm evaluate` does: the
        // written plan keeps every rule, the one without a commitment not.
        let judged = |plan: &Path| format!("{}:{}", fixture.scenario().display(), plan.display());
        let compared = fixture::ntm(
            fixture.root(),
            &[
                "compare".as_ref(),
                out.as_os_str(),
                judged(&out.join("plan.csv")).as_ref(),
                judged(&broken).as_ref(),
                "-o".as_ref(),
                fixture.root().join("cmp").as_os_str(),
                "--lang".as_ref(),
                "en".as_ref(),
            ],
        );
        ok(&compared, rule);
        let text = fixture::stdout(&compared);
        let line = |label: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(label))
                .unwrap_or_default()
                .to_string()
        };
        assert!(line("B ").ends_with(", 0 rule breaks"), "{rule}: {text}");
        assert!(!line("C ").ends_with(", 0 rule breaks"), "{rule}: {text}");
        assert!(line("C ").contains("rule breaks"), "{rule}: {text}");
    }
}

#[test]
fn without_commitments_plan_csv_has_no_committed_column() {
    let fixture = Fixture::new();
    ok(&fixture.plan(), "plan");
    let (header, _) = plan_rows(&fixture.out());
    assert!(!header.iter().any(|h| h == "committed"));
}

#[test]
fn a_replan_of_a_plan_on_unchanged_data_keeps_its_earlier_years() {
    for rule in ["carry_over", "yearly", "one_year"] {
        let fixture = Fixture::new();
        fixture.payment_rule(rule);
        let first = fixture.root().join("first");
        ok(&fixture.plan_into(&first), rule);
        let again = fixture.root().join("again");
        let from = first.join("plan.csv");
        ok(
            &plan_with(
                &fixture,
                &again,
                &[
                    "--from-plan".as_ref(),
                    from.as_os_str(),
                    "--replan-from".as_ref(),
                    "2025".as_ref(),
                ],
            ),
            rule,
        );
        let (_, before) = plan_rows(&first);
        let (_, after) = plan_rows(&again);
        let early =
            |rows: &[Row], committed: bool| -> Vec<(String, String, String, String, String)> {
                rows.iter()
                    .filter(|r| r.0 == "2024")
                    .map(|r| {
                        if committed {
                            assert_eq!(r.5, "1", "{rule}: a 2024 row of a re-plan is committed");
                        }
                        (
                            r.0.clone(),
                            r.1.clone(),
                            r.2.clone(),
                            r.3.clone(),
                            r.4.clone(),
                        )
                    })
                    .collect()
            };
        assert_eq!(early(&before, false), early(&after, true), "{rule}");
        assert!(after.iter().filter(|r| r.0 != "2024").all(|r| r.5 == "0"));
        // The same communes and criteria, for no more money.
        assert_eq!(communes(&first), communes(&again), "{rule}");
        let total = |rows: &[Row]| rows.iter().map(|r| money(&r.4)).sum::<f64>();
        assert!(total(&after) <= total(&before) + 1e-6, "{rule}");
        // The evaluator, told the plan it started from, accepts it.
        let checked = fixture.evaluate(
            &again.join("plan.csv"),
            &fixture.root().join("ev"),
            &[
                "--from-plan",
                from.to_str().unwrap(),
                "--replan-from",
                "2025",
            ],
        );
        assert_eq!(checked.status.code(), Some(0), "{rule}");
    }
}

#[test]
fn a_replan_after_a_criterion_is_met_frees_its_money() {
    // Costs a quarter up and C1's transport cheaper: the first plan leaves
    // C1's schools unpaid, and pays C3's transport partly in 2025.
    let fixture = Fixture::new();
    fixture.replace_in_scenario("cost = 1.0", "cost = 1.25");
    fixture.replace("gaps.csv", "C1,transport,500,", "C1,transport,300,");
    let first = fixture.root().join("first");
    ok(&fixture.plan_into(&first), "first plan");
    let c1 = |out: &Path| communes(out).into_iter().find(|c| c.0 == "C1").expect("C1");
    assert_eq!(c1(&first).2, "0", "C1 is not at the standard at first");
    let (_, before) = plan_rows(&first);
    assert!(
        before
            .iter()
            .any(|r| r.0 == "2025" && r.1 == "C3" && r.2 == "transport"),
        "{before:?}"
    );
    // C3 has met its transport criterion since (other money paid for it).
    fixture.replace("gaps.csv", "C3,transport,800,\n", "");
    let again = fixture.root().join("again");
    let from = first.join("plan.csv");
    let output = plan_with(
        &fixture,
        &again,
        &[
            "--from-plan".as_ref(),
            from.as_os_str(),
            "--replan-from".as_ref(),
            "2025".as_ref(),
        ],
    );
    ok(&output, "re-plan");
    let text = fixture::stdout(&output);
    assert!(text.contains("A re-plan from 2025"), "{text}");
    assert!(text.contains("pay for criteria met since"), "{text}");
    let (_, after) = plan_rows(&again);
    // The 2024 payment to C3's transport is kept (the money is spent)...
    assert!(
        after
            .iter()
            .any(|r| r.0 == "2024" && r.1 == "C3" && r.2 == "transport" && r.5 == "1")
    );
    // ...but nothing more is paid for it, and what 2025 held for it now
    // brings C1 to the standard.
    assert!(
        !after
            .iter()
            .any(|r| r.0 == "2025" && r.1 == "C3" && r.2 == "transport")
    );
    assert_eq!(
        c1(&again).2,
        "1",
        "C1 reaches the standard with the money freed"
    );
}

// ----------------------------------------------------------------- bad input

/// The one message of a failed `ntm plan`, after checking that nothing was
/// written.
fn refused(fixture: &Fixture, output: &Output, code: i32, what: &str) -> String {
    assert_no_panic(output);
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "{what}: {err}");
    assert!(!fixture.out().exists(), "{what}: nothing written");
    err
}

fn bad_commitment(row: &str, line_col: &str, phrase: &str) {
    let fixture = Fixture::new();
    fixture.write(
        "commitments.csv",
        format!(
            "year,commune_id,criterion,source_id,amount\n2024,C1,transport,central,100\n{row}\n"
        ),
    );
    let err = refused(&fixture, &fixture.plan(), BAD_INPUT, row);
    let place = format!("{}:{line_col}: ", fixture.data("commitments.csv").display());
    assert!(
        err.contains(&place),
        "{row}: the message names {place}:\n{err}"
    );
    assert!(
        err.contains(phrase),
        "{row}: the message says `{phrase}`:\n{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // `ntm check` refuses it the same way.
    let check = fixture.check();
    assert_eq!(check.status.code(), Some(BAD_INPUT));
    assert_eq!(stderr(&check), err);
}

#[test]
fn a_commitment_to_an_unknown_commune_is_bad_input() {
    bad_commitment("2024,C9,transport,central,100", "3:2", "C9");
}

#[test]
fn a_commitment_from_an_ineligible_source_is_bad_input() {
    bad_commitment(
        "2024,C2,income,ethnic,100",
        "3:4",
        "source `ethnic` may not pay for `income`",
    );
}

#[test]
fn commitments_over_their_budget_line_are_bad_input() {
    // District Alpha holds 100 in 2024.
    bad_commitment("2024,C2,income,district,150", "3:5", "more than the");
}

#[test]
fn a_commitment_outside_the_planning_years_is_bad_input() {
    bad_commitment(
        "2023,C2,income,central,100",
        "3:1",
        "outside the planning years",
    );
}

#[test]
fn a_commitment_over_its_criterion_cost_is_bad_input() {
    bad_commitment(
        "2025,C1,transport,central,450",
        "3:5",
        "more than its cost of 500",
    );
}

#[test]
fn a_commitment_before_the_earliest_year_is_bad_input() {
    bad_commitment(
        "2024,C1,schools,central,100",
        "3:1",
        "cannot be paid before 2025",
    );
}

#[test]
fn a_commitment_out_of_its_line_scope_is_bad_input() {
    // ethnic money is only for especially difficult communes.
    bad_commitment(
        "2024,C4,health,district,100\n2024,C2,transport,ethnic,10",
        "4:4",
        "no money in 2024 usable in `C2`",
    );
}

#[test]
fn replan_flags_go_together_and_name_a_planning_year() {
    let fixture = Fixture::new();
    let plan = fixture.write_plan("approved.csv", &fixture::PLAN);
    let alone = plan_with(
        &fixture,
        &fixture.out(),
        &["--replan-from".as_ref(), "2025".as_ref()],
    );
    let err = refused(&fixture, &alone, 2, "--replan-from alone");
    assert!(err.contains("--from-plan"), "{err}");
    let alone = plan_with(
        &fixture,
        &fixture.out(),
        &["--from-plan".as_ref(), plan.as_os_str()],
    );
    let err = refused(&fixture, &alone, 2, "--from-plan alone");
    assert!(err.contains("--replan-from"), "{err}");
    let outside = plan_with(
        &fixture,
        &fixture.out(),
        &[
            "--from-plan".as_ref(),
            plan.as_os_str(),
            "--replan-from".as_ref(),
            "2030".as_ref(),
        ],
    );
    let err = refused(&fixture, &outside, BAD_INPUT, "year outside");
    assert!(
        err.contains("--replan-from 2030 is not a planning year"),
        "{err}"
    );
    // A plan row that breaks a rule on the data is bad input naming it.
    let bad = fixture.write_plan(
        "bad.csv",
        &[
            "year,commune_id,criterion,source_id,amount",
            "2024,C1,transport,central,100",
            "2024,C7,transport,central,100",
        ],
    );
    let output = plan_with(
        &fixture,
        &fixture.out(),
        &[
            "--from-plan".as_ref(),
            bad.as_os_str(),
            "--replan-from".as_ref(),
            "2025".as_ref(),
        ],
    );
    let err = refused(&fixture, &output, BAD_INPUT, "unknown commune in the plan");
    assert!(err.contains(&format!("{}:3", bad.display())), "{err}");
}

#[test]
fn commitments_read_from_a_data_workbook_and_a_plan_workbook() {
    let fixture = Fixture::new();
    fixture.write("commitments.csv", COMMITMENTS);
    let from_folder = fixture.root().join("folder");
    ok(&fixture.plan_into(&from_folder), "from the folder");
    // The same data as a workbook, its Commitments sheet included.
    let book = fixture.root().join("data.xlsx");
    let scenario = fixture.scenario();
    ok(
        &ntm(
            fixture.root(),
            &[
                "template".as_ref(),
                "--from".as_ref(),
                scenario.as_os_str(),
                "-o".as_ref(),
                book.as_os_str(),
            ],
        ),
        "template",
    );
    fixture.replace_in_scenario("data = \"data\"", "data = \"data.xlsx\"");
    let from_book = fixture.root().join("book");
    ok(&fixture.plan_into(&from_book), "from the workbook");
    assert_eq!(plan_rows(&from_folder), plan_rows(&from_book));

    // A re-plan from the plan sheet of report.xlsx, as from plan.csv.
    let fixture = Fixture::new();
    let first = fixture.root().join("first");
    ok(
        &plan_with(&fixture, &first, &["--format".as_ref(), "xlsx".as_ref()]),
        "first plan",
    );
    let mut outs = Vec::new();
    for (name, file) in [("csv", "plan.csv"), ("xlsx", "report.xlsx")] {
        let out = fixture.root().join(name);
        let from = first.join(file);
        ok(
            &plan_with(
                &fixture,
                &out,
                &[
                    "--from-plan".as_ref(),
                    from.as_os_str(),
                    "--replan-from".as_ref(),
                    "2025".as_ref(),
                ],
            ),
            name,
        );
        outs.push(plan_rows(&out));
    }
    assert_eq!(outs[0], outs[1]);
}

/// `ntm gap`, `sweep` and `curve` do not keep commitments: with some in
/// the data they stop with a message naming `commitments.csv` and write
/// nothing, unless `--ignore-commitments` asks for figures without them.
#[test]
fn gap_sweep_and_curve_refuse_to_leave_commitments_out_silently() {
    let fixture = Fixture::new();
    fixture.write("commitments.csv", COMMITMENTS);
    let scenario = fixture.scenario();
    let out = fixture.root().join("never");
    let commands: [Vec<&OsStr>; 3] = [
        vec!["gap".as_ref()],
        vec![
            "sweep".as_ref(),
            "--vary".as_ref(),
            "adjust.cost=1.0,1.1".as_ref(),
        ],
        vec![
            "curve".as_ref(),
            "--source".as_ref(),
            "central".as_ref(),
            "--from".as_ref(),
            "0.5".as_ref(),
            "--to".as_ref(),
            "1".as_ref(),
            "--steps".as_ref(),
            "2".as_ref(),
        ],
    ];
    for command in &commands {
        let mut args = command.clone();
        args.extend([
            scenario.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--lang".as_ref(),
            "en".as_ref(),
        ]);
        let output = fixture::ntm(fixture.root(), &args);
        assert_no_panic(&output);
        let what = command[0].to_string_lossy();
        assert_eq!(
            output.status.code(),
            Some(BAD_INPUT),
            "{what}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains("commitments.csv: 5 committed payments")
                && message.contains("--ignore-commitments"),
            "{what}: {message}"
        );
        assert!(!out.exists(), "{what}: nothing written");
    }
    let output = fixture::ntm(
        fixture.root(),
        &[
            "gap".as_ref(),
            scenario.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--ignore-commitments".as_ref(),
        ],
    );
    ok(&output, "gap --ignore-commitments");
    assert!(out.join("gap.csv").exists());
}

/// A plan that keeps commitments has its marginal values, each the plan
/// again with the step and the commitments: the ethnic programme's only
/// line (2024), stepped by 10%, is `--set adjust.sources.ethnic=1.1`.
#[test]
fn marginal_values_keep_the_commitments() {
    let fixture = Fixture::new();
    fixture.write("commitments.csv", COMMITMENTS);
    let base = fixture.root().join("base");
    let output = plan_with(&fixture, &base, &["--step".as_ref(), "40".as_ref()]);
    ok(&output, "plan with commitments");
    let (header, rows) = read_output_csv(&base.join("marginal.csv"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let ethnic = rows
        .iter()
        .find(|r| r[at("source_id")] == "ethnic" && r[at("year")] == "2024")
        .expect("a row for the ethnic programme in 2024");
    assert_eq!(ethnic[at("step")], "40");
    assert_eq!(ethnic[at("status")], "optimal");
    let stepped = fixture.root().join("stepped");
    let output = plan_with(
        &fixture,
        &stepped,
        &[
            "--set".as_ref(),
            "adjust.sources.ethnic=1.1".as_ref(),
            "--no-marginal".as_ref(),
        ],
    );
    ok(&output, "plan with the step in the scenario");
    let figures = |dir: &Path| -> (i64, i64, f64) {
        let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
        let s: serde_json::Value = serde_json::from_str(&text).unwrap();
        (
            s["communes_meeting_standard"].as_i64().unwrap(),
            s["criteria_met_total"].as_i64().unwrap(),
            s["total_cost"].as_f64().unwrap(),
        )
    };
    let (b, a) = (figures(&base), figures(&stepped));
    assert_eq!(ethnic[at("communes_gain")], (a.0 - b.0).to_string());
    assert_eq!(ethnic[at("criteria_gain")], (a.1 - b.1).to_string());
    assert_eq!(money(&ethnic[at("spent_gain")]), a.2 - b.2);
    // Both plans keep every commitment.
    for dir in [&base, &stepped] {
        let (_, rows) = plan_rows(dir);
        assert_eq!(
            rows.iter().filter(|r| r.5 == "1").count(),
            5,
            "{}",
            dir.display()
        );
    }
}

/// The README's re-plan on the shipped scenario, whose plan pauses
/// projects: their money is spent in 2024, so a re-plan from 2025 keeps
/// them paused (read from the `paused_projects.csv` beside the approved
/// plan, or named with --paused), reaches what the approved plan reached,
/// and `ntm evaluate` finds it keeps every rule. Without the projects the
/// approved plan's payments do not fit, and the message says how to name
/// them.
#[test]
fn a_replan_of_a_plan_that_paused_projects_keeps_them_paused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = root.join("scenarios").join("lai-chau-2025.toml");
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&OsStr]| {
        let output = fixture::ntm(dir.path(), args);
        assert_no_panic(&output);
        output
    };
    let plan = |out: &Path, extra: &[&OsStr]| {
        let mut args: Vec<&OsStr> = vec![
            "plan".as_ref(),
            scenario.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--no-marginal".as_ref(),
            "--no-gap".as_ref(),
            "--no-timings".as_ref(),
            "--lang".as_ref(),
            "en".as_ref(),
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let approved = dir.path().join("approved");
    ok(&plan(&approved, &[]), "the approved plan");
    let paused_before: Vec<String> = read_output_csv(&approved.join("paused_projects.csv"))
        .1
        .into_iter()
        .filter(|r| r[3] == "2024")
        .map(|r| r[0].clone())
        .collect();
    assert!(
        !paused_before.is_empty(),
        "the shipped plan pauses 2024 projects"
    );
    let figures = |dir: &Path| -> (i64, i64) {
        let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
        let s: serde_json::Value = serde_json::from_str(&text).unwrap();
        (
            s["communes_meeting_standard"].as_i64().unwrap(),
            s["criteria_met_total"].as_i64().unwrap(),
        )
    };

    let from = approved.join("plan.csv");
    let again = dir.path().join("again");
    let output = plan(
        &again,
        &[
            "--from-plan".as_ref(),
            from.as_os_str(),
            "--replan-from".as_ref(),
            "2025".as_ref(),
        ],
    );
    ok(&output, "re-plan from 2025");
    assert!(
        fixture::stdout(&output).contains(&format!(
            "{} projects paused before stay paused",
            paused_before.len()
        )),
        "{}",
        fixture::stdout(&output)
    );
    let paused_now: Vec<String> = read_output_csv(&again.join("paused_projects.csv"))
        .1
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    for id in &paused_before {
        assert!(paused_now.contains(id), "{id} stays paused: {paused_now:?}");
    }
    assert_eq!(
        figures(&again),
        figures(&approved),
        "the same data, the same reach"
    );
    let checked = run(&[
        "evaluate".as_ref(),
        scenario.as_os_str(),
        "--plan".as_ref(),
        again.join("plan.csv").as_os_str(),
        "--paused".as_ref(),
        again.join("paused_projects.csv").as_os_str(),
        "--from-plan".as_ref(),
        from.as_os_str(),
        "--replan-from".as_ref(),
        "2025".as_ref(),
        "-o".as_ref(),
        dir.path().join("ev").as_os_str(),
    ]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        fixture::stdout(&checked)
    );

    // The approved plan alone, without its paused projects beside it.
    let alone = dir.path().join("alone");
    std::fs::create_dir(&alone).unwrap();
    std::fs::copy(&from, alone.join("plan.csv")).unwrap();
    let never = dir.path().join("never");
    let alone_plan = alone.join("plan.csv");
    let replan_alone = |extra: &[&OsStr]| {
        let mut args: Vec<&OsStr> = vec![
            "--from-plan".as_ref(),
            alone_plan.as_os_str(),
            "--replan-from".as_ref(),
            "2025".as_ref(),
        ];
        args.extend_from_slice(extra);
        plan(&never, &args)
    };
    let output = replan_alone(&[]);
    assert_eq!(output.status.code(), Some(BAD_INPUT), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("name them with --paused FILE"),
        "{}",
        stderr(&output)
    );
    assert!(!never.exists());
    let paused_file = approved.join("paused_projects.csv");
    let output = replan_alone(&["--paused".as_ref(), paused_file.as_os_str()]);
    ok(&output, "re-plan with --paused");
    assert_eq!(figures(&never), figures(&approved));
}

/// A plan made keeping `commitments.csv` has those payments among its
/// rows; re-planning from it keeps each once, and the evaluator agrees.
#[test]
fn a_replan_of_a_plan_that_kept_commitments_keeps_each_once() {
    let fixture = Fixture::new();
    fixture.write("commitments.csv", COMMITMENTS);
    let approved = fixture.root().join("approved");
    ok(&plan_with(&fixture, &approved, &[]), "the approved plan");
    let from = approved.join("plan.csv");
    let again = fixture.root().join("again");
    let output = plan_with(
        &fixture,
        &again,
        &[
            "--from-plan".as_ref(),
            from.as_os_str(),
            "--replan-from".as_ref(),
            "2025".as_ref(),
        ],
    );
    ok(&output, "re-plan of a plan that kept commitments");
    let (_, rows) = plan_rows(&again);
    let kept = |year: &str, commune: &str, criterion: &str, source: &str, amount: &str| {
        rows.iter()
            .filter(|r| {
                (
                    r.0.as_str(),
                    r.1.as_str(),
                    r.2.as_str(),
                    r.3.as_str(),
                    r.4.as_str(),
                ) == (year, commune, criterion, source, amount)
            })
            .count()
    };
    assert_eq!(
        kept("2024", "C1", "transport", "central", "200"),
        1,
        "{rows:?}"
    );
    assert_eq!(
        kept("2024", "C3", "transport", "ethnic", "400"),
        1,
        "{rows:?}"
    );
    let checked = fixture.evaluate(
        &again.join("plan.csv"),
        &fixture.root().join("ev"),
        &[
            "--from-plan",
            from.to_str().unwrap(),
            "--replan-from",
            "2025",
        ],
    );
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        fixture::stdout(&checked)
    );
}
