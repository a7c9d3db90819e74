//! `--set KEY=VALUE` on `ntm plan` and `ntm check`, end to end on the small
//! scenario of tests/fixture: bad overrides are bad input (exit code 2, one
//! message naming the `--set` argument, nothing written), overridden values
//! go through every check a file value does, and an override gives exactly
//! what the same value written in the file gives.

mod fixture;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Output;

use fixture::{Fixture, assert_no_panic, ntm, snapshot, stderr, stdout};
use ntm::scenario::{Override, Scenario};
use serde_json::Value;

const BAD_INPUT: i32 = 2;
const TARGETS_UNREACHABLE: i32 = 3;

fn with_sets(mut args: Vec<OsString>, sets: &[&str]) -> Vec<OsString> {
    for set in sets {
        args.push("--set".into());
        args.push(set.into());
    }
    args
}

fn run(f: &Fixture, args: &[OsString]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(OsString::as_os_str).collect();
    ntm(f.root(), &args)
}

/// `ntm plan scenario.toml -o OUT --no-timings --set …`.
fn plan_with(f: &Fixture, out: &Path, sets: &[&str]) -> Output {
    let args = vec![
        "plan".into(),
        f.scenario().into(),
        "-o".into(),
        out.into(),
        "--no-timings".into(),
    ];
    run(f, &with_sets(args, sets))
}

/// `ntm check scenario.toml --set …`.
fn check_with(f: &Fixture, sets: &[&str]) -> Output {
    run(
        f,
        &with_sets(vec!["check".into(), f.scenario().into()], sets),
    )
}

fn assert_ok(output: &Output, what: &str) {
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

fn communes_meeting(dir: &Path) -> u64 {
    read_summary(dir)["communes_meeting_standard"]
        .as_u64()
        .expect("a count")
}

/// Run `check` and `plan` with `sets`; both must fail as bad input with
/// nothing written, and their first stderr lines must agree. Returns it.
fn bad_input(f: &Fixture, sets: &[&str]) -> String {
    let before = snapshot(f.root());
    let check = check_with(f, sets);
    let plan = plan_with(f, &f.out(), sets);
    let mut first_lines = Vec::new();
    for (what, output) in [("ntm check", &check), ("ntm plan", &plan)] {
        assert_no_panic(output);
        let err = stderr(output);
        assert_eq!(
            output.status.code(),
            Some(BAD_INPUT),
            "{what} {sets:?}: exit code; stderr:\n{err}"
        );
        assert!(err.starts_with("error: "), "{what} {sets:?}:\n{err}");
        assert_eq!(stdout(output), "", "{what} {sets:?}: nothing on stdout");
        first_lines.push(err.lines().next().unwrap_or("").to_string());
    }
    assert_eq!(
        snapshot(f.root()),
        before,
        "{sets:?}: no file changed, added or removed"
    );
    assert!(!f.out().exists(), "{sets:?}: no output folder");
    assert_eq!(first_lines[0], first_lines[1], "check and plan agree");
    first_lines.swap_remove(0)
}

/// A bad override: one line `error: --set ARG: …` containing `phrase`.
fn expect_set_error(f: &Fixture, sets: &[&str], arg: &str, phrase: &str) {
    let line = bad_input(f, sets);
    let place = format!("error: --set {arg}: ");
    assert!(
        line.starts_with(&place),
        "{sets:?}: the message should start with `{place}`:\n{line}"
    );
    assert!(
        line.contains(phrase),
        "{sets:?}: the message should say `{phrase}`:\n{line}"
    );
}

// ------------------------------------------------------------- bad overrides

#[test]
fn unknown_keys_are_bad_input() {
    let f = Fixture::new();
    for key in [
        "adjust.cots",
        "foo",
        "targets.communes",
        "solver.time_limit",
        "land_revenue.share",
        "sources.central",
    ] {
        let arg = format!("{key}=1");
        expect_set_error(&f, &[&arg], &arg, &format!("unknown key `{key}`"));
    }
    // The message lists what --set takes.
    let line = bad_input(&f, &["adjust.cots=1"]);
    for key in ["adjust.cost", "adjust.sources.<source id>", "years"] {
        assert!(line.contains(key), "lists `{key}`:\n{line}");
    }
}

#[test]
fn tables_and_text_keys_are_refused() {
    let f = Fixture::new();
    expect_set_error(&f, &["adjust=1"], "adjust=1", "`adjust` is a table");
    expect_set_error(&f, &["solver=1"], "solver=1", "`solver` is a table");
    expect_set_error(
        &f,
        &["adjust.sources=1"],
        "adjust.sources=1",
        "adjust.sources.<source id>",
    );
    expect_set_error(&f, &["name=Other"], "name=Other", "`name` is text");
    expect_set_error(&f, &["data=elsewhere"], "data=elsewhere", "`data` is text");
}

#[test]
fn values_of_the_wrong_type_are_bad_input() {
    let f = Fixture::new();
    for (arg, phrase) in [
        (
            "targets.enforce=maybe",
            "targets.enforce takes true or false, not `maybe`",
        ),
        ("targets.enforce=1", "takes true or false"),
        ("adjust.cost=abc", "adjust.cost takes a number, not `abc`"),
        ("adjust.cost=\"1.2\"", "takes a number"),
        ("adjust.sources.central=lots", "takes a number"),
        (
            "solver.threads=1.5",
            "solver.threads takes a whole number, not `1.5`",
        ),
        (
            "targets.communes_meeting_standard=three",
            "takes a whole number",
        ),
        ("years=2024,x", "years takes a list of whole numbers"),
        ("years=[2024, \"2025\"]", "takes a list of whole numbers"),
        ("years=2024,,2025", "takes a list of whole numbers"),
        (
            "targets.districts_meeting_standard=[1, 2]",
            "takes a list of names",
        ),
        (
            "targets.districts_meeting_standard=Alpha,",
            "takes a list of names",
        ),
    ] {
        expect_set_error(&f, &[arg], arg, phrase);
    }
}

#[test]
fn malformed_arguments_are_bad_input() {
    let f = Fixture::new();
    for (arg, phrase) in [
        ("adjust.cost", "no `=`"),
        ("=1", "the key is empty"),
        ("adjust.cost=", "the value is empty"),
        ("  =  ", "the key is empty"),
    ] {
        let line = bad_input(&f, &[arg]);
        assert!(line.contains("--set"), "names the option:\n{line}");
        assert!(line.contains(&format!("'{arg}'")), "names `{arg}`:\n{line}");
        assert!(line.contains(phrase), "says `{phrase}`:\n{line}");
    }
}

/// Overridden values go through every check a file value does, and the
/// message names the `--set` argument instead of a place in the file.
#[test]
fn overridden_values_are_validated_and_located_at_the_argument() {
    let f = Fixture::new();
    let line = bad_input(&f, &["adjust.cost=-1"]);
    assert_eq!(
        line,
        "error: --set adjust.cost=-1: adjust.cost must be a finite number from 0 to 1000, not -1"
    );
    for (arg, phrase) in [
        (
            "adjust.land_revenue=2000",
            "adjust.land_revenue must be a finite number",
        ),
        (
            "adjust.sources.central=nan",
            "adjust.sources.central must be a finite number",
        ),
        (
            "adjust.sources.nowhere=1",
            "`nowhere`, which is not a source",
        ),
        (
            "adjust.sources.land_revenue=1",
            "scaled by adjust.land_revenue",
        ),
        (
            "land_revenue.min_share=0.9",
            "max_share (0.8) is below min_share (0.9)",
        ),
        (
            "land_revenue.max_share=0.4",
            "max_share (0.4) is below min_share (0.5)",
        ),
        ("land_revenue.max_share=1.5", "between 0 and 1"),
        (
            "targets.communes_meeting_standard=-1",
            "must be 0 or more, not -1",
        ),
        ("targets.average_criteria=-2", "must be 0 or more"),
        (
            "targets.districts_meeting_standard=Gamma",
            "`Gamma` is not a district",
        ),
        (
            "targets.districts_meeting_standard=Alpha,Alpha",
            "lists `Alpha` twice",
        ),
        ("years=[]", "at least one year"),
        ("years=2025,2024", "strictly ascending"),
        ("years=1800", "not a plausible year"),
        ("solver.time_limit_seconds=0", "greater than 0"),
        ("solver.relative_gap=1", "below 1"),
        ("solver.threads=0", "from 1 to 256"),
        ("adjust.cost=1e999", ""),
    ] {
        expect_set_error(&f, &[arg], arg, phrase);
    }
}

/// A file error keeps its `file:line:column` when overrides are given; an
/// override replaces a bad value of the file, so that one is never seen.
#[test]
fn file_errors_keep_their_place_and_overrides_replace_file_values() {
    let f = Fixture::new();
    f.replace_in_scenario("cost = 1.0", "cost = -1");
    let line = bad_input(&f, &["solver.threads=2"]);
    let place = format!("error: {}:15:8: ", f.scenario().display());
    assert!(line.starts_with(&place), "at the file's value:\n{line}");
    assert!(
        line.contains("adjust.cost must be a finite number"),
        "{line}"
    );

    assert_ok(
        &check_with(&f, &["adjust.cost=1"]),
        "the override replaces -1",
    );
}

/// Every `--set` must be well formed, even one a later `--set` of the same
/// key overrides.
#[test]
fn an_overridden_override_must_still_be_well_typed() {
    let f = Fixture::new();
    expect_set_error(
        &f,
        &["adjust.cost=abc", "adjust.cost=1"],
        "adjust.cost=abc",
        "takes a number",
    );
}

// ----------------------------------------------------------------- results

#[test]
fn overrides_change_the_result() {
    let f = Fixture::new();
    let base = f.root().join("base");
    let without_central = f.root().join("without-central");
    assert_ok(&plan_with(&f, &base, &[]), "no override");
    assert_ok(
        &plan_with(&f, &without_central, &["adjust.sources.central=0"]),
        "no central money",
    );
    let (before, after) = (communes_meeting(&base), communes_meeting(&without_central));
    assert!(
        after < before,
        "no central money must mean fewer communes at the standard: {after} vs {before}"
    );

    // More money from every source never means fewer.
    let richer = f.root().join("richer");
    assert_ok(
        &plan_with(
            &f,
            &richer,
            &[
                "adjust.sources.central=3",
                "adjust.sources.ethnic=3",
                "adjust.sources.district=3",
            ],
        ),
        "more money",
    );
    assert!(communes_meeting(&richer) >= before);
}

#[test]
fn an_enforced_unreachable_target_set_on_the_command_line_exits_3() {
    let f = Fixture::new();
    let out = plan_with(
        &f,
        &f.out(),
        &[
            "targets.enforce=true",
            "targets.communes_meeting_standard=99",
        ],
    );
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(TARGETS_UNREACHABLE),
        "stderr:\n{err}"
    );
    assert!(err.contains("communes_meeting_standard"), "{err}");
    assert!(
        !f.out().join("plan.csv").exists(),
        "no plan written, only the diagnosis"
    );
    assert!(f.out().join("diagnosis.md").exists());
    std::fs::remove_dir_all(f.out()).unwrap();

    // The same target, reported against only, plans and is missed.
    assert_ok(
        &plan_with(&f, &f.out(), &["targets.communes_meeting_standard=99"]),
        "not enforced",
    );
    let summary = read_summary(&f.out());
    let target = &summary["targets"][0];
    assert_eq!(target["name"], "communes_meeting_standard");
    assert_eq!(target["required"].as_f64(), Some(99.0));
    assert_eq!(target["met"], false);
}

/// `ntm plan --set K=V` writes exactly the files the same value written in
/// the scenario file gives.
fn assert_same_as_file(f: &Fixture, sets: &[&str], edits: &[(&str, &str)], name: &str) {
    let by_override = f.root().join(format!("{name}-override"));
    assert_ok(&plan_with(f, &by_override, sets), "with --set");
    let original = std::fs::read_to_string(f.scenario()).unwrap();
    for (from, to) in edits {
        f.replace_in_scenario(from, to);
    }
    let by_file = f.root().join(format!("{name}-file"));
    assert_ok(&plan_with(f, &by_file, &[]), "with the edited file");
    f.write_scenario(original);
    let a = snapshot(&by_override);
    assert_eq!(
        a.len(),
        8,
        "the plan's six files, marginal.csv and the manifest"
    );
    assert_eq!(a, snapshot(&by_file), "{name}: the same bytes");
}

#[test]
fn an_override_gives_the_same_bytes_as_the_file() {
    let f = Fixture::new();
    assert_same_as_file(
        &f,
        &["adjust.cost=1.2", "adjust.sources.central=0.5"],
        &[
            ("cost = 1.0", "cost = 1.2"),
            ("central = 1.0", "central = 0.5"),
        ],
        "adjust",
    );
    // A key the file lacks is added; an integer does for a float key.
    assert_same_as_file(
        &f,
        &["adjust.sources.ethnic=0", "adjust.land_revenue=2"],
        &[(
            "sources = { central = 1.0 }",
            "land_revenue = 2.0\nsources = { central = 1.0, ethnic = 0.0 }",
        )],
        "added-keys",
    );
    // Lists, in both spellings; booleans.
    for districts in ["Alpha,Beta", "[\"Alpha\", \"Beta\"]", " Alpha , \"Beta\" "] {
        let set = format!("targets.districts_meeting_standard={districts}");
        assert_same_as_file(
            &f,
            &[&set, "targets.communes_meeting_standard=1"],
            &[
                (
                    "districts_meeting_standard = [\"Alpha\"]",
                    "districts_meeting_standard = [\"Alpha\", \"Beta\"]",
                ),
                (
                    "communes_meeting_standard = 3",
                    "communes_meeting_standard = 1",
                ),
            ],
            "districts",
        );
    }
    assert_same_as_file(
        &f,
        &[
            "years=2024",
            "land_revenue.max_share=0.5",
            "targets.enforce=false",
        ],
        &[
            ("years = [2024, 2025]", "years = [2024]"),
            ("max_share = 0.8", "max_share = 0.5"),
        ],
        "years",
    );
}

/// Tables the file lacks (`[adjust]`, `[targets]`, …) are created.
#[test]
fn missing_tables_are_created() {
    let f = Fixture::new();
    let full = std::fs::read_to_string(f.scenario()).unwrap();
    let by_file = f.root().join("by-file");
    assert_ok(&plan_with(&f, &by_file, &[]), "the fixture");

    let bare = "name = \"Test province\"\ndata = \"data\"\nyears = [2024, 2025]\n";
    f.write_scenario(bare);
    let by_override = f.root().join("by-override");
    assert_ok(
        &plan_with(
            &f,
            &by_override,
            &[
                "land_revenue.min_share=0.5",
                "land_revenue.max_share=0.8",
                "targets.communes_meeting_standard=3",
                "targets.districts_meeting_standard=Alpha",
                "targets.enforce=false",
                "adjust.cost=1",
                "adjust.sources.central=1",
                "solver.time_limit_seconds=30",
                "solver.threads=1",
            ],
        ),
        "the bare scenario with overrides",
    );
    assert_eq!(snapshot(&by_override), snapshot(&by_file));
    f.write_scenario(full);
}

#[test]
fn the_last_override_of_a_key_wins() {
    let f = Fixture::new();
    let none = f.root().join("none");
    let zero = f.root().join("zero");
    let zero_then_one = f.root().join("zero-then-one");
    let one_then_zero = f.root().join("one-then-zero");
    assert_ok(&plan_with(&f, &none, &[]), "no override");
    assert_ok(&plan_with(&f, &zero, &["adjust.sources.central=0"]), "zero");
    let out = plan_with(
        &f,
        &zero_then_one,
        &["adjust.sources.central=0", "adjust.sources.central=1"],
    );
    assert_ok(&out, "zero then one");
    assert!(
        stdout(&out).contains("overrides: adjust.sources.central=1\n"),
        "only the one in effect is listed:\n{}",
        stdout(&out)
    );
    assert_ok(
        &plan_with(
            &f,
            &one_then_zero,
            &["adjust.sources.central=1", "adjust.sources.central=0"],
        ),
        "one then zero",
    );
    assert_eq!(snapshot(&zero_then_one), snapshot(&none));
    assert_eq!(snapshot(&one_then_zero), snapshot(&zero));
    assert_ne!(snapshot(&none), snapshot(&zero));
}

// ----------------------------------------------------------------- console

#[test]
fn plan_and_check_list_the_overrides() {
    let f = Fixture::new();
    let out = plan_with(
        &f,
        &f.out(),
        &[
            "adjust.cost=1.15",
            "targets.districts_meeting_standard=Alpha,Beta",
        ],
    );
    assert_ok(&out, "ntm plan");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("plan: "), "{text}");
    assert_eq!(
        lines[1],
        "  overrides: adjust.cost=1.15, targets.districts_meeting_standard=Alpha,Beta"
    );

    let out = check_with(&f, &["adjust.cost=1.15", "solver.threads=2"]);
    assert_ok(&out, "ntm check");
    let text = stdout(&out);
    assert!(
        text.contains("  overrides       adjust.cost=1.15, solver.threads=2\n"),
        "{text}"
    );

    // Without overrides, no such line.
    let out = plan_with(&f, &f.root().join("plain"), &[]);
    assert_ok(&out, "ntm plan");
    assert!(!stdout(&out).contains("overrides"), "{}", stdout(&out));
    assert!(!stdout(&check_with(&f, &[])).contains("overrides"));
}

// ----------------------------------------------------------------- library

#[test]
fn override_parses_key_equals_value() {
    let o: Override = " adjust.cost = 1.15 ".parse().unwrap();
    assert_eq!(o.key, "adjust.cost");
    assert_eq!(o.value, "1.15");
    assert_eq!(o.to_string(), "adjust.cost=1.15");
    // Only the first `=` splits.
    let o: Override = "targets.districts_meeting_standard=a=b".parse().unwrap();
    assert_eq!(o.value, "a=b");
    for bad in ["", "adjust.cost", "=1", "adjust.cost=", " = "] {
        assert!(bad.parse::<Override>().is_err(), "`{bad}` is refused");
    }
}

#[test]
fn parse_with_applies_overrides_to_the_scenario() {
    let path = PathBuf::from("/nowhere/scenario.toml");
    let overrides: Vec<Override> = [
        "adjust.cost=1.5",
        "adjust.sources.ethnic=0.25",
        "years=[2024, 2025, 2026]",
        "targets.enforce=true",
        "targets.average_criteria=18",
        "solver.relative_gap=0.01",
    ]
    .iter()
    .map(|s| s.parse().unwrap())
    .collect();
    let s = Scenario::parse_with(&path, fixture::SCENARIO, &overrides).expect("valid");
    assert_eq!(s.adjust.cost, 1.5);
    assert_eq!(s.adjust.source_factor("central"), 1.0);
    assert_eq!(s.adjust.source_factor("ethnic"), 0.25);
    assert_eq!(s.years, [2024, 2025, 2026]);
    assert!(s.targets.enforce);
    assert_eq!(s.targets.average_criteria, Some(18.0));
    assert_eq!(s.targets.communes_meeting_standard, Some(3));
    assert_eq!(s.solver.relative_gap, 0.01);
    assert_eq!(s.overrides, overrides);

    let plain = Scenario::parse(&path, fixture::SCENARIO).expect("valid");
    assert!(plain.overrides.is_empty());
    assert_eq!(plain.adjust.cost, 1.0);

    let bad: Override = "adjust.cost=-1".parse().unwrap();
    let e = Scenario::parse_with(&path, fixture::SCENARIO, &[bad]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "--set adjust.cost=-1: adjust.cost must be a finite number from 0 to 1000, not -1"
    );
}
