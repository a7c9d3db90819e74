//! Writing what a plan run produced: one module per format, and one place
//! that puts files on disk all at once.

pub mod chart;
pub mod commitments;
pub mod compare;
pub mod console;
pub mod curve_chart;
pub mod doc;
pub mod evaluate;
pub mod gap;
pub mod html;
pub mod maintenance;
pub mod marginal;
pub mod markdown;
pub mod money_story;
pub mod pdf;
pub mod plan;
pub mod projects;
pub mod roadmap;
pub mod summary;
pub mod sweep;
pub mod tables;
pub mod verdict;
pub mod villages;
pub mod xlsx;

use std::path::{Path, PathBuf};

pub use doc::{Document, Format};

use crate::instance::Instance;
use crate::lang::Lang;
use crate::run::PlanRun;
use crate::scenario::Scenario;

/// Files to write: (file name, contents).
pub type Files = Vec<(String, Vec<u8>)>;

/// A document in one format: Markdown, a self-contained HTML page, or an
/// Excel workbook of its tables. The error names the format (the workbook
/// writer can refuse, e.g. more rows than a sheet holds).
pub fn render(document: &Document, format: Format) -> Result<Vec<u8>, String> {
    match format {
        Format::Md => Ok(doc::markdown(document).into_bytes()),
        Format::Html => Ok(html::render(document).into_bytes()),
        Format::Xlsx => {
            xlsx::render(document).map_err(|e| format!("cannot build the workbook: {e}"))
        }
        Format::Pdf => pdf::render(document, true),
        Format::PdfFinal => pdf::render(document, false),
    }
}

/// `formats` with the PDF unmarked as a draft when `is_final` (`--final`).
pub fn finalized(formats: &[Format], is_final: bool) -> Vec<Format> {
    formats
        .iter()
        .map(|&f| match f {
            Format::Pdf if is_final => Format::PdfFinal,
            other => other,
        })
        .collect()
}

/// `<stem>.md`, `<stem>.html`, `<stem>.xlsx`: the document in each of
/// `formats` (each once, in the order md, html, xlsx), ready for
/// [`write_all`]. This is what a command calls to offer `--format`.
pub fn rendered(stem: &str, document: &Document, formats: &[Format]) -> Result<Files, WriteError> {
    let mut formats = formats.to_vec();
    formats.sort();
    formats.dedup();
    formats
        .into_iter()
        .map(|format| {
            let name = format!("{stem}.{}", format.extension());
            render(document, format)
                .map(|bytes| (name.clone(), bytes))
                .map_err(|message| WriteError {
                    path: PathBuf::from(name),
                    message,
                })
        })
        .collect()
}

/// The formats written when a command is given no `--format`: Markdown.
pub fn formats_or_default(formats: &[Format]) -> Vec<Format> {
    if formats.is_empty() {
        vec![Format::Md]
    } else {
        formats.to_vec()
    }
}

/// Everything `ntm plan` writes by default: the tables, the summary and
/// `report.md` in the scenario's language.
pub fn plan_files(instance: &Instance, scenario: &Scenario, run: &PlanRun, timings: bool) -> Files {
    plan_files_as(
        instance,
        scenario,
        run,
        timings,
        &[Format::Md],
        scenario.language,
    )
    .expect("Markdown always renders")
}

/// Everything `ntm plan` writes: the tables, the summary, and the report in
/// `formats` (Markdown when none is given), in `lang`.
pub fn plan_files_as(
    instance: &Instance,
    scenario: &Scenario,
    run: &PlanRun,
    timings: bool,
    formats: &[Format],
    lang: Lang,
) -> Result<Files, WriteError> {
    let mut files = plan_tables(instance, run, timings, lang);
    let document = plan::plan_document(instance, scenario, run, lang);
    files.extend(rendered("report", &document, &formats_or_default(formats))?);
    Ok(files)
}

/// The tables and the summary of a plan, without its report.
pub fn plan_tables(instance: &Instance, run: &PlanRun, timings: bool, lang: Lang) -> Files {
    let mut files = vec![
        (
            "plan.csv".to_string(),
            tables::plan_csv(instance, run, lang),
        ),
        (
            "communes.csv".to_string(),
            tables::communes_csv(instance, run),
        ),
        (
            "districts.csv".to_string(),
            tables::districts_csv(instance, run),
        ),
        (
            "sources.csv".to_string(),
            tables::sources_csv(instance, run, lang),
        ),
        (
            "summary.json".to_string(),
            summary::summary_json(instance, run, timings),
        ),
    ];
    if !instance.villages.is_empty() {
        files.push((
            "villages.csv".to_string(),
            tables::villages_csv(instance, run),
        ));
    }
    if projects::in_effect(run) {
        files.push((
            "paused_projects.csv".to_string(),
            projects::paused_projects_csv(instance, run, lang),
        ));
    }
    files
}

#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for WriteError {}

/// Write `files` as the complete contents of `dir`, swapped in at once
/// ([`crate::output`]): the folder holds the old set or the new one, never
/// a mix. Refuses a folder that holds any of `inputs` or anything ntm did
/// not write.
pub fn write_all(dir: &Path, files: &Files, inputs: &[PathBuf]) -> Result<(), WriteError> {
    crate::output::write_set(dir, files, inputs)
}
