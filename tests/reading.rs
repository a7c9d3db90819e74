//! Inputs read exactly as meant, and bounded resources (issue 11 §2, §3):
//! numbers grouped with dots, Unicode forms, control characters, values
//! the model cannot take, empty tables, reserved ids, names that round-trip
//! through `plan` and `evaluate`, `-j`, `--vary` and `generate` bounds.

mod fixture;

use std::process::Output;

use fixture::{Fixture, assert_no_panic, ntm, read_output_csv, stderr};

/// The one `error: …` line of a run that exited 2.
fn bad_input(output: &Output) -> String {
    assert_no_panic(output);
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line:\n{err}");
    lines[0].to_string()
}

fn ok(output: &Output) {
    assert_no_panic(output);
    assert!(output.status.success(), "{}", stderr(output));
}

#[test]
fn a_money_cell_grouped_with_dots_is_ambiguous() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C3,transport,800,", "C3,transport,17.000,");
    let err = bad_input(&f.check());
    let place = format!("error: {}:5:3: cost: ", f.data("gaps.csv").display());
    assert!(err.starts_with(&place), "{err}");
    assert!(err.contains("`17.000` is ambiguous"), "{err}");
    assert!(err.contains("Write 17000 or 17"), "{err}");
    assert!(err.contains("number_format = \"vi\""), "{err}");

    // In the scenario's language.
    f.replace_in_scenario(
        "name = \"Test province\"",
        "name = \"Test province\"\nlanguage = \"vi\"",
    );
    let err = bad_input(&f.check());
    assert!(err.contains("`17.000` không rõ nghĩa"), "{err}");

    f.replace(
        "gaps.csv",
        "C3,transport,17.000,",
        "C3,transport,\"1.500.000\",",
    );
    let err = bad_input(&f.check());
    assert!(err.contains("1500000"), "{err}");
}

#[test]
fn number_format_vi_reads_every_table_the_vietnamese_way() {
    let f = Fixture::new();
    let plain = Fixture::new();
    for fx in [&f, &plain] {
        fx.replace("gaps.csv", "C3,transport,800,", "C3,transport,1800.5,");
        fx.replace(
            "sources.csv",
            "central,Central NTM,2024,600,,",
            "central,Central NTM,2024,1600,,",
        );
    }
    f.replace_in_scenario(
        "name = \"Test province\"",
        "name = \"Test province\"\nnumber_format = \"vi\"",
    );
    f.replace(
        "gaps.csv",
        "C3,transport,1800.5,",
        "C3,transport,\"1.800,5\",",
    );
    f.replace(
        "sources.csv",
        "central,Central NTM,2024,1600,,",
        "central,Central NTM,2024,1.600,,",
    );
    f.replace(
        "communes.csv",
        "C3,Nậm Tăm,Beta,1,2",
        "C3,Nậm Tăm,Beta,1,\"2,0\"",
    );
    ok(&f.plan());
    ok(&plain.plan());
    assert_eq!(
        std::fs::read(f.out().join("plan.csv")).unwrap(),
        std::fs::read(plain.out().join("plan.csv")).unwrap()
    );

    // A dot that does not group thousands is refused under `vi`.
    f.replace(
        "sources.csv",
        "central,Central NTM,2024,1.600,,",
        "central,Central NTM,2024,16.5,,",
    );
    let err = bad_input(&f.check());
    assert!(
        err.contains(":2:4: amount: `16.5` does not follow number_format"),
        "{err}"
    );
}

#[test]
fn names_are_compared_in_nfc_after_trimming() {
    let f = Fixture::new();
    // District Beta becomes `Tân Uyên`: composed in communes.csv (with
    // spaces around it once), decomposed in the other tables and the
    // scenario; `Tà Ngảo` decomposed.
    let composed = "T\u{e2}n Uy\u{ea}n";
    let decomposed = "Ta\u{302}n Uye\u{302}n";
    f.replace(
        "communes.csv",
        "C3,Nậm Tăm,Beta",
        &format!("C3,Nậm Tăm,{composed}"),
    );
    f.replace(
        "communes.csv",
        "C4,Tà Ngảo,Beta",
        &format!("C4,Ta\u{300} Nga\u{309}o, {composed} "),
    );
    for table in ["sources.csv", "land_revenue.csv"] {
        let text = std::fs::read_to_string(f.data(table)).unwrap();
        f.write(table, text.replace("Beta", decomposed));
    }
    f.replace_in_scenario("[\"Alpha\"]", &format!("[\" {decomposed}\"]"));
    let out = f.check();
    ok(&out);
    assert!(
        fixture::stdout(&out).contains("4 in 2 districts"),
        "{}",
        fixture::stdout(&out)
    );
    ok(&f.plan());
    let (_, rows) = read_output_csv(&f.out().join("communes.csv"));
    assert!(
        rows.iter().any(|r| r[1] == "Tà Ngảo" && r[2] == composed),
        "{rows:?}"
    );
}

#[test]
fn a_control_character_in_a_cell_is_bad_input() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C2,Pa Tần,Alpha",
        "C2,Pa\u{1b}[31m Tần,Alpha",
    );
    let err = bad_input(&f.check());
    let place = format!("error: {}:3:2: ", f.data("communes.csv").display());
    assert!(err.starts_with(&place), "{err}");
    assert!(err.contains("control character (U+001B)"), "{err}");

    let f = Fixture::new();
    f.replace("communes.csv", "C2,Pa Tần,Alpha", "C2,\"Pa\nTần\",Alpha");
    let err = bad_input(&f.check());
    assert!(err.contains(":3:2: ") && err.contains("U+000A"), "{err}");
}

#[test]
fn values_the_model_cannot_take_are_bad_input() {
    let f = Fixture::new();
    f.replace(
        "communes.csv",
        "C3,Nậm Tăm,Beta,1,2",
        "C3,Nậm Tăm,Beta,1,1e15",
    );
    let err = bad_input(&f.plan());
    assert!(
        err.contains("communes.csv:4:5: weight: `1e15` must be a number from 0.001 to 1000"),
        "{err}"
    );

    let f = Fixture::new();
    let args = ["--set", "targets.communes_meeting_standard=4294967296"];
    let out = ntm(
        f.root(),
        &[
            "check".as_ref(),
            f.scenario().as_os_str(),
            args[0].as_ref(),
            args[1].as_ref(),
        ],
    );
    let err = bad_input(&out);
    assert!(err.contains("is too large"), "{err}");
    assert!(!err.contains("0 or more"), "{err}");
}

#[test]
fn a_source_named_topup_is_bad_input_with_its_place() {
    let f = Fixture::new();
    f.replace(
        "sources.csv",
        "ethnic,Ethnic 1719,2024,400,,1",
        "topup,Ethnic 1719,2024,400,,1",
    );
    f.replace(
        "eligibility.csv",
        "ethnic,transport\nethnic,schools\n",
        "topup,transport\n",
    );
    let err = bad_input(&f.check());
    let place = format!(
        "error: {}:4:1: source_id: `topup`",
        f.data("sources.csv").display()
    );
    assert!(err.starts_with(&place), "{err}");
}

#[test]
fn empty_at_risk_and_gaps_tables_mean_nothing_to_fund() {
    let f = Fixture::new();
    f.write("at_risk.csv", "commune_id,criterion,cost\n");
    ok(&f.plan());

    // No new gaps, one criterion at risk: a plan that keeps it.
    let f = Fixture::new();
    f.write(
        "gaps.csv",
        "\u{feff}commune_id,criterion,cost,earliest_year\r\n",
    );
    f.write("at_risk.csv", "commune_id,criterion,cost\nC1,income,100\n");
    ok(&f.check());
    ok(&f.plan());

    // Neither: nothing to fund, and the report says so.
    let f = Fixture::new();
    f.write("gaps.csv", "commune_id,criterion,cost,earliest_year\n");
    f.write("at_risk.csv", "commune_id,criterion,cost\n");
    ok(&f.plan());
    let report = std::fs::read_to_string(f.out().join("report.md")).unwrap();
    assert!(report.contains("Nothing to fund"), "{report}");
}

#[test]
fn any_name_round_trips_through_plan_and_evaluate() {
    let f = Fixture::new();
    for (from, to) in [
        ("C1,Sìn Hồ,Alpha", "'=C1,'Sìn Hồ,=Alpha"),
        ("C2,Pa Tần,Alpha", "''C2,-Pa Tần,=Alpha"),
        ("C3,Nậm Tăm,Beta", "'C3,@Nậm <b>Tăm</b>,+Beta"),
    ] {
        f.replace("communes.csv", from, to);
    }
    for (from, to) in [("C1,", "'=C1,"), ("C2,", "''C2,"), ("C3,", "'C3,")] {
        let text = std::fs::read_to_string(f.data("gaps.csv")).unwrap();
        f.write(
            "gaps.csv",
            text.replace(&format!("\n{from}"), &format!("\n{to}")),
        );
    }
    f.replace_in_scenario("[\"Alpha\"]", "[\"=Alpha\"]");
    let text = std::fs::read_to_string(f.data("sources.csv")).unwrap();
    f.write(
        "sources.csv",
        text.replace(",Alpha,", ",=Alpha,")
            .replace(",Beta,", ",+Beta,"),
    );
    let text = std::fs::read_to_string(f.data("land_revenue.csv")).unwrap();
    f.write(
        "land_revenue.csv",
        text.replace("Alpha,", "=Alpha,").replace("Beta,", "+Beta,"),
    );
    ok(&f.plan());
    let plan = f.out().join("plan.csv");
    let evaluated = f.root().join("evaluated");
    let out = f.evaluate(&plan, &evaluated, &[]);
    ok(&out);
    let (_, breaks) = read_output_csv(&evaluated.join("evaluate.csv"));
    assert!(
        breaks.is_empty(),
        "the optimiser's own plan keeps every rule: {breaks:?}"
    );
    let md = std::fs::read_to_string(f.out().join("report.md")).unwrap();
    assert!(!md.contains("<b>"), "no HTML from a name reaches report.md");
}

#[test]
fn too_many_workers_are_capped_at_the_cores() {
    let f = Fixture::new();
    let out = ntm(
        f.root(),
        &[
            "plan".as_ref(),
            f.scenario().as_os_str(),
            "-o".as_ref(),
            f.out().as_os_str(),
            "-j".as_ref(),
            "18446744073709551615".as_ref(),
        ],
    );
    ok(&out);
    assert!(
        stderr(&out).contains("note: -j 18446744073709551615 is more than the"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_vary_range_with_too_many_values_is_bad_input() {
    let f = Fixture::new();
    for range in [
        "adjust.cost=0:1e300:1e-300",
        "adjust.cost=0:1:0.000001",
        "adjust.cost=-1e308:1e308:1",
    ] {
        let out = ntm(
            f.root(),
            &[
                "sweep".as_ref(),
                f.scenario().as_os_str(),
                "--vary".as_ref(),
                range.as_ref(),
            ],
        );
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{range}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("more than 100000 values"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn generate_refuses_more_communes_than_it_can_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = ntm(
        dir.path(),
        &[
            "generate".as_ref(),
            "synthetic".as_ref(),
            "--communes".as_ref(),
            "1000000000".as_ref(),
        ],
    );
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--communes must be from 1 to 100000"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_device_or_huge_file_stops_at_the_size_limit() {
    let f = Fixture::new();
    std::fs::remove_file(f.data("gaps.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", f.data("gaps.csv")).unwrap();
    let err = bad_input(&f.check());
    assert!(
        err.contains("gaps.csv: the file is larger than 256 MiB"),
        "{err}"
    );
}
