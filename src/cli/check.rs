//! `ntm check SCENARIO [--set KEY=VALUE]…`: validate everything and say what the data holds.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use super::{Failure, load, overrides_line};
use crate::budget::Budget;
use crate::instance::{CommuneId, PoolKind, Purpose};
use crate::money::Money;
use crate::report::markdown::money;
use crate::scenario::Override;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Override a scenario key, e.g. `adjust.cost=1.15` (repeatable; the last
    /// one of a key wins).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<Override>,
}

pub fn execute(args: &CheckArgs) -> Result<(), Failure> {
    let (scenario, instance) = load(&args.scenario, &args.overrides)?;
    let budget = Budget::new(&instance, &scenario);
    let n = instance.communes.len();
    let met: Vec<usize> = (0..n)
        .map(|c| instance.criteria_met_today(CommuneId(c)))
        .collect();
    let meeting = (0..n)
        .filter(|c| instance.gaps_of(CommuneId(*c), Purpose::New) == 0)
        .count();
    println!("{}: valid", scenario.path.display());
    println!("  scenario        {}", scenario.name);
    if let Some(list) = overrides_line(&scenario) {
        println!("  overrides       {list}");
    }
    println!("  years           {:?}", instance.years);
    println!(
        "  communes        {n} in {} districts, {} especially difficult",
        instance.districts.len(),
        instance
            .communes
            .iter()
            .filter(|c| c.especially_difficult)
            .count()
    );
    println!("  criteria        {}", instance.criteria.len());
    println!("  meeting now     {meeting} communes");
    println!(
        "  criteria met    {:.2} on average, fewest {}",
        met.iter().sum::<usize>() as f64 / n as f64,
        met.iter().min().unwrap_or(&0)
    );
    for (purpose, label) in [
        (Purpose::New, "gaps           "),
        (Purpose::Maintenance, "at risk        "),
    ] {
        let (count, total) = instance
            .gaps
            .iter()
            .zip(&budget.gap_cost)
            .filter(|(g, _)| g.purpose == purpose)
            .fold((0, Money::ZERO), |(n, t), (_, cost)| (n + 1, t + *cost));
        if purpose == Purpose::New || count > 0 {
            println!("  {label} {count} costing {} million VND", money(total));
        }
    }

    println!("\n  money per source and year (million VND, after adjustments)");
    let mut by_source: BTreeMap<(usize, i32), Money> = BTreeMap::new();
    for (p, pool) in instance.pools.iter().enumerate() {
        if pool.kind == PoolKind::Programme {
            *by_source.entry((pool.source.0, pool.year)).or_default() += budget.pool_capacity[p];
        }
    }
    for ((s, year), amount) in &by_source {
        println!(
            "    {:<14} {year}  {:>14}",
            instance.sources[*s].id,
            money(*amount)
        );
    }
    let land: Vec<usize> = (0..instance.pools.len())
        .filter(|p| instance.pools[*p].kind == PoolKind::LandRevenue)
        .collect();
    if !land.is_empty() {
        println!("\n  land-use revenue per district and year (forecast; may spend / must commit)");
        for p in land {
            let pool = &instance.pools[p];
            let district = pool
                .district
                .map_or("", |d| instance.districts[d.0].name.as_str());
            println!(
                "    {:<22} {}  {:>12}  {:>12} / {:>12}",
                district,
                pool.year,
                money(pool.amount.scale(scenario.adjust.land_revenue)),
                money(budget.pool_capacity[p]),
                money(budget.pool_floor[p])
            );
        }
    }
    Ok(())
}
