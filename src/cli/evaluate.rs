//! `ntm evaluate SCENARIO --plan FILE [-o DIR]`: judge a plan written by
//! hand against the rules and against the best plan the same money allows.
//! The plan is a CSV file in the `plan.csv` format or the plan sheet of a
//! workbook (see [`crate::plan_file`]).

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Failure, input_files, load, overrides_line};
use crate::budget::Budget;
use crate::distance::distance;
use crate::error::exit;
use crate::evaluate::{evaluate_committed_paused, evaluate_paused};
use crate::lang::Lang;
use crate::plan_file;
use crate::report::{self, Format, evaluate::Evaluation};
use crate::scenario::Override;

#[derive(Debug, Args)]
#[command(after_help = "\
Plans accepted:
  plan.csv as `ntm plan` writes it, or saved again by Excel or LibreOffice
  (UTF-8 with or without BOM, CRLF, comma or semicolon delimiter, column ids
  or the plan sheet's Vietnamese or English headings); or a workbook (.xlsx)
  whose plan sheet (`Kế hoạch` or `Plan`, as in report.xlsx) holds the plan.

Examples:
  ntm evaluate scenarios/lai-chau-2025.toml --plan out/lai-chau-2025/plan.csv
  ntm evaluate scenarios/lai-chau-2025.toml --plan out/lai-chau-2025/report.xlsx
  ntm evaluate scenarios/lai-chau-2025.toml --plan ke-hoach.xlsx --sheet \"Kế hoạch\"
  ntm evaluate scenarios/lai-chau-2025.toml --plan ke-hoach.csv --delimiter ';'

Exit codes: 0 the plan keeps every rule, 4 it breaks some, 2 bad input,
1 the reports cannot be written.")]
pub struct EvaluateArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// The plan to evaluate: a CSV file in the `plan.csv` format, or a
    /// workbook (.xlsx) whose plan sheet holds it, e.g. the report.xlsx of
    /// `ntm plan`.
    #[arg(long, value_name = "FILE.csv|FILE.xlsx")]
    pub plan: PathBuf,
    /// The sheet of the workbook that holds the plan [default: the sheet
    /// named `Kế hoạch` or `Plan`, or the only sheet].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The CSV file's delimiter, `,` or `;` (`tab` for tabs) [default:
    /// guessed from the header line].
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// The projects the plan pauses: a CSV file with a `project_id` column,
    /// such as the paused_projects.csv of `ntm plan` (needs `[projects]
    /// allow_pause = true`) [default: none paused].
    #[arg(long, value_name = "FILE.csv")]
    pub paused: Option<PathBuf>,
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
    /// The plan a re-plan started from (`ntm plan --from-plan`): its
    /// payments before --replan-from are commitments the plan must keep.
    #[arg(long, value_name = "FILE", requires = "replan_from")]
    pub from_plan: Option<PathBuf>,
    /// With --from-plan: the year the re-plan started from.
    #[arg(long, value_name = "YEAR", requires = "from_plan")]
    pub replan_from: Option<i32>,
}

/// A delimiter as typed on the command line: one ASCII punctuation
/// character, or `tab`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => match text.as_bytes() {
            [b] if (b.is_ascii_punctuation() && *b != b'"') || *b == b' ' => Ok(*b),
            _ => Err(format!(
                "`{text}` is not a delimiter: give one character, e.g. ';' or ',' (or `tab`)"
            )),
        },
    }
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
    let how = plan_file::PlanReading {
        sheet: args.sheet.clone(),
        delimiter: args.delimiter,
    };
    let mut file = plan_file::read_with(&args.plan, &how).map_err(|e| e.in_lang(lang))?;
    plan_file::resolve_names(&instance, &mut file.rows);
    let budget = Budget::new(&instance, &scenario);
    let paused = match &args.paused {
        Some(path) => {
            crate::projects::read_paused(path, &instance, &scenario).map_err(|e| e.in_lang(lang))?
        }
        None => Vec::new(),
    };
    // The data's commitments must be in the plan as they were made.
    let from_plan = args.from_plan.as_deref().zip(args.replan_from);
    let commitments =
        crate::commitments::Commitments::load(&scenario, &instance, from_plan, &paused)
            .map_err(|e| e.in_lang(lang))?;
    let mut outcome = if commitments.is_empty() {
        evaluate_paused(&instance, &scenario, &budget, &file.rows, &paused)
    } else {
        evaluate_committed_paused(
            &instance,
            &scenario,
            &budget,
            &file.rows,
            &commitments.rows(),
            &paused,
        )
    };
    outcome
        .breaks
        .extend(plan_file::label_breaks(&instance, &file.labels, &file.rows));
    outcome
        .breaks
        .sort_by_key(|b| b.rows.first().copied().unwrap_or(0));
    let distance = distance(&instance, &scenario, &outcome)?;
    let evaluation = Evaluation {
        plan_file: &args.plan,
        plan_sheet: file.sheet.as_deref(),
        outcome: &outcome,
        distance: &distance,
        paused: &paused,
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
    inputs.extend(args.paused.clone());
    inputs.extend(args.from_plan.clone());
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
