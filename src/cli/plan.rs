//! `ntm plan SCENARIO [-o DIR] [--set KEY=VALUE]… [--format md|html|xlsx]… [--lang vi|en]`:
//! the proven-optimal plan and its reports.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, default_output, input_files, language, load, overrides_line};
use crate::lang::Lang;
use crate::report::{self, Format};
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
    /// Report format: report.md, a self-contained report.html, or the
    /// report.xlsx workbook (repeatable, or comma-separated) [default: md].
    #[arg(long = "format", value_name = "md|html|xlsx", value_delimiter = ',')]
    pub formats: Vec<Format>,
    /// Language of the console and the reports [default: the scenario's
    /// `language`, else en].
    #[arg(long, value_name = "vi|en")]
    pub lang: Option<Lang>,
    /// Write solve_seconds as null, so repeated runs give byte-identical files.
    #[arg(long)]
    pub no_timings: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn execute(args: &PlanArgs) -> Result<(), Failure> {
    let (scenario, instance) = load(&args.scenario, &args.overrides)?;
    let lang = language(args.lang, &scenario);
    let run = run::plan(&instance, &scenario)?;
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.scenario));
    let files = report::plan_files_as(
        &instance,
        &scenario,
        &run,
        !args.no_timings,
        &args.formats,
        lang,
    )?;
    report::write_all(&dir, &files, &input_files(&scenario))?;
    if !args.quiet {
        let headline = report::console::headline(&instance, &run, lang);
        // The overrides go right under the headline's first line.
        let (first, rest) = headline.split_once('\n').unwrap_or((&headline, ""));
        println!("{first}");
        if let Some(list) = overrides_line(&scenario) {
            println!("  {}: {list}", lang.pick("thay đổi", "overrides"));
        }
        print!("{rest}");
        println!(
            "  {} {}",
            lang.pick("đã ghi vào", "written to"),
            dir.display()
        );
    }
    Ok(())
}
