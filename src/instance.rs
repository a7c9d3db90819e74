//! The validated, indexed planning data.
//!
//! Everything the tables say is checked here, across tables, once; after
//! that the rest of the crate works with typed indices and never looks up a
//! name again. An `Instance` is read-only and can be shared by many solves.

use crate::columns;
use crate::data::Data;
use std::collections::{BTreeMap, HashMap};

use crate::criteria::{ADVANCED_318, DECISION_318};
use crate::error::{InputError, Location, Text};
use crate::lang::Lang;
use crate::money::Money;
use crate::names::Catalogue;
use crate::scenario::Scenario;
use crate::tables::{Reading, Row, Table};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);
    };
}

id_type!(
    /// Index into `Instance::communes`.
    CommuneId
);
id_type!(
    /// Index into `Instance::criteria`.
    CriterionId
);
id_type!(
    /// Index into `Instance::districts`.
    DistrictId
);
id_type!(
    /// Index into `Instance::sources`.
    SourceId
);
id_type!(
    /// Index into `Instance::pools`.
    PoolId
);
id_type!(
    /// Index into `Instance::gaps`.
    GapId
);
id_type!(
    /// Index into `Instance::villages`.
    VillageId
);

/// The source id under which the districts' land-use revenue appears in
/// `eligibility.csv` and in plans.
pub const LAND_REVENUE: &str = "land_revenue";

#[derive(Debug, Clone)]
pub struct Criterion {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
}

#[derive(Debug, Clone)]
pub struct District {
    pub name: String,
    pub communes: Vec<CommuneId>,
}

#[derive(Debug, Clone)]
pub struct Commune {
    pub id: String,
    pub name: String,
    pub district: DistrictId,
    pub especially_difficult: bool,
    pub weight: f64,
    /// What this commune needs paid to meet each criterion at the horizon,
    /// in catalogue order: the criteria it has not met (`Purpose::New`) and
    /// those it meets today but will lose unless maintained
    /// (`Purpose::Maintenance`).
    pub gaps: Vec<GapId>,
    /// The advanced-level criteria it lacks (`advanced_gaps.csv`,
    /// `Purpose::Advanced`), in catalogue order. A commune listed there is
    /// assessed for the advanced standard; they do not count towards its
    /// criteria met nor its standard.
    pub advanced: Vec<GapId>,
}

/// A village (thôn, bản) of a commune, rated on the province's village
/// criteria (`villages.csv`, `village_gaps.csv`).
#[derive(Debug, Clone)]
pub struct Village {
    pub id: String,
    pub name: String,
    pub commune: CommuneId,
    /// The village criteria it lacks, in catalogue order
    /// (`Purpose::Village`); none when it meets its standard today.
    pub gaps: Vec<GapId>,
}

/// Why a gap needs money: to meet a criterion the commune has not met, or
/// to keep one it meets today but would lose by the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Purpose {
    /// From `gaps.csv`: not met today.
    New,
    /// From `at_risk.csv`: met today, lost at the horizon unless paid.
    Maintenance,
    /// From `advanced_gaps.csv`: a criterion of the advanced level
    /// (nông thôn mới nâng cao), not a commune criterion.
    Advanced,
    /// From `village_gaps.csv`: a village criterion a village lacks; it
    /// counts towards the village's standard, not the commune's.
    Village,
}

/// Whose standard a gap counts towards: the kinds are kept apart wherever
/// gaps are counted (criteria met, the dominance chains).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GapKind {
    /// A commune criterion (new or maintenance): counts towards the
    /// commune's criteria met and its standard.
    Commune,
    /// An advanced criterion: counts towards the advanced standard only.
    Advanced,
    /// A village criterion: counts towards its village's standard only.
    Village,
}

impl Purpose {
    /// The word `plan.csv` writes.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::New => "new",
            Purpose::Maintenance => "maintenance",
            Purpose::Advanced => "advanced",
            Purpose::Village => "village",
        }
    }

    pub fn kind(self) -> GapKind {
        match self {
            Purpose::New | Purpose::Maintenance => GapKind::Commune,
            Purpose::Advanced => GapKind::Advanced,
            Purpose::Village => GapKind::Village,
        }
    }
}

/// A criterion a commune will not meet at the horizon unless paid for, and
/// what that costs. To the model a maintenance gap is like any other: only
/// the reports, which count criteria met today, tell the two apart.
#[derive(Debug, Clone)]
pub struct Gap {
    pub commune: CommuneId,
    pub criterion: CriterionId,
    pub cost: Money,
    pub earliest_year: i32,
    pub purpose: Purpose,
    /// The village whose criterion this is (`Purpose::Village`); None for
    /// a commune's criterion. `commune` is then the village's commune,
    /// whose budget lines may pay.
    pub village: Option<VillageId>,
}

impl Gap {
    pub fn kind(&self) -> GapKind {
        self.purpose.kind()
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub name: String,
    /// Which criteria it may pay for, indexed by `CriterionId`.
    pub eligible: Vec<bool>,
}

impl Source {
    pub fn is_land_revenue(&self) -> bool {
        self.id == LAND_REVENUE
    }
}

/// Whether a pool holds programme money or a district's land-use revenue;
/// the two are scaled and reported differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolKind {
    Programme,
    LandRevenue,
    /// Money not in the budget, added by `ntm gap` to find how much more
    /// the targets need; `amount` is what it may hold, taken as is.
    Topup,
}

/// One budget line: money of one source in one year, usable in one district
/// or the whole province, perhaps only in especially difficult communes.
/// For land revenue, `amount` is the district's forecast revenue, of which
/// the scenario's shares decide how much may be spent.
#[derive(Debug, Clone)]
pub struct Pool {
    pub source: SourceId,
    pub year: i32,
    pub district: Option<DistrictId>,
    pub only_especially_difficult: bool,
    pub amount: Money,
    pub kind: PoolKind,
    /// The pool's line in its table (`sources.csv` or `land_revenue.csv`);
    /// 0 for a top-up pool, which no table holds.
    pub row: usize,
}

/// A budget line across the years: one source and one scope. Under
/// `payments.rule = "carry_over"` a line's money unspent in a year stays
/// available to it in later years.
pub type LineKey = (SourceId, Option<DistrictId>, bool);

impl Pool {
    pub fn line(&self) -> LineKey {
        (self.source, self.district, self.only_especially_difficult)
    }

    /// Whether money from this pool may be spent in `commune`.
    pub fn usable_in(&self, commune: &Commune) -> bool {
        self.district.is_none_or(|d| d == commune.district)
            && (!self.only_especially_difficult || commune.especially_difficult)
    }
}

#[derive(Debug, Clone)]
pub struct Instance {
    pub criteria: Vec<Criterion>,
    pub districts: Vec<District>,
    pub communes: Vec<Commune>,
    pub gaps: Vec<Gap>,
    pub sources: Vec<Source>,
    /// Only pools of the planning years, sorted by (year, source, district).
    pub pools: Vec<Pool>,
    pub years: Vec<i32>,
    /// How many of `criteria` (the first ones) are commune criteria; the
    /// other catalogues (advanced, then village criteria) follow them.
    pub commune_criteria: usize,
    /// The indices in `criteria` of the advanced catalogue: empty unless
    /// the data have `advanced_gaps.csv`.
    pub advanced_criteria: std::ops::Range<usize>,
    /// The indices in `criteria` of the village criteria
    /// (`village_criteria.csv`): empty without villages.
    pub village_criteria: std::ops::Range<usize>,
    /// `villages.csv`, in its order; empty without it.
    pub villages: Vec<Village>,
    /// Things that are allowed but probably not meant, with their places.
    /// What the data hold that is allowed but likely not meant, for the
    /// console, in both languages.
    pub warnings: Vec<Text>,
    /// The public-investment projects of `projects.csv` in the planning
    /// years, in file order (empty without the table).
    pub projects: Vec<crate::projects::Project>,
}

impl Instance {
    pub fn horizon(&self) -> i32 {
        *self.years.last().expect("a scenario has at least one year")
    }

    /// Criteria the commune meets today (at-risk ones included).
    pub fn criteria_met_today(&self, commune: CommuneId) -> usize {
        self.commune_criteria - self.gaps_of(commune, Purpose::New)
    }

    /// Criteria the commune will still meet at the horizon if nothing is
    /// paid: today's, less those at risk.
    pub fn criteria_secure(&self, commune: CommuneId) -> usize {
        self.commune_criteria - self.communes[commune.0].gaps.len()
    }

    /// Whether the data have advanced gaps (`advanced_gaps.csv`).
    pub fn has_advanced(&self) -> bool {
        self.communes.iter().any(|c| !c.advanced.is_empty())
    }

    /// Whether commune `c` is assessed for the advanced standard: it has
    /// rows in `advanced_gaps.csv`.
    pub fn assessed_advanced(&self, commune: CommuneId) -> bool {
        !self.communes[commune.0].advanced.is_empty()
    }

    /// How many of the commune's gaps are for `purpose`.
    pub fn gaps_of(&self, commune: CommuneId, purpose: Purpose) -> usize {
        self.communes[commune.0]
            .gaps
            .iter()
            .filter(|g| self.gaps[g.0].purpose == purpose)
            .count()
    }

    /// The villages of especially difficult communes, whose share at the
    /// standard is the directive's village target.
    pub fn target_villages(&self) -> impl Iterator<Item = VillageId> + '_ {
        self.villages
            .iter()
            .enumerate()
            .filter(|(_, v)| self.communes[v.commune.0].especially_difficult)
            .map(|(i, _)| VillageId(i))
    }

    /// Where a gap is, as a reader names it: its commune, or its village
    /// and the village's commune.
    pub fn place_name(&self, gap: GapId) -> String {
        let gap = &self.gaps[gap.0];
        let commune = &self.communes[gap.commune.0].name;
        match gap.village {
            Some(v) => format!("{} – {commune}", self.villages[v.0].name),
            None => commune.clone(),
        }
    }

    pub fn district_of(&self, commune: CommuneId) -> &District {
        &self.districts[self.communes[commune.0].district.0]
    }

    pub fn source_id(&self, id: &str) -> Option<SourceId> {
        self.sources.iter().position(|s| s.id == id).map(SourceId)
    }

    /// Check the parts of a scenario that refer to the data: target
    /// districts, `adjust.sources` keys, and that the money after the
    /// what-if factors still sums exactly. A sweep calls this for every
    /// variant against the one instance it loaded.
    pub fn check_scenario(&self, scenario: &Scenario) -> Result<(), InputError> {
        if scenario.years != self.years {
            return Err(InputError::new(
                Location::file(&scenario.path),
                crate::text!(
                    "`years` khác với các năm dữ liệu đã được đọc",
                    "`years` differs from the years the data were loaded for"
                ),
            ));
        }
        let lang = scenario.language;
        let districts = Catalogue::districts(&self.districts, lang);
        let mut targeted: HashMap<usize, &str> = HashMap::new();
        for (name, location) in &scenario.targets.districts_meeting_standard {
            let d = districts.resolve(name).map_err(|_| {
                let message = match districts.errors(name) {
                    Some((vi, _)) if vi.ambiguous => districts.error_text(name),
                    Some((vi, en)) => Text::both(
                        format!(
                            "huyện mục tiêu `{name}` không có trong communes.csv{}",
                            vi.detail
                        ),
                        format!(
                            "target district `{name}` is not a district in communes.csv{}",
                            en.detail
                        ),
                    ),
                    None => districts.error_text(name),
                };
                InputError::new(location.clone(), message)
            })?;
            // Two spellings of one district would require it twice.
            if let Some(first) = targeted.insert(d, name) {
                let district = &self.districts[d].name;
                return Err(InputError::new(
                    location.clone(),
                    crate::text!(
                        "targets.districts_meeting_standard ghi huyện `{district}` hai lần \
                         (`{first}` và `{name}`)",
                        "targets.districts_meeting_standard lists `{district}` twice \
                         (as `{first}` and `{name}`)"
                    ),
                ));
            }
        }
        let communes = Catalogue::communes(&self.communes, &self.districts, lang);
        let mut kept: HashMap<(bool, usize), &str> = HashMap::new();
        for (name, location) in &scenario.targets.keep_standard {
            let commune = || communes.resolve(name);
            let place = match districts.find(name).ok_or_else(commune) {
                Ok(d) => (true, d),
                Err(Ok(c)) => (false, c),
                Err(Err(e)) if e.ambiguous => {
                    return Err(InputError::new(location.clone(), communes.error_text(name)));
                }
                Err(Err(_)) => {
                    // A near district (a missing accent in `Thành phố Lai
                    // Châu`) is the likelier meaning than some commune.
                    let nearest = if districts.hint(name).is_some() {
                        districts.errors(name)
                    } else {
                        communes.errors(name)
                    };
                    let (vi, en) = nearest.expect("the name names no district or commune");
                    return Err(InputError::new(
                        location.clone(),
                        Text::both(
                            format!(
                                "targets.keep_standard ghi `{name}`, không phải huyện hay xã \
                                 trong communes.csv{}",
                                vi.detail
                            ),
                            format!(
                                "targets.keep_standard names `{name}`, which is neither a \
                                 district nor a commune in communes.csv{}",
                                en.detail
                            ),
                        ),
                    ));
                }
            };
            // Two spellings of one place would name it twice.
            if let Some(first) = kept.insert(place, name) {
                let place = if place.0 {
                    self.districts[place.1].name.clone()
                } else {
                    self.communes[place.1].name.clone()
                };
                return Err(InputError::new(
                    location.clone(),
                    crate::text!(
                        "targets.keep_standard ghi `{place}` hai lần (`{first}` và `{name}`)",
                        "targets.keep_standard lists `{place}` twice (as `{first}` and `{name}`)"
                    ),
                ));
            }
        }
        for (id, _, location) in &scenario.adjust.sources {
            if id == LAND_REVENUE {
                return Err(InputError::new(
                    location.clone(),
                    crate::text!(
                        "thu tiền sử dụng đất được điều chỉnh bằng adjust.land_revenue, không phải adjust.sources",
                        "land-use revenue is scaled by adjust.land_revenue, not adjust.sources"
                    ),
                ));
            }
            if !self
                .sources
                .iter()
                .any(|s| &s.id == id && !s.is_land_revenue())
            {
                // Keys stay ids (sweeps, curves and reports name the factor
                // by them), but a name is pointed to its id.
                let sources = Catalogue::sources(&self.sources, Lang::En);
                let hint = match sources.resolve(id) {
                    Ok(s) => format!("; its id is `{}`", sources.entries()[s].id),
                    Err(_) => sources
                        .hint(id)
                        .map(|h| h.words(Lang::En))
                        .unwrap_or_default(),
                };
                return Err(InputError::new(
                    location.clone(),
                    crate::text!(
                        "adjust.sources ghi `{id}`, không phải nguồn vốn trong sources.csv{hint}",
                        "adjust.sources names `{id}`, which is not a source in sources.csv{hint}"
                    ),
                ));
            }
        }
        crate::projects::check_lines(self, scenario)?;
        let adjust = &scenario.adjust;
        let gaps: f64 = self
            .gaps
            .iter()
            .map(|g| g.cost.millions() * adjust.cost)
            .sum();
        let pools: f64 = self
            .pools
            .iter()
            .map(|p| {
                let factor = match p.kind {
                    PoolKind::Programme => adjust.source_factor(&self.sources[p.source.0].id),
                    PoolKind::LandRevenue => adjust.land_revenue,
                    PoolKind::Topup => 1.0,
                };
                p.amount.millions() * factor
            })
            .sum();
        if gaps.max(pools) > MAX_TABLE_TOTAL_MILLIONS {
            return Err(InputError::new(
                Location::file(&scenario.path),
                crate::text!(
                    "với các hệ số [adjust] này, tổng số tiền vượt 1.000.000.000.000 triệu đồng",
                    "with these [adjust] factors the money adds up to more than 1,000,000,000,000 million VND"
                ),
            ));
        }
        Ok(())
    }

    /// The scenario with the target districts it names spelled as
    /// `communes.csv` spells them, so that the model and the evaluator,
    /// which look districts up by name, find them. Call after
    /// [`Instance::check_scenario`]; a name that resolves to nothing is left
    /// for that check to refuse.
    pub fn settle_names(&self, scenario: &mut Scenario) {
        scenario.advanced_data = self.has_advanced();
        let districts = Catalogue::districts(&self.districts, scenario.language);
        for (name, _) in &mut scenario.targets.districts_meeting_standard {
            if let Some(d) = districts.find(name) {
                name.clone_from(&self.districts[d].name);
            }
        }
        // A place to keep at the standard becomes its district's name or
        // its commune's id, which `kept_communes` reads back.
        let communes = Catalogue::communes(&self.communes, &self.districts, scenario.language);
        for (name, _) in &mut scenario.targets.keep_standard {
            if let Some(d) = districts.find(name) {
                name.clone_from(&self.districts[d].name);
            } else if let Some(c) = communes.find(name) {
                // Its name reads better in the reports; its id when another
                // commune or a district shares the name.
                let commune = &self.communes[c];
                let shared = self.districts.iter().any(|d| d.name == commune.name)
                    || self
                        .communes
                        .iter()
                        .filter(|o| o.name == commune.name || o.id == commune.name)
                        .count()
                        > 1;
                name.clone_from(if shared { &commune.id } else { &commune.name });
            }
        }
    }

    /// The communes `targets.keep_standard` names, each once, in the order
    /// of `communes.csv`: every commune of a district named, and each
    /// commune named. Reads the spellings `settle_names` leaves: a
    /// district's name, else a commune's id, else a commune's name.
    pub fn kept_communes(&self, scenario: &Scenario) -> Vec<CommuneId> {
        let mut kept = vec![false; self.communes.len()];
        for (name, _) in &scenario.targets.keep_standard {
            if let Some(d) = self.districts.iter().find(|d| &d.name == name) {
                for c in &d.communes {
                    kept[c.0] = true;
                }
            } else if let Some(c) = self.communes.iter().position(|c| &c.id == name) {
                kept[c] = true;
            } else if let Some(c) = self.communes.iter().position(|c| &c.name == name) {
                kept[c] = true;
            }
        }
        (0..self.communes.len())
            .filter(|c| kept[*c])
            .map(CommuneId)
            .collect()
    }

    /// Read and check every table the scenario names.
    pub fn load(scenario: &Scenario) -> Result<Instance, InputError> {
        Instance::load_checked(scenario).map_err(|e| e.in_lang(scenario.language))
    }

    fn load_checked(scenario: &Scenario) -> Result<Instance, InputError> {
        let data = Data::open(&scenario.data_dir)?;
        let mut warnings = Vec::new();
        let reading = Reading {
            number_format: scenario.number_format,
            lang: scenario.language,
            delimiter: None,
        };

        let mut criteria = read_criteria(&data, reading)?;
        let commune_criteria = criteria.len();
        let criterion_index = Catalogue::criteria(&criteria, reading.lang);

        let (districts, mut communes) = read_communes(&data, reading)?;
        let commune_index = Catalogue::communes(&communes, &districts, reading.lang);
        let district_index = Catalogue::districts(&districts, reading.lang);

        let mut gaps = read_gaps(
            &data,
            scenario,
            reading,
            &commune_index,
            &criterion_index,
            &mut warnings,
        )?;
        if data.has(columns::AT_RISK)? {
            let at_risk = read_at_risk(
                &data,
                scenario,
                reading,
                &commune_index,
                &criterion_index,
                &gaps,
            )?;
            gaps.extend(at_risk);
        }
        // The advanced level: its catalogue follows the commune criteria,
        // its gaps follow the others.
        let mut advanced_criteria = commune_criteria..commune_criteria;
        if data.has(columns::ADVANCED_GAPS)? {
            let catalogue = read_advanced_criteria(&data, reading, &criteria)?;
            criteria.extend(catalogue);
            advanced_criteria = commune_criteria..criteria.len();
            let advanced_index =
                Catalogue::criteria(&criteria[advanced_criteria.clone()], reading.lang);
            let advanced = read_advanced_gaps(
                &data,
                scenario,
                reading,
                &commune_index,
                &criterion_index,
                &advanced_index,
                commune_criteria,
                &mut warnings,
            )?;
            gaps.extend(advanced);
        } else if data.has(columns::ADVANCED_CRITERIA)? {
            let file = columns::ADVANCED_CRITERIA.file_name();
            warnings.push(crate::text!(
                "{file}: không có advanced_gaps.csv nên danh mục tiêu chí nâng cao không được dùng",
                "{file}: there is no advanced_gaps.csv, so the advanced catalogue is not used"
            ));
        }
        // The villages: their catalogue follows the others, their gaps too
        // (`villages.rs`).
        let before_villages = criteria.len();
        let mut village_criteria = before_villages..before_villages;
        let mut villages = Vec::new();
        if let Some(read) = crate::villages::read(
            &data,
            scenario,
            reading,
            &criteria,
            &commune_index,
            &mut warnings,
        )? {
            criteria.extend(read.criteria);
            village_criteria = before_villages..criteria.len();
            villages = read.villages;
            let first = gaps.len();
            for (g, mut gap) in read.gaps.into_iter().enumerate() {
                gap.criterion = CriterionId(gap.criterion.0 + before_villages);
                let v = gap.village.expect("a village gap names its village");
                villages[v.0].gaps.push(GapId(first + g));
                gaps.push(gap);
            }
        }
        // Every criterion, of every catalogue, for eligibility.csv.
        let criterion_index = Catalogue::criteria(&criteria, reading.lang);
        for (i, gap) in gaps.iter().enumerate() {
            match gap.kind() {
                GapKind::Commune => communes[gap.commune.0].gaps.push(GapId(i)),
                GapKind::Advanced => communes[gap.commune.0].advanced.push(GapId(i)),
                GapKind::Village => {}
            }
        }
        for commune in &mut communes {
            commune.gaps.sort_by_key(|g| gaps[g.0].criterion);
            commune.advanced.sort_by_key(|g| gaps[g.0].criterion);
        }

        let source_table =
            data.table(columns::SOURCES, &columns::SOURCES.schema(), reading, false)?;
        let mut sources: Vec<Source> = Vec::new();
        let mut source_lines: Vec<(String, Location)> = Vec::new();
        let mut source_index: HashMap<String, SourceId> = HashMap::new();
        for row in source_table.rows() {
            let id = row.text("source_id")?;
            if id == LAND_REVENUE {
                return Err(row.error(
                    "source_id",
                    crate::text!(
                        "`land_revenue` là thu tiền sử dụng đất của huyện; hãy ghi trong land_revenue.csv, không ghi ở đây",
                        "`land_revenue` is the districts' land-use revenue; give it in land_revenue.csv, not here"
                    ),
                ));
            }
            if id == crate::gap::TOPUP {
                return Err(row.error(
                    "source_id",
                    crate::text!(
                        "`topup` là mã `ntm gap` dùng cho số vốn bổ sung; hãy đổi mã nguồn vốn này",
                        "`topup` is the id `ntm gap` gives the additional money it finds; rename this source"
                    ),
                ));
            }
            if !source_index.contains_key(id) {
                source_index.insert(id.to_string(), SourceId(sources.len()));
                sources.push(Source {
                    id: id.to_string(),
                    name: row.text("name")?.to_string(),
                    eligible: vec![false; criteria.len()],
                });
                source_lines.push((id.to_string(), row.location("source_id")));
            }
        }
        let has_land_revenue = data.has(columns::LAND_REVENUE)?;
        if has_land_revenue {
            sources.push(Source {
                id: LAND_REVENUE.to_string(),
                name: "Land-use revenue".to_string(),
                eligible: vec![false; criteria.len()],
            });
        }

        let mut pools = read_source_pools(
            &source_table,
            scenario,
            &source_index,
            &district_index,
            &mut warnings,
        )?;
        if has_land_revenue {
            let land_source = SourceId(sources.len() - 1);
            pools.extend(read_land_revenue(
                &data,
                scenario,
                reading,
                land_source,
                &district_index,
                &mut warnings,
            )?);
        }
        let projects = crate::projects::read_projects(
            &data,
            scenario,
            reading,
            &sources,
            &district_index,
            &mut pools,
            &mut warnings,
            scenario.projects.allow_pause,
        )?;
        pools.sort_by_key(|p| (p.year, p.source, p.district, p.only_especially_difficult));

        read_eligibility(
            &data,
            reading,
            &mut sources,
            &criterion_index,
            has_land_revenue,
        )?;
        for (i, (id, location)) in source_lines.iter().enumerate() {
            let source = &sources[i];
            if !source.eligible.iter().any(|e| *e) {
                let (vi, en) = (location.show(Lang::Vi), location.show(Lang::En));
                warnings.push(crate::text!(
                    "{vi}: nguồn vốn `{id}` không có dòng nào trong eligibility.csv nên không chi cho tiêu chí nào",
                    "{en}: source `{id}` has no row in eligibility.csv, so it pays for nothing"
                ));
            }
        }

        let instance = Instance {
            criteria,
            districts: attach_communes(districts, &communes),
            communes,
            gaps,
            sources,
            pools,
            years: scenario.years.clone(),
            commune_criteria,
            advanced_criteria,
            village_criteria,
            villages,
            warnings,
            projects,
        };
        instance.check_scenario(scenario)?;
        Ok(instance)
    }
}

fn attach_communes(mut districts: Vec<District>, communes: &[Commune]) -> Vec<District> {
    for (i, commune) in communes.iter().enumerate() {
        districts[commune.district.0].communes.push(CommuneId(i));
    }
    districts
}

fn read_criteria(data: &Data, reading: Reading) -> Result<Vec<Criterion>, InputError> {
    if !data.has(columns::CRITERIA)? {
        return Ok(DECISION_318
            .iter()
            .map(|(id, vi, en)| Criterion {
                id: id.to_string(),
                name_vi: vi.to_string(),
                name_en: en.to_string(),
            })
            .collect());
    }
    let table = data.table(
        columns::CRITERIA,
        &columns::CRITERIA.schema(),
        reading,
        false,
    )?;
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in table.rows() {
        let id = row.text("criterion")?;
        if id == "*" {
            return Err(row.error(
                "criterion",
                crate::text!(
                    "`*` dành cho \"mọi tiêu chí\" trong eligibility.csv",
                    "`*` is reserved for \"all criteria\" in eligibility.csv"
                ),
            ));
        }
        if seen.insert(id.to_string(), row.line()).is_some() {
            return Err(row.error(
                "criterion",
                crate::text!("tiêu chí `{id}` bị trùng", "duplicate criterion `{id}`"),
            ));
        }
        criteria.push(Criterion {
            id: id.to_string(),
            name_vi: row.text("name_vi")?.to_string(),
            name_en: row.text("name_en")?.to_string(),
        });
    }
    Ok(criteria)
}

/// The range of a commune's weight: its priority relative to the others.
/// Outside it the weighted objective could not be solved exactly.
const WEIGHT_RANGE: (f64, f64) = (0.001, 1000.0);

fn read_communes(
    data: &Data,
    reading: Reading,
) -> Result<(Vec<District>, Vec<Commune>), InputError> {
    let table = data.table(
        columns::COMMUNES,
        &columns::COMMUNES.schema(),
        reading,
        false,
    )?;
    let mut districts: Vec<District> = Vec::new();
    let mut communes: Vec<Commune> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut district_ids: HashMap<String, DistrictId> = HashMap::new();
    for row in table.rows() {
        let id = row.text("commune_id")?;
        if ids.insert(id.to_string(), row.line()).is_some() {
            return Err(row.error(
                "commune_id",
                crate::text!("mã xã `{id}` bị trùng", "duplicate commune id `{id}`"),
            ));
        }
        let district_name = row.text("district")?;
        let district = match district_ids.get(district_name) {
            Some(d) => *d,
            None => {
                districts.push(District {
                    name: district_name.to_string(),
                    communes: Vec::new(),
                });
                let d = DistrictId(districts.len() - 1);
                district_ids.insert(district_name.to_string(), d);
                d
            }
        };
        communes.push(Commune {
            id: id.to_string(),
            name: row.text("commune")?.to_string(),
            district,
            especially_difficult: row.flag("especially_difficult", false)?,
            weight: row.number_in("weight", 1.0, WEIGHT_RANGE)?,
            gaps: Vec::new(),
            advanced: Vec::new(),
        });
    }
    Ok((districts, communes))
}

/// The most the amounts of one table may add up to, in million VND after
/// the scenario's what-if factor: far above any province's programme, and
/// low enough that no sum of money in đồng anywhere in the crate can
/// overflow.
const MAX_TABLE_TOTAL_MILLIONS: f64 = 1e12;

/// Add a row's amount, scaled by `factor`, to its table's running total and
/// refuse the row that takes the total past the cap.
pub(crate) fn add_to_total(
    total: &mut f64,
    amount: Money,
    factor: f64,
    row: &Row,
    column: &str,
) -> Result<(), InputError> {
    *total += amount.millions() * factor;
    if *total > MAX_TABLE_TOTAL_MILLIONS {
        return Err(row.error(
            column,
            crate::text!(
                "với dòng này, tổng của bảng vượt 1.000.000.000.000 triệu đồng (sau hệ số \
                 adjust của kịch bản); số tiền tính bằng triệu đồng",
                "with this row the table adds up to more than 1,000,000,000,000 million VND \
                 (after the scenario's adjust factor); amounts are in million VND"
            ),
        ));
    }
    Ok(())
}

/// Whether a row's year is planned; a row of another year is ignored with a
/// warning, since a table may well hold more years than one scenario plans.
fn in_planning_years(row: &Row, year: i32, scenario: &Scenario, warnings: &mut Vec<Text>) -> bool {
    let planned = scenario.years.contains(&year);
    if !planned {
        let at = row.location("year");
        let (vi, en) = (at.show(Lang::Vi), at.show(Lang::En));
        warnings.push(crate::text!(
            "{vi}: năm {year} không phải năm kế hoạch; dòng này được bỏ qua",
            "{en}: year {year} is not a planning year; this row is ignored"
        ));
    }
    planned
}

/// The district a cell names.
fn district_in(row: &Row, column: &str, districts: &Catalogue) -> Result<DistrictId, InputError> {
    let name = row.text(column)?;
    districts
        .resolve(name)
        .map(DistrictId)
        .map_err(|_| row.error(column, districts.error_text(name)))
}

pub(crate) fn year_in(row: &Row, column: &str) -> Result<i32, InputError> {
    let year = row.integer(column)?;
    i32::try_from(year)
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| {
            row.error(
                column,
                crate::text!(
                    "{year} không phải là năm hợp lý",
                    "{year} is not a plausible year"
                ),
            )
        })
}

/// The commune and criterion a row of `gaps.csv` or `at_risk.csv` names
/// (by id or by name, see [`crate::names`]), with the texts as written.
fn commune_and_criterion<'r>(
    row: &'r Row,
    communes: &Catalogue,
    criteria: &Catalogue,
) -> Result<(&'r str, CommuneId, &'r str, CriterionId), InputError> {
    let commune_id = row.text("commune_id")?;
    let commune = communes
        .resolve(commune_id)
        .map(CommuneId)
        .map_err(|_| row.error("commune_id", communes.error_text(commune_id)))?;
    let criterion_id = row.text("criterion")?;
    let criterion = criteria
        .resolve(criterion_id)
        .map(CriterionId)
        .map_err(|_| row.error("criterion", criteria.error_text(criterion_id)))?;
    Ok((commune_id, commune, criterion_id, criterion))
}

fn read_gaps(
    data: &Data,
    scenario: &Scenario,
    reading: Reading,
    communes: &Catalogue,
    criteria: &Catalogue,
    warnings: &mut Vec<Text>,
) -> Result<Vec<Gap>, InputError> {
    // No rows: nothing to fund.
    let table = data.table(columns::GAPS, &columns::GAPS.schema(), reading, true)?;
    let first_year = scenario.years[0];
    let mut total = 0.0;
    let mut seen: HashMap<(CommuneId, CriterionId), usize> = HashMap::new();
    let mut gaps = Vec::new();
    for row in table.rows() {
        let (commune_id, commune, criterion_id, criterion) =
            commune_and_criterion(&row, communes, criteria)?;
        if let Some(line) = seen.insert((commune, criterion), row.line()) {
            return Err(row.error(
                "criterion",
                crate::text!(
                    "tiêu chí chưa đạt bị trùng: `{commune_id}` / `{criterion_id}` đã có ở dòng {line}",
                    "duplicate gap: `{commune_id}` / `{criterion_id}` is already on line {line}"
                ),
            ));
        }
        let cost = row.money("cost", true)?;
        add_to_total(&mut total, cost, scenario.adjust.cost, &row, "cost")?;
        let earliest_year = match row.optional("earliest_year") {
            None => first_year,
            Some(_) => year_in(&row, "earliest_year")?,
        };
        if earliest_year > scenario.horizon() {
            let at = row.location("earliest_year");
            let (vi, en) = (at.show(Lang::Vi), at.show(Lang::En));
            warnings.push(crate::text!(
                "{vi}: earliest_year {earliest_year} sau năm kế hoạch cuối cùng nên không thể bố trí vốn cho tiêu chí này",
                "{en}: earliest_year {earliest_year} is after the last planning year, so this gap cannot be funded"
            ));
        }
        gaps.push(Gap {
            commune,
            criterion,
            cost,
            earliest_year,
            purpose: Purpose::New,
            village: None,
        });
    }
    Ok(gaps)
}

/// `at_risk.csv`: criteria met today that will be lost by the horizon
/// unless the listed maintenance is paid. Upkeep can be paid in any
/// planning year.
fn read_at_risk(
    data: &Data,
    scenario: &Scenario,
    reading: Reading,
    communes: &Catalogue,
    criteria: &Catalogue,
    gaps: &[Gap],
) -> Result<Vec<Gap>, InputError> {
    // No rows: nothing at risk.
    let table = data.table(columns::AT_RISK, &columns::AT_RISK.schema(), reading, true)?;
    let mut total = 0.0;
    let mut seen: HashMap<(CommuneId, CriterionId), usize> = HashMap::new();
    let mut at_risk = Vec::new();
    let new_gaps: std::collections::HashSet<(CommuneId, CriterionId)> =
        gaps.iter().map(|g| (g.commune, g.criterion)).collect();
    for row in table.rows() {
        let (commune_id, commune, criterion_id, criterion) =
            commune_and_criterion(&row, communes, criteria)?;
        if let Some(line) = seen.insert((commune, criterion), row.line()) {
            return Err(row.error(
                "criterion",
                crate::text!(
                    "dòng bị trùng: `{commune_id}` / `{criterion_id}` đã có nguy cơ ở dòng {line}",
                    "duplicate row: `{commune_id}` / `{criterion_id}` is already at risk on line {line}"
                ),
            ));
        }
        if new_gaps.contains(&(commune, criterion)) {
            return Err(row.error(
                "criterion",
                crate::text!(
                    "`{commune_id}` hiện chưa đạt `{criterion_id}` (đã có dòng trong gaps.csv); \
                     at_risk.csv chỉ ghi các tiêu chí xã đang đạt",
                    "`{commune_id}` does not meet `{criterion_id}` today (it has a row in gaps.csv); \
                     at_risk.csv lists criteria a commune meets today"
                ),
            ));
        }
        let cost = row.money("cost", true)?;
        add_to_total(&mut total, cost, scenario.adjust.cost, &row, "cost")?;
        at_risk.push(Gap {
            commune,
            criterion,
            cost,
            earliest_year: scenario.years[0],
            purpose: Purpose::Maintenance,
            village: None,
        });
    }
    Ok(at_risk)
}

fn read_source_pools(
    table: &Table,
    scenario: &Scenario,
    sources: &HashMap<String, SourceId>,
    districts: &Catalogue,
    warnings: &mut Vec<Text>,
) -> Result<Vec<Pool>, InputError> {
    // Within one source and year the rows must cover disjoint communes, so
    // that every payment in a plan draws on exactly one budget line: at most
    // one row per district, and a province-wide row stands alone.
    type Scopes = BTreeMap<(SourceId, i32), Vec<(Option<DistrictId>, usize)>>;
    let mut scopes: Scopes = BTreeMap::new();
    let mut total = 0.0;
    let mut pools = Vec::new();
    for row in table.rows() {
        let id = row.text("source_id")?;
        let source = sources[id];
        let year = year_in(&row, "year")?;
        let amount = row.money("amount", false)?;
        add_to_total(
            &mut total,
            amount,
            scenario.adjust.source_factor(id),
            &row,
            "amount",
        )?;
        let district = match row.optional("district") {
            None => None,
            Some(_) => Some(district_in(&row, "district", districts)?),
        };
        let only_especially_difficult = row.flag("only_especially_difficult", false)?;
        let lines = scopes.entry((source, year)).or_default();
        if let Some((_, line)) = lines
            .iter()
            .find(|(d, _)| d.is_none() || district.is_none() || *d == district)
        {
            return Err(row.error(
                if district.is_some() { "district" } else { "source_id" },
                crate::text!(
                    "nguồn vốn `{id}` đã có dòng năm {year} áp dụng cho các xã này (dòng {line}); \
                     các dòng của một nguồn vốn trong một năm không được chồng nhau, để mỗi khoản chi \
                     thuộc đúng một dòng ngân sách (phần chỉ dành cho xã đặc biệt khó khăn cần mã riêng)",
                    "source `{id}` already has a row for {year} that covers these communes (line {line}); \
                     rows of one source and year must not overlap, so that a payment names one budget line \
                     (give an especially-difficult-only part its own source id)"
                ),
            ));
        }
        lines.push((district, row.line()));
        if !in_planning_years(&row, year, scenario, warnings) {
            continue;
        }
        pools.push(Pool {
            source,
            year,
            district,
            only_especially_difficult,
            amount,
            kind: PoolKind::Programme,
            row: row.line(),
        });
    }
    Ok(pools)
}

fn read_land_revenue(
    data: &Data,
    scenario: &Scenario,
    reading: Reading,
    source: SourceId,
    districts: &Catalogue,
    warnings: &mut Vec<Text>,
) -> Result<Vec<Pool>, InputError> {
    let table = data.table(
        columns::LAND_REVENUE,
        &columns::LAND_REVENUE.schema(),
        reading,
        false,
    )?;
    let mut seen: HashMap<(DistrictId, i32), usize> = HashMap::new();
    let mut total = 0.0;
    let mut pools = Vec::new();
    for row in table.rows() {
        let name = row.text("district")?;
        let district = district_in(&row, "district", districts)?;
        let year = year_in(&row, "year")?;
        if let Some(line) = seen.insert((district, year), row.line()) {
            return Err(row.error(
                "year",
                crate::text!(
                    "dòng bị trùng: `{name}` {year} đã có ở dòng {line}",
                    "duplicate row: `{name}` {year} is already on line {line}"
                ),
            ));
        }
        let amount = row.money("revenue", false)?;
        add_to_total(
            &mut total,
            amount,
            scenario.adjust.land_revenue,
            &row,
            "revenue",
        )?;
        if !in_planning_years(&row, year, scenario, warnings) {
            continue;
        }
        pools.push(Pool {
            source,
            year,
            district: Some(district),
            only_especially_difficult: false,
            amount,
            kind: PoolKind::LandRevenue,
            row: row.line(),
        });
    }
    Ok(pools)
}

fn read_eligibility(
    data: &Data,
    reading: Reading,
    sources: &mut [Source],
    criteria: &Catalogue,
    has_land_revenue: bool,
) -> Result<(), InputError> {
    let table = data.table(
        columns::ELIGIBILITY,
        &columns::ELIGIBILITY.schema(),
        reading,
        false,
    )?;
    let index = Catalogue::sources(sources, reading.lang);
    // By what the cells mean, not how they are written: `transport` and
    // `Giao thông` twice for one source is a duplicate too.
    let mut seen: HashMap<(usize, Option<usize>), usize> = HashMap::new();
    for row in table.rows() {
        let id = row.text("source_id")?;
        if id == LAND_REVENUE && !has_land_revenue {
            return Err(row.error(
                "source_id",
                crate::text!(
                    "không có nguồn vốn `{id}` (không có land_revenue.csv)",
                    "unknown source `{id}` (there is no land_revenue.csv)"
                ),
            ));
        }
        let s = index
            .resolve(id)
            .map_err(|_| row.error("source_id", index.error_text(id)))?;
        let criterion = row.text("criterion")?;
        let k = if criterion == "*" {
            None
        } else {
            Some(
                criteria
                    .resolve(criterion)
                    .map_err(|_| row.error("criterion", criteria.error_text(criterion)))?,
            )
        };
        if let Some(line) = seen.insert((s, k), row.line()) {
            return Err(row.error(
                "criterion",
                crate::text!(
                    "dòng bị trùng: `{id}` / `{criterion}` đã có ở dòng {line}",
                    "duplicate row: `{id}` / `{criterion}` is already on line {line}"
                ),
            ));
        }
        let source = &mut sources[s];
        match k {
            None => source.eligible.iter_mut().for_each(|e| *e = true),
            Some(k) => source.eligible[k] = true,
        }
    }
    Ok(())
}

/// `advanced_criteria.csv`, or the built-in advanced catalogue: ids and
/// names distinct from the commune criteria's, so that a name in
/// `eligibility.csv` means one criterion.
fn read_advanced_criteria(
    data: &Data,
    reading: Reading,
    criteria: &[Criterion],
) -> Result<Vec<Criterion>, InputError> {
    if !data.has(columns::ADVANCED_CRITERIA)? {
        return Ok(ADVANCED_318
            .iter()
            .map(|(id, vi, en)| Criterion {
                id: id.to_string(),
                name_vi: vi.to_string(),
                name_en: en.to_string(),
            })
            .collect());
    }
    read_extra_catalogue(
        data,
        reading,
        criteria,
        &ExtraCatalogue {
            table: columns::ADVANCED_CRITERIA,
            duplicate: |id, line| {
                crate::text!(
                    "tiêu chí nâng cao `{id}` bị trùng (đã có ở dòng {line})",
                    "duplicate advanced criterion `{id}` (already on line {line})"
                )
            },
            clash: |text, commune_id| {
                crate::text!(
                    "`{text}` đã là tiêu chí xã `{commune_id}`; tiêu chí nâng cao cần mã và tên riêng",
                    "`{text}` is already the commune criterion `{commune_id}`; an advanced criterion needs an id and names of its own"
                )
            },
        },
    )
}

/// A catalogue read beside the commune criteria (the advanced criteria,
/// the village criteria), with what it says of a duplicate id and of an id
/// or name that another criterion already has.
pub(crate) struct ExtraCatalogue {
    pub table: columns::TableName,
    /// The message for an id already on `line`.
    pub duplicate: fn(&str, usize) -> Text,
    /// The message for a text that names the criterion with this id.
    pub clash: fn(&str, &str) -> Text,
}

/// The rows of `what.table` (`criterion,name_vi,name_en`): ids and names
/// distinct from each other and from `existing`, so that a name in
/// `eligibility.csv` means one criterion; `*` is eligibility's.
pub(crate) fn read_extra_catalogue(
    data: &Data,
    reading: Reading,
    existing: &[Criterion],
    what: &ExtraCatalogue,
) -> Result<Vec<Criterion>, InputError> {
    let table = data.table(what.table, &what.table.schema(), reading, false)?;
    let known = Catalogue::criteria(existing, reading.lang);
    let mut catalogue: Vec<Criterion> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in table.rows() {
        let id = row.text("criterion")?;
        if id == "*" {
            return Err(row.error(
                "criterion",
                crate::text!(
                    "`*` dành cho \"mọi tiêu chí\" trong eligibility.csv",
                    "`*` is reserved for \"all criteria\" in eligibility.csv"
                ),
            ));
        }
        if let Some(line) = seen.insert(id.to_string(), row.line()) {
            return Err(row.error("criterion", (what.duplicate)(id, line)));
        }
        let name_vi = row.text("name_vi")?;
        let name_en = row.text("name_en")?;
        for (column, text) in [
            ("criterion", id),
            ("name_vi", name_vi),
            ("name_en", name_en),
        ] {
            if let Some(k) = known.find(text) {
                return Err(row.error(column, (what.clash)(text, &existing[k].id)));
            }
        }
        catalogue.push(Criterion {
            id: id.to_string(),
            name_vi: name_vi.to_string(),
            name_en: name_en.to_string(),
        });
    }
    Ok(catalogue)
}

/// `advanced_gaps.csv`: the advanced-level criteria each assessed commune
/// lacks, with their cost; the same rules as `gaps.csv`, against the
/// advanced catalogue (indices from `offset` in `Instance::criteria`).
#[allow(clippy::too_many_arguments)]
fn read_advanced_gaps(
    data: &Data,
    scenario: &Scenario,
    reading: Reading,
    communes: &Catalogue,
    commune_criteria: &Catalogue,
    advanced: &Catalogue,
    offset: usize,
    warnings: &mut Vec<Text>,
) -> Result<Vec<Gap>, InputError> {
    let table = data.table(
        columns::ADVANCED_GAPS,
        &columns::ADVANCED_GAPS.schema(),
        reading,
        true,
    )?;
    let first_year = scenario.years[0];
    let mut total = 0.0;
    let mut seen: HashMap<(CommuneId, usize), usize> = HashMap::new();
    let mut gaps = Vec::new();
    for row in table.rows() {
        let commune_id = row.text("commune_id")?;
        let commune = communes
            .resolve(commune_id)
            .map(CommuneId)
            .map_err(|_| row.error("commune_id", communes.error_text(commune_id)))?;
        let criterion_id = row.text("criterion")?;
        let criterion = match advanced.resolve(criterion_id) {
            Ok(k) => k,
            Err(_) if commune_criteria.resolve(criterion_id).is_ok() => {
                return Err(row.error(
                    "criterion",
                    crate::text!(
                        "`{criterion_id}` là tiêu chí xã, không phải tiêu chí nâng cao; \
                         tiêu chí xã chưa đạt ghi trong gaps.csv",
                        "`{criterion_id}` is a commune criterion, not an advanced one; \
                         commune criteria not met go in gaps.csv"
                    ),
                ));
            }
            Err(_) => return Err(row.error("criterion", advanced.error_text(criterion_id))),
        };
        if let Some(line) = seen.insert((commune, criterion), row.line()) {
            return Err(row.error(
                "criterion",
                crate::text!(
                    "tiêu chí nâng cao chưa đạt bị trùng: `{commune_id}` / `{criterion_id}` đã có ở dòng {line}",
                    "duplicate advanced gap: `{commune_id}` / `{criterion_id}` is already on line {line}"
                ),
            ));
        }
        let cost = row.money("cost", true)?;
        add_to_total(&mut total, cost, scenario.adjust.cost, &row, "cost")?;
        let earliest_year = match row.optional("earliest_year") {
            None => first_year,
            Some(_) => year_in(&row, "earliest_year")?,
        };
        if earliest_year > scenario.horizon() {
            let at = row.location("earliest_year");
            let (vi, en) = (at.show(Lang::Vi), at.show(Lang::En));
            warnings.push(crate::text!(
                "{vi}: earliest_year {earliest_year} sau năm kế hoạch cuối cùng nên không thể bố trí vốn cho tiêu chí này",
                "{en}: earliest_year {earliest_year} is after the last planning year, so this gap cannot be funded"
            ));
        }
        gaps.push(Gap {
            commune,
            criterion: CriterionId(offset + criterion),
            cost,
            earliest_year,
            purpose: Purpose::Advanced,
            village: None,
        });
    }
    Ok(gaps)
}
