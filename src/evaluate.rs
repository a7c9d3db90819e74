//! The independent evaluator: checks a plan against every rule and counts
//! what it achieves.
//!
//! It shares no code with the model or with the plan builder: it reads
//! payments as a planner writes them (ids and amounts), looks everything up
//! by name, and recomputes each sum from the rows. Every plan the tool
//! writes passes through it, and so will plans written by hand.

use std::collections::{BTreeMap, HashMap};

use crate::budget::Budget;
use crate::instance::{Instance, Purpose};
use crate::money::Money;
use crate::scenario::Scenario;

/// One row of a plan, as in `plan.csv`. `row` is the row's line in the file
/// (or its position), for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub row: usize,
    pub year: i32,
    pub commune_id: String,
    pub criterion: String,
    pub source_id: String,
    pub amount: Money,
}

/// A rule the plan breaks, with the rows involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub rows: Vec<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommuneOutcome {
    /// Criteria met today.
    pub criteria_before: usize,
    /// Criteria met at the horizon: today's, less at-risk ones not
    /// maintained, plus new ones paid for.
    pub criteria_after: usize,
    /// Criteria met today that are lost at the horizon unless maintained.
    pub criteria_at_risk: usize,
    /// At-risk criteria the plan does not maintain.
    pub criteria_lost: usize,
    /// The part of `cost` that maintains at-risk criteria.
    pub maintenance_cost: Money,
    pub meets_before: bool,
    pub meets_after: bool,
    /// The year its last gap is paid, when it newly meets the standard.
    pub meets_from: Option<i32>,
    pub cost: Money,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DistrictOutcome {
    pub communes: usize,
    pub meeting_before: usize,
    pub meeting_after: usize,
    pub criteria_after: usize,
    pub min_criteria_after: usize,
    pub cost: Money,
    /// Land-use revenue committed over all years: in each year, what was
    /// spent or the legal floor, whichever is more.
    pub land_revenue_committed: Money,
}

/// Money of one pool: what it had and what the plan used.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolUse {
    pub source_id: String,
    pub year: i32,
    pub district: Option<String>,
    pub available: Money,
    pub used: Money,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    pub name: &'static str,
    pub required: f64,
    pub achieved: f64,
    pub met: bool,
    /// For the district target: the named districts not at the standard.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub breaks: Vec<Break>,
    pub communes: Vec<CommuneOutcome>,
    pub districts: Vec<DistrictOutcome>,
    pub pools: Vec<PoolUse>,
    pub communes_meeting_standard: usize,
    pub weighted_communes: f64,
    pub criteria_met_total: usize,
    pub average_criteria: f64,
    pub min_criteria: usize,
    pub total_cost: Money,
    /// The part of `total_cost` that maintains at-risk criteria.
    pub maintenance_cost: Money,
    /// At-risk criteria lost at the horizon, over all communes.
    pub criteria_lost: usize,
    /// The gaps the plan pays in full, by (commune, criterion) index, with
    /// the year they are paid.
    pub funded: BTreeMap<(usize, usize), i32>,
    pub targets: Vec<TargetCheck>,
}

impl Outcome {
    pub fn keeps_rules(&self) -> bool {
        self.breaks.is_empty()
    }
}

pub fn evaluate(
    instance: &Instance,
    scenario: &Scenario,
    budget: &Budget,
    rows: &[PlanRow],
) -> Outcome {
    let mut breaks = Vec::new();
    let mut fail = |rows: Vec<usize>, message: String| breaks.push(Break { rows, message });

    let commune_index: HashMap<&str, usize> = instance
        .communes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let gap_index: HashMap<(usize, usize), usize> = instance
        .gaps
        .iter()
        .enumerate()
        .map(|(i, g)| ((g.commune.0, g.criterion.0), i))
        .collect();

    // Payments per (commune, criterion) and per pool, after each row's own checks.
    let mut paid: BTreeMap<(usize, usize), Vec<&PlanRow>> = BTreeMap::new();
    let mut pool_paid: BTreeMap<usize, (Money, Vec<usize>)> = BTreeMap::new();
    for r in rows {
        let Some(&c) = commune_index.get(r.commune_id.as_str()) else {
            fail(vec![r.row], format!("unknown commune `{}`", r.commune_id));
            continue;
        };
        let Some(k) = instance.criteria.iter().position(|k| k.id == r.criterion) else {
            fail(vec![r.row], format!("unknown criterion `{}`", r.criterion));
            continue;
        };
        let Some(s) = instance.sources.iter().position(|s| s.id == r.source_id) else {
            fail(vec![r.row], format!("unknown source `{}`", r.source_id));
            continue;
        };
        if !instance.years.contains(&r.year) {
            fail(vec![r.row], format!("{} is not a planning year", r.year));
            continue;
        }
        if r.amount <= Money::ZERO {
            fail(
                vec![r.row],
                format!("the amount {} is not positive", r.amount),
            );
            continue;
        }
        let commune = &instance.communes[c];
        if !gap_index.contains_key(&(c, k)) {
            fail(
                vec![r.row],
                format!(
                    "`{}` already meets `{}`; money for it is wasted",
                    r.commune_id, r.criterion
                ),
            );
            continue;
        }
        if !instance.sources[s].eligible[k] {
            fail(
                vec![r.row],
                format!("source `{}` may not pay for `{}`", r.source_id, r.criterion),
            );
            continue;
        }
        let pool = instance.pools.iter().position(|p| {
            p.source.0 == s
                && p.year == r.year
                && p.district.is_none_or(|d| d == commune.district)
                && (!p.only_especially_difficult || commune.especially_difficult)
        });
        let Some(pool) = pool else {
            fail(
                vec![r.row],
                format!(
                    "source `{}` has no money in {} usable in `{}` ({}{})",
                    r.source_id,
                    r.year,
                    r.commune_id,
                    instance.districts[commune.district.0].name,
                    if commune.especially_difficult {
                        ", especially difficult"
                    } else {
                        ""
                    }
                ),
            );
            continue;
        };
        let entry = pool_paid.entry(pool).or_insert((Money::ZERO, Vec::new()));
        entry.0 += r.amount;
        entry.1.push(r.row);
        paid.entry((c, k)).or_default().push(r);
    }

    let mut pools = Vec::with_capacity(instance.pools.len());
    for (p, pool) in instance.pools.iter().enumerate() {
        let (used, pool_rows) = pool_paid.remove(&p).unwrap_or((Money::ZERO, Vec::new()));
        let available = budget.pool_capacity[p];
        let source_id = instance.sources[pool.source.0].id.clone();
        let district = pool.district.map(|d| instance.districts[d.0].name.clone());
        if used > available {
            fail(
                pool_rows,
                format!(
                    "source `{source_id}` in {}{} is over its budget by {} million VND ({} used of {})",
                    pool.year,
                    district
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default(),
                    used - available,
                    used,
                    available
                ),
            );
        }
        pools.push(PoolUse {
            source_id,
            year: pool.year,
            district,
            available,
            used,
        });
    }

    // Which gaps the plan completes, and when.
    let mut completed: BTreeMap<(usize, usize), i32> = BTreeMap::new();
    for ((c, k), payments) in &paid {
        let gap = gap_index[&(*c, *k)];
        let cost = budget.gap_cost[gap];
        let row_numbers: Vec<usize> = payments.iter().map(|r| r.row).collect();
        let total: Money = payments.iter().map(|r| r.amount).sum();
        let year = payments[0].year;
        let label = format!(
            "`{}` / `{}`",
            instance.communes[*c].id, instance.criteria[*k].id
        );
        if payments.iter().any(|r| r.year != year) {
            fail(
                row_numbers,
                format!("{label} is paid in more than one year"),
            );
            continue;
        }
        if year < instance.gaps[gap].earliest_year {
            fail(
                row_numbers,
                format!(
                    "{label} cannot start before {}",
                    instance.gaps[gap].earliest_year
                ),
            );
            continue;
        }
        if total < cost {
            fail(
                row_numbers,
                format!("{label} is paid only in part: {total} of {cost} million VND"),
            );
            continue;
        }
        if total > cost {
            fail(
                row_numbers,
                format!("{label} is paid {total} million VND, more than its cost of {cost}"),
            );
            continue;
        }
        completed.insert((*c, *k), year);
    }

    let criteria_count = instance.criteria.len();
    let mut commune_cost: HashMap<&str, Money> = HashMap::new();
    for r in rows {
        *commune_cost.entry(r.commune_id.as_str()).or_default() += r.amount;
    }
    let mut communes = Vec::with_capacity(instance.communes.len());
    for (c, commune) in instance.communes.iter().enumerate() {
        // Everything that needs money by the horizon: unmet criteria and
        // those met today but at risk.
        let unmet: Vec<usize> = (0..criteria_count)
            .filter(|k| gap_index.contains_key(&(c, *k)))
            .collect();
        let at_risk: Vec<usize> = unmet
            .iter()
            .copied()
            .filter(|k| instance.gaps[gap_index[&(c, *k)]].purpose == Purpose::Maintenance)
            .collect();
        let criteria_before = criteria_count - (unmet.len() - at_risk.len());
        let done: Vec<i32> = unmet
            .iter()
            .filter_map(|k| completed.get(&(c, *k)).copied())
            .collect();
        let criteria_after = criteria_count - unmet.len() + done.len();
        let meets_after = criteria_after == criteria_count;
        let cost = commune_cost
            .get(commune.id.as_str())
            .copied()
            .unwrap_or(Money::ZERO);
        let maintenance_cost = at_risk
            .iter()
            .flat_map(|k| paid.get(&(c, *k)).into_iter().flatten())
            .map(|r| r.amount)
            .sum();
        communes.push(CommuneOutcome {
            criteria_before,
            criteria_after,
            criteria_at_risk: at_risk.len(),
            criteria_lost: at_risk
                .iter()
                .filter(|k| !completed.contains_key(&(c, **k)))
                .count(),
            maintenance_cost,
            meets_before: unmet.len() == at_risk.len(),
            meets_after,
            meets_from: (meets_after && !unmet.is_empty())
                .then(|| done.iter().copied().max())
                .flatten(),
            cost,
        });
    }

    let mut districts = Vec::with_capacity(instance.districts.len());
    for d in 0..instance.districts.len() {
        let members: Vec<&CommuneOutcome> = instance
            .communes
            .iter()
            .zip(&communes)
            .filter(|(c, _)| c.district.0 == d)
            .map(|(_, o)| o)
            .collect();
        let mut land_revenue_committed = Money::ZERO;
        for (p, pool) in instance.pools.iter().enumerate() {
            if pool.district.map(|x| x.0) == Some(d)
                && instance.sources[pool.source.0].is_land_revenue()
            {
                land_revenue_committed += pools[p].used.max(budget.pool_floor[p]);
            }
        }
        districts.push(DistrictOutcome {
            communes: members.len(),
            meeting_before: members.iter().filter(|o| o.meets_before).count(),
            meeting_after: members.iter().filter(|o| o.meets_after).count(),
            criteria_after: members.iter().map(|o| o.criteria_after).sum(),
            min_criteria_after: members.iter().map(|o| o.criteria_after).min().unwrap_or(0),
            cost: members.iter().map(|o| o.cost).sum(),
            land_revenue_committed,
        });
    }

    let n = communes.len();
    let communes_meeting_standard = communes.iter().filter(|o| o.meets_after).count();
    let weighted_communes = instance
        .communes
        .iter()
        .zip(&communes)
        .filter(|(_, o)| o.meets_after)
        .map(|(c, _)| c.weight)
        .fold(0.0, |total, w| total + w); // sum() of no floats is -0.0
    let criteria_met_total: usize = communes.iter().map(|o| o.criteria_after).sum();
    let average_criteria = criteria_met_total as f64 / n as f64;
    let min_criteria = communes.iter().map(|o| o.criteria_after).min().unwrap_or(0);
    let total_cost = rows.iter().map(|r| r.amount).sum();
    let maintenance_cost = communes.iter().map(|o| o.maintenance_cost).sum();
    let criteria_lost = communes.iter().map(|o| o.criteria_lost).sum();

    let t = &scenario.targets;
    let mut targets = Vec::new();
    if let Some(required) = t.communes_meeting_standard {
        targets.push(TargetCheck {
            name: "communes_meeting_standard",
            required: f64::from(required),
            achieved: communes_meeting_standard as f64,
            met: communes_meeting_standard >= required as usize,
            missing: Vec::new(),
        });
    }
    if let Some(required) = t.average_criteria {
        targets.push(TargetCheck {
            name: "average_criteria",
            required,
            achieved: average_criteria,
            // Compared on whole criteria, so 17.3 over 94 communes needs 1627.
            met: criteria_met_total as f64 + 1e-9 >= required * n as f64,
            missing: Vec::new(),
        });
    }
    if let Some(required) = t.min_criteria_per_commune {
        targets.push(TargetCheck {
            name: "min_criteria_per_commune",
            required: f64::from(required),
            achieved: min_criteria as f64,
            met: min_criteria >= required as usize,
            missing: Vec::new(),
        });
    }
    if !t.districts_meeting_standard.is_empty() {
        let missing: Vec<String> = t
            .districts_meeting_standard
            .iter()
            .filter(|(name, _)| {
                let d = instance.districts.iter().position(|d| &d.name == name);
                d.is_none_or(|d| districts[d].meeting_after < districts[d].communes)
            })
            .map(|(name, _)| name.clone())
            .collect();
        let required = t.districts_meeting_standard.len();
        targets.push(TargetCheck {
            name: "districts_meeting_standard",
            required: required as f64,
            achieved: (required - missing.len()) as f64,
            met: missing.is_empty(),
            missing,
        });
    }

    Outcome {
        breaks,
        communes,
        districts,
        pools,
        communes_meeting_standard,
        weighted_communes,
        criteria_met_total,
        average_criteria,
        min_criteria,
        total_cost,
        maintenance_cost,
        criteria_lost,
        funded: completed,
        targets,
    }
}
