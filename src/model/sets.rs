//! The index sets of the model: the budget accounts a capacity row limits,
//! which gap may be funded (and, under `one_year`, in which year), and the
//! flow classes that let one flow variable stand for many gaps.
//!
//! An *account* is what one capacity row limits: one pool (a line in one
//! year) under `one_year` and `yearly`, and one line over all the years
//! under `carry_over`, where money unspent in a year stays with its line.
//! A flow class is a set of accounts. Every funding whose usable accounts
//! are exactly that set draws on the class's flows. Since all gaps of a
//! class can use all of its accounts, any split of the class's flows among
//! its funded gaps is a valid payment, so aggregating loses nothing (see
//! docs/model.md, "Flow classes").

use std::collections::{BTreeMap, HashMap};

use crate::budget::Budget;
use crate::instance::{GapId, Instance, LineKey, PoolId};
use crate::money::Money;
use crate::scenario::PaymentRule;

/// What decides the accounts a gap may use: (criterion, district,
/// especially difficult, earliest year, year under `one_year`).
type UsableKey = (usize, usize, bool, i32, Option<i32>);

/// Money one capacity row limits.
#[derive(Debug, Clone)]
pub struct Account {
    /// Its pools, ascending: one, or under `carry_over` every pool of one
    /// line.
    pub pools: Vec<PoolId>,
    pub capacity: Money,
    /// The projects whose money joins this account when paused: indices
    /// into `Budget::pausable` (empty unless pausing is allowed).
    pub pausable: Vec<usize>,
}

impl Account {
    /// The most the account can hold: its capacity and every project that
    /// may be paused into it.
    pub fn reach(&self, budget: &Budget) -> Money {
        let mut reach = self.capacity;
        for p in &self.pausable {
            reach += budget.pausable[*p].amount;
        }
        reach
    }
}

/// Gap `gap` funded (under `one_year`, in `year`), drawing on flow class
/// `class`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Funding {
    pub gap: GapId,
    /// The year the whole cost is paid, under `one_year`; None under the
    /// rules that leave the years to the schedule (`schedule.rs`).
    pub year: Option<i32>,
    pub class: usize,
}

#[derive(Debug, Clone)]
pub struct FlowClass {
    /// The accounts every funding of this class may draw on, ascending.
    pub accounts: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Sets {
    pub rule: PaymentRule,
    pub accounts: Vec<Account>,
    pub fundings: Vec<Funding>,
    /// For each gap, its fundings (under `one_year` one per year it can be
    /// funded in; otherwise at most one).
    pub gap_fundings: Vec<Vec<usize>>,
    pub classes: Vec<FlowClass>,
    /// (class, account) pairs, one flow variable each.
    pub flows: Vec<(usize, usize)>,
    /// For each class, its fundings by ascending (cost, gap): the order of
    /// the dominance rows (`constraints::dominance`).
    pub chains: Vec<Vec<usize>>,
}

impl Sets {
    /// `villages`: whether the village target is set. Without it no tier
    /// counts a village, and a village's gap only costs money, so it gets
    /// no funding at all; nor does a village the target does not count
    /// (of a commune that is not especially difficult).
    pub fn new(instance: &Instance, budget: &Budget, rule: PaymentRule, villages: bool) -> Sets {
        let accounts = accounts(instance, budget, rule);
        // Accounts of the whole province, and of each district: a commune
        // may use only these, so the search is not over every account.
        let mut province = Vec::new();
        let mut by_district = vec![Vec::new(); instance.districts.len()];
        for (a, account) in accounts.iter().enumerate() {
            match instance.pools[account.pools[0].0].district {
                None => province.push(a),
                Some(d) => by_district[d.0].push(a),
            }
        }
        // Which accounts a (criterion, district, especially difficult,
        // year) may use: gaps that share these share their accounts.
        let mut usable: HashMap<UsableKey, (Vec<usize>, i64)> = HashMap::new();
        let mut class_index: BTreeMap<Vec<usize>, usize> = BTreeMap::new();
        let mut classes = Vec::new();
        let mut fundings = Vec::new();
        let mut gap_fundings = vec![Vec::new(); instance.gaps.len()];
        let horizon = instance.horizon();
        for (g, gap) in instance.gaps.iter().enumerate() {
            if gap.earliest_year > horizon {
                continue;
            }
            if gap.village.is_some()
                && !(villages && instance.communes[gap.commune.0].especially_difficult)
            {
                continue;
            }
            let commune = &instance.communes[gap.commune.0];
            let years: Vec<Option<i32>> = match rule {
                PaymentRule::OneYear => instance
                    .years
                    .iter()
                    .filter(|y| **y >= gap.earliest_year)
                    .map(|y| Some(*y))
                    .collect(),
                _ => vec![None],
            };
            for year in years {
                // Under carry_over every line's money reaches the horizon,
                // so the earliest year does not narrow the accounts.
                let from = if rule.carries_over() {
                    i32::MIN
                } else {
                    gap.earliest_year
                };
                let key = (
                    gap.criterion.0,
                    commune.district.0,
                    commune.especially_difficult,
                    from,
                    year,
                );
                let (set, reach) = usable.entry(key).or_insert_with(|| {
                    let mut near: Vec<usize> = province
                        .iter()
                        .chain(&by_district[commune.district.0])
                        .copied()
                        .collect();
                    near.sort_unstable();
                    let set: Vec<usize> = near
                        .into_iter()
                        .map(|a| (a, &accounts[a]))
                        .filter(|(_, account)| {
                            let pool = &instance.pools[account.pools[0].0];
                            let pool_year = pool.year;
                            instance.sources[pool.source.0].eligible[gap.criterion.0]
                                && pool.usable_in(commune)
                                && match year {
                                    Some(y) => pool_year == y,
                                    None => rule.carries_over() || pool_year >= from,
                                }
                        })
                        .map(|(a, _)| a)
                        .collect();
                    let reach = set.iter().map(|a| accounts[*a].reach(budget).dong()).sum();
                    (set, reach)
                });
                // A gap dearer than all the accounts it could draw on
                // together can never be paid.
                if set.is_empty() || budget.gap_cost[g].dong() > *reach {
                    continue;
                }
                let next = classes.len();
                let class = *class_index.entry(set.clone()).or_insert(next);
                if class == next {
                    classes.push(FlowClass {
                        accounts: set.clone(),
                    });
                }
                gap_fundings[g].push(fundings.len());
                fundings.push(Funding {
                    gap: GapId(g),
                    year,
                    class,
                });
            }
        }
        let flows = classes
            .iter()
            .enumerate()
            .flat_map(|(c, class)| class.accounts.iter().map(move |a| (c, *a)))
            .collect();
        // The chains hold commune gaps only: a village's gap counts towards
        // its village, which the swap behind the dominance rows ignores.
        let mut chains = vec![Vec::new(); classes.len()];
        // Commune criteria only: a chain stays within one kind of gap (the
        // swap that makes the rows valid keeps the criteria met only when
        // both gaps count towards them; advanced gaps get no rows).
        for (f, funding) in fundings.iter().enumerate() {
            if instance.gaps[funding.gap.0].kind() == crate::instance::GapKind::Commune {
                chains[funding.class].push(f);
            }
        }
        for chain in &mut chains {
            chain.sort_by_key(|f| {
                let gap = fundings[*f].gap;
                (budget.gap_cost[gap.0], gap)
            });
        }
        Sets {
            rule,
            accounts,
            fundings,
            gap_fundings,
            classes,
            flows,
            chains,
        }
    }
}

/// The accounts of a budget: pools with money (or a project that may be
/// paused into them), or under `carry_over` such lines, in the order of
/// their first pool.
fn accounts(instance: &Instance, budget: &Budget, rule: PaymentRule) -> Vec<Account> {
    let mut paused_into: Vec<Vec<usize>> = vec![Vec::new(); instance.pools.len()];
    for (i, p) in budget.pausable.iter().enumerate() {
        paused_into[p.pool.0].push(i);
    }
    if !rule.carries_over() {
        return (0..instance.pools.len())
            .filter(|p| budget.pool_capacity[*p].dong() > 0 || !paused_into[*p].is_empty())
            .map(|p| Account {
                pools: vec![PoolId(p)],
                capacity: budget.pool_capacity[p],
                pausable: paused_into[p].clone(),
            })
            .collect();
    }
    let mut lines: BTreeMap<LineKey, usize> = BTreeMap::new();
    let mut accounts: Vec<Account> = Vec::new();
    for (p, pool) in instance.pools.iter().enumerate() {
        let next = accounts.len();
        let a = *lines.entry(pool.line()).or_insert(next);
        if a == next {
            accounts.push(Account {
                pools: Vec::new(),
                capacity: Money::ZERO,
                pausable: Vec::new(),
            });
        }
        accounts[a].pools.push(PoolId(p));
        accounts[a].capacity += budget.pool_capacity[p];
        accounts[a].pausable.extend(paused_into[p].iter().copied());
    }
    accounts.retain(|a| a.capacity.dong() > 0 || !a.pausable.is_empty());
    accounts
}
