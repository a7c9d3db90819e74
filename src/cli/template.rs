//! `ntm template -o FILE.xlsx [--from SCENARIO]`: the data workbook a
//! planner fills in, blank or with a scenario's data.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Failure;
use crate::error::exit;
use crate::lang::Lang;
use crate::scenario::Scenario;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm template -o du-lieu.xlsx
      a blank workbook in Vietnamese: fill it in, then write
      data = \"du-lieu.xlsx\" in a scenario and run `ntm plan`
  ntm template --from scenarios/lai-chau-2025.toml -o lai-chau.xlsx
      the default scenario's data as a workbook, to edit and plan again

Exit codes: 0 written, 1 the file cannot be written, 2 bad input")]
pub struct TemplateArgs {
    /// The workbook to write (.xlsx).
    #[arg(short, long, value_name = "FILE.xlsx")]
    pub output: PathBuf,
    /// Fill the workbook with this scenario's data.
    #[arg(long, value_name = "SCENARIO")]
    pub from: Option<PathBuf>,
    /// Language of the headings and instructions [default: the scenario's
    /// `language` with --from, else vi].
    #[arg(long, value_name = "vi|en")]
    pub lang: Option<Lang>,
}

pub fn execute(args: &TemplateArgs) -> Result<(), Failure> {
    if !crate::data::is_workbook(&args.output) {
        return Err(Failure {
            code: exit::BAD_INPUT,
            message: format!(
                "{}: the template is an Excel workbook; name it with .xlsx",
                args.output.display()
            ),
        });
    }
    let bytes = match &args.from {
        None => crate::template::blank(args.lang.unwrap_or(Lang::Vi)).map_err(cannot_write)?,
        Some(path) => {
            let scenario = Scenario::read_with(path, &[])?;
            for input in [&scenario.path, &scenario.data_dir] {
                if same_file(input, &args.output) {
                    return Err(Failure {
                        code: exit::BAD_INPUT,
                        message: format!(
                            "{}: this is an input of the scenario; write the template elsewhere",
                            args.output.display()
                        ),
                    });
                }
            }
            let lang = args.lang.unwrap_or(scenario.language);
            crate::template::from_scenario(&scenario, lang)?
        }
    };
    write_whole(&args.output, &bytes)?;
    println!("{}", args.output.display());
    Ok(())
}

fn cannot_write(e: rust_xlsxwriter::XlsxError) -> Failure {
    Failure {
        code: exit::FAILURE,
        message: format!("cannot make the workbook: {e}"),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Write `bytes` to `path` whole or not at all: into a file beside it, then
/// renamed over it, so that an interrupted run leaves the old file or none.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure {
        code: exit::FAILURE,
        message: format!("{}: cannot write: {e}", path.display()),
    };
    let name = path.file_name().map_or_else(
        || "template.xlsx".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let staging = path.with_file_name(format!(".{name}.ntm-{}", std::process::id()));
    std::fs::write(&staging, bytes).map_err(fail)?;
    std::fs::rename(&staging, path).map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        fail(e)
    })
}
