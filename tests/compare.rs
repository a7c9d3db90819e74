//! `ntm compare` end to end: a plan compared with itself shows no
//! difference; two known plans show exactly their differences.

mod fixture;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use fixture::{Fixture, PLAN, assert_no_panic, ntm, read_output_csv, stderr, stdout};

const OUTPUTS: [(&str, &str); 4] = [
    (
        "compare.csv",
        "plan,plan_name,district,commune_id,commune,criteria_before,criteria_after,meets_standard_after,cost,differs_from_first",
    ),
    (
        "compare_districts.csv",
        "plan,plan_name,district,communes,meeting_after,average_criteria_after,min_criteria_after,cost",
    ),
    ("compare_money.csv", "plan,plan_name,source_id,year,amount"),
    (
        "compare_fundings.csv",
        "plan,plan_name,district,commune_id,commune,criterion,years,amount,sources,difference,difference_name,criterion_name,village_id",
    ),
];

fn compare(f: &Fixture, plans: &[String], out: &Path) -> Output {
    let mut args: Vec<&OsStr> = vec!["compare".as_ref()];
    args.extend(plans.iter().map(OsStr::new));
    args.extend(["-o".as_ref(), out.as_os_str()]);
    let output = ntm(f.root(), &args);
    assert_no_panic(&output);
    output
}

/// `SCENARIO:PLAN.csv` for a plan written next to the fixture's scenario.
fn judged(f: &Fixture, plan: &Path) -> String {
    format!("{}:{}", f.scenario().display(), plan.display())
}

fn planned(f: &Fixture) -> PathBuf {
    let output = f.plan();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    f.out()
}

/// Every output has its header and a BOM; returns compare.csv's rows.
fn read_all(out: &Path) -> Vec<Vec<String>> {
    for (name, header) in OUTPUTS {
        let (h, _) = read_output_csv(&out.join(name));
        assert_eq!(h.join(","), header, "{name}");
    }
    read_output_csv(&out.join("compare.csv")).1
}

/// The rows of compare_fundings.csv with a difference: (plan, commune,
/// criterion, difference).
fn differing_fundings(out: &Path) -> Vec<(String, String, String, String)> {
    let (_, rows) = read_output_csv(&out.join("compare_fundings.csv"));
    rows.iter()
        .filter(|r| !r[9].is_empty())
        .map(|r| (r[0].clone(), r[3].clone(), r[5].clone(), r[9].clone()))
        .collect()
}

#[test]
fn a_plan_compared_with_itself_shows_no_difference() {
    let f = Fixture::new();
    let folder = planned(&f);
    let out = f.root().join("same");
    // The same plan as a folder, as the folder again, and judged against
    // its scenario: all three read alike.
    let plans = [
        folder.display().to_string(),
        folder.display().to_string(),
        judged(&f, &folder.join("plan.csv")),
    ];
    let output = compare(&f, &plans, &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows = read_all(&out);
    assert_eq!(rows.len(), 4 * 3, "one row per commune and plan");
    assert!(rows.iter().all(|r| r[9] == "0"), "no commune differs");
    assert!(differing_fundings(&out).is_empty());
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert_eq!(md.matches("No difference from plan A").count(), 2, "{md}");
    assert!(stdout(&output).contains("B does not differ from A"));
    assert!(stdout(&output).contains("C does not differ from A"));
}

#[test]
fn two_known_plans_show_exactly_their_differences() {
    let f = Fixture::new();
    // Beta's district budget of 2025 is overspent only when each year's
    // money stays in its year.
    f.one_year();
    // B: Pa Tần's income dropped; Sìn Hồ's schools paid from the district
    // budget and central money instead of central money alone; Tà Ngảo's
    // health moved to 2025 (Beta's 2025 district money is taken, so the
    // plan breaks a rule there, which compare reports and goes on).
    let b = [
        PLAN[0],
        PLAN[1],
        PLAN[2],
        "2025,Beta,C4,Tà Ngảo,health,district,120",
        "2025,Beta,C4,Tà Ngảo,health,land_revenue,30",
        "2025,Alpha,C1,Sìn Hồ,schools,central,200",
        "2025,Alpha,C1,Sìn Hồ,schools,district,100",
        PLAN[7],
        PLAN[8],
        PLAN[9],
    ];
    let a = f.write_plan("a.csv", &PLAN);
    let b = f.write_plan("b.csv", &b);
    let out = f.root().join("two");
    let output = compare(&f, &[judged(&f, &a), judged(&f, &b)], &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows = read_all(&out);
    // Each funding names its criterion in words after the id.
    let (_, fundings) = read_output_csv(&out.join("compare_fundings.csv"));
    for r in &fundings {
        let expected = match r[5].as_str() {
            "transport" => "Transport",
            "schools" => "Schools",
            "income" => "Income",
            "health" => "Health",
            "environment" => "Environment and food safety",
            other => panic!("unexpected criterion {other}"),
        };
        assert_eq!(r[11], expected, "{r:?}");
    }
    let differs: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r[9] == "1")
        .map(|r| (r[0].as_str(), r[3].as_str(), r[7].as_str()))
        .collect();
    // Sìn Hồ's payments differ though its standard does not; Pa Tần no
    // longer meets it; Tà Ngảo's health is in another year and Beta's
    // district budget of 2025 is overspent, so health (paid from it) still
    // counts but the plan breaks a rule.
    assert_eq!(
        differs,
        [("B", "C1", "0"), ("B", "C2", "0"), ("B", "C4", "1")]
    );
    assert_eq!(
        differing_fundings(&out),
        [
            (
                "B".into(),
                "C1".into(),
                "schools".into(),
                "paid_differently".into()
            ),
            ("B".into(), "C2".into(), "income".into(), "dropped".into()),
            ("B".into(), "C4".into(), "health".into(), "moved".into()),
        ]
    );
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(
        md.contains("- Meet the standard only in A: Pa Tần (C2, Alpha)"),
        "{md}"
    );
    assert!(md.contains("Pa Tần (C2, Alpha) 19 → 18"), "{md}");
    assert!(
        md.contains("| dropped | Pa Tần (C2, Alpha) | Income | 2025: Central NTM 200 | – |"),
        "{md}"
    );
    assert!(
        // `\_` renders as `_`: names in table cells are text, not Markdown.
        md.contains("| moved to another year | Tà Ngảo (C4, Beta) | Health | 2024: District budget 120, Land-use revenue 30 | 2025: District budget 120, Land-use revenue 30 |"),
        "{md}"
    );
    // B breaks one rule: Beta's district budget of 2025 (120) pays 240.
    assert!(md.contains("| B | b | "), "{md}");
    assert!(md.contains("| 1 |\n"), "{md}");
    // Money by source and year, in long form.
    let (_, money) = read_output_csv(&out.join("compare_money.csv"));
    let district_2025: Vec<(&str, &str)> = money
        .iter()
        .filter(|r| r[2] == "district" && r[3] == "2025")
        .map(|r| (r[0].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(district_2025, [("A", "120"), ("B", "340")]);
}

#[test]
fn a_folder_that_is_not_a_plan_is_bad_input_and_nothing_is_written() {
    let f = Fixture::new();
    let folder = planned(&f);
    let out = f.root().join("never");
    let output = compare(
        &f,
        &[folder.display().to_string(), "no-such-folder".to_string()],
        &out,
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no-such-folder"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());

    let empty = f.root().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let output = compare(
        &f,
        &[folder.display().to_string(), empty.display().to_string()],
        &out,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("communes.csv: file not found"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());

    // What `ntm plan` leaves when enforced targets are out of reach.
    let diagnosed = f.root().join("diagnosed");
    std::fs::create_dir(&diagnosed).unwrap();
    std::fs::write(diagnosed.join("diagnosis.md"), "# no plan\n").unwrap();
    let output = compare(
        &f,
        &[
            folder.display().to_string(),
            diagnosed.display().to_string(),
        ],
        &out,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("holds a diagnosis"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
}

#[test]
fn outputs_carry_a_bom_and_formula_like_names_are_inert() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C2,Pa Tần,",
        "C2,\"=HYPERLINK(\"\"x\"\")\",",
    );
    let folder = planned(&f);
    let out = f.root().join("inert");
    let output = compare(
        &f,
        &[folder.display().to_string(), folder.display().to_string()],
        &out,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows = read_all(&out);
    let names: Vec<&str> = rows
        .iter()
        .filter(|r| r[3] == "C2")
        .map(|r| r[4].as_str())
        .collect();
    assert_eq!(names, ["'=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"]);
}

#[test]
fn the_report_speaks_vietnamese_when_asked() {
    let f = Fixture::new();
    let folder = planned(&f);
    let out = f.root().join("vi");
    let mut args: Vec<&OsStr> = vec!["compare".as_ref(), folder.as_os_str(), folder.as_os_str()];
    args.extend([
        "-o".as_ref(),
        out.as_os_str(),
        "--lang".as_ref(),
        "vi".as_ref(),
    ]);
    let output = ntm(f.root(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let md = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(md.contains("So sánh các phương án kế hoạch"), "{md}");
    assert!(md.contains("Không khác phương án A"), "{md}");
}

/// The shipped scenario's folders, which have every optional column
/// (`freed_by_paused_projects`, advanced, villages), compare; a plan judged
/// against the scenario keeps its budget lines only with the projects it
/// pauses (`--paused LABEL=FILE`), and a plan that pauses none shows which
/// projects differ.
#[test]
fn plans_that_pause_projects_compare_with_their_projects() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = root.join("scenarios").join("lai-chau-2025.toml");
    let dir = tempfile::tempdir().unwrap();
    let plan = |out: &Path, extra: &[&str]| {
        let mut args: Vec<&OsStr> = vec![
            "plan".as_ref(),
            scenario.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--no-marginal".as_ref(),
            "--no-gap".as_ref(),
            "--no-timings".as_ref(),
            "-q".as_ref(),
        ];
        args.extend(extra.iter().map(OsStr::new));
        let output = ntm(dir.path(), &args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    };
    let pausing = dir.path().join("pausing");
    let keeping = dir.path().join("keeping");
    plan(&pausing, &[]);
    plan(&keeping, &["--set", "projects.allow_pause=false"]);
    let paused_file = pausing.join("paused_projects.csv");
    let (_, paused_rows) = read_output_csv(&paused_file);
    assert!(!paused_rows.is_empty(), "the shipped plan pauses projects");
    let judged = format!(
        "{}:{}",
        scenario.display(),
        pausing.join("plan.csv").display()
    );
    let run = |args: &[&OsStr]| {
        let output = ntm(dir.path(), args);
        assert_no_panic(&output);
        output
    };

    let out = dir.path().join("cmp");
    let output = run(&[
        "compare".as_ref(),
        pausing.as_os_str(),
        judged.as_ref(),
        keeping.as_os_str(),
        "--paused".as_ref(),
        format!("B={}", paused_file.display()).as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let line = |label: &str| line_of(&text, label);
    let projects = format!("{} projects paused", paused_rows.len());
    assert!(line("A ").contains(&projects), "{text}");
    assert!(line("B ").contains(&projects), "{text}");
    assert!(line("B ").contains("0 rule breaks"), "{text}");
    assert!(text.contains("B does not differ from A"), "{text}");
    assert!(!line("C ").contains("projects paused"), "{text}");
    assert!(
        text.contains(&format!("{} paused projects", paused_rows.len())),
        "C differs from A in every project A pauses:\n{text}"
    );
    // One row per plan and project, the same for A and B.
    let (header, rows) = read_output_csv(&out.join("compare_paused_projects.csv"));
    assert_eq!(
        header.join(","),
        "plan,plan_name,project_id,project,district,source_id,year,amount"
    );
    let of = |label: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r[0] == label)
            .map(|r| (r[2].clone(), r[7].clone()))
            .collect()
    };
    let listed: Vec<(String, String)> = paused_rows
        .iter()
        .map(|r| (r[0].clone(), r[4].clone()))
        .collect();
    assert_eq!(of("A"), listed);
    assert_eq!(of("B"), listed);
    assert!(of("C").is_empty());
    let report = std::fs::read_to_string(out.join("compare.md")).unwrap();
    assert!(report.contains("Projects paused only in A"), "{report}");

    // Judged without its paused projects, the same plan spends money its
    // lines do not have.
    let out = dir.path().join("cmp-unpaused");
    let output = run(&[
        "compare".as_ref(),
        pausing.as_os_str(),
        judged.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!line_of(&text, "B ").contains(" 0 rule breaks"), "{text}");
    assert!(line_of(&text, "B ").contains("rule breaks"), "{text}");

    // --paused must name a judged plan, once.
    for (arg, phrase) in [
        (
            format!("Z={}", paused_file.display()),
            "no plan is labelled Z",
        ),
        (
            format!("A={}", paused_file.display()),
            "brings its own paused_projects.csv",
        ),
        ("B".to_string(), "expected LABEL=FILE"),
    ] {
        let out = dir.path().join("never");
        let output = run(&[
            "compare".as_ref(),
            pausing.as_os_str(),
            judged.as_ref(),
            "--paused".as_ref(),
            arg.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{arg}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(phrase),
            "{arg}: {}",
            stderr(&output)
        );
        assert!(!out.exists(), "{arg}: nothing written");
    }
}

fn line_of(text: &str, label: &str) -> String {
    text.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_default()
        .to_string()
}
