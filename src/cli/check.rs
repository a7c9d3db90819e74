//! `ntm check SCENARIO [--set KEY=VALUE]…`: validate everything and say what the data holds.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use super::{Failure, language, load, overrides_line};
use crate::budget::Budget;
use crate::instance::{CommuneId, PoolKind, Purpose};
use crate::lang::Lang;
use crate::money::Money;
use crate::scenario::Override;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  ntm check scenarios/lai-chau-2025.toml
  ntm check scenarios/lai-chau-2025.toml --set adjust.cost=1.15 --lang vi

Exit codes: 0 valid, 2 bad input (one message naming file, line and column,
or workbook, sheet and cell)")]
pub struct CheckArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Override a scenario key, e.g. `adjust.cost=1.15` (repeatable; the last
    /// one of a key wins).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<Override>,
    /// Language of the output [default: the scenario's `language`, else en].
    #[arg(long, value_name = "vi|en")]
    pub lang: Option<Lang>,
}

/// `  label` padded to the value column.
fn label(text: &str) -> String {
    let pad = 16usize.saturating_sub(text.chars().count());
    format!("  {text}{}", " ".repeat(pad))
}

pub fn execute(args: &CheckArgs) -> Result<(), Failure> {
    let (scenario, instance) = load(&args.scenario, &args.overrides, args.lang)?;
    // Commitments are checked as `plan` checks them.
    let commitments = crate::commitments::Commitments::load(&scenario, &instance, None, &[])?;
    let lang = language(args.lang, &scenario);
    let l = |vi: &str, en: &str| label(lang.pick(vi, en));
    let money = |m: Money| crate::report::doc::money(m, lang);
    let budget = Budget::new(&instance, &scenario);
    let n = instance.communes.len();
    let met: Vec<usize> = (0..n)
        .map(|c| instance.criteria_met_today(CommuneId(c)))
        .collect();
    let meeting = (0..n)
        .filter(|c| instance.gaps_of(CommuneId(*c), Purpose::New) == 0)
        .count();
    println!(
        "{}: {}",
        scenario.path.display(),
        lang.pick("hợp lệ", "valid")
    );
    println!("{}{}", l("kịch bản", "scenario"), scenario.name);
    if let Some(list) = overrides_line(&scenario) {
        println!("{}{list}", l("thay đổi", "overrides"));
    }
    println!("{}{:?}", l("năm", "years"), instance.years);
    let difficult = instance
        .communes
        .iter()
        .filter(|c| c.especially_difficult)
        .count();
    let districts = instance.districts.len();
    let average = met.iter().sum::<usize>() as f64 / n as f64;
    let fewest = met.iter().min().unwrap_or(&0);
    // New gaps and criteria at risk, each: (how many, what they cost).
    let tally = |purpose: Purpose| {
        instance
            .gaps
            .iter()
            .zip(&budget.gap_cost)
            .filter(|(g, _)| g.purpose == purpose)
            .fold((0usize, Money::ZERO), |(n, t), (_, cost)| {
                (n + 1, t + *cost)
            })
    };
    let (gap_count, gap_total) = tally(Purpose::New);
    let (risk_count, risk_total) = tally(Purpose::Maintenance);
    let (advanced_count, advanced_total) = tally(Purpose::Advanced);
    let assessed = instance
        .communes
        .iter()
        .filter(|c| !c.advanced.is_empty())
        .count();
    let advanced_catalogue = instance.advanced_criteria.len();
    match lang {
        Lang::En => {
            println!(
                "{}{n} in {districts} districts, {difficult} especially difficult",
                l("", "communes")
            );
            println!("{}{}", l("", "criteria"), instance.commune_criteria);
            println!("{}{meeting} communes", l("", "meeting now"));
            println!(
                "{}{average:.2} on average, fewest {fewest}",
                l("", "criteria met")
            );
            println!(
                "{}{gap_count} costing {} million VND",
                l("", "gaps"),
                money(gap_total)
            );
            if risk_count > 0 {
                println!(
                    "{}{risk_count} costing {} million VND to keep",
                    l("", "at risk"),
                    money(risk_total)
                );
            }
            if assessed > 0 {
                println!(
                    "{}{advanced_count} gaps of {assessed} communes costing {} million VND \
                     ({advanced_catalogue} advanced criteria)",
                    l("", "advanced"),
                    money(advanced_total)
                );
            }
        }
        Lang::Vi => {
            println!(
                "{}{n} xã thuộc {districts} huyện, {difficult} xã đặc biệt khó khăn",
                l("xã", "")
            );
            println!("{}{}", l("tiêu chí", ""), instance.commune_criteria);
            println!("{}{meeting} xã", l("đang đạt chuẩn", ""));
            println!(
                "{}bình quân {}, thấp nhất {fewest}",
                l("tiêu chí đạt", ""),
                crate::report::doc::decimal(average, 2, lang)
            );
            println!(
                "{}{gap_count} tiêu chí chưa đạt, cần {} triệu đồng",
                l("còn thiếu", ""),
                money(gap_total)
            );
            if risk_count > 0 {
                println!(
                    "{}{risk_count} tiêu chí, cần {} triệu đồng để duy trì",
                    l("có nguy cơ mất", ""),
                    money(risk_total)
                );
            }
            if assessed > 0 {
                println!(
                    "{}{advanced_count} tiêu chí chưa đạt của {assessed} xã, cần {} triệu đồng \
                     ({advanced_catalogue} tiêu chí nâng cao)",
                    l("nâng cao", ""),
                    money(advanced_total)
                );
            }
        }
    }

    println!(
        "\n  {}",
        lang.pick(
            "vốn theo nguồn và năm (triệu đồng, sau điều chỉnh)",
            "money per source and year (million VND, after adjustments)"
        )
    );
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
        println!(
            "\n  {}",
            lang.pick(
                "tiền thu sử dụng đất theo huyện và năm (dự báo; được chi / phải cam kết)",
                "land-use revenue per district and year (forecast; may spend / must commit)"
            )
        );
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
    if !instance.projects.is_empty() {
        let pausable: Vec<&crate::projects::Project> =
            instance.projects.iter().filter(|p| p.pausable).collect();
        let total: Money = pausable.iter().map(|p| p.amount).sum();
        let allowed = if scenario.projects.allow_pause {
            lang.pick("được phép tạm dừng", "pausing allowed")
        } else {
            lang.pick(
                "không được tạm dừng ([projects] allow_pause = false)",
                "pausing not allowed ([projects] allow_pause = false)",
            )
        };
        println!(
            "\n  {}: {}, {} {} ({} {}); {allowed}",
            lang.pick("dự án đầu tư công", "public-investment projects"),
            instance.projects.len(),
            pausable.len(),
            lang.pick("có thể tạm dừng", "pausable"),
            money(total),
            lang.pick("triệu đồng", "million VND"),
        );
    }
    if !commitments.is_empty() {
        println!(
            "\n  {}: {}, {} {}",
            lang.pick("khoản đã cam kết", "commitments"),
            commitments.items.len(),
            money(commitments.total()),
            lang.pick("triệu đồng", "million VND")
        );
    }
    Ok(())
}
