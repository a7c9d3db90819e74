//! `sweep.csv` and `sweep.md`: one row per variant, and what a finance
//! meeting wants to know first.

use std::fmt::Write;

use super::markdown::money;
use super::tables::Csv;
use crate::instance::Instance;
use crate::money::Money;
use crate::scenario::Scenario;
use crate::sweep::{VariantResult, used_per_source};

/// The target names a scenario reports against, in the evaluator's order.
fn target_names(scenario: &Scenario) -> Vec<&'static str> {
    let t = &scenario.targets;
    let mut names = Vec::new();
    if t.communes_meeting_standard.is_some() {
        names.push("communes_meeting_standard");
    }
    if t.average_criteria.is_some() {
        names.push("average_criteria");
    }
    if t.min_criteria_per_commune.is_some() {
        names.push("min_criteria_per_commune");
    }
    if !t.districts_meeting_standard.is_empty() {
        names.push("districts_meeting_standard");
    }
    names
}

pub fn sweep_csv(
    instance: &Instance,
    scenario: &Scenario,
    keys: &[String],
    results: &[VariantResult],
    timings: bool,
) -> Vec<u8> {
    let targets = target_names(scenario);
    let mut header: Vec<String> = vec!["variant".into()];
    header.extend(keys.iter().cloned());
    header.extend(
        [
            "status",
            "weighted_communes",
            "communes_meeting_standard",
            "average_criteria",
            "min_criteria",
            "total_cost",
        ]
        .map(String::from),
    );
    header.extend(instance.sources.iter().map(|s| format!("used_{}", s.id)));
    header.extend(targets.iter().map(|t| format!("met_{t}")));
    header.push("solve_seconds".into());
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut csv = Csv::new(&header_refs);
    for r in results {
        let mut cells = vec![r.id.to_string()];
        for key in keys {
            cells.push(
                r.varied
                    .iter()
                    .find(|o| &o.key == key)
                    .map(|o| o.value.clone())
                    .unwrap_or_default(),
            );
        }
        cells.push(r.status().to_string());
        match &r.result {
            Ok(run) => {
                let o = &run.outcome;
                cells.push(format!("{}", o.weighted_communes));
                cells.push(o.communes_meeting_standard.to_string());
                cells.push(format!("{:.4}", o.average_criteria));
                cells.push(o.min_criteria.to_string());
                cells.push(o.total_cost.to_string());
                cells.extend(used_per_source(instance, run).iter().map(Money::to_string));
                for name in &targets {
                    let met = o
                        .targets
                        .iter()
                        .find(|t| t.name == *name)
                        .is_some_and(|t| t.met);
                    cells.push(if met { "1" } else { "0" }.to_string());
                }
            }
            Err(_) => {
                cells.extend(std::iter::repeat_n(
                    String::new(),
                    5 + instance.sources.len() + targets.len(),
                ));
            }
        }
        cells.push(if timings {
            format!("{:.3}", r.seconds)
        } else {
            String::new()
        });
        csv.row(&cells);
    }
    csv.finish()
}

pub fn sweep_md(scenario: &Scenario, keys: &[String], results: &[VariantResult]) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# {}: sweep of {} variants\n",
        scenario.name,
        results.len()
    );
    if !keys.is_empty() {
        let _ = writeln!(md, "Varied: {}. Money in million VND.\n", keys.join(", "));
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in results {
        match counts.iter_mut().find(|(s, _)| *s == r.status()) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.status(), 1)),
        }
    }
    let statuses: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let _ = writeln!(md, "Status: {}.\n", statuses.join(", "));

    let label = |r: &VariantResult| -> String {
        if r.varied.is_empty() {
            "the scenario as written".to_string()
        } else {
            r.varied
                .iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let targets = target_names(scenario);
    if targets.is_empty() {
        let _ = writeln!(md, "The scenario sets no targets.\n");
    } else {
        let meeting: Vec<&VariantResult> = results
            .iter()
            .filter(|r| {
                r.result
                    .as_ref()
                    .is_ok_and(|run| run.outcome.targets.iter().all(|t| t.met))
            })
            .collect();
        let _ = writeln!(md, "## Variants meeting every target\n");
        match meeting
            .iter()
            .filter_map(|r| r.result.as_ref().ok().map(|run| run.outcome.total_cost))
            .min()
        {
            None => {
                let _ = writeln!(
                    md,
                    "None of the {} variants meets every target.\n",
                    results.len()
                );
            }
            Some(least) => {
                let _ = writeln!(
                    md,
                    "{} of {} variants meet every target. The least money spent is {} million VND, by:\n",
                    meeting.len(),
                    results.len(),
                    money(least)
                );
                for r in meeting.iter().filter(|r| {
                    r.result
                        .as_ref()
                        .is_ok_and(|run| run.outcome.total_cost == least)
                }) {
                    let _ = writeln!(md, "- variant {}: {}", r.id, label(r));
                }
                let _ = writeln!(md);
            }
        }
    }
    let best = results
        .iter()
        .filter_map(|r| {
            r.result
                .as_ref()
                .ok()
                .map(|run| (run.outcome.communes_meeting_standard, r))
        })
        .max_by_key(|(n, r)| (*n, std::cmp::Reverse(r.id)));
    if let Some((n, r)) = best {
        let _ = writeln!(
            md,
            "Most communes meeting the standard: {n}, first reached by variant {} ({}).",
            r.id,
            label(r)
        );
    }
    md
}
