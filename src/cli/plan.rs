//! `ntm plan SCENARIO [-o DIR] [--set KEY=VALUE]… [--format md|html|xlsx]… [--lang vi|en] [--no-gap]`:
//! the proven-optimal plan and its reports.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, default_output, input_files, language, load, overrides_line};
use crate::commitments::Commitments;
use crate::error::exit;
use crate::gap::{self, GapStatus, TopupRule};
use crate::instance::Instance;
use crate::lang::Lang;
use crate::marginal;
use crate::money::Money;
use crate::output::{Foreign, OutputSet};
use crate::report::verdict::GapKnown;
use crate::report::{self, Format};
use crate::run;
use crate::run::RunError;
use crate::scenario::{Override, Scenario};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm plan scenarios/lai-chau-2025.toml
  ntm plan scenarios/lai-chau-2025.toml -o out/costs-up --set adjust.cost=1.15 --format html --format xlsx
  ntm plan scenarios/lai-chau-2025.toml --set payments.rule=one_year --lang en
  ntm plan scenarios/lai-chau-2025.toml -o out/replan --from-plan out/lai-chau-2025/plan.csv --replan-from 2025

Exit codes: 0 planned, 1 a solver or write failure, 2 bad input,
3 enforced targets cannot be met (diagnosis.md and gap.csv say why)")]
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
    /// report.xlsx workbook, or an A4 report.pdf (repeatable, or comma-separated) [default: md].
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
    /// Skip the least additional money that would meet every target (the
    /// verdict then says only which targets are met).
    #[arg(long)]
    pub no_gap: bool,
    /// Solves run at once for the verdict's money and the marginal values
    /// [default: all cores].
    #[arg(short = 'j', long = "jobs")]
    pub jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// A plan approved earlier (plan.csv, or the plan sheet of a workbook,
    /// as `ntm evaluate --plan` reads it): its payments before
    /// --replan-from are kept as commitments and the rest is planned again
    /// on the scenario's data.
    #[arg(long, value_name = "FILE", requires = "replan_from")]
    pub from_plan: Option<PathBuf>,
    /// With --from-plan: the first year planned again; no new payment is
    /// made before it.
    #[arg(long, value_name = "YEAR", requires = "from_plan")]
    pub replan_from: Option<i32>,
    /// With --from-plan: the projects the approved plan pauses
    /// (paused_projects.csv as `ntm plan` writes it) [default: the
    /// paused_projects.csv beside the --from-plan file, when there is one].
    /// Those of years before --replan-from stay paused; the later ones are
    /// decided again.
    #[arg(long, value_name = "FILE", requires = "from_plan")]
    pub paused: Option<PathBuf>,
}

const MAX_STEP_MILLIONS: i64 = 1_000_000_000_000;

fn positive_money(text: &str) -> Result<Money, String> {
    let amount = Money::parse(text).map_err(|why| why.en)?;
    if amount <= Money::ZERO {
        return Err(format!(
            "the step must be more than 0 million VND, not {text}"
        ));
    }
    // The cap every table's total has: far above any province's programme,
    // and low enough that sums of money in đồng cannot overflow.
    if amount > Money::from_millions(MAX_STEP_MILLIONS) {
        return Err(format!(
            "the step must be at most 1,000,000,000,000 million VND, not {text}"
        ));
    }
    Ok(amount)
}

/// The projects the approved plan of --from-plan pauses: --paused, or the
/// `paused_projects.csv` `ntm plan` wrote beside it (when the scenario
/// allows pausing, so that a scenario that no longer does is not refused
/// for a file it did not name).
fn approved_paused(args: &PlanArgs, scenario: &Scenario) -> Option<PathBuf> {
    if args.paused.is_some() {
        return args.paused.clone();
    }
    let beside = args
        .from_plan
        .as_deref()?
        .parent()
        .map(|dir| dir.join("paused_projects.csv"))?;
    (scenario.projects.allow_pause && beside.is_file()).then_some(beside)
}

pub fn execute(args: &PlanArgs) -> Result<(), Failure> {
    let (scenario, instance) = load(&args.scenario, &args.overrides, args.lang)?;
    let lang = language(args.lang, &scenario);
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.scenario));
    crate::model::watch::trace("loaded");
    let from_plan = args.from_plan.as_deref().zip(args.replan_from);
    let paused_file = approved_paused(args, &scenario);
    let paused = match (&paused_file, args.replan_from) {
        (Some(path), Some(from)) => crate::projects::read_paused(path, &instance, &scenario)
            .map_err(|e| e.in_lang(lang))?
            .into_iter()
            .filter(|p| instance.projects[*p].year < from)
            .collect(),
        _ => Vec::new(),
    };
    let mut commitments =
        Commitments::load(&scenario, &instance, from_plan, &paused).map_err(|mut e| {
            // An approved plan that paused projects spends their money: when
            // its payments would fit with projects paused before the re-plan,
            // say how to name them.
            let fits_paused = || {
                let before: Vec<usize> = (0..instance.projects.len())
                    .filter(|p| {
                        let project = &instance.projects[*p];
                        project.pausable && args.replan_from.is_some_and(|y| project.year < y)
                    })
                    .collect();
                !before.is_empty()
                    && crate::projects::pausing(&instance, &scenario)
                    && Commitments::load(&scenario, &instance, from_plan, &before).is_ok()
            };
            if paused_file.is_none() && fits_paused() {
                e.message.push_str(
                    "; if the approved plan paused projects, name them with --paused FILE \
                     (its paused_projects.csv)",
                );
                if let Some(vi) = &mut e.message_vi {
                    vi.push_str(
                        "; nếu kế hoạch đã duyệt có tạm dừng dự án, hãy chỉ ra bằng --paused FILE \
                         (tệp paused_projects.csv của nó)",
                    );
                }
            }
            e.in_lang(lang)
        })?;
    if !commitments.paused.is_empty() {
        commitments.paused_file.clone_from(&paused_file);
    }
    let mut inputs = input_files(&scenario);
    inputs.extend(args.from_plan.clone());
    inputs.extend(paused_file.clone());
    let jobs = super::jobs(args.jobs)?;
    // A folder that cannot take the output is refused before the solve.
    let output = OutputSet::begin(&dir, &inputs, Foreign::Refuse)?;
    // The verdict's money (the least top-up and which targets clash) does
    // not depend on the plan: with a second worker it runs beside the
    // tiers, and is used only when the plan misses a target (enforced
    // targets are met or diagnosed instead). Its answers are exact, so
    // they are the same as after the plan, where the plan is a witness.
    let rule = TopupRule::default();
    let early_topup = !args.no_gap
        && jobs > 1
        && commitments.is_empty()
        && commitments.replan_from.is_none()
        && !scenario.targets.is_empty()
        && !scenario.targets.enforce;
    let pool = early_topup
        .then(|| rayon::ThreadPoolBuilder::new().num_threads(2).build().ok())
        .flatten();
    let (planned, early) = match &pool {
        Some(pool) => {
            let (planned, early) = pool.install(|| {
                rayon::join(
                    || run::plan_committed(&instance, &scenario, &commitments, false),
                    || gap::analyse_together(&instance, &scenario, &rule, &[], 1),
                )
            });
            (planned, Some(early))
        }
        None => (
            run::plan_committed(&instance, &scenario, &commitments, false),
            None,
        ),
    };
    let run = match planned {
        Ok(run) => run,
        Err(RunError::TargetsUnreachable(_)) => {
            return Err(diagnose(
                &instance,
                &scenario,
                output,
                &dir,
                lang,
                &report::finalized(&args.formats, args.is_final),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    crate::model::watch::trace("planned");
    let mut files = report::plan_tables(&instance, &run, !args.no_timings, lang);
    // The verdict's money, as `ntm gap` computes it, only when a target is
    // missed: otherwise there is nothing to close.
    let missed = run.outcome.targets.iter().any(|t| !t.met);
    // The gap plans the whole programme afresh, without the commitments:
    // not computed for a plan that keeps some (the marginal values keep
    // them).
    let kept = run.kept.as_deref();
    let analysis = if missed && !args.no_gap && kept.is_none() {
        Some(match early {
            Some(early) => early?,
            None => gap::analyse_together(&instance, &scenario, &rule, &[&run.outcome], jobs)?,
        })
    } else {
        None
    };
    crate::model::watch::trace("verdict's gap");
    let known = analysis
        .as_ref()
        .map_or(GapKnown::NotComputed, GapKnown::Computed);
    let mut document = report::plan::plan_document_with(&instance, &scenario, &run, lang, known);
    if let Some(kept) = kept {
        report::commitments::add(&mut document, kept, lang);
    }
    if !args.no_marginal {
        let commitments = kept.map(|k| &k.commitments);
        let rows =
            marginal::marginal_kept(&instance, &scenario, &run, args.step, jobs, commitments)?;
        report::marginal::add(&mut document, &instance, &rows, lang);
        files.push((
            "marginal.csv".to_string(),
            report::marginal::marginal_csv(&instance, &rows, lang),
        ));
    }
    crate::model::watch::trace("marginal values");
    files.extend(report::rendered(
        "report",
        &document,
        &report::finalized(&report::formats_or_default(&args.formats), args.is_final),
    )?);
    crate::model::watch::trace("reports");
    output.commit(&files)?;
    crate::model::watch::trace("written");
    if !args.quiet {
        let headline = report::console::headline(&instance, &run, lang);
        // The overrides go right under the headline's first line.
        let (first, rest) = headline.split_once('\n').unwrap_or((&headline, ""));
        println!("{first}");
        if let Some(list) = overrides_line(&scenario) {
            println!("  {}: {list}", lang.pick("thay đổi", "overrides"));
        }
        if let Some(kept) = kept {
            println!("  {}", report::commitments::summary(kept, lang));
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

/// Enforced targets that cannot all be met: instead of a plan, write what
/// each target reaches alone and the money that would close each
/// (`diagnosis.md`, `gap.csv`), and fail with exit code 3.
/// The console's diagnosis of enforced targets out of reach, in
/// Vietnamese, the targets named as the reports name them.
fn diagnosis_vi(analysis: &gap::GapAnalysis, file: &std::path::Path) -> String {
    let label = |name: &str| report::gap::target_label(name, Lang::Vi);
    // A share is shown in per cent, as the reports show it.
    let figure = |name: &str, x: f64| {
        let x = if name == "villages_share_in_especially_difficult" {
            x * 100.0
        } else {
            x
        };
        report::doc::decimal(x, if x.fract() == 0.0 { 0 } else { 2 }, Lang::Vi)
    };
    let mut text = String::from("không thể cùng đạt mọi mục tiêu bắt buộc:");
    for r in &analysis.reach {
        let verdict = if r.reachable() {
            "đạt được khi đứng riêng"
        } else {
            "không thể đạt"
        };
        text.push_str(&format!(
            "\n  {}: yêu cầu {}, riêng mục tiêu này đạt tối đa {} ({verdict})",
            label(r.name),
            figure(r.name, r.required),
            figure(r.name, r.best_alone)
        ));
    }
    if analysis.reach.iter().all(run::TargetReach::reachable) {
        text.push_str(
            "\nmỗi mục tiêu đạt được khi đứng riêng, nhưng không thể cùng lúc với số vốn này",
        );
    }
    for (a, b) in &analysis.conflicts {
        text.push_str(&format!(
            "\n  không thể cùng đạt: {} và {}",
            label(a),
            label(b)
        ));
    }
    text.push_str("\nvốn cần bổ sung (triệu đồng, cho bất kỳ tiêu chí nào):");
    for g in std::iter::once(&analysis.all).chain(&analysis.alone) {
        let amount = match g.status {
            GapStatus::Unreachable => "không số vốn nào đạt được".to_string(),
            _ => report::doc::money(g.total, Lang::Vi),
        };
        text.push_str(&format!("\n  {}: {amount}", label(g.target)));
    }
    text.push_str(&format!("\nchẩn đoán chi tiết ở {}", file.display()));
    text
}

fn diagnose(
    instance: &Instance,
    scenario: &Scenario,
    output: OutputSet,
    dir: &std::path::Path,
    lang: Lang,
    formats: &[Format],
) -> Failure {
    let rule = TopupRule::default();
    let analysis = match gap::analyse(instance, scenario, &rule) {
        Ok(analysis) => analysis,
        Err(e) => return e.into(),
    };
    let preface = lang.pick(
        "Không lập được kế hoạch: các mục tiêu bắt buộc không thể cùng đạt với vốn hiện có. \
         Dưới đây là mức mỗi mục tiêu đạt được khi đứng riêng và số vốn cần bổ sung.",
        "No plan: the enforced targets cannot all be met with this money. Below, what \
         each target reaches alone and the money that would close each.",
    );
    let mut document = report::gap::gap_document(
        analysis.plan.as_ref().map_or(instance, |p| &p.instance),
        &scenario.name,
        &rule,
        &analysis,
        lang,
        Some(preface),
        None,
    );
    document.agency.clone_from(&scenario.agency);
    let mut files = vec![(
        "gap.csv".to_string(),
        report::gap::gap_csv(instance, &analysis),
    )];
    match report::rendered("diagnosis", &document, &report::formats_or_default(formats)) {
        Ok(rendered) => files.extend(rendered),
        Err(e) => return e.into(),
    }
    if let Err(e) = output.commit(&files) {
        return e.into();
    }
    let message = if lang == Lang::Vi {
        diagnosis_vi(&analysis, &dir.join("diagnosis.md"))
    } else {
        let mut message = RunError::TargetsUnreachable(analysis.reach.clone())
            .to_string()
            .trim_end()
            .to_string();
        for (a, b) in &analysis.conflicts {
            message.push_str(&format!("\n  cannot be met together: {a} and {b}"));
        }
        message
            .push_str("\nmoney that would close them (million VND, a top-up for any criterion):");
        for g in std::iter::once(&analysis.all).chain(&analysis.alone) {
            let amount = match g.status {
                GapStatus::Unreachable => "cannot be met with any amount".to_string(),
                _ => crate::report::markdown::money(g.total),
            };
            message.push_str(&format!("\n  {}: {amount}", g.target));
        }
        message.push_str(&format!(
            "\nthe diagnosis is in {}",
            dir.join("diagnosis.md").display()
        ));
        message
    };
    Failure {
        code: exit::TARGETS_UNREACHABLE,
        message,
    }
}
