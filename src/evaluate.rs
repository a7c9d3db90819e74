//! The independent evaluator: checks a plan against every rule and counts
//! what it achieves.
//!
//! It shares no code with the model or with the plan builder: it reads
//! payments as a planner writes them (ids and amounts), looks everything up
//! by name, and recomputes each sum from the rows. Every plan the tool
//! writes passes through it, and so will plans written by hand.

use std::collections::{BTreeMap, HashMap};

use crate::budget::Budget;
use crate::instance::{Instance, PoolKind, Purpose};
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

/// Which rule a plan breaks: a stable word for `evaluate.csv`, tests and
/// other programs (the message is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BreakKind {
    UnknownCommune,
    UnknownCriterion,
    UnknownSource,
    NotAPlanningYear,
    AmountNotPositive,
    /// Money for a criterion the commune already meets.
    AlreadyMet,
    /// The source may not pay for the criterion (`eligibility.csv`).
    NotEligible,
    /// The source has no budget line at all in that year.
    NoBudgetLine,
    /// The source has money that year, but none usable in that commune
    /// (another district's line, or especially difficult communes only).
    OutOfScope,
    OverBudget,
    /// A district spends more land-use revenue than the share it committed.
    LandRevenueOverShare,
    /// A gap paid its cost twice or more over.
    PaidTwice,
    /// A gap paid more than its cost, but less than twice.
    Overpaid,
    PaidInPart,
    /// A gap's payments fall in more than one year.
    PaidInSeveralYears,
    BeforeEarliestYear,
    /// The row's `district` cell is not the commune's district.
    DistrictMismatch,
    /// The row's `commune` cell is not the name of the commune its id names.
    CommuneMismatch,
}

impl BreakKind {
    pub fn name(self) -> &'static str {
        match self {
            BreakKind::UnknownCommune => "unknown_commune",
            BreakKind::UnknownCriterion => "unknown_criterion",
            BreakKind::UnknownSource => "unknown_source",
            BreakKind::NotAPlanningYear => "not_a_planning_year",
            BreakKind::AmountNotPositive => "amount_not_positive",
            BreakKind::AlreadyMet => "already_met",
            BreakKind::NotEligible => "not_eligible",
            BreakKind::NoBudgetLine => "no_budget_line",
            BreakKind::OutOfScope => "out_of_scope",
            BreakKind::OverBudget => "over_budget",
            BreakKind::LandRevenueOverShare => "land_revenue_over_share",
            BreakKind::PaidTwice => "paid_twice",
            BreakKind::Overpaid => "overpaid",
            BreakKind::PaidInPart => "paid_in_part",
            BreakKind::PaidInSeveralYears => "paid_in_several_years",
            BreakKind::BeforeEarliestYear => "before_earliest_year",
            BreakKind::DistrictMismatch => "district_mismatch",
            BreakKind::CommuneMismatch => "commune_mismatch",
        }
    }
}

/// A rule the plan breaks, with the rows involved and, where the rule has
/// them, the budget line, commune and criterion it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub kind: BreakKind,
    pub rows: Vec<usize>,
    pub source_id: Option<String>,
    pub year: Option<i32>,
    pub district: Option<String>,
    pub commune_id: Option<String>,
    pub criterion: Option<String>,
    /// Million VND: over the budget or share, short of or over the gap's
    /// cost; for `amount_not_positive`, the amount itself.
    pub amount: Option<Money>,
    pub message: String,
}

impl Break {
    /// A break with only its kind, rows and message; the rest is filled in
    /// where it is found.
    pub fn new(kind: BreakKind, rows: Vec<usize>, message: String) -> Break {
        Break {
            kind,
            rows,
            source_id: None,
            year: None,
            district: None,
            commune_id: None,
            criterion: None,
            amount: None,
            message,
        }
    }
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
    /// By `GapId`: the year the plan pays the gap in full, for the gaps it
    /// completes, the only ones that count in the figures above.
    pub funded_year: Vec<Option<i32>>,
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
    let mut breaks: Vec<Break> = Vec::new();

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
    let district_name = |c: usize| {
        instance.districts[instance.communes[c].district.0]
            .name
            .clone()
    };

    // Payments per (commune, criterion) and per pool, after each row's own checks.
    let mut paid: BTreeMap<(usize, usize), Vec<&PlanRow>> = BTreeMap::new();
    let mut pool_paid: BTreeMap<usize, (Money, Vec<usize>)> = BTreeMap::new();
    for r in rows {
        // What the row names, as far as it is known, for every break below.
        let on_row = |kind: BreakKind, message: String| Break {
            source_id: Some(r.source_id.clone()),
            year: Some(r.year),
            district: commune_index
                .get(r.commune_id.as_str())
                .map(|c| district_name(*c)),
            commune_id: Some(r.commune_id.clone()),
            criterion: Some(r.criterion.clone()),
            ..Break::new(kind, vec![r.row], message)
        };
        let Some(&c) = commune_index.get(r.commune_id.as_str()) else {
            breaks.push(on_row(
                BreakKind::UnknownCommune,
                format!("unknown commune `{}`", r.commune_id),
            ));
            continue;
        };
        let Some(k) = instance.criteria.iter().position(|k| k.id == r.criterion) else {
            breaks.push(on_row(
                BreakKind::UnknownCriterion,
                format!("unknown criterion `{}`", r.criterion),
            ));
            continue;
        };
        let Some(s) = instance.sources.iter().position(|s| s.id == r.source_id) else {
            breaks.push(on_row(
                BreakKind::UnknownSource,
                format!("unknown source `{}`", r.source_id),
            ));
            continue;
        };
        if !instance.years.contains(&r.year) {
            breaks.push(on_row(
                BreakKind::NotAPlanningYear,
                format!("{} is not a planning year", r.year),
            ));
            continue;
        }
        if r.amount <= Money::ZERO {
            breaks.push(Break {
                amount: Some(r.amount),
                ..on_row(
                    BreakKind::AmountNotPositive,
                    format!("the amount {} is not positive", r.amount),
                )
            });
            continue;
        }
        let commune = &instance.communes[c];
        if !gap_index.contains_key(&(c, k)) {
            breaks.push(on_row(
                BreakKind::AlreadyMet,
                format!(
                    "`{}` already meets `{}`; money for it is wasted",
                    r.commune_id, r.criterion
                ),
            ));
            continue;
        }
        if !instance.sources[s].eligible[k] {
            breaks.push(on_row(
                BreakKind::NotEligible,
                format!("source `{}` may not pay for `{}`", r.source_id, r.criterion),
            ));
            continue;
        }
        let pool = instance.pools.iter().position(|p| {
            p.source.0 == s
                && p.year == r.year
                && p.district.is_none_or(|d| d == commune.district)
                && (!p.only_especially_difficult || commune.especially_difficult)
        });
        let Some(pool) = pool else {
            let has_line = instance
                .pools
                .iter()
                .any(|p| p.source.0 == s && p.year == r.year);
            let (kind, message) = if has_line {
                (
                    BreakKind::OutOfScope,
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
                )
            } else {
                (
                    BreakKind::NoBudgetLine,
                    format!("source `{}` has no budget line in {}", r.source_id, r.year),
                )
            };
            breaks.push(on_row(kind, message));
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
            let place = district
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            let (kind, message) = if pool.kind == PoolKind::LandRevenue {
                (
                    BreakKind::LandRevenueOverShare,
                    format!(
                        "land-use revenue in {}{place} is spent {} million VND above the committed share of {}% ({} used of {})",
                        pool.year,
                        used - available,
                        scenario.land_revenue.max_share * 100.0,
                        used,
                        available
                    ),
                )
            } else {
                (
                    BreakKind::OverBudget,
                    format!(
                        "source `{source_id}` in {}{place} is over its budget by {} million VND ({} used of {})",
                        pool.year,
                        used - available,
                        used,
                        available
                    ),
                )
            };
            breaks.push(Break {
                source_id: Some(source_id.clone()),
                year: Some(pool.year),
                district: district.clone(),
                amount: Some(used - available),
                ..Break::new(kind, pool_rows, message)
            });
        }
        pools.push(PoolUse {
            source_id,
            year: pool.year,
            district,
            available,
            used,
        });
    }

    // Which gaps the plan completes, and when: paid exactly their cost, in
    // one year, not before they can start.
    let mut completed: BTreeMap<(usize, usize), i32> = BTreeMap::new();
    let mut funded_year = vec![None; instance.gaps.len()];
    for ((c, k), payments) in &paid {
        let gap = gap_index[&(*c, *k)];
        let cost = budget.gap_cost[gap];
        let row_numbers: Vec<usize> = payments.iter().map(|r| r.row).collect();
        let total: Money = payments.iter().map(|r| r.amount).sum();
        let year = payments[0].year;
        let mut years: Vec<i32> = payments.iter().map(|r| r.year).collect();
        years.sort_unstable();
        years.dedup();
        let label = format!(
            "`{}` / `{}`",
            instance.communes[*c].id, instance.criteria[*k].id
        );
        let on_gap = |kind: BreakKind, amount: Option<Money>, message: String| Break {
            year: (years.len() == 1).then_some(year),
            district: Some(district_name(*c)),
            commune_id: Some(instance.communes[*c].id.clone()),
            criterion: Some(instance.criteria[*k].id.clone()),
            amount,
            ..Break::new(kind, row_numbers.clone(), message)
        };
        let over = total - cost;
        let problem = if total.dong() >= 2 * cost.dong() {
            let when: Vec<String> = years.iter().map(i32::to_string).collect();
            Some(on_gap(
                BreakKind::PaidTwice,
                Some(over),
                format!(
                    "{label} is paid twice: {total} million VND for a cost of {cost} (in {})",
                    when.join(", ")
                ),
            ))
        } else if total > cost {
            Some(on_gap(
                BreakKind::Overpaid,
                Some(over),
                format!("{label} is paid {total} million VND, more than its cost of {cost}"),
            ))
        } else if total < cost {
            Some(on_gap(
                BreakKind::PaidInPart,
                Some(cost - total),
                format!(
                    "{label} is paid only in part: {total} of {cost} million VND, {} short",
                    cost - total
                ),
            ))
        } else if years.len() > 1 {
            Some(on_gap(
                BreakKind::PaidInSeveralYears,
                None,
                format!("{label} is paid in more than one year; a criterion is funded in one year"),
            ))
        } else if year < instance.gaps[gap].earliest_year {
            Some(on_gap(
                BreakKind::BeforeEarliestYear,
                None,
                format!(
                    "{label} cannot start before {}",
                    instance.gaps[gap].earliest_year
                ),
            ))
        } else {
            None
        };
        match problem {
            Some(b) => breaks.push(b),
            None => {
                completed.insert((*c, *k), year);
                funded_year[gap] = Some(year);
            }
        }
    }
    // In the order of the file, as a reader goes through it.
    breaks.sort_by_key(|b| b.rows.first().copied().unwrap_or(0));
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
        funded_year,
    }
}
