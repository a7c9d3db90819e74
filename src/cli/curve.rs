//! `ntm curve SCENARIO --source ID|all --from A --to B --steps N [-o DIR]
//! [--set KEY=VALUE]…`: the budget–outcome curve.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, input_files, language, load, overrides_line};
use crate::curve::{self, CurveError, Scale};
use crate::error::exit;
use crate::lang::Lang;
use crate::output::{Foreign, OutputSet};
use crate::report::Files;
use crate::scenario::Override;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm curve scenarios/lai-chau-2025.toml --source central_ntm --from 0.5 --to 1.5 --steps 11
  ntm curve scenarios/lai-chau-2025.toml --source all --from 0.8 --to 1.2 --steps 5 --lang en

Exit codes: 0 every point proven optimal, 1 a solver or write failure,
2 bad input, 3 some point has no proven-optimal plan")]
pub struct CurveArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// The budget to scale: a programme source id (its adjust.sources
    /// factor), `land_revenue` (adjust.land_revenue), or `all` (both, every
    /// source).
    #[arg(long, value_name = "ID|all")]
    pub source: String,
    /// The smallest factor, 0 or more, multiplied onto the scenario's own.
    #[arg(long, value_name = "A", allow_negative_numbers = true, value_parser = parse_factor)]
    pub from: f64,
    /// The largest factor, above --from.
    #[arg(long, value_name = "B", allow_negative_numbers = true, value_parser = parse_factor)]
    pub to: f64,
    /// The number of points, both ends included (2 to 1000).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_steps)]
    pub steps: usize,
    /// Output folder [default: out/<scenario file stem>-curve].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Override a scenario key, e.g. `adjust.cost=1.15` (repeatable; the last
    /// one of a key wins). The curve's factors multiply onto these.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<Override>,
    /// Language of the console and the chart [default: the scenario's
    /// `language`, else en].
    #[arg(long, value_name = "vi|en")]
    pub lang: Option<Lang>,
    /// Leave solve_seconds empty, so repeated runs give byte-identical files.
    #[arg(long)]
    pub no_timings: bool,
    /// Start each point from the previous point's plan (a MIP start). The
    /// curve is the same; on the default data it is slower, so it is off.
    /// The points are then planned one after another.
    #[arg(long)]
    pub warm_start: bool,
    /// Points planned at once [default: all cores]. The curve is the same
    /// whatever the number.
    #[arg(short = 'j', long = "jobs")]
    pub jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    /// Compute as if nothing were committed: without it, payments in the
    /// data's `commitments.csv` stop the command (it does not keep them).
    #[arg(long)]
    pub ignore_commitments: bool,
}

fn parse_factor(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Ok(x) if x.is_finite() => Err(format!("a factor must be 0 or more, not {x}")),
        _ => Err(format!(
            "expected a factor such as 0.5 or 1.2, not `{text}`"
        )),
    }
}

fn parse_steps(text: &str) -> Result<usize, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if (2..=curve::MAX_STEPS as i64).contains(&n) => Ok(n as usize),
        Ok(n) => Err(format!(
            "the number of points must be from 2 to {} (both ends included), not {n}",
            curve::MAX_STEPS
        )),
        Err(_) => Err(format!("expected a whole number of points, not `{text}`")),
    }
}

fn bad_input(message: String) -> Failure {
    Failure {
        code: exit::BAD_INPUT,
        message,
    }
}

pub fn execute(args: &CurveArgs) -> Result<(), Failure> {
    let factors = curve::factors(args.from, args.to, args.steps).map_err(bad_input)?;
    let jobs = super::jobs(args.jobs)?;
    let (scenario, instance) = load(&args.scenario, &args.overrides, args.lang)?;
    let lang = language(args.lang, &scenario);
    super::refuse_commitments(&scenario, &instance, "curve", args.ignore_commitments, lang)?;
    let scale = Scale::resolve(&args.source, &instance).map_err(bad_input)?;
    curve::check(&instance, &scenario, &scale, &factors).map_err(|e| bad_input(e.to_string()))?;
    let dir = args.output.clone().unwrap_or_else(|| {
        let stem = args
            .scenario
            .file_stem()
            .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from("out").join(format!("{stem}-curve"))
    });
    // A folder that cannot take the output is refused before the solves.
    let output = OutputSet::begin(&dir, &input_files(&scenario), Foreign::Refuse)?;

    let quiet = args.quiet;
    if !quiet {
        let source_name = match &scale {
            Scale::Source(id) => Some(source_name(&instance, id)),
            _ => None,
        };
        let scaled = scale.named(source_name.as_deref(), lang);
        let (from, to) = (
            curve::percent(args.from, lang),
            curve::percent(args.to, lang),
        );
        match lang {
            Lang::Vi => println!(
                "đường cong: {}, vốn {scaled} từ {from}% đến {to}% mức của kịch bản ({} kế hoạch)",
                scenario.name,
                factors.len()
            ),
            Lang::En => println!(
                "curve: {}, the money of {scaled} from {from}% to {to}% of the scenario's ({} plans)",
                scenario.name,
                factors.len()
            ),
        }
        if let Some(list) = overrides_line(&scenario) {
            println!("  {}: {list}", lang.pick("thay đổi", "overrides"));
        }
        println!(
            "  {}",
            lang.pick("tiền tính bằng triệu đồng", "money in million VND")
        );
        println!("{}", curve::console_header_in(lang));
    }
    let result = curve::plan_warm(
        &instance,
        &scenario,
        &scale,
        &factors,
        args.warm_start,
        jobs,
        |point, marginal| {
            if !quiet {
                println!("{}", curve::console_row(point, marginal, lang));
            }
        },
    );
    let curve = match result {
        Ok(curve) => curve,
        Err(CurveError::BadInput(message)) => return Err(bad_input(message)),
        Err(CurveError::Run { factor, error }) => {
            let mut failure = Failure::from(error);
            failure.message = format!("at factor {factor}: {}", failure.message);
            return Err(failure);
        }
    };

    let files: Files = vec![
        (
            "curve.csv".to_string(),
            curve::csv(&curve, !args.no_timings),
        ),
        (
            "curve.svg".to_string(),
            curve::svg_in(&curve, lang).into_bytes(),
        ),
    ];
    output.commit(&files)?;
    if !quiet {
        println!(
            "  {} {}",
            lang.pick("đã ghi vào", "written to"),
            dir.display()
        );
    }
    // As for a sweep: 3 when some point has no proven-optimal plan.
    let unproven = curve.unproven();
    if unproven > 0 {
        return Err(Failure {
            code: exit::TARGETS_UNREACHABLE,
            message: format!(
                "{unproven} of {} points have no proven-optimal plan (see the status column of curve.csv)",
                curve.points.len()
            ),
        });
    }
    Ok(())
}

/// A source's name by its id (the id when the data have no such source).
fn source_name(instance: &crate::instance::Instance, id: &str) -> String {
    instance
        .sources
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| s.name.clone())
}
