//! `ntm compare A B [C…] [-o DIR]`: plans side by side, and exactly how each
//! differs from the first.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, input_files};
use crate::compare::{Origin, PlanView, load};
use crate::lang::Lang;
use crate::report::{self, Format};
use crate::scenario::Scenario;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm compare out/base out/costs-up
  ntm compare out/base scenarios/lai-chau-2025.toml:ke-hoach-huyen.csv --format xlsx

Exit codes: 0 compared, 1 a write failure, 2 bad input (an argument that is
not a plan folder or SCENARIO:PLAN.csv, or a file that cannot be read)")]
pub struct CompareArgs {
    /// Plans to compare: output folders of `ntm plan`, or SCENARIO:PLAN.csv
    /// (a plan file judged against a scenario). The first is the reference.
    #[arg(required = true, num_args = 2.., value_name = "PLAN")]
    pub plans: Vec<String>,
    /// Output folder [default: out/compare].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Language of the report and console: vi or en [default: the first
    /// scenario's `language`, or en when every plan is a folder].
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Report format: compare.md, .html, .xlsx or an A4 .pdf (repeatable, or
    /// comma-separated) [default: md].
    #[arg(
        long = "format",
        value_name = "md|html|xlsx|pdf",
        value_delimiter = ','
    )]
    pub formats: Vec<Format>,
    /// With --format pdf: the final document, without the "DỰ THẢO" (draft)
    /// mark on every page.
    #[arg(long = "final")]
    pub is_final: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn execute(args: &CompareArgs) -> Result<(), Failure> {
    let origins = args
        .plans
        .iter()
        .map(|a| Origin::parse(a))
        .collect::<Result<Vec<_>, _>>()?;
    let plans = origins
        .iter()
        .enumerate()
        .map(|(i, o)| load(o, i))
        .collect::<Result<Vec<PlanView>, _>>()?;
    let lang = args
        .lang
        .or_else(|| plans.iter().find_map(|p| p.language))
        .unwrap_or_default();
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join("compare"));
    // No plan's own files, nor any scenario's, may be replaced.
    let mut inputs = Vec::new();
    for origin in &origins {
        match origin {
            Origin::Folder(folder) => {
                if let Ok(entries) = std::fs::read_dir(folder) {
                    inputs.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
                }
            }
            Origin::Evaluated { scenario, plan } => {
                inputs.push(plan.clone());
                if let Ok(s) = Scenario::read(scenario) {
                    inputs.extend(input_files(&s));
                }
            }
        }
    }
    let files = report::compare::files(
        &plans,
        lang,
        &report::finalized(&args.formats, args.is_final),
    )?;
    report::write_all(&dir, &files, &inputs)?;
    if !args.quiet {
        print!("{}", report::compare::console(&plans, lang));
        println!(
            "  {} {}",
            lang.pick("đã ghi vào", "written to"),
            dir.display()
        );
    }
    Ok(())
}
