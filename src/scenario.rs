//! The scenario file: what to plan, with which money adjustments and targets.
//!
//! Parsing goes through serde with `deny_unknown_fields`, so a misspelt key
//! is an error rather than a silently ignored setting; values that need
//! checking keep their span so the message can point at them.
//!
//! `--set KEY=VALUE` overrides ([`Override`]) are applied to the parsed
//! document before it is deserialized, so every check below applies to an
//! overridden value exactly as to one written in the file. An overridden
//! value carries a span past the end of the file text that names its
//! override, so its errors point at the `--set` argument instead of a line.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::error::{InputError, Location, Text};
use crate::lang::Lang;
use crate::tables::NumberFormat;

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
    /// The `--set` overrides in effect: one per key (the last given wins),
    /// in the order of their last occurrence.
    pub overrides: Vec<Override>,
    /// The `[sweep]` table: what `ntm sweep` varies by default.
    pub sweep: SweepTable,
    /// `language`: the language of reports and console text unless `--lang`
    /// says otherwise (default English).
    pub language: Lang,
    /// `[payments] rule`: how a budget line's money and a criterion's cost
    /// may be spread over the years.
    pub payments: PaymentRule,
    /// `number_format`: how every table writes numbers (default plain).
    pub number_format: NumberFormat,
    /// The agency a printed (PDF) report is issued by (`[report] agency`).
    pub agency: Option<String>,
    /// `[objective] order`: the plan tiers in the order the province ranks
    /// them, money last; None for the default (communes, advanced,
    /// criteria, money).
    pub objective_order: Option<Vec<Tier>>,
    /// Whether the data have advanced gaps (`advanced_gaps.csv`): set by
    /// `Instance::settle_names` once the tables are read, so that the
    /// advanced tier is solved only when there is something to count.
    pub advanced_data: bool,
    /// `[projects]`: what the plan may do with the medium-term
    /// public-investment projects of `projects.csv`.
    pub projects: ProjectSettings,
}

/// The `[projects]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProjectSettings {
    /// `allow_pause`: the plan may pause pausable projects, their money
    /// returning to the programme's line (default false).
    pub allow_pause: bool,
}

/// A plan tier as `[objective] order` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Communes at the standard (weighted).
    Communes,
    /// Communes at the advanced standard.
    Advanced,
    /// Criteria met.
    Criteria,
    /// Money spent (least).
    Money,
    /// Villages of especially difficult communes at their standard, up to
    /// the village target.
    Villages,
}

impl Tier {
    /// The default order: the directive lists the standard before the
    /// advanced level, and criteria and money only break ties.
    /// The villages come after the advanced communes, before the criteria.
    pub const DEFAULT: [Tier; 5] = [
        Tier::Communes,
        Tier::Advanced,
        Tier::Villages,
        Tier::Criteria,
        Tier::Money,
    ];

    /// The word `[objective] order` uses.
    pub fn id(self) -> &'static str {
        match self {
            Tier::Communes => "communes",
            Tier::Advanced => "advanced",
            Tier::Criteria => "criteria",
            Tier::Money => "money",
            Tier::Villages => "villages",
        }
    }
}

/// How money may move between years (`[payments] rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum PaymentRule {
    /// A line's money unspent in a year stays available to the same line
    /// (source, scope) in later planning years; a criterion's cost may be
    /// paid in parts over several years.
    #[default]
    CarryOver,
    /// Each year's money only in that year; a criterion's cost may be paid
    /// in parts over several years.
    Yearly,
    /// Each year's money only in that year; a criterion is paid in full in
    /// one year.
    OneYear,
}

impl PaymentRule {
    pub const ALL: [PaymentRule; 3] = [
        PaymentRule::CarryOver,
        PaymentRule::Yearly,
        PaymentRule::OneYear,
    ];

    /// The word the scenario file uses.
    pub fn id(self) -> &'static str {
        match self {
            PaymentRule::CarryOver => "carry_over",
            PaymentRule::Yearly => "yearly",
            PaymentRule::OneYear => "one_year",
        }
    }

    /// Money of a line may be spent in a later year than it arrives.
    pub fn carries_over(self) -> bool {
        self == PaymentRule::CarryOver
    }

    /// A criterion's cost may be paid in parts over several years.
    pub fn splits_cost(self) -> bool {
        self != PaymentRule::OneYear
    }
}

impl FromStr for PaymentRule {
    type Err = String;

    fn from_str(s: &str) -> Result<PaymentRule, String> {
        PaymentRule::ALL
            .into_iter()
            .find(|r| r.id() == s)
            .ok_or_else(|| {
                format!("payments.rule must be carry_over, yearly or one_year, not `{s}`")
            })
    }
}

/// The `[sweep]` table, so that a sweep can be saved and shared. Values are
/// kept as the text `ntm sweep --vary KEY=VALUES` takes (`a,b,c` or
/// `from:to:step`), so the file and the command line are read alike.
#[derive(Debug, Clone, Default)]
pub struct SweepTable {
    pub zip: bool,
    /// (dotted key, values text, where the key was written)
    pub vary: Vec<(String, String, Location)>,
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
    /// Districts or communes (by name or id) that must meet the standard
    /// at the horizon: those that have it keep it, such as Lai Châu city.
    pub keep_standard: Vec<(String, Location)>,
    /// The share (0 to 1) of the villages of especially difficult communes
    /// that must meet the province's village criteria.
    pub villages_share_in_especially_difficult: Option<f64>,
    /// Hard constraints when true; reported against only when false.
    pub enforce: bool,
    /// Communes at the advanced standard (nông thôn mới nâng cao) at the
    /// horizon.
    pub communes_advanced: Option<u32>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.communes_meeting_standard.is_none()
            && self.average_criteria.is_none()
            && self.min_criteria_per_commune.is_none()
            && self.districts_meeting_standard.is_empty()
            && self.keep_standard.is_empty()
            && self.villages_share_in_especially_difficult.is_none()
            && self.communes_advanced.is_none()
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
    language: Option<Spanned<String>>,
    number_format: Option<Spanned<String>>,
    #[serde(default)]
    land_revenue: RawLandRevenue,
    #[serde(default)]
    targets: RawTargets,
    #[serde(default)]
    adjust: RawAdjust,
    #[serde(default)]
    solver: RawSolver,
    #[serde(default)]
    sweep: RawSweep,
    #[serde(default)]
    payments: RawPayments,
    #[serde(default)]
    report: RawReport,
    #[serde(default)]
    objective: RawObjective,
    #[serde(default)]
    projects: RawProjects,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    order: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProjects {
    #[serde(default)]
    allow_pause: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReport {
    agency: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPayments {
    rule: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSweep {
    #[serde(default)]
    zip: bool,
    /// Dotted key → a list of values, or a range `"from:to:step"`.
    #[serde(default)]
    vary: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
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
    keep_standard: Vec<Spanned<String>>,
    villages_share_in_especially_difficult: Option<Spanned<f64>>,
    #[serde(default)]
    enforce: bool,
    communes_advanced: Option<Spanned<i64>>,
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

/// The largest scenario file read: 1 MiB, far above any real one.
pub const MAX_SCENARIO_BYTES: u64 = 1024 * 1024;

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
        Scenario::read_with(path, &[])
    }

    /// Read and check a scenario file with `--set` overrides applied (see
    /// [`Scenario::parse_with`]).
    pub fn read_with(path: &Path, overrides: &[Override]) -> Result<Scenario, InputError> {
        let bytes = crate::tables::read_limited(path, MAX_SCENARIO_BYTES).map_err(|e| {
            if e.message == "file not found" {
                InputError::new(
                    e.location,
                    crate::text!("không tìm thấy tệp kịch bản", "scenario file not found"),
                )
            } else {
                e
            }
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let (line, column) = line_column(
                &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
                e.valid_up_to(),
            );
            InputError::new(
                Location::at(path, line, column),
                crate::text!("tệp không phải văn bản UTF-8", "the file is not UTF-8 text"),
            )
        })?;
        Scenario::parse_with(path, text, overrides)
    }

    /// Check a scenario given as text; `path` places it (and its data folder).
    pub fn parse(path: &Path, text: &str) -> Result<Scenario, InputError> {
        Scenario::parse_with(path, text, &[])
    }

    /// Check a scenario given as text, with `--set` overrides applied in
    /// order: when several set one key, the last wins (each must still be a
    /// known key with a value of the right type). Every check of a value in
    /// the file applies to an overridden value too; its errors are reported
    /// against the `--set` argument.
    pub fn parse_with(
        path: &Path,
        text: &str,
        overrides: &[Override],
    ) -> Result<Scenario, InputError> {
        Scenario::parse_checked(path, text, overrides).map_err(|e| e.in_lang(language_hint(text)))
    }

    fn parse_checked(
        path: &Path,
        text: &str,
        overrides: &[Override],
    ) -> Result<Scenario, InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Override `i` gets the span `text.len() + 1 + i`: past anything in
        // the file, even its end.
        let override_at = |span: &Range<usize>| span.start.checked_sub(text.len() + 1);
        let at = |span: Range<usize>| match override_at(&span) {
            Some(i) => overrides[i].location(),
            None => {
                let (line, column) = line_column(text, span.start);
                Location::at(path, line, column)
            }
        };
        let toml_error = |e: toml::de::Error| {
            let location = e.span().map_or_else(|| Location::file(path), at);
            InputError::new(location, e.message().trim().to_string())
        };

        let mut values = Vec::with_capacity(overrides.len());
        for o in overrides {
            let (key_path, kind) =
                settable(&o.key).map_err(|why| InputError::new(o.location(), why))?;
            let value = convert(o, kind).map_err(|why| InputError::new(o.location(), why))?;
            values.push((key_path, value));
        }
        let mut root = DeTable::parse(text).map_err(toml_error)?;
        let mut in_effect = Vec::new();
        for (i, (key_path, value)) in values.into_iter().enumerate() {
            if overrides[i + 1..].iter().any(|o| o.key == overrides[i].key) {
                continue; // a later one wins
            }
            let span = text.len() + 1 + i..text.len() + 2 + i;
            set_path(root.get_mut(), &key_path, value, &span);
            in_effect.push(overrides[i].clone());
        }
        let raw =
            RawScenario::deserialize(toml::de::Deserializer::from(root)).map_err(toml_error)?;

        let years_span = raw.years.span();
        let years_raw = raw.years.into_inner();
        if years_raw.is_empty() {
            return Err(InputError::new(
                at(years_span),
                crate::text!(
                    "`years` phải có ít nhất một năm",
                    "`years` must list at least one year"
                ),
            ));
        }
        let mut years = Vec::with_capacity(years_raw.len());
        for year in &years_raw {
            let value = *year.get_ref();
            if !(1900..=2200).contains(&value) {
                return Err(InputError::new(
                    at(year.span()),
                    crate::text!(
                        "{value} không phải là năm hợp lý",
                        "{value} is not a plausible year"
                    ),
                ));
            }
            if years.last().is_some_and(|last| *last >= value as i32) {
                return Err(InputError::new(
                    at(year.span()),
                    crate::text!(
                        "`years` phải tăng dần",
                        "`years` must be strictly ascending"
                    ),
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
                    crate::text!(
                        "land_revenue.{key} phải từ 0 đến 1, không phải {x}",
                        "land_revenue.{key} must be between 0 and 1, not {x}"
                    ),
                ));
            }
            Ok(x)
        };
        let min_share = share(&raw.land_revenue.min_share, "min_share")?;
        let max_share = share(&raw.land_revenue.max_share, "max_share")?;
        if max_share < min_share {
            // At max_share, unless only min_share came from a `--set`.
            let spans: Vec<Range<usize>> =
                [&raw.land_revenue.max_share, &raw.land_revenue.min_share]
                    .into_iter()
                    .flatten()
                    .map(Spanned::span)
                    .collect();
            let span = spans
                .iter()
                .find(|s| override_at(s).is_some())
                .or(spans.first())
                .cloned()
                .unwrap_or(0..0);
            return Err(InputError::new(
                at(span),
                crate::text!(
                    "land_revenue.max_share ({max_share}) nhỏ hơn min_share ({min_share})",
                    "land_revenue.max_share ({max_share}) is below min_share ({min_share})"
                ),
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
                    crate::text!(
                        "{key} phải là số từ 0 đến {MAX_FACTOR}, không phải {x}",
                        "{key} must be a finite number from 0 to {MAX_FACTOR}, not {x}"
                    ),
                ));
            }
            Ok(x)
        };
        let mut sources = Vec::new();
        for (id, value) in &raw.adjust.sources {
            let key = format!("adjust.sources.{}", id.get_ref());
            let x = factor(&Some(value.clone()), &key)?;
            sources.push((crate::tables::name_text(id.get_ref()), x, at(id.span())));
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
                let most = u32::MAX;
                let why = if x < 0 {
                    crate::text!(
                        "{key} phải từ 0 trở lên, không phải {x}",
                        "{key} must be 0 or more, not {x}"
                    )
                } else {
                    crate::text!(
                        "{key} quá lớn: nhiều nhất {most}, không phải {x}",
                        "{key} is too large: at most {most}, not {x}"
                    )
                };
                InputError::new(at(v.span()), why)
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
                        crate::text!(
                            "targets.average_criteria phải từ 0 trở lên, không phải {x}",
                            "targets.average_criteria must be 0 or more, not {x}"
                        ),
                    ));
                }
                Some(x)
            }
        };
        for (i, d) in t.districts_meeting_standard.iter().enumerate() {
            let name = crate::tables::name_text(d.get_ref());
            if t.districts_meeting_standard[..i]
                .iter()
                .any(|e| crate::tables::name_text(e.get_ref()) == name)
            {
                return Err(InputError::new(at(d.span()), {
                    let district = d.get_ref();
                    crate::text!(
                        "targets.districts_meeting_standard có `{district}` hai lần",
                        "targets.districts_meeting_standard lists `{district}` twice"
                    )
                }));
            }
        }
        let villages_share = match &t.villages_share_in_especially_difficult {
            None => None,
            Some(v) => {
                let x = *v.get_ref();
                if !(0.0..=1.0).contains(&x) {
                    return Err(InputError::new(
                        at(v.span()),
                        crate::text!(
                            "targets.villages_share_in_especially_difficult là một tỷ lệ từ 0 đến 1 \
                             (0.25 là 25%), không phải {x}",
                            "targets.villages_share_in_especially_difficult is a share from 0 to 1 \
                             (0.25 for 25%), not {x}"
                        ),
                    ));
                }
                Some(x)
            }
        };
        for (i, d) in t.keep_standard.iter().enumerate() {
            let name = crate::tables::name_text(d.get_ref());
            if t.keep_standard[..i]
                .iter()
                .any(|e| crate::tables::name_text(e.get_ref()) == name)
            {
                return Err(InputError::new(at(d.span()), {
                    let place = d.get_ref();
                    crate::text!(
                        "targets.keep_standard có `{place}` hai lần",
                        "targets.keep_standard lists `{place}` twice"
                    )
                }));
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
                .map(|d| (crate::tables::name_text(d.get_ref()), at(d.span())))
                .collect(),
            keep_standard: t
                .keep_standard
                .iter()
                .map(|d| (crate::tables::name_text(d.get_ref()), at(d.span())))
                .collect(),
            villages_share_in_especially_difficult: villages_share,
            enforce: t.enforce,
            communes_advanced: count(&t.communes_advanced, "targets.communes_advanced")?,
        };
        let objective_order = match &raw.objective.order {
            None => None,
            Some(order) => Some(objective_order(order, &at)?),
        };

        let mut solver = SolverSettings::default();
        if let Some(v) = &raw.solver.time_limit_seconds {
            let x = *v.get_ref();
            if !x.is_finite() || x <= 0.0 {
                return Err(InputError::new(
                    at(v.span()),
                    crate::text!(
                        "solver.time_limit_seconds phải lớn hơn 0, không phải {x}",
                        "solver.time_limit_seconds must be greater than 0, not {x}"
                    ),
                ));
            }
            solver.time_limit_seconds = x;
        }
        if let Some(v) = &raw.solver.relative_gap {
            let x = *v.get_ref();
            if !(0.0..1.0).contains(&x) {
                return Err(InputError::new(
                    at(v.span()),
                    crate::text!(
                        "solver.relative_gap phải từ 0 và nhỏ hơn 1, không phải {x}",
                        "solver.relative_gap must be at least 0 and below 1, not {x}"
                    ),
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
                        crate::text!(
                            "solver.threads phải từ 1 đến 256, không phải {x}",
                            "solver.threads must be from 1 to 256, not {x}"
                        ),
                    )
                })?;
        }

        // Text that reaches the console and the reports: no control
        // characters (an escape sequence, a line end in a name).
        let name_span = text.find("name").map_or(0..0, |start| start..start + 4);
        if raw.name.chars().any(char::is_control) {
            return Err(InputError::new(
                at(name_span),
                crate::text!(
                    "`name` chứa ký tự điều khiển; hãy xóa nó",
                    "`name` holds a control character; remove it"
                ),
            ));
        }
        for d in t.districts_meeting_standard.iter().chain(&t.keep_standard) {
            if d.get_ref().chars().any(char::is_control) {
                return Err(InputError::new(
                    at(d.span()),
                    crate::text!(
                        "tên chứa ký tự điều khiển; hãy xóa nó",
                        "the name holds a control character; remove it"
                    ),
                ));
            }
        }
        let base = path.parent().unwrap_or(Path::new("."));
        let language = match &raw.language {
            None => Lang::default(),
            Some(code) => code.get_ref().parse().map_err(|why: String| {
                let text = code.get_ref();
                InputError::new(
                    at(code.span()),
                    Text::both(
                        format!("không có ngôn ngữ `{text}`: dùng `vi` (tiếng Việt) hoặc `en` (tiếng Anh)"),
                        why,
                    ),
                )
            })?,
        };
        let payments = match &raw.payments.rule {
            None => PaymentRule::default(),
            Some(rule) => rule.get_ref().parse().map_err(|why: String| {
                let text = rule.get_ref();
                InputError::new(
                    at(rule.span()),
                    Text::both(
                        format!(
                            "payments.rule phải là carry_over, yearly hoặc one_year, không phải `{text}`"
                        ),
                        why,
                    ),
                )
            })?,
        };
        let number_format = match &raw.number_format {
            None => NumberFormat::default(),
            Some(code) => code.get_ref().parse().map_err(|why: String| {
                let text = code.get_ref();
                InputError::new(
                    at(code.span()),
                    Text::both(
                        format!(
                            "không có number_format `{text}`: dùng `vi` (1.234,5: dấu chấm phân \
                             cách hàng nghìn, dấu phẩy thập phân) hoặc `en` (1234.5)"
                        ),
                        why,
                    ),
                )
            })?,
        };
        if let Some(agency) = &raw.report.agency
            && agency.chars().any(char::is_control)
        {
            let span = text.find("agency").map_or(0..0, |start| start..start + 6);
            return Err(InputError::new(
                at(span),
                crate::text!(
                    "`report.agency` chứa ký tự điều khiển; hãy xóa nó",
                    "`report.agency` holds a control character; remove it"
                ),
            ));
        }
        Ok(Scenario {
            agency: raw
                .report
                .agency
                .as_deref()
                .map(crate::tables::name_text)
                .filter(|a| !a.is_empty()),
            payments,
            language,
            number_format,
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
            overrides: in_effect,
            sweep: sweep_table(&raw.sweep, &at)?,
            objective_order,
            advanced_data: false,
            projects: ProjectSettings {
                allow_pause: raw.projects.allow_pause,
            },
        })
    }

    pub fn horizon(&self) -> i32 {
        *self.years.last().expect("a scenario has at least one year")
    }
}

/// A `--set KEY=VALUE` override of one scenario key: KEY is a dotted path
/// (`adjust.cost`, `adjust.sources.central_ntm`, `targets.enforce`, `years`),
/// VALUE a number, `true`/`false`, or a list (`a,b,c` or TOML array syntax).
/// Parsing checks only the `KEY=VALUE` shape; the key and the type of the
/// value are checked when the override is applied to a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub key: String,
    pub value: String,
}

impl FromStr for Override {
    type Err = String;

    fn from_str(s: &str) -> Result<Override, String> {
        const SHAPE: &str = "expected KEY=VALUE, e.g. adjust.cost=1.15";
        let Some((key, value)) = s.split_once('=') else {
            return Err(format!("no `=` in `{s}`: {SHAPE}"));
        };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() {
            return Err(format!("the key is empty in `{s}`: {SHAPE}"));
        }
        if value.is_empty() {
            return Err(format!("the value is empty in `{s}`: {SHAPE}"));
        }
        Ok(Override {
            key: key.to_string(),
            value: value.to_string(),
        })
    }
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

impl Override {
    /// Where errors in this override's value are reported: the argument
    /// itself, as `--set KEY=VALUE` (shown in place of a file name).
    pub fn location(&self) -> Location {
        Location::file(Path::new(&format!("--set {self}")))
    }
}

/// What a key settable with `--set` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    /// An integer is accepted too (`1` for `1.0`), as in the file.
    Float,
    Bool,
    Integers,
    Names,
    /// One word of a fixed set (`payments.rule`), checked when the scenario
    /// is read.
    Word,
}

/// The language a scenario's errors are shown in: its `language` key when
/// the text says `vi`, even when the rest of the file cannot be read.
fn language_hint(text: &str) -> Lang {
    let said_vi = text.lines().any(|line| {
        let line = line.split('#').next().unwrap_or("");
        line.split_once('=').is_some_and(|(key, value)| {
            key.trim() == "language" && value.trim().trim_matches(['"', '\'']) == "vi"
        })
    });
    if said_vi { Lang::Vi } else { Lang::En }
}

/// The keys `--set` takes, with what they hold; `adjust.sources.<id>` too.
const SETTABLE: [(&str, Kind); 18] = [
    ("payments.rule", Kind::Word),
    ("years", Kind::Integers),
    ("land_revenue.min_share", Kind::Float),
    ("land_revenue.max_share", Kind::Float),
    ("targets.communes_meeting_standard", Kind::Integer),
    ("targets.average_criteria", Kind::Float),
    ("targets.min_criteria_per_commune", Kind::Integer),
    ("targets.districts_meeting_standard", Kind::Names),
    ("targets.keep_standard", Kind::Names),
    (
        "targets.villages_share_in_especially_difficult",
        Kind::Float,
    ),
    ("targets.enforce", Kind::Bool),
    ("adjust.cost", Kind::Float),
    ("adjust.land_revenue", Kind::Float),
    ("solver.time_limit_seconds", Kind::Float),
    ("solver.relative_gap", Kind::Float),
    ("solver.threads", Kind::Integer),
    ("targets.communes_advanced", Kind::Integer),
    ("projects.allow_pause", Kind::Bool),
];

const SOURCES_PREFIX: &str = "adjust.sources.";

/// The path of an override's key in the document, and what it holds.
fn settable(key: &str) -> Result<(Vec<&str>, Kind), Text> {
    if let Some(id) = key.strip_prefix(SOURCES_PREFIX) {
        // The source id is taken verbatim, dots and all.
        if !id.is_empty() {
            return Ok((vec!["adjust", "sources", id], Kind::Float));
        }
    }
    if let Some((_, kind)) = SETTABLE.iter().find(|(k, _)| *k == key) {
        return Ok((key.split('.').collect(), *kind));
    }
    let keys = SETTABLE
        .iter()
        .map(|(k, _)| *k)
        .collect::<Vec<&str>>()
        .join(", ");
    Err(match key {
        "name" | "data" => crate::text!(
            "`{key}` là văn bản, không phải số, đúng/sai hay danh sách; hãy sửa trong tệp kịch bản",
            "`{key}` is text, not a number, boolean or list; change it in the scenario file"
        ),
        "adjust.sources" | "adjust.sources." => crate::text!(
            "hãy ghi tên nguồn vốn: adjust.sources.<mã nguồn vốn>, ví dụ adjust.sources.central=0.8",
            "name a source: adjust.sources.<source id>, e.g. adjust.sources.central=0.8"
        ),
        "land_revenue" | "targets" | "adjust" | "solver" | "payments" | "projects" => crate::text!(
            "`{key}` là một bảng, không phải một khóa; --set nhận {keys}, adjust.sources.<mã nguồn vốn>",
            "`{key}` is a table, not a key; --set takes {keys}, adjust.sources.<source id>"
        ),
        _ => crate::text!(
            "không có khóa `{key}`; --set nhận {keys}, adjust.sources.<mã nguồn vốn>",
            "unknown key `{key}`; --set takes {keys}, adjust.sources.<source id>"
        ),
    })
}

/// The value of an override as the TOML value its key expects; it borrows
/// from the override.
fn convert(o: &Override, kind: Kind) -> Result<DeValue<'_>, Text> {
    let text = o.value.as_str();
    let parsed = DeValue::parse(text).ok().map(Spanned::into_inner);
    let is_integer = |v: &DeValue<'_>| matches!(v, DeValue::Integer(_));
    let key = &o.key;
    match kind {
        Kind::Integer => match parsed {
            Some(v) if is_integer(&v) => Ok(v),
            _ => Err(crate::text!(
                "{key} nhận một số nguyên, không phải `{text}`",
                "{key} takes a whole number, not `{text}`"
            )),
        },
        Kind::Float => match parsed {
            Some(v @ (DeValue::Integer(_) | DeValue::Float(_))) => Ok(v),
            _ => Err(crate::text!(
                "{key} nhận một số, không phải `{text}`",
                "{key} takes a number, not `{text}`"
            )),
        },
        Kind::Word => match parsed {
            Some(v @ DeValue::String(_)) => Ok(v),
            _ if text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                Ok(DeValue::String(Cow::Borrowed(text)))
            }
            _ => Err(crate::text!(
                "{key} nhận một từ, không phải `{text}`",
                "{key} takes a word, not `{text}`"
            )),
        },
        Kind::Bool => match parsed {
            Some(v @ DeValue::Boolean(_)) => Ok(v),
            _ => Err(crate::text!(
                "{key} nhận true hoặc false, không phải `{text}`",
                "{key} takes true or false, not `{text}`"
            )),
        },
        Kind::Integers | Kind::Names => {
            let (vi, en) = if kind == Kind::Integers {
                (
                    "số nguyên (`2024,2025` hoặc `[2024, 2025]`)",
                    "whole numbers (`2024,2025` or `[2024, 2025]`)",
                )
            } else {
                (
                    "tên (`Alpha,Beta` hoặc `[\"Alpha\", \"Beta\"]`)",
                    "names (`Alpha,Beta` or `[\"Alpha\", \"Beta\"]`)",
                )
            };
            let bad = || {
                crate::text!(
                    "{key} nhận một danh sách {vi}, không phải `{text}`",
                    "{key} takes a list of {en}, not `{text}`"
                )
            };
            let fits = |v: &DeValue<'_>| match kind {
                Kind::Integers => is_integer(v),
                _ => matches!(v, DeValue::String(_)),
            };
            if text.starts_with('[') {
                return match parsed {
                    Some(DeValue::Array(items)) if items.iter().all(|i| fits(i.get_ref())) => {
                        Ok(DeValue::Array(items))
                    }
                    _ => Err(bad()),
                };
            }
            let mut items = DeArray::new();
            for element in text.split(',').map(str::trim) {
                let value = if kind == Kind::Names && !element.starts_with('"') {
                    // A bare name: the text itself.
                    Some(DeValue::String(Cow::Borrowed(element)))
                } else {
                    DeValue::parse(element).ok().map(Spanned::into_inner)
                };
                match value {
                    Some(v) if !element.is_empty() && fits(&v) => items.push(Spanned::new(0..0, v)),
                    _ => return Err(bad()),
                }
            }
            Ok(DeValue::Array(items))
        }
    }
}

/// Give a value (and what it holds) the span `span`.
fn respan<'a>(value: DeValue<'a>, span: &Range<usize>) -> Spanned<DeValue<'a>> {
    let value = match value {
        DeValue::Array(items) => {
            let mut out = DeArray::new();
            for item in items.iter() {
                out.push(respan(item.get_ref().clone(), span));
            }
            DeValue::Array(out)
        }
        other => other,
    };
    Spanned::new(span.clone(), value)
}

/// Put `value` at `path` in `root`, creating the tables on the way with the
/// span `span`. A file value in the way that is not a table is left alone:
/// deserializing reports it where it is written.
fn set_path<'a>(root: &mut DeTable<'a>, path: &[&'a str], value: DeValue<'a>, span: &Range<usize>) {
    let Some((leaf, parents)) = path.split_last() else {
        return;
    };
    let mut table = root;
    for name in parents {
        let entry = table
            .entry(Spanned::new(span.clone(), Cow::Borrowed(*name)))
            .or_insert_with(|| Spanned::new(span.clone(), DeValue::Table(DeTable::new())));
        match entry.get_mut() {
            DeValue::Table(t) => table = t,
            _ => return,
        }
    }
    let value = respan(value, span);
    match table.get_mut(*leaf) {
        // The key stays where the file wrote it; the value is the override's.
        Some(existing) => *existing = value,
        None => {
            table.insert(Spanned::new(span.clone(), Cow::Borrowed(*leaf)), value);
        }
    }
}

/// The `[sweep]` table with each value list turned into `a,b,c` text.
fn sweep_table(
    raw: &RawSweep,
    at: &dyn Fn(std::ops::Range<usize>) -> Location,
) -> Result<SweepTable, InputError> {
    let mut vary = Vec::new();
    for (key, value) in &raw.vary {
        let text = match value.get_ref() {
            toml::Value::String(range) => range.clone(),
            toml::Value::Array(items) if !items.is_empty() => {
                let mut parts = Vec::with_capacity(items.len());
                for item in items {
                    parts.push(match item {
                        toml::Value::Integer(i) => i.to_string(),
                        toml::Value::Float(x) => format!("{x:?}"), // keeps 1.0 as 1.0
                        toml::Value::Boolean(b) => b.to_string(),
                        toml::Value::String(t) => t.clone(),
                        _ => {
                            return Err(InputError::new(
                                at(value.span()),
                                format!(
                                    "sweep.vary.{}: values must be numbers, booleans or text",
                                    key.get_ref()
                                ),
                            ));
                        }
                    });
                }
                parts.join(",")
            }
            _ => {
                return Err(InputError::new(
                    at(value.span()),
                    format!(
                        "sweep.vary.{}: give a list of values or a range \"from:to:step\"",
                        key.get_ref()
                    ),
                ));
            }
        };
        vary.push((key.get_ref().clone(), text, at(key.span())));
    }
    Ok(SweepTable { zip: raw.zip, vary })
}

/// `[objective] order`: every tier named once, money last (a money tier
/// before a count would plan nothing: spending nothing is cheapest).
fn objective_order(
    order: &Spanned<Vec<Spanned<String>>>,
    at: &dyn Fn(std::ops::Range<usize>) -> Location,
) -> Result<Vec<Tier>, InputError> {
    let known = Tier::DEFAULT
        .iter()
        .map(|t| format!("`{}`", t.id()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut tiers: Vec<Tier> = Vec::new();
    for word in order.get_ref() {
        let text = word.get_ref().trim();
        let Some(tier) = Tier::DEFAULT.into_iter().find(|t| t.id() == text) else {
            return Err(InputError::new(
                at(word.span()),
                crate::text!(
                    "objective.order: không có bậc `{text}`; các bậc là {known}",
                    "objective.order: unknown tier `{text}`; the tiers are {known}"
                ),
            ));
        };
        if tiers.contains(&tier) {
            return Err(InputError::new(
                at(word.span()),
                crate::text!(
                    "objective.order ghi `{text}` hai lần",
                    "objective.order lists `{text}` twice"
                ),
            ));
        }
        tiers.push(tier);
    }
    // `villages` came later than the others: an order without it keeps
    // the villages just before the criteria.
    if !tiers.contains(&Tier::Villages)
        && let Some(criteria) = tiers.iter().position(|t| *t == Tier::Criteria)
    {
        tiers.insert(criteria, Tier::Villages);
    }
    if tiers.len() != Tier::DEFAULT.len() || tiers.last() != Some(&Tier::Money) {
        return Err(InputError::new(
            at(order.span()),
            crate::text!(
                "objective.order phải ghi mỗi bậc {known} đúng một lần, `money` sau cùng",
                "objective.order must list each of {known} once, with `money` last"
            ),
        ));
    }
    Ok(tiers)
}
