//! `ntm plan SCENARIO [-o DIR] [--set KEY=VALUE]…`: the proven-optimal plan and its reports.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, default_output, input_files, load, overrides_line};
use crate::report;
use crate::run;
use crate::scenario::Override;

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Output folder [default: out/<scenario file stem>].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Override a scenario key, e.g. `adjust.cost=1.15` (repeatable; the last
    /// one of a key wins).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<Override>,
    /// Write solve_seconds as null, so repeated runs give byte-identical files.
    #[arg(long)]
    pub no_timings: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn execute(args: &PlanArgs) -> Result<(), Failure> {
    let (scenario, instance) = load(&args.scenario, &args.overrides)?;
    let run = run::plan(&instance, &scenario)?;
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.scenario));
    let files = report::plan_files(&instance, &scenario, &run, !args.no_timings);
    report::write_all(&dir, &files, &input_files(&scenario))?;
    if !args.quiet {
        let headline = report::console::headline(&instance, &run);
        // The overrides go right under the headline's first line.
        let (first, rest) = headline.split_once('\n').unwrap_or((&headline, ""));
        println!("{first}");
        if let Some(list) = overrides_line(&scenario) {
            println!("  overrides: {list}");
        }
        print!("{rest}");
        println!("  written to {}", dir.display());
    }
    Ok(())
}
