//! Random commitments on a random instance, and the enumerated optimum with
//! those payments fixed.
//!
//! Independent of the crate: a commitment takes its amount from the pool of
//! its year and from its gap's cost; a gap paid in full by commitments is
//! met; the rest of a gap paid in part may be paid from the year of its
//! last commitment on (under `one_year`, whole in one such year); the money
//! is the commitments' plus the rest of the gaps funded.

use std::fmt::Write as _;
use std::path::Path;

use super::{DONG, Exhaustive, Rule, Spec, Value, payable_in_year, payable_over_years};
use ntm::rng::Rng;

/// One committed payment: from pool `pool` (an index of `Spec::pools`) in
/// its year, to criterion `criterion` of commune `commune` (gap `gap`, or
/// None for a criterion the commune meets).
#[derive(Debug, Clone)]
pub struct Commitment {
    pub commune: usize,
    pub criterion: usize,
    pub gap: Option<usize>,
    pub pool: usize,
    /// Đồng.
    pub amount: i64,
}

/// 0–4 commitments that keep every rule: each within what its pool of its
/// year has left and what its gap has left, not before the gap's earliest
/// year, from a source that may pay for it there; some pay a gap in full,
/// some a criterion already met.
pub fn random(spec: &Spec, seed: u64) -> Vec<Commitment> {
    let mut rng = Rng::new(seed ^ 0xC0_4417_7ED5);
    let pools = spec.pools();
    let mut pool_left: Vec<i64> = pools.iter().map(|p| p.capacity).collect();
    let mut gap_left: Vec<i64> = (0..spec.gaps.len()).map(|g| spec.gap_cost(g)).collect();
    let mut out = Vec::new();
    for _ in 0..rng.range(0, 4) {
        let stale = rng.chance(0.2);
        let (commune, criterion, gap) = if stale {
            let c = rng.range(0, spec.communes.len() as u64 - 1) as usize;
            let k = rng.range(0, spec.criteria.len() as u64 - 1) as usize;
            if spec.gaps.iter().any(|g| g.commune == c && g.criterion == k) {
                continue;
            }
            (c, k, None)
        } else {
            let g = rng.range(0, spec.gaps.len() as u64 - 1) as usize;
            (spec.gaps[g].commune, spec.gaps[g].criterion, Some(g))
        };
        let commune_row = &spec.communes[commune];
        let usable: Vec<usize> = (0..pools.len())
            .filter(|p| {
                let pool = &pools[*p];
                let eligible = match pool.source {
                    Some(s) => spec.sources[s].eligible[criterion],
                    None => spec.land.as_ref().unwrap().eligible[criterion],
                };
                eligible
                    && pool_left[*p] > 0
                    && pool.district.is_none_or(|d| d == commune_row.district)
                    && (!pool.only_especially_difficult || commune_row.especially_difficult)
                    && gap.is_none_or(|g| pool.year >= spec.gaps[g].earliest_year)
            })
            .collect();
        if usable.is_empty() {
            continue;
        }
        let p = usable[rng.range(0, usable.len() as u64 - 1) as usize];
        let most = match gap {
            Some(g) => pool_left[p].min(gap_left[g]),
            None => pool_left[p],
        };
        if most <= 0 {
            continue;
        }
        // The whole rest of the gap when it fits, else whole millions.
        let amount = if gap.is_some_and(|g| gap_left[g] == most) && rng.chance(0.5) {
            most
        } else if most >= DONG {
            rng.range(1, (most / DONG) as u64) as i64 * DONG
        } else {
            most
        };
        pool_left[p] -= amount;
        if let Some(g) = gap {
            gap_left[g] -= amount;
        }
        out.push(Commitment {
            commune,
            criterion,
            gap,
            pool: p,
            amount,
        });
    }
    out
}

/// Millions as the tables write them: the amounts are multiples of a
/// quarter million, so two decimals are exact.
fn millions(dong: i64) -> String {
    let x = dong as f64 / DONG as f64;
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// `data/commitments.csv` of a written instance (nothing when there are
/// none).
pub fn write(spec: &Spec, commitments: &[Commitment], dir: &Path) {
    if commitments.is_empty() {
        return;
    }
    let pools = spec.pools();
    let mut text = "year,commune_id,criterion,source_id,amount\n".to_string();
    for c in commitments {
        let pool = &pools[c.pool];
        writeln!(
            text,
            "{},{},{},{},{}",
            pool.year,
            spec.communes[c.commune].id,
            spec.criteria[c.criterion],
            spec.source_id(pool.source),
            millions(c.amount)
        )
        .unwrap();
    }
    std::fs::write(dir.join("data").join("commitments.csv"), text).unwrap();
}

/// The lexicographic optimum (weighted communes, criteria met, least money)
/// over the plans that keep `commitments`.
pub fn optimum(spec: &Spec, commitments: &[Commitment]) -> Value {
    let n = spec.gaps.len();
    let mut residual = spec.clone();
    let mut pools = spec.pools();
    let mut cost: Vec<i64> = (0..n).map(|g| spec.gap_cost(g)).collect();
    let mut last: Vec<Option<i32>> = vec![None; n];
    let mut committed = 0;
    for c in commitments {
        let year = pools[c.pool].year;
        pools[c.pool].capacity -= c.amount;
        committed += c.amount;
        if let Some(g) = c.gap {
            cost[g] -= c.amount;
            last[g] = Some(last[g].map_or(year, |y: i32| y.max(year)));
        }
    }
    let mut forced = 0usize;
    for g in 0..n {
        if let Some(year) = last[g] {
            if cost[g] == 0 {
                forced |= 1 << g;
            } else {
                let gap = &mut residual.gaps[g];
                gap.earliest_year = gap.earliest_year.max(year);
            }
        }
    }
    let full = 1usize << n;
    let mut cost_of = vec![0i64; full];
    for m in 1..full {
        let g = m.trailing_zeros() as usize;
        cost_of[m] = cost_of[m & (m - 1)] + cost[g];
    }
    let achievable = if residual.rule != Rule::OneYear {
        payable_over_years(&residual, &pools, &cost_of)
    } else {
        // As `Exhaustive::new`: some part of each set paid each year.
        let mut reach = vec![false; full];
        reach[0] = true;
        for &year in &residual.years {
            let payable = payable_in_year(&residual, &pools, year, &cost_of);
            let mut next = vec![false; full];
            for (m, slot) in next.iter_mut().enumerate() {
                let mut a = m;
                loop {
                    if payable[a] && reach[m ^ a] {
                        *slot = true;
                        break;
                    }
                    if a == 0 {
                        break;
                    }
                    a = (a - 1) & m;
                }
            }
            reach = next;
        }
        reach
    };
    let exhaustive = Exhaustive {
        spec: &residual,
        achievable: Vec::new(),
    };
    let mut best: Option<Value> = None;
    for (m, ok) in achievable.iter().enumerate() {
        if !ok || m & forced != forced {
            continue;
        }
        let mut v = exhaustive.value(m);
        v.cost = committed
            + (0..n)
                .filter(|g| m & (1 << g) != 0)
                .map(|g| cost[g])
                .sum::<i64>();
        let better = best.as_ref().is_none_or(|b| {
            (v.weighted_halves, v.criteria_met, -v.cost)
                > (b.weighted_halves, b.criteria_met, -b.cost)
        });
        if better {
            best = Some(v);
        }
    }
    best.expect("the commitments alone are a plan")
}

/// The best schedule over two planning years of the gaps `funded` (a bit
/// mask of the plan's completed gaps, those paid in full by commitments
/// included), as `super::best_schedule` finds it, with `commitments` fixed:
/// a gap paid in full by commitments is finished in the year of its last
/// one; the rest of a gap paid in part may be paid from that year on; the
/// pools hold what the commitments leave. Returns (weighted communes at the
/// standard by the end of the first year, in halves; criteria met by then).
pub fn best_schedule(spec: &Spec, commitments: &[Commitment], funded: usize) -> (i64, usize) {
    assert_eq!(spec.years.len(), 2, "two planning years");
    let n = spec.gaps.len();
    let first = spec.years[0];
    let mut residual = spec.clone();
    let mut pools = spec.pools();
    let mut cost: Vec<i64> = (0..n).map(|g| spec.gap_cost(g)).collect();
    let mut last: Vec<Option<i32>> = vec![None; n];
    for c in commitments {
        let year = pools[c.pool].year;
        pools[c.pool].capacity -= c.amount;
        if let Some(g) = c.gap {
            cost[g] -= c.amount;
            last[g] = Some(last[g].map_or(year, |y: i32| y.max(year)));
        }
    }
    // Paid in full by commitments, and of those, finished in the first year.
    let (mut forced, mut forced_first) = (0usize, 0usize);
    for g in 0..n {
        if let Some(year) = last[g] {
            if cost[g] == 0 {
                forced |= 1 << g;
                if year == first {
                    forced_first |= 1 << g;
                }
            } else {
                let gap = &mut residual.gaps[g];
                gap.earliest_year = gap.earliest_year.max(year);
            }
        }
    }
    let rest = funded & !forced;
    let mut cost_of = vec![0i64; 1 << n];
    for m in 1..1usize << n {
        let g = m.trailing_zeros() as usize;
        cost_of[m] = cost_of[m & (m - 1)] + cost[g];
    }
    let one_year = (residual.rule == Rule::OneYear).then(|| {
        (
            payable_in_year(&residual, &pools, first, &cost_of),
            payable_in_year(&residual, &pools, residual.years[1], &cost_of),
        )
    });
    let later: Vec<usize> = (0..n)
        .map(|g| super::reach_over_years(&residual, &pools, g))
        .collect();
    let early: Vec<usize> = (0..n)
        .map(|g| {
            pools
                .iter()
                .enumerate()
                .filter(|(_, p)| p.year == first && p.capacity > 0 && residual.may_pay(p, g))
                .fold(0, |acc, (i, _)| acc | 1 << i)
        })
        .collect();
    let held = |set: usize| -> i64 {
        (0..pools.len())
            .filter(|i| set & (1 << i) != 0)
            .map(|i| pools[i].capacity)
            .sum()
    };
    let feasible = |d: usize| -> bool {
        if (0..n).any(|g| d & (1 << g) != 0 && residual.gaps[g].earliest_year > first) {
            return false;
        }
        if let Some((one, two)) = &one_year {
            return one[d] && two[rest & !d];
        }
        let mut a = rest;
        loop {
            if a != 0 {
                let reach = (0..n).filter(|g| a & (1 << g) != 0).fold(0, |acc, g| {
                    acc | if d & (1 << g) != 0 {
                        early[g]
                    } else {
                        later[g]
                    }
                });
                if cost_of[a] > held(reach) {
                    return false;
                }
            }
            if a == 0 {
                return true;
            }
            a = (a - 1) & rest;
        }
    };
    // Only commune criteria count: advanced and village gaps are finished
    // after, as the money the communes' schedule leaves allows.
    let counted = (0..n)
        .filter(|g| spec.gaps[*g].village.is_none() && !spec.is_advanced(*g))
        .fold(0usize, |acc, g| acc | 1 << g);
    let mut best = (i64::MIN, 0usize);
    let mut d = rest;
    loop {
        if feasible(d) {
            let done = d | forced_first;
            let weighted: i64 = spec
                .communes
                .iter()
                .enumerate()
                .filter(|(c, _)| {
                    let gaps: Vec<usize> = spec.commune_gaps_of(*c).collect();
                    !gaps.is_empty() && gaps.iter().all(|g| done & (1 << g) != 0)
                })
                .map(|(_, commune)| (commune.weight * 2.0) as i64)
                .sum();
            best = best.max((weighted, (done & counted).count_ones() as usize));
        }
        if d == 0 {
            return best;
        }
        d = (d - 1) & rest;
    }
}
