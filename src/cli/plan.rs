//! `ntm plan SCENARIO [-o DIR]`: the proven-optimal plan and its reports.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, default_output, input_files, load};
use crate::report;
use crate::run;

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Output folder [default: out/<scenario file stem>].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Write solve_seconds as null, so repeated runs give byte-identical files.
    #[arg(long)]
    pub no_timings: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn execute(args: &PlanArgs) -> Result<(), Failure> {
    let (scenario, instance) = load(&args.scenario)?;
    let run = run::plan(&instance, &scenario)?;
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.scenario));
    let files = report::plan_files(&instance, &scenario, &run, !args.no_timings);
    report::write_all(&dir, &files, &input_files(&scenario))?;
    if !args.quiet {
        print!("{}", report::console::headline(&instance, &run));
        println!("  written to {}", dir.display());
    }
    Ok(())
}
