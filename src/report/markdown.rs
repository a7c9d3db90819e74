//! `report.md`: what a meeting reads.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::instance::Instance;
use crate::money::Money;
use crate::run::PlanRun;
use crate::scenario::Scenario;

use super::summary::{proven_gap, status};

/// Million VND with thousands separated: `1,234,567.5`.
pub fn money(amount: Money) -> String {
    group_thousands(&amount.to_string())
}

/// A plain decimal number (`-1234567.5`) with its thousands separated by
/// commas (`-1,234,567.5`).
pub fn group_thousands(text: &str) -> String {
    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "**no**" }
}

fn figure(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

pub fn report(instance: &Instance, scenario: &Scenario, run: &PlanRun) -> String {
    let o = &run.outcome;
    let n = instance.communes.len();
    let mut md = String::new();
    let _ = writeln!(md, "# {}: allocation plan\n", scenario.name);
    let state = match status(&run.selection) {
        "optimal" => "proven optimal in every tier".to_string(),
        _ => format!(
            "stopped by the time limit; the plan may be up to {:.2}% from optimal",
            proven_gap(&run.selection) * 100.0
        ),
    };
    let years: Vec<String> = instance.years.iter().map(i32::to_string).collect();
    let _ = writeln!(
        md,
        "Planning years {}; {} communes in {} districts. Plan status: {state}. Money in million VND.\n",
        years.join(", "),
        n,
        instance.districts.len()
    );

    let before_meeting = o.communes.iter().filter(|c| c.meets_before).count();
    let before_total: usize = o.communes.iter().map(|c| c.criteria_before).sum();
    let before_min = o
        .communes
        .iter()
        .map(|c| c.criteria_before)
        .min()
        .unwrap_or(0);
    let _ = writeln!(md, "## Headline\n");
    let _ = writeln!(md, "| Figure | Before | With the plan | Target | Met |");
    let _ = writeln!(md, "|---|---:|---:|---:|:---:|");
    let target = |name: &str| o.targets.iter().find(|t| t.name == name);
    let cells = |name: &str| match target(name) {
        Some(t) => (figure(t.required), yes_no(t.met).to_string()),
        None => ("–".to_string(), "–".to_string()),
    };
    let (req, met) = cells("communes_meeting_standard");
    let _ = writeln!(
        md,
        "| Communes meeting the standard | {before_meeting} | {} | {req} | {met} |",
        o.communes_meeting_standard
    );
    let (req, met) = cells("average_criteria");
    let _ = writeln!(
        md,
        "| Average criteria per commune | {:.2} | {:.2} | {req} | {met} |",
        before_total as f64 / n as f64,
        o.average_criteria
    );
    let (req, met) = cells("min_criteria_per_commune");
    let _ = writeln!(
        md,
        "| Fewest criteria in a commune | {before_min} | {} | {req} | {met} |",
        o.min_criteria
    );
    if let Some(t) = target("districts_meeting_standard") {
        let _ = writeln!(
            md,
            "| Named districts with every commune at the standard | – | {} | {} | {} |",
            figure(t.achieved),
            figure(t.required),
            yes_no(t.met)
        );
    }
    let _ = writeln!(
        md,
        "| Money spent | – | {} | – | – |\n",
        money(o.total_cost)
    );

    let missed: Vec<_> = o.targets.iter().filter(|t| !t.met).collect();
    if !o.targets.is_empty() {
        let _ = writeln!(md, "## Targets missed\n");
        if missed.is_empty() {
            let _ = writeln!(md, "None: the plan meets every target of the scenario.\n");
        }
        for t in missed {
            let line = match t.name {
                "communes_meeting_standard" => format!(
                    "- Communes meeting the standard: {} of {} required, {} short.",
                    figure(t.achieved),
                    figure(t.required),
                    figure(t.required - t.achieved)
                ),
                "average_criteria" => format!(
                    "- Average criteria: {:.2} of {} required; {} more criteria met across the province would close it.",
                    t.achieved,
                    figure(t.required),
                    crate::model::constraints::required_total(t.required, n)
                        .saturating_sub(o.criteria_met_total as u64)
                ),
                "min_criteria_per_commune" => {
                    let below: Vec<String> = instance
                        .communes
                        .iter()
                        .zip(&o.communes)
                        .filter(|(_, c)| (c.criteria_after as f64) < t.required)
                        .map(|(c, oc)| format!("{} ({})", c.name, oc.criteria_after))
                        .collect();
                    format!(
                        "- Fewest criteria: {} against {} required; below it: {}.",
                        figure(t.achieved),
                        figure(t.required),
                        below.join(", ")
                    )
                }
                _ => {
                    let short: Vec<String> = t
                        .missing
                        .iter()
                        .map(|name| {
                            let d = instance
                                .districts
                                .iter()
                                .position(|d| &d.name == name)
                                .expect("validated");
                            let od = &o.districts[d];
                            format!("{name} ({} of {} communes)", od.meeting_after, od.communes)
                        })
                        .collect();
                    format!("- Districts at the standard: not yet {}.", short.join(", "))
                }
            };
            let _ = writeln!(md, "{line}");
        }
        let _ = writeln!(md);
    }

    let _ = writeln!(md, "## Districts\n");
    let _ = writeln!(
        md,
        "| District | Communes | Meeting before | Meeting after | Average criteria | Fewest | Money | Land revenue committed |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for (district, od) in instance.districts.iter().zip(&o.districts) {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {:.2} | {} | {} | {} |",
            district.name,
            od.communes,
            od.meeting_before,
            od.meeting_after,
            od.criteria_after as f64 / od.communes as f64,
            od.min_criteria_after,
            money(od.cost),
            money(od.land_revenue_committed)
        );
    }
    let _ = writeln!(md);

    md.push_str(&super::maintenance::section(instance, o, scenario.language));

    let _ = writeln!(md, "## Communes newly meeting the standard\n");
    let mut newly: Vec<(i32, usize)> = o
        .communes
        .iter()
        .enumerate()
        .filter_map(|(c, oc)| oc.meets_from.map(|y| (y, c)))
        .collect();
    newly.sort_by_key(|(y, c)| (*y, instance.communes[*c].district, *c));
    if newly.is_empty() {
        let _ = writeln!(md, "None.\n");
    } else {
        let _ = writeln!(
            md,
            "| Year | Commune | District | Criteria funded | Money |"
        );
        let _ = writeln!(md, "|---|---|---|---|---:|");
        for (year, c) in newly {
            let commune = &instance.communes[c];
            let criteria: Vec<&str> = commune
                .gaps
                .iter()
                .map(|g| {
                    instance.criteria[instance.gaps[g.0].criterion.0]
                        .name_en
                        .as_str()
                })
                .collect();
            let _ = writeln!(
                md,
                "| {year} | {} | {} | {} | {} |",
                commune.name,
                instance.districts[commune.district.0].name,
                criteria.join(", "),
                money(o.communes[c].cost)
            );
        }
        let _ = writeln!(md);
    }

    let _ = writeln!(md, "## Money by source and year\n");
    let _ = writeln!(md, "| Source | Year | Available | Used | Used % |");
    let _ = writeln!(md, "|---|---|---:|---:|---:|");
    let mut by_source: BTreeMap<(usize, i32), (Money, Money)> = BTreeMap::new();
    for (pool, usage) in instance.pools.iter().zip(&o.pools) {
        let entry = by_source.entry((pool.source.0, pool.year)).or_default();
        entry.0 += usage.available;
        entry.1 += usage.used;
    }
    for ((s, year), (available, used)) in &by_source {
        let share = if available.is_zero() {
            0.0
        } else {
            used.millions() / available.millions() * 100.0
        };
        let _ = writeln!(
            md,
            "| {} ({}) | {year} | {} | {} | {share:.1} |",
            instance.sources[*s].name,
            instance.sources[*s].id,
            money(*available),
            money(*used)
        );
    }
    let total_available: Money = by_source.values().map(|(a, _)| *a).sum();
    let _ = writeln!(
        md,
        "| **Total** | | {} | {} | |",
        money(total_available),
        money(o.total_cost)
    );
    md
}

#[cfg(test)]
mod tests {
    use super::money;
    use crate::money::Money;

    #[test]
    fn groups_thousands() {
        assert_eq!(money(Money::parse("1234567.5").unwrap()), "1,234,567.5");
        assert_eq!(money(Money::parse("999").unwrap()), "999");
        assert_eq!(money(Money::parse("-1000").unwrap()), "-1,000");
    }
}
