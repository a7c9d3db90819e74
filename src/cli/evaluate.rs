//! `ntm evaluate SCENARIO --plan FILE.csv [-o DIR]`: judge a plan written by
//! hand against the rules and against the best plan the same money allows.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Failure, input_files, load, overrides_line};
use crate::budget::Budget;
use crate::distance::distance;
use crate::error::exit;
use crate::evaluate::evaluate;
use crate::lang::Lang;
use crate::plan_file;
use crate::report::{self, Format, evaluate::Evaluation};
use crate::scenario::Override;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm evaluate scenarios/lai-chau-2025.toml --plan ke-hoach-huyen.csv
  ntm evaluate scenarios/lai-chau-2025.toml --plan out/lai-chau-2025/plan.csv --lang vi --format html

Exit codes: 0 the plan keeps every rule, 1 a solver or write failure,
2 bad input, 4 the plan breaks a rule (the reports are written either way)")]
pub struct EvaluateArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// The plan to evaluate, in the `plan.csv` format.
    #[arg(long, value_name = "FILE.csv")]
    pub plan: PathBuf,
    /// Output folder [default: out/<plan file stem>-evaluate].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Override a scenario key, e.g. `adjust.cost=1.15` (repeatable; the last
    /// one of a key wins).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<Override>,
    /// Language of the report and console: vi or en [default: the scenario's `language`].
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Report format: evaluate.md, .html, .xlsx or an A4 .pdf (repeatable, or
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

/// `out/<plan file stem>-evaluate`.
fn default_output(plan: &Path) -> PathBuf {
    let stem = plan
        .file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    Path::new("out").join(format!("{stem}-evaluate"))
}

/// Exit code 0 when the plan keeps every rule, 4 when it breaks any; the
/// reports are written either way.
pub fn execute(args: &EvaluateArgs) -> Result<i32, Failure> {
    let (scenario, instance) = load(&args.scenario, &args.overrides, args.lang)?;
    let lang = args.lang.unwrap_or(scenario.language);
    let mut file = plan_file::read(&args.plan)?;
    plan_file::resolve_names(&instance, &mut file.rows);
    let budget = Budget::new(&instance, &scenario);
    let mut outcome = evaluate(&instance, &scenario, &budget, &file.rows);
    outcome
        .breaks
        .extend(plan_file::label_breaks(&instance, &file.labels, &file.rows));
    outcome
        .breaks
        .sort_by_key(|b| b.rows.first().copied().unwrap_or(0));
    let distance = distance(&instance, &scenario, &outcome)?;
    let evaluation = Evaluation {
        plan_file: &args.plan,
        outcome: &outcome,
        distance: &distance,
    };
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.plan));
    let files = report::evaluate::files(
        &instance,
        &scenario,
        &evaluation,
        lang,
        &report::finalized(&args.formats, args.is_final),
    )?;
    let mut inputs = input_files(&scenario);
    inputs.push(args.plan.clone());
    report::write_all(&dir, &files, &inputs)?;
    if !args.quiet {
        let text = report::evaluate::console(&instance, &evaluation, lang);
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
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
    Ok(if outcome.keeps_rules() {
        exit::OK
    } else {
        exit::PLAN_BREAKS_RULES
    })
}
