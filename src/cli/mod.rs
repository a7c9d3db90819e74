//! The command line: one file per subcommand, each a thin layer over the
//! library.

pub mod check;
pub mod compare;
pub mod curve;
pub mod evaluate;
pub mod gap;
pub mod generate;
pub mod plan;
pub mod sweep;
pub mod template;

use std::path::{Path, PathBuf};

use crate::error::{InputError, Location, exit};
use crate::instance::Instance;
use crate::lang::Lang;
use crate::report::WriteError;
use crate::run::RunError;
use crate::scenario::{Override, Scenario};

/// A command that did not succeed: the message and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Failure {
        Failure {
            code: exit::BAD_INPUT,
            message: e.to_string(),
        }
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Failure {
        Failure {
            code: exit::FAILURE,
            message: e.to_string(),
        }
    }
}

impl From<RunError> for Failure {
    fn from(e: RunError) -> Failure {
        let code = match e {
            RunError::TargetsUnreachable(_) => exit::TARGETS_UNREACHABLE,
            RunError::BreaksRules(_) => exit::PLAN_BREAKS_RULES,
            RunError::Solve(_) | RunError::Shortfall(_) => exit::FAILURE,
        };
        Failure {
            code,
            message: e.to_string().trim_end().to_string(),
        }
    }
}

/// Read the scenario with its `--set` overrides and its tables, printing the
/// data's warnings. An error is shown in `lang` when given (`--lang`), else
/// in the scenario's language.
pub fn load(
    path: &Path,
    overrides: &[Override],
    lang: Option<Lang>,
) -> Result<(Scenario, Instance), Failure> {
    let in_lang = |e: InputError| match lang {
        Some(lang) => e.in_lang(lang),
        None => e,
    };
    let mut scenario = Scenario::read_with(path, overrides).map_err(in_lang)?;
    let instance = Instance::load(&scenario).map_err(in_lang)?;
    instance.settle_names(&mut scenario);
    let shown = lang.unwrap_or(scenario.language);
    for warning in &instance.warnings {
        eprintln!("warning: {}", warning.get(shown));
    }
    Ok((scenario, instance))
}

/// `ntm gap`, `sweep` and `curve` plan the whole programme afresh: they do
/// not keep the payments of `commitments.csv` (`ntm plan` does). With such
/// payments in the data they stop, naming the file, rather than give
/// figures that silently leave them out, unless `--ignore-commitments`
/// asks for exactly that. The commitments are checked either way.
pub fn refuse_commitments(
    scenario: &Scenario,
    instance: &Instance,
    command: &str,
    ignore: bool,
    lang: Lang,
) -> Result<(), Failure> {
    let commitments = crate::commitments::Commitments::load(scenario, instance, None, &[])
        .map_err(|e| e.in_lang(lang))?;
    if commitments.is_empty() || ignore {
        return Ok(());
    }
    let file = commitments
        .files
        .first()
        .cloned()
        .unwrap_or_else(|| scenario.data_dir.clone());
    let n = commitments.items.len();
    Err(InputError::new(
        Location::file(&file),
        crate::text!(
            "{n} khoản đã cam kết: ntm {command} chưa lập kế hoạch giữ các khoản này (ntm plan giữ chúng); thêm --ignore-commitments để tính như chưa cam kết khoản nào",
            "{n} committed payments: ntm {command} does not yet plan around commitments (ntm plan keeps them); add --ignore-commitments to compute as if nothing were committed"
        ),
    )
    .in_lang(lang)
    .into())
}

/// `KEY=VALUE, …`: the overrides in effect, for the console.
pub fn overrides_line(scenario: &Scenario) -> Option<String> {
    if scenario.overrides.is_empty() {
        return None;
    }
    let list: Vec<String> = scenario.overrides.iter().map(ToString::to_string).collect();
    Some(list.join(", "))
}

/// The files a scenario was read from, which no output may replace.
pub fn input_files(scenario: &Scenario) -> Vec<PathBuf> {
    let mut inputs = vec![scenario.path.clone(), scenario.data_dir.clone()];
    if let Ok(entries) = std::fs::read_dir(&scenario.data_dir) {
        inputs.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    inputs
}

/// The workers for `-j N`: all cores when not given; more than the cores
/// only slow each other (and thousands of threads stall the machine), so
/// N is capped at the cores with a note. 0 is bad input.
pub fn jobs(flag: Option<usize>) -> Result<usize, Failure> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    match flag {
        None => Ok(cores),
        Some(0) => Err(Failure {
            code: exit::BAD_INPUT,
            message: "-j must be at least 1".into(),
        }),
        Some(n) if n > cores => {
            eprintln!("note: -j {n} is more than the {cores} cores here; using {cores}");
            Ok(cores)
        }
        Some(n) => Ok(n),
    }
}

/// `out/<scenario file stem>`.
pub fn default_output(scenario_path: &Path) -> PathBuf {
    let stem = scenario_path
        .file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_os_string());
    Path::new("out").join(stem)
}

/// The language of a command's human-facing text: `--lang` when given, else
/// the scenario's `language` key.
pub fn language(flag: Option<Lang>, scenario: &Scenario) -> Lang {
    flag.unwrap_or(scenario.language)
}
