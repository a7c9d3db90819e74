//! Pausing public-investment projects, by enumeration: random projects for
//! a random instance (`projects.csv`), and the lexicographic optimum over
//! every set of paused projects and every set of funded gaps.
//!
//! Like the rest of `tests/exhaustive`, nothing here uses the crate's model
//! or evaluator. The rule it encodes, from the issue and docs/model.md: a
//! paused project's amount (not scaled by `adjust.sources`) joins the line
//! of its source and year in its district, or the province-wide line that
//! covers its district, or the province-wide line for a provincial project;
//! where the source has no such line the money forms one of the project's
//! scope. The tiers: most weighted communes, most criteria, least
//! Σ priority × amount paused, least money.

use std::fmt::Write as _;
use std::path::Path;

use ntm::rng::Rng;

use crate::exhaustive::{DONG, Exhaustive, Pool, Spec, Value};

#[derive(Debug, Clone)]
pub struct Project {
    pub source: usize,
    pub year: i32,
    pub district: Option<usize>,
    /// Whole million VND.
    pub amount: i64,
    pub pausable: bool,
    /// How the pausable cell is written (`1`, `có`, `true`, empty …).
    pub pausable_text: &'static str,
    pub priority: f64,
    /// Whether the priority cell is written (else empty: 1).
    pub write_priority: bool,
}

/// 1–3 projects on the spec's sources and years; most pausable.
pub fn random_projects(spec: &Spec, seed: u64) -> Vec<Project> {
    let mut rng = Rng::new(seed ^ 0x7072_6f6a_6563_7473);
    let count = rng.range(1, 3) as usize;
    // The lines that exist, and those pausable projects form, as
    // (source, year, district).
    let mut lines: Vec<(usize, i32, Option<usize>)> = spec
        .pools()
        .iter()
        .filter_map(|p| p.source.map(|s| (s, p.year, p.district)))
        .collect();
    let mut projects = Vec::new();
    for _ in 0..count {
        let source = rng.range(0, spec.sources.len() as u64 - 1) as usize;
        let year = spec.years[rng.range(0, spec.years.len() as u64 - 1) as usize];
        let mut district = if rng.chance(0.5) {
            Some(rng.range(0, spec.districts.len() as u64 - 1) as usize)
        } else {
            None
        };
        let pausable = rng.chance(0.75);
        let same: Vec<Option<usize>> = lines
            .iter()
            .filter(|(s, y, _)| *s == source && *y == year)
            .map(|(_, _, d)| *d)
            .collect();
        // A pausable provincial project needs a province-wide line or none
        // at all (the reader refuses it otherwise).
        if pausable && district.is_none() && !same.is_empty() && !same.contains(&None) {
            district = same[0];
        }
        let pausable_text = if pausable {
            ["1", "có", "true", "Có", "yes"][rng.range(0, 4) as usize]
        } else {
            ["0", "không", "false", ""][rng.range(0, 3) as usize]
        };
        let priority = [1.0, 1.0, 2.0, 3.0, 0.5][rng.range(0, 4) as usize];
        let write_priority = priority != 1.0 || rng.chance(0.5);
        let project = Project {
            source,
            year,
            district,
            amount: rng.range(1, 9) as i64,
            pausable,
            pausable_text,
            priority,
            write_priority,
        };
        if pausable {
            let line = line_of(&project, &same);
            if !same.contains(&line) {
                lines.push((source, year, line));
            }
        }
        projects.push(project);
    }
    projects
}

/// The district scope of the line a project's money joins, among the
/// district scopes of its source's lines that year.
fn line_of(project: &Project, same: &[Option<usize>]) -> Option<usize> {
    if same.contains(&project.district) {
        project.district
    } else if project.district.is_some() && same.contains(&None) {
        None
    } else {
        project.district
    }
}

/// Write `data/projects.csv` and allow pausing in `scenario`.
pub fn write(spec: &Spec, projects: &[Project], dir: &Path, scenario: &Path, allow: bool) {
    let mut text =
        String::from("project_id,project,source_id,year,amount,district,pausable,priority\n");
    for (i, p) in projects.iter().enumerate() {
        let priority = if p.write_priority {
            format!("{}", p.priority)
        } else {
            String::new()
        };
        writeln!(
            text,
            "p{},Dự án {},{},{},{},{},{},{}",
            i + 1,
            i + 1,
            spec.sources[p.source].id,
            p.year,
            p.amount,
            p.district.map_or("", |d| spec.districts[d].as_str()),
            p.pausable_text,
            priority
        )
        .unwrap();
    }
    std::fs::write(dir.join("data").join("projects.csv"), text).unwrap();
    let mut toml = std::fs::read_to_string(scenario).unwrap();
    writeln!(toml, "\n[projects]\nallow_pause = {allow}").unwrap();
    std::fs::write(scenario, toml).unwrap();
}

/// The budget lines with the projects of `paused` (a bit mask over
/// `projects`) paused. As the data are read, in file order, each pausable
/// project finds its line among the lines so far, and forms one (holding
/// nothing until it is paused) where there is none: the line is the same
/// whichever projects are paused.
pub fn pools_paused(spec: &Spec, projects: &[Project], paused: usize) -> Vec<Pool> {
    let mut pools = spec.pools();
    let mut joins = Vec::new();
    for p in projects.iter().filter(|p| p.pausable) {
        let same: Vec<Option<usize>> = pools
            .iter()
            .filter(|q| q.source == Some(p.source) && q.year == p.year)
            .map(|q| q.district)
            .collect();
        let line = line_of(p, &same);
        if !same.contains(&line) {
            pools.push(Pool {
                source: Some(p.source),
                year: p.year,
                district: line,
                only_especially_difficult: false,
                capacity: 0,
                floor: 0,
            });
        }
        joins.push(line);
    }
    let pausable = projects.iter().enumerate().filter(|(_, p)| p.pausable);
    for ((i, p), line) in pausable.zip(joins) {
        if paused & (1 << i) == 0 {
            continue;
        }
        let pool = pools
            .iter_mut()
            .find(|q| q.source == Some(p.source) && q.year == p.year && q.district == line)
            .expect("every pausable project has its line");
        pool.capacity += p.amount * DONG;
    }
    pools
}

/// Σ priority × amount paused, in billion VND (the model's unit).
pub fn paused_weight(projects: &[Project], paused: usize) -> f64 {
    projects
        .iter()
        .enumerate()
        .filter(|(i, _)| paused & (1 << i) != 0)
        .map(|(_, p)| p.priority * p.amount as f64 / 1000.0)
        .sum()
}

/// The optimum with pausing allowed: (value, paused weight, paused mask);
/// among equal keys, the first set of paused projects found.
pub fn optimum(spec: &Spec, projects: &[Project]) -> (Value, f64, usize) {
    let pausable: usize = projects
        .iter()
        .enumerate()
        .filter(|(_, p)| p.pausable)
        .fold(0, |acc, (i, _)| acc | 1 << i);
    let mut best: Option<(Value, f64, usize)> = None;
    let mut subset = 0usize;
    loop {
        let pools = pools_paused(spec, projects, subset);
        let exhaustive = Exhaustive::with_pools(spec, pools);
        let v = exhaustive
            .optimum(|_| true)
            .expect("funding nothing is possible");
        let weight = paused_weight(projects, subset);
        let better = best.as_ref().is_none_or(|(b, bw, _)| {
            let key = (v.weighted_halves, v.criteria_met);
            let old = (b.weighted_halves, b.criteria_met);
            key > old
                || (key == old
                    && (weight < bw - 1e-12 || ((weight - bw).abs() <= 1e-12 && v.cost < b.cost)))
        });
        if better {
            best = Some((v, weight, subset));
        }
        if subset == pausable {
            break;
        }
        subset = (subset.wrapping_sub(pausable)) & pausable;
    }
    best.unwrap()
}
