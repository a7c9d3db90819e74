//! Names a person would type (issue 12): criteria by id, Vietnamese or
//! English name or number; communes, districts and sources by name where
//! unambiguous. Near misses are refused with a suggestion, in the
//! scenario's language; a plan written with names is judged exactly as the
//! same plan with ids.

mod fixture;

use std::path::Path;
use std::process::Output;

use fixture::{Fixture, PLAN, assert_no_panic, snapshot, stderr};

const BAD_INPUT: i32 = 2;

/// `ntm check` passes, without warnings.
fn accepted(f: &Fixture) {
    let out = f.check();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{}", stderr(&out));
    assert_eq!(stderr(&out), "", "no warnings");
}

/// `ntm check` refuses the input with one message at `file:line:column`;
/// the message is returned.
fn refused_at(f: &Fixture, file: &Path, line: usize, column: usize) -> String {
    let out = f.check();
    assert_no_panic(&out);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(BAD_INPUT), "stderr:\n{err}");
    assert_eq!(err.lines().count(), 1, "one line:\n{err}");
    let place = format!("error: {}:{line}:{column}: ", file.display());
    assert!(err.starts_with(&place), "expected `{place}`:\n{err}");
    err
}

/// The plan's files, which must be those of the fixture as written with ids.
fn plan_files(f: &Fixture) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let out = f.plan();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{}", stderr(&out));
    let files = snapshot(&f.out());
    std::fs::remove_dir_all(f.out()).expect("remove the output");
    assert!(!files.is_empty());
    files
}

// ------------------------------------------------------------------ criteria

#[test]
fn criteria_by_vietnamese_name_any_case_and_unicode_form() {
    let f = Fixture::new();
    let with_ids = plan_files(&f);
    f.replace("gaps.csv", "C1,transport,500,", "C1,Giao thông,500,");
    f.replace("gaps.csv", "C3,transport,800,", "C3,  giao   THÔNG ,800,");
    // `Y tế` decomposed (NFD): e, circumflex, acute.
    f.replace("gaps.csv", "C4,health,150,", "C4,Y te\u{302}\u{301},150,");
    f.replace("eligibility.csv", "ethnic,schools", "ethnic,Trường học");
    accepted(&f);
    assert_eq!(plan_files(&f), with_ids, "the same plan as with ids");
}

#[test]
fn criteria_by_number_of_decision_318() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C1,transport,500,", "C1,2,500,");
    f.replace("gaps.csv", "C4,health,150,", "C4,15,150,");
    f.replace("eligibility.csv", "ethnic,schools", "ethnic,5");
    accepted(&f);
}

#[test]
fn criteria_by_english_name() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C1,transport,500,", "C1,Transport,500,");
    f.replace(
        "gaps.csv",
        "C4,environment,250,",
        "C4,environment and food safety,250,",
    );
    accepted(&f);
}

#[test]
fn numbers_outside_the_catalogue_are_unknown() {
    for number in ["20", "0"] {
        let f = Fixture::new();
        f.replace(
            "gaps.csv",
            "C1,transport,500,",
            &format!("C1,{number},500,"),
        );
        let err = refused_at(&f, &f.data("gaps.csv"), 2, 2);
        assert!(
            err.contains(&format!("unknown criterion `{number}`")),
            "{err}"
        );
        assert!(err.contains("19 `security`"), "lists the criteria:\n{err}");
    }
}

#[test]
fn a_custom_catalogue_is_numbered_in_file_order() {
    let f = Fixture::new();
    f.write(
        "criteria.csv",
        "criterion,name_vi,name_en\n\
         transport,Giao thông,Transport\n\
         schools,Trường học,Schools\n\
         income,Thu nhập,Income\n\
         health,Y tế,Health\n\
         environment,Môi trường,Environment\n",
    );
    f.replace("gaps.csv", "C4,health,150,", "C4,4,150,");
    f.replace("gaps.csv", "C2,income,200,", "C2,3,200,");
    accepted(&f);
    f.replace("gaps.csv", "C1,transport,500,", "C1,6,500,");
    let err = refused_at(&f, &f.data("gaps.csv"), 2, 2);
    assert!(err.contains("unknown criterion `6`"), "{err}");
}

#[test]
fn a_name_without_diacritics_is_refused_and_the_name_suggested() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C1,transport,500,", "C1,Giao thong,500,");
    let err = refused_at(&f, &f.data("gaps.csv"), 2, 2);
    assert!(
        err.contains("unknown criterion `Giao thong`; did you mean `Giao thông` (`transport`)?"),
        "{err}"
    );
    // The valid ones are listed, ids with names.
    assert!(err.contains("2 `transport` (Transport)"), "{err}");
    // Refused by `plan` too, with the same words.
    let plan = f.plan();
    assert_eq!(plan.status.code(), Some(BAD_INPUT));
    assert_eq!(stderr(&plan), err);
}

#[test]
fn a_misspelt_id_suggests_the_id() {
    let f = Fixture::new();
    f.replace("eligibility.csv", "ethnic,transport", "ethnic,tranport");
    let err = refused_at(&f, &f.data("eligibility.csv"), 3, 2);
    assert!(
        err.contains("unknown criterion `tranport`; did you mean `transport`?"),
        "{err}"
    );
}

#[test]
fn a_vietnamese_scenario_is_told_in_vietnamese() {
    let f = Fixture::new();
    f.replace_in_scenario("data = \"data\"", "data = \"data\"\nlanguage = \"vi\"");
    f.replace("gaps.csv", "C1,transport,500,", "C1,Giao thong,500,");
    let err = refused_at(&f, &f.data("gaps.csv"), 2, 2);
    assert!(
        err.contains(
            "tiêu chí `Giao thong` không có trong danh mục tiêu chí; có phải là `Giao thông` (`transport`)?"
        ),
        "{err}"
    );
    assert!(
        err.contains("Các tiêu chí là: 1 `planning` (Quy hoạch)"),
        "{err}"
    );
}

// ------------------------------------------------------ communes and sources

#[test]
fn communes_by_name() {
    let f = Fixture::new();
    let with_ids = plan_files(&f);
    f.replace("gaps.csv", "C2,income,200,", "Pa Tần,income,200,");
    f.replace("gaps.csv", "C3,transport,800,", "nậm tăm,transport,800,");
    accepted(&f);
    assert_eq!(plan_files(&f), with_ids, "the same plan as with ids");
}

#[test]
fn a_commune_name_two_districts_share_is_ambiguous() {
    let f = Fixture::new();
    f.append("communes.csv", "C5,Pa Tần,Beta,0,1\n");
    f.replace("gaps.csv", "C2,income,200,", "Pa Tần,income,200,");
    let err = refused_at(&f, &f.data("gaps.csv"), 4, 1);
    assert!(err.contains("ambiguous commune `Pa Tần`"), "{err}");
    assert!(err.contains("`C2` (Pa Tần, Alpha)"), "{err}");
    assert!(err.contains("`C5` (Pa Tần, Beta)"), "{err}");
    assert!(err.contains("write the id"), "{err}");
}

#[test]
fn an_unknown_commune_suggests_the_nearest() {
    let f = Fixture::new();
    f.replace("gaps.csv", "C2,income,200,", "Pa Tan,income,200,");
    let err = refused_at(&f, &f.data("gaps.csv"), 4, 1);
    assert!(
        err.contains(
            "unknown commune `Pa Tan` (not in communes.csv); did you mean `Pa Tần` (`C2`)?"
        ),
        "{err}"
    );
}

#[test]
fn sources_and_districts_by_name() {
    let f = Fixture::new();
    f.replace(
        "eligibility.csv",
        "ethnic,transport",
        "Ethnic 1719,transport",
    );
    f.replace(
        "sources.csv",
        "district,District budget,2025,100,Alpha,",
        "district,District budget,2025,100,alpha,",
    );
    f.replace("land_revenue.csv", "Beta,2025,200", "BETA,2025,200");
    f.replace_in_scenario("[\"Alpha\"]", "[\"ALPHA\"]");
    accepted(&f);
}

#[test]
fn a_source_named_twice_is_a_duplicate() {
    let f = Fixture::new();
    f.append(
        "eligibility.csv",
        "Central NTM,transport\nCentral NTM,Giao thông\n",
    );
    let err = refused_at(&f, &f.data("eligibility.csv"), 9, 2);
    assert!(err.contains("duplicate row"), "{err}");
}

#[test]
fn a_district_without_its_diacritics_is_suggested() {
    let f = Fixture::new();
    f.replace_in_scenario("[\"Alpha\"]", "[\"Alfa\"]");
    let out = f.check();
    assert_eq!(out.status.code(), Some(BAD_INPUT));
    let err = stderr(&out);
    assert!(
        err.contains(
            "target district `Alfa` is not a district in communes.csv; did you mean `Alpha`?"
        ),
        "{err}"
    );
}

#[test]
fn one_district_twice_in_two_spellings() {
    let f = Fixture::new();
    f.replace_in_scenario("[\"Alpha\"]", "[\"Alpha\", \"alpha\"]");
    let out = f.check();
    assert_eq!(out.status.code(), Some(BAD_INPUT));
    assert!(
        stderr(&out).contains("lists `Alpha` twice"),
        "{}",
        stderr(&out)
    );
}

// --------------------------------------------------------------------- plans

fn evaluate(
    f: &Fixture,
    lines: &[String],
    out: &str,
) -> (Output, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    // One plan file name for every run: the reports name it.
    let plan = f.write_plan("plan.csv", &lines);
    let out = f.root().join(out);
    let output = f.evaluate(&plan, &out, &["--format", "md,html,xlsx"]);
    assert_no_panic(&output);
    (output, snapshot(&out))
}

/// The fixture's plan with `column`'s cells mapped by `rename`.
fn renamed(column: usize, rename: impl Fn(&str) -> String) -> Vec<String> {
    PLAN.iter()
        .enumerate()
        .map(|(i, line)| {
            let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
            if i > 0 {
                cells[column] = rename(&cells[column]);
            }
            cells.join(",")
        })
        .collect()
}

#[test]
fn a_plan_with_vietnamese_names_is_judged_as_with_ids() {
    let f = Fixture::new();
    let ids: Vec<String> = PLAN.iter().map(|l| l.to_string()).collect();
    let (by_id, id_files) = evaluate(&f, &ids, "ids");
    assert_eq!(by_id.status.code(), Some(0), "{}", stderr(&by_id));
    let vietnamese = |id: &str| {
        ntm::criteria::DECISION_318
            .iter()
            .find(|(k, _, _)| *k == id)
            .map(|(_, vi, _)| vi.to_string())
            .expect("a criterion of Decision 318")
    };
    let by_name_lines = renamed(4, vietnamese);
    assert!(by_name_lines[1].contains("Giao thông"));
    let (by_name, name_files) = evaluate(&f, &by_name_lines, "names");
    assert_eq!(by_name.status.code(), Some(0), "{}", stderr(&by_name));
    assert_eq!(
        String::from_utf8_lossy(&by_name.stdout).replace("names", "ids"),
        String::from_utf8_lossy(&by_id.stdout)
    );
    assert!(id_files.len() > 3, "{id_files:?}");
    assert_eq!(name_files.len(), id_files.len());
    for ((name, a), (_, b)) in id_files.iter().zip(&name_files) {
        assert!(a == b, "{} differs", name.display());
    }
}

#[test]
fn a_plan_with_numbers_commune_and_source_names_is_judged_as_with_ids() {
    let f = Fixture::new();
    let ids: Vec<String> = PLAN.iter().map(|l| l.to_string()).collect();
    let (_, id_files) = evaluate(&f, &ids, "ids");
    let numbered = renamed(4, |id| {
        let n = ntm::criteria::DECISION_318
            .iter()
            .position(|(k, _, _)| *k == id)
            .expect("a criterion");
        (n + 1).to_string()
    });
    let numbered: Vec<&str> = numbered.iter().map(String::as_str).collect();
    let mut lines: Vec<String> = numbered.iter().map(|l| l.to_string()).collect();
    for line in lines.iter_mut().skip(1) {
        *line = line
            .replace(",C3,", ",Nậm Tăm,")
            .replace(",ethnic,", ",Ethnic 1719,");
    }
    let (out, files) = evaluate(&f, &lines, "names");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(files.len(), id_files.len());
    for ((name, a), (_, b)) in id_files.iter().zip(&files) {
        assert!(a == b, "{} differs", name.display());
    }
}

#[test]
fn an_unknown_name_in_a_plan_is_a_break_with_a_suggestion() {
    let f = Fixture::new();
    let lines = renamed(4, |id| {
        if id == "transport" {
            "Giao thong".to_string()
        } else {
            id.to_string()
        }
    });
    let (out, _) = evaluate(&f, &lines, "out");
    assert_eq!(out.status.code(), Some(4), "a break, not bad input");
    let csv = std::fs::read_to_string(f.root().join("out/evaluate.csv")).expect("evaluate.csv");
    assert!(
        csv.contains("unknown criterion `Giao thong`; did you mean `Giao thông` (`transport`)?"),
        "{csv}"
    );
}

#[test]
fn a_vietnamese_report_suggests_in_vietnamese() {
    let f = Fixture::new();
    let lines = renamed(5, |id| {
        if id == "central" {
            "centrl".to_string()
        } else {
            id.to_string()
        }
    });
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let plan = f.write_plan("plan.csv", &lines);
    let out = f.root().join("out");
    let output = f.evaluate(&plan, &out, &["--lang", "vi"]);
    assert_eq!(output.status.code(), Some(4));
    let report = std::fs::read_to_string(out.join("evaluate.md")).expect("evaluate.md");
    assert!(report.contains("có phải là `central`?"), "{report}");
}

#[test]
fn compare_sees_no_difference_between_names_and_ids() {
    let f = Fixture::new();
    let ids = f.write_plan("ids.csv", &PLAN);
    let lines = renamed(4, |id| {
        ntm::criteria::DECISION_318
            .iter()
            .find(|(k, _, _)| *k == id)
            .map(|(_, _, en)| en.to_string())
            .expect("a criterion of Decision 318")
    });
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let names = f.write_plan("names.csv", &lines);
    let scenario = f.scenario();
    let judged = |plan: &Path| format!("{}:{}", scenario.display(), plan.display());
    let (a, b) = (judged(&ids), judged(&names));
    let out = f.root().join("compared");
    let output = fixture::ntm(
        f.root(),
        &[
            "compare".as_ref(),
            a.as_ref(),
            b.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    );
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = fixture::stdout(&output);
    assert!(said.contains("B does not differ from A"), "{said}");
    assert!(said.contains("0 rule breaks"), "{said}");
}

#[test]
fn adjust_sources_take_ids_and_point_a_misspelling_to_one() {
    let f = Fixture::new();
    f.replace_in_scenario("{ central = 1.0 }", "{ centrl = 1.0 }");
    let out = f.check();
    assert_eq!(out.status.code(), Some(BAD_INPUT));
    assert!(
        stderr(&out).contains("which is not a source in sources.csv; did you mean `central`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_commune_name_two_districts_share_is_a_break_in_a_plan() {
    let f = Fixture::new();
    f.append("communes.csv", "C5,Pa Tần,Beta,0,1\n");
    let lines = renamed(2, |id| {
        if id == "C2" {
            "Pa Tần".to_string()
        } else {
            id.to_string()
        }
    });
    let (out, _) = evaluate(&f, &lines, "out");
    assert_eq!(out.status.code(), Some(4), "a break, not bad input");
    let csv = std::fs::read_to_string(f.root().join("out/evaluate.csv")).expect("evaluate.csv");
    assert!(
        csv.contains(
            "unknown commune `Pa Tần`; `Pa Tần` names 2 communes: `C2` (Pa Tần, Alpha), \
             `C5` (Pa Tần, Beta); write the id"
        ),
        "{csv}"
    );
}

/// A target district in another case is the district: the plan, and the
/// target's name in every file, are those of the district as spelt in
/// `communes.csv`.
#[test]
fn a_target_district_in_another_case_plans_as_spelt_in_the_data() {
    let f = Fixture::new();
    let exact = plan_files(&f);
    f.replace_in_scenario("[\"Alpha\"]", "[\" ALPHA \"]");
    assert_eq!(plan_files(&f), exact);
}

#[test]
fn at_risk_rows_by_names() {
    let f = Fixture::new();
    f.write(
        "at_risk.csv",
        "commune_id,criterion,cost\nSìn Hồ,Thu nhập,50\nTà Ngảo,11,40\n",
    );
    accepted(&f);
    // The same criterion under its id and its name is one row twice.
    f.append("at_risk.csv", "C1,income,50\n");
    let err = refused_at(&f, &f.data("at_risk.csv"), 4, 2);
    assert!(err.contains("duplicate row: `C1` / `income`"), "{err}");
}
