//! Writing what a plan run produced: one module per format, and one place
//! that puts files on disk all at once.

pub mod compare;
pub mod console;
pub mod evaluate;
pub mod gap;
pub mod maintenance;
pub mod marginal;
pub mod markdown;
pub mod summary;
pub mod sweep;
pub mod tables;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::instance::Instance;
use crate::run::PlanRun;
use crate::scenario::Scenario;

/// Files to write: (file name, contents).
pub type Files = Vec<(String, Vec<u8>)>;

/// Everything `ntm plan` writes.
pub fn plan_files(instance: &Instance, scenario: &Scenario, run: &PlanRun, timings: bool) -> Files {
    vec![
        ("plan.csv".to_string(), tables::plan_csv(instance, run)),
        (
            "communes.csv".to_string(),
            tables::communes_csv(instance, run),
        ),
        (
            "districts.csv".to_string(),
            tables::districts_csv(instance, run),
        ),
        ("sources.csv".to_string(), tables::sources_csv(run)),
        (
            "summary.json".to_string(),
            summary::summary_json(instance, run, timings),
        ),
        (
            "report.md".to_string(),
            markdown::report(instance, scenario, run).into_bytes(),
        ),
    ]
}

#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for WriteError {}

/// Write `files` into `dir`: each first under a temporary name, then all
/// renamed, so a failure leaves no half-written output. Refuses to replace
/// any of `inputs`.
pub fn write_all(dir: &Path, files: &Files, inputs: &[PathBuf]) -> Result<(), WriteError> {
    let fail = |path: &Path, message: String| WriteError {
        path: path.to_path_buf(),
        message,
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| fail(dir, format!("cannot create the output folder: {e}")))?;
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    for (name, _) in files {
        let target = dir.join(name);
        if let Ok(existing) = target.canonicalize()
            && inputs.contains(&existing)
        {
            return Err(fail(
                &target,
                "refusing to overwrite an input file; choose another output folder with -o".into(),
            ));
        }
    }
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |written: &[(PathBuf, PathBuf)]| {
        for (temporary, _) in written {
            let _ = std::fs::remove_file(temporary);
        }
    };
    for (name, contents) in files {
        let target = dir.join(name);
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = std::fs::File::create(&temporary).and_then(|mut f| {
            f.write_all(contents)?;
            f.sync_all()
        });
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temporary);
            cleanup(&written);
            return Err(fail(&target, format!("cannot write: {e}")));
        }
        written.push((temporary, target));
    }
    for (temporary, target) in &written {
        std::fs::rename(temporary, target)
            .map_err(|e| fail(target, format!("cannot write: {e}")))?;
    }
    Ok(())
}
