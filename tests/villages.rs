//! Villages (thôn, bản) and the directive's village target on the fixture:
//! the tables read, bad rows named by file, line and column, the plan's
//! village rows written and read back by `ntm evaluate`. Optimality against
//! enumeration is in tests/optimality.rs.

mod fixture;

use fixture::{Fixture, ntm, stderr};

fn run(f: &Fixture, args: &[&str]) -> std::process::Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    ntm(f.root(), &args)
}

/// Three villages: two in Sìn Hồ (C1, especially difficult), one in Pa Tần
/// (C2, not). The ethnic programme pays village roads.
fn with_villages() -> Fixture {
    let f = Fixture::new();
    f.write(
        "villages.csv",
        "village_id,village,commune_id\nB1,Bản Mới,C1\nB2,Bản Cũ,C1\nB3,Bản Trên,Pa Tần\n",
    );
    f.write(
        "village_criteria.csv",
        "criterion,name_vi,name_en\nv_road,\"Đường thôn, bản\",Village road\nv_house,Nhà văn hóa thôn,Village hall\n",
    );
    f.write(
        "village_gaps.csv",
        "village_id,criterion,cost,earliest_year\nB1,v_road,100,\nB1,v_house,50,2025\nB2,v_road,70,\nB3,v_road,20,\n",
    );
    f.append("eligibility.csv", "ethnic,v_road\ncentral,v_house\n");
    f.replace_in_scenario(
        "enforce = false",
        "villages_share_in_especially_difficult = 0.5\nenforce = false",
    );
    f
}

fn expect_error(f: &Fixture, place: &str, phrase: &str) {
    let out = run(f, &["check", "scenario.toml", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(place) && err.contains(phrase), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn the_village_target_is_planned_and_rechecked() {
    let f = with_villages();
    let out = run(
        &f,
        &[
            "plan",
            "scenario.toml",
            "-o",
            "out",
            "--no-timings",
            "--lang",
            "en",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // Half of the two villages of Sìn Hồ: B2 (70) is the cheaper; B3 is
    // not counted (Pa Tần is not especially difficult), so it gets nothing.
    let (header, rows) = fixture::read_output_csv(&f.root().join("out/villages.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let meets: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r[col("village_id")].as_str(),
                r[col("meets_after")].as_str(),
            )
        })
        .collect();
    assert_eq!(meets, [("B1", "0"), ("B2", "1"), ("B3", "0")]);
    let (header, plan) = fixture::read_output_csv(&f.root().join("out/plan.csv"));
    let village = header
        .iter()
        .position(|h| h == "village_id")
        .expect("a village column");
    let paid: Vec<&str> = plan
        .iter()
        .map(|r| r[village].as_str())
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(paid, ["B2"], "only the village the target needs is paid");
    let report = std::fs::read_to_string(f.root().join("out/report.md")).unwrap();
    assert!(
        report.contains("## Villages of especially difficult communes"),
        "{report}"
    );
    assert!(report.contains("Villages of especially difficult communes at their standard (%) | 0.0 | 50.0 | 50.0 | yes"), "{report}");

    // The plan file read back: the same rows keep every rule.
    let ev = f.evaluate(
        &f.root().join("out/plan.csv"),
        &f.root().join("ev"),
        &["--lang", "en"],
    );
    assert!(ev.status.success(), "{}", stderr(&ev));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.root().join("ev/evaluate.json")).unwrap())
            .unwrap();
    assert_eq!(json["breaks"], 0, "{json}");

    // A village row moved to a village of another commune is a break.
    let text = std::fs::read_to_string(f.root().join("out/plan.csv")).unwrap();
    let moved = f.root().join("moved.csv");
    std::fs::write(&moved, text.replace(",B2,", ",B3,")).unwrap();
    let ev = f.evaluate(&moved, &f.root().join("ev2"), &["--lang", "en"]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.root().join("ev2/evaluate.json")).unwrap())
            .unwrap();
    assert_eq!(json["breaks"], 1, "{json} {}", stderr(&ev));
}

#[test]
fn without_the_target_villages_are_reported_but_not_paid() {
    let f = with_villages();
    f.replace_in_scenario("villages_share_in_especially_difficult = 0.5\n", "");
    let out = run(&f, &["plan", "scenario.toml", "-o", "out", "--no-timings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, rows) = fixture::read_output_csv(&f.root().join("out/villages.csv"));
    assert_eq!(rows.len(), 3);
    let (header, plan) = fixture::read_output_csv(&f.root().join("out/plan.csv"));
    let village = header.iter().position(|h| h == "village_id").unwrap();
    assert!(
        plan.iter().all(|r| r[village].is_empty()),
        "no village is paid"
    );
}

#[test]
fn the_enforced_target_that_cannot_be_met_says_what_it_reaches_alone() {
    let f = with_villages();
    f.replace_in_scenario("= 0.5\nenforce = false", "= 1.0\nenforce = true");
    f.replace_in_scenario("communes_meeting_standard = 3\n", "");
    f.replace_in_scenario("districts_meeting_standard = [\"Alpha\"]\n", "");
    // B1's hall: only central pays it, and central has the money; make it
    // too dear for every source.
    f.replace(
        "village_gaps.csv",
        "B1,v_house,50,2025",
        "B1,v_house,5000,2025",
    );
    let out = run(&f, &["plan", "scenario.toml", "-o", "out", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "villages_share_in_especially_difficult: required 1, best reachable alone 0.5"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_village_tables_are_named_by_file_line_and_column() {
    let f = with_villages();
    f.remove("village_criteria.csv");
    expect_error(&f, "village_criteria.csv", "villages need all three");

    let f = with_villages();
    f.replace("villages.csv", "B3,Bản Trên,Pa Tần", "B3,Bản Trên,Pa Tan");
    expect_error(&f, "villages.csv:4:3", "unknown commune `Pa Tan`");

    let f = with_villages();
    f.replace("villages.csv", "B2,Bản Cũ,C1", "B1,Bản Cũ,C1");
    expect_error(&f, "villages.csv:3:1", "duplicate village id `B1`");

    let f = with_villages();
    f.replace("village_gaps.csv", "B2,v_road,70,", "B9,v_road,70,");
    expect_error(&f, "village_gaps.csv:4:1", "unknown village `B9`");

    let f = with_villages();
    f.replace("village_gaps.csv", "B2,v_road,70,", "B2,transport,70,");
    expect_error(&f, "village_gaps.csv:4:2", "unknown criterion `transport`");

    let f = with_villages();
    f.replace(
        "village_criteria.csv",
        "v_house,Nhà văn hóa thôn",
        "transport,Nhà văn hóa thôn",
    );
    expect_error(
        &f,
        "village_criteria.csv:3:1",
        "`transport` already names a commune criterion",
    );

    let f = with_villages();
    f.replace_in_scenario("difficult = 0.5\n", "difficult = 25\n");
    expect_error(&f, "scenario.toml", "is a share from 0 to 1");
}

/// A re-plan keeps the village payments of the years before it, as it
/// keeps the communes'.
#[test]
fn a_replan_keeps_the_village_payments_before_its_year() {
    let f = with_villages();
    let out = run(&f, &["plan", "scenario.toml", "-o", "out", "--no-timings"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(
        &f,
        &[
            "plan",
            "scenario.toml",
            "-o",
            "again",
            "--no-timings",
            "--from-plan",
            "out/plan.csv",
            "--replan-from",
            "2025",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let village_rows = |dir: &str| -> Vec<Vec<String>> {
        let (header, rows) = fixture::read_output_csv(&f.root().join(dir).join("plan.csv"));
        let v = header.iter().position(|h| h == "village_id").unwrap();
        let year = header.iter().position(|h| h == "year").unwrap();
        rows.into_iter()
            .filter(|r| !r[v].is_empty() && r[year] == "2024")
            .map(|r| r[..7].to_vec())
            .collect()
    };
    assert!(
        !village_rows("out").is_empty(),
        "the fixture pays a village in 2024"
    );
    assert_eq!(village_rows("out"), village_rows("again"));
}

/// Two plans that pay the same criterion in different villages of one
/// commune differ, and `ntm compare` says so: a village's funding is its
/// own, not its commune's criterion.
#[test]
fn compare_tells_one_village_from_another() {
    let f = with_villages();
    let header = "year,district,commune_id,commune,criterion,source_id,amount,village_id";
    let a = f.write_plan(
        "a.csv",
        &[header, "2024,Alpha,C1,Sìn Hồ,v_road,ethnic,70,B2"],
    );
    let b = f.write_plan(
        "b.csv",
        &[header, "2024,Alpha,C1,Sìn Hồ,v_road,ethnic,100,B1"],
    );
    let judged = |p: &std::path::Path| format!("scenario.toml:{}", p.display());
    let out = run(
        &f,
        &[
            "compare",
            &judged(&a),
            &judged(&b),
            "-o",
            "cmp",
            "--lang",
            "en",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = fixture::stdout(&out);
    assert!(!text.contains("does not differ"), "{text}");
    let (header, rows) = fixture::read_output_csv(&f.root().join("cmp/compare_fundings.csv"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut seen: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[at("plan")].clone(),
                r[at("village_id")].clone(),
                r[at("difference")].clone(),
            )
        })
        .filter(|(_, _, d)| !d.is_empty())
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("B".to_string(), "B1".to_string(), "added".to_string()),
            ("B".to_string(), "B2".to_string(), "dropped".to_string()),
        ]
    );
}
