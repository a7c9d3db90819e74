//! `ntm gap SCENARIO [-o DIR]`: the least additional money that meets every
//! target together, and each target alone.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, input_files, language, load, overrides_line};
use crate::error::{InputError, Location, exit};
use crate::gap::{self, GapStatus, TopupRule, TopupScope};
use crate::lang::Lang;
use crate::output::{Foreign, OutputSet};
use crate::report::{self, Format, doc::money};
use crate::scenario::Override;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm gap scenarios/lai-chau-2025.toml
  ntm gap scenarios/lai-chau-2025.toml --topup-like central_ntm --topup-year 2025

Exit codes: 0 found, 1 a solver or write failure, 2 bad input,
3 no top-up of this kind meets all the targets")]
pub struct GapArgs {
    /// The scenario file (TOML); its [targets] are what the money must meet.
    pub scenario: PathBuf,
    /// Output folder [default: out/<scenario file stem>-gap].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Give the top-up this source's eligibility and scope instead of "any
    /// criterion in any commune".
    #[arg(long, value_name = "SOURCE_ID")]
    pub topup_like: Option<String>,
    /// Allow the top-up in this planning year only.
    #[arg(long, value_name = "YEAR")]
    pub topup_year: Option<i32>,
    /// Override a scenario key, e.g. `adjust.cost=1.15` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<Override>,
    /// Write solve_seconds as null, so repeated runs give byte-identical files.
    #[arg(long)]
    pub no_timings: bool,
    /// Language of the report and console [default: the scenario's `language`].
    #[arg(long, value_name = "vi|en")]
    pub lang: Option<Lang>,
    /// Report format: gap.md (and report.md for the plan), .html, .xlsx or
    /// an A4 .pdf (repeatable, or comma-separated) [default: md].
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
    /// Compute as if nothing were committed: without it, payments in the
    /// data's `commitments.csv` stop the command (it does not keep them).
    #[arg(long)]
    pub ignore_commitments: bool,
    /// Solves run at once [default: all cores]. Every figure is exact, so
    /// the files are the same whatever the number.
    #[arg(short = 'j', long = "jobs")]
    pub jobs: Option<usize>,
}

pub fn execute(args: &GapArgs) -> Result<i32, Failure> {
    let jobs = super::jobs(args.jobs)?;
    let (scenario, instance) = load(&args.scenario, &args.overrides, args.lang)?;
    let lang = language(args.lang, &scenario);
    super::refuse_commitments(&scenario, &instance, "gap", args.ignore_commitments, lang)?;
    if scenario.targets.is_empty() {
        return Err(InputError::new(
            Location::file(&scenario.path),
            "the scenario has no [targets]: ntm gap measures the money needed to meet them",
        )
        .into());
    }
    let rule = TopupRule {
        scope: args
            .topup_like
            .clone()
            .map_or(TopupScope::Any, TopupScope::Like),
        year: args.topup_year,
    };
    gap::check_rule(&instance, &rule).map_err(|e| Failure {
        code: exit::BAD_INPUT,
        message: e.0,
    })?;
    let dir = args.output.clone().unwrap_or_else(|| {
        let stem = args
            .scenario
            .file_stem()
            .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from("out").join(format!("{stem}-gap"))
    });
    // A folder that cannot take the output is refused before the solves.
    let output = OutputSet::begin(&dir, &input_files(&scenario), Foreign::Refuse)?;
    // The analysis, the plan of the budget as it is and the ask per source
    // are independent: they run side by side on the `-j` workers.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Failure {
            code: exit::FAILURE,
            message: format!("cannot start {jobs} workers: {e}"),
        })?;
    let (analysis, (budget_only, asks)) = pool.install(|| {
        rayon::join(
            || gap::analyse(&instance, &scenario, &rule),
            || {
                rayon::join(
                    || gap::budget_only(&instance, &scenario),
                    // The ask per source answers "how much from whom" for
                    // the usual top-up; a top-up already tied to one source
                    // is its own ask.
                    || match rule.scope {
                        gap::TopupScope::Any => {
                            gap::ask_per_source(&instance, &scenario, rule.year)
                        }
                        gap::TopupScope::Like(_) => Ok(Vec::new()),
                    },
                )
            },
        )
    });
    let analysis = analysis?;
    let budget_only = budget_only?;
    let asks = asks?;
    let changes = gap::standard_changes(&analysis, &budget_only);
    let context = report::gap::GapContext {
        budget_only: &budget_only,
        asks: &asks,
        changes: &changes,
    };

    let formats = report::finalized(&report::formats_or_default(&args.formats), args.is_final);
    let mut document = report::gap::gap_document(
        analysis.plan.as_ref().map_or(&instance, |p| &p.instance),
        &scenario.name,
        &rule,
        &analysis,
        lang,
        None,
        Some(&context),
    );
    document.agency.clone_from(&scenario.agency);
    let mut files = vec![
        (
            "gap.csv".to_string(),
            report::gap::gap_csv(&instance, &analysis),
        ),
        (
            "gap_by_source.csv".to_string(),
            report::gap::asks_csv(&instance, &asks, lang),
        ),
        (
            "gap_communes.csv".to_string(),
            report::gap::changes_csv(&instance, &changes),
        ),
    ];
    files.extend(report::rendered("gap", &document, &formats)?);
    if let Some(plan) = &analysis.plan {
        files.extend(report::plan_files_as(
            &plan.instance,
            &plan.scenario,
            &plan.run,
            !args.no_timings,
            &formats,
            lang,
        )?);
    }
    output.commit(&files)?;

    if !args.quiet {
        println!(
            "{}",
            lang.pick(
                "vốn cần bổ sung (triệu đồng):",
                "additional funding needed (million VND):"
            )
        );
        if let Some(list) = overrides_line(&scenario) {
            println!("  {}: {list}", lang.pick("thay đổi", "overrides"));
        }
        // Wide enough for the longest label, so the amounts line up.
        let width = std::iter::once(&analysis.all)
            .chain(&analysis.alone)
            .map(|g| report::gap::target_label(g.target, lang).chars().count())
            .fold(52, usize::max);
        for g in std::iter::once(&analysis.all).chain(&analysis.alone) {
            let amount = if g.status == GapStatus::Unreachable {
                "–".to_string()
            } else {
                money(g.total, lang)
            };
            println!(
                "  {:<width$} {amount:>12}  {}",
                report::gap::target_label(g.target, lang),
                report::gap::status_text(g.status, lang)
            );
        }
        // With projects the plan may pause: what pausing does without new
        // money (the plan of every target when the budget meets them, else
        // the budget-only plan).
        if report::projects::in_effect(&budget_only) {
            let run = match &analysis.plan {
                Some(plan) if analysis.all.status == GapStatus::AlreadyMet => &plan.run,
                _ => &budget_only,
            };
            let met = run.outcome.targets.iter().filter(|t| t.met).count();
            let paused = report::projects::paused_money(&instance, run);
            let count = run.selection.paused.len();
            let total = run.outcome.targets.len();
            let paused = money(paused, lang);
            println!(
                "  {}",
                match lang {
                    Lang::Vi => format!(
                        "không có vốn bổ sung: dự án tạm dừng {count} ({paused} triệu đồng), mục tiêu đạt {met}/{total}"
                    ),
                    Lang::En => format!(
                        "without new money: projects paused {count} ({paused} million VND), targets met {met} of {total}"
                    ),
                }
            );
        }
        println!(
            "  {} {}",
            lang.pick("đã ghi vào", "written to"),
            dir.display()
        );
    }
    Ok(if analysis.all.status == GapStatus::Unreachable {
        exit::TARGETS_UNREACHABLE
    } else {
        exit::OK
    })
}
