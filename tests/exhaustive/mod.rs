//! For tests/optimality.rs: a seeded generator of small random
//! planning instances (written as real scenario files), an exhaustive
//! solver, and an independent re-check of the files `ntm plan` writes.
//!
//! Nothing here uses the crate's model, plan builder or evaluator: the
//! generator keeps its own description of each instance, the solver
//! enumerates every assignment and decides payability with Hall's
//! condition, and the re-check reads the output files as text.

// Shared by tests/optimality.rs and tests/gap.rs, each of which uses a part.
#![allow(dead_code)]

/// Advanced communes (nông thôn mới nâng cao): instances with advanced gaps
/// and their lexicographic optimum in any tier order.
pub mod advanced;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ntm::rng::Rng;

pub mod commitments;

/// Đồng per million VND, the unit of the tables.
pub const DONG: i64 = 1_000_000;

// ---------------------------------------------------------------------------
// The instance, as the generator knows it.

#[derive(Debug, Clone)]
pub struct Commune {
    pub id: String,
    pub name: String,
    pub district: usize,
    pub especially_difficult: bool,
    pub weight: f64,
}

#[derive(Debug, Clone)]
pub struct Gap {
    pub commune: usize,
    /// An index into `Spec::criteria`, or for a village's gap past it into
    /// `Spec::village_criteria` (`criteria.len() + j`).
    pub criterion: usize,
    /// Whole million VND, before `adjust.cost`.
    pub cost: i64,
    pub earliest_year: i32,
    /// Whether the earliest_year cell is written (else empty: the first year).
    pub write_earliest: bool,
    /// A row of `at_risk.csv`: met today, lost at the horizon unless paid.
    pub at_risk: bool,
    /// A row of `village_gaps.csv`: a criterion of this village (of
    /// `commune`), which counts for the village only.
    pub village: Option<usize>,
}

/// A row of `villages.csv`.
#[derive(Debug, Clone)]
pub struct Village {
    pub id: String,
    pub commune: usize,
}

/// One row of `sources.csv`.
#[derive(Debug, Clone)]
pub struct SourceRow {
    pub year: i32,
    pub district: Option<usize>,
    pub only_especially_difficult: bool,
    /// Whole million VND, before `adjust.sources`.
    pub amount: i64,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    /// Written as `*` in eligibility.csv.
    pub all_criteria: bool,
    /// By criterion index (all true when `all_criteria`).
    pub eligible: Vec<bool>,
    pub rows: Vec<SourceRow>,
    /// `adjust.sources.<id>`, when written.
    pub factor: Option<f64>,
}

impl Source {
    pub fn effective_factor(&self) -> f64 {
        self.factor.unwrap_or(1.0)
    }
}

/// One row of `land_revenue.csv`.
#[derive(Debug, Clone)]
pub struct LandRow {
    pub district: usize,
    pub year: i32,
    pub revenue: i64,
}

#[derive(Debug, Clone)]
pub struct Land {
    pub rows: Vec<LandRow>,
    pub all_criteria: bool,
    pub eligible: Vec<bool>,
}

/// `[targets]` of a scenario.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub communes_meeting_standard: Option<u32>,
    pub average_criteria: Option<f64>,
    pub min_criteria_per_commune: Option<u32>,
    pub districts_meeting_standard: Vec<usize>,
    /// `villages_share_in_especially_difficult`.
    pub villages_share: Option<f64>,
    /// `keep_standard`: whole districts, written by name.
    pub keep_districts: Vec<usize>,
    /// `keep_standard`: single communes, written by id or by name.
    pub keep_communes: Vec<(usize, bool)>,
    pub enforce: bool,
    /// `targets.communes_advanced`.
    pub communes_advanced: Option<u32>,
}

impl Targets {
    /// The communes `keep_standard` names, as a mask over the communes.
    pub fn kept(&self, spec: &Spec) -> Vec<bool> {
        spec.communes
            .iter()
            .enumerate()
            .map(|(c, commune)| {
                self.keep_districts.contains(&commune.district)
                    || self.keep_communes.iter().any(|(k, _)| *k == c)
            })
            .collect()
    }
}

/// `[payments] rule`, as the generator knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A line's unspent money stays with it in later years; a cost may be
    /// paid in parts over years.
    CarryOver,
    /// Each year's money in its year; a cost may be paid in parts.
    Yearly,
    /// Each year's money in its year; a cost is paid whole in one year.
    OneYear,
}

impl Rule {
    pub fn id(self) -> &'static str {
        match self {
            Rule::CarryOver => "carry_over",
            Rule::Yearly => "yearly",
            Rule::OneYear => "one_year",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    pub rule: Rule,
    pub years: Vec<i32>,
    pub districts: Vec<String>,
    pub communes: Vec<Commune>,
    pub criteria: Vec<String>,
    /// `village_criteria.csv`; villages only with them.
    pub village_criteria: Vec<String>,
    pub villages: Vec<Village>,
    pub gaps: Vec<Gap>,
    pub sources: Vec<Source>,
    pub land: Option<Land>,
    /// What the scenario writes under `[land_revenue]`.
    pub min_share: Option<f64>,
    pub max_share: Option<f64>,
    pub adjust_cost: Option<f64>,
    pub adjust_land: Option<f64>,
    pub targets: Targets,
    // How the tables are written.
    pub write_especially_difficult: bool,
    pub write_weight: bool,
    pub write_earliest_year: bool,
    pub crlf: bool,
    pub bom: bool,
    /// Where the advanced catalogue starts in `criteria` (None: no advanced
    /// data). A gap whose criterion is at or past it is an advanced gap,
    /// written to `advanced_gaps.csv`; see `advanced.rs`.
    pub advanced_from: Option<usize>,
    /// Whether `advanced_criteria.csv` is written (else the advanced
    /// criteria are ids of the built-in catalogue).
    pub write_advanced_criteria: bool,
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.range(0, items.len() as u64 - 1) as usize]
}

impl Spec {
    /// A small random instance: 2–4 communes in 1–2 districts, 2–4 criteria,
    /// 0–3 gaps a commune with costs of 1–9, 1–2 years, 1–3 sources, and
    /// sometimes land revenue and what-if multipliers. Every multiplier is a
    /// dyadic fraction, so every amount stays exact to the đồng.
    pub fn random(seed: u64) -> Spec {
        let mut rng = Rng::new(seed ^ 0x6e74_6d5f_6f70_7431);
        let base = pick(&mut rng, &[2024, 2026, 2030]);
        let years: Vec<i32> = (0..rng.range(1, 2) as i32).map(|i| base + i).collect();
        let horizon = *years.last().unwrap();

        let district_count = rng.range(1, 2) as usize;
        let districts: Vec<String> = ["Tam Đường", "Sìn Hồ"][..district_count]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let commune_count = rng.range(2, 4) as usize;
        let commune_names = ["Bản Hon", "Nà Tăm", "Pa Tần", "Lản Nhì Thàng"];
        let mut communes: Vec<Commune> = (0..commune_count)
            .map(|i| Commune {
                id: format!("c{}", i + 1),
                name: format!("Xã {}", commune_names[i]),
                district: rng.range(0, district_count as u64 - 1) as usize,
                especially_difficult: rng.chance(0.4),
                weight: pick(&mut rng, &[1.0, 1.0, 2.0, 0.5, 0.5, 3.0]),
            })
            .collect();
        // Every district has a commune (districts come from communes.csv).
        if district_count == 2 && communes.iter().all(|c| c.district == communes[0].district) {
            let other = 1 - communes[0].district;
            communes.last_mut().unwrap().district = other;
        }
        let write_especially_difficult =
            communes.iter().any(|c| c.especially_difficult) || rng.chance(0.3);
        let write_weight = communes.iter().any(|c| c.weight != 1.0) || rng.chance(0.3);

        let criterion_count = rng.range(2, 4) as usize;
        let criteria: Vec<String> = (1..=criterion_count).map(|k| format!("TC{k:02}")).collect();

        let mut gaps = Vec::new();
        for c in 0..commune_count {
            let count = rng.range(0, 3.min(criterion_count) as u64) as usize;
            let mut ks: Vec<usize> = (0..criterion_count).collect();
            rng.shuffle(&mut ks);
            let mut ks = ks[..count].to_vec();
            ks.sort();
            for k in ks {
                let earliest_year = if years.len() == 2 && rng.chance(0.3) {
                    years[1]
                } else if rng.chance(0.04) {
                    horizon + 1
                } else {
                    years[0]
                };
                gaps.push(Gap {
                    commune: c,
                    criterion: k,
                    cost: rng.range(1, 9) as i64,
                    earliest_year,
                    write_earliest: earliest_year != years[0] || rng.chance(0.5),
                    at_risk: false,
                    village: None,
                });
            }
        }
        if gaps.is_empty() {
            // gaps.csv may not be empty.
            gaps.push(Gap {
                commune: 0,
                criterion: 0,
                cost: rng.range(1, 9) as i64,
                earliest_year: years[0],
                write_earliest: false,
                at_risk: false,
                village: None,
            });
        }
        // Criteria at risk, drawn from a stream of their own so that the
        // rest of each instance is as it was before at_risk.csv existed.
        let mut risk = Rng::new(seed ^ 0xA7_215C);
        if risk.chance(0.5) {
            for c in 0..commune_count {
                for k in 0..criterion_count {
                    let met = !gaps.iter().any(|g| g.commune == c && g.criterion == k);
                    if met && risk.chance(0.2) {
                        gaps.push(Gap {
                            commune: c,
                            criterion: k,
                            cost: risk.range(1, 5) as i64,
                            earliest_year: years[0],
                            write_earliest: false,
                            at_risk: true,
                            village: None,
                        });
                    }
                }
            }
            // Enumeration stays cheap: at most 16 gaps in all.
            while gaps.len() > 16 {
                let last = gaps
                    .iter()
                    .rposition(|g| g.at_risk)
                    .expect("new gaps are few");
                gaps.remove(last);
            }
        }
        let write_earliest_year =
            gaps.iter().any(|g| g.earliest_year != years[0]) || rng.chance(0.3);

        let ids = ["central_ntm", "ethnic_1719", "provincial"];
        let source_count = rng.range(1, 3) as usize;
        let adjusting = rng.chance(0.35);
        let mut sources = Vec::new();
        for id in &ids[..source_count] {
            let mut rows = Vec::new();
            let mut row_years = years.clone();
            if rng.chance(0.1) {
                row_years.push(horizon + 1); // ignored, with a warning
            }
            for &year in &row_years {
                let mode = rng.unit();
                if mode < 0.2 {
                    continue;
                }
                let scopes: Vec<Option<usize>> = if mode < 0.65 {
                    vec![None]
                } else {
                    (0..district_count)
                        .filter(|_| rng.chance(0.7))
                        .map(Some)
                        .collect()
                };
                for district in scopes {
                    let amount = if rng.chance(0.1) {
                        0
                    } else {
                        rng.range(1, 12) as i64
                    };
                    rows.push(SourceRow {
                        year,
                        district,
                        only_especially_difficult: rng.chance(0.25),
                        amount,
                    });
                }
            }
            if rows.is_empty() {
                rows.push(SourceRow {
                    year: years[0],
                    district: None,
                    only_especially_difficult: false,
                    amount: rng.range(1, 12) as i64,
                });
            }
            let all_criteria = rng.chance(0.3);
            let eligible = (0..criterion_count)
                .map(|_| all_criteria || rng.chance(0.5))
                .collect();
            let factor = (adjusting && rng.chance(0.5))
                .then(|| pick(&mut rng, &[0.0, 0.5, 0.5, 1.5, 2.0, 1.0]));
            sources.push(Source {
                id: id.to_string(),
                all_criteria,
                eligible,
                rows,
                factor,
            });
        }

        let land = rng.chance(0.4).then(|| {
            let mut rows = Vec::new();
            let mut row_years = years.clone();
            if rng.chance(0.1) {
                row_years.push(horizon + 1);
            }
            for d in 0..district_count {
                for &year in &row_years {
                    if rng.chance(0.75) {
                        rows.push(LandRow {
                            district: d,
                            year,
                            revenue: rng.range(0, 12) as i64,
                        });
                    }
                }
            }
            if rows.is_empty() {
                rows.push(LandRow {
                    district: 0,
                    year: years[0],
                    revenue: rng.range(1, 12) as i64,
                });
            }
            let all_criteria = rng.chance(0.3);
            let none = !all_criteria && rng.chance(0.15);
            let eligible = (0..criterion_count)
                .map(|_| all_criteria || (!none && rng.chance(0.5)))
                .collect();
            Land {
                rows,
                all_criteria,
                eligible,
            }
        });
        let (mut min_share, mut max_share) = (None, None);
        if land.is_some() && rng.chance(0.8) {
            let min = pick(&mut rng, &[0.0, 0.25, 0.5]);
            let max = pick(&mut rng, &[0.5, 1.0, 1.0]);
            match rng.range(0, 2) {
                0 => min_share = Some(min),
                1 => max_share = Some(max),
                _ => (min_share, max_share) = (Some(min), Some(max)),
            }
        }
        let adjust_cost = (adjusting && rng.chance(0.6)).then(|| pick(&mut rng, &[0.5, 1.0, 2.0]));
        let adjust_land = (adjusting && rng.chance(0.6)).then(|| pick(&mut rng, &[0.5, 1.0, 2.0]));

        // eligibility.csv may not be empty.
        let any_eligibility = sources.iter().any(|s| s.eligible.iter().any(|e| *e))
            || land.as_ref().is_some_and(|l| l.eligible.iter().any(|e| *e));
        if !any_eligibility {
            sources[0].eligible[0] = true;
        }

        // Targets only reported against: they must not change the plan.
        let mut targets = Targets::default();
        if rng.chance(0.2) {
            targets.communes_meeting_standard = Some(rng.range(0, commune_count as u64) as u32);
            targets.min_criteria_per_commune = Some(rng.range(0, criterion_count as u64) as u32);
        }

        // The rule from a stream of its own, so that the rest of each
        // instance is as it was before the rules existed.
        let rule = pick(
            &mut Rng::new(seed ^ 0x005E_ED0F_2025),
            &[Rule::CarryOver, Rule::Yearly, Rule::OneYear],
        );
        Spec {
            seed,
            rule,
            years,
            districts,
            communes,
            criteria,
            village_criteria: Vec::new(),
            villages: Vec::new(),
            gaps,
            sources,
            land,
            min_share,
            max_share,
            adjust_cost,
            adjust_land,
            targets,
            write_especially_difficult,
            write_weight,
            write_earliest_year,
            crlf: rng.chance(0.3),
            bom: rng.chance(0.3),
            advanced_from: None,
            write_advanced_criteria: false,
        }
    }

    pub fn min_share(&self) -> f64 {
        self.min_share.unwrap_or(0.5)
    }

    pub fn max_share(&self) -> f64 {
        self.max_share.unwrap_or(0.5)
    }

    /// A gap's cost after `adjust.cost`, in đồng.
    pub fn gap_cost(&self, g: usize) -> i64 {
        dong(self.gaps[g].cost, &[self.adjust_cost.unwrap_or(1.0)])
    }

    /// The gaps of commune `c` (its villages' are not its own).
    pub fn gaps_of(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.gaps.len())
            .filter(move |g| self.gaps[*g].commune == c && self.gaps[*g].village.is_none())
    }

    /// A criterion's id, commune or village (`Gap::criterion`).
    pub fn criterion_id(&self, k: usize) -> &str {
        match self.criteria.get(k) {
            Some(id) => id,
            None => &self.village_criteria[k - self.criteria.len()],
        }
    }

    /// The villages the village target counts: those of especially
    /// difficult communes.
    pub fn counted_villages(&self) -> Vec<usize> {
        (0..self.villages.len())
            .filter(|v| self.communes[self.villages[*v].commune].especially_difficult)
            .collect()
    }

    /// How many counted villages the village target requires.
    pub fn villages_required(&self, share: f64) -> usize {
        (share * self.counted_villages().len() as f64 - 1e-9)
            .ceil()
            .max(0.0) as usize
    }

    /// `spec` with villages: 1–4 villages in its communes, 2–3 village
    /// criteria, 0–2 gaps a village, eligibility for them drawn for every
    /// source, from a stream of its own. The total of gaps stays at most 16.
    pub fn with_villages(mut self, seed: u64) -> Spec {
        let mut rng = Rng::new(seed ^ 0x0BA0_7A11);
        let k = self.criteria.len();
        let count = rng.range(2, 3) as usize;
        self.village_criteria = (1..=count).map(|j| format!("VC{j:02}")).collect();
        let villages = rng.range(1, 4) as usize;
        for v in 0..villages {
            let commune = rng.range(0, self.communes.len() as u64 - 1) as usize;
            self.villages.push(Village {
                id: format!("v{}", v + 1),
                commune,
            });
            let gaps = rng.range(0, 2) as usize;
            let mut js: Vec<usize> = (0..count).collect();
            rng.shuffle(&mut js);
            let mut js = js[..gaps].to_vec();
            js.sort();
            for j in js {
                if self.gaps.len() >= 16 {
                    break;
                }
                let earliest_year = if self.years.len() == 2 && rng.chance(0.2) {
                    self.years[1]
                } else {
                    self.years[0]
                };
                self.gaps.push(Gap {
                    commune,
                    criterion: k + j,
                    cost: rng.range(1, 6) as i64,
                    earliest_year,
                    write_earliest: earliest_year != self.years[0],
                    at_risk: false,
                    village: Some(v),
                });
            }
        }
        if self.gaps.iter().any(|g| g.earliest_year != self.years[0]) {
            self.write_earliest_year = true;
        }
        for source in &mut self.sources {
            for _ in 0..count {
                source.eligible.push(source.all_criteria || rng.chance(0.6));
            }
        }
        if let Some(land) = &mut self.land {
            for _ in 0..count {
                land.eligible.push(land.all_criteria || rng.chance(0.3));
            }
        }
        self
    }

    /// How many of `criteria` are commune criteria (the rest are advanced).
    pub fn commune_criteria(&self) -> usize {
        self.advanced_from.unwrap_or(self.criteria.len())
    }

    /// Whether gap `g` is an advanced gap.
    pub fn is_advanced(&self, g: usize) -> bool {
        self.gaps[g].criterion >= self.commune_criteria() && self.gaps[g].village.is_none()
    }

    /// The commune-criterion gaps of commune `c` (new and at risk).
    pub fn commune_gaps_of(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        self.gaps_of(c).filter(move |g| !self.is_advanced(*g))
    }

    /// Every budget line of the planning years, with what may be spent.
    pub fn pools(&self) -> Vec<Pool> {
        let mut pools = Vec::new();
        for (s, source) in self.sources.iter().enumerate() {
            for row in source.rows.iter().filter(|r| self.years.contains(&r.year)) {
                pools.push(Pool {
                    source: Some(s),
                    year: row.year,
                    district: row.district,
                    only_especially_difficult: row.only_especially_difficult,
                    capacity: dong(row.amount, &[source.effective_factor()]),
                    floor: 0,
                });
            }
        }
        if let Some(land) = &self.land {
            let adjust = self.adjust_land.unwrap_or(1.0);
            for row in land.rows.iter().filter(|r| self.years.contains(&r.year)) {
                pools.push(Pool {
                    source: None,
                    year: row.year,
                    district: Some(row.district),
                    only_especially_difficult: false,
                    capacity: dong(row.revenue, &[adjust, self.max_share()]),
                    floor: dong(row.revenue, &[adjust, self.min_share()]),
                });
            }
        }
        pools
    }

    pub fn source_id(&self, source: Option<usize>) -> &str {
        source.map_or("land_revenue", |s| self.sources[s].id.as_str())
    }

    /// Whether money from `pool` may pay for gap `g`.
    pub fn may_pay(&self, pool: &Pool, g: usize) -> bool {
        let gap = &self.gaps[g];
        let commune = &self.communes[gap.commune];
        let eligible = match pool.source {
            Some(s) => self.sources[s].eligible[gap.criterion],
            None => self.land.as_ref().unwrap().eligible[gap.criterion],
        };
        eligible
            && pool.district.is_none_or(|d| d == commune.district)
            && (!pool.only_especially_difficult || commune.especially_difficult)
    }

    // -----------------------------------------------------------------------
    // Writing the scenario.

    fn table(&self, dir: &Path, name: &str, header: &str, rows: &[String]) {
        let end = if self.crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        if self.bom {
            text.push('\u{feff}');
        }
        text.push_str(header);
        text.push_str(end);
        for row in rows {
            text.push_str(row);
            text.push_str(end);
        }
        if self.crlf {
            text.push_str(end); // a trailing blank line, as Excel writes
        }
        std::fs::write(dir.join(name), text).unwrap();
    }

    /// Write the tables into `dir/data`; the scenario files are written by
    /// [`Spec::write_scenario`].
    pub fn write_tables(&self, dir: &Path) {
        let data = dir.join("data");
        std::fs::create_dir_all(&data).unwrap();

        self.table(
            &data,
            "criteria.csv",
            "criterion,name_vi,name_en",
            &self.criteria[..self.commune_criteria()]
                .iter()
                .map(|k| format!("{k},Tiêu chí {k},Criterion {k}"))
                .collect::<Vec<_>>(),
        );

        let mut header = "commune_id,commune,district".to_string();
        if self.write_especially_difficult {
            header.push_str(",especially_difficult");
        }
        if self.write_weight {
            header.push_str(",weight");
        }
        let rows: Vec<String> = self
            .communes
            .iter()
            .map(|c| {
                let mut row = format!("{},{},{}", c.id, c.name, self.districts[c.district]);
                if self.write_especially_difficult {
                    row.push_str(if c.especially_difficult { ",1" } else { ",0" });
                }
                if self.write_weight {
                    write!(row, ",{}", c.weight).unwrap();
                }
                row
            })
            .collect();
        self.table(&data, "communes.csv", &header, &rows);

        let mut header = "commune_id,criterion,cost".to_string();
        if self.write_earliest_year {
            header.push_str(",earliest_year");
        }
        let rows: Vec<String> = self
            .gaps
            .iter()
            .filter(|g| !g.at_risk && g.village.is_none() && g.criterion < self.commune_criteria())
            .map(|g| {
                let mut row = format!(
                    "{},{},{}",
                    self.communes[g.commune].id, self.criteria[g.criterion], g.cost
                );
                if self.write_earliest_year {
                    if g.write_earliest {
                        write!(row, ",{}", g.earliest_year).unwrap();
                    } else {
                        row.push(',');
                    }
                }
                row
            })
            .collect();
        self.table(&data, "gaps.csv", &header, &rows);
        let at_risk: Vec<String> = self
            .gaps
            .iter()
            .filter(|g| g.at_risk)
            .map(|g| {
                format!(
                    "{},{},{}",
                    self.communes[g.commune].id, self.criteria[g.criterion], g.cost
                )
            })
            .collect();
        if !at_risk.is_empty() {
            self.table(&data, "at_risk.csv", "commune_id,criterion,cost", &at_risk);
        }
        self.write_advanced_tables(&data);

        let mut rows = Vec::new();
        for s in &self.sources {
            for r in &s.rows {
                rows.push(format!(
                    "{},Nguồn {},{},{},{},{}",
                    s.id,
                    s.id,
                    r.year,
                    r.amount,
                    r.district.map_or("", |d| self.districts[d].as_str()),
                    u8::from(r.only_especially_difficult)
                ));
            }
        }
        self.table(
            &data,
            "sources.csv",
            "source_id,name,year,amount,district,only_especially_difficult",
            &rows,
        );

        let mut rows = Vec::new();
        let mut eligibility = |id: &str, all: bool, eligible: &[bool]| {
            if all {
                rows.push(format!("{id},*"));
            } else {
                for (k, e) in eligible.iter().enumerate() {
                    if *e {
                        rows.push(format!("{id},{}", self.criterion_id(k)));
                    }
                }
            }
        };
        for s in &self.sources {
            eligibility(&s.id, s.all_criteria, &s.eligible);
        }
        if let Some(land) = &self.land {
            eligibility("land_revenue", land.all_criteria, &land.eligible);
        }
        self.table(&data, "eligibility.csv", "source_id,criterion", &rows);

        if !self.villages.is_empty() {
            let rows: Vec<String> = self
                .villages
                .iter()
                .map(|v| format!("{},Bản {},{}", v.id, v.id, self.communes[v.commune].id))
                .collect();
            self.table(
                &data,
                "villages.csv",
                "village_id,village,commune_id",
                &rows,
            );
            let rows: Vec<String> = self
                .village_criteria
                .iter()
                .map(|k| format!("{k},Tiêu chí thôn {k},Village criterion {k}"))
                .collect();
            self.table(
                &data,
                "village_criteria.csv",
                "criterion,name_vi,name_en",
                &rows,
            );
            let rows: Vec<String> = self
                .gaps
                .iter()
                .filter_map(|g| {
                    let v = g.village?;
                    let earliest = if g.write_earliest {
                        g.earliest_year.to_string()
                    } else {
                        String::new()
                    };
                    Some(format!(
                        "{},{},{},{earliest}",
                        self.villages[v].id,
                        self.criterion_id(g.criterion),
                        g.cost
                    ))
                })
                .collect();
            self.table(
                &data,
                "village_gaps.csv",
                "village_id,criterion,cost,earliest_year",
                &rows,
            );
        }
        if let Some(land) = &self.land {
            let rows: Vec<String> = land
                .rows
                .iter()
                .map(|r| format!("{},{},{}", self.districts[r.district], r.year, r.revenue))
                .collect();
            self.table(&data, "land_revenue.csv", "district,year,revenue", &rows);
        }
    }

    /// Write a scenario file named `name` in `dir` with these targets
    /// (the tables go in `dir/data`).
    pub fn write_scenario(&self, dir: &Path, name: &str, targets: &Targets) -> PathBuf {
        let mut text = String::new();
        writeln!(text, "name = \"random instance {}\"", self.seed).unwrap();
        writeln!(text, "data = \"data\"").unwrap();
        let years: Vec<String> = self.years.iter().map(i32::to_string).collect();
        writeln!(text, "years = [{}]", years.join(", ")).unwrap();
        // The default rule is carry_over: write it only sometimes.
        if self.rule != Rule::CarryOver || self.seed.is_multiple_of(2) {
            writeln!(text, "\n[payments]\nrule = \"{}\"", self.rule.id()).unwrap();
        }
        if self.min_share.is_some() || self.max_share.is_some() {
            writeln!(text, "\n[land_revenue]").unwrap();
            if let Some(x) = self.min_share {
                writeln!(text, "min_share = {x:?}").unwrap();
            }
            if let Some(x) = self.max_share {
                writeln!(text, "max_share = {x:?}").unwrap();
            }
        }
        let t = targets;
        let has_targets = t.communes_meeting_standard.is_some()
            || t.communes_advanced.is_some()
            || t.average_criteria.is_some()
            || t.min_criteria_per_commune.is_some()
            || !t.districts_meeting_standard.is_empty()
            || !t.keep_districts.is_empty()
            || !t.keep_communes.is_empty()
            || t.villages_share.is_some();
        if has_targets || t.enforce {
            writeln!(text, "\n[targets]").unwrap();
            if let Some(x) = t.communes_meeting_standard {
                writeln!(text, "communes_meeting_standard = {x}").unwrap();
            }
            if let Some(x) = t.average_criteria {
                writeln!(text, "average_criteria = {x:?}").unwrap();
            }
            if let Some(x) = t.min_criteria_per_commune {
                writeln!(text, "min_criteria_per_commune = {x}").unwrap();
            }
            if !t.districts_meeting_standard.is_empty() {
                let names: Vec<String> = t
                    .districts_meeting_standard
                    .iter()
                    .map(|d| format!("\"{}\"", self.districts[*d]))
                    .collect();
                writeln!(text, "districts_meeting_standard = [{}]", names.join(", ")).unwrap();
            }
            if let Some(share) = t.villages_share {
                writeln!(text, "villages_share_in_especially_difficult = {share:?}").unwrap();
            }
            if !t.keep_districts.is_empty() || !t.keep_communes.is_empty() {
                let mut names: Vec<String> = t
                    .keep_districts
                    .iter()
                    .map(|d| format!("\"{}\"", self.districts[*d]))
                    .collect();
                names.extend(t.keep_communes.iter().map(|(c, by_name)| {
                    let commune = &self.communes[*c];
                    format!("\"{}\"", if *by_name { &commune.name } else { &commune.id })
                }));
                writeln!(text, "keep_standard = [{}]", names.join(", ")).unwrap();
            }
            if let Some(x) = t.communes_advanced {
                writeln!(text, "communes_advanced = {x}").unwrap();
            }
            writeln!(text, "enforce = {}", t.enforce).unwrap();
        }
        let factors: Vec<String> = self
            .sources
            .iter()
            .filter_map(|s| s.factor.map(|f| format!("{} = {f:?}", s.id)))
            .collect();
        if self.adjust_cost.is_some() || self.adjust_land.is_some() || !factors.is_empty() {
            writeln!(text, "\n[adjust]").unwrap();
            if let Some(x) = self.adjust_cost {
                writeln!(text, "cost = {x:?}").unwrap();
            }
            if let Some(x) = self.adjust_land {
                writeln!(text, "land_revenue = {x:?}").unwrap();
            }
            if !factors.is_empty() {
                writeln!(text, "sources = {{ {} }}", factors.join(", ")).unwrap();
            }
        }
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Tables and the default scenario (`scenario.toml`, with `self.targets`).
    pub fn write(&self, dir: &Path) -> PathBuf {
        self.write_tables(dir);
        self.write_scenario(dir, "scenario.toml", &self.targets)
    }
}

/// Whole millions times factors, in đồng. The generator's factors are
/// dyadic, so this is exact and agrees with any rounding to the đồng.
pub fn dong(millions: i64, factors: &[f64]) -> i64 {
    let x = factors
        .iter()
        .fold(millions as f64 * DONG as f64, |x, f| x * f);
    assert_eq!(x, x.round(), "amounts must stay whole đồng");
    x as i64
}

/// Every file of a written instance, for a failure message.
pub fn dump(dir: &Path) -> String {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .chain(std::fs::read_dir(dir.join("data")).unwrap())
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut text = String::new();
    for p in paths {
        let body = std::fs::read_to_string(&p).unwrap_or_default();
        let body = body.trim_start_matches('\u{feff}').replace('\r', "");
        writeln!(text, "--- {}\n{}", p.display(), body.trim_end()).unwrap();
    }
    text
}

/// A budget line: one source (None for land revenue), one year, one scope.
#[derive(Debug, Clone)]
pub struct Pool {
    pub source: Option<usize>,
    pub year: i32,
    pub district: Option<usize>,
    pub only_especially_difficult: bool,
    /// The most that may be paid from it, in đồng.
    pub capacity: i64,
    /// Land revenue: the legal floor committed whatever is spent.
    pub floor: i64,
}

// ---------------------------------------------------------------------------
// The exhaustive solver.

/// What a set of funded gaps achieves at the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Σ weight over communes meeting every criterion, in halves (weights
    /// are multiples of one half), so comparisons are exact.
    pub weighted_halves: i64,
    pub communes_meeting: usize,
    pub criteria_met: usize,
    pub min_criteria: usize,
    pub cost: i64,
    /// By district: every commune meets the standard.
    pub district_complete: Vec<bool>,
    /// By commune: it meets every criterion at the horizon.
    pub meets: Vec<bool>,
    /// Villages of especially difficult communes at their standard.
    pub villages_meeting: usize,
    /// Communes at the advanced standard: with advanced gaps, all of them
    /// funded, and at the standard.
    pub advanced: usize,
}

impl Value {
    /// How many of the communes `kept` marks meet the standard.
    pub fn kept_meeting(&self, kept: &[bool]) -> usize {
        self.meets
            .iter()
            .zip(kept)
            .filter(|(m, k)| **m && **k)
            .count()
    }
}

impl Value {
    pub fn weighted(&self) -> f64 {
        self.weighted_halves as f64 / 2.0
    }
}

/// Every set of gaps (as a bit mask) that some assignment of years and
/// payments can fund.
pub struct Exhaustive<'a> {
    pub spec: &'a Spec,
    pub achievable: Vec<bool>,
}

impl<'a> Exhaustive<'a> {
    pub fn new(spec: &'a Spec) -> Exhaustive<'a> {
        Exhaustive::with_pools(spec, spec.pools())
    }

    /// `new` on given budget lines (`spec.pools()` with more money, e.g.
    /// that of paused projects).
    pub fn with_pools(spec: &'a Spec, pools: Vec<Pool>) -> Exhaustive<'a> {
        let n = spec.gaps.len();
        assert!(n <= 16, "too many gaps to enumerate");
        let full = 1usize << n;
        let cost: Vec<i64> = (0..n).map(|g| spec.gap_cost(g)).collect();
        let mut cost_of = vec![0i64; full];
        for m in 1..full {
            let g = m.trailing_zeros() as usize;
            cost_of[m] = cost_of[m & (m - 1)] + cost[g];
        }
        if spec.rule != Rule::OneYear {
            return Exhaustive {
                spec,
                achievable: payable_over_years(spec, &pools, &cost_of),
            };
        }

        // reach[m]: the gaps of m can be funded in the years seen so far.
        let mut reach = vec![false; full];
        reach[0] = true;
        for &year in &spec.years {
            let payable = payable_in_year(spec, &pools, year, &cost_of);
            let mut next = vec![false; full];
            for (m, slot) in next.iter_mut().enumerate() {
                // Some part a of m is paid this year, the rest before.
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
        Exhaustive {
            spec,
            achievable: reach,
        }
    }

    pub fn value(&self, mask: usize) -> Value {
        let spec = self.spec;
        let k = spec.commune_criteria();
        let mut weighted_halves = 0;
        let mut communes_meeting = 0;
        let mut criteria_met = 0;
        let mut min_criteria = usize::MAX;
        let mut meets = vec![false; spec.communes.len()];
        for (c, commune) in spec.communes.iter().enumerate() {
            let unmet = spec
                .commune_gaps_of(c)
                .filter(|g| mask & (1 << g) == 0)
                .count();
            criteria_met += k - unmet;
            min_criteria = min_criteria.min(k - unmet);
            if unmet == 0 {
                meets[c] = true;
                communes_meeting += 1;
                weighted_halves += (commune.weight * 2.0) as i64;
            }
        }
        let district_complete = (0..spec.districts.len())
            .map(|d| {
                spec.communes
                    .iter()
                    .zip(&meets)
                    .all(|(c, m)| c.district != d || *m)
            })
            .collect();
        let cost = (0..spec.gaps.len())
            .filter(|g| mask & (1 << g) != 0)
            .map(|g| spec.gap_cost(g))
            .sum();
        let villages_meeting = spec
            .counted_villages()
            .into_iter()
            .filter(|v| {
                spec.gaps
                    .iter()
                    .enumerate()
                    .all(|(g, gap)| gap.village != Some(*v) || mask & (1 << g) != 0)
            })
            .count();
        let advanced = (0..spec.communes.len())
            .filter(|c| {
                let mut gaps = spec.gaps_of(*c).filter(|g| spec.is_advanced(*g)).peekable();
                meets[*c] && gaps.peek().is_some() && gaps.all(|g| mask & (1 << g) != 0)
            })
            .count();
        Value {
            weighted_halves,
            communes_meeting,
            criteria_met,
            min_criteria,
            cost,
            district_complete,
            meets,
            villages_meeting,
            advanced,
        }
    }

    /// The lexicographic optimum over the achievable sets that `allowed`
    /// accepts: most weighted communes, then most criteria, then least money.
    pub fn optimum(&self, allowed: impl Fn(&Value) -> bool) -> Option<Value> {
        let mut best: Option<Value> = None;
        for (m, ok) in self.achievable.iter().enumerate() {
            if !ok {
                continue;
            }
            let v = self.value(m);
            if !allowed(&v) {
                continue;
            }
            // Advanced communes after the communes (always 0 without
            // advanced data), as the default tier order says.
            let better = best.as_ref().is_none_or(|b| {
                (v.weighted_halves, v.advanced, v.criteria_met, -v.cost)
                    > (b.weighted_halves, b.advanced, b.criteria_met, -b.cost)
            });
            if better {
                best = Some(v);
            }
        }
        best
    }

    /// The lexicographic optimum with the village target's tier: most
    /// weighted communes, then most counted villages at their standard up
    /// to `required`, then most criteria, then least money; over the sets
    /// `allowed` accepts.
    pub fn optimum_villages(
        &self,
        required: usize,
        allowed: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        let key = |v: &Value| {
            (
                v.weighted_halves,
                v.villages_meeting.min(required),
                v.criteria_met,
                -v.cost,
            )
        };
        let mut best: Option<Value> = None;
        for (m, ok) in self.achievable.iter().enumerate() {
            if !ok {
                continue;
            }
            let v = self.value(m);
            if allowed(&v) && best.as_ref().is_none_or(|b| key(&v) > key(b)) {
                best = Some(v);
            }
        }
        best
    }

    /// `optimum`, with most of the `kept` communes at the standard as a
    /// first tier (`targets.keep_standard` not enforced).
    pub fn optimum_keeping(&self, kept: &[bool]) -> Option<Value> {
        let mut best: Option<Value> = None;
        for (m, ok) in self.achievable.iter().enumerate() {
            if !ok {
                continue;
            }
            let v = self.value(m);
            let key = |v: &Value| {
                (
                    v.kept_meeting(kept),
                    v.weighted_halves,
                    v.criteria_met,
                    -v.cost,
                )
            };
            if best.as_ref().is_none_or(|b| key(&v) > key(b)) {
                best = Some(v);
            }
        }
        best
    }

    /// The largest value of `measure` over all achievable sets.
    pub fn max_of(&self, measure: impl Fn(&Value) -> usize) -> usize {
        self.achievable
            .iter()
            .enumerate()
            .filter(|(_, ok)| **ok)
            .map(|(m, _)| measure(&self.value(m)))
            .max()
            .expect("funding nothing is always possible")
    }
}

/// Under the rules that let a cost be paid in parts over the years: the
/// pools gap g may draw on at all. Under yearly, those of its earliest year
/// or later; under carry_over, every pool of a line it may use, since money
/// received before its earliest year is still there at the horizon.
pub fn reach_over_years(spec: &Spec, pools: &[Pool], g: usize) -> usize {
    let gap = &spec.gaps[g];
    let horizon = *spec.years.last().unwrap();
    if gap.earliest_year > horizon {
        return 0;
    }
    pools
        .iter()
        .enumerate()
        .filter(|(_, pool)| {
            pool.capacity > 0
                && spec.may_pay(pool, g)
                && (spec.rule == Rule::CarryOver || pool.year >= gap.earliest_year)
        })
        .fold(0, |acc, (i, _)| acc | 1 << i)
}

/// payable[m] under yearly and carry_over: the gaps of m can all be paid.
/// By Hall's condition: every set A of them costs no more than the pools
/// some gap of A may draw on hold. A set A that breaks it makes every set
/// that contains it unpayable (a superset sum over the masks).
fn payable_over_years(spec: &Spec, pools: &[Pool], cost_of: &[i64]) -> Vec<bool> {
    let n = spec.gaps.len();
    assert!(pools.len() <= 24, "too many pools to enumerate");
    let reach: Vec<usize> = (0..n).map(|g| reach_over_years(spec, pools, g)).collect();
    let full = 1usize << n;
    let mut union = vec![0usize; full];
    let mut bad = vec![false; full];
    for a in 1..full {
        let g = a.trailing_zeros() as usize;
        union[a] = union[a & (a - 1)] | reach[g];
        let held: i64 = (0..pools.len())
            .filter(|i| union[a] & (1 << i) != 0)
            .map(|i| pools[i].capacity)
            .sum();
        bad[a] = cost_of[a] > held;
    }
    for g in 0..n {
        for m in 0..full {
            if m & (1 << g) != 0 && bad[m ^ (1 << g)] {
                bad[m] = true;
            }
        }
    }
    bad.iter().map(|b| !b).collect()
}

/// payable[m]: the gaps of m can all be paid in `year` (none before its
/// earliest year). By Hall's condition (Gale's theorem for this transport
/// problem): for every set S of the year's pools, the gaps that can draw
/// only on pools in S cost no more than S holds.
fn payable_in_year(spec: &Spec, pools: &[Pool], year: i32, cost_of: &[i64]) -> Vec<bool> {
    let n = spec.gaps.len();
    let year_pools: Vec<&Pool> = pools.iter().filter(|p| p.year == year).collect();
    let p = year_pools.len();
    assert!(p <= 16, "too many pools to enumerate");
    // Which of the year's pools each gap may draw on.
    let reachable: Vec<usize> = (0..n)
        .map(|g| {
            year_pools
                .iter()
                .enumerate()
                .filter(|(_, pool)| pool.capacity > 0 && spec.may_pay(pool, g))
                .fold(0, |acc, (i, _)| acc | 1 << i)
        })
        .collect();
    let too_early: usize = (0..n)
        .filter(|g| spec.gaps[*g].earliest_year > year)
        .fold(0, |acc, g| acc | 1 << g);
    let subsets: Vec<(usize, i64)> = (0..1usize << p)
        .map(|s| {
            let inside = (0..n)
                .filter(|g| reachable[*g] & !s == 0)
                .fold(0, |acc, g| acc | 1 << g);
            let capacity = (0..p)
                .filter(|i| s & (1 << i) != 0)
                .map(|i| year_pools[i].capacity)
                .sum();
            (inside, capacity)
        })
        .collect();
    (0..1usize << n)
        .map(|m| {
            m & too_early == 0
                && subsets
                    .iter()
                    .all(|(inside, capacity)| cost_of[m & inside] <= *capacity)
        })
        .collect()
}

/// The best schedule of the funded gaps `funded` (a bit mask) over two
/// planning years, by enumeration: every set D of them finished in the
/// first year is tried, and the lexicographic best of (weighted communes,
/// in halves, with every gap funded and all of them in D; gaps in D) is
/// returned. Whether D can be finished in the first year, the rest later:
/// under one_year each year pays its own gaps whole (Hall per year, as
/// `payable_in_year`); under yearly and carry_over a gap of D draws only on
/// the first year's pools, any other on every pool it may use over the
/// years (`reach_over_years`), and by Hall's condition every set A of
/// gaps must cost no more than the pools some gap of A reaches hold.
pub fn best_schedule(spec: &Spec, funded: usize) -> (i64, usize) {
    best_schedule_with_pools(spec, funded, spec.pools())
}

/// Whether the funded gaps `funded` (a bit mask) can be paid with those of
/// a set `d` finished in the first of two planning years and the rest
/// later, on budget lines `pools` (as `best_schedule` decides it).
pub fn first_year_feasible(
    spec: &Spec,
    funded: usize,
    pools: Vec<Pool>,
) -> impl Fn(usize) -> bool + use<> {
    assert_eq!(spec.years.len(), 2, "two planning years");
    let n = spec.gaps.len();
    let first = spec.years[0];
    let cost: Vec<i64> = (0..n).map(|g| spec.gap_cost(g)).collect();
    let mut cost_of = vec![0i64; 1 << n];
    for m in 1..1usize << n {
        let g = m.trailing_zeros() as usize;
        cost_of[m] = cost_of[m & (m - 1)] + cost[g];
    }
    let yearly_payable: Option<(Vec<bool>, Vec<bool>)> = (spec.rule == Rule::OneYear).then(|| {
        (
            payable_in_year(spec, &pools, first, &cost_of),
            payable_in_year(spec, &pools, spec.years[1], &cost_of),
        )
    });
    let later: Vec<usize> = (0..n).map(|g| reach_over_years(spec, &pools, g)).collect();
    let early: Vec<usize> = (0..n)
        .map(|g| {
            pools
                .iter()
                .enumerate()
                .filter(|(_, p)| p.year == first && p.capacity > 0 && spec.may_pay(p, g))
                .fold(0, |acc, (i, _)| acc | 1 << i)
        })
        .collect();
    let capacity: Vec<i64> = pools.iter().map(|p| p.capacity).collect();
    let held = move |set: usize| -> i64 {
        (0..capacity.len())
            .filter(|i| set & (1 << i) != 0)
            .map(|i| capacity[i])
            .sum()
    };
    let earliest: Vec<i32> = spec.gaps.iter().map(|g| g.earliest_year).collect();
    move |d: usize| -> bool {
        if (0..n).any(|g| d & (1 << g) != 0 && earliest[g] > first) {
            return false;
        }
        if let Some((one, two)) = &yearly_payable {
            return one[d] && two[funded & !d];
        }
        // Every subset A of the funded gaps.
        let mut a = funded;
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
            a = (a - 1) & funded;
        }
    }
}

/// `best_schedule` on given budget lines (e.g. with paused projects' money).
pub fn best_schedule_with_pools(spec: &Spec, funded: usize, pools: Vec<Pool>) -> (i64, usize) {
    best_schedule_within(spec, funded, pools, funded)
}

/// `best_schedule_with_pools` with only gaps of `may_be_first` (a bit
/// mask) finished in the first year, the others at the horizon.
pub fn best_schedule_within(
    spec: &Spec,
    funded: usize,
    pools: Vec<Pool>,
    may_be_first: usize,
) -> (i64, usize) {
    let n = spec.gaps.len();
    let feasible = first_year_feasible(spec, funded, pools);
    // Only commune criteria count: advanced and village gaps are finished
    // after, as the money the communes' schedule leaves allows.
    let counted = (0..n)
        .filter(|g| spec.gaps[*g].village.is_none() && !spec.is_advanced(*g))
        .fold(0usize, |acc, g| acc | 1 << g);
    let mut best = (i64::MIN, 0usize);
    let mut d = funded & may_be_first;
    loop {
        if feasible(d) {
            let weighted: i64 = spec
                .communes
                .iter()
                .enumerate()
                .filter(|(c, _)| {
                    let gaps: Vec<usize> = spec.commune_gaps_of(*c).collect();
                    !gaps.is_empty() && gaps.iter().all(|g| d & (1 << g) != 0)
                })
                .map(|(_, commune)| (commune.weight * 2.0) as i64)
                .sum();
            best = best.max((weighted, (d & counted).count_ones() as usize));
        }
        if d == 0 {
            return best;
        }
        d = (d - 1) & funded & may_be_first;
    }
}

// ---------------------------------------------------------------------------
// Re-checking what `ntm plan` wrote.

/// Parse a decimal amount of million VND into đồng.
pub fn parse_dong(text: &str) -> Result<i64, String> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 6
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("`{text}` is not an amount"));
    }
    let padded = format!("{fraction:0<6}");
    Ok(whole.parse::<i64>().unwrap() * DONG + padded.parse::<i64>().unwrap())
}

/// Read a CSV output: it must start with a UTF-8 byte-order mark; returns
/// the header and the rows as column → cell maps.
pub fn read_csv(path: &Path) -> Result<Vec<BTreeMap<String, String>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(text) = text.strip_prefix('\u{feff}') else {
        return Err(format!("{} does not start with a BOM", path.display()));
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        rows.push(
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect(),
        );
    }
    Ok(rows)
}

/// What the written plan achieves, recomputed from plan.csv.
#[derive(Debug, Clone)]
pub struct Recheck {
    pub weighted: f64,
    pub communes_meeting: usize,
    pub criteria_met: usize,
    pub cost: i64,
    /// Communes at the advanced standard (0 without advanced data).
    pub advanced: usize,
}

/// Re-derive every rule from `out/plan.csv` and recompute communes.csv,
/// districts.csv, sources.csv and summary.json from it. Returns what the
/// plan achieves, or every rule it breaks.
pub fn recheck(spec: &Spec, out: &Path) -> Result<Recheck, Vec<String>> {
    let mut errors = Vec::new();
    let plan = read_csv(&out.join("plan.csv")).map_err(|e| vec![e])?;
    let pools = spec.pools();
    let mut paid_gap: BTreeMap<usize, (i64, Vec<i32>)> = BTreeMap::new();
    let mut paid_pool = vec![0i64; pools.len()];
    // carry_over rows: (pools usable as a bit mask, amount, year, source).
    let mut carried: Vec<(usize, i64, i32, String)> = Vec::new();
    let mut carried_district: Vec<usize> = Vec::new();
    let mut commune_cost = vec![0i64; spec.communes.len()];
    let mut total = 0;
    for (i, row) in plan.iter().enumerate() {
        let line = i + 2;
        let cell = |name: &str| row.get(name).map(String::as_str).unwrap_or("");
        let Ok(year) = cell("year").parse::<i32>() else {
            errors.push(format!("plan.csv:{line}: bad year"));
            continue;
        };
        let Some(c) = spec
            .communes
            .iter()
            .position(|c| c.id == cell("commune_id"))
        else {
            errors.push(format!("plan.csv:{line}: unknown commune"));
            continue;
        };
        let commune = &spec.communes[c];
        if cell("commune") != commune.name || cell("district") != spec.districts[commune.district] {
            errors.push(format!("plan.csv:{line}: wrong commune name or district"));
        }
        let village = match cell("village_id") {
            "" => None,
            id => spec.villages.iter().position(|v| v.id == id),
        };
        let Some(g) = spec.gaps.iter().position(|g| {
            g.commune == c
                && g.village == village
                && spec.criterion_id(g.criterion) == cell("criterion")
        }) else {
            errors.push(format!("plan.csv:{line}: not a gap of {}", commune.id));
            continue;
        };
        let amount = match parse_dong(cell("amount")) {
            Ok(a) if a > 0 => a,
            _ => {
                errors.push(format!("plan.csv:{line}: amount is not positive"));
                continue;
            }
        };
        let source = cell("source_id");
        // Under carry_over the row's money may come from any pool of a line
        // of the source covering the commune, received by the row's year;
        // which one is settled for all rows together below.
        let Some(p) = pools.iter().position(|pool| {
            spec.source_id(pool.source) == source
                && if spec.rule == Rule::CarryOver {
                    pool.year <= year
                } else {
                    pool.year == year
                }
                && pool.district.is_none_or(|d| d == commune.district)
                && (!pool.only_especially_difficult || commune.especially_difficult)
        }) else {
            errors.push(format!(
                "plan.csv:{line}: `{source}` has no money in {year} usable in {}",
                commune.id
            ));
            continue;
        };
        if !spec.may_pay(&pools[p], g) {
            errors.push(format!(
                "plan.csv:{line}: `{source}` may not pay for {}",
                cell("criterion")
            ));
        }
        if spec.rule == Rule::CarryOver {
            let usable = pools
                .iter()
                .enumerate()
                .filter(|(_, pool)| {
                    spec.source_id(pool.source) == source
                        && pool.year <= year
                        && pool.district.is_none_or(|d| d == commune.district)
                        && (!pool.only_especially_difficult || commune.especially_difficult)
                })
                .fold(0usize, |acc, (i, _)| acc | 1 << i);
            carried.push((usable, amount, year, source.to_string()));
            carried_district.push(commune.district);
        } else {
            paid_pool[p] += amount;
        }
        let entry = paid_gap.entry(g).or_insert((0, Vec::new()));
        entry.0 += amount;
        entry.1.push(year);
        commune_cost[c] += amount;
        total += amount;
    }
    // carry_over: by Hall's condition, the rows fit in the pools exactly
    // when every set S of pools holds at least what the rows that can only
    // use pools of S ask.
    if spec.rule == Rule::CarryOver {
        assert!(pools.len() <= 20, "too many pools to enumerate");
        for set in 1..1usize << pools.len() {
            let asked: i64 = carried
                .iter()
                .filter(|(usable, ..)| usable & !set == 0)
                .map(|(_, amount, ..)| amount)
                .sum();
            let held: i64 = (0..pools.len())
                .filter(|i| set & (1 << i) != 0)
                .map(|i| pools[i].capacity)
                .sum();
            if asked > held {
                errors.push(format!(
                    "carry_over: rows that can only use pools {set:b} ask {asked} đồng, they hold {held}"
                ));
                break;
            }
        }
    }
    for (g, (amount, years)) in &paid_gap {
        let gap = &spec.gaps[*g];
        let label = format!(
            "{} / {}",
            spec.communes[gap.commune].id,
            spec.criterion_id(gap.criterion)
        );
        if spec.rule == Rule::OneYear && years.iter().any(|y| *y != years[0]) {
            errors.push(format!("{label} is paid in more than one year"));
        }
        if years.iter().min().unwrap() < &gap.earliest_year {
            errors.push(format!("{label} is paid before its earliest year"));
        }
        if *amount != spec.gap_cost(*g) {
            errors.push(format!(
                "{label} is paid {amount} đồng, its cost is {}",
                spec.gap_cost(*g)
            ));
        }
    }
    for (p, pool) in pools.iter().enumerate() {
        // Land revenue: capacity is already max_share of the revenue.
        if spec.rule != Rule::CarryOver && paid_pool[p] > pool.capacity {
            errors.push(format!(
                "`{}` {} {:?}: paid {} of {} đồng",
                spec.source_id(pool.source),
                pool.year,
                pool.district,
                paid_pool[p],
                pool.capacity
            ));
        }
    }

    // What the plan achieves: advanced gaps count towards the advanced
    // standard only.
    let k = spec.commune_criteria();
    let mut after = vec![k; spec.communes.len()];
    let mut before = vec![k; spec.communes.len()];
    for (g, gap) in spec.gaps.iter().enumerate() {
        if gap.village.is_some() || spec.is_advanced(g) {
            continue;
        }
        if !gap.at_risk {
            before[gap.commune] -= 1;
        }
        if !paid_gap.contains_key(&g) {
            after[gap.commune] -= 1;
        }
    }
    let meets: Vec<bool> = after.iter().map(|a| *a == k).collect();
    // By commune: None when not assessed, else whether it is advanced.
    let advanced: Vec<Option<bool>> = (0..spec.communes.len())
        .map(|c| {
            let gaps: Vec<usize> = spec.gaps_of(c).filter(|g| spec.is_advanced(*g)).collect();
            (!gaps.is_empty()).then(|| meets[c] && gaps.iter().all(|g| paid_gap.contains_key(g)))
        })
        .collect();
    let recheck = Recheck {
        advanced: advanced.iter().filter(|a| **a == Some(true)).count(),
        weighted: spec
            .communes
            .iter()
            .zip(&meets)
            .filter(|(_, m)| **m)
            .map(|(c, _)| c.weight)
            .sum(),
        communes_meeting: meets.iter().filter(|m| **m).count(),
        criteria_met: after.iter().sum(),
        cost: total,
    };

    // communes.csv
    match read_csv(&out.join("communes.csv")) {
        Err(e) => errors.push(e),
        Ok(rows) => {
            if rows.len() != spec.communes.len() {
                errors.push("communes.csv: wrong number of rows".into());
            }
            for row in &rows {
                let id = &row["commune_id"];
                let Some(c) = spec.communes.iter().position(|c| &c.id == id) else {
                    errors.push(format!("communes.csv: unknown commune {id}"));
                    continue;
                };
                let expected = [
                    ("criteria_before", before[c].to_string()),
                    ("criteria_after", after[c].to_string()),
                    (
                        "meets_standard_before",
                        u8::from(before[c] == k).to_string(),
                    ),
                    ("meets_standard_after", u8::from(meets[c]).to_string()),
                ];
                for (column, value) in expected {
                    if row[column] != value {
                        errors.push(format!(
                            "communes.csv {id}: {column} is {}, plan.csv gives {value}",
                            row[column]
                        ));
                    }
                }
                if parse_dong(&row["cost"]) != Ok(commune_cost[c]) {
                    errors.push(format!("communes.csv {id}: cost {}", row["cost"]));
                }
                // The advanced column, at the end, only with advanced data.
                let expected = spec
                    .advanced_from
                    .map(|_| advanced[c].map_or(String::new(), |a| u8::from(a).to_string()));
                if row.get("advanced") != expected.as_ref() {
                    errors.push(format!(
                        "communes.csv {id}: advanced is {:?}, plan.csv gives {expected:?}",
                        row.get("advanced")
                    ));
                }
            }
        }
    }

    // districts.csv
    match read_csv(&out.join("districts.csv")) {
        Err(e) => errors.push(e),
        Ok(rows) => {
            if rows.len() != spec.districts.len() {
                errors.push("districts.csv: wrong number of rows".into());
            }
            for row in &rows {
                let name = &row["district"];
                let Some(d) = spec.districts.iter().position(|x| x == name) else {
                    errors.push(format!("districts.csv: unknown district {name}"));
                    continue;
                };
                let members: Vec<usize> = (0..spec.communes.len())
                    .filter(|c| spec.communes[*c].district == d)
                    .collect();
                let committed: i64 = if spec.rule == Rule::CarryOver {
                    // Committed money not spent stays with the line: by each
                    // year's end, the more of what was committed before
                    // plus this year's floor and all spent so far.
                    let mut committed = 0i64;
                    let mut spent = 0i64;
                    for &year in &spec.years {
                        let floor: i64 = pools
                            .iter()
                            .filter(|p| {
                                p.source.is_none() && p.district == Some(d) && p.year == year
                            })
                            .map(|p| p.floor)
                            .sum();
                        // Each row beside its own district, then filtered.
                        spent += carried
                            .iter()
                            .zip(&carried_district)
                            .filter(|((_, _, y, source), district)| {
                                *y == year && source == "land_revenue" && **district == d
                            })
                            .map(|((_, amount, ..), _)| amount)
                            .sum::<i64>();
                        committed = (committed + floor).max(spent);
                    }
                    committed
                } else {
                    pools
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.source.is_none() && p.district == Some(d))
                        .map(|(i, p)| paid_pool[i].max(p.floor))
                        .sum()
                };
                let expected = [
                    ("communes", members.len().to_string()),
                    (
                        "meeting_after",
                        members.iter().filter(|c| meets[**c]).count().to_string(),
                    ),
                    (
                        "min_criteria_after",
                        members.iter().map(|c| after[*c]).min().unwrap().to_string(),
                    ),
                ];
                for (column, value) in expected {
                    if row[column] != value {
                        errors.push(format!(
                            "districts.csv {name}: {column} is {}, plan.csv gives {value}",
                            row[column]
                        ));
                    }
                }
                let cost: i64 = members.iter().map(|c| commune_cost[*c]).sum();
                if parse_dong(&row["cost"]) != Ok(cost) {
                    errors.push(format!("districts.csv {name}: cost {}", row["cost"]));
                }
                if parse_dong(&row["land_revenue_committed"]) != Ok(committed) {
                    errors.push(format!(
                        "districts.csv {name}: land_revenue_committed {}, expected {committed} đồng",
                        row["land_revenue_committed"]
                    ));
                }
            }
        }
    }

    // sources.csv: one row per budget line, with what plan.csv draws on it.
    match read_csv(&out.join("sources.csv")) {
        Err(e) => errors.push(e),
        Ok(rows) => {
            if spec.rule == Rule::CarryOver {
                recheck_carried_sources(spec, &pools, &carried, &rows, &mut errors);
            } else {
                if rows.len() != pools.len() {
                    errors.push(format!(
                        "sources.csv has {} rows for {} budget lines",
                        rows.len(),
                        pools.len()
                    ));
                }
                for row in &rows {
                    let found = pools.iter().position(|p| {
                        spec.source_id(p.source) == row["source_id"]
                            && p.year.to_string() == row["year"]
                            && p.district.map_or("", |d| spec.districts[d].as_str())
                                == row["district"]
                    });
                    let Some(p) = found else {
                        errors.push(format!("sources.csv: unknown budget line {row:?}"));
                        continue;
                    };
                    if parse_dong(&row["available"]) != Ok(pools[p].capacity)
                        || parse_dong(&row["used"]) != Ok(paid_pool[p])
                    {
                        errors.push(format!(
                            "sources.csv {row:?}: expected available {} used {} đồng",
                            pools[p].capacity, paid_pool[p]
                        ));
                    }
                }
            }
        }
    }

    // summary.json
    match std::fs::read_to_string(out.join("summary.json")) {
        Err(e) => errors.push(format!("summary.json: {e}")),
        Ok(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Err(e) => errors.push(format!("summary.json: {e}")),
            Ok(json) => {
                let int = |key: &str| json[key].as_u64().map(|x| x as usize);
                let float = |key: &str| json[key].as_f64().unwrap_or(f64::NAN);
                if json["status"] != "optimal" {
                    errors.push(format!("summary.json: status {}", json["status"]));
                }
                if int("communes_total") != Some(spec.communes.len()) {
                    errors.push("summary.json: communes_total".into());
                }
                if int("communes_meeting_standard") != Some(recheck.communes_meeting) {
                    errors.push(format!(
                        "summary.json: communes_meeting_standard {}, plan.csv gives {}",
                        json["communes_meeting_standard"], recheck.communes_meeting
                    ));
                }
                if int("criteria_met_total") != Some(recheck.criteria_met) {
                    errors.push(format!(
                        "summary.json: criteria_met_total {}, plan.csv gives {}",
                        json["criteria_met_total"], recheck.criteria_met
                    ));
                }
                if int("min_criteria") != after.iter().min().copied() {
                    errors.push("summary.json: min_criteria".into());
                }
                if (float("weighted_communes") - recheck.weighted).abs() > 1e-6 {
                    errors.push(format!(
                        "summary.json: weighted_communes {}, plan.csv gives {}",
                        json["weighted_communes"], recheck.weighted
                    ));
                }
                if (float("total_cost") - recheck.cost as f64 / DONG as f64).abs() > 1e-6 {
                    errors.push(format!(
                        "summary.json: total_cost {}, plan.csv gives {} đồng",
                        json["total_cost"], recheck.cost
                    ));
                }
            }
        },
    }

    if errors.is_empty() {
        Ok(recheck)
    } else {
        Err(errors)
    }
}

/// sources.csv under carry_over: every pool appears with its money; per
/// source and year the rows' `used` add up to what plan.csv pays; and each
/// row's carried money follows from the one before it on its line.
fn recheck_carried_sources(
    spec: &Spec,
    pools: &[Pool],
    carried: &[(usize, i64, i32, String)],
    rows: &[BTreeMap<String, String>],
    errors: &mut Vec<String>,
) {
    for pool in pools {
        let listed = rows.iter().any(|row| {
            spec.source_id(pool.source) == row["source_id"]
                && pool.year.to_string() == row["year"]
                && pool.district.map_or("", |d| spec.districts[d].as_str()) == row["district"]
                && parse_dong(&row["available"]) == Ok(pool.capacity)
        });
        if !listed {
            errors.push(format!("sources.csv: no row for {pool:?}"));
        }
    }
    let mut used: BTreeMap<(String, String), i64> = BTreeMap::new();
    for row in rows {
        let amount = parse_dong(&row["used"]).unwrap_or(-1);
        *used
            .entry((row["source_id"].clone(), row["year"].clone()))
            .or_default() += amount;
        let (Ok(carried_in), Ok(available), Ok(carried_out)) = (
            parse_dong(&row["carried_in"]),
            parse_dong(&row["available"]),
            parse_dong(&row["carried_out"]),
        ) else {
            errors.push(format!("sources.csv {row:?}: unreadable amounts"));
            continue;
        };
        if carried_out != carried_in + available - amount || carried_out < 0 {
            errors.push(format!(
                "sources.csv {row:?}: carried amounts do not add up"
            ));
        }
    }
    let mut paid: BTreeMap<(String, String), i64> = BTreeMap::new();
    for (_, amount, year, source) in carried {
        *paid.entry((source.clone(), year.to_string())).or_default() += amount;
    }
    for (key, amount) in &paid {
        if used.get(key).copied().unwrap_or(0) != *amount {
            errors.push(format!(
                "sources.csv: {key:?} uses {:?}, plan.csv pays {amount}",
                used.get(key)
            ));
        }
    }
}

// ---------------------------------------------------------------------------
// The least top-up (`ntm gap`), by enumeration.

/// The least extra money, in đồng, usable for any gap in any commune and
/// any year, with which some funding of gaps that `allowed` accepts can be
/// paid; None when no funding is accepted at any price.
///
/// Every assignment of each gap to "unfunded" or a year it may start in is
/// tried. In one year the budget pays at most the maximum flow from the
/// year's gaps to its pools, which by max-flow/min-cut is the least, over
/// sets S of the year's pools, of what S holds plus the cost of the gaps
/// that can draw on a pool outside S; the top-up pays the rest.
pub fn least_topup(spec: &Spec, allowed: impl Fn(&Value) -> bool) -> Option<i64> {
    let n = spec.gaps.len();
    assert!(n <= 12, "too many gaps to enumerate top-ups");
    let exhaustive = Exhaustive::new(spec);
    let pools = spec.pools();
    let cost: Vec<i64> = (0..n).map(|g| spec.gap_cost(g)).collect();
    let mask_cost =
        |m: usize| -> i64 { (0..n).filter(|g| m & (1 << g) != 0).map(|g| cost[g]).sum() };
    if spec.rule != Rule::OneYear {
        // A cost may be paid in parts over the years, so a funded set needs
        // its cost less the most the budget can pay of it (the least cut
        // over sets S of pools: what S holds plus the gaps that reach a
        // pool outside S); the top-up of the horizon can pay any gap.
        let horizon = *spec.years.last().unwrap();
        let p = pools.len();
        assert!(p <= 20, "too many pools to enumerate");
        let reach: Vec<usize> = (0..n).map(|g| reach_over_years(spec, &pools, g)).collect();
        let cuts: Vec<(i64, usize)> = (0..1usize << p)
            .map(|set| {
                let held: i64 = (0..p)
                    .filter(|i| set & (1 << i) != 0)
                    .map(|i| pools[i].capacity)
                    .sum();
                let outside = (0..n)
                    .filter(|g| reach[*g] & !set != 0)
                    .fold(0usize, |acc, g| acc | 1 << g);
                (held, outside)
            })
            .collect();
        let too_late = (0..n)
            .filter(|g| spec.gaps[*g].earliest_year > horizon)
            .fold(0usize, |acc, g| acc | 1 << g);
        let mut best: Option<i64> = None;
        for m in 0..1usize << n {
            if m & too_late != 0 || !allowed(&exhaustive.value(m)) {
                continue;
            }
            let flow = cuts
                .iter()
                .map(|(held, outside)| held + mask_cost(m & outside))
                .min()
                .expect("the empty set is a cut");
            let topup = mask_cost(m) - flow;
            best = Some(best.map_or(topup, |b: i64| b.min(topup)));
        }
        return best;
    }
    // shortfall[y][m]: the top-up year y needs when exactly the gaps of m
    // are funded in it.
    let mut shortfall: Vec<Vec<i64>> = Vec::new();
    for &year in &spec.years {
        let year_pools: Vec<&Pool> = pools.iter().filter(|p| p.year == year).collect();
        let p = year_pools.len();
        let reach: Vec<usize> = (0..n)
            .map(|g| {
                year_pools
                    .iter()
                    .enumerate()
                    .filter(|(_, pool)| spec.may_pay(pool, g))
                    .fold(0, |acc, (i, _)| acc | 1 << i)
            })
            .collect();
        let row: Vec<i64> = (0..1usize << n)
            .map(|m| {
                let flow = (0..1usize << p)
                    .map(|s| {
                        let held: i64 = (0..p)
                            .filter(|i| s & (1 << i) != 0)
                            .map(|i| year_pools[i].capacity)
                            .sum();
                        let outside: i64 = (0..n)
                            .filter(|g| m & (1 << g) != 0 && reach[*g] & !s != 0)
                            .map(|g| cost[g])
                            .sum();
                        held + outside
                    })
                    .min()
                    .expect("the empty set is a cut");
                mask_cost(m) - flow
            })
            .collect();
        shortfall.push(row);
    }
    // Enumerate assignments: choice[g] = 0 unfunded, y + 1 funded in year y.
    let years = spec.years.len();
    let mut choice = vec![0usize; n];
    let mut best: Option<i64> = None;
    loop {
        let mut masks = vec![0usize; years];
        let mut possible = true;
        for (g, chosen) in choice.iter().enumerate() {
            if *chosen > 0 {
                let y = chosen - 1;
                if spec.years[y] < spec.gaps[g].earliest_year {
                    possible = false;
                    break;
                }
                masks[y] |= 1 << g;
            }
        }
        if possible {
            let funded = masks.iter().fold(0, |a, m| a | m);
            if allowed(&exhaustive.value(funded)) {
                let topup: i64 = (0..years).map(|y| shortfall[y][masks[y]]).sum();
                best = Some(best.map_or(topup, |b: i64| b.min(topup)));
            }
        }
        // Next assignment, as a number in base years + 1.
        let mut g = 0;
        while g < n && choice[g] == years {
            choice[g] = 0;
            g += 1;
        }
        if g == n {
            return best;
        }
        choice[g] += 1;
    }
}
