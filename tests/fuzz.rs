//! Property tests of the readers (issue 11 §4), with a fixed seed so a run
//! is the same everywhere: random bytes and random mutations of valid
//! tables, scenario files, plan files, `--set` and `--vary` arguments never
//! panic, and every refusal is bad input with its file, line and column;
//! valid data the tool writes reads back unchanged.
//!
//! In-process, through the library calls the commands make, so some
//! thousands of cases take seconds; `tests/bad_input.rs` and
//! `tests/reading.rs` check the same messages through the binary.

mod fixture;

use std::path::Path;

use fixture::Fixture;
use ntm::error::InputError;
use ntm::instance::Instance;
use ntm::scenario::{Override, Scenario};
use ntm::sweep::Vary;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestRunner};

/// A fixed seed and no persistence file: the same cases on every run.
fn seeded(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(20_251_101),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Characters that matter to the readers: separators, quotes, line ends,
/// digits and number marks, Vietnamese letters in both Unicode forms, a
/// control character, a byte-order mark.
const ALPHABET: &[&str] = &[
    ",",
    ",",
    "\"",
    "\n",
    "\r\n",
    "\r",
    ".",
    "-",
    "0",
    "1",
    "7",
    "9",
    "000",
    "e",
    " ",
    "\t",
    "a",
    "C1",
    "C",
    "Beta",
    "Alpha",
    "*",
    "=",
    "'",
    "ồ",
    "o\u{302}\u{300}",
    "\u{1b}",
    "\u{feff}",
    "transport",
    "central",
    "land_revenue",
    "topup",
    "2024",
    "2025",
    "[",
    "]",
    "{",
    "}",
    "#",
    "\\",
    "\u{0}",
];

/// One edit of a text: insert, delete or replace at a byte offset (moved
/// to a character boundary).
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    Replace(usize, usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), 0..ALPHABET.len()).prop_map(|(at, a)| Edit::Insert(at, a)),
        (any::<usize>(), 1usize..8).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..4, 0..ALPHABET.len())
            .prop_map(|(at, n, a)| Edit::Replace(at, n, a)),
    ];
    proptest::collection::vec(edit, 1..6)
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_string();
    for edit in edits {
        match *edit {
            Edit::Insert(at, a) => {
                let at = boundary(&text, at);
                text.insert_str(at, ALPHABET[a]);
            }
            Edit::Delete(at, n) | Edit::Replace(at, n, _) => {
                let from = boundary(&text, at);
                let to = boundary(&text, from.saturating_add(n).min(text.len()));
                let with = match *edit {
                    Edit::Replace(_, _, a) => ALPHABET[a],
                    _ => "",
                };
                text.replace_range(from..to.max(from), with);
            }
        }
    }
    text
}

/// Load the fixture's scenario and tables as `ntm check` does.
fn load(fixture: &Fixture) -> Result<Instance, InputError> {
    let scenario = Scenario::read(&fixture.scenario())?;
    Instance::load(&scenario)
}

/// A refusal names `file` (a line and column in it when the file has any
/// text), with a message.
fn located(e: &InputError, file: &Path, text_len: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(&e.location.file, file, "{}", e);
    prop_assert!(!e.message.is_empty());
    if text_len > 0 {
        prop_assert!(e.location.line >= 1, "no line: {}", e);
        prop_assert!(e.location.column >= 1, "no column: {}", e);
    }
    Ok(())
}

/// A refusal after `table` was changed: at a place in it, or, when the
/// change makes another table wrong (a commune that is no longer there),
/// at a line and column of that table.
fn refused(
    fixture: &Fixture,
    e: &InputError,
    table: &str,
    len: usize,
) -> Result<(), TestCaseError> {
    if e.location.file == fixture.data(table) {
        return located(e, &fixture.data(table), len);
    }
    prop_assert!(e.location.file.starts_with(fixture.data_dir()), "{}", e);
    prop_assert!(e.location.line >= 1 && e.location.column >= 1, "{}", e);
    Ok(())
}

#[test]
fn mutated_tables_load_or_are_refused_at_a_place() {
    let fixture = Fixture::new();
    let mut tables: Vec<(&str, &str)> = fixture::TABLES.to_vec();
    tables.push(("at_risk.csv", "commune_id,criterion,cost\nC2,health,50\n"));
    tables.push((
        "criteria.csv",
        "criterion,name_vi,name_en\ntransport,Giao thông,Transport\n",
    ));
    let mut runner = seeded(1500);
    let strategy = (0..tables.len(), edits());
    runner
        .run(&strategy, |(t, edits)| {
            let (name, valid) = tables[t];
            let text = apply(valid, &edits);
            for (other, contents) in &fixture::TABLES {
                fixture.write(other, contents);
            }
            let _ = std::fs::remove_file(fixture.data("at_risk.csv"));
            let _ = std::fs::remove_file(fixture.data("criteria.csv"));
            fixture.write(name, &text);
            match load(&fixture) {
                Ok(instance) => prop_assert!(!instance.communes.is_empty()),
                Err(e) => refused(&fixture, &e, name, text.trim().len())?,
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_bytes_as_a_table_are_refused_at_a_place() {
    let fixture = Fixture::new();
    let mut runner = seeded(1000);
    let strategy = (
        0..fixture::TABLES.len(),
        proptest::collection::vec(any::<u8>(), 0..200),
    );
    runner
        .run(&strategy, |(t, bytes)| {
            for (other, contents) in &fixture::TABLES {
                fixture.write(other, contents);
            }
            let name = fixture::TABLES[t].0;
            fixture.write(name, &bytes);
            if let Err(e) = load(&fixture) {
                refused(&fixture, &e, name, bytes.len())?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn mutated_scenarios_parse_or_are_refused_at_a_place() {
    let path = Path::new("/nowhere/scenario.toml");
    let mut runner = seeded(2000);
    runner
        .run(&edits(), |edits| {
            let text = apply(fixture::SCENARIO, &edits);
            if let Err(e) = Scenario::parse(path, &text) {
                prop_assert_eq!(&e.location.file, path, "{}", e);
                prop_assert!(e.location.line >= 1, "no line: {}", e);
            }
            Ok(())
        })
        .unwrap();
    let mut bytes_runner = seeded(500);
    bytes_runner
        .run(&proptest::collection::vec(any::<u8>(), 0..300), |bytes| {
            let text = String::from_utf8_lossy(&bytes);
            if let Err(e) = Scenario::parse(path, &text) {
                prop_assert_eq!(&e.location.file, path, "{}", e);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn mutated_plan_files_read_or_are_refused_at_a_place() {
    let fixture = Fixture::new();
    let valid = fixture::PLAN.join("\n") + "\n";
    let path = fixture.root().join("plan.csv");
    let mut runner = seeded(1500);
    runner
        .run(&edits(), |edits| {
            let text = apply(&valid, &edits);
            std::fs::write(&path, &text).unwrap();
            if let Err(e) = ntm::plan_file::read(&path) {
                located(&e, &path, text.trim().len())?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn set_and_vary_arguments_never_panic() {
    let path = Path::new("/nowhere/scenario.toml");
    let keys = prop_oneof![
        Just("adjust.cost".to_string()),
        Just("years".to_string()),
        Just("targets.communes_meeting_standard".to_string()),
        Just("targets.districts_meeting_standard".to_string()),
        Just("targets.enforce".to_string()),
        Just("solver.threads".to_string()),
        Just("adjust.sources.central".to_string()),
        "[a-z._]{0,20}",
    ];
    let values = prop_oneof![
        "[-0-9.,:e\\[\\]\" ]{0,24}",
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|x| x.to_string()),
        ".{0,16}",
    ];
    let mut runner = seeded(2000);
    runner
        .run(&(keys, values), |(key, value)| {
            let argument = format!("{key}={value}");
            if let Ok(o) = argument.parse::<Override>()
                && let Err(e) =
                    Scenario::parse_with(path, fixture::SCENARIO, std::slice::from_ref(&o))
            {
                prop_assert_eq!(e.location, o.location());
            }
            if let Ok(vary) = argument.parse::<Vary>() {
                prop_assert!(!vary.values.is_empty());
                prop_assert!(vary.values.len() <= ntm::sweep::MAX_VARIANTS);
                let _ = ntm::sweep::variants(&[vary.clone(), vary], false);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn generated_scenarios_read_back() {
    let mut runner = seeded(40);
    runner
        .run(&(1usize..40, any::<u64>()), |(communes, seed)| {
            let dir = tempfile::tempdir().unwrap();
            let files = ntm::generate::synthetic::synthetic(communes, seed);
            ntm::generate::write_files(dir.path(), &files).unwrap();
            let scenario = Scenario::read(&dir.path().join("synthetic.toml")).unwrap();
            let instance = Instance::load(&scenario).unwrap();
            prop_assert_eq!(instance.communes.len(), communes);
            Ok(())
        })
        .unwrap();
}

/// Names of any text (without control characters) go through the tables,
/// a plan, `plan.csv` and the plan reader unchanged.
#[test]
fn any_name_round_trips_through_a_written_plan() {
    let fixture = Fixture::new();
    let name = "[=+\\-@'\" ,|<>a-zàồ\u{302}]{1,12}";
    let mut runner = seeded(48);
    runner
        .run(&(name, name, name), |(id, commune, district)| {
            let cell = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            let communes = fixture::COMMUNES.replace(
                "C2,Pa Tần,Alpha",
                &format!("{},{},{}", cell(&id), cell(&commune), cell(&district)),
            );
            let gaps = fixture::GAPS.replace("C2,income", &format!("{},income", cell(&id)));
            fixture.write("communes.csv", &communes);
            fixture.write("gaps.csv", &gaps);
            let instance = match load(&fixture) {
                Ok(instance) => instance,
                // A name that is empty once trimmed, or clashes with
                // another commune's id, is refused; nothing to round-trip.
                Err(e) => {
                    located(&e, &e.location.file.clone(), 1)?;
                    return Ok(());
                }
            };
            let scenario = Scenario::read(&fixture.scenario()).unwrap();
            let run = ntm::run::plan(&instance, &scenario).unwrap();
            let files = ntm::report::plan_tables(&instance, &run, false, ntm::lang::Lang::Vi);
            let plan = fixture.root().join("written-plan.csv");
            std::fs::write(&plan, &files[0].1).unwrap();
            let read = ntm::plan_file::read(&plan).unwrap();
            prop_assert_eq!(read.rows.len(), run.rows.len());
            for (a, b) in read.rows.iter().zip(&run.rows) {
                prop_assert_eq!(&a.commune_id, &b.commune_id);
                prop_assert_eq!(&a.source_id, &b.source_id);
                prop_assert_eq!(a.amount, b.amount);
            }
            prop_assert!(
                ntm::plan_file::label_breaks(&instance, &read.labels, &read.rows).is_empty()
            );
            Ok(())
        })
        .unwrap();
}
