//! `ntm sweep SCENARIO [--vary KEY=VALUES]… [-j N] [-o DIR]`: many variants
//! of one scenario, solved in parallel, in one table.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::{Failure, input_files, language, overrides_line};
use crate::error::{InputError, Location, exit};
use crate::instance::Instance;
use crate::lang::Lang;
use crate::output::{Foreign, OutputSet};
use crate::report::{self, Format};
use crate::scenario::{Override, Scenario};
use crate::sweep::{self, Vary};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm sweep scenarios/lai-chau-2025.toml --vary adjust.cost=0.9,1.0,1.15 --vary land_revenue.max_share=0.5:0.7:0.1
  ntm sweep scenarios/lai-chau-2025-sweep.toml -j 2 --format html

Exit codes: 0 every variant proven optimal, 1 a write failure, 2 bad input,
3 some variant has no proven-optimal plan (the count is printed)")]
pub struct SweepArgs {
    /// The scenario file (TOML); its `[sweep]` table is varied first.
    pub scenario: PathBuf,
    /// Vary a key: a list `0.8,0.9,1.0` or an inclusive range `0.8:1.2:0.05`
    /// (repeatable; replaces the same key of the scenario's `[sweep]`).
    #[arg(long = "vary", value_name = "KEY=VALUES")]
    pub varies: Vec<Vary>,
    /// Pair the lists element by element instead of taking every combination.
    #[arg(long)]
    pub zip: bool,
    /// Variants solved at once [default: all cores].
    #[arg(short = 'j', long = "jobs")]
    pub jobs: Option<usize>,
    /// Output folder [default: out/<scenario file stem>-sweep].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Override a scenario key in every variant (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<Override>,
    /// Also write each variant's plan files under DIR/variants/<id>/.
    #[arg(long)]
    pub keep_plans: bool,
    /// Report format: sweep.md, a self-contained sweep.html (with the
    /// budget–outcome curve when one numeric key varies), or the sweep.xlsx
    /// workbook, or an A4 sweep.pdf (repeatable, or comma-separated) [default: md].
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
    /// Language of the console and the reports [default: the scenario's
    /// `language`, else en].
    #[arg(long, value_name = "vi|en")]
    pub lang: Option<Lang>,
    /// Leave solve_seconds empty, so repeated runs give byte-identical files.
    #[arg(long)]
    pub no_timings: bool,
    /// No progress bar and no summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// Compute as if nothing were committed: without it, payments in the
    /// data's `commitments.csv` stop the command (it does not keep them).
    #[arg(long)]
    pub ignore_commitments: bool,
}

pub fn execute(args: &SweepArgs) -> Result<i32, Failure> {
    let in_lang = |e: InputError| match args.lang {
        Some(lang) => e.in_lang(lang),
        None => e,
    };
    let mut scenario = Scenario::read_with(&args.scenario, &args.overrides).map_err(in_lang)?;
    let text = std::fs::read_to_string(&args.scenario).map_err(|e| {
        InputError::new(Location::file(&args.scenario), format!("cannot read: {e}"))
    })?;
    // A sweep reads the data once: with pausing when any variant allows
    // it, so that the lines freed money forms exist for every variant.
    let pause_varies = scenario
        .sweep
        .vary
        .iter()
        .any(|(key, _, _)| key == "projects.allow_pause")
        || args.varies.iter().any(|v| v.key == "projects.allow_pause");
    let instance = if pause_varies {
        let mut pausing = scenario.clone();
        pausing.projects.allow_pause = true;
        Instance::load(&pausing)
    } else {
        Instance::load(&scenario)
    }
    .map_err(in_lang)?;
    instance.settle_names(&mut scenario);
    let lang = language(args.lang, &scenario);
    super::refuse_commitments(&scenario, &instance, "sweep", args.ignore_commitments, lang)?;
    for warning in &instance.warnings {
        eprintln!("warning: {}", warning.get(lang));
    }

    let mut varies: Vec<Vary> = Vec::new();
    for (key, values, location) in &scenario.sweep.vary {
        let vary = Vary::new(key, values)
            .map_err(|why| InputError::new(location.clone(), format!("sweep.vary.{key}: {why}")))?;
        varies.push(vary);
    }
    for vary in &args.varies {
        varies.retain(|v| v.key != vary.key);
        varies.push(vary.clone());
    }
    let keys: Vec<String> = varies.iter().map(|v| v.key.clone()).collect();
    let variants =
        sweep::variants(&varies, args.zip || scenario.sweep.zip).map_err(|why| Failure {
            code: exit::BAD_INPUT,
            message: format!("--vary: {why}"),
        })?;
    let variants = sweep::prepare(
        &args.scenario,
        &text,
        &scenario.overrides,
        &instance,
        variants,
    )
    .map_err(|e| e.in_lang(lang))?;

    let jobs = super::jobs(args.jobs)?;
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.scenario));
    let progress = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(variants.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} variants, {elapsed} elapsed, ETA {eta}",
        ) {
            bar.set_style(style);
        }
        bar
    };
    // The whole set, the variants' plans too, is swapped in at the end.
    let output = OutputSet::begin(&dir, &input_files(&scenario), Foreign::Refuse)?;
    let plans_dir = args.keep_plans.then(|| output.staging().join("variants"));
    let results = sweep::solve(
        &instance,
        &variants,
        jobs,
        plans_dir.as_deref(),
        !args.no_timings,
        &|| progress.inc(1),
    )?;
    progress.finish_and_clear();

    let mut files = vec![(
        "sweep.csv".to_string(),
        report::sweep::sweep_csv(&instance, &scenario, &keys, &results, !args.no_timings),
    )];
    let document = report::sweep::sweep_document(&instance, &scenario, &keys, &results, lang);
    files.extend(report::rendered(
        "sweep",
        &document,
        &report::finalized(&report::formats_or_default(&args.formats), args.is_final),
    )?);
    output.commit(&files)?;

    let unsolved = results.iter().filter(|r| !r.solved()).count();
    let mut by_status: Vec<(&str, usize)> = Vec::new();
    for r in results.iter().filter(|r| !r.solved()) {
        match by_status.iter_mut().find(|(s, _)| *s == r.status()) {
            Some((_, n)) => *n += 1,
            None => by_status.push((r.status(), 1)),
        }
    }
    if !args.quiet {
        if let Some(line) = overrides_line(&scenario) {
            println!("{}: {line}", lang.pick("thay đổi", "overrides"));
        }
        match lang {
            Lang::Vi => println!(
                "quét: {} phương án trên {jobs} luồng, {} đã chứng minh tối ưu",
                results.len(),
                results.len() - unsolved
            ),
            Lang::En => println!(
                "sweep: {} variants on {jobs} workers, {} solved to proven optimality",
                results.len(),
                results.len() - unsolved
            ),
        }
        println!(
            "  {} {}",
            lang.pick("đã ghi vào", "written to"),
            dir.display()
        );
    }
    if unsolved > 0 {
        let counts: Vec<String> = by_status.iter().map(|(s, n)| format!("{n} {s}")).collect();
        match lang {
            Lang::Vi => eprintln!(
                "{unsolved}/{} phương án không có kế hoạch tối ưu đã chứng minh ({}); xem cột status của sweep.csv",
                results.len(),
                counts.join(", ")
            ),
            Lang::En => eprintln!(
                "{unsolved} of {} variants have no proven-optimal plan ({}); see the status column of sweep.csv",
                results.len(),
                counts.join(", ")
            ),
        }
        let relaxed = results.iter().filter(|r| r.is_relaxed()).count();
        if relaxed > 0 {
            match lang {
                Lang::Vi => eprintln!(
                    "  {relaxed} phương án không đủ vốn đạt mọi mục tiêu: dòng của chúng ghi kế hoạch khi không bắt buộc mục tiêu và vốn còn thiếu (cột shortfall, như ntm gap)"
                ),
                Lang::En => eprintln!(
                    "  {relaxed} variants short of their enforced targets: their rows show the plan without them and the shortfall (as ntm gap)"
                ),
            }
        }
        return Ok(exit::TARGETS_UNREACHABLE);
    }
    Ok(exit::OK)
}

/// `out/<scenario file stem>-sweep`.
fn default_output(scenario_path: &Path) -> PathBuf {
    let stem = scenario_path
        .file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().to_string());
    Path::new("out").join(format!("{stem}-sweep"))
}
