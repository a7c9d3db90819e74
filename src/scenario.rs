//! The scenario file: what to plan, with which money adjustments and targets.
//!
//! Parsing goes through serde with `deny_unknown_fields`, so a misspelt key
//! is an error rather than a silently ignored setting; values that need
//! checking keep their span so the message can point at them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{InputError, Location};

/// The validated scenario settings.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The scenario file.
    pub path: PathBuf,
    pub name: String,
    /// The folder with the tables.
    pub data_dir: PathBuf,
    /// Planning years, strictly ascending; the last is the horizon.
    pub years: Vec<i32>,
    pub land_revenue: LandRevenueShares,
    pub targets: Targets,
    pub adjust: Adjust,
    pub solver: SolverSettings,
}

/// Resolution 14/2022/NQ-HĐND: the share of each district's land-use revenue
/// that goes to the programme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LandRevenueShares {
    /// The legal floor: reported as committed even when not all of it is spent.
    pub min_share: f64,
    /// The most the plan may spend.
    pub max_share: f64,
}

/// The directive's targets. Each is optional; absent ones are not reported.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub communes_meeting_standard: Option<u32>,
    pub average_criteria: Option<f64>,
    pub min_criteria_per_commune: Option<u32>,
    /// District names, each with where it was written (checked against the
    /// data once the tables are read).
    pub districts_meeting_standard: Vec<(String, Location)>,
    /// Hard constraints when true; reported against only when false.
    pub enforce: bool,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.communes_meeting_standard.is_none()
            && self.average_criteria.is_none()
            && self.min_criteria_per_commune.is_none()
            && self.districts_meeting_standard.is_empty()
    }
}

/// What-if multipliers on the data.
#[derive(Debug, Clone)]
pub struct Adjust {
    pub cost: f64,
    pub land_revenue: f64,
    /// Per source id, with where it was written.
    pub sources: Vec<(String, f64, Location)>,
}

impl Adjust {
    pub fn source_factor(&self, source_id: &str) -> f64 {
        self.sources
            .iter()
            .find(|(id, _, _)| id == source_id)
            .map_or(1.0, |(_, factor, _)| *factor)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolverSettings {
    /// For the whole lexicographic solve; each tier gets what is left.
    pub time_limit_seconds: f64,
    pub relative_gap: f64,
    pub threads: u32,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            time_limit_seconds: 60.0,
            relative_gap: 0.0,
            threads: 1,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: String,
    data: String,
    years: Spanned<Vec<Spanned<i64>>>,
    #[serde(default)]
    land_revenue: RawLandRevenue,
    #[serde(default)]
    targets: RawTargets,
    #[serde(default)]
    adjust: RawAdjust,
    #[serde(default)]
    solver: RawSolver,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLandRevenue {
    min_share: Option<Spanned<f64>>,
    max_share: Option<Spanned<f64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTargets {
    communes_meeting_standard: Option<Spanned<i64>>,
    average_criteria: Option<Spanned<f64>>,
    min_criteria_per_commune: Option<Spanned<i64>>,
    #[serde(default)]
    districts_meeting_standard: Vec<Spanned<String>>,
    #[serde(default)]
    enforce: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAdjust {
    cost: Option<Spanned<f64>>,
    land_revenue: Option<Spanned<f64>>,
    #[serde(default)]
    sources: BTreeMap<Spanned<String>, Spanned<f64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSolver {
    time_limit_seconds: Option<Spanned<f64>>,
    relative_gap: Option<Spanned<f64>>,
    threads: Option<Spanned<i64>>,
}

/// The largest what-if multiplier in `[adjust]`.
pub const MAX_FACTOR: f64 = 1000.0;

/// Line and column (from 1, counting characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl Scenario {
    /// Read and check a scenario file. The tables are not read here.
    pub fn read(path: &Path) -> Result<Scenario, InputError> {
        let bytes = std::fs::read(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "scenario file not found".to_string(),
                _ => format!("cannot read: {e}"),
            };
            InputError::new(Location::file(path), why)
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let (line, column) = line_column(
                &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
                e.valid_up_to(),
            );
            InputError::new(
                Location::at(path, line, column),
                "the file is not UTF-8 text",
            )
        })?;
        Scenario::parse(path, text)
    }

    /// Check a scenario given as text; `path` places it (and its data folder).
    pub fn parse(path: &Path, text: &str) -> Result<Scenario, InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let at = |span: std::ops::Range<usize>| {
            let (line, column) = line_column(text, span.start);
            Location::at(path, line, column)
        };
        let raw: RawScenario = toml::from_str(text).map_err(|e| {
            let location = e.span().map_or_else(|| Location::file(path), at);
            InputError::new(location, e.message().trim().to_string())
        })?;

        let years_span = raw.years.span();
        let years_raw = raw.years.into_inner();
        if years_raw.is_empty() {
            return Err(InputError::new(
                at(years_span),
                "`years` must list at least one year",
            ));
        }
        let mut years = Vec::with_capacity(years_raw.len());
        for year in &years_raw {
            let value = *year.get_ref();
            if !(1900..=2200).contains(&value) {
                return Err(InputError::new(
                    at(year.span()),
                    format!("{value} is not a plausible year"),
                ));
            }
            if years.last().is_some_and(|last| *last >= value as i32) {
                return Err(InputError::new(
                    at(year.span()),
                    "`years` must be strictly ascending",
                ));
            }
            years.push(value as i32);
        }

        let share = |value: &Option<Spanned<f64>>, key: &str| -> Result<f64, InputError> {
            let Some(v) = value else { return Ok(0.5) };
            let x = *v.get_ref();
            if !(0.0..=1.0).contains(&x) {
                return Err(InputError::new(
                    at(v.span()),
                    format!("land_revenue.{key} must be between 0 and 1, not {x}"),
                ));
            }
            Ok(x)
        };
        let min_share = share(&raw.land_revenue.min_share, "min_share")?;
        let max_share = share(&raw.land_revenue.max_share, "max_share")?;
        if max_share < min_share {
            let span = raw
                .land_revenue
                .max_share
                .as_ref()
                .or(raw.land_revenue.min_share.as_ref())
                .map(Spanned::span)
                .unwrap_or(0..0);
            return Err(InputError::new(
                at(span),
                format!("land_revenue.max_share ({max_share}) is below min_share ({min_share})"),
            ));
        }

        let factor = |value: &Option<Spanned<f64>>, key: &str| -> Result<f64, InputError> {
            let Some(v) = value else { return Ok(1.0) };
            let x = *v.get_ref();
            // Above the cap a what-if is surely a typo, and scaled amounts
            // could no longer be summed exactly.
            if !x.is_finite() || !(0.0..=MAX_FACTOR).contains(&x) {
                return Err(InputError::new(
                    at(v.span()),
                    format!("{key} must be a finite number from 0 to {MAX_FACTOR}, not {x}"),
                ));
            }
            Ok(x)
        };
        let mut sources = Vec::new();
        for (id, value) in &raw.adjust.sources {
            let key = format!("adjust.sources.{}", id.get_ref());
            let x = factor(&Some(value.clone()), &key)?;
            sources.push((id.get_ref().clone(), x, at(id.span())));
        }
        let adjust = Adjust {
            cost: factor(&raw.adjust.cost, "adjust.cost")?,
            land_revenue: factor(&raw.adjust.land_revenue, "adjust.land_revenue")?,
            sources,
        };

        let count = |value: &Option<Spanned<i64>>, key: &str| -> Result<Option<u32>, InputError> {
            let Some(v) = value else { return Ok(None) };
            let x = *v.get_ref();
            u32::try_from(x).map(Some).map_err(|_| {
                InputError::new(at(v.span()), format!("{key} must be 0 or more, not {x}"))
            })
        };
        let t = &raw.targets;
        let average_criteria = match &t.average_criteria {
            None => None,
            Some(v) => {
                let x = *v.get_ref();
                if !x.is_finite() || x < 0.0 {
                    return Err(InputError::new(
                        at(v.span()),
                        format!("targets.average_criteria must be 0 or more, not {x}"),
                    ));
                }
                Some(x)
            }
        };
        for (i, d) in t.districts_meeting_standard.iter().enumerate() {
            if t.districts_meeting_standard[..i]
                .iter()
                .any(|e| e.get_ref() == d.get_ref())
            {
                return Err(InputError::new(
                    at(d.span()),
                    format!(
                        "targets.districts_meeting_standard lists `{}` twice",
                        d.get_ref()
                    ),
                ));
            }
        }
        let targets = Targets {
            communes_meeting_standard: count(
                &t.communes_meeting_standard,
                "targets.communes_meeting_standard",
            )?,
            average_criteria,
            min_criteria_per_commune: count(
                &t.min_criteria_per_commune,
                "targets.min_criteria_per_commune",
            )?,
            districts_meeting_standard: t
                .districts_meeting_standard
                .iter()
                .map(|d| (d.get_ref().clone(), at(d.span())))
                .collect(),
            enforce: t.enforce,
        };

        let mut solver = SolverSettings::default();
        if let Some(v) = &raw.solver.time_limit_seconds {
            let x = *v.get_ref();
            if !x.is_finite() || x <= 0.0 {
                return Err(InputError::new(
                    at(v.span()),
                    format!("solver.time_limit_seconds must be greater than 0, not {x}"),
                ));
            }
            solver.time_limit_seconds = x;
        }
        if let Some(v) = &raw.solver.relative_gap {
            let x = *v.get_ref();
            if !(0.0..1.0).contains(&x) {
                return Err(InputError::new(
                    at(v.span()),
                    format!("solver.relative_gap must be at least 0 and below 1, not {x}"),
                ));
            }
            solver.relative_gap = x;
        }
        if let Some(v) = &raw.solver.threads {
            let x = *v.get_ref();
            solver.threads = u32::try_from(x)
                .ok()
                .filter(|n| (1..=256).contains(n))
                .ok_or_else(|| {
                    InputError::new(
                        at(v.span()),
                        format!("solver.threads must be from 1 to 256, not {x}"),
                    )
                })?;
        }

        let base = path.parent().unwrap_or(Path::new("."));
        Ok(Scenario {
            path: path.to_path_buf(),
            name: raw.name,
            data_dir: base.join(&raw.data),
            years,
            land_revenue: LandRevenueShares {
                min_share,
                max_share,
            },
            targets,
            adjust,
            solver,
        })
    }

    pub fn horizon(&self) -> i32 {
        *self.years.last().expect("a scenario has at least one year")
    }
}
