//! Every bad-input case of issue 2 §5, run through the real binary: one clear
//! message `error: FILE:LINE:COLUMN: ...` on stderr, exit code 2, no panic,
//! and nothing written. Each test breaks one thing in an otherwise valid
//! scenario (tests/fixture), and each is run through both `ntm check` and
//! `ntm plan -o out`.

mod fixture;

use std::path::Path;
use std::process::Output;

use fixture::{Fixture, assert_no_panic, stderr, stdout};

const BAD_INPUT: i32 = 2;

/// The one message of a failed run, after checking that it is the only
/// output and that nothing was written.
fn one_error(fixture: &Fixture, output: &Output, what: &str) -> String {
    assert_no_panic(output);
    let err = stderr(output);
    assert_eq!(
        output.status.code(),
        Some(BAD_INPUT),
        "{what}: exit code; stderr:\n{err}"
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: exactly one line on stderr:\n{err}");
    assert!(
        lines[0].starts_with("error: "),
        "{what}: the message starts with `error: `:\n{err}"
    );
    assert_eq!(stdout(output), "", "{what}: nothing on stdout");
    assert!(
        !fixture.out().exists(),
        "{what}: the output folder must not be created"
    );
    lines[0].to_string()
}

/// Run `check` and `plan`, and require the same one message from both,
/// placed at `file:line:column` and containing `phrase`.
fn expect_error_at(fixture: &Fixture, file: &Path, line: usize, column: usize, phrase: &str) {
    let place = format!("error: {}:{line}:{column}: ", file.display());
    expect_error(fixture, &place, phrase);
}

/// As `expect_error_at`, for a message about a whole file (one that is not
/// there).
fn expect_file_error(fixture: &Fixture, file: &Path, phrase: &str) {
    let place = format!("error: {}: ", file.display());
    expect_error(fixture, &place, phrase);
}

fn expect_error(fixture: &Fixture, place: &str, phrase: &str) {
    let check = one_error(fixture, &fixture.check(), "ntm check");
    let plan = one_error(fixture, &fixture.plan(), "ntm plan");
    assert_eq!(check, plan, "check and plan give the same message");
    assert!(
        check.starts_with(place),
        "the message should start with `{place}`:\n{check}"
    );
    assert!(
        check.contains(phrase),
        "the message should say `{phrase}`:\n{check}"
    );
}

// ---------------------------------------------------------------- the fixture

#[test]
fn the_fixture_is_valid() {
    let f = Fixture::new();
    let out = f.check();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{}", stderr(&out));
    assert_eq!(stderr(&out), "", "a clean scenario gives no warnings");
}

// -------------------------------------------------------------- missing files

#[test]
fn missing_communes_csv() {
    let f = Fixture::new();
    f.remove("communes.csv");
    expect_file_error(&f, &f.data("communes.csv"), "file not found");
}

#[test]
fn missing_gaps_csv() {
    let f = Fixture::new();
    f.remove("gaps.csv");
    expect_file_error(&f, &f.data("gaps.csv"), "file not found");
}

#[test]
fn missing_sources_csv() {
    let f = Fixture::new();
    f.remove("sources.csv");
    expect_file_error(&f, &f.data("sources.csv"), "file not found");
}

#[test]
fn missing_eligibility_csv() {
    let f = Fixture::new();
    f.remove("eligibility.csv");
    expect_file_error(&f, &f.data("eligibility.csv"), "file not found");
}

#[test]
fn missing_scenario_file() {
    let f = Fixture::new();
    std::fs::remove_file(f.scenario()).unwrap();
    expect_file_error(&f, &f.scenario(), "not found");
}

#[test]
fn missing_data_folder() {
    let f = Fixture::new();
    f.replace_in_scenario("data = \"data\"", "data = \"nowhere\"");
    let communes = f.root().join("nowhere").join("communes.csv");
    expect_file_error(&f, &communes, "file not found");
}

/// land_revenue.csv is optional, but then `land_revenue` in
/// eligibility.csv names nothing.
#[test]
fn missing_land_revenue_csv_while_eligibility_names_it() {
    let f = Fixture::new();
    f.remove("land_revenue.csv");
    expect_error_at(
        &f,
        &f.data("eligibility.csv"),
        6,
        1,
        "unknown source `land_revenue` (there is no land_revenue.csv)",
    );
}

// ------------------------------------------------------------ header problems

#[test]
fn missing_column() {
    let f = Fixture::new();
    f.write(
        "gaps.csv",
        "commune_id,criterion,earliest_year\nC1,transport,\n",
    );
    expect_error_at(&f, &f.data("gaps.csv"), 1, 4, "missing column `cost`");
}

#[test]
fn missing_column_in_communes() {
    let f = Fixture::new();
    f.write("communes.csv", "commune_id,commune\nC1,Sìn Hồ\n");
    expect_error_at(
        &f,
        &f.data("communes.csv"),
        1,
        3,
        "missing column `district`",
    );
}

#[test]
fn unknown_column_misspelt() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "commune_id,commune,district,",
        "commune_id,commune,distrct,",
    );
    expect_error_at(
        &f,
        &f.data("communes.csv"),
        1,
        3,
        "unknown column `distrct`",
    );
}

#[test]
fn unknown_column_extra() {
    let f = Fixture::new();
    f.write(
        "land_revenue.csv",
        "district,year,revenue,note\nAlpha,2024,100,forecast\n",
    );
    expect_error_at(
        &f,
        &f.data("land_revenue.csv"),
        1,
        4,
        "unknown column `note`",
    );
}

#[test]
fn column_given_twice() {
    let f = Fixture::new();
    f.write(
        "eligibility.csv",
        "source_id,criterion,criterion\ncentral,*,*\n",
    );
    expect_error_at(
        &f,
        &f.data("eligibility.csv"),
        1,
        3,
        "column `criterion` appears twice",
    );
}

#[test]
fn ragged_row() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C2,income,200,\n", "C2,income\n");
    expect_error_at(
        &f,
        &f.data("gaps.csv"),
        4,
        3,
        "this row has 2 fields but the header has 4",
    );
}

// -------------------------------------------------------------------- numbers

#[test]
fn unparsable_cost() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C2,income,200,", "C2,income,2O0,");
    expect_error_at(&f, &f.data("gaps.csv"), 4, 3, "`2O0` is not a number");
}

#[test]
fn unparsable_amount_with_decimal_comma_in_quotes() {
    let f = Fixture::new();
    f.replace(
        "sources.csv",
        "ethnic,Ethnic 1719,2024,400,,1",
        "ethnic,Ethnic 1719,2024,\"400,5\",,1",
    );
    expect_error_at(&f, &f.data("sources.csv"), 4, 4, "is not a number");
}

#[test]
fn unparsable_year() {
    let f = Fixture::new();
    f.replace(
        "sources.csv",
        "central,Central NTM,2025,600",
        "central,Central NTM,2025a,600",
    );
    expect_error_at(
        &f,
        &f.data("sources.csv"),
        3,
        3,
        "`2025a` is not a whole number",
    );
}

#[test]
fn unparsable_weight() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C3,Nậm Tăm,Beta,1,2",
        "C3,Nậm Tăm,Beta,1,two",
    );
    expect_error_at(&f, &f.data("communes.csv"), 4, 5, "`two` is not a number");
}

#[test]
fn unparsable_flag() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C3,Nậm Tăm,Beta,1,2",
        "C3,Nậm Tăm,Beta,yes,2",
    );
    expect_error_at(&f, &f.data("communes.csv"), 4, 4, "`yes` must be 0 or 1");
}

#[test]
fn negative_cost() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C3,transport,800,", "C3,transport,-800,");
    expect_error_at(
        &f,
        &f.data("gaps.csv"),
        5,
        3,
        "`-800` must be greater than 0",
    );
}

#[test]
fn zero_cost() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C3,transport,800,", "C3,transport,0,");
    expect_error_at(&f, &f.data("gaps.csv"), 5, 3, "must be greater than 0");
}

#[test]
fn negative_amount() {
    let f = Fixture::new();
    f.replace(
        "sources.csv",
        "district,District budget,2025,120,Beta,",
        "district,District budget,2025,-120,Beta,",
    );
    expect_error_at(&f, &f.data("sources.csv"), 8, 4, "`-120` must be 0 or more");
}

#[test]
fn negative_land_revenue() {
    let f = Fixture::new();
    f.replace("land_revenue.csv", "Beta,2024,200", "Beta,2024,-200");
    expect_error_at(
        &f,
        &f.data("land_revenue.csv"),
        4,
        3,
        "`-200` must be 0 or more",
    );
}

#[test]
fn negative_weight() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C4,Tà Ngảo,Beta,0,1",
        "C4,Tà Ngảo,Beta,0,-1",
    );
    expect_error_at(
        &f,
        &f.data("communes.csv"),
        5,
        5,
        "`-1` must be a number from 0.001 to 1000",
    );
}

#[test]
fn infinite_cost() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C4,health,150,", "C4,health,inf,");
    expect_error_at(&f, &f.data("gaps.csv"), 6, 3, "`inf` is not a number");
}

#[test]
fn nan_amount() {
    let f = Fixture::new();
    f.replace(
        "sources.csv",
        "central,Central NTM,2024,600,,",
        "central,Central NTM,2024,NaN,,",
    );
    expect_error_at(&f, &f.data("sources.csv"), 2, 4, "`NaN` is not a number");
}

#[test]
fn infinite_weight() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C2,Pa Tần,Alpha,0,1",
        "C2,Pa Tần,Alpha,0,inf",
    );
    expect_error_at(
        &f,
        &f.data("communes.csv"),
        3,
        5,
        "`inf` must be a number from 0.001 to 1000",
    );
}

#[test]
fn nan_weight() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C2,Pa Tần,Alpha,0,1",
        "C2,Pa Tần,Alpha,0,NaN",
    );
    expect_error_at(
        &f,
        &f.data("communes.csv"),
        3,
        5,
        "`NaN` must be a number from 0.001 to 1000",
    );
}

#[test]
fn nan_land_revenue() {
    let f = Fixture::new();
    f.replace("land_revenue.csv", "Alpha,2025,100", "Alpha,2025,nan");
    expect_error_at(
        &f,
        &f.data("land_revenue.csv"),
        3,
        3,
        "`nan` is not a number",
    );
}

#[test]
fn nan_share_in_scenario() {
    let f = Fixture::new();
    f.replace_in_scenario("min_share = 0.5", "min_share = nan");
    expect_error_at(
        &f,
        &f.scenario(),
        6,
        13,
        "land_revenue.min_share must be between 0 and 1",
    );
}

#[test]
fn infinite_factor_in_scenario() {
    let f = Fixture::new();
    f.replace_in_scenario("cost = 1.0", "cost = inf");
    expect_error_at(
        &f,
        &f.scenario(),
        15,
        8,
        "adjust.cost must be a finite number from 0 to 1000, not inf",
    );
}

#[test]
fn negative_source_factor_in_scenario() {
    let f = Fixture::new();
    f.replace_in_scenario("central = 1.0", "central = -1.0");
    expect_error_at(
        &f,
        &f.scenario(),
        16,
        23,
        "adjust.sources.central must be a finite number from 0 to 1000, not -1",
    );
}

/// An amount in đồng where million VND is meant, or a slip of the finger.
#[test]
fn amount_too_large_for_million_vnd() {
    let f = Fixture::new();
    f.replace(
        "sources.csv",
        "central,Central NTM,2025,600,,",
        "central,Central NTM,2025,600000000000,,",
    );
    expect_error_at(
        &f,
        &f.data("sources.csv"),
        3,
        4,
        "`600000000000` is more than 1,000,000,000 million VND",
    );
}

/// Cells under the cap that add up, after the what-if factor, to more than
/// money can be summed exactly: refused at the row that crosses the line,
/// not printed as a negative total.
#[test]
fn table_total_too_large() {
    let f = Fixture::new();
    f.replace_in_scenario("cost = 1.0", "cost = 1000.0");
    f.replace("gaps.csv", "C1,transport,500,", "C1,transport,900000000,");
    f.replace("gaps.csv", "C1,schools,300,", "C1,schools,900000000,");
    expect_error_at(
        &f,
        &f.data("gaps.csv"),
        3,
        3,
        "adds up to more than 1,000,000,000,000 million VND",
    );
}

#[test]
fn factor_above_the_cap() {
    let f = Fixture::new();
    f.replace_in_scenario("central = 1.0", "central = 1e6");
    expect_error_at(
        &f,
        &f.scenario(),
        16,
        23,
        "adjust.sources.central must be a finite number from 0 to 1000, not 1000000",
    );
}

// ---------------------------------------------------------- unknown references

#[test]
fn unknown_commune_in_gaps() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C2,income,200,", "C9,income,200,");
    expect_error_at(&f, &f.data("gaps.csv"), 4, 1, "unknown commune `C9`");
}

#[test]
fn unknown_criterion_in_gaps() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C1,transport,500,", "C1,transprt,500,");
    expect_error_at(
        &f,
        &f.data("gaps.csv"),
        2,
        2,
        "unknown criterion `transprt`",
    );
}

#[test]
fn unknown_criterion_in_eligibility() {
    let f = Fixture::new();
    f.replace("eligibility.csv", "ethnic,schools", "ethnic,scools");
    expect_error_at(
        &f,
        &f.data("eligibility.csv"),
        4,
        2,
        "unknown criterion `scools`",
    );
}

#[test]
fn unknown_source_in_eligibility() {
    let f = Fixture::new();
    f.replace("eligibility.csv", "district,*", "districts,*");
    expect_error_at(
        &f,
        &f.data("eligibility.csv"),
        5,
        1,
        "unknown source `districts`",
    );
}

#[test]
fn unknown_district_in_sources() {
    let f = Fixture::new();
    f.replace(
        "sources.csv",
        "district,District budget,2025,100,Alpha,",
        "district,District budget,2025,100,Alfa,",
    );
    expect_error_at(&f, &f.data("sources.csv"), 7, 5, "unknown district `Alfa`");
}

#[test]
fn unknown_district_in_land_revenue() {
    let f = Fixture::new();
    f.replace("land_revenue.csv", "Beta,2025,200", "Bêta,2025,200");
    expect_error_at(
        &f,
        &f.data("land_revenue.csv"),
        5,
        1,
        "unknown district `Bêta`",
    );
}

#[test]
fn unknown_criterion_in_a_custom_catalogue() {
    let f = Fixture::new();
    // A catalogue of four criteria that lacks `income`, used on line 4 of gaps.csv.
    f.write(
        "criteria.csv",
        "criterion,name_vi,name_en\n\
         transport,Giao thông,Transport\n\
         schools,Trường học,Schools\n\
         health,Y tế,Health\n\
         environment,Môi trường,Environment\n",
    );
    expect_error_at(&f, &f.data("gaps.csv"), 4, 2, "unknown criterion `income`");
}

#[test]
fn land_revenue_given_as_a_source() {
    let f = Fixture::new();
    f.append("sources.csv", "land_revenue,Land,2024,100,Alpha,\n");
    expect_error_at(
        &f,
        &f.data("sources.csv"),
        9,
        1,
        "give it in land_revenue.csv",
    );
}

// ------------------------------------------------------------------ duplicates

#[test]
fn duplicate_commune_id() {
    let f = Fixture::new();
    f.replace("communes.csv", "C3,Nậm Tăm", "C2,Nậm Tăm");
    expect_error_at(
        &f,
        &f.data("communes.csv"),
        4,
        1,
        "duplicate commune id `C2`",
    );
}

#[test]
fn duplicate_gap_row() {
    let f = Fixture::new();
    f.append("gaps.csv", "C1,transport,700,\n");
    expect_error_at(
        &f,
        &f.data("gaps.csv"),
        8,
        2,
        "duplicate gap: `C1` / `transport` is already on line 2",
    );
}

#[test]
fn duplicate_eligibility_row() {
    let f = Fixture::new();
    f.append("eligibility.csv", "ethnic,transport\n");
    expect_error_at(&f, &f.data("eligibility.csv"), 8, 2, "is already on line 3");
}

#[test]
fn duplicate_land_revenue_row() {
    let f = Fixture::new();
    f.append("land_revenue.csv", "Alpha,2024,50\n");
    expect_error_at(
        &f,
        &f.data("land_revenue.csv"),
        6,
        2,
        "`Alpha` 2024 is already on line 2",
    );
}

#[test]
fn duplicate_criterion_in_catalogue() {
    let f = Fixture::new();
    f.write(
        "criteria.csv",
        "criterion,name_vi,name_en\n\
         transport,Giao thông,Transport\n\
         transport,Giao thông,Transport\n",
    );
    expect_error_at(
        &f,
        &f.data("criteria.csv"),
        3,
        1,
        "duplicate criterion `transport`",
    );
}

#[test]
fn overlapping_province_wide_rows() {
    let f = Fixture::new();
    f.append("sources.csv", "central,Central NTM,2024,50,,\n");
    expect_error_at(
        &f,
        &f.data("sources.csv"),
        9,
        1,
        "source `central` already has a row for 2024 that covers these communes (line 2)",
    );
}

#[test]
fn overlapping_district_row_under_a_province_wide_one() {
    let f = Fixture::new();
    f.append("sources.csv", "central,Central NTM,2025,50,Beta,\n");
    expect_error_at(
        &f,
        &f.data("sources.csv"),
        9,
        5,
        "already has a row for 2025 that covers these communes (line 3)",
    );
}

#[test]
fn overlapping_rows_for_one_district() {
    let f = Fixture::new();
    f.append("sources.csv", "district,District budget,2024,10,Alpha,\n");
    expect_error_at(
        &f,
        &f.data("sources.csv"),
        9,
        5,
        "already has a row for 2024 that covers these communes (line 5)",
    );
}

// ------------------------------------------------------------------- the years

#[test]
fn years_not_ascending() {
    let f = Fixture::new();
    f.replace_in_scenario("years = [2024, 2025]", "years = [2025, 2024]");
    expect_error_at(&f, &f.scenario(), 3, 16, "must be strictly ascending");
}

#[test]
fn years_repeated() {
    let f = Fixture::new();
    f.replace_in_scenario("years = [2024, 2025]", "years = [2024, 2024]");
    expect_error_at(&f, &f.scenario(), 3, 16, "must be strictly ascending");
}

#[test]
fn years_empty() {
    let f = Fixture::new();
    f.replace_in_scenario("years = [2024, 2025]", "years = []");
    expect_error_at(&f, &f.scenario(), 3, 9, "at least one year");
}

#[test]
fn source_year_outside_the_planning_years_is_a_warning() {
    let f = Fixture::new();
    f.append("sources.csv", "central,Central NTM,2023,900,,\n");
    let out = f.check();
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{err}");
    let expected = format!(
        "warning: {}:9:3: year 2023 is not a planning year",
        f.data("sources.csv").display()
    );
    assert!(err.contains(&expected), "expected `{expected}` in:\n{err}");
    assert!(!err.contains("error:"), "only a warning:\n{err}");
    // The ignored row adds no money.
    assert!(
        !stdout(&out).contains("2023"),
        "the 2023 row is ignored:\n{}",
        stdout(&out)
    );
}

#[test]
fn land_revenue_year_outside_the_planning_years_is_a_warning() {
    let f = Fixture::new();
    f.append("land_revenue.csv", "Beta,2026,300\n");
    let out = f.check();
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{err}");
    let expected = format!(
        "warning: {}:6:2: year 2026 is not a planning year",
        f.data("land_revenue.csv").display()
    );
    assert!(err.contains(&expected), "expected `{expected}` in:\n{err}");
}

#[test]
fn implausible_year() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C1,schools,300,2025", "C1,schools,300,25");
    expect_error_at(&f, &f.data("gaps.csv"), 3, 4, "25 is not a plausible year");
}

// ------------------------------------------------------- land revenue shares

#[test]
fn min_share_above_one() {
    let f = Fixture::new();
    f.replace_in_scenario("min_share = 0.5", "min_share = 1.5");
    expect_error_at(
        &f,
        &f.scenario(),
        6,
        13,
        "land_revenue.min_share must be between 0 and 1, not 1.5",
    );
}

#[test]
fn max_share_below_zero() {
    let f = Fixture::new();
    f.replace_in_scenario("max_share = 0.8", "max_share = -0.1");
    expect_error_at(
        &f,
        &f.scenario(),
        7,
        13,
        "land_revenue.max_share must be between 0 and 1, not -0.1",
    );
}

#[test]
fn max_share_below_min_share() {
    let f = Fixture::new();
    f.replace_in_scenario("max_share = 0.8", "max_share = 0.4");
    expect_error_at(
        &f,
        &f.scenario(),
        7,
        13,
        "land_revenue.max_share (0.4) is below min_share (0.5)",
    );
}

/// Without a max_share the default (0.5) applies, and a higher min_share is
/// still refused, at the min_share that breaks the rule.
#[test]
fn min_share_above_the_default_max_share() {
    let f = Fixture::new();
    f.replace_in_scenario("max_share = 0.8\n", "");
    f.replace_in_scenario("min_share = 0.5", "min_share = 0.7");
    expect_error_at(&f, &f.scenario(), 6, 13, "is below min_share (0.7)");
}

// -------------------------------------------------------------------- targets

#[test]
fn target_district_that_does_not_exist() {
    let f = Fixture::new();
    f.replace_in_scenario("[\"Alpha\"]", "[\"Alpha\", \"Gamma\"]");
    expect_error_at(
        &f,
        &f.scenario(),
        11,
        40,
        "target district `Gamma` is not a district in communes.csv",
    );
}

/// Listed twice, the district would be required twice and the target could
/// never be met.
#[test]
fn target_district_listed_twice() {
    let f = Fixture::new();
    f.replace_in_scenario("[\"Alpha\"]", "[\"Alpha\", \"Alpha\"]");
    expect_error_at(
        &f,
        &f.scenario(),
        11,
        40,
        "targets.districts_meeting_standard lists `Alpha` twice",
    );
}

#[test]
fn place_to_keep_that_does_not_exist() {
    let f = Fixture::new();
    f.replace_in_scenario(
        "enforce = false",
        "keep_standard = [\"Beta\", \"Pa Tn\"]\nenforce = false",
    );
    expect_error_at(
        &f,
        &f.scenario(),
        12,
        26,
        "targets.keep_standard names `Pa Tn`, which is neither a district nor a commune in communes.csv",
    );
}

/// A district and one of its communes may both be named; the same commune
/// by its name and by its id may not.
#[test]
fn place_to_keep_named_twice() {
    let f = Fixture::new();
    f.replace_in_scenario(
        "enforce = false",
        "keep_standard = [\"Pa Tần\", \"C2\"]\nenforce = false",
    );
    expect_error_at(
        &f,
        &f.scenario(),
        12,
        28,
        "targets.keep_standard lists `Pa Tần` twice (as `Pa Tần` and `C2`)",
    );
    f.replace_in_scenario("[\"Pa Tần\", \"C2\"]", "[\"Alpha\", \"C2\"]");
    let out = f.check();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn negative_target() {
    let f = Fixture::new();
    f.replace_in_scenario(
        "communes_meeting_standard = 3",
        "communes_meeting_standard = -3",
    );
    expect_error_at(&f, &f.scenario(), 10, 29, "must be 0 or more");
}

// --------------------------------------------------------------- empty tables

#[test]
fn table_with_only_a_header() {
    // No communes is a mistake in the export; no gaps would mean nothing
    // to fund (tests/reading.rs).
    let f = Fixture::new();
    f.write("communes.csv", "commune_id,commune,district\n");
    expect_error_at(
        &f,
        &f.data("communes.csv"),
        1,
        1,
        "the table has a header but no rows",
    );
}

#[test]
fn table_with_only_a_header_and_blank_lines() {
    let f = Fixture::new();
    f.write(
        "sources.csv",
        "\u{feff}source_id,name,year,amount\r\n,,,\r\n\r\n",
    );
    expect_error_at(
        &f,
        &f.data("sources.csv"),
        1,
        1,
        "the table has a header but no rows",
    );
}

#[test]
fn zero_byte_table() {
    let f = Fixture::new();
    f.write("communes.csv", "");
    expect_error_at(&f, &f.data("communes.csv"), 1, 1, "the table is empty");
}

#[test]
fn table_of_blank_lines() {
    let f = Fixture::new();
    f.write("eligibility.csv", "\u{feff}\r\n\r\n");
    expect_error_at(&f, &f.data("eligibility.csv"), 1, 1, "the table is empty");
}

#[test]
fn empty_cell_in_a_required_column() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C4,health,150,", "C4,,150,");
    expect_error_at(&f, &f.data("gaps.csv"), 6, 2, "criterion: empty cell");
}

// -------------------------------------------------------------------- encoding

/// "Sìn Hồ" saved as Latin-1 (ồ is not in Latin-1, so Excel writes `?`):
/// the first bad byte is the ì (0xEC) in the commune column of line 2.
#[test]
fn latin1_table() {
    let f = Fixture::new();
    f.write("communes.csv", COMMUNES_LATIN1);
    expect_error_at(&f, &f.data("communes.csv"), 2, 2, "is not UTF-8 text");
}

const COMMUNES_LATIN1: &[u8] = b"commune_id,commune,district,especially_difficult,weight\r\n\
C1,S\xecn H?,Alpha,1,1\r\n\
C2,Pa T\xe2n,Alpha,0,1\r\n";

/// The bad byte comes after valid multi-byte text, after a BOM and in a
/// quoted field holding a comma: the column is still the spreadsheet
/// column that holds it.
#[test]
fn bad_byte_late_in_a_utf8_table() {
    let f = Fixture::new();
    let mut text = "\u{feff}commune_id,commune,district,especially_difficult,weight\n\
                    C1,Sìn Hồ,Alpha,1,1\n\
                    C2,\"Pa Tần, xã\",Alpha,0,1\n\
                    C3,Nậm Tăm,"
        .as_bytes()
        .to_vec();
    text.extend_from_slice(b"B\xeata,1,2\nC4,T\xe0 Ng?o,Beta,0,1\n");
    f.write("communes.csv", text);
    expect_error_at(&f, &f.data("communes.csv"), 4, 3, "is not UTF-8 text");
}

#[test]
fn latin1_scenario() {
    let f = Fixture::new();
    let mut text = b"name = \"L\xe0i Ch\xe2u\"\n".to_vec();
    text.extend_from_slice(fixture::SCENARIO.split_once('\n').unwrap().1.as_bytes());
    f.write_scenario(text);
    expect_error_at(&f, &f.scenario(), 1, 10, "is not UTF-8 text");
}

// ----------------------------------------------------------------------- TOML

#[test]
fn toml_syntax_error() {
    let f = Fixture::new();
    f.replace_in_scenario("cost = 1.0", "cost = 1.0.0");
    expect_error_at(&f, &f.scenario(), 15, 11, "invalid float");
}

#[test]
fn toml_unterminated_string() {
    let f = Fixture::new();
    f.replace_in_scenario("name = \"Test province\"", "name = \"Test province");
    expect_error_at(&f, &f.scenario(), 1, 22, "invalid basic string");
}

#[test]
fn toml_duplicate_key() {
    let f = Fixture::new();
    f.replace_in_scenario("threads = 1", "threads = 1\nthreads = 2");
    let place = format!("error: {}:21:1: ", f.scenario().display());
    expect_error(&f, &place, "duplicate key");
}

#[test]
fn toml_unknown_top_level_key() {
    let f = Fixture::new();
    f.replace_in_scenario("data = \"data\"", "data = \"data\"\ndata_folder = \"x\"");
    expect_error_at(&f, &f.scenario(), 3, 1, "unknown field `data_folder`");
}

#[test]
fn toml_unknown_key_in_a_section() {
    let f = Fixture::new();
    f.replace_in_scenario("threads = 1", "thread = 1");
    expect_error_at(&f, &f.scenario(), 20, 1, "unknown field `thread`");
}

#[test]
fn toml_unknown_key_in_targets() {
    let f = Fixture::new();
    f.replace_in_scenario("enforce = false", "enforced = true");
    expect_error_at(&f, &f.scenario(), 12, 1, "unknown field `enforced`");
}

#[test]
fn toml_unknown_section() {
    let f = Fixture::new();
    f.replace_in_scenario("[solver]", "[solvers]");
    expect_error_at(&f, &f.scenario(), 18, 2, "unknown field `solvers`");
}

#[test]
fn toml_unknown_adjust_source() {
    let f = Fixture::new();
    f.replace_in_scenario("central = 1.0", "centrl = 1.0");
    expect_error_at(
        &f,
        &f.scenario(),
        16,
        13,
        "adjust.sources names `centrl`, which is not a source in sources.csv",
    );
}

#[test]
fn toml_land_revenue_under_adjust_sources() {
    let f = Fixture::new();
    f.replace_in_scenario("central = 1.0", "central = 1.0, land_revenue = 2.0");
    expect_error_at(&f, &f.scenario(), 16, 28, "adjust.land_revenue");
}

#[test]
fn toml_missing_required_key() {
    let f = Fixture::new();
    f.replace_in_scenario("data = \"data\"\n", "");
    expect_error_at(&f, &f.scenario(), 1, 1, "missing field `data`");
}

#[test]
fn toml_wrong_type() {
    let f = Fixture::new();
    f.replace_in_scenario("threads = 1", "threads = \"one\"");
    expect_error_at(&f, &f.scenario(), 20, 11, "invalid type");
}

// ------------------------------------- what Excel writes, which must be accepted

/// The valid fixture as Excel's "CSV UTF-8" writes it must check exactly as
/// the plain one does.
fn check_like_the_plain_fixture(f: &Fixture) {
    let plain = Fixture::new().check();
    let out = f.check();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{}", stderr(&out));
    assert_eq!(stderr(&out), "", "no warnings");
    let summary = |o: &Output| stdout(o).lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(summary(&out), summary(&plain));
}

#[test]
fn accepts_a_byte_order_mark() {
    let f = Fixture::new();
    for (name, contents) in fixture::TABLES {
        f.write(name, format!("\u{feff}{contents}"));
    }
    f.write_scenario(format!("\u{feff}{}", fixture::SCENARIO));
    check_like_the_plain_fixture(&f);
}

#[test]
fn accepts_crlf_line_ends() {
    let f = Fixture::new();
    for (name, contents) in fixture::TABLES {
        f.write(name, contents.replace('\n', "\r\n"));
    }
    f.write_scenario(fixture::SCENARIO.replace('\n', "\r\n"));
    check_like_the_plain_fixture(&f);
}

#[test]
fn accepts_trailing_blank_lines() {
    let f = Fixture::new();
    for (name, contents) in fixture::TABLES {
        let commas = ",".repeat(contents.lines().next().unwrap().matches(',').count());
        f.write(name, format!("{contents}\n{commas}\n\n"));
    }
    check_like_the_plain_fixture(&f);
}

#[test]
fn accepts_all_of_excel_at_once() {
    let f = Fixture::new();
    for (name, contents) in fixture::TABLES {
        let commas = ",".repeat(contents.lines().next().unwrap().matches(',').count());
        let excel = format!("\u{feff}{contents}{commas}\n\n").replace('\n', "\r\n");
        f.write(name, excel);
    }
    check_like_the_plain_fixture(&f);
}

/// With a BOM and CRLF line ends, messages still point at the right line
/// and column.
#[test]
fn places_are_right_in_an_excel_file() {
    let f = Fixture::new();
    let text = format!(
        "\u{feff}{}",
        fixture::GAPS.replace("C2,income,200,", "C2,income,x,")
    )
    .replace('\n', "\r\n");
    f.write("gaps.csv", text);
    expect_error_at(&f, &f.data("gaps.csv"), 4, 3, "`x` is not a number");
}

#[test]
fn places_count_blank_lines_in_the_middle() {
    let f = Fixture::new();
    f.replace(
        "gaps.csv",
        "C2,income,200,\n",
        "\n,,,\nC2,income,200,\nC9,health,1,\n",
    );
    expect_error_at(&f, &f.data("gaps.csv"), 7, 1, "unknown commune `C9`");
}

#[test]
fn places_are_right_for_an_unknown_column_after_a_bom() {
    let f = Fixture::new();
    f.write(
        "gaps.csv",
        "\u{feff}comune_id,criterion,cost\r\nC1,transport,5\r\n",
    );
    expect_error_at(&f, &f.data("gaps.csv"), 1, 1, "unknown column `comune_id`");
}

/// The csv crate counts CRLF lines one short after the header; the places
/// must still be the lines an editor shows.
#[test]
fn places_are_right_with_crlf_and_blank_lines() {
    let f = Fixture::new();
    let text = fixture::GAPS
        .replace("C2,income,200,\n", "\n,,,\nC2,income,200,\n")
        .replace("C4,environment,250,", "C4,environment,-250,")
        .replace('\n', "\r\n");
    f.write("gaps.csv", text);
    expect_error_at(
        &f,
        &f.data("gaps.csv"),
        9,
        3,
        "`-250` must be greater than 0",
    );
}

#[test]
fn ragged_row_place_with_crlf() {
    let f = Fixture::new();
    let text = fixture::LAND_REVENUE
        .replace("Beta,2025,200", "Beta,2025,200,1")
        .replace('\n', "\r\n");
    f.write("land_revenue.csv", text);
    expect_error_at(
        &f,
        &f.data("land_revenue.csv"),
        5,
        4,
        "this row has 4 fields but the header has 3",
    );
}

#[test]
fn warning_place_with_crlf() {
    let f = Fixture::new();
    let text =
        format!("{}central,Central NTM,2026,900,,\n", fixture::SOURCES).replace('\n', "\r\n");
    f.write("sources.csv", text);
    let out = f.check();
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{err}");
    let expected = format!(
        "warning: {}:9:3: year 2026 is not a planning year",
        f.data("sources.csv").display()
    );
    assert!(err.contains(&expected), "expected `{expected}` in:\n{err}");
}

/// Old Mac Excel ("CSV (Macintosh)") ends lines with a lone CR.
#[test]
fn places_are_right_with_lone_cr_line_ends() {
    let f = Fixture::new();
    let text = fixture::GAPS
        .replace("C2,income,200,", "C2,income,x,")
        .replace('\n', "\r");
    f.write("gaps.csv", text);
    expect_error_at(&f, &f.data("gaps.csv"), 4, 3, "`x` is not a number");
}

#[test]
fn bad_byte_place_with_lone_cr_line_ends() {
    let f = Fixture::new();
    let mut text = fixture::COMMUNES.replace('\n', "\r").into_bytes();
    text.extend_from_slice(b"C5,S\xecn,Beta,0,1\r");
    f.write("communes.csv", text);
    expect_error_at(&f, &f.data("communes.csv"), 6, 2, "is not UTF-8 text");
}
