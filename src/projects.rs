//! Medium-term public-investment projects (`projects.csv`): money already
//! allotted to a project from a source's line in a year, outside the
//! programme. With `[projects] allow_pause = true` the plan may pause a
//! pausable project, and its amount then joins the programme's line of that
//! source and year (docs/model.md, "Pausing projects").
//!
//! The line a project's money joins is fixed when the data are read: the
//! source's line of that year for the project's district, or the
//! province-wide line that covers it; for a provincial project (no
//! district) the province-wide line. Where the source has no such line the
//! freed money forms one of the project's scope, usable in every commune of
//! it (not only the especially difficult).

use std::collections::HashMap;

use crate::columns;
use crate::data::Data;
use crate::error::{InputError, Text};
use crate::instance::{DistrictId, Instance, Pool, PoolId, PoolKind, SourceId};
use crate::lang::Lang;
use crate::money::Money;
use crate::names::Catalogue;
use crate::scenario::Scenario;
use crate::tables::Reading;

/// One project of `projects.csv`, in a planning year.
#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub source: SourceId,
    pub year: i32,
    /// The project's district; None for a provincial project.
    pub district: Option<DistrictId>,
    pub amount: Money,
    pub pausable: bool,
    /// How important keeping it is (positive; default 1).
    pub priority: f64,
    /// The scope of the line its money joins when paused: (district,
    /// especially difficult communes only).
    pub line: (Option<DistrictId>, bool),
    /// Its line in `projects.csv`.
    pub row: usize,
}

/// The highest priority a project may have: far above any ranking a
/// province writes, and low enough that priority × amount stays exact
/// enough in the solver.
const MAX_PRIORITY: f64 = 1000.0;

impl Instance {
    /// The pool a project's money joins when paused: the programme pool of
    /// its source and year with the scope fixed when the data were read.
    /// None when the data were read without pausing and the line does not
    /// exist (the money would form a line of its own).
    pub fn project_pool(&self, project: &Project) -> Option<PoolId> {
        self.pools
            .iter()
            .position(|p| {
                p.kind == PoolKind::Programme
                    && p.source == project.source
                    && p.year == project.year
                    && p.district == project.line.0
                    && p.only_especially_difficult == project.line.1
            })
            .map(PoolId)
    }

    /// Whether any project is in the data.
    pub fn has_projects(&self) -> bool {
        !self.projects.is_empty()
    }
}

/// Whether pausing is in effect: the scenario allows it and the data have
/// projects. When it is not, every output is what it was before projects.
pub fn pausing(instance: &Instance, scenario: &Scenario) -> bool {
    scenario.projects.allow_pause && instance.has_projects()
}

/// A yes/no cell: 1/0, true/false, yes/no, có/không (any case); empty
/// means `default`.
fn yes_no(row: &crate::tables::Row, column: &str, default: bool) -> Result<bool, InputError> {
    let Some(text) = row.optional(column) else {
        return Ok(default);
    };
    let folded = crate::tables::name_text(text).to_lowercase();
    match folded.trim() {
        "1" | "true" | "yes" | "có" | "co" => Ok(true),
        "0" | "false" | "no" | "không" | "khong" => Ok(false),
        _ => Err(row.error(
            column,
            crate::text!(
                "`{text}` phải là 1/0, true/false hoặc có/không",
                "`{text}` must be 1/0, true/false or yes/no (có/không)"
            ),
        )),
    }
}

/// Read `projects.csv` (when the data have it). Pools of the planning years
/// are `pools` (programme and land revenue, not yet sorted); with
/// `make_lines`, a zero pool is added for each line a pausable project's
/// money would form.
#[allow(clippy::too_many_arguments)]
pub fn read_projects(
    data: &Data,
    scenario: &Scenario,
    reading: Reading,
    sources: &[crate::instance::Source],
    districts: &Catalogue,
    pools: &mut Vec<Pool>,
    warnings: &mut Vec<Text>,
    make_lines: bool,
) -> Result<Vec<Project>, InputError> {
    if !data.has(columns::PROJECTS)? {
        return Ok(Vec::new());
    }
    let table = data.table(
        columns::PROJECTS,
        &columns::PROJECTS.schema(),
        reading,
        true,
    )?;
    let index = Catalogue::sources(sources, reading.lang);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut total = 0.0;
    let mut projects = Vec::new();
    for row in table.rows() {
        let id = row.text("project_id")?;
        if let Some(line) = seen.insert(id.to_string(), row.line()) {
            return Err(row.error(
                "project_id",
                crate::text!(
                    "mã dự án `{id}` bị trùng (đã có ở dòng {line})",
                    "duplicate project id `{id}` (already on line {line})"
                ),
            ));
        }
        let name = row.text("project")?.to_string();
        let source_text = row.text("source_id")?;
        let s = index
            .resolve(source_text)
            .map_err(|_| row.error("source_id", index.error_text(source_text)))?;
        if sources[s].is_land_revenue() {
            return Err(row.error(
                "source_id",
                crate::text!(
                    "dự án không dùng thu tiền sử dụng đất của chương trình; hãy ghi nguồn vốn của sources.csv",
                    "a project does not draw on the programme's land-use revenue; name a source of sources.csv"
                ),
            ));
        }
        let source = SourceId(s);
        let year = crate::instance::year_in(&row, "year")?;
        let amount = row.money("amount", true)?;
        total += amount.millions();
        if total > 1e12 {
            return Err(row.error(
                "amount",
                crate::text!(
                    "với dòng này, tổng của bảng vượt 1.000.000.000.000 triệu đồng; số tiền tính bằng triệu đồng",
                    "with this row the table adds up to more than 1,000,000,000,000 million VND; amounts are in million VND"
                ),
            ));
        }
        let district = match row.optional("district") {
            None => None,
            Some(name) => Some(
                districts
                    .resolve(name)
                    .map(DistrictId)
                    .map_err(|_| row.error("district", districts.error_text(name)))?,
            ),
        };
        let pausable = yes_no(&row, "pausable", false)?;
        let priority = row.number_in("priority", 1.0, (0.0, MAX_PRIORITY))?;
        if priority <= 0.0 {
            return Err(row.error(
                "priority",
                crate::text!(
                    "mức ưu tiên phải lớn hơn 0",
                    "the priority must be greater than 0"
                ),
            ));
        }
        if !scenario.years.contains(&year) {
            let at = row.location("year");
            let (vi, en) = (at.show(Lang::Vi), at.show(Lang::En));
            warnings.push(crate::text!(
                "{vi}: năm {year} không phải năm kế hoạch; dự án này được bỏ qua",
                "{en}: year {year} is not a planning year; this project is ignored"
            ));
            continue;
        }
        // The line its money joins.
        let lines: Vec<&Pool> = pools
            .iter()
            .filter(|p| p.kind == PoolKind::Programme && p.source == source && p.year == year)
            .collect();
        let own = lines.iter().find(|p| p.district == district);
        let wide = lines.iter().find(|p| p.district.is_none());
        let line = match (own, wide, district) {
            (Some(p), _, _) | (None, Some(p), Some(_)) => (p.district, p.only_especially_difficult),
            (None, _, None) if pausable && !lines.is_empty() => {
                let id = &sources[s].id;
                return Err(row.error(
                    "district",
                    crate::text!(
                        "nguồn vốn `{id}` năm {year} được chia theo huyện, nên dự án cấp tỉnh có thể tạm \
                         dừng không biết trả vốn về dòng nào; hãy ghi huyện của dự án",
                        "source `{id}` is split by district in {year}, so a pausable provincial project \
                         has no line to return its money to; give the project's district"
                    ),
                ));
            }
            _ => (district, false),
        };
        let exists = lines
            .iter()
            .any(|p| p.district == line.0 && p.only_especially_difficult == line.1);
        if pausable && !exists && make_lines {
            pools.push(Pool {
                source,
                year,
                district: line.0,
                only_especially_difficult: line.1,
                amount: Money::ZERO,
                kind: PoolKind::Programme,
                row: 0,
            });
        }
        projects.push(Project {
            id: id.to_string(),
            name,
            source,
            year,
            district,
            amount,
            pausable,
            priority,
            line,
            row: row.line(),
        });
    }
    Ok(projects)
}

/// Check that every pausable project has its line when pausing is allowed
/// (a sweep reads the data once; `ntm sweep` reads them with pausing when
/// any variant allows it).
pub fn check_lines(instance: &Instance, scenario: &Scenario) -> Result<(), InputError> {
    if !scenario.projects.allow_pause {
        return Ok(());
    }
    for project in instance.projects.iter().filter(|p| p.pausable) {
        if instance.project_pool(project).is_none() {
            let id = &project.id;
            return Err(InputError::new(
                crate::error::Location::file(&scenario.path),
                crate::text!(
                    "dữ liệu được đọc khi không cho phép tạm dừng dự án; dự án `{id}` không có dòng vốn để trả về",
                    "the data were read with pausing not allowed; project `{id}` has no line to return its money to"
                ),
            ));
        }
    }
    Ok(())
}

/// The projects a submitted plan pauses (`ntm evaluate --paused FILE`): a
/// CSV file with a `project_id` column, such as the `paused_projects.csv`
/// of `ntm plan` (its other columns are read as information only). A
/// project the data do not have, one that is not pausable, the same
/// project twice or any pause when the scenario does not allow pausing is
/// bad input naming the cell. Indices into `Instance::projects`, ascending.
pub fn read_paused(
    path: &std::path::Path,
    instance: &Instance,
    scenario: &Scenario,
) -> Result<Vec<usize>, InputError> {
    let schema = crate::tables::Schema {
        required: &["project_id"],
        optional: &[
            "source_id",
            "district",
            "year",
            "amount",
            "priority",
            "project",
            "source_name",
        ],
    };
    let reading = Reading {
        number_format: scenario.number_format,
        lang: scenario.language,
        delimiter: None,
    };
    let table = crate::tables::Table::read_as(path, &schema, reading, true)?;
    let mut paused: Vec<usize> = Vec::new();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for row in table.rows() {
        let id = row.text("project_id")?;
        if !scenario.projects.allow_pause {
            return Err(row.error(
                "project_id",
                crate::text!(
                    "kịch bản không cho phép tạm dừng dự án ([projects] allow_pause = false)",
                    "the scenario does not allow pausing projects ([projects] allow_pause = false)"
                ),
            ));
        }
        let Some(p) = instance.projects.iter().position(|p| p.id == id) else {
            let known: Vec<&str> = instance
                .projects
                .iter()
                .filter(|p| p.pausable)
                .map(|p| p.id.as_str())
                .collect();
            let known = if known.is_empty() {
                "-".to_string()
            } else {
                known.join(", ")
            };
            return Err(row.error(
                "project_id",
                crate::text!(
                    "không có dự án `{id}` trong projects.csv (các năm kế hoạch); dự án có thể tạm dừng: {known}",
                    "no project `{id}` in projects.csv (in the planning years); pausable projects: {known}"
                ),
            ));
        };
        if !instance.projects[p].pausable {
            return Err(row.error(
                "project_id",
                crate::text!(
                    "dự án `{id}` không thể tạm dừng (pausable trong projects.csv)",
                    "project `{id}` is not pausable (pausable in projects.csv)"
                ),
            ));
        }
        if let Some(line) = seen.insert(p, row.line()) {
            return Err(row.error(
                "project_id",
                crate::text!(
                    "dự án `{id}` đã có ở dòng {line}",
                    "project `{id}` is already on line {line}"
                ),
            ));
        }
        paused.push(p);
    }
    paused.sort_unstable();
    Ok(paused)
}
