//! `summary.json`: the headline figures, for other programs.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::instance::Instance;
use crate::model::{Selection, TierStatus};
use crate::run::PlanRun;

#[derive(Serialize)]
struct Summary {
    status: &'static str,
    weighted_communes: f64,
    communes_meeting_standard: usize,
    communes_total: usize,
    criteria_met_total: usize,
    average_criteria: f64,
    min_criteria: usize,
    total_cost: f64,
    maintenance_cost: f64,
    criteria_lost: usize,
    targets: Vec<Target>,
    gap: f64,
    solve_seconds: Value,
    /// Only with advanced data (`advanced_gaps.csv`) or its target.
    #[serde(skip_serializing_if = "Option::is_none")]
    communes_advanced: Option<usize>,
    /// With projects the plan could pause: how many it pauses and the
    /// money they free (million VND).
    #[serde(skip_serializing_if = "Option::is_none")]
    paused_projects: Option<PausedSummary>,
}

#[derive(Serialize)]
struct PausedSummary {
    count: usize,
    money: f64,
}

#[derive(Serialize)]
struct Target {
    name: &'static str,
    required: f64,
    achieved: f64,
    met: bool,
    /// The named districts or communes short of the standard.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    missing: Vec<String>,
}

/// `optimal` when every tier was proven optimal, else `time_limit`.
pub fn status(selection: &Selection) -> &'static str {
    if selection.is_optimal() {
        TierStatus::Optimal.name()
    } else {
        TierStatus::TimeLimit.name()
    }
}

/// The proven gap of the first tier that was not closed (0 when all were).
pub fn proven_gap(selection: &Selection) -> f64 {
    selection
        .tiers
        .iter()
        .find(|t| t.status != TierStatus::Optimal)
        .map_or(0.0, |t| if t.gap.is_finite() { t.gap } else { 1.0 })
}

/// `timings` false writes `solve_seconds` as null, so that two runs give
/// byte-identical files (wall-clock time is the one thing that varies).
pub fn summary_json(instance: &Instance, run: &PlanRun, timings: bool) -> Vec<u8> {
    let o = &run.outcome;
    let solve_seconds = if timings {
        let mut tiers = Map::new();
        for t in &run.selection.tiers {
            tiers.insert(
                t.objective.name().to_string(),
                Value::from((t.seconds * 1000.0).round() / 1000.0),
            );
        }
        Value::Object(tiers)
    } else {
        Value::Null
    };
    let summary = Summary {
        status: status(&run.selection),
        weighted_communes: o.weighted_communes,
        communes_meeting_standard: o.communes_meeting_standard,
        communes_total: instance.communes.len(),
        criteria_met_total: o.criteria_met_total,
        average_criteria: round4(o.average_criteria),
        min_criteria: o.min_criteria,
        total_cost: o.total_cost.millions(),
        maintenance_cost: o.maintenance_cost.millions(),
        criteria_lost: o.criteria_lost,
        targets: o
            .targets
            .iter()
            .map(|t| Target {
                name: t.name,
                required: t.required,
                achieved: round4(t.achieved),
                met: t.met,
                missing: t.missing.clone(),
            })
            .collect(),
        gap: proven_gap(&run.selection),
        solve_seconds,
        communes_advanced: (instance.has_advanced()
            || o.targets.iter().any(|t| t.name == "communes_advanced"))
        .then_some(o.communes_advanced),
        paused_projects: super::projects::in_effect(run).then(|| PausedSummary {
            count: run.selection.paused.len(),
            money: super::projects::paused_money(instance, run).millions(),
        }),
    };
    let mut bytes = serde_json::to_vec_pretty(&summary).expect("the summary serialises");
    bytes.push(b'\n');
    bytes
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
