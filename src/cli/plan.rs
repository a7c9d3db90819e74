//! `ntm plan SCENARIO [-o DIR] [--set KEY=VALUE]…`: the proven-optimal plan and its reports.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, default_output, input_files, load, overrides_line};
use crate::error::exit;
use crate::gap::{self, GapStatus, TopupRule};
use crate::instance::Instance;
use crate::marginal;
use crate::money::Money;
use crate::report;
use crate::report::markdown::money;
use crate::run;
use crate::run::RunError;
use crate::scenario::{Override, Scenario};

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
    /// The step of money (million VND) added to each source and year for
    /// the marginal values [default: 10% of that source in that year].
    #[arg(long, value_name = "MILLIONS", value_parser = positive_money)]
    pub step: Option<Money>,
    /// Skip the marginal values (one more solve per source and year).
    #[arg(long, conflicts_with = "step")]
    pub no_marginal: bool,
    /// Re-solves for the marginal values run at once [default: all cores].
    #[arg(short = 'j', long = "jobs")]
    pub jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

fn positive_money(text: &str) -> Result<Money, String> {
    let amount = Money::parse(text)?;
    if amount <= Money::ZERO {
        return Err(format!(
            "the step must be more than 0 million VND, not {text}"
        ));
    }
    Ok(amount)
}

pub fn execute(args: &PlanArgs) -> Result<(), Failure> {
    let (scenario, instance) = load(&args.scenario, &args.overrides)?;
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.scenario));
    let run = match run::plan_with(&instance, &scenario, false) {
        Ok(run) => run,
        Err(RunError::TargetsUnreachable(_)) => {
            return Err(diagnose(&instance, &scenario, &dir));
        }
        Err(e) => return Err(e.into()),
    };
    let mut files = report::plan_files(&instance, &scenario, &run, !args.no_timings);
    if !args.no_marginal {
        let jobs = args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        let rows = marginal::marginal(&instance, &scenario, &run, args.step, jobs)?;
        let section = report::marginal::section(&instance, &rows, scenario.language);
        for (name, contents) in &mut files {
            if name == "report.md" {
                contents.extend_from_slice(b"\n");
                contents.extend_from_slice(section.as_bytes());
            }
        }
        files.push((
            "marginal.csv".to_string(),
            report::marginal::marginal_csv(&instance, &rows),
        ));
    }
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

/// Enforced targets that cannot all be met: instead of a plan, write what
/// each target reaches alone and the money that would close each
/// (`diagnosis.md`, `gap.csv`), and fail with exit code 3.
fn diagnose(instance: &Instance, scenario: &Scenario, dir: &std::path::Path) -> Failure {
    let rule = TopupRule::default();
    let analysis = match gap::analyse(instance, scenario, &rule) {
        Ok(analysis) => analysis,
        Err(e) => return e.into(),
    };
    let lang = scenario.language;
    let mut diagnosis = format!(
        "{}\n\n",
        lang.pick(
            "> Không lập được kế hoạch: các mục tiêu bắt buộc không thể cùng đạt với vốn hiện có. \
             Dưới đây là mức mỗi mục tiêu đạt được khi đứng riêng và số vốn cần bổ sung.",
            "> No plan: the enforced targets cannot all be met with this money. Below, what \
             each target reaches alone and the money that would close each."
        )
    );
    diagnosis.push_str(&crate::report::gap::gap_md(
        analysis.plan.as_ref().map_or(instance, |p| &p.instance),
        &scenario.name,
        &rule,
        &analysis,
        lang,
    ));
    let files = vec![
        (
            "gap.csv".to_string(),
            crate::report::gap::gap_csv(instance, &analysis),
        ),
        ("diagnosis.md".to_string(), diagnosis.into_bytes()),
    ];
    if let Err(e) = report::write_all(dir, &files, &input_files(scenario)) {
        return e.into();
    }
    let mut message = RunError::TargetsUnreachable(analysis.reach.clone())
        .to_string()
        .trim_end()
        .to_string();
    for (a, b) in &analysis.conflicts {
        message.push_str(&format!("\n  cannot be met together: {a} and {b}"));
    }
    message.push_str("\nmoney that would close them (million VND, a top-up for any criterion):");
    for g in std::iter::once(&analysis.all).chain(&analysis.alone) {
        let amount = match g.status {
            GapStatus::Unreachable => "cannot be met with any amount".to_string(),
            _ => money(g.total),
        };
        message.push_str(&format!("\n  {}: {amount}", g.target));
    }
    message.push_str(&format!(
        "\nthe diagnosis is in {}",
        dir.join("diagnosis.md").display()
    ));
    Failure {
        code: exit::TARGETS_UNREACHABLE,
        message,
    }
}
