//! Plans that start from what is already committed.
//!
//! `commitments.csv` (or the `Commitments` sheet of a data workbook) lists
//! payments already made or approved, in the plan's own format (year,
//! commune, criterion, source, amount). `ntm plan --from-plan FILE
//! --replan-from YEAR` adds the payments of an approved plan before YEAR.
//! Each is checked against the data as a payment is (a rule it breaks is
//! bad input naming its file and row), then kept exactly: before the model
//! is built, its amount is taken from its budget line and from its gap's
//! cost ([`Commitments::residual`]), the model plans the rest, and the plan
//! is the commitments plus the new payments (docs/model.md, "Commitments
//! and re-planning").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::budget::Budget;
use crate::columns;
use crate::data::Data;
use crate::error::{InputError, Location, Text};
use crate::evaluate::PlanRow;
use crate::instance::{CommuneId, CriterionId, GapId, Instance, LineKey, PoolId};
use crate::money::Money;
use crate::names::Catalogue;
use crate::plan_file;
use crate::scenario::Scenario;
use crate::tables::Reading;

/// Where a commitment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A row of `commitments.csv` (or its sheet).
    Table,
    /// A payment before `--replan-from` of the plan given by `--from-plan`.
    FromPlan,
}

/// One payment kept as it is.
#[derive(Debug, Clone)]
pub struct Commitment {
    /// As a plan writes it, names resolved to ids; `row` is its line in
    /// its file.
    pub row: PlanRow,
    pub origin: Origin,
    /// The row, for messages.
    pub location: Location,
    pub commune: CommuneId,
    pub criterion: CriterionId,
    /// The pool it is drawn from: its line's pool of its year (under
    /// `carry_over`, the line's latest pool up to its year).
    pub pool: PoolId,
    /// None when the criterion is no longer a gap (met since): the money
    /// is spent all the same and counted against its line.
    pub gap: Option<GapId>,
}

/// The commitments of one plan.
#[derive(Debug, Clone, Default)]
pub struct Commitments {
    /// Table rows first, then the plan's, each in the order of its file.
    pub items: Vec<Commitment>,
    /// `--replan-from`: no new payment before this year.
    pub replan_from: Option<i32>,
    /// The files they were read from, for reports.
    pub files: Vec<PathBuf>,
    /// Projects (indices into `Instance::projects`) already paused and kept
    /// paused: their money is in their lines, for the commitments' check
    /// and for the plan, which may not undo the pause.
    pub paused: Vec<usize>,
    /// The file those projects were read from.
    pub paused_file: Option<PathBuf>,
}

/// The data the model plans on: the money and costs left after the
/// commitments.
pub struct Residual {
    /// The instance with each gap's earliest year moved to no earlier than
    /// its last commitment (and `--replan-from`); gaps paid in full by
    /// commitments are no longer the communes' gaps (they count as met).
    pub instance: Instance,
    /// Each gap's cost less its commitments; each pool's money less what
    /// the commitments take from it.
    pub budget: Budget,
    /// By commune: the year of the last commitment of a gap it has paid in
    /// full, before which it cannot be at the standard.
    pub not_before: Vec<Option<i32>>,
}

/// A row as read, before it is checked against the data.
struct Raw {
    row: PlanRow,
    origin: Origin,
    /// The place of each cell: year, commune_id, criterion, source_id,
    /// amount (the whole row when the file does not say).
    cells: [Location; 5],
}

impl Commitments {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The money kept.
    pub fn total(&self) -> Money {
        self.items.iter().map(|c| c.row.amount).sum()
    }

    /// Commitments on criteria met since (no longer gaps).
    pub fn met_since(&self) -> usize {
        self.items.iter().filter(|c| c.gap.is_none()).count()
    }

    /// The rows as the evaluator checks them.
    pub fn rows(&self) -> Vec<PlanRow> {
        self.items.iter().map(|c| c.row.clone()).collect()
    }

    /// Read `commitments.csv` when the data has it, and the payments of
    /// `from_plan` (a plan file, as `ntm evaluate --plan` reads it) before
    /// `replan_from`; check every row against the data and the budget, with
    /// the money of the projects `paused` (already paused) in their lines.
    pub fn load(
        scenario: &Scenario,
        instance: &Instance,
        from_plan: Option<(&Path, i32)>,
        paused: &[usize],
    ) -> Result<Commitments, InputError> {
        Commitments::load_checked(scenario, instance, from_plan, paused)
            .map_err(|e| e.in_lang(scenario.language))
    }

    /// The budget the model plans on before the commitments are taken out:
    /// `budget` with the money of the projects already paused in their
    /// lines, and those projects no longer the plan's to pause.
    pub fn with_paused(&self, budget: &Budget) -> Budget {
        budget.with_fixed_pause(&self.paused)
    }

    fn load_checked(
        scenario: &Scenario,
        instance: &Instance,
        from_plan: Option<(&Path, i32)>,
        paused: &[usize],
    ) -> Result<Commitments, InputError> {
        let mut raw = Vec::new();
        let mut files = Vec::new();
        let data = Data::open(&scenario.data_dir)?;
        if data.has(columns::COMMITMENTS)? {
            let reading = Reading {
                number_format: scenario.number_format,
                lang: scenario.language,
                delimiter: None,
            };
            let table = data.table(
                columns::COMMITMENTS,
                &columns::COMMITMENTS.schema(),
                reading,
                true,
            )?;
            files.push(table.path().to_path_buf());
            for row in table.rows() {
                let year = row.integer("year")?;
                let year = i32::try_from(year)
                    .ok()
                    .filter(|y| (1900..=2200).contains(y))
                    .ok_or_else(|| {
                        row.error(
                            "year",
                            crate::text!(
                                "{year} không phải là năm hợp lý",
                                "{year} is not a plausible year"
                            ),
                        )
                    })?;
                let amount = row.money("amount", true)?;
                let text = |column: &str| row.text(column).map(plan_file::formula_text);
                raw.push(Raw {
                    row: PlanRow {
                        row: row.line(),
                        year,
                        commune_id: text("commune_id")?,
                        criterion: text("criterion")?,
                        source_id: text("source_id")?,
                        amount,
                        village_id: row.optional("village_id").map(plan_file::formula_text),
                    },
                    origin: Origin::Table,
                    cells: [
                        row.location("year"),
                        row.location("commune_id"),
                        row.location("criterion"),
                        row.location("source_id"),
                        row.location("amount"),
                    ],
                });
            }
        }
        let mut replan_from = None;
        if let Some((path, year)) = from_plan {
            if !instance.years.contains(&year) {
                let first = instance.years[0];
                let horizon = instance.horizon();
                return Err(InputError::new(
                    Location::file(&scenario.path),
                    crate::text!(
                        "--replan-from {year} không phải là năm kế hoạch ({first}–{horizon})",
                        "--replan-from {year} is not a planning year ({first}–{horizon})"
                    ),
                ));
            }
            replan_from = Some(year);
            let file = plan_file::read(path)?;
            files.push(path.to_path_buf());
            // A plan made keeping `commitments.csv` has those payments among
            // its rows: each is the same payment, kept once.
            // (Names are compared as the ids they stand for.)
            let key = |r: &PlanRow| {
                let mut r = r.clone();
                plan_file::resolve_names(instance, std::slice::from_mut(&mut r));
                (
                    r.year,
                    r.commune_id,
                    r.criterion,
                    r.source_id,
                    r.amount,
                    r.village_id.unwrap_or_default(),
                )
            };
            let mut in_table: Vec<_> = raw.iter().map(|r| key(&r.row)).collect();
            for row in file.rows {
                if row.year >= year {
                    continue;
                }
                if let Some(i) = in_table.iter().position(|k| *k == key(&row)) {
                    in_table.swap_remove(i);
                    continue;
                }
                let at = match &file.sheet {
                    Some(sheet) => Location::in_sheet(path, sheet, row.row, 0),
                    None => Location::at(path, row.row, 0),
                };
                raw.push(Raw {
                    row,
                    origin: Origin::FromPlan,
                    cells: std::array::from_fn(|_| at.clone()),
                });
            }
        }
        let budget = Budget::new(instance, scenario).with_fixed_pause(paused);
        let items = check(scenario, instance, &budget, raw)?;
        let mut paused = paused.to_vec();
        paused.sort_unstable();
        paused.dedup();
        Ok(Commitments {
            items,
            replan_from,
            files,
            paused,
            paused_file: None,
        })
    }

    /// The data the model plans on once the commitments are kept (see
    /// [`Residual`]). Under `carry_over` a commitment of year t takes its
    /// line's money received by t, so what the line may still spend by each
    /// year t is R*(t) = min over t' ≥ t of (money received by t' less
    /// commitments made by t'); the pools hold its yearly steps.
    pub fn residual(&self, instance: &Instance, scenario: &Scenario, budget: &Budget) -> Residual {
        let mut instance = instance.clone();
        let mut budget = budget.clone();
        let horizon = instance.horizon();
        let mut committed = vec![Money::ZERO; instance.gaps.len()];
        let mut last_year: Vec<Option<i32>> = vec![None; instance.gaps.len()];
        for c in &self.items {
            if let Some(g) = c.gap {
                committed[g.0] += c.row.amount;
                last_year[g.0] = Some(last_year[g.0].map_or(c.row.year, |y| y.max(c.row.year)));
            }
        }
        if scenario.payments.carries_over() {
            let years = &instance.years;
            let position = |year: i32| years.iter().position(|y| *y == year);
            // By line: its pool and its commitments, by year position.
            let mut lines: BTreeMap<LineKey, (Vec<Option<usize>>, Vec<i64>)> = BTreeMap::new();
            for (p, pool) in instance.pools.iter().enumerate() {
                if let Some(t) = position(pool.year) {
                    lines
                        .entry(pool.line())
                        .or_insert_with(|| (vec![None; years.len()], vec![0; years.len()]))
                        .0[t] = Some(p);
                }
            }
            for c in &self.items {
                let line = instance.pools[c.pool.0].line();
                if let (Some(entry), Some(t)) = (lines.get_mut(&line), position(c.row.year)) {
                    entry.1[t] += c.row.amount.dong();
                }
            }
            for (by_year, spent) in lines.values() {
                if spent.iter().all(|x| *x == 0) {
                    continue;
                }
                // R(t): received less committed, by the end of year t.
                let mut left = Vec::with_capacity(years.len());
                let mut running = 0i64;
                for (p, out) in by_year.iter().zip(spent) {
                    if let Some(p) = p {
                        running += budget.pool_capacity[*p].dong();
                    }
                    running -= out;
                    left.push(running);
                }
                // R*(t), the least R from t on; its steps are the pools'.
                let mut least = i64::MAX;
                for t in (0..years.len()).rev() {
                    least = least.min(left[t]);
                    left[t] = least.max(0);
                }
                let mut before = 0;
                for (t, p) in by_year.iter().enumerate() {
                    if let Some(p) = p {
                        budget.pool_capacity[*p] = Money::from_dong(left[t] - before);
                        before = left[t];
                    }
                }
            }
        } else {
            for c in &self.items {
                budget.pool_capacity[c.pool.0] -= c.row.amount;
            }
        }
        let mut not_before: Vec<Option<i32>> = vec![None; instance.communes.len()];
        for g in 0..instance.gaps.len() {
            budget.gap_cost[g] -= committed[g];
            let gap = &mut instance.gaps[g];
            if let Some(last) = last_year[g] {
                if budget.gap_cost[g].is_zero() {
                    // Met by its commitments: no longer a gap to fund.
                    gap.earliest_year = horizon + 1;
                    let c = gap.commune.0;
                    match (gap.kind(), gap.village) {
                        (crate::instance::GapKind::Village, Some(v)) => {
                            instance.villages[v.0].gaps.retain(|x| x.0 != g);
                        }
                        (crate::instance::GapKind::Advanced, _) => {
                            instance.communes[c].advanced.retain(|x| x.0 != g);
                        }
                        _ => {
                            not_before[c] = Some(not_before[c].map_or(last, |y| y.max(last)));
                            instance.communes[c].gaps.retain(|x| x.0 != g);
                        }
                    }
                    continue;
                }
                gap.earliest_year = gap.earliest_year.max(last);
            }
            if let Some(from) = self.replan_from {
                gap.earliest_year = gap.earliest_year.max(from);
            }
        }
        Residual {
            instance,
            budget,
            not_before,
        }
    }
}

/// Every rule a payment keeps, checked on each row in turn: the first row
/// that breaks one is the error.
fn check(
    scenario: &Scenario,
    instance: &Instance,
    budget: &Budget,
    raw: Vec<Raw>,
) -> Result<Vec<Commitment>, InputError> {
    let lang = scenario.language;
    let communes = Catalogue::communes(&instance.communes, &instance.districts, lang);
    let criteria = Catalogue::criteria(&instance.criteria, lang);
    let sources = Catalogue::sources(&instance.sources, lang);
    let carries = scenario.payments.carries_over();
    // A village's criterion is known by its village too.
    let villages = Catalogue::villages(&instance.villages, &instance.communes, lang);
    let mut gap_of: BTreeMap<(usize, usize, Option<usize>), usize> = BTreeMap::new();
    for (g, gap) in instance.gaps.iter().enumerate() {
        gap_of.insert(
            (gap.commune.0, gap.criterion.0, gap.village.map(|v| v.0)),
            g,
        );
    }
    let mut items = Vec::with_capacity(raw.len());
    for Raw {
        mut row,
        origin,
        cells,
    } in raw
    {
        let [at_year, at_commune, at_criterion, at_source, at_amount] = cells;
        let name = |catalogue: &Catalogue, text: &str, at: &Location, noun: (&str, &str)| {
            catalogue.resolve(text).map_err(|_| {
                let why = catalogue.error_text(text);
                let message = if why.en.is_empty() {
                    Text::both(
                        format!("{} `{text}` không có trong dữ liệu", noun.0),
                        format!("unknown {} `{text}`", noun.1),
                    )
                } else {
                    why
                };
                InputError::new(at.clone(), message)
            })
        };
        let c = name(&communes, &row.commune_id, &at_commune, ("xã", "commune"))?;
        let k = name(
            &criteria,
            &row.criterion,
            &at_criterion,
            ("tiêu chí", "criterion"),
        )?;
        let s = name(
            &sources,
            &row.source_id,
            &at_source,
            ("nguồn vốn", "source"),
        )?;
        let v = match row.village_id.clone() {
            None => None,
            Some(text) if instance.villages.is_empty() => {
                return Err(InputError::new(
                    at_commune.clone(),
                    crate::text!(
                        "khoản cam kết ghi thôn, bản `{text}` nhưng dữ liệu không có villages.csv",
                        "the commitment names village `{text}`, but the data have no villages.csv"
                    ),
                ));
            }
            Some(text) => {
                let v = name(&villages, &text, &at_commune, ("thôn, bản", "village"))?;
                if instance.villages[v].commune.0 != c {
                    let (village, commune) = (&instance.villages[v].id, &instance.communes[c].id);
                    return Err(InputError::new(
                        at_commune.clone(),
                        crate::text!(
                            "thôn, bản `{village}` không thuộc xã `{commune}`",
                            "village `{village}` is not in commune `{commune}`"
                        ),
                    ));
                }
                row.village_id = Some(instance.villages[v].id.clone());
                Some(v)
            }
        };
        row.commune_id.clone_from(&instance.communes[c].id);
        row.criterion.clone_from(&instance.criteria[k].id);
        row.source_id.clone_from(&instance.sources[s].id);
        let (year, commune_id, criterion_id, source_id) =
            (row.year, &row.commune_id, &row.criterion, &row.source_id);
        if !instance.years.contains(&year) {
            let first = instance.years[0];
            let horizon = instance.horizon();
            return Err(InputError::new(
                at_year,
                crate::text!(
                    "khoản cam kết năm {year} không thuộc các năm kế hoạch ({first}–{horizon})",
                    "a commitment in {year} is outside the planning years ({first}–{horizon})"
                ),
            ));
        }
        if row.amount <= Money::ZERO {
            let amount = row.amount;
            return Err(InputError::new(
                at_amount,
                crate::text!(
                    "số tiền cam kết {amount} phải lớn hơn 0",
                    "the committed amount {amount} must be greater than 0"
                ),
            ));
        }
        if !instance.sources[s].eligible[k] {
            return Err(InputError::new(
                at_source,
                crate::text!(
                    "nguồn vốn `{source_id}` không được chi cho tiêu chí `{criterion_id}` \
                     (eligibility.csv)",
                    "source `{source_id}` may not pay for `{criterion_id}` (eligibility.csv)"
                ),
            ));
        }
        let commune = &instance.communes[c];
        let usable = |p: &usize| {
            let pool = &instance.pools[*p];
            pool.source.0 == s && pool.usable_in(commune)
        };
        let pool = if carries {
            // The line's latest pool up to the year, else its first.
            let line: Vec<usize> = (0..instance.pools.len()).filter(usable).collect();
            line.iter()
                .rev()
                .find(|p| instance.pools[**p].year <= year)
                .or(line.first())
                .copied()
        } else {
            (0..instance.pools.len())
                .filter(usable)
                .find(|p| instance.pools[*p].year == year)
        };
        let Some(pool) = pool else {
            let district = &instance.districts[commune.district.0].name;
            return Err(InputError::new(
                at_source,
                crate::text!(
                    "nguồn vốn `{source_id}` không có vốn năm {year} dùng được ở xã \
                     `{commune_id}` ({district})",
                    "source `{source_id}` has no money in {year} usable in `{commune_id}` \
                     ({district})"
                ),
            ));
        };
        let gap = gap_of.get(&(c, k, v)).copied();
        if let Some(g) = gap {
            let earliest = instance.gaps[g].earliest_year;
            if year < earliest {
                return Err(InputError::new(
                    at_year,
                    crate::text!(
                        "`{commune_id}` / `{criterion_id}` không được chi trước năm {earliest}",
                        "`{commune_id}` / `{criterion_id}` cannot be paid before {earliest}"
                    ),
                ));
            }
        }
        items.push(Commitment {
            row,
            origin,
            location: at_amount,
            commune: CommuneId(c),
            criterion: CriterionId(k),
            pool: PoolId(pool),
            gap: gap.map(GapId),
        });
    }
    // A gap committed more than it costs.
    let mut paid: BTreeMap<usize, Money> = BTreeMap::new();
    for item in &items {
        let Some(g) = item.gap else { continue };
        let total = paid.entry(g.0).or_default();
        *total += item.row.amount;
        let cost = budget.gap_cost[g.0];
        if *total > cost {
            let (commune_id, criterion_id) = (&item.row.commune_id, &item.row.criterion);
            let total = *total;
            return Err(InputError::new(
                item.location.clone(),
                crate::text!(
                    "các khoản cam kết cho `{commune_id}` / `{criterion_id}` đến dòng này là \
                     {total} triệu đồng, vượt chi phí {cost}",
                    "the commitments to `{commune_id}` / `{criterion_id}` add up to {total} \
                     million VND with this row, more than its cost of {cost}"
                ),
            ));
        }
    }
    over_budget(instance, budget, carries, &items)?;
    Ok(items)
}

/// A budget line whose commitments exceed its money: in a year (or, under
/// `carry_over`, by a year, with what it received by then).
fn over_budget(
    instance: &Instance,
    budget: &Budget,
    carries: bool,
    items: &[Commitment],
) -> Result<(), InputError> {
    // Rows by year, then in the order read: the first that goes over is
    // the one named.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|i| (items[*i].row.year, *i));
    let mut spent: BTreeMap<(LineKey, Option<i32>), Money> = BTreeMap::new();
    for i in order {
        let item = &items[i];
        let pool = &instance.pools[item.pool.0];
        let year = item.row.year;
        let (key, available) = if carries {
            let received: Money = instance
                .pools
                .iter()
                .enumerate()
                .filter(|(_, p)| p.line() == pool.line() && p.year <= year)
                .map(|(p, _)| budget.pool_capacity[p])
                .sum();
            ((pool.line(), None), received)
        } else {
            ((pool.line(), Some(year)), budget.pool_capacity[item.pool.0])
        };
        let used = spent.entry(key).or_default();
        *used += item.row.amount;
        if *used > available {
            let used = *used;
            let source_id = &item.row.source_id;
            let place = pool
                .district
                .map(|d| format!(" ({})", instance.districts[d.0].name))
                .unwrap_or_default();
            let message = if carries {
                crate::text!(
                    "đến năm {year}, các khoản cam kết của nguồn `{source_id}`{place} là {used} \
                     triệu đồng, vượt số vốn đã nhận {available}",
                    "by {year} the commitments of source `{source_id}`{place} add up to {used} \
                     million VND with this row, more than the {available} it has received"
                )
            } else {
                crate::text!(
                    "năm {year}, các khoản cam kết của nguồn `{source_id}`{place} là {used} \
                     triệu đồng, vượt số vốn {available}",
                    "in {year} the commitments of source `{source_id}`{place} add up to {used} \
                     million VND with this row, more than its {available}"
                )
            };
            return Err(InputError::new(item.location.clone(), message));
        }
    }
    Ok(())
}
