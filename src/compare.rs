//! Plans side by side: who meets the standard, criteria, money by source
//! and year, and exactly which communes and fundings differ from the first.
//!
//! A plan comes either from an `ntm plan` output folder, read from its own
//! files (`plan.csv`, `communes.csv`, and the targets in `summary.json`
//! when it is there), so a folder compares as it was written even if the
//! scenario changed since; or from `SCENARIO:PLAN.csv` (or a workbook,
//! `SCENARIO:PLAN.xlsx`, its plan sheet), which the evaluator judges
//! against that scenario, as `ntm evaluate` does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::budget::Budget;
use crate::commitments::Commitments;
use crate::error::{InputError, Location};
use crate::evaluate::{PlanRow, evaluate_committed_paused, evaluate_paused};
use crate::instance::Instance;
use crate::lang::Lang;
use crate::money::Money;
use crate::plan_file::{self, PlanReading, formula_text};
use crate::scenario::Scenario;
use crate::tables::{Schema, Table};

/// Where a plan comes from, as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An output folder of `ntm plan`.
    Folder(PathBuf),
    /// A plan file judged against a scenario.
    Evaluated { scenario: PathBuf, plan: PathBuf },
}

impl Origin {
    /// A folder when the argument is one; otherwise `SCENARIO:PLAN.csv`,
    /// split at the first `:` that ends an existing file (so a path with a
    /// drive letter or a colon of its own still works).
    pub fn parse(arg: &str) -> Result<Origin, InputError> {
        if Path::new(arg).is_dir() {
            return Ok(Origin::Folder(PathBuf::from(arg)));
        }
        for (i, _) in arg.match_indices(':') {
            let (scenario, plan) = (&arg[..i], &arg[i + 1..]);
            if !scenario.is_empty() && !plan.is_empty() && Path::new(scenario).is_file() {
                return Ok(Origin::Evaluated {
                    scenario: PathBuf::from(scenario),
                    plan: PathBuf::from(plan),
                });
            }
        }
        Err(InputError::new(
            Location::file(Path::new(arg)),
            "neither an output folder of `ntm plan` nor SCENARIO:PLAN.csv (or SCENARIO:PLAN.xlsx) \
             with an existing scenario file",
        ))
    }

    pub fn describe(&self) -> String {
        match self {
            Origin::Folder(dir) => dir.display().to_string(),
            Origin::Evaluated { scenario, plan } => {
                format!("{}:{}", scenario.display(), plan.display())
            }
        }
    }

    /// What the plan is called: its folder's name or its file's stem.
    fn name(&self) -> String {
        let path = match self {
            Origin::Folder(dir) => dir.as_path(),
            Origin::Evaluated { plan, .. } => plan.as_path(),
        };
        let name = match self {
            Origin::Folder(_) => path.file_name(),
            Origin::Evaluated { .. } => path.file_stem(),
        };
        name.map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommuneView {
    pub id: String,
    pub name: String,
    pub district: String,
    pub criteria_before: usize,
    pub criteria_after: usize,
    pub meets_after: bool,
    pub cost: Money,
    /// At the advanced standard at the horizon; None when the commune is
    /// not assessed for it (no advanced gaps, or a folder without them).
    pub advanced: Option<bool>,
}

/// A funding: (commune id, criterion, village id or empty for a commune's
/// own criterion), so that a village's criterion is told from another
/// village's of the same commune.
pub type FundingKey = (String, String, String);

/// What one plan pays for one (commune, criterion[, village]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Funding {
    pub years: BTreeSet<i32>,
    pub amount: Money,
    /// Money per source (over the years).
    pub sources: BTreeMap<String, Money>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetView {
    pub name: String,
    pub required: f64,
    pub achieved: f64,
    pub met: bool,
}

/// A public-investment project a plan pauses, with the money it frees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PausedView {
    pub id: String,
    pub name: String,
    pub district: String,
    pub source_id: String,
    pub year: i32,
    pub amount: Money,
}

/// One plan, as much as a comparison needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    /// `A`, `B`, … in the order given.
    pub label: String,
    pub name: String,
    pub origin: Origin,
    /// In the order of the plan's own commune list.
    pub communes: Vec<CommuneView>,
    pub fundings: BTreeMap<FundingKey, Funding>,
    /// Money per (source, year).
    pub money: BTreeMap<(String, i32), Money>,
    /// Rules broken, for a plan judged here; None for an `ntm plan` folder,
    /// whose plan was checked when it was written.
    pub breaks: Option<usize>,
    pub targets: Vec<TargetView>,
    /// The projects the plan pauses, in their file's order; None when the
    /// plan could pause none (a folder without `paused_projects.csv`, a
    /// plan judged against a scenario that does not allow pausing).
    pub paused: Option<Vec<PausedView>>,
    /// The scenario's language, for a plan judged here.
    pub language: Option<Lang>,
    /// Criterion ids to their (Vietnamese, English) names: the scenario's
    /// catalogue for a plan judged here; the built-in one for a folder,
    /// whose files name criteria by id.
    pub criterion_names: BTreeMap<String, (String, String)>,
    /// Source ids to their names: the scenario's for a plan judged here;
    /// `sources.csv`'s `source_name` for a folder (in the language it was
    /// planned in; absent in folders written before names were added).
    pub source_names: BTreeMap<String, String>,
}

impl PlanView {
    pub fn commune(&self, id: &str) -> Option<&CommuneView> {
        self.communes.iter().find(|c| c.id == id)
    }

    pub fn total_cost(&self) -> Money {
        self.money.values().copied().sum()
    }

    pub fn meeting(&self) -> usize {
        self.communes.iter().filter(|c| c.meets_after).count()
    }

    pub fn average_criteria(&self) -> f64 {
        let total: usize = self.communes.iter().map(|c| c.criteria_after).sum();
        total as f64 / self.communes.len().max(1) as f64
    }

    pub fn min_criteria(&self) -> usize {
        self.communes
            .iter()
            .map(|c| c.criteria_after)
            .min()
            .unwrap_or(0)
    }

    /// The money the paused projects free.
    pub fn paused_money(&self) -> Money {
        self.paused.iter().flatten().map(|p| p.amount).sum()
    }

    /// Communes at the advanced standard; None when no commune of the plan
    /// is assessed for it.
    pub fn communes_advanced(&self) -> Option<usize> {
        let assessed: Vec<bool> = self.communes.iter().filter_map(|c| c.advanced).collect();
        (!assessed.is_empty()).then(|| assessed.iter().filter(|a| **a).count())
    }
}

/// The label of the i-th plan: A … Z, then P27, P28, ….
pub fn label(i: usize) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        format!("P{}", i + 1)
    }
}

/// Read or judge one plan; a plan file is read as `how` says (its sheet
/// only when it is a workbook, so that one `--sheet` serves every workbook
/// among CSV files). A judged plan pauses the projects listed in `paused`
/// (`paused_projects.csv` as `ntm plan` writes it, `ntm evaluate --paused`);
/// a folder's are read from its own `paused_projects.csv`.
pub fn load(
    origin: &Origin,
    index: usize,
    how: &PlanReading,
    paused: Option<&Path>,
) -> Result<PlanView, InputError> {
    let built_in = || {
        crate::criteria::DECISION_318
            .iter()
            .map(|(id, vi, en)| (id.to_string(), (vi.to_string(), en.to_string())))
            .collect()
    };
    let (communes, rows, breaks, targets, language, criterion_names, source_names, paused) =
        match origin {
            Origin::Folder(dir) => {
                // `ntm plan` that found no plan meeting enforced targets
                // leaves its diagnosis, not a plan.
                if !dir.join("plan.csv").exists() && dir.join("diagnosis.md").exists() {
                    return Err(InputError::new(
                        Location::file(dir),
                        "this folder holds a diagnosis (`ntm plan` found no plan meeting the \
                         enforced targets: see its diagnosis.md), not a plan to compare",
                    ));
                }
                let communes = read_communes(&dir.join("communes.csv"))?;
                let rows = plan_file::read(&dir.join("plan.csv"))?.rows;
                let targets = read_targets(&dir.join("summary.json"))?;
                let sources = read_source_names(&dir.join("sources.csv"))?;
                let listed = dir.join("paused_projects.csv");
                let paused = if listed.is_file() {
                    Some(read_paused(&listed)?)
                } else {
                    None
                };
                (
                    communes,
                    rows,
                    None,
                    targets,
                    None,
                    built_in(),
                    sources,
                    paused,
                )
            }
            Origin::Evaluated { scenario, plan } => {
                let mut scenario = Scenario::read(scenario)?;
                let instance = Instance::load(&scenario)?;
                instance.settle_names(&mut scenario);
                let how = PlanReading {
                    sheet: how.sheet.clone().filter(|_| plan_file::is_workbook(plan)),
                    delimiter: how.delimiter,
                };
                let mut file = plan_file::read_with(plan, &how)?;
                plan_file::resolve_names(&instance, &mut file.rows);
                let pausing = match paused {
                    Some(path) => crate::projects::read_paused(path, &instance, &scenario)?,
                    None => Vec::new(),
                };
                let commitments = Commitments::load(&scenario, &instance, None, &pausing)?;
                let (communes, breaks, targets) =
                    judge(&instance, &scenario, &file, &commitments, &pausing);
                let paused = scenario.projects.allow_pause.then(|| {
                    pausing
                        .iter()
                        .map(|&p| {
                            let project = &instance.projects[p];
                            PausedView {
                                id: project.id.clone(),
                                name: project.name.clone(),
                                district: project
                                    .district
                                    .map(|d| instance.districts[d.0].name.clone())
                                    .unwrap_or_default(),
                                source_id: instance.sources[project.source.0].id.clone(),
                                year: project.year,
                                amount: project.amount,
                            }
                        })
                        .collect()
                });
                let names = instance
                    .criteria
                    .iter()
                    .map(|c| (c.id.clone(), (c.name_vi.clone(), c.name_en.clone())))
                    .collect();
                let sources = instance
                    .sources
                    .iter()
                    .map(|s| {
                        (
                            s.id.clone(),
                            crate::report::plan::source_name(s, scenario.language),
                        )
                    })
                    .collect();
                (
                    communes,
                    file.rows,
                    Some(breaks),
                    targets,
                    Some(scenario.language),
                    names,
                    sources,
                    paused,
                )
            }
        };
    let mut fundings: BTreeMap<FundingKey, Funding> = BTreeMap::new();
    let mut money: BTreeMap<(String, i32), Money> = BTreeMap::new();
    for r in &rows {
        add_row(&mut fundings, &mut money, r);
    }
    Ok(PlanView {
        label: label(index),
        name: origin.name(),
        origin: origin.clone(),
        communes,
        fundings,
        money,
        breaks,
        targets,
        paused,
        language,
        criterion_names,
        source_names,
    })
}

/// `paused_projects.csv` of an output folder, as `ntm plan` wrote it.
fn read_paused(path: &Path) -> Result<Vec<PausedView>, InputError> {
    let table = Table::read(
        path,
        &Schema {
            required: &["project_id", "source_id", "year", "amount"],
            optional: &["district", "priority", "project", "source_name"],
        },
    )?;
    let mut paused = Vec::new();
    for row in table.rows() {
        let year = row.integer("year")?;
        paused.push(PausedView {
            id: formula_text(row.text("project_id")?),
            name: row
                .optional("project")
                .map(formula_text)
                .unwrap_or_default(),
            district: row
                .optional("district")
                .map(formula_text)
                .unwrap_or_default(),
            source_id: formula_text(row.text("source_id")?),
            year: i32::try_from(year)
                .map_err(|_| row.error("year", format!("{year} is not a year")))?,
            amount: row.money("amount", false)?,
        });
    }
    Ok(paused)
}

/// `sources.csv`'s source ids and names; none when the folder's file has
/// no `source_name` column (written before it had one).
fn read_source_names(path: &Path) -> Result<BTreeMap<String, String>, InputError> {
    let table = crate::tables::Table::read(
        path,
        &crate::tables::Schema {
            required: &["source_id"],
            optional: &crate::report::tables::SOURCES_COLUMNS[1..],
        },
    )?;
    let mut names = BTreeMap::new();
    for row in table.rows() {
        if let Some(name) = row.optional("source_name") {
            names.insert(formula_text(row.text("source_id")?), formula_text(name));
        }
    }
    Ok(names)
}

fn add_row(
    fundings: &mut BTreeMap<FundingKey, Funding>,
    money: &mut BTreeMap<(String, i32), Money>,
    r: &PlanRow,
) {
    let f = fundings
        .entry((
            r.commune_id.clone(),
            r.criterion.clone(),
            r.village_id.clone().unwrap_or_default(),
        ))
        .or_default();
    f.years.insert(r.year);
    f.amount += r.amount;
    *f.sources.entry(r.source_id.clone()).or_default() += r.amount;
    *money.entry((r.source_id.clone(), r.year)).or_default() += r.amount;
}

/// A plan file judged by the evaluator, as `ntm evaluate` judges it: with
/// the projects it pauses, and keeping the data's commitments.
fn judge(
    instance: &Instance,
    scenario: &Scenario,
    file: &plan_file::PlanFile,
    commitments: &Commitments,
    paused: &[usize],
) -> (Vec<CommuneView>, usize, Vec<TargetView>) {
    let budget = Budget::new(instance, scenario);
    let outcome = if commitments.is_empty() {
        evaluate_paused(instance, scenario, &budget, &file.rows, paused)
    } else {
        evaluate_committed_paused(
            instance,
            scenario,
            &budget,
            &file.rows,
            &commitments.rows(),
            paused,
        )
    };
    let breaks =
        outcome.breaks.len() + plan_file::label_breaks(instance, &file.labels, &file.rows).len();
    let communes = instance
        .communes
        .iter()
        .zip(&outcome.communes)
        .map(|(c, o)| CommuneView {
            id: c.id.clone(),
            name: c.name.clone(),
            district: instance.districts[c.district.0].name.clone(),
            criteria_before: o.criteria_before,
            criteria_after: o.criteria_after,
            meets_after: o.meets_after,
            cost: o.cost,
            advanced: o.advanced_assessed.then_some(o.advanced_after),
        })
        .collect();
    let targets = outcome
        .targets
        .iter()
        .map(|t| TargetView {
            name: t.name.to_string(),
            required: t.required,
            achieved: t.achieved,
            met: t.met,
        })
        .collect();
    (communes, breaks, targets)
}

fn read_communes(path: &Path) -> Result<Vec<CommuneView>, InputError> {
    let table = Table::read(
        path,
        &Schema {
            required: &crate::report::tables::COMMUNES_COLUMNS[..8],
            // Written since at-risk criteria (folders from before lack
            // them), and with advanced data.
            optional: &crate::report::tables::COMMUNES_COLUMNS[8..],
        },
    )?;
    let count = |row: &crate::tables::Row, column: &str| -> Result<usize, InputError> {
        let n = row.integer(column)?;
        usize::try_from(n).map_err(|_| row.error(column, format!("{n} is not a count")))
    };
    let mut communes = Vec::new();
    for row in table.rows() {
        communes.push(CommuneView {
            id: formula_text(row.text("commune_id")?),
            name: formula_text(row.text("commune")?),
            district: formula_text(row.text("district")?),
            criteria_before: count(&row, "criteria_before")?,
            criteria_after: count(&row, "criteria_after")?,
            meets_after: row.flag("meets_standard_after", false)?,
            cost: row.money("cost", false)?,
            advanced: match row.optional("advanced") {
                None => None,
                Some(_) => Some(row.flag("advanced", false)?),
            },
        });
    }
    Ok(communes)
}

/// The targets `summary.json` records; none when the file is absent.
fn read_targets(path: &Path) -> Result<Vec<TargetView>, InputError> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Vec::new());
    };
    let bad = |why: String| InputError::new(Location::file(path), why);
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
    let Some(list) = value.get("targets").and_then(|t| t.as_array()) else {
        return Ok(Vec::new());
    };
    list.iter()
        .map(|t| {
            Some(TargetView {
                name: t.get("name")?.as_str()?.to_string(),
                required: t.get("required")?.as_f64()?,
                achieved: t.get("achieved")?.as_f64()?,
                met: t.get("met")?.as_bool()?,
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad("`targets` is not a list of name, required, achieved, met".into()))
}

/// How a plan's funding of one (commune, criterion) differs from the first
/// plan's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FundingDifference {
    /// Funded here, not in the first plan.
    Added,
    /// Funded in the first plan, not here.
    Dropped,
    /// Funded in both, in other years.
    Moved,
    /// Same years, but other sources or amounts.
    PaidDifferently,
}

impl FundingDifference {
    pub fn name(self) -> &'static str {
        match self {
            FundingDifference::Added => "added",
            FundingDifference::Dropped => "dropped",
            FundingDifference::Moved => "moved",
            FundingDifference::PaidDifferently => "paid_differently",
        }
    }
}

pub fn funding_difference(
    first: Option<&Funding>,
    other: Option<&Funding>,
) -> Option<FundingDifference> {
    match (first, other) {
        (None, None) => None,
        (None, Some(_)) => Some(FundingDifference::Added),
        (Some(_), None) => Some(FundingDifference::Dropped),
        (Some(a), Some(b)) if a.years != b.years => Some(FundingDifference::Moved),
        (Some(a), Some(b)) if a != b => Some(FundingDifference::PaidDifferently),
        _ => None,
    }
}

/// One plan against the first: every commune and funding that differs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Differences {
    /// Communes that meet the standard here but not in the first plan.
    pub meets_only_here: Vec<String>,
    /// Communes that meet the standard in the first plan but not here.
    pub meets_only_in_first: Vec<String>,
    /// (commune id, criteria in the first plan, criteria here), where they differ.
    pub criteria: Vec<(String, usize, usize)>,
    /// ((commune id, criterion), how it differs).
    pub fundings: Vec<(FundingKey, FundingDifference)>,
    /// Communes in one plan's list and not the other's (plans of different data).
    pub communes_not_in_both: Vec<String>,
    /// Projects (ids) this plan pauses and the first does not.
    pub paused_only_here: Vec<String>,
    /// Projects (ids) the first plan pauses and this one does not.
    pub paused_only_in_first: Vec<String>,
}

impl Differences {
    pub fn is_empty(&self) -> bool {
        *self == Differences::default()
    }

    /// Whether anything about this commune differs.
    pub fn touches(&self, commune: &str) -> bool {
        self.meets_only_here.iter().any(|c| c == commune)
            || self.meets_only_in_first.iter().any(|c| c == commune)
            || self.criteria.iter().any(|(c, _, _)| c == commune)
            || self.fundings.iter().any(|((c, _, _), _)| c == commune)
            || self.communes_not_in_both.iter().any(|c| c == commune)
    }
}

pub fn differences(first: &PlanView, other: &PlanView) -> Differences {
    let mut d = Differences::default();
    for c in &first.communes {
        let Some(o) = other.commune(&c.id) else {
            d.communes_not_in_both.push(c.id.clone());
            continue;
        };
        if o.meets_after && !c.meets_after {
            d.meets_only_here.push(c.id.clone());
        }
        if c.meets_after && !o.meets_after {
            d.meets_only_in_first.push(c.id.clone());
        }
        if c.criteria_after != o.criteria_after {
            d.criteria
                .push((c.id.clone(), c.criteria_after, o.criteria_after));
        }
    }
    for o in &other.communes {
        if first.commune(&o.id).is_none() {
            d.communes_not_in_both.push(o.id.clone());
        }
    }
    let keys: BTreeSet<&FundingKey> = first.fundings.keys().chain(other.fundings.keys()).collect();
    for key in keys {
        if let Some(kind) = funding_difference(first.fundings.get(key), other.fundings.get(key)) {
            d.fundings.push((key.clone(), kind));
        }
    }
    let ids = |plan: &PlanView| -> BTreeSet<String> {
        plan.paused.iter().flatten().map(|p| p.id.clone()).collect()
    };
    let (in_first, here) = (ids(first), ids(other));
    d.paused_only_here = here.difference(&in_first).cloned().collect();
    d.paused_only_in_first = in_first.difference(&here).cloned().collect();
    d
}

/// The projects any plan pauses, in the first plan's order and then each
/// other plan's newcomers.
pub fn all_paused(plans: &[PlanView]) -> Vec<&PausedView> {
    let mut seen = BTreeSet::new();
    let mut list = Vec::new();
    for p in plans.iter().flat_map(|plan| plan.paused.iter().flatten()) {
        if seen.insert(&p.id) {
            list.push(p);
        }
    }
    list
}

/// The communes of all plans, in the first plan's order and then each
/// other plan's newcomers: (id, name, district).
pub fn all_communes(plans: &[PlanView]) -> Vec<(String, String, String)> {
    let mut seen = BTreeSet::new();
    let mut list = Vec::new();
    for plan in plans {
        for c in &plan.communes {
            if seen.insert(c.id.clone()) {
                list.push((c.id.clone(), c.name.clone(), c.district.clone()));
            }
        }
    }
    list
}

/// The districts of all plans, in order of first appearance.
pub fn all_districts(plans: &[PlanView]) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for (_, _, district) in all_communes(plans) {
        if !list.contains(&district) {
            list.push(district);
        }
    }
    list
}
