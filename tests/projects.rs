//! Pausing public-investment projects (`projects.csv`, `[projects]
//! allow_pause`), through the real binary on the small fixture: bad rows
//! refused with file, line and column; outputs unchanged when pausing is
//! not allowed; the paused projects written, re-checked by `ntm evaluate
//! --paused`, read from a workbook, varied by a sweep and weighed by `ntm
//! gap`. The optimality of the paused set is tests/optimality.rs's.

mod fixture;

use std::path::Path;
use std::process::Output;

use fixture::{Fixture, assert_no_panic, ntm, snapshot, stderr};

const PROJECTS: &str = "\
project_id,project,source_id,year,amount,district,pausable,priority
P1,Đường Alpha,central,2024,300,Alpha,có,2
P2,Trụ sở Beta,district,2025,200,Beta,1,1
P3,Cầu tỉnh,central,2025,500,,0,
P4,Chợ Beta,ethnic,2025,150,Beta,true,0.5
";

/// The fixture with projects and central money cut to 30%, so that the
/// targets need more than the budget.
fn tight() -> Fixture {
    let f = Fixture::new();
    f.write("projects.csv", PROJECTS);
    f.replace_in_scenario("sources = { central = 1.0 }", "sources = { central = 0.3 }");
    f
}

fn allow(f: &Fixture) {
    let mut text = std::fs::read_to_string(f.scenario()).unwrap();
    text.push_str("\n[projects]\nallow_pause = true\n");
    f.write_scenario(text);
}

fn run(f: &Fixture, args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    let out = ntm(f.root(), &args);
    assert_no_panic(&out);
    out
}

/// `ntm check` and `ntm plan` both refuse the data with one message at
/// `projects.csv:line:column` saying `phrase`.
fn refused_at(f: &Fixture, line: usize, column: usize, phrase: &str) {
    let place = format!(
        "error: {}:{line}:{column}: ",
        f.data("projects.csv").display()
    );
    for command in ["check", "plan"] {
        let scenario = f.scenario();
        let out = run(f, &[command, scenario.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{command}: {err}");
        assert_eq!(err.lines().count(), 1, "{command}: one line:\n{err}");
        assert!(err.starts_with(&place), "{command}: at {place}:\n{err}");
        assert!(err.contains(phrase), "{command}: says `{phrase}`:\n{err}");
        assert!(!f.out().exists() && !f.root().join("out").exists());
    }
}

#[test]
fn bad_rows_of_projects_csv_name_file_line_and_column() {
    let cases: &[(&str, &str, usize, usize, &str)] = &[
        (
            "P2,Trụ sở Beta",
            "P1,Trụ sở Beta",
            3,
            1,
            "duplicate project id `P1`",
        ),
        (
            ",district,2025,200,Beta",
            ",distrct,2025,200,Beta",
            3,
            3,
            "distrct",
        ),
        ("2025,200,Beta,1", "2025,200,Gamma,1", 3, 6, "Gamma"),
        (
            "Beta,1,1",
            "Beta,maybe,1",
            3,
            7,
            "must be 1/0, true/false or yes/no",
        ),
        ("Beta,1,1", "Beta,1,0", 3, 8, "greater than 0"),
        ("Beta,1,1", "Beta,1,high", 3, 8, "high"),
        ("2025,200,Beta", "2025,0,Beta", 3, 5, "greater than 0"),
        ("2025,200,Beta", "2025,abc,Beta", 3, 5, "abc"),
        (
            "district,2025,200",
            "land_revenue,2025,200",
            3,
            3,
            "land-use revenue",
        ),
        ("district,2025,200", "district,20x5,200", 3, 4, "20x5"),
        // A pausable provincial project of a source split by district.
        (
            "district,2025,200,Beta",
            "district,2025,200,",
            3,
            6,
            "give the project's district",
        ),
    ];
    for (from, to, line, column, phrase) in cases {
        let f = Fixture::new();
        f.write("projects.csv", PROJECTS);
        f.replace("projects.csv", from, to);
        refused_at(&f, *line, *column, phrase);
    }
    // A required column missing.
    let f = Fixture::new();
    f.write(
        "projects.csv",
        "project_id,project,source_id,year\nP1,Đường,central,2024\n",
    );
    let scenario = f.scenario();
    let out = run(&f, &["check", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("projects.csv"), "{}", stderr(&out));
    assert!(stderr(&out).contains("amount"), "{}", stderr(&out));
    // A bad --set value.
    let f = Fixture::new();
    let out = run(
        &f,
        &[
            "check",
            scenario_of(&f).as_str(),
            "--set",
            "projects.allow_pause=maybe",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("true or false"), "{}", stderr(&out));
}

fn scenario_of(f: &Fixture) -> String {
    f.scenario().to_str().unwrap().to_string()
}

#[test]
fn without_pausing_every_output_is_what_it_was() {
    let plain = Fixture::new();
    plain.replace_in_scenario("sources = { central = 1.0 }", "sources = { central = 0.3 }");
    let out = plain.plan();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = snapshot(&plain.out());

    let with = tight();
    let out = with.plan();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        snapshot(&with.out()),
        before,
        "projects.csv without allow_pause"
    );

    // Allowed explicitly false, too.
    let text = std::fs::read_to_string(with.scenario()).unwrap();
    with.write_scenario(format!("{text}\n[projects]\nallow_pause = false\n"));
    let out = with.plan();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot(&with.out()), before, "allow_pause = false");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .trim_start_matches('\u{feff}')
        .replace('\r', "")
}

#[test]
fn paused_projects_are_written_and_rechecked() {
    let f = tight();
    allow(&f);
    let out = f.plan();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = f.out();
    // The budget alone reaches 74 criteria; pausing P2 pays one more.
    let paused = read(&dir.join("paused_projects.csv"));
    assert_eq!(
        paused,
        "project_id,source_id,district,year,amount,priority,project,source_name\n\
         P2,district,Beta,2025,200,1,Trụ sở Beta,District budget\n"
    );
    let summary = read(&dir.join("summary.json"));
    assert!(summary.contains("\"criteria_met_total\": 75"), "{summary}");
    assert!(
        summary.contains("\"paused_projects\": {\n    \"count\": 1,\n    \"money\": 200.0\n  }"),
        "{summary}"
    );
    let sources = read(&dir.join("sources.csv"));
    let mut lines = sources.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",source_name,freed_by_paused_projects")
    );
    assert!(
        sources.contains("district,2025,Beta,320,320,0,0,District budget,200\n"),
        "{sources}"
    );
    // A paused project's own line formed by its money (ethnic has no 2025 row).
    assert!(
        sources.contains("ethnic,2025,Beta,0,0,0,0,Ethnic 1719,0\n"),
        "{sources}"
    );
    let report = read(&dir.join("report.md"));
    assert!(report.contains("## Paused investment projects"), "{report}");
    assert!(report.contains("| Beta | 1 | 200 |"), "{report}");

    // The evaluator: with the paused set the plan keeps every rule; without
    // it, the line the paused money joined is over its budget.
    let plan = dir.join("plan.csv");
    let with = run(
        &f,
        &[
            "evaluate",
            &scenario_of(&f),
            "--plan",
            plan.to_str().unwrap(),
            "--paused",
            dir.join("paused_projects.csv").to_str().unwrap(),
            "-o",
            f.root().join("ev1").to_str().unwrap(),
        ],
    );
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    let json = read(&f.root().join("ev1").join("evaluate.json"));
    assert!(
        json.contains("\"paused_projects\": {\n    \"count\": 1,\n    \"money\": 200.0\n  }"),
        "{json}"
    );
    let report = read(&f.root().join("ev1").join("evaluate.md"));
    assert!(
        report.contains("The plan pauses these projects (million VND; their money counts in their lines): Trụ sở Beta (200)."),
        "{report}"
    );
    let without = run(
        &f,
        &[
            "evaluate",
            &scenario_of(&f),
            "--plan",
            plan.to_str().unwrap(),
            "-o",
            f.root().join("ev2").to_str().unwrap(),
        ],
    );
    assert_eq!(without.status.code(), Some(4), "{}", stderr(&without));
    let breaks = read(&f.root().join("ev2").join("evaluate.csv"));
    assert!(breaks.contains("over_budget,district,2025"), "{breaks}");
    // The closest best plan pauses what it needs, and says so.
    let ev2 = f.root().join("ev2");
    let closest = run(
        &f,
        &[
            "evaluate",
            &scenario_of(&f),
            "--plan",
            ev2.join("closest_plan.csv").to_str().unwrap(),
            "--paused",
            ev2.join("closest_paused_projects.csv").to_str().unwrap(),
            "-o",
            f.root().join("ev4").to_str().unwrap(),
        ],
    );
    assert_eq!(closest.status.code(), Some(0), "{}", stderr(&closest));
    // A project that is not pausable, or unknown, is bad input.
    for (id, phrase) in [("P3", "not pausable"), ("P9", "no project `P9`")] {
        let file = f.root().join("paused.csv");
        std::fs::write(&file, format!("project_id\n{id}\n")).unwrap();
        let out = run(
            &f,
            &[
                "evaluate",
                &scenario_of(&f),
                "--plan",
                plan.to_str().unwrap(),
                "--paused",
                file.to_str().unwrap(),
                "-o",
                f.root().join("ev3").to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("error: {}:2:1: ", file.display())),
            "{err}"
        );
        assert!(err.contains(phrase), "{err}");
        assert!(!f.root().join("ev3").exists());
    }

    // The same in Vietnamese.
    let vi = run(
        &f,
        &[
            "plan",
            &scenario_of(&f),
            "-o",
            f.root().join("vi").to_str().unwrap(),
            "--lang",
            "vi",
            "--no-marginal",
            "--format",
            "md,html,xlsx",
        ],
    );
    assert_eq!(vi.status.code(), Some(0), "{}", stderr(&vi));
    let report = read(&f.root().join("vi").join("report.md"));
    assert!(report.contains("## Dự án đầu tư công tạm dừng"), "{report}");
    let html = read(&f.root().join("vi").join("report.html"));
    assert!(html.contains("Trụ sở Beta"));
}

#[test]
fn projects_are_read_from_the_workbook_and_plan_the_same() {
    let f = tight();
    allow(&f);
    let out = f.plan();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let book = f.root().join("data.xlsx");
    let made = run(
        &f,
        &[
            "template",
            "--from",
            &scenario_of(&f),
            "-o",
            book.to_str().unwrap(),
        ],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let from_book = Fixture::new();
    std::fs::copy(&book, from_book.root().join("data.xlsx")).unwrap();
    let text = std::fs::read_to_string(f.scenario())
        .unwrap()
        .replace("data = \"data\"", "data = \"data.xlsx\"");
    from_book.write_scenario(text);
    let out = from_book.plan();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for file in [
        "plan.csv",
        "paused_projects.csv",
        "sources.csv",
        "summary.json",
    ] {
        assert_eq!(
            read(&from_book.out().join(file)),
            read(&f.out().join(file)),
            "{file}"
        );
    }
}

#[test]
fn a_sweep_varies_pausing_and_gap_weighs_it() {
    let f = tight();
    let sweep_dir = f.root().join("sweep");
    let out = run(
        &f,
        &[
            "sweep",
            &scenario_of(&f),
            "--vary",
            "projects.allow_pause=false,true",
            "-o",
            sweep_dir.to_str().unwrap(),
            "--no-timings",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = read(&sweep_dir.join("sweep.csv"));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(
        rows[1].starts_with("1,false,") && rows[2].starts_with("2,true,"),
        "{csv}"
    );
    assert_ne!(
        rows[1][8..],
        rows[2][8..],
        "pausing changes the figures:\n{csv}"
    );
    // What paused projects free is in the row: no source uses more than
    // it has and the projects free (P2 is the district budget's, 200).
    let (header, table) = fixture::read_output_csv(&sweep_dir.join("sweep.csv"));
    let cell = |row: &[String], name: &str| -> f64 {
        let at = header.iter().position(|h| h == name).expect(name);
        row[at]
            .parse()
            .unwrap_or_else(|_| panic!("{name}: {}", row[at]))
    };
    for source in ["central", "ethnic", "district", "land_revenue"] {
        for row in &table {
            let used = cell(row, &format!("used_{source}"));
            let had =
                cell(row, &format!("available_{source}")) + cell(row, &format!("freed_{source}"));
            assert!(used <= had + 1e-9, "{source}: {used} > {had}\n{csv}");
        }
    }
    assert_eq!(cell(&table[0], "freed_district"), 0.0);
    assert_eq!(cell(&table[1], "freed_district"), 200.0);

    allow(&f);
    let gap_dir = f.root().join("gap");
    let out = run(
        &f,
        &[
            "gap",
            &scenario_of(&f),
            "-o",
            gap_dir.to_str().unwrap(),
            "--no-timings",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let gap = read(&gap_dir.join("gap.md"));
    let pausing = gap
        .find("## Pausing projects before asking for new money")
        .expect(&gap);
    let table = gap.find("| Target |").expect(&gap);
    assert!(pausing < table, "pausing comes before the top-up:\n{gap}");
    assert!(
        gap.contains("| Beta | Trụ sở Beta | District budget | 2025 | 200 |"),
        "{gap}"
    );
}

/// The projects `ntm generate synthetic` writes for the directive
/// (`generate::synthetic::synthetic_with`) read and plan with pausing: the
/// plan pauses some, keeps every rule (the run re-checks it) and reaches
/// more than without pausing.
#[test]
fn the_generated_projects_plan_with_pausing() {
    let directive = ntm::generate::synthetic::synthetic_with(120, 3, true);
    let plain = ntm::generate::synthetic::synthetic_with(120, 3, false);
    let projects = directive
        .iter()
        .find(|(name, _)| name == "synthetic/projects.csv")
        .map(|(_, text)| text.clone())
        .expect("the generator writes projects.csv");
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &plain {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::write(dir.path().join("synthetic/projects.csv"), projects).unwrap();
    let path = dir.path().join("synthetic.toml");
    let figures = |allow: bool| {
        let overrides = [format!("projects.allow_pause={allow}")
            .parse::<ntm::scenario::Override>()
            .unwrap()];
        let scenario = ntm::scenario::Scenario::read_with(&path, &overrides).unwrap();
        let instance = ntm::instance::Instance::load(&scenario).unwrap();
        assert!(instance.projects.iter().any(|p| p.pausable));
        let run = ntm::run::plan(&instance, &scenario).unwrap();
        (run.outcome.criteria_met_total, run.selection.paused.len())
    };
    let (criteria_without, none) = figures(false);
    let (criteria_with, paused) = figures(true);
    assert_eq!(none, 0);
    assert!(paused > 0, "the generated data leave something to pause");
    assert!(
        criteria_with > criteria_without,
        "pausing pays more criteria: {criteria_with} vs {criteria_without}"
    );
}

/// The evaluator counts the money of a paused project only when the
/// project is pausable and the scenario allows pausing: the same plan and
/// paused set keep every rule with pausing allowed and break the budget
/// without it, or when the paused project named is not pausable.
#[test]
fn the_evaluator_counts_only_allowed_pauses() {
    let f = tight();
    allow(&f);
    let load = |allow: bool| {
        let overrides = [format!("projects.allow_pause={allow}")
            .parse::<ntm::scenario::Override>()
            .unwrap()];
        let scenario = ntm::scenario::Scenario::read_with(&f.scenario(), &overrides).unwrap();
        let instance = ntm::instance::Instance::load(&scenario).unwrap();
        (scenario, instance)
    };
    let (scenario, instance) = load(true);
    let run = ntm::run::plan(&instance, &scenario).unwrap();
    assert!(!run.selection.paused.is_empty());
    let budget = ntm::budget::Budget::new(&instance, &scenario);
    let check = |scenario: &ntm::scenario::Scenario, paused: &[usize]| {
        ntm::evaluate::evaluate_paused(&instance, scenario, &budget, &run.rows, paused)
    };
    assert!(check(&scenario, &run.selection.paused).keeps_rules());
    assert!(!check(&scenario, &[]).keeps_rules());
    // P3 (index 2) is not pausable: naming it frees nothing.
    assert!(!check(&scenario, &[2]).keeps_rules());
    let (not_allowed, _) = load(false);
    assert!(!check(&not_allowed, &run.selection.paused).keeps_rules());
}
