//! `ntm compare A B [C…] [-o DIR]`: plans side by side, and exactly how each
//! differs from the first.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, input_files};
use crate::compare::{Origin, PlanView, load};
use crate::error::{InputError, Location};
use crate::lang::Lang;
use crate::plan_file::PlanReading;
use crate::report::{self, Format};
use crate::scenario::Scenario;

#[derive(Debug, Args)]
#[command(after_help = "\
A plan file is read as `ntm evaluate --plan` reads it: plan.csv as written
or saved again by Excel or LibreOffice (comma or semicolon, Vietnamese or
English headings), or a workbook (.xlsx) whose plan sheet holds the plan.

Examples:
  ntm compare out/lai-chau-2025 scenarios/lai-chau-2025.toml:ke-hoach-huyen.csv
  ntm compare out/lai-chau-2025 scenarios/lai-chau-2025.toml:out/lai-chau-2025/report.xlsx
  ntm compare out/a scenarios/lai-chau-2025.toml:ke-hoach.xlsx --sheet \"Kế hoạch sửa\"

Exit codes: 0 compared, 1 the reports cannot be written, 2 bad input.")]
pub struct CompareArgs {
    /// Plans to compare: output folders of `ntm plan`, or SCENARIO:PLAN.csv
    /// or SCENARIO:PLAN.xlsx (a plan file judged against a scenario). The
    /// first is the reference.
    #[arg(required = true, num_args = 2.., value_name = "PLAN")]
    pub plans: Vec<String>,
    /// The sheet that holds the plan in every workbook given as
    /// SCENARIO:PLAN.xlsx [default: the sheet named `Kế hoạch` or `Plan`,
    /// or the only sheet].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The delimiter of every CSV plan file, `,` or `;` [default: guessed
    /// from each file's header line].
    #[arg(long, value_name = "CHAR", value_parser = super::evaluate::parse_delimiter)]
    pub delimiter: Option<u8>,
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
    /// The projects a plan judged against its scenario pauses, as LABEL=FILE
    /// (`B=out/b/paused_projects.csv`; repeatable). A folder of `ntm plan`
    /// brings its own `paused_projects.csv`.
    #[arg(long = "paused", value_name = "LABEL=FILE")]
    pub paused: Vec<PausedArg>,
}

/// `--paused LABEL=FILE`: the label (A, B, … in the order the plans are
/// given) and the file.
#[derive(Debug, Clone)]
pub struct PausedArg {
    pub label: String,
    pub file: PathBuf,
}

impl std::str::FromStr for PausedArg {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.split_once('=') {
            Some((label, file)) if !label.trim().is_empty() && !file.is_empty() => Ok(PausedArg {
                label: label.trim().to_uppercase(),
                file: PathBuf::from(file),
            }),
            _ => Err(format!(
                "`{text}`: expected LABEL=FILE, the plan's label (A, B, …) and its paused_projects.csv"
            )),
        }
    }
}

pub fn execute(args: &CompareArgs) -> Result<(), Failure> {
    let origins = args
        .plans
        .iter()
        .map(|a| Origin::parse(a))
        .collect::<Result<Vec<_>, _>>()?;
    let how = PlanReading {
        sheet: args.sheet.clone(),
        delimiter: args.delimiter,
    };
    let mut paused: Vec<Option<&std::path::Path>> = vec![None; origins.len()];
    for arg in &args.paused {
        let index = (0..origins.len()).find(|i| crate::compare::label(*i) == arg.label);
        let Some(index) = index else {
            return Err(InputError::new(
                Location::file(&arg.file),
                format!(
                    "--paused {}=…: no plan is labelled {} (the plans are {})",
                    arg.label,
                    arg.label,
                    (0..origins.len())
                        .map(crate::compare::label)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .into());
        };
        if let Origin::Folder(dir) = &origins[index] {
            return Err(InputError::new(
                Location::file(&arg.file),
                format!(
                    "--paused {}=…: plan {} is the folder {}, which brings its own paused_projects.csv",
                    arg.label,
                    arg.label,
                    dir.display()
                ),
            )
            .into());
        }
        if paused[index].replace(&arg.file).is_some() {
            return Err(InputError::new(
                Location::file(&arg.file),
                format!("--paused {}=… is given twice", arg.label),
            )
            .into());
        }
    }
    let plans = origins
        .iter()
        .enumerate()
        .map(|(i, o)| {
            load(o, i, &how, paused[i]).map_err(|e| match args.lang {
                Some(lang) => e.in_lang(lang),
                None => e,
            })
        })
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
                inputs.extend(args.paused.iter().map(|p| p.file.clone()));
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
