//! An output folder holds exactly one run (issue 11 §1): the process is
//! killed (`NTM_FAULT_AFTER_STEP`, SIGKILL) after every write step, and the
//! folder always holds the complete old set or the complete new one;
//! foreign folders and folders holding inputs are refused; a symlink at a
//! temporary name is never written through; concurrent runs wait for the
//! lock.

mod fixture;

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use fixture::{Fixture, assert_no_panic, snapshot, stderr};

/// `ntm plan` into `out` with `args`, and `NTM_FAULT_AFTER_STEP=fault`.
fn plan(fixture: &Fixture, out: &Path, args: &[&str], fault: Option<usize>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ntm"));
    command
        .arg("plan")
        .arg(fixture.scenario())
        .arg("-o")
        .arg(out)
        .arg("--no-timings")
        .args(args)
        .current_dir(fixture.root());
    if let Some(step) = fault {
        command.env("NTM_FAULT_AFTER_STEP", step.to_string());
    }
    command.output().expect("run ntm")
}

/// What `ntm plan` writes first: the marginal values and an HTML report.
const OLD: &[&str] = &["--format", "md,html"];
/// The second run: no marginal values, other costs, and so other files.
const NEW: &[&str] = &["--no-marginal", "--set", "adjust.cost=1.1"];

/// Entries beside `out` other than the fixture's own and the lock.
fn litter(fixture: &Fixture) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["scenario.toml", "data", "out", ".out.ntm-lock"].contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

#[test]
fn a_kill_at_any_write_step_leaves_the_old_set_or_the_new_one() {
    let fixture = Fixture::new();
    let out = fixture.out();
    let inputs = snapshot(fixture.root().join("data").as_path());
    assert!(plan(&fixture, &out, NEW, None).status.success());
    let new = snapshot(&out);
    assert!(plan(&fixture, &out, OLD, None).status.success());
    let old = snapshot(&out);
    assert_ne!(old, new);
    assert!(old.iter().any(|(p, _)| p == Path::new("report.html")));
    assert!(!new.iter().any(|(p, _)| p == Path::new("marginal.csv")));

    let (mut saw_old, mut saw_new) = (0, 0);
    let mut finished = false;
    for step in 1..100 {
        let before = plan(&fixture, &out, OLD, None);
        assert!(before.status.success(), "{}", stderr(&before));
        let run = plan(&fixture, &out, NEW, Some(step));
        if run.status.success() {
            assert_eq!(snapshot(&out), new, "a run that was not killed");
            finished = true;
            break;
        }
        assert_eq!(
            run.status.signal(),
            Some(9),
            "step {step}: {}",
            stderr(&run)
        );
        let now = snapshot(&out);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!("killed after step {step}, the folder holds neither set: {now:?}");
        }
    }
    assert!(finished, "the run ends within 100 steps");
    assert!(saw_old >= 5, "killed before the swap {saw_old} times");
    assert!(saw_new >= 1, "killed after the swap {saw_new} times");
    // The last run cleared what the killed ones left beside the folder.
    assert_eq!(litter(&fixture), Vec::<String>::new());
    assert_eq!(snapshot(&fixture.root().join("data")), inputs);
}

#[test]
fn no_plan_leaves_no_old_plan_behind() {
    let fixture = Fixture::new();
    let out = fixture.out();
    assert!(plan(&fixture, &out, OLD, None).status.success());
    // Every criterion everywhere is out of reach when each is paid within
    // one year's money.
    let unreachable = [
        "--set",
        "payments.rule=one_year",
        "--set",
        "targets.min_criteria_per_commune=19",
        "--set",
        "targets.enforce=true",
    ];
    let run = plan(&fixture, &out, &unreachable, None);
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    let names: Vec<PathBuf> = snapshot(&out).into_iter().map(|(p, _)| p).collect();
    let expected: Vec<PathBuf> = [".ntm-output", "diagnosis.md", "gap.csv"]
        .iter()
        .map(PathBuf::from)
        .collect();
    assert_eq!(names, expected);
}

#[test]
fn a_folder_ntm_did_not_write_is_refused_and_left_alone() {
    let fixture = Fixture::new();
    let out = fixture.out();
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(out.join("plan.csv"), "my own plan").unwrap();
    let run = plan(&fixture, &out, &[], None);
    assert_no_panic(&run);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("ntm did not write `notes.txt`"), "{err}");
    assert_eq!(std::fs::read(out.join("plan.csv")).unwrap(), b"my own plan");
    assert_eq!(snapshot(&out).len(), 2);

    // A file added to ntm's folder is not ntm's either.
    let mine = fixture.root().join("mine");
    assert!(plan(&fixture, &mine, &[], None).status.success());
    std::fs::write(mine.join("notes.txt"), "mine").unwrap();
    let run = plan(&fixture, &mine, &[], None);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(std::fs::read(mine.join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn a_folder_holding_an_input_is_refused() {
    let fixture = Fixture::new();
    let data = snapshot(&fixture.data_dir());
    for out in [fixture.data_dir(), fixture.root().to_path_buf()] {
        let run = plan(&fixture, &out, &[], None);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        assert!(stderr(&run).contains("holds an input file of this run"));
        assert_eq!(snapshot(&fixture.data_dir()), data);
    }
}

#[test]
fn a_folder_from_before_manifests_is_taken_when_it_holds_only_ntm_files() {
    let fixture = Fixture::new();
    let out = fixture.out();
    std::fs::create_dir(&out).unwrap();
    for name in [
        "plan.csv",
        "report.html",
        "marginal.csv",
        ".summary.json.77.tmp",
    ] {
        std::fs::write(out.join(name), "old").unwrap();
    }
    let run = plan(&fixture, &out, NEW, None);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!out.join("report.html").exists());
    assert!(!out.join("marginal.csv").exists());
    assert!(!out.join(".summary.json.77.tmp").exists());
}

#[test]
fn a_symlink_at_a_temporary_name_is_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("keep.txt"), "precious").unwrap();
    let out = dir.path().join("out");
    // This process's temporary names, for the first few sets it writes.
    for n in 0..20 {
        let name = format!(".out.ntm-{}-{n}.tmp", std::process::id());
        std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
    }
    let files = vec![("plan.csv".to_string(), b"x".to_vec())];
    ::ntm::output::write_set(&out, &files, &[]).unwrap();
    assert_eq!(std::fs::read(out.join("plan.csv")).unwrap(), b"x");
    let victim_files: Vec<_> = std::fs::read_dir(&victim).unwrap().collect();
    assert_eq!(victim_files.len(), 1);
    assert_eq!(std::fs::read(victim.join("keep.txt")).unwrap(), b"precious");
}

#[test]
fn a_second_run_into_the_folder_waits_for_the_first() {
    use std::os::fd::AsRawFd;
    let fixture = Fixture::new();
    let out = fixture.out();
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(fixture.root().join(".out.ntm-lock"))
        .unwrap();
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) }, 0);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ntm"))
        .arg("plan")
        .arg(fixture.scenario())
        .arg("-o")
        .arg(&out)
        .arg("--no-timings")
        .current_dir(fixture.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Its set is complete beside the folder (the manifest is the last file
    // written before the lock is taken) and it waits.
    let started = std::time::Instant::now();
    let waiting = loop {
        let staged = std::fs::read_dir(fixture.root())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| {
                e.file_name().to_string_lossy().starts_with(".out.ntm-")
                    && e.path().join(".ntm-output").exists()
            });
        if staged {
            break true;
        }
        if started.elapsed().as_secs() > 60 || child.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(waiting, "the run staged its set and waits for the lock");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "it waits for the lock");
    assert!(!out.exists());
    drop(lock);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(stderr(&output).contains("another ntm run is writing into"));
    assert!(out.join("plan.csv").exists());
}

#[test]
fn gap_and_curve_refuse_a_foreign_folder_before_solving() {
    let fixture = Fixture::new();
    let out = fixture.root().join("foreign");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let scenario = fixture.scenario();
    for command in [
        vec![
            "gap",
            scenario.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        vec![
            "curve",
            scenario.to_str().unwrap(),
            "--source",
            "central",
            "--from",
            "0.5",
            "--to",
            "1",
            "--steps",
            "2",
            "-o",
            out.to_str().unwrap(),
        ],
    ] {
        let args: Vec<&std::ffi::OsStr> = command.iter().map(std::ffi::OsStr::new).collect();
        let run = fixture::ntm(fixture.root(), &args);
        assert_no_panic(&run);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        let err = stderr(&run);
        assert!(err.contains("ntm did not write `notes.txt`"), "{err}");
        // Refused before any solve: nothing printed about a plan.
        assert!(
            fixture::stdout(&run).is_empty(),
            "{}",
            fixture::stdout(&run)
        );
        assert_eq!(snapshot(&out).len(), 1);
    }
}
